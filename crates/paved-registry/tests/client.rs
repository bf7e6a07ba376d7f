//! The registry client against a small in-test HTTP server: resolution, download, verification,
//! extraction, retries, timeouts, refusals and TLS trust.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use paved_registry::{
    Client, ClientError, ClientOptions, DISCOVERY_PATH, Digest, ExtractError, ModuleAddress, Refusal, ServeOptions,
};
use semver::Version;

const MODULE: &str = "platform/network/aws";
const VERSIONS: [&str; 3] = ["1.0.0", "1.1.0", "2.0.0"];

/// One canned response.
#[derive(Clone)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn ok(body: impl Into<Vec<u8>>) -> Self {
        Self { status: 200, headers: Vec::new(), body: body.into() }
    }

    fn status(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: format!("status {status}").into_bytes() }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// What the server does for one path.
#[derive(Clone)]
enum Route {
    Reply(Response),
    /// Answers `status` to the first `failures` requests, then `then`.
    FailFirst {
        failures: usize,
        status: u16,
        then: Response,
    },
    /// Waits `delay` before answering.
    Slow {
        delay: Duration,
        then: Response,
    },
}

/// A throwaway HTTP/1.1 server on `127.0.0.1`, answering each path (query ignored) from its routes
/// and counting the requests per path.
struct TestServer {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl TestServer {
    fn start(routes: HashMap<String, Route>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let routes = Arc::new(routes);
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (routes, counter) = (Arc::clone(&routes), Arc::clone(&counter));
                std::thread::spawn(move || answer(stream, &routes, &counter));
            }
        });
        Self { base, hits }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().expect("lock").get(path).copied().unwrap_or(0)
    }
}

fn answer(stream: TcpStream, routes: &HashMap<String, Route>, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or(target).to_owned();
    let count = {
        let mut hits = hits.lock().expect("lock");
        let count = hits.entry(path.clone()).or_insert(0);
        *count += 1;
        *count
    };
    let response = match routes.get(&path) {
        None => Response::status(404),
        Some(Route::Reply(response)) => response.clone(),
        Some(Route::FailFirst { failures, status, then }) => {
            if count <= *failures {
                Response::status(*status)
            } else {
                then.clone()
            }
        }
        Some(Route::Slow { delay, then }) => {
            std::thread::sleep(*delay);
            then.clone()
        }
    };
    let mut head = format!(
        "HTTP/1.1 {} Canned\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&response.body));
}

/// A module archive as the registry layout describes it: regular files, mode 0644, mtime 0.
fn module_archive(files: &[(&str, &str)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()));
    for (path, contents) in files {
        let mut header = tar::Header::new_gnu();
        header.set_path(path).expect("path");
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, contents.as_bytes()).expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip")
}

fn archive_of(version: &str) -> Vec<u8> {
    let main = format!("# network {version}\n");
    module_archive(&[
        ("main.tf", &main),
        ("modules/subnet/main.tf", "# subnet\n"),
        ("variables.tf", "variable \"cidr\" {}\n"),
    ])
}

fn address() -> ModuleAddress {
    MODULE.parse().expect("valid address")
}

/// `/` and the site-relative `path`.
fn at(path: &str) -> String {
    format!("/{path}")
}

/// A valid registry of `platform/network/aws` 1.0.0, 1.1.0 and 2.0.0. The download paths of 1.0.0
/// and 2.0.0 answer as Terraform's registry does (204 and `X-Terraform-Get`); 1.1.0's answers as a
/// static site without header rules does (200 and a `{"location"}` body).
fn registry() -> HashMap<String, Route> {
    let address = address();
    let mut routes = HashMap::new();
    routes.insert(at(DISCOVERY_PATH), Route::Reply(Response::ok(r#"{"modules.v1": "/v1/modules/"}"#)));
    let listed: Vec<String> = VERSIONS.iter().map(|version| format!(r#"{{"version": "{version}"}}"#)).collect();
    let versions = format!(r#"{{"modules": [{{"versions": [{}]}}]}}"#, listed.join(", "));
    routes.insert(at(&address.versions_path()), Route::Reply(Response::ok(versions)));
    for version in VERSIONS {
        let version = Version::parse(version).expect("version");
        let archive = archive_of(&version.to_string());
        let location = address.download_location(&version, Digest::of(&archive).hex());
        let download = if version.minor == 1 {
            Response::ok(format!(r#"{{"location": "{location}"}}"#))
        } else {
            Response::status(204).header("X-Terraform-Get", &location)
        };
        routes.insert(at(&address.download_path(&version)), Route::Reply(download));
        routes.insert(at(&address.archive_path(&version)), Route::Reply(Response::ok(archive)));
    }
    routes
}

fn quick() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        retries: 2,
        initial_backoff: Duration::from_millis(10),
        ..ClientOptions::default()
    }
}

fn client(server: &TestServer) -> Client {
    Client::new(&server.base, quick()).expect("client")
}

/// Everything under `directory`, as sorted relative paths of files.
fn files_under(directory: &Path) -> Vec<String> {
    fn walk(root: &Path, directory: &Path, files: &mut Vec<String>) {
        for entry in std::fs::read_dir(directory).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                files.push(path.strip_prefix(root).expect("inside").display().to_string());
            }
        }
    }
    let mut files = Vec::new();
    walk(directory, directory, &mut files);
    files.sort();
    files
}

#[test]
fn a_pessimistic_constraint_resolves_to_the_newest_compatible_version_and_extracts_it() {
    let server = TestServer::start(registry());
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = scratch.path().join("network");
    let fetched = client(&server).fetch(MODULE, "~> 1.0", &out).expect("fetches");
    assert_eq!(fetched.address, address());
    assert_eq!(fetched.version, Version::new(1, 1, 0));
    assert_eq!(fetched.digest, Digest::of(&archive_of("1.1.0")));
    assert_eq!(fetched.files, 3);
    assert_eq!(files_under(&out), ["main.tf", "modules/subnet/main.tf", "variables.tf"]);
    assert_eq!(std::fs::read_to_string(out.join("main.tf")).expect("read"), "# network 1.1.0\n");
}

#[test]
fn an_exact_constraint_picks_that_version_through_the_terraform_get_header() {
    let server = TestServer::start(registry());
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = scratch.path().join("network");
    let fetched = client(&server).fetch(MODULE, "= 2.0.0", &out).expect("fetches");
    assert_eq!(fetched.version, Version::new(2, 0, 0));
    assert_eq!(std::fs::read_to_string(out.join("main.tf")).expect("read"), "# network 2.0.0\n");
}

#[test]
fn the_client_steps_are_usable_one_by_one() {
    let server = TestServer::start(registry());
    let client = client(&server);
    assert_eq!(client.discover().expect("discovers").as_str(), format!("{}/v1/modules/", server.base));
    let versions = client.versions(&address()).expect("lists");
    assert_eq!(versions, VERSIONS.map(|version| Version::parse(version).expect("version")));
    let version = client.resolve(&address(), &">= 1.0, < 2.0".parse().expect("constraint")).expect("resolves");
    assert_eq!(version, Version::new(1, 1, 0));
    let location = client.download_location(&address(), &version).expect("locates");
    assert_eq!(location.url.as_str(), format!("{}/{}", server.base, address().archive_path(&version)));
    assert_eq!(client.download(&location).expect("downloads"), archive_of("1.1.0"));
    assert_eq!(server.hits(&at(DISCOVERY_PATH)), 1, "discovery is remembered");
}

#[test]
fn no_matching_version_lists_the_available_ones_and_writes_nothing() {
    let server = TestServer::start(registry());
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = scratch.path().join("network");
    let error = client(&server).fetch(MODULE, "~> 3.0", &out).expect_err("nothing matches");
    match &error {
        ClientError::NoMatchingVersion { available, .. } => assert_eq!(available.len(), 3),
        other => panic!("expected no matching version, got {other}"),
    }
    let message = error.to_string();
    assert!(message.contains("`platform/network/aws`") && message.contains("`~> 3.0`"), "{message}");
    assert!(message.contains("the registry lists 1.0.0, 1.1.0, 2.0.0"), "{message}");
    assert!(!out.exists());
}

#[test]
fn server_errors_are_retried_until_they_pass() {
    let mut routes = registry();
    let versions = at(&address().versions_path());
    let Some(Route::Reply(listed)) = routes.remove(&versions) else { panic!("fixture") };
    routes.insert(versions.clone(), Route::FailFirst { failures: 2, status: 503, then: listed });
    let server = TestServer::start(routes);
    let scratch = tempfile::tempdir().expect("tempdir");
    let fetched = client(&server).fetch(MODULE, "~> 1.0", &scratch.path().join("out")).expect("third time lucky");
    assert_eq!(fetched.version, Version::new(1, 1, 0));
    assert_eq!(server.hits(&versions), 3);
}

#[test]
fn server_errors_that_persist_exhaust_the_retries() {
    let mut routes = registry();
    let versions = at(&address().versions_path());
    routes.insert(versions.clone(), Route::Reply(Response::status(502)));
    let server = TestServer::start(routes);
    let error = client(&server).versions(&address()).expect_err("always failing");
    assert!(matches!(error, ClientError::HttpStatus { status: 502, attempts: 3, .. }), "{error}");
    assert!(error.to_string().contains(&format!("{}{versions}", server.base)), "{error}");
    assert_eq!(server.hits(&versions), 3);
}

#[test]
fn not_found_is_not_retried() {
    let server = TestServer::start(registry());
    let error = client(&server).fetch("platform/missing/aws", "~> 1.0", Path::new("unused")).expect_err("missing");
    assert!(matches!(error, ClientError::HttpStatus { status: 404, attempts: 1, .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("/v1/modules/platform/missing/aws/versions") && message.contains("404"), "{message}");
    assert_eq!(server.hits("/v1/modules/platform/missing/aws/versions"), 1);
}

#[test]
fn a_tampered_archive_is_refused_and_not_extracted() {
    let mut routes = registry();
    let version = Version::new(1, 1, 0);
    let archive = at(&address().archive_path(&version));
    routes.insert(archive.clone(), Route::Reply(Response::ok(archive_of("6.6.6"))));
    let server = TestServer::start(routes);
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = scratch.path().join("network");
    let error = client(&server).fetch(MODULE, "~> 1.0", &out).expect_err("tampered");
    match &error {
        ClientError::DigestMismatch { expected, actual, url } => {
            assert_eq!(expected, &Digest::of(&archive_of("1.1.0")));
            assert_eq!(actual, &Digest::of(&archive_of("6.6.6")));
            assert_eq!(*url, format!("{}{archive}", server.base));
        }
        other => panic!("expected a digest mismatch, got {other}"),
    }
    let message = error.to_string();
    assert!(message.contains(&Digest::of(&archive_of("6.6.6")).to_string()), "{message}");
    assert!(!out.exists());
}

#[test]
fn a_location_without_a_checksum_is_refused_before_downloading() {
    let mut routes = registry();
    let version = Version::new(2, 0, 0);
    let location = format!("../../../../../../{}?archive=tar.gz", address().archive_path(&version));
    routes.insert(
        at(&address().download_path(&version)),
        Route::Reply(Response::status(204).header("X-Terraform-Get", &location)),
    );
    let server = TestServer::start(routes);
    let scratch = tempfile::tempdir().expect("tempdir");
    let error = client(&server).fetch(MODULE, "2.0.0", &scratch.path().join("out")).expect_err("unverifiable");
    assert!(matches!(&error, ClientError::MissingChecksum { location: given } if *given == location), "{error}");
    assert!(error.to_string().contains("checksum=sha256:<hex>"), "{error}");
    assert_eq!(server.hits(&at(&address().archive_path(&version))), 0);
}

#[test]
fn a_hostile_archive_with_a_valid_checksum_is_refused_by_extraction() {
    let mut header = tar::Header::new_gnu();
    header.set_path("main.tf").expect("path");
    header.set_entry_type(tar::EntryType::Symlink);
    header.set_link_name("/etc/passwd").expect("link");
    header.set_size(0);
    header.set_cksum();
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()));
    builder.append(&header, std::io::empty()).expect("append");
    let hostile = builder.into_inner().expect("tar").finish().expect("gzip");

    let version = Version::new(2, 0, 0);
    let mut routes = registry();
    let location = address().download_location(&version, Digest::of(&hostile).hex());
    routes.insert(
        at(&address().download_path(&version)),
        Route::Reply(Response::status(204).header("X-Terraform-Get", &location)),
    );
    routes.insert(at(&address().archive_path(&version)), Route::Reply(Response::ok(hostile)));
    let server = TestServer::start(routes);
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = scratch.path().join("network");
    let error = client(&server).fetch(MODULE, "2.0.0", &out).expect_err("hostile");
    match &error {
        ClientError::Extract {
            source: ExtractError::Refused { entry, reason: Refusal::Symlink(target), .. }, ..
        } => {
            assert_eq!((entry.as_str(), target.as_str()), ("main.tf", "/etc/passwd"));
        }
        other => panic!("expected a refused symlink, got {other}"),
    }
    assert_eq!(std::fs::read_dir(scratch.path()).expect("readable").count(), 0, "nothing may be written");
}

#[test]
fn malformed_documents_name_the_document_and_its_url() {
    let mut routes = registry();
    let versions = at(&address().versions_path());
    routes.insert(versions.clone(), Route::Reply(Response::ok(r#"{"modules": [{"versions": [{"version": "v1"}]}]}"#)));
    let server = TestServer::start(routes);
    let error = client(&server).versions(&address()).expect_err("malformed");
    assert!(matches!(error, ClientError::MalformedDocument { document: "versions document", .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("`v1` is not a semantic version") && message.contains(&versions), "{message}");

    let mut routes = registry();
    routes.insert(at(DISCOVERY_PATH), Route::Reply(Response::ok(r#"{"providers.v1": "/v1/providers/"}"#)));
    let server = TestServer::start(routes);
    let error = client(&server).discover().expect_err("no modules");
    assert!(error.to_string().contains("no `modules.v1`"), "{error}");
}

#[test]
fn a_slow_registry_times_out_and_is_retried() {
    let mut routes = registry();
    let discovery = at(DISCOVERY_PATH);
    routes.insert(discovery.clone(), Route::Slow { delay: Duration::from_secs(3), then: Response::ok("{}") });
    let server = TestServer::start(routes);
    let options = ClientOptions {
        timeout: Duration::from_millis(200),
        retries: 1,
        initial_backoff: Duration::from_millis(10),
        ..quick()
    };
    let started = Instant::now();
    let error = Client::new(&server.base, options).expect("client").discover().expect_err("too slow");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert!(matches!(error, ClientError::Unreachable { attempts: 2, .. }), "{error}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert_eq!(server.hits(&discovery), 2);
}

#[test]
fn an_unreachable_registry_reports_the_last_error_after_retrying() {
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port();
    let error =
        Client::new(&format!("http://127.0.0.1:{port}"), quick()).expect("client").discover().expect_err("closed");
    assert!(matches!(error, ClientError::Unreachable { attempts: 3, .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains(&format!("http://127.0.0.1:{port}/.well-known/terraform.json")), "{message}");
    assert!(message.to_lowercase().contains("connection refused"), "{message}");
}

#[test]
fn malformed_inputs_are_refused_before_any_request() {
    let server = TestServer::start(registry());
    let error = client(&server).fetch("platform/../aws", "~> 1.0", Path::new("unused")).expect_err("bad address");
    assert!(matches!(error, ClientError::Address(_)), "{error}");
    let error = client(&server).fetch(MODULE, "^1.0", Path::new("unused")).expect_err("bad constraint");
    assert!(matches!(error, ClientError::Constraint(_)), "{error}");
    assert_eq!(server.hits(&at(DISCOVERY_PATH)), 0);
    assert!(matches!(Client::new("ftp://example", quick()), Err(ClientError::InvalidBaseUrl { .. })));
}

/// Every file under `root` as a route answering its bytes, as a static host without header rules does.
fn static_site(root: &Path) -> HashMap<String, Route> {
    fn walk(root: &Path, directory: &Path, routes: &mut HashMap<String, Route>) {
        for entry in std::fs::read_dir(directory).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, routes);
            } else {
                let relative = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
                routes.insert(format!("/{relative}"), Route::Reply(Response::ok(std::fs::read(&path).expect("read"))));
            }
        }
    }
    let mut routes = HashMap::new();
    walk(root, root, &mut routes);
    routes
}

#[test]
fn every_version_in_the_committed_registry_fetches_and_verifies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../registry");
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("index.json")).expect("registry/index.json")).expect("JSON");
    let server = TestServer::start(static_site(&root));
    let client = client(&server);
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut fetched_versions = 0;
    for module in index["modules"].as_array().expect("modules") {
        let address = format!("{}/{}/{}", module["namespace"], module["name"], module["system"]).replace('"', "");
        for listed in module["versions"].as_array().expect("versions") {
            let version = listed["version"].as_str().expect("version");
            let out = scratch.path().join(format!("{}-{version}", address.replace('/', "-")));
            let fetched = client.fetch(&address, &format!("= {version}"), &out).expect("fetches");
            assert_eq!(fetched.digest.to_string(), listed["digest"].as_str().expect("digest"), "{address} {version}");
            assert!(fetched.files > 0 && out.join("main.tf").is_file(), "{address} {version}");
            fetched_versions += 1;
        }
    }
    assert!(fetched_versions > 0, "the committed registry lists no versions");
}

/// A test certificate authority, and a certificate it issued for `127.0.0.1` and `localhost`
/// (ECDSA P-256, valid until 2126), with its key. Made with openssl: `genpkey -algorithm EC`,
/// `req -x509` for the CA (`CA:TRUE`), `x509 -req` for the server (`subjectAltName=IP:127.0.0.1,
/// DNS:localhost`, `extendedKeyUsage=serverAuth`). They protect nothing but these tests.
const TEST_CA: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBlzCCAT2gAwIBAgIUGJ1Dbq1BjU8UTaDWQF7QNE6cdHAwCgYIKoZIzj0EAwIw\n\
GDEWMBQGA1UEAwwNUGF2ZWQgdGVzdCBDQTAgFw0yNjExMjMxMTU3MzBaGA8yMTI2\n\
MTAzMDExNTczMFowGDEWMBQGA1UEAwwNUGF2ZWQgdGVzdCBDQTBZMBMGByqGSM49\n\
AgEGCCqGSM49AwEHA0IABIxC+bSBDKB1Hw7OP23hlwn3n14S04uXSsflyOKNqAOn\n\
bv7KBJUzMlwPhAMZHSqs0UDRUvaAn3D0QbVhgtU8VTqjYzBhMB0GA1UdDgQWBBT3\n\
556Z3H4OReVAXTKxB/W4oPYt8jAfBgNVHSMEGDAWgBT3556Z3H4OReVAXTKxB/W4\n\
oPYt8jAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQD\n\
AgNIADBFAiAmJJpUToXZ5Uhi2rXmf8VTwqopwsVSL3wRxH/07qrOFQIhAMwmIFO8\n\
9ncIMmMadlA0PNOOLcmiqlfxxu+Ulo80zbed\n\
-----END CERTIFICATE-----\n";
const TEST_SERVER_CERTIFICATE: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBxDCCAWmgAwIBAgIUbNspGz5DapUG+0sV1JJCW15uP50wCgYIKoZIzj0EAwIw\n\
GDEWMBQGA1UEAwwNUGF2ZWQgdGVzdCBDQTAgFw0yNjExMjMxMTU3MzBaGA8yMTI2\n\
MTAzMDExNTczMFowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYI\n\
KoZIzj0DAQcDQgAEPL0JQA66AYZx1zUtjT4HgoWC9SR/S6R0yxnxksVfMpa05K2t\n\
Se3vxYF1CR4Onb90apUVAqzrOHzt0GzG7s4ZkKOBkjCBjzAaBgNVHREEEzARhwR/\n\
AAABgglsb2NhbGhvc3QwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYD\n\
VR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0OBBYEFJCeP0mhvrqpD0sCIfjr0zqaFMsr\n\
MB8GA1UdIwQYMBaAFPfnnpncfg5F5UBdMrEH9big9i3yMAoGCCqGSM49BAMCA0kA\n\
MEYCIQDLUmOw9sXsWK+segbuT6qs1O2arzG99YbHa4V/odRV/gIhANGHYirxnX3s\n\
D87KJ4miWU0zueZ0CCm2asUNeRppM5Me\n\
-----END CERTIFICATE-----\n";
const TEST_SERVER_KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNIbv2IyWrDPZUJU3\n\
5cQY3BZ63S+MiqwfzotcnT0rNnyhRANCAAQ8vQlADroBhnHXNS2NPgeChYL1JH9L\n\
pHTLGfGSxV8ylrTkra1J7e/FgXUJHg6dv3RqlRUCrOs4fO3QbMbuzhmQ\n\
-----END PRIVATE KEY-----\n";

/// An HTTPS registry server (`paved_registry::serve`) with the test certificate, serving a
/// discovery document; kept running until the test process ends.
fn https_registry() -> String {
    let folder = tempfile::tempdir().expect("tempdir").keep();
    let root = folder.join("registry");
    std::fs::create_dir_all(root.join(".well-known")).expect("folders");
    std::fs::write(root.join(DISCOVERY_PATH), r#"{"modules.v1": "/v1/modules/"}"#).expect("write");
    std::fs::write(folder.join("server.pem"), TEST_SERVER_CERTIFICATE).expect("write");
    std::fs::write(folder.join("server-key.pem"), TEST_SERVER_KEY).expect("write");
    let options = ServeOptions {
        tls: Some((folder.join("server.pem"), folder.join("server-key.pem"))),
        ..ServeOptions::new(&root)
    };
    let server = paved_registry::serve(options).expect("https server");
    let port = server.address().port();
    std::mem::forget(server);
    format!("https://127.0.0.1:{port}")
}

#[test]
fn an_untrusted_certificate_is_a_tls_error_that_names_the_fix() {
    let base = https_registry();
    let started = Instant::now();
    let error = Client::new(&base, quick()).expect("client").discover().expect_err("untrusted");
    assert!(matches!(error, ClientError::Tls { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("--ca-cert") && message.contains("SSL_CERT_FILE"), "{message}");
    assert!(message.to_lowercase().contains("certificate"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(2), "TLS failures are not retried");
}

#[test]
fn a_ca_certificate_makes_the_registry_trusted() {
    let base = https_registry();
    let scratch = tempfile::tempdir().expect("tempdir");
    let ca = scratch.path().join("ca.pem");
    std::fs::write(&ca, TEST_CA).expect("write");
    let client = Client::new(&base, ClientOptions { ca_cert: Some(ca), ..quick() }).expect("client");
    assert_eq!(client.discover().expect("trusted").as_str(), format!("{base}/v1/modules/"));
}

/// The download document of 2.0.0 points at 1.0.0's archive, with 1.0.0's correct checksum:
/// the client refuses it as another version's archive, before downloading.
#[test]
fn a_location_pointing_at_another_archive_is_refused() {
    let address = address();
    let old = Version::new(1, 0, 0);
    let other: ModuleAddress = "platform/other/aws".parse().expect("valid");
    for (location, reason) in [
        (
            address.download_location(&old, Digest::of(&archive_of("1.0.0")).hex()),
            "archives/platform/network/aws/network-2.0.0.tar.gz",
        ),
        (other.download_location(&old, Digest::of(&archive_of("1.0.0")).hex()), "network-2.0.0.tar.gz"),
    ] {
        let mut routes = registry();
        routes.insert(
            at(&address.download_path(&Version::new(2, 0, 0))),
            Route::Reply(Response::status(204).header("X-Terraform-Get", &location)),
        );
        let server = TestServer::start(routes);
        let scratch = tempfile::tempdir().expect("tempdir");
        let error = client(&server).fetch(MODULE, "= 2.0.0", &scratch.path().join("out")).expect_err("refused");
        assert!(matches!(error, ClientError::WrongArchive { .. }), "{error}");
        assert!(error.to_string().contains(reason), "{error}");
        assert!(!scratch.path().join("out").exists());
        assert_eq!(server.hits(&at(&address.archive_path(&old))), 0, "the other archive was downloaded");
    }
}

/// A JSON document larger than the cap is refused without being read whole, with or without a
/// `Content-Length`.
#[test]
fn an_oversized_document_is_refused() {
    let mut routes = registry();
    let huge = format!(r#"{{"modules": [{{"versions": [{}]}}]}}"#, "{\"version\": \"1.0.0\"},".repeat(300_000));
    assert!(huge.len() as u64 > paved_registry::MAX_DOCUMENT_BYTES);
    routes.insert(at(&address().versions_path()), Route::Reply(Response::ok(huge)));
    let server = TestServer::start(routes);
    let error = client(&server).versions(&address()).expect_err("refused");
    assert!(matches!(error, ClientError::TooLarge { document: "versions document", .. }), "{error}");
    assert!(error.to_string().contains(&paved_registry::MAX_DOCUMENT_BYTES.to_string()), "{error}");
    assert_eq!(server.hits(&at(&address().versions_path())), 1, "a refused document is not retried");
}

/// An empty archive, or one holding no file, is no module, even with a matching checksum.
#[test]
fn an_empty_archive_is_refused() {
    let empty_tar = module_archive(&[]);
    for (bytes, empty) in [(Vec::new(), true), (empty_tar, false)] {
        let mut routes = registry();
        let address = address();
        let version = Version::new(2, 0, 0);
        let location = address.download_location(&version, Digest::of(&bytes).hex());
        routes.insert(
            at(&address.download_path(&version)),
            Route::Reply(Response::status(204).header("X-Terraform-Get", &location)),
        );
        routes.insert(at(&address.archive_path(&version)), Route::Reply(Response::ok(bytes)));
        let server = TestServer::start(routes);
        let scratch = tempfile::tempdir().expect("tempdir");
        let error = client(&server).fetch(MODULE, "= 2.0.0", &scratch.path().join("out")).expect_err("refused");
        if empty {
            assert!(matches!(error, ClientError::EmptyArchive { .. }), "{error}");
        } else {
            assert!(matches!(error, ClientError::Extract { source: ExtractError::NoFiles { .. }, .. }), "{error}");
        }
        assert!(!scratch.path().join("out").exists());
    }
}

/// An `https` registry (paved's server with the test certificate) whose download document sends
/// the archive over plain `http`: refused, nothing downloaded.
#[test]
fn an_https_registry_cannot_send_the_archive_over_plain_http() {
    let archive = archive_of("1.0.0");
    let address = address();
    let version = Version::new(1, 0, 0);
    let plain = TestServer::start(HashMap::from([(
        at(&address.archive_path(&version)),
        Route::Reply(Response::ok(archive.clone())),
    )]));
    let location = format!(
        "{}/{}?archive=tar.gz&checksum=sha256:{}",
        plain.base,
        address.archive_path(&version),
        Digest::of(&archive).hex()
    );
    let folder = tempfile::tempdir().expect("tempdir");
    let root = folder.path().join("registry");
    let write = |path: &str, content: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, content).expect("write");
    };
    write(DISCOVERY_PATH, r#"{"modules.v1": "/v1/modules/"}"#);
    write(&address.versions_path(), r#"{"modules": [{"versions": [{"version": "1.0.0"}]}]}"#);
    write(&address.download_path(&version), &format!(r#"{{"location": "{location}"}}"#));
    std::fs::write(folder.path().join("server.pem"), TEST_SERVER_CERTIFICATE).expect("write");
    std::fs::write(folder.path().join("server-key.pem"), TEST_SERVER_KEY).expect("write");
    std::fs::write(folder.path().join("ca.pem"), TEST_CA).expect("write");
    let server = paved_registry::serve(ServeOptions {
        tls: Some((folder.path().join("server.pem"), folder.path().join("server-key.pem"))),
        ..ServeOptions::new(&root)
    })
    .expect("serves");
    let base = format!("https://127.0.0.1:{}", server.address().port());
    let client =
        Client::new(&base, ClientOptions { ca_cert: Some(folder.path().join("ca.pem")), ..quick() }).expect("client");
    let error = client.fetch(MODULE, "= 1.0.0", &folder.path().join("out")).expect_err("refused");
    assert!(matches!(error, ClientError::Downgrade { .. }), "{error}");
    assert!(error.to_string().contains("plain http"), "{error}");
    assert_eq!(plain.hits(&at(&address.archive_path(&version))), 0, "downloaded in clear");
}

/// `https://` against a plain-HTTP server is named at once, not retried until the retries run out:
/// against paved's server (which answers the TLS hello with a 400), and against one that waits
/// for a line the TLS hello never ends (then after one timeout).
#[test]
fn https_against_a_plain_http_server_says_so() {
    let folder = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(folder.path().join(".well-known")).expect("folders");
    let server = paved_registry::serve(ServeOptions::new(folder.path())).expect("serves");
    let waiting = TestServer::start(registry());
    for (base, limit) in [(server.url(), Duration::from_secs(2)), (waiting.base.clone(), Duration::from_secs(4))] {
        let https = base.replacen("http://", "https://", 1);
        let started = Instant::now();
        let options = ClientOptions { timeout: Duration::from_secs(2), retries: 3, ..quick() };
        let error = Client::new(&https, options).expect("client").discover().expect_err("refused");
        assert!(matches!(error, ClientError::PlainHttpServer { .. }), "{base}: {error}");
        assert!(error.to_string().contains(&format!("use `{base}/")), "{error}");
        assert!(started.elapsed() < limit, "{base}: took {:?}", started.elapsed());
    }
}
