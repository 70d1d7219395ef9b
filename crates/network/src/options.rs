//! What network to build, and from which statements.

use std::fmt;
use std::str::FromStr;

use claimgraph_core::ActorKind;
use serde::Serialize;

use crate::error::NetworkError;
use crate::statements::Day;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The value's name on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = NetworkError;
            fn from_str(s: &str) -> Result<$name, NetworkError> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(NetworkError::BadOption {
                        option: stringify!($name),
                        message: format!(
                            "unknown value {s:?}; expected one of: {}",
                            [$($text),+].join(", ")
                        ),
                    }),
                }
            }
        }
    };
}
pub(crate) use choice;

choice!(
    /// Which network.
    Kind {
        /// Actor × target: who said something about what.
        Affiliation = "affiliation",
        /// Actor × actor (or target × target): weight from shared positions.
        Congruence = "congruence",
        /// Actor × actor: weight from opposite positions.
        Conflict = "conflict",
        /// Congruence minus conflict.
        Subtract = "subtract",
        /// Actor × actor co-occurrence: positions ignored.
        CoOccurrence = "co-occurrence",
    }
);

choice!(
    /// How an affiliation network treats positions.
    Positions {
        /// Count statements whatever their position.
        Ignore = "ignore",
        /// Encode which positions occur: 1 only supports, 2 only opposes, 3 both.
        /// Not on a graded scale, and without normalisation.
        Combine = "combine",
        /// Supporting minus opposing statements (graded: the sum of values).
        Subtract = "subtract",
    }
);

choice!(
    /// How edge weights are normalised. Formulas in `docs/NETWORKS.md`.
    Normalization {
        /// Raw weights.
        None = "none",
        /// Divide by the pair's average number of statements, (tot_i + tot_j)/2.
        Average = "average",
        /// The weighted Jaccard similarity (Σ min / Σ max) of the two position
        /// vectors (conflict: against the other's mirrored vector); for 0/1
        /// data the set Jaccard index. On a graded scale, the Tanimoto
        /// coefficient with the agreement kernel as inner product. In [0, 1].
        Jaccard = "jaccard",
        /// The cosine of the two position vectors, ω / (‖a_i‖·‖a_j‖) (on a
        /// graded scale, the soft cosine with the agreement kernel). In [0, 1].
        Cosine = "cosine",
        /// The Discourse Network Analyzer's "cosine", ω / (tot_i·tot_j): kept for
        /// comparison with its output; not a cosine.
        DnaCosine = "dna-cosine",
        /// Affiliation only: divide by the actor's number of statements.
        Activity = "activity",
        /// Affiliation only: divide by the target's number of statements.
        Prominence = "prominence",
    }
);

choice!(
    /// Which statements count once.
    Duplicates {
        /// Every statement counts.
        All = "all",
        /// A (holder, target, position) counts once per source.
        Source = "source",
        /// Once per ISO week (year-aware: week 10 of 2020 is not week 10 of 2021).
        Week = "week",
        /// Once per calendar month (year-aware).
        Month = "month",
        /// Once per calendar year.
        Year = "year",
        /// Once over the whole range.
        Range = "range",
    }
);

choice!(
    /// Which nodes a one-mode network links.
    Over {
        /// Actors, linked through the targets they speak on.
        Actors = "actors",
        /// Targets, linked through the actors who speak on them.
        Targets = "targets",
    }
);

/// A declared scale for graded positions: intensities lie in `min..=max`.
/// A statement without an intensity takes `max` when it supports, `min` when
/// it opposes and the midpoint when neutral.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Scale {
    /// The lowest value.
    pub min: f64,
    /// The highest value.
    pub max: f64,
}

impl Scale {
    /// A scale, checked to be finite and non-empty.
    pub fn new(min: f64, max: f64) -> Result<Scale, NetworkError> {
        if !(min.is_finite() && max.is_finite() && min < max) {
            return Err(NetworkError::BadOption {
                option: "scale",
                message: format!("{min}..{max} is not a scale: it needs finite min < max"),
            });
        }
        Ok(Scale { min, max })
    }
}

/// A source field a filter tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SourceField {
    /// The publisher.
    Publisher,
    /// The kind of document.
    Kind,
    /// The language.
    Language,
    /// The source's id.
    Id,
}

impl FromStr for SourceField {
    type Err = NetworkError;
    fn from_str(s: &str) -> Result<SourceField, NetworkError> {
        match s {
            "publisher" => Ok(SourceField::Publisher),
            "kind" => Ok(SourceField::Kind),
            "language" => Ok(SourceField::Language),
            "id" => Ok(SourceField::Id),
            _ => Err(NetworkError::BadOption {
                option: "source field",
                message: format!("unknown field {s:?}; expected publisher, kind, language or id"),
            }),
        }
    }
}

/// Which statements a network is built from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Filters {
    /// First day (inclusive).
    #[serde(serialize_with = "crate::statements::serialize_opt_day")]
    pub from: Option<Day>,
    /// Last day (inclusive).
    #[serde(serialize_with = "crate::statements::serialize_opt_day")]
    pub to: Option<Day>,
    /// Only these actors (ids), when not empty.
    pub include_actors: Vec<String>,
    /// Never these actors (ids).
    pub exclude_actors: Vec<String>,
    /// Only these targets (ids), when not empty.
    pub include_targets: Vec<String>,
    /// Never these targets (ids).
    pub exclude_targets: Vec<String>,
    /// Only actors of these kinds, when not empty.
    pub include_kinds: Vec<ActorKind>,
    /// Never actors of these kinds.
    pub exclude_kinds: Vec<ActorKind>,
    /// Only statements whose source has one of these values in the field, per field.
    pub include_sources: Vec<(SourceField, String)>,
    /// Never statements whose source has this value in the field.
    pub exclude_sources: Vec<(SourceField, String)>,
    /// Drop actors and targets with fewer statements than this (after the other filters).
    pub min_frequency: usize,
    /// Keep nodes that end up without an edge.
    pub isolates: bool,
}

/// Everything that defines a network. Build it with the constructors and
/// setters:
///
/// ```
/// use claimgraph_network::{Duplicates, NetworkOptions, Normalization};
/// let options = NetworkOptions::congruence()
///     .normalization(Normalization::Cosine)
///     .duplicates(Duplicates::Source)
///     .min_weight(0.1);
/// assert_eq!(options.kind.as_str(), "congruence");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkOptions {
    /// Which network.
    pub kind: Kind,
    /// One-mode networks: actors or targets.
    pub over: Over,
    /// Affiliation networks: how positions count.
    pub positions: Positions,
    /// How weights are normalised.
    pub normalization: Normalization,
    /// Which statements count once.
    pub duplicates: Duplicates,
    /// Graded positions on a declared scale; `None` for supports/opposes.
    pub scale: Option<Scale>,
    /// Which statements count.
    pub filters: Filters,
    /// Drop edges whose absolute weight is below this.
    pub min_weight: Option<f64>,
    /// Keep, for each node, only its k strongest edges (an edge stays if it
    /// is among the k strongest of either end).
    pub top_k: Option<usize>,
    /// The most edges a network may hold ([`DEFAULT_MAX_EDGES`] unless set):
    /// a network that could hold more is refused before it is built
    /// ([`NetworkError::TooManyEdges`]), with the estimate and what would
    /// make it smaller. Not part of the network's description (not written
    /// with it).
    #[serde(skip)]
    pub max_edges: u64,
}

/// The most edges a network may hold unless [`NetworkOptions::max_edges`]
/// says otherwise: 10^8, about 1.6 GB of edges (16 bytes each), twice that
/// while they are gathered. Every actor pair of 10,000 actors is 5·10^7.
pub const DEFAULT_MAX_EDGES: u64 = 100_000_000;

impl NetworkOptions {
    /// A network of the given kind with every other option at its default:
    /// over actors, no normalisation, every statement counted, no filter.
    pub fn new(kind: Kind) -> NetworkOptions {
        NetworkOptions {
            kind,
            over: Over::Actors,
            positions: Positions::Ignore,
            normalization: Normalization::None,
            duplicates: Duplicates::All,
            scale: None,
            filters: Filters::default(),
            min_weight: None,
            top_k: None,
            max_edges: DEFAULT_MAX_EDGES,
        }
    }

    /// An actor congruence network.
    pub fn congruence() -> NetworkOptions {
        NetworkOptions::new(Kind::Congruence)
    }

    /// An actor conflict network.
    pub fn conflict() -> NetworkOptions {
        NetworkOptions::new(Kind::Conflict)
    }

    /// An actor subtract network.
    pub fn subtract() -> NetworkOptions {
        NetworkOptions::new(Kind::Subtract)
    }

    /// An actor × target affiliation network.
    pub fn affiliation(positions: Positions) -> NetworkOptions {
        let mut o = NetworkOptions::new(Kind::Affiliation);
        o.positions = positions;
        o
    }

    /// Sets the nodes of a one-mode network.
    pub fn over(mut self, over: Over) -> NetworkOptions {
        self.over = over;
        self
    }

    /// Sets the normalisation.
    pub fn normalization(mut self, n: Normalization) -> NetworkOptions {
        self.normalization = n;
        self
    }

    /// Sets duplicate handling.
    pub fn duplicates(mut self, d: Duplicates) -> NetworkOptions {
        self.duplicates = d;
        self
    }

    /// Sets a declared scale for graded positions.
    pub fn scale(mut self, scale: Scale) -> NetworkOptions {
        self.scale = Some(scale);
        self
    }

    /// Sets the filters.
    pub fn filters(mut self, filters: Filters) -> NetworkOptions {
        self.filters = filters;
        self
    }

    /// Sets the minimum absolute edge weight.
    pub fn min_weight(mut self, w: f64) -> NetworkOptions {
        self.min_weight = Some(w);
        self
    }

    /// Keeps each node's k strongest edges.
    pub fn top_k(mut self, k: usize) -> NetworkOptions {
        self.top_k = Some(k);
        self
    }

    /// Sets the most edges the network may hold ([`DEFAULT_MAX_EDGES`] by
    /// default). How many it could hold is estimated from the statements
    /// before anything is built: for a one-mode network, the pairs of rows
    /// that share a column, Σ over columns of m(m − 1)/2 for m rows in it,
    /// at most n(n − 1)/2 for n rows; with top-k, at most k per node; for an
    /// affiliation network, its (row, column) cells. With a minimum weight
    /// and no top-k, a network whose estimate passes the limit is built all
    /// the same and refused once the edges it keeps pass it, since the
    /// weights are not known before.
    ///
    /// ```
    /// use claimgraph_network::NetworkOptions;
    /// let options = NetworkOptions::congruence().max_edges(1_000_000);
    /// assert_eq!(options.max_edges, 1_000_000);
    /// ```
    pub fn max_edges(mut self, n: u64) -> NetworkOptions {
        self.max_edges = n;
        self
    }

    /// Checks that the options fit together.
    pub fn check(&self) -> Result<(), NetworkError> {
        let bad = |option: &'static str, message: String| {
            Err(NetworkError::BadOption { option, message })
        };
        let two_mode_only = matches!(
            self.normalization,
            Normalization::Activity | Normalization::Prominence
        );
        if self.kind == Kind::Affiliation {
            if !matches!(
                self.normalization,
                Normalization::None | Normalization::Activity | Normalization::Prominence
            ) {
                return bad(
                    "normalize",
                    format!(
                        "{} applies to one-mode networks; an affiliation network takes none, activity or prominence",
                        self.normalization
                    ),
                );
            }
            if self.positions == Positions::Combine && self.normalization != Normalization::None {
                return bad(
                    "normalize",
                    format!(
                        "combine encodes which positions occur (1, 2, 3); {} would divide those codes, which has no meaning",
                        self.normalization
                    ),
                );
            }
            if self.positions == Positions::Combine && self.scale.is_some() {
                return bad(
                    "positions",
                    "combine encodes which of supports and opposes occur; on a graded scale use subtract or ignore"
                        .into(),
                );
            }
        } else if two_mode_only {
            return bad(
                "normalize",
                format!(
                    "{} applies to affiliation networks only",
                    self.normalization
                ),
            );
        }
        if let Some(w) = self.min_weight
            && !w.is_finite()
        {
            return bad("min-weight", format!("{w} is not a number"));
        }
        if self.top_k == Some(0) {
            return bad("top-k", "must be at least 1".into());
        }
        if self.max_edges == 0 {
            return bad("max-edges", "must be at least 1".into());
        }
        if let (Some(a), Some(b)) = (self.filters.from, self.filters.to)
            && a > b
        {
            return bad("from/to", "the first day is after the last".into());
        }
        Ok(())
    }
}
