//! The blueprints a helper checks (those of the catalog with a folder under `blueprints`), their
//! emitted modules, and reading and comparing folders of files.

use paved_blueprint::Definition;
use paved_catalog::Catalog;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The blueprints the helpers see: a catalog, or (in this crate's own tests) loose definitions.
#[derive(Clone, Copy)]
pub(crate) enum Blueprints<'a> {
    /// The blueprints of a catalog.
    Catalog(&'a Catalog),
    /// Definitions not in a catalog.
    #[cfg(test)]
    Definitions(&'a [Definition]),
}

impl<'a> Blueprints<'a> {
    /// Every blueprint, in the catalog's order.
    pub(crate) fn iter(self) -> Vec<&'a Definition> {
        match self {
            Blueprints::Catalog(catalog) => catalog.iter().collect(),
            #[cfg(test)]
            Blueprints::Definitions(definitions) => definitions.iter().collect(),
        }
    }

    /// The blueprint called `name`, for nested modules.
    pub(crate) fn get(self, name: &str) -> Option<&'a Definition> {
        match self {
            Blueprints::Catalog(catalog) => catalog.get(name).ok(),
            #[cfg(test)]
            Blueprints::Definitions(definitions) => {
                definitions.iter().find(|definition| definition.name.as_str() == name)
            }
        }
    }

    /// The blueprints that have a folder under `blueprints` (`<blueprints>/<name>/`), in the
    /// catalog's order.
    ///
    /// # Panics
    /// When `blueprints` is not a folder, or none of the catalog's blueprints has a folder there: a
    /// helper that checked nothing must not pass.
    pub(crate) fn with_folder(self, blueprints: &Path) -> Vec<&'a Definition> {
        assert!(
            blueprints.is_dir(),
            "`{}` is not a folder; pass the folder holding one folder per blueprint of your crate, such as \
             `Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"blueprints\")`",
            blueprints.display()
        );
        let found: Vec<&Definition> =
            self.iter().into_iter().filter(|definition| blueprints.join(definition.name.as_str()).is_dir()).collect();
        assert!(
            !found.is_empty(),
            "none of the catalog's blueprints ({}) has a folder in `{}`, so there is nothing to check; is it the \
             right folder, and are your blueprints in the catalog?",
            self.iter().iter().map(|definition| format!("`{}`", definition.name)).collect::<Vec<_>>().join(", "),
            blueprints.display()
        );
        found
    }

    /// Emits `definition`'s module (with `examples/basic`), failing the test with the blueprint
    /// named when it cannot be emitted.
    pub(crate) fn emit(self, definition: &Definition) -> paved_module::ModuleFiles {
        paved_module::emit(definition, &|name| self.get(name))
            .unwrap_or_else(|error| panic!("emitting `{}`: {error}", definition.name))
    }

    /// Emits the module of every blueprint with a folder under `blueprints` into `root/<name>/`,
    /// returning `(name, folder)` pairs.
    pub(crate) fn emit_with_folder(self, blueprints: &Path, root: &Path) -> Vec<(String, PathBuf)> {
        self.with_folder(blueprints).into_iter().map(|definition| self.write_module(definition, root)).collect()
    }

    /// Emits every blueprint into `root/<name>/`, returning `(name, folder)` pairs.
    pub(crate) fn emit_all(self, root: &Path) -> Vec<(String, PathBuf)> {
        self.iter().into_iter().map(|definition| self.write_module(definition, root)).collect()
    }

    fn write_module(self, definition: &Definition, root: &Path) -> (String, PathBuf) {
        let folder = root.join(definition.name.as_str());
        self.emit(definition)
            .write_to(&folder, true)
            .unwrap_or_else(|error| panic!("writing `{}`: {error}", folder.display()));
        (definition.name.to_string(), folder)
    }
}

/// Emits the module of every blueprint of `catalog` into `root/<name>/`, returning `(name,
/// folder)` pairs: what the checks of composed output start from.
pub fn emit_catalog(catalog: &Catalog, root: &Path) -> Vec<(String, PathBuf)> {
    Blueprints::Catalog(catalog).emit_all(root)
}

/// Emits the module of every blueprint of `catalog` that has a folder under `blueprints` into
/// `root/<name>/`, returning `(name, folder)` pairs: the modules the per-folder helpers check.
///
/// # Panics
/// When `blueprints` is not a folder or holds no folder of a catalog blueprint.
pub fn emit_blueprints_with_folder(catalog: &Catalog, blueprints: &Path, root: &Path) -> Vec<(String, PathBuf)> {
    Blueprints::Catalog(catalog).emit_with_folder(blueprints, root)
}

/// Every `.tf` file under `directory`, sorted.
pub fn terraform_files(directory: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![directory.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "tf") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every file under `root` (but files named `.paved-*`, which are publishing's lock and
/// temporary files), by path relative to `root` with `/` separators.
pub fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with(".paved-") {
                let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

/// [`read_tree`] as text, for comparing emitted files and showing where they differ.
pub fn read_text_tree(root: &Path) -> BTreeMap<String, String> {
    read_tree(root).into_iter().map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned())).collect()
}

/// How `emitted` differs from the `committed` golden files: one line per missing, differing or
/// stale file, each path prefixed with `label`.
///
/// ```
/// use std::collections::BTreeMap;
/// let emitted = BTreeMap::from([("main.tf".to_owned(), "new"), ("outputs.tf".to_owned(), "same")]);
/// let committed = BTreeMap::from([("main.tf".to_owned(), "old"), ("outputs.tf".to_owned(), "same"), ("old.tf".to_owned(), "")]);
/// assert_eq!(
///     paved_testing::tree_differences("golden", &emitted, &committed),
///     ["golden/main.tf differs", "golden/old.tf is no longer emitted"]
/// );
/// ```
pub fn tree_differences<T: PartialEq>(
    label: &str,
    emitted: &BTreeMap<String, T>,
    committed: &BTreeMap<String, T>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, content) in emitted {
        match committed.get(path) {
            None => problems.push(format!("{label}/{path} is missing")),
            Some(old) if old != content => problems.push(format!("{label}/{path} differs")),
            Some(_) => {}
        }
    }
    for path in committed.keys().filter(|path| !emitted.contains_key(*path)) {
        problems.push(format!("{label}/{path} is no longer emitted"));
    }
    problems
}

/// Where two texts first differ: the line number and both lines.
///
/// ```
/// assert_eq!(
///     paved_testing::first_difference("a\nb\n", "a\nc\n"),
///     "line 2: committed `b`, emitted `c`"
/// );
/// ```
pub fn first_difference(committed: &str, emitted: &str) -> String {
    let line = committed
        .lines()
        .zip(emitted.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(emitted.lines().count()));
    format!(
        "line {}: committed `{}`, emitted `{}`",
        line + 1,
        committed.lines().nth(line).unwrap_or("<end of file>"),
        emitted.lines().nth(line).unwrap_or("<end of file>")
    )
}
