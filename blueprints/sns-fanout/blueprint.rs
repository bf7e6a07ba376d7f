//! `sns-fanout`: an encrypted SNS topic whose policy names its publishers and refuses plain HTTP,
//! fanning out to SQS queues through raw, filtered subscriptions that redrive to a dead-letter
//! queue, with alarms on failed deliveries and on dead letters.

use paved_blueprint::{
    AccountId, Blueprint, Definition, EventRuleArn, JsonObjectText, KmsKeyArn, MapOf, Parts, ResourceName, RoleName,
    TopicArn, Wire, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

paved_blueprint::constrained_string! {
    /// The ARN of a standard SQS queue: SNS delivers a standard topic's messages to standard queues
    /// only (a FIFO queue needs a FIFO topic).
    StandardQueueArn {
        what: "standard SQS queue ARN",
        pattern: "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$",
        length: 20 ..= 256,
        rule: "use the ARN of a standard SQS queue (not `.fifo`: a standard topic cannot deliver to a FIFO queue), such as `arn:aws:sqs:eu-west-1:111122223333:orders`",
        kind: paved_blueprint::kinds::QueueArn,
    }
}

paved_blueprint::closed_set! {
    /// What a subscription's filter policy is matched against.
    FilterPolicyScope ("filter policy scope") {
        /// The message's attributes (SNS's default).
        MessageAttributes => "MessageAttributes",
        /// The message's body, which must then be JSON.
        MessageBody => "MessageBody",
    }
}

/// One SQS queue subscribed to the topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// ARN of the standard SQS queue the topic delivers to; its policy must let this topic send (sqs-redrive's `sender_topic_arns`).
    pub queue_arn: Wire<StandardQueueArn>,
    /// Whether the queue receives the message as published (true) or wrapped in SNS's JSON envelope.
    #[serde(default = "default_raw_message_delivery")]
    pub raw_message_delivery: bool,
    /// JSON filter policy: the queue receives only the messages it matches; every message when null.
    #[serde(default)]
    #[schemars(length(max = 262144))]
    pub filter_policy: Option<JsonObjectText>,
    /// What the filter policy is matched against: `MessageAttributes` or `MessageBody`.
    #[serde(default = "default_filter_policy_scope")]
    pub filter_policy_scope: FilterPolicyScope,
}

impl Subscription {
    /// A raw, unfiltered subscription of the queue `queue_arn`.
    pub fn new(queue_arn: impl Into<Wire<StandardQueueArn>>) -> Self {
        Self {
            queue_arn: queue_arn.into(),
            raw_message_delivery: default_raw_message_delivery(),
            filter_policy: None,
            filter_policy_scope: default_filter_policy_scope(),
        }
    }
}

fn default_raw_message_delivery() -> bool {
    true
}
fn default_filter_policy_scope() -> FilterPolicyScope {
    FilterPolicyScope::MessageAttributes
}

/// Inputs of `sns-fanout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnsFanoutInputs {
    /// Name of the topic; the dead-letter queue is named `<topic_name>-fanout-dlq`.
    pub topic_name: ResourceName,
    /// KMS key that encrypts the topic; the AWS-managed key `alias/aws/sns` when null, which AWS services (EventBridge, S3, CloudWatch alarms) cannot publish with: give a key of yours when `publisher_event_rule_arns` is set.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// IAM roles of this account allowed to publish to the topic (and nothing else).
    #[serde(default)]
    pub publisher_role_names: Vec<Wire<RoleName>>,
    /// EventBridge rules of this account allowed to publish to the topic (the topic policy names each rule's ARN).
    #[serde(default)]
    pub publisher_event_rule_arns: Vec<Wire<EventRuleArn>>,
    /// Other AWS accounts allowed to publish to the topic; their own IAM policies decide which of their principals may.
    #[serde(default)]
    pub publisher_account_ids: Vec<AccountId>,
    /// SQS queues the topic delivers to, by a key of yours (it names the subscription in outputs and addresses).
    #[serde(default)]
    pub subscriptions: BTreeMap<String, Subscription>,
    /// KMS key that encrypts the dead-letter queue; SQS-managed encryption when null (the key policy must let `sns.amazonaws.com` use a key of yours).
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub dead_letter_kms_key_arn: Option<KmsKeyArn>,
    /// Seconds the dead-letter queue keeps a message (the maximum by default).
    #[serde(default = "default_dead_letter_retention")]
    #[schemars(range(min = 60, max = 1209600))]
    pub dead_letter_retention_seconds: u32,
    /// Failed deliveries in one minute that raise the delivery-failure alarm.
    #[serde(default = "default_alarm_threshold")]
    #[schemars(range(min = 1, max = 100000))]
    pub delivery_failure_alarm_threshold: u32,
    /// Messages waiting in the dead-letter queue that raise the dead-letter alarm.
    #[serde(default = "default_alarm_threshold")]
    #[schemars(range(min = 1, max = 100000))]
    pub dead_letter_alarm_threshold: u32,
    /// SNS topics notified when an alarm fires and when it recovers.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
}

impl SnsFanoutInputs {
    /// Paved-road defaults for a topic named `topic_name`, with no publisher and no subscription.
    pub fn new(topic_name: ResourceName) -> Self {
        Self {
            topic_name,
            kms_key_arn: None,
            publisher_role_names: Vec::new(),
            publisher_event_rule_arns: Vec::new(),
            publisher_account_ids: Vec::new(),
            subscriptions: BTreeMap::new(),
            dead_letter_kms_key_arn: None,
            dead_letter_retention_seconds: default_dead_letter_retention(),
            delivery_failure_alarm_threshold: default_alarm_threshold(),
            dead_letter_alarm_threshold: default_alarm_threshold(),
            alarm_topic_arns: Vec::new(),
        }
    }
}

fn default_dead_letter_retention() -> u32 {
    1209600
}
fn default_alarm_threshold() -> u32 {
    1
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `SnsFanout` instance.
    pub struct SnsFanoutOutputs {
        /// ARN of the topic, for publishers and for the subscribed queues' policies.
        topic_arn: kinds::TopicArn = "aws_sns_topic.this.arn",
        /// Name of the topic.
        topic_name: kinds::TopicName = "aws_sns_topic.this.name",
        /// ARN of each subscription, by its key in `subscriptions`.
        subscription_arns: MapOf<kinds::SubscriptionArn> = "{ for key, subscription in aws_sns_topic_subscription.this : key => subscription.arn }" keys from subscriptions,
        /// ARN of the dead-letter queue the subscriptions redrive to; null without subscriptions.
        dead_letter_queue_arn: kinds::QueueArn = "local.dead_letter_queue_arn",
        /// URL of the dead-letter queue; null without subscriptions.
        dead_letter_queue_url: kinds::QueueUrl = "local.dead_letter_queue_url",
        /// ARN of the alarm on failed deliveries.
        delivery_failure_alarm_arn: kinds::AlarmArn = "aws_cloudwatch_metric_alarm.delivery_failures.arn",
        /// ARN of the alarm on waiting dead letters; null without subscriptions.
        dead_letter_alarm_arn: kinds::AlarmArn = "local.dead_letter_alarm_arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| A standard topic delivers to standard queues only (a FIFO queue needs a FIFO topic) | Rust and `validation` on `subscriptions` (`queue_arn` ending in `.fifo` is refused) |
| A filter policy is a JSON object of at most 256 KiB | Rust and `validation` on `subscriptions` (`jsondecode`); SNS itself refuses a policy of more than 150 value combinations or more than 5 keys, at apply |
| EventBridge, S3 and CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed key `alias/aws/sns` (its key policy cannot be changed to admit them) | `precondition` on the topic: `publisher_event_rule_arns` needs `kms_key_arn` |
| A publisher role must exist when the topic policy names it (IAM refuses a policy naming an unknown principal) | wire `publisher_role_names` from the instance that makes the role, so Terraform creates it first |
| A queue of another account must confirm a subscription the topic's account makes (it stays pending, and Terraform cannot confirm it) | `precondition` on the subscription: the queue is in the topic's account (subscribe from the queue's account otherwise) |
| A subscription's dead-letter queue is in the topic's account and region, and lets the topic send to it | template: the module creates it beside the topic, with a policy for `sns.amazonaws.com` limited by `aws:SourceArn` to this topic |
| A subscribed queue must let the topic send to it, or every delivery fails | the queue's policy (sqs-redrive 3.1.0: `sender_topic_arns = [{ ref = \"<this instance>.topic_arn\" }]`); the delivery-failure alarm fires otherwise |

**Encryption.** The topic is always encrypted. By default it uses the AWS-managed key `alias/aws/sns`, \
which costs nothing and needs no key policy, and which IAM roles (in this account or in \
`publisher_account_ids`) can publish with; the module creates no key of its own, because a key made \
for one topic and never shared is only cost and a policy to maintain. AWS services cannot use the \
AWS-managed key: when an EventBridge rule (or S3, or a CloudWatch alarm) publishes, give `kms_key_arn`, \
a customer-managed key whose policy allows the service principal (`events.amazonaws.com`, …) \
`kms:GenerateDataKey*` and `kms:Decrypt`, limited by `aws:SourceAccount`. Publisher roles are granted \
`kms:GenerateDataKey` and `kms:Decrypt` on that key through SNS only (`kms:ViaService`); roles of other \
accounts need the key policy to admit their account. Subscribed queues encrypted with a key of their \
own (and the dead-letter queue with `dead_letter_kms_key_arn`) must let `sns.amazonaws.com` use that key; \
SQS-managed encryption (sqs-redrive's default) needs nothing.

**Publishers.** The topic policy allows `sns:Publish` only to the roles, rules and accounts named; \
principals of the topic's own account still need an IAM policy allowing it (roles named in \
`publisher_role_names` get one, `publish-to-<topic_name>`, keyed by role name). Rules must be in the \
topic's account (`aws:SourceAccount`). Every publish or subscribe request without TLS is denied.

**Delivery and retries.** SNS retries delivery to an SQS queue on its own schedule; a message it cannot \
deliver (the queue's policy or key refusing the topic, a deleted queue) goes to the dead-letter queue \
`<topic_name>-fanout-dlq`, which keeps it 14 days by default. The alarm `<topic_name>-delivery-failures` \
fires on `NumberOfNotificationsFailed` (Sum per minute), which counts those messages and any the \
redrive itself could not save; `<topic_name>-fanout-dead-letters` fires while dead letters wait. Redrive \
them to their queue once the cause is fixed. Without `subscriptions` the module creates no dead-letter \
queue, queue policy or dead-letter alarm (their outputs are null); the delivery-failure alarm stays, for \
subscriptions made elsewhere. Names carry `fanout` so they never collide with the \
queues and alarms of an sqs-redrive instance of the same name.
";

/// The `sns-fanout` blueprint.
pub struct SnsFanout;

impl Blueprint for SnsFanout {
    type Outputs = SnsFanoutOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        SnsFanoutOutputs::new(instance)
    }

    type Inputs = SnsFanoutInputs;

    fn definition() -> Definition {
        let mut example = SnsFanoutInputs::new(ResourceName::new("order-events").expect("valid example"));
        example.subscriptions.insert(
            "billing".to_owned(),
            Subscription::new(
                StandardQueueArn::new("arn:aws:sqs:eu-west-1:123456789012:billing").expect("valid example"),
            ),
        );
        Definition::build(Parts {
            name: "sns-fanout",
            version: "1.0.0",
            summary: "An encrypted SNS topic fanning out to SQS queues, with named publishers, filtered raw subscriptions, a dead-letter queue and alarms.",
            description: "An SNS topic encrypted at rest (the AWS-managed key, or a KMS key of yours) whose policy lets \
                only the publishers you name publish (IAM roles, EventBridge rules by ARN, other accounts) and refuses \
                every request that does not use HTTPS. Each SQS queue you subscribe receives raw messages, optionally \
                only those its filter policy matches; a message SNS cannot deliver moves to a dead-letter queue the \
                module creates (encrypted, HTTPS-only, accepting messages from this topic only). CloudWatch alarms \
                fire on failed deliveries and as soon as dead letters wait.",
            notes: NOTES,
            outputs: SnsFanoutOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the sns-fanout definition is consistent")
    }
}
