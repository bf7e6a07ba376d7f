//! Object expressions of any size in linear time.
//!
//! hcl-rs keeps an object's attributes in a `VecMap`, whose every insertion compares the new key
//! with each one before it: building an object of n attributes costs n²/2 key comparisons, so a
//! map input of 100,000 keys took minutes to emit. [`object_expression`] builds small objects as
//! hcl-rs does and prints large ones itself, attribute by attribute, to exactly the text hcl-rs
//! would print; [`crate::format_body`] gives that text its indentation (`resolve_indentation`).

use crate::literal::literal_expression;
use hcl::expr::{Expression, Object, ObjectKey, Variable};
use std::collections::HashMap;

/// Up to this many attributes an object is an ordinary hcl-rs object.
const SMALL_OBJECT: usize = 32;

/// Starts each line after the first of a pre-printed object: the line takes the indentation of
/// the line the object starts on, then the spaces after the marker. Printed strings cannot hold
/// it: [`crate::escape_string`] writes control characters as `\uXXXX`.
pub(crate) const INDENT_MARKER: char = '\u{1}';

/// An object expression of `entries`, in their order; a key given twice keeps its first
/// position and its last value, as repeated `insert`s would.
///
/// ```
/// use paved_hcl::hcl::{Body, expr::{Expression, ObjectKey}};
/// let entries = (0..100u64).map(|index| (ObjectKey::Expression(format!("K{index}").into()), Expression::from(index)));
/// let body = Body::builder().add_attribute(("v", paved_hcl::object_expression(entries))).build();
/// let text = paved_hcl::format_body(&body)?;
/// assert!(text.starts_with("v = {\n  \"K0\"  = 0\n"));
/// assert!(text.ends_with("  \"K99\" = 99\n}\n"));
/// # Ok::<(), paved_hcl::FormatError>(())
/// ```
pub fn object_expression(entries: impl IntoIterator<Item = (ObjectKey, Expression)>) -> Expression {
    let entries: Vec<(ObjectKey, Expression)> = entries.into_iter().collect();
    if entries.len() <= SMALL_OBJECT {
        let mut object = Object::new();
        for (key, value) in entries {
            object.insert(key, value);
        }
        return Expression::Object(object);
    }
    match print_object(entries) {
        Ok(text) => Expression::Variable(Variable::unchecked(text)),
        // hcl-rs prints any key and value; should it refuse one, keep its own (slow) object.
        Err(entries) => Expression::Object(entries.into_iter().collect()),
    }
}

/// The text hcl-rs prints for an object of `entries` at indentation zero, with the later lines
/// marked for [`resolve_indentation`].
fn print_object(entries: Vec<(ObjectKey, Expression)>) -> Result<String, Vec<(ObjectKey, Expression)>> {
    let mut lines: Vec<String> = Vec::with_capacity(entries.len());
    let mut position: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (key, value) in &entries {
        let key_text = match key {
            ObjectKey::Expression(inner) => hcl::format::to_string(&ObjectKey::Expression(literal_expression(inner))),
            identifier => hcl::format::to_string(identifier),
        };
        let (Ok(key_text), Ok(value_text)) = (key_text, hcl::format::to_string(&literal_expression(value))) else {
            return Err(entries);
        };
        let value_text = resolve_indentation(&value_text);
        let mut line = format!("{INDENT_MARKER}  {key_text} = ");
        for (index, value_line) in value_text.split('\n').enumerate() {
            if index > 0 {
                line.push('\n');
                line.push(INDENT_MARKER);
                line.push_str("  ");
            }
            line.push_str(value_line);
        }
        match position.get(&key_text) {
            Some(&index) => lines[index] = line,
            None => {
                position.insert(key_text, lines.len());
                lines.push(line);
            }
        }
    }
    let mut text = String::from("{\n");
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text.push(INDENT_MARKER);
    text.push('}');
    Ok(text)
}

/// Gives each marked line the indentation of the nearest unmarked line above it.
pub(crate) fn resolve_indentation(text: &str) -> String {
    if !text.contains(INDENT_MARKER) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut base = "";
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        match line.strip_prefix(INDENT_MARKER) {
            Some(rest) => {
                out.push_str(base);
                out.push_str(rest);
            }
            None => {
                base = &line[..line.len() - line.trim_start_matches(' ').len()];
                out.push_str(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::{Block, Body};

    fn slow_object(entries: &[(ObjectKey, Expression)]) -> Expression {
        let mut object = Object::new();
        for (key, value) in entries {
            object.insert(key.clone(), value.clone());
        }
        Expression::Object(object)
    }

    fn entries(count: usize, nested: bool) -> Vec<(ObjectKey, Expression)> {
        (0..count)
            .map(|index| {
                let key = match index % 3 {
                    0 => ObjectKey::Identifier(hcl::Identifier::unchecked(format!("key{index}"))),
                    1 => ObjectKey::Expression(Expression::String(format!("K ${{{index}}} \"q\""))),
                    _ => ObjectKey::Expression(Expression::String(format!("k{}", "x".repeat(index % 7)))),
                };
                let value = match (index % 4, nested) {
                    (0, true) => object_expression(self::entries(40, false)),
                    (1, true) => Expression::Array(vec![Expression::from(1u64), slow_object(&self::entries(3, false))]),
                    (2, _) => Expression::String(format!("value %{{{index}}}\nline")),
                    _ => Expression::from(index as u64),
                };
                (key, value)
            })
            .collect()
    }

    /// The same body printed with hcl-rs's objects and with [`object_expression`].
    fn both(count: usize, nested: bool) -> (String, String) {
        let entries = entries(count, nested);
        let body = |expression: Expression| {
            Body::builder()
                .add_attribute(("top", expression.clone()))
                .add_block(
                    Block::builder("module")
                        .add_label("m")
                        .add_attribute(("inner", Expression::Array(vec![expression.clone(), Expression::from(2u64)])))
                        .add_attribute(("after", expression))
                        .build(),
                )
                .build()
        };
        let slow = crate::format_body(&body(slow_object(&entries))).expect("prints");
        let fast = crate::format_body(&body(object_expression(entries))).expect("prints");
        (slow, fast)
    }

    #[test]
    fn large_objects_print_as_hcl_rs_prints_them() {
        for count in [0, 1, SMALL_OBJECT, SMALL_OBJECT + 1, 100] {
            let (slow, fast) = both(count, false);
            assert_eq!(fast, slow, "{count} attributes");
        }
        let (slow, fast) = both(120, true);
        assert_eq!(fast, slow, "nested");
        assert!(!fast.contains(INDENT_MARKER));
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        let mut entries = entries(50, false);
        entries.push((entries[0].0.clone(), Expression::from("last")));
        let expected = slow_object(&entries);
        let body = |expression| Body::builder().add_attribute(("v", expression)).build();
        assert_eq!(
            crate::format_body(&body(object_expression(entries))).expect("prints"),
            crate::format_body(&body(expected)).expect("prints")
        );
    }
}
