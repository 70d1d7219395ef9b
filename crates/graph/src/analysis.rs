//! Questions over many targets: timelines, contested points, conflicts,
//! coalitions and the concession balance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use claimgraph_core::{
    ActorId, ConcessionId, ConcessionStatus, ObligationId, ObligationKind, Position, ProposalId,
    Quantity, RecordId, Stance, When,
};

use crate::error::{GraphError, typed_id};
use crate::graph::{ClaimGraph, EdgeKind};
use crate::query::{Basis, Holding, Query, Until, combine, within};

/// One day in an actor's record on a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The day (`None` for undated stances, listed first).
    pub date: Option<When>,
    /// The position that day (`mixed` if that day's stances disagree;
    /// silence gives way to a position taken the same day).
    pub position: Position,
    /// The stances (and inferences) of that day that count for the actor
    /// as of that day, with the ties each passed through when rolled up.
    pub basis: Vec<Basis>,
}

/// A change of position between two dated entries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PositionChange {
    /// The day of the new position.
    pub date: When,
    /// The position before.
    pub from: Position,
    /// The position after.
    pub to: Position,
}

/// An actor's positions on a target over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    /// The actor.
    pub actor: ActorId,
    /// The target.
    pub target: RecordId,
    /// Whether the stances of those who speak for the actor are included
    /// ([`Query::roll_up_members`]).
    pub rolled_up_members: bool,
    /// Whether stances on the target's points are included
    /// ([`Query::roll_up_points`]).
    pub rolled_up_points: bool,
    /// One entry per day with stances, in date order.
    pub entries: Vec<TimelineEntry>,
    /// Each change of position between consecutive dated entries, silence
    /// included: a first position after "no comment" is a change, and so is
    /// the actor's own return to "no comment" (an organ's is left out once
    /// the actor has a position).
    pub changes: Vec<PositionChange>,
}

/// Where a point of a proposal stands.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointSummary {
    /// The point.
    pub point: ProposalId,
    /// Its label.
    pub label: Option<String>,
    /// Its title.
    pub title: String,
    /// Who supports it.
    pub supporters: Vec<ActorId>,
    /// Who opposes it.
    pub opponents: Vec<ActorId>,
    /// Everyone with a position, with the stances behind it.
    pub holdings: Vec<Holding>,
}

/// A target two actors split on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SplitTarget {
    /// The target.
    pub target: RecordId,
    /// The first actor's position.
    pub a: Position,
    /// The second actor's position.
    pub b: Position,
    /// The stances (with modality, conditions, intensity and confidence) or
    /// inferences behind the first actor's position.
    pub a_basis: Vec<Basis>,
    /// The same for the second actor.
    pub b_basis: Vec<Basis>,
}

/// Two actors on opposite sides of one or more targets; `a < b` by id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// The actor whose id sorts first.
    pub a: ActorId,
    /// The other actor.
    pub b: ActorId,
    /// The targets they split on, by target id.
    pub targets: Vec<SplitTarget>,
}

/// A target that binds members of a coalition: two or more hold the same position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    /// The target.
    pub target: RecordId,
    /// The shared position.
    pub position: Position,
    /// The members holding it.
    pub members: Vec<ActorId>,
    /// The stances (with modality, conditions, intensity and confidence) or
    /// inferences behind the members' positions, member by member.
    pub basis: Vec<Basis>,
}

/// A group of actors who agree more than they disagree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coalition {
    /// Its members, by id.
    pub members: Vec<ActorId>,
    /// The targets that bind it.
    pub binding: Vec<Binding>,
}

/// One concession in a balance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConcessionItem {
    /// The concession.
    pub concession: ConcessionId,
    /// What would be given up.
    pub what: String,
    /// Its topic (`unspecified` if none).
    pub topic: String,
    /// Who would give it up.
    pub by: ActorId,
    /// To whom.
    pub to: Option<ActorId>,
    /// The proposal or point that asks for it.
    pub required_by: ProposalId,
    /// Where it stands.
    pub status: Option<ConcessionStatus>,
    /// The numbers it sets.
    pub quantities: Vec<Quantity>,
}

/// One obligation in a balance: something a party takes on that is not
/// given up to the other side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObligationItem {
    /// The obligation.
    pub obligation: ObligationId,
    /// What is owed.
    pub what: String,
    /// What kind.
    pub kind: Option<ObligationKind>,
    /// Who owes it.
    pub by: ActorId,
    /// To whom.
    pub to: Option<ActorId>,
    /// The proposal or point that sets it.
    pub required_by: ProposalId,
    /// The numbers it sets.
    pub quantities: Vec<Quantity>,
}

/// What one party would give up and get under a proposal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyBalance {
    /// The party.
    pub actor: ActorId,
    /// What it would give up.
    pub gives: Vec<ConcessionItem>,
    /// What others would give up to it.
    pub receives: Vec<ConcessionItem>,
    /// How many concessions it would make, per topic.
    pub gives_by_topic: BTreeMap<String, usize>,
    /// What it would take on that is not a concession (a guarantee, a fund).
    pub owes: Vec<ObligationItem>,
    /// What others would take on for it.
    pub owed: Vec<ObligationItem>,
}

/// The concession balance of a proposal: each party's concessions, including
/// parties that give up nothing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// The proposal.
    pub proposal: ProposalId,
    /// Every party named by a concession or obligation the proposal or its
    /// points ask for, most concessions first, then by id.
    pub parties: Vec<PartyBalance>,
    /// What the proposal explicitly does not demand (concessions with status
    /// `excluded`), by id; not counted in any party's `gives`.
    pub not_demanded: Vec<ConcessionItem>,
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller root wins, so the result does not depend on the order of unions.
        match ra.cmp(&rb) {
            std::cmp::Ordering::Less => self.parent[rb] = ra,
            std::cmp::Ordering::Greater => self.parent[ra] = rb,
            std::cmp::Ordering::Equal => {}
        }
    }
}

impl<'a> ClaimGraph<'a> {
    /// An actor's positions on a target over time (with its points, when
    /// `q.roll_up_points`; with the stances of those who speak for it —
    /// office holders, spokespeople, parts — when `q.roll_up_members`, each
    /// naming the ties it passed through), stopping at `q.as_of`: one entry
    /// per day, the day's stances combined as in [`ClaimGraph::positions`].
    /// Undated stances make the first entry. Inheritance from the parent
    /// does not apply.
    ///
    /// Each day is read under the rules of [`ClaimGraph::positions`] as of
    /// that day, so the two cannot disagree on what counts. The entry of a
    /// day holds:
    /// - the actor's own stances of that day, silence included;
    /// - its support of a proposal it put forward, dated with the proposal,
    ///   where it had no stance of its own on it by then;
    /// - with roll-up, the stances of that day of those who speak for it,
    ///   through ties that held that day — except where the actor, or one
    ///   on the way, had a position of its own (not silence) by then: it
    ///   speaks for itself and for those tied to it. A silence rolled up
    ///   from an organ is left out when the actor had a position by then (a
    ///   no-comment from one organ is not its principal's no-comment when
    ///   another has spoken).
    ///
    /// Every change between consecutive dated entries is listed, to and from
    /// silence included: a return to "no comment" by the actor itself is a
    /// change.
    ///
    /// O(k·c) for the k days with stances of the actor (and of those tied to
    /// it), and c the cost of [`ClaimGraph::positions`] on the target,
    /// counting only their stances.
    pub fn timeline(
        &self,
        actor: impl AsRef<str>,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Timeline, GraphError> {
        let a = self.actor_node(actor.as_ref())?;
        let t = self.target_node(target.as_ref())?;
        let me = self.graph[a].id;
        let mut targets = BTreeSet::from([t]);
        if q.roll_up_points {
            targets.extend(self.descendants(t));
        }
        let q = Query {
            inherit_from_parent: false,
            ..q.clone()
        };
        // Only the actor and those who may speak for it can change what
        // counts for it.
        let mut only: BTreeSet<&'a str> = BTreeSet::from([me]);
        if q.roll_up_members {
            only.extend(self.speakers_for(a).into_iter().map(|n| self.graph[n].id));
        }
        let on_target = |s: &Stance| {
            self.node(s.target.as_str())
                .is_some_and(|tix| targets.contains(&tix))
        };
        let day_of = |d: Option<When>| d.map(|d| d.date());
        let mut days: BTreeSet<Option<NaiveDate>> = BTreeSet::new();
        for &h in &only {
            let Some(hix) = self.node(h) else { continue };
            for s in self.stances_from(hix) {
                let d = self.ds.stance_date(s);
                if on_target(s) && within(d, q.as_of) {
                    days.insert(day_of(d));
                }
            }
        }
        for &node in &targets {
            let Some(p) = ProposalId::new(self.graph[node].id)
                .ok()
                .and_then(|id| self.ds.proposal(&id))
            else {
                continue;
            };
            let proposed = self.proposers(node).iter().any(|by| only.contains(by));
            if proposed && within(p.date, q.as_of) {
                days.insert(day_of(p.date));
            }
        }
        let own_stances: Vec<(&'a Stance, Option<When>)> = self
            .stances_from(a)
            .into_iter()
            .filter(|s| on_target(s))
            .map(|s| (s, self.ds.stance_date(s)))
            .collect();
        let mut entries = Vec::new();
        for day in days {
            // Undated stances: how things stood before any dated day.
            let (until, as_of) = match day {
                Some(d) => (Until::Day(d), Some(d)),
                None => (Until::Undated, q.as_of),
            };
            let qd = Query { as_of, ..q.clone() };
            let read = self.read(t, &qd, until, Some(&only));
            let parts = read.get(me).map(Vec::as_slice).unwrap_or_default();
            let holds_position =
                combine(parts.iter().map(|(p, _)| *p)).is_some_and(|p| !p.is_silence());
            let mut basis: Vec<Basis> = own_stances
                .iter()
                .filter(|(_, d)| day_of(*d) == day)
                .map(|(s, d)| Basis::of(s, *d))
                .collect();
            basis.extend(
                parts
                    .iter()
                    .flat_map(|(_, b)| b)
                    .filter(|b| day_of(b.date) == day)
                    // Own stances are listed above, silence included.
                    .filter(|b| b.inferred.is_some() || !b.via.is_empty())
                    .filter(|b| b.via.is_empty() || !(holds_position && b.position.is_silence()))
                    .cloned(),
            );
            basis.sort_by(|x, y| (&x.stance, &x.holder).cmp(&(&y.stance, &y.holder)));
            // The day's value as written: the first dated basis gives it.
            let date = basis.iter().find_map(|b| b.date);
            if let Some(position) = combine(basis.iter().map(|b| b.position)) {
                entries.push(TimelineEntry {
                    date,
                    position,
                    basis,
                });
            }
        }
        let dated: Vec<&TimelineEntry> = entries.iter().filter(|e| e.date.is_some()).collect();
        let changes = dated
            .windows(2)
            .filter(|w| w[0].position != w[1].position)
            .filter_map(|w| {
                Some(PositionChange {
                    date: w[1].date?,
                    from: w[0].position,
                    to: w[1].position,
                })
            })
            .collect();
        Ok(Timeline {
            actor: typed_id(me)?,
            target: typed_id(self.graph[t].id)?,
            rolled_up_members: q.roll_up_members,
            rolled_up_points: q.roll_up_points,
            entries,
            changes,
        })
    }

    /// Whether a proposal is dated on or before the query's day (undated: yes).
    pub(crate) fn dated_within(&self, ix: petgraph::graph::NodeIndex, q: &Query) -> bool {
        let date = ProposalId::new(self.graph[ix].id)
            .ok()
            .and_then(|id| self.ds.proposal(&id))
            .and_then(|p| p.date);
        within(date, q.as_of)
    }

    /// An error when a proposal is dated after the query's day.
    pub(crate) fn exists_as_of(
        &self,
        ix: petgraph::graph::NodeIndex,
        q: &Query,
    ) -> Result<(), GraphError> {
        if self.dated_within(ix, q) {
            return Ok(());
        }
        let id = self.graph[ix].id;
        let date = ProposalId::new(id)
            .ok()
            .and_then(|p| self.ds.proposal(&p))
            .and_then(|p| p.date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        Err(GraphError::NotYet {
            id: id.to_owned(),
            date,
            as_of: q.as_of.map(|d| d.to_string()).unwrap_or_default(),
        })
    }

    /// The actors whose positions may roll up to `a`: tied to it, directly
    /// or through others, by ties that carry a position (any dates).
    /// Cycle-safe; O(r) for the r ties reached.
    fn speakers_for(&self, a: petgraph::graph::NodeIndex) -> Vec<petgraph::graph::NodeIndex> {
        let mut seen = BTreeSet::from([a]);
        let mut stack = vec![a];
        let mut out = Vec::new();
        while let Some(n) = stack.pop() {
            for e in self.graph.edges_directed(n, Direction::Incoming) {
                if e.weight()
                    .affiliation
                    .is_some_and(|af| af.kind.carries_position())
                    && seen.insert(e.source())
                {
                    out.push(e.source());
                    stack.push(e.source());
                }
            }
        }
        out.sort();
        out
    }

    /// Each point of a proposal (all levels) with who supports and opposes it,
    /// in id order. O(p · c) for p points and c the cost of
    /// [`ClaimGraph::positions`] on one point.
    pub fn points(
        &self,
        proposal: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<PointSummary>, GraphError> {
        let p = self.proposal_node(proposal.as_ref())?;
        let mut out = Vec::new();
        for ix in self.descendants(p) {
            let id = self.graph[ix].id;
            let Some(point) = self.ds.proposal(&typed_id(id)?) else {
                continue;
            };
            let holdings = self.positions_at(ix, q);
            let pick = |pos: Position| {
                holdings
                    .iter()
                    .filter(|h| h.position == pos)
                    .map(|h| h.actor.clone())
                    .collect::<Vec<_>>()
            };
            out.push(PointSummary {
                point: point.id.clone(),
                label: point.label.clone(),
                title: point.title.clone(),
                supporters: pick(Position::Supports),
                opponents: pick(Position::Opposes),
                holdings,
            });
        }
        out.sort_by(|a, b| a.point.cmp(&b.point));
        Ok(out)
    }

    /// Points of a proposal that some support and some oppose, in id order.
    /// Same cost as [`ClaimGraph::points`].
    pub fn contested(
        &self,
        proposal: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<PointSummary>, GraphError> {
        Ok(self
            .points(proposal, q)?
            .into_iter()
            .filter(|p| !p.supporters.is_empty() && !p.opponents.is_empty())
            .collect())
    }

    /// Points of a proposal that no one opposes (supported or not), in id
    /// order. Same cost as [`ClaimGraph::points`].
    pub fn unopposed(
        &self,
        proposal: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<PointSummary>, GraphError> {
        Ok(self
            .points(proposal, q)?
            .into_iter()
            .filter(|p| p.opponents.is_empty())
            .collect())
    }

    /// Every pair of actors on opposite sides (one supports, one opposes) of
    /// some target, with the targets. Symmetric by construction: each pair
    /// once, `a < b`, with the targets in id order. The targets are every
    /// record a position can be held on under the query (with roll-up through
    /// points, the proposals of points with stances; with inheritance, the
    /// points of proposals with stances). O(Σ_t |S_t|·|O_t|) over targets t
    /// with supporters S_t and opponents O_t, plus the cost of
    /// [`ClaimGraph::positions`] per target.
    pub fn conflicts(&self, q: &Query) -> Vec<Conflict> {
        let mut pairs: BTreeMap<(ActorId, ActorId), Vec<SplitTarget>> = BTreeMap::new();
        for (target, holdings) in self.all_positions(q) {
            let sup: Vec<&Holding> = holdings
                .iter()
                .filter(|h| h.position == Position::Supports)
                .collect();
            let opp: Vec<&Holding> = holdings
                .iter()
                .filter(|h| h.position == Position::Opposes)
                .collect();
            for s in &sup {
                for o in &opp {
                    let (a, b) = if s.actor < o.actor { (s, o) } else { (o, s) };
                    pairs
                        .entry((a.actor.clone(), b.actor.clone()))
                        .or_default()
                        .push(SplitTarget {
                            target: target.clone(),
                            a: a.position,
                            b: b.position,
                            a_basis: a.basis.clone(),
                            b_basis: b.basis.clone(),
                        });
                }
            }
        }
        pairs
            .into_iter()
            .map(|((a, b), mut targets)| {
                targets.sort_by(|x, y| x.target.cmp(&y.target));
                Conflict { a, b, targets }
            })
            .collect()
    }

    /// Positions on every target that has stances, by target id.
    pub(crate) fn all_positions(&self, q: &Query) -> Vec<(RecordId, Vec<Holding>)> {
        let mut out: Vec<(RecordId, Vec<Holding>)> = self
            .stance_targets(q)
            .into_iter()
            .filter_map(|t| {
                let id = RecordId::new(self.graph[t].id).ok()?;
                Some((id, self.positions_at(t, q)))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Groups of actors who agree: two actors are linked when they share a
    /// position (both support or both oppose) on more targets than they split
    /// on; coalitions are the connected groups. Every actor with a position
    /// is in exactly one coalition (possibly alone). Largest first, then by
    /// members. The targets are those of [`ClaimGraph::conflicts`].
    /// O(Σ_t |P_t|²) for P_t the actors with a position on t, plus the cost
    /// of [`ClaimGraph::positions`] per target.
    pub fn coalitions(&self, q: &Query) -> Vec<Coalition> {
        let all = self.all_positions(q);
        let mut actors: BTreeSet<ActorId> = BTreeSet::new();
        for (_, hs) in &all {
            actors.extend(hs.iter().map(|h| h.actor.clone()));
        }
        let actors: Vec<ActorId> = actors.into_iter().collect();
        let index: BTreeMap<&ActorId, usize> =
            actors.iter().enumerate().map(|(i, a)| (a, i)).collect();
        let mut score: BTreeMap<(usize, usize), i64> = BTreeMap::new();
        for (_, hs) in &all {
            let sided: Vec<(usize, Position)> = hs
                .iter()
                .filter(|h| matches!(h.position, Position::Supports | Position::Opposes))
                .filter_map(|h| index.get(&h.actor).map(|&i| (i, h.position)))
                .collect();
            for (x, &(i, pi)) in sided.iter().enumerate() {
                for &(j, pj) in &sided[x + 1..] {
                    let key = (i.min(j), i.max(j));
                    *score.entry(key).or_insert(0) += if pi == pj { 1 } else { -1 };
                }
            }
        }
        let mut uf = UnionFind::new(actors.len());
        for (&(i, j), &s) in &score {
            if s > 0 {
                uf.union(i, j);
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..actors.len() {
            let root = uf.find(i);
            groups.entry(root).or_default().push(i);
        }
        let mut out: Vec<Coalition> = groups
            .into_values()
            .map(|members| {
                let member_set: BTreeSet<usize> = members.iter().copied().collect();
                let mut binding = Vec::new();
                for (target, hs) in &all {
                    for pos in [Position::Supports, Position::Opposes] {
                        let held: Vec<&Holding> = hs
                            .iter()
                            .filter(|h| h.position == pos)
                            .filter(|h| index.get(&h.actor).is_some_and(|i| member_set.contains(i)))
                            .collect();
                        if held.len() >= 2 {
                            binding.push(Binding {
                                target: target.clone(),
                                position: pos,
                                members: held.iter().map(|h| h.actor.clone()).collect(),
                                basis: held.iter().flat_map(|h| h.basis.iter().cloned()).collect(),
                            });
                        }
                    }
                }
                Coalition {
                    members: members.iter().map(|&i| actors[i].clone()).collect(),
                    binding,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then_with(|| a.members.cmp(&b.members))
        });
        out
    }

    /// What each party would give up, and to whom, under a proposal and its
    /// points. Parties that give up nothing are listed with nothing. O(p + c
    /// log c) for p points and the c concessions they require.
    pub fn balance(&self, proposal: impl AsRef<str>) -> Result<Balance, GraphError> {
        self.balance_as_of(proposal, &Query::new())
    }

    /// [`ClaimGraph::balance`] as of the query's day: points dated after it
    /// are left out (undated ones count), and a proposal dated after it is an
    /// error ([`GraphError::NotYet`]). Roll-up settings do not apply.
    pub fn balance_as_of(
        &self,
        proposal: impl AsRef<str>,
        q: &Query,
    ) -> Result<Balance, GraphError> {
        let p = self.proposal_node(proposal.as_ref())?;
        self.exists_as_of(p, q)?;
        let mut scope = vec![p];
        scope.extend(
            self.descendants(p)
                .into_iter()
                .filter(|&ix| self.dated_within(ix, q)),
        );
        // The concessions and obligations the proposal and its points set, each once.
        let reached = |kind: EdgeKind| -> BTreeSet<&'a str> {
            scope
                .iter()
                .flat_map(|&ix| self.graph.edges_directed(ix, Direction::Outgoing))
                .filter(|e| e.weight().kind == kind)
                .map(|e| self.graph[e.target()].id)
                .collect()
        };
        let mut parties: BTreeMap<ActorId, PartyBalance> = BTreeMap::new();
        let canon = |a: &ActorId| -> ActorId {
            typed_id(self.canonical(a.as_str())).unwrap_or_else(|_| a.clone())
        };
        let canon_proposal = |p: &ProposalId| -> ProposalId {
            typed_id(self.canonical(p.as_str())).unwrap_or_else(|_| p.clone())
        };
        fn party<'p>(
            parties: &'p mut BTreeMap<ActorId, PartyBalance>,
            a: &ActorId,
        ) -> &'p mut PartyBalance {
            parties.entry(a.clone()).or_insert_with(|| PartyBalance {
                actor: a.clone(),
                gives: Vec::new(),
                receives: Vec::new(),
                gives_by_topic: BTreeMap::new(),
                owes: Vec::new(),
                owed: Vec::new(),
            })
        }
        let mut not_demanded = Vec::new();
        for id in reached(EdgeKind::Requires) {
            let Some(c) = self.ds.concession(&typed_id(id)?) else {
                continue;
            };
            let Some(req) = &c.required_by else { continue };
            let topic = c
                .topic
                .map(|t| t.as_str().to_owned())
                .unwrap_or_else(|| "unspecified".to_owned());
            let item = ConcessionItem {
                concession: c.id.clone(),
                what: c.what.clone(),
                topic: topic.clone(),
                by: canon(&c.by),
                to: c.to.as_ref().map(canon),
                required_by: canon_proposal(req),
                status: c.status,
                quantities: c.quantities.clone(),
            };
            if c.status == Some(ConcessionStatus::Excluded) {
                not_demanded.push(item);
                continue;
            }
            let pb = party(&mut parties, &item.by);
            pb.gives.push(item.clone());
            *pb.gives_by_topic.entry(topic).or_insert(0) += 1;
            if let Some(to) = &item.to {
                party(&mut parties, to).receives.push(item.clone());
            }
        }
        for id in reached(EdgeKind::Sets) {
            let Some(o) = self.ds.obligation(&typed_id(id)?) else {
                continue;
            };
            let Some(req) = &o.required_by else { continue };
            let item = ObligationItem {
                obligation: o.id.clone(),
                what: o.what.clone(),
                kind: o.kind,
                by: canon(&o.by),
                to: o.to.as_ref().map(canon),
                required_by: canon_proposal(req),
                quantities: o.quantities.clone(),
            };
            party(&mut parties, &item.by).owes.push(item.clone());
            if let Some(to) = &item.to {
                party(&mut parties, to).owed.push(item.clone());
            }
        }
        let mut parties: Vec<PartyBalance> = parties.into_values().collect();
        for pb in &mut parties {
            pb.gives.sort_by(|a, b| a.concession.cmp(&b.concession));
            pb.receives.sort_by(|a, b| a.concession.cmp(&b.concession));
            pb.owes.sort_by(|a, b| a.obligation.cmp(&b.obligation));
            pb.owed.sort_by(|a, b| a.obligation.cmp(&b.obligation));
        }
        parties.sort_by(|a, b| {
            b.gives
                .len()
                .cmp(&a.gives.len())
                .then_with(|| a.actor.cmp(&b.actor))
        });
        not_demanded.sort_by(|a: &ConcessionItem, b| a.concession.cmp(&b.concession));
        Ok(Balance {
            proposal: typed_id(self.graph[p].id)?,
            parties,
            not_demanded,
        })
    }
}
