//! The built-in catalog of Paved blueprints.
//!
//! Every folder `blueprints/<name>/` holding a `blueprint.rs` is compiled in by `build.rs`: the
//! file defines the blueprint's typed inputs and a marker type named after the folder in
//! UpperCamelCase that implements [`paved_blueprint::Blueprint`]. Its `main.tf.hbs` template,
//! committed `inputs.schema.json` and `golden/` module live beside it.
//!
//! ```
//! let catalog = paved_catalog::Catalog::builtin();
//! let baseline = catalog.get("baseline-lambda")?;
//! assert_eq!(baseline.version.major, 2);
//! assert!(catalog.get("baseline-lamda").unwrap_err().to_string().contains("did you mean `baseline-lambda`?"));
//! # Ok::<(), paved_catalog::UnknownBlueprint>(())
//! ```

use paved_blueprint::Definition;
use std::path::PathBuf;
use std::sync::LazyLock;

mod generated {
    #![allow(missing_docs, unreachable_pub)]
    include!(concat!(env!("OUT_DIR"), "/blueprints.rs"));
}

pub use generated::*;

/// The README's examples, compiled and run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;

/// A set of blueprints, by name.
#[derive(Debug)]
pub struct Catalog {
    definitions: Vec<Definition>,
}

/// A blueprint name that is not in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown blueprint `{name}`; {help}")]
pub struct UnknownBlueprint {
    /// The name asked for.
    pub name: String,
    /// A suggestion or the list of names.
    pub help: String,
}

impl Catalog {
    /// The blueprints compiled into this build of Paved.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog { definitions: generated::definitions() });
        &CATALOG
    }

    /// Looks up a blueprint by name.
    pub fn get(&self, name: &str) -> Result<&Definition, UnknownBlueprint> {
        self.definitions.iter().find(|definition| definition.name.as_str() == name).ok_or_else(|| {
            let closest =
                paved_blueprint::closest(name, self.definitions.iter().map(|definition| definition.name.as_str()));
            let help = match closest {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the catalog has {} (run `paved blueprints` to list them)",
                    self.definitions
                        .iter()
                        .map(|definition| format!("`{}`", definition.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            UnknownBlueprint { name: name.to_owned(), help }
        })
    }

    /// Every blueprint, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Definition> {
        self.definitions.iter()
    }
}

/// The source folder of a built-in blueprint in this repository (`blueprints/<name>/`).
pub fn source_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../blueprints").join(name)
}
