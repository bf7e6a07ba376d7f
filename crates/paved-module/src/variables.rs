//! `variables.tf`: one `variable` block per input, with `validation` blocks derived from the
//! same constraints Rust validates.

use crate::expression::{
    all, and, at_least, at_most, attribute, binary_equal, call, compare, conditional, for_pairs, index, minus, name,
    plus, times, traversal, unless_null,
};
use paved_blueprint::{Comparison, Constraint, Definition, Field, Operand, ReferenceTarget, Rule, Shape, TypeNode};
use paved_hcl::hcl::expr::{Expression, Object, ObjectKey};
use paved_hcl::hcl::{Block, Identifier};
use paved_hcl::json_to_expression;

/// The `variable` blocks of a definition's inputs; a rule across top-level inputs becomes a
/// `validation` of the input it constrains (Terraform 1.9 lets it read the other inputs).
pub fn variable_blocks(definition: &Definition) -> Vec<Block> {
    definition
        .inputs
        .iter()
        .map(|field| variable_block_with_rules(field, &host_rules(definition, field), &definition.inputs))
        .collect()
}

/// The top-level rules whose `validation` lives on the variable of `field`.
fn host_rules<'d>(definition: &'d Definition, field: &Field) -> Vec<&'d Rule> {
    definition
        .rules
        .iter()
        .filter(|rule| rule.subject().and_then(|path| path.split('.').next()) == Some(field.name.as_str()))
        .collect()
}

/// The `variable` block of one input: description, type, default, nullability and one
/// `validation` block per rule.
pub fn variable_block(field: &Field) -> Block {
    variable_block_with_rules(field, &[], &[])
}

fn variable_block_with_rules(field: &Field, root_rules: &[&Rule], root_fields: &[Field]) -> Block {
    let mut builder = Block::builder("variable")
        .add_label(field.name.as_str())
        .add_attribute(("description", field.description.as_str()))
        .add_attribute(("type", type_expression(&field.node)));
    if let Some(default) = &field.default {
        builder = builder.add_attribute(("default", value_expression(&field.node, default)));
    }
    if !field.node.nullable {
        builder = builder.add_attribute(("nullable", false));
    }
    for (condition, message) in validations(field, root_rules, root_fields) {
        builder = builder.add_block(
            Block::builder("validation")
                .add_attribute(("condition", condition))
                .add_attribute(("error_message", message))
                .build(),
        );
    }
    builder.build()
}

/// A value of an input as an HCL literal: attributes of objects as bare identifiers (they are
/// field names, validated identifiers), keys of maps as quoted strings (they come from users),
/// and every string a literal.
///
/// A reference object `{ "ref": "<instance>.<output>" }` at a wirable position becomes the
/// traversal `module.<instance>.<output>` (both parts are identifiers, as
/// [`ReferenceTarget`] parses them), and `{ "ref": "<instance>.<output>.<key>" }` becomes
/// `module.<instance>.<output>["<key>"]`, the key an escaped string literal whatever it holds.
pub fn value_expression(node: &TypeNode, value: &serde_json::Value) -> Expression {
    if node.wirable
        && let Some(target) =
            paved_blueprint::reference_target(value).and_then(|text| ReferenceTarget::parse(text).ok())
    {
        return reference_expression(&target);
    }
    match (&node.shape, value) {
        (Shape::Object(fields), serde_json::Value::Object(entries)) => {
            // Attributes in the blueprint's field order, then anything unknown (already refused
            // by validation, kept so nothing is silently dropped).
            let mut object = Object::new();
            for field in fields {
                if let Some(item) = entries.get(&field.name) {
                    let key = ObjectKey::Identifier(Identifier::unchecked(field.name.as_str()));
                    object.insert(key, value_expression(&field.node, item));
                }
            }
            for (key, item) in entries.iter().filter(|(key, _)| !fields.iter().any(|field| &field.name == *key)) {
                object.insert(ObjectKey::Expression(Expression::String(key.clone())), json_to_expression(item));
            }
            Expression::Object(object)
        }
        (Shape::Map(inner), serde_json::Value::Object(entries)) => {
            paved_hcl::object_expression(entries.iter().map(|(key, item)| {
                (ObjectKey::Expression(Expression::String(key.clone())), value_expression(inner, item))
            }))
        }
        (Shape::List(inner), serde_json::Value::Array(items)) => {
            Expression::Array(items.iter().map(|item| value_expression(inner, item)).collect())
        }
        _ => json_to_expression(value),
    }
}

/// `module.<instance>.<output>`, indexed by `["<key>"]` when the reference names one value of a
/// map or list output (Terraform reads the key `"0"` of a list as its position 0).
///
/// ```
/// use paved_blueprint::ReferenceTarget;
/// use paved_module::reference_expression;
/// let target: ReferenceTarget = "bus.rule_arns.a\"b ${c}".parse()?;
/// assert_eq!(reference_expression(&target).to_string(), "module.bus.rule_arns[\"a\\\"b $${c}\"]");
/// # Ok::<(), paved_blueprint::ReferenceTargetError>(())
/// ```
pub fn reference_expression(target: &ReferenceTarget) -> Expression {
    let whole = traversal("module", &[target.instance(), target.output()]);
    match target.key() {
        Some(key) => index(whole, paved_hcl::literal(key)),
        None => whole,
    }
}

/// The Terraform type constraint of a node: `string`, `list(number)`, `object({…})`, …
pub fn type_expression(node: &TypeNode) -> Expression {
    match &node.shape {
        Shape::String => name("string"),
        Shape::Integer | Shape::Number => name("number"),
        Shape::Bool => name("bool"),
        Shape::List(item) => call("list", vec![type_expression(item)]),
        Shape::Map(value) => call("map", vec![type_expression(value)]),
        Shape::Object(fields) => {
            let mut attributes = Object::new();
            for field in fields {
                let inner = type_expression(&field.node);
                let declared = match (&field.default, field.required) {
                    (_, true) => inner,
                    (Some(default), false) if !default.is_null() => {
                        call("optional", vec![inner, value_expression(&field.node, default)])
                    }
                    _ => call("optional", vec![inner]),
                };
                attributes.insert(ObjectKey::Identifier(Identifier::unchecked(field.name.as_str())), declared);
            }
            call("object", vec![Expression::Object(attributes)])
        }
    }
}

/// Every `(condition, error_message)` pair of one input, outermost rules first, then the rules
/// across top-level inputs that it hosts.
fn validations(field: &Field, root_rules: &[&Rule], root_fields: &[Field]) -> Vec<(Expression, String)> {
    let mut out = Vec::new();
    let root = traversal("var", &[field.name.as_str()]);
    collect(&field.node, root, &field.name, &mut Vec::new(), 0, &mut out);
    for rule in root_rules {
        // Top-level inputs are variables of their own: `var.<first segment>.<rest>`.
        let operand = |path: &str| {
            let mut segments = path.split('.');
            let first = segments.next().unwrap_or_default();
            segments.fold(traversal("var", &[first]), attribute)
        };
        out.push((
            rule_condition(rule, root_fields, &operand),
            format!("Input {} {}.", field.name, Constraint::Rule((*rule).clone()).describe()),
        ));
    }
    out
}

/// The condition of `rule`, reading each input through `operand`; `fields` (the object's
/// attributes, or the top-level inputs) tell which values may be null.
fn rule_condition(rule: &Rule, fields: &[Field], operand: &dyn Fn(&str) -> Expression) -> Expression {
    let side = |side: &Operand| match side {
        Operand::Number(number) => Expression::from(*number),
        Operand::Input(path) => operand(path),
    };
    let comparison =
        |comparison: &Comparison| compare(side(&comparison.left), comparison.operator, side(&comparison.right));
    let then = comparison(&rule.then);
    let condition = match &rule.when {
        Some(when) => conditional(comparison(when), then, Expression::Bool(true)),
        None => then,
    };
    // A rule about a null value holds: guard every nullable value on the way to each input.
    let mut guards: Vec<Expression> = Vec::new();
    for path in rule.inputs() {
        for prefix in nullable_prefixes(fields, path) {
            let guard = operand(&prefix);
            if !guards.contains(&guard) {
                guards.push(guard);
            }
        }
    }
    guard(&guards, condition)
}

/// The dotted prefixes of `path` (itself included) whose values may be null.
fn nullable_prefixes(fields: &[Field], path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = fields;
    let mut prefix = String::new();
    for segment in path.split('.') {
        let Some(field) = current.iter().find(|field| field.name == segment) else { break };
        prefix = if prefix.is_empty() { segment.to_owned() } else { format!("{prefix}.{segment}") };
        if field.node.nullable {
            out.push(prefix.clone());
        }
        match &field.node.shape {
            Shape::Object(inner) => current = inner,
            _ => break,
        }
    }
    out
}

/// Walks a node, emitting one validation per constraint.
///
/// `guards` are the nullable values on the way down (the node itself included when nullable):
/// a rule applies only when each of them is set. `depth` names the loop variables of nested
/// `for` expressions uniquely.
fn collect(
    node: &TypeNode,
    value: Expression,
    label: &str,
    guards: &mut Vec<Expression>,
    depth: usize,
    out: &mut Vec<(Expression, String)>,
) {
    let pushed = node.nullable;
    if pushed {
        guards.push(value.clone());
    }
    for constraint in &node.constraints {
        let condition = match (constraint, &node.shape) {
            (Constraint::Rule(rule), Shape::Object(fields)) => {
                let operand = |path: &str| path.split('.').fold(value.clone(), attribute);
                rule_condition(rule, fields, &operand)
            }
            _ => condition_for(constraint, value.clone(), depth),
        };
        out.push((guard(guards, condition), format!("Input {label} {}.", constraint.describe())));
    }
    if node.shape == Shape::Integer {
        let whole = binary_equal(call("floor", vec![value.clone()]), value.clone());
        out.push((guard(guards, whole), format!("Input {label} must be a whole number.")));
    }
    match &node.shape {
        Shape::Object(fields) => {
            for field in fields {
                collect(
                    &field.node,
                    attribute(value.clone(), &field.name),
                    &format!("{label}.{}", field.name),
                    guards,
                    depth,
                    out,
                );
            }
        }
        Shape::List(item) | Shape::Map(item) => {
            let variable = format!("item{depth}");
            let collection = match &node.shape {
                Shape::Map(_) => call("values", vec![value.clone()]),
                _ => value.clone(),
            };
            let mut inner = Vec::new();
            collect(item, name(&variable), &format!("every item of {label}"), &mut Vec::new(), depth + 1, &mut inner);
            for (condition, message) in inner {
                out.push((guard(guards, all(&variable, collection.clone(), condition)), message));
            }
        }
        _ => {}
    }
    if pushed {
        guards.pop();
    }
}

fn guard(guards: &[Expression], condition: Expression) -> Expression {
    guards.iter().rev().fold(condition, |inner, value| unless_null(value.clone(), inner))
}

fn condition_for(constraint: &Constraint, value: Expression, depth: usize) -> Expression {
    let number = |number: &serde_json::Number| json_to_expression(&serde_json::Value::Number(number.clone()));
    let length = || call("length", vec![value.clone()]);
    let bounded = |measure: Expression, min: Option<Expression>, max: Option<Expression>| match (min, max) {
        (Some(min), Some(max)) => and(at_least(measure.clone(), min), at_most(measure, max)),
        (Some(min), None) => at_least(measure, min),
        (None, Some(max)) => at_most(measure, max),
        (None, None) => Expression::Bool(true),
    };
    match constraint {
        Constraint::Range { min, max } => bounded(value.clone(), min.as_ref().map(number), max.as_ref().map(number)),
        Constraint::OneOf { values } => {
            call("contains", vec![Expression::Array(values.iter().map(json_to_expression).collect()), value])
        }
        Constraint::Length { min, max } | Constraint::Items { min, max } => {
            bounded(length(), min.map(Expression::from), max.map(Expression::from))
        }
        Constraint::Pattern { regex, .. } => matches(regex, value),
        Constraint::KeyPattern { regex, .. } => {
            let key = format!("key{depth}");
            all(&key, call("keys", vec![value]), matches(regex, name(&key)))
        }
        Constraint::ReservedKeys { keys } => {
            let key = format!("key{depth}");
            let reserved = Expression::Array(keys.iter().map(|key| Expression::String(key.clone())).collect());
            all(
                &key,
                call("keys", vec![value]),
                binary_equal(call("contains", vec![reserved, name(&key)]), Expression::Bool(false)),
            )
        }
        Constraint::TotalBytes { max } => {
            let (key, item) = (format!("key{depth}"), format!("item{depth}"));
            let sizes = for_pairs(&key, &item, value, plus(utf8_bytes(name(&key)), utf8_bytes(name(&item))));
            let total = call("sum", vec![call("concat", vec![Expression::Array(vec![Expression::from(0)]), sizes])]);
            at_most(total, Expression::from(*max))
        }
        // `keys` accepts an object and refuses every other JSON value.
        Constraint::JsonObject => call("can", vec![call("keys", vec![call("jsondecode", vec![value])])]),
        // Rules are emitted with their object's fields (see `collect`); never reached.
        Constraint::Rule(_) => Expression::Bool(true),
    }
}

/// The UTF-8 size of a string in bytes: `urlencode` writes each byte outside `[A-Za-z0-9-_.~ ]`
/// as three characters `%XX` and the others as one, so bytes = 2 × (characters without `%`) −
/// characters (Terraform's `length` counts characters, not bytes).
fn utf8_bytes(text: Expression) -> Expression {
    let encoded = call("urlencode", vec![text]);
    let without_percent = call(
        "length",
        vec![call("replace", vec![encoded.clone(), Expression::String("%".into()), Expression::String(String::new())])],
    );
    minus(times(Expression::from(2), without_percent), call("length", vec![encoded]))
}

fn matches(regex: &str, value: Expression) -> Expression {
    call("can", vec![call("regex", vec![Expression::String(regex.to_owned()), value])])
}

/// The rules of one input as sentences, exactly as the Terraform `error_message`s state them.
pub(crate) fn rules(definition: &Definition, field: &Field) -> Vec<String> {
    validations(field, &host_rules(definition, field), &definition.inputs)
        .into_iter()
        .map(|(_, message)| message)
        .collect()
}
