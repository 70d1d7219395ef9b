//! AIF JSON in and out: every real map of `../shared/data/aif/` (three QT30
//! maps of BBC Question Time, ARG-tech, and a DialAM-2024 evaluation map)
//! imports with every node, edge and locution accounted for against counts
//! taken from the file itself, and comes back out with the same content;
//! the quirks of real maps; golden files of the Ukraine example's export and
//! of a QT30 map's import; hostile strings; and generated datasets whose
//! export → import → export is stable.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use claimgraph_core::{
    ActorKind, Dataset, DatasetBuilder, Modality, Position, QuoteMode, RecordType, RelationKind,
};
use claimgraph_io::IoError;
use claimgraph_io::aif::{self, AifOptions};
use proptest::prelude::*;
use serde_json::Value;

const MAPS: [&str; 4] = [
    "qt30-nodeset21469.json",
    "qt30-nodeset19098.json",
    "qt30-nodeset21318.json",
    "dialam-test_map1.json",
];

fn export(ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    aif::export(ds, &mut out).unwrap();
    out
}

fn snapshot(name: &str, bytes: &[u8]) {
    let path: PathBuf = support::root()
        .join("crates/io/tests/snapshots")
        .join(format!("aif-{name}"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        )
    });
    assert!(
        want == bytes,
        "{} differs from the output; if the change is intended, run with UPDATE_SNAPSHOTS=1 and review the diff\n--- output ---\n{}",
        path.display(),
        String::from_utf8_lossy(bytes)
    );
}

/// A map of the shared data, parsed by serde_json, and its path.
fn shared_map(name: &str) -> Option<(PathBuf, Value)> {
    let path = support::shared(&format!("aif/{name}"))?;
    let json = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    Some((path, json))
}

fn key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a map holds, counted by the test from the JSON itself.
#[derive(Debug, Default)]
struct Census {
    types: BTreeMap<String, usize>,
    nodes: usize,
    edges: usize,
    locutions: usize,
    distinct_locutions: usize,
    claims: usize,
    quotes: usize,
    relations: usize,
    relation_nodes: usize,
    relation_edges: usize,
    stances: usize,
    stances_by_position: BTreeMap<&'static str, usize>,
}

fn census(map: &Value) -> Census {
    let body = map.get("AIF").unwrap_or(map);
    let nodes = body["nodes"].as_array().unwrap();
    let edges = body["edges"].as_array().unwrap();
    let locutions = body["locutions"].as_array().unwrap();
    let ty: BTreeMap<String, &str> = nodes
        .iter()
        .map(|n| (key(&n["nodeID"]), n["type"].as_str().unwrap()))
        .collect();
    let mut c = Census {
        nodes: nodes.len(),
        edges: edges.len(),
        locutions: locutions.len(),
        distinct_locutions: locutions
            .iter()
            .map(|l| l.to_string())
            .collect::<BTreeSet<_>>()
            .len(),
        ..Census::default()
    };
    for n in nodes {
        *c.types
            .entry(n["type"].as_str().unwrap().to_owned())
            .or_default() += 1;
        match n["type"].as_str().unwrap() {
            "I" if !n["text"].as_str().unwrap().trim().is_empty() => c.claims += 1,
            "L" => c.quotes += 1,
            _ => {}
        }
    }
    let ins = |id: &str, from: &str| -> Vec<String> {
        edges
            .iter()
            .filter(|e| key(&e["toID"]) == id && ty.get(&key(&e["fromID"])) == Some(&from))
            .map(|e| key(&e["fromID"]))
            .collect()
    };
    let outs = |id: &str, to: &str| -> Vec<String> {
        edges
            .iter()
            .filter(|e| key(&e["fromID"]) == id && ty.get(&key(&e["toID"])) == Some(&to))
            .map(|e| key(&e["toID"]))
            .collect()
    };
    for n in nodes {
        let id = key(&n["nodeID"]);
        match n["type"].as_str().unwrap() {
            "RA" | "CA" | "MA" => {
                let conclusions: BTreeSet<String> = outs(&id, "I").into_iter().collect();
                if conclusions.len() == 1 {
                    let premises: BTreeSet<String> = ins(&id, "I")
                        .into_iter()
                        .filter(|p| !conclusions.contains(p))
                        .collect();
                    if !premises.is_empty() {
                        c.relations += premises.len();
                        c.relation_nodes += 1;
                        c.relation_edges += premises.len() + 1;
                    }
                }
            }
            "YA" if ins(&id, "L").len() == 1 && outs(&id, "I").len() == 1 => {
                c.stances += 1;
                let position = match n["text"].as_str().unwrap() {
                    "Asserting" | "Agreeing" => "supports",
                    "Disagreeing" => "opposes",
                    _ => "neutral",
                };
                *c.stances_by_position.entry(position).or_default() += 1;
            }
            _ => {}
        }
    }
    c
}

#[test]
fn every_shared_map_imports_with_every_node_accounted_for() {
    for name in MAPS {
        let Some((path, json)) = shared_map(name) else {
            return;
        };
        let want = census(&json);
        let got = aif::import_path(&path, &AifOptions::new()).unwrap();
        let n = |k: &str| got.counts.get(k).copied().unwrap_or(0);
        assert!(got.warnings.is_empty(), "{name}: {:?}", got.warnings);

        // What the file holds.
        assert_eq!(n("nodes"), want.nodes, "{name}");
        for (ty, count) in &want.types {
            assert_eq!(n(&format!("nodes of type {ty}")), *count, "{name}: {ty}");
        }
        assert_eq!(n("edges"), want.edges, "{name}");
        assert_eq!(n("locutions"), want.locutions, "{name}");

        // What it became.
        let ds = &got.dataset;
        assert_eq!(ds.count(RecordType::Claim), want.claims, "{name}");
        assert_eq!(ds.count(RecordType::Quote), want.quotes, "{name}");
        assert_eq!(ds.count(RecordType::Relation), want.relations, "{name}");
        assert_eq!(ds.count(RecordType::Stance), want.stances, "{name}");
        assert_eq!(ds.count(RecordType::Source), 1, "{name}");
        assert_eq!(n("nodes as relations"), want.relation_nodes, "{name}");
        for (position, count) in &want.stances_by_position {
            let have = ds
                .stances()
                .iter()
                .filter(|s| s.position.as_str() == *position)
                .count();
            assert_eq!(have, *count, "{name}: {position}");
        }
        assert!(ds.validate().is_valid(), "{name}: {}", ds.validate());

        // Every node, edge and locution is somewhere.
        assert_eq!(
            n("nodes as claims")
                + n("nodes as quotes")
                + n("nodes as relations")
                + n("nodes as stances")
                + n("nodes kept in source"),
            want.nodes,
            "{name}"
        );
        assert_eq!(n("edges in relations"), want.relation_edges, "{name}");
        assert_eq!(n("edges in stances"), 2 * want.stances, "{name}");
        assert_eq!(
            n("edges in relations") + n("edges in stances") + n("edges kept in source"),
            want.edges,
            "{name}"
        );
        assert_eq!(
            n("locutions on quotes") + n("locutions collapsed") + n("locutions kept in source"),
            want.locutions,
            "{name}"
        );
        assert_eq!(
            n("locutions collapsed"),
            want.locutions - want.distinct_locutions,
            "{name}"
        );
        let source = &ds.sources()[0];
        let kept = |k: &str| {
            source
                .extra
                .get(k)
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        };
        assert_eq!(kept("aif:nodes"), n("nodes kept in source"), "{name}");
        assert_eq!(kept("aif:edges"), n("edges kept in source"), "{name}");
        assert_eq!(source.title, name.trim_end_matches(".json"));

        // Speakers: the locution's person, else the name in front of the words.
        let body = json.get("AIF").unwrap_or(&json);
        let person: BTreeMap<String, String> = body["locutions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (key(&l["nodeID"]), key(&l["personID"])))
            .collect();
        for q in ds.quotes() {
            let node = key(&q.extra["aif:nodeID"]);
            let speaker = ds.actor(&q.speaker).unwrap();
            assert!(!q.text.starts_with(&format!("{} :", speaker.name)));
            assert!(!q.text.starts_with(&format!("{}:", speaker.name)));
            let named = q.extra.get("aif:prefix") != Some(&Value::from(""));
            match person.get(&node) {
                Some(p) => assert_eq!(key(&speaker.extra["aif:personID"]), *p, "{name}: {node}"),
                None if named => assert_eq!(speaker.extra["aif:speaker"], "text", "{name}: {node}"),
                // No locution and no name in front of the words.
                None => assert_eq!(speaker.kind, ActorKind::Unnamed, "{name}: {node}"),
            }
            if named {
                assert_eq!(speaker.kind, ActorKind::Person, "{name}: {node}");
            }
        }
    }
}

#[test]
fn import_export_import_gives_an_equal_dataset() {
    for name in MAPS {
        let Some((path, _)) = shared_map(name) else {
            return;
        };
        let options = AifOptions::new().title(name);
        let first = aif::import_path(&path, &options).unwrap().dataset;
        let out = export(&first);
        let second = aif::import(&out, &options).unwrap();
        assert!(second.warnings.is_empty(), "{name}: {:?}", second.warnings);
        assert_eq!(second.dataset, first, "{name}");
        assert_eq!(export(&second.dataset), out, "{name}");
    }
}

/// The nodes, edges and locutions of a map as sets of JSON texts.
fn contents(map: &Value) -> [BTreeSet<String>; 3] {
    let body = map.get("AIF").unwrap_or(map);
    ["nodes", "edges", "locutions"].map(|k| {
        body[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.to_string())
            .collect()
    })
}

#[test]
fn export_gives_back_each_map_with_its_ids() {
    for name in MAPS {
        let Some((path, json)) = shared_map(name) else {
            return;
        };
        let ds = aif::import_path(&path, &AifOptions::new()).unwrap().dataset;
        let out: Value = serde_json::from_slice(&export(&ds)).unwrap();
        let [nodes, edges, locutions] = contents(&out);
        let [want_nodes, want_edges, want_locutions] = contents(&json);
        assert_eq!(nodes, want_nodes, "{name}: nodes");
        assert_eq!(edges, want_edges, "{name}: edges");
        assert_eq!(locutions, want_locutions, "{name}: locutions");
        let body = json.get("AIF").unwrap_or(&json);
        assert_eq!(
            out["nodes"].as_array().unwrap().len(),
            body["nodes"].as_array().unwrap().len()
        );
    }
}

#[test]
fn a_qt30_import_matches_its_golden_file() {
    let Some((path, _)) = shared_map("qt30-nodeset21318.json") else {
        return;
    };
    let ds = aif::import_path(&path, &AifOptions::new()).unwrap().dataset;
    snapshot("qt30-nodeset21318.json", ds.to_json().as_bytes());
}

#[test]
fn the_ukraine_export_matches_its_golden_file() {
    let ds = support::ukraine();
    let mut out = Vec::new();
    let counts = aif::export_with_counts(&ds, &mut out).unwrap();
    snapshot("ukraine.json", &out);

    let json: Value = serde_json::from_slice(&out).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let of_type = |t: &str| nodes.iter().filter(|n| n["type"] == t).count();
    assert_eq!(of_type("I"), ds.count(RecordType::Claim));
    assert_eq!(of_type("L"), ds.count(RecordType::Quote));
    let claim_to_claim = ds
        .relations()
        .iter()
        .filter(|r| ds.kind_of(r.to.as_str()) == Some(RecordType::Claim))
        .count();
    assert_eq!(
        of_type("RA") + of_type("CA") + of_type("MA"),
        claim_to_claim
    );
    assert_eq!(
        counts["not carried: proposals"],
        ds.count(RecordType::Proposal)
    );
    assert_eq!(
        counts["skipped relations: not from a claim to a claim"],
        ds.count(RecordType::Relation) - claim_to_claim
    );
    assert_eq!(counts["nodes"], nodes.len());
    // Every stance on a claim with a quote is an illocution of the quote.
    let on_claims = ds
        .stances()
        .iter()
        .filter(|s| ds.kind_of(s.target.as_str()) == Some(RecordType::Claim))
        .count();
    assert_eq!(counts["stances written"], on_claims);
    opens_in_ova(&json);
}

/// What OVA's loader for AIFdb JSON needs: a `nodes` array whose first node
/// has no layout, edges whose ends exist and have ids of the same JSON type,
/// a locution with a "YYYY-MM-DD HH:MM:SS" start (or none) for every L node
/// so it is drawn, L texts that begin with the speaker's name and a colon,
/// and participants with first names and surnames.
fn opens_in_ova(json: &Value) {
    let nodes = json["nodes"].as_array().unwrap();
    assert!(nodes.first().is_none_or(|n| n.get("x").is_none()));
    let ids: BTreeMap<String, &Value> = nodes
        .iter()
        .map(|n| (key(&n["nodeID"]), &n["nodeID"]))
        .collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are unique");
    for n in nodes {
        assert!(n["text"].is_string() && n["type"].is_string(), "{n}");
    }
    for e in json["edges"].as_array().unwrap() {
        for end in ["fromID", "toID"] {
            let node = ids.get(&key(&e[end])).unwrap_or_else(|| panic!("{e}"));
            assert_eq!(node.is_string(), e[end].is_string(), "{e}");
        }
    }
    let located: BTreeSet<String> = json["locutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            // OVA shows the time of "YYYY-MM-DD HH:MM:SS" and loads a day
            // without one.
            if let Some(start) = l.get("start").and_then(Value::as_str) {
                let b = start.as_bytes();
                let time = b.len() >= 19 && b[10] == b' ' && b[13] == b':' && b[16] == b':';
                assert!(b.len() >= 10 && b[4] == b'-' && b[7] == b'-', "{l}");
                assert!(time || b.len() == 10, "{l}");
            }
            key(&l["nodeID"])
        })
        .collect();
    let names: BTreeMap<String, String> = json
        .get("participants")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| {
            let (f, s) = (
                p["firstname"].as_str().unwrap(),
                p["surname"].as_str().unwrap(),
            );
            let name = if f.is_empty() || s.is_empty() {
                format!("{f}{s}")
            } else {
                format!("{f} {s}")
            };
            (key(&p["participantID"]), name)
        })
        .collect();
    for l in json["locutions"].as_array().unwrap() {
        let node = nodes
            .iter()
            .find(|n| key(&n["nodeID"]) == key(&l["nodeID"]))
            .unwrap();
        let name = &names[&key(&l["personID"])];
        assert!(
            node["text"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name} : ")),
            "{node}"
        );
    }
    for n in nodes.iter().filter(|n| n["type"] == "L") {
        assert!(
            located.contains(&key(&n["nodeID"])),
            "L node without a locution: {n}"
        );
    }
}

const XAIF: &str = r#"{
  "AIF": {
    "nodes": [
      {"nodeID": 1, "text": "Bruce: Taxes must fall", "type": "L"},
      {"nodeID": 2, "text": "Asserting", "type": "YA", "scheme": "Asserting", "schemeID": "74"},
      {"nodeID": 3, "text": "Taxes must fall", "type": "I"},
      {"nodeID": 4, "text": "Mary Ann Smith : Then schools close", "type": "L"},
      {"nodeID": 5, "text": "Pure Questioning", "type": "YA"},
      {"nodeID": 6, "text": "schools will close", "type": "I"},
      {"nodeID": 7, "text": "Default Conflict", "type": "CA"},
      {"nodeID": 8, "text": "Default Transition", "type": "TA"},
      {"nodeID": 9, "text": "Disagreeing", "type": "YA"}
    ],
    "edges": [
      {"edgeID": 1, "fromID": 1, "toID": 2},
      {"edgeID": 2, "fromID": 2, "toID": 3},
      {"edgeID": 3, "fromID": 4, "toID": 5},
      {"edgeID": 4, "fromID": 5, "toID": 6},
      {"edgeID": 5, "fromID": 6, "toID": 7},
      {"edgeID": 6, "fromID": 7, "toID": 3},
      {"edgeID": 7, "fromID": 1, "toID": 8},
      {"edgeID": 8, "fromID": 8, "toID": 4},
      {"edgeID": 9, "fromID": 8, "toID": 9},
      {"edgeID": 10, "fromID": 9, "toID": 7}
    ],
    "locutions": [
      {"nodeID": 1, "personID": 11, "start": "2021-05-20 20:33:08", "end": null},
      {"nodeID": 4, "personID": 12, "start": "2021-05-20 20:34:00.250", "end": null}
    ],
    "participants": [
      {"participantID": 11, "firstname": "Fiona", "surname": "Bruce"},
      {"participantID": 12, "firstname": "Mary Ann", "surname": "Smith"},
      {"participantID": 13, "firstname": "", "surname": ""}
    ],
    "schemefulfillments": [{"nodeID": 2, "schemeID": "74"}]
  },
  "text": "Bruce: Taxes must fall. Smith: then schools close.",
  "dialog": true,
  "OVA": {"firstname": "", "surname": "", "url": "", "nodes": [], "edges": []}
}"#;

#[test]
fn the_wrapped_form_reads_participants_and_keeps_what_is_around_it() {
    let got = aif::import(XAIF.as_bytes(), &AifOptions::new()).unwrap();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let ds = &got.dataset;
    assert!(ds.validate().is_valid(), "{}", ds.validate());
    let names: Vec<&str> = ds.actors().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Fiona Bruce", "Mary Ann Smith", "Participant 13"]);
    assert_eq!(got.counts["participants"], 3);

    // The speaker is the participant, whatever the text calls them.
    let q = &ds.quotes()[0];
    assert_eq!(ds.actor(&q.speaker).unwrap().name, "Fiona Bruce");
    assert_eq!(q.text, "Taxes must fall");
    assert_eq!(q.extra["aif:prefix"], "Bruce: ");
    assert_eq!(q.date.unwrap().to_string(), "2021-05-20T20:33:08Z");
    let q = &ds.quotes()[1];
    assert_eq!(q.text, "Then schools close");
    assert!(!q.extra.contains_key("aif:prefix"));
    assert_eq!(q.date.unwrap().to_string(), "2021-05-20T20:34:00.250Z");

    // Illocutions: asserting supports, a question takes no side, and the
    // disagreement anchored in a transition is kept as it is.
    let positions: Vec<Position> = ds.stances().iter().map(|s| s.position).collect();
    assert_eq!(positions, [Position::Supports, Position::Neutral]);
    assert_eq!(ds.stances()[1].extra["aif:text"], "Pure Questioning");
    let r = &ds.relations()[0];
    assert_eq!(r.kind, RelationKind::Attacks);
    assert_eq!(r.extra["aif:nodeID"], 7);

    let source = &ds.sources()[0];
    assert_eq!(source.extra["aif:form"], "xaif");
    assert_eq!(
        source.text.as_deref(),
        Some("Bruce: Taxes must fall. Smith: then schools close.")
    );
    assert_eq!(source.extra["aif:top:dialog"], true);
    assert!(source.extra.contains_key("aif:top:OVA"));
    assert!(source.extra.contains_key("aif:AIF:schemefulfillments"));
    let kept: Vec<&Value> = source.extra["aif:nodes"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(kept.len(), 2, "the TA and the anchored YA");

    // Out in the same form, with the same content; back in, the same dataset.
    let out = export(ds);
    let json: Value = serde_json::from_slice(&out).unwrap();
    let want: Value = serde_json::from_str(XAIF).unwrap();
    for k in ["text", "dialog", "OVA"] {
        assert_eq!(json[k], want[k], "{k}");
    }
    assert_eq!(json["AIF"]["participants"], want["AIF"]["participants"]);
    assert_eq!(
        json["AIF"]["schemefulfillments"],
        want["AIF"]["schemefulfillments"]
    );
    assert_eq!(contents(&json), contents(&want));
    assert_eq!(aif::import(&out, &AifOptions::new()).unwrap().dataset, *ds);
}

#[test]
fn the_quirks_of_real_maps_are_accepted() {
    let map = "\u{feff}".to_owned()
        + r#"{
      "nodes": [
        {"nodeID": 1, "text": "Ann Lee : We must act now", "type": "L"},
        {"nodeID": "2", "text": "Asserting", "type": "YA"},
        {"nodeID": 3, "text": "we must act now", "type": "I", "timestamp": "2020-01-01 10:00:00"},
        {"nodeID": 4, "text": "Analyst: Ann Lee : We must act now", "type": "L"},
        {"nodeID": 5, "text": "an unattached claim", "type": "I", "dc:title": "a field with a colon"},
        {"nodeID": 6, "text": "words with no speaker", "type": "L"},
        {"nodeID": 7, "text": "something else", "type": "XX", "weight": [1, 2]},
        {"text": "no id", "type": "I"},
        {"nodeID": 8, "text": 42, "type": "I"},
        {"nodeID": 3, "text": "a second node 3", "type": "I"},
        {"nodeID": 9, "text": "Bob Ray : Not so fast", "type": "L"},
        {"nodeID": 10, "text": "Ann Lee : Again", "type": "L"}
      ],
      "edges": [
        {"edgeID": 1, "fromID": 1, "toID": 2},
        {"edgeID": 2, "fromID": "2", "toID": "3"},
        {"edgeID": 3, "fromID": 3, "toID": 99},
        {"edgeID": 4, "fromID": 5},
        {"edgeID": 5, "fromID": 3, "toID": 7}
      ],
      "locutions": [
        {"nodeID": "1", "personID": 20, "start": "2020-06-04 21:54:26"},
        {"nodeID": 1, "personID": 20, "start": "2020-06-04 21:54:26"},
        {"nodeID": 9, "personID": "21", "start": "0001-01-01 00:00:00"},
        {"nodeID": 9, "personID": "21", "start": "2020-06-04 21:55:00"},
        {"nodeID": 10, "personID": 20, "start": null},
        {"nodeID": 6, "personID": null, "start": "2020-06-04 21:56:00"},
        {"nodeID": 77, "personID": 20},
        {"nodeID": 3, "personID": 20}
      ],
      "extraKey": {"kept": true}
    }"#;
    let got = aif::import(map.as_bytes(), &AifOptions::new()).unwrap();
    let ds = &got.dataset;
    assert!(ds.validate().is_valid(), "{}", ds.validate());
    let warned = |what: &str| got.warnings.iter().any(|w| format!("{w}").contains(what));
    assert!(
        warned("refers to node 99, which does not exist"),
        "{:?}",
        got.warnings
    );
    assert!(warned("refers to node 77, which does not exist"));
    assert!(warned("node 9: has two different locutions"));
    assert!(warned("node 3: appears twice"));
    assert!(warned("edge 4: has no fromID or no toID"));
    assert!(warned("node 8: an I node without text"));
    assert!(warned("belongs to node 3, of type I"));
    assert_eq!(got.counts["broken references"], 2);
    assert_eq!(got.counts["locutions collapsed"], 1);
    assert_eq!(got.counts["locutions conflicting"], 1);
    assert_eq!(got.counts["nodes"], 12);
    assert_eq!(got.counts["nodes of type XX"], 1);

    // Ids as numbers or strings name the same node.
    assert_eq!(ds.stances().len(), 1);
    assert_eq!(ds.stances()[0].target.as_str(), "aif-3");
    let claims: Vec<&str> = ds.claims().iter().map(|c| c.text.as_str()).collect();
    assert_eq!(claims, ["we must act now", "an unattached claim"]);
    assert_eq!(ds.claims()[0].extra["aif:timestamp"], "2020-01-01 10:00:00");

    // Speakers: by person id, else by the name in front of the words (one
    // actor per name), else unknown.
    let speaker = |i: usize| ds.actor(&ds.quotes()[i].speaker).unwrap();
    assert_eq!(speaker(0).name, "Ann Lee");
    assert_eq!(speaker(1).name, "Analyst");
    assert_eq!(ds.quotes()[1].text, "Ann Lee : We must act now");
    assert_eq!(speaker(2).kind, ActorKind::Unnamed);
    assert_eq!(ds.quotes()[2].text, "words with no speaker");
    assert_eq!(speaker(3).name, "Bob Ray");
    assert_eq!(speaker(4).id, speaker(0).id);

    // Real times are dates; placeholders and nulls are kept, not dated.
    let dates: Vec<Option<String>> = ds
        .quotes()
        .iter()
        .map(|q| q.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        dates,
        [
            Some("2020-06-04T21:54:26Z".to_owned()),
            None,
            Some("2020-06-04T21:56:00Z".to_owned()),
            None,
            None
        ]
    );
    // A person id that names no one stays with its locution.
    assert_eq!(
        ds.quotes()[2].extra["aif:locution"]["personID"],
        Value::Null
    );
    assert_eq!(
        ds.quotes()[3].extra["aif:locution"]["start"],
        "0001-01-01 00:00:00"
    );

    // What maps to nothing is kept in the source, and comes back out.
    let source = &ds.sources()[0];
    assert_eq!(source.extra["aif:top:extraKey"]["kept"], true);
    assert_eq!(source.extra["aif:nodes"].as_array().unwrap().len(), 4);
    let again = aif::import(&export(ds), &AifOptions::new()).unwrap();
    assert_eq!(again.dataset, *ds);
    assert_eq!(again.counts["broken references"], 2);
}

#[test]
fn placeholder_days_are_not_made_dates() {
    let Some((path, _)) = shared_map("qt30-nodeset21318.json") else {
        return;
    };
    let options = AifOptions::new().placeholder_day("2020-10-15".parse().unwrap());
    let ds = aif::import_path(&path, &options).unwrap().dataset;
    assert!(ds.quotes().iter().all(|q| q.date.is_none()));
    let kept = ds
        .quotes()
        .iter()
        .filter_map(|q| q.extra.get("aif:locution"))
        .filter(|l| {
            l["start"]
                .as_str()
                .is_some_and(|s| s.starts_with("2020-10-15"))
        })
        .count();
    assert_eq!(kept, 5);
    // Without the option, the times are the quotes' dates.
    let ds = aif::import_path(&path, &AifOptions::new()).unwrap().dataset;
    assert_eq!(ds.quotes().iter().filter(|q| q.date.is_some()).count(), 5);
}

#[test]
fn a_linked_argument_is_one_relation_per_premise_and_one_node_again() {
    let map = r#"{"nodes": [
        {"nodeID": "a", "text": "premise one", "type": "I"},
        {"nodeID": "b", "text": "premise two", "type": "I"},
        {"nodeID": "c", "text": "conclusion", "type": "I"},
        {"nodeID": "r", "text": "Argument from Expert Opinion", "type": "RA", "scheme": "Argument from Expert Opinion", "schemeID": "14"}],
      "edges": [
        {"edgeID": "1", "fromID": "a", "toID": "r"},
        {"edgeID": "2", "fromID": "b", "toID": "r"},
        {"edgeID": "3", "fromID": "r", "toID": "c"}],
      "locutions": []}"#;
    let got = aif::import(map.as_bytes(), &AifOptions::new()).unwrap();
    let ds = &got.dataset;
    let pairs: Vec<(&str, &str)> = ds
        .relations()
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(pairs, [("aif-a", "aif-c"), ("aif-b", "aif-c")]);
    assert!(
        ds.relations()
            .iter()
            .all(|r| r.kind == RelationKind::Supports && r.extra["aif:nodeID"] == "r")
    );
    let out: Value = serde_json::from_slice(&export(ds)).unwrap();
    assert_eq!(
        contents(&out),
        contents(&serde_json::from_str(map).unwrap())
    );
    assert_eq!(
        aif::import(&serde_json::to_vec(&out).unwrap(), &AifOptions::new())
            .unwrap()
            .dataset,
        *ds
    );

    // Changing the kind writes the scheme of the new kind.
    let mut changed = ds.clone();
    for id in ["aif-r", "aif-r-2"] {
        changed
            .relation_mut(&claimgraph_core::RelationId::new(id).unwrap())
            .unwrap()
            .kind = RelationKind::Attacks;
    }
    let out: Value = serde_json::from_slice(&export(&changed)).unwrap();
    let scheme = out["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["nodeID"] == "r")
        .unwrap();
    assert_eq!(scheme["type"], "CA");
    assert_eq!(scheme["text"], "Default Conflict");
}

#[test]
fn stances_on_claims_become_illocutions_of_their_quotes() {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "A debate").published("2025-11-20").id();
    let ann = b.actor("ann", "Ann Lee", ActorKind::Person).id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    let plan = b.proposal("plan", "The plan").id();
    let c1 = b.claim("c1", "Taxes must fall").id();
    let c2 = b.claim("c2", "Schools will close").id();
    b.relation("r1", &c2, &c1, RelationKind::Attacks);
    b.relation("r2", &c2, &plan, RelationKind::Attacks);
    let q1 = b
        .quote("q1", &ann, &src, QuoteMode::Direct, "Taxes must fall")
        .id();
    let q2 = b
        .quote(
            "q2",
            &eu,
            &src,
            QuoteMode::Paraphrase,
            "Schools would close",
        )
        .date("2025-11-19")
        .id();
    b.stance("s1", &ann, &c1, Position::Supports).quote(&q1);
    b.stance("s2", &eu, &c1, Position::Opposes).quote(&q2);
    b.stance("s3", &eu, &c2, Position::Supports)
        .modality(Modality::Hypothetical)
        .quote(&q2);
    b.stance("s4", &ann, &c2, Position::NoComment).quote(&q1);
    b.stance("s5", &ann, &plan, Position::Supports).quote(&q1);
    let ds = b.build().unwrap();
    let mut out = Vec::new();
    let counts = aif::export_with_counts(&ds, &mut out).unwrap();
    let json: Value = serde_json::from_slice(&out).unwrap();
    opens_in_ova(&json);
    let texts: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "YA")
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Asserting", "Disagreeing", "Default Illocuting"]);
    assert_eq!(counts["stances written"], 3);
    assert_eq!(counts["skipped stances: no comment or no response"], 1);
    assert_eq!(counts["skipped stances: target is not a claim"], 1);
    assert_eq!(counts["skipped relations: not from a claim to a claim"], 1);
    assert_eq!(counts["not carried: proposals"], 1);
    let loc = json["locutions"].as_array().unwrap();
    assert_eq!(loc[1]["start"], "2025-11-19");

    let back = aif::import(&out, &AifOptions::new()).unwrap().dataset;
    assert!(back.validate().is_valid(), "{}", back.validate());
    let positions: Vec<Position> = back.stances().iter().map(|s| s.position).collect();
    assert_eq!(
        positions,
        [Position::Supports, Position::Opposes, Position::Neutral]
    );
    let speakers: Vec<&str> = back.actors().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(speakers, ["Ann Lee", "European Union"]);
    assert_eq!(back.quotes()[1].date.unwrap().to_string(), "2025-11-19");
    assert_eq!(export(&back), out);
}

#[test]
fn hostile_strings_survive_export_and_import() {
    let ds = support::hostile();
    let out = export(&ds);
    let json: Value = serde_json::from_slice(&out).expect("the export is JSON");
    assert_eq!(
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["type"] == "I")
            .count(),
        2
    );
    let back = aif::import(&out, &AifOptions::new()).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let back = back.dataset;
    assert!(back.validate().is_valid(), "{}", back.validate());
    let texts = |d: &Dataset| {
        d.claims()
            .iter()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&back), texts(&ds));
    assert_eq!(back.quotes().len(), ds.quotes().len());
    for (q, original) in back.quotes().iter().zip(ds.quotes()) {
        assert_eq!(q.text, original.text);
        assert_eq!(
            back.actor(&q.speaker).unwrap().name,
            ds.actor(&original.speaker).unwrap().name
        );
    }
    assert_eq!(back.relations().len(), 1);
    assert_eq!(export(&back), out);
}

#[test]
fn input_that_is_not_an_aif_map_is_an_error_that_says_where() {
    match aif::import(b"{\"nodes\": [\n  {\"nodeID\": 1,}\n]}", &AifOptions::new()) {
        Err(IoError::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            assert_eq!((line, column), (2, 16), "{message}");
            assert!(!message.contains("line 2"), "said once: {message}");
        }
        other => panic!("{other:?}"),
    }
    for (input, record) in [
        ("[1, 2]", "the top level"),
        ("{}", "the top level"),
        ("{\"nodes\": 5}", "nodes"),
        ("{\"AIF\": []}", "AIF"),
        ("{\"AIF\": {\"edges\": {}}}", "edges"),
    ] {
        match aif::import(input.as_bytes(), &AifOptions::new()) {
            Err(IoError::Content { record: r, .. }) => assert_eq!(r, record, "{input}"),
            other => panic!("{input}: {other:?}"),
        }
    }
    let missing = support::root().join("no/such/map.json");
    let err = aif::import_path(&missing, &AifOptions::new()).unwrap_err();
    assert!(err.to_string().contains("no/such/map.json"), "{err}");
}

/// The part of a dataset AIF holds: claims, quotes with their speakers'
/// names, claim-to-claim relations, and the stances it can express.
fn aif_part(ds: &Dataset) -> (Vec<String>, Vec<(String, String)>, usize, usize) {
    let claims = ds.claims().iter().map(|c| c.text.clone()).collect();
    let quotes = ds
        .quotes()
        .iter()
        .map(|q| (q.text.clone(), ds.actor(&q.speaker).unwrap().name.clone()))
        .collect();
    let relations = ds
        .relations()
        .iter()
        .filter(|r| ds.kind_of(r.to.as_str()) == Some(RecordType::Claim))
        .count();
    let stances = ds
        .stances()
        .iter()
        .filter(|s| ds.kind_of(s.target.as_str()) == Some(RecordType::Claim))
        .filter(|s| !s.effective_position().is_silence())
        .count();
    (claims, quotes, relations, stances)
}

proptest! {
    #[test]
    fn export_import_export_is_stable(ds in support::datasets()) {
        let first = export(&ds);
        let json: Value = serde_json::from_slice(&first).expect("the export is JSON");
        prop_assert!(json["nodes"].is_array());
        let back = aif::import(&first, &AifOptions::new()).unwrap();
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert!(back.dataset.validate().is_valid(), "{}", back.dataset.validate());
        prop_assert_eq!(aif_part(&back.dataset), aif_part(&ds));
        let second = export(&back.dataset);
        prop_assert_eq!(String::from_utf8(second).unwrap(), String::from_utf8(first).unwrap());
    }
}

/// An id as AIF gives it: a string or a number.
fn aif_id(n: u8, as_text: bool) -> Value {
    if as_text {
        Value::from(n.to_string())
    } else {
        Value::from(n)
    }
}

/// Maps of AIF's shape with real maps' quirks and worse: illocutions and
/// arguments (linked ones too) under a noise of nodes of every type, edges
/// anywhere (to nodes that do not exist as well), ids as strings and
/// numbers and now and then repeated, repeated locutions with placeholder
/// and broken times, and participants or none.
fn maps() -> impl Strategy<Value = Value> {
    let texts = prop::sample::select(vec![
        "Ann Lee : we must act",
        "Bob: no, we must not",
        "a proposition",
        "Asserting",
        "Disagreeing",
        "Default Inference",
        "",
        "   ",
        "Name :",
        "x : y : z",
    ]);
    let types = prop::sample::select(vec!["I", "L", "RA", "CA", "MA", "YA", "TA", "PA", "XX"]);
    let starts = prop::sample::select(vec![
        Value::from("2020-06-04 21:54:26"),
        Value::from("0001-01-01 00:00:00"),
        Value::from("2021-05-20T20:33:08+01:00"),
        Value::from("not a date"),
        Value::Null,
    ]);
    let motif = prop_oneof![
        prop::sample::select(vec![
            "Asserting",
            "Disagreeing",
            "Agreeing",
            "Pure Questioning"
        ])
        // One illocution, or two alike between the same words and claim.
        .prop_flat_map(|force| (Just("YA"), Just(force), 1usize..3)),
        (prop::sample::select(vec!["RA", "CA", "MA"]), 1usize..4)
            .prop_map(|(ty, premises)| (ty, "Default", premises)),
    ];
    (
        prop::collection::vec(motif, 0..4),
        prop::collection::vec((0u8..8, any::<bool>(), types, texts), 0..8),
    )
        .prop_flat_map(move |(motifs, noise)| {
            let total = motifs.iter().map(|(_, _, k)| k + 2).sum::<usize>() + noise.len();
            let end = total as u8 + 2;
            (
                Just(motifs),
                Just(noise),
                prop::collection::vec((0..end, 0..end, any::<bool>()), 0..10),
                prop::collection::vec((0..end, 0u8..4, starts.clone(), any::<bool>()), 0..10),
                prop::option::of(prop::collection::vec((0u8..5, any::<bool>()), 0..4)),
            )
        })
        .prop_map(|(motifs, noise, extra_edges, locutions, participants)| {
            let mut nodes: Vec<Value> = Vec::new();
            let mut edges: Vec<(u8, u8, bool)> = Vec::new();
            let node = |nodes: &mut Vec<Value>, ty: &str, text: &str| {
                let id = nodes.len() as u8;
                nodes.push(serde_json::json!({"nodeID": aif_id(id, id.is_multiple_of(2)), "type": ty, "text": text}));
                id
            };
            for (ty, force, premises) in motifs {
                if ty == "YA" {
                    let l = node(&mut nodes, "L", "Ann Lee : we must act");
                    let yas: Vec<u8> = (0..premises).map(|_| node(&mut nodes, "YA", force)).collect();
                    let i = node(&mut nodes, "I", "we must act");
                    for ya in yas {
                        edges.extend([(l, ya, true), (ya, i, false)]);
                    }
                } else {
                    let ps: Vec<u8> = (0..premises).map(|_| node(&mut nodes, "I", "a reason")).collect();
                    let s = node(&mut nodes, ty, "Default");
                    let c = node(&mut nodes, "I", "a conclusion");
                    edges.extend(ps.into_iter().map(|p| (p, s, true)));
                    edges.push((s, c, false));
                }
            }
            // Noise: node i has id i, but now and then repeats an earlier id.
            for (dup, s, ty, text) in noise {
                let i = nodes.len() as u8;
                let id = if dup == 0 { i / 2 } else { i };
                nodes.push(serde_json::json!({"nodeID": aif_id(id, s), "type": ty, "text": text}));
            }
            edges.extend(extra_edges);
            let edges: Vec<Value> = edges
                .into_iter()
                .enumerate()
                .map(|(i, (from, to, s))| {
                    serde_json::json!({"edgeID": i, "fromID": aif_id(from, s), "toID": aif_id(to, !s)})
                })
                .collect();
            let locutions: Vec<Value> = locutions
                .into_iter()
                .map(|(node, person, start, s)| {
                    serde_json::json!({"nodeID": aif_id(node, s), "personID": aif_id(person, s), "start": start})
                })
                .collect();
            match participants {
                None => serde_json::json!({"nodes": nodes, "edges": edges, "locutions": locutions}),
                Some(ps) => {
                    let ps: Vec<Value> = ps
                        .into_iter()
                        .map(|(id, s)| serde_json::json!({"participantID": aif_id(id, s), "firstname": "P", "surname": id.to_string()}))
                        .collect();
                    serde_json::json!({"AIF": {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": ps}, "text": "t"})
                }
            }
        })
}

proptest! {
    #[test]
    fn any_map_imports_validly_and_round_trips(map in maps()) {
        let bytes = serde_json::to_vec(&map).unwrap();
        let first = aif::import(&bytes, &AifOptions::new()).unwrap();
        let ds = &first.dataset;
        prop_assert!(ds.validate().is_valid(), "{}", ds.validate());
        let c = |k: &str| first.counts[k];
        prop_assert_eq!(
            c("nodes as claims") + c("nodes as quotes") + c("nodes as relations")
                + c("nodes as stances") + c("nodes kept in source"),
            c("nodes")
        );
        prop_assert_eq!(
            c("edges in relations") + c("edges in stances") + c("edges kept in source"),
            c("edges")
        );
        prop_assert_eq!(
            c("locutions on quotes") + c("locutions collapsed") + c("locutions kept in source"),
            c("locutions")
        );
        let out = export(ds);
        let again = aif::import(&out, &AifOptions::new()).unwrap();
        prop_assert_eq!(&again.dataset, ds);
        prop_assert_eq!(export(&again.dataset), out);
    }
}
