//! The backbone and the redundant set of a discourse network: the targets
//! (concepts) whose statements keep the structure of the actor network, and
//! the rest, found as in the Discourse Network Analyzer's backbone analysis
//! (Leifeld and Henrichsen, DNA 3 and rDNA `dna_backbone`).
//!
//! # The network compared
//!
//! Let C be the targets with a statement counted by the network options (the
//! columns), and N the actors of those statements (the rows; with
//! [`Over::Targets`] the roles swap: actors are split and targets are the
//! nodes). For a set S ⊆ C, W(S) is the one-mode network of
//! [`NetworkOptions`] built from the statements on targets in S only — every
//! kind and normalisation as in `docs/NETWORKS.md`, the normalisations'
//! row totals taken over S's statements — on the full node set N (an actor
//! with no statement on S is a node without edges). Negative weights
//! (subtract) are set to 0, as in DNA, so that W(S) is a graph: w_ij(S) =
//! max(ω_ij(S), 0).
//!
//! # Spectrum and loss
//!
//! With d_i = Σ_j w_ij and L = D − W (the Laplacian), the spectrum λ(S) is,
//! for [`Spectrum::Dna`] (DNA's definition), the eigenvalues of L sorted
//! ascending and divided by their sum, λ_k / Σ_m λ_m (Σ_m λ_m = tr L = Σ_i
//! d_i; left as they are when the sum is 0); for [`Spectrum::Normalized`],
//! the eigenvalues of the normalised Laplacian 𝓛 = I − D^{−1/2} W D^{−1/2}
//! (a row and column of 0 for a node of degree 0), ascending, not rescaled.
//! The spectral distance of S is
//!
//! ```text
//! δ(S) = Σ_k |λ_k(C) − λ_k(S)|
//! ```
//!
//! over the |N| eigenvalues (DNA writes it Σ_k √((λ_k(C) − λ_k(S))²) and calls
//! it Euclidean; it is this L1 distance). With [`Spectrum::Dna`] both spectra
//! sum to 1 (or are all 0, for a network without edges), so 0 ≤ δ ≤ 2, and
//! a backbone without edges is at distance exactly 1 — nearer than a sparse
//! one can be, whose scaled spectrum sits on a few large eigenvalues; with
//! [`Spectrum::Normalized`], 0 ≤ δ ≤ 2|N|. δ(C) = 0. The backbone loss of a
//! split (B, R = C \ B) is δ(B), the redundant loss δ(R).
//!
//! # Search
//!
//! [`BackboneSearch::Penalty`] minimises the penalised loss
//!
//! ```text
//! δ_p(B) = δ(B) · exp(−p · (|C| − |B|) / |C|)
//! ```
//!
//! (penalty p ≥ 0; the factor grows from e^{−p(|C|−1)/|C|} for one target to
//! 1 for all, so larger backbones are penalised) over 1 ≤ |B| ≤ |C| − 1;
//! [`BackboneSearch::Fixed`] minimises δ(B) over |B| = k. Both by DNA's
//! simulated annealing, for t = 1, …, T (T = [`BackboneOptions::iterations`]):
//!
//! - start: one target drawn uniformly (penalty), or k distinct targets
//!   (fixed); the current and the best set are this start;
//! - temperature τ_t = 1 − 1 / (1 + exp(−(12t/T − 5))), from 0.993 to
//!   0.0009;
//! - a move drawn uniformly among those allowed: add a target of R (when
//!   |B| < |C| − 1), remove one of B (when |B| > 1), swap one of each
//!   (always); the fixed search only swaps. The target is drawn uniformly;
//! - the candidate is accepted when its loss ℓ' is below the current loss ℓ;
//!   otherwise with probability exp(−(ℓ' − ℓ)) · τ_t ([`Acceptance::Dna`],
//!   DNA's rule) or exp(−(ℓ' − ℓ) / τ_t) ([`Acceptance::Metropolis`]),
//!   against a uniform draw u ∈ [0, 1), accepted when u < probability;
//! - the best set becomes the candidate when the candidate was accepted as
//!   an improvement (ℓ' < ℓ) and ℓ' is at most the best loss.
//!
//! DNA's defaults are p = 3.5, T = 10,000, a subtract network with average
//! normalisation counting a statement once per document
//! ([`BackboneOptions::default`]: [`Duplicates::Source`]). Randomness comes
//! from a ChaCha8 stream ([`rand_chacha`]) seeded with
//! [`BackboneOptions::seed`]; integers are drawn without bias (Lemire's
//! method) and uniform numbers from 53 bits, so the same seed gives the same
//! result on any thread count (the eigenvalues are computed on one thread).
//!
//! # Where this differs from DNA
//!
//! - DNA's random draws are not seeded (`ThreadLocalRandom`,
//!   `Collections.shuffle`); here the seed fixes the search.
//! - DNA reports, with the best sets, the backbone loss of the last accepted
//!   set and the redundant loss of its complement, not of the sets it
//!   reports (and fails when no candidate is ever accepted). The losses
//!   reported here are those of the reported sets, computed anew from the
//!   statements.
//! - DNA takes the eigenvalues in the order its library returns them; here
//!   both spectra are sorted ascending.
//! - DNA's "add" move may fill the backbone with every target when there are
//!   two, after which a swap fails; here the backbone keeps 1..|C| − 1
//!   targets, and a fixed size must lie in 1..|C| − 1.
//! - The weights are claimgraph's (`docs/NETWORKS.md`, section 10): its
//!   cosine and Jaccard, and the declared scale of graded positions.
//!   [`Normalization::DnaCosine`] gives DNA's "cosine".
//! - [`Spectrum::Normalized`] and [`Acceptance::Metropolis`] are not in DNA.
//!
//! # Computing the spectra
//!
//! A node without an edge adds the eigenvalue 0 to either spectrum, so the
//! eigenvalues are computed for the k nodes with an edge and padded with
//! zeros. The solver (faer's dense symmetric one: Householder
//! tridiagonalisation, then implicit QR on the tridiagonal matrix,
//! eigenvalues only, on one thread) is given Λ + σI, σ the largest diagonal
//! entry of the Laplacian Λ (the largest degree; 1 for the normalised one),
//! and σ is subtracted from what it returns: every eigenvalue it converges
//! to is then at least σ. A Laplacian has an eigenvalue 0 for each
//! component, and a cluster of them at 0 can keep a deflation test
//! relative to the diagonal entries from ever separating them (faer's does
//! not converge on some such matrices). The shift costs an absolute error
//! of the order of the machine epsilon times σ, the accuracy a backward
//! stable solver has at best.
//!
//! # Cost
//!
//! With n statements, |N| = a nodes, m_c the rows with a cell on target c
//! and L levels: selecting and reducing the statements, O(n log n); the
//! full network's pair sums, O(Σ_c m_c² L²); then each spectrum (the full
//! one once, one per iteration, two for the reported sets): O(a²) to write
//! the weights and O(k³) for the eigenvalues, k ≤ a the nodes with an edge.
//! Between iterations the pair sums and row totals of the current set are
//! kept, so a move costs O(m_c² L²) for the target(s) it moves (undone in
//! the same time when the candidate is rejected), then the O(a² + k³) of
//! its spectrum, which dominates: an iteration is one dense symmetric
//! eigenvalue problem of the order of the actors its backbone reaches.
//! Memory O(a²): about 40·a² bytes (160 MB at 2,000 nodes, 4 GB at
//! [`DEFAULT_MAX_NODES`]).
//!
//! DNA instead filters the statements and rebuilds the network for every
//! candidate: a linear search of the backbone list per statement
//! (O(n·|B|)), of the label lists to place each statement (O(n·(a + |C|))),
//! a loop over every actor pair and every concept (O(a²·|C|·L²)), then the
//! eigenvalues of the a × a Laplacian, isolated nodes included (O(a³)).

use std::io::{self, Write};

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::evd::{self, ComputeEigenvectors};
use faer::{Mat, Par};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::Serialize;

use crate::compute::{
    PairSums, Prepared, RowStats, column_lists, kernel, mirrors, pair_weight, prepare, run_kappa,
    select, total,
};
use crate::error::{NetworkError, grouped};
use crate::network::{Node, csv_field, json_line, push_weight};
use crate::options::{Duplicates, Kind, NetworkOptions, Normalization, Over, choice};
use crate::statements::Statements;
use std::fmt;
use std::str::FromStr;

choice!(
    /// Which spectrum of the Laplacian the loss compares.
    Spectrum {
        /// DNA's: the eigenvalues of L = D − W, divided by their sum.
        Dna = "dna",
        /// The eigenvalues of the normalised Laplacian I − D^{−1/2} W D^{−1/2}.
        Normalized = "normalized",
    }
);

choice!(
    /// When the annealing accepts a candidate worse than the current set.
    Acceptance {
        /// DNA's rule: with probability exp(−Δ) · τ.
        Dna = "dna",
        /// The Metropolis rule: with probability exp(−Δ / τ).
        Metropolis = "metropolis",
    }
);

choice!(
    /// A move of the annealing.
    BackboneStep {
        /// A redundant target joins the backbone.
        Add = "add",
        /// A backbone target leaves it.
        Remove = "remove",
        /// One of each changes sides.
        Swap = "swap",
    }
);

/// How the backbone is searched.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum BackboneSearch {
    /// Simulated annealing of the penalised loss, the backbone's size free.
    Penalty {
        /// The penalty p ≥ 0 on the backbone's size.
        penalty: f64,
    },
    /// Simulated annealing of the loss over backbones of a fixed size.
    Fixed {
        /// The backbone's size, 1..|C| − 1.
        size: usize,
    },
}

/// The default number of iterations (DNA's).
pub const DEFAULT_ITERATIONS: usize = 10_000;
/// The default penalty (DNA's).
pub const DEFAULT_PENALTY: f64 = 3.5;
/// The default bound on the network's nodes, [`BackboneOptions::max_nodes`].
pub const DEFAULT_MAX_NODES: usize = 10_000;

/// What a backbone search or evaluation does: the network compared, the
/// search, its iterations and seed, the spectrum and the acceptance rule.
///
/// ```
/// use claimgraph_network::{BackboneOptions, NetworkOptions, Spectrum};
/// let o = BackboneOptions::fixed(5)
///     .network(NetworkOptions::congruence())
///     .iterations(2_000)
///     .seed(42)
///     .spectrum(Spectrum::Normalized);
/// assert_eq!(o.iterations, 2_000);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackboneOptions {
    /// The one-mode network compared: its kind, normalisation, duplicates,
    /// scale and filters. Its `over` says which mode is split: with
    /// [`Over::Actors`] the targets are split and the actors are the nodes.
    pub network: NetworkOptions,
    /// Penalty or fixed size.
    pub search: BackboneSearch,
    /// The annealing's iterations, at least 1.
    pub iterations: usize,
    /// The seed of every random draw.
    pub seed: u64,
    /// The spectrum compared.
    pub spectrum: Spectrum,
    /// The rule for accepting a worse candidate.
    pub acceptance: Acceptance,
    /// The most nodes the network may have: memory and time grow as the
    /// square and the cube of it. Not written with the options.
    #[serde(skip)]
    pub max_nodes: usize,
}

impl Default for BackboneOptions {
    /// DNA's defaults: the penalty search with p = 3.5 and 10,000
    /// iterations on a subtract network, average normalisation, a statement
    /// counted once per source; seed 0.
    fn default() -> BackboneOptions {
        BackboneOptions::penalty(DEFAULT_PENALTY)
    }
}

impl BackboneOptions {
    /// The penalty search with penalty `p`, every other option at its default.
    pub fn penalty(p: f64) -> BackboneOptions {
        BackboneOptions {
            network: NetworkOptions::subtract()
                .normalization(Normalization::Average)
                .duplicates(Duplicates::Source),
            search: BackboneSearch::Penalty { penalty: p },
            iterations: DEFAULT_ITERATIONS,
            seed: 0,
            spectrum: Spectrum::Dna,
            acceptance: Acceptance::Dna,
            max_nodes: DEFAULT_MAX_NODES,
        }
    }

    /// The fixed-size search for a backbone of `size` targets, every other
    /// option at its default.
    pub fn fixed(size: usize) -> BackboneOptions {
        BackboneOptions {
            search: BackboneSearch::Fixed { size },
            ..BackboneOptions::default()
        }
    }

    /// Sets the network compared.
    pub fn network(mut self, network: NetworkOptions) -> BackboneOptions {
        self.network = network;
        self
    }

    /// Sets the number of iterations.
    pub fn iterations(mut self, iterations: usize) -> BackboneOptions {
        self.iterations = iterations;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> BackboneOptions {
        self.seed = seed;
        self
    }

    /// Sets the spectrum compared.
    pub fn spectrum(mut self, spectrum: Spectrum) -> BackboneOptions {
        self.spectrum = spectrum;
        self
    }

    /// Sets the acceptance rule.
    pub fn acceptance(mut self, acceptance: Acceptance) -> BackboneOptions {
        self.acceptance = acceptance;
        self
    }

    /// Sets the most nodes the network may have ([`DEFAULT_MAX_NODES`]).
    pub fn max_nodes(mut self, n: usize) -> BackboneOptions {
        self.max_nodes = n;
        self
    }

    /// Checks the options on their own: a one-mode network without minimum
    /// weight or top-k (the loss compares whole networks), a finite penalty
    /// of at least 0, a fixed size of at least 1, at least one iteration.
    pub fn check(&self) -> Result<(), NetworkError> {
        let bad = |option: &'static str, message: String| {
            Err(NetworkError::BadOption { option, message })
        };
        self.network.check()?;
        if self.network.kind == Kind::Affiliation {
            return bad(
                "kind",
                "the backbone compares one-mode networks; affiliation is two-mode".into(),
            );
        }
        if self.network.min_weight.is_some() {
            return bad(
                "min-weight",
                "the backbone compares whole networks; a minimum weight would drop part of them"
                    .into(),
            );
        }
        if self.network.top_k.is_some() {
            return bad(
                "top-k",
                "the backbone compares whole networks; top-k would drop part of them".into(),
            );
        }
        match self.search {
            BackboneSearch::Penalty { penalty } if !(penalty.is_finite() && penalty >= 0.0) => {
                return bad(
                    "penalty",
                    format!("{penalty} is not a number of at least 0"),
                );
            }
            BackboneSearch::Fixed { size: 0 } => {
                return bad("backbone-size", "must be at least 1".into());
            }
            _ => {}
        }
        if self.iterations == 0 {
            return bad("iterations", "must be at least 1".into());
        }
        if self.max_nodes == 0 {
            return bad("max-nodes", "must be at least 1".into());
        }
        Ok(())
    }
}

/// A split of the targets into a backbone and a redundant set, with its
/// losses against the full network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackboneSplit {
    /// The network's nodes (the actors of the counted statements).
    pub nodes: usize,
    /// The backbone's targets, in id order.
    pub backbone: Vec<Node>,
    /// The redundant targets, in id order.
    pub redundant: Vec<Node>,
    /// δ(B): the spectral distance between the full network and the
    /// backbone's.
    pub backbone_loss: f64,
    /// δ(R): the spectral distance between the full network and the
    /// redundant set's.
    pub redundant_loss: f64,
    /// δ_p(B) with the options' penalty; `None` for a fixed-size search.
    pub penalized_loss: Option<f64>,
}

impl BackboneSplit {
    /// Writes `id,label,set` lines, a header first: each target with
    /// `backbone` or `redundant`. Text cells go through [`csv_field`].
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        out.write_all(b"id,label,set\n")?;
        for (set, nodes) in [("backbone", &self.backbone), ("redundant", &self.redundant)] {
            for n in nodes {
                out.write_all(&csv_field(&n.id))?;
                out.write_all(b",")?;
                out.write_all(&csv_field(&n.label))?;
                out.write_all(b",")?;
                out.write_all(set.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        out.flush()
    }
}

/// One iteration of the annealing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BackboneIteration {
    /// The iteration, from 1.
    pub iteration: usize,
    /// τ_t.
    pub temperature: f64,
    /// The move tried.
    pub step: BackboneStep,
    /// The candidate backbone's size.
    pub candidate_size: usize,
    /// The candidate's spectral distance δ.
    pub candidate_distance: f64,
    /// The candidate's loss: δ_p for the penalty search, δ for the fixed one.
    pub candidate_loss: f64,
    /// The probability with which the candidate was accepted: 1 for an
    /// improvement.
    pub acceptance: f64,
    /// Whether it was accepted.
    pub accepted: bool,
    /// The current set's size after the decision.
    pub current_size: usize,
    /// The current set's loss after the decision.
    pub current_loss: f64,
    /// The best set's size so far.
    pub best_size: usize,
    /// The best set's loss so far.
    pub best_loss: f64,
}

/// A backbone search's result: the options, the split of the best set, and
/// the annealing's iterations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backbone {
    /// The options searched with.
    pub options: BackboneOptions,
    /// The best split found, its losses computed anew.
    #[serde(flatten)]
    pub split: BackboneSplit,
    /// One entry per iteration.
    pub diagnostics: Vec<BackboneIteration>,
}

impl Backbone {
    /// Writes the iterations as CSV, a header first: `iteration, temperature,
    /// step, candidate_size, candidate_distance, candidate_loss, acceptance,
    /// accepted` (1 or 0), `current_size, current_loss, best_size,
    /// best_loss`. Numbers in the shortest form that reads back the same.
    pub fn write_diagnostics_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        out.write_all(
            b"iteration,temperature,step,candidate_size,candidate_distance,candidate_loss,\
acceptance,accepted,current_size,current_loss,best_size,best_loss\n",
        )?;
        let mut line = String::new();
        for d in &self.diagnostics {
            line.clear();
            let numbers = [d.iteration as f64, d.temperature];
            for x in numbers {
                push_weight(&mut line, x);
                line.push(',');
            }
            line.push_str(d.step.as_str());
            for x in [
                d.candidate_size as f64,
                d.candidate_distance,
                d.candidate_loss,
                d.acceptance,
                f64::from(u8::from(d.accepted)),
                d.current_size as f64,
                d.current_loss,
                d.best_size as f64,
                d.best_loss,
            ] {
                line.push(',');
                push_weight(&mut line, x);
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        out.flush()
    }

    /// Writes the result as one JSON object.
    pub fn write_json<W: Write>(&self, out: W) -> io::Result<()> {
        json_line(self, out)
    }
}

/// How far a search has got, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackboneProgress {
    /// Iterations done.
    pub iteration: usize,
    /// Iterations in all.
    pub iterations: usize,
    /// The best loss so far.
    pub best_loss: f64,
    /// The best set's size so far.
    pub best_size: usize,
}

/// Searches the backbone of the network the options describe: the split of
/// the targets whose backbone keeps the full network's spectrum best (see
/// the module's formulas), by simulated annealing with a penalty on the
/// backbone's size or with its size fixed.
///
/// Cost: O(n log n) for n statements, then per iteration one dense
/// symmetric eigenvalue problem of the order k ≤ a of the nodes with an
/// edge in the candidate's network, O(a² + k³), plus O(m² L²) for the m
/// rows on the target(s) moved; memory O(a²) for a nodes.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{BackboneOptions, NetworkOptions, Statements, backbone};
///
/// let mut b = DatasetBuilder::new();
/// let actors: Vec<_> = ["a", "b", "c", "d"]
///     .iter()
///     .map(|id| b.actor(id, id, ActorKind::Person).id())
///     .collect();
/// let core = b.proposal("core", "The plan").id();
/// let aside = b.proposal("aside", "A side issue").id();
/// for (n, a) in actors.iter().enumerate() {
///     let p = if n < 2 { Position::Supports } else { Position::Opposes };
///     b.stance(&format!("s{n}"), a, &core, p);
/// }
/// b.stance("s9", &actors[0], &aside, Position::Supports);
/// let st = Statements::from_dataset(&b.build()?);
///
/// let o = BackboneOptions::fixed(1)
///     .network(NetworkOptions::congruence())
///     .iterations(50)
///     .seed(1);
/// let found = backbone(&st, &o)?;
/// assert_eq!(&*found.split.backbone[0].id, "core");
/// assert_eq!(found.split.backbone_loss, 0.0);
/// assert_eq!(found.diagnostics.len(), 50);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn backbone(st: &Statements, o: &BackboneOptions) -> Result<Backbone, NetworkError> {
    backbone_with_progress(st, o, &mut |_| {})
}

/// [`backbone`], calling `progress` after each iteration.
pub fn backbone_with_progress(
    st: &Statements,
    o: &BackboneOptions,
    progress: &mut dyn FnMut(BackboneProgress),
) -> Result<Backbone, NetworkError> {
    let mut e = Engine::splitting(st, o, "backbone")?;
    let c = e.cols();
    let penalty = match o.search {
        BackboneSearch::Penalty { penalty } => Some(penalty),
        BackboneSearch::Fixed { size } => {
            if size >= c {
                return Err(NetworkError::BadOption {
                    option: "backbone-size",
                    message: format!(
                        "{size} leaves no redundant {}: the statements counted name {c}, so the size must lie in 1..={}",
                        e.items_name(),
                        c - 1
                    ),
                });
            }
            None
        }
    };
    let objective = |distance: f64, size: usize| match penalty {
        Some(p) => distance * penalty_factor(p, size, c),
        None => distance,
    };
    let mut rng = Draws::new(o.seed);
    // The sets: `inside[j]` says where target j is; `pos` its place in its list.
    let mut sets = Sets::new(c);
    match o.search {
        BackboneSearch::Penalty { .. } => sets.add(rng.below(c) as u32),
        BackboneSearch::Fixed { size } => {
            for _ in 0..size {
                let at = rng.below(sets.redundant.len());
                sets.add(sets.redundant[at]);
            }
        }
    }
    for &j in &sets.backbone {
        e.apply(j, 1.0);
    }
    e.commit();
    let mut current = objective(e.distance()?, sets.backbone.len());
    let mut best = current;
    let mut best_set = sets.backbone.clone();
    let t_max = o.iterations;
    let mut diagnostics = Vec::with_capacity(t_max);
    for t in 1..=t_max {
        let temperature = 1.0 - 1.0 / (1.0 + (-(12.0 * t as f64 / t_max as f64 - 5.0)).exp());
        let size = sets.backbone.len();
        let mut steps = [BackboneStep::Swap; 3];
        let mut allowed = 0;
        if penalty.is_some() {
            if size < c - 1 {
                steps[allowed] = BackboneStep::Add;
                allowed += 1;
            }
            if size > 1 {
                steps[allowed] = BackboneStep::Remove;
                allowed += 1;
            }
        }
        steps[allowed] = BackboneStep::Swap;
        allowed += 1;
        let step = steps[rng.below(allowed)];
        let (out, into) = match step {
            BackboneStep::Add => (None, Some(sets.redundant[rng.below(c - size)])),
            BackboneStep::Remove => (Some(sets.backbone[rng.below(size)]), None),
            BackboneStep::Swap => {
                let out = sets.backbone[rng.below(size)];
                (Some(out), Some(sets.redundant[rng.below(c - size)]))
            }
        };
        if let Some(j) = out {
            e.apply(j, -1.0);
        }
        if let Some(j) = into {
            e.apply(j, 1.0);
        }
        let candidate_size = size + usize::from(into.is_some()) - usize::from(out.is_some());
        let distance = e.distance()?;
        let loss = objective(distance, candidate_size);
        let (accepted, acceptance) = if loss < current {
            (true, 1.0)
        } else {
            let p = match o.acceptance {
                Acceptance::Dna => (-(loss - current)).exp() * temperature,
                Acceptance::Metropolis => (-(loss - current) / temperature).exp(),
            };
            (rng.unit() < p, p)
        };
        if accepted {
            e.commit();
            if let Some(j) = out {
                sets.remove(j);
            }
            if let Some(j) = into {
                sets.add(j);
            }
            if loss < current && loss <= best {
                best = loss;
                best_set.clone_from(&sets.backbone);
            }
            current = loss;
        } else {
            e.undo();
        }
        diagnostics.push(BackboneIteration {
            iteration: t,
            temperature,
            step,
            candidate_size,
            candidate_distance: distance,
            candidate_loss: loss,
            acceptance,
            accepted,
            current_size: sets.backbone.len(),
            current_loss: current,
            best_size: best_set.len(),
            best_loss: best,
        });
        progress(BackboneProgress {
            iteration: t,
            iterations: t_max,
            best_loss: best,
            best_size: best_set.len(),
        });
    }
    let mut in_backbone = vec![false; c];
    for &j in &best_set {
        in_backbone[j as usize] = true;
    }
    let split = e.split(&in_backbone, penalty)?;
    Ok(Backbone {
        options: o.clone(),
        split,
        diagnostics,
    })
}

/// One step of the nested backbone: the target that left the backbone, and
/// the two sets as they are after it left.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NestedStep {
    /// The step, from 1.
    pub iteration: usize,
    /// The target removed: of those left, the one whose removal keeps the
    /// backbone's spectrum nearest the full network's.
    pub removed: Node,
    /// The backbone's size after the step, |C| − iteration.
    pub backbone_size: usize,
    /// δ(B) of the backbone after the step (the smallest over the
    /// candidates; the empty backbone's after the last step).
    pub backbone_loss: f64,
    /// δ(R) of the redundant set after the step, the removed target in it.
    pub redundant_loss: f64,
    /// The statements the backbone's network is built from after the step,
    /// as the options count them.
    pub statements: u64,
}

/// The nested backbone: every target, from the first to leave the backbone
/// (the least needed) to the last (the most), with the losses of the
/// backbone and the redundant set at every size. The backbone of size k is
/// the last k targets removed, and each is nested in the next larger.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NestedBackbone {
    /// The options: the network, spectrum and node limit are used; the
    /// search, iterations, seed and acceptance rule are not.
    pub options: BackboneOptions,
    /// The network's nodes.
    pub nodes: usize,
    /// The statements the full network is built from, as counted.
    pub statements: u64,
    /// One step per target, in the order they left the backbone.
    pub steps: Vec<NestedStep>,
}

impl NestedBackbone {
    /// What the removed items are: `"targets"` when the actors are the
    /// nodes ([`Over::Actors`]), `"actors"` when the targets are.
    pub fn items(&self) -> &'static str {
        items_name(self.options.network.over)
    }

    /// The backbone of `size` targets: the last `size` removed, in id order.
    ///
    /// ```
    /// # use claimgraph_core::{ActorKind, DatasetBuilder, Position};
    /// # use claimgraph_network::{BackboneOptions, NetworkOptions, Statements, nested_backbone};
    /// # let mut b = DatasetBuilder::new();
    /// # let x = b.actor("x", "X", ActorKind::Person).id();
    /// # let y = b.actor("y", "Y", ActorKind::Person).id();
    /// # for t in ["t1", "t2", "t3"] { b.proposal(t, t); }
    /// # for (n, t) in ["t1", "t2", "t3"].iter().enumerate() {
    /// #     b.stance(&format!("x{n}"), &x, &claimgraph_core::RecordId::new(t)?, Position::Supports);
    /// #     b.stance(&format!("y{n}"), &y, &claimgraph_core::RecordId::new(t)?, Position::Supports);
    /// # }
    /// # let st = Statements::from_dataset(&b.build()?);
    /// let nested = nested_backbone(&st, &BackboneOptions::default().network(NetworkOptions::congruence()))?;
    /// assert_eq!(nested.backbone(3).len(), 3);
    /// assert_eq!(nested.backbone(1).len(), 1);
    /// assert!(nested.backbone(0).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn backbone(&self, size: usize) -> Vec<Node> {
        let from = self.steps.len().saturating_sub(size);
        let mut out: Vec<Node> = self.steps[from..]
            .iter()
            .map(|s| s.removed.clone())
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Writes one line per step, a header first: `iteration, id, label,
    /// backbone_size, backbone_loss, redundant_loss, statements`. Text cells
    /// go through [`csv_field`]; numbers in the shortest form that reads
    /// back the same.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::new(out);
        out.write_all(
            b"iteration,id,label,backbone_size,backbone_loss,redundant_loss,statements\n",
        )?;
        let mut line = String::new();
        for s in &self.steps {
            line.clear();
            line.push_str(&s.iteration.to_string());
            line.push(',');
            out.write_all(line.as_bytes())?;
            out.write_all(&csv_field(&s.removed.id))?;
            out.write_all(b",")?;
            out.write_all(&csv_field(&s.removed.label))?;
            line.clear();
            line.push(',');
            line.push_str(&s.backbone_size.to_string());
            for x in [s.backbone_loss, s.redundant_loss] {
                line.push(',');
                push_weight(&mut line, x);
            }
            line.push(',');
            line.push_str(&s.statements.to_string());
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        out.flush()
    }

    /// Writes the result as one JSON object.
    pub fn write_json<W: Write>(&self, out: W) -> io::Result<()> {
        json_line(self, out)
    }
}

/// The nested backbone (DNA's "nested" method): starting from the backbone
/// of every target, each step removes the target whose removal leaves the
/// backbone nearest the full network, δ(B \ {j}) smallest (ties go to the
/// target first in id order), until none is left. Each step records the
/// losses of the backbone and of the redundant set after it, without
/// penalty. A greedy order, so a backbone of size k need not be the best of
/// that size ([`BackboneOptions::fixed`] searches for that); what it gives
/// is the order in which targets stop mattering, every size at once.
///
/// Where this differs from DNA: DNA removes every target tied at the
/// smallest loss in one step (giving the later of them the statement count
/// of a set that never existed); here one target leaves per step, so every
/// row describes the sets as they are after it.
///
/// Cost: |C|(|C| + 1)/2 candidate spectra and |C| of the redundant sets,
/// each O(a² + k³) for a nodes (k of them with an edge), plus O(Σ_c m_c²
/// L²) of pair sums per step; memory O(a²). With |C| targets that is
/// about |C|²/2 times one iteration of [`backbone`].
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{BackboneOptions, NetworkOptions, Statements, nested_backbone};
///
/// let mut b = DatasetBuilder::new();
/// let actors: Vec<_> = ["a", "b", "c", "d"]
///     .iter()
///     .map(|id| b.actor(id, id, ActorKind::Person).id())
///     .collect();
/// let core = b.proposal("core", "The plan").id();
/// let aside = b.proposal("aside", "A side issue").id();
/// for (n, a) in actors.iter().enumerate() {
///     let p = if n < 2 { Position::Supports } else { Position::Opposes };
///     b.stance(&format!("s{n}"), a, &core, p);
/// }
/// b.stance("s9", &actors[0], &aside, Position::Supports);
/// let st = Statements::from_dataset(&b.build()?);
/// let o = BackboneOptions::default().network(NetworkOptions::congruence());
/// let nested = nested_backbone(&st, &o)?;
/// // The side issue goes first, at no loss; the plan last, leaving nothing.
/// assert_eq!(&*nested.steps[0].removed.id, "aside");
/// assert_eq!(nested.steps[0].backbone_loss, 0.0);
/// assert_eq!(&*nested.steps[1].removed.id, "core");
/// assert_eq!(nested.steps[1].backbone_size, 0);
/// assert_eq!(nested.steps[1].redundant_loss, 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn nested_backbone(
    st: &Statements,
    o: &BackboneOptions,
) -> Result<NestedBackbone, NetworkError> {
    nested_backbone_with_progress(st, o, &mut |_| {})
}

/// [`nested_backbone`], calling `progress` after each spectrum: its
/// `iteration` counts the spectra computed, of `iterations` in all, and its
/// best loss and size are the last step's.
pub fn nested_backbone_with_progress(
    st: &Statements,
    o: &BackboneOptions,
    progress: &mut dyn FnMut(BackboneProgress),
) -> Result<NestedBackbone, NetworkError> {
    let mut e = Engine::splitting(st, o, "nested")?;
    let c = e.cols();
    let counts: Vec<u64> = (0..c)
        .map(|j| {
            e.col_entries[e.col_start[j]..e.col_start[j + 1]]
                .iter()
                .map(|x| u64::from(x.2))
                .sum()
        })
        .collect();
    let full_statements: u64 = counts.iter().sum();
    let spectra = c * (c + 1) / 2 + c;
    let mut done = 0;
    let mut in_backbone = vec![true; c];
    e.load(&in_backbone, true);
    let mut left = c;
    let mut statements = full_statements;
    let mut steps = Vec::with_capacity(c);
    for iteration in 1..=c {
        // The candidate whose removal leaves the nearest backbone.
        let mut best: Option<(f64, usize)> = None;
        for j in (0..c).filter(|&j| in_backbone[j]) {
            e.apply(j as u32, -1.0);
            let d = e.distance()?;
            e.undo();
            done += 1;
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, j));
            }
            progress(BackboneProgress {
                iteration: done,
                iterations: spectra,
                best_loss: best.map_or(f64::NAN, |b| b.0),
                best_size: left - 1,
            });
        }
        let Some((backbone_loss, j)) = best else {
            break;
        };
        in_backbone[j] = false;
        left -= 1;
        statements -= counts[j];
        let redundant_loss = e.distance_of(&in_backbone, false)?;
        done += 1;
        e.load(&in_backbone, true);
        steps.push(NestedStep {
            iteration,
            removed: e.p.cols[j].clone(),
            backbone_size: left,
            backbone_loss,
            redundant_loss,
            statements,
        });
        progress(BackboneProgress {
            iteration: done,
            iterations: spectra,
            best_loss: backbone_loss,
            best_size: left,
        });
    }
    Ok(NestedBackbone {
        options: o.clone(),
        nodes: e.p.rows.len(),
        statements: full_statements,
        steps,
    })
}

/// The losses of a backbone the user gives: the targets named form the
/// backbone, every other target with a counted statement the redundant set.
/// The network, spectrum and (for the penalised loss) penalty are the
/// options'; the search's other options are not used. An id may be named
/// twice; an id that names no target with a counted statement is an error.
///
/// Cost: O(n log n) for n statements, three eigenvalue problems of order at
/// most a (the nodes), O(a³); memory O(a²).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{BackboneOptions, NetworkOptions, Statements, evaluate_backbone};
///
/// let mut b = DatasetBuilder::new();
/// let a = b.actor("a", "A", ActorKind::Person).id();
/// let c = b.actor("b", "B", ActorKind::Person).id();
/// let plan = b.proposal("plan", "Plan").id();
/// let other = b.proposal("other", "Other").id();
/// b.stance("s1", &a, &plan, Position::Supports);
/// b.stance("s2", &c, &plan, Position::Supports);
/// b.stance("s3", &a, &other, Position::Supports);
/// let st = Statements::from_dataset(&b.build()?);
/// let o = BackboneOptions::fixed(1).network(NetworkOptions::congruence());
/// let split = evaluate_backbone(&st, &o, &["plan", "other"])?;
/// assert_eq!(split.backbone_loss, 0.0);
/// assert!(split.redundant.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate_backbone<S: AsRef<str>>(
    st: &Statements,
    o: &BackboneOptions,
    backbone: &[S],
) -> Result<BackboneSplit, NetworkError> {
    let e = Engine::new(st, o)?;
    let mut in_backbone = vec![false; e.cols()];
    for id in backbone {
        let id = id.as_ref();
        match e.p.cols.binary_search_by(|n| (*n.id).cmp(id)) {
            Ok(j) => in_backbone[j] = true,
            Err(_) => {
                let named = match e.over {
                    Over::Actors => st.targets.iter().any(|t| &*t.id == id),
                    Over::Targets => st.actors.iter().any(|a| &*a.id == id),
                };
                let what = e.items_name();
                let message = if named {
                    format!("{id:?} has no statement that these network options count")
                } else {
                    format!("no {} has the id {id:?}", &what[..what.len() - 1])
                };
                return Err(NetworkError::BadOption {
                    option: "backbone",
                    message,
                });
            }
        }
    }
    let penalty = match o.search {
        BackboneSearch::Penalty { penalty } => Some(penalty),
        BackboneSearch::Fixed { .. } => None,
    };
    e.split(&in_backbone, penalty)
}

/// exp(−p · (|C| − |B|) / |C|).
fn penalty_factor(p: f64, size: usize, total: usize) -> f64 {
    (-p * (total - size) as f64 / total as f64).exp()
}

/// The backbone and redundant targets as lists, each target's place in its
/// list kept so that a target moves in O(1).
struct Sets {
    backbone: Vec<u32>,
    redundant: Vec<u32>,
    /// Place in its list.
    pos: Vec<usize>,
}

impl Sets {
    fn new(c: usize) -> Sets {
        Sets {
            backbone: Vec::new(),
            redundant: (0..c as u32).collect(),
            pos: (0..c).collect(),
        }
    }

    fn add(&mut self, j: u32) {
        Sets::take(&mut self.redundant, &mut self.pos, j);
        self.pos[j as usize] = self.backbone.len();
        self.backbone.push(j);
    }

    fn remove(&mut self, j: u32) {
        Sets::take(&mut self.backbone, &mut self.pos, j);
        self.pos[j as usize] = self.redundant.len();
        self.redundant.push(j);
    }

    fn take(list: &mut Vec<u32>, pos: &mut [usize], j: u32) {
        let at = pos[j as usize];
        list.swap_remove(at);
        if let Some(&moved) = list.get(at) {
            pos[moved as usize] = at;
        }
    }
}

/// The random draws: a ChaCha8 stream, integers without bias, uniform
/// numbers from 53 bits.
struct Draws(ChaCha8Rng);

impl Draws {
    fn new(seed: u64) -> Draws {
        Draws(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in 0..n (n ≥ 1), by Lemire's multiply-and-reject.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.0.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The network of a set of targets, kept up to date as targets join and
/// leave, with the full network's spectrum to compare against.
struct Engine<'a> {
    o: &'a NetworkOptions,
    over: Over,
    spectrum: Spectrum,
    p: Prepared,
    /// Each column's cells (row, level, count), sorted by row then level.
    col_start: Vec<usize>,
    col_entries: Vec<(u32, u16, u32)>,
    mirror: Vec<Option<u16>>,
    binary: bool,
    need_min: bool,
    /// Pair sums of the current set, pairs i < j at [`tri`].
    sums: Vec<PairSums>,
    stats: RowStats,
    /// The pair sums and row totals before the moves not yet committed.
    undo: Vec<(usize, PairSums)>,
    saved_stats: Option<RowStats>,
    /// The epoch in which a pair was last saved to `undo`.
    stamp: Vec<u32>,
    epoch: u32,
    /// The full network's spectrum.
    full: Vec<f64>,
    /// The weights of the current set, w_ij at (i, j) for i > j.
    weights: Mat<f64>,
    eig: Eigen,
}

impl<'a> Engine<'a> {
    /// Selects and reduces the statements, and computes the full network's
    /// spectrum. O(n log n + Σ_c m_c² L² + a³).
    fn new(st: &Statements, o: &'a BackboneOptions) -> Result<Engine<'a>, NetworkError> {
        o.check()?;
        let net = &o.network;
        let selected = select(st, net)?;
        let p = prepare(st, net, &selected)?;
        let a = p.rows.len();
        if a > o.max_nodes {
            let bytes = 40u64.saturating_mul((a as u64).saturating_mul(a as u64));
            return Err(NetworkError::BadOption {
                option: "max-nodes",
                message: format!(
                    "the network has {} nodes, more than the limit of {}: its dense matrices need about {} MB and each iteration an eigenvalue problem of that order; select fewer statements (--include-actor, --include-target, --include-kind, --from, --to, --min-frequency), or raise the limit (--max-nodes)",
                    grouped(a as u64),
                    grouped(o.max_nodes as u64),
                    grouped(bytes / 1_000_000)
                ),
            });
        }
        let (col_start, col_entries) = column_lists(&p);
        let mirror = mirrors(&p, net);
        let pairs = a * a.saturating_sub(1) / 2;
        let mut e = Engine {
            o: net,
            over: net.over,
            spectrum: o.spectrum,
            mirror,
            binary: net.scale.is_none(),
            need_min: net.normalization == Normalization::Jaccard,
            col_start,
            col_entries,
            sums: vec![PairSums::default(); pairs],
            stats: RowStats {
                tot: vec![0.0; a],
                kappa: vec![0.0; a],
                tau: vec![0.0; a],
            },
            undo: Vec::new(),
            saved_stats: None,
            stamp: vec![0; pairs],
            epoch: 1,
            full: Vec::new(),
            weights: Mat::zeros(a, a),
            eig: Eigen::new(),
            p,
        };
        for j in 0..e.cols() {
            e.apply(j as u32, 1.0);
        }
        e.commit();
        e.full = e.spectrum_now()?;
        e.reset();
        Ok(e)
    }

    /// [`Engine::new`] for a search, which needs two targets to split;
    /// `option` names the search in the error.
    fn splitting(
        st: &Statements,
        o: &'a BackboneOptions,
        option: &'static str,
    ) -> Result<Engine<'a>, NetworkError> {
        let e = Engine::new(st, o)?;
        let c = e.cols();
        if c < 2 {
            return Err(NetworkError::BadOption {
                option,
                message: format!(
                    "a split needs at least two {}; the statements counted name {c}",
                    e.items_name()
                ),
            });
        }
        Ok(e)
    }

    /// The number of columns (the targets split).
    fn cols(&self) -> usize {
        self.p.cols.len()
    }

    /// What the split items are called.
    fn items_name(&self) -> &'static str {
        items_name(self.over)
    }

    /// Empties the set.
    fn reset(&mut self) {
        self.sums.fill(PairSums::default());
        for v in [
            &mut self.stats.tot,
            &mut self.stats.kappa,
            &mut self.stats.tau,
        ] {
            v.fill(0.0);
        }
        self.undo.clear();
        self.saved_stats = None;
    }

    /// Adds (sign 1) or removes (sign −1) column j's statements, keeping
    /// what it changes for [`Engine::undo`]. O(m² L²) for m rows in it.
    fn apply(&mut self, j: u32, sign: f64) {
        if self.saved_stats.is_none() {
            self.saved_stats = Some(self.stats.clone());
        }
        let a = self.p.rows.len();
        let (levels, range) = (&self.p.levels, self.p.range);
        let list = &self.col_entries[self.col_start[j as usize]..self.col_start[j as usize + 1]];
        let runs: Vec<&[(u32, u16, u32)]> = list.chunk_by(|x, y| x.0 == y.0).collect();
        for (r, mine) in runs.iter().enumerate() {
            let i = mine[0].0 as usize;
            let my_total = total(mine.iter().map(|x| f64::from(x.2)));
            self.stats.tot[i] += sign * my_total;
            self.stats.tau[i] += sign * my_total * my_total;
            self.stats.kappa[i] += sign * run_kappa(levels, range, mine.iter().map(|x| (x.1, x.2)));
            for theirs in &runs[r + 1..] {
                let k = theirs[0].0 as usize;
                let at = tri(a, i, k);
                if self.stamp[at] != self.epoch {
                    self.stamp[at] = self.epoch;
                    self.undo.push((at, self.sums[at]));
                }
                let s = &mut self.sums[at];
                for &(_, la, ca) in mine.iter() {
                    for &(_, lb, cb) in theirs.iter() {
                        let prod = f64::from(ca) * f64::from(cb);
                        s.p += sign * prod;
                        s.k += sign * prod * kernel(levels, range, la, lb);
                        if self.need_min {
                            if la == lb {
                                s.min_same += sign * f64::from(ca.min(cb));
                            }
                            if self.mirror[la as usize] == Some(lb) {
                                s.min_mirror += sign * f64::from(ca.min(cb));
                            }
                        }
                    }
                }
                if self.need_min {
                    let their_total = total(theirs.iter().map(|x| f64::from(x.2)));
                    s.min_total += sign * my_total.min(their_total);
                }
            }
        }
    }

    /// Keeps the moves made since the last commit or undo.
    fn commit(&mut self) {
        self.undo.clear();
        self.saved_stats = None;
        self.next_epoch();
    }

    /// Takes back the moves made since the last commit, exactly.
    fn undo(&mut self) {
        for &(at, old) in self.undo.iter().rev() {
            self.sums[at] = old;
        }
        self.undo.clear();
        if let Some(s) = self.saved_stats.take() {
            self.stats = s;
        }
        self.next_epoch();
    }

    fn next_epoch(&mut self) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.fill(0);
            self.epoch = 1;
        }
    }

    /// The current set's spectrum: the weights, then the eigenvalues of the
    /// Laplacian on the k nodes with an edge (a node without one adds the
    /// eigenvalue 0). O(a² + k³).
    fn spectrum_now(&mut self) -> Result<Vec<f64>, NetworkError> {
        let a = self.p.rows.len();
        let w = &mut self.weights;
        let mut degree = vec![0.0; a];
        // The lower triangle: w_ij for i > j (the pair sums hold j < i).
        for j in 0..a {
            for i in j + 1..a {
                let s = &self.sums[tri(a, j, i)];
                // Exact: counts are integers, so a pair that shares no target has p = 0.
                let x = if s.p > 0.0 {
                    let x = pair_weight(self.o, self.binary, &self.stats, j, i, s);
                    if x.is_finite() && x > 0.0 { x } else { 0.0 }
                } else {
                    0.0
                };
                w[(i, j)] = x;
                degree[i] += x;
                degree[j] += x;
            }
        }
        let active: Vec<usize> = (0..a).filter(|&i| degree[i] > 0.0).collect();
        let k = active.len();
        // The solver gets M = Λ + σI, σ the largest diagonal entry of Λ, so
        // that every eigenvalue it converges to is at least σ: a Laplacian
        // has one eigenvalue 0 a component, and a cluster of them at 0 can
        // keep a purely relative deflation test from ever separating them.
        let (m, sigma) = match self.spectrum {
            Spectrum::Dna => {
                let sigma = active.iter().map(|&i| degree[i]).fold(0.0, f64::max);
                let m = Mat::from_fn(k, k, |p, q| match p.cmp(&q) {
                    std::cmp::Ordering::Equal => degree[active[p]] + sigma,
                    std::cmp::Ordering::Greater => -w[(active[p], active[q])],
                    std::cmp::Ordering::Less => 0.0,
                });
                (m, sigma)
            }
            Spectrum::Normalized => {
                let inv: Vec<f64> = active.iter().map(|&i| 1.0 / degree[i].sqrt()).collect();
                let m = Mat::from_fn(k, k, |p, q| match p.cmp(&q) {
                    std::cmp::Ordering::Equal => 2.0,
                    std::cmp::Ordering::Greater => -w[(active[p], active[q])] * inv[p] * inv[q],
                    std::cmp::Ordering::Less => 0.0,
                });
                (m, 1.0)
            }
        };
        let mut values = self.eig.eigenvalues(m)?;
        for v in &mut values {
            *v -= sigma;
        }
        values.resize(a, 0.0);
        values.sort_by(f64::total_cmp);
        if self.spectrum == Spectrum::Dna {
            let sum = total(degree.iter().copied());
            if sum > 0.0 {
                for v in &mut values {
                    *v /= sum;
                }
            }
        }
        Ok(values)
    }

    /// δ of the current set against the full network.
    fn distance(&mut self) -> Result<f64, NetworkError> {
        let s = self.spectrum_now()?;
        Ok(total(self.full.iter().zip(&s).map(|(x, y)| (x - y).abs())))
    }

    /// δ of a set computed from an empty network.
    fn distance_of(&mut self, set: &[bool], want: bool) -> Result<f64, NetworkError> {
        self.load(set, want);
        self.distance()
    }

    /// Makes the current set the columns j with `set[j] == want`, from an
    /// empty network. O(Σ_c m_c² L²) over those columns.
    fn load(&mut self, set: &[bool], want: bool) {
        self.reset();
        for (j, &inside) in set.iter().enumerate() {
            if inside == want {
                self.apply(j as u32, 1.0);
            }
        }
        self.commit();
    }

    /// The split of `in_backbone`, its losses computed anew.
    fn split(
        mut self,
        in_backbone: &[bool],
        penalty: Option<f64>,
    ) -> Result<BackboneSplit, NetworkError> {
        let backbone_loss = self.distance_of(in_backbone, true)?;
        let redundant_loss = self.distance_of(in_backbone, false)?;
        let size = in_backbone.iter().filter(|x| **x).count();
        let (backbone, redundant): (Vec<_>, Vec<_>) =
            self.p.cols.iter().zip(in_backbone).partition(|(_, x)| **x);
        Ok(BackboneSplit {
            nodes: self.p.rows.len(),
            backbone: backbone.into_iter().map(|(n, _)| n.clone()).collect(),
            redundant: redundant.into_iter().map(|(n, _)| n.clone()).collect(),
            backbone_loss,
            redundant_loss,
            penalized_loss: penalty
                .map(|p| backbone_loss * penalty_factor(p, size, in_backbone.len())),
        })
    }
}

/// What the split items are called when `over` says which are the nodes.
fn items_name(over: Over) -> &'static str {
    match over {
        Over::Actors => "targets",
        Over::Targets => "actors",
    }
}

/// The place of the pair i < j of n rows in a packed upper triangle.
fn tri(n: usize, i: usize, j: usize) -> usize {
    debug_assert!(i < j && j < n);
    i * (2 * n - i - 1) / 2 + (j - i - 1)
}

/// A dense symmetric eigenvalue solver, its working memory kept between
/// calls and grown when a larger matrix needs more.
struct Eigen {
    req: StackReq,
    mem: MemBuffer,
}

impl Eigen {
    fn new() -> Eigen {
        let req = StackReq::EMPTY;
        Eigen {
            req,
            mem: MemBuffer::new(req),
        }
    }

    /// The eigenvalues of the symmetric matrix whose lower triangle `m`
    /// holds, in no set order. O(n³) for order n, on this thread.
    fn eigenvalues(&mut self, m: Mat<f64>) -> Result<Vec<f64>, NetworkError> {
        let n = m.nrows();
        if n == 0 {
            return Ok(Vec::new());
        }
        let req = evd::self_adjoint_evd_scratch::<f64>(
            n,
            ComputeEigenvectors::No,
            Par::Seq,
            Default::default(),
        );
        let grown = self.req.or(req);
        if grown != self.req {
            self.req = grown;
            self.mem = MemBuffer::new(grown);
        }
        let mut values = Diag::<f64>::zeros(n);
        evd::self_adjoint_evd(
            m.as_ref(),
            values.as_mut(),
            None,
            Par::Seq,
            MemStack::new(&mut self.mem),
            Default::default(),
        )
        .map_err(|_| NetworkError::NoConvergence { order: n })?;
        Ok(values.column_vector().iter().copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_pairs_cover_the_triangle_once() {
        let n = 7;
        let mut seen = vec![false; n * (n - 1) / 2];
        for i in 0..n {
            for j in i + 1..n {
                let at = tri(n, i, j);
                assert!(!seen[at], "({i}, {j}) shares {at}");
                seen[at] = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn draws_are_uniform_and_in_range() {
        let mut d = Draws::new(9);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[d.below(3)] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
        for _ in 0..1_000 {
            let u = d.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn sets_move_targets_in_constant_time_and_stay_a_partition() {
        let mut s = Sets::new(5);
        s.add(3);
        s.add(0);
        s.remove(3);
        s.add(4);
        let mut b = s.backbone.clone();
        b.sort_unstable();
        let mut r = s.redundant.clone();
        r.sort_unstable();
        assert_eq!(b, vec![0, 4]);
        assert_eq!(r, vec![1, 2, 3]);
        for (at, &j) in s.backbone.iter().enumerate() {
            assert_eq!(s.pos[j as usize], at);
        }
        for (at, &j) in s.redundant.iter().enumerate() {
            assert_eq!(s.pos[j as usize], at);
        }
    }
}
