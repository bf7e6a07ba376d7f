//! Settings an organisation's policy governs, as blueprint inputs declare them.
//!
//! An input says which setting it is with `x-paved-governs` in its schema (from
//! `#[schemars(extend("x-paved-governs" = "runtime"))]` on the field), read into
//! [`crate::Field::governs`]. Policies name these settings, never input paths, so a rule on
//! runtimes applies to `runtime` in `baseline-lambda` and to `function.runtime` in
//! `sync-api-dynamodb` alike, and a new blueprint is governed by marking its inputs. The names
//! are open: a catalog marks its own inputs with settings it names itself
//! (`acme-noncurrent-version-days`), and policy files govern them with generic checks.

use crate::open_name::open_name;

open_name! {
    /// A setting that organisation policies constrain: a name of lowercase words joined by `-`.
    /// Paved's blueprints use the associated constants; a catalog may name its own.
    ///
    /// ```
    /// use paved_blueprint::Governed;
    /// assert_eq!(Governed::RUNTIME.as_str(), "runtime");
    /// let days = Governed::new("acme-noncurrent-version-days")?;
    /// assert!(!Governed::BUILTIN.contains(&days));
    /// assert!(Governed::new("Noncurrent Days").is_err());
    /// # Ok::<(), paved_blueprint::ValueError>(())
    /// ```
    Governed ("governed setting")
}

impl Governed {
    /// A Lambda function's runtime (`aws_lambda_function.runtime`).
    pub const RUNTIME: Self = Self::from_static("runtime");
    /// A Lambda function's memory in MB (`aws_lambda_function.memory_size`).
    pub const MEMORY_SIZE: Self = Self::from_static("memory-size");
    /// A Lambda function's timeout in seconds (`aws_lambda_function.timeout`).
    pub const TIMEOUT: Self = Self::from_static("timeout");
    /// A Lambda function's X-Ray tracing mode (`aws_lambda_function.tracing_config.mode`).
    pub const TRACING_MODE: Self = Self::from_static("tracing-mode");
    /// How long a CloudWatch log group keeps events (`aws_cloudwatch_log_group.retention_in_days`).
    pub const LOG_RETENTION: Self = Self::from_static("log-retention");
    /// The customer-managed KMS key that encrypts data at rest; AWS-owned keys when null.
    pub const ENCRYPTION_KEY: Self = Self::from_static("encryption-key");
    /// How an HTTP API's routes authorise callers (`aws_apigatewayv2_route.authorization_type`).
    pub const ROUTE_AUTHORIZATION: Self = Self::from_static("route-authorization");

    /// The settings Paved's own blueprints mark and its named policy checks judge.
    pub const BUILTIN: &'static [Self] = &[
        Self::RUNTIME,
        Self::MEMORY_SIZE,
        Self::TIMEOUT,
        Self::TRACING_MODE,
        Self::LOG_RETENTION,
        Self::ENCRYPTION_KEY,
        Self::ROUTE_AUTHORIZATION,
    ];
}

crate::constrained_string! {
    /// The stable id of an organisation policy rule, such as `ACME_LAMBDA_RUNTIME`: what reports,
    /// waivers, SARIF results and exported Checkov checks call the rule.
    RuleId {
        what: "rule id",
        pattern: "^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$",
        length: 2 ..= 64,
        rule: "use 2 to 64 uppercase letters and digits in words joined by single `_`, starting with a letter, such as `ACME_LAMBDA_RUNTIME`",
    }
}

crate::closed_set! {
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
