//! The aliased `aws` provider configurations a composed root defines: one per alias any instance's
//! blueprint needs (instances needing the same alias share it), each pinned to the region the
//! blueprints state and carrying the default configuration's `default_tags`.

use crate::compose::{Checker, ComposedInstance};
use crate::stack::InstanceSpec;
use paved_blueprint::{AliasedProvider, Definition};
use std::collections::BTreeMap;

/// Refuses two blueprints of the stack that need the same alias in different regions: the root
/// can define `aws.<alias>` only once.
pub(crate) fn check_provider_aliases(checker: &mut Checker<'_>, resolved: &[(&InstanceSpec, &Definition)]) {
    let mut first: BTreeMap<&str, (&str, &Definition, &AliasedProvider)> = BTreeMap::new();
    for (instance, definition) in resolved {
        for provider in &definition.provider_aliases {
            let Some((other, other_definition, earlier)) = first.get(provider.alias.as_str()) else {
                first.insert(provider.alias.as_str(), (instance.name.as_str(), definition, provider));
                continue;
            };
            if earlier.region == provider.region {
                continue;
            }
            checker.report(
                &["instances", &instance.name, "blueprint"],
                format!(
                    "instance `{}` ({}) needs the provider configuration `{}` in region {}, but instance `{other}` ({}) needs `{}` in region {}; the root configuration defines each alias once",
                    instance.name,
                    definition.name,
                    provider.reference(),
                    provider.region,
                    other_definition.name,
                    earlier.reference(),
                    earlier.region
                ),
                Some("use blueprints that agree on the alias's region, or compose them in separate stacks".into()),
            );
        }
    }
}

/// Every alias the instances need, once each, by alias name (compose refused disagreeing regions).
pub(crate) fn provider_aliases<'a>(instances: &'a [ComposedInstance<'_>]) -> Vec<&'a AliasedProvider> {
    let mut aliases: BTreeMap<&str, &AliasedProvider> = BTreeMap::new();
    for instance in instances {
        for provider in &instance.definition.provider_aliases {
            aliases.entry(provider.alias.as_str()).or_insert(provider);
        }
    }
    aliases.into_values().collect()
}
