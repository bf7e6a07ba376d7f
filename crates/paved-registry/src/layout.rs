//! Where everything lives in a registry: module addresses and the static site's paths.

use std::fmt;
use std::str::FromStr;

/// A module address `<namespace>/<name>/<system>`, such as `platform/baseline-lambda/aws`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct ModuleAddress {
    /// The publisher's namespace, such as `platform`.
    pub namespace: String,
    /// The module's name, such as `baseline-lambda`.
    pub name: String,
    /// The target system (provider), such as `aws`.
    pub system: String,
}

/// A malformed module address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a module address; use `<namespace>/<name>/<system>` such as `platform/baseline-lambda/aws`, each part lowercase letters, digits, `-` and `_`"
)]
pub struct AddressError(pub String);

fn valid_part(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 64
        && part.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-' || character == '_'
        })
        && part.chars().next().is_some_and(|first| first.is_ascii_alphanumeric())
}

impl ModuleAddress {
    /// Validates the three parts (they become path segments and URL parts, so nothing else is
    /// accepted: no `..`, no `/`, no dots).
    pub fn new(namespace: &str, name: &str, system: &str) -> Result<Self, AddressError> {
        if [namespace, name, system].iter().all(|part| valid_part(part)) {
            Ok(Self { namespace: namespace.to_owned(), name: name.to_owned(), system: system.to_owned() })
        } else {
            Err(AddressError(format!("{namespace}/{name}/{system}")))
        }
    }

    /// `v1/modules/<namespace>/<name>/<system>`, relative to the site root.
    pub fn module_path(&self) -> String {
        format!("v1/modules/{}/{}/{}", self.namespace, self.name, self.system)
    }

    /// The versions document.
    pub fn versions_path(&self) -> String {
        format!("{}/versions", self.module_path())
    }

    /// The download document of `version`.
    pub fn download_path(&self, version: &semver::Version) -> String {
        format!("{}/{version}/download", self.module_path())
    }

    /// The archive of `version`.
    pub fn archive_path(&self, version: &semver::Version) -> String {
        format!("archives/{}/{}/{}/{}-{version}.tar.gz", self.namespace, self.name, self.system, self.name)
    }

    /// The `X-Terraform-Get` location of `version`: the archive, relative to the download URL,
    /// with go-getter's archive type and checksum.
    pub fn download_location(&self, version: &semver::Version, sha256_hex: &str) -> String {
        format!("../../../../../../{}?archive=tar.gz&checksum=sha256:{sha256_hex}", self.archive_path(version))
    }
}

/// The module and version of the archive at `path` (`archives/<namespace>/<name>/<system>/<name>-<version>.tar.gz`),
/// or `None` for any other path.
pub(crate) fn archive_of_path(path: &str) -> Option<(ModuleAddress, semver::Version)> {
    let [namespace, name, system, file] = path.strip_prefix("archives/")?.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let version = file.strip_prefix(name)?.strip_prefix('-')?.strip_suffix(".tar.gz")?;
    let (address, version) = (ModuleAddress::new(namespace, name, system).ok()?, semver::Version::parse(version).ok()?);
    (address.archive_path(&version) == path).then_some((address, version))
}

/// The module and version of the download document at `path`
/// (`v1/modules/<namespace>/<name>/<system>/<version>/download`), or `None` for any other path.
pub(crate) fn download_of_path(path: &str) -> Option<(ModuleAddress, semver::Version)> {
    let [namespace, name, system, version, "download"] =
        path.strip_prefix("v1/modules/")?.split('/').collect::<Vec<_>>()[..]
    else {
        return None;
    };
    let (address, version) = (ModuleAddress::new(namespace, name, system).ok()?, semver::Version::parse(version).ok()?);
    (address.download_path(&version) == path).then_some((address, version))
}

/// The module whose own folder holds `path` (`v1/modules/<namespace>/<name>/<system>/…`).
pub(crate) fn module_of_path(path: &str) -> Option<ModuleAddress> {
    let mut parts = path.strip_prefix("v1/modules/")?.split('/');
    ModuleAddress::new(parts.next()?, parts.next()?, parts.next()?).ok()
}

impl fmt::Display for ModuleAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}/{}", self.namespace, self.name, self.system)
    }
}

impl FromStr for ModuleAddress {
    type Err = AddressError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split('/').collect::<Vec<_>>().as_slice() {
            [namespace, name, system] => Self::new(namespace, name, system).map_err(|_| AddressError(text.to_owned())),
            _ => Err(AddressError(text.to_owned())),
        }
    }
}

/// The `X-Terraform-Get` location in the download document `bytes` at `path`; `None` for any other
/// file, or a document without one.
pub(crate) fn download_document_location(path: &str, bytes: &[u8]) -> Option<String> {
    if !path.ends_with("/download") {
        return None;
    }
    let document: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    document.get("location")?.as_str().map(str::to_owned)
}

/// The service discovery document, relative to the site root.
pub const DISCOVERY_PATH: &str = ".well-known/terraform.json";
/// Where the modules API lives, as the discovery document states it.
pub const MODULES_V1: &str = "/v1/modules/";
/// The registry index, relative to the site root.
pub const INDEX_PATH: &str = "index.json";
/// The header map for Netlify and Cloudflare Pages.
pub const HEADERS_PATH: &str = "_headers";

/// The content type of a registry file, by its name: what a static host and the object store
/// serve it with (Terraform refuses a discovery document that is not `application/json`).
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        return "application/gzip";
    }
    match name.rsplit_once('.').map(|(_, extension)| extension) {
        _ if name == "versions" || name == "download" => "application/json",
        Some("json") => "application/json",
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("txt" | "md" | "conf") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A sha256 digest, written `sha256:<hex>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(String);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(bytes);
        Self(hash.iter().map(|byte| format!("{byte:02x}")).collect())
    }

    /// The 64 lowercase hex digits.
    pub fn hex(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "sha256:{}", self.0)
    }
}

/// A digest that is not `sha256:` followed by 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a digest; expected `sha256:` and 64 lowercase hex digits")]
pub struct DigestError(pub String);

impl FromStr for Digest {
    type Err = DigestError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.strip_prefix("sha256:") {
            Some(hex) if hex.len() == 64 && hex.chars().all(|character| matches!(character, '0'..='9' | 'a'..='f')) => {
                Ok(Self(hex.to_owned()))
            }
            _ => Err(DigestError(text.to_owned())),
        }
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_refuse_anything_that_could_leave_their_folder() {
        assert!("platform/baseline-lambda/aws".parse::<ModuleAddress>().is_ok());
        for bad in
            ["platform/../aws", "platform/a/b/c", "Platform/x/aws", "platform/x.y/aws", "/x/aws", "platform//aws"]
        {
            assert!(bad.parse::<ModuleAddress>().is_err(), "{bad}");
        }
    }

    #[test]
    fn digests_round_trip() {
        let digest = Digest::of(b"paved");
        assert_eq!(digest.to_string().parse::<Digest>(), Ok(digest.clone()));
        assert!("sha256:XYZ".parse::<Digest>().is_err());
    }

    #[test]
    fn the_location_climbs_back_to_the_site_root() {
        let address: ModuleAddress = "platform/baseline-lambda/aws".parse().expect("valid");
        let version = semver::Version::new(1, 2, 3);
        let download = address.download_path(&version);
        let depth = download.matches('/').count();
        assert_eq!(address.download_location(&version, "ab").matches("../").count(), depth);
    }

    #[test]
    fn archive_and_download_paths_read_back() {
        let address: ModuleAddress = "platform/baseline-lambda/aws".parse().expect("valid");
        let version = semver::Version::new(1, 2, 3);
        assert_eq!(archive_of_path(&address.archive_path(&version)), Some((address.clone(), version.clone())));
        assert_eq!(download_of_path(&address.download_path(&version)), Some((address.clone(), version)));
        for bad in [
            "archives/platform/baseline-lambda/aws/other-1.2.3.tar.gz",
            "archives/platform/baseline-lambda/aws/baseline-lambda-1.2.tar.gz",
            "archives/platform/baseline-lambda/aws/.paved-x.tmp",
        ] {
            assert_eq!(archive_of_path(bad), None, "{bad}");
        }
        assert_eq!(download_of_path("v1/modules/platform/baseline-lambda/aws/versions"), None);
        assert_eq!(module_of_path("v1/modules/platform/baseline-lambda/aws/index.html"), Some(address));
    }

    #[test]
    fn content_types_follow_the_registry_layout() {
        assert_eq!(content_type("v1/modules/a/b/c/versions"), "application/json");
        assert_eq!(content_type("v1/modules/a/b/c/1.0.0/download"), "application/json");
        assert_eq!(content_type(".well-known/terraform.json"), "application/json");
        assert_eq!(content_type("archives/a/b/c/b-1.0.0.tar.gz"), "application/gzip");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
    }
}
