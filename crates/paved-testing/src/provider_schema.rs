//! Provider-schema validity: every emitted `resource` and `data` block fits the real
//! hashicorp/aws provider schema.
//!
//! `terraform validate` would check this, but it needs the provider binary, which cannot be
//! installed offline. Paved's `tests/data/aws-provider-schema.json` holds the same facts, extracted
//! from the prebuilt CDKTF bindings by `tests/tools/extract-aws-schema.mjs` (see its header for how
//! and how to regenerate), and is embedded in this crate. For each block this checks, recursively
//! through nested and `dynamic` blocks: every attribute exists and is not computed-only, every
//! nested block exists as a block, required attributes (and blocks with `min_items` 1) are present,
//! and a block allowed at most once is written at most once. Meta-arguments (`count`, `for_each`,
//! `depends_on`, `provider`, `lifecycle`, and `provisioner`/`connection` on resources) are allowed.
//!
//! Not checked: attribute values and types, and the inside of object-valued attributes (the
//! extracted schema does not record them).

use crate::modules::{Blueprints, terraform_files};
use paved_hcl::hcl::{Block, Body, Structure};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

/// The schema file in Paved's repository, embedded in this crate.
pub const SCHEMA_FILE: &str = "tests/data/aws-provider-schema.json";
/// The script in Paved's repository that writes [`SCHEMA_FILE`] and lists the types it holds.
pub const EXTRACTOR: &str = "tests/tools/extract-aws-schema.mjs";
/// How to regenerate [`SCHEMA_FILE`], for failure messages.
pub const REGENERATE: &str = "in a scratch folder, `npm install @cdktf/provider-aws@21 --ignore-scripts`; then, in \
     Paved's repository, `node tests/tools/extract-aws-schema.mjs <scratch folder>/node_modules/@cdktf/provider-aws`";

/// The embedded schema file.
const EMBEDDED: &str = include_str!("../../../tests/data/aws-provider-schema.json");

/// Checks every `.tf` file of the modules emitted from every blueprint with a folder under
/// `folder`: one line per problem, and the number of `resource` and `data` blocks checked.
pub(crate) fn schema_problems(blueprints: Blueprints<'_>, folder: &Path) -> (Vec<String>, usize) {
    let schema = ProviderSchema::embedded();
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let modules = blueprints.emit_with_folder(folder, scratch.path());
    let mut problems = Vec::new();
    let mut checked_blocks = 0;
    for file in modules.iter().flat_map(|(_, directory)| terraform_files(directory)) {
        let label = file.strip_prefix(scratch.path()).unwrap_or(&file).display().to_string();
        let text = std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("reading `{label}`: {error}"));
        let body = paved_hcl::hcl::from_str::<Body>(&text)
            .unwrap_or_else(|error| panic!("hcl-rs cannot parse emitted `{label}`: {error}"));
        checked_blocks += body.blocks().filter(|block| matches!(block.identifier(), "resource" | "data")).count();
        problems.extend(schema.check_file(&label, &body));
    }
    (problems, checked_blocks)
}

/// The failure message for problems found by [`schema_problems`].
pub(crate) fn schema_message(problems: &[String]) -> String {
    let schema = ProviderSchema::embedded();
    format!(
        "{} problem(s) against the aws provider {} schema in the emitted modules:\n  {}\n\
         Fix the blueprint. If the schema misses a type, it is added to the lists in {EXTRACTOR} of Paved's \
         repository and {SCHEMA_FILE} regenerated: {REGENERATE}",
        problems.len(),
        schema.aws_provider_version,
        problems.join("\n  "),
    )
}

// ---------------------------------------------------------------------------------------------
// The schema file.

/// The part of the hashicorp/aws provider schema Paved's blueprints may use, as embedded from
/// Paved's `tests/data/aws-provider-schema.json`.
#[derive(Debug)]
pub struct ProviderSchema {
    aws_provider_version: String,
    resources: BTreeMap<String, BlockSchema>,
    data_sources: BTreeMap<String, BlockSchema>,
}

/// The attributes and nested blocks of a resource, data source or nested block.
#[derive(Debug)]
struct BlockSchema {
    attributes: BTreeMap<String, AttributeSchema>,
    blocks: BTreeMap<String, NestedBlockSchema>,
}

/// Whether an attribute may, must or cannot be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttributeSchema {
    Required,
    /// Optional, whether or not the provider also computes it.
    Optional,
    ComputedOnly,
}

/// A nested block type.
#[derive(Debug)]
struct NestedBlockSchema {
    nesting: Nesting,
    min_items: u64,
    max_items: Option<u64>,
    body: BlockSchema,
}

/// Terraform's nesting modes for blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nesting {
    List,
    Set,
    Single,
    Map,
}

impl NestedBlockSchema {
    fn at_most_once(&self) -> bool {
        self.nesting == Nesting::Single || self.max_items == Some(1)
    }
}

impl ProviderSchema {
    /// The schema embedded in this crate (hashicorp/aws, the version [`Self::aws_provider_version`]
    /// names), read once.
    ///
    /// ```
    /// let schema = paved_testing::ProviderSchema::embedded();
    /// assert!(schema.resource_types().any(|name| name == "aws_lambda_function"));
    /// let body: paved_hcl::hcl::Body = paved_hcl::hcl::from_str(r#"resource "aws_sqs_queue" "this" { nmae = "x" }"#)?;
    /// assert_eq!(
    ///     schema.check_file("main.tf", &body),
    ///     [format!(
    ///         "main.tf: resource aws_sqs_queue.this: attribute `nmae` is not in the aws provider {} schema",
    ///         schema.aws_provider_version()
    ///     )]
    /// );
    /// # Ok::<(), paved_hcl::hcl::Error>(())
    /// ```
    pub fn embedded() -> &'static ProviderSchema {
        static SCHEMA: LazyLock<ProviderSchema> = LazyLock::new(|| {
            let json: Value = serde_json::from_str(EMBEDDED)
                .unwrap_or_else(|error| panic!("the embedded {SCHEMA_FILE} is not JSON: {error}"));
            ProviderSchema::from_json(&json)
                .unwrap_or_else(|error| panic!("the embedded {SCHEMA_FILE}: {error}; regenerate it: {REGENERATE}"))
        });
        &SCHEMA
    }

    /// The hashicorp/aws version the schema was extracted from, such as `6.25.0`.
    pub fn aws_provider_version(&self) -> &str {
        &self.aws_provider_version
    }

    /// The resource types the schema holds, in name order.
    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.resources.keys().map(String::as_str)
    }

    /// The data source types the schema holds, in name order.
    pub fn data_source_types(&self) -> impl Iterator<Item = &str> {
        self.data_sources.keys().map(String::as_str)
    }

    fn from_json(json: &Value) -> Result<ProviderSchema, String> {
        let types = |key: &str| -> Result<BTreeMap<String, BlockSchema>, String> {
            object(json, key, "the top level")?
                .iter()
                .map(|(name, block)| Ok((name.clone(), BlockSchema::from_json(block, name)?)))
                .collect()
        };
        let provider = json.get("provider").ok_or("no `provider` object")?;
        let version =
            provider.get("aws_provider_version").and_then(Value::as_str).ok_or("no `provider.aws_provider_version`")?;
        Ok(ProviderSchema {
            aws_provider_version: version.to_owned(),
            resources: types("resources")?,
            data_sources: types("data_sources")?,
        })
    }

    /// Checks every `resource` and `data` block of one file, returning one line per problem, each
    /// starting with `file` (the name to show).
    pub fn check_file(&self, file: &str, body: &Body) -> Vec<String> {
        let mut problems = Vec::new();
        for block in body.blocks() {
            let (kind, types, level) = match block.identifier() {
                "resource" => ("resource", &self.resources, Level::Resource),
                "data" => ("data", &self.data_sources, Level::DataSource),
                _ => continue,
            };
            let [type_name, name] = block.labels() else {
                problems.push(format!("{file}: a `{kind}` block has {} labels instead of 2", block.labels().len()));
                continue;
            };
            let (type_name, name) = (type_name.as_str(), name.as_str());
            let mut report = Report {
                context: format!("{file}: {kind} {type_name}.{name}"),
                version: &self.aws_provider_version,
                problems: &mut problems,
            };
            match types.get(type_name) {
                Some(schema) => report.check_body(&block.body, schema, level, ""),
                None => {
                    let what = if kind == "data" { "data source" } else { "resource" };
                    report.push(format!(
                        "{what} type `{type_name}` is not in {SCHEMA_FILE}; add it to the list in {EXTRACTOR} and regenerate"
                    ));
                }
            }
        }
        problems
    }
}

impl BlockSchema {
    fn from_json(json: &Value, path: &str) -> Result<BlockSchema, String> {
        let attributes = object(json, "attributes", path)?
            .iter()
            .map(|(name, attribute)| {
                let flag = |key: &str| attribute.get(key).and_then(Value::as_bool).unwrap_or(false);
                let schema = match (flag("required"), flag("optional"), flag("computed")) {
                    (true, false, false) => AttributeSchema::Required,
                    (false, true, _) => AttributeSchema::Optional,
                    (false, false, true) => AttributeSchema::ComputedOnly,
                    _ => return Err(format!("`{path}.{name}` is not exactly one of required, optional, computed")),
                };
                Ok((name.clone(), schema))
            })
            .collect::<Result<_, String>>()?;
        let blocks = object(json, "blocks", path)?
            .iter()
            .map(|(name, block)| {
                let path = format!("{path}.{name}");
                let nesting = match block.get("nesting").and_then(Value::as_str) {
                    Some("list") => Nesting::List,
                    Some("set") => Nesting::Set,
                    Some("single") => Nesting::Single,
                    Some("map") => Nesting::Map,
                    other => return Err(format!("`{path}` has nesting {other:?}")),
                };
                let count = |key: &str| block.get(key).and_then(Value::as_u64);
                let body = BlockSchema::from_json(block, &path)?;
                let schema = NestedBlockSchema {
                    nesting,
                    min_items: count("min_items").unwrap_or(0),
                    max_items: count("max_items"),
                    body,
                };
                Ok((name.clone(), schema))
            })
            .collect::<Result<_, String>>()?;
        Ok(BlockSchema { attributes, blocks })
    }
}

fn object<'a>(json: &'a Value, key: &str, path: &str) -> Result<&'a serde_json::Map<String, Value>, String> {
    json.get(key).and_then(Value::as_object).ok_or_else(|| format!("`{path}` has no `{key}` object"))
}

// ---------------------------------------------------------------------------------------------
// The check.

/// Where a body sits, which decides the meta-arguments it may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Resource,
    DataSource,
    Nested,
}

impl Level {
    fn allows_meta_attribute(self, name: &str) -> bool {
        self != Level::Nested && matches!(name, "count" | "for_each" | "depends_on" | "provider")
    }
}

/// Collects the problems of one `resource` or `data` block, each prefixed with its context.
struct Report<'a> {
    context: String,
    version: &'a str,
    problems: &'a mut Vec<String>,
}

impl Report<'_> {
    fn push(&mut self, problem: String) {
        self.problems.push(format!("{}: {problem}", self.context));
    }

    /// Checks `body` against `schema`; `prefix` is the dotted path of the enclosing nested blocks.
    fn check_body(&mut self, body: &Body, schema: &BlockSchema, level: Level, prefix: &str) {
        let version = self.version;
        let mut set_attributes = BTreeSet::new();
        let mut static_blocks: BTreeMap<&str, usize> = BTreeMap::new();
        let mut dynamic_blocks = BTreeSet::new();
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attribute) => {
                    let name = attribute.key();
                    if level.allows_meta_attribute(name) {
                        continue;
                    }
                    if !set_attributes.insert(name) {
                        self.push(format!("attribute `{prefix}{name}` is set twice"));
                    }
                    match schema.attributes.get(name) {
                        Some(AttributeSchema::ComputedOnly) => {
                            self.push(format!(
                                "attribute `{prefix}{name}` is computed by the provider and cannot be set"
                            ));
                        }
                        Some(_) => {}
                        None if schema.blocks.contains_key(name) => self.push(format!(
                            "`{prefix}{name}` is a block in the schema; write `{name} {{ ... }}`, not `{name} = ...`"
                        )),
                        None => {
                            self.push(format!("attribute `{prefix}{name}` is not in the aws provider {version} schema"))
                        }
                    }
                }
                Structure::Block(block) => {
                    let name = block.identifier();
                    match name {
                        "lifecycle" if level != Level::Nested => self.check_lifecycle(block, level),
                        "provisioner" | "connection" if level == Level::Resource => {}
                        "dynamic" => {
                            if let Some(name) = self.check_dynamic(block, schema, prefix) {
                                dynamic_blocks.insert(name);
                            }
                        }
                        _ => match schema.blocks.get(name) {
                            Some(nested) => {
                                *static_blocks.entry(name).or_default() += 1;
                                self.check_labels(block, nested, &format!("{prefix}{name}"));
                                self.check_body(&block.body, &nested.body, Level::Nested, &format!("{prefix}{name}."));
                            }
                            None if schema.attributes.contains_key(name) => self.push(format!(
                                "`{prefix}{name}` is an attribute in the schema; write `{name} = ...`, not a block"
                            )),
                            None => {
                                self.push(format!("block `{prefix}{name}` is not in the aws provider {version} schema"))
                            }
                        },
                    }
                }
            }
        }
        for (name, attribute) in &schema.attributes {
            if *attribute == AttributeSchema::Required && !set_attributes.contains(name.as_str()) {
                self.push(format!("required attribute `{prefix}{name}` is missing"));
            }
        }
        for (name, nested) in &schema.blocks {
            let written = static_blocks.get(name.as_str()).copied().unwrap_or(0);
            if nested.min_items > 0 && written == 0 && !dynamic_blocks.contains(name.as_str()) {
                self.push(format!("required block `{prefix}{name}` is missing"));
            }
            if nested.at_most_once() && written > 1 {
                self.push(format!("block `{prefix}{name}` appears {written} times; the schema allows at most one"));
            }
        }
    }

    /// Checks `dynamic "X" { for_each = ... content { ... } }`, returning X when it is a block type.
    fn check_dynamic<'b>(&mut self, block: &'b Block, schema: &BlockSchema, prefix: &str) -> Option<&'b str> {
        let version = self.version;
        let [label] = block.labels() else {
            self.push(format!("a `dynamic` block in `{prefix}` has {} labels instead of 1", block.labels().len()));
            return None;
        };
        let name = label.as_str();
        let Some(nested) = schema.blocks.get(name) else {
            if schema.attributes.contains_key(name) {
                self.push(format!("`{prefix}{name}` is an attribute in the schema; a `dynamic` block cannot set it"));
            } else {
                self.push(format!("dynamic block `{prefix}{name}` is not in the aws provider {version} schema"));
            }
            return None;
        };
        let mut has_for_each = false;
        let mut contents = 0;
        for structure in block.body.iter() {
            match structure {
                Structure::Attribute(attribute) => match attribute.key() {
                    "for_each" => has_for_each = true,
                    "iterator" | "labels" => {}
                    other => self.push(format!("`dynamic \"{prefix}{name}\"` takes no argument `{other}`")),
                },
                Structure::Block(content) if content.identifier() == "content" && content.labels().is_empty() => {
                    contents += 1;
                    self.check_body(&content.body, &nested.body, Level::Nested, &format!("{prefix}{name}."));
                }
                Structure::Block(other) => {
                    self.push(format!(
                        "`dynamic \"{prefix}{name}\"` holds a `{}` block; only `content` belongs there",
                        other.identifier()
                    ));
                }
            }
        }
        if !has_for_each {
            self.push(format!("`dynamic \"{prefix}{name}\"` has no `for_each`"));
        }
        if contents != 1 {
            self.push(format!("`dynamic \"{prefix}{name}\"` has {contents} `content` blocks instead of 1"));
        }
        Some(name)
    }

    /// A map-nested block takes one label (its key); every other nested block takes none.
    fn check_labels(&mut self, block: &Block, nested: &NestedBlockSchema, path: &str) {
        let expected = usize::from(nested.nesting == Nesting::Map);
        if block.labels().len() != expected {
            self.push(format!("block `{path}` has {} labels; it takes {expected}", block.labels().len()));
        }
    }

    /// Terraform's own `lifecycle` arguments: `ignore_changes` and friends only on resources.
    fn check_lifecycle(&mut self, block: &Block, level: Level) {
        for structure in block.body.iter() {
            let (allowed, what, name) = match structure {
                Structure::Attribute(attribute) => (
                    level == Level::Resource
                        && matches!(
                            attribute.key(),
                            "create_before_destroy" | "prevent_destroy" | "ignore_changes" | "replace_triggered_by"
                        ),
                    "argument",
                    attribute.key(),
                ),
                Structure::Block(inner) => {
                    (matches!(inner.identifier(), "precondition" | "postcondition"), "block", inner.identifier())
                }
            };
            if !allowed {
                self.push(format!("`lifecycle` takes no {what} `{name}` here"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_checker_reports_each_kind_of_mistake() {
        let schema = ProviderSchema::embedded();
        let mistakes = r#"
    resource "aws_lambda_function" "broken" {
      role        = "arn:aws:iam::123456789012:role/example"
      memory_sise = 256
      arn         = "arn:aws:lambda:eu-west-1:123456789012:function:example"

      tracing_configuration {
        mode = "Active"
      }

      tracing_config {
        mode = "Active"
      }

      tracing_config {
        mode = "PassThrough"
      }

      dynamic "dead_letter_configuration" {
        for_each = []
        content {}
      }

      dynamic "dead_letter_config" {
        for_each = []
        content {
          target_arm = "arn:aws:sqs:eu-west-1:123456789012:dlq"
        }
      }

      environment = {}
      tags {}
    }

    resource "aws_scheduler_schedule" "broken" {
      schedule_expression = "rate(1 hour)"
    }

    data "aws_iam_policy_document" "broken" {
      statement {
        principals {
          identifiers = ["lambda.amazonaws.com"]
        }
      }
    }

    resource "aws_not_a_real_type" "broken" {}
    "#;
        let body = paved_hcl::hcl::from_str::<Body>(mistakes).expect("the snippet parses");
        let problems = schema.check_file("snippet.tf", &body);
        let version = &schema.aws_provider_version;
        let lambda = "snippet.tf: resource aws_lambda_function.broken";
        let expected = [
            format!("{lambda}: attribute `memory_sise` is not in the aws provider {version} schema"),
            format!("{lambda}: attribute `arn` is computed by the provider and cannot be set"),
            format!("{lambda}: required attribute `function_name` is missing"),
            format!("{lambda}: block `tracing_configuration` is not in the aws provider {version} schema"),
            format!("{lambda}: block `tracing_config` appears 2 times; the schema allows at most one"),
            format!("{lambda}: dynamic block `dead_letter_configuration` is not in the aws provider {version} schema"),
            format!(
                "{lambda}: `environment` is a block in the schema; write `environment {{ ... }}`, not `environment = ...`"
            ),
            format!("{lambda}: `tags` is an attribute in the schema; write `tags = ...`, not a block"),
            format!("{lambda}: attribute `dead_letter_config.target_arm` is not in the aws provider {version} schema"),
            format!("{lambda}: required attribute `dead_letter_config.target_arn` is missing"),
            "snippet.tf: resource aws_scheduler_schedule.broken: required block `flexible_time_window` is missing"
                .to_owned(),
            "snippet.tf: resource aws_scheduler_schedule.broken: required block `target` is missing".to_owned(),
            "snippet.tf: data aws_iam_policy_document.broken: required attribute `statement.principals.type` is missing"
                .to_owned(),
            format!(
                "snippet.tf: resource aws_not_a_real_type.broken: resource type `aws_not_a_real_type` is not in \
                 {SCHEMA_FILE}; add it to the list in {EXTRACTOR} and regenerate"
            ),
        ];
        for message in &expected {
            assert!(
                problems.contains(message),
                "the checker missed:\n  {message}\nit reported:\n  {}",
                problems.join("\n  ")
            );
        }
        assert_eq!(problems.len(), expected.len(), "unexpected extra reports:\n  {}", problems.join("\n  "));

        let correct = r#"
    resource "aws_lambda_function" "fine" {
      function_name = "example"
      role          = "arn:aws:iam::123456789012:role/example"
      memory_size   = 256
      count         = 1

      tracing_config {
        mode = "Active"
      }

      dynamic "dead_letter_config" {
        for_each = ["arn:aws:sqs:eu-west-1:123456789012:dlq"]
        content {
          target_arn = dead_letter_config.value
        }
      }

      lifecycle {
        ignore_changes = [tags]
      }

      depends_on = []
    }
    "#;
        let body = paved_hcl::hcl::from_str::<Body>(correct).expect("the snippet parses");
        assert_eq!(schema.check_file("fine.tf", &body), Vec::<String>::new());
    }
}
