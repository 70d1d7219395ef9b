//! Questions over many targets: timelines, contested points, conflicts,
//! coalitions and the concession balance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use claimgraph_core::{ActorId, ConcessionId, Position, ProposalId, RecordId, StanceId, When};

use crate::error::{GraphError, typed_id};
use crate::graph::{ClaimGraph, EdgeKind, effective_position};
use crate::query::{Holding, Query, combine, stance_date};

/// One day in an actor's record on a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The day (`None` for undated stances, listed first).
    pub date: Option<When>,
    /// The position that day (`mixed` if that day's stances disagree).
    pub position: Position,
    /// The stances of that day.
    pub stances: Vec<StanceId>,
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
    /// One entry per day with stances, in date order.
    pub entries: Vec<TimelineEntry>,
    /// Each change of position between consecutive dated entries, leaving
    /// out days on which the actor only declined to comment.
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
}

/// The concession balance of a proposal: each party's concessions, including
/// parties that give up nothing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// The proposal.
    pub proposal: ProposalId,
    /// Every party named by a concession the proposal or its points ask for,
    /// most concessions first, then by id.
    pub parties: Vec<PartyBalance>,
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
    /// An actor's own positions on a target over time (with its points, when
    /// `q.roll_up_points`), stopping at `q.as_of`: one entry per day, the
    /// day's stances combined as in [`ClaimGraph::positions`]. Roll-up
    /// through membership and inheritance from the parent do not apply: a
    /// timeline is what the actor itself said. O(d log d) for the actor's d
    /// stances.
    pub fn timeline(&self, actor: &str, target: &str, q: &Query) -> Result<Timeline, GraphError> {
        let a = self.actor_node(actor)?;
        let t = self.node(target).ok_or_else(|| GraphError::UnknownRecord {
            query: target.to_owned(),
        })?;
        let mut targets = BTreeSet::from([t]);
        if q.roll_up_points {
            targets.extend(self.descendants(t));
        }
        let mut by_day: BTreeMap<Option<NaiveDate>, Vec<&'a claimgraph_core::Stance>> =
            BTreeMap::new();
        for s in self.stances_from(a) {
            let Some(tix) = self.node(s.target.as_str()) else {
                continue;
            };
            if !targets.contains(&tix) {
                continue;
            }
            let d = stance_date(self.ds, s);
            if let (Some(d), Some(limit)) = (d, q.as_of)
                && d > limit
            {
                continue;
            }
            by_day.entry(d).or_default().push(s);
        }
        let mut entries = Vec::new();
        for (day, mut stances) in by_day {
            stances.sort_by(|x, y| x.id.cmp(&y.id));
            if let Some(position) = combine(stances.iter().map(|s| effective_position(s))) {
                entries.push(TimelineEntry {
                    date: day.map(When::Date),
                    position,
                    stances: stances.iter().map(|s| s.id.clone()).collect(),
                });
            }
        }
        // Declining to comment is not a change of position.
        let dated: Vec<&TimelineEntry> = entries
            .iter()
            .filter(|e| e.date.is_some() && e.position != Position::NoComment)
            .collect();
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
            actor: typed_id(self.graph[a].id)?,
            target: typed_id(self.graph[t].id)?,
            entries,
            changes,
        })
    }

    /// Each point of a proposal (all levels) with who supports and opposes it,
    /// in id order. O(p · c) for p points and c the cost of
    /// [`ClaimGraph::positions`] on one point.
    pub fn points(&self, proposal: &str, q: &Query) -> Result<Vec<PointSummary>, GraphError> {
        let p = self.proposal_node(proposal)?;
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
    pub fn contested(&self, proposal: &str, q: &Query) -> Result<Vec<PointSummary>, GraphError> {
        Ok(self
            .points(proposal, q)?
            .into_iter()
            .filter(|p| !p.supporters.is_empty() && !p.opponents.is_empty())
            .collect())
    }

    /// Points of a proposal that no one opposes (supported or not), in id
    /// order. Same cost as [`ClaimGraph::points`].
    pub fn unopposed(&self, proposal: &str, q: &Query) -> Result<Vec<PointSummary>, GraphError> {
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
                    let (a, b, pa, pb) = if s.actor < o.actor {
                        (&s.actor, &o.actor, Position::Supports, Position::Opposes)
                    } else {
                        (&o.actor, &s.actor, Position::Opposes, Position::Supports)
                    };
                    pairs
                        .entry((a.clone(), b.clone()))
                        .or_default()
                        .push(SplitTarget {
                            target: target.clone(),
                            a: pa,
                            b: pb,
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
                        let who: Vec<ActorId> = hs
                            .iter()
                            .filter(|h| h.position == pos)
                            .filter(|h| index.get(&h.actor).is_some_and(|i| member_set.contains(i)))
                            .map(|h| h.actor.clone())
                            .collect();
                        if who.len() >= 2 {
                            binding.push(Binding {
                                target: target.clone(),
                                position: pos,
                                members: who,
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
    pub fn balance(&self, proposal: &str) -> Result<Balance, GraphError> {
        let p = self.proposal_node(proposal)?;
        let mut scope = vec![p];
        scope.extend(self.descendants(p));
        // The concessions the proposal and its points require, each once.
        let concessions: BTreeSet<&'a str> = scope
            .iter()
            .flat_map(|&ix| self.graph.edges_directed(ix, Direction::Outgoing))
            .filter(|e| e.weight().kind == EdgeKind::Requires)
            .map(|e| self.graph[e.target()].id)
            .collect();
        let mut parties: BTreeMap<ActorId, PartyBalance> = BTreeMap::new();
        let party = |parties: &mut BTreeMap<ActorId, PartyBalance>, a: &ActorId| {
            parties.entry(a.clone()).or_insert_with(|| PartyBalance {
                actor: a.clone(),
                gives: Vec::new(),
                receives: Vec::new(),
                gives_by_topic: BTreeMap::new(),
            });
        };
        for id in concessions {
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
                by: c.by.clone(),
                to: c.to.clone(),
                required_by: req.clone(),
            };
            party(&mut parties, &c.by);
            if let Some(pb) = parties.get_mut(&c.by) {
                pb.gives.push(item.clone());
                *pb.gives_by_topic.entry(topic).or_insert(0) += 1;
            }
            if let Some(to) = &c.to {
                party(&mut parties, to);
                if let Some(pb) = parties.get_mut(to) {
                    pb.receives.push(item);
                }
            }
        }
        let mut parties: Vec<PartyBalance> = parties.into_values().collect();
        for pb in &mut parties {
            pb.gives.sort_by(|a, b| a.concession.cmp(&b.concession));
            pb.receives.sort_by(|a, b| a.concession.cmp(&b.concession));
        }
        parties.sort_by(|a, b| {
            b.gives
                .len()
                .cmp(&a.gives.len())
                .then_with(|| a.actor.cmp(&b.actor))
        });
        Ok(Balance {
            proposal: typed_id(self.graph[p].id)?,
            parties,
        })
    }
}
