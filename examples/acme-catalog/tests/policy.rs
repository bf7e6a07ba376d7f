//! Acme's policy rule over an Acme input: `ACME_BUCKET_NONCURRENT_DAYS` (a generic `minimum` over
//! the `acme-noncurrent-version-days` setting the bucket blueprint governs) passes the archive
//! stack and fails it once an environment keeps noncurrent versions for less than 30 days.

use std::path::Path;
use std::process::Command;

fn check(stack: &Path) -> (i32, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_acme-catalog"))
        .arg("check")
        .arg(stack)
        .arg("--policy")
        .arg(root.join("policies/acme.toml"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the catalog's binary runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), report)
}

#[test]
fn the_archive_stack_keeps_noncurrent_versions_long_enough() {
    let (code, report) = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks/archive.toml"));
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_bucket_keeping_noncurrent_versions_a_week_violates_the_rule() {
    let stack = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("stacks/archive.toml"))
        .expect("reads the archive stack")
        .replace("noncurrent_version_days = 90", "noncurrent_version_days = 7");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("archive-noncurrent-7-days.toml");
    std::fs::write(&path, stack).expect("writes the stack");
    let (code, report) = check(&path);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("ACME_BUCKET_NONCURRENT_DAYS"), "{report}");
    assert!(report.contains("archive"), "{report}");
    assert!(report.contains("development"), "the violation is in development only:\n{report}");
    assert!(!report.contains("production"), "production keeps 365 days:\n{report}");
}
