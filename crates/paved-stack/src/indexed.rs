//! Compose-time checks of a reference against the shape of the output it names.
//!
//! A reference to one value (`queue.queue_arn`, or `bus.rule_arns.orders` for the value at key
//! `orders` of a map output) goes where the input takes one value; a reference to a whole map or
//! list output goes only where the input takes a map or list. A key is checked against the keys
//! the stack itself gives the referenced instance: those of the input the output is keyed like
//! (`keys from` in `outputs!`), in the environment being checked. Keys Terraform computes cannot
//! be checked, so such outputs are wired whole, never indexed. The kind of the values is compared
//! afterwards, as for any reference.

use crate::compose::backticked;
use paved_blueprint::{Definition, KeySource, Output, OutputShape, ReferenceTarget, Shape, TypeNode, closest};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the position holding a reference takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    One,
    Map,
    List,
}

impl Expected {
    pub(crate) fn of(node: &TypeNode) -> Self {
        match node.shape {
            Shape::Map(_) => Expected::Map,
            Shape::List(_) => Expected::List,
            _ => Expected::One,
        }
    }

    fn describe(self, kind: &str) -> String {
        match self {
            Expected::One => format!("one value of kind `{kind}`"),
            Expected::Map => format!("a map of `{kind}`"),
            Expected::List => format!("a list of `{kind}`"),
        }
    }
}

/// Why a reference does not fit the output it names: the end of the sentence that starts with
/// the reference, and how to fix it.
pub(crate) struct Refusal {
    pub(crate) message: String,
    pub(crate) help: String,
}

/// The referenced instance: its name, its blueprint, and its inputs in each environment.
pub(crate) struct Referenced<'r> {
    pub(crate) name: &'r str,
    pub(crate) definition: &'r Definition,
    pub(crate) inputs: &'r BTreeMap<String, Value>,
}

/// Checks `target` (naming `output` of `referenced`) at a position that takes `expected`, in
/// `environment`.
pub(crate) fn check(
    target: &ReferenceTarget,
    expected: Expected,
    output: &Output,
    referenced: &Referenced<'_>,
    environment: &str,
) -> Result<(), Refusal> {
    let whole = target.whole().to_string();
    let kind = output.kind.as_str();
    let Some(key) = target.key() else {
        let given = match output.shape {
            OutputShape::Single => Expected::One,
            OutputShape::Map(_) => Expected::Map,
            OutputShape::List(_) => Expected::List,
        };
        if given == expected {
            return Ok(());
        }
        let help = match (output.shape, expected) {
            (OutputShape::Single, _) => format!("wire an output that is {}", expected.describe(kind)),
            (_, Expected::One) => match known_keys(output, referenced, environment) {
                Some(keys) if !keys.is_empty() => format!(
                    "refer to one of its values, such as `{whole}.{}` (its keys are {})",
                    keys[0],
                    backticked(keys.iter().map(String::as_str))
                ),
                _ => format!("refer to one of its values as `{whole}.<key>`"),
            },
            _ => format!("wire it into an input that takes {}", given.describe(kind)),
        };
        return Err(Refusal {
            message: format!("which is {}, but the input takes {}", given.describe(kind), expected.describe(kind)),
            help,
        });
    };
    let keys = match output.shape {
        OutputShape::Single => {
            return Err(Refusal {
                message: format!(
                    "but `{whole}` is one value of kind `{kind}`, not a map or list, so it has no key `{key}`"
                ),
                help: format!("refer to `{whole}` without a key"),
            });
        }
        OutputShape::Map(KeySource::Computed) | OutputShape::List(KeySource::Computed) => {
            return Err(Refusal {
                message: format!(
                    "but the keys of `{whole}` are known only when Terraform applies, so composition cannot check `{key}`"
                ),
                help: format!(
                    "wire the whole output into an input that takes {}",
                    if matches!(output.shape, OutputShape::Map(_)) { "a map" } else { "a list" }
                ),
            });
        }
        OutputShape::Map(KeySource::Input(input)) | OutputShape::List(KeySource::Input(input)) => input,
    };
    if expected != Expected::One {
        return Err(Refusal {
            message: format!("one value of kind `{kind}`, but the input takes {}", expected.describe(kind)),
            help: format!("wire the whole output, `{whole}`, or an output that is {}", expected.describe(kind)),
        });
    }
    let Some(available) = known_keys(output, referenced, environment) else {
        return Err(Refusal {
            message: format!(
                "but the keys of `{whole}` are those of `{}`'s input `{keys}`, which is not written as a literal {}",
                referenced.name,
                if matches!(output.shape, OutputShape::Map(_)) { "map" } else { "list" }
            ),
            help: format!("write `{}`'s input `{keys}` itself, or wire the whole output", referenced.name),
        });
    };
    if available.iter().any(|known| known == key) {
        return Ok(());
    }
    let in_environment =
        if keys_vary(output, referenced) { format!(" in environment `{environment}`") } else { String::new() };
    let is_map = matches!(output.shape, OutputShape::Map(_));
    let what = if is_map { "key" } else { "item" };
    let help = match available.len() {
        0 => format!("`{}` sets no {what}s in its input `{keys}`{in_environment}", referenced.name),
        _ if is_map => {
            let listed = format!("the keys of `{whole}` are {}", backticked(available.iter().map(String::as_str)));
            match closest(key, available.iter().map(String::as_str)) {
                Some(close) => format!("did you mean `{whole}.{close}`? {listed}"),
                None => listed,
            }
        }
        1 => format!("`{whole}` has 1 item: index it with `{whole}.0`"),
        count => format!("`{whole}` has {count} items: index them with `{whole}.0` to `{whole}.{}`", count - 1),
    };
    Err(Refusal {
        message: format!(
            "but `{whole}` has no {what} `{key}`: its {what}s are those of `{}`'s input `{keys}`{in_environment}",
            referenced.name
        ),
        help,
    })
}

/// Checks that `output` of `referenced` has a value in `environment`: an output present only when
/// an input is set (`when … is set` in `outputs!`, such as a table's stream ARN) is refused from
/// an instance that leaves that input null, where the module would return null.
pub(crate) fn check_present(
    target: &ReferenceTarget,
    output: &Output,
    referenced: &Referenced<'_>,
    environment: &str,
) -> Result<(), Refusal> {
    let Some(input) = output.present_when else { return Ok(()) };
    let Some(inputs) = referenced.inputs.get(environment) else { return Ok(()) };
    if paved_blueprint::output_present(referenced.definition, output, inputs) {
        return Ok(());
    }
    let absent_elsewhere = referenced
        .inputs
        .values()
        .all(|inputs| !paved_blueprint::output_present(referenced.definition, output, inputs));
    let in_environment = if absent_elsewhere { String::new() } else { format!(" in environment `{environment}`") };
    let accepted = referenced
        .definition
        .inputs
        .iter()
        .find(|field| field.name == input)
        .and_then(|field| {
            field.node.constraints.iter().find_map(|constraint| match constraint {
                paved_blueprint::Constraint::OneOf { values } => Some(
                    values
                        .iter()
                        .map(|value| format!("`{}`", paved_blueprint::display_value(value)))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
        })
        .map(|values| format!(" (one of {})", values.join(", ")))
        .unwrap_or_default();
    Err(Refusal {
        message: format!(
            "but `{}` has a value only when `{}` sets its input `{input}`, which it leaves null{in_environment}",
            target.whole(),
            referenced.name
        ),
        help: format!("set the input `{input}` of instance `{}`{accepted}, or wire another output", referenced.name),
    })
}

/// The keys (or positions) `referenced` gives `output` in `environment`, sorted; `None` when the
/// output's keys are computed or its key input is not a literal map (list).
fn known_keys(output: &Output, referenced: &Referenced<'_>, environment: &str) -> Option<Vec<String>> {
    let inputs = referenced.inputs.get(environment)?;
    keys_in(output, referenced.definition, inputs)
}

fn keys_in(output: &Output, definition: &Definition, inputs: &Value) -> Option<Vec<String>> {
    let Some(KeySource::Input(name)) = output.shape.keys() else { return None };
    let default = || definition.inputs.iter().find(|field| field.name == name)?.default.as_ref();
    let value = inputs.get(name).or_else(default)?;
    if paved_blueprint::reference_target(value).is_some() {
        return None;
    }
    match (output.shape, value) {
        (OutputShape::Map(_), Value::Object(entries)) => {
            let mut keys: Vec<String> = entries.keys().cloned().collect();
            keys.sort_unstable();
            Some(keys)
        }
        (OutputShape::List(_), Value::Array(items)) => {
            Some((0..items.len()).map(|position| position.to_string()).collect())
        }
        _ => None,
    }
}

/// Whether the keys of `output` differ between the environments.
fn keys_vary(output: &Output, referenced: &Referenced<'_>) -> bool {
    let keys: BTreeSet<Option<Vec<String>>> =
        referenced.inputs.values().map(|inputs| keys_in(output, referenced.definition, inputs)).collect();
    keys.len() > 1
}
