//! The interface semver check: every difference between two recorded interfaces that a caller of
//! the module can notice, each classified as breaking, minor or patch.
//!
//! The comparison walks the typed interface, not its text: inputs and the attributes of object
//! inputs at any depth (inside lists and maps too), whether each is required, its default, whether
//! it accepts `null`, its constraints (tightened is breaking, loosened is minor), the kind a wired
//! value must have; the outputs, their kinds and shapes (one value, a map or a list, and the input
//! a map's keys come from: stacks index a map by those keys); the aliased provider configurations
//! the module needs from its caller (one more or a moved region is breaking, one fewer minor); and
//! the resource and module addresses the module declares, where one that disappears without a
//! `moved` block is destroyed in every caller.
//!
//! A part one side does not record (interfaces published before it was) is not compared: the
//! shapes are then read from the Terraform type text both sides record.

use crate::interface::{
    Attribute, DeclaredAddress, Interface, InterfaceInput, InterfaceOutputShape, InterfaceProviderAlias, InterfaceRule,
    Repetition, Resources, ValueConstraint, ValueShape, ValueType,
};
use serde_json::Value;
use std::fmt;

/// How much of a release a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Callers notice nothing (a resource renamed with a `moved` block).
    Patch,
    /// Callers may use something new; nothing they do today changes (an optional input, a new
    /// output, a loosened constraint, a new resource).
    Minor,
    /// Some caller's configuration stops working or does something else (a removed or newly
    /// required input, a changed default, a tightened constraint, a changed kind, a destroyed
    /// resource).
    Breaking,
}

impl Impact {
    /// `patch`, `minor` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Breaking => "breaking",
        }
    }

    /// The first version after `previous` that may carry a change of this impact: the next major
    /// for a breaking change (for 0.x, the next minor, as Cargo reads them), the next minor for a
    /// minor one (for 0.x, the next patch), the next patch otherwise.
    pub fn release_after(self, previous: &semver::Version) -> semver::Version {
        let (major, minor, patch) = (previous.major, previous.minor, previous.patch);
        match (self, major) {
            (Impact::Breaking, 0) => semver::Version::new(0, minor + 1, 0),
            (Impact::Breaking, _) => semver::Version::new(major + 1, 0, 0),
            (Impact::Minor, 0) | (Impact::Patch, _) => semver::Version::new(major, minor, patch + 1),
            (Impact::Minor, _) => semver::Version::new(major, minor + 1, 0),
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// One difference between two interfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceChange {
    /// How much of a release it needs.
    pub impact: Impact,
    /// What changed, as a phrase completing "this version …", such as "changes the default of
    /// `authorization_type` from `AWS_IAM` to `NONE`".
    pub description: String,
}

impl fmt::Display for InterfaceChange {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} ({})", self.description, self.impact)
    }
}

impl Interface {
    /// Every difference a caller of `previous` can notice in `self` (a newer version), in the
    /// order inputs, outputs, provider aliases, resources.
    pub fn changes(&self, previous: &Interface) -> Vec<InterfaceChange> {
        let mut found = Changes::default();
        input_changes(&previous.inputs, &self.inputs, &mut found);
        output_changes(previous, self, &mut found);
        provider_alias_changes(&previous.provider_aliases, &self.provider_aliases, &mut found);
        if let (Some(old), Some(new)) = (&previous.rules, &self.rules) {
            rule_changes(old, new, &mut found);
        }
        if let (Some(old), Some(new)) = (&previous.resources, &self.resources) {
            resource_changes(old, new, &mut found);
        }
        found.0
    }

    /// The release `self` needs after `previous`: the highest impact of its changes, `None`
    /// when there are none.
    pub fn impact(&self, previous: &Interface) -> Option<Impact> {
        self.changes(previous).iter().map(|change| change.impact).max()
    }

    /// The breaking changes of `self` (a newer version) for callers of `previous`.
    pub fn breaking_changes(&self, previous: &Interface) -> Vec<String> {
        self.changes(previous)
            .into_iter()
            .filter(|change| change.impact == Impact::Breaking)
            .map(|change| change.description)
            .collect()
    }
}

#[derive(Default)]
struct Changes(Vec<InterfaceChange>);

impl Changes {
    fn push(&mut self, impact: Impact, description: String) {
        self.0.push(InterfaceChange { impact, description });
    }
}

/// Rules across top-level inputs, compared by what they require: one added refuses inputs that
/// were accepted (breaking), one dropped accepts more (minor), a reworded reason changes only
/// the error message (patch).
fn rule_changes(old: &[InterfaceRule], new: &[InterfaceRule], found: &mut Changes) {
    for before in old {
        match new.iter().find(|after| after.rule == before.rule) {
            None => found.push(Impact::Minor, format!("drops the rule across inputs: {}", before.rule)),
            Some(after) if after.reason != before.reason => {
                found.push(Impact::Patch, format!("rewords the reason of the rule across inputs: {}", before.rule))
            }
            Some(_) => {}
        }
    }
    for after in new.iter().filter(|after| !old.iter().any(|before| before.rule == after.rule)) {
        found.push(Impact::Breaking, format!("adds the rule across inputs: {}", after.rule));
    }
}

fn input_changes(old: &[InterfaceInput], new: &[InterfaceInput], found: &mut Changes) {
    for before in old {
        match new.iter().find(|after| after.name == before.name) {
            None => found.push(Impact::Breaking, format!("removes the input `{}`", before.name)),
            Some(after) => one_input_changes(before, after, found),
        }
    }
    for after in new.iter().filter(|after| !old.iter().any(|before| before.name == after.name)) {
        added("input", &after.name, Some(after.required), found);
    }
}

fn one_input_changes(before: &InterfaceInput, after: &InterfaceInput, found: &mut Changes) {
    let path = &before.name;
    requirement_changes("input", path, before.required, after.required, found);
    if !before.required && !after.required {
        default_changes(path, before.default.as_ref(), after.default.as_ref(), found);
    }
    let (old_type, old_known) = recorded_type(before);
    let (new_type, new_known) = recorded_type(after);
    match (old_type, new_type) {
        (Some(old_type), Some(new_type)) => {
            value_changes(path, &old_type, &new_type, Known { both: old_known && new_known, new: new_known }, found)
        }
        _ if before.type_name != after.type_name => found.push(
            Impact::Breaking,
            format!("changes the type of `{path}` from `{}` to `{}`", before.type_name, after.type_name),
        ),
        _ => {}
    }
}

/// The typed structure of an input, and whether it was recorded (rather than read back from the
/// type text, which says nothing of defaults, nullability, constraints or optional attributes).
fn recorded_type(input: &InterfaceInput) -> (Option<ValueType>, bool) {
    match &input.value_type {
        Some(value_type) => (Some(value_type.clone()), true),
        None => (ValueType::from_terraform_type(&input.type_name), false),
    }
}

/// What the two sides of a comparison record.
#[derive(Clone, Copy)]
struct Known {
    /// Both record everything (defaults, nullability, constraints, kinds, optional attributes).
    both: bool,
    /// The newer side does (so an added attribute is known to be optional or required).
    new: bool,
}

fn added(noun: &str, path: &str, required: Option<bool>, found: &mut Changes) {
    match required {
        Some(false) => found.push(Impact::Minor, format!("adds the optional {noun} `{path}`")),
        Some(true) => found.push(Impact::Breaking, format!("adds the required {noun} `{path}`")),
        None => found.push(
            Impact::Breaking,
            format!("adds the {noun} `{path}` (whether it is required is not recorded, so it may be)"),
        ),
    }
}

fn requirement_changes(noun: &str, path: &str, before: bool, after: bool, found: &mut Changes) {
    match (before, after) {
        (false, true) => found.push(Impact::Breaking, format!("makes the {noun} `{path}` required")),
        (true, false) => found.push(Impact::Minor, format!("makes the {noun} `{path}` optional")),
        _ => {}
    }
}

/// A changed default is breaking: every caller that leaves the value unset gets the new one on
/// upgrade without changing a line (`NONE` instead of `AWS_IAM` makes an API public).
fn default_changes(path: &str, before: Option<&Value>, after: Option<&Value>, found: &mut Changes) {
    if let (Some(before), Some(after)) = (before, after)
        && before != after
    {
        found.push(
            Impact::Breaking,
            format!(
                "changes the default of `{path}` from {} to {}: callers that do not set it get the new value",
                shown(before),
                shown(after)
            ),
        );
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => "none (`null`)".to_owned(),
        other => format!("`{}`", paved_blueprint::display_value(other)),
    }
}

fn value_changes(path: &str, before: &ValueType, after: &ValueType, known: Known, found: &mut Changes) {
    match (&before.shape, &after.shape) {
        (ValueShape::List(old), ValueShape::List(new)) | (ValueShape::Map(old), ValueShape::Map(new)) => {
            value_changes(&format!("{path}[*]"), old, new, known, found)
        }
        (ValueShape::Object(old), ValueShape::Object(new)) => attribute_changes(path, old, new, known, found),
        (ValueShape::Integer, ValueShape::Number) if known.both => {
            found.push(Impact::Minor, format!("makes `{path}` accept any number, not only whole numbers"))
        }
        (ValueShape::Number, ValueShape::Integer) if known.both => {
            found.push(Impact::Breaking, format!("makes `{path}` accept only whole numbers"))
        }
        (ValueShape::Integer | ValueShape::Number, ValueShape::Integer | ValueShape::Number)
        | (ValueShape::String, ValueShape::String)
        | (ValueShape::Bool, ValueShape::Bool) => {}
        _ => {
            found.push(
                Impact::Breaking,
                format!(
                    "changes the type of `{path}` from `{}` to `{}`",
                    terraform_type(before),
                    terraform_type(after)
                ),
            );
            return;
        }
    }
    if known.both {
        nullability_changes(path, before.nullable, after.nullable, found);
        wiring_changes(path, before, after, found);
        constraint_changes(path, &before.constraints, &after.constraints, found);
    }
}

fn attribute_changes(path: &str, old: &[Attribute], new: &[Attribute], known: Known, found: &mut Changes) {
    for before in old {
        let inner = format!("{path}.{}", before.name);
        match new.iter().find(|after| after.name == before.name) {
            None => found.push(Impact::Breaking, format!("removes the attribute `{inner}`")),
            Some(after) => {
                if known.both {
                    requirement_changes("attribute", &inner, before.required, after.required, found);
                    if !before.required && !after.required {
                        default_changes(&inner, before.default.as_ref(), after.default.as_ref(), found);
                    }
                }
                value_changes(&inner, &before.value_type, &after.value_type, known, found);
            }
        }
    }
    for after in new.iter().filter(|after| !old.iter().any(|before| before.name == after.name)) {
        added("attribute", &format!("{path}.{}", after.name), known.new.then_some(after.required), found);
    }
}

fn nullability_changes(path: &str, before: bool, after: bool, found: &mut Changes) {
    match (before, after) {
        (false, true) => found.push(Impact::Minor, format!("makes `{path}` accept `null`")),
        (true, false) => found.push(Impact::Breaking, format!("makes `{path}` refuse `null`")),
        _ => {}
    }
}

fn wiring_changes(path: &str, before: &ValueType, after: &ValueType, found: &mut Changes) {
    match (before.wirable, after.wirable) {
        (true, false) => {
            found.push(Impact::Breaking, format!("makes `{path}` refuse a reference to another instance's output"));
            return;
        }
        (false, true) => {
            found.push(Impact::Minor, format!("makes `{path}` accept a reference to another instance's output"))
        }
        (false, false) => return,
        (true, true) => {}
    }
    if !before.wirable {
        return;
    }
    kind_changes(path, &before.kinds, &after.kinds, found);
}

/// The kinds a wirable input accepts (any when empty): a kind added (or any kind now accepted)
/// is minor, a kind no longer accepted is breaking, since stacks wiring it are then refused.
fn kind_changes(path: &str, before: &[String], after: &[String], found: &mut Changes) {
    match (before.is_empty(), after.is_empty()) {
        (true, true) => {}
        (false, true) => found
            .push(Impact::Minor, format!("makes `{path}` take outputs of any kind, not only {}", listed_kinds(before))),
        (true, false) => {
            found.push(Impact::Breaking, format!("makes `{path}` take only outputs of kind {}", listed_kinds(after)))
        }
        (false, false) => {
            let dropped: Vec<&String> = before.iter().filter(|kind| !after.contains(kind)).collect();
            let added: Vec<&String> = after.iter().filter(|kind| !before.contains(kind)).collect();
            if !dropped.is_empty() {
                found.push(
                    Impact::Breaking,
                    format!(
                        "makes `{path}` no longer take outputs of kind {}: stacks wiring one are refused",
                        listed_kinds(dropped)
                    ),
                );
            }
            if !added.is_empty() {
                found.push(Impact::Minor, format!("makes `{path}` also take outputs of kind {}", listed_kinds(added)));
            }
        }
    }
}

/// Kind names in backticks, joined by commas.
fn listed_kinds<'a>(kinds: impl IntoIterator<Item = &'a String>) -> String {
    kinds.into_iter().map(|kind| format!("`{kind}`")).collect::<Vec<_>>().join(", ")
}

/// The Terraform type of a recorded type, as `variables.tf` spells it.
fn terraform_type(value_type: &ValueType) -> String {
    match &value_type.shape {
        ValueShape::String => "string".to_owned(),
        ValueShape::Integer | ValueShape::Number => "number".to_owned(),
        ValueShape::Bool => "bool".to_owned(),
        ValueShape::List(item) => format!("list({})", terraform_type(item)),
        ValueShape::Map(value) => format!("map({})", terraform_type(value)),
        ValueShape::Object(attributes) => {
            let attributes: Vec<String> = attributes
                .iter()
                .map(|attribute| format!("{} = {}", attribute.name, terraform_type(&attribute.value_type)))
                .collect();
            format!("object({{{}}})", attributes.join(", "))
        }
    }
}

/// Bounds on a number, a length, a number of items or a size; `None` is unbounded.
#[derive(Clone, Copy, PartialEq)]
struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
}

impl Bounds {
    const NONE: Bounds = Bounds { min: None, max: None };

    fn tightened_from(self, before: Bounds) -> bool {
        above(self.min, before.min) || above(before.max, self.max)
    }

    fn describe(self, unit: &str) -> String {
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("between {min} and {max}{unit}"),
            (Some(min), None) => format!("at least {min}{unit}"),
            (None, Some(max)) => format!("at most {max}{unit}"),
            (None, None) => "unbounded".to_owned(),
        }
    }
}

/// Whether bound `left` is stricter than `right` for a minimum (`None` is no bound; for a
/// maximum, call with the arguments swapped).
fn above(left: Option<f64>, right: Option<f64>) -> bool {
    match (left, right) {
        (Some(left), Some(right)) => left > right,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Reads one kind of bounds (range, length, items, total size) out of a constraint.
type PickBounds = fn(&ValueConstraint) -> Option<Bounds>;

/// Reads one kind of text (pattern, key pattern, rule) out of a constraint.
type PickText = fn(&ValueConstraint) -> Option<&String>;

fn bounds_of(constraints: &[ValueConstraint], pick: PickBounds) -> Bounds {
    constraints.iter().find_map(pick).unwrap_or(Bounds::NONE)
}

fn whole(value: Option<u64>) -> Option<f64> {
    value.map(|value| value as f64)
}

fn constraint_changes(path: &str, old: &[ValueConstraint], new: &[ValueConstraint], found: &mut Changes) {
    let measures: [(&str, &str, PickBounds); 4] = [
        ("", "", |constraint| match constraint {
            ValueConstraint::Range { min, max } => Some(Bounds {
                min: min.as_ref().and_then(serde_json::Number::as_f64),
                max: max.as_ref().and_then(serde_json::Number::as_f64),
            }),
            _ => None,
        }),
        ("the length of ", "characters", |constraint| match constraint {
            ValueConstraint::Length { min, max } => Some(Bounds { min: whole(*min), max: whole(*max) }),
            _ => None,
        }),
        ("the number of items of ", "items", |constraint| match constraint {
            ValueConstraint::Items { min, max } => Some(Bounds { min: whole(*min), max: whole(*max) }),
            _ => None,
        }),
        ("the total size of ", "bytes", |constraint| match constraint {
            ValueConstraint::TotalBytes { max } => Some(Bounds { min: None, max: whole(Some(*max)) }),
            _ => None,
        }),
    ];
    for (what, unit, pick) in measures {
        let (before, after) = (bounds_of(old, pick), bounds_of(new, pick));
        if before == after {
            continue;
        }
        let impact = if after.tightened_from(before) { Impact::Breaking } else { Impact::Minor };
        let verb = if impact == Impact::Breaking { "tightens" } else { "loosens" };
        found.push(impact, format!("{verb} {what}`{path}` from {} to {}", before.describe(unit), after.describe(unit)));
    }
    one_of_changes(path, old, new, found);
    let texts: [(&str, PickText); 3] = [
        ("the pattern", |constraint| match constraint {
            ValueConstraint::Pattern { regex } => Some(regex),
            _ => None,
        }),
        ("the key pattern", |constraint| match constraint {
            ValueConstraint::KeyPattern { regex } => Some(regex),
            _ => None,
        }),
        ("the rule", |constraint| match constraint {
            ValueConstraint::Rule { rule } => Some(rule),
            _ => None,
        }),
    ];
    for (what, pick) in texts {
        let before: Vec<&String> = old.iter().filter_map(pick).collect();
        let after: Vec<&String> = new.iter().filter_map(pick).collect();
        let removed = quoted(before.iter().filter(|text| !after.contains(*text)));
        let added = quoted(after.iter().filter(|text| !before.contains(*text)));
        match (removed.is_empty(), added.is_empty()) {
            (true, true) => {}
            (false, false) => {
                found.push(Impact::Breaking, format!("changes {what} of `{path}` from {removed} to {added}"))
            }
            (true, false) => found.push(Impact::Breaking, format!("adds {what} {added} to `{path}`")),
            (false, true) => found.push(Impact::Minor, format!("drops {what} {removed} from `{path}`")),
        }
    }
    reserved_key_changes(path, old, new, found);
    json_object_changes(path, old, new, found);
}

fn json_object_changes(path: &str, old: &[ValueConstraint], new: &[ValueConstraint], found: &mut Changes) {
    let json = |constraints: &[ValueConstraint]| constraints.contains(&ValueConstraint::JsonObject);
    match (json(old), json(new)) {
        (false, true) => found.push(Impact::Breaking, format!("makes `{path}` accept only the JSON text of an object")),
        (true, false) => found.push(Impact::Minor, format!("makes `{path}` accept any text, not only JSON objects")),
        _ => {}
    }
}

fn quoted<'a>(texts: impl Iterator<Item = &'a &'a String>) -> String {
    texts.map(|text| format!("`{text}`")).collect::<Vec<_>>().join(", ")
}

fn one_of_changes(path: &str, old: &[ValueConstraint], new: &[ValueConstraint], found: &mut Changes) {
    let values = |constraints: &[ValueConstraint]| {
        constraints.iter().find_map(|constraint| match constraint {
            ValueConstraint::OneOf { values } => Some(values.clone()),
            _ => None,
        })
    };
    let listed = |values: &[&Value]| {
        values.iter().map(|value| format!("`{}`", paved_blueprint::display_value(value))).collect::<Vec<_>>().join(", ")
    };
    match (values(old), values(new)) {
        (None, None) => {}
        (None, Some(after)) => found.push(
            Impact::Breaking,
            format!("makes `{path}` accept only {}", listed(&after.iter().collect::<Vec<_>>())),
        ),
        (Some(before), None) => found.push(
            Impact::Minor,
            format!("makes `{path}` accept any value, not only {}", listed(&before.iter().collect::<Vec<_>>())),
        ),
        (Some(before), Some(after)) => {
            let removed: Vec<&Value> = before.iter().filter(|value| !after.contains(*value)).collect();
            let added: Vec<&Value> = after.iter().filter(|value| !before.contains(*value)).collect();
            if !removed.is_empty() {
                found.push(Impact::Breaking, format!("makes `{path}` refuse {}", listed(&removed)));
            }
            if !added.is_empty() {
                found.push(Impact::Minor, format!("makes `{path}` also accept {}", listed(&added)));
            }
        }
    }
}

fn reserved_key_changes(path: &str, old: &[ValueConstraint], new: &[ValueConstraint], found: &mut Changes) {
    let keys = |constraints: &[ValueConstraint]| -> Vec<String> {
        constraints
            .iter()
            .flat_map(|constraint| match constraint {
                ValueConstraint::ReservedKeys { keys } => keys.clone(),
                _ => Vec::new(),
            })
            .collect()
    };
    let (before, after) = (keys(old), keys(new));
    let listed = |keys: Vec<&String>| keys.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
    let reserved: Vec<&String> = after.iter().filter(|key| !before.contains(*key)).collect();
    let released: Vec<&String> = before.iter().filter(|key| !after.contains(*key)).collect();
    if !reserved.is_empty() {
        found.push(Impact::Breaking, format!("makes `{path}` refuse the keys {}", listed(reserved)));
    }
    if !released.is_empty() {
        found.push(Impact::Minor, format!("makes `{path}` accept the keys {}", listed(released)));
    }
}

fn output_changes(previous: &Interface, current: &Interface, found: &mut Changes) {
    for before in &previous.outputs {
        match current.outputs.iter().find(|after| after.name == before.name) {
            None => found.push(Impact::Breaking, format!("removes the output `{}`", before.name)),
            Some(after) => {
                if after.kind != before.kind {
                    found.push(
                        Impact::Breaking,
                        format!(
                            "changes the kind of the output `{}` from `{}` to `{}`: inputs wired to it expect a `{}`",
                            before.name, before.kind, after.kind, before.kind
                        ),
                    );
                }
                output_shape_changes(&before.name, &before.shape, &after.shape, found);
                output_presence_changes(
                    &before.name,
                    before.present_when.as_deref(),
                    after.present_when.as_deref(),
                    found,
                );
            }
        }
    }
    for after in current.outputs.iter().filter(|after| !previous.outputs.iter().any(|before| before.name == after.name))
    {
        found.push(Impact::Minor, format!("adds the output `{}`", after.name));
    }
}

/// An output that starts depending on an input being set (or on another input) breaks the stacks
/// that wire it from instances leaving that input null: composition refuses them. One that stops
/// depending on an input has a value wherever it had one before.
fn output_presence_changes(name: &str, before: Option<&str>, after: Option<&str>, found: &mut Changes) {
    match (before, after) {
        (None, Some(input)) => found.push(
            Impact::Breaking,
            format!(
                "makes the output `{name}` present only when the input `{input}` is set: stacks wiring it from instances that leave `{input}` null are refused"
            ),
        ),
        (Some(old), Some(new)) if old != new => found.push(
            Impact::Breaking,
            format!(
                "makes the output `{name}` present when the input `{new}` is set instead of `{old}`: stacks wiring it from instances that leave `{new}` null are refused"
            ),
        ),
        (Some(input), None) => found.push(
            Impact::Minor,
            format!("makes the output `{name}` always present, not only when the input `{input}` is set"),
        ),
        _ => {}
    }
}

/// Aliased provider configurations: one more is breaking (Terraform refuses a module call that
/// does not pass it: "Missing required provider configuration"), a changed region too (callers
/// pass a configuration for the old one); one fewer is minor (a call still passing it works, and
/// Terraform warns "Reference to undefined provider" until the caller drops it).
fn provider_alias_changes(old: &[InterfaceProviderAlias], new: &[InterfaceProviderAlias], found: &mut Changes) {
    for before in old {
        match new.iter().find(|after| after.alias == before.alias) {
            None => found.push(
                Impact::Minor,
                format!(
                    "no longer needs the provider configuration `aws.{}`: callers may drop it from `providers` (Terraform warns until they do)",
                    before.alias
                ),
            ),
            Some(after) if after.region != before.region => found.push(
                Impact::Breaking,
                format!(
                    "needs the provider configuration `aws.{}` in region `{}` instead of `{}`: callers pass one for `{}`",
                    before.alias, after.region, before.region, before.region
                ),
            ),
            Some(_) => {}
        }
    }
    for after in new.iter().filter(|after| !old.iter().any(|before| before.alias == after.alias)) {
        found.push(
            Impact::Breaking,
            format!(
                "needs the provider configuration `aws.{}` (region `{}`): every call must pass it in `providers`",
                after.alias, after.region
            ),
        );
    }
}

/// One value ↔ a map ↔ a list is breaking (references to the output expect what it was); for a
/// map or list, keys that stop coming from an input (or come from another) break the stacks that
/// index it, and keys that start coming from one let stacks index it.
fn output_shape_changes(name: &str, before: &InterfaceOutputShape, after: &InterfaceOutputShape, found: &mut Changes) {
    use InterfaceOutputShape::{List, Map};
    let (old_keys, new_keys) = match (before, after) {
        _ if before == after => return,
        (Map(old), Map(new)) | (List(old), List(new)) => (old, new),
        _ => {
            return found.push(
                Impact::Breaking,
                format!("changes the output `{name}` from {before} to {after}: references to it expect {before}"),
            );
        }
    };
    match (old_keys, new_keys) {
        (Some(old), None) => found.push(
            Impact::Breaking,
            format!(
                "makes the keys of the output `{name}` computed by Terraform instead of those of the input `{old}`: \
                 stacks that index it are refused"
            ),
        ),
        (None, Some(new)) => found.push(
            Impact::Minor,
            format!("keys the output `{name}` like the input `{new}`, so stacks may index it"),
        ),
        (Some(old), Some(new)) => found.push(
            Impact::Breaking,
            format!(
                "keys the output `{name}` like the input `{new}` instead of `{old}`: keys stacks index it by may no longer exist"
            ),
        ),
        (None, None) => {}
    }
}

/// An address without its instance keys: `module.a["x"].aws_b.c[0]` is `module.a.aws_b.c`.
fn without_keys(address: &str) -> String {
    let (mut plain, mut depth, mut quoted) = (String::with_capacity(address.len()), 0usize, false);
    let mut characters = address.chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' if quoted => {
                characters.next();
            }
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(character),
            _ => {}
        }
    }
    plain
}

/// Whether `address` is `block` or lies inside it (`module.a.aws_b.c` lies inside `module.a`).
fn within(address: &str, block: &str) -> bool {
    address == block || address.strip_prefix(block).is_some_and(|rest| rest.starts_with('.'))
}

fn resource_changes(old: &Resources, new: &Resources, found: &mut Changes) {
    let find = |address: &str| new.declared.iter().find(|declared| declared.address == address);
    // A moved block covers an address when its `from` is that address (any instance of it) or
    // a module containing it.
    let moved_from = |address: &str| new.moved.iter().find(|moved| within(address, &without_keys(&moved.from)));
    for before in &old.declared {
        match find(&before.address) {
            Some(after) => rekeying_changes(before, after, moved_from(&before.address).is_some(), found),
            None => match moved_from(&before.address) {
                Some(moved) => found.push(
                    Impact::Patch,
                    format!(
                        "moves `{}` with a `moved` block from `{}` to `{}`, which keeps its state",
                        before.address, moved.from, moved.to
                    ),
                ),
                None => found.push(
                    Impact::Breaking,
                    format!(
                        "removes or renames `{}` without a `moved` block: Terraform destroys it in every caller; add \
                         `moved {{ from = {} to = <its new address> }}` to the template if it was renamed",
                        before.address, before.address
                    ),
                ),
            },
        }
    }
    for after in &new.declared {
        let existed = old.declared.iter().any(|before| before.address == after.address);
        let moved_here = new.moved.iter().any(|moved| within(&after.address, &without_keys(&moved.to)));
        if !existed && !moved_here {
            found.push(Impact::Minor, format!("adds `{}`, which callers get on upgrade", after.address));
        }
    }
}

/// Instances keyed by position, by key or not at all: Terraform moves `x` to `x[0]` and back by
/// itself, any other change gives every instance a new address.
fn rekeying_changes(before: &DeclaredAddress, after: &DeclaredAddress, moved: bool, found: &mut Changes) {
    let implicit = matches!(
        (before.repeated, after.repeated),
        (Repetition::Single, Repetition::Count) | (Repetition::Count, Repetition::Single)
    );
    if before.repeated == after.repeated || implicit {
        return;
    }
    let (from, to, address) = (before.repeated.as_str(), after.repeated.as_str(), &after.address);
    if moved {
        found.push(Impact::Patch, format!("keys `{address}` by {to} instead of {from}, with `moved` blocks"));
    } else {
        found.push(
            Impact::Breaking,
            format!(
                "keys `{address}` by {to} instead of {from} without a `moved` block: every instance gets a new address, \
                 and Terraform destroys and recreates it in every caller; add `moved` blocks from `{address}[…]`"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_keys_are_not_part_of_the_block_address() {
        assert_eq!(without_keys("module.a[\"x]\"].aws_b.c[0]"), "module.a.aws_b.c");
        assert!(within("module.a.aws_b.c", "module.a"));
        assert!(!within("module.ab.aws_b.c", "module.a"));
    }

    #[test]
    fn requiring_json_object_text_is_breaking_and_dropping_it_minor() {
        let judge = |old: &[ValueConstraint], new: &[ValueConstraint]| {
            let mut found = Changes::default();
            constraint_changes("rules.event_pattern", old, new, &mut found);
            found.0.into_iter().map(|change| (change.impact, change.description)).collect::<Vec<_>>()
        };
        let json = [ValueConstraint::JsonObject];
        assert_eq!(
            judge(&[], &json),
            [(Impact::Breaking, "makes `rules.event_pattern` accept only the JSON text of an object".to_owned())]
        );
        assert_eq!(judge(&json, &[]).first().map(|(impact, _)| *impact), Some(Impact::Minor));
        assert!(judge(&json, &json).is_empty());
    }

    #[test]
    fn the_release_after_each_impact() {
        let version = |text: &str| semver::Version::parse(text).expect("semver");
        assert_eq!(Impact::Breaking.release_after(&version("2.1.3")), version("3.0.0"));
        assert_eq!(Impact::Minor.release_after(&version("2.1.3")), version("2.2.0"));
        assert_eq!(Impact::Patch.release_after(&version("2.1.3")), version("2.1.4"));
        assert_eq!(Impact::Breaking.release_after(&version("0.4.1")), version("0.5.0"));
        assert_eq!(Impact::Minor.release_after(&version("0.4.1")), version("0.4.2"));
    }
}
