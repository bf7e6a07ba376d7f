//! `paved publish`: the catalog lands in a registry, and a publish killed at any moment leaves
//! the registry consistent; the next publish completes it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn publish_command(registry: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_paved"));
    command.args(["publish", "--registry"]).arg(registry).stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// Every version the index lists has its archive with the recorded digest; no temporary file
/// sits under a final name (temporary files are `.paved-*.tmp`, referenced by nothing).
fn assert_consistent(registry: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(registry.join("index.json")) else { return 0 };
    let index: serde_json::Value = serde_json::from_str(&text).expect("index.json is never half-written");
    let mut versions = 0;
    for module in index["modules"].as_array().expect("modules") {
        for version in module["versions"].as_array().expect("versions") {
            let archive = registry.join(version["archive"].as_str().expect("archive"));
            let bytes = std::fs::read(&archive)
                .unwrap_or_else(|_| panic!("the index lists {} but it is missing", archive.display()));
            let digest = version["digest"].as_str().expect("digest");
            assert_eq!(
                paved_registry::Digest::of(&bytes).to_string(),
                digest,
                "{} is not what the index says",
                archive.display()
            );
            versions += 1;
        }
    }
    versions
}

#[test]
fn publish_writes_the_catalog_and_is_idempotent() {
    let registry = tempfile::tempdir().expect("dir");
    let output = Command::new(env!("CARGO_BIN_EXE_paved"))
        .args(["publish", "--registry"])
        .arg(registry.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("published platform/baseline-lambda/aws {} (sha256:", version_of("baseline-lambda"))),
        "{stdout}"
    );
    assert!(stdout.ends_with(&format!("4 published, 0 unchanged, in {}\n", registry.path().display())), "{stdout}");
    let again = Command::new(env!("CARGO_BIN_EXE_paved"))
        .args(["publish", "--registry"])
        .arg(registry.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 published, 4 unchanged"));
    assert_eq!(assert_consistent(registry.path()), 4);
}

#[test]
fn a_publish_killed_at_any_moment_leaves_the_registry_consistent() {
    // How long one whole publish takes here, to spread the kills over it.
    let probe = tempfile::tempdir().expect("dir");
    let started = Instant::now();
    assert!(publish_command(probe.path()).status().expect("runs").success());
    let whole = started.elapsed();

    let registry = tempfile::tempdir().expect("dir");
    let attempts = 40;
    for attempt in 0..attempts {
        let mut child = publish_command(registry.path()).spawn().expect("spawns");
        std::thread::sleep(whole.mul_f64(f64::from(attempt) / f64::from(attempts)));
        let _ = child.kill();
        let _ = child.wait();
        assert_consistent(registry.path());
    }
    let status = publish_command(registry.path()).status().expect("runs");
    assert!(status.success(), "a publish after the kills failed");
    assert_eq!(assert_consistent(registry.path()), 4, "the catalog is not complete after a final publish");
    let versions = std::fs::read_to_string(registry.path().join("v1/modules/platform/sqs-redrive/aws/versions"))
        .expect("versions document");
    assert!(versions.contains(&format!("\"{}\"", version_of("sqs-redrive"))), "{versions}");
    eprintln!("40 kills spread over a {:.0} ms publish; the registry stayed consistent", whole.as_secs_f64() * 1000.0);
}

fn paved_in(directory: &Path, arguments: &[&str]) -> (i32, String, String) {
    let output =
        Command::new(env!("CARGO_BIN_EXE_paved")).args(arguments).current_dir(directory).output().expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn fetch_resolves_verifies_and_refuses_what_it_should() {
    let work = tempfile::tempdir().expect("dir");
    let registry = work.path().join("registry");
    assert!(publish_command(&registry).status().expect("runs").success());
    let server = paved_registry::serve(paved_registry::ServeOptions::new(&registry)).expect("serves");
    let url = server.url();

    let (code, stdout, stderr) = paved_in(
        work.path(),
        &["fetch", "platform/sqs-redrive/aws", "--version", "~> 2.0", "--registry", &url, "--out", "vendor/queue"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("fetched platform/sqs-redrive/aws {} (sha256:", version_of("sqs-redrive"))),
        "{stdout}"
    );
    let fetched = std::fs::read_to_string(work.path().join("vendor/queue/main.tf")).expect("extracted");
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints/sqs-redrive/golden/main.tf"),
    )
    .expect("golden");
    assert_eq!(fetched, golden);

    let (code, _, stderr) = paved_in(
        work.path(),
        &["fetch", "platform/sqs-redrive/aws", "--version", "~> 3.0", "--registry", &url, "--out", "vendor/none"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains(&version_of("sqs-redrive")), "the error does not list the available versions: {stderr}");
    assert!(!work.path().join("vendor/none").exists());

    let archive =
        registry.join(format!("archives/platform/sqs-redrive/aws/sqs-redrive-{}.tar.gz", version_of("sqs-redrive")));
    let mut bytes = std::fs::read(&archive).expect("archive");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).expect("tampers");
    let (code, _, stderr) = paved_in(
        work.path(),
        &["fetch", "platform/sqs-redrive/aws", "--version", "~> 2.0", "--registry", &url, "--out", "vendor/tampered"],
    );
    assert_eq!(code, 1);
    assert!(stderr.to_lowercase().contains("digest"), "{stderr}");
    assert!(!work.path().join("vendor/tampered").exists(), "a tampered archive was extracted");
}

/// `paved publish --registry s3://…` to moto's S3 server, with the credentials in the
/// environment; the second run changes nothing; `paved fetch` downloads through a CloudFront
/// stand-in (HTTPS, the published CloudFront Function) in front of the bucket's prefix.
#[test]
fn publish_to_an_s3_bucket_then_fetch_through_cloudfront() {
    let Some(server) = paved_tests::moto::server() else { return };
    let Some(node) = paved_tests::require_tool("node") else { return };
    let Some(openssl) = paved_tests::require_tool("openssl") else { return };
    let work = tempfile::tempdir().expect("dir");
    let bucket = server.new_bucket();
    let location = format!("s3://{bucket}/platform/registry");
    let publish = || {
        Command::new(env!("CARGO_BIN_EXE_paved"))
            .args(["publish", "--registry", &location, "--endpoint", server.endpoint()])
            .env_clear()
            .envs(paved_tests::moto::ENVIRONMENT)
            .output()
            .expect("runs")
    };
    let output = publish();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.ends_with(&format!("4 published, 0 unchanged, in {location}\n")), "{stdout}");
    let again = publish();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 published, 4 unchanged"), "{again:?}");

    let storage = server.storage(&bucket, "platform/registry");
    let function = work.path().join("cloudfront-function.js");
    let stored = paved_registry::Storage::read(&storage, "cloudfront-function.js").expect("reads").expect("published");
    std::fs::write(&function, stored.bytes).expect("writes");
    let tls = work.path().join("tls");
    paved_tests::make_certificates(&openssl, &tls);
    let origin = format!("{}/{bucket}/platform/registry", server.endpoint());
    let cloudfront = paved_tests::CloudFront::start(&node, &origin, &function, &tls);
    let ca = tls.join("ca.pem");
    let (code, stdout, stderr) = paved_in(
        work.path(),
        &[
            "fetch",
            "platform/baseline-lambda/aws",
            "--registry",
            &cloudfront.url(),
            "--ca-cert",
            ca.to_str().expect("UTF-8"),
            "--out",
            "vendor/function",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(&format!("fetched platform/baseline-lambda/aws {} (sha256:", version_of("baseline-lambda"))),
        "{stdout}"
    );
    assert!(work.path().join("vendor/function/main.tf").is_file());
}

#[test]
fn publish_refuses_plain_http_to_another_machine_and_says_why() {
    let work = tempfile::tempdir().expect("dir");
    let (code, _, stderr) = paved_in(
        work.path(),
        &["publish", "--registry", "s3://platform-registry/modules", "--endpoint", "http://192.0.2.10:9000"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: the endpoint `http://192.0.2.10:9000` is plain http on another machine"),
        "{stderr}"
    );
    assert!(stderr.contains("use https, or pass --allow-http"), "{stderr}");
}

/// The catalog's current version of `blueprint`.
fn version_of(blueprint: &str) -> String {
    paved_tests::catalog_version(blueprint).to_string()
}
