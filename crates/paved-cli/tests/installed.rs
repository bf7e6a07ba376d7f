//! An installed binary run from another directory: a copy of `paved` under another name, run
//! from an empty directory with a bare environment, works and reads nothing of the source tree it
//! was built from (every file system call is traced with `strace`); and no library reads a
//! build-machine path (`env!("CARGO_MANIFEST_DIR")`) outside its tests.

use paved_tests::{read_text_tree, repository_root};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `paved` copied to `<install>/bin/acme`, as a platform team's binary is installed.
fn install(install: &Path) -> PathBuf {
    let binary = install.join("bin/acme");
    std::fs::create_dir_all(install.join("bin")).expect("creates");
    std::fs::copy(env!("CARGO_BIN_EXE_paved"), &binary).expect("copies the binary");
    binary
}

/// Runs `binary` with `arguments` in `directory` under `strace`, with nothing of the build's
/// environment: its exit code, stdout, stderr and every path it touched.
fn traced(strace: &Path, binary: &Path, arguments: &[&str], directory: &Path) -> (i32, String, String, String) {
    let trace = directory.join("../trace.log");
    let output = Command::new(strace)
        .args(["-f", "-qq", "-e", "trace=%file,chdir", "-o"])
        .arg(&trace)
        .arg(binary)
        .args(arguments)
        .current_dir(directory)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", directory)
        .env("NO_COLOR", "1")
        .output()
        .expect("strace runs");
    let touched = std::fs::read_to_string(&trace).expect("strace wrote its trace");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        touched,
    )
}

#[test]
fn an_installed_binary_run_from_another_directory_reads_nothing_of_the_source_tree() {
    let Some(strace) = paved_tests::require_tool("strace") else { return };
    let source_tree = repository_root().canonicalize().expect("the repository");
    let scratch = tempfile::tempdir().expect("temp dir");
    let binary = install(&scratch.path().join("opt"));
    let work = scratch.path().join("work");
    std::fs::create_dir(&work).expect("creates");
    assert!(!work.starts_with(&source_tree) && !binary.starts_with(&source_tree), "the temp dir is in the tree");

    let runs: [&[&str]; 5] = [
        &["blueprints"],
        &["blueprint", "show", "sqs-redrive"],
        &["module", "emit", "baseline-lambda", "--out", "module"],
        &[
            "new-service",
            "--name",
            "payment-gateway",
            "--type",
            "rest-api",
            "--owner",
            "payments-team",
            "--out",
            "service",
        ],
        &["blueprint", "show", "sqs-redrve"],
    ];
    let mut outputs = Vec::new();
    for arguments in runs {
        let (code, stdout, stderr, touched) = traced(&strace, &binary, arguments, &work);
        let reads_the_tree: Vec<&str> =
            touched.lines().filter(|line| line.contains(source_tree.to_str().expect("UTF-8"))).collect();
        assert!(
            reads_the_tree.is_empty(),
            "`acme {}` touched the source tree:\n{}",
            arguments.join(" "),
            reads_the_tree.join("\n")
        );
        outputs.push((code, stdout, stderr));
    }

    let (code, stdout, stderr) = &outputs[0];
    assert_eq!((*code, stderr.as_str()), (0, ""));
    assert!(stdout.lines().any(|line| line.starts_with("sync-api-dynamodb ")), "{stdout}");
    let (code, stdout, _) = &outputs[1];
    assert_eq!(*code, 0);
    assert!(stdout.starts_with("sqs-redrive "), "{stdout}");
    assert_eq!(outputs[2].0, 0, "{}", outputs[2].2);
    assert_eq!(
        read_text_tree(&work.join("module")),
        read_text_tree(&source_tree.join("blueprints/baseline-lambda/golden")),
        "the installed binary's module differs from the golden one"
    );
    let (code, stdout, stderr) = &outputs[3];
    assert_eq!((*code, stderr.as_str()), (0, ""), "{stdout}");
    assert!(stdout.contains("(15 files, templates from the built-in templates)"), "{stdout}");
    assert_eq!(
        read_text_tree(&work.join("service")),
        read_text_tree(&source_tree.join("examples/services/rest-api")),
        "the installed binary's service differs from the golden one"
    );
    // Errors name the binary the user runs.
    let (code, stdout, stderr) = &outputs[4];
    assert_eq!((*code, stdout.as_str()), (1, ""));
    assert_eq!(stderr, "error: unknown blueprint `sqs-redrve`; did you mean `sqs-redrive`?\n");
}

#[test]
fn help_usage_and_errors_name_the_binary_it_was_started_as() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let binary = install(scratch.path());
    let run = |arguments: &[&str]| {
        let output = Command::new(&binary).args(arguments).current_dir(scratch.path()).env("NO_COLOR", "1").output();
        let output = output.expect("the binary runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: acme <COMMAND>"), "{stdout}");
    assert!(!stdout.contains("paved "), "{stdout}");
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!((code, stdout.as_str()), (0, concat!("acme ", env!("CARGO_PKG_VERSION"), "\n")));
    let (code, _, stderr) = run(&["blueprnts"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unrecognized subcommand 'blueprnts'"), "{stderr}");
    assert!(stderr.contains("Usage: acme <COMMAND>"), "{stderr}");
    let (code, _, stderr) = run(&["publish"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("Usage: acme publish --registry <REGISTRY>"), "{stderr}");
    let (code, stdout, _) = run(&["publish", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("[default: platform]"), "the catalog's namespace is the default: {stdout}");
    // A library's message naming a command names this binary's.
    let (code, _, stderr) = run(&["registry", "verify", "no-registry"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("run `acme registry repair no-registry`"), "{stderr}");
    assert!(!stderr.contains("`paved "), "{stderr}");
}

/// Every `.rs` file under `folder`.
fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("reads").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_library_reads_a_build_machine_path_at_run_time() {
    let root = repository_root();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/").flatten() {
        // paved-testing runs inside a catalog crate's `cargo test`, where `CARGO_MANIFEST_DIR`
        // is the calling crate's folder (set by cargo at run time, not baked in at build time);
        // no binary links it.
        if entry.file_name() == "paved-testing" {
            continue;
        }
        if entry.path().join("src").is_dir() {
            rust_files(&entry.path().join("src"), &mut files);
        }
    }
    for entry in std::fs::read_dir(root.join("blueprints")).expect("blueprints/").flatten() {
        if entry.path().join("blueprint.rs").is_file() {
            files.push(entry.path().join("blueprint.rs"));
        }
    }
    assert!(files.len() > 20, "found only {} source files", files.len());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reads");
        // Unit tests live in a `#[cfg(test)]` module at the end of a file.
        let running = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (index, line) in running.lines().enumerate() {
            if line.contains("CARGO_MANIFEST_DIR") && !line.trim_start().starts_with("//") {
                found.push(format!(
                    "{}:{}: {}",
                    file.strip_prefix(&root).unwrap_or(&file).display(),
                    index + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "code an installed binary runs reads the build machine's paths; embed the files (include_str!, a build \
         script) or take the path as an argument:\n{}",
        found.join("\n")
    );
}
