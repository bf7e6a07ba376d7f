//! Rendering and checking a blueprint's `main.tf` template.

use crate::EmitError;
use paved_blueprint::Definition;
use paved_hcl::hcl::{self, Body, Expression};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A `main.tf` rendered from its template and checked against the blueprint's interface.
pub(crate) struct MainFile {
    /// The rendered text.
    pub(crate) text: String,
    /// Blueprints used as nested modules (`source = "./modules/<name>"`).
    pub(crate) nested: BTreeSet<String>,
    /// Checkov checks skipped inline, with their reasons, in file order.
    pub(crate) skips: Vec<(String, String)>,
}

static VARIABLE_REFERENCE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\bvar\.([A-Za-z_][A-Za-z0-9_-]*)").expect("valid regex"));
static CHECKOV_SKIP: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^\s*#\s*checkov:skip=([A-Z0-9_]+):(.+)$").expect("valid regex"));

static NESTED_SOURCE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r#"\bsource\s*=\s*"\./modules/([A-Za-z0-9_-]+)""#).expect("valid regex"));

/// Renders a `main.tf` template: the text engine with the `forward` helper
/// ([`crate::forward`]) and the `providers` helper ([`crate::providers`]), each template compiled
/// once per process.
fn render_main_template(template: &str, context: &serde_json::Value) -> Result<String, handlebars::RenderError> {
    static COMPILED: std::sync::OnceLock<std::sync::Mutex<crate::TextTemplates>> = std::sync::OnceLock::new();
    let compiled = COMPILED.get_or_init(|| {
        let mut engine = crate::text_template_engine();
        engine.register_helper("forward", Box::new(crate::forward::ForwardHelper));
        engine.register_helper("providers", Box::new(crate::providers::ProvidersHelper));
        std::sync::Mutex::new(crate::TextTemplates::new(engine))
    });
    compiled.lock().unwrap_or_else(std::sync::PoisonError::into_inner).render(template, context)
}

/// The inputs of each nested blueprint the template sources and `lookup` knows, by name.
fn nested_inputs<'a>(template: &str, lookup: &dyn Fn(&str) -> Option<&'a Definition>) -> BTreeMap<String, Vec<String>> {
    NESTED_SOURCE
        .captures_iter(template)
        .filter_map(|captures| {
            let name = &captures[1];
            let nested = lookup(name)?;
            Some((name.to_owned(), nested.inputs.iter().map(|field| field.name.clone()).collect()))
        })
        .collect()
}

/// The provider aliases each nested blueprint the template sources and `lookup` knows needs, by name.
fn nested_aliases<'a>(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> BTreeMap<String, Vec<paved_blueprint::AliasedProvider>> {
    NESTED_SOURCE
        .captures_iter(template)
        .filter_map(|captures| Some((captures[1].to_owned(), lookup(&captures[1])?.provider_aliases.clone())))
        .collect()
}

/// Renders the template and checks it: valid HCL, `terraform fmt` alignment, every variable it
/// reads is an input, every input is read, every nested module is passed every setting it takes
/// that the object input it reads carries, the provider aliases it uses are those the blueprint
/// declares and every nested module is passed those it needs (`providers`), every output refers
/// to something it declares.
/// `lookup` finds nested blueprints by name.
pub(crate) fn render<'a>(
    definition: &Definition,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> Result<MainFile, EmitError> {
    let blueprint = definition.name.to_string();
    let fail = |problem: String| EmitError::Template { blueprint: blueprint.clone(), problem };

    let nested_inputs = nested_inputs(definition.main_template, lookup);
    let context = serde_json::json!({
        "name": definition.name.as_str(),
        "version": definition.version.to_string(),
        "defaults": defaults(&definition.inputs),
        crate::forward::CONTEXT_KEY: crate::forward::context(&definition.inputs, &nested_inputs),
        crate::providers::CONTEXT_KEY: crate::providers::context(&nested_aliases(definition.main_template, lookup)),
    });
    let text = render_main_template(definition.main_template, &context)
        .map_err(|error| fail(format!("it does not render: {error}")))?;

    let body: Body = hcl::from_str(&text).map_err(|error| fail(format!("it is not valid HCL: {error}")))?;

    let aligned = paved_hcl::align_assignments(&text);
    if aligned != text {
        let line = text.lines().zip(aligned.lines()).position(|(a, b)| a != b).map_or(0, |index| index + 1);
        return Err(fail(format!(
            "it is not formatted as `terraform fmt` formats it (first difference at line {line}); align the `=` of neighbouring attributes"
        )));
    }

    crate::providers::check_template(definition, &body, &|nested| {
        lookup(nested).map(|nested| nested.provider_aliases.clone())
    })
    .map_err(fail)?;

    let code: String = text.lines().filter(|line| !line.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
    let used: BTreeSet<&str> =
        VARIABLE_REFERENCE.captures_iter(&code).filter_map(|captures| captures.get(1)).map(|m| m.as_str()).collect();
    let inputs: BTreeSet<&str> = definition.inputs.iter().map(|field| field.name.as_str()).collect();
    if let Some(unknown) = used.difference(&inputs).next() {
        return Err(fail(format!(
            "it reads `var.{unknown}`, which is not an input; add the field to the inputs type or remove the reference"
        )));
    }
    if let Some(unused) = inputs.difference(&used).next() {
        return Err(fail(format!(
            "input `{unused}` is never read by main.tf; use it or remove it from the inputs type"
        )));
    }

    let mut declared = BTreeSet::new();
    let mut nested = BTreeSet::new();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels().iter().map(|label| label.as_str()).collect();
        match (block.identifier(), labels.as_slice()) {
            ("resource", [kind, name]) => {
                declared.insert(format!("{kind}.{name}"));
            }
            ("data", [kind, name]) => {
                declared.insert(format!("data.{kind}.{name}"));
            }
            ("module", [name]) => {
                declared.insert(format!("module.{name}"));
                let source = block
                    .body()
                    .attributes()
                    .find(|attribute| attribute.key() == "source")
                    .map(|attribute| attribute.expr());
                match source {
                    Some(Expression::String(path)) => match path.strip_prefix("./modules/") {
                        Some(nested_name) => {
                            if let Some(inputs) = nested_inputs.get(nested_name) {
                                crate::forward::check_module(name, nested_name, block, &definition.inputs, inputs)
                                    .map_err(fail)?;
                            }
                            nested.insert(nested_name.to_owned());
                        }
                        None => {
                            return Err(fail(format!(
                                "module `{name}` has source `{path}`; nested blueprints are sourced as `./modules/<blueprint>`"
                            )));
                        }
                    },
                    _ => return Err(fail(format!("module `{name}` needs a literal `source`"))),
                }
            }
            ("locals", []) => {
                for attribute in block.body().attributes() {
                    declared.insert(format!("local.{}", attribute.key()));
                }
            }
            _ => {}
        }
    }
    for output in &definition.outputs {
        let expression: Expression = output.value.parse().map_err(|error| {
            fail(format!("output `{}` has the invalid expression `{}`: {error}", output.name, output.value))
        })?;
        let root = reference_root(&expression);
        if !root.as_ref().is_some_and(|root| declared.contains(root)) {
            return Err(fail(format!(
                "output `{}` refers to `{}`, which main.tf does not declare",
                output.name, output.value
            )));
        }
    }

    let skips = text
        .lines()
        .filter_map(|line| CHECKOV_SKIP.captures(line))
        .map(|captures| (captures[1].to_owned(), captures[2].trim().to_owned()))
        .collect();
    Ok(MainFile { text, nested, skips })
}

/// Each input's default as HCL literal text (for object inputs, each attribute's; for lists and
/// maps of objects, each attribute's of their elements, at any depth), so a template can write
/// `lookup(var.function, "runtime", {{defaults.function.runtime}})` or
/// `lookup(each.value.function, "runtime", {{defaults.targets.function.runtime}})` without
/// restating it.
fn defaults(fields: &[paved_blueprint::Field]) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for field in fields {
        let entry = match (field.node.attributes(), &field.default) {
            (Some(inner), _) => defaults(inner),
            (_, Some(default)) => serde_json::Value::String(paved_hcl::literal_text(default)),
            (_, None) => continue,
        };
        map.insert(field.name.clone(), entry);
    }
    serde_json::Value::Object(map)
}

/// `aws_x.name` of `aws_x.name.attribute`, `module.m` of `module.m.output`, `data.t.n` of data.
fn reference_root(expression: &Expression) -> Option<String> {
    // A map or list output built with `for` (`{ for key, rule in aws_x.this : key => rule.arn }`)
    // is rooted where its collection is.
    if let Expression::ForExpr(for_expression) = expression {
        return reference_root(&for_expression.collection_expr);
    }
    let Expression::Traversal(traversal) = expression else { return None };
    let Expression::Variable(root) = &traversal.expr else { return None };
    let names: Vec<&str> = traversal
        .operators
        .iter()
        .map_while(|operator| match operator {
            hcl::TraversalOperator::GetAttr(identifier) => Some(identifier.as_str()),
            _ => None,
        })
        .collect();
    match (root.as_str(), names.as_slice()) {
        ("data", [kind, name, ..]) => Some(format!("data.{kind}.{name}")),
        ("module", [name, ..]) => Some(format!("module.{name}")),
        ("local", [name, ..]) => Some(format!("local.{name}")),
        (kind, [name, ..]) => Some(format!("{kind}.{name}")),
        _ => None,
    }
}

static REFERENCE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\b(var|local|module|data\.[A-Za-z0-9_]+|aws_[A-Za-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)")
        .expect("valid regex")
});

/// For each output of `definition`, the inputs its value depends on, followed through the
/// module's own resources, data sources, locals and nested module calls (a nested module's
/// outputs are taken to depend on everything its module block reads).
/// `lookup` finds nested blueprints by name.
pub fn output_dependencies<'a>(
    definition: &Definition,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> Result<BTreeMap<&'static str, BTreeSet<String>>, EmitError> {
    let main = render(definition, lookup)?;
    let body: Body = hcl::from_str(&main.text)
        .map_err(|error| EmitError::Template { blueprint: definition.name.to_string(), problem: error.to_string() })?;
    // Node → the nodes and inputs its text refers to.
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let references_of = |text: &str| -> BTreeSet<String> {
        REFERENCE.captures_iter(text).map(|captures| format!("{}.{}", &captures[1], &captures[2])).collect()
    };
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels().iter().map(|label| label.as_str()).collect();
        let text = hcl::format::to_string(block).unwrap_or_default();
        match (block.identifier(), labels.as_slice()) {
            ("resource", [kind, name]) => {
                edges.insert(format!("{kind}.{name}"), references_of(&text));
            }
            ("data", [kind, name]) => {
                edges.insert(format!("data.{kind}.{name}"), references_of(&text));
            }
            ("module", [name]) => {
                edges.insert(format!("module.{name}"), references_of(&text));
            }
            ("locals", []) => {
                for attribute in block.body().attributes() {
                    let text = hcl::format::to_string(&Body::builder().add_attribute(attribute.clone()).build())
                        .unwrap_or_default();
                    edges.insert(format!("local.{}", attribute.key()), references_of(&text));
                }
            }
            _ => {}
        }
    }
    let mut result = BTreeMap::new();
    for output in &definition.outputs {
        let mut inputs = BTreeSet::new();
        let mut pending: Vec<String> = references_of(output.value).into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(node) = pending.pop() {
            if !seen.insert(node.clone()) {
                continue;
            }
            if let Some(input) = node.strip_prefix("var.") {
                inputs.insert(input.to_owned());
                continue;
            }
            // `aws_x.name.attribute` and `module.m.output` resolve to their block.
            let block = edges.keys().find(|key| node == **key || node.starts_with(&format!("{key}."))).cloned();
            if let Some(block) = block.or_else(|| edges.contains_key(&node).then(|| node.clone())) {
                pending.extend(edges[&block].iter().cloned());
            }
        }
        result.insert(output.name, inputs);
    }
    Ok(result)
}
