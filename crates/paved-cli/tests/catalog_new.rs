//! `paved catalog new` as a platform team runs it: the committed `examples/acme-catalog/` is its
//! output (so the two cannot drift), bad names and sources are refused with nothing written, and
//! end to end, a generated catalog builds, lists Paved's blueprints and its own, composes a mixed
//! stack, publishes its registry, and the real `terraform get` installs its modules over HTTPS.

mod common;

use common::paved;
use paved_tests::{read_text_tree, require_tool};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

fn repository() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).canonicalize().expect("the repository exists")
}

/// What `examples/acme-catalog/` adds to the generated crate: the bucket blueprint, its stack and
/// policy, and the tests of that policy.
const EXAMPLE_ONLY: [&str; 4] = ["blueprints/acme-private-bucket/", "stacks/archive", "policies/", "tests/policy.rs"];

/// The files of a catalog crate, without build output, with the folder its `Cargo.toml` takes
/// Paved's crates from written as `[PAVED]`.
fn catalog_files(root: &Path) -> BTreeMap<String, String> {
    let dependency = regex::Regex::new(r#"path = "[^"]*/crates/(paved-[a-z]+)""#).expect("valid regex");
    read_text_tree(root)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("target/") && path != "Cargo.lock")
        .map(|(path, content)| {
            let content = if path == "Cargo.toml" {
                dependency.replace_all(&content, r#"path = "[PAVED]/crates/$1""#).into_owned()
            } else {
                content
            };
            (path, content)
        })
        .collect()
}

#[test]
fn catalog_new_writes_the_committed_acme_example() {
    let work = tempfile::tempdir().expect("temp dir");
    let repository = repository();
    let arguments = ["catalog", "new", "acme-catalog", "--out", "acme-catalog", "--paved-path"];
    let (code, stdout, stderr) = paved(&[&arguments[..], &[repository.to_str().expect("UTF-8")]].concat(), work.path());
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let files = catalog_files(&work.path().join("acme-catalog"));
    assert!(
        stdout
            .starts_with(&format!("created the catalog crate acme-catalog in acme-catalog ({} files)\n", files.len())),
        "{stdout}"
    );
    let mut committed = catalog_files(&repository.join("examples/acme-catalog"));
    committed.retain(|path, _| !EXAMPLE_ONLY.iter().any(|extra| path.starts_with(extra)));
    // The example's catalog also declares and adds the bucket blueprint: three lines of src/lib.rs.
    if let Some(lib) = committed.get_mut("src/lib.rs") {
        *lib = lib
            .lines()
            .filter(|line| !line.contains("private_bucket") && !line.contains("private-bucket"))
            .map(|line| format!("{line}\n"))
            .collect();
    }
    let differences = paved_tests::tree_differences("examples/acme-catalog", &files, &committed);
    assert!(
        differences.is_empty(),
        "`paved catalog new acme-catalog` no longer writes examples/acme-catalog/ (regenerate it with \
         `paved catalog new acme-catalog --out examples/acme-catalog --paved-path . --force`, keeping the \
         bucket blueprint):\n{}",
        differences.join("\n")
    );
    // The example's manifest takes Paved from this repository, relative to itself.
    let manifest = std::fs::read_to_string(repository.join("examples/acme-catalog/Cargo.toml")).expect("reads");
    assert!(manifest.contains(r#"paved-cli = { path = "../../crates/paved-cli" }"#), "{manifest}");
}

#[test]
fn catalog_new_takes_paved_from_git_or_a_relative_folder() {
    let work = tempfile::tempdir().expect("temp dir");
    let git = ["catalog", "new", "globex", "--out", "globex", "--paved-git", "https://git.example.com/paved.git"];
    let (code, _, stderr) = paved(&[&git[..], &["--paved-rev", "v0.1.0"]].concat(), work.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    let manifest = std::fs::read_to_string(work.path().join("globex/Cargo.toml")).expect("reads");
    assert!(
        manifest.contains(r#"paved-catalog = { git = "https://git.example.com/paved.git", rev = "v0.1.0" }"#),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(work.path().join("globex/src/lib.rs")).expect("reads");
    assert!(lib.contains(".namespace(\"globex\")") && lib.contains("globex_function::GlobexFunction"), "{lib}");

    // A relative --paved-path is relative to where paved runs, and written relative to the crate.
    let repository = repository();
    let nested = work.path().join("deep/er");
    std::fs::create_dir_all(&nested).expect("creates");
    let link = work.path().join("paved");
    std::os::unix::fs::symlink(&repository, &link).expect("links");
    let (code, _, stderr) =
        paved(&["catalog", "new", "initech-catalog", "--out", "deep/er/initech", "--paved-path", "paved"], work.path());
    assert_eq!((code, stderr.as_str()), (0, ""));
    let manifest = std::fs::read_to_string(nested.join("initech/Cargo.toml")).expect("reads");
    let written = regex::Regex::new(r#"paved-cli = \{ path = "([^"]+)" \}"#)
        .expect("valid regex")
        .captures(&manifest)
        .unwrap_or_else(|| panic!("{manifest}"))[1]
        .to_owned();
    assert!(Path::new(&written).is_relative(), "{written}");
    assert_eq!(
        nested.join("initech").join(&written).canonicalize().expect("resolves"),
        repository.join("crates/paved-cli")
    );
}

#[test]
fn catalog_new_refuses_bad_names_and_sources_and_writes_nothing() {
    let work = tempfile::tempdir().expect("temp dir");
    let repository = repository();
    let paved_path = repository.to_str().expect("UTF-8");
    for (name, message) in [
        (
            "Acme_Catalog",
            "`Acme_Catalog` is not a valid catalog name: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter, such as `acme-catalog`; did you mean `acme-catalog`?",
        ),
        (
            "paved-cli",
            "`paved-cli` cannot name a catalog crate: Rust or a crate the catalog depends on uses it; did you mean `paved-cli-catalog`?",
        ),
    ] {
        let (code, stdout, stderr) =
            paved(&["catalog", "new", name, "--out", "out", "--paved-path", paved_path], work.path());
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
    }
    let (code, _, stderr) = paved(&["catalog", "new", "acme-catalog", "--out", "out"], work.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("--paved-path"), "{stderr}");

    std::fs::create_dir(work.path().join("not-paved")).expect("creates");
    let (code, _, stderr) =
        paved(&["catalog", "new", "acme-catalog", "--out", "out", "--paved-path", "not-paved"], work.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("`not-paved` does not hold Paved's workspace (no `crates/paved-cli/Cargo.toml` in it); pass the folder of a Paved clone to --paved-path, or use --paved-git"), "{stderr}");
    assert!(!work.path().join("out").exists(), "a refused catalog wrote files");

    // A directory that holds files is kept as it is.
    std::fs::create_dir(work.path().join("out")).expect("creates");
    std::fs::write(work.path().join("out/notes.txt"), "mine").expect("writes");
    let (code, _, stderr) =
        paved(&["catalog", "new", "acme-catalog", "--out", "out", "--paved-path", paved_path], work.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("`out` already exists and is not empty"), "{stderr}");
    assert_eq!(read_text_tree(&work.path().join("out")).into_keys().collect::<Vec<_>>(), ["notes.txt"]);
}

/// The target folder of this workspace, shared by the catalog builds so Paved's crates and their
/// dependencies are compiled once.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repository().join("target"))
}

/// Checkov for the catalog's tests: the one Paved is tested with (`PAVED_CHECKOV`, `.venv`, `PATH`).
fn checkov() -> Option<PathBuf> {
    paved_tests::require_tool_also_at(
        "checkov",
        &[repository().join(".venv/bin/checkov")],
        "`bash .ci/install-checkov.sh`",
    )
}

/// `cargo <arguments>` in `crate_dir`, offline, with this workspace's target folder and `checkov`
/// for the catalog's tests, timed.
fn cargo(crate_dir: &Path, arguments: &[&str], checkov: &Path) -> Output {
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(arguments)
        .arg("--offline")
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CI", "true")
        .env("PAVED_CHECKOV", checkov)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    eprintln!(
        "cargo {} in {} took {:.1} s ({})",
        arguments.join(" "),
        crate_dir.display(),
        started.elapsed().as_secs_f64(),
        output.status
    );
    assert!(
        output.status.success(),
        "cargo {arguments:?} failed in {}:\n{}{}",
        crate_dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs a catalog's binary with `arguments` in `directory`: its exit code, stdout and stderr.
fn run(binary: &Path, arguments: &[&str], directory: &Path) -> (i32, String, String) {
    let output =
        Command::new(binary).args(arguments).current_dir(directory).env("NO_COLOR", "1").output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Writes this workspace's `Cargo.lock` into `crate_dir`, so the catalog resolves to the versions
/// Paved is tested with, offline.
fn copy_lock_file(crate_dir: &Path) {
    std::fs::copy(repository().join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("copies Cargo.lock");
}

/// The whole road for a new platform team: `paved catalog new`, build, test (the paved-testing
/// helpers over its own blueprint), then its binary from another directory: list, compose a
/// stack mixing its blueprint and a built-in one, publish, and `terraform get` over HTTPS.
#[test]
fn a_generated_catalog_builds_publishes_and_terraform_installs_its_modules() {
    let Some(terraform) = require_tool("terraform") else { return };
    let Some(openssl) = require_tool("openssl") else { return };
    let Some(checkov) = checkov() else { return };
    let work = tempfile::tempdir().expect("temp dir");
    let repository = repository();
    let paved_path = repository.to_str().expect("UTF-8");
    let (code, stdout, stderr) = paved(
        &["catalog", "new", "globex-catalog", "--out", "globex-catalog", "--paved-path", paved_path],
        work.path(),
    );
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let crate_dir = work.path().join("globex-catalog");
    copy_lock_file(&crate_dir);
    cargo(&crate_dir, &["build"], &checkov);
    cargo(&crate_dir, &["test"], &checkov);
    let binary = target_dir().join("debug/globex-catalog");

    // Run from another directory: nothing is read from the build machine's source tree.
    let elsewhere = work.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("creates");
    let (code, listing, stderr) = run(&binary, &["blueprints"], &elsewhere);
    assert_eq!((code, stderr.as_str()), (0, ""));
    for blueprint in ["baseline-lambda", "sqs-redrive", "sync-api-dynamodb", "scheduled-lambda", "globex-function"] {
        assert!(listing.lines().any(|line| line.starts_with(&format!("{blueprint} "))), "{blueprint}:\n{listing}");
    }
    let (code, _, stderr) = run(&binary, &["--help"], &elsewhere);
    assert_eq!((code, stderr.as_str()), (0, ""));

    let (code, stdout, stderr) = run(&binary, &["publish", "--registry", "registry"], &elsewhere);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let registry = elsewhere.join("registry");
    for module in ["globex/globex-function/aws", "globex/sqs-redrive/aws"] {
        assert!(
            registry.join("v1/modules").join(module).join("versions").is_file(),
            "{module} not published:\n{stdout}"
        );
    }

    let tls = work.path().join("tls");
    paved_tests::make_certificates(&openssl, &tls);
    let server = paved_registry::serve(paved_registry::ServeOptions {
        tls: Some((tls.join("server.pem"), tls.join("server-key.pem"))),
        ..paved_registry::ServeOptions::new(&registry)
    })
    .expect("serves");
    let host = format!("127.0.0.1:{}", server.address().port());
    let stack = std::fs::read_to_string(crate_dir.join("stacks/example.toml"))
        .expect("reads")
        .replace("mode = \"vendored\"", &format!("mode = \"registry\"\nregistry = \"{host}/globex\""));
    std::fs::write(elsewhere.join("stack.toml"), stack).expect("writes");
    let (code, stdout, stderr) = run(&binary, &["compose", "stack.toml", "--out", "composed"], &elsewhere);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");

    let started = Instant::now();
    let output = paved_tests::terraform(&terraform, &elsewhere.join("composed"))
        .args(["get", "-no-color"])
        .env("SSL_CERT_FILE", tls.join("ca.pem"))
        .output()
        .expect("terraform runs");
    eprintln!("terraform get took {:?}", started.elapsed());
    assert!(output.status.success(), "terraform get failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let installed = paved_tests::installed_modules(&elsewhere.join("composed"));
    let sqs_redrive = paved_catalog::Catalog::builtin().get("sqs-redrive").expect("built in").version.to_string();
    assert_eq!(
        installed,
        ["@-".to_owned(), format!("queue@{sqs_redrive}"), "worker.function@-".to_owned(), "worker@1.0.0".to_owned()],
        "terraform did not install the catalog's modules from its registry"
    );
}

/// `examples/acme-catalog/` builds and passes its own tests (the paved-testing helpers over its
/// blueprints, including the bucket, and its policy rule, compliant and violating), built from a
/// copy whose manifest names this repository by absolute path.
#[test]
fn the_acme_example_builds_and_passes_its_tests() {
    let Some(checkov) = checkov() else { return };
    let work = tempfile::tempdir().expect("temp dir");
    let repository = repository();
    let crate_dir = work.path().join("acme-catalog");
    let source = repository.join("examples/acme-catalog");
    for (path, content) in catalog_files(&source) {
        let target = crate_dir.join(&path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("creates");
        let content = if path == "Cargo.toml" {
            content.replace("[PAVED]", repository.to_str().expect("UTF-8"))
        } else {
            content
        };
        std::fs::write(target, content).expect("writes");
    }
    copy_lock_file(&crate_dir);
    let format = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["fmt", "--check"])
        .current_dir(&crate_dir)
        .output()
        .expect("cargo fmt runs");
    assert!(
        format.status.success(),
        "examples/acme-catalog is not formatted:\n{}",
        String::from_utf8_lossy(&format.stdout)
    );
    cargo(&crate_dir, &["test"], &checkov);
}
