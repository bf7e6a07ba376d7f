//! The kinds of value that flow between blueprints, at run time ([`ValueKind`]) and at compile
//! time (the marker types in [`kinds`]), both generated from one list.

use crate::closed_set::closed_set;

macro_rules! value_kinds {
    ($( $(#[$meta:meta])* $variant:ident => $text:literal, )+) => {
        closed_set! {
            /// What a blueprint output *is*, and what an input that accepts a wired value expects.
            ///
            /// Outputs declare a kind; inputs whose type carries the same kind (through
            /// `x-paved-kind` in their schema) accept that output, so wiring a table name into a
            /// queue ARN input is refused.
            ValueKind ("value kind") {
                $( $(#[$meta])* $variant => $text, )+
            }
        }

        /// Compile-time markers of value kinds: `Ref<kinds::QueueArn>` can only be wired where
        /// a queue ARN is expected.
        pub mod kinds {
            $(
                $(#[$meta])*
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub struct $variant;

                impl crate::Kind for $variant {
                    const KIND: crate::ValueKind = crate::ValueKind::$variant;
                }
            )+
        }
    };
}

/// A compile-time marker of a [`ValueKind`].
pub trait Kind {
    /// The run-time kind.
    const KIND: ValueKind;
}

value_kinds! {
    /// The name of a Lambda function.
    FunctionName => "lambda-function-name",
    /// The ARN of a Lambda function.
    FunctionArn => "lambda-function-arn",
    /// The ARN API Gateway uses to invoke a Lambda function.
    FunctionInvokeArn => "lambda-invoke-arn",
    /// The name of an IAM role.
    RoleName => "iam-role-name",
    /// The ARN of an IAM role.
    RoleArn => "iam-role-arn",
    /// The name of a CloudWatch log group.
    LogGroupName => "log-group-name",
    /// The ARN of a CloudWatch log group.
    LogGroupArn => "log-group-arn",
    /// The ARN of an SQS queue.
    QueueArn => "sqs-queue-arn",
    /// The URL of an SQS queue.
    QueueUrl => "sqs-queue-url",
    /// The name of an SQS queue.
    QueueName => "sqs-queue-name",
    /// The name of a DynamoDB table.
    TableName => "dynamodb-table-name",
    /// The ARN of a DynamoDB table.
    TableArn => "dynamodb-table-arn",
    /// The ID of an API Gateway HTTP API.
    ApiId => "http-api-id",
    /// The base URL of an HTTP API stage.
    ApiUrl => "http-api-url",
    /// The ARN of an EventBridge Scheduler schedule.
    ScheduleArn => "schedule-arn",
    /// The ARN of a CloudWatch alarm.
    AlarmArn => "cloudwatch-alarm-arn",
    /// The ARN of a KMS key.
    KmsKeyArn => "kms-key-arn",
    /// The ARN of an SNS topic.
    TopicArn => "sns-topic-arn",
}
