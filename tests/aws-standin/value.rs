//! Configuration and state values as the plugin protocol sends them: MessagePack, with
//! Terraform's unknown value as the extension type 0.

use rmpv::Value;
use serde::{Deserialize, Serialize};

/// Any value of a resource or data source, in and out of the protocol.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dynamic(pub(crate) Value);

impl Serialize for Dynamic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Dynamic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Dynamic)
    }
}

/// Terraform's unknown value ("known after apply").
pub(crate) fn unknown() -> Value {
    Value::Ext(0, vec![0])
}

/// Whether `value` is Terraform's unknown value.
pub(crate) fn is_unknown(value: &Value) -> bool {
    matches!(value, Value::Ext(0, _))
}

/// The entry `name` of an object value (`Nil` when absent or when `object` is no map).
pub(crate) fn field<'a>(object: &'a Value, name: &str) -> &'a Value {
    static NIL: Value = Value::Nil;
    object
        .as_map()
        .and_then(|entries| entries.iter().find(|(key, _)| key.as_str() == Some(name)))
        .map_or(&NIL, |(_, value)| value)
}

/// Sets the entry `name` of an object value, adding it when absent.
pub(crate) fn set_field(object: &mut Value, name: &str, value: Value) {
    if let Value::Map(entries) = object {
        match entries.iter_mut().find(|(key, _)| key.as_str() == Some(name)) {
            Some((_, slot)) => *slot = value,
            None => entries.push((Value::from(name), value)),
        }
    }
}

/// The known strings of a list or set value: `None` when it is null, unknown or holds an unknown.
pub(crate) fn known_strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|item| item.as_str().map(str::to_owned)).collect()
}
