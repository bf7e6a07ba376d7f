//! The example stacks (`examples/orders`, `examples/fulfilment`) compose to their committed golden
//! output in both source modes, the fulfilment example passes the example policy, the Rust API
//! builds the same stack byte for byte, and the committed stack-file schema is current and accepts
//! the example. (That the vendored output is complete for `terraform get`, and validates and plans,
//! is `terraform_plan.rs`'s.)
//!
//! To accept a deliberate change: `PAVED_BLESS=1 cargo test -p paved-tests --test consumers stacks`.

use paved_blueprint::RegistryNamespace;
use paved_catalog::Catalog;
use paved_stack::ModuleSource;
use paved_tests::{compose_stack, example_stack_file, fulfilment_stack_file, repository_root, require_tool, terraform};
use std::path::Path;

#[path = "../../crates/paved-stack/examples/orders.rs"]
#[allow(dead_code, unreachable_pub)]
mod orders_example;

fn registry() -> ModuleSource {
    ModuleSource::Registry(RegistryNamespace::new("registry.example.com/platform").expect("valid namespace"))
}

/// Composes `stack_file` in both source modes and compares each with `<example>/golden/<mode>/`
/// (or writes them, under `PAVED_BLESS`).
fn assert_composes_to_golden(stack_file: &Path) {
    let example = stack_file.parent().expect("the example's folder");
    let bless = std::env::var_os("PAVED_BLESS").is_some();
    let mut problems = Vec::new();
    for (mode, source) in [("vendored", ModuleSource::Vendored), ("registry", registry())] {
        let golden = example.join("golden").join(mode);
        let scratch = tempfile::tempdir().expect("temp dir");
        let out = scratch.path().join("composed");
        compose_stack(stack_file, source.clone(), &out);
        if bless {
            compose_stack(stack_file, source, &golden);
            continue;
        }
        let (emitted, committed) = (paved_tests::read_tree(&out), paved_tests::read_tree(&golden));
        problems.extend(paved_tests::tree_differences(
            &format!("{}/golden/{mode}", example.display()),
            &emitted,
            &committed,
        ));
    }
    assert!(
        problems.is_empty(),
        "the committed composition is stale:\n  {}\nif intended, run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers stacks`",
        problems.join("\n  ")
    );
}

#[test]
fn the_example_stack_composes_to_the_committed_golden_output() {
    assert_composes_to_golden(&example_stack_file());
}

#[test]
fn the_fulfilment_example_composes_to_the_committed_golden_output() {
    assert_composes_to_golden(&fulfilment_stack_file());
}

/// The event-driven example passes the organisation's example policy (what CI runs as `paved check`).
#[test]
fn the_fulfilment_example_passes_the_example_policy() {
    let policy_path = repository_root().join("examples/policies/acme.toml");
    let policy = paved_policy::Policy::read(&policy_path).unwrap_or_else(|error| panic!("{error}"));
    let composition = paved_stack::read_stack_file(&fulfilment_stack_file())
        .unwrap_or_else(|error| panic!("{error}"))
        .compose(Catalog::builtin())
        .unwrap_or_else(|error| panic!("{error}"));
    let report = paved_policy::check(&policy, &composition, paved_policy::today());
    assert!(
        report.passed(),
        "examples/fulfilment/stack.toml breaks examples/policies/acme.toml:\n{}",
        paved_policy::render_text(&report, false)
    );
}

#[test]
fn the_rust_api_builds_the_same_stack_as_the_stack_file() {
    let from_file = paved_stack::read_stack_file(&example_stack_file())
        .expect("reads")
        .compose(Catalog::builtin())
        .expect("composes")
        .emit()
        .expect("emits");
    let from_rust = orders_example::orders_stack()
        .expect("builds")
        .compose(Catalog::builtin())
        .expect("composes")
        .emit()
        .expect("emits");
    for ((file_path, file_content), (rust_path, rust_content)) in from_file.iter().zip(from_rust.iter()) {
        assert_eq!(file_path, rust_path);
        assert_eq!(file_content, rust_content, "{file_path} differs between the stack file and the Rust API");
    }
    assert_eq!(from_file.iter().count(), from_rust.iter().count());
}

#[test]
fn the_committed_stack_file_schema_is_current_and_accepts_the_example() {
    let schema = paved_stack::stack_file_schema(Catalog::builtin());
    let text = serde_json::to_string_pretty(&schema).expect("serialises") + "\n";
    let committed_path = repository_root().join("docs/stack-file.schema.json");
    if std::env::var_os("PAVED_BLESS").is_some() {
        std::fs::write(&committed_path, &text).expect("writes");
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == text,
        "docs/stack-file.schema.json is stale; run `PAVED_BLESS=1 cargo test -p paved-tests --test consumers stacks`"
    );

    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    // Read as Paved reads it (a TOML date under `waivers` is its `YYYY-MM-DD` text, as editors see it).
    let text = std::fs::read_to_string(example_stack_file()).expect("reads");
    let example =
        paved_stack::Document::parse(&text, &example_stack_file(), &["waivers"]).expect("TOML").value().clone();
    let errors: Vec<String> =
        validator.iter_errors(&example).map(|error| format!("{} at {}", error, error.instance_path())).collect();
    assert!(errors.is_empty(), "the schema refuses the example stack: {errors:#?}");
    let fulfilment = std::fs::read_to_string(fulfilment_stack_file()).expect("reads");
    let fulfilment = paved_stack::Document::parse(&fulfilment, &fulfilment_stack_file(), &["waivers"])
        .expect("TOML")
        .value()
        .clone();
    let errors: Vec<String> =
        validator.iter_errors(&fulfilment).map(|error| format!("{} at {}", error, error.instance_path())).collect();
    assert!(errors.is_empty(), "the schema refuses the fulfilment example: {errors:#?}");

    let mut broken = example.clone();
    broken["instances"]["worker"]["inputs"]["memory_size"] = serde_json::json!(64);
    broken["instances"]["queue"]["blueprint"] = serde_json::json!("sqs-redrive-typo");
    assert!(validator.iter_errors(&broken).count() >= 2, "the schema does not check blueprint names and inputs");
}

/// Every kind of character AWS allows in a tag value (`\p{L}\p{Z}\p{N}_.:/=+\-@`).
const TAG_ALPHABET: &str = "Aé ж٣\u{3000}_.:/=+-@9";

#[test]
fn hostile_strings_in_a_stack_file_stay_literals() {
    use paved_hcl::hcl::eval::{Context, Evaluate};
    use paved_tests::HOSTILE_SAMPLES;
    let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut environment = String::new();
    for (index, sample) in HOSTILE_SAMPLES.iter().enumerate() {
        environment.push_str(&format!("V{index} = {}, ", quoted(sample)));
    }
    let text = format!(
        r#"[stack]
name = "hostile"
description = {description}
owner = "team"
system = "system"
lifecycle = "experimental"

[environments.development]
region = "eu-west-1"
tags = {{ Environment = {tag}, Department = "d", Service = "s" }}

[instances.worker]
blueprint = "baseline-lambda"
inputs = {{ function_name = "hostile-worker", package_file = "build/w.zip", description = {description}, environment_variables = {{ {environment} }} }}
"#,
        description = quoted(HOSTILE_SAMPLES[5]),
        tag = quoted(TAG_ALPHABET),
    );
    // A tag value takes AWS's tag alphabet only, so a hostile one is refused where it is written.
    let hostile_tag = text.replacen(&quoted(TAG_ALPHABET), &quoted(HOSTILE_SAMPLES[10]), 1);
    let refused = paved_stack::parse_stack_file(&hostile_tag, Path::new("hostile.toml"))
        .expect("parses")
        .compose(Catalog::builtin())
        .expect_err("a hostile tag value is refused")
        .to_string();
    assert!(
        refused.starts_with("hostile.toml:10:24: environment `development`: the value of the tag `Environment`"),
        "{refused}"
    );
    let stack =
        paved_stack::parse_stack_file(&text, Path::new("hostile.toml")).unwrap_or_else(|error| panic!("{error}"));
    let files = stack.compose(Catalog::builtin()).unwrap_or_else(|error| panic!("{error}")).emit().expect("emits");

    let main: paved_hcl::hcl::Body =
        paved_hcl::hcl::from_str(files.get("main.tf").expect("main.tf")).expect("main.tf parses");
    let module = main.blocks().next().expect("one module block");
    let attribute = |name: &str| {
        module.body().attributes().find(|attribute| attribute.key() == name).expect("attribute").expr().clone()
    };
    let evaluated = attribute("environment_variables").evaluate(&Context::new()).expect("evaluates");
    for (index, sample) in HOSTILE_SAMPLES.iter().enumerate() {
        let value =
            evaluated.as_object().and_then(|object| object.get(&format!("V{index}"))).and_then(|value| value.as_str());
        assert_eq!(value, Some(*sample), "environment variable V{index} changed");
    }
    assert_eq!(
        attribute("description").evaluate(&Context::new()).expect("evaluates").as_str(),
        Some(HOSTILE_SAMPLES[5])
    );
    assert_eq!(main.blocks().count(), 1, "a string added a block");

    let tfvars: paved_hcl::hcl::Body =
        paved_hcl::hcl::from_str(files.get("environments/development.tfvars").expect("tfvars")).expect("parses");
    let tag = tfvars
        .attributes()
        .find(|attribute| attribute.key() == "tag_environment")
        .expect("tag")
        .expr()
        .evaluate(&Context::new())
        .expect("evaluates");
    assert_eq!(tag.as_str(), Some(TAG_ALPHABET));
    let yaml = files.get("catalog-info.yaml").expect("catalog-info.yaml");
    assert!(
        yaml.contains(&serde_json::Value::from(HOSTILE_SAMPLES[5]).to_string()),
        "the description is not a double-quoted YAML scalar"
    );

    if let Some(binary) = require_tool("terraform") {
        let scratch = tempfile::tempdir().expect("temp dir");
        files.write_to(&scratch.path().join("hostile"), true).expect("writes");
        let output = terraform(&binary, scratch.path())
            .args(["fmt", "-check", "-recursive", "-no-color", "."])
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "terraform fmt refuses the output:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

/// `tags` keys set on resources that the provider's `default_tags` also sets, as `file: resource`.
fn repeated_tag_keys(files: &[(String, String)], default_keys: &[&str]) -> Vec<String> {
    let mut repeated = Vec::new();
    for (path, text) in files {
        let body: paved_hcl::hcl::Body =
            paved_hcl::hcl::from_str(text).unwrap_or_else(|error| panic!("{path}: {error}"));
        for block in body.blocks().filter(|block| block.identifier() == "resource") {
            let labels: Vec<&str> = block.labels().iter().map(|label| label.as_str()).collect();
            for attribute in
                block.body().attributes().filter(|attribute| matches!(attribute.key(), "tags" | "tags_all"))
            {
                if let paved_hcl::hcl::Expression::Object(object) = attribute.expr() {
                    for key in object.keys() {
                        let key = match key {
                            paved_hcl::hcl::ObjectKey::Identifier(identifier) => identifier.to_string(),
                            paved_hcl::hcl::ObjectKey::Expression(expression) => {
                                expression.to_string().trim_matches('"').to_owned()
                            }
                            _ => continue,
                        };
                        if default_keys.contains(&key.as_str()) {
                            repeated.push(format!("{path}: {} sets `{key}`", labels.join(".")));
                        }
                    }
                } else {
                    repeated.push(format!(
                        "{path}: {} sets `{}` from an expression Paved cannot check",
                        labels.join("."),
                        attribute.key()
                    ));
                }
            }
        }
    }
    repeated
}

#[test]
fn no_resource_repeats_a_default_tags_key() {
    let files = paved_stack::read_stack_file(&example_stack_file())
        .expect("reads")
        .compose(Catalog::builtin())
        .expect("composes")
        .emit()
        .expect("emits");
    let terraform_files: Vec<(String, String)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".tf"))
        .map(|(path, text)| (path.to_owned(), text.to_owned()))
        .collect();
    let keys = ["Environment", "Department", "Service", "CostCenter"];
    let repeated = repeated_tag_keys(&terraform_files, &keys);
    assert!(
        repeated.is_empty(),
        "resource tags repeat default_tags keys (perpetual diffs):\n  {}",
        repeated.join("\n  ")
    );

    // The check finds a repeated key when there is one.
    let planted = vec![(
        "planted.tf".to_owned(),
        "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Service = \"x\", Owner = \"y\" }\n}\n".to_owned(),
    )];
    assert_eq!(repeated_tag_keys(&planted, &keys), ["planted.tf: aws_sqs_queue.q sets `Service`"]);
}
