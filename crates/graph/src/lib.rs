//! The graph view of a claimgraph [`Dataset`](claimgraph_core::Dataset), and
//! the questions a journalist or analyst asks of it: who supports or opposes
//! what (as of a date, rolled up through membership or points), how an
//! actor's position changed, which points are contested, which actors are in
//! conflict or in coalition, what each party would give up — and, for every
//! answer, the evidence chain behind it ("says who?").
//!
//! ```
//! use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
//! use claimgraph_graph::{Attribution, ClaimGraph, Query};
//!
//! let mut b = DatasetBuilder::new();
//! let src = b.source("src", "Europeans push back").published("2025-11-20").id();
//! let officials = b.actor("us-officials", "U.S. officials", ActorKind::Unnamed).id();
//! let trump = b.actor("trump", "Donald Trump", ActorKind::Person).id();
//! let plan = b.proposal("plan", "28-point peace plan").id();
//! let q = b.quote("q", &officials, &src, QuoteMode::Indirect, "Trump supports the new plan").id();
//! b.stance("s", &trump, &plan, Position::Supports).quote(&q);
//! let ds = b.build()?;
//!
//! let graph = ClaimGraph::new(&ds);
//! let why = graph.why("trump", "plan", &Query::new())?;
//! assert_eq!(why.position, Some(Position::Supports));
//! assert!(matches!(why.chains[0].evidence[0].attribution, Attribution::Hearsay { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How positions are read, for every query:
//! - A stance is dated by its `as_of`, else by its latest evidence (a quote's
//!   date, else its source's publication date). With [`Query::as_of`], stances
//!   dated later do not count; undated stances always count.
//! - For one actor and one target, the stances at the latest date count
//!   (with undated ones); if they disagree the position is `mixed` — never a
//!   silent overwrite. `no_comment` gives way to any real position.
//! - A negated `supports`/`opposes` ("does not support") counts as `neutral`.
//! - Roll-up through points combines an actor's positions on a proposal and
//!   its points; roll-up through membership gives an organisation the
//!   combined positions of those tied to it, where it has none of its own.
#![deny(missing_docs)]

mod analysis;
mod error;
mod graph;
mod lookup;
mod query;
mod why;

pub use analysis::{
    Balance, Binding, Coalition, ConcessionItem, Conflict, PartyBalance, PointSummary,
    PositionChange, SplitTarget, Timeline, TimelineEntry,
};
pub use error::GraphError;
pub use graph::{ClaimGraph, EdgeKind, GraphEdge};
pub use query::{Basis, Holding, Query, combine, stance_date};
pub use why::{Attribution, EvidenceChain, EvidenceLink, QuoteView, SourceView, Why};
