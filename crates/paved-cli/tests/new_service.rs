//! `paved new-service` as a user types it: the golden repository, refusals that write nothing,
//! `--force`, and a service type added as a folder of templates, without a rebuild.

mod common;

use common::paved;
use paved_tests::{copy_tree as copy, read_text_tree as read_tree};
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

const REST_API: [&str; 8] =
    ["new-service", "--name", "payment-gateway", "--type", "rest-api", "--owner", "payments-team", "--out"];

#[test]
fn new_service_writes_the_golden_repository_and_refuses_to_overwrite() {
    let work = tempfile::tempdir().expect("temp dir");
    let arguments = [&REST_API[..], &["payment-gateway/"]].concat();
    let (code, stdout, stderr) = paved(&arguments, work.path());
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    insta::assert_snapshot!(stdout, @r"
    note: the platform requires the tag `CostCenter`; it is `payments-team` (the Department) in every environment: pass --tag CostCenter=<value> or change it in the stack file
    scaffolded the rest-api service payment-gateway into payment-gateway/ (15 files, templates from the built-in templates)
    next: cd payment-gateway/ && make test
    ");
    let written = read_tree(&work.path().join("payment-gateway"));
    assert_eq!(written, read_tree(&repository().join("examples/services/rest-api")), "differs from the golden files");

    // The stack takes its modules from the registry; `compose --vendored` copies them in for scanners.
    for (flags, vendored) in [(&[][..], false), (&["--vendored"][..], true)] {
        let compose =
            [&["compose", "payment-gateway/infra/stack.toml", "--out", "composed", "--force"][..], flags].concat();
        let (code, _, stderr) = paved(&compose, work.path());
        assert_eq!((code, stderr.as_str()), (0, ""));
        assert_eq!(work.path().join("composed/modules").is_dir(), vendored, "{flags:?}");
    }
    std::fs::remove_dir_all(work.path().join("composed")).expect("removes");
    // It passes the platform policy its CI checks it against.
    let policy = repository().join("examples/policies/acme.toml");
    let check = ["check", "payment-gateway/infra/stack.toml", "--policy", policy.to_str().expect("UTF-8")];
    let (code, stdout, stderr) = paved(&check, work.path());
    assert_eq!(code, 0, "{stdout}{stderr}");

    let (code, _, stderr) = paved(&arguments, work.path());
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr, @"error: `payment-gateway/` already exists and is not empty; choose another directory or pass --force to replace it (git and Terraform state in it are kept)");

    std::fs::write(work.path().join("payment-gateway/src/app.py"), "edited").expect("writes");
    std::fs::write(work.path().join("payment-gateway/stray.txt"), "left over").expect("writes");
    // The state of git and Terraform is kept: the repository's history, `terraform init`'s and local state.
    let state = [
        (".git/HEAD", "ref: refs/heads/main"),
        ("infra/.terraform/modules.json", "{}"),
        ("infra/terraform.tfstate", "{}"),
    ];
    for (path, content) in state {
        let path = work.path().join("payment-gateway").join(path);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("creates");
        std::fs::write(path, content).expect("writes");
    }
    let (code, stdout, stderr) = paved(&[&arguments[..], &["--force"]].concat(), work.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.contains("kept from the replaced directory: .git, infra/.terraform, infra/terraform.tfstate\n"),
        "{stdout}"
    );
    for (path, content) in state {
        let path = work.path().join("payment-gateway").join(path);
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(content), "{} was not kept", path.display());
    }
    for kept in [".git", "infra/.terraform", "infra/terraform.tfstate"] {
        let path = work.path().join("payment-gateway").join(kept);
        if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }.expect("removes");
    }
    assert_eq!(read_tree(&work.path().join("payment-gateway")), written, "--force did not give the same repository");
    let leftovers: Vec<String> = std::fs::read_dir(work.path())
        .expect("lists")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["payment-gateway"], "staging directories were left behind");
}

#[test]
fn a_wrong_name_is_a_usage_error_with_a_fixed_name() {
    let work = tempfile::tempdir().expect("temp dir");
    let (code, stdout, stderr) = paved(
        &["new-service", "--name", "Payment_Gateway", "--type", "rest-api", "--owner", "payments-team", "--out", "x"],
        work.path(),
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    insta::assert_snapshot!(stderr, @r"
    error: invalid value 'Payment_Gateway' for '--name <NAME>': `Payment_Gateway` is not a valid service name: use 3 to 32 lowercase letters and digits in words joined by single `-`, starting with a letter; did you mean `payment-gateway`?

    For more information, try '--help'.
    ");
    assert!(!work.path().join("x").exists());
}

#[test]
fn an_unknown_type_is_refused_with_a_suggestion_and_nothing_is_written() {
    let work = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = paved(
        &[
            "new-service",
            "--name",
            "payment-gateway",
            "--type",
            "queue-workers",
            "--owner",
            "payments-team",
            "--out",
            "x",
        ],
        work.path(),
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(stderr, @"error: unknown service type `queue-workers` in the built-in templates; did you mean `queue-worker`?");
    assert_eq!(std::fs::read_dir(work.path()).expect("lists").count(), 0, "something was written");
}

#[test]
fn broken_templates_write_nothing() {
    let work = tempfile::tempdir().expect("temp dir");
    let templates = work.path().join("templates");
    copy(&repository().join("blueprints/service-types"), &templates);
    let stack = templates.join("scheduled-job/stack.toml.hbs");
    let text = std::fs::read_to_string(&stack).expect("reads");
    std::fs::write(&stack, text.replace("timeout = 120", "timeout = 3000")).expect("writes");
    let (code, _, stderr) = paved(
        &[
            "new-service",
            "--name",
            "nightly-report",
            "--type",
            "scheduled-job",
            "--owner",
            "reports",
            "--out",
            "nightly-report",
            "--templates",
            "templates",
        ],
        work.path(),
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("scheduled-job/stack.toml.hbs"), "{stderr}");
    assert!(stderr.contains("`function.timeout` = `3000` must be between 1 and 900"), "{stderr}");
    let entries: Vec<String> = std::fs::read_dir(work.path())
        .expect("lists")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, ["templates"], "a failed scaffold wrote something");
}

/// docs/golden-path.md's example: a platform team adds the `nightly-export` type by copying a
/// folder and editing its manifest and stack template, and the installed paved uses it at once.
#[test]
fn a_service_type_is_added_as_a_folder_without_a_rebuild() {
    let work = tempfile::tempdir().expect("temp dir");
    let templates = work.path().join("templates");
    copy(&repository().join("blueprints/service-types"), &templates);
    let folder = templates.join("nightly-export");
    copy(&templates.join("scheduled-job"), &folder);
    for file in ["service-type.toml", "stack.toml.hbs"] {
        let path = folder.join(file);
        let text = std::fs::read_to_string(&path).expect("reads");
        let text = text
            .replace("scheduled-job/", "nightly-export/")
            .replace("cron(0 2 * * ? *)", "cron(30 3 * * ? *)")
            .replace("run every night", "exporting the day's data at 03:30");
        std::fs::write(&path, text).expect("writes");
    }
    let (code, stdout, stderr) = paved(
        &[
            "new-service",
            "--name",
            "orders-export",
            "--type",
            "nightly-export",
            "--owner",
            "data-team",
            "--out",
            "orders-export",
            "--templates",
            "templates",
            "--tag",
            "CostCenter=cc-42",
            "--vendored",
        ],
        work.path(),
    );
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let stack = std::fs::read_to_string(work.path().join("orders-export/infra/stack.toml")).expect("written");
    assert!(stack.contains("schedule_expression = \"cron(30 3 * * ? *)\""), "{stack}");
    assert!(stack.contains("mode = \"vendored\""), "{stack}");
    assert!(stack.contains("\"CostCenter\" = \"cc-42\""), "{stack}");

    let (code, _, stderr) = paved(&["compose", "orders-export/infra/stack.toml", "--out", "composed"], work.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(work.path().join("composed/modules/scheduled-lambda/main.tf").is_file());
}
