//! The stack: settings, environments and blueprint instances, built in Rust or read from a file.

use crate::diagnostic::SourceMap;
use paved_blueprint::{
    AwsRegion, Blueprint, EntityName, EnvironmentName, InstanceName, Lifecycle, RegistryNamespace, ResourceName, TagKey,
};
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
    /// Per-environment values, merged over `inputs` (objects key by key).
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

/// `overlay` merged over `base`: objects key by key (recursively), anything else replaced.
pub(crate) fn merge(base: &Value, overlay: &Value) -> Value {
    match (base, overlay) {
        (Value::Object(base), Value::Object(overlay))
            if paved_blueprint::reference_target(&Value::Object(overlay.clone())).is_none() =>
        {
            let mut merged = base.clone();
            for (key, value) in overlay {
                let combined = match base.get(key) {
                    Some(existing) => merge(existing, value),
                    None => value.clone(),
                };
                merged.insert(key.clone(), combined);
            }
            Value::Object(merged)
        }
        (_, overlay) => overlay.clone(),
    }
}
