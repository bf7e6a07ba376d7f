//! `step-functions-workflow`: a Step Functions state machine from an Amazon States Language
//! definition whose Lambda, SQS, SNS and DynamoDB resources are wired by reference, with a role
//! granted exactly the integrations the definition calls, logging, tracing, a published version
//! and a `live` alias, and alarms on failed, timed-out and throttled executions.

use paved_blueprint::{
    Blueprint, Definition, InputError, InputPath, KmsKeyArn, LogRetentionDays, Parts, ResourceName, TopicArn, Wire,
    kinds,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

paved_blueprint::value_kind! {
    /// The name of a Step Functions state machine.
    pub StateMachineName => "sfn-state-machine-name";
}

paved_blueprint::kind_union! {
    /// What a workflow's Task states call: a Lambda function, an SQS queue, an SNS topic or a
    /// DynamoDB table.
    pub WorkflowResource = kinds::FunctionArn | kinds::QueueArn | kinds::TopicArn | kinds::TableArn;
}

paved_blueprint::constrained_string! {
    /// The ARN of a resource a workflow calls: an unqualified Lambda function (the role may
    /// invoke its versions and aliases too), an SQS queue, an SNS topic or a DynamoDB table.
    WorkflowResourceArn {
        what: "workflow resource ARN",
        pattern: "^arn:aws[a-z-]*:(lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}|sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,75}(\\.fifo)?|sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,251}(\\.fifo)?|dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255})$",
        length: 20 ..= 2048,
        rule: "use the ARN of a Lambda function (unqualified), an SQS queue, an SNS topic or a DynamoDB table, such as `arn:aws:lambda:eu-west-1:111122223333:function:charge-order`",
        kind: WorkflowResource,
    }
}

paved_blueprint::constrained_string! {
    /// The key of a workflow resource: the placeholder `${key}` the definition writes where the
    /// resource goes.
    ResourceKey {
        what: "workflow resource key",
        pattern: "^[a-z][a-z0-9_]*$",
        length: 1 ..= 64,
        rule: "start with a lowercase letter, then use lowercase letters, digits and `_` (it is written `${key}` in the definition)",
    }
}

paved_blueprint::closed_set! {
    /// How a state machine runs its executions.
    WorkflowType ("workflow type") {
        /// Exactly-once, up to a year, with execution history (the default).
        Standard => "STANDARD",
        /// At-least-once, up to five minutes, high rate; history in the logs only.
        Express => "EXPRESS",
    }
}

paved_blueprint::closed_set! {
    /// The service a workflow resource belongs to (the service field of its ARN).
    ResourceType ("workflow resource type") {
        /// A Lambda function.
        Lambda => "lambda",
        /// An SQS queue.
        Sqs => "sqs",
        /// An SNS topic.
        Sns => "sns",
        /// A DynamoDB table.
        Dynamodb => "dynamodb",
    }
}

paved_blueprint::closed_set! {
    /// An IAM action of a Step Functions optimised integration with a workflow resource.
    IntegrationAction ("workflow integration action") {
        /// `arn:aws:states:::lambda:invoke` (and the Lambda ARN as a Task's `Resource`).
        LambdaInvokeFunction => "lambda:InvokeFunction",
        /// `arn:aws:states:::sqs:sendMessage`.
        SqsSendMessage => "sqs:SendMessage",
        /// `arn:aws:states:::sns:publish`.
        SnsPublish => "sns:Publish",
        /// `arn:aws:states:::dynamodb:getItem`.
        DynamodbGetItem => "dynamodb:GetItem",
        /// `arn:aws:states:::dynamodb:putItem`.
        DynamodbPutItem => "dynamodb:PutItem",
        /// `arn:aws:states:::dynamodb:updateItem`.
        DynamodbUpdateItem => "dynamodb:UpdateItem",
        /// `arn:aws:states:::dynamodb:deleteItem`.
        DynamodbDeleteItem => "dynamodb:DeleteItem",
    }
}

impl IntegrationAction {
    /// The resource type the action is called on.
    fn resource_type(self) -> ResourceType {
        match self {
            Self::LambdaInvokeFunction => ResourceType::Lambda,
            Self::SqsSendMessage => ResourceType::Sqs,
            Self::SnsPublish => ResourceType::Sns,
            Self::DynamodbGetItem | Self::DynamodbPutItem | Self::DynamodbUpdateItem | Self::DynamodbDeleteItem => {
                ResourceType::Dynamodb
            }
        }
    }

    /// The action of an optimised integration `arn:aws:states:::<service>:<api>`.
    fn of_integration(service: &str, api: &str) -> Option<Self> {
        Some(match (service, api) {
            ("lambda", "invoke") => Self::LambdaInvokeFunction,
            ("sqs", "sendMessage") => Self::SqsSendMessage,
            ("sns", "publish") => Self::SnsPublish,
            ("dynamodb", "getItem") => Self::DynamodbGetItem,
            ("dynamodb", "putItem") => Self::DynamodbPutItem,
            ("dynamodb", "updateItem") => Self::DynamodbUpdateItem,
            ("dynamodb", "deleteItem") => Self::DynamodbDeleteItem,
            _ => return None,
        })
    }
}

impl ResourceType {
    /// The Task parameter that names the resource, as Step Functions' integration takes it.
    fn target_parameter(self) -> &'static str {
        match self {
            Self::Lambda => "FunctionName",
            Self::Sqs => "QueueUrl",
            Self::Sns => "TopicArn",
            Self::Dynamodb => "TableName",
        }
    }
}

/// One resource the workflow calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The service: `lambda`, `sqs`, `sns` or `dynamodb` (the service field of `arn`).
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// ARN of the function, queue, topic or table.
    pub arn: Wire<WorkflowResourceArn>,
    /// The integration actions the definition's Task states call on it; the role is granted exactly these, on this ARN only.
    #[schemars(length(min = 1, max = 4))]
    pub actions: Vec<IntegrationAction>,
    /// KMS key that encrypts the queue, topic or table, when it is a customer-managed one; the role may use it through that service only.
    #[serde(default)]
    pub kms_key_arn: Option<Wire<KmsKeyArn>>,
}

/// Inputs of `step-functions-workflow`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepFunctionsWorkflowInputs {
    /// Name of the state machine; its role and alarms are named after it.
    pub name: ResourceName,
    /// `STANDARD` (exactly-once, up to a year) or `EXPRESS` (at-least-once, up to five minutes; no `.waitForTaskToken`).
    #[serde(rename = "type", default = "default_type")]
    pub workflow_type: WorkflowType,
    /// The Amazon States Language definition (JSON), with `${key}` where a resource of `resources` goes; in a stack file `{ file = "…" }`.
    #[schemars(length(min = 1, max = 1048576))]
    pub definition: String,
    /// The resources the definition's Task states call, by the key its placeholders name.
    #[serde(default)]
    #[schemars(extend("propertyNames" = resource_key_names()))]
    pub resources: BTreeMap<String, Resource>,
    /// Days CloudWatch keeps the execution logs.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "log-retention"))]
    pub log_retention_days: LogRetentionDays,
    /// KMS key that encrypts the log group; AWS-owned keys when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub log_kms_key_arn: Option<KmsKeyArn>,
    /// KMS key that encrypts the definition and execution data; an AWS-owned key when null.
    #[serde(default)]
    #[schemars(extend("x-paved-governs" = "encryption-key"))]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Whether executions are traced with X-Ray.
    #[serde(default = "default_tracing")]
    pub tracing_enabled: bool,
    /// SNS topics notified when an alarm fires and when it recovers.
    #[serde(default)]
    pub alarm_topic_arns: Vec<TopicArn>,
}

/// The schema of the keys of `resources`: [`ResourceKey`]s.
fn resource_key_names() -> Value {
    serde_json::json!({ "pattern": ResourceKey::PATTERN, "x-paved-rule": ResourceKey::RULE })
}

fn default_type() -> WorkflowType {
    WorkflowType::Standard
}
fn default_tracing() -> bool {
    true
}

paved_blueprint::outputs! {
    /// Typed references to the outputs of one `StepFunctionsWorkflow` instance.
    pub struct StepFunctionsWorkflowOutputs {
        /// ARN of the state machine.
        state_machine_arn: kinds::StateMachineArn = "aws_sfn_state_machine.this.arn",
        /// ARN of the `live` alias, on the version this apply published: what EventBridge and callers start.
        alias_arn: kinds::StateMachineArn = "aws_sfn_alias.live.arn",
        /// Name of the state machine.
        state_machine_name: StateMachineName = "aws_sfn_state_machine.this.name",
        /// Name of the state machine's IAM role.
        role_name: kinds::RoleName = "aws_iam_role.this.name",
        /// Name of the log group that receives the execution logs.
        log_group_name: kinds::LogGroupName = "aws_cloudwatch_log_group.this.name",
    }
}

/// One call of a Task state on a resource.
struct Call {
    state: String,
    key: String,
    action: IntegrationAction,
}

/// What the checks read from the definition: the placeholders, the calls and the problems.
#[derive(Default)]
struct Reading {
    placeholders: BTreeSet<String>,
    calls: Vec<Call>,
    problems: Vec<(String, Option<String>)>,
}

impl Reading {
    fn refuse(&mut self, problem: String, help: Option<String>) {
        self.problems.push((problem, help));
    }
}

/// The blueprint's check: the definition against `resources` (see the README's table).
fn check_definition(inputs: &Value) -> Vec<InputError> {
    let Some(text) = inputs.get("definition").and_then(Value::as_str) else { return Vec::new() };
    let empty = Map::new();
    let resources = inputs.get("resources").and_then(Value::as_object).unwrap_or(&empty);
    let express = inputs.get("type").and_then(Value::as_str) == Some(WorkflowType::Express.as_str());
    let definition_at = InputPath::root().field("definition");
    let mut reading = Reading::default();
    read_placeholders(text, &mut reading);
    match serde_json::from_str::<Value>(text) {
        Err(error) => reading.refuse(
            format!("is not valid JSON: {error}"),
            Some("write the Amazon States Language definition as JSON".to_owned()),
        ),
        Ok(document) => read_machine(&document, "the definition", express, &mut reading),
    }
    let mut errors: Vec<InputError> = std::mem::take(&mut reading.problems)
        .into_iter()
        .map(|(problem, help)| InputError::at(&definition_at, problem, help))
        .collect();
    errors.extend(check_placeholders(&reading, resources, &definition_at));
    errors.extend(check_resources(&reading, resources));
    errors
}

/// Every `${…}` of the definition (the text `templatestring` renders); `$${` is literal text.
fn read_placeholders(text: &str, reading: &mut Reading) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index + 1 < bytes.len() {
        let escaped = index + 2 < bytes.len() && bytes[index + 1] == bytes[index] && bytes[index + 2] == b'{';
        match (bytes[index], bytes[index + 1]) {
            (b'$' | b'%', _) if escaped => index += 3,
            (b'$', b'{') => {
                let rest = &text[index + 2..];
                let Some(end) = rest.find('}') else {
                    reading.refuse(
                        "has a `${` without its closing `}`".to_owned(),
                        Some("write a placeholder as `${key}`, or `$${` for the literal text".to_owned()),
                    );
                    return;
                };
                reading.placeholders.insert(rest[..end].trim().to_owned());
                index += 2 + end + 1;
            }
            (b'%', b'{') => {
                reading.refuse(
                    "has a template directive `%{`, which the module would evaluate".to_owned(),
                    Some("write `%%{` for the literal text".to_owned()),
                );
                index += 2;
            }
            _ => index += 1,
        }
    }
}

/// A state machine (the definition, a Parallel branch or a Map's processor): `StartAt` naming
/// one of its `States`.
fn read_machine(machine: &Value, what: &str, express: bool, reading: &mut Reading) {
    let help = || Some("an Amazon States Language machine is an object with `StartAt` and `States`".to_owned());
    let Some(states) = machine.get("States").and_then(Value::as_object).filter(|states| !states.is_empty()) else {
        return reading.refuse(format!("has no `States` object in {what}"), help());
    };
    match machine.get("StartAt").and_then(Value::as_str) {
        None => reading.refuse(format!("has no `StartAt` in {what}"), help()),
        Some(start) if !states.contains_key(start) => reading.refuse(
            format!("starts at `{start}` in {what}, which is not one of its states"),
            Some(format!("name one of {}", names(states.keys()))),
        ),
        Some(_) => {}
    }
    for (name, state) in states {
        read_state(name, state, express, reading);
    }
}

fn names<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names.map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

fn read_state(name: &str, state: &Value, express: bool, reading: &mut Reading) {
    match state.get("Type").and_then(Value::as_str) {
        Some("Task") => read_task(name, state, express, reading),
        Some("Parallel") => {
            for (index, branch) in state.get("Branches").and_then(Value::as_array).into_iter().flatten().enumerate() {
                read_machine(branch, &format!("branch {index} of state `{name}`"), express, reading);
            }
        }
        Some("Map") => {
            let processor = state.get("ItemProcessor").or_else(|| state.get("Iterator"));
            if let Some(processor) = processor {
                read_machine(processor, &format!("the item processor of state `{name}`"), express, reading);
            }
        }
        _ => {}
    }
}

/// A Task state: which integration it calls, and on which resource.
fn read_task(state: &str, task: &Value, express: bool, reading: &mut Reading) {
    let resource = task.get("Resource").and_then(Value::as_str).unwrap_or_default();
    if let Some(key) = sole_placeholder(resource) {
        // The Lambda ARN itself as the Resource: a request-response invocation.
        let action = IntegrationAction::LambdaInvokeFunction;
        return reading.calls.push(Call { state: state.to_owned(), key, action });
    }
    let Some((service, api, pattern)) = integration(resource) else {
        return reading.refuse(
            format!("state `{state}` calls `{resource}`, which the workflow's role is not granted"),
            Some("Task states call Lambda (`arn:aws:states:::lambda:invoke`), SQS (`…:::sqs:sendMessage`), SNS (`…:::sns:publish`) or DynamoDB (`…:::dynamodb:getItem|putItem|updateItem|deleteItem`) on a resource of `resources`".to_owned()),
        );
    };
    let Some(action) = IntegrationAction::of_integration(service, api) else {
        return reading.refuse(
            format!("state `{state}` calls `{service}:{api}`, an integration the workflow's role is not granted"),
            Some(format!(
                "use one of {}",
                names(IntegrationAction::ALL.iter().map(|action| action.to_string()).collect::<Vec<_>>().iter())
            )),
        );
    };
    if let Some(refused) = refused_pattern(action.resource_type(), pattern, express) {
        return reading.refuse(format!("state `{state}` calls `{resource}`: {refused}"), None);
    }
    let parameter = action.resource_type().target_parameter();
    let arguments = task.get("Parameters").or_else(|| task.get("Arguments"));
    let target = arguments.and_then(|arguments| arguments.get(parameter)).and_then(Value::as_str);
    match target.and_then(sole_placeholder) {
        Some(key) => reading.calls.push(Call { state: state.to_owned(), key, action }),
        None => reading.refuse(
            format!(
                "state `{state}` calls `{action}` without naming a resource of `resources` in `{parameter}`{}",
                target.map(|target| format!(" (it names `{target}`)")).unwrap_or_default()
            ),
            Some(format!("write `\"{parameter}\": \"${{key}}\"` with the key of the resource in `resources`: the role may call only those")),
        ),
    }
}

/// `key` when `text` is exactly `${key}`.
fn sole_placeholder(text: &str) -> Option<String> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    (!inner.contains(['{', '}'])).then(|| inner.trim().to_owned())
}

/// The service, API and integration pattern (`sync`, `waitForTaskToken`, or empty) of an
/// optimised integration ARN, `arn:<partition>:states:::<service>:<api>[.<pattern>]`.
fn integration(resource: &str) -> Option<(&str, &str, &str)> {
    let rest = resource.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    if !partition.starts_with("aws") {
        return None;
    }
    let (service, api) = rest.strip_prefix("states:::")?.split_once(':')?;
    let (api, pattern) = api.split_once('.').unwrap_or((api, ""));
    Some((service, api, pattern))
}

/// Why AWS refuses integration pattern `pattern` for a call on `resource_type`, if it does.
fn refused_pattern(resource_type: ResourceType, pattern: &str, express: bool) -> Option<String> {
    match pattern {
        "" => None,
        "waitForTaskToken" if express => {
            Some("Express workflows do not support `.waitForTaskToken`; use a STANDARD workflow".to_owned())
        }
        "waitForTaskToken" if resource_type != ResourceType::Dynamodb => None,
        other => Some(format!(
            "the {resource_type} integration does not support `.{other}` (Step Functions supports request-response{} for it)",
            if resource_type == ResourceType::Dynamodb { "" } else { " and `.waitForTaskToken`" }
        )),
    }
}

/// Each placeholder names a resource.
fn check_placeholders(reading: &Reading, resources: &Map<String, Value>, at: &InputPath) -> Vec<InputError> {
    let keys = || resources.keys().map(String::as_str);
    reading
        .placeholders
        .iter()
        .filter(|placeholder| !resources.contains_key(placeholder.as_str()))
        .map(|placeholder| {
            let help = match paved_blueprint::closest(placeholder, keys()) {
                Some(close) => format!("did you mean `${{{close}}}`?"),
                None if resources.is_empty() => "declare it in `resources`".to_owned(),
                None => format!("declare it in `resources` (which has {})", names(resources.keys())),
            };
            InputError::at(at, format!("names `${{{placeholder}}}`, which is not a key of `resources`"), Some(help))
        })
        .collect()
}

/// Each resource is used, called with exactly its declared actions, all of its own service.
fn check_resources(reading: &Reading, resources: &Map<String, Value>) -> Vec<InputError> {
    let mut errors = Vec::new();
    for call in &reading.calls {
        let Some(resource) = resources.get(&call.key) else { continue };
        let at = InputPath::root().field("resources").key(&call.key);
        let declared = declared_actions(resource);
        let resource_type = resource.get("type").and_then(Value::as_str).unwrap_or_default();
        if resource_type != call.action.resource_type().as_str() {
            errors.push(InputError::at(
                &at.field("type"),
                format!("is `{resource_type}`, but state `{}` calls `{}` on it", call.state, call.action),
                Some(format!("the state needs a `{}` resource", call.action.resource_type())),
            ));
        } else if !declared.contains(call.action.as_str()) {
            errors.push(InputError::at(
                &at.field("actions"),
                format!("lacks `{}`, which state `{}` calls on `{}`", call.action, call.state, call.key),
                Some(format!("add `\"{}\"` to `actions`", call.action)),
            ));
        }
    }
    for (key, resource) in resources {
        let at = InputPath::root().field("resources").key(key);
        if !reading.placeholders.contains(key) {
            errors.push(InputError::at(
                &at,
                format!("is not named in the definition (no `${{{key}}}`)"),
                Some("remove it, or write the placeholder where a Task state uses it: the role is granted only what the definition calls".to_owned()),
            ));
            continue;
        }
        let called: BTreeSet<&str> =
            reading.calls.iter().filter(|call| &call.key == key).map(|call| call.action.as_str()).collect();
        for action in declared_actions(resource).difference(&called) {
            errors.push(InputError::at(
                &at.field("actions"),
                format!("grants `{action}`, which no Task state calls on `{key}`"),
                Some(format!("remove `\"{action}\"`: the role is granted exactly what the definition calls")),
            ));
        }
        let is_lambda = resource.get("type").and_then(Value::as_str) == Some(ResourceType::Lambda.as_str());
        if is_lambda && resource.get("kms_key_arn").is_some_and(|key| !key.is_null()) {
            errors.push(InputError::at(
                &at.field("kms_key_arn"),
                "is set on a Lambda function, whose invokers use no key",
                Some("remove it".to_owned()),
            ));
        }
    }
    errors
}

fn declared_actions(resource: &Value) -> BTreeSet<&str> {
    resource.get("actions").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect()
}

/// The README's "On AWS" section.
const NOTES: &str = "\
What AWS would refuse or do differently, and where this module refuses it first:

| Constraint | Enforced by |
|------------|-------------|
| The definition is JSON with `StartAt` naming one of its `States` (in every Parallel branch and Map processor too) | Rust check of `definition` (compose time, file and line of the stack) |
| Every `${key}` names a resource of `resources`, and every resource is named | Rust check of `definition` and `resources` |
| A Task state calls only Lambda `invoke`, SQS `sendMessage`, SNS `publish` or DynamoDB `getItem`/`putItem`/`updateItem`/`deleteItem`, on a resource named by `${key}` in `FunctionName`, `QueueUrl`, `TopicArn` or `TableName` (a hard-coded or dynamic `.$` target would be refused by IAM at run time) | Rust check of `definition` |
| Each resource's `actions` are exactly the actions its Task states call, of its own `type` | Rust check of `resources`; `precondition` that each action and ARN belong to `type` |
| `.sync` is not an integration pattern of these four services; DynamoDB has no `.waitForTaskToken`; Express workflows have no `.waitForTaskToken` | Rust check of `definition` |
| `${`…`}` and `%{`…`}` are Terraform template syntax; `$${` and `%%{` are the literal text | Rust check of `definition` |

**Placeholders.** The module renders the definition with `templatestring`: `${key}` becomes the \
function's ARN (`lambda`), the queue's URL (`sqs`, which `sendMessage` takes as `QueueUrl`, derived \
from the ARN as `https://sqs.<region>.amazonaws.com/<account>/<name>`), the topic's ARN (`sns`) or \
the table's name (`dynamodb`).

**IAM.** The role trusts `states.amazonaws.com` only for this state machine (`aws:SourceAccount`, \
`aws:SourceArn`). It may call each resource's declared actions on that ARN only (a function's \
versions and aliases too, `<arn>:*`), and use a resource's `kms_key_arn` through its service only \
(`kms:ViaService`). CloudWatch Logs delivery (`logs:CreateLogDelivery`, `GetLogDelivery`, \
`UpdateLogDelivery`, `DeleteLogDelivery`, `ListLogDeliveries`, `PutResourcePolicy`, \
`DescribeResourcePolicies`, `DescribeLogGroups`) and X-Ray (`xray:PutTraceSegments`, \
`PutTelemetryRecords`, `GetSamplingRules`, `GetSamplingTargets`) support no resource-level \
permissions, so these are granted on `*`, as the Step Functions guide states.

**Customer-managed keys.** With `kms_key_arn`, the role may `kms:Decrypt` and \
`kms:GenerateDataKey` only with the encryption context of this state machine \
(`kms:EncryptionContext:aws:states:stateMachineArn`); the key policy must allow the role too, and \
`delivery.logs.amazonaws.com` `kms:Decrypt` so execution data can be logged. With \
`log_kms_key_arn`, the key policy must allow `logs.<region>.amazonaws.com` to use the key \
(`kms:Encrypt*`, `kms:Decrypt*`, `kms:GenerateDataKey*`, `kms:Describe*`) with the encryption \
context of the log group. An SQS queue or SNS topic encrypted with a customer-managed key needs \
its `kms_key_arn` set here, or the state's calls are refused.

**Versions and alarms.** Every apply that changes the definition publishes a new version and \
points the `live` alias at it; start executions through `alias_arn`. The alarms (`ExecutionsFailed`, \
`ExecutionsTimedOut`, `ExecutionThrottled`, Sum over a minute, at least 1) watch the state \
machine's ARN and notify `alarm_topic_arns`; missing data is not breaching.

**Apply order.** The state machine is created after its role's policy (Step Functions checks the \
role can deliver logs when the state machine is created); IAM is eventually consistent, so a \
first apply that reports the role cannot access the log destination succeeds when run again.

**Checkov.** `CKV_AWS_158` (log group encrypted with KMS) is skipped inline: a customer-managed key \
is opt-in through `log_kms_key_arn`, and CloudWatch Logs encrypts with AWS-owned keys otherwise.
";

/// The example definition: charge an order with a function, then queue it for shipping.
const EXAMPLE_DEFINITION: &str = r#"{
  "Comment": "Charge an order, then queue it for shipping.",
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "${charge}", "Payload.$": "$" },
      "Retry": [{ "ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], "MaxAttempts": 3 }],
      "Next": "Ship"
    },
    "Ship": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage",
      "Parameters": { "QueueUrl": "${shipping}", "MessageBody.$": "$.Payload" },
      "End": true
    }
  }
}
"#;

impl StepFunctionsWorkflowInputs {
    /// A standard workflow with the paved-road defaults.
    pub fn new(name: ResourceName, definition: impl Into<String>) -> Self {
        Self {
            name,
            workflow_type: default_type(),
            definition: definition.into(),
            resources: BTreeMap::new(),
            log_retention_days: LogRetentionDays::default(),
            log_kms_key_arn: None,
            kms_key_arn: None,
            tracing_enabled: default_tracing(),
            alarm_topic_arns: Vec::new(),
        }
    }
}

impl Resource {
    /// A resource of `resource_type` called with `actions`, with no customer-managed key.
    pub fn new(
        resource_type: ResourceType,
        arn: impl Into<Wire<WorkflowResourceArn>>,
        actions: impl IntoIterator<Item = IntegrationAction>,
    ) -> Self {
        Self { resource_type, arn: arn.into(), actions: actions.into_iter().collect(), kms_key_arn: None }
    }
}

/// The `step-functions-workflow` blueprint.
pub struct StepFunctionsWorkflow;

impl Blueprint for StepFunctionsWorkflow {
    type Outputs = StepFunctionsWorkflowOutputs;

    fn outputs(instance: &str) -> Self::Outputs {
        StepFunctionsWorkflowOutputs::new(instance)
    }

    type Inputs = StepFunctionsWorkflowInputs;

    fn definition() -> Definition {
        let key = |text: &str| ResourceKey::new(text).expect("valid example").to_string();
        let arn = |text: &str| WorkflowResourceArn::new(text).expect("valid example");
        let mut example = StepFunctionsWorkflowInputs::new(
            ResourceName::new("fulfil-order").expect("valid example"),
            EXAMPLE_DEFINITION,
        );
        example.resources.insert(
            key("charge"),
            Resource::new(
                ResourceType::Lambda,
                arn("arn:aws:lambda:eu-west-1:111122223333:function:charge-order"),
                [IntegrationAction::LambdaInvokeFunction],
            ),
        );
        example.resources.insert(
            key("shipping"),
            Resource::new(
                ResourceType::Sqs,
                arn("arn:aws:sqs:eu-west-1:111122223333:shipping"),
                [IntegrationAction::SqsSendMessage],
            ),
        );
        Definition::build(Parts {
            name: "step-functions-workflow",
            version: "1.0.0",
            summary: "A Step Functions state machine whose role calls exactly the resources its definition names, logged, traced, versioned and alarmed.",
            description: "A Step Functions state machine (STANDARD or EXPRESS) from an Amazon States Language \
                definition in which `${key}` stands for a Lambda function, SQS queue, SNS topic or DynamoDB table \
                wired in `resources`. Paved checks the definition against the resources before anything is \
                written: every placeholder is wired, every resource is used, and the actions each resource \
                declares are exactly those its Task states call, which is all the role is granted, on those \
                ARNs only. Executions log at level ALL with execution data to the state machine's own log group \
                with a retention, are traced with X-Ray and encrypted (an AWS-owned key, or a KMS key of yours); \
                every apply publishes a version that the `live` alias points to, and alarms fire on failed, \
                timed-out and throttled executions.",
            notes: NOTES,
            outputs: StepFunctionsWorkflowOutputs::declarations(),
            example,
            main_template: include_str!("main.tf.hbs"),
        })
        .and_then(|definition| definition.with_check(check_definition))
        .expect("the step-functions-workflow definition is consistent")
    }
}
