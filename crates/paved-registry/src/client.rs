//! A blocking client for the Terraform module registry protocol: discover the modules API,
//! list versions, resolve a constraint, find the download location, download, verify the sha256
//! the location carries, and extract safely.
//!
//! Transient failures (connection errors, timeouts, HTTP 5xx) are retried with exponential
//! backoff; HTTP 4xx and TLS failures are not, since asking again gives the same answer.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::Url;
use reqwest::header::HeaderMap;
use semver::Version;

use crate::constraint::{ConstraintError, VersionConstraint};
use crate::extract::{ExtractError, extract_archive};
use crate::layout::{AddressError, Digest, ModuleAddress};

/// The longest pause between two attempts, however many retries are allowed.
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// The largest registry JSON document read (discovery, versions, download): 4 MiB, a thousand
/// times a versions document of a module with a thousand versions. A larger one is refused while
/// it streams in, never buffered whole.
pub const MAX_DOCUMENT_BYTES: u64 = 4 * 1024 * 1024;
/// The largest module archive downloaded: 256 MiB (a module has kilobytes; extraction limits what
/// it unpacks to separately).
pub const MAX_ARCHIVE_BYTES: u64 = 256 * 1024 * 1024;
/// The response header that carries the download location.
const TERRAFORM_GET: &str = "X-Terraform-Get";

/// How a [`Client`] connects. `Default` gives a 30 s timeout and 3 retries starting at 200 ms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// A PEM file of extra CA certificates to trust, for a registry behind a private CA. The
    /// `SSL_CERT_FILE` environment variable, when set, adds its certificates too.
    pub ca_cert: Option<PathBuf>,
    /// The limit on each request: connecting, sending and reading the response.
    pub timeout: Duration,
    /// How many times a failed request is tried again (so at most `retries + 1` attempts).
    pub retries: u32,
    /// The pause before the first retry; each later one doubles it (up to 10 s).
    pub initial_backoff: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            ca_cert: None,
            timeout: Duration::from_secs(30),
            retries: 3,
            initial_backoff: Duration::from_millis(200),
        }
    }
}

/// A registry client for one registry base URL, such as `https://registry.example.com`.
#[derive(Debug)]
pub struct Client {
    base: Url,
    options: ClientOptions,
    http: reqwest::blocking::Client,
    /// The modules API, once discovered.
    modules: OnceLock<Url>,
}

/// Where a module version's archive is, and the digest it must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadLocation {
    /// The archive URL, absolute, without go-getter's `archive` and `checksum` parameters.
    pub url: Url,
    /// The sha256 from the location's `checksum=sha256:<hex>` parameter.
    pub digest: Digest,
}

/// A module version that was downloaded, verified and extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The module.
    pub address: ModuleAddress,
    /// The version the constraint resolved to.
    pub version: Version,
    /// The verified digest of the archive.
    pub digest: Digest,
    /// How many files were extracted.
    pub files: usize,
}

impl Client {
    /// A client for the registry at `base_url` (`http` or `https`). The registry's discovery
    /// document is looked up at `<base_url>/.well-known/terraform.json`.
    pub fn new(base_url: &str, options: ClientOptions) -> Result<Self, ClientError> {
        let base = parse_base_url(base_url)?;
        let mut builder = reqwest::blocking::Client::builder()
            .timeout(options.timeout)
            .redirect(redirect_policy())
            .user_agent(concat!("paved-registry/", env!("CARGO_PKG_VERSION")));
        for (path, origin) in certificate_files(&options, std::env::var_os("SSL_CERT_FILE")) {
            for certificate in load_certificates(&path, origin)? {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder.build().map_err(|source| ClientError::Setup { cause: describe(&source), source })?;
        Ok(Self { base, options, http, modules: OnceLock::new() })
    }

    /// The registry base URL, with a trailing `/`.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The modules API (`modules.v1` from the discovery document, resolved against it), with a
    /// trailing `/`. Discovered once, then remembered.
    pub fn discover(&self) -> Result<Url, ClientError> {
        if let Some(modules) = self.modules.get() {
            return Ok(modules.clone());
        }
        let url = join(&self.base, crate::layout::DISCOVERY_PATH)?;
        let reply = self.get(&url, MAX_DOCUMENT_BYTES, "service discovery document")?;
        let malformed = |reason: String| ClientError::MalformedDocument {
            document: "service discovery document",
            url: url.to_string(),
            reason,
        };
        let document: serde_json::Value =
            serde_json::from_slice(&reply.body).map_err(|error| malformed(format!("it is not JSON ({error})")))?;
        let modules = match document.get("modules.v1") {
            Some(serde_json::Value::String(modules)) => modules,
            Some(other) => return Err(malformed(format!("`modules.v1` is `{other}`, not a string"))),
            None => return Err(malformed("it has no `modules.v1` entry, so this host serves no modules".to_owned())),
        };
        let mut modules =
            reply.url.join(modules).map_err(|error| malformed(format!("`modules.v1` is `{modules}`: {error}")))?;
        if !modules.path().ends_with('/') {
            modules.set_path(&format!("{}/", modules.path()));
        }
        Ok(self.modules.get_or_init(|| modules).clone())
    }

    /// Every version the registry lists for `address`, in the registry's order.
    pub fn versions(&self, address: &ModuleAddress) -> Result<Vec<Version>, ClientError> {
        #[derive(serde::Deserialize)]
        struct Document {
            modules: Vec<Module>,
        }
        #[derive(serde::Deserialize)]
        struct Module {
            versions: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            version: String,
        }
        let url = join(&self.discover()?, &format!("{address}/versions"))?;
        let reply = self.get(&url, MAX_DOCUMENT_BYTES, "versions document")?;
        let malformed = |reason: String| ClientError::MalformedDocument {
            document: "versions document",
            url: url.to_string(),
            reason,
        };
        let document: Document = serde_json::from_slice(&reply.body).map_err(|error| {
            malformed(format!("{error}; expected `{{\"modules\": [{{\"versions\": [{{\"version\": \"1.0.0\"}}]}}]}}`"))
        })?;
        let Some(module) = document.modules.into_iter().next() else { return Ok(Vec::new()) };
        module
            .versions
            .into_iter()
            .map(|entry| {
                Version::parse(&entry.version)
                    .map_err(|error| malformed(format!("`{}` is not a semantic version ({error})", entry.version)))
            })
            .collect()
    }

    /// The newest version of `address` that `constraint` allows.
    pub fn resolve(&self, address: &ModuleAddress, constraint: &VersionConstraint) -> Result<Version, ClientError> {
        let available = self.versions(address)?;
        match constraint.newest_matching(&available) {
            Some(version) => Ok(version.clone()),
            None => {
                let mut available = available;
                available.sort_by(Version::cmp_precedence);
                Err(ClientError::NoMatchingVersion {
                    address: address.clone(),
                    constraint: constraint.clone(),
                    available,
                })
            }
        }
    }

    /// Where the archive of `version` is: the `X-Terraform-Get` header of its download path, or
    /// else the `location` of a JSON body, resolved against the download URL. A location without a
    /// `checksum=sha256:<hex>` parameter is refused, since the archive could not be verified.
    pub fn download_location(
        &self,
        address: &ModuleAddress,
        version: &Version,
    ) -> Result<DownloadLocation, ClientError> {
        #[derive(serde::Deserialize)]
        struct Document {
            location: String,
        }
        let url = join(&self.discover()?, &format!("{address}/{version}/download"))?;
        let reply = self.get(&url, MAX_DOCUMENT_BYTES, "download document")?;
        let malformed = |reason: String| ClientError::MalformedDocument {
            document: "download document",
            url: url.to_string(),
            reason,
        };
        let location = match reply.headers.get(TERRAFORM_GET) {
            Some(value) => value
                .to_str()
                .map_err(|_| malformed(format!("the `{TERRAFORM_GET}` header is not visible ASCII")))?
                .to_owned(),
            None if reply.status == StatusCode::OK && !reply.body.is_empty() => {
                serde_json::from_slice::<Document>(&reply.body)
                    .map_err(|error| {
                        malformed(format!(
                            "it has no `{TERRAFORM_GET}` header and its body is not `{{\"location\": \"…\"}}` ({error})"
                        ))
                    })?
                    .location
            }
            None => return Err(malformed(format!("it has no `{TERRAFORM_GET}` header and no body"))),
        };
        let location = parse_location(&reply.url, &location)?;
        check_location(&self.base, &reply.url, address, version, &location)?;
        Ok(location)
    }

    /// Downloads the archive at `location` and checks its sha256.
    pub fn download(&self, location: &DownloadLocation) -> Result<Vec<u8>, ClientError> {
        let reply = self.get(&location.url, MAX_ARCHIVE_BYTES, "module archive")?;
        if reply.body.is_empty() {
            return Err(ClientError::EmptyArchive { url: location.url.to_string() });
        }
        let actual = Digest::of(&reply.body);
        if actual != location.digest {
            return Err(ClientError::DigestMismatch {
                url: location.url.to_string(),
                expected: location.digest.clone(),
                actual,
            });
        }
        Ok(reply.body)
    }

    /// Resolves `constraint` (Terraform syntax, such as `~> 1.2`) for `address`
    /// (`<namespace>/<name>/<system>`), downloads and verifies that version, and extracts it
    /// into `out`, which must not exist yet or be an empty directory.
    pub fn fetch(&self, address: &str, constraint: &str, out: &Path) -> Result<Fetched, ClientError> {
        let address: ModuleAddress = address.parse()?;
        let constraint: VersionConstraint = constraint.parse()?;
        let version = self.resolve(&address, &constraint)?;
        let location = self.download_location(&address, &version)?;
        let archive = self.download(&location)?;
        let files = extract_archive(&archive, out)
            .map_err(|source| ClientError::Extract { url: location.url.to_string(), source })?;
        Ok(Fetched { address, version, digest: location.digest, files })
    }

    /// GETs `url` and reads the whole body (at most `limit` bytes of it, else the `what` is refused),
    /// retrying transient failures.
    fn get(&self, url: &Url, limit: u64, what: &'static str) -> Result<Reply, ClientError> {
        let attempts = self.options.retries.saturating_add(1);
        let mut backoff = self.options.initial_backoff;
        let mut attempt = 1;
        loop {
            let failure = match self.attempt(url, limit) {
                Ok(reply) if reply.status.is_success() => return Ok(reply),
                Ok(reply) if reply.status.is_server_error() => Failure::Status(reply.status),
                Ok(reply) => {
                    return Err(ClientError::HttpStatus {
                        url: url.to_string(),
                        status: reply.status.as_u16(),
                        attempts: attempt,
                    });
                }
                Err(Attempt::TooLarge) => {
                    return Err(ClientError::TooLarge { document: what, url: url.to_string(), limit });
                }
                Err(Attempt::Downgrade(to)) => {
                    return Err(ClientError::Downgrade { url: url.to_string(), to: to.to_string() });
                }
                Err(Attempt::Failed(error)) if error.is_redirect() && describe(&error).contains(DOWNGRADE) => {
                    return Err(ClientError::Downgrade { url: url.to_string(), to: describe(&error) });
                }
                Err(Attempt::Body(cause)) => return Err(ClientError::Body { url: url.to_string(), cause }),
                Err(Attempt::Failed(error)) if is_tls_failure(&error) => {
                    if speaks_plain_http(url) {
                        return Err(ClientError::PlainHttpServer { url: url.to_string(), http: plain_url(url) });
                    }
                    return Err(ClientError::Tls { url: url.to_string(), cause: describe(&error), source: error });
                }
                Err(Attempt::Failed(error))
                    if error.is_connect() || error.is_timeout() || error.is_request() || error.is_body() =>
                {
                    if url.scheme() == "https" && error.is_timeout() && speaks_plain_http(url) {
                        return Err(ClientError::PlainHttpServer { url: url.to_string(), http: plain_url(url) });
                    }
                    Failure::Transport(error)
                }
                Err(Attempt::Failed(error)) => {
                    return Err(ClientError::Request { url: url.to_string(), cause: describe(&error), source: error });
                }
            };
            if attempt >= attempts {
                return Err(match failure {
                    Failure::Status(status) => {
                        ClientError::HttpStatus { url: url.to_string(), status: status.as_u16(), attempts }
                    }
                    Failure::Transport(error) => ClientError::Unreachable {
                        url: url.to_string(),
                        attempts,
                        cause: describe(&error),
                        source: error,
                    },
                });
            }
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(MAX_BACKOFF);
            attempt += 1;
        }
    }

    fn attempt(&self, url: &Url, limit: u64) -> Result<Reply, Attempt> {
        use std::io::Read as _;
        let response = self.http.get(url.clone()).send().map_err(Attempt::Failed)?;
        let status = response.status();
        let headers = response.headers().clone();
        let final_url = response.url().clone();
        if url.scheme() == "https" && final_url.scheme() != "https" {
            return Err(Attempt::Downgrade(final_url));
        }
        if response.content_length().is_some_and(|length| length > limit) {
            return Err(Attempt::TooLarge);
        }
        let mut body = Vec::new();
        let mut limited = response.take(limit + 1);
        if let Err(error) = limited.read_to_end(&mut body) {
            // reqwest's body errors arrive wrapped in an io::Error; keep the reqwest error.
            let cause = error.to_string();
            return Err(match error.into_inner().map(|inner| inner.downcast::<reqwest::Error>()) {
                Some(Ok(error)) => Attempt::Failed(*error),
                _ => Attempt::Body(cause),
            });
        }
        if body.len() as u64 > limit {
            return Err(Attempt::TooLarge);
        }
        Ok(Reply { url: final_url, status, headers, body })
    }
}

/// How one attempt failed.
enum Attempt {
    Failed(reqwest::Error),
    /// The body is larger than the limit.
    TooLarge,
    /// An `https` request ended at this plain-`http` URL.
    Downgrade(Url),
    /// Reading the body failed outside reqwest.
    Body(String),
}

/// What the redirect policy says when an `https` request is redirected to plain `http`.
const DOWNGRADE: &str = "a redirect from https to plain http";

/// Follows at most 10 redirects, never from `https` to `http`.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let from_https = attempt.previous().iter().any(|previous| previous.scheme() == "https");
        if from_https && attempt.url().scheme() != "https" {
            let message = format!("refused {DOWNGRADE} (`{}`)", attempt.url());
            attempt.error(message)
        } else if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Refuses a location that is not this module version's archive: plain `http` from an `https`
/// registry; on the registry's own host, any path but the layout's
/// `archives/<namespace>/<name>/<system>/<name>-<version>.tar.gz`; anywhere, a file not named
/// `<name>-<version>.tar.gz`, or another module's `archives/…` folder.
fn check_location(
    base: &Url,
    download_url: &Url,
    address: &ModuleAddress,
    version: &Version,
    location: &DownloadLocation,
) -> Result<(), ClientError> {
    let wrong = |reason: String| ClientError::WrongArchive {
        module: format!("{address} {version}"),
        location: location.url.to_string(),
        reason,
    };
    if (base.scheme() == "https" || download_url.scheme() == "https") && location.url.scheme() != "https" {
        return Err(ClientError::Downgrade { url: download_url.to_string(), to: location.url.to_string() });
    }
    let expected = address.archive_path(version);
    let path = location.url.path();
    let same_origin = location.url.origin() == download_url.origin() || location.url.origin() == base.origin();
    if same_origin && !path.ends_with(&format!("/{expected}")) {
        return Err(wrong(format!("on the registry's own host this module version's archive is `{expected}`")));
    }
    let file = format!("{}-{version}.tar.gz", address.name);
    if path.rsplit('/').next() != Some(file.as_str()) {
        return Err(wrong(format!("the archive of {address} {version} is named `{file}`")));
    }
    if let Some((_, layout)) = path.split_once("/archives/")
        && format!("archives/{layout}") != expected
    {
        return Err(wrong(format!("it is in another module's folder; this module version's archive is `{expected}`")));
    }
    Ok(())
}

/// Whether the host and port of the `https` URL `url` answer plain HTTP: a `HEAD` request over a
/// bare TCP connection, with a one-second limit, gets an `HTTP/` status line back.
fn speaks_plain_http(url: &Url) -> bool {
    use std::io::{Read as _, Write as _};
    if url.scheme() != "https" {
        return false;
    }
    let Ok(addresses) = url.socket_addrs(|| Some(443)) else { return false };
    let limit = Duration::from_secs(1);
    addresses.iter().take(2).any(|address| {
        let Ok(mut stream) = std::net::TcpStream::connect_timeout(address, limit) else { return false };
        let host = url.host_str().unwrap_or_default();
        let request = format!("HEAD / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let mut reply = [0u8; 5];
        stream.set_read_timeout(Some(limit)).is_ok()
            && stream.set_write_timeout(Some(limit)).is_ok()
            && stream.write_all(request.as_bytes()).is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"HTTP/"
    })
}

/// `url` with the `http` scheme.
fn plain_url(url: &Url) -> String {
    let mut plain = url.clone();
    let _ = plain.set_scheme("http");
    plain.to_string()
}

/// A whole response; `url` is the final one, after redirects.
struct Reply {
    url: Url,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

enum Failure {
    Status(StatusCode),
    Transport(reqwest::Error),
}

fn parse_base_url(text: &str) -> Result<Url, ClientError> {
    let invalid = |reason: String| ClientError::InvalidBaseUrl { url: text.to_owned(), reason };
    let mut url = Url::parse(text.trim()).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!("the scheme is `{}`, not `https` or `http`", url.scheme())));
    }
    if url.host().is_none() {
        return Err(invalid("it has no host".to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query or fragment".to_owned()));
    }
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    Ok(url)
}

fn join(base: &Url, relative: &str) -> Result<Url, ClientError> {
    base.join(relative)
        .map_err(|error| ClientError::InvalidBaseUrl { url: base.to_string(), reason: error.to_string() })
}

/// Resolves a go-getter location against the download URL and takes its checksum off it.
fn parse_location(download_url: &Url, location: &str) -> Result<DownloadLocation, ClientError> {
    let unsupported = |reason: String| ClientError::UnsupportedLocation { location: location.to_owned(), reason };
    let mut url = download_url.join(location).map_err(|error| unsupported(format!("it is not a URL ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(unsupported(format!("it uses `{}`; only `https` and `http` archives are supported", url.scheme())));
    }
    let mut checksum = None;
    let mut kept = Vec::new();
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "checksum" => checksum = Some(value.into_owned()),
            "archive" if matches!(value.as_ref(), "tar.gz" | "tgz") => {}
            "archive" => return Err(unsupported(format!("its archive type is `{value}`; only `tar.gz` is supported"))),
            _ => kept.push((key.into_owned(), value.into_owned())),
        }
    }
    let Some(checksum) = checksum else {
        return Err(ClientError::MissingChecksum { location: location.to_owned() });
    };
    let digest = match checksum.split_once(':') {
        Some(("sha256", hex)) => format!("sha256:{}", hex.to_ascii_lowercase())
            .parse::<Digest>()
            .map_err(|_| unsupported(format!("its checksum `{checksum}` is not `sha256:` and 64 hex digits")))?,
        _ => return Err(unsupported(format!("its checksum `{checksum}` is not a `sha256:` checksum"))),
    };
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(&kept);
    }
    Ok(DownloadLocation { url, digest })
}

/// Where an extra CA certificate file came from, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateOrigin {
    /// [`ClientOptions::ca_cert`] (`--ca-cert`).
    Option,
    /// The `SSL_CERT_FILE` environment variable.
    Environment,
}

impl fmt::Display for CertificateOrigin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Option => "given as the CA certificate (--ca-cert)",
            Self::Environment => "named by SSL_CERT_FILE",
        })
    }
}

/// The extra CA certificate files to trust: the option's, then `SSL_CERT_FILE`'s when set.
fn certificate_files(options: &ClientOptions, ssl_cert_file: Option<OsString>) -> Vec<(PathBuf, CertificateOrigin)> {
    let from_option = options.ca_cert.clone().map(|path| (path, CertificateOrigin::Option));
    let from_environment = ssl_cert_file
        .filter(|value| !value.is_empty())
        .map(|value| (PathBuf::from(value), CertificateOrigin::Environment));
    from_option.into_iter().chain(from_environment).collect()
}

fn load_certificates(path: &Path, origin: CertificateOrigin) -> Result<Vec<reqwest::Certificate>, ClientError> {
    let error = |reason: String| ClientError::CaCertificate { path: path.to_owned(), origin, reason };
    let pem = std::fs::read(path).map_err(|error_| error(format!("it could not be read ({error_})")))?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|error_| error(describe(&error_)))?;
    if certificates.is_empty() {
        return Err(error("it holds no PEM certificates (`-----BEGIN CERTIFICATE-----`)".to_owned()));
    }
    Ok(certificates)
}

/// The causes of `error` below reqwest's own summary, which only repeats the URL.
fn describe(error: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        // hyper's `client error (Connect)` only says which stage failed; the next cause says how.
        let stage_only = text.starts_with("client error (") && text.ends_with(')');
        if !stage_only && !causes.iter().any(|known: &String| known.contains(&text)) {
            causes.push(text);
        }
        source = cause.source();
    }
    if causes.is_empty() { error.to_string() } else { causes.join(": ") }
}

/// Whether the failure is in TLS (an untrusted or mismatched certificate, or a server that does
/// not speak TLS), which a retry cannot fix. reqwest does not classify these, so the causes are read.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string().to_ascii_lowercase();
        if ["certificate", "tls", "handshake", "corrupt message", "unknownissuer"]
            .iter()
            .any(|word| text.contains(word))
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// What could go wrong talking to a registry.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The module address is malformed.
    #[error(transparent)]
    Address(#[from] AddressError),
    /// The version constraint is malformed.
    #[error(transparent)]
    Constraint(#[from] ConstraintError),
    /// The registry URL is unusable.
    #[error(
        "`{url}` is not a registry URL: {reason}; use an `https://` (or `http://`) URL such as `https://registry.example.com`"
    )]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An extra CA certificate file could not be used.
    #[error("cannot trust the CA certificates in `{}` ({origin}): {reason}; point it at a PEM file of CA certificates", path.display())]
    CaCertificate {
        /// The file.
        path: PathBuf,
        /// Where it was named.
        origin: CertificateOrigin,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error(
        "could not set up the HTTP client: {cause}; if a certificate is named, check the files given as --ca-cert and \
         SSL_CERT_FILE"
    )]
    Setup {
        /// The causes, joined.
        cause: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The TLS connection failed: usually a certificate the client does not trust.
    #[error(
        "TLS connection to `{url}` failed: {cause}; if the registry's certificate is issued by a private CA, pass \
         --ca-cert <file.pem> or set SSL_CERT_FILE to that CA's certificate (if it serves plain HTTP, use an `http://` URL)"
    )]
    Tls {
        /// The URL requested.
        url: String,
        /// The causes, joined.
        cause: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// An `https` URL is served by a plain-HTTP server.
    #[error(
        "`{url}` is an https URL, but the server there speaks plain HTTP (it answered a plain request); use `{http}`, \
         or serve the registry over HTTPS (`paved registry serve <folder> --self-signed`), which Terraform requires"
    )]
    PlainHttpServer {
        /// The URL requested.
        url: String,
        /// The same URL with `http`.
        http: String,
    },
    /// An `https` registry sent the client to plain `http`.
    #[error(
        "`{url}` is on an https registry but sends the download to plain http ({to}): the module would travel \
         unencrypted and could be replaced on the way, so it was not downloaded; the registry must serve its archives \
         over https"
    )]
    Downgrade {
        /// The URL requested.
        url: String,
        /// Where it sent the client.
        to: String,
    },
    /// The download location is not this module version's archive.
    #[error(
        "the registry gives `{location}` as the archive of {module}, but {reason}; it was not downloaded. The \
         download document points at another module's or version's archive: run `paved registry verify` on the \
         registry, or ask its owners to"
    )]
    WrongArchive {
        /// The module and version, such as `platform/network/aws 1.0.0`.
        module: String,
        /// The archive URL given.
        location: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A document or archive is larger than the client accepts.
    #[error(
        "the {document} at `{url}` is larger than {limit} bytes, more than any registry needs; it was refused without \
         reading it all. Check the registry URL"
    )]
    TooLarge {
        /// What it is.
        document: &'static str,
        /// Where.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// The archive is empty.
    #[error("the archive at `{url}` is empty, so it is no module; it was not extracted. Republish the version")]
    EmptyArchive {
        /// The archive URL.
        url: String,
    },
    /// Reading a response body failed.
    #[error("reading the response of `{url}` failed: {cause}; try again")]
    Body {
        /// The URL requested.
        url: String,
        /// What failed.
        cause: String,
    },
    /// The registry could not be reached, even after retrying.
    #[error(
        "could not reach `{url}` after {attempts} attempt(s): {cause}; check the registry URL and your network, or raise \
         --timeout (seconds per request) or --retries"
    )]
    Unreachable {
        /// The URL requested.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last error's causes, joined.
        cause: String,
        /// The last error.
        #[source]
        source: reqwest::Error,
    },
    /// The request failed in a way retrying cannot fix (such as a redirect loop).
    #[error("GET `{url}` failed: {cause}")]
    Request {
        /// The URL requested.
        url: String,
        /// The causes, joined.
        cause: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// The registry answered with an error status.
    #[error("GET `{url}` answered HTTP {status} after {attempts} attempt(s); {}", status_hint(*status))]
    HttpStatus {
        /// The URL requested.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A registry document does not follow the protocol.
    #[error(
        "the {document} at `{url}` is malformed: {reason}; the registry must follow the Terraform module registry \
         protocol (see docs/registry.md)"
    )]
    MalformedDocument {
        /// Which document, such as `versions document`.
        document: &'static str,
        /// Where it was read.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No listed version satisfies the constraint.
    #[error(
        "no version of `{address}` matches `{constraint}`; the registry lists {}; change the constraint or publish a \
         matching version",
        version_list(available)
    )]
    NoMatchingVersion {
        /// The module.
        address: ModuleAddress,
        /// The constraint.
        constraint: VersionConstraint,
        /// Every listed version, ascending.
        available: Vec<Version>,
    },
    /// The download location has no checksum, so the archive could not be verified.
    #[error(
        "the download location `{location}` has no `checksum=sha256:<hex>` parameter, so the archive cannot be \
         verified and was not downloaded; republish the module with `paved publish`, which always adds it"
    )]
    MissingChecksum {
        /// The location as the registry gave it.
        location: String,
    },
    /// The download location is of a kind this client does not handle.
    #[error("the download location `{location}` is not supported: {reason}; republish the module with `paved publish`")]
    UnsupportedLocation {
        /// The location as the registry gave it.
        location: String,
        /// Why it is not supported.
        reason: String,
    },
    /// The archive's sha256 differs from the location's checksum.
    #[error(
        "the archive at `{url}` has digest `{actual}` but the registry promised `{expected}`; it was altered or \
         corrupted in storage or transit and was not extracted. Try again, then republish the version"
    )]
    DigestMismatch {
        /// The archive URL.
        url: String,
        /// The digest from the location.
        expected: Digest,
        /// The digest of the bytes received.
        actual: Digest,
    },
    /// The verified archive could not be extracted.
    #[error("could not extract the archive from `{url}`: {source}")]
    Extract {
        /// The archive URL.
        url: String,
        /// Why.
        #[source]
        source: ExtractError,
    },
}

fn status_hint(status: u16) -> &'static str {
    match status {
        404 => "check the module address, the version and the registry URL",
        401 | 403 => "the registry refused access; check that it is public or that you are allowed to read it",
        500..=599 => "the registry is failing; try again later",
        _ => "the registry did not serve the document",
    }
}

fn version_list(versions: &[Version]) -> String {
    if versions.is_empty() {
        return "none".to_owned();
    }
    versions.iter().map(Version::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a test URL")
    }

    const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn base_urls_get_a_trailing_slash_and_must_be_http() {
        assert_eq!(parse_base_url("https://127.0.0.1:8443").expect("valid").as_str(), "https://127.0.0.1:8443/");
        assert_eq!(parse_base_url("http://host/registry").expect("valid").as_str(), "http://host/registry/");
        for bad in ["127.0.0.1:8443", "ftp://host/", "https://host/?x=1", "not a url"] {
            let error = parse_base_url(bad).expect_err(bad);
            assert!(error.to_string().contains(&format!("`{bad}`")), "{error}");
        }
    }

    #[test]
    fn the_published_location_climbs_back_to_the_site_root() {
        let address: ModuleAddress = "platform/baseline-lambda/aws".parse().expect("valid");
        let version = Version::new(1, 2, 3);
        let download = url("https://registry.example/").join(&address.download_path(&version)).expect("joins");
        let location = parse_location(&download, &address.download_location(&version, HEX)).expect("valid");
        assert_eq!(
            location.url.as_str(),
            "https://registry.example/archives/platform/baseline-lambda/aws/baseline-lambda-1.2.3.tar.gz"
        );
        assert_eq!(location.digest.hex(), HEX);
    }

    #[test]
    fn locations_keep_unrelated_parameters_and_accept_absolute_urls() {
        let download = url("https://registry.example/v1/modules/a/b/c/1.0.0/download");
        let location = parse_location(
            &download,
            &format!("https://cdn.example/x.tar.gz?token=abc&checksum=sha256:{}", HEX.to_uppercase()),
        )
        .expect("valid");
        assert_eq!(location.url.as_str(), "https://cdn.example/x.tar.gz?token=abc");
        assert_eq!(location.digest.hex(), HEX);
    }

    #[test]
    fn locations_without_a_usable_checksum_are_refused() {
        let download = url("https://registry.example/v1/modules/a/b/c/1.0.0/download");
        assert!(matches!(parse_location(&download, "../x.tar.gz"), Err(ClientError::MissingChecksum { .. })));
        for (location, reason) in [
            ("../x.tar.gz?checksum=md5:abc", "not a `sha256:` checksum"),
            ("../x.tar.gz?checksum=sha256:abc", "64 hex digits"),
            (&format!("../x.zip?archive=zip&checksum=sha256:{HEX}"), "only `tar.gz`"),
            (&format!("git::https://example/x?checksum=sha256:{HEX}"), "uses `git`"),
            (&format!("s3::https://example/x?checksum=sha256:{HEX}"), "uses `s3`"),
        ] {
            match parse_location(&download, location) {
                Err(ClientError::UnsupportedLocation { reason: actual, .. }) => {
                    assert!(actual.contains(reason), "{actual}")
                }
                other => panic!("{location}: {other:?}"),
            }
        }
    }

    #[test]
    fn ssl_cert_file_adds_to_the_option_when_set() {
        let options = ClientOptions { ca_cert: Some("ca.pem".into()), ..ClientOptions::default() };
        assert_eq!(
            certificate_files(&options, Some("env.pem".into())),
            [
                (PathBuf::from("ca.pem"), CertificateOrigin::Option),
                (PathBuf::from("env.pem"), CertificateOrigin::Environment)
            ]
        );
        assert_eq!(certificate_files(&ClientOptions::default(), Some("".into())), []);
        assert_eq!(certificate_files(&ClientOptions::default(), None), []);
    }

    #[test]
    fn certificate_files_must_hold_certificates() {
        let scratch = tempfile::tempdir().expect("tempdir");
        let empty = scratch.path().join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").expect("write");
        let error = load_certificates(&empty, CertificateOrigin::Environment).expect_err("no certificates");
        assert!(error.to_string().contains("SSL_CERT_FILE") && error.to_string().contains("no PEM"), "{error}");
        let missing = scratch.path().join("missing.pem");
        let error = load_certificates(&missing, CertificateOrigin::Option).expect_err("missing");
        assert!(error.to_string().contains("--ca-cert") && error.to_string().contains("could not be read"), "{error}");
    }

    #[test]
    fn no_matching_version_lists_what_is_available() {
        let error = ClientError::NoMatchingVersion {
            address: "platform/x/aws".parse().expect("valid"),
            constraint: "~> 3.0".parse().expect("valid"),
            available: vec![Version::new(1, 0, 0), Version::new(2, 0, 0)],
        };
        assert_eq!(
            error.to_string(),
            "no version of `platform/x/aws` matches `~> 3.0`; the registry lists 1.0.0, 2.0.0; change the constraint \
             or publish a matching version"
        );
    }
}
