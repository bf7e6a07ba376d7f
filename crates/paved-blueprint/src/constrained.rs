//! The macro behind every validated string newtype.
//!
//! One invocation states a type's rule once (a regular expression, a length range, a sentence a
//! person can act on, and optionally the value kind it carries). The macro derives from it the
//! validating constructor that `FromStr`, `TryFrom` and `Deserialize` all call, and the JSON
//! Schema (`pattern`, `minLength`, `maxLength`, `x-paved-rule`, `x-paved-kind`) from which the
//! Terraform `validation` blocks and README tables are derived in turn.

/// A value that does not satisfy the rule of its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}: {rule}")]
pub struct ValueError {
    /// What kind of value was expected, e.g. `Lambda function name`.
    pub what: &'static str,
    /// The rejected value.
    pub value: String,
    /// The rule it breaks, as a sentence fragment a person can act on.
    pub rule: &'static str,
}

macro_rules! constrained_string {
    (
        $(#[$meta:meta])*
        $name:ident {
            what: $what:literal,
            pattern: $pattern:literal,
            length: $min:literal ..= $max:literal,
            rule: $rule:literal,
            $(kind: $kind:ident,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The regular expression every value matches (a subset shared by JSON Schema,
            /// Rust's `regex` and Terraform's RE2).
            pub const PATTERN: &'static str = $pattern;
            /// The fewest characters a value has.
            pub const MIN_LENGTH: usize = $min;
            /// The most characters a value has.
            pub const MAX_LENGTH: usize = $max;
            /// The rule, as a person reads it.
            pub const RULE: &'static str = $rule;

            /// Validates `value` against the type's rule.
            pub fn new(value: impl Into<String>) -> Result<Self, $crate::ValueError> {
                static REGEX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                    regex::Regex::new($pattern).expect("the pattern of a constrained string compiles")
                });
                let value = value.into();
                let length = value.chars().count();
                if !($min..=$max).contains(&length) || !REGEX.is_match(&value) {
                    return Err($crate::ValueError { what: $what, value, rule: $rule });
                }
                Ok(Self(value))
            }

            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ValueError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ValueError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::ValueError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::new(text).map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[allow(unused_mut)]
                let mut schema = schemars::json_schema!({
                    "type": "string",
                    "description": $what,
                    "pattern": $pattern,
                    "minLength": $min,
                    "maxLength": $max,
                    "x-paved-rule": $rule,
                });
                $(schema.insert("x-paved-kind".into(), serde_json::Value::from($crate::ValueKind::$kind.as_str()));)?
                schema
            }
        }

        $(
            impl $crate::Wirable for $name {
                type Kind = $crate::kinds::$kind;
            }
        )?
    };
}

pub(crate) use constrained_string;
