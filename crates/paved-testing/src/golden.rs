//! Golden and schema drift: `<blueprints>/<name>/golden/` and `inputs.schema.json` equal what
//! Paved emits today; `PAVED_BLESS=1` rewrites them.

use crate::modules::{Blueprints, first_difference, read_text_tree};
use paved_blueprint::Definition;
use std::collections::BTreeMap;
use std::path::Path;

/// The environment variable that rewrites golden files instead of comparing them: `PAVED_BLESS=1`.
pub const BLESS_VARIABLE: &str = "PAVED_BLESS";

/// Whether this run rewrites golden files (`PAVED_BLESS` set to anything but empty or `0`).
pub fn bless_run() -> bool {
    std::env::var_os(BLESS_VARIABLE).is_some_and(|value| !value.is_empty() && value != "0")
}

/// The golden module folder and committed schema file of one blueprint folder.
const GOLDEN: &str = "golden";
const SCHEMA: &str = "inputs.schema.json";

/// Compares (or, with `bless`, rewrites) the committed output of every blueprint with a folder.
pub(crate) fn golden_problems(blueprints: Blueprints<'_>, folder: &Path, bless: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for definition in blueprints.with_folder(folder) {
        let blueprint_folder = folder.join(definition.name.as_str());
        let files = blueprints.emit(definition);
        let schema = schema_text(definition);
        if bless {
            bless_blueprint(&blueprint_folder, &files, &schema);
            continue;
        }
        let emitted: BTreeMap<String, String> =
            files.iter().map(|(path, content)| (path.to_owned(), content.to_owned())).collect();
        problems.extend(module_differences(definition, &emitted, &read_text_tree(&blueprint_folder.join(GOLDEN))));
        problems.extend(schema_difference(definition, &blueprint_folder, &schema));
    }
    problems
}

/// The published schema of the inputs, as committed: pretty JSON and a final newline.
fn schema_text(definition: &Definition) -> String {
    serde_json::to_string_pretty(&definition.schema).expect("a JSON value serialises") + "\n"
}

/// Writes the golden module (removing files no longer emitted) and the schema of one blueprint.
fn bless_blueprint(blueprint_folder: &Path, files: &paved_module::ModuleFiles, schema: &str) {
    let golden = blueprint_folder.join(GOLDEN);
    files.write_to(&golden, true).unwrap_or_else(|error| panic!("writing `{}`: {error}", golden.display()));
    let schema_file = blueprint_folder.join(SCHEMA);
    std::fs::write(&schema_file, schema).unwrap_or_else(|error| panic!("writing `{}`: {error}", schema_file.display()));
}

/// One line per golden file that is missing, differs (with the first differing line) or is no
/// longer emitted.
fn module_differences(
    definition: &Definition,
    emitted: &BTreeMap<String, String>,
    committed: &BTreeMap<String, String>,
) -> Vec<String> {
    let name = &definition.name;
    let mut problems = Vec::new();
    for (path, content) in emitted {
        match committed.get(path) {
            None => problems.push(format!("{name}: {GOLDEN}/{path} is missing")),
            Some(old) if old != content => {
                problems.push(format!("{name}: {GOLDEN}/{path} differs at {}", first_difference(old, content)))
            }
            Some(_) => {}
        }
    }
    for path in committed.keys().filter(|path| !emitted.contains_key(*path)) {
        problems.push(format!("{name}: {GOLDEN}/{path} is no longer emitted"));
    }
    problems
}

/// The problem with the committed schema file, if any.
fn schema_difference(definition: &Definition, blueprint_folder: &Path, schema: &str) -> Option<String> {
    let name = &definition.name;
    match std::fs::read_to_string(blueprint_folder.join(SCHEMA)) {
        Ok(old) if old == schema => None,
        Ok(old) => Some(format!("{name}: {SCHEMA} differs at {}", first_difference(&old, schema))),
        Err(_) => Some(format!("{name}: {SCHEMA} is missing")),
    }
}

/// The failure message for stale committed output.
pub(crate) fn stale_message(problems: &[String]) -> String {
    format!(
        "the committed output is stale:\n  {}\nif the change is intended, run this test again with {BLESS_VARIABLE}=1 \
         (for Paved's own blueprints: `{BLESS_VARIABLE}=1 cargo test -p paved-tests --test consumers golden`), \
         review the diff and commit it",
        problems.join("\n  ")
    )
}
