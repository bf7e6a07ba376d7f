//! The stack: settings, environments and blueprint instances, built in Rust or read from a file.

use crate::diagnostic::SourceMap;
use paved_blueprint::{
    AwsRegion, Blueprint, EntityName, EnvironmentName, InstanceName, Lifecycle, RegistryNamespace, ResourceName, TagKey,
};
use paved_blueprint::{Field, InputPath, PathSegment, Shape, TypeNode};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where the stack's module blocks take their modules from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleSource {
    /// A module registry: `source = "<namespace>/<blueprint>/aws"` with `version = "~> MAJOR.MINOR"`.
    Registry(RegistryNamespace),
    /// Copies written next to the stack: `source = "./modules/<blueprint>"`, for teams without a registry.
    Vendored,
}

/// What the stack is and who owns it.
#[derive(Debug, Clone, PartialEq)]
pub struct StackSettings {
    /// The service's name; it is the Backstage component's name.
    pub name: ResourceName,
    /// One sentence about the service.
    pub description: String,
    /// The owning team (Backstage `spec.owner`).
    pub owner: EntityName,
    /// The system the service belongs to (Backstage `spec.system`).
    pub system: EntityName,
    /// Where the service is in its life.
    pub lifecycle: Lifecycle,
    /// Tags every environment must set, besides `Environment`, `Department` and `Service`.
    pub required_tags: Vec<TagKey>,
    /// Where modules come from.
    pub source: ModuleSource,
}

/// One deployment environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The AWS region it deploys to.
    pub region: AwsRegion,
    /// The values of the provider's `default_tags` in this environment.
    pub tags: BTreeMap<TagKey, String>,
}

/// One blueprint instance, as JSON inputs (references included).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InstanceSpec {
    pub(crate) name: String,
    pub(crate) blueprint: String,
    pub(crate) inputs: Value,
    /// Per-environment values, merged over `inputs` (objects and maps key by key, lists element by
    /// element when keyed by index).
    pub(crate) overrides: BTreeMap<String, Value>,
}

/// A stack of blueprint instances: what `paved compose` reads from a stack file, or what Rust
/// code builds with [`Stack::add`].
///
/// ```
/// use paved_blueprint::*;
/// use paved_catalog::baseline_lambda::{BaselineLambda, BaselineLambdaInputs, FunctionSettings};
/// use paved_catalog::sqs_redrive::{Consumer, SqsRedrive, SqsRedriveInputs};
/// use paved_stack::{Environment, ModuleSource, Stack, StackSettings};
///
/// let mut stack = Stack::new(StackSettings {
///     name: ResourceName::new("orders")?,
///     description: "Takes orders.".into(),
///     owner: EntityName::new("team-orders")?,
///     system: EntityName::new("commerce")?,
///     lifecycle: Lifecycle::Production,
///     required_tags: vec![],
///     source: ModuleSource::Vendored,
/// });
/// let tags = [("Environment", "development"), ("Department", "retail"), ("Service", "orders")]
///     .into_iter()
///     .map(|(key, value)| Ok((TagKey::new(key)?, value.to_owned())))
///     .collect::<Result<_, ValueError>>()?;
/// stack.environment(EnvironmentName::new("development")?, Environment { region: AwsRegion::new("eu-west-1")?, tags });
///
/// let worker = stack.add::<BaselineLambda>(InstanceName::new("worker")?, BaselineLambdaInputs {
///     function_name: FunctionName::new("orders-worker")?,
///     description: String::new(),
///     settings: FunctionSettings::new(PackagePath::new("build/worker.zip")?),
///     dead_letter_target_arn: None,
///     dead_letter_kms_key_arn: None,
///     service_name: None,
///     metrics_namespace: None,
/// });
/// let mut queue = SqsRedriveInputs::new(ResourceName::new("orders")?);
/// // Typed wiring: `worker.function_name` is a `Ref<kinds::FunctionName>`; passing
/// // `worker.role_arn` here would not compile.
/// queue.consumer = Some(Consumer::new(worker.function_name, worker.role_name));
/// stack.add::<SqsRedrive>(InstanceName::new("queue")?, queue);
///
/// let files = stack.compose(paved_catalog::Catalog::builtin())?.emit()?;
/// assert!(files.get("main.tf").unwrap().contains("function_name = module.worker.function_name"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stack {
    pub(crate) settings: Option<StackSettings>,
    pub(crate) environments: BTreeMap<String, Environment>,
    pub(crate) instances: Vec<InstanceSpec>,
    pub(crate) waivers: Vec<Waiver>,
    /// Shared with the stack's composition rather than copied: it holds the whole file's text
    /// and the span of every value in it.
    pub(crate) source_map: Option<std::sync::Arc<SourceMap>>,
}

/// A stack's written exception to one organisation policy rule for one instance.
///
/// Policies judge waivers too: one without a justification, without an expiry date, past its
/// expiry date, or for a rule the policy marks as not waivable is itself a violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The id of the waived rule, such as `ACME_LAMBDA_TIMEOUT`.
    pub rule: String,
    /// The instance the waiver covers.
    pub instance: String,
    /// Why the exception is acceptable, and until when or what.
    pub justification: String,
    /// The last day the waiver holds (`YYYY-MM-DD`, as written).
    pub expires: Option<String>,
}

impl Stack {
    /// An empty stack.
    pub fn new(settings: StackSettings) -> Self {
        Self { settings: Some(settings), ..Self::default() }
    }

    /// Changes where module blocks take their modules from (for example to compose one stack file
    /// both for a registry and vendored).
    pub fn set_source(&mut self, source: ModuleSource) -> &mut Self {
        if let Some(settings) = &mut self.settings {
            settings.source = source;
        }
        self
    }

    /// Records a waiver of a policy rule for one instance.
    pub fn waive(&mut self, waiver: Waiver) -> &mut Self {
        self.waivers.push(waiver);
        self
    }

    /// Declares (or replaces) an environment.
    pub fn environment(&mut self, name: EnvironmentName, environment: Environment) -> &mut Self {
        self.environments.insert(name.to_string(), environment);
        self
    }

    /// Adds an instance of blueprint `B` with the same inputs in every environment, and returns
    /// typed references to its outputs for wiring into later instances.
    pub fn add<B: Blueprint>(&mut self, name: InstanceName, inputs: B::Inputs) -> B::Outputs {
        self.add_per_environment::<B>(name, inputs, [])
    }

    /// Adds an instance of blueprint `B` whose inputs differ in some environments: `overrides`
    /// gives the whole inputs for each such environment.
    pub fn add_per_environment<B: Blueprint>(
        &mut self,
        name: InstanceName,
        inputs: B::Inputs,
        overrides: impl IntoIterator<Item = (EnvironmentName, B::Inputs)>,
    ) -> B::Outputs {
        let to_json = |inputs: &B::Inputs| serde_json::to_value(inputs).unwrap_or(Value::Null);
        self.instances.push(InstanceSpec {
            name: name.to_string(),
            blueprint: B::definition().name.to_string(),
            inputs: to_json(&inputs),
            overrides: overrides
                .into_iter()
                .map(|(environment, inputs)| (environment.to_string(), to_json(&inputs)))
                .collect(),
        });
        B::outputs(name.as_str())
    }
}

/// An environment's override that cannot be merged over the instance's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MergeError {
    /// A table of list elements names an index the list does not have.
    IndexOutOfRange {
        /// The overridden element.
        element: InputPath,
        /// How many items the list has.
        length: usize,
    },
    /// A table of list elements has a key that is not an index.
    NotAnIndex {
        /// The list.
        list: InputPath,
        /// The key, as written.
        key: String,
    },
}

impl MergeError {
    /// The plain segments of the overridden value, under the override's `inputs`.
    pub(crate) fn segments(&self) -> Vec<String> {
        match self {
            MergeError::IndexOutOfRange { element, .. } => element.plain_segments(),
            MergeError::NotAnIndex { list, key } => [list.plain_segments(), vec![key.clone()]].concat(),
        }
    }

    /// What is wrong and how to fix it.
    pub(crate) fn explain(&self) -> (String, String) {
        match self {
            MergeError::IndexOutOfRange { element, length } => {
                let mut list = element.clone();
                list.pop();
                let problem = match length {
                    0 => format!("overrides `{element}`, but the list `{list}` has no items"),
                    1 => format!("overrides `{element}`, but the list `{list}` has 1 item"),
                    _ => format!("overrides `{element}`, but the list `{list}` has {length} items"),
                };
                let help = match length {
                    0 => "set the whole list in this environment's `inputs` instead".to_owned(),
                    _ => format!(
                        "override an index from 0 to {}, or set the whole list in this environment's `inputs`",
                        length - 1
                    ),
                };
                (problem, help)
            }
            MergeError::NotAnIndex { list, key } => (
                format!("overrides `{key}` of the list `{list}`, which is not an index"),
                "key the elements of a list by their index (`0`, `1`, …), or set the whole list".to_owned(),
            ),
        }
    }
}

/// `overlay` merged over the inputs `base` of a blueprint with inputs `fields`: objects and maps
/// key by key (recursively), a list element by element when the overlay is a table keyed by
/// indices (`routes = { 1 = { timeout = 30 } }`), anything else replaced.
pub(crate) fn merge(fields: &[Field], base: &Value, overlay: &Value) -> Result<Value, MergeError> {
    merge_object(Attributes::Fields(fields), base, overlay, &mut InputPath::root())
}

/// What the keys of an object being merged are: attributes, map keys, or unknown to the interface.
#[derive(Clone, Copy)]
enum Attributes<'f> {
    Fields(&'f [Field]),
    Map(&'f TypeNode),
    Unknown,
}

impl<'f> Attributes<'f> {
    fn of(node: Option<&'f TypeNode>) -> Self {
        match node.map(|node| &node.shape) {
            Some(Shape::Object(fields)) => Attributes::Fields(fields),
            Some(Shape::Map(item)) => Attributes::Map(item),
            _ => Attributes::Unknown,
        }
    }

    fn child(self, key: &str) -> (PathSegment, Option<&'f TypeNode>) {
        match self {
            Attributes::Fields(fields) => (
                PathSegment::Field(key.to_owned()),
                fields.iter().find(|field| field.name == key).map(|field| &field.node),
            ),
            Attributes::Map(item) => (PathSegment::Key(key.to_owned()), Some(item)),
            Attributes::Unknown => (PathSegment::Field(key.to_owned()), None),
        }
    }
}

fn merge_value(
    node: Option<&TypeNode>,
    base: &Value,
    overlay: &Value,
    path: &mut InputPath,
) -> Result<Value, MergeError> {
    if paved_blueprint::reference_target(overlay).is_some() {
        return Ok(overlay.clone());
    }
    match (base, overlay) {
        (Value::Object(_), Value::Object(_)) => merge_object(Attributes::of(node), base, overlay, path),
        (Value::Array(items), Value::Object(elements)) => {
            let item_node = match node.map(|node| &node.shape) {
                Some(Shape::List(item)) => Some(item.as_ref()),
                _ => None,
            };
            merge_elements(item_node, items, elements, path)
        }
        (_, overlay) => Ok(overlay.clone()),
    }
}

fn merge_object(
    attributes: Attributes<'_>,
    base: &Value,
    overlay: &Value,
    path: &mut InputPath,
) -> Result<Value, MergeError> {
    let (Value::Object(base), Value::Object(overlay)) = (base, overlay) else { return Ok(overlay.clone()) };
    let mut merged = base.clone();
    for (key, value) in overlay {
        let (segment, node) = attributes.child(key);
        path.push(segment);
        let combined = match base.get(key) {
            Some(existing) => merge_value(node, existing, value, path)?,
            None => value.clone(),
        };
        path.pop();
        merged.insert(key.clone(), combined);
    }
    Ok(Value::Object(merged))
}

/// The list `items` with the elements `elements` (keyed by index) merged over theirs.
fn merge_elements(
    item_node: Option<&TypeNode>,
    items: &[Value],
    elements: &serde_json::Map<String, Value>,
    path: &mut InputPath,
) -> Result<Value, MergeError> {
    let mut merged = items.to_vec();
    for (key, value) in elements {
        let Ok(index) = key.parse::<usize>() else {
            return Err(MergeError::NotAnIndex { list: path.clone(), key: key.clone() });
        };
        let Some(existing) = items.get(index) else {
            return Err(MergeError::IndexOutOfRange { element: path.index(index), length: items.len() });
        };
        path.push(PathSegment::Index(index));
        merged[index] = merge_value(item_node, existing, value, path)?;
        path.pop();
    }
    Ok(Value::Array(merged))
}

#[cfg(test)]
mod tests {
    use super::{MergeError, merge};
    use paved_blueprint::{Field, InputPath};
    use serde_json::json;

    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Route {
        path: String,
        timeout: u32,
    }

    #[derive(serde::Serialize, schemars::JsonSchema)]
    struct Inputs {
        targets: std::collections::BTreeMap<String, Route>,
        routes: Vec<Route>,
    }

    fn fields() -> Vec<Field> {
        let schema =
            schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<Inputs>();
        Field::from_schema(&schema.to_value()).expect("readable")
    }

    fn base() -> serde_json::Value {
        json!({
            "targets": { "a": { "path": "/a", "timeout": 1 }, "b": { "path": "/b", "timeout": 2 } },
            "routes": [{ "path": "/x", "timeout": 3 }, { "path": "/y", "timeout": 4 }],
        })
    }

    #[test]
    fn one_map_element_and_one_list_element_are_merged_deeply() {
        let overlay = json!({ "targets": { "b": { "timeout": 20 } }, "routes": { "1": { "timeout": 40 } } });
        let merged = merge(&fields(), &base(), &overlay).expect("merges");
        assert_eq!(
            merged,
            json!({
                "targets": { "a": { "path": "/a", "timeout": 1 }, "b": { "path": "/b", "timeout": 20 } },
                "routes": [{ "path": "/x", "timeout": 3 }, { "path": "/y", "timeout": 40 }],
            })
        );
        // An array replaces the whole list.
        let replaced = merge(&fields(), &base(), &json!({ "routes": [] })).expect("merges");
        assert_eq!(replaced["routes"], json!([]));
    }

    #[test]
    fn an_index_out_of_range_or_not_an_index_is_refused_with_the_element() {
        let error = merge(&fields(), &base(), &json!({ "routes": { "2": { "timeout": 5 } } })).expect_err("refused");
        assert_eq!(
            error,
            MergeError::IndexOutOfRange { element: InputPath::root().field("routes").index(2), length: 2 }
        );
        assert_eq!(error.segments(), ["routes", "2"]);
        assert_eq!(error.explain().0, "overrides `routes[2]`, but the list `routes` has 2 items");
        let error = merge(&fields(), &base(), &json!({ "routes": { "last": {} } })).expect_err("refused");
        assert_eq!(error, MergeError::NotAnIndex { list: InputPath::root().field("routes"), key: "last".into() });
    }
}
