//! Discourse networks from claimgraph stances.
#![deny(missing_docs)]

mod error;
pub mod generate;
mod reader;
mod statements;

pub use error::NetworkError;
pub use reader::{ReadOptions, read_statements, read_statements_path};
pub use statements::{ActorInfo, Day, NO_DAY, Row, SourceInfo, Statements, TargetInfo, date_of, day_of};
