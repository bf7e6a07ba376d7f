//! Every compose-time check, through a stack file, with its exact message and location.

use paved_catalog::Catalog;
use std::path::Path;

/// A valid stack; each test changes one thing.
const VALID: &str = r#"[stack]
name = "orders"
owner = "team-orders"
system = "commerce"
lifecycle = "production"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "retail", Service = "orders" }

[instances.worker]
blueprint = "baseline-lambda"
inputs = { function_name = "orders-worker", package_file = "build/worker.zip" }

[instances.queue]
blueprint = "sqs-redrive"
inputs = { queue_name = "orders", consumer = { function_name = { ref = "worker.function_name" }, role_name = { ref = "worker.role_name" } } }
"#;

fn compose(text: &str) -> String {
    let stack = match paved_stack::parse_stack_file(text, Path::new("stack.toml")) {
        Ok(stack) => stack,
        Err(error) => return error.to_string(),
    };
    match stack.compose(Catalog::builtin()) {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.to_string(),
    }
}

fn changed(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "the valid stack has no `{from}`");
    compose(&VALID.replacen(from, to, 1))
}

#[test]
fn the_valid_stack_composes() {
    assert_eq!(compose(VALID), "ok");
}

#[test]
fn unknown_blueprint() {
    insta::assert_snapshot!(changed(r#"blueprint = "sqs-redrive""#, r#"blueprint = "sqs-redirve""#), @r"stack.toml:16:13: instance `queue`: unknown blueprint `sqs-redirve`; did you mean `sqs-redrive`?");
}

#[test]
fn unknown_input() {
    insta::assert_snapshot!(changed("function_name = \"orders-worker\"", "function_name = \"orders-worker\", memory = 512"), @r"stack.toml:13:54: instance `worker`: input `memory` is not an input of this blueprint; did you mean `memory_size`?");
}

#[test]
fn missing_input() {
    insta::assert_snapshot!(changed("function_name = \"orders-worker\", ", ""), @r"stack.toml:13:1: instance `worker`: input `function_name` is required but not set; add `function_name = …`: name of the function; its IAM role and log group are named after it");
}

#[test]
fn value_breaking_its_rule() {
    insta::assert_snapshot!(changed("package_file = \"build/worker.zip\"", "package_file = \"build/worker.jar\""), @r"stack.toml:13:60: instance `worker`: input `package_file` = `build/worker.jar` must be well formed: give the path of a `.zip` file, such as `build/function.zip`");
}

#[test]
fn value_breaking_its_rule_in_one_environment() {
    let text = format!("{VALID}\n[instances.worker.environments.development.inputs]\nmemory_size = 64\n");
    insta::assert_snapshot!(compose(&text), @r"stack.toml:20:15: instance `worker`: input `memory_size` = `64` must be between 128 and 10240 (in environment `development`)");
}

#[test]
fn reference_to_an_unknown_instance() {
    insta::assert_snapshot!(changed(r#"{ ref = "worker.function_name" }"#, r#"{ ref = "wroker.function_name" }"#), @r"
    stack.toml:17:48: instance `queue`: input `consumer.function_name` refers to `wroker.function_name`, but there is no instance `wroker`
      help: did you mean `worker`?
    ");
}

#[test]
fn reference_to_an_unknown_output() {
    insta::assert_snapshot!(changed(r#"{ ref = "worker.function_name" }"#, r#"{ ref = "worker.function" }"#), @r"
    stack.toml:17:48: instance `queue`: input `consumer.function_name` refers to `worker.function`, but `worker` has no output `function`
      help: `worker` (baseline-lambda) has the outputs `function_name`, `function_arn`, `invoke_arn`, `role_name`, `role_arn`, `log_group_name`, `log_group_arn`
    ");
}

#[test]
fn reference_of_the_wrong_kind() {
    insta::assert_snapshot!(changed(r#"{ ref = "worker.function_name" }"#, r#"{ ref = "worker.role_arn" }"#), @r"
    stack.toml:17:48: instance `queue`: input `consumer.function_name` refers to `worker.role_arn`, an output of kind `iam-role-arn`, but the input takes kind `lambda-function-name`
      help: use `worker.function_name`
    ");
}

#[test]
fn reference_where_only_a_literal_is_accepted() {
    insta::assert_snapshot!(changed("queue_name = \"orders\", ", "queue_name = \"orders\", max_receive_count = { ref = \"worker.function_name\" }, "), @r"
    stack.toml:17:35: instance `queue`: input `max_receive_count` takes a literal value and cannot be wired to another instance
      help: write the value itself
    ");
}

#[test]
fn duplicate_instance_names() {
    let text = format!("{VALID}\n[instances.queue]\nblueprint = \"baseline-lambda\"\n");
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:19:12: not valid TOML: duplicate key
      help: a table or key may appear once; if this is an instance, give it a name of its own
    ");
}

#[test]
fn references_that_are_no_cycle_are_accepted() {
    // The worker's dead-letter target is the queue's dead-letter queue while the queue's consumer
    // is the worker: Terraform orders this (the dead-letter queue does not depend on the
    // consumer), so Paved accepts it too.
    let text = VALID.replacen(
        "package_file = \"build/worker.zip\" }",
        "package_file = \"build/worker.zip\", dead_letter_target_arn = { ref = \"queue.dead_letter_queue_arn\" } }",
        1,
    );
    assert_eq!(compose(&text), "ok");
}

#[test]
fn reference_cycle() {
    // Each function's environment holds the other's ARN, which exists only once that function,
    // environment included, is created.
    let text = format!(
        "{VALID}\n[instances.other]\nblueprint = \"baseline-lambda\"\ninputs = {{ function_name = \"orders-other\", package_file = \"build/other.zip\", environment_variables = {{ PEER = {{ ref = \"worker.function_arn\" }} }} }}\n"
    )
    .replacen(
        "package_file = \"build/worker.zip\" }",
        "package_file = \"build/worker.zip\", environment_variables = { PEER = { ref = \"other.function_arn\" } } }",
        1,
    );
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:21:78: these references form a cycle: input other.environment_variables → output worker.function_arn → input worker.environment_variables → output other.function_arn → input other.environment_variables
      help: Terraform cannot order a cycle; remove one of these references
    ");
}

#[test]
fn environment_without_tag_values() {
    insta::assert_snapshot!(changed(", Service = \"orders\" }", " }"), @r#"
    stack.toml:9:1: environment `development` has no value for the required tag `Service`
      help: add `Service = "…"` to `[environments.development.tags]`
    "#);
}

#[test]
fn stack_without_environments() {
    let text = VALID.replacen("[environments.development]\nregion = \"eu-west-1\"\ntags = { Environment = \"development\", Department = \"retail\", Service = \"orders\" }\n", "", 1);
    insta::assert_snapshot!(compose(&text), @r"
    the stack declares no environment
      help: add at least one `[environments.<name>]` table with `region` and `tags`
    ");
}

#[test]
fn override_for_an_unknown_environment() {
    let text = format!("{VALID}\n[instances.worker.environments.prod.inputs]\nmemory_size = 512\n");
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:19:32: instance `worker` overrides inputs for `prod`, which is not an environment of this stack
      help: the environments are `development`
    ");
}

#[test]
fn malformed_toml() {
    insta::assert_snapshot!(changed("lifecycle = \"production\"", "lifecycle = production"), @r"stack.toml:5:13: not valid TOML: string values must be quoted, expected literal string");
}

#[test]
fn malformed_setting() {
    insta::assert_snapshot!(changed("region = \"eu-west-1\"", "region = \"Ireland\""), @r"stack.toml:8:10: `environments.development.region`: `Ireland` is not a valid AWS region: use a region code such as `eu-west-1` or `us-east-2`");
}

#[test]
fn unknown_setting() {
    insta::assert_snapshot!(changed("owner = \"team-orders\"", "owner = \"team-orders\"\nowners = \"x\""), @r"stack.toml:4:10: `stack.owners`: unknown field `owners`, expected one of `name`, `description`, `owner`, `system`, `lifecycle`, `required_tags`");
}

#[test]
fn rule_across_a_consumers_settings() {
    insta::assert_snapshot!(changed("role_name = { ref = \"worker.role_name\" } }", "role_name = { ref = \"worker.role_name\" }, batch_size = 100 }"), @r"stack.toml:17:35: instance `queue`: input `consumer.maximum_batching_window_seconds` must satisfy: when `batch_size` is above 10, `maximum_batching_window_seconds` must be at least 1 (Lambda refuses an SQS event source with a batch size over 10 and no batching window)");
}

#[test]
fn rule_across_top_level_inputs_is_checked_at_compose_time() {
    insta::assert_snapshot!(changed("queue_name = \"orders\", ", "queue_name = \"orders\", visibility_timeout_seconds = 20, "), @r"stack.toml:17:64: instance `queue`: input `visibility_timeout_seconds` must satisfy: `visibility_timeout_seconds` must be at least `consumer.function_timeout_seconds` (Lambda refuses an SQS event source whose queue hides messages for less than the function may run)");
}

#[test]
fn a_consumer_states_the_timeout_of_the_function_wired_into_it() {
    let text =
        VALID.replace("package_file = \"build/worker.zip\"", "package_file = \"build/worker.zip\", timeout = 60");
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:17:35: instance `queue`: input `consumer.function_timeout_seconds` = `30` is not the timeout of `worker` (60 s)
      help: set it to 60: the queue's visibility timeout must cover the function's real timeout
    ");
    let text = text.replace(
        "role_name = { ref = \"worker.role_name\" } }",
        "role_name = { ref = \"worker.role_name\" }, function_timeout_seconds = 60 }",
    );
    assert_eq!(compose(&text), "ok");
}

#[test]
fn a_consumer_drives_no_more_executions_than_its_function_reserves() {
    let reserved = VALID.replace(
        "package_file = \"build/worker.zip\"",
        "package_file = \"build/worker.zip\", reserved_concurrent_executions = 5",
    );
    insta::assert_snapshot!(compose(&reserved), @r"
    stack.toml:17:35: instance `queue`: input `consumer.maximum_concurrency` is not set, while `worker` reserves 5 concurrent executions
      help: set it to at most 5: batches the function is throttled on return to the queue and count toward its maximum receives
    ");
    let too_many = reserved.replace(
        "role_name = { ref = \"worker.role_name\" } }",
        "role_name = { ref = \"worker.role_name\" }, maximum_concurrency = 6 }",
    );
    insta::assert_snapshot!(compose(&too_many), @r"
    stack.toml:17:162: instance `queue`: input `consumer.maximum_concurrency` = `6` is more than the 5 concurrent executions `worker` reserves
      help: set it to at most 5: batches the function is throttled on return to the queue and count toward its maximum receives
    ");
    let within = reserved.replace(
        "role_name = { ref = \"worker.role_name\" } }",
        "role_name = { ref = \"worker.role_name\" }, maximum_concurrency = 5 }",
    );
    assert_eq!(compose(&within), "ok");
}
