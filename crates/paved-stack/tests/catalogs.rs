//! Stacks mixing Paved's blueprints with a catalog's own, whose outputs are of kinds declared
//! outside `paved-blueprint`: wiring is checked by kind across catalogs, and an input accepting a
//! union of kinds (`baseline-lambda`'s dead-letter target: a queue or a topic) takes each member
//! kind and refuses every other.

use paved_blueprint::{Definition, Parts, ResourceName, Wire, kinds};
use paved_catalog::Catalog;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

paved_blueprint::value_kind! {
    /// The ARN of an Acme archive bucket: a kind Paved does not know.
    pub AcmeBucketArn => "acme-bucket-arn";
}

paved_blueprint::constrained_string! {
    /// The ARN of an Acme archive bucket, given or wired.
    BucketArn {
        what: "Acme bucket ARN",
        pattern: "^arn:aws[a-z-]*:s3:::[a-z0-9.-]+$",
        length: 16 ..= 2048,
        rule: "use an S3 bucket ARN such as `arn:aws:s3:::acme-archive`",
        kind: AcmeBucketArn,
    }
}

paved_blueprint::outputs! {
    /// Outputs of the Acme archive.
    pub struct ArchiveOutputs {
        /// ARN of the bucket.
        bucket_arn: AcmeBucketArn = "aws_s3_bucket.this.arn",
    }
}

paved_blueprint::outputs! {
    /// Outputs of the Acme alerts topic.
    pub struct AlertsOutputs {
        /// ARN of the topic.
        topic_arn: kinds::TopicArn = "aws_sns_topic.this.arn",
    }
}

/// Inputs of `acme-archive`.
#[derive(Serialize, Deserialize, JsonSchema)]
struct ArchiveInputs {
    /// The bucket's name.
    bucket_name: ResourceName,
}

/// Inputs of `acme-replica`: it takes the ARN of another archive bucket.
#[derive(Serialize, Deserialize, JsonSchema)]
struct ReplicaInputs {
    /// The bucket to replicate.
    source_bucket_arn: Wire<BucketArn>,
}

fn archive() -> Definition {
    Definition::build(Parts {
        name: "acme-archive",
        version: "1.0.0",
        summary: "An Acme archive bucket.",
        description: "An Acme archive bucket.",
        notes: "",
        outputs: ArchiveOutputs::declarations(),
        example: ArchiveInputs { bucket_name: ResourceName::new("orders-archive").expect("a valid name") },
        main_template: "resource \"aws_s3_bucket\" \"this\" {\n  bucket = var.bucket_name\n}\n",
    })
    .expect("the archive definition builds")
}

fn replica() -> Definition {
    Definition::build(Parts {
        name: "acme-replica",
        version: "1.0.0",
        summary: "A replica of an Acme archive bucket.",
        description: "A replica of an Acme archive bucket.",
        notes: "",
        outputs: Vec::new(),
        example: ReplicaInputs {
            source_bucket_arn: BucketArn::new("arn:aws:s3:::orders-archive").expect("a valid ARN").into(),
        },
        main_template: "locals {\n  source = var.source_bucket_arn\n}\n",
    })
    .expect("the replica definition builds")
}

/// A topic whose ARN is of Paved's kind `sns-topic-arn`.
fn alerts() -> Definition {
    Definition::build(Parts {
        name: "acme-alerts",
        version: "1.0.0",
        summary: "An Acme alerts topic.",
        description: "An Acme alerts topic.",
        notes: "",
        outputs: AlertsOutputs::declarations(),
        example: ArchiveInputs { bucket_name: ResourceName::new("orders-alerts").expect("a valid name") },
        main_template: "resource \"aws_sns_topic\" \"this\" {\n  name = var.bucket_name\n}\n",
    })
    .expect("the alerts definition builds")
}

/// `acme-alerts` as a type, for stacks built in Rust.
struct Alerts;

impl paved_blueprint::Blueprint for Alerts {
    type Inputs = ArchiveInputs;
    type Outputs = AlertsOutputs;
    fn outputs(instance: &str) -> AlertsOutputs {
        AlertsOutputs::new(instance)
    }
    fn definition() -> Definition {
        alerts()
    }
}

/// Paved's built-in blueprints plus Acme's three, as a platform team builds its catalog.
fn acme_catalog() -> Catalog {
    Catalog::builder()
        .with_builtin()
        .add_definition(archive())
        .add_definition(replica())
        .add::<Alerts>()
        .build()
        .expect("the Acme test catalog builds")
}

const STACK: &str = r#"[stack]
name = "orders"
owner = "team-orders"
system = "commerce"
lifecycle = "production"

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "retail", Service = "orders" }

[instances.archive]
blueprint = "acme-archive"
inputs = { bucket_name = "orders-archive" }

[instances.replica]
blueprint = "acme-replica"
inputs = { source_bucket_arn = { ref = "archive.bucket_arn" } }

[instances.worker]
blueprint = "baseline-lambda"
inputs = { function_name = "orders-worker", package_file = "build/worker.zip" }
"#;

fn compose(text: &str) -> String {
    let catalog = acme_catalog();
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).expect("the stack file parses");
    match stack.compose(&catalog) {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.to_string(),
    }
}

#[test]
fn an_output_of_a_catalog_kind_wires_into_an_input_of_that_kind() {
    assert_eq!(compose(STACK), "ok");
}

#[test]
fn an_output_of_a_catalog_kind_is_refused_by_a_built_in_input() {
    let stack = STACK.replace(
        r#"package_file = "build/worker.zip" }"#,
        r#"package_file = "build/worker.zip", dead_letter_target_arn = { ref = "archive.bucket_arn" } }"#,
    );
    let error = compose(&stack);
    assert!(
        error.contains(
            "an output of kind `acme-bucket-arn`, but the input takes kind `sqs-queue-arn` or `sns-topic-arn`"
        ),
        "{error}"
    );
    assert!(error.contains("`archive` (acme-archive) has no `sqs-queue-arn` or `sns-topic-arn` output"), "{error}");
    assert!(error.contains("stack.toml:21:"), "{error}");
}

/// The stack with a queue and a topic added, and the worker's dead-letter target wired to `target`.
fn with_dead_letter_target(target: &str) -> String {
    let worker = r#"package_file = "build/worker.zip" }"#;
    let wired = format!(r#"package_file = "build/worker.zip", dead_letter_target_arn = {{ ref = "{target}" }} }}"#);
    format!(
        "{}\n[instances.queue]\nblueprint = \"sqs-redrive\"\ninputs = {{ queue_name = \"orders\" }}\n\n[instances.alerts]\nblueprint = \"acme-alerts\"\ninputs = {{ bucket_name = \"orders-alerts\" }}\n",
        STACK.replace(worker, &wired)
    )
}

#[test]
fn a_union_input_takes_a_queue_and_a_topic_and_refuses_a_third_kind() {
    assert_eq!(compose(&with_dead_letter_target("queue.dead_letter_queue_arn")), "ok");
    assert_eq!(compose(&with_dead_letter_target("alerts.topic_arn")), "ok");
    let error = compose(&with_dead_letter_target("queue.queue_url"));
    assert!(
        error.contains(
            "input `dead_letter_target_arn` refers to `queue.queue_url`, an output of kind `sqs-queue-url`, but the input takes kind `sqs-queue-arn` or `sns-topic-arn`"
        ),
        "{error}"
    );
    assert!(error.contains("help: use `queue.queue_arn` or `queue.dead_letter_queue_arn`"), "{error}");
    assert!(error.contains("stack.toml:21:"), "{error}");
}

#[test]
fn a_built_in_output_is_refused_by_an_input_of_a_catalog_kind() {
    let stack = STACK.replace(r#"{ ref = "archive.bucket_arn" }"#, r#"{ ref = "worker.function_arn" }"#);
    let error = compose(&stack);
    assert!(
        error.contains("an output of kind `lambda-function-arn`, but the input takes kind `acme-bucket-arn`"),
        "{error}"
    );
    assert!(error.contains("`worker` (baseline-lambda) has no `acme-bucket-arn` output"), "{error}");
}

#[test]
fn catalog_kinds_reach_the_interface_and_the_outputs() {
    let replica = replica();
    let input = &replica.inputs[0];
    let kinds: Vec<&str> = input.node.kinds.iter().map(paved_blueprint::ValueKind::as_str).collect();
    assert_eq!(kinds, ["acme-bucket-arn"]);
    assert!(input.node.wirable);
    assert_eq!(archive().outputs[0].kind.as_str(), "acme-bucket-arn");
}

/// In Rust, the union input takes the typed reference of each member kind (a topic's
/// `Ref<kinds::TopicArn>`, a queue's `Ref<kinds::QueueArn>`), and the composed root wires each
/// function's dead-letter target to that output.
#[test]
fn a_union_input_is_wired_in_rust_from_a_topic_and_from_a_queue() {
    use paved_blueprint::{
        AwsRegion, EntityName, EnvironmentName, FunctionName, InstanceName, Lifecycle, PackagePath, TagKey,
    };
    use paved_catalog::baseline_lambda::{BaselineLambda, BaselineLambdaInputs, FunctionSettings};
    use paved_catalog::sqs_redrive::{SqsRedrive, SqsRedriveInputs};
    use paved_stack::{Environment, ModuleSource, Stack, StackSettings};

    let name = |text: &str| InstanceName::new(text).expect("a valid instance name");
    let mut stack = Stack::new(StackSettings {
        name: ResourceName::new("orders").expect("a valid name"),
        description: "Takes orders.".into(),
        owner: EntityName::new("team-orders").expect("a valid owner"),
        system: EntityName::new("commerce").expect("a valid system"),
        lifecycle: Lifecycle::Production,
        required_tags: vec![],
        source: ModuleSource::Vendored,
    });
    let tags = [("Environment", "development"), ("Department", "retail"), ("Service", "orders")]
        .into_iter()
        .map(|(key, value)| (TagKey::new(key).expect("a valid tag key"), value.to_owned()))
        .collect();
    let region = AwsRegion::new("eu-west-1").expect("a valid region");
    stack.environment(EnvironmentName::new("development").expect("a valid environment"), Environment { region, tags });
    let alerts = stack.add::<Alerts>(
        name("alerts"),
        ArchiveInputs { bucket_name: ResourceName::new("orders-alerts").expect("a valid name") },
    );
    let queue = stack
        .add::<SqsRedrive>(name("queue"), SqsRedriveInputs::new(ResourceName::new("orders").expect("a valid name")));
    let worker = |function: &str, target: Wire<paved_blueprint::DeadLetterTargetArn>| BaselineLambdaInputs {
        function_name: FunctionName::new(function).expect("a valid function name"),
        description: String::new(),
        settings: FunctionSettings::new(PackagePath::new("build/worker.zip").expect("a valid path")),
        dead_letter_target_arn: Some(target),
        dead_letter_kms_key_arn: None,
        service_name: None,
        metrics_namespace: None,
    };
    stack.add::<BaselineLambda>(name("to_topic"), worker("orders-to-topic", alerts.topic_arn.into()));
    stack.add::<BaselineLambda>(name("to_queue"), worker("orders-to-queue", queue.dead_letter_queue_arn.into()));
    let catalog = acme_catalog();
    let files = stack.compose(&catalog).expect("the stack composes").emit().expect("the stack emits");
    let main = files.get("main.tf").expect("a main.tf");
    assert!(main.contains("dead_letter_target_arn = module.alerts.topic_arn"), "{main}");
    assert!(main.contains("dead_letter_target_arn = module.queue.dead_letter_queue_arn"), "{main}");
}

#[test]
fn a_blueprint_whose_module_cannot_be_emitted_is_named_at_the_instance_using_it() {
    // A catalog's template reading an input its blueprint does not have: the catalog builds (it
    // does not render templates), and composing names the blueprint, the fault and where it is used.
    let mut broken = archive();
    broken.main_template = "resource \"aws_s3_bucket\" \"this\" {\n  bucket = var.bucket\n}\n";
    let catalog = Catalog::builder()
        .with_builtin()
        .add_definition(broken)
        .add_definition(replica())
        .add::<Alerts>()
        .build()
        .expect("the catalog builds");
    let stack = paved_stack::parse_stack_file(STACK, Path::new("stack.toml")).expect("the stack parses");
    let error = stack.compose(&catalog).expect_err("the module cannot be emitted").to_string();
    let line = STACK.lines().position(|line| line == "blueprint = \"acme-archive\"").expect("the archive instance") + 1;
    assert!(
        error.starts_with(&format!(
            "stack.toml:{line}:13: instance `archive`: the module of blueprint `acme-archive 1.0.0` cannot be emitted: blueprint `acme-archive`: main.tf.hbs:"
        )),
        "{error}"
    );
    assert!(error.contains("`var.bucket`"), "{error}");
    assert!(error.contains("help: the blueprint's template is at fault, not the stack"), "{error}");
}
