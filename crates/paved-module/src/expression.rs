//! Small constructors for the HCL expressions Paved generates.

use paved_hcl::hcl::Identifier;
use paved_hcl::hcl::expr::{BinaryOp, BinaryOperator, Conditional, Expression, ForExpr, FuncCall, Traversal, Variable};

/// A bare identifier such as `string` or `item`.
pub(crate) fn name(identifier: &str) -> Expression {
    Expression::Variable(Variable::unchecked(identifier))
}

/// `root.first.second…`.
pub(crate) fn traversal(root: &str, attributes: &[&str]) -> Expression {
    let mut builder = Traversal::builder(Variable::unchecked(root));
    for attribute in attributes {
        builder = builder.attr(Identifier::unchecked(*attribute));
    }
    Expression::from(builder.build())
}

/// `base.attribute`.
pub(crate) fn attribute(base: Expression, attribute: &str) -> Expression {
    Expression::from(Traversal::builder(base).attr(Identifier::unchecked(attribute)).build())
}

/// `function(arguments…)`.
pub(crate) fn call(function: &str, arguments: Vec<Expression>) -> Expression {
    let mut builder = FuncCall::builder(Identifier::unchecked(function));
    for argument in arguments {
        builder = builder.arg(argument);
    }
    Expression::from(builder.build())
}

fn binary(left: Expression, operator: BinaryOperator, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, operator, right))
}

/// `left && right`, each side parenthesised when it is itself an operation.
pub(crate) fn and(left: Expression, right: Expression) -> Expression {
    binary(parenthesise(left), BinaryOperator::And, parenthesise(right))
}

/// `left == right`.
pub(crate) fn binary_equal(left: Expression, right: Expression) -> Expression {
    binary(left, BinaryOperator::Eq, right)
}

/// `left >= right`.
pub(crate) fn at_least(left: Expression, right: Expression) -> Expression {
    binary(left, BinaryOperator::GreaterEq, right)
}

/// `left <= right`.
pub(crate) fn at_most(left: Expression, right: Expression) -> Expression {
    binary(left, BinaryOperator::LessEq, right)
}

/// `value == null ? true : condition`: HCL's conditional evaluates only the chosen branch,
/// while `||` evaluates both sides (and fails on attributes of null).
pub(crate) fn unless_null(value: Expression, condition: Expression) -> Expression {
    let is_null = binary(value, BinaryOperator::Eq, Expression::Null);
    Expression::from(Conditional::new(is_null, Expression::Bool(true), condition))
}

/// `alltrue([for variable in collection : condition])`.
pub(crate) fn all(variable: &str, collection: Expression, condition: Expression) -> Expression {
    let projection = ForExpr::new(Identifier::unchecked(variable), collection, condition);
    call("alltrue", vec![Expression::from(projection)])
}

fn parenthesise(expression: Expression) -> Expression {
    match expression {
        Expression::Operation(_) | Expression::Conditional(_) => Expression::Parenthesis(Box::new(expression)),
        other => other,
    }
}
