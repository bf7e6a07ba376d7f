//! [`CatalogBuilder`]: start empty or from Paved's built-in blueprints, add blueprints by type or
//! by definition, choose the registry namespace and module system, and [`build`](CatalogBuilder::build)
//! a [`Catalog`] that passed every check, or get a [`CatalogError`] naming the blueprint, the call
//! that added it and the fix.

use crate::catalog::Catalog;
use paved_blueprint::{Blueprint, Definition};
use std::fmt;
use std::sync::Arc;

/// Builds a [`Catalog`]; see [`Catalog::builder`].
///
/// ```
/// use paved_catalog::{Catalog, baseline_lambda::BaselineLambda};
/// // Only `baseline-lambda`, published as `acme/baseline-lambda/aws`.
/// let catalog = Catalog::builder().add::<BaselineLambda>().namespace("acme").build()?;
/// assert_eq!(catalog.iter().map(|definition| definition.name.as_str()).collect::<Vec<_>>(), ["baseline-lambda"]);
///
/// // Adding a blueprint the catalog already has is refused, naming both calls.
/// let error = Catalog::builder().with_builtin().add::<BaselineLambda>().build().unwrap_err();
/// assert!(error.to_string().starts_with("blueprint `baseline-lambda` is added twice"), "{error}");
/// # Ok::<(), paved_catalog::CatalogError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct CatalogBuilder {
    entries: Vec<Entry>,
    namespace: String,
    system: String,
    definitions_added: usize,
}

impl Default for CatalogBuilder {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            namespace: Catalog::DEFAULT_NAMESPACE.to_owned(),
            system: Catalog::DEFAULT_SYSTEM.to_owned(),
            definitions_added: 0,
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    definition: Definition,
    origin: Origin,
}

/// The builder call that added a blueprint, so an error can say where a blueprint came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// `with_builtin()`, which adds each of Paved's built-in blueprints by type, with its full
    /// type name.
    Builtin(&'static str),
    /// `add::<B>()`, with `B`'s full type name.
    Type(&'static str),
    /// The `position`-th call of `add_definition` (counting from 1).
    Definition {
        /// Which call.
        position: usize,
    },
}

impl Origin {
    /// Whether the blueprint is one of Paved's built-in ones (added by `with_builtin()`).
    pub fn is_builtin(&self) -> bool {
        matches!(self, Origin::Builtin(_))
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin(type_name) => write!(formatter, "`with_builtin()` (`{type_name}`)"),
            Origin::Type(type_name) => write!(formatter, "`add::<{type_name}>()`"),
            Origin::Definition { position } => write!(formatter, "`add_definition(…)` (call {position})"),
        }
    }
}

/// Why a catalog could not be built: each names the blueprint or value, the builder call it came
/// from, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The same blueprint was added twice.
    #[error(
        "blueprint `{name}` is added twice: by {first} and again by {second}; remove the second{hint}",
        hint = if first.is_builtin() { " (`with_builtin()` already adds Paved's built-in blueprints)" } else { "" }
    )]
    Duplicate {
        /// The blueprint's name.
        name: String,
        /// The call that added it first.
        first: Origin,
        /// The call that added it again.
        second: Origin,
    },
    /// Two different blueprints have the same name.
    #[error(
        "blueprint `{name}` added by {second} clashes with another `{name}`, added by {first}: \
         a name is a blueprint's registry address and what stack files write in `blueprint = \"…\"`, so it is unique \
         in a catalog; rename one of them, such as `{suggestion}`"
    )]
    Clash {
        /// The name both have.
        name: String,
        /// The call that added the first.
        first: Origin,
        /// The call that added the second.
        second: Origin,
        /// A free name for the second.
        suggestion: String,
    },
    /// A blueprint nests a blueprint the catalog does not have.
    #[error(
        "blueprint `{blueprint}` added by {origin} nests `{nested}` (line {line} of its main.tf template: \
         `source = \"./modules/{nested}\"`), which the catalog lacks; {help}"
    )]
    MissingNested {
        /// The nesting blueprint.
        blueprint: String,
        /// The call that added it.
        origin: Origin,
        /// The nested blueprint's name.
        nested: String,
        /// The template line of the `source`, counting from 1.
        line: usize,
        /// What to add, or the name it probably meant.
        help: String,
    },
    /// The registry namespace or the module system name cannot be part of a module address.
    #[error(
        "the {what} `{value}` given to `{call}(…)` is not a valid registry address part: it must be 1 to 64 \
         lowercase letters, digits, `-` or `_`, starting with a letter or digit (it becomes a path and URL \
         segment of `<namespace>/<blueprint>/<system>`){suggestion}",
        suggestion = match suggestion { Some(name) => format!("; such as `{name}`"), None => String::new() }
    )]
    AddressPart {
        /// `registry namespace` or `module system name`.
        what: &'static str,
        /// The builder method: `namespace` or `system`.
        call: &'static str,
        /// The value given.
        value: String,
        /// A valid value close to it.
        suggestion: Option<String>,
    },
}

impl CatalogBuilder {
    /// Adds Paved's built-in blueprints (`baseline-lambda`, `dynamodb-stream-processor`, `event-bus`,
    /// `s3-event-processor`, `scheduled-lambda`, `sns-fanout`, `sqs-redrive`, `step-functions-workflow`,
    /// `sync-api-dynamodb`), each with [`add`](Self::add) like any other.
    pub fn with_builtin(self) -> Self {
        self.add_builtin::<crate::baseline_lambda::BaselineLambda>()
            .add_builtin::<crate::event_bus::EventBus>()
            .add_builtin::<crate::s3_event_processor::S3EventProcessor>()
            .add_builtin::<crate::scheduled_lambda::ScheduledLambda>()
            .add_builtin::<crate::sqs_redrive::SqsRedrive>()
            .add_builtin::<crate::sns_fanout::SnsFanout>()
            .add_builtin::<crate::step_functions_workflow::StepFunctionsWorkflow>()
            .add_builtin::<crate::sync_api_dynamodb::SyncApiDynamodb>()
            .add_builtin::<crate::dynamodb_stream_processor::DynamodbStreamProcessor>()
    }

    /// Adds the blueprint `B`.
    pub fn add<B: Blueprint>(mut self) -> Self {
        self.entries.push(Entry { definition: B::definition(), origin: Origin::Type(std::any::type_name::<B>()) });
        self
    }

    /// [`add`](Self::add), remembering that `with_builtin()` asked for it.
    fn add_builtin<B: Blueprint>(mut self) -> Self {
        self.entries.push(Entry { definition: B::definition(), origin: Origin::Builtin(std::any::type_name::<B>()) });
        self
    }

    /// Adds a blueprint by its definition (one built at run time, for example).
    pub fn add_definition(mut self, definition: Definition) -> Self {
        self.definitions_added += 1;
        self.entries.push(Entry { definition, origin: Origin::Definition { position: self.definitions_added } });
        self
    }

    /// The registry namespace the catalog's modules are published under (default `platform`):
    /// `acme` publishes `acme/<blueprint>/<system>`.
    pub fn namespace(mut self, namespace: &str) -> Self {
        namespace.clone_into(&mut self.namespace);
        self
    }

    /// The module system name the catalog's modules are published under (default `aws`).
    pub fn system(mut self, system: &str) -> Self {
        system.clone_into(&mut self.system);
        self
    }

    /// Checks the catalog and builds it: the namespace and system are valid address parts, no
    /// blueprint is added twice, no two blueprints share a name, and every nested blueprint is in it.
    pub fn build(self) -> Result<Catalog, CatalogError> {
        check_address_part("registry namespace", "namespace", &self.namespace)?;
        check_address_part("module system name", "system", &self.system)?;
        let entries = unique(self.entries, &self.namespace)?;
        check_nested(&entries)?;
        let mut definitions: Vec<Definition> = entries.into_iter().map(|entry| entry.definition).collect();
        definitions.sort_by(|left, right| left.name.cmp(&right.name));
        Ok(Catalog { definitions: Arc::from(definitions), namespace: self.namespace, system: self.system })
    }
}

/// The registry's rule for one part of a module address.
fn is_address_part(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 64
        && part.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-' || character == '_'
        })
        && part.starts_with(|first: char| first.is_ascii_alphanumeric())
}

fn check_address_part(what: &'static str, call: &'static str, value: &str) -> Result<(), CatalogError> {
    if is_address_part(value) {
        return Ok(());
    }
    let sanitized: String = value
        .to_ascii_lowercase()
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() || character == '_' { character } else { '-' })
        .collect();
    let trimmed = sanitized.trim_matches(|character: char| !character.is_ascii_alphanumeric());
    let suggestion = Some(trimmed.chars().take(64).collect::<String>()).filter(|name| is_address_part(name));
    Err(CatalogError::AddressPart { what, call, value: value.to_owned(), suggestion })
}

/// The same blueprint: its name, version, inputs and template agree.
fn same_blueprint(left: &Definition, right: &Definition) -> bool {
    left.name == right.name
        && left.version == right.version
        && left.schema == right.schema
        && left.main_template == right.main_template
}

/// The entries, refusing a blueprint added twice and two blueprints with one name.
fn unique(entries: Vec<Entry>, namespace: &str) -> Result<Vec<Entry>, CatalogError> {
    let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = entry.definition.name.as_str();
        let Some(first) = kept.iter().find(|kept| kept.definition.name.as_str() == name) else {
            kept.push(entry);
            continue;
        };
        if first.origin == entry.origin || same_blueprint(&first.definition, &entry.definition) {
            return Err(CatalogError::Duplicate {
                name: name.to_owned(),
                first: first.origin.clone(),
                second: entry.origin,
            });
        }
        let taken = |candidate: &str| kept.iter().any(|kept| kept.definition.name.as_str() == candidate);
        let prefix = if namespace == Catalog::DEFAULT_NAMESPACE { "my" } else { namespace };
        let suggestion = std::iter::once(format!("{prefix}-{name}"))
            .chain((2..).map(|number| format!("{prefix}-{name}-{number}")))
            .find(|candidate| !taken(candidate))
            .unwrap_or_default();
        return Err(CatalogError::Clash {
            name: name.to_owned(),
            first: first.origin.clone(),
            second: entry.origin,
            suggestion,
        });
    }
    Ok(kept)
}

/// The blueprints a template nests, each with its line: every `"./modules/<name>"` source.
fn nested_sources(template: &str) -> Vec<(usize, &str)> {
    const PREFIX: &str = "\"./modules/";
    let mut found = Vec::new();
    for (index, line) in template.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find(PREFIX) {
            rest = &rest[start + PREFIX.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push((index + 1, &rest[..end]));
            rest = &rest[end..];
        }
    }
    found
}

fn check_nested(entries: &[Entry]) -> Result<(), CatalogError> {
    let names = || entries.iter().map(|entry| entry.definition.name.as_str());
    for entry in entries {
        for (line, nested) in nested_sources(entry.definition.main_template) {
            if names().any(|name| name == nested) {
                continue;
            }
            let builtin = CatalogBuilder::default().with_builtin();
            let help = if builtin.entries.iter().any(|builtin| builtin.definition.name.as_str() == nested) {
                format!("`{nested}` is one of Paved's built-in blueprints: add them with `.with_builtin()`")
            } else if let Some(close) = paved_blueprint::closest(nested, names()) {
                format!("did you mean `{close}`? (change the `source`), or add `{nested}` with `.add::<…>()`")
            } else {
                format!("add `{nested}` with `.add::<…>()` or `.add_definition(…)`")
            };
            return Err(CatalogError::MissingNested {
                blueprint: entry.definition.name.to_string(),
                origin: entry.origin.clone(),
                nested: nested.to_owned(),
                line,
                help,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_sources_are_found_with_their_lines() {
        let template = "module \"function\" {\n  source = \"./modules/baseline-lambda\"\n}\nmodule \"b\" { source = \"./modules/x\" }\n";
        assert_eq!(nested_sources(template), [(2, "baseline-lambda"), (4, "x")]);
        assert!(nested_sources("resource \"aws_sqs_queue\" \"this\" {}").is_empty());
    }

    #[test]
    fn address_parts_follow_the_registry_rule() {
        for good in ["acme", "platform", "aws", "a1", "acme_corp", "acme-corp", &"a".repeat(64)] {
            assert!(is_address_part(good), "{good}");
        }
        for bad in ["", "Acme", "acme/corp", "-acme", "acme.corp", "..", &"a".repeat(65)] {
            assert!(!is_address_part(bad), "{bad}");
        }
    }
}
