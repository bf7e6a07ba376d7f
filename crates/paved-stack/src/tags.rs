//! Cost-allocation tags: which keys a stack applies, the rule of their values, and the checks of
//! what each environment declares.
//!
//! Every tag an environment declares is applied through the provider's `default_tags`: the
//! finops tags, the stack's `required_tags` and any other key every environment declares each
//! through a `tag_<key>` variable set in every `.tfvars`; keys only some environments declare
//! through the `environment_tags` map, set in the `.tfvars` of those environments. Values follow
//! AWS's tagging rules ([`tag_field`], also the variables' `validation` blocks), no key or value
//! takes the reserved `aws:` prefix, and an `Environment` value must not name another stage than
//! its environment.

use crate::compose::{Checker, FINOPS_TAGS};
use crate::stack::{Environment, StackSettings};
use paved_blueprint::Field;
use serde_json::json;
use std::collections::BTreeMap;

/// The characters AWS allows in tag keys and values.
const TAG_VALUE_PATTERN: &str = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$";

/// The most characters AWS allows in a tag value.
const TAG_VALUE_MAX_LENGTH: u64 = 256;

/// The prefix AWS reserves for its own tag keys and values, in any case.
const RESERVED_PREFIX: &str = "aws:";

/// The rule of a tag value, as a person reads it.
const TAG_VALUE_RULE: &str = "use 1 to 256 letters, digits, spaces and `_.:/=+-@` (AWS's tagging rules)";

/// The tag keys the stack applies through one `tag_<key>` variable each, in order: the finops
/// tags, `required_tags`, then every other key every environment declares (alphabetically); each
/// once.
pub(crate) fn applied_tag_keys(settings: &StackSettings, environments: &BTreeMap<String, Environment>) -> Vec<String> {
    let everywhere =
        |key: &str| environments.values().all(|environment| environment.tags.keys().any(|tag| tag.as_str() == key));
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let required = FINOPS_TAGS.iter().copied().chain(settings.required_tags.iter().map(|key| key.as_str()));
    for key in required.chain(declared_keys(environments).into_iter().filter(|key| everywhere(key))) {
        if seen.insert(key) {
            keys.push(key.to_owned());
        }
    }
    keys
}

/// The keys some environments declare and others do not (and that are not required): applied,
/// where declared, through the `environment_tags` map variable.
pub(crate) fn partial_tag_keys(settings: &StackSettings, environments: &BTreeMap<String, Environment>) -> Vec<String> {
    let applied = applied_tag_keys(settings, environments);
    declared_keys(environments)
        .into_iter()
        .filter(|key| !applied.iter().any(|other| other == key))
        .map(str::to_owned)
        .collect()
}

/// The variable of [`partial_tag_keys`].
pub(crate) const PARTIAL_TAGS_VARIABLE: &str = "environment_tags";

fn declared_keys(environments: &BTreeMap<String, Environment>) -> Vec<&str> {
    let mut keys: Vec<&str> =
        environments.values().flat_map(|environment| environment.tags.keys().map(|key| key.as_str())).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The interface of [`PARTIAL_TAGS_VARIABLE`]: a map of tag keys to values under the same rules.
pub(crate) fn partial_tags_field() -> Field {
    let schema = json!({
        "type": "object",
        "properties": { "value": {
            "type": "object",
            "additionalProperties": tag_value_schema(),
            "propertyNames": { "pattern": paved_blueprint::TagKey::PATTERN, "x-paved-rule": paved_blueprint::TagKey::RULE },
        } },
        "required": ["value"],
    });
    let mut field = Field::from_schema(&schema).expect("a literal schema reads").remove(0);
    field.name = PARTIAL_TAGS_VARIABLE.to_owned();
    field.description = "Cost-allocation tags this environment sets that others do not.".to_owned();
    field.default = Some(json!({}));
    field.required = false;
    field
}

fn tag_value_schema() -> serde_json::Value {
    json!({
        "type": "string",
        "minLength": 1,
        "maxLength": TAG_VALUE_MAX_LENGTH,
        "pattern": TAG_VALUE_PATTERN,
        "x-paved-rule": TAG_VALUE_RULE,
    })
}

/// The interface of a tag variable, which compose-time checks and the `validation` blocks of
/// `variables.tf` share: a non-empty string of at most 256 characters of AWS's tag alphabet.
pub(crate) fn tag_field(key: &str) -> Field {
    let schema = json!({
        "type": "object",
        "properties": { "value": tag_value_schema() },
        "required": ["value"],
    });
    let mut field = Field::from_schema(&schema).expect("a literal schema reads").remove(0);
    field.description = format!("Value of the `{key}` cost-allocation tag on every resource.");
    field
}

/// Checks the tags of every environment: each applied key set (and not empty) everywhere, no
/// `aws:` prefix, values within AWS's rules, and `Environment` agreeing with its environment.
pub(crate) fn check_tags(
    checker: &mut Checker<'_>,
    settings: &StackSettings,
    environments: &BTreeMap<String, Environment>,
) {
    for (index, key) in settings.required_tags.iter().enumerate() {
        if has_reserved_prefix(key.as_str()) {
            checker.report(
                &["stack", "required_tags", &index.to_string()],
                format!("the required tag `{key}` starts with `aws:`, which AWS reserves for its own tags"),
                Some("choose a key without the `aws:` prefix".into()),
            );
        }
    }
    let applied = applied_tag_keys(settings, environments);
    let required: Vec<&str> =
        FINOPS_TAGS.iter().copied().chain(settings.required_tags.iter().map(|key| key.as_str())).collect();
    for (name, environment) in environments {
        for key in &applied {
            check_presence(checker, name, environment, key, required.contains(&key.as_str()));
        }
        for (key, value) in &environment.tags {
            if value.trim().is_empty() && !applied.contains(&key.to_string()) {
                check_presence(checker, name, environment, key.as_str(), false);
            }
            check_declared(checker, name, key.as_str(), value);
        }
        check_environment_tag(checker, name, environment, environments);
    }
}

fn has_reserved_prefix(text: &str) -> bool {
    text.get(..RESERVED_PREFIX.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(RESERVED_PREFIX))
}

/// A key every environment must set: present and not empty.
fn check_presence(checker: &mut Checker<'_>, name: &str, environment: &Environment, key: &str, required: bool) {
    let value = environment.tags.iter().find(|(tag, _)| tag.as_str() == key).map(|(_, value)| value.as_str());
    match value {
        None => checker.report(
            &["environments", name, "tags"],
            format!("environment `{name}` has no value for the required tag `{key}`"),
            Some(format!("add `{key} = \"…\"` to `[environments.{name}.tags]`")),
        ),
        Some(value) if value.trim().is_empty() => checker.report(
            &["environments", name, "tags", key],
            match required {
                true => format!("environment `{name}` sets the required tag `{key}` to an empty value"),
                false => format!("environment `{name}` sets the tag `{key}` to an empty value"),
            },
            Some("give it a value; cost reports group resources by it".into()),
        ),
        Some(_) => {}
    }
}

/// The key's reserved prefix and the value's length, alphabet and reserved prefix.
fn check_declared(checker: &mut Checker<'_>, name: &str, key: &str, value: &str) {
    let path = ["environments", name, "tags", key];
    if has_reserved_prefix(key) {
        checker.report(
            &path,
            format!("environment `{name}` sets the tag `{key}`, whose `aws:` prefix AWS reserves for its own tags"),
            Some("choose a key without the `aws:` prefix".into()),
        );
    }
    if has_reserved_prefix(value) {
        checker.report(
            &path,
            format!("environment `{name}`: the value of the tag `{key}` starts with `aws:`, which AWS reserves"),
            Some("choose a value without the `aws:` prefix".into()),
        );
    }
    if value.trim().is_empty() {
        // Reported by the presence check, with its own advice.
        return;
    }
    let field = tag_field(key);
    if let Err(errors) = paved_blueprint::validate(std::slice::from_ref(&field), &json!({ "value": value })) {
        for error in errors.0 {
            let shown: String = value.chars().take(40).collect();
            let ellipsis = if value.chars().count() > 40 { "…" } else { "" };
            let offending = value
                .chars()
                .find(|character| !tag_character(*character))
                .map(|character| format!(" (`{}` is not allowed)", character.escape_debug()))
                .unwrap_or_default();
            checker.report(
                &path,
                format!(
                    "environment `{name}`: the value of the tag `{key}` (`{shown}{ellipsis}`, {} characters) {}{offending}",
                    value.chars().count(),
                    error.problem
                ),
                (!error.problem.contains(TAG_VALUE_RULE)).then(|| TAG_VALUE_RULE.to_owned()),
            );
        }
    }
}

/// Whether AWS allows `character` in a tag value (`\p{L}\p{Z}\p{N}_.:/=+\-@`).
fn tag_character(character: char) -> bool {
    static REGEX: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]$").expect("the pattern compiles"));
    let mut buffer = [0; 4];
    REGEX.is_match(character.encode_utf8(&mut buffer))
}

/// The stage a common environment name or `Environment` value stands for.
fn stage(text: &str) -> Option<&'static str> {
    let text = text.trim().to_ascii_lowercase();
    Some(match text.as_str() {
        "production" | "prod" | "prd" | "live" => "production",
        "staging" | "stage" | "stg" | "preprod" | "pre-production" | "preproduction" => "staging",
        "development" | "develop" | "dev" => "development",
        "test" | "testing" | "qa" => "test",
        "sandbox" | "sbx" => "sandbox",
        _ => return None,
    })
}

/// An `Environment` value that names another environment of the stack, or another stage than
/// the environment's own, would file one environment's costs under another.
fn check_environment_tag(
    checker: &mut Checker<'_>,
    name: &str,
    environment: &Environment,
    environments: &BTreeMap<String, Environment>,
) {
    let Some(value) = environment.tags.iter().find(|(key, _)| key.as_str() == "Environment").map(|(_, value)| value)
    else {
        return;
    };
    if value.trim().is_empty() || value.trim().eq_ignore_ascii_case(name) {
        return;
    }
    let names_other =
        environments.keys().find(|other| other.as_str() != name && other.eq_ignore_ascii_case(value.trim()));
    let other_stage = match (stage(name), stage(value)) {
        (Some(own), Some(tagged)) if own != tagged => Some(tagged),
        _ => None,
    };
    let contradiction = match (names_other, other_stage) {
        (Some(other), _) => format!("the name of the stack's environment `{other}`"),
        (None, Some(tagged)) => format!("the `{tagged}` stage"),
        (None, None) => return,
    };
    checker.report(
        &["environments", name, "tags", "Environment"],
        format!("environment `{name}` sets the tag `Environment` to `{value}`, {contradiction}: its costs would be reported under another environment"),
        Some(format!("set `Environment = \"{name}\"` in `[environments.{name}.tags]`")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_alphabet_is_aws_s() {
        for allowed in ['a', 'Z', '7', ' ', '_', '.', ':', '/', '=', '+', '-', '@', 'é', 'ж', '٣', '\u{3000}'] {
            assert!(tag_character(allowed), "{allowed:?}");
        }
        for refused in ['<', '>', '"', '\'', '\n', '\t', '$', '{', '%', '#', '&', '*', '!'] {
            assert!(!tag_character(refused), "{refused:?}");
        }
    }

    #[test]
    fn the_reserved_prefix_ignores_case() {
        assert!(has_reserved_prefix("aws:createdBy"));
        assert!(has_reserved_prefix("AWS:x"));
        assert!(has_reserved_prefix("Aws:"));
        assert!(!has_reserved_prefix("awsome"));
        assert!(!has_reserved_prefix("aw"));
        assert!(!has_reserved_prefix("éws:"));
    }

    #[test]
    fn stages_group_common_spellings() {
        assert_eq!(stage("prod"), stage("production"));
        assert_eq!(stage("Dev"), stage("development"));
        assert_ne!(stage("development"), stage("production"));
        assert_eq!(stage("blue"), None);
    }
}
