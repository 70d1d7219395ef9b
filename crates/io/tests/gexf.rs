//! GEXF 1.3: golden files of the Ukraine dataset, its congruence network and
//! the story's moving windows; what networkx reads back (counts, values,
//! start dates, dynamic weights; hostile strings included), the windows'
//! periods never overlapping, and a property that every dataset's output
//! parses as XML.

mod support;

use support::{El, parse, snapshot, xml_safe};

use std::collections::BTreeMap;
use std::process::Command;

use chrono::NaiveDate;
use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position, RecordType};
use claimgraph_io::gexf;
use claimgraph_network::{
    NetworkOptions, Positions, Span, Statements, Window, date_of, network, windows,
};
use proptest::prelude::*;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers.

fn dataset_xml(ds: &Dataset) -> String {
    let mut out = Vec::new();
    gexf::write_dataset(ds, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn windows_xml(ws: &[Window]) -> String {
    let mut out = Vec::new();
    gexf::write_windows(ws, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn network_xml(net: &claimgraph_network::Network) -> String {
    let mut out = Vec::new();
    gexf::write_network(net, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The story's congruence networks in windows of 3 days moving by 2: they
/// overlap.
fn story_windows() -> Vec<Window> {
    let st = Statements::from_dataset(&support::story());
    windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(3),
        Span::Days(2),
    )
    .unwrap()
}

/// The `<attvalue>`s of an element: (for, value, start, end).
fn attvalues(e: &El) -> Vec<(&str, &str, Option<&str>, Option<&str>)> {
    e.all("attvalues")
        .flat_map(|a| a.all("attvalue"))
        .map(|a| {
            (
                a.attr("for").unwrap(),
                a.attr("value").unwrap(),
                a.attr("start"),
                a.attr("end"),
            )
        })
        .collect()
}

fn value<'a>(e: &'a El, name: &str) -> Option<&'a str> {
    attvalues(e)
        .into_iter()
        .find(|(k, ..)| *k == name)
        .map(|(_, v, ..)| v)
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

/// What networkx's `read_gexf` makes of the text: the graph as JSON, or
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
g = nx.read_gexf(sys.argv[1])
json.dump({
    "directed": g.is_directed(),
    "mode": g.graph.get("mode"),
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

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The periods docs/FORMATS.md (GEXF) promises: window i from the day after
/// window i-1 ends (or its own first day, if later) through its last day.
fn periods(ws: &[Window]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut previous = None;
    for w in ws {
        let first = match previous {
            Some(p) => w.first_day.max(p + 1),
            None => w.first_day,
        };
        out.push((
            day(date_of(first).unwrap()),
            day(date_of(w.last_day).unwrap()),
        ));
        previous = Some(w.last_day);
    }
    out
}

// ---------------------------------------------------------------------------
// Golden files.

#[test]
fn the_ukraine_dataset_matches_its_snapshot() {
    snapshot("gexf-ukraine.gexf", &dataset_xml(&support::ukraine()));
}

#[test]
fn the_ukraine_congruence_network_matches_its_snapshot() {
    let ds = support::ukraine();
    let net = network(
        &Statements::from_dataset(&ds),
        &NetworkOptions::congruence(),
    )
    .unwrap();
    snapshot("gexf-ukraine-congruence.gexf", &network_xml(&net));
}

#[test]
fn the_story_in_moving_windows_matches_its_snapshot() {
    snapshot("gexf-story-windows.gexf", &windows_xml(&story_windows()));
}

// ---------------------------------------------------------------------------
// The structure, read back with quick-xml.

#[test]
fn a_stance_starts_on_its_date_and_other_edges_have_no_time() {
    let ds = support::story();
    let doc = parse(&dataset_xml(&ds)).unwrap();
    assert_eq!(doc.name, "gexf");
    assert_eq!(doc.attr("xmlns"), Some("http://gexf.net/1.3"));
    assert_eq!(doc.attr("version"), Some("1.3"));
    let graph = doc.first("graph");
    assert_eq!(graph.attr("mode"), Some("dynamic"));
    assert_eq!(graph.attr("timeformat"), Some("date"));
    assert_eq!(graph.attr("defaultedgetype"), Some("directed"));
    let modes: Vec<_> = graph
        .all("attributes")
        .map(|a| (a.attr("class").unwrap(), a.attr("mode").unwrap()))
        .collect();
    assert_eq!(modes, [("node", "static"), ("edge", "static")]);
    let edges: Vec<&El> = graph.first("edges").all("edge").collect();
    let mut dates = std::collections::BTreeSet::new();
    for s in ds.stances() {
        let e = edges
            .iter()
            .find(|e| e.attr("id") == Some(s.id.as_str()))
            .unwrap();
        let expected = ds.stance_date(s).map(|d| day(d.date()));
        assert_eq!(e.attr("start"), expected.as_deref(), "{}", s.id);
        assert_eq!(e.attr("end"), None);
        assert_eq!(e.attr("kind"), Some(s.position.as_str()));
        assert_eq!(value(e, "position"), Some(s.position.as_str()));
        dates.extend(expected);
    }
    assert!(dates.len() >= 3, "the story's stances span several days");
    for e in &edges {
        if value(e, "edge_type") != Some("stance") {
            assert_eq!(e.attr("start"), None);
        }
    }
}

#[test]
fn an_undated_stance_has_no_start() {
    let mut b = DatasetBuilder::new();
    let dated = b.source("dated", "Report").published("2025-11-21~").id();
    let undated = b.source("undated", "Leaflet").id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let plan = b.proposal("plan", "Plan").id();
    b.stance("s1", &kyiv, &plan, Position::Opposes)
        .source(&dated);
    b.stance("s2", &kyiv, &plan, Position::Mixed)
        .source(&undated);
    let ds = b.build().unwrap();
    let xml = dataset_xml(&ds);
    let doc = parse(&xml).unwrap();
    let edges: Vec<&El> = doc.first("graph").first("edges").all("edge").collect();
    assert_eq!(edges[0].attr("start"), Some("2025-11-21"));
    assert_eq!(value(edges[0], "date"), Some("2025-11-21~"));
    assert_eq!(edges[1].attr("start"), None);
    let Some(g) = networkx(&xml) else {
        return;
    };
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2);
    let start = |id: &str| {
        edges
            .iter()
            .find(|e| e[2]["id"] == id)
            .map(|e| e[2].get("start").cloned())
            .unwrap()
    };
    assert_eq!(start("s1"), Some(Value::from("2025-11-21")));
    assert_eq!(start("s2"), None);
}

#[test]
fn overlapping_windows_give_periods_that_do_not_overlap() {
    let ws = story_windows();
    assert!(ws.len() >= 3);
    assert!(
        ws.windows(2).any(|p| p[1].first_day <= p[0].last_day),
        "the windows overlap"
    );
    let doc = parse(&windows_xml(&ws)).unwrap();
    let graph = doc.first("graph");
    assert_eq!(graph.attr("timeformat"), Some("date"));
    assert_eq!(graph.attr("defaultedgetype"), Some("undirected"));
    let dynamic = graph
        .all("attributes")
        .find(|a| a.attr("class") == Some("edge"))
        .unwrap();
    assert_eq!(dynamic.attr("mode"), Some("dynamic"));
    let declared: Vec<_> = dynamic
        .all("attribute")
        .map(|a| {
            (
                a.attr("id").unwrap(),
                a.attr("title").unwrap(),
                a.attr("type").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        declared,
        [
            ("weight", "weight", "double"),
            ("window_weight", "window_weight", "double")
        ]
    );
    let expected = periods(&ws);
    let mut seen = 0;
    for e in graph.first("edges").all("edge") {
        let values: Vec<_> = attvalues(e)
            .into_iter()
            .filter(|v| v.0 == "weight")
            .collect();
        let copies: Vec<_> = attvalues(e)
            .into_iter()
            .filter(|v| v.0 == "window_weight")
            .map(|v| (v.1, v.2, v.3))
            .collect();
        let originals: Vec<_> = values.iter().map(|v| (v.1, v.2, v.3)).collect();
        assert_eq!(copies, originals);
        let spells: Vec<(&str, &str)> = e
            .first("spells")
            .all("spell")
            .map(|s| (s.attr("start").unwrap(), s.attr("end").unwrap()))
            .collect();
        assert_eq!(values.len(), spells.len());
        for (v, s) in values.iter().zip(&spells) {
            assert_eq!((v.2.unwrap(), v.3.unwrap()), *s);
            assert!(expected.iter().any(|(a, b)| (a.as_str(), b.as_str()) == *s));
        }
        for pair in spells.windows(2) {
            assert!(pair[0].1 < pair[1].0, "{pair:?} overlap");
        }
        seen += values.len();
    }
    let total: usize = ws.iter().map(|w| w.network.edges().len()).sum();
    assert_eq!(seen, total);
    let description = &doc.first("meta").first("description").text;
    assert!(description.contains("Window 1: "), "{description}");
}

#[test]
fn windows_that_end_on_one_day_are_numbered() {
    let st = Statements::from_dataset(&support::story());
    let ws = windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Statements(4),
        Span::Statements(1),
    )
    .unwrap();
    assert!(ws.windows(2).any(|p| p[0].last_day == p[1].last_day));
    let xml = windows_xml(&ws);
    let doc = parse(&xml).unwrap();
    let graph = doc.first("graph");
    assert_eq!(graph.attr("timeformat"), Some("double"));
    for e in graph.first("edges").all("edge") {
        for (_, _, s, e) in attvalues(e) {
            let n: usize = s.unwrap().parse().unwrap();
            assert_eq!(e, s);
            assert!((1..=ws.len()).contains(&n));
        }
    }
    let Some(g) = networkx(&xml) else {
        return;
    };
    for e in g["edges"].as_array().unwrap() {
        for v in e[2]["window_weight"].as_array().unwrap() {
            let i = v[1].as_f64().unwrap() as usize;
            let (a, b) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
            assert_eq!(v[0].as_f64(), ws[i - 1].network.weight(a, b));
        }
    }
}

#[test]
fn no_windows_make_an_empty_graph() {
    let doc = parse(&windows_xml(&[])).unwrap();
    assert_eq!(doc.first("graph").first("nodes").children.len(), 0);
}

#[test]
fn line_breaks_and_tabs_in_attribute_values_survive_as_references() {
    let mut b = DatasetBuilder::new();
    b.actor("a", "one\ntwo\r\nthree\tfour\rfive", ActorKind::Person);
    let ds = b.build().unwrap();
    let xml = dataset_xml(&ds);
    assert!(xml.contains(r#"label="one&#10;two&#13;&#10;three&#9;four&#13;five""#));
    let doc = parse(&xml).unwrap();
    let n = doc.first("graph").first("nodes").first("node");
    assert_eq!(n.attr("label"), Some("one\ntwo\r\nthree\tfour\rfive"));
    assert_eq!(value(n, "name"), Some("one\ntwo\r\nthree\tfour\rfive"));
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
    assert_eq!(g["mode"], "dynamic");
    assert_eq!(
        g["nodes"].as_object().unwrap().len(),
        node_records(&ds).len()
    );
    let edges = g["edges"].as_array().unwrap();
    for a in ds.actors() {
        let n = node(&g, a.id.as_str());
        assert_eq!(n["label"], a.name.as_str());
        assert_eq!(n["name"], a.name.as_str());
        assert_eq!(n["kind"], a.kind.as_str());
    }
    let stances: Vec<&Value> = edges
        .iter()
        .filter(|e| e[2]["edge_type"] == "stance")
        .collect();
    assert_eq!(stances.len(), ds.stances().len());
    for s in ds.stances() {
        let e = stances
            .iter()
            .find(|e| e[2]["id"] == s.id.as_str())
            .unwrap();
        assert_eq!(e[0], s.holder.as_str());
        assert_eq!(e[1], s.target.as_str());
        assert_eq!(e[2]["position"], s.position.as_str());
        assert_eq!(e[2]["label"], s.position.as_str());
        let start = day(ds.stance_date(s).unwrap().date());
        assert_eq!(e[2]["start"], start.as_str());
        if let Some(c) = s.confidence {
            assert_eq!(e[2]["confidence"].as_f64(), Some(c));
        }
    }
}

#[test]
fn networkx_reads_the_moving_windows_as_dynamic_weights() {
    let ws = story_windows();
    let Some(g) = networkx(&windows_xml(&ws)) else {
        return;
    };
    assert_eq!(g["directed"], false);
    assert_eq!(g["mode"], "dynamic");
    assert_eq!(
        g["nodes"].as_object().unwrap().len(),
        ws[0].network.nodes().len()
    );
    let periods = periods(&ws);
    // (a, b) -> [(weight, start, end)] as the windows say.
    // (source, target) -> [(weight, start, end)] per window.
    type Spells = Vec<(f64, String, String)>;
    let mut expected: BTreeMap<(String, String), Spells> = BTreeMap::new();
    for (i, w) in ws.iter().enumerate() {
        let nodes = w.network.nodes();
        for e in w.network.edges() {
            let (a, b) = (&nodes[e.a as usize].id, &nodes[e.b as usize].id);
            expected
                .entry((a.to_string(), b.to_string()))
                .or_default()
                .push((e.weight, periods[i].0.clone(), periods[i].1.clone()));
        }
    }
    let edges = g["edges"].as_array().unwrap();
    assert_eq!(edges.len(), expected.len());
    for e in edges {
        let (a, b) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
        let want = expected
            .get(&(a.to_owned(), b.to_owned()))
            .or_else(|| expected.get(&(b.to_owned(), a.to_owned())))
            .unwrap();
        // networkx keeps the last of the `weight` values (it declares
        // `weight` static); `window_weight` holds them all.
        assert_eq!(e[2]["weight"].as_f64(), want.last().map(|w| w.0));
        let got: Vec<(f64, String, String)> = e[2]["window_weight"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v[0].as_f64().unwrap(),
                    v[1].as_str().unwrap().to_owned(),
                    v[2].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(&got, want, "{a} {b}");
        let spells = e[2]["spells"].as_array().unwrap();
        assert_eq!(spells.len(), want.len());
    }
    for n in ws[0].network.nodes() {
        assert_eq!(node(&g, &n.id)["label"], &*n.label);
    }
}

#[test]
fn networkx_reads_a_network_and_an_affiliation_network() {
    let ds = support::ukraine();
    let table = Statements::from_dataset(&ds);
    for o in [
        NetworkOptions::congruence(),
        NetworkOptions::affiliation(Positions::Subtract),
    ] {
        let net = network(&table, &o).unwrap();
        let Some(g) = networkx(&network_xml(&net)) else {
            return;
        };
        assert_eq!(g["mode"], "static");
        assert_eq!(g["nodes"].as_object().unwrap().len(), net.nodes().len());
        let edges = g["edges"].as_array().unwrap();
        assert_eq!(edges.len(), net.edges().len());
        for e in edges {
            let (a, b) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
            let w = net.weight(a, b).or_else(|| net.weight(b, a));
            assert_eq!(e[2]["weight"].as_f64(), w, "{a} {b}");
        }
        if net.is_two_mode() {
            for n in net.nodes() {
                let side = i64::from(n.mode == claimgraph_network::NodeMode::Target);
                assert_eq!(node(&g, &n.id)["bipartite"], side);
            }
        }
    }
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
    for id in node_records(&ds) {
        assert!(nodes.contains_key(id), "{id}");
    }
    // Names sit in attribute values here: line breaks, tabs and carriage
    // returns survive as character references; control characters become
    // U+FFFD.
    for a in ds.actors() {
        let n = node(&g, a.id.as_str());
        assert_eq!(n["label"], xml_safe(&a.name).as_str());
        assert_eq!(n["name"], xml_safe(&a.name).as_str());
        if let Some(d) = &a.description {
            assert_eq!(n["description"], xml_safe(d).as_str());
        }
    }
    let src = &ds.sources()[0];
    assert_eq!(
        node(&g, src.id.as_str())["text"],
        src.text.as_deref().unwrap()
    );
    let stances: Vec<&Value> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[2]["edge_type"] == "stance")
        .collect();
    assert_eq!(stances.len(), ds.stances().len());
    for s in ds.stances() {
        let e = stances
            .iter()
            .find(|e| e[2]["id"] == s.id.as_str())
            .unwrap();
        let c: Vec<String> = serde_json::from_str(e[2]["conditions"].as_str().unwrap()).unwrap();
        assert_eq!(c, s.conditions);
        assert_eq!(e[2]["start"], "2025-11-20");
    }
}

#[test]
fn networkx_reads_the_hostile_windows() {
    let st = Statements::from_dataset(&support::hostile());
    let ws = windows(
        &st,
        &NetworkOptions::affiliation(Positions::Ignore),
        Span::Days(1),
        Span::Days(1),
    )
    .unwrap();
    let xml = windows_xml(&ws);
    parse(&xml).unwrap();
    let Some(g) = networkx(&xml) else {
        return;
    };
    let net = &ws[0].network;
    assert_eq!(g["nodes"].as_object().unwrap().len(), net.nodes().len());
    assert_eq!(g["edges"].as_array().unwrap().len(), net.edges().len());
    for n in net.nodes() {
        let id = match n.mode {
            claimgraph_network::NodeMode::Actor => n.id.to_string(),
            claimgraph_network::NodeMode::Target => {
                // A target that is also an actor is renamed; find it by record.
                g["nodes"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(_, d)| d["record"] == *n.id && d["mode"] == "target")
                    .map(|(k, _)| k.clone())
                    .unwrap()
            }
        };
        assert_eq!(node(&g, &id)["label"], xml_safe(&n.label).as_str());
    }
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_dataset_writes_gexf_that_parses(ds in support::datasets()) {
        let doc = parse(&dataset_xml(&ds)).map_err(TestCaseError::fail)?;
        let graph = doc.first("graph");
        let nodes: Vec<&El> = graph.first("nodes").all("node").collect();
        let ids: Vec<&str> = nodes.iter().map(|n| n.attr("id").unwrap()).collect();
        let expected: Vec<String> = node_records(&ds).iter().map(|id| xml_safe(id)).collect();
        prop_assert_eq!(ids, expected);
        for a in ds.actors() {
            let n = nodes.iter().find(|n| n.attr("id") == Some(a.id.as_str())).unwrap();
            let name = xml_safe(&a.name);
            prop_assert_eq!(n.attr("label"), Some(name.as_str()));
        }
        let stances = graph
            .first("edges")
            .all("edge")
            .filter(|e| value(e, "edge_type") == Some("stance"))
            .count();
        prop_assert_eq!(stances, ds.stances().len());
        let st = Statements::from_dataset(&ds);
        if let Ok(ws) = windows(&st, &NetworkOptions::congruence(), Span::Days(1), Span::Days(1)) {
            parse(&windows_xml(&ws)).map_err(TestCaseError::fail)?;
        }
        if let Ok(net) = network(&st, &NetworkOptions::affiliation(Positions::Ignore)) {
            parse(&network_xml(&net)).map_err(TestCaseError::fail)?;
        }
    }
}
