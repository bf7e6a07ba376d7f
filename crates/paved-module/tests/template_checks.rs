//! Every check `emit` makes of a blueprint's `main.tf` template refuses a template that breaks it,
//! naming the blueprint, what is wrong and how to fix it: the template must render, parse as HCL,
//! be aligned as `terraform fmt` aligns it, read only inputs and every input, source nested modules
//! as `./modules/<blueprint>` literals, pass a nested module every setting of the object input it
//! reads that the nested blueprint takes (the `forward` helper derives them), and give outputs
//! valid expressions over what it declares.

use paved_blueprint::{Definition, Kind, Output, OutputShape, Parts, kinds};

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
            shape: OutputShape::Single,
            description: "The queue's ARN.",
            value: output_value,
            present_when: None,
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

/// Settings of the nested test blueprint, as an outer blueprint takes them in one object input.
#[derive(serde::Serialize, schemars::JsonSchema)]
struct QueueSettings {
    /// Seconds each message is delayed.
    #[serde(default)]
    delay_seconds: u32,
}

/// The same settings with one attribute more, as after a field is added to the settings type.
#[derive(serde::Serialize, schemars::JsonSchema)]
struct WiderQueueSettings {
    /// Seconds each message is delayed.
    #[serde(default)]
    delay_seconds: u32,
    /// Largest message, in bytes.
    #[serde(default = "default_maximum_message_size")]
    maximum_message_size: u32,
}

fn default_maximum_message_size() -> u32 {
    262144
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct NestedInputs {
    /// The queue's name.
    name: String,
    /// Seconds each message is delayed.
    #[serde(default)]
    delay_seconds: u32,
    /// Largest message, in bytes.
    #[serde(default = "default_maximum_message_size")]
    maximum_message_size: u32,
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct OuterInputs<Settings> {
    /// The queue's name.
    name: String,
    /// The nested queue's settings.
    queue: Settings,
}

/// The blueprint nested as `./modules/nested-queue`.
fn nested_queue() -> Definition {
    Definition::build(Parts {
        name: "nested-queue",
        version: "1.0.0",
        summary: "A queue to nest.",
        description: "A blueprint other test blueprints nest.",
        notes: "",
        outputs: vec![Output {
            name: "queue_arn",
            kind: kinds::QueueArn::KIND,
            shape: OutputShape::Single,
            description: "The queue's ARN.",
            value: "aws_sqs_queue.this.arn",
            present_when: None,
        }],
        example: NestedInputs { name: "orders".into(), delay_seconds: 0, maximum_message_size: 262144 },
        main_template: "resource \"aws_sqs_queue\" \"this\" {\n  name             = var.name\n  delay_seconds    = var.delay_seconds\n  max_message_size = var.maximum_message_size\n}\n",
    })
    .expect("a valid definition")
}

fn outer<Settings: serde::Serialize + schemars::JsonSchema>(
    main_template: &'static str,
    settings: Settings,
) -> Definition {
    Definition::build(Parts {
        name: "outer",
        version: "1.0.0",
        summary: "Nests a queue.",
        description: "A blueprint that nests `nested-queue`.",
        notes: "",
        outputs: vec![Output {
            name: "queue_arn",
            kind: kinds::QueueArn::KIND,
            shape: OutputShape::Single,
            description: "The queue's ARN.",
            value: "module.queue.queue_arn",
            present_when: None,
        }],
        example: OuterInputs { name: "orders".into(), queue: settings },
        main_template,
    })
    .expect("a valid definition")
}

/// The module block forwards `var.queue` with the derived forwarding.
const FORWARDING: &str = "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  {{#forward \"queue\" to=\"nested-queue\"}}\n  name = var.name\n  {{/forward}}\n}\n";

fn emit_nested(definition: &Definition) -> Result<paved_module::ModuleFiles, String> {
    let nested = nested_queue();
    paved_module::emit(definition, &|name| (name == "nested-queue").then_some(&nested)).map_err(|e| e.to_string())
}

#[test]
fn forward_derives_each_setting_the_nested_blueprint_takes_aligned() {
    let files = emit_nested(&outer(FORWARDING, QueueSettings { delay_seconds: 0 })).expect("emits");
    assert_eq!(
        files.get("main.tf").expect("main.tf"),
        "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  name          = var.name\n  delay_seconds = lookup(var.queue, \"delay_seconds\", 0)\n}\n"
    );
    assert!(files.get("modules/nested-queue/main.tf").is_some(), "the nested module is vendored");
}

#[test]
fn a_setting_added_to_the_settings_type_reaches_the_nested_module_without_a_template_edit() {
    let files = emit_nested(&outer(FORWARDING, WiderQueueSettings { delay_seconds: 0, maximum_message_size: 262144 }))
        .expect("emits");
    assert_eq!(
        files.get("main.tf").expect("main.tf"),
        "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  name                 = var.name\n  delay_seconds        = lookup(var.queue, \"delay_seconds\", 0)\n  maximum_message_size = lookup(var.queue, \"maximum_message_size\", 262144)\n}\n"
    );
}

#[test]
fn a_template_that_drops_a_nested_setting_is_refused_at_emit_time() {
    // Hand-written forwarding written before `maximum_message_size` was added to the settings.
    let template = "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  name          = var.name\n  delay_seconds = var.queue.delay_seconds\n}\n";
    assert!(emit_nested(&outer(template, QueueSettings { delay_seconds: 0 })).is_ok(), "control: nothing dropped");
    let error = emit_nested(&outer(template, WiderQueueSettings { delay_seconds: 0, maximum_message_size: 262144 }))
        .expect_err("the dropped setting is refused");
    assert_eq!(
        error,
        "blueprint `outer`: main.tf.hbs: module `queue` does not pass `queue.maximum_message_size` to `nested-queue`, which takes `maximum_message_size` as an input: the setting would be validated and then dropped; forward the settings with `{{#forward \"queue\" to=\"nested-queue\"}}` … `{{/forward}}` in the module block (derived from both interfaces), or set `maximum_message_size = var.queue.maximum_message_size`"
    );
}

#[test]
fn a_nested_setting_overridden_by_a_constant_is_refused() {
    let template = "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  name                 = var.name\n  delay_seconds        = 0\n  maximum_message_size = var.queue.maximum_message_size\n}\n";
    let error = emit_nested(&outer(template, WiderQueueSettings { delay_seconds: 0, maximum_message_size: 262144 }))
        .expect_err("refused");
    assert!(error.contains("module `queue` does not pass `queue.delay_seconds` to `nested-queue`"), "{error}");
}

#[test]
fn forward_naming_what_the_blueprint_lacks_is_refused() {
    let cases = [
        (
            "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  {{#forward \"name\" to=\"nested-queue\"}}\n  {{/forward}}\n}\n",
            "`forward \"name\"`: `name` is not an object input of this blueprint; name the input that holds the nested blueprint's settings",
        ),
        (
            "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  {{#forward \"queue\" to=\"other-queue\"}}\n  name = var.name\n  {{/forward}}\n}\n",
            "`forward \"queue\" to=\"other-queue\"`: no module of this template has `source = \"./modules/other-queue\"`, or the catalog has no `other-queue`; name the blueprint the module block sources",
        ),
        (
            "module \"queue\" {\n  source = \"./modules/nested-queue\"\n\n  {{#forward \"queue\" to=\"nested-queue\"}}\n  name = var.name\n  tags = {}\n  {{/forward}}\n}\n",
            "inside `forward \"queue\"`, `tags` is not an input of `nested-queue`; remove it or name one of `name`, `delay_seconds`, `maximum_message_size`",
        ),
    ];
    for (template, message) in cases {
        let error = emit_nested(&outer(template, QueueSettings { delay_seconds: 0 })).expect_err("refused");
        assert!(error.starts_with("blueprint `outer`: main.tf.hbs: it does not render:"), "{error}");
        assert!(error.contains(message), "{error}\nshould contain\n{message}");
    }
}
