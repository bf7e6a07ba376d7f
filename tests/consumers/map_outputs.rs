//! A stack that indexes map outputs (`{ ref = "queues.queue_arns.orders" }`) and wires a whole
//! map into a map input composes to the committed golden root configuration, and the test-only
//! `queue-set` blueprint (map and list outputs built with `for`) emits its committed golden
//! module; `terraform fmt -check` accepts both. A key holding quotes and template markers is
//! emitted as one escaped HCL string, which hcl-rs reads back as a single index. The stack-file
//! schema accepts indexed references and refuses malformed ones.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers map_outputs`.

#[path = "../../crates/paved-stack/tests/common/queue_set.rs"]
mod queue_set;

use paved_hcl::hcl;
use paved_tests::repository_root;
use std::path::{Path, PathBuf};

fn golden(part: &str) -> PathBuf {
    repository_root().join("tests/data/map-outputs/golden").join(part)
}

fn compose(text: &str) -> paved_module::ModuleFiles {
    let catalog = queue_set::catalog();
    let stack = paved_stack::parse_stack_file(text, Path::new("stack.toml")).unwrap_or_else(|error| panic!("{error}"));
    stack.compose(&catalog).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits")
}

/// Writes `files` to a scratch folder (and to the golden folder `part` when blessing), returning
/// the differences from the committed copy and the scratch folder.
fn compare_with_golden(part: &str, files: &paved_module::ModuleFiles) -> (Vec<String>, tempfile::TempDir) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = scratch.path().join(part);
    files.write_to(&out, true).expect("writes");
    if paved_testing::bless_run() {
        files.write_to(&golden(part), true).expect("writes the golden copy");
        return (Vec::new(), scratch);
    }
    let (emitted, committed) = (paved_tests::read_tree(&out), paved_tests::read_tree(&golden(part)));
    (paved_tests::tree_differences(&format!("golden/{part}"), &emitted, &committed), scratch)
}

fn assert_fmt_clean(folder: &Path, what: &str) {
    let Some(terraform) = paved_testing::require_terraform() else { return };
    if let Some(problem) = paved_testing::terraform_fmt_problem(&terraform, folder, what) {
        panic!("{problem}");
    }
}

#[test]
fn a_stack_indexing_map_outputs_composes_to_the_committed_golden_root() {
    let files = compose(queue_set::STACK);
    let main = files.iter().find(|(path, _)| *path == "main.tf").map(|(_, content)| content).expect("a main.tf");
    assert!(main.contains("  dead_letter_target_arn = module.queues.queue_arns[\"orders\"]\n"), "{main}");
    assert!(main.contains("    \"REFUNDS_QUEUE_URL\" = module.queues.queue_urls[\"refunds\"]\n"), "{main}");
    assert!(main.contains("  targets = module.queues.queue_arns\n"), "{main}");
    let (problems, scratch) = compare_with_golden("root", &files);
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers map_outputs`",
        problems.join("\n  ")
    );
    assert_fmt_clean(&scratch.path().join("root"), "the composed map-outputs stack");
}

#[test]
fn a_blueprint_with_map_outputs_emits_the_committed_golden_module() {
    let catalog = queue_set::catalog();
    let definition = queue_set::queue_set();
    let files = paved_module::emit(&definition, &|name| catalog.get(name).ok()).expect("emits");
    let readme = files.iter().find(|(path, _)| *path == "README.md").map(|(_, content)| content).expect("a README");
    assert!(
        readme.contains("| `queue_arns` | map of `sqs-queue-arn`, keyed like `queues` | ARN of each queue, by its key in `queues`. |"),
        "{readme}"
    );
    assert!(readme.contains("| `all_queue_arns` | list of `sqs-queue-arn` |"), "{readme}");
    let (problems, scratch) = compare_with_golden("queue-set", &files);
    assert!(
        problems.is_empty(),
        "the committed module is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers map_outputs`",
        problems.join("\n  ")
    );
    assert_fmt_clean(&scratch.path().join("queue-set"), "the queue-set module");
}

#[test]
fn a_key_with_quotes_and_template_markers_is_one_escaped_index() {
    let key = r#"eu "west" ${var.x} %{if true}"#;
    let text = queue_set::STACK
        .replace("refunds = {", &format!("'{key}' = {{"))
        .replace(r#"{ ref = "queues.queue_urls.refunds" }"#, &format!("{{ ref = 'queues.queue_urls.{key}' }}"));
    let files = compose(&text);
    let main = files.iter().find(|(path, _)| *path == "main.tf").map(|(_, content)| content).expect("a main.tf");
    let expected = r#"    "REFUNDS_QUEUE_URL" = module.queues.queue_urls["eu \"west\" $${var.x} %%{if true}"]"#;
    assert!(main.contains(expected), "{main}");

    let body: hcl::Body = hcl::from_str(main).expect("hcl-rs parses the emitted main.tf");
    let worker = body.blocks().find(|block| block.labels().first().map(|label| label.as_str()) == Some("worker"));
    let variables =
        worker.and_then(|block| block.body().attributes().find(|attribute| attribute.key() == "environment_variables"));
    let Some(hcl::Expression::Object(variables)) = variables.map(|attribute| attribute.expr().clone()) else {
        panic!("environment_variables is an object: {main}")
    };
    let (_, value) = variables.into_iter().next().expect("one variable");
    let hcl::Expression::Traversal(traversal) = value else { panic!("a traversal: {main}") };
    assert_eq!(traversal.operators.len(), 3, "module.queues.queue_urls[key]: {main}");
    assert!(matches!(traversal.operators[2], hcl::TraversalOperator::Index(_)), "{main}");

    let scratch = tempfile::tempdir().expect("temp dir");
    files.write_to(scratch.path(), true).expect("writes");
    assert_fmt_clean(scratch.path(), "a stack indexing a hostile key");
}

#[test]
fn the_stack_file_schema_accepts_indexed_references_and_refuses_malformed_ones() {
    let schema = paved_stack::stack_file_schema(&queue_set::catalog());
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let read =
        |text: &str| paved_stack::Document::parse(text, Path::new("stack.toml"), &[]).expect("TOML").value().clone();
    let stack = read(queue_set::STACK);
    let errors: Vec<String> =
        validator.iter_errors(&stack).map(|error| format!("{error} at {}", error.instance_path())).collect();
    assert!(errors.is_empty(), "the schema refuses the map-outputs stack: {errors:#?}");
    let malformed = read(&queue_set::STACK.replace("queues.queue_arns.orders", "queues.queue_arns."));
    assert!(validator.iter_errors(&malformed).count() >= 1, "the schema accepts a reference ending in `.`");
}
