//! What AWS would refuse at apply, or do differently at run time, checked in the emitted modules
//! and in the rules every blueprint states (Terraform's side of each rule is in
//! `validation_agreement`).

use paved_blueprint::Definition;
use paved_catalog::Catalog;
use paved_hcl::hcl::{self, Block, Body, Structure};
use serde_json::{Value, json};

fn definition(name: &str) -> &'static Definition {
    Catalog::builtin().get(name).expect("a catalog blueprint")
}

/// The parsed `main.tf` of `blueprint`'s emitted module.
fn main_tf(blueprint: &str) -> Body {
    let catalog = Catalog::builtin();
    let files = paved_module::emit(definition(blueprint), &|name| catalog.get(name).ok()).expect("emits");
    hcl::from_str(files.get("main.tf").expect("has main.tf")).expect("main.tf parses")
}

/// The block `kind "type" "name"` of `body`, printed back as HCL text.
fn block(body: &Body, kind: &str, labels: &[&str]) -> String {
    let found = body
        .blocks()
        .find(|block| {
            block.identifier() == kind && block.labels().iter().map(|label| label.as_str()).eq(labels.iter().copied())
        })
        .unwrap_or_else(|| panic!("no `{kind} {labels:?}` block"));
    hcl::format::to_string(found).expect("prints")
}

/// Every `statement` (plain or the content of a `dynamic "statement"`) in the policy documents of
/// `body`, printed back as HCL text.
fn statements(body: &Body) -> Vec<String> {
    fn collect(block: &Block, out: &mut Vec<String>) {
        for structure in block.body().iter() {
            if let Structure::Block(inner) = structure {
                let is_dynamic_statement = inner.identifier() == "dynamic"
                    && inner.labels().first().is_some_and(|label| label.as_str() == "statement");
                if inner.identifier() == "statement" {
                    out.push(hcl::format::to_string(inner).expect("prints"));
                } else if is_dynamic_statement {
                    for content in inner.body().blocks().filter(|content| content.identifier() == "content") {
                        out.push(hcl::format::to_string(content).expect("prints"));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for document in body.blocks().filter(|block| {
        block.identifier() == "data"
            && block.labels().first().is_some_and(|label| label.as_str() == "aws_iam_policy_document")
    }) {
        collect(document, &mut out);
    }
    out
}

fn refusal(blueprint: &str, inputs: Value) -> String {
    match definition(blueprint).validate(&inputs) {
        Ok(()) => "accepted".to_owned(),
        Err(errors) => errors.to_string(),
    }
}

#[test]
fn a_failing_scheduled_run_is_retried_by_lambda_and_dead_lettered() {
    let main = main_tf("scheduled-lambda");
    let config = block(&main, "resource", &["aws_lambda_function_event_invoke_config", "this"]);
    for expected in [
        "function_name = module.function.function_name",
        "maximum_retry_attempts = var.invocation_retry_attempts",
        "maximum_event_age_in_seconds = var.invocation_maximum_event_age_seconds",
        "destination = aws_sqs_queue.dead_letter.arn",
    ] {
        assert!(config.contains(expected), "the asynchronous invocation settings lack `{expected}`:\n{config}");
    }
    let policy = block(&main, "resource", &["aws_iam_role_policy", "function_dead_letters"]);
    assert!(policy.contains("role = module.function.role_name"), "{policy}");
    let send = statements(&main)
        .into_iter()
        .find(|statement| statement.contains("SendFailedRuns"))
        .expect("the function's role may send failed runs");
    assert!(send.contains("\"sqs:SendMessage\"") && send.contains("aws_sqs_queue.dead_letter.arn"), "{send}");
}

#[test]
fn the_scheduler_role_trusts_only_its_own_schedule() {
    let main = main_tf("scheduled-lambda");
    let trust = block(&main, "data", &["aws_iam_policy_document", "scheduler_assume_role"]);
    assert!(trust.contains("aws:SourceAccount"), "{trust}");
    assert!(trust.contains("variable = \"aws:SourceArn\"") && trust.contains("local.schedule_arn"), "{trust}");
    let locals = block(&main, "locals", &[]);
    assert!(locals.contains(":schedule/default/${var.name}"), "the schedule ARN is built wrongly:\n{locals}");
    let schedule = block(&main, "resource", &["aws_scheduler_schedule", "this"]);
    assert!(schedule.contains("name = var.name") && !schedule.contains("group_name"), "{schedule}");
}

#[test]
fn every_kms_grant_is_limited_to_the_service_that_uses_the_key() {
    let mut checked = 0;
    for definition in Catalog::builtin().iter() {
        for statement in statements(&main_tf(definition.name.as_str())) {
            if statement.contains("\"kms:") {
                checked += 1;
                assert!(
                    statement.contains("variable = \"kms:ViaService\""),
                    "{}: a KMS grant without a kms:ViaService condition:\n{statement}",
                    definition.name
                );
            }
        }
    }
    assert!(checked >= 6, "only {checked} KMS grants found");
    let baseline = statements(&main_tf("baseline-lambda"));
    let environment = baseline.iter().find(|statement| statement.contains("DecryptEnvironment")).expect("grant");
    assert!(environment.contains("kms:EncryptionContext:aws:lambda:FunctionArn"), "{environment}");
}

#[test]
fn an_encrypted_dead_letter_target_can_be_written() {
    let main = main_tf("baseline-lambda");
    let grant = statements(&main)
        .into_iter()
        .find(|statement| statement.contains("EncryptDeadLetters"))
        .expect("a dead-letter key grant");
    assert!(grant.contains("\"kms:GenerateDataKey\"") && grant.contains("statement.value"), "{grant}");
    let permissions = block(&main, "data", &["aws_iam_policy_document", "permissions"]);
    assert!(
        permissions.contains("var.dead_letter_kms_key_arn"),
        "the grant is for the dead-letter key:\n{permissions}"
    );
}

#[test]
fn the_access_logs_have_a_key_of_their_own() {
    let main = main_tf("sync-api-dynamodb");
    let logs = block(&main, "resource", &["aws_cloudwatch_log_group", "access"]);
    assert!(logs.contains("kms_key_id = var.access_log_kms_key_arn"), "{logs}");
    assert!(
        definition("sync-api-dynamodb").notes.contains("logs.<region>.amazonaws.com"),
        "the key policy is documented"
    );
}

#[test]
fn no_function_reserves_concurrency_unless_asked() {
    let field = definition("baseline-lambda")
        .inputs
        .iter()
        .find(|field| field.name == "reserved_concurrent_executions")
        .expect("the input");
    assert_eq!(field.default, Some(json!(-1)));
}

#[test]
fn each_rule_across_inputs_refuses_what_aws_refuses() {
    let consumer = json!({"function_name": "orders-worker", "role_name": "orders-worker"});
    let with_consumer = |changes: Value| {
        let mut inputs = json!({"queue_name": "orders", "consumer": consumer});
        for (key, value) in changes.as_object().expect("an object") {
            if key == "consumer" {
                for (inner, item) in value.as_object().expect("an object") {
                    inputs["consumer"][inner] = item.clone();
                }
            } else {
                inputs[key] = value.clone();
            }
        }
        inputs
    };
    assert_eq!(
        refusal("sqs-redrive", with_consumer(json!({"consumer": {"batch_size": 11}}))),
        "input `consumer.maximum_batching_window_seconds` must satisfy: when `batch_size` is above 10, `maximum_batching_window_seconds` must be at least 1 (Lambda refuses an SQS event source with a batch size over 10 and no batching window)"
    );
    assert_eq!(
        refusal(
            "sqs-redrive",
            with_consumer(json!({"consumer": {"batch_size": 11, "maximum_batching_window_seconds": 1}}))
        ),
        "accepted"
    );
    assert_eq!(
        refusal("sqs-redrive", with_consumer(json!({"message_retention_seconds": 1209600}))),
        "input `dead_letter_retention_seconds` must satisfy: `dead_letter_retention_seconds` must be above `message_retention_seconds` (a dead-lettered message keeps its original enqueue time, so a shorter dead-letter retention deletes it early)"
    );
    assert_eq!(
        refusal("sqs-redrive", with_consumer(json!({"consumer": {"function_timeout_seconds": 181}}))),
        "input `visibility_timeout_seconds` must satisfy: `visibility_timeout_seconds` must be at least `consumer.function_timeout_seconds` (Lambda refuses an SQS event source whose queue hides messages for less than the function may run)"
    );
    assert_eq!(
        refusal("sqs-redrive", json!({"queue_name": "orders", "visibility_timeout_seconds": 0})),
        "accepted",
        "no consumer, no rule"
    );

    let api = |function: Value, extra: Value| {
        let mut inputs = json!({"name": "orders-api", "function": function});
        for (key, value) in extra.as_object().expect("an object") {
            inputs[key] = value.clone();
        }
        inputs
    };
    assert_eq!(
        refusal("sync-api-dynamodb", api(json!({"package_file": "a.zip", "timeout": 31}), json!({}))),
        "input `function.timeout` must satisfy: `function.timeout` must be at most 30 (API Gateway ends an integration after 30 s, while a longer-running function keeps its execution)"
    );
    assert_eq!(
        refusal(
            "sync-api-dynamodb",
            api(json!({"package_file": "a.zip", "reserved_concurrent_executions": 10}), json!({}))
        ),
        "input `throttling_burst_limit` must satisfy: when `function.reserved_concurrent_executions` is at least 0, `throttling_burst_limit` must be at most `function.reserved_concurrent_executions` (each request in flight holds one execution, and requests beyond the reservation are throttled with errors)"
    );
    assert_eq!(
        refusal(
            "sync-api-dynamodb",
            api(
                json!({"package_file": "a.zip", "reserved_concurrent_executions": 10}),
                json!({"throttling_burst_limit": 10})
            )
        ),
        "accepted"
    );
}

#[test]
fn lambda_environment_variables_avoid_reserved_keys_and_fit_in_4_kb() {
    let inputs = |variables: Value| json!({"function_name": "orders-api", "package_file": "a.zip", "environment_variables": variables});
    assert_eq!(
        refusal("baseline-lambda", inputs(json!({"AWS_REGION": "eu-west-1", "TABLE": "x"}))),
        "input `environment_variables` = `{\"AWS_REGION\":\"eu-west-1\",\"TABLE\":\"x\"}` must not use the reserved keys `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_DEFAULT_REGION`, `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`, `AWS_LAMBDA_RUNTIME_API`, `AWS_REGION`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `LAMBDA_RUNTIME_DIR`, `LAMBDA_TASK_ROOT`, `TZ`"
    );
    // 3,584 bytes of keys and values fit; one more byte, or two-byte characters, do not.
    assert_eq!(refusal("baseline-lambda", inputs(json!({"A": "x".repeat(3583)}))), "accepted");
    assert!(
        refusal("baseline-lambda", inputs(json!({"A": "x".repeat(3584)}))).contains("must hold at most 3584 bytes")
    );
    assert!(
        refusal("baseline-lambda", inputs(json!({"A": "é".repeat(1792)}))).contains("must hold at most 3584 bytes")
    );
    // The same rules hold where other blueprints nest the function's settings.
    let nested = json!({"name": "orders-report", "schedule_expression": "rate(1 day)", "function": {"package_file": "a.zip", "environment_variables": {"AWS_ACCESS_KEY_ID": "x"}}});
    assert!(refusal("scheduled-lambda", nested).contains("input `function.environment_variables`"));
}

#[test]
fn a_cron_schedule_leaves_exactly_one_day_field_open() {
    let inputs = |expression: &str| json!({"name": "orders-report", "schedule_expression": expression, "function": {"package_file": "a.zip"}});
    for refused in ["cron(0 2 * * * *)", "cron(0 2 ? * ? *)", "cron(0 2 1 * MON *)"] {
        assert!(
            refusal("scheduled-lambda", inputs(refused)).contains("exactly one of day-of-month and day-of-week is `?`"),
            "{refused}"
        );
    }
    for accepted in ["cron(0 2 * * ? *)", "cron(0 2 ? * MON-FRI *)", "cron(0 9 L * ? *)"] {
        assert_eq!(refusal("scheduled-lambda", inputs(accepted)), "accepted", "{accepted}");
    }
}

#[test]
fn every_service_allowed_by_a_resource_policy_is_limited_to_named_sources() {
    let mut checked = 0;
    for definition in Catalog::builtin().iter() {
        for statement in statements(&main_tf(definition.name.as_str())) {
            let service_principal = statement.contains("type = \"Service\"");
            let allows = !statement.contains("effect = \"Deny\"");
            if service_principal && allows && !statement.contains("sts:AssumeRole") {
                checked += 1;
                assert!(
                    statement.contains("variable = \"aws:SourceArn\""),
                    "{}: a service may act without an aws:SourceArn condition:\n{statement}",
                    definition.name
                );
            }
        }
    }
    assert!(checked >= 2, "only {checked} service grants found");
}

#[test]
fn sqs_redrive_lets_only_the_named_rules_and_topics_send() {
    let main = main_tf("sqs-redrive");
    let grants: Vec<String> = statements(&main)
        .into_iter()
        .filter(|statement| statement.contains("AllowEventRules") || statement.contains("AllowTopics"))
        .collect();
    assert_eq!(grants.len(), 2, "{grants:?}");
    for (grant, service) in grants.iter().zip(["events.amazonaws.com", "sns.amazonaws.com"]) {
        assert!(grant.contains(service), "{grant}");
        assert!(grant.contains("actions = [\n    \"sqs:SendMessage\"\n  ]"), "{grant}");
        assert!(grant.contains("test = \"ArnEquals\"") && grant.contains("values = statement.value"), "{grant}");
    }
    let policy = block(&main, "data", &["aws_iam_policy_document", "https_only"]);
    assert!(policy.contains("each.key == \"main\" && length(var.sender_event_rule_arns) > 0"), "{policy}");
    assert!(policy.contains("each.key == \"main\" && length(var.sender_topic_arns) > 0"), "{policy}");
}

#[test]
fn an_s3_processor_may_not_write_where_its_trigger_reads() {
    let inputs = |changes: Value| {
        let mut inputs = json!({
            "bucket_name": "acme-uploads-dev",
            "name": "uploads",
            "function": {"package_file": "a.zip"},
        });
        for (key, value) in changes.as_object().expect("an object") {
            inputs[key] = value.clone();
        }
        inputs
    };
    let refused = "input `write_prefix` must satisfy: `write_prefix` and `filter_prefix` must not overlap: \
        neither may start with the other (objects the function writes would trigger it again, an endless loop; \
        write under a prefix outside `filter_prefix`, or narrow `filter_prefix` so that it does not start with \
        `write_prefix`; a suffix filter does not prevent it, since the function chooses the keys it writes)";
    for (filter_prefix, write_prefix) in
        [("", "results/"), ("incoming/", "incoming/results/"), ("incoming/today/", "incoming/"), ("in", "in")]
    {
        assert_eq!(
            refusal(
                "s3-event-processor",
                inputs(json!({"filter_prefix": filter_prefix, "write_prefix": write_prefix}))
            ),
            refused,
            "filter_prefix {filter_prefix:?}, write_prefix {write_prefix:?}"
        );
    }
    assert_eq!(
        refusal(
            "s3-event-processor",
            inputs(json!({"filter_prefix": "incoming/", "filter_suffix": ".csv", "write_prefix": "incoming/out.json"}))
        ),
        refused,
        "a suffix filter does not make an overlapping write prefix safe"
    );
    for accepted in [
        json!({"filter_prefix": "incoming/", "write_prefix": "results/"}),
        json!({"filter_prefix": "incoming/", "write_prefix": "incoming-results/"}),
        json!({"write_prefix": null}),
        json!({}),
    ] {
        assert_eq!(refusal("s3-event-processor", inputs(accepted.clone())), "accepted", "{accepted}");
    }
    assert!(
        refusal("s3-event-processor", inputs(json!({"write_prefix": "results/*"}))).contains("no `*`"),
        "a wildcard in the write prefix would widen the function's s3:PutObject"
    );
    assert!(
        refusal("s3-event-processor", inputs(json!({"events": ["s3:Replication:*"]})))
            .starts_with("input `events[0]` = `s3:Replication:*` must be one of `s3:ObjectCreated:*`,"),
        "events are S3's own names"
    );
}

#[test]
fn s3_invokes_the_function_only_from_its_bucket_after_the_permission_exists() {
    let main = main_tf("s3-event-processor");
    let permission = block(&main, "resource", &["aws_lambda_permission", "s3"]);
    for expected in [
        "principal = \"s3.amazonaws.com\"",
        "source_arn = aws_s3_bucket.this.arn",
        "source_account = data.aws_caller_identity.current.account_id",
    ] {
        assert!(permission.contains(expected), "the permission lacks `{expected}`:\n{permission}");
    }
    let notification = block(&main, "resource", &["aws_s3_bucket_notification", "this"]);
    assert!(notification.contains("depends_on = [\n    aws_lambda_permission.s3\n  ]"), "{notification}");
    let routed = block(&main, "resource", &["aws_lambda_permission", "eventbridge"]);
    assert!(routed.contains("source_arn = aws_cloudwatch_event_rule.objects[0].arn"), "{routed}");
    let target = block(&main, "resource", &["aws_cloudwatch_event_target", "function"]);
    assert!(target.contains("aws_lambda_permission.eventbridge") && target.contains("dead_letter_config"), "{target}");
    let config = block(&main, "resource", &["aws_lambda_function_event_invoke_config", "this"]);
    assert!(
        config.contains("destination = aws_sqs_queue.dead_letter.arn"),
        "failed events are dead-lettered:\n{config}"
    );
}

#[test]
fn the_s3_function_reads_only_what_triggers_it_and_writes_only_under_its_prefix() {
    let main = main_tf("s3-event-processor");
    let statements = statements(&main);
    let find = |sid: &str| {
        statements.iter().find(|statement| statement.contains(sid)).unwrap_or_else(|| panic!("no {sid} statement"))
    };
    let read = find("ReadTriggeringObjects");
    assert!(read.contains("\"s3:GetObject\"\n") && read.contains("/${local.key_pattern}\""), "{read}");
    let locals = block(&main, "locals", &[]);
    assert!(locals.contains("key_pattern = \"${var.filter_prefix}*${var.filter_suffix}\""), "{locals}");
    let write = find("WriteResults");
    assert!(write.contains("\"s3:PutObject\"\n") && write.contains("/${statement.value}*\""), "{write}");
    let policy = block(&main, "data", &["aws_iam_policy_document", "function_objects"]);
    assert!(policy.contains("for_each = var.write_prefix == null ? [] : [var.write_prefix]"), "{policy}");
    let key = find("UseBucketKey");
    assert!(key.contains("kms:EncryptionContext:aws:s3:arn") && key.contains("local.s3_service"), "{key}");
    let tls = find("DenyInsecureTransport");
    assert!(tls.contains("aws:SecureTransport"), "{tls}");
}
