//! Checks of Paved's output by its real consumers. One test binary, one module per consumer.

mod golden;
mod terraform_fmt;
