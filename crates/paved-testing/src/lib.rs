//! Paved's standards for blueprints, as test helpers a catalog crate calls in one line each, so a
//! platform team's blueprints are held to exactly the standard Paved's own are (Paved's
//! `tests/consumers` call the same helpers for the built-in catalog).
//!
//! A catalog crate keeps one folder per blueprint under a folder of its own (usually
//! `blueprints/`): `<name>/blueprint.rs`, `main.tf.hbs`, the committed `inputs.schema.json` and
//! `golden/` module. It adds `paved-testing` as a dev-dependency and writes, in `tests/catalog.rs`:
//!
//! ```no_run
//! # mod acme { pub fn catalog() -> &'static paved_catalog::Catalog { paved_catalog::Catalog::builtin() } }
//! use std::path::PathBuf;
//!
//! fn blueprints() -> PathBuf {
//!     PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("blueprints")
//! }
//!
//! #[test]
//! fn golden_files_and_schemas_are_current() {
//!     paved_testing::assert_golden_current(&acme::catalog(), &blueprints());
//! }
//!
//! #[test]
//! fn emitted_modules_are_terraform_fmt_clean() {
//!     paved_testing::assert_terraform_fmt(&acme::catalog(), &blueprints());
//! }
//!
//! #[test]
//! fn emitted_modules_fit_the_aws_provider_schema() {
//!     paved_testing::assert_provider_schema_valid(&acme::catalog(), &blueprints());
//! }
//!
//! #[test]
//! fn checkov_fails_no_check_and_every_skip_says_why() {
//!     paved_testing::assert_checkov_clean(&acme::catalog(), &blueprints());
//! }
//!
//! #[test]
//! fn every_blueprint_folder_is_in_the_catalog() {
//!     paved_testing::assert_every_folder_in_catalog(&acme::catalog(), &blueprints());
//! }
//! ```
//!
//! The helpers that check blueprints check those of the catalog that have a folder there, and skip
//! the others (the built-in blueprints a platform catalog includes are tested in Paved). Each
//! fails when it would check nothing: a folder that does not exist, or holds no blueprint of the
//! catalog. The modules checked by `terraform fmt`, the provider schema and Checkov are emitted
//! afresh into a temporary folder; [`assert_golden_current`] holds the committed `golden/` copy
//! equal to them.
//!
//! # Environment
//!
//! | Variable | Effect |
//! |----------|--------|
//! | `PAVED_BLESS=1` | [`assert_golden_current`] rewrites `golden/` and `inputs.schema.json` instead of comparing |
//! | `PAVED_TERRAFORM` | the `terraform` to run; else `terraform` on `PATH` |
//! | `PAVED_CHECKOV` | the `checkov` to run; else `$PAVED_VENV/bin/checkov`, else `.venv/bin/checkov` in the tested crate's folder or the nearest folder above it with one, else `checkov` on `PATH` |
//! | `PAVED_QUICK=1` | the helpers needing an external tool return at once, after a banner on stderr |
//!
//! A missing tool fails the test, naming where it looked and how to install it; nothing is skipped
//! silently. Terraform runs offline (`CHECKPOINT_DISABLE=1`, an empty `TF_CLI_CONFIG_FILE`) and so
//! does Checkov (no download of external modules or of check metadata, none of the user's Checkov
//! configuration). Paved is tested with the Checkov [`pinned_checkov_version`] names; another
//! version runs with a warning, as its checks may differ.
//!
//! # Modules
//!
//! * `golden`: golden and schema drift, and bless mode.
//! * `terraform_fmt`: `terraform fmt -check` over emitted modules.
//! * `provider_schema`: [`ProviderSchema`], the embedded hashicorp/aws schema and the block checker.
//! * `checkov`: [`CheckovScan`], one offline Checkov run with its canary, and its findings.
//! * `folders`: every blueprint folder is in the catalog.
//! * `modules`: emitting the checked modules, reading and comparing folders of files.
//! * `tools`: finding `terraform` and `checkov` ([`require_terraform`], [`require_checkov`]).

mod checkov;
mod folders;
mod golden;
mod modules;
mod provider_schema;
mod terraform_fmt;
mod tools;

#[cfg(test)]
mod self_test;

pub use checkov::{CheckovScan, pinned_checkov_version, run_checkov};
pub use golden::{BLESS_VARIABLE, bless_run};
pub use modules::{
    emit_blueprints_with_folder, emit_catalog, first_difference, read_text_tree, read_tree, terraform_files,
    tree_differences,
};
pub use provider_schema::{EXTRACTOR, ProviderSchema, REGENERATE, SCHEMA_FILE};
pub use terraform_fmt::terraform_fmt_problem;
pub use tools::{
    MissingTool, QUICK_VARIABLE, TERRAFORM_INSTALL, calling_crate_folder, find_tool, quick_run, require_checkov,
    require_terraform, require_tool, terraform_command, tool_variable,
};

use modules::Blueprints;
use paved_catalog::Catalog;
use std::path::Path;

/// The committed output of every blueprint of `catalog` with a folder under `blueprints` equals
/// what Paved emits today: `<blueprints>/<name>/golden/` (the whole module: a missing, differing or
/// no longer emitted file fails, with the first differing line) and `inputs.schema.json` (the
/// published schema of the inputs).
///
/// With `PAVED_BLESS=1` it writes them instead (removing golden files no longer emitted), for a
/// new blueprint or a deliberate change; review the diff and commit it.
///
/// ```no_run
/// let blueprints = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
/// paved_testing::assert_golden_current(paved_catalog::Catalog::builtin(), &blueprints);
/// ```
///
/// # Panics
/// When the committed output is stale, or `blueprints` holds no folder of the catalog's blueprints.
pub fn assert_golden_current(catalog: &Catalog, blueprints: &Path) {
    let problems = golden::golden_problems(Blueprints::Catalog(catalog), blueprints, bless_run());
    assert!(problems.is_empty(), "{}", golden::stale_message(&problems));
}

/// `terraform fmt -check` accepts every file of the module emitted from every blueprint of
/// `catalog` with a folder under `blueprints` (`main.tf`, `variables.tf`, nested modules,
/// `examples/basic`, …), as it is.
///
/// ```no_run
/// let blueprints = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
/// paved_testing::assert_terraform_fmt(paved_catalog::Catalog::builtin(), &blueprints);
/// ```
///
/// # Panics
/// With Terraform's diff when it would change a file; when `terraform` is missing (with how to
/// install it); when `blueprints` holds no folder of the catalog's blueprints.
pub fn assert_terraform_fmt(catalog: &Catalog, blueprints: &Path) {
    let Some(terraform) = require_terraform() else { return };
    if let Some(problem) = terraform_fmt::fmt_problem(Blueprints::Catalog(catalog), blueprints, &terraform) {
        panic!("{problem}");
    }
}

/// Every `resource` and `data` block of the modules emitted from every blueprint of `catalog` with
/// a folder under `blueprints` fits the hashicorp/aws provider schema embedded in this crate (see
/// [`ProviderSchema`]): resource types, attributes (not computed-only), nested and `dynamic`
/// blocks, required attributes and blocks, blocks allowed at most once.
///
/// ```
/// let blueprints = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
/// paved_testing::assert_provider_schema_valid(paved_catalog::Catalog::builtin(), &blueprints);
/// ```
///
/// # Panics
/// With one line per problem (file, block, attribute); when the modules hold no `resource` or
/// `data` block at all; when `blueprints` holds no folder of the catalog's blueprints.
pub fn assert_provider_schema_valid(catalog: &Catalog, blueprints: &Path) {
    let (problems, checked_blocks) = provider_schema::schema_problems(Blueprints::Catalog(catalog), blueprints);
    assert!(checked_blocks > 0, "the emitted modules have no resource or data blocks; nothing was checked");
    assert!(problems.is_empty(), "{}", provider_schema::schema_message(&problems));
}

/// Checkov fails no check on the module emitted from any blueprint of `catalog` with a folder
/// under `blueprints`, at default inputs (through each module's `examples/basic`, nested modules
/// included), and every inline skip (`# checkov:skip=<id>:<reason>`) gives a reason. One offline
/// Checkov run scans them all, beside a canary that proves Checkov really checks (see
/// [`CheckovScan`]).
///
/// ```no_run
/// let blueprints = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
/// paved_testing::assert_checkov_clean(paved_catalog::Catalog::builtin(), &blueprints);
/// ```
///
/// # Panics
/// With each failed check (file, resource, guideline) and each skip without a reason; when a module
/// had no check evaluated; when Checkov is missing (with how to install it); when `blueprints`
/// holds no folder of the catalog's blueprints.
pub fn assert_checkov_clean(catalog: &Catalog, blueprints: &Path) {
    let Some(checkov) = require_checkov() else { return };
    let problems = checkov::checkov_problems(Blueprints::Catalog(catalog), blueprints, &checkov);
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

/// Every blueprint folder under `blueprints` (a folder holding `blueprint.rs`, `main.tf.hbs`,
/// `inputs.schema.json` or `golden/`) is named after a blueprint of `catalog`: a blueprint added
/// as a folder but not to the catalog would be skipped by every other helper. Other folders (such
/// as Paved's `service-types/`) are left alone.
///
/// ```
/// let blueprints = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints");
/// paved_testing::assert_every_folder_in_catalog(paved_catalog::Catalog::builtin(), &blueprints);
/// ```
///
/// # Panics
/// Naming each folder the catalog lacks and how to add it; when `blueprints` cannot be read or
/// holds no blueprint folder.
pub fn assert_every_folder_in_catalog(catalog: &Catalog, blueprints: &Path) {
    let problems = folders::folder_problems(Blueprints::Catalog(catalog), blueprints);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
