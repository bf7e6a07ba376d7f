//! Validated HCL identifiers.

use std::fmt;

/// An HCL identifier: a letter or `_`, then letters, digits, `_` or `-`.
///
/// Names that end up as identifiers in emitted Terraform (variable names, module instance names,
/// output names) are validated with [`Identifier::new`] and never escaped: a name that is not a
/// valid identifier is an error for the user to fix, not something to repair silently.
///
/// ```
/// use paved_hcl::Identifier;
/// assert_eq!(Identifier::new("orders_api")?.as_str(), "orders_api");
/// assert!(Identifier::new("1st").is_err());
/// assert!(Identifier::new("a\" = evil").is_err());
/// # Ok::<(), paved_hcl::IdentifierError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identifier(String);

/// A string that is not a valid HCL identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a valid identifier: {reason}; use letters, digits, `_` and `-`, starting with a letter or `_`"
)]
pub struct IdentifierError {
    /// The rejected text.
    pub value: String,
    /// Why it was rejected.
    pub reason: &'static str,
}

impl Identifier {
    /// Validates `name` as an HCL identifier.
    pub fn new(name: impl Into<String>) -> Result<Self, IdentifierError> {
        let name = name.into();
        let reason = match name.chars().next() {
            None => Some("it is empty"),
            Some(first) if !(first.is_ascii_alphabetic() || first == '_') => Some("it must start with a letter or `_`"),
            Some(_) if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') => {
                Some("it contains a character other than letters, digits, `_` and `-`")
            }
            Some(_) => None,
        };
        match reason {
            Some(reason) => Err(IdentifierError { value: name, reason }),
            None => Ok(Self(name)),
        }
    }

    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl From<Identifier> for hcl::Identifier {
    fn from(identifier: Identifier) -> Self {
        hcl::Identifier::unchecked(identifier.0)
    }
}
