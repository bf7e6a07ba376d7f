//! JSON text held in a string input: EventBridge event patterns, SNS filter policies.

use crate::{JSON_OBJECT_KEY, ValueError};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// The JSON text of an object (`{"source": ["orders"]}`), kept as written. Its schema carries
/// `x-paved-json-object`, so Rust validation parses it and the emitted `validation` block checks
/// it with `can(keys(jsondecode(…)))`: both refuse lists, scalars and malformed text.
///
/// ```
/// use paved_blueprint::JsonObjectText;
/// assert!(JsonObjectText::new(r#"{"source": ["orders"]}"#).is_ok());
/// assert!(JsonObjectText::new(r#"["orders"]"#).is_err());
/// assert!(JsonObjectText::new("{source: orders}").unwrap_err().to_string().contains("JSON text of an object"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonObjectText(String);

impl JsonObjectText {
    /// The rule, as a person reads it.
    pub const RULE: &'static str = "write the JSON text of an object, such as `{\"source\": [\"orders\"]}`";

    /// Validates that `text` parses as a JSON object.
    pub fn new(text: impl Into<String>) -> Result<Self, ValueError> {
        let text = text.into();
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(value) if value.is_object() => Ok(Self(text)),
            _ => Err(ValueError { what: "JSON object", value: text, rule: Self::RULE }),
        }
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for JsonObjectText {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

impl TryFrom<String> for JsonObjectText {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(text)
    }
}

impl std::fmt::Display for JsonObjectText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl Serialize for JsonObjectText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for JsonObjectText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::new(text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for JsonObjectText {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "JsonObjectText".into()
    }
    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let mut schema = json_schema!({
            "type": "string",
            "description": "JSON object",
            "x-paved-rule": Self::RULE,
        });
        schema.insert(JSON_OBJECT_KEY.into(), true.into());
        schema
    }
}
