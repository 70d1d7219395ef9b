//! Kernel-smoothed time slices: for each time point, the network of every
//! statement weighted by a kernel of its distance from the point.
//!
//! A slice at day t with bandwidth h weights a statement made on day d by
//! w = K(u)/K(0), u = (d − t)/h, for a kernel density K ([`Kernel`]): a
//! statement on the day counts 1, one further away less. A cell is then the
//! sum of the weights of its statements (each duplicate group counting once,
//! at the largest weight among its statements), and every formula of the
//! network applies to these weighted cells as it does to counts
//! (`docs/NETWORKS.md`, section 11).

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::compute::{
    Prepared, RowStats, Side, dedupe_over_range, kernel, pair_weight, prepare, select, too_many,
};
use crate::error::NetworkError;
use crate::network::{Edge, Network};
use crate::options::{
    DuplicateScope, Kernel, Kind, NetworkOptions, Normalization, Over, Positions,
};
use crate::statements::{Day, NO_DAY, Statements};
use crate::window::{Keyed, Span};

/// How time slices are made: the kernel, its bandwidth h (the distance at
/// which a compact kernel reaches zero; the Gaussian's standard deviation)
/// and the step between time points, both in days (or weeks).
///
/// ```
/// use claimgraph_network::{Kernel, Smoothing, Span};
/// let s = Smoothing::new(Kernel::Epanechnikov, Span::Days(30), Span::Days(7));
/// assert_eq!(s.kernel.as_str(), "epanechnikov");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Smoothing {
    /// The kernel.
    pub kernel: Kernel,
    /// The bandwidth h, in days.
    pub bandwidth: Span,
    /// The step between time points, in days.
    pub step: Span,
}

impl Smoothing {
    /// Slices with a kernel, a bandwidth and a step.
    pub fn new(kernel: Kernel, bandwidth: Span, step: Span) -> Smoothing {
        Smoothing {
            kernel,
            bandwidth,
            step,
        }
    }
}

/// One time slice's network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slice {
    /// The time point t.
    #[serde(serialize_with = "crate::statements::serialize_day")]
    pub day: Day,
    /// How many statements have a weight above zero at t.
    pub statements: usize,
    /// The sum of the statements' weights (before duplicate removal).
    pub weight: f64,
    /// Its network, over the whole selection's nodes.
    pub network: Network,
}

/// Builds the network of every time slice ([`for_each_slice`]).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{Kernel, NetworkOptions, Smoothing, Span, Statements, slices};
/// let mut b = DatasetBuilder::new();
/// let d1 = b.source("d1", "First").published("2024-01-01").id();
/// let d5 = b.source("d5", "Later").published("2024-01-05").id();
/// b.actor("a", "A", ActorKind::Person);
/// b.actor("b", "B", ActorKind::Person);
/// b.proposal("plan", "Plan");
/// b.stance("s1", "a", "plan", Position::Supports).source(&d1);
/// b.stance("s2", "b", "plan", Position::Supports).source(&d5);
/// let st = Statements::from_dataset(&b.build()?);
/// let s = Smoothing::new(Kernel::Triangular, Span::Days(8), Span::Days(4));
/// let all = slices(&st, &NetworkOptions::congruence(), &s)?;
/// // Time points 2024-01-01 and 2024-01-05: at the first, a counts 1 and
/// // b, four days away, 1 − 4/8 = 0.5.
/// assert_eq!(all.len(), 2);
/// assert_eq!(all[0].network.weight("a", "b"), Some(0.5));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn slices(
    st: &Statements,
    o: &NetworkOptions,
    smoothing: &Smoothing,
) -> Result<Vec<Slice>, NetworkError> {
    let mut out = Vec::new();
    for_each_slice(st, o, smoothing, |s| {
        out.push(s);
        Ok(())
    })?;
    Ok(out)
}

/// Builds the network of each time slice and hands it to `f` as soon as it
/// is built. Time points run from the first day with a statement, one step
/// apart, up to the last; undated statements are left out. Every slice has
/// the nodes of the whole selection. Duplicates count once in each slice, at
/// the largest weight of the group's statements there, or are removed once
/// over the whole selection first, as [`NetworkOptions::duplicate_scope`]
/// says. `f` may stop the run by returning an error.
///
/// Cost: O(n log n) to sort, then per time point O(log n + m) for the m
/// statements within the bandwidth of a compact kernel (every statement for
/// the Gaussian, which is not truncated), plus the slice's network:
/// O(Σ over columns of (entries)²) for a one-mode network. So T time points
/// of the Gaussian cost T full networks.
pub fn for_each_slice(
    st: &Statements,
    o: &NetworkOptions,
    smoothing: &Smoothing,
    mut f: impl FnMut(Slice) -> Result<(), NetworkError>,
) -> Result<(), NetworkError> {
    let days = |span: Span, option: &'static str| match span {
        Span::Days(n) => Ok(n),
        _ => Err(NetworkError::BadOption {
            option,
            message: "a kernel's bandwidth and step are numbers of days (30d) or weeks (2w)".into(),
        }),
    };
    let (h, step) = (
        days(smoothing.bandwidth, "bandwidth")?,
        days(smoothing.step, "step")?,
    );
    if h == 0 || step == 0 {
        return Err(NetworkError::BadOption {
            option: if h == 0 { "bandwidth" } else { "step" },
            message: "a kernel's bandwidth and step must be at least 1 day".into(),
        });
    }
    let (h, step) = (f64::from(h), i64::from(step));
    let kernel_fn = smoothing.kernel;
    let mut selected = select(st, o)?;
    selected.retain(|s| s.day != NO_DAY);
    if selected.is_empty() {
        return Err(NetworkError::EmptySelection(
            "no selected statement has a date, so none can be placed in a time slice".into(),
        ));
    }
    if o.duplicate_scope == DuplicateScope::Range {
        dedupe_over_range(&mut selected);
    }
    let p = prepare(st, o, &selected)?;
    let side = Side::of(st, o.node_variable);
    let row_is_actor = o.kind == Kind::Affiliation || o.over == Over::Actors;
    let find = |nodes: &[crate::network::Node], id: &str| {
        nodes.binary_search_by(|n| (*n.id).cmp(id)).unwrap_or(0) as u32
    };
    let mut keyed: Vec<Keyed> = selected
        .iter()
        .map(|s| {
            let (a, t) = (
                &*side.node(s.actor as usize).id,
                &*st.targets[s.target as usize].id,
            );
            let (row, col) = if row_is_actor {
                (find(&p.rows, a), find(&p.cols, t))
            } else {
                (find(&p.rows, t), find(&p.cols, a))
            };
            Keyed {
                row,
                col,
                level: p.levels.partition_point(|x| *x < s.value) as u16,
                bucket: s.bucket,
                day: s.day,
                stmt: s.row,
            }
        })
        .collect();
    keyed.sort_unstable_by_key(|k| (k.day, k.row, k.col, k.level, k.bucket, k.stmt));
    let (first, last) = (keyed[0].day, keyed[keyed.len() - 1].day);
    let count = (i64::from(last) - i64::from(first)) / step + 1;
    if u64::try_from(count).unwrap_or(0) > o.max_windows {
        return Err(NetworkError::TooManyWindows {
            what: "time slices",
            count: count as u64,
            limit: o.max_windows,
        });
    }
    let mut wo = o.clone();
    wo.filters.isolates = true;
    let mut groups: FxHashMap<(u32, u32, u16, u32), f64> = FxHashMap::default();
    let mut seen: FxHashSet<u32> = FxHashSet::default();
    let mut t = i64::from(first);
    while t <= i64::from(last) {
        let (lo, hi) = if kernel_fn.is_compact() {
            // |d − t| ≤ h, in whole days.
            let reach = h.floor() as i64;
            (
                keyed.partition_point(|k| i64::from(k.day) < t - reach),
                keyed.partition_point(|k| i64::from(k.day) <= t + reach),
            )
        } else {
            (0, keyed.len())
        };
        groups.clear();
        seen.clear();
        let mut weight = 0.0;
        for k in &keyed[lo..hi] {
            let w = kernel_fn.weight((f64::from(k.day) - t as f64) / h);
            if w <= 0.0 {
                continue;
            }
            if seen.insert(k.stmt) {
                weight += w;
            }
            let g = groups
                .entry((k.row, k.col, k.level, k.bucket))
                .or_insert(0.0);
            *g = g.max(w);
        }
        let mut cells: Vec<WCell> = Vec::with_capacity(groups.len());
        for (&(row, col, level, _), &w) in &groups {
            cells.push(WCell { row, col, level, w });
        }
        let network = weighted_network(&p, cells, &wo)?.with_statements(seen.len());
        f(Slice {
            day: t as Day,
            statements: seen.len(),
            weight,
            network,
        })?;
        t += step;
    }
    Ok(())
}

/// A weighted cell: the summed weight of a (row, column, level).
#[derive(Clone, Copy, Debug)]
struct WCell {
    row: u32,
    col: u32,
    level: u16,
    w: f64,
}

/// The network of weighted cells, by the formulas of `docs/NETWORKS.md`
/// with weights in place of counts, over the rows and columns of `p`.
/// O(c log c) for c cells, plus O(Σ over columns of (entries)²) for a
/// one-mode network.
fn weighted_network(
    p: &Prepared,
    mut cells: Vec<WCell>,
    o: &NetworkOptions,
) -> Result<Network, NetworkError> {
    // Sum the groups of one (row, column, level), in a fixed order, so that
    // the sums do not depend on the order of a hash map.
    cells.sort_by(|a, b| {
        (a.row, a.col, a.level)
            .cmp(&(b.row, b.col, b.level))
            .then(a.w.total_cmp(&b.w))
    });
    let mut merged: Vec<WCell> = Vec::with_capacity(cells.len());
    for c in cells {
        match merged.last_mut() {
            Some(m) if (m.row, m.col, m.level) == (c.row, c.col, c.level) => m.w += c.w,
            _ => merged.push(c),
        }
    }
    let cells = merged;
    let runs = || cells.chunk_by(|a, b| a.row == b.row && a.col == b.col);
    if o.kind == Kind::Affiliation {
        if runs().count() as u64 > o.max_edges {
            return Err(too_many(
                o,
                "a slice's network",
                runs().count() as u64,
                true,
            ));
        }
        let nrows = p.rows.len() as u32;
        let mut row_tot = vec![0.0; p.rows.len()];
        let mut col_tot = vec![0.0; p.cols.len()];
        for c in &cells {
            row_tot[c.row as usize] += c.w;
            col_tot[c.col as usize] += c.w;
        }
        let mut edges = Vec::new();
        for run in runs() {
            let (r, c) = (run[0].row, run[0].col);
            let level = |x: &WCell| p.levels[x.level as usize];
            let raw: f64 = match o.positions {
                Positions::Ignore => run.iter().map(|x| x.w).sum(),
                Positions::Subtract if o.scale.is_none() => run
                    .iter()
                    .map(|x| if level(x) > 0.5 { x.w } else { -x.w })
                    .sum(),
                Positions::Subtract => run.iter().map(|x| level(x) * x.w).sum(),
                // Codes name which positions occur; a weight does not change them.
                Positions::Combine => run
                    .iter()
                    .map(|x| if level(x) > 0.5 { 1.0 } else { 2.0 })
                    .sum(),
            };
            let w = match o.normalization {
                Normalization::Activity => raw / row_tot[r as usize],
                Normalization::Prominence => raw / col_tot[c as usize],
                _ => raw,
            };
            if w != 0.0 && w.is_finite() {
                edges.push(Edge {
                    a: r,
                    b: nrows + c,
                    weight: w,
                });
            }
        }
        let mut nodes = p.rows.clone();
        nodes.extend(p.cols.iter().cloned());
        return Ok(Network::new(o.clone(), nodes, Some(p.rows.len()), edges).finish());
    }
    let n = p.rows.len();
    let mut stats = RowStats {
        tot: vec![0.0; n],
        kappa: vec![0.0; n],
        tau: vec![0.0; n],
    };
    // Per column: each row's run of levels and its total.
    let mut by_col: Vec<Vec<(u32, &[WCell], f64)>> = vec![Vec::new(); p.cols.len()];
    for run in runs() {
        let r = run[0].row as usize;
        let t: f64 = run.iter().map(|c| c.w).sum();
        stats.tot[r] += t;
        stats.tau[r] += t * t;
        for a in run {
            for b in run {
                stats.kappa[r] += a.w * b.w * kernel(&p.levels, p.range, a.level, b.level);
            }
        }
        by_col[run[0].col as usize].push((run[0].row, run, t));
    }
    // Refuse a slice whose network could not be held: the pairs of rows
    // that share a column.
    let pairs_bound: u128 = by_col
        .iter()
        .map(|c| {
            let m = c.len() as u128;
            m * m.saturating_sub(1) / 2
        })
        .sum();
    let all = (n as u128) * (n as u128).saturating_sub(1) / 2;
    let bound = u64::try_from(pairs_bound.min(all)).unwrap_or(u64::MAX);
    let held = match o.top_k {
        Some(k) => bound.min((n as u64).saturating_mul(k as u64)),
        None => bound,
    };
    if held > o.max_edges && o.min_weight.is_none() {
        return Err(too_many(o, "a slice's network", held, true));
    }
    let (lo, hi) = match o.scale {
        Some(s) => (s.min, s.max),
        None => (0.0, 1.0),
    };
    let mirror: Vec<Option<u16>> = p
        .levels
        .iter()
        .map(|&q| {
            let m = lo + hi - q;
            p.levels
                .iter()
                .position(|&x| (x - m).abs() < 1e-12)
                .map(|i| i as u16)
        })
        .collect();
    let mut sums: FxHashMap<(u32, u32), crate::compute::PairSums> = FxHashMap::default();
    for col in &by_col {
        for (x, &(i, run_i, t_i)) in col.iter().enumerate() {
            for &(j, run_j, t_j) in &col[x + 1..] {
                let s = sums.entry((i.min(j), i.max(j))).or_default();
                s.p += t_i * t_j;
                s.min_total += t_i.min(t_j);
                for a in run_i {
                    for b in run_j {
                        s.k += a.w * b.w * kernel(&p.levels, p.range, a.level, b.level);
                        if a.level == b.level {
                            s.min_same += a.w.min(b.w);
                        }
                        if mirror[a.level as usize] == Some(b.level) {
                            s.min_mirror += a.w.min(b.w);
                        }
                    }
                }
            }
        }
    }
    let binary = o.scale.is_none();
    let mut edges: Vec<Edge> = sums
        .iter()
        .filter_map(|(&(i, j), s)| {
            let w = pair_weight(o, binary, &stats, i as usize, j as usize, s);
            (w != 0.0 && w.is_finite()).then_some(Edge {
                a: i,
                b: j,
                weight: w,
            })
        })
        .collect();
    edges.sort_unstable_by_key(|e| (e.a, e.b));
    let net = Network::new(o.clone(), p.rows.clone(), None, edges).finish();
    if net.edges().len() as u64 > o.max_edges {
        return Err(too_many(
            o,
            "a slice's network",
            net.edges().len() as u64,
            true,
        ));
    }
    Ok(net)
}
