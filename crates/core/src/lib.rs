//! The claimgraph data model: who said what, who proposes what, who would give
//! up what, and who supports or opposes what — every fact traceable to the
//! words and the document it came from.
//!
//! A [`Dataset`] owns every record: [`Source`]s, [`Actor`]s, [`Proposal`]s and
//! their points, [`Concession`]s, [`Claim`]s, [`Quote`]s, [`Stance`]s and
//! [`Relation`]s. Records refer to each other by typed ids;
//! [`Dataset::validate`] checks that every reference resolves to the right kind
//! and reports every problem at once. The canonical file format is the serde
//! form of a dataset ([`Dataset::to_json`]); large corpora use JSON Lines
//! ([`JsonLines`]). Every reader keeps within [`Limits`] — line, file and
//! string lengths, record count, nesting — so that a hostile file is refused
//! early, naming the place and the limit; every error quotes a value through
//! [`clip`], so it stays one readable line.
//!
//! ```
//! use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position, QuoteMode, SourceKind};
//!
//! let mut b = DatasetBuilder::new();
//! let article = b.source("wsj-2025-11-20", "Europeans push back on U.S. peace plan")
//!     .kind(SourceKind::Article)
//!     .published("2025-11-20")
//!     .id();
//! let us_officials = b.actor("us-officials", "U.S. officials", ActorKind::Unnamed).id();
//! let trump = b.actor("trump", "Donald Trump", ActorKind::Person).id();
//! let plan = b.proposal("plan-28", "28-point peace plan").proposed_by(&trump).id();
//! // Hearsay: the words are the officials', the stance is Trump's.
//! let q = b.quote("q-trump", &us_officials, &article, QuoteMode::Indirect,
//!         "Trump supports the new plan")
//!     .cue("said")
//!     .id();
//! b.stance("s-trump-plan", &trump, &plan, Position::Supports).quote(&q);
//! let dataset = b.build()?;
//!
//! let json = dataset.to_json();
//! assert_eq!(Dataset::from_json(&json)?, dataset);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod builder;
mod capital;
mod country;
mod dataset;
mod error;
mod extra;
mod id;
mod identity;
mod json;
mod limits;
mod meaning;
mod merge;
mod model;
mod validate;
mod when;

pub use builder::{BuildError, DatasetBuilder, Entry, InputProblem};
pub use country::{ISO3166_ALPHA3, is_iso3166_alpha3};
pub use dataset::{Dataset, RecordMut, RecordRef, Stored};
pub use error::{Clipped, DatasetError, ReadError, UnknownValue, clip};
pub use id::{
    ActorId, ClaimId, ConcessionId, IdError, MAX_ID_LEN, ObligationId, ProposalId, QuoteId,
    RecordId, RelationId, SameAsId, SourceId, StanceId,
};
pub use identity::{Candidate, Identities, Reason, normalise_name};
pub use json::{FORMAT, FileFormat, JsonLines, Sniffed, looks_like_jsonl, sniff, sniff_with};
pub use limits::{Limit, LimitError, Limits, LimitsBuilder};
pub use meaning::effective_position;
pub use merge::{MergeConflict, Merged, Merger, Side};
pub use model::{
    Actor, ActorKind, Affiliation, AffiliationKind, Claim, Comparator, Concession,
    ConcessionStatus, Evidence, Judgement, Modality, Obligation, ObligationKind, Position,
    Proposal, ProposalKind, ProposalStatus, Quantity, Quote, QuoteMode, Record, RecordType,
    Relation, RelationKind, SameAs, Source, SourceKind, Span, Stance, Topic,
};
pub use validate::{Problem, ProblemKind, Report, Severity};
pub use when::{Precision, When, WhenError};
