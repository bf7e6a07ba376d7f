//! Publishing: atomic, immutable, safe under concurrent publishers, and checked against semver,
//! on any [`Storage`] (a local folder or an S3 bucket) by the same code.
//!
//! A publish takes no lock. For each batch it:
//! 1. reads `index.json` (remembering its tag) and refuses a version the index lists with other
//!    content (identical content is a no-op), or a minor or patch release whose interface breaks its
//!    predecessor's;
//! 2. writes each new archive **create-if-absent**: the first archive written for a version claims
//!    it, and an archive is never overwritten. Finding the same bytes there (a publish of the same
//!    content that was interrupted, or is racing this one) is fine; other bytes refuse the version;
//! 3. writes each download document (create-if-absent; derived from the archive's digest);
//! 4. writes `index.json` **replace-if-unchanged** against the tag read in step 1: **the commit
//!    point**. If another publisher committed in between, the batch starts again from step 1 with
//!    the newer index (at most [`COMMIT_ATTEMPTS`] times, with a growing pause);
//! 5. regenerates the derived files from the index, each replace-if-unchanged: the global ones
//!    (which list modules, not versions) and those of every module the batch names (versions
//!    document, page, nginx header map), then reads the index again and regenerates from it until
//!    the files match the newest index. Adding a version to a registry of any size so writes that
//!    module's files and `index.json`, and nothing else.
//!
//! A publish interrupted before step 4 leaves archives no index entry points at (the next
//! publish of that content uses them); after it, the next publish of that module regenerates its
//! files.
//! No reader ever sees a partial file, and the index never lists a version without its archive.

use crate::compatibility::{Impact, InterfaceChange};
use crate::interface::Interface;
use crate::layout::{Digest, INDEX_PATH, ModuleAddress};
use crate::site;
use crate::storage::{Condition, LocalDirectory, Storage, StorageError, Stored, Written};
use paved_blueprint::Definition;
use paved_module::ModuleFiles;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// How many times a publish reads the index again after another publisher committed first.
pub const COMMIT_ATTEMPTS: u32 = 10;

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
        Self::at_address(definition, ModuleAddress::new(namespace, definition.name.as_str(), "aws")?, lookup)
    }

    /// The release of a catalog blueprint at `address`: a platform catalog publishes under its
    /// own namespace and module system name (`acme/<blueprint>/aws`).
    pub fn at_address<'a>(
        definition: &Definition,
        address: ModuleAddress,
        lookup: &dyn Fn(&str) -> Option<&'a Definition>,
    ) -> Result<Self, ReleaseError> {
        let files = paved_module::emit(definition, lookup)?;
        let interface = Interface::of(definition).with_resources(&files)?;
        Ok(Self { address, version: definition.version.clone(), files, interface })
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
    /// The emitted module's resource addresses could not be read.
    #[error(transparent)]
    Resources(#[from] crate::resources::ResourcesError),
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

/// A minor or patch release that changes the interface of the version before it more than such a
/// release may: a breaking change in either, or an addition (a minor change) in a patch release.
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
    /// Each change the release may not carry, with the version it needs.
    pub changes: Vec<(InterfaceChange, semver::Version)>,
    /// The version to use instead: the lowest that may carry every change and is not published.
    pub use_instead: semver::Version,
}

impl std::fmt::Display for BreakingRelease {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} {} changes the interface of {} more than a {} release may:",
            self.address, self.version, self.previous, self.kind
        )?;
        for (change, needed) in &self.changes {
            write!(
                formatter,
                "\n  - {} {} ({}): release it as {needed}",
                self.version, change.description, change.impact
            )?;
        }
        write!(formatter, "\nrelease it as {} instead", self.use_instead)
    }
}

/// A version whose index entry disagrees with its archive, which holds the content being published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{address} {version}: the index `{location}` lists digest {listed}, but the archive `{archive}` has {actual}, \
     which is this content: the index disagrees with the archive, so the registry is damaged, not the module; run \
     `paved registry verify <registry>` to see every problem and `paved registry repair <registry>` to rebuild the \
     index from the archives"
)]
pub struct IndexDisagreement {
    /// The module.
    pub address: ModuleAddress,
    /// The version.
    pub version: semver::Version,
    /// The index file.
    pub location: String,
    /// The digest the index lists.
    pub listed: Digest,
    /// The archive.
    pub archive: String,
    /// The digest of the archive there (and of this content).
    pub actual: Digest,
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
    /// The index lists the version with another digest than its archive, which holds this very
    /// content: the index was altered or damaged, not the module.
    #[error("{0}")]
    IndexDisagrees(Box<IndexDisagreement>),
    /// There is no index, but archives or module documents are there: publishing would start a
    /// new index and unlist every version already in the registry.
    #[error(
        "the registry has no index `{location}` but holds {count} published file(s), such as `{example}`: the index \
         was lost, and publishing now would unlist every version already there; nothing was written. Run `paved \
         registry repair <registry>` to rebuild the index from the archives and download documents (each digest \
         checked), or restore `index.json` from a backup, then publish again"
    )]
    IndexMissing {
        /// Where the index should be.
        location: String,
        /// How many archives and module documents were found.
        count: usize,
        /// One of them.
        example: String,
    },
    /// A minor or patch release changes the interface of its predecessor more than its kind allows.
    #[error("{0}")]
    Breaking(Box<BreakingRelease>),
    /// The version's archive was written by another publish with other content, which either is
    /// still running or was interrupted before it committed the index.
    #[error(
        "{address} {version} was claimed by another publish with other content ({existing}, now {new}), which is still \
         running or was interrupted before it committed; an archive once written is never replaced: publish that \
         content again to finish it, or give this content a new version"
    )]
    Claimed {
        /// The module.
        address: Box<ModuleAddress>,
        /// The version.
        version: semver::Version,
        /// The digest of the archive in the registry.
        existing: Digest,
        /// The refused digest.
        new: Digest,
    },
    /// The index is not readable.
    #[error("the registry index `{location}` is not valid: {source}; restore it from version control or a backup")]
    Index {
        /// The index file.
        location: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// Other publishers kept committing first.
    #[error(
        "`{location}` changed under this publish {attempts} times in a row (other publishers committed first); nothing \
         of this publish is listed yet: run it again"
    )]
    Contention {
        /// The index file.
        location: String,
        /// How many times the publish read the index again.
        attempts: u32,
    },
    /// Reading or writing the registry failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Reads the index (empty when the registry is new) and the stored file it came from.
pub(crate) fn read_index(storage: &dyn Storage) -> Result<(Index, Option<Stored>), PublishError> {
    let Some(stored) = storage.read(INDEX_PATH)? else { return Ok((Index::default(), None)) };
    let index = serde_json::from_slice(&stored.bytes)
        .map_err(|source| PublishError::Index { location: storage.describe(INDEX_PATH), source })?;
    Ok((index, Some(stored)))
}

/// Refuses a registry without an index that holds archives or module documents (a lost index).
/// A new registry passes, and so does one holding only `ours`: the archives and download
/// documents of this batch, left by a first publish of it that was interrupted before its commit
/// (their content is compared when they are claimed). Other files may be a racing first publish
/// that has not committed yet, so the caller looks again (up to [`COMMIT_ATTEMPTS`] times, about
/// two seconds) before refusing.
pub(crate) fn refuse_lost_index(
    storage: &dyn Storage,
    ours: &std::collections::BTreeSet<String>,
) -> Result<(), PublishError> {
    let mut found = storage.list("archives/")?;
    found.extend(storage.list("v1/modules/")?);
    found.retain(|path| !is_temporary(path) && !ours.contains(path));
    match found.first() {
        None => Ok(()),
        Some(example) => Err(PublishError::IndexMissing {
            location: storage.describe(INDEX_PATH),
            count: found.len(),
            example: example.clone(),
        }),
    }
}

/// Whether `path` is a temporary file of an interrupted write (`.paved-*.tmp`), which nothing lists.
pub(crate) fn is_temporary(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.starts_with(".paved-") && name.ends_with(".tmp"))
}

/// The bytes of `index` as `index.json` holds them.
pub(crate) fn index_bytes(index: &Index) -> Vec<u8> {
    let mut text = serde_json::to_vec_pretty(index).expect("the index is plain data and serialises");
    text.push(b'\n');
    text
}

/// A pause before attempt `attempt + 1`, growing and spread so racing publishers drift apart.
pub(crate) fn pause(attempt: u32) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |now| now.subsec_nanos());
    let base = 5u64 << attempt.min(6);
    std::thread::sleep(Duration::from_millis(base + u64::from(nanos) % base));
}

/// The time to record for a new version: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// the current time otherwise, as RFC 3339 UTC.
pub(crate) fn publish_time() -> String {
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

/// Publishes `release` into the registry folder `root`.
pub fn publish(root: &Path, release: &Release) -> Result<PublishOutcome, PublishError> {
    publish_to(&LocalDirectory::new(root), release)
}

/// Publishes `releases` into the registry folder `root`; see [`publish_many_to`].
pub fn publish_many(
    root: &Path,
    releases: &[Release],
) -> Result<Vec<Result<PublishOutcome, PublishError>>, PublishError> {
    publish_many_to(&LocalDirectory::new(root), releases)
}

/// Publishes `release` into the registry in `storage`.
pub fn publish_to(storage: &dyn Storage, release: &Release) -> Result<PublishOutcome, PublishError> {
    let mut outcomes = publish_many_to(storage, std::slice::from_ref(release))?;
    outcomes.pop().expect("publish_many_to returns one outcome per release")
}

/// Publishes `releases` into the registry in `storage` with one index commit, returning one
/// outcome per release, in order. A refused release (immutability, semver) does not stop the
/// others; a storage failure stops the batch with nothing of it listed in the index (its archives
/// may be written: publishing the same content again lists them).
pub fn publish_many_to(
    storage: &dyn Storage,
    releases: &[Release],
) -> Result<Vec<Result<PublishOutcome, PublishError>>, PublishError> {
    let archives: Vec<(Vec<u8>, Digest)> = releases
        .iter()
        .map(|release| {
            let bytes = crate::archive(&release.files);
            let digest = Digest::of(&bytes);
            (bytes, digest)
        })
        .collect();
    let published = publish_time();
    // Per release whose archive this publish wrote or found: `Some(digest)` of another's content.
    let mut claims: BTreeMap<usize, Option<Digest>> = BTreeMap::new();
    for attempt in 1..=COMMIT_ATTEMPTS {
        let (mut index, stored) = read_index(storage)?;
        if stored.is_none() {
            let ours = releases
                .iter()
                .flat_map(|release| {
                    [release.address.archive_path(&release.version), release.address.download_path(&release.version)]
                })
                .collect();
            // Another first publish may be between its archives and its commit: look again a
            // few times before calling the index lost.
            if let Err(lost) = refuse_lost_index(storage, &ours) {
                if attempt == COMMIT_ATTEMPTS {
                    return Err(lost);
                }
                pause(attempt);
                continue;
            }
        }
        let mut outcomes = Vec::with_capacity(releases.len());
        let mut changed = false;
        for (position, (release, (bytes, digest))) in releases.iter().zip(&archives).enumerate() {
            let (address, version) = (&release.address, &release.version);
            let existing = index.modules.iter().find(|module| &module.address == address);
            if let Some(listed) =
                existing.and_then(|module| module.versions.iter().find(|entry| &entry.version == version))
            {
                outcomes.push(if &listed.digest == digest {
                    Ok(PublishOutcome::Unchanged { digest: digest.clone() })
                } else {
                    Err(refuse_listed(storage, address, version, &listed.digest, digest)?)
                });
                continue;
            }
            if let Some(module) = existing
                && let Err(error) = check_interface(address, version, &release.interface, module)
            {
                outcomes.push(Err(error));
                continue;
            }
            let claim = match claims.entry(position) {
                std::collections::btree_map::Entry::Occupied(known) => known.into_mut(),
                std::collections::btree_map::Entry::Vacant(unknown) => {
                    unknown.insert(claim_version(storage, release, bytes, digest)?)
                }
            };
            if let Some(existing) = claim {
                outcomes.push(Err(PublishError::Claimed {
                    address: Box::new(address.clone()),
                    version: version.clone(),
                    existing: existing.clone(),
                    new: digest.clone(),
                }));
                continue;
            }

            let entry = IndexVersion {
                version: version.clone(),
                digest: digest.clone(),
                size: bytes.len() as u64,
                published: published.clone(),
                archive: address.archive_path(version),
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
            outcomes.push(Ok(PublishOutcome::Published { digest: digest.clone(), size: bytes.len() as u64 }));
        }
        // Never `unwrap_or_default` the index: an empty index would unpublish everything.
        let basis = if changed {
            let bytes = index_bytes(&index);
            if storage.write(INDEX_PATH, &bytes, Condition::still(stored.as_ref()))? == Written::ConditionFailed {
                pause(attempt);
                continue;
            }
            Some(bytes)
        } else {
            stored.map(|stored| stored.bytes)
        };
        let known: BTreeMap<String, &[u8]> = releases
            .iter()
            .zip(&archives)
            .map(|(release, (bytes, _))| (release.address.archive_path(&release.version), bytes.as_slice()))
            .collect();
        let modules: std::collections::BTreeSet<&ModuleAddress> =
            releases.iter().map(|release| &release.address).collect();
        site::settle(storage, index, basis, &modules, &known)?;
        return Ok(outcomes);
    }
    Err(PublishError::Contention { location: storage.describe(INDEX_PATH), attempts: COMMIT_ATTEMPTS })
}

/// Why a version the index lists with digest `listed` cannot take content of digest `digest`:
/// the content changed ([`PublishError::Immutable`]), or the archive there is this very content and
/// the index is what changed ([`PublishError::IndexDisagrees`]).
fn refuse_listed(
    storage: &dyn Storage,
    address: &ModuleAddress,
    version: &semver::Version,
    listed: &Digest,
    digest: &Digest,
) -> Result<PublishError, PublishError> {
    let archive = address.archive_path(version);
    if storage.read(&archive)?.is_some_and(|stored| &Digest::of(&stored.bytes) == digest) {
        return Ok(PublishError::IndexDisagrees(Box::new(IndexDisagreement {
            address: address.clone(),
            version: version.clone(),
            location: storage.describe(INDEX_PATH),
            listed: listed.clone(),
            archive: storage.describe(&archive),
            actual: digest.clone(),
        })));
    }
    Ok(PublishError::Immutable {
        address: Box::new(address.clone()),
        version: version.clone(),
        existing: listed.clone(),
        new: digest.clone(),
    })
}

/// Writes the archive of `release` create-if-absent, then its download document. `Some(digest)`
/// of the archive there when another publish claimed the version with other content.
fn claim_version(
    storage: &dyn Storage,
    release: &Release,
    bytes: &[u8],
    digest: &Digest,
) -> Result<Option<Digest>, PublishError> {
    let (address, version) = (&release.address, &release.version);
    if let Some(other) = create_or_find(storage, &address.archive_path(version), bytes)? {
        return Ok(Some(Digest::of(&other)));
    }
    let location = address.download_location(version, digest.hex());
    let download = serde_json::to_vec(&serde_json::json!({ "location": location })).expect("a JSON value serialises");
    // The document follows from the archive, which is this publish's: other bytes there are a
    // hand edit or damage, and are repaired.
    if create_or_find(storage, &address.download_path(version), &download)?.is_some() {
        // A writer racing this repair repairs it the same way; the next publish checks again.
        let _repaired = site::write_if_changed(storage, &address.download_path(version), &download)?;
    }
    Ok(None)
}

/// Writes `bytes` at `path` if nothing is there; `Some(bytes)` of the other content already there.
fn create_or_find(storage: &dyn Storage, path: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, PublishError> {
    for attempt in 1..=COMMIT_ATTEMPTS {
        if storage.write(path, bytes, Condition::Absent)? == Written::Done {
            return Ok(None);
        }
        match storage.read(path)? {
            Some(stored) if stored.bytes == bytes => return Ok(None),
            Some(stored) => return Ok(Some(stored.bytes)),
            // Refused, then gone: a racing create that failed. Try again.
            None => pause(attempt),
        }
    }
    Err(PublishError::Contention { location: storage.describe(path), attempts: COMMIT_ATTEMPTS })
}

/// Refuses a minor or patch release whose interface changes more than its kind allows against
/// the newest earlier version of the same major (for 0.x, of the same minor, as Cargo treats
/// them): a minor release may add, a patch release may only keep the interface (for 0.x, where
/// patch releases are the compatible ones, add too).
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
    let patch = previous.version.minor == version.minor;
    let allowed = if patch && version.major > 0 { Impact::Patch } else { Impact::Minor };
    let published = |candidate: &semver::Version| module.versions.iter().any(|entry| &entry.version == candidate);
    let changes: Vec<(InterfaceChange, semver::Version)> = interface
        .changes(&previous.interface)
        .into_iter()
        .filter(|change| change.impact > allowed)
        .map(|change| {
            let needed = unpublished_release(change.impact, &previous.version, &published);
            (change, needed)
        })
        .collect();
    let Some(highest) = changes.iter().map(|(change, _)| change.impact).max() else { return Ok(()) };
    Err(PublishError::Breaking(Box::new(BreakingRelease {
        address: address.clone(),
        version: version.clone(),
        previous: previous.version.clone(),
        kind: if patch { "patch" } else { "minor" },
        use_instead: unpublished_release(highest, &previous.version, &published),
        changes,
    })))
}

/// The first release after `previous` that may carry a change of `impact` and is not published
/// yet (after 2.0.0 a minor change needs 2.1.0, or 2.2.0 when 2.1.0 exists).
fn unpublished_release(
    impact: Impact,
    previous: &semver::Version,
    published: &dyn Fn(&semver::Version) -> bool,
) -> semver::Version {
    let mut candidate = impact.release_after(previous);
    while published(&candidate) {
        candidate = impact.release_after(&candidate);
    }
    candidate
}
