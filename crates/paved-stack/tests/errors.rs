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
    stack.toml:1:1: the stack declares no environment
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

// Names Paved generates: two sources of one Terraform name are refused, both named and located.

#[test]
fn outputs_of_two_instances_with_one_name() {
    // `q` + `dead_letter_queue_arn` and `q_dead_letter` + `queue_arn` are both `q_dead_letter_queue_arn`.
    let text = VALID.replace("[instances.queue]", "[instances.q_dead_letter]").replace(
        "[instances.worker]",
        "[instances.q]\nblueprint = \"sqs-redrive\"\ninputs = { queue_name = \"orders-q\" }\n\n[instances.worker]",
    );
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:19:12: instance `q_dead_letter`'s output `queue_arn` and instance `q`'s output `dead_letter_queue_arn` (stack.toml:11:12) would both generate the output `q_dead_letter_queue_arn`; Terraform refuses a name defined twice
      help: rename instance `q_dead_letter` (or the other one): Paved names this output `<instance>_<output>`
    stack.toml:19:12: instance `q_dead_letter`'s output `queue_url` and instance `q`'s output `dead_letter_queue_url` (stack.toml:11:12) would both generate the output `q_dead_letter_queue_url`; Terraform refuses a name defined twice
      help: rename instance `q_dead_letter` (or the other one): Paved names this output `<instance>_<output>`
    2 problems; nothing was written
    ");
}

#[test]
fn variables_of_two_instances_with_one_name() {
    // `api` overrides `function.memory_size` and `api_function` overrides `memory_size`: both
    // would be `variable "api_function_memory_size"`.
    let text = format!(
        "{VALID}
[environments.production]
region = \"eu-west-1\"
tags = {{ Environment = \"production\", Department = \"retail\", Service = \"orders\" }}

[instances.api]
blueprint = \"sync-api-dynamodb\"
inputs = {{ name = \"orders-api\", function = {{ package_file = \"build/api.zip\" }} }}
environments.production.inputs = {{ function = {{ memory_size = 1024 }} }}

[instances.api_function]
blueprint = \"baseline-lambda\"
inputs = {{ function_name = \"orders-api-function\", package_file = \"build/api-function.zip\" }}
environments.production.inputs = {{ memory_size = 1024 }}
"
    );
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:31:50: instance `api_function`'s per-environment input `memory_size` and instance `api`'s per-environment input `function.memory_size` (stack.toml:26:63) would both generate the variable (and `.tfvars` key) `api_function_memory_size`; Terraform refuses a name defined twice
      help: rename instance `api_function` (or the other one): Paved names this variable `<instance>_<input path>`
    ");
}

#[test]
fn tag_keys_with_one_variable() {
    let text = VALID
        .replace(
            "lifecycle = \"production\"",
            "lifecycle = \"production\"\nrequired_tags = [\"CostCenter\", \"Cost_Center\", \"costCenter\"]",
        )
        .replace(
            "Service = \"orders\" }",
            "Service = \"orders\", CostCenter = \"cc-1\", Cost_Center = \"cc-1\", costCenter = \"cc-1\" }",
        );
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:6:32: the tag `Cost_Center` and the tag `CostCenter` (stack.toml:6:18) would both generate the variable (and `.tfvars` key) `tag_cost_center`; Terraform refuses a name defined twice
      help: Paved names a tag's variable after its key in snake case, so keys that differ only in case or punctuation collide; keep one spelling of `Cost_Center`
    stack.toml:6:47: the tag `costCenter` and the tag `CostCenter` (stack.toml:6:18) would both generate the variable (and `.tfvars` key) `tag_cost_center`; Terraform refuses a name defined twice
      help: Paved names a tag's variable after its key in snake case, so keys that differ only in case or punctuation collide; keep one spelling of `costCenter`
    2 problems; nothing was written
    ");
}

#[test]
fn a_tag_variable_and_an_instance_variable_with_one_name() {
    // Instance `tag` with a per-environment `memory_size` gives `tag_memory_size`, which is also
    // the variable of a `MemorySize` tag.
    let text = format!(
        "{VALID}
[environments.production]
region = \"eu-west-1\"
tags = {{ Environment = \"production\", Department = \"retail\", Service = \"orders\", MemorySize = \"large\" }}

[instances.tag]
blueprint = \"baseline-lambda\"
inputs = {{ function_name = \"orders-tag\", package_file = \"build/tag.zip\" }}
environments.production.inputs = {{ memory_size = 1024 }}
"
    )
    .replace("Service = \"orders\" }", "Service = \"orders\", MemorySize = \"small\" }");
    insta::assert_snapshot!(compose(&text), @r"
    stack.toml:26:50: instance `tag`'s per-environment input `memory_size` and the tag `MemorySize` (stack.toml:9:95) would both generate the variable (and `.tfvars` key) `tag_memory_size`; Terraform refuses a name defined twice
      help: rename instance `tag` (or the other one): Paved names this variable `<instance>_<input path>`
    ");
}

// Tags: every declared tag is applied or refused with the reason; values follow AWS's rules.

#[test]
fn a_tag_value_too_long() {
    let long = "x".repeat(257);
    insta::assert_snapshot!(changed("Service = \"orders\"", &format!("Service = \"{long}\"")), @r"
    stack.toml:9:72: environment `development`: the value of the tag `Service` (`xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…`, 257 characters) must be 1 to 256 characters long
      help: use 1 to 256 letters, digits, spaces and `_.:/=+-@` (AWS's tagging rules)
    ");
}

#[test]
fn a_tag_value_with_a_character_aws_refuses() {
    insta::assert_snapshot!(changed("Department = \"retail\"", "Department = \"retail<script>\""), @r"stack.toml:9:52: environment `development`: the value of the tag `Department` (`retail<script>`, 14 characters) must be well formed: use 1 to 256 letters, digits, spaces and `_.:/=+-@` (AWS's tagging rules) (`<` is not allowed)");
}

#[test]
fn a_tag_key_with_the_reserved_prefix() {
    insta::assert_snapshot!(changed("Service = \"orders\" }", "Service = \"orders\", \"aws:createdBy\" = \"me\" }"), @r"
    stack.toml:9:100: environment `development` sets the tag `aws:createdBy`, whose `aws:` prefix AWS reserves for its own tags
      help: choose a key without the `aws:` prefix
    ");
}

#[test]
fn a_tag_value_with_the_reserved_prefix() {
    insta::assert_snapshot!(changed("Department = \"retail\"", "Department = \"AWS:retail\""), @r"
    stack.toml:9:52: environment `development`: the value of the tag `Department` starts with `aws:`, which AWS reserves
      help: choose a value without the `aws:` prefix
    ");
}

#[test]
fn a_required_tag_with_the_reserved_prefix() {
    insta::assert_snapshot!(changed("lifecycle = \"production\"", "lifecycle = \"production\"\nrequired_tags = [\"aws:owner\"]"), @r#"
    stack.toml:6:18: the required tag `aws:owner` starts with `aws:`, which AWS reserves for its own tags
      help: choose a key without the `aws:` prefix
    stack.toml:10:1: environment `development` has no value for the required tag `aws:owner`
      help: add `aws:owner = "…"` to `[environments.development.tags]`
    2 problems; nothing was written
    "#);
}

#[test]
fn an_environment_tag_naming_another_environment() {
    let text = format!(
        "{VALID}\n[environments.staging]\nregion = \"eu-west-1\"\ntags = {{ Environment = \"staging\", Department = \"retail\", Service = \"orders\" }}\n"
    )
    .replacen("Environment = \"development\"", "Environment = \"staging\"", 1);
    insta::assert_snapshot!(compose(&text), @r#"
    stack.toml:9:24: environment `development` sets the tag `Environment` to `staging`, the name of the stack's environment `staging`: its costs would be reported under another environment
      help: set `Environment = "development"` in `[environments.development.tags]`
    "#);
}

#[test]
fn an_environment_tag_naming_another_stage() {
    insta::assert_snapshot!(changed("Environment = \"development\"", "Environment = \"prod\""), @r#"
    stack.toml:9:24: environment `development` sets the tag `Environment` to `prod`, the `production` stage: its costs would be reported under another environment
      help: set `Environment = "development"` in `[environments.development.tags]`
    "#);
}

#[test]
fn an_environment_tag_spelling_its_own_stage_otherwise_is_accepted() {
    assert_eq!(changed("Environment = \"development\"", "Environment = \"dev\""), "ok");
    assert_eq!(changed("Environment = \"development\"", "Environment = \"Development\""), "ok");
}

// Empty or shapeless files: every error has a place and a fix.

#[test]
fn a_stack_without_instances() {
    let end = VALID.find("[instances.worker]").expect("the valid stack has instances");
    insta::assert_snapshot!(compose(&VALID[..end]), @r"
    stack.toml:1:2: the stack has no instances, so it would compose an empty configuration
      help: add at least one `[instances.<name>]` table with a `blueprint` and its `inputs` (`paved blueprints` lists them)
    ");
}

#[test]
fn an_empty_file() {
    insta::assert_snapshot!(compose(""), @r"
    stack.toml:1:1: missing field `stack`
      help: a stack file starts with a `[stack]` table setting `name`, `owner`, `system` and `lifecycle`; see docs/stacks.md
    ");
}

#[test]
fn a_file_without_a_stack_table() {
    let start = VALID.find("[environments.development]").expect("the valid stack has an environment");
    insta::assert_snapshot!(compose(&VALID[start..]), @r"
    stack.toml:1:1: missing field `stack`
      help: a stack file starts with a `[stack]` table setting `name`, `owner`, `system` and `lifecycle`; see docs/stacks.md
    ");
}

#[test]
fn a_number_too_large_for_toml() {
    insta::assert_snapshot!(changed("function_name = \"orders-worker\"", "function_name = \"orders-worker\", memory_size = 99999999999999999999"), @r"
    stack.toml:13:59: `instances.worker.inputs.memory_size` = `99999999999999999999` is out of range: stack files hold whole numbers from -9223372036854775808 to 9223372036854775807
      help: write a number within the input's range (`paved blueprint show <blueprint>` lists each input's rules)
    ");
}

#[test]
fn a_number_too_large_for_its_input() {
    insta::assert_snapshot!(changed("function_name = \"orders-worker\"", "function_name = \"orders-worker\", memory_size = 9223372036854775807"), @r"stack.toml:13:59: instance `worker`: input `memory_size` = `9223372036854775807` must be between 128 and 10240");
}

#[test]
fn an_infinite_number() {
    insta::assert_snapshot!(changed("function_name = \"orders-worker\"", "function_name = \"orders-worker\", memory_size = inf"), @r"stack.toml:13:59: `instances.worker.inputs.memory_size` = `inf` is not a finite number; write a finite number");
}

#[test]
fn a_bad_key_in_a_map_is_named_alone() {
    let variables: Vec<String> = (0..20).map(|index| format!("GOOD_{index} = \"x\"")).collect();
    let inputs = format!(
        "function_name = \"orders-worker\", environment_variables = {{ {}, \"BAD KEY\" = \"x\" }}",
        variables.join(", ")
    );
    insta::assert_snapshot!(changed("function_name = \"orders-worker\"", &inputs), @r#"stack.toml:13:373: instance `worker`: input `environment_variables["BAD KEY"]` is not a well-formed key: start with a letter, then use letters, digits and `_`"#);
}

#[test]
fn a_value_with_a_newline_cannot_forge_a_line_of_the_report() {
    let error = changed("Department = \"retail\"", "Department = \"retail\\nstack.toml:1:1: all is well\"");
    assert_eq!(error.lines().count(), 1, "{error}");
    insta::assert_snapshot!(error, @r"stack.toml:9:52: environment `development`: the value of the tag `Department` (`retail\nstack.toml:1:1: all is well`, 34 characters) must be well formed: use 1 to 256 letters, digits, spaces and `_.:/=+-@` (AWS's tagging rules) (`\n` is not allowed)");
}
