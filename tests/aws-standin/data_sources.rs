//! The data sources the stand-in reads for real, because their result is pure: the policy
//! document renders its JSON as the provider does, and the account, partition and region are
//! fixed values (documented in docs/testing.md).

use crate::value::{field, known_strings, set_field};
use rmpv::Value;
use serde_json::{Map, Value as Json};

/// The account every plan runs in (`data.aws_caller_identity`).
pub(crate) const ACCOUNT_ID: &str = "123456789012";
/// The caller's ARN (`data.aws_caller_identity`).
pub(crate) const CALLER_ARN: &str = "arn:aws:iam::123456789012:user/paved-plan";
/// The caller's unique id (`data.aws_caller_identity`).
pub(crate) const CALLER_USER_ID: &str = "AIDAPAVEDPLAN00000000";
/// The region when the provider configuration sets none.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// Reads `aws_caller_identity`.
pub(crate) fn caller_identity(config: &Value) -> Value {
    let mut read = config.clone();
    set_field(&mut read, "id", Value::from(ACCOUNT_ID));
    set_field(&mut read, "account_id", Value::from(ACCOUNT_ID));
    set_field(&mut read, "arn", Value::from(CALLER_ARN));
    set_field(&mut read, "user_id", Value::from(CALLER_USER_ID));
    read
}

/// Reads `aws_partition`: always the commercial partition `aws`.
pub(crate) fn partition(config: &Value) -> Value {
    let mut read = config.clone();
    set_field(&mut read, "id", Value::from("aws"));
    set_field(&mut read, "partition", Value::from("aws"));
    set_field(&mut read, "dns_suffix", Value::from("amazonaws.com"));
    set_field(&mut read, "reverse_dns_prefix", Value::from("com.amazonaws"));
    read
}

/// Reads `aws_region`: the region asked for, else the provider's.
pub(crate) fn region(config: &Value, provider_region: &str) -> Value {
    let region =
        field(config, "region").as_str().or(field(config, "name").as_str()).unwrap_or(provider_region).to_owned();
    let mut read = config.clone();
    set_field(&mut read, "id", Value::from(region.as_str()));
    set_field(&mut read, "region", Value::from(region.as_str()));
    set_field(&mut read, "name", Value::from(region.as_str()));
    set_field(&mut read, "endpoint", Value::from(format!("ec2.{region}.amazonaws.com")));
    set_field(&mut read, "description", Value::from(region_description(&region)));
    read
}

fn region_description(region: &str) -> &'static str {
    match region {
        "us-east-1" => "US East (N. Virginia)",
        "us-east-2" => "US East (Ohio)",
        "us-west-2" => "US West (Oregon)",
        "eu-west-1" => "Europe (Ireland)",
        "eu-central-1" => "Europe (Frankfurt)",
        "eu-north-1" => "Europe (Stockholm)",
        _ => "",
    }
}

/// Why a policy document cannot be rendered.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PolicyDocumentError {
    #[error("`{0}` is not modelled by the stand-in provider; render the statements in `statement` blocks")]
    NotModelled(&'static str),
}

/// Reads `aws_iam_policy_document`: `json` (two-space indentation) and `minified_json`, as the
/// provider marshals its policy structure with Go's `encoding/json`.
pub(crate) fn policy_document(config: &Value) -> Result<Value, PolicyDocumentError> {
    for merged in ["source_policy_documents", "override_policy_documents", "source_json", "override_json"] {
        if !field(config, merged).is_nil() {
            return Err(PolicyDocumentError::NotModelled(merged));
        }
    }
    let document = render_document(config);
    let mut read = config.clone();
    let pretty = go_json(&serde_json::to_string_pretty(&document).expect("JSON serialises"));
    let minified = go_json(&serde_json::to_string(&document).expect("JSON serialises"));
    set_field(&mut read, "id", Value::from(string_hash(&pretty)));
    set_field(&mut read, "json", Value::from(pretty));
    set_field(&mut read, "minified_json", Value::from(minified));
    if field(config, "version").is_nil() {
        set_field(&mut read, "version", Value::from("2012-10-17"));
    }
    Ok(read)
}

fn render_document(config: &Value) -> Json {
    let mut document = Map::new();
    let version = field(config, "version").as_str().unwrap_or("2012-10-17");
    document.insert("Version".into(), Json::from(version));
    if let Some(id) = field(config, "policy_id").as_str() {
        document.insert("Id".into(), Json::from(id));
    }
    let statements: Vec<Json> = field(config, "statement")
        .as_array()
        .map_or_else(Vec::new, |statements| statements.iter().map(render_statement).collect());
    document.insert("Statement".into(), if statements.is_empty() { Json::Null } else { Json::Array(statements) });
    Json::Object(document)
}

fn render_statement(statement: &Value) -> Json {
    let mut rendered = Map::new();
    if let Some(sid) = field(statement, "sid").as_str().filter(|sid| !sid.is_empty()) {
        rendered.insert("Sid".into(), Json::from(sid));
    }
    rendered.insert("Effect".into(), Json::from(field(statement, "effect").as_str().unwrap_or("Allow")));
    for (attribute, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(values) = known_strings(field(statement, attribute)).filter(|values| !values.is_empty()) {
            rendered.insert(key.into(), string_or_list(values));
        }
    }
    for (block, key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(principals) = render_principals(field(statement, block)) {
            rendered.insert(key.into(), principals);
        }
    }
    if let Some(conditions) = render_conditions(field(statement, "condition")) {
        rendered.insert("Condition".into(), conditions);
    }
    Json::Object(rendered)
}

/// One string stays a string; several become a list in reverse lexical order, as the provider's
/// `policyDecodeConfigStringList` sorts them.
fn string_or_list(mut values: Vec<String>) -> Json {
    if values.len() == 1 {
        return Json::from(values.remove(0));
    }
    values.sort_by(|left, right| right.cmp(left));
    Json::from(values)
}

fn render_principals(blocks: &Value) -> Option<Json> {
    let blocks = blocks.as_array().filter(|blocks| !blocks.is_empty())?;
    let mut by_type: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for block in blocks {
        let principal_type = field(block, "type").as_str().unwrap_or_default().to_owned();
        let identifiers = known_strings(field(block, "identifiers")).unwrap_or_default();
        if principal_type == "*" && identifiers == ["*"] {
            return Some(Json::from("*"));
        }
        by_type.entry(principal_type).or_default().extend(identifiers);
    }
    Some(Json::Object(by_type.into_iter().map(|(kind, identifiers)| (kind, string_or_list(identifiers))).collect()))
}

fn render_conditions(blocks: &Value) -> Option<Json> {
    let blocks = blocks.as_array().filter(|blocks| !blocks.is_empty())?;
    let mut by_test: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Vec<String>>> =
        std::collections::BTreeMap::new();
    for block in blocks {
        let test = field(block, "test").as_str().unwrap_or_default().to_owned();
        let variable = field(block, "variable").as_str().unwrap_or_default().to_owned();
        let values = known_strings(field(block, "values")).unwrap_or_default();
        by_test.entry(test).or_default().entry(variable).or_default().extend(values);
    }
    let rendered = by_test
        .into_iter()
        .map(|(test, variables)| {
            let variables: Map<String, Json> =
                variables.into_iter().map(|(variable, values)| (variable, string_or_list(values))).collect();
            (test, Json::Object(variables))
        })
        .collect();
    Some(Json::Object(rendered))
}

/// Go's `encoding/json` escapes `<`, `>`, `&`, U+2028 and U+2029 in strings; outside strings
/// a JSON document has none of them, so replacing them everywhere is exact.
fn go_json(text: &str) -> String {
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The provider sets the document's `id` to a hash of its JSON; any stable hash serves.
fn string_hash(text: &str) -> String {
    let mut hash: u32 = 2_166_136_261;
    for byte in text.bytes() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(16_777_619);
    }
    hash.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Value {
        Value::Array(values.iter().map(|value| Value::from(*value)).collect())
    }

    fn object(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(key, value)| (Value::from(key), value)).collect())
    }

    #[test]
    fn a_policy_document_renders_as_the_provider_does() {
        let statement = object(vec![
            ("sid", Value::from("Send")),
            ("effect", Value::Nil),
            ("actions", strings(&["sqs:GetQueueUrl", "sqs:SendMessage"])),
            ("resources", strings(&["arn:aws:sqs:eu-west-1:123456789012:orders"])),
            (
                "principals",
                Value::Array(vec![object(vec![
                    ("type", Value::from("Service")),
                    ("identifiers", strings(&["lambda.amazonaws.com"])),
                ])]),
            ),
            (
                "condition",
                Value::Array(vec![object(vec![
                    ("test", Value::from("Bool")),
                    ("variable", Value::from("aws:SecureTransport")),
                    ("values", strings(&["false"])),
                ])]),
            ),
        ]);
        let config = object(vec![("statement", Value::Array(vec![statement])), ("version", Value::Nil)]);
        let read = policy_document(&config).expect("renders");
        let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Send",
      "Effect": "Allow",
      "Action": [
        "sqs:SendMessage",
        "sqs:GetQueueUrl"
      ],
      "Resource": "arn:aws:sqs:eu-west-1:123456789012:orders",
      "Principal": {
        "Service": "lambda.amazonaws.com"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}"#;
        assert_eq!(field(&read, "json").as_str(), Some(expected));
        assert_eq!(
            field(&read, "minified_json").as_str(),
            Some(
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"Send","Effect":"Allow","Action":["sqs:SendMessage","sqs:GetQueueUrl"],"Resource":"arn:aws:sqs:eu-west-1:123456789012:orders","Principal":{"Service":"lambda.amazonaws.com"},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
            )
        );
    }

    #[test]
    fn merged_documents_are_refused_rather_than_guessed() {
        let config = object(vec![("source_policy_documents", strings(&["{}"]))]);
        let error = policy_document(&config).expect_err("not modelled");
        assert!(error.to_string().contains("source_policy_documents"), "{error}");
    }

    #[test]
    fn html_characters_are_escaped_as_go_does() {
        assert_eq!(go_json(r#"{"a":"<&>"}"#), r#"{"a":"\u003c\u0026\u003e"}"#);
    }
}
