//! Where composition finds blueprints by name: a [`Catalog`], or any other set of definitions.

use paved_blueprint::Definition;
use paved_catalog::{Catalog, UnknownBlueprint};

/// A set of blueprints a stack is composed from, looked up by name.
///
/// [`Catalog`] is one; [`crate::Stack::compose_with`] takes any, such as the definitions a test
/// builds with [`Definition::build`].
pub trait Blueprints: std::fmt::Debug + Sync {
    /// The blueprint called `name`, or why there is none (with a suggestion).
    fn blueprint(&self, name: &str) -> Result<&Definition, UnknownBlueprint>;
}

impl Blueprints for Catalog {
    fn blueprint(&self, name: &str) -> Result<&Definition, UnknownBlueprint> {
        self.get(name)
    }
}
