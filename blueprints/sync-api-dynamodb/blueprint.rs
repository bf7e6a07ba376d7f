//! `sync-api-dynamodb`: an HTTP API in front of a baseline Lambda function that owns a DynamoDB table.

use super::baseline_lambda::FunctionSettings;
use paved_blueprint::{
    AttributeName, AuthorizationType, Blueprint, Definition, FunctionName, KmsKeyArn, LogRetentionDays, PackagePath,
    Parts, RouteKey, Rule, StreamViewType, input, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Inputs of `sync-api-dynamodb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("x-paved-rules" = api_rules()))]
pub struct SyncApiDynamodbInputs {
    /// Name of the API, its function and its table.
    pub name: FunctionName,
    /// What the API does, shown in the consoles.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// Routes sent to the function, such as `GET /orders/{id}`.
    #[serde(default = "default_routes")]
    #[schemars(length(min = 1, max = 50))]
    pub routes: Vec<RouteKey>,
    /// How every route authorises callers; `NONE` makes the API public.
    #[serde(default = "default_authorization")]
    #[schemars(extend("x-paved-governs" = "route-authorization"))]
    pub authorization_type: AuthorizationType,
    /// Requests per second the stage allows on average; keep it within what the function's concurrency can serve.
    #[serde(default = "default_rate_limit")]
    #[schemars(range(min = 1, max = 10000))]
    pub throttling_rate_limit: u32,
    /// Requests the stage allows in a burst; at most the function's reserved concurrency when it reserves some.
    #[serde(default = "default_burst_limit")]
    #[schemars(range(min = 1, max = 5000))]
    pub throttling_burst_limit: u32,
    /// Days CloudWatch keeps the API's access logs.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "log-retention"))]
    pub access_log_retention_days: LogRetentionDays,
    /// Partition key attribute of the table (a string).
    #[serde(default = "default_hash_key")]
    pub hash_key: AttributeName,
    /// Sort key attribute of the table (a string); no sort key when null.
    #[serde(default = "default_range_key")]
    pub range_key: Option<AttributeName>,
    /// Attribute holding each item's expiry time (epoch seconds).
    #[serde(default = "default_ttl_attribute")]
    pub ttl_attribute: AttributeName,
    /// Whether the table refuses to be deleted; turn off only to retire it.
    #[serde(default = "default_true")]
    pub deletion_protection: bool,
    /// KMS key that encrypts the table; the AWS-managed DynamoDB key when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub table_kms_key_arn: Option<KmsKeyArn>,
    /// What the table's stream records of each changed item, for a `dynamodb-stream-processor` wired to `table_stream_arn`; no stream when null.
    #[serde(default)]
    pub stream_view_type: Option<StreamViewType>,
    /// KMS key that encrypts the access logs; its key policy must let CloudWatch Logs use it (see the README); AWS-owned keys when null.
    #[serde(default)]
    pub access_log_kms_key_arn: Option<KmsKeyArn>,
    /// The function's settings; the table's name reaches it as `TABLE_NAME`.
    pub function: FunctionSettings,
}

/// Rules across the API's inputs.
fn api_rules() -> Vec<Rule> {
    vec![
        input("function.timeout")
            .at_most(30)
            .because("API Gateway ends an integration after 30 s, while a longer-running function keeps its execution"),
        Rule::when(
            input("function.reserved_concurrent_executions").at_least(0),
            input("throttling_burst_limit").at_most(input("function.reserved_concurrent_executions")),
        )
        .because(
            "each request in flight holds one execution, and requests beyond the reservation are throttled with errors",
        ),
    ]
}

fn default_routes() -> Vec<RouteKey> {
    vec![RouteKey::new("ANY /{proxy+}").expect("valid default route")]
}
fn default_authorization() -> AuthorizationType {
    AuthorizationType::AwsIam
}
fn default_rate_limit() -> u32 {
    100
}
fn default_burst_limit() -> u32 {
    200
}
fn default_hash_key() -> AttributeName {
    AttributeName::new("pk").expect("valid default key")
}
fn default_range_key() -> Option<AttributeName> {
    Some(AttributeName::new("sk").expect("valid default key"))
}
fn default_ttl_attribute() -> AttributeName {
    AttributeName::new("expires_at").expect("valid default attribute")
}
fn default_true() -> bool {
    true
}

impl SyncApiDynamodbInputs {
    /// Paved-road defaults for an API `name` served by the function in `function`.
    pub fn new(name: FunctionName, function: FunctionSettings) -> Self {
        Self {
            name,
            description: String::new(),
            routes: default_routes(),
            authorization_type: default_authorization(),
            throttling_rate_limit: default_rate_limit(),
            throttling_burst_limit: default_burst_limit(),
            access_log_retention_days: LogRetentionDays::default(),
            hash_key: default_hash_key(),
            range_key: default_range_key(),
            ttl_attribute: default_ttl_attribute(),
            deletion_protection: true,
            table_kms_key_arn: None,
            stream_view_type: None,
            access_log_kms_key_arn: None,
            function,
        }
    }
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `SyncApiDynamodb` instance.
    pub struct SyncApiDynamodbOutputs {
        /// ID of the HTTP API.
        api_id: kinds::ApiId = "aws_apigatewayv2_api.this.id",
        /// Base URL of the API's default stage.
        api_url: kinds::ApiUrl = "aws_apigatewayv2_stage.default.invoke_url",
        /// Name of the DynamoDB table.
        table_name: kinds::TableName = "aws_dynamodb_table.this.name",
        /// ARN of the DynamoDB table.
        table_arn: kinds::TableArn = "aws_dynamodb_table.this.arn",
        /// ARN of the table's stream, to wire into a `dynamodb-stream-processor`; null unless `stream_view_type` is set.
        table_stream_arn: kinds::TableStreamArn = "local.table_stream_arn" when stream_view_type is set,
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "module.function.role_name",
        /// Name of the log group holding the API's access logs.
        access_log_group_name: kinds::LogGroupName = "aws_cloudwatch_log_group.access.name",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| The function's timeout is at most 30 s: API Gateway ends the integration then, while the function would keep running | Rust and `validation` on `function.timeout` |
| With reserved concurrency, the stage's burst is at most the reservation (each request in flight holds one execution) | Rust and `validation` on `throttling_burst_limit` |
| A stream ARN exists only while the table has a stream: wiring `table_stream_arn` from an instance without `stream_view_type` | At compose time: the reference is refused, naming `stream_view_type` |
| Environment variables: no reserved keys, at most 3,584 bytes (see the nested `baseline-lambda`); `TABLE_NAME` is set by the module | Rust and `validation` on `function` |

The function reserves no concurrency by default; the stage's defaults (100 requests/s, bursts of 200) \
then share the account's unreserved pool. When you reserve executions, lower the burst (and the rate, \
by the function's typical duration) to fit.

**Streams.** No stream by default. With `stream_view_type` set, the table records every change for \
24 hours and `table_stream_arn` is the stream to wire into a `dynamodb-stream-processor`; changing the \
view type replaces the stream (a new ARN: the processor's mapping is replaced too, and records not yet \
read from the old stream are not delivered). With `table_kms_key_arn` set, give the processor the same \
key as its `table_kms_key_arn`: stream records are encrypted with the table's key.

**Customer-managed keys, one per purpose.** `table_kms_key_arn` encrypts the table: the function's role \
may use it through DynamoDB only (`kms:ViaService`). `access_log_kms_key_arn` encrypts the access log \
group, and its key policy must allow CloudWatch Logs (a key written for DynamoDB does not):

```json
{
  \"Sid\": \"CloudWatchLogsUseKey\",
  \"Effect\": \"Allow\",
  \"Principal\": { \"Service\": \"logs.<region>.amazonaws.com\" },
  \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", \"kms:Describe*\"],
  \"Resource\": \"*\",
  \"Condition\": { \"ArnEquals\": { \"kms:EncryptionContext:aws:logs:arn\": \"arn:aws:logs:<region>:<account>:log-group:/aws/apigateway/<name>\" } }
}
```
";

/// The `sync-api-dynamodb` blueprint.
pub struct SyncApiDynamodb;

impl Blueprint for SyncApiDynamodb {
    type Outputs = SyncApiDynamodbOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        SyncApiDynamodbOutputs::new(instance)
    }

    type Inputs = SyncApiDynamodbInputs;

    fn definition() -> Definition {
        let mut example = SyncApiDynamodbInputs::new(
            FunctionName::new("orders-api").expect("valid example"),
            FunctionSettings::new(PackagePath::new("build/orders-api.zip").expect("valid example")),
        );
        example.description = "Creates and reads orders.".to_owned();
        example.routes = ["POST /orders", "GET /orders/{id}"]
            .iter()
            .map(|route| RouteKey::new(*route).expect("valid example"))
            .collect();
        Definition::build(Parts {
            name: "sync-api-dynamodb",
            version: "2.1.0",
            summary: "An HTTP API (API Gateway v2) in front of a baseline Lambda function that owns a DynamoDB table.",
            description: "A synchronous API: an API Gateway HTTP API whose routes all require an authorization type \
                (AWS_IAM by default), a `$default` stage with JSON access logs and throttling, a `baseline-lambda` \
                function (nested module) invoked through a Lambda proxy integration and allowed to be invoked only \
                by this API, and a DynamoDB table billed per request with point-in-time recovery, encryption, a TTL \
                attribute and deletion protection, and a stream of its changes when `stream_view_type` is set. The function's role may only perform item operations on this \
                table.",
            notes: NOTES,
            outputs: SyncApiDynamodbOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the sync-api-dynamodb definition is consistent")
    }
}
