//! Discourse networks from claimgraph stances.
#![deny(missing_docs)]

pub mod generate;
