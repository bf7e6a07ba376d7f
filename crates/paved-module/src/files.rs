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

    /// Writes the files under `directory`, all or nothing, replacing it if `replace` is set, and
    /// returns the paths of the old content it kept ([`Written::kept`]).
    ///
    /// For programs that regenerate output they own (golden files): replacing discards whatever
    /// git has not committed there. [`ModuleFiles::write`] with [`WriteOptions`] refuses that.
    pub fn write_to(&self, directory: &Path, replace: bool) -> Result<Vec<String>, EmitError> {
        let options = WriteOptions::new().replace(replace).discard_changes(true);
        self.write(directory, &options).map(|written| written.kept)
    }

    /// Writes the files under `directory`, all or nothing, and says what happened to the old
    /// content ([`Written`]).
    ///
    /// The files are first written to a new sibling directory, which then takes `directory`'s
    /// place with a rename, so a reader never sees a half-written module. An existing `directory`
    /// holding anything but [`KEPT_ON_REPLACE`] entries is refused unless
    /// [`WriteOptions::replace`] is set.
    ///
    /// Replacing keeps the state of git and Terraform: every entry named in [`KEPT_ON_REPLACE`],
    /// wherever it is in the old content, moves to the same place in the new one, unless a new
    /// file takes that path. Everything else of the old content is removed, and listed in
    /// [`Written::removed`]. When `directory` is in a git work tree, replacing is refused if a
    /// file git has not committed (modified, added, or untracked and not ignored) would be
    /// removed or overwritten with other content, unless [`WriteOptions::discard_changes`] is
    /// set; when git cannot be run there, that check is skipped with a note ([`Written::notes`]).
    ///
    /// Refused before anything is written: an output path under a file, an output path that is
    /// a file, and the current directory or one of its parents (a directory is replaced by
    /// renaming a new one into its place, which would leave the shell that ran Paved in a
    /// removed directory).
    pub fn write(&self, directory: &Path, options: &WriteOptions) -> Result<Written, EmitError> {
        check_output_path(directory)?;
        let parent = match directory.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
        let exists = directory.exists();
        let mut written = Written::default();
        if exists && !options.replace {
            for entry in std::fs::read_dir(directory).map_err(io("read", directory))? {
                let entry = entry.map_err(io("read", directory))?;
                if !options.keeps(&entry.file_name().to_string_lossy()) {
                    return Err(EmitError::NotEmpty { path: directory.to_owned() });
                }
            }
        }
        if exists && options.replace {
            find_removed(directory, "", options, &|path| self.files.contains_key(path), &mut written.removed)?;
            if !options.discard_changes {
                written.notes.extend(self.refuse_losing_changes(directory, options)?);
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
        if exists {
            let mut found = Vec::new();
            find_kept(directory, "", options, &mut found)?;
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
            written.kept = found;
        } else {
            std::fs::rename(staging.path(), directory).map_err(io("create", directory))?;
        }
        // The staging directory was renamed away; keep TempDir from deleting the new module.
        let _ = staging.keep();
        Ok(written)
    }

    /// Refuses to replace `directory` when that would lose a file git has not committed: one the
    /// new content does not have, or has with other content. Returns a note when git cannot
    /// tell.
    fn refuse_losing_changes(&self, directory: &Path, options: &WriteOptions) -> Result<Option<String>, EmitError> {
        let uncommitted = match crate::git::uncommitted_under(directory)? {
            crate::git::GitView::Outside => return Ok(None),
            crate::git::GitView::Unchecked(note) => return Ok(Some(note)),
            crate::git::GitView::Uncommitted(uncommitted) => uncommitted,
        };
        let lost: Vec<String> = uncommitted
            .into_iter()
            .filter(|file| !file.path.split('/').any(|name| options.keeps(name)))
            .filter(|file| {
                let unchanged = self.get(&file.path).is_some_and(|new| {
                    std::fs::read(directory.join(&file.path)).is_ok_and(|old| old == new.as_bytes())
                });
                !unchanged
            })
            .map(|file| format!("{} ({})", file.path, file.state))
            .collect();
        if lost.is_empty() {
            return Ok(None);
        }
        Err(EmitError::UncommittedChanges { path: directory.to_owned(), files: lost })
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

/// How [`ModuleFiles::write`] treats a directory that already holds files.
///
/// This is also where what survives a replacement is decided (`WriteOptions::keeps`): today
/// the git and Terraform state of [`KEPT_ON_REPLACE`]; files a stack declares as its own are to
/// be added here, as a further option, so every writer honours them alike.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    replace: bool,
    discard_changes: bool,
}

impl WriteOptions {
    /// Refuse an existing directory that holds anything but [`KEPT_ON_REPLACE`] entries.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to replace an existing directory that holds files (`--force`).
    pub fn replace(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }

    /// Whether replacing may lose files git has not committed (`--discard-changes`).
    pub fn discard_changes(mut self, discard_changes: bool) -> Self {
        self.discard_changes = discard_changes;
        self
    }

    /// Whether an entry of the old content named `name` (at any depth) is kept when replacing.
    fn keeps(&self, name: &str) -> bool {
        KEPT_ON_REPLACE.contains(&name)
    }
}

/// What [`ModuleFiles::write`] did to the content of the directory it replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Written {
    /// The [`KEPT_ON_REPLACE`] entries moved into the new content (relative, `/`-separated, sorted).
    pub kept: Vec<String>,
    /// The files of the old content that are gone: those the new content does not have at the
    /// same path, outside the kept entries (relative, `/`-separated, sorted).
    pub removed: Vec<String>,
    /// What could not be checked, and why (git could not be run).
    pub notes: Vec<String>,
}

/// Refuses, before anything is written, an output path under a file, an output path that is a
/// file, and the current directory or one of its parents.
fn check_output_path(directory: &Path) -> Result<(), EmitError> {
    if let Some(file) = directory
        .ancestors()
        .skip(1)
        .filter(|ancestor| !ancestor.as_os_str().is_empty())
        .find(|ancestor| std::fs::metadata(ancestor).is_ok_and(|metadata| !metadata.is_dir()))
    {
        return Err(EmitError::UnderAFile { path: directory.to_owned(), file: file.to_owned() });
    }
    let Ok(metadata) = std::fs::metadata(directory) else { return Ok(()) };
    if !metadata.is_dir() {
        return Err(EmitError::NotADirectory { path: directory.to_owned() });
    }
    let absolute = std::fs::canonicalize(directory).map_err(io("resolve", directory))?;
    let current = std::env::current_dir().and_then(std::fs::canonicalize);
    if current.is_ok_and(|current| current.starts_with(&absolute)) {
        return Err(EmitError::ReplacesWorkingDirectory { path: directory.to_owned() });
    }
    Ok(())
}

/// Collects the relative paths of the files under `directory` that replacing it removes:
/// everything outside the kept entries that `is_new` (the new content) does not have. Symbolic
/// links are listed, not followed.
fn find_removed(
    directory: &Path,
    prefix: &str,
    options: &WriteOptions,
    is_new: &dyn Fn(&str) -> bool,
    removed: &mut Vec<String>,
) -> Result<(), EmitError> {
    let mut entries = std::fs::read_dir(directory)
        .map_err(io("read", directory))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io("read", directory))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if options.keeps(&name) {
            continue;
        }
        if entry.file_type().map_err(io("read", &entry.path()))?.is_dir() {
            find_removed(&entry.path(), &format!("{path}/"), options, is_new, removed)?;
        } else if !is_new(&path) {
            removed.push(path);
        }
    }
    Ok(())
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> EmitError {
    let path = path.to_owned();
    move |source| EmitError::Io { action, path, source }
}

/// Collects the relative paths of the [`KEPT_ON_REPLACE`] entries under `directory`, without
/// entering them or following symbolic links.
fn find_kept(directory: &Path, prefix: &str, options: &WriteOptions, found: &mut Vec<String>) -> Result<(), EmitError> {
    let mut entries = std::fs::read_dir(directory)
        .map_err(io("read", directory))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io("read", directory))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let path = format!("{prefix}{name}");
        if options.keeps(&name) {
            found.push(path);
        } else if entry.file_type().map_err(io("read", &entry.path()))?.is_dir() {
            find_kept(&entry.path(), &format!("{path}/"), options, found)?;
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

    fn replacing() -> WriteOptions {
        WriteOptions::new().replace(true)
    }

    /// Runs git in `directory`, without the user's or the system's configuration.
    fn git(directory: &Path, arguments: &[&str]) {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=Paved", "-c", "user.email=paved@example.invalid", "-c", "commit.gpgsign=false"])
            .args(arguments)
            .current_dir(directory)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .expect("git runs (it is needed for this test)");
        assert!(status.success(), "git {arguments:?}");
    }

    #[test]
    fn replacing_lists_what_it_removes() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        for path in ["main.tf", "backend.tf", "notes/todo.md", ".terraform/providers", "infra/terraform.tfstate"] {
            put(&out, path, "old");
        }
        let written = files(&["main.tf", "notes/README.md"]).write(&out, &replacing()).expect("replaces");
        assert_eq!(written.removed, ["backend.tf", "notes/todo.md"]);
        assert_eq!(written.kept, [".terraform", "infra/terraform.tfstate"]);
        assert_eq!(written.notes, Vec::<String>::new());
        assert_eq!(tree(&out), [".terraform/providers", "infra/terraform.tfstate", "main.tf", "notes/README.md"]);
    }

    #[test]
    fn replacing_refuses_to_lose_what_git_has_not_committed() {
        let scratch = tempfile::tempdir().unwrap();
        let repository = scratch.path().join("repository");
        let out = repository.join("infra");
        put(&repository, ".gitignore", "*.log\n");
        put(&out, "main.tf", "committed main");
        put(&out, "variables.tf", "committed variables");
        git(&repository, &["init", "-q"]);
        git(&repository, &["add", "."]);
        git(&repository, &["commit", "-q", "-m", "first"]);
        put(&out, "main.tf", "edited main");
        put(&out, "backend.tf", "the user's backend");
        put(&out, "docs/notes.md", "the user's notes");
        put(&out, "debug.log", "ignored, so not protected");
        put(&out, "terraform.tfstate", "state, kept anyway");
        put(&out, "outputs.tf", "new outputs.tf\n"); // untracked, but the new content is the same
        put(&repository, "elsewhere.md", "outside the directory");
        let new = files(&["main.tf", "variables.tf", "outputs.tf"]);

        let error = new.write(&out, &replacing()).expect_err("uncommitted changes would be lost");
        assert_eq!(
            error.to_string(),
            format!(
                "`{}` holds changes git has not committed that replacing it would lose: backend.tf (untracked), \
                 docs/notes.md (untracked), main.tf (modified); commit or stash them, or pass --discard-changes \
                 to replace them anyway",
                out.display()
            )
        );
        assert_eq!(read(&out, "main.tf").as_deref(), Some("edited main"), "nothing changed");
        let beside: Vec<_> = std::fs::read_dir(&repository).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert!(!beside.iter().any(|name| name.to_string_lossy().starts_with(".paved-")), "{beside:?}");

        // Once committed, replacing goes ahead and lists what it removed.
        git(&repository, &["add", "."]);
        git(&repository, &["commit", "-q", "-m", "second"]);
        let written = new.write(&out, &replacing()).expect("everything is committed");
        assert_eq!(written.removed, ["backend.tf", "debug.log", "docs/notes.md"]);
        assert_eq!(written.kept, ["terraform.tfstate"]);
    }

    #[test]
    fn discard_changes_replaces_what_git_has_not_committed() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("service");
        git(scratch.path(), &["init", "-q", "service"]);
        put(&out, "notes.md", "untracked notes");
        let new = files(&["README.md"]);
        let error = new.write(&out, &replacing()).expect_err("notes.md is untracked");
        assert!(matches!(&error, EmitError::UncommittedChanges { files, .. } if files == &["notes.md (untracked)"]));
        let written = new.write(&out, &replacing().discard_changes(true)).expect("asked to discard");
        assert_eq!((written.removed, written.kept), (vec!["notes.md".to_owned()], vec![".git".to_owned()]));
        assert_eq!(tree(&out).into_iter().filter(|path| !path.starts_with(".git/")).collect::<Vec<_>>(), ["README.md"]);
    }

    #[test]
    fn a_git_folder_git_does_not_recognise_is_no_repository() {
        let scratch = tempfile::tempdir().unwrap();
        let out = scratch.path().join("out");
        put(&out, ".git/HEAD", "ref: refs/heads/main");
        put(&out, "notes.md", "notes");
        let written = files(&["README.md"]).write(&out, &replacing()).expect("nothing for git to protect");
        assert_eq!((written.removed, written.kept), (vec!["notes.md".to_owned()], vec![".git".to_owned()]));
    }

    #[test]
    fn impossible_output_paths_are_refused_before_anything_is_written() {
        let scratch = tempfile::tempdir().unwrap();
        put(scratch.path(), "a-file", "the user's file");
        let new = files(&["main.tf"]);

        let under = scratch.path().join("a-file/module");
        let error = new.write(&under, &replacing()).expect_err("under a file");
        assert!(
            matches!(&error, EmitError::UnderAFile { file, .. } if file == &scratch.path().join("a-file")),
            "{error}"
        );
        assert!(error.to_string().contains("is a file, not a directory; choose an output directory"), "{error}");

        let error = new.write(&scratch.path().join("a-file"), &replacing()).expect_err("a file");
        assert!(matches!(error, EmitError::NotADirectory { .. }), "{error}");
        assert_eq!(read(scratch.path(), "a-file").as_deref(), Some("the user's file"));
        assert_eq!(tree(scratch.path()), ["a-file"]);

        // Tests run in the package's directory: `.` and its parents hold the current directory.
        for directory in [".", "..", "src/.."] {
            let error = new.write(Path::new(directory), &replacing()).expect_err("the current directory");
            assert!(matches!(error, EmitError::ReplacesWorkingDirectory { .. }), "{directory}: {error}");
            let error = new.write(Path::new(directory), &WriteOptions::new()).expect_err("the current directory");
            assert!(matches!(error, EmitError::ReplacesWorkingDirectory { .. }), "{directory}: {error}");
        }
        assert!(Path::new("Cargo.toml").is_file() && !Path::new("main.tf").exists());
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
