//! Where to publish: a registry location (`registry/`, `file:///srv/registry`,
//! `s3://bucket/prefix`) and, for S3-compatible stores, an endpoint allowed to be plain HTTP only
//! on this machine.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use crate::storage::{LocalDirectory, ObjectStorage, Storage, StorageError};

/// A registry location, as `paved publish --registry` takes it.
///
/// ```
/// use paved_registry::RegistryLocation;
/// let bucket: RegistryLocation = "s3://platform-registry/modules".parse()?;
/// assert_eq!(bucket.to_string(), "s3://platform-registry/modules");
/// let folder: RegistryLocation = "file:///srv/registry".parse()?;
/// assert_eq!(folder, RegistryLocation::Directory("/srv/registry".into()));
/// assert!("s3://Platform_Registry".parse::<RegistryLocation>().is_err());
/// # Ok::<(), paved_registry::LocationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryLocation {
    /// A local folder: a plain path, or a `file://` URL.
    Directory(PathBuf),
    /// A prefix of an S3 bucket: `s3://<bucket>/<prefix>`.
    S3 {
        /// The bucket name.
        bucket: String,
        /// The key prefix, without leading or trailing `/` (empty for the bucket's root).
        prefix: String,
    },
}

/// How to reach an S3-compatible store, besides the credentials (which come only from the
/// environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, web identity
/// or container credentials, and `AWS_REGION`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectStoreOptions {
    /// The endpoint of an S3-compatible store, such as `http://127.0.0.1:9000` (AWS when `None`).
    /// Requests go to `<endpoint>/<bucket>/<key>` (path style).
    pub endpoint: Option<String>,
    /// Accept a plain `http://` endpoint on a host other than this machine.
    pub allow_http: bool,
}

/// A registry location or endpoint that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LocationError {
    /// The location is malformed.
    #[error(
        "`{location}` is not a registry location: {reason}; use a folder such as `registry/`, a `file:///srv/registry` \
         URL or `s3://<bucket>/<prefix>`"
    )]
    Invalid {
        /// The location as given.
        location: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The endpoint is malformed.
    #[error(
        "`{endpoint}` is not an endpoint URL: {reason}; use one such as `https://s3.example.com` or `http://127.0.0.1:9000`"
    )]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A plain HTTP endpoint on another machine.
    #[error(
        "the endpoint `{endpoint}` is plain http on another machine: the modules would travel unencrypted, and anyone \
         on the way could read them or answer in the store's place, so a publish could be diverted or the index \
         altered; use https, or pass --allow-http if the network between here and the store is trusted"
    )]
    InsecureEndpoint {
        /// The endpoint as given.
        endpoint: String,
    },
    /// An endpoint given for a local folder.
    #[error("--endpoint applies to `s3://` registries; `{location}` is a local folder")]
    EndpointForDirectory {
        /// The location as given.
        location: String,
    },
    /// The S3 client could not be set up.
    #[error("cannot set up the S3 client for `{location}`: {source}")]
    Setup {
        /// The location.
        location: String,
        /// The store's error.
        #[source]
        source: object_store::Error,
    },
    /// The I/O runtime could not start.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl RegistryLocation {
    /// The storage this location names: a [`LocalDirectory`], or an [`ObjectStorage`] reached with
    /// `options` and the credentials of the environment.
    pub fn open(&self, options: &ObjectStoreOptions) -> Result<Box<dyn Storage>, LocationError> {
        match self {
            Self::Directory(path) => {
                if options.endpoint.is_some() {
                    return Err(LocationError::EndpointForDirectory { location: self.to_string() });
                }
                Ok(Box::new(LocalDirectory::new(path)))
            }
            Self::S3 { bucket, prefix } => {
                let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
                if let Some(endpoint) = &options.endpoint {
                    let plain_http = check_endpoint(endpoint, options.allow_http)?;
                    builder = builder
                        .with_endpoint(endpoint.trim_end_matches('/'))
                        .with_allow_http(plain_http)
                        .with_virtual_hosted_style_request(false);
                } else {
                    builder = builder.with_allow_http(false);
                }
                let store = builder
                    .with_conditional_put(object_store::aws::S3ConditionalPut::ETagMatch)
                    .build()
                    .map_err(|source| LocationError::Setup { location: self.to_string(), source })?;
                Ok(Box::new(ObjectStorage::new(Arc::new(store), bucket, prefix)?))
            }
        }
    }
}

/// Whether `endpoint` is plain HTTP (then allowed only on a loopback host, or with `allow_http`).
fn check_endpoint(endpoint: &str, allow_http: bool) -> Result<bool, LocationError> {
    let invalid = |reason: String| LocationError::InvalidEndpoint { endpoint: endpoint.to_owned(), reason };
    let url = reqwest::Url::parse(endpoint).map_err(|error| invalid(error.to_string()))?;
    let host = url.host_str().ok_or_else(|| invalid("it has no host".to_owned()))?;
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback());
    match url.scheme() {
        "https" => Ok(false),
        "http" if loopback || allow_http => Ok(true),
        "http" => Err(LocationError::InsecureEndpoint { endpoint: endpoint.to_owned() }),
        other => Err(invalid(format!("the scheme is `{other}`, not `https` or `http`"))),
    }
}

/// S3's bucket naming rules: 3 to 63 lowercase letters, digits, `-` and `.`, starting and ending
/// with a letter or digit.
fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|character| character.is_ascii_lowercase() || character.is_ascii_digit() || "-.".contains(character))
        && name.starts_with(|character: char| character.is_ascii_alphanumeric())
        && name.ends_with(|character: char| character.is_ascii_alphanumeric())
        && !name.contains("..")
}

impl FromStr for RegistryLocation {
    type Err = LocationError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| LocationError::Invalid { location: text.to_owned(), reason: reason.to_owned() };
        if let Some(rest) = text.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if !valid_bucket(bucket) {
                return Err(invalid(
                    "the bucket name must be 3 to 63 lowercase letters, digits, `-` and `.`, starting and ending with a \
                     letter or digit",
                ));
            }
            let prefix = prefix.trim_end_matches('/');
            if prefix
                .split('/')
                .any(|segment| matches!(segment, "." | "..") || (segment.is_empty() && !prefix.is_empty()))
                || prefix.contains(['\\', '?', '#'])
            {
                return Err(invalid(
                    "the prefix must be `/`-separated names, without empty parts, `.`, `..`, `\\`, `?` or `#`",
                ));
            }
            return Ok(Self::S3 { bucket: bucket.to_owned(), prefix: prefix.to_owned() });
        }
        if let Some(rest) = text.strip_prefix("file://") {
            if !rest.starts_with('/') {
                return Err(invalid("a `file://` URL needs an absolute path, such as `file:///srv/registry`"));
            }
            return Ok(Self::Directory(PathBuf::from(rest)));
        }
        if let Some((scheme, _)) = text.split_once("://") {
            return Err(invalid(&format!("`{scheme}://` is not supported")));
        }
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        Ok(Self::Directory(PathBuf::from(text)))
    }
}

impl fmt::Display for RegistryLocation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Directory(path) => write!(formatter, "{}", path.display()),
            Self::S3 { bucket, prefix } if prefix.is_empty() => write!(formatter, "s3://{bucket}"),
            Self::S3 { bucket, prefix } => write!(formatter, "s3://{bucket}/{prefix}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_parse_as_folders_or_buckets() {
        assert_eq!("registry/".parse::<RegistryLocation>().ok(), Some(RegistryLocation::Directory("registry/".into())));
        assert_eq!(
            "s3://platform-registry".parse::<RegistryLocation>().ok(),
            Some(RegistryLocation::S3 { bucket: "platform-registry".into(), prefix: String::new() })
        );
        assert_eq!(
            "s3://platform-registry/a/b/".parse::<RegistryLocation>().ok(),
            Some(RegistryLocation::S3 { bucket: "platform-registry".into(), prefix: "a/b".into() })
        );
        for (bad, reason) in [
            ("s3://ab", "bucket name"),
            ("s3://Platform", "bucket name"),
            ("s3://bucket/a/../b", "prefix"),
            ("s3://bucket/a//b", "prefix"),
            ("file://relative", "absolute path"),
            ("gs://bucket/x", "`gs://` is not supported"),
            ("", "empty"),
        ] {
            let error = bad.parse::<RegistryLocation>().expect_err(bad).to_string();
            assert!(error.contains(reason) && error.contains(&format!("`{bad}`")), "{bad}: {error}");
        }
    }

    #[test]
    fn plain_http_is_for_this_machine_unless_allowed() {
        for loopback in ["http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000", "http://127.1.2.3"] {
            assert!(check_endpoint(loopback, false).expect(loopback), "{loopback}");
        }
        assert!(!check_endpoint("https://s3.example.com", false).expect("https"));
        let error = check_endpoint("http://10.0.0.5:9000", false).expect_err("refused");
        assert!(matches!(error, LocationError::InsecureEndpoint { .. }), "{error}");
        assert!(error.to_string().contains("--allow-http"), "{error}");
        assert!(check_endpoint("http://10.0.0.5:9000", true).expect("allowed"));
        assert!(matches!(check_endpoint("ftp://host", false), Err(LocationError::InvalidEndpoint { .. })));
    }

    #[test]
    fn an_endpoint_is_refused_for_a_folder() {
        let options = ObjectStoreOptions { endpoint: Some("http://127.0.0.1:1".into()), allow_http: false };
        let error = RegistryLocation::Directory("registry".into()).open(&options).expect_err("refused");
        assert!(matches!(error, LocationError::EndpointForDirectory { .. }), "{error}");
    }
}
