//! `terraform fmt -check` accepts every emitted file as it is.

use paved_tests::{emit_catalog, require_tool, terraform};

#[test]
fn every_emitted_file_is_terraform_fmt_clean() {
    let Some(binary) = require_tool("terraform") else { return };
    let root = tempfile::tempdir().expect("temp dir");
    let modules = emit_catalog(root.path());
    assert!(!modules.is_empty(), "the catalog is empty");
    let output = terraform(&binary, root.path())
        .args(["fmt", "-check", "-recursive", "-diff", "-no-color", "."])
        .output()
        .expect("terraform runs");
    assert!(
        output.status.success(),
        "terraform fmt would change these files:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
