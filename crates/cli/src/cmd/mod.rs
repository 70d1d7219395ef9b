//! The subcommands, one module each: its arguments and its `run`.

pub mod generate;
pub mod network;
pub mod query;
pub mod show;
pub mod validate;
