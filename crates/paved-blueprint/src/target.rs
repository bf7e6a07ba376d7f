//! What a reference points at: `<instance>.<output>`, or one value of a map or list output,
//! `<instance>.<output>.<key>`.
//!
//! Instance and output names are identifiers without `.`, so everything after the second `.` is
//! the key, verbatim: `bus.rule_arns.orders.eu` is the key `orders.eu` of `bus.rule_arns`. Any key
//! a map input may have can be written without quoting inside the TOML string, and the emitted
//! HCL quotes it (`module.bus.rule_arns["orders.eu"]`).

use std::fmt;
use std::str::FromStr;

/// The JSON Schema pattern of a reference's text: `<instance>.<output>`, optionally `.<key>`.
pub const REFERENCE_PATTERN: &str = "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*(\\..+)?$";

/// A parsed reference target.
///
/// ```
/// use paved_blueprint::ReferenceTarget;
/// let target: ReferenceTarget = "bus.rule_arns.orders.eu".parse()?;
/// assert_eq!((target.instance(), target.output(), target.key()), ("bus", "rule_arns", Some("orders.eu")));
/// assert_eq!(target.to_string(), "bus.rule_arns.orders.eu");
/// assert_eq!(target.describe(), "bus.rule_arns[\"orders.eu\"]");
/// assert_eq!("queue.queue_arn".parse::<ReferenceTarget>()?.key(), None);
/// assert!("queue".parse::<ReferenceTarget>().unwrap_err().to_string().contains("<instance>.<output>"));
/// # Ok::<(), paved_blueprint::ReferenceTargetError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReferenceTarget {
    instance: String,
    output: String,
    key: Option<String>,
}

/// A reference whose text is not `<instance>.<output>` or `<instance>.<output>.<key>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the reference `{text}` {problem}; write `<instance>.<output>`, or `<instance>.<output>.<key>` for one value of a map output"
)]
pub struct ReferenceTargetError {
    /// The reference as written.
    pub text: String,
    /// What is wrong with it.
    pub problem: &'static str,
}

impl ReferenceTarget {
    /// Parses `<instance>.<output>` or `<instance>.<output>.<key>`.
    pub fn parse(text: &str) -> Result<Self, ReferenceTargetError> {
        let error = |problem| ReferenceTargetError { text: text.to_owned(), problem };
        let mut parts = text.splitn(3, '.');
        let instance = parts.next().unwrap_or_default();
        let output = parts.next().ok_or_else(|| error("names no output"))?;
        let key = parts.next();
        if !is_name(instance) || !is_name(output) {
            return Err(error(
                "does not start with an instance and an output name (lowercase letters, digits and `_`)",
            ));
        }
        if key == Some("") {
            return Err(error("ends with `.` but names no key"));
        }
        Ok(Self { instance: instance.to_owned(), output: output.to_owned(), key: key.map(str::to_owned) })
    }

    /// A reference to `instance.output`, indexed by `key` when one is given.
    pub(crate) fn of(instance: &str, output: &str, key: Option<&str>) -> Self {
        Self { instance: instance.to_owned(), output: output.to_owned(), key: key.map(str::to_owned) }
    }

    /// The referenced instance.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// The referenced output.
    pub fn output(&self) -> &str {
        &self.output
    }

    /// The key of a map output (or the position of a list output's item), when indexed.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The reference without its key: the whole output.
    pub fn whole(&self) -> Self {
        Self { key: None, ..self.clone() }
    }

    /// The reference as errors show it: `bus.rule_arns["orders"]` (the key in JSON quotes), or
    /// `queue.queue_arn`.
    pub fn describe(&self) -> String {
        match &self.key {
            Some(key) => format!("{}.{}[{}]", self.instance, self.output, serde_json::Value::from(key.as_str())),
            None => format!("{}.{}", self.instance, self.output),
        }
    }
}

fn is_name(text: &str) -> bool {
    let mut characters = text.chars();
    characters.next().is_some_and(|first| first.is_ascii_lowercase())
        && characters.all(|character| character.is_ascii_lowercase() || character.is_ascii_digit() || character == '_')
}

impl fmt::Display for ReferenceTarget {
    /// As written in stack files: `<instance>.<output>` or `<instance>.<output>.<key>`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}", self.instance, self.output)?;
        match &self.key {
            Some(key) => write!(formatter, ".{key}"),
            None => Ok(()),
        }
    }
}

impl FromStr for ReferenceTarget {
    type Err = ReferenceTargetError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_everything_after_the_output_verbatim() {
        let target = ReferenceTarget::parse("bus.rule_arns.a \"b\" ${c}").expect("a valid reference");
        assert_eq!(target.key(), Some("a \"b\" ${c}"));
        assert_eq!(target.to_string(), "bus.rule_arns.a \"b\" ${c}");
        assert_eq!(target.describe(), "bus.rule_arns[\"a \\\"b\\\" ${c}\"]");
        assert_eq!(target.whole().to_string(), "bus.rule_arns");
    }

    #[test]
    fn malformed_references_say_what_is_wrong() {
        for (text, problem) in [
            ("bus", "names no output"),
            ("bus.", "does not start"),
            ("Bus.arn", "does not start"),
            ("bus.rule-arns.x", "does not start"),
            ("bus.rule_arns.", "names no key"),
        ] {
            let error = ReferenceTarget::parse(text).expect_err(text);
            assert!(error.to_string().contains(problem), "{text}: {error}");
        }
    }

    #[test]
    fn the_schema_pattern_accepts_what_parses() {
        let pattern = regex::Regex::new(REFERENCE_PATTERN).expect("a valid pattern");
        for text in ["bus.rule_arns", "bus.rule_arns.orders", "bus.rule_arns.a.b", "q1.queue_arn.0"] {
            assert!(pattern.is_match(text) && ReferenceTarget::parse(text).is_ok(), "{text}");
        }
        for text in ["bus", "bus.rule_arns.", "Bus.arn"] {
            assert!(!pattern.is_match(text) && ReferenceTarget::parse(text).is_err(), "{text}");
        }
    }
}
