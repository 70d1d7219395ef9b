//! The four exporters write one graph (`docs/FORMATS.md` (The graph every exporter writes)): the nodes
//! and edges read back from GraphML (quick-xml), GEXF (quick-xml), the CSV
//! node and edge tables (the csv crate) and DOT with every kind drawn (its
//! statements, tooltips and clusters) are the same, node for node and edge
//! for edge — for the Ukraine example, the whole story, the hostile dataset,
//! generated datasets, and a dataset that does not validate. Two records
//! under one id are refused by all four alike.

mod support;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Concession,
    ConcessionId, Dataset, Evidence, Judgement, Obligation, ObligationId, Position, Proposal,
    ProposalId, Quote, QuoteId, QuoteMode, RecordId, Relation, RelationId, RelationKind, SameAs,
    SameAsId, Source, SourceId, Stance, StanceId,
};
use claimgraph_io::csv::unneutralise;
use claimgraph_io::dot::{DotOptions, Written};
use claimgraph_io::{IoError, csv as tables, dot, gexf, graphml};
use proptest::prelude::*;
use quick_xml::events::{BytesStart, Event};

/// (source, target, kind) by node id.
type Edge = (String, String, String);

/// A graph as a format wrote it: node ids in order, edges in order.
#[derive(Debug, PartialEq)]
struct Graph {
    nodes: Vec<String>,
    edges: Vec<Edge>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().map(|a| a.unwrap()).find_map(|a| {
        (a.key.as_ref() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                .unwrap()
                .into_owned()
        })
    })
}

/// The nodes and edges of a GraphML or GEXF file: `<node id>`, and
/// `<edge source target>` with its kind from the edge's `kind` attribute
/// (GEXF) or its `<data key="e_kind">` (GraphML).
fn xml_graph(xml: &str) -> Graph {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut g = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut in_kind = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "node" => g.nodes.push(attr(&e, "id").unwrap()),
                "edge" => g.edges.push((
                    attr(&e, "source").unwrap(),
                    attr(&e, "target").unwrap(),
                    attr(&e, "kind").unwrap_or_default(),
                )),
                "data" => in_kind = attr(&e, "key").as_deref() == Some("e_kind"),
                _ => {}
            },
            Event::Text(t) if in_kind => {
                g.edges.last_mut().unwrap().2 = t.xml10_content().into_owned();
                in_kind = false;
            }
            Event::End(_) => in_kind = false,
            Event::Eof => break,
            _ => {}
        }
    }
    g
}

fn graphml_graph(ds: &Dataset) -> Graph {
    let mut out = Vec::new();
    graphml::write_dataset(ds, &mut out).unwrap();
    xml_graph(std::str::from_utf8(&out).unwrap())
}

fn gexf_graph(ds: &Dataset) -> Graph {
    let mut out = Vec::new();
    gexf::write_dataset(ds, &mut out).unwrap();
    xml_graph(std::str::from_utf8(&out).unwrap())
}

/// The CSV node and edge tables, read by the csv crate and un-neutralised.
fn csv_graph(ds: &Dataset) -> Graph {
    let rows = |bytes: Vec<u8>| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(&bytes[..])
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let cell = |r: &csv::StringRecord, i: usize| unneutralise(&r[i]).to_owned();
    let mut nodes = Vec::new();
    tables::write_nodes(ds, &mut nodes).unwrap();
    let mut edges = Vec::new();
    tables::write_edges(ds, &mut edges).unwrap();
    Graph {
        nodes: rows(nodes).iter().map(|r| cell(r, 0)).collect(),
        // Source, Target, and `kind` (the fifth column).
        edges: rows(edges)
            .iter()
            .map(|r| (cell(r, 0), cell(r, 1), cell(r, 4)))
            .collect(),
    }
}

/// A DOT string's text: `\"`, `\\` and `\n` escapes undone, `&amp;` as `&`.
fn unquote(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.replace("&amp;", "&")
}

/// The quoted value of an attribute in a DOT statement's attribute list.
fn dot_attr(line: &str, key: &str) -> Option<String> {
    let at = line.find(&format!("{key}=\""))? + key.len() + 2;
    let rest = &line[at..];
    let mut end = 0;
    let bytes = rest.as_bytes();
    while end < bytes.len() && bytes[end] != b'"' {
        end += if bytes[end] == b'\\' { 2 } else { 1 };
    }
    Some(unquote(&rest[..end]))
}

/// An edge's kind from its DOT label: the label before a tie's title
/// (`role: ...`), a stance's modality (`supports (negated)`) and the mark of
/// conditions (` *`), its words joined by `_` (`reported in` →
/// `reported_in`, `no comment` → `no_comment`, `argues for` → `argues_for`).
fn kind_of_label(label: &str) -> String {
    let head = label.split(':').next().unwrap_or_default();
    let head = head.split(" (").next().unwrap_or_default();
    head.trim_end_matches(" *").replace(' ', "_")
}

/// The graph DOT drew with every kind on: each node's id from its tooltip
/// (`<type> <id>`, and ` (same as ...)` for a merged node), each edge
/// statement, and for each point drawn inside its plan's cluster the
/// `part_of` edge the cluster stands for.
fn dot_graph(ds: &Dataset) -> (Graph, Written) {
    let mut out = Vec::new();
    let written = dot::write_dataset(ds, &mut out, &DotOptions::all()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut ids: Vec<Option<String>> = Vec::new();
    let mut drawn: Vec<(usize, usize, String)> = Vec::new();
    // The head of each open cluster (its first node), innermost last.
    let mut clusters: Vec<Option<usize>> = Vec::new();
    let mut children: Vec<(usize, usize)> = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("subgraph \"cluster_") {
            clusters.push(None);
            continue;
        }
        if t == "}" {
            clusters.pop();
            continue;
        }
        let Some(rest) = t.strip_prefix('n') else {
            continue;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(a) = digits.parse::<usize>() else {
            continue;
        };
        let after = &rest[digits.len()..];
        if let Some(edge) = after.strip_prefix(" -> n") {
            let digits: String = edge.chars().take_while(char::is_ascii_digit).collect();
            let b = digits.parse().unwrap();
            let label = dot_attr(line, "label").unwrap();
            drawn.push((a, b, kind_of_label(&label)));
            continue;
        }
        let tooltip = dot_attr(line, "tooltip").unwrap();
        let (_, id) = tooltip.split_once(' ').unwrap();
        let id = match id.rfind(" (same as ") {
            Some(at) if line.contains("\\n= ") => &id[..at],
            _ => id,
        };
        if ids.len() <= a {
            ids.resize(a + 1, None);
        }
        ids[a] = Some(id.to_owned());
        let depth = clusters.len();
        if depth > 0 {
            match clusters[depth - 1] {
                None => {
                    clusters[depth - 1] = Some(a);
                    if depth > 1 {
                        let parent = clusters[depth - 2].unwrap();
                        children.push((a, parent));
                    }
                }
                Some(head) => children.push((a, head)),
            }
        }
    }
    let ids: Vec<String> = ids.into_iter().map(Option::unwrap).collect();
    let mut edges: Vec<Edge> = drawn
        .into_iter()
        .map(|(a, b, k)| (ids[a].clone(), ids[b].clone(), k))
        .collect();
    edges.extend(
        children
            .into_iter()
            .map(|(a, b)| (ids[a].clone(), ids[b].clone(), "part_of".to_owned())),
    );
    (Graph { nodes: ids, edges }, written)
}

fn sorted(mut edges: Vec<Edge>) -> Vec<Edge> {
    edges.sort();
    edges
}

/// GraphML's graph, after checking that GEXF and CSV write the same nodes
/// and edges in the same order, and DOT the same nodes in the same order
/// and the same edges (a point's `part_of` as its cluster).
fn one_graph(name: &str, ds: &Dataset) -> Graph {
    let g = graphml_graph(ds);
    assert!(!g.nodes.is_empty(), "{name}");
    assert_eq!(gexf_graph(ds), g, "{name}: GEXF and GraphML differ");
    assert_eq!(csv_graph(ds), g, "{name}: CSV and GraphML differ");
    let (d, written) = dot_graph(ds);
    assert_eq!(d.nodes, g.nodes, "{name}: DOT and GraphML nodes differ");
    let clustered = d.edges.len() - written.edges;
    assert_eq!(written.nodes, g.nodes.len(), "{name}");
    assert_eq!(written.edges + clustered, g.edges.len(), "{name}");
    assert_eq!(
        sorted(d.edges),
        sorted(g.edges.clone()),
        "{name}: DOT and GraphML edges differ"
    );
    g
}

#[test]
fn the_four_formats_write_one_graph() {
    for (name, ds) in [
        ("ukraine", support::ukraine()),
        ("story", support::story()),
        ("hostile", support::hostile()),
    ] {
        let g = one_graph(name, &ds);
        // Every record but stances, relations and judgements is a node, less
        // those merged into their group's node.
        let merged: usize = ds.identities().groups().map(|(_, g)| g.len() - 1).sum();
        let records = ds.len() - ds.stances().len() - ds.relations().len() - ds.same_as().len();
        assert_eq!(g.nodes.len(), records - merged, "{name}");
        // The derived `asserts` edges are in all four.
        let asserts = g.edges.iter().filter(|e| e.2 == "asserts").count();
        if name != "hostile" {
            assert!(asserts > 0, "{name}");
        }
        let stances = g
            .edges
            .iter()
            .filter(|e| ds.stances().iter().any(|s| s.position.as_str() == e.2))
            .count();
        assert_eq!(stances, ds.stances().len(), "{name}");
    }
}

fn actor(id: &str, name: &str) -> Actor {
    Actor::new(ActorId::new(id).unwrap(), name, ActorKind::State)
}

/// A dataset that does not validate, with everything the rules decide:
/// references to no record, a claim about a stance and a relation, a stance
/// whose holder and an evidence quote are missing, a point of a missing plan,
/// and two records judged the same, one tied to the other.
fn invalid() -> Dataset {
    let mut ds = Dataset::new();
    let id = |s: &str| RecordId::new(s).unwrap();
    ds.push(Source::new(SourceId::new("src").unwrap(), "Report"));
    let mut moscow = actor("moscow", "Moscow");
    moscow.affiliations.push(Affiliation::new(
        ActorId::new("russia").unwrap(),
        AffiliationKind::Part,
    ));
    ds.push(actor("russia", "Russia"));
    ds.push(moscow);
    let mut kyiv = actor("kyiv", "Ukraine");
    kyiv.affiliations.push(Affiliation::new(
        ActorId::new("ghost-org").unwrap(),
        AffiliationKind::Member,
    ));
    ds.push(kyiv);
    ds.push(SameAs::new(
        SameAsId::new("j").unwrap(),
        id("russia"),
        id("moscow"),
        Judgement::Positive,
    ));
    let pid = |s: &str| ProposalId::new(s).unwrap();
    let mut plan = Proposal::new(pid("plan"), "Plan");
    plan.proposed_by.push(ActorId::new("moscow").unwrap());
    ds.push(plan);
    let mut p1 = Proposal::new(pid("p1"), "Point one");
    p1.part_of = Some(pid("plan"));
    ds.push(p1);
    let mut p2 = Proposal::new(pid("p2"), "Point of nothing");
    p2.part_of = Some(pid("ghost-plan"));
    ds.push(p2);
    let mut counter = Proposal::new(pid("counter"), "Counter-plan");
    counter.answers = Some(pid("plan"));
    counter.sources.push(SourceId::new("src").unwrap());
    counter.sources.push(SourceId::new("missing-src").unwrap());
    ds.push(counter);
    let mut k = Concession::new(
        ConcessionId::new("k").unwrap(),
        ActorId::new("kyiv").unwrap(),
        "Territory",
    );
    k.to = Some(ActorId::new("russia").unwrap());
    k.required_by = Some(pid("p1"));
    ds.push(k);
    let mut c1 = Claim::new(ClaimId::new("c1").unwrap(), "About records");
    c1.about.extend([id("s1"), id("r1"), id("nobody")]);
    ds.push(c1);
    ds.push(Claim::new(ClaimId::new("c2").unwrap(), "Another"));
    ds.push(Quote::new(
        QuoteId::new("q1").unwrap(),
        ActorId::new("moscow").unwrap(),
        SourceId::new("src").unwrap(),
        QuoteMode::Direct,
        "Yes.",
    ));
    ds.push(Quote::new(
        QuoteId::new("q2").unwrap(),
        ActorId::new("ghost-speaker").unwrap(),
        SourceId::new("src").unwrap(),
        QuoteMode::Indirect,
        "Perhaps.",
    ));
    let sid = |s: &str| StanceId::new(s).unwrap();
    ds.push(Stance::new(
        sid("s1"),
        ActorId::new("kyiv").unwrap(),
        id("plan"),
        Position::Opposes,
    ));
    let mut s2 = Stance::new(
        sid("s2"),
        ActorId::new("ghost-holder").unwrap(),
        id("c2"),
        Position::Supports,
    );
    s2.evidence
        .push(Evidence::quote(QuoteId::new("q1").unwrap()));
    s2.evidence
        .push(Evidence::quote(QuoteId::new("ghost-quote").unwrap()));
    ds.push(s2);
    let mut s3 = Stance::new(
        sid("s3"),
        ActorId::new("moscow").unwrap(),
        id("c1"),
        Position::Supports,
    );
    s3.evidence
        .push(Evidence::quote(QuoteId::new("q2").unwrap()));
    ds.push(s3);
    let rid = |s: &str| RelationId::new(s).unwrap();
    ds.push(Relation::new(
        rid("r1"),
        id("c1"),
        id("c2"),
        RelationKind::Attacks,
    ));
    ds.push(Relation::new(
        rid("r2"),
        id("c1"),
        id("nowhere"),
        RelationKind::Supports,
    ));
    let mut o = Obligation::new(
        ObligationId::new("o").unwrap(),
        ActorId::new("russia").unwrap(),
        "Guarantee",
    );
    o.to = Some(ActorId::new("kyiv").unwrap());
    o.required_by = Some(pid("plan"));
    ds.push(o);
    ds
}

#[test]
fn a_dataset_that_does_not_validate_is_one_graph_too() {
    let ds = invalid();
    assert!(!ds.validate().is_valid());
    let g = one_graph("invalid", &ds);
    // Records in the canonical order (moscow is russia's node), then a
    // placeholder for each id a reference names and no node has, in the
    // order first named.
    assert_eq!(
        g.nodes,
        [
            "src",
            "russia",
            "kyiv",
            "plan",
            "p1",
            "p2",
            "counter",
            "k",
            "c1",
            "c2",
            "q1",
            "q2",
            "o",
            "ghost-org",
            "ghost-plan",
            "missing-src",
            "s1",
            "r1",
            "nobody",
            "ghost-speaker",
            "ghost-holder",
            "ghost-quote",
            "nowhere",
        ]
    );
    let e = |a: &str, b: &str, k: &str| (a.to_owned(), b.to_owned(), k.to_owned());
    // Record by record, field by field; a stance with its `asserts` edges
    // after it; a tie of the merged group to itself kept as a loop.
    assert_eq!(
        g.edges,
        [
            e("russia", "russia", "part"),
            e("kyiv", "ghost-org", "member"),
            e("russia", "plan", "proposes"),
            e("p1", "plan", "part_of"),
            e("p2", "ghost-plan", "part_of"),
            e("counter", "plan", "answers"),
            e("counter", "src", "reported_in"),
            e("counter", "missing-src", "reported_in"),
            e("kyiv", "k", "concedes"),
            e("k", "russia", "concedes_to"),
            e("p1", "k", "requires"),
            e("c1", "s1", "about"),
            e("c1", "r1", "about"),
            e("c1", "nobody", "about"),
            e("russia", "q1", "said"),
            e("q1", "src", "quoted_in"),
            e("ghost-speaker", "q2", "said"),
            e("q2", "src", "quoted_in"),
            e("kyiv", "plan", "opposes"),
            e("ghost-holder", "c2", "supports"),
            e("q1", "c2", "asserts"),
            e("ghost-quote", "c2", "asserts"),
            e("russia", "c1", "supports"),
            e("q2", "c1", "asserts"),
            e("c1", "c2", "attacks"),
            e("c1", "nowhere", "argues_for"),
            e("russia", "o", "owes"),
            e("o", "kyiv", "owed_to"),
            e("plan", "o", "sets"),
        ]
    );
    // Graphviz draws the placeholders and the loop as written.
    if support::have("dot", &["-V"], "Graphviz") {
        let mut out = Vec::new();
        let written = dot::write_dataset(&ds, &mut out, &DotOptions::all()).unwrap();
        let svg = String::from_utf8(dot::render(&out, "svg").unwrap()).unwrap();
        assert_eq!(svg.matches("class=\"node\"").count(), written.nodes);
        assert_eq!(svg.matches("class=\"edge\"").count(), written.edges);
        assert_eq!(svg.matches("class=\"cluster\"").count(), written.clusters);
    }
    // The placeholders say what their id names.
    let mut out = Vec::new();
    tables::write_nodes(&ds, &mut out).unwrap();
    let types: Vec<(String, String)> = csv::Reader::from_reader(&out[..])
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[2].to_owned())
        })
        .collect();
    for (id, kind) in [
        ("ghost-org", "unresolved"),
        ("s1", "stance"),
        ("r1", "relation"),
        ("russia", "actor"),
    ] {
        assert!(
            types.contains(&(id.to_owned(), kind.to_owned())),
            "{id}: {types:?}"
        );
    }
}

#[test]
fn two_records_under_one_id_are_refused_by_all_four_before_writing() {
    for twin in ["actor", "stance"] {
        let mut ds = support::ukraine();
        let id = match twin {
            "actor" => {
                let mut a = ds.actors()[0].clone();
                a.name = "a twin".into();
                let id = a.id.to_string();
                ds.push(a);
                id
            }
            _ => {
                // A stance under an actor's id.
                let a = ds.actors()[1].id.clone();
                let s = Stance::new(
                    StanceId::new(a.as_str()).unwrap(),
                    a.clone(),
                    RecordId::new(a.as_str()).unwrap(),
                    Position::Neutral,
                );
                ds.push(s);
                a.to_string()
            }
        };
        let results: Vec<(&str, Result<(), IoError>, Vec<u8>)> = vec![
            {
                let mut out = Vec::new();
                let r = graphml::write_dataset(&ds, &mut out);
                ("graphml", r, out)
            },
            {
                let mut out = Vec::new();
                let r = gexf::write_dataset(&ds, &mut out);
                ("gexf", r, out)
            },
            {
                let mut out = Vec::new();
                let r = tables::write_nodes(&ds, &mut out);
                ("csv nodes", r, out)
            },
            {
                let mut out = Vec::new();
                let r = tables::write_edges(&ds, &mut out);
                ("csv edges", r, out)
            },
            {
                let mut out = Vec::new();
                let r = dot::write_dataset(&ds, &mut out, &DotOptions::new()).map(|_| ());
                ("dot", r, out)
            },
        ];
        for (format, result, out) in results {
            match result {
                Err(IoError::Content { record, .. }) => assert_eq!(record, id, "{format}"),
                other => panic!("{format}: {other:?}"),
            }
            assert!(out.is_empty(), "{format} wrote before refusing");
        }
        // The stance table is no graph: it is written.
        assert!(tables::write_stances(&ds, Vec::new()).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn every_generated_dataset_is_one_graph(ds in support::datasets()) {
        one_graph("generated", &ds);
    }
}
