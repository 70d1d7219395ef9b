//! The subcommands, one module each: its arguments and its `run`.

pub mod analyse;
pub mod dedupe;
pub mod export;
pub mod generate;
pub mod import;
pub mod merge;
pub mod network;
pub mod plot;
pub mod query;
pub mod render;
pub mod show;
pub mod validate;
