//! `{{org}}-function`: a Lambda function with {{org_title}}'s defaults, built on Paved's `baseline-lambda`.
//!
//! The blueprint nests the built-in `baseline-lambda` (its template's `module` block sources
//! `./modules/baseline-lambda`, which Paved vendors into the emitted module) and exposes only the
//! settings {{org_title}} lets teams choose, with {{org_title}}'s defaults.

use paved_blueprint::{
    Blueprint, Definition, EnvironmentVariables, FunctionName, LogRetentionDays, PackagePath, Parts, Runtime, kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Inputs of `{{org}}-function`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct {{org_camel}}FunctionInputs {
    /// Name of the function; its IAM role and log group are named after it.
    pub function_name: FunctionName,
    /// What the function does, shown in the Lambda console.
    #[serde(default)]
    #[schemars(length(max = 256))]
    pub description: String,
    /// Path of the deployment package (a .zip file) that the application's build produces.
    pub package_file: PackagePath,
    /// Lambda runtime; only runtimes approved for the paved road are accepted.
    #[serde(default = "default_runtime")]
    #[schemars(extend("x-paved-governs" = "runtime"))]
    pub runtime: Runtime,
    /// Memory in MB; {{org_title}} caps functions at 3,008 MB.
    #[serde(default = "default_memory_size")]
    #[schemars(range(min = 128, max = 3008))]
    #[schemars(extend("x-paved-governs" = "memory-size"))]
    pub memory_size: u32,
    /// Maximum run time of one invocation, in seconds.
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 1, max = 900))]
    #[schemars(extend("x-paved-governs" = "timeout"))]
    pub timeout: u32,
    /// Days CloudWatch keeps the function's logs; {{org_title}} keeps them two years.
    #[serde(default = "default_log_retention_days")]
    #[schemars(extend("x-paved-governs" = "log-retention"))]
    pub log_retention_days: LogRetentionDays,
    /// Extra environment variables; Paved sets the Powertools variables itself.
    #[serde(default)]
    pub environment_variables: EnvironmentVariables,
}

impl {{org_camel}}FunctionInputs {
    /// {{org_title}}'s defaults for a function named `function_name` whose code is at `package_file`.
    pub fn new(function_name: FunctionName, package_file: PackagePath) -> Self {
        Self {
            function_name,
            description: String::new(),
            package_file,
            runtime: default_runtime(),
            memory_size: default_memory_size(),
            timeout: default_timeout(),
            log_retention_days: default_log_retention_days(),
            environment_variables: EnvironmentVariables::new(),
        }
    }
}

fn default_runtime() -> Runtime {
    Runtime::Python312
}
fn default_memory_size() -> u32 {
    512
}
fn default_timeout() -> u32 {
    30
}
fn default_log_retention_days() -> LogRetentionDays {
    LogRetentionDays::new(731).expect("two years is a retention CloudWatch Logs accepts")
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `{{org_camel}}Function` instance.
    pub struct {{org_camel}}FunctionOutputs {
        /// Name of the Lambda function.
        function_name: kinds::FunctionName = "module.function.function_name",
        /// ARN of the Lambda function.
        function_arn: kinds::FunctionArn = "module.function.function_arn",
        /// Name of the function's IAM role, to attach further policies.
        role_name: kinds::RoleName = "module.function.role_name",
    }
}

/// The README's "On AWS" section.
const NOTES: &str = "\
Everything the nested `baseline-lambda` enforces holds here too (reserved environment variable keys, \
their size, memory and timeout ranges); see its README under `modules/baseline-lambda/`.
";

/// The `{{org}}-function` blueprint.
pub struct {{org_camel}}Function;

impl Blueprint for {{org_camel}}Function {
    type Outputs = {{org_camel}}FunctionOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        {{org_camel}}FunctionOutputs::new(instance)
    }

    type Inputs = {{org_camel}}FunctionInputs;

    fn definition() -> Definition {
        let mut example = {{org_camel}}FunctionInputs::new(
            FunctionName::new("orders-worker").expect("valid example"),
            PackagePath::new("build/orders-worker.zip").expect("valid example"),
        );
        example.description = "Processes queued orders.".to_owned();
        Definition::build(Parts {
            name: "{{org}}-function",
            version: "1.0.0",
            summary: "A Lambda function with {{org_title}}'s defaults, built on Paved's baseline-lambda.",
            description: "Paved's `baseline-lambda` (tracing, JSON logs, Powertools settings, arm64, a \
                least-privilege role) with {{org_title}}'s defaults: 512 MB, logs kept two years, and only the settings \
                {{org_title}} lets teams choose.",
            notes: NOTES,
            outputs: {{org_camel}}FunctionOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .expect("the {{org}}-function definition is consistent")
    }
}
