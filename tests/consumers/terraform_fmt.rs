//! `terraform fmt -check` accepts every emitted file as it is (the `paved-testing` helper a
//! platform team's catalog crate calls too), and the example hosting module.

use paved_catalog::Catalog;
use paved_tests::{blueprints_folder, repository_root};

#[test]
fn every_emitted_file_is_terraform_fmt_clean() {
    paved_testing::assert_terraform_fmt(Catalog::builtin(), &blueprints_folder());
}

/// The example hosting module of docs/registry.md (S3, CloudFront, the published function).
#[test]
fn the_registry_hosting_example_is_terraform_fmt_clean() {
    let Some(terraform) = paved_testing::require_terraform() else { return };
    let example = repository_root().join("examples/registry-hosting");
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &example, "examples/registry-hosting") {
        panic!("{problem}");
    }
}
