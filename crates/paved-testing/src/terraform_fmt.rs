//! `terraform fmt -check`: the real Terraform accepts every emitted file as it is.

use crate::modules::Blueprints;
use crate::tools::terraform_command;
use std::path::Path;

/// Runs `terraform fmt -check -recursive -diff` over `folder`: `None` when Terraform would change
/// nothing, else its diff, naming `what` was checked.
///
/// # Panics
/// When `terraform` cannot be started.
pub fn terraform_fmt_problem(terraform: &Path, folder: &Path, what: &str) -> Option<String> {
    let output = terraform_command(terraform, folder)
        .args(["fmt", "-check", "-recursive", "-diff", "-no-color", "."])
        .output()
        .unwrap_or_else(|error| panic!("running `{}`: {error}", terraform.display()));
    (!output.status.success()).then(|| {
        format!(
            "terraform fmt would change {what}:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Emits every blueprint with a folder under `folder` into one scratch folder and runs
/// `terraform fmt -check` over it once.
pub(crate) fn fmt_problem(blueprints: Blueprints<'_>, folder: &Path, terraform: &Path) -> Option<String> {
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let modules = blueprints.emit_with_folder(folder, scratch.path());
    let names: Vec<&str> = modules.iter().map(|(name, _)| name.as_str()).collect();
    terraform_fmt_problem(terraform, scratch.path(), &format!("the modules emitted from {}", names.join(", ")))
}
