//! A blueprint's interface, derived from the JSON Schema of its inputs type.
//!
//! The inputs struct (serde + schemars) is the one source of truth. [`Field::from_schema`] reads
//! the schema schemars generates for it into a small typed tree: each field's type, whether it is
//! required, its default, and its constraints. Validation in Rust ([`crate::validate`]), Terraform
//! `variable` blocks, README tables and the published schema file are all derived from that tree.

use crate::ValueKind;
use crate::rule::{RULES_KEY, Rule};
use crate::wire::KIND_KEY;
use serde_json::{Map, Number, Value};
use std::fmt;

/// One input (or one attribute of an object input).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Field {
    /// The name, as it appears in Terraform and in stack files (`snake_case`).
    pub name: String,
    /// What the input is for, from the field's doc comment.
    pub description: String,
    /// Whether the caller must set it.
    pub required: bool,
    /// The value used when the caller does not set it (`None` for required inputs; JSON `null`
    /// for optional inputs without a value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The value's type and constraints.
    #[serde(rename = "type")]
    pub node: TypeNode,
    /// The organisation-governed setting this input is, when it is one (`x-paved-governs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governs: Option<crate::Governed>,
}

/// A type with its constraints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TypeNode {
    /// The shape of the value.
    pub shape: Shape,
    /// Whether `null` is an accepted value.
    pub nullable: bool,
    /// The rules a value must satisfy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Constraint>,
    /// The kinds of value the input holds, when it is one that outputs also produce: one kind,
    /// or several when it accepts a union (`x-paved-kind` names each, in declaration order, each
    /// once); empty when it is no output's kind.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ValueKind>,
    /// Whether another instance's output may be wired in: of one of [`TypeNode::kinds`] when
    /// there are any, of any kind (every output is a string) otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wirable: bool,
}

impl TypeNode {
    /// The attributes of the objects a value of this type holds: its own when it is an object,
    /// its items' or values' when it is a list or a map of objects (at any depth of lists and
    /// maps); `None` for other types.
    pub fn attributes(&self) -> Option<&[Field]> {
        match &self.shape {
            Shape::Object(fields) => Some(fields),
            Shape::List(item) | Shape::Map(item) => item.attributes(),
            _ => None,
        }
    }
}

/// The shape of a value, as Terraform's type system sees it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "shape", content = "of")]
pub enum Shape {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Bool,
    /// An ordered list of values of one type.
    List(Box<TypeNode>),
    /// A map from string keys to values of one type.
    Map(Box<TypeNode>),
    /// An object with named attributes.
    Object(Vec<Field>),
}

/// A rule a value must satisfy.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "check")]
pub enum Constraint {
    /// A number between `min` and `max`, both inclusive.
    Range {
        /// The smallest value, when bounded below.
        min: Option<Number>,
        /// The largest value, when bounded above.
        max: Option<Number>,
    },
    /// One of a fixed list of values.
    OneOf {
        /// The accepted values.
        values: Vec<Value>,
    },
    /// A string whose length in characters is within bounds.
    Length {
        /// The fewest characters.
        min: Option<u64>,
        /// The most characters.
        max: Option<u64>,
    },
    /// A string matching a regular expression.
    Pattern {
        /// The expression (the subset shared by JSON Schema, Rust and Terraform's RE2).
        regex: String,
        /// The rule as a person reads it, when the type states one.
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    /// A list whose number of items is within bounds.
    Items {
        /// The fewest items.
        min: Option<u64>,
        /// The most items.
        max: Option<u64>,
    },
    /// A map whose every key matches a regular expression.
    KeyPattern {
        /// The expression keys match.
        regex: String,
        /// The rule as a person reads it, when the type states one.
        #[serde(skip_serializing_if = "Option::is_none")]
        rule: Option<String>,
    },
    /// A map none of whose keys is one of `keys` (names the platform reserves).
    ReservedKeys {
        /// The refused keys.
        keys: Vec<String>,
    },
    /// A map of strings whose keys and values together hold at most `max` bytes (UTF-8).
    TotalBytes {
        /// The most bytes.
        max: u64,
    },
    /// A string that is the JSON text of an object (`{…}`), such as an EventBridge event pattern
    /// or an SNS filter policy (`x-paved-json-object` on a string schema).
    JsonObject,
    /// A rule across the attributes of an object ([`Rule`]).
    Rule(Rule),
}

impl Constraint {
    /// The rule as a sentence fragment completing "must …" or "use …", as the errors, the README
    /// and the Terraform `error_message` all show it.
    pub fn describe(&self) -> String {
        match self {
            Constraint::Range { min: Some(min), max: Some(max) } => format!("must be between {min} and {max}"),
            Constraint::Range { min: Some(min), max: None } => format!("must be at least {min}"),
            Constraint::Range { min: None, max: Some(max) } => format!("must be at most {max}"),
            Constraint::Range { min: None, max: None } => "must be a number".to_owned(),
            Constraint::OneOf { values } => format!("must be one of {}", list_values(values)),
            Constraint::Length { min: Some(min), max: Some(max) } if min == max => {
                format!("must be exactly {min} characters long")
            }
            Constraint::Length { min, max } => bounds("must be", min, max, "characters long"),
            Constraint::Items { min, max } => bounds("must have", min, max, "items"),
            Constraint::Pattern { rule: Some(rule), .. } => format!("must be well formed: {rule}"),
            Constraint::Pattern { regex, rule: None } => format!("must match `{regex}`"),
            Constraint::KeyPattern { rule: Some(rule), .. } => format!("must have well-formed keys: {rule}"),
            Constraint::KeyPattern { regex, rule: None } => format!("must have keys matching `{regex}`"),
            Constraint::ReservedKeys { keys } => {
                let keys: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
                format!("must not use the reserved keys {}", keys.join(", "))
            }
            Constraint::TotalBytes { max } => format!("must hold at most {max} bytes in its keys and values together"),
            Constraint::JsonObject => {
                "must be the JSON text of an object, such as `{\"source\": [\"orders\"]}`".to_owned()
            }
            Constraint::Rule(rule) => format!("must satisfy: {rule}"),
        }
    }
}

fn bounds(verb: &str, min: &Option<u64>, max: &Option<u64>, unit: &str) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{verb} {min} to {max} {unit}"),
        (Some(min), None) => format!("{verb} at least {min} {unit}"),
        (None, Some(max)) => format!("{verb} at most {max} {unit}"),
        (None, None) => format!("{verb} any number of {unit}"),
    }
}

fn list_values(values: &[Value]) -> String {
    values.iter().map(|value| format!("`{}`", display_value(value))).collect::<Vec<_>>().join(", ")
}

/// A value as a person reads it: strings without JSON quotes, everything else as JSON.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::String => formatter.write_str("string"),
            Shape::Integer | Shape::Number => formatter.write_str("number"),
            Shape::Bool => formatter.write_str("bool"),
            Shape::List(item) => write!(formatter, "list({})", item.shape),
            Shape::Map(value) => write!(formatter, "map({})", value.shape),
            Shape::Object(fields) => {
                formatter.write_str("object({")?;
                for (index, field) in fields.iter().enumerate() {
                    if index > 0 {
                        formatter.write_str(", ")?;
                    }
                    write!(formatter, "{} = {}", field.name, field.node.shape)?;
                }
                formatter.write_str("})")
            }
        }
    }
}

/// A JSON Schema construct the interface reader does not support.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the inputs schema at `{pointer}` uses {what}, which blueprint inputs cannot express; {fix}")]
pub struct SchemaError {
    /// Where in the schema (a JSON pointer).
    pub pointer: String,
    /// What was found.
    pub what: String,
    /// How to change the inputs type.
    pub fix: &'static str,
}

impl Field {
    /// Reads the top-level fields of an object schema, in declaration order.
    pub fn from_schema(schema: &Value) -> Result<Vec<Field>, SchemaError> {
        Ok(Field::with_rules_from_schema(schema)?.0)
    }

    /// Reads the top-level fields of an object schema and the rules stated across them
    /// (`x-paved-rules` on the inputs struct itself).
    pub fn with_rules_from_schema(schema: &Value) -> Result<(Vec<Field>, Vec<Rule>), SchemaError> {
        let reader = Reader { root: schema };
        let resolved = reader.resolve(schema, "")?;
        let node = reader.node(resolved, "")?;
        match node.shape {
            Shape::Object(fields) => {
                let rules = node
                    .constraints
                    .into_iter()
                    .filter_map(|constraint| match constraint {
                        Constraint::Rule(rule) => Some(rule),
                        _ => None,
                    })
                    .collect();
                Ok((fields, rules))
            }
            _ => Err(SchemaError {
                pointer: String::new(),
                what: "a non-object type".into(),
                fix: "make the inputs type a struct",
            }),
        }
    }
}

/// The schema extension bounding the total size of a map of strings, in bytes.
pub const TOTAL_BYTES_KEY: &str = "x-paved-max-total-bytes";

/// The schema keyword (`true` on a string schema) saying the string is the JSON text of an object.
pub const JSON_OBJECT_KEY: &str = "x-paved-json-object";

/// The rules (`x-paved-rules`) stated on an object schema, each checked against its fields.
fn rules(schema: &Value, fields: &[Field], pointer: &str) -> Result<Vec<Rule>, SchemaError> {
    let Some(stated) = schema.get(RULES_KEY) else { return Ok(Vec::new()) };
    let rules: Vec<Rule> = serde_json::from_value(stated.clone()).map_err(|error| SchemaError {
        pointer: format!("{pointer}/{RULES_KEY}"),
        what: format!("rules that do not read as rules ({error})"),
        fix: "build them with `paved_blueprint::Rule`",
    })?;
    for rule in &rules {
        rule.check(fields).map_err(|what| SchemaError {
            pointer: format!("{pointer}/{RULES_KEY}"),
            what,
            fix: "name number inputs of this struct by their dotted paths",
        })?;
    }
    Ok(rules)
}

struct Reader<'a> {
    root: &'a Value,
}

impl<'a> Reader<'a> {
    fn resolve(&self, schema: &'a Value, pointer: &str) -> Result<&'a Value, SchemaError> {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference.strip_prefix('#').and_then(|path| self.root.pointer(path));
                target.ok_or_else(|| SchemaError {
                    pointer: pointer.to_owned(),
                    what: format!("the unresolvable reference `{reference}`"),
                    fix: "use only types whose schemas live in this schema's `$defs`",
                })
            }
            None => Ok(schema),
        }
    }

    fn node(&self, schema: &'a Value, pointer: &str) -> Result<TypeNode, SchemaError> {
        // `Option<T>` appears as `anyOf: [T, {"type": "null"}]` or as `type: [T, "null"]`.
        if let Some(alternatives) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
            let (references, alternatives): (Vec<&Value>, Vec<&Value>) =
                alternatives.iter().partition(|alternative| alternative.get("x-paved-reference").is_some());
            if let ([reference], [value]) = (references.as_slice(), alternatives.as_slice()) {
                let inner_pointer = format!("{pointer}/anyOf/0");
                let inner = self.resolve(value, &inner_pointer)?;
                let mut node = self.node(inner, &inner_pointer)?;
                node.wirable = true;
                let kinds = kinds_at(reference, &format!("{pointer}/anyOf/1"))?;
                if !kinds.is_empty() {
                    node.kinds = kinds;
                }
                return Ok(node);
            }
            let (nulls, others): (Vec<&Value>, Vec<&Value>) =
                alternatives.into_iter().partition(|alternative| alternative.get("type") == Some(&Value::from("null")));
            if others.iter().all(|other| other.get("const").is_some()) && nulls.is_empty() {
                // A closed set written as `oneOf` of documented constants.
                let values = others.iter().filter_map(|other| other.get("const").cloned()).collect::<Vec<_>>();
                let shape = if values.iter().all(Value::is_string) { Shape::String } else { Shape::Number };
                return Ok(TypeNode {
                    shape,
                    nullable: false,
                    constraints: vec![Constraint::OneOf { values }],
                    kinds: Vec::new(),
                    wirable: false,
                });
            }
            if nulls.len() == 1 && others.len() == 1 {
                let inner_pointer = format!("{pointer}/anyOf/0");
                let inner = self.resolve(others[0], &inner_pointer)?;
                let mut node = self.node(inner, &inner_pointer)?;
                node.nullable = true;
                return Ok(node);
            }
            return Err(SchemaError {
                pointer: pointer.to_owned(),
                what: "a union of several types".into(),
                fix: "use one type per field (an `Option` of it at most)",
            });
        }

        let (type_name, nullable) = match schema.get("type") {
            Some(Value::String(name)) => (name.as_str(), false),
            Some(Value::Array(names)) => {
                let non_null =
                    names.iter().filter_map(Value::as_str).filter(|name| *name != "null").collect::<Vec<_>>();
                match non_null.as_slice() {
                    [single] => (*single, names.len() == 2),
                    _ => {
                        return Err(SchemaError {
                            pointer: pointer.to_owned(),
                            what: "a union of several types".into(),
                            fix: "use one type per field (an `Option` of it at most)",
                        });
                    }
                }
            }
            _ if schema.get("enum").is_some() => ("string", false),
            _ => {
                return Err(SchemaError {
                    pointer: pointer.to_owned(),
                    what: "a value without a type".into(),
                    fix: "give the field a concrete type",
                });
            }
        };

        let mut constraints = Vec::new();
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values = values.iter().filter(|value| !value.is_null()).cloned().collect();
            constraints.push(Constraint::OneOf { values });
        }
        let rule = schema.get("x-paved-rule").and_then(Value::as_str).map(str::to_owned);
        let kinds = kinds_at(schema, pointer)?;

        let shape = match type_name {
            "string" => {
                let min = schema.get("minLength").and_then(Value::as_u64);
                let max = schema.get("maxLength").and_then(Value::as_u64);
                if min.is_some() || max.is_some() {
                    constraints.push(Constraint::Length { min, max });
                }
                if let Some(regex) = schema.get("pattern").and_then(Value::as_str) {
                    constraints.push(Constraint::Pattern { regex: regex.to_owned(), rule: rule.clone() });
                }
                if schema.get(JSON_OBJECT_KEY).and_then(Value::as_bool) == Some(true) {
                    constraints.push(Constraint::JsonObject);
                }
                Shape::String
            }
            "integer" | "number" => {
                let min = schema.get("minimum").and_then(|value| value.as_number().cloned());
                let max = schema.get("maximum").and_then(|value| value.as_number().cloned());
                // schemars states the natural floor of unsigned types (`minimum: 0`) even when the
                // field says nothing; a range is a rule only when it came from the field.
                let implied_unsigned_floor = min.as_ref().and_then(Number::as_u64) == Some(0)
                    && max.is_none()
                    && schema.get("format").and_then(Value::as_str).is_some_and(|format| format.starts_with("uint"));
                if (min.is_some() || max.is_some()) && !implied_unsigned_floor && schema.get("enum").is_none() {
                    constraints.push(Constraint::Range { min, max });
                }
                if type_name == "integer" { Shape::Integer } else { Shape::Number }
            }
            "boolean" => Shape::Bool,
            "array" => {
                let items_pointer = format!("{pointer}/items");
                let items = schema.get("items").ok_or_else(|| SchemaError {
                    pointer: pointer.to_owned(),
                    what: "a list without an item type".into(),
                    fix: "use `Vec<T>` with a concrete `T`",
                })?;
                let items = self.resolve(items, &items_pointer)?;
                let min = schema.get("minItems").and_then(Value::as_u64);
                let max = schema.get("maxItems").and_then(Value::as_u64);
                if min.is_some() || max.is_some() {
                    constraints.push(Constraint::Items { min, max });
                }
                Shape::List(Box::new(self.node(items, &items_pointer)?))
            }
            "object" => match (schema.get("properties"), schema.get("additionalProperties")) {
                (Some(Value::Object(properties)), _) => {
                    let fields = self.fields(schema, properties, pointer)?;
                    constraints.extend(rules(schema, &fields, pointer)?.into_iter().map(Constraint::Rule));
                    Shape::Object(fields)
                }
                (None, Some(values)) if values.is_object() => {
                    let values_pointer = format!("{pointer}/additionalProperties");
                    let values = self.resolve(values, &values_pointer)?;
                    if let Some(names) = schema.get("propertyNames")
                        && let Some(regex) = names.get("pattern").and_then(Value::as_str)
                    {
                        let rule = names.get("x-paved-rule").and_then(Value::as_str).map(str::to_owned);
                        constraints.push(Constraint::KeyPattern { regex: regex.to_owned(), rule });
                    }
                    if let Some(reserved) = schema.pointer("/propertyNames/not/enum").and_then(Value::as_array) {
                        let keys = reserved.iter().filter_map(Value::as_str).map(str::to_owned).collect();
                        constraints.push(Constraint::ReservedKeys { keys });
                    }
                    if let Some(max) = schema.get(TOTAL_BYTES_KEY).and_then(Value::as_u64) {
                        constraints.push(Constraint::TotalBytes { max });
                    }
                    Shape::Map(Box::new(self.node(values, &values_pointer)?))
                }
                _ => {
                    return Err(SchemaError {
                        pointer: pointer.to_owned(),
                        what: "an object with neither properties nor a value type".into(),
                        fix: "use a struct or a `BTreeMap<String, T>`",
                    });
                }
            },
            other => {
                return Err(SchemaError {
                    pointer: pointer.to_owned(),
                    what: format!("the type `{other}`"),
                    fix: "use strings, numbers, booleans, lists, maps and structs",
                });
            }
        };
        Ok(TypeNode { shape, nullable, constraints, kinds, wirable: false })
    }

    fn fields(
        &self,
        schema: &'a Value,
        properties: &'a Map<String, Value>,
        pointer: &str,
    ) -> Result<Vec<Field>, SchemaError> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::with_capacity(properties.len());
        for (name, property) in properties {
            let field_pointer = format!("{pointer}/properties/{name}");
            let resolved = self.resolve(property, &field_pointer)?;
            let node = self.node(resolved, &field_pointer)?;
            let description = property
                .get("description")
                .or_else(|| resolved.get("description"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let is_required = required.contains(&name.as_str());
            let default = match property.get("default") {
                Some(default) => Some(default.clone()),
                None if !is_required && node.nullable => Some(Value::Null),
                None if !is_required => {
                    return Err(SchemaError {
                        pointer: field_pointer,
                        what: "an optional field without a default".into(),
                        fix: "give it `#[serde(default = …)]` or make it an `Option`",
                    });
                }
                None => None,
            };
            let governs = open_name_at(property, "x-paved-governs", &field_pointer)?;
            fields.push(Field { name: name.clone(), description, required: is_required, default, node, governs });
        }
        Ok(fields)
    }
}

/// The kinds `x-paved-kind` of `schema` names: none, one name, or a non-empty list of names (a
/// union), each kept once in the order stated.
fn kinds_at(schema: &Value, pointer: &str) -> Result<Vec<ValueKind>, SchemaError> {
    let Some(Value::Array(names)) = schema.get(KIND_KEY) else {
        return Ok(open_name_at(schema, KIND_KEY, pointer)?.into_iter().collect());
    };
    let malformed = |what: String| SchemaError {
        pointer: format!("{pointer}/{KIND_KEY}"),
        what,
        fix: "name one kind, or list the kinds of a union declared with `paved_blueprint::kind_union!`",
    };
    if names.is_empty() {
        return Err(malformed(format!("an empty list in `{KIND_KEY}`")));
    }
    let mut kinds: Vec<ValueKind> = Vec::with_capacity(names.len());
    for name in names {
        let kind = name
            .as_str()
            .and_then(|text| text.parse::<ValueKind>().ok())
            .ok_or_else(|| malformed(format!("the malformed name {name} in `{KIND_KEY}`")))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

/// The open name (a [`ValueKind`] or a [`crate::Governed`]) at `key` of `schema`, when it has one.
fn open_name_at<T: std::str::FromStr>(schema: &Value, key: &str, pointer: &str) -> Result<Option<T>, SchemaError> {
    let Some(value) = schema.get(key) else { return Ok(None) };
    value.as_str().and_then(|text| text.parse().ok()).map(Some).ok_or_else(|| SchemaError {
        pointer: format!("{pointer}/{key}"),
        what: format!("the malformed name {value} in `{key}`"),
        fix: "name it with 1 to 64 lowercase letters and digits in words joined by single `-`, starting with a letter, such as `acme-bucket-arn`",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An inputs schema with one input `target` whose reference alternative states `kinds`.
    fn target_with_kinds(kinds: Value) -> Value {
        json!({
            "type": "object",
            "properties": {
                "target": { "anyOf": [
                    { "type": "string" },
                    { "type": "object", "x-paved-reference": true, "x-paved-kind": kinds },
                ] }
            },
            "required": ["target"],
        })
    }

    fn kinds_of(schema: &Value) -> Result<Vec<String>, SchemaError> {
        let fields = Field::from_schema(schema)?;
        Ok(fields[0].node.kinds.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_string_marked_as_a_json_object_must_parse_as_one() {
        let schema = json!({
            "type": "object",
            "properties": { "pattern": { "type": ["string", "null"], (JSON_OBJECT_KEY): true } },
        });
        let fields = Field::from_schema(&schema).expect("the schema reads");
        assert_eq!(fields[0].node.constraints, vec![Constraint::JsonObject]);
        for accepted in [json!({}), json!({ "pattern": "{}" }), json!({ "pattern": " {\"type\": [\"a\"]} " })] {
            assert_eq!(crate::validate(&fields, &accepted), Ok(()), "{accepted}");
        }
        for refused in ["{type: refund}", "[{}]", "null", "\"{}\"", "{} {}"] {
            let errors = crate::validate(&fields, &json!({ "pattern": refused })).expect_err(refused);
            assert_eq!(
                errors.to_string(),
                format!(
                    "input `pattern` = `{refused}` must be the JSON text of an object, such as `{{\"source\": [\"orders\"]}}`"
                )
            );
        }
    }

    #[test]
    fn a_union_of_kinds_is_read_in_order_each_once() {
        let schema = target_with_kinds(json!(["sqs-queue-arn", "sns-topic-arn", "sqs-queue-arn"]));
        assert_eq!(kinds_of(&schema), Ok(vec!["sqs-queue-arn".to_owned(), "sns-topic-arn".to_owned()]));
        assert_eq!(kinds_of(&target_with_kinds(json!("sqs-queue-arn"))), Ok(vec!["sqs-queue-arn".to_owned()]));
    }

    #[test]
    fn an_empty_or_malformed_union_is_refused_where_it_is() {
        let empty = kinds_of(&target_with_kinds(json!([]))).unwrap_err();
        assert_eq!(empty.pointer, "/properties/target/anyOf/1/x-paved-kind");
        assert!(empty.what.contains("an empty list"), "{empty}");
        let malformed = kinds_of(&target_with_kinds(json!(["sqs-queue-arn", "SNS Topic"]))).unwrap_err();
        assert!(malformed.what.contains("\"SNS Topic\""), "{malformed}");
    }

    #[test]
    fn the_dead_letter_target_accepts_a_queue_or_a_topic() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::Wire<crate::DeadLetterTargetArn>)).unwrap();
        let wrapped = json!({ "type": "object", "properties": { "target": schema }, "required": ["target"] });
        assert_eq!(kinds_of(&wrapped), Ok(vec!["sqs-queue-arn".to_owned(), "sns-topic-arn".to_owned()]));
    }
}
