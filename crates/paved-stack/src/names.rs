//! Every name Paved generates in a composed root configuration, with what produced it, and the
//! check that no two are the same before anything is written.
//!
//! The emitter takes its names from the functions here (`output_name`, `variable_name`,
//! `tag_variable`), and [`check_names`] enumerates the same names from the same composition:
//! module blocks (instance names), variables (which are also the `.tfvars` keys: `region`,
//! `tag_<key>`, `<instance>_<input path>`), outputs (`<instance>_<output>`), `default_tags` keys
//! and files. Two sources of one name are refused with both named and located.

use crate::compose::{Checker, ComposedInstance, pointer_exists};
use crate::stack::{Environment, StackSettings};
use crate::tags::applied_tag_keys;
use paved_blueprint::{InputPath, PathSegment};
use std::collections::BTreeMap;
use std::collections::HashMap;

/// The root variable that carries the value at `path` of an instance's inputs: the instance and
/// the path's segments joined by `_` (`bus_targets_orders_function_memory_size`,
/// `api_routes_1_timeout`), a map key's characters other than ASCII letters, digits and `_`
/// written as `_`, so the name is always a valid Terraform identifier.
pub(crate) fn variable_name(instance: &str, path: &InputPath) -> String {
    let mut name = instance.to_owned();
    for segment in path.segments() {
        name.push('_');
        match segment {
            PathSegment::Field(text) | PathSegment::Key(text) => name
                .extend(text.chars().map(|character| if character.is_ascii_alphanumeric() { character } else { '_' })),
            PathSegment::Index(index) => name.push_str(&index.to_string()),
        }
    }
    name
}

/// The root output that passes on an instance's output.
pub(crate) fn output_name(instance: &str, output: &str) -> String {
    format!("{instance}_{output}")
}

/// The variable that carries a tag's value: `tag_environment`, `tag_cost_center`, …
pub(crate) fn tag_variable(key: &str) -> String {
    let mut name = String::from("tag_");
    let mut previous_lower = false;
    for character in key.chars() {
        if character.is_ascii_uppercase() && previous_lower {
            name.push('_');
        }
        if character.is_ascii_alphanumeric() {
            name.push(character.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
        previous_lower = character.is_ascii_lowercase() || character.is_ascii_digit();
    }
    name.trim_end_matches('_').to_owned()
}

/// The kinds of names in a root configuration, each its own namespace in Terraform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Namespace {
    Module,
    Variable,
    Output,
    File,
}

impl Namespace {
    fn what(self) -> &'static str {
        match self {
            Self::Module => "module block",
            Self::Variable => "variable (and `.tfvars` key)",
            Self::Output => "output",
            Self::File => "file",
        }
    }
}

/// What produced a name: a description for the message, where the stack file wrote it, and how
/// to give it another name.
struct Described {
    what: String,
    path: Vec<String>,
    rename: String,
}

/// What produced a name. The names of instances are many and collide rarely, so what is said
/// about them is written only for a collision.
enum Origin<'c, 'd> {
    /// A name of the stack as a whole, described as it is added.
    Stack(Described),
    /// The module block of an instance.
    Instance(&'c ComposedInstance<'d>),
    /// The variable of an instance's per-environment input at a path.
    Varying(&'c ComposedInstance<'d>, &'c InputPath),
    /// The root output passing on an instance's output.
    Output(&'c ComposedInstance<'d>, &'static str),
}

impl Origin<'_, '_> {
    fn describe(&self) -> Described {
        match self {
            Self::Stack(described) => Described {
                what: described.what.clone(),
                path: described.path.clone(),
                rename: described.rename.clone(),
            },
            Self::Instance(instance) => {
                let name = instance.name();
                Described {
                    what: format!("instance `{name}`"),
                    path: path(&["instances", name]),
                    rename: "give each instance its own name".into(),
                }
            }
            Self::Varying(instance, varying) => {
                let name = instance.name();
                let environment = instance
                    .overrides
                    .iter()
                    .find(|(_, overlay)| pointer_exists(overlay, &varying.plain_segments()))
                    .map(|(environment, _)| environment.as_str());
                let mut written = path(&["instances", name]);
                if let Some(environment) = environment {
                    written.extend(path(&["environments", environment]));
                }
                written.push("inputs".into());
                written.extend(varying.plain_segments());
                Described {
                    what: format!("instance `{name}`'s per-environment input `{varying}`"),
                    path: written,
                    rename: instance_rename(name, "variable `<instance>_<input path>`"),
                }
            }
            Self::Output(instance, output) => {
                let name = instance.name();
                Described {
                    what: format!("instance `{name}`'s output `{output}`"),
                    path: path(&["instances", name]),
                    rename: instance_rename(name, "output `<instance>_<output>`"),
                }
            }
        }
    }
}

/// The names of one composition, in the order they are emitted.
struct Names<'c, 'd> {
    entries: Vec<(Namespace, String, Origin<'c, 'd>)>,
}

impl<'c, 'd> Names<'c, 'd> {
    fn add(&mut self, namespace: Namespace, name: String, origin: Origin<'c, 'd>) {
        self.entries.push((namespace, name, origin));
    }

    fn add_stack(&mut self, namespace: Namespace, name: String, described: Described) {
        self.add(namespace, name, Origin::Stack(described));
    }
}

fn path(segments: &[&str]) -> Vec<String> {
    segments.iter().map(|segment| (*segment).to_owned()).collect()
}

fn instance_rename(instance: &str, pattern: &str) -> String {
    format!("rename instance `{instance}` (or the other one): Paved names this {pattern}")
}

/// Every name the emitter will write for this composition.
fn root_names<'c, 'd>(
    settings: &StackSettings,
    environments: &BTreeMap<String, Environment>,
    instances: &'c [ComposedInstance<'d>],
) -> Names<'c, 'd> {
    let mut names = Names { entries: Vec::new() };
    names.add_stack(
        Namespace::Variable,
        "region".into(),
        Described { what: "the stack's region".into(), path: Vec::new(), rename: String::new() },
    );
    for key in applied_tag_keys(settings, environments) {
        let written = settings
            .required_tags
            .iter()
            .position(|tag| tag.as_str() == key)
            .map(|index| path(&["stack", "required_tags", &index.to_string()]))
            .or_else(|| {
                environments
                    .iter()
                    .find(|(_, environment)| environment.tags.keys().any(|tag| tag.as_str() == key))
                    .map(|(name, _)| path(&["environments", name, "tags", &key]))
            })
            .unwrap_or_default();
        let rename = format!(
            "Paved names a tag's variable after its key in snake case, so keys that differ only in case or punctuation collide; keep one spelling of `{key}`"
        );
        names.add_stack(
            Namespace::Variable,
            tag_variable(&key),
            Described { what: format!("the tag `{key}`"), path: written, rename },
        );
    }
    let partial = crate::tags::partial_tag_keys(settings, environments);
    if !partial.is_empty() {
        let key = &partial[0];
        let written = environments
            .iter()
            .find(|(_, environment)| environment.tags.keys().any(|tag| tag.as_str() == key))
            .map(|(name, _)| path(&["environments", name, "tags", key]))
            .unwrap_or_default();
        let keys = partial.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
        names.add_stack(
            Namespace::Variable,
            crate::tags::PARTIAL_TAGS_VARIABLE.to_owned(),
            Described {
                what: format!("the tags only some environments set ({keys})"),
                path: written,
                rename: "set those tags in every environment (each then has a `tag_<key>` variable)".into(),
            },
        );
    }
    for instance in instances {
        let name = instance.name();
        names.add(Namespace::Module, name.to_owned(), Origin::Instance(instance));
        for varying in &instance.varying {
            names.add(Namespace::Variable, variable_name(name, varying), Origin::Varying(instance, varying));
        }
        for output in &instance.definition().outputs {
            names.add(Namespace::Output, output_name(name, output.name), Origin::Output(instance, output.name));
        }
    }
    let fixed =
        ["versions.tf", "providers.tf", "main.tf", "variables.tf", "outputs.tf", "catalog-info.yaml", "README.md"];
    for file in fixed {
        names.add_stack(
            Namespace::File,
            file.to_owned(),
            Described { what: format!("the file `{file}`"), path: Vec::new(), rename: String::new() },
        );
    }
    for environment in environments.keys() {
        names.add_stack(
            Namespace::File,
            format!("environments/{environment}.tfvars"),
            Described {
                what: format!("environment `{environment}`"),
                path: path(&["environments", environment]),
                rename: "give each environment its own name".into(),
            },
        );
    }
    names
}

/// Refuses any two sources of one generated name, naming and locating both.
pub(crate) fn check_names(
    checker: &mut Checker<'_>,
    settings: &StackSettings,
    environments: &BTreeMap<String, Environment>,
    instances: &[ComposedInstance<'_>],
) {
    let names = root_names(settings, environments, instances);
    // Files are compared without case: two files differing in case are one on macOS and Windows.
    let fold = |namespace: Namespace, name: &str| match namespace {
        Namespace::File => name.to_lowercase(),
        _ => name.to_owned(),
    };
    let mut first: HashMap<(Namespace, String), usize> = HashMap::with_capacity(names.entries.len());
    for (index, (namespace, name, origin)) in names.entries.iter().enumerate() {
        let key = (*namespace, fold(*namespace, name));
        let Some(&earlier) = first.get(&key) else {
            first.insert(key, index);
            continue;
        };
        let (_, earlier_name, earlier_origin) = &names.entries[earlier];
        let (origin, earlier_origin) = (origin.describe(), earlier_origin.describe());
        let earlier_at =
            checker.locate(&earlier_origin.path).map(|location| format!(" ({location})")).unwrap_or_default();
        let shown = if earlier_name == name { format!("`{name}`") } else { format!("`{name}` (and `{earlier_name}`)") };
        checker.report_at(
            origin.path,
            format!(
                "{} and {}{earlier_at} would both generate the {} {shown}; Terraform refuses a name defined twice",
                origin.what,
                earlier_origin.what,
                namespace.what(),
            ),
            Some(if origin.rename.is_empty() { earlier_origin.rename } else { origin.rename }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::tag_variable;

    #[test]
    fn tag_variables_are_snake_case() {
        assert_eq!(tag_variable("Environment"), "tag_environment");
        assert_eq!(tag_variable("CostCenter"), "tag_cost_center");
        assert_eq!(tag_variable("Cost_Center"), "tag_cost_center");
        assert_eq!(tag_variable("costCenter"), "tag_cost_center");
        assert_eq!(tag_variable("team:owner/email"), "tag_team_owner_email");
    }
}
