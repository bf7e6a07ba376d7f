//! Rust validation and the emitted Terraform `validation` blocks agree, value for value.
//!
//! For every constraint of every input (nested ones included), values on both sides of each
//! boundary are generated from the interface itself. Each case is one call of a module holding
//! only the emitted `variables.tf` (so no provider is needed), and one offline `terraform plan`
//! evaluates all of them; the set of cases Terraform refuses must equal the set Rust refuses.

use paved_blueprint::{Constraint, Definition, Field, Shape, TypeNode};
use paved_catalog::Catalog;
use paved_hcl::hcl::{Block, Body};
use paved_hcl::{format_blocks, json_to_expression};
use paved_tests::{require_tool, terraform};
use serde_json::{Value, json};
use std::collections::BTreeSet;

struct Case {
    label: String,
    inputs: Value,
    expected_valid: Option<bool>,
}

/// Values for one node: `(description, value, valid-by-construction)`.
fn probes(node: &TypeNode) -> Vec<(String, Value, Option<bool>)> {
    let mut out = Vec::new();
    for constraint in &node.constraints {
        match constraint {
            Constraint::Range { min, max } => {
                let min = min.as_ref().and_then(serde_json::Number::as_f64);
                let max = max.as_ref().and_then(serde_json::Number::as_f64);
                let number = |value: f64| if value.fract() == 0.0 { json!(value as i64) } else { json!(value) };
                if let Some(min) = min {
                    out.push((format!("minimum {min}"), number(min), Some(true)));
                    out.push((format!("below minimum {min}"), number(min - 1.0), Some(false)));
                }
                if let Some(max) = max {
                    out.push((format!("maximum {max}"), number(max), Some(true)));
                    out.push((format!("above maximum {max}"), number(max + 1.0), Some(false)));
                }
                if node.shape == Shape::Integer
                    && let (Some(min), Some(max)) = (min, max)
                    && min + 0.5 <= max
                {
                    out.push(("a fraction".into(), json!(min + 0.5), Some(false)));
                }
            }
            Constraint::OneOf { values } => {
                if let Some(first) = values.first() {
                    out.push(("first member".into(), first.clone(), Some(true)));
                }
                if let Some(last) = values.last() {
                    out.push(("last member".into(), last.clone(), Some(true)));
                }
                let outsider = if node.shape == Shape::String { json!("not-a-member") } else { json!(2) };
                out.push(("not a member".into(), outsider, Some(false)));
            }
            Constraint::Length { min, max } if node.shape == Shape::String => {
                if let Some(max) = max {
                    out.push((format!("longer than {max}"), json!("a".repeat(*max as usize + 1)), Some(false)));
                }
                if let Some(min) = min.filter(|min| *min > 0) {
                    out.push((format!("shorter than {min}"), json!("a".repeat(min as usize - 1)), Some(false)));
                }
            }
            Constraint::Length { min, max } | Constraint::Items { min, max } => {
                if let Some(min) = min.filter(|min| *min > 0) {
                    out.push((format!("fewer than {min} items"), json!([]), Some(false)));
                }
                let _ = max;
            }
            Constraint::Pattern { .. } => {
                out.push(("malformed".into(), json!("Not Valid !"), Some(false)));
                // Agreement only: some rules (a handler) accept `${`, which then stays a literal.
                out.push(("interpolation".into(), json!("${jsonencode(1)}"), None));
            }
            Constraint::KeyPattern { .. } => {
                out.push(("malformed key".into(), json!({"1 bad key": "x"}), Some(false)));
                out.push(("well-formed key".into(), json!({"GOOD_KEY": "x"}), Some(true)));
            }
        }
    }
    if let Shape::List(item) = &node.shape {
        for (label, value, expected) in probes(item) {
            out.push((format!("item {label}"), json!([value]), expected));
        }
    }
    out
}

fn cases(definition: &Definition) -> Vec<Case> {
    let mut cases =
        vec![Case { label: "the example".into(), inputs: definition.example.clone(), expected_valid: Some(true) }];
    fn walk(fields: &[Field], path: &mut Vec<String>, base: &Value, cases: &mut Vec<Case>) {
        for field in fields {
            path.push(field.name.clone());
            for (label, value, expected) in probes(&field.node) {
                let mut inputs = base.clone();
                let mut target = &mut inputs;
                for (index, segment) in path.iter().enumerate() {
                    if index + 1 == path.len() {
                        target[segment.as_str()] = value.clone();
                    } else {
                        if target[segment.as_str()].is_null() {
                            target[segment.as_str()] = json!({});
                        }
                        target = &mut target[segment.as_str()];
                    }
                }
                cases.push(Case { label: format!("{}: {label}", path.join(".")), inputs, expected_valid: expected });
            }
            if let Shape::Object(inner) = &field.node.shape {
                walk(inner, path, base, cases);
            }
            path.pop();
        }
    }
    walk(&definition.inputs, &mut Vec::new(), &definition.example, &mut cases);
    cases
}

#[test]
fn rust_and_terraform_refuse_exactly_the_same_inputs() {
    let Some(binary) = require_tool("terraform") else { return };
    let catalog = Catalog::builtin();
    let root = tempfile::tempdir().expect("temp dir");
    let mut all_cases = Vec::new();
    let mut calls = Vec::new();
    for definition in catalog.iter() {
        let files = paved_module::emit(definition, &|name| catalog.get(name).ok()).expect("emits");
        let folder = root.path().join("modules").join(definition.name.as_str());
        std::fs::create_dir_all(&folder).expect("creates");
        std::fs::write(folder.join("variables.tf"), files.get("variables.tf").expect("has variables.tf"))
            .expect("writes");
        for case in cases(definition) {
            let index = all_cases.len();
            let mut body = Body::builder().add_attribute(("source", format!("./modules/{}", definition.name)));
            for (name, value) in case.inputs.as_object().expect("inputs are an object") {
                body = body.add_attribute((name.as_str(), json_to_expression(value)));
            }
            calls.push(
                Block::builder("module")
                    .add_label(format!("case_{index}"))
                    .add_attributes(body.build().into_attributes())
                    .build(),
            );
            let rust_valid = definition.validate(&case.inputs).is_ok();
            all_cases.push((definition.name.to_string(), case, rust_valid));
        }
    }
    std::fs::write(root.path().join("main.tf"), format_blocks(calls).expect("formats")).expect("writes");

    let init = terraform(&binary, root.path())
        .args(["init", "-input=false", "-no-color", "-backend=false"])
        .output()
        .expect("terraform runs");
    assert!(init.status.success(), "terraform init failed:\n{}", String::from_utf8_lossy(&init.stderr));
    let plan = terraform(&binary, root.path())
        .args(["plan", "-input=false", "-no-color", "-lock=false"])
        .output()
        .expect("terraform runs");
    let stderr = String::from_utf8_lossy(&plan.stderr);
    const MARKER: &str = "in module \"case_";
    let refused: BTreeSet<usize> = stderr
        .match_indices(MARKER)
        .filter_map(|(at, _)| stderr[at + MARKER.len()..].split('"').next().and_then(|number| number.parse().ok()))
        .collect();
    let unexplained: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("Error: ") && !line.contains("Invalid value for variable"))
        .collect();
    assert!(unexplained.is_empty(), "terraform failed for another reason than validation:\n{stderr}");

    let mut disagreements = Vec::new();
    let mut construction_errors = Vec::new();
    for (index, (blueprint, case, rust_valid)) in all_cases.iter().enumerate() {
        let terraform_valid = !refused.contains(&index);
        if terraform_valid != *rust_valid {
            disagreements.push(format!(
                "{blueprint} / {}: Rust says {}, Terraform says {}",
                case.label,
                verdict(*rust_valid),
                verdict(terraform_valid)
            ));
        }
        if case.expected_valid.is_some_and(|expected| expected != *rust_valid) {
            construction_errors.push(format!(
                "{blueprint} / {}: expected {}, Rust says {}",
                case.label,
                verdict(case.expected_valid == Some(true)),
                verdict(*rust_valid)
            ));
        }
    }
    let invalid = all_cases.iter().filter(|(_, _, valid)| !valid).count();
    eprintln!(
        "{} cases ({} refused), Terraform and Rust agree on {}",
        all_cases.len(),
        invalid,
        all_cases.len() - disagreements.len()
    );
    assert!(disagreements.is_empty(), "Rust and Terraform disagree:\n  {}", disagreements.join("\n  "));
    assert!(construction_errors.is_empty(), "a probe did not behave as built:\n  {}", construction_errors.join("\n  "));
    assert!(invalid >= 50, "too few refused cases ({invalid}) to prove anything");
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}
