//! claimgraph: claims in the news as an evidence-backed graph.
//!
//! This facade re-exports the workspace's crates: [`core`] (the data model,
//! validation and canonical JSON).
#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub use claimgraph_core as core;
pub use claimgraph_core::*;
pub use claimgraph_generate as generate;
pub use claimgraph_graph as graph;
pub use claimgraph_io as io;
pub use claimgraph_network as network;
