//! Compose-time checks between an event source and the function wired into it.
//!
//! An object input that takes a Lambda function's name (an SQS consumer) may also state what it
//! assumes about that function: `function_timeout_seconds` (its visibility-timeout rule reads it)
//! and `maximum_concurrency` (how many executions it drives). When the name is wired to a function
//! of the same stack, both are compared with that function's real settings: its timeout (the input
//! governing `timeout`) and its `reserved_concurrent_executions` beside it. Lambda refuses an event
//! source whose queue hides messages for less than the function's timeout, and an SQS event source
//! that drives more executions than the function reserves has its throttled batches counted as
//! failed receives, sending healthy messages to the dead-letter queue.

use paved_blueprint::{Definition, Field, Governed, Kind, Shape, ValueKind, kinds};
use serde_json::Value;

/// The consumer's statement of the function's timeout.
const TIMEOUT_INPUT: &str = "function_timeout_seconds";
/// The consumer's limit on the executions it drives.
const CONCURRENCY_INPUT: &str = "maximum_concurrency";
/// The function's reservation, beside the input governing its timeout.
const RESERVATION_INPUT: &str = "reserved_concurrent_executions";

/// A problem: the input path (from the instance's inputs), the message and how to fix it.
pub(crate) struct Mismatch {
    pub(crate) segments: Vec<String>,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// The value of input `name` of the object `value` whose inputs are `fields`, its default when
/// absent: what [`paved_blueprint::with_defaults`] would fill in, read without copying `value`.
fn filled<'v>(fields: &'v [Field], value: &'v Value, name: &str) -> Option<&'v Value> {
    let entries = value.as_object()?;
    entries.get(name).or_else(|| fields.iter().find(|field| field.name == name)?.default.as_ref())
}

/// The timeout and reservation of the function a `definition`'s instance creates: the input
/// governing `timeout` and the reservation beside it (defaults filled in).
fn function_settings(definition: &Definition, inputs: &Value) -> Option<(i64, i64)> {
    fn find<'v>(fields: &'v [Field], value: &'v Value) -> Option<(&'v [Field], &'v Value, &'v Value)> {
        for field in fields {
            if field.governs.as_ref() == Some(&Governed::TIMEOUT) {
                return Some((fields, value, filled(fields, value, &field.name)?));
            }
            if let Shape::Object(inner) = &field.node.shape
                && let Some(found) = filled(fields, value, &field.name).and_then(|item| find(inner, item))
            {
                return Some(found);
            }
        }
        None
    }
    let (fields, settings, timeout) = find(&definition.inputs, inputs)?;
    Some((timeout.as_i64()?, filled(fields, settings, RESERVATION_INPUT).and_then(Value::as_i64).unwrap_or(-1)))
}

/// Compares the object holding the reference at `segments` in `inputs` (an instance of
/// `definition`) with the function `target` (an instance of `target_definition`, whose inputs are
/// `target_inputs`, already found valid) that it names.
pub(crate) fn check(
    definition: &Definition,
    inputs: &Value,
    segments: &[String],
    accepted: &[ValueKind],
    target: (&str, &Definition, &Value),
) -> Vec<Mismatch> {
    let (target_name, target_definition, target_inputs) = target;
    if accepted != [kinds::FunctionName::KIND] || segments.len() < 2 {
        return Vec::new();
    }
    let parent = &segments[..segments.len() - 1];
    let Some(object_field) = parent
        .iter()
        .try_fold(None::<&Field>, |current, segment| {
            let fields = match current {
                None => definition.inputs.as_slice(),
                Some(Field { node, .. }) => match &node.shape {
                    Shape::Object(inner) => inner.as_slice(),
                    _ => return None,
                },
            };
            fields.iter().find(|field| &field.name == segment).map(Some)
        })
        .flatten()
    else {
        return Vec::new();
    };
    let Shape::Object(fields) = &object_field.node.shape else { return Vec::new() };
    let Some((timeout, reserved)) = function_settings(target_definition, target_inputs) else { return Vec::new() };
    let object = parent.iter().try_fold(inputs, |value, segment| value.get(segment));
    let Some(object) = object else { return Vec::new() };
    let shown = parent.join(".");
    let at = |name: &str| [parent, &[name.to_owned()]].concat();
    let mut mismatches = Vec::new();
    if fields.iter().any(|field| field.name == TIMEOUT_INPUT)
        && let Some(stated) = filled(fields, object, TIMEOUT_INPUT).and_then(Value::as_i64)
        && stated != timeout
    {
        mismatches.push(Mismatch {
            segments: at(TIMEOUT_INPUT),
            message: format!(
                "input `{shown}.{TIMEOUT_INPUT}` = `{stated}` is not the timeout of `{target_name}` ({timeout} s)"
            ),
            help: format!("set it to {timeout}: the queue's visibility timeout must cover the function's real timeout"),
        });
    }
    if fields.iter().any(|field| field.name == CONCURRENCY_INPUT) && reserved >= 0 {
        let limit = filled(fields, object, CONCURRENCY_INPUT).and_then(Value::as_i64);
        let problem = match limit {
            None => Some("is not set".to_owned()),
            Some(limit) if limit > reserved => Some(format!("= `{limit}` is more than")),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            let fix = if reserved >= 2 {
                format!("set it to at most {reserved}")
            } else {
                format!("reserve at least 2 executions for `{target_name}`, the least an SQS event source drives")
            };
            mismatches.push(Mismatch {
                segments: at(CONCURRENCY_INPUT),
                message: match limit {
                    None => format!(
                        "input `{shown}.{CONCURRENCY_INPUT}` {problem}, while `{target_name}` reserves {reserved} concurrent executions"
                    ),
                    Some(_) => format!(
                        "input `{shown}.{CONCURRENCY_INPUT}` {problem} the {reserved} concurrent executions `{target_name}` reserves"
                    ),
                },
                help: format!(
                    "{fix}: batches the function is throttled on return to the queue and count toward its maximum receives"
                ),
            });
        }
    }
    mismatches
}
