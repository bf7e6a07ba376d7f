//! The checks of `step-functions-workflow` (its definition against its resources), through
//! `Definition::validate` as compose and Rust stacks run them, with their exact messages.

use paved_blueprint::Blueprint;
use paved_catalog::step_functions_workflow::{
    IntegrationAction, Resource, ResourceType, StepFunctionsWorkflow, StepFunctionsWorkflowInputs, WorkflowResourceArn,
};
use serde_json::{Value, json};

const CHARGE: &str = "arn:aws:lambda:eu-west-1:111122223333:function:charge-order";
const SHIPPING: &str = "arn:aws:sqs:eu-west-1:111122223333:shipping";

/// A Task state calling `resource` with `parameters`.
fn task(resource: &str, parameters: Value) -> Value {
    json!({ "Type": "Task", "Resource": resource, "Parameters": parameters, "End": true })
}

/// A workflow of `states` (starting at the first) with `resources`.
fn inputs(states: Value, resources: Value) -> Value {
    let start = states.as_object().and_then(|states| states.keys().next().cloned()).unwrap_or_default();
    let definition = json!({ "StartAt": start, "States": states });
    json!({ "name": "fulfil-order", "definition": definition.to_string(), "resources": resources })
}

fn lambda(actions: Value) -> Value {
    json!({ "type": "lambda", "arn": CHARGE, "actions": actions })
}

fn refusal(inputs: &Value) -> String {
    StepFunctionsWorkflow::definition().validate(inputs).expect_err("the inputs are refused").to_string()
}

fn charge() -> Value {
    task("arn:aws:states:::lambda:invoke", json!({ "FunctionName": "${charge}", "Payload.$": "$" }))
}

#[test]
fn a_definition_calling_exactly_its_resources_is_accepted() {
    let definition = StepFunctionsWorkflow::definition();
    let both = inputs(
        json!({
            "Charge": charge(),
            "Ship": task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", json!({ "QueueUrl": "${shipping}" })),
        }),
        json!({ "charge": lambda(json!(["lambda:InvokeFunction"])), "shipping": { "type": "sqs", "arn": SHIPPING, "actions": ["sqs:SendMessage"] } }),
    );
    definition.validate(&both).expect("a valid workflow");
    // The Lambda ARN as the Resource, inside a Parallel branch, with the ARN wired by reference.
    let legacy = inputs(
        json!({ "Fan": { "Type": "Parallel", "End": true, "Branches": [
            { "StartAt": "Call", "States": { "Call": { "Type": "Task", "Resource": "${charge}", "End": true } } }
        ] } }),
        json!({ "charge": { "type": "lambda", "arn": { "ref": "charge.function_arn" }, "actions": ["lambda:InvokeFunction"] } }),
    );
    definition.validate(&legacy).expect("a Parallel branch calling the function");
    // Typed Rust inputs run the same checks.
    let mut typed = StepFunctionsWorkflowInputs::new("fulfil-order".parse().expect("name"), "{}");
    typed.resources.insert(
        "charge".into(),
        Resource::new(
            ResourceType::Lambda,
            WorkflowResourceArn::new(CHARGE).expect("arn"),
            [IntegrationAction::LambdaInvokeFunction],
        ),
    );
    let error = definition.validate_typed(&typed).expect_err("an empty definition").to_string();
    assert!(error.contains("input `definition` has no `States` object in the definition"), "{error}");
}

#[test]
fn a_definition_that_is_not_a_state_machine_is_refused() {
    let mut text = inputs(json!({ "Charge": charge() }), json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) }));
    text["definition"] = json!("{ \"StartAt\": \"Charge\", ");
    assert_eq!(
        refusal(&text),
        "input `definition` is not valid JSON: EOF while parsing a value at line 1 column 23; write the Amazon States Language definition as JSON\n\
         input `resources[\"charge\"]` is not named in the definition (no `${charge}`); remove it, or write the placeholder where a Task state uses it: the role is granted only what the definition calls"
    );
    let mut wrong_start =
        inputs(json!({ "Charge": charge() }), json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) }));
    wrong_start["definition"] = json!(
        wrong_start["definition"].as_str().expect("text").replace("\"StartAt\":\"Charge\"", "\"StartAt\":\"Pay\"")
    );
    assert_eq!(
        refusal(&wrong_start),
        "input `definition` starts at `Pay` in the definition, which is not one of its states; name one of `Charge`"
    );
}

#[test]
fn a_placeholder_without_a_resource_and_a_resource_without_a_placeholder_are_refused() {
    let unknown = inputs(
        json!({ "Charge": task("arn:aws:states:::lambda:invoke", json!({ "FunctionName": "${charges}" })) }),
        json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) }),
    );
    assert_eq!(
        refusal(&unknown),
        "input `definition` names `${charges}`, which is not a key of `resources`; did you mean `${charge}`?\n\
         input `resources[\"charge\"]` is not named in the definition (no `${charge}`); remove it, or write the placeholder where a Task state uses it: the role is granted only what the definition calls"
    );
}

#[test]
fn actions_missing_or_extra_name_the_state_the_resource_and_the_action() {
    let table = json!({ "type": "dynamodb", "arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "actions": ["dynamodb:GetItem", "dynamodb:DeleteItem"] });
    let workflow = inputs(
        json!({
            "Record": task("arn:aws:states:::dynamodb:putItem", json!({ "TableName": "${orders}", "Item": {} })),
            "Read": task("arn:aws:states:::dynamodb:getItem", json!({ "TableName": "${orders}", "Key": {} })),
        }),
        json!({ "orders": table }),
    );
    assert_eq!(
        refusal(&workflow),
        "input `resources[\"orders\"].actions` lacks `dynamodb:PutItem`, which state `Record` calls on `orders`; add `\"dynamodb:PutItem\"` to `actions`\n\
         input `resources[\"orders\"].actions` grants `dynamodb:DeleteItem`, which no Task state calls on `orders`; remove `\"dynamodb:DeleteItem\"`: the role is granted exactly what the definition calls"
    );
    let wrong_type = inputs(
        json!({ "Ship": task("arn:aws:states:::sqs:sendMessage", json!({ "QueueUrl": "${charge}" })) }),
        json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) }),
    );
    assert_eq!(
        refusal(&wrong_type),
        "input `resources[\"charge\"].type` is `lambda`, but state `Ship` calls `sqs:SendMessage` on it; the state needs a `sqs` resource\n\
         input `resources[\"charge\"].actions` grants `lambda:InvokeFunction`, which no Task state calls on `charge`; remove `\"lambda:InvokeFunction\"`: the role is granted exactly what the definition calls"
    );
}

#[test]
fn calls_the_role_cannot_make_are_refused() {
    let resources = json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) });
    let cases = [
        (
            task(
                "arn:aws:states:::lambda:invoke",
                json!({ "FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:other" }),
            ),
            "input `definition` state `S` calls `lambda:InvokeFunction` without naming a resource of `resources` in `FunctionName` (it names `arn:aws:lambda:eu-west-1:111122223333:function:other`); write `\"FunctionName\": \"${key}\"` with the key of the resource in `resources`: the role may call only those",
        ),
        (
            task("arn:aws:states:::lambda:invoke", json!({ "FunctionName.$": "$.function" })),
            "input `definition` state `S` calls `lambda:InvokeFunction` without naming a resource of `resources` in `FunctionName`; write `\"FunctionName\": \"${key}\"` with the key of the resource in `resources`: the role may call only those",
        ),
        (
            task("arn:aws:states:::lambda:invoke.sync", json!({ "FunctionName": "${charge}" })),
            "input `definition` state `S` calls `arn:aws:states:::lambda:invoke.sync`: the lambda integration does not support `.sync` (Step Functions supports request-response and `.waitForTaskToken` for it)",
        ),
        (
            task("arn:aws:states:::ecs:runTask.sync", json!({ "Cluster": "${charge}" })),
            "input `definition` state `S` calls `ecs:runTask`, an integration the workflow's role is not granted; use one of `lambda:InvokeFunction`, `sqs:SendMessage`, `sns:Publish`, `dynamodb:GetItem`, `dynamodb:PutItem`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem`",
        ),
    ];
    for (state, expected) in cases {
        let message = refusal(&inputs(json!({ "S": state }), resources.clone()));
        assert!(message.starts_with(expected), "{message}\nexpected it to start with\n{expected}");
    }
    let dynamodb_callback = inputs(
        json!({ "S": task("arn:aws:states:::dynamodb:putItem.waitForTaskToken", json!({ "TableName": "${orders}" })) }),
        json!({ "orders": { "type": "dynamodb", "arn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", "actions": ["dynamodb:PutItem"] } }),
    );
    assert!(refusal(&dynamodb_callback).starts_with("input `definition` state `S` calls `arn:aws:states:::dynamodb:putItem.waitForTaskToken`: the dynamodb integration does not support `.waitForTaskToken` (Step Functions supports request-response for it)"));
    let mut express_callback = inputs(
        json!({ "S": task("arn:aws:states:::lambda:invoke.waitForTaskToken", json!({ "FunctionName": "${charge}" })) }),
        resources,
    );
    express_callback["type"] = json!("EXPRESS");
    assert!(refusal(&express_callback).starts_with("input `definition` state `S` calls `arn:aws:states:::lambda:invoke.waitForTaskToken`: Express workflows do not support `.waitForTaskToken`; use a STANDARD workflow"));
}

#[test]
fn template_syntax_other_than_placeholders_is_refused_and_escapes_are_text() {
    let resources = json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) });
    let mut directive = inputs(json!({ "Charge": charge() }), resources.clone());
    directive["definition"] = json!(
        directive["definition"]
            .as_str()
            .expect("text")
            .replace("\"End\":true", "\"Comment\":\"%{ if x }\",\"End\":true")
    );
    assert_eq!(
        refusal(&directive),
        "input `definition` has a template directive `%{`, which the module would evaluate; write `%%{` for the literal text"
    );
    let mut escaped = inputs(json!({ "Charge": charge() }), resources);
    escaped["definition"] = json!(
        escaped["definition"]
            .as_str()
            .expect("text")
            .replace("\"End\":true", "\"Comment\":\"$${literal} %%{ too }\",\"End\":true")
    );
    StepFunctionsWorkflow::definition().validate(&escaped).expect("escaped template syntax is text");
}

#[test]
fn a_key_on_a_function_is_refused() {
    let mut resources = json!({ "charge": lambda(json!(["lambda:InvokeFunction"])) });
    resources["charge"]["kms_key_arn"] =
        json!("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assert_eq!(
        refusal(&inputs(json!({ "Charge": charge() }), resources)),
        "input `resources[\"charge\"].kms_key_arn` is set on a Lambda function, whose invokers use no key; remove it"
    );
}
