//! `terraform-provider-aws`, a stand-in for hashicorp/aws that the consumer tests give Terraform
//! so that `terraform validate` and `terraform plan` run offline, with no credentials.
//!
//! It serves the provider schema extracted from the published provider package
//! (`tests/data/aws-provider-schema.json`: every resource and data source type in it, with
//! attribute types, nesting modes, required, optional and computed flags), plans every resource
//! as a creation (computed attributes unknown, configured ones as given), refuses a value on a
//! computed-only attribute and a block count outside `min_items`..`max_items`, never applies, and
//! reads the pure data sources for real ([`data_sources`]). Its fidelity limits are in
//! docs/testing.md. Terraform starts it as a plugin (through a `dev_overrides` CLI configuration
//! the tests write) and talks to it over the plugin protocol 6.
//!
//! Modules: [`schema`] (the schema file and the protocol's schema), [`value`] (MessagePack values),
//! [`plan`] (checks and plans, by schema), [`data_sources`] (the data sources read for real).

mod data_sources;
mod plan;
mod schema;
mod value;

use async_trait::async_trait;
use schema::{BlockSchema, ProviderSchema};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock, Schema};
use tf_provider::value::ValueEmpty;
use tf_provider::{AttributePath, Diagnostics, DynamicDataSource, DynamicResource, Provider, Resource};
use value::{Dynamic, field};

/// The provider's name: resource type names are served as `aws_<name>`.
const PROVIDER_NAME: &str = "aws";

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--version") {
        let schema = ProviderSchema::load();
        let source = &schema.provider;
        println!(
            "terraform-provider-aws (stand-in): the hashicorp/aws {} schema from {} {}: {} resource and {} data source types",
            source.aws_provider_version,
            source.source,
            source.version,
            schema.resources.len(),
            schema.data_sources.len()
        );
        return;
    }
    // Terraform passes its environment to plugins. The tests run Terraform with
    // `RUST_LIB_BACKTRACE=0`: with `RUST_BACKTRACE=1` alone, every diagnostic `tf-provider`
    // reports would carry a Rust backtrace.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a tokio runtime");
    let provider = StandIn::new();
    if let Err(error) = runtime.block_on(tf_provider::serve(PROVIDER_NAME, provider)) {
        eprintln!("terraform-provider-aws (stand-in): {error:#}");
        std::process::exit(1);
    }
}

/// The provider: the schema, and the region its configuration sets.
struct StandIn {
    schema: Arc<ProviderSchema>,
    region: Arc<OnceLock<String>>,
}

impl StandIn {
    fn new() -> StandIn {
        StandIn { schema: Arc::new(ProviderSchema::load()), region: Arc::new(OnceLock::new()) }
    }
}

#[async_trait]
impl Provider for StandIn {
    type Config<'a> = Dynamic;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(provider_configuration_schema())
    }

    async fn configure<'a>(
        &self,
        _diags: &mut Diagnostics,
        _terraform_version: String,
        config: Self::Config<'a>,
    ) -> Option<()> {
        let region = field(&config.0, "region").as_str().unwrap_or(data_sources::DEFAULT_REGION).to_owned();
        let _ = self.region.set(region);
        Some(())
    }

    fn get_resources(&self, _diags: &mut Diagnostics) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        let resources = self
            .schema
            .resources
            .keys()
            .map(|name| {
                let resource = StandInResource { schema: Arc::clone(&self.schema), type_name: name.clone() };
                (served_name(name), Box::new(resource) as Box<dyn DynamicResource>)
            })
            .collect();
        Some(resources)
    }

    fn get_data_sources(&self, _diags: &mut Diagnostics) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        let data_sources = self
            .schema
            .data_sources
            .keys()
            .map(|name| {
                let data_source = StandInDataSource {
                    schema: Arc::clone(&self.schema),
                    type_name: name.clone(),
                    region: Arc::clone(&self.region),
                };
                (served_name(name), Box::new(data_source) as Box<dyn DynamicDataSource>)
            })
            .collect();
        Some(data_sources)
    }
}

/// `aws_sqs_queue` is registered as `sqs_queue`: the crate prefixes the provider's name.
fn served_name(type_name: &str) -> String {
    type_name.strip_prefix("aws_").unwrap_or(type_name).to_owned()
}

/// The provider block's arguments: the subset of hashicorp/aws's that configurations here set
/// (the provider's own schema is not in the extraction). All optional.
fn provider_configuration_schema() -> Schema {
    let optional = |attr_type: AttributeType| Attribute {
        attr_type,
        description: Description::plain(""),
        constraint: AttributeConstraint::Optional,
        sensitive: false,
        deprecated: false,
    };
    let strings = || AttributeType::Set(Box::new(AttributeType::String));
    let mut attributes = HashMap::new();
    for name in ["region", "profile", "access_key", "secret_key", "token"] {
        attributes.insert(name.to_owned(), optional(AttributeType::String));
    }
    for name in ["allowed_account_ids", "forbidden_account_ids", "shared_config_files", "shared_credentials_files"] {
        attributes.insert(name.to_owned(), optional(strings()));
    }
    for name in [
        "skip_credentials_validation",
        "skip_metadata_api_check",
        "skip_region_validation",
        "skip_requesting_account_id",
    ] {
        attributes.insert(name.to_owned(), optional(AttributeType::Bool));
    }
    let default_tags = Block {
        attributes: HashMap::from([("tags".to_owned(), optional(AttributeType::Map(Box::new(AttributeType::String))))]),
        ..Block::default()
    };
    let ignore_tags = Block {
        attributes: HashMap::from([
            ("keys".to_owned(), optional(strings())),
            ("key_prefixes".to_owned(), optional(strings())),
        ]),
        ..Block::default()
    };
    let blocks = HashMap::from([
        ("default_tags".to_owned(), NestedBlock::Optional(default_tags)),
        ("ignore_tags".to_owned(), NestedBlock::Optional(ignore_tags)),
    ]);
    Schema { version: 0, block: Block { attributes, blocks, ..Block::default() } }
}

/// One resource type: checks its configuration and plans its creation.
struct StandInResource {
    schema: Arc<ProviderSchema>,
    type_name: String,
}

impl StandInResource {
    fn block(&self) -> &BlockSchema {
        &self.schema.resources[&self.type_name]
    }
}

fn never_applies(diags: &mut Diagnostics, what: &str) -> Option<()> {
    diags.root_error(
        "The stand-in provider never applies",
        format!("terraform-provider-aws here is the test suite's stand-in for hashicorp/aws: it validates and plans only, it cannot {what}."),
    );
    None
}

#[async_trait]
impl Resource for StandInResource {
    type State<'a> = Dynamic;
    type PrivateState<'a> = ValueEmpty;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.block().to_protocol_schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::State<'a>) -> Option<()> {
        plan::check_config(self.block(), &config.0, &AttributePath::root(), diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        _diags: &mut Diagnostics,
        state: Self::State<'a>,
        private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((state, private_state))
    }

    async fn plan_create<'a>(
        &self,
        _diags: &mut Diagnostics,
        _proposed_state: Self::State<'a>,
        config_state: Self::State<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        Some((Dynamic(plan::plan_new(self.block(), &config_state.0)), ValueEmpty::Null))
    }

    async fn plan_update<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior_state: Self::State<'a>,
        proposed_state: Self::State<'a>,
        _config_state: Self::State<'a>,
        prior_private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>, Vec<AttributePath>)> {
        Some((proposed_state, prior_private_state, Vec::new()))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior_state: Self::State<'a>,
        prior_private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<Self::PrivateState<'a>> {
        Some(prior_private_state)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        _planned_state: Self::State<'a>,
        _config_state: Self::State<'a>,
        _planned_private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        never_applies(diags, &format!("create {}", self.type_name))?;
        None
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        _prior_state: Self::State<'a>,
        _planned_state: Self::State<'a>,
        _config_state: Self::State<'a>,
        _planned_private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<(Self::State<'a>, Self::PrivateState<'a>)> {
        never_applies(diags, &format!("update {}", self.type_name))?;
        None
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        _prior_state: Self::State<'a>,
        _planned_private_state: Self::PrivateState<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<()> {
        never_applies(diags, &format!("destroy {}", self.type_name))
    }
}

/// One data source type: checks its configuration and reads it.
struct StandInDataSource {
    schema: Arc<ProviderSchema>,
    type_name: String,
    region: Arc<OnceLock<String>>,
}

impl StandInDataSource {
    fn block(&self) -> &BlockSchema {
        &self.schema.data_sources[&self.type_name]
    }
}

#[async_trait]
impl tf_provider::DataSource for StandInDataSource {
    type State<'a> = Dynamic;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.block().to_protocol_schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::State<'a>) -> Option<()> {
        plan::check_config(self.block(), &config.0, &AttributePath::root(), diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: Self::State<'a>,
        _provider_meta_state: Self::ProviderMetaState<'a>,
    ) -> Option<Self::State<'a>> {
        let config = config.0;
        let region = self.region.get().map_or(data_sources::DEFAULT_REGION, String::as_str);
        let read = match self.type_name.as_str() {
            "aws_caller_identity" => data_sources::caller_identity(&config),
            "aws_partition" => data_sources::partition(&config),
            "aws_region" => data_sources::region(&config, region),
            "aws_iam_policy_document" => match data_sources::policy_document(&config) {
                Ok(read) => read,
                Err(error) => {
                    diags.root_error("Policy document not rendered", error.to_string());
                    return None;
                }
            },
            _ => plan::read_placeholder(self.block(), &config),
        };
        Some(Dynamic(read))
    }
}
