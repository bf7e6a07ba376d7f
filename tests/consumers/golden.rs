//! The committed golden output under `blueprints/<name>/` matches what Paved emits today:
//! `golden/` (the whole module) and `inputs.schema.json` (the published schema of the inputs).
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden`.

use paved_catalog::Catalog;
use std::collections::BTreeMap;

const BLESS: &str = "PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden";

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "line {}: committed `{}`, emitted `{}`",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of file>")
    )
}

#[test]
fn committed_golden_modules_and_schemas_match_what_paved_emits() {
    let catalog = Catalog::builtin();
    let bless = std::env::var_os("PAVED_BLESS").is_some();
    let mut problems = Vec::new();
    for definition in catalog.iter() {
        let name = definition.name.as_str();
        let folder = paved_tests::repository_root().join("blueprints").join(name);
        let files = paved_module::emit(definition, &|nested| catalog.get(nested).ok()).expect("emits");
        let emitted: BTreeMap<String, String> =
            files.iter().map(|(path, content)| (path.to_owned(), content.to_owned())).collect();
        let schema = serde_json::to_string_pretty(&definition.schema).expect("schema serialises") + "\n";
        let golden = folder.join("golden");
        if bless {
            files.write_to(&golden, true).expect("golden folder is writable");
            std::fs::write(folder.join("inputs.schema.json"), &schema).expect("schema file is writable");
            continue;
        }
        let committed = paved_tests::read_text_tree(&golden);
        for (path, content) in &emitted {
            match committed.get(path) {
                None => problems.push(format!("{name}: golden/{path} is missing")),
                Some(old) if old != content => {
                    problems.push(format!("{name}: golden/{path} differs at {}", first_difference(old, content)))
                }
                Some(_) => {}
            }
        }
        for path in committed.keys().filter(|path| !emitted.contains_key(*path)) {
            problems.push(format!("{name}: golden/{path} is no longer emitted"));
        }
        match std::fs::read_to_string(folder.join("inputs.schema.json")) {
            Ok(old) if old == schema => {}
            Ok(old) => {
                problems.push(format!("{name}: inputs.schema.json differs at {}", first_difference(&old, &schema)))
            }
            Err(_) => problems.push(format!("{name}: inputs.schema.json is missing")),
        }
    }
    assert!(
        problems.is_empty(),
        "the committed output is stale:\n  {}\nif the change is intended, run `{BLESS}` and commit the result",
        problems.join("\n  ")
    );
}

#[test]
fn emission_is_deterministic() {
    let catalog = Catalog::builtin();
    for definition in catalog.iter() {
        let first = paved_module::emit(definition, &|nested| catalog.get(nested).ok()).expect("emits");
        let second = paved_module::emit(definition, &|nested| catalog.get(nested).ok()).expect("emits");
        assert_eq!(first, second, "{} emits different output on two runs", definition.name);
    }
}

#[test]
fn committed_schemas_are_valid_json_schemas_that_accept_the_examples() {
    for definition in Catalog::builtin().iter() {
        let validator = jsonschema::validator_for(&definition.schema).unwrap_or_else(|error| {
            panic!("{}: the inputs schema is not a valid JSON Schema: {error}", definition.name)
        });
        let errors: Vec<String> = validator.iter_errors(&definition.example).map(|error| error.to_string()).collect();
        assert!(errors.is_empty(), "{}: the schema refuses the example: {errors:?}", definition.name);
    }
}
