//! The graph of a dataset that DOT, GraphML, GEXF and CSV all write: which
//! records are nodes, which references are edges, and in what order. Each
//! writer decides only how to write it (`docs/FORMATS.md` (The graph every exporter writes)).
//!
//! - Nodes: every record but stances, relations and same-as judgements, in
//!   the dataset's canonical record order; records judged the same
//!   ([`Dataset::identities`]) are one node under the canonical id, when that
//!   id is a node; then one placeholder node per id that a reference names
//!   and no node has, in the order first named.
//! - Edges: every reference field of every record, record by record in the
//!   canonical order and field by field; a stance or relation is itself an
//!   edge, in its place, and a stance that supports a claim is followed by
//!   the derived `asserts` edges of its quotes.
//! - Two records sharing an id are refused ([`IoError::Content`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use claimgraph_core::{
    Affiliation, Dataset, Identities, Position, RecordRef, RecordType, Relation, Stance,
};
use claimgraph_graph::EdgeKind;

use crate::IoError;

/// Whether records judged the same are one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Merge {
    /// One node per group of records judged the same (the rule).
    Judged,
    /// Each record its own node (DOT's `include(RecordType::SameAs, false)`).
    Apart,
}

/// A dataset as a graph.
#[derive(Debug)]
pub(crate) struct View<'a> {
    /// Record nodes in canonical record order, then placeholders.
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) edges: Vec<Edge<'a>>,
}

/// A node: a record (with the records merged into it), or a placeholder for
/// an id a reference names that is no node.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    /// The record's id (its group's canonical id), or the id named.
    pub(crate) id: &'a str,
    pub(crate) is: NodeIs<'a>,
}

#[derive(Debug)]
pub(crate) enum NodeIs<'a> {
    /// A record, and the other records judged the same as it, in id order.
    Record {
        record: RecordRef<'a>,
        same_as: Vec<RecordRef<'a>>,
    },
    /// An id named by a reference that is no node: the kind of record it
    /// names (a stance, relation or same-as judgement, which are not
    /// nodes), or `None` when no record has it.
    Placeholder(Option<RecordType>),
}

impl<'a> Node<'a> {
    /// The record, unless a placeholder.
    pub(crate) fn record(&self) -> Option<RecordRef<'a>> {
        match &self.is {
            NodeIs::Record { record, .. } => Some(*record),
            NodeIs::Placeholder(_) => None,
        }
    }

    /// The records merged into this node (none for a placeholder).
    pub(crate) fn same_as(&self) -> &[RecordRef<'a>] {
        match &self.is {
            NodeIs::Record { same_as, .. } => same_as,
            NodeIs::Placeholder(_) => &[],
        }
    }

    /// The record type, as every format names it: `actor`, `proposal`, ...;
    /// for a placeholder the kind of record its id names, or `unresolved`.
    pub(crate) fn type_name(&self) -> &'static str {
        match &self.is {
            NodeIs::Record { record, .. } => record.record_type().as_str(),
            NodeIs::Placeholder(Some(kind)) => kind.as_str(),
            NodeIs::Placeholder(None) => "unresolved",
        }
    }

    /// The short label every format shows: the record's
    /// ([`RecordRef::label`]), or a placeholder's id.
    pub(crate) fn label(&self) -> Cow<'a, str> {
        match &self.is {
            NodeIs::Record { record, .. } => Cow::Owned(record.label()),
            NodeIs::Placeholder(_) => Cow::Borrowed(self.id),
        }
    }
}

/// A directed edge between two nodes (indices into [`View::nodes`]).
#[derive(Debug)]
pub(crate) struct Edge<'a> {
    pub(crate) source: usize,
    pub(crate) target: usize,
    pub(crate) kind: EdgeKind,
    pub(crate) of: EdgeOf<'a>,
}

/// What an edge stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum EdgeOf<'a> {
    /// A reference field of a node record (`proposed_by`, `part_of`, ...).
    Reference,
    /// An actor's tie (`affiliations`).
    Tie(&'a Affiliation),
    /// A stance: holder → target.
    Stance(&'a Stance),
    /// A relation: from → to.
    Relation(&'a Relation),
    /// Derived: a quote of a stance that supports a claim asserts the claim.
    Asserts(&'a Stance),
}

impl<'a> EdgeOf<'a> {
    /// `reference`, `stance`, `relation` or `derived`.
    pub(crate) fn edge_type(&self) -> &'static str {
        match self {
            EdgeOf::Reference | EdgeOf::Tie(_) => "reference",
            EdgeOf::Stance(_) => "stance",
            EdgeOf::Relation(_) => "relation",
            EdgeOf::Asserts(_) => "derived",
        }
    }

    /// The stance or relation the edge is, or (for `asserts`) follows from.
    pub(crate) fn record(&self) -> Option<&'a str> {
        match self {
            EdgeOf::Reference | EdgeOf::Tie(_) => None,
            EdgeOf::Stance(s) | EdgeOf::Asserts(s) => Some(s.id.as_str()),
            EdgeOf::Relation(r) => Some(r.id.as_str()),
        }
    }

    /// The edge's own id: the stance's or relation's it is; none for
    /// references and derived edges.
    pub(crate) fn id(&self) -> Option<&'a str> {
        match self {
            EdgeOf::Stance(s) => Some(s.id.as_str()),
            EdgeOf::Relation(r) => Some(r.id.as_str()),
            _ => None,
        }
    }
}

/// Whether records of this kind are nodes.
pub(crate) fn is_node(r: &RecordRef<'_>) -> bool {
    !matches!(
        r,
        RecordRef::Stance(_) | RecordRef::Relation(_) | RecordRef::SameAs(_)
    )
}

impl<'a> View<'a> {
    /// The graph every exporter writes, records judged the same merged.
    /// O(n log n) for n records and references.
    pub(crate) fn of(ds: &'a Dataset) -> Result<View<'a>, IoError> {
        View::build(ds, Merge::Judged)
    }

    /// The graph, with records judged the same merged or apart. Fails with
    /// [`IoError::Content`] naming an id two records share.
    pub(crate) fn build(ds: &'a Dataset, merge: Merge) -> Result<View<'a>, IoError> {
        refuse_shared_ids(ds)?;
        let ids = match merge {
            Merge::Judged => ds.identities(),
            Merge::Apart => Identities::default(),
        };
        let mut b = Builder {
            ids,
            nodes: Vec::new(),
            edges: Vec::new(),
            at: BTreeMap::new(),
            placeholders: BTreeMap::new(),
            ds,
        };
        b.nodes();
        for r in ds.records() {
            b.edges_of(r);
        }
        Ok(View {
            nodes: b.nodes,
            edges: b.edges,
        })
    }
}

/// Fails when two records share an id, naming the first such id and how
/// many others are shared. O(n log n).
fn refuse_shared_ids(ds: &Dataset) -> Result<(), IoError> {
    let mut seen = BTreeSet::new();
    let mut named = BTreeSet::new();
    let mut shared: Vec<&str> = Vec::new();
    for r in ds.records() {
        let id = r.id();
        if !seen.insert(id) && named.insert(id) {
            shared.push(id);
        }
    }
    let Some(first) = shared.first() else {
        return Ok(());
    };
    let mut message = String::from(
        "two records have this id, and a graph needs one node or edge per id \
         (Dataset::validate reports it)",
    );
    match shared.len() - 1 {
        0 => {}
        1 => message.push_str("; 1 other id is shared too"),
        n => message.push_str(&format!("; {n} other ids are shared too")),
    }
    Err(IoError::Content {
        path: None,
        record: (*first).to_owned(),
        message,
    })
}

struct Builder<'a> {
    ds: &'a Dataset,
    ids: Identities,
    nodes: Vec<Node<'a>>,
    edges: Vec<Edge<'a>>,
    /// The node of each node record's id.
    at: BTreeMap<&'a str, usize>,
    /// The placeholder of each id that names no node.
    placeholders: BTreeMap<&'a str, usize>,
}

impl<'a> Builder<'a> {
    /// The record nodes: each group's canonical record (when it is a node)
    /// holds the others; every other record is a node of its own.
    fn nodes(&mut self) {
        let ds = self.ds;
        let mut merged: Vec<(RecordRef<'a>, &'a str)> = Vec::new();
        for r in ds.records().filter(is_node) {
            let id = r.id();
            let canonical = ds
                .get(self.ids.canonical(id))
                .filter(|c| c.id() != id && is_node(c))
                // A canonical id answers in itself, so it heads its node.
                .filter(|c| self.ids.canonical(c.id()) == c.id())
                .map(|c| c.id());
            match canonical {
                Some(c) => merged.push((r, c)),
                None => {
                    self.at.insert(id, self.nodes.len());
                    self.nodes.push(Node {
                        id,
                        is: NodeIs::Record {
                            record: r,
                            same_as: Vec::new(),
                        },
                    });
                }
            }
        }
        for (r, c) in merged {
            // Always there: `c` heads its node (its canonical id is itself).
            let Some(&n) = self.at.get(c) else { continue };
            if let NodeIs::Record { same_as, .. } = &mut self.nodes[n].is {
                same_as.push(r);
            }
            self.at.insert(r.id(), n);
        }
        for node in &mut self.nodes {
            if let NodeIs::Record { same_as, .. } = &mut node.is {
                same_as.sort_by_key(|r| r.id());
            }
        }
    }

    /// The node an id lands on: its group's canonical id's node, else its
    /// own record's, else its placeholder (made when first named).
    fn land(&mut self, id: &'a str) -> usize {
        if let Some(&n) = self.at.get(self.ids.canonical(id)) {
            return n;
        }
        if let Some(&n) = self.at.get(id) {
            return n;
        }
        if let Some(&n) = self.placeholders.get(id) {
            return n;
        }
        let n = self.nodes.len();
        self.nodes.push(Node {
            id,
            is: NodeIs::Placeholder(self.ds.kind_of(id)),
        });
        self.placeholders.insert(id, n);
        n
    }

    fn edge(&mut self, from: &'a str, to: &'a str, kind: EdgeKind, of: EdgeOf<'a>) {
        let source = self.land(from);
        let target = self.land(to);
        self.edges.push(Edge {
            source,
            target,
            kind,
            of,
        });
    }

    fn reference(&mut self, from: &'a str, to: &'a str, kind: EdgeKind) {
        self.edge(from, to, kind, EdgeOf::Reference);
    }

    /// The edges a record makes, field by field: its references, or itself
    /// for a stance or relation (with a stance's `asserts` edges after it).
    fn edges_of(&mut self, r: RecordRef<'a>) {
        match r {
            RecordRef::Source(_) | RecordRef::SameAs(_) => {}
            RecordRef::Actor(a) => {
                for t in &a.affiliations {
                    let kind = EdgeKind::Affiliation(t.kind);
                    self.edge(a.id.as_str(), t.actor.as_str(), kind, EdgeOf::Tie(t));
                }
            }
            RecordRef::Proposal(p) => {
                let id = p.id.as_str();
                for by in &p.proposed_by {
                    self.reference(by.as_str(), id, EdgeKind::Proposes);
                }
                if let Some(x) = &p.part_of {
                    self.reference(id, x.as_str(), EdgeKind::PartOf);
                }
                if let Some(x) = &p.supersedes {
                    self.reference(id, x.as_str(), EdgeKind::Supersedes);
                }
                if let Some(x) = &p.answers {
                    self.reference(id, x.as_str(), EdgeKind::Answers);
                }
                for s in &p.sources {
                    self.reference(id, s.as_str(), EdgeKind::ReportedIn);
                }
            }
            RecordRef::Concession(c) => {
                let id = c.id.as_str();
                self.reference(c.by.as_str(), id, EdgeKind::Concedes);
                if let Some(to) = &c.to {
                    self.reference(id, to.as_str(), EdgeKind::ConcedesTo);
                }
                if let Some(x) = &c.required_by {
                    self.reference(x.as_str(), id, EdgeKind::Requires);
                }
            }
            RecordRef::Claim(c) => {
                for about in &c.about {
                    self.reference(c.id.as_str(), about.as_str(), EdgeKind::About);
                }
            }
            RecordRef::Quote(q) => {
                let id = q.id.as_str();
                self.reference(q.speaker.as_str(), id, EdgeKind::Said);
                if let Some(by) = &q.reported_by {
                    self.reference(by.as_str(), id, EdgeKind::Reported);
                }
                self.reference(id, q.source.as_str(), EdgeKind::QuotedIn);
            }
            RecordRef::Stance(s) => {
                let kind = EdgeKind::Stance(s.position);
                self.edge(
                    s.holder.as_str(),
                    s.target.as_str(),
                    kind,
                    EdgeOf::Stance(s),
                );
                // As claimgraph_graph derives it: the position as written.
                let target = self.land(s.target.as_str());
                let on_claim = matches!(self.nodes[target].record(), Some(RecordRef::Claim(_)));
                if s.position == Position::Supports && on_claim {
                    for q in s.evidence.iter().filter_map(|e| e.quote.as_ref()) {
                        let kind = EdgeKind::Asserts;
                        self.edge(q.as_str(), s.target.as_str(), kind, EdgeOf::Asserts(s));
                    }
                }
            }
            RecordRef::Relation(rel) => {
                let kind = EdgeKind::Relation(rel.kind);
                let (from, to) = (rel.from.as_str(), rel.to.as_str());
                self.edge(from, to, kind, EdgeOf::Relation(rel));
            }
            RecordRef::Obligation(o) => {
                let id = o.id.as_str();
                self.reference(o.by.as_str(), id, EdgeKind::Owes);
                if let Some(to) = &o.to {
                    self.reference(id, to.as_str(), EdgeKind::OwedTo);
                }
                if let Some(x) = &o.required_by {
                    self.reference(x.as_str(), id, EdgeKind::Sets);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimgraph_core::{
        Actor, ActorId, ActorKind, Claim, ClaimId, Judgement, RecordId, SameAs, SameAsId,
    };

    fn dataset(judgements: &[(&str, &str)], about: &[&str]) -> Dataset {
        let mut ds = Dataset::new();
        for (id, name) in [("russia", "Russia"), ("moscow", "Moscow")] {
            ds.push(Actor::new(
                ActorId::new(id).unwrap(),
                name,
                ActorKind::State,
            ));
        }
        let mut c = Claim::new(ClaimId::new("c").unwrap(), "about them");
        c.about
            .extend(about.iter().map(|id| RecordId::new(id).unwrap()));
        ds.push(c);
        for (i, (a, b)) in judgements.iter().enumerate() {
            ds.push(SameAs::new(
                SameAsId::new(&format!("j{i}")).unwrap(),
                RecordId::new(a).unwrap(),
                RecordId::new(b).unwrap(),
                Judgement::Positive,
            ));
        }
        ds
    }

    fn ids<'a>(v: &View<'a>) -> Vec<&'a str> {
        v.nodes.iter().map(|n| n.id).collect()
    }

    fn targets<'a>(v: &View<'a>) -> Vec<&'a str> {
        v.edges.iter().map(|e| v.nodes[e.target].id).collect()
    }

    #[test]
    fn a_group_is_one_node_and_every_id_of_it_lands_there() {
        // `kremlin` names no record but answers in `russia`.
        let ds = dataset(
            &[("russia", "moscow"), ("russia", "kremlin")],
            &["moscow", "kremlin", "russia"],
        );
        let v = View::of(&ds).unwrap();
        assert_eq!(ids(&v), ["russia", "c"]);
        let merged: Vec<&str> = v.nodes[0].same_as().iter().map(|r| r.id()).collect();
        assert_eq!(merged, ["moscow"]);
        assert_eq!(targets(&v), ["russia", "russia", "russia"]);
        // Apart, each record is its own node, and `kremlin` is unresolved.
        let v = View::build(&ds, Merge::Apart).unwrap();
        assert_eq!(ids(&v), ["russia", "moscow", "c", "kremlin"]);
        assert_eq!(v.nodes[3].type_name(), "unresolved");
    }

    #[test]
    fn a_group_whose_canonical_id_is_no_node_keeps_its_records_apart() {
        // The group answers in `ghost`, which no record has.
        let ds = dataset(
            &[("ghost", "russia"), ("ghost", "moscow")],
            &["moscow", "ghost"],
        );
        let v = View::of(&ds).unwrap();
        assert_eq!(ids(&v), ["russia", "moscow", "c", "ghost"]);
        assert!(v.nodes.iter().all(|n| n.same_as().is_empty()));
        assert_eq!(targets(&v), ["moscow", "ghost"]);
        assert_eq!(v.nodes[3].label(), "ghost");
    }

    #[test]
    fn shared_ids_are_refused_by_the_first_with_a_count_of_the_others() {
        let mut ds = dataset(&[], &[]);
        for id in ["russia", "moscow", "moscow"] {
            ds.push(Actor::new(
                ActorId::new(id).unwrap(),
                "Twin",
                ActorKind::State,
            ));
        }
        let err = View::of(&ds).unwrap_err();
        let IoError::Content {
            record, message, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(record, "russia");
        assert!(message.ends_with("; 1 other id is shared too"), "{message}");
    }
}
