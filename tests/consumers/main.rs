//! Checks of Paved's output by its real consumers. One test binary, one module per consumer.

mod golden;
mod hcl_round_trip;
mod terraform_literals;
mod terraform_fmt;
