//! The graph itself: records as nodes, typed edges between them.

use chrono::NaiveDate;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

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
    pub(crate) affiliation: Option<&'a Affiliation>,
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

// Lookups only; never iterated, so hashing order cannot reach output.
#[allow(clippy::disallowed_types)]
type NodeIndexMap<'a> = std::collections::HashMap<&'a str, NodeIndex>;

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
    pub(crate) nodes: NodeIndexMap<'a>,
    pub(crate) ids: Identities,
}

impl<'a> ClaimGraph<'a> {
    /// Builds the graph of a dataset. O(n).
    pub fn new(ds: &'a Dataset) -> ClaimGraph<'a> {
        let mut g = ClaimGraph {
            ds,
            graph: DiGraph::with_capacity(ds.len(), ds.len() * 2),
            nodes: NodeIndexMap::with_capacity(ds.len()),
            ids: ds.identities(),
        };
        let ids = ds
            .sources()
            .iter()
            .map(|r| (RecordType::Source, r.id.as_str()))
            .chain(
                ds.actors()
                    .iter()
                    .map(|r| (RecordType::Actor, r.id.as_str())),
            )
            .chain(
                ds.proposals()
                    .iter()
                    .map(|r| (RecordType::Proposal, r.id.as_str())),
            )
            .chain(
                ds.concessions()
                    .iter()
                    .map(|r| (RecordType::Concession, r.id.as_str())),
            )
            .chain(
                ds.claims()
                    .iter()
                    .map(|r| (RecordType::Claim, r.id.as_str())),
            )
            .chain(
                ds.quotes()
                    .iter()
                    .map(|r| (RecordType::Quote, r.id.as_str())),
            )
            .chain(
                ds.obligations()
                    .iter()
                    .map(|r| (RecordType::Obligation, r.id.as_str())),
            );
        for (kind, id) in ids {
            // Only the record the dataset answers for an id becomes its node,
            // so the graph and `Dataset::get` agree on duplicated ids.
            if ds.kind_of(id) == Some(kind) && !g.nodes.contains_key(id) {
                let ix = g.graph.add_node(NodeData { kind, id });
                g.nodes.insert(id, ix);
            }
        }
        for a in ds.actors() {
            if !is_first(ds.actor(&a.id), a) {
                continue;
            }
            for af in &a.affiliations {
                g.link_affiliation(a.id.as_str(), af);
            }
        }
        for p in ds.proposals() {
            if !is_first(ds.proposal(&p.id), p) {
                continue;
            }
            let id = p.id.as_str();
            for by in &p.proposed_by {
                g.link(by.as_str(), id, EdgeKind::Proposes);
            }
            if let Some(parent) = &p.part_of {
                g.link(id, parent.as_str(), EdgeKind::PartOf);
            }
            if let Some(old) = &p.supersedes {
                g.link(id, old.as_str(), EdgeKind::Supersedes);
            }
            if let Some(other) = &p.answers {
                g.link(id, other.as_str(), EdgeKind::Answers);
            }
            for s in &p.sources {
                g.link(id, s.as_str(), EdgeKind::ReportedIn);
            }
        }
        for c in ds.concessions() {
            if !is_first(ds.concession(&c.id), c) {
                continue;
            }
            let id = c.id.as_str();
            g.link(c.by.as_str(), id, EdgeKind::Concedes);
            if let Some(to) = &c.to {
                g.link(id, to.as_str(), EdgeKind::ConcedesTo);
            }
            if let Some(r) = &c.required_by {
                g.link(r.as_str(), id, EdgeKind::Requires);
            }
        }
        for o in ds.obligations() {
            if !is_first(ds.obligation(&o.id), o) {
                continue;
            }
            let id = o.id.as_str();
            g.link(o.by.as_str(), id, EdgeKind::Owes);
            if let Some(to) = &o.to {
                g.link(id, to.as_str(), EdgeKind::OwedTo);
            }
            if let Some(r) = &o.required_by {
                g.link(r.as_str(), id, EdgeKind::Sets);
            }
        }
        for c in ds.claims() {
            if !is_first(ds.claim(&c.id), c) {
                continue;
            }
            for about in &c.about {
                g.link(c.id.as_str(), about.as_str(), EdgeKind::About);
            }
        }
        for q in ds.quotes() {
            if !is_first(ds.quote(&q.id), q) {
                continue;
            }
            let id = q.id.as_str();
            g.link(q.speaker.as_str(), id, EdgeKind::Said);
            if let Some(r) = &q.reported_by {
                g.link(r.as_str(), id, EdgeKind::Reported);
            }
            g.link(id, q.source.as_str(), EdgeKind::QuotedIn);
        }
        for s in ds.stances() {
            if !is_first(ds.stance(&s.id), s) {
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
                    affiliation: None,
                },
            );
            if g.graph[t].kind == RecordType::Claim && s.position == Position::Supports {
                for e in &s.evidence {
                    if let Some(q) = &e.quote {
                        g.link(q.as_str(), s.target.as_str(), EdgeKind::Asserts);
                    }
                }
            }
        }
        for r in ds.relations() {
            if !is_first(ds.relation(&r.id), r) {
                continue;
            }
            g.link(r.from.as_str(), r.to.as_str(), EdgeKind::Relation(r.kind));
        }
        g
    }

    fn link(&mut self, from: &str, to: &str, kind: EdgeKind) {
        if let (Some(a), Some(b)) = (self.node(from), self.node(to)) {
            self.graph.add_edge(
                a,
                b,
                EdgeData {
                    kind,
                    stance: None,
                    affiliation: None,
                },
            );
        }
    }

    fn link_affiliation(&mut self, from: &str, af: &'a Affiliation) {
        if let (Some(a), Some(b)) = (self.node(from), self.node(af.actor.as_str())) {
            if a == b {
                return;
            }
            self.graph.add_edge(
                a,
                b,
                EdgeData {
                    kind: EdgeKind::Affiliation(af.kind),
                    stance: None,
                    affiliation: Some(af),
                },
            );
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
        let Some(&ix) = self.nodes.get(id) else {
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
        self.nodes.get(self.ids.canonical(id)).copied()
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

    /// Stance edges reaching a node, as (stance) in edge order.
    pub(crate) fn stances_on(&self, ix: NodeIndex) -> Vec<&'a Stance> {
        let mut out: Vec<(usize, &'a Stance)> = self
            .graph
            .edges_directed(ix, Direction::Incoming)
            .filter_map(|e| e.weight().stance.map(|s| (e.id().index(), s)))
            .collect();
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, s)| s).collect()
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

    /// Points below a proposal, depth first, each once (cycle-safe). O(points).
    pub(crate) fn descendants(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        seen.insert(ix);
        let mut stack = vec![ix];
        while let Some(n) = stack.pop() {
            let mut children: Vec<NodeIndex> = self
                .graph
                .edges_directed(n, Direction::Incoming)
                .filter(|e| e.weight().kind == EdgeKind::PartOf)
                .map(|e| e.source())
                .collect();
            children.sort();
            for c in children.into_iter().rev() {
                if seen.insert(c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort();
        out
    }

    /// The chain of proposals a point is part of, nearest first (cycle-safe).
    pub(crate) fn ancestors(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        seen.insert(ix);
        let mut cur = ix;
        loop {
            let parent = self
                .graph
                .edges_directed(cur, Direction::Outgoing)
                .find(|e| e.weight().kind == EdgeKind::PartOf)
                .map(|e| e.target());
            match parent {
                Some(p) if seen.insert(p) => {
                    out.push(p);
                    cur = p;
                }
                _ => return out,
            }
        }
    }

    /// The actors a position of `ix` rolls up to, each with the ties the
    /// position passed through: those reached through ties that carry a
    /// position ([`AffiliationKind::carries_position`]: role, spokesperson,
    /// part — not member) and hold on every given day, not passing through
    /// an actor for which `speaks_for_itself` is true (that actor's own
    /// position stands for it and for those tied to it). Cycle-safe; O(r·d)
    /// for the r ties reached and d the depth of the deepest.
    pub(crate) fn roll_up_reach(
        &self,
        ix: NodeIndex,
        days: &[NaiveDate],
        speaks_for_itself: impl Fn(&str) -> bool,
    ) -> Vec<(NodeIndex, Vec<Tie>)> {
        let mut parent: std::collections::BTreeMap<NodeIndex, (NodeIndex, &'a Affiliation)> =
            std::collections::BTreeMap::new();
        let mut seen = std::collections::BTreeSet::new();
        seen.insert(ix);
        let mut stack = vec![ix];
        let mut reached = Vec::new();
        while let Some(n) = stack.pop() {
            for e in self.graph.edges_directed(n, Direction::Outgoing) {
                let Some(af) = e.weight().affiliation else {
                    continue;
                };
                if !af.kind.carries_position() || !days.iter().all(|d| af.holds_on(&When::Date(*d)))
                {
                    continue;
                }
                let t = e.target();
                if seen.insert(t) && !speaks_for_itself(self.graph[t].id) {
                    parent.insert(t, (n, af));
                    reached.push(t);
                    stack.push(t);
                }
            }
        }
        reached.sort();
        reached
            .into_iter()
            .map(|t| {
                let mut path = Vec::new();
                let mut at = t;
                while let Some(&(from, af)) = parent.get(&at) {
                    path.push(Tie {
                        from: ActorId::new(self.graph[from].id).ok(),
                        to: af.actor.clone(),
                        kind: af.kind,
                        title: af.title.clone(),
                    });
                    at = from;
                }
                path.reverse();
                (t, path)
            })
            .collect()
    }

    /// Whether `speaker` speaks for `holder`: it holds an office in it, is its
    /// spokesperson or is a part of it (a ministry, its officials), directly
    /// or through others (a government's spokesperson speaks for the state),
    /// by ties that hold on `day` when one is known — the reach of roll-up
    /// ([`ClaimGraph::roll_up_reach`]). Membership is not enough: a member
    /// state speaks for itself, not for the union. O(r·d) as roll-up.
    pub(crate) fn speaks_for(&self, speaker: &str, holder: &str, day: Option<NaiveDate>) -> bool {
        let (Some(a), Some(b)) = (self.node(speaker), self.node(holder)) else {
            return false;
        };
        let days: Vec<NaiveDate> = day.into_iter().collect();
        self.roll_up_reach(a, &days, |_| false)
            .iter()
            .any(|(n, _)| *n == b)
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

impl std::fmt::Display for Tie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
