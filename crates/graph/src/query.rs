//! Who holds which position on a target: the core of every query.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use claimgraph_core::{
    ActorId, Dataset, Modality, Position, ProposalId, RecordId, RecordType, Stance, StanceId, When,
};

use crate::error::GraphError;
use crate::graph::{ClaimGraph, EdgeKind, Via};

/// How a query reads the stances: as of which day, and what it rolls up.
///
/// Every setter takes a value and returns the query, so a query chains
/// without `?`; text is parsed where it is read (`"2025-11-20".parse()`).
///
/// ```
/// use claimgraph_core::When;
/// use claimgraph_graph::Query;
/// let day: When = "2025-11-20".parse()?;
/// let q = Query::new().as_of(day).roll_up_members(true).roll_up_points(true);
/// assert_eq!(q.as_of.map(|d| d.to_string()).as_deref(), Some("2025-11-20"));
/// # Ok::<(), claimgraph_core::WhenError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Only stances dated on or before this day count (undated ones always count).
    pub as_of: Option<NaiveDate>,
    /// An actor also holds the positions of those who speak for it — office
    /// holders, spokespeople and parts, directly or through others — where it
    /// has none of its own (see
    /// [`AffiliationKind::carries_position`](claimgraph_core::AffiliationKind::carries_position); a
    /// member speaks for itself, not for its union). A stance rolls up
    /// through ties that held on its date and on the `as_of` day; an actor
    /// with a position of its own keeps it, and speaks for those tied to it:
    /// their positions do not pass it on. Silence (no comment, no response)
    /// of one's own does not block what others tied to it said.
    pub roll_up_members: bool,
    /// A stance on a point also counts toward the proposal it is part of.
    pub roll_up_points: bool,
    /// A point inherits an actor's stance on the proposal it is part of, where
    /// the actor has none on the point itself.
    pub inherit_from_parent: bool,
}

impl Query {
    /// No date limit, no roll-up.
    pub fn new() -> Query {
        Query::default()
    }

    /// Limits the query to stances dated on or before `day` (a [`When`] or a
    /// [`NaiveDate`]; a date-time counts as its day).
    pub fn as_of(mut self, day: impl Into<When>) -> Query {
        self.as_of = Some(day.into().date());
        self
    }

    /// Sets roll-up through ties that carry a position.
    pub fn roll_up_members(mut self, on: bool) -> Query {
        self.roll_up_members = on;
        self
    }

    /// Sets roll-up through points.
    pub fn roll_up_points(mut self, on: bool) -> Query {
        self.roll_up_points = on;
        self
    }

    /// Sets inheritance of a proposal's stances by its points.
    pub fn inherit_from_parent(mut self, on: bool) -> Query {
        self.inherit_from_parent = on;
        self
    }
}

/// A position that no stance states but the data implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Inferred {
    /// The actor proposed it: a proposer supports its own proposal unless a
    /// stance of its own says otherwise.
    ProposedIt,
}

impl fmt::Display for Inferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inferred::ProposedIt => f.write_str("proposed it"),
        }
    }
}

/// One stance (or one inference) behind a holding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Basis {
    /// The stance; `None` for an inferred position.
    pub stance: Option<StanceId>,
    /// Why the position is inferred, when no stance states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inferred>,
    /// Whose stance it is, as written: the holding's actor, one judged the
    /// same as it, or one tied to it (roll-up).
    pub holder: ActorId,
    /// What the stance is on: the queried target, one of its points, or a
    /// proposal it is a point of.
    pub target: RecordId,
    /// The position the stance counts for.
    pub position: Position,
    /// The day the stance is dated ([`Dataset::stance_date`]).
    pub date: Option<When>,
    /// The ties the position passed through to reach the holding's actor,
    /// first to last; empty for its own stances. The whole path, walked on
    /// demand ([`Via`]); it serialises as its [`Via::summary`]: a `via` list
    /// of every tie when there are at most [`Via::SHOWN_WHOLE`], else of the
    /// first and the last [`Via::ENDS`], with `via_omitted` the number left
    /// out between them — so that an answer about the n actors up a chain
    /// of n ties stays O(n). [`ClaimGraph::why`] gives the whole path, one
    /// actor at a time.
    #[serde(flatten, serialize_with = "Via::serialize_summary")]
    pub via: Via,
    /// How the position is put (absent: asserted).
    pub modality: Option<Modality>,
    /// Conditions attached.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// How strongly, -1..1.
    pub intensity: Option<f64>,
    /// The coder's confidence, 0..1.
    pub confidence: Option<f64>,
}

impl Basis {
    /// The basis of one stance.
    pub(crate) fn of(s: &Stance, date: Option<When>) -> Basis {
        Basis {
            stance: Some(s.id.clone()),
            inferred: None,
            holder: s.holder.clone(),
            target: s.target.clone(),
            position: s.effective_position(),
            date,
            via: Via::new(),
            modality: s.modality,
            conditions: s.conditions.clone(),
            intensity: s.intensity,
            confidence: s.confidence,
        }
    }
}

/// An actor's position on a target, with the stances it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holding {
    /// The actor (its canonical id).
    pub actor: ActorId,
    /// The position: `mixed` where the stances that count disagree.
    pub position: Position,
    /// The stances behind it.
    pub basis: Vec<Basis>,
}

impl Holding {
    /// Whether the position comes only from others tied to the actor, not
    /// its own stances.
    pub fn is_rolled_up(&self) -> bool {
        self.basis.iter().all(|b| !b.via.is_empty())
    }

    /// Whether the position is only inferred, with no stance behind it.
    pub fn is_inferred(&self) -> bool {
        self.basis.iter().all(|b| b.inferred.is_some())
    }
}

/// The day a stance is dated: [`Dataset::stance_date`], as a day.
pub fn stance_date(ds: &Dataset, s: &Stance) -> Option<NaiveDate> {
    ds.stance_date(s).map(|d| d.date())
}

/// Combines positions: silence (no comment, no response) gives way to any
/// position taken; positions that disagree give `mixed`; `no_comment` and
/// `no_response` together give `no_comment`. Order does not matter. O(k log
/// k) for k positions.
pub fn combine(positions: impl IntoIterator<Item = Position>) -> Option<Position> {
    let mut seen: BTreeSet<Position> = BTreeSet::new();
    for p in positions {
        seen.insert(p);
    }
    if seen.iter().any(|p| !p.is_silence()) {
        seen.retain(|p| !p.is_silence());
    } else if seen.len() > 1 {
        return Some(Position::NoComment);
    }
    match seen.len() {
        0 => None,
        1 => seen.into_iter().next(),
        _ => Some(Position::Mixed),
    }
}

/// A stance (or an inference) behind a position, by reference: made into a
/// [`Basis`] only when an answer is put together, so reading every target
/// of a corpus holds a pointer per stance, not a copy of it.
#[derive(Clone, Debug)]
pub(crate) struct Src<'a> {
    pub(crate) kind: SrcKind<'a>,
    /// The day it is dated.
    pub(crate) date: Option<When>,
    /// The ties it passed through, when rolled up.
    pub(crate) via: Via,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum SrcKind<'a> {
    /// A stance.
    Stance(&'a Stance),
    /// `by` (a canonical actor id) put forward the proposal `target`.
    Proposed { by: &'a str, target: &'a str },
}

impl<'a> Src<'a> {
    /// The position it counts for.
    pub(crate) fn position(&self) -> Position {
        match self.kind {
            SrcKind::Stance(s) => s.effective_position(),
            SrcKind::Proposed { .. } => Position::Supports,
        }
    }

    /// Whether no stance states it.
    pub(crate) fn is_inferred(&self) -> bool {
        matches!(self.kind, SrcKind::Proposed { .. })
    }

    /// A sort key: stances by id, inferences after them.
    pub(crate) fn key(&self) -> (&'a str, &'a str, &'a str) {
        match self.kind {
            SrcKind::Stance(s) => (s.id.as_str(), s.holder.as_str(), s.target.as_str()),
            SrcKind::Proposed { by, target } => ("\u{10ffff}", by, target),
        }
    }

    /// The basis it stands for; `None` only for an inference whose ids do
    /// not read back, which a graph does not make.
    pub(crate) fn basis(&self) -> Option<Basis> {
        let mut b = match self.kind {
            SrcKind::Stance(s) => Basis::of(s, self.date),
            SrcKind::Proposed { by, target } => Basis {
                stance: None,
                inferred: Some(Inferred::ProposedIt),
                holder: ActorId::new(by).ok()?,
                target: RecordId::new(target).ok()?,
                position: Position::Supports,
                date: self.date,
                via: Via::new(),
                modality: None,
                conditions: Vec::new(),
                intensity: None,
                confidence: None,
            },
        };
        b.via = self.via.clone();
        Some(b)
    }
}

/// A position of one holder on one node, with what it rests on.
pub(crate) type Part<'a> = (Position, Vec<Src<'a>>);

/// Everything that counts for one holder on a target: one part per node
/// (the target, its points, a proposal it inherits from) and per rolled-up
/// position.
pub(crate) type Parts<'a> = Vec<Part<'a>>;

/// What one node holds of positions, read once: its stances by canonical
/// holder (by holder id) and, for a proposal, who put it forward and when.
#[derive(Debug, Default)]
pub(crate) struct Grouped<'a> {
    holders: Vec<(&'a str, StanceSet<'a>)>,
    /// The proposers, by canonical id, each once; none unless a proposal
    /// whose id reads back.
    proposers: Vec<&'a str>,
    /// The proposal's date.
    date: Option<When>,
}

/// One holder's stances on one node, set out so that those that count up to
/// any limit are found by binary search: a timeline reads them once a day.
#[derive(Debug, Default)]
pub(crate) struct StanceSet<'a> {
    /// The undated ones: positions taken, then silences.
    undated: [Vec<&'a Stance>; 2],
    /// The dated ones by day: positions taken, then silences.
    dated: [Vec<(NaiveDate, When, &'a Stance)>; 2],
}

impl<'a> StanceSet<'a> {
    fn push(&mut self, s: &'a Stance, date: Option<When>) {
        let silent = usize::from(s.effective_position().is_silence());
        match date {
            Some(d) => self.dated[silent].push((d.date(), d, s)),
            None => self.undated[silent].push(s),
        }
    }

    fn sort(&mut self) {
        for d in &mut self.dated {
            d.sort_by_key(|x| x.0);
        }
    }

    /// The stances that count up to a limit: those it admits; of those,
    /// silent ones only when no other is left; of those, the ones at the
    /// latest day, with the undated ones; by stance id. O(log k + m log m)
    /// for its k stances, m of them kept.
    pub(crate) fn resolve<'s>(&'s self, until: Until) -> Option<Part<'a>> {
        type Day<'a> = (NaiveDate, When, &'a Stance);
        let admitted = |v: &'s [Day<'a>]| -> &'s [Day<'a>] {
            match until {
                Until::Any => v,
                Until::Day(limit) => &v[..v.partition_point(|x| x.0 <= limit)],
                Until::Undated => &v[..0],
            }
        };
        let taken = admitted(&self.dated[0]);
        // Declining to comment is not a change of position.
        let (dated, undated) = if taken.is_empty() && self.undated[0].is_empty() {
            (admitted(&self.dated[1]), &self.undated[1])
        } else {
            (taken, &self.undated[0])
        };
        let latest = match dated.last() {
            Some(last) => &dated[dated.partition_point(|x| x.0 < last.0)..],
            None => dated,
        };
        let mut kept: Vec<Src<'a>> = undated
            .iter()
            .map(|s| (*s, None))
            .chain(latest.iter().map(|(_, d, s)| (*s, Some(*d))))
            .map(|(s, date)| Src {
                kind: SrcKind::Stance(s),
                date,
                via: Via::new(),
            })
            .collect();
        kept.sort_by(|a, b| a.key().0.cmp(b.key().0));
        let position = combine(kept.iter().map(Src::position))?;
        Some((position, kept))
    }
}

/// Which stances a reading counts, by their date: every one, those dated on
/// or before a day (with the undated ones), or only the undated ones (how
/// things stood before any dated day, for the first entry of a timeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Until {
    /// No date limit.
    Any,
    /// Dated on or before the day, or undated.
    Day(NaiveDate),
    /// Undated only.
    Undated,
}

impl Until {
    /// The limit of a query's `as_of`.
    pub(crate) fn of(as_of: Option<NaiveDate>) -> Until {
        as_of.map_or(Until::Any, Until::Day)
    }

    /// Whether a stance (or proposal) of this date counts.
    pub(crate) fn admits(self, date: Option<When>) -> bool {
        match (self, date) {
            (_, None) | (Until::Any, _) => true,
            (Until::Day(limit), Some(d)) => d.date() <= limit,
            (Until::Undated, Some(_)) => false,
        }
    }
}

/// Which targets [`ClaimGraph::read_many`] reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope {
    /// Every target a position can be held on ([`ClaimGraph::stance_targets`]).
    All,
    /// The points of a proposal, all levels.
    PointsOf(NodeIndex),
}

/// Reads positions on single targets, keeping each node's stances grouped
/// by holder (and dated) once for every later reading: a timeline reads
/// the same nodes once per day.
pub(crate) struct Reader<'g, 'a> {
    g: &'g ClaimGraph<'a>,
    only: Option<&'g BTreeSet<&'a str>>,
    grouped: BTreeMap<NodeIndex, Grouped<'a>>,
    descendants: BTreeMap<NodeIndex, Vec<NodeIndex>>,
}

impl<'g, 'a> Reader<'g, 'a> {
    /// A reader of every holder's positions, or of those in `only`.
    pub(crate) fn new(g: &'g ClaimGraph<'a>, only: Option<&'g BTreeSet<&'a str>>) -> Self {
        Reader {
            g,
            only,
            grouped: BTreeMap::new(),
            descendants: BTreeMap::new(),
        }
    }

    fn own(&mut self, node: NodeIndex, until: Until) -> BTreeMap<&'a str, Part<'a>> {
        let (g, only) = (self.g, self.only);
        let grouped = self
            .grouped
            .entry(node)
            .or_insert_with(|| g.grouped(node, only));
        g.own_from(node, grouped, until)
    }

    /// What counts for each holder (of those in `only`, when given) on a
    /// target under a query, before the parts are combined: its own
    /// positions on the target (and its points, and the proposals above it,
    /// as the query says), then, with roll-up through ties, the positions
    /// of those who speak for it ([`ClaimGraph::rolls_up_to`]). Stances count
    /// up to `until`; ties are checked on the query's `as_of`. Every reading
    /// of positions on one target, timelines included, goes through here;
    /// [`ClaimGraph::read_many`] reads many targets by the same rules.
    pub(crate) fn read(
        &mut self,
        t: NodeIndex,
        q: &Query,
        until: Until,
    ) -> BTreeMap<&'a str, Parts<'a>> {
        let g = self.g;
        let mut targets = vec![t];
        if q.roll_up_points {
            let below = self
                .descendants
                .entry(t)
                .or_insert_with(|| g.descendants(t));
            targets.extend(below.iter().copied());
        }
        let mut own: BTreeMap<&'a str, Parts<'a>> = BTreeMap::new();
        for &node in &targets {
            for (holder, part) in self.own(node, until) {
                own.entry(holder).or_default().push(part);
            }
        }
        if q.inherit_from_parent {
            for anc in g.ancestors(t) {
                for (holder, part) in self.own(anc, until) {
                    own.entry(holder).or_insert_with(|| vec![part]);
                }
            }
        }
        if q.roll_up_members {
            g.roll_up_members(&mut own, q.as_of);
        }
        own
    }
}

impl<'a> ClaimGraph<'a> {
    /// Every actor's position on a target under a query, sorted by actor id.
    /// The target is an id, or a name, alias, title or label
    /// ([`ClaimGraph::find_target`]); answers name actors by canonical id.
    ///
    /// A proposer supports its own proposal where it has no stance of its
    /// own on it (as of the query's day): the basis says
    /// [`Inferred::ProposedIt`].
    ///
    /// O(s log s + e) for the s stances on the target and the e edges of the
    /// nodes read (with roll-up through points, its points; with
    /// inheritance, the proposals above it), plus, with roll-up through
    /// ties, O(r log r) for each holder and day, for the r ties reachable
    /// from the holder, and the size of the answer: a stance that rolls up
    /// to r actors is in r holdings, each O(1) — their [`Via`] paths share
    /// their ties, and a basis serialises only the ends of its path
    /// ([`Via::summary`]) — so the n actors up a chain of n ties take O(n)
    /// time, memory and output, not O(n²). Walking every path whole
    /// ([`Via::iter`]) is O(n) a path: [`ClaimGraph::why`] does it for one
    /// actor.
    pub fn positions(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        let t = self.target_node(target.as_ref())?;
        Ok(self.positions_at(t, q))
    }

    /// The proposers of a proposal node, by canonical id.
    pub(crate) fn proposers(&self, node: NodeIndex) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = self
            .graph
            .edges_directed(node, Direction::Incoming)
            .filter(|e| e.weight().kind == EdgeKind::Proposes)
            .map(|e| self.graph[e.source()].id)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The stances on a node by canonical holder (of the holders in `only`,
    /// when given), each with its date. O(e + s log s) for the e edges
    /// reaching the node and the s stances kept.
    pub(crate) fn grouped(&self, node: NodeIndex, only: Option<&BTreeSet<&'a str>>) -> Grouped<'a> {
        let wanted = |h: NodeIndex| only.is_none_or(|set| set.contains(self.graph[h].id));
        // A stance edge leaves its holder's canonical node: no lookup by id.
        let mut rows: Vec<(NodeIndex, &'a Stance)> = Vec::new();
        let mut proposers: Vec<&'a str> = Vec::new();
        for e in self.graph.edges_directed(node, Direction::Incoming) {
            match e.weight().stance {
                Some(s) if wanted(e.source()) => rows.push((e.source(), s)),
                None if e.weight().kind == EdgeKind::Proposes && wanted(e.source()) => {
                    proposers.push(self.graph[e.source()].id);
                }
                _ => {}
            }
        }
        rows.sort_unstable_by_key(|(h, _)| *h);
        let mut holders: Vec<(&'a str, StanceSet<'a>)> = rows
            .chunk_by(|x, y| x.0 == y.0)
            .map(|rows| {
                let mut set = StanceSet::default();
                for &(_, s) in rows {
                    set.push(s, self.ds.stance_date(s));
                }
                set.sort();
                (self.graph[rows[0].0].id, set)
            })
            .collect();
        holders.sort_unstable_by(|x, y| x.0.cmp(y.0));
        let id = self.graph[node].id;
        if self.graph[node].kind != RecordType::Proposal || RecordId::new(id).is_err() {
            proposers.clear();
        }
        proposers.retain(|by| ActorId::new(by).is_ok());
        proposers.sort_unstable();
        proposers.dedup();
        let date = (!proposers.is_empty())
            .then(|| ProposalId::new(id).ok())
            .flatten()
            .and_then(|p| self.ds.proposal(&p))
            .and_then(|p| p.date);
        Grouped {
            holders,
            proposers,
            date,
        }
    }

    /// The own positions of every holder on one node (of those `grouped`
    /// kept): its stances that count up to `until`, or, for its proposers
    /// without such a stance, the inferred support. O(h log k) for the h
    /// holders with k stances each, plus the stances kept.
    pub(crate) fn own_from(
        &self,
        node: NodeIndex,
        grouped: &Grouped<'a>,
        until: Until,
    ) -> BTreeMap<&'a str, Part<'a>> {
        let mut out: BTreeMap<&'a str, Part<'a>> = grouped
            .holders
            .iter()
            .filter_map(|(holder, stances)| Some((*holder, stances.resolve(until)?)))
            .collect();
        if until.admits(grouped.date) {
            let target = self.graph[node].id;
            for &by in &grouped.proposers {
                out.entry(by).or_insert_with(|| {
                    let src = Src {
                        kind: SrcKind::Proposed { by, target },
                        date: grouped.date,
                        via: Via::new(),
                    };
                    (Position::Supports, vec![src])
                });
            }
        }
        out
    }

    pub(crate) fn positions_at(&self, t: NodeIndex, q: &Query) -> Vec<Holding> {
        Reader::new(self, None)
            .read(t, q, Until::of(q.as_of))
            .iter()
            .filter_map(|(holder, parts)| make_holding(holder, parts))
            .collect()
    }

    /// Roll-up through ties, on what each holder holds of its own on one
    /// target: each position of a holder also counts for the actors it
    /// rolls up to ([`ClaimGraph::rolls_up_to`]), after their own. O(r log r)
    /// per holder and day, for the r ties reachable from the holder, plus
    /// one part per actor reached.
    pub(crate) fn roll_up_members(
        &self,
        own: &mut BTreeMap<&'a str, Parts<'a>>,
        as_of: Option<NaiveDate>,
    ) {
        let speaks = speaks_for_itself(own);
        // One walk per holder and day, however many stances it made that day.
        type Reached = Vec<(NodeIndex, Via)>;
        let mut reach: BTreeMap<(&'a str, Option<NaiveDate>), Reached> = BTreeMap::new();
        let mut derived: BTreeMap<&'a str, Parts<'a>> = BTreeMap::new();
        for (&holder, parts) in own.iter() {
            for src in parts.iter().flat_map(|(_, b)| b) {
                let day = src.date.map(|d| d.date());
                let reached = reach
                    .entry((holder, day))
                    .or_insert_with(|| self.rolls_up_to(holder, day, as_of, &speaks));
                for (org, via) in reached.iter() {
                    let mut src = src.clone();
                    src.via = via.clone();
                    derived
                        .entry(self.graph[*org].id)
                        .or_default()
                        .push((src.position(), vec![src]));
                }
            }
        }
        for (org, parts) in derived {
            own.entry(org).or_default().extend(parts);
        }
    }

    /// The one rule of roll-up through ties: the actors a position of
    /// `holder` dated `day` counts for as of `as_of`, each with the ties it
    /// passes through. It passes ties that carry a position and held both
    /// on its own date and on `as_of`, so a statement made before an actor
    /// took office is not counted for the office; it does not pass an actor
    /// in `speaks` ([`speaks_for_itself`]), whose own position stands for
    /// it and for those tied to it. O(r log r) for the r ties reached.
    pub(crate) fn rolls_up_to(
        &self,
        holder: &str,
        day: Option<NaiveDate>,
        as_of: Option<NaiveDate>,
        speaks: &BTreeSet<&str>,
    ) -> Vec<(NodeIndex, Via)> {
        let Some(ix) = self.node(holder) else {
            return Vec::new();
        };
        let days: Vec<NaiveDate> = day.into_iter().chain(as_of).collect();
        self.roll_up_reach(ix, &days, |id| speaks.contains(id))
    }

    /// What counts for each holder on each target of a scope, by the rules
    /// of [`Reader::read`], for every target at once: each node's stances
    /// are read once, a point's positions are carried up to the proposals
    /// above it by walking up from the point (not down from each proposal),
    /// and inheritance is carried down from each proposal to its points.
    /// `each` gets the targets in node order.
    ///
    /// O(n + e + s log s) for the n nodes and e edges in scope and the s
    /// stances on them, plus the size of the answer (with roll-up through
    /// points, a stance counts once on its target and once on each proposal
    /// above it; with inheritance, once on each point below) and, with
    /// roll-up through ties, the cost of [`ClaimGraph::roll_up_members`]
    /// per target. A chain of 10^5 points costs 10^5 steps, not 10^10.
    pub(crate) fn read_many(
        &self,
        scope: Scope,
        q: &Query,
        mut each: impl FnMut(NodeIndex, BTreeMap<&'a str, Parts<'a>>),
    ) {
        let (targets, stop) = match scope {
            Scope::All => (self.stance_targets(q), None),
            Scope::PointsOf(p) => (self.descendants(p), Some(p)),
        };
        let until = Until::of(q.as_of);
        if !q.roll_up_points && !q.inherit_from_parent {
            // Each target on its own: read, answered and let go in turn.
            for t in targets {
                let grouped = self.grouped(t, None);
                let mut r: BTreeMap<&'a str, Parts<'a>> = self
                    .own_from(t, &grouped, until)
                    .into_iter()
                    .map(|(h, part)| (h, vec![part]))
                    .collect();
                if q.roll_up_members {
                    self.roll_up_members(&mut r, q.as_of);
                }
                each(t, r);
            }
            return;
        }
        let mut is_target = vec![false; self.graph.node_count()];
        for &t in &targets {
            is_target[t.index()] = true;
        }
        let mut own = OwnCache {
            g: self,
            until,
            read: BTreeMap::new(),
        };
        let mut reading: BTreeMap<NodeIndex, BTreeMap<&'a str, Parts<'a>>> = BTreeMap::new();
        if q.roll_up_points {
            // Every node with positions is a target: it carries them up to
            // each target above it (through every proposal it is part of,
            // as `descendants` goes down; for the points of one proposal,
            // only through its points).
            for &node in &targets {
                let parts = own.get(node).clone();
                if parts.is_empty() {
                    continue;
                }
                let mut seen = BTreeSet::from([node]);
                let mut stack = vec![node];
                while let Some(a) = stack.pop() {
                    if is_target[a.index()] {
                        let r = reading.entry(a).or_default();
                        for (&holder, part) in &parts {
                            r.entry(holder).or_default().push(part.clone());
                        }
                    } else if stop.is_some() {
                        continue;
                    }
                    for up in self.parents(a) {
                        if seen.insert(up) {
                            stack.push(up);
                        }
                    }
                }
            }
        } else {
            for &t in &targets {
                let r = own
                    .get(t)
                    .iter()
                    .map(|(&h, part)| (h, vec![part.clone()]))
                    .collect();
                reading.insert(t, r);
            }
        }
        let inherited = if q.inherit_from_parent {
            self.inheritance(&targets, &is_target, stop, &mut own)
        } else {
            BTreeMap::new()
        };
        for t in targets {
            let mut r = reading.remove(&t).unwrap_or_default();
            for (&holder, &anc) in inherited.get(&t).into_iter().flatten() {
                if !r.contains_key(holder)
                    && let Some(part) = own.get(anc).get(holder)
                {
                    r.insert(holder, vec![part.clone()]);
                }
            }
            if q.roll_up_members {
                self.roll_up_members(&mut r, q.as_of);
            }
            each(t, r);
        }
    }

    /// For each target, the proposal above it each holder inherits from:
    /// the nearest one with a position of the holder's own. Carried down
    /// from each proposal to its points, so a chain costs one step per
    /// point, and no target's map is larger than its answer.
    fn inheritance(
        &self,
        targets: &[NodeIndex],
        is_target: &[bool],
        stop: Option<NodeIndex>,
        own: &mut OwnCache<'_, 'a>,
    ) -> BTreeMap<NodeIndex, BTreeMap<&'a str, NodeIndex>> {
        type From<'a> = BTreeMap<&'a str, NodeIndex>;
        // What the points of `ix` inherit: its own positions over what it inherits.
        let below = |own: &mut OwnCache<'_, 'a>, ix: NodeIndex, above: &From<'a>| -> From<'a> {
            let mut m = above.clone();
            for &h in own.get(ix).keys() {
                m.insert(h, ix);
            }
            m
        };
        // What `ix` inherits, read from the proposals above it.
        let walk = |own: &mut OwnCache<'_, 'a>, ix: NodeIndex| -> From<'a> {
            let mut from = From::new();
            for anc in self.ancestors(ix) {
                for &h in own.get(anc).keys() {
                    from.entry(h).or_insert(anc);
                }
            }
            from
        };
        let mut out: BTreeMap<NodeIndex, From<'a>> = BTreeMap::new();
        let mut stack: Vec<(NodeIndex, From<'a>)> = Vec::new();
        match stop {
            // The points of one proposal: read what it inherits, once.
            Some(p) => {
                let above = walk(own, p);
                let m = below(own, p, &above);
                for c in self.children(p) {
                    if is_target[c.index()] && self.parent(c) == Some(p) {
                        stack.push((c, m.clone()));
                    }
                }
            }
            // Every target: one whose proposal is not a target has nothing
            // with positions above it (each point below a proposal with
            // positions is a target), so inherits nothing.
            None => {
                for &t in targets {
                    if self.parent(t).is_none_or(|p| !is_target[p.index()]) {
                        stack.push((t, From::new()));
                    }
                }
            }
        }
        while let Some((t, from)) = stack.pop() {
            if out.contains_key(&t) {
                continue;
            }
            let m = below(own, t, &from);
            // A point judged the same as another may be part of two
            // proposals: it inherits along `ancestors`, from the first.
            for c in self.children(t) {
                if is_target[c.index()] && !out.contains_key(&c) && self.parent(c) == Some(t) {
                    stack.push((c, m.clone()));
                }
            }
            out.insert(t, from);
        }
        // Targets on a cycle of points (an invalid dataset), or below a
        // second proposal of a point judged the same as another, are not
        // reached from a root: read each by walking up.
        for &t in targets {
            if let std::collections::btree_map::Entry::Vacant(e) = out.entry(t) {
                e.insert(walk(own, t));
            }
        }
        out
    }
}

/// Each node's own positions under one limit, read once.
pub(crate) struct OwnCache<'g, 'a> {
    g: &'g ClaimGraph<'a>,
    until: Until,
    read: BTreeMap<NodeIndex, BTreeMap<&'a str, Part<'a>>>,
}

impl<'a> OwnCache<'_, 'a> {
    fn get(&mut self, ix: NodeIndex) -> &BTreeMap<&'a str, Part<'a>> {
        let (g, until) = (self.g, self.until);
        self.read.entry(ix).or_insert_with(|| {
            let grouped = g.grouped(ix, None);
            g.own_from(ix, &grouped, until)
        })
    }
}

impl<'a> ClaimGraph<'a> {
    fn with_position(
        &self,
        target: &str,
        q: &Query,
        position: Position,
    ) -> Result<Vec<Holding>, GraphError> {
        Ok(self
            .positions(target, q)?
            .into_iter()
            .filter(|h| h.position == position)
            .collect())
    }

    /// Actors who support the target. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn supporters(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::Supports)
    }

    /// Actors who oppose the target. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn opponents(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::Opposes)
    }

    /// Actors neutral on the target. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn neutral(&self, target: impl AsRef<str>, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::Neutral)
    }

    /// Actors with mixed positions on the target. Same rules and cost
    /// as [`ClaimGraph::positions`].
    pub fn mixed(&self, target: impl AsRef<str>, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::Mixed)
    }

    /// Actors who declined to comment on the target and took no other
    /// position. Same rules and cost as [`ClaimGraph::positions`].
    pub fn no_comment(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::NoComment)
    }

    /// Actors who were asked and did not answer, and took no other position.
    /// Same rules and cost as [`ClaimGraph::positions`].
    pub fn no_response(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target.as_ref(), q, Position::NoResponse)
    }

    /// Every stance an actor holds (under any id judged the same as it),
    /// sorted by date (undated first), then target, then id. Stances dated
    /// after `q.as_of` are left out; roll-up does not apply. O(d log d) for
    /// the actor's d stances.
    pub fn stances_of(
        &self,
        actor: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<&'a Stance>, GraphError> {
        let ix = self.actor_node(actor.as_ref())?;
        let mut out: Vec<(Option<NaiveDate>, &'a Stance)> = self
            .stances_from(ix)
            .into_iter()
            .map(|s| (stance_date(self.ds, s), s))
            .filter(|(d, _)| match (d, q.as_of) {
                (Some(d), Some(limit)) => *d <= limit,
                _ => true,
            })
            .collect();
        out.sort_by(|a, b| {
            (a.0, a.1.target.as_str(), a.1.id.as_str()).cmp(&(
                b.0,
                b.1.target.as_str(),
                b.1.id.as_str(),
            ))
        });
        Ok(out.into_iter().map(|(_, s)| s).collect())
    }

    /// The node of an actor named by id, name or alias.
    pub(crate) fn actor_node(&self, actor: &str) -> Result<NodeIndex, GraphError> {
        let id = self.find_actor(actor)?;
        self.node(id.as_str())
            .ok_or_else(|| GraphError::UnknownRecord {
                query: actor.to_owned(),
            })
    }

    /// The node of a proposal named by id, title or label.
    pub(crate) fn proposal_node(&self, proposal: &str) -> Result<NodeIndex, GraphError> {
        let id = self.find_proposal(proposal)?;
        self.node(id.as_str())
            .ok_or_else(|| GraphError::UnknownRecord {
                query: proposal.to_owned(),
            })
    }

    /// The node of any target named by id or name.
    pub(crate) fn target_node(&self, target: &str) -> Result<NodeIndex, GraphError> {
        let id = self.find_target(target)?;
        self.node(id.as_str())
            .ok_or_else(|| GraphError::UnknownRecord {
                query: target.to_owned(),
            })
    }

    /// Every target a position can be held on under the query: the targets
    /// of stances and proposals with proposers, with the proposals they are
    /// points of (roll-up through points) and their points (inheritance from
    /// the parent), by node. O(n log n + e) for the n nodes and e edges
    /// reached: a walk stops where another has been.
    pub(crate) fn stance_targets(&self, q: &Query) -> Vec<NodeIndex> {
        let direct: BTreeSet<NodeIndex> = self
            .graph
            .raw_edges()
            .iter()
            .filter(|e| e.weight.stance.is_some() || e.weight.kind == EdgeKind::Proposes)
            .map(|e| e.target())
            .collect();
        let mut all = direct.clone();
        if q.roll_up_points {
            for &t in &direct {
                let mut at = t;
                while let Some(p) = self.parent(at) {
                    if !all.insert(p) {
                        // Another walk went on from here (or it is a
                        // target whose own walk does): a cycle ends too.
                        break;
                    }
                    at = p;
                }
            }
        }
        if q.inherit_from_parent {
            let mut seen: BTreeSet<NodeIndex> = direct.clone();
            let mut stack: Vec<NodeIndex> = direct.iter().copied().collect();
            while let Some(n) = stack.pop() {
                for c in self.children(n) {
                    if seen.insert(c) {
                        all.insert(c);
                        stack.push(c);
                    }
                }
            }
        }
        all.into_iter().collect()
    }
}

/// The actors that speak for themselves, given what each holds of its own:
/// a position of its own that is not mere silence (a stance, or support of
/// a proposal it put forward). Its own silence does not block what another
/// organ said.
pub(crate) fn speaks_for_itself<'a>(own: &BTreeMap<&'a str, Parts<'_>>) -> BTreeSet<&'a str> {
    own.iter()
        .filter(|(_, parts)| {
            combine(parts.iter().map(|(p, _)| *p)).is_some_and(|p| !p.is_silence())
        })
        .map(|(h, _)| *h)
        .collect()
}

/// Whether a date falls on or before a limit (no date or no limit: yes).
pub(crate) fn within(date: Option<When>, limit: Option<NaiveDate>) -> bool {
    match (date, limit) {
        (Some(d), Some(limit)) => d.date() <= limit,
        _ => true,
    }
}

/// One holder's position from what counts for it: the parts combined, and
/// what they rest on, each once, stances by id and inferences after them.
/// O(k log k) for k stances.
pub(crate) fn combine_parts<'a>(parts: &[Part<'a>]) -> Option<(Position, Vec<Src<'a>>)> {
    let position = combine(parts.iter().map(|(p, _)| *p))?;
    let mut srcs: Vec<Src<'a>> = parts.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
    srcs.sort_by(|a, b| a.key().cmp(&b.key()));
    srcs.dedup_by(|a, b| a.key() == b.key());
    Some((position, srcs))
}

pub(crate) fn make_holding(actor: &str, parts: &[Part<'_>]) -> Option<Holding> {
    let (position, srcs) = combine_parts(parts)?;
    Some(Holding {
        actor: ActorId::new(actor).ok()?,
        position,
        basis: srcs.iter().filter_map(Src::basis).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_is_order_free_and_marks_disagreement() {
        use Position::*;
        assert_eq!(combine([Supports, Supports]), Some(Supports));
        assert_eq!(combine([Supports, Opposes]), Some(Mixed));
        assert_eq!(combine([Opposes, Supports]), Some(Mixed));
        assert_eq!(combine([NoComment, Opposes]), Some(Opposes));
        assert_eq!(combine([NoComment]), Some(NoComment));
        assert_eq!(combine([Neutral, Supports]), Some(Mixed));
        assert_eq!(combine([]), None);
        assert_eq!(combine([NoResponse, Supports]), Some(Supports));
        assert_eq!(combine([NoResponse, NoComment]), Some(NoComment));
        assert_eq!(combine([NoResponse]), Some(NoResponse));
    }
}
