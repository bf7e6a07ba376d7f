//! Exporting a policy as Checkov custom checks (YAML), so pipelines that run Checkov on the
//! generated Terraform enforce the rules Paved enforces at compose time.
//!
//! Layout: `all/<ID>.yaml` holds the rules that apply in every environment, `<environment>/<ID>.yaml`
//! the rules scoped to that environment. A pipeline runs Checkov once per environment with that
//! environment's tfvars and both directories:
//! `checkov -d . --var-file environments/production.tfvars --external-checks-dir <out>/all --external-checks-dir <out>/production`.

use crate::policy::{Check, Policy, Rule};
use paved_module::ModuleFiles;
use serde_json::Value;
use std::fmt::Write;

/// How one rule maps to Checkov.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckovMapping {
    /// A custom check: the resource types, the attribute, Checkov's operator and the value.
    Exported {
        /// Resource types the check applies to.
        resource_types: &'static [&'static str],
        /// The attribute (dotted for nested blocks).
        attribute: &'static str,
        /// Checkov's operator (`within`, `equals`, `less_than_or_equal`, …).
        operator: &'static str,
        /// The value, as JSON (also valid YAML).
        value: String,
    },
    /// Checkov's custom policy language cannot express the rule faithfully.
    NotExpressible {
        /// Why.
        reason: &'static str,
    },
}

/// How `check` maps to a Checkov custom check.
pub fn checkov_mapping(check: &Check) -> CheckovMapping {
    let exported = |resource_types, attribute, operator, value: Value| CheckovMapping::Exported {
        resource_types,
        attribute,
        operator,
        value: value.to_string(),
    };
    match check {
        Check::ApprovedRuntimes { runtimes } => {
            exported(&["aws_lambda_function"], "runtime", "within", Value::from(runtimes.clone()))
        }
        Check::MinimumLogRetention { days } => exported(
            &["aws_cloudwatch_log_group"],
            "retention_in_days",
            "greater_than_or_equal",
            Value::from(days.days()),
        ),
        Check::MaximumMemorySize { megabytes } => {
            exported(&["aws_lambda_function"], "memory_size", "less_than_or_equal", Value::from(*megabytes))
        }
        Check::MaximumTimeout { seconds } => {
            exported(&["aws_lambda_function"], "timeout", "less_than_or_equal", Value::from(*seconds))
        }
        Check::Tracing => exported(&["aws_lambda_function"], "tracing_config.mode", "equals", Value::from("Active")),
        Check::AuthenticatedRoutes => {
            exported(&["aws_apigatewayv2_route"], "authorization_type", "not_equals", Value::from("NONE"))
        }
        Check::CustomerManagedKeys => CheckovMapping::NotExpressible {
            reason: "Paved's modules set key attributes from variables whose default is null; Checkov reports an attribute set to a null variable as unknown (neither passed nor failed) for every value operator, and `exists` passes it, so a missing key would go unseen",
        },
        Check::RequiredTags { .. } => CheckovMapping::NotExpressible {
            reason: "the tags are the provider's `default_tags`, set from each environment's tfvars; Checkov's attribute checks judge resource blocks, whose own `tags` do not include the provider's defaults",
        },
        Check::AllowedRegions { .. } => CheckovMapping::NotExpressible {
            reason: "the region is the provider's, set from each environment's tfvars; Checkov's attribute checks judge resource blocks, not provider configuration",
        },
        Check::Minimum { .. }
        | Check::Maximum { .. }
        | Check::AllowedValues { .. }
        | Check::RequiredTrue { .. }
        | Check::MustBeSet { .. } => CheckovMapping::NotExpressible {
            reason: "a generic check judges the blueprint inputs marked with its setting, which map to no fixed resource attribute that a Checkov check could name",
        },
    }
}

/// The Checkov custom checks of `policy`, with a README listing what was and was not exported.
pub fn export_checkov(policy: &Policy) -> ModuleFiles {
    let mut files = ModuleFiles::default();
    let mut exported = Vec::new();
    let mut skipped = Vec::new();
    for rule in &policy.rules {
        match checkov_mapping(&rule.check) {
            CheckovMapping::Exported { resource_types, attribute, operator, value } => {
                let yaml = check_yaml(rule, resource_types, attribute, operator, &value);
                if rule.environments.is_empty() {
                    files.insert(&format!("all/{}.yaml", rule.id), yaml);
                    exported.push((rule, "all".to_owned()));
                } else {
                    for environment in &rule.environments {
                        files.insert(&format!("{environment}/{}.yaml", rule.id), yaml.clone());
                    }
                    let names: Vec<String> = rule.environments.iter().map(ToString::to_string).collect();
                    exported.push((rule, names.join(", ")));
                }
            }
            CheckovMapping::NotExpressible { reason } => skipped.push((rule, reason)),
        }
    }
    files.insert("README.md", readme(policy, &exported, &skipped));
    files
}

fn check_yaml(rule: &Rule, resource_types: &[&str], attribute: &str, operator: &str, value: &str) -> String {
    let quote = |text: &str| Value::from(text).to_string();
    let mut yaml = String::new();
    let _ = writeln!(
        yaml,
        "# Exported by Paved from the policy rule `{}`. Do not edit; change the policy instead.",
        rule.id
    );
    yaml.push_str("metadata:\n");
    let _ = writeln!(yaml, "  id: {}", quote(rule.id.as_str()));
    let _ = writeln!(yaml, "  name: {}", quote(&rule.description));
    let _ = writeln!(yaml, "  guideline: {}", quote(&rule.fix));
    let _ = writeln!(yaml, "  category: {}", quote(category(&rule.check)));
    let _ = writeln!(yaml, "  severity: {}", quote(severity(rule.severity)));
    yaml.push_str("definition:\n  cond_type: \"attribute\"\n  resource_types:\n");
    for resource_type in resource_types {
        let _ = writeln!(yaml, "    - {}", quote(resource_type));
    }
    let _ = writeln!(yaml, "  attribute: {}", quote(attribute));
    let _ = writeln!(yaml, "  operator: {}", quote(operator));
    let _ = writeln!(yaml, "  value: {value}");
    yaml
}

fn category(check: &Check) -> &'static str {
    match check {
        Check::MinimumLogRetention { .. } | Check::Tracing => "LOGGING",
        Check::AuthenticatedRoutes => "IAM",
        Check::CustomerManagedKeys => "ENCRYPTION",
        _ => "GENERAL_SECURITY",
    }
}

fn severity(severity: paved_blueprint::Severity) -> &'static str {
    match severity {
        paved_blueprint::Severity::Error => "HIGH",
        paved_blueprint::Severity::Warning => "MEDIUM",
        _ => "LOW",
    }
}

fn readme(policy: &Policy, exported: &[(&Rule, String)], skipped: &[(&Rule, &str)]) -> String {
    let mut text = format!(
        "# Checkov checks of the policy `{}`\n\nExported by `paved policy export`. Do not edit; change the policy and export again.\n\n",
        policy.name
    );
    text.push_str("Run Checkov once per environment, on the composed configuration with that environment's tfvars,\nwith `all/` and the environment's own directory (when it has one):\n\n```sh\ncheckov -d . --framework terraform --var-file environments/production.tfvars \\\n  --external-checks-dir <this directory>/all --external-checks-dir <this directory>/production\n```\n\n");
    text.push_str("## Exported\n\n| Rule | Environments | Check |\n|---|---|---|\n");
    for (rule, environments) in exported {
        let _ = writeln!(text, "| `{}` | {environments} | {} |", rule.id, rule.description.replace('|', "\\|"));
    }
    if exported.is_empty() {
        text.push_str("| (none) | | |\n");
    }
    text.push_str("\n## Not exported (Paved enforces them at compose time)\n\n| Rule | Why Checkov cannot express it |\n|---|---|\n");
    for (rule, reason) in skipped {
        let _ = writeln!(text, "| `{}` | {} |", rule.id, reason.replace('|', "\\|"));
    }
    if skipped.is_empty() {
        text.push_str("| (none) | |\n");
    }
    text
}
