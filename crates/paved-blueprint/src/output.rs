//! Outputs that hold many values: a map or a list of values of one kind, where their keys come
//! from, and the typed references that index them ([`MapRef::key`], [`ListRef::item`]).
//!
//! A map output keyed like one of the blueprint's own map inputs (a rule ARN for each key of the
//! input `rules`) has keys the stack itself states, so composition checks an indexed reference
//! such as `{ ref = "bus.rule_arns.orders" }` against them before anything is written.

use crate::{Kind, Ref, ValueKind};
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;

/// How many values an output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case", tag = "shape", content = "keys")]
pub enum OutputShape {
    /// One value of the output's kind.
    #[default]
    Single,
    /// A map from string keys to values of the output's kind.
    Map(KeySource),
    /// A list of values of the output's kind.
    List(KeySource),
}

impl OutputShape {
    /// Whether the output is one value.
    pub fn is_single(&self) -> bool {
        matches!(self, OutputShape::Single)
    }

    /// Where the keys (or positions) of a map (or list) output come from; `None` for one value.
    pub fn keys(&self) -> Option<KeySource> {
        match self {
            OutputShape::Single => None,
            OutputShape::Map(keys) | OutputShape::List(keys) => Some(*keys),
        }
    }

    /// The output as people read it: `sqs-queue-arn`, `map of sqs-queue-arn`, `list of sqs-queue-arn`.
    pub fn describe(&self, kind: &ValueKind) -> String {
        match self {
            OutputShape::Single => kind.to_string(),
            OutputShape::Map(_) => format!("map of {kind}"),
            OutputShape::List(_) => format!("list of {kind}"),
        }
    }
}

/// Where the keys of a map output, or the positions of a list output, come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The keys of the blueprint's own top-level map input of this name (for a list output, the
    /// positions of its list input): known when the stack is composed, so an indexed reference is
    /// checked then.
    Input(&'static str),
    /// Known only when Terraform applies: the output can be wired whole, never indexed.
    Computed,
}

impl fmt::Display for KeySource {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Input(input) => write!(formatter, "the input `{input}`"),
            KeySource::Computed => formatter.write_str("values Terraform computes"),
        }
    }
}

/// What an [`outputs!`](crate::outputs!) entry declares: a kind marker for one value,
/// [`MapOf<K>`] or [`ListOf<K>`] for many. Gives the typed reference the outputs struct holds.
pub trait OutputType {
    /// The typed reference to the output: [`Ref<K>`], [`MapRef<K>`] or [`ListRef<K>`].
    type Ref;
    /// The kind of each value.
    const KIND: ValueKind;
    /// Whether the output holds many values (only those may state `keys from`).
    const COLLECTION: bool;
    /// The reference to output `output` of instance `instance`.
    fn reference(instance: &str, output: &'static str) -> Self::Ref;
    /// The output's shape, keyed like the input `keys` when one is stated.
    fn shape(keys: Option<&'static str>) -> OutputShape;
}

impl<K: Kind> OutputType for K {
    type Ref = Ref<K>;
    const KIND: ValueKind = K::KIND;
    const COLLECTION: bool = false;
    fn reference(instance: &str, output: &'static str) -> Ref<K> {
        Ref::new(instance, output)
    }
    fn shape(_keys: Option<&'static str>) -> OutputShape {
        OutputShape::Single
    }
}

/// In [`outputs!`](crate::outputs!): a map output whose values are of kind `K`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MapOf<K>(PhantomData<K>);

/// In [`outputs!`](crate::outputs!): a list output whose items are of kind `K`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListOf<K>(PhantomData<K>);

impl<K: Kind> OutputType for MapOf<K> {
    type Ref = MapRef<K>;
    const KIND: ValueKind = K::KIND;
    const COLLECTION: bool = true;
    fn reference(instance: &str, output: &'static str) -> MapRef<K> {
        MapRef { whole: Ref::new(instance, output) }
    }
    fn shape(keys: Option<&'static str>) -> OutputShape {
        OutputShape::Map(keys.map_or(KeySource::Computed, KeySource::Input))
    }
}

impl<K: Kind> OutputType for ListOf<K> {
    type Ref = ListRef<K>;
    const KIND: ValueKind = K::KIND;
    const COLLECTION: bool = true;
    fn reference(instance: &str, output: &'static str) -> ListRef<K> {
        ListRef { whole: Ref::new(instance, output) }
    }
    fn shape(keys: Option<&'static str>) -> OutputShape {
        OutputShape::List(keys.map_or(KeySource::Computed, KeySource::Input))
    }
}

/// A reference to a map output of instance `instance` whose values are of kind `K`.
pub struct MapRef<K> {
    whole: Ref<K>,
}

/// A reference to a list output of instance `instance` whose items are of kind `K`.
pub struct ListRef<K> {
    whole: Ref<K>,
}

impl<K> MapRef<K> {
    /// The value at `key`, typed like one output of kind `K`: written `<instance>.<output>.<key>`
    /// in stack files, emitted `module.<instance>.<output>["<key>"]`. Composition refuses a key
    /// the map does not have.
    ///
    /// ```
    /// use paved_blueprint::{MapOf, Ref, Wire, DeadLetterTargetArn, kinds};
    /// paved_blueprint::outputs! {
    ///     /// Outputs of a blueprint with a queue for each key of its `queues` input.
    ///     pub struct QueuesOutputs {
    ///         /// ARN of each queue, by its key in `queues`.
    ///         queue_arns: MapOf<kinds::QueueArn> = "{ for key, queue in aws_sqs_queue.this : key => queue.arn }" keys from queues,
    ///     }
    /// }
    /// let orders: Ref<kinds::QueueArn> = QueuesOutputs::new("bus").queue_arns.key("orders");
    /// assert_eq!(orders.target(), "bus.queue_arns.orders");
    /// let _wired: Wire<DeadLetterTargetArn> = orders.into();
    /// ```
    pub fn key(&self, key: impl Into<String>) -> Ref<K> {
        self.whole.indexed(key.into())
    }

    /// The referenced instance.
    pub fn instance(&self) -> &str {
        self.whole.instance()
    }

    /// The referenced output.
    pub fn output(&self) -> &'static str {
        self.whole.output()
    }

    /// The whole map, as written in stack files: `<instance>.<output>`.
    pub fn target(&self) -> String {
        self.whole.target()
    }
}

impl<K> ListRef<K> {
    /// The item at `position`, typed like one output of kind `K`: written
    /// `<instance>.<output>.<position>` in stack files. Composition refuses a position past the end.
    pub fn item(&self, position: usize) -> Ref<K> {
        self.whole.indexed(position.to_string())
    }

    /// The referenced instance.
    pub fn instance(&self) -> &str {
        self.whole.instance()
    }

    /// The referenced output.
    pub fn output(&self) -> &'static str {
        self.whole.output()
    }

    /// The whole list, as written in stack files: `<instance>.<output>`.
    pub fn target(&self) -> String {
        self.whole.target()
    }
}

macro_rules! collection_ref_traits {
    ($name:ident) => {
        impl<K> Clone for $name<K> {
            fn clone(&self) -> Self {
                Self { whole: self.whole.clone() }
            }
        }

        impl<K> fmt::Debug for $name<K> {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(formatter, "{}({})", stringify!($name), self.whole.target())
            }
        }

        impl<K> PartialEq for $name<K> {
            fn eq(&self, other: &Self) -> bool {
                self.whole == other.whole
            }
        }

        impl<K> Serialize for $name<K> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.whole.serialize(serializer)
            }
        }
    };
}

collection_ref_traits!(MapRef);
collection_ref_traits!(ListRef);

/// An input that takes a map of `T` values, each given directly or wired from one value of
/// another instance, or wired whole from another instance's map output of `T`'s kind.
///
/// In a stack file, `{ ref = "queues.queue_arns" }` in place of the whole map; composition accepts
/// a whole map output only at such an input, and a single-value output never.
///
/// ```
/// use paved_blueprint::{MapOf, WireMap, Wire, kinds};
/// paved_blueprint::constrained_string! {
///     /// The ARN of an SQS queue.
///     QueueArn {
///         what: "SQS queue ARN",
///         pattern: "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
///         length: 20 ..= 256,
///         rule: "use a queue ARN",
///         kind: kinds::QueueArn,
///     }
/// }
/// paved_blueprint::outputs! {
///     /// Outputs of a blueprint with a queue for each key of its `queues` input.
///     pub struct QueuesOutputs {
///         /// ARN of each queue, by its key in `queues`.
///         queue_arns: MapOf<kinds::QueueArn> = "local.queue_arns" keys from queues,
///     }
/// }
/// let whole: WireMap<QueueArn> = QueuesOutputs::new("queues").queue_arns.into();
/// assert_eq!(serde_json::to_value(&whole)?, serde_json::json!({ "ref": "queues.queue_arns" }));
/// let one: Wire<QueueArn> = QueuesOutputs::new("queues").queue_arns.key("orders").into();
/// let entries: WireMap<QueueArn> = [("orders".to_owned(), one)].into_iter().collect();
/// assert_eq!(serde_json::to_value(&entries)?, serde_json::json!({ "orders": { "ref": "queues.queue_arns.orders" } }));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// A map output of another kind is refused at compile time:
///
/// ```compile_fail,E0277
/// use paved_blueprint::{MapRef, WireMap, kinds};
/// paved_blueprint::constrained_string! {
///     /// The ARN of an SQS queue.
///     QueueArn {
///         what: "SQS queue ARN",
///         pattern: "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
///         length: 20 ..= 256,
///         rule: "use a queue ARN",
///         kind: kinds::QueueArn,
///     }
/// }
/// fn wire(tables: MapRef<kinds::TableArn>) -> WireMap<QueueArn> {
///     tables.into()
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum WireMap<T: crate::Wirable> {
    /// The entries, each a value or a reference to one value.
    Entries(std::collections::BTreeMap<String, crate::Wire<T>>),
    /// Another instance's whole map output.
    Ref(MapRef<T::Kind>),
}

impl<T: crate::Wirable, K: Kind> From<MapRef<K>> for WireMap<T>
where
    T::Kind: crate::Accepts<K>,
{
    fn from(reference: MapRef<K>) -> Self {
        WireMap::Ref(MapRef { whole: reference.whole.accepted_as() })
    }
}

impl<T: crate::Wirable> FromIterator<(String, crate::Wire<T>)> for WireMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, crate::Wire<T>)>>(entries: I) -> Self {
        WireMap::Entries(entries.into_iter().collect())
    }
}

impl<T: crate::Wirable + Serialize> Serialize for WireMap<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WireMap::Entries(entries) => entries.serialize(serializer),
            WireMap::Ref(reference) => reference.serialize(serializer),
        }
    }
}

impl<'de, T: crate::Wirable + serde::Deserialize<'de>> serde::Deserialize<'de> for WireMap<T> {
    /// Values only: references are resolved by composition, which works on JSON, not on `WireMap`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        std::collections::BTreeMap::<String, T>::deserialize(deserializer).map(|entries| {
            WireMap::Entries(entries.into_iter().map(|(key, value)| (key, crate::Wire::Value(value))).collect())
        })
    }
}

impl<T: crate::Wirable + schemars::JsonSchema> schemars::JsonSchema for WireMap<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("WireMap_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let entries = generator.subschema_for::<std::collections::BTreeMap<String, crate::Wire<T>>>();
        schemars::json_schema!({
            "anyOf": [entries, crate::reference_schema(<T::Kind as crate::KindSet>::KINDS)],
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Definition, DefinitionError, KeySource, Output, OutputShape, Parts, kinds};
    use std::collections::BTreeMap;

    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Inputs {
        /// The queues, by key.
        queues: BTreeMap<String, u32>,
        /// A name.
        name: String,
    }

    fn build(shape: OutputShape) -> Result<Definition, DefinitionError> {
        Definition::build(Parts {
            name: "demo",
            version: "1.0.0",
            summary: "Demo.",
            description: "Demo.",
            notes: "",
            outputs: vec![Output {
                name: "queue_arns",
                kind: <kinds::QueueArn as crate::Kind>::KIND,
                shape,
                description: "ARNs.",
                value: "local.queue_arns",
                present_when: None,
            }],
            example: Inputs { queues: BTreeMap::new(), name: "demo".into() },
            main_template: "",
        })
    }

    #[test]
    fn a_key_source_must_be_a_top_level_input_of_the_right_shape() {
        assert!(build(OutputShape::Map(KeySource::Input("queues"))).is_ok());
        assert!(build(OutputShape::Map(KeySource::Computed)).is_ok());
        for (shape, problem) in [
            (OutputShape::Map(KeySource::Input("rules")), "the input `rules`, which the blueprint does not have"),
            (
                OutputShape::Map(KeySource::Input("name")),
                "the input `name`, which is not one; name a top-level map input",
            ),
            (
                OutputShape::List(KeySource::Input("queues")),
                "the input `queues`, which is not one; name a top-level list input",
            ),
        ] {
            let error = build(shape).expect_err("refused").to_string();
            assert!(error.starts_with("blueprint `demo`: the output `queue_arns` takes its keys from"), "{error}");
            assert!(error.contains(problem), "{error}");
        }
    }
}
