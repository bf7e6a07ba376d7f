//! `paved catalog new`: scaffolds a platform team's own catalog crate.
//!
//! The crate depends on Paved's crates (by path or by git), holds one example blueprint that
//! nests the built-in `baseline-lambda` (definition, template, committed schema and golden
//! module), a binary that runs the whole `paved` command line over the catalog, tests that hold
//! its blueprints to Paved's standards (`paved-testing`), an example stack, a README and a CI
//! workflow.
//!
//! The files come from `crates/paved-cli/catalog-template/`, embedded in the binary: every file
//! there is a Handlebars template (strict, no HTML escaping; `\{{` writes a literal `{{`), with
//! `ORG` in a path standing for the organisation. `Cargo.toml` is stored as `Cargo.toml.hbs` so
//! Cargo does not take the template folder for a package. The vendored copy of `baseline-lambda`
//! in the example blueprint's golden module is emitted from this build's catalog, so it is always
//! the version the generated crate builds against.

use paved_catalog::Catalog;
use paved_module::{EmitError, ModuleFiles, WriteOptions, Written};
use std::path::{Component, Path, PathBuf};

/// The template files: their path in the generated crate (a Handlebars template itself) and
/// their content.
const TEMPLATE: &[(&str, &str)] = &[
    (".github/workflows/ci.yml", include_str!("../catalog-template/.github/workflows/ci.yml")),
    (".gitignore", include_str!("../catalog-template/.gitignore")),
    ("Cargo.toml", include_str!("../catalog-template/Cargo.toml.hbs")),
    ("README.md", include_str!("../catalog-template/README.md")),
    ("rustfmt.toml", include_str!("../catalog-template/rustfmt.toml")),
    ("src/lib.rs", include_str!("../catalog-template/src/lib.rs")),
    ("src/main.rs", include_str!("../catalog-template/src/main.rs")),
    ("stacks/example.toml", include_str!("../catalog-template/stacks/example.toml")),
    ("tests/catalog.rs", include_str!("../catalog-template/tests/catalog.rs")),
    (
        "blueprints/{{org}}-function/blueprint.rs",
        include_str!("../catalog-template/blueprints/ORG-function/blueprint.rs"),
    ),
    (
        "blueprints/{{org}}-function/main.tf.hbs",
        include_str!("../catalog-template/blueprints/ORG-function/main.tf.hbs"),
    ),
    (
        "blueprints/{{org}}-function/inputs.schema.json",
        include_str!("../catalog-template/blueprints/ORG-function/inputs.schema.json"),
    ),
    (
        "blueprints/{{org}}-function/golden/README.md",
        include_str!("../catalog-template/blueprints/ORG-function/golden/README.md"),
    ),
    (
        "blueprints/{{org}}-function/golden/main.tf",
        include_str!("../catalog-template/blueprints/ORG-function/golden/main.tf"),
    ),
    (
        "blueprints/{{org}}-function/golden/outputs.tf",
        include_str!("../catalog-template/blueprints/ORG-function/golden/outputs.tf"),
    ),
    (
        "blueprints/{{org}}-function/golden/variables.tf",
        include_str!("../catalog-template/blueprints/ORG-function/golden/variables.tf"),
    ),
    (
        "blueprints/{{org}}-function/golden/versions.tf",
        include_str!("../catalog-template/blueprints/ORG-function/golden/versions.tf"),
    ),
    (
        "blueprints/{{org}}-function/golden/examples/basic/main.tf",
        include_str!("../catalog-template/blueprints/ORG-function/golden/examples/basic/main.tf"),
    ),
];

/// `paved catalog …`.
#[derive(clap::Subcommand)]
pub(crate) enum CatalogCommand {
    /// Scaffold a catalog crate: Paved's built-in blueprints plus an example blueprint of your own,
    /// a binary running the whole command line over them, tests, an example stack, a README and CI.
    New(NewArguments),
}

/// `paved catalog new`.
#[derive(clap::Args)]
pub(crate) struct NewArguments {
    /// The crate's name, such as `acme-catalog`; without `-catalog` it names the organisation
    /// (registry namespace `acme`, blueprint `acme-function`).
    name: CatalogName,
    /// The directory to write; created if missing, refused if it holds files (see --force).
    #[arg(long)]
    out: PathBuf,
    /// Take Paved's crates from this Paved work tree (the folder holding Paved's Cargo.toml); a
    /// relative folder is written relative to the new crate.
    #[arg(long, required_unless_present = "paved_git", conflicts_with = "paved_git")]
    paved_path: Option<PathBuf>,
    /// Take Paved's crates from this git repository.
    #[arg(long)]
    paved_git: Option<String>,
    /// The commit or tag of --paved-git to build against [default: its default branch].
    #[arg(long, requires = "paved_git")]
    paved_rev: Option<String>,
    #[command(flatten)]
    replace: crate::ReplaceArguments,
}

/// Runs `paved catalog …`, reporting to `stdout`.
pub(crate) fn run(command: CatalogCommand, stdout: &mut impl std::io::Write) -> anyhow::Result<()> {
    let CatalogCommand::New(arguments) = command;
    let source = match (arguments.paved_path, arguments.paved_git) {
        (Some(path), _) => PavedSource::Path(path),
        (None, Some(url)) => PavedSource::Git { url, rev: arguments.paved_rev },
        (None, None) => anyhow::bail!("pass --paved-path or --paved-git: where the catalog takes Paved's crates from"),
    };
    let (files, written) = write(&arguments.name, &source, &arguments.out, &arguments.replace.options())?;
    crate::output::report_written(&written, stdout)?;
    writeln!(
        stdout,
        "created the catalog crate {} in {} ({} files)\nnext: cd {} && cargo test && cargo run -- blueprints",
        arguments.name.as_str(),
        arguments.out.display(),
        files.iter().count(),
        arguments.out.display(),
    )?;
    Ok(())
}

/// The built-in blueprint the example blueprint nests, vendored into its golden module.
const NESTED: &str = "baseline-lambda";

/// Names a catalog crate may not take: Rust's own crates and keywords, and the crates it
/// depends on.
const RESERVED: &[&str] = &[
    "alloc",
    "core",
    "proc-macro",
    "std",
    "test",
    "crate",
    "self",
    "super",
    "async",
    "await",
    "dyn",
    "abstract",
    "become",
    "box",
    "const",
    "continue",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "impl",
    "loop",
    "macro",
    "match",
    "move",
    "override",
    "priv",
    "static",
    "struct",
    "trait",
    "true",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
    "schemars",
    "serde",
];

/// The rule a catalog name follows, as a person reads it.
pub(crate) const NAME_RULE: &str = "use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter, such as `acme-catalog`";

/// What the catalog crate is called: its package, binary and (without a `-catalog` suffix) the
/// organisation that names its registry namespace and blueprints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CatalogName(String);

impl CatalogName {
    /// Validates `name`; a refusal suggests a name that would do.
    pub(crate) fn new(name: &str) -> Result<Self, CatalogNewError> {
        let well_formed = (3..=40).contains(&name.len())
            && name.starts_with(|character: char| character.is_ascii_lowercase())
            && name
                .split('-')
                .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        if !well_formed {
            return Err(CatalogNewError::InvalidName { name: name.to_owned(), suggestion: suggest(name) });
        }
        if RESERVED.contains(&name) || name == "paved" || name.starts_with("paved-") {
            return Err(CatalogNewError::ReservedName { name: name.to_owned(), suggestion: format!("{name}-catalog") });
        }
        Ok(Self(name.to_owned()))
    }

    /// The name, as typed.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The organisation: the name without a `-catalog` suffix.
    pub(crate) fn organisation(&self) -> &str {
        self.0.strip_suffix("-catalog").unwrap_or(&self.0)
    }
}

impl std::str::FromStr for CatalogName {
    type Err = CatalogNewError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::new(name)
    }
}

/// A name that follows [`NAME_RULE`], made from `name`: lowercase, other characters as `-`, a
/// letter first, `-catalog` added when too short. `None` when nothing of it is usable.
fn suggest(name: &str) -> Option<String> {
    let lowered: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let words: Vec<&str> = lowered.split('-').filter(|word| !word.is_empty()).collect();
    let mut suggestion = words.join("-").trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').to_owned();
    if suggestion.is_empty() {
        return None;
    }
    if suggestion.len() < 3 {
        suggestion.push_str("-catalog");
    }
    suggestion.truncate(40);
    Some(suggestion.trim_end_matches('-').to_owned())
}

/// Where the generated crate takes Paved's crates from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PavedSource {
    /// A Paved work tree on this machine: the folder holding Paved's `Cargo.toml`. A relative
    /// folder is relative to the current directory, and written relative to the new crate.
    Path(PathBuf),
    /// A git repository of Paved, at `rev` (a commit, tag or branch) or its default branch.
    Git {
        /// The repository's URL.
        url: String,
        /// The revision.
        rev: Option<String>,
    },
}

/// What `paved catalog new` cannot do, and how to fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum CatalogNewError {
    /// The name does not follow [`NAME_RULE`].
    #[error("`{name}` is not a valid catalog name: {NAME_RULE}{}", suggestion_text(suggestion.as_deref()))]
    InvalidName {
        /// The name given.
        name: String,
        /// A valid name close to it.
        suggestion: Option<String>,
    },
    /// The name is taken by Rust or by a crate the catalog depends on.
    #[error(
        "`{name}` cannot name a catalog crate: Rust or a crate the catalog depends on uses it; did you mean `{suggestion}`?"
    )]
    ReservedName {
        /// The name given.
        name: String,
        /// A name that is free.
        suggestion: String,
    },
    /// `--paved-path` is not a Paved work tree.
    #[error("`{}` does not hold Paved's workspace (no `crates/paved-cli/Cargo.toml` in it); pass the folder of a Paved clone to --paved-path, or use --paved-git", path.display())]
    NotPaved {
        /// The folder given.
        path: PathBuf,
    },
    /// A folder could not be resolved.
    #[error("cannot resolve `{}`", path.display())]
    Resolve {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A template of this build does not render (a defect of Paved).
    #[error("the catalog template `{path}` does not render")]
    Template {
        /// The template's path.
        path: String,
        /// The renderer's error.
        #[source]
        source: Box<handlebars::RenderError>,
    },
    /// Emitting the vendored `baseline-lambda` or writing the crate failed.
    #[error(transparent)]
    Emit(#[from] EmitError),
}

fn suggestion_text(suggestion: Option<&str>) -> String {
    suggestion.map(|name| format!("; did you mean `{name}`?")).unwrap_or_default()
}

/// Renders the catalog crate `name` to be written at `out`, taking Paved from `source`.
pub(crate) fn scaffold(name: &CatalogName, source: &PavedSource, out: &Path) -> Result<ModuleFiles, CatalogNewError> {
    let context = context(name, source, out)?;
    let mut files = ModuleFiles::default();
    for (path, template) in TEMPLATE {
        let path = render(path, path, &context)?;
        let content = render(&path, template, &context)?;
        files.insert(&path, content);
    }
    vendor_nested(&mut files, name.organisation())?;
    Ok(files)
}

/// Scaffolds the crate and writes it to `out`, all or nothing.
pub(crate) fn write(
    name: &CatalogName,
    source: &PavedSource,
    out: &Path,
    options: &WriteOptions,
) -> Result<(ModuleFiles, Written), CatalogNewError> {
    let files = scaffold(name, source, out)?;
    let written = files.write(out, options)?;
    Ok((files, written))
}

fn render(path: &str, template: &str, context: &serde_json::Value) -> Result<String, CatalogNewError> {
    paved_module::render_text_template(template, context)
        .map_err(|source| CatalogNewError::Template { path: path.to_owned(), source: Box::new(source) })
}

/// The values the templates use.
fn context(name: &CatalogName, source: &PavedSource, out: &Path) -> Result<serde_json::Value, CatalogNewError> {
    let organisation = name.organisation();
    let words: Vec<String> = organisation.split('-').map(capitalised).collect();
    let dependency = |crate_name: &str| dependency(source, out, crate_name);
    Ok(serde_json::json!({
        "name": name.as_str(),
        "crate": name.as_str().replace('-', "_"),
        "org": organisation,
        "org_snake": organisation.replace('-', "_"),
        "org_camel": words.concat(),
        "org_title": words.join(" "),
        "paved_blueprint": dependency("paved-blueprint")?,
        "paved_catalog": dependency("paved-catalog")?,
        "paved_cli": dependency("paved-cli")?,
        "paved_testing": dependency("paved-testing")?,
    }))
}

fn capitalised(word: &str) -> String {
    let mut characters = word.chars();
    characters.next().map(|first| first.to_ascii_uppercase().to_string() + characters.as_str()).unwrap_or_default()
}

/// The dependency on one of Paved's crates, as a TOML inline table (every string quoted by the
/// `toml` crate, so no path or URL can change the manifest's meaning).
fn dependency(source: &PavedSource, out: &Path, crate_name: &str) -> Result<String, CatalogNewError> {
    let mut table = toml::map::Map::new();
    match source {
        PavedSource::Path(paved) => {
            let folder = paved_folder(paved, out)?.join("crates").join(crate_name);
            let text = folder.to_str().ok_or_else(|| CatalogNewError::NotPaved { path: paved.clone() })?;
            table.insert("path".to_owned(), toml::Value::String(text.replace('\\', "/")));
        }
        PavedSource::Git { url, rev } => {
            table.insert("git".to_owned(), toml::Value::String(url.clone()));
            if let Some(rev) = rev {
                table.insert("rev".to_owned(), toml::Value::String(rev.clone()));
            }
        }
    }
    Ok(toml::Value::Table(table).to_string().trim().to_owned())
}

/// Paved's folder as the generated manifest names it: absolute when given absolute, else
/// relative to `out`.
fn paved_folder(paved: &Path, out: &Path) -> Result<PathBuf, CatalogNewError> {
    let resolved =
        paved.canonicalize().map_err(|source| CatalogNewError::Resolve { path: paved.to_owned(), source })?;
    if !resolved.join("crates/paved-cli/Cargo.toml").is_file() {
        return Err(CatalogNewError::NotPaved { path: paved.to_owned() });
    }
    if paved.is_absolute() {
        return Ok(resolved);
    }
    Ok(relative_path(&resolved, &resolve_missing(out)?))
}

/// `path` made absolute with every existing part resolved (links, `..`), though its end may not
/// exist yet.
fn resolve_missing(path: &Path) -> Result<PathBuf, CatalogNewError> {
    let absolute =
        std::path::absolute(path).map_err(|source| CatalogNewError::Resolve { path: path.to_owned(), source })?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut result = resolved;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        result.pop();
                    }
                    Component::CurDir => {}
                    other => result.push(other),
                }
            }
            return Ok(result);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return Ok(absolute),
        }
    }
}

/// The path from `base` to `target`, both absolute and resolved.
fn relative_path(target: &Path, base: &Path) -> PathBuf {
    let target: Vec<Component> = target.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for part in &target[common..] {
        relative.push(part);
    }
    if relative.as_os_str().is_empty() { PathBuf::from(".") } else { relative }
}

/// Adds the vendored `baseline-lambda` module to the example blueprint's golden module, as the
/// emitter vendors it.
fn vendor_nested(files: &mut ModuleFiles, organisation: &str) -> Result<(), CatalogNewError> {
    let catalog = Catalog::builtin();
    let nested = catalog.get(NESTED).map_err(|error| EmitError::UnknownNested {
        blueprint: format!("{organisation}-function"),
        nested: error.name,
    })?;
    let emitted = paved_module::emit_without_examples(nested, &|name| catalog.get(name).ok())?;
    for (path, content) in emitted.iter() {
        files.insert(&format!("blueprints/{organisation}-function/golden/modules/{NESTED}/{path}"), content.to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rule_and_refusals_suggest_one() {
        assert_eq!(CatalogName::new("acme-catalog").expect("valid").organisation(), "acme");
        assert_eq!(CatalogName::new("globex").expect("valid").organisation(), "globex");
        for (name, suggestion) in [
            ("Acme_Catalog", Some("acme-catalog")),
            ("acme catalog", Some("acme-catalog")),
            ("42acme", Some("acme")),
            ("ab", Some("ab-catalog")),
            ("acme--catalog", Some("acme-catalog")),
            ("---", None),
        ] {
            match CatalogName::new(name) {
                Err(CatalogNewError::InvalidName { suggestion: suggested, .. }) => {
                    assert_eq!(suggested.as_deref(), suggestion, "{name}");
                    if let Some(suggested) = suggested {
                        CatalogName::new(&suggested).expect("a suggestion is valid");
                    }
                }
                other => panic!("{name}: {other:?}"),
            }
        }
        for name in ["paved-cli", "std", "serde", "paved"] {
            let error = CatalogName::new(name).expect_err(name);
            assert!(matches!(error, CatalogNewError::ReservedName { .. }), "{name}: {error}");
            assert!(error.to_string().contains(&format!("did you mean `{name}-catalog`?")), "{error}");
        }
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(relative_path(Path::new("/work/paved"), Path::new("/work/paved/examples/acme")), Path::new("../.."));
        assert_eq!(relative_path(Path::new("/work/paved"), Path::new("/tmp/acme")), Path::new("../../work/paved"));
        assert_eq!(relative_path(Path::new("/work/paved"), Path::new("/work/paved")), Path::new("."));
    }

    #[test]
    fn git_sources_are_quoted_by_toml() {
        let source =
            PavedSource::Git { url: "https://example.com/paved\"\n[evil]".to_owned(), rev: Some("v1".to_owned()) };
        let dependency = dependency(&source, Path::new("out"), "paved-cli").expect("a dependency");
        let parsed: toml::Table = toml::from_str(&format!("paved-cli = {dependency}")).expect("valid TOML");
        assert_eq!(parsed["paved-cli"]["git"].as_str(), Some("https://example.com/paved\"\n[evil]"));
        assert_eq!(parsed["paved-cli"]["rev"].as_str(), Some("v1"));
        assert_eq!(parsed.len(), 1);
    }
}
