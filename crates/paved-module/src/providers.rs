//! Aliased provider configurations: what a module declares, what a caller defines and passes,
//! and the check that a template uses exactly the aliases its blueprint declares.
//!
//! A blueprint declares each alias it needs ([`AliasedProvider`]). The module's `versions.tf`
//! lists them in `configuration_aliases`; a caller (the module's example, the composed root)
//! defines a `provider "aws"` block per alias, pinned to its region, and passes
//! `providers = { aws = aws, aws.<alias> = aws.<alias> }` (the default configuration too: a
//! module call with `providers` inherits nothing else). A nested module that needs an alias gets
//! it the same way from its parent's module block (the `providers` helper,
//! `{{providers "<blueprint>"}}`, prints that argument from the nested blueprint's aliases), and
//! the parent declares the alias itself, so its caller passes it in turn.

use handlebars::{Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderErrorReason};
use paved_blueprint::{AliasedProvider, Definition};
use paved_hcl::hcl::expr::{Expression, Traversal, TraversalOperator, Variable};
use paved_hcl::hcl::{Block, Body, Identifier, Object, ObjectKey};
use std::collections::BTreeMap;

/// `aws` or `aws.<alias>` as an HCL expression.
fn configuration(alias: Option<&str>) -> Expression {
    let root = Variable::unchecked("aws");
    match alias {
        None => Expression::Variable(root),
        Some(alias) => Expression::from(Traversal::builder(root).attr(Identifier::unchecked(alias)).build()),
    }
}

/// The `providers` argument of a module call passing the default `aws` configuration and each
/// alias under its own name; `None` when the module needs no alias (it then inherits the default
/// configuration, and the call says nothing).
///
/// ```
/// # use paved_blueprint::AliasedProvider;
/// let alias = AliasedProvider::pinned("us_east_1", "us-east-1", "CloudFront certificates.");
/// let block = paved_hcl::hcl::Block::builder("module")
///     .add_label("site")
///     .add_attribute(("providers", paved_module::providers_argument(&[alias]).expect("one alias")))
///     .build();
/// assert_eq!(
///     paved_hcl::format_blocks([block])?,
///     "module \"site\" {\n  providers = {\n    aws           = aws\n    aws.us_east_1 = aws.us_east_1\n  }\n}\n"
/// );
/// assert!(paved_module::providers_argument(&[]).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn providers_argument(aliases: &[AliasedProvider]) -> Option<Expression> {
    if aliases.is_empty() {
        return None;
    }
    Some(providers_object(aliases.iter().map(|provider| provider.alias.as_str())))
}

/// `{ aws = aws, aws.<alias> = aws.<alias>, … }`.
fn providers_object<'a>(aliases: impl Iterator<Item = &'a str>) -> Expression {
    let mut object = Object::new();
    object.insert(ObjectKey::Identifier(Identifier::unchecked("aws")), configuration(None));
    for alias in aliases {
        let reference = configuration(Some(alias));
        object.insert(ObjectKey::Expression(reference.clone()), reference);
    }
    Expression::Object(object)
}

/// The key of the render context under which [`context`] is placed.
pub(crate) const CONTEXT_KEY: &str = "provider_aliases";

/// What `providers` helpers read: the aliases each nested blueprint the template sources needs
/// (blueprint name → its aliases).
pub(crate) fn context(nested: &BTreeMap<String, Vec<AliasedProvider>>) -> serde_json::Value {
    let aliases: BTreeMap<&str, Vec<&str>> = nested
        .iter()
        .map(|(name, aliases)| (name.as_str(), aliases.iter().map(|provider| provider.alias.as_str()).collect()))
        .collect();
    serde_json::json!(aliases)
}

/// The `providers` helper: `{{providers "cloudfront-alarms"}}` inside a top-level module block
/// prints the `providers` argument passing the default configuration and every alias the nested
/// blueprint needs, each under its own name, aligned as `terraform fmt` aligns it; the parent
/// blueprint declares the same aliases (the template check says so when it does not).
pub(crate) struct ProvidersHelper;

impl HelperDef for ProvidersHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        context: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let problem = |text: String| RenderErrorReason::Other(text);
        let blueprint = helper.param(0).and_then(|param| param.value().as_str()).ok_or_else(|| {
            problem("`providers` needs the nested blueprint, as in `{{providers \"cloudfront-alarms\"}}`".to_owned())
        })?;
        let aliases: Vec<String> = context.data()[CONTEXT_KEY]
            .get(blueprint)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .ok_or_else(|| {
                problem(format!(
                    "`providers \"{blueprint}\"`: no module of this template has `source = \"./modules/{blueprint}\"`, or the catalog has no `{blueprint}`; name the blueprint the module block sources"
                ))
            })?;
        if aliases.is_empty() {
            return Err(problem(format!(
                "`providers \"{blueprint}\"`: `{blueprint}` needs no provider alias, so its module block needs no `providers`; remove the helper"
            ))
            .into());
        }
        let lines =
            providers_lines(&aliases).map_err(|error| problem(format!("`providers \"{blueprint}\"`: {error}")))?;
        out.write(&lines)?;
        Ok(())
    }
}

/// The `providers` argument of a top-level module block passing `aliases`, without the leading
/// indentation of its first line: `providers = {\n    aws = aws\n    …\n  }`.
fn providers_lines(aliases: &[String]) -> Result<String, paved_hcl::FormatError> {
    let object = providers_object(aliases.iter().map(String::as_str));
    let block = Block::builder("module").add_attribute(("providers", object)).build();
    let text = paved_hcl::format_blocks([block])?;
    // Drop the dummy block's first and last lines, `module {` and `}`.
    let inner: Vec<&str> = text.lines().skip(1).collect();
    let inner = &inner[..inner.len().saturating_sub(1)];
    Ok(inner.join("\n").trim_start().to_owned())
}

/// [`providers_argument`] on one line, for messages: `{ aws = aws, aws.us_east_1 = aws.us_east_1 }`.
pub(crate) fn providers_text(aliases: &[AliasedProvider]) -> String {
    let entries = aliases.iter().map(|provider| format!(", {0} = {0}", provider.reference())).collect::<String>();
    format!("{{ aws = aws{entries} }}")
}

/// The `provider "aws"` block defining `provider`'s alias in its region, followed by `extra`
/// (the composed root adds the default configuration's `default_tags`).
pub fn aliased_provider_block(provider: &AliasedProvider, extra: Body) -> Block {
    Block::builder("provider")
        .add_label("aws")
        .add_attribute(("alias", provider.alias.as_str()))
        .add_attribute(("region", provider.region.as_str()))
        .add_attributes(extra.attributes().cloned())
        .add_blocks(extra.blocks().cloned())
        .build()
}

/// The provider configuration an expression names: `Some(None)` for `aws`, `Some(Some(alias))`
/// for `aws.<alias>`, `None` for anything else.
fn named_configuration(expression: &Expression) -> Option<Option<String>> {
    match expression {
        Expression::Variable(variable) if variable.as_str() == "aws" => Some(None),
        Expression::Traversal(traversal) => match (&traversal.expr, traversal.operators.as_slice()) {
            (Expression::Variable(variable), [TraversalOperator::GetAttr(alias)]) if variable.as_str() == "aws" => {
                Some(Some(alias.as_str().to_owned()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// How to declare an alias, for error messages.
fn declare_hint(alias: &str, region: &str) -> String {
    format!(
        "declare it on the blueprint with `.with_provider_alias(AliasedProvider::pinned(\"{alias}\", \"{region}\", \"<why>\"))`"
    )
}

/// Checks the provider configurations a rendered `main.tf` uses against the blueprint's
/// declared aliases: every `aws.<alias>` it names (`provider = …` of a resource or data source,
/// a nested module's `providers`) is declared, every declared alias is used, and every nested
/// module that needs aliases (`nested` finds it by name) is passed the default configuration and
/// each of them, from an alias of this blueprint pinned to the same region. Returns what is
/// wrong and how to fix it.
pub(crate) fn check_template(
    definition: &Definition,
    body: &Body,
    nested: &dyn Fn(&str) -> Option<Vec<AliasedProvider>>,
) -> Result<(), String> {
    let mut used = std::collections::BTreeSet::new();
    for block in body.blocks() {
        let label = block.labels().iter().map(|label| label.as_str()).collect::<Vec<_>>().join(".");
        let what = format!("{} `{label}`", block.identifier());
        let provider = block.body().attributes().find(|attribute| attribute.key() == "provider");
        if let Some(Some(alias)) = provider.and_then(|attribute| named_configuration(attribute.expr())) {
            used.insert(declared(definition, &alias, &what)?.alias.to_string());
        }
        if block.identifier() != "module" {
            continue;
        }
        let passed = passed_configurations(block, &what)?;
        for (_, given) in &passed {
            if let Some(alias) = given {
                used.insert(declared(definition, alias, &what)?.alias.to_string());
            }
        }
        let source = block.body().attributes().find(|attribute| attribute.key() == "source");
        let nested_name = match source.map(|attribute| attribute.expr()) {
            Some(Expression::String(path)) => path.strip_prefix("./modules/"),
            _ => None,
        };
        let Some(needed) = nested_name.and_then(nested) else { continue };
        check_nested_call(definition, &what, nested_name.unwrap_or_default(), &needed, &passed)?;
    }
    if let Some(unused) = definition.provider_aliases.iter().find(|provider| !used.contains(provider.alias.as_str())) {
        return Err(format!(
            "the blueprint declares the provider alias `{}`, but main.tf never uses it; use it (`provider = {}` on the resources that need region {}) or remove the declaration",
            unused.reference(),
            unused.reference(),
            unused.region
        ));
    }
    Ok(())
}

/// The declared alias `alias`, or what to do when it is not declared.
fn declared<'d>(definition: &'d Definition, alias: &str, what: &str) -> Result<&'d AliasedProvider, String> {
    definition.provider_alias(alias).ok_or_else(|| {
        let known = match definition.provider_aliases.is_empty() {
            true => "it declares none".to_owned(),
            false => format!(
                "it declares {}",
                definition.provider_aliases.iter().map(|provider| format!("`{}`", provider.reference())).collect::<Vec<_>>().join(", ")
            ),
        };
        format!(
            "{what} uses the provider configuration `aws.{alias}`, which the blueprint does not declare ({known}); {}, or use one it declares",
            declare_hint(alias, "<region>")
        )
    })
}

/// The `providers` map of a module block: (the child's configuration, the parent's one), each
/// `None` for the default `aws` and `Some(alias)` for `aws.<alias>`.
type Passed = Vec<(Option<String>, Option<String>)>;

fn passed_configurations(block: &Block, what: &str) -> Result<Passed, String> {
    let Some(attribute) = block.body().attributes().find(|attribute| attribute.key() == "providers") else {
        return Ok(Vec::new());
    };
    let Expression::Object(object) = attribute.expr() else {
        return Err(format!(
            "{what} has a `providers` that is not a map such as `{{ aws = aws, aws.us_east_1 = aws.us_east_1 }}`"
        ));
    };
    let mut passed = Vec::new();
    for (key, value) in object {
        let key = match key {
            ObjectKey::Identifier(identifier) if identifier.as_str() == "aws" => Some(None),
            ObjectKey::Expression(expression) => named_configuration(expression),
            _ => None,
        };
        let (Some(key), Some(value)) = (key, named_configuration(value)) else {
            return Err(format!(
                "{what} passes a provider other than `aws` or `aws.<alias>` in `providers`; Paved's modules use only hashicorp/aws"
            ));
        };
        passed.push((key, value));
    }
    Ok(passed)
}

/// A nested module needing `needed` is passed the default configuration and each of them.
fn check_nested_call(
    definition: &Definition,
    what: &str,
    nested_name: &str,
    needed: &[AliasedProvider],
    passed: &Passed,
) -> Result<(), String> {
    let fix = |provider: &AliasedProvider| {
        format!(
            "{what} nests `{nested_name}`, which needs `{}` (region {}: {}); pass `providers = {}` in the module block, and {}",
            provider.reference(),
            provider.region,
            provider.reason,
            providers_text(needed),
            match definition.provider_alias(provider.alias.as_str()) {
                Some(_) => "keep the alias declared on this blueprint".to_owned(),
                None => declare_hint(provider.alias.as_str(), provider.region.as_str()),
            }
        )
    };
    let passes_default = passed.iter().any(|(child, parent)| child.is_none() && parent.is_none());
    if let (false, Some(first)) = (passes_default, needed.first()) {
        return Err(format!(
            "{}; a module block with `providers` passes nothing else, so `aws = aws` is needed too",
            fix(first)
        ));
    }
    for provider in needed {
        let given = passed.iter().find(|(child, _)| child.as_deref() == Some(provider.alias.as_str()));
        let Some((_, Some(parent))) = given else { return Err(fix(provider)) };
        let parent = declared(definition, parent, what)?;
        if parent.region != provider.region {
            return Err(format!(
                "{what} passes `{}` (region {}) as `{}`, which `{nested_name}` needs in region {}; pass an alias pinned to {}",
                parent.reference(),
                parent.region,
                provider.reference(),
                provider.region,
                provider.region
            ));
        }
    }
    Ok(())
}
