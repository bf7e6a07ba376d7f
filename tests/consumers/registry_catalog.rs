//! `registry/` is the published registry of the built-in catalog: republishing the catalog into a
//! copy of it changes nothing. A blueprint whose output changed without a new version fails here
//! (published versions are immutable), and so does a new version nobody published.

use paved_catalog::Catalog;
use paved_registry::{Interface, PublishError, PublishOutcome, Release, publish};
use paved_tests::repository_root;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in paved_tests::read_tree(from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("has a parent")).expect("creates");
        std::fs::write(target, bytes).expect("writes");
    }
}

#[test]
fn the_committed_registry_holds_the_catalog_as_it_is_now() {
    let committed = repository_root().join("registry");
    let scratch = tempfile::tempdir().expect("dir");
    copy_tree(&committed, scratch.path());
    let before = paved_tests::read_tree(scratch.path());
    let catalog = Catalog::builtin();
    let mut problems = Vec::new();
    for definition in catalog.iter() {
        let release = Release::of_blueprint(definition, "platform", &|name| catalog.get(name).ok()).expect("a release");
        match publish(scratch.path(), &release) {
            Ok(PublishOutcome::Unchanged { .. }) => {}
            Ok(PublishOutcome::Published { .. }) => problems.push(format!(
                "{} {} is not in registry/: run `cargo run -p paved-cli -- publish --registry registry/` and commit the result",
                definition.name, definition.version
            )),
            Err(PublishError::Immutable { .. }) => problems.push(format!(
                "the `{name}` blueprint changed but kept version {version}, which registry/ already holds with other content: \
                 bump `version` in blueprints/{name}/blueprint.rs, then run `cargo run -p paved-cli -- publish --registry registry/`",
                name = definition.name,
                version = definition.version
            )),
            Err(other) => problems.push(format!("{}: {other}", definition.name)),
        }
    }
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
    let after = paved_tests::read_tree(scratch.path());
    let changed: Vec<&String> = after.keys().filter(|path| before.get(*path) != after.get(*path)).collect();
    assert!(
        changed.is_empty(),
        "republishing changed derived files {changed:?}: registry/ is stale; run `cargo run -p paved-cli -- publish --registry registry/`"
    );
}

/// Every interface `registry/` stores (recorded before the typed parts were) reads back, and the
/// catalog's typed interface of the same version finds no change in it: what the old entries do
/// not record is not a change, and what they do record agrees.
#[test]
fn the_typed_interfaces_agree_with_the_interfaces_the_committed_registry_stores() {
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repository_root().join("registry/index.json")).expect("registry/index.json is there"),
    )
    .expect("registry/index.json is JSON");
    let catalog = Catalog::builtin();
    let mut compared = 0;
    let mut problems = Vec::new();
    for module in index["modules"].as_array().expect("modules") {
        let Ok(definition) = catalog.get(module["name"].as_str().expect("a name")) else { continue };
        let release = Release::of_blueprint(definition, "platform", &|name| catalog.get(name).ok()).expect("a release");
        let Some(stored) = module["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .find(|entry| entry["version"].as_str() == Some(&definition.version.to_string()))
        else {
            continue;
        };
        let stored: Interface = serde_json::from_value(stored["interface"].clone()).expect("a stored interface reads");
        compared += 1;
        let changes = release.interface.changes(&stored);
        if !changes.is_empty() {
            problems.push(format!("{} {}: {changes:?}", definition.name, definition.version));
        }
    }
    assert!(compared >= 4, "compared {compared} stored interfaces");
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
}
