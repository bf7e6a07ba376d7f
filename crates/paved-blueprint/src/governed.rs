//! Settings an organisation's policy governs, as blueprint inputs declare them.
//!
//! An input says which setting it is with `x-paved-governs` in its schema (from
//! `#[schemars(extend("x-paved-governs" = "runtime"))]` on the field), read into
//! [`crate::Field::governs`]. Policies name these settings, never input paths, so a rule on
//! runtimes applies to `runtime` in `baseline-lambda` and to `function.runtime` in
//! `sync-api-dynamodb` alike, and a new blueprint is governed by marking its inputs.

use crate::closed_set::closed_set;

closed_set! {
    /// A setting that organisation policies constrain.
    Governed ("governed setting") {
        /// A Lambda function's runtime (`aws_lambda_function.runtime`).
        Runtime => "runtime",
        /// A Lambda function's memory in MB (`aws_lambda_function.memory_size`).
        MemorySize => "memory-size",
        /// A Lambda function's timeout in seconds (`aws_lambda_function.timeout`).
        Timeout => "timeout",
        /// A Lambda function's X-Ray tracing mode (`aws_lambda_function.tracing_config.mode`).
        TracingMode => "tracing-mode",
        /// How long a CloudWatch log group keeps events (`aws_cloudwatch_log_group.retention_in_days`).
        LogRetention => "log-retention",
        /// The customer-managed KMS key that encrypts data at rest; AWS-owned keys when null.
        EncryptionKey => "encryption-key",
        /// How an HTTP API's routes authorise callers (`aws_apigatewayv2_route.authorization_type`).
        RouteAuthorization => "route-authorization",
    }
}

crate::constrained::constrained_string! {
    /// The stable id of an organisation policy rule, such as `ACME_LAMBDA_RUNTIME`: what reports,
    /// waivers, SARIF results and exported Checkov checks call the rule.
    RuleId {
        what: "rule id",
        pattern: "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$",
        length: 2 ..= 64,
        rule: "use 2 to 64 uppercase letters and digits in words joined by single `_`, starting with a letter, such as `ACME_LAMBDA_RUNTIME`",
    }
}

closed_set! {
    /// How much a policy violation matters.
    Severity ("severity") {
        /// Blocks `paved compose` and fails `paved check`.
        Error => "error",
        /// Reported, does not block.
        Warning => "warning",
        /// For information.
        Note => "note",
    }
}
