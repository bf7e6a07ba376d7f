//! [`closed_set!`](crate::closed_set!), the macro behind every closed set of string values (runtimes, architectures, log levels, …).
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

/// Declares a closed set of string values as an enum: one list of `Variant => "text"` pairs
/// gives the enum (`#[non_exhaustive]`), `ALL`, `as_str`, `FromStr` (an [`UnknownVariant`]
/// listing the members), `Display`, serde in both directions and a JSON Schema `enum`, so they
/// can never disagree. Terraform `validation` blocks and README tables are derived from the
/// schema.
///
/// A crate using it needs only `paved_blueprint`, `serde` and `schemars` as dependencies.
///
/// ```
/// paved_blueprint::closed_set! {
///     /// The storage class of an Acme archive.
///     StorageClass ("storage class") {
///         /// Frequent access.
///         Standard => "STANDARD",
///         /// Infrequent access.
///         StandardIa => "STANDARD_IA",
///     }
/// }
/// assert_eq!("STANDARD_IA".parse::<StorageClass>()?, StorageClass::StandardIa);
/// assert_eq!(StorageClass::ALL.len(), 2);
/// assert_eq!(StorageClass::Standard.to_string(), "STANDARD");
/// let error = "GLACIER".parse::<StorageClass>().unwrap_err();
/// assert_eq!(error.to_string(), "`GLACIER` is not a valid storage class: use one of `STANDARD`, `STANDARD_IA`");
/// assert_eq!(serde_json::to_string(&StorageClass::Standard)?, "\"STANDARD\"");
/// let schema = schemars::schema_for!(StorageClass);
/// assert_eq!(schema.get("enum"), Some(&serde_json::json!(["STANDARD", "STANDARD_IA"])));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
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

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
            }
        }

        impl $crate::__private::schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_generator: &mut $crate::__private::schemars::SchemaGenerator) -> $crate::__private::schemars::Schema {
                $crate::__private::schemars::json_schema!({
                    "type": "string",
                    "description": $what,
                    "enum": [$($text),+],
                })
            }
        }
    };
}
