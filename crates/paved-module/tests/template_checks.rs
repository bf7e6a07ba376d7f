//! Every check `emit` makes of a blueprint's `main.tf` template refuses a template that breaks it,
//! naming the blueprint, what is wrong and how to fix it: the template must render, parse as HCL,
//! be aligned as `terraform fmt` aligns it, read only inputs and every input, source nested modules
//! as `./modules/<blueprint>` literals, and give outputs valid expressions over what it declares.

use paved_blueprint::{Definition, Kind, Output, Parts, kinds};

#[derive(serde::Serialize, schemars::JsonSchema)]
struct Inputs {
    /// The queue's name.
    name: String,
}

/// A template that passes every check, for the control case.
const VALID: &str = "resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n}\n";

fn definition(main_template: &'static str, output_value: &'static str) -> Definition {
    Definition::build(Parts {
        name: "template-check",
        version: "1.0.0",
        summary: "Checks templates.",
        description: "A blueprint whose template breaks one rule.",
        notes: "",
        outputs: vec![Output {
            name: "queue_arn",
            kind: kinds::QueueArn::KIND,
            description: "The queue's ARN.",
            value: output_value,
        }],
        example: Inputs { name: "orders".into() },
        main_template,
    })
    .expect("a valid definition")
}

fn emit_error(main_template: &'static str, output_value: &'static str) -> String {
    let definition = definition(main_template, output_value);
    match paved_module::emit(&definition, &|_| None) {
        Ok(_) => panic!("the template was accepted:\n{main_template}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn the_control_template_is_accepted() {
    let definition = definition(VALID, "aws_sqs_queue.this.arn");
    let files = paved_module::emit(&definition, &|_| None).expect("emits");
    assert!(files.get("main.tf").is_some_and(|text| text.contains("name = var.name")));
}

#[test]
fn a_template_that_does_not_render_is_refused() {
    let error = emit_error("{{#if}}\nresource \"aws_sqs_queue\" \"this\" {}\n", "aws_sqs_queue.this.arn");
    assert!(error.starts_with("blueprint `template-check`: main.tf.hbs: it does not render:"), "{error}");
}

#[test]
fn a_template_that_is_not_hcl_is_refused() {
    let error = emit_error("resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n", "aws_sqs_queue.this.arn");
    assert!(error.starts_with("blueprint `template-check`: main.tf.hbs: it is not valid HCL:"), "{error}");
}

#[test]
fn a_template_not_aligned_as_terraform_fmt_aligns_is_refused_with_the_line() {
    let error = emit_error(
        "resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n  delay_seconds = 0\n}\n",
        "aws_sqs_queue.this.arn",
    );
    assert_eq!(
        error,
        "blueprint `template-check`: main.tf.hbs: it is not formatted as `terraform fmt` formats it (first difference at line 2); align the `=` of neighbouring attributes"
    );
}

#[test]
fn a_variable_that_is_no_input_is_refused() {
    let error = emit_error(
        "resource \"aws_sqs_queue\" \"this\" {\n  name          = var.name\n  delay_seconds = var.delay\n}\n",
        "aws_sqs_queue.this.arn",
    );
    assert_eq!(
        error,
        "blueprint `template-check`: main.tf.hbs: it reads `var.delay`, which is not an input; add the field to the inputs type or remove the reference"
    );
}

#[test]
fn an_input_the_template_never_reads_is_refused() {
    // A reference in a comment does not count as a read.
    let error = emit_error(
        "# var.name\nresource \"aws_sqs_queue\" \"this\" {\n  name = \"fixed\"\n}\n",
        "aws_sqs_queue.this.arn",
    );
    assert_eq!(
        error,
        "blueprint `template-check`: main.tf.hbs: input `name` is never read by main.tf; use it or remove it from the inputs type"
    );
}

#[test]
fn a_nested_module_outside_modules_is_refused() {
    let error = emit_error("module \"queue\" {\n  source = \"../queue\"\n  name   = var.name\n}\n", "module.queue.arn");
    assert_eq!(
        error,
        "blueprint `template-check`: main.tf.hbs: module `queue` has source `../queue`; nested blueprints are sourced as `./modules/<blueprint>`"
    );
}

#[test]
fn a_nested_module_without_a_literal_source_is_refused() {
    let error = emit_error("module \"queue\" {\n  source = var.name\n}\n", "module.queue.arn");
    assert_eq!(error, "blueprint `template-check`: main.tf.hbs: module `queue` needs a literal `source`");
}

#[test]
fn a_nested_blueprint_missing_from_the_catalog_is_refused() {
    let error = emit_error(
        "module \"queue\" {\n  source = \"./modules/no-such\"\n  name   = var.name\n}\n",
        "module.queue.arn",
    );
    assert!(error.contains("no-such"), "{error}");
}

#[test]
fn an_output_with_an_invalid_expression_is_refused() {
    let error = emit_error(VALID, "aws_sqs_queue.this.(");
    assert!(
        error.starts_with(
            "blueprint `template-check`: main.tf.hbs: output `queue_arn` has the invalid expression `aws_sqs_queue.this.(`:"
        ),
        "{error}"
    );
}

#[test]
fn an_output_referring_to_what_main_tf_does_not_declare_is_refused() {
    for value in
        ["aws_sqs_queue.other.arn", "module.queue.arn", "local.name", "data.aws_region.current.name", "\"literal\""]
    {
        let error = emit_error(VALID, value);
        assert_eq!(
            error,
            format!(
                "blueprint `template-check`: main.tf.hbs: output `queue_arn` refers to `{value}`, which main.tf does not declare"
            ),
            "for {value}"
        );
    }
}
