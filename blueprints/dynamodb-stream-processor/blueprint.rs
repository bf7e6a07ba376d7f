//! `dynamodb-stream-processor`: a baseline Lambda function that processes a DynamoDB table's stream.

use super::baseline_lambda::FunctionSettings;
use paved_blueprint::{
    Blueprint, Definition, FunctionName, JsonObjectText, KmsKeyArn, PackagePath, Parts, Rule, StreamStartingPosition,
    TableStreamArn, TopicArn, Wire, input, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Inputs of `dynamodb-stream-processor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-paved-rules" = stream_rules()))]
pub struct DynamodbStreamProcessorInputs {
    /// Name of the function and prefix of its failure queue and alarms.
    pub name: FunctionName,
    /// What the processor does, shown in the Lambda console.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// The table's stream, such as `{ ref = "api.table_stream_arn" }` from a `sync-api-dynamodb` with `stream_view_type` set.
    pub stream_arn: Wire<TableStreamArn>,
    /// KMS key that encrypts the table, when a customer-managed key does: the role may then decrypt stream records through DynamoDB only.
    #[serde(default)]
    pub table_kms_key_arn: Option<KmsKeyArn>,
    /// Records the function receives per invocation, at most.
    #[serde(default = "default_batch_size")]
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: u32,
    /// Seconds Lambda gathers records before invoking the function (0: invoke as soon as records arrive).
    #[serde(default)]
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window_seconds: u32,
    /// Where the mapping starts reading: `TRIM_HORIZON` (the oldest record kept) or `LATEST`.
    #[serde(default = "default_starting_position")]
    pub starting_position: StreamStartingPosition,
    /// Whether a failing batch is split in two and each half retried, to isolate the failing record.
    #[serde(default = "default_true")]
    pub bisect_batch_on_function_error: bool,
    /// Seconds after which a record still failing is sent to the failure queue instead of retried (a stream keeps records 24 hours).
    #[serde(default = "default_record_age")]
    #[schemars(range(min = 60, max = 86400))]
    pub maximum_record_age_seconds: u32,
    /// Retries of a failing batch before it is sent to the failure queue.
    #[serde(default = "default_retries")]
    #[schemars(range(min = 0, max = 10000))]
    pub maximum_retry_attempts: u32,
    /// Batches of one shard processed at once (records of one key stay in order).
    #[serde(default = "default_parallelization")]
    #[schemars(range(min = 1, max = 10))]
    pub parallelization_factor: u32,
    /// Whether the function reports the records that failed (`batchItemFailures`), so only those and the ones after them are retried.
    #[serde(default = "default_true")]
    pub report_batch_item_failures: bool,
    /// Event filter patterns: only records matching one of them invoke the function (the others are dropped); every record when empty.
    #[serde(default)]
    #[schemars(length(max = 5), inner(length(max = 4096)))]
    pub filter_patterns: Vec<JsonObjectText>,
    /// Seconds the oldest unprocessed record may wait (the `IteratorAge` maximum) before the alarm fires.
    #[serde(default = "default_iterator_age_threshold")]
    #[schemars(range(min = 1, max = 86400))]
    pub iterator_age_alarm_threshold_seconds: u32,
    /// SNS topics notified when batches reach the failure queue, when processing falls behind, and when each is resolved.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
    /// The function's settings.
    pub function: FunctionSettings,
}

/// Rules across the processor's inputs.
fn stream_rules() -> Vec<Rule> {
    vec![
        Rule::when(
            input("function.reserved_concurrent_executions").at_least(0),
            input("parallelization_factor").at_most(input("function.reserved_concurrent_executions")),
        )
        .because(
            "each shard runs up to `parallelization_factor` invocations at once, and invocations beyond the reservation are throttled and retried until the records expire",
        ),
    ]
}

fn default_batch_size() -> u32 {
    100
}
fn default_starting_position() -> StreamStartingPosition {
    StreamStartingPosition::TrimHorizon
}
fn default_true() -> bool {
    true
}
fn default_record_age() -> u32 {
    3600
}
fn default_retries() -> u32 {
    3
}
fn default_parallelization() -> u32 {
    1
}
fn default_iterator_age_threshold() -> u32 {
    300
}

impl DynamodbStreamProcessorInputs {
    /// Paved-road defaults for a processor `name` of the stream `stream_arn`, run by `function`.
    pub fn new(name: FunctionName, stream_arn: impl Into<Wire<TableStreamArn>>, function: FunctionSettings) -> Self {
        Self {
            name,
            description: String::new(),
            stream_arn: stream_arn.into(),
            table_kms_key_arn: None,
            batch_size: default_batch_size(),
            maximum_batching_window_seconds: 0,
            starting_position: default_starting_position(),
            bisect_batch_on_function_error: true,
            maximum_record_age_seconds: default_record_age(),
            maximum_retry_attempts: default_retries(),
            parallelization_factor: default_parallelization(),
            report_batch_item_failures: true,
            filter_patterns: Vec::new(),
            iterator_age_alarm_threshold_seconds: default_iterator_age_threshold(),
            alarm_topic_arns: Vec::new(),
            function,
        }
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `DynamodbStreamProcessor` instance.
    pub struct DynamodbStreamProcessorOutputs {
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "module.function.role_name",
        /// ARN of the queue receiving the description of each batch that failed after every retry.
        failure_queue_arn: kinds::QueueArn = "aws_sqs_queue.failures.arn",
        /// ARN of the alarm on the age of the oldest unprocessed record.
        iterator_age_alarm_arn: kinds::AlarmArn = "aws_cloudwatch_metric_alarm.iterator_age.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| A DynamoDB event source takes batches of 1–10,000 records, a batching window of 0–300 s, a parallelization factor of 1–10, at most 10,000 retries and a record age of 60–604,800 s (here at most 86,400 s: the stream keeps records 24 hours) | Rust and `validation` |
| Unbounded retries and record age (`-1`) block a shard until the record expires | Rust and `validation`: both are bounded (3 retries, 3,600 s by default) |
| A DynamoDB stream starts at `TRIM_HORIZON` or `LATEST` only (`AT_TIMESTAMP` is for Kinesis) | Rust and `validation` on `starting_position` |
| At most 5 filter patterns, each a JSON object of at most 4,096 characters (AWS parses the JSON when the mapping is created) | Rust and `validation` on `filter_patterns` |
| With reserved concurrency, each shard needs up to `parallelization_factor` executions at once | Rust and `validation` on `parallelization_factor` |
| Lambda checks the role's stream permissions when the mapping is created | the mapping `depends_on` the role's policy |
| The stream exists only while the table has one | at compose time: `table_stream_arn` of a `sync-api-dynamodb` without `stream_view_type` is refused |

**Where a failed batch goes.** Lambda polls the stream and invokes the function synchronously, so \
the function's asynchronous settings do not apply. A batch that fails is retried \
(`maximum_retry_attempts`, split in two each time when `bisect_batch_on_function_error` is on; \
with `report_batch_item_failures` only the failed record and those after it) until it succeeds, the \
retries run out or its oldest record is older than `maximum_record_age_seconds`; then Lambda sends \
a description of the batch (shard, sequence numbers, the error), not the records, to the failure \
queue and moves on. Read the records from the stream by those sequence numbers within 24 hours, \
while the stream keeps them; the queue keeps descriptions 14 days. The failure-queue alarm fires on \
the first one; the iterator-age alarm fires when the oldest unprocessed record is older than \
`iterator_age_alarm_threshold_seconds` (the `IteratorAge` maximum), before records expire unread.

**Filter patterns** drop the records they do not match: those never reach the function or the \
failure queue.

**Concurrency.** Lambda runs one batch per shard at a time, times `parallelization_factor`; records \
with the same partition key stay in order. The stream-read permissions are those AWS documents for \
DynamoDB event sources: `dynamodb:DescribeStream`, `dynamodb:GetRecords` and \
`dynamodb:GetShardIterator` on this stream only, and `dynamodb:ListStreams`, which supports no \
resource-level permission (`Resource: \"*\"`).

**Customer-managed keys.** When the table is encrypted with a customer-managed key, set \
`table_kms_key_arn` to it: stream records are encrypted with the table's key, and the role may \
decrypt through DynamoDB only (`kms:ViaService`). With `function.kms_key_arn`, the failure queue is \
encrypted with that key too, and the role may use it through SQS only; its key policy must also let \
the CloudWatch Logs principal use it (see the nested `baseline-lambda`). Without one, the queue uses \
SQS-managed encryption.

**Checkov.** This module skips no check. The nested `baseline-lambda` skips CKV_AWS_116 (a \
dead-letter target is for asynchronous invocations; this function is invoked synchronously by the \
mapping, whose failures go to the failure queue), CKV_AWS_117 (VPC), CKV_AWS_158 and CKV_AWS_173 \
(customer-managed keys are opt-in through `function.kms_key_arn`) and CKV_AWS_272 (code signing), each \
with its reason in its README.
";

/// The `dynamodb-stream-processor` blueprint.
pub struct DynamodbStreamProcessor;

impl Blueprint for DynamodbStreamProcessor {
    type Outputs = DynamodbStreamProcessorOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        DynamodbStreamProcessorOutputs::new(instance)
    }

    type Inputs = DynamodbStreamProcessorInputs;

    fn definition() -> Definition {
        let mut example = DynamodbStreamProcessorInputs::new(
            FunctionName::new("orders-read-model").expect("valid example"),
            TableStreamArn::new("arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000")
                .expect("valid example"),
            FunctionSettings::new(PackagePath::new("build/orders-read-model.zip").expect("valid example")),
        );
        example.description = "Keeps the orders read model up to date.".to_owned();
        example.filter_patterns =
            vec![JsonObjectText::new(r#"{"eventName":["INSERT","MODIFY"]}"#).expect("valid example")];
        Definition::build(Parts {
            name: "dynamodb-stream-processor",
            version: "1.0.0",
            summary: "A baseline Lambda function processing a DynamoDB table's stream, with bounded retries, a failure queue and an iterator-age alarm.",
            description: "An event source mapping from a DynamoDB table's stream to a `baseline-lambda` function \
                (nested module): reading from `TRIM_HORIZON`, splitting failing batches, bounded retries and record \
                age, partial batch responses, optional event filters, and an encrypted, HTTPS-only SQS on-failure \
                destination watched by an alarm, with an alarm on the iterator age. The function's role may read \
                this stream only and send to its failure queue.",
            notes: NOTES,
            outputs: DynamodbStreamProcessorOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the dynamodb-stream-processor definition is consistent")
    }
}
