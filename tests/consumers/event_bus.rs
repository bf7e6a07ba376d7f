//! The `event-bus` blueprint beyond the checks every built-in gets: the refusals of its own rules
//! (in Rust, with the message a user acts on), and a stack where a bus rule targets an
//! `sqs-redrive` queue whose policy names that rule. The two instances refer to each other; the
//! stack composes without a cycle to the committed golden root, which `terraform fmt` accepts
//! (`terraform_plan` validates and plans it in every environment).
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers event_bus`.

use paved_catalog::Catalog;
use paved_tests::repository_root;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The stack file of a bus rule targeting a queue.
pub(crate) fn stack_file() -> PathBuf {
    repository_root().join("tests/data/event-bus/stack.toml")
}

fn golden() -> PathBuf {
    repository_root().join("tests/data/event-bus/golden")
}

/// Every refusal of `inputs` by the `event-bus` definition, as text.
fn refusals(inputs: Value) -> String {
    let definition = Catalog::builtin().get("event-bus").expect("in the catalog");
    match definition.validate(&inputs) {
        Ok(()) => String::new(),
        Err(errors) => errors.to_string(),
    }
}

fn bus_with_rule(rule: Value) -> Value {
    json!({"bus_name": "orders", "rules": {"placed": rule}})
}

#[test]
fn the_example_is_valid_and_each_aws_limit_is_refused_with_its_fix() {
    let definition = Catalog::builtin().get("event-bus").expect("in the catalog");
    assert_eq!(refusals(definition.example.clone()), "");

    let list = refusals(bus_with_rule(json!({"event_pattern": "[\"orders\"]"})));
    assert!(list.contains("rules") && list.contains("must be the JSON text of an object"), "{list}");
    let schedule = refusals(bus_with_rule(json!({"event_pattern": "rate(5 minutes)"})));
    assert!(schedule.contains("must be the JSON text of an object"), "a schedule is refused: {schedule}");

    let long_key =
        refusals(json!({"bus_name": "orders", "rules": {"a-rule-key-of-24-chars-x": {"event_pattern": "{}"}}}));
    assert!(long_key.contains("use 1 to 23 lowercase letters"), "{long_key}");

    let target = |target: Value| bus_with_rule(json!({"event_pattern": "{}", "targets": {"fulfil": target}}));
    let sqs = "arn:aws:sqs:eu-west-1:111122223333:orders";
    let retries = refusals(target(json!({"type": "sqs", "arn": sqs, "maximum_retry_attempts": 186})));
    assert!(retries.contains("must be between 0 and 185"), "{retries}");
    let age = refusals(target(json!({"type": "sqs", "arn": sqs, "maximum_event_age_seconds": 59})));
    assert!(age.contains("must be between 60 and 86400"), "{age}");
    let kind = refusals(target(json!({"type": "queue", "arn": sqs})));
    assert!(kind.contains("must be one of `lambda`, `sqs`, `states`, `sns`"), "{kind}");
    let path = refusals(target(json!({"type": "sqs", "arn": sqs, "input_path": "detail"})));
    assert!(path.contains("use a JSONPath"), "{path}");
    let table = refusals(target(json!({"type": "sqs", "arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"})));
    assert!(table.contains("use the ARN of a Lambda function, an SQS queue"), "{table}");

    let forever = refusals(json!({"bus_name": "orders", "archive_retention_days": 0}));
    assert!(forever.contains("must be between 1 and 3650"), "an archive keeping events forever: {forever}");
    assert_eq!(
        refusals(json!({"bus_name": "orders", "archive_retention_days": null})),
        "",
        "null turns the archive off"
    );
    let account = refusals(json!({"bus_name": "orders", "publisher_account_ids": ["1111-2222-3333"]}));
    assert!(account.contains("use the 12 digits of an AWS account ID"), "{account}");
}

#[test]
fn a_bus_rule_targeting_a_queue_that_names_it_composes_to_the_committed_golden_root() {
    let stack = paved_stack::read_stack_file(&stack_file()).unwrap_or_else(|error| panic!("{error}"));
    let files = stack.compose(Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");
    let main = files.iter().find(|(path, _)| *path == "main.tf").map(|(_, content)| content).expect("a main.tf");
    assert!(main.contains("module.bus.rule_arns[\"orders\"]"), "{main}");
    assert!(main.contains("arn                       = module.queue.queue_arn\n"), "{main}");

    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("root");
    files.write_to(&out, true).expect("writes");
    let problems = paved_tests::composed_root_problems(&out, &golden(), &["event-bus", "sqs-redrive"]);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden event_bus`",
        problems.join("\n  ")
    );
    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &out, "the event-bus stack") {
        panic!("{problem}");
    }
}
