//! A small synchronous HTTP(S) server for a registry folder, for local use, demos and tests.
//!
//! It serves what a static host would: `GET` and `HEAD` of the files under the root, with the
//! content types Terraform and browsers expect, and the response headers of the root's `_headers`
//! file (Netlify syntax) if it has one. A download document's `location` is its `X-Terraform-Get`
//! header (unless `_headers` gives one), so every download path carries it. Paths are
//! percent-decoded one segment at a time; `..`, encoded slashes and backslashes, NUL, and dot
//! files other than `.well-known` are refused; symbolic links are followed only while they stay
//! inside the root; `_headers` itself is not served. Anything else is a 404. One line per request
//! goes to stderr: method, path, status.
//!
//! What Terraform 1.11 needs of it: the discovery document served as `application/json` (it
//! refuses `text/plain` or no content type), and the download path's `X-Terraform-Get` header (it
//! ignores the download document's body). It does not check the other content types.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::layout::{HEADERS_PATH, content_type, download_document_location};

/// How many threads answer requests (tiny_http itself reads each connection on its own thread).
const WORKERS: usize = 4;
/// How often an idle worker checks whether the server is stopping.
const POLL: Duration = Duration::from_millis(50);

/// What to serve, where, and whether over TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The registry folder (the one holding `.well-known/terraform.json`).
    pub root: PathBuf,
    /// The address to listen on, such as `127.0.0.1:8443`; port 0 picks a free port.
    pub addr: String,
    /// A PEM certificate chain and its PEM private key (PKCS#8 or RSA, unencrypted): serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
}

impl ServeOptions {
    /// Plain HTTP on a free port of `127.0.0.1`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), addr: "127.0.0.1:0".to_owned(), tls: None }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The root is missing or not a folder.
    #[error("cannot serve `{}`: {source}; pass the registry folder (the one holding `.well-known/terraform.json`)", path.display())]
    Root {
        /// The root as given.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// A TLS file could not be read.
    #[error("cannot read the TLS {what} `{}`: {source}", path.display())]
    ReadTls {
        /// `certificate` or `private key`.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// A TLS file holds no PEM block of the kind needed.
    #[error("the TLS {what} `{}` holds no {expected}; {fix}", path.display())]
    TlsFile {
        /// `certificate` or `private key`.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The PEM block looked for.
        expected: &'static str,
        /// How to get one.
        fix: &'static str,
    },
    /// The address could not be parsed or bound, or the TLS certificate and key were refused.
    #[error("cannot listen on `{addr}`: {source}")]
    Listen {
        /// The address as given.
        addr: String,
        /// What went wrong.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// The root's `_headers` file is malformed.
    #[error("`{}` line {line}: {problem}", path.display())]
    HeaderMap {
        /// The `_headers` file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
}

/// A running server. It stops when dropped; [`Server::run_forever`] never returns.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    scheme: &'static str,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl Server {
    /// `scheme://address:port` with the port actually bound, such as `https://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.address)
    }

    /// The address actually bound.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until the process ends.
    pub fn run_forever(mut self) {
        for worker in std::mem::take(&mut self.workers) {
            let _ = worker.join();
        }
    }
}

impl Drop for Server {
    /// Stops the workers, then waits (at most two seconds) until the port refuses connections:
    /// tiny_http closes its listening socket on its own accept thread, a moment after it is
    /// dropped, and a dropped `Server` should be a stopped one.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for worker in std::mem::take(&mut self.workers) {
            let _ = worker.join();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while std::time::Instant::now() < deadline
            && std::net::TcpStream::connect_timeout(&self.address, Duration::from_millis(100)).is_ok()
        {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Starts serving `options.root` on `options.addr` and returns once the socket is bound.
///
/// Fails on a missing root, unreadable or unusable TLS files, an address that cannot be bound,
/// or a malformed `_headers` file (which is otherwise read again on every request, so a publish
/// while serving is picked up).
///
/// ```
/// let root = tempfile::tempdir()?;
/// std::fs::create_dir_all(root.path().join(".well-known"))?;
/// std::fs::write(root.path().join(".well-known/terraform.json"), r#"{"modules.v1":"/v1/modules/"}"#)?;
/// let server = paved_registry::serve(paved_registry::ServeOptions::new(root.path()))?;
/// let discovery = reqwest::blocking::get(format!("{}/.well-known/terraform.json", server.url()))?;
/// assert_eq!(discovery.headers()["content-type"], "application/json");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn serve(options: ServeOptions) -> Result<Server, ServeError> {
    let root = std::fs::canonicalize(&options.root)
        .and_then(|root| {
            if root.is_dir() { Ok(root) } else { Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder")) }
        })
        .map_err(|source| ServeError::Root { path: options.root.clone(), source })?;
    let site = Site { root };
    site.header_rules()?;

    let listen_error = |source| ServeError::Listen { addr: options.addr.clone(), source };
    let (http, scheme) = match &options.tls {
        None => (tiny_http::Server::http(options.addr.as_str()).map_err(listen_error)?, "http"),
        Some((certificate, key)) => {
            let config = tiny_http::SslConfig {
                certificate: read_pem(
                    certificate,
                    "certificate",
                    &["CERTIFICATE"],
                    "`BEGIN CERTIFICATE` block",
                    "pass the server certificate in PEM form",
                )?,
                private_key: read_pem(
                    key,
                    "private key",
                    &["PRIVATE KEY", "RSA PRIVATE KEY"],
                    "unencrypted PKCS#8 or RSA private key",
                    "convert it with `openssl pkcs8 -topk8 -nocrypt -in <key> -out <key>.pkcs8.pem`",
                )?,
            };
            (tiny_http::Server::https(options.addr.as_str(), config).map_err(listen_error)?, "https")
        }
    };
    let address = http.server_addr().to_ip().ok_or_else(|| listen_error("not an IP address".into()))?;

    let http = Arc::new(http);
    let site = Arc::new(site);
    let stop = Arc::new(AtomicBool::new(false));
    let workers = (0..WORKERS)
        .map(|_| {
            let (http, site, stop) = (Arc::clone(&http), Arc::clone(&site), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match http.recv_timeout(POLL) {
                        Ok(Some(request)) => site.answer(request),
                        Ok(None) => {}
                        Err(error) => eprintln!("paved registry serve: {error}"),
                    }
                }
            })
        })
        .collect();
    Ok(Server { address, scheme, stop, workers })
}

/// Reads a PEM file and checks it holds a block with one of `labels` (tiny_http panics instead
/// of failing when it holds none).
fn read_pem(
    path: &Path,
    what: &'static str,
    labels: &[&str],
    expected: &'static str,
    fix: &'static str,
) -> Result<Vec<u8>, ServeError> {
    let bytes = std::fs::read(path).map_err(|source| ServeError::ReadTls { what, path: path.to_owned(), source })?;
    let text = String::from_utf8_lossy(&bytes);
    if labels.iter().any(|label| text.lines().any(|line| line.trim() == format!("-----BEGIN {label}-----"))) {
        Ok(bytes)
    } else {
        Err(ServeError::TlsFile { what, path: path.to_owned(), expected, fix })
    }
}

/// The served folder.
struct Site {
    /// Canonical, so symbolic links can be checked against it.
    root: PathBuf,
}

/// A response about to be sent.
struct Answer {
    status: u16,
    body: Body,
    headers: Vec<(String, String)>,
}

enum Body {
    File(std::fs::File, usize),
    Text(&'static str),
}

impl Site {
    fn answer(&self, request: tiny_http::Request) {
        let method = request.method().clone();
        let url = request.url().to_owned();
        let answer = match method {
            tiny_http::Method::Get | tiny_http::Method::Head => self.answer_path(&url),
            _ => Answer {
                status: 405,
                body: Body::Text("method not allowed: this registry only answers GET and HEAD\n"),
                headers: vec![
                    ("Allow".to_owned(), "GET, HEAD".to_owned()),
                    ("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned()),
                ],
            },
        };
        let status = answer.status;
        let mut response = match answer.body {
            Body::File(file, length) => tiny_http::Response::new(
                tiny_http::StatusCode(status),
                Vec::new(),
                Box::new(file) as Box<dyn io::Read + Send>,
                Some(length),
                None,
            ),
            Body::Text(text) => tiny_http::Response::new(
                tiny_http::StatusCode(status),
                Vec::new(),
                Box::new(text.as_bytes()) as Box<dyn io::Read + Send>,
                Some(text.len()),
                None,
            ),
        };
        for (name, value) in &answer.headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let sent = request.respond(response);
        let failure = sent.err().map(|error| format!(" (sending failed: {error})")).unwrap_or_default();
        eprintln!("{method} {} {status}{failure}", url.escape_debug());
    }

    fn answer_path(&self, url: &str) -> Answer {
        let not_found = || Answer {
            status: 404,
            body: Body::Text("not found\n"),
            headers: vec![("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned())],
        };
        let Some((site_path, file)) = self.resolve(url) else { return not_found() };
        let rules = match self.header_rules() {
            Ok(rules) => rules,
            Err(error) => {
                eprintln!("paved registry serve: {error}");
                return Answer {
                    status: 500,
                    body: Body::Text("the registry's _headers file is malformed; see the server's log\n"),
                    headers: vec![("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned())],
                };
            }
        };
        let Ok(opened) = std::fs::File::open(&file) else { return not_found() };
        let Ok(length) = opened.metadata().map(|metadata| metadata.len()) else { return not_found() };
        let Ok(length) = usize::try_from(length) else { return not_found() };
        let mut headers: Vec<(String, String)> = rules
            .iter()
            .filter(|rule| rule.matches(&site_path))
            .flat_map(|rule| rule.headers.iter().cloned())
            .collect();
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("X-Terraform-Get"))
            && let Some(location) =
                std::fs::read(&file).ok().and_then(|bytes| download_document_location(&site_path, &bytes))
        {
            headers.push(("X-Terraform-Get".to_owned(), location));
        }
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("Content-Type")) {
            headers.push(("Content-Type".to_owned(), content_type(&file.to_string_lossy()).to_owned()));
        }
        Answer { status: 200, body: Body::File(opened, length), headers }
    }

    /// The site path (`/` and the decoded segments) and the regular file inside the root that
    /// `url` names, or `None`.
    fn resolve(&self, url: &str) -> Option<(String, PathBuf)> {
        let path = url.split(['?', '#']).next()?.strip_prefix('/')?;
        let mut segments = Vec::new();
        for raw in path.split('/') {
            let segment = percent_decode(raw)?;
            if segment.is_empty() || segment == "." {
                continue;
            }
            if (segment.starts_with('.') && segment != ".well-known") || segment.contains(['/', '\\', '\0']) {
                return None;
            }
            segments.push(segment);
        }
        if segments == [HEADERS_PATH] {
            return None;
        }
        let site_path = format!("/{}", segments.join("/"));
        let mut file =
            self.inside_root(&segments.iter().fold(self.root.clone(), |path, segment| path.join(segment)))?;
        if file.is_dir() {
            file = self.inside_root(&file.join("index.html"))?;
        }
        file.is_file().then_some((site_path, file))
    }

    /// `path` with every symbolic link resolved, if that stays inside the root.
    fn inside_root(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok().filter(|real| real.starts_with(&self.root))
    }

    /// The rules of the root's `_headers` file; none when there is no such file.
    fn header_rules(&self) -> Result<Vec<HeaderRule>, ServeError> {
        let path = self.root.join(HEADERS_PATH);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                parse_header_map(&text).map_err(|(line, problem)| ServeError::HeaderMap { path, line, problem })
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(ServeError::HeaderMap { path, line: 0, problem: format!("cannot read it: {error}") }),
        }
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// One block of a `_headers` file: a path pattern and the headers of the paths it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeaderRule {
    /// A site path; `*` matches any run of characters, `/` included.
    pattern: String,
    headers: Vec<(String, String)>,
}

impl HeaderRule {
    fn matches(&self, path: &str) -> bool {
        glob_matches(self.pattern.as_bytes(), path.as_bytes())
    }
}

fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob_matches(rest, &text[skip..])),
        Some((first, rest)) => text.first() == Some(first) && glob_matches(rest, &text[1..]),
    }
}

/// Parses Netlify's `_headers` syntax: an unindented path, then indented `Name: value` lines;
/// blank lines and `#` comments are ignored. An error is its 1-based line and the problem.
fn parse_header_map(text: &str) -> Result<Vec<HeaderRule>, (usize, String)> {
    let mut rules: Vec<HeaderRule> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            if !trimmed.starts_with('/') {
                return Err((number, format!("`{trimmed}` is not a path; a path starts with `/`")));
            }
            rules.push(HeaderRule { pattern: trimmed.to_owned(), headers: Vec::new() });
            continue;
        }
        let Some(rule) = rules.last_mut() else {
            return Err((number, format!("the header `{trimmed}` comes before any path; put a path line above it")));
        };
        let Some((name, value)) = trimmed.split_once(':') else {
            return Err((number, format!("`{trimmed}` is not a header; write `Name: value`")));
        };
        let (name, value) = (name.trim(), value.trim());
        let token = |character: char| character.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(character);
        if name.is_empty() || !name.chars().all(token) || value.chars().any(|character| character.is_ascii_control()) {
            return Err((number, format!("`{trimmed}` is not a valid header; write `Name: value`")));
        }
        rule.headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_maps_parse_netlify_syntax() {
        let text = "# comment\n/v1/modules/a/b/c/1.0.0/download\n  X-Terraform-Get: ../x?archive=tar.gz\n\n/*\n\tCache-Control: no-cache\n";
        let rules = parse_header_map(text).expect("parses");
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].headers, [("X-Terraform-Get".to_owned(), "../x?archive=tar.gz".to_owned())]);
        assert!(rules[0].matches("/v1/modules/a/b/c/1.0.0/download"));
        assert!(!rules[0].matches("/v1/modules/a/b/c/1.0.0/download/x"));
        assert!(rules[1].matches("/anything/at/all"));
    }

    #[test]
    fn malformed_header_maps_name_their_line() {
        assert_eq!(parse_header_map("  X: y\n").map_err(|(line, _)| line), Err(1));
        assert_eq!(parse_header_map("/a\n  no colon\n").map_err(|(line, _)| line), Err(2));
        assert_eq!(parse_header_map("relative\n").map_err(|(line, _)| line), Err(1));
        assert_eq!(parse_header_map("/a\n  Bad Name: y\n").map_err(|(line, _)| line), Err(2));
    }

    #[test]
    fn percent_decoding_refuses_malformed_escapes() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%2e%2E").as_deref(), Some(".."));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }
}
