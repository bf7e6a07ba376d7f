//! The hashicorp/aws schema the stand-in serves, read from `tests/data/aws-provider-schema.json`
//! (compiled in), and its translation into the plugin protocol's schema.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock, Schema};

/// The committed extraction of the provider schema (see `tests/tools/extract-aws-schema.mjs`).
const SCHEMA_JSON: &str = include_str!("../data/aws-provider-schema.json");

/// Every resource and data source type of the extraction, with the provider version it is from.
#[derive(Debug, Deserialize)]
pub(crate) struct ProviderSchema {
    pub(crate) provider: ProviderVersion,
    pub(crate) resources: BTreeMap<String, BlockSchema>,
    pub(crate) data_sources: BTreeMap<String, BlockSchema>,
}

/// Where the extraction comes from.
#[derive(Debug, Deserialize)]
pub(crate) struct ProviderVersion {
    pub(crate) aws_provider_version: String,
    pub(crate) source: String,
    pub(crate) version: String,
}

/// The attributes and nested blocks of one block (a resource's top level included).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlockSchema {
    pub(crate) attributes: BTreeMap<String, AttributeSchema>,
    pub(crate) blocks: BTreeMap<String, NestedBlockSchema>,
}

/// One attribute: exactly one of required, optional, computed (computed-only), and its type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AttributeSchema {
    #[serde(default)]
    required: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    computed: bool,
    #[serde(rename = "type")]
    pub(crate) value_type: ValueType,
}

/// Who sets an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setter {
    /// The configuration must.
    Required,
    /// The configuration may; otherwise the provider may compute it. The extraction cannot tell
    /// an optional attribute from an optional and computed one, so every optional attribute is
    /// served as both: left unset, it plans as unknown (as a computed one would).
    Optional,
    /// Only the provider (computed-only): the configuration must not.
    Computed,
}

impl AttributeSchema {
    pub(crate) fn setter(&self) -> Setter {
        match (self.required, self.optional, self.computed) {
            (true, false, false) => Setter::Required,
            (false, true, _) => Setter::Optional,
            (false, false, true) => Setter::Computed,
            flags => panic!("an attribute of the schema file has the flags (required, optional, computed) = {flags:?}"),
        }
    }
}

/// A nested block: how it nests, how many it may have, and what it holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NestedBlockSchema {
    pub(crate) nesting: Nesting,
    #[serde(default)]
    pub(crate) min_items: u64,
    #[serde(default)]
    pub(crate) max_items: Option<u64>,
    #[serde(flatten)]
    pub(crate) block: BlockSchema,
}

/// A nested block's nesting mode, as in `terraform providers schema -json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Nesting {
    Single,
    List,
    Set,
    Map,
}

/// A Terraform value type, written as in `terraform providers schema -json`: `"string"`,
/// `["list", "string"]`, `["object", {"name": "string"}]`, `"dynamic"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueType {
    String,
    Number,
    Bool,
    List(Box<ValueType>),
    Set(Box<ValueType>),
    Map(Box<ValueType>),
    Object(BTreeMap<String, ValueType>),
    Dynamic,
}

impl<'de> Deserialize<'de> for ValueType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = serde_json::Value::deserialize(deserializer)?;
        ValueType::from_json(&json).map_err(serde::de::Error::custom)
    }
}

impl ValueType {
    fn from_json(json: &serde_json::Value) -> Result<ValueType, String> {
        use serde_json::Value;
        match json {
            Value::String(name) => match name.as_str() {
                "string" => Ok(ValueType::String),
                "number" => Ok(ValueType::Number),
                "bool" => Ok(ValueType::Bool),
                "dynamic" => Ok(ValueType::Dynamic),
                other => Err(format!("unknown primitive type `{other}`")),
            },
            Value::Array(pair) if pair.len() == 2 => {
                let (kind, inner) = (&pair[0], &pair[1]);
                match kind.as_str() {
                    Some("list") => Ok(ValueType::List(Box::new(ValueType::from_json(inner)?))),
                    Some("set") => Ok(ValueType::Set(Box::new(ValueType::from_json(inner)?))),
                    Some("map") => Ok(ValueType::Map(Box::new(ValueType::from_json(inner)?))),
                    Some("object") => {
                        let fields = inner.as_object().ok_or("an object type needs a map of fields")?;
                        let fields = fields
                            .iter()
                            .map(|(name, field)| Ok((name.clone(), ValueType::from_json(field)?)))
                            .collect::<Result<_, String>>()?;
                        Ok(ValueType::Object(fields))
                    }
                    _ => Err(format!("unknown type constructor {kind}")),
                }
            }
            other => Err(format!("`{other}` is not a type")),
        }
    }

    fn to_protocol(&self) -> AttributeType {
        match self {
            ValueType::String => AttributeType::String,
            ValueType::Number => AttributeType::Number,
            ValueType::Bool => AttributeType::Bool,
            ValueType::List(inner) => AttributeType::List(Box::new(inner.to_protocol())),
            ValueType::Set(inner) => AttributeType::Set(Box::new(inner.to_protocol())),
            ValueType::Map(inner) => AttributeType::Map(Box::new(inner.to_protocol())),
            ValueType::Object(fields) => {
                AttributeType::Object(fields.iter().map(|(name, field)| (name.clone(), field.to_protocol())).collect())
            }
            ValueType::Dynamic => AttributeType::Any,
        }
    }
}

impl ProviderSchema {
    /// The compiled-in extraction.
    pub(crate) fn load() -> ProviderSchema {
        serde_json::from_str(SCHEMA_JSON)
            .unwrap_or_else(|error| panic!("tests/data/aws-provider-schema.json does not parse: {error}"))
    }
}

impl BlockSchema {
    /// The plugin protocol's schema of this block as a resource or data source.
    pub(crate) fn to_protocol_schema(&self) -> Schema {
        Schema { version: 0, block: self.to_protocol_block() }
    }

    fn to_protocol_block(&self) -> Block {
        let attributes: HashMap<String, Attribute> = self
            .attributes
            .iter()
            .map(|(name, attribute)| {
                let constraint = match attribute.setter() {
                    Setter::Required => AttributeConstraint::Required,
                    Setter::Optional => AttributeConstraint::OptionalComputed,
                    Setter::Computed => AttributeConstraint::Computed,
                };
                let served = Attribute {
                    attr_type: attribute.value_type.to_protocol(),
                    description: Description::plain(""),
                    constraint,
                    sensitive: false,
                    deprecated: false,
                };
                (name.clone(), served)
            })
            .collect();
        let blocks: HashMap<String, NestedBlock> =
            self.blocks.iter().map(|(name, nested)| (name.clone(), nested.to_protocol())).collect();
        Block { version: 0, attributes, blocks, description: Description::plain(""), deprecated: false }
    }
}

impl NestedBlockSchema {
    /// The protocol's nested block. The `tf-provider` crate fixes the item counts of each mode
    /// (single: exactly one; list and set: any number; at most one: a list with `max_items` 1),
    /// so an optional single block is served in group mode and the stand-in checks `min_items`
    /// and `max_items` itself when it validates a configuration.
    fn to_protocol(&self) -> NestedBlock {
        let block = self.block.to_protocol_block();
        match self.nesting {
            Nesting::Single if self.min_items >= 1 => NestedBlock::Single(block),
            Nesting::Single => NestedBlock::Group(block),
            Nesting::List if self.max_items == Some(1) => NestedBlock::Optional(block),
            Nesting::List => NestedBlock::List(block),
            Nesting::Set => NestedBlock::Set(block),
            Nesting::Map => NestedBlock::Map(block),
        }
    }
}
