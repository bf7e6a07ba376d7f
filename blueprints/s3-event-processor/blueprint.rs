//! `s3-event-processor`: a locked-down S3 bucket whose object events invoke a baseline Lambda
//! function, directly or through EventBridge, with a loop check on what the function writes.

use super::baseline_lambda::FunctionSettings;
use paved_blueprint::{
    Blueprint, BucketName, Definition, FunctionName, KmsKeyArn, PackagePath, Parts, Rule, TopicArn, input, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

paved_blueprint::constrained_string! {
    /// An S3 key prefix (or suffix) that notifications filter on: S3's safe key characters, no
    /// wildcard; empty for none.
    KeyFilter {
        what: "S3 key filter",
        pattern: "^[A-Za-z0-9!_.'()/-]*$",
        length: 0 ..= 1024,
        rule: "use at most 1,024 letters, digits, `/`, `!`, `-`, `_`, `.`, `'`, `(` or `)` (no `*`: S3 filters and IAM resources treat it as a wildcard)",
    }
}

paved_blueprint::constrained_string! {
    /// The S3 key prefix under which the function may write: S3's safe key characters, no
    /// wildcard, not empty.
    WritePrefix {
        what: "S3 write prefix",
        pattern: "^[A-Za-z0-9!_.'()/-]+$",
        length: 1 ..= 1024,
        rule: "use 1 to 1,024 letters, digits, `/`, `!`, `-`, `_`, `.`, `'`, `(` or `)`, such as `results/` (no `*`: IAM resources treat it as a wildcard)",
    }
}

paved_blueprint::closed_set! {
    /// An S3 event type a notification can be sent for (the Amazon S3 User Guide, "Supported
    /// event types"), without the replication and Reduced Redundancy events: this module
    /// configures neither, and EventBridge does not carry them.
    S3Event ("S3 event type") {
        /// Every object creation.
        ObjectCreatedAll => "s3:ObjectCreated:*",
        /// `PutObject`.
        ObjectCreatedPut => "s3:ObjectCreated:Put",
        /// Browser uploads (`POST`).
        ObjectCreatedPost => "s3:ObjectCreated:Post",
        /// `CopyObject`.
        ObjectCreatedCopy => "s3:ObjectCreated:Copy",
        /// Completed multipart uploads.
        ObjectCreatedCompleteMultipartUpload => "s3:ObjectCreated:CompleteMultipartUpload",
        /// Every deletion by a request.
        ObjectRemovedAll => "s3:ObjectRemoved:*",
        /// Permanent deletions.
        ObjectRemovedDelete => "s3:ObjectRemoved:Delete",
        /// Delete markers created in the versioned bucket.
        ObjectRemovedDeleteMarkerCreated => "s3:ObjectRemoved:DeleteMarkerCreated",
        /// Every restore event of an archived object.
        ObjectRestoreAll => "s3:ObjectRestore:*",
        /// A restore started.
        ObjectRestorePost => "s3:ObjectRestore:Post",
        /// A restore finished.
        ObjectRestoreCompleted => "s3:ObjectRestore:Completed",
        /// A restored copy expired.
        ObjectRestoreDelete => "s3:ObjectRestore:Delete",
        /// Every lifecycle expiration.
        LifecycleExpirationAll => "s3:LifecycleExpiration:*",
        /// An object deleted by lifecycle expiration.
        LifecycleExpirationDelete => "s3:LifecycleExpiration:Delete",
        /// A delete marker created by lifecycle expiration.
        LifecycleExpirationDeleteMarkerCreated => "s3:LifecycleExpiration:DeleteMarkerCreated",
        /// An object moved to another storage class by lifecycle.
        LifecycleTransition => "s3:LifecycleTransition",
        /// An object moved to an archive tier of S3 Intelligent-Tiering.
        IntelligentTiering => "s3:IntelligentTiering",
        /// Every tag change.
        ObjectTaggingAll => "s3:ObjectTagging:*",
        /// Tags added or replaced.
        ObjectTaggingPut => "s3:ObjectTagging:Put",
        /// Tags removed.
        ObjectTaggingDelete => "s3:ObjectTagging:Delete",
        /// An object ACL changed.
        ObjectAclPut => "s3:ObjectAcl:Put",
    }
}

/// Inputs of `s3-event-processor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-paved-rules" = processor_rules()))]
pub struct S3EventProcessorInputs {
    /// Name of the bucket (unique across AWS: include the account or environment).
    pub bucket_name: BucketName,
    /// Name of the function; also names its dead-letter queue, alarm and (through EventBridge) rule.
    pub name: FunctionName,
    /// What the function does, shown in the Lambda console.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// KMS key that encrypts the bucket's objects (SSE-KMS with an S3 Bucket Key); S3-managed keys (SSE-S3) when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Days S3 keeps an object version after a newer one replaces it (versioning is always on).
    #[serde(default = "default_noncurrent_days")]
    #[schemars(range(min = 1, max = 3650))]
    pub noncurrent_version_expiration_days: u32,
    /// Bucket that receives this bucket's server access logs (under `<bucket_name>/`); no access logs when null.
    #[serde(default)]
    pub access_log_bucket: Option<BucketName>,
    /// Object events that invoke the function.
    #[serde(default = "default_events")]
    #[schemars(length(min = 1))]
    pub events: Vec<S3Event>,
    /// Only objects whose key starts with this invoke the function; every object when empty.
    #[serde(default)]
    pub filter_prefix: KeyFilter,
    /// Only objects whose key ends with this invoke the function; every object when empty.
    #[serde(default)]
    pub filter_suffix: KeyFilter,
    /// Prefix under which the function may write its results into this bucket (`s3:PutObject` there only); read-only when null. Must not overlap `filter_prefix`.
    #[serde(default)]
    pub write_prefix: Option<WritePrefix>,
    /// Deliver the events through EventBridge (a rule on the default bus) instead of a direct S3 notification.
    #[serde(default)]
    pub route_through_eventbridge: bool,
    /// Retries by Lambda when the function fails on an event (raises, times out) before the event goes to the dead-letter queue.
    #[serde(default = "default_invocation_retries")]
    #[schemars(range(min = 0, max = 2))]
    pub invocation_retry_attempts: u32,
    /// Seconds Lambda keeps an event for retries before it goes to the dead-letter queue.
    #[serde(default = "default_event_age")]
    #[schemars(range(min = 60, max = 21600))]
    pub invocation_maximum_event_age_seconds: u32,
    /// SNS topics notified when events reach the dead-letter queue and when it is empty again.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
    /// The function's settings.
    pub function: FunctionSettings,
}

/// Rules across the processor's inputs.
fn processor_rules() -> Vec<Rule> {
    vec![input("write_prefix").disjoint_prefix_from(input("filter_prefix")).because(
        "objects the function writes would trigger it again, an endless loop; write under a prefix outside \
         `filter_prefix`, or narrow `filter_prefix` so that it does not start with `write_prefix`; a suffix \
         filter does not prevent it, since the function chooses the keys it writes",
    )]
}

fn default_noncurrent_days() -> u32 {
    90
}
fn default_events() -> Vec<S3Event> {
    vec![S3Event::ObjectCreatedAll]
}
fn default_invocation_retries() -> u32 {
    2
}
fn default_event_age() -> u32 {
    3600
}

impl S3EventProcessorInputs {
    /// Paved-road defaults for a bucket `bucket_name` whose new objects invoke the function `name`.
    pub fn new(bucket_name: BucketName, name: FunctionName, function: FunctionSettings) -> Self {
        Self {
            bucket_name,
            name,
            description: String::new(),
            kms_key_arn: None,
            noncurrent_version_expiration_days: default_noncurrent_days(),
            access_log_bucket: None,
            events: default_events(),
            filter_prefix: KeyFilter::default(),
            filter_suffix: KeyFilter::default(),
            write_prefix: None,
            route_through_eventbridge: false,
            invocation_retry_attempts: default_invocation_retries(),
            invocation_maximum_event_age_seconds: default_event_age(),
            alarm_topic_arns: Vec::new(),
            function,
        }
    }
}

impl Default for KeyFilter {
    fn default() -> Self {
        KeyFilter::new("").expect("the empty filter is valid")
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `S3EventProcessor` instance.
    pub struct S3EventProcessorOutputs {
        /// Name of the bucket.
        bucket_name: kinds::BucketName = "aws_s3_bucket.this.bucket",
        /// ARN of the bucket.
        bucket_arn: kinds::BucketArn = "aws_s3_bucket.this.arn",
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "module.function.role_name",
        /// ARN of the queue receiving the events the function failed on after every retry.
        dead_letter_queue_arn: kinds::QueueArn = "aws_sqs_queue.dead_letter.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| A function that writes under the prefix that triggers it invokes itself for ever: `write_prefix` and `filter_prefix` must not overlap (neither starts with the other; the empty `filter_prefix` overlaps every prefix) | Rust and `validation` on `write_prefix` (in stacks too, at compose time) |
| A suffix filter does not make an overlapping `write_prefix` safe: the function chooses the keys it writes, so the check ignores `filter_suffix` | the rule above |
| Event types are S3's own names; replication and Reduced Redundancy events are not offered (this module configures neither, and EventBridge does not carry them) | Rust and `validation` on `events` |
| Key filters hold no `*` (S3 matches filters literally, and the function's IAM resources would read it as a wildcard) | Rust and `validation` on `filter_prefix`, `filter_suffix`, `write_prefix` |
| Bucket names are global: include the account or environment in `bucket_name` | README |

**Where a failed event goes.** S3 and EventBridge both invoke the function asynchronously: a run that \
raises or times out is retried by Lambda (`invocation_retry_attempts`, `invocation_maximum_event_age_seconds`) \
and then sent by the function's on-failure destination to an encrypted, HTTPS-only dead-letter queue, \
watched by an alarm. Through EventBridge, an event the rule cannot deliver (throttled, not permitted) is \
retried for up to 24 hours (185 attempts) and then sent to the same queue, which lets only this rule's \
EventBridge deliveries in (`aws:SourceArn`).

**What the function receives.** Directly, S3 notification records (`Records[*].s3.object.key`); routed \
through EventBridge, one EventBridge event per object (`detail.object.key`, `detail-type` such as \
`Object Created`). Switching `route_through_eventbridge` changes the event shape: the handler must read \
the one it gets. Through EventBridge, the rule matches each event type you chose (its `detail-type`, and \
`reason` or `deletion-type` where one detail-type covers several S3 types) and the key filters as one \
wildcard, `<filter_prefix>*<filter_suffix>`.

**Apply order.** The bucket notification depends on the function's invoke permission (S3 tests the \
destination when the notification is written), and the EventBridge target on its permission.

**Permissions.** The function may read (`s3:GetObject`) only the keys its filters select \
(`<filter_prefix>*<filter_suffix>`), and write (`s3:PutObject`) only under `write_prefix`. With \
`kms_key_arn` it may use the key through S3 only (`kms:ViaService`) and for this bucket only (the \
`aws:s3:arn` encryption context of an S3 Bucket Key). S3 may invoke the function only from this bucket \
and account (`source_arn`, `source_account`); EventBridge only from this rule.

**Customer-managed keys.** The bucket key's policy must let the function's role use it (its grants are in \
the role's policy; the key policy must not deny them). With `function.kms_key_arn`, the dead-letter queue \
is encrypted with that key; routed through EventBridge, its key policy must also allow \
`events.amazonaws.com` `kms:GenerateDataKey` and `kms:Decrypt`.

**Access logs.** With `access_log_bucket`, the log bucket's policy must allow the \
`logging.s3.amazonaws.com` principal `s3:PutObject` (with `aws:SourceArn` of this bucket). Without it \
no server access logs are written: `CKV_AWS_18` is skipped inline for that reason (the bucket is not \
public, and CloudTrail data events are the account-wide alternative).

**Checkov.** Skipped inline, each with its reason in the module: `CKV_AWS_18` (access logs are \
optional, see above) and `CKV_AWS_144` (cross-region replication is a disaster-recovery choice this \
module does not make: it would create a second bucket nobody asked for); the nested function's skips \
are listed in its README (`CKV_AWS_116`: failed events go to the on-failure destination above rather \
than a dead-letter target). Checkov passes `CKV_AWS_145` (KMS by default) on the encryption \
configuration's conditional; at default inputs the bucket is encrypted with SSE-S3, and with SSE-KMS \
once `kms_key_arn` is set.
";

/// The `s3-event-processor` blueprint.
pub struct S3EventProcessor;

impl Blueprint for S3EventProcessor {
    type Outputs = S3EventProcessorOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        S3EventProcessorOutputs::new(instance)
    }

    type Inputs = S3EventProcessorInputs;

    fn definition() -> Definition {
        let mut example = S3EventProcessorInputs::new(
            BucketName::new("acme-orders-uploads-dev").expect("valid example"),
            FunctionName::new("orders-uploads").expect("valid example"),
            FunctionSettings::new(PackagePath::new("build/orders-uploads.zip").expect("valid example")),
        );
        example.description = "Reads uploaded order files and writes their summaries.".to_owned();
        example.filter_prefix = KeyFilter::new("incoming/").expect("valid example");
        example.filter_suffix = KeyFilter::new(".csv").expect("valid example");
        example.write_prefix = Some(WritePrefix::new("summaries/").expect("valid example"));
        Definition::build(Parts {
            name: "s3-event-processor",
            version: "1.0.0",
            summary: "An S3 bucket locked down by default whose object events invoke a Lambda function, with a loop check.",
            description: "An S3 bucket with public access blocked, object ownership enforced, versioning, \
                encryption at rest (SSE-KMS with an S3 Bucket Key, or SSE-S3), a policy refusing requests without \
                TLS, lifecycle expiry of noncurrent versions and of incomplete multipart uploads, and optional \
                server access logs to a bucket you give. The object events you choose, filtered by key prefix and \
                suffix, invoke a `baseline-lambda` function (nested module) directly or through an EventBridge rule \
                on the default bus; failed events end in an encrypted dead-letter queue watched by an alarm. The \
                function may read the keys that trigger it and write only under `write_prefix`, which may not \
                overlap the trigger prefix (the classic infinite loop is refused before Terraform runs).",
            notes: NOTES,
            outputs: S3EventProcessorOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the s3-event-processor definition is consistent")
    }
}
