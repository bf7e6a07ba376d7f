//! `terraform fmt -check` accepts every emitted file as it is, and the example hosting module.

use paved_tests::{emit_catalog, require_tool, terraform};
use std::path::Path;

/// `terraform fmt -check` over every file under `folder`, with the diff on failure.
fn assert_fmt_clean(binary: &Path, folder: &Path, what: &str) {
    let output = terraform(binary, folder)
        .args(["fmt", "-check", "-recursive", "-diff", "-no-color", "."])
        .output()
        .expect("terraform runs");
    assert!(
        output.status.success(),
        "terraform fmt would change {what}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_emitted_file_is_terraform_fmt_clean() {
    let Some(binary) = require_tool("terraform") else { return };
    let root = tempfile::tempdir().expect("temp dir");
    let modules = emit_catalog(root.path());
    assert!(!modules.is_empty(), "the catalog is empty");
    assert_fmt_clean(&binary, root.path(), "these files");
}

/// The example hosting module of docs/registry.md (S3, CloudFront, the published function).
#[test]
fn the_registry_hosting_example_is_terraform_fmt_clean() {
    let Some(binary) = require_tool("terraform") else { return };
    let example = paved_tests::repository_root().join("examples/registry-hosting");
    assert_fmt_clean(&binary, &example, "examples/registry-hosting");
}
