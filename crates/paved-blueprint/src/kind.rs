//! The kinds of value that flow between blueprints, at run time ([`ValueKind`], an open name any
//! catalog may add to) and at compile time (marker types implementing [`Kind`]: Paved's own in
//! [`kinds`], a catalog's declared with [`value_kind!`](crate::value_kind!)), and the sets of
//! kinds an input accepts ([`KindSet`]: one kind, or a union declared with
//! [`kind_union!`](crate::kind_union!)).

use crate::open_name::open_name;

open_name! {
    /// What a blueprint output *is*, and what an input that accepts a wired value expects: a
    /// name of lowercase words joined by `-`, such as `sqs-queue-arn` or a catalog's own
    /// `acme-bucket-arn`.
    ///
    /// Outputs declare a kind; inputs whose type carries the same kind (through `x-paved-kind` in
    /// their schema) accept that output, so wiring a table name into a queue ARN input is
    /// refused, whichever catalogs the two blueprints come from.
    ///
    /// ```
    /// use paved_blueprint::{Kind, ValueKind, kinds};
    /// const BUCKET: ValueKind = ValueKind::from_static("acme-bucket-arn");
    /// assert_eq!(BUCKET.as_str(), "acme-bucket-arn");
    /// assert_eq!(ValueKind::new("sqs-queue-arn")?, kinds::QueueArn::KIND);
    /// assert!(ValueKind::new("Bucket ARN").unwrap_err().to_string().contains("lowercase letters"));
    /// # Ok::<(), paved_blueprint::ValueError>(())
    /// ```
    ValueKind ("value kind")
}

/// A compile-time marker of a [`ValueKind`]: `Ref<kinds::QueueArn>` can only be wired where a
/// queue ARN is expected. Declare a catalog's own markers with [`value_kind!`](crate::value_kind!).
pub trait Kind {
    /// The run-time kind.
    const KIND: ValueKind;
}

/// The kinds of output an input accepts, at compile time: every [`Kind`] is a set of one, and a
/// union declared with [`kind_union!`](crate::kind_union!) is a set of several. A
/// [`Wirable`](crate::Wirable) type names one as its `Kind`.
pub trait KindSet {
    /// The accepted kinds, in declaration order, each once.
    const KINDS: &'static [ValueKind];
}

impl<K: Kind> KindSet for K {
    const KINDS: &'static [ValueKind] = &[K::KIND];
}

/// The set `Self` accepts outputs of kind `K`: a kind accepts itself, and a union declared with
/// [`kind_union!`](crate::kind_union!) accepts each of its members. `Wire<T>` converts from
/// `Ref<K>` exactly when `T::Kind: Accepts<K>`.
#[diagnostic::on_unimplemented(
    message = "an output of kind `{K}` cannot be wired where `{Self}` is expected",
    label = "`{Self}` does not accept `{K}`",
    note = "wire an output of one of the kinds `{Self}` accepts, or give the value itself"
)]
pub trait Accepts<K: Kind>: KindSet {}

impl<K: Kind> Accepts<K> for K {}

/// Declares compile-time markers of value kinds: for each, a unit struct implementing [`Kind`],
/// so `Ref<Marker>` is wired only where that kind is expected and a
/// [`Wirable`](crate::Wirable) type (or a `constrained_string!` with `kind:`) can name it.
/// A malformed kind name is a compile error.
///
/// ```
/// paved_blueprint::value_kind! {
///     /// The ARN of an Acme bucket.
///     pub AcmeBucketArn => "acme-bucket-arn";
///     /// The name of an Acme bucket.
///     pub AcmeBucketName => "acme-bucket-name";
/// }
/// use paved_blueprint::Kind;
/// assert_eq!(AcmeBucketArn::KIND.as_str(), "acme-bucket-arn");
/// assert_ne!(AcmeBucketArn::KIND, AcmeBucketName::KIND);
/// ```
///
/// ```compile_fail
/// paved_blueprint::value_kind! {
///     /// Not a kind name: uppercase letters and `_`.
///     pub Bad => "Acme_Bucket";
/// }
/// ```
#[macro_export]
macro_rules! value_kind {
    ($( $(#[$meta:meta])* $visibility:vis $marker:ident => $text:literal; )+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            $visibility struct $marker;

            impl $crate::Kind for $marker {
                const KIND: $crate::ValueKind = $crate::ValueKind::from_static($text);
            }

            // Evaluated when the crate compiles, so a malformed name is a compile error.
            const _: $crate::ValueKind = <$marker as $crate::Kind>::KIND;
        )+
    };
}

/// Declares unions of value kinds: for each, a unit struct implementing [`KindSet`] with every
/// member's kind, and [`Accepts`] for each member, so an input whose type names the union (a
/// `constrained_string!` with `kind: Union`) is wired from an output of any member kind, and
/// from nothing else. Its schema states every member in `x-paved-kind` (a list). A union is not
/// a [`Kind`]: outputs have exactly one kind. A member named twice is a compile error.
///
/// A catalog declares its own unions, of its own kinds or of Paved's:
///
/// ```
/// use paved_blueprint::{KindSet, Ref, Wire, kinds};
/// paved_blueprint::value_kind! {
///     /// The ARN of an Acme bucket.
///     pub AcmeBucketArn => "acme-bucket-arn";
/// }
/// paved_blueprint::kind_union! {
///     /// Where an export goes: an Acme bucket or a queue.
///     pub ExportTarget = AcmeBucketArn | kinds::QueueArn;
/// }
/// paved_blueprint::constrained_string! {
///     /// The ARN of an export target.
///     ExportTargetArn {
///         what: "export target ARN",
///         pattern: "^arn:aws[a-z-]*:(s3|sqs):[a-z0-9-]*:[0-9]{0,12}:[A-Za-z0-9_.-]+$",
///         length: 12 ..= 2048,
///         rule: "use the ARN of an Acme bucket or an SQS queue",
///         kind: ExportTarget,
///     }
/// }
/// let accepted: Vec<&str> = ExportTarget::KINDS.iter().map(|kind| kind.as_str()).collect();
/// assert_eq!(accepted, ["acme-bucket-arn", "sqs-queue-arn"]);
/// let schema = schemars::schema_for!(ExportTargetArn);
/// assert_eq!(schema.get("x-paved-kind"), Some(&serde_json::json!(["acme-bucket-arn", "sqs-queue-arn"])));
/// let _from_bucket: Wire<ExportTargetArn> = Ref::<AcmeBucketArn>::new("archive", "bucket_arn").into();
/// let _from_queue: Wire<ExportTargetArn> = Ref::<kinds::QueueArn>::new("orders", "queue_arn").into();
/// ```
///
/// and an output of any other kind does not convert:
///
/// ```compile_fail,E0277
/// use paved_blueprint::{Ref, Wire, kinds};
/// paved_blueprint::kind_union! {
///     /// A queue or a topic.
///     pub QueueOrTopic = kinds::QueueArn | kinds::TopicArn;
/// }
/// paved_blueprint::constrained_string! {
///     /// The ARN of a queue or a topic.
///     QueueOrTopicArn {
///         what: "queue or topic ARN",
///         pattern: "^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
///         length: 20 ..= 2048,
///         rule: "use the ARN of an SQS queue or an SNS topic",
///         kind: QueueOrTopic,
///     }
/// }
/// let _url: Wire<QueueOrTopicArn> = Ref::<kinds::QueueUrl>::new("orders", "queue_url").into();
/// ```
///
/// A member named twice does not compile:
///
/// ```compile_fail,E0119
/// use paved_blueprint::kinds;
/// paved_blueprint::kind_union! {
///     /// A member named twice.
///     pub Twice = kinds::QueueArn | kinds::QueueArn;
/// }
/// ```
#[macro_export]
macro_rules! kind_union {
    ($( $(#[$meta:meta])* $visibility:vis $union:ident = $first:path $(| $member:path)+; )+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            $visibility struct $union;

            impl $crate::KindSet for $union {
                const KINDS: &'static [$crate::ValueKind] =
                    &[<$first as $crate::Kind>::KIND $(, <$member as $crate::Kind>::KIND)+];
            }

            impl $crate::Accepts<$first> for $union {}
            $( impl $crate::Accepts<$member> for $union {} )+
        )+
    };
}

/// Compile-time markers of Paved's own value kinds.
pub mod kinds {
    crate::value_kind! {
        /// The name of a Lambda function.
        pub FunctionName => "lambda-function-name";
        /// The ARN of a Lambda function.
        pub FunctionArn => "lambda-function-arn";
        /// The ARN API Gateway uses to invoke a Lambda function.
        pub FunctionInvokeArn => "lambda-invoke-arn";
        /// The name of an IAM role.
        pub RoleName => "iam-role-name";
        /// The ARN of an IAM role.
        pub RoleArn => "iam-role-arn";
        /// The name of a CloudWatch log group.
        pub LogGroupName => "log-group-name";
        /// The ARN of a CloudWatch log group.
        pub LogGroupArn => "log-group-arn";
        /// The ARN of an SQS queue.
        pub QueueArn => "sqs-queue-arn";
        /// The URL of an SQS queue.
        pub QueueUrl => "sqs-queue-url";
        /// The name of an SQS queue.
        pub QueueName => "sqs-queue-name";
        /// The name of a DynamoDB table.
        pub TableName => "dynamodb-table-name";
        /// The ARN of a DynamoDB table.
        pub TableArn => "dynamodb-table-arn";
        /// The ID of an API Gateway HTTP API.
        pub ApiId => "http-api-id";
        /// The base URL of an HTTP API stage.
        pub ApiUrl => "http-api-url";
        /// The ARN of an EventBridge Scheduler schedule.
        pub ScheduleArn => "schedule-arn";
        /// The ARN of a CloudWatch alarm.
        pub AlarmArn => "cloudwatch-alarm-arn";
        /// The ARN of a KMS key.
        pub KmsKeyArn => "kms-key-arn";
        /// The ARN of an SNS topic.
        pub TopicArn => "sns-topic-arn";
        /// The name of an SNS topic.
        pub TopicName => "sns-topic-name";
        /// The ARN of an SNS subscription.
        pub SubscriptionArn => "sns-subscription-arn";
        /// The name of an EventBridge event bus.
        pub EventBusName => "eventbridge-bus-name";
        /// The ARN of an EventBridge event bus.
        pub EventBusArn => "eventbridge-bus-arn";
        /// The ARN of an EventBridge rule.
        pub EventRuleArn => "eventbridge-rule-arn";
        /// The ARN of an EventBridge event archive.
        pub EventArchiveArn => "eventbridge-archive-arn";
        /// The ARN of a Step Functions state machine, or of one of its aliases (both start
        /// executions).
        pub StateMachineArn => "sfn-state-machine-arn";
        /// The name of an S3 bucket.
        pub BucketName => "s3-bucket-name";
        /// The ARN of an S3 bucket.
        pub BucketArn => "s3-bucket-arn";
        /// The ARN of a DynamoDB table's stream.
        pub TableStreamArn => "dynamodb-stream-arn";
    }

    crate::kind_union! {
        /// Where a Lambda function's failed asynchronous invocations go: an SQS queue or an SNS
        /// topic (the kinds [`DeadLetterTargetArn`](crate::DeadLetterTargetArn) accepts).
        pub DeadLetterTarget = QueueArn | TopicArn;
        /// What an EventBridge rule can deliver events to: a Lambda function, an SQS queue, a
        /// Step Functions state machine or an SNS topic.
        pub EventTarget = FunctionArn | QueueArn | StateMachineArn | TopicArn;
    }
}
