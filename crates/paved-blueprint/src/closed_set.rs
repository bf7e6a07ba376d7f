//! The macro behind every closed set of string values (runtimes, architectures, log levels, …).
//!
//! One list of `Variant => "text"` pairs gives the enum, `ALL`, `as_str`, `FromStr`, `Display`,
//! serde in both directions and a JSON Schema `enum`, so the five can never disagree.

/// A string that is not a member of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}: use one of {allowed}")]
pub struct UnknownVariant {
    /// What kind of value was expected.
    pub what: &'static str,
    /// The rejected text.
    pub value: String,
    /// The accepted values, each in backticks.
    pub allowed: String,
}

macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $name:ident ($what:literal) {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every member, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The member's text as AWS and Terraform spell it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownVariant;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::UnknownVariant {
                        what: $what,
                        value: value.to_owned(),
                        allowed: Self::ALL
                            .iter()
                            .map(|member| format!("`{}`", member.as_str()))
                            .collect::<Vec<_>>()
                            .join(", "),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
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
                schemars::json_schema!({
                    "type": "string",
                    "description": $what,
                    "enum": [$($text),+],
                })
            }
        }
    };
}

pub(crate) use closed_set;
