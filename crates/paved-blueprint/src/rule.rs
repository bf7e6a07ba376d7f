//! Rules across the inputs of one object, such as "a batch size over 10 needs a batching window".
//!
//! A [`Rule`] is stated once, on the struct whose fields it relates, with
//! `#[schemars(extend("x-paved-rules" = rules_of_the_struct()))]`. The interface reader checks
//! that every input it names exists and is a number, Rust validation evaluates it
//! ([`Rule::holds`]), and the module emitter turns the same rule into a Terraform `validation`
//! block on the object's variable (or, for the top-level inputs, on the variable of the input
//! it constrains), so the two can never disagree.

use crate::interface::{Field, Shape};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

/// The schema extension holding an object's rules.
pub const RULES_KEY: &str = "x-paved-rules";

/// A rule across inputs: `then` must hold (whenever `when` holds, when there is a `when`).
///
/// A rule about a value that is `null`, or wired from another instance (unknown until
/// Terraform runs), holds: nullable inputs mean "off", and wired values are checked by
/// Terraform once known.
///
/// ```
/// use paved_blueprint::{Rule, input};
/// let rule = Rule::when(input("batch_size").above(10), input("maximum_batching_window_seconds").at_least(1))
///     .because("Lambda needs a batching window for batches over 10");
/// assert_eq!(
///     rule.to_string(),
///     "when `batch_size` is above 10, `maximum_batching_window_seconds` must be at least 1 \
///      (Lambda needs a batching window for batches over 10)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The condition under which the rule applies; always when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Comparison>,
    /// What must hold.
    pub then: Comparison,
    /// Why: the AWS behaviour the rule prevents, as a sentence fragment.
    pub reason: String,
}

/// `left operator right`, over numeric inputs and constants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The left side, usually the input the rule constrains.
    pub left: Operand,
    /// How the sides compare.
    pub operator: Operator,
    /// The right side.
    pub right: Operand,
}

/// One side of a comparison: a numeric input, by its dotted path in the object
/// (`function.timeout`), or a whole number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Operand {
    /// A constant.
    Number(i64),
    /// An input of the object, as a dotted path.
    Input(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// `<`
    #[serde(rename = "<")]
    Below,
    /// `<=`
    #[serde(rename = "<=")]
    AtMost,
    /// `>`
    #[serde(rename = ">")]
    Above,
    /// `>=`
    #[serde(rename = ">=")]
    AtLeast,
    /// `==`
    #[serde(rename = "==")]
    Equal,
    /// `!=`
    #[serde(rename = "!=")]
    Different,
}

/// The input at dotted `path` of the object a rule is stated on, to compare.
pub fn input(path: &str) -> Operand {
    Operand::Input(path.to_owned())
}

impl From<i64> for Operand {
    fn from(number: i64) -> Self {
        Operand::Number(number)
    }
}

impl Operand {
    fn compare(self, operator: Operator, right: impl Into<Operand>) -> Comparison {
        Comparison { left: self, operator, right: right.into() }
    }
    /// `self < right`.
    pub fn below(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::Below, right)
    }
    /// `self <= right`.
    pub fn at_most(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::AtMost, right)
    }
    /// `self > right`.
    pub fn above(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::Above, right)
    }
    /// `self >= right`.
    pub fn at_least(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::AtLeast, right)
    }
    /// `self == right`.
    pub fn equal_to(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::Equal, right)
    }
    /// `self != right`.
    pub fn other_than(self, right: impl Into<Operand>) -> Comparison {
        self.compare(Operator::Different, right)
    }

    /// The dotted path of an input operand.
    pub fn path(&self) -> Option<&str> {
        match self {
            Operand::Input(path) => Some(path),
            Operand::Number(_) => None,
        }
    }
}

impl Comparison {
    /// The rule that this comparison always holds, for `reason`.
    pub fn because(self, reason: &str) -> Rule {
        Rule { when: None, then: self, reason: reason.to_owned() }
    }

    /// Both operands' input paths.
    pub fn inputs(&self) -> impl Iterator<Item = &str> {
        self.left.path().into_iter().chain(self.right.path())
    }

    fn evaluate(&self, fields: &[Field], value: &Value) -> Option<bool> {
        let left = operand_value(&self.left, fields, value)?;
        let right = operand_value(&self.right, fields, value)?;
        Some(match self.operator {
            Operator::Below => left < right,
            Operator::AtMost => left <= right,
            Operator::Above => left > right,
            Operator::AtLeast => left >= right,
            Operator::Equal => left == right,
            Operator::Different => left != right,
        })
    }
}

/// A rule waiting for its reason (see [`Rule::when`]).
pub struct Conditional {
    when: Comparison,
    then: Comparison,
}

impl Conditional {
    /// The rule, for `reason`.
    pub fn because(self, reason: &str) -> Rule {
        Rule { when: Some(self.when), then: self.then, reason: reason.to_owned() }
    }
}

impl Rule {
    /// A rule that `then` holds whenever `when` holds.
    pub fn when(when: Comparison, then: Comparison) -> Conditional {
        Conditional { when, then }
    }

    /// Whether `value` (an object of the inputs `fields` describe) satisfies the rule; absent
    /// inputs take their defaults. A rule about a null or wired value holds.
    pub fn holds(&self, fields: &[Field], value: &Value) -> bool {
        if let Some(when) = &self.when {
            match when.evaluate(fields, value) {
                Some(true) => {}
                _ => return true,
            }
        }
        self.then.evaluate(fields, value).unwrap_or(true)
    }

    /// Every input path the rule reads.
    pub fn inputs(&self) -> impl Iterator<Item = &str> {
        self.when.iter().flat_map(Comparison::inputs).chain(self.then.inputs())
    }

    /// The input the rule constrains (the left side of `then`), where errors point.
    pub fn subject(&self) -> Option<&str> {
        self.then.left.path().or_else(|| self.then.right.path())
    }

    /// Checks that every input the rule names is a number input of `fields`.
    pub(crate) fn check(&self, fields: &[Field]) -> Result<(), String> {
        for path in self.inputs() {
            match numeric_field(fields, path) {
                Some(_) => {}
                None => return Err(format!("the rule `{self}` names `{path}`, which is not a number input here")),
            }
        }
        Ok(())
    }
}

/// The field at dotted `path`, when it is a number.
fn numeric_field<'f>(fields: &'f [Field], path: &str) -> Option<&'f Field> {
    let mut current = fields;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current.iter().find(|field| field.name == segment)?;
        if segments.peek().is_none() {
            return matches!(field.node.shape, Shape::Integer | Shape::Number).then_some(field);
        }
        match &field.node.shape {
            Shape::Object(inner) => current = inner,
            _ => return None,
        }
    }
    None
}

/// The value of an operand in `value` (read in place, its default when absent); `None` when it
/// is null, wired or not a number.
fn operand_value<'v>(operand: &Operand, fields: &'v [Field], value: &'v Value) -> Option<f64> {
    let path = match operand {
        Operand::Number(number) => return Some(*number as f64),
        Operand::Input(path) => path,
    };
    let mut current_fields = fields;
    let mut current = value;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current_fields.iter().find(|field| field.name == segment)?;
        let item = current.get(segment).or(field.default.as_ref())?;
        if item.is_null() || crate::reference_target(item).is_some() {
            return None;
        }
        if segments.peek().is_none() {
            return item.as_f64();
        }
        match &field.node.shape {
            Shape::Object(inner) => current_fields = inner,
            _ => return None,
        }
        current = item;
    }
    None
}

impl fmt::Display for Operand {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Number(number) => write!(formatter, "{number}"),
            Operand::Input(path) => write!(formatter, "`{path}`"),
        }
    }
}

impl Operator {
    fn phrase(self) -> &'static str {
        match self {
            Operator::Below => "below",
            Operator::AtMost => "at most",
            Operator::Above => "above",
            Operator::AtLeast => "at least",
            Operator::Equal => "equal to",
            Operator::Different => "other than",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(when) = &self.when {
            write!(formatter, "when {} is {} {}, ", when.left, when.operator.phrase(), when.right)?;
        }
        write!(
            formatter,
            "{} must be {} {} ({})",
            self.then.left,
            self.then.operator.phrase(),
            self.then.right,
            self.reason
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn number(name: &str, default: i64) -> Field {
        Field {
            name: name.to_owned(),
            description: String::new(),
            required: false,
            default: Some(json!(default)),
            node: crate::TypeNode {
                shape: Shape::Integer,
                nullable: false,
                constraints: Vec::new(),
                kinds: Vec::new(),
                wirable: false,
            },
            governs: None,
        }
    }

    fn batching() -> Rule {
        Rule::when(input("batch_size").above(10), input("window").at_least(1)).because("AWS says so")
    }

    #[test]
    fn a_conditional_rule_applies_only_when_its_condition_holds() {
        let fields = [number("batch_size", 10), number("window", 0)];
        let rule = batching();
        assert!(rule.holds(&fields, &json!({})), "defaults: batch size 10, no window needed");
        assert!(!rule.holds(&fields, &json!({"batch_size": 11})));
        assert!(rule.holds(&fields, &json!({"batch_size": 11, "window": 1})));
        assert!(rule.holds(&fields, &json!({"batch_size": 10, "window": 0})));
        assert!(rule.holds(&fields, &json!({"batch_size": {"ref": "other.size"}})), "wired values are unknown");
        assert!(rule.holds(&fields, &json!({"batch_size": null})), "null means off");
    }

    #[test]
    fn nested_inputs_take_their_defaults_and_a_rule_naming_no_number_is_refused() {
        let mut object = number("function", 0);
        object.node.shape = Shape::Object(vec![number("timeout", 30)]);
        object.default = Some(json!({}));
        let fields = [object, number("limit", 30)];
        let rule = input("function.timeout").at_most(input("limit")).because("why");
        assert!(rule.holds(&fields, &json!({})));
        assert!(!rule.holds(&fields, &json!({"function": {"timeout": 31}})));
        assert!(rule.check(&fields).is_ok());
        let wrong = input("function").at_most(1).because("why");
        assert!(wrong.check(&fields).unwrap_err().contains("`function`"));
        let serialized = serde_json::to_value(&rule).expect("serializes");
        assert_eq!(
            serialized,
            json!({"then": {"left": "function.timeout", "operator": "<=", "right": "limit"}, "reason": "why"})
        );
        assert_eq!(serde_json::from_value::<Rule>(serialized).expect("reads back"), rule);
    }
}
