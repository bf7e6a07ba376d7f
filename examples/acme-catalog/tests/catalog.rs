//! Acme's blueprints are held to the standard of Paved's own: golden modules and schemas
//! current, `terraform fmt` clean, valid against the AWS provider schema, Checkov clean, and
//! every folder in the catalog. `PAVED_BLESS=1 cargo test` rewrites the golden files.

use std::path::{Path, PathBuf};

fn blueprints() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints")
}

#[test]
fn golden_modules_and_schemas_are_current() {
    paved_testing::assert_golden_current(&acme_catalog::catalog(), &blueprints());
}

#[test]
fn terraform_fmt_accepts_every_module() {
    paved_testing::assert_terraform_fmt(&acme_catalog::catalog(), &blueprints());
}

#[test]
fn every_block_is_in_the_aws_provider_schema() {
    paved_testing::assert_provider_schema_valid(&acme_catalog::catalog(), &blueprints());
}

#[test]
fn checkov_passes_every_module() {
    paved_testing::assert_checkov_clean(&acme_catalog::catalog(), &blueprints());
}

#[test]
fn every_blueprint_folder_is_in_the_catalog() {
    paved_testing::assert_every_folder_in_catalog(&acme_catalog::catalog(), &blueprints());
}
