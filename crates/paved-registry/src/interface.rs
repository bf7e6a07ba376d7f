//! A module version's interface as the registry records it in `index.json`: its inputs, typed at
//! every depth (shape, nullability, default, constraints, the kinds a wired value may have), its
//! outputs and their kinds, the resource and module addresses its configuration declares with
//! its `moved` blocks, and the aliased provider configurations it needs from its caller. The
//! semver check (`compatibility`) compares two of them. A map or
//! list output also records its shape and the input its keys come from; one value records none,
//! so interfaces published before map outputs existed are read, and written, unchanged.
//!
//! Interfaces published before the typed parts were recorded hold only each input's Terraform
//! type as text (`type`), whether it is required, and each output's kind. Every typed part is
//! optional when read, and a part one side lacks is never reported as a change: the check then
//! compares what both sides record (the shape, read back from the type text).

use paved_blueprint::{Constraint, Definition, Field, KeySource, OutputShape, Shape, TypeNode};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Number, Value};

/// A module version's interface as the registry records it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Interface {
    /// The inputs.
    pub inputs: Vec<InterfaceInput>,
    /// The outputs.
    pub outputs: Vec<InterfaceOutput>,
    /// The resource and module addresses the module declares, and its `moved` blocks; `None`
    /// where they were not recorded (interfaces published before they were, or built by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// The aliased `aws` provider configurations the module needs from its caller, in the order
    /// the blueprint declares them; empty for a module that needs none (and for every interface
    /// recorded before aliases were, as no module needed one then).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provider_aliases: Vec<InterfaceProviderAlias>,
    /// The rules across top-level inputs (rules inside an object input are recorded with its
    /// type); `None` where they were not recorded (interfaces published before they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<InterfaceRule>>,
}

/// A rule across top-level inputs, as recorded: what it requires and why, apart, so that a
/// reworded reason is told from a changed requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceRule {
    /// What the rule requires ([`paved_blueprint::Rule::statement`]: symmetric comparisons with
    /// their operands in name order).
    pub rule: String,
    /// Why, as the blueprint states it.
    pub reason: String,
}

impl InterfaceRule {
    /// The recorded form of a blueprint rule.
    pub fn of(rule: &paved_blueprint::Rule) -> Self {
        Self { rule: rule.statement(), reason: rule.reason.clone() }
    }
}

/// One aliased provider configuration a module needs (`aws.us_east_1` in `us-east-1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceProviderAlias {
    /// The alias, such as `us_east_1`.
    pub alias: String,
    /// The region the caller's configuration must use.
    pub region: String,
}

/// One input of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceInput {
    /// The variable name.
    pub name: String,
    /// The Terraform type, such as `number` or `list(string)`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether callers must set it.
    pub required: bool,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// The value an optional input takes when the caller does not set it (JSON `null` when it
    /// has none); `None` for a required input, and where it was not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub default: Option<Value>,
    /// The typed structure of the value; `None` where it was not recorded (then the shape is
    /// read from [`InterfaceInput::type_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_type: Option<ValueType>,
}

/// One output of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceOutput {
    /// The output name.
    pub name: String,
    /// What kind of value it is (each value, for a map or list output).
    pub kind: String,
    /// One value, or a map or list of values and where its keys come from; one value where it
    /// was not recorded (interfaces published before map outputs existed).
    #[serde(default, skip_serializing_if = "InterfaceOutputShape::is_single")]
    pub shape: InterfaceOutputShape,
    /// The input that must be set for the output to have a value; `None` when it always has one
    /// (and where it was not recorded: interfaces published before conditional outputs existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present_when: Option<String>,
    /// What it is.
    #[serde(default)]
    pub description: String,
}

/// How many values an output holds, as recorded: the blueprint's [`OutputShape`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "of", content = "keys_from")]
pub enum InterfaceOutputShape {
    /// One value.
    #[default]
    Single,
    /// A map of values, keyed like the named input (`None`: keys Terraform computes).
    Map(Option<String>),
    /// A list of values, one per item of the named input (`None`: positions Terraform computes).
    List(Option<String>),
}

impl InterfaceOutputShape {
    /// The recorded shape of a blueprint output's shape.
    pub fn of(shape: &OutputShape) -> Self {
        let keys = |source: &KeySource| match source {
            KeySource::Input(input) => Some((*input).to_owned()),
            KeySource::Computed => None,
        };
        match shape {
            OutputShape::Single => InterfaceOutputShape::Single,
            OutputShape::Map(source) => InterfaceOutputShape::Map(keys(source)),
            OutputShape::List(source) => InterfaceOutputShape::List(keys(source)),
        }
    }

    /// Whether the output is one value.
    pub fn is_single(&self) -> bool {
        matches!(self, InterfaceOutputShape::Single)
    }
}

impl std::fmt::Display for InterfaceOutputShape {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InterfaceOutputShape::Single => formatter.write_str("one value"),
            InterfaceOutputShape::Map(_) => formatter.write_str("a map"),
            InterfaceOutputShape::List(_) => formatter.write_str("a list"),
        }
    }
}

/// The type of an input, an attribute, or the items of a collection, with its constraints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueType {
    /// The shape of the value.
    pub shape: ValueShape,
    /// Whether `null` is an accepted value.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// The rules a value must satisfy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ValueConstraint>,
    /// The kinds a wired output may have, when the value is one that outputs produce: one, or
    /// several for a union (recorded as `kind`, a name for one kind and a list for several, so
    /// entries recorded before unions read unchanged); empty when it is none.
    #[serde(default, rename = "kind", skip_serializing_if = "Vec::is_empty", with = "one_or_many")]
    pub kinds: Vec<String>,
    /// Whether another instance's output may be wired in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wirable: bool,
}

/// The shape of a value, as Terraform's type system sees it (whole numbers kept apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueShape {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Bool,
    /// An ordered list of values of one type.
    List(Box<ValueType>),
    /// A map from string keys to values of one type.
    Map(Box<ValueType>),
    /// An object with named attributes.
    Object(Vec<Attribute>),
}

/// One attribute of an object value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// The attribute name.
    pub name: String,
    /// Whether callers must set it.
    pub required: bool,
    /// The value it takes when the caller does not set it (JSON `null` when it has none); `None`
    /// for a required attribute.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub default: Option<Value>,
    /// Its type.
    pub value_type: ValueType,
}

/// A rule a value must satisfy, as recorded (the blueprint's [`Constraint`], with cross-attribute
/// rules kept as their text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "check")]
pub enum ValueConstraint {
    /// A number between `min` and `max`, both inclusive.
    Range {
        /// The smallest value, when bounded below.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Number>,
        /// The largest value, when bounded above.
        #[serde(default, skip_serializing_if = "Option::is_none")]
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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u64>,
        /// The most characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u64>,
    },
    /// A string matching a regular expression.
    Pattern {
        /// The expression.
        regex: String,
    },
    /// A list whose number of items is within bounds.
    Items {
        /// The fewest items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u64>,
        /// The most items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u64>,
    },
    /// A map whose every key matches a regular expression.
    KeyPattern {
        /// The expression keys match.
        regex: String,
    },
    /// A map none of whose keys is one of `keys`.
    ReservedKeys {
        /// The refused keys.
        keys: Vec<String>,
    },
    /// A map of strings whose keys and values together hold at most `max` bytes.
    TotalBytes {
        /// The most bytes.
        max: u64,
    },
    /// A string that is the JSON text of an object.
    JsonObject,
    /// A rule across the attributes of an object, as a sentence.
    Rule {
        /// The rule as the blueprint states it.
        rule: String,
    },
    /// A rule this version of Paved does not know (recorded by a newer one); never compared.
    #[serde(other)]
    Other,
}

/// The addresses a module's configuration declares, and its `moved` blocks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resources {
    /// Every `resource` and `module` block, nested local modules included
    /// (`module.function.aws_lambda_function.this`), sorted by address.
    pub declared: Vec<DeclaredAddress>,
    /// Every `moved` block, with nested modules' addresses prefixed the same way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Moved>,
}

/// One `resource` or `module` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredAddress {
    /// Its address, such as `aws_sqs_queue.this` or `module.function`.
    pub address: String,
    /// How its instances are keyed.
    #[serde(default, skip_serializing_if = "Repetition::is_single")]
    pub repeated: Repetition,
}

/// How the instances of a block are keyed, which is part of their addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repetition {
    /// One instance, without a key.
    #[default]
    Single,
    /// `count`: instances keyed by position (`[0]`).
    Count,
    /// `for_each`: instances keyed by the map or set keys (`["orders"]`).
    ForEach,
}

impl Repetition {
    fn is_single(&self) -> bool {
        *self == Repetition::Single
    }

    /// The meta-argument, as the template spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Repetition::Single => "neither `count` nor `for_each`",
            Repetition::Count => "`count`",
            Repetition::ForEach => "`for_each`",
        }
    }
}

/// One `moved` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The old address, such as `aws_iam_role_policy.producer[0]`.
    pub from: String,
    /// The new address.
    pub to: String,
}

/// Reads a present JSON value as `Some`, `null` included (serde reads `null` as `None` otherwise),
/// so that "no default" (`null`) and "not recorded" (absent) stay apart.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl Interface {
    /// The interface of a blueprint definition: its inputs and outputs. The resources are
    /// recorded by [`Interface::with_resources`], from the emitted module.
    pub fn of(definition: &Definition) -> Self {
        Self {
            inputs: definition.inputs.iter().map(InterfaceInput::of).collect(),
            outputs: definition
                .outputs
                .iter()
                .map(|output| InterfaceOutput {
                    name: output.name.to_owned(),
                    kind: output.kind.to_string(),
                    shape: InterfaceOutputShape::of(&output.shape),
                    present_when: output.present_when.map(str::to_owned),
                    description: output.description.to_owned(),
                })
                .collect(),
            resources: None,
            provider_aliases: definition
                .provider_aliases
                .iter()
                .map(|provider| InterfaceProviderAlias {
                    alias: provider.alias.to_string(),
                    region: provider.region.to_string(),
                })
                .collect(),
            rules: Some(definition.rules.iter().map(InterfaceRule::of).collect()),
        }
    }

    /// This interface with the resources of `files` recorded.
    pub fn with_resources(self, files: &paved_module::ModuleFiles) -> Result<Self, crate::ResourcesError> {
        Ok(Self { resources: Some(crate::resources::resources_of(files)?), ..self })
    }
}

impl InterfaceInput {
    /// The recorded input of one blueprint field.
    pub fn of(field: &Field) -> Self {
        Self {
            name: field.name.clone(),
            type_name: field.node.shape.to_string(),
            required: field.required,
            description: field.description.clone(),
            default: default_of(field),
            value_type: Some(ValueType::of(&field.node)),
        }
    }
}

fn default_of(field: &Field) -> Option<Value> {
    if field.required { None } else { Some(field.default.clone().unwrap_or(Value::Null)) }
}

impl ValueType {
    /// The recorded type of a blueprint type node.
    pub fn of(node: &TypeNode) -> Self {
        let shape = match &node.shape {
            Shape::String => ValueShape::String,
            Shape::Integer => ValueShape::Integer,
            Shape::Number => ValueShape::Number,
            Shape::Bool => ValueShape::Bool,
            Shape::List(item) => ValueShape::List(Box::new(ValueType::of(item))),
            Shape::Map(value) => ValueShape::Map(Box::new(ValueType::of(value))),
            Shape::Object(fields) => ValueShape::Object(
                fields
                    .iter()
                    .map(|field| Attribute {
                        name: field.name.clone(),
                        required: field.required,
                        default: default_of(field),
                        value_type: ValueType::of(&field.node),
                    })
                    .collect(),
            ),
        };
        Self {
            shape,
            nullable: node.nullable,
            constraints: node.constraints.iter().map(ValueConstraint::of).collect(),
            kinds: node.kinds.iter().map(ToString::to_string).collect(),
            wirable: node.wirable,
        }
    }

    /// A type of `shape` with nothing else known.
    pub fn plain(shape: ValueShape) -> Self {
        Self { shape, nullable: false, constraints: Vec::new(), kinds: Vec::new(), wirable: false }
    }

    /// The shape read back from a Terraform type as Paved writes it (`string`, `number`, `bool`,
    /// `list(T)`, `map(T)`, `object({name = T, …})`); `None` for any other text. Attributes read
    /// this way are marked required, and whole numbers read as `number`.
    pub fn from_terraform_type(text: &str) -> Option<Self> {
        let mut reader = TypeReader { rest: text.trim() };
        let value_type = reader.value_type()?;
        reader.rest.trim().is_empty().then_some(value_type)
    }
}

/// A recursive-descent reader of Terraform type text.
struct TypeReader<'a> {
    rest: &'a str,
}

impl TypeReader<'_> {
    fn eat(&mut self, token: &str) -> bool {
        let trimmed = self.rest.trim_start();
        match trimmed.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn name(&mut self) -> Option<String> {
        let trimmed = self.rest.trim_start();
        let end = trimmed.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_'))?;
        (end > 0).then(|| {
            self.rest = &trimmed[end..];
            trimmed[..end].to_owned()
        })
    }

    fn value_type(&mut self) -> Option<ValueType> {
        let shape = if self.eat("string") {
            ValueShape::String
        } else if self.eat("number") {
            ValueShape::Number
        } else if self.eat("bool") {
            ValueShape::Bool
        } else if self.eat("list(") {
            let item = self.value_type()?;
            self.eat(")").then_some(())?;
            ValueShape::List(Box::new(item))
        } else if self.eat("map(") {
            let value = self.value_type()?;
            self.eat(")").then_some(())?;
            ValueShape::Map(Box::new(value))
        } else if self.eat("object({") {
            let mut attributes = Vec::new();
            while !self.eat("})") {
                if !attributes.is_empty() {
                    self.eat(",").then_some(())?;
                }
                let name = self.name()?;
                self.eat("=").then_some(())?;
                let value_type = self.value_type()?;
                attributes.push(Attribute { name, required: true, default: None, value_type });
            }
            ValueShape::Object(attributes)
        } else {
            return None;
        };
        Some(ValueType::plain(shape))
    }
}

impl ValueConstraint {
    /// The recorded form of a blueprint constraint.
    pub fn of(constraint: &Constraint) -> Self {
        match constraint {
            Constraint::Range { min, max } => ValueConstraint::Range { min: min.clone(), max: max.clone() },
            Constraint::OneOf { values } => ValueConstraint::OneOf { values: values.clone() },
            Constraint::Length { min, max } => ValueConstraint::Length { min: *min, max: *max },
            Constraint::Pattern { regex, .. } => ValueConstraint::Pattern { regex: regex.clone() },
            Constraint::Items { min, max } => ValueConstraint::Items { min: *min, max: *max },
            Constraint::KeyPattern { regex, .. } => ValueConstraint::KeyPattern { regex: regex.clone() },
            Constraint::ReservedKeys { keys } => ValueConstraint::ReservedKeys { keys: keys.clone() },
            Constraint::TotalBytes { max } => ValueConstraint::TotalBytes { max: *max },
            Constraint::JsonObject => ValueConstraint::JsonObject,
            Constraint::Rule(rule) => ValueConstraint::Rule { rule: rule.to_string() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_types_read_back_as_shapes() {
        let read = ValueType::from_terraform_type("object({name = string, sizes = list(number), tags = map(bool)})")
            .expect("reads");
        let ValueShape::Object(attributes) = read.shape else { panic!("an object: {read:?}") };
        let names: Vec<&str> = attributes.iter().map(|attribute| attribute.name.as_str()).collect();
        assert_eq!(names, ["name", "sizes", "tags"]);
        assert_eq!(attributes[1].value_type.shape, ValueShape::List(Box::new(ValueType::plain(ValueShape::Number))));
        assert_eq!(
            ValueType::from_terraform_type("object({})").map(|read| read.shape),
            Some(ValueShape::Object(vec![]))
        );
        assert_eq!(ValueType::from_terraform_type("tuple([string])"), None);
        assert_eq!(ValueType::from_terraform_type("list(string) extra"), None);
    }

    #[test]
    fn a_null_default_and_an_unrecorded_one_stay_apart() {
        let recorded: InterfaceInput =
            serde_json::from_str(r#"{"name":"a","type":"string","required":false,"default":null}"#).expect("reads");
        assert_eq!(recorded.default, Some(Value::Null));
        let old: InterfaceInput =
            serde_json::from_str(r#"{"name":"a","type":"string","required":false}"#).expect("reads");
        assert_eq!(old.default, None);
        assert_eq!(old.value_type, None);
        let written = serde_json::to_string(&recorded).expect("writes");
        assert!(written.contains(r#""default":null"#), "{written}");
    }

    #[test]
    fn one_kind_is_recorded_as_a_name_and_a_union_as_a_list() {
        let one: ValueType = serde_json::from_str(r#"{"shape":"string","kind":"sqs-queue-arn","wirable":true}"#)
            .expect("an entry recorded before unions reads");
        assert_eq!(one.kinds, ["sqs-queue-arn"]);
        assert_eq!(serde_json::to_value(&one).expect("writes")["kind"], "sqs-queue-arn");
        let union = ValueType { kinds: vec!["sqs-queue-arn".into(), "sns-topic-arn".into()], ..one };
        let written = serde_json::to_value(&union).expect("writes");
        assert_eq!(written["kind"], serde_json::json!(["sqs-queue-arn", "sns-topic-arn"]));
        assert_eq!(serde_json::from_value::<ValueType>(written).expect("reads"), union);
        let none = ValueType::plain(ValueShape::String);
        assert_eq!(serde_json::to_value(&none).expect("writes").get("kind"), None);
    }
}

/// A list of names recorded as one name when it holds one, and as a list otherwise.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub(super) fn serialize<S: Serializer>(names: &[String], serializer: S) -> Result<S::Ok, S::Error> {
        match names {
            [name] => name.serialize(serializer),
            names => names.serialize(serializer),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(deserializer)? {
            OneOrMany::One(name) => vec![name],
            OneOrMany::Many(names) => names,
        })
    }
}
