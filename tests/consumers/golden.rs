//! The committed golden output under `blueprints/<name>/` matches what Paved emits today:
//! `golden/` (the whole module) and `inputs.schema.json` (the published schema of the inputs),
//! checked by the `paved-testing` helper a platform team's catalog crate calls too.
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers golden`.

use paved_catalog::Catalog;
use paved_tests::blueprints_folder;

#[test]
fn committed_golden_modules_and_schemas_match_what_paved_emits() {
    paved_testing::assert_golden_current(Catalog::builtin(), &blueprints_folder());
}

#[test]
fn every_blueprint_folder_is_in_the_catalog() {
    paved_testing::assert_every_folder_in_catalog(Catalog::builtin(), &blueprints_folder());
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
