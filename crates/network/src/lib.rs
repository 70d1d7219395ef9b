//! Discourse networks from claimgraph stances: who agrees and disagrees with
//! whom, as in Discourse Network Analysis — with the formulas stated, the
//! cosine a true cosine, duplicates counted by calendar buckets that know the
//! year, and built for corpora of millions of statements.
//!
//! ```
//! use claimgraph_core::{ActorKind, DatasetBuilder, Position};
//! use claimgraph_network::{NetworkOptions, Normalization, Statements, network};
//!
//! let mut b = DatasetBuilder::new();
//! let src = b.source("src", "Report").published("2025-11-20").id();
//! let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
//! let paris = b.actor("france", "France", ActorKind::State).id();
//! let dc = b.actor("usa", "United States", ActorKind::State).id();
//! let plan = b.proposal("plan", "Peace plan").id();
//! b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
//! b.stance("s2", &paris, &plan, Position::Opposes).source(&src);
//! b.stance("s3", &dc, &plan, Position::Supports).source(&src);
//! let ds = b.build()?;
//! let statements = Statements::from_dataset(&ds);
//!
//! let agree = network(&statements, &NetworkOptions::congruence())?;
//! assert_eq!(agree.weight("france", "ukraine"), Some(1.0));
//! let clash = network(&statements, &NetworkOptions::conflict().normalization(Normalization::Cosine))?;
//! assert_eq!(clash.weight("ukraine", "usa"), Some(1.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod backbone;
mod check;
mod clusters;
mod compute;
mod error;
mod network;
mod options;
mod polarisation;
mod reader;
mod rng;
mod scan;
mod slices;
mod statements;
mod window;

pub use backbone::{
    Acceptance, Backbone, BackboneIteration, BackboneOptions, BackboneProgress, BackboneSearch,
    BackboneSplit, BackboneStep, DEFAULT_ITERATIONS, DEFAULT_MAX_NODES, DEFAULT_PENALTY,
    NestedBackbone, NestedStep, Spectrum, backbone, backbone_with_progress, evaluate_backbone,
    nested_backbone, nested_backbone_with_progress,
};
pub use clusters::{
    ClusterIteration, ClusterMember, ClusterMethod, ClusterOptions, ClusterProgress, Clusters,
    Community, NegativeWeights, clusters, clusters_of, clusters_with_progress, modularity,
    modularity_by_id,
};
pub use compute::{network, network_with_threads};
pub use error::NetworkError;
pub use network::{
    Edge, FORMULA_TRIGGERS, Network, Node, NodeMode, csv_field, neutralise, unneutralise,
};
pub use options::{
    DEFAULT_MAX_EDGES, DEFAULT_MAX_WINDOWS, DuplicateScope, Duplicates, FilterField, Filters,
    Kernel, Kind, NetworkOptions, NodeVariable, Normalization, Over, Positions, Scale, SourceField,
};
pub use polarisation::{
    Membership, PartitionScore, Polarisation, PolarisationCsv, PolarisationOptions,
    PolarisationProgress, PolarisationTable, ProgressFn, Search, SearchTrace, Start, Step,
    for_each_polarisation_slice, for_each_polarisation_window, polarisation, polarisation_of,
    polarisation_slices, polarisation_windows, score_partition, write_memberships_csv,
    write_polarisation_csv, write_steps_csv,
};
pub use reader::{ReadOptions, read_statements, read_statements_from, read_statements_path};
pub use slices::{Slice, Smoothing, for_each_slice, slices};
pub use statements::{
    ActorDetails, ActorInfo, Day, NO_DAY, Row, SourceInfo, Statements, TargetInfo, date_of, day_of,
};
pub use window::{Span, Window, for_each_window, windows};
