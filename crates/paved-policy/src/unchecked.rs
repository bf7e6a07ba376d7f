//! A stack that could not be checked at all, told apart from one checked and found wanting: the
//! policy file or the stack file cannot be read, or the stack cannot be composed. Reported as
//! text, as a JSON error document and as a SARIF log whose run failed.

use crate::check::{Report, check};
use crate::policy::Policy;
use jiff::civil::Date;
use paved_catalog::Catalog;
use paved_stack::Diagnostic;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The rule id SARIF results of an [`Unchecked`] stack carry, so code scanning shows that the
/// check did not happen instead of showing no alerts.
pub const NOT_CHECKED_RULE: &str = "PAVED_NOT_CHECKED";

/// Which input of a check is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UncheckedInput {
    /// The policy file cannot be read or used.
    Policy,
    /// The stack file cannot be read or composed.
    Stack,
}

impl UncheckedInput {
    /// `policy` or `stack`, as in the JSON error document.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Policy => "policy",
            Self::Stack => "stack",
        }
    }
}

/// Why a stack could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_unchecked_text(self))]
pub struct Unchecked {
    /// The input at fault.
    pub input: UncheckedInput,
    /// Its file.
    pub file: PathBuf,
    /// Every problem, with its location when there is one.
    pub diagnostics: Vec<Diagnostic>,
}

impl Unchecked {
    /// One line: which file, and that nothing was checked.
    pub fn summary(&self) -> String {
        let file = self.file.display();
        match self.input {
            UncheckedInput::Policy => format!("the policy file `{file}` cannot be used; nothing was checked"),
            UncheckedInput::Stack => format!("the stack file `{file}` cannot be composed; nothing was checked"),
        }
    }
}

/// A checked stack: the policy it was checked against and the report.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The policy read from its file.
    pub policy: Policy,
    /// The findings.
    pub report: Report,
}

/// Reads the policy file and the stack file, composes the stack with `catalog` and checks it,
/// judging waivers as of `today`; or says why it could not.
pub fn check_stack_file(policy: &Path, stack: &Path, catalog: &Catalog, today: Date) -> Result<Checked, Unchecked> {
    let unchecked = |input, file: &Path, diagnostics| Unchecked { input, file: file.to_owned(), diagnostics };
    let policy_read = Policy::read_for_catalog(policy, catalog)
        .map_err(|error| unchecked(UncheckedInput::Policy, policy, error.diagnostics))?;
    let composition = paved_stack::read_stack_file(stack)
        .and_then(|parsed| parsed.compose(catalog))
        .map_err(|error| unchecked(UncheckedInput::Stack, stack, error.diagnostics))?;
    let report = check(&policy_read, &composition, today);
    Ok(Checked { policy: policy_read, report })
}

/// The summary, then each problem as the compose and policy errors print it.
pub fn render_unchecked_text(unchecked: &Unchecked) -> String {
    let mut text = unchecked.summary();
    for diagnostic in &unchecked.diagnostics {
        text.push('\n');
        text.push_str(&diagnostic.to_string());
    }
    text
}

/// The JSON error document: `checked` is `false` (a report never has that field), then the
/// summary, the input at fault, its file, and each problem with its location
/// (`file:line:column`, as findings have it, or `null`) and its fix (or `null`).
pub fn render_unchecked_json(unchecked: &Unchecked) -> String {
    let problems: Vec<Value> = unchecked
        .diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "message": diagnostic.message,
                "location": diagnostic.location.as_ref().map(ToString::to_string),
                "help": diagnostic.help,
            })
        })
        .collect();
    let document = json!({
        "checked": false,
        "error": unchecked.summary(),
        "input": unchecked.input.as_str(),
        "file": path_text(&unchecked.file),
        "problems": problems,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The SARIF 2.1.0 log of a check that could not run: its invocation is unsuccessful, with each
/// problem as an error notification, and each problem is also a result of the rule
/// [`NOT_CHECKED_RULE`] at its location, so code scanning shows it.
pub fn render_unchecked_sarif(unchecked: &Unchecked) -> String {
    let message = |diagnostic: &Diagnostic| {
        let mut text = format!("Not checked: {}.", diagnostic.message.trim_end_matches('.'));
        if let Some(help) = &diagnostic.help {
            text.push_str(&format!(" Fix: {}.", help.trim_end_matches('.')));
        }
        json!({ "text": text })
    };
    let locations = |diagnostic: &Diagnostic| {
        let file = diagnostic.location.as_ref().map_or(unchecked.file.as_path(), |location| location.file.as_path());
        let mut physical = json!({ "artifactLocation": { "uri": path_text(file) } });
        if let Some(location) = &diagnostic.location {
            physical["region"] = json!({ "startLine": location.line, "startColumn": location.column });
        }
        json!([{ "physicalLocation": physical }])
    };
    let notifications: Vec<Value> = unchecked
        .diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "level": "error",
                "message": message(diagnostic),
                "locations": locations(diagnostic),
                "descriptor": { "id": NOT_CHECKED_RULE, "index": 0 },
            })
        })
        .collect();
    let results: Vec<Value> = unchecked
        .diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "ruleId": NOT_CHECKED_RULE,
                "ruleIndex": 0,
                "level": "error",
                "message": message(diagnostic),
                "locations": locations(diagnostic),
            })
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
                "rules": [{
                    "id": NOT_CHECKED_RULE,
                    "shortDescription": { "text": "The stack could not be checked: its policy file or stack file cannot be read, or the stack cannot be composed." },
                    "help": { "text": "Fix: correct the file at the location given, then check again." },
                    "defaultConfiguration": { "level": "error" },
                }],
            } },
            "invocations": [{
                "executionSuccessful": false,
                "toolExecutionNotifications": notifications,
            }],
            "properties": { "checked": false, "input": unchecked.input.as_str(), "file": path_text(&unchecked.file) },
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn path_text(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
