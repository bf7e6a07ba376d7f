//! A small HTTP(S) server for a registry folder, for local use, demos and tests.
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
//! Every header value it sends is checked: a value with a control character (a CR or LF that would
//! split the response, or any other) or a non-ASCII byte is never sent; the request is answered
//! 500 and the server's log names the file. Hostile clients are bounded (see [`ServeLimits`]): a
//! request head must arrive whole within a time limit and fit a size limit (else the connection
//! is closed, or answered 431), a TLS handshake has the same time limit, and connections beyond a
//! fixed number are closed at once. Connections are tasks on one thread (hyper on a
//! current-thread tokio runtime), so slow clients cannot grow the number of threads.
//!
//! What Terraform 1.11 needs of it: the discovery document served as `application/json` (it
//! refuses `text/plain` or no content type), and the download path's `X-Terraform-Get` header (it
//! ignores the download document's body). It does not check the other content types.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue};

use crate::layout::{HEADERS_PATH, content_type, download_document_location};

/// How the server bounds what a client can make it hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// How long a client has to send a whole request head (and, over TLS, to finish the
    /// handshake) before the connection is closed.
    pub header_timeout: Duration,
    /// The largest request head read, in bytes (at least 8192); a larger one is answered 431.
    pub max_header_bytes: usize,
    /// How many connections are served at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
}

impl Default for ServeLimits {
    /// 10 seconds for a request head, 16 KiB of it, 256 connections.
    fn default() -> Self {
        Self { header_timeout: Duration::from_secs(10), max_header_bytes: 16 * 1024, max_connections: 256 }
    }
}

/// What to serve, where, and whether over TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The registry folder (the one holding `.well-known/terraform.json`).
    pub root: PathBuf,
    /// The address to listen on, such as `127.0.0.1:8443`; port 0 picks a free port.
    pub addr: String,
    /// A PEM certificate chain and its PEM private key (PKCS#8 or RSA, unencrypted): serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The bounds on what a client can make the server hold.
    pub limits: ServeLimits,
}

impl ServeOptions {
    /// Plain HTTP on a free port of `127.0.0.1`, with the default limits.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), addr: "127.0.0.1:0".to_owned(), tls: None, limits: ServeLimits::default() }
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
    /// A throwaway certificate could not be made or written.
    #[error("cannot make the throwaway certificates in `{}`: {reason}", folder.display())]
    SelfSigned {
        /// The folder they go to.
        folder: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// A running server. It stops when dropped; [`Server::run_forever`] never returns.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    scheme: &'static str,
    stop: Option<tokio::sync::watch::Sender<bool>>,
    thread: Option<JoinHandle<()>>,
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
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    /// Stops accepting, closes the listening socket and every connection, and waits for that.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
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

    let listen_error =
        |source: Box<dyn std::error::Error + Send + Sync>| ServeError::Listen { addr: options.addr.clone(), source };
    let tls = match &options.tls {
        None => None,
        Some((certificate, key)) => {
            let certificate = read_pem(
                certificate,
                "certificate",
                &["CERTIFICATE"],
                "`BEGIN CERTIFICATE` block",
                "pass the server certificate in PEM form",
            )?;
            let key = read_pem(
                key,
                "private key",
                &["PRIVATE KEY", "RSA PRIVATE KEY"],
                "unencrypted PKCS#8 or RSA private key",
                "convert it with `openssl pkcs8 -topk8 -nocrypt -in <key> -out <key>.pkcs8.pem`",
            )?;
            Some(tls_config(&certificate, &key).map_err(listen_error)?)
        }
    };
    let listener = std::net::TcpListener::bind(options.addr.as_str()).map_err(|error| listen_error(error.into()))?;
    listener.set_nonblocking(true).map_err(|error| listen_error(error.into()))?;
    let address = listener.local_addr().map_err(|error| listen_error(error.into()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| listen_error(error.into()))?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(|error| listen_error(error.into()))?
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (site, limits) = (Arc::new(site), options.limits);
    let thread = std::thread::spawn(move || runtime.block_on(accept(listener, site, tls, limits, stopped)));
    Ok(Server { address, scheme, stop: Some(stop), thread: Some(thread) })
}

/// The TLS configuration of a PEM certificate chain and key (rustls with ring, HTTP/1.1).
fn tls_config(
    certificate: &[u8],
    key: &[u8],
) -> Result<Arc<rustls::ServerConfig>, Box<dyn std::error::Error + Send + Sync>> {
    use rustls_pki_types::pem::PemObject as _;
    let chain = rustls_pki_types::CertificateDer::pem_slice_iter(certificate).collect::<Result<Vec<_>, _>>()?;
    let key = rustls_pki_types::PrivateKeyDer::from_pem_slice(key)?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Accepts connections until told to stop, each served as a task; beyond the limit, a
/// connection is closed at once.
async fn accept(
    listener: tokio::net::TcpListener,
    site: Arc<Site>,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: ServeLimits,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    loop {
        let accepted = tokio::select! {
            _ = stopped.changed() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else { continue };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            eprintln!("paved registry serve: more than {} connections at once; closed one", limits.max_connections);
            continue;
        };
        let (site, acceptor) = (Arc::clone(&site), acceptor.clone());
        tokio::spawn(async move {
            connection(stream, site, acceptor, limits).await;
            drop(permit);
        });
    }
}

/// Serves one connection: the TLS handshake (if any) within the header time limit, then HTTP/1.1
/// requests whose heads must each arrive within it and fit the size limit.
async fn connection(
    stream: tokio::net::TcpStream,
    site: Arc<Site>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    limits: ServeLimits,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192));
    let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
        let site = Arc::clone(&site);
        async move { Ok::<_, Infallible>(site.answer(&request)) }
    });
    match acceptor {
        None => {
            let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
        }
        Some(acceptor) => {
            if let Ok(Ok(stream)) = tokio::time::timeout(limits.header_timeout, acceptor.accept(stream)).await {
                let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
            }
        }
    }
}

/// Reads a PEM file and checks it holds a block with one of `labels`, for an error that names
/// the file and the fix.
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
    File(Vec<u8>),
    Text(&'static str),
}

impl Answer {
    fn text(status: u16, text: &'static str) -> Self {
        Self {
            status,
            body: Body::Text(text),
            headers: vec![("Content-Type".to_owned(), "text/plain; charset=utf-8".to_owned())],
        }
    }
}

/// A header that can be sent: a token name, and a value of visible ASCII, spaces and tabs only
/// (no CR or LF that would end the header, no other control character, no non-ASCII byte).
fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{}` is not a header name", name.escape_debug()))?;
    let visible = value.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
    let value = HeaderValue::from_str(value).ok().filter(|_| visible).ok_or_else(|| {
        format!("the `{name}` value `{}` holds a control character or non-ASCII byte", value.escape_debug())
    })?;
    Ok((name, value))
}

impl Site {
    fn answer(&self, request: &hyper::Request<hyper::body::Incoming>) -> hyper::Response<Full<Bytes>> {
        let method = request.method().clone();
        let url = request.uri().path_and_query().map(|path| path.as_str().to_owned()).unwrap_or_default();
        let mut answer = match method {
            hyper::Method::GET | hyper::Method::HEAD => self.answer_path(&url),
            _ => {
                let mut answer = Answer::text(405, "method not allowed: this registry only answers GET and HEAD\n");
                answer.headers.push(("Allow".to_owned(), "GET, HEAD".to_owned()));
                answer
            }
        };
        let headers: Result<Vec<_>, String> = answer.headers.iter().map(|(name, value)| header(name, value)).collect();
        let headers = match headers {
            Ok(headers) => headers,
            Err(problem) => {
                eprintln!("paved registry serve: {} {}: {problem}; answered 500", method, url.escape_debug());
                answer = Answer::text(
                    500,
                    "a response header of this file holds a control character; see the server's log\n",
                );
                answer.headers.iter().map(|(name, value)| header(name, value).expect("a constant header")).collect()
            }
        };
        let body = match answer.body {
            Body::File(bytes) => Bytes::from(bytes),
            Body::Text(text) => Bytes::from_static(text.as_bytes()),
        };
        let mut response = hyper::Response::new(Full::new(body));
        *response.status_mut() = hyper::StatusCode::from_u16(answer.status).expect("a valid status");
        for (name, value) in headers {
            response.headers_mut().append(name, value);
        }
        eprintln!("{method} {} {}", url.escape_debug(), answer.status);
        response
    }

    fn answer_path(&self, url: &str) -> Answer {
        let not_found = || Answer::text(404, "not found\n");
        let Some((site_path, file)) = self.resolve(url) else { return not_found() };
        let rules = match self.header_rules() {
            Ok(rules) => rules,
            Err(error) => {
                eprintln!("paved registry serve: {error}");
                return Answer::text(500, "the registry's _headers file is malformed; see the server's log\n");
            }
        };
        let Ok(bytes) = std::fs::read(&file) else { return not_found() };
        let mut headers: Vec<(String, String)> = rules
            .iter()
            .filter(|rule| rule.matches(&site_path))
            .flat_map(|rule| rule.headers.iter().cloned())
            .collect();
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("X-Terraform-Get"))
            && let Some(location) = download_document_location(&site_path, &bytes)
        {
            headers.push(("X-Terraform-Get".to_owned(), location));
        }
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("Content-Type")) {
            headers.push(("Content-Type".to_owned(), content_type(&file.to_string_lossy()).to_owned()));
        }
        Answer { status: 200, body: Body::File(bytes), headers }
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
