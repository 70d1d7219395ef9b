//! The graph itself: records as nodes, typed edges between them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Serialize, Serializer};

use claimgraph_core::{
    ActorId, Affiliation, AffiliationKind, Dataset, Identities, Position, RecordType, RelationKind,
    Stance, When,
};

/// What an edge of the graph stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
#[non_exhaustive]
pub enum EdgeKind {
    /// actor → proposal it puts forward.
    Proposes,
    /// point → the proposal it is part of.
    PartOf,
    /// proposal → the earlier version it replaces.
    Supersedes,
    /// proposal or point → a concession it asks for.
    Requires,
    /// actor → a concession it would make.
    Concedes,
    /// concession → the actor it would be made to.
    ConcedesTo,
    /// actor → a quote of its words.
    Said,
    /// actor → a quote it relays.
    Reported,
    /// quote → the source it appears in.
    QuotedIn,
    /// proposal → a source that reports it.
    ReportedIn,
    /// quote → a claim it is evidence of asserting.
    Asserts,
    /// claim → a record it concerns.
    About,
    /// actor → actor it is tied to (member, role, spokesperson, part).
    Affiliation(AffiliationKind),
    /// holder → target of a stance.
    Stance(Position),
    /// claim → claim or proposal it argues about.
    Relation(RelationKind),
    /// proposal → the proposal it answers (a counter-proposal).
    Answers,
    /// proposal or point → an obligation it sets.
    Sets,
    /// actor → an obligation it owes.
    Owes,
    /// obligation → the actor it is owed to.
    OwedTo,
}

impl EdgeKind {
    /// A short name: `proposes`, `part_of`, `supports`, `member`, ...
    pub fn name(&self) -> &'static str {
        match self {
            EdgeKind::Proposes => "proposes",
            EdgeKind::PartOf => "part_of",
            EdgeKind::Supersedes => "supersedes",
            EdgeKind::Requires => "requires",
            EdgeKind::Concedes => "concedes",
            EdgeKind::ConcedesTo => "concedes_to",
            EdgeKind::Said => "said",
            EdgeKind::Reported => "reported",
            EdgeKind::QuotedIn => "quoted_in",
            EdgeKind::ReportedIn => "reported_in",
            EdgeKind::Asserts => "asserts",
            EdgeKind::About => "about",
            EdgeKind::Affiliation(k) => k.as_str(),
            EdgeKind::Stance(p) => p.as_str(),
            EdgeKind::Relation(RelationKind::Supports) => "argues_for",
            EdgeKind::Relation(RelationKind::Attacks) => "attacks",
            EdgeKind::Relation(RelationKind::Rephrases) => "rephrases",
            EdgeKind::Relation(_) => "relation",
            EdgeKind::Answers => "answers",
            EdgeKind::Sets => "sets",
            EdgeKind::Owes => "owes",
            EdgeKind::OwedTo => "owed_to",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeData<'a> {
    pub(crate) kind: RecordType,
    pub(crate) id: &'a str,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct EdgeData<'a> {
    pub(crate) kind: EdgeKind,
    pub(crate) stance: Option<&'a Stance>,
}

/// One edge, as [`ClaimGraph::edges`] yields it.
#[derive(Clone, Copy, Debug)]
pub struct GraphEdge<'a> {
    /// The id of the record the edge leaves.
    pub from: &'a str,
    /// The id of the record it reaches.
    pub to: &'a str,
    /// What it stands for.
    pub kind: EdgeKind,
    /// The stance, for stance edges.
    pub stance: Option<&'a Stance>,
}

/// Each record's node, by kind and by position in the dataset's list of
/// that kind (`NodeIndex::end()` for a record without one): an id is found
/// through the dataset's own index, with no second table of ids.
#[derive(Debug, Default)]
struct NodeIndexMap {
    by_kind: Vec<Vec<NodeIndex>>,
}

impl NodeIndexMap {
    fn get(&self, ds: &Dataset, id: &str) -> Option<NodeIndex> {
        let (kind, pos) = ds.locate(id)?;
        let ix = *self.by_kind.get(kind as usize)?.get(pos)?;
        (ix != NodeIndex::end()).then_some(ix)
    }
}

/// A graph view of a [`Dataset`]: every record but stances, relations and
/// same-as judgements is a node; stances, relations and every reference are
/// typed edges.
///
/// Records judged the same ([`claimgraph_core::SameAs`]) are one node: every
/// edge goes to the node of the group's canonical id, every answer names the
/// canonical id, and the evidence keeps the ids the records were written with.
///
/// It borrows the dataset, so it is a snapshot: rebuild it after editing.
/// Building takes O(n) for n records and references. A dataset that does not
/// validate still gives a graph: references that do not resolve are left out,
/// and of records sharing an id only the one [`Dataset::get`] answers for is
/// in the graph, with its references and stances.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
/// use claimgraph_graph::{ClaimGraph, Query};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "An article").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).alias("Kyiv").id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// let q = b.quote("q", &kyiv, &src, QuoteMode::Paraphrase, "rejected").id();
/// b.stance("s", &kyiv, &plan, Position::Opposes).quote(&q);
/// let ds = b.build()?;
/// let graph = ClaimGraph::new(&ds);
/// let against = graph.opponents("plan", &Query::new())?;
/// assert_eq!(against[0].actor.as_str(), "ukraine");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ClaimGraph<'a> {
    pub(crate) ds: &'a Dataset,
    pub(crate) graph: DiGraph<NodeData<'a>, EdgeData<'a>>,
    nodes: NodeIndexMap,
    pub(crate) ids: Identities,
    /// The ties leaving each actor that has some, in the order they were
    /// added: roll-up walks these, not the actor's every edge (an actor
    /// with 10^5 quotes and stances has a handful of ties).
    pub(crate) ties_out: BTreeMap<NodeIndex, Vec<(NodeIndex, &'a Affiliation)>>,
    /// The ties reaching each actor that has some.
    pub(crate) ties_in: BTreeMap<NodeIndex, Vec<NodeIndex>>,
}

impl<'a> ClaimGraph<'a> {
    /// Builds the graph of a dataset. O(n).
    pub fn new(ds: &'a Dataset) -> ClaimGraph<'a> {
        let mut g = ClaimGraph {
            ds,
            graph: DiGraph::with_capacity(ds.len(), ds.len() * 2),
            nodes: NodeIndexMap::default(),
            ids: ds.identities(),
            ties_out: BTreeMap::new(),
            ties_in: BTreeMap::new(),
        };
        // Each record's node, by position in its list: `None` for one whose
        // id an earlier record holds. Kept so the records' own references
        // need no second lookup of their ids.
        // Sources have no references of their own.
        g.add_nodes(
            RecordType::Source,
            ds.sources().iter().map(|r| r.id.as_str()),
        );
        let actors = g.add_nodes(RecordType::Actor, ds.actors().iter().map(|r| r.id.as_str()));
        let proposals = g.add_nodes(
            RecordType::Proposal,
            ds.proposals().iter().map(|r| r.id.as_str()),
        );
        let concessions = g.add_nodes(
            RecordType::Concession,
            ds.concessions().iter().map(|r| r.id.as_str()),
        );
        let claims = g.add_nodes(RecordType::Claim, ds.claims().iter().map(|r| r.id.as_str()));
        let quotes = g.add_nodes(RecordType::Quote, ds.quotes().iter().map(|r| r.id.as_str()));
        let obligations = g.add_nodes(
            RecordType::Obligation,
            ds.obligations().iter().map(|r| r.id.as_str()),
        );
        for (a, ix) in ds.actors().iter().zip(actors) {
            let Some(from) = g.own(ix, a.id.as_str()) else {
                continue;
            };
            for af in &a.affiliations {
                g.link_affiliation(from, af);
            }
        }
        for (p, ix) in ds.proposals().iter().zip(proposals) {
            let Some(me) = g.own(ix, p.id.as_str()) else {
                continue;
            };
            for by in &p.proposed_by {
                g.link_to(by.as_str(), me, EdgeKind::Proposes);
            }
            if let Some(parent) = &p.part_of {
                g.link_from(me, parent.as_str(), EdgeKind::PartOf);
            }
            if let Some(old) = &p.supersedes {
                g.link_from(me, old.as_str(), EdgeKind::Supersedes);
            }
            if let Some(other) = &p.answers {
                g.link_from(me, other.as_str(), EdgeKind::Answers);
            }
            for s in &p.sources {
                g.link_from(me, s.as_str(), EdgeKind::ReportedIn);
            }
        }
        for (c, ix) in ds.concessions().iter().zip(concessions) {
            let Some(me) = g.own(ix, c.id.as_str()) else {
                continue;
            };
            g.link_to(c.by.as_str(), me, EdgeKind::Concedes);
            if let Some(to) = &c.to {
                g.link_from(me, to.as_str(), EdgeKind::ConcedesTo);
            }
            if let Some(r) = &c.required_by {
                g.link_to(r.as_str(), me, EdgeKind::Requires);
            }
        }
        for (o, ix) in ds.obligations().iter().zip(obligations) {
            let Some(me) = g.own(ix, o.id.as_str()) else {
                continue;
            };
            g.link_to(o.by.as_str(), me, EdgeKind::Owes);
            if let Some(to) = &o.to {
                g.link_from(me, to.as_str(), EdgeKind::OwedTo);
            }
            if let Some(r) = &o.required_by {
                g.link_to(r.as_str(), me, EdgeKind::Sets);
            }
        }
        for (c, ix) in ds.claims().iter().zip(claims) {
            let Some(me) = g.own(ix, c.id.as_str()) else {
                continue;
            };
            for about in &c.about {
                g.link_from(me, about.as_str(), EdgeKind::About);
            }
        }
        for (q, ix) in ds.quotes().iter().zip(quotes) {
            let Some(me) = g.own(ix, q.id.as_str()) else {
                continue;
            };
            g.link_to(q.speaker.as_str(), me, EdgeKind::Said);
            if let Some(r) = &q.reported_by {
                g.link_to(r.as_str(), me, EdgeKind::Reported);
            }
            g.link_from(me, q.source.as_str(), EdgeKind::QuotedIn);
        }
        let shared = ds.has_duplicate_ids();
        for s in ds.stances() {
            if shared && !is_first(ds.stance(&s.id), s) {
                continue;
            }
            let (Some(h), Some(t)) = (g.node(s.holder.as_str()), g.node(s.target.as_str())) else {
                continue;
            };
            if g.graph[h].kind != RecordType::Actor {
                continue;
            }
            g.graph.add_edge(
                h,
                t,
                EdgeData {
                    kind: EdgeKind::Stance(s.position),
                    stance: Some(s),
                },
            );
            if g.graph[t].kind == RecordType::Claim && s.position == Position::Supports {
                for e in &s.evidence {
                    if let Some(q) = &e.quote {
                        g.link_to(q.as_str(), t, EdgeKind::Asserts);
                    }
                }
            }
        }
        for r in ds.relations() {
            if shared && !is_first(ds.relation(&r.id), r) {
                continue;
            }
            g.link(r.from.as_str(), r.to.as_str(), EdgeKind::Relation(r.kind));
        }
        g
    }

    /// Adds a node for each record of one kind that the dataset answers for
    /// its id (of records sharing an id, the one [`Dataset::get`] finds, so
    /// the graph and the dataset agree), and gives each record's node.
    fn add_nodes(
        &mut self,
        kind: RecordType,
        ids: impl Iterator<Item = &'a str>,
    ) -> Vec<Option<NodeIndex>> {
        // Without a shared id, every record is its id's: no lookup needed.
        let shared = self.ds.has_duplicate_ids();
        let mut own = Vec::with_capacity(self.ds.count(kind));
        let nodes: Vec<Option<NodeIndex>> = ids
            .enumerate()
            .map(|(pos, id)| {
                let ix = (!shared || self.ds.locate(id) == Some((kind, pos)))
                    .then(|| self.graph.add_node(NodeData { kind, id }));
                own.push(ix.unwrap_or_else(NodeIndex::end));
                ix
            })
            .collect();
        let k = kind as usize;
        if self.nodes.by_kind.len() <= k {
            self.nodes.by_kind.resize_with(k + 1, Vec::new);
        }
        self.nodes.by_kind[k] = own;
        nodes
    }

    /// The node a record's own references leave from: its group's, when
    /// judged the same as others; `None` for a record that is not its id's.
    fn own(&self, ix: Option<NodeIndex>, id: &str) -> Option<NodeIndex> {
        let ix = ix?;
        if self.ids.is_empty() {
            Some(ix)
        } else {
            self.node(id)
        }
    }

    fn link(&mut self, from: &str, to: &str, kind: EdgeKind) {
        if let Some(a) = self.node(from) {
            self.link_from(a, to, kind);
        }
    }

    fn link_from(&mut self, a: NodeIndex, to: &str, kind: EdgeKind) {
        if let Some(b) = self.node(to) {
            self.graph.add_edge(a, b, EdgeData { kind, stance: None });
        }
    }

    fn link_to(&mut self, from: &str, b: NodeIndex, kind: EdgeKind) {
        if let Some(a) = self.node(from) {
            self.graph.add_edge(a, b, EdgeData { kind, stance: None });
        }
    }

    fn link_affiliation(&mut self, a: NodeIndex, af: &'a Affiliation) {
        if let Some(b) = self.node(af.actor.as_str()) {
            if a == b {
                return;
            }
            self.graph.add_edge(
                a,
                b,
                EdgeData {
                    kind: EdgeKind::Affiliation(af.kind),
                    stance: None,
                },
            );
            self.ties_out.entry(a).or_default().push((b, af));
            self.ties_in.entry(b).or_default().push(a);
        }
    }

    /// The dataset the graph was built from.
    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    /// How many nodes (records other than stances and relations). O(1).
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many edges. O(1).
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every node as (id, kind), in the dataset's canonical record order.
    /// O(1) per node.
    pub fn nodes(&self) -> impl Iterator<Item = (&'a str, RecordType)> + '_ {
        self.graph.node_weights().map(|n| (n.id, n.kind))
    }

    /// Every edge, in the order they were added (deterministic for a dataset).
    /// O(1) per edge.
    pub fn edges(&self) -> impl Iterator<Item = GraphEdge<'a>> + '_ {
        self.graph.raw_edges().iter().map(|e| GraphEdge {
            from: self.graph[e.source()].id,
            to: self.graph[e.target()].id,
            kind: e.weight.kind,
            stance: e.weight.stance,
        })
    }

    /// The edges leaving a record, in the order they were added; none for an
    /// id that is not a node. O(d log d) for its d edges.
    pub fn edges_from(&self, id: &str) -> Vec<GraphEdge<'a>> {
        self.edges_dir(id, Direction::Outgoing)
    }

    /// The edges reaching a record, in the order they were added; none for an
    /// id that is not a node. O(d log d) for its d edges.
    pub fn edges_to(&self, id: &str) -> Vec<GraphEdge<'a>> {
        self.edges_dir(id, Direction::Incoming)
    }

    fn edges_dir(&self, id: &str, dir: Direction) -> Vec<GraphEdge<'a>> {
        let Some(ix) = self.nodes.get(self.ds, id) else {
            return Vec::new();
        };
        let mut out: Vec<(usize, GraphEdge<'a>)> = self
            .graph
            .edges_directed(ix, dir)
            .map(|e| {
                (
                    e.id().index(),
                    GraphEdge {
                        from: self.graph[e.source()].id,
                        to: self.graph[e.target()].id,
                        kind: e.weight().kind,
                        stance: e.weight().stance,
                    },
                )
            })
            .collect();
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, e)| e).collect()
    }

    /// The node of a record: of its group's canonical id, when judged the
    /// same as others. O(log j) for j judged ids.
    pub(crate) fn node(&self, id: &str) -> Option<NodeIndex> {
        self.nodes.get(self.ds, self.ids.canonical(id))
    }

    /// The identities the graph answers in.
    pub fn identities(&self) -> &Identities {
        &self.ids
    }

    /// The id a record answers in: its group's canonical id (see
    /// [`claimgraph_core::Identities`]), or itself.
    pub fn canonical<'s>(&'s self, id: &'s str) -> &'s str {
        self.ids.canonical(id)
    }

    /// Stance edges leaving an actor.
    pub(crate) fn stances_from(&self, ix: NodeIndex) -> Vec<&'a Stance> {
        let mut out: Vec<(usize, &'a Stance)> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .filter_map(|e| e.weight().stance.map(|s| (e.id().index(), s)))
            .collect();
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// Points below a proposal, each once, by node (cycle-safe). O(p log p +
    /// e) for the p points below it and the e edges reaching them.
    pub(crate) fn descendants(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::from([ix]);
        let mut stack = vec![ix];
        while let Some(n) = stack.pop() {
            for c in self.children(n) {
                if seen.insert(c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort();
        out
    }

    /// The points directly below a proposal. O(e) for the e edges reaching it.
    pub(crate) fn children(&self, ix: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| e.weight().kind == EdgeKind::PartOf)
            .map(|e| e.source())
    }

    /// The proposal a point is part of (the first, if judged the same as
    /// points of others). O(e) for the e edges leaving it.
    pub(crate) fn parent(&self, ix: NodeIndex) -> Option<NodeIndex> {
        self.parents(ix).next()
    }

    /// Every proposal a point is part of: one, or more for a point judged
    /// the same as points of other proposals. O(e) for the e edges leaving it.
    pub(crate) fn parents(&self, ix: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph
            .edges_directed(ix, Direction::Outgoing)
            .filter(|e| e.weight().kind == EdgeKind::PartOf)
            .map(|e| e.target())
    }

    /// The chain of proposals a point is part of, nearest first
    /// (cycle-safe). O(d log d) for its depth d.
    pub(crate) fn ancestors(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::from([ix]);
        let mut cur = ix;
        while let Some(p) = self.parent(cur) {
            if !seen.insert(p) {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// The actors a position of `ix` rolls up to, each with the ties the
    /// position passed through: those reached through ties that carry a
    /// position ([`AffiliationKind::carries_position`]: role, spokesperson,
    /// part — not member) and hold on every given day, not passing through
    /// an actor for which `speaks_for_itself` is true (that actor's own
    /// position stands for it and for those tied to it). Cycle-safe.
    ///
    /// O(r log r) for the r ties reached, however deep: each path is the
    /// path to the actor before it plus one tie ([`Via`] shares the rest),
    /// so a chain of 10^5 ties costs 10^5 steps, not 10^10.
    pub(crate) fn roll_up_reach(
        &self,
        ix: NodeIndex,
        days: &[NaiveDate],
        speaks_for_itself: impl Fn(&str) -> bool,
    ) -> Vec<(NodeIndex, Via)> {
        let mut via: BTreeMap<NodeIndex, Via> = BTreeMap::new();
        let mut seen = BTreeSet::from([ix]);
        let mut stack = vec![(ix, Via::new())];
        while let Some((n, path)) = stack.pop() {
            // Newest tie first, as petgraph lists an actor's edges, so the
            // path found to an actor reached twice is the one it always was.
            for &(t, af) in self.ties_out.get(&n).into_iter().flatten().rev() {
                if !af.kind.carries_position() || !days.iter().all(|d| af.holds_on(&When::Date(*d)))
                {
                    continue;
                }
                if seen.insert(t) && !speaks_for_itself(self.graph[t].id) {
                    let next = path.then(Tie {
                        from: ActorId::new(self.graph[n].id).ok(),
                        to: af.actor.clone(),
                        kind: af.kind,
                        title: af.title.clone(),
                    });
                    via.insert(t, next.clone());
                    stack.push((t, next));
                }
            }
        }
        via.into_iter().collect()
    }

    /// Whether `speaker` speaks for `holder`: it holds an office in it, is its
    /// spokesperson or is a part of it (a ministry, its officials), directly
    /// or through others (a government's spokesperson speaks for the state),
    /// by ties that hold on `day` when one is known — the reach of roll-up
    /// ([`ClaimGraph::roll_up_reach`]). Membership is not enough: a member
    /// state speaks for itself, not for the union. O(r log r) for the r
    /// ties reached, stopping when it reaches `holder`.
    pub(crate) fn speaks_for(&self, speaker: &str, holder: &str, day: Option<NaiveDate>) -> bool {
        let (Some(a), Some(b)) = (self.node(speaker), self.node(holder)) else {
            return false;
        };
        let mut seen = BTreeSet::from([a]);
        let mut stack = vec![a];
        while let Some(n) = stack.pop() {
            for &(t, af) in self.ties_out.get(&n).into_iter().flatten() {
                if !af.carries_position_on(day.map(When::Date).as_ref()) {
                    continue;
                }
                if seen.insert(t) {
                    if t == b {
                        return true;
                    }
                    stack.push(t);
                }
            }
        }
        false
    }

    /// The actors whose positions may roll up to `a`: tied to it, directly
    /// or through others, by ties that carry a position (any dates), by
    /// node. Cycle-safe; O(r log r) for the r ties reached.
    pub(crate) fn speakers_for(&self, a: NodeIndex) -> Vec<NodeIndex> {
        let mut seen = BTreeSet::from([a]);
        let mut stack = vec![a];
        let mut out = Vec::new();
        while let Some(n) = stack.pop() {
            for &from in self.ties_in.get(&n).into_iter().flatten() {
                let carries = self
                    .ties_out
                    .get(&from)
                    .into_iter()
                    .flatten()
                    .any(|&(to, af)| to == n && af.kind.carries_position());
                if carries && seen.insert(from) {
                    out.push(from);
                    stack.push(from);
                }
            }
        }
        out.sort();
        out
    }
}

/// Whether `record` is the one the dataset answers for its id (the first of
/// any duplicates).
fn is_first<T>(found: Option<&T>, record: &T) -> bool {
    found.is_some_and(|f| std::ptr::eq(f, record))
}

/// One tie a position passed through on its way to another actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tie {
    /// The actor tied (the one whose position it was, at the first step).
    /// `None` only if the id could not be read back, which a dataset
    /// cannot produce.
    pub from: Option<ActorId>,
    /// The actor it is tied to, as the affiliation names it.
    pub to: ActorId,
    /// What kind of tie.
    pub kind: AffiliationKind,
    /// The title held, if any ("foreign policy chief").
    pub title: Option<String>,
}

impl fmt::Display for Tie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(from) = &self.from {
            write!(f, "{from} ")?;
        }
        match (&self.kind, &self.title) {
            (_, Some(t)) => write!(f, "({}: {t}) ", self.kind)?,
            _ => write!(f, "({}) ", self.kind)?,
        }
        write!(f, "-> {}", self.to)
    }
}

/// The ties a rolled-up position passed through to reach an actor, first to
/// last ([`Basis::via`](crate::Basis::via)); empty for an actor's own
/// positions.
///
/// The paths to the actors one position reaches share their beginnings, so
/// a `Via` is a shared, persistent path: each tie points to the path before
/// it and knows its depth, so extending or cloning one is O(1), and the
/// paths to every actor up a chain of n ties take n ties of memory, not
/// n²/2. Its ends are at hand in O(1) ([`Via::summary`]: every tie keeps a
/// pointer to the path's first [`Via::ENDS`] ties as well); the ties
/// between are walked only on demand ([`Via::iter`], O(n)).
///
/// It serialises as the list of its [`Tie`]s, whole — as
/// [`EvidenceChain::via`](crate::EvidenceChain::via) does in
/// [`ClaimGraph::why`], which answers for one actor at a time. A
/// [`Basis`](crate::Basis), of which an answer holds one per actor reached,
/// serialises only its [`Via::summary`], so that an answer about n actors
/// up a chain of n ties is O(n), not O(n²).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_graph::{ClaimGraph, Query};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// b.proposal("plan", "Plan");
/// // a0 is part of a1, a1 of a2, ... a9 of a10: a0's stance reaches each.
/// for i in 0..=10 {
///     let a = b.actor(&format!("a{i}"), &format!("Organ {i}"), ActorKind::Organisation);
///     if i < 10 {
///         a.part_of(format!("a{}", i + 1));
///     }
/// }
/// b.stance("s", "a0", "plan", Position::Supports).source(&src);
/// let ds = b.build()?;
/// let graph = ClaimGraph::new(&ds);
/// let q = Query::new().roll_up_members(true);
/// let top = graph.why("a10", "plan", &q)?;
/// let via = &top.chains[0].via;
/// assert_eq!(via.len(), 10);
/// assert_eq!(via.iter().map(|t| t.to.as_str()).nth(4), Some("a5"));
/// let shown = via.summary();
/// assert_eq!((shown.first.len(), shown.omitted, shown.last.len()), (2, 6, 2));
/// assert_eq!(shown.last[1].to.as_str(), "a10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Via(Option<Arc<Step>>);

struct Step {
    tie: Tie,
    before: Via,
    len: usize,
    /// The path's first [`Via::ENDS`] ties, when it is longer than that
    /// (shorter, it is its own beginning).
    head: Via,
}

/// A path of ties as an answer shows it ([`Via::summary`]): whole when it
/// has at most [`Via::SHOWN_WHOLE`] ties, else its first and last
/// [`Via::ENDS`] ties and how many lie between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ViaSummary<'v> {
    /// Every tie of a short path; the first [`Via::ENDS`] of a long one.
    pub first: Vec<&'v Tie>,
    /// How many ties between `first` and `last` are left out: 0 for a
    /// short path.
    pub omitted: usize,
    /// The last [`Via::ENDS`] ties of a long path, first to last; empty for
    /// a short one.
    pub last: Vec<&'v Tie>,
}

impl ViaSummary<'_> {
    /// The ties shown, first to last: `first`, then `last`.
    pub fn shown(&self) -> impl Iterator<Item = &Tie> {
        self.first.iter().chain(&self.last).copied()
    }
}

impl Via {
    /// How many ties a summary shows at each end of a long path.
    pub const ENDS: usize = 2;

    /// The longest path a summary shows whole: one tie more than its two
    /// ends, since leaving out a single tie saves nothing.
    pub const SHOWN_WHOLE: usize = 2 * Via::ENDS + 1;

    /// No ties: an actor's own position.
    pub fn new() -> Via {
        Via(None)
    }

    /// This path followed by one more tie. O(1).
    pub(crate) fn then(&self, tie: Tie) -> Via {
        let len = self.len() + 1;
        let head = if len <= Via::ENDS {
            Via::new()
        } else if self.len() == Via::ENDS {
            self.clone()
        } else {
            self.0.as_ref().map_or_else(Via::new, |s| s.head.clone())
        };
        Via(Some(Arc::new(Step {
            len,
            tie,
            before: self.clone(),
            head,
        })))
    }

    /// How many ties. O(1).
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |s| s.len)
    }

    /// Whether there are none: the position is the actor's own. O(1).
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The last tie, into the actor the position reached. O(1).
    pub fn last(&self) -> Option<&Tie> {
        self.0.as_ref().map(|s| &s.tie)
    }

    /// The first tie, out of the actor whose position it is. O(1).
    pub fn first(&self) -> Option<&Tie> {
        self.beginning().steps().last().map(|s| &s.tie)
    }

    /// The tie at `index`, first to last. O(1) within the first
    /// [`Via::ENDS`], else O(n − index).
    pub fn get(&self, index: usize) -> Option<&Tie> {
        let begun = self.beginning();
        let path = if index < begun.len() { begun } else { self };
        let back = path.len().checked_sub(index + 1)?;
        path.steps().nth(back).map(|s| &s.tie)
    }

    /// The ties, first to last. O(n).
    pub fn iter(&self) -> std::vec::IntoIter<&Tie> {
        let mut ties: Vec<&Tie> = self.steps().map(|s| &s.tie).collect();
        ties.reverse();
        ties.into_iter()
    }

    /// The ties, first to last, as a vector. O(n).
    pub fn to_vec(&self) -> Vec<Tie> {
        self.iter().cloned().collect()
    }

    /// The path as an answer shows it: whole when it has at most
    /// [`Via::SHOWN_WHOLE`] ties, else its first and last [`Via::ENDS`]
    /// ties and the number between. O(1): it never walks the middle.
    pub fn summary(&self) -> ViaSummary<'_> {
        if self.len() <= Via::SHOWN_WHOLE {
            return ViaSummary {
                first: self.iter().collect(),
                omitted: 0,
                last: Vec::new(),
            };
        }
        let mut first: Vec<&Tie> = self.beginning().steps().map(|s| &s.tie).collect();
        first.reverse();
        let mut last: Vec<&Tie> = self.steps().take(Via::ENDS).map(|s| &s.tie).collect();
        last.reverse();
        ViaSummary {
            omitted: self.len() - first.len() - last.len(),
            first,
            last,
        }
    }

    /// Serialises the path as a [`Basis`](crate::Basis) shows it, into the
    /// record it is flattened into: `via`, the ties of its
    /// [`Via::summary`] (left out when there are none), and `via_omitted`,
    /// how many lie between its ends (left out when none). O(1).
    pub(crate) fn serialize_summary<S: Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'v> {
            #[serde(skip_serializing_if = "Vec::is_empty")]
            via: Vec<&'v Tie>,
            #[serde(skip_serializing_if = "is_zero")]
            via_omitted: usize,
        }
        fn is_zero(n: &usize) -> bool {
            *n == 0
        }
        let summary = self.summary();
        Shown {
            via: summary.shown().collect(),
            via_omitted: summary.omitted,
        }
        .serialize(serializer)
    }

    /// The path's first [`Via::ENDS`] ties (all of a shorter path). O(1).
    fn beginning(&self) -> &Via {
        match &self.0 {
            Some(s) if s.len > Via::ENDS => &s.head,
            _ => self,
        }
    }

    /// The steps, last first.
    fn steps(&self) -> impl Iterator<Item = &Step> {
        std::iter::successors(self.0.as_deref(), |s| s.before.0.as_deref())
    }
}

impl Drop for Via {
    // Iterative, so dropping the path up a chain of 10^5 ties does not
    // recurse 10^5 deep; a step another path still shares is left to it.
    fn drop(&mut self) {
        let mut next = self.0.take();
        while let Some(step) = next {
            match Arc::try_unwrap(step) {
                Ok(mut step) => next = step.before.0.take(),
                Err(_) => break,
            }
        }
    }
}

impl std::ops::Index<usize> for Via {
    type Output = Tie;

    /// The tie at `index`, first to last. O(n). Panics past the end, as a
    /// slice does.
    fn index(&self, index: usize) -> &Tie {
        match self.get(index) {
            Some(t) => t,
            None => panic!("tie {index} of a path of {}", self.len()),
        }
    }
}

impl<'v> IntoIterator for &'v Via {
    type Item = &'v Tie;
    type IntoIter = std::vec::IntoIter<&'v Tie>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FromIterator<Tie> for Via {
    fn from_iter<I: IntoIterator<Item = Tie>>(ties: I) -> Via {
        ties.into_iter().fold(Via::new(), |via, t| via.then(t))
    }
}

impl From<Vec<Tie>> for Via {
    fn from(ties: Vec<Tie>) -> Via {
        ties.into_iter().collect()
    }
}

impl PartialEq for Via {
    fn eq(&self, other: &Via) -> bool {
        self.len() == other.len() && self.steps().zip(other.steps()).all(|(a, b)| a.tie == b.tie)
    }
}

impl Eq for Via {}

impl fmt::Debug for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Via {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
