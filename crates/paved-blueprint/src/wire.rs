//! Wiring: an input takes either a value or a reference to another instance's output.
//!
//! A reference is written `{ ref = "<instance>.<output>" }` in stack files (`{ ref =
//! "<instance>.<output>.<key>" }` for one value of a map or list output, see
//! [`ReferenceTarget`](crate::ReferenceTarget)) and serialised the same way from Rust. In Rust, [`Ref<K>`] carries the output's kind as a type, so
//! `Wire<ExistingFunctionName>` accepts `Ref<kinds::FunctionName>` and nothing else: a table
//! name cannot be wired into a queue input, and the compiler says so. An input whose type accepts
//! a union of kinds (`Wire<DeadLetterTargetArn>`: a queue or a topic) accepts a `Ref` of each
//! member kind.

use crate::{Accepts, Kind, KindSet, ValueKind};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// The key of a reference object: `{ "ref": "<instance>.<output>" }`.
pub const REFERENCE_KEY: &str = "ref";

/// A reference to output `output` of instance `instance`, of kind `K`: a single-value output, or
/// one value of a map or list output ([`MapRef::key`](crate::MapRef::key)).
pub struct Ref<K> {
    instance: String,
    output: &'static str,
    key: Option<String>,
    kind: PhantomData<K>,
}

impl<K> Ref<K> {
    /// A reference to `instance.output`; blueprints' generated output structs call this.
    pub fn new(instance: &str, output: &'static str) -> Self {
        Self { instance: instance.to_owned(), output, key: None, kind: PhantomData }
    }

    /// The value at `key` of the map (or list) output this refers to.
    pub(crate) fn indexed(&self, key: String) -> Self {
        Self { instance: self.instance.clone(), output: self.output, key: Some(key), kind: PhantomData }
    }

    /// The referenced instance.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The referenced output.
    pub fn output(&self) -> &'static str {
        self.output
    }

    /// The key of the map output's value (or the list output's position) it refers to, if any.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The reference as written in stack files: `<instance>.<output>`, or
    /// `<instance>.<output>.<key>` for one value of a map or list output.
    pub fn target(&self) -> String {
        crate::ReferenceTarget::of(&self.instance, self.output, self.key.as_deref()).to_string()
    }

    /// The same reference, typed as accepted by the set `S` (a kind or a union holding `K`).
    pub(crate) fn accepted_as<S: Accepts<K>>(self) -> Ref<S>
    where
        K: Kind,
    {
        Ref { instance: self.instance, output: self.output, key: self.key, kind: PhantomData }
    }
}

impl<K> Clone for Ref<K> {
    fn clone(&self) -> Self {
        Self { instance: self.instance.clone(), output: self.output, key: self.key.clone(), kind: PhantomData }
    }
}

impl<K> fmt::Debug for Ref<K> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Ref({})", self.target())
    }
}

impl<K> PartialEq for Ref<K> {
    fn eq(&self, other: &Self) -> bool {
        self.instance == other.instance && self.output == other.output && self.key == other.key
    }
}

impl<K> Serialize for Ref<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(REFERENCE_KEY, &self.target())?;
        map.end()
    }
}

/// A value of a type whose values other instances' outputs can supply.
pub trait Wirable {
    /// The kinds of output that can stand in for a value: one [`Kind`], or a union of several
    /// declared with [`kind_union!`](crate::kind_union!).
    type Kind: KindSet;
}

/// An input value given directly or wired from another instance's output of a kind it accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire<T: Wirable> {
    /// A literal value.
    Value(T),
    /// Another instance's output (of one of the kinds `T::Kind` accepts).
    Ref(Ref<T::Kind>),
}

impl<T: Wirable> From<T> for Wire<T> {
    fn from(value: T) -> Self {
        Wire::Value(value)
    }
}

impl<T: Wirable, K: Kind> From<Ref<K>> for Wire<T>
where
    T::Kind: Accepts<K>,
{
    fn from(reference: Ref<K>) -> Self {
        Wire::Ref(reference.accepted_as())
    }
}

impl<T: Wirable + Serialize> Serialize for Wire<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Wire::Value(value) => value.serialize(serializer),
            Wire::Ref(reference) => reference.serialize(serializer),
        }
    }
}

impl<'de, T: Wirable + Deserialize<'de>> Deserialize<'de> for Wire<T> {
    /// Values only: references are resolved by composition, which works on JSON, not on `Wire`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Wire::Value)
    }
}

impl<T: Wirable + JsonSchema> JsonSchema for Wire<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Wire_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [generator.subschema_for::<T>(), reference_schema(T::Kind::KINDS)],
        })
    }
}

/// The schema of `{ "ref": "<instance>.<output>" }` (or `"<instance>.<output>.<key>"`), marked `x-paved-reference` so the interface
/// reader knows the input may be wired (from an output of one of `kinds`, or of any kind when
/// `kinds` is empty).
///
/// ```
/// use paved_blueprint::{KindSet, kinds, reference_schema};
/// let queue = reference_schema(kinds::QueueArn::KINDS);
/// assert_eq!(queue.get("x-paved-kind"), Some(&serde_json::json!("sqs-queue-arn")));
/// let union = reference_schema(kinds::DeadLetterTarget::KINDS);
/// assert_eq!(union.get("x-paved-kind"), Some(&serde_json::json!(["sqs-queue-arn", "sns-topic-arn"])));
/// assert_eq!(reference_schema(&[]).get("x-paved-kind"), None);
/// ```
pub fn reference_schema(kinds: &[ValueKind]) -> schemars::Schema {
    let mut schema = schemars::json_schema!({
        "type": "object",
        "description": "A reference to another instance's output, `<instance>.<output>` (`<instance>.<output>.<key>` for one value of a map or list output).",
        "properties": { REFERENCE_KEY: { "type": "string", "pattern": crate::REFERENCE_PATTERN } },
        "required": [REFERENCE_KEY],
        "additionalProperties": false,
        "x-paved-reference": true,
    });
    if let Some(kinds) = kinds_schema_value(kinds) {
        schema.insert(KIND_KEY.into(), kinds);
    }
    schema
}

/// The schema extension naming the kinds of output an input accepts (or, on an output's own
/// type, the kind it is): one name, or a list of names when a union accepts several.
pub const KIND_KEY: &str = "x-paved-kind";

/// The value of [`KIND_KEY`] for `kinds`: a string for one kind, a list for several, none for none.
pub fn kinds_schema_value(kinds: &[ValueKind]) -> Option<serde_json::Value> {
    match kinds {
        [] => None,
        [kind] => Some(serde_json::Value::from(kind.as_str())),
        several => Some(several.iter().map(|kind| serde_json::Value::from(kind.as_str())).collect()),
    }
}

/// A string given directly or wired from another instance's output of any kind (every output is
/// a string), such as an environment variable's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A literal string.
    Value(String),
    /// Another instance's output, as `<instance>.<output>` (`<instance>.<output>.<key>` for one
    /// value of a map or list output).
    Ref {
        /// The instance.
        instance: String,
        /// The output.
        output: &'static str,
        /// The key of the map output's value (or the list output's position), if any.
        key: Option<String>,
    },
}

impl From<&str> for Text {
    fn from(value: &str) -> Self {
        Text::Value(value.to_owned())
    }
}

impl From<String> for Text {
    fn from(value: String) -> Self {
        Text::Value(value)
    }
}

impl<K> From<Ref<K>> for Text {
    fn from(reference: Ref<K>) -> Self {
        Text::Ref { instance: reference.instance, output: reference.output, key: reference.key }
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Value(value) => serializer.serialize_str(value),
            Text::Ref { instance, output, key } => {
                let mut reference = Ref::<()>::new(instance, output);
                reference.key = key.clone();
                reference.serialize(serializer)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Text::Value)
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "anyOf": [{ "type": "string" }, reference_schema(&[])] })
    }
}

/// Declares a blueprint's outputs once: the typed struct of references composition hands out,
/// and the [`crate::Output`] list the module emits. Each output names its kind as a marker type
/// implementing [`Kind`] (Paved's [`kinds`](crate::kinds) or a catalog's own, declared with
/// [`value_kind!`](crate::value_kind!)).
///
/// ```
/// use paved_blueprint::kinds;
/// paved_blueprint::value_kind! {
///     /// The ARN of an Acme bucket.
///     pub AcmeBucketArn => "acme-bucket-arn";
/// }
/// paved_blueprint::outputs! {
///     /// Outputs of a demo blueprint.
///     pub struct DemoOutputs {
///         /// ARN of the queue.
///         queue_arn: kinds::QueueArn = "aws_sqs_queue.this.arn",
///         /// ARN of the bucket.
///         bucket_arn: AcmeBucketArn = "aws_s3_bucket.this.arn",
///     }
/// }
/// use paved_blueprint::{Kind, Ref};
/// let outputs = DemoOutputs::new("orders");
/// assert_eq!(outputs.queue_arn.target(), "orders.queue_arn");
/// let _typed: Ref<AcmeBucketArn> = outputs.bucket_arn;
/// assert_eq!(DemoOutputs::declarations()[0].kind, kinds::QueueArn::KIND);
/// assert_eq!(DemoOutputs::declarations()[1].kind.as_str(), "acme-bucket-arn");
/// ```
///
/// An output can hold many values of one kind: `MapOf<K>` (a [`MapRef<K>`](crate::MapRef) in
/// the struct) or `ListOf<K>` (a [`ListRef<K>`](crate::ListRef)). `keys from <input>` states
/// that its keys are those of the blueprint's own top-level map input (for a list, one item per
/// item of its list input), so composition checks an indexed reference against the keys the
/// stack gives; without it the keys are Terraform's to compute and the output is wired whole.
///
/// ```
/// use paved_blueprint::{KeySource, OutputShape, Ref, kinds};
/// paved_blueprint::outputs! {
///     /// Outputs of a blueprint with a queue for each key of its `queues` input.
///     pub struct QueuesOutputs {
///         /// ARN of each queue, by its key in `queues`.
///         queue_arns: paved_blueprint::MapOf<kinds::QueueArn> = "local.queue_arns" keys from queues,
///         /// URLs of the queues, in no stated order.
///         queue_urls: paved_blueprint::ListOf<kinds::QueueUrl> = "values(aws_sqs_queue.this)[*].url",
///     }
/// }
/// let outputs = QueuesOutputs::new("orders");
/// let typed: Ref<kinds::QueueArn> = outputs.queue_arns.key("eu");
/// assert_eq!(typed.target(), "orders.queue_arns.eu");
/// assert_eq!(outputs.queue_urls.item(0).target(), "orders.queue_urls.0");
/// let declared = QueuesOutputs::declarations();
/// assert_eq!(declared[0].shape, OutputShape::Map(KeySource::Input("queues")));
/// assert_eq!(declared[1].shape, OutputShape::List(KeySource::Computed));
/// ```
///
/// One value has no keys, and the compiler says so:
///
/// ```compile_fail,E0080
/// use paved_blueprint::kinds;
/// paved_blueprint::outputs! {
///     /// Outputs.
///     pub struct Outputs {
///         /// ARN of the queue.
///         queue_arn: kinds::QueueArn = "aws_sqs_queue.this.arn" keys from queues,
///     }
/// }
/// ```
///
/// A reference is wired only where its kind is expected: an output of a catalog's own kind
/// cannot stand in for a built-in input (here a dead-letter target, which takes a queue ARN or a
/// topic ARN), and the compiler says so.
///
/// ```compile_fail,E0277
/// use paved_blueprint::{DeadLetterTargetArn, Ref, Wire};
/// paved_blueprint::value_kind! {
///     /// The ARN of an Acme bucket.
///     pub AcmeBucketArn => "acme-bucket-arn";
/// }
/// let bucket: Ref<AcmeBucketArn> = Ref::new("archive", "bucket_arn");
/// let _target: Wire<DeadLetterTargetArn> = bucket.into();
/// ```
///
/// Nor can an output of another built-in kind:
///
/// ```compile_fail,E0277
/// use paved_blueprint::{DeadLetterTargetArn, Ref, Wire, kinds};
/// let table: Ref<kinds::TableArn> = Ref::new("orders", "table_arn");
/// let _target: Wire<DeadLetterTargetArn> = table.into();
/// ```
///
/// nor the ARN of a function (wiring a function's failures to another function is done by a
/// destination, not by a dead-letter target):
///
/// ```compile_fail,E0277
/// use paved_blueprint::{DeadLetterTargetArn, Ref, Wire, kinds};
/// let function: Ref<kinds::FunctionArn> = Ref::new("handler", "function_arn");
/// let _target: Wire<DeadLetterTargetArn> = function.into();
/// ```
///
/// while every kind of its union is accepted, a queue ARN and a topic ARN alike:
///
/// ```
/// use paved_blueprint::{DeadLetterTargetArn, Ref, Wire, kinds};
/// let queue: Ref<kinds::QueueArn> = Ref::new("orders", "dead_letter_queue_arn");
/// let target: Wire<DeadLetterTargetArn> = queue.into();
/// assert_eq!(serde_json::to_string(&target)?, r#"{"ref":"orders.dead_letter_queue_arn"}"#);
/// let topic: Ref<kinds::TopicArn> = Ref::new("alerts", "topic_arn");
/// let target: Wire<DeadLetterTargetArn> = topic.into();
/// assert_eq!(serde_json::to_string(&target)?, r#"{"ref":"alerts.topic_arn"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! outputs {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( #[doc = $description:literal] $output:ident : $kind:ty = $value:literal $(keys from $keys:ident)? $(when $present:ident is set)?, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $( #[doc = $description] pub $output: <$kind as $crate::OutputType>::Ref, )+
        }

        impl $name {
            /// References to the outputs of instance `instance`.
            pub fn new(instance: &str) -> Self {
                Self { $( $output: <$kind as $crate::OutputType>::reference(instance, stringify!($output)), )+ }
            }

            /// The outputs as the module declares them.
            pub fn declarations() -> Vec<$crate::Output> {
                vec![$(
                    $crate::Output {
                        name: stringify!($output),
                        kind: <$kind as $crate::OutputType>::KIND,
                        shape: <$kind as $crate::OutputType>::shape(None $(.or(Some(stringify!($keys))))?),
                        description: $description.trim(),
                        value: $value,
                        present_when: None $(.or(Some(stringify!($present))))?,
                    },
                )+]
            }
        }

        // Only a map or list output has keys: `keys from` on one value is a compile error.
        const _: () = {
            $(
                $(
                    assert!(
                        <$kind as $crate::OutputType>::COLLECTION || stringify!($keys).is_empty(),
                        concat!("the output `", stringify!($output), "` is one value; only a map or list output has `keys from`"),
                    );
                )?
            )+
        };
    };
}
