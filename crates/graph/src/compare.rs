//! Two proposals side by side: two versions of one plan, or a plan and the
//! counter-proposal that answers it, point by point and number by number.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;
use serde::Serialize;

use claimgraph_core::{Proposal, ProposalId, Quantity, Topic};

use crate::analysis::{Balance, ConcessionItem, ObligationItem};
use crate::error::{GraphError, typed_id};
use crate::graph::ClaimGraph;
use crate::query::Query;

/// How two proposals are related.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relationship {
    /// One is a later version of the other (`supersedes`, directly or
    /// through versions between).
    Versions {
        /// The earlier version.
        older: ProposalId,
        /// The later version.
        newer: ProposalId,
    },
    /// One answers the other (`answers`): a counter-proposal.
    Alternatives {
        /// The proposal answered.
        answered: ProposalId,
        /// The proposal that answers it.
        answering: ProposalId,
    },
    /// Neither supersedes nor answers the other.
    Unrelated,
}

/// What happened to a point between two proposals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointStatus {
    /// Versions: carried over unchanged (title, text, topic, numbers and
    /// what it demands of whom).
    Kept,
    /// Versions: carried over with changes.
    Changed,
    /// Versions: new in the later version.
    Added,
    /// Versions: in the earlier version, not carried over.
    Dropped,
    /// Alternatives or unrelated: a point on each side, one answering the other.
    Matched,
    /// Alternatives or unrelated: only the left proposal has it.
    OnlyLeft,
    /// Alternatives or unrelated: only the right proposal has it.
    OnlyRight,
}

/// One side of a row: a point and what it sets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointSide {
    /// The point.
    pub id: ProposalId,
    /// Its label ("point 7").
    pub label: Option<String>,
    /// Its title.
    pub title: String,
    /// Its wording.
    pub text: Option<String>,
    /// Its topic.
    pub topic: Option<Topic>,
    /// The numbers it sets.
    pub quantities: Vec<Quantity>,
    /// What it demands, of whom (excluded ones: what it explicitly does not).
    pub concessions: Vec<ConcessionItem>,
    /// The obligations it sets.
    pub obligations: Vec<ObligationItem>,
}

/// One measure on both sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuantityDiff {
    /// What is measured.
    pub measure: String,
    /// The unit.
    pub unit: String,
    /// The left value, if the left side sets one.
    pub left: Option<Quantity>,
    /// The right value, if the right side sets one.
    pub right: Option<Quantity>,
    /// Right minus left (of `value`, the lower bound for `between`), when
    /// both sides set the measure in the same unit.
    pub difference: Option<f64>,
}

/// One row of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointRow {
    /// What happened to the point.
    pub status: PointStatus,
    /// The left proposal's point.
    pub left: Option<PointSide>,
    /// The right proposal's point.
    pub right: Option<PointSide>,
    /// The fields that differ between the two sides (`title`, `text`,
    /// `topic`, `quantities`, `concessions`, `obligations`).
    pub changed: Vec<String>,
    /// The numbers on both sides, paired by measure and unit.
    pub quantities: Vec<QuantityDiff>,
}

/// Two proposals side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The left proposal.
    pub left: ProposalId,
    /// The right proposal.
    pub right: ProposalId,
    /// How they are related.
    pub relationship: Relationship,
    /// The numbers the proposals themselves set, paired.
    pub quantities: Vec<QuantityDiff>,
    /// Point by point: matched pairs in the left proposal's order, then the
    /// right's points with no match.
    pub rows: Vec<PointRow>,
    /// Who gives up what, and who owes what, under the left proposal.
    pub left_balance: Balance,
    /// The same under the right proposal.
    pub right_balance: Balance,
}

impl<'a> ClaimGraph<'a> {
    /// Compares two proposals point by point, with their numbers and their
    /// concessions and obligations, by id, title or label.
    ///
    /// Points are paired through `supersedes` (a point of a later version
    /// names the point it carries over, through any versions between) or
    /// `answers` (a point of a counter-proposal names the point it answers),
    /// in either direction; a point on both sides (a proposal compared with
    /// itself) is paired with itself. For two versions each pair is `kept`
    /// or `changed`, and the points of one side only are `added` or
    /// `dropped`; otherwise pairs are `matched` and the rest `only_left` or
    /// `only_right`. Two points' concessions and obligations are compared by
    /// what they say, not by their ids. O(p log p · v + c log c) for p
    /// points, v versions between the two, and c concessions and
    /// obligations.
    ///
    /// ```
    /// use claimgraph_core::{ActorKind, Comparator, DatasetBuilder, Quantity};
    /// use claimgraph_graph::{ClaimGraph, PointStatus};
    /// let mut b = DatasetBuilder::new();
    /// b.actor("ukraine", "Ukraine", ActorKind::State);
    /// b.proposal("plan-28", "28-point plan");
    /// b.point("cap-28", "plan-28", "army cap", "Army capped")
    ///     .quantity(Quantity::new("armed forces", Comparator::AtMost, 600_000.0, "personnel"));
    /// b.point("amnesty-28", "plan-28", "amnesty", "Full amnesty");
    /// b.proposal("plan-19", "19-point plan").supersedes("plan-28");
    /// b.point("cap-19", "plan-19", "army cap", "Army capped")
    ///     .supersedes("cap-28")
    ///     .quantity(Quantity::new("armed forces", Comparator::AtMost, 800_000.0, "personnel"));
    /// let ds = b.build()?;
    /// let cmp = ClaimGraph::new(&ds).compare("plan-28", "plan-19")?;
    /// assert_eq!(cmp.rows[0].status, PointStatus::Changed);
    /// assert_eq!(cmp.rows[0].quantities[0].difference, Some(200_000.0));
    /// assert_eq!(cmp.rows[1].status, PointStatus::Dropped);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compare(
        &self,
        left: impl AsRef<str>,
        right: impl AsRef<str>,
    ) -> Result<Comparison, GraphError> {
        self.compare_as_of(left, right, &Query::new())
    }

    /// [`ClaimGraph::compare`] as of the query's day: points dated after it
    /// are left out, and a proposal dated after it is an error
    /// ([`GraphError::NotYet`]).
    pub fn compare_as_of(
        &self,
        left: impl AsRef<str>,
        right: impl AsRef<str>,
        q: &Query,
    ) -> Result<Comparison, GraphError> {
        let l = self.proposal_node(left.as_ref())?;
        let r = self.proposal_node(right.as_ref())?;
        self.exists_as_of(l, q)?;
        self.exists_as_of(r, q)?;
        let (lid, rid): (ProposalId, ProposalId) =
            (typed_id(self.graph[l].id)?, typed_id(self.graph[r].id)?);
        let relationship = self.relationship(&lid, &rid);
        let versions = matches!(relationship, Relationship::Versions { .. });
        let left_is_older =
            matches!(&relationship, Relationship::Versions { older, .. } if *older == lid);
        let lpoints: Vec<NodeIndex> = self
            .descendants(l)
            .into_iter()
            .filter(|&ix| self.dated_within(ix, q))
            .collect();
        let rpoints: Vec<NodeIndex> = self
            .descendants(r)
            .into_iter()
            .filter(|&ix| self.dated_within(ix, q))
            .collect();
        let pairs = self.pair_points(&lpoints, &rpoints);
        let pair_of_left: BTreeMap<NodeIndex, NodeIndex> = pairs.iter().copied().collect();
        let paired_r: BTreeSet<NodeIndex> = pairs.iter().map(|(_, r)| *r).collect();
        let left_balance = self.balance_as_of(lid.as_str(), q)?;
        let right_balance = self.balance_as_of(rid.as_str(), q)?;
        let (left_demands, right_demands) =
            (Demands::of(&left_balance), Demands::of(&right_balance));
        let mut rows = Vec::new();
        for &lp in &lpoints {
            let left = self.side(lp, &left_demands);
            match pair_of_left.get(&lp) {
                Some(&rp) => {
                    let right = self.side(rp, &right_demands);
                    let changed = match (&left, &right) {
                        (Some(a), Some(b)) => changed_fields(a, b),
                        _ => Vec::new(),
                    };
                    let status = match (versions, changed.is_empty()) {
                        (true, true) => PointStatus::Kept,
                        (true, false) => PointStatus::Changed,
                        (false, _) => PointStatus::Matched,
                    };
                    rows.push(row(status, left, right, changed));
                }
                None => {
                    let status = match (versions, left_is_older) {
                        (true, true) => PointStatus::Dropped,
                        (true, false) => PointStatus::Added,
                        (false, _) => PointStatus::OnlyLeft,
                    };
                    rows.push(row(status, left, None, Vec::new()));
                }
            }
        }
        for &rp in &rpoints {
            if paired_r.contains(&rp) {
                continue;
            }
            let status = match (versions, left_is_older) {
                (true, true) => PointStatus::Added,
                (true, false) => PointStatus::Dropped,
                (false, _) => PointStatus::OnlyRight,
            };
            rows.push(row(status, None, self.side(rp, &right_demands), Vec::new()));
        }
        let quantities = pair_quantities(
            &self
                .ds
                .proposal(&lid)
                .map(|p| p.quantities.clone())
                .unwrap_or_default(),
            &self
                .ds
                .proposal(&rid)
                .map(|p| p.quantities.clone())
                .unwrap_or_default(),
        );
        Ok(Comparison {
            left: lid,
            right: rid,
            relationship,
            quantities,
            rows,
            left_balance,
            right_balance,
        })
    }

    fn proposal_of(&self, ix: NodeIndex) -> Option<&'a Proposal> {
        let id = ProposalId::new(self.graph[ix].id).ok()?;
        self.ds.proposal(&id)
    }

    /// The points a point names: the points of earlier versions it carries
    /// over (following `supersedes` through versions between), then the
    /// point it answers. Cycle-safe; O(v) for v versions.
    fn names(&self, point: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let Some(p) = self.proposal_of(point) else {
            return out;
        };
        let mut seen = BTreeSet::from([point]);
        let mut at = p;
        while let Some(ix) = at.supersedes.as_ref().and_then(|o| self.node(o.as_str())) {
            if !seen.insert(ix) {
                break;
            }
            out.push(ix);
            match self.proposal_of(ix) {
                Some(next) => at = next,
                None => break,
            }
        }
        out.extend(p.answers.as_ref().and_then(|a| self.node(a.as_str())));
        out
    }

    /// Pairs the points of two sides: a point on both sides (a proposal
    /// compared with itself, or with a proposal it is a point of) with
    /// itself; else a point with the first point of the other side it
    /// names, else with the first point of the other side that names it.
    /// Each point is in one pair at most. O(p log p · v).
    fn pair_points(&self, left: &[NodeIndex], right: &[NodeIndex]) -> Vec<(NodeIndex, NodeIndex)> {
        let lset: BTreeSet<NodeIndex> = left.iter().copied().collect();
        let rset: BTreeSet<NodeIndex> = right.iter().copied().collect();
        let mut pairs = Vec::new();
        let mut used_l = BTreeSet::new();
        let mut used_r = BTreeSet::new();
        for &rp in right {
            if lset.contains(&rp) {
                used_l.insert(rp);
                used_r.insert(rp);
                pairs.push((rp, rp));
            }
        }
        // Who names whom, in both directions.
        let mut named_by: BTreeMap<NodeIndex, Vec<NodeIndex>> = BTreeMap::new();
        for &x in left.iter().chain(right) {
            for n in self.names(x) {
                named_by.entry(n).or_default().push(x);
            }
        }
        for &rp in right {
            if used_r.contains(&rp) {
                continue;
            }
            let found = self
                .names(rp)
                .into_iter()
                .find(|n| lset.contains(n) && !used_l.contains(n))
                .or_else(|| {
                    named_by
                        .get(&rp)
                        .into_iter()
                        .flatten()
                        .copied()
                        .find(|n| lset.contains(n) && !used_l.contains(n))
                });
            if let Some(lp) = found {
                used_l.insert(lp);
                used_r.insert(rp);
                pairs.push((lp, rp));
            }
        }
        for &lp in left {
            if used_l.contains(&lp) {
                continue;
            }
            let found = self
                .names(lp)
                .into_iter()
                .chain(named_by.get(&lp).into_iter().flatten().copied())
                .find(|n| rset.contains(n) && !used_r.contains(n));
            if let Some(rp) = found {
                used_l.insert(lp);
                used_r.insert(rp);
                pairs.push((lp, rp));
            }
        }
        pairs
    }

    fn relationship(&self, l: &ProposalId, r: &ProposalId) -> Relationship {
        let supersedes = |newer: &ProposalId, older: &ProposalId| {
            let mut seen = BTreeSet::new();
            let mut at = self.ds.proposal(newer);
            while let Some(p) = at {
                if !seen.insert(p.id.clone()) {
                    return false;
                }
                match &p.supersedes {
                    Some(o) if self.canonical(o.as_str()) == older.as_str() => return true,
                    Some(o) => at = self.ds.proposal(o),
                    None => return false,
                }
            }
            false
        };
        let answers = |a: &ProposalId, b: &ProposalId| {
            self.ds
                .proposal(a)
                .and_then(|p| p.answers.as_ref())
                .is_some_and(|x| self.canonical(x.as_str()) == b.as_str())
        };
        if supersedes(r, l) {
            Relationship::Versions {
                older: l.clone(),
                newer: r.clone(),
            }
        } else if supersedes(l, r) {
            Relationship::Versions {
                older: r.clone(),
                newer: l.clone(),
            }
        } else if answers(r, l) {
            Relationship::Alternatives {
                answered: l.clone(),
                answering: r.clone(),
            }
        } else if answers(l, r) {
            Relationship::Alternatives {
                answered: r.clone(),
                answering: l.clone(),
            }
        } else {
            Relationship::Unrelated
        }
    }

    fn side(&self, point: NodeIndex, demands: &Demands<'_>) -> Option<PointSide> {
        let p = self.proposal_of(point)?;
        let id = self.canonical(p.id.as_str());
        let concessions = demands
            .concessions
            .get(id)
            .map(|cs| cs.iter().map(|c| (*c).clone()).collect())
            .unwrap_or_default();
        let obligations = demands
            .obligations
            .get(id)
            .map(|os| os.iter().map(|o| (*o).clone()).collect())
            .unwrap_or_default();
        Some(PointSide {
            id: p.id.clone(),
            label: p.label.clone(),
            title: p.title.clone(),
            text: p.text.clone(),
            topic: p.topic,
            quantities: p.quantities.clone(),
            concessions,
            obligations,
        })
    }
}

/// A balance's concessions (excluded ones too) and obligations by the
/// proposal or point that asks for them, each list by id: built once, in
/// O(c log c), so each point finds its own in O(log p).
struct Demands<'b> {
    concessions: BTreeMap<&'b str, Vec<&'b ConcessionItem>>,
    obligations: BTreeMap<&'b str, Vec<&'b ObligationItem>>,
}

impl<'b> Demands<'b> {
    fn of(balance: &'b Balance) -> Demands<'b> {
        let mut concessions: BTreeMap<&'b str, Vec<&'b ConcessionItem>> = BTreeMap::new();
        for c in balance
            .parties
            .iter()
            .flat_map(|pb| pb.gives.iter())
            .chain(balance.not_demanded.iter())
        {
            concessions
                .entry(c.required_by.as_str())
                .or_default()
                .push(c);
        }
        for cs in concessions.values_mut() {
            cs.sort_by(|a, b| a.concession.cmp(&b.concession));
            cs.dedup_by(|a, b| a.concession == b.concession);
        }
        let mut obligations: BTreeMap<&'b str, Vec<&'b ObligationItem>> = BTreeMap::new();
        for o in balance.parties.iter().flat_map(|pb| pb.owes.iter()) {
            obligations
                .entry(o.required_by.as_str())
                .or_default()
                .push(o);
        }
        for os in obligations.values_mut() {
            os.sort_by(|a, b| a.obligation.cmp(&b.obligation));
            os.dedup_by(|a, b| a.obligation == b.obligation);
        }
        Demands {
            concessions,
            obligations,
        }
    }
}

fn row(
    status: PointStatus,
    left: Option<PointSide>,
    right: Option<PointSide>,
    changed: Vec<String>,
) -> PointRow {
    // A number the point sets and its concession repeats counts once.
    let all = |s: &Option<PointSide>| -> Vec<Quantity> {
        let mut out: Vec<Quantity> = Vec::new();
        for q in s.iter().flat_map(|s| {
            s.quantities
                .iter()
                .chain(s.concessions.iter().flat_map(|c| c.quantities.iter()))
                .chain(s.obligations.iter().flat_map(|o| o.quantities.iter()))
        }) {
            if !out.contains(q) {
                out.push(q.clone());
            }
        }
        out
    };
    let quantities = pair_quantities(&all(&left), &all(&right));
    PointRow {
        status,
        left,
        right,
        changed,
        quantities,
    }
}

/// What differs between two points, by field; ids and labels aside. Lists
/// compare as sets of their contents, whatever their order and the ids of
/// their items: the same two concessions under other ids are not a change.
fn changed_fields(a: &PointSide, b: &PointSide) -> Vec<String> {
    let mut out = Vec::new();
    if a.title.trim() != b.title.trim() {
        out.push("title".to_owned());
    }
    if a.text.as_deref().map(str::trim) != b.text.as_deref().map(str::trim) {
        out.push("text".to_owned());
    }
    if a.topic != b.topic {
        out.push("topic".to_owned());
    }
    if content(&a.quantities, quantity) != content(&b.quantities, quantity) {
        out.push("quantities".to_owned());
    }
    let concession = |c: &ConcessionItem| {
        (
            c.what.trim().to_owned(),
            c.by.clone(),
            c.to.clone(),
            c.topic.clone(),
            c.status,
            content(&c.quantities, quantity),
        )
    };
    if content(&a.concessions, concession) != content(&b.concessions, concession) {
        out.push("concessions".to_owned());
    }
    let obligation = |o: &ObligationItem| {
        (
            o.what.trim().to_owned(),
            o.by.clone(),
            o.to.clone(),
            o.kind,
            content(&o.quantities, quantity),
        )
    };
    if content(&a.obligations, obligation) != content(&b.obligations, obligation) {
        out.push("obligations".to_owned());
    }
    out
}

/// The contents of a list, sorted: what two lists are compared by.
fn content<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Vec<K> {
    let mut out: Vec<K> = items.iter().map(key).collect();
    out.sort();
    out
}

/// A quantity as comparable text (its numbers are floats, which do not sort).
fn quantity(q: &Quantity) -> String {
    format!("{q:?}")
}

/// Pairs quantities by measure and unit, left's order first.
fn pair_quantities(left: &[Quantity], right: &[Quantity]) -> Vec<QuantityDiff> {
    let mut used = vec![false; right.len()];
    let mut out = Vec::new();
    for l in left {
        let found = right
            .iter()
            .enumerate()
            .find(|(i, r)| !used[*i] && l.comparable(r));
        match found {
            Some((i, r)) => {
                used[i] = true;
                out.push(QuantityDiff {
                    measure: l.measure.clone(),
                    unit: l.unit.clone(),
                    left: Some(l.clone()),
                    right: Some(r.clone()),
                    difference: Some(r.value - l.value),
                });
            }
            None => out.push(QuantityDiff {
                measure: l.measure.clone(),
                unit: l.unit.clone(),
                left: Some(l.clone()),
                right: None,
                difference: None,
            }),
        }
    }
    for (i, r) in right.iter().enumerate() {
        if !used[i] {
            out.push(QuantityDiff {
                measure: r.measure.clone(),
                unit: r.unit.clone(),
                left: None,
                right: Some(r.clone()),
                difference: None,
            });
        }
    }
    out
}
