//! `event-bus`: a custom EventBridge bus with rules and targets, each target retried and
//! dead-lettered to the bus's encrypted dead-letter queue, an archive and an optional bus policy.

use paved_blueprint::{
    AccountId, Blueprint, Definition, EventTargetArn, JsonObjectText, KmsKeyArn, MapOf, OneLine, Parts, ResourceName,
    TopicArn, Wire, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

paved_blueprint::constrained_string! {
    /// The key of a rule in `rules`: it names the rule `<bus_name>-<key>` (at most 64 characters).
    RuleKey {
        what: "rule key",
        pattern: "^[a-z]([a-z0-9-]{0,21}[a-z0-9])?$",
        length: 1 ..= 23,
        rule: "use 1 to 23 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit (the rule is named `<bus_name>-<key>`, at most 64 characters)",
    }
}

paved_blueprint::constrained_string! {
    /// The key of a target in a rule's `targets`: its EventBridge target ID, and part of a Lambda
    /// target's permission statement ID.
    TargetKey {
        what: "target key",
        pattern: "^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$",
        length: 1 ..= 32,
        rule: "use 1 to 32 lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit (a Lambda permission's statement ID `<bus_name>-<rule key>-<target key>` has at most 100 characters)",
    }
}

paved_blueprint::constrained_string! {
    /// A JSONPath selecting the part of the event a target receives (`$.detail`).
    EventInputPath {
        what: "input path",
        pattern: "^\\$(\\.[A-Za-z0-9_-]+|\\[[0-9]+\\])*$",
        length: 1 ..= 256,
        rule: "use a JSONPath of names and indexes such as `$.detail` or `$.detail.items[0]`",
    }
}

paved_blueprint::constrained_string! {
    /// The ARN of an IAM role (of this account or another) that may put events on the bus.
    PublisherRoleArn {
        what: "IAM role ARN",
        pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$",
        length: 20 ..= 2048,
        rule: "use an IAM role ARN such as `arn:aws:iam::111122223333:role/orders-api`",
    }
}

paved_blueprint::closed_set! {
    /// What a target is; it decides the permission the target needs (known at plan time, while
    /// a wired ARN is not).
    TargetType ("target type") {
        /// A Lambda function: a permission lets this rule invoke it.
        Lambda => "lambda",
        /// An SQS queue: its policy must let this rule send (sqs-redrive's `sender_event_rule_arns`).
        Sqs => "sqs",
        /// A Step Functions state machine or alias: a role lets this rule start executions.
        States => "states",
        /// An SNS topic: its policy must let this rule publish (sns-fanout's `publisher_event_rule_arns`).
        Sns => "sns",
    }
}

paved_blueprint::closed_set! {
    /// Whether a rule delivers events.
    RuleState ("rule state") {
        /// The rule matches and delivers events.
        Enabled => "ENABLED",
        /// The rule matches nothing until enabled.
        Disabled => "DISABLED",
    }
}

/// One target of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What the target is (`lambda`, `sqs`, `states` or `sns`); it must agree with the service of `arn`.
    #[serde(rename = "type")]
    pub target_type: TargetType,
    /// ARN of the function, queue, state machine (or alias) or topic the rule delivers to.
    pub arn: Wire<EventTargetArn>,
    /// Times EventBridge retries a delivery that fails before dead-lettering it.
    #[serde(default = "default_retry_attempts")]
    #[schemars(range(min = 0, max = 185))]
    pub maximum_retry_attempts: u32,
    /// Seconds EventBridge keeps retrying an event before dead-lettering it.
    #[serde(default = "default_event_age")]
    #[schemars(range(min = 60, max = 86400))]
    pub maximum_event_age_seconds: u32,
    /// JSONPath of the part of the event the target receives; the whole event when null.
    #[serde(default)]
    pub input_path: Option<EventInputPath>,
}

impl Target {
    /// A target of `target_type` with EventBridge's retry defaults (185 attempts over 24 hours).
    pub fn new(target_type: TargetType, arn: impl Into<Wire<EventTargetArn>>) -> Self {
        Self {
            target_type,
            arn: arn.into(),
            maximum_retry_attempts: default_retry_attempts(),
            maximum_event_age_seconds: default_event_age(),
            input_path: None,
        }
    }
}

fn default_retry_attempts() -> u32 {
    185
}
fn default_event_age() -> u32 {
    86400
}

/// One rule of the bus: an event pattern and the targets matching events go to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    /// What the rule routes, for people reading the console.
    #[serde(default = "default_description")]
    pub description: OneLine,
    /// The event pattern, as JSON text (`{"source": ["orders"]}`); schedules run only on the default bus (use `scheduled-lambda`).
    pub event_pattern: JsonObjectText,
    /// Whether the rule delivers events.
    #[serde(default = "default_state")]
    pub state: RuleState,
    /// Where matching events go, by target key (EventBridge allows 5 targets per rule).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Target>", extend("propertyNames" = key_schema(TargetKey::PATTERN, TargetKey::RULE)))]
    pub targets: BTreeMap<TargetKey, Target>,
}

impl EventRule {
    /// An enabled rule matching `event_pattern`, without targets yet.
    pub fn new(event_pattern: JsonObjectText) -> Self {
        Self { description: default_description(), event_pattern, state: default_state(), targets: BTreeMap::new() }
    }
}

/// The schema of a map's keys: the pattern and rule of their newtype.
fn key_schema(pattern: &str, rule: &str) -> serde_json::Value {
    serde_json::json!({ "pattern": pattern, "x-paved-rule": rule })
}

fn default_description() -> OneLine {
    OneLine::new("").expect("the empty text is one line")
}
fn default_state() -> RuleState {
    RuleState::Enabled
}

/// Inputs of `event-bus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBusInputs {
    /// Name of the bus; rules are named `<bus_name>-<rule key>`, the dead-letter queue `<bus_name>-events-dlq`.
    pub bus_name: ResourceName,
    /// KMS key that encrypts the bus, its archive and the dead-letter queue; AWS-owned keys (bus, archive) and SQS-managed encryption (queue) when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Rules by key: each an event pattern and its targets.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, EventRule>", extend("propertyNames" = key_schema(RuleKey::PATTERN, RuleKey::RULE)))]
    pub rules: BTreeMap<RuleKey, EventRule>,
    /// Days the archive keeps every event of the bus for replay; no archive when null.
    #[serde(default = "default_archive_retention")]
    #[schemars(range(min = 1, max = 3650))]
    pub archive_retention_days: Option<u32>,
    /// AWS accounts whose principals may put events on the bus; with no account and no role, only this account can.
    #[serde(default)]
    pub publisher_account_ids: Vec<AccountId>,
    /// IAM roles (of any account) that may put events on the bus.
    #[serde(default)]
    pub publisher_role_arns: Vec<PublisherRoleArn>,
    /// Messages waiting in the dead-letter queue that raise the alarm.
    #[serde(default = "default_alarm_threshold")]
    #[schemars(range(min = 1, max = 100000))]
    pub alarm_threshold: u32,
    /// SNS topics notified when the dead-letter alarm fires and when it recovers.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
}

impl EventBusInputs {
    /// Paved-road defaults for a bus named `bus_name`: no rules yet, a 30-day archive, no bus policy.
    pub fn new(bus_name: ResourceName) -> Self {
        Self {
            bus_name,
            kms_key_arn: None,
            rules: BTreeMap::new(),
            archive_retention_days: default_archive_retention(),
            publisher_account_ids: Vec::new(),
            publisher_role_arns: Vec::new(),
            alarm_threshold: default_alarm_threshold(),
            alarm_topic_arns: Vec::new(),
        }
    }
}

fn default_archive_retention() -> Option<u32> {
    Some(30)
}
fn default_alarm_threshold() -> u32 {
    1
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `EventBus` instance.
    pub struct EventBusOutputs {
        /// Name of the bus, for publishers.
        bus_name: kinds::EventBusName = "aws_cloudwatch_event_bus.this.name",
        /// ARN of the bus.
        bus_arn: kinds::EventBusArn = "aws_cloudwatch_event_bus.this.arn",
        /// ARN of each rule, by its key in `rules` (for the policies of SQS and SNS targets).
        rule_arns: MapOf<kinds::EventRuleArn> = "{ for key, rule in aws_cloudwatch_event_rule.this : key => rule.arn }" keys from rules,
        /// ARN of the archive; null when `archive_retention_days` is null.
        archive_arn: kinds::EventArchiveArn = "local.archive_arn",
        /// ARN of the dead-letter queue every target delivers its failed events to.
        dead_letter_queue_arn: kinds::QueueArn = "aws_sqs_queue.dead_letter.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| A rule's name (`<bus_name>-<rule key>`) has at most 64 characters; a Lambda permission's statement ID (`<bus_name>-<rule key>-<target key>`) at most 100 | Rust and `validation` on `rules` (rule keys of at most 23 characters, target keys of at most 32) |
| An event pattern is a JSON object | Rust and `validation` on `rules` (`can(keys(jsondecode(…)))`) |
| Scheduled rules (`rate(…)`, `cron(…)`) run only on the default bus | not offered: use `scheduled-lambda` (EventBridge Scheduler) |
| At most 5 targets per rule | `precondition` on the rule |
| Retry attempts 0–185, maximum event age 60–86,400 s | Rust and `validation` on `rules` |
| A target's `type` agrees with the service of its ARN (`lambda`, `sqs`, `states`, `sns`) | `precondition` on the target (`type` decides the permissions at plan time, when a wired ARN is unknown) |
| FIFO queues and topics need a message group ID, which this module does not set | `precondition` on the target |
| Archive retention is finite (0 would keep events forever) | Rust and `validation` on `archive_retention_days` (1–3,650 days) |

**Where a failed delivery goes.** EventBridge delivers to every target asynchronously and retries a \
failed delivery with backoff (`maximum_retry_attempts`, `maximum_event_age_seconds`; by default \
EventBridge's own 185 attempts over 24 hours). After the last retry, or when a target refuses the \
event (a missing permission, a deleted target), the event goes to this bus's dead-letter queue, with \
the error in its message attributes, and the alarm fires. A Lambda target invoked this way is \
invoked asynchronously: a function that raises is retried by Lambda and then goes to the function's \
own on-failure destination (`baseline-lambda`'s dead-letter target), not to this queue.

**Permissions of targets.** A `lambda` target gets an `aws_lambda_permission` for \
`events.amazonaws.com` limited to its rule's ARN (`source_arn`). A `states` target gets a role \
that only that rule may make EventBridge assume (`aws:SourceAccount`, `aws:SourceArn`) and that may \
only `states:StartExecution` on that ARN. An `sqs` or `sns` target is allowed by the receiver's \
resource policy, which this module cannot write: wire `{ ref = \"<bus>.rule_arns.<rule key>\" }` \
into `sqs-redrive`'s `sender_event_rule_arns` (or `sns-fanout`'s `publisher_event_rule_arns`); \
until then deliveries are refused and dead-lettered. The dead-letter queue lets \
`events.amazonaws.com` send only with `aws:SourceArn` equal to one of this bus's rules, and refuses \
requests without HTTPS.

**Customer-managed key.** With `kms_key_arn`, the bus, its archive and the dead-letter queue are \
encrypted with that one key, since EventBridge is the principal using it for all three. Its key \
policy must allow `events.amazonaws.com` `kms:GenerateDataKey` and `kms:Decrypt` (with \
`aws:SourceArn` the bus's ARN, `arn:aws:events:<region>:<account>:event-bus/<bus_name>`, and the \
archive's), and every publisher `kms:GenerateDataKey` (EventBridge encrypts with it on their \
behalf); a queue or topic target encrypted with its own key needs the same statement for \
`events.amazonaws.com` in that key's policy. Without them EventBridge cannot encrypt and refuses \
or dead-letters the events.

**State machines with a customer-managed key.** Starting an execution of a state machine \
encrypted with a customer-managed key also needs `kms:GenerateDataKey` on that key, which this \
module does not know: grant it to the target's role (`aws_iam_role.start_execution[\"<rule>/<target>\"]`) \
through the key policy, or executions are refused and dead-lettered.

**The dead-letter queue** exists whatever the rules: with a customer-managed key the bus itself \
dead-letters to it the events it cannot encrypt. An event EventBridge cannot even write to the \
queue (its policy or key refusing) is counted in the rule's `InvocationsFailedToBeSentToDlq` \
metric, which this module does not alarm on.

**Bus policy.** With no `publisher_account_ids` and no `publisher_role_arns` there is no bus \
policy: only principals of this account allowed `events:PutEvents` by their own IAM policies can \
put events. Each account or role named is allowed `events:PutEvents` on this bus only.
";

/// The `event-bus` blueprint.
pub struct EventBus;

impl Blueprint for EventBus {
    type Outputs = EventBusOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        EventBusOutputs::new(instance)
    }

    type Inputs = EventBusInputs;

    fn definition() -> Definition {
        Definition::build(Parts {
            name: "event-bus",
            version: "1.0.0",
            summary: "A custom EventBridge bus with rules, retried and dead-lettered targets, an archive and a bus policy.",
            description: "A custom EventBridge event bus (AWS-owned encryption, or a KMS key of yours) with rules as a map, \
                each an event pattern validated as JSON and up to five targets: Lambda functions, SQS queues, Step \
                Functions state machines and SNS topics. Every target has a retry policy and dead-letters to the bus's \
                encrypted, HTTPS-only SQS queue, which only this bus's rules may write to and an alarm watches. \
                Lambda targets get a permission limited to their rule, state machines a role only their rule can \
                assume. An archive keeps every event for a finite number of days for replay; a bus policy, only \
                when publishers of other accounts or roles are named, lets exactly those put events.",
            notes: NOTES,
            outputs: EventBusOutputs::declarations(),
            example: example(),
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the event-bus definition is consistent")
    }
}

fn example() -> EventBusInputs {
    let mut rule = EventRule::new(
        JsonObjectText::new(r#"{"source": ["orders"], "detail-type": ["OrderPlaced"]}"#).expect("valid example"),
    );
    rule.description = OneLine::new("Order placed: fulfil it and record it.").expect("valid example");
    let target = |arn: &str| EventTargetArn::new(arn).expect("valid example");
    rule.targets.insert(
        TargetKey::new("fulfil").expect("valid example"),
        Target::new(TargetType::States, target("arn:aws:states:eu-west-1:111122223333:stateMachine:fulfil-order:live")),
    );
    let mut record =
        Target::new(TargetType::Lambda, target("arn:aws:lambda:eu-west-1:111122223333:function:orders-record"));
    record.input_path = Some(EventInputPath::new("$.detail").expect("valid example"));
    rule.targets.insert(TargetKey::new("record").expect("valid example"), record);
    rule.targets.insert(
        TargetKey::new("queue").expect("valid example"),
        Target::new(TargetType::Sqs, target("arn:aws:sqs:eu-west-1:111122223333:orders")),
    );
    let mut example = EventBusInputs::new(ResourceName::new("orders").expect("valid example"));
    example.rules.insert(RuleKey::new("placed").expect("valid example"), rule);
    example
}
