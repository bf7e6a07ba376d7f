//! The interface semver check, table-driven: each case edits one part of a typed interface (read
//! from an inputs JSON Schema, as blueprints are) or the module's `main.tf`, and states the
//! verdict it must get (the provider aliases a module needs included). Then the publish command's use of it: a minor release that only adds is
//! accepted, a patch release that adds is refused with the version to use, and interfaces stored
//! before the typed parts were recorded are compared by what they hold.

use paved_blueprint::Field;
use paved_module::ModuleFiles;
use paved_registry::{
    Impact, Interface, InterfaceInput, InterfaceOutput, InterfaceOutputShape, InterfaceProviderAlias, InterfaceRule,
    ModuleAddress, PublishError, PublishOutcome, Release, publish,
};
use serde_json::{Value, json};

/// The inputs schema every case starts from: a required name with a length, a closed set with a
/// default, a bounded number, a nullable ARN, and a required object with a nested default.
fn base_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 64, "description": "The name." },
            "authorization_type": { "type": "string", "enum": ["AWS_IAM", "NONE"], "default": "AWS_IAM" },
            "memory_size": { "type": "integer", "minimum": 128, "maximum": 10240, "default": 256 },
            "kms_key_arn": { "type": ["string", "null"], "default": null },
            "function": { "$ref": "#/$defs/Function" }
        },
        "required": ["name", "function"],
        "$defs": {
            "Function": {
                "type": "object",
                "properties": {
                    "package_file": { "type": "string" },
                    "timeout": { "type": "integer", "minimum": 1, "maximum": 900, "default": 30 }
                },
                "required": ["package_file"]
            }
        }
    })
}

const BASE_MAIN: &str = "resource \"aws_lambda_function\" \"this\" {\n  function_name = var.name\n}\n\
                         resource \"aws_iam_role_policy\" \"producer\" {\n  count = 2\n}\n\
                         module \"alarms\" {\n  source = \"./modules/alarms\"\n}\n";

const ALARMS_MAIN: &str = "resource \"aws_cloudwatch_metric_alarm\" \"errors\" {\n  alarm_name = \"errors\"\n}\n";

fn outputs() -> Vec<InterfaceOutput> {
    vec![
        InterfaceOutput {
            name: "function_arn".into(),
            kind: "lambda-function-arn".into(),
            shape: Default::default(),
            present_when: None,
            description: String::new(),
        },
        InterfaceOutput {
            name: "role_name".into(),
            kind: "iam-role-name".into(),
            shape: Default::default(),
            present_when: None,
            description: String::new(),
        },
    ]
}

/// The interface of a module with these inputs, outputs and `main.tf`.
fn interface(schema: &Value, outputs: Vec<InterfaceOutput>, main: &str) -> Interface {
    let (fields, rules) = Field::with_rules_from_schema(schema).expect("a valid inputs schema");
    let inputs = fields.iter().map(InterfaceInput::of).collect();
    let rules = Some(rules.iter().map(InterfaceRule::of).collect());
    let mut files = ModuleFiles::default();
    files.insert("main.tf", main.to_owned());
    files.insert("modules/alarms/main.tf", ALARMS_MAIN.to_owned());
    Interface { inputs, outputs, resources: None, provider_aliases: Vec::new(), rules }
        .with_resources(&files)
        .expect("the main.tf parses")
}

fn base() -> Interface {
    interface(&base_schema(), outputs(), BASE_MAIN)
}

/// The base interface with its schema edited.
fn schema(edit: fn(&mut Value)) -> Interface {
    let mut schema = base_schema();
    edit(&mut schema);
    interface(&schema, outputs(), BASE_MAIN)
}

/// The base interface with its outputs edited.
fn outputs_edited(edit: fn(&mut Vec<InterfaceOutput>)) -> Interface {
    let mut edited = outputs();
    edit(&mut edited);
    interface(&base_schema(), edited, BASE_MAIN)
}

/// The base interface with `main.tf` edited: `replace` applied to it, then `append` added.
fn main_tf(replace: (&str, &str), append: &str) -> Interface {
    let main = format!("{}{append}", BASE_MAIN.replace(replace.0, replace.1));
    interface(&base_schema(), outputs(), &main)
}

/// How the input `dead_letter_target_arn` of [`wired`] takes its value.
enum Wiring {
    /// A literal string only.
    Literal,
    /// A literal or a reference to an output of any kind.
    AnyKind,
    /// A literal or a reference to an output of these kinds (`x-paved-kind`: a name, or a list of
    /// names for a union).
    Kinds(Value),
}

/// The base interface plus an input `dead_letter_target_arn` taking its value as `wiring` says.
fn wired(wiring: Wiring) -> Interface {
    let mut schema = base_schema();
    let mut reference = json!({ "type": "object", "x-paved-reference": true });
    let input = match wiring {
        Wiring::Literal => json!({ "type": "string", "default": "" }),
        Wiring::AnyKind => json!({ "anyOf": [{ "type": "string" }, reference], "default": "" }),
        Wiring::Kinds(kinds) => {
            reference["x-paved-kind"] = kinds;
            json!({ "anyOf": [{ "type": "string" }, reference], "default": "" })
        }
    };
    *property(&mut schema, "/properties/dead_letter_target_arn") = input;
    interface(&schema, outputs(), BASE_MAIN)
}

/// [`wired`] from outputs of `kinds`.
fn wired_from(kinds: Value) -> Interface {
    wired(Wiring::Kinds(kinds))
}

/// The schema value at `pointer`, created (as `null`) when only its last segment is missing.
fn property<'a>(schema: &'a mut Value, pointer: &str) -> &'a mut Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a segment");
    let object = schema
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("the base schema has the object `{parent}`"));
    object.entry(key).or_insert(Value::Null)
}

/// The base interface as a registry stored it before the typed parts were recorded: type text,
/// required flags and output kinds only.
fn stored_before_typed_parts() -> Interface {
    let mut stored = base();
    for input in &mut stored.inputs {
        input.default = None;
        input.value_type = None;
    }
    stored.resources = None;
    stored.rules = None;
    stored
}

/// The base interface plus the key-prefix inputs `write_prefix` (nullable) and `filter_prefix`,
/// with `rules` (`x-paved-rules`) across them.
fn prefixes(rules: Value) -> Interface {
    let mut schema = base_schema();
    *property(&mut schema, "/properties/write_prefix") = json!({ "type": ["string", "null"], "default": null });
    *property(&mut schema, "/properties/filter_prefix") = json!({ "type": "string", "default": "" });
    *property(&mut schema, "/x-paved-rules") = rules;
    interface(&schema, outputs(), BASE_MAIN)
}

/// The rule that `left` and `right` do not overlap as key prefixes, because of `reason`.
fn disjoint(left: &str, right: &str, reason: &str) -> Value {
    json!([{ "then": { "left": left, "operator": "disjoint-prefix", "right": right }, "reason": reason }])
}

struct Case {
    name: &'static str,
    before: Interface,
    after: Interface,
    /// The highest impact of the changes found; `None` when nothing a caller notices changed.
    verdict: Option<Impact>,
    /// A phrase the finding of that impact must contain (what changed, named).
    finding: &'static str,
}

fn cases() -> Vec<Case> {
    use Impact::{Breaking, Minor, Patch};
    let case = |name, after, verdict, finding| Case { name, before: base(), after, verdict, finding };
    let with_rule = || prefixes(disjoint("write_prefix", "filter_prefix", "a loop"));
    let prefix_case = |name, before, after, verdict, finding| Case { name, before, after, verdict, finding };
    vec![
        prefix_case(
            "a rule across top-level inputs added",
            prefixes(json!([])),
            with_rule(),
            Some(Breaking),
            "adds the rule across inputs: `filter_prefix` and `write_prefix` must not overlap",
        ),
        prefix_case(
            "a rule across top-level inputs dropped",
            with_rule(),
            prefixes(json!([])),
            Some(Minor),
            "drops the rule across inputs",
        ),
        prefix_case(
            "a rule's reason reworded",
            with_rule(),
            prefixes(disjoint("write_prefix", "filter_prefix", "an endless loop")),
            Some(Patch),
            "rewords the reason of the rule",
        ),
        prefix_case(
            "a disjoint-prefix rule with its sides swapped",
            with_rule(),
            prefixes(disjoint("filter_prefix", "write_prefix", "a loop")),
            None,
            "",
        ),
        prefix_case(
            "rules compared with an interface stored before they were recorded",
            Interface { rules: None, ..prefixes(json!([])) },
            with_rule(),
            None,
            "",
        ),
        case("nothing changed", base(), None, ""),
        case(
            "a description changed",
            schema(|s| *property(s, "/properties/name/description") = json!("Another name.")),
            None,
            "",
        ),
        case(
            "an optional input added",
            schema(|s| *property(s, "/properties/tracing") = json!({ "type": "boolean", "default": true })),
            Some(Minor),
            "adds the optional input `tracing`",
        ),
        case(
            "a required input added",
            schema(|s| {
                *property(s, "/properties/owner") = json!({ "type": "string" });
                property(s, "/required").as_array_mut().expect("a list").push(json!("owner"));
            }),
            Some(Breaking),
            "adds the required input `owner`",
        ),
        case(
            "an input removed",
            schema(|s| {
                property(s, "/properties").as_object_mut().expect("an object").remove("kms_key_arn");
            }),
            Some(Breaking),
            "removes the input `kms_key_arn`",
        ),
        case(
            "an optional input made required",
            schema(|s| property(s, "/required").as_array_mut().expect("a list").push(json!("memory_size"))),
            Some(Breaking),
            "makes the input `memory_size` required",
        ),
        case(
            "a required input made optional",
            schema(|s| {
                *property(s, "/required") = json!(["function"]);
                *property(s, "/properties/name/default") = json!("service");
            }),
            Some(Minor),
            "makes the input `name` optional",
        ),
        case(
            "a default changed",
            schema(|s| *property(s, "/properties/authorization_type/default") = json!("NONE")),
            Some(Breaking),
            "changes the default of `authorization_type` from `AWS_IAM` to `NONE`",
        ),
        case(
            "an input now accepts null",
            schema(|s| *property(s, "/properties/memory_size/type") = json!(["integer", "null"])),
            Some(Minor),
            "makes `memory_size` accept `null`",
        ),
        case(
            "an input no longer accepts null",
            schema(|s| *property(s, "/properties/kms_key_arn/type") = json!("string")),
            Some(Breaking),
            "makes `kms_key_arn` refuse `null`",
        ),
        case(
            "a range tightened",
            schema(|s| *property(s, "/properties/memory_size/maximum") = json!(3008)),
            Some(Breaking),
            "tightens `memory_size` from between 128 and 10240 to between 128 and 3008",
        ),
        case(
            "a range loosened",
            schema(|s| *property(s, "/properties/memory_size/minimum") = json!(64)),
            Some(Minor),
            "loosens `memory_size` from between 128 and 10240 to between 64 and 10240",
        ),
        case(
            "a value added to a closed set",
            schema(|s| *property(s, "/properties/authorization_type/enum") = json!(["AWS_IAM", "NONE", "JWT"])),
            Some(Minor),
            "makes `authorization_type` also accept `JWT`",
        ),
        case(
            "a value removed from a closed set",
            schema(|s| *property(s, "/properties/authorization_type/enum") = json!(["AWS_IAM"])),
            Some(Breaking),
            "makes `authorization_type` refuse `NONE`",
        ),
        case(
            "a length tightened",
            schema(|s| *property(s, "/properties/name/maxLength") = json!(32)),
            Some(Breaking),
            "tightens the length of `name` from between 1 and 64 characters to between 1 and 32 characters",
        ),
        case(
            "a pattern added",
            schema(|s| *property(s, "/properties/name/pattern") = json!("^[a-z-]+$")),
            Some(Breaking),
            "adds the pattern `^[a-z-]+$` to `name`",
        ),
        case(
            "a string made to hold a JSON object",
            schema(|s| *property(s, "/properties/name/x-paved-json-object") = json!(true)),
            Some(Breaking),
            "makes `name` accept only a JSON object",
        ),
        Case {
            name: "a string no longer made to hold a JSON object",
            before: schema(|s| *property(s, "/properties/name/x-paved-json-object") = json!(true)),
            after: base(),
            verdict: Some(Minor),
            finding: "makes `name` accept any string, not only a JSON object",
        },
        case(
            "whole numbers loosened to any number",
            schema(|s| *property(s, "/properties/memory_size/type") = json!("number")),
            Some(Minor),
            "makes `memory_size` accept any number",
        ),
        case(
            "a type changed",
            schema(|s| {
                *property(s, "/properties/memory_size") = json!({ "type": "string", "default": "256" });
            }),
            Some(Breaking),
            "changes the type of `memory_size` from `number` to `string`",
        ),
        case(
            "an optional attribute added inside an object input",
            schema(|s| {
                *property(s, "/$defs/Function/properties/handler") =
                    json!({ "type": "string", "default": "app.handler" });
            }),
            Some(Minor),
            "adds the optional attribute `function.handler`",
        ),
        case(
            "a required attribute added inside an object input",
            schema(|s| {
                *property(s, "/$defs/Function/properties/runtime") = json!({ "type": "string" });
                property(s, "/$defs/Function/required").as_array_mut().expect("a list").push(json!("runtime"));
            }),
            Some(Breaking),
            "adds the required attribute `function.runtime`",
        ),
        case(
            "a nested default changed",
            schema(|s| *property(s, "/$defs/Function/properties/timeout/default") = json!(60)),
            Some(Breaking),
            "changes the default of `function.timeout` from `30` to `60`",
        ),
        case(
            "a nested range loosened",
            schema(|s| *property(s, "/$defs/Function/properties/timeout/maximum") = json!(1800)),
            Some(Minor),
            "loosens `function.timeout`",
        ),
        case(
            "an output added",
            outputs_edited(|o| {
                o.push(InterfaceOutput {
                    name: "url".into(),
                    kind: "http-api-url".into(),
                    shape: Default::default(),
                    present_when: None,
                    description: String::new(),
                })
            }),
            Some(Minor),
            "adds the output `url`",
        ),
        case(
            "an output removed",
            outputs_edited(|o| {
                o.pop();
            }),
            Some(Breaking),
            "removes the output `role_name`",
        ),
        case(
            "an output's kind changed",
            outputs_edited(|o| o[1].kind = "iam-role-arn".into()),
            Some(Breaking),
            "changes the kind of the output `role_name` from `iam-role-name` to `iam-role-arn`",
        ),
        case(
            "a resource renamed without a moved block",
            main_tf(("\"aws_lambda_function\" \"this\"", "\"aws_lambda_function\" \"function\""), ""),
            Some(Breaking),
            "removes or renames `aws_lambda_function.this` without a `moved` block",
        ),
        case(
            "a resource renamed with a moved block",
            main_tf(
                ("\"aws_lambda_function\" \"this\"", "\"aws_lambda_function\" \"function\""),
                "moved {\n  from = aws_lambda_function.this\n  to   = aws_lambda_function.function\n}\n",
            ),
            Some(Patch),
            "moves `aws_lambda_function.this` with a `moved` block",
        ),
        case(
            "a resource added",
            main_tf(("", ""), "resource \"aws_sqs_queue\" \"dead_letter\" {\n  name = \"dl\"\n}\n"),
            Some(Minor),
            "adds `aws_sqs_queue.dead_letter`",
        ),
        case(
            "count changed to for_each without moved blocks",
            main_tf(("count = 2", "for_each = var.producers"), ""),
            Some(Breaking),
            "keys `aws_iam_role_policy.producer` by `for_each` instead of `count` without a `moved` block",
        ),
        case(
            "count changed to for_each with moved blocks",
            main_tf(
                ("count = 2", "for_each = var.producers"),
                "moved {\n  from = aws_iam_role_policy.producer[0]\n  to   = aws_iam_role_policy.producer[\"orders\"]\n}\n",
            ),
            Some(Patch),
            "keys `aws_iam_role_policy.producer` by `for_each` instead of `count`, with `moved` blocks",
        ),
        case(
            "a local module renamed without a moved block destroys what it holds",
            main_tf(("module \"alarms\"", "module \"alarm\""), ""),
            Some(Breaking),
            "removes or renames `module.alarms.aws_cloudwatch_metric_alarm.errors` without a `moved` block",
        ),
        case(
            "a local module renamed with a moved block",
            main_tf(
                ("module \"alarms\"", "module \"alarm\""),
                "moved {\n  from = module.alarms\n  to   = module.alarm\n}\n",
            ),
            Some(Patch),
            "moves `module.alarms.aws_cloudwatch_metric_alarm.errors` with a `moved` block",
        ),
        case(
            "a single output became a map",
            outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("name".into()))),
            Some(Breaking),
            "changes the output `function_arn` from one value to a map: references to it expect one value",
        ),
        Case {
            name: "a map output became a list",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(None)),
            after: outputs_edited(|o| o[0].shape = InterfaceOutputShape::List(None)),
            verdict: Some(Breaking),
            finding: "changes the output `function_arn` from a map to a list",
        },
        Case {
            name: "a map output became one value",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("name".into()))),
            after: base(),
            verdict: Some(Breaking),
            finding: "changes the output `function_arn` from a map to one value",
        },
        Case {
            name: "a map output keyed like another input",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("routes".into()))),
            after: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("targets".into()))),
            verdict: Some(Breaking),
            finding: "keys the output `function_arn` like the input `targets` instead of `routes`",
        },
        Case {
            name: "a map output's keys now computed by Terraform",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("routes".into()))),
            after: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(None)),
            verdict: Some(Breaking),
            finding: "makes the keys of the output `function_arn` computed by Terraform instead of those of the input `routes`",
        },
        Case {
            name: "a map output's keys now those of an input",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(None)),
            after: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("routes".into()))),
            verdict: Some(Minor),
            finding: "keys the output `function_arn` like the input `routes`, so stacks may index it",
        },
        Case {
            name: "the kind of a map output's values changed",
            before: outputs_edited(|o| o[0].shape = InterfaceOutputShape::Map(Some("routes".into()))),
            after: outputs_edited(|o| {
                o[0].shape = InterfaceOutputShape::Map(Some("routes".into()));
                o[0].kind = "lambda-invoke-arn".into();
            }),
            verdict: Some(Breaking),
            finding: "changes the kind of the output `function_arn` from `lambda-function-arn` to `lambda-invoke-arn`",
        },
        case(
            "an output made present only when an input is set",
            outputs_edited(|o| o[0].present_when = Some("name".into())),
            Some(Breaking),
            "makes the output `function_arn` present only when the input `name` is set",
        ),
        Case {
            name: "an output made always present",
            before: outputs_edited(|o| o[0].present_when = Some("name".into())),
            after: base(),
            verdict: Some(Minor),
            finding: "makes the output `function_arn` always present, not only when the input `name` is set",
        },
        Case {
            name: "an output made present on another input",
            before: outputs_edited(|o| o[0].present_when = Some("name".into())),
            after: outputs_edited(|o| o[0].present_when = Some("memory_size".into())),
            verdict: Some(Breaking),
            finding: "makes the output `function_arn` present when the input `memory_size` is set instead of `name`",
        },
        case(
            "a map output added",
            outputs_edited(|o| {
                o.push(InterfaceOutput {
                    name: "queue_arns".into(),
                    kind: "sqs-queue-arn".into(),
                    shape: InterfaceOutputShape::Map(Some("name".into())),
                    present_when: None,
                    description: String::new(),
                })
            }),
            Some(Minor),
            "adds the output `queue_arns`",
        ),
        Case {
            name: "a wirable input's kinds widened to a union",
            before: wired_from(json!("sqs-queue-arn")),
            after: wired_from(json!(["sqs-queue-arn", "sns-topic-arn"])),
            verdict: Some(Minor),
            finding: "makes `dead_letter_target_arn` also take outputs of kind `sns-topic-arn`",
        },
        Case {
            name: "a wirable input's union narrowed to one kind",
            before: wired_from(json!(["sqs-queue-arn", "sns-topic-arn"])),
            after: wired_from(json!("sqs-queue-arn")),
            verdict: Some(Breaking),
            finding: "makes `dead_letter_target_arn` no longer take outputs of kind `sns-topic-arn`",
        },
        Case {
            name: "a wirable input's kind replaced by another",
            before: wired_from(json!("sqs-queue-arn")),
            after: wired_from(json!("sns-topic-arn")),
            verdict: Some(Breaking),
            finding: "no longer take outputs of kind `sqs-queue-arn`",
        },
        Case {
            name: "a union's kinds listed in another order",
            before: wired_from(json!(["sqs-queue-arn", "sns-topic-arn"])),
            after: wired_from(json!(["sns-topic-arn", "sqs-queue-arn"])),
            verdict: None,
            finding: "",
        },
        Case {
            name: "a wirable input now takes any kind",
            before: wired_from(json!(["sqs-queue-arn", "sns-topic-arn"])),
            after: wired(Wiring::AnyKind),
            verdict: Some(Minor),
            finding: "take outputs of any kind, not only `sqs-queue-arn`, `sns-topic-arn`",
        },
        Case {
            name: "an input of any kind now takes only a union",
            before: wired(Wiring::AnyKind),
            after: wired_from(json!(["sqs-queue-arn", "sns-topic-arn"])),
            verdict: Some(Breaking),
            finding: "take only outputs of kind `sqs-queue-arn`, `sns-topic-arn`",
        },
        Case {
            name: "a wirable input no longer takes references",
            before: wired_from(json!("sqs-queue-arn")),
            after: wired(Wiring::Literal),
            verdict: Some(Breaking),
            finding: "makes `dead_letter_target_arn` refuse a reference to another instance's output",
        },
        Case {
            name: "an interface stored before the typed parts, against the same interface typed",
            before: stored_before_typed_parts(),
            after: base(),
            verdict: None,
            finding: "",
        },
        Case {
            name: "an interface stored before the typed parts, against an optional attribute added",
            before: stored_before_typed_parts(),
            after: schema(|s| {
                *property(s, "/$defs/Function/properties/handler") =
                    json!({ "type": "string", "default": "app.handler" });
            }),
            verdict: Some(Minor),
            finding: "adds the optional attribute `function.handler`",
        },
        Case {
            name: "an interface stored before the typed parts, against an attribute removed",
            before: stored_before_typed_parts(),
            after: schema(|s| {
                property(s, "/$defs/Function/properties").as_object_mut().expect("an object").remove("timeout");
            }),
            verdict: Some(Breaking),
            finding: "removes the attribute `function.timeout`",
        },
        case(
            "a provider alias required (Terraform refuses a call that does not pass it)",
            with_aliases(&[("us_east_1", "us-east-1")]),
            Some(Breaking),
            "needs the provider configuration `aws.us_east_1` (region `us-east-1`): every call must pass it",
        ),
        case(
            "a second provider alias required",
            with_aliases(&[("us_east_1", "us-east-1"), ("us_west_2", "us-west-2")]),
            Some(Breaking),
            "needs the provider configuration `aws.us_west_2` (region `us-west-2`)",
        ),
        Case {
            name: "a provider alias no longer needed (Terraform only warns about a call still passing it)",
            before: with_aliases(&[("us_east_1", "us-east-1")]),
            after: base(),
            verdict: Some(Minor),
            finding: "no longer needs the provider configuration `aws.us_east_1`",
        },
        Case {
            name: "a provider alias pinned to another region",
            before: with_aliases(&[("us_east_1", "us-east-1")]),
            after: with_aliases(&[("us_east_1", "us-west-2")]),
            verdict: Some(Breaking),
            finding: "needs the provider configuration `aws.us_east_1` in region `us-west-2` instead of `us-east-1`",
        },
        Case {
            name: "the same provider alias in the same region",
            before: with_aliases(&[("us_east_1", "us-east-1")]),
            after: with_aliases(&[("us_east_1", "us-east-1")]),
            verdict: None,
            finding: "",
        },
    ]
}

/// The base interface of a module that needs these aliased provider configurations.
fn with_aliases(aliases: &[(&str, &str)]) -> Interface {
    let aliases = aliases
        .iter()
        .map(|(alias, region)| InterfaceProviderAlias { alias: (*alias).into(), region: (*region).into() })
        .collect();
    Interface { provider_aliases: aliases, ..base() }
}

#[test]
fn provider_aliases_are_recorded_only_for_a_module_that_needs_one() {
    let plain = serde_json::to_string(&base()).expect("writes");
    assert!(!plain.contains("provider_aliases"), "an interface without aliases is recorded as before: {plain}");
    let stored: Interface = serde_json::from_str(&plain).expect("reads");
    assert!(stored.provider_aliases.is_empty());
    let aliased = serde_json::to_value(with_aliases(&[("us_east_1", "us-east-1")])).expect("writes");
    assert_eq!(aliased["provider_aliases"], json!([{ "alias": "us_east_1", "region": "us-east-1" }]));
}

#[test]
fn each_change_of_the_interface_gets_its_stated_verdict() {
    let cases = cases();
    assert!(cases.len() >= 15, "the table holds {} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let changes = case.after.changes(&case.before);
        let verdict = changes.iter().map(|change| change.impact).max();
        let named = case.finding.is_empty()
            || changes.iter().any(|change| Some(change.impact) == verdict && change.description.contains(case.finding));
        if verdict != case.verdict || !named {
            let found: Vec<String> = changes.iter().map(ToString::to_string).collect();
            wrong.push(format!(
                "{}: expected {:?} naming {:?}, found {:?}: {found:#?}",
                case.name, case.verdict, case.finding, verdict
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_single_output_is_recorded_as_before_and_a_map_output_with_its_key_source() {
    use paved_blueprint::{KeySource, OutputShape};
    let single = InterfaceOutput {
        name: "arn".into(),
        kind: "sqs-queue-arn".into(),
        shape: InterfaceOutputShape::of(&OutputShape::Single),
        present_when: None,
        description: String::new(),
    };
    // Interfaces already published hold no `shape`: one value is written and read without it.
    assert_eq!(
        serde_json::to_value(&single).expect("serialises"),
        json!({"name": "arn", "kind": "sqs-queue-arn", "description": ""})
    );
    let stored: InterfaceOutput =
        serde_json::from_value(json!({"name": "arn", "kind": "sqs-queue-arn"})).expect("reads");
    assert_eq!(stored.shape, InterfaceOutputShape::Single);
    let map =
        InterfaceOutput { shape: InterfaceOutputShape::of(&OutputShape::Map(KeySource::Input("queues"))), ..single };
    let recorded = serde_json::to_value(&map).expect("serialises");
    assert_eq!(recorded["shape"], json!({"of": "map", "keys_from": "queues"}));
    assert_eq!(serde_json::from_value::<InterfaceOutput>(recorded).expect("reads back"), map);
    assert_eq!(InterfaceOutputShape::of(&OutputShape::List(KeySource::Computed)), InterfaceOutputShape::List(None));
}

#[test]
fn an_interface_without_changes_reports_none_in_either_direction() {
    assert_eq!(base().changes(&base()), []);
    assert_eq!(base().changes(&stored_before_typed_parts()), []);
    assert_eq!(stored_before_typed_parts().changes(&base()), []);
}

fn address() -> ModuleAddress {
    "platform/demo/aws".parse().expect("an address")
}

fn release(version: &str, interface: Interface) -> Release {
    let mut files = ModuleFiles::default();
    files.insert("main.tf", format!("# {version}\n{BASE_MAIN}"));
    Release { address: address(), version: version.parse().expect("semver"), files, interface }
}

#[test]
fn a_minor_release_that_only_adds_is_published() {
    let registry = tempfile::tempdir().expect("dir");
    publish(registry.path(), &release("2.0.0", base())).expect("publishes");
    let added = schema(|s| *property(s, "/properties/tracing") = json!({ "type": "boolean", "default": true }));
    let outcome = publish(registry.path(), &release("2.1.0", added)).expect("a minor release may add");
    assert!(matches!(outcome, PublishOutcome::Published { .. }), "{outcome:?}");
}

#[test]
fn a_patch_release_that_adds_an_optional_input_is_refused_with_the_minor_to_use() {
    let registry = tempfile::tempdir().expect("dir");
    publish(registry.path(), &release("2.0.0", base())).expect("publishes");
    let index_before = std::fs::read(registry.path().join("index.json")).expect("index");
    let added = schema(|s| *property(s, "/properties/tracing") = json!({ "type": "boolean", "default": true }));
    let error = publish(registry.path(), &release("2.0.1", added)).expect_err("a patch release may not add");
    let PublishError::Breaking(refused) = &error else { panic!("refused for semver: {error}") };
    assert_eq!(refused.use_instead, semver::Version::new(2, 1, 0));
    assert_eq!(
        error.to_string(),
        "platform/demo/aws 2.0.1 changes the interface of 2.0.0 more than a patch release may:\n  \
         - 2.0.1 adds the optional input `tracing` (minor): release it as 2.1.0\nrelease it as 2.1.0 instead"
    );
    assert_eq!(std::fs::read(registry.path().join("index.json")).expect("index"), index_before);
}

#[test]
fn a_minor_release_that_changes_a_default_is_refused_with_the_major_to_use() {
    let registry = tempfile::tempdir().expect("dir");
    publish(registry.path(), &release("2.0.0", base())).expect("publishes");
    // 3.0.0 exists already: the version to use is the next free major.
    publish(registry.path(), &release("3.0.0", base())).expect("publishes");
    let changed = schema(|s| *property(s, "/properties/authorization_type/default") = json!("NONE"));
    let error = publish(registry.path(), &release("2.1.0", changed)).expect_err("a default change breaks callers");
    let message = error.to_string();
    assert!(
        message.contains("- 2.1.0 changes the default of `authorization_type` from `AWS_IAM` to `NONE`"),
        "{message}"
    );
    assert!(message.ends_with("(breaking): release it as 4.0.0\nrelease it as 4.0.0 instead"), "{message}");
}

#[test]
fn a_release_after_one_stored_before_the_typed_parts_is_compared_by_what_both_record() {
    let registry = tempfile::tempdir().expect("dir");
    publish(registry.path(), &release("2.0.0", stored_before_typed_parts())).expect("publishes");
    let index = std::fs::read_to_string(registry.path().join("index.json")).expect("index");
    assert!(!index.contains("value_type"), "the stored interface holds only the old fields");
    publish(registry.path(), &release("2.0.1", base())).expect("the same interface, now typed, is a patch");
    let removed = schema(|s| {
        property(s, "/properties").as_object_mut().expect("an object").remove("kms_key_arn");
    });
    let error = publish(registry.path(), &release("2.0.2", removed)).expect_err("compared with 2.0.1, typed");
    assert!(error.to_string().contains("removes the input `kms_key_arn` (breaking): release it as 3.0.0"), "{error}");
}
