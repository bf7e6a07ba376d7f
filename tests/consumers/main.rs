//! Checks of Paved's output by its real consumers. One test binary, one module per consumer.

mod aws_behaviour;
mod checkov;
mod collections;
mod event_bus;
mod fanout;
mod golden;
mod hcl_round_trip;
mod hostile_stacks;
mod map_outputs;
mod policy_checkov;
mod provider_aliases;
mod provider_schema;
mod registry_catalog;
mod registry_object_store;
mod registry_storage;
mod registry_terraform;
mod s3_events;
mod services;
mod stacks;
mod streams;
mod terraform_fmt;
mod terraform_literals;
mod terraform_plan;
mod validation_agreement;
mod workflow;
