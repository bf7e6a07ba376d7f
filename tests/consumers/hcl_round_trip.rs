//! No user string can change the meaning of emitted HCL.
//!
//! Strings are generated with a bias toward everything HCL treats specially (`$`, `%`, `{`, `}`,
//! `"`, `\`, newlines, control characters, template markers and their escapes) and emitted as an
//! attribute value, an object key and an array item. hcl-rs must parse the output back, and
//! evaluating it must give exactly the original string. The same strings are checked against the
//! real Terraform in `terraform_literals`.

use paved_hcl::hcl::eval::{Context, Evaluate};
use paved_hcl::hcl::{self, Body, Expression};
use paved_hcl::{format_body, json_to_expression};
use paved_tests::{HOSTILE_SAMPLES, hostile_string};
use proptest::prelude::*;

fn evaluate(expression: &Expression) -> hcl::Value {
    expression.evaluate(&Context::new()).expect("a literal evaluates without a context")
}

fn round_trip(value: &str) {
    let emitted = format_body(
        &Body::builder()
            .add_attribute(("text", value))
            .add_attribute(("list", json_to_expression(&serde_json::json!([value, value]))))
            .add_attribute(("map", json_to_expression(&serde_json::json!({ value: value }))))
            .build(),
    )
    .expect("formats");
    let parsed: Body =
        hcl::from_str(&emitted).unwrap_or_else(|error| panic!("emitted HCL does not parse: {error}\n{emitted}"));
    let attributes: Vec<_> = parsed.attributes().collect();
    assert_eq!(attributes.len(), 3, "a string added or removed attributes:\n{emitted}");
    assert_eq!(parsed.blocks().count(), 0, "a string created a block:\n{emitted}");
    assert_eq!(evaluate(attributes[0].expr()), hcl::Value::from(value), "emitted:\n{emitted}");
    assert_eq!(evaluate(attributes[1].expr()), hcl::Value::from(vec![value, value]), "emitted:\n{emitted}");
    let map = evaluate(attributes[2].expr());
    let object = map.as_object().expect("an object");
    assert_eq!(object.len(), 1);
    let (key, item) = object.iter().next().expect("one entry");
    assert_eq!(key, value, "the key changed; emitted:\n{emitted}");
    assert_eq!(item, &hcl::Value::from(value), "emitted:\n{emitted}");
    assert_eq!(paved_hcl::align_assignments(&emitted), emitted, "alignment is not a fixed point");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_come_back_as_the_same_literal(value in hostile_string()) {
        round_trip(&value);
    }
}

#[test]
fn known_hostile_strings_come_back_as_the_same_literal() {
    for value in HOSTILE_SAMPLES {
        round_trip(value);
    }
}
