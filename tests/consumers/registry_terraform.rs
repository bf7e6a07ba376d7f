//! The real `terraform` CLI installs modules from a registry that `paved_registry::publish` wrote
//! and `paved_registry::serve` serves over HTTPS (a throwaway CA made with `openssl`): it
//! resolves `~> 1.0` to the newest release, follows the relative `X-Terraform-Get` location,
//! verifies the archive's checksum (and refuses a tampered archive), and reports a constraint
//! that matches nothing.

use paved_module::ModuleFiles;
use paved_registry::{
    Digest, Interface, InterfaceInput, InterfaceOutput, ModuleAddress, PublishOutcome, Release, ServeOptions, Server,
};
use paved_tests::{require_tool, terraform};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Instant;

const ADDRESS: &str = "platform/demo/aws";

/// A served registry with `platform/demo/aws` 1.0.0 and 1.1.0, and the CA that Terraform trusts.
struct Fixture {
    terraform: PathBuf,
    scratch: tempfile::TempDir,
    server: Server,
    /// The archive digests of 1.0.0 and 1.1.0.
    digests: [Digest; 2],
}

impl Fixture {
    /// `None` (the test is skipped) when `terraform` or `openssl` is missing outside CI.
    fn new() -> Option<Self> {
        let terraform = require_tool("terraform")?;
        let openssl = require_tool("openssl")?;
        let scratch = tempfile::tempdir().expect("temporary folder");
        let certificates = scratch.path().join("tls");
        paved_tests::make_certificates(&openssl, &certificates);
        let root = scratch.path().join("registry");
        let digests =
            [("1.0.0", &["greeting"][..]), ("1.1.0", &["greeting", "version"][..])].map(|(version, outputs)| {
                match paved_registry::publish(&root, &release(version, outputs)).expect("publishes") {
                    PublishOutcome::Published { digest, .. } => digest,
                    unchanged => panic!("{ADDRESS} {version} was already in a new registry: {unchanged:?}"),
                }
            });
        let server = paved_registry::serve(ServeOptions {
            tls: Some((certificates.join("server.pem"), certificates.join("server-key.pem"))),
            ..ServeOptions::new(&root)
        })
        .expect("serves");
        assert!(server.url().starts_with("https://127.0.0.1:"), "{}", server.url());
        Some(Self { terraform, scratch, server, digests })
    }

    fn root(&self) -> PathBuf {
        self.scratch.path().join("registry")
    }

    /// The module source: the registry's host and port, then the address.
    fn source(&self) -> String {
        format!("127.0.0.1:{}/{ADDRESS}", self.server.address().port())
    }

    /// A root configuration that calls the module with `constraint`.
    fn configuration(&self, name: &str, constraint: &str) -> PathBuf {
        let folder = self.scratch.path().join(name);
        std::fs::create_dir_all(&folder).expect("creates the configuration folder");
        let main = format!(
            "module \"m\" {{\n  source  = \"{}\"\n  version = \"{constraint}\"\n  name    = \"paved\"\n}}\n",
            self.source()
        );
        std::fs::write(folder.join("main.tf"), main).expect("writes main.tf");
        folder
    }

    /// `terraform <arguments>` in `folder`, trusting the test CA, timed.
    fn terraform(&self, folder: &Path, arguments: &[&str]) -> Output {
        let started = Instant::now();
        let output = terraform(&self.terraform, folder)
            .args(arguments)
            .env("SSL_CERT_FILE", self.scratch.path().join("tls/ca.pem"))
            .output()
            .expect("terraform runs");
        eprintln!("terraform {} took {:?} ({})", arguments.join(" "), started.elapsed(), output.status);
        output
    }
}

/// A tiny module without providers: one input and the given outputs.
fn release(version: &str, outputs: &[&str]) -> Release {
    let mut files = ModuleFiles::default();
    files.insert("variables.tf", "variable \"name\" {\n  type = string\n}\n".to_owned());
    let outputs_tf: String = outputs
        .iter()
        .map(|output| format!("output \"{output}\" {{\n  value = \"{version} ${{var.name}}\"\n}}\n"))
        .collect();
    files.insert("outputs.tf", outputs_tf);
    Release {
        address: ADDRESS.parse::<ModuleAddress>().expect("valid address"),
        version: version.parse().expect("valid version"),
        files,
        interface: Interface {
            inputs: vec![InterfaceInput {
                name: "name".to_owned(),
                type_name: "string".to_owned(),
                required: true,
                description: String::new(),
                default: None,
                value_type: None,
            }],
            outputs: outputs
                .iter()
                .map(|output| InterfaceOutput {
                    name: (*output).to_owned(),
                    kind: "string".to_owned(),
                    shape: Default::default(),
                    present_when: None,
                    description: String::new(),
                })
                .collect(),
            resources: None,
            provider_aliases: Vec::new(),
            rules: None,
        },
    }
}

/// Terraform's stderr with every run of whitespace made one space, since it wraps its messages
/// to the width of the terminal it thinks it has.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The version and folder Terraform recorded for module `m`.
fn installed(folder: &Path) -> (String, PathBuf) {
    let manifest = std::fs::read_to_string(folder.join(".terraform/modules/modules.json"))
        .expect("terraform wrote its module manifest");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("the manifest is JSON");
    let module = manifest["Modules"]
        .as_array()
        .expect("a list of modules")
        .iter()
        .find(|module| module["Key"] == "m")
        .unwrap_or_else(|| panic!("no module `m` in {manifest}"));
    (module["Version"].as_str().unwrap_or_default().to_owned(), folder.join(module["Dir"].as_str().expect("a folder")))
}

#[test]
fn terraform_installs_the_newest_matching_version_over_https() {
    let Some(fixture) = Fixture::new() else { return };
    let folder = fixture.configuration("newest", "~> 1.0");
    let output = fixture.terraform(&folder, &["get", "-no-color"]);
    assert!(output.status.success(), "terraform get failed:\n{}", stderr(&output));
    let (version, directory) = installed(&folder);
    assert_eq!(version, "1.1.0");
    assert_eq!(directory, folder.join(".terraform/modules/m"));
    assert_eq!(
        std::fs::read_to_string(directory.join("variables.tf")).expect("variables.tf"),
        "variable \"name\" {\n  type = string\n}\n"
    );
    let outputs = std::fs::read_to_string(directory.join("outputs.tf")).expect("outputs.tf");
    assert!(outputs.contains("output \"version\""), "{outputs}");
}

#[test]
fn terraform_refuses_an_archive_that_no_longer_matches_its_checksum() {
    let Some(fixture) = Fixture::new() else { return };
    let folder = fixture.configuration("tampered", "~> 1.0");
    let output = fixture.terraform(&folder, &["get", "-no-color"]);
    assert!(output.status.success(), "terraform get failed:\n{}", stderr(&output));

    // Another valid archive under 1.1.0's name; the download location and its checksum are unchanged.
    let address: ModuleAddress = ADDRESS.parse().expect("valid address");
    let archive = |version: &str| fixture.root().join(address.archive_path(&version.parse().expect("valid version")));
    std::fs::copy(archive("1.0.0"), archive("1.1.0")).expect("tampers with the archive");

    let output = fixture.terraform(&folder, &["get", "-update", "-no-color"]);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "terraform accepted a tampered archive:\n{stderr}");
    let [old, new] = &fixture.digests;
    assert!(stderr.contains("Error: Failed to download module"), "{stderr}");
    assert!(stderr.contains("Checksums did not match for"), "{stderr}");
    assert!(stderr.contains(&format!("Expected: {} Got: {}", new.hex(), old.hex())), "{stderr}");
}

#[test]
fn terraform_reports_a_constraint_that_matches_no_release() {
    let Some(fixture) = Fixture::new() else { return };
    let folder = fixture.configuration("unmatched", "~> 3.0");
    let output = fixture.terraform(&folder, &["get", "-no-color"]);
    let stderr = stderr(&output);
    assert!(!output.status.success(), "terraform found a release for `~> 3.0`:\n{stderr}");
    assert!(stderr.contains("Error: Unresolvable module version constraint"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "There is no available version of module \"{}\" (main.tf:1) which matches the given version constraint. The newest available version is 1.1.0.",
            fixture.source()
        )),
        "{stderr}"
    );
}

/// The whole road: the catalog published to a registry, the example stack composed to source
/// its modules from that registry, and `terraform get` installing every module from it.
#[test]
fn terraform_installs_a_composed_stack_from_the_published_catalog() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let Some(openssl) = require_tool("openssl") else { return };
    let scratch = tempfile::tempdir().expect("temporary folder");
    paved_tests::make_certificates(&openssl, &scratch.path().join("tls"));
    let root = scratch.path().join("registry");
    for outcome in paved_registry::publish_many(&root, &paved_tests::catalog_releases()).expect("publishes") {
        assert!(matches!(outcome, Ok(PublishOutcome::Published { .. })), "{outcome:?}");
    }
    let tls = scratch.path().join("tls");
    let server = paved_registry::serve(ServeOptions {
        tls: Some((tls.join("server.pem"), tls.join("server-key.pem"))),
        ..ServeOptions::new(&root)
    })
    .expect("serves");

    assert_terraform_installs_the_example_stack(
        &terraform_binary,
        &format!("127.0.0.1:{}", server.address().port()),
        &tls.join("ca.pem"),
        &scratch.path().join("orders"),
    );
}

/// The README's local HTTPS setup: the throwaway CA and server certificate that `paved registry
/// serve --self-signed` makes (with rcgen, no openssl) are what Terraform trusts through
/// `SSL_CERT_FILE`, and the catalog installs through them.
#[test]
fn terraform_trusts_the_throwaway_ca_of_registry_serve_self_signed() {
    let Some(terraform_binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temporary folder");
    let root = scratch.path().join("registry");
    for outcome in paved_registry::publish_many(&root, &paved_tests::catalog_releases()).expect("publishes") {
        assert!(matches!(outcome, Ok(PublishOutcome::Published { .. })), "{outcome:?}");
    }
    let hosts = ["127.0.0.1".to_owned(), "localhost".to_owned()];
    let files = paved_registry::self_signed(&scratch.path().join("tls"), &hosts).expect("certificates");
    let server =
        paved_registry::serve(ServeOptions { tls: Some((files.certificate, files.key)), ..ServeOptions::new(&root) })
            .expect("serves");
    assert_terraform_installs_the_example_stack(
        &terraform_binary,
        &format!("127.0.0.1:{}", server.address().port()),
        &files.ca_certificate,
        &scratch.path().join("orders"),
    );
}

/// Composes the example stack into `stack` with its modules from the registry at `host`
/// (`127.0.0.1:<port>`, HTTPS with the CA `ca`), and checks that `terraform get` installs the
/// catalog's versions of every module from it.
pub(crate) fn assert_terraform_installs_the_example_stack(
    terraform_binary: &Path,
    host: &str,
    ca: &Path,
    stack: &Path,
) {
    let namespace = paved_blueprint::RegistryNamespace::new(format!("{host}/platform")).expect("a valid namespace");
    paved_tests::compose_stack(
        &paved_tests::example_stack_file(),
        paved_stack::ModuleSource::Registry(namespace),
        stack,
    );
    let started = Instant::now();
    let output = terraform(terraform_binary, stack)
        .args(["get", "-no-color"])
        .env("SSL_CERT_FILE", ca)
        .output()
        .expect("terraform runs");
    eprintln!("terraform get of the composed stack from the registry took {:?}", started.elapsed());
    assert!(output.status.success(), "terraform get failed:\n{}", stderr(&output));

    let installed = paved_tests::installed_modules(stack);
    // The newest version of each instance's blueprint: the catalog's own.
    let version =
        |blueprint: &str| paved_catalog::Catalog::builtin().get(blueprint).expect("catalog").version.to_string();
    let expected = [
        "@-".to_owned(),
        "api.function@-".to_owned(),
        format!("api@{}", version("sync-api-dynamodb")),
        format!("queue@{}", version("sqs-redrive")),
        "report.function@-".to_owned(),
        format!("report@{}", version("scheduled-lambda")),
        format!("worker@{}", version("baseline-lambda")),
    ];
    assert_eq!(installed, expected, "terraform did not install the catalog's versions");
}
