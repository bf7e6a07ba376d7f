//! Scaffolds service repositories: `paved new-service`.
//!
//! A service type is a folder of Handlebars templates kept with the catalog under
//! `blueprints/service-types/<type>/`, with a `service-type.toml` manifest listing its files, its
//! stack file and the blueprints that stack composes; `platform.toml` beside the folders holds the
//! platform's own values (registry, policy, teams) and the files every service gets. Templates are
//! read when `paved` runs, so a platform team changes them, or adds a type, without a rebuild.
//!
//! [`ServiceTemplates::scaffold`] fills a type's templates for a [`ServiceRequest`]: it renders the
//! stack file first and composes it with the catalog (a template that gives a broken stack is an
//! error, not a broken repository), then every other file. It returns
//! [`paved_module::ModuleFiles`], which [`paved_module::ModuleFiles::write_to`] writes atomically.
//!
//! Module map: `templates` (reading a templates directory or the built-in copy, manifests),
//! `scaffold` (requests, the template context, rendering and checks).

mod scaffold;
mod templates;

pub use scaffold::{Scaffold, ServiceRequest, parse_service_name};
pub use templates::{FileEntry, MANIFEST_FILE, PLATFORM_FILE, ServiceTemplates, ServiceType, TemplatesOrigin};

use paved_blueprint::{ServiceName, ValueError};
use std::path::PathBuf;

/// A service name that breaks the rule, with the valid name closest to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}{}", suggestion.as_ref().map(|name| format!("; did you mean `{name}`?")).unwrap_or_default())]
pub struct InvalidServiceName {
    /// The value and the rule it breaks.
    pub problem: ValueError,
    /// A valid name made from it, when one can be.
    pub suggestion: Option<ServiceName>,
}

/// Why a service could not be scaffolded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScaffoldError {
    /// A templates directory could not be read.
    #[error("cannot read the service templates at `{}`: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A manifest or template is wrong: a fix for the platform team that owns the templates.
    #[error("{file}: {problem}")]
    Templates {
        /// The file, as a path or a built-in template's name.
        file: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// No service type has this name.
    #[error("unknown service type `{name}` in {origin}; {help}")]
    UnknownType {
        /// The name asked for.
        name: String,
        /// Where the templates were read from.
        origin: String,
        /// A suggestion or the list of types.
        help: String,
    },
    /// The request contradicts itself or the platform's rules.
    #[error("{0}")]
    Request(String),
    /// The rendered stack file does not compose with the catalog.
    #[error(
        "the `{service_type}` templates give a stack file that does not compose; fix {template} (lines and columns are those of the rendered file):\n{error}"
    )]
    Stack {
        /// The service type.
        service_type: String,
        /// The stack file's template.
        template: String,
        /// Every problem, located in the rendered stack file.
        error: paved_stack::ComposeError,
    },
    /// Emitting the composed stack failed.
    #[error(transparent)]
    Emit(#[from] paved_module::EmitError),
}
