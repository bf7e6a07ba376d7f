//! Acme's catalog: Paved's built-in blueprints plus Acme's own, published under
//! `acme/<blueprint>/aws`.
//!
//! Each of Acme's blueprints is a folder under `blueprints/`: its definition
//! (`blueprint.rs`), its Terraform template (`main.tf.hbs`), its committed inputs schema
//! (`inputs.schema.json`) and its golden module (`golden/`). Adding one means adding a folder,
//! declaring its `blueprint.rs` as a module below and adding it to [`catalog`];
//! `tests/catalog.rs` fails for a folder the catalog does not hold.

use paved_catalog::Catalog;

#[path = "../blueprints/acme-function/blueprint.rs"]
pub mod acme_function;
#[path = "../blueprints/acme-private-bucket/blueprint.rs"]
pub mod acme_private_bucket;

/// The catalog: Paved's built-in blueprints and Acme's, published under the `acme` namespace.
pub fn catalog() -> Catalog {
    Catalog::builder()
        .with_builtin()
        .namespace("acme")
        .add::<acme_function::AcmeFunction>()
        .add::<acme_private_bucket::AcmePrivateBucket>()
        .build()
        .expect("the catalog is consistent: unique names, nested blueprints present")
}
