//! Filling a service type's templates for one service: the stack file first (checked by composing
//! it), then every other file, with the composed instances in reach.

use crate::templates::{FileEntry, ServiceTemplates, ServiceType};
use crate::{InvalidServiceName, ScaffoldError};
use paved_blueprint::{EntityName, Lifecycle, OneLine, ServiceName, TagKey};
use paved_catalog::Catalog;
use paved_module::ModuleFiles;
use paved_stack::{FINOPS_TAGS, ModuleSource};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

/// The folder of partials, in the templates directory and in a service type's folder.
const PARTIALS: &str = "partials";

/// What `paved new-service` is asked to make.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRequest {
    /// The service's name: the repository, the stack and the Backstage component.
    pub name: ServiceName,
    /// The service type: a folder of the templates (`rest-api`, `queue-worker`, `scheduled-job`, `event-consumer`).
    pub service_type: String,
    /// The owning team (Backstage `spec.owner`, CODEOWNERS).
    pub owner: EntityName,
    /// The Backstage system; the service's name when `None`.
    pub system: Option<EntityName>,
    /// Where the service is in its life.
    pub lifecycle: Lifecycle,
    /// One sentence about the service; the type's default when `None`.
    pub description: Option<OneLine>,
    /// The `Department` cost-allocation tag; the owner when `None`.
    pub department: Option<EntityName>,
    /// More cost-allocation tags, required in every environment with these values.
    pub tags: BTreeMap<TagKey, OneLine>,
    /// Where the stack takes its modules from; the platform's registry (`platform.registry` of the
    /// templates) when `None`.
    pub source: Option<ModuleSource>,
}

impl ServiceRequest {
    /// A request with the defaults: experimental, its own system, the owner's department, no
    /// further tags, modules from the platform's registry.
    pub fn new(name: ServiceName, service_type: impl Into<String>, owner: EntityName) -> Self {
        Self {
            name,
            service_type: service_type.into(),
            owner,
            system: None,
            lifecycle: Lifecycle::Experimental,
            description: None,
            department: None,
            tags: BTreeMap::new(),
            source: None,
        }
    }
}

/// A scaffolded service repository, not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// Every file, by path in the repository.
    pub files: ModuleFiles,
    /// What Paved chose that the developer should know (such as a tag value it defaulted).
    pub notes: Vec<String>,
}

/// Checks a service name, suggesting a valid one when it is not.
///
/// ```
/// let error = paved_service::parse_service_name("Payment_Gateway").unwrap_err();
/// assert!(error.to_string().ends_with("did you mean `payment-gateway`?"));
/// ```
pub fn parse_service_name(text: &str) -> Result<ServiceName, InvalidServiceName> {
    ServiceName::new(text).map_err(|problem| InvalidServiceName { problem, suggestion: ServiceName::suggest(text) })
}

impl ServiceTemplates {
    /// The files of a new service repository, checked: the rendered stack file composes with
    /// `catalog` and uses the blueprints the type's manifest lists; every path stays inside the
    /// repository. Nothing is written; [`ModuleFiles::write_to`] writes the result atomically.
    pub fn scaffold(&self, request: &ServiceRequest, catalog: &Catalog) -> Result<Scaffold, ScaffoldError> {
        let service_type = self.service_type(&request.service_type)?;
        let engine = self.engine(service_type)?;
        let (mut context, notes) = self.context(request, service_type, &engine)?;

        let stack_path = self.render_path(&engine, &service_type.stack, &context)?;
        context["stack_path"] = Value::from(stack_path.as_str());
        let stack_text = self.render_entry(&engine, &service_type.stack, &context)?;
        let composition = paved_stack::parse_stack_file(&stack_text, Path::new(&stack_path))
            .and_then(|stack| stack.compose(catalog))
            .map_err(|error| ScaffoldError::Stack {
                service_type: service_type.name.to_string(),
                template: self.origin.locate(service_type.stack.template.as_deref().unwrap_or_default()),
                error,
            })?;
        let composed = composition.emit()?;

        let used: BTreeSet<&str> =
            composition.instances().iter().map(|instance| instance.definition().name.as_str()).collect();
        let listed: BTreeSet<&str> = service_type.blueprints.iter().map(String::as_str).collect();
        if used != listed {
            return Err(ScaffoldError::Templates {
                file: self.origin.locate(&format!("{}/{}", service_type.name, crate::MANIFEST_FILE)),
                problem: format!(
                    "`blueprints` lists {} but the stack file composes {}; make them agree",
                    backticked(&listed),
                    backticked(&used)
                ),
            });
        }
        context["instances"] = composition
            .instances()
            .iter()
            .map(|instance| {
                let definition = instance.definition();
                json!({
                    "name": instance.name(),
                    "blueprint": definition.name.as_str(),
                    "version": definition.version.to_string(),
                    "constraint": format!("~> {}.{}", definition.version.major, definition.version.minor),
                    "summary": definition.summary,
                })
            })
            .collect();

        let mut files = ModuleFiles::default();
        files.insert(&stack_path, stack_text);
        for entry in self.shared_files.iter().chain(&service_type.files) {
            let path = self.render_path(&engine, entry, &context)?;
            if files.get(&path).is_some() {
                return Err(self.entry_problem(entry, format!("the path `{path}` is given to two files")));
            }
            let content = match &entry.composed {
                Some(name) => composed.get(name).map(str::to_owned).ok_or_else(|| {
                    let names: Vec<&str> =
                        composed.iter().map(|(path, _)| path).filter(|path| !path.contains('/')).collect();
                    self.entry_problem(
                        entry,
                        format!("`paved compose` writes no `{name}`; it writes {}", names.join(", ")),
                    )
                })?,
                None => self.render_entry(&engine, entry, &context)?,
            };
            files.insert(&path, content);
        }
        Ok(Scaffold { files, notes })
    }

    /// The Handlebars engine of one service type's templates: strict, no HTML escaping, helpers
    /// that quote a value for the file it lands in (`{{toml x}}`, a TOML string; `{{json x}}`, a
    /// JSON string, also a YAML double-quoted scalar and a Python string literal), and the partials
    /// `partials/<name>.hbs` of the templates, where `<type>/partials/<name>.hbs` wins.
    fn engine(&self, service_type: &ServiceType) -> Result<handlebars::Handlebars<'static>, ScaffoldError> {
        handlebars::handlebars_helper!(toml_string: |text: str| toml::Value::String(text.to_owned()).to_string());
        handlebars::handlebars_helper!(json_string: |value: Json| serde_json::to_string(value).unwrap_or_default());
        let mut engine = paved_module::text_template_engine();
        engine.register_helper("toml", Box::new(toml_string));
        engine.register_helper("json", Box::new(json_string));
        let own = format!("{}/{PARTIALS}", service_type.name);
        for folder in [PARTIALS, own.as_str()] {
            for (path, bytes) in self.files.range(format!("{folder}/")..) {
                let Some(name) = path.strip_prefix(&format!("{folder}/")) else { break };
                let Some(name) = name.strip_suffix(".hbs").filter(|name| !name.contains('/')) else { continue };
                let text = std::str::from_utf8(bytes).map_err(|_| self.problem(path, "is not UTF-8 text".into()))?;
                engine.register_partial(name, text).map_err(|error| self.problem(path, error.to_string()))?;
            }
        }
        Ok(engine)
    }

    /// The values every template sees.
    fn context(
        &self,
        request: &ServiceRequest,
        service_type: &ServiceType,
        engine: &handlebars::Handlebars<'static>,
    ) -> Result<(Value, Vec<String>), ScaffoldError> {
        for key in request.tags.keys() {
            if FINOPS_TAGS.contains(&key.as_str()) {
                return Err(ScaffoldError::Request(format!(
                    "the tag `{key}` is set by Paved in every environment; drop it (use --department for `Department`)"
                )));
            }
        }
        let name = request.name.as_str();
        let department = request.department.as_ref().unwrap_or(&request.owner).as_str();
        let mut tags = request.tags.clone();
        let mut notes = Vec::new();
        for key in &self.required_tags {
            if !tags.contains_key(key) {
                tags.insert(key.clone(), OneLine::new(department).expect("an entity name is one line"));
                notes.push(format!(
                    "the platform requires the tag `{key}`; it is `{department}` (the Department) in every environment: \
                     pass --tag {key}=<value> or change it in the stack file"
                ));
            }
        }
        let source = match &request.source {
            Some(ModuleSource::Vendored) => json!({ "vendored": true }),
            Some(ModuleSource::Registry(registry)) => json!({ "vendored": false, "registry": registry.as_str() }),
            None => json!({ "vendored": false, "registry": self.registry.as_str() }),
        };
        let mut context = json!({
            "name": name,
            "python_name": name.replace('-', "_"),
            "type": { "name": service_type.name.as_str(), "summary": service_type.summary },
            "owner": request.owner.as_str(),
            "system": request.system.as_ref().map_or(name, EntityName::as_str),
            "lifecycle": request.lifecycle.as_str(),
            "department": department,
            "tags": tags.iter().map(|(key, value)| json!({ "key": key.as_str(), "value": value.as_str() })).collect::<Vec<_>>(),
            "source": source,
            "platform": self.platform,
            "paved_version": env!("CARGO_PKG_VERSION"),
        });
        let description = match &request.description {
            Some(description) => description.clone(),
            None => {
                let manifest = format!("{}/{}", service_type.name, crate::MANIFEST_FILE);
                let rendered = engine
                    .render_template(&service_type.description, &context)
                    .map_err(|error| self.problem(&manifest, format!("`description`: {error}")))?;
                OneLine::new(rendered).map_err(|error| self.problem(&manifest, format!("`description`: {error}")))?
            }
        };
        context["description"] = Value::from(description.as_str());
        Ok((context, notes))
    }

    /// An entry's path, rendered and checked to stay inside the repository.
    fn render_path(
        &self,
        engine: &handlebars::Handlebars<'static>,
        entry: &FileEntry,
        context: &Value,
    ) -> Result<String, ScaffoldError> {
        let path = engine
            .render_template(&entry.path, context)
            .map_err(|error| self.entry_problem(entry, format!("the path `{}`: {error}", entry.path)))?;
        let inside = !path.is_empty()
            && !path.contains('\\')
            && Path::new(&path).components().all(|component| matches!(component, Component::Normal(_)));
        if !inside {
            return Err(self.entry_problem(
                entry,
                format!("the path `{path}` leaves the repository; give a relative path with `/` and no `..`"),
            ));
        }
        Ok(path)
    }

    /// A template entry's content: rendered when its name ends in `.hbs`, copied otherwise.
    fn render_entry(
        &self,
        engine: &handlebars::Handlebars<'static>,
        entry: &FileEntry,
        context: &Value,
    ) -> Result<String, ScaffoldError> {
        let template = entry.template.as_deref().expect("entries were checked to name a template or a composed file");
        let bytes = &self.files[template];
        let text = std::str::from_utf8(bytes).map_err(|_| self.problem(template, "is not UTF-8 text".to_owned()))?;
        if !template.ends_with(".hbs") {
            return Ok(text.to_owned());
        }
        engine.render_template(text, context).map_err(|error| self.problem(template, render_problem(&error)))
    }

    fn problem(&self, file: &str, problem: String) -> ScaffoldError {
        ScaffoldError::Templates { file: self.origin.locate(file), problem }
    }

    fn entry_problem(&self, entry: &FileEntry, problem: String) -> ScaffoldError {
        let file = entry.template.as_deref().or(entry.composed.as_deref()).unwrap_or(entry.path.as_str());
        self.problem(file, problem)
    }
}

/// A rendering error: where in the template, and what.
fn render_problem(error: &handlebars::RenderError) -> String {
    match (error.line_no, error.column_no) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: {}", error.reason()),
        _ => error.reason().to_string(),
    }
}

fn backticked(names: &BTreeSet<&str>) -> String {
    let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    if names.is_empty() { "nothing".to_owned() } else { names.join(", ") }
}
