//! Stack files (TOML): reading them with the location of every value, and their JSON Schema.

use crate::compose::ComposeError;
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::document::Document;
use crate::file_value::{accept_file_values, file_value_schema, read_file_values};
use crate::stack::{Environment, InstanceSpec, ModuleSource, Stack, StackSettings, Waiver};
use paved_blueprint::{AwsRegion, EntityName, EnvironmentName, Lifecycle, RegistryNamespace, ResourceName, TagKey};
use paved_catalog::Catalog;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A stack file: `[stack]`, `[source]`, `[environments.<name>]` and `[instances.<name>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Paved stack file")]
pub struct StackFile {
    /// What the stack is and who owns it.
    pub stack: StackTable,
    /// Where module blocks take their modules from; vendored copies when absent.
    #[serde(default)]
    pub source: SourceTable,
    /// Deployment environments, each with its region and cost-allocation tag values.
    #[serde(default)]
    pub environments: BTreeMap<EnvironmentName, EnvironmentTable>,
    /// Blueprint instances, by name (the name becomes the Terraform module name).
    #[serde(default)]
    pub instances: BTreeMap<String, InstanceTable>,
    /// Written exceptions to organisation policy rules, each for one instance, each expiring.
    #[serde(default)]
    pub waivers: Vec<WaiverTable>,
}

/// `[[waivers]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverTable {
    /// The id of the waived policy rule.
    pub rule: String,
    /// The instance the waiver covers.
    pub instance: String,
    /// Why the exception is acceptable (required: a waiver without one is a violation).
    #[serde(default)]
    pub justification: String,
    /// The last day the waiver holds, as a TOML date (`2027-03-31`) or a `YYYY-MM-DD` string.
    #[serde(default)]
    pub expires: Option<String>,
}

/// `[stack]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StackTable {
    /// The service's name.
    pub name: ResourceName,
    /// One sentence about the service.
    #[serde(default)]
    pub description: String,
    /// The owning team (Backstage `spec.owner`).
    pub owner: EntityName,
    /// The system the service belongs to (Backstage `spec.system`).
    pub system: EntityName,
    /// Where the service is in its life.
    pub lifecycle: Lifecycle,
    /// Tags every environment must set besides `Environment`, `Department` and `Service`.
    #[serde(default)]
    pub required_tags: Vec<TagKey>,
}

/// `[source]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, tag = "mode", rename_all = "lowercase")]
pub enum SourceTable {
    /// Modules from a registry: `source = "<registry>/<blueprint>/aws"`, `version = "~> MAJOR.MINOR"`.
    Registry {
        /// Registry host and namespace, such as `registry.example.com/platform`.
        registry: RegistryNamespace,
    },
    /// Modules copied next to the stack under `modules/`.
    #[default]
    Vendored,
}

/// `[environments.<name>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentTable {
    /// The AWS region this environment deploys to.
    pub region: AwsRegion,
    /// Values of the provider's `default_tags` in this environment.
    #[serde(default)]
    pub tags: BTreeMap<TagKey, String>,
}

/// `[instances.<name>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceTable {
    /// The catalog blueprint this instance is made of.
    pub blueprint: String,
    /// The blueprint's inputs; `{ ref = "<instance>.<output>" }` wires another instance's output,
    /// `{ ref = "<instance>.<output>.<key>" }` one value of its map or list output, and
    /// `{ file = "<path>" }` gives a string input the text of a file (relative to the stack file).
    #[serde(default)]
    pub inputs: Map<String, Value>,
    /// Inputs that differ in some environments, merged over `inputs` at any depth: objects and
    /// maps key by key, a list element by element when keyed by index
    /// (`routes = { 1 = { timeout = 30 } }`).
    #[serde(default)]
    pub environments: BTreeMap<String, OverrideTable>,
}

/// `[instances.<name>.environments.<environment>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideTable {
    /// Inputs for this environment only, merged over the instance's: one map element by its key,
    /// one list element by a table keyed by its index (`0`, `1`, …, within the list's length), an
    /// array replacing the whole list.
    #[serde(default)]
    pub inputs: Map<String, Value>,
}

/// Reads and parses the stack file at `path`.
pub fn read_stack_file(path: &Path) -> Result<Stack, ComposeError> {
    let text = std::fs::read_to_string(path).map_err(|error| ComposeError {
        diagnostics: vec![Diagnostic {
            location: None,
            message: format!("cannot read the stack file `{}`: {error}", path.display()),
            help: None,
        }],
    })?;
    parse_stack_file(&text, path)
}

/// Parses stack file text; `path` is used for error locations.
pub fn parse_stack_file(text: &str, path: &Path) -> Result<Stack, ComposeError> {
    let fail = |diagnostic| ComposeError { diagnostics: vec![diagnostic] };
    let mut document = Document::parse(text, path, &["waivers"]).map_err(fail)?;
    let value = document.take_value();
    let mut file: StackFile = document.deserialize(value, &[]).map_err(fail)?;
    let map = document.map;
    read_instance_files(&mut file, &map)?;

    let settings = StackSettings {
        name: file.stack.name,
        description: file.stack.description,
        owner: file.stack.owner,
        system: file.stack.system,
        lifecycle: file.stack.lifecycle,
        required_tags: file.stack.required_tags,
        source: match file.source {
            SourceTable::Registry { registry } => ModuleSource::Registry(registry),
            SourceTable::Vendored => ModuleSource::Vendored,
        },
    };
    let mut stack = Stack::new(settings);
    for (name, environment) in file.environments {
        stack.environment(name, Environment { region: environment.region, tags: environment.tags });
    }
    for (name, instance) in file.instances {
        stack.instances.push(InstanceSpec {
            name,
            blueprint: instance.blueprint,
            inputs: Value::Object(instance.inputs),
            overrides: instance
                .environments
                .into_iter()
                .map(|(environment, table)| (environment, Value::Object(table.inputs)))
                .collect(),
        });
    }
    for waiver in file.waivers {
        stack.waive(Waiver {
            rule: waiver.rule,
            instance: waiver.instance,
            justification: waiver.justification,
            expires: waiver.expires,
        });
    }
    stack.source_map = Some(std::sync::Arc::new(map));
    Ok(stack)
}

/// Replaces each `{ file = "…" }` in instances' inputs and overrides by the file's text.
fn read_instance_files(file: &mut StackFile, map: &SourceMap) -> Result<(), ComposeError> {
    let mut diagnostics = Vec::new();
    for (name, instance) in &mut file.instances {
        let mut segments = vec!["instances".to_owned(), name.clone(), "inputs".to_owned()];
        for (input, value) in &mut instance.inputs {
            segments.push(input.clone());
            diagnostics.extend(read_file_values(value, &mut segments, map));
            segments.pop();
        }
        for (environment, table) in &mut instance.environments {
            let mut segments = vec![
                "instances".to_owned(),
                name.clone(),
                "environments".to_owned(),
                environment.clone(),
                "inputs".to_owned(),
            ];
            for (input, value) in &mut table.inputs {
                segments.push(input.clone());
                diagnostics.extend(read_file_values(value, &mut segments, map));
                segments.pop();
            }
        }
    }
    if diagnostics.is_empty() { Ok(()) } else { Err(ComposeError { diagnostics }) }
}

/// The JSON Schema of stack files, with each catalog blueprint's inputs schema applied to the
/// `inputs` of instances of that blueprint, so editors check inputs too.
pub fn stack_file_schema(catalog: &Catalog) -> Value {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<StackFile>()
        .to_value();
    let mut conditions = Vec::new();
    for definition in catalog.iter() {
        let prefix = format!("{}.", definition.name);
        let mut inputs = definition.schema.clone();
        if let Some(Value::Object(definitions)) = inputs.as_object_mut().and_then(|entries| entries.remove("$defs")) {
            for (name, sub) in definitions {
                let text = sub.to_string().replace("\"#/$defs/", &format!("\"#/$defs/{prefix}"));
                let mut sub: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                accept_file_values(&mut sub);
                schema["$defs"][format!("{prefix}{name}")] = sub;
            }
        }
        if let Some(entries) = inputs.as_object_mut() {
            entries.remove("$schema");
        }
        let mut inputs: Value =
            serde_json::from_str(&inputs.to_string().replace("\"#/$defs/", &format!("\"#/$defs/{prefix}")))
                .unwrap_or(Value::Null);
        accept_file_values(&mut inputs);
        conditions.push(serde_json::json!({
            "if": { "properties": { "blueprint": { "const": definition.name.as_str() } }, "required": ["blueprint"] },
            "then": { "properties": { "inputs": inputs } },
        }));
    }
    schema["$defs"]["FileValue"] = file_value_schema();
    let names: Vec<&str> = catalog.iter().map(|definition| definition.name.as_str()).collect();
    if let Some(instance) = schema.pointer_mut("/$defs/InstanceTable") {
        instance["properties"]["blueprint"]["enum"] = Value::from(names);
        instance["allOf"] = Value::Array(conditions);
    }
    schema
}
