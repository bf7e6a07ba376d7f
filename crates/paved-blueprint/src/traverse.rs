//! The one traversal of a value along its typed interface: objects, list items and map values at
//! any depth, each met with its [`InputPath`], its type and (for attributes) its [`Field`].
//!
//! Defaults ([`crate::with_defaults`], [`crate::without_defaults`]), governed inputs (policies),
//! references and per-environment variables (composition) are all found by this descent, so a
//! collection of objects is never skipped by one of them and handled by another.

use crate::interface::{Field, Shape, TypeNode};
use crate::path::{InputPath, PathSegment};
use crate::validate::reference_target;
use serde_json::{Map, Value};

/// What [`walk`] does with an attribute the value does not set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Skip it: only what is written is met.
    Skip,
    /// Meet its default (when it has one), as the module would get it.
    Default,
}

/// One value met by [`walk`].
#[derive(Debug, Clone, Copy)]
pub struct Visit<'p, 'a> {
    /// Where the value sits.
    pub path: &'p InputPath,
    /// The attribute the value is of; `None` for a list item or a map value.
    pub field: Option<&'a Field>,
    /// The value's type.
    pub node: &'a TypeNode,
    /// The value.
    pub value: &'a Value,
    /// Whether the value is the attribute's default rather than written.
    pub defaulted: bool,
}

/// Meets every value under the inputs object `inputs` along `fields`, parents before children:
/// each attribute of an object, each item of a list and each value of a map, at any depth.
/// `visit` returns whether to descend into the value it was given. Nothing is met under `null`,
/// under a reference (`{ ref = "…" }`), under a value whose type is not its shape's, or for keys
/// the interface does not know (validation reports those).
///
/// ```
/// use paved_blueprint::{Absent, Field, walk};
/// # use paved_blueprint::{Definition, Parts};
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Function { #[serde(default = "memory")] memory_size: u32 }
/// fn memory() -> u32 { 128 }
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Inputs { targets: std::collections::BTreeMap<String, Function> }
/// let fields = Field::from_schema(&schemars::schema_for!(Inputs).to_value())?;
/// let inputs = serde_json::json!({ "targets": { "orders": { "memory_size": 4096 }, "audit": {} } });
/// let mut found = Vec::new();
/// walk(&fields, &inputs, Absent::Default, &mut |visit| {
///     if visit.field.is_some_and(|field| field.name == "memory_size") {
///         found.push(format!("{} = {}", visit.path, visit.value));
///     }
///     true
/// });
/// assert_eq!(found, [r#"targets["orders"].memory_size = 4096"#, r#"targets["audit"].memory_size = 128"#]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn walk<'a>(fields: &'a [Field], inputs: &'a Value, absent: Absent, visit: &mut dyn FnMut(&Visit<'_, 'a>) -> bool) {
    let mut path = InputPath::root();
    walk_object(fields, inputs, absent, &mut path, visit);
}

fn walk_object<'a>(
    fields: &'a [Field],
    value: &'a Value,
    absent: Absent,
    path: &mut InputPath,
    visit: &mut dyn FnMut(&Visit<'_, 'a>) -> bool,
) {
    let Some(entries) = value.as_object() else { return };
    for field in fields {
        let (item, defaulted) = match (entries.get(&field.name), absent) {
            (Some(item), _) => (item, false),
            (None, Absent::Default) => match &field.default {
                Some(default) => (default, true),
                None => continue,
            },
            (None, Absent::Skip) => continue,
        };
        path.push(PathSegment::Field(field.name.clone()));
        let descend = visit(&Visit { path, field: Some(field), node: &field.node, value: item, defaulted });
        if descend {
            walk_children(&field.node, item, absent, path, visit);
        }
        path.pop();
    }
}

fn walk_children<'a>(
    node: &'a TypeNode,
    value: &'a Value,
    absent: Absent,
    path: &mut InputPath,
    visit: &mut dyn FnMut(&Visit<'_, 'a>) -> bool,
) {
    if node.wirable && reference_target(value).is_some() {
        return;
    }
    let mut item = |segment: PathSegment, path: &mut InputPath, item_node: &'a TypeNode, entry: &'a Value| {
        path.push(segment);
        let descend = visit(&Visit { path, field: None, node: item_node, value: entry, defaulted: false });
        if descend {
            walk_children(item_node, entry, absent, path, visit);
        }
        path.pop();
    };
    match (&node.shape, value) {
        (Shape::Object(fields), Value::Object(_)) => walk_object(fields, value, absent, path, visit),
        (Shape::List(item_node), Value::Array(items)) => {
            for (index, entry) in items.iter().enumerate() {
                item(PathSegment::Index(index), path, item_node, entry);
            }
        }
        (Shape::Map(item_node), Value::Object(entries)) => {
            for (key, entry) in entries {
                item(PathSegment::Key(key.clone()), path, item_node, entry);
            }
        }
        _ => {}
    }
}

/// `value` of type `node` with `object` applied to every object under it (itself included), at
/// any depth through list items and map values; references are left as they are.
pub(crate) fn rebuild_objects(node: &TypeNode, value: Value, object: fn(&[Field], Value) -> Value) -> Value {
    if reference_target(&value).is_some() {
        return value;
    }
    match (&node.shape, value) {
        (Shape::Object(fields), value @ Value::Object(_)) => object(fields, value),
        (Shape::List(item), Value::Array(items)) => {
            Value::Array(items.into_iter().map(|entry| rebuild_objects(item, entry, object)).collect())
        }
        (Shape::Map(item), Value::Object(entries)) => Value::Object(
            entries.into_iter().map(|(key, entry)| (key, rebuild_objects(item, entry, object))).collect::<Map<_, _>>(),
        ),
        (_, value) => value,
    }
}

/// The type at `path` under `fields`: an attribute's, a list's item type, a map's value type.
pub fn node_at<'f>(fields: &'f [Field], path: &InputPath) -> Option<&'f TypeNode> {
    let (first, rest) = path.segments().split_first()?;
    let PathSegment::Field(name) = first else { return None };
    let mut node = &fields.iter().find(|field| &field.name == name)?.node;
    for segment in rest {
        node = match (&node.shape, segment) {
            (Shape::Object(inner), PathSegment::Field(name)) => &inner.iter().find(|field| &field.name == name)?.node,
            (Shape::List(item), PathSegment::Index(_)) | (Shape::Map(item), PathSegment::Key(_)) => item,
            _ => return None,
        };
    }
    Some(node)
}

/// The attribute at `path` under `fields`, when the path ends at one (not at a list item or a
/// map value).
pub fn field_at<'f>(fields: &'f [Field], path: &InputPath) -> Option<&'f Field> {
    let PathSegment::Field(name) = path.last()? else { return None };
    let mut parent = path.clone();
    parent.pop();
    if parent.is_root() {
        return fields.iter().find(|field| &field.name == name);
    }
    match &node_at(fields, &parent)?.shape {
        Shape::Object(inner) => inner.iter().find(|field| &field.name == name),
        _ => None,
    }
}

/// The value at `path` in `value`, `None` when absent (defaults are not read).
pub fn value_at<'v>(value: &'v Value, path: &InputPath) -> Option<&'v Value> {
    path.segments().iter().try_fold(value, |current, segment| match segment {
        PathSegment::Field(name) | PathSegment::Key(name) => current.as_object()?.get(name),
        PathSegment::Index(index) => current.as_array()?.get(*index),
    })
}

#[cfg(test)]
mod tests {
    use super::{Absent, field_at, node_at, value_at, walk};
    use crate::interface::{Field, Shape};
    use crate::path::InputPath;
    use serde_json::json;

    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Function {
        /// Memory.
        #[serde(default = "memory")]
        memory_size: u32,
    }
    fn memory() -> u32 {
        128
    }
    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Target {
        function: Function,
    }
    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Inputs {
        targets: std::collections::BTreeMap<String, Target>,
        routes: Vec<Vec<Function>>,
    }

    fn fields() -> Vec<Field> {
        Field::from_schema(&schemars::schema_for!(Inputs).to_value()).expect("readable")
    }

    #[test]
    fn paths_reach_attributes_inside_map_values_and_list_items() {
        let fields = fields();
        let path = InputPath::root().field("targets").key("orders").field("function").field("memory_size");
        assert_eq!(node_at(&fields, &path).map(|node| &node.shape), Some(&Shape::Integer));
        assert_eq!(field_at(&fields, &path).map(|field| field.name.as_str()), Some("memory_size"));
        let element = InputPath::root().field("targets").key("orders");
        assert!(field_at(&fields, &element).is_none());
        assert!(matches!(node_at(&fields, &element).map(|node| &node.shape), Some(Shape::Object(_))));
        // A key where a list has indices leads nowhere.
        assert!(node_at(&fields, &InputPath::root().field("routes").key("0")).is_none());
        let value = json!({ "routes": [[{ "memory_size": 512 }]] });
        let item = InputPath::root().field("routes").index(0).index(0).field("memory_size");
        assert_eq!(value_at(&value, &item), Some(&json!(512)));
        assert_eq!(item.to_string(), "routes[0][0].memory_size");
    }

    #[test]
    fn walk_meets_defaults_in_nested_lists_only_when_asked() {
        let fields = fields();
        let value = json!({ "targets": {}, "routes": [[{}, { "memory_size": 256 }]] });
        let met = |absent| {
            let mut met = Vec::new();
            walk(&fields, &value, absent, &mut |visit| {
                if visit.field.is_some_and(|field| field.name == "memory_size") {
                    met.push((visit.path.to_string(), visit.value.clone(), visit.defaulted));
                }
                true
            });
            met
        };
        assert_eq!(
            met(Absent::Default),
            [
                ("routes[0][0].memory_size".to_owned(), json!(128), true),
                ("routes[0][1].memory_size".to_owned(), json!(256), false)
            ]
        );
        assert_eq!(met(Absent::Skip), [("routes[0][1].memory_size".to_owned(), json!(256), false)]);
    }
}
