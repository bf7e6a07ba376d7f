//! Every check (compliant and violating), waivers (valid, expired, unjustified, …), policy file
//! errors, and the three report formats, SARIF validated against the SARIF 2.1.0 JSON Schema.

use jiff::civil::{Date, date};
use paved_policy::{Policy, Report, check, render_json, render_sarif, render_text};
use std::path::{Path, PathBuf};

const TODAY: Date = date(2026, 11, 23);

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A two-environment stack with one function (`worker`) and one API (`api`); `worker_inputs`
/// and `api_inputs` are inline TOML tables of extra inputs, `tail` more TOML.
fn stack(worker_inputs: &str, api_inputs: &str, tail: &str) -> String {
    format!(
        r#"[stack]
name = "demo"
owner = "team-demo"
system = "demo"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = {{ Environment = "development", Department = "d", Service = "demo", CostCenter = "cc-1" }}

[environments.production]
region = "eu-west-1"
tags = {{ Environment = "production", Department = "d", Service = "demo", CostCenter = "cc-1" }}

[instances.worker]
blueprint = "baseline-lambda"
inputs = {{ function_name = "demo-worker", package_file = "build/worker.zip" {worker_inputs} }}

[instances.api]
blueprint = "sync-api-dynamodb"
inputs = {{ name = "demo-api", routes = ["GET /items"], function = {{ package_file = "build/api.zip" }} {api_inputs} }}
{tail}"#
    )
}

fn policy(rules: &str) -> Policy {
    let text = format!("[policy]\nname = \"test\"\n\n{rules}");
    Policy::parse(&text, Path::new("policy.toml")).unwrap_or_else(|error| panic!("{error}"))
}

fn judge(policy: &Policy, stack_text: &str, today: Date) -> Report {
    let stack =
        paved_stack::parse_stack_file(stack_text, Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    let composition = stack.compose(paved_catalog::Catalog::builtin()).unwrap_or_else(|error| panic!("{error}"));
    check(policy, &composition, today)
}

/// `(rule, instance, field, environments)` of a finding.
type Summary = (String, Option<String>, Option<String>, Vec<String>);

/// One check's case: the rule, a compliant stack, a violating one, and `(instance, field, environments)` found.
type Case = (&'static str, String, String, (&'static str, &'static str, Vec<String>));

/// The summary of every unwaived finding.
fn found(report: &Report) -> Vec<Summary> {
    report
        .findings
        .iter()
        .filter(|finding| finding.waived.is_none())
        .map(|finding| {
            (finding.rule.clone(), finding.instance.clone(), finding.field.clone(), finding.environments.clone())
        })
        .collect()
}

fn both() -> Vec<String> {
    vec!["development".into(), "production".into()]
}

/// One case per check: the rule, a stack that complies, and one that breaks it with the finding.
#[test]
fn each_check_passes_compliant_stacks_and_finds_violations() {
    let some = |text: &str| Some(text.to_owned());
    let cases: Vec<Case> = vec![
        (
            "id = \"RUNTIME\"\ncheck = \"approved-runtimes\"\nruntimes = [\"python3.12\"]",
            stack("", "", ""),
            stack(", runtime = \"nodejs22.x\"", "", ""),
            ("worker", "runtime", both()),
        ),
        (
            "id = \"RETENTION\"\ncheck = \"minimum-log-retention\"\ndays = 90",
            stack(", log_retention_days = 90", "", ""),
            stack("", ", access_log_retention_days = 30", ""),
            ("api", "access_log_retention_days", both()),
        ),
        (
            "id = \"MEMORY\"\ncheck = \"maximum-memory-size\"\nmegabytes = 512",
            stack(", memory_size = 512", "", ""),
            stack("", "", "[instances.api.environments.production.inputs]\nfunction = { memory_size = 1024 }\n"),
            ("api", "function.memory_size", vec!["production".into()]),
        ),
        (
            "id = \"TIMEOUT\"\ncheck = \"maximum-timeout\"\nseconds = 60",
            stack(", timeout = 60", "", ""),
            stack(", timeout = 61", "", ""),
            ("worker", "timeout", both()),
        ),
        (
            "id = \"TRACING\"\ncheck = \"tracing\"",
            stack("", "", ""),
            stack(", tracing_mode = \"PassThrough\"", "", ""),
            ("worker", "tracing_mode", both()),
        ),
        (
            "id = \"AUTH\"\ncheck = \"authenticated-routes\"\nenvironments = [\"production\"]",
            stack("", "", "[instances.api.environments.development.inputs]\nauthorization_type = \"NONE\"\n"),
            stack("", ", authorization_type = \"NONE\"", ""),
            ("api", "authorization_type", vec!["production".into()]),
        ),
        (
            "id = \"TAGS\"\ncheck = \"required-tags\"\ntags = [\"CostCenter\"]",
            stack("", "", ""),
            stack("", "", "").replacen(", CostCenter = \"cc-1\" }", " }", 1),
            ("", "tags.CostCenter", vec!["development".into()]),
        ),
        (
            "id = \"REGIONS\"\ncheck = \"allowed-regions\"\nregions = [\"eu-west-1\"]",
            stack("", "", ""),
            stack("", "", "").replacen("region = \"eu-west-1\"", "region = \"us-east-1\"", 2).replacen(
                "region = \"us-east-1\"",
                "region = \"eu-west-1\"",
                1,
            ),
            ("", "region", vec!["production".into()]),
        ),
    ];
    for (rules, compliant, violating, (instance, field, environments)) in cases {
        let policy = policy(&format!("[[rules]]\n{rules}\n"));
        let id = policy.rules[0].id.to_string();
        let report = judge(&policy, &compliant, TODAY);
        assert_eq!(found(&report), vec![], "{id}: the compliant stack has findings");
        assert!(report.passed());
        let report = judge(&policy, &violating, TODAY);
        let instance = (!instance.is_empty()).then(|| instance.to_owned());
        assert_eq!(found(&report), vec![(id.clone(), instance, some(field), environments)], "{id}");
        assert!(!report.passed(), "{id}: an error-severity finding must fail the check");
        assert!(report.findings[0].location.is_some(), "{id}: a finding from a file has a location");
    }
}

#[test]
fn customer_managed_keys_are_required_of_every_encryption_key_input() {
    let policy = policy("[[rules]]\nid = \"CMK\"\ncheck = \"customer-managed-keys\"\n");
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let keyed = stack(
        &format!(", kms_key_arn = \"{key}\""),
        &format!(", table_kms_key_arn = \"{key}\""),
        &format!(
            "[instances.api.environments.development.inputs]\nfunction = {{ kms_key_arn = \"{key}\" }}\n[instances.api.environments.production.inputs]\nfunction = {{ kms_key_arn = \"{key}\" }}\n"
        ),
    );
    assert_eq!(found(&judge(&policy, &keyed, TODAY)), vec![]);
    let fields: Vec<Option<String>> =
        found(&judge(&policy, &stack("", "", ""), TODAY)).into_iter().map(|(_, _, field, _)| field).collect();
    let expected = ["table_kms_key_arn", "function.kms_key_arn", "kms_key_arn"].map(|field| Some(field.to_owned()));
    assert_eq!(fields, expected);
}

#[test]
fn warnings_and_notes_are_reported_without_failing() {
    let policy =
        policy("[[rules]]\nid = \"TIMEOUT\"\ncheck = \"maximum-timeout\"\nseconds = 10\nseverity = \"warning\"\n");
    let report = judge(&policy, &stack("", "", ""), TODAY);
    assert_eq!(report.findings.len(), 2, "the worker's and the API function's default timeouts");
    assert!(report.passed());
}

const TIMEOUT_RULE: &str = "[[rules]]\nid = \"TIMEOUT\"\ncheck = \"maximum-timeout\"\nseconds = 10\n";

fn waiver(rule: &str, instance: &str, justification: Option<&str>, expires: Option<&str>) -> String {
    let mut text = format!("\n[[waivers]]\nrule = \"{rule}\"\ninstance = \"{instance}\"\n");
    if let Some(justification) = justification {
        text.push_str(&format!("justification = \"{justification}\"\n"));
    }
    if let Some(expires) = expires {
        text.push_str(&format!("expires = {expires}\n"));
    }
    text
}

#[test]
fn a_valid_waiver_covers_its_instance_only_and_appears_in_the_report() {
    let policy = policy(TIMEOUT_RULE);
    let tail = waiver("TIMEOUT", "worker", Some("Batch job; split planned."), Some("2027-01-31"));
    let report = judge(&policy, &stack("", "", &tail), TODAY);
    let worker =
        report.findings.iter().find(|finding| finding.instance.as_deref() == Some("worker")).expect("worker finding");
    assert_eq!(worker.waived.as_ref().map(|waiver| waiver.expires.as_str()), Some("2027-01-31"));
    assert_eq!(found(&report), vec![("TIMEOUT".into(), Some("api".into()), Some("function.timeout".into()), both())]);
    assert_eq!((report.waivers[0].status, report.waivers[0].covers), ("active", 1));
    // The last day still counts.
    let report = judge(&policy, &stack("", "", &tail), date(2027, 1, 31));
    assert_eq!(report.waivers[0].status, "active");
    let text = render_text(&report, false);
    assert!(text.contains("waived[TIMEOUT] stack.toml:17:"), "{text}");
    assert!(text.contains("waived until 2027-01-31: Batch job; split planned."), "{text}");
}

#[test]
fn expired_unjustified_undated_and_misdirected_waivers_are_violations() {
    let policy = policy(&format!("{TIMEOUT_RULE}\n[[rules]]\nid = \"FIXED\"\ncheck = \"tracing\"\nwaivable = false\n"));
    let cases = [
        (
            waiver("TIMEOUT", "worker", Some("Reason."), Some("2026-11-22")),
            "PAVED_WAIVER_EXPIRED",
            "expired on 2026-11-22",
        ),
        (waiver("TIMEOUT", "worker", None, Some("2027-01-31")), "PAVED_WAIVER_UNJUSTIFIED", "has no justification"),
        (
            waiver("TIMEOUT", "worker", Some("   "), Some("2027-01-31")),
            "PAVED_WAIVER_UNJUSTIFIED",
            "has no justification",
        ),
        (waiver("TIMEOUT", "worker", Some("Reason."), None), "PAVED_WAIVER_NO_EXPIRY", "has no expiry date"),
        (
            waiver("TIMEOUT", "worker", Some("Reason."), Some("\"next year\"")),
            "PAVED_WAIVER_NO_EXPIRY",
            "`next year`, which is not a `YYYY-MM-DD` date",
        ),
        (
            waiver("TIMEOUTS", "worker", Some("Reason."), Some("2027-01-31")),
            "PAVED_WAIVER_UNKNOWN_RULE",
            "(did you mean `TIMEOUT`?)",
        ),
        (
            waiver("FIXED", "worker", Some("Reason."), Some("2027-01-31")),
            "PAVED_WAIVER_NOT_WAIVABLE",
            "does not allow waiving `FIXED`",
        ),
    ];
    for (tail, rule, message) in cases {
        let report = judge(&policy, &stack("", "", &tail), TODAY);
        let problem = report
            .findings
            .iter()
            .find(|finding| finding.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} in {report:#?}"));
        assert!(problem.message.contains(message), "{rule}: {}", problem.message);
        assert!(problem.location.is_some(), "{rule}: the waiver's location");
        assert!(!report.passed(), "{rule} must fail the check");
        assert_eq!(report.waivers[0].status, "invalid");
        // An invalid waiver covers nothing.
        assert!(report.findings.iter().all(|finding| finding.waived.is_none()), "{rule}");
    }
}

#[test]
fn a_waiver_that_covers_nothing_is_a_warning() {
    let policy = policy(TIMEOUT_RULE);
    let report = judge(
        &policy,
        &stack(", timeout = 5", "", &waiver("TIMEOUT", "worker", Some("Old."), Some("2027-01-31"))),
        TODAY,
    );
    let unused =
        report.findings.iter().find(|finding| finding.rule == "PAVED_WAIVER_UNUSED").expect("an unused-waiver finding");
    assert_eq!(unused.severity, paved_blueprint::Severity::Warning);
    assert_eq!(report.waivers[0].status, "unused");
    assert!(report.findings.iter().all(|finding| finding.waived.is_none()));
}

#[test]
fn a_waiver_for_an_unknown_instance_is_refused_when_composing() {
    let text = stack("", "", &waiver("TIMEOUT", "wroker", Some("Reason."), Some("2027-01-31")));
    let error = paved_stack::parse_stack_file(&text, Path::new("stack.toml"))
        .expect("parses")
        .compose(paved_catalog::Catalog::builtin())
        .expect_err("unknown instance");
    insta::assert_snapshot!(error.to_string(), @r"
    stack.toml:25:12: the waiver of `TIMEOUT` names the instance `wroker`, which this stack does not have
      help: did you mean `worker`?
    ");
}

#[test]
fn policy_file_mistakes_are_reported_where_they_are() {
    let cases = [
        ("[[rules]]\nid = \"A\"\ncheck = \"tracing\"\n", "policy.toml:5:6: `rules.0.id`: `A` is not a valid rule id"),
        ("[[rules]]\nid = \"TRACE\"\ncheck = \"traceing\"\n", "policy.toml:4:1: `rules.0`: unknown variant `traceing`"),
        (
            "[[rules]]\nid = \"TIMEOUT\"\ncheck = \"maximum-timeout\"\nsecond = 10\n",
            "policy.toml:4:1: `rules.0`: missing field `seconds`",
        ),
        (
            "[[rules]]\nid = \"TIMEOUT\"\ncheck = \"maximum-timeout\"\nseconds = 10\nseverty = \"note\"\n",
            "policy.toml:8:11: rule `TIMEOUT`: unknown key `severty`\n  help: did you mean `severity`?",
        ),
        (
            "[[rules]]\nid = \"TRACE\"\ncheck = \"tracing\"\n[[rules]]\nid = \"TRACE\"\ncheck = \"tracing\"\n",
            "policy.toml:8:6: the rule id `TRACE` is used twice",
        ),
        (
            "[[rules]]\nid = \"TRACE\"\ncheck = \"tracing\"\nseverity = \"fatal\"\n",
            "policy.toml:7:12: `rules.0.severity`: `fatal` is not a valid severity: use one of `error`, `warning`, `note`",
        ),
        (
            "[[rules]]\nid = \"RUNTIMES\"\ncheck = \"approved-runtimes\"\nruntimes = []\n",
            "policy.toml:7:12: rule `RUNTIMES`: `runtimes` is empty, so no function could pass",
        ),
    ];
    for (rules, expected) in cases {
        let text = format!("[policy]\nname = \"test\"\n\n{rules}");
        let error = Policy::parse(&text, Path::new("policy.toml")).expect_err(expected);
        assert!(error.to_string().starts_with(expected), "expected `{expected}`, got:\n{error}");
    }
}

#[test]
fn json_report_carries_every_field() {
    let policy = policy(TIMEOUT_RULE);
    let report =
        judge(&policy, &stack("", "", &waiver("TIMEOUT", "worker", Some("Reason."), Some("2027-01-31"))), TODAY);
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).expect("JSON");
    insta::assert_json_snapshot!(json, @r#"
    {
      "policy": "test",
      "stack": "demo",
      "file": "stack.toml",
      "as_of": "2026-11-23",
      "rules_checked": 1,
      "findings": [
        {
          "rule": "TIMEOUT",
          "severity": "error",
          "instance": "api",
          "environments": [
            "development",
            "production"
          ],
          "field": "function.timeout",
          "value": 30,
          "message": "instance `api`: input `function.timeout` = `30` exceeds the ceiling of 10 seconds",
          "fix": "set `timeout` to 10 or less, or split the work",
          "location": "stack.toml:21:56"
        },
        {
          "rule": "TIMEOUT",
          "severity": "error",
          "instance": "worker",
          "environments": [
            "development",
            "production"
          ],
          "field": "timeout",
          "value": 30,
          "message": "instance `worker`: input `timeout` = `30` exceeds the ceiling of 10 seconds",
          "fix": "set `timeout` to 10 or less, or split the work",
          "location": "stack.toml:17:1",
          "waived": {
            "justification": "Reason.",
            "expires": "2027-01-31"
          }
        }
      ],
      "waivers": [
        {
          "rule": "TIMEOUT",
          "instance": "worker",
          "justification": "Reason.",
          "expires": "2027-01-31",
          "status": "active",
          "covers": 1
        }
      ]
    }
    "#);
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_suppressions_for_waivers() {
    let schema_text = std::fs::read_to_string(repository().join("tests/data/sarif-schema-2.1.0.json")).expect("schema");
    // The OASIS schema's `run.language` pattern has a stray `]` that Rust's regex engine refuses
    // (ECMAScript reads it as a literal); it is read here as ECMAScript does.
    let schema_text = schema_text
        .replace(r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#, r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let policy = Policy::read(&repository().join("examples/policies/acme.toml")).expect("acme");
    for (fixture, today) in [
        ("examples/orders/stack.toml", TODAY),
        ("tests/data/policy/violating.toml", TODAY),
        ("examples/orders/stack.toml", date(2027, 7, 1)),
    ] {
        let stack = paved_stack::read_stack_file(&repository().join(fixture)).expect("reads");
        let composition = stack.compose(paved_catalog::Catalog::builtin()).expect("composes");
        let report = check(&policy, &composition, today);
        let sarif: serde_json::Value = serde_json::from_str(&render_sarif(&report, &policy)).expect("SARIF is JSON");
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|error| format!("{} at {}", error, error.instance_path())).collect();
        assert!(errors.is_empty(), "{fixture}: SARIF invalid:\n{}", errors.join("\n"));
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), report.findings.len());
        for (result, finding) in results.iter().zip(&report.findings) {
            assert_eq!(result["ruleId"], finding.rule.as_str());
            let index = result["ruleIndex"].as_u64().expect("every result names its rule") as usize;
            assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"][index]["id"], finding.rule.as_str());
            assert_eq!(result["suppressions"].is_array(), finding.waived.is_some());
            if let Some(location) = &finding.location {
                assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], location.line);
            }
        }
    }
}

#[test]
fn text_report_of_the_example() {
    let policy = Policy::read(&repository().join("examples/policies/acme.toml")).expect("acme");
    let stack = paved_stack::read_stack_file(Path::new("../../examples/orders/stack.toml")).expect("reads");
    let composition = stack.compose(paved_catalog::Catalog::builtin()).expect("composes");
    let report = check(&policy, &composition, TODAY);
    assert!(report.passed());
    insta::assert_snapshot!(render_text(&report, false));
    let colored = render_text(&report, true);
    assert!(colored.contains("\u{1b}["), "colour adds ANSI styles");
}

#[test]
fn the_committed_policy_schema_is_current_and_accepts_the_example() {
    let schema = paved_policy::policy_file_schema();
    let path = repository().join("docs/policy-file.schema.json");
    let text = serde_json::to_string_pretty(&schema).expect("JSON") + "\n";
    if std::env::var_os("PAVED_BLESS").is_some() {
        std::fs::write(&path, &text).expect("writes");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "docs/policy-file.schema.json is stale: run `PAVED_BLESS=1 cargo test -p paved-policy --test policy`"
    );
    let validator = jsonschema::validator_for(&schema).expect("valid");
    let example: toml::Value =
        toml::from_str(&std::fs::read_to_string(repository().join("examples/policies/acme.toml")).expect("acme"))
            .expect("TOML");
    let example = serde_json::to_value(example).expect("JSON");
    assert!(validator.is_valid(&example));
    let mut broken = example.clone();
    broken["rules"][0]["check"] = serde_json::Value::from("approved-runtime");
    assert!(!validator.is_valid(&broken), "an unknown check must fail the schema");
}

#[test]
fn a_stack_that_cannot_be_composed_is_unchecked_with_valid_sarif_and_a_json_error_document() {
    let schema_text = std::fs::read_to_string(repository().join("tests/data/sarif-schema-2.1.0.json")).expect("schema");
    // As above: the schema's `run.language` pattern read as ECMAScript does.
    let schema_text = schema_text
        .replace(r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#, r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$"#);
    let validator = jsonschema::validator_for(&serde_json::from_str(&schema_text).expect("JSON")).expect("a schema");
    let scratch = tempfile::tempdir().expect("temp dir");
    let stack_file = scratch.path().join("stack.toml");
    std::fs::write(&stack_file, stack(", timeout = 3000", "", "")).expect("writes");
    let policy = repository().join("examples/policies/acme.toml");
    let catalog = paved_catalog::Catalog::builtin();

    let unchecked = paved_policy::check_stack_file(&policy, &stack_file, catalog, TODAY).expect_err("cannot compose");
    assert_eq!((unchecked.input, unchecked.diagnostics.len()), (paved_policy::UncheckedInput::Stack, 1));
    let location = unchecked.diagnostics[0].location.clone().expect("located");
    let sarif: serde_json::Value =
        serde_json::from_str(&paved_policy::render_unchecked_sarif(&unchecked)).expect("SARIF is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|error| format!("{error} at {}", error.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], paved_policy::NOT_CHECKED_RULE);
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], location.line);
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);

    let document: serde_json::Value =
        serde_json::from_str(&paved_policy::render_unchecked_json(&unchecked)).expect("JSON");
    assert_eq!(document["checked"], false);
    assert_eq!(document["problems"][0]["location"], location.to_string());

    let missing = scratch.path().join("missing.toml");
    let unchecked = paved_policy::check_stack_file(&missing, &stack_file, catalog, TODAY).expect_err("no policy");
    assert_eq!(unchecked.input, paved_policy::UncheckedInput::Policy);
    assert!(unchecked.to_string().starts_with("the policy file `"), "{unchecked}");

    let good = scratch.path().join("good.toml");
    std::fs::write(&good, stack("", "", "")).expect("writes");
    let checked = paved_policy::check_stack_file(&policy, &good, catalog, TODAY).expect("checks");
    assert_eq!(checked.policy.name, "acme");
}
