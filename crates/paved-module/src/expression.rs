//! Small constructors for the HCL expressions Paved generates.

use paved_hcl::hcl::Identifier;
use paved_hcl::hcl::expr::{
    BinaryOp, BinaryOperator, Conditional, Expression, ForExpr, FuncCall, Traversal, UnaryOp, UnaryOperator, Variable,
};

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

/// `base[key]`.
pub(crate) fn index(base: Expression, key: Expression) -> Expression {
    Expression::from(Traversal::builder(base).index(key).build())
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

/// `left operator right` for a comparison operator of a rule, each side parenthesised;
/// `!(startswith(left, right) || startswith(right, left))` for two prefixes that must not overlap.
pub(crate) fn compare(left: Expression, operator: paved_blueprint::Operator, right: Expression) -> Expression {
    use paved_blueprint::Operator;
    let operator = match operator {
        Operator::DisjointPrefix => {
            let overlap = binary(
                call("startswith", vec![left.clone(), right.clone()]),
                BinaryOperator::Or,
                call("startswith", vec![right, left]),
            );
            return Expression::from(UnaryOp::new(UnaryOperator::Not, Expression::Parenthesis(Box::new(overlap))));
        }
        Operator::Below => BinaryOperator::Less,
        Operator::AtMost => BinaryOperator::LessEq,
        Operator::Above => BinaryOperator::Greater,
        Operator::AtLeast => BinaryOperator::GreaterEq,
        Operator::Equal => BinaryOperator::Eq,
        Operator::Different => BinaryOperator::NotEq,
    };
    binary(parenthesise(left), operator, parenthesise(right))
}

/// `left + right`.
pub(crate) fn plus(left: Expression, right: Expression) -> Expression {
    binary(parenthesise(left), BinaryOperator::Plus, parenthesise(right))
}

/// `left - right`.
pub(crate) fn minus(left: Expression, right: Expression) -> Expression {
    binary(parenthesise(left), BinaryOperator::Minus, parenthesise(right))
}

/// `left * right`.
pub(crate) fn times(left: Expression, right: Expression) -> Expression {
    binary(parenthesise(left), BinaryOperator::Mul, parenthesise(right))
}

/// `condition ? then : otherwise`.
pub(crate) fn conditional(condition: Expression, then: Expression, otherwise: Expression) -> Expression {
    Expression::from(Conditional::new(parenthesise(condition), then, otherwise))
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

/// `[for key, value in collection : projection]`.
pub(crate) fn for_pairs(key: &str, value: &str, collection: Expression, projection: Expression) -> Expression {
    let projection =
        ForExpr::new(Identifier::unchecked(value), collection, projection).with_key_var(Identifier::unchecked(key));
    Expression::from(projection)
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
