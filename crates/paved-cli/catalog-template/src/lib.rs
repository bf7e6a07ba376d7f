//! {{org_title}}'s catalog: Paved's built-in blueprints plus {{org_title}}'s own, published under
//! `{{org}}/<blueprint>/aws`.
//!
//! Each of {{org_title}}'s blueprints is a folder under `blueprints/`: its definition
//! (`blueprint.rs`), its Terraform template (`main.tf.hbs`), its committed inputs schema
//! (`inputs.schema.json`) and its golden module (`golden/`). Adding one means adding a folder,
//! declaring its `blueprint.rs` as a module below and adding it to [`catalog`];
//! `tests/catalog.rs` fails for a folder the catalog does not hold.

use paved_catalog::Catalog;

#[path = "../blueprints/{{org}}-function/blueprint.rs"]
pub mod {{org_snake}}_function;

/// The catalog: Paved's built-in blueprints and {{org_title}}'s, published under the `{{org}}` namespace.
pub fn catalog() -> Catalog {
    Catalog::builder()
        .with_builtin()
        .namespace("{{org}}")
        .add::<{{org_snake}}_function::{{org_camel}}Function>()
        .build()
        .expect("the catalog is consistent: unique names, nested blueprints present")
}
