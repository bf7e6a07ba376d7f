//! Validated names and ARNs.

use crate::constrained_string;

constrained_string! {
    /// The name of a blueprint in the catalog: lowercase words joined by `-`.
    BlueprintName {
        what: "blueprint name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 1 ..= 64,
        rule: "use 1 to 64 lowercase letters and digits in words joined by single `-`, starting with a letter",
    }
}

constrained_string! {
    /// A name that prefixes every AWS resource of one blueprint instance (`orders-api` gives the
    /// function `orders-api`, the table `orders-api` and the log group `/aws/lambda/orders-api`).
    /// Short enough that every derived name (with suffixes such as `-dlq` or `-scheduler`) fits
    /// the tightest AWS limit among them (IAM role names: 64 characters).
    ResourceName {
        what: "resource name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 3 ..= 40,
        rule: "use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter",
    }
}

constrained_string! {
    /// The name of a service scaffolded by `paved new-service`: its repository, stack and Backstage
    /// component. Eight characters shorter than a [`ResourceName`], so a service type's templates
    /// can derive resource names from it with a suffix such as `-worker`.
    ServiceName {
        what: "service name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 3 ..= 32,
        rule: "use 3 to 32 lowercase letters and digits in words joined by single `-`, starting with a letter",
    }
}

impl ServiceName {
    /// The valid service name closest to `text` (`Payment_Gateway` and `PaymentGateway` give
    /// `payment-gateway`), or `None` when nothing of it is left to keep.
    ///
    /// ```
    /// use paved_blueprint::ServiceName;
    /// assert_eq!(ServiceName::suggest("Payment_Gateway").unwrap().as_str(), "payment-gateway");
    /// assert_eq!(ServiceName::suggest("HTTPProxy v2").unwrap().as_str(), "http-proxy-v2");
    /// assert_eq!(ServiceName::suggest("__"), None);
    /// ```
    pub fn suggest(text: &str) -> Option<Self> {
        Self::new(crate::suggest::kebab_case(text, Self::MAX_LENGTH)).ok()
    }
}

constrained_string! {
    /// The name of a service type, a folder of templates (`rest-api`, `queue-worker`).
    ServiceTypeName {
        what: "service type name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 1 ..= 64,
        rule: "use 1 to 64 lowercase letters and digits in words joined by single `-`, starting with a letter",
    }
}

constrained_string! {
    /// One line of text about something, such as a service's description: no control characters
    /// (so no line breaks), at most 256 characters (the limit of Lambda and Scheduler descriptions).
    OneLine {
        what: "one-line text",
        pattern: "^[^\\x00-\\x1f\\x7f]*$",
        length: 0 ..= 256,
        rule: "write at most 256 characters on one line, without control characters",
    }
}

constrained_string! {
    /// The name of a Lambda function created by a blueprint.
    FunctionName {
        what: "Lambda function name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 3 ..= 40,
        rule: "use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter (the function's role and log group names derive from it)",
    }
}

constrained_string! {
    /// The name of an existing Lambda function (any name AWS accepts), for example a consumer.
    ExistingFunctionName {
        what: "Lambda function name",
        pattern: "^[A-Za-z0-9_-]+$",
        length: 1 ..= 64,
        rule: "use 1 to 64 letters, digits, `-` or `_`",
        kind: crate::kinds::FunctionName,
    }
}

constrained_string! {
    /// The name of an existing IAM role.
    RoleName {
        what: "IAM role name",
        pattern: "^[A-Za-z0-9+=,.@_-]+$",
        length: 1 ..= 64,
        rule: "use 1 to 64 letters, digits or `+=,.@_-`",
        kind: crate::kinds::RoleName,
    }
}

constrained_string! {
    /// The ARN of a KMS key (not an alias), used for encryption at rest.
    KmsKeyArn {
        what: "KMS key ARN",
        pattern: "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$",
        length: 20 ..= 2048,
        rule: "use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`",
        kind: crate::kinds::KmsKeyArn,
    }
}

constrained_string! {
    /// The ARN of a standard SQS queue or a standard SNS topic that receives failed asynchronous
    /// invocations: wired from an output of kind `sqs-queue-arn` or `sns-topic-arn`
    /// ([`kinds::DeadLetterTarget`](crate::kinds::DeadLetterTarget)). FIFO queues and topics
    /// (names ending in `.fifo`, the only names with a `.`) are refused: Lambda sends dead
    /// letters without a message group, which FIFO queues and topics require.
    DeadLetterTargetArn {
        what: "dead-letter target ARN",
        pattern: "^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        length: 20 ..= 2048,
        rule: "use the ARN of a standard SQS queue or SNS topic (not FIFO: Lambda sends dead letters without a message group), such as `arn:aws:sqs:eu-west-1:111122223333:orders-dlq`",
        kind: crate::kinds::DeadLetterTarget,
    }
}

constrained_string! {
    /// A 12-digit AWS account ID.
    AccountId {
        what: "AWS account ID",
        pattern: "^[0-9]{12}$",
        length: 12 ..= 12,
        rule: "use the 12 digits of an AWS account ID, such as `111122223333`",
    }
}

constrained_string! {
    /// The ARN of an SQS queue (standard or FIFO).
    QueueArn {
        what: "SQS queue ARN",
        pattern: "^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?$",
        length: 20 ..= 2048,
        rule: "use an SQS queue ARN such as `arn:aws:sqs:eu-west-1:111122223333:orders`",
        kind: crate::kinds::QueueArn,
    }
}

constrained_string! {
    /// The ARN of a Lambda function, unqualified or with a version or alias.
    FunctionArn {
        what: "Lambda function ARN",
        pattern: "^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$",
        length: 20 ..= 2048,
        rule: "use a Lambda function ARN such as `arn:aws:lambda:eu-west-1:111122223333:function:orders-api`",
        kind: crate::kinds::FunctionArn,
    }
}

constrained_string! {
    /// The ARN of an EventBridge rule, on the default bus or a custom one.
    EventRuleArn {
        what: "EventBridge rule ARN",
        pattern: "^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:rule/([A-Za-z0-9._-]{1,256}/)?[A-Za-z0-9._-]{1,64}$",
        length: 20 ..= 2048,
        rule: "use an EventBridge rule ARN such as `arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed`",
        kind: crate::kinds::EventRuleArn,
    }
}

constrained_string! {
    /// The ARN of a Step Functions state machine, or of one of its aliases.
    StateMachineArn {
        what: "Step Functions state machine ARN",
        pattern: "^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_-]{1,80})?$",
        length: 20 ..= 2048,
        rule: "use a state machine ARN such as `arn:aws:states:eu-west-1:111122223333:stateMachine:fulfil-order`",
        kind: crate::kinds::StateMachineArn,
    }
}

constrained_string! {
    /// The ARN of what an EventBridge rule delivers to: a Lambda function, an SQS queue, a Step
    /// Functions state machine or an SNS topic ([`kinds::EventTarget`](crate::kinds::EventTarget)).
    EventTargetArn {
        what: "EventBridge target ARN",
        pattern: "^arn:aws[a-z-]*:(lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?|sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?|states:[a-z0-9-]+:[0-9]{12}:stateMachine:[A-Za-z0-9_-]{1,80}(:[A-Za-z0-9_-]{1,80})?|sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,251}(\\.fifo)?)$",
        length: 20 ..= 2048,
        rule: "use the ARN of a Lambda function, an SQS queue, a Step Functions state machine or an SNS topic, such as `arn:aws:sqs:eu-west-1:111122223333:orders`",
        kind: crate::kinds::EventTarget,
    }
}

constrained_string! {
    /// The name of an S3 bucket: 3 to 63 lowercase letters, digits, `.` and `-`, starting and
    /// ending with a letter or digit.
    BucketName {
        what: "S3 bucket name",
        pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        length: 3 ..= 63,
        rule: "use 3 to 63 lowercase letters, digits, `.` or `-`, starting and ending with a letter or digit",
        kind: crate::kinds::BucketName,
    }
}

constrained_string! {
    /// The ARN of an S3 bucket.
    BucketArn {
        what: "S3 bucket ARN",
        pattern: "^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        length: 16 ..= 2048,
        rule: "use an S3 bucket ARN such as `arn:aws:s3:::acme-uploads`",
        kind: crate::kinds::BucketArn,
    }
}

constrained_string! {
    /// The ARN of a DynamoDB table's stream.
    TableStreamArn {
        what: "DynamoDB stream ARN",
        pattern: "^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}/stream/[0-9A-Za-z:.-]+$",
        length: 20 ..= 2048,
        rule: "use a table's stream ARN such as `arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000`",
        kind: crate::kinds::TableStreamArn,
    }
}

constrained_string! {
    /// The ARN of an SNS topic notified by an alarm.
    TopicArn {
        what: "SNS topic ARN",
        pattern: "^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$",
        length: 20 ..= 2048,
        rule: "use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`",
        kind: crate::kinds::TopicArn,
    }
}

constrained_string! {
    /// The name of a Lambda environment variable.
    EnvironmentVariableName {
        what: "environment variable name",
        pattern: "^[A-Za-z][A-Za-z0-9_]*$",
        length: 1 ..= 128,
        rule: "start with a letter, then use letters, digits and `_`",
    }
}

constrained_string! {
    /// The handler of a Lambda function, such as `app.handler`.
    Handler {
        what: "Lambda handler",
        pattern: "^[^\\s]+$",
        length: 1 ..= 128,
        rule: "use 1 to 128 characters without white space, such as `app.handler`",
    }
}

constrained_string! {
    /// A path to a deployment package (a `.zip` file), relative to where Terraform runs.
    PackagePath {
        what: "deployment package path",
        pattern: "\\.zip$",
        length: 5 ..= 1024,
        rule: "give the path of a `.zip` file, such as `build/function.zip`",
    }
}

constrained_string! {
    /// A CloudWatch metrics namespace.
    MetricsNamespace {
        what: "metrics namespace",
        pattern: "^[A-Za-z0-9._/#:-]+$",
        length: 1 ..= 255,
        rule: "use 1 to 255 letters, digits or `._/#:-`",
    }
}

constrained_string! {
    /// A DynamoDB attribute name used as a key or TTL attribute.
    AttributeName {
        what: "DynamoDB attribute name",
        pattern: "^[A-Za-z0-9_.-]+$",
        length: 1 ..= 255,
        rule: "use 1 to 255 letters, digits or `_.-`",
    }
}

constrained_string! {
    /// An HTTP API route key such as `GET /orders/{id}` or `$default`.
    RouteKey {
        what: "HTTP API route key",
        pattern: "^(\\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[A-Za-z0-9._~/{}+-]*)$",
        length: 4 ..= 512,
        rule: "use `METHOD /path` with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (for example `GET /orders/{id}`), or `$default`",
    }
}

constrained_string! {
    /// An EventBridge Scheduler expression: `rate(…)` or `cron(…)`.
    ScheduleExpression {
        what: "schedule expression",
        pattern: "^(rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)|cron\\([0-9*,/-]+ [0-9*,/-]+ (\\? [0-9A-Za-z*,/-]+ [0-9A-Za-z*,/LW#-]+|[0-9*,/LW-]+ [0-9A-Za-z*,/-]+ \\?) [0-9*,/-]+\\))$",
        length: 9 ..= 256,
        rule: "use `rate(1 hour)`, `rate(5 minutes)` (singular unit for 1) or a six-field `cron(minutes hours day-of-month month day-of-week year)` in which exactly one of day-of-month and day-of-week is `?`, such as `cron(0 2 * * ? *)`",
    }
}

constrained_string! {
    /// An IANA time zone for a schedule, such as `Europe/Paris` or `UTC`.
    TimeZone {
        what: "time zone",
        pattern: "^([A-Z][A-Za-z_+-]*(/[A-Za-z0-9_+-]+){0,2}|UTC)$",
        length: 1 ..= 50,
        rule: "use an IANA time zone name such as `UTC` or `Europe/Paris`",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constructor_agrees_with_from_str_try_from_and_deserialize() {
        for text in ["orders-api", "Orders", "", "a--b", "ab"] {
            let direct = ResourceName::new(text);
            assert_eq!(direct, text.parse::<ResourceName>());
            assert_eq!(direct, ResourceName::try_from(text));
            let deserialized: Result<ResourceName, _> = serde_json::from_value(serde_json::json!(text));
            assert_eq!(direct.is_ok(), deserialized.is_ok(), "{text}");
        }
    }

    /// A value a type accepts, whether the type accepts a text, and a neighbour it refuses.
    type ArnCase = (&'static str, fn(&str) -> bool, &'static str);

    #[test]
    fn event_driven_arns_accept_their_service_and_refuse_a_neighbour() {
        let cases: [ArnCase; 9] = [
            (
                "arn:aws:sqs:eu-west-1:111122223333:orders.fifo",
                |t| QueueArn::new(t).is_ok(),
                "arn:aws:sns:eu-west-1:111122223333:orders",
            ),
            (
                "arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live",
                |t| FunctionArn::new(t).is_ok(),
                "arn:aws:lambda:eu-west-1:111122223333:layer:x",
            ),
            (
                "arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed",
                |t| EventRuleArn::new(t).is_ok(),
                "arn:aws:events:eu-west-1:111122223333:event-bus/orders",
            ),
            (
                "arn:aws:states:eu-west-1:111122223333:stateMachine:fulfil:live",
                |t| StateMachineArn::new(t).is_ok(),
                "arn:aws:states:eu-west-1:111122223333:activity:fulfil",
            ),
            (
                "arn:aws:states:eu-west-1:111122223333:stateMachine:fulfil",
                |t| EventTargetArn::new(t).is_ok(),
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
            ),
            (
                "arn:aws:sns:eu-west-1:111122223333:alerts",
                |t| EventTargetArn::new(t).is_ok(),
                "arn:aws:sqs:eu-west-1:111122223333:a.b",
            ),
            ("acme-uploads.eu", |t| BucketName::new(t).is_ok(), "Acme_Uploads"),
            ("arn:aws:s3:::acme-uploads", |t| BucketArn::new(t).is_ok(), "arn:aws:s3:::acme-uploads/key"),
            (
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000",
                |t| TableStreamArn::new(t).is_ok(),
                "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
            ),
        ];
        for (accepted, parses, refused) in cases {
            assert!(parses(accepted), "{accepted} is accepted");
            assert!(!parses(refused), "{refused} is refused");
        }
    }

    #[test]
    fn an_invalid_name_is_rejected_with_the_value_and_the_rule() {
        let error = ResourceName::new("Orders_API").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`Orders_API` is not a valid resource name: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter"
        );
    }

    #[test]
    fn a_service_name_is_short_lowercase_words_and_a_fixed_name_is_suggested() {
        assert!(ServiceName::new("payment-gateway").is_ok());
        let error = ServiceName::new("Payment_Gateway").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`Payment_Gateway` is not a valid service name: use 3 to 32 lowercase letters and digits in words joined by single `-`, starting with a letter"
        );
        for (text, suggestion) in [
            ("Payment_Gateway", Some("payment-gateway")),
            ("payment gateway", Some("payment-gateway")),
            ("2fa-service", Some("fa-service")),
            ("a-very-long-service-name-that-goes-on-and-on", Some("a-very-long-service-name-that")),
            ("é", None),
            ("ab", None),
        ] {
            assert_eq!(ServiceName::suggest(text).as_ref().map(ServiceName::as_str), suggestion, "{text}");
        }
        assert!(OneLine::new("Takes \"payments\" {{ and }} ${more}").is_ok());
        assert!(OneLine::new("two\nlines").is_err());
        assert!(OneLine::new("x".repeat(257)).is_err());
    }

    #[test]
    fn schedule_expressions() {
        for good in [
            "rate(1 hour)",
            "rate(5 minutes)",
            "cron(0 2 * * ? *)",
            "cron(0/15 * ? * MON-FRI *)",
            "cron(0 9 L * ? *)",
            "cron(0 9 ? * 6#3 *)",
            "cron(15 10 ? * 6L 2026-2030)",
            "cron(0 8 1,15 JAN-MAR ? *)",
        ] {
            assert!(ScheduleExpression::new(good).is_ok(), "{good}");
        }
        for bad in [
            "rate(1 hours)",
            "rate(0 minutes)",
            "cron(0 2 * * *)",
            "every day",
            "rate(5 minutes) ",
            // EventBridge Scheduler needs `?` in exactly one of day-of-month and day-of-week.
            "cron(0 2 * * * *)",
            "cron(0 2 ? * ? *)",
            "cron(0 2 1 * MON *)",
            "cron(0 2 ?? * MON *)",
        ] {
            assert!(ScheduleExpression::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn arns_are_checked_by_service() {
        assert!(KmsKeyArn::new("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab").is_ok());
        assert!(KmsKeyArn::new("arn:aws:kms:eu-west-1:111122223333:alias/orders").is_err());
        assert!(DeadLetterTargetArn::new("arn:aws:sqs:eu-west-1:111122223333:orders-dlq").is_ok());
        assert!(DeadLetterTargetArn::new("arn:aws:sns:eu-west-1:111122223333:orders-failures").is_ok());
        assert!(DeadLetterTargetArn::new("arn:aws:s3:::bucket").is_err());
        let fifo = DeadLetterTargetArn::new("arn:aws:sqs:eu-west-1:111122223333:orders-dlq.fifo").unwrap_err();
        assert!(fifo.to_string().contains("not FIFO"), "{fifo}");
        assert!(DeadLetterTargetArn::new("arn:aws:sns:eu-west-1:111122223333:orders.fifo").is_err());
    }
}

/// Environment variables of a Lambda function: validated names to literal values.
///
/// Lambda refuses the keys its runtimes set themselves ([`EnvironmentVariables::RESERVED`]) and
/// variables larger than 4 KB in total; the blueprints add their own variables (Powertools
/// settings, a table name) within [`EnvironmentVariables::RESERVED_FOR_PAVED`] bytes, so a
/// function's own variables may hold [`EnvironmentVariables::MAX_TOTAL_BYTES`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct EnvironmentVariables(pub std::collections::BTreeMap<EnvironmentVariableName, crate::Text>);

impl EnvironmentVariables {
    /// The keys Lambda reserves for its runtimes ("Defined runtime environment variables" in the
    /// Lambda developer guide): a function's configuration may not set them.
    pub const RESERVED: &'static [&'static str] = &[
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_DEFAULT_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_LAMBDA_RUNTIME_API",
        "AWS_REGION",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "LAMBDA_RUNTIME_DIR",
        "LAMBDA_TASK_ROOT",
        "TZ",
    ];
    /// Lambda's limit on the total size of a function's environment variables, in bytes.
    pub const LAMBDA_LIMIT_BYTES: u64 = 4096;
    /// Bytes left for the variables the blueprints set themselves (Powertools service name and
    /// metrics namespace, log level, table name: at most about 430 bytes).
    pub const RESERVED_FOR_PAVED: u64 = 512;
    /// The most bytes (keys and values, UTF-8) a function's own variables may hold.
    pub const MAX_TOTAL_BYTES: u64 = Self::LAMBDA_LIMIT_BYTES - Self::RESERVED_FOR_PAVED;

    /// No variables.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one variable, replacing an earlier value of the same name.
    pub fn with(mut self, name: EnvironmentVariableName, value: impl Into<crate::Text>) -> Self {
        self.0.insert(name, value.into());
        self
    }
}

impl schemars::JsonSchema for EnvironmentVariables {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EnvironmentVariables".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<crate::Text>(),
            "propertyNames": {
                "pattern": EnvironmentVariableName::PATTERN,
                "x-paved-rule": EnvironmentVariableName::RULE,
                "not": { "enum": Self::RESERVED },
            },
            (crate::TOTAL_BYTES_KEY): Self::MAX_TOTAL_BYTES,
        })
    }
}

constrained_string! {
    /// The name of a blueprint instance in a stack; it becomes the Terraform module name and the
    /// first part of references (`<instance>.<output>`).
    InstanceName {
        what: "instance name",
        pattern: "^[a-z][a-z0-9_]*$",
        length: 1 ..= 40,
        rule: "use 1 to 40 lowercase letters, digits and `_`, starting with a letter",
    }
}

constrained_string! {
    /// The name of a deployment environment, such as `development` or `production`; it names the
    /// environment's `.tfvars` file.
    EnvironmentName {
        what: "environment name",
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        length: 1 ..= 32,
        rule: "use 1 to 32 lowercase letters and digits in words joined by `-`, starting with a letter",
    }
}

constrained_string! {
    /// An AWS region such as `eu-west-1`.
    AwsRegion {
        what: "AWS region",
        pattern: "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$",
        length: 9 ..= 20,
        rule: "use a region code such as `eu-west-1` or `us-east-2`",
    }
}

constrained_string! {
    /// The key of a cost-allocation tag, such as `CostCenter`.
    TagKey {
        what: "tag key",
        pattern: "^[A-Za-z][A-Za-z0-9_.:/=+@-]*$",
        length: 1 ..= 128,
        rule: "start with a letter, then use letters, digits and `_.:/=+@-` (128 at most); `aws:` is reserved",
    }
}

constrained_string! {
    /// A Backstage entity name (an owner, a system).
    EntityName {
        what: "Backstage entity name",
        pattern: "^[a-z0-9]+([-_.][a-z0-9]+)*$",
        length: 1 ..= 63,
        rule: "use 1 to 63 lowercase letters and digits, separated by single `-`, `_` or `.`",
    }
}

constrained_string! {
    /// A module registry host and namespace, such as `registry.example.com/platform`.
    RegistryNamespace {
        what: "registry namespace",
        pattern: "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?/[a-z0-9]([a-z0-9_-]*[a-z0-9])?$",
        length: 3 ..= 255,
        rule: "use `<host>/<namespace>` such as `registry.example.com/platform` (the host may carry a `:port`)",
    }
}
