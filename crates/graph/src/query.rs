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
use crate::graph::{ClaimGraph, EdgeKind, Tie};

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
    /// first to last; empty for its own stances.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Tie>,
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
            via: Vec::new(),
            modality: s.modality,
            conditions: s.conditions.clone(),
            intensity: s.intensity,
            confidence: s.confidence,
        }
    }

    /// A sort key: stances by id, inferences after them.
    fn key(&self) -> (Option<&str>, &str, &str) {
        (
            self.stance
                .as_ref()
                .map(StanceId::as_str)
                .or(Some("\u{10ffff}")),
            self.holder.as_str(),
            self.target.as_str(),
        )
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

pub(crate) struct Resolved<'a> {
    pub(crate) position: Position,
    pub(crate) stances: Vec<(&'a Stance, Option<When>)>,
}

pub(crate) type Parts = Vec<(Position, Vec<Basis>)>;

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

impl<'a> ClaimGraph<'a> {
    /// The stances of one holder on one node that count up to a limit: those
    /// it admits; of those, silent ones only when no other is left; of
    /// those, the ones at the latest date, with the undated ones.
    pub(crate) fn resolve_one(&self, stances: &[&'a Stance], until: Until) -> Option<Resolved<'a>> {
        let mut dated: Vec<(&'a Stance, Option<When>)> = stances
            .iter()
            .map(|s| (*s, self.ds.stance_date(s)))
            .filter(|(_, d)| until.admits(*d))
            .collect();
        // Declining to comment is not a change of position.
        if dated
            .iter()
            .any(|(s, _)| !s.effective_position().is_silence())
        {
            dated.retain(|(s, _)| !s.effective_position().is_silence());
        }
        let latest = dated.iter().filter_map(|(_, d)| d.map(|d| d.date())).max();
        let mut kept: Vec<(&'a Stance, Option<When>)> = dated
            .into_iter()
            .filter(|(_, d)| d.is_none() || d.map(|d| d.date()) == latest)
            .collect();
        kept.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let position = combine(kept.iter().map(|(s, _)| s.effective_position()))?;
        Some(Resolved {
            position,
            stances: kept,
        })
    }

    /// Every actor's position on a target under a query, sorted by actor id.
    /// The target is an id, or a name, alias, title or label
    /// ([`ClaimGraph::find_target`]); answers name actors by canonical id.
    ///
    /// A proposer supports its own proposal where it has no stance of its
    /// own on it (as of the query's day): the basis says
    /// [`Inferred::ProposedIt`].
    ///
    /// O(s log s) for the s stances on the target (and on its points or the
    /// proposals it is a point of, with roll-up and inheritance), plus, with
    /// roll-up through ties, O(s · r) for the r ties reachable from a
    /// holder.
    pub fn positions(
        &self,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<Holding>, GraphError> {
        let t = self.target_node(target.as_ref())?;
        Ok(self.positions_at(t, q))
    }

    /// The canonical node of a stance's holder.
    pub(crate) fn holder_id(&self, s: &Stance) -> Option<&'a str> {
        self.node(s.holder.as_str()).map(|ix| self.graph[ix].id)
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

    /// The own positions of every holder on one node (of the holders in
    /// `only`, when given): its stances that count up to `until`, or, for its
    /// proposers without such a stance, the inferred support.
    fn own_on(
        &self,
        node: NodeIndex,
        until: Until,
        only: Option<&BTreeSet<&'a str>>,
    ) -> BTreeMap<&'a str, (Position, Vec<Basis>)> {
        let wanted = |h: &str| only.is_none_or(|set| set.contains(h));
        let mut by_holder: BTreeMap<&'a str, Vec<&'a Stance>> = BTreeMap::new();
        for s in self.stances_on(node) {
            if let Some(h) = self.holder_id(s).filter(|h| wanted(h)) {
                by_holder.entry(h).or_default().push(s);
            }
        }
        let mut out = BTreeMap::new();
        for (holder, stances) in by_holder {
            if let Some(r) = self.resolve_one(&stances, until) {
                let basis = r.stances.iter().map(|(s, d)| Basis::of(s, *d)).collect();
                out.insert(holder, (r.position, basis));
            }
        }
        if self.graph[node].kind == RecordType::Proposal {
            let id = self.graph[node].id;
            let proposal = ProposalId::new(id).ok();
            let p = proposal.as_ref().and_then(|p| self.ds.proposal(p));
            let date = p.and_then(|p| p.date);
            if until.admits(date) {
                for by in self.proposers(node) {
                    if out.contains_key(by) || !wanted(by) {
                        continue;
                    }
                    let (Ok(holder), Ok(target)) = (ActorId::new(by), RecordId::new(id)) else {
                        continue;
                    };
                    let basis = Basis {
                        stance: None,
                        inferred: Some(Inferred::ProposedIt),
                        holder,
                        target,
                        position: Position::Supports,
                        date,
                        via: Vec::new(),
                        modality: None,
                        conditions: Vec::new(),
                        intensity: None,
                        confidence: None,
                    };
                    out.insert(by, (Position::Supports, vec![basis]));
                }
            }
        }
        out
    }

    pub(crate) fn positions_at(&self, t: NodeIndex, q: &Query) -> Vec<Holding> {
        self.read(t, q, Until::of(q.as_of), None)
            .iter()
            .filter_map(|(holder, parts)| make_holding(holder, parts))
            .collect()
    }

    /// What counts for each holder (of those in `only`, when given) on a
    /// target under a query, before the parts are combined: its own
    /// positions on the target (and its points, and the proposals above it,
    /// as the query says), then, with roll-up through ties, the positions
    /// of those who speak for it ([`ClaimGraph::rolls_up_to`]). Stances count
    /// up to `until`; ties are checked on the query's `as_of`. Every reading
    /// of positions, timelines included, goes through here.
    pub(crate) fn read(
        &self,
        t: NodeIndex,
        q: &Query,
        until: Until,
        only: Option<&BTreeSet<&'a str>>,
    ) -> BTreeMap<&'a str, Parts> {
        let mut targets = vec![t];
        if q.roll_up_points {
            targets.extend(self.descendants(t));
        }
        // holder id -> (position, basis) per target node
        let mut own: BTreeMap<&'a str, Parts> = BTreeMap::new();
        for &node in &targets {
            for (holder, part) in self.own_on(node, until, only) {
                own.entry(holder).or_default().push(part);
            }
        }
        if q.inherit_from_parent {
            for anc in self.ancestors(t) {
                for (holder, part) in self.own_on(anc, until, only) {
                    own.entry(holder).or_insert_with(|| vec![part]);
                }
            }
        }
        if !q.roll_up_members {
            return own;
        }
        let speaks = speaks_for_itself(&own);
        let mut derived: BTreeMap<&'a str, Parts> = BTreeMap::new();
        for (holder, parts) in &own {
            for b in parts.iter().flat_map(|(_, b)| b) {
                for (org, path) in self.rolls_up_to(holder, b, q.as_of, &speaks) {
                    let mut b = b.clone();
                    b.via = path;
                    derived
                        .entry(self.graph[org].id)
                        .or_default()
                        .push((b.position, vec![b]));
                }
            }
        }
        for (org, parts) in derived {
            own.entry(org).or_default().extend(parts);
        }
        own
    }

    /// The one rule of roll-up through ties: the actors a position of
    /// `holder` (one basis of its own) counts for as of `as_of`, each with
    /// the ties it passes through. It passes ties that carry a position and
    /// held both on its own date and on `as_of`, so a statement made before
    /// an actor took office is not counted for the office; it does not pass
    /// an actor in `speaks` ([`speaks_for_itself`]), whose own position
    /// stands for it and for those tied to it. O(r·d) for the r ties
    /// reached and d the depth of the deepest.
    pub(crate) fn rolls_up_to(
        &self,
        holder: &str,
        b: &Basis,
        as_of: Option<NaiveDate>,
        speaks: &BTreeSet<&str>,
    ) -> Vec<(NodeIndex, Vec<Tie>)> {
        let Some(ix) = self.node(holder) else {
            return Vec::new();
        };
        let days: Vec<NaiveDate> = b.date.map(|d| d.date()).into_iter().chain(as_of).collect();
        self.roll_up_reach(ix, &days, |id| speaks.contains(id))
    }

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
    /// the parent).
    pub(crate) fn stance_targets(&self, q: &Query) -> Vec<NodeIndex> {
        let direct: BTreeSet<NodeIndex> = self
            .graph
            .raw_edges()
            .iter()
            .filter(|e| e.weight.stance.is_some() || e.weight.kind == EdgeKind::Proposes)
            .map(|e| e.target())
            .collect();
        let mut all = direct.clone();
        for &t in &direct {
            if q.roll_up_points {
                all.extend(self.ancestors(t));
            }
            if q.inherit_from_parent {
                all.extend(self.descendants(t));
            }
        }
        all.into_iter().collect()
    }
}

/// The actors that speak for themselves, given what each holds of its own:
/// a position of its own that is not mere silence (a stance, or support of
/// a proposal it put forward). Its own silence does not block what another
/// organ said.
pub(crate) fn speaks_for_itself<'a>(own: &BTreeMap<&'a str, Parts>) -> BTreeSet<&'a str> {
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

fn make_holding(actor: &str, parts: &[(Position, Vec<Basis>)]) -> Option<Holding> {
    let position = combine(parts.iter().map(|(p, _)| *p))?;
    let mut basis: Vec<Basis> = parts.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
    basis.sort_by(|a, b| a.key().cmp(&b.key()));
    basis.dedup_by(|a, b| a.key() == b.key());
    Some(Holding {
        actor: ActorId::new(actor).ok()?,
        position,
        basis,
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
