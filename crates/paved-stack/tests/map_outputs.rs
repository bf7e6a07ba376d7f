//! Map and list outputs and the references that index them, checked at compose time against the
//! keys the stack itself gives: a key the map has composes, a missing key is refused with the
//! keys that exist (the closest suggested) at the reference's location, an index on one value is
//! refused, a whole map goes only where a map of its kind is expected, and typed Rust wiring
//! (`outputs.queue_arns.key("orders")`) builds the same stack as the stack file.

#[path = "common/queue_set.rs"]
mod queue_set;

use paved_blueprint::{
    AwsRegion, EntityName, EnvironmentName, EnvironmentVariableName, EnvironmentVariables, FunctionName, InstanceName,
    Lifecycle, RegistryNamespace, ResourceName, TagKey,
};
use paved_catalog::baseline_lambda::{BaselineLambda, BaselineLambdaInputs, FunctionSettings};
use paved_stack::{Environment, ModuleSource, StackSettings};
use queue_set::{QueueRouter, QueueSet, QueueSetInputs, QueueSettings, RouterInputs, STACK, catalog};
use std::path::Path;

fn compose(text: &str) -> String {
    let catalog = catalog();
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).expect("the stack file parses");
    match stack.compose(&catalog) {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.to_string(),
    }
}

/// The stack with `from` replaced by `to` (present exactly once).
fn changed(from: &str, to: &str) -> String {
    assert_eq!(STACK.matches(from).count(), 1, "`{from}` is in the stack once");
    STACK.replace(from, to)
}

/// `stack.toml:<line>:<column>` of the first `needle` in `text` (where an input is written).
fn location(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is in the stack"));
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |newline| newline + 1) + 1;
    format!("stack.toml:{line}:{column}")
}

#[test]
fn indexed_references_to_keys_the_stack_gives_compose() {
    assert_eq!(compose(STACK), "ok");
}

#[test]
fn an_indexed_reference_to_a_missing_key_is_refused_with_the_keys_that_exist() {
    let text = changed(r#"{ ref = "queues.queue_arns.orders" }"#, r#"{ ref = "queues.queue_arns.ordrs" }"#);
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `queues.queue_arns[\"ordrs\"]`, but \
             `queues.queue_arns` has no key `ordrs`: its keys are those of `queues`'s input `queues`\n  \
             help: did you mean `queues.queue_arns.orders`? the keys of `queues.queue_arns` are `orders`, `refunds`"
        )
    );
}

#[test]
fn a_key_only_one_environment_gives_is_refused_in_the_others() {
    let text = format!(
        "{}\n[instances.queues.environments.production.inputs]\nqueues = {{ audit = {{ visibility_timeout_seconds = 30 }} }}\n",
        changed("queues.queue_urls.refunds", "queues.queue_urls.audit")
    );
    let at = location(&text, "REFUNDS_QUEUE_URL =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `environment_variables.REFUNDS_QUEUE_URL` refers to \
             `queues.queue_urls[\"audit\"]`, but `queues.queue_urls` has no key `audit`: its keys are those of \
             `queues`'s input `queues` in environment `development`\n  \
             help: the keys of `queues.queue_urls` are `orders`, `refunds`"
        )
    );
}

#[test]
fn a_list_output_is_indexed_by_the_positions_of_its_list_input() {
    let with_fallbacks = changed(
        r#"inputs = { targets = { ref = "queues.queue_arns" } }"#,
        r#"inputs = { targets = { ref = "queues.queue_arns" }, fallbacks = [{ ref = "queues.dead_letter_queue_arn" }] }"#,
    );
    let first = with_fallbacks.replace("queues.queue_arns.orders", "router.fallback_arns.0");
    assert_eq!(compose(&first), "ok");
    let past_the_end = with_fallbacks.replace("queues.queue_arns.orders", "router.fallback_arns.1");
    let at = location(&past_the_end, "dead_letter_target_arn =");
    assert_eq!(
        compose(&past_the_end),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `router.fallback_arns[\"1\"]`, but \
             `router.fallback_arns` has no item `1`: its items are those of `router`'s input `fallbacks`\n  \
             help: `router.fallback_arns` has 1 item: index it with `router.fallback_arns.0`"
        )
    );
}

#[test]
fn an_index_on_a_single_value_output_is_refused() {
    let text = changed("queues.queue_arns.orders", "queues.dead_letter_queue_arn.orders");
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to \
             `queues.dead_letter_queue_arn[\"orders\"]`, but `queues.dead_letter_queue_arn` is one value of kind \
             `sqs-queue-arn`, not a map or list, so it has no key `orders`\n  \
             help: refer to `queues.dead_letter_queue_arn` without a key"
        )
    );
}

#[test]
fn a_whole_map_output_is_refused_where_one_value_is_expected() {
    let text = changed("queues.queue_arns.orders", "queues.queue_arns");
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `queues.queue_arns`, which is a map \
             of `sqs-queue-arn`, but the input takes one value of kind `sqs-queue-arn`\n  \
             help: refer to one of its values, such as `queues.queue_arns.orders` (its keys are `orders`, `refunds`)"
        )
    );
}

#[test]
fn a_single_value_output_is_refused_where_a_map_is_expected() {
    let text =
        changed(r#"targets = { ref = "queues.queue_arns" }"#, r#"targets = { ref = "queues.dead_letter_queue_arn" }"#);
    let at = location(&text, "targets =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `router`: input `targets` refers to `queues.dead_letter_queue_arn`, which is one value \
             of kind `sqs-queue-arn`, but the input takes a map of `sqs-queue-arn`\n  \
             help: wire an output that is a map of `sqs-queue-arn`"
        )
    );
}

#[test]
fn a_whole_map_of_another_kind_is_refused_where_a_map_is_expected() {
    let text = changed(r#"targets = { ref = "queues.queue_arns" }"#, r#"targets = { ref = "queues.queue_urls" }"#);
    let error = compose(&text);
    assert!(error.starts_with(&location(&text, "targets =")), "{error}");
    assert!(error.contains("an output of kind `sqs-queue-url`"), "{error}");
    assert!(error.contains("`sqs-queue-arn`"), "{error}");
}

#[test]
fn an_index_on_an_output_whose_keys_terraform_computes_is_refused() {
    let text = changed("queues.queue_arns.orders", "queues.all_queue_arns.0");
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `queues.all_queue_arns[\"0\"]`, but \
             the keys of `queues.all_queue_arns` are known only when Terraform applies, so composition cannot check `0`\n  \
             help: wire the whole output into an input that takes a list"
        )
    );
}

#[test]
fn an_index_on_a_map_keyed_like_a_wired_input_is_refused() {
    // `router.routes` is keyed like `router.targets`, which is itself wired from another output.
    let text = changed("queues.queue_arns.orders", "router.routes.orders");
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `router.routes[\"orders\"]`, but the \
             keys of `router.routes` are those of `router`'s input `targets`, which is not written as a literal map\n  \
             help: write `router`'s input `targets` itself, or wire the whole output"
        )
    );
}

#[test]
fn a_malformed_reference_says_how_to_write_one() {
    let text = changed("queues.queue_arns.orders", "queues.queue_arns.");
    let error = compose(&text);
    assert!(error.starts_with(&location(&text, "dead_letter_target_arn =")), "{error}");
    assert!(
        error
            .contains("the reference `queues.queue_arns.` ends with `.` but names no key; write `<instance>.<output>`"),
        "{error}"
    );
}

#[test]
fn an_indexed_reference_takes_part_in_the_cycle_check() {
    let text = format!(
        "{STACK}\n[instances.loop]\nblueprint = \"queue-router\"\ninputs = {{ targets = {{ orders = {{ ref = \"loop.routes.orders\" }} }} }}\n"
    );
    let error = compose(&text);
    assert!(
        error.contains("these references form a cycle: input loop.targets → output loop.routes → input loop.targets"),
        "{error}"
    );
}

#[test]
fn typed_rust_wiring_indexes_a_map_output_like_the_stack_file() {
    let from_file = paved_stack::parse_stack_file(STACK, Path::new("stack.toml")).expect("parses");
    let mut stack = paved_stack::Stack::new(StackSettings {
        name: ResourceName::new("orders").expect("a valid name"),
        description: String::new(),
        owner: EntityName::new("team-orders").expect("a valid name"),
        system: EntityName::new("commerce").expect("a valid name"),
        lifecycle: Lifecycle::Production,
        required_tags: Vec::new(),
        source: ModuleSource::Registry(RegistryNamespace::new("registry.example.com/platform").expect("valid")),
    });
    for name in ["development", "production"] {
        let tags = [("Environment", name), ("Department", "retail"), ("Service", "orders")]
            .into_iter()
            .map(|(key, value)| (TagKey::new(key).expect("a valid key"), value.to_owned()))
            .collect();
        let region = AwsRegion::new("eu-west-1").expect("a valid region");
        stack.environment(EnvironmentName::new(name).expect("a valid name"), Environment { region, tags });
    }
    let queues = stack.add::<QueueSet>(
        InstanceName::new("queues").expect("a valid name"),
        QueueSetInputs {
            name_prefix: ResourceName::new("orders").expect("a valid name"),
            queues: [("orders", 60), ("refunds", 120)]
                .into_iter()
                .map(|(key, seconds)| (key.to_owned(), QueueSettings { visibility_timeout_seconds: seconds }))
                .collect(),
        },
    );
    stack.add::<QueueRouter>(
        InstanceName::new("router").expect("a valid name"),
        RouterInputs { targets: queues.queue_arns.clone().into(), fallbacks: Vec::new() },
    );
    let mut settings = FunctionSettings::new(paved_blueprint::PackagePath::new("build/worker.zip").expect("a path"));
    settings.environment_variables = EnvironmentVariables::new().with(
        EnvironmentVariableName::new("REFUNDS_QUEUE_URL").expect("a valid name"),
        queues.queue_urls.key("refunds"),
    );
    stack.add::<BaselineLambda>(
        InstanceName::new("worker").expect("a valid name"),
        BaselineLambdaInputs {
            function_name: FunctionName::new("orders-worker").expect("a valid name"),
            description: String::new(),
            settings,
            dead_letter_target_arn: Some(queues.queue_arns.key("orders").into()),
            dead_letter_kms_key_arn: None,
            service_name: None,
            metrics_namespace: None,
        },
    );
    let catalog = catalog();
    let emit = |stack: &paved_stack::Stack| stack.compose(&catalog).expect("composes").emit().expect("emits");
    let (from_file, from_rust) = (emit(&from_file), emit(&stack));
    let files = |emitted: &paved_module::ModuleFiles| -> Vec<(String, String)> {
        emitted.iter().map(|(path, content)| (path.to_owned(), content.to_owned())).collect()
    };
    assert_eq!(files(&from_rust), files(&from_file));
    let main = from_rust.iter().find(|(path, _)| *path == "main.tf").map(|(_, content)| content.to_owned());
    assert!(main.is_some_and(|main| main.contains(r#"dead_letter_target_arn = module.queues.queue_arns["orders"]"#)));
}

#[test]
fn a_value_of_another_kind_is_refused_with_the_outputs_that_fit_written_as_references() {
    // The dead-letter target takes one queue or topic ARN: the help offers the single output and
    // the map output indexed by the same key, not the list whose positions Terraform computes.
    let text = changed(r#"{ ref = "queues.queue_arns.orders" }"#, r#"{ ref = "queues.queue_urls.orders" }"#);
    let at = location(&text, "dead_letter_target_arn =");
    assert_eq!(
        compose(&text),
        format!(
            "{at}: instance `worker`: input `dead_letter_target_arn` refers to `queues.queue_urls[\"orders\"]`, an output \
             of kind `sqs-queue-url`, but the input takes kind `sqs-queue-arn` or `sns-topic-arn`\n  \
             help: use `queues.queue_arns.orders` or `queues.dead_letter_queue_arn`"
        )
    );
}
