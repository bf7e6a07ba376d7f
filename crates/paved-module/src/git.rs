//! What git knows about a directory about to be replaced: the files it holds that are not
//! committed (modified, added or untracked and not ignored), read with `git status`.

use crate::EmitError;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One file git reports as not committed, relative to the directory asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uncommitted {
    /// The path, `/`-separated, relative to the directory.
    pub(crate) path: String,
    /// `modified`, `added` or `untracked`.
    pub(crate) state: &'static str,
}

/// What git said about a directory.
#[derive(Debug)]
pub(crate) enum GitView {
    /// The directory is not inside a git work tree.
    Outside,
    /// It is inside one (a `.git` above it), but git cannot be run: why, as a note for the user.
    Unchecked(String),
    /// The files under the directory that are not committed.
    Uncommitted(Vec<Uncommitted>),
}

/// Asks git about the files under `directory` (which exists). Git is only run when a `.git`
/// entry is in the directory or above it.
pub(crate) fn uncommitted_under(directory: &Path) -> Result<GitView, EmitError> {
    let absolute = std::fs::canonicalize(directory).map_err(|source| EmitError::Io {
        action: "resolve",
        path: directory.to_owned(),
        source,
    })?;
    if !absolute.ancestors().any(|folder| folder.join(".git").exists()) {
        return Ok(GitView::Outside);
    }
    let prefix = match git(&absolute, &["rev-parse", "--show-prefix"]) {
        Ok(prefix) => prefix.trim_end_matches('\n').to_owned(),
        Err(GitFailure::Missing(error)) => {
            return Ok(GitView::Unchecked(format!(
                "git could not be run ({error}), so uncommitted changes in `{}` were not checked",
                directory.display()
            )));
        }
        // A `.git` git does not recognise (a stray folder): no repository holds these files.
        Err(GitFailure::Failed(message)) if message.contains("not a git repository") => return Ok(GitView::Outside),
        Err(GitFailure::Failed(message)) => return Err(failed(directory, message)),
    };
    let status =
        git(&absolute, &["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--", "."])
            .map_err(|failure| match failure {
                GitFailure::Missing(error) => failed(directory, error.to_string()),
                GitFailure::Failed(message) => failed(directory, message),
            })?;
    Ok(GitView::Uncommitted(parse_status(&status, &prefix, &absolute)))
}

/// Reads `git status --porcelain=v1 -z --no-renames` output: `XY path` entries separated by NUL,
/// paths relative to the repository's top (`prefix` is the directory's place in it). Entries
/// whose file is gone (deletions) lose nothing and are left out.
fn parse_status(status: &str, prefix: &str, directory: &Path) -> Vec<Uncommitted> {
    let mut found: Vec<Uncommitted> = status
        .split('\0')
        .filter_map(|entry| {
            let (code, path) = (entry.get(..2)?, entry.get(3..)?);
            let path = path.strip_prefix(prefix)?;
            if path.is_empty() || std::fs::symlink_metadata(directory.join(path)).is_err() {
                return None;
            }
            let state = match code {
                "??" => "untracked",
                _ if code.starts_with('A') => "added",
                _ => "modified",
            };
            Some(Uncommitted { path: path.trim_end_matches('/').to_owned(), state })
        })
        .collect();
    found.sort_by(|left, right| left.path.cmp(&right.path));
    found
}

enum GitFailure {
    /// The program could not be started.
    Missing(std::io::Error),
    /// It ran and failed: its message.
    Failed(String),
}

fn git(directory: &Path, arguments: &[&str]) -> Result<String, GitFailure> {
    let output = Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(arguments)
        // A status must not take the index lock that a running `git` of the user's holds.
        .env("GIT_OPTIONAL_LOCKS", "0")
        // Its messages are read (above), so untranslated.
        .env("LC_ALL", "C")
        .output()
        .map_err(GitFailure::Missing)?;
    if !output.status.success() {
        return Err(GitFailure::Failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn failed(directory: &Path, message: String) -> EmitError {
    EmitError::GitStatus { path: PathBuf::from(directory), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_entries_are_read_relative_to_the_directory_and_deletions_left_out() {
        let scratch = tempfile::tempdir().unwrap();
        for file in ["main.tf", "notes.md", "new.tf", "docs/a b.md"] {
            let path = scratch.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let status = " M infra/main.tf\0?? infra/notes.md\0A  infra/new.tf\0 D infra/gone.tf\0?? infra/docs/a b.md\0";
        assert_eq!(
            parse_status(status, "infra/", scratch.path()),
            [
                Uncommitted { path: "docs/a b.md".into(), state: "untracked" },
                Uncommitted { path: "main.tf".into(), state: "modified" },
                Uncommitted { path: "new.tf".into(), state: "added" },
                Uncommitted { path: "notes.md".into(), state: "untracked" },
            ]
        );
    }
}
