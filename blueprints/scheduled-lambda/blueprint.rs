//! `scheduled-lambda`: a baseline Lambda function run on an EventBridge Scheduler schedule.

use super::baseline_lambda::FunctionSettings;
use paved_blueprint::{Blueprint, Definition, FunctionName, PackagePath, Parts, ScheduleExpression, TimeZone, TopicArn};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Inputs of `scheduled-lambda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduledLambdaInputs {
    /// Name of the function and of its schedule.
    pub name: FunctionName,
    /// What the job does, shown in the Lambda and Scheduler consoles.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// When the job runs: `rate(…)` or a six-field `cron(…)`.
    pub schedule_expression: ScheduleExpression,
    /// Time zone in which cron expressions are read.
    #[serde(default = "default_timezone")]
    pub schedule_timezone: TimeZone,
    /// Whether the schedule runs; false pauses it without deleting anything.
    #[serde(default = "default_enabled")]
    pub enabled: bool,
    /// Event passed to the function on every run, as string keys and values.
    #[serde(default)]
    pub payload: BTreeMap<String, String>,
    /// Retries of a failed invocation before the event goes to the dead-letter queue.
    #[serde(default = "default_retries")]
    #[schemars(range(min = 0, max = 185))]
    pub maximum_retry_attempts: u32,
    /// Seconds an event is retried before it goes to the dead-letter queue.
    #[serde(default = "default_event_age")]
    #[schemars(range(min = 60, max = 86400))]
    pub maximum_event_age_seconds: u32,
    /// SNS topics notified when events reach the dead-letter queue and when it is empty again.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
    /// The function's settings.
    pub function: FunctionSettings,
}

fn default_timezone() -> TimeZone {
    TimeZone::new("UTC").expect("UTC is a valid time zone")
}
fn default_enabled() -> bool {
    true
}
fn default_retries() -> u32 {
    2
}
fn default_event_age() -> u32 {
    3600
}

impl ScheduledLambdaInputs {
    /// Paved-road defaults for a job `name` run on `schedule_expression`.
    pub fn new(name: FunctionName, schedule_expression: ScheduleExpression, function: FunctionSettings) -> Self {
        Self {
            name,
            description: String::new(),
            schedule_expression,
            schedule_timezone: default_timezone(),
            enabled: default_enabled(),
            payload: BTreeMap::new(),
            maximum_retry_attempts: default_retries(),
            maximum_event_age_seconds: default_event_age(),
            alarm_topic_arns: Vec::new(),
            function,
        }
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `ScheduledLambda` instance.
    pub struct ScheduledLambdaOutputs {
        /// Name of the Lambda function.
        function_name: FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: RoleName = "module.function.role_name",
        /// ARN of the schedule.
        schedule_arn: ScheduleArn = "aws_scheduler_schedule.this.arn",
        /// ARN of the queue receiving events that exhausted their retries.
        dead_letter_queue_arn: QueueArn = "aws_sqs_queue.dead_letter.arn",
    }
}

/// The `scheduled-lambda` blueprint.
pub struct ScheduledLambda;

impl Blueprint for ScheduledLambda {
    type Outputs = ScheduledLambdaOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        ScheduledLambdaOutputs::new(instance)
    }

    type Inputs = ScheduledLambdaInputs;

    fn definition() -> Definition {
        let mut example = ScheduledLambdaInputs::new(
            FunctionName::new("orders-report").expect("valid example"),
            ScheduleExpression::new("cron(0 2 * * ? *)").expect("valid example"),
            FunctionSettings::new(PackagePath::new("build/orders-report.zip").expect("valid example")),
        );
        example.description = "Builds the nightly orders report.".to_owned();
        example.schedule_timezone = TimeZone::new("Europe/Paris").expect("valid example");
        Definition::build(Parts {
            name: "scheduled-lambda",
            version: "1.0.1",
            summary: "A baseline Lambda function run by EventBridge Scheduler, with retries and a dead-letter queue.",
            description: "A `baseline-lambda` function (nested module) run by an EventBridge Scheduler schedule: \
                `rate` or `cron` expressions validated before Terraform runs, an explicit time zone, no flexible \
                window, a retry policy, and an encrypted, HTTPS-only dead-letter queue for events that exhaust it, \
                watched by an alarm. The scheduler's role may only invoke this one function and write to its \
                dead-letter queue.",
            outputs: ScheduledLambdaOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the scheduled-lambda definition is consistent")
    }
}
