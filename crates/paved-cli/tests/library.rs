//! `paved_cli` as a library: the whole command line over a platform team's catalog, through
//! `run_from` with that team's binary name.

use paved_catalog::Catalog;
use paved_catalog::baseline_lambda::BaselineLambda;
use paved_catalog::sqs_redrive::SqsRedrive;
use std::path::Path;
use std::process::ExitCode;

fn acme_catalog() -> Catalog {
    Catalog::builder().add::<BaselineLambda>().add::<SqsRedrive>().namespace("acme").build().expect("a valid catalog")
}

/// The `<namespace>/<name>/<system>` of every module the registry at `root` lists.
fn modules(root: &Path) -> Vec<String> {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).expect("the index")).expect("JSON");
    let mut addresses: Vec<String> = index["modules"]
        .as_array()
        .expect("a list of modules")
        .iter()
        .map(|module| format!("{}/{}/{}", module["namespace"], module["name"], module["system"]).replace('"', ""))
        .collect();
    addresses.sort();
    addresses
}

#[test]
fn publish_uses_the_catalog_s_namespace_and_system_unless_told_otherwise() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let registry = scratch.path().join("registry");
    let arguments = ["acme", "publish", "--registry", registry.to_str().expect("UTF-8")];
    assert_eq!(paved_cli::run_from(acme_catalog(), arguments), ExitCode::SUCCESS);
    assert_eq!(modules(&registry), ["acme/baseline-lambda/aws", "acme/sqs-redrive/aws"]);
    assert!(registry.join("v1/modules/acme/sqs-redrive/aws/versions").is_file());

    let other = scratch.path().join("other");
    let system = Catalog::builder().with_builtin().namespace("acme").system("aws-eu").build().expect("valid");
    let arguments = ["acme", "publish", "--registry", other.to_str().expect("UTF-8"), "--namespace", "team"];
    assert_eq!(paved_cli::run_from(system, arguments), ExitCode::SUCCESS);
    assert_eq!(
        modules(&other),
        [
            "team/baseline-lambda/aws-eu",
            "team/dynamodb-stream-processor/aws-eu",
            "team/scheduled-lambda/aws-eu",
            "team/sns-fanout/aws-eu",
            "team/sqs-redrive/aws-eu",
            "team/sync-api-dynamodb/aws-eu"
        ]
    );
}

#[test]
fn the_commands_see_only_the_catalog_they_are_given() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("modules");
    let emit = ["acme", "module", "emit", "--all", "--out", out.to_str().expect("UTF-8")];
    assert_eq!(paved_cli::run_from(acme_catalog(), emit), ExitCode::SUCCESS);
    let mut emitted: Vec<String> = std::fs::read_dir(&out)
        .expect("written")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    emitted.sort();
    assert_eq!(emitted, ["baseline-lambda", "sqs-redrive"]);
    // A built-in blueprint left out of the catalog is unknown to its command line.
    let show = ["acme", "blueprint", "show", "scheduled-lambda"];
    assert_eq!(paved_cli::run_from(acme_catalog(), show), ExitCode::FAILURE);
    // A usage error is status 2, as clap gives it.
    assert_eq!(paved_cli::run_from(acme_catalog(), ["acme", "no-such-command"]), ExitCode::from(2));
}
