//! `verify` and `repair` on a copy of the committed registry (`registry/`): it is intact, and a
//! repair after losing its index lists every version again with the same digest, size, archive and
//! interface (read back from each archive's README: the parts a README records, without the
//! typed parts a version published with them also stored), so no version is lost.

use std::path::{Path, PathBuf};

use paved_registry::{LocalDirectory, Problem, RepairError, Unprovable, repair, verify};

fn committed_registry() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../registry")
}

/// A copy of the committed registry in a temporary folder.
fn copy() -> (tempfile::TempDir, PathBuf) {
    fn copy_folder(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("creates");
        for entry in std::fs::read_dir(from).expect("reads") {
            let entry = entry.expect("entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                copy_folder(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copies");
            }
        }
    }
    let folder = tempfile::tempdir().expect("tempdir");
    let root = folder.path().join("registry");
    copy_folder(&committed_registry(), &root);
    (folder, root)
}

fn index(root: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).expect("index")).expect("json")
}

#[test]
fn the_committed_registry_is_intact() {
    let verification = verify(&LocalDirectory::new(committed_registry())).expect("verifies");
    assert!(verification.is_intact(), "{:#?}", verification.problems);
    assert!(verification.versions >= 8 && verification.versions == verification.archives, "{verification:?}");
}

#[test]
fn a_repair_after_losing_the_index_lists_every_version_as_it_was() {
    let (_folder, root) = copy();
    let original = index(&root);
    std::fs::remove_file(root.join("index.json")).expect("loses the index");
    let storage = LocalDirectory::new(&root);
    let lost = verify(&storage).expect("verifies");
    assert!(matches!(lost.problems.as_slice(), [Problem::IndexMissing { .. }]), "{:?}", lost.problems);

    let repaired = repair(&storage).expect("repairs");
    assert_eq!(repaired.versions, lost.archives);
    let rebuilt = index(&root);
    let versions = |index: &serde_json::Value| -> Vec<serde_json::Value> {
        index["modules"]
            .as_array()
            .expect("modules")
            .iter()
            .flat_map(|module| {
                module["versions"].as_array().expect("versions").iter().map(move |version| {
                    let mut version = version.clone();
                    version["module"] = module["name"].clone();
                    version.as_object_mut().expect("object").remove("published");
                    version
                })
            })
            .collect()
    };
    let (mut rebuilt, mut original) = (versions(&rebuilt), versions(&original));
    // Without a catalog the interface comes back from the README's tables, which carry no typed
    // parts; a version stored before they were recorded has none either. What both record is
    // compared, and everything else of each version (digest, size, archive) as a whole.
    for (rebuilt, original) in rebuilt.iter_mut().zip(original.iter_mut()) {
        if !has_typed_parts(&rebuilt["interface"]) || !has_typed_parts(&original["interface"]) {
            strip_typed_parts(&mut rebuilt["interface"]);
            strip_typed_parts(&mut original["interface"]);
        }
    }
    assert_eq!(rebuilt, original);
    assert!(verify(&storage).expect("verifies").is_intact());
}

/// Whether an interface records the typed parts (each input's `default` and `value_type`, and
/// `resources`).
fn has_typed_parts(interface: &serde_json::Value) -> bool {
    interface.get("resources").is_some()
        || interface["inputs"].as_array().into_iter().flatten().any(|input| input.get("value_type").is_some())
}

fn strip_typed_parts(interface: &mut serde_json::Value) {
    interface.as_object_mut().expect("an object").remove("resources");
    interface.as_object_mut().expect("an object").remove("rules");
    for input in interface["inputs"].as_array_mut().expect("inputs") {
        let input = input.as_object_mut().expect("an object");
        input.remove("default");
        input.remove("value_type");
    }
}

#[test]
fn a_repair_refuses_an_archive_its_download_document_disputes_and_writes_nothing() {
    let (_folder, root) = copy();
    let original = index(&root);
    let archive = original["modules"][0]["versions"][0]["archive"].as_str().expect("archive").to_owned();
    let mut bytes = std::fs::read(root.join(&archive)).expect("archive");
    bytes.push(0);
    std::fs::write(root.join(&archive), bytes).expect("tampers");
    std::fs::remove_file(root.join("index.json")).expect("loses the index");
    let error = repair(&LocalDirectory::new(&root)).expect_err("refused");
    match &error {
        RepairError::Unprovable(problems) => {
            assert!(
                matches!(problems.as_slice(), [Unprovable::DigestDisputed { archive: path, .. }] if *path == archive),
                "{problems:?}"
            );
        }
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("nothing was written"), "{error}");
    assert!(!root.join("index.json").exists(), "a refused repair wrote the index");
}
