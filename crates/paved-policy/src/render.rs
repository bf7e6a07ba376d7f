//! Reports as people and tools read them: text (coloured on a terminal), JSON, SARIF 2.1.0.

use crate::check::{Finding, Report, waiver_rules};
use crate::policy::Policy;
use anstyle::{AnsiColor, Style};
use paved_blueprint::Severity;
use serde_json::{Value, json};
use std::fmt::Write;

/// The report as text; `color` adds ANSI styles (for a terminal).
pub fn render_text(report: &Report, color: bool) -> String {
    let paint = |style: Style, text: &str| {
        if color { format!("{}{text}{}", style.render(), style.render_reset()) } else { text.to_owned() }
    };
    let bold = Style::new().bold();
    let mut out = String::new();
    for finding in &report.findings {
        let (label, style) = match (&finding.waived, finding.severity) {
            (Some(_), _) => ("waived", AnsiColor::Cyan.on_default()),
            (None, Severity::Error) => ("error", AnsiColor::Red.on_default().bold()),
            (None, Severity::Warning) => ("warning", AnsiColor::Yellow.on_default().bold()),
            (None, _) => ("note", AnsiColor::Blue.on_default()),
        };
        let _ = write!(out, "{}", paint(style, &format!("{label}[{}]", finding.rule)));
        if let Some(location) = &finding.location {
            let _ = write!(out, " {location}:");
        }
        let _ = write!(out, " {}", paint(bold, &finding.message));
        if !finding.environments.is_empty() {
            let _ = write!(out, " (in {})", finding.environments.join(", "));
        }
        out.push('\n');
        let _ = writeln!(out, "  {} {}", paint(AnsiColor::Green.on_default(), "fix:"), finding.fix);
        if let Some(waiver) = &finding.waived {
            let _ = writeln!(out, "  waived until {}: {}", waiver.expires, waiver.justification);
        }
    }
    let count = |severity: Severity| {
        report.findings.iter().filter(|finding| finding.waived.is_none() && finding.severity == severity).count()
    };
    let waived = report.findings.iter().filter(|finding| finding.waived.is_some()).count();
    let active = report.waivers.iter().filter(|waiver| waiver.status == "active").count();
    let _ = writeln!(
        out,
        "{}: {} rules of policy `{}` checked against stack `{}` as of {}: {} errors, {} warnings, {} notes, {waived} waived ({active} of {} waivers in use)",
        paint(bold, if report.passed() { "passed" } else { "failed" }),
        report.rules_checked,
        report.policy,
        report.stack,
        report.as_of,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
        report.waivers.len(),
    );
    out
}

/// The report as pretty JSON (the shape of [`Report`]).
pub fn render_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}

/// The report as a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers. Every
/// policy rule and Paved's waiver rules are `rules`; waived findings carry a `suppressions`
/// entry with the justification.
pub fn render_sarif(report: &Report, policy: &Policy) -> String {
    let mut rules: Vec<Value> = policy
        .rules
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.id.as_str(),
                "name": rule.check.name(),
                "shortDescription": { "text": rule.description },
                "help": { "text": format!("Fix: {}", rule.fix) },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "waivable": rule.waivable, "environments": rule.environments.iter().map(ToString::to_string).collect::<Vec<_>>() },
            });
            if let Some(location) = policy.locate_rule(rule.id.as_str()) {
                descriptor["properties"]["definedAt"] = Value::from(location.to_string());
            }
            descriptor
        })
        .collect();
    rules.extend(waiver_rules::ALL.iter().map(|(id, severity, description, fix)| {
        json!({
            "id": id,
            "shortDescription": { "text": description },
            "help": { "text": format!("Fix: {fix}") },
            "defaultConfiguration": { "level": level(*severity) },
        })
    }));
    let rule_index = |id: &str| rules.iter().position(|rule| rule["id"] == id);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let mut result = json!({
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": { "text": format!("{} Fix: {}.", sentence(&finding.message), finding.fix) },
                "locations": [location(finding, report)],
                "properties": { "environments": finding.environments },
            });
            if let Some(index) = rule_index(&finding.rule) {
                result["ruleIndex"] = Value::from(index);
            }
            if let Some(value) = &finding.value {
                result["properties"]["value"] = value.clone();
            }
            if let Some(waiver) = &finding.waived {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (expires {})", waiver.justification, waiver.expires),
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "paved",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/paved",
                "rules": rules,
            } },
            "automationDetails": { "id": format!("paved-check/{}/{}", report.policy, report.stack) },
            "properties": { "policy": report.policy, "stack": report.stack, "asOf": report.as_of },
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

fn sentence(message: &str) -> String {
    let mut text = message.to_owned();
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// The finding's place: the stack file's line and column when known, and its instance and
/// input as a logical location.
fn location(finding: &Finding, report: &Report) -> Value {
    let mut location = json!({});
    let file =
        finding.location.as_ref().map(|location| location.file.display().to_string()).or_else(|| report.file.clone());
    if let Some(file) = file {
        location["physicalLocation"] = json!({ "artifactLocation": { "uri": file.replace('\\', "/") } });
        if let Some(place) = &finding.location {
            location["physicalLocation"]["region"] = json!({ "startLine": place.line, "startColumn": place.column });
        }
    }
    let name = match (&finding.instance, &finding.field) {
        (Some(instance), Some(field)) => format!("{instance}.{field}"),
        (Some(instance), None) => instance.clone(),
        (None, Some(field)) => field.clone(),
        (None, None) => report.stack.clone(),
    };
    location["logicalLocations"] = json!([{ "fullyQualifiedName": name, "kind": "member" }]);
    location
}
