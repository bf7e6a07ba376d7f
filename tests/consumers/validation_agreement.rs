//! Rust validation and the emitted Terraform `validation` blocks agree, value for value.
//!
//! For every constraint of every input (nested ones included), values on both sides of each
//! boundary are generated from the interface itself. Each case is one call of a module holding
//! only the emitted `variables.tf` (so no provider is needed), and one offline `terraform plan`
//! evaluates all of them; the set of cases Terraform refuses must equal the set Rust refuses.

use paved_blueprint::{Constraint, Definition, Field, Operand, Operator, Rule, Shape, TypeNode};
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
            Constraint::KeyPattern { regex, .. } => {
                // The element is "x" here; `walk` puts an element of the example in its place.
                let good = if regex.starts_with("^[a-z]") { "goodkey" } else { "GOOD_KEY" };
                out.push(("malformed key".into(), json!({"1 bad key": "x"}), Some(false)));
                out.push(("well-formed key".into(), json!({good: "x"}), Some(true)));
            }
            Constraint::ReservedKeys { keys } => {
                for key in keys {
                    out.push((format!("reserved key {key}"), json!({key: "x"}), Some(false)));
                }
                out.push(("unreserved key".into(), json!({"AWS_REGION_NAME": "x"}), None));
            }
            Constraint::TotalBytes { max } => {
                let max = *max as usize;
                // Key `A` (1 byte) and a value: at the limit, one byte over, and over in bytes while
                // far under in characters (`é` is two bytes).
                out.push((format!("{max} bytes"), json!({"A": "x".repeat(max - 1)}), Some(true)));
                out.push((format!("{} bytes", max + 1), json!({"A": "x".repeat(max)}), Some(false)));
                let pairs = (max - 1) / 2;
                out.push((format!("{} two-byte characters", pairs), json!({"A": "é".repeat(pairs)}), Some(true)));
                out.push((
                    format!("{} two-byte characters", pairs + 1),
                    json!({"A": "é".repeat(pairs + 1)}),
                    Some(false),
                ));
            }
            Constraint::JsonObject => {
                out.push(("an object that is not JSON".into(), json!("{type: refund}"), Some(false)));
                out.push(("a JSON list".into(), json!("[{\"type\": 1}]"), Some(false)));
                out.push(("JSON null".into(), json!("null"), Some(false)));
                out.push(("a JSON object".into(), json!("{\"type\": [\"refund-issued\"]}"), Some(true)));
                out.push(("an empty JSON object".into(), json!("{}"), Some(true)));
            }
            // Rules across an object's attributes are probed by `rule_cases`.
            Constraint::Rule(_) => {}
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
    // A boundary of one input may break a rule relating it to another: those probes are checked
    // for agreement only (the rules' own boundaries are probed by `rule_cases`).
    let mut ruled = BTreeSet::new();
    fn ruled_paths(fields: &[Field], prefix: &str, out: &mut BTreeSet<String>) {
        for field in fields {
            if let Shape::Object(inner) = &field.node.shape {
                let object = format!("{prefix}{}.", field.name);
                for constraint in &field.node.constraints {
                    if let Constraint::Rule(rule) = constraint {
                        out.extend(rule.inputs().map(|path| format!("{object}{path}")));
                    }
                }
                ruled_paths(inner, &object, out);
            }
        }
    }
    ruled_paths(&definition.inputs, "", &mut ruled);
    ruled.extend(definition.rules.iter().flat_map(|rule| rule.inputs().map(str::to_owned)));
    fn walk(fields: &[Field], path: &mut Vec<String>, base: &Value, ruled: &BTreeSet<String>, cases: &mut Vec<Case>) {
        for field in fields {
            path.push(field.name.clone());
            for (label, value, expected) in probes(&field.node) {
                let value = with_example_elements(value, path, base);
                let expected = if ruled.contains(&path.join(".")) { expected.filter(|valid| !valid) } else { expected };
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
                walk(inner, path, base, ruled, cases);
            }
            path.pop();
        }
    }
    walk(&definition.inputs, &mut Vec::new(), &definition.example, &ruled, &mut cases);
    for rule in &definition.rules {
        rule_cases(rule, &definition.inputs, &[], &definition.example, &mut cases);
    }
    fn nested(fields: &[Field], path: &mut Vec<String>, base: &Value, cases: &mut Vec<Case>) {
        for field in fields {
            if let Shape::Object(inner) = &field.node.shape {
                path.push(field.name.clone());
                for constraint in &field.node.constraints {
                    if let Constraint::Rule(rule) = constraint {
                        rule_cases(rule, inner, path, base, cases);
                    }
                }
                nested(inner, path, base, cases);
                path.pop();
            }
        }
    }
    nested(&definition.inputs, &mut Vec::new(), &definition.example, &mut cases);
    cases
}

/// A probe of a map of objects with each `"x"` element replaced by the first element of the
/// example's map at `path` (a map of strings keeps `"x"`).
fn with_example_elements(value: Value, path: &[String], base: &Value) -> Value {
    let element = path.iter().try_fold(base, |value, segment| value.get(segment.as_str()));
    let Some(element) =
        element.and_then(Value::as_object).and_then(|map| map.values().next()).filter(|item| item.is_object())
    else {
        return value;
    };
    match value {
        Value::Object(entries) if entries.values().all(|item| item == "x") => {
            Value::Object(entries.into_iter().map(|(key, _)| (key, element.clone())).collect())
        }
        other => other,
    }
}

/// Boundary cases of a rule across inputs: the constrained input one below, at and one above the
/// value it is compared with, with the rule's condition (when it has one) holding, and once with
/// the condition failing. The expected verdict is computed here from the numbers; a case whose
/// values leave an input's own range is checked for agreement only.
fn rule_cases(rule: &Rule, fields: &[Field], object: &[String], base: &Value, cases: &mut Vec<Case>) {
    if rule.then.operator.compares_strings() {
        return prefix_rule_cases(rule, object, base, cases);
    }
    let field_at = |path: &str| -> Option<&Field> {
        let mut current = fields;
        let mut found = None;
        for segment in path.split('.') {
            let field = current.iter().find(|field| field.name == segment)?;
            if let Shape::Object(inner) = &field.node.shape {
                current = inner;
            }
            found = Some(field);
        }
        found
    };
    let in_range = |path: &str, value: i64| -> bool {
        field_at(path).is_some_and(|field| {
            field.node.constraints.iter().all(|constraint| match constraint {
                Constraint::Range { min, max } => {
                    min.as_ref().and_then(serde_json::Number::as_i64).is_none_or(|min| value >= min)
                        && max.as_ref().and_then(serde_json::Number::as_i64).is_none_or(|max| value <= max)
                }
                _ => true,
            })
        })
    };
    // A value for each side: constants as they are; a right-hand input at its default (or 1).
    let pivot = |operand: &Operand| -> (i64, Option<String>) {
        match operand {
            Operand::Number(number) => (*number, None),
            Operand::Input(path) => {
                let default = field_at(path).and_then(|field| field.default.as_ref()).and_then(Value::as_i64);
                (default.unwrap_or(1), Some(path.clone()))
            }
        }
    };
    let holds = |left: i64, operator: Operator, right: i64| match operator {
        Operator::Below => left < right,
        Operator::AtMost => left <= right,
        Operator::Above => left > right,
        Operator::AtLeast => left >= right,
        Operator::Equal => left == right,
        Operator::Different => left != right,
        Operator::DisjointPrefix => unreachable!("string rules are probed by `prefix_rule_cases`"),
    };
    let satisfying = |operator: Operator, right: i64, satisfied: bool| -> i64 {
        let candidates = [right - 1, right, right + 1, right + 10];
        candidates.into_iter().find(|left| holds(*left, operator, right) == satisfied).unwrap_or(right)
    };
    let set = |inputs: &mut Value, path: &str, value: i64| {
        let mut target = inputs;
        let segments: Vec<&str> = object.iter().map(String::as_str).chain(path.split('.')).collect();
        for (index, segment) in segments.iter().enumerate() {
            if index + 1 == segments.len() {
                target[*segment] = json!(value);
            } else {
                if target[*segment].is_null() {
                    target[*segment] = json!({});
                }
                target = &mut target[*segment];
            }
        }
    };
    let Some(subject) = rule.then.left.path() else { return };
    let (right, right_input) = pivot(&rule.then.right);
    let prefix = if object.is_empty() { String::new() } else { format!("{}.", object.join(".")) };
    let conditions: Vec<(bool, Option<(String, i64)>)> = match &rule.when {
        None => vec![(true, None)],
        Some(when) => {
            let Some(path) = when.left.path() else { return };
            let (when_right, _) = pivot(&when.right);
            [true, false]
                .into_iter()
                .map(|applies| (applies, Some((path.to_owned(), satisfying(when.operator, when_right, applies)))))
                .collect()
        }
    };
    for (applies, condition) in conditions {
        for left in [right - 1, right, right + 1] {
            let mut inputs = base.clone();
            let mut valid_values = in_range(subject, left);
            if let Some(path) = &right_input {
                set(&mut inputs, path, right);
                valid_values &= in_range(path, right);
            }
            if let Some((path, value)) = &condition {
                set(&mut inputs, path, *value);
                valid_values &= in_range(path, *value);
            }
            set(&mut inputs, subject, left);
            let expected = valid_values.then_some(!applies || holds(left, rule.then.operator, right));
            let condition_label = match &condition {
                Some((path, value)) => format!(" with {prefix}{path} = {value}"),
                None => String::new(),
            };
            cases.push(Case {
                label: format!("rule `{rule}`: {prefix}{subject} = {left}{condition_label}"),
                inputs,
                expected_valid: expected,
            });
        }
    }
}

/// Cases of a rule that two key prefixes do not overlap: apart, one inside the other either way,
/// equal, and the empty prefix (which overlaps everything). A rule with a condition is probed
/// without it holding in mind, for agreement only.
fn prefix_rule_cases(rule: &Rule, object: &[String], base: &Value, cases: &mut Vec<Case>) {
    let (Some(left), Some(right)) = (rule.then.left.path(), rule.then.right.path()) else { return };
    let pairs = [
        ("reports/", "uploads/", true),
        ("uploads/reports/", "uploads/", false),
        ("up", "uploads/", false),
        ("uploads/", "uploads/", false),
        ("reports/", "", false),
        ("uploads-done/", "uploads/", true),
    ];
    let set = |inputs: &mut Value, path: &str, value: &str| {
        let mut target = inputs;
        let segments: Vec<&str> = object.iter().map(String::as_str).chain(path.split('.')).collect();
        for (index, segment) in segments.iter().enumerate() {
            if index + 1 == segments.len() {
                target[*segment] = json!(value);
            } else {
                if target[*segment].is_null() {
                    target[*segment] = json!({});
                }
                target = &mut target[*segment];
            }
        }
    };
    for (left_value, right_value, disjoint) in pairs {
        let mut inputs = base.clone();
        set(&mut inputs, left, left_value);
        set(&mut inputs, right, right_value);
        cases.push(Case {
            label: format!("rule `{rule}`: {left} = {left_value:?}, {right} = {right_value:?}"),
            inputs,
            expected_valid: rule.when.is_none().then_some(disjoint),
        });
    }
}

#[test]
fn rust_and_terraform_refuse_exactly_the_same_inputs() {
    let Some(binary) = require_tool("terraform") else { return };
    let catalog = Catalog::builtin();
    let root = tempfile::tempdir().expect("temp dir");
    let mut all_cases = Vec::new();
    let mut calls = Vec::new();
    // One `probe_<blueprint>` call per blueprint whose rules span top-level inputs (see below).
    let mut probes = Vec::new();
    let call = |label: &str, blueprint: &str, inputs: &Value| {
        let mut body = Body::builder().add_attribute(("source", format!("./modules/{blueprint}")));
        for (name, value) in inputs.as_object().expect("inputs are an object") {
            body = body.add_attribute((name.as_str(), json_to_expression(value)));
        }
        Block::builder("module").add_label(label).add_attributes(body.build().into_attributes()).build()
    };
    for definition in catalog.iter() {
        let files = paved_module::emit(definition, &|name| catalog.get(name).ok()).expect("emits");
        let folder = root.path().join("modules").join(definition.name.as_str());
        std::fs::create_dir_all(&folder).expect("creates");
        std::fs::write(folder.join("variables.tf"), files.get("variables.tf").expect("has variables.tf"))
            .expect("writes");
        if !definition.rules.is_empty() {
            probes.push(call(&probe_label(definition), definition.name.as_str(), &definition.example));
        }
        for case in cases(definition) {
            let index = all_cases.len();
            calls.push(call(&format!("case_{index}"), definition.name.as_str(), &case.inputs));
            // The schema and the rules, which the `validation` blocks state; a blueprint's own
            // checks (`Definition::with_check`) are Rust-only by design.
            let rust_valid =
                paved_blueprint::validate_with_rules(&definition.inputs, &definition.rules, &case.inputs).is_ok();
            all_cases.push((definition, case, rust_valid));
        }
    }
    let everything: Vec<Block> = calls.iter().chain(&probes).cloned().collect();
    std::fs::write(root.path().join("main.tf"), format_blocks(everything).expect("formats")).expect("writes");

    let init = terraform(&binary, root.path())
        .args(["init", "-input=false", "-no-color", "-backend=false"])
        .output()
        .expect("terraform runs");
    assert!(init.status.success(), "terraform init failed:\n{}", String::from_utf8_lossy(&init.stderr));
    let plan = |blocks: Vec<Block>| {
        std::fs::write(root.path().join("main.tf"), format_blocks(blocks).expect("formats")).expect("writes");
        let plan = terraform(&binary, root.path())
            .args(["plan", "-input=false", "-no-color", "-lock=false"])
            .output()
            .expect("terraform runs");
        let stderr = String::from_utf8_lossy(&plan.stderr).into_owned();
        let unexplained: Vec<&str> = stderr
            .lines()
            .filter(|line| line.starts_with("Error: ") && !line.contains("Invalid value for variable"))
            .collect();
        assert!(unexplained.is_empty(), "terraform failed for another reason than validation:\n{stderr}");
        (plan.status.success(), stderr)
    };
    // One plan over every case: each refusal names its module call.
    let (_, stderr) = plan(calls.clone());
    const MARKER: &str = "in module \"case_";
    let mut refused: BTreeSet<usize> = stderr
        .match_indices(MARKER)
        .filter_map(|(at, _)| stderr[at + MARKER.len()..].split('"').next().and_then(|number| number.parse().ok()))
        .collect();
    // Terraform checks a `validation` that reads other variables only once every variable has
    // passed its own, and its error then names no module call: plan each case of a blueprint with
    // such rules that the first plan let through on its own.
    let mut single_plans = 0;
    for (index, (definition, case, _)) in all_cases.iter().enumerate() {
        if definition.rules.is_empty() || refused.contains(&index) {
            continue;
        }
        single_plans += 1;
        let (accepted, _) = plan(vec![call(&probe_label(definition), definition.name.as_str(), &case.inputs)]);
        if !accepted {
            refused.insert(index);
        }
    }
    eprintln!("one plan over every case, then {single_plans} single plans");

    let mut disagreements = Vec::new();
    let mut construction_errors = Vec::new();
    for (index, (definition, case, rust_valid)) in all_cases.iter().enumerate() {
        let blueprint = &definition.name;
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

fn probe_label(definition: &Definition) -> String {
    format!("probe_{}", definition.name.as_str().replace('-', "_"))
}

fn verdict(valid: bool) -> &'static str {
    if valid { "valid" } else { "invalid" }
}
