//! A module's files and writing them atomically.

use crate::EmitError;
use std::collections::BTreeMap;
use std::path::Path;

/// The files of an emitted module: relative paths (with `/`) to contents, in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleFiles {
    files: BTreeMap<String, String>,
}

impl ModuleFiles {
    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: &str, content: String) {
        self.files.insert(path.to_owned(), content);
    }

    /// The content of one file.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Every `(path, content)`, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(path, content)| (path.as_str(), content.as_str()))
    }

    /// Writes the files under `directory`, all or nothing, and returns what it kept (below).
    ///
    /// The files are first written to a new sibling directory, which then takes `directory`'s
    /// place with a rename, so a reader never sees a half-written module. An existing `directory`
    /// holding anything but [`KEPT_ON_REPLACE`] entries is refused unless `replace` is set.
    ///
    /// Replacing keeps the state of git and Terraform: every entry named in [`KEPT_ON_REPLACE`],
    /// wherever it is in the old content, moves to the same place in the new one, unless a new
    /// file takes that path. The paths kept (relative, `/`-separated, sorted) are returned.
    /// Everything else of the old content is removed.
    pub fn write_to(&self, directory: &Path, replace: bool) -> Result<Vec<String>, EmitError> {
        let parent = match directory.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
        let exists = directory.exists();
        if exists && !replace {
            for entry in std::fs::read_dir(directory).map_err(io("read", directory))? {
                let entry = entry.map_err(io("read", directory))?;
                if !KEPT_ON_REPLACE.iter().any(|kept| entry.file_name() == **kept) {
                    return Err(EmitError::NotEmpty { path: directory.to_owned() });
                }
            }
        }
        let staging = tempfile::Builder::new()
            .prefix(".paved-staging-")
            .tempdir_in(&parent)
            .map_err(io("create a staging directory in", &parent))?;
        for (path, content) in &self.files {
            let target = staging.path().join(path);
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder).map_err(io("create", folder))?;
            }
            std::fs::write(&target, content).map_err(io("write", &target))?;
        }
        // The staging directory is private (0700); the module is for everyone who may read its parent.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
                .map_err(io("set permissions of", staging.path()))?;
        }
        let mut kept = Vec::new();
        if exists {
            let mut found = Vec::new();
            find_kept(directory, "", &mut found)?;
            found.retain(|path| !self.takes(path));
            let moves = Moves::carry(directory, staging.path(), &found)?;
            let retired = tempfile::Builder::new()
                .prefix(".paved-replaced-")
                .tempdir_in(&parent)
                .map_err(io("create a directory in", &parent))?;
            let retired_path = retired.path().join("previous");
            if let Err(source) = std::fs::rename(directory, &retired_path) {
                moves.undo(directory);
                return Err(EmitError::Io { action: "move aside", path: directory.to_owned(), source });
            }
            if let Err(source) = std::fs::rename(staging.path(), directory) {
                // Put the previous content back: nothing is lost.
                let _ = std::fs::rename(&retired_path, directory);
                moves.undo(directory);
                return Err(EmitError::Io { action: "replace", path: directory.to_owned(), source });
            }
            kept = found;
        } else {
            std::fs::rename(staging.path(), directory).map_err(io("create", directory))?;
        }
        // The staging directory was renamed away; keep TempDir from deleting the new module.
        let _ = staging.keep();
        Ok(kept)
    }

    /// Whether a new file is at `path` or under it.
    fn takes(&self, path: &str) -> bool {
        let folder = format!("{path}/");
        self.files.contains_key(path)
            || self.files.range(folder.clone()..).next().is_some_and(|(file, _)| file.starts_with(&folder))
    }
}

/// The names [`ModuleFiles::write_to`] keeps when it replaces a directory: state that git and
/// Terraform write next to Paved's files, that Paved never writes, and that cannot be made again
/// (a repository's history, local state, the provider lock file, installed providers).
pub const KEPT_ON_REPLACE: &[&str] = &[
    ".git",
    ".terraform",
    ".terraform.lock.hcl",
    "terraform.tfstate",
    "terraform.tfstate.backup",
    "terraform.tfstate.d",
];

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> EmitError {
    let path = path.to_owned();
    move |source| EmitError::Io { action, path, source }
}

/// Collects the relative paths of the [`KEPT_ON_REPLACE`] entries under `directory`, without
/// entering them or following symbolic links.
fn find_kept(directory: &Path, prefix: &str, found: &mut Vec<String>) -> Result<(), EmitError> {
    let mut entries = std::fs::read_dir(directory)
        .map_err(io("read", directory))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io("read", directory))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let path = format!("{prefix}{name}");
        if KEPT_ON_REPLACE.contains(&name.as_str()) {
            found.push(path);
        } else if entry.file_type().map_err(io("read", &entry.path()))?.is_dir() {
            find_kept(&entry.path(), &format!("{path}/"), found)?;
        }
    }
    Ok(())
}

/// Entries moved from one directory tree to another, which can be moved back.
struct Moves<'a> {
    to: &'a Path,
    done: Vec<&'a str>,
}

impl<'a> Moves<'a> {
    /// Moves each of `paths` from under `from` to the same place under `to`; on a failure, moves
    /// back what it moved and fails.
    fn carry(from: &Path, to: &'a Path, paths: &'a [String]) -> Result<Self, EmitError> {
        let mut moves = Moves { to, done: Vec::new() };
        for path in paths {
            let (source, target) = (from.join(path), to.join(path));
            let moved = match target.parent() {
                Some(folder) => std::fs::create_dir_all(folder).map_err(io("create", folder)),
                None => Ok(()),
            }
            .and_then(|()| std::fs::rename(&source, &target).map_err(io("keep", &source)));
            if let Err(error) = moved {
                moves.undo(from);
                return Err(error);
            }
            moves.done.push(path);
        }
        Ok(moves)
    }

    /// Moves the entries back under `from`, best effort (the caller is already failing).
    fn undo(&self, from: &Path) {
        for path in self.done.iter().rev() {
            let _ = std::fs::rename(self.to.join(path), from.join(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> ModuleFiles {
        let mut files = ModuleFiles::default();
        for path in paths {
            files.insert(path, format!("new {path}\n"));
        }
        files
    }

    fn put(root: &Path, path: &str, content: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn read(root: &Path, path: &str) -> Option<String> {
        std::fs::read_to_string(root.join(path)).ok()
    }

    /// Every file under `root`, relative and sorted.
    fn tree(root: &Path) -> Vec<String> {
        let mut found = Vec::new();
        let mut pending = vec![root.to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    found.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
                }
            }
        }
        found.sort();
        found
    }

    /// No staging or retired folders are left beside `out`.
    fn assert_nothing_beside(out: &Path) {
        let parent = out.parent().unwrap();
        let siblings: Vec<_> = std::fs::read_dir(parent).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(siblings, [out.file_name().unwrap()]);
    }

    #[test]
    fn replacing_keeps_git_and_terraform_state_and_removes_the_rest() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        for (path, content) in [
            ("main.tf", "old main"),
            ("stale.tf", "a file the new content no longer has"),
            (".git/HEAD", "ref: refs/heads/main"),
            (".terraform/modules/modules.json", "{}"),
            (".terraform.lock.hcl", "lock"),
            ("terraform.tfstate", "state"),
            ("terraform.tfstate.backup", "backup"),
            ("terraform.tfstate.d/production/terraform.tfstate", "workspace state"),
            ("infra/.terraform/providers", "providers"),
            ("infra/terraform.tfstate", "nested state"),
            ("retired/terraform.tfstate", "state of a folder the new content drops"),
        ] {
            put(&out, path, content);
        }
        let kept = files(&["main.tf", "infra/main.tf"]).write_to(&out, true).expect("replaces");
        assert_eq!(
            kept,
            [
                ".git",
                ".terraform",
                ".terraform.lock.hcl",
                "infra/.terraform",
                "infra/terraform.tfstate",
                "retired/terraform.tfstate",
                "terraform.tfstate",
                "terraform.tfstate.backup",
                "terraform.tfstate.d",
            ]
        );
        assert_eq!(
            tree(&out),
            [
                ".git/HEAD",
                ".terraform.lock.hcl",
                ".terraform/modules/modules.json",
                "infra/.terraform/providers",
                "infra/main.tf",
                "infra/terraform.tfstate",
                "main.tf",
                "retired/terraform.tfstate",
                "terraform.tfstate",
                "terraform.tfstate.backup",
                "terraform.tfstate.d/production/terraform.tfstate",
            ]
        );
        assert_eq!(read(&out, "main.tf").as_deref(), Some("new main.tf\n"));
        assert_eq!(read(&out, "terraform.tfstate").as_deref(), Some("state"));
        assert_eq!(read(&out, "infra/terraform.tfstate").as_deref(), Some("nested state"));
        assert_nothing_beside(&out);
    }

    #[test]
    fn a_new_file_takes_precedence_over_kept_state() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        put(&out, ".terraform.lock.hcl", "old lock");
        put(&out, "terraform.tfstate", "state");
        let kept = files(&["main.tf", ".terraform.lock.hcl"]).write_to(&out, true).expect("replaces");
        assert_eq!(kept, ["terraform.tfstate"]);
        assert_eq!(read(&out, ".terraform.lock.hcl").as_deref(), Some("new .terraform.lock.hcl\n"));
    }

    #[test]
    fn a_directory_holding_only_state_is_written_without_replace() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        put(&out, ".git/HEAD", "ref: refs/heads/main");
        let kept = files(&["README.md"]).write_to(&out, false).expect("a fresh `git init` is empty enough");
        assert_eq!(kept, [".git"]);
        assert_eq!(tree(&out), [".git/HEAD", "README.md"]);

        // Anything else makes it non-empty, and nothing changes.
        let error = files(&["other.md"]).write_to(&out, false).expect_err("README.md is there");
        assert!(matches!(error, EmitError::NotEmpty { .. }), "{error}");
        assert_eq!(tree(&out), [".git/HEAD", "README.md"]);
    }

    #[test]
    fn a_failure_while_keeping_state_puts_everything_back() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        put(&out, "main.tf", "old main");
        put(&out, ".git/HEAD", "ref: refs/heads/main");
        put(&out, "infra/terraform.tfstate", "state");
        // The new content has a file where the kept state's folder was: the state cannot be kept.
        let error = files(&["main.tf", "infra"]).write_to(&out, true).expect_err("cannot keep the state");
        assert!(matches!(error, EmitError::Io { action: "create", .. }), "{error}");
        assert_eq!(tree(&out), [".git/HEAD", "infra/terraform.tfstate", "main.tf"]);
        assert_eq!(read(&out, "main.tf").as_deref(), Some("old main"));
        assert_nothing_beside(&out);
    }
}
