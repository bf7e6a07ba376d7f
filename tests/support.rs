//! Helpers shared by the consumer tests: finding external tools (failing under CI, skipping
//! loudly elsewhere), also in the project's Python virtualenv, running Terraform offline, and
//! emitting the whole catalog.

use paved_catalog::Catalog;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Finds an external tool on `PATH` (or at `PAVED_<NAME>` when set).
///
/// When the tool is missing: under CI (`CI` set) the test fails, because CI must install it;
/// elsewhere the test is skipped with a loud message on stderr.
pub fn require_tool(name: &str) -> Option<PathBuf> {
    require_tool_also_at(name, &[], "`bash .ci/run` or install it")
}

/// Like [`require_tool`], but when the tool is neither at `PAVED_<NAME>` nor on `PATH`, also tries
/// each of `fallbacks` in order. `install` tells how to install the tool, for the message shown
/// when it is missing (for example "`bash .ci/install-checkov.sh`").
pub fn require_tool_also_at(name: &str, fallbacks: &[PathBuf], install: &str) -> Option<PathBuf> {
    let variable = format!("PAVED_{}", name.to_ascii_uppercase().replace('-', "_"));
    let found = std::env::var_os(&variable)
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths).map(|folder| folder.join(name)).find(|candidate| candidate.is_file())
            })
        })
        .or_else(|| fallbacks.iter().find(|candidate| candidate.is_file()).cloned());
    if found.is_none() {
        let elsewhere: String = fallbacks.iter().map(|fallback| format!(" and at {}", fallback.display())).collect();
        let message = format!(
            "`{name}` is not installed (looked on PATH and at ${variable}{elsewhere}); run {install} to run this test"
        );
        if std::env::var_os("CI").is_some() {
            panic!("{message}");
        }
        eprintln!("\n!!!!!!!!!! SKIPPED: {message} !!!!!!!!!!\n");
    }
    found
}

/// The virtualenv that `.ci/install-checkov.sh` installs Python tools into: `$PAVED_VENV`, or
/// `.venv` at the repository root.
pub fn python_virtualenv() -> PathBuf {
    std::env::var_os("PAVED_VENV").map(PathBuf::from).unwrap_or_else(|| repository_root().join(".venv"))
}

/// A `terraform` command that never reaches the network for checkpoints and ignores the user's
/// CLI configuration.
pub fn terraform(binary: &Path, directory: &Path) -> Command {
    let mut command = Command::new(binary);
    let empty_config = std::env::temp_dir().join("paved-empty-terraformrc");
    if !empty_config.exists() {
        let _ = std::fs::write(&empty_config, "");
    }
    command
        .current_dir(directory)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_CLI_CONFIG_FILE", empty_config)
        .env_remove("TF_LOG");
    command
}

/// Emits every catalog blueprint under `root/<name>/`, returning `(name, directory)` pairs.
pub fn emit_catalog(root: &Path) -> Vec<(String, PathBuf)> {
    let catalog = Catalog::builtin();
    catalog
        .iter()
        .map(|definition| {
            let directory = root.join(definition.name.as_str());
            let files = paved_module::emit(definition, &|name| catalog.get(name).ok())
                .unwrap_or_else(|error| panic!("emitting {}: {error}", definition.name));
            files.write_to(&directory, true).unwrap_or_else(|error| panic!("writing {}: {error}", definition.name));
            (definition.name.to_string(), directory)
        })
        .collect()
}

/// The repository's root folder.
pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.tf` file under `directory`, sorted.
pub fn terraform_files(directory: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![directory.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "tf") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Strings that must survive emission unchanged: template markers and their escapes, quotes,
/// backslashes, newlines, control characters and attempts to close the string or the block.
pub const HOSTILE_SAMPLES: &[&str] = &[
    "${var.secret}",
    "%{ if true }x%{ endif }",
    "$${already-escaped}",
    "$$${=",
    "${$${",
    "\"; injected = true; x = \"",
    "line one\nline two\r\n",
    "back\\slash \\n \\\"",
    "\u{0}\u{1}\u{1f}\u{7f}\u{85}",
    "\u{2028}\u{2029}é漢🙂",
    "}\n}\nresource \"aws_iam_user\" \"evil\" {\n",
    "<<EOT\nheredoc?\nEOT",
    "# not a comment // nor this /* nor */",
    "trailing $",
    "trailing %",
    "$$$${{{",
];

/// A proptest strategy for strings built from the pieces most likely to break an escaper.
pub fn hostile_string() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("${".to_owned()),
        Just("%{".to_owned()),
        Just("$${".to_owned()),
        Just("%%{".to_owned()),
        Just("$".to_owned()),
        Just("%".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("é漢🙂".to_owned()),
        Just("\" }\nresource \"x\" \"y\" {".to_owned()),
        Just("<<EOT\n".to_owned()),
        Just("#".to_owned()),
        Just("/*".to_owned()),
        "[a-z =]{0,4}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The example stack file, `examples/orders/stack.toml`.
pub fn example_stack_file() -> PathBuf {
    repository_root().join("examples/orders/stack.toml")
}

/// Composes `stack_file` with its modules taken from `source`, writing the result to `out`.
pub fn compose_stack(stack_file: &Path, source: paved_stack::ModuleSource, out: &Path) -> paved_module::ModuleFiles {
    let mut stack = paved_stack::read_stack_file(stack_file).unwrap_or_else(|error| panic!("{error}"));
    stack.set_source(source);
    let files = stack.compose(Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");
    files.write_to(out, true).expect("writes");
    files
}

/// Every file under `root` (but files named `.paved-*`, which are publishing's lock and
/// temporary files), by path relative to `root` with `/` separators.
pub fn read_tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with(".paved-") {
                let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// [`read_tree`] as text, for comparing emitted files and showing where they differ.
pub fn read_text_tree(root: &Path) -> std::collections::BTreeMap<String, String> {
    read_tree(root).into_iter().map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned())).collect()
}
