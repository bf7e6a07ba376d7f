//! A stack using `step-functions-workflow` with its definition in a file beside the stack
//! (`{ file = "workflows/fulfil.asl.json" }`) and its resources wired by reference
//! (`tests/data/workflow/`): it composes to the committed `golden/`, `terraform fmt` clean, with the
//! definition's placeholders kept literal for the module to render; a definition that names a
//! resource the stack does not wire is refused at the stack's `file:line:column`.
//! `terraform_plan::the_workflow_stack_plans_in_every_environment` plans it.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers workflow`.

use paved_tests::repository_root;
use std::path::PathBuf;

pub(crate) fn data() -> PathBuf {
    repository_root().join("tests/data/workflow")
}

#[test]
fn the_workflow_stack_composes_to_the_committed_golden_output() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join("fulfilment");
    let files = paved_tests::compose_stack(&data().join("stack.toml"), paved_stack::ModuleSource::Vendored, &out);
    let main = files.get("main.tf").expect("main.tf");
    // The file's text, its placeholders escaped so the root passes them to the module unrendered.
    assert!(main.contains(r#"\"FunctionName\": \"$${charge}\""#), "{main}");
    assert!(main.contains("arn  = module.charge.function_arn"), "{main}");
    let vendors = ["baseline-lambda", "sqs-redrive", "step-functions-workflow"];
    let problems = paved_tests::composed_root_problems(&out, &data().join("golden"), &vendors);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers workflow`",
        problems.join("\n  ")
    );
    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, &out, "the composed workflow stack") {
        panic!("{problem}");
    }
}

#[test]
fn a_definition_naming_an_unwired_resource_is_refused_at_the_stack_file() {
    let scratch = tempfile::tempdir().expect("temp dir");
    paved_tests::copy_tree(&data(), scratch.path());
    let definition = scratch.path().join("workflows/fulfil.asl.json");
    let text = std::fs::read_to_string(&definition).expect("the definition");
    std::fs::write(&definition, text.replace("${shipping}", "${shiping}")).expect("writes");
    let stack = paved_stack::read_stack_file(&scratch.path().join("stack.toml")).expect("reads");
    let error = stack.compose(paved_catalog::Catalog::builtin()).expect_err("refused").to_string();
    let error = error.replace(&scratch.path().display().to_string(), "[stack]");
    assert_eq!(
        error,
        "[stack]/stack.toml:31:1: instance `fulfil`: input `definition` names `${shiping}`, which is not a key of `resources`; did you mean `${shipping}`?\n\
         [stack]/stack.toml:33:11: instance `fulfil`: input `resources[\"shipping\"]` is not named in the definition (no `${shipping}`); remove it, or write the placeholder where a Task state uses it: the role is granted only what the definition calls\n\
         2 problems; nothing was written"
    );
}

#[test]
fn the_stack_file_schema_accepts_a_file_value_where_a_string_goes_only() {
    let schema = paved_stack::stack_file_schema(paved_catalog::Catalog::builtin());
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let path = data().join("stack.toml");
    let text = std::fs::read_to_string(&path).expect("reads");
    let stack = paved_stack::Document::parse(&text, &path, &["waivers"]).expect("TOML").value().clone();
    let errors: Vec<String> = validator.iter_errors(&stack).map(|error| error.to_string()).collect();
    assert!(errors.is_empty(), "the schema refuses the workflow stack: {errors:#?}");
    // A file value in place of a number, or with a second key, is refused.
    let mut broken = stack.clone();
    broken["instances"]["fulfil"]["inputs"]["log_retention_days"] = serde_json::json!({ "file": "days.txt" });
    assert!(validator.iter_errors(&broken).count() >= 1, "a file value is accepted for a number");
    let mut broken = stack;
    broken["instances"]["fulfil"]["inputs"]["definition"] = serde_json::json!({ "file": "a.json", "also": 1 });
    assert!(validator.iter_errors(&broken).count() >= 1, "a file value with another key is accepted");
}
