//! claimgraph datasets and networks in and out of the formats other tools
//! read and write: Graphviz DOT, GraphML (Gephi, networkx, igraph, yEd,
//! Cytoscape), GEXF with time (Gephi), CSV tables (spreadsheets, Gephi's
//! importer), AIF JSON (AIFdb, OVA, the QT30 corpus), and the databases of
//! the Discourse Network Analyzer.
//!
//! Each format is a module. DOT, GraphML, GEXF and the CSV node and edge
//! tables write one graph of a dataset, decided once (which records are
//! nodes, which references are edges, in what order;
//! `docs/FORMATS.md` (The graph every exporter writes)), so they agree node for node and edge for edge.
//! Writers escape what their format needs escaped, so no string in a
//! dataset can change the structure of the output; readers never trust
//! their input and report what they cannot use, never dropping it silently.
//! `docs/FORMATS.md` says what goes where in each format, and what a format
//! cannot carry.
#![deny(missing_docs)]

pub mod aif;
pub mod csv;
pub mod dna;
pub mod dot;
pub mod gexf;
pub mod graphml;

mod error;
mod view;

pub use error::{ImportWarning, Imported, IoError};
