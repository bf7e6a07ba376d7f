//! Stack files (TOML): reading them with the location of every value, and their JSON Schema.

use crate::compose::ComposeError;
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::stack::{Environment, InstanceSpec, ModuleSource, Stack, StackSettings};
use paved_blueprint::{AwsRegion, EntityName, EnvironmentName, Lifecycle, RegistryNamespace, ResourceName, TagKey};
use paved_catalog::Catalog;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
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
    /// The blueprint's inputs; `{ ref = "<instance>.<output>" }` wires another instance's output.
    #[serde(default)]
    pub inputs: Map<String, Value>,
    /// Inputs that differ in some environments, merged over `inputs`.
    #[serde(default)]
    pub environments: BTreeMap<String, OverrideTable>,
}

/// `[instances.<name>.environments.<environment>]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideTable {
    /// Inputs for this environment only.
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
    let mut map = SourceMap { file: path.to_owned(), text: text.to_owned(), spans: HashMap::new() };
    let fail = |map: &SourceMap, offset: Option<usize>, message: String, help: Option<String>| ComposeError {
        diagnostics: vec![Diagnostic { location: offset.map(|offset| map.location(offset)), message, help }],
    };

    let table = toml::de::DeTable::parse(text).map_err(|error| {
        let message = error.message().trim_end();
        let help = message
            .contains("duplicate key")
            .then(|| "a table or key may appear once; if this is an instance, give it a name of its own".to_owned());
        fail(&map, error.span().map(|span| span.start), format!("not valid TOML: {message}"), help)
    })?;
    collect_spans(table.get_ref(), &mut Vec::new(), &mut map.spans);

    let parsed: toml::Value = toml::from_str(text).map_err(|error| {
        fail(&map, error.span().map(|span| span.start), format!("not valid TOML: {}", error.message().trim_end()), None)
    })?;
    let json = to_json(&parsed, &mut Vec::new()).map_err(|(segments, message)| ComposeError {
        diagnostics: vec![Diagnostic { location: map.locate(&segments), message, help: None }],
    })?;

    let file: StackFile = serde_path_to_error::deserialize(json).map_err(|error| {
        let segments: Vec<String> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let shown = error.path().to_string();
        let message = if shown == "." { error.inner().to_string() } else { format!("`{shown}`: {}", error.inner()) };
        ComposeError { diagnostics: vec![Diagnostic { location: map.locate(&segments), message, help: None }] }
    })?;

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
    stack.source_map = Some(map);
    Ok(stack)
}

fn collect_spans(
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
    spans: &mut HashMap<String, std::ops::Range<usize>>,
) {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        let span = value.span();
        // Point at the key for tables (their span can start at a header elsewhere), at the value otherwise.
        let key_span = key.span();
        let start = if matches!(value.get_ref(), toml::de::DeValue::Table(_)) { key_span.start } else { span.start };
        spans.insert(path.join("/"), start..span.end.max(start));
        collect_value_spans(value.get_ref(), path, spans);
        path.pop();
    }
}

fn collect_value_spans(
    value: &toml::de::DeValue<'_>,
    path: &mut Vec<String>,
    spans: &mut HashMap<String, std::ops::Range<usize>>,
) {
    match value {
        toml::de::DeValue::Table(table) => collect_spans(table, path, spans),
        toml::de::DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                spans.insert(path.join("/"), item.span());
                collect_value_spans(item.get_ref(), path, spans);
                path.pop();
            }
        }
        _ => {}
    }
}

fn to_json(value: &toml::Value, path: &mut Vec<String>) -> Result<Value, (Vec<String>, String)> {
    Ok(match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => serde_json::Number::from_f64(*number)
            .map(Value::Number)
            .ok_or_else(|| (path.clone(), format!("`{number}` is not a finite number")))?,
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => {
            return Err((
                path.clone(),
                format!("`{datetime}` is a TOML date-time; inputs take strings, numbers, booleans, arrays and tables"),
            ));
        }
        toml::Value::Array(items) => {
            let mut converted = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                converted.push(to_json(item, path)?);
                path.pop();
            }
            Value::Array(converted)
        }
        toml::Value::Table(table) => {
            let mut converted = Map::new();
            for (key, item) in table {
                path.push(key.clone());
                converted.insert(key.clone(), to_json(item, path)?);
                path.pop();
            }
            Value::Object(converted)
        }
    })
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
                let sub: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                schema["$defs"][format!("{prefix}{name}")] = sub;
            }
        }
        if let Some(entries) = inputs.as_object_mut() {
            entries.remove("$schema");
        }
        let inputs: Value =
            serde_json::from_str(&inputs.to_string().replace("\"#/$defs/", &format!("\"#/$defs/{prefix}")))
                .unwrap_or(Value::Null);
        conditions.push(serde_json::json!({
            "if": { "properties": { "blueprint": { "const": definition.name.as_str() } }, "required": ["blueprint"] },
            "then": { "properties": { "inputs": inputs } },
        }));
    }
    let names: Vec<&str> = catalog.iter().map(|definition| definition.name.as_str()).collect();
    if let Some(instance) = schema.pointer_mut("/$defs/InstanceTable") {
        instance["properties"]["blueprint"]["enum"] = Value::from(names);
        instance["allOf"] = Value::Array(conditions);
    }
    schema
}
