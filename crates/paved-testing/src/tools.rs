//! Finding the external tools the helpers run (`terraform`, `checkov`, …) and running Terraform
//! offline.
//!
//! A tool is found at `PAVED_<NAME>` (the name upper-cased, `-` as `_`), then at the places a
//! helper knows about, then on `PATH`. A missing tool is an error that says how to install it; the
//! `require_*` functions turn it into a failed test. Only `PAVED_QUICK=1` skips a test that needs a
//! tool, and loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The environment variable that opts out of the tests needing an external tool, for a quick local
/// loop: `PAVED_QUICK=1`.
pub const QUICK_VARIABLE: &str = "PAVED_QUICK";

/// How to install Terraform, for the message shown when it is missing.
pub const TERRAFORM_INSTALL: &str =
    "install Terraform (https://developer.hashicorp.com/terraform/install) or set PAVED_TERRAFORM to its path";

/// An external tool that is not installed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{name}` is not installed (looked at ${variable}{elsewhere} and on PATH); {install}, \
     or set {QUICK_VARIABLE}=1 to skip the tests that need external tools",
    elsewhere = self.looked_at.iter().map(|path| format!(", {}", path.display())).collect::<String>()
)]
#[non_exhaustive]
pub struct MissingTool {
    /// The tool's name, such as `terraform`.
    pub name: String,
    /// The environment variable that may name its path, such as `PAVED_TERRAFORM`.
    pub variable: String,
    /// The other places looked at, in order.
    pub looked_at: Vec<PathBuf>,
    /// How to install it.
    pub install: String,
}

/// Whether this run opted out of the tests that need external tools (`PAVED_QUICK=1`).
pub fn quick_run() -> bool {
    std::env::var_os(QUICK_VARIABLE).is_some_and(|value| !value.is_empty() && value != "0")
}

/// The environment variable that names `tool`'s path: `PAVED_<TOOL>`.
pub fn tool_variable(tool: &str) -> String {
    format!("PAVED_{}", tool.to_ascii_uppercase().replace('-', "_"))
}

/// Finds `name` at `PAVED_<NAME>`, then at the first of `candidates` that is a file, then on
/// `PATH`; `install` says how to install it when it is nowhere.
///
/// ```
/// let missing = paved_testing::find_tool("paved-no-such-tool", &[], "install it from example.com").unwrap_err();
/// assert!(missing.to_string().contains("install it from example.com"), "{missing}");
/// assert!(missing.to_string().contains("$PAVED_PAVED_NO_SUCH_TOOL"), "{missing}");
/// ```
pub fn find_tool(name: &str, candidates: &[PathBuf], install: &str) -> Result<PathBuf, MissingTool> {
    let variable = tool_variable(name);
    std::env::var_os(&variable)
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or_else(|| candidates.iter().find(|candidate| candidate.is_file()).cloned())
        .or_else(|| on_path(name))
        .ok_or_else(|| MissingTool {
            name: name.to_owned(),
            variable,
            looked_at: candidates.to_vec(),
            install: install.to_owned(),
        })
}

/// `name` in the first folder of `PATH` that holds it.
fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|folder| folder.join(name)).find(|candidate| candidate.is_file())
}

/// Like [`find_tool`], for a test: `None` only in a quick run (`PAVED_QUICK=1`), after a loud
/// banner on stderr, so the calling test returns at once; otherwise a missing tool fails the test
/// with how to install it.
pub fn require_tool(name: &str, candidates: &[PathBuf], install: &str) -> Option<PathBuf> {
    if quick_run() {
        eprintln!(
            "\n!!!!!!!!!! SKIPPED ({QUICK_VARIABLE}=1): this test needs `{name}`; unset {QUICK_VARIABLE} to run it !!!!!!!!!!\n"
        );
        return None;
    }
    match find_tool(name, candidates, install) {
        Ok(path) => Some(path),
        Err(missing) => panic!("{missing}"),
    }
}

/// `terraform`, from `PAVED_TERRAFORM` or `PATH` (see [`require_tool`]).
pub fn require_terraform() -> Option<PathBuf> {
    require_tool("terraform", &[], TERRAFORM_INSTALL)
}

/// `checkov`, from `PAVED_CHECKOV`, then `$PAVED_VENV/bin/checkov`, then `.venv/bin/checkov` in
/// the folder of the crate under test or the nearest folder above it that has one (its
/// workspace), then `PATH` (see [`require_tool`]).
pub fn require_checkov() -> Option<PathBuf> {
    let install = format!(
        "install the Checkov Paved is tested with into `.venv` beside your Cargo.toml (`python3 -m venv .venv && \
         .venv/bin/pip install checkov=={}`; in Paved's repository, `bash .ci/install-checkov.sh`) or set \
         PAVED_CHECKOV to its path",
        crate::checkov::pinned_checkov_version()
    );
    require_tool("checkov", &checkov_candidates(), &install)
}

/// Where Checkov is looked for before `PATH`.
fn checkov_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(venv) = std::env::var_os("PAVED_VENV") {
        candidates.push(PathBuf::from(venv).join("bin").join("checkov"));
    }
    let crate_folder = calling_crate_folder();
    candidates.extend(crate_folder.ancestors().map(|folder| folder.join(".venv").join("bin").join("checkov")));
    candidates
}

/// The folder of the crate whose tests are running: `CARGO_MANIFEST_DIR`, which `cargo test`
/// sets for the test process, or else the current folder (where `cargo test` runs tests).
pub fn calling_crate_folder() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A `terraform` command in `directory` that never reaches the network for checkpoints and ignores
/// the user's CLI configuration (an empty `TF_CLI_CONFIG_FILE`).
pub fn terraform_command(binary: &Path, directory: &Path) -> Command {
    let mut command = Command::new(binary);
    let empty_config = std::env::temp_dir().join("paved-empty-terraformrc");
    if !empty_config.exists() {
        let _ = std::fs::write(&empty_config, "");
    }
    command
        .current_dir(directory)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_CLI_CONFIG_FILE", empty_config)
        .env_remove("TF_LOG");
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tool_names_where_it_looked_and_how_to_install_it() {
        let candidate = PathBuf::from("/nonexistent/.venv/bin/paved-absent");
        let missing = find_tool("paved-absent", std::slice::from_ref(&candidate), "run `install-it`").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "`paved-absent` is not installed (looked at $PAVED_PAVED_ABSENT, /nonexistent/.venv/bin/paved-absent \
             and on PATH); run `install-it`, or set PAVED_QUICK=1 to skip the tests that need external tools"
        );
    }

    #[test]
    fn a_candidate_is_used_when_the_tool_is_not_on_path() {
        let folder = tempfile::tempdir().expect("temp dir");
        let candidate = folder.path().join("paved-only-here");
        std::fs::write(&candidate, "").expect("writes");
        assert_eq!(find_tool("paved-only-here", std::slice::from_ref(&candidate), "-"), Ok(candidate));
    }

    #[test]
    fn checkov_is_looked_for_in_the_calling_crates_virtualenv_and_above() {
        let candidates = checkov_candidates();
        let expected = calling_crate_folder().join(".venv/bin/checkov");
        assert!(candidates.contains(&expected), "{candidates:?}");
        // This crate's workspace root, two folders up (crates/paved-testing).
        let workspace =
            calling_crate_folder().ancestors().nth(2).expect("a workspace folder").join(".venv/bin/checkov");
        assert!(candidates.contains(&workspace), "{candidates:?}");
    }
}
