//! Communities of a one-mode network: Leiden and Louvain modularity
//! optimisation, signed modularity for networks with negative weights, and
//! the modularity of any partition.
//!
//! Formulas and references are in `docs/ANALYSES.md` (section "Clusters").

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

use crate::compute::{network, total};
use crate::error::NetworkError;
use crate::network::{Network, csv_field, json_line};
use crate::options::{Kind, NetworkOptions, choice};
use crate::rng::SplitMix;
use crate::statements::Statements;

choice!(
    /// Which algorithm searches for the partition of highest modularity.
    ClusterMethod {
        /// Traag, Waltman & van Eck (2019), "From Louvain to Leiden:
        /// guaranteeing well-connected communities": local moving by a queue
        /// of the nodes whose neighbourhood changed, a refinement of each
        /// community before the network is aggregated, and aggregation by
        /// the refined communities. Without negative weights every community
        /// it returns is connected.
        Leiden = "leiden",
        /// Blondel, Guillaume, Lambiotte & Lefebvre (2008), "Fast unfolding
        /// of communities in large networks": sweeps of local moving until no
        /// node moves, then aggregation by the communities. A community can
        /// come out disconnected, which is what Leiden repairs.
        Louvain = "louvain",
    }
);

choice!(
    /// What the modularity makes of negative weights (a subtract network, or
    /// a graded scale).
    NegativeWeights {
        /// The signed modularity of Gómez, Jensen & Arenas (2009): positive
        /// and negative weights each have their own null model, and a
        /// community gains by holding positive ties and by not holding
        /// negative ones. On a network without negative weights it is
        /// Newman's modularity.
        Signed = "signed",
        /// Negative weights are set to 0 (dropped), as rDNA's
        /// `dna_multiclust` does with its "positive subtract network"; the
        /// rest is Newman's modularity.
        Zero = "zero",
    }
);

/// How communities are searched for and scored. Build it with the setters:
///
/// ```
/// use claimgraph_network::{ClusterMethod, ClusterOptions};
/// let o = ClusterOptions::new().method(ClusterMethod::Louvain).resolution(0.5).seed(7);
/// assert_eq!((o.method, o.resolution, o.seed), (ClusterMethod::Louvain, 0.5, 7));
/// assert_eq!(ClusterOptions::default().method, ClusterMethod::Leiden);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterOptions {
    /// The algorithm ([`ClusterMethod::Leiden`] by default).
    pub method: ClusterMethod,
    /// The resolution γ ≥ 0 of the modularity (1 by default): above 1 the
    /// null model weighs more and communities come out smaller, below 1
    /// larger; at 0 every connected group of positive ties is one community.
    pub resolution: f64,
    /// What negative weights count for ([`NegativeWeights::Signed`] by default).
    pub negative: NegativeWeights,
    /// The seed of every random draw (0 by default): the same seed gives the
    /// same result.
    pub seed: u64,
    /// Leiden's randomness θ > 0 in the refinement (0.01 by default): a node
    /// joins a sub-community with probability ∝ exp(ΔH/θ), ΔH in units of
    /// edge weight. Smaller is greedier.
    pub randomness: f64,
    /// The most runs of the algorithm (10 by default), each starting from
    /// the partition the previous one found; the search stops earlier when a
    /// run changes nothing.
    pub max_iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> ClusterOptions {
        ClusterOptions {
            method: ClusterMethod::Leiden,
            resolution: 1.0,
            negative: NegativeWeights::Signed,
            seed: 0,
            randomness: 0.01,
            max_iterations: 10,
        }
    }
}

impl ClusterOptions {
    /// The defaults: Leiden, γ = 1, signed modularity, seed 0, θ = 0.01, at
    /// most 10 iterations.
    pub fn new() -> ClusterOptions {
        ClusterOptions::default()
    }

    /// Sets the algorithm.
    pub fn method(mut self, method: ClusterMethod) -> ClusterOptions {
        self.method = method;
        self
    }

    /// Sets the resolution γ.
    pub fn resolution(mut self, gamma: f64) -> ClusterOptions {
        self.resolution = gamma;
        self
    }

    /// Sets what negative weights count for.
    pub fn negative(mut self, negative: NegativeWeights) -> ClusterOptions {
        self.negative = negative;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> ClusterOptions {
        self.seed = seed;
        self
    }

    /// Sets Leiden's randomness θ.
    pub fn randomness(mut self, theta: f64) -> ClusterOptions {
        self.randomness = theta;
        self
    }

    /// Sets the most iterations.
    pub fn max_iterations(mut self, n: usize) -> ClusterOptions {
        self.max_iterations = n;
        self
    }

    /// Whether the options can be used: γ finite and ≥ 0, θ finite and > 0,
    /// at least one iteration.
    pub fn check(&self) -> Result<(), NetworkError> {
        if !(self.resolution.is_finite() && self.resolution >= 0.0) {
            return Err(NetworkError::BadOption {
                option: "resolution",
                message: format!("must be a finite number ≥ 0, not {}", self.resolution),
            });
        }
        if !(self.randomness.is_finite() && self.randomness > 0.0) {
            return Err(NetworkError::BadOption {
                option: "randomness",
                message: format!("must be a finite number > 0, not {}", self.randomness),
            });
        }
        if self.max_iterations == 0 {
            return Err(NetworkError::BadOption {
                option: "max_iterations",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}

/// A node and the community it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterMember {
    /// The node's id.
    pub id: Arc<str>,
    /// Its label.
    pub label: Arc<str>,
    /// Its community: an index into [`Clusters::communities`].
    pub community: usize,
}

/// A community: its members and what holds it together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Community {
    /// Its index in [`Clusters::communities`] (0 for the largest).
    pub index: usize,
    /// How many nodes it has.
    pub size: usize,
    /// The members' ids, in the network's node order (by id).
    pub members: Vec<Arc<str>>,
    /// The sum of the weights of the edges between two members, each pair
    /// once (negative weights included under [`NegativeWeights::Signed`]).
    pub internal_weight: f64,
    /// The sum of the members' strengths (weighted degrees), K⁺_c − K⁻_c.
    pub strength: f64,
    /// The community's term of the modularity; the terms add up to
    /// [`Clusters::modularity`].
    pub modularity: f64,
}

/// What one run of the algorithm did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterIteration {
    /// The run, from 1.
    pub iteration: usize,
    /// How many levels it went through: local-moving phases, the first on
    /// the network itself, each next one on the network aggregated by the
    /// communities (Leiden: the refined communities) of the one before.
    pub levels: usize,
    /// How many times a node (or an aggregate node) changed community.
    pub moves: usize,
    /// The communities at its end.
    pub communities: usize,
    /// The modularity at its end, computed on the run's last aggregate
    /// network (so equal to [`modularity`] of its partition up to rounding).
    pub modularity: f64,
    /// Whether its partition differs from the one it started from.
    pub changed: bool,
}

/// Where a search is, reported after each level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterProgress {
    /// The run, from 1.
    pub iteration: usize,
    /// The level in the run, from 1.
    pub level: usize,
    /// The nodes of the level's network (aggregate nodes after the first).
    pub nodes: usize,
    /// The communities after its local moving.
    pub communities: usize,
    /// The moves its local moving made.
    pub moves: usize,
}

/// The communities found, with their modularity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clusters {
    /// The options of the search.
    pub options: ClusterOptions,
    /// The modularity of the partition ([`modularity`]).
    pub modularity: f64,
    /// w⁺: the sum of the positive weights, each pair once.
    pub positive_weight: f64,
    /// w⁻: the sum of the magnitudes of the negative weights, each pair once
    /// (0 under [`NegativeWeights::Zero`]).
    pub negative_weight: f64,
    /// Whether the last run changed nothing (else the search stopped at
    /// [`ClusterOptions::max_iterations`]).
    pub converged: bool,
    /// Every node, in the network's node order, with its community.
    pub members: Vec<ClusterMember>,
    /// The communities, largest first (equal sizes: by their first member's
    /// position).
    pub communities: Vec<Community>,
    /// One entry per run.
    pub iterations: Vec<ClusterIteration>,
}

impl Clusters {
    /// The community of every node, in the network's node order: the
    /// membership [`modularity`] scores.
    pub fn membership(&self) -> Vec<usize> {
        self.members.iter().map(|m| m.community).collect()
    }

    /// The community of a node by id. O(n).
    pub fn community_of(&self, id: &str) -> Option<usize> {
        self.members
            .iter()
            .find(|m| &*m.id == id)
            .map(|m| m.community)
    }

    /// Writes the result as one JSON object.
    pub fn write_json<W: Write>(&self, out: W) -> io::Result<()> {
        json_line(self, out)
    }

    /// Writes `id,label,community,size` lines, one per node, with a header.
    pub fn write_members_csv<W: Write>(&self, out: W) -> io::Result<()> {
        write_table(out, "id,label,community,size", |out| {
            for m in &self.members {
                out.write_all(&csv_field(&m.id))?;
                out.write_all(b",")?;
                out.write_all(&csv_field(&m.label))?;
                let size = self.communities.get(m.community).map_or(0, |c| c.size);
                writeln!(out, ",{},{}", m.community, size)?;
            }
            Ok(())
        })
    }

    /// Writes `community,size,internal_weight,strength,modularity,members`
    /// lines, one per community, with a header; the members' ids are joined
    /// by `;` in one cell.
    pub fn write_communities_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let header = "community,size,internal_weight,strength,modularity,members";
        write_table(out, header, |out| {
            for c in &self.communities {
                let (i, size) = (c.index, c.size);
                let (w, s, q) = (c.internal_weight, c.strength, c.modularity);
                write!(out, "{i},{size},{w},{s},{q},")?;
                let members: Vec<&str> = c.members.iter().map(|m| &**m).collect();
                out.write_all(&csv_field(&members.join(";")))?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })
    }

    /// Writes `iteration,levels,moves,communities,modularity,changed` lines,
    /// one per run, with a header.
    pub fn write_iterations_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let header = "iteration,levels,moves,communities,modularity,changed";
        write_table(out, header, |out| {
            for it in &self.iterations {
                let (i, l, m) = (it.iteration, it.levels, it.moves);
                let (k, q, c) = (it.communities, it.modularity, it.changed);
                writeln!(out, "{i},{l},{m},{k},{q},{c}")?;
            }
            Ok(())
        })
    }
}

/// Writes a header line and then the rows, through a buffer.
fn write_table<W: Write>(
    out: W,
    header: &str,
    rows: impl FnOnce(&mut io::BufWriter<W>) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    out.write_all(header.as_bytes())?;
    out.write_all(b"\n")?;
    rows(&mut out)?;
    out.flush()
}

/// The communities of a one-mode network, by Leiden or Louvain modularity
/// optimisation ([`ClusterOptions`]).
///
/// The quality maximised is the modularity of [`modularity`]: Newman's
/// Q = (1/2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j) on non-negative
/// weights, and with negative weights the signed modularity of Gómez, Jensen
/// & Arenas (2009), Q = (w⁺Q⁺ − w⁻Q⁻)/(w⁺ + w⁻). Moving node v into community
/// C (v taken out of its own) gains, up to the factor 1/(2w⁺ + 2w⁻),
/// ΔH = A_vC − γ (k⁺_v K⁺_C / 2w⁺ − k⁻_v K⁻_C / 2w⁻), with A_vC the sum of
/// v's weights to C and K_C the members' summed strengths.
///
/// The candidates for a node are the communities of its neighbours (through
/// positive or negative ties) and an empty one, as in both papers. Without
/// negative weights no other move can gain; with them, joining a community
/// the node has no tie to can gain through the negative null term (two
/// actors who both clash with a third), and such moves are not searched.
///
/// Without negative weights, Leiden's result has connected communities: the
/// refinement only merges a node into a sub-community it has an edge to,
/// and where the refinement merges nothing (the network is then aggregated
/// by the communities themselves, as igraph does) a community that came
/// apart is split into its connected parts at the end of the run, which
/// never lowers the modularity. With negative weights such a split is made
/// only where it does not lower the modularity: parts held together by the
/// negative null term alone stay one community. The runs are repeated from
/// their own result until one changes nothing
/// ([`ClusterOptions::max_iterations`]); the modularity never falls from
/// one run to the next, and after a run that changes nothing no node gains
/// by moving to a candidate community.
///
/// Relabelling the nodes (renaming actors so that their order changes) gives
/// the same modularity for the same partition ([`modularity`]), but not
/// always the same search: the seed draws the order in which nodes are
/// visited by position, so a relabelled network is visited in another
/// order and the heuristic may stop in another local optimum.
///
/// A node without edges stays alone. A network without edge weight (no
/// edge, or only negative ones under [`NegativeWeights::Zero`]) leaves
/// every node alone, with modularity 0.
///
/// Cost: each pass of local moving, each refinement and each aggregation is
/// O(n + e) time on the level's network (n nodes, e edges); the levels
/// shrink the network (typically a handful), and a run's moves are not
/// bounded by a known polynomial but are near-linear in practice. Memory
/// O(n + e). Each run's modularity is read off its last aggregate network
/// (O(n)); the result's, with its terms per community, costs O(n log n + e).
///
/// Errors: an affiliation (two-mode) network, a weight that is not finite,
/// options that fail [`ClusterOptions::check`].
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{ClusterOptions, NetworkOptions, Statements, clusters, network};
///
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// let guarantees = b.proposal("guarantees", "Security guarantees").id();
/// for (id, camp) in [("ukraine", 0), ("france", 0), ("germany", 0), ("usa", 1), ("russia", 1)] {
///     let a = b.actor(id, id, ActorKind::State).id();
///     let (on_plan, on_guarantees) = if camp == 0 {
///         (Position::Opposes, Position::Supports)
///     } else {
///         (Position::Supports, Position::Opposes)
///     };
///     b.stance(&format!("{id}-plan"), &a, &plan, on_plan).source(&src);
///     b.stance(&format!("{id}-guarantees"), &a, &guarantees, on_guarantees).source(&src);
/// }
/// let statements = Statements::from_dataset(&b.build()?);
///
/// let agree = network(&statements, &NetworkOptions::congruence())?;
/// let found = clusters(&agree, &ClusterOptions::new().seed(1))?;
/// assert_eq!(found.communities.len(), 2);
/// assert_eq!(found.communities[0].members.len(), 3);
/// assert_eq!(found.community_of("france"), found.community_of("ukraine"));
/// assert_ne!(found.community_of("usa"), found.community_of("ukraine"));
/// assert!(found.modularity > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clusters(net: &Network, o: &ClusterOptions) -> Result<Clusters, NetworkError> {
    clusters_with_progress(net, o, &mut |_| {})
}

/// [`clusters`], reporting after each level of each run.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{ClusterOptions, NetworkOptions, Statements, clusters_with_progress, network};
///
/// let mut b = DatasetBuilder::new();
/// let plan = b.proposal("plan", "Peace plan").id();
/// for id in ["a", "b", "c"] {
///     let actor = b.actor(id, id, ActorKind::State).id();
///     b.stance(&format!("{id}-plan"), &actor, &plan, Position::Supports);
/// }
/// let agree = network(&Statements::from_dataset(&b.build()?), &NetworkOptions::congruence())?;
/// let mut levels = 0;
/// let found = clusters_with_progress(&agree, &ClusterOptions::new(), &mut |_| levels += 1)?;
/// assert_eq!(levels, found.iterations.iter().map(|it| it.levels).sum::<usize>());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clusters_with_progress(
    net: &Network,
    o: &ClusterOptions,
    progress: &mut dyn FnMut(ClusterProgress),
) -> Result<Clusters, NetworkError> {
    o.check()?;
    let g = Graph::from_network(net, o.negative)?;
    let q = Quality::new(&g, o.resolution);
    let n = g.n();
    let mut search = Search {
        rng: SplitMix::new(o.seed),
        scratch: Scratch::new(n),
        options: o,
        progress,
    };
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut iterations = Vec::new();
    let mut converged = false;
    for iteration in 1..=o.max_iterations {
        let (mut next, levels, moves, mut quality) = search.run(&g, &q, &membership, iteration);
        let before = renumber(&mut next);
        if o.method == ClusterMethod::Leiden {
            split_disconnected(&g, &q, &mut next);
        }
        let communities = renumber(&mut next);
        if communities != before {
            quality = score(net, &next, communities, o)?.modularity;
        }
        let changed = next != membership;
        iterations.push(ClusterIteration {
            iteration,
            levels,
            moves,
            communities,
            modularity: quality,
            changed,
        });
        membership = next;
        if !changed {
            converged = true;
            break;
        }
    }
    result(net, o, membership, iterations, converged)
}

/// The communities of the network that `net` builds from `st` (see
/// [`network`](crate::network) and [`clusters`]): the congruence network to
/// find coalitions, the subtract network to find them with disagreement
/// counted against.
///
/// Cost: building the network, then [`clusters`].
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{ClusterOptions, NetworkOptions, Normalization, Statements, clusters_of};
///
/// let mut b = DatasetBuilder::new();
/// let plan = b.proposal("plan", "Peace plan").id();
/// for (id, p) in [("a", Position::Supports), ("b", Position::Supports), ("c", Position::Opposes)] {
///     let actor = b.actor(id, id, ActorKind::State).id();
///     b.stance(&format!("{id}-plan"), &actor, &plan, p);
/// }
/// let st = Statements::from_dataset(&b.build()?);
/// let net = NetworkOptions::subtract().normalization(Normalization::Average);
/// let found = clusters_of(&st, &net, &ClusterOptions::new())?;
/// assert_eq!(found.community_of("a"), found.community_of("b"));
/// assert_ne!(found.community_of("a"), found.community_of("c"));
/// assert_eq!(found.negative_weight, 2.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn clusters_of(
    st: &Statements,
    net: &NetworkOptions,
    o: &ClusterOptions,
) -> Result<Clusters, NetworkError> {
    o.check()?;
    if net.kind == Kind::Affiliation {
        return Err(two_mode());
    }
    clusters(&network(st, net)?, o)
}

/// The modularity of a partition of a one-mode network, with the resolution
/// and the treatment of negative weights of `o` (its other options are not
/// used): `membership[i]` is the community of the node at position `i` of
/// [`Network::nodes`] (any numbers; equal numbers, same community).
///
/// With A the symmetric weight matrix (zero diagonal), k⁺_i and k⁻_i the
/// sums of node i's positive weights and of the magnitudes of its negative
/// ones, 2w⁺ = Σ_i k⁺_i, 2w⁻ = Σ_i k⁻_i:
///
/// Q = 1/(2w⁺ + 2w⁻) · Σ_ij [A_ij − γ (k⁺_i k⁺_j / 2w⁺ − k⁻_i k⁻_j / 2w⁻)] δ(c_i, c_j),
///
/// a term whose total weight is 0 left out. That is the signed modularity
/// of Gómez, Jensen & Arenas (2009, "Analysis of community structure in
/// networks of correlated data", Phys. Rev. E 80, 016114),
/// Q = (w⁺Q⁺ − w⁻Q⁻)/(w⁺ + w⁻), Q⁺ and Q⁻ Newman's modularity of the positive
/// and of the negative weights; without negative weights it is Newman's
/// (2004, "Analysis of weighted networks") Q = Σ_c [L_c/m − γ (K_c/2m)²],
/// L_c the weight inside community c and K_c its summed strength. At γ = 1
/// Newman's Q lies in [−1/2, 1] and the signed Q in [−1, 1]; for any γ,
/// Newman's Q lies in [−γ, 1]. A network without edge weight scores 0.
///
/// Cost: O(n log n + e), computed per community from the edge list, apart
/// from the search's own bookkeeping.
///
/// Errors: a membership of another length than the nodes, an affiliation
/// network, a weight that is not finite, options that fail
/// [`ClusterOptions::check`].
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{ClusterOptions, NetworkOptions, Statements, modularity, network};
///
/// // a–b and c–d agree on one target each: two edges of weight 1.
/// let mut b = DatasetBuilder::new();
/// let t1 = b.proposal("t1", "t1").id();
/// let t2 = b.proposal("t2", "t2").id();
/// for (actor, t) in [("a", &t1), ("b", &t1), ("c", &t2), ("d", &t2)] {
///     let x = b.actor(actor, actor, ActorKind::State).id();
///     b.stance(&format!("{actor}-stance"), &x, t, Position::Supports);
/// }
/// let net = network(&Statements::from_dataset(&b.build()?), &NetworkOptions::congruence())?;
/// let o = ClusterOptions::new();
/// // Each pair a community: 2 · (1/2 − (2/4)²) = 1/2.
/// assert_eq!(modularity(&net, &[0, 0, 1, 1], &o)?, 0.5);
/// // All in one: 1 − 1 = 0.
/// assert_eq!(modularity(&net, &[7, 7, 7, 7], &o)?, 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn modularity(
    net: &Network,
    membership: &[usize],
    o: &ClusterOptions,
) -> Result<f64, NetworkError> {
    o.check()?;
    if net.is_two_mode() {
        return Err(two_mode());
    }
    if membership.len() != net.nodes().len() {
        return Err(NetworkError::BadOption {
            option: "membership",
            message: format!(
                "has {} entries for a network of {} nodes",
                membership.len(),
                net.nodes().len()
            ),
        });
    }
    // Compact the labels to 0..k.
    let mut labels: Vec<usize> = membership.to_vec();
    labels.sort_unstable();
    labels.dedup();
    let compact: Vec<u32> = membership
        .iter()
        .map(|c| labels.binary_search(c).map_or(0, |i| i as u32))
        .collect();
    Ok(score(net, &compact, labels.len(), o)?.modularity)
}

/// [`modularity`] of a partition given as (node id, community) pairs. Every
/// node of the network must be named, each once or always with the same
/// community.
///
/// Cost: O(n log n + e) and O(log n) per pair.
///
/// Errors: an id that names no node, a node named with two communities, a
/// node not named (the first few are listed), and those of [`modularity`].
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{ClusterOptions, NetworkOptions, Statements, modularity_by_id, network};
///
/// let mut b = DatasetBuilder::new();
/// let t = b.proposal("t", "t").id();
/// for actor in ["a", "b", "c"] {
///     let x = b.actor(actor, actor, ActorKind::State).id();
///     b.stance(&format!("{actor}-t"), &x, &t, Position::Supports);
/// }
/// let net = network(&Statements::from_dataset(&b.build()?), &NetworkOptions::congruence())?;
/// let o = ClusterOptions::new();
/// assert_eq!(modularity_by_id(&net, [("a", 0), ("b", 0), ("c", 0)], &o)?, 0.0);
/// assert!(modularity_by_id(&net, [("a", 0), ("b", 0)], &o).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn modularity_by_id<S: AsRef<str>>(
    net: &Network,
    partition: impl IntoIterator<Item = (S, usize)>,
    o: &ClusterOptions,
) -> Result<f64, NetworkError> {
    if net.is_two_mode() {
        return Err(two_mode());
    }
    let n = net.nodes().len();
    let mut membership: Vec<Option<usize>> = vec![None; n];
    for (id, c) in partition {
        let id = id.as_ref();
        let Some(i) = net.position(id) else {
            return Err(NetworkError::BadOption {
                option: "partition",
                message: format!("`{id}` is not a node of the network"),
            });
        };
        match membership[i] {
            Some(old) if old != c => {
                return Err(NetworkError::BadOption {
                    option: "partition",
                    message: format!("`{id}` is given two communities, {old} and {c}"),
                });
            }
            _ => membership[i] = Some(c),
        }
    }
    let missing: Vec<&str> = membership
        .iter()
        .zip(net.nodes())
        .filter(|(m, _)| m.is_none())
        .map(|(_, node)| &*node.id)
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(5).map(|id| format!("`{id}`")).collect();
        return Err(NetworkError::BadOption {
            option: "partition",
            message: format!(
                "{} node(s) have no community: {}{}",
                missing.len(),
                shown.join(", "),
                if missing.len() > 5 { ", ..." } else { "" }
            ),
        });
    }
    let membership: Vec<usize> = membership.into_iter().flatten().collect();
    modularity(net, &membership, o)
}

fn two_mode() -> NetworkError {
    NetworkError::BadOption {
        option: "network",
        message: "an affiliation network has two modes; communities need a one-mode network \
                  (congruence, conflict, subtract or co-occurrence)"
            .into(),
    }
}

// ---------------------------------------------------------------------------
// Scoring a partition, straight from the network's edge list.

/// The modularity of a partition and its terms per community.
struct Score {
    modularity: f64,
    positive: f64,
    negative: f64,
    /// Per community: internal weight, strength, modularity term.
    terms: Vec<(f64, f64, f64)>,
}

/// Scores `labels` (compact: 0..k) on the network's edges.
fn score(
    net: &Network,
    labels: &[u32],
    k: usize,
    o: &ClusterOptions,
) -> Result<Score, NetworkError> {
    let n = net.nodes().len();
    let mut kp = vec![0.0; n];
    let mut kn = vec![0.0; n];
    let mut inside = vec![0.0; k];
    for e in net.edges() {
        let w = checked_weight(net, e.a, e.b, e.weight, o.negative)?;
        let (a, b) = (e.a as usize, e.b as usize);
        // A one-mode network has no self-loops (a < b); skipped as the search skips them.
        if a == b {
            continue;
        }
        if w > 0.0 {
            kp[a] += w;
            kp[b] += w;
        } else {
            kn[a] -= w;
            kn[b] -= w;
        }
        if labels[a] == labels[b] {
            inside[labels[a] as usize] += w;
        }
    }
    let mut cp = vec![0.0; k];
    let mut cn = vec![0.0; k];
    for (i, &c) in labels.iter().enumerate() {
        cp[c as usize] += kp[i];
        cn[c as usize] += kn[i];
    }
    let two_pos = total(kp.iter().copied());
    let two_neg = total(kn.iter().copied());
    let strength = two_pos + two_neg;
    let gamma = o.resolution;
    let terms: Vec<(f64, f64, f64)> = (0..k)
        .map(|c| {
            let mut null = 0.0;
            if two_pos > 0.0 {
                null += cp[c] * cp[c] / two_pos;
            }
            if two_neg > 0.0 {
                null -= cn[c] * cn[c] / two_neg;
            }
            let term = if strength > 0.0 {
                (2.0 * inside[c] - gamma * null) / strength
            } else {
                0.0
            };
            (inside[c], cp[c] - cn[c], term)
        })
        .collect();
    Ok(Score {
        modularity: total(terms.iter().map(|t| t.2)),
        positive: two_pos / 2.0,
        negative: two_neg / 2.0,
        terms,
    })
}

/// An edge's weight as the modularity counts it: 0 for a negative weight
/// under [`NegativeWeights::Zero`]; an error when it is not finite or its
/// ends are not nodes.
fn checked_weight(
    net: &Network,
    a: u32,
    b: u32,
    w: f64,
    negative: NegativeWeights,
) -> Result<f64, NetworkError> {
    let n = net.nodes().len();
    if a as usize >= n || b as usize >= n || !w.is_finite() {
        let name = |i: u32| {
            net.nodes()
                .get(i as usize)
                .map_or_else(|| format!("#{i}"), |node| node.id.to_string())
        };
        return Err(NetworkError::BadOption {
            option: "network",
            message: format!(
                "the edge `{}`–`{}` has weight {w}; communities need finite weights between nodes",
                name(a),
                name(b)
            ),
        });
    }
    Ok(if negative == NegativeWeights::Zero && w < 0.0 {
        0.0
    } else {
        w
    })
}

/// The result: communities sorted by size, members by node order.
fn result(
    net: &Network,
    o: &ClusterOptions,
    mut membership: Vec<u32>,
    iterations: Vec<ClusterIteration>,
    converged: bool,
) -> Result<Clusters, NetworkError> {
    let k = renumber(&mut membership);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &c) in membership.iter().enumerate() {
        groups[c as usize].push(i);
    }
    // Renumbering by first appearance makes the first member's position
    // increase with the label, so a stable sort by size breaks ties by it.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    for (c, g) in groups.iter().enumerate() {
        for &i in g {
            membership[i] = c as u32;
        }
    }
    // Scored with the labels it reports, so that `modularity` of
    // `Clusters::membership` adds the same terms in the same order.
    let score = score(net, &membership, k, o)?;
    let nodes = net.nodes();
    let communities = groups
        .iter()
        .zip(&score.terms)
        .enumerate()
        .map(
            |(index, (g, &(internal_weight, strength, modularity)))| Community {
                index,
                size: g.len(),
                members: g.iter().map(|&i| nodes[i].id.clone()).collect(),
                internal_weight,
                strength,
                modularity,
            },
        )
        .collect();
    let members = nodes
        .iter()
        .zip(&membership)
        .map(|(node, &c)| ClusterMember {
            id: node.id.clone(),
            label: node.label.clone(),
            community: c as usize,
        })
        .collect();
    Ok(Clusters {
        options: o.clone(),
        modularity: score.modularity,
        positive_weight: score.positive,
        negative_weight: score.negative,
        converged,
        members,
        communities,
        iterations,
    })
}

// ---------------------------------------------------------------------------
// The search.

/// A network as adjacency lists in both directions, without self-loops,
/// with each node's positive strength k⁺ and negative strength k⁻ (summed
/// over the nodes it stands for once aggregated) and the weight inside it
/// (0 on the network; once aggregated, the weight between the nodes it
/// stands for, each pair once).
struct Graph {
    start: Vec<usize>,
    to: Vec<u32>,
    weight: Vec<f64>,
    pos: Vec<f64>,
    neg: Vec<f64>,
    inner: Vec<f64>,
}

impl Graph {
    fn n(&self) -> usize {
        self.pos.len()
    }

    fn adj(&self, v: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.start[v]..self.start[v + 1];
        self.to[r.clone()]
            .iter()
            .zip(&self.weight[r])
            .map(|(&u, &w)| (u as usize, w))
    }

    fn from_network(net: &Network, negative: NegativeWeights) -> Result<Graph, NetworkError> {
        if net.is_two_mode() {
            return Err(two_mode());
        }
        let mut kept = Vec::with_capacity(net.edges().len());
        for e in net.edges() {
            let w = checked_weight(net, e.a, e.b, e.weight, negative)?;
            if w != 0.0 && e.a != e.b {
                kept.push((e.a, e.b, w));
            }
        }
        Ok(Graph::from_edges(net.nodes().len(), &kept))
    }

    /// From edges between nodes below n, each pair once, none a loop, no
    /// weight 0.
    fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Graph {
        let mut degree = vec![0usize; n];
        let mut pos = vec![0.0; n];
        let mut neg = vec![0.0; n];
        for &(a, b, w) in edges {
            let (a, b) = (a as usize, b as usize);
            degree[a] += 1;
            degree[b] += 1;
            let (s, m) = if w > 0.0 {
                (&mut pos, w)
            } else {
                (&mut neg, -w)
            };
            s[a] += m;
            s[b] += m;
        }
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        for d in &degree {
            start.push(start[start.len() - 1] + d);
        }
        let mut fill = start[..n].to_vec();
        let mut to = vec![0u32; start[n]];
        let mut weight = vec![0.0; start[n]];
        for &(a, b, w) in edges {
            for (x, y) in [(a, b), (b, a)] {
                let slot = &mut fill[x as usize];
                to[*slot] = y;
                weight[*slot] = w;
                *slot += 1;
            }
        }
        Graph {
            start,
            to,
            weight,
            pos,
            neg,
            inner: vec![0.0; n],
        }
    }
}

/// The null model's coefficients: γ/2w⁺ and γ/2w⁻ (0 where the weight is
/// 0), and 2w⁺ + 2w⁻.
struct Quality {
    pos: f64,
    neg: f64,
    gamma: f64,
    total: f64,
}

impl Quality {
    fn new(g: &Graph, gamma: f64) -> Quality {
        let coefficient = |s: &[f64]| {
            let sum = total(s.iter().copied());
            if sum > 0.0 { gamma / sum } else { 0.0 }
        };
        Quality {
            pos: coefficient(&g.pos),
            neg: coefficient(&g.neg),
            gamma,
            total: total(g.pos.iter().copied()) + total(g.neg.iter().copied()),
        }
    }

    /// The modularity of the partition whose communities are the nodes of
    /// `g` (an aggregate of the network): O(n) instead of a pass over the
    /// network's edges.
    fn of_nodes(&self, g: &Graph) -> f64 {
        if self.total == 0.0 {
            return 0.0;
        }
        let sum: f64 = (0..g.n())
            .map(|v| {
                let s = (g.pos[v], g.neg[v]);
                2.0 * g.inner[v] - self.null(s, s)
            })
            .sum();
        sum / self.total
    }

    /// The expected weight between a part of strengths (a⁺, a⁻) and one of
    /// (b⁺, b⁻), times γ.
    fn null(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        self.pos * a.0 * b.0 - self.neg * a.1 * b.1
    }

    /// The least gain that counts as one for a node of these strengths, so
    /// that rounding cannot make two moves undo each other forever.
    fn tolerance(&self, s: (f64, f64)) -> f64 {
        1e-12 * (s.0 + s.1) * self.gamma.max(1.0)
    }
}

/// Sums of weights from one node to labels, and the labels touched.
struct Scratch {
    weight: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            weight: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }

    /// Adds v's weight to each neighbour's label (`None`: the neighbour
    /// does not count); returns the sum over the neighbours that count.
    fn gather(&mut self, g: &Graph, v: usize, label: impl Fn(usize) -> Option<u32>) -> f64 {
        let mut sum = 0.0;
        for (u, w) in g.adj(v) {
            if let Some(c) = label(u) {
                let c = c as usize;
                if !self.seen[c] {
                    self.seen[c] = true;
                    self.touched.push(c as u32);
                }
                self.weight[c] += w;
                sum += w;
            }
        }
        sum
    }

    fn clear(&mut self) {
        for &c in &self.touched {
            self.weight[c as usize] = 0.0;
            self.seen[c as usize] = false;
        }
        self.touched.clear();
    }
}

/// The communities' summed strengths and sizes during local moving, and the
/// labels of empty communities.
struct Moving {
    pos: Vec<f64>,
    neg: Vec<f64>,
    size: Vec<u32>,
    empty: Vec<u32>,
}

impl Moving {
    /// For `part`, whose labels are below the number of nodes.
    fn new(g: &Graph, part: &[u32]) -> Moving {
        let n = g.n();
        let mut m = Moving {
            pos: vec![0.0; n],
            neg: vec![0.0; n],
            size: vec![0; n],
            empty: Vec::new(),
        };
        for (v, &c) in part.iter().enumerate() {
            m.pos[c as usize] += g.pos[v];
            m.neg[c as usize] += g.neg[v];
            m.size[c as usize] += 1;
        }
        m.empty = (0..n as u32)
            .rev()
            .filter(|&c| m.size[c as usize] == 0)
            .collect();
        m
    }

    /// Takes v out of its community, moves it to the community of largest
    /// gain (an empty one when every gain is negative; its own unless
    /// another gains more), and returns the new community if it changed.
    fn visit(
        &mut self,
        g: &Graph,
        q: &Quality,
        part: &mut [u32],
        scratch: &mut Scratch,
        v: usize,
    ) -> Option<u32> {
        let s = (g.pos[v], g.neg[v]);
        let c0 = part[v] as usize;
        self.size[c0] -= 1;
        if self.size[c0] == 0 {
            // Exactly zero, so that an empty community has no gain left over.
            self.pos[c0] = 0.0;
            self.neg[c0] = 0.0;
            self.empty.push(c0 as u32);
        } else {
            self.pos[c0] -= s.0;
            self.neg[c0] -= s.1;
        }
        scratch.gather(g, v, |u| Some(part[u]));
        let gain = |c: usize, w: f64| w - q.null(s, (self.pos[c], self.neg[c]));
        let stay = gain(c0, scratch.weight[c0]);
        let mut best = c0;
        let mut best_gain = stay + q.tolerance(s);
        for &c in &scratch.touched {
            let c = c as usize;
            let d = gain(c, scratch.weight[c]);
            if d > best_gain {
                best = c;
                best_gain = d;
            }
        }
        // An empty community gains 0: better when every other loses.
        if let Some(&e) = self.empty.last()
            && best_gain < 0.0
        {
            best = e as usize;
        }
        scratch.clear();
        if self.size[best] == 0 {
            // The empty community chosen is the top of the stack: v's own
            // (pushed just now) or the one offered.
            self.empty.pop();
        }
        self.size[best] += 1;
        self.pos[best] += s.0;
        self.neg[best] += s.1;
        part[v] = best as u32;
        (best != c0).then_some(best as u32)
    }
}

/// The running search: its random stream, scratch space and progress.
struct Search<'a> {
    rng: SplitMix,
    scratch: Scratch,
    options: &'a ClusterOptions,
    progress: &'a mut dyn FnMut(ClusterProgress),
}

impl Search<'_> {
    /// One run from `start` (compact labels): local moving, (Leiden)
    /// refinement, aggregation, until a level's communities are its nodes.
    /// Returns the membership of the network's nodes, the levels, the moves
    /// and the modularity.
    fn run(
        &mut self,
        g0: &Graph,
        q: &Quality,
        start: &[u32],
        iteration: usize,
    ) -> (Vec<u32>, usize, usize, f64) {
        let mut aggregated: Option<Graph> = None;
        let mut part = start.to_vec();
        let mut node_of: Vec<u32> = (0..g0.n() as u32).collect();
        let (mut levels, mut moves) = (0, 0);
        loop {
            let g = aggregated.as_ref().unwrap_or(g0);
            let m = match self.options.method {
                ClusterMethod::Leiden => self.move_by_queue(g, q, &mut part),
                ClusterMethod::Louvain => self.move_by_sweeps(g, q, &mut part),
            };
            moves += m;
            levels += 1;
            let k = renumber(&mut part);
            (self.progress)(ClusterProgress {
                iteration,
                level: levels,
                nodes: g.n(),
                communities: k,
                moves: m,
            });
            if k == g.n() {
                let membership = node_of.iter().map(|&x| part[x as usize]).collect();
                return (membership, levels, moves, q.of_nodes(g));
            }
            // Aggregate by the refined communities, each starting in the
            // community it was refined from; where the refinement merged
            // nothing, by the communities themselves.
            let refined = match self.options.method {
                ClusterMethod::Leiden => Some(self.refine(g, q, &part, k)),
                ClusterMethod::Louvain => None,
            };
            let (labels, r, next) = match refined {
                Some((refined, r)) if r < g.n() => {
                    let mut next = vec![0; r];
                    for (v, &x) in refined.iter().enumerate() {
                        next[x as usize] = part[v];
                    }
                    (refined, r, next)
                }
                _ => (part, k, (0..k as u32).collect()),
            };
            for x in &mut node_of {
                *x = labels[*x as usize];
            }
            let coarse = aggregate(g, &labels, r, &mut self.scratch);
            aggregated = Some(coarse);
            part = next;
        }
    }

    /// Leiden's fast local moving: every node once in a random order, then
    /// only the neighbours (outside its new community) of a node that moved.
    fn move_by_queue(&mut self, g: &Graph, q: &Quality, part: &mut [u32]) -> usize {
        let n = g.n();
        let mut state = Moving::new(g, part);
        let mut order: Vec<u32> = (0..n as u32).collect();
        self.rng.shuffle(&mut order);
        let mut queue: VecDeque<u32> = order.into();
        let mut queued = vec![true; n];
        let mut moves = 0;
        while let Some(v) = queue.pop_front() {
            let v = v as usize;
            queued[v] = false;
            if let Some(c) = state.visit(g, q, part, &mut self.scratch, v) {
                moves += 1;
                for (u, _) in g.adj(v) {
                    if !queued[u] && part[u] != c {
                        queued[u] = true;
                        queue.push_back(u as u32);
                    }
                }
            }
        }
        moves
    }

    /// Louvain's local moving: sweeps over the nodes in a random order
    /// (drawn once per level) until a sweep moves none.
    fn move_by_sweeps(&mut self, g: &Graph, q: &Quality, part: &mut [u32]) -> usize {
        let mut state = Moving::new(g, part);
        let mut order: Vec<u32> = (0..g.n() as u32).collect();
        self.rng.shuffle(&mut order);
        let mut moves = 0;
        loop {
            let mut moved = 0;
            for &v in &order {
                if state
                    .visit(g, q, part, &mut self.scratch, v as usize)
                    .is_some()
                {
                    moved += 1;
                }
            }
            moves += moved;
            if moved == 0 {
                return moves;
            }
        }
    }

    /// Leiden's refinement: within each community S, from singletons, each
    /// node still alone and well connected to S joins, at random with
    /// probability ∝ exp(ΔH/θ), a well-connected sub-community it has an
    /// edge to and does not lose by joining (or stays alone). Well connected:
    /// E(C, S − C) ≥ γ (‖C‖⁺(‖S‖⁺ − ‖C‖⁺)/2w⁺ − ‖C‖⁻(‖S‖⁻ − ‖C‖⁻)/2w⁻).
    /// Returns the refined labels (compact) and their number.
    fn refine(&mut self, g: &Graph, q: &Quality, part: &[u32], k: usize) -> (Vec<u32>, usize) {
        let n = g.n();
        let (offsets, members) = group(part, k);
        let mut refined: Vec<u32> = (0..n as u32).collect();
        let mut pos = g.pos.clone();
        let mut neg = g.neg.clone();
        let mut merged = vec![false; n];
        // The weight from each sub-community to the rest of its community.
        let mut external: Vec<f64> = (0..n)
            .map(|v| {
                g.adj(v)
                    .filter(|&(u, _)| part[u] == part[v])
                    .map(|(_, w)| w)
                    .sum()
            })
            .collect();
        let theta = self.options.randomness;
        let mut candidates: Vec<(usize, f64)> = Vec::new();
        for c in 0..k {
            let mut order: Vec<u32> = members[offsets[c]..offsets[c + 1]].to_vec();
            if order.len() < 2 {
                continue;
            }
            let total = order.iter().fold((0.0, 0.0), |t, &v| {
                (t.0 + g.pos[v as usize], t.1 + g.neg[v as usize])
            });
            let well_connected =
                |e: f64, s: (f64, f64)| e >= q.null(s, (total.0 - s.0, total.1 - s.1));
            self.rng.shuffle(&mut order);
            for v in order {
                let v = v as usize;
                let own = refined[v] as usize;
                if merged[own] || !well_connected(external[own], (pos[own], neg[own])) {
                    continue;
                }
                let s = (g.pos[v], g.neg[v]);
                let inside = external[own];
                pos[own] = 0.0;
                neg[own] = 0.0;
                external[own] = 0.0;
                self.scratch
                    .gather(g, v, |u| (part[u] == part[v]).then(|| refined[u]));
                candidates.clear();
                candidates.push((own, 0.0));
                let mut top: f64 = 0.0;
                for &x in &self.scratch.touched {
                    let x = x as usize;
                    if !well_connected(external[x], (pos[x], neg[x])) {
                        continue;
                    }
                    let d = self.scratch.weight[x] - q.null(s, (pos[x], neg[x]));
                    if d >= 0.0 {
                        candidates.push((x, d));
                        top = top.max(d);
                    }
                }
                let chosen = if candidates.len() == 1 {
                    own
                } else {
                    let total: f64 = candidates
                        .iter()
                        .map(|&(_, d)| ((d - top) / theta).exp())
                        .sum();
                    let mut r = self.rng.unit() * total;
                    let mut chosen = candidates[candidates.len() - 1].0;
                    for &(x, d) in &candidates {
                        r -= ((d - top) / theta).exp();
                        if r < 0.0 {
                            chosen = x;
                            break;
                        }
                    }
                    chosen
                };
                let to_chosen = if chosen == own {
                    0.0
                } else {
                    self.scratch.weight[chosen]
                };
                pos[chosen] += s.0;
                neg[chosen] += s.1;
                external[chosen] += inside - 2.0 * to_chosen;
                if chosen != own {
                    refined[v] = chosen as u32;
                    merged[chosen] = true;
                }
                self.scratch.clear();
            }
        }
        let r = renumber(&mut refined);
        (refined, r)
    }
}

/// The network aggregated by `labels` (0..r): a node per label, the weight
/// between two the sum of the weights between their members, strengths and
/// inner weights summed.
fn aggregate(g: &Graph, labels: &[u32], r: usize, scratch: &mut Scratch) -> Graph {
    let (offsets, members) = group(labels, r);
    let mut start = Vec::with_capacity(r + 1);
    start.push(0);
    let mut to = Vec::new();
    let mut weight = Vec::new();
    let mut pos = vec![0.0; r];
    let mut neg = vec![0.0; r];
    let mut inner = vec![0.0; r];
    for c in 0..r {
        for &v in &members[offsets[c]..offsets[c + 1]] {
            let v = v as usize;
            pos[c] += g.pos[v];
            neg[c] += g.neg[v];
            inner[c] += g.inner[v];
            scratch.gather(g, v, |u| Some(labels[u]));
        }
        for &x in &scratch.touched {
            let w = scratch.weight[x as usize];
            if x as usize == c {
                // Each edge inside was met from both ends.
                inner[c] += w / 2.0;
            } else {
                to.push(x);
                weight.push(w);
            }
        }
        scratch.clear();
        start.push(to.len());
    }
    Graph {
        start,
        to,
        weight,
        pos,
        neg,
        inner,
    }
}

/// The nodes of each label (0..k): offsets into a list grouped by label,
/// each group in node order.
fn group(labels: &[u32], k: usize) -> (Vec<usize>, Vec<u32>) {
    let mut offsets = vec![0usize; k + 1];
    for &c in labels {
        offsets[c as usize + 1] += 1;
    }
    for c in 0..k {
        offsets[c + 1] += offsets[c];
    }
    let mut fill = offsets[..k].to_vec();
    let mut members = vec![0u32; labels.len()];
    for (v, &c) in labels.iter().enumerate() {
        members[fill[c as usize]] = v as u32;
        fill[c as usize] += 1;
    }
    (offsets, members)
}

/// Renumbers labels to 0..k in order of first appearance; returns k. Two
/// partitions renumbered are equal exactly when they are the same partition.
fn renumber(labels: &mut [u32]) -> usize {
    let size = labels.iter().max().map_or(0, |&m| m as usize + 1);
    let mut map = vec![u32::MAX; size];
    let mut k = 0;
    for c in labels.iter_mut() {
        let slot = &mut map[*c as usize];
        if *slot == u32::MAX {
            *slot = k;
            k += 1;
        }
        *c = *slot;
    }
    k as usize
}

/// Splits each community into its connected parts (through the edges
/// inside it, by union-find) unless that lowers the modularity. Parts a
/// and b of a community have no edge between them, so splitting changes Q
/// only by the null model between them: by
/// γ Σ_{a≠b} (K⁺_a K⁺_b/2w⁺ − K⁻_a K⁻_b/2w⁻) / (2w⁺ + 2w⁻), never negative
/// without negative weights. `labels` must be below the number of nodes.
/// O(n + e α(n)).
fn split_disconnected(g: &Graph, q: &Quality, labels: &mut [u32]) {
    let n = g.n();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let up = parent[parent[x as usize] as usize];
            parent[x as usize] = up;
            x = up;
        }
        x
    }
    for v in 0..n {
        for (u, _) in g.adj(v) {
            if u > v && labels[u] == labels[v] {
                let (a, b) = (find(&mut parent, v as u32), find(&mut parent, u as u32));
                if a != b {
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
    }
    // Per part, its strengths; per community, the sums and sums of squares
    // of its parts' strengths, and its number of parts.
    let mut part = vec![(0.0, 0.0); n];
    let root: Vec<u32> = (0..n as u32).map(|v| find(&mut parent, v)).collect();
    for v in 0..n {
        let p = &mut part[root[v] as usize];
        p.0 += g.pos[v];
        p.1 += g.neg[v];
    }
    let mut sums = vec![(0.0, 0.0, 0.0, 0.0, 0u32); n];
    for v in 0..n {
        if root[v] as usize == v {
            let (kp, kn) = part[v];
            let s = &mut sums[labels[v] as usize];
            s.0 += kp;
            s.1 += kn;
            s.2 += kp * kp;
            s.3 += kn * kn;
            s.4 += 1;
        }
    }
    let split: Vec<bool> = sums
        .iter()
        .map(|&(sp, sn, qp, qn, parts)| {
            parts > 1 && q.pos * (sp * sp - qp) - q.neg * (sn * sn - qn) >= 0.0
        })
        .collect();
    for (v, label) in labels.iter_mut().enumerate() {
        // Parts are labelled by their root, whole communities above n.
        *label = if split[*label as usize] {
            root[v]
        } else {
            n as u32 + *label
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32, f64)]) -> Graph {
        Graph::from_edges(n, edges)
    }

    #[test]
    fn renumber_by_first_appearance() {
        let mut l = vec![5, 5, 2, 9, 2];
        assert_eq!(renumber(&mut l), 3);
        assert_eq!(l, vec![0, 0, 1, 2, 1]);
    }

    #[test]
    fn aggregation_sums_weights_and_strengths() {
        // A path 0–1–2–3 with weights 1, 2, 3; merge {0, 1} and {2, 3}.
        let g = graph(4, &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 3.0)]);
        let mut scratch = Scratch::new(4);
        let a = aggregate(&g, &[0, 0, 1, 1], 2, &mut scratch);
        assert_eq!(a.pos, vec![1.0 + 3.0, 5.0 + 3.0]);
        assert_eq!(a.adj(0).collect::<Vec<_>>(), vec![(1, 2.0)]);
        assert_eq!(a.adj(1).collect::<Vec<_>>(), vec![(0, 2.0)]);
        assert_eq!(a.inner, vec![1.0, 3.0]);
        // Once more: all in one, the weight inside is all the weight.
        let b = aggregate(&a, &[0, 0], 1, &mut scratch);
        assert_eq!((b.inner[0], b.pos[0], b.n()), (6.0, 12.0, 1));
        assert_eq!(Quality::new(&g, 1.0).of_nodes(&b), 0.0);
    }

    #[test]
    fn split_separates_unlinked_parts() {
        // 0–1 and 2–3 linked, but all four given one label.
        let g = graph(4, &[(0, 1, 1.0), (2, 3, 1.0)]);
        let mut l = vec![0, 0, 0, 0];
        split_disconnected(&g, &Quality::new(&g, 1.0), &mut l);
        renumber(&mut l);
        assert_eq!(l, vec![0, 0, 1, 1]);
    }

    #[test]
    fn refinement_merges_only_within_a_community() {
        // Two triangles joined by the edge 2–3.
        let g = graph(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 1.0),
            ],
        );
        let q = Quality::new(&g, 1.0);
        let o = ClusterOptions::new();
        let mut progress = |_: ClusterProgress| {};
        for seed in 0..20 {
            let mut search = Search {
                rng: SplitMix::new(seed),
                scratch: Scratch::new(6),
                options: &o,
                progress: &mut progress,
            };
            // One community of all six: sub-communities form.
            let (refined, r) = search.refine(&g, &q, &[0; 6], 1);
            assert!(r < 6, "seed {seed}: {refined:?}");
            // Two communities: no sub-community crosses them.
            let (refined, _) = search.refine(&g, &q, &[0, 0, 0, 1, 1, 1], 2);
            assert!(refined[..3].iter().all(|x| !refined[3..].contains(x)));
        }
    }

    #[test]
    fn split_keeps_parts_the_negative_null_model_holds_together() {
        // 0 and 1 share no tie but both clash with 2: apart they would lose
        // the negative null term between them.
        let g = graph(3, &[(0, 2, -1.0), (1, 2, -1.0)]);
        let mut l = vec![0, 0, 1];
        split_disconnected(&g, &Quality::new(&g, 1.0), &mut l);
        renumber(&mut l);
        assert_eq!(l, vec![0, 0, 1]);
    }

    #[test]
    fn a_node_with_only_negative_ties_leaves_for_an_empty_community() {
        // 0–1 negative, 1–2 positive: 0 alone does best.
        let g = graph(3, &[(0, 1, -1.0), (1, 2, 1.0)]);
        let q = Quality::new(&g, 1.0);
        let mut part = vec![0, 0, 0];
        let mut m = Moving::new(&g, &part);
        let mut scratch = Scratch::new(3);
        let moved = m.visit(&g, &q, &mut part, &mut scratch, 0);
        assert!(moved.is_some());
        assert_ne!(part[0], part[1]);
        assert_eq!(m.size[part[0] as usize], 1);
    }

    #[test]
    fn below_is_in_range_and_reaches_every_value() {
        let mut r = SplitMix::new(3);
        let mut seen = [false; 7];
        for _ in 0..500 {
            let x = r.below(7);
            seen[x] = true;
        }
        assert!(seen.iter().all(|s| *s));
        let u = r.unit();
        assert!((0.0..1.0).contains(&u));
    }
}
