//! The resource and module addresses a module declares, and its `moved` blocks, read with hcl-rs
//! from the `.tf` files of the emitted module and of the local modules it calls
//! (`source = "./modules/…"`), whose addresses are prefixed with the calling block's
//! (`module.function.aws_lambda_function.this`).

use crate::interface::{DeclaredAddress, Moved, Repetition, Resources};
use hcl::{Block, Expression};
use paved_module::ModuleFiles;

/// How deep local modules may call local modules before the reading stops (a cycle).
const MAX_DEPTH: usize = 8;

/// A module file that is not HCL, or a local module that calls itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResourcesError {
    /// A `.tf` file does not parse.
    #[error("the module file `{path}` is not valid HCL, so its resource addresses cannot be read: {source}")]
    Parse {
        /// The file, relative to the module.
        path: String,
        /// Why.
        #[source]
        source: hcl::Error,
    },
    /// Local modules call each other more than [`MAX_DEPTH`] deep.
    #[error("the local module `{folder}` is called more than {MAX_DEPTH} modules deep: a module calls itself")]
    TooDeep {
        /// The module folder.
        folder: String,
    },
}

/// The addresses and `moved` blocks of the module in `files`, sorted.
pub(crate) fn resources_of(files: &ModuleFiles) -> Result<Resources, ResourcesError> {
    let mut resources = Resources::default();
    read_module(files, "", "", 0, &mut resources)?;
    resources.declared.sort_by(|left, right| left.address.cmp(&right.address));
    resources.declared.dedup();
    resources.moved.sort_by(|left, right| (&left.from, &left.to).cmp(&(&right.from, &right.to)));
    resources.moved.dedup();
    Ok(resources)
}

/// Reads the `.tf` files directly in `folder` (`""` for the module itself), prefixing every
/// address with `prefix`.
fn read_module(
    files: &ModuleFiles,
    folder: &str,
    prefix: &str,
    depth: usize,
    resources: &mut Resources,
) -> Result<(), ResourcesError> {
    if depth > MAX_DEPTH {
        return Err(ResourcesError::TooDeep { folder: folder.to_owned() });
    }
    for (path, text) in files.iter().filter(|(path, _)| in_folder(path, folder) && path.ends_with(".tf")) {
        let body = hcl::parse(text).map_err(|source| ResourcesError::Parse { path: path.to_owned(), source })?;
        for block in body.blocks() {
            read_block(files, folder, prefix, depth, block, resources)?;
        }
    }
    Ok(())
}

fn read_block(
    files: &ModuleFiles,
    folder: &str,
    prefix: &str,
    depth: usize,
    block: &Block,
    resources: &mut Resources,
) -> Result<(), ResourcesError> {
    let labels: Vec<&str> = block.labels().iter().map(|label| label.as_str()).collect();
    match (block.identifier(), labels.as_slice()) {
        ("resource", [kind, name]) => {
            resources
                .declared
                .push(DeclaredAddress { address: format!("{prefix}{kind}.{name}"), repeated: repetition(block) });
        }
        ("module", [name]) => {
            let address = format!("{prefix}module.{name}");
            if let Some(called) =
                attribute(block, "source").and_then(local_source).and_then(|source| join(folder, source))
            {
                read_module(files, &called, &format!("{address}."), depth + 1, resources)?;
            }
            resources.declared.push(DeclaredAddress { address, repeated: repetition(block) });
        }
        ("moved", []) => {
            if let (Some(from), Some(to)) = (attribute(block, "from"), attribute(block, "to")) {
                resources.moved.push(Moved { from: format!("{prefix}{from}"), to: format!("{prefix}{to}") });
            }
        }
        _ => {}
    }
    Ok(())
}

fn attribute<'a>(block: &'a Block, key: &str) -> Option<&'a Expression> {
    block.body().attributes().find(|attribute| attribute.key() == key).map(|attribute| attribute.expr())
}

fn repetition(block: &Block) -> Repetition {
    if attribute(block, "for_each").is_some() {
        Repetition::ForEach
    } else if attribute(block, "count").is_some() {
        Repetition::Count
    } else {
        Repetition::Single
    }
}

/// The path of a local module source (`./modules/x`, `../y`); `None` for a registry or remote one.
fn local_source(source: &Expression) -> Option<&str> {
    match source {
        Expression::String(text) if text.starts_with("./") || text.starts_with("../") => Some(text),
        _ => None,
    }
}

/// `folder` joined with the relative `path`, `.` and `..` resolved; `None` when it leaves the module.
fn join(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn in_folder(path: &str, folder: &str) -> bool {
    let rest =
        if folder.is_empty() { Some(path) } else { path.strip_prefix(folder).and_then(|rest| rest.strip_prefix('/')) };
    rest.is_some_and(|rest| !rest.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_come_from_resource_module_and_moved_blocks_at_every_depth() {
        let mut files = ModuleFiles::default();
        files.insert(
            "main.tf",
            "resource \"aws_sqs_queue\" \"this\" {\n  name = var.name\n}\n\
             resource \"aws_iam_role_policy\" \"producer\" {\n  for_each = var.producers\n}\n\
             module \"function\" {\n  source = \"./modules/baseline-lambda\"\n}\n\
             data \"aws_region\" \"current\" {}\n\
             moved {\n  from = aws_iam_role_policy.producer[0]\n  to   = aws_iam_role_policy.producer[\"a\"]\n}\n"
                .to_owned(),
        );
        files.insert(
            "modules/baseline-lambda/main.tf",
            "resource \"aws_lambda_function\" \"this\" {\n  count = 1\n}\nmoved {\n  from = aws_lambda_function.old\n  to   = aws_lambda_function.this\n}\n"
                .to_owned(),
        );
        files.insert("examples/basic/main.tf", "resource \"aws_s3_bucket\" \"example\" {}\n".to_owned());
        let resources = resources_of(&files).expect("reads");
        let declared: Vec<(&str, Repetition)> =
            resources.declared.iter().map(|declared| (declared.address.as_str(), declared.repeated)).collect();
        assert_eq!(
            declared,
            [
                ("aws_iam_role_policy.producer", Repetition::ForEach),
                ("aws_sqs_queue.this", Repetition::Single),
                ("module.function", Repetition::Single),
                ("module.function.aws_lambda_function.this", Repetition::Count),
            ]
        );
        assert_eq!(
            resources.moved,
            [
                Moved {
                    from: "aws_iam_role_policy.producer[0]".into(),
                    to: "aws_iam_role_policy.producer[\"a\"]".into()
                },
                Moved {
                    from: "module.function.aws_lambda_function.old".into(),
                    to: "module.function.aws_lambda_function.this".into()
                },
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_hcl_is_named() {
        let mut files = ModuleFiles::default();
        files.insert("main.tf", "resource \"a\" {\n".to_owned());
        let error = resources_of(&files).expect_err("refused");
        assert!(error.to_string().contains("`main.tf` is not valid HCL"), "{error}");
    }
}
