//! Emits a blueprint as a standard Terraform module.
//!
//! [`emit`] turns a [`Definition`] into [`ModuleFiles`]: `main.tf` (the blueprint's checked
//! template), `variables.tf` (one `variable` per input, with `validation` blocks derived from the
//! same constraints Rust validates), `outputs.tf`, `versions.tf`, `README.md` and
//! `examples/basic/main.tf` (with `examples/basic/versions.tf` when the module needs provider
//! aliases); nested blueprints are vendored under `modules/<name>/`.
//! [`ModuleFiles::write`] writes them atomically, saying what replacing a directory removed and
//! refusing to lose what git has not committed.
//!
//! Module map: `expression` (HCL expression constructors), `variables` (`variables.tf`),
//! `template` (rendering and checking `main.tf`), `providers` (aliased provider configurations:
//! `configuration_aliases`, what callers define and pass, the template's use of them), `forward` (the `forward` helper: a nested
//! module's settings derived from both interfaces, and the check that none is dropped), `files` (the file set and atomic writing), `git` (what
//! `git status` says about a directory about to be replaced), `markdown` (user text in READMEs kept
//! text).

mod expression;
mod files;
mod forward;
mod git;
mod markdown;
mod providers;
mod template;
mod variables;

pub use files::{KEPT_ON_REPLACE, ModuleFiles, WriteOptions, Written};
pub use markdown::escape_markdown_html;
pub use providers::{aliased_provider_block, providers_argument};
pub use template::output_dependencies;
pub use variables::{reference_expression, type_expression, value_expression, variable_block, variable_blocks};

use paved_blueprint::{Definition, Field, display_value};
use paved_hcl::hcl::{Block, Body, Expression};
use paved_hcl::{FormatError, format_blocks};
use std::path::PathBuf;

/// The Terraform versions every emitted module supports.
/// 1.9 is the first whose `validation` blocks may read other variables, which rules across
/// inputs need.
pub const TERRAFORM_VERSION: &str = ">= 1.9.0";
/// The AWS provider versions every emitted module supports.
pub const AWS_PROVIDER_VERSION: &str = ">= 6.0, < 7.0";

/// Why a module could not be emitted or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// The blueprint's `main.tf` template is inconsistent with its definition.
    #[error("blueprint `{blueprint}`: main.tf.hbs: {problem}")]
    Template {
        /// The blueprint.
        blueprint: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// A nested module names a blueprint the catalog does not have.
    #[error("blueprint `{blueprint}` nests `{nested}`, which is not in the catalog")]
    UnknownNested {
        /// The blueprint.
        blueprint: String,
        /// The missing nested blueprint.
        nested: String,
    },
    /// Printing HCL failed.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Rendering the README failed.
    #[error("cannot render the README of `{blueprint}`: {message}")]
    Readme {
        /// The blueprint.
        blueprint: String,
        /// The renderer's message.
        message: String,
    },
    /// The output directory exists and holds files.
    #[error("`{}` already exists and is not empty; choose another directory or pass --force to replace it (git and Terraform state in it are kept)", path.display())]
    NotEmpty {
        /// The directory.
        path: PathBuf,
    },
    /// The output directory would be under a file.
    #[error("cannot write `{}`: `{}` is a file, not a directory; choose an output directory that is not under a file, or move the file away", path.display(), file.display())]
    UnderAFile {
        /// The output directory.
        path: PathBuf,
        /// The file above it.
        file: PathBuf,
    },
    /// The output directory is a file.
    #[error("cannot write `{}`: it is a file, not a directory; choose another output directory, or move the file away", path.display())]
    NotADirectory {
        /// The output path.
        path: PathBuf,
    },
    /// The output directory is the current directory or holds it.
    #[error("cannot write `{}`: it is the current directory or holds it, and a directory is written by renaming a new one into its place, which would leave this shell in a removed directory; write to a subdirectory (such as `--out infra`), or run from the parent directory", path.display())]
    ReplacesWorkingDirectory {
        /// The output directory.
        path: PathBuf,
    },
    /// Replacing the directory would lose files git has not committed.
    #[error("`{}` holds changes git has not committed that replacing it would lose: {}; commit or stash them, or pass --discard-changes to replace them anyway", path.display(), files.join(", "))]
    UncommittedChanges {
        /// The output directory.
        path: PathBuf,
        /// Each file (relative to the directory) with its state: `main.tf (modified)`.
        files: Vec<String>,
    },
    /// `git status` failed in a directory to replace.
    #[error("cannot tell whether replacing `{}` loses changes git has not committed: `git status` there failed: {message}; fix that, or pass --discard-changes to replace the directory without asking git", path.display())]
    GitStatus {
        /// The output directory.
        path: PathBuf,
        /// What git said.
        message: String,
    },
    /// A file system operation failed: what and where, the system's reason, and a fix for the
    /// common reasons.
    #[error("cannot {action} `{}`: {source}{}", path.display(), io_fix(source))]
    Io {
        /// What Paved was doing.
        action: &'static str,
        /// The path it was doing it to.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}

/// How to get past a failed file system operation, for the reasons a user can act on.
fn io_fix(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::PermissionDenied => "; check that you may write there, or choose another output directory",
        ErrorKind::ReadOnlyFilesystem => "; the file system is read-only: choose another output directory",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "; the disk is full: free some space and run again",
        ErrorKind::NotADirectory => "; part of the path is a file: choose another output directory",
        ErrorKind::AlreadyExists => "; something is in the way there: move it, or choose another output directory",
        _ => "",
    }
}

/// A Handlebars engine for templates that produce text (HCL, Markdown, TOML, YAML, Python):
/// strict (a missing value is an error, not an empty string) and without HTML escaping.
pub fn text_template_engine() -> handlebars::Handlebars<'static> {
    let mut engine = handlebars::Handlebars::new();
    engine.set_strict_mode(true);
    engine.register_escape_fn(handlebars::no_escape);
    engine
}

/// Renders a Handlebars template that produces text with [`text_template_engine`].
///
/// Each template is compiled once per process and kept (compiling was most of the cost of
/// emitting a module: a stack that vendors nested modules renders the same templates many times).
pub fn render_text_template(template: &str, context: &serde_json::Value) -> Result<String, handlebars::RenderError> {
    static COMPILED: std::sync::OnceLock<std::sync::Mutex<TextTemplates>> = std::sync::OnceLock::new();
    let compiled = COMPILED.get_or_init(|| std::sync::Mutex::new(TextTemplates::new(text_template_engine())));
    compiled.lock().unwrap_or_else(std::sync::PoisonError::into_inner).render(template, context)
}

/// The templates an engine has compiled so far, each registered under a name of its own.
pub(crate) struct TextTemplates {
    engine: handlebars::Handlebars<'static>,
    /// Template text to its registered name.
    names: std::collections::HashMap<String, String>,
}

impl TextTemplates {
    /// No template compiled yet in `engine`.
    pub(crate) fn new(engine: handlebars::Handlebars<'static>) -> Self {
        Self { engine, names: std::collections::HashMap::new() }
    }

    /// Renders `template` with `context`, compiling it the first time it is seen.
    pub(crate) fn render(
        &mut self,
        template: &str,
        context: &serde_json::Value,
    ) -> Result<String, handlebars::RenderError> {
        let name = match self.names.get(template) {
            Some(name) => name.clone(),
            None => {
                let name = format!("template-{}", self.names.len() + 1);
                self.engine.register_template_string(&name, template)?;
                self.names.insert(template.to_owned(), name.clone());
                name
            }
        };
        self.engine.render(&name, context)
    }
}

/// Emits the module of `definition`; `lookup` finds nested blueprints by name.
pub fn emit<'a>(
    definition: &Definition,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> Result<ModuleFiles, EmitError> {
    let mut files = emit_core(definition, lookup)?;
    files.insert("examples/basic/main.tf", example(definition)?);
    if !definition.provider_aliases.is_empty() {
        // A configuration passing `aws = aws` in `providers` declares the provider it names.
        files.insert("examples/basic/versions.tf", versions_tf()?);
    }
    Ok(files)
}

/// Emits the module of `definition` without its `examples/`, as it is vendored into a stack.
pub fn emit_without_examples<'a>(
    definition: &Definition,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> Result<ModuleFiles, EmitError> {
    emit_core(definition, lookup)
}

fn emit_core<'a>(
    definition: &Definition,
    lookup: &dyn Fn(&str) -> Option<&'a Definition>,
) -> Result<ModuleFiles, EmitError> {
    let main = template::render(definition, lookup)?;
    let mut files = ModuleFiles::default();
    files.insert("main.tf", main.text.clone());
    files.insert("variables.tf", format_blocks(variables::variable_blocks(definition))?);
    files.insert("outputs.tf", outputs(definition)?);
    files.insert("versions.tf", versions_tf_with_aliases(&definition.provider_aliases)?);
    files.insert("README.md", readme(definition, &main)?);
    for nested_name in &main.nested {
        let nested = lookup(nested_name).ok_or_else(|| EmitError::UnknownNested {
            blueprint: definition.name.to_string(),
            nested: nested_name.clone(),
        })?;
        for (path, content) in emit_core(nested, lookup)?.iter() {
            files.insert(&format!("modules/{nested_name}/{path}"), content.to_owned());
        }
    }
    Ok(files)
}

fn outputs(definition: &Definition) -> Result<String, EmitError> {
    let mut blocks = Vec::with_capacity(definition.outputs.len());
    for output in &definition.outputs {
        let value: Expression = output.value.parse().map_err(|error| EmitError::Template {
            blueprint: definition.name.to_string(),
            problem: format!(
                "the output `{}` has the value `{}`, which is not an HCL expression ({error}); write it as `outputs.tf` would",
                output.name, output.value
            ),
        })?;
        blocks.push(
            Block::builder("output")
                .add_label(output.name)
                .add_attribute(("description", output.description))
                .add_attribute(("value", value))
                .build(),
        );
    }
    Ok(format_blocks(blocks)?)
}

/// `versions.tf`: the Terraform and AWS provider versions every emitted configuration supports.
pub fn versions_tf() -> Result<String, EmitError> {
    versions_tf_with_aliases(&[])
}

/// `versions.tf` of a module that needs `aliases` from its caller: [`versions_tf`] with
/// `configuration_aliases = [aws.<alias>, …]` (nothing more when there are none).
pub fn versions_tf_with_aliases(aliases: &[paved_blueprint::AliasedProvider]) -> Result<String, EmitError> {
    let mut aws = paved_hcl::hcl::Object::new();
    aws.insert(
        paved_hcl::hcl::ObjectKey::from(paved_hcl::hcl::Identifier::unchecked("source")),
        Expression::from("hashicorp/aws"),
    );
    aws.insert(
        paved_hcl::hcl::ObjectKey::from(paved_hcl::hcl::Identifier::unchecked("version")),
        Expression::from(AWS_PROVIDER_VERSION),
    );
    if !aliases.is_empty() {
        let references = aliases.iter().map(|provider| {
            Expression::from(
                paved_hcl::hcl::expr::Traversal::builder(paved_hcl::hcl::expr::Variable::unchecked("aws"))
                    .attr(paved_hcl::hcl::Identifier::unchecked(provider.alias.as_str()))
                    .build(),
            )
        });
        aws.insert(
            paved_hcl::hcl::ObjectKey::from(paved_hcl::hcl::Identifier::unchecked("configuration_aliases")),
            Expression::Array(references.collect()),
        );
    }
    let block = Block::builder("terraform")
        .add_attribute(("required_version", TERRAFORM_VERSION))
        .add_block(Block::builder("required_providers").add_attribute(("aws", Expression::Object(aws))).build())
        .build();
    Ok(format_blocks([block])?)
}

/// The module block calling this blueprint with its example inputs.
fn module_block(definition: &Definition, source: &str, version: Option<String>) -> Block {
    let label = definition.name.as_str().replace('-', "_");
    let mut body = Body::builder().add_attribute(("source", source));
    if let Some(version) = version {
        body = body.add_attribute(("version", version));
    }
    if let Some(providers) = providers_argument(&definition.provider_aliases) {
        body = body.add_attribute(("providers", providers));
    }
    if let Some(inputs) = definition.example.as_object() {
        for field in &definition.inputs {
            if let Some(value) = inputs.get(&field.name) {
                body = body.add_attribute((field.name.as_str(), variables::value_expression(&field.node, value)));
            }
        }
    }
    Block::builder("module").add_label(label).add_attributes(body.build().into_attributes()).build()
}

/// `examples/basic/main.tf`: a `provider "aws"` block per alias the module needs, then the call.
fn example(definition: &Definition) -> Result<String, EmitError> {
    let providers =
        definition.provider_aliases.iter().map(|provider| aliased_provider_block(provider, Body::default()));
    Ok(format_blocks(providers.chain([module_block(definition, "../..", None)]))?)
}

/// The README's kind of an output: `` `sqs-queue-arn` `` for one value; for many, ``map of
/// `sqs-queue-arn`, keyed like `queues` `` (or ``list of `…`, one per item of `…` ``), without the
/// key part when Terraform computes the keys. The registry reads these cells back.
fn kind_cell(output: &paved_blueprint::Output) -> String {
    use paved_blueprint::{KeySource, OutputShape};
    let kind = output.kind.as_str();
    match output.shape {
        OutputShape::Single => format!("`{kind}`"),
        OutputShape::Map(KeySource::Input(input)) => format!("map of `{kind}`, keyed like `{input}`"),
        OutputShape::Map(KeySource::Computed) => format!("map of `{kind}`"),
        OutputShape::List(KeySource::Input(input)) => format!("list of `{kind}`, one per item of `{input}`"),
        OutputShape::List(KeySource::Computed) => format!("list of `{kind}`"),
    }
}

fn readme(definition: &Definition, main: &template::MainFile) -> Result<String, EmitError> {
    let usage = format_blocks([module_block(
        definition,
        &format!("registry.example.com/platform/{}/aws", definition.name),
        Some(format!("~> {}.{}", definition.version.major, definition.version.minor)),
    )])?;
    let cell = |text: &str| escape_markdown_html(text).replace('|', "\\|").replace('\n', " ");
    let inputs: Vec<serde_json::Value> = definition
        .inputs
        .iter()
        .map(|field: &Field| {
            serde_json::json!({
                "name": field.name,
                "description": cell(&field.description),
                "type": cell(&field.node.shape.to_string()),
                "required": field.required,
                "default": cell(&field.default.as_ref().map(|value| match value {
                    serde_json::Value::String(_) => value.to_string(),
                    other => display_value(other),
                }).unwrap_or_default()),
                "rules": variables::rules(definition, field).iter().map(|rule| cell(rule)).collect::<Vec<_>>().join("<br>"),
            })
        })
        .collect();
    let outputs: Vec<serde_json::Value> = definition
        .outputs
        .iter()
        .map(|output| serde_json::json!({"name": output.name, "kind": kind_cell(output), "description": cell(output.description)}))
        .collect();
    let skips: Vec<serde_json::Value> =
        main.skips.iter().map(|(id, reason)| serde_json::json!({"id": id, "reason": cell(reason)})).collect();
    let context = serde_json::json!({
        "name": definition.name.as_str(),
        "version": definition.version.to_string(),
        "summary": escape_markdown_html(definition.summary),
        "description": escape_markdown_html(definition.description),
        "notes": definition.notes.trim_end(),
        "usage": usage.trim_end(),
        "terraform_version": TERRAFORM_VERSION,
        "aws_version": AWS_PROVIDER_VERSION,
        "inputs": inputs,
        "outputs": outputs,
        "nested": main.nested,
        "providers": definition.provider_aliases.iter().map(|provider| serde_json::json!({
            "alias": provider.alias.as_str(),
            "region": provider.region.as_str(),
            "reason": cell(provider.reason),
        })).collect::<Vec<_>>(),
        "skips": skips,
    });
    render_text_template(include_str!("../templates/module-readme.md.hbs"), &context)
        .map_err(|error| EmitError::Readme { blueprint: definition.name.to_string(), message: error.to_string() })
}

#[cfg(test)]
mod error_tests {
    use super::*;

    #[test]
    fn a_failed_file_operation_names_the_action_the_path_and_a_fix() {
        let error = |kind| EmitError::Io {
            action: "create",
            path: PathBuf::from("out/module"),
            source: std::io::Error::from(kind),
        };
        assert_eq!(
            error(std::io::ErrorKind::PermissionDenied).to_string(),
            "cannot create `out/module`: permission denied; check that you may write there, or choose another output directory"
        );
        assert_eq!(
            error(std::io::ErrorKind::ReadOnlyFilesystem).to_string(),
            "cannot create `out/module`: read-only filesystem or storage medium; the file system is read-only: choose another output directory"
        );
        assert_eq!(
            error(std::io::ErrorKind::Interrupted).to_string(),
            "cannot create `out/module`: operation interrupted"
        );
    }
}

#[cfg(test)]
mod output_tests {
    use super::*;
    use paved_blueprint::{Blueprint, OutputShape, ValueKind};
    use paved_catalog::baseline_lambda::BaselineLambda;

    #[test]
    fn an_output_value_that_is_not_hcl_is_refused_naming_the_output_not_written_as_null() {
        let mut definition = BaselineLambda::definition();
        definition.outputs.push(paved_blueprint::Output {
            name: "broken",
            kind: ValueKind::from_static("lambda-function-arn"),
            shape: OutputShape::Single,
            description: "Not an expression.",
            value: "aws_lambda_function.this.[arn",
            present_when: None,
        });
        let message = outputs(&definition).expect_err("not HCL").to_string();
        assert!(
            message.starts_with("blueprint `baseline-lambda`: main.tf.hbs: the output `broken` has the value `aws_lambda_function.this.[arn`, which is not an HCL expression"),
            "{message}"
        );
    }
}
