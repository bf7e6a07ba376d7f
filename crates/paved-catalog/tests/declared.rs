//! Every folder under `blueprints/` holding a `blueprint.rs` is a module of this crate and a
//! blueprint of the built-in catalog; the failure names the lines to add.

use paved_catalog::Catalog;
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// `baseline-lambda` → `BaselineLambda`.
fn marker_type(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut characters = word.chars();
            characters
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + characters.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// What is missing for the folders `folders` (names under `blueprints/`), given the source of
/// `src/lib.rs` and the names the built-in catalog has: `None` when nothing is.
fn missing_declarations(folders: &[String], lib_rs: &str, builtin: &[&str]) -> Option<String> {
    let mut missing = String::new();
    for name in folders {
        let module = name.replace('-', "_");
        let path_line = format!("#[path = \"../../../blueprints/{name}/blueprint.rs\"]");
        if !lib_rs.contains(&path_line) {
            missing.push_str(&format!(
                "blueprints/{name}/ is not a module of paved-catalog; add to crates/paved-catalog/src/lib.rs:\n\n\
                 /// The `{name}` blueprint (`blueprints/{name}/`).\n{path_line}\npub mod {module};\n\n"
            ));
        }
        if !builtin.contains(&name.as_str()) {
            missing.push_str(&format!(
                "blueprints/{name}/ is not in the built-in catalog; add to `CatalogBuilder::with_builtin` in \
                 crates/paved-catalog/src/builder.rs:\n\n    .add::<crate::{module}::{marker}>()\n\n",
                marker = marker_type(name)
            ));
        }
    }
    for name in builtin {
        if !folders.iter().any(|folder| folder == name) {
            missing.push_str(&format!("the built-in blueprint `{name}` has no folder blueprints/{name}/\n"));
        }
    }
    (!missing.is_empty()).then_some(missing)
}

fn blueprint_folders() -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(repository().join("blueprints"))
        .expect("blueprints/ is readable")
        .flatten()
        .filter(|entry| entry.path().join("blueprint.rs").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    folders
}

#[test]
fn every_blueprints_folder_is_declared_and_in_the_builtin_catalog() {
    let lib_rs = std::fs::read_to_string(repository().join("crates/paved-catalog/src/lib.rs")).expect("lib.rs");
    let builtin: Vec<&str> = Catalog::builtin().iter().map(|definition| definition.name.as_str()).collect();
    let folders = blueprint_folders();
    assert!(folders.len() >= 4, "found only {folders:?}");
    if let Some(missing) = missing_declarations(&folders, &lib_rs, &builtin) {
        panic!("{missing}");
    }
}

#[test]
fn an_undeclared_folder_is_reported_with_the_lines_to_add() {
    let lib_rs = std::fs::read_to_string(repository().join("crates/paved-catalog/src/lib.rs")).expect("lib.rs");
    let builtin: Vec<&str> = Catalog::builtin().iter().map(|definition| definition.name.as_str()).collect();
    let mut folders = blueprint_folders();
    folders.push("acme-private-bucket".to_owned());
    let missing = missing_declarations(&folders, &lib_rs, &builtin).expect("the new folder is missing");
    assert_eq!(
        missing,
        "blueprints/acme-private-bucket/ is not a module of paved-catalog; add to crates/paved-catalog/src/lib.rs:\n\n\
         /// The `acme-private-bucket` blueprint (`blueprints/acme-private-bucket/`).\n\
         #[path = \"../../../blueprints/acme-private-bucket/blueprint.rs\"]\n\
         pub mod acme_private_bucket;\n\n\
         blueprints/acme-private-bucket/ is not in the built-in catalog; add to `CatalogBuilder::with_builtin` in \
         crates/paved-catalog/src/builder.rs:\n\n    .add::<crate::acme_private_bucket::AcmePrivateBucket>()\n\n"
    );
}
