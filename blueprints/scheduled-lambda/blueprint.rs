//! `scheduled-lambda`: a baseline Lambda function run on an EventBridge Scheduler schedule.

use super::baseline_lambda::FunctionSettings;
use paved_blueprint::{
    Blueprint, Definition, FunctionName, PackagePath, Parts, ScheduleExpression, TimeZone, TopicArn, kinds,
};
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
    /// Retries when Scheduler cannot invoke the function (throttled, not permitted) before the event goes to the dead-letter queue.
    #[serde(default = "default_retries")]
    #[schemars(range(min = 0, max = 185))]
    pub maximum_retry_attempts: u32,
    /// Seconds Scheduler keeps trying to invoke the function before the event goes to the dead-letter queue.
    #[serde(default = "default_event_age")]
    #[schemars(range(min = 60, max = 86400))]
    pub maximum_event_age_seconds: u32,
    /// Retries by Lambda when the function itself fails (raises, times out) before the event goes to the dead-letter queue.
    #[serde(default = "default_invocation_retries")]
    #[schemars(range(min = 0, max = 2))]
    pub invocation_retry_attempts: u32,
    /// Seconds Lambda keeps an event of a failing run for retries before it goes to the dead-letter queue.
    #[serde(default = "default_event_age")]
    #[schemars(range(min = 60, max = 21600))]
    pub invocation_maximum_event_age_seconds: u32,
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
fn default_invocation_retries() -> u32 {
    2
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
            invocation_retry_attempts: default_invocation_retries(),
            invocation_maximum_event_age_seconds: default_event_age(),
            alarm_topic_arns: Vec::new(),
            function,
        }
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `ScheduledLambda` instance.
    pub struct ScheduledLambdaOutputs {
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "module.function.role_name",
        /// ARN of the schedule.
        schedule_arn: kinds::ScheduleArn = "aws_scheduler_schedule.this.arn",
        /// ARN of the queue receiving events of runs that failed after every retry (Scheduler's and Lambda's).
        dead_letter_queue_arn: kinds::QueueArn = "aws_sqs_queue.dead_letter.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module handles it:

| Constraint | Enforced by |
|------------|-------------|
| A `cron` expression has six fields, and exactly one of day-of-month and day-of-week is `?` (EventBridge Scheduler refuses the others) | Rust and `validation` on `schedule_expression` |
| Scheduler retries 0–185 times for up to 86,400 s; Lambda's asynchronous invocation retries 0–2 times for up to 21,600 s | Rust and `validation` |
| Environment variables: no reserved keys, at most 3,584 bytes (see the nested `baseline-lambda`) | Rust and `validation` on `function` |

**Where a failed run goes.** Scheduler invokes Lambda asynchronously, so its retry policy and \
dead-letter queue apply only when it cannot invoke the function. A run that raises or times out is \
retried by Lambda (`invocation_retry_attempts`, `invocation_maximum_event_age_seconds`) and then sent \
to the same dead-letter queue by the function's on-failure destination (the function's role may send to \
it, and use its key through SQS). The alarm therefore fires for both.

**Customer-managed key.** With `function.kms_key_arn`, the dead-letter queue and the schedule are \
encrypted with that key too; its key policy must also let the CloudWatch Logs principal use it (see the \
nested `baseline-lambda`). The roles may use it through SQS only (`kms:ViaService`).
";

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
            version: "2.0.1",
            summary: "A baseline Lambda function run by EventBridge Scheduler, with retries and a dead-letter queue.",
            description: "A `baseline-lambda` function (nested module) run by an EventBridge Scheduler schedule: \
                `rate` or `cron` expressions validated before Terraform runs, an explicit time zone, no flexible \
                window, and an encrypted, HTTPS-only dead-letter queue watched by an alarm. Scheduler invokes the \
                function asynchronously: its retry policy covers invocations it cannot make, and the function's \
                asynchronous invocation settings (retries, maximum event age, an on-failure destination) cover runs \
                that fail; both end in the dead-letter queue. The scheduler's role may only invoke this one function \
                and write to its dead-letter queue, and only this schedule may assume it.",
            notes: NOTES,
            outputs: ScheduledLambdaOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the scheduled-lambda definition is consistent")
    }
}
