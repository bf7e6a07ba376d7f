//! Publishing on every storage: the same suite runs on a local folder and on an S3 bucket (moto's
//! S3 server on 127.0.0.1, through `object_store`). Deterministic archives, immutable versions, the
//! interface semver check, racing publishers, batches, and a publish interrupted at each of its
//! writes, after which the registry is consistent and a retry completes it.

use paved_module::ModuleFiles;
use paved_registry::{
    Condition, Digest, Interface, InterfaceInput, InterfaceOutput, LocalDirectory, ModuleAddress, PublishError,
    PublishOutcome, Release, Storage, StorageError, Stored, Written, publish_many_to, publish_to,
};
use paved_tests::moto::S3Server;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Where a test's registries live.
#[derive(Clone, Copy)]
enum Kind {
    Local,
    S3(&'static S3Server),
}

/// One registry: a temporary folder, or a new bucket (with a prefix, as teams keep it).
struct Registry {
    kind: Kind,
    _folder: Option<tempfile::TempDir>,
    bucket: String,
}

impl Kind {
    fn registry(self) -> Registry {
        match self {
            Self::Local => {
                let folder = tempfile::tempdir().expect("dir");
                let bucket = folder.path().display().to_string();
                Registry { kind: self, _folder: Some(folder), bucket }
            }
            Self::S3(server) => Registry { kind: self, _folder: None, bucket: server.new_bucket() },
        }
    }
}

impl Registry {
    /// A new handle on the registry: a racing thread gets its own, as another machine would.
    fn open(&self) -> Arc<dyn Storage> {
        match self.kind {
            Kind::Local => Arc::new(LocalDirectory::new(&self.bucket)),
            Kind::S3(server) => Arc::new(server.storage(&self.bucket, "modules/registry")),
        }
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.open().read(path).expect("reads").map(|stored| stored.bytes)
    }

    fn text(&self, path: &str) -> String {
        String::from_utf8(self.read(path).unwrap_or_else(|| panic!("{path} is missing"))).expect("UTF-8")
    }

    /// Every version in the index has its archive with the recorded digest and size, and its
    /// download document; returns how many versions the index lists.
    fn assert_consistent(&self) -> usize {
        let Some(bytes) = self.read("index.json") else { return 0 };
        let index: serde_json::Value = serde_json::from_slice(&bytes).expect("index.json is whole JSON");
        let mut versions = 0;
        for module in index["modules"].as_array().expect("modules") {
            let address: ModuleAddress = format!(
                "{}/{}/{}",
                module["namespace"].as_str().unwrap_or_default(),
                module["name"].as_str().unwrap_or_default(),
                module["system"].as_str().unwrap_or_default()
            )
            .parse()
            .expect("an address");
            for version in module["versions"].as_array().expect("versions") {
                let archive = version["archive"].as_str().expect("archive path");
                let bytes = self.read(archive).unwrap_or_else(|| panic!("index lists {archive} without its archive"));
                assert_eq!(bytes.len() as u64, version["size"].as_u64().expect("size"));
                assert_eq!(Digest::of(&bytes).to_string(), version["digest"].as_str().expect("digest"));
                let number = version["version"].as_str().expect("version").parse().expect("semver");
                assert!(
                    self.read(&address.download_path(&number)).is_some(),
                    "{address} {number} has no download document"
                );
                versions += 1;
            }
        }
        versions
    }
}

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
    InterfaceInput {
        name: name.into(),
        type_name: type_name.into(),
        required,
        description: String::new(),
        default: None,
        value_type: None,
    }
}

fn output(name: &str, kind: &str) -> InterfaceOutput {
    InterfaceOutput {
        name: name.into(),
        kind: kind.into(),
        shape: Default::default(),
        present_when: None,
        description: String::new(),
    }
}

fn interface() -> Interface {
    Interface {
        inputs: vec![input("name", "string", true), input("size", "number", false)],
        outputs: vec![output("arn", "sqs-queue-arn")],
        resources: None,
        provider_aliases: Vec::new(),
        rules: None,
    }
}

fn release(version: &str, marker: &str, interface: Interface) -> Release {
    Release { address: address(), version: version.parse().expect("semver"), files: files(marker), interface }
}

/// Runs each named test function on a local folder (`local::…`) and on an S3 bucket (`s3::…`).
macro_rules! on_every_storage {
    ($($test:ident),* $(,)?) => {
        mod local {
            $(#[test] fn $test() { super::$test(super::Kind::Local) })*
        }
        mod s3 {
            $(#[test] fn $test() {
                let Some(server) = paved_tests::moto::server() else { return };
                super::$test(super::Kind::S3(server))
            })*
        }
    };
}

on_every_storage!(
    a_digest_altered_in_the_index_is_named_verified_and_repaired,
    publishing_the_same_module_twice_gives_the_same_bytes_and_is_a_no_op,
    a_published_version_cannot_change,
    a_minor_release_that_breaks_the_interface_is_refused_with_each_change,
    racing_publishers_of_one_version_exactly_one_wins,
    racing_publishers_of_different_modules_all_land,
    a_batch_commits_what_it_may_and_reports_each_refusal,
    a_publish_interrupted_at_any_write_leaves_a_consistent_registry_and_a_retry_completes_it,
    adding_a_version_writes_only_that_modules_files_and_the_index,
);

fn publishing_the_same_module_twice_gives_the_same_bytes_and_is_a_no_op(kind: Kind) {
    let (first, second) = (kind.registry(), kind.registry());
    let outcome = publish_to(&*first.open(), &release("1.0.0", "a", interface())).expect("publishes");
    let again = publish_to(&*second.open(), &release("1.0.0", "a", interface())).expect("publishes");
    assert_eq!(outcome, again, "two registries got different archives");
    let PublishOutcome::Published { digest, .. } = outcome else { panic!("not published: {outcome:?}") };
    let archive = address().archive_path(&"1.0.0".parse().expect("semver"));
    assert_eq!(first.read(&archive), second.read(&archive));

    let index_before = first.read("index.json");
    assert_eq!(
        publish_to(&*first.open(), &release("1.0.0", "a", interface())).expect("no-op"),
        PublishOutcome::Unchanged { digest }
    );
    assert_eq!(first.read("index.json"), index_before, "a no-op changed the index");
}

/// The index's digest of 1.0.0 is altered (its archive is intact): a publish of that content names
/// the index as the problem, `verify` reports it (and nothing else), `repair` restores the index
/// from the archive and its download document, and `verify` then finds the registry intact.
fn a_digest_altered_in_the_index_is_named_verified_and_repaired(kind: Kind) {
    let registry = kind.registry();
    let storage = registry.open();
    publish_to(&*storage, &release("1.0.0", "a", interface())).expect("publishes");
    publish_to(&*storage, &release("1.1.0", "b", interface())).expect("publishes");
    let intact = paved_registry::verify(&*storage).expect("verifies");
    assert!(intact.is_intact() && intact.versions == 2 && intact.archives == 2, "{intact:?}");

    let original = registry.read("index.json").expect("an index");
    let stored = storage.read("index.json").expect("reads").expect("an index");
    let mut index: serde_json::Value = serde_json::from_slice(&original).expect("json");
    let digest = index["modules"][0]["versions"][0]["digest"].as_str().expect("digest").to_owned();
    let forged = format!("sha256:{}", "0".repeat(64));
    index["modules"][0]["versions"][0]["digest"] = serde_json::Value::String(forged.clone());
    let altered = serde_json::to_vec_pretty(&index).expect("json");
    assert_eq!(
        storage.write("index.json", &altered, Condition::Unchanged(&stored.tag)).expect("writes"),
        Written::Done
    );

    let error = publish_to(&*storage, &release("1.0.0", "a", interface())).expect_err("refused");
    assert!(matches!(error, PublishError::IndexDisagrees(_)), "{error}");
    assert!(error.to_string().contains("the index disagrees with the archive"), "{error}");
    let damaged = paved_registry::verify(&*storage).expect("verifies");
    assert!(
        damaged.problems.iter().any(|problem| matches!(problem, paved_registry::Problem::ArchiveDigest { .. })),
        "{damaged:?}"
    );

    let repaired = paved_registry::repair(&*storage).expect("repairs");
    assert_eq!((repaired.versions, repaired.relisted.len()), (2, 1), "{repaired:?}");
    let index: serde_json::Value =
        serde_json::from_slice(&registry.read("index.json").expect("an index")).expect("json");
    assert_eq!(index["modules"][0]["versions"][0]["digest"], serde_json::Value::String(digest));
    assert!(paved_registry::verify(&*storage).expect("verifies").is_intact());
    assert_eq!(registry.assert_consistent(), 2);
}

fn a_published_version_cannot_change(kind: Kind) {
    let registry = kind.registry();
    publish_to(&*registry.open(), &release("1.0.0", "a", interface())).expect("publishes");
    let archive = address().archive_path(&"1.0.0".parse().expect("semver"));
    let published = registry.read(&archive);
    let error = publish_to(&*registry.open(), &release("1.0.0", "b", interface())).expect_err("refused");
    assert!(matches!(error, PublishError::Immutable { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("platform/demo/aws 1.0.0 is already published with other content (sha256:"),
        "{message}"
    );
    assert!(message.ends_with("published versions are immutable: give this content a new version"), "{message}");
    assert_eq!(registry.read(&archive), published, "the published archive changed");
    // Not even a writer that skips the index can replace it: archives are created only if absent.
    let written = registry.open().write(&archive, b"other bytes", Condition::Absent).expect("the store answers");
    assert_eq!(written, Written::ConditionFailed);
    assert_eq!(registry.read(&archive), published, "the published archive changed");
    assert_eq!(registry.assert_consistent(), 1);
}

fn a_minor_release_that_breaks_the_interface_is_refused_with_each_change(kind: Kind) {
    let registry = kind.registry();
    let storage = registry.open();
    publish_to(&*storage, &release("1.0.0", "a", interface())).expect("publishes");
    let broken = Interface {
        inputs: vec![input("name", "number", true), input("tier", "string", true)],
        outputs: vec![output("arn", "sqs-queue-url")],
        resources: None,
        provider_aliases: Vec::new(),
        rules: None,
    };
    let error = publish_to(&*storage, &release("1.1.0", "b", broken.clone())).expect_err("refused");
    assert_eq!(
        error.to_string(),
        "platform/demo/aws 1.1.0 changes the interface of 1.0.0 more than a minor release may:\n  \
         - 1.1.0 changes the type of `name` from `string` to `number` (breaking): release it as 2.0.0\n  \
         - 1.1.0 removes the input `size` (breaking): release it as 2.0.0\n  \
         - 1.1.0 adds the required input `tier` (breaking): release it as 2.0.0\n  \
         - 1.1.0 changes the kind of the output `arn` from `sqs-queue-arn` to `sqs-queue-url`: inputs wired to it \
         expect a `sqs-queue-arn` (breaking): release it as 2.0.0\n\
         release it as 2.0.0 instead"
    );
    // A major release may break it, and a compatible minor one is accepted.
    assert!(matches!(
        publish_to(&*storage, &release("2.0.0", "b", broken)).expect("major"),
        PublishOutcome::Published { .. }
    ));
    let mut compatible = interface();
    compatible.inputs.push(input("extra", "bool", false));
    compatible.outputs.push(output("url", "sqs-queue-url"));
    assert!(matches!(
        publish_to(&*storage, &release("1.1.0", "c", compatible)).expect("minor"),
        PublishOutcome::Published { .. }
    ));
    assert_eq!(
        registry.text(&address().versions_path()),
        "{\"modules\":[{\"versions\":[{\"version\":\"1.0.0\"},{\"version\":\"1.1.0\"},{\"version\":\"2.0.0\"}]}]}\n"
    );
}

/// The version goes to whoever writes its archive first; the others are refused, whether the
/// winner has committed the index yet (`Immutable`) or not (`Claimed`).
fn racing_publishers_of_one_version_exactly_one_wins(kind: Kind) {
    for round in 0..6 {
        let registry = kind.registry();
        let racers: Vec<_> = (0..4)
            .map(|racer| {
                let storage = registry.open();
                std::thread::spawn(move || {
                    publish_to(&*storage, &release("1.0.0", &format!("racer {racer}"), interface()))
                })
            })
            .collect();
        let results: Vec<_> = racers.into_iter().map(|racer| racer.join().expect("no panic")).collect();
        let winners = results.iter().filter(|result| matches!(result, Ok(PublishOutcome::Published { .. }))).count();
        let refused = results
            .iter()
            .filter(|result| matches!(result, Err(PublishError::Immutable { .. } | PublishError::Claimed { .. })))
            .count();
        assert_eq!((winners, refused), (1, 3), "round {round}: {results:?}");
        assert_eq!(registry.assert_consistent(), 1);
    }
}

fn racing_publishers_of_different_modules_all_land(kind: Kind) {
    let registry = kind.registry();
    let racers: Vec<_> = (0..8)
        .map(|racer| {
            let storage = registry.open();
            std::thread::spawn(move || {
                let mut release = release("1.0.0", "x", interface());
                release.address = format!("platform/demo{racer}/aws").parse().expect("valid");
                publish_to(&*storage, &release)
            })
        })
        .collect();
    for racer in racers {
        assert!(matches!(racer.join().expect("no panic"), Ok(PublishOutcome::Published { .. })));
    }
    let index: serde_json::Value = serde_json::from_str(&registry.text("index.json")).expect("JSON");
    assert_eq!(index["modules"].as_array().expect("modules").len(), 8);
    assert_eq!(registry.assert_consistent(), 8);
    // The derived files were settled from the last index: every module is on the home page.
    let home = registry.text("index.html");
    for racer in 0..8 {
        assert!(home.contains(&format!("v1/modules/platform/demo{racer}/aws/")), "{home}");
        assert!(registry.read(&format!("v1/modules/platform/demo{racer}/aws/versions")).is_some());
    }
}

fn a_batch_commits_what_it_may_and_reports_each_refusal(kind: Kind) {
    let registry = kind.registry();
    let storage = registry.open();
    publish_to(&*storage, &release("1.0.0", "a", interface())).expect("publishes");
    let batch = [
        release("1.0.0", "changed", interface()),
        release("1.0.1", "b", interface()),
        release("1.0.0", "a", interface()),
    ];
    let outcomes = publish_many_to(&*storage, &batch).expect("the batch runs");
    assert!(matches!(outcomes[0], Err(PublishError::Immutable { .. })), "{:?}", outcomes[0]);
    assert!(matches!(outcomes[1], Ok(PublishOutcome::Published { .. })), "{:?}", outcomes[1]);
    assert!(matches!(outcomes[2], Ok(PublishOutcome::Unchanged { .. })), "{:?}", outcomes[2]);
    assert_eq!(
        registry.text(&address().versions_path()),
        "{\"modules\":[{\"versions\":[{\"version\":\"1.0.0\"},{\"version\":\"1.0.1\"}]}]}\n"
    );
    assert_eq!(registry.assert_consistent(), 2);
}

/// A storage that fails its `fail_at`-th write (counting from 0), as a dropped connection or a
/// killed process would, counts writes and records the paths it wrote.
#[derive(Debug)]
struct Interrupting {
    inner: Arc<dyn Storage>,
    fail_at: usize,
    writes: AtomicUsize,
    written: Mutex<Vec<String>>,
}

impl Interrupting {
    fn new(inner: Arc<dyn Storage>, fail_at: usize) -> Self {
        Self { inner, fail_at, writes: AtomicUsize::new(0), written: Mutex::new(Vec::new()) }
    }

    /// The paths written so far, sorted.
    fn written(&self) -> Vec<String> {
        let mut written = self.written.lock().expect("not poisoned").clone();
        written.sort();
        written
    }
}

impl Storage for Interrupting {
    fn describe(&self, path: &str) -> String {
        self.inner.describe(path)
    }

    fn read(&self, path: &str) -> Result<Option<Stored>, StorageError> {
        self.inner.read(path)
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.inner.list(prefix)
    }

    fn write(&self, path: &str, bytes: &[u8], condition: Condition<'_>) -> Result<Written, StorageError> {
        if self.writes.fetch_add(1, Ordering::SeqCst) == self.fail_at {
            return Err(StorageError::Io {
                action: "write (interrupted by the test)",
                path: self.describe(path).into(),
                source: std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset"),
            });
        }
        let written = self.inner.write(path, bytes, condition)?;
        if written == Written::Done {
            self.written.lock().expect("not poisoned").push(path.to_owned());
        }
        Ok(written)
    }
}

/// Two new modules, after `0.9.0` of the demo.
fn batch() -> [Release; 2] {
    let mut other = release("2.1.0", "b", interface());
    other.address = "platform/other/aws".parse().expect("valid");
    [release("1.0.0", "a", interface()), other]
}

/// A registry with the demo's 0.9.0, which every interrupted publish must leave listed.
fn registry_with_one_version(kind: Kind) -> Registry {
    let registry = kind.registry();
    publish_to(&*registry.open(), &release("0.9.0", "old", interface())).expect("publishes");
    registry
}

fn a_publish_interrupted_at_any_write_leaves_a_consistent_registry_and_a_retry_completes_it(kind: Kind) {
    // How many writes an uninterrupted publish of the batch makes, and what it leaves.
    let whole = registry_with_one_version(kind);
    let counting = Interrupting::new(whole.open(), usize::MAX);
    publish_many_to(&counting, &batch()).expect("publishes");
    let writes = counting.writes.load(Ordering::SeqCst);
    assert!(writes >= 8, "a publish of two modules wrote only {writes} files");

    for fail_at in 0..writes {
        let registry = registry_with_one_version(kind);
        let interrupted = Interrupting::new(registry.open(), fail_at);
        let error = publish_many_to(&interrupted, &batch()).expect_err("the publish was interrupted");
        assert!(error.to_string().contains("interrupted by the test"), "write {fail_at}: {error}");
        let listed = registry.assert_consistent();
        assert!(listed == 1 || listed == 3, "write {fail_at}: the index lists {listed} versions, a part of the batch");

        for outcome in publish_many_to(&*registry.open(), &batch()).expect("the retry publishes") {
            assert!(
                matches!(outcome, Ok(PublishOutcome::Published { .. } | PublishOutcome::Unchanged { .. })),
                "write {fail_at}: {outcome:?}"
            );
        }
        assert_eq!(registry.assert_consistent(), 3, "write {fail_at}");
        for derived in [
            "index.html",
            "v1/modules/platform/other/aws/versions",
            "v1/modules/platform/other/aws/nginx-headers.conf",
            "v1/modules/platform/demo/aws/versions",
            "v1/modules/platform/demo/aws/nginx-headers.conf",
        ] {
            assert_eq!(registry.read(derived), whole.read(derived), "write {fail_at}: the retry left {derived} stale");
        }
    }
}

fn adding_a_version_writes_only_that_modules_files_and_the_index(kind: Kind) {
    let registry = kind.registry();
    let releases: Vec<Release> = ["demo", "other", "third"]
        .iter()
        .flat_map(|name| {
            [("1.0.0", "a"), ("1.1.0", "b")].map(|(version, marker)| Release {
                address: format!("platform/{name}/aws").parse().expect("valid"),
                ..release(version, &format!("{name} {marker}"), interface())
            })
        })
        .collect();
    publish_many_to(&*registry.open(), &releases).expect("publishes");

    let recording = Interrupting::new(registry.open(), usize::MAX);
    let added = release("1.2.0", "c", interface());
    publish_to(&recording, &added).expect("publishes");
    let module = address().module_path();
    let mut expected = vec![
        address().archive_path(&added.version),
        "index.json".to_owned(),
        address().download_path(&added.version),
        format!("{module}/index.html"),
        format!("{module}/nginx-headers.conf"),
        address().versions_path(),
    ];
    expected.sort();
    assert_eq!(recording.written(), expected);
    assert!(registry.text(&format!("{module}/index.html")).contains(">1.2.0</a>"));
    assert!(registry.read("_headers").is_none(), "a registry-wide header map was written unasked");

    // The registry-wide header maps, which list every version, are kept current where they exist.
    let storage = registry.open();
    for path in ["_headers", "nginx-headers.conf"] {
        assert_eq!(storage.write(path, b"", Condition::Absent).expect("writes"), Written::Done);
    }
    let recording = Interrupting::new(registry.open(), usize::MAX);
    publish_to(&recording, &release("1.3.0", "d", interface())).expect("publishes");
    assert!(recording.written().contains(&"_headers".to_owned()), "{:?}", recording.written());
    let headers = registry.text("_headers");
    let nginx = registry.text("nginx-headers.conf");
    for name in ["demo", "other", "third"] {
        let path = format!("/v1/modules/platform/{name}/aws/1.1.0/download");
        assert!(headers.contains(&format!("{path}\n  X-Terraform-Get: ../../../../../../archives/")), "{headers}");
        assert!(nginx.contains(&format!("location = {path} {{")), "{nginx}");
    }
}
