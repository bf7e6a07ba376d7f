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

    /// Writes the files under `directory`, all or nothing.
    ///
    /// The files are first written to a new sibling directory, which then takes `directory`'s
    /// place with a rename, so a reader never sees a half-written module. An existing non-empty
    /// `directory` is refused unless `replace` is set.
    pub fn write_to(&self, directory: &Path, replace: bool) -> Result<(), EmitError> {
        let io = |action: &'static str, path: &Path| {
            let path = path.to_owned();
            move |source| EmitError::Io { action, path, source }
        };
        let parent = match directory.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
        let exists = directory.exists();
        if exists && !replace {
            let mut entries = std::fs::read_dir(directory).map_err(io("read", directory))?;
            if entries.next().is_some() {
                return Err(EmitError::NotEmpty { path: directory.to_owned() });
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
            let retired = tempfile::Builder::new()
                .prefix(".paved-replaced-")
                .tempdir_in(&parent)
                .map_err(io("create a directory in", &parent))?;
            let retired_path = retired.path().join("previous");
            std::fs::rename(directory, &retired_path).map_err(io("move aside", directory))?;
            if let Err(source) = std::fs::rename(staging.path(), directory) {
                // Put the previous content back: nothing is lost.
                let _ = std::fs::rename(&retired_path, directory);
                return Err(EmitError::Io { action: "replace", path: directory.to_owned(), source });
            }
        } else {
            std::fs::rename(staging.path(), directory).map_err(io("create", directory))?;
        }
        // The staging directory was renamed away; keep TempDir from deleting the new module.
        let _ = staging.keep();
        Ok(())
    }
}
