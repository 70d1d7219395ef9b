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
use crate::query::{
    Basis, Holding, Query, Reader, Scope, Src, Until, combine, combine_parts, make_holding, within,
};

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
    /// inferences behind the members' positions, member by member, each
    /// once: a stance that rolls up to several members is listed as it
    /// reached the first of them.
    pub basis: Vec<Basis>,
}

/// A group of actors who agree: each linked, directly or through others, to
/// the leaders of the sides it takes where the two agree more than they
/// split ([`ClaimGraph::coalitions`]).
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

/// Every target's positions under a query, by reference: what conflicts
/// and coalitions are read from.
#[derive(Debug)]
pub(crate) struct Table<'a> {
    /// Every actor with a position on some target, by id.
    actors: Vec<ActorId>,
    /// Every target, by id, with its holdings by actor.
    targets: Vec<(RecordId, Vec<Held<'a>>)>,
}

/// One holding: an actor (its index in [`Table::actors`]), its position and
/// what it rests on.
#[derive(Debug)]
struct Held<'a> {
    actor: u32,
    position: Position,
    srcs: Vec<Src<'a>>,
}

/// The pairs of [`ClaimGraph::conflicts`], one at a time, from
/// [`ClaimGraph::conflicts_iter`]: by first actor, then second, each with
/// every target the two split on.
#[derive(Debug)]
pub struct Conflicts<'a> {
    table: Table<'a>,
    /// For each actor, the targets it takes a side on: (target, holding,
    /// whether it supports).
    sided: Vec<Vec<(u32, u32, bool)>>,
    /// For each target, its supporters and its opponents: (actor, holding),
    /// by actor.
    sides: Vec<[Vec<(u32, u32)>; 2]>,
    estimate: u64,
    /// The actor whose pairs are pending, and the next one.
    actor: u32,
    next: u32,
    /// The current actor's splits with those after it: (other actor,
    /// target, its holding, the other's holding), in order.
    pending: Vec<(u32, u32, u32, u32)>,
    at: usize,
}

impl<'a> Conflicts<'a> {
    fn new(table: Table<'a>) -> Conflicts<'a> {
        let mut sided: Vec<Vec<(u32, u32, bool)>> = vec![Vec::new(); table.actors.len()];
        let mut sides: Vec<[Vec<(u32, u32)>; 2]> = Vec::with_capacity(table.targets.len());
        let mut estimate: u64 = 0;
        for (ti, (_, held)) in table.targets.iter().enumerate() {
            let mut pair: [Vec<(u32, u32)>; 2] = [Vec::new(), Vec::new()];
            for (hi, h) in held.iter().enumerate() {
                let supports = match h.position {
                    Position::Supports => true,
                    Position::Opposes => false,
                    _ => continue,
                };
                pair[usize::from(!supports)].push((h.actor, hi as u32));
                sided[h.actor as usize].push((ti as u32, hi as u32, supports));
            }
            let splits = (pair[0].len() as u64).saturating_mul(pair[1].len() as u64);
            estimate = estimate.saturating_add(splits);
            sides.push(pair);
        }
        Conflicts {
            table,
            sided,
            sides,
            estimate,
            actor: 0,
            next: 0,
            pending: Vec::new(),
            at: 0,
        }
    }

    /// How many targets the pairs split on, all pairs together:
    /// Σ_t |S_t|·|O_t| over targets t with supporters S_t and opponents
    /// O_t. The number of pairs is at most this. O(1): counted when the
    /// positions were read.
    pub fn estimate(&self) -> u64 {
        self.estimate
    }
}

impl Iterator for Conflicts<'_> {
    type Item = Conflict;

    fn next(&mut self) -> Option<Conflict> {
        while self.at == self.pending.len() {
            let a = self.next;
            if a as usize >= self.sided.len() {
                return None;
            }
            self.next += 1;
            self.actor = a;
            self.pending.clear();
            self.at = 0;
            for &(t, ha, supports) in &self.sided[a as usize] {
                let other = &self.sides[t as usize][usize::from(supports)];
                let after = other.partition_point(|&(b, _)| b <= a);
                self.pending
                    .extend(other[after..].iter().map(|&(b, hb)| (b, t, ha, hb)));
            }
            // Targets are numbered in id order: by other actor, then target.
            self.pending.sort_unstable();
        }
        let (a, b) = (self.actor, self.pending[self.at].0);
        let mut targets = Vec::new();
        while let Some(&(other, t, ha, hb)) = self.pending.get(self.at) {
            if other != b {
                break;
            }
            let (target, held) = &self.table.targets[t as usize];
            let (x, y) = (&held[ha as usize], &held[hb as usize]);
            targets.push(SplitTarget {
                target: target.clone(),
                a: x.position,
                b: y.position,
                a_basis: x.srcs.iter().filter_map(Src::basis).collect(),
                b_basis: y.srcs.iter().filter_map(Src::basis).collect(),
            });
            self.at += 1;
        }
        Some(Conflict {
            a: self.table.actors[a as usize].clone(),
            b: self.table.actors[b as usize].clone(),
            targets,
        })
    }
}

/// How many targets two actors share a position on, less how many they
/// split on, from their sides by target. O(p log q) for p and q sides, p
/// the fewer.
fn net_agreement(x: &[(u32, i8)], y: &[(u32, i8)]) -> i64 {
    let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    small
        .iter()
        .filter_map(|&(t, s)| {
            large
                .binary_search_by_key(&t, |&(u, _)| u)
                .ok()
                .map(|i| i64::from(s) * i64::from(large[i].1))
        })
        .sum()
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
    /// Only the stances of the actor (and, with roll-up, of those who may
    /// speak for it) are read, each once: O(a log a + e + k log k) for the a
    /// stances they made, the e edges reaching the target (and its points)
    /// and the k of their stances there. Each day then costs O(n log k) for
    /// the n holders and nodes read, plus the stances that count that day
    /// and, with roll-up through ties, the walk of
    /// [`ClaimGraph::positions`] from each holder: 10^3 days of an actor
    /// with 10^4 stances on the target cost about 10^3·log 10^4, not 10^7.
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
        // The actor's own stances on the target, by day, read once.
        let mut own_stances: BTreeMap<Option<NaiveDate>, Vec<(&'a Stance, Option<When>)>> =
            BTreeMap::new();
        for s in self.stances_from(a).into_iter().filter(|s| on_target(s)) {
            let d = self.ds.stance_date(s);
            own_stances.entry(day_of(d)).or_default().push((s, d));
        }
        let mut reader = Reader::new(self, Some(&only));
        let mut entries = Vec::new();
        for day in days {
            // Undated stances: how things stood before any dated day.
            let (until, as_of) = match day {
                Some(d) => (Until::Day(d), Some(d)),
                None => (Until::Undated, q.as_of),
            };
            let qd = Query { as_of, ..q.clone() };
            let read = reader.read(t, &qd, until);
            let parts = read.get(me).map(Vec::as_slice).unwrap_or_default();
            let holds_position =
                combine(parts.iter().map(|(p, _)| *p)).is_some_and(|p| !p.is_silence());
            let mut basis: Vec<Basis> = own_stances
                .get(&day)
                .into_iter()
                .flatten()
                .map(|(s, d)| Basis::of(s, *d))
                .collect();
            basis.extend(
                parts
                    .iter()
                    .flat_map(|(_, b)| b)
                    .filter(|b| day_of(b.date) == day)
                    // Own stances are listed above, silence included.
                    .filter(|b| b.is_inferred() || !b.via.is_empty())
                    .filter(|b| b.via.is_empty() || !(holds_position && b.position().is_silence()))
                    .filter_map(Src::basis),
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

    /// Each point of a proposal (all levels) with who supports and opposes it,
    /// in id order, each read as [`ClaimGraph::positions`] reads it.
    ///
    /// All points are read in one pass: O(p log p + e + s log s) for the p
    /// points, the e edges reaching them and the s stances on them, plus
    /// the size of the answer (with roll-up through points, a stance on a
    /// point counts once on each point above it; with inheritance, a stance
    /// on a proposal once on each point below it) and, with roll-up through
    /// ties, its cost per point. A chain of 10^5 points is read in 10^5
    /// steps, not 10^10.
    pub fn points(
        &self,
        proposal: impl AsRef<str>,
        q: &Query,
    ) -> Result<Vec<PointSummary>, GraphError> {
        let p = self.proposal_node(proposal.as_ref())?;
        let mut out = Vec::new();
        let mut failed = None;
        self.read_many(Scope::PointsOf(p), q, |ix, reading| {
            let point = match typed_id::<ProposalId>(self.graph[ix].id) {
                Ok(id) => self.ds.proposal(&id),
                Err(e) => {
                    failed.get_or_insert(e);
                    None
                }
            };
            let Some(point) = point else { return };
            let holdings: Vec<Holding> = reading
                .iter()
                .filter_map(|(holder, parts)| make_holding(holder, parts))
                .collect();
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
        });
        if let Some(e) = failed {
            return Err(e);
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
    /// points of proposals with stances).
    ///
    /// The answer is built whole: Σ_t |S_t|·|O_t| split targets, over
    /// targets t with supporters S_t and opponents O_t, each with the
    /// stances of both sides — 10^4 actors split evenly on one target are
    /// 2.5·10^7 of them. Ask [`ClaimGraph::conflicts_estimate`] first, or
    /// take the pairs one at a time from [`ClaimGraph::conflicts_iter`] in
    /// memory that does not grow with the answer.
    pub fn conflicts(&self, q: &Query) -> Vec<Conflict> {
        self.conflicts_iter(q).collect()
    }

    /// The pairs of [`ClaimGraph::conflicts`], in the same order, one at a
    /// time, with [`Conflicts::estimate`] known before the first.
    ///
    /// Making it reads every target's positions once, as
    /// [`ClaimGraph::positions`] does: O(s log s) for the s stances, plus
    /// the costs of roll-up and inheritance (see [`ClaimGraph::points`]),
    /// in O(s) memory. Each pair then costs O(k log k) for the k targets its
    /// first actor splits on with anyone after it, plus its stances; the
    /// memory held between pairs is that of one actor's splits.
    ///
    /// ```
    /// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
    /// use claimgraph_graph::{ClaimGraph, Query};
    /// let mut b = DatasetBuilder::new();
    /// let src = b.source("src", "An article").id();
    /// let plan = b.proposal("plan", "Peace plan").id();
    /// for (i, side) in [Position::Supports, Position::Opposes, Position::Opposes].into_iter().enumerate() {
    ///     let who = b.actor(&format!("a{i}"), &format!("A{i}"), ActorKind::State).id();
    ///     b.stance(&format!("s{i}"), &who, &plan, side).source(&src);
    /// }
    /// let ds = b.build()?;
    /// let graph = ClaimGraph::new(&ds);
    /// let conflicts = graph.conflicts_iter(&Query::new());
    /// assert_eq!(conflicts.estimate(), 2); // one supporter times two opponents
    /// let pairs: Vec<String> = conflicts.take(1).map(|c| format!("{} {}", c.a, c.b)).collect();
    /// assert_eq!(pairs, ["a0 a1"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn conflicts_iter(&self, q: &Query) -> Conflicts<'a> {
        Conflicts::new(self.table(q))
    }

    /// Calls `f` with each pair of [`ClaimGraph::conflicts`], in the same
    /// order, without holding the answer: the cost of
    /// [`ClaimGraph::conflicts_iter`].
    pub fn conflicts_each(&self, q: &Query, f: impl FnMut(Conflict)) {
        self.conflicts_iter(q).for_each(f);
    }

    /// How long [`ClaimGraph::conflicts`] would be: Σ_t |S_t|·|O_t|, the
    /// number of split targets over all pairs (an upper bound on the number
    /// of pairs), over targets t with supporters S_t and opponents O_t.
    /// Reads every target's positions as [`ClaimGraph::conflicts_iter`] does,
    /// without making a pair.
    pub fn conflicts_estimate(&self, q: &Query) -> u64 {
        self.conflicts_iter(q).estimate()
    }

    /// Every target's positions under a query, compactly (the stances by
    /// reference): what conflicts and coalitions are read from.
    fn table(&self, q: &Query) -> Table<'a> {
        type Row<'a> = (RecordId, Vec<(&'a str, Position, Vec<Src<'a>>)>);
        let mut rows: Vec<Row<'a>> = Vec::new();
        self.read_many(Scope::All, q, |t, reading| {
            let Ok(id) = RecordId::new(self.graph[t].id) else {
                return;
            };
            let held = reading
                .iter()
                .filter(|(holder, _)| ActorId::new(holder).is_ok())
                .filter_map(|(&holder, parts)| {
                    let (position, srcs) = combine_parts(parts)?;
                    Some((holder, position, srcs))
                })
                .collect();
            rows.push((id, held));
        });
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut names: Vec<&'a str> = rows
            .iter()
            .flat_map(|(_, held)| held.iter().map(|h| h.0))
            .collect();
        names.sort_unstable();
        names.dedup();
        let targets = rows
            .into_iter()
            .map(|(id, held)| {
                let held = held
                    .into_iter()
                    .map(|(name, position, srcs)| Held {
                        actor: names.partition_point(|n| *n < name) as u32,
                        position,
                        srcs,
                    })
                    .collect();
                (id, held)
            })
            .collect();
        Table {
            // Every name read back above, so the indices hold.
            actors: names.iter().filter_map(|n| ActorId::new(n).ok()).collect(),
            targets,
        }
    }

    /// Groups of actors who agree, around the most vocal actors on each
    /// side.
    ///
    /// On each target, the *leader* of each side (those who support it,
    /// those who oppose it) is the actor on that side with a side on the
    /// most targets, then the first by id. An actor is linked to the leader
    /// of each side it is on when the two share a position (both support or
    /// both oppose) on more targets than they split on; coalitions are the
    /// connected groups. Every actor with a position is in exactly one
    /// coalition (possibly alone). Largest first, then by members. The
    /// targets are those of [`ClaimGraph::conflicts`]. A binding lists each
    /// stance behind it once, as it reached the first member holding it.
    ///
    /// Linking every pair that agrees more than it splits, rather than each
    /// actor with its leaders, would need a count for every pair of actors
    /// sharing a target — 5·10^9 of them for 10^5 actors on one target —
    /// and telling whether any pair of two groups agrees is as hard as
    /// finding orthogonal vectors, which no known method does in much less
    /// than pairwise time. Linked to its leaders, an actor that agrees with
    /// another but not with the leaders of the sides they share is apart
    /// from it, unless others link them.
    ///
    /// O(s log s) for the s positions with a side (after the cost of
    /// reading them, as for [`ClaimGraph::conflicts_iter`]), plus, for each
    /// actor, O(p log s) per distinct leader it is compared with, p its
    /// number of positions: near-linear when a few actors lead most sides,
    /// and O(s·√s·log s) at worst (each of those leaders has at least p
    /// positions of its own).
    pub fn coalitions(&self, q: &Query) -> Vec<Coalition> {
        let table = self.table(q);
        let n = table.actors.len();
        // Each actor's sides, by target: +1 for, -1 against.
        let mut sides: Vec<Vec<(u32, i8)>> = vec![Vec::new(); n];
        for (ti, (_, held)) in table.targets.iter().enumerate() {
            for h in held {
                let sign = match h.position {
                    Position::Supports => 1,
                    Position::Opposes => -1,
                    _ => continue,
                };
                sides[h.actor as usize].push((ti as u32, sign));
            }
        }
        let vocal = |a: u32| (sides[a as usize].len(), std::cmp::Reverse(a));
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (_, held) in &table.targets {
            for pos in [Position::Supports, Position::Opposes] {
                let side = || {
                    held.iter()
                        .filter(move |h| h.position == pos)
                        .map(|h| h.actor)
                };
                let Some(leader) = side().max_by_key(|&a| vocal(a)) else {
                    continue;
                };
                pairs.extend(side().filter(|&a| a != leader).map(|a| (a, leader)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut uf = UnionFind::new(n);
        for (a, leader) in pairs {
            if net_agreement(&sides[a as usize], &sides[leader as usize]) > 0 {
                uf.union(a as usize, leader as usize);
            }
        }
        let root: Vec<usize> = (0..n).map(|i| uf.find(i)).collect();
        let mut binding: BTreeMap<usize, Vec<Binding>> = BTreeMap::new();
        for (target, held) in &table.targets {
            for pos in [Position::Supports, Position::Opposes] {
                let mut groups: BTreeMap<usize, Vec<&Held<'a>>> = BTreeMap::new();
                for h in held.iter().filter(|h| h.position == pos) {
                    groups.entry(root[h.actor as usize]).or_default().push(h);
                }
                for (r, members) in groups {
                    if members.len() < 2 {
                        continue;
                    }
                    let mut seen = BTreeSet::new();
                    let basis = members
                        .iter()
                        .flat_map(|h| &h.srcs)
                        .filter(|s| seen.insert(s.key()))
                        .filter_map(Src::basis)
                        .collect();
                    binding.entry(r).or_default().push(Binding {
                        target: target.clone(),
                        position: pos,
                        members: members
                            .iter()
                            .map(|h| table.actors[h.actor as usize].clone())
                            .collect(),
                        basis,
                    });
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<ActorId>> = BTreeMap::new();
        for (i, a) in table.actors.into_iter().enumerate() {
            groups.entry(root[i]).or_default().push(a);
        }
        let mut out: Vec<Coalition> = groups
            .into_iter()
            .map(|(r, members)| Coalition {
                members,
                binding: binding.remove(&r).unwrap_or_default(),
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
