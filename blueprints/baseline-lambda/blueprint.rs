//! `baseline-lambda`: one Lambda function with the paved road's defaults built in.
//!
//! X-Ray tracing, JSON logs into its own retained log group, Powertools settings, arm64, an
//! approved runtime, opt-in reserved concurrency and a least-privilege role. Other blueprints reuse it as
//! a nested module and take its [`FunctionSettings`](crate::baseline_lambda::FunctionSettings) as their `function` input.

use paved_blueprint::{
    Architecture, Blueprint, DeadLetterTargetArn, Definition, EnvironmentVariables, FunctionName, Handler, KmsKeyArn,
    LogLevel, LogRetentionDays, MetricsNamespace, PackagePath, Parts, ResourceName, Runtime, TracingMode, Wire, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The settings of a function, shared by every blueprint that builds on `baseline-lambda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionSettings {
    /// Path of the deployment package (a .zip file) that the application's build produces.
    pub package_file: PackagePath,
    /// Lambda runtime; only runtimes approved for the paved road are accepted.
    #[serde(default = "default_runtime")]
    #[schemars(extend("x-paved-governs" = "runtime"))]
    pub runtime: Runtime,
    /// Function entry point within the package.
    #[serde(default = "default_handler")]
    pub handler: Handler,
    /// Instruction set; arm64 (Graviton) costs less per GB-second.
    #[serde(default = "default_architecture")]
    pub architecture: Architecture,
    /// Memory in MB; CPU is allocated in proportion.
    #[serde(default = "default_memory_size")]
    #[schemars(range(min = 128, max = 10240))]
    #[schemars(extend("x-paved-governs" = "memory-size"))]
    pub memory_size: u32,
    /// Maximum run time of one invocation, in seconds.
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 1, max = 900))]
    #[schemars(extend("x-paved-governs" = "timeout"))]
    pub timeout: u32,
    /// Concurrent executions reserved for (and capped at) this function; -1 (the default) reserves none, because a reservation fails in accounts whose concurrency quota leaves no room for it.
    #[serde(default = "default_reserved_concurrency")]
    #[schemars(range(min = -1, max = 10000))]
    pub reserved_concurrent_executions: i32,
    /// X-Ray tracing mode.
    #[serde(default = "default_tracing_mode")]
    #[schemars(extend("x-paved-governs" = "tracing-mode"))]
    pub tracing_mode: TracingMode,
    /// Days CloudWatch keeps the function's logs.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "log-retention"))]
    pub log_retention_days: LogRetentionDays,
    /// Application log level (Lambda JSON logging and Powertools).
    #[serde(default = "default_log_level")]
    pub log_level: LogLevel,
    /// KMS key that encrypts the log group and the environment variables; AWS-owned keys when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Extra environment variables; Paved sets the Powertools variables itself.
    #[serde(default)]
    pub environment_variables: EnvironmentVariables,
}

impl FunctionSettings {
    /// Paved-road defaults for a function whose code is at `package_file`.
    pub fn new(package_file: PackagePath) -> Self {
        Self {
            package_file,
            runtime: default_runtime(),
            handler: default_handler(),
            architecture: default_architecture(),
            memory_size: default_memory_size(),
            timeout: default_timeout(),
            reserved_concurrent_executions: default_reserved_concurrency(),
            tracing_mode: default_tracing_mode(),
            log_retention_days: LogRetentionDays::default(),
            log_level: default_log_level(),
            kms_key_arn: None,
            environment_variables: EnvironmentVariables::new(),
        }
    }
}

fn default_runtime() -> Runtime {
    Runtime::Python312
}
fn default_handler() -> Handler {
    Handler::new("app.handler").expect("the default handler is valid")
}
fn default_architecture() -> Architecture {
    Architecture::Arm64
}
fn default_memory_size() -> u32 {
    256
}
fn default_timeout() -> u32 {
    30
}
fn default_reserved_concurrency() -> i32 {
    -1
}
fn default_tracing_mode() -> TracingMode {
    TracingMode::Active
}
fn default_log_level() -> LogLevel {
    LogLevel::Info
}

/// Inputs of `baseline-lambda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineLambdaInputs {
    /// Name of the function; its IAM role and log group are named after it.
    pub function_name: FunctionName,
    /// What the function does, shown in the Lambda console.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// The function's settings.
    #[serde(flatten)]
    pub settings: FunctionSettings,
    /// Standard SQS queue or SNS topic that receives events of failed asynchronous invocations; none when null.
    #[serde(default)]
    pub dead_letter_target_arn: Option<Wire<DeadLetterTargetArn>>,
    /// KMS key that encrypts the dead-letter target, when a customer-managed key does; the role may then use it through SQS or SNS only.
    #[serde(default)]
    pub dead_letter_kms_key_arn: Option<KmsKeyArn>,
    /// Powertools service name; the function name when null.
    #[serde(default)]
    pub service_name: Option<ResourceName>,
    /// Powertools metrics namespace; the service name when null.
    #[serde(default)]
    pub metrics_namespace: Option<MetricsNamespace>,
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `BaselineLambda` instance.
    pub struct BaselineLambdaOutputs {
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "aws_lambda_function.this.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "aws_lambda_function.this.arn",
        /// ARN API Gateway uses to invoke the function.
        invoke_arn: kinds::FunctionInvokeArn = "aws_lambda_function.this.invoke_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "aws_iam_role.this.name",
        /// ARN of the function's IAM role.
        role_arn: kinds::RoleArn = "aws_iam_role.this.arn",
        /// Name of the function's CloudWatch log group.
        log_group_name: kinds::LogGroupName = "aws_cloudwatch_log_group.this.name",
        /// ARN of the function's CloudWatch log group.
        log_group_arn: kinds::LogGroupArn = "aws_cloudwatch_log_group.this.arn",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| Environment variables may not use the keys Lambda's runtimes set (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `_HANDLER`, `TZ`, …) | Rust and `validation` on `environment_variables` |
| Environment variables hold at most 4 KB in total; 512 bytes are kept for the variables this module sets (Powertools settings), so yours may hold 3,584 bytes of keys and values (UTF-8) | Rust and `validation` on `environment_variables` |
| Memory 128–10,240 MB, timeout 1–900 s | Rust and `validation` |
| A dead-letter target is a standard SQS queue or SNS topic: Lambda sends dead letters without a message group, which FIFO queues and topics (names ending in `.fifo`) require | Rust and `validation` on `dead_letter_target_arn` |

**Dead-letter targets.** `dead_letter_target_arn` takes a queue ARN or a topic ARN, given or wired \
from an output of kind `sqs-queue-arn` or `sns-topic-arn`. The role may send to exactly that target \
(`sqs:SendMessage` on the queue, `sns:Publish` on the topic), and nothing else. Lambda delivers a \
failed asynchronous event there after its own retries. A topic keeps nothing: subscribe a queue (or \
another durable endpoint) to it, or the events it receives with no subscriber are lost.

**Reserved concurrency is opt-in** (`reserved_concurrent_executions = -1` by default): Lambda keeps \
100 executions of the account's quota unreserved, so a reservation fails in accounts whose quota \
is small (new accounts start with 10). Reserve executions once the account's quota allows it; \
callers (an SQS event source's `maximum_concurrency`, an API's throttling) should then stay within it.

**Customer-managed keys.** `kms_key_arn` encrypts the log group and the environment variables. The \
key policy must allow the CloudWatch Logs service principal of the region to use it for this log \
group:

```json
{
  \"Sid\": \"CloudWatchLogsUseKey\",
  \"Effect\": \"Allow\",
  \"Principal\": { \"Service\": \"logs.<region>.amazonaws.com\" },
  \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\", \"kms:ReEncrypt*\", \"kms:GenerateDataKey*\", \"kms:Describe*\"],
  \"Resource\": \"*\",
  \"Condition\": { \"ArnEquals\": { \"kms:EncryptionContext:aws:logs:arn\": \"arn:aws:logs:<region>:<account>:log-group:/aws/lambda/<function_name>\" } }
}
```

The function's role may decrypt with the key only through Lambda and for this function (`kms:ViaService` \
and the `aws:lambda:FunctionArn` encryption context). `dead_letter_kms_key_arn` names the key of an \
encrypted dead-letter queue or topic: the role may use it through SQS or SNS only; that key's policy must \
let the account's IAM policies grant it (the default key policy does).
";

/// The `baseline-lambda` blueprint.
pub struct BaselineLambda;

impl Blueprint for BaselineLambda {
    type Outputs = BaselineLambdaOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        BaselineLambdaOutputs::new(instance)
    }

    type Inputs = BaselineLambdaInputs;

    fn definition() -> Definition {
        let example = BaselineLambdaInputs {
            function_name: FunctionName::new("orders-api").expect("valid example"),
            description: "Serves the orders API.".to_owned(),
            settings: FunctionSettings::new(PackagePath::new("build/orders-api.zip").expect("valid example")),
            dead_letter_target_arn: None,
            dead_letter_kms_key_arn: None,
            service_name: None,
            metrics_namespace: None,
        };
        Definition::build(Parts {
            name: "baseline-lambda",
            version: "3.0.0",
            summary: "A Lambda function with tracing, JSON logs, Powertools settings and a least-privilege role.",
            description: "One AWS Lambda function with the paved road's defaults: X-Ray tracing on, JSON \
                structured logs in its own log group with a retention period, AWS Lambda Powertools settings \
                (service name, metrics namespace, log level), arm64, an approved runtime, optional reserved \
                concurrency, an optional dead-letter target for asynchronous invocations (encrypted or not), and an \
                IAM role that may only write to its own log group and send traces.",
            notes: NOTES,
            outputs: BaselineLambdaOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the baseline-lambda definition is consistent")
    }
}
