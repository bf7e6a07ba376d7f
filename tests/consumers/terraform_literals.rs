//! The real Terraform reads every hostile string Paved emits as exactly that string.
//!
//! A configuration with no resources and no providers holds one output per string (as a value,
//! a list item and a map key); `terraform apply` evaluates it offline and `terraform output -json`
//! returns the values Terraform understood.

use paved_hcl::hcl::{Block, Body};
use paved_hcl::{format_body, json_to_expression};
use paved_tests::{HOSTILE_SAMPLES, hostile_string, require_tool, terraform};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

#[test]
fn terraform_reads_hostile_strings_back_unchanged() {
    let Some(binary) = require_tool("terraform") else { return };
    let mut samples: Vec<String> = HOSTILE_SAMPLES.iter().map(|sample| (*sample).to_owned()).collect();
    let mut runner = TestRunner::deterministic();
    let strategy = hostile_string();
    for _ in 0..150 {
        samples.push(strategy.new_tree(&mut runner).expect("generates").current());
    }

    let mut body = Body::builder();
    for (index, sample) in samples.iter().enumerate() {
        let value =
            json_to_expression(&serde_json::json!({ "text": sample, "list": [sample], "map": { sample: sample } }));
        body = body
            .add_block(Block::builder("output").add_label(format!("s{index}")).add_attribute(("value", value)).build());
    }
    let directory = tempfile::tempdir().expect("temp dir");
    std::fs::write(directory.path().join("main.tf"), format_body(&body.build()).expect("formats")).expect("writes");

    let apply = terraform(&binary, directory.path())
        .args(["apply", "-auto-approve", "-input=false", "-no-color"])
        .output()
        .expect("terraform runs");
    assert!(
        apply.status.success(),
        "terraform refused the emitted strings:\n{}",
        String::from_utf8_lossy(&apply.stderr)
    );
    let output = terraform(&binary, directory.path()).args(["output", "-json"]).output().expect("terraform runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let values: serde_json::Value = serde_json::from_slice(&output.stdout).expect("terraform prints JSON");
    for (index, sample) in samples.iter().enumerate() {
        let expected = serde_json::json!({ "text": sample, "list": [sample], "map": { sample: sample } });
        assert_eq!(
            values[format!("s{index}")]["value"],
            expected,
            "terraform read sample {index} ({sample:?}) differently"
        );
    }
    eprintln!("terraform read {} hostile strings back unchanged", samples.len());
}
