//! `sns-fanout`: what AWS would refuse, refused first in Rust (the `validation` side is proved by
//! `validation_agreement`); the policies and wiring of the emitted module; and a stack
//! (`tests/data/fanout/stack.toml`) where a function's role and an EventBridge rule publish to the
//! topic and two queues subscribe, one by literal ARN and one by reference. `terraform_plan`
//! validates and plans that stack in every environment.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers fanout`.

use paved_blueprint::Definition;
use paved_blueprint::JsonObjectText;
use paved_catalog::Catalog;
use paved_tests::{compose_stack, repository_root};
use serde_json::{Value, json};
use std::path::PathBuf;

fn definition() -> &'static Definition {
    Catalog::builtin().get("sns-fanout").expect("sns-fanout is a built-in blueprint")
}

fn refusal(inputs: Value) -> String {
    match definition().validate(&inputs) {
        Ok(()) => "accepted".to_owned(),
        Err(errors) => errors.to_string(),
    }
}

fn main_tf() -> String {
    let catalog = Catalog::builtin();
    let files = paved_module::emit(definition(), &|name| catalog.get(name).ok()).expect("emits");
    files.get("main.tf").expect("has main.tf").to_owned()
}

/// The text of the block that starts with `header` (up to the next line that closes a top-level block).
fn block(main: &str, header: &str) -> String {
    let start = main.find(header).unwrap_or_else(|| panic!("no `{header}` in main.tf:\n{main}"));
    let end = main[start..].find("\n}\n").map_or(main.len(), |end| start + end + 3);
    main[start..end].to_owned()
}

fn data() -> PathBuf {
    repository_root().join("tests/data/fanout")
}

#[test]
fn a_fifo_queue_cannot_subscribe_to_the_standard_topic() {
    let error = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": { "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing.fifo" } }
    }));
    assert!(
        error.contains(
            r#"input `subscriptions["billing"].queue_arn` = `arn:aws:sqs:eu-west-1:111122223333:billing.fifo`"#
        ) && error.contains("a standard topic cannot deliver to a FIFO queue"),
        "{error}"
    );
    let standard = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": { "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing" } }
    }));
    assert_eq!(standard, "accepted");
}

#[test]
fn a_filter_policy_must_be_a_json_object_and_its_scope_one_sns_knows() {
    let list = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": {
            "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing",
            "filter_policy": "[\"refund-issued\"]"
        } }
    }));
    assert!(
        list.contains(r#"input `subscriptions["billing"].filter_policy` = `["refund-issued"]` must be the JSON text of an object, such as `{"source": ["orders"]}`"#),
        "{list}"
    );
    let not_json = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": {
            "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing",
            "filter_policy": "{type: refund}"
        } }
    }));
    assert!(
        not_json.contains(r#"input `subscriptions["billing"].filter_policy` = `{type: refund}` must be the JSON text of an object, such as `{"source": ["orders"]}`"#),
        "{not_json}"
    );
    assert!(JsonObjectText::new("{type: refund}").is_err() && JsonObjectText::new("{}").is_ok());
    let scope = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": {
            "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing",
            "filter_policy": "{\"type\": [\"refund-issued\"]}",
            "filter_policy_scope": "Body"
        } }
    }));
    assert!(scope.contains(r#"input `subscriptions["billing"].filter_policy_scope` = `Body`"#), "{scope}");
    let object = refusal(json!({
        "topic_name": "orders",
        "subscriptions": { "billing": {
            "queue_arn": "arn:aws:sqs:eu-west-1:111122223333:billing",
            "filter_policy": "{\"type\": [\"refund-issued\"]}",
            "filter_policy_scope": "MessageBody"
        } }
    }));
    assert_eq!(object, "accepted");
}

#[test]
fn publisher_accounts_are_twelve_digit_account_ids() {
    let error = refusal(json!({ "topic_name": "orders", "publisher_account_ids": ["arn:aws:iam::444455556666:root"] }));
    assert!(
        error.contains("input `publisher_account_ids[0]`") && error.contains("use the 12 digits of an AWS account ID"),
        "{error}"
    );
}

#[test]
fn the_topic_is_encrypted_and_its_policy_names_only_the_publishers_given() {
    let main = main_tf();
    assert!(!main.contains("resource \"aws_kms_key\""), "the module creates no key of its own:\n{main}");
    let topic = block(&main, "resource \"aws_sns_topic\" \"this\"");
    assert!(
        topic.contains(r#"kms_master_key_id = var.kms_key_arn == null ? "alias/aws/sns" : var.kms_key_arn"#),
        "{topic}"
    );
    assert!(
        topic.contains("length(var.publisher_event_rule_arns) == 0"),
        "event rules need a key of the caller's:\n{topic}"
    );
    let policy = block(&main, "data \"aws_iam_policy_document\" \"topic\"");
    for expected in [
        r#"sid       = "PublisherEventRules""#,
        r#"variable = "aws:SourceArn""#,
        r#"variable = "aws:SourceAccount""#,
        r#"identifiers = ["events.amazonaws.com"]"#,
        r#"sid       = "DenyInsecureTransport""#,
        r#"variable = "aws:SecureTransport""#,
    ] {
        assert!(policy.contains(expected), "the topic policy lacks `{expected}`:\n{policy}");
    }
    // Each Allow is present only when its publishers are given: none of them is unconditional.
    assert_eq!(policy.matches("dynamic \"statement\"").count(), 3, "{policy}");
    assert_eq!(policy.matches("effect    = \"Allow\"").count(), 3, "{policy}");
}

#[test]
fn undeliverable_messages_redrive_to_a_queue_only_this_topic_may_send_to() {
    let main = main_tf();
    let subscription = block(&main, "resource \"aws_sns_topic_subscription\" \"this\"");
    for expected in [
        "for_each = var.subscriptions",
        r#"protocol             = "sqs""#,
        "redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dead_letter[0].arn })",
        "depends_on = [aws_sqs_queue_policy.dead_letter]",
    ] {
        assert!(subscription.contains(expected), "the subscription lacks `{expected}`:\n{subscription}");
    }
    let dead_letter = block(&main, "data \"aws_iam_policy_document\" \"dead_letter\"");
    for expected in [
        r#"identifiers = ["sns.amazonaws.com"]"#,
        r#"variable = "aws:SourceArn""#,
        "values   = [aws_sns_topic.this.arn]",
        r#"variable = "aws:SecureTransport""#,
    ] {
        assert!(dead_letter.contains(expected), "the dead-letter policy lacks `{expected}`:\n{dead_letter}");
    }
    let queue = block(&main, "resource \"aws_sqs_queue\" \"dead_letter\"");
    assert!(
        queue.contains("sqs_managed_sse_enabled           = var.dead_letter_kms_key_arn == null ? true : null"),
        "{queue}"
    );
    let failures = block(&main, "resource \"aws_cloudwatch_metric_alarm\" \"delivery_failures\"");
    for expected in [r#"metric_name         = "NumberOfNotificationsFailed""#, r#"statistic           = "Sum""#] {
        assert!(failures.contains(expected), "the delivery-failure alarm lacks `{expected}`:\n{failures}");
    }
}

#[test]
fn the_fanout_stack_composes_to_the_committed_golden() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("notifications");
    let files = compose_stack(&data().join("stack.toml"), paved_stack::ModuleSource::Vendored, &out);
    let main = files.get("main.tf").expect("main.tf");
    for expected in [
        "  publisher_role_names = [\n    module.api.role_name\n  ]\n",
        "queue_arn            = module.alerts.queue_arn",
        "module.notifications.topic_arn",
        "delivery_failure_alarm_threshold = var.notifications_delivery_failure_alarm_threshold",
    ] {
        assert!(main.contains(expected), "the composed stack lacks `{expected}`:\n{main}");
    }
    let vendors = ["baseline-lambda", "sns-fanout", "sqs-redrive"];
    let problems = paved_tests::composed_root_problems(&out, &data().join("golden"), &vendors);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden fanout`",
        problems.join("\n  ")
    );
    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &out, "the composed notifications stack") {
        panic!("{problem}");
    }
}
