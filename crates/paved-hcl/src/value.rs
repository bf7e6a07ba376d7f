//! JSON values as HCL expressions.

use hcl::{Expression, ObjectKey};

/// Converts a JSON value (an input value, a default) into an HCL literal expression.
///
/// Strings stay [`Expression::String`] literals, so hcl-rs escapes them; object keys are always
/// quoted strings, so a hostile key cannot become an expression either.
///
/// ```
/// let expression = paved_hcl::json_to_expression(&serde_json::json!({"a": ["${x}", 1, true, null]}));
/// let body = paved_hcl::hcl::Body::builder().add_attribute(("v", expression)).build();
/// assert_eq!(
///     paved_hcl::format_body(&body)?,
///     "v = {\n  \"a\" = [\n    \"$${x}\",\n    1,\n    true,\n    null\n  ]\n}\n"
/// );
/// # Ok::<(), paved_hcl::FormatError>(())
/// ```
pub fn json_to_expression(value: &serde_json::Value) -> Expression {
    match value {
        serde_json::Value::Null => Expression::Null,
        serde_json::Value::Bool(flag) => Expression::Bool(*flag),
        serde_json::Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(signed), _, _) => Expression::Number(signed.into()),
            (None, Some(unsigned), _) => Expression::Number(unsigned.into()),
            (None, None, Some(float)) => {
                hcl::Number::from_f64(float).map(Expression::Number).unwrap_or(Expression::Null)
            }
            (None, None, None) => Expression::Null,
        },
        serde_json::Value::String(text) => Expression::String(text.clone()),
        serde_json::Value::Array(items) => Expression::Array(items.iter().map(json_to_expression).collect()),
        serde_json::Value::Object(entries) => crate::object_expression(
            entries
                .iter()
                .map(|(key, item)| (ObjectKey::Expression(Expression::String(key.clone())), json_to_expression(item))),
        ),
    }
}
