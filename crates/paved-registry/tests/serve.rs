//! The registry server over plain HTTP, against a registry folder built by hand: what it serves,
//! with which content types and headers, and what it refuses.

use paved_registry::{ServeError, ServeOptions, Server, serve as start};
use std::io::{Read, Write};
use std::path::Path;

const DOWNLOAD: &str = "/v1/modules/platform/demo/aws/1.0.0/download";
const LOCATION: &str =
    "../../../../../../archives/platform/demo/aws/demo-1.0.0.tar.gz?archive=tar.gz&checksum=sha256:0123";
const ARCHIVE: &[u8] = b"\x1f\x8b\x08\x00 not really a tarball";

/// Writes `content` at `relative` under `root`, creating folders.
fn write(root: &Path, relative: &str, content: &[u8]) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("creates folders");
    std::fs::write(&path, content).expect("writes");
}

/// A registry folder with one module version, its header map, an index page, a secret next to
/// the root and things that must not be served.
fn registry() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path().join("registry");
    write(&root, ".well-known/terraform.json", br#"{"modules.v1":"/v1/modules/"}"#);
    write(&root, "v1/modules/platform/demo/aws/versions", br#"{"modules":[{"versions":[{"version":"1.0.0"}]}]}"#);
    write(&root, &DOWNLOAD[1..], format!(r#"{{"location":"{LOCATION}"}}"#).as_bytes());
    write(&root, "archives/platform/demo/aws/demo-1.0.0.tar.gz", ARCHIVE);
    write(&root, "index.html", b"<!doctype html><title>registry</title>");
    write(&root, ".paved-publish.lock", b"");
    write(
        &root,
        "_headers",
        format!("# header map\n{DOWNLOAD}\n  X-Terraform-Get: {LOCATION}\n\n/archives/*\n  Cache-Control: immutable\n")
            .as_bytes(),
    );
    write(folder.path(), "secret.txt", b"outside the root");
    folder
}

fn serve(folder: &tempfile::TempDir) -> Server {
    start(ServeOptions::new(folder.path().join("registry"))).expect("starts")
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Sends `request_line` as is (no URL normalisation, unlike reqwest) and returns the status.
fn raw_status(server: &Server, method: &str, path: &str) -> u16 {
    let mut stream = std::net::TcpStream::connect(server.address()).expect("connects");
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status_line = response.lines().next().unwrap_or_default();
    status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {response:?}"))
}

fn header<'a>(response: &'a reqwest::blocking::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|value| value.to_str().ok())
}

#[test]
fn serves_the_registry_protocol_files_with_json_content_types() {
    let folder = registry();
    let server = serve(&folder);
    assert!(server.url().starts_with("http://127.0.0.1:"), "{}", server.url());
    assert_ne!(server.address().port(), 0);
    for (path, body) in [
        ("/.well-known/terraform.json", r#"{"modules.v1":"/v1/modules/"}"#.to_owned()),
        ("/v1/modules/platform/demo/aws/versions", r#"{"modules":[{"versions":[{"version":"1.0.0"}]}]}"#.to_owned()),
        (DOWNLOAD, format!(r#"{{"location":"{LOCATION}"}}"#)),
    ] {
        let response = client().get(format!("{}{path}", server.url())).send().expect("answers");
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "content-type"), Some("application/json"), "{path}");
        assert_eq!(response.text().expect("body"), body, "{path}");
    }
}

#[test]
fn without_a_header_map_a_download_path_carries_its_documents_location() {
    let folder = registry();
    std::fs::remove_file(folder.path().join("registry/_headers")).expect("removes the header map");
    let server = serve(&folder);
    let response = client().get(format!("{}{DOWNLOAD}", server.url())).send().expect("answers");
    assert_eq!(header(&response, "x-terraform-get"), Some(LOCATION));
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let response =
        client().get(format!("{}/v1/modules/platform/demo/aws/versions", server.url())).send().expect("answers");
    assert_eq!(header(&response, "x-terraform-get"), None, "only download documents carry it");
}

#[test]
fn download_paths_carry_the_header_map() {
    let folder = registry();
    let server = serve(&folder);
    let response = client().get(format!("{}{DOWNLOAD}", server.url())).send().expect("answers");
    assert_eq!(header(&response, "x-terraform-get"), Some(LOCATION));
    assert_eq!(header(&response, "cache-control"), None);

    let response =
        client().get(format!("{}/archives/platform/demo/aws/demo-1.0.0.tar.gz", server.url())).send().expect("answers");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-type"), Some("application/gzip"));
    assert_eq!(header(&response, "cache-control"), Some("immutable"), "the `/archives/*` rule");
    assert_eq!(header(&response, "x-terraform-get"), None);
    assert_eq!(response.bytes().expect("body").as_ref(), ARCHIVE);
}

#[test]
fn a_content_type_in_the_header_map_replaces_the_default() {
    let folder = registry();
    let root = folder.path().join("registry");
    write(&root, "_headers", b"/index.html\n  Content-Type: text/plain\n");
    let server = serve(&folder);
    let response = client().get(format!("{}/index.html", server.url())).send().expect("answers");
    let types: Vec<_> = response.headers().get_all("content-type").iter().collect();
    assert_eq!(types, ["text/plain"]);
}

#[test]
fn the_root_serves_the_index_page() {
    let folder = registry();
    let server = serve(&folder);
    for path in ["/", "/index.html", "/?query=1"] {
        let response = client().get(format!("{}{path}", server.url())).send().expect("answers");
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "content-type"), Some("text/html; charset=utf-8"), "{path}");
    }
}

#[test]
fn head_answers_headers_without_a_body() {
    let folder = registry();
    let server = serve(&folder);
    let response = client().head(format!("{}{DOWNLOAD}", server.url())).send().expect("answers");
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-terraform-get"), Some(LOCATION));
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    let length = format!(r#"{{"location":"{LOCATION}"}}"#).len().to_string();
    assert_eq!(header(&response, "content-length"), Some(length.as_str()));
    assert_eq!(response.bytes().expect("body").len(), 0);
}

#[test]
fn other_methods_are_refused() {
    let folder = registry();
    let server = serve(&folder);
    let response = client().post(format!("{}{DOWNLOAD}", server.url())).body("x").send().expect("answers");
    assert_eq!(response.status(), 405);
    assert_eq!(header(&response, "allow"), Some("GET, HEAD"));
    assert_eq!(raw_status(&server, "DELETE", DOWNLOAD), 405);
}

#[test]
fn missing_files_are_not_found() {
    let folder = registry();
    let server = serve(&folder);
    for path in ["/v1/modules/platform/demo/aws/9.9.9/download", "/nothing", "/v1/modules/platform/demo/aws"] {
        let response = client().get(format!("{}{path}", server.url())).send().expect("answers");
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[test]
fn nothing_outside_the_root_or_private_is_served() {
    let folder = registry();
    let server = serve(&folder);
    for path in [
        "/../secret.txt",
        "/v1/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/v1/..%2f..%2fsecret.txt",
        "/v1%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/index.html%00",
        "/%zz",
        "/_headers",
        "/.paved-publish.lock",
        "/.well-known/../_headers",
        "secret.txt",
    ] {
        assert_eq!(raw_status(&server, "GET", path), 404, "{path}");
    }
    assert_eq!(raw_status(&server, "GET", "/./.well-known//terraform.json"), 200, "`.` and empty segments are skipped");
    assert_eq!(raw_status(&server, "GET", "/%2ewell-known/terraform%2Ejson"), 200, "escapes are decoded");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_only_inside_the_root() {
    let folder = registry();
    let root = folder.path().join("registry");
    std::os::unix::fs::symlink(folder.path().join("secret.txt"), root.join("leak.txt")).expect("links");
    std::os::unix::fs::symlink(folder.path(), root.join("parent")).expect("links");
    std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).expect("links");
    let server = serve(&folder);
    assert_eq!(raw_status(&server, "GET", "/leak.txt"), 404);
    assert_eq!(raw_status(&server, "GET", "/parent/secret.txt"), 404);
    assert_eq!(raw_status(&server, "GET", "/home.html"), 200);
}

#[test]
fn dropping_the_server_stops_it() {
    let folder = registry();
    let server = serve(&folder);
    let address = server.address();
    assert_eq!(raw_status(&server, "GET", "/"), 200);
    drop(server);
    assert!(std::net::TcpStream::connect(address).is_err(), "still listening on {address}");
}

#[test]
fn a_malformed_header_map_is_refused_with_its_line() {
    let folder = registry();
    write(&folder.path().join("registry"), "_headers", b"/a\n  X-Ok: yes\n  not a header\n");
    let error = start(ServeOptions::new(folder.path().join("registry"))).expect_err("refused");
    assert!(matches!(error, ServeError::HeaderMap { line: 3, .. }), "{error:?}");
    assert!(error.to_string().contains("`not a header` is not a header; write `Name: value`"), "{error}");
}

#[test]
fn a_header_map_broken_while_serving_gives_server_errors() {
    let folder = registry();
    let server = serve(&folder);
    write(&folder.path().join("registry"), "_headers", b"  orphan: header\n");
    assert_eq!(raw_status(&server, "GET", "/index.html"), 500);
    assert_eq!(raw_status(&server, "GET", "/nothing"), 404);
}

#[test]
fn a_missing_root_is_refused() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let error = start(ServeOptions::new(folder.path().join("absent"))).expect_err("refused");
    assert!(matches!(error, ServeError::Root { .. }), "{error:?}");
    assert!(error.to_string().starts_with("cannot serve `"), "{error}");
}

#[test]
fn unusable_tls_files_are_refused_before_listening() {
    let folder = registry();
    write(folder.path(), "certificate.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    write(folder.path(), "ec.pem", b"-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    let options = |certificate: &str, key: &str| ServeOptions {
        tls: Some((folder.path().join(certificate), folder.path().join(key))),
        ..ServeOptions::new(folder.path().join("registry"))
    };
    let error = start(options("certificate.pem", "ec.pem")).expect_err("refused");
    assert!(matches!(error, ServeError::TlsFile { what: "private key", .. }), "{error:?}");
    assert!(error.to_string().contains("openssl pkcs8 -topk8 -nocrypt"), "{error}");
    let error = start(options("ec.pem", "ec.pem")).expect_err("refused");
    assert!(matches!(error, ServeError::TlsFile { what: "certificate", .. }), "{error:?}");
    let error = start(options("absent.pem", "ec.pem")).expect_err("refused");
    assert!(matches!(error, ServeError::ReadTls { what: "certificate", .. }), "{error:?}");
}

#[test]
fn an_address_that_cannot_be_bound_is_refused() {
    let folder = registry();
    let error =
        start(ServeOptions { addr: "not an address".to_owned(), ..ServeOptions::new(folder.path().join("registry")) })
            .expect_err("refused");
    assert!(matches!(error, ServeError::Listen { .. }), "{error:?}");
    assert!(error.to_string().starts_with("cannot listen on `not an address`: "), "{error}");
}

/// Sends `request` as is and returns everything the server answers before closing.
fn raw_exchange(server: &Server, request: &[u8]) -> String {
    let mut stream = std::net::TcpStream::connect(server.address()).expect("connects");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
    stream.write_all(request).expect("sends");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// A download document whose location holds CR/LF (or any control character) would split the
/// response if copied into `X-Terraform-Get`: it is answered 500 without that header, whatever
/// the document says; the same holds for every header value the server sets.
#[test]
fn a_location_with_control_characters_never_reaches_a_header() {
    let folder = registry();
    let root = folder.path().join("registry");
    std::fs::remove_file(root.join("_headers")).expect("removes the header map");
    let hostile = "/v1/modules/platform/demo/aws/2.0.0/download";
    for location in
        ["../x.tar.gz\r\nSet-Cookie: stolen=1\r\n\r\n<html>", "../x.tar.gz\nX-Injected: 1", "../x\u{7f}", "../é"]
    {
        write(&root, &hostile[1..], serde_json::json!({ "location": location }).to_string().as_bytes());
        let server = serve(&folder);
        let response = raw_exchange(
            &server,
            format!("GET {hostile} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let head = response.split("\r\n\r\n").next().unwrap_or_default().to_owned();
        assert!(head.starts_with("HTTP/1.1 500"), "{location:?}: {response:?}");
        let lower = head.to_ascii_lowercase();
        assert!(
            !lower.contains("set-cookie") && !lower.contains("x-injected") && !lower.contains("x-terraform-get"),
            "{head:?}"
        );
    }
    let server = serve(&folder);
    assert_eq!(raw_status(&server, "GET", DOWNLOAD), 200, "a clean location is still served");
}

/// A request head larger than the limit is answered 431 (or the connection closed) after the
/// first kilobytes, not buffered; the server keeps answering others.
#[test]
fn an_oversized_request_head_is_refused() {
    let folder = registry();
    let server = serve(&folder);
    let mut stream = std::net::TcpStream::connect(server.address()).expect("connects");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
    stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ").expect("sends");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 100 * 1024 * 1024 && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(sent < 100 * 1024 * 1024, "the server read 100 MiB of one request head");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(response.is_empty() || response.starts_with("HTTP/1.1 431"), "{response:?}");
    assert_eq!(raw_status(&server, "GET", "/"), 200);
}

/// Slow-loris clients (50 connections on 127.0.0.1 that send half a request line and stop) are
/// cut off after the header time limit, and do not keep the server from answering meanwhile.
#[test]
fn slow_clients_are_cut_off_and_do_not_hold_the_server() {
    use std::time::{Duration, Instant};
    let folder = registry();
    let limits = paved_registry::ServeLimits { header_timeout: Duration::from_millis(500), ..Default::default() };
    let server = start(ServeOptions { limits, ..ServeOptions::new(folder.path().join("registry")) }).expect("starts");
    let started = Instant::now();
    let slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(server.address()).expect("connects");
            stream.write_all(b"GET /index.html HT").expect("sends half a request line");
            stream
        })
        .collect();
    let answered = Instant::now();
    assert_eq!(raw_status(&server, "GET", "/"), 200, "a normal request while 50 are stalled");
    assert!(answered.elapsed() < Duration::from_millis(400), "answered after {:?}", answered.elapsed());
    for mut stream in slow {
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        let mut rest = Vec::new();
        let closed = stream.read_to_end(&mut rest);
        assert!(
            closed.is_ok() || closed.as_ref().is_err_and(|error| error.kind() == std::io::ErrorKind::ConnectionReset),
            "{closed:?}"
        );
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "stalled connections were held for {elapsed:?}");
}
