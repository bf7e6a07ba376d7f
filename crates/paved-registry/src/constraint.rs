//! Terraform version constraints (`~> 1.2`, `>= 1.0, < 2.0`, `= 1.2.3`, …) and which versions they match.
//!
//! The syntax and meaning are Terraform's, not Cargo's: a bare version is exact, `~>` allows only the
//! rightmost stated segment to grow, terms separated by commas must all hold, and a prerelease version
//! is selected only by an exact (`=` or bare) term naming it; `>`, `>=`, `<`, `<=` and `~>` never match a
//! prerelease. Build metadata is ignored when comparing.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use semver::Version;

/// The syntax an error message offers as the way to fix a bad constraint.
const ACCEPTED_SYNTAX: &str = "write comma-separated terms such as `~> 1.2`, `>= 1.0, < 2.0`, `= 1.2.3`, `1.2.3` or \
     `!= 1.2.4`, each an operator (`=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, or none for `=`) and a version \
     `MAJOR[.MINOR[.PATCH]][-PRERELEASE]`";

/// A comparison operator of one constraint term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Operator {
    /// `=`, or no operator: exactly this version.
    Equal,
    /// `!=`: any version but this one.
    NotEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `~>`: this version or newer, growing only the rightmost stated segment.
    Pessimistic,
}

impl Operator {
    /// The operator as Terraform writes it.
    fn as_str(self) -> &'static str {
        match self {
            Self::Equal => "=",
            Self::NotEqual => "!=",
            Self::Greater => ">",
            Self::GreaterOrEqual => ">=",
            Self::Less => "<",
            Self::LessOrEqual => "<=",
            Self::Pessimistic => "~>",
        }
    }

    /// Splits a leading operator off `text`: the run of operator-like symbols before the version,
    /// none meaning `=`.
    fn split(text: &str) -> Result<(Self, &str), String> {
        let symbols_end = text.find(|character: char| !"<>=!~^*".contains(character)).unwrap_or(text.len());
        let (symbols, rest) = text.split_at(symbols_end);
        let operator = match symbols {
            "" | "=" => Self::Equal,
            "!=" => Self::NotEqual,
            ">" => Self::Greater,
            ">=" => Self::GreaterOrEqual,
            "<" => Self::Less,
            "<=" => Self::LessOrEqual,
            "~>" => Self::Pessimistic,
            _ => return Err(format!("`{symbols}` is not an operator")),
        };
        if rest.trim_start().starts_with(|character: char| "<>=!~^*".contains(character)) {
            return Err("it has more than one operator".to_owned());
        }
        Ok((operator, rest))
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One term of a constraint, such as `~> 1.2`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    operator: Operator,
    /// The version with missing segments filled with zeros.
    version: Version,
    /// How many of `MAJOR.MINOR.PATCH` were written (1 to 3); `~>` depends on it.
    segments: usize,
    /// The version as written (without a leading `v`), for display.
    written: String,
}

impl Term {
    fn parse(text: &str) -> Result<Self, String> {
        let (operator, rest) = Operator::split(text)?;
        let written = rest.trim();
        if written.is_empty() {
            return Err(format!("the operator `{operator}` has no version after it"));
        }
        if written.chars().any(char::is_whitespace) {
            return Err(format!("`{written}` is not one version (terms are separated by commas)"));
        }
        let unprefixed = written.strip_prefix('v').unwrap_or(written);
        let core_end = unprefixed.find(['-', '+']).unwrap_or(unprefixed.len());
        let (core, suffix) = unprefixed.split_at(core_end);
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 3 {
            return Err(format!("`{written}` has more than three segments"));
        }
        for part in &parts {
            if part.is_empty() {
                return Err(format!("`{written}` has an empty segment"));
            }
            if !part.chars().all(|character| character.is_ascii_digit()) {
                return Err(format!("`{written}` is not a version: `{part}` is not a number"));
            }
            if part.len() > 1 && part.starts_with('0') {
                return Err(format!("`{written}` is not a version: `{part}` has a leading zero"));
            }
        }
        let segments = parts.len();
        let mut padded = parts.join(".");
        for _ in segments..3 {
            padded.push_str(".0");
        }
        padded.push_str(suffix);
        let version = Version::parse(&padded).map_err(|error| format!("`{written}` is not a version: {error}"))?;
        Ok(Self { operator, version, segments, written: unprefixed.to_owned() })
    }

    /// Whether `candidate`, a release (not a prerelease), satisfies this term.
    fn matches_release(&self, candidate: &Version) -> bool {
        let ordering = candidate.cmp_precedence(&self.version);
        match self.operator {
            Operator::Equal => ordering == Ordering::Equal,
            Operator::NotEqual => ordering != Ordering::Equal,
            Operator::Greater => ordering == Ordering::Greater,
            Operator::GreaterOrEqual => ordering != Ordering::Less,
            Operator::Less => ordering == Ordering::Less,
            Operator::LessOrEqual => ordering != Ordering::Greater,
            Operator::Pessimistic => {
                ordering != Ordering::Less && candidate.cmp_precedence(&self.pessimistic_limit()) == Ordering::Less
            }
        }
    }

    /// The first version `~>` excludes: `~> 1` and `~> 1.2` stop at `2.0.0`, `~> 1.2.3` at `1.3.0`.
    fn pessimistic_limit(&self) -> Version {
        if self.segments == 3 {
            Version::new(self.version.major, self.version.minor + 1, 0)
        } else {
            Version::new(self.version.major + 1, 0, 0)
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.operator, self.written)
    }
}

/// A Terraform version constraint: one or more comma-separated terms that must all hold.
///
/// ```
/// # use paved_registry::VersionConstraint;
/// let constraint: VersionConstraint = "~> 1.2".parse().unwrap();
/// assert!(constraint.matches(&semver::Version::new(1, 9, 0)));
/// assert!(!constraint.matches(&semver::Version::new(2, 0, 0)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionConstraint {
    terms: Vec<Term>,
}

impl VersionConstraint {
    /// Parses `text`; the one validation behind `FromStr`, `TryFrom` and `Deserialize`.
    pub fn new(text: &str) -> Result<Self, ConstraintError> {
        let error = |term: &str, reason: String| ConstraintError {
            constraint: text.to_owned(),
            term: term.trim().to_owned(),
            reason,
        };
        if text.trim().is_empty() {
            return Err(error(text, "it is empty (use `>= 0.0.0` for any release)".to_owned()));
        }
        let terms = text
            .split(',')
            .map(|term| {
                if term.trim().is_empty() {
                    Err(error(term, "a comma has no term after or before it".to_owned()))
                } else {
                    Term::parse(term.trim()).map_err(|reason| error(term, reason))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { terms })
    }

    /// Whether `version` satisfies every term.
    ///
    /// A prerelease such as `2.0.0-beta.1` matches only when a `=` (or bare) term names it exactly;
    /// every other `=` term must name it too, `!=` terms apply as usual, and any `>`, `>=`, `<`, `<=`
    /// or `~>` term rules it out, as in Terraform.
    pub fn matches(&self, version: &Version) -> bool {
        if version.pre.is_empty() {
            return self.terms.iter().all(|term| term.matches_release(version));
        }
        let names_it = |term: &Term| version.cmp_precedence(&term.version) == Ordering::Equal;
        let mut named = false;
        for term in &self.terms {
            let holds = match term.operator {
                Operator::Equal => names_it(term),
                Operator::NotEqual => !names_it(term),
                _ => false,
            };
            if !holds {
                return false;
            }
            named |= term.operator == Operator::Equal;
        }
        named
    }

    /// The newest of `versions` that matches, by semver precedence.
    pub fn newest_matching<'a>(&self, versions: impl IntoIterator<Item = &'a Version>) -> Option<&'a Version> {
        versions.into_iter().filter(|version| self.matches(version)).max_by(|left, right| left.cmp_precedence(right))
    }
}

impl fmt::Display for VersionConstraint {
    /// The terms in a normal form: `>= 1.0, < 2.0`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, term) in self.terms.iter().enumerate() {
            if index > 0 {
                formatter.write_str(", ")?;
            }
            write!(formatter, "{term}")?;
        }
        Ok(())
    }
}

impl FromStr for VersionConstraint {
    type Err = ConstraintError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

impl TryFrom<&str> for VersionConstraint {
    type Error = ConstraintError;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        Self::new(text)
    }
}

impl serde::Serialize for VersionConstraint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for VersionConstraint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::new(&String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// A version constraint that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{term}` in the version constraint `{constraint}` is not valid: {reason}; {ACCEPTED_SYNTAX}")]
#[non_exhaustive]
pub struct ConstraintError {
    /// The whole constraint as given.
    pub constraint: String,
    /// The term that is wrong, trimmed.
    pub term: String,
    /// What is wrong with it.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> Version {
        Version::parse(text).expect("a test version")
    }

    fn constraint(text: &str) -> VersionConstraint {
        text.parse().unwrap_or_else(|error| panic!("`{text}` should parse: {error}"))
    }

    /// Asserts which of `candidates` match `text`, by listing the ones that do.
    #[track_caller]
    fn assert_selects(text: &str, candidates: &[&str], expected: &[&str]) {
        let constraint = constraint(text);
        let selected: Vec<&str> =
            candidates.iter().copied().filter(|candidate| constraint.matches(&version(candidate))).collect();
        assert_eq!(selected, expected, "`{text}`");
    }

    const RELEASES: &[&str] =
        &["0.9.9", "1.0.0", "1.1.0", "1.2.0", "1.2.3", "1.2.4", "1.2.10", "1.3.0", "1.10.0", "2.0.0"];

    #[test]
    fn pessimistic_with_two_segments_allows_minor_and_patch_to_grow() {
        assert_selects("~> 1.2", RELEASES, &["1.2.0", "1.2.3", "1.2.4", "1.2.10", "1.3.0", "1.10.0"]);
    }

    #[test]
    fn pessimistic_with_three_segments_allows_only_patch_to_grow() {
        assert_selects("~> 1.2.3", RELEASES, &["1.2.3", "1.2.4", "1.2.10"]);
        assert_selects("~> 1.2.0", RELEASES, &["1.2.0", "1.2.3", "1.2.4", "1.2.10"]);
    }

    #[test]
    fn pessimistic_with_one_segment_stays_within_the_major_version() {
        assert_selects("~> 1", RELEASES, &["1.0.0", "1.1.0", "1.2.0", "1.2.3", "1.2.4", "1.2.10", "1.3.0", "1.10.0"]);
        assert_selects("~> 0", RELEASES, &["0.9.9"]);
    }

    #[test]
    fn pessimistic_on_major_zero_still_stops_at_the_next_major() {
        assert_selects("~> 0.9", &["0.8.0", "0.9.0", "0.9.9", "0.10.0", "1.0.0"], &["0.9.0", "0.9.9", "0.10.0"]);
    }

    #[test]
    fn ranges_combine_with_commas() {
        assert_selects(">= 1.0, < 2.0", RELEASES, &RELEASES[1..9]);
        assert_selects(">1.2.3,<=1.3.0", RELEASES, &["1.2.4", "1.2.10", "1.3.0"]);
        assert_selects(">= 1.2, != 1.2.4, < 1.3", RELEASES, &["1.2.0", "1.2.3", "1.2.10"]);
    }

    #[test]
    fn each_comparison_operator_has_its_own_boundary() {
        let candidates = &["1.2.2", "1.2.3", "1.2.4"];
        assert_selects("> 1.2.3", candidates, &["1.2.4"]);
        assert_selects(">= 1.2.3", candidates, &["1.2.3", "1.2.4"]);
        assert_selects("< 1.2.3", candidates, &["1.2.2"]);
        assert_selects("<= 1.2.3", candidates, &["1.2.2", "1.2.3"]);
        assert_selects("!= 1.2.3", candidates, &["1.2.2", "1.2.4"]);
        assert_selects("= 1.2.3", candidates, &["1.2.3"]);
    }

    #[test]
    fn a_bare_version_is_exact_and_short_versions_fill_with_zeros() {
        assert_selects("1.2.3", RELEASES, &["1.2.3"]);
        assert_selects("= 1.2", RELEASES, &["1.2.0"]);
        assert_selects("1", RELEASES, &["1.0.0"]);
        assert_selects("v1.2.3", RELEASES, &["1.2.3"]);
        assert_eq!(constraint("= v1.2.3").to_string(), "= 1.2.3", "a tag's `v` is dropped when shown");
    }

    #[test]
    fn whitespace_around_operators_and_terms_is_ignored() {
        for text in [">=1.0,<2.0", "  >=   1.0  ,   <  2.0  ", "\t>= 1.0,\n< 2.0"] {
            assert_eq!(constraint(text), constraint(">= 1.0, < 2.0"), "`{text}`");
        }
        assert_eq!(constraint(" ~>1.2 ").to_string(), "~> 1.2");
    }

    #[test]
    fn prereleases_match_only_an_exact_term_naming_them() {
        let beta = version("2.0.0-beta.1");
        assert!(constraint("= 2.0.0-beta.1").matches(&beta));
        assert!(constraint("2.0.0-beta.1").matches(&beta));
        assert!(constraint("= 2.0.0-beta.1, != 1.0.0").matches(&beta));
        for text in [
            ">= 1.0",
            "~> 2.0",
            "~> 2.0.0-beta.1",
            ">= 2.0.0-beta.1",
            "<= 2.0.0",
            "< 3.0",
            "> 1.0",
            "!= 1.0.0",
            "= 2.0.0",
            "= 2.0.0-beta.2",
            "= 2.0.0-beta.1, >= 1.0",
            "= 2.0.0-beta.1, != 2.0.0-beta.1",
        ] {
            assert!(!constraint(text).matches(&beta), "`{text}` must not match {beta}");
        }
    }

    #[test]
    fn a_prerelease_bound_still_selects_releases() {
        assert_selects(">= 2.0.0-beta.1", &["1.9.0", "2.0.0-beta.2", "2.0.0"], &["2.0.0"]);
        assert_selects("~> 2.0.0-beta.1", &["2.0.0", "2.0.5", "2.1.0"], &["2.0.0", "2.0.5"]);
    }

    #[test]
    fn the_limit_of_pessimistic_excludes_its_own_prereleases() {
        assert_selects("~> 1.2", &["1.9.9", "2.0.0-rc.1", "2.0.0"], &["1.9.9"]);
    }

    #[test]
    fn build_metadata_is_ignored() {
        assert!(constraint("= 1.2.3").matches(&version("1.2.3+build.7")));
        assert!(!constraint("!= 1.2.3").matches(&version("1.2.3+build.7")));
        assert!(constraint("= 1.2.3+other").matches(&version("1.2.3")));
    }

    #[test]
    fn newest_matching_picks_by_precedence_not_by_order() {
        let versions: Vec<Version> = ["1.1.0", "2.0.0", "1.10.0", "1.9.0", "2.1.0-beta"].map(version).to_vec();
        assert_eq!(constraint("~> 1.0").newest_matching(&versions), Some(&versions[2]));
        assert_eq!(constraint(">= 1.0").newest_matching(&versions), Some(&versions[1]));
        assert_eq!(constraint("= 2.1.0-beta").newest_matching(&versions), Some(&versions[4]));
        assert_eq!(constraint("~> 3.0").newest_matching(&versions), None);
        assert_eq!(constraint("~> 1.0").newest_matching(&[]), None);
    }

    #[test]
    fn display_is_a_normal_form_that_parses_back() {
        for text in ["~>1.2", ">= 1.0,<2", "1.2.3", "!=1.2.4", "=2.0.0-beta.1"] {
            let parsed = constraint(text);
            assert_eq!(constraint(&parsed.to_string()), parsed, "`{text}`");
        }
        assert_eq!(constraint(">=1.0,<2").to_string(), ">= 1.0, < 2");
        assert_eq!(constraint("1.2.3").to_string(), "= 1.2.3");
    }

    #[test]
    fn errors_name_the_bad_term_and_the_accepted_syntax() {
        let cases = [
            ("", "", "empty"),
            (">= 1.0,", "", "comma"),
            (">= 1.0, , < 2", "", "comma"),
            (">= 1.0, ~>", "~>", "no version"),
            ("=> 1.0", "=> 1.0", "`=>` is not an operator"),
            ("> = 1.0", "> = 1.0", "more than one operator"),
            ("^1.2", "^1.2", "`^` is not an operator"),
            (">= 1.0 < 2.0", ">= 1.0 < 2.0", "not one version"),
            ("~> 1.2.3.4", "~> 1.2.3.4", "more than three segments"),
            ("1.x", "1.x", "`x` is not a number"),
            ("01.2", "01.2", "leading zero"),
            ("1..2", "1..2", "empty segment"),
            ("= 1.2.3-", "= 1.2.3-", "is not a version"),
            (">= 1.0, latest", "latest", "`latest` is not a number"),
        ];
        for (text, term, reason) in cases {
            let error = text.parse::<VersionConstraint>().expect_err(text);
            assert_eq!(error.term, term, "`{text}`");
            assert!(error.reason.contains(reason), "`{text}`: {}", error.reason);
            let message = error.to_string();
            assert!(message.contains(&format!("`{term}`")), "{message}");
            assert!(message.contains("`~> 1.2`") && message.contains("`>=`"), "{message}");
        }
    }

    #[test]
    fn deserialize_runs_the_same_validation() {
        let parsed: VersionConstraint = serde_json::from_str("\"~> 1.2\"").expect("valid");
        assert_eq!(parsed, constraint("~> 1.2"));
        assert_eq!(serde_json::to_string(&parsed).expect("serializes"), "\"~> 1.2\"");
        assert!(serde_json::from_str::<VersionConstraint>("\"1.x\"").is_err());
        assert_eq!(VersionConstraint::try_from("1.2.3"), Ok(constraint("= 1.2.3")));
    }
}
