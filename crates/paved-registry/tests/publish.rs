//! Publishing: deterministic archives, immutable versions, the interface semver check, and a
//! registry that stays consistent under racing publishers and killed ones.

use paved_module::ModuleFiles;
use paved_registry::{
    Interface, InterfaceInput, InterfaceOutput, ModuleAddress, PublishError, PublishOutcome, Release, publish,
};
use std::path::Path;

fn address() -> ModuleAddress {
    "platform/demo/aws".parse().expect("valid address")
}

fn files(marker: &str) -> ModuleFiles {
    let mut files = ModuleFiles::default();
    files.insert("main.tf", format!("# {marker}\n"));
    files.insert("variables.tf", "variable \"name\" {\n  type = string\n}\n".to_owned());
    files.insert("README.md", format!("# demo {marker}\n"));
    files
}

fn input(name: &str, type_name: &str, required: bool) -> InterfaceInput {
    InterfaceInput { name: name.into(), type_name: type_name.into(), required, description: String::new() }
}

fn output(name: &str, kind: &str) -> InterfaceOutput {
    InterfaceOutput { name: name.into(), kind: kind.into(), description: String::new() }
}

fn interface() -> Interface {
    Interface {
        inputs: vec![input("name", "string", true), input("size", "number", false)],
        outputs: vec![output("arn", "sqs-queue-arn")],
    }
}

fn release(version: &str, marker: &str, interface: Interface) -> Release {
    Release { address: address(), version: version.parse().expect("semver"), files: files(marker), interface }
}

/// Every version in the index has its archive with the recorded digest and size, and nothing
/// half-written is visible under a final name.
fn assert_consistent(root: &Path) {
    let Ok(text) = std::fs::read_to_string(root.join("index.json")) else { return };
    let index: serde_json::Value = serde_json::from_str(&text).expect("index.json is whole JSON");
    for module in index["modules"].as_array().expect("modules") {
        for version in module["versions"].as_array().expect("versions") {
            let archive = root.join(version["archive"].as_str().expect("archive path"));
            let bytes = std::fs::read(&archive)
                .unwrap_or_else(|_| panic!("index lists {} without its archive", archive.display()));
            assert_eq!(bytes.len() as u64, version["size"].as_u64().expect("size"));
            assert_eq!(paved_registry::Digest::of(&bytes).to_string(), version["digest"].as_str().expect("digest"));
        }
    }
}

#[test]
fn publishing_the_same_module_twice_gives_the_same_bytes_and_is_a_no_op() {
    let (first, second) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let outcome = publish(first.path(), &release("1.0.0", "a", interface())).expect("publishes");
    let again = publish(second.path(), &release("1.0.0", "a", interface())).expect("publishes");
    assert_eq!(outcome, again, "two registries got different archives");
    let PublishOutcome::Published { digest, .. } = outcome else { panic!("not published: {outcome:?}") };
    let archive = address().archive_path(&"1.0.0".parse().expect("semver"));
    assert_eq!(std::fs::read(first.path().join(&archive)).ok(), std::fs::read(second.path().join(&archive)).ok());

    let index_before = std::fs::read(first.path().join("index.json")).expect("index");
    assert_eq!(
        publish(first.path(), &release("1.0.0", "a", interface())).expect("no-op"),
        PublishOutcome::Unchanged { digest }
    );
    assert_eq!(
        std::fs::read(first.path().join("index.json")).expect("index"),
        index_before,
        "a no-op changed the index"
    );
}

#[test]
fn a_published_version_cannot_change() {
    let root = tempfile::tempdir().expect("dir");
    publish(root.path(), &release("1.0.0", "a", interface())).expect("publishes");
    let error = publish(root.path(), &release("1.0.0", "b", interface())).expect_err("refused");
    assert!(matches!(error, PublishError::Immutable { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("platform/demo/aws 1.0.0 is already published with other content (sha256:"),
        "{message}"
    );
    assert!(message.ends_with("published versions are immutable: give this content a new version"), "{message}");
    // The published archive is untouched.
    assert_consistent(root.path());
}

#[test]
fn version_tags_with_a_leading_v_are_normalised_in_constraints() {
    let constraint: paved_registry::VersionConstraint = "= v1.2.3".parse().expect("a tag is accepted");
    assert!(constraint.matches(&semver::Version::new(1, 2, 3)));
    assert_eq!(constraint.to_string(), "= 1.2.3");
}

#[test]
fn a_minor_release_that_breaks_the_interface_is_refused_with_each_change() {
    let root = tempfile::tempdir().expect("dir");
    publish(root.path(), &release("1.0.0", "a", interface())).expect("publishes");
    let broken = Interface {
        inputs: vec![input("name", "number", true), input("tier", "string", true)],
        outputs: vec![output("arn", "sqs-queue-url")],
    };
    let error = publish(root.path(), &release("1.1.0", "b", broken.clone())).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "platform/demo/aws 1.1.0 breaks the interface of 1.0.0, which a minor release must not:\n  \
         - input `name` changed type from `string` to `number`\n  \
         - input `size` was removed\n  \
         - required input `tier` was added\n  \
         - output `arn` changed kind from `sqs-queue-arn` to `sqs-queue-url`\n\
         release it as 2.0.0 instead"
    );
    // A major release may break it, and a compatible minor one is accepted.
    assert!(matches!(
        publish(root.path(), &release("2.0.0", "b", broken)).expect("major"),
        PublishOutcome::Published { .. }
    ));
    let mut compatible = interface();
    compatible.inputs.push(input("extra", "bool", false));
    compatible.outputs.push(output("url", "sqs-queue-url"));
    assert!(matches!(
        publish(root.path(), &release("1.1.0", "c", compatible)).expect("minor"),
        PublishOutcome::Published { .. }
    ));
    let versions = std::fs::read_to_string(root.path().join(address().versions_path())).expect("versions document");
    assert_eq!(
        versions,
        "{\"modules\":[{\"versions\":[{\"version\":\"1.0.0\"},{\"version\":\"1.1.0\"},{\"version\":\"2.0.0\"}]}]}\n"
    );
}

#[test]
fn racing_publishers_of_one_version_exactly_one_wins() {
    for round in 0..10 {
        let root = tempfile::tempdir().expect("dir");
        let path = root.path().to_owned();
        let racers: Vec<_> = (0..4)
            .map(|racer| {
                let path = path.clone();
                std::thread::spawn(move || publish(&path, &release("1.0.0", &format!("racer {racer}"), interface())))
            })
            .collect();
        let results: Vec<_> = racers.into_iter().map(|racer| racer.join().expect("no panic")).collect();
        let winners = results.iter().filter(|result| matches!(result, Ok(PublishOutcome::Published { .. }))).count();
        let refused = results.iter().filter(|result| matches!(result, Err(PublishError::Immutable { .. }))).count();
        assert_eq!((winners, refused), (1, 3), "round {round}: {results:?}");
        assert_consistent(root.path());
    }
}

#[test]
fn racing_publishers_of_different_modules_all_land() {
    let root = tempfile::tempdir().expect("dir");
    let path = root.path().to_owned();
    let racers: Vec<_> = (0..8)
        .map(|racer| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut release = release("1.0.0", "x", interface());
                release.address = format!("platform/demo{racer}/aws").parse().expect("valid");
                publish(&path, &release)
            })
        })
        .collect();
    for racer in racers {
        assert!(matches!(racer.join().expect("no panic"), Ok(PublishOutcome::Published { .. })));
    }
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.path().join("index.json")).expect("index")).expect("JSON");
    assert_eq!(index["modules"].as_array().expect("modules").len(), 8);
    assert_consistent(root.path());
}

#[test]
fn a_batch_commits_what_it_may_and_reports_each_refusal() {
    let root = tempfile::tempdir().expect("dir");
    publish(root.path(), &release("1.0.0", "a", interface())).expect("publishes");
    let batch = [
        release("1.0.0", "changed", interface()),
        release("1.0.1", "b", interface()),
        release("1.0.0", "a", interface()),
    ];
    let outcomes = paved_registry::publish_many(root.path(), &batch).expect("the batch runs");
    assert!(matches!(outcomes[0], Err(PublishError::Immutable { .. })), "{:?}", outcomes[0]);
    assert!(matches!(outcomes[1], Ok(PublishOutcome::Published { .. })), "{:?}", outcomes[1]);
    assert!(matches!(outcomes[2], Ok(PublishOutcome::Unchanged { .. })), "{:?}", outcomes[2]);
    let versions = std::fs::read_to_string(root.path().join(address().versions_path())).expect("versions");
    assert_eq!(versions, "{\"modules\":[{\"versions\":[{\"version\":\"1.0.0\"},{\"version\":\"1.0.1\"}]}]}\n");
    assert_consistent(root.path());
}
