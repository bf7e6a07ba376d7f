//! Every blueprint folder is in the catalog: a folder added under `blueprints/` but never added
//! to the catalog would otherwise be skipped by every other helper, untested and unpublished.

use crate::modules::Blueprints;
use std::path::Path;

/// The files and folders that make a folder a blueprint's: any one of them.
const BLUEPRINT_FILES: [&str; 4] = ["blueprint.rs", "main.tf.hbs", "inputs.schema.json", "golden"];

/// The blueprint folders under `folder` whose name is no blueprint of the catalog, one line each;
/// folders holding none of [`BLUEPRINT_FILES`] (such as Paved's `service-types/`) are not
/// blueprints and are left alone.
///
/// # Panics
/// When `folder` cannot be read, or holds no blueprint folder at all.
pub(crate) fn folder_problems(blueprints: Blueprints<'_>, folder: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|error| {
        panic!("reading `{}`: {error}; pass the folder holding one folder per blueprint", folder.display())
    });
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter(|entry| BLUEPRINT_FILES.iter().any(|file| entry.path().join(file).exists()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "`{}` holds no blueprint folder (a folder with one of {}), so there is nothing to check; is it the right folder?",
        folder.display(),
        BLUEPRINT_FILES.join(", ")
    );
    let known: Vec<&str> = blueprints.iter().into_iter().map(|definition| definition.name.as_str()).collect();
    names
        .iter()
        .filter(|name| !known.contains(&name.as_str()))
        .map(|name| {
            let hint = match paved_blueprint::closest(name, known.iter().copied()) {
                Some(close) => format!(" (did you mean `{close}`? the folder must be named as the blueprint)"),
                None => String::new(),
            };
            format!(
                "`{}` holds a blueprint the catalog does not have{hint}: add its type to the catalog \
                 (`.add::<YourBlueprint>()` on the catalog's builder), or remove the folder",
                folder.join(name).display()
            )
        })
        .collect()
}
