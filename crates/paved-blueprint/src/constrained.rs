//! [`constrained_string!`](crate::constrained_string!), the macro behind every validated string newtype.
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

/// Declares a validated string newtype: one statement of the rule (a regular expression, a length
/// range, a sentence a person can act on, and optionally the value kind it carries) gives the
/// validating constructor `new` that `FromStr`, `TryFrom` and `Deserialize` all call, `as_str`,
/// `Display`, `AsRef<str>`, `Serialize`, and the JSON Schema (`pattern`, `minLength`,
/// `maxLength`, `x-paved-rule`, and `x-paved-kind` with `kind:`) that Terraform `validation`
/// blocks and README tables are derived from. With `kind: Marker`, where `Marker` implements
/// [`Kind`](crate::Kind) (Paved's [`kinds`](crate::kinds) or a catalog's own, declared with
/// [`value_kind!`](crate::value_kind!)) or is a union of kinds declared with
/// [`kind_union!`](crate::kind_union!), the type is [`Wirable`](crate::Wirable): an input of
/// type `Wire<Type>` takes a value or an output of that kind (of any kind of the union).
///
/// A crate using it needs only `paved_blueprint`, `serde` and `schemars` as dependencies. The
/// pattern is the subset shared by JSON Schema, Rust's `regex` and Terraform's RE2.
///
/// ```
/// paved_blueprint::value_kind! {
///     /// The name of an Acme bucket.
///     pub AcmeBucketName => "acme-bucket-name";
/// }
/// paved_blueprint::constrained_string! {
///     /// The name of an Acme bucket: `acme-` and lowercase words.
///     BucketName {
///         what: "Acme bucket name",
///         pattern: "^acme-[a-z0-9]+(-[a-z0-9]+)*$",
///         length: 8 ..= 63,
///         rule: "use `acme-` then lowercase letters and digits in words joined by `-`, 8 to 63 characters",
///         kind: AcmeBucketName,
///     }
/// }
/// let name: BucketName = "acme-orders-archive".parse()?;
/// assert_eq!(name.as_str(), "acme-orders-archive");
/// let error = BucketName::new("Orders").unwrap_err();
/// assert_eq!(error.to_string(), "`Orders` is not a valid Acme bucket name: use `acme-` then lowercase letters and digits in words joined by `-`, 8 to 63 characters");
/// assert!(serde_json::from_str::<BucketName>("\"orders\"").is_err());
/// let schema = schemars::schema_for!(BucketName);
/// assert_eq!(schema.get("x-paved-kind").and_then(|kind| kind.as_str()), Some("acme-bucket-name"));
/// let wired: paved_blueprint::Wire<BucketName> = paved_blueprint::Ref::<AcmeBucketName>::new("archive", "bucket_name").into();
/// assert_eq!(serde_json::to_string(&wired)?, r#"{"ref":"archive.bucket_name"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! constrained_string {
    (
        $(#[$meta:meta])*
        $name:ident {
            what: $what:literal,
            pattern: $pattern:literal,
            length: $min:literal ..= $max:literal,
            rule: $rule:literal,
            $(kind: $kind:path,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
                static REGEX: std::sync::LazyLock<$crate::__private::regex::Regex> = std::sync::LazyLock::new(|| {
                    $crate::__private::regex::Regex::new($pattern).expect("the pattern of a constrained string compiles")
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

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Self::new(text).map_err(<D::Error as $crate::__private::serde::de::Error>::custom)
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
                #[allow(unused_mut)]
                let mut schema = $crate::__private::schemars::json_schema!({
                    "type": "string",
                    "description": $what,
                    "pattern": $pattern,
                    "minLength": $min,
                    "maxLength": $max,
                    "x-paved-rule": $rule,
                });
                $(if let Some(kinds) = $crate::__private::kinds_schema_value(<$kind as $crate::KindSet>::KINDS) {
                    schema.insert($crate::KIND_KEY.into(), kinds);
                })?
                schema
            }
        }

        $(
            impl $crate::Wirable for $name {
                type Kind = $kind;
            }
        )?
    };
}
