//! `paved check`: its exit statuses, and its report or, when the stack cannot be checked, an
//! error in the format asked for.

use crate::ReportFormat;
use paved_catalog::Catalog;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `paved check --help`'s account of the exit statuses (docs/governance.md says the same).
pub(crate) const EXIT_STATUSES: &str = "Exit status:
  0  checked: no unwaived error-severity finding
  1  checked: unwaived error-severity findings (the report lists them)
  2  not checked: the policy file or the stack file cannot be read, or the stack cannot be
     composed (an error report in the --format asked for; also for invalid arguments)";

/// The stack was checked and violates the policy.
const VIOLATIONS: u8 = 1;
/// The stack could not be checked.
const NOT_CHECKED: u8 = 2;

/// Checks `stack` against `policy` and prints the report, or the reason it could not, in `format`.
pub(crate) fn check(
    catalog: &Catalog,
    binary: &str,
    stack: &Path,
    policy: &Path,
    format: ReportFormat,
    as_of: Option<jiff::civil::Date>,
    stdout: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let today = as_of.unwrap_or_else(paved_policy::today);
    match paved_policy::check_stack_file(policy, stack, catalog, today) {
        Ok(paved_policy::Checked { policy, report }) => {
            let text = match format {
                ReportFormat::Text => paved_policy::render_text(&report, crate::use_color(&std::io::stdout())),
                ReportFormat::Json => paved_policy::render_json(&report),
                ReportFormat::Sarif => paved_policy::render_sarif(&report, &policy),
            };
            write!(stdout, "{text}")?;
            Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(VIOLATIONS) })
        }
        Err(unchecked) => {
            match format {
                ReportFormat::Text => {}
                ReportFormat::Json => write!(stdout, "{}", paved_policy::render_unchecked_json(&unchecked))?,
                ReportFormat::Sarif => write!(stdout, "{}", paved_policy::render_unchecked_sarif(&unchecked))?,
            }
            eprintln!("{}", crate::output::in_binary_terms(&format!("error: {unchecked}"), binary));
            Ok(ExitCode::from(NOT_CHECKED))
        }
    }
}
