//! Forwarding an object input's settings to a nested module, derived from both interfaces.
//!
//! A blueprint that nests another (`source = "./modules/<blueprint>"`) usually takes the nested
//! blueprint's settings as one object input (`function` holds `baseline-lambda`'s settings). The
//! template writes
//!
//! ```text
//! module "function" {
//!   source = "./modules/baseline-lambda"
//!
//!   {{#forward "function" to="baseline-lambda"}}
//!   function_name = var.name
//!   {{/forward}}
//! }
//! ```
//!
//! and the `forward` helper prints one attribute per input of the nested blueprint, in the nested
//! blueprint's input order: the attribute written inside the block when there is one, otherwise
//! `lookup(var.function, "<input>", <default>)` (or `var.function.<input>` when the attribute has
//! no default) when the object input has an attribute of that name; inputs neither given nor
//! carried are left to their defaults. The lines are aligned as `terraform fmt` aligns them. An
//! attribute added to the settings type therefore reaches the nested module without a template
//! edit, and [`check_module`] refuses a module block that reads an object input but does not pass
//! one of its attributes that the nested blueprint takes.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason, Renderable,
};
use paved_blueprint::{Field, Shape};
use paved_hcl::hcl::{self, Block};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The key of the render context under which [`context`] is placed.
pub(crate) const CONTEXT_KEY: &str = "forwarding";

/// One attribute of an object input, as forwarding needs it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Attribute {
    name: String,
    /// The default as HCL literal text (`null` for an optional attribute without one); `None`
    /// when the attribute is required.
    default: Option<String>,
}

/// What `forward` blocks read: the attributes of each object input of `inputs`, and the inputs of
/// each nested blueprint the template sources (`nested`: blueprint name → its inputs, in order).
pub(crate) fn context(inputs: &[Field], nested: &BTreeMap<String, Vec<String>>) -> serde_json::Value {
    let objects: BTreeMap<&str, Vec<Attribute>> = inputs
        .iter()
        .filter_map(|field| match &field.node.shape {
            Shape::Object(attributes) => Some((field.name.as_str(), attributes.iter().map(attribute).collect())),
            _ => None,
        })
        .collect();
    serde_json::json!({ "objects": objects, "blueprints": nested })
}

fn attribute(field: &Field) -> Attribute {
    Attribute { name: field.name.clone(), default: field.default.as_ref().map(paved_hcl::literal_text) }
}

/// The `forward` block helper (see the module documentation).
pub(crate) struct ForwardHelper;

impl HelperDef for ForwardHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        registry: &'reg Handlebars<'reg>,
        context: &'rc Context,
        render_context: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let problem = |text: String| RenderErrorReason::Other(text);
        let object = helper.param(0).and_then(|param| param.value().as_str()).ok_or_else(|| {
            problem(
                "`forward` needs the object input whose settings it forwards and the nested blueprint, as in `{{#forward \"function\" to=\"baseline-lambda\"}}`"
                    .to_owned(),
            )
        })?;
        let blueprint = helper.hash_get("to").and_then(|param| param.value().as_str()).ok_or_else(|| {
            problem(format!(
                "`forward \"{object}\"` needs the nested blueprint it forwards to, as in `{{{{#forward \"{object}\" to=\"baseline-lambda\"}}}}`"
            ))
        })?;
        let forwarding = &context.data()[CONTEXT_KEY];
        let attributes: Vec<Attribute> = forwarding["objects"]
            .get(object)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .ok_or_else(|| {
                problem(format!(
                    "`forward \"{object}\"`: `{object}` is not an object input of this blueprint; name the input that holds the nested blueprint's settings"
                ))
            })?;
        let inputs: Vec<String> = forwarding["blueprints"]
            .get(blueprint)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .ok_or_else(|| {
                problem(format!(
                    "`forward \"{object}\" to=\"{blueprint}\"`: no module of this template has `source = \"./modules/{blueprint}\"`, or the catalog has no `{blueprint}`; name the blueprint the module block sources"
                ))
            })?;
        let given = match helper.template() {
            Some(template) => template.renders(registry, context, render_context)?,
            None => String::new(),
        };
        let lines = forwarded_lines(object, &attributes, blueprint, &inputs, &given).map_err(problem)?;
        out.write(&lines)?;
        Ok(())
    }
}

static GIVEN_ATTRIBUTE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^([ \t]*)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=[ \t]*(\S.*?)[ \t]*$").expect("valid regex")
});

/// The attribute lines of a module block forwarding `object`'s `attributes` to the nested
/// blueprint `blueprint` with `inputs`; `given` holds the lines written inside the block, which
/// take precedence and set inputs the object does not carry.
fn forwarded_lines(
    object: &str,
    attributes: &[Attribute],
    blueprint: &str,
    inputs: &[String],
    given: &str,
) -> Result<String, String> {
    let mut indent = "  ";
    let mut explicit: BTreeMap<&str, &str> = BTreeMap::new();
    for (index, line) in given.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let captures = GIVEN_ATTRIBUTE.captures(line).ok_or_else(|| {
            format!(
                "inside `forward \"{object}\"`, line {} is `{}`; write one `name = expression` per line",
                index + 1,
                line.trim()
            )
        })?;
        let (Some(leading), Some(name), Some(expression)) = (captures.get(1), captures.get(2), captures.get(3)) else {
            unreachable!("the pattern has three groups that always take part in a match")
        };
        if explicit.is_empty() {
            indent = leading.as_str();
        }
        if !inputs.iter().any(|input| input == name.as_str()) {
            return Err(format!(
                "inside `forward \"{object}\"`, `{}` is not an input of `{blueprint}`; remove it or name one of {}",
                name.as_str(),
                inputs.iter().map(|input| format!("`{input}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        if explicit.insert(name.as_str(), expression.as_str()).is_some() {
            return Err(format!("inside `forward \"{object}\"`, `{}` is set twice; keep one", name.as_str()));
        }
    }
    let mut text = String::new();
    for input in inputs {
        let expression = match (explicit.get(input.as_str()), attributes.iter().find(|a| a.name == *input)) {
            (Some(given), _) => (*given).to_owned(),
            (None, Some(Attribute { default: Some(default), .. })) => {
                format!("lookup(var.{object}, \"{input}\", {default})")
            }
            (None, Some(Attribute { default: None, .. })) => format!("var.{object}.{input}"),
            (None, None) => continue,
        };
        text.push_str(&format!("{indent}{input} = {expression}\n"));
    }
    Ok(paved_hcl::align_assignments(&text))
}

/// Refuses a nested module block that reads an object input of the outer blueprint but does not
/// pass one of that object's attributes the nested blueprint takes as an input: the setting would
/// be validated and governed, then silently dropped. An attribute counts as passed when the module
/// block sets the input of that name from `var.<object>.<attribute>` or
/// `lookup(var.<object>, "<attribute>", …)`.
pub(crate) fn check_module(
    module: &str,
    blueprint: &str,
    block: &Block,
    outer_inputs: &[Field],
    nested_inputs: &[String],
) -> Result<(), String> {
    let passed: BTreeMap<&str, String> = block
        .body()
        .attributes()
        .map(|attribute| (attribute.key(), hcl::format::to_string(attribute.expr()).unwrap_or_default()))
        .collect();
    for field in outer_inputs {
        let Shape::Object(attributes) = &field.node.shape else { continue };
        let object = regex::escape(&field.name);
        let reads_object = regex::Regex::new(&format!(r"\bvar\.{object}\b")).expect("valid regex");
        if !passed.values().any(|text| reads_object.is_match(text)) {
            continue;
        }
        for attribute in attributes.iter().filter(|attribute| nested_inputs.contains(&attribute.name)) {
            let name = regex::escape(&attribute.name);
            let reads_attribute =
                regex::Regex::new(&format!(r#"\bvar\.{object}\.{name}\b|\blookup\(\s*var\.{object}\s*,\s*"{name}""#))
                    .expect("valid regex");
            if !passed.get(attribute.name.as_str()).is_some_and(|text| reads_attribute.is_match(text)) {
                return Err(format!(
                    "module `{module}` does not pass `{object_name}.{input}` to `{blueprint}`, which takes `{input}` as an input: the setting would be validated and then dropped; forward the settings with `{{{{#forward \"{object_name}\" to=\"{blueprint}\"}}}}` … `{{{{/forward}}}}` in the module block (derived from both interfaces), or set `{input} = var.{object_name}.{input}`",
                    object_name = field.name,
                    input = attribute.name,
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes() -> Vec<Attribute> {
        vec![
            Attribute { name: "package_file".into(), default: None },
            Attribute { name: "memory_size".into(), default: Some("256".into()) },
            Attribute { name: "kms_key_arn".into(), default: Some("null".into()) },
            Attribute { name: "only_outside".into(), default: Some("1".into()) },
        ]
    }

    fn inputs() -> Vec<String> {
        ["function_name", "package_file", "memory_size", "kms_key_arn", "service_name"].map(String::from).to_vec()
    }

    #[test]
    fn lines_follow_the_nested_inputs_given_lines_first_and_are_aligned() {
        let lines = forwarded_lines(
            "function",
            &attributes(),
            "baseline-lambda",
            &inputs(),
            "  function_name = var.name\n  kms_key_arn = var.key\n",
        )
        .expect("forwards");
        assert_eq!(
            lines,
            "  function_name = var.name\n  package_file  = var.function.package_file\n  memory_size   = lookup(var.function, \"memory_size\", 256)\n  kms_key_arn   = var.key\n"
        );
    }

    #[test]
    fn a_given_line_that_is_no_nested_input_is_refused() {
        let error = forwarded_lines("function", &attributes(), "baseline-lambda", &inputs(), "  name = var.name\n")
            .expect_err("refused");
        assert_eq!(
            error,
            "inside `forward \"function\"`, `name` is not an input of `baseline-lambda`; remove it or name one of `function_name`, `package_file`, `memory_size`, `kms_key_arn`, `service_name`"
        );
    }

    #[test]
    fn a_given_line_that_is_no_attribute_is_refused() {
        let error = forwarded_lines("function", &attributes(), "baseline-lambda", &inputs(), "  tags {\n")
            .expect_err("refused");
        assert_eq!(error, "inside `forward \"function\"`, line 1 is `tags {`; write one `name = expression` per line");
    }
}
