//! Provider aliases: the extra `aws` provider configurations a blueprint's module needs, such as
//! `aws.us_east_1` for what AWS serves only from `us-east-1` (ACM certificates and WAF web ACLs for
//! CloudFront).
//!
//! A blueprint states each alias once ([`Definition::with_provider_alias`](crate::Definition::with_provider_alias)):
//! its name, the region it is pinned to and why. Everything else derives from that statement: the
//! module's `configuration_aliases`, the provider its example defines, the README's "Providers"
//! section, the composed root's aliased `provider "aws"` blocks and each module call's
//! `providers = { … }`, and the interface the registry's semver check compares.

use crate::{AwsRegion, constrained_string};
use serde::Serialize;

constrained_string! {
    /// The name of an aliased `aws` provider configuration, such as `us_east_1` (referred to as
    /// `aws.us_east_1`).
    ProviderAlias {
        what: "provider alias",
        pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$",
        length: 1 ..= 64,
        rule: "use lowercase letters and digits in words joined by single `_`, starting with a letter, such as `us_east_1`",
    }
}

/// One aliased `aws` provider configuration a blueprint's module needs from its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasedProvider {
    /// The alias (`us_east_1` for `aws.us_east_1`).
    pub alias: ProviderAlias,
    /// The region the caller's configuration of the alias must use.
    pub region: AwsRegion,
    /// Why the module needs it, one sentence for the README (such as "CloudFront uses ACM
    /// certificates only from us-east-1.").
    pub reason: &'static str,
}

impl AliasedProvider {
    /// An alias pinned to `region`, needed for `reason`.
    ///
    /// # Panics
    /// When `alias` or `region` is malformed: both are constants written in the blueprint's
    /// source, and the catalog tests build every definition.
    ///
    /// ```
    /// let alias = paved_blueprint::AliasedProvider::pinned(
    ///     "us_east_1",
    ///     "us-east-1",
    ///     "CloudFront uses ACM certificates only from us-east-1.",
    /// );
    /// assert_eq!(alias.reference(), "aws.us_east_1");
    /// ```
    pub fn pinned(alias: &str, region: &str, reason: &'static str) -> Self {
        Self {
            alias: ProviderAlias::new(alias).expect("a blueprint's provider alias constant is a valid alias"),
            region: AwsRegion::new(region).expect("a blueprint's provider region constant is a valid region"),
            reason,
        }
    }

    /// How Terraform refers to the configuration: `aws.<alias>`.
    pub fn reference(&self) -> String {
        format!("aws.{}", self.alias)
    }
}
