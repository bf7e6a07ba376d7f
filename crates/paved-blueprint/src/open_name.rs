//! The one rule of the names platforms choose for value kinds and governed settings: lowercase
//! words joined by `-`, such as `acme-bucket-arn`, checked by a `const fn` so names written in
//! source are checked when the crate compiles.

/// The regular expression of an open name (for JSON Schemas; [`is_open_name`] checks it).
pub(crate) const OPEN_NAME_PATTERN: &str = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

/// The most characters an open name has.
pub(crate) const OPEN_NAME_MAX_LENGTH: usize = 64;

/// The rule, as a person reads it.
pub(crate) const OPEN_NAME_RULE: &str = "use 1 to 64 lowercase letters and digits in words joined by single `-`, starting with a letter, such as `acme-bucket-arn`";

/// Whether `name` matches [`OPEN_NAME_PATTERN`] and is at most [`OPEN_NAME_MAX_LENGTH`] long.
pub(crate) const fn is_open_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > OPEN_NAME_MAX_LENGTH || !bytes[0].is_ascii_lowercase() {
        return false;
    }
    let mut index = 1;
    while index < bytes.len() {
        let byte = bytes[index];
        let word_character = byte.is_ascii_lowercase() || byte.is_ascii_digit();
        // A `-` joins two words: never last, never doubled.
        let joiner = byte == b'-' && index + 1 < bytes.len() && bytes[index - 1] != b'-';
        if !word_character && !joiner {
            return false;
        }
        index += 1;
    }
    true
}

/// Declares an open name type: a validated name with a `const fn from_static`, `new`, `as_str`,
/// `Display`, `FromStr`, serde as its string and a JSON Schema with the name's pattern.
macro_rules! open_name {
    (
        $(#[$meta:meta])*
        $name:ident ($what:literal)
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(std::borrow::Cow<'static, str>);

        impl $name {
            /// A name written in source, checked when the crate compiles.
            ///
            /// # Panics
            /// In const evaluation (a compile error) when `name` breaks the rule of open names.
            pub const fn from_static(name: &'static str) -> Self {
                assert!(
                    $crate::open_name::is_open_name(name),
                    concat!("a ", $what, " is 1 to 64 lowercase letters and digits in words joined by single `-`, starting with a letter")
                );
                Self(std::borrow::Cow::Borrowed(name))
            }

            /// Validates a name read at run time.
            pub fn new(name: &str) -> Result<Self, $crate::ValueError> {
                if $crate::open_name::is_open_name(name) {
                    Ok(Self(std::borrow::Cow::Owned(name.to_owned())))
                } else {
                    Err($crate::ValueError { what: $what, value: name.to_owned(), rule: $crate::open_name::OPEN_NAME_RULE })
                }
            }

            /// The name.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ValueError;
            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::new(name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::new(&text).map_err(serde::de::Error::custom)
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
                    "pattern": $crate::open_name::OPEN_NAME_PATTERN,
                    "minLength": 1,
                    "maxLength": $crate::open_name::OPEN_NAME_MAX_LENGTH,
                })
            }
        }
    };
}

pub(crate) use open_name;

#[cfg(test)]
mod tests {
    use super::is_open_name;

    #[test]
    fn open_names_are_lowercase_words_joined_by_single_dashes() {
        for good in ["runtime", "sqs-queue-arn", "acme-bucket-arn", "a", "x1-2y"] {
            assert!(is_open_name(good), "{good}");
        }
        for bad in ["", "Runtime", "1st", "-a", "a-", "a--b", "a_b", "a b", "é", &"a".repeat(65)] {
            assert!(!is_open_name(bad), "{bad}");
        }
    }
}
