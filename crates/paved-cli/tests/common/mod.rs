//! What the CLI test files share: running `paved` as a user would.

use std::path::Path;
use std::process::Command;

/// Runs `paved` with `arguments` in `directory`: its exit code, stdout and stderr.
pub(crate) fn paved(arguments: &[&str], directory: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_paved"))
        .args(arguments)
        .current_dir(directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("paved runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
