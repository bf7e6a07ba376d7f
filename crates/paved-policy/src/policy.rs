//! Policy files: the organisation's rules, each with a stable id, a severity, a description and
//! a fix, read with the location of every value.

use paved_blueprint::{
    AwsRegion, Definition, EnvironmentName, Field, Governed, LogRetentionDays, RuleId, Severity, Shape, TagKey, closest,
};
use paved_catalog::Catalog;
use paved_stack::{Diagnostic, Document, Location};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};
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
    /// Every input governing `setting` is at least `value` (when it holds a number).
    Minimum {
        /// The governed setting, as blueprints mark their inputs (`x-paved-governs`).
        setting: Governed,
        /// The smallest allowed value.
        value: Number,
    },
    /// Every input governing `setting` is at most `value` (when it holds a number).
    Maximum {
        /// The governed setting, as blueprints mark their inputs (`x-paved-governs`).
        setting: Governed,
        /// The largest allowed value.
        value: Number,
    },
    /// Every input governing `setting` holds one of `values` (when it holds a value).
    AllowedValues {
        /// The governed setting, as blueprints mark their inputs (`x-paved-governs`).
        setting: Governed,
        /// The allowed values: strings or numbers.
        #[schemars(length(min = 1))]
        values: Vec<AllowedValue>,
    },
    /// Every input governing `setting` is `true`.
    RequiredTrue {
        /// The governed setting, as blueprints mark their inputs (`x-paved-governs`).
        setting: Governed,
    },
    /// Every input governing `setting` is set (not null).
    MustBeSet {
        /// The governed setting, as blueprints mark their inputs (`x-paved-governs`).
        setting: Governed,
    },
}

/// One of the values an `allowed-values` check allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AllowedValue {
    /// A string, compared exactly.
    Text(String),
    /// A number, compared by value (`30` equals `30.0`).
    Number(Number),
}

impl AllowedValue {
    /// Whether `value` is this one.
    pub fn matches(&self, value: &Value) -> bool {
        match (self, value) {
            (AllowedValue::Text(text), Value::String(candidate)) => text == candidate,
            (AllowedValue::Number(number), Value::Number(candidate)) => number.as_f64() == candidate.as_f64(),
            _ => false,
        }
    }
}

impl std::fmt::Display for AllowedValue {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AllowedValue::Text(text) => formatter.write_str(text),
            AllowedValue::Number(number) => write!(formatter, "{number}"),
        }
    }
}

impl Check {
    /// The governed setting an instance check judges; `None` for stack checks.
    pub fn governed(&self) -> Option<Governed> {
        match self {
            Check::ApprovedRuntimes { .. } => Some(Governed::RUNTIME),
            Check::MinimumLogRetention { .. } => Some(Governed::LOG_RETENTION),
            Check::MaximumMemorySize { .. } => Some(Governed::MEMORY_SIZE),
            Check::MaximumTimeout { .. } => Some(Governed::TIMEOUT),
            Check::Tracing => Some(Governed::TRACING_MODE),
            Check::CustomerManagedKeys => Some(Governed::ENCRYPTION_KEY),
            Check::AuthenticatedRoutes => Some(Governed::ROUTE_AUTHORIZATION),
            Check::RequiredTags { .. } | Check::AllowedRegions { .. } => None,
            Check::Minimum { setting, .. }
            | Check::Maximum { setting, .. }
            | Check::AllowedValues { setting, .. }
            | Check::RequiredTrue { setting }
            | Check::MustBeSet { setting } => Some(setting.clone()),
        }
    }

    /// The setting a generic check names (`setting = "…"` in the policy file); `None` for the
    /// named checks, whose setting is fixed.
    pub fn generic_setting(&self) -> Option<&Governed> {
        match self {
            Check::Minimum { setting, .. }
            | Check::Maximum { setting, .. }
            | Check::AllowedValues { setting, .. }
            | Check::RequiredTrue { setting }
            | Check::MustBeSet { setting } => Some(setting),
            _ => None,
        }
    }

    /// The input shapes a generic check can judge, named for errors; `None` when it judges any.
    fn judged_shapes(&self) -> Option<(&'static [ShapeName], &'static str)> {
        match self {
            Check::Minimum { .. } | Check::Maximum { .. } => {
                Some((&[ShapeName::Integer, ShapeName::Number], "compares numbers"))
            }
            Check::AllowedValues { .. } => {
                Some((&[ShapeName::String, ShapeName::Integer, ShapeName::Number], "compares strings or numbers"))
            }
            Check::RequiredTrue { .. } => Some((&[ShapeName::Bool], "judges `true` or `false`")),
            _ => None,
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
            Check::Minimum { .. } => "minimum",
            Check::Maximum { .. } => "maximum",
            Check::AllowedValues { .. } => "allowed-values",
            Check::RequiredTrue { .. } => "required-true",
            Check::MustBeSet { .. } => "must-be-set",
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
            Check::Minimum { setting, value } => format!("Every `{setting}` is at least {value}."),
            Check::Maximum { setting, value } => format!("Every `{setting}` is at most {value}."),
            Check::AllowedValues { setting, values } => format!("Every `{setting}` is one of {}.", backticked(values)),
            Check::RequiredTrue { setting } => format!("Every `{setting}` is `true`."),
            Check::MustBeSet { setting } => format!("Every `{setting}` is set."),
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
            Check::Minimum { setting, value } => format!("set the input governing `{setting}` to {value} or more"),
            Check::Maximum { setting, value } => format!("set the input governing `{setting}` to {value} or less"),
            Check::AllowedValues { setting, values } => {
                format!("set the input governing `{setting}` to one of {}", backticked(values))
            }
            Check::RequiredTrue { setting } => format!("set the input governing `{setting}` to `true`"),
            Check::MustBeSet { setting } => format!("set the input governing `{setting}`"),
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
            if let Check::AllowedValues { values, .. } = &table.check
                && values.is_empty()
            {
                diagnostics.push(Diagnostic {
                    location: document.locate(&["rules", &position, "values"]),
                    message: format!("rule `{}`: `values` is empty, so no input could pass", table.id),
                    help: Some("list the allowed values, such as `[\"STANDARD\", \"STANDARD_IA\"]`".into()),
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

    /// Reads the policy file at `path` and checks its generic rules against `catalog`
    /// ([`Policy::check_settings`]).
    pub fn read_for_catalog(path: &Path, catalog: &Catalog) -> Result<Self, PolicyError> {
        let policy = Self::read(path)?;
        policy.check_settings(catalog.iter())?;
        Ok(policy)
    }

    /// Checks the settings the generic rules name against the blueprints of a catalog
    /// (`catalog.iter()`): each must be governed by an input of one of them (at any depth the checks reach), and of a type the check
    /// can judge (`minimum` and `maximum` compare numbers, `required-true` judges booleans,
    /// `allowed-values` strings or numbers). A misspelt setting would otherwise judge nothing,
    /// and a rule that can never fail is not a rule.
    ///
    /// Paved's named checks (`approved-runtimes`, …) are not checked: they govern Paved's own
    /// settings, which a catalog without Paved's blueprints lacks on purpose.
    pub fn check_settings<'c>(&self, blueprints: impl IntoIterator<Item = &'c Definition>) -> Result<(), PolicyError> {
        let governed = governed_inputs(blueprints);
        let mut diagnostics = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let Some(setting) = rule.check.generic_setting() else { continue };
            let position = index.to_string();
            let locate =
                |key: &str| self.document.as_ref().and_then(|document| document.locate(&["rules", &position, key]));
            let inputs: Vec<&GovernedInput<'_>> =
                governed.iter().filter(|input| input.field.governs.as_ref() == Some(setting)).collect();
            if inputs.is_empty() {
                let mut names: Vec<&str> =
                    governed.iter().filter_map(|input| input.field.governs.as_ref()).map(Governed::as_str).collect();
                names.sort_unstable();
                names.dedup();
                let help = match closest(setting.as_str(), names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None if names.is_empty() => {
                        "no blueprint of the catalog marks an input with `x-paved-governs`".into()
                    }
                    None => format!("the catalog's blueprints govern {}", backticked(&names)),
                };
                diagnostics.push(Diagnostic {
                    location: locate("setting"),
                    message: format!(
                        "rule `{}`: no blueprint of the catalog governs the setting `{setting}`, so the rule would judge nothing",
                        rule.id
                    ),
                    help: Some(help),
                });
                continue;
            }
            let Some((shapes, what)) = rule.check.judged_shapes() else { continue };
            for input in inputs {
                let shape = ShapeName::of(&input.field.node.shape);
                if !shapes.contains(&shape) {
                    diagnostics.push(Diagnostic {
                        location: locate("check"),
                        message: format!(
                            "rule `{}`: `{}` {what}, but the input `{}` of `{}` governing `{setting}` is {}",
                            rule.id,
                            rule.check.name(),
                            input.path,
                            input.blueprint,
                            shape.described()
                        ),
                        help: Some("use a check that judges that type (`allowed-values`, `must-be-set`, …), or govern another setting".into()),
                    });
                }
            }
        }
        if diagnostics.is_empty() { Ok(()) } else { Err(PolicyError { diagnostics }) }
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

/// An input a blueprint of the catalog marks as a governed setting.
struct GovernedInput<'c> {
    blueprint: &'c str,
    path: String,
    field: &'c Field,
}

/// Every governed input of every blueprint, at every depth the checks reach.
fn governed_inputs<'c>(blueprints: impl IntoIterator<Item = &'c Definition>) -> Vec<GovernedInput<'c>> {
    let mut out = Vec::new();
    for definition in blueprints {
        for chain in crate::check::governed_chains(&definition.inputs, None) {
            let Some(field) = chain.last() else { continue };
            let path = chain.iter().map(|field| field.name.as_str()).collect::<Vec<_>>().join(".");
            out.push(GovernedInput { blueprint: definition.name.as_str(), path, field });
        }
    }
    out
}

/// The shape of an input, as errors about the types checks judge name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShapeName {
    String,
    Integer,
    Number,
    Bool,
    Collection,
}

impl ShapeName {
    fn of(shape: &Shape) -> Self {
        match shape {
            Shape::String => Self::String,
            Shape::Integer => Self::Integer,
            Shape::Number => Self::Number,
            Shape::Bool => Self::Bool,
            Shape::List(_) | Shape::Map(_) | Shape::Object(_) => Self::Collection,
        }
    }

    fn described(self) -> &'static str {
        match self {
            Self::String => "a string",
            Self::Integer => "a whole number",
            Self::Number => "a number",
            Self::Bool => "a boolean",
            Self::Collection => "a list, map or object",
        }
    }
}

/// The JSON Schema of policy files, for editors.
pub fn policy_file_schema() -> Value {
    schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<PolicyFile>().to_value()
}
