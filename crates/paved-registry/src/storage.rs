//! Where a registry's files live: a local folder or an S3 bucket (through `object_store`), behind
//! one small interface with the two conditional writes publishing is built on:
//!
//! - **create if absent**, for files that never change once written (archives, download
//!   documents): a version can never be overwritten;
//! - **replace if unchanged**, for shared files (the index and the files derived from it): the
//!   write happens only if the file still holds what was read, so no publisher overwrites another's
//!   commit unseen.
//!
//! A local folder does the first with a no-clobber rename and the second under a short lock on
//! `.paved-publish.lock`; S3 does them with `If-None-Match: *` and `If-Match: <etag>`.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::{Attribute, Attributes, ObjectStore, PutMode, PutOptions, UpdateVersion};

use crate::layout::content_type;

/// Where a registry's files are stored. Paths are relative to the registry root and use `/`.
pub trait Storage: fmt::Debug + Send + Sync {
    /// Where `path` is, for messages: a file path or an `s3://` URL.
    fn describe(&self, path: &str) -> String;

    /// The file at `path` and its tag, or `None` when there is none.
    fn read(&self, path: &str) -> Result<Option<Stored>, StorageError>;

    /// Writes `bytes` at `path` if `condition` holds, atomically: readers see the old content or
    /// the new, never a part.
    fn write(&self, path: &str, bytes: &[u8], condition: Condition<'_>) -> Result<Written, StorageError>;

    /// Every file under the folder `prefix` (such as `archives/`, with its trailing `/`), as
    /// registry paths, sorted; none when the folder does not exist. Used to check a registry
    /// against its index (`paved registry verify`), never by a publish of an intact registry.
    fn list(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}

/// A file's content and the tag that identifies this content for a conditional write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The content.
    pub bytes: Vec<u8>,
    /// What a [`Condition::Unchanged`] write must match: the ETag on S3, the sha256 locally.
    pub tag: Tag,
}

/// An opaque version tag of a stored file (an ETag, or a digest of a local file).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag(String);

impl Tag {
    /// A tag with the given text (an ETag as the store returned it).
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The tag's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// When a write may happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition<'a> {
    /// Only if there is no file at the path (create if absent).
    Absent,
    /// Only if the file still has this tag (replace if unchanged).
    Unchanged(&'a Tag),
}

impl<'a> Condition<'a> {
    /// The condition that a file read as `stored` (or found absent) is still so.
    pub fn still(stored: Option<&'a Stored>) -> Self {
        stored.map_or(Self::Absent, |stored| Self::Unchanged(&stored.tag))
    }
}

/// What a conditional write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The condition held and the bytes are stored.
    Done,
    /// The condition did not hold (the file exists, or changed since it was read); nothing changed.
    ConditionFailed,
}

/// A storage operation that failed (a failed condition is not an error: see [`Written`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
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
    /// An object store request failed (after the store's own retries of transient failures).
    #[error("cannot {action} `{location}`: {source}{}", object_store_hint(source))]
    ObjectStore {
        /// What Paved was doing.
        action: &'static str,
        /// The object, as an `s3://` URL.
        location: String,
        /// The store's error.
        #[source]
        source: object_store::Error,
    },
}

fn object_store_hint(error: &object_store::Error) -> &'static str {
    match error {
        object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. } => {
            "; the store refused the credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN \
             for temporary ones) for an identity that may read and write the bucket"
        }
        object_store::Error::NotFound { .. } => {
            "; check that the bucket exists and the region (AWS_REGION) is its region"
        }
        _ => "",
    }
}

/// The registry in a local folder, as `paved registry serve` and any static host serve it.
#[derive(Debug, Clone)]
pub struct LocalDirectory {
    root: PathBuf,
}

impl LocalDirectory {
    /// The registry folder `root` (created on the first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` to a temporary file next to `path`, readable by everyone (a published site
    /// is read by web servers as other users), flushed to disk.
    fn stage(&self, path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, StorageError> {
        let folder = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(io("create", folder))?;
        let mut file = tempfile::Builder::new()
            .prefix(".paved-")
            .suffix(".tmp")
            .tempfile_in(folder)
            .map_err(io("create a temporary file in", folder))?;
        file.write_all(bytes).map_err(io("write", file.path()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(io("set permissions of", file.path()))?;
        }
        file.as_file().sync_all().map_err(io("flush", file.path()))?;
        Ok(file)
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> StorageError {
    let path = path.to_owned();
    move |source| StorageError::Io { action, path, source }
}

impl Storage for LocalDirectory {
    fn describe(&self, path: &str) -> String {
        self.root.join(path).display().to_string()
    }

    fn read(&self, path: &str) -> Result<Option<Stored>, StorageError> {
        let full = self.root.join(path);
        match std::fs::read(&full) {
            Ok(bytes) => {
                let tag = Tag(crate::layout::Digest::of(&bytes).hex().to_owned());
                Ok(Some(Stored { bytes, tag }))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(io("read", &full)(error)),
        }
    }

    fn write(&self, path: &str, bytes: &[u8], condition: Condition<'_>) -> Result<Written, StorageError> {
        let full = self.root.join(path);
        let staged = self.stage(&full, bytes)?;
        match condition {
            // A no-clobber rename is atomic: of two writers, one creates the file.
            Condition::Absent => match staged.persist_noclobber(&full) {
                Ok(_) => Ok(Written::Done),
                Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(Written::ConditionFailed),
                Err(error) => Err(io("create", &full)(error.error)),
            },
            // Compare and rename under the registry's lock, held only for that.
            Condition::Unchanged(expected) => {
                let lock_path = self.root.join(".paved-publish.lock");
                let lock = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock_path)
                    .map_err(io("open", &lock_path))?;
                lock.lock().map_err(io("lock", &lock_path))?;
                if self.read(path)?.map(|stored| stored.tag).as_ref() != Some(expected) {
                    return Ok(Written::ConditionFailed);
                }
                staged.persist(&full).map_err(|error| io("replace", &full)(error.error))?;
                Ok(Written::Done)
            }
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let mut found = Vec::new();
        let mut folders = vec![self.root.join(prefix)];
        while let Some(folder) = folders.pop() {
            let entries = match std::fs::read_dir(&folder) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(io("list", &folder)(error)),
            };
            for entry in entries {
                let entry = entry.map_err(io("list", &folder))?;
                let kind = entry.file_type().map_err(io("inspect", &entry.path()))?;
                if kind.is_dir() {
                    folders.push(entry.path());
                } else if let Ok(relative) = entry.path().strip_prefix(&self.root) {
                    let parts: Vec<String> =
                        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
                    found.push(parts.join("/"));
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// The registry under a prefix of an S3 bucket (or of any S3-compatible store), through
/// `object_store`. Each operation is one HTTP request (plus the store's retries of transient
/// failures): `read` a GET, `write` a conditional PUT with the file's content type.
#[derive(Debug)]
pub struct ObjectStorage {
    store: Arc<dyn ObjectStore>,
    bucket: String,
    prefix: String,
    runtime: tokio::runtime::Runtime,
}

impl ObjectStorage {
    /// The registry at `prefix` (no leading or trailing `/`; empty for the bucket's root) in
    /// `store`, which is the bucket `bucket` (for messages).
    pub fn new(store: Arc<dyn ObjectStore>, bucket: &str, prefix: &str) -> Result<Self, StorageError> {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|source| StorageError::Io {
                action: "start the I/O runtime for",
                path: PathBuf::from(format!("s3://{bucket}")),
                source,
            })?;
        Ok(Self { store, bucket: bucket.to_owned(), prefix: prefix.trim_matches('/').to_owned(), runtime })
    }

    fn key(&self, path: &str) -> object_store::path::Path {
        if self.prefix.is_empty() {
            object_store::path::Path::from(path)
        } else {
            object_store::path::Path::from(format!("{}/{path}", self.prefix))
        }
    }

    fn failure(&self, action: &'static str, path: &str) -> impl FnOnce(object_store::Error) -> StorageError {
        let location = self.describe(path);
        move |source| StorageError::ObjectStore { action, location, source }
    }
}

/// Archives and download documents never change; everything else is revalidated on each request.
fn cache_control(path: &str) -> &'static str {
    if path.starts_with("archives/") || path.ends_with("/download") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

impl Storage for ObjectStorage {
    fn describe(&self, path: &str) -> String {
        format!("s3://{}/{}", self.bucket, self.key(path))
    }

    fn read(&self, path: &str) -> Result<Option<Stored>, StorageError> {
        let key = self.key(path);
        self.runtime.block_on(async {
            let result = match self.store.get(&key).await {
                Ok(result) => result,
                Err(object_store::Error::NotFound { .. }) => return Ok(None),
                Err(error) => return Err(self.failure("read", path)(error)),
            };
            let tag = Tag(result.meta.e_tag.clone().unwrap_or_default());
            let bytes = result.bytes().await.map_err(self.failure("read", path))?;
            Ok(Some(Stored { bytes: bytes.to_vec(), tag }))
        })
    }

    fn write(&self, path: &str, bytes: &[u8], condition: Condition<'_>) -> Result<Written, StorageError> {
        let mode = match condition {
            Condition::Absent => PutMode::Create,
            Condition::Unchanged(tag) => {
                PutMode::Update(UpdateVersion { e_tag: Some(tag.as_str().to_owned()), version: None })
            }
        };
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type(path).into());
        attributes.insert(Attribute::CacheControl, cache_control(path).into());
        // S3 answers it as `x-amz-meta-terraform-get`, which the CloudFront Function turns into
        // `X-Terraform-Get`: the header map of a registry on S3 is its download documents.
        if let Some(location) = crate::layout::download_document_location(path, bytes) {
            attributes.insert(Attribute::Metadata(crate::site::LOCATION_METADATA.into()), location.into());
        }
        let options = PutOptions { mode, attributes, ..PutOptions::default() };
        let key = self.key(path);
        let payload = object_store::PutPayload::from(bytes.to_vec());
        match self.runtime.block_on(self.store.put_opts(&key, payload, options)) {
            Ok(_) => Ok(Written::Done),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => {
                Ok(Written::ConditionFailed)
            }
            Err(error) => Err(self.failure("write", path)(error)),
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let mut found = Vec::new();
        let mut folders = vec![self.key(prefix.trim_end_matches('/'))];
        let strip = if self.prefix.is_empty() { String::new() } else { format!("{}/", self.prefix) };
        while let Some(folder) = folders.pop() {
            let listing = self
                .runtime
                .block_on(self.store.list_with_delimiter(Some(&folder)))
                .map_err(self.failure("list", prefix))?;
            folders.extend(listing.common_prefixes);
            for object in listing.objects {
                let key = object.location.to_string();
                found.push(key.strip_prefix(&strip).unwrap_or(&key).to_owned());
            }
        }
        found.sort();
        Ok(found)
    }
}
