//! Safe, deterministic, `terraform fmt`-identical HCL emission.
//!
//! Paved builds every generated Terraform file as an [`hcl::Body`] (never by pasting strings
//! together) and prints it with [`format_body`]. Three guarantees follow:
//!
//! * **User strings stay literals.** Every string of a body is escaped by Paved's own
//!   [`escape_string`] (hcl-rs 0.20 mis-escapes `$${`; see the `literal` module) and printed as a
//!   raw quoted template. The property tests in this crate and the `terraform console` test in
//!   the workspace prove the round trip for hostile strings.
//! * **Identifiers are validated, never escaped.** Anything that becomes a block label used as
//!   an identifier or an attribute name goes through [`Identifier`].
//! * **Output is what `terraform fmt` prints.** hcl-rs prints canonical spacing but does not align
//!   the `=` of neighbouring attributes; [`align_assignments`] applies the same alignment rule as
//!   Terraform's formatter (hclwrite), so emitted files pass `terraform fmt -check` without
//!   Terraform being installed. Object `for` expressions are printed with Terraform's spaces,
//!   `{ for k, v in m : k => v }` (hcl-rs prints `{for …}`).
//!
//! Module map: `identifier` (validated HCL identifiers), `align` (the alignment pass),
//! `value` (JSON values to HCL expressions), `object` (objects of any size in linear time).

mod align;
mod identifier;
mod literal;
mod object;
mod value;

pub use align::align_assignments;
pub use identifier::{Identifier, IdentifierError};
pub use literal::{escape_string, literal, literal_text};
pub use object::object_expression;
pub use value::json_to_expression;

/// Re-export of the hcl-rs crate, so dependants build bodies with the same version Paved formats.
pub use hcl;

/// An error while printing HCL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// hcl-rs refused to print the body (it only does so for structurally invalid input).
    #[error("cannot print HCL: {0}")]
    Print(#[from] hcl::Error),
}

/// Prints a body exactly as `terraform fmt` would format it, ending in one newline.
///
/// ```
/// use paved_hcl::{format_body, hcl::{Block, Body}};
/// let body = Body::builder()
///     .add_block(
///         Block::builder("variable")
///             .add_label("name")
///             .add_attribute(("type", paved_hcl::hcl::expr::Variable::unchecked("string")))
///             .add_attribute(("description", "Name of the thing; ${not} interpolated."))
///             .build(),
///     )
///     .build();
/// assert_eq!(
///     format_body(&body)?,
///     "variable \"name\" {\n  type        = string\n  description = \"Name of the thing; $${not} interpolated.\"\n}\n"
/// );
/// # Ok::<(), paved_hcl::FormatError>(())
/// ```
pub fn format_body(body: &hcl::Body) -> Result<String, FormatError> {
    let printed = hcl::format::to_string(&literal::make_strings_literal(body))?;
    let mut aligned = align_assignments(&object::resolve_indentation(&printed));
    // Terraform files end in exactly one newline.
    while aligned.ends_with("\n\n") {
        aligned.pop();
    }
    if !aligned.ends_with('\n') {
        aligned.push('\n');
    }
    Ok(aligned)
}

/// Prints several top-level blocks separated by one blank line each, as hand-written Terraform is.
pub fn format_blocks(blocks: impl IntoIterator<Item = hcl::Block>) -> Result<String, FormatError> {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format_body(&hcl::Body::builder().add_block(block).build())?);
    }
    Ok(out)
}
