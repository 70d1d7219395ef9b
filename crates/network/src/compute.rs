//! From statements to weighted networks.
//!
//! Statements are filtered, given a level (their position, or its value on a
//! declared scale), and reduced to cells — (row, column, level) with the number
//! of distinct duplicate buckets. One-mode weights are then accumulated row by
//! row over the columns' lists (Gustavson's sparse A·Aᵀ), on every core; only
//! pairs that share a column are ever touched.

use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::Datelike;
use claimgraph_core::{Position, When};

use crate::error::NetworkError;
use crate::network::{Edge, Network, Node, NodeMode};
use crate::options::{
    Duplicates, FilterField, Filters, Kind, NetworkOptions, NodeVariable, Normalization, Over,
    Positions, SourceField,
};
use crate::statements::{NO_DAY, NONE, Row, Statements, date_of};

/// One cell: how many distinct statements a row entity made on a column
/// entity at one level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) row: u32,
    pub(crate) col: u32,
    pub(crate) level: u16,
    pub(crate) count: u32,
}

/// Statements reduced to cells, with the nodes they name.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// Row nodes (actors, or targets for a target network), sorted by id.
    pub(crate) rows: Vec<Node>,
    /// Column nodes, sorted by id.
    pub(crate) cols: Vec<Node>,
    /// Level values, ascending.
    pub(crate) levels: Vec<f64>,
    /// The declared (or implied) range of the levels; 1 for supports/opposes.
    pub(crate) range: f64,
    /// Sorted by (row, col, level).
    pub(crate) cells: Vec<Cell>,
}

/// A statement that passed the filters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Selected {
    pub(crate) actor: u32,
    pub(crate) target: u32,
    pub(crate) value: f64,
    pub(crate) bucket: u32,
    pub(crate) day: i32,
    /// The statement's place in the table.
    pub(crate) row: u32,
}

fn bad(option: &'static str, message: String) -> NetworkError {
    NetworkError::BadOption { option, message }
}

fn mask_of(
    ids: &[String],
    all: &[Arc<str>],
    what: &'static str,
) -> Result<Option<Vec<bool>>, NetworkError> {
    if ids.is_empty() {
        return Ok(None);
    }
    let index: BTreeMap<&str, usize> = all.iter().enumerate().map(|(i, s)| (&**s, i)).collect();
    let mut mask = vec![false; all.len()];
    for id in ids {
        match index.get(id.as_str()) {
            Some(&i) => mask[i] = true,
            None => return Err(bad(what, format!("no {} has the id {id:?}", &what[8..]))),
        }
    }
    Ok(Some(mask))
}

/// The organisations statements count for ([`NodeVariable::Organisation`]):
/// every actor of the table, under its own index, then the actors ties
/// name that the table does not hold.
pub(crate) struct Orgs {
    /// Ids of the organisations past the table's actors.
    extra: Vec<Arc<str>>,
    /// Every organisation's index by id.
    index: BTreeMap<Arc<str>, u32>,
    /// Per actor: its ties of a kind that carries a position, as
    /// (organisation, the tie's place in its details).
    ties: Vec<Vec<(u32, u32)>>,
}

impl Orgs {
    /// O(a log a + t log t) for a actors and t ties.
    pub(crate) fn of(st: &Statements) -> Orgs {
        let mut index: BTreeMap<Arc<str>, u32> = st
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (Arc::clone(&a.id), i as u32))
            .collect();
        let mut extra: Vec<Arc<str>> = Vec::new();
        let mut ties = vec![Vec::new(); st.actors.len()];
        for (i, list) in ties.iter_mut().enumerate() {
            let Some(d) = st.details.get(i) else { continue };
            for (k, t) in d.ties.iter().enumerate() {
                if !t.kind.carries_position() {
                    continue;
                }
                let next = (st.actors.len() + extra.len()) as u32;
                let org = *index.entry(Arc::from(t.actor.as_str())).or_insert_with(|| {
                    extra.push(Arc::from(t.actor.as_str()));
                    next
                });
                // A tie to the actor itself says nothing.
                if org != i as u32 {
                    list.push((org, k as u32));
                }
            }
        }
        Orgs { extra, index, ties }
    }

    /// The organisations a statement counts for, into `out`: those its
    /// actor speaks for on its day through a tie that carries a position
    /// (the core's rule, [`claimgraph_core::Affiliation::carries_position_on`]),
    /// each once in the order of the ties; else the actor itself. O(ties of
    /// the actor).
    pub(crate) fn of_row(&self, st: &Statements, r: &Row, out: &mut Vec<u32>) {
        out.clear();
        let list = &self.ties[r.actor as usize];
        if !list.is_empty() {
            let when = if r.day == NO_DAY {
                None
            } else {
                date_of(r.day).map(When::Date)
            };
            let ties = &st.details[r.actor as usize].ties;
            for &(org, k) in list {
                if ties[k as usize].carries_position_on(when.as_ref()) && !out.contains(&org) {
                    out.push(org);
                }
            }
        }
        if out.is_empty() {
            out.push(r.actor);
        }
    }

    fn len(&self, st: &Statements) -> usize {
        st.actors.len() + self.extra.len()
    }

    /// The node of organisation `i`.
    fn node(&self, st: &Statements, i: usize) -> Node {
        match st.actors.get(i) {
            Some(_) => actor_node(st, i),
            None => {
                let id = &self.extra[i - st.actors.len()];
                Node::new(id, id, NodeMode::Actor)
            }
        }
    }
}

/// The node of the actor at `i`, with its attributes.
pub(crate) fn actor_node(st: &Statements, i: usize) -> Node {
    let a = &st.actors[i];
    let mut n = Node::new(&a.id, &a.name, NodeMode::Actor);
    n.id = Arc::clone(&a.id);
    n.label = Arc::clone(&a.name);
    n.kind = a.kind.map(|k| Arc::from(k.as_str()));
    if let Some(d) = st.details.get(i) {
        n.country = d.country.clone();
        n.aliases = d.aliases.clone();
        n.description = d.description.clone();
    }
    n
}

/// The node of the target at `i`, with its attributes.
pub(crate) fn target_node(st: &Statements, i: usize) -> Node {
    let t = &st.targets[i];
    let mut n = Node::new(&t.id, &t.label, NodeMode::Target);
    n.id = Arc::clone(&t.id);
    n.label = Arc::clone(&t.label);
    n.kind = t.kind.map(|k| Arc::from(k.as_str()));
    n
}

/// The nodes of the actors' side of a network: one per value of the node
/// variable, and which of them each statement counts for.
pub(crate) struct Side {
    var: NodeVariable,
    /// Actor and organisation nodes; values otherwise.
    nodes: Vec<Node>,
    /// Kind and country: each actor's node ([`NONE`] for none).
    per_actor: Vec<u32>,
    /// Source variables: each source's node ([`NONE`] for none).
    per_source: Vec<u32>,
    orgs: Option<Orgs>,
}

impl Side {
    /// O(a log a + t log t + s log s) for a actors, t ties and s sources.
    pub(crate) fn of(st: &Statements, var: NodeVariable) -> Side {
        let mut side = Side {
            var,
            nodes: Vec::new(),
            per_actor: Vec::new(),
            per_source: Vec::new(),
            orgs: None,
        };
        // Values, numbered in the order first met.
        let mut values: BTreeMap<Arc<str>, u32> = BTreeMap::new();
        let mut value = |nodes: &mut Vec<Node>, v: Option<Arc<str>>| -> u32 {
            match v {
                None => NONE,
                Some(v) => *values.entry(Arc::clone(&v)).or_insert_with(|| {
                    nodes.push(Node::new(&v, &v, NodeMode::Actor));
                    (nodes.len() - 1) as u32
                }),
            }
        };
        match var {
            NodeVariable::Actor => {
                side.nodes = (0..st.actors.len()).map(|i| actor_node(st, i)).collect();
            }
            NodeVariable::Organisation => {
                let orgs = Orgs::of(st);
                side.nodes = (0..orgs.len(st)).map(|i| orgs.node(st, i)).collect();
                side.orgs = Some(orgs);
            }
            NodeVariable::Kind | NodeVariable::Country => {
                for (i, a) in st.actors.iter().enumerate() {
                    let v = if var == NodeVariable::Kind {
                        a.kind.map(|k| Arc::from(k.as_str()))
                    } else {
                        st.details.get(i).and_then(|d| d.country.clone())
                    };
                    let at = value(&mut side.nodes, v);
                    side.per_actor.push(at);
                }
            }
            NodeVariable::Publisher
            | NodeVariable::SourceKind
            | NodeVariable::Language
            | NodeVariable::Source => {
                for s in &st.sources {
                    let v = match var {
                        NodeVariable::Publisher => s.publisher.clone(),
                        NodeVariable::SourceKind => s.kind.clone(),
                        NodeVariable::Language => s.language.clone(),
                        _ => Some(Arc::clone(&s.id)),
                    };
                    let at = value(&mut side.nodes, v);
                    side.per_source.push(at);
                }
            }
        }
        side
    }

    /// How many nodes.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node at `i`.
    pub(crate) fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// The nodes a statement counts for, into `out` (none: it is left
    /// out). O(1), or O(ties of its actor) for organisations.
    pub(crate) fn of_row(&self, st: &Statements, r: &Row, out: &mut Vec<u32>) {
        out.clear();
        let at = match self.var {
            NodeVariable::Actor => r.actor,
            NodeVariable::Organisation => {
                if let Some(orgs) = &self.orgs {
                    orgs.of_row(st, r, out);
                }
                return;
            }
            NodeVariable::Kind | NodeVariable::Country => self
                .per_actor
                .get(r.actor as usize)
                .copied()
                .unwrap_or(NONE),
            _ => self
                .per_source
                .get(r.source as usize)
                .copied()
                .unwrap_or(NONE),
        };
        if at != NONE {
            out.push(at);
        }
    }
}

/// Whether the network reads positions (as opposed to counting any statement).
pub(crate) fn uses_positions(o: &NetworkOptions) -> bool {
    match o.kind {
        Kind::CoOccurrence => false,
        Kind::Affiliation => o.positions != Positions::Ignore,
        _ => true,
    }
}

/// Whether a value passes a field's include and exclude lists: in the
/// include list when there is one, and not in the exclude list; the
/// opposite when the field is inverted.
fn passes<T: PartialEq>(value: Option<&T>, include: &[T], exclude: &[T], inverted: bool) -> bool {
    let listed = |list: &[T]| value.is_some_and(|v| list.contains(v));
    let pass = (include.is_empty() || listed(include)) && !listed(exclude);
    pass != inverted
}

/// Applies the filters, maps each statement to the nodes of the node
/// variable it counts for (one entry per node, in row order), and gives
/// each its level value and its duplicate bucket. O(n), plus the ties of
/// each statement's actor when organisations are tested.
pub(crate) fn select(st: &Statements, o: &NetworkOptions) -> Result<Vec<Selected>, NetworkError> {
    o.check()?;
    let f: &Filters = &o.filters;
    let inverted = |x: FilterField| f.invert.contains(&x);
    let actor_ids: Vec<Arc<str>> = st.actors.iter().map(|a| Arc::clone(&a.id)).collect();
    let target_ids: Vec<Arc<str>> = st.targets.iter().map(|t| Arc::clone(&t.id)).collect();
    let inc_a = mask_of(&f.include_actors, &actor_ids, "include-actor")?;
    let exc_a = mask_of(&f.exclude_actors, &actor_ids, "exclude-actor")?;
    let inc_t = mask_of(&f.include_targets, &target_ids, "include-target")?;
    let exc_t = mask_of(&f.exclude_targets, &target_ids, "exclude-target")?;
    let mask_passes = |inc: &Option<Vec<bool>>, exc: &Option<Vec<bool>>, i: usize, field| {
        let pass = inc.as_ref().is_none_or(|m| m[i]) && !exc.as_ref().is_some_and(|m| m[i]);
        pass != inverted(field)
    };
    let actor_ok: Vec<bool> = st
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let country = st.details.get(i).and_then(|d| d.country.as_deref());
            let country = country.map(str::to_owned);
            mask_passes(&inc_a, &exc_a, i, FilterField::Actor)
                && passes(
                    a.kind.as_ref(),
                    &f.include_kinds,
                    &f.exclude_kinds,
                    inverted(FilterField::Kind),
                )
                && passes(
                    country.as_ref(),
                    &f.include_countries,
                    &f.exclude_countries,
                    inverted(FilterField::Country),
                )
        })
        .collect();
    let target_ok: Vec<bool> = (0..st.targets.len())
        .map(|i| mask_passes(&inc_t, &exc_t, i, FilterField::Target))
        .collect();
    // Organisations, when a filter names them or they are the nodes.
    let org_filtered = !f.include_organisations.is_empty() || !f.exclude_organisations.is_empty();
    let orgs = org_filtered.then(|| Orgs::of(st));
    let org_mask = |ids: &[String], what: &'static str| -> Result<Vec<bool>, NetworkError> {
        let Some(orgs) = orgs.as_ref().filter(|_| !ids.is_empty()) else {
            return Ok(Vec::new());
        };
        let mut mask = vec![false; orgs.len(st)];
        for id in ids {
            match orgs.index.get(id.as_str()) {
                Some(&i) => mask[i as usize] = true,
                None => {
                    return Err(bad(
                        what,
                        format!("no actor or organisation an actor is tied to has the id {id:?}"),
                    ));
                }
            }
        }
        Ok(mask)
    };
    let inc_o = org_mask(&f.include_organisations, "include-organisation")?;
    let exc_o = org_mask(&f.exclude_organisations, "exclude-organisation")?;
    let field =
        |s: Option<&crate::statements::SourceInfo>, which: SourceField| -> Option<Arc<str>> {
            let s = s?;
            match which {
                SourceField::Publisher => s.publisher.clone(),
                SourceField::Kind => s.kind.clone(),
                SourceField::Language => s.language.clone(),
                SourceField::Id => Some(Arc::clone(&s.id)),
            }
        };
    let source_fields = [
        (SourceField::Publisher, FilterField::Publisher),
        (SourceField::Kind, FilterField::SourceKind),
        (SourceField::Language, FilterField::Language),
        (SourceField::Id, FilterField::Source),
    ];
    let per_field = |which: SourceField, list: &[(SourceField, String)]| -> Vec<Arc<str>> {
        list.iter()
            .filter(|(x, _)| *x == which)
            .map(|(_, v)| Arc::from(v.as_str()))
            .collect()
    };
    // Per source field filtered: its include and exclude values.
    type Lists = Vec<(SourceField, FilterField, Vec<Arc<str>>, Vec<Arc<str>>)>;
    let lists: Lists = source_fields
        .iter()
        .map(|&(sf, ff)| {
            (
                sf,
                ff,
                per_field(sf, &f.include_sources),
                per_field(sf, &f.exclude_sources),
            )
        })
        .filter(|(_, _, inc, exc)| !inc.is_empty() || !exc.is_empty())
        .collect();
    // A statement without a source has no value in any field.
    let source_passes = |s: Option<&crate::statements::SourceInfo>| {
        lists
            .iter()
            .all(|(sf, ff, inc, exc)| passes(field(s, *sf).as_ref(), inc, exc, inverted(*ff)))
    };
    let source_ok: Vec<bool> = st.sources.iter().map(|s| source_passes(Some(s))).collect();
    let source_filtered = !lists.is_empty();
    let sourceless_ok = source_passes(None);
    let dated = f.from.is_some() || f.to.is_some();
    let positions = uses_positions(o);
    let (lo, hi) = match o.scale {
        Some(s) => (s.min, s.max),
        None => (0.0, 1.0),
    };
    let side = Side::of(st, o.node_variable);
    let mut nodes: Vec<u32> = Vec::new();
    let mut their_orgs: Vec<u32> = Vec::new();
    let mut out = Vec::with_capacity(st.rows.len());
    for (n, r) in st.rows.iter().enumerate() {
        if !actor_ok[r.actor as usize] || !target_ok[r.target as usize] {
            continue;
        }
        if source_filtered {
            let ok = match source_ok.get(r.source as usize) {
                Some(ok) => *ok,
                None => sourceless_ok,
            };
            if !ok {
                continue;
            }
        }
        if dated {
            if r.day == NO_DAY {
                continue;
            }
            if f.from.is_some_and(|d| r.day < d) || f.to.is_some_and(|d| r.day > d) {
                continue;
            }
        }
        // Silence ("no comment", no response) is not a statement on the
        // target, whatever its intensity.
        if r.position.is_silence() {
            continue;
        }
        if let Some(orgs) = &orgs {
            orgs.of_row(st, r, &mut their_orgs);
            let listed = |mask: &[bool]| their_orgs.iter().any(|&o| mask[o as usize]);
            let pass =
                (inc_o.is_empty() || listed(&inc_o)) && (exc_o.is_empty() || !listed(&exc_o));
            if pass == inverted(FilterField::Organisation) {
                continue;
            }
        }
        let value = if !positions {
            0.0
        } else if o.scale.is_some() {
            if !r.intensity.is_nan() {
                if !(lo..=hi).contains(&r.intensity) {
                    return Err(bad(
                        "scale",
                        format!(
                            "the stance of `{}` on `{}` (statement {}) has intensity {}, outside the declared scale {lo}..{hi}",
                            st.actors[r.actor as usize].id,
                            st.targets[r.target as usize].id,
                            n + 1,
                            r.intensity
                        ),
                    ));
                }
                r.intensity
            } else {
                match r.position {
                    Position::Supports => hi,
                    Position::Opposes => lo,
                    Position::Neutral => (lo + hi) / 2.0,
                    _ => continue,
                }
            }
        } else {
            match r.position {
                Position::Supports => 1.0,
                Position::Opposes => 0.0,
                _ => continue,
            }
        };
        side.of_row(st, r, &mut nodes);
        for &node in &nodes {
            out.push(Selected {
                actor: node,
                target: r.target,
                value,
                bucket: bucket(o.duplicates, r, n),
                day: r.day,
                row: n as u32,
            });
        }
    }
    if f.min_frequency > 1 {
        let mut per_actor = vec![0usize; side.len()];
        let mut per_target = vec![0usize; st.targets.len()];
        let mut last_row = u32::MAX;
        for s in &out {
            per_actor[s.actor as usize] += 1;
            // A statement counted for several nodes is one statement on its target.
            if s.row != last_row {
                per_target[s.target as usize] += 1;
                last_row = s.row;
            }
        }
        out.retain(|s| {
            per_actor[s.actor as usize] >= f.min_frequency
                && per_target[s.target as usize] >= f.min_frequency
        });
    }
    if out.is_empty() {
        return Err(NetworkError::EmptySelection(describe_selection(st, o)));
    }
    Ok(out)
}

/// How many statements the selected entries come from: a statement that
/// counts for several nodes is one. O(n) on entries in row order, as
/// [`select`] gives them.
pub(crate) fn statements_in(selected: &[Selected]) -> usize {
    let mut n = 0;
    let mut last = None;
    for s in selected {
        if last != Some(s.row) {
            n += 1;
            last = Some(s.row);
        }
    }
    n
}

/// Keeps, of each group of duplicates over the whole selection (same node,
/// target, level and bucket), the earliest statement, ties in input order
/// ([`crate::DuplicateScope::Range`]). Undated statements come first. The
/// entries stay in row order. O(n log n).
pub(crate) fn dedupe_over_range(selected: &mut Vec<Selected>) {
    let mut order: Vec<u32> = (0..selected.len() as u32).collect();
    order.sort_by_key(|&i| {
        let s = &selected[i as usize];
        (s.day, s.row)
    });
    let mut seen: rustc_hash::FxHashSet<(u32, u32, u64, u32)> = Default::default();
    let mut keep = vec![false; selected.len()];
    for i in order {
        let s = &selected[i as usize];
        keep[i as usize] = seen.insert((s.actor, s.target, s.value.to_bits(), s.bucket));
    }
    let mut i = 0;
    selected.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

fn describe_selection(st: &Statements, o: &NetworkOptions) -> String {
    let mut why = format!("{} statement(s) read", st.rows.len());
    if uses_positions(o) && o.scale.is_none() {
        why.push_str("; this network counts only supports and opposes");
    }
    let f = &o.filters;
    if f.from.is_some() || f.to.is_some() {
        why.push_str("; a date range is set (undated statements never pass it)");
    }
    if !f.include_actors.is_empty()
        || !f.include_targets.is_empty()
        || !f.include_kinds.is_empty()
        || !f.include_countries.is_empty()
        || !f.include_organisations.is_empty()
    {
        why.push_str("; include lists are set");
    }
    if !f.include_sources.is_empty() {
        why.push_str("; source filters are set");
    }
    if !f.invert.is_empty() {
        why.push_str("; filters are inverted");
    }
    let left_out = match o.node_variable {
        NodeVariable::Actor | NodeVariable::Organisation => None,
        NodeVariable::Kind => Some("whose actor has no kind"),
        NodeVariable::Country => Some("whose actor has no country"),
        NodeVariable::Publisher => Some("whose source has no publisher"),
        NodeVariable::SourceKind => Some("whose source has no kind"),
        NodeVariable::Language => Some("whose source has no language"),
        NodeVariable::Source => Some("without a source"),
    };
    if let Some(what) = left_out {
        why.push_str(&format!(
            "; nodes are {}, so statements {what} are left out",
            o.node_variable
        ));
    }
    if f.min_frequency > 1 {
        why.push_str(&format!("; minimum frequency {}", f.min_frequency));
    }
    why
}

/// The bucket within which equal statements count once. Calendar buckets
/// stay below 2^31 (years are offset to be positive); the buckets of
/// statements that cannot be placed lie above, one per statement.
fn bucket(d: Duplicates, r: &Row, n: usize) -> u32 {
    // A statement that cannot be placed in a bucket is never a duplicate.
    let unique = u32::MAX - (n as u32 % (u32::MAX / 2));
    // chrono's years lie within ±262_143.
    let year = |y: i32| (y + 300_000) as u32;
    let date = || {
        if r.day == NO_DAY {
            None
        } else {
            date_of(r.day)
        }
    };
    match d {
        Duplicates::All => n as u32,
        Duplicates::Source => {
            if r.source == u32::MAX {
                unique
            } else {
                r.source
            }
        }
        Duplicates::Week => date()
            .map(|d| {
                let w = d.iso_week();
                year(w.year()) * 64 + w.week()
            })
            .unwrap_or(unique),
        Duplicates::Month => date()
            .map(|d| year(d.year()) * 16 + d.month())
            .unwrap_or(unique),
        Duplicates::Year => date().map(|d| year(d.year())).unwrap_or(unique),
        Duplicates::Range => 0,
    }
}

/// Reduces selected statements to sorted cells. O(n log n).
pub(crate) fn prepare(
    st: &Statements,
    o: &NetworkOptions,
    selected: &[Selected],
) -> Result<Prepared, NetworkError> {
    let (row_is_actor, _) = match (o.kind, o.over) {
        (Kind::Affiliation, _) | (_, Over::Actors) => (true, false),
        (_, Over::Targets) => (false, true),
    };
    // Levels: the distinct values, ascending.
    let mut values: Vec<f64> = selected.iter().map(|s| s.value).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    if values.len() > usize::from(u16::MAX) + 1 {
        return Err(bad(
            "scale",
            format!(
                "the statements hold {} distinct intensities; at most 65,536 levels are supported: round them (to 1/1000, say)",
                values.len()
            ),
        ));
    }
    let range = match o.scale {
        Some(s) => s.max - s.min,
        None => 1.0,
    };
    let level_of = |v: f64| values.partition_point(|x| *x < v) as u16;
    // Nodes in id order, so that no answer depends on input order. The
    // actors' side holds the nodes of the node variable.
    let side = Side::of(st, o.node_variable);
    let (row_n, col_n) = if row_is_actor {
        (side.len(), st.targets.len())
    } else {
        (st.targets.len(), side.len())
    };
    let mut row_used = vec![false; row_n];
    let mut col_used = vec![false; col_n];
    for s in selected {
        let (r, c) = if row_is_actor {
            (s.actor, s.target)
        } else {
            (s.target, s.actor)
        };
        row_used[r as usize] = true;
        col_used[c as usize] = true;
    }
    let node = |is_actor: bool, i: usize| -> Node {
        if is_actor {
            side.node(i).clone()
        } else {
            target_node(st, i)
        }
    };
    let id = |is_actor: bool, i: usize| -> &str {
        if is_actor {
            &side.node(i).id
        } else {
            &st.targets[i].id
        }
    };
    let order = |used: &[bool], is_actor: bool| -> (Vec<Node>, Vec<u32>) {
        let mut idx: Vec<usize> = (0..used.len()).filter(|&i| used[i]).collect();
        idx.sort_by(|&a, &b| id(is_actor, a).cmp(id(is_actor, b)));
        let mut local = vec![u32::MAX; used.len()];
        for (pos, &i) in idx.iter().enumerate() {
            local[i] = pos as u32;
        }
        (idx.into_iter().map(|i| node(is_actor, i)).collect(), local)
    };
    let (rows, row_local) = order(&row_used, row_is_actor);
    let (cols, col_local) = order(&col_used, !row_is_actor);
    let local = |s: &Selected| -> (u32, u32, u16) {
        let (r, c) = if row_is_actor {
            (s.actor, s.target)
        } else {
            (s.target, s.actor)
        };
        (
            row_local[r as usize],
            col_local[c as usize],
            level_of(s.value),
        )
    };
    let mut cells: Vec<Cell> = Vec::new();
    let mut push = |row: u32, col: u32, level: u16, count: u32| match cells.last_mut() {
        Some(c) if c.row == row && c.col == col && c.level == level => c.count += count,
        _ => cells.push(Cell {
            row,
            col,
            level,
            count,
        }),
    };
    if o.duplicates == Duplicates::All {
        // Every statement counts: sort (row, col, level) and count the runs.
        // Key: row (24) | col (24) | level (16) when the nodes fit, which they
        // do below 16.7 million of each.
        if rows.len() < 1 << 24 && cols.len() < 1 << 24 {
            let mut keys: Vec<u64> = selected
                .iter()
                .map(|s| {
                    let (r, c, l) = local(s);
                    (u64::from(r) << 40) | (u64::from(c) << 16) | u64::from(l)
                })
                .collect();
            keys.sort_unstable();
            for k in keys {
                push(
                    (k >> 40) as u32,
                    ((k >> 16) & 0xff_ffff) as u32,
                    k as u16,
                    1,
                );
            }
        } else {
            let mut keys: Vec<(u32, u32, u16)> = selected.iter().map(local).collect();
            keys.sort_unstable();
            for (r, c, l) in keys {
                push(r, c, l, 1);
            }
        }
    } else {
        // Key: row (32) | col (32) | level (16) | bucket (32); equal keys count once.
        let mut keys: Vec<u128> = selected
            .iter()
            .map(|s| {
                let (r, c, l) = local(s);
                (u128::from(r) << 80)
                    | (u128::from(c) << 48)
                    | (u128::from(l) << 32)
                    | u128::from(s.bucket)
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            push((k >> 80) as u32, (k >> 48) as u32, (k >> 32) as u16, 1);
        }
    }
    Ok(Prepared {
        rows,
        cols,
        levels: values,
        range,
        cells,
    })
}

/// Per-row sums every normalisation needs.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowStats {
    /// Σ counts.
    pub(crate) tot: Vec<f64>,
    /// aᵀWa: Σ over columns and level pairs of c·c'·k(l, l'); Σ c² for supports/opposes.
    pub(crate) kappa: Vec<f64>,
    /// Σ over columns of (Σ_l c)².
    pub(crate) tau: Vec<f64>,
}

/// The agreement between two levels: 1 − |q − q'| / range.
pub(crate) fn kernel(levels: &[f64], range: f64, a: u16, b: u16) -> f64 {
    let (x, y) = (levels[a as usize], levels[b as usize]);
    1.0 - (x - y).abs() / range
}

pub(crate) fn row_stats(p: &Prepared) -> RowStats {
    let n = p.rows.len();
    let mut s = RowStats {
        tot: vec![0.0; n],
        kappa: vec![0.0; n],
        tau: vec![0.0; n],
    };
    for run in runs(&p.cells) {
        let r = run[0].row as usize;
        let t: f64 = run.iter().map(|c| f64::from(c.count)).sum();
        s.tot[r] += t;
        s.tau[r] += t * t;
        s.kappa[r] += run_kappa(&p.levels, p.range, run.iter().map(|c| (c.level, c.count)));
    }
    s
}

/// What one (row, column) run of (level, count) cells adds to its row's κ:
/// Σ over level pairs of c·c'·k(l, l').
pub(crate) fn run_kappa<I>(levels: &[f64], range: f64, run: I) -> f64
where
    I: Iterator<Item = (u16, u32)> + Clone,
{
    let mut kappa = 0.0;
    for (la, ca) in run.clone() {
        for (lb, cb) in run.clone() {
            kappa += f64::from(ca) * f64::from(cb) * kernel(levels, range, la, lb);
        }
    }
    kappa
}

/// The cells of each (row, column) pair: one slice of levels each, in order.
pub(crate) fn runs(cells: &[Cell]) -> impl Iterator<Item = &[Cell]> {
    cells.chunk_by(|a, b| a.row == b.row && a.col == b.col)
}

/// Pair sums of one row against every later row that shares a column.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PairSums {
    /// Σ c·c' over every level pair: co-occurrence.
    pub(crate) p: f64,
    /// Σ c·c'·k(l,l'): congruence.
    pub(crate) k: f64,
    /// Σ over same-level cells of min(c, c').
    pub(crate) min_same: f64,
    /// Σ over mirrored-level cells of min(c, c').
    pub(crate) min_mirror: f64,
    /// Σ over columns of min(T, T').
    pub(crate) min_total: f64,
}

/// Builds a one-mode network. O(Σ over columns of (entries)²) in the worst
/// case, split across threads by rows; memory O(cells + edges kept), the
/// edges kept being at most [`NetworkOptions::max_edges`] ([`size`]).
pub(crate) fn one_mode(
    p: &Prepared,
    o: &NetworkOptions,
    threads: usize,
) -> Result<Vec<Edge>, NetworkError> {
    one_mode_with(p, o, threads, Method::Auto)
}

/// An upper bound on the edges of the network of `p`, in O(cells): for a
/// one-mode network the pairs of rows that share a column, Σ over columns
/// of m(m − 1)/2 for the m rows in it, at most n(n − 1)/2 for n rows; for an
/// affiliation network its (row, column) cells.
pub(crate) fn edge_bound(p: &Prepared, o: &NetworkOptions) -> u64 {
    if o.kind == Kind::Affiliation {
        return runs(&p.cells).count() as u64;
    }
    let mut per_col = vec![0u64; p.cols.len()];
    for run in runs(&p.cells) {
        per_col[run[0].col as usize] += 1;
    }
    let pairs = |m: u64| u128::from(m) * u128::from(m.saturating_sub(1)) / 2;
    let sum: u128 = per_col.iter().map(|&m| pairs(m)).sum();
    let all = pairs(p.rows.len() as u64);
    u64::try_from(sum.min(all)).unwrap_or(u64::MAX)
}

/// How a build keeps within [`NetworkOptions::max_edges`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Size {
    /// The estimate is within the limit.
    Fits,
    /// The estimate passes the limit, but a minimum weight may keep fewer
    /// edges: they are counted as they are made, and the build stops once
    /// they pass it.
    Count,
}

/// What would make a network smaller, for a refusal.
fn advice(o: &NetworkOptions, windows: bool) -> String {
    let mut ways = Vec::new();
    if windows {
        ways.push("use shorter windows (--window)");
    } else if o.kind != Kind::Affiliation {
        ways.push("drop weak edges (--min-weight)");
        ways.push("keep each node's strongest edges (--top-k)");
    } else {
        ways.push("drop weak edges (--min-weight)");
    }
    ways.push(
        "select fewer statements (--include-actor, --include-target, --include-kind, --from, --to, --min-frequency)",
    );
    ways.push("or raise the limit (--max-edges)");
    ways.join(", ")
}

pub(crate) fn too_many(
    o: &NetworkOptions,
    what: &'static str,
    estimate: u64,
    windows: bool,
) -> NetworkError {
    NetworkError::TooManyEdges {
        what,
        estimate,
        limit: o.max_edges,
        advice: advice(o, windows),
    }
}

/// Decides, before a network is built, whether it can be: refuses one that
/// could hold more edges than [`NetworkOptions::max_edges`] allows, from an
/// estimate ([`edge_bound`]; with top-k in a one-mode network, at most k
/// edges a node). O(cells).
pub(crate) fn size(p: &Prepared, o: &NetworkOptions) -> Result<Size, NetworkError> {
    let bound = edge_bound(p, o);
    let held = match o.top_k {
        Some(k) if o.kind != Kind::Affiliation => {
            bound.min((p.rows.len() as u64).saturating_mul(k as u64))
        }
        _ => bound,
    };
    if held <= o.max_edges {
        Ok(Size::Fits)
    } else if o.min_weight.is_some() && (o.top_k.is_none() || o.kind == Kind::Affiliation) {
        Ok(Size::Count)
    } else {
        Err(too_many(o, "the network", held, false))
    }
}

/// Edges kept by the threads of a build, counted against the limit.
#[derive(Debug)]
struct Counter {
    kept: AtomicU64,
    limit: u64,
    over: AtomicBool,
}

impl Counter {
    fn add(&self, n: u64) {
        let total = self.kept.fetch_add(n, Ordering::Relaxed) + n;
        if total > self.limit {
            self.over.store(true, Ordering::Relaxed);
        }
    }
}

/// An edge a node may keep, ordered so that the weakest comes first in a
/// max-heap: by strength (|weight|) descending, then by (a, b), as
/// [`Network`]'s top-k breaks ties.
#[derive(Clone, Copy, Debug)]
struct Candidate(Edge);

impl Candidate {
    fn key(&self) -> (f64, u32, u32) {
        (self.0.weight.abs(), self.0.a, self.0.b)
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    /// Greater is weaker.
    fn cmp(&self, other: &Candidate) -> std::cmp::Ordering {
        let (a, b) = (self.key(), other.key());
        b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2)))
    }
}

/// Where a thread puts the edges it makes: dropped when weaker than the
/// minimum weight; with top-k, kept only while among the k strongest of
/// one of their ends; counted against the limit when the build must be.
struct Sink<'a> {
    edges: Vec<Edge>,
    min_weight: Option<f64>,
    /// Per node, its k strongest edges so far.
    top: Option<(usize, Vec<BinaryHeap<Candidate>>)>,
    counter: Option<&'a Counter>,
    uncounted: u64,
}

impl<'a> Sink<'a> {
    fn new(o: &NetworkOptions, nodes: usize, counter: Option<&'a Counter>) -> Sink<'a> {
        Sink {
            edges: Vec::new(),
            min_weight: o.min_weight,
            top: o
                .top_k
                .map(|k| (k, (0..nodes).map(|_| BinaryHeap::new()).collect())),
            counter,
            uncounted: 0,
        }
    }

    #[inline]
    fn push(&mut self, e: Edge) {
        if e.weight == 0.0 || !e.weight.is_finite() {
            return;
        }
        if self.min_weight.is_some_and(|m| e.weight.abs() < m) {
            return;
        }
        if let Some((k, heaps)) = &mut self.top {
            for node in [e.a, e.b] {
                let heap = &mut heaps[node as usize];
                let c = Candidate(e);
                if heap.len() < *k {
                    heap.push(c);
                } else if heap.peek().is_some_and(|worst| c < *worst) {
                    heap.pop();
                    heap.push(c);
                }
            }
            return;
        }
        self.edges.push(e);
        if let Some(counter) = self.counter {
            self.uncounted += 1;
            if self.uncounted == 1 << 12 {
                counter.add(self.uncounted);
                self.uncounted = 0;
            }
        }
    }

    /// Whether the build has passed its limit and should stop.
    fn over(&self) -> bool {
        self.counter.is_some_and(|c| c.over.load(Ordering::Relaxed))
    }

    fn finish(mut self) -> Kept {
        if let Some(counter) = self.counter {
            counter.add(self.uncounted);
        }
        match self.top.take() {
            Some((_, heaps)) => Kept::Top(heaps),
            None => Kept::Edges(self.edges),
        }
    }
}

/// What a thread kept.
enum Kept {
    Edges(Vec<Edge>),
    /// Per node, its strongest edges among those the thread made.
    Top(Vec<BinaryHeap<Candidate>>),
}

/// The edges the nodes keep, from every thread's k strongest per node:
/// each node's k strongest overall, sorted by (a, b), each once. O(n k log k).
fn merge_top(k: usize, parts: Vec<Vec<BinaryHeap<Candidate>>>, nodes: usize) -> Vec<Edge> {
    let mut kept: Vec<Edge> = Vec::new();
    let mut parts: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
    for _ in 0..nodes {
        let mut all: Vec<Candidate> = parts
            .iter_mut()
            .filter_map(Iterator::next)
            .flat_map(BinaryHeap::into_vec)
            .collect();
        all.sort_unstable();
        kept.extend(all.into_iter().take(k).map(|c| c.0));
    }
    kept.sort_unstable_by_key(|e| (e.a, e.b));
    kept.dedup_by_key(|e| (e.a, e.b));
    kept
}

/// How pairs are summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// Bit sets where the cells allow them and they are cheaper, else sparse.
    Auto,
    /// Row-wise sparse accumulation over the columns' lists.
    Sparse,
    /// Bit sets: one bit per (column, level), pairs by AND and popcount.
    Bits,
}

/// The cells of each column as one list of (row, level, count), sorted by
/// row then level, and where each column's list starts (one more entry than
/// columns). O(cells).
pub(crate) fn column_lists(p: &Prepared) -> (Vec<usize>, Vec<(u32, u16, u32)>) {
    let ncols = p.cols.len();
    let mut col_start = vec![0usize; ncols + 1];
    for c in &p.cells {
        col_start[c.col as usize + 1] += 1;
    }
    for i in 0..ncols {
        col_start[i + 1] += col_start[i];
    }
    let mut fill = col_start.clone();
    let mut col_entries = vec![(0u32, 0u16, 0u32); p.cells.len()];
    for c in &p.cells {
        let at = &mut fill[c.col as usize];
        col_entries[*at] = (c.row, c.level, c.count);
        *at += 1;
    }
    (col_start, col_entries)
}

/// The mirror of each level, q -> min + max - q on the scale (supports and
/// opposes without one), when that level exists.
pub(crate) fn mirrors(p: &Prepared, o: &NetworkOptions) -> Vec<Option<u16>> {
    let (scale_lo, scale_hi) = match o.scale {
        Some(s) => (s.min, s.max),
        None => (0.0, 1.0),
    };
    p.levels
        .iter()
        .map(|&q| {
            let m = scale_lo + scale_hi - q;
            p.levels
                .iter()
                .position(|&x| (x - m).abs() < 1e-12)
                .map(|i| i as u16)
        })
        .collect()
}

/// Whether every cell is 0/1 on supports/opposes, so that bit sets hold it.
fn bits_fit(p: &Prepared, o: &NetworkOptions) -> bool {
    o.scale.is_none() && p.levels.len() <= 2 && p.cells.iter().all(|c| c.count == 1)
}

pub(crate) fn one_mode_with(
    p: &Prepared,
    o: &NetworkOptions,
    threads: usize,
    method: Method,
) -> Result<Vec<Edge>, NetworkError> {
    let counter = match size(p, o)? {
        Size::Fits => None,
        Size::Count => Some(Counter {
            kept: AtomicU64::new(0),
            limit: o.max_edges,
            over: AtomicBool::new(false),
        }),
    };
    let n = p.rows.len();
    let stats = row_stats(p);
    let ncols = p.cols.len();
    let (col_start, col_entries) = column_lists(p);
    // Row runs into the cells.
    let mut row_start = vec![0usize; n + 1];
    for c in &p.cells {
        row_start[c.row as usize + 1] += 1;
    }
    for i in 0..n {
        row_start[i + 1] += row_start[i];
    }
    let mirror = mirrors(p, o);
    let need_min = o.normalization == Normalization::Jaccard;
    let binary = o.scale.is_none();
    let words = ncols.div_ceil(64);
    let method = match method {
        Method::Auto => {
            // Sparse: one update per pair of entries sharing a column.
            // Bits: every pair of rows, a word at a time, a few popcounts.
            let sparse: f64 = (0..ncols)
                .map(|c| {
                    let m = (col_start[c + 1] - col_start[c]) as f64;
                    m * m / 2.0
                })
                .sum();
            let dense = (n as f64) * (n as f64) / 2.0 * (words as f64);
            if dense < sparse {
                Method::Bits
            } else {
                Method::Sparse
            }
        }
        chosen => chosen,
    };
    let use_bits = method == Method::Bits && bits_fit(p, o);
    let bits = use_bits.then(|| Bits::new(p, words));
    let ctx = Ctx {
        p,
        o,
        stats: &stats,
        col_start: &col_start,
        col_entries: &col_entries,
        row_start: &row_start,
        mirror: &mirror,
        need_min,
        binary,
        bits: bits.as_ref(),
    };
    let threads = threads.max(1).min(n.max(1));
    let run = |t: usize| {
        let mut sink = Sink::new(o, n, counter.as_ref());
        ctx.rows(t, threads, &mut sink);
        sink.finish()
    };
    let mut kept: Vec<Kept> = Vec::new();
    if threads == 1 {
        kept.push(run(0));
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let run = &run;
                    scope.spawn(move || run(t))
                })
                .collect();
            for h in handles {
                // A worker that panicked is a bug: pass the panic on rather than lose its rows.
                match h.join() {
                    Ok(part) => kept.push(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
    }
    if let Some(c) = &counter
        && c.over.load(Ordering::Relaxed)
    {
        return Err(too_many(
            o,
            "the network",
            c.kept.load(Ordering::Relaxed),
            false,
        ));
    }
    let mut parts: Vec<Vec<Edge>> = Vec::new();
    let mut heaps = Vec::new();
    for part in kept {
        match part {
            Kept::Edges(e) => parts.push(e),
            Kept::Top(h) => heaps.push(h),
        }
    }
    if let Some(k) = o.top_k {
        return Ok(merge_top(k, heaps, n));
    }
    if parts.len() == 1 {
        return Ok(parts.pop().unwrap_or_default());
    }
    // Thread t holds rows t, t + threads, ... each in order: interleave them back.
    let mut edges: Vec<Edge> = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    let mut at = vec![0usize; parts.len()];
    for i in 0..n {
        let t = i % parts.len();
        let part = &parts[t];
        while at[t] < part.len() && part[at[t]].a as usize == i {
            edges.push(part[at[t]]);
            at[t] += 1;
        }
    }
    Ok(edges)
}

struct Ctx<'a> {
    p: &'a Prepared,
    o: &'a NetworkOptions,
    stats: &'a RowStats,
    col_start: &'a [usize],
    col_entries: &'a [(u32, u16, u32)],
    row_start: &'a [usize],
    mirror: &'a [Option<u16>],
    need_min: bool,
    binary: bool,
    bits: Option<&'a Bits>,
}

/// Each row's cells as bit sets: for level 0 and level 1, one bit per column.
#[derive(Debug)]
struct Bits {
    words: usize,
    /// Row i, level l, word w at `(i * 2 + l) * words + w`.
    data: Vec<u64>,
    /// Whether the two levels are each other's mirror (supports and opposes both present).
    mirrored: bool,
}

impl Bits {
    fn new(p: &Prepared, words: usize) -> Bits {
        let mut data = vec![0u64; p.rows.len() * 2 * words];
        for c in &p.cells {
            let at = (c.row as usize * 2 + c.level as usize) * words + c.col as usize / 64;
            data[at] |= 1 << (c.col % 64);
        }
        Bits {
            words,
            data,
            mirrored: p.levels.len() == 2,
        }
    }

    fn row(&self, i: usize, l: usize) -> &[u64] {
        let at = (i * 2 + l) * self.words;
        &self.data[at..at + self.words]
    }
}

impl Ctx<'_> {
    /// Rows `first, first + step, ...` (interleaved, so heavy rows spread).
    fn rows(&self, first: usize, step: usize, sink: &mut Sink<'_>) {
        if let Some(bits) = self.bits {
            return self.rows_bits(bits, first, step, sink);
        }
        if self.binary && !self.need_min {
            return self.rows_binary(first, step, sink);
        }
        let n = self.p.rows.len();
        let mut acc = vec![PairSums::default(); n];
        let mut touched: Vec<u32> = Vec::new();
        let mut mark = vec![false; n];
        let levels = &self.p.levels;
        let range = self.p.range;
        let mut i = first;
        while i < n {
            let cells = &self.p.cells[self.row_start[i]..self.row_start[i + 1]];
            for mine in cells.chunk_by(|a, b| a.col == b.col) {
                let col = mine[0].col as usize;
                let my_total: f64 = mine.iter().map(|c| f64::from(c.count)).sum();
                let list = &self.col_entries[self.col_start[col]..self.col_start[col + 1]];
                // Entries of later rows only: each pair once.
                let from = list.partition_point(|e| e.0 as usize <= i);
                let mut e0 = from;
                while e0 < list.len() {
                    let j = list[e0].0 as usize;
                    let mut e1 = e0;
                    let mut their_total = 0.0;
                    while e1 < list.len() && list[e1].0 as usize == j {
                        their_total += f64::from(list[e1].2);
                        e1 += 1;
                    }
                    if !mark[j] {
                        mark[j] = true;
                        touched.push(j as u32);
                    }
                    let s = &mut acc[j];
                    for a in mine {
                        let ca = f64::from(a.count);
                        for b in &list[e0..e1] {
                            let cb = f64::from(b.2);
                            let prod = ca * cb;
                            s.p += prod;
                            if self.binary {
                                if a.level == b.1 {
                                    s.k += prod;
                                }
                            } else {
                                s.k += prod * kernel(levels, range, a.level, b.1);
                            }
                            if self.need_min {
                                if a.level == b.1 {
                                    s.min_same += ca.min(cb);
                                }
                                if self.mirror[a.level as usize] == Some(b.1) {
                                    s.min_mirror += ca.min(cb);
                                }
                            }
                        }
                    }
                    if self.need_min {
                        s.min_total += my_total.min(their_total);
                    }
                    e0 = e1;
                }
            }
            touched.sort_unstable();
            for &j in &touched {
                let j = j as usize;
                let w = self.weight(i, j, &acc[j]);
                sink.push(Edge {
                    a: i as u32,
                    b: j as u32,
                    weight: w,
                });
                acc[j] = PairSums::default();
                mark[j] = false;
            }
            touched.clear();
            if sink.over() {
                return;
            }
            i += step;
        }
    }

    /// [`Ctx::rows`] for supports/opposes without Jaccard: only the two
    /// product sums are needed, so the inner loop carries two numbers a pair.
    fn rows_binary(&self, first: usize, step: usize, sink: &mut Sink<'_>) {
        let n = self.p.rows.len();
        let mut acc = vec![[0.0f64; 2]; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut mark = vec![false; n];
        let mut i = first;
        while i < n {
            let cells = &self.p.cells[self.row_start[i]..self.row_start[i + 1]];
            for mine in cells.chunk_by(|a, b| a.col == b.col) {
                let col = mine[0].col as usize;
                let list = &self.col_entries[self.col_start[col]..self.col_start[col + 1]];
                let from = list.partition_point(|e| e.0 as usize <= i);
                for &(j, level, count) in &list[from..] {
                    let j = j as usize;
                    if !mark[j] {
                        mark[j] = true;
                        touched.push(j as u32);
                    }
                    let cb = f64::from(count);
                    let s = &mut acc[j];
                    for a in mine {
                        let prod = f64::from(a.count) * cb;
                        s[0] += prod;
                        if a.level == level {
                            s[1] += prod;
                        }
                    }
                }
            }
            touched.sort_unstable();
            for &j in &touched {
                let j = j as usize;
                let sums = PairSums {
                    p: acc[j][0],
                    k: acc[j][1],
                    ..PairSums::default()
                };
                let w = self.weight(i, j, &sums);
                sink.push(Edge {
                    a: i as u32,
                    b: j as u32,
                    weight: w,
                });
                acc[j] = [0.0; 2];
                mark[j] = false;
            }
            touched.clear();
            if sink.over() {
                return;
            }
            i += step;
        }
    }

    /// [`Ctx::rows`] on bit sets: every later row, by AND and popcount.
    fn rows_bits(&self, bits: &Bits, first: usize, step: usize, sink: &mut Sink<'_>) {
        let n = self.p.rows.len();
        let mut i = first;
        while i < n {
            let (s0, s1) = (bits.row(i, 0), bits.row(i, 1));
            for j in i + 1..n {
                let (t0, t1) = (bits.row(j, 0), bits.row(j, 1));
                let (mut same, mut cross, mut any, mut both) = (0u32, 0u32, 0u32, 0u32);
                for w in 0..bits.words {
                    let (a0, a1, b0, b1) = (s0[w], s1[w], t0[w], t1[w]);
                    same += (a0 & b0).count_ones() + (a1 & b1).count_ones();
                    cross += (a0 & b1).count_ones() + (a1 & b0).count_ones();
                    if self.need_min {
                        any += ((a0 | a1) & (b0 | b1)).count_ones();
                        both += (a0 & a1 & b0 & b1).count_ones();
                    }
                }
                if same + cross == 0 {
                    continue;
                }
                let sums = PairSums {
                    p: f64::from(same + cross),
                    k: f64::from(same),
                    // 0/1 cells: the minimum of two cells is their product.
                    min_same: f64::from(same),
                    min_mirror: if bits.mirrored { f64::from(cross) } else { 0.0 },
                    // min(T, T') for column totals in 0..=2.
                    min_total: f64::from(any + both),
                };
                let w = self.weight(i, j, &sums);
                sink.push(Edge {
                    a: i as u32,
                    b: j as u32,
                    weight: w,
                });
            }
            if sink.over() {
                return;
            }
            i += step;
        }
    }

    fn weight(&self, i: usize, j: usize, s: &PairSums) -> f64 {
        pair_weight(self.o, self.binary, self.stats, i, j, s)
    }
}

/// The weight of the pair (i, j) from its sums and the rows' statistics,
/// under the options' kind and normalisation. Formulas in `docs/NETWORKS.md`.
pub(crate) fn pair_weight(
    o: &NetworkOptions,
    binary: bool,
    st: &RowStats,
    i: usize,
    j: usize,
    s: &PairSums,
) -> f64 {
    let cong = s.k;
    let conf = s.p - s.k;
    let raw = match o.kind {
        Kind::Congruence => cong,
        Kind::Conflict => conf,
        Kind::Subtract => cong - conf,
        Kind::CoOccurrence | Kind::Affiliation => s.p,
    };
    let (ti, tj) = (st.tot[i], st.tot[j]);
    match o.normalization {
        Normalization::None | Normalization::Activity | Normalization::Prominence => raw,
        Normalization::Average => raw / ((ti + tj) / 2.0),
        Normalization::DnaCosine => raw / (ti * tj),
        Normalization::Cosine => {
            // Congruence, conflict and subtract share the norm √(aᵢᵀWaᵢ): a
            // soft cosine, and for conflict at most the soft cosine between
            // aᵢ and j's mirrored vector (|q−q'| ≤ W(q, min+max−q')), so in
            // [0, 1] on any scale, and the same on a scale as without one.
            match o.kind {
                Kind::Congruence | Kind::Conflict | Kind::Subtract => {
                    raw / (st.kappa[i] * st.kappa[j]).sqrt()
                }
                Kind::CoOccurrence | Kind::Affiliation => s.p / (st.tau[i] * st.tau[j]).sqrt(),
            }
        }
        Normalization::Jaccard if binary => {
            // Σ min / Σ max over (column, position) cells; conflict against
            // j's mirrored cells.
            let jac = |m: f64| m / (ti + tj - m);
            match o.kind {
                Kind::Congruence => jac(s.min_same),
                Kind::Conflict => jac(s.min_mirror),
                Kind::Subtract => jac(s.min_same) - jac(s.min_mirror),
                Kind::CoOccurrence | Kind::Affiliation => jac(s.min_total),
            }
        }
        Normalization::Jaccard => {
            // On a graded scale: the Tanimoto coefficient ω / (κᵢ + κⱼ − ω)
            // with the kernel as inner product, which agrees with the kernel
            // (values near each other agree, a value never opposes itself)
            // and is the Jaccard index for 0/1 data. ω ≤ √(κᵢκⱼ) keeps it in [0, 1].
            let tan = |w: f64| w / (st.kappa[i] + st.kappa[j] - w);
            match o.kind {
                Kind::Congruence => tan(cong),
                Kind::Conflict => tan(conf),
                Kind::Subtract => tan(cong) - tan(conf),
                Kind::CoOccurrence | Kind::Affiliation => s.min_total / (ti + tj - s.min_total),
            }
        }
    }
}

/// Builds an affiliation (two-mode) network: row i is an actor, column j a
/// target; edges go from actor nodes to target nodes. O(cells).
pub(crate) fn two_mode(p: &Prepared, o: &NetworkOptions) -> Result<Vec<Edge>, NetworkError> {
    o.check()?;
    let counted = size(p, o)? == Size::Count;
    let nrows = p.rows.len() as u32;
    let mut row_tot = vec![0.0; p.rows.len()];
    let mut col_tot = vec![0.0; p.cols.len()];
    for c in &p.cells {
        row_tot[c.row as usize] += f64::from(c.count);
        col_tot[c.col as usize] += f64::from(c.count);
    }
    let mut edges = Vec::new();
    for run in runs(&p.cells) {
        let (r, c) = (run[0].row, run[0].col);
        let raw: f64 = match o.positions {
            Positions::Ignore => run.iter().map(|x| f64::from(x.count)).sum(),
            Positions::Subtract => {
                if o.scale.is_none() {
                    run.iter()
                        .map(|x| if p.levels[x.level as usize] > 0.5 { 1.0 } else { -1.0 } * f64::from(x.count))
                        .sum()
                } else {
                    run.iter()
                        .map(|x| p.levels[x.level as usize] * f64::from(x.count))
                        .sum()
                }
            }
            // Fixed codes, whichever positions the selection holds (`check`
            // refuses combine on a graded scale).
            Positions::Combine => run
                .iter()
                .map(|x| {
                    if p.levels[x.level as usize] > 0.5 {
                        1.0
                    } else {
                        2.0
                    }
                })
                .sum(),
        };
        let w = match o.normalization {
            Normalization::Activity => raw / row_tot[r as usize],
            Normalization::Prominence => raw / col_tot[c as usize],
            _ => raw,
        };
        if w != 0.0 && w.is_finite() && o.min_weight.is_none_or(|m| w.abs() >= m) {
            edges.push(Edge {
                a: r,
                b: nrows + c,
                weight: w,
            });
            if counted && edges.len() as u64 > o.max_edges {
                return Err(too_many(o, "the network", edges.len() as u64, false));
            }
        }
    }
    Ok(edges)
}

/// Builds the network the options describe from a statement table.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
/// use claimgraph_network::{NetworkOptions, Statements, network};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let a = b.actor("a", "A", ActorKind::Person).id();
/// let c = b.actor("b", "B", ActorKind::Person).id();
/// let plan = b.proposal("plan", "Plan").id();
/// b.stance("s1", &a, &plan, Position::Supports).source(&src);
/// b.stance("s2", &c, &plan, Position::Supports).source(&src);
/// let ds = b.build()?;
/// let net = network(&Statements::from_dataset(&ds), &NetworkOptions::congruence())?;
/// assert_eq!(net.weight("a", "b"), Some(1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn network(st: &Statements, o: &NetworkOptions) -> Result<Network, NetworkError> {
    network_with_threads(st, o, 0)
}

/// [`network`] with a set number of threads (0: every core).
pub fn network_with_threads(
    st: &Statements,
    o: &NetworkOptions,
    threads: usize,
) -> Result<Network, NetworkError> {
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let selected = select(st, o)?;
    let p = prepare(st, o, &selected)?;
    build(p, o, threads).map(|net| net.with_statements(statements_in(&selected)))
}

pub(crate) fn build(
    p: Prepared,
    o: &NetworkOptions,
    threads: usize,
) -> Result<Network, NetworkError> {
    if o.kind == Kind::Affiliation {
        let edges = two_mode(&p, o)?;
        let nrows = p.rows.len();
        let mut nodes = p.rows;
        nodes.extend(p.cols);
        Ok(Network::new(o.clone(), nodes, Some(nrows), edges).finish())
    } else {
        let edges = one_mode(&p, o, threads)?;
        Ok(Network::new(o.clone(), p.rows, None, edges).finish())
    }
}

/// The sum of some numbers, from +0: an empty sum is 0, not the −0 that
/// `Iterator::sum` gives for floats (which would be written as `-0`). Adds
/// in the iterator's order, as `sum` does.
pub(crate) fn total(xs: impl IntoIterator<Item = f64>) -> f64 {
    xs.into_iter().fold(0.0, |s, x| s + x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statements::{ActorInfo, TargetInfo};
    use claimgraph_core::{ActorKind, RecordType};
    use proptest::prelude::*;

    /// A table of `actors` × `targets` with the given (actor, target, supports?) statements.
    fn table(actors: u32, targets: u32, rows: &[(u32, u32, bool)]) -> Statements {
        let mut st = Statements::default();
        for a in 0..actors {
            st.actors.push(ActorInfo {
                id: Arc::from(format!("a{a:03}")),
                name: Arc::from(format!("A{a}")),
                kind: Some(ActorKind::Person),
            });
        }
        for t in 0..targets {
            st.targets.push(TargetInfo {
                id: Arc::from(format!("t{t:03}")),
                label: Arc::from(format!("T{t}")),
                kind: Some(RecordType::Proposal),
            });
        }
        for &(a, t, yes) in rows {
            st.rows.push(Row {
                actor: a % actors,
                target: t % targets,
                source: u32::MAX,
                day: crate::statements::NO_DAY,
                position: if yes {
                    Position::Supports
                } else {
                    Position::Opposes
                },
                intensity: f64::NAN,
            });
        }
        st
    }

    fn edges(st: &Statements, o: &NetworkOptions, method: Method) -> Vec<Edge> {
        let selected = select(st, o).expect("selection");
        let p = prepare(st, o, &selected).expect("prepared");
        one_mode_with(&p, o, 2, method).expect("edges")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Bit sets and sparse accumulation give the same network wherever
        /// bit sets apply (every statement counted once: 0/1 cells).
        #[test]
        fn bit_sets_agree_with_sparse_accumulation(
            rows in prop::collection::vec((0u32..12, 0u32..70, any::<bool>()), 1..200),
            kind in prop::sample::select(vec![Kind::Congruence, Kind::Conflict, Kind::Subtract, Kind::CoOccurrence]),
            norm in prop::sample::select(vec![
                Normalization::None, Normalization::Average, Normalization::Jaccard,
                Normalization::Cosine, Normalization::DnaCosine,
            ]),
            targets in any::<bool>(),
        ) {
            let st = table(12, 70, &rows);
            let mut o = NetworkOptions::new(kind).normalization(norm).duplicates(Duplicates::Range);
            if targets {
                o = o.over(Over::Targets);
            }
            let selected = select(&st, &o).expect("selection");
            let p = prepare(&st, &o, &selected).expect("prepared");
            prop_assert!(bits_fit(&p, &o));
            let sparse = edges(&st, &o, Method::Sparse);
            let bits = edges(&st, &o, Method::Bits);
            prop_assert_eq!(sparse.len(), bits.len());
            for (x, y) in sparse.iter().zip(&bits) {
                prop_assert_eq!((x.a, x.b), (y.a, y.b));
                prop_assert!((x.weight - y.weight).abs() < 1e-12, "{} vs {}", x.weight, y.weight);
            }
        }
    }

    #[test]
    fn more_levels_than_fit_are_refused_not_wrapped() {
        let rows: Vec<(u32, u32, bool)> = (0..65_537).map(|n| (n % 3, n % 5, true)).collect();
        let mut st = table(3, 5, &rows);
        for (n, r) in st.rows.iter_mut().enumerate() {
            r.intensity = n as f64 / 100_000.0;
        }
        let o = NetworkOptions::affiliation(Positions::Subtract)
            .scale(crate::options::Scale::new(-1.0, 1.0).expect("scale"));
        let err = network(&st, &o).expect_err("too many levels");
        assert!(
            err.to_string().contains("65537 distinct intensities"),
            "{err}"
        );
    }

    #[test]
    fn bit_sets_are_chosen_for_dense_zero_one_cells_only() {
        // Every actor on every target: dense, 0/1 after duplicate removal.
        let rows: Vec<(u32, u32, bool)> = (0..40)
            .flat_map(|a| (0..30).map(move |t| (a, t, (a + t) % 3 == 0)))
            .collect();
        let st = table(40, 30, &rows);
        let once = NetworkOptions::congruence().duplicates(Duplicates::Range);
        let p = prepare(&st, &once, &select(&st, &once).expect("selection")).expect("prepared");
        assert!(bits_fit(&p, &once));
        let all = NetworkOptions::congruence();
        let doubled: Vec<_> = rows.iter().chain(&rows).copied().collect();
        let st2 = table(40, 30, &doubled);
        let p2 = prepare(&st2, &all, &select(&st2, &all).expect("selection")).expect("prepared");
        assert!(!bits_fit(&p2, &all), "counts of 2 do not fit in bits");
        assert_eq!(
            edges(&st, &once, Method::Auto),
            edges(&st, &once, Method::Sparse)
        );
    }
}
