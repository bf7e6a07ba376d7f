//! Checking a registry against its index, and rebuilding the index from the archives.
//!
//! [`verify`] reads everything: every version the index lists must have its archive with the
//! listed digest and size and its download document with the location that digest gives; every
//! archive and module document must be listed; every derived file (versions documents, pages,
//! header maps, the catalog page, discovery) must be what the index gives. It reports every
//! problem, and changes nothing.
//!
//! [`repair`] rebuilds `index.json` and the derived files from the archives, refusing (and
//! writing nothing) unless each archive's digest is confirmed by a second record: its download
//! document's checksum, or an index entry. Each version's interface and publish time come from
//! the index entry of the same digest when there is one, else from the tables of the README Paved
//! writes into every archive (the publish time is then the repair's), else from the index entry
//! of the same version. The index is written
//! replace-if-unchanged, so a publish racing the repair is never overwritten.

use std::collections::{BTreeMap, BTreeSet};

use crate::interface::{Interface, InterfaceInput, InterfaceOutput, InterfaceOutputShape, InterfaceProviderAlias};
use crate::layout::{Digest, INDEX_PATH, ModuleAddress, archive_of_path, download_of_path, module_of_path};
use crate::publish::{Index, IndexModule, IndexVersion, PublishError, index_bytes, is_temporary, publish_time};
use crate::site;
use crate::storage::{Condition, Storage, Written};

/// One thing wrong in a registry, as [`verify`] finds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// There is no index, though archives or module documents are there.
    #[error(
        "`{location}` is missing, but the registry holds {count} published file(s) (archives and module documents), \
         none of them listed"
    )]
    IndexMissing {
        /// Where the index should be.
        location: String,
        /// How many archives and module documents there are.
        count: usize,
    },
    /// The index is not valid JSON of the index's shape.
    #[error("`{location}` is not a valid index: {reason}")]
    IndexUnreadable {
        /// The index.
        location: String,
        /// The parser's message.
        reason: String,
    },
    /// A listed version has no archive.
    #[error("{address} {version}: the index lists `{archive}`, which is missing")]
    ArchiveMissing {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The archive.
        archive: String,
    },
    /// A listed version's archive is not where the layout puts it.
    #[error("{address} {version}: the index names the archive `{listed}`, but the layout puts it at `{expected}`")]
    ArchivePath {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The path the index gives.
        listed: String,
        /// The path of the layout.
        expected: String,
    },
    /// A listed version's archive has another digest than the index lists.
    #[error("{address} {version}: `{archive}` has digest {actual}, but the index lists {listed}")]
    ArchiveDigest {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The archive.
        archive: String,
        /// The digest the index lists.
        listed: Digest,
        /// The digest of the archive.
        actual: Digest,
    },
    /// A listed version's archive has another size than the index lists.
    #[error("{address} {version}: `{archive}` has {actual} bytes, but the index lists {listed}")]
    ArchiveSize {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The archive.
        archive: String,
        /// The size the index lists.
        listed: u64,
        /// The size of the archive.
        actual: u64,
    },
    /// A listed version has no download document, or one with another location.
    #[error("{address} {version}: the download document `{path}` {found}, but the index gives `{expected}`")]
    Download {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The download document.
        path: String,
        /// What is there: `is missing`, `has no location`, or `gives` followed by the location.
        found: String,
        /// The location the index gives.
        expected: String,
    },
    /// An archive or module document of a version (or module) the index does not list.
    #[error("`{path}` belongs to {subject}, which the index does not list")]
    Unlisted {
        /// The file.
        path: String,
        /// The module, or module and version.
        subject: String,
    },
    /// A file under `archives/` or `v1/modules/` that is not part of the layout.
    #[error("`{path}` is not a file of the registry layout")]
    Stray {
        /// The file.
        path: String,
    },
    /// A derived file is missing or differs from what the index gives.
    #[error("`{path}` {state} what the index gives")]
    Derived {
        /// The file.
        path: String,
        /// `is missing, not` or `differs from`.
        state: &'static str,
    },
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    /// How many versions the index lists.
    pub versions: usize,
    /// How many archives the registry holds.
    pub archives: usize,
    /// Every problem, in the order found.
    pub problems: Vec<Problem>,
}

impl Verification {
    /// Whether nothing is wrong.
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks every archive, download document and derived file of the registry in `storage`
/// against its index, and every archive and module document against the index's list. Changes
/// nothing; a storage failure is an error, everything else a [`Problem`].
pub fn verify(storage: &dyn Storage) -> Result<Verification, PublishError> {
    let mut verification = Verification::default();
    let files = registry_files(storage)?;
    verification.archives = files.iter().filter(|path| archive_of_path(path).is_some()).count();
    let index = match storage.read(INDEX_PATH)? {
        None if files.is_empty() => Index::default(),
        None => {
            verification
                .problems
                .push(Problem::IndexMissing { location: storage.describe(INDEX_PATH), count: files.len() });
            Index::default()
        }
        Some(stored) => match serde_json::from_slice::<Index>(&stored.bytes) {
            Ok(index) => index,
            Err(error) => {
                verification.problems.push(Problem::IndexUnreadable {
                    location: storage.describe(INDEX_PATH),
                    reason: error.to_string(),
                });
                Index::default()
            }
        },
    };
    let mut archives: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for module in &index.modules {
        for entry in &module.versions {
            verification.versions += 1;
            if let Some(bytes) = verify_version(storage, &module.address, entry, &mut verification.problems)? {
                archives.insert(entry.archive.clone(), bytes);
            }
        }
    }
    // Without a readable index, every file is unlisted: the one problem says so.
    if matches!(verification.problems.first(), Some(Problem::IndexMissing { .. } | Problem::IndexUnreadable { .. })) {
        return Ok(verification);
    }
    verification.problems.extend(unlisted(&index, &files));
    let known: BTreeMap<String, &[u8]> =
        archives.iter().map(|(path, bytes)| (path.clone(), bytes.as_slice())).collect();
    verification.problems.extend(stale_derived_files(storage, &index, &known)?);
    Ok(verification)
}

/// Every file under `archives/` and `v1/modules/`, without temporary files.
fn registry_files(storage: &dyn Storage) -> Result<Vec<String>, PublishError> {
    let mut files = storage.list("archives/")?;
    files.extend(storage.list("v1/modules/")?);
    files.retain(|path| !is_temporary(path));
    Ok(files)
}

/// Checks one listed version's archive and download document; the archive's bytes if it has
/// the listed digest.
fn verify_version(
    storage: &dyn Storage,
    address: &ModuleAddress,
    entry: &IndexVersion,
    problems: &mut Vec<Problem>,
) -> Result<Option<Vec<u8>>, PublishError> {
    let version = &entry.version;
    let expected_archive = address.archive_path(version);
    if entry.archive != expected_archive {
        problems.push(Problem::ArchivePath {
            address: address.clone(),
            version: version.clone(),
            listed: entry.archive.clone(),
            expected: expected_archive.clone(),
        });
    }
    let expected = address.download_location(version, entry.digest.hex());
    let download_path = address.download_path(version);
    let found = match storage.read(&download_path)? {
        None => Some("is missing".to_owned()),
        Some(stored) => match crate::layout::download_document_location(&download_path, &stored.bytes) {
            None => Some("has no location".to_owned()),
            Some(location) if location == expected => None,
            Some(location) => Some(format!("gives `{}`", location.escape_debug())),
        },
    };
    if let Some(found) = found {
        problems.push(Problem::Download {
            address: address.clone(),
            version: version.clone(),
            path: download_path,
            found,
            expected,
        });
    }
    let Some(stored) = storage.read(&expected_archive)? else {
        problems.push(Problem::ArchiveMissing {
            address: address.clone(),
            version: version.clone(),
            archive: expected_archive,
        });
        return Ok(None);
    };
    let actual = Digest::of(&stored.bytes);
    if actual != entry.digest {
        problems.push(Problem::ArchiveDigest {
            address: address.clone(),
            version: version.clone(),
            archive: expected_archive,
            listed: entry.digest.clone(),
            actual,
        });
        return Ok(None);
    }
    if stored.bytes.len() as u64 != entry.size {
        problems.push(Problem::ArchiveSize {
            address: address.clone(),
            version: version.clone(),
            archive: expected_archive,
            listed: entry.size,
            actual: stored.bytes.len() as u64,
        });
    }
    Ok(Some(stored.bytes))
}

/// The archives and module documents of versions and modules the index does not list, and
/// files that are not part of the layout.
fn unlisted(index: &Index, files: &[String]) -> Vec<Problem> {
    let listed: BTreeSet<(&ModuleAddress, &semver::Version)> = index
        .modules
        .iter()
        .flat_map(|module| module.versions.iter().map(move |entry| (&module.address, &entry.version)))
        .collect();
    let modules: BTreeSet<&ModuleAddress> = index.modules.iter().map(|module| &module.address).collect();
    let mut problems = Vec::new();
    for path in files {
        let versioned = archive_of_path(path).or_else(|| download_of_path(path));
        let problem = match (versioned, module_of_path(path)) {
            (Some((address, version)), _) if !listed.contains(&(&address, &version)) => {
                Some(Problem::Unlisted { path: path.clone(), subject: format!("{address} {version}") })
            }
            (Some(_), _) => None,
            (None, Some(address)) if path.starts_with("v1/modules/") && !modules.contains(&address) => {
                Some(Problem::Unlisted { path: path.clone(), subject: address.to_string() })
            }
            (None, Some(address)) if is_module_file(&address, path) => None,
            _ => Some(Problem::Stray { path: path.clone() }),
        };
        problems.extend(problem);
    }
    problems
}

/// Whether `path` is one of the files of `address`'s own folder that are derived from the index.
fn is_module_file(address: &ModuleAddress, path: &str) -> bool {
    path == address.versions_path() || path == site::page_path(address) || path == site::nginx_path(address)
}

/// The derived files that are missing or differ from what `index` gives.
fn stale_derived_files(
    storage: &dyn Storage,
    index: &Index,
    known: &BTreeMap<String, &[u8]>,
) -> Result<Vec<Problem>, PublishError> {
    let modules: BTreeSet<&ModuleAddress> = index.modules.iter().map(|module| &module.address).collect();
    let mut problems = Vec::new();
    for (path, content) in site::derived_files(storage, index, &modules, known)? {
        match storage.read(&path)? {
            None => problems.push(Problem::Derived { path, state: "is missing, not" }),
            Some(stored) if stored.bytes != content.as_bytes() => {
                problems.push(Problem::Derived { path, state: "differs from" })
            }
            Some(_) => {}
        }
    }
    for (path, content) in site::header_maps(index) {
        if storage.read(path)?.is_some_and(|stored| stored.bytes != content.as_bytes()) {
            problems.push(Problem::Derived { path: path.to_owned(), state: "differs from" });
        }
    }
    Ok(problems)
}

/// Why an archive could not be listed by a repair.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unprovable {
    /// The download document gives another digest than the archive has.
    #[error(
        "`{archive}` has digest {actual}, but its download document promises {promised}: the archive or the document \
         was altered; restore the archive from a backup, or republish the content under a new version"
    )]
    DigestDisputed {
        /// The archive.
        archive: String,
        /// Its digest.
        actual: Digest,
        /// The download document's.
        promised: String,
    },
    /// Nothing but the archive itself vouches for its digest.
    #[error(
        "`{archive}` has digest {actual}, but neither a download document nor an index entry confirms it; restore its \
         download document `{download}` from a backup"
    )]
    Unconfirmed {
        /// The archive.
        archive: String,
        /// Its digest.
        actual: Digest,
        /// Where its download document should be.
        download: String,
    },
    /// The index lists a version whose archive is gone, so the repair would unlist it.
    #[error(
        "{address} {version}: the index lists it, but its archive `{archive}` is missing; restore the archive from a \
         backup (a repair never unlists a version)"
    )]
    ArchiveMissing {
        /// The module.
        address: ModuleAddress,
        /// The version.
        version: semver::Version,
        /// The archive.
        archive: String,
    },
    /// The interface of the version is known neither from the index nor from the archive's README.
    #[error(
        "`{archive}` has no index entry and no README with Paved's Inputs and Outputs tables, so its interface is \
         unknown; restore `index.json` from a backup"
    )]
    NoInterface {
        /// The archive.
        archive: String,
    },
    /// A file under `archives/` that is not an archive of the layout.
    #[error(
        "`{path}` is not an archive of the registry layout (`archives/<namespace>/<name>/<system>/<name>-<version>.tar.gz`); move it out of the registry"
    )]
    Stray {
        /// The file.
        path: String,
    },
}

/// Why a repair wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RepairError {
    /// Some archives cannot be proven; nothing was written.
    #[error(
        "the registry was not repaired, nothing was written: {} problem(s) a repair cannot prove:\n  - {}",
        .0.len(),
        .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  - ")
    )]
    Unprovable(Vec<Unprovable>),
    /// A publish changed the index during the repair.
    #[error(
        "`{location}` changed during the repair (a publish committed); nothing was listed by the repair: run it again"
    )]
    Raced {
        /// The index.
        location: String,
    },
    /// Reading or writing the registry failed.
    #[error(transparent)]
    Publish(#[from] PublishError),
}

/// What a repair did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// How many versions the rebuilt index lists.
    pub versions: usize,
    /// The versions the index did not list before (or listed with another digest), as `address version`.
    pub relisted: Vec<String>,
    /// The download documents written because they were missing.
    pub downloads_written: Vec<String>,
}

/// Rebuilds the index of the registry in `storage` from its archives and download documents,
/// then its derived files; see the module documentation. Writes nothing unless every archive is
/// proven.
pub fn repair(storage: &dyn Storage) -> Result<Repaired, RepairError> {
    repair_with(storage, &[])
}

/// [`repair`], knowing the releases of a catalog: a version whose index entry is lost gets the
/// typed interface of the release at the same address and version *whose archive has the same
/// digest* (the content proves they are one module), instead of the interface a README's tables
/// carry, which lacks defaults, constraints and resource addresses.
pub fn repair_with(storage: &dyn Storage, known: &[crate::Release]) -> Result<Repaired, RepairError> {
    let stored = storage.read(INDEX_PATH).map_err(PublishError::from)?;
    let old: Index = stored.as_ref().and_then(|stored| serde_json::from_slice(&stored.bytes).ok()).unwrap_or_default();
    let old_entries: BTreeMap<(ModuleAddress, semver::Version, Digest), &IndexVersion> = old
        .modules
        .iter()
        .flat_map(|module| {
            module
                .versions
                .iter()
                .map(move |entry| ((module.address.clone(), entry.version.clone(), entry.digest.clone()), entry))
        })
        .collect();
    let mut refused = Vec::new();
    let mut rebuilt: BTreeMap<ModuleAddress, Vec<IndexVersion>> = BTreeMap::new();
    let mut archives: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut missing_downloads = Vec::new();
    let published = publish_time();
    for path in storage.list("archives/").map_err(PublishError::from)? {
        if is_temporary(&path) {
            continue;
        }
        let Some((address, version)) = archive_of_path(&path) else {
            refused.push(Unprovable::Stray { path });
            continue;
        };
        let Some(archive) = storage.read(&path).map_err(PublishError::from)? else { continue };
        let digest = Digest::of(&archive.bytes);
        let old_entry = old_entries.get(&(address.clone(), version.clone(), digest.clone())).copied();
        let download = address.download_path(&version);
        let expected = address.download_location(&version, digest.hex());
        match storage.read(&download).map_err(PublishError::from)? {
            Some(document) => match crate::layout::download_document_location(&download, &document.bytes) {
                Some(location) if location == expected => {}
                other => {
                    refused.push(Unprovable::DigestDisputed {
                        archive: path,
                        actual: digest,
                        promised: other.unwrap_or_else(|| "no location".to_owned()),
                    });
                    continue;
                }
            },
            None if old_entry.is_some() => missing_downloads.push((download, expected)),
            None => {
                refused.push(Unprovable::Unconfirmed { archive: path, actual: digest, download });
                continue;
            }
        }
        // The index entry of this content; else the README inside the (proven) archive; else
        // what a damaged entry of this version recorded.
        let same_version = || {
            old.modules
                .iter()
                .filter(|module| module.address == address)
                .flat_map(|module| &module.versions)
                .find(|entry| entry.version == version)
        };
        let proven_release = || {
            known
                .iter()
                .find(|release| {
                    release.address == address
                        && release.version == version
                        && Digest::of(&crate::archive::archive(&release.files)) == digest
                })
                .map(|release| release.interface.clone())
        };
        let (interface, published) = match old_entry {
            Some(entry) => (entry.interface.clone(), entry.published.clone()),
            None => match proven_release()
                .or_else(|| site::readme_of(&archive.bytes).and_then(|readme| interface_from_readme(&readme)))
            {
                Some(interface) => (interface, published.clone()),
                None => match same_version() {
                    Some(entry) => (entry.interface.clone(), entry.published.clone()),
                    None => {
                        refused.push(Unprovable::NoInterface { archive: path });
                        continue;
                    }
                },
            },
        };
        rebuilt.entry(address).or_default().push(IndexVersion {
            version,
            digest,
            size: archive.bytes.len() as u64,
            published,
            archive: path.clone(),
            interface,
        });
        archives.insert(path, archive.bytes);
    }
    for module in &old.modules {
        for entry in &module.versions {
            let archive = module.address.archive_path(&entry.version);
            if !archives.contains_key(&archive) && !refused.iter().any(|problem| mentions(problem, &archive)) {
                refused.push(Unprovable::ArchiveMissing {
                    address: module.address.clone(),
                    version: entry.version.clone(),
                    archive,
                });
            }
        }
    }
    if !refused.is_empty() {
        return Err(RepairError::Unprovable(refused));
    }
    let index = Index {
        modules: rebuilt
            .into_iter()
            .map(|(address, mut versions)| {
                versions.sort_by(|left, right| left.version.cmp(&right.version));
                IndexModule { address, versions }
            })
            .collect(),
    };
    let relisted = index
        .modules
        .iter()
        .flat_map(|module| {
            module
                .versions
                .iter()
                .filter(|entry| {
                    !old_entries.contains_key(&(module.address.clone(), entry.version.clone(), entry.digest.clone()))
                })
                .map(|entry| format!("{} {}", module.address, entry.version))
        })
        .collect();
    let mut downloads_written = Vec::new();
    for (path, location) in missing_downloads {
        let document =
            serde_json::to_vec(&serde_json::json!({ "location": location })).expect("a JSON value serialises");
        if storage.write(&path, &document, Condition::Absent).map_err(PublishError::from)? == Written::Done {
            downloads_written.push(path);
        }
    }
    let bytes = index_bytes(&index);
    let unchanged = stored.as_ref().is_some_and(|stored| stored.bytes == bytes);
    if !unchanged
        && storage.write(INDEX_PATH, &bytes, Condition::still(stored.as_ref())).map_err(PublishError::from)?
            == Written::ConditionFailed
    {
        return Err(RepairError::Raced { location: storage.describe(INDEX_PATH) });
    }
    let versions = index.modules.iter().map(|module| module.versions.len()).sum();
    let modules: BTreeSet<ModuleAddress> = index.modules.iter().map(|module| module.address.clone()).collect();
    let named: BTreeSet<&ModuleAddress> = modules.iter().collect();
    let known: BTreeMap<String, &[u8]> =
        archives.iter().map(|(path, bytes)| (path.clone(), bytes.as_slice())).collect();
    site::settle(storage, index, Some(bytes), &named, &known)?;
    Ok(Repaired { versions, relisted, downloads_written })
}

fn mentions(problem: &Unprovable, archive: &str) -> bool {
    match problem {
        Unprovable::DigestDisputed { archive: path, .. }
        | Unprovable::Unconfirmed { archive: path, .. }
        | Unprovable::NoInterface { archive: path } => path == archive,
        _ => false,
    }
}

/// The interface in the `## Inputs` and `## Outputs` tables of a module README as Paved writes it
/// (`| \`name\` | description | \`type\` | default | yes/no | rules |` and
/// `| \`name\` | \`kind\` | description |`), and the `## Providers` table when there is one
/// (`| \`aws.alias\` | \`region\` | why |`); `None` when a table is missing or malformed.
pub(crate) fn interface_from_readme(readme: &str) -> Option<Interface> {
    let inputs = table(readme, "## Inputs")?
        .into_iter()
        .map(|cells| match cells.as_slice() {
            [name, description, type_name, _default, required, _rules] => Some(InterfaceInput {
                name: code(name)?,
                type_name: code(type_name)?,
                required: match required.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return None,
                },
                description: description.clone(),
                default: None,
                value_type: None,
            }),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let outputs = table(readme, "## Outputs")?
        .into_iter()
        .map(|cells| match cells.as_slice() {
            [name, kind, description] => {
                let (kind, shape) = kind_cell(kind)?;
                Some(InterfaceOutput {
                    name: code(name)?,
                    kind,
                    shape,
                    present_when: None,
                    description: description.clone(),
                })
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let provider_aliases = match table(readme, "## Providers") {
        None => Vec::new(),
        Some(rows) => rows
            .into_iter()
            .map(|cells| match cells.as_slice() {
                [configuration, region, _why] => Some(InterfaceProviderAlias {
                    alias: code(configuration)?.strip_prefix("aws.")?.to_owned(),
                    region: code(region)?,
                }),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?,
    };
    Some(Interface { inputs, outputs, resources: None, provider_aliases, rules: None })
}

/// The kind and shape of an output as the README's kind cell states them: `` `kind` ``, or
/// ``map of `kind`, keyed like `input` `` / ``list of `kind`, one per item of `input` ``, the key
/// part absent for keys Terraform computes.
fn kind_cell(cell: &str) -> Option<(String, InterfaceOutputShape)> {
    let collection = |rest: &str, keyed: &str| -> Option<(String, Option<String>)> {
        match rest.split_once(keyed) {
            Some((kind, input)) => Some((code(kind)?, Some(code(input)?))),
            None => Some((code(rest)?, None)),
        }
    };
    if let Some(rest) = cell.strip_prefix("map of ") {
        let (kind, keys) = collection(rest, ", keyed like ")?;
        return Some((kind, InterfaceOutputShape::Map(keys)));
    }
    if let Some(rest) = cell.strip_prefix("list of ") {
        let (kind, keys) = collection(rest, ", one per item of ")?;
        return Some((kind, InterfaceOutputShape::List(keys)));
    }
    Some((code(cell)?, InterfaceOutputShape::Single))
}

/// The body rows of the first Markdown table under `heading` (after any paragraph, before the
/// next heading), as unescaped cells.
fn table(readme: &str, heading: &str) -> Option<Vec<Vec<String>>> {
    let mut lines = readme.lines().skip_while(|line| line.trim_end() != heading).skip(1);
    let mut lines = lines.by_ref().skip_while(|line| !line.starts_with('|') && !line.starts_with("## "));
    let _header = lines.next().filter(|line| line.starts_with('|'))?;
    let _rule = lines.next().filter(|line| line.starts_with("|-") || line.starts_with("| -"))?;
    Some(lines.take_while(|line| line.starts_with('|')).map(cells).collect())
}

/// The cells of a table row: split at `|` not escaped as `\|`, trimmed, `\|` unescaped.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().strip_prefix('|').unwrap_or(row).strip_suffix('|').unwrap_or(row);
    let mut cells = vec![String::new()];
    let mut characters = inner.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' if characters.peek() == Some(&'|') => {
                characters.next();
                cells.last_mut().expect("one cell at least").push('|');
            }
            '|' => cells.push(String::new()),
            other => cells.last_mut().expect("one cell at least").push(other),
        }
    }
    cells.into_iter().map(|cell| cell.trim().to_owned()).collect()
}

/// The text of a cell that is one code span, `` `text` ``.
fn code(cell: &str) -> Option<String> {
    cell.strip_prefix('`')?.strip_suffix('`').filter(|text| !text.contains('`')).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_tables_read_back_as_the_interface() {
        let readme = "# x\n\n## Inputs\n\n| Name | Description | Type | Default | Required | Rules |\n|------|-------------|------|---------|:--------:|-------|\n| `name` | A \\| pipe. | `string` | n/a | yes | Must be set. |\n| `size` | How big. | `map(number)` | `{}` | no |  |\n\n## Outputs\n\n| Name | Kind | Description |\n|------|------|-------------|\n| `arn` | `iam-role-arn` | The ARN. |\n";
        let interface = interface_from_readme(readme).expect("parses");
        assert_eq!(interface.inputs.len(), 2);
        assert_eq!(interface.inputs[0].description, "A | pipe.");
        assert!(interface.inputs[0].required && !interface.inputs[1].required);
        assert_eq!(interface.inputs[1].type_name, "map(number)");
        assert_eq!(interface.outputs[0].kind, "iam-role-arn");
        assert_eq!(interface.outputs[0].shape, InterfaceOutputShape::Single);
        let map = Some(("sqs-queue-arn".to_owned(), InterfaceOutputShape::Map(Some("queues".into()))));
        assert_eq!(kind_cell("map of `sqs-queue-arn`, keyed like `queues`"), map);
        let list = Some(("sqs-queue-url".to_owned(), InterfaceOutputShape::List(None)));
        assert_eq!(kind_cell("list of `sqs-queue-url`"), list);
        let list = Some(("sqs-queue-url".to_owned(), InterfaceOutputShape::List(Some("queues".into()))));
        assert_eq!(kind_cell("list of `sqs-queue-url`, one per item of `queues`"), list);
        assert_eq!(kind_cell("map of sqs-queue-arn"), None);
        assert_eq!(interface_from_readme("# no tables\n"), None);
        assert!(interface.provider_aliases.is_empty());
        let with_providers = readme.replace(
            "## Inputs",
            "## Providers\n\nWhy.\n\n| Configuration | Region | Why |\n|---------------|--------|-----|\n| `aws.us_east_1` | `us-east-1` | CloudFront. |\n\n## Inputs",
        );
        let interface = interface_from_readme(&with_providers).expect("parses");
        assert_eq!(
            interface.provider_aliases,
            [InterfaceProviderAlias { alias: "us_east_1".into(), region: "us-east-1".into() }]
        );
        // The README Paved writes for a module needing an alias reads back with it.
        let emitted = include_str!("../../../tests/data/provider-aliases/golden/modules/cloudfront-alarms/README.md");
        let interface = interface_from_readme(emitted).expect("parses");
        assert_eq!(
            interface.provider_aliases,
            [InterfaceProviderAlias { alias: "us_east_1".into(), region: "us-east-1".into() }]
        );
        assert_eq!(interface.inputs.len(), 3);
    }
}
