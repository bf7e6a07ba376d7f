//! What Paved's benchmark suite measures, and its report.
//!
//! The suite itself is `suite.rs` (`cargo bench -p paved-benches`); the comparison with the tools
//! users would pick instead is `peers/run.py`. This library holds what both need:
//! [`scale_stack`] (a stack file of any number of services, also printed by the `generate-stack`
//! binary), [`map_input_stack`] (one instance with a map input of any size), [`synthetic_release`] (module versions for publishing at scale), and [`report`]
//! (criterion's estimates as a Markdown table and SVG plots in `docs/benchmarks/`).
//!
//! Module map: `stacks` (generated stack files), `releases` (generated module versions),
//! `report` (estimates, table, plots).

mod releases;
pub mod report;
mod stacks;

pub use releases::{synthetic_files, synthetic_release};
pub use stacks::{map_input_stack, scale_stack};

use std::path::PathBuf;

/// The workspace root (the folder holding the workspace `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("benches/ is inside the workspace").to_owned()
}

/// Cargo's target folder: `$CARGO_TARGET_DIR` or `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}
