//! IAM from the plan: every policy a plan holds is checked statement by statement.
//!
//! Policies come from the rendered `aws_iam_policy_document` data sources (their statements as
//! configured, and their JSON when it was rendered at plan time) and from the known policy
//! attributes of planned resources (`policy`, `assume_role_policy`), plus the `action` of each
//! `aws_lambda_permission`. Each Allow statement's actions must have the `service:Action` shape,
//! be listed in `tests/data/iam-actions.json` (actions from the Service Authorization Reference,
//! with the ARN formats of the resource types they can be granted on), not be a wildcard, and be
//! granted on resources of those types; `"*"` only for an action without resource-level
//! permissions. A resource known only after apply (the ARN of a resource being created) is placed
//! by the resource type the configuration refers to (`aws_sqs_queue.this.arn` is a queue); one
//! that refers to none (an input) cannot be placed, and is counted as such.

use paved_tests::repository_root;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The attributes of planned resources that hold an IAM policy document as JSON.
const POLICY_ATTRIBUTES: [&str; 2] = ["policy", "assume_role_policy"];

/// One statement, from a document's JSON or from a policy document's `statement` block.
#[derive(Debug, Default)]
struct Statement {
    effect: String,
    actions: Vec<String>,
    not_actions: bool,
    /// `None` when known only after apply.
    resources: Option<Vec<String>>,
    not_resources: bool,
    principal: bool,
    sid: Option<String>,
    /// For resources known only after apply: the ARN formats of the resource types the
    /// configuration's `resources` refers to (empty when it refers to none it can place).
    referenced: Vec<String>,
}

/// What checking a plan's policies found.
#[derive(Debug, Default)]
pub(super) struct IamReport {
    /// Each problem, naming the policy and statement it is in.
    pub(super) problems: Vec<String>,
    /// How many statements were checked.
    pub(super) statements: usize,
    /// How many Allow statements had resources known only after apply, which could not be placed.
    pub(super) undetermined: usize,
}

/// Checks every policy in `plan`.
pub(super) fn check_plan(plan: &Value) -> IamReport {
    let mut report = IamReport::default();
    for (address, statements) in policies(plan) {
        for (index, statement) in statements.iter().enumerate() {
            report.statements += 1;
            if statement.effect == "Allow"
                && statement.resources.is_none()
                && statement.referenced.is_empty()
                && !statement.principal
            {
                report.undetermined += 1;
            }
            let problems = check_statement(statement);
            report
                .problems
                .extend(problems.into_iter().map(|problem| format!("{address}, statement {index}: {problem}")));
        }
    }
    report
}

/// `(address, statements)` of every policy in the plan.
fn policies(plan: &Value) -> Vec<(String, Vec<Statement>)> {
    let mut found = Vec::new();
    // Documents read at plan time: their rendered JSON, which also checks the render.
    let mut read = Vec::new();
    collect_module_resources(&plan["prior_state"]["values"]["root_module"], &mut read);
    for resource in read.iter().filter(|resource| resource["type"] == "aws_iam_policy_document") {
        let address = resource["address"].as_str().unwrap_or_default().to_owned();
        found.push((address.clone(), from_document_blocks(&resource["values"], &Value::Null)));
        if let Some(json) = resource["values"]["json"].as_str() {
            found.push((format!("{address}.json"), from_json(json)));
        }
    }
    for change in plan["resource_changes"].as_array().into_iter().flatten() {
        let address = change["address"].as_str().unwrap_or_default().to_owned();
        let resource_type = change["type"].as_str().unwrap_or_default();
        let after = &change["change"]["after"];
        if change["mode"] == "data" {
            // Documents read only at apply (a resource's attribute in them): their statements.
            if resource_type == "aws_iam_policy_document" {
                let mut statements = from_document_blocks(after, &change["change"]["after_unknown"]);
                place_by_references(&mut statements, configuration_of(plan, &address));
                found.push((address, statements));
            }
            continue;
        }
        if resource_type == "aws_lambda_permission" {
            if let Some(action) = after["action"].as_str() {
                let statement = Statement {
                    effect: "Allow".into(),
                    actions: vec![action.to_owned()],
                    resources: None,
                    principal: true,
                    ..Statement::default()
                };
                found.push((format!("{address}.action"), vec![statement]));
            }
            continue;
        }
        for attribute in POLICY_ATTRIBUTES {
            if let Some(json) = after[attribute].as_str() {
                found.push((format!("{address}.{attribute}"), from_json(json)));
            }
        }
    }
    found
}

fn collect_module_resources(module: &Value, into: &mut Vec<Value>) {
    into.extend(module["resources"].as_array().into_iter().flatten().cloned());
    for child in module["child_modules"].as_array().into_iter().flatten() {
        collect_module_resources(child, into);
    }
}

/// Statements from a policy document's configuration (`values` or a planned `after`); an
/// attribute marked in `unknown` is known only after apply.
fn from_document_blocks(values: &Value, unknown: &Value) -> Vec<Statement> {
    values["statement"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(index, block)| {
            let unknown = &unknown["statement"][index];
            let strings = |key: &str| -> Option<Vec<String>> {
                if unknown[key] == Value::Bool(true)
                    || unknown[key].as_array().is_some_and(|items| items.iter().any(|item| item == &Value::Bool(true)))
                {
                    return None;
                }
                Some(block[key].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect())
            };
            let present = |key: &str| block[key].as_array().is_some_and(|items| !items.is_empty());
            Statement {
                effect: block["effect"].as_str().unwrap_or("Allow").to_owned(),
                actions: strings("actions").unwrap_or_default(),
                not_actions: present("not_actions"),
                resources: strings("resources"),
                not_resources: present("not_resources"),
                principal: present("principals") || present("not_principals"),
                sid: block["sid"].as_str().filter(|sid| !sid.is_empty()).map(str::to_owned),
                referenced: Vec::new(),
            }
        })
        .collect()
}

/// Statements of a policy's JSON. JSON that does not parse is one statement without actions, so
/// it is reported.
fn from_json(json: &str) -> Vec<Statement> {
    let document: Value = serde_json::from_str(json).unwrap_or(Value::Null);
    let statements = match &document["Statement"] {
        Value::Array(statements) => statements.clone(),
        Value::Object(_) => vec![document["Statement"].clone()],
        _ => return vec![Statement { effect: "Allow".into(), resources: Some(Vec::new()), ..Statement::default() }],
    };
    let strings = |value: &Value| -> Vec<String> {
        match value {
            Value::String(one) => vec![one.clone()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    };
    statements
        .iter()
        .map(|statement| Statement {
            effect: statement["Effect"].as_str().unwrap_or_default().to_owned(),
            actions: strings(&statement["Action"]),
            not_actions: !statement["NotAction"].is_null(),
            resources: Some(strings(&statement["Resource"])),
            not_resources: !statement["NotResource"].is_null(),
            principal: !statement["Principal"].is_null() || !statement["NotPrincipal"].is_null(),
            sid: statement["Sid"].as_str().map(str::to_owned),
            referenced: Vec::new(),
        })
        .collect()
}

/// `tests/data/iam-actions.json`: each action with its resource ARN formats, and the ARN format of
/// each Terraform resource type a policy may refer to.
#[derive(Debug, serde::Deserialize)]
struct IamData {
    actions: BTreeMap<String, Vec<String>>,
    resource_types: BTreeMap<String, String>,
}

fn iam_data() -> &'static IamData {
    static DATA: OnceLock<IamData> = OnceLock::new();
    DATA.get_or_init(|| {
        let path = repository_root().join("tests/data/iam-actions.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    })
}

fn known_actions() -> &'static BTreeMap<String, Vec<String>> {
    &iam_data().actions
}

/// The configuration of the resource at `address` (`module.a.module.b[0].data.t.n[1]`): its
/// entry under `configuration.root_module`, through the module calls.
fn configuration_of<'a>(plan: &'a Value, address: &str) -> Option<&'a Value> {
    let mut module = &plan["configuration"]["root_module"];
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let (call, remainder) = after.split_once('.')?;
        let call = call.split('[').next().unwrap_or(call);
        module = &module["module_calls"][call]["module"];
        rest = remainder;
    }
    let wanted = rest.split('[').next().unwrap_or(rest);
    module["resources"].as_array()?.iter().find(|resource| resource["address"] == wanted)
}

/// For each statement whose resources are known only after apply, the ARN formats of the resource
/// types its configured `resources` refers to (`aws_sqs_queue.this.arn` → a queue). Configured
/// statements are matched by `sid`, or by position when no statement is dynamic.
fn place_by_references(statements: &mut [Statement], configuration: Option<&Value>) {
    let Some(configured) = configuration.and_then(|resource| resource["expressions"]["statement"].as_array()) else {
        return;
    };
    let same_count = configured.len() == statements.len();
    for (index, statement) in statements.iter_mut().enumerate() {
        if statement.resources.is_some() {
            continue;
        }
        let by_sid = statement
            .sid
            .as_deref()
            .and_then(|sid| configured.iter().find(|block| block["sid"]["constant_value"].as_str() == Some(sid)));
        let Some(block) = by_sid.or_else(|| same_count.then(|| &configured[index])) else { continue };
        statement.referenced = block["resources"]["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|reference| {
                let resource_type = reference.split('.').next()?;
                iam_data().resource_types.get(resource_type).cloned()
            })
            .collect();
        statement.referenced.sort();
        statement.referenced.dedup();
    }
}

fn is_action_shape(action: &str) -> bool {
    let Some((service, name)) = action.split_once(':') else { return false };
    !service.is_empty()
        && service.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !name.is_empty()
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'*')
}

fn check_statement(statement: &Statement) -> Vec<String> {
    let mut problems = Vec::new();
    for action in &statement.actions {
        if !is_action_shape(action) {
            problems.push(format!("`{action}` does not have the `service:Action` shape"));
        }
    }
    if statement.effect == "Deny" {
        return problems;
    }
    if statement.effect != "Allow" {
        problems.push(format!("the effect `{}` is neither Allow nor Deny", statement.effect));
        return problems;
    }
    if statement.not_actions {
        problems.push("an Allow with NotAction grants every other action: a wildcard action".to_owned());
    }
    if statement.not_resources {
        problems.push("an Allow with NotResource grants every other resource".to_owned());
    }
    if statement.actions.is_empty() && !statement.not_actions {
        problems.push("the statement allows no action (or its JSON does not parse)".to_owned());
    }
    for action in &statement.actions {
        if action.contains('*') {
            problems.push(format!("`{action}` is a wildcard action in an Allow; list the actions needed"));
            continue;
        }
        let Some(formats) = known_actions().get(action) else {
            problems.push(format!(
                "`{action}` is not a known action: add it, with its resource types from the Service Authorization Reference, to tests/data/iam-actions.json"
            ));
            continue;
        };
        let Some(resources) = &statement.resources else {
            problems.extend(statement.referenced.iter().filter_map(|arn| check_resource(action, formats, arn)));
            continue;
        };
        if resources.is_empty() && !statement.principal {
            problems.push(format!("`{action}` is allowed on no resource"));
        }
        for resource in resources {
            problems.extend(check_resource(action, formats, resource));
        }
    }
    problems
}

fn check_resource(action: &str, formats: &[String], resource: &str) -> Option<String> {
    if resource == "*" {
        return (!formats.is_empty()).then(|| {
            format!("`{action}` supports resource-level permissions ({}) but is granted on \"*\"", formats.join(", "))
        });
    }
    if formats.is_empty() {
        return None;
    }
    let Some((service, resource_part)) = arn_parts(resource) else {
        return Some(format!("`{resource}`, a resource of `{action}`, is not an ARN"));
    };
    let fits = formats.iter().any(|format| {
        arn_parts(format).is_some_and(|(format_service, format_resource)| {
            let prefix = format_resource.split("${").next().unwrap_or_default();
            format_service == service && resource_part.starts_with(prefix)
        })
    });
    (!fits)
        .then(|| format!("`{resource}` is not a resource of `{action}` (its resource types: {})", formats.join(", ")))
}

/// The service and the resource part of an ARN (`arn:partition:service:region:account:resource`).
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    let _partition = parts.next()?;
    let service = parts.next()?;
    let _region = parts.next()?;
    let _account = parts.next()?;
    Some((service, parts.next()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow(actions: &[&str], resources: &[&str]) -> Statement {
        Statement {
            effect: "Allow".into(),
            actions: actions.iter().map(|action| (*action).to_owned()).collect(),
            resources: Some(resources.iter().map(|resource| (*resource).to_owned()).collect()),
            ..Statement::default()
        }
    }

    #[test]
    fn a_least_privilege_statement_passes() {
        let statement = allow(
            &["logs:CreateLogStream", "logs:PutLogEvents"],
            &["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:*"],
        );
        assert_eq!(check_statement(&statement), Vec::<String>::new());
        assert_eq!(check_statement(&allow(&["xray:PutTraceSegments"], &["*"])), Vec::<String>::new());
    }

    #[test]
    fn each_rule_reports_its_breach() {
        let cases = [
            (allow(&["sqs"], &["*"]), "shape"),
            (allow(&["sqs:*"], &["arn:aws:sqs:eu-west-1:123456789012:q"]), "wildcard"),
            (allow(&["sqs:SendMessage"], &["*"]), "resource-level"),
            (allow(&["sqs:SendMessages"], &["arn:aws:sqs:eu-west-1:123456789012:q"]), "not a known action"),
            (allow(&["dynamodb:GetItem"], &["arn:aws:dynamodb:eu-west-1:123456789012:stream/x"]), "not a resource of"),
            (allow(&["sqs:SendMessage"], &["orders"]), "not an ARN"),
            (Statement { not_actions: true, ..allow(&[], &["*"]) }, "NotAction"),
        ];
        for (statement, expected) in cases {
            let problems = check_statement(&statement);
            assert!(problems.iter().any(|problem| problem.contains(expected)), "{statement:?}: {problems:?}");
        }
    }

    #[test]
    fn a_resource_known_after_apply_is_placed_by_the_type_it_refers_to() {
        let queue = iam_data().resource_types["aws_sqs_queue"].clone();
        let on_queue =
            Statement { resources: None, referenced: vec![queue.clone()], ..allow(&["sqs:SendMessage"], &[]) };
        assert_eq!(check_statement(&on_queue), Vec::<String>::new());
        let wrong = Statement { resources: None, referenced: vec![queue], ..allow(&["sns:Publish"], &[]) };
        assert!(check_statement(&wrong).iter().any(|problem| problem.contains("is not a resource of")), "{wrong:?}");
    }

    #[test]
    fn a_deny_may_use_wildcards() {
        let statement = Statement { effect: "Deny".into(), ..allow(&["sqs:*"], &["*"]) };
        assert_eq!(check_statement(&statement), Vec::<String>::new());
    }
}
