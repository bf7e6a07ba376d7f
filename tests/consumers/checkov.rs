//! Checkov fails no check on any emitted module at default inputs, on the composed example stacks
//! (`examples/orders`, `examples/fulfilment`), or on the stack of any service type `paved new-service` scaffolds, and every check a blueprint
//! skips says why.
//!
//! The blueprint modules are checked by the `paved-testing` helper a platform team's catalog crate
//! calls too (its docs say how Checkov runs: once, offline, beside a canary that proves Checkov
//! really checks). The composed stacks and the parity table of docs/governance.md are checked here
//! with the same scan.
//!
//! Checkov is the one pinned in `.ci/requirements-checkov.txt`, installed by
//! `bash .ci/install-checkov.sh` into `$PAVED_VENV` or `<repo>/.venv`; one at `$PAVED_CHECKOV` is
//! used first.
//!
//! A check that does not apply is skipped inline, in the resource block of the blueprint's
//! `main.tf.hbs`: `# checkov:skip=CKV_AWS_117:<why it does not apply>`.

use paved_catalog::Catalog;
use paved_testing::CheckovScan;
use paved_tests::{
    blueprints_folder, compose_stack, emit_catalog, example_stack_file, fulfilment_stack_file, repository_root,
    scaffold_example_service, service_types,
};

/// The folder the composed example stack is scanned in.
const COMPOSED_STACK: &str = "stack-orders";
/// The folder the composed event-driven example is scanned in.
const COMPOSED_FULFILMENT: &str = "stack-fulfilment";

#[test]
fn checkov_fails_no_check_on_any_blueprint_and_every_skip_says_why() {
    paved_testing::assert_checkov_clean(Catalog::builtin(), &blueprints_folder());
}

#[test]
fn checkov_fails_no_check_on_the_composed_stacks_and_the_parity_table_holds() {
    let Some(checkov) = paved_testing::require_checkov() else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path().join("modules");
    // The blueprint modules, for the parity table.
    let mut modules: Vec<String> = emit_catalog(&root).into_iter().map(|(name, _)| name).collect();
    // The composed example stack, with its vendored modules, is scanned as one more module.
    compose_stack(&example_stack_file(), paved_stack::ModuleSource::Vendored, &root.join(COMPOSED_STACK));
    modules.push(COMPOSED_STACK.to_owned());
    compose_stack(&fulfilment_stack_file(), paved_stack::ModuleSource::Vendored, &root.join(COMPOSED_FULFILMENT));
    modules.push(COMPOSED_FULFILMENT.to_owned());
    // So is the stack of every service type `paved new-service` scaffolds.
    for service_type in service_types() {
        let repository = scratch.path().join("services").join(&service_type);
        scaffold_example_service(&service_type, None).write_to(&repository, false).expect("writing the service");
        let folder = format!("service-{service_type}");
        compose_stack(&repository.join("infra/stack.toml"), paved_stack::ModuleSource::Vendored, &root.join(&folder));
        modules.push(folder);
    }
    let scan = CheckovScan::run(&checkov, &root, &modules);
    let mut problems = scan.problems();
    problems.extend(parity_table_report(&scan));
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

/// The parity table of docs/governance.md: every check it lists passed on every blueprint it lists.
fn parity_table_report(scan: &CheckovScan) -> Vec<String> {
    let text = std::fs::read_to_string(repository_root().join("docs/governance.md")).expect("docs/governance.md");
    let table = text.split("<!-- parity-table: checked by tests/consumers/checkov.rs -->").nth(1).unwrap_or_default();
    let mut problems = Vec::new();
    let mut rows = 0;
    for line in table.trim_start().lines().skip(2).take_while(|line| line.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (check, blueprints) = (cells[1], cells[2]);
        rows += 1;
        for blueprint in blueprints.split(',').map(str::trim) {
            if !scan.passed(blueprint, check) {
                problems.push(format!(
                    "docs/governance.md says `{blueprint}` satisfies {check}, but Checkov did not pass it there"
                ));
            }
        }
    }
    if rows < 10 {
        problems.push(format!("the parity table of docs/governance.md has {rows} rows; is its marker still there?"));
    }
    problems
}
