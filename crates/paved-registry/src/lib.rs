//! A static Terraform module registry.
//!
//! Module map: `layout` (addresses, paths, digests), `archive` (deterministic archives),
//! `publish` (atomic, immutable, interface-checked publishing), `interface` (the typed
//! interface a version records: inputs at every depth, outputs, resource addresses), `compatibility`
//! (the semver check: each change of an interface, breaking, minor or patch), `resources` (the
//! resource and module addresses and `moved` blocks of an emitted module, read with hcl-rs), `site` (the files derived from
//! the index: each module's versions document, page and nginx map; discovery, the catalog page, the
//! CloudFront Function; the registry-wide header maps where present), `extract` (safe extraction),
//! `constraint` (Terraform version constraints), `client` (discover, resolve, download, verify),
//! `serve` (a small HTTP(S) server for local use and tests, bounded against slow or
//! hostile clients), `self_signed` (a throwaway CA and server certificate for it), `storage` (a local folder or an S3
//! bucket, with create-if-absent and replace-if-unchanged writes, and a listing), `integrity`
//! (`verify` a registry against its index, `repair` the index from the archives), `location` (`--registry`
//! locations and S3 endpoints).

mod archive;
mod client;
mod compatibility;
mod constraint;
mod extract;
mod integrity;
mod interface;
mod layout;
mod location;
mod publish;
mod resources;
mod self_signed;
mod serve;
mod site;
mod storage;

pub use archive::archive;
pub use client::{
    CertificateOrigin, Client, ClientError, ClientOptions, DownloadLocation, Fetched, MAX_ARCHIVE_BYTES,
    MAX_DOCUMENT_BYTES,
};
pub use compatibility::{Impact, InterfaceChange};
pub use constraint::{ConstraintError, VersionConstraint};
pub use extract::{ExtractError, Refusal, extract_archive};
pub use integrity::{Problem, RepairError, Repaired, Unprovable, Verification, repair, repair_with, verify};
pub use interface::{
    Attribute, DeclaredAddress, Interface, InterfaceInput, InterfaceOutput, InterfaceOutputShape,
    InterfaceProviderAlias, InterfaceRule, Moved, Repetition, Resources, ValueConstraint, ValueShape, ValueType,
};
pub use layout::{
    AddressError, DISCOVERY_PATH, Digest, DigestError, HEADERS_PATH, INDEX_PATH, MODULES_V1, ModuleAddress,
};
pub use location::{LocationError, ObjectStoreOptions, RegistryLocation};
pub use publish::{
    BreakingRelease, COMMIT_ATTEMPTS, IndexDisagreement, PublishError, PublishOutcome, Release, ReleaseError, publish,
    publish_many, publish_many_to, publish_to,
};
pub use resources::ResourcesError;
pub use self_signed::{SelfSigned, self_signed};
pub use serve::{ServeError, ServeLimits, ServeOptions, Server, serve};
pub use storage::{Condition, LocalDirectory, ObjectStorage, Storage, StorageError, Stored, Tag, Written};
