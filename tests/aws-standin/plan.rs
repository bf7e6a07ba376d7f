//! What the stand-in checks in a configuration and how it plans: the schema-driven part, the same
//! for every resource and data source type.

use crate::schema::{BlockSchema, NestedBlockSchema, Nesting, Setter, ValueType};
use crate::value::{field, is_unknown, set_field, unknown};
use rmpv::Value;
use tf_provider::{AttributePath, Diagnostics};

/// Checks what Terraform leaves to the provider: no value on a computed-only attribute, and each
/// nested block's count within its `min_items` and `max_items` (where the count is known).
pub(crate) fn check_config(schema: &BlockSchema, config: &Value, path: &AttributePath, diags: &mut Diagnostics) {
    if config.is_nil() || is_unknown(config) {
        return;
    }
    for (name, attribute) in &schema.attributes {
        if attribute.setter() == Setter::Computed && !field(config, name).is_nil() {
            diags.error(
                "Value for a computed attribute",
                format!("`{name}` is computed by the provider and cannot be set in the configuration; remove it."),
                path.clone().attribute(name.clone()),
            );
        }
    }
    for (name, nested) in &schema.blocks {
        check_blocks(name, nested, field(config, name), &path.clone().attribute(name.clone()), diags);
    }
}

fn check_blocks(name: &str, nested: &NestedBlockSchema, value: &Value, path: &AttributePath, diags: &mut Diagnostics) {
    if is_unknown(value) {
        return;
    }
    let items: Vec<&Value> = match (nested.nesting, value) {
        (_, Value::Nil) => Vec::new(),
        (Nesting::List | Nesting::Set, Value::Array(items)) => items.iter().collect(),
        (Nesting::Map, Value::Map(entries)) => entries.iter().map(|(_, item)| item).collect(),
        (Nesting::Single, item) => vec![item],
        (_, _) => return,
    };
    if items.iter().any(|item| is_unknown(item)) {
        return;
    }
    let count = items.len() as u64;
    if matches!(nested.nesting, Nesting::List | Nesting::Set) {
        if count < nested.min_items {
            diags.error(
                "Not enough blocks",
                format!("at least {} `{name}` block(s) are required, {count} given.", nested.min_items),
                path.clone(),
            );
        }
        if let Some(max) = nested.max_items.filter(|max| count > *max) {
            diags.error(
                "Too many blocks",
                format!("no more than {max} `{name}` block(s) are allowed, {count} given."),
                path.clone(),
            );
        }
    }
    for (index, item) in items.into_iter().enumerate() {
        let item_path = match nested.nesting {
            Nesting::List | Nesting::Set => path.clone().index(index as i64),
            _ => path.clone(),
        };
        check_config(&nested.block, item, &item_path, diags);
    }
}

/// The planned state of a new resource: the configuration as given, every attribute the
/// configuration leaves null that the provider may compute is unknown ("known after apply").
pub(crate) fn plan_new(schema: &BlockSchema, config: &Value) -> Value {
    let mut planned = config.clone();
    if !planned.is_map() {
        return planned;
    }
    for (name, attribute) in &schema.attributes {
        if attribute.setter() != Setter::Required && field(config, name).is_nil() {
            set_field(&mut planned, name, unknown());
        }
    }
    for (name, nested) in &schema.blocks {
        let planned_blocks = map_blocks(nested, field(config, name), &|item| plan_new(&nested.block, item));
        set_field(&mut planned, name, planned_blocks);
    }
    planned
}

/// The result of reading a data source the stand-in does not model: the configuration as given,
/// each computed attribute it leaves null filled with a placeholder of its type (an empty
/// string, 0, false, an empty collection), since a data source's result must be known.
pub(crate) fn read_placeholder(schema: &BlockSchema, config: &Value) -> Value {
    let mut read = config.clone();
    if !read.is_map() {
        return read;
    }
    for (name, attribute) in &schema.attributes {
        if attribute.setter() == Setter::Computed && field(config, name).is_nil() {
            set_field(&mut read, name, placeholder(&attribute.value_type));
        }
    }
    for (name, nested) in &schema.blocks {
        let read_blocks = map_blocks(nested, field(config, name), &|item| read_placeholder(&nested.block, item));
        set_field(&mut read, name, read_blocks);
    }
    read
}

fn placeholder(value_type: &ValueType) -> Value {
    match value_type {
        ValueType::String => Value::from(""),
        ValueType::Number => Value::from(0),
        ValueType::Bool => Value::from(false),
        ValueType::List(_) | ValueType::Set(_) => Value::Array(Vec::new()),
        ValueType::Map(_) => Value::Map(Vec::new()),
        ValueType::Object(fields) => {
            Value::Map(fields.iter().map(|(name, field)| (Value::from(name.as_str()), placeholder(field))).collect())
        }
        ValueType::Dynamic => Value::Nil,
    }
}

fn map_blocks(nested: &NestedBlockSchema, value: &Value, each: &dyn Fn(&Value) -> Value) -> Value {
    match (nested.nesting, value) {
        (_, Value::Nil) => Value::Nil,
        (_, value) if is_unknown(value) => value.clone(),
        (Nesting::List | Nesting::Set, Value::Array(items)) => Value::Array(items.iter().map(each).collect()),
        (Nesting::Map, Value::Map(entries)) => {
            Value::Map(entries.iter().map(|(key, item)| (key.clone(), each(item))).collect())
        }
        (Nesting::Single, item) => each(item),
        (_, other) => other.clone(),
    }
}
