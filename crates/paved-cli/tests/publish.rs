//! `paved publish`: the catalog lands in a registry, and a publish killed at any moment leaves
//! the registry consistent; the next publish completes it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    let count = builtin_count();
    assert!(
        stdout.ends_with(&format!("{count} published, 0 unchanged, in {}\n", registry.path().display())),
        "{stdout}"
    );
    let again = Command::new(env!("CARGO_BIN_EXE_paved"))
        .args(["publish", "--registry"])
        .arg(registry.path())
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&again.stdout).contains(&format!("0 published, {count} unchanged")));
    assert_eq!(assert_consistent(registry.path()), count);
}

/// A real `paved publish` process SIGKILLed part-way through a first publish, at points spread
/// over the first half of its run, each time into an empty registry so that every kill interrupts real writes (the
/// storage suite, `registry_storage.rs`, interrupts a publish at each of its writes in-process;
/// this proves the same of a killed process): the registry is consistent, and the next publish
/// completes it.
#[test]
fn a_publish_killed_at_any_moment_leaves_the_registry_consistent() {
    // How long one whole publish takes here, to spread the kills over it.
    let probe = tempfile::tempdir().expect("dir");
    let started = Instant::now();
    assert!(publish_command(probe.path()).status().expect("runs").success());
    let whole = started.elapsed();

    let kills = 8;
    let mut interrupted = 0;
    for kill in 1..=kills {
        let registry = tempfile::tempdir().expect("dir");
        let mut child = publish_command(registry.path()).spawn().expect("spawns");
        // Over the first half of the measured time: a publish into a fresh registry runs faster
        // than the cold probe, and a kill after it completes proves nothing.
        std::thread::sleep(whole.mul_f64(f64::from(kill) / f64::from(2 * kills)));
        let _ = child.kill();
        let _ = child.wait();
        if assert_consistent(registry.path()) < builtin_count() {
            interrupted += 1;
        }
        let status = publish_command(registry.path()).status().expect("runs");
        assert!(status.success(), "the publish after kill {kill} failed");
        assert_eq!(
            assert_consistent(registry.path()),
            builtin_count(),
            "the catalog is not complete after the publish following kill {kill}"
        );
        let versions = std::fs::read_to_string(registry.path().join("v1/modules/platform/sqs-redrive/aws/versions"))
            .expect("versions document");
        assert!(versions.contains(&format!("\"{}\"", version_of("sqs-redrive"))), "{versions}");
    }
    // Kills that all landed after the publish finished would prove nothing.
    assert!(interrupted > 0, "no kill interrupted a publish (one takes {} ms here)", whole.as_millis());
    eprintln!(
        "{kills} kills spread over a {:.0} ms publish, {interrupted} of them before it completed; each registry stayed consistent",
        whole.as_secs_f64() * 1000.0
    );
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
    let major = paved_tests::catalog_version("sqs-redrive").major;
    let (current, next) = (format!("~> {major}.0"), format!("~> {}.0", major + 1));

    let (code, stdout, stderr) = paved_in(
        work.path(),
        &["fetch", "platform/sqs-redrive/aws", "--version", &current, "--registry", &url, "--out", "vendor/queue"],
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
        &["fetch", "platform/sqs-redrive/aws", "--version", &next, "--registry", &url, "--out", "vendor/none"],
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
        &["fetch", "platform/sqs-redrive/aws", "--version", &current, "--registry", &url, "--out", "vendor/tampered"],
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
    let count = builtin_count();
    assert!(stdout.ends_with(&format!("{count} published, 0 unchanged, in {location}\n")), "{stdout}");
    let again = publish();
    assert!(String::from_utf8_lossy(&again.stdout).contains(&format!("0 published, {count} unchanged")), "{again:?}");

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
/// How many blueprints the built-in catalog holds: what a publish into an empty registry writes.
fn builtin_count() -> usize {
    paved_catalog::Catalog::builtin().iter().count()
}

fn version_of(blueprint: &str) -> String {
    paved_tests::catalog_version(blueprint).to_string()
}

/// A registry whose `index.json` was lost: publishing is refused (it would unlist every version
/// there) and writes nothing; `registry verify` reports it and exits 1; `registry repair`
/// rebuilds the index from the archives and download documents; then everything is intact and
/// the next publish changes nothing.
#[test]
fn a_lost_index_is_refused_then_verified_and_repaired() {
    let work = tempfile::tempdir().expect("dir");
    let registry = work.path().join("registry");
    assert!(publish_command(&registry).status().expect("runs").success());
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(registry.join("index.json")).expect("index")).expect("json");
    std::fs::remove_file(registry.join("index.json")).expect("loses the index");

    let (code, stdout, stderr) = paved_in(work.path(), &["publish", "--registry", "registry"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains("published"), "{stdout}");
    assert!(stderr.contains("has no index") && stderr.contains("paved registry repair"), "{stderr}");
    assert!(!registry.join("index.json").exists(), "a refused publish wrote an index");

    let (code, stdout, stderr) = paved_in(work.path(), &["registry", "verify", "registry"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("index.json` is missing"), "{stdout}");
    assert!(stderr.contains("paved registry repair registry"), "{stderr}");

    let (code, stdout, stderr) = paved_in(work.path(), &["registry", "repair", "registry"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("the index lists {0} versions ({0} listed again)", builtin_count())), "{stdout}");
    let repaired: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(registry.join("index.json")).expect("index")).expect("json");
    for (before, after) in
        original["modules"].as_array().expect("modules").iter().zip(repaired["modules"].as_array().expect("modules"))
    {
        for field in ["namespace", "name", "system"] {
            assert_eq!(before[field], after[field]);
        }
        for (old, new) in
            before["versions"].as_array().expect("versions").iter().zip(after["versions"].as_array().expect("versions"))
        {
            for field in ["version", "digest", "size", "archive", "interface"] {
                assert_eq!(old[field], new[field], "{field} of {}", old["archive"]);
            }
        }
    }
    assert_eq!(assert_consistent(&registry), builtin_count());

    let (code, stdout, stderr) = paved_in(work.path(), &["registry", "verify", "registry"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains(&format!("is intact: {0} versions, {0} archives", builtin_count())), "{stdout}");
    let (code, stdout, stderr) = paved_in(work.path(), &["publish", "--registry", "registry"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("0 published, {} unchanged", builtin_count())), "{stdout}");
}

/// A digest altered in `index.json` (the archive is intact) is named as what it is: the index
/// disagrees with the archive, with the commands that show and fix it, never "give this content
/// a new version". A repair whose archive no second record confirms is refused and writes nothing.
#[test]
fn an_altered_index_digest_is_named_as_damage_and_repaired() {
    let work = tempfile::tempdir().expect("dir");
    let registry = work.path().join("registry");
    assert!(publish_command(&registry).status().expect("runs").success());
    let index_path = registry.join("index.json");
    let text = std::fs::read_to_string(&index_path).expect("index");
    let mut index: serde_json::Value = serde_json::from_str(&text).expect("json");
    let listed = index["modules"][0]["versions"][0]["digest"].as_str().expect("digest").to_owned();
    let forged = format!("sha256:{}", "0".repeat(64));
    index["modules"][0]["versions"][0]["digest"] = serde_json::Value::String(forged.clone());
    std::fs::write(&index_path, serde_json::to_string_pretty(&index).expect("json")).expect("alters");

    let (code, _, stderr) = paved_in(work.path(), &["publish", "--registry", "registry"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("the index disagrees with the archive"), "{stderr}");
    assert!(stderr.contains("paved registry verify") && stderr.contains("paved registry repair"), "{stderr}");
    assert!(!stderr.contains("give this content a new version"), "{stderr}");

    let (code, stdout, _) = paved_in(work.path(), &["registry", "verify", "registry"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!("has digest {listed}, but the index lists {forged}")), "{stdout}");

    let (code, _, stderr) = paved_in(work.path(), &["registry", "repair", "registry"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = paved_in(work.path(), &["registry", "verify", "registry"]);
    assert_eq!(code, 0, "{stdout}{stderr}");

    // An archive whose download document is gone and whose index entry is gone cannot be proven.
    let download = index["modules"][0]["versions"][0]["archive"].as_str().expect("archive").to_owned();
    let (name, version) = (
        index["modules"][0]["name"].as_str().expect("name"),
        index["modules"][0]["versions"][0]["version"].as_str().expect("version"),
    );
    std::fs::remove_file(registry.join(format!("v1/modules/platform/{name}/aws/{version}/download"))).expect("removes");
    std::fs::remove_file(&index_path).expect("loses the index");
    let (code, _, stderr) = paved_in(work.path(), &["registry", "repair", "registry"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("nothing was written") && stderr.contains(&download), "{stderr}");
    assert!(stderr.contains("neither a download document nor an index entry confirms it"), "{stderr}");
    assert!(!index_path.exists(), "a refused repair wrote an index");
}

/// The README's local HTTPS flow as written: `paved registry serve registry/ --self-signed`
/// prints the URL and the `SSL_CERT_FILE` line; `paved fetch … --registry https://…` with that
/// file set downloads and verifies the module. Without the CA it is a TLS error naming the fix;
/// `https://` against the plain-HTTP server says so at once.
#[test]
fn the_readme_https_flow_serves_a_throwaway_ca_that_fetch_trusts() {
    use std::io::BufRead as _;
    let work = tempfile::tempdir().expect("dir");
    let registry = work.path().join("registry");
    assert!(publish_command(&registry).status().expect("runs").success());
    let mut serving = Command::new(env!("CARGO_BIN_EXE_paved"))
        .args(["registry", "serve", "registry/", "--self-signed", "--addr", "127.0.0.1:0"])
        .current_dir(work.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = std::io::BufReader::new(serving.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("text");
    let url = first
        .strip_prefix("serving the registry at ")
        .and_then(|rest| rest.strip_suffix(" (Ctrl-C stops)"))
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let export = lines.nth(1).expect("a line").expect("text");
    let ca = export.strip_prefix("export SSL_CERT_FILE=").unwrap_or_else(|| panic!("{export}")).to_owned();
    assert_eq!(Path::new(&ca), work.path().join(".paved/tls/ca.pem"));

    let fetch = |out: &str, ca: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_paved"));
        command
            .args(["fetch", "platform/baseline-lambda/aws", "--version", "~> 3.0", "--registry", &url, "--out", out])
            .current_dir(work.path())
            .env_remove("SSL_CERT_FILE");
        if let Some(ca) = ca {
            command.env("SSL_CERT_FILE", ca);
        }
        command.output().expect("runs")
    };
    let trusted = fetch("vendor/trusted", Some(&ca));
    let untrusted = fetch("vendor/untrusted", None);
    let _ = serving.kill();
    let _ = serving.wait();
    assert!(trusted.status.success(), "{}", String::from_utf8_lossy(&trusted.stderr));
    assert!(work.path().join("vendor/trusted/main.tf").is_file());
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert!(!untrusted.status.success() && stderr.contains("SSL_CERT_FILE"), "{stderr}");

    let plain = paved_registry::serve(paved_registry::ServeOptions::new(&registry)).expect("serves");
    let https = plain.url().replacen("http://", "https://", 1);
    let started = Instant::now();
    let (code, _, stderr) = paved_in(
        work.path(),
        &["fetch", "platform/baseline-lambda/aws", "--registry", &https, "--out", "vendor/plain"],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("speaks plain HTTP") && stderr.contains(&plain.url()), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

/// `--timeout` and `--retries` exist and are what the unreachable-registry message names.
#[test]
fn fetch_takes_the_timeout_and_retries_its_error_suggests() {
    let work = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("binds").local_addr().expect("address").port();
    let (code, _, stderr) = paved_in(
        work.path(),
        &[
            "fetch",
            "platform/baseline-lambda/aws",
            "--registry",
            &format!("http://127.0.0.1:{port}"),
            "--out",
            "vendor",
            "--timeout",
            "2",
            "--retries",
            "1",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains("after 2 attempt(s)") && stderr.contains("--timeout") && stderr.contains("--retries"),
        "{stderr}"
    );
    let (code, _, stderr) =
        paved_in(work.path(), &["fetch", "platform/x/aws", "--registry", "http://h", "--out", "o", "--timeout", "0"]);
    assert_eq!(code, 2, "{stderr}");
}
