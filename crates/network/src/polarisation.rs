//! Polarisation: how well the actors split into k groups that agree inside
//! and disagree across, scored by the absolute-difference quality of
//! Leifeld's polarisation measure and searched for greedily or by a genetic
//! algorithm, on one network, over moving time windows or over
//! kernel-smoothed time slices.
//!
//! # The quality
//!
//! Take the congruence network C and the conflict network K over the same n
//! actors (only actors with a tie in either count), a partition g of them
//! into k groups, and read every sum over the unordered pairs {i, j}:
//!
//! - the edge mass M_C = Σ |C_ij|, M_K = Σ |K_ij|, M = M_C + M_K;
//! - W = Σ_c n_c(n_c − 1)/2 pairs within a group and B = n(n − 1)/2 − W
//!   pairs between groups, for group sizes n_c;
//! - the expected (even) shares: all congruence spread evenly over the pairs
//!   within groups, t_C = M_C / W, and all conflict evenly over the pairs
//!   between groups, t_K = M_K / B (0 where W or B is 0);
//! - the absolute difference of the network from that polarised template,
//!
//!   D(g) = Σ_{within} (|C_ij − t_C| + |K_ij|) + Σ_{between} (|C_ij| + |K_ij − t_K|).
//!
//! Every expected share sums to the mass it spreads, so D ≤ 2M, and
//!
//! - the polarisation is P(g) = M − D(g)/2, in units of edge weight, in [0, M];
//! - normalised (`normalise(true)`), P(g)/M = 1 − D(g)/(2M), in [0, 1]: 1 when
//!   congruence lies only within groups and conflict only between them, each
//!   spread evenly; 0 when all of it lies the other way round.
//!
//! The polarisation of a network is the highest P over the partitions into k
//! groups of equal size (sizes ⌊n/k⌋ and ⌈n/k⌉), as DNA holds them: free sizes
//! would let a single large group absorb a consensus (a network of pure,
//! even agreement scores 1 − 2/n with one actor apart, 1 − B/N, about 1/2,
//! with equal halves, for N = n(n − 1)/2 pairs).
//!
//! The terms, the even shares, the normalisation by 2M and the equal group
//! sizes are those of `dna_polarization` in rDNA and the Discourse Network
//! Analyzer (Philip Leifeld, *Discourse Network Analyzer* 3, class
//! `dna.export.Polarization`, method `qualityAbsdiff`, which rDNA's
//! `dna_polarization` calls; the measure's own description is that source
//! and its documentation, as no paper defining it was at hand). Where we
//! differ, and why, is in `docs/ANALYSES.md`, § Polarisation: DNA scales each
//! group's even share by the group's share of the pairs a second time (so the
//! shares sum to less than the mass) and maximises D itself, which ranks a
//! split that mixes two opposed camps above the split between them; we score
//! the fit to the template instead, so the camps' split scores 1.
//!
//! # Cost
//!
//! With n actors and m pairs with a tie: scoring a partition is O(n + m), not
//! O(n²) as DNA's matrix sums; over equal-sized groups t_C and t_K are fixed,
//! D is a constant plus a sum over the tied pairs within groups, and moving
//! one actor changes it by O(degree). The greedy search keeps, per actor, the
//! sum of its ties' costs towards each group and, per pair of groups, the
//! actors ordered by what moving them would gain: a sweep (every actor's best
//! move or swap) is O((n + m) · k · log n); in a dense network (average
//! degree at least n / log₂ n) a scan replaces the order, O(n² · k) a sweep.
//! The genetic algorithm costs O(parents · (n + m)) per generation.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};

use serde::Serialize;

use crate::compute::{network, total};
use crate::error::NetworkError;
use crate::network::{Network, Node, csv_field};
use crate::options::{Kind, NetworkOptions};
use crate::rng::SplitMix;
use crate::slices::{Smoothing, for_each_slice};
use crate::statements::{Day, Statements, date_of};
use crate::window::{Span, for_each_window};

/// How the partition is searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Search {
    /// Random equal-sized starts, each improved by moving and swapping single
    /// actors while the quality improves (DNA's default algorithm).
    Greedy,
    /// A genetic algorithm: elitism, crossover and mutation over a
    /// population of partitions (DNA's `algorithm = "genetic"`).
    Genetic,
}

impl Search {
    /// The name on the command line: `greedy`, `genetic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Search::Greedy => "greedy",
            Search::Genetic => "genetic",
        }
    }
}

impl FromStr for Search {
    type Err = NetworkError;
    fn from_str(s: &str) -> Result<Search, NetworkError> {
        match s {
            "greedy" => Ok(Search::Greedy),
            "genetic" => Ok(Search::Genetic),
            _ => Err(NetworkError::BadOption {
                option: "search",
                message: format!("unknown value {s:?}; expected greedy or genetic"),
            }),
        }
    }
}

/// How polarisation is measured and searched for. The defaults are DNA's
/// where DNA has one (two groups, unnormalised scores, the greedy search,
/// 50 parents, 1000 generations, 10% elites, 10% mutation):
///
/// ```
/// use claimgraph_network::{PolarisationOptions, Search};
/// let o = PolarisationOptions::new().groups(3).normalise(true).genetic().seed(7);
/// assert_eq!((o.groups, o.search, o.parents), (3, Search::Genetic, 50));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolarisationOptions {
    /// The number of groups k (at least 2).
    pub groups: usize,
    /// Report P/M in [0, 1] instead of P in units of edge weight.
    pub normalise: bool,
    /// The search.
    pub search: Search,
    /// The seed of every random draw: the same seed gives the same result.
    pub seed: u64,
    /// Greedy: how many random starts (each from its own stream of the seed).
    pub starts: usize,
    /// Greedy: the most sweeps over the actors per start.
    pub max_sweeps: usize,
    /// Genetic: the population size (DNA's `numParents`).
    pub parents: usize,
    /// Genetic: the most generations (DNA's `numIterations`); the search
    /// stops earlier once the population has converged.
    pub generations: usize,
    /// Genetic: the share of the best partitions kept unchanged (DNA's
    /// `elitePercentage`), in [0, 1]; at least one is kept.
    pub elite: f64,
    /// Genetic: the share of actors whose groups are swapped in pairs in
    /// every child that is not an elite (DNA's `mutationPercentage`), in [0, 1].
    pub mutation: f64,
    /// Genetic: the early stop looks back this many generations (DNA: 10);
    /// 0 runs every generation. On large networks every random partition
    /// scores within 0.005 of the others, so DNA's check stops after
    /// `patience` + 1 generations; 0 lets the search run on.
    pub patience: usize,
}

impl Default for PolarisationOptions {
    fn default() -> PolarisationOptions {
        PolarisationOptions::new()
    }
}

impl PolarisationOptions {
    /// Two groups, unnormalised, greedy with 10 starts, seed 0; for the
    /// genetic search 50 parents, 1000 generations, 10% elites and mutation.
    pub fn new() -> PolarisationOptions {
        PolarisationOptions {
            groups: 2,
            normalise: false,
            search: Search::Greedy,
            seed: 0,
            starts: 10,
            max_sweeps: 1000,
            parents: 50,
            generations: 1000,
            elite: 0.1,
            mutation: 0.1,
            patience: 10,
        }
    }

    /// Sets the number of groups.
    pub fn groups(mut self, k: usize) -> PolarisationOptions {
        self.groups = k;
        self
    }

    /// Reports P/M in [0, 1] (`true`) or P (`false`).
    pub fn normalise(mut self, yes: bool) -> PolarisationOptions {
        self.normalise = yes;
        self
    }

    /// Sets the search.
    pub fn search(mut self, search: Search) -> PolarisationOptions {
        self.search = search;
        self
    }

    /// Searches greedily.
    pub fn greedy(self) -> PolarisationOptions {
        self.search(Search::Greedy)
    }

    /// Searches by the genetic algorithm.
    pub fn genetic(self) -> PolarisationOptions {
        self.search(Search::Genetic)
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> PolarisationOptions {
        self.seed = seed;
        self
    }

    /// Sets the number of greedy starts.
    pub fn starts(mut self, n: usize) -> PolarisationOptions {
        self.starts = n;
        self
    }

    /// Sets the most greedy sweeps per start.
    pub fn max_sweeps(mut self, n: usize) -> PolarisationOptions {
        self.max_sweeps = n;
        self
    }

    /// Sets the population size of the genetic search.
    pub fn parents(mut self, n: usize) -> PolarisationOptions {
        self.parents = n;
        self
    }

    /// Sets the most generations of the genetic search.
    pub fn generations(mut self, n: usize) -> PolarisationOptions {
        self.generations = n;
        self
    }

    /// Sets the share of elites.
    pub fn elite(mut self, share: f64) -> PolarisationOptions {
        self.elite = share;
        self
    }

    /// Sets the share of actors mutated.
    pub fn mutation(mut self, share: f64) -> PolarisationOptions {
        self.mutation = share;
        self
    }

    /// Sets how many generations the early stop looks back (0: never stop early).
    pub fn patience(mut self, generations: usize) -> PolarisationOptions {
        self.patience = generations;
        self
    }

    /// Checks that the options can be used, naming the first that cannot.
    pub fn check(&self) -> Result<(), NetworkError> {
        let bad = |option: &'static str, message: String| {
            Err(NetworkError::BadOption { option, message })
        };
        if self.groups < 2 {
            return bad(
                "groups",
                format!("{} group(s) cannot be polarised: at least 2", self.groups),
            );
        }
        if self.groups > u32::MAX as usize {
            return bad("groups", format!("{} groups are too many", self.groups));
        }
        if self.starts == 0 {
            return bad("starts", "at least one start".into());
        }
        if self.max_sweeps == 0 {
            return bad("max-sweeps", "at least one sweep".into());
        }
        if self.parents < 2 {
            return bad(
                "parents",
                format!(
                    "{} parent(s) cannot breed: at least 2 (DNA uses 50)",
                    self.parents
                ),
            );
        }
        if self.generations == 0 {
            return bad("generations", "at least one generation".into());
        }
        for (option, v) in [("elite", self.elite), ("mutation", self.mutation)] {
            if !(0.0..=1.0).contains(&v) {
                return bad(option, format!("{v} is not a share in [0, 1]"));
            }
        }
        Ok(())
    }
}

/// An actor's group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The actor's id.
    pub id: Arc<str>,
    /// Its label.
    pub label: Arc<str>,
    /// Its group, from 0.
    pub group: usize,
}

/// One greedy start: where it began and where it ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Start {
    /// The score of the random start.
    pub initial: f64,
    /// The score it was improved to (never below `initial`).
    pub score: f64,
    /// Sweeps over the actors.
    pub sweeps: usize,
    /// Moves and swaps made.
    pub moves: u64,
    /// Whether its last sweep found nothing to improve (else `max_sweeps` stopped it).
    pub converged: bool,
}

/// One step of a search: a greedy sweep (`mean` = `best`, `sd` = 0) or a
/// generation of the genetic search, in the units of the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// The start (greedy), or 0.
    pub start: usize,
    /// The sweep (from 0, the start itself) or the generation (from 0).
    pub step: usize,
    /// The best score.
    pub best: f64,
    /// The mean score of the population.
    pub mean: f64,
    /// The standard deviation of the population's scores.
    pub sd: f64,
}

/// How the search went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchTrace {
    /// Which search.
    pub search: Search,
    /// The seed.
    pub seed: u64,
    /// Whether it stopped because nothing improved (greedy: every start) or
    /// the population converged (genetic), not at its limit.
    pub converged: bool,
    /// Partitions scored in full, O(n + m) each.
    pub evaluations: u64,
    /// Greedy moves and swaps made, O(degree) each.
    pub moves: u64,
    /// Greedy: each start.
    pub starts: Vec<Start>,
    /// Every step, for a convergence plot.
    pub steps: Vec<Step>,
}

/// The polarisation of one network (or one window).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Polarisation {
    /// The window's first day; `None` for a network not in a window.
    #[serde(serialize_with = "crate::statements::serialize_opt_day")]
    pub first_day: Option<Day>,
    /// The window's last day (inclusive).
    #[serde(serialize_with = "crate::statements::serialize_opt_day")]
    pub last_day: Option<Day>,
    /// Statements the networks were built from (before duplicate removal
    /// in the window; after it with [`DuplicateScope::Range`], which removes
    /// duplicates before the windows are cut); in a kernel-smoothed slice,
    /// those with a weight above zero.
    ///
    /// [`DuplicateScope::Range`]: crate::DuplicateScope::Range
    pub statements: usize,
    /// In a kernel-smoothed slice ([`polarisation_slices`]): the sum of its
    /// statements' kernel weights (counted as `statements` is); its first
    /// and last day are then both the slice's time point. `None` otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// The polarisation of the best partition found: P = M − D/2, or P/M
    /// when normalised. 0 when there is no tie or no more actors than groups.
    pub score: f64,
    /// Whether `score` is normalised to [0, 1].
    pub normalised: bool,
    /// The edge mass M = M_C + M_K.
    pub mass: f64,
    /// The absolute difference D of the best partition from the template.
    pub deviation: f64,
    /// The number of groups k.
    pub groups: usize,
    /// Every actor with a tie, in id order, with its group.
    pub actors: Vec<Membership>,
    /// Why nothing was searched, when so.
    pub note: Option<String>,
    /// How the search went.
    pub search: SearchTrace,
}

/// The score of a given partition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionScore {
    /// P = M − D/2, or P/M when normalised.
    pub score: f64,
    /// Whether `score` is normalised.
    pub normalised: bool,
    /// The edge mass M.
    pub mass: f64,
    /// The absolute difference D.
    pub deviation: f64,
}

/// Where a search is, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PolarisationProgress {
    /// The window, from 0; `None` for a single network.
    pub window: Option<usize>,
    /// The window's first day.
    pub first_day: Option<Day>,
    /// The greedy start, or 0.
    pub start: usize,
    /// The sweep or generation.
    pub step: usize,
    /// The best score so far (in the units of the score).
    pub best: f64,
}

/// A progress callback.
pub type ProgressFn<'a> = Option<&'a mut dyn FnMut(PolarisationProgress)>;

/// The polarisation of the actors of `st`: builds the congruence and the
/// conflict network with `net` (its kind is set to each in turn; DNA builds
/// them with `Normalization::Average`) and searches for the best partition.
///
/// Cost: the two networks (see [`network`](crate::network)), then the search
/// (see the module documentation).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, PolarisationOptions, Statements, polarisation};
///
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// let aid = b.proposal("aid", "Aid package").id();
/// for (id, pos) in [("kyiv", Position::Opposes), ("paris", Position::Opposes),
///                   ("dc", Position::Supports), ("moscow", Position::Supports)] {
///     let a = b.actor(id, id, ActorKind::State).id();
///     b.stance(&format!("{id}-plan"), &a, &plan, pos).source(&src);
///     let other = if pos == Position::Supports { Position::Opposes } else { Position::Supports };
///     b.stance(&format!("{id}-aid"), &a, &aid, other).source(&src);
/// }
/// let st = Statements::from_dataset(&b.build()?);
/// let p = polarisation(&st, &NetworkOptions::congruence(),
///                      &PolarisationOptions::new().normalise(true), None)?;
/// assert_eq!(p.score, 1.0);
/// let group = |id: &str| p.actors.iter().find(|m| &*m.id == id).map(|m| m.group);
/// assert_eq!(group("kyiv"), group("paris"));
/// assert_ne!(group("kyiv"), group("dc"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn polarisation(
    st: &Statements,
    net: &NetworkOptions,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
) -> Result<Polarisation, NetworkError> {
    o.check()?;
    let (oc, ok) = kinds(net);
    let congruence = network(st, &oc)?;
    let conflict = network(st, &ok)?;
    polarisation_of(&congruence, &conflict, o, progress)
}

/// The polarisation of a built congruence and conflict network (one-mode,
/// over the same kind of node). Cost as [`polarisation`] without building.
pub fn polarisation_of(
    congruence: &Network,
    conflict: &Network,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
) -> Result<Polarisation, NetworkError> {
    o.check()?;
    let p = Problem::new(congruence, conflict)?;
    let mut progress = progress;
    let mut result = solve(&p, o, None, None, &mut progress);
    result.statements = congruence.statements();
    Ok(result)
}

/// The score of a given partition: every actor with a tie in either network
/// named once, with a group below `groups`. The groups may have any sizes.
/// O(n log n + m).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Statements, network, score_partition};
///
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let plan = b.proposal("plan", "Plan").id();
/// for (id, pos) in [("a", Position::Supports), ("b", Position::Supports), ("c", Position::Opposes)] {
///     let actor = b.actor(id, id, ActorKind::Person).id();
///     b.stance(&format!("s-{id}"), &actor, &plan, pos).source(&src);
/// }
/// let st = Statements::from_dataset(&b.build()?);
/// let c = network(&st, &NetworkOptions::congruence())?;
/// let k = network(&st, &NetworkOptions::conflict())?;
/// let s = score_partition(&c, &k, [("a", 0), ("b", 0), ("c", 1)], 2, true)?;
/// assert_eq!((s.score, s.mass, s.deviation), (1.0, 3.0, 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn score_partition<S: AsRef<str>>(
    congruence: &Network,
    conflict: &Network,
    partition: impl IntoIterator<Item = (S, usize)>,
    groups: usize,
    normalise: bool,
) -> Result<PartitionScore, NetworkError> {
    PolarisationOptions::new().groups(groups).check()?;
    let p = Problem::new(congruence, conflict)?;
    let bad = |message: String| NetworkError::BadOption {
        option: "partition",
        message,
    };
    let mut g = vec![u32::MAX; p.n()];
    for (id, group) in partition {
        let id = id.as_ref();
        let Ok(i) = p.actors.binary_search_by(|a| (*a.id).cmp(id)) else {
            return Err(bad(format!(
                "`{id}` is no actor with a tie in the congruence or conflict network"
            )));
        };
        if group >= groups {
            return Err(bad(format!(
                "`{id}` is put in group {group}, but the groups are 0 to {}",
                groups - 1
            )));
        }
        if g[i] != u32::MAX {
            return Err(bad(format!("`{id}` is named twice")));
        }
        g[i] = group as u32;
    }
    if let Some(i) = g.iter().position(|&x| x == u32::MAX) {
        let missing = g.iter().filter(|&&x| x == u32::MAX).count();
        return Err(bad(format!(
            "{missing} actor(s) with a tie have no group, the first `{}`",
            p.actors[i].id
        )));
    }
    let deviation = p.deviation(&g, groups);
    Ok(PartitionScore {
        score: p.score(deviation, normalise),
        normalised: normalise,
        mass: p.mass(),
        deviation,
    })
}

/// The polarisation of every window (`size` long, moving by `step`, as
/// [`windows`](crate::windows) makes them): the time series, with each
/// window's groups and its first and last day. Each window is searched from
/// scratch with the same options and seed, so it equals [`polarisation`] on
/// the window's statements.
///
/// The congruence and the conflict windows are built side by side on two
/// threads, each kept up to date statement by statement; the search runs on
/// the calling thread while the next windows are built. Memory: two windows'
/// networks at a time plus the results.
pub fn polarisation_windows(
    st: &Statements,
    net: &NetworkOptions,
    size: Span,
    step: Span,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
) -> Result<Vec<Polarisation>, NetworkError> {
    let mut out = Vec::new();
    for_each_polarisation_window(st, net, size, step, o, progress, |p| {
        out.push(p);
        Ok(())
    })?;
    Ok(out)
}

/// As [`polarisation_windows`], handing each window's result to `f` as soon
/// as it is found; `f` may stop the run by returning an error.
pub fn for_each_polarisation_window(
    st: &Statements,
    net: &NetworkOptions,
    size: Span,
    step: Span,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
    f: impl FnMut(Polarisation) -> Result<(), NetworkError>,
) -> Result<(), NetworkError> {
    for_each_frame(
        "window",
        net,
        o,
        progress,
        f,
        |opts: &NetworkOptions, tx: SyncSender<Frame>| {
            for_each_window(st, opts, size, step, move |w| {
                tx.send(Frame {
                    first_day: w.first_day,
                    last_day: w.last_day,
                    statements: w.statements,
                    weight: None,
                    network: w.network,
                })
                .map_err(|_| stopped())
            })
        },
    )
}

/// The polarisation of every kernel-smoothed time slice (as
/// [`slices`](crate::slices) makes them): the time series, with each
/// slice's groups, its time point (as both first and last day) and its
/// statements' summed weight. Each slice's congruence and conflict networks
/// weight every statement by the kernel of its distance from the time point
/// (the formulas of `docs/NETWORKS.md`, § 11, with weights in place of
/// counts), and each is searched from scratch with the same options and
/// seed: DNA's polarisation with a kernel, without its kernel slips.
///
/// Cost: the two networks of every slice (see
/// [`for_each_slice`](crate::for_each_slice)), built on two threads while
/// the search of the slice before runs, then the search (module
/// documentation). Memory: two slices' networks at a time plus the results.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{
///     Kernel, NetworkOptions, PolarisationOptions, Smoothing, Span, Statements,
///     polarisation_slices,
/// };
/// let mut b = DatasetBuilder::new();
/// let d1 = b.source("d1", "Early").published("2025-11-20").id();
/// let d9 = b.source("d9", "Late").published("2025-11-28").id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// let aid = b.proposal("aid", "Aid package").id();
/// for (id, pos) in [("kyiv", Position::Opposes), ("paris", Position::Opposes),
///                   ("dc", Position::Supports), ("moscow", Position::Supports)] {
///     let a = b.actor(id, id, ActorKind::State).id();
///     let other = if pos == Position::Supports { Position::Opposes } else { Position::Supports };
///     b.stance(&format!("{id}-plan"), &a, &plan, pos).source(&d1);
///     b.stance(&format!("{id}-aid"), &a, &aid, other).source(&d9);
/// }
/// let st = Statements::from_dataset(&b.build()?);
/// let s = Smoothing::new(Kernel::Triangular, Span::Days(10), Span::Days(4));
/// let o = PolarisationOptions::new().normalise(true);
/// let series = polarisation_slices(&st, &NetworkOptions::congruence(), &s, &o, None)?;
/// // Time points 20, 24 and 28 November: two clean camps at each.
/// assert_eq!(series.len(), 3);
/// assert!(series.iter().all(|p| (p.score - 1.0).abs() < 1e-12));
/// // At the middle point each statement is 4 days away: weight 1 − 4/10.
/// assert_eq!(series[1].weight, Some(8.0 * 0.6));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn polarisation_slices(
    st: &Statements,
    net: &NetworkOptions,
    smoothing: &Smoothing,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
) -> Result<Vec<Polarisation>, NetworkError> {
    let mut out = Vec::new();
    for_each_polarisation_slice(st, net, smoothing, o, progress, |p| {
        out.push(p);
        Ok(())
    })?;
    Ok(out)
}

/// As [`polarisation_slices`], handing each slice's result to `f` as soon
/// as it is found; `f` may stop the run by returning an error.
pub fn for_each_polarisation_slice(
    st: &Statements,
    net: &NetworkOptions,
    smoothing: &Smoothing,
    o: &PolarisationOptions,
    progress: ProgressFn<'_>,
    f: impl FnMut(Polarisation) -> Result<(), NetworkError>,
) -> Result<(), NetworkError> {
    for_each_frame(
        "kernel",
        net,
        o,
        progress,
        f,
        |opts: &NetworkOptions, tx: SyncSender<Frame>| {
            for_each_slice(st, opts, smoothing, move |s| {
                tx.send(Frame {
                    first_day: s.day,
                    last_day: s.day,
                    statements: s.statements,
                    weight: Some(s.weight),
                    network: s.network,
                })
                .map_err(|_| stopped())
            })
        },
    )
}

/// One window's or slice's networks, as a builder hands them on.
struct Frame {
    first_day: Day,
    last_day: Day,
    statements: usize,
    weight: Option<f64>,
    network: Network,
}

/// Builds the congruence and the conflict frames side by side on two
/// threads (`build` with each kind's options), pairs them, and searches each
/// pair on the calling thread while the next are built; `option` names the
/// frames (`window`, `kernel`) in an error.
fn for_each_frame<B>(
    option: &'static str,
    net: &NetworkOptions,
    o: &PolarisationOptions,
    mut progress: ProgressFn<'_>,
    mut f: impl FnMut(Polarisation) -> Result<(), NetworkError>,
    build: B,
) -> Result<(), NetworkError>
where
    B: Fn(&NetworkOptions, SyncSender<Frame>) -> Result<(), NetworkError> + Sync,
{
    o.check()?;
    let (oc, ok) = kinds(net);
    oc.check()?;
    std::thread::scope(|s| {
        let (tx_c, rx_c) = sync_channel(1);
        let (tx_k, rx_k) = sync_channel(1);
        let hc = s.spawn(|| build(&oc, tx_c));
        let hk = s.spawn(|| build(&ok, tx_k));
        let mut outcome = Ok(());
        let mut index = 0;
        while let (Ok(c), Ok(k)) = (rx_c.recv(), rx_k.recv()) {
            let step = (|| {
                if (c.first_day, c.last_day) != (k.first_day, k.last_day) {
                    return Err(NetworkError::BadOption {
                        option,
                        message: "the congruence and conflict networks do not line up".into(),
                    });
                }
                let p = Problem::new(&c.network, &k.network)?;
                let mut r = solve(
                    &p,
                    o,
                    Some(index),
                    Some((c.first_day, c.last_day)),
                    &mut progress,
                );
                r.statements = c.statements;
                r.weight = c.weight;
                f(r)
            })();
            if let Err(e) = step {
                outcome = Err(e);
                break;
            }
            index += 1;
        }
        // Dropping the receivers stops the builders at their next window.
        drop(rx_c);
        drop(rx_k);
        let joined = [hc.join(), hk.join()];
        outcome?;
        // A builder stopped because the other failed reports the other's error.
        let mut first = None;
        for j in joined {
            let e = match j {
                Ok(Ok(())) => continue,
                Ok(Err(e)) => e,
                Err(_) => NetworkError::BadOption {
                    option,
                    message: "building a network over time failed".into(),
                },
            };
            let stop = matches!(&e, NetworkError::BadOption { message, .. } if message == STOPPED);
            if first.is_none() || !stop {
                first = Some(e);
                if !stop {
                    break;
                }
            }
        }
        first.map_or(Ok(()), Err)
    })
}

/// The error a builder stops with when the search no longer takes frames.
fn stopped() -> NetworkError {
    NetworkError::BadOption {
        option: "window",
        message: STOPPED.into(),
    }
}

/// What a window builder says when the search no longer takes its windows.
const STOPPED: &str = "the search stopped taking windows";

/// The congruence and conflict options made from the caller's.
fn kinds(net: &NetworkOptions) -> (NetworkOptions, NetworkOptions) {
    let mut oc = net.clone();
    oc.kind = Kind::Congruence;
    let mut ok = net.clone();
    ok.kind = Kind::Conflict;
    (oc, ok)
}

/// Writes one line per network, window or slice: `first_day, last_day,
/// statements, actors, groups, score, normalised, mass, deviation,
/// converged, note`, and for kernel-smoothed slices a last column `weight`
/// (the slice's summed kernel weight).
pub fn write_polarisation_csv<W: Write>(results: &[Polarisation], out: W) -> io::Result<()> {
    let sliced = results.iter().any(|r| r.weight.is_some());
    write_all(
        PolarisationCsv::new(out, PolarisationTable::Series, sliced)?,
        results,
    )
}

/// Writes one line per actor per network or window: `first_day, last_day,
/// actor, label, group`.
pub fn write_memberships_csv<W: Write>(results: &[Polarisation], out: W) -> io::Result<()> {
    write_all(
        PolarisationCsv::new(out, PolarisationTable::Memberships, false)?,
        results,
    )
}

/// Writes the search's steps: `first_day, last_day, start, step, best,
/// mean, sd` — greedy sweeps or genetic generations.
pub fn write_steps_csv<W: Write>(results: &[Polarisation], out: W) -> io::Result<()> {
    write_all(
        PolarisationCsv::new(out, PolarisationTable::Steps, false)?,
        results,
    )
}

fn write_all<W: Write>(mut csv: PolarisationCsv<W>, results: &[Polarisation]) -> io::Result<()> {
    for r in results {
        csv.write(r)?;
    }
    csv.finish().map(drop)
}

/// Which table of a polarisation series [`PolarisationCsv`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolarisationTable {
    /// One line per network, window or slice ([`write_polarisation_csv`]).
    Series,
    /// One line per actor per network, window or slice
    /// ([`write_memberships_csv`]).
    Memberships,
    /// One line per step of each search ([`write_steps_csv`]).
    Steps,
}

/// Writes a table of a polarisation series as CSV one result at a time, as
/// [`for_each_polarisation_window`] and [`for_each_polarisation_slice`]
/// hand them on: the header first, then each result's lines. The same bytes
/// as the `write_*_csv` functions give for the whole series.
///
/// ```
/// use claimgraph_network::{PolarisationCsv, PolarisationTable};
/// let mut out = Vec::new();
/// let csv = PolarisationCsv::new(&mut out, PolarisationTable::Memberships, false)?;
/// csv.finish()?;
/// assert_eq!(out, b"first_day,last_day,actor,label,group\n");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct PolarisationCsv<W: Write> {
    out: io::BufWriter<W>,
    table: PolarisationTable,
    sliced: bool,
}

impl<W: Write> PolarisationCsv<W> {
    /// Starts the table, writing its header; `sliced` adds the series'
    /// `weight` column, for kernel-smoothed slices.
    pub fn new(out: W, table: PolarisationTable, sliced: bool) -> io::Result<PolarisationCsv<W>> {
        let mut out = io::BufWriter::new(out);
        let header: &[u8] = match table {
            PolarisationTable::Series => {
                b"first_day,last_day,statements,actors,groups,score,normalised,mass,deviation,converged,note"
            }
            PolarisationTable::Memberships => b"first_day,last_day,actor,label,group",
            PolarisationTable::Steps => b"first_day,last_day,start,step,best,mean,sd",
        };
        out.write_all(header)?;
        let sliced = sliced && table == PolarisationTable::Series;
        out.write_all(if sliced { b",weight\n" } else { b"\n" })?;
        Ok(PolarisationCsv { out, table, sliced })
    }

    /// Writes one result's lines.
    pub fn write(&mut self, r: &Polarisation) -> io::Result<()> {
        let out = &mut self.out;
        match self.table {
            PolarisationTable::Series => {
                write_days(out, r)?;
                write!(
                    out,
                    "{},{},{},{},{},{},{},{},",
                    r.statements,
                    r.actors.len(),
                    r.groups,
                    r.score,
                    r.normalised,
                    r.mass,
                    r.deviation,
                    r.search.converged
                )?;
                if let Some(note) = &r.note {
                    out.write_all(&csv_field(note))?;
                }
                if self.sliced {
                    out.write_all(b",")?;
                    if let Some(w) = r.weight {
                        write!(out, "{w}")?;
                    }
                }
                out.write_all(b"\n")
            }
            PolarisationTable::Memberships => {
                for m in &r.actors {
                    write_days(out, r)?;
                    out.write_all(&csv_field(&m.id))?;
                    out.write_all(b",")?;
                    out.write_all(&csv_field(&m.label))?;
                    writeln!(out, ",{}", m.group)?;
                }
                Ok(())
            }
            PolarisationTable::Steps => {
                for s in &r.search.steps {
                    write_days(out, r)?;
                    writeln!(out, "{},{},{},{},{}", s.start, s.step, s.best, s.mean, s.sd)?;
                }
                Ok(())
            }
        }
    }

    /// Flushes what is written and gives back the writer.
    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
    }
}

fn write_days<W: Write>(out: &mut W, r: &Polarisation) -> io::Result<()> {
    let day = |d: Option<Day>| {
        d.and_then(date_of)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    write!(out, "{},{},", day(r.first_day), day(r.last_day))
}

/// The actors with a tie and their ties, merged from the two networks.
#[derive(Debug)]
struct Problem {
    actors: Vec<Node>,
    /// Tied pairs (a < b) with their congruence and conflict weights.
    edges: Vec<(u32, u32, f64, f64)>,
    /// Per actor, its entries in `adj`: `adj[off[i]..off[i + 1]]`.
    off: Vec<usize>,
    /// (neighbour, edge index).
    adj: Vec<(u32, u32)>,
    mass_c: f64,
    mass_k: f64,
}

impl Problem {
    /// O((n + m) log(n + m)).
    fn new(congruence: &Network, conflict: &Network) -> Result<Problem, NetworkError> {
        for (name, net) in [("congruence", congruence), ("conflict", conflict)] {
            if net.is_two_mode() {
                return Err(NetworkError::BadOption {
                    option: "network",
                    message: format!(
                        "polarisation needs a one-mode {name} network, not an affiliation network"
                    ),
                });
            }
        }
        let tied = |net: &Network| {
            let mut used = vec![false; net.nodes().len()];
            for e in net.edges() {
                used[e.a as usize] = true;
                used[e.b as usize] = true;
            }
            used
        };
        let (uc, uk) = (tied(congruence), tied(conflict));
        let mut actors: Vec<Node> = congruence
            .nodes()
            .iter()
            .zip(&uc)
            .chain(conflict.nodes().iter().zip(&uk))
            .filter(|(_, u)| **u)
            .map(|(n, _)| n.clone())
            .collect();
        actors.sort_by(|a, b| a.id.cmp(&b.id));
        actors.dedup_by(|a, b| a.id == b.id);
        let position = |net: &Network| -> Vec<u32> {
            net.nodes()
                .iter()
                .map(|n| {
                    actors
                        .binary_search_by(|a| a.id.cmp(&n.id))
                        .map_or(u32::MAX, |i| i as u32)
                })
                .collect()
        };
        let (pc, pk) = (position(congruence), position(conflict));
        let mut raw: Vec<(u32, u32, f64, f64)> = Vec::new();
        for (net, pos, is_c) in [(congruence, &pc, true), (conflict, &pk, false)] {
            for e in net.edges() {
                let (a, b) = (pos[e.a as usize], pos[e.b as usize]);
                let (a, b) = (a.min(b), a.max(b));
                if a == b {
                    continue;
                }
                raw.push(if is_c {
                    (a, b, e.weight, 0.0)
                } else {
                    (a, b, 0.0, e.weight)
                });
            }
        }
        raw.sort_by_key(|e| (e.0, e.1));
        let mut edges: Vec<(u32, u32, f64, f64)> = Vec::with_capacity(raw.len());
        for e in raw {
            match edges.last_mut() {
                Some(last) if (last.0, last.1) == (e.0, e.1) => {
                    last.2 += e.2;
                    last.3 += e.3;
                }
                _ => edges.push(e),
            }
        }
        Ok(Problem::from_edges(actors, edges))
    }

    /// The problem of sorted, merged ties (a < b): adjacency and masses. O(n + m).
    fn from_edges(actors: Vec<Node>, edges: Vec<(u32, u32, f64, f64)>) -> Problem {
        let n = actors.len();
        let mut off = vec![0usize; n + 1];
        for &(a, b, _, _) in &edges {
            off[a as usize + 1] += 1;
            off[b as usize + 1] += 1;
        }
        for i in 0..n {
            off[i + 1] += off[i];
        }
        let mut fill = off.clone();
        let mut adj = vec![(0u32, 0u32); off[n]];
        for (ix, &(a, b, _, _)) in edges.iter().enumerate() {
            adj[fill[a as usize]] = (b, ix as u32);
            fill[a as usize] += 1;
            adj[fill[b as usize]] = (a, ix as u32);
            fill[b as usize] += 1;
        }
        let mass_c = total(edges.iter().map(|e| e.2.abs()));
        let mass_k = total(edges.iter().map(|e| e.3.abs()));
        Problem {
            actors,
            edges,
            off,
            adj,
            mass_c,
            mass_k,
        }
    }

    fn n(&self) -> usize {
        self.actors.len()
    }

    fn mass(&self) -> f64 {
        self.mass_c + self.mass_k
    }

    fn neighbours(&self, i: usize) -> &[(u32, u32)] {
        &self.adj[self.off[i]..self.off[i + 1]]
    }

    /// The pairs within and between groups, and the even shares t_C, t_K.
    fn shares(&self, sizes: &[usize]) -> (f64, f64, f64, f64) {
        let n = self.n() as u128;
        let within: u128 = sizes
            .iter()
            .map(|&s| s as u128 * (s as u128).saturating_sub(1) / 2)
            .sum();
        let between = n * n.saturating_sub(1) / 2 - within;
        let (w, b) = (within as f64, between as f64);
        let t_c = if within > 0 { self.mass_c / w } else { 0.0 };
        let t_k = if between > 0 { self.mass_k / b } else { 0.0 };
        (w, b, t_c, t_k)
    }

    /// D for any partition, as a sum of non-negative terms. O(n + m).
    fn deviation(&self, g: &[u32], k: usize) -> f64 {
        let mut sizes = vec![0usize; k];
        for &x in g {
            sizes[x as usize] += 1;
        }
        let (w, b, t_c, t_k) = self.shares(&sizes);
        let (mut sum, mut we, mut be) = (0.0, 0.0, 0.0);
        for &(a, bb, c, kk) in &self.edges {
            if g[a as usize] == g[bb as usize] {
                sum += (c - t_c).abs() + kk.abs();
                we += 1.0;
            } else {
                sum += c.abs() + (kk - t_k).abs();
                be += 1.0;
            }
        }
        sum + (w - we) * t_c + (b - be) * t_k
    }

    /// P, or P/M when normalised, from D.
    fn score(&self, deviation: f64, normalise: bool) -> f64 {
        let m = self.mass();
        if m <= 0.0 {
            return 0.0;
        }
        if normalise {
            (1.0 - deviation / (2.0 * m)).max(0.0)
        } else {
            (m - deviation / 2.0).max(0.0)
        }
    }

    /// The costs over equal-sized groups: D(g) = base + Σ over tied pairs
    /// within a group of `cost[e]`.
    fn costs(&self, k: usize) -> Costs {
        let sizes = balanced_sizes(self.n(), k);
        let (w, b, t_c, t_k) = self.shares(&sizes);
        let mut base = w * t_c + b * t_k;
        let cost = self
            .edges
            .iter()
            .map(|&(_, _, c, kk)| {
                let same = (c - t_c).abs() + kk.abs() - t_c;
                let apart = c.abs() + (kk - t_k).abs() - t_k;
                base += apart;
                same - apart
            })
            .collect();
        let ends = self.edges.iter().map(|&(a, b, _, _)| (a, b)).collect();
        Costs { base, cost, ends }
    }
}

struct Costs {
    base: f64,
    /// Per edge: what D gains when the pair is in one group rather than two.
    cost: Vec<f64>,
    /// Per edge: its ends, apart from the weights, for a compact scan.
    ends: Vec<(u32, u32)>,
}

impl Costs {
    /// D over equal-sized groups. O(m).
    fn deviation(&self, g: &[u32]) -> f64 {
        // Without a branch: over a random partition the test is a coin flip,
        // and mispredicting it costs more than the sum.
        let mut d = self.base;
        for (&(a, b), &w) in self.ends.iter().zip(&self.cost) {
            d += w * f64::from(u8::from(g[a as usize] == g[b as usize]));
        }
        d
    }
}

/// Group sizes ⌈n/k⌉ for the first n mod k groups, ⌊n/k⌋ for the rest.
fn balanced_sizes(n: usize, k: usize) -> Vec<usize> {
    (0..k).map(|c| n / k + usize::from(c < n % k)).collect()
}

/// Runs the search the options ask for and dresses the result.
fn solve(
    p: &Problem,
    o: &PolarisationOptions,
    window: Option<usize>,
    days: Option<(Day, Day)>,
    progress: &mut ProgressFn<'_>,
) -> Polarisation {
    let k = o.groups;
    let n = p.n();
    let mut trace = SearchTrace {
        search: o.search,
        seed: o.seed,
        converged: true,
        evaluations: 0,
        moves: 0,
        starts: Vec::new(),
        steps: Vec::new(),
    };
    let note = if p.mass() <= 0.0 {
        Some("no tie: nothing to polarise".to_owned())
    } else if n <= k {
        Some(format!(
            "{n} actor(s) with a tie cannot form {k} groups with a pair inside"
        ))
    } else {
        None
    };
    let mut report = Reporter {
        progress,
        window,
        first_day: days.map(|d| d.0),
    };
    let g = if note.is_some() {
        (0..n).map(|i| (i % k) as u32).collect()
    } else {
        let costs = p.costs(k);
        match o.search {
            Search::Greedy => greedy(p, &costs, o, &mut trace, &mut report),
            Search::Genetic => genetic(p, &costs, o, &mut trace, &mut report),
        }
    };
    let deviation = p.deviation(&g, k);
    let score = if note.is_some() {
        0.0
    } else {
        p.score(deviation, o.normalise)
    };
    Polarisation {
        first_day: days.map(|d| d.0),
        last_day: days.map(|d| d.1),
        statements: 0,
        weight: None,
        score,
        normalised: o.normalise,
        mass: p.mass(),
        deviation,
        groups: k,
        actors: p
            .actors
            .iter()
            .zip(&g)
            .map(|(a, &x)| Membership {
                id: a.id.clone(),
                label: a.label.clone(),
                group: x as usize,
            })
            .collect(),
        note,
        search: trace,
    }
}

struct Reporter<'r, 'p> {
    progress: &'r mut ProgressFn<'p>,
    window: Option<usize>,
    first_day: Option<Day>,
}

impl Reporter<'_, '_> {
    fn report(&mut self, start: usize, step: usize, best: f64) {
        if let Some(f) = self.progress.as_mut() {
            f(PolarisationProgress {
                window: self.window,
                first_day: self.first_day,
                start,
                step,
                best,
            });
        }
    }
}

/// A random partition into equal-sized groups.
fn random_balanced(n: usize, k: usize, rng: &mut SplitMix) -> Vec<u32> {
    let mut g: Vec<u32> = (0..n).map(|i| (i % k) as u32).collect();
    rng.shuffle(&mut g);
    g
}

/// The greedy search: from each random start, sweep over the actors in a
/// random order, making each actor's best move (to a smaller group, when
/// the sizes allow) or swap (with an actor of another group) while it lowers
/// D, until a sweep changes nothing. The best start wins (the first on ties).
fn greedy(
    p: &Problem,
    costs: &Costs,
    o: &PolarisationOptions,
    trace: &mut SearchTrace,
    report: &mut Reporter<'_, '_>,
) -> Vec<u32> {
    let (n, k) = (p.n(), o.groups);
    let tol = 1e-10 * p.mass();
    let mut best: Option<(f64, Vec<u32>)> = None;
    for start in 0..o.starts {
        let mut rng = SplitMix::with_stream(o.seed, start as u64);
        let g = random_balanced(n, k, &mut rng);
        let mut local = Local::new(p, costs, k, g);
        let initial = costs.deviation(&local.g);
        trace.evaluations += 1;
        let score = |d: f64| p.score(d, o.normalise);
        let mut d = initial;
        let mut order: Vec<u32> = (0..n as u32).collect();
        let (mut sweeps, mut moves, mut converged) = (0, 0u64, false);
        trace.steps.push(step(start, 0, score(d)));
        report.report(start, 0, score(d));
        while sweeps < o.max_sweeps {
            sweeps += 1;
            if sweeps > 1 {
                // Start each sweep from exact sums, so rounding cannot build up.
                local.rebuild();
            }
            rng.shuffle(&mut order);
            let mut changed = false;
            for &i in &order {
                if let Some((delta, b, j)) = local.best_move(i as usize)
                    && delta < -tol
                {
                    let a = local.g[i as usize];
                    local.move_to(i as usize, b);
                    if let Some(j) = j {
                        local.move_to(j as usize, a);
                    }
                    moves += 1;
                    changed = true;
                }
            }
            d = costs.deviation(&local.g);
            trace.evaluations += 1;
            trace.steps.push(step(start, sweeps, score(d)));
            report.report(start, sweeps, score(d));
            if !changed {
                converged = true;
                break;
            }
        }
        trace.moves += moves;
        trace.converged &= converged;
        trace.starts.push(Start {
            initial: score(initial),
            score: score(d),
            sweeps,
            moves,
            converged,
        });
        if best.as_ref().is_none_or(|(bd, _)| d < *bd - tol) {
            best = Some((d, local.g));
        }
    }
    best.map(|(_, g)| g).unwrap_or_default()
}

fn step(start: usize, step: usize, best: f64) -> Step {
    Step {
        start,
        step,
        best,
        mean: best,
        sd: 0.0,
    }
}

/// An f64 ordered by `total_cmp`, for ordered sets.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key(f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The greedy search's state: per actor i and group c, S[i][c] = Σ of the
/// costs of i's ties to members of c; moving i from a to b changes D by
/// S[i][b] − S[i][a]. In a sparse network, per ordered pair of groups
/// (b, a), the members j of b ordered by h = S[j][a] − S[j][b], what moving j
/// to a would change D by; in a dense one (average degree at least
/// n / log₂ n), where keeping that order costs more than it saves, a scan of
/// the actors finds the same swap.
struct Local<'a> {
    p: &'a Problem,
    costs: &'a Costs,
    k: usize,
    g: Vec<u32>,
    sizes: Vec<usize>,
    lo: usize,
    hi: usize,
    s: Vec<f64>,
    sorted: bool,
    keys: Vec<f64>,
    sets: Vec<BTreeSet<(Key, u32)>>,
    stamp: Vec<u32>,
    epoch: u32,
}

impl<'a> Local<'a> {
    fn new(p: &'a Problem, costs: &'a Costs, k: usize, g: Vec<u32>) -> Local<'a> {
        let n = p.n();
        let degree = 2.0 * p.edges.len() as f64 / n.max(1) as f64;
        let sorted = degree * (n.max(2) as f64).log2() < n as f64;
        Local::with_order(p, costs, k, g, sorted)
    }

    fn with_order(
        p: &'a Problem,
        costs: &'a Costs,
        k: usize,
        g: Vec<u32>,
        sorted: bool,
    ) -> Local<'a> {
        let n = p.n();
        let mut local = Local {
            p,
            costs,
            k,
            g,
            sizes: vec![0; k],
            lo: n / k,
            hi: n.div_ceil(k),
            s: vec![0.0; n * k],
            sorted,
            keys: vec![0.0; n * k],
            sets: (0..k * k).map(|_| BTreeSet::new()).collect(),
            stamp: vec![0; n],
            epoch: 0,
        };
        local.rebuild();
        local
    }

    /// Recomputes every sum and set from the partition. O(m + n·k·log n).
    fn rebuild(&mut self) {
        let (n, k) = (self.p.n(), self.k);
        self.sizes.iter_mut().for_each(|s| *s = 0);
        for &x in &self.g {
            self.sizes[x as usize] += 1;
        }
        self.s.iter_mut().for_each(|x| *x = 0.0);
        for (e, &(a, b, _, _)) in self.p.edges.iter().enumerate() {
            let w = self.costs.cost[e];
            self.s[a as usize * k + self.g[b as usize] as usize] += w;
            self.s[b as usize * k + self.g[a as usize] as usize] += w;
        }
        self.sets.iter_mut().for_each(BTreeSet::clear);
        for j in 0..n {
            self.insert(j);
        }
    }

    fn insert(&mut self, j: usize) {
        if !self.sorted {
            return;
        }
        let k = self.k;
        let b = self.g[j] as usize;
        for a in (0..k).filter(|&a| a != b) {
            let h = self.s[j * k + a] - self.s[j * k + b];
            self.keys[j * k + a] = h;
            self.sets[b * k + a].insert((Key(h), j as u32));
        }
    }

    fn remove(&mut self, j: usize) {
        if !self.sorted {
            return;
        }
        let k = self.k;
        let b = self.g[j] as usize;
        for a in (0..k).filter(|&a| a != b) {
            self.sets[b * k + a].remove(&(Key(self.keys[j * k + a]), j as u32));
        }
    }

    /// Moves i to group b, keeping the sums and sets. O(deg · k · log n)
    /// (O(deg) in a dense network).
    fn move_to(&mut self, i: usize, b: u32) {
        let k = self.k;
        let a = self.g[i];
        self.remove(i);
        self.g[i] = b;
        self.sizes[a as usize] -= 1;
        self.sizes[b as usize] += 1;
        self.insert(i);
        let p = self.p;
        for &(j, e) in p.neighbours(i) {
            let j = j as usize;
            let w = self.costs.cost[e as usize];
            self.remove(j);
            self.s[j * k + a as usize] -= w;
            self.s[j * k + b as usize] += w;
            self.insert(j);
        }
    }

    /// The best move or swap of i and its change of D: (ΔD, i's new group,
    /// the actor swapped with, if any). O(deg · k + k · log n); O(n · k) in a
    /// dense network.
    fn best_move(&mut self, i: usize) -> Option<(f64, u32, Option<u32>)> {
        let k = self.k;
        let a = self.g[i] as usize;
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        let p = self.p;
        for &(j, _) in p.neighbours(i) {
            self.stamp[j as usize] = self.epoch;
        }
        let mut best: Option<(f64, u32, Option<u32>)> = None;
        let mut consider = |cand: (f64, u32, Option<u32>)| {
            if best.is_none_or(|b| cand.0 < b.0) {
                best = Some(cand);
            }
        };
        for b in (0..k).filter(|&b| b != a) {
            let gain = self.s[i * k + b] - self.s[i * k + a];
            if self.hi > self.lo && self.sizes[a] == self.hi && self.sizes[b] == self.lo {
                consider((gain, b as u32, None));
            }
            // Swaps with a neighbour in b: their own tie stays between groups.
            for &(j, e) in p.neighbours(i) {
                let ju = j as usize;
                if self.g[ju] as usize == b {
                    let h = self.s[ju * k + a] - self.s[ju * k + b];
                    let w = self.costs.cost[e as usize];
                    consider((gain + h - 2.0 * w, b as u32, Some(j)));
                }
            }
            // The best swap with an actor of b that is not a neighbour (the
            // lowest-numbered of equals, in either way of finding it).
            let other = if self.sorted {
                self.sets[b * k + a]
                    .iter()
                    .find(|&&(_, j)| self.stamp[j as usize] != self.epoch)
                    .map(|&(Key(h), j)| (h, j))
            } else {
                let mut found: Option<(f64, u32)> = None;
                for j in 0..self.g.len() {
                    if self.g[j] as usize == b && self.stamp[j] != self.epoch {
                        let h = self.s[j * k + a] - self.s[j * k + b];
                        if found.is_none_or(|f| h < f.0) {
                            found = Some((h, j as u32));
                        }
                    }
                }
                found
            };
            if let Some((h, j)) = other {
                consider((gain + h, b as u32, Some(j)));
            }
        }
        best
    }
}

/// The genetic search, as DNA runs it: a population of random equal-sized
/// partitions; each generation keeps its elites, breeds the rest from
/// parents drawn by roulette wheel on the normalised score (the second
/// parent by roulette or uniformly, on a coin flip), with crossover after
/// relabelling the first parent's groups to overlap the second's most and
/// rebalancing the sizes, and mutates every non-elite child by swapping
/// round(mutation · n / 2) pairs of actors in different groups. It stops
/// after `generations`, or once over `patience` + 1 generations the scores'
/// standard deviation rounds to 0.00 and the best and mean round (to two
/// decimals, on the normalised scale) to the same unchanging value.
fn genetic(
    p: &Problem,
    costs: &Costs,
    o: &PolarisationOptions,
    trace: &mut SearchTrace,
    report: &mut Reporter<'_, '_>,
) -> Vec<u32> {
    let (n, k) = (p.n(), o.groups);
    let mut rng = SplitMix::with_stream(o.seed, 0);
    let mut population: Vec<Vec<u32>> = (0..o.parents)
        .map(|_| random_balanced(n, k, &mut rng))
        .collect();
    let elites = ((o.elite * o.parents as f64).round() as usize).clamp(1, o.parents);
    let mutations = (o.mutation * n as f64 / 2.0).round() as usize;
    let two_m = 2.0 * p.mass();
    let sizes = balanced_sizes(n, k);
    let mut best: Option<(f64, Vec<u32>)> = None;
    let mut history: Vec<(f64, f64, f64)> = Vec::new();
    trace.converged = false;
    for generation in 0..o.generations {
        let q: Vec<f64> = population
            .iter()
            .map(|g| (1.0 - costs.deviation(g) / two_m).max(0.0))
            .collect();
        trace.evaluations += population.len() as u64;
        let top = (0..q.len()).fold(0, |t, i| if q[i] > q[t] { i } else { t });
        if best.as_ref().is_none_or(|(bq, _)| q[top] > *bq) {
            best = Some((q[top], population[top].clone()));
        }
        let mean = total(q.iter().copied()) / q.len() as f64;
        let sd = (total(q.iter().map(|x| (x - mean).powi(2))) / q.len() as f64).sqrt();
        history.push((q[top], mean, sd));
        let unit = |x: f64| if o.normalise { x } else { x * p.mass() };
        trace.steps.push(Step {
            start: 0,
            step: generation,
            best: unit(q[top]),
            mean: unit(mean),
            sd: unit(sd),
        });
        report.report(0, generation, unit(q[top]));
        if converged(&history, o.patience) {
            trace.converged = true;
            break;
        }
        if generation + 1 == o.generations {
            break;
        }
        let mut order: Vec<usize> = (0..q.len()).collect();
        order.sort_by(|&x, &y| q[y].total_cmp(&q[x]).then(x.cmp(&y)));
        let mut children: Vec<Vec<u32>> = order[..elites]
            .iter()
            .map(|&i| population[i].clone())
            .collect();
        let low = q.iter().copied().fold(f64::INFINITY, f64::min);
        let wheel: Vec<f64> = q.iter().map(|x| x - low.min(0.0)).collect();
        let sum = total(wheel.iter().copied());
        while children.len() < o.parents {
            let first = spin(&wheel, sum, &mut rng);
            let mut second = first;
            while second == first {
                second = if rng.coin() {
                    spin(&wheel, sum, &mut rng)
                } else {
                    rng.below(q.len())
                };
            }
            let mut child = crossover(&population[first], &population[second], k, &mut rng);
            rebalance(&mut child, &sizes, &mut rng);
            children.push(child);
        }
        for child in &mut children[elites..] {
            mutate(child, mutations, &mut rng);
        }
        population = children;
    }
    best.map(|(_, g)| g).unwrap_or_default()
}

/// DNA's early stop, on the normalised scores: over the last `patience` + 1
/// generations the standard deviation rounds to 0.00 and the best and the
/// mean round to the same unchanging value.
fn converged(history: &[(f64, f64, f64)], patience: usize) -> bool {
    let r = |x: f64| (x * 100.0).round();
    let Some(&(best, mean, _)) = history.last() else {
        return false;
    };
    patience > 0
        && history.len() > patience
        && r(best) == r(mean)
        && history[history.len() - patience - 1..]
            .iter()
            .all(|&(b, m, s)| r(s) == 0.0 && r(b) == r(best) && r(m) == r(mean))
}

/// A roulette-wheel draw: index i with probability w[i] / total (uniform
/// when every weight is 0).
fn spin(wheel: &[f64], total: f64, rng: &mut SplitMix) -> usize {
    if total <= 0.0 || !total.is_finite() {
        return rng.below(wheel.len());
    }
    let r = rng.unit() * total;
    let mut acc = 0.0;
    for (i, w) in wheel.iter().enumerate() {
        acc += w;
        if r < acc {
            return i;
        }
    }
    wheel.len() - 1
}

/// The first parent's groups relabelled to overlap the second's most (each
/// of its groups in turn takes the free label it shares most actors with),
/// then each actor's group from either parent on a coin flip.
fn crossover(first: &[u32], second: &[u32], k: usize, rng: &mut SplitMix) -> Vec<u32> {
    let mut overlap = vec![0usize; k * k];
    for (&x, &y) in first.iter().zip(second) {
        overlap[x as usize * k + y as usize] += 1;
    }
    let mut label = vec![0u32; k];
    let mut taken = vec![false; k];
    for row in 0..k {
        let mut cols: Vec<usize> = (0..k).collect();
        cols.sort_by(|&x, &y| {
            overlap[row * k + y]
                .cmp(&overlap[row * k + x])
                .then(x.cmp(&y))
        });
        if let Some(&c) = cols.iter().find(|&&c| !taken[c]) {
            taken[c] = true;
            label[row] = c as u32;
        }
    }
    first
        .iter()
        .zip(second)
        .map(|(&x, &y)| if rng.coin() { label[x as usize] } else { y })
        .collect()
}

/// Moves randomly chosen members of groups above their size to groups below.
fn rebalance(g: &mut [u32], sizes: &[usize], rng: &mut SplitMix) {
    let k = sizes.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (i, &x) in g.iter().enumerate() {
        members[x as usize].push(i as u32);
    }
    let mut spare: Vec<u32> = Vec::new();
    for (c, list) in members.iter_mut().enumerate() {
        while list.len() > sizes[c] {
            let at = rng.below(list.len());
            spare.push(list.swap_remove(at));
        }
    }
    for (c, list) in members.iter().enumerate() {
        for _ in list.len()..sizes[c] {
            if let Some(i) = spare.pop() {
                g[i as usize] = c as u32;
            }
        }
    }
}

/// Swaps the groups of `count` distinct pairs of actors in different groups.
fn mutate(g: &mut [u32], count: usize, rng: &mut SplitMix) {
    let n = g.len();
    let mut done: BTreeSet<(u32, u32)> = BTreeSet::new();
    let cross = {
        let mut sizes = std::collections::BTreeMap::new();
        for &x in g.iter() {
            *sizes.entry(x).or_insert(0u64) += 1;
        }
        let total = n as u64 * (n as u64).saturating_sub(1) / 2;
        total
            - sizes
                .values()
                .map(|s| s * s.saturating_sub(1) / 2)
                .sum::<u64>()
    };
    let count = (count as u64).min(cross) as usize;
    let mut pairs = Vec::with_capacity(count);
    while pairs.len() < count {
        let (i, j) = (rng.below(n), rng.below(n));
        if g[i] != g[j] && done.insert((i.min(j) as u32, i.max(j) as u32)) {
            pairs.push((i, j));
        }
    }
    for (i, j) in pairs {
        g.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A problem from explicit ties, without building networks.
    fn problem(n: usize, ties: &[(u32, u32, f64, f64)]) -> Problem {
        let actors = (0..n)
            .map(|i| {
                Node::new(
                    &format!("a{i:03}"),
                    &format!("A{i}"),
                    crate::network::NodeMode::Actor,
                )
            })
            .collect();
        let mut edges = ties.to_vec();
        edges.sort_by_key(|e| (e.0, e.1));
        Problem::from_edges(actors, edges)
    }

    fn random_problem(rng: &mut SplitMix, n: usize) -> Problem {
        let mut ties = Vec::new();
        for a in 0..n as u32 {
            for b in a + 1..n as u32 {
                if rng.below(3) == 0 {
                    let c = if rng.coin() { rng.below(4) as f64 } else { 0.0 };
                    let k = if rng.coin() {
                        rng.below(4) as f64 * 0.5
                    } else {
                        0.0
                    };
                    if c + k > 0.0 {
                        ties.push((a, b, c, k));
                    }
                }
            }
        }
        problem(n, &ties)
    }

    #[test]
    fn the_costs_give_the_deviation_of_every_equal_sized_partition() {
        let mut rng = SplitMix::with_stream(1, 0);
        for n in [5, 8, 11] {
            for k in [2, 3] {
                let p = random_problem(&mut rng, n);
                let costs = p.costs(k);
                for _ in 0..20 {
                    let g = random_balanced(n, k, &mut rng);
                    let full = p.deviation(&g, k);
                    assert!((costs.deviation(&g) - full).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn a_move_or_swap_changes_the_deviation_by_what_it_predicts() {
        let mut rng = SplitMix::with_stream(2, 0);
        for n in [6, 9, 13] {
            for k in [2, 3, 4] {
                let p = random_problem(&mut rng, n);
                let costs = p.costs(k);
                let mut local = Local::new(&p, &costs, k, random_balanced(n, k, &mut rng));
                for _ in 0..60 {
                    let i = rng.below(n);
                    let Some((delta, b, j)) = local.best_move(i) else {
                        continue;
                    };
                    let before = p.deviation(&local.g, k);
                    let a = local.g[i];
                    local.move_to(i, b);
                    if let Some(j) = j {
                        local.move_to(j as usize, a);
                    }
                    let after = p.deviation(&local.g, k);
                    assert!(
                        (after - before - delta).abs() < 1e-9,
                        "n {n} k {k}: predicted {delta}, got {}",
                        after - before
                    );
                    let mut sizes = local.sizes.clone();
                    sizes.sort_unstable();
                    let mut want = balanced_sizes(n, k);
                    want.sort_unstable();
                    assert_eq!(sizes, want);
                    // The kept sums equal sums made afresh.
                    let kept = local.s.clone();
                    local.rebuild();
                    for (x, y) in kept.iter().zip(&local.s) {
                        assert!((x - y).abs() < 1e-9);
                    }
                }
            }
        }
    }

    #[test]
    fn a_best_move_is_the_best_over_every_move_and_swap() {
        let mut rng = SplitMix::with_stream(3, 0);
        for n in [7, 10] {
            for k in [2, 3] {
                let p = random_problem(&mut rng, n);
                let costs = p.costs(k);
                let g = random_balanced(n, k, &mut rng);
                for sorted in [true, false] {
                    let mut local = Local::with_order(&p, &costs, k, g.clone(), sorted);
                    for i in 0..n {
                        let before = p.deviation(&local.g, k);
                        let mut exhaustive = f64::INFINITY;
                        let a = local.g[i];
                        for j in 0..n {
                            if local.g[j] != a {
                                let mut g = local.g.clone();
                                g.swap(i, j);
                                exhaustive = exhaustive.min(p.deviation(&g, k) - before);
                            }
                        }
                        for b in 0..k as u32 {
                            let sb = local.sizes[b as usize];
                            if b != a
                                && local.sizes[a as usize] == local.hi
                                && sb == local.lo
                                && local.hi > local.lo
                            {
                                let mut g = local.g.clone();
                                g[i] = b;
                                exhaustive = exhaustive.min(p.deviation(&g, k) - before);
                            }
                        }
                        let found = local.best_move(i).map_or(f64::INFINITY, |m| m.0);
                        assert!((found - exhaustive).abs() < 1e-9, "{found} vs {exhaustive}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_ordered_sets_and_the_scan_choose_the_same_moves() {
        let mut rng = SplitMix::with_stream(5, 0);
        for n in [8, 15, 30] {
            for k in [2, 3] {
                let p = random_problem(&mut rng, n);
                let costs = p.costs(k);
                let g = random_balanced(n, k, &mut rng);
                let mut sorted = Local::with_order(&p, &costs, k, g.clone(), true);
                let mut scan = Local::with_order(&p, &costs, k, g, false);
                for _ in 0..3 * n {
                    let i = rng.below(n);
                    let (x, y) = (sorted.best_move(i), scan.best_move(i));
                    assert_eq!(x, y);
                    if let Some((_, b, j)) = x {
                        for local in [&mut sorted, &mut scan] {
                            let a = local.g[i];
                            local.move_to(i, b);
                            if let Some(j) = j {
                                local.move_to(j as usize, a);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn rebalancing_and_mutation_keep_the_sizes() {
        let mut rng = SplitMix::with_stream(4, 0);
        for n in [5, 9, 20] {
            for k in [2, 3] {
                let sizes = balanced_sizes(n, k);
                let a = random_balanced(n, k, &mut rng);
                let b = random_balanced(n, k, &mut rng);
                let mut child = crossover(&a, &b, k, &mut rng);
                rebalance(&mut child, &sizes, &mut rng);
                let mut got = vec![0; k];
                for &x in &child {
                    got[x as usize] += 1;
                }
                assert_eq!(got, sizes);
                mutate(&mut child, n, &mut rng);
                let mut after = vec![0; k];
                for &x in &child {
                    after[x as usize] += 1;
                }
                assert_eq!(after, sizes);
            }
        }
    }

    #[test]
    fn the_generator_draws_without_bias_and_repeats_by_seed() {
        let mut a = SplitMix::with_stream(9, 4);
        let mut b = SplitMix::with_stream(9, 4);
        let mut c = SplitMix::with_stream(9, 5);
        let xs: Vec<u64> = (0..8).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[a.below(3)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_400..10_600).contains(&c)),
            "{counts:?}"
        );
    }
}
