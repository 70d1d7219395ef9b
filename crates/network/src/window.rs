//! Networks over moving time windows, kept up to date statement by statement.
//!
//! The statements are sorted by day; a window is a range of days (or of
//! statements) that moves forward by a step. Moving it removes the statements
//! that leave and adds those that enter: each changes at most one cell, and a
//! cell change updates only the pairs that share its column — O(column) work
//! per statement, instead of rebuilding every window from scratch. All windows
//! share one node set: every node of the whole selection.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::compute::{
    Cell, PairSums, Prepared, RowStats, Side, dedupe_over_range, kernel, mirrors, pair_weight,
    prepare, select, too_many, two_mode,
};
use crate::error::NetworkError;
use crate::network::{Edge, Network};
use crate::options::{DuplicateScope, Kind, NetworkOptions, Normalization, Over};
use crate::statements::{Day, NO_DAY, Statements, date_of, day_of};

/// A window length or step: a number of days, of calendar months or
/// years, or of statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    /// Calendar days.
    Days(u32),
    /// Statements, in date order.
    Statements(usize),
    /// Calendar months: a window of 3 months covers three whole months
    /// (January to March), and moves on by whole months.
    Months(u32),
    /// Calendar years (12 calendar months).
    Years(u32),
}

impl Span {
    /// Whether the span is empty: no days, months, years or statements.
    pub(crate) fn is_empty(self) -> bool {
        match self {
            Span::Days(n) | Span::Months(n) | Span::Years(n) => n == 0,
            Span::Statements(n) => n == 0,
        }
    }

    /// The span in calendar months, if it is one of months or years.
    fn months(self) -> Option<u32> {
        match self {
            Span::Months(n) => Some(n),
            Span::Years(n) => n.checked_mul(12),
            _ => None,
        }
    }
}

impl std::str::FromStr for Span {
    type Err = NetworkError;
    /// `30d` (days), `2w` (weeks), `3m` (calendar months), `1y` (calendar
    /// years), `500` or `500s` (statements).
    fn from_str(s: &str) -> Result<Span, NetworkError> {
        let bad = || NetworkError::BadOption {
            option: "window",
            message: format!(
                "{s:?} is not a span: write days as 30d, weeks as 2w, calendar months as 3m, calendar years as 1y, statements as 500"
            ),
        };
        let (num, unit) = s.trim().split_at(
            s.trim()
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(s.trim().len()),
        );
        let n: u64 = num.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(NetworkError::BadOption {
                option: "window",
                message: format!("{s:?}: a window and its step must be at least 1"),
            });
        }
        // A calendar span past 10,000 years passes every date chrono holds.
        let calendar = |n: u64, per_year: u64| {
            (n.saturating_mul(12 / per_year) <= 120_000)
                .then_some(n as u32)
                .ok_or_else(bad)
        };
        match unit {
            "d" => u32::try_from(n).map(Span::Days).map_err(|_| bad()),
            "w" => n
                .checked_mul(7)
                .and_then(|d| u32::try_from(d).ok())
                .map(Span::Days)
                .ok_or_else(bad),
            "m" => calendar(n, 12).map(Span::Months),
            "y" => calendar(n, 1).map(Span::Years),
            "" | "s" => usize::try_from(n).map(Span::Statements).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

/// A calendar month as a number: 12 × year + (month − 1).
fn month_of(day: Day) -> Option<i64> {
    use chrono::Datelike;
    let d = date_of(day)?;
    Some(i64::from(d.year()) * 12 + i64::from(d.month0()))
}

/// The first day of a calendar month number.
fn first_day_of(month: i64) -> Option<Day> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    let m = u32::try_from(month.rem_euclid(12)).ok()? + 1;
    chrono::NaiveDate::from_ymd_opt(year, m, 1).map(day_of)
}

/// `1 month`, `3 months`.
fn months(n: i64) -> String {
    if n == 1 {
        "1 calendar month".to_owned()
    } else {
        format!("{n} calendar months")
    }
}

/// `1 day`, `30 days`.
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// One window's network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Window {
    /// The first day of the window.
    #[serde(serialize_with = "crate::statements::serialize_day")]
    pub first_day: Day,
    /// The last day of the window (inclusive).
    #[serde(serialize_with = "crate::statements::serialize_day")]
    pub last_day: Day,
    /// How many statements fall in it (before duplicate removal; after it
    /// over the whole range with [`DuplicateScope::Range`]).
    pub statements: usize,
    /// Its network, over the whole selection's nodes.
    pub network: Network,
}

/// One entry of the selection, placed: its row and column, its level, its
/// duplicate bucket, its day and the statement's place in the table.
#[derive(Clone, Copy)]
pub(crate) struct Keyed {
    pub(crate) row: u32,
    pub(crate) col: u32,
    pub(crate) level: u16,
    pub(crate) bucket: u32,
    pub(crate) day: Day,
    /// The statement's place in the table.
    pub(crate) stmt: u32,
}

/// Builds the network of every window: `size` long, moving by `step` (both
/// in days, both in calendar months or years, or both in statements). Day
/// windows start on the first day with a statement, month windows on the
/// first day of its month, year windows on the first day of its year; all
/// are emitted while they fit inside the range
/// (a calendar window while its last month is not after the month of the
/// last statement); undated statements are left out. A window longer than
/// the range is an error.
///
/// Duplicates are removed inside each window, or once over the whole
/// selection before the windows are cut, as
/// [`NetworkOptions::duplicate_scope`] says.
///
/// O(n log n) for n statements, plus O(column) per statement entering or
/// leaving a window (see the module's notes), plus the windows' networks.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Span, Statements, windows};
/// let mut b = DatasetBuilder::new();
/// let jan = b.source("jan", "January").published("2024-01-31").id();
/// let feb = b.source("feb", "February").published("2024-02-29").id();
/// b.actor("a", "A", ActorKind::Person);
/// b.actor("b", "B", ActorKind::Person);
/// b.proposal("plan", "Plan");
/// b.stance("s1", "a", "plan", Position::Supports).source(&jan);
/// b.stance("s2", "b", "plan", Position::Supports).source(&feb);
/// let st = Statements::from_dataset(&b.build()?);
/// let month = "1m".parse::<Span>()?;
/// let ws = windows(&st, &NetworkOptions::congruence(), month, month)?;
/// assert_eq!(ws.len(), 2);
/// assert_eq!(ws[1].statements, 1);
/// let two = windows(&st, &NetworkOptions::congruence(), "2m".parse()?, month)?;
/// assert_eq!(two[0].network.weight("a", "b"), Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn windows(
    st: &Statements,
    o: &NetworkOptions,
    size: Span,
    step: Span,
) -> Result<Vec<Window>, NetworkError> {
    let mut out = Vec::new();
    for_each_window(st, o, size, step, |w| {
        out.push(w);
        Ok(())
    })?;
    Ok(out)
}

/// As [`windows`], handing each window to `f` as soon as it is built, so only
/// one network is held at a time. `f` may stop the run by returning an error.
pub fn for_each_window(
    st: &Statements,
    o: &NetworkOptions,
    size: Span,
    step: Span,
    mut f: impl FnMut(Window) -> Result<(), NetworkError>,
) -> Result<(), NetworkError> {
    let bad = |message: String| NetworkError::BadOption {
        option: "window",
        message,
    };
    if size.is_empty() || step.is_empty() {
        return Err(bad("a window and its step must be at least 1".into()));
    }
    let calendar = size.months().is_some() && step.months().is_some();
    match (size, step) {
        (Span::Days(_), Span::Days(_)) | (Span::Statements(_), Span::Statements(_)) => {}
        _ if calendar => {}
        _ => {
            return Err(bad(
                "the window and its step must both be days (or weeks), both calendar months or years, or both statements".into(),
            ));
        }
    }
    let mut selected = select(st, o)?;
    selected.retain(|s| s.day != NO_DAY);
    if o.duplicate_scope == DuplicateScope::Range {
        dedupe_over_range(&mut selected);
    }
    if selected.is_empty() {
        return Err(NetworkError::EmptySelection(
            "no selected statement has a date, so none can be placed in a window".into(),
        ));
    }
    let p = prepare(st, o, &selected)?;
    let row_is_actor = o.kind == Kind::Affiliation || o.over == Over::Actors;
    let find = |nodes: &[crate::network::Node], id: &Arc<str>| {
        nodes.binary_search_by(|n| n.id.cmp(id)).unwrap_or(0) as u32
    };
    let side = Side::of(st, o.node_variable);
    let mut keyed: Vec<Keyed> = selected
        .iter()
        .map(|s| {
            let (a, t) = (
                &side.node(s.actor as usize).id,
                &st.targets[s.target as usize].id,
            );
            let (r, c) = if row_is_actor {
                (find(&p.rows, a), find(&p.cols, t))
            } else {
                (find(&p.rows, t), find(&p.cols, a))
            };
            Keyed {
                row: r,
                col: c,
                level: p.levels.partition_point(|x| *x < s.value) as u16,
                bucket: s.bucket,
                day: s.day,
                stmt: s.row,
            }
        })
        .collect();
    // Ties within a day are ordered by node and level, not by input order, so
    // statement-count windows do not depend on the order of the input.
    keyed.sort_unstable_by_key(|k| (k.day, k.row, k.col, k.level, k.bucket));
    // Where each statement's entries begin, for windows of statements: a
    // statement counted for several nodes is one statement.
    let starts = match size {
        Span::Statements(_) => by_statement(&mut keyed),
        _ => Vec::new(),
    };
    let n = keyed.len();
    let first = keyed[0].day;
    let last = keyed[n - 1].day;
    // Window ranges, as [lo, hi) over the sorted statements, with their days.
    let mut ranges: Vec<(usize, usize, Day, Day)> = Vec::new();
    match (size, step) {
        (Span::Days(len), Span::Days(by)) => {
            let range = i64::from(last) - i64::from(first) + 1;
            if i64::from(len) > range {
                return Err(bad(format!(
                    "a window of {} is longer than the statements' range of {}",
                    days(i64::from(len)),
                    days(range)
                )));
            }
            too_many_windows(o, (range - i64::from(len)) / i64::from(by) + 1)?;
            let mut start = i64::from(first);
            while start + i64::from(len) - 1 <= i64::from(last) {
                let s = start as Day;
                let e = (start + i64::from(len) - 1) as Day;
                let lo = keyed.partition_point(|k| k.day < s);
                let hi = keyed.partition_point(|k| k.day <= e);
                ranges.push((lo, hi, s, e));
                start += i64::from(by);
            }
        }
        _ if calendar => {
            let (Some(len), Some(by)) = (size.months(), step.months()) else {
                return Err(bad("a calendar span out of range".into()));
            };
            let (Some(first_month), Some(last_month)) = (month_of(first), month_of(last)) else {
                return Err(bad("the statements' days are out of the calendar".into()));
            };
            // Windows of whole years are calendar years: they start in January.
            let first_month = match size {
                Span::Years(_) => first_month - first_month.rem_euclid(12),
                _ => first_month,
            };
            let range = last_month - first_month + 1;
            if i64::from(len) > range {
                return Err(bad(format!(
                    "a window of {} is longer than the statements' range of {}",
                    months(i64::from(len)),
                    months(range)
                )));
            }
            too_many_windows(o, (range - i64::from(len)) / i64::from(by) + 1)?;
            let mut start = first_month;
            while start + i64::from(len) - 1 <= last_month {
                let (Some(s), Some(next)) =
                    (first_day_of(start), first_day_of(start + i64::from(len)))
                else {
                    break;
                };
                let e = next - 1;
                let lo = keyed.partition_point(|k| k.day < s);
                let hi = keyed.partition_point(|k| k.day <= e);
                ranges.push((lo, hi, s, e));
                start += i64::from(by);
            }
        }
        (Span::Statements(len), Span::Statements(by)) => {
            let count = starts.len();
            if len > count {
                return Err(bad(format!(
                    "a window of {len} statements is longer than the {count} statements selected"
                )));
            }
            too_many_windows(o, ((count - len) / by + 1) as i64)?;
            let mut lo = 0;
            while lo + len <= count {
                let (from, to) = (starts[lo], starts.get(lo + len).copied().unwrap_or(n));
                ranges.push((from, to, keyed[from].day, keyed[to - 1].day));
                lo += by;
            }
        }
        _ => {}
    }
    // Refuse before building windows whose networks could not be held.
    let bound = window_bound(&keyed, &ranges, o.kind != Kind::Affiliation, &p);
    if bound > o.max_edges {
        return Err(too_many(o, "a window's network", bound, true));
    }
    let mut state = State::new(&p, o);
    let (mut cur_lo, mut cur_hi) = (0usize, 0usize);
    let mut wo = o.clone();
    wo.filters.isolates = true;
    // Entries per statement in the window: a statement counted for several
    // nodes is one statement.
    let mut present = vec![0u32; st.rows.len()];
    let mut statements = 0usize;
    let count = |present: &mut [u32], statements: &mut usize, k: &Keyed, add: bool| {
        let c = &mut present[k.stmt as usize];
        if add {
            *statements += usize::from(*c == 0);
            *c += 1;
        } else {
            *c = c.saturating_sub(1);
            *statements -= usize::from(*c == 0);
        }
    };
    for (lo, hi, first_day, last_day) in ranges {
        let (leave, enter) = if lo >= cur_hi {
            (cur_lo..cur_hi, lo..hi)
        } else {
            (cur_lo..lo, cur_hi..hi)
        };
        for k in &keyed[leave] {
            state.change(k, -1);
            count(&mut present, &mut statements, k, false);
        }
        for k in &keyed[enter] {
            state.change(k, 1);
            count(&mut present, &mut statements, k, true);
        }
        cur_lo = lo;
        cur_hi = hi;
        let network = state.network(&p, &wo)?.with_statements(statements);
        f(Window {
            first_day,
            last_day,
            statements,
            network,
        })?;
    }
    Ok(())
}

/// Refuses a series of more than [`NetworkOptions::max_windows`] windows,
/// before any is built.
pub(crate) fn too_many_windows(o: &NetworkOptions, count: i64) -> Result<(), NetworkError> {
    let count = u64::try_from(count).unwrap_or(0);
    if count > o.max_windows {
        return Err(NetworkError::TooManyWindows {
            what: "windows",
            count,
            limit: o.max_windows,
        });
    }
    Ok(())
}

/// Puts each statement's entries together (a statement counted for several
/// nodes, such as a person's organisations, has one entry for each), the
/// statements in date order and, within a day, in the order of their
/// entries' nodes and levels, so that the order depends on what the
/// statements say, not on the input's order; returns where each statement
/// begins. O(n log n) for n entries.
fn by_statement(keyed: &mut Vec<Keyed>) -> Vec<usize> {
    let key = |k: &Keyed| (k.day, k.row, k.col, k.level, k.bucket);
    keyed.sort_unstable_by_key(|k| (k.stmt, key(k)));
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (at, k) in keyed.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if keyed[g.0].stmt == k.stmt => g.1 = at + 1,
            _ => groups.push((at, at + 1)),
        }
    }
    // A statement's entries share its day, so its first key leads with it.
    groups.sort_by(|a, b| {
        keyed[a.0..a.1]
            .iter()
            .map(key)
            .cmp(keyed[b.0..b.1].iter().map(key))
    });
    let mut out = Vec::with_capacity(keyed.len());
    let mut starts = Vec::with_capacity(groups.len());
    for (lo, hi) in groups {
        starts.push(out.len());
        out.extend_from_slice(&keyed[lo..hi]);
    }
    *keyed = out;
    starts
}

/// The (row, column) cells a window holds, and what they bound.
struct Presence {
    /// Statements per (row, column) in the window.
    count: FxHashMap<u64, u32>,
    /// Rows with a statement in the window, per column.
    per_col: Vec<u64>,
    /// Σ over columns of m(m − 1)/2: the pairs of rows sharing a column.
    pairs: u128,
    cells: u64,
}

impl Presence {
    fn change(&mut self, k: &Keyed, add: bool) {
        let key = (u64::from(k.row) << 32) | u64::from(k.col);
        let Some(m) = self.per_col.get_mut(k.col as usize) else {
            return;
        };
        if add {
            let n = self.count.entry(key).or_insert(0);
            *n += 1;
            if *n == 1 {
                self.pairs += u128::from(*m);
                *m += 1;
                self.cells += 1;
            }
        } else if let Some(n) = self.count.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                self.count.remove(&key);
                *m = m.saturating_sub(1);
                self.pairs = self.pairs.saturating_sub(u128::from(*m));
                self.cells = self.cells.saturating_sub(1);
            }
        }
    }
}

/// The most edges a window's network could hold, over every window: the
/// pairs of rows that share a column in it (at most n(n − 1)/2 for n rows)
/// for a one-mode network, its (row, column) cells for an affiliation
/// network. Kept up to date as the windows move, as the windows are built:
/// O(statements entering and leaving windows).
fn window_bound(
    keyed: &[Keyed],
    ranges: &[(usize, usize, Day, Day)],
    one_mode: bool,
    p: &Prepared,
) -> u64 {
    let mut at = Presence {
        count: FxHashMap::default(),
        per_col: vec![0; p.cols.len()],
        pairs: 0,
        cells: 0,
    };
    let (mut cur_lo, mut cur_hi) = (0usize, 0usize);
    let mut most: u128 = 0;
    for &(lo, hi, _, _) in ranges {
        let (leave, enter) = if lo >= cur_hi {
            (cur_lo..cur_hi, lo..hi)
        } else {
            (cur_lo..lo, cur_hi..hi)
        };
        for k in &keyed[leave] {
            at.change(k, false);
        }
        for k in &keyed[enter] {
            at.change(k, true);
        }
        cur_lo = lo;
        cur_hi = hi;
        most = most.max(if one_mode {
            at.pairs
        } else {
            u128::from(at.cells)
        });
    }
    if one_mode {
        let n = p.rows.len() as u128;
        most = most.min(n * n.saturating_sub(1) / 2);
    }
    u64::try_from(most).unwrap_or(u64::MAX)
}

/// A column's entries (row, level, count) and their index by (row, level).
type Column = (Vec<(u32, u16, u32)>, FxHashMap<(u32, u16), usize>);

/// Everything a window's network is read from, kept up to date.
struct State<'a> {
    o: &'a NetworkOptions,
    levels: &'a [f64],
    range: f64,
    mirror: Vec<Option<u16>>,
    binary: bool,
    need_min: bool,
    one_mode: bool,
    buckets: FxHashMap<u128, u32>,
    /// Per column: entries (row, level, count) and their index by (row, level).
    cols: Vec<Column>,
    /// Per (row, col): the total over levels.
    totals: FxHashMap<u64, u32>,
    stats: RowStats,
    pairs: FxHashMap<u64, PairSums>,
    seen: Vec<bool>,
}

impl<'a> State<'a> {
    fn new(p: &'a Prepared, o: &'a NetworkOptions) -> State<'a> {
        let mirror = mirrors(p, o);
        let n = p.rows.len();
        State {
            o,
            levels: &p.levels,
            range: p.range,
            mirror,
            binary: o.scale.is_none(),
            need_min: o.normalization == Normalization::Jaccard,
            one_mode: o.kind != Kind::Affiliation,
            buckets: FxHashMap::default(),
            cols: (0..p.cols.len()).map(|_| Default::default()).collect(),
            totals: FxHashMap::default(),
            stats: RowStats {
                tot: vec![0.0; n],
                kappa: vec![0.0; n],
                tau: vec![0.0; n],
            },
            pairs: FxHashMap::default(),
            seen: vec![false; n],
        }
    }

    fn change(&mut self, k: &Keyed, delta: i32) {
        let key = (u128::from(k.row) << 80)
            | (u128::from(k.col) << 48)
            | (u128::from(k.level) << 32)
            | u128::from(k.bucket);
        let b = self.buckets.entry(key).or_insert(0);
        let before = *b;
        *b = (*b as i64 + i64::from(delta)).max(0) as u32;
        let after = *b;
        if after == 0 {
            self.buckets.remove(&key);
        }
        // A cell counts distinct buckets: it changes only when a bucket fills or empties.
        if before == 0 && after > 0 {
            self.cell(k.row, k.col, k.level, 1);
        } else if before > 0 && after == 0 {
            self.cell(k.row, k.col, k.level, -1);
        }
    }

    fn cell(&mut self, i: u32, c: u32, l: u16, delta: i32) {
        let add = delta > 0;
        let d = f64::from(delta);
        let (entries, index) = &mut self.cols[c as usize];
        let a = index.get(&(i, l)).map_or(0, |&at| entries[at].2);
        let tkey = (u64::from(i) << 32) | u64::from(c);
        let t_i = self.totals.get(&tkey).copied().unwrap_or(0);
        if self.one_mode {
            let mut own_kernel = 0.0;
            for &(j, lj, bj) in entries.iter() {
                let bjf = f64::from(bj);
                let kern = if self.binary {
                    if lj == l { 1.0 } else { 0.0 }
                } else {
                    kernel(self.levels, self.range, l, lj)
                };
                if j == i {
                    own_kernel += bjf * kern;
                    continue;
                }
                let key = if i < j {
                    (u64::from(i) << 32) | u64::from(j)
                } else {
                    (u64::from(j) << 32) | u64::from(i)
                };
                let s = self.pairs.entry(key).or_default();
                s.p += d * bjf;
                s.k += d * bjf * kern;
                if self.need_min {
                    let step = if add { (a < bj) as u8 } else { (a <= bj) as u8 };
                    if lj == l {
                        s.min_same += d * f64::from(step);
                    }
                    if self.mirror[l as usize] == Some(lj) {
                        s.min_mirror += d * f64::from(step);
                    }
                    if !self.seen[j as usize] {
                        self.seen[j as usize] = true;
                        let t_j = self
                            .totals
                            .get(&((u64::from(j) << 32) | u64::from(c)))
                            .copied()
                            .unwrap_or(0);
                        let step = if add {
                            (t_i < t_j) as u8
                        } else {
                            (t_i <= t_j) as u8
                        };
                        s.min_total += d * f64::from(step);
                    }
                }
                if s.p == 0.0 {
                    self.pairs.remove(&key);
                }
            }
            if self.need_min {
                for &(j, _, _) in entries.iter() {
                    self.seen[j as usize] = false;
                }
            }
            let r = i as usize;
            self.stats.tot[r] += d;
            self.stats.kappa[r] += d * 2.0 * own_kernel + 1.0;
            self.stats.tau[r] += d * 2.0 * f64::from(t_i) + 1.0;
        }
        // The cell itself.
        let new = (i64::from(a) + i64::from(delta)).max(0) as u32;
        match index.get(&(i, l)).copied() {
            Some(at) if new == 0 => {
                entries.swap_remove(at);
                index.remove(&(i, l));
                if let Some(moved) = entries.get(at) {
                    index.insert((moved.0, moved.1), at);
                }
            }
            Some(at) => entries[at].2 = new,
            None if new > 0 => {
                index.insert((i, l), entries.len());
                entries.push((i, l, new));
            }
            None => {}
        }
        let t_new = (i64::from(t_i) + i64::from(delta)).max(0) as u32;
        if t_new == 0 {
            self.totals.remove(&tkey);
        } else {
            self.totals.insert(tkey, t_new);
        }
    }

    fn network(&self, p: &Prepared, o: &NetworkOptions) -> Result<Network, NetworkError> {
        if !self.one_mode {
            let mut cells: Vec<Cell> = Vec::new();
            for (c, (entries, _)) in self.cols.iter().enumerate() {
                for &(row, level, count) in entries {
                    cells.push(Cell {
                        row,
                        col: c as u32,
                        level,
                        count,
                    });
                }
            }
            cells.sort_unstable_by_key(|x| (x.row, x.col, x.level));
            let snapshot = Prepared {
                rows: p.rows.clone(),
                cols: p.cols.clone(),
                levels: p.levels.clone(),
                range: p.range,
                cells,
            };
            let edges = two_mode(&snapshot, o)?;
            let nrows = p.rows.len();
            let mut nodes = snapshot.rows;
            nodes.extend(snapshot.cols);
            return Ok(Network::new(o.clone(), nodes, Some(nrows), edges).finish());
        }
        let mut edges: Vec<Edge> = self
            .pairs
            .iter()
            .filter_map(|(&key, s)| {
                let (i, j) = ((key >> 32) as usize, (key & 0xffff_ffff) as usize);
                let w = pair_weight(self.o, self.binary, &self.stats, i, j, s);
                (w != 0.0 && w.is_finite() && w.abs() > 1e-12).then_some(Edge {
                    a: i as u32,
                    b: j as u32,
                    weight: w,
                })
            })
            .collect();
        edges.sort_unstable_by_key(|e| (e.a, e.b));
        Ok(Network::new(o.clone(), p.rows.clone(), None, edges).finish())
    }
}
