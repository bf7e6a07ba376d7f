//! Publishing: atomic, immutable, safe under concurrent publishers, and checked against semver.
//!
//! A publish takes an exclusive lock on `<root>/.paved-publish.lock`, then:
//! 1. refuses a version that exists with other content (identical content is a no-op);
//! 2. refuses a minor or patch release whose interface breaks its predecessor's;
//! 3. writes the archive and the download document (each to a temporary file, then renamed);
//! 4. writes `index.json` (temporary file, renamed): **the commit point**;
//! 5. regenerates every derived file (versions documents, header maps, `index.html`) from the index.
//!
//! A publish killed before step 4 leaves files no index entry points at (overwritten by the next
//! publish of that version); killed after it, the next publish regenerates the derived files. No
//! reader ever sees a partial file, and the index never lists a version without its archive.

use crate::layout::{Digest, INDEX_PATH, ModuleAddress};
use crate::site;
use paved_blueprint::Definition;
use paved_module::ModuleFiles;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One module version to publish.
#[derive(Debug, Clone)]
pub struct Release {
    /// Where it is published.
    pub address: ModuleAddress,
    /// Its version.
    pub version: semver::Version,
    /// Its files.
    pub files: ModuleFiles,
    /// Its inputs and outputs, for the semver check and the catalog.
    pub interface: Interface,
}

impl Release {
    /// The release of a catalog blueprint: its module (examples included) at its version, as
    /// `<namespace>/<blueprint>/aws`.
    pub fn of_blueprint<'a>(
        definition: &Definition,
        namespace: &str,
        lookup: &dyn Fn(&str) -> Option<&'a Definition>,
    ) -> Result<Self, ReleaseError> {
        Ok(Self {
            address: ModuleAddress::new(namespace, definition.name.as_str(), "aws")?,
            version: definition.version.clone(),
            files: paved_module::emit(definition, lookup)?,
            interface: Interface::of(definition),
        })
    }
}

/// Why a blueprint could not be turned into a release.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReleaseError {
    /// The namespace is not a valid address part.
    #[error(transparent)]
    Address(#[from] crate::layout::AddressError),
    /// The module could not be emitted.
    #[error(transparent)]
    Emit(#[from] paved_module::EmitError),
}

/// A module version's interface as the registry records it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Interface {
    /// The inputs.
    pub inputs: Vec<InterfaceInput>,
    /// The outputs.
    pub outputs: Vec<InterfaceOutput>,
}

/// One input of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceInput {
    /// The variable name.
    pub name: String,
    /// The Terraform type, such as `number` or `list(string)`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether callers must set it.
    pub required: bool,
    /// What it is for.
    #[serde(default)]
    pub description: String,
}

/// One output of an interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceOutput {
    /// The output name.
    pub name: String,
    /// What kind of value it is.
    pub kind: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
}

impl Interface {
    /// The interface of a blueprint definition.
    pub fn of(definition: &Definition) -> Self {
        Self {
            inputs: definition
                .inputs
                .iter()
                .map(|field| InterfaceInput {
                    name: field.name.clone(),
                    type_name: field.node.shape.to_string(),
                    required: field.required,
                    description: field.description.clone(),
                })
                .collect(),
            outputs: definition
                .outputs
                .iter()
                .map(|output| InterfaceOutput {
                    name: output.name.to_owned(),
                    kind: output.kind.to_string(),
                    description: output.description.to_owned(),
                })
                .collect(),
        }
    }

    /// Every way `self` (a newer version) breaks callers of `previous`.
    pub fn breaking_changes(&self, previous: &Interface) -> Vec<String> {
        let mut changes = Vec::new();
        for old in &previous.inputs {
            match self.inputs.iter().find(|new| new.name == old.name) {
                None => changes.push(format!("input `{}` was removed", old.name)),
                Some(new) if new.type_name != old.type_name => changes
                    .push(format!("input `{}` changed type from `{}` to `{}`", old.name, old.type_name, new.type_name)),
                Some(new) if new.required && !old.required => {
                    changes.push(format!("input `{}` became required", old.name))
                }
                Some(_) => {}
            }
        }
        for new in
            self.inputs.iter().filter(|new| new.required && !previous.inputs.iter().any(|old| old.name == new.name))
        {
            changes.push(format!("required input `{}` was added", new.name));
        }
        for old in &previous.outputs {
            match self.outputs.iter().find(|new| new.name == old.name) {
                None => changes.push(format!("output `{}` was removed", old.name)),
                Some(new) if new.kind != old.kind => {
                    changes.push(format!("output `{}` changed kind from `{}` to `{}`", old.name, old.kind, new.kind))
                }
                Some(_) => {}
            }
        }
        changes
    }
}

/// The registry index: every module and version.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Index {
    pub(crate) modules: Vec<IndexModule>,
}

/// One module in the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IndexModule {
    #[serde(flatten)]
    pub(crate) address: ModuleAddress,
    pub(crate) versions: Vec<IndexVersion>,
}

/// One published version.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IndexVersion {
    pub(crate) version: semver::Version,
    pub(crate) digest: Digest,
    pub(crate) size: u64,
    pub(crate) published: String,
    pub(crate) archive: String,
    pub(crate) interface: Interface,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishOutcome {
    /// The version is new and now published.
    Published {
        /// The archive's digest.
        digest: Digest,
        /// The archive's size in bytes.
        size: u64,
    },
    /// The version was already published with identical content.
    Unchanged {
        /// The archive's digest.
        digest: Digest,
    },
}

/// A minor or patch release that breaks the interface of the version before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakingRelease {
    /// The module.
    pub address: ModuleAddress,
    /// The refused version.
    pub version: semver::Version,
    /// The version it is compared with.
    pub previous: semver::Version,
    /// `minor` or `patch`.
    pub kind: &'static str,
    /// Each breaking change.
    pub changes: Vec<String>,
    /// The version to use instead.
    pub next_major: semver::Version,
}

impl std::fmt::Display for BreakingRelease {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} {} breaks the interface of {}, which a {} release must not:\n  - {}\nrelease it as {} instead",
            self.address,
            self.version,
            self.previous,
            self.kind,
            self.changes.join("\n  - "),
            self.next_major
        )
    }
}

/// Why a publish was refused or failed; the registry is unchanged in every case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// The version exists with other content.
    #[error(
        "{address} {version} is already published with other content ({existing}, now {new}); published versions are immutable: give this content a new version"
    )]
    Immutable {
        /// The module.
        address: Box<ModuleAddress>,
        /// The version.
        version: semver::Version,
        /// The published digest.
        existing: Digest,
        /// The refused digest.
        new: Digest,
    },
    /// A minor or patch release breaks the interface of its predecessor.
    #[error("{0}")]
    Breaking(Box<BreakingRelease>),
    /// The index is not readable.
    #[error("the registry index `{}` is not valid: {source}; restore it from version control", path.display())]
    Index {
        /// The index file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A file system operation failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What Paved was doing.
        action: &'static str,
        /// Where.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PublishError {
    let path = path.to_owned();
    move |source| PublishError::Io { action, path, source }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so readers
/// see the old content or the new, never a part.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(io("create", folder))?;
    let mut file = tempfile::Builder::new()
        .prefix(".paved-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(io("create a temporary file in", folder))?;
    file.write_all(bytes).map_err(io("write", file.path()))?;
    // Temporary files are private (0600); a published site is read by web servers as other users.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io("set permissions of", file.path()))?;
    }
    file.as_file().sync_all().map_err(io("flush", file.path()))?;
    file.persist(path).map_err(|error| PublishError::Io {
        action: "replace",
        path: path.to_owned(),
        source: error.error,
    })?;
    Ok(())
}

/// Reads the index at `root` (empty when the registry is new).
pub(crate) fn read_index(root: &Path) -> Result<Index, PublishError> {
    let path = root.join(INDEX_PATH);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|source| PublishError::Index { path, source }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Index::default()),
        Err(error) => Err(io("read", &path)(error)),
    }
}

/// The time to record for a new version: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// the current time otherwise, as RFC 3339 UTC.
fn publish_time() -> String {
    let seconds =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|text| text.parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs() as i64)
        });
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Publishes `release` into the registry at `root`.
pub fn publish(root: &Path, release: &Release) -> Result<PublishOutcome, PublishError> {
    let mut outcomes = publish_many(root, std::slice::from_ref(release))?;
    outcomes.pop().expect("publish_many returns one outcome per release")
}

/// Publishes `releases` into the registry at `root` under one lock and one index commit,
/// returning one outcome per release, in order. A refused release (immutability, semver) does
/// not stop the others; an I/O failure stops the batch with nothing of it committed.
pub fn publish_many(
    root: &Path,
    releases: &[Release],
) -> Result<Vec<Result<PublishOutcome, PublishError>>, PublishError> {
    std::fs::create_dir_all(root).map_err(io("create", root))?;
    let lock_path = root.join(".paved-publish.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io("open", &lock_path))?;
    lock.lock().map_err(io("lock", &lock_path))?;

    let mut index = read_index(root)?;
    let mut outcomes = Vec::with_capacity(releases.len());
    let mut changed = false;
    for release in releases {
        let bytes = crate::archive(&release.files);
        let digest = Digest::of(&bytes);
        let address = &release.address;
        let version = &release.version;
        let existing = index.modules.iter().find(|module| &module.address == address);
        if let Some(published) =
            existing.and_then(|module| module.versions.iter().find(|entry| &entry.version == version))
        {
            outcomes.push(if published.digest == digest {
                Ok(PublishOutcome::Unchanged { digest })
            } else {
                Err(PublishError::Immutable {
                    address: Box::new(address.clone()),
                    version: version.clone(),
                    existing: published.digest.clone(),
                    new: digest,
                })
            });
            continue;
        }
        if let Some(module) = existing
            && let Err(error) = check_interface(address, version, &release.interface, module)
        {
            outcomes.push(Err(error));
            continue;
        }

        let archive_path = address.archive_path(version);
        write_atomically(&root.join(&archive_path), &bytes)?;
        let location = address.download_location(version, digest.hex());
        let download =
            serde_json::to_vec(&serde_json::json!({ "location": location })).expect("a JSON value serialises");
        write_atomically(&root.join(address.download_path(version)), &download)?;

        let entry = IndexVersion {
            version: version.clone(),
            digest: digest.clone(),
            size: bytes.len() as u64,
            published: publish_time(),
            archive: archive_path,
            interface: release.interface.clone(),
        };
        match index.modules.iter_mut().find(|module| &module.address == address) {
            Some(module) => {
                module.versions.push(entry);
                module.versions.sort_by(|left, right| left.version.cmp(&right.version));
            }
            None => {
                index.modules.push(IndexModule { address: address.clone(), versions: vec![entry] });
                index.modules.sort_by(|left, right| left.address.cmp(&right.address));
            }
        }
        changed = true;
        outcomes.push(Ok(PublishOutcome::Published { digest, size: bytes.len() as u64 }));
    }
    if changed {
        // Never `unwrap_or_default` here: an empty index would unpublish everything.
        let mut text = serde_json::to_vec_pretty(&index).expect("the index is plain data and serialises");
        text.push(b'\n');
        write_atomically(&root.join(INDEX_PATH), &text)?;
    }
    site::regenerate(root, &index)?;
    drop(lock);
    Ok(outcomes)
}

/// Refuses a minor or patch release that breaks the newest earlier version of the same major
/// (for 0.x, of the same minor, as Cargo treats them).
fn check_interface(
    address: &ModuleAddress,
    version: &semver::Version,
    interface: &Interface,
    module: &IndexModule,
) -> Result<(), PublishError> {
    let compatible = |other: &semver::Version| {
        other.major == version.major && (version.major > 0 || other.minor == version.minor) && other < version
    };
    let Some(previous) = module
        .versions
        .iter()
        .filter(|entry| compatible(&entry.version))
        .max_by(|left, right| left.version.cmp(&right.version))
    else {
        return Ok(());
    };
    let changes = interface.breaking_changes(&previous.interface);
    if changes.is_empty() {
        return Ok(());
    }
    let kind = if previous.version.minor == version.minor && previous.version.major == version.major {
        "patch"
    } else {
        "minor"
    };
    let next_major = if version.major == 0 {
        semver::Version::new(0, version.minor + 1, 0)
    } else {
        semver::Version::new(version.major + 1, 0, 0)
    };
    Err(PublishError::Breaking(Box::new(BreakingRelease {
        address: address.clone(),
        version: version.clone(),
        previous: previous.version.clone(),
        kind,
        changes,
        next_major,
    })))
}
