//! `paved new-service`: each service type scaffolds to the committed golden repository
//! (`examples/services/<type>/`), and every generated repository passes its own checks: its pytest
//! suite (in the virtualenv of `.ci/install-service-venv.sh`), a deterministic deployment package,
//! `paved compose` of its stack (as generated, from the registry, and vendored), `paved check`
//! against the platform policy its CI uses by default (`examples/policies/acme.toml`), and
//! `terraform fmt -check` of the vendored composition. Checkov scans the same compositions in
//! `checkov.rs`, in its one run.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers services`.

use paved_stack::ModuleSource;
use paved_tests::{
    EXAMPLE_SERVICE, compose_stack, repository_root, require_tool, require_tool_also_at, scaffold_example_service,
    service_types, service_virtualenv, terraform,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[test]
fn every_service_type_scaffolds_to_the_committed_golden_repository() {
    let bless = std::env::var_os("PAVED_BLESS").is_some();
    let mut problems = Vec::new();
    for service_type in service_types() {
        let files = scaffold_example_service(&service_type, None);
        let golden = repository_root().join("examples/services").join(&service_type);
        if bless {
            files.write_to(&golden, true).expect("examples/services/ is writable");
            continue;
        }
        let emitted: BTreeMap<String, String> =
            files.iter().map(|(path, content)| (path.to_owned(), content.to_owned())).collect();
        let committed = paved_tests::read_text_tree(&golden);
        problems.extend(paved_tests::tree_differences(
            &format!("examples/services/{service_type}"),
            &emitted,
            &committed,
        ));
        let again = scaffold_example_service(&service_type, None);
        assert_eq!(files, again, "{service_type}: two runs scaffold different files");
    }
    assert!(
        problems.is_empty(),
        "the committed services are stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers services`",
        problems.join("\n  ")
    );
}

/// Runs `command`, failing the test with its output when it fails.
fn run(what: &str, command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|error| panic!("{what}: cannot run: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// A command of the service's Python, without the developer's AWS settings.
fn python(binary: &Path, directory: &Path) -> Command {
    let mut command = Command::new(binary);
    command.current_dir(directory).env("PYTHONDONTWRITEBYTECODE", "1");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            command.env_remove(&name);
        }
    }
    command
}

#[test]
fn every_generated_repository_passes_its_own_checks() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let interpreter = require_tool_also_at(
        "service-python",
        &[service_virtualenv().join("bin").join("python")],
        "`bash .ci/install-service-venv.sh`",
    );
    let terraform_binary = require_tool("terraform");
    for service_type in service_types() {
        let started = Instant::now();
        let repository = scratch.path().join(&service_type);
        scaffold_example_service(&service_type, None).write_to(&repository, false).expect("writes");

        if let Some(interpreter) = &interpreter {
            let report = run(
                &format!("{service_type}: pytest"),
                python(interpreter, &repository).args(["-m", "pytest", "-q", "-p", "no:cacheprovider"]),
            );
            let summary = report.lines().last().unwrap_or_default();
            assert!(summary.contains("passed") && !summary.contains("failed"), "{service_type}: pytest said {summary}");
            eprintln!("{service_type}: pytest: {summary}");

            // The package: src/ at the root of the zip, the same bytes on every build.
            let mut digests = Vec::new();
            for _ in 0..2 {
                run(
                    &format!("{service_type}: scripts/package.py"),
                    python(interpreter, &repository)
                        .args(["scripts/package.py", "--no-dependencies", "--out"])
                        .arg(format!("build/{EXAMPLE_SERVICE}.zip")),
                );
                digests.push(std::fs::read(repository.join(format!("build/{EXAMPLE_SERVICE}.zip"))).expect("the zip"));
            }
            assert_eq!(digests[0], digests[1], "{service_type}: two package builds differ");
            let listing = String::from_utf8_lossy(&digests[0]).into_owned();
            assert!(
                listing.contains("app.py") && listing.contains("settings.py"),
                "{service_type}: the zip lacks src/"
            );
        }

        // The stack as generated composes from the registry; vendored, it holds the modules.
        let stack_file = repository.join("infra/stack.toml");
        let stack = paved_stack::read_stack_file(&stack_file).unwrap_or_else(|error| panic!("{error}"));
        let composed = stack.compose(paved_catalog::Catalog::builtin()).expect("composes").emit().expect("emits");
        let main = composed.get("main.tf").expect("main.tf");
        let sources: Vec<&str> = main.lines().filter(|line| line.trim_start().starts_with("source ")).collect();
        assert!(
            !sources.is_empty() && sources.iter().all(|line| line.contains("\"registry.example.com/platform/")),
            "{service_type}: the modules are not from the platform's registry:\n{main}"
        );
        assert_eq!(
            composed.get("catalog-info.yaml"),
            std::fs::read_to_string(repository.join("catalog-info.yaml")).ok().as_deref(),
            "{service_type}: catalog-info.yaml is not what the stack composes to"
        );
        // `paved check`: the platform's example policy, which CI reads from the platform repository.
        let policy_path = repository_root().join("examples/policies/acme.toml");
        let policy = paved_policy::Policy::read(&policy_path).unwrap_or_else(|error| panic!("{error}"));
        let composition = paved_stack::read_stack_file(&stack_file)
            .expect("reads")
            .compose(paved_catalog::Catalog::builtin())
            .expect("composes");
        let report = paved_policy::check(&policy, &composition, paved_policy::today());
        assert!(
            report.passed(),
            "{service_type}: the generated stack breaks the platform policy:\n{}",
            paved_policy::render_text(&report, false)
        );
        let scan = repository.join("build/scan");
        compose_stack(&stack_file, ModuleSource::Vendored, &scan);
        assert!(scan.join("modules").is_dir(), "{service_type}: the vendored composition has no modules/");

        if let Some(binary) = &terraform_binary {
            run(
                &format!("{service_type}: terraform fmt -check"),
                terraform(binary, &scan).args(["fmt", "-check", "-recursive", "-diff", "-no-color", "."]),
            );
        }
        eprintln!("{service_type}: checked in {:.1} s", started.elapsed().as_secs_f64());
    }
}
