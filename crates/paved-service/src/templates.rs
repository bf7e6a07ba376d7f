//! The templates directory: `platform.toml` (the platform's own values and the files every service
//! gets) and one folder per service type holding its `service-type.toml` manifest and templates.

use crate::ScaffoldError;
use paved_blueprint::{RegistryNamespace, ServiceTypeName, TagKey};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in_templates.rs"));
}

/// The file of the templates directory holding the platform's values and shared files.
pub const PLATFORM_FILE: &str = "platform.toml";
/// The manifest of a service type, in the type's folder.
pub const MANIFEST_FILE: &str = "service-type.toml";

/// Where a set of templates was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatesOrigin {
    /// A directory on disk, read when `paved` runs.
    Directory(PathBuf),
    /// The copy of Paved's `blueprints/service-types/` compiled into the binary.
    BuiltIn,
}

impl TemplatesOrigin {
    /// How to name a file of these templates in a message.
    pub(crate) fn locate(&self, relative: &str) -> String {
        match self {
            TemplatesOrigin::Directory(root) => root.join(relative).display().to_string(),
            TemplatesOrigin::BuiltIn => format!("{relative} (built-in templates)"),
        }
    }
}

impl fmt::Display for TemplatesOrigin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplatesOrigin::Directory(root) => write!(formatter, "{}", root.display()),
            TemplatesOrigin::BuiltIn => formatter.write_str("the built-in templates"),
        }
    }
}

/// One file a service repository gets: a template rendered (or copied) to a path, or a file of the
/// composed stack copied to a path.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Where the file goes in the service repository, relative, with `/`; may hold Handlebars
    /// placeholders (`src/{{name}}.py`).
    pub path: String,
    /// The template, relative to the templates directory: rendered with Handlebars when its name
    /// ends in `.hbs`, copied as it is otherwise.
    #[serde(default)]
    pub template: Option<String>,
    /// Instead of a template, a file `paved compose` writes for the service's stack (such as
    /// `catalog-info.yaml`), so the repository holds exactly what the stack file says.
    #[serde(default)]
    pub composed: Option<String>,
}

/// A service type: its folder's manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceType {
    /// The folder's name, which `--type` selects.
    pub name: ServiceTypeName,
    /// One line about what the type builds.
    pub summary: String,
    /// The service description used when none is given (Handlebars, such as `The {{name}} HTTP API.`).
    pub description: String,
    /// The catalog blueprints its stack composes; checked against the rendered stack file.
    pub blueprints: Vec<String>,
    /// The stack file's template and path.
    pub stack: FileEntry,
    /// The type's own files, besides the platform's shared ones.
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    summary: String,
    description: String,
    blueprints: Vec<String>,
    stack: FileEntry,
    #[serde(default)]
    files: Vec<FileEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlatformFile {
    platform: Map<String, Value>,
    #[serde(default)]
    files: Vec<FileEntry>,
}

/// Every service type's templates, read into memory from a directory or from the built-in copy.
#[derive(Debug, Clone)]
pub struct ServiceTemplates {
    pub(crate) origin: TemplatesOrigin,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    /// The `[platform]` table of `platform.toml`, given to every template as `platform`.
    pub(crate) platform: Map<String, Value>,
    /// The registry modules come from unless the request names another (`platform.registry`).
    pub(crate) registry: RegistryNamespace,
    /// Tags every service sets, besides Paved's own (`platform.required_tags`).
    pub(crate) required_tags: Vec<TagKey>,
    /// Files every service gets.
    pub(crate) shared_files: Vec<FileEntry>,
    pub(crate) types: BTreeMap<String, ServiceType>,
}

impl ServiceTemplates {
    /// Reads the templates in `directory` (a folder laid out like `blueprints/service-types/`).
    pub fn load(directory: &Path) -> Result<Self, ScaffoldError> {
        let mut files = BTreeMap::new();
        let mut pending = vec![directory.to_owned()];
        let read_error = |path: &Path| {
            let path = path.to_owned();
            move |source| ScaffoldError::Read { path, source }
        };
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder).map_err(read_error(&folder))? {
                let path = entry.map_err(read_error(&folder))?.path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative =
                        path.strip_prefix(directory).expect("under the root").to_string_lossy().replace('\\', "/");
                    files.insert(relative, std::fs::read(&path).map_err(read_error(&path))?);
                }
            }
        }
        Self::from_files(TemplatesOrigin::Directory(directory.to_owned()), files)
    }

    /// The templates compiled into this build of Paved: a copy of `blueprints/service-types/`
    /// made by the build script, so an installed binary needs no source tree. What
    /// `paved new-service` uses without `--templates`.
    pub fn built_in() -> Result<Self, ScaffoldError> {
        let files = built_in::BUILT_IN.iter().map(|(path, content)| ((*path).to_owned(), content.to_vec())).collect();
        Self::from_files(TemplatesOrigin::BuiltIn, files)
    }

    fn from_files(origin: TemplatesOrigin, files: BTreeMap<String, Vec<u8>>) -> Result<Self, ScaffoldError> {
        let problem = |file: &str, problem: String| ScaffoldError::Templates { file: origin.locate(file), problem };
        let text = |file: &str| -> Result<&str, ScaffoldError> {
            let bytes = files.get(file).ok_or_else(|| {
                problem(
                    file,
                    "is missing; a templates directory holds `platform.toml` and one folder per service type".into(),
                )
            })?;
            std::str::from_utf8(bytes).map_err(|_| problem(file, "is not UTF-8 text".into()))
        };
        let platform_text = text(PLATFORM_FILE)?;
        let platform: PlatformFile = toml::from_str(platform_text)
            .map_err(|error| problem(PLATFORM_FILE, toml_problem(platform_text, &error)))?;
        let registry = platform
            .platform
            .get("registry")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                problem(PLATFORM_FILE, "`[platform]` has no `registry`; set the registry services take modules from, such as `registry = \"registry.example.com/platform\"`".into())
            })
            .and_then(|registry| {
                RegistryNamespace::new(registry).map_err(|error| problem(PLATFORM_FILE, format!("`platform.registry`: {error}")))
            })?;
        let required_tags = match platform.platform.get("required_tags") {
            None => Vec::new(),
            Some(Value::Array(tags)) => tags
                .iter()
                .map(|tag| {
                    let tag = tag.as_str().unwrap_or_default();
                    TagKey::new(tag)
                        .map_err(|error| problem(PLATFORM_FILE, format!("`platform.required_tags`: {error}")))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(problem(
                    PLATFORM_FILE,
                    "`platform.required_tags` is a list of tag keys, such as `[\"CostCenter\"]`".into(),
                ));
            }
        };

        let mut types = BTreeMap::new();
        let manifests = files.keys().filter_map(|path| path.strip_suffix(&format!("/{MANIFEST_FILE}")));
        for folder in manifests.filter(|folder| !folder.contains('/')) {
            let manifest_path = format!("{folder}/{MANIFEST_FILE}");
            let name = ServiceTypeName::new(folder)
                .map_err(|error| problem(&manifest_path, format!("the folder's name is the type's name: {error}")))?;
            let manifest_text = text(&manifest_path)?;
            let manifest: ManifestFile = toml::from_str(manifest_text)
                .map_err(|error| problem(&manifest_path, toml_problem(manifest_text, &error)))?;
            let service_type = ServiceType {
                name,
                summary: manifest.summary,
                description: manifest.description,
                blueprints: manifest.blueprints,
                stack: manifest.stack,
                files: manifest.files,
            };
            types.insert(folder.to_owned(), service_type);
        }
        if types.is_empty() {
            return Err(problem(
                "",
                format!("holds no service type; add a folder with a `{MANIFEST_FILE}` (see docs/golden-path.md)"),
            ));
        }

        let templates = ServiceTemplates {
            origin,
            files,
            platform: platform.platform,
            registry,
            required_tags,
            shared_files: platform.files,
            types,
        };
        templates.check_entries()?;
        Ok(templates)
    }

    /// Every file entry names exactly one source, and every template exists.
    fn check_entries(&self) -> Result<(), ScaffoldError> {
        let shared = self.shared_files.iter().map(|entry| (PLATFORM_FILE.to_owned(), entry));
        let own = self.types.iter().flat_map(|(folder, service_type)| {
            let manifest = format!("{folder}/{MANIFEST_FILE}");
            std::iter::once(&service_type.stack).chain(&service_type.files).map(move |entry| (manifest.clone(), entry))
        });
        for (manifest, entry) in shared.chain(own) {
            let problem =
                |text: String| ScaffoldError::Templates { file: self.origin.locate(&manifest), problem: text };
            match (&entry.template, &entry.composed) {
                (Some(template), None) if !self.files.contains_key(template) => {
                    return Err(problem(format!(
                        "the file `{}` names the template `{template}`, which is not in the templates directory",
                        entry.path
                    )));
                }
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(problem(format!(
                        "the file `{}` needs exactly one of `template` (a template file) or `composed` (a file of the composed stack)",
                        entry.path
                    )));
                }
            }
        }
        Ok(())
    }

    /// Where these templates come from.
    pub fn origin(&self) -> &TemplatesOrigin {
        &self.origin
    }

    /// Every service type, by name.
    pub fn types(&self) -> impl Iterator<Item = &ServiceType> {
        self.types.values()
    }

    /// The service type named `name`, or an error suggesting the closest one.
    pub fn service_type(&self, name: &str) -> Result<&ServiceType, ScaffoldError> {
        self.types.get(name).ok_or_else(|| {
            let help = match paved_blueprint::closest(name, self.types.keys().map(String::as_str)) {
                Some(close) => format!("did you mean `{close}`?"),
                None => {
                    let names: Vec<String> = self.types.keys().map(|name| format!("`{name}`")).collect();
                    format!("the types are {}", names.join(", "))
                }
            };
            ScaffoldError::UnknownType { name: name.to_owned(), origin: self.origin.to_string(), help }
        })
    }

    /// The registry services take modules from unless told otherwise (`platform.registry`).
    pub fn registry(&self) -> &RegistryNamespace {
        &self.registry
    }
}

/// A TOML error's message, after its line and column in `text`.
fn toml_problem(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_copy_is_byte_for_byte_blueprints_service_types() {
        let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../blueprints/service-types");
        let on_disk = ServiceTemplates::load(&directory).expect("the templates load");
        let built_in = ServiceTemplates::built_in().expect("the built-in templates load");
        assert_eq!(built_in.origin, TemplatesOrigin::BuiltIn);
        assert_eq!(
            built_in.files.keys().collect::<Vec<_>>(),
            on_disk.files.keys().collect::<Vec<_>>(),
            "the built-in templates have other files than blueprints/service-types/; rebuild"
        );
        for (path, content) in &on_disk.files {
            assert!(built_in.files[path] == *content, "{path} differs from blueprints/service-types/{path}; rebuild");
        }
    }
}
