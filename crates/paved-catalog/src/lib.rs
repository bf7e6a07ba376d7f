//! Catalogs of Paved blueprints: Paved's built-in blueprints, and the builder a platform team
//! makes its own catalog with.
//!
//! Module map:
//! - `builder`: [`CatalogBuilder`] and [`CatalogError`], the checks a catalog passes when it is built;
//! - `catalog`: [`Catalog`], blueprints by name with the registry namespace and module system
//!   they are published under, and [`UnknownBlueprint`];
//! - one module per built-in blueprint ([`baseline_lambda`], [`dynamodb_stream_processor`], [`event_bus`],
//!   [`s3_event_processor`], [`scheduled_lambda`], [`sns_fanout`], [`sqs_redrive`], [`step_functions_workflow`],
//!   [`sync_api_dynamodb`]): each is `blueprints/<name>/blueprint.rs` of this repository, declared
//!   below with `#[path]` so `cargo fmt` and clippy reach it like any other code. Its
//!   `main.tf.hbs` template, committed `inputs.schema.json` and `golden/` module live beside it.
//!
//! The built-in catalog is built with the same public builder a platform team uses:
//!
//! ```
//! use paved_catalog::Catalog;
//! let catalog = Catalog::builtin();
//! let baseline = catalog.get("baseline-lambda")?;
//! assert_eq!(baseline.version.major, 3);
//! assert_eq!((catalog.namespace(), catalog.system()), ("platform", "aws"));
//! assert!(catalog.get("baseline-lamda").unwrap_err().to_string().contains("did you mean `baseline-lambda`?"));
//!
//! // A platform team's catalog: the built-in blueprints under its own registry namespace.
//! let acme = Catalog::builder().with_builtin().namespace("acme").build()?;
//! assert_eq!(acme.namespace(), "acme");
//! assert_eq!(acme.iter().count(), catalog.iter().count());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Adding a built-in blueprint means adding its folder under `blueprints/`, a `#[path]` module
//! below and one `.add::<…>()` line in [`CatalogBuilder::with_builtin`]; the `declared` test
//! names the lines when a folder is missing from them.

mod builder;
mod catalog;

pub use builder::{CatalogBuilder, CatalogError, Origin};
pub use catalog::{Catalog, UnknownBlueprint};

/// The `baseline-lambda` blueprint (`blueprints/baseline-lambda/`).
#[path = "../../../blueprints/baseline-lambda/blueprint.rs"]
pub mod baseline_lambda;

/// The `dynamodb-stream-processor` blueprint (`blueprints/dynamodb-stream-processor/`).
#[path = "../../../blueprints/dynamodb-stream-processor/blueprint.rs"]
pub mod dynamodb_stream_processor;

/// The `event-bus` blueprint (`blueprints/event-bus/`).
#[path = "../../../blueprints/event-bus/blueprint.rs"]
pub mod event_bus;

/// The `s3-event-processor` blueprint (`blueprints/s3-event-processor/`).
#[path = "../../../blueprints/s3-event-processor/blueprint.rs"]
pub mod s3_event_processor;

/// The `scheduled-lambda` blueprint (`blueprints/scheduled-lambda/`).
#[path = "../../../blueprints/scheduled-lambda/blueprint.rs"]
pub mod scheduled_lambda;

/// The `sns-fanout` blueprint (`blueprints/sns-fanout/`).
#[path = "../../../blueprints/sns-fanout/blueprint.rs"]
pub mod sns_fanout;

/// The `sqs-redrive` blueprint (`blueprints/sqs-redrive/`).
#[path = "../../../blueprints/sqs-redrive/blueprint.rs"]
pub mod sqs_redrive;

/// The `step-functions-workflow` blueprint (`blueprints/step-functions-workflow/`).
#[path = "../../../blueprints/step-functions-workflow/blueprint.rs"]
pub mod step_functions_workflow;

/// The `sync-api-dynamodb` blueprint (`blueprints/sync-api-dynamodb/`).
#[path = "../../../blueprints/sync-api-dynamodb/blueprint.rs"]
pub mod sync_api_dynamodb;

/// The README's examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
