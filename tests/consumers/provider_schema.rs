//! Every emitted `resource` and `data` block fits the real hashicorp/aws provider schema: the
//! `paved-testing` helper a platform team's catalog crate calls too (its docs say what it checks,
//! and its own tests prove it reports each kind of mistake), against the schema it embeds,
//! `tests/data/aws-provider-schema.json`. That file holds exactly the types the extractor lists.

use paved_catalog::Catalog;
use paved_testing::{EXTRACTOR, ProviderSchema, REGENERATE, SCHEMA_FILE};
use paved_tests::{blueprints_folder, repository_root};

#[test]
fn every_emitted_resource_and_data_block_matches_the_aws_provider_schema() {
    paved_testing::assert_provider_schema_valid(Catalog::builtin(), &blueprints_folder());
}

#[test]
fn the_schema_file_holds_exactly_the_types_the_extractor_lists() {
    let schema = ProviderSchema::embedded();
    let script_path = repository_root().join(EXTRACTOR);
    let script = std::fs::read_to_string(&script_path)
        .unwrap_or_else(|error| panic!("reading `{}`: {error}", script_path.display()));
    let listed = |name: &str| -> Vec<String> {
        let start =
            script.find(&format!("const {name} = [")).unwrap_or_else(|| panic!("{EXTRACTOR} has no {name} list"));
        let list = &script[start..start + script[start..].find("];").expect("the list ends")];
        list.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
    };
    assert_eq!(
        (listed("RESOURCE_TYPES"), listed("DATA_SOURCE_TYPES")),
        (schema.resource_types().map(str::to_owned).collect(), schema.data_source_types().map(str::to_owned).collect()),
        "{SCHEMA_FILE} is out of date with the lists in {EXTRACTOR}; regenerate it: {REGENERATE}"
    );
}
