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

choice!(
    /// What the actor side of a network is: the actor who made a statement
    /// (the default), or a variable of the actor or of the statement's
    /// source, whose values become the nodes. The variable stands wherever
    /// actors would: the rows of an actor network or an affiliation
    /// network, the columns through which a target network links targets.
    NodeVariable {
        /// The actor who made the statement.
        Actor = "actor",
        /// The actors the statement's actor speaks for on the statement's
        /// day through a tie that carries a position
        /// ([`Affiliation::carries_position_on`](claimgraph_core::Affiliation::carries_position_on):
        /// role, spokesperson, part — not member); the actor itself when no
        /// tie carries it. With several such ties the statement counts once
        /// for each actor they reach. Ties are followed one step.
        Organisation = "organisation",
        /// The actor's kind (`person`, `state`, ...); statements of actors
        /// of unknown kind are left out.
        Kind = "kind",
        /// The actor's country; statements of actors without one are left out.
        Country = "country",
        /// The source's publisher; statements whose source has none are left out.
        Publisher = "publisher",
        /// The source's kind of document (`article`, `transcript`, ...).
        SourceKind = "source-kind",
        /// The source's language.
        Language = "language",
        /// The source itself (its id).
        Source = "source",
    }
);

choice!(
    /// A field a filter tests, for [`Filters::invert`].
    FilterField {
        /// The actor's id (`include_actors`, `exclude_actors`).
        Actor = "actor",
        /// The actor's kind (`include_kinds`, `exclude_kinds`).
        Kind = "kind",
        /// The actor's country (`include_countries`, `exclude_countries`).
        Country = "country",
        /// The organisations the statement counts for
        /// (`include_organisations`, `exclude_organisations`).
        Organisation = "organisation",
        /// The target's id (`include_targets`, `exclude_targets`).
        Target = "target",
        /// The source's publisher (`include_sources`, `exclude_sources`).
        Publisher = "publisher",
        /// The source's kind of document.
        SourceKind = "source-kind",
        /// The source's language.
        Language = "language",
        /// The source's id.
        Source = "source",
    }
);

impl FilterField {
    /// The source field this field tests, if it is one.
    pub fn source_field(self) -> Option<SourceField> {
        match self {
            FilterField::Publisher => Some(SourceField::Publisher),
            FilterField::SourceKind => Some(SourceField::Kind),
            FilterField::Language => Some(SourceField::Language),
            FilterField::Source => Some(SourceField::Id),
            _ => None,
        }
    }
}

choice!(
    /// Where duplicates are removed when a network is cut into windows or
    /// time slices.
    DuplicateScope {
        /// Inside each window: a window's network is the network of its
        /// statements alone, as if built from scratch on them.
        Window = "window",
        /// Once over the whole selection, keeping the earliest statement of
        /// each duplicate group (ties in input order), before the windows
        /// are cut: the Discourse Network Analyzer's rule.
        Range = "range",
    }
);

choice!(
    /// A kernel for time slices ([`crate::Smoothing`]). Each is a
    /// probability density K(u) on the standardised distance u = (d − t)/h
    /// of a statement's day d from the time point t, for a bandwidth h;
    /// a statement is weighted K(u)/K(0), so one made at the time point
    /// counts 1. Formulas in `docs/NETWORKS.md`.
    Kernel {
        /// K(u) = 1/2 for |u| ≤ 1: weight 1 within the bandwidth.
        Uniform = "uniform",
        /// K(u) = 1 − |u| for |u| ≤ 1.
        Triangular = "triangular",
        /// K(u) = 3/4 (1 − u²) for |u| ≤ 1.
        Epanechnikov = "epanechnikov",
        /// K(u) = exp(−u²/2)/√(2π), not truncated: every statement counts.
        Gaussian = "gaussian",
    }
);

impl Kernel {
    /// The kernel density K(u).
    ///
    /// ```
    /// use claimgraph_network::Kernel;
    /// assert_eq!(Kernel::Epanechnikov.density(0.5), 0.5625);
    /// assert_eq!(Kernel::Triangular.density(-1.5), 0.0);
    /// ```
    pub fn density(self, u: f64) -> f64 {
        let inside = u.abs() <= 1.0;
        match self {
            Kernel::Uniform if inside => 0.5,
            Kernel::Triangular if inside => 1.0 - u.abs(),
            Kernel::Epanechnikov if inside => 0.75 * (1.0 - u * u),
            Kernel::Gaussian => (-0.5 * u * u).exp() / (2.0 * std::f64::consts::PI).sqrt(),
            _ => 0.0,
        }
    }

    /// A statement's weight at standardised distance u: K(u)/K(0), 1 at
    /// the time point.
    ///
    /// ```
    /// use claimgraph_network::Kernel;
    /// assert_eq!(Kernel::Uniform.weight(1.0), 1.0);
    /// assert_eq!(Kernel::Triangular.weight(0.25), 0.75);
    /// assert_eq!(Kernel::Epanechnikov.weight(0.5), 0.75);
    /// assert_eq!(Kernel::Gaussian.weight(2.0), (-2.0f64).exp());
    /// ```
    pub fn weight(self, u: f64) -> f64 {
        self.density(u) / self.density(0.0)
    }

    /// Whether the kernel is zero beyond |u| > 1.
    pub fn is_compact(self) -> bool {
        self != Kernel::Gaussian
    }
}

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
    /// Only actors of these countries, when not empty (an actor without
    /// a country fails it).
    pub include_countries: Vec<String>,
    /// Never actors of these countries.
    pub exclude_countries: Vec<String>,
    /// Only statements that count for one of these organisations
    /// ([`NodeVariable::Organisation`]: the actors their actor speaks for
    /// on their day, or the actor itself), when not empty.
    pub include_organisations: Vec<String>,
    /// Never statements that count for one of these organisations.
    pub exclude_organisations: Vec<String>,
    /// Fields whose test is inverted: a statement passes such a field when
    /// it fails the field's include and exclude lists together, so
    /// inverting an exclusion keeps only what it names (the Discourse
    /// Network Analyzer's `invert` options) and inverting an inclusion
    /// drops what it names. A field inverted needs a list.
    pub invert: Vec<FilterField>,
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
    /// Windows and time slices: whether duplicates are removed in each
    /// window or once over the whole selection ([`DuplicateScope::Window`]
    /// by default).
    pub duplicate_scope: DuplicateScope,
    /// What the actor side's nodes are ([`NodeVariable::Actor`] by default).
    pub node_variable: NodeVariable,
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
    /// The most windows or time slices a series may have
    /// ([`DEFAULT_MAX_WINDOWS`] unless set): a window and step that would
    /// cut more are refused before any is built
    /// ([`NetworkError::TooManyWindows`]), with the count. Not part of the
    /// network's description.
    #[serde(skip)]
    pub max_windows: u64,
}

/// The most windows or time slices a series may have unless
/// [`NetworkOptions::max_windows`] says otherwise: 100,000, a daily series
/// of 270 years. Each window is a network over every node of the selection.
pub const DEFAULT_MAX_WINDOWS: u64 = 100_000;

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
            duplicate_scope: DuplicateScope::Window,
            node_variable: NodeVariable::Actor,
            scale: None,
            filters: Filters::default(),
            min_weight: None,
            top_k: None,
            max_edges: DEFAULT_MAX_EDGES,
            max_windows: DEFAULT_MAX_WINDOWS,
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

    /// Sets where duplicates are removed in windows and time slices.
    pub fn duplicate_scope(mut self, scope: DuplicateScope) -> NetworkOptions {
        self.duplicate_scope = scope;
        self
    }

    /// Sets what the actor side's nodes are: actors, their organisations,
    /// kinds or countries, or a field of the statements' sources.
    ///
    /// ```
    /// use claimgraph_network::{NetworkOptions, NodeVariable};
    /// let o = NetworkOptions::congruence().node_variable(NodeVariable::Organisation);
    /// assert_eq!(o.node_variable.as_str(), "organisation");
    /// ```
    pub fn node_variable(mut self, v: NodeVariable) -> NetworkOptions {
        self.node_variable = v;
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

    /// Sets the most windows or time slices a series may have
    /// ([`DEFAULT_MAX_WINDOWS`] unless set); more are refused before any is
    /// built.
    ///
    /// ```
    /// use claimgraph_network::NetworkOptions;
    /// let options = NetworkOptions::congruence().max_windows(500);
    /// assert_eq!(options.max_windows, 500);
    /// ```
    pub fn max_windows(mut self, n: u64) -> NetworkOptions {
        self.max_windows = n;
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
        if self.max_windows == 0 {
            return bad("max-windows", "must be at least 1".into());
        }
        for field in &self.filters.invert {
            let f = &self.filters;
            let listed = match field {
                FilterField::Actor => !f.include_actors.is_empty() || !f.exclude_actors.is_empty(),
                FilterField::Kind => !f.include_kinds.is_empty() || !f.exclude_kinds.is_empty(),
                FilterField::Country => {
                    !f.include_countries.is_empty() || !f.exclude_countries.is_empty()
                }
                FilterField::Organisation => {
                    !f.include_organisations.is_empty() || !f.exclude_organisations.is_empty()
                }
                FilterField::Target => {
                    !f.include_targets.is_empty() || !f.exclude_targets.is_empty()
                }
                other => {
                    let sf = other.source_field();
                    f.include_sources
                        .iter()
                        .chain(&f.exclude_sources)
                        .any(|(x, _)| Some(*x) == sf)
                }
            };
            if !listed {
                return bad(
                    "invert",
                    format!(
                        "{field} has no include or exclude list to invert; name values with an include or exclude filter on {field}"
                    ),
                );
            }
        }
        if let (Some(a), Some(b)) = (self.filters.from, self.filters.to)
            && a > b
        {
            return bad("from/to", "the first day is after the last".into());
        }
        Ok(())
    }
}
