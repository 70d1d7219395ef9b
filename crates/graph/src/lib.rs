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
//! How positions are read, for every query (the meaning of a stance is
//! decided in `claimgraph-core` and shared with the discourse networks):
//! - A stance is dated by [`Dataset::stance_date`](claimgraph_core::Dataset::stance_date):
//!   its `as_of`, else the earliest date of its evidence. With
//!   [`Query::as_of`], stances dated later do not count; undated stances
//!   always count.
//! - For one actor and one target, the stances at the latest date count
//!   (with undated ones); if they disagree the position is `mixed` — never a
//!   silent overwrite. Silence (`no_comment`, `no_response`) gives way to any
//!   real position, on the same day or earlier: declining to comment is not
//!   a change of position (a [`Timeline`] still lists the actor's own return
//!   to silence as one).
//! - A negated `supports`/`opposes` ("does not support") counts as `neutral`.
//! - A proposer supports its own proposal unless a stance of its own says
//!   otherwise; such a position is marked [`Inferred::ProposedIt`], never
//!   passed off as a quote.
//! - Roll-up through points ([`Query::roll_up_points`]) combines an actor's
//!   positions on a proposal and on each of its points, at every level.
//!   Inheritance ([`Query::inherit_from_parent`]) gives a point the actor's
//!   position on the nearest proposal above it, where the actor has none on
//!   the point.
//! - Roll-up through ties ([`Query::roll_up_members`]) gives an actor the
//!   positions of those who speak for it — office holders (`role`),
//!   spokespeople and organs (`part`), directly or through others (Kallas →
//!   the EU; a ministry → the state) — where it has none of its own. A
//!   member does not speak for its union or alliance: France backing a plan
//!   is not the EU backing it. A stance rolls up only through ties that held
//!   on its date and on the query's `as_of` day, and every rolled-up basis
//!   names the [`Tie`]s it passed through. An actor with a position of its
//!   own keeps it and speaks for those tied to it; its own silence does not
//!   block what another organ said.
//! - A [`Timeline`] reads each day by these rules as of that day: what
//!   counts for the actor on a day is what [`ClaimGraph::positions`] counts
//!   as of it, and an organ's silence is not its principal's when the
//!   principal had a position by then.
//! - Records judged the same ([`claimgraph_core::SameAs`]) answer under one
//!   canonical id; the evidence keeps the ids they were written with.
//! - [`Attribution`]: evidence is the holder's own words, words of one who
//!   speaks for it (an office holder, a spokesperson, a part of it, directly
//!   or through others, as roll-up goes), a document (the outlet's own
//!   assertion), or hearsay — the words of anyone else, such as "U.S.
//!   officials said Trump supports the plan".
//! - Every query takes actors and targets as typed ids, plain ids, names or
//!   aliases, through [`ClaimGraph::find_actor`] and its siblings.
//!
//! The graph is built in O(n) for n records and references; each query
//! states its cost. petgraph indices stay inside the crate: answers name
//! records by their ids.
#![deny(missing_docs)]

mod analysis;
mod compare;
mod error;
mod graph;
mod lookup;
mod query;
mod why;

pub use analysis::{
    Balance, Binding, Coalition, ConcessionItem, Conflict, Conflicts, ObligationItem, PartyBalance,
    PointSummary, PositionChange, SplitTarget, Timeline, TimelineEntry,
};
pub use compare::{Comparison, PointRow, PointSide, PointStatus, QuantityDiff, Relationship};
pub use error::GraphError;
pub use graph::{ClaimGraph, EdgeKind, GraphEdge, Tie, Via, ViaSummary};
pub use query::{Basis, Holding, Inferred, Query, combine, stance_date};
pub use why::{Attribution, EvidenceChain, EvidenceLink, QuoteView, SourceView, Why};
