//! The real Terraform validates and plans everything Paved emits, offline and without
//! credentials, against the stand-in for hashicorp/aws (`tests/aws-standin/`, the
//! `terraform-provider-aws` binary of this package), found through a `dev_overrides` CLI
//! configuration this file writes:
//!
//! * every emitted blueprint module: `terraform validate`, then `validate` and
//!   `plan -refresh=false` of its `examples/basic` (the module with its example inputs);
//! * the composed example stack (vendored), planned in every environment with its tfvars;
//! * the event-bus stack (`tests/data/event-bus/`: a bus rule targeting a queue that names it), likewise,
//!   and event-bus's preconditions (target type against ARN, FIFO targets, more than 5 targets);
//! * the stack of every service type `paved new-service` scaffolds, likewise;
//! * a stack of test blueprints needing the provider alias `aws.us_east_1`, likewise, and their
//!   modules' examples: the alias defined in us-east-1 and used by the resources that ask for it;
//! * every IAM policy in those plans ([`iam`]): `service:Action` actions that exist, no Allow of a
//!   wildcard action, resources of the action's types, `"*"` only for actions without
//!   resource-level permissions (`tests/data/iam-actions.json`).
//!
//! A self-test plants the mistakes the name-level checks (`provider_schema.rs`) miss and shows
//! each is caught.

use paved_tests::{
    compose_stack, emit_catalog, example_stack_file, fulfilment_stack_file, require_tool, scaffold_example_service,
    service_types,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

mod iam;

/// The stand-in provider binary Cargo built with this test.
const STAND_IN: &str = env!("CARGO_BIN_EXE_terraform-provider-aws");

/// One Terraform configuration to check: a folder, and the variable files to plan it with (one
/// plan each; one plan without any when empty).
struct Configuration {
    label: String,
    folder: PathBuf,
    var_files: Vec<String>,
}

/// A scratch folder with the CLI configuration that points `hashicorp/aws` at the stand-in.
struct Workbench {
    scratch: tempfile::TempDir,
    terraform: PathBuf,
}

impl Workbench {
    fn new() -> Option<Workbench> {
        let terraform = require_tool("terraform")?;
        let scratch = tempfile::tempdir().expect("temp dir");
        let folder = Path::new(STAND_IN).parent().expect("the binary's folder");
        let config = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"hashicorp/aws\" = {}\n  }}\n  direct {{}}\n}}\n",
            serde_json::to_string(&folder.to_string_lossy()).expect("a JSON string")
        );
        std::fs::write(scratch.path().join("terraformrc"), config).expect("writes the CLI configuration");
        Some(Workbench { scratch, terraform })
    }

    fn root(&self) -> &Path {
        self.scratch.path()
    }

    /// `terraform <arguments>` in `folder`: offline, no checkpoint, the stand-in for hashicorp/aws,
    /// no credentials, and no Rust backtraces in the stand-in's diagnostics.
    fn run(&self, folder: &Path, arguments: &[&str]) -> Output {
        let mut command = Command::new(&self.terraform);
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            if text.starts_with("AWS_") || text.starts_with("TF_") {
                command.env_remove(&name);
            }
        }
        command
            .current_dir(folder)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_CLI_CONFIG_FILE", self.root().join("terraformrc"))
            .env("RUST_LIB_BACKTRACE", "0")
            .args(arguments)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|error| panic!("running {}: {error}", self.terraform.display()))
    }

    /// Runs `arguments`; the failure text (or `None` when it succeeded).
    fn failure(&self, folder: &Path, arguments: &[&str]) -> Option<String> {
        let output = self.run(folder, arguments);
        (!output.status.success()).then(|| {
            format!(
                "`terraform {}` in {} failed:\n{}{}",
                arguments.join(" "),
                folder.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        })
    }

    /// `terraform get`, `validate` and, per variable file, `plan -refresh=false` then
    /// `show -json` of the plan. Returns the problems and the JSON plans.
    fn check(&self, configuration: &Configuration) -> (Vec<String>, Vec<Value>) {
        let folder = &configuration.folder;
        create_package_files(folder);
        let mut problems = Vec::new();
        let mut plans = Vec::new();
        for arguments in [&["get", "-no-color"][..], &["validate", "-no-color"]] {
            if let Some(failure) = self.failure(folder, arguments) {
                problems.push(format!("{}: {failure}", configuration.label));
                return (problems, plans);
            }
        }
        let var_files: Vec<Option<&String>> = if configuration.var_files.is_empty() {
            vec![None]
        } else {
            configuration.var_files.iter().map(Some).collect()
        };
        for var_file in var_files {
            let mut arguments =
                vec!["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=tfplan"];
            let var_file_argument = var_file.map(|file| format!("-var-file={file}"));
            arguments.extend(var_file_argument.as_deref());
            let label = match var_file {
                Some(file) => format!("{} with {file}", configuration.label),
                None => configuration.label.clone(),
            };
            if let Some(failure) = self.failure(folder, &arguments) {
                problems.push(format!("{label}: {failure}"));
                continue;
            }
            let shown = self.run(folder, &["show", "-json", "tfplan"]);
            assert!(shown.status.success(), "terraform show -json failed: {}", String::from_utf8_lossy(&shown.stderr));
            let plan: Value = serde_json::from_slice(&shown.stdout).expect("terraform show -json prints JSON");
            let iam = iam::check_plan(&plan);
            eprintln!(
                "  {label}: {} resources planned, {} policy statements checked ({} with resources known only after apply that refer to no resource here)",
                plan["resource_changes"].as_array().map_or(0, Vec::len),
                iam.statements,
                iam.undetermined
            );
            problems.extend(iam.problems.into_iter().map(|problem| format!("{label}: {problem}")));
            plans.push(plan);
        }
        (problems, plans)
    }
}

/// Every `"….zip"` a configuration's `.tf` and `.tfvars` files name (the function packages,
/// which `filebase64sha256` reads at plan time) is created empty, relative to `folder`.
fn create_package_files(folder: &Path) {
    let mut files = paved_tests::terraform_files(folder);
    if let Ok(entries) = std::fs::read_dir(folder.join("environments")) {
        files.extend(entries.flatten().map(|entry| entry.path()));
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for literal in text.split('"').skip(1).step_by(2).filter(|literal| literal.ends_with(".zip")) {
            let base = if file.starts_with(folder.join("modules")) { file.parent().expect("a folder") } else { folder };
            let package = base.join(literal);
            if !package.exists() {
                std::fs::create_dir_all(package.parent().expect("a folder")).expect("creates the package folder");
                std::fs::write(&package, b"").expect("creates the package file");
            }
        }
    }
}

/// The `-var-file` arguments of a composed stack: one per environment.
fn environment_files(folder: &Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(folder.join("environments"))
        .expect("a composed stack has environments/")
        .flatten()
        .map(|entry| format!("environments/{}", entry.file_name().to_string_lossy()))
        .filter(|name| name.ends_with(".tfvars"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no environment", folder.display());
    files
}

fn assert_no_problems(what: &str, problems: Vec<String>, started: Instant, count: usize) {
    eprintln!("{what}: {count} configurations validated and planned in {:.1} s", started.elapsed().as_secs_f64());
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

#[test]
fn every_blueprint_module_validates_and_its_example_plans() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let modules = emit_catalog(&bench.root().join("modules"));
    assert!(!modules.is_empty(), "the catalog is empty");
    let mut problems = Vec::new();
    let mut count = 0;
    for (name, folder) in &modules {
        let module = Configuration { label: format!("module {name}"), folder: folder.clone(), var_files: Vec::new() };
        for arguments in [&["get", "-no-color"][..], &["validate", "-no-color"]] {
            problems
                .extend(bench.failure(&module.folder, arguments).map(|failure| format!("{}: {failure}", module.label)));
        }
        let example = Configuration {
            label: format!("module {name}, examples/basic"),
            folder: folder.join("examples/basic"),
            var_files: Vec::new(),
        };
        let (found, plans) = bench.check(&example);
        problems.extend(found);
        problems.extend(expect_resources(&example.label, &plans));
        count += 2;
    }
    assert_no_problems("blueprint modules", problems, started, count);
}

#[test]
fn the_example_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("orders");
    compose_stack(&example_stack_file(), paved_stack::ModuleSource::Vendored, &folder);
    let stack = Configuration { label: "stack orders".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    assert_no_problems("the example stack", problems, started, stack.var_files.len());
}

/// The stream stack of `tests/data/streams/` (a table's stream wired into a stream processor).
#[test]
fn the_stream_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("orders-read-model");
    compose_stack(&super::streams::stack_file(), paved_stack::ModuleSource::Vendored, &folder);
    let stack =
        Configuration { label: "stack orders-read-model".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    assert_no_problems("the stream stack", problems, started, stack.var_files.len());
}

/// A bus rule whose target is an sqs-redrive queue naming that rule as a sender: the two
/// instances refer to each other, and Terraform orders them (no cycle) in every environment.
#[test]
fn the_event_bus_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("order-events");
    compose_stack(&super::event_bus::stack_file(), paved_stack::ModuleSource::Vendored, &folder);
    let stack = Configuration { label: "stack order-events".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    for plan in &plans {
        let created: Vec<&str> = plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|change| change["address"].as_str())
            .collect();
        for address in [
            "module.bus.aws_cloudwatch_event_target.this[\"orders/fulfil\"]",
            "module.bus.aws_sqs_queue_policy.dead_letter",
            "module.queue.aws_sqs_queue_policy.https_only[\"main\"]",
        ] {
            if !created.contains(&address) {
                problems.push(format!("{}: the plan does not create `{address}`", stack.label));
            }
        }
    }
    assert_no_problems("the event-bus stack", problems, started, stack.var_files.len());
}

/// `tests/data/s3-events/stack.toml`: development notifies the function directly, production
/// routes through EventBridge with a customer-managed bucket key and access logs.
#[test]
fn the_s3_events_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("uploads");
    compose_stack(
        &paved_tests::repository_root().join("tests/data/s3-events/stack.toml"),
        paved_stack::ModuleSource::Vendored,
        &folder,
    );
    let stack = Configuration { label: "stack uploads".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    let planned = |plan: &Value, address: &str| {
        plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|change| change["address"].as_str() == Some(address))
    };
    let rule = "module.uploads.aws_cloudwatch_event_rule.objects[0]";
    let permission = "module.uploads.aws_lambda_permission.s3[0]";
    let logging = "module.uploads.aws_s3_bucket_logging.this[0]";
    let routed: Vec<bool> = plans.iter().map(|plan| planned(plan, rule)).collect();
    if routed.iter().filter(|routed| **routed).count() != 1 || plans.len() != 2 {
        problems.push(format!("one of the two environments routes through EventBridge: {routed:?}"));
    }
    for plan in &plans {
        let through_eventbridge = planned(plan, rule);
        if planned(plan, permission) == through_eventbridge || planned(plan, logging) != through_eventbridge {
            problems.push(format!(
                "the direct permission exists exactly without EventBridge, access logs exactly with the production inputs (EventBridge: {through_eventbridge})"
            ));
        }
    }
    assert_no_problems("the s3-events stack", problems, started, stack.var_files.len());
}

#[test]
fn the_fulfilment_example_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("fulfilment");
    compose_stack(&fulfilment_stack_file(), paved_stack::ModuleSource::Vendored, &folder);
    let stack = Configuration { label: "stack fulfilment".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    assert_no_problems("the fulfilment example", problems, started, stack.var_files.len());
}

#[test]
fn the_workflow_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("fulfilment");
    compose_stack(&super::workflow::data().join("stack.toml"), paved_stack::ModuleSource::Vendored, &folder);
    let stack = Configuration { label: "stack fulfilment".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    assert_no_problems("the workflow stack", problems, started, stack.var_files.len());
}

#[test]
fn every_service_types_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let mut problems = Vec::new();
    let mut count = 0;
    let types = service_types();
    assert!(!types.is_empty(), "no service type");
    for service_type in types {
        let repository = bench.root().join("services").join(&service_type);
        scaffold_example_service(&service_type, None).write_to(&repository, false).expect("writes the service");
        let folder = repository.join("build/terraform");
        compose_stack(&repository.join("infra/stack.toml"), paved_stack::ModuleSource::Vendored, &folder);
        let stack = Configuration {
            label: format!("service type {service_type}"),
            var_files: environment_files(&folder),
            folder,
        };
        let (found, plans) = bench.check(&stack);
        problems.extend(found);
        problems.extend(expect_resources(&stack.label, &plans));
        count += stack.var_files.len();
    }
    assert_no_problems("service stacks", problems, started, count);
}

/// The stack of `tests/data/provider-aliases/` (two blueprints needing `aws.us_east_1`, one
/// nesting the other) in every environment, and the examples of those modules: the aliased
/// provider is defined once, pinned to us-east-1, and every resource that asks for it gets it.
#[test]
fn the_stack_needing_a_provider_alias_plans_in_every_environment() {
    use super::provider_aliases::edge_blueprints::{cloudfront_alarms, edge_alerting, edge_catalog};
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let catalog = edge_catalog();
    let folder = bench.root().join("shop-edge");
    super::provider_aliases::compose(&catalog, &folder);
    let stack = Configuration { label: "stack shop-edge".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    for plan in &plans {
        problems.extend(aliased_resources_problems(&stack.label, plan, &["alarms", "alerting", "alerting.alarms"]));
    }
    let mut count = stack.var_files.len();
    for definition in [cloudfront_alarms(), edge_alerting()] {
        let module = bench.root().join("modules").join(definition.name.as_str());
        let files = paved_module::emit(&definition, &|name| catalog.get(name).ok()).expect("emits");
        files.write_to(&module, true).expect("writes");
        let example = Configuration {
            label: format!("module {}, examples/basic", definition.name),
            folder: module.join("examples/basic"),
            var_files: Vec::new(),
        };
        let (found, plans) = bench.check(&example);
        problems.extend(found);
        problems.extend(expect_resources(&example.label, &plans));
        count += 1;
    }
    assert_no_problems("the stack needing a provider alias", problems, started, count);
}

/// In a plan of the aliased stack: the root defines `aws.us_east_1` in us-east-1, and in each of
/// `modules`, the resources whose template asks for `aws.us_east_1` are configured with it.
fn aliased_resources_problems(label: &str, plan: &Value, modules: &[&str]) -> Vec<String> {
    let configuration = &plan["configuration"];
    let mut problems = Vec::new();
    let region = &configuration["provider_config"]["aws.us_east_1"]["expressions"]["region"]["constant_value"];
    if region != "us-east-1" {
        problems.push(format!("{label}: the root does not define `aws.us_east_1` in us-east-1: {region}"));
    }
    for module in modules {
        let mut node = &configuration["root_module"];
        for call in module.split('.') {
            node = &node["module_calls"][call]["module"];
        }
        let keys: Vec<&str> = node["resources"]
            .as_array()
            .map(|resources| resources.iter().filter_map(|resource| resource["provider_config_key"].as_str()).collect())
            .unwrap_or_default();
        if !keys.iter().any(|key| key.ends_with("aws.us_east_1")) {
            problems.push(format!("{label}: no resource of module `{module}` uses `aws.us_east_1`: {keys:?}"));
        }
    }
    problems
}

/// A plan that creates nothing proves nothing: each must create resources and read the data
/// sources it can.
fn expect_resources(label: &str, plans: &[Value]) -> Vec<String> {
    plans
        .iter()
        .filter(|plan| {
            !plan["resource_changes"].as_array().is_some_and(|changes| {
                changes.iter().any(|change| change["change"]["actions"] == serde_json::json!(["create"]))
            })
        })
        .map(|_| format!("{label}: the plan creates no resource"))
        .collect()
}

/// The mistakes the name-level check cannot see, each planted in a small configuration.
const PLANTED: &[(&str, &str, &str)] = &[
    (
        "a reference to an attribute the resource does not have",
        r#"resource "aws_sqs_queue" "this" {
  name = "planted"
}

output "urls" {
  value = aws_sqs_queue.this.urls
}
"#,
        "Unsupported attribute",
    ),
    (
        "a list where the provider wants a string",
        r#"resource "aws_sqs_queue" "this" {
  name = ["planted"]
}
"#,
        "Incorrect attribute value type",
    ),
    (
        "two blocks where one is allowed",
        r#"resource "aws_lambda_function" "this" {
  function_name = "planted"
  role          = "arn:aws:iam::123456789012:role/planted"

  tracing_config {
    mode = "Active"
  }

  tracing_config {
    mode = "PassThrough"
  }
}
"#,
        "Too many",
    ),
    (
        "a value on a computed-only attribute",
        r#"resource "aws_sqs_queue" "this" {
  name = "planted"
  arn  = "arn:aws:sqs:eu-west-1:123456789012:planted"
}
"#,
        "Value for a computed attribute",
    ),
    (
        "a missing required argument",
        r#"resource "aws_iam_role" "this" {
  name = "planted"
}
"#,
        "Missing required argument",
    ),
    (
        "fewer blocks than the schema's min_items",
        r#"resource "aws_scheduler_schedule" "this" {
  name                = "planted"
  schedule_expression = "rate(1 hour)"

  target {
    arn      = "arn:aws:lambda:eu-west-1:123456789012:function:planted"
    role_arn = "arn:aws:iam::123456789012:role/planted"
  }
}
"#,
        "Not enough blocks",
    ),
    (
        "a for_each over a value known only after apply",
        r#"resource "aws_sqs_queue" "this" {
  name = "planted"
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = toset([aws_sqs_queue.this.url])
  queue_url = each.value
  policy    = "{}"
}
"#,
        "Invalid for_each argument",
    ),
    (
        "an Allow of a wildcard action",
        r#"data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["sqs:*"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:planted"]
  }
}

resource "aws_iam_policy" "this" {
  name   = "planted"
  policy = data.aws_iam_policy_document.this.json
}
"#,
        "wildcard",
    ),
    (
        "\"*\" as the resource of an action that supports resource-level permissions",
        r#"data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "this" {
  name   = "planted"
  policy = data.aws_iam_policy_document.this.json
}
"#,
        "resource-level",
    ),
    (
        "an action that does not exist",
        r#"data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["sqs:SendMessages"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:planted"]
  }
}

resource "aws_iam_policy" "this" {
  name   = "planted"
  policy = data.aws_iam_policy_document.this.json
}
"#,
        "not a known action",
    ),
    (
        "an action granted on another service's resource",
        r#"data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["arn:aws:sns:eu-west-1:123456789012:planted"]
  }
}

resource "aws_iam_policy" "this" {
  name   = "planted"
  policy = data.aws_iam_policy_document.this.json
}
"#,
        "not a resource of",
    ),
    (
        "an action granted on another service's resource known only after apply",
        r#"resource "aws_sqs_queue" "this" {
  name = "planted"
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Publish"
    actions   = ["sns:Publish"]
    resources = [aws_sqs_queue.this.arn]
  }
}

resource "aws_iam_policy" "this" {
  name   = "planted"
  policy = data.aws_iam_policy_document.this.json
}
"#,
        "is not a resource of",
    ),
];

#[test]
fn planted_mistakes_are_each_caught() {
    let Some(bench) = Workbench::new() else { return };
    let mut missed = Vec::new();
    let mut table = Vec::new();
    for (index, (mistake, configuration, expected)) in PLANTED.iter().enumerate() {
        let folder = bench.root().join(format!("planted-{index}"));
        std::fs::create_dir_all(&folder).expect("creates the folder");
        std::fs::write(folder.join("main.tf"), configuration).expect("writes the configuration");
        let planted = Configuration { label: (*mistake).to_owned(), folder, var_files: Vec::new() };
        let (problems, _) = bench.check(&planted);
        let report = problems.join("\n");
        let caught = report.contains(expected);
        table.push(format!("  {} {mistake}", if caught { "caught:" } else { "MISSED:" }));
        if !caught {
            missed.push(format!("planted {mistake}: expected `{expected}` in\n{report}"));
        }
    }
    eprintln!("planted mistakes:\n{}", table.join("\n"));
    assert!(missed.is_empty(), "\n{}", missed.join("\n\n"));
}

/// `event-bus` refuses at plan time what only Terraform sees: a target whose `type` disagrees with
/// its ARN's service, a FIFO queue (no message group ID), and a rule with more than 5 targets.
#[test]
fn the_event_bus_preconditions_refuse_what_eventbridge_would() {
    let Some(bench) = Workbench::new() else { return };
    let catalog = paved_catalog::Catalog::builtin();
    let definition = catalog.get("event-bus").expect("in the catalog");
    let module = bench.root().join("event-bus-preconditions/module");
    paved_module::emit(definition, &|name| catalog.get(name).ok())
        .expect("emits")
        .write_to(&module, true)
        .expect("writes");
    let queue = "arn:aws:sqs:eu-west-1:111122223333:orders";
    let target = |key: &str, kind: &str, arn: &str| format!("\"{key}\" = {{ type = \"{kind}\", arn = \"{arn}\" }}\n");
    let six: String = (1..=6).map(|n| target(&format!("q{n}"), "sqs", queue)).collect();
    let cases = [
        ("a type that disagrees with the ARN", target("fulfil", "lambda", queue), "has type `lambda` but its ARN"),
        ("a FIFO queue", target("fulfil", "sqs", "arn:aws:sqs:eu-west-1:111122223333:orders.fifo"), "is a FIFO queue"),
        ("six targets", six, "more than 5 targets"),
    ];
    let mut missed = Vec::new();
    for (index, (mistake, targets, expected)) in cases.iter().enumerate() {
        let folder = bench.root().join(format!("event-bus-preconditions/case-{index}"));
        std::fs::create_dir_all(&folder).expect("creates the folder");
        let root = format!(
            "module \"bus\" {{\n  source   = \"../module\"\n  bus_name = \"orders\"\n  rules = {{\n    placed = {{\n      event_pattern = jsonencode({{ source = [\"orders\"] }})\n      targets = {{\n{targets}      }}\n    }}\n  }}\n}}\n"
        );
        std::fs::write(folder.join("main.tf"), root).expect("writes the configuration");
        let (problems, _) = bench.check(&Configuration { label: (*mistake).to_owned(), folder, var_files: Vec::new() });
        let report = problems.join("\n");
        if !report.contains(expected) {
            missed.push(format!("{mistake}: expected `{expected}` in\n{report}"));
        }
    }
    assert!(missed.is_empty(), "\n{}", missed.join("\n\n"));
}

/// The stand-in itself: it plans a correct configuration without complaint and refuses to apply.
#[test]
fn the_stand_in_plans_a_correct_configuration_and_never_applies() {
    let Some(bench) = Workbench::new() else { return };
    let folder = bench.root().join("correct");
    std::fs::create_dir_all(&folder).expect("creates the folder");
    std::fs::write(
        folder.join("main.tf"),
        r#"data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_sqs_queue" "this" {
  name = "standin-${data.aws_caller_identity.current.account_id}"
}

output "facts" {
  value = [data.aws_partition.current.partition, data.aws_region.current.region, aws_sqs_queue.this.name]
}
"#,
    )
    .expect("writes the configuration");
    let (problems, plans) =
        bench.check(&Configuration { label: "correct".into(), folder: folder.clone(), var_files: Vec::new() });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let facts = &plans[0]["planned_values"]["outputs"]["facts"]["value"];
    assert_eq!(facts, &serde_json::json!(["aws", "us-east-1", "standin-123456789012"]));
    let queue = &plans[0]["resource_changes"][0];
    assert_eq!(queue["change"]["after_unknown"]["arn"], Value::Bool(true), "{queue}");
    assert_eq!(queue["change"]["after_unknown"]["url"], Value::Bool(true), "{queue}");
    let applied =
        bench.failure(&folder, &["apply", "-auto-approve", "-no-color", "-input=false", "-lock=false", "tfplan"]);
    let applied = applied.expect("apply must fail");
    assert!(applied.contains("never applies"), "{applied}");
}

/// `baseline-lambda` with a dead-letter topic and with a dead-letter queue, each encrypted with a
/// customer-managed key: each function's role may send to exactly its own target with the action
/// of that target's service (`sns:Publish` on the topic, `sqs:SendMessage` on the queue), and use
/// the key only through that service; the function's dead-letter configuration names the target.
/// The IAM check of the plan places each literal ARN by its service, so a queue action granted on
/// the topic (or the reverse) would be reported too.
#[test]
fn a_dead_letter_topic_and_a_dead_letter_queue_each_get_their_own_send_permission() {
    let Some(bench) = Workbench::new() else { return };
    let modules = emit_catalog(&bench.root().join("modules"));
    assert!(modules.iter().any(|(name, _)| name == "baseline-lambda"), "baseline-lambda is emitted");
    let folder = bench.root().join("dead-letters");
    std::fs::create_dir_all(&folder).expect("creates the folder");
    const KEY: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let targets = [
        (
            "to_topic",
            "arn:aws:sns:eu-west-1:123456789012:orders-failures",
            "sns:Publish",
            "sns.eu-west-1.amazonaws.com",
        ),
        ("to_queue", "arn:aws:sqs:eu-west-1:123456789012:orders-dlq", "sqs:SendMessage", "sqs.eu-west-1.amazonaws.com"),
    ];
    let mut configuration = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n".to_owned();
    for (name, target, _, _) in targets {
        configuration.push_str(&format!(
            "\nmodule \"{name}\" {{\n  source                  = \"../modules/baseline-lambda\"\n  function_name           = \"orders-{}\"\n  package_file            = \"build/{name}.zip\"\n  dead_letter_target_arn  = \"{target}\"\n  dead_letter_kms_key_arn = \"{KEY}\"\n}}\n",
            name.replace('_', "-")
        ));
    }
    std::fs::write(folder.join("main.tf"), configuration).expect("writes the configuration");
    let (problems, plans) =
        bench.check(&Configuration { label: "dead-letter targets".into(), folder, var_files: Vec::new() });
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
    let changes = plans[0]["resource_changes"].as_array().expect("resource changes");
    let planned = |address: &str| {
        changes
            .iter()
            .find(|change| change["address"] == address)
            .map(|change| &change["change"]["after"])
            .unwrap_or_else(|| panic!("the plan has `{address}`"))
    };
    for (name, target, action, service) in targets {
        let document = planned(&format!("module.{name}.data.aws_iam_policy_document.permissions"));
        let statement = |sid: &str| {
            document["statement"]
                .as_array()
                .and_then(|statements| statements.iter().find(|statement| statement["sid"] == sid))
                .unwrap_or_else(|| panic!("{name}: a statement `{sid}` in {document}"))
        };
        let send = statement("SendToDeadLetterTarget");
        assert_eq!(send["actions"], serde_json::json!([action]), "{name}: {send}");
        assert_eq!(send["resources"], serde_json::json!([target]), "{name}: {send}");
        let key = statement("EncryptDeadLetters");
        assert_eq!(key["resources"], serde_json::json!([KEY]), "{name}: {key}");
        let via = key["condition"]
            .as_array()
            .and_then(|conditions| conditions.iter().find(|condition| condition["variable"] == "kms:ViaService"));
        assert_eq!(via.map(|condition| &condition["values"]), Some(&serde_json::json!([service])), "{name}: {key}");
        let function = planned(&format!("module.{name}.aws_lambda_function.this"));
        assert_eq!(function["dead_letter_config"][0]["target_arn"], target, "{name}: {function}");
    }
}

/// The `sns-fanout` stack of `tests/data/fanout/` (a role and an EventBridge rule publishing to a
/// topic encrypted with a customer-managed key, two queues subscribed) in every environment.
#[test]
fn the_fanout_stack_plans_in_every_environment() {
    let Some(bench) = Workbench::new() else { return };
    let started = Instant::now();
    let folder = bench.root().join("notifications");
    let stack_file = paved_tests::repository_root().join("tests/data/fanout/stack.toml");
    compose_stack(&stack_file, paved_stack::ModuleSource::Vendored, &folder);
    let stack = Configuration { label: "stack notifications".into(), var_files: environment_files(&folder), folder };
    let (mut problems, plans) = bench.check(&stack);
    problems.extend(expect_resources(&stack.label, &plans));
    assert_no_problems("the fanout stack", problems, started, stack.var_files.len());
}

/// What `sns-fanout` refuses at plan time: with its `precondition`s, which its input types cannot
/// state, an EventBridge rule publishing to a topic under the AWS-managed key (EventBridge cannot
/// use it) and a queue of another account (its subscription would stay pending confirmation);
/// with its `validation`, a filter policy that looks like an object but is not JSON.
#[test]
fn the_fanout_module_refuses_at_plan_time_what_sns_and_eventbridge_would() {
    let Some(bench) = Workbench::new() else { return };
    let modules = emit_catalog(&bench.root().join("modules"));
    assert!(modules.iter().any(|(name, _)| name == "sns-fanout"), "sns-fanout is emitted");
    let cases = [
        (
            "an event rule publisher without a key of the caller's",
            "publisher_event_rule_arns = [\"arn:aws:events:eu-west-1:123456789012:rule/order-shipped\"]",
            "EventBridge cannot publish to orders while it is encrypted with the AWS-managed key",
        ),
        (
            "a filter policy that is not JSON",
            "subscriptions = { billing = { queue_arn = \"arn:aws:sqs:eu-west-1:123456789012:billing\", filter_policy = \"{type: refund}\" } }",
            "Input every item of subscriptions.filter_policy must be the JSON text of an object",
        ),
        (
            "a queue of another account",
            "subscriptions = { billing = { queue_arn = \"arn:aws:sqs:eu-west-1:444455556666:billing\" } }",
            "The queue of subscription billing is in another account than orders",
        ),
    ];
    let mut missed = Vec::new();
    for (index, (case, inputs, expected)) in cases.iter().enumerate() {
        let folder = bench.root().join(format!("fanout-refused-{index}"));
        std::fs::create_dir_all(&folder).expect("creates the folder");
        let configuration = format!(
            "provider \"aws\" {{\n  region = \"eu-west-1\"\n}}\n\nmodule \"fanout\" {{\n  source     = \"../modules/sns-fanout\"\n  topic_name = \"orders\"\n  {inputs}\n}}\n"
        );
        std::fs::write(folder.join("main.tf"), configuration).expect("writes the configuration");
        let (problems, _) = bench.check(&Configuration { label: (*case).to_owned(), folder, var_files: Vec::new() });
        // Terraform wraps a diagnostic's message; compare with the white space collapsed.
        let report = problems.join("\n").split_whitespace().collect::<Vec<_>>().join(" ");
        if !report.contains(expected) {
            missed.push(format!("{case}: expected `{expected}` in\n{report}"));
        }
    }
    assert!(missed.is_empty(), "\n{}", missed.join("\n\n"));
}

/// `sns-fanout` without subscriptions creates no dead-letter queue, queue policy or dead-letter
/// alarm (nothing would redrive to them); with one, it creates each once.
#[test]
fn the_fanout_dead_letter_queue_exists_only_with_subscriptions() {
    let Some(bench) = Workbench::new() else { return };
    let modules = emit_catalog(&bench.root().join("modules"));
    assert!(modules.iter().any(|(name, _)| name == "sns-fanout"), "sns-fanout is emitted");
    let dead_letter_addresses = [
        "module.fanout.aws_sqs_queue.dead_letter[0]",
        "module.fanout.aws_sqs_queue_policy.dead_letter[0]",
        "module.fanout.aws_cloudwatch_metric_alarm.dead_letters[0]",
    ];
    for (index, (subscriptions, expected)) in
        [("{}", 0), ("{ billing = { queue_arn = \"arn:aws:sqs:eu-west-1:123456789012:billing\" } }", 1)]
            .into_iter()
            .enumerate()
    {
        let folder = bench.root().join(format!("fanout-subscriptions-{index}"));
        std::fs::create_dir_all(&folder).expect("creates the folder");
        let configuration = format!(
            "provider \"aws\" {{\n  region = \"eu-west-1\"\n}}\n\nmodule \"fanout\" {{\n  source        = \"../modules/sns-fanout\"\n  topic_name    = \"orders\"\n  subscriptions = {subscriptions}\n}}\n"
        );
        std::fs::write(folder.join("main.tf"), configuration).expect("writes the configuration");
        let label = format!("sns-fanout with subscriptions = {subscriptions}");
        let (problems, plans) = bench.check(&Configuration { label: label.clone(), folder, var_files: Vec::new() });
        assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
        let addresses: Vec<&str> = plans[0]["resource_changes"]
            .as_array()
            .expect("resource changes")
            .iter()
            .filter_map(|change| change["address"].as_str())
            .collect();
        for address in dead_letter_addresses {
            let found = addresses.iter().filter(|planned| **planned == address).count();
            assert_eq!(found, expected, "{label}: `{address}` planned {found} times in {addresses:?}");
        }
        assert!(
            addresses.contains(&"module.fanout.aws_cloudwatch_metric_alarm.delivery_failures"),
            "{label}: {addresses:?}"
        );
    }
}
