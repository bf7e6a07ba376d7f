//! Checks of Paved's output by its real consumers. One test binary, one module per consumer.

mod golden;
mod hcl_round_trip;
mod provider_schema;
mod terraform_literals;
mod validation_agreement;
mod terraform_fmt;
