//! `sqs-redrive`: an SQS queue with a dead-letter queue, encryption, an HTTPS-only policy, an
//! alarm on dead letters, and an optional Lambda consumer.

use paved_blueprint::{
    Blueprint, Definition, EventRuleArn, ExistingFunctionName, KmsKeyArn, Parts, ResourceName, RoleName, Rule,
    TopicArn, Wire, input, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Lambda function that consumes the main queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-paved-rules" = consumer_rules()))]
pub struct Consumer {
    /// Name of the consumer Lambda function.
    pub function_name: Wire<ExistingFunctionName>,
    /// Name of the consumer's IAM role; it is given exactly the permissions to consume this queue.
    pub role_name: Wire<RoleName>,
    /// Most messages per invocation (above 10 needs a batching window).
    #[serde(default = "default_batch_size")]
    #[schemars(range(min = 1, max = 10000))]
    pub batch_size: u32,
    /// Seconds to gather a batch before invoking.
    #[serde(default)]
    #[schemars(range(min = 0, max = 300))]
    pub maximum_batching_window_seconds: u32,
    /// Most concurrent invocations the queue drives; set it (at most the function's reserved concurrency) when the function reserves concurrency, or throttled batches count as failed receives.
    #[serde(default)]
    #[schemars(range(min = 2, max = 1000))]
    pub maximum_concurrency: Option<u32>,
    /// Timeout of the consumer function, in seconds; the queue's visibility timeout must be at least this (six times is the recommendation).
    #[serde(default = "default_function_timeout")]
    #[schemars(range(min = 1, max = 900))]
    pub function_timeout_seconds: u32,
}

/// Rules across a consumer's settings.
fn consumer_rules() -> Vec<Rule> {
    vec![
        Rule::when(input("batch_size").above(10), input("maximum_batching_window_seconds").at_least(1))
            .because("Lambda refuses an SQS event source with a batch size over 10 and no batching window"),
    ]
}

/// Rules across the queue's inputs.
fn queue_rules() -> Vec<Rule> {
    vec![
        input("dead_letter_retention_seconds").above(input("message_retention_seconds")).because(
            "a dead-lettered message keeps its original enqueue time, so a shorter dead-letter retention deletes it early",
        ),
        input("visibility_timeout_seconds").at_least(input("consumer.function_timeout_seconds")).because(
            "Lambda refuses an SQS event source whose queue hides messages for less than the function may run",
        ),
    ]
}

fn default_function_timeout() -> u32 {
    30
}

impl Consumer {
    /// A consumer with the default batching.
    pub fn new(function_name: impl Into<Wire<ExistingFunctionName>>, role_name: impl Into<Wire<RoleName>>) -> Self {
        Self {
            function_name: function_name.into(),
            role_name: role_name.into(),
            batch_size: default_batch_size(),
            maximum_batching_window_seconds: 0,
            maximum_concurrency: None,
            function_timeout_seconds: default_function_timeout(),
        }
    }
}

fn default_batch_size() -> u32 {
    10
}

/// Inputs of `sqs-redrive`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-paved-rules" = queue_rules()))]
pub struct SqsRedriveInputs {
    /// Name of the main queue; the dead-letter queue is named `<queue_name>-dlq`.
    pub queue_name: ResourceName,
    /// Seconds a received message stays hidden from other consumers; at least the consumer's timeout (six times is the recommendation).
    #[serde(default = "default_visibility_timeout")]
    #[schemars(range(min = 0, max = 43200))]
    pub visibility_timeout_seconds: u32,
    /// Seconds the main queue keeps a message.
    #[serde(default = "default_retention")]
    #[schemars(range(min = 60, max = 1209600))]
    pub message_retention_seconds: u32,
    /// Seconds the dead-letter queue keeps a message; more than the main queue's retention (a message keeps its enqueue time), the maximum by default.
    #[serde(default = "default_dead_letter_retention")]
    #[schemars(range(min = 60, max = 1209600))]
    pub dead_letter_retention_seconds: u32,
    /// Seconds a receive call waits for messages (long polling).
    #[serde(default = "default_receive_wait")]
    #[schemars(range(min = 0, max = 20))]
    pub receive_wait_time_seconds: u32,
    /// Receives of one message before it moves to the dead-letter queue.
    #[serde(default = "default_max_receive_count")]
    #[schemars(range(min = 1, max = 1000))]
    pub max_receive_count: u32,
    /// KMS key that encrypts both queues; SQS-managed encryption when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Messages waiting in the dead-letter queue that raise the alarm.
    #[serde(default = "default_alarm_threshold")]
    #[schemars(range(min = 1, max = 100000))]
    pub alarm_threshold: u32,
    /// SNS topics notified when the dead-letter alarm fires and when it recovers.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
    /// Lambda function that consumes the main queue; none when null.
    #[serde(default)]
    pub consumer: Option<Consumer>,
    /// IAM roles allowed to send messages to the main queue (and nothing else).
    #[serde(default)]
    pub producer_role_names: Vec<Wire<RoleName>>,
    /// EventBridge rules allowed to send events to the main queue (the queue policy lets `events.amazonaws.com` send with `aws:SourceArn` equal to one of them).
    #[serde(default)]
    pub sender_event_rule_arns: Vec<Wire<EventRuleArn>>,
    /// SNS topics allowed to deliver to the main queue (the queue policy lets `sns.amazonaws.com` send with `aws:SourceArn` equal to one of them).
    #[serde(default)]
    pub sender_topic_arns: Vec<Wire<TopicArn>>,
}

impl SqsRedriveInputs {
    /// Paved-road defaults for a queue named `queue_name`.
    pub fn new(queue_name: ResourceName) -> Self {
        Self {
            queue_name,
            visibility_timeout_seconds: default_visibility_timeout(),
            message_retention_seconds: default_retention(),
            dead_letter_retention_seconds: default_dead_letter_retention(),
            receive_wait_time_seconds: default_receive_wait(),
            max_receive_count: default_max_receive_count(),
            kms_key_arn: None,
            alarm_threshold: default_alarm_threshold(),
            alarm_topic_arns: Vec::new(),
            consumer: None,
            producer_role_names: Vec::new(),
            sender_event_rule_arns: Vec::new(),
            sender_topic_arns: Vec::new(),
        }
    }
}

fn default_visibility_timeout() -> u32 {
    180
}
fn default_retention() -> u32 {
    345600
}
fn default_dead_letter_retention() -> u32 {
    1209600
}
fn default_receive_wait() -> u32 {
    20
}
fn default_max_receive_count() -> u32 {
    5
}
fn default_alarm_threshold() -> u32 {
    1
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `SqsRedrive` instance.
    pub struct SqsRedriveOutputs {
        /// ARN of the main queue.
        queue_arn: kinds::QueueArn = "aws_sqs_queue.this.arn",
        /// URL of the main queue, for producers.
        queue_url: kinds::QueueUrl = "aws_sqs_queue.this.url",
        /// Name of the main queue.
        queue_name: kinds::QueueName = "aws_sqs_queue.this.name",
        /// ARN of the dead-letter queue.
        dead_letter_queue_arn: kinds::QueueArn = "aws_sqs_queue.dead_letter.arn",
        /// URL of the dead-letter queue.
        dead_letter_queue_url: kinds::QueueUrl = "aws_sqs_queue.dead_letter.url",
        /// ARN of the alarm on waiting dead letters.
        dead_letter_alarm_arn: kinds::AlarmArn = "aws_cloudwatch_metric_alarm.dead_letters.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| A batch size over 10 needs a batching window of at least 1 s | Rust and `validation` on `consumer` |
| The visibility timeout covers the consumer's timeout (`consumer.function_timeout_seconds`; six times is the recommendation) | Rust and `validation` on `visibility_timeout_seconds`, `precondition` on the event source mapping |
| The dead-letter queue keeps messages longer than the main queue (a dead-lettered message keeps its original enqueue time) | Rust and `validation` on `dead_letter_retention_seconds` |
| `consumer.maximum_concurrency` within the function's reserved concurrency (throttled batches return to the queue and count toward `max_receive_count`) | compose-time check when the consumer is wired to a function of the stack |

**Customer-managed key.** With `kms_key_arn`, the producers, the consumer and SQS itself use the key; \
the roles may use it through SQS only (`kms:ViaService`). If an AWS service sends to the queue (SNS, \
EventBridge, S3), the key policy must allow that service principal `kms:GenerateDataKey` and `kms:Decrypt`.

**AWS services as senders.** `sender_event_rule_arns` and `sender_topic_arns` add two statements to \
the main queue's policy (beside the HTTPS-only denial): `events.amazonaws.com` and \
`sns.amazonaws.com` may `sqs:SendMessage` to the main queue, each only with `aws:SourceArn` equal \
to one of the rules or topics named, so no other rule or topic, of this account or another, can \
use the grant. The statements are one per service whatever the number of ARNs: adding a sender \
changes the policy in place. With SQS-managed encryption (the default) both services deliver \
without a key policy; with `kms_key_arn` the key policy needs the statement above for \
`events.amazonaws.com` or `sns.amazonaws.com`, or deliveries fail (EventBridge then dead-letters \
them through the rule target's dead-letter queue, SNS through the subscription's redrive policy). \
Wire a rule from `event-bus` (`{ ref = \"bus.rule_arns.orders\" }`) or a topic from `sns-fanout`.

**Producer roles** must have names known at plan time (the roles of Paved's blueprints do): each \
grant is keyed by the role's name (`aws_iam_role_policy.producer[\"<role name>\"]`), so removing or \
reordering producers touches only the grants of the roles removed or added.

### Upgrading from 2.x

Version 3 keys the producer grants by role name; 2.x numbered them by position in \
`producer_role_names` (`aws_iam_role_policy.producer[0]`, `[1]`, …). A `moved` block cannot map a \
position to a role name that only the caller knows, so move the state once, before the first plan \
with 3.x, for each producer (index `i` is the role's position in `producer_role_names` as last \
applied; `terraform state show '<address>[i]'` prints its `role`):

```sh
terraform state mv 'module.<instance>.aws_iam_role_policy.producer[0]' 'module.<instance>.aws_iam_role_policy.producer[\"<role name 0>\"]'
terraform state mv 'module.<instance>.aws_iam_role_policy.producer[1]' 'module.<instance>.aws_iam_role_policy.producer[\"<role name 1>\"]'
```

The plan then shows no change to the grants. Without the move, Terraform plans to destroy each \
`producer[i]` and create `producer[\"<role name>\"]`: both are the same inline policy (the role, named \
`send-to-<queue_name>`), and Terraform gives the two no order, so when the delete runs after the \
create the role is left without its grant (its sends are refused) while the state records it; \
the next `terraform apply` finds it missing and writes it again.
";

/// The `sqs-redrive` blueprint.
pub struct SqsRedrive;

impl Blueprint for SqsRedrive {
    type Outputs = SqsRedriveOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        SqsRedriveOutputs::new(instance)
    }

    type Inputs = SqsRedriveInputs;

    fn definition() -> Definition {
        let mut example = SqsRedriveInputs::new(ResourceName::new("orders").expect("valid example"));
        example.consumer = Some(Consumer::new(
            ExistingFunctionName::new("orders-worker").expect("valid example"),
            RoleName::new("orders-worker").expect("valid example"),
        ));
        example.sender_event_rule_arns = vec![
            EventRuleArn::new("arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed")
                .expect("valid example")
                .into(),
        ];
        Definition::build(Parts {
            name: "sqs-redrive",
            version: "3.1.0",
            summary: "An encrypted SQS queue with a dead-letter queue, redrive, an alarm and an optional Lambda consumer.",
            description: "A main SQS queue and its dead-letter queue, both encrypted at rest (SQS-managed keys, or a \
                KMS key of yours) and both refusing requests that do not use HTTPS. Messages received too often move \
                to the dead-letter queue (redrive policy), which accepts redrives only from its main queue; a \
                CloudWatch alarm fires as soon as dead letters wait. An optional consumer Lambda polls the main \
                queue with partial batch responses (ReportBatchItemFailures), and its role is given exactly the SQS \
                permissions that needs; producer roles may only send messages to the main queue.",
            notes: NOTES,
            outputs: SqsRedriveOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the sqs-redrive definition is consistent")
    }
}
