//! Governance: organisation policies, checked against composed stacks before anything is
//! planned, and exported as Checkov custom checks for application teams' pipelines.
//!
//! A [`Policy`] (read from a TOML policy file) holds [`Rule`]s, each with a stable
//! [`paved_blueprint::RuleId`], a [`paved_blueprint::Severity`], a description and a fix.
//! Instance checks judge the inputs blueprints mark as [`paved_blueprint::Governed`] settings,
//! so they apply to every blueprint alike: Paved's named checks judge Paved's settings, and the
//! generic checks (`minimum`, `maximum`, `allowed-values`, `required-true`, `must-be-set`) judge
//! any setting a catalog's blueprints govern, checked against the catalog with
//! [`Policy::check_settings`]; stack checks judge environments. [`check`] judges a
//! [`paved_stack::Composition`] and returns a [`Report`], with the stack's waivers applied and
//! judged; [`render_text`], [`render_json`] and [`render_sarif`] show it; [`export_checkov`]
//! writes the Checkov checks. [`check_stack_file`] does it all from the two files, or returns
//! [`Unchecked`] when the stack could not be checked at all, reported apart from violations
//! ([`render_unchecked_json`], [`render_unchecked_sarif`]).
//!
//! Module map: `policy` (policy files and rules), `check` (judging a stack, waivers),
//! `render` (text, JSON, SARIF), `unchecked` (a check that could not run), `checkov` (the export and which rules it can express).

mod check;
mod checkov;
mod policy;
mod render;
mod unchecked;

pub use check::{AppliedWaiver, Finding, Report, WaiverStatus, check, is_waiver_rule, waiver_rules};
pub use checkov::{CheckovMapping, checkov_mapping, export_checkov};
pub use policy::{
    AllowedValue, Check, Policy, PolicyError, PolicyFile, PolicyTable, Rule, RuleTable, policy_file_schema,
};
pub use render::{render_json, render_sarif, render_text};
pub use unchecked::{
    Checked, NOT_CHECKED_RULE, Unchecked, UncheckedInput, check_stack_file, render_unchecked_json,
    render_unchecked_sarif, render_unchecked_text,
};

/// Today's date in UTC: the day waivers are judged on unless a caller says otherwise.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}
