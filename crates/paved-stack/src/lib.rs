//! Composition: stacks of blueprint instances, wired together, emitted as a root Terraform
//! configuration that an application team can `terraform init && terraform apply`.
//!
//! A [`Stack`] comes from Rust ([`Stack::add`], with compile-time typed wiring) or from a stack
//! file ([`read_stack_file`]). [`Stack::compose`] checks it against the catalog and returns a
//! [`Composition`] or every problem at once ([`ComposeError`], each [`Diagnostic`] with its file,
//! line and column); [`Composition::emit`] gives the files, which
//! [`paved_module::ModuleFiles::write_to`] writes atomically.
//!
//! Module map: `stack` (the model and Rust API), `file` (stack files and their schema), `file_value` (`{ file = "…" }`, a string input's text read from a file), `blueprints`
//! (where composition looks blueprints up),
//! `compose` (the checks), `indexed` (a reference against the shape and keys of the output it names), `reference_graph` (the graph Terraform orders, searched for a cycle), `tags` (which tags apply and their rules), `names` (every generated
//! Terraform name and the collision check), `providers` (the root's aliased provider configurations), `emit` (the root configuration), `diagnostic` (errors
//! with locations), `document` (TOML read with locations), `wired_function` (an event source against
//! the function wired into it).

mod compose;
mod diagnostic;
mod document;
mod emit;
mod file;
mod file_value;
mod indexed;
mod names;
mod providers;
mod reference_graph;
mod stack;
mod tags;
mod wired_function;

pub use compose::{ComposeError, ComposedInstance, Composition, FINOPS_TAGS};
pub use diagnostic::{Diagnostic, Location};
pub use document::Document;
pub use file::{
    EnvironmentTable, InstanceTable, OverrideTable, SourceTable, StackFile, StackTable, WaiverTable, parse_stack_file,
    read_stack_file, stack_file_schema,
};
pub use file_value::{FILE_KEY, MAX_FILE_VALUE_BYTES};
pub use stack::{Environment, ModuleSource, Stack, StackSettings, Waiver};
