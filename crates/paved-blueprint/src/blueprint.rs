//! Blueprints: typed inputs, typed outputs, a Terraform template, a version.

use crate::interface::{Field, SchemaError, Shape};
use crate::traverse::rebuild_objects;
use crate::validate::{InputError, InputErrors, validate_with_rules};
use crate::{AliasedProvider, BlueprintName, KeySource, OutputShape, ValueKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A blueprint known to Rust by its inputs type.
///
/// Implemented by each catalog blueprint; [`Blueprint::definition`] gives the data every other
/// part of Paved works with.
pub trait Blueprint {
    /// The blueprint's inputs: a struct whose serde attributes and schemars constraints are the
    /// one statement of every input rule.
    type Inputs: Serialize + DeserializeOwned + schemars::JsonSchema;

    /// Typed references to the outputs of one instance (declared with [`crate::outputs!`]).
    type Outputs;

    /// References to the outputs of instance `instance`, to wire into other instances' inputs.
    fn outputs(instance: &str) -> Self::Outputs;

    /// The blueprint's definition.
    fn definition() -> Definition;
}

/// One output of a blueprint module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Output {
    /// The output's name in `outputs.tf`.
    pub name: &'static str,
    /// What the value is (each value, for a map or list output), for wiring and for readers.
    pub kind: ValueKind,
    /// One value, or a map or list of values of [`Output::kind`] and where their keys come from.
    #[serde(skip_serializing_if = "OutputShape::is_single")]
    pub shape: OutputShape,
    /// One sentence for the README and `outputs.tf`.
    pub description: &'static str,
    /// The HCL expression the module returns, such as `aws_lambda_function.this.arn`.
    pub value: &'static str,
    /// The top-level input that must be set (not null) for the output to have a value, such as
    /// `stream_view_type` for a table's stream ARN; `None` when it always has one. Composition
    /// refuses a reference to the output from an instance that leaves the input null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub present_when: Option<&'static str>,
}

/// Everything Paved knows about one blueprint at one version.
#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    /// The catalog name, such as `baseline-lambda`.
    pub name: BlueprintName,
    /// The released version; any change to what the blueprint emits needs a new one.
    pub version: semver::Version,
    /// One line for catalog listings.
    pub summary: &'static str,
    /// A paragraph for the module README.
    pub description: &'static str,
    /// Markdown for the module README's "On AWS" section: the AWS constraints the blueprint
    /// enforces and where, the key policies a customer-managed key needs, why defaults are what
    /// they are. Empty for none.
    pub notes: &'static str,
    /// The JSON Schema of the inputs, as schemars generates it from the inputs type.
    pub schema: Value,
    /// The inputs, read from the schema.
    pub inputs: Vec<Field>,
    /// The rules across the top-level inputs (nested objects carry theirs as constraints).
    pub rules: Vec<crate::Rule>,
    /// The outputs.
    pub outputs: Vec<Output>,
    /// The inputs used by the module's `examples/basic` (a valid value of the inputs type).
    pub example: Value,
    /// The aliased `aws` provider configurations the module needs from its caller (such as
    /// `aws.us_east_1`), in the order declared; empty for a module that uses only the default
    /// provider. Declared with [`Definition::with_provider_alias`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provider_aliases: Vec<AliasedProvider>,
    /// The blueprint's own checks of its inputs, beyond what the schema and rules state, in the
    /// order declared. Declared with [`Definition::with_check`]; [`Definition::validate`] runs them.
    #[serde(skip)]
    pub checks: Vec<InputCheck>,
    /// The `main.tf` template (Handlebars over HCL).
    #[serde(skip)]
    pub main_template: &'static str,
}

/// A blueprint's own check of a JSON object of inputs, for what no schema constraint or [`Rule`]
/// can state (a definition document against the resources it names). It is given inputs that
/// already satisfy the schema and the rules, so it may rely on their shape; a wired value (a
/// reference, `{ "ref": "…" }`) stands where a value is wirable, and is not known yet. It returns
/// every problem, each at the path of the input it is about, or nothing.
///
/// [`Rule`]: crate::Rule
pub type InputCheck = fn(&Value) -> Vec<InputError>;

/// A blueprint whose definition is inconsistent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DefinitionError {
    /// The inputs type uses a construct blueprint inputs cannot express.
    #[error("blueprint `{blueprint}`: {source}")]
    Schema {
        /// The blueprint.
        blueprint: String,
        /// What is unsupported.
        #[source]
        source: SchemaError,
    },
    /// The example inputs do not validate.
    #[error("blueprint `{blueprint}`: its example inputs are invalid:\n{source}")]
    Example {
        /// The blueprint.
        blueprint: String,
        /// Why.
        #[source]
        source: InputErrors,
    },
    /// The same provider alias is declared twice.
    #[error(
        "blueprint `{blueprint}` declares the provider alias `aws.{alias}` twice; declare each alias once, with the region it is pinned to"
    )]
    DuplicateProviderAlias {
        /// The blueprint.
        blueprint: String,
        /// The alias.
        alias: String,
    },
    /// A map or list output's keys come from an input that is not a top-level map (or list) input.
    #[error(
        "blueprint `{blueprint}`: the output `{output}` takes its keys from the input `{input}`, {problem}; \
         name a top-level {expected} input in `keys from`, or leave it out when Terraform computes the keys"
    )]
    OutputKeys {
        /// The blueprint.
        blueprint: String,
        /// The output.
        output: &'static str,
        /// The input it names.
        input: &'static str,
        /// What is wrong with it.
        problem: &'static str,
        /// `map` or `list`.
        expected: &'static str,
    },
    /// An output present only when an input is set names an input that is not a top-level
    /// input that may be null.
    #[error(
        "blueprint `{blueprint}`: the output `{output}` is present only when the input `{input}` is set, {problem}; \
         name a top-level input that may be null in `when … is set`, or leave it out when the output always has a value"
    )]
    OutputPresence {
        /// The blueprint.
        blueprint: String,
        /// The output.
        output: &'static str,
        /// The input it names.
        input: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The example could not be serialised.
    #[error("blueprint `{blueprint}`: its example inputs cannot be serialised: {source}")]
    Serialize {
        /// The blueprint.
        blueprint: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}

/// The parts of a definition a blueprint states by hand; the rest is derived.
pub struct Parts<I> {
    /// The catalog name.
    pub name: &'static str,
    /// The released version.
    pub version: &'static str,
    /// One line for catalog listings.
    pub summary: &'static str,
    /// A paragraph for the module README.
    pub description: &'static str,
    /// Markdown for the module README's "On AWS" section (see [`Definition::notes`]).
    pub notes: &'static str,
    /// The outputs.
    pub outputs: Vec<Output>,
    /// Example inputs.
    pub example: I,
    /// The `main.tf` template.
    pub main_template: &'static str,
}

impl Definition {
    /// Builds a definition from its hand-written parts, deriving the schema and interface from `I`.
    ///
    /// # Panics
    /// When `parts.name` or `parts.version` is malformed: both are constants written in the
    /// blueprint's source, and the catalog tests build every definition.
    pub fn build<I: Serialize + schemars::JsonSchema>(parts: Parts<I>) -> Result<Self, DefinitionError> {
        let name = BlueprintName::new(parts.name).expect("a blueprint's name constant is a valid blueprint name");
        // Tags such as `v1.2.3` are accepted and normalised.
        let version = parts.version.strip_prefix('v').unwrap_or(parts.version);
        let version = semver::Version::parse(version).expect("a blueprint's version constant is semver");
        let schema = inputs_schema::<I>(&name, &version, parts.summary);
        let (inputs, rules) = Field::with_rules_from_schema(&schema)
            .map_err(|source| DefinitionError::Schema { blueprint: name.to_string(), source })?;
        let example = serde_json::to_value(&parts.example)
            .map_err(|source| DefinitionError::Serialize { blueprint: name.to_string(), source })?;
        let example = without_defaults(&inputs, example);
        validate_with_rules(&inputs, &rules, &example)
            .map_err(|source| DefinitionError::Example { blueprint: name.to_string(), source })?;
        for output in &parts.outputs {
            check_output_keys(&name, &inputs, output)?;
            check_output_presence(&name, &inputs, output)?;
        }
        Ok(Self {
            name,
            version,
            summary: parts.summary,
            description: parts.description,
            notes: parts.notes,
            schema,
            inputs,
            rules,
            outputs: parts.outputs,
            example,
            provider_aliases: Vec::new(),
            checks: Vec::new(),
            main_template: parts.main_template,
        })
    }

    /// This definition with one more aliased `aws` provider configuration its module needs from
    /// its caller: the template refers to it as `aws.<alias>` (`provider = aws.us_east_1`, or in
    /// a nested module's `providers`), and everything a caller reads is derived from it (the
    /// module's `configuration_aliases`, its example and README, the composed root's providers).
    ///
    /// ```
    /// # use paved_blueprint::{AliasedProvider, Definition, Parts};
    /// #[derive(serde::Serialize, schemars::JsonSchema)]
    /// struct Inputs {
    ///     /// The certificate's domain.
    ///     domain_name: String,
    /// }
    /// let definition = Definition::build(Parts {
    ///     name: "edge-certificate", version: "1.0.0", summary: "Demo.", description: "Demo.", notes: "",
    ///     outputs: vec![], example: Inputs { domain_name: "example.com".into() }, main_template: "",
    /// })?
    /// .with_provider_alias(AliasedProvider::pinned(
    ///     "us_east_1",
    ///     "us-east-1",
    ///     "CloudFront uses ACM certificates only from us-east-1.",
    /// ))?;
    /// assert_eq!(definition.provider_aliases[0].reference(), "aws.us_east_1");
    /// let twice = definition.with_provider_alias(AliasedProvider::pinned("us_east_1", "us-east-1", "Again."));
    /// assert!(twice.unwrap_err().to_string().contains("declares the provider alias `aws.us_east_1` twice"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_provider_alias(mut self, provider: AliasedProvider) -> Result<Self, DefinitionError> {
        if self.provider_alias(provider.alias.as_str()).is_some() {
            return Err(DefinitionError::DuplicateProviderAlias {
                blueprint: self.name.to_string(),
                alias: provider.alias.to_string(),
            });
        }
        self.provider_aliases.push(provider);
        Ok(self)
    }

    /// This definition with one more check of its inputs (see [`InputCheck`]), run by
    /// [`Definition::validate`] after the schema and the rules, so a composed stack, a Rust stack
    /// and `paved` all refuse what it refuses. The example inputs must pass it.
    ///
    /// ```
    /// # use paved_blueprint::{Definition, InputError, InputPath, Parts};
    /// #[derive(serde::Serialize, schemars::JsonSchema)]
    /// struct Inputs {
    ///     /// A JSON document.
    ///     document: String,
    /// }
    /// fn document_is_json(inputs: &serde_json::Value) -> Vec<InputError> {
    ///     let text = inputs["document"].as_str().unwrap_or("{}");
    ///     match serde_json::from_str::<serde_json::Value>(text) {
    ///         Ok(_) => Vec::new(),
    ///         Err(error) => vec![InputError::at(&InputPath::root().field("document"), format!("is not JSON: {error}"), None)],
    ///     }
    /// }
    /// let definition = Definition::build(Parts {
    ///     name: "demo", version: "1.0.0", summary: "Demo.", description: "Demo.", notes: "",
    ///     outputs: vec![], example: Inputs { document: "{}".into() }, main_template: "",
    /// })?
    /// .with_check(document_is_json)?;
    /// let error = definition.validate(&serde_json::json!({"document": "{"})).unwrap_err();
    /// assert!(error.to_string().starts_with("input `document` is not JSON: EOF"), "{error}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_check(mut self, check: InputCheck) -> Result<Self, DefinitionError> {
        let errors = check(&self.example);
        if !errors.is_empty() {
            return Err(DefinitionError::Example { blueprint: self.name.to_string(), source: InputErrors(errors) });
        }
        self.checks.push(check);
        Ok(self)
    }

    /// Looks up a provider alias the module needs by name (`us_east_1`).
    pub fn provider_alias(&self, alias: &str) -> Option<&AliasedProvider> {
        self.provider_aliases.iter().find(|provider| provider.alias.as_str() == alias)
    }

    /// Checks a JSON object of inputs, reporting every problem with its path, value and rule.
    ///
    /// ```
    /// # use paved_blueprint::{Definition, Parts};
    /// #[derive(serde::Serialize, schemars::JsonSchema)]
    /// struct Inputs {
    ///     /// Memory in MB.
    ///     #[schemars(range(min = 128, max = 10240))]
    ///     memory_size: u32,
    /// }
    /// let definition = Definition::build(Parts {
    ///     name: "demo", version: "1.0.0", summary: "Demo.", description: "Demo.", notes: "",
    ///     outputs: vec![], example: Inputs { memory_size: 256 }, main_template: "",
    /// })?;
    /// let error = definition.validate(&serde_json::json!({"memory_size": 64})).unwrap_err();
    /// assert_eq!(error.to_string(), "input `memory_size` = `64` must be between 128 and 10240");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The blueprint's own checks ([`Definition::with_check`]) run once the schema and the rules
    /// hold, so they see inputs of the expected shape.
    pub fn validate(&self, inputs: &Value) -> Result<(), InputErrors> {
        validate_with_rules(&self.inputs, &self.rules, inputs)?;
        let errors: Vec<InputError> = self.checks.iter().flat_map(|check| check(inputs)).collect();
        if errors.is_empty() { Ok(()) } else { Err(InputErrors(errors)) }
    }

    /// Checks typed inputs (the constraints a type cannot enforce: ranges, lengths, items).
    pub fn validate_typed<I: Serialize>(&self, inputs: &I) -> Result<Value, InputErrors> {
        let value = serde_json::to_value(inputs).map_err(|error| {
            InputErrors(vec![crate::InputError {
                path: "(inputs)".into(),
                segments: Vec::new(),
                value: None,
                problem: format!("cannot be serialised: {error}"),
                help: None,
            }])
        })?;
        self.validate(&value)?;
        Ok(value)
    }

    /// Looks up an output by name.
    pub fn output(&self, name: &str) -> Option<&Output> {
        self.outputs.iter().find(|output| output.name == name)
    }
}

/// Checks that a map (list) output keyed like an input names a top-level map (list) input.
fn check_output_keys(blueprint: &BlueprintName, inputs: &[Field], output: &Output) -> Result<(), DefinitionError> {
    let (input, expected) = match output.shape {
        OutputShape::Map(KeySource::Input(input)) => (input, "map"),
        OutputShape::List(KeySource::Input(input)) => (input, "list"),
        _ => return Ok(()),
    };
    let problem = match inputs.iter().find(|field| field.name == input).map(|field| &field.node.shape) {
        None => "which the blueprint does not have",
        Some(Shape::Map(_)) if expected == "map" => return Ok(()),
        Some(Shape::List(_)) if expected == "list" => return Ok(()),
        Some(_) => "which is not one",
    };
    Err(DefinitionError::OutputKeys { blueprint: blueprint.to_string(), output: output.name, input, problem, expected })
}

/// Checks that an output present only when an input is set names a top-level input that may be null.
fn check_output_presence(blueprint: &BlueprintName, inputs: &[Field], output: &Output) -> Result<(), DefinitionError> {
    let Some(input) = output.present_when else { return Ok(()) };
    let problem = match inputs.iter().find(|field| field.name == input) {
        None => "which the blueprint does not have",
        Some(field) if field.node.nullable => return Ok(()),
        Some(_) => "which cannot be null",
    };
    Err(DefinitionError::OutputPresence { blueprint: blueprint.to_string(), output: output.name, input, problem })
}

/// Whether `output` has a value for an instance with `inputs` (defaults filled in or not: an
/// absent input counts as its default).
///
/// ```
/// # use paved_blueprint::{Definition, Parts, output_present};
/// paved_blueprint::outputs! {
///     /// Outputs of a table.
///     pub struct TableOutputs {
///         /// ARN of the table's stream; null when the stream is off.
///         stream_arn: paved_blueprint::kinds::TableStreamArn = "aws_dynamodb_table.this.stream_arn" when stream_view_type is set,
///     }
/// }
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Inputs {
///     /// What the stream records; no stream when null.
///     #[serde(default)]
///     stream_view_type: Option<String>,
/// }
/// let definition = Definition::build(Parts {
///     name: "table", version: "1.0.0", summary: "Demo.", description: "Demo.", notes: "",
///     outputs: TableOutputs::declarations(), example: Inputs { stream_view_type: None }, main_template: "",
/// })?;
/// let output = definition.output("stream_arn").expect("declared");
/// assert!(!output_present(&definition, output, &serde_json::json!({})));
/// assert!(output_present(&definition, output, &serde_json::json!({ "stream_view_type": "KEYS_ONLY" })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn output_present(definition: &Definition, output: &Output, inputs: &Value) -> bool {
    let Some(input) = output.present_when else { return true };
    let given = inputs.get(input).cloned();
    let default = || definition.inputs.iter().find(|field| field.name == input).and_then(|field| field.default.clone());
    given.or_else(default).is_some_and(|value| !value.is_null())
}

/// Removes values equal to their defaults at any depth (attributes of objects, also inside list
/// items and map values), so examples and stacks show only what they choose, whether they were
/// written in a file or built from typed Rust values.
///
/// ```
/// use paved_blueprint::{Field, without_defaults};
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Route { #[serde(default = "thirty")] timeout: u32 }
/// fn thirty() -> u32 { 30 }
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Inputs { routes: Vec<Route> }
/// let fields = Field::from_schema(&schemars::schema_for!(Inputs).to_value())?;
/// let written = serde_json::json!({ "routes": [{ "timeout": 30 }, { "timeout": 10 }] });
/// assert_eq!(without_defaults(&fields, written), serde_json::json!({ "routes": [{}, { "timeout": 10 }] }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn without_defaults(fields: &[Field], value: Value) -> Value {
    let Value::Object(entries) = value else { return value };
    let mut kept = serde_json::Map::new();
    for (name, item) in entries {
        match fields.iter().find(|field| field.name == name) {
            Some(field) if field.default.as_ref() == Some(&item) => {}
            Some(field) => {
                kept.insert(name, rebuild_objects(&field.node, item, without_defaults));
            }
            None => {
                kept.insert(name, item);
            }
        }
    }
    Value::Object(kept)
}

/// Fills in every absent input with its default at any depth (attributes of objects, also inside
/// list items and map values): the values a module really gets, which is what policies judge.
///
/// ```
/// use paved_blueprint::{Field, with_defaults};
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Function { #[serde(default = "memory")] memory_size: u32 }
/// fn memory() -> u32 { 128 }
/// #[derive(serde::Serialize, schemars::JsonSchema)]
/// struct Inputs { targets: std::collections::BTreeMap<String, Function> }
/// let fields = Field::from_schema(&schemars::schema_for!(Inputs).to_value())?;
/// let written = serde_json::json!({ "targets": { "orders": {} } });
/// let filled = serde_json::json!({ "targets": { "orders": { "memory_size": 128 } } });
/// assert_eq!(with_defaults(&fields, written), filled);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn with_defaults(fields: &[Field], value: Value) -> Value {
    let Value::Object(mut entries) = value else { return value };
    let mut filled = serde_json::Map::new();
    for field in fields {
        let Some(item) = entries.remove(&field.name).or_else(|| field.default.clone()) else { continue };
        filled.insert(field.name.clone(), rebuild_objects(&field.node, item, with_defaults));
    }
    filled.extend(entries);
    Value::Object(filled)
}

/// The published JSON Schema of a blueprint's inputs.
fn inputs_schema<I: schemars::JsonSchema>(name: &BlueprintName, version: &semver::Version, summary: &str) -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12();
    let generator = settings.into_generator();
    let schema = generator.into_root_schema_for::<I>();
    let mut value = schema.to_value();
    if let Value::Object(entries) = &mut value {
        entries.insert("title".into(), Value::from(format!("Inputs of the Paved blueprint {name} {version}")));
        entries.insert("description".into(), Value::from(summary));
    }
    value
}
