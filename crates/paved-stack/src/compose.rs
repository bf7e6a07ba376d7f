//! Composition: resolving and checking a stack before anything is written.
//!
//! Checks, in order, each reported with its location when the stack came from a file: settings
//! present, at least one environment, tags (see `tags`), at least one instance, instance names
//! valid and unique, blueprints known, every reference resolves to an existing output of the
//! right kind at a position that accepts one (one value, or a whole map or list where the input
//! takes one; a key the referenced map output has in that environment: see `indexed`), no
//! reference cycle, every instance's inputs valid in every environment, blueprints agreeing on
//! the region of a provider alias they share, an event source agreeing with the function wired into it
//! (`wired_function`), and no Terraform name generated twice (see `names`).

use crate::diagnostic::{Diagnostic, Location, SourceMap};
use crate::indexed::{Expected, Referenced};
use crate::reference_graph::{Dependencies, NodeKind, ReferenceGraph};
use crate::stack::{Environment, InstanceSpec, Stack, StackSettings, Waiver, merge};
use paved_blueprint::{
    Definition, Field, InputPath, InstanceName, Output, PathSegment, ReferenceTarget, ReferenceTargetError, Shape,
    TypeNode, ValueKind, closest, reference_target, value_at,
};
use paved_catalog::Catalog;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The tags every environment sets on every resource, through the provider's `default_tags`.
pub const FINOPS_TAGS: [&str; 3] = ["Environment", "Department", "Service"];

/// A stack that passed every check, ready to emit.
#[derive(Debug)]
pub struct Composition<'a> {
    pub(crate) settings: StackSettings,
    pub(crate) environments: BTreeMap<String, Environment>,
    pub(crate) instances: Vec<ComposedInstance<'a>>,
    pub(crate) catalog: &'a Catalog,
    pub(crate) waivers: Vec<Waiver>,
    pub(crate) source_map: Option<std::sync::Arc<SourceMap>>,
}

impl<'a> Composition<'a> {
    /// What the stack is and who owns it.
    pub fn settings(&self) -> &StackSettings {
        &self.settings
    }

    /// The environments, by name.
    pub fn environments(&self) -> &BTreeMap<String, Environment> {
        &self.environments
    }

    /// The instances, in the order the stack declares them.
    pub fn instances(&self) -> &[ComposedInstance<'a>] {
        &self.instances
    }

    /// The stack's waivers of policy rules, as written.
    pub fn waivers(&self) -> &[Waiver] {
        &self.waivers
    }

    /// The stack file, when the stack came from one.
    pub fn file(&self) -> Option<&std::path::Path> {
        self.source_map.as_ref().map(|map| map.file.as_path())
    }

    /// Where the stack file wrote the value at `path` (such as `["environments", "production",
    /// "region"]` or `["waivers", "0", "expires"]`), or its nearest written ancestor.
    pub fn locate(&self, path: &[&str]) -> Option<Location> {
        let path: Vec<String> = path.iter().map(|segment| (*segment).to_owned()).collect();
        self.source_map.as_ref().and_then(|map| map.locate(&path))
    }

    /// Where the stack file wrote the value of input `segments` of `instance` in `environment`:
    /// the environment's override when it sets it, the instance's inputs otherwise (the nearest
    /// written ancestor for a default).
    pub fn locate_input(
        &self,
        instance: &ComposedInstance<'_>,
        environment: &str,
        segments: &[String],
    ) -> Option<Location> {
        let map = self.source_map.as_ref()?;
        let overridden = instance.overrides.get(environment).is_some_and(|overlay| pointer_exists(overlay, segments));
        let mut path = vec!["instances".to_owned(), instance.name.clone()];
        if overridden {
            path.extend(["environments".to_owned(), environment.to_owned()]);
        }
        path.push("inputs".to_owned());
        path.extend(segments.iter().cloned());
        map.locate(&path)
    }
}

/// One checked instance of a composition.
#[derive(Debug)]
pub struct ComposedInstance<'a> {
    pub(crate) name: String,
    pub(crate) definition: &'a Definition,
    /// The inputs in each environment (overrides merged), without values equal to defaults.
    pub(crate) inputs: BTreeMap<String, Value>,
    /// The per-environment overrides as written.
    pub(crate) overrides: BTreeMap<String, Value>,
    /// Paths of input values that differ between environments (the deepest object attribute, map
    /// value or list item that differs); each becomes a root variable set per environment.
    pub(crate) varying: BTreeSet<InputPath>,
}

impl ComposedInstance<'_> {
    /// The instance's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The blueprint it is made of.
    pub fn definition(&self) -> &Definition {
        self.definition
    }

    /// Its inputs in `environment` (overrides merged) as the stack sets them, without values
    /// equal to defaults; [`ComposedInstance::effective_inputs`] fills the defaults in.
    pub fn inputs(&self, environment: &str) -> Option<&Value> {
        self.inputs.get(environment)
    }

    /// Its inputs in `environment` with every default filled in: the values its module gets.
    pub fn effective_inputs(&self, environment: &str) -> Option<Value> {
        let inputs = self.inputs.get(environment)?;
        Some(paved_blueprint::with_defaults(&self.definition.inputs, inputs.clone()))
    }
}

/// A stack that failed its checks: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct ComposeError {
    /// The problems, in the order of the checks.
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut text = diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    if diagnostics.len() > 1 {
        text.push_str(&format!("\n{} problems; nothing was written", diagnostics.len()));
    }
    text
}

/// Collects diagnostics, each located in the stack file when there is one.
pub(crate) struct Checker<'s> {
    stack: &'s Stack,
    diagnostics: Vec<Diagnostic>,
    reported: std::collections::HashSet<Diagnostic>,
}

impl<'s> Checker<'s> {
    fn new(stack: &'s Stack) -> Self {
        Self { stack, diagnostics: Vec::new(), reported: std::collections::HashSet::new() }
    }

    /// Where the stack file wrote `path` (or its nearest written ancestor, or the start of the
    /// file); `None` for a stack built in Rust.
    pub(crate) fn locate(&self, path: &[String]) -> Option<Location> {
        self.stack.source_map.as_ref().map(|map| map.locate_or_start(path))
    }

    pub(crate) fn report(&mut self, path: &[&str], message: String, help: Option<String>) {
        let path: Vec<String> = path.iter().map(|segment| (*segment).to_owned()).collect();
        self.report_at(path, message, help);
    }

    pub(crate) fn report_at(&mut self, path: Vec<String>, message: String, help: Option<String>) {
        let diagnostic = Diagnostic { location: self.locate(&path), message, help };
        if self.reported.insert(diagnostic.clone()) {
            self.diagnostics.push(diagnostic);
        }
    }
}

pub(crate) fn backticked<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

impl Stack {
    /// Checks the stack against `catalog`, returning every problem at once.
    pub fn compose<'a>(&self, catalog: &'a Catalog) -> Result<Composition<'a>, ComposeError> {
        let mut checker = Checker::new(self);
        let Some(settings) = self.settings.clone() else {
            checker.report(
                &["stack"],
                "the stack has no `[stack]` settings".into(),
                Some("add a `[stack]` table with `name`, `owner`, `system` and `lifecycle`".into()),
            );
            return Err(ComposeError { diagnostics: checker.diagnostics });
        };

        if self.environments.is_empty() {
            checker.report(
                &[],
                "the stack declares no environment".into(),
                Some("add at least one `[environments.<name>]` table with `region` and `tags`".into()),
            );
        }
        crate::tags::check_tags(&mut checker, &settings, &self.environments);
        if self.instances.is_empty() {
            checker.report(
                &["stack"],
                "the stack has no instances, so it would compose an empty configuration".into(),
                Some("add at least one `[instances.<name>]` table with a `blueprint` and its `inputs` (`paved blueprints` lists them)".into()),
            );
        }

        // Instances: names, duplicates, blueprints.
        let mut seen = BTreeSet::new();
        let mut resolved: Vec<(&InstanceSpec, &Definition)> = Vec::new();
        for instance in &self.instances {
            if let Err(error) = InstanceName::new(instance.name.as_str()) {
                checker.report(&["instances", &instance.name], format!("invalid instance name: {error}"), None);
                continue;
            }
            if !seen.insert(instance.name.as_str()) {
                checker.report(
                    &["instances", &instance.name],
                    format!("the instance name `{}` is used twice", instance.name),
                    Some("give each instance its own name".into()),
                );
                continue;
            }
            match catalog.get(&instance.blueprint) {
                Ok(definition) => resolved.push((instance, definition)),
                Err(error) => checker.report(
                    &["instances", &instance.name, "blueprint"],
                    format!("instance `{}`: {error}", instance.name),
                    None,
                ),
            }
            for environment in instance.overrides.keys() {
                if !self.environments.contains_key(environment) {
                    checker.report(
                        &["instances", &instance.name, "environments", environment],
                        format!("instance `{}` overrides inputs for `{environment}`, which is not an environment of this stack", instance.name),
                        Some(format!("the environments are {}", backticked(self.environments.keys().map(String::as_str)))),
                    );
                }
            }
        }

        crate::providers::check_provider_aliases(&mut checker, &resolved);

        for (index, waiver) in self.waivers.iter().enumerate() {
            if !self.instances.iter().any(|instance| instance.name == waiver.instance) {
                let help = match closest(&waiver.instance, self.instances.iter().map(|instance| instance.name.as_str()))
                {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the instances are {}",
                        backticked(self.instances.iter().map(|instance| instance.name.as_str()))
                    ),
                };
                checker.report(
                    &["waivers", &index.to_string(), "instance"],
                    format!(
                        "the waiver of `{}` names the instance `{}`, which this stack does not have",
                        waiver.rule, waiver.instance
                    ),
                    Some(help),
                );
            }
        }

        // Effective inputs per environment.
        let environment_names: Vec<&String> = self.environments.keys().collect();
        let mut effective: Vec<BTreeMap<String, Value>> = Vec::new();
        for (instance, definition) in &resolved {
            let mut per_environment = BTreeMap::new();
            for environment in &environment_names {
                let value = match instance.overrides.get(*environment) {
                    Some(overlay) => match merge(&definition.inputs, &instance.inputs, overlay) {
                        Ok(merged) => merged,
                        Err(error) => {
                            let mut path = ["instances", &instance.name, "environments", environment, "inputs"]
                                .map(str::to_owned)
                                .to_vec();
                            path.extend(error.segments());
                            let (problem, help) = error.explain();
                            let message =
                                format!("instance `{}` in environment `{environment}` {problem}", instance.name);
                            checker.report_at(path, message, Some(help));
                            instance.inputs.clone()
                        }
                    },
                    None => instance.inputs.clone(),
                };
                let value = paved_blueprint::without_defaults(&definition.inputs, value);
                per_environment.insert((*environment).clone(), value);
            }
            effective.push(per_environment);
        }

        // References and validation.
        let outputs_of: BTreeMap<&str, &Definition> =
            resolved.iter().map(|(instance, definition)| (instance.name.as_str(), *definition)).collect();
        // The graph Terraform will order: `instance.input` → `other.output` for each reference,
        // and `instance.output` → `instance.input` for each input the output depends on.
        let mut dependencies_of: BTreeMap<&str, Dependencies> = BTreeMap::new();
        for (instance, definition) in &resolved {
            if let std::collections::btree_map::Entry::Vacant(entry) = dependencies_of.entry(definition.name.as_str()) {
                match paved_module::output_dependencies(definition, &|nested| catalog.get(nested).ok()) {
                    Ok(dependencies) => {
                        entry.insert(dependencies);
                    }
                    // Reported at the first instance of the blueprint: its module cannot be emitted,
                    // whatever the stack sets.
                    Err(error) => checker.report(
                        &["instances", &instance.name, "blueprint"],
                        format!(
                            "instance `{}`: the module of blueprint `{} {}` cannot be emitted: {error}",
                            instance.name, definition.name, definition.version
                        ),
                        Some("the blueprint's template is at fault, not the stack: fix it in the catalog that defines it, or use another blueprint".into()),
                    ),
                }
            }
        }
        let mut graph = ReferenceGraph::new(
            resolved.iter().map(|(instance, definition)| (instance.name.as_str(), *definition)),
            &dependencies_of,
        );
        // Each instance's inputs are checked once per environment: the comparison of an event source
        // with the function wired into it reads the function's result from here.
        let validation: Vec<BTreeMap<&str, Result<(), _>>> = resolved
            .iter()
            .zip(&effective)
            .map(|((_, definition), per_environment)| {
                per_environment
                    .iter()
                    .map(|(environment, inputs)| (environment.as_str(), definition.validate(inputs)))
                    .collect()
            })
            .collect();
        let index_of: BTreeMap<&str, usize> =
            resolved.iter().enumerate().map(|(index, (instance, _))| (instance.name.as_str(), index)).collect();
        for (index, ((instance, definition), per_environment)) in resolved.iter().zip(&effective).enumerate() {
            for (environment, inputs) in per_environment {
                let base_path = |segments: &[String]| -> Vec<String> {
                    let overridden =
                        instance.overrides.get(environment).is_some_and(|overlay| pointer_exists(overlay, segments));
                    let mut path = vec!["instances".to_owned(), instance.name.clone()];
                    if overridden {
                        path.extend(["environments".to_owned(), environment.clone()]);
                    }
                    path.push("inputs".to_owned());
                    path.extend(segments.iter().cloned());
                    path
                };
                let mut references = Vec::new();
                find_references(&definition.inputs, inputs, &mut Vec::new(), &mut references);
                let misplaced: Vec<Vec<String>> = references
                    .iter()
                    .filter(|found| found.target.is_err())
                    .map(|found| found.segments.clone())
                    .collect();
                for found in references {
                    let shown = found.segments.join(".");
                    match found.target {
                        Err(Unwired::Literal) => checker.report_at(
                            base_path(&found.segments),
                            format!("instance `{}`: input `{shown}` takes a literal value and cannot be wired to another instance", instance.name),
                            Some("write the value itself".into()),
                        ),
                        Err(Unwired::Malformed(error)) => checker.report_at(
                            base_path(&found.segments),
                            format!("instance `{}`: input `{shown}`: {error}", instance.name),
                            None,
                        ),
                        Ok(reference) => {
                            let (target_instance, target_output) = (reference.instance(), reference.output());
                            let context = format!("instance `{}`: input `{shown}` refers to `{}`", instance.name, reference.describe());
                            let Some((&target_name, target)) = outputs_of.get_key_value(target_instance) else {
                                let help = match closest(target_instance, outputs_of.keys().copied()) {
                                    Some(close) => format!("did you mean `{close}`?"),
                                    None => format!("the instances are {}", backticked(outputs_of.keys().copied())),
                                };
                                checker.report_at(base_path(&found.segments), format!("{context}, but there is no instance `{target_instance}`"), Some(help));
                                continue;
                            };
                            let Some(output) = target.output(target_output) else {
                                let help = match closest(target_output, target.outputs.iter().map(|output| output.name)) {
                                    Some(close) => format!("did you mean `{close}`?"),
                                    None => format!("`{target_instance}` ({}) has the outputs {}", target.name, backticked(target.outputs.iter().map(|output| output.name))),
                                };
                                checker.report_at(base_path(&found.segments), format!("{context}, but `{target_instance}` has no output `{target_output}`"), Some(help));
                                continue;
                            };
                            let referenced = Referenced { name: target_name, definition: target, inputs: &effective[index_of[target_name]] };
                            if let Err(refusal) = crate::indexed::check(&reference, found.expects, output, &referenced, environment) {
                                checker.report_at(base_path(&found.segments), format!("{context}, {}", refusal.message), Some(refusal.help));
                                continue;
                            }
                            if let Err(refusal) = crate::indexed::check_present(&reference, output, &referenced, environment) {
                                checker.report_at(base_path(&found.segments), format!("{context}, {}", refusal.message), Some(refusal.help));
                                continue;
                            }
                            if let Some((message, help)) = kind_refusal(&found.kinds, found.expects, &reference, target, output) {
                                checker.report_at(base_path(&found.segments), format!("{context}, {message}"), Some(help));
                                continue;
                            }
                            // The reference sits under one of the instance's inputs (its first segment).
                            graph.add_reference(&instance.name, &found.segments[0], target_name, output.name);
                            let target_index = index_of[target_name];
                            // A function whose own inputs are refused is reported as such; comparing
                            // with it says nothing.
                            let target_valid = validation[target_index].get(environment.as_str()).is_some_and(Result::is_ok);
                            // One value of a map or list output is not the instance's own function.
                            let target_inputs = effective[target_index].get(environment).filter(|_| target_valid && reference.key().is_none());
                            if let Some(target_inputs) = target_inputs {
                                let wired = (target_name, *target, target_inputs);
                                for mismatch in crate::wired_function::check(definition, inputs, &found.segments, &found.kinds, wired) {
                                    checker.report_at(
                                        base_path(&mismatch.segments),
                                        format!("instance `{}`: {}", instance.name, mismatch.message),
                                        Some(mismatch.help),
                                    );
                                }
                            }
                        }
                    }
                }
                if let Some(Err(errors)) = validation[index].get(environment.as_str()) {
                    for error in errors.0.iter().filter(|error| !misplaced.contains(&error.segments)) {
                        let mut message = format!("instance `{}`: {error}", instance.name);
                        if instance
                            .overrides
                            .get(environment)
                            .is_some_and(|overlay| pointer_exists(overlay, &error.segments))
                        {
                            message.push_str(&format!(" (in environment `{environment}`)"));
                        }
                        checker.report_at(base_path(&error.segments), message, None);
                    }
                }
            }
        }

        if let Some(cycle) = graph.find_cycle() {
            let (first_instance, first_input) = cycle
                .iter()
                .find(|node| node.kind == NodeKind::Input)
                .map(|node| (node.instance, node.port))
                .unwrap_or_default();
            let shown: Vec<String> = cycle.iter().map(ToString::to_string).collect();
            checker.report(
                &["instances", first_instance, "inputs", first_input],
                format!("these references form a cycle: {}", shown.join(" → ")),
                Some("Terraform cannot order a cycle; remove one of these references".into()),
            );
        }

        // Values that differ between environments become variables, attribute by attribute.
        let mut instances = Vec::new();
        for ((instance, definition), per_environment) in resolved.iter().zip(effective) {
            let mut varying = BTreeSet::new();
            let values: Vec<&Value> = per_environment.values().collect();
            find_varying(&definition.inputs, &values, &mut InputPath::root(), &mut varying);
            for path in &varying {
                let wired = values.iter().any(|inputs| value_at(inputs, path).is_some_and(contains_reference));
                if wired {
                    let mut location = vec!["instances".to_owned(), instance.name.clone(), "inputs".to_owned()];
                    location.extend(path.plain_segments());
                    checker.report_at(
                        location,
                        format!(
                            "instance `{}`: input `{path}` differs between environments and contains a reference",
                            instance.name,
                        ),
                        Some("references must be the same in every environment; override only literal values".into()),
                    );
                }
            }
            instances.push(ComposedInstance {
                name: instance.name.clone(),
                definition,
                inputs: per_environment,
                overrides: instance.overrides.clone(),
                varying,
            });
        }

        crate::names::check_names(&mut checker, &settings, &self.environments, &instances);

        if checker.diagnostics.is_empty() {
            Ok(Composition {
                settings,
                environments: self.environments.clone(),
                instances,
                catalog,
                waivers: self.waivers.clone(),
                source_map: self.source_map.clone(),
            })
        } else {
            Err(ComposeError { diagnostics: checker.diagnostics })
        }
    }
}

/// Adds the paths under `fields` whose values differ between `values` (one per environment).
fn find_varying(fields: &[Field], values: &[&Value], path: &mut InputPath, out: &mut BTreeSet<InputPath>) {
    for field in fields {
        path.push(PathSegment::Field(field.name.clone()));
        let at: Vec<Option<&Value>> = values.iter().map(|value| value.get(&field.name)).collect();
        find_varying_at(&field.node, &at, path, out);
        path.pop();
    }
}

/// Adds `path` when its values `at` (one per environment, `None` where absent) differ, or the
/// deeper paths that differ when every environment has a value of the same structure: an object
/// (absent attributes are their defaults), a map of objects with the same keys, a list of objects
/// of the same length. Only the attributes inside them that differ then vary; a map or list of
/// plain values varies as a whole, as one variable.
fn find_varying_at(node: &TypeNode, at: &[Option<&Value>], path: &mut InputPath, out: &mut BTreeSet<InputPath>) {
    if at.iter().all(|value| same_text(*value, at[0])) {
        return;
    }
    let present: Option<Vec<&Value>> = at.iter().copied().collect();
    let present = present.filter(|values| values.iter().all(|value| reference_target(value).is_none()));
    match (&node.shape, present) {
        (Shape::Object(inner), _) if !node.nullable && at.iter().all(|value| value.is_none_or(Value::is_object)) => {
            let empty = Value::Object(serde_json::Map::new());
            let nested: Vec<&Value> = at.iter().map(|value| value.unwrap_or(&empty)).collect();
            find_varying(inner, &nested, path, out);
        }
        (Shape::Map(item), Some(values)) if item.attributes().is_some() && same_keys(&values) => {
            for key in values[0].as_object().into_iter().flat_map(serde_json::Map::keys) {
                path.push(PathSegment::Key(key.clone()));
                let entries: Vec<Option<&Value>> = values.iter().map(|value| value.get(key)).collect();
                find_varying_at(item, &entries, path, out);
                path.pop();
            }
        }
        (Shape::List(item), Some(values)) if item.attributes().is_some() && same_length(&values) => {
            for index in 0..values[0].as_array().map_or(0, Vec::len) {
                path.push(PathSegment::Index(index));
                let items: Vec<Option<&Value>> = values.iter().map(|value| value.get(index)).collect();
                find_varying_at(item, &items, path, out);
                path.pop();
            }
        }
        _ => {
            out.insert(path.clone());
        }
    }
}

/// Whether every one of `values` is a map with the same keys.
fn same_keys(values: &[&Value]) -> bool {
    fn keys(value: &Value) -> Option<BTreeSet<&String>> {
        value.as_object().map(|entries| entries.keys().collect())
    }
    let first = keys(values[0]);
    first.is_some() && values.iter().all(|value| keys(value) == first)
}

/// Whether every one of `values` is a list of the same length.
fn same_length(values: &[&Value]) -> bool {
    let first = values[0].as_array().map(Vec::len);
    first.is_some() && values.iter().all(|value| value.as_array().map(Vec::len) == first)
}

/// Whether `one` and `other` (each absent or a value) are written the same as JSON: equal and
/// with object keys in the same order (`-0.0` is not `0.0`), without writing them.
fn same_text(one: Option<&Value>, other: Option<&Value>) -> bool {
    fn same(one: &Value, other: &Value) -> bool {
        match (one, other) {
            (Value::Object(mine), Value::Object(theirs)) => {
                mine.len() == theirs.len()
                    && mine
                        .iter()
                        .zip(theirs)
                        .all(|((key, item), (other_key, other_item))| key == other_key && same(item, other_item))
            }
            (Value::Array(mine), Value::Array(theirs)) => {
                mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(item, other_item)| same(item, other_item))
            }
            (Value::Number(mine), Value::Number(theirs)) => {
                mine == theirs && mine.as_f64().map(f64::is_sign_negative) == theirs.as_f64().map(f64::is_sign_negative)
            }
            _ => one == other,
        }
    }
    match (one, other) {
        (Some(one), Some(other)) => same(one, other),
        (one, other) => one.is_none() && other.is_none(),
    }
}

/// Whether `value` has a value at the plain `segments` (object keys, list indices, or the index keys
/// of an override's table of list elements).
pub(crate) fn pointer_exists(value: &Value, segments: &[String]) -> bool {
    let mut current = value;
    for segment in segments {
        current = match current {
            Value::Object(entries) => match entries.get(segment) {
                Some(next) => next,
                None => return false,
            },
            Value::Array(items) => match segment.parse::<usize>().ok().and_then(|index| items.get(index)) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    true
}

fn contains_reference(value: &Value) -> bool {
    reference_target(value).is_some()
        || match value {
            Value::Object(entries) => entries.values().any(contains_reference),
            Value::Array(items) => items.iter().any(contains_reference),
            _ => false,
        }
}

struct FoundReference {
    segments: Vec<String>,
    /// What it points at, or why it cannot be followed.
    target: Result<ReferenceTarget, Unwired>,
    /// The kinds the input accepts (any when empty).
    kinds: Vec<ValueKind>,
    /// Whether the position takes one value, a map or a list.
    expects: Expected,
}

/// Why a reference object is not followed.
enum Unwired {
    /// The position takes a literal value only.
    Literal,
    /// The reference's text is not `<instance>.<output>[.<key>]`.
    Malformed(ReferenceTargetError),
}

/// Why `reference` (to `output` of an instance of `target`) is refused by an input that accepts
/// outputs of `accepted` (any kind when empty) at a position taking `expects`: `None` when the
/// output's kind is accepted, else the message (naming every accepted kind) and the help (naming
/// the target's outputs of those kinds that fit the position, written as a reference would be).
fn kind_refusal(
    accepted: &[ValueKind],
    expects: Expected,
    reference: &ReferenceTarget,
    target: &Definition,
    output: &Output,
) -> Option<(String, String)> {
    if accepted.is_empty() || accepted.contains(&output.kind) {
        return None;
    }
    let kinds = one_of(accepted.iter().map(|kind| format!("`{kind}`")).collect());
    let instance = reference.instance();
    let matching: Vec<String> = target
        .outputs
        .iter()
        .filter(|candidate| accepted.contains(&candidate.kind))
        .filter_map(|candidate| fitting_reference(instance, candidate, expects, reference.key()))
        .collect();
    let help = match matching.is_empty() {
        true => format!("`{instance}` ({}) has no {kinds} output that fits here", target.name),
        false => format!("use {}", one_of(matching)),
    };
    Some((format!("an output of kind `{}`, but the input takes kind {kinds}", output.kind), help))
}

/// How `candidate` of `instance` would be referenced at a position taking `expects`, when it can
/// be: whole for a map or list where one is taken, one value otherwise (indexed by `key`, or by
/// `<key>`, when the candidate is a map or list whose keys the stack gives).
fn fitting_reference(instance: &str, candidate: &Output, expects: Expected, key: Option<&str>) -> Option<String> {
    use paved_blueprint::{KeySource, OutputShape};
    let name = candidate.name;
    match (expects, candidate.shape) {
        (Expected::One, OutputShape::Single) => Some(format!("`{instance}.{name}`")),
        (Expected::One, OutputShape::Map(KeySource::Input(_)) | OutputShape::List(KeySource::Input(_))) => {
            Some(format!("`{instance}.{name}.{}`", key.unwrap_or("<key>")))
        }
        (Expected::Map, OutputShape::Map(_)) | (Expected::List, OutputShape::List(_)) => {
            Some(format!("`{instance}.{name}`"))
        }
        _ => None,
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(mut names: Vec<String>) -> String {
    match names.pop() {
        None => String::new(),
        Some(last) if names.is_empty() => last,
        Some(last) => format!("{} or {last}", names.join(", ")),
    }
}

fn find_references(fields: &[Field], value: &Value, segments: &mut Vec<String>, out: &mut Vec<FoundReference>) {
    let Some(entries) = value.as_object() else { return };
    for field in fields {
        if let Some(item) = entries.get(&field.name) {
            segments.push(field.name.clone());
            find_in_node(&field.node, item, segments, out);
            segments.pop();
        }
    }
}

fn find_in_node(node: &TypeNode, value: &Value, segments: &mut Vec<String>, out: &mut Vec<FoundReference>) {
    if let Some(target) = reference_target(value) {
        let target = if node.wirable {
            ReferenceTarget::parse(target).map_err(Unwired::Malformed)
        } else {
            Err(Unwired::Literal)
        };
        out.push(FoundReference {
            segments: segments.clone(),
            target,
            kinds: node.kinds.clone(),
            expects: Expected::of(node),
        });
        return;
    }
    match (&node.shape, value) {
        (Shape::Object(fields), _) => find_references(fields, value, segments, out),
        (Shape::List(item), Value::Array(items)) => {
            for (index, entry) in items.iter().enumerate() {
                segments.push(index.to_string());
                find_in_node(item, entry, segments, out);
                segments.pop();
            }
        }
        (Shape::Map(item), Value::Object(entries)) => {
            for (key, entry) in entries {
                segments.push(key.clone());
                find_in_node(item, entry, segments, out);
                segments.pop();
            }
        }
        _ => {}
    }
}
