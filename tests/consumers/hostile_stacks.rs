//! A generated corpus of hostile and careless stack files: colliding names, bad tags, broken
//! TOML shapes, huge numbers, unicode, injection strings, empty stacks, one at a time and in
//! pairs. Each is either refused with every problem located (`file:line:column`) and nothing
//! written, or composed into Terraform that `terraform fmt -check` and `terraform get` accept
//! (both run once over the whole corpus; a canary proves the batched `get` catches a duplicate).

use paved_catalog::Catalog;
use paved_tests::{HOSTILE_SAMPLES, require_tool, terraform};
use std::path::Path;

/// A valid stack with two environments; every mutation changes it.
const BASE: &str = r#"[stack]
name = "corpus"
description = "A stack to break."
owner = "team-corpus"
system = "corpus"
lifecycle = "experimental"
required_tags = ["CostCenter"]

[environments.development]
region = "eu-west-1"
tags = { Environment = "development", Department = "platform", Service = "corpus", CostCenter = "cc-1" }

[environments.production]
region = "eu-west-1"
tags = { Environment = "production", Department = "platform", Service = "corpus", CostCenter = "cc-1" }

[instances.worker]
blueprint = "baseline-lambda"
inputs = { function_name = "corpus-worker", package_file = "build/worker.zip" }

[instances.queue]
blueprint = "sqs-redrive"
inputs = { queue_name = "corpus", consumer = { function_name = { ref = "worker.function_name" }, role_name = { ref = "worker.role_name" } } }
"#;

/// One change to a stack file: replace `from` (the first occurrence) with `to`, or, when `from`
/// is empty, append `to`.
#[derive(Clone)]
struct Mutation {
    name: String,
    from: String,
    to: String,
}

fn replace(name: &str, from: &str, to: &str) -> Mutation {
    Mutation { name: name.to_owned(), from: from.to_owned(), to: to.to_owned() }
}

fn append(name: &str, to: &str) -> Mutation {
    replace(name, "", to)
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

const WORKER_INPUTS: &str = r#"package_file = "build/worker.zip""#;
const DEVELOPMENT_TAGS: &str = r#"Service = "corpus", CostCenter = "cc-1" }"#;

fn worker_input(name: &str, input: &str) -> Mutation {
    replace(name, WORKER_INPUTS, &format!("{WORKER_INPUTS}, {input}"))
}

fn development_tag(name: &str, tag: &str) -> Mutation {
    replace(name, DEVELOPMENT_TAGS, &format!("Service = \"corpus\", CostCenter = \"cc-1\", {tag} }}"))
}

fn production_override(name: &str, instance: &str, inputs: &str) -> Mutation {
    append(name, &format!("\n[instances.{instance}.environments.production.inputs]\n{inputs}\n"))
}

/// Every single mutation of the corpus.
fn mutations() -> Vec<Mutation> {
    let mut all = vec![
        // Names Paved generates twice.
        append(
            "outputs-collide",
            "\n[instances.q]\nblueprint = \"sqs-redrive\"\ninputs = { queue_name = \"corpus-q\" }\n\n[instances.q_dead_letter]\nblueprint = \"sqs-redrive\"\ninputs = { queue_name = \"corpus-qdl\" }\n",
        ),
        append(
            "variables-collide",
            "\n[instances.api]\nblueprint = \"sync-api-dynamodb\"\ninputs = { name = \"corpus-api\", function = { package_file = \"build/api.zip\" } }\nenvironments.production.inputs = { function = { memory_size = 1024 } }\n\n[instances.api_function]\nblueprint = \"baseline-lambda\"\ninputs = { function_name = \"corpus-api-fn\", package_file = \"build/api-fn.zip\" }\nenvironments.production.inputs = { memory_size = 1024 }\n",
        ),
        replace(
            "tag-keys-collide",
            r#"required_tags = ["CostCenter"]"#,
            r#"required_tags = ["CostCenter", "Cost_Center", "costCenter"]"#,
        ),
        development_tag("tag-key-collides-with-required", "cost_center = \"x\""),
        append(
            "tag-variable-collides-with-input",
            "\n[instances.tag]\nblueprint = \"baseline-lambda\"\ninputs = { function_name = \"corpus-tag\", package_file = \"build/tag.zip\" }\nenvironments.production.inputs = { memory_size = 1024 }\n",
        ),
        replace(
            "required-tag-repeated",
            r#"required_tags = ["CostCenter"]"#,
            r#"required_tags = ["CostCenter", "CostCenter", "Environment"]"#,
        ),
        append(
            "instance-named-like-a-module-output",
            "\n[instances.worker_function]\nblueprint = \"baseline-lambda\"\ninputs = { function_name = \"corpus-wf\", package_file = \"build/wf.zip\" }\n",
        ),
        // Tags.
        development_tag("tag-value-257", &format!("Long = {}", quoted(&"x".repeat(257)))),
        development_tag("tag-value-256", &format!("Long = {}", quoted(&"x".repeat(256)))),
        development_tag("tag-key-aws-prefix", "\"aws:createdBy\" = \"me\""),
        development_tag("tag-key-aws-prefix-upper", "\"AWS:x\" = \"me\""),
        development_tag("tag-value-aws-prefix", "Team = \"aws:blue\""),
        development_tag("tag-extra-partial", "Team = \"blue\""),
        development_tag("tag-extra-empty", "Team = \"\""),
        development_tag("tag-extra-unicode", "Team = \"équipe ж 青\""),
        development_tag("tag-key-invalid", "\"1Team\" = \"x\""),
        development_tag("tag-key-space", "\"Team Name\" = \"x\""),
        replace("environment-tag-contradicts", r#"Environment = "development""#, r#"Environment = "production""#),
        replace("environment-tag-other-stage", r#"Environment = "development""#, r#"Environment = "prod""#),
        replace("environment-tag-own-stage", r#"Environment = "development""#, r#"Environment = "dev""#),
        replace("required-tag-missing", ", CostCenter = \"cc-1\" }", " }"),
        replace(
            "required-tag-aws",
            r#"required_tags = ["CostCenter"]"#,
            r#"required_tags = ["CostCenter", "aws:owner"]"#,
        ),
        replace(
            "tag-extra-in-one-environment-of-two",
            r#"tags = { Environment = "production", Department = "platform", Service = "corpus", CostCenter = "cc-1" }"#,
            r#"tags = { Environment = "production", Department = "platform", Service = "corpus", CostCenter = "cc-1", Team = "red" }"#,
        ),
        // Broken shapes.
        replace("empty-file", BASE, ""),
        replace("no-stack-table", "[stack]\nname = \"corpus\"", "[meta]\nname = \"corpus\""),
        replace("no-environments", "[environments.development]", "[other.development]"),
        replace("instances-as-array", "[instances.worker]", "[[instances]]"),
        replace(
            "inputs-as-string",
            r#"inputs = { function_name = "corpus-worker", package_file = "build/worker.zip" }"#,
            r#"inputs = "function_name""#,
        ),
        replace(
            "environments-as-string",
            "[environments.production]\nregion = \"eu-west-1\"",
            "[environments_x]\nregion = \"eu-west-1\"",
        ),
        replace("tags-as-array", r#"tags = { Environment = "production""#, r#"tags = [ "production""#),
        replace("region-number", r#"region = "eu-west-1""#, "region = 1"),
        replace("region-bad", r#"region = "eu-west-1""#, r#"region = "Ireland""#),
        append("unknown-top-level", "\n[extras]\nx = 1\n"),
        append("duplicate-table", "\n[instances.worker]\nblueprint = \"baseline-lambda\"\n"),
        replace("unterminated-string", r#"owner = "team-corpus""#, r#"owner = "team-corpus"#),
        replace("stray-bracket", "[stack]", "[stack"),
        replace("no-instances", "[instances.worker]", "[elsewhere.worker]"),
        replace("stack-without-owner", "owner = \"team-corpus\"\n", ""),
        replace("lifecycle-unknown", r#"lifecycle = "experimental""#, r#"lifecycle = "forever""#),
        replace("blueprint-unknown", r#"blueprint = "sqs-redrive""#, r#"blueprint = "sqs-redirve""#),
        replace("instance-name-invalid", "[instances.queue]", "[instances.\"Queue-1\"]"),
        replace("instance-name-unicode", "[instances.queue]", "[instances.\"quéue\"]"),
        production_override(
            "override-unknown-environment",
            "worker",
            "memory_size = 512\n[instances.worker.environments.staging.inputs]\nmemory_size = 256",
        ),
        production_override("override-varies", "worker", "memory_size = 2048"),
        production_override(
            "override-reference",
            "queue",
            "consumer = { function_name = { ref = \"worker.function_arn\" } }",
        ),
        replace("reference-unknown", r#"{ ref = "worker.function_name" }"#, r#"{ ref = "wroker.function_name" }"#),
        replace("reference-wrong-kind", r#"{ ref = "worker.function_name" }"#, r#"{ ref = "worker.role_arn" }"#),
        replace(
            "reference-cycle",
            WORKER_INPUTS,
            &format!("{WORKER_INPUTS}, environment_variables = {{ PEER = {{ ref = \"worker.function_arn\" }} }}"),
        ),
        // Numbers.
        worker_input("number-too-large-for-toml", "memory_size = 99999999999999999999"),
        worker_input("number-too-small-for-toml", "memory_size = -99999999999999999999"),
        worker_input("number-i64-max", "memory_size = 9223372036854775807"),
        worker_input("number-inf", "memory_size = inf"),
        worker_input("number-negative-inf", "memory_size = -inf"),
        worker_input("number-nan", "memory_size = nan"),
        worker_input("number-float-for-integer", "memory_size = 1.5"),
        worker_input("number-exponent", "memory_size = 1e400"),
        worker_input("number-negative", "timeout = -1"),
        worker_input("number-as-string", "memory_size = \"512\""),
        worker_input("number-date", "memory_size = 2026-01-01"),
        // Maps and keys.
        worker_input("map-bad-key", "environment_variables = { \"BAD KEY\" = \"x\", GOOD = \"y\" }"),
        worker_input("map-unicode-key", "environment_variables = { \"КЛЮЧ\" = \"x\" }"),
        worker_input("map-empty", "environment_variables = {}"),
        worker_input(
            "map-large",
            &format!(
                "environment_variables = {{ {} }}",
                (0..300).map(|index| format!("V{index} = \"{index}\"")).collect::<Vec<_>>().join(", ")
            ),
        ),
        worker_input("map-value-number", "environment_variables = { A = 1 }"),
        // Unicode and invisible characters.
        replace(
            "description-rtl-zero-width",
            r#"description = "A stack to break.""#,
            "description = \"\u{202e}evil\u{200b}\u{feff} 漢字 🙂\"",
        ),
        worker_input("function-description-emoji", "description = \"🙂 \u{2028} \u{0085}\""),
        replace("function-name-unicode", r#"function_name = "corpus-worker""#, r#"function_name = "corpus-wörker""#),
        replace(
            "html-description",
            r#"description = "A stack to break.""#,
            r#"description = "<script>alert(1)</script> <img src=x onerror=alert(2)>""#,
        ),
    ];
    for (index, sample) in HOSTILE_SAMPLES.iter().enumerate() {
        all.push(replace(
            &format!("injection-description-{index}"),
            r#"description = "A stack to break.""#,
            &format!("description = {}", quoted(sample)),
        ));
        all.push(worker_input(
            &format!("injection-environment-value-{index}"),
            &format!("environment_variables = {{ V = {} }}", quoted(sample)),
        ));
        all.push(worker_input(
            &format!("injection-environment-key-{index}"),
            &format!("environment_variables = {{ {} = \"v\" }}", quoted(sample)),
        ));
        all.push(development_tag(&format!("injection-tag-value-{index}"), &format!("Team = {}", quoted(sample))));
        all.push(replace(
            &format!("injection-owner-{index}"),
            r#"owner = "team-corpus""#,
            &format!("owner = {}", quoted(sample)),
        ));
    }
    all
}

/// Each mutation alone, and a deterministic sample of pairs.
fn corpus() -> Vec<(String, String)> {
    let singles = mutations();
    let mut cases: Vec<(String, String)> =
        singles.iter().map(|mutation| (mutation.name.clone(), apply(BASE, mutation))).collect();
    for (first_index, first) in singles.iter().enumerate() {
        for (second_index, second) in singles.iter().enumerate().skip(first_index + 1) {
            if (first_index * 31 + second_index * 17) % 23 == 0 {
                cases.push((format!("{}+{}", first.name, second.name), apply(&apply(BASE, first), second)));
            }
        }
    }
    cases
}

fn apply(text: &str, mutation: &Mutation) -> String {
    if mutation.from.is_empty() {
        format!("{text}{}", mutation.to)
    } else {
        text.replacen(&mutation.from, &mutation.to, 1)
    }
}

/// What the `paved compose` pipeline does with a stack file: read, compose, emit, write.
fn compose_into(stack_file: &Path, out: &Path) -> Result<(), String> {
    let stack = paved_stack::read_stack_file(stack_file).map_err(|error| error.to_string())?;
    let composition = stack.compose(Catalog::builtin()).map_err(|error| error.to_string())?;
    let files = composition.emit().map_err(|error| format!("EMIT FAILED AFTER COMPOSING: {error}"))?;
    files.write_to(out, false).map(drop).map_err(|error| format!("WRITE FAILED: {error}"))
}

/// The lines of a refusal that do not start with `file:line:column: ` (help lines and the
/// closing count aside).
fn unlocated_lines<'e>(error: &'e str, file: &str) -> Vec<&'e str> {
    error
        .lines()
        .filter(|line| !line.starts_with("  ") && !line.ends_with("problems; nothing was written"))
        .filter(|line| {
            let Some(rest) = line.strip_prefix(file).and_then(|rest| rest.strip_prefix(':')) else { return true };
            let mut parts = rest.splitn(3, ':');
            let numeric = |part: Option<&str>| {
                part.is_some_and(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
            };
            !(numeric(parts.next()) && numeric(parts.next()) && parts.next().is_some_and(|tail| tail.starts_with(' ')))
        })
        .collect()
}

#[test]
fn hostile_stacks_are_refused_with_a_location_or_compose_into_terraform_that_terraform_accepts() {
    let terraform_binary = require_tool("terraform");
    let scratch = tempfile::tempdir().expect("temp dir");
    let stacks = scratch.path().join("stacks");
    let composed = scratch.path().join("composed");
    std::fs::create_dir_all(&stacks).expect("creates");
    std::fs::create_dir_all(&composed).expect("creates");

    let cases = corpus();
    assert!(cases.len() >= 300, "the corpus shrank to {} stacks", cases.len());
    let (mut refused, mut accepted, mut problems) = (0, Vec::new(), Vec::new());
    for (index, (name, text)) in cases.iter().enumerate() {
        let file = stacks.join(format!("case-{index}.toml"));
        std::fs::write(&file, text).expect("writes the stack file");
        let out = composed.join(format!("case_{index}"));
        match compose_into(&file, &out) {
            Ok(()) => accepted.push((index, name.clone())),
            Err(error) => {
                refused += 1;
                let unlocated = unlocated_lines(&error, &file.display().to_string());
                if !unlocated.is_empty() {
                    problems.push(format!("{name}: refused without a location:\n{error}"));
                }
                if error.contains("EMIT FAILED") || error.contains("WRITE FAILED") {
                    problems.push(format!("{name}: {error}"));
                }
                if out.exists() {
                    problems.push(format!("{name}: refused, but {} was written", out.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} of {} stacks:\n\n{}", problems.len(), cases.len(), problems.join("\n\n"));
    assert!(refused >= 100 && accepted.len() >= 50, "refused {refused}, accepted {}", accepted.len());
    println!("{} hostile stacks: {refused} refused with a location, {} composed", cases.len(), accepted.len());

    let Some(binary) = terraform_binary else { return };
    let fmt =
        terraform(&binary, &composed).args(["fmt", "-check", "-recursive", "-no-color", "."]).output().expect("runs");
    assert!(fmt.status.success(), "terraform fmt refuses:\n{}", String::from_utf8_lossy(&fmt.stdout));

    // One root that calls every composed stack, so one `terraform get` loads them all.
    let calls: String = accepted
        .iter()
        .map(|(index, _)| format!("module \"case_{index}\" {{\n  source = \"./case_{index}\"\n}}\n\n"))
        .collect();
    std::fs::write(composed.join("corpus.tf"), calls).expect("writes");
    let get = terraform(&binary, &composed).args(["get", "-no-color"]).output().expect("runs");
    let named: Vec<String> = accepted.iter().map(|(index, name)| format!("case_{index} = {name}")).collect();
    assert!(
        get.status.success(),
        "terraform get refuses a composed stack:\n{}\n(cases: {})",
        String::from_utf8_lossy(&get.stderr),
        named.join(", ")
    );
}

#[test]
fn the_batched_terraform_get_catches_a_duplicate_output() {
    let Some(binary) = require_tool("terraform") else { return };
    let scratch = tempfile::tempdir().expect("temp dir");
    let child = scratch.path().join("case_0");
    std::fs::create_dir_all(&child).expect("creates");
    std::fs::write(child.join("outputs.tf"), "output \"a\" {\n  value = 1\n}\n\noutput \"a\" {\n  value = 2\n}\n")
        .expect("writes");
    std::fs::write(scratch.path().join("corpus.tf"), "module \"case_0\" {\n  source = \"./case_0\"\n}\n")
        .expect("writes");
    let get = terraform(&binary, scratch.path()).args(["get", "-no-color"]).output().expect("runs");
    assert!(!get.status.success(), "terraform get accepted a module with a duplicate output");
    assert!(String::from_utf8_lossy(&get.stderr).contains("Duplicate output definition"));
}
