//! `verify` and `repair` on a copy of the committed registry (`registry/`): it is intact, and a
//! repair after losing its index lists every version again with the same digest, size, archive and
//! interface (read back from each archive's README), so no version is lost.

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
    assert_eq!(versions(&rebuilt), versions(&original));
    assert!(verify(&storage).expect("verifies").is_intact());
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
