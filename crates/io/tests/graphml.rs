//! GraphML: golden files of the Ukraine dataset and its networks, what
//! networkx reads back (counts and values, hostile strings included), and a
//! property that every dataset's output parses as XML.

mod support;

use support::{El, parse, snapshot, xml_safe};

use std::process::Command;

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Judgement, Position, RecordType};
use claimgraph_io::IoError;
use claimgraph_io::graphml;
use claimgraph_network::{NetworkOptions, Positions, Statements, network};
use proptest::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers.

fn dataset_xml(ds: &Dataset) -> String {
    let mut out = Vec::new();
    graphml::write_dataset(ds, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn network_xml(net: &claimgraph_network::Network) -> String {
    let mut out = Vec::new();
    graphml::write_network(net, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn congruence(ds: &Dataset) -> claimgraph_network::Network {
    network(&Statements::from_dataset(ds), &NetworkOptions::congruence()).unwrap()
}

/// The `<data>` values of an element, by key id.
fn data(e: &El) -> std::collections::BTreeMap<&str, &str> {
    e.all("data")
        .map(|d| (d.attr("key").unwrap(), d.text.as_str()))
        .collect()
}

/// The ids of the records that are nodes.
fn node_records(ds: &Dataset) -> Vec<&str> {
    ds.records()
        .filter(|r| {
            !matches!(
                r.record_type(),
                RecordType::Stance | RecordType::Relation | RecordType::SameAs
            )
        })
        .map(|r| r.id())
        .collect()
}

/// How many edges a dataset makes: stances, relations, every reference, and
/// an `asserts` edge for each quote of a stance that supports a claim.
fn edge_count(ds: &Dataset) -> usize {
    let mut n = ds.stances().len() + ds.relations().len();
    for s in ds.stances() {
        if s.position == Position::Supports
            && ds.kind_of(s.target.as_str()) == Some(RecordType::Claim)
        {
            n += s.evidence.iter().filter(|e| e.quote.is_some()).count();
        }
    }
    n += ds
        .actors()
        .iter()
        .map(|a| a.affiliations.len())
        .sum::<usize>();
    for p in ds.proposals() {
        n += p.proposed_by.len()
            + p.sources.len()
            + usize::from(p.part_of.is_some())
            + usize::from(p.supersedes.is_some())
            + usize::from(p.answers.is_some());
    }
    for c in ds.concessions() {
        n += 1 + usize::from(c.to.is_some()) + usize::from(c.required_by.is_some());
    }
    for o in ds.obligations() {
        n += 1 + usize::from(o.to.is_some()) + usize::from(o.required_by.is_some());
    }
    n += ds.claims().iter().map(|c| c.about.len()).sum::<usize>();
    for q in ds.quotes() {
        n += 2 + usize::from(q.reported_by.is_some());
    }
    n
}

/// What networkx's `read_graphml` makes of the text: the graph as JSON, or
/// `None` (with a notice) where python3 with networkx is missing.
fn networkx(xml: &str) -> Option<Value> {
    if !support::have(
        "python3",
        &["-c", "import networkx"],
        "python3 with networkx",
    ) {
        return None;
    }
    let mut file = tempfile::NamedTempFile::new().unwrap();
    std::io::Write::write_all(&mut file, xml.as_bytes()).unwrap();
    let script = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
json.dump({
    "directed": g.is_directed(),
    "graph": {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")},
    "nodes": {n: d for n, d in g.nodes(data=True)},
    "edges": [[u, v, d] for u, v, d in g.edges(data=True)],
}, sys.stdout)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "networkx could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn node<'a>(g: &'a Value, id: &str) -> &'a Value {
    g["nodes"]
        .get(id)
        .unwrap_or_else(|| panic!("networkx has no node {id:?}"))
}

/// The edges networkx read whose `record` is the id.
fn edge<'a>(g: &'a Value, record: &str) -> &'a Value {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[2]["record"] == record)
        .unwrap_or_else(|| panic!("networkx has no edge for {record:?}"))
}

// ---------------------------------------------------------------------------
// Golden files.

#[test]
fn the_ukraine_dataset_matches_its_snapshot() {
    snapshot("graphml-ukraine.graphml", &dataset_xml(&support::ukraine()));
}

#[test]
fn the_ukraine_congruence_network_matches_its_snapshot() {
    let net = congruence(&support::ukraine());
    snapshot("graphml-ukraine-congruence.graphml", &network_xml(&net));
}

#[test]
fn the_ukraine_affiliation_network_matches_its_snapshot() {
    let ds = support::ukraine();
    let table = Statements::from_dataset(&ds);
    let net = network(&table, &NetworkOptions::affiliation(Positions::Subtract)).unwrap();
    let mut out = Vec::new();
    graphml::write_network_with_kinds(&net, &table, &mut out).unwrap();
    snapshot(
        "graphml-ukraine-affiliation.graphml",
        &String::from_utf8(out).unwrap(),
    );
}

// ---------------------------------------------------------------------------
// The structure, read back with quick-xml.

#[test]
fn keys_are_declared_once_typed_and_only_when_used() {
    let ds = support::ukraine();
    let doc = parse(&dataset_xml(&ds)).unwrap();
    assert_eq!(doc.name, "graphml");
    assert_eq!(
        doc.attr("xmlns"),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let keys: Vec<&El> = doc.all("key").collect();
    let ids: std::collections::BTreeSet<&str> =
        keys.iter().map(|k| k.attr("id").unwrap()).collect();
    assert_eq!(ids.len(), keys.len(), "a key is declared twice");
    let ty = |id: &str| {
        keys.iter()
            .find(|k| k.attr("id") == Some(id))
            .and_then(|k| k.attr("attr.type"))
    };
    assert_eq!(ty("n_label"), Some("string"));
    assert_eq!(ty("e_confidence"), Some("double"));
    assert_eq!(ty("n_span_start"), Some("long"));
    assert_eq!(ty("e_position"), Some("string"));
    // The Ukraine dataset has no intensities, `extra` fields or same-as groups.
    assert_eq!(ty("e_intensity"), None);
    assert_eq!(ty("n_extra"), None);
    assert_eq!(ty("n_same_as"), None);
    // Every <data> names a declared key of its domain.
    let graph = doc.first("graph");
    assert_eq!(graph.attr("edgedefault"), Some("directed"));
    for (domain, prefix) in [("node", "n_"), ("edge", "e_")] {
        for e in graph.all(domain) {
            for d in e.all("data") {
                let k = d.attr("key").unwrap();
                assert!(k.starts_with(prefix) && ids.contains(k), "{k}");
            }
        }
    }
    assert_eq!(graph.all("node").count(), node_records(&ds).len());
    assert_eq!(graph.all("edge").count(), edge_count(&ds));
}

#[test]
fn a_stance_edge_carries_what_the_stance_says() {
    let ds = support::ukraine();
    let doc = parse(&dataset_xml(&ds)).unwrap();
    let graph = doc.first("graph");
    for s in ds.stances() {
        let e = graph
            .all("edge")
            .find(|e| e.attr("id") == Some(s.id.as_str()))
            .unwrap();
        assert_eq!(e.attr("source"), Some(s.holder.as_str()));
        assert_eq!(e.attr("target"), Some(s.target.as_str()));
        let d = data(e);
        assert_eq!(d["e_edge_type"], "stance");
        assert_eq!(d["e_kind"], s.position.as_str());
        assert_eq!(d["e_position"], s.position.as_str());
        assert_eq!(d["e_effective_position"], s.effective_position().as_str());
        assert_eq!(
            d.get("e_intensity").map(|x| x.parse::<f64>().unwrap()),
            s.intensity
        );
        assert_eq!(
            d.get("e_date").copied(),
            ds.stance_date(s).map(|w| w.to_string()).as_deref()
        );
        let evidence: Vec<claimgraph_core::Evidence> =
            serde_json::from_str(d["e_evidence"]).unwrap();
        assert_eq!(evidence, s.evidence);
        if !s.conditions.is_empty() {
            let c: Vec<String> = serde_json::from_str(d["e_conditions"]).unwrap();
            assert_eq!(c, s.conditions);
        }
    }
}

#[test]
fn records_judged_the_same_are_one_node() {
    let ds = support::story();
    let ids = ds.identities();
    assert!(!ids.is_empty(), "the story has same-as judgements");
    let doc = parse(&dataset_xml(&ds)).unwrap();
    let graph = doc.first("graph");
    let nodes: Vec<&str> = graph.all("node").map(|n| n.attr("id").unwrap()).collect();
    assert!(nodes.contains(&"russia"));
    assert!(!nodes.contains(&"moscow"));
    let russia = graph
        .all("node")
        .find(|n| n.attr("id") == Some("russia"))
        .unwrap();
    assert_eq!(data(russia)["n_same_as"], r#"["moscow"]"#);
    // Every edge ends at a node, and none at a merged record.
    let set: std::collections::BTreeSet<&str> = nodes.iter().copied().collect();
    for e in graph.all("edge") {
        assert!(set.contains(e.attr("source").unwrap()));
        assert!(set.contains(e.attr("target").unwrap()));
    }
    let merged = node_records(&ds)
        .iter()
        .filter(|id| ids.canonical(id) != **id)
        .count();
    assert_eq!(nodes.len(), node_records(&ds).len() - merged);
    assert_eq!(graph.all("edge").count(), edge_count(&ds));
}

#[test]
fn a_reference_that_names_no_node_reaches_a_node_of_its_own() {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-11-20").id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let plan = b.proposal("plan", "Plan").id();
    b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
    b.claim("c1", "the stance is news").about("s1");
    let mut ds = b.build().unwrap();
    let mut broken = claimgraph_core::Claim::new(
        claimgraph_core::ClaimId::new("c2").unwrap(),
        "about nothing",
    );
    broken
        .about
        .push(claimgraph_core::RecordId::new("ghost").unwrap());
    ds.push(broken);
    let doc = parse(&dataset_xml(&ds)).unwrap();
    let graph = doc.first("graph");
    let of = |id: &str| {
        graph
            .all("node")
            .find(|n| n.attr("id") == Some(id))
            .map(data)
    };
    assert_eq!(of("s1").unwrap()["n_record_type"], "stance");
    assert_eq!(of("ghost").unwrap()["n_record_type"], "unresolved");
    assert_eq!(of("ghost").unwrap()["n_label"], "ghost");
}

#[test]
fn two_records_under_one_id_are_refused_by_name() {
    let mut ds = support::ukraine();
    let mut twin = ds.actors()[0].clone();
    twin.name = "a twin".into();
    let id = twin.id.to_string();
    ds.push(twin);
    let err = graphml::write_dataset(&ds, Vec::new()).unwrap_err();
    match &err {
        IoError::Content { record, .. } => assert_eq!(record, &id),
        other => panic!("unexpected error {other}"),
    }
    assert!(err.to_string().contains(&id));
}

#[test]
fn control_characters_become_the_replacement_character_and_markup_stays_text() {
    let mut b = DatasetBuilder::new();
    b.actor(
        "a",
        "bell\u{7} <b>&amp;</b> ]]> \"q\" 'a'\r\nend",
        ActorKind::Person,
    );
    b.claim("c", "nul\u{0} and \u{FFFF}");
    let ds = b.build().unwrap();
    let xml = dataset_xml(&ds);
    assert!(!xml.contains('\u{7}') && !xml.contains('\u{0}') && !xml.contains('\u{FFFF}'));
    assert!(xml.contains("&lt;b&gt;&amp;amp;&lt;/b&gt; ]]&gt;"));
    let doc = parse(&xml).unwrap();
    let graph = doc.first("graph");
    let names: Vec<String> = graph
        .all("node")
        .map(|n| data(n)["n_label"].to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "bell\u{FFFD} <b>&amp;</b> ]]> \"q\" 'a'\r\nend",
            "nul\u{FFFD} and \u{FFFD}"
        ]
    );
}

// ---------------------------------------------------------------------------
// networkx reads what we write.

#[test]
fn networkx_reads_the_ukraine_dataset() {
    let ds = support::ukraine();
    let Some(g) = networkx(&dataset_xml(&ds)) else {
        return;
    };
    assert_eq!(g["directed"], true);
    assert_eq!(
        g["nodes"].as_object().unwrap().len(),
        node_records(&ds).len()
    );
    assert_eq!(g["edges"].as_array().unwrap().len(), edge_count(&ds));
    for a in ds.actors() {
        let n = node(&g, a.id.as_str());
        assert_eq!(n["label"], a.name.as_str());
        assert_eq!(n["name"], a.name.as_str());
        assert_eq!(n["kind"], a.kind.as_str());
        assert_eq!(n["record_type"], "actor");
        if !a.aliases.is_empty() {
            let aliases: Vec<String> =
                serde_json::from_str(n["aliases"].as_str().unwrap()).unwrap();
            assert_eq!(aliases, a.aliases);
        }
    }
    for p in ds.proposals() {
        let n = node(&g, p.id.as_str());
        assert_eq!(n["title"], p.title.as_str());
        if let Some(l) = &p.label {
            assert_eq!(n["point_label"], l.as_str());
        }
    }
    for s in ds.stances() {
        let e = edge(&g, s.id.as_str());
        assert_eq!(e[0], s.holder.as_str());
        assert_eq!(e[1], s.target.as_str());
        assert_eq!(e[2]["position"], s.position.as_str());
        match s.intensity {
            Some(x) => assert_eq!(e[2]["intensity"].as_f64(), Some(x)),
            None => assert!(e[2].get("intensity").is_none()),
        }
        let date = ds.stance_date(s).unwrap().to_string();
        assert_eq!(e[2]["date"], date.as_str());
    }
}

#[test]
fn networkx_reads_a_congruence_network() {
    let ds = support::ukraine();
    let net = congruence(&ds);
    assert!(!net.edges().is_empty());
    let Some(g) = networkx(&network_xml(&net)) else {
        return;
    };
    assert_eq!(g["directed"], false);
    assert_eq!(g["graph"]["kind"], "congruence");
    assert_eq!(g["graph"]["two_mode"], false);
    assert_eq!(g["graph"]["statements"], net.statements());
    assert_eq!(g["nodes"].as_object().unwrap().len(), net.nodes().len());
    for n in net.nodes() {
        let x = node(&g, &n.id);
        assert_eq!(x["label"], &*n.label);
        assert_eq!(x["mode"], "actor");
    }
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(edges.len(), net.edges().len());
    for e in edges {
        let (a, b) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
        assert_eq!(e[2]["weight"].as_f64(), net.weight(a, b), "{a} {b}");
    }
}

#[test]
fn networkx_reads_an_affiliation_network_as_bipartite() {
    // A stance on an actor makes an id both an actor and a target.
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-11-20").id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let dc = b.actor("usa", "United States", ActorKind::State).id();
    let plan = b.proposal("plan", "Plan").id();
    b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
    b.stance("s2", &kyiv, &dc, Position::Opposes).source(&src);
    b.stance("s3", &dc, &plan, Position::Supports).source(&src);
    let ds = b.build().unwrap();
    let table = Statements::from_dataset(&ds);
    let net = network(&table, &NetworkOptions::affiliation(Positions::Ignore)).unwrap();
    let mut out = Vec::new();
    graphml::write_network_with_kinds(&net, &table, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    parse(&xml).unwrap();
    let Some(g) = networkx(&xml) else {
        return;
    };
    assert_eq!(g["graph"]["two_mode"], true);
    assert_eq!(g["nodes"].as_object().unwrap().len(), 4);
    let target = node(&g, "usa (target)");
    assert_eq!(target["record"], "usa");
    assert_eq!(target["bipartite"], 1);
    assert_eq!(target["kind"], "actor");
    assert_eq!(node(&g, "usa")["bipartite"], 0);
    assert_eq!(node(&g, "usa")["kind"], "state");
    assert_eq!(g["edges"].as_array().unwrap().len(), 3);
}

#[test]
fn networkx_reads_the_hostile_dataset_exactly() {
    let ds = support::hostile();
    let xml = dataset_xml(&ds);
    parse(&xml).unwrap();
    let Some(g) = networkx(&xml) else {
        return;
    };
    let nodes = g["nodes"].as_object().unwrap();
    assert_eq!(nodes.len(), node_records(&ds).len());
    assert_eq!(g["edges"].as_array().unwrap().len(), edge_count(&ds));
    // Ids full of quotes, markup, brackets and backslashes are the node ids.
    for id in node_records(&ds) {
        assert!(nodes.contains_key(id), "{id}");
    }
    for a in ds.actors() {
        let n = node(&g, a.id.as_str());
        // Names: quotes, markup, newlines, tabs, RTL marks, 10 kB — exact;
        // control characters as U+FFFD.
        assert_eq!(n["label"], xml_safe(&a.name).as_str());
        assert_eq!(n["name"], xml_safe(&a.name).as_str());
        // Lists are JSON, so even control characters survive.
        if !a.aliases.is_empty() {
            let aliases: Vec<String> =
                serde_json::from_str(n["aliases"].as_str().unwrap()).unwrap();
            assert_eq!(aliases, a.aliases);
        }
    }
    assert!(
        ds.actors().iter().any(|a| a.name.len() >= 10_240),
        "the 10 kB name is there"
    );
    let src = &ds.sources()[0];
    let n = node(&g, src.id.as_str());
    assert_eq!(n["text"], src.text.as_deref().unwrap());
    assert!(src.text.as_deref().unwrap().contains("\r\n"));
    for q in ds.quotes() {
        assert_eq!(node(&g, q.id.as_str())["text"], xml_safe(&q.text).as_str());
    }
    for s in ds.stances() {
        let e = edge(&g, s.id.as_str());
        let c: Vec<String> = serde_json::from_str(e[2]["conditions"].as_str().unwrap()).unwrap();
        assert_eq!(c, s.conditions);
        assert_eq!(e[2]["intensity"].as_f64(), s.intensity);
    }
}

#[test]
fn networkx_reads_the_hostile_networks() {
    let ds = support::hostile();
    let table = Statements::from_dataset(&ds);
    for o in [
        NetworkOptions::affiliation(Positions::Ignore),
        NetworkOptions::new(claimgraph_network::Kind::CoOccurrence),
    ] {
        let net = network(&table, &o).unwrap();
        let xml = network_xml(&net);
        parse(&xml).unwrap();
        let Some(g) = networkx(&xml) else {
            return;
        };
        assert_eq!(g["nodes"].as_object().unwrap().len(), net.nodes().len());
        assert_eq!(g["edges"].as_array().unwrap().len(), net.edges().len());
        for n in net.nodes() {
            assert_eq!(node(&g, &n.id)["label"], xml_safe(&n.label).as_str());
        }
    }
}

#[test]
fn a_negative_judgement_keeps_both_nodes() {
    let mut b = DatasetBuilder::new();
    let a = b.actor("a", "A", ActorKind::State).id();
    let c = b.actor("b", "B", ActorKind::State).id();
    b.same_as("j", &a, &c, Judgement::Negative);
    let ds = b.build().unwrap();
    let doc = parse(&dataset_xml(&ds)).unwrap();
    assert_eq!(doc.first("graph").all("node").count(), 2);
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_dataset_writes_graphml_that_parses(ds in support::datasets()) {
        let xml = dataset_xml(&ds);
        let doc = parse(&xml).map_err(TestCaseError::fail)?;
        let graph = doc.first("graph");
        let ids: Vec<&str> = graph.all("node").map(|n| n.attr("id").unwrap()).collect();
        let expected: Vec<String> = node_records(&ds).iter().map(|id| xml_safe(id)).collect();
        prop_assert_eq!(ids, expected);
        prop_assert_eq!(graph.all("edge").count(), edge_count(&ds));
        for a in ds.actors() {
            let n = graph.all("node").find(|n| n.attr("id") == Some(a.id.as_str())).unwrap();
            let name = xml_safe(&a.name);
            prop_assert_eq!(data(n)["n_name"], name.as_str());
        }
        let net = congruence_or_none(&ds);
        if let Some(net) = net {
            let doc = parse(&network_xml(&net)).map_err(TestCaseError::fail)?;
            prop_assert_eq!(doc.first("graph").all("edge").count(), net.edges().len());
        }
    }
}

fn congruence_or_none(ds: &Dataset) -> Option<claimgraph_network::Network> {
    network(&Statements::from_dataset(ds), &NetworkOptions::congruence()).ok()
}
