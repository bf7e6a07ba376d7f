//! Rules across the inputs of one object, such as "a batch size over 10 needs a batching window".
//!
//! A [`Rule`] is stated once, on the struct whose fields it relates, with
//! `#[schemars(extend("x-paved-rules" = rules_of_the_struct()))]`. The interface reader checks
//! that every input it names exists and has the type its operator compares (numbers for the
//! arithmetic comparisons, strings for [`Operator::DisjointPrefix`]), Rust validation evaluates it
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

/// `left operator right`, over numeric inputs and constants, or over two string inputs for
/// [`Operator::DisjointPrefix`].
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
    /// Two string inputs (key prefixes) neither of which starts with the other; the empty
    /// prefix starts every string, so it overlaps everything. Terraform:
    /// `!(startswith(left, right) || startswith(right, left))`.
    #[serde(rename = "disjoint-prefix")]
    DisjointPrefix,
}

impl Operator {
    /// Whether the operator compares strings (otherwise numbers).
    pub fn compares_strings(self) -> bool {
        matches!(self, Operator::DisjointPrefix)
    }
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
    /// Neither of the string inputs `self` and `right` starts with the other
    /// ([`Operator::DisjointPrefix`]), such as an S3 key prefix a function writes under and the
    /// prefix whose objects trigger it.
    ///
    /// ```
    /// use paved_blueprint::{Rule, input};
    /// let rule = input("write_prefix").disjoint_prefix_from(input("filter_prefix")).because("no loop");
    /// assert_eq!(
    ///     rule.to_string(),
    ///     "`write_prefix` and `filter_prefix` must not overlap: neither may start with the other (no loop)"
    /// );
    /// ```
    pub fn disjoint_prefix_from(self, right: Operand) -> Comparison {
        self.compare(Operator::DisjointPrefix, right)
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
        if self.operator.compares_strings() {
            let left = operand_value(&self.left, fields, value)?.as_str()?;
            let right = operand_value(&self.right, fields, value)?.as_str()?;
            return Some(!(left.starts_with(right) || right.starts_with(left)));
        }
        let number = |operand: &Operand| match operand {
            Operand::Number(number) => Some(*number as f64),
            Operand::Input(_) => operand_value(operand, fields, value)?.as_f64(),
        };
        let (left, right) = (number(&self.left)?, number(&self.right)?);
        Some(match self.operator {
            Operator::Below => left < right,
            Operator::AtMost => left <= right,
            Operator::Above => left > right,
            Operator::AtLeast => left >= right,
            Operator::Equal => left == right,
            Operator::Different => left != right,
            Operator::DisjointPrefix => unreachable!("string operators are compared above"),
        })
    }

    /// Checks that the operands have the type the operator compares: number inputs or
    /// constants, or two string inputs.
    fn check(&self, fields: &[Field], rule: &Rule) -> Result<(), String> {
        let strings = self.operator.compares_strings();
        let (wanted, shapes): (&str, &[Shape]) =
            if strings { ("string", &[Shape::String]) } else { ("number", &[Shape::Integer, Shape::Number]) };
        for operand in [&self.left, &self.right] {
            match operand {
                Operand::Number(number) if strings => {
                    return Err(format!(
                        "the rule `{rule}` compares the constant {number} as a string; name a string input"
                    ));
                }
                Operand::Number(_) => {}
                Operand::Input(path) => {
                    if field_at(fields, path).is_none_or(|field| !shapes.contains(&field.node.shape)) {
                        return Err(format!("the rule `{rule}` names `{path}`, which is not a {wanted} input here"));
                    }
                }
            }
        }
        Ok(())
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

    /// The rule without its reason, with the operands of a symmetric comparison
    /// ([`Operator::DisjointPrefix`]) in name order: two statements of one rule read the same,
    /// so the registry's semver check compares what a rule requires, not how it was written.
    ///
    /// ```
    /// use paved_blueprint::input;
    /// let one = input("write_prefix").disjoint_prefix_from(input("filter_prefix")).because("a loop");
    /// let other = input("filter_prefix").disjoint_prefix_from(input("write_prefix")).because("no loop");
    /// assert_eq!(one.statement(), other.statement());
    /// assert_eq!(one.statement(), "`filter_prefix` and `write_prefix` must not overlap: neither may start with the other");
    /// ```
    pub fn statement(&self) -> String {
        let ordered = |comparison: &Comparison| {
            let mut comparison = comparison.clone();
            if comparison.operator == Operator::DisjointPrefix && comparison.left.path() > comparison.right.path() {
                std::mem::swap(&mut comparison.left, &mut comparison.right);
            }
            comparison
        };
        match &self.when {
            Some(when) => format!("when {}, {}", ordered(when).condition(), ordered(&self.then).requirement()),
            None => ordered(&self.then).requirement(),
        }
    }

    /// The input the rule constrains (the left side of `then`), where errors point.
    pub fn subject(&self) -> Option<&str> {
        self.then.left.path().or_else(|| self.then.right.path())
    }

    /// Checks that every input the rule names is an input of `fields` of the type its
    /// operator compares.
    pub(crate) fn check(&self, fields: &[Field]) -> Result<(), String> {
        for comparison in self.when.iter().chain([&self.then]) {
            comparison.check(fields, self)?;
        }
        Ok(())
    }
}

/// The field at dotted `path`.
fn field_at<'f>(fields: &'f [Field], path: &str) -> Option<&'f Field> {
    let mut current = fields;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = current.iter().find(|field| field.name == segment)?;
        if segments.peek().is_none() {
            return Some(field);
        }
        match &field.node.shape {
            Shape::Object(inner) => current = inner,
            _ => return None,
        }
    }
    None
}

/// The value of an input operand in `value` (read in place, its default when absent); `None`
/// when it is null, wired or a constant.
fn operand_value<'v>(operand: &Operand, fields: &'v [Field], value: &'v Value) -> Option<&'v Value> {
    let path = operand.path()?;
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
            return Some(item);
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
            Operator::DisjointPrefix => "disjoint from",
        }
    }
}

impl Comparison {
    /// The comparison as a condition: "`a` is above 10".
    fn condition(&self) -> String {
        match self.operator {
            Operator::DisjointPrefix => format!("{} and {} do not overlap", self.left, self.right),
            operator => format!("{} is {} {}", self.left, operator.phrase(), self.right),
        }
    }

    /// The comparison as a requirement: "`a` must be above 10".
    fn requirement(&self) -> String {
        match self.operator {
            Operator::DisjointPrefix => {
                format!("{} and {} must not overlap: neither may start with the other", self.left, self.right)
            }
            operator => format!("{} must be {} {}", self.left, operator.phrase(), self.right),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(when) = &self.when {
            write!(formatter, "when {}, ", when.condition())?;
        }
        write!(formatter, "{} ({})", self.then.requirement(), self.reason)
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

    fn text(name: &str, default: Option<&str>, nullable: bool) -> Field {
        let mut field = number(name, 0);
        field.node.shape = Shape::String;
        field.node.nullable = nullable;
        field.default = Some(default.map_or(Value::Null, |text| json!(text)));
        field
    }

    fn no_loop() -> Rule {
        input("write_prefix").disjoint_prefix_from(input("filter_prefix")).because("loop")
    }

    #[test]
    fn disjoint_prefixes_refuse_either_inside_the_other_and_the_empty_prefix() {
        let fields = [text("write_prefix", None, true), text("filter_prefix", Some(""), false)];
        let rule = no_loop();
        let holds =
            |write: Value, filter: &str| rule.holds(&fields, &json!({"write_prefix": write, "filter_prefix": filter}));
        assert!(holds(json!("results/"), "incoming/"));
        assert!(holds(json!("incoming-results/"), "incoming/"), "a shared start that is not a prefix is apart");
        assert!(!holds(json!("incoming/results/"), "incoming/"), "written under the trigger prefix");
        assert!(!holds(json!("in"), "incoming/"), "the trigger prefix under the written one");
        assert!(!holds(json!("incoming/"), "incoming/"));
        assert!(!holds(json!("results/"), ""), "the empty filter prefix overlaps everything");
        assert!(holds(Value::Null, ""), "nothing written, no loop");
        assert!(holds(json!({"ref": "other.prefix"}), "incoming/"), "wired values are unknown");
        assert!(!rule.holds(&fields, &json!({"write_prefix": "results/"})), "the filter prefix defaults to empty");
        assert!(rule.check(&fields).is_ok());
    }

    #[test]
    fn a_prefix_rule_reads_and_prints_as_stated_and_names_only_string_inputs() {
        let rule = no_loop();
        let serialized = serde_json::to_value(&rule).expect("serializes");
        assert_eq!(
            serialized,
            json!({"then": {"left": "write_prefix", "operator": "disjoint-prefix", "right": "filter_prefix"}, "reason": "loop"})
        );
        assert_eq!(serde_json::from_value::<Rule>(serialized).expect("reads back"), rule);
        assert_eq!(
            rule.to_string(),
            "`write_prefix` and `filter_prefix` must not overlap: neither may start with the other (loop)"
        );
        let conditional =
            Rule::when(input("write_prefix").disjoint_prefix_from(input("filter_prefix")), input("size").at_least(1))
                .because("why");
        assert_eq!(
            conditional.to_string(),
            "when `write_prefix` and `filter_prefix` do not overlap, `size` must be at least 1 (why)"
        );
        let numbers = [number("write_prefix", 0), text("filter_prefix", Some(""), false)];
        let error = rule.check(&numbers).unwrap_err();
        assert!(error.ends_with("names `write_prefix`, which is not a string input here"), "{error}");
        let constant = input("write_prefix").disjoint_prefix_from(Operand::Number(1)).because("loop");
        let strings = [text("write_prefix", None, true), text("filter_prefix", Some(""), false)];
        assert!(constant.check(&strings).unwrap_err().contains("compares the constant 1 as a string"));
        let text_in_number_rule = input("filter_prefix").above(1).because("why");
        assert!(
            text_in_number_rule.check(&numbers).unwrap_err().contains("`filter_prefix`, which is not a number input")
        );
    }
}
