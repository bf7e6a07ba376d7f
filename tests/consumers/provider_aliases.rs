//! Modules and a composed stack that need the provider alias `aws.us_east_1`, checked by their real
//! consumers: the committed golden files (`tests/data/provider-aliases/golden/`: the two test
//! blueprints' modules, one nesting the other, and the composed root of
//! `tests/data/provider-aliases/stack.toml`), `terraform fmt -check`, the hashicorp/aws provider
//! schema, and `terraform get`, which warns when a module call does not pass a configuration the
//! module needs. (`terraform validate` and `plan` with the stand-in provider are
//! `terraform_plan.rs`'s.)
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers provider_aliases`.

#[path = "../edge_blueprints.rs"]
#[allow(dead_code, unreachable_pub)]
pub(crate) mod edge_blueprints;

use edge_blueprints::{cloudfront_alarms, edge_alerting, edge_catalog};
use paved_catalog::Catalog;
use paved_testing::ProviderSchema;
use paved_tests::{installed_modules, repository_root, require_tool, terraform};
use std::path::{Path, PathBuf};

/// The test stack file.
pub(crate) fn stack_file() -> PathBuf {
    repository_root().join("tests/data/provider-aliases/stack.toml")
}

fn golden_folder() -> PathBuf {
    repository_root().join("tests/data/provider-aliases/golden")
}

/// Writes the composed root under `out`.
pub(crate) fn compose(catalog: &Catalog, out: &Path) {
    let stack = paved_stack::read_stack_file(&stack_file()).unwrap_or_else(|error| panic!("{error}"));
    let files = stack.compose(catalog).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");
    files.write_to(out, true).expect("writes");
}

/// Writes both modules (`modules/<name>/`) and the composed root (`stack/`) under `root`.
fn emit_all(root: &Path) {
    let catalog = edge_catalog();
    for definition in [cloudfront_alarms(), edge_alerting()] {
        let files = paved_module::emit(&definition, &|name| catalog.get(name).ok()).expect("emits");
        files.write_to(&root.join("modules").join(definition.name.as_str()), true).expect("writes");
    }
    compose(&catalog, &root.join("stack"));
}

/// The files of `tree` under `prefix/`, keyed by their path below it, without `examples/` (which
/// vendored copies do not carry).
fn subtree<T: Clone>(
    tree: &std::collections::BTreeMap<String, T>,
    prefix: &str,
) -> std::collections::BTreeMap<String, T> {
    tree.iter()
        .filter_map(|(path, content)| {
            let below = if prefix.is_empty() { path.as_str() } else { path.strip_prefix(prefix)?.strip_prefix('/')? };
            Some((below.to_owned(), content.clone()))
        })
        .filter(|(path, _)| !path.starts_with("examples/"))
        .collect()
}

/// Vendored copies (`stack/modules/…`, `modules/edge-alerting/modules/…`): one golden copy per
/// distinct module is committed, and each copy must equal it.
fn is_vendored_copy(path: &str) -> bool {
    path.starts_with("stack/modules/") || path.starts_with("modules/edge-alerting/modules/")
}

#[test]
fn the_aliased_modules_and_stack_equal_the_committed_golden_files() {
    let without_copies =
        |tree: std::collections::BTreeMap<String, Vec<u8>>| -> std::collections::BTreeMap<String, Vec<u8>> {
            tree.into_iter().filter(|(path, _)| !is_vendored_copy(path)).collect()
        };
    if std::env::var_os("PAVED_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(golden_folder());
        let scratch = tempfile::tempdir().expect("temp dir");
        emit_all(scratch.path());
        for (path, content) in without_copies(paved_tests::read_tree(scratch.path())) {
            let target = golden_folder().join(&path);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("creates the folder");
            std::fs::write(target, content).expect("writes the golden file");
        }
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    emit_all(scratch.path());
    let emitted = paved_tests::read_tree(scratch.path());
    let committed = paved_tests::read_tree(&golden_folder());
    let mut problems = paved_tests::tree_differences(
        "tests/data/provider-aliases/golden",
        &without_copies(emitted.clone()),
        &committed,
    );
    // Each vendored copy equals the one golden copy of its module.
    let baseline = paved_tests::read_tree(&repository_root().join("blueprints/baseline-lambda/golden"));
    for (copy, golden, label) in [
        ("stack/modules/baseline-lambda", subtree(&baseline, ""), "blueprints/baseline-lambda/golden"),
        (
            "stack/modules/cloudfront-alarms",
            subtree(&committed, "modules/cloudfront-alarms"),
            "modules/cloudfront-alarms",
        ),
        ("stack/modules/edge-alerting", subtree(&committed, "modules/edge-alerting"), "modules/edge-alerting"),
        (
            "stack/modules/edge-alerting/modules/cloudfront-alarms",
            subtree(&committed, "modules/cloudfront-alarms"),
            "modules/cloudfront-alarms",
        ),
        (
            "modules/edge-alerting/modules/cloudfront-alarms",
            subtree(&committed, "modules/cloudfront-alarms"),
            "modules/cloudfront-alarms",
        ),
    ] {
        // A copy's own nested copies are compared as copies of their modules below.
        let vendored: std::collections::BTreeMap<String, Vec<u8>> =
            subtree(&emitted, copy).into_iter().filter(|(path, _)| !path.starts_with("modules/")).collect();
        assert!(!vendored.is_empty(), "the emitted output vendors `{copy}`");
        problems.extend(paved_tests::tree_differences(&format!("{copy} (as {label})"), &vendored, &golden));
    }
    assert!(
        problems.is_empty(),
        "the committed output is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers provider_aliases`",
        problems.join("\n  ")
    );
}

#[test]
fn the_aliased_modules_and_stack_are_terraform_fmt_clean() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    emit_all(scratch.path());
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform_binary, scratch.path(), "the aliased output")
    {
        panic!("{problem}");
    }
}

#[test]
fn every_block_of_the_aliased_stack_matches_the_aws_provider_schema() {
    let scratch = tempfile::tempdir().expect("temp dir");
    emit_all(scratch.path());
    let schema = ProviderSchema::embedded();
    let (mut problems, mut aliased_blocks) = (Vec::new(), 0);
    for file in paved_tests::terraform_files(scratch.path()) {
        let text = std::fs::read_to_string(&file).expect("reads");
        let body: paved_hcl::hcl::Body = paved_hcl::hcl::from_str(&text).expect("parses");
        aliased_blocks += text.matches("provider = aws.us_east_1").count();
        let name = file.strip_prefix(scratch.path()).expect("under the scratch folder").display().to_string();
        problems.extend(schema.check_file(&name, &body));
    }
    // `cloudfront-alarms` has two resources in us-east-1 and `edge-alerting` one; the former is
    // emitted four times (alone, nested, vendored in the stack, nested there), the latter twice.
    assert_eq!(aliased_blocks, 4 * 2 + 2, "the resources in us-east-1 were all checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn terraform_get_installs_the_stack_and_finds_every_configuration_passed() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path().join("stack");
    compose(&edge_catalog(), &root);
    let output = terraform(&terraform_binary, &root).args(["get", "-no-color"]).output().expect("runs terraform");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "terraform get failed:\n{text}");
    assert!(!text.contains("Warning"), "terraform get warns about the provider configurations:\n{text}");
    assert_eq!(installed_modules(&root), ["@-", "alarms@-", "alerting.alarms@-", "alerting@-", "worker@-"]);
}

#[test]
fn terraform_get_warns_when_a_module_call_does_not_pass_the_alias() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path().join("stack");
    compose(&edge_catalog(), &root);
    let main = std::fs::read_to_string(root.join("main.tf")).expect("reads");
    let passed = "  providers = {\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }\n";
    assert!(main.contains(passed), "{main}");
    std::fs::write(root.join("main.tf"), main.replacen(passed, "", 1)).expect("writes");
    let output = terraform(&terraform_binary, &root).args(["get", "-no-color"]).output().expect("runs terraform");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(
        text.contains("Missing required provider configuration") && text.contains("aws.us_east_1"),
        "the canary shows terraform get checks what is passed:\n{text}"
    );
}

/// The premise of the semver verdict "an alias no longer needed is minor": a caller still passing
/// it to a module that no longer declares it is not refused; Terraform only warns.
#[test]
fn terraform_get_only_warns_when_a_call_passes_an_alias_the_module_no_longer_needs() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path().join("stack");
    compose(&edge_catalog(), &root);
    let module = root.join("modules/cloudfront-alarms");
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(module.join(file)).expect("reads");
        assert!(text.contains(from), "{file} holds `{from}`:\n{text}");
        std::fs::write(module.join(file), text.replace(from, to)).expect("writes");
    };
    edit("versions.tf", "      configuration_aliases = [\n        aws.us_east_1\n      ]\n", "");
    edit("main.tf", "  provider = aws.us_east_1\n", "");
    let output = terraform(&terraform_binary, &root).args(["get", "-no-color"]).output().expect("runs terraform");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "terraform get refused the extra configuration:\n{text}");
    assert!(text.contains("Reference to undefined provider"), "terraform get warns:\n{text}");
}
