//! Who holds which position on a target: the core of every query.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use claimgraph_core::{ActorId, Dataset, Position, RecordId, RecordType, Stance, StanceId, When};

use crate::error::GraphError;
use crate::graph::{ClaimGraph, effective_position};

/// How a query reads the stances: as of which day, and what it rolls up.
///
/// ```
/// use claimgraph_graph::Query;
/// let q = Query::new().as_of("2025-11-20")?.roll_up_members(true).roll_up_points(true);
/// # Ok::<(), claimgraph_core::WhenError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Only stances dated on or before this day count (undated ones always count).
    pub as_of: Option<NaiveDate>,
    /// An actor also holds the positions of those tied to it (members,
    /// office holders, spokespeople, parts), directly or through others,
    /// where it has none of its own. A stance rolls up through ties that held
    /// on its date and on the `as_of` day; an actor with a position of its
    /// own keeps it, and speaks for those tied to it: their positions do not
    /// pass it on to the actors it is tied to.
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

    /// Limits the query to stances dated on or before `day` (`YYYY-MM-DD` or a date-time).
    pub fn as_of(mut self, day: &str) -> Result<Query, claimgraph_core::WhenError> {
        self.as_of = Some(When::parse(day)?.date());
        Ok(self)
    }

    /// Limits the query to stances dated on or before `day`.
    pub fn as_of_date(mut self, day: NaiveDate) -> Query {
        self.as_of = Some(day);
        self
    }

    /// Sets roll-up through membership.
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

/// One stance behind a holding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Basis {
    /// The stance.
    pub stance: StanceId,
    /// Whose stance it is: the holding's actor, or one tied to it (roll-up).
    pub holder: ActorId,
    /// What the stance is on: the queried target, one of its points, or a
    /// proposal it is a point of.
    pub target: RecordId,
    /// The position the stance counts for.
    pub position: Position,
    /// The day the stance is dated (its `as_of`, else its latest evidence).
    pub date: Option<When>,
}

/// An actor's position on a target, with the stances it rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Holding {
    /// The actor.
    pub actor: ActorId,
    /// The position: `mixed` where the stances that count disagree.
    pub position: Position,
    /// The stances behind it.
    pub basis: Vec<Basis>,
}

impl Holding {
    /// Whether the position comes from others tied to the actor, not its own stances.
    pub fn is_rolled_up(&self) -> bool {
        self.basis.iter().all(|b| b.holder != self.actor)
    }
}

/// The day a stance is dated: its `as_of`, else the latest date of its
/// evidence (a quote's date, else the date its source was published).
/// O(e) for its e pieces of evidence.
pub fn stance_date(ds: &Dataset, s: &Stance) -> Option<NaiveDate> {
    if let Some(d) = &s.as_of {
        return Some(d.date());
    }
    s.evidence
        .iter()
        .filter_map(|e| {
            let quote = e.quote.as_ref().and_then(|q| ds.quote(q));
            let from_quote = quote.and_then(|q| {
                q.date.map(|d| d.date()).or_else(|| {
                    ds.source(&q.source)
                        .and_then(|src| src.published.map(|d| d.date()))
                })
            });
            let from_source = e
                .source
                .as_ref()
                .and_then(|id| ds.source(id))
                .and_then(|src| src.published.map(|d| d.date()));
            from_quote.max(from_source)
        })
        .max()
}

/// Combines positions: no-comment gives way to any real position; positions
/// that disagree give `mixed`. Order does not matter. O(k log k) for k
/// positions.
pub fn combine(positions: impl IntoIterator<Item = Position>) -> Option<Position> {
    let mut seen: BTreeSet<Position> = BTreeSet::new();
    for p in positions {
        seen.insert(p);
    }
    if seen.len() > 1 {
        seen.remove(&Position::NoComment);
    }
    match seen.len() {
        0 => None,
        1 => seen.into_iter().next(),
        _ => Some(Position::Mixed),
    }
}

pub(crate) struct Resolved<'a> {
    pub(crate) position: Position,
    pub(crate) stances: Vec<(&'a Stance, Option<NaiveDate>)>,
}

impl<'a> ClaimGraph<'a> {
    /// The stances of one holder on one node that count as of a day: those
    /// dated on or before it; of those, `no_comment` ones only when no other
    /// is left; of those, the ones at the latest date, with the undated ones.
    pub(crate) fn resolve_one(
        &self,
        stances: &[&'a Stance],
        as_of: Option<NaiveDate>,
    ) -> Option<Resolved<'a>> {
        let mut dated: Vec<(&'a Stance, Option<NaiveDate>)> = stances
            .iter()
            .map(|s| (*s, stance_date(self.ds, s)))
            .filter(|(_, d)| match (d, as_of) {
                (Some(d), Some(limit)) => *d <= limit,
                _ => true,
            })
            .collect();
        // Declining to comment is not a change of position.
        if dated
            .iter()
            .any(|(s, _)| effective_position(s) != Position::NoComment)
        {
            dated.retain(|(s, _)| effective_position(s) != Position::NoComment);
        }
        let latest = dated.iter().filter_map(|(_, d)| *d).max();
        let mut kept: Vec<(&'a Stance, Option<NaiveDate>)> = dated
            .into_iter()
            .filter(|(_, d)| d.is_none() || *d == latest)
            .collect();
        kept.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let position = combine(kept.iter().map(|(s, _)| effective_position(s)))?;
        Some(Resolved {
            position,
            stances: kept,
        })
    }

    /// Every actor's position on a target under a query, sorted by actor id.
    /// The target is a record id; `target` names no record is an error.
    ///
    /// O(s log s) for the s stances on the target (and on its points or the
    /// proposals it is a point of, with roll-up and inheritance), plus, with
    /// roll-up through membership, O(s · r) for the r ties reachable from a
    /// holder.
    pub fn positions(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        let t = self.node(target).ok_or_else(|| GraphError::UnknownRecord {
            query: target.to_owned(),
        })?;
        Ok(self.positions_at(t, q))
    }

    pub(crate) fn positions_at(&self, t: NodeIndex, q: &Query) -> Vec<Holding> {
        let mut targets = vec![t];
        if q.roll_up_points {
            targets.extend(self.descendants(t));
        }
        // holder id -> (position, basis) per target node
        let mut own: BTreeMap<&'a str, Vec<(Position, Vec<Basis>)>> = BTreeMap::new();
        for &node in &targets {
            let mut by_holder: BTreeMap<&'a str, Vec<&'a Stance>> = BTreeMap::new();
            for s in self.stances_on(node) {
                by_holder.entry(s.holder.as_str()).or_default().push(s);
            }
            for (holder, stances) in by_holder {
                if let Some(r) = self.resolve_one(&stances, q.as_of) {
                    own.entry(holder)
                        .or_default()
                        .push((r.position, self.basis(&r)));
                }
            }
        }
        if q.inherit_from_parent {
            for anc in self.ancestors(t) {
                let mut by_holder: BTreeMap<&'a str, Vec<&'a Stance>> = BTreeMap::new();
                for s in self.stances_on(anc) {
                    if !own.contains_key(s.holder.as_str()) {
                        by_holder.entry(s.holder.as_str()).or_default().push(s);
                    }
                }
                for (holder, stances) in by_holder {
                    if let Some(r) = self.resolve_one(&stances, q.as_of) {
                        own.insert(holder, vec![(r.position, self.basis(&r))]);
                    }
                }
            }
        }
        let mut holdings: BTreeMap<&'a str, Holding> = BTreeMap::new();
        for (holder, parts) in &own {
            if let Some(h) = make_holding(holder, parts) {
                holdings.insert(holder, h);
            }
        }
        if q.roll_up_members {
            // Each stance rolls up on its own, through the ties that held on
            // its day (and on the query's), so a statement made before an
            // actor took office is not counted for the office.
            let mut derived: BTreeMap<&'a str, Vec<(Position, Vec<Basis>)>> = BTreeMap::new();
            let mut reach: BTreeMap<(&'a str, Option<NaiveDate>), Vec<NodeIndex>> = BTreeMap::new();
            for (holder, h) in &holdings {
                let Some(ix) = self.node(holder) else {
                    continue;
                };
                for b in &h.basis {
                    let day = b.date.map(|d| d.date());
                    let orgs = reach.entry((holder, day)).or_insert_with(|| {
                        let days: Vec<NaiveDate> = day.into_iter().chain(q.as_of).collect();
                        self.roll_up_reach(ix, &days, |id| own.contains_key(id))
                    });
                    for &org in orgs.iter() {
                        derived
                            .entry(self.graph[org].id)
                            .or_default()
                            .push((b.position, vec![b.clone()]));
                    }
                }
            }
            for (org, parts) in &derived {
                if let Some(h) = make_holding(org, parts) {
                    holdings.insert(org, h);
                }
            }
        }
        holdings.into_values().collect()
    }

    fn basis(&self, r: &Resolved<'a>) -> Vec<Basis> {
        r.stances
            .iter()
            .map(|(s, d)| Basis {
                stance: s.id.clone(),
                holder: s.holder.clone(),
                target: s.target.clone(),
                position: effective_position(s),
                date: d.map(When::Date),
            })
            .collect()
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

    /// Actors who support the target, by id. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn supporters(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target, q, Position::Supports)
    }

    /// Actors who oppose the target, by id. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn opponents(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target, q, Position::Opposes)
    }

    /// Actors neutral on the target, by id. Same rules and cost as
    /// [`ClaimGraph::positions`].
    pub fn neutral(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target, q, Position::Neutral)
    }

    /// Actors with mixed positions on the target, by id. Same rules and cost
    /// as [`ClaimGraph::positions`].
    pub fn mixed(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target, q, Position::Mixed)
    }

    /// Actors who declined to comment on the target and took no other
    /// position, by id. Same rules and cost as [`ClaimGraph::positions`].
    pub fn no_comment(&self, target: &str, q: &Query) -> Result<Vec<Holding>, GraphError> {
        self.with_position(target, q, Position::NoComment)
    }

    /// Every stance an actor holds, sorted by date (undated first), then target,
    /// then id. Stances dated after `q.as_of` are left out; roll-up does not
    /// apply. O(d log d) for the actor's d stances.
    pub fn stances_of(&self, actor: &str, q: &Query) -> Result<Vec<&'a Stance>, GraphError> {
        let ix = self.actor_node(actor)?;
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

    pub(crate) fn actor_node(&self, actor: &str) -> Result<NodeIndex, GraphError> {
        let ix = self.node(actor).ok_or_else(|| GraphError::UnknownRecord {
            query: actor.to_owned(),
        })?;
        let kind = self.graph[ix].kind;
        if kind != RecordType::Actor {
            return Err(GraphError::WrongKind {
                id: actor.to_owned(),
                found: kind,
                expected: RecordType::Actor,
            });
        }
        Ok(ix)
    }

    pub(crate) fn proposal_node(&self, id: &str) -> Result<NodeIndex, GraphError> {
        let ix = self.node(id).ok_or_else(|| GraphError::UnknownRecord {
            query: id.to_owned(),
        })?;
        let kind = self.graph[ix].kind;
        if kind != RecordType::Proposal {
            return Err(GraphError::WrongKind {
                id: id.to_owned(),
                found: kind,
                expected: RecordType::Proposal,
            });
        }
        Ok(ix)
    }

    /// Every target a position can be held on under the query: the targets
    /// of stances, with the proposals they are points of (roll-up through
    /// points) and their points (inheritance from the parent).
    pub(crate) fn stance_targets(&self, q: &Query) -> Vec<NodeIndex> {
        let direct: BTreeSet<NodeIndex> = self
            .graph
            .raw_edges()
            .iter()
            .filter(|e| e.weight.stance.is_some())
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

fn make_holding(actor: &str, parts: &[(Position, Vec<Basis>)]) -> Option<Holding> {
    let position = combine(parts.iter().map(|(p, _)| *p))?;
    let mut basis: Vec<Basis> = parts.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
    basis.sort_by(|a, b| a.stance.cmp(&b.stance));
    basis.dedup_by(|a, b| a.stance == b.stance);
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
    }
}
