//! Validation of input values against a derived interface.

use crate::Rule;
use crate::interface::{Constraint, Field, Shape, TypeNode, display_value};
use crate::path::InputPath;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, Mutex};

/// One reason an input value is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.render())]
pub struct InputError {
    /// The dotted path of the input, such as `consumer.batch_size` or `environment_variables["A B"]`.
    pub path: String,
    /// The same path as keys and list indices, for locating the value in a source file.
    pub segments: Vec<String>,
    /// The offending value, when there is one.
    pub value: Option<Value>,
    /// What is wrong, as a sentence fragment.
    pub problem: String,
    /// How to fix it, when more can be said than the rule.
    pub help: Option<String>,
}

impl InputError {
    /// The error about the input at `at` (`resources["orders"]`), with no value shown:
    /// `problem` is a sentence fragment (`is not valid JSON: …`), `help` how to fix it.
    ///
    /// ```
    /// use paved_blueprint::{InputError, InputPath};
    /// let error = InputError::at(&InputPath::root().field("resources").key("orders"), "is not used", None);
    /// assert_eq!(error.to_string(), r#"input `resources["orders"]` is not used"#);
    /// assert_eq!(error.segments, ["resources", "orders"]);
    /// ```
    pub fn at(at: &InputPath, problem: impl Into<String>, help: Option<String>) -> Self {
        error_at(at, None, problem, help)
    }

    fn render(&self) -> String {
        let mut text = match &self.value {
            Some(value) => format!("input `{}` = `{}` {}", self.path, compact(value), self.problem),
            None => format!("input `{}` {}", self.path, self.problem),
        };
        if let Some(help) = &self.help {
            text.push_str("; ");
            text.push_str(help);
        }
        text
    }
}

fn compact(value: &Value) -> String {
    let text = display_value(value);
    if text.chars().count() > 80 { format!("{}…", text.chars().take(80).collect::<String>()) } else { text }
}

/// Every reason a set of inputs is refused, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                formatter.write_str("\n")?;
            }
            write!(formatter, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Checks `value` (a JSON object of inputs) against `fields`, collecting every problem.
pub fn validate(fields: &[Field], value: &Value) -> Result<(), InputErrors> {
    validate_with_rules(fields, &[], value)
}

/// Checks `value` against `fields` and the `rules` stated across the top-level inputs.
pub fn validate_with_rules(fields: &[Field], rules: &[Rule], value: &Value) -> Result<(), InputErrors> {
    let mut errors = Vec::new();
    let at = InputPath::root();
    check_object(fields, value, &at, &mut errors);
    if value.is_object() {
        check_rules(rules, fields, value, &at, &mut errors);
    }
    if errors.is_empty() { Ok(()) } else { Err(InputErrors(errors)) }
}

/// Checks the rules of one object; an error points at the input each rule constrains.
fn check_rules(rules: &[Rule], fields: &[Field], value: &Value, at: &InputPath, errors: &mut Vec<InputError>) {
    for rule in rules {
        if !rule.holds(fields, value) {
            let subject = rule
                .subject()
                .map_or_else(|| at.clone(), |path| path.split('.').fold(at.clone(), |at, segment| at.field(segment)));
            errors.push(error_at(&subject, None, Constraint::Rule(rule.clone()).describe(), None));
        }
    }
}

/// The error about the value at `at`.
fn error_at(at: &InputPath, value: Option<Value>, problem: impl Into<String>, help: Option<String>) -> InputError {
    let path = if at.is_root() { "(inputs)".to_owned() } else { at.to_string() };
    InputError { path, segments: at.plain_segments(), value, problem: problem.into(), help }
}

fn check_object(fields: &[Field], value: &Value, at: &InputPath, errors: &mut Vec<InputError>) {
    let Some(entries) = value.as_object() else {
        errors.push(error_at(at, Some(value.clone()), "must be an object of named values", None));
        return;
    };
    for name in entries.keys() {
        if !fields.iter().any(|field| &field.name == name) {
            let suggestion = crate::closest(name, fields.iter().map(|field| field.name.as_str()));
            let help = match suggestion {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the accepted inputs are {}",
                    fields.iter().map(|field| format!("`{}`", field.name)).collect::<Vec<_>>().join(", ")
                ),
            };
            errors.push(error_at(&at.field(name), None, "is not an input of this blueprint", Some(help)));
        }
    }
    for field in fields {
        let field_at = at.field(&field.name);
        match entries.get(&field.name) {
            None if field.required => errors.push(error_at(
                &field_at,
                None,
                "is required but not set",
                Some(format!("add `{} = …`: {}", field.name, article(&field.description))),
            )),
            None => {}
            Some(item) => check_node(&field.node, item, &field_at, errors),
        }
    }
}

fn article(description: &str) -> String {
    let trimmed = description.trim_end_matches('.');
    let mut characters = trimmed.chars();
    match characters.next() {
        Some(first) => first.to_lowercase().chain(characters).collect(),
        None => "a value".to_owned(),
    }
}

fn check_node(node: &TypeNode, value: &Value, at: &InputPath, errors: &mut Vec<InputError>) {
    if node.wirable && reference_target(value).is_some() {
        // A reference's value is another instance's output; composition checks its kind.
        return;
    }
    if value.is_null() {
        if !node.nullable {
            errors.push(error_at(at, Some(Value::Null), "must not be null", None));
        }
        return;
    }
    let type_ok = match &node.shape {
        Shape::String => value.is_string(),
        Shape::Integer => value.is_i64() || value.is_u64(),
        Shape::Number => value.is_number(),
        Shape::Bool => value.is_boolean(),
        Shape::List(_) => value.is_array(),
        Shape::Map(_) | Shape::Object(_) => value.is_object(),
    };
    if !type_ok {
        let expected = match &node.shape {
            Shape::String => "a string",
            Shape::Integer => "a whole number",
            Shape::Number => "a number",
            Shape::Bool => "`true` or `false`",
            Shape::List(_) => "a list",
            Shape::Map(_) => "a map",
            Shape::Object(_) => "an object",
        };
        errors.push(error_at(at, Some(value.clone()), format!("must be {expected}"), None));
        return;
    }
    for constraint in &node.constraints {
        if let (Constraint::KeyPattern { regex, rule }, Value::Object(entries)) = (constraint, value) {
            // Name each bad key where it is written, not the whole map.
            for key in entries.keys().filter(|key| !matches(regex, key)) {
                let problem = match rule {
                    Some(rule) => format!("is not a well-formed key: {rule}"),
                    None => format!("is a key not matching `{regex}`"),
                };
                errors.push(error_at(&at.key(key), None, problem, None));
            }
            continue;
        }
        if !satisfies(constraint, value) {
            errors.push(error_at(at, Some(value.clone()), constraint.describe(), None));
        }
    }
    match (&node.shape, value) {
        (Shape::List(item), Value::Array(items)) => {
            for (index, entry) in items.iter().enumerate() {
                check_node(item, entry, &at.index(index), errors);
            }
        }
        (Shape::Map(item), Value::Object(entries)) => {
            for (key, entry) in entries {
                check_node(item, entry, &at.key(key), errors);
            }
        }
        (Shape::Object(fields), object) => {
            check_object(fields, object, at, errors);
            let rules: Vec<Rule> = node
                .constraints
                .iter()
                .filter_map(|constraint| match constraint {
                    Constraint::Rule(rule) => Some(rule.clone()),
                    _ => None,
                })
                .collect();
            check_rules(&rules, fields, object, at, errors);
        }
        _ => {}
    }
}

/// Whether `value` (already of the right type) satisfies `constraint`.
pub(crate) fn satisfies(constraint: &Constraint, value: &Value) -> bool {
    match constraint {
        Constraint::Range { min, max } => {
            let Some(number) = value.as_f64() else { return false };
            min.as_ref().and_then(serde_json::Number::as_f64).is_none_or(|min| number >= min)
                && max.as_ref().and_then(serde_json::Number::as_f64).is_none_or(|max| number <= max)
        }
        Constraint::OneOf { values } => values.contains(value),
        Constraint::Length { min, max } => {
            let length = value.as_str().map(|text| text.chars().count() as u64).unwrap_or(0);
            min.is_none_or(|min| length >= min) && max.is_none_or(|max| length <= max)
        }
        Constraint::Items { min, max } => {
            let length = value.as_array().map(|items| items.len() as u64).unwrap_or(0);
            min.is_none_or(|min| length >= min) && max.is_none_or(|max| length <= max)
        }
        Constraint::Pattern { regex, .. } => value.as_str().is_some_and(|text| matches(regex, text)),
        Constraint::KeyPattern { regex, .. } => {
            value.as_object().is_some_and(|entries| entries.keys().all(|key| matches(regex, key)))
        }
        Constraint::ReservedKeys { keys } => {
            value.as_object().is_some_and(|entries| entries.keys().all(|key| !keys.contains(key)))
        }
        Constraint::TotalBytes { max } => value.as_object().is_some_and(|entries| {
            // Wired values are unknown until Terraform runs, which checks them then.
            let total: usize = entries.iter().map(|(key, item)| key.len() + item.as_str().map_or(0, str::len)).sum();
            total as u64 <= *max
        }),
        Constraint::JsonObject => value
            .as_str()
            .is_some_and(|text| serde_json::from_str::<Value>(text).is_ok_and(|parsed| parsed.is_object())),
        // Checked with the object's fields, by `check_rules`.
        Constraint::Rule(_) => true,
    }
}

fn matches(pattern: &str, text: &str) -> bool {
    static CACHE: LazyLock<Mutex<HashMap<String, regex::Regex>>> = LazyLock::new(Default::default);
    let mut cache = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !cache.contains_key(pattern) {
        match regex::Regex::new(pattern) {
            Ok(compiled) => {
                cache.insert(pattern.to_owned(), compiled);
            }
            Err(_) => return false,
        }
    }
    cache.get(pattern).is_some_and(|compiled| compiled.is_match(text))
}

/// The `<instance>.<output>` of a reference object `{ "ref": "<instance>.<output>" }`.
pub fn reference_target(value: &Value) -> Option<&str> {
    match value.as_object() {
        Some(entries) if entries.len() == 1 => entries.get(crate::REFERENCE_KEY).and_then(Value::as_str),
        _ => None,
    }
}
