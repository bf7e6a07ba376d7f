//! Policy files: the organisation's rules, each with a stable id, a severity, a description and
//! a fix, read with the location of every value.

use paved_blueprint::{AwsRegion, EnvironmentName, Governed, LogRetentionDays, RuleId, Severity, TagKey, closest};
use paved_stack::{Diagnostic, Document, Location};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// An organisation policy: the rules every stack it is given to must follow.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The policy's name, such as `acme`.
    pub name: String,
    /// What the policy is for.
    pub description: String,
    /// The rules, in the order the file declares them.
    pub rules: Vec<Rule>,
    pub(crate) document: Option<Document>,
}

/// One rule of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The stable id that reports, waivers and exported checks use.
    pub id: RuleId,
    /// How much a violation matters.
    pub severity: Severity,
    /// What the rule asks for, in one sentence.
    pub description: String,
    /// How to fix a violation.
    pub fix: String,
    /// The environments the rule applies in; every environment when empty.
    pub environments: Vec<EnvironmentName>,
    /// Whether a stack may waive the rule for one of its instances.
    pub waivable: bool,
    /// What the rule checks.
    pub check: Check,
}

impl Rule {
    /// Whether the rule applies in `environment`.
    pub fn applies_in(&self, environment: &str) -> bool {
        self.environments.is_empty() || self.environments.iter().any(|name| name.as_str() == environment)
    }
}

/// What a rule checks. Instance checks judge the inputs that blueprints mark with a
/// [`Governed`] setting, in every blueprint alike; stack checks judge the environments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum Check {
    /// Lambda functions use one of these runtimes.
    ApprovedRuntimes {
        /// The approved runtimes, as Lambda spells them (`python3.12`, `nodejs20.x`, …).
        #[schemars(length(min = 1))]
        runtimes: Vec<String>,
    },
    /// Log groups keep events at least this many days.
    MinimumLogRetention {
        /// The fewest days.
        days: LogRetentionDays,
    },
    /// Lambda functions have at most this much memory.
    MaximumMemorySize {
        /// The ceiling in MB.
        #[schemars(range(min = 128, max = 10240))]
        megabytes: u32,
    },
    /// Lambda functions time out after at most this long.
    MaximumTimeout {
        /// The ceiling in seconds.
        #[schemars(range(min = 1, max = 900))]
        seconds: u32,
    },
    /// Lambda functions trace with X-Ray (`Active`).
    Tracing,
    /// Data at rest is encrypted with a customer-managed KMS key.
    CustomerManagedKeys,
    /// HTTP API routes authorise their callers.
    AuthenticatedRoutes,
    /// Every environment sets these tags (besides the FinOps tags every stack sets).
    RequiredTags {
        /// The tag keys.
        #[schemars(length(min = 1))]
        tags: Vec<TagKey>,
    },
    /// Environments deploy only to these regions.
    AllowedRegions {
        /// The allowed regions.
        #[schemars(length(min = 1))]
        regions: Vec<AwsRegion>,
    },
}

impl Check {
    /// The governed setting an instance check judges; `None` for stack checks.
    pub fn governed(&self) -> Option<Governed> {
        match self {
            Check::ApprovedRuntimes { .. } => Some(Governed::Runtime),
            Check::MinimumLogRetention { .. } => Some(Governed::LogRetention),
            Check::MaximumMemorySize { .. } => Some(Governed::MemorySize),
            Check::MaximumTimeout { .. } => Some(Governed::Timeout),
            Check::Tracing => Some(Governed::TracingMode),
            Check::CustomerManagedKeys => Some(Governed::EncryptionKey),
            Check::AuthenticatedRoutes => Some(Governed::RouteAuthorization),
            Check::RequiredTags { .. } | Check::AllowedRegions { .. } => None,
        }
    }

    /// The check's name in policy files (`approved-runtimes`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Check::ApprovedRuntimes { .. } => "approved-runtimes",
            Check::MinimumLogRetention { .. } => "minimum-log-retention",
            Check::MaximumMemorySize { .. } => "maximum-memory-size",
            Check::MaximumTimeout { .. } => "maximum-timeout",
            Check::Tracing => "tracing",
            Check::CustomerManagedKeys => "customer-managed-keys",
            Check::AuthenticatedRoutes => "authenticated-routes",
            Check::RequiredTags { .. } => "required-tags",
            Check::AllowedRegions { .. } => "allowed-regions",
        }
    }

    /// The description a rule gets when its file gives none.
    fn default_description(&self) -> String {
        match self {
            Check::ApprovedRuntimes { runtimes } => {
                format!("Lambda functions use an approved runtime: {}.", backticked(runtimes))
            }
            Check::MinimumLogRetention { days } => format!("Log groups keep events at least {} days.", days.days()),
            Check::MaximumMemorySize { megabytes } => {
                format!("Lambda functions have at most {megabytes} MB of memory.")
            }
            Check::MaximumTimeout { seconds } => format!("Lambda functions time out after at most {seconds} seconds."),
            Check::Tracing => "Lambda functions trace requests with X-Ray (`Active`).".into(),
            Check::CustomerManagedKeys => "Data at rest is encrypted with a customer-managed KMS key.".into(),
            Check::AuthenticatedRoutes => "HTTP API routes authorise their callers (no `NONE` authorization).".into(),
            Check::RequiredTags { tags } => format!("Every environment sets the tags {}.", backticked(tags)),
            Check::AllowedRegions { regions } => format!("Environments deploy only to {}.", backticked(regions)),
        }
    }

    /// The fix a rule gets when its file gives none.
    fn default_fix(&self) -> String {
        match self {
            Check::ApprovedRuntimes { runtimes } => {
                format!("set the function's `runtime` to one of {}", backticked(runtimes))
            }
            Check::MinimumLogRetention { days } => format!("set the log retention to {} days or more", days.days()),
            Check::MaximumMemorySize { megabytes } => format!("set `memory_size` to {megabytes} or less"),
            Check::MaximumTimeout { seconds } => format!("set `timeout` to {seconds} or less, or split the work"),
            Check::Tracing => "set `tracing_mode = \"Active\"` (the paved-road default)".into(),
            Check::CustomerManagedKeys => "set the input to the ARN of a customer-managed KMS key".into(),
            Check::AuthenticatedRoutes => "set `authorization_type = \"AWS_IAM\"` (the paved-road default)".into(),
            Check::RequiredTags { tags } => {
                format!("add {} to the environment's `tags`", backticked(tags))
            }
            Check::AllowedRegions { regions } => format!("deploy to {}", backticked(regions)),
        }
    }
}

fn backticked<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|item| format!("`{item}`")).collect::<Vec<_>>().join(", ")
}

/// A policy file as written: `[policy]` and `[[rules]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Paved organisation policy")]
pub struct PolicyFile {
    /// What the policy is.
    pub policy: PolicyTable,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RuleTable>,
}

/// `[policy]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyTable {
    /// The policy's name, such as `acme`.
    pub name: String,
    /// What the policy is for.
    #[serde(default)]
    pub description: String,
}

/// `[[rules]]`: the fields every rule has, and `check` with the check's own fields.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RuleTable {
    /// The stable id, such as `ACME_LAMBDA_RUNTIME`.
    pub id: RuleId,
    /// How much a violation matters: `error` blocks `paved compose` and fails `paved check`.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// What the rule asks for; derived from the check when absent.
    #[serde(default)]
    pub description: Option<String>,
    /// How to fix a violation; derived from the check when absent.
    #[serde(default)]
    pub fix: Option<String>,
    /// The environments the rule applies in; all when absent.
    #[serde(default)]
    pub environments: Vec<EnvironmentName>,
    /// Whether stacks may waive the rule for one instance (with a justification and an expiry).
    #[serde(default = "default_waivable")]
    pub waivable: bool,
    /// What the rule checks, with its parameters.
    #[serde(flatten)]
    pub check: Check,
}

fn default_severity() -> Severity {
    Severity::Error
}
fn default_waivable() -> bool {
    true
}

const COMMON_KEYS: [&str; 7] = ["id", "severity", "description", "fix", "environments", "waivable", "check"];

/// A policy file that cannot be used: every problem, each with its location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PolicyError {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl Policy {
    /// Reads the policy file at `path`.
    pub fn read(path: &Path) -> Result<Self, PolicyError> {
        let text = std::fs::read_to_string(path).map_err(|error| PolicyError {
            diagnostics: vec![Diagnostic {
                location: None,
                message: format!("cannot read the policy file `{}`: {error}", path.display()),
                help: None,
            }],
        })?;
        Self::parse(&text, path)
    }

    /// Parses policy file text; `path` names the file in locations.
    pub fn parse(text: &str, path: &Path) -> Result<Self, PolicyError> {
        let fail = |diagnostic| PolicyError { diagnostics: vec![diagnostic] };
        let document = Document::parse(text, path, &[]).map_err(fail)?;
        let mut value = document.value().clone();
        // Rules are read one by one so an unknown key is named with its rule and location.
        let rules_value = value.as_object_mut().and_then(|table| table.remove("rules"));
        let head: PolicyFile = document.deserialize(value, &[]).map_err(fail)?;
        let mut diagnostics = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let rule_values = match rules_value {
            None => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(fail(Diagnostic {
                    location: document.locate(&["rules"]),
                    message: "`rules` must be an array of tables".into(),
                    help: Some("write each rule as a `[[rules]]` table".into()),
                }));
            }
        };
        for (index, item) in rule_values.into_iter().enumerate() {
            let position = index.to_string();
            let prefix = vec!["rules".to_owned(), position.clone()];
            let table: RuleTable = match document.deserialize(item.clone(), &prefix) {
                Ok(table) => table,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            // Keys the rule's check does not take (serde's `flatten` cannot refuse them itself).
            let known = serde_json::to_value(&table.check).unwrap_or(Value::Null);
            for key in item.as_object().into_iter().flat_map(|entries| entries.keys()) {
                if COMMON_KEYS.contains(&key.as_str()) || known.get(key).is_some() {
                    continue;
                }
                let candidates = COMMON_KEYS
                    .iter()
                    .copied()
                    .chain(known.as_object().into_iter().flat_map(|entries| entries.keys().map(String::as_str)));
                let help = match closest(key, candidates) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the `{}` check takes no `{key}`", table.check.name()),
                };
                diagnostics.push(Diagnostic {
                    location: document.locate(&["rules", &position, key]),
                    message: format!("rule `{}`: unknown key `{key}`", table.id),
                    help: Some(help),
                });
            }
            if let Some(first) = rules.iter().find(|rule| rule.id == table.id) {
                diagnostics.push(Diagnostic {
                    location: document.locate(&["rules", &position, "id"]),
                    message: format!("the rule id `{}` is used twice", first.id),
                    help: Some("ids are stable names that waivers and reports use; give each rule its own".into()),
                });
            }
            if let Check::ApprovedRuntimes { runtimes } = &table.check
                && runtimes.is_empty()
            {
                diagnostics.push(Diagnostic {
                    location: document.locate(&["rules", &position, "runtimes"]),
                    message: format!("rule `{}`: `runtimes` is empty, so no function could pass", table.id),
                    help: Some("list the approved runtimes, such as `[\"python3.12\"]`".into()),
                });
            }
            rules.push(Rule {
                description: table.description.unwrap_or_else(|| table.check.default_description()),
                fix: table.fix.unwrap_or_else(|| table.check.default_fix()),
                id: table.id,
                severity: table.severity,
                environments: table.environments,
                waivable: table.waivable,
                check: table.check,
            });
        }
        if !diagnostics.is_empty() {
            return Err(PolicyError { diagnostics });
        }
        Ok(Self { name: head.policy.name, description: head.policy.description, rules, document: Some(document) })
    }

    /// Looks up a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id.as_str() == id)
    }

    /// Where the file declared rule `id`.
    pub fn locate_rule(&self, id: &str) -> Option<Location> {
        let index = self.rules.iter().position(|rule| rule.id.as_str() == id)?;
        self.document.as_ref()?.locate(&["rules", &index.to_string(), "id"])
    }
}

/// The JSON Schema of policy files, for editors.
pub fn policy_file_schema() -> Value {
    schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<PolicyFile>().to_value()
}
