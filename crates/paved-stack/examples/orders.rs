//! The orders stack of `examples/orders/stack.toml`, built with Paved's Rust API.
//!
//! Run `cargo run -p paved-stack --example orders -- out/orders-from-rust` to write it. The
//! workspace tests check that it composes to exactly the files the stack file gives.
//! Wiring is typed: `worker.function_name` is a `Ref<kinds::FunctionName>`, and writing
//! `worker.function_arn` in its place would not compile.

use paved_blueprint::{
    AwsRegion, EntityName, EnvironmentName, EnvironmentVariableName, EnvironmentVariables, FunctionName, InstanceName,
    Lifecycle, LogRetentionDays, PackagePath, ResourceName, RouteKey, ScheduleExpression, TagKey, TimeZone,
};
use paved_catalog::baseline_lambda::{BaselineLambda, BaselineLambdaInputs, FunctionSettings};
use paved_catalog::scheduled_lambda::{ScheduledLambda, ScheduledLambdaInputs};
use paved_catalog::sqs_redrive::{Consumer, SqsRedrive, SqsRedriveInputs};
use paved_catalog::sync_api_dynamodb::{SyncApiDynamodb, SyncApiDynamodbInputs};
use paved_stack::{Environment, ModuleSource, Stack, StackSettings};
use std::collections::BTreeMap;

type Error = Box<dyn std::error::Error>;

fn environment(name: &str) -> Result<Environment, Error> {
    let mut tags = BTreeMap::new();
    for (key, value) in
        [("Environment", name), ("Department", "retail"), ("Service", "orders"), ("CostCenter", "cc-1042")]
    {
        tags.insert(TagKey::new(key)?, value.to_owned());
    }
    Ok(Environment { region: AwsRegion::new("eu-west-1")?, tags })
}

/// The orders stack.
pub fn orders_stack() -> Result<Stack, Error> {
    let mut stack = Stack::new(StackSettings {
        name: ResourceName::new("orders")?,
        description: "Takes orders over HTTP, processes them from a queue, and reports on them nightly.".into(),
        owner: EntityName::new("team-orders")?,
        system: EntityName::new("commerce")?,
        lifecycle: Lifecycle::Production,
        required_tags: vec![TagKey::new("CostCenter")?],
        source: ModuleSource::Vendored,
    });
    stack.environment(EnvironmentName::new("development")?, environment("development")?);
    stack.environment(EnvironmentName::new("production")?, environment("production")?);

    // Outputs are known from the blueprint types before the instances exist.
    let queue = <SqsRedrive as paved_blueprint::Blueprint>::outputs("queue");
    let worker_outputs = <BaselineLambda as paved_blueprint::Blueprint>::outputs("worker");
    let api_outputs = <SyncApiDynamodb as paved_blueprint::Blueprint>::outputs("api");

    let mut api_function = FunctionSettings::new(PackagePath::new("build/orders-api.zip")?);
    api_function.environment_variables =
        EnvironmentVariables::new().with(EnvironmentVariableName::new("QUEUE_URL")?, queue.queue_url.clone());
    let mut api = SyncApiDynamodbInputs::new(FunctionName::new("orders-api")?, api_function);
    api.description = "Takes and reads orders.".into();
    api.routes = vec![RouteKey::new("POST /orders")?, RouteKey::new("GET /orders/{id}")?];
    let mut development = api.clone();
    development.deletion_protection = false;
    development.function.log_retention_days = LogRetentionDays::new(30)?;
    let mut production = api.clone();
    production.function.memory_size = 1024;
    stack.add_per_environment::<SyncApiDynamodb>(
        InstanceName::new("api")?,
        api,
        [(EnvironmentName::new("development")?, development), (EnvironmentName::new("production")?, production)],
    );

    let mut queue_inputs = SqsRedriveInputs::new(ResourceName::new("orders")?);
    queue_inputs.visibility_timeout_seconds = 360;
    let mut consumer = Consumer::new(worker_outputs.function_name, worker_outputs.role_name);
    consumer.function_timeout_seconds = 60;
    queue_inputs.consumer = Some(consumer);
    queue_inputs.producer_role_names = vec![api_outputs.role_name.into()];
    stack.add::<SqsRedrive>(InstanceName::new("queue")?, queue_inputs);

    let mut report_function = FunctionSettings::new(PackagePath::new("build/orders-report.zip")?);
    report_function.timeout = 300;
    let mut report = ScheduledLambdaInputs::new(
        FunctionName::new("orders-report")?,
        ScheduleExpression::new("cron(0 2 * * ? *)")?,
        report_function,
    );
    report.description = "Builds the nightly orders report.".into();
    report.schedule_timezone = TimeZone::new("Europe/Paris")?;
    stack.add::<ScheduledLambda>(InstanceName::new("report")?, report);

    let mut worker_settings = FunctionSettings::new(PackagePath::new("build/orders-worker.zip")?);
    worker_settings.timeout = 60;
    stack.add::<BaselineLambda>(
        InstanceName::new("worker")?,
        BaselineLambdaInputs {
            function_name: FunctionName::new("orders-worker")?,
            description: "Processes queued orders.".into(),
            settings: worker_settings,
            dead_letter_target_arn: None,
            dead_letter_kms_key_arn: None,
            service_name: None,
            metrics_namespace: None,
        },
    );
    Ok(stack)
}

#[allow(dead_code)]
fn main() -> Result<(), Error> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "out/orders-from-rust".to_owned());
    let files = orders_stack()?.compose(paved_catalog::Catalog::builtin())?.emit()?;
    files.write_to(std::path::Path::new(&out), true)?;
    println!("wrote the orders stack ({} files) to {out}", files.iter().count());
    Ok(())
}
