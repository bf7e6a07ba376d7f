//! [`Catalog`]: a checked set of blueprints by name, with the registry namespace and module
//! system they are published under.

use crate::builder::CatalogBuilder;
use paved_blueprint::Definition;
use std::sync::{Arc, LazyLock};

/// A set of blueprints, by name, built and checked by [`CatalogBuilder`]: no two share a name,
/// and every blueprint a module nests is in it.
///
/// Cloning is cheap (the definitions are shared).
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) definitions: Arc<[Definition]>,
    pub(crate) namespace: String,
    pub(crate) system: String,
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
    /// The registry namespace a catalog publishes under unless its builder names another.
    pub const DEFAULT_NAMESPACE: &'static str = "platform";
    /// The module system name (the third part of `<namespace>/<name>/<system>`) unless its
    /// builder names another.
    pub const DEFAULT_SYSTEM: &'static str = "aws";

    /// An empty builder: add blueprints, choose the namespace and system, then
    /// [`build`](CatalogBuilder::build).
    pub fn builder() -> CatalogBuilder {
        CatalogBuilder::default()
    }

    /// Paved's built-in blueprints under the default namespace and system: the same catalog as
    /// `Catalog::builder().with_builtin().build()`.
    ///
    /// # Panics
    /// When the built-in blueprints do not form a valid catalog, which this crate's tests rule out.
    pub fn builtin() -> &'static Catalog {
        static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
            Catalog::builder()
                .with_builtin()
                .build()
                .unwrap_or_else(|error| panic!("the built-in catalog is valid: {error}"))
        });
        &CATALOG
    }

    /// Looks up a blueprint by name.
    pub fn get(&self, name: &str) -> Result<&Definition, UnknownBlueprint> {
        self.definitions.iter().find(|definition| definition.name.as_str() == name).ok_or_else(|| {
            let closest =
                paved_blueprint::closest(name, self.definitions.iter().map(|definition| definition.name.as_str()));
            let help = match closest {
                Some(close) => format!("did you mean `{close}`?"),
                None if self.definitions.is_empty() => "the catalog has no blueprints".to_owned(),
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

    /// The registry namespace the catalog's modules are published under (`platform` unless the
    /// builder named another): `<namespace>/<blueprint>/<system>`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The module system name the catalog's modules are published under (`aws` unless the
    /// builder named another).
    pub fn system(&self) -> &str {
        &self.system
    }
}
