//! Judging a composed stack against a policy: the findings, waived or not, and the waivers'
//! own problems.

use crate::policy::{Check, Policy, Rule};
use jiff::civil::Date;
use paved_blueprint::{Absent, Field, Governed, InputPath, Severity, Shape, display_value, walk};
use paved_stack::{ComposedInstance, Composition, Location};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Rules Paved itself applies to waivers, whatever the policy.
pub mod waiver_rules {
    /// A waiver without a justification.
    pub const UNJUSTIFIED: &str = "PAVED_WAIVER_UNJUSTIFIED";
    /// A waiver without a valid expiry date.
    pub const NO_EXPIRY: &str = "PAVED_WAIVER_NO_EXPIRY";
    /// A waiver past its expiry date.
    pub const EXPIRED: &str = "PAVED_WAIVER_EXPIRED";
    /// A waiver of a rule the policy does not have.
    pub const UNKNOWN_RULE: &str = "PAVED_WAIVER_UNKNOWN_RULE";
    /// A waiver of a rule the policy marks as not waivable.
    pub const NOT_WAIVABLE: &str = "PAVED_WAIVER_NOT_WAIVABLE";
    /// A waiver that covers no violation (warning: remove it).
    pub const UNUSED: &str = "PAVED_WAIVER_UNUSED";

    /// Every waiver rule, with its severity, description and fix.
    pub const ALL: [(&str, paved_blueprint::Severity, &str, &str); 6] = [
        (
            UNJUSTIFIED,
            paved_blueprint::Severity::Error,
            "A waiver states why the exception is acceptable.",
            "write the reason in the waiver's `justification`",
        ),
        (
            NO_EXPIRY,
            paved_blueprint::Severity::Error,
            "A waiver has an expiry date (`YYYY-MM-DD`).",
            "set the waiver's `expires` to the last day it holds, such as `2027-03-31`",
        ),
        (
            EXPIRED,
            paved_blueprint::Severity::Error,
            "A waiver is used only until its expiry date.",
            "fix the violation, or renew the waiver with a new justification and date",
        ),
        (
            UNKNOWN_RULE,
            paved_blueprint::Severity::Error,
            "A waiver names a rule of the policy.",
            "use the id of one of the policy's rules",
        ),
        (
            NOT_WAIVABLE,
            paved_blueprint::Severity::Error,
            "A waiver names a rule the policy lets stacks waive.",
            "fix the violation; the policy does not allow exceptions to this rule",
        ),
        (UNUSED, paved_blueprint::Severity::Warning, "A waiver covers at least one violation.", "remove the waiver"),
    ];
}

/// One violation of a rule (or one problem with a waiver).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The instance, for instance checks and waivers of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The environments the violation is in (every environment the rule applies in, when the
    /// value is the same in all of them).
    pub environments: Vec<String>,
    /// The input (`function.memory_size`) or stack setting (`region`, `tags.CostCenter`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The offending value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Where the stack file wrote it.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_location")]
    pub location: Option<Location>,
    /// The waiver that covers it, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<AppliedWaiver>,
}

/// The waiver covering a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedWaiver {
    /// Why the exception is acceptable.
    pub justification: String,
    /// The last day it holds.
    pub expires: String,
}

/// What became of one of the stack's waivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverStatus {
    /// The waived rule.
    pub rule: String,
    /// The instance.
    pub instance: String,
    /// The justification, as written.
    pub justification: String,
    /// The expiry date, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// `active`, `unused` or `invalid`.
    pub status: &'static str,
    /// How many findings it covers.
    pub covers: usize,
}

/// The result of checking one stack against one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The policy's name.
    pub policy: String,
    /// The stack's name.
    pub stack: String,
    /// The stack file, when the stack came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The day waivers were judged on.
    pub as_of: String,
    /// How many rules were checked.
    pub rules_checked: usize,
    /// Every finding, waived ones included, in rule order.
    pub findings: Vec<Finding>,
    /// The stack's waivers.
    pub waivers: Vec<WaiverStatus>,
}

impl Report {
    /// The findings that block: error severity and not waived.
    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|finding| finding.severity == Severity::Error && finding.waived.is_none())
    }

    /// Whether nothing blocks.
    pub fn passed(&self) -> bool {
        self.blocking().next().is_none()
    }
}

fn serialize_location<S: serde::Serializer>(location: &Option<Location>, serializer: S) -> Result<S::Ok, S::Error> {
    match location {
        Some(location) => serializer.serialize_str(&location.to_string()),
        None => serializer.serialize_none(),
    }
}

/// Checks `composition` against `policy`, judging waivers as of `today`.
pub fn check(policy: &Policy, composition: &Composition<'_>, today: Date) -> Report {
    let mut findings = Vec::new();
    for rule in &policy.rules {
        match &rule.check {
            Check::RequiredTags { tags } => check_tags(rule, tags, composition, &mut findings),
            Check::AllowedRegions { regions } => {
                for (name, environment) in composition.environments() {
                    if rule.applies_in(name) && !regions.contains(&environment.region) {
                        findings.push(Finding {
                            rule: rule.id.to_string(),
                            severity: rule.severity,
                            instance: None,
                            environments: vec![name.clone()],
                            field: Some("region".into()),
                            value: Some(Value::from(environment.region.as_str())),
                            message: format!(
                                "environment `{name}` deploys to `{}`, which the policy does not allow",
                                environment.region
                            ),
                            fix: rule.fix.clone(),
                            location: composition.locate(&["environments", name, "region"]),
                            waived: None,
                        });
                    }
                }
            }
            check => {
                let Some(governed) = check.governed() else { continue };
                // Whether a blueprint governs the setting depends on the blueprint only.
                let mut governs: HashMap<&str, bool> = HashMap::new();
                for instance in composition.instances() {
                    let definition = instance.definition();
                    let governs = *governs
                        .entry(definition.name.as_str())
                        .or_insert_with(|| !governed_chains(&definition.inputs, Some(&governed)).is_empty());
                    if governs {
                        check_instance(rule, &governed, instance, composition, &mut findings);
                    }
                }
            }
        }
    }
    let waivers = apply_waivers(policy, composition, today, &mut findings);
    Report {
        policy: policy.name.clone(),
        stack: composition.settings().name.to_string(),
        file: composition.file().map(|file| file.display().to_string()),
        as_of: today.to_string(),
        rules_checked: policy.rules.len(),
        findings,
        waivers,
    }
}

fn check_tags(
    rule: &Rule,
    tags: &[paved_blueprint::TagKey],
    composition: &Composition<'_>,
    findings: &mut Vec<Finding>,
) {
    for (name, environment) in composition.environments() {
        if !rule.applies_in(name) {
            continue;
        }
        for tag in tags {
            let value = environment.tags.get(tag);
            if value.is_some_and(|value| !value.trim().is_empty()) {
                continue;
            }
            let message = match value {
                None => format!("environment `{name}` does not set the tag `{tag}`"),
                Some(_) => format!("environment `{name}` sets the tag `{tag}` to an empty value"),
            };
            findings.push(Finding {
                rule: rule.id.to_string(),
                severity: rule.severity,
                instance: None,
                environments: vec![name.clone()],
                field: Some(format!("tags.{tag}")),
                value: value.map(|value| Value::from(value.as_str())),
                message,
                fix: rule.fix.clone(),
                location: composition.locate(&["environments", name, "tags"]),
                waived: None,
            });
        }
    }
}

/// Every governed input of `instance` for `governed`, in every environment the rule applies in,
/// judged; equal violations across environments are one finding.
fn check_instance(
    rule: &Rule,
    governed: &Governed,
    instance: &ComposedInstance<'_>,
    composition: &Composition<'_>,
    findings: &mut Vec<Finding>,
) {
    let first = findings.len();
    for environment in composition.environments().keys() {
        if !rule.applies_in(environment) {
            continue;
        }
        let Some(inputs) = instance.inputs(environment) else { continue };
        let definition = instance.definition();
        for (path, value) in governed_values(&definition.inputs, governed, inputs) {
            let Some(problem) = judge(&rule.check, &value) else { continue };
            let field = path.to_string();
            let segments = path.plain_segments();
            if let Some(existing) = findings[first..].iter_mut().find(|finding| {
                finding.field.as_deref() == Some(field.as_str()) && finding.value.as_ref() == Some(&value)
            }) {
                existing.environments.push(environment.clone());
                continue;
            }
            findings.push(Finding {
                rule: rule.id.to_string(),
                severity: rule.severity,
                instance: Some(instance.name().to_owned()),
                environments: vec![environment.clone()],
                message: format!(
                    "instance `{}`: input `{field}` = `{}` {problem}",
                    instance.name(),
                    display_value(&value)
                ),
                location: composition.locate_input(instance, environment, &segments),
                field: Some(field),
                value: Some(value),
                fix: rule.fix.clone(),
                waived: None,
            });
        }
    }
}

/// The inputs marked `governed` (any governed setting when `None`) under `fields`, each as its
/// chain of fields from the top, in the order of the fields, at every depth: through objects, list
/// items and map values (a chain holds the attributes only). They depend on the blueprint only;
/// policy files are checked against them.
pub(crate) fn governed_chains<'f>(fields: &'f [Field], governed: Option<&Governed>) -> Vec<Vec<&'f Field>> {
    fn collect<'f>(
        fields: &'f [Field],
        governed: Option<&Governed>,
        prefix: &mut Vec<&'f Field>,
        out: &mut Vec<Vec<&'f Field>>,
    ) {
        for field in fields {
            prefix.push(field);
            let marked = match governed {
                Some(governed) => field.governs.as_ref() == Some(governed),
                None => field.governs.is_some(),
            };
            if marked {
                out.push(prefix.clone());
            }
            if let Some(inner) = field.node.attributes() {
                collect(inner, governed, prefix, out);
            }
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    collect(fields, governed, &mut Vec::new(), &mut out);
    out
}

/// Every value of an input marked `governed` in `inputs` (an instance's inputs as written,
/// without defaults), at any depth (inside list items and map values too), each with its path and
/// every default filled in, as [`paved_blueprint::with_defaults`] fills them, without copying the
/// instance's inputs. Nothing is read under a `null`.
fn governed_values(fields: &[Field], governed: &Governed, inputs: &Value) -> Vec<(InputPath, Value)> {
    let mut out = Vec::new();
    walk(fields, inputs, Absent::Default, &mut |visit| {
        if visit.field.is_some_and(|field| field.governs.as_ref() == Some(governed)) {
            let filled = match &visit.node.shape {
                Shape::Object(inner) => paved_blueprint::with_defaults(inner, visit.value.clone()),
                _ => visit.value.clone(),
            };
            out.push((visit.path.clone(), filled));
        }
        true
    });
    out
}

/// Why `value` breaks `check`, completing "input `x` = `v` …"; `None` when it complies.
fn judge(check: &Check, value: &Value) -> Option<String> {
    match check {
        Check::ApprovedRuntimes { runtimes } => {
            let runtime = value.as_str()?;
            (!runtimes.iter().any(|approved| approved == runtime)).then(|| {
                format!(
                    "is not an approved runtime (approved: {})",
                    runtimes.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
                )
            })
        }
        Check::MinimumLogRetention { days } => {
            let kept = value.as_u64()?;
            (kept < u64::from(days.days())).then(|| format!("keeps logs fewer than the required {} days", days.days()))
        }
        Check::MaximumMemorySize { megabytes } => {
            let size = value.as_u64()?;
            (size > u64::from(*megabytes)).then(|| format!("exceeds the ceiling of {megabytes} MB"))
        }
        Check::MaximumTimeout { seconds } => {
            let timeout = value.as_u64()?;
            (timeout > u64::from(*seconds)).then(|| format!("exceeds the ceiling of {seconds} seconds"))
        }
        Check::Tracing => (value.as_str() != Some("Active")).then(|| "does not trace with X-Ray (`Active`)".to_owned()),
        Check::CustomerManagedKeys => {
            value.is_null().then(|| "leaves data encrypted with AWS-owned keys, not a customer-managed key".to_owned())
        }
        Check::AuthenticatedRoutes => {
            (value.as_str() == Some("NONE")).then(|| "makes the API's routes public".to_owned())
        }
        Check::RequiredTags { .. } | Check::AllowedRegions { .. } => None,
        Check::Minimum { value: minimum, .. } => {
            let number = value.as_f64()?;
            (number < minimum.as_f64()?).then(|| format!("is below the minimum of {minimum}"))
        }
        Check::Maximum { value: maximum, .. } => {
            let number = value.as_f64()?;
            (number > maximum.as_f64()?).then(|| format!("exceeds the maximum of {maximum}"))
        }
        Check::AllowedValues { values, .. } => {
            // Null is "not set", which `must-be-set` judges.
            (!value.is_null() && !values.iter().any(|allowed| allowed.matches(value))).then(|| {
                format!(
                    "is not one of the allowed values ({})",
                    values.iter().map(|allowed| format!("`{allowed}`")).collect::<Vec<_>>().join(", ")
                )
            })
        }
        Check::RequiredTrue { .. } => (value != &Value::Bool(true)).then(|| "is not `true`".to_owned()),
        Check::MustBeSet { .. } => value.is_null().then(|| "is not set".to_owned()),
    }
}

/// Marks the findings valid waivers cover, and reports the waivers' own problems.
fn apply_waivers(
    policy: &Policy,
    composition: &Composition<'_>,
    today: Date,
    findings: &mut Vec<Finding>,
) -> Vec<WaiverStatus> {
    let mut statuses = Vec::new();
    let mut problems = Vec::new();
    for (index, waiver) in composition.waivers().iter().enumerate() {
        let position = index.to_string();
        let mut problem = |rule: &str, field: &str, value: Option<Value>, message: String| {
            let (_, severity, _, fix) =
                waiver_rules::ALL.iter().find(|(id, ..)| *id == rule).copied().unwrap_or(waiver_rules::ALL[0]);
            problems.push(Finding {
                rule: rule.to_owned(),
                severity,
                instance: Some(waiver.instance.clone()),
                environments: Vec::new(),
                field: Some(format!("waivers[{index}].{field}")),
                value,
                message,
                fix: fix.to_owned(),
                location: composition.locate(&["waivers", &position, field]),
                waived: None,
            });
        };
        let what = format!("the waiver of `{}` for `{}`", waiver.rule, waiver.instance);
        let mut valid = true;
        match policy.rule(&waiver.rule) {
            None => {
                valid = false;
                let help = paved_blueprint::closest(&waiver.rule, policy.rules.iter().map(|rule| rule.id.as_str()))
                    .map(|close| format!(" (did you mean `{close}`?)"))
                    .unwrap_or_default();
                problem(
                    waiver_rules::UNKNOWN_RULE,
                    "rule",
                    Some(Value::from(waiver.rule.as_str())),
                    format!("{what} names a rule the policy `{}` does not have{help}", policy.name),
                );
            }
            Some(rule) if !rule.waivable => {
                valid = false;
                problem(
                    waiver_rules::NOT_WAIVABLE,
                    "rule",
                    Some(Value::from(waiver.rule.as_str())),
                    format!("{what}: the policy does not allow waiving `{}`", rule.id),
                );
            }
            Some(_) => {}
        }
        if waiver.justification.trim().is_empty() {
            valid = false;
            problem(waiver_rules::UNJUSTIFIED, "justification", None, format!("{what} has no justification"));
        }
        match waiver.expires.as_deref().map(|text| (text, text.parse::<Date>())) {
            None => {
                valid = false;
                problem(waiver_rules::NO_EXPIRY, "expires", None, format!("{what} has no expiry date"));
            }
            Some((text, Err(_))) => {
                valid = false;
                problem(
                    waiver_rules::NO_EXPIRY,
                    "expires",
                    Some(Value::from(text)),
                    format!("{what} expires on `{text}`, which is not a `YYYY-MM-DD` date"),
                );
            }
            Some((text, Ok(expires))) if expires < today => {
                valid = false;
                problem(waiver_rules::EXPIRED, "expires", Some(Value::from(text)), format!("{what} expired on {text}"));
            }
            Some(_) => {}
        }
        let mut covers = 0;
        if valid {
            for finding in findings.iter_mut() {
                if finding.rule == waiver.rule
                    && finding.instance.as_deref() == Some(waiver.instance.as_str())
                    && finding.waived.is_none()
                {
                    finding.waived = Some(AppliedWaiver {
                        justification: waiver.justification.clone(),
                        expires: waiver.expires.clone().unwrap_or_default(),
                    });
                    covers += 1;
                }
            }
            if covers == 0 {
                problem(
                    waiver_rules::UNUSED,
                    "rule",
                    Some(Value::from(waiver.rule.as_str())),
                    format!("{what} covers no violation"),
                );
            }
        }
        statuses.push(WaiverStatus {
            rule: waiver.rule.clone(),
            instance: waiver.instance.clone(),
            justification: waiver.justification.clone(),
            expires: waiver.expires.clone(),
            status: match (valid, covers) {
                (false, _) => "invalid",
                (true, 0) => "unused",
                (true, _) => "active",
            },
            covers,
        });
    }
    findings.extend(problems);
    statuses
}

/// Whether `id` names one of Paved's own waiver rules.
pub fn is_waiver_rule(id: &str) -> bool {
    waiver_rules::ALL.iter().any(|(rule, ..)| *rule == id)
}
