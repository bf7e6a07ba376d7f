//! String literals that stay literals.
//!
//! hcl-rs 0.20 escapes quotes, backslashes and control characters correctly, but its template
//! marker escaping treats any `$$` (or `%%`) as a unit, so a user string containing `$${` is
//! printed unchanged and reads back as `${`: the text changes meaning. Paved therefore escapes
//! strings itself ([`escape_string`]) and prints them as raw quoted templates; [`crate::format_body`]
//! applies this to every string of a body, whoever built it.

use hcl::expr::{Expression, ObjectKey, Operation, TemplateExpr, TraversalOperator};
use hcl::{Block, Body, Structure};

/// Escapes `value` for the inside of an HCL quoted string, so that it reads back as exactly `value`.
///
/// Quotes and backslashes get a backslash; newline, carriage return and tab their short escapes;
/// other control characters `\uXXXX`; every `${` becomes `$${` and every `%{` becomes `%%{` (the
/// two template markers cannot overlap, so one pass over each is exact).
///
/// ```
/// assert_eq!(paved_hcl::escape_string("a \"b\" \\ ${c} %{d}\n"), "a \\\"b\\\" \\\\ $${c} %%{d}\\n");
/// assert_eq!(paved_hcl::escape_string("$${already}"), "$$${already}");
/// ```
pub fn escape_string(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len() + 8);
    for character in value.chars() {
        match character {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            control if control.is_control() => {
                for unit in control.encode_utf16(&mut [0; 2]) {
                    escaped.push_str(&format!("\\u{unit:04X}"));
                }
            }
            other => escaped.push(other),
        }
    }
    escaped.replace("${", "$${").replace("%{", "%%{")
}

/// A string literal expression that prints as exactly `value`, whatever it contains.
pub fn literal(value: &str) -> Expression {
    Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(escape_string(value))))
}

/// A JSON value as HCL literal text, such as `"Active"`, `256`, `null` or `{}`.
///
/// ```
/// use serde_json::json;
/// assert_eq!(paved_hcl::literal_text(&json!("a\"${b}")), "\"a\\\"$${b}\"");
/// assert_eq!(paved_hcl::literal_text(&json!(256)), "256");
/// assert_eq!(paved_hcl::literal_text(&json!({"k": [1, null]})), "{ \"k\" = [1, null] }");
/// ```
pub fn literal_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::String(text) => format!("\"{}\"", escape_string(text)),
        Value::Array(items) => format!("[{}]", items.iter().map(literal_text).collect::<Vec<_>>().join(", ")),
        Value::Object(entries) if entries.is_empty() => "{}".to_owned(),
        Value::Object(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(key, item)| format!("\"{}\" = {}", escape_string(key), literal_text(item)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

/// Replaces every plain string in `body` (attribute values, object keys, array items, function
/// arguments, at any depth) with its [`literal`].
pub(crate) fn make_strings_literal(body: &hcl::Body) -> Body {
    Body::from_iter(body.iter().map(|structure| match structure {
        Structure::Attribute(attribute) => {
            Structure::Attribute(hcl::Attribute::new(attribute.key.clone(), literal_expression(&attribute.expr)))
        }
        Structure::Block(block) => Structure::Block(Block {
            identifier: block.identifier.clone(),
            labels: block.labels.clone(),
            body: make_strings_literal(&block.body),
        }),
    }))
}

pub(crate) fn literal_expression(expression: &Expression) -> Expression {
    match expression {
        Expression::String(value) => literal(value),
        Expression::Array(items) => Expression::Array(items.iter().map(literal_expression).collect()),
        Expression::Object(entries) => Expression::Object(
            entries
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        ObjectKey::Expression(inner) => ObjectKey::Expression(literal_expression(inner)),
                        identifier => identifier.clone(),
                    };
                    (key, literal_expression(value))
                })
                .collect(),
        ),
        Expression::FuncCall(call) => {
            let mut call = call.as_ref().clone();
            call.args = call.args.iter().map(literal_expression).collect();
            Expression::FuncCall(Box::new(call))
        }
        Expression::Parenthesis(inner) => Expression::Parenthesis(Box::new(literal_expression(inner))),
        Expression::Conditional(conditional) => {
            let mut conditional = conditional.as_ref().clone();
            conditional.cond_expr = literal_expression(&conditional.cond_expr);
            conditional.true_expr = literal_expression(&conditional.true_expr);
            conditional.false_expr = literal_expression(&conditional.false_expr);
            Expression::Conditional(Box::new(conditional))
        }
        Expression::Operation(operation) => Expression::Operation(Box::new(match operation.as_ref() {
            Operation::Unary(unary) => {
                let mut unary = unary.clone();
                unary.expr = literal_expression(&unary.expr);
                Operation::Unary(unary)
            }
            Operation::Binary(binary) => {
                let mut binary = binary.clone();
                binary.lhs_expr = literal_expression(&binary.lhs_expr);
                binary.rhs_expr = literal_expression(&binary.rhs_expr);
                Operation::Binary(binary)
            }
        })),
        Expression::ForExpr(for_expr) => {
            let mut for_expr = for_expr.as_ref().clone();
            for_expr.collection_expr = literal_expression(&for_expr.collection_expr);
            for_expr.value_expr = literal_expression(&for_expr.value_expr);
            for_expr.key_expr = for_expr.key_expr.as_ref().map(literal_expression);
            for_expr.cond_expr = for_expr.cond_expr.as_ref().map(literal_expression);
            object_for_as_terraform_prints_it(&for_expr).unwrap_or_else(|| Expression::ForExpr(Box::new(for_expr)))
        }
        Expression::Traversal(traversal) => {
            let mut traversal = traversal.as_ref().clone();
            traversal.expr = literal_expression(&traversal.expr);
            traversal.operators = traversal
                .operators
                .iter()
                .map(|operator| match operator {
                    TraversalOperator::Index(index) => TraversalOperator::Index(literal_expression(index)),
                    other => other.clone(),
                })
                .collect();
            Expression::Traversal(Box::new(traversal))
        }
        other => other.clone(),
    }
}

/// An object `for` expression as `terraform fmt` prints it, `{ for k, v in m : k => v }` (hcl-rs
/// prints `{for …}`); `None` for a list `for`, which both print alike, or when a part does not print.
fn object_for_as_terraform_prints_it(for_expr: &hcl::expr::ForExpr) -> Option<Expression> {
    let key = for_expr.key_expr.as_ref()?;
    let print = |expression: &Expression| hcl::format::to_string(expression).ok();
    let variables = match &for_expr.key_var {
        Some(key_var) => format!("{key_var}, {}", for_expr.value_var),
        None => for_expr.value_var.to_string(),
    };
    let grouping = if for_expr.grouping { "..." } else { "" };
    let condition = match &for_expr.cond_expr {
        Some(condition) => format!(" if {}", print(condition)?),
        None => String::new(),
    };
    let text = format!(
        "{{ for {variables} in {} : {} => {}{grouping}{condition} }}",
        print(&for_expr.collection_expr)?,
        print(key)?,
        print(&for_expr.value_expr)?
    );
    // hcl-rs 0.20 has no raw expression; an unchecked variable prints its text as it is. The
    // text is made of parts hcl-rs printed, their strings already literal, so nothing is injected.
    Some(Expression::Variable(hcl::expr::Variable::unchecked(text)))
}

#[cfg(test)]
mod tests {
    use super::escape_string;

    #[test]
    fn an_object_for_expression_prints_as_terraform_fmt_prints_it() {
        for text in [
            "{ for key, queue in aws_sqs_queue.this : key => queue.arn }",
            "{ for name in var.names : name => \"$${name}\"... if name != \"\" }",
            "[for queue in aws_sqs_queue.this : queue.arn]",
        ] {
            let expression: hcl::Expression = text.parse().expect("parses");
            let body = hcl::Body::builder().add_attribute(("value", expression)).build();
            assert_eq!(crate::format_body(&body).expect("prints"), format!("value = {text}\n"));
        }
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape_string("\u{0}\u{1b}\u{7f}"), "\\u0000\\u001B\\u007F");
        assert_eq!(escape_string("${a}%{b}"), "$${a}%%{b}");
        assert_eq!(escape_string("$$${"), "$$$${");
        assert_eq!(escape_string("plain é"), "plain é");
    }
}
