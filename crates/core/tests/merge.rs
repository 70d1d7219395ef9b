//! Merging datasets: hand-made cases for each rule, and properties —
//! identity, commutativity up to order, associativity, nothing lost.

use std::collections::BTreeMap;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Comparator, Dataset,
    Evidence, MergeConflict, Merger, Position, ProblemKind, Proposal, ProposalId, Quantity,
    QuoteId, Record, RecordType, Side, Stance, StanceId,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn actor(id: &str, name: &str) -> Actor {
    Actor::new(ActorId::new(id).unwrap(), name, ActorKind::State)
}

fn ds(records: impl IntoIterator<Item = Record>) -> Dataset {
    let mut d = Dataset::new();
    for r in records {
        d.push_record(r);
    }
    d
}

#[test]
fn the_same_record_collapses_and_a_stub_unions_with_the_full_record() {
    let mut full = actor("russia", "Russia");
    full.aliases = vec!["Moscow".into()];
    full.country = Some("RUS".into());
    full.external_ids.insert("wikidata".into(), "Q159".into());
    let stub = actor("russia", "Russia");
    let mut more = actor("russia", "Russia");
    more.aliases = vec!["the Kremlin".into(), "Moscow".into()];
    more.external_ids.insert("cameo".into(), "RUS".into());
    let a = ds([full.clone().into()]);
    let mut m = Merger::new();
    m.add("a", a.clone());
    m.add("stub", ds([stub.into()]));
    m.add("more", ds([more.into()]));
    let m = m.finish();
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let r = &m.dataset.actors()[0];
    assert_eq!(m.dataset.actors().len(), 1);
    assert_eq!(r.aliases, ["Moscow", "the Kremlin"]);
    assert_eq!(r.country.as_deref(), Some("RUS"));
    assert_eq!(r.external_ids.len(), 2);
    // The same content once.
    let m = a.merge(&a);
    assert_eq!(m.dataset.to_json(), a.to_json());
}

#[test]
fn a_field_with_two_values_is_a_conflict_with_both_values_and_origins() {
    let mut first = actor("russia", "Russia");
    first.country = Some("RUS".into());
    first.external_ids.insert("wikidata".into(), "Q159".into());
    let mut last = actor("russia", "Russian Federation");
    last.country = Some("RUS".into());
    last.external_ids.insert("wikidata".into(), "Q1".into());
    let mut m = Merger::new();
    m.add("a.json", ds([first.into()]));
    m.add("b.jsonl", ds([last.into()]));
    let out = m.finish();
    assert!(!out.is_clean());
    let fields: Vec<&str> = out.conflicts.iter().map(|c| c.field.as_str()).collect();
    // Fields come in name order.
    assert_eq!(fields, ["external_ids.wikidata", "name"]);
    let c = &out.conflicts[1];
    assert_eq!(
        (c.first.as_str(), c.last.as_str()),
        (Some("Russia"), Some("Russian Federation"))
    );
    assert_eq!(
        (c.first_origin.as_str(), c.last_origin.as_str()),
        ("a.json", "b.jsonl")
    );
    assert_eq!(c.record_type, RecordType::Actor);
    assert!(
        c.to_string().contains("actor `russia`, field `name`"),
        "{c}"
    );
    // Unresolved: the first value stays.
    assert_eq!(out.dataset.actors()[0].name, "Russia");
}

#[test]
fn a_choice_resolves_one_conflict_and_prefer_resolves_the_rest() {
    let first = ds([actor("russia", "Russia").into(), actor("uk", "UK").into()]);
    let last = ds([
        actor("russia", "Russian Federation").into(),
        actor("uk", "United Kingdom").into(),
    ]);
    let mut m = Merger::new()
        .prefer(Side::First)
        .choose("uk", "name", Side::Last);
    m.add("a", first);
    m.add("b", last);
    let out = m.finish();
    assert!(out.is_clean());
    let names: Vec<&str> = out
        .dataset
        .actors()
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["Russia", "United Kingdom"]);
    let sides: Vec<Option<Side>> = out.conflicts.iter().map(|c| c.resolution).collect();
    assert_eq!(sides, [Some(Side::First), Some(Side::Last)]);
}

#[test]
fn one_id_for_two_kinds_conflicts_on_type() {
    let a = ds([actor("x", "X").into()]);
    let b = ds([Claim::new(ClaimId::new("x").unwrap(), "a claim").into()]);
    let out = a.merge(&b);
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].field, "type");
    assert_eq!(out.conflicts[0].last["type"], "claim");
    assert_eq!(out.dataset.len(), 1);
    // Preferring the last replaces the record, and the old one is reported.
    let mut m = Merger::new().prefer(Side::Last);
    m.add("a", a);
    m.add("b", b);
    let out = m.finish();
    assert_eq!(out.dataset.claims().len(), 1);
    assert!(out.dataset.actors().is_empty());
    assert_eq!(out.dataset.kind_of("x"), Some(RecordType::Claim));
}

#[test]
fn evidence_lists_union_in_order_and_a_stance_collapses() {
    let mut s1 = Stance::new(
        StanceId::new("s").unwrap(),
        ActorId::new("a").unwrap(),
        ActorId::new("b").unwrap(),
        Position::Opposes,
    );
    s1.conditions = vec!["one".into()];
    let mut s2 = s1.clone();
    s2.conditions = vec!["two".into(), "one".into()];
    let out = ds([s1.into()]).merge(&ds([s2.into()]));
    assert!(out.conflicts.is_empty());
    assert_eq!(out.dataset.stances()[0].conditions, ["one", "two"]);
}

// --- Properties -------------------------------------------------------------

/// A full actor for each of a few ids; inputs hold stubs and parts of them.
fn full_actor(i: usize) -> Actor {
    let mut a = actor(&format!("a{i}"), &format!("Actor {i}"));
    a.aliases = (0..3).map(|k| format!("alias {i}-{k}")).collect();
    a.country = Some("FRA".into());
    a.description = Some(format!("description {i}"));
    a.external_ids
        .insert("wikidata".into(), format!("Q{}", i + 1));
    a.external_ids.insert("cameo".into(), format!("C{i}"));
    let mut eu = Affiliation::new(ActorId::new("eu").unwrap(), AffiliationKind::Member);
    eu.title = Some(format!("title {i}"));
    a.affiliations = vec![
        eu,
        Affiliation::new(ActorId::new("nato").unwrap(), AffiliationKind::Member),
    ];
    a
}

/// An input: some actors, each with a subset of the full record's parts,
/// its aliases in some order. With `conflicts`, names and affiliation titles
/// may be changed, and an id may name a claim instead of an actor.
fn input(conflicts: bool) -> impl Strategy<Value = Dataset> {
    prop::collection::vec(
        (
            0usize..5,
            any::<u8>(),
            prop::sample::subsequence(vec![0, 1, 2], 0..=3),
            any::<bool>(),
            0u8..4,
        ),
        0..6,
    )
    .prop_map(move |picks| {
        let mut d = Dataset::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, mask, aliases, rename, kind) in picks {
            if !seen.insert(i) {
                continue;
            }
            let full = full_actor(i);
            if conflicts && kind == 0 {
                let id = ClaimId::new(full.id.as_str()).unwrap();
                d.push(Claim::new(id, format!("claim {i} {}", mask % 2)));
                continue;
            }
            let mut a = actor(full.id.as_str(), &full.name);
            a.aliases = aliases
                .iter()
                .rev()
                .map(|&k| full.aliases[k].clone())
                .collect();
            if mask & 1 != 0 {
                a.country = full.country.clone();
            }
            if mask & 2 != 0 {
                a.description = full.description.clone();
            }
            if mask & 4 != 0 {
                a.external_ids
                    .insert("wikidata".into(), full.external_ids["wikidata"].clone());
            }
            if mask & 8 != 0 {
                a.external_ids
                    .insert("cameo".into(), full.external_ids["cameo"].clone());
            }
            if mask & 16 != 0 {
                let mut eu = full.affiliations[0].clone();
                if mask & 32 == 0 {
                    eu.title = None;
                } else if conflicts && rename {
                    eu.title = Some(format!("other title {}", mask % 3));
                }
                a.affiliations.push(eu);
            }
            if mask & 64 != 0 {
                a.affiliations.push(full.affiliations[1].clone());
            }
            if mask & 128 != 0 {
                a.affiliations.reverse();
            }
            if conflicts && rename {
                a.name = format!("Other name {}", mask % 3);
            }
            d.push(a);
        }
        d
    })
}

/// A dataset as a map from id to its JSON with every list sorted: equal
/// when the records are equal up to the order of records and list items.
fn normal(d: &Dataset) -> BTreeMap<String, Value> {
    fn sort(v: Value) -> Value {
        match v {
            Value::Array(items) => {
                let mut items: Vec<Value> = items.into_iter().map(sort).collect();
                items.sort_by_key(|x| x.to_string());
                Value::Array(items)
            }
            Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, sort(v))).collect()),
            other => other,
        }
    }
    d.clone()
        .into_records()
        .map(|r| (r.id().to_owned(), sort(serde_json::to_value(&r).unwrap())))
        .collect()
}

/// Whether every field of `record` (a tagged record's JSON) is in `kept`, or
/// in a conflict on that field of that record with its value.
fn preserved(record: &Value, kept: &Value, conflicts: &[MergeConflict]) -> bool {
    let id = record["id"].as_str().unwrap();
    let in_conflict = |on: &dyn Fn(&str) -> bool, value: &Value| {
        conflicts
            .iter()
            .any(|c| c.id == id && on(&c.field) && (c.first == *value || c.last == *value))
    };
    let Value::Object(fields) = record else {
        return false;
    };
    fields.iter().all(|(field, value)| {
        let kept = &kept[field];
        if kept == value {
            return true;
        }
        match (value, kept) {
            // Each item is there, or an item with its key holds each of its
            // fields or a conflict on it does.
            (Value::Array(xs), Value::Array(ys)) => xs.iter().all(|x| {
                ys.contains(x)
                    || ys.iter().any(|y| {
                        x.get("actor").is_some()
                            && (x.get("actor"), x.get("kind")) == (y.get("actor"), y.get("kind"))
                            && x.as_object().unwrap().iter().all(|(k, v)| {
                                y.get(k) == Some(v)
                                    || in_conflict(
                                        &|f| {
                                            f.starts_with(&format!("{field}["))
                                                && f.ends_with(&format!("].{k}"))
                                        },
                                        v,
                                    )
                            })
                    })
            }),
            (Value::Object(xs), Value::Object(ys)) => xs.iter().all(|(k, x)| {
                ys.get(k) == Some(x) || in_conflict(&|f| f == format!("{field}.{k}"), x)
            }),
            _ => in_conflict(&|f| f == field, value),
        }
    })
}

proptest! {
    #[test]
    fn merging_a_dataset_with_itself_gives_it_back_byte_for_byte(a in input(true)) {
        let out = a.merge(&a);
        prop_assert!(out.conflicts.is_empty());
        prop_assert_eq!(out.dataset.to_json(), a.to_json());
    }

    #[test]
    fn merge_is_commutative_up_to_order(a in input(false), b in input(false)) {
        let ab = a.merge(&b);
        let ba = b.merge(&a);
        prop_assert!(ab.conflicts.is_empty() && ba.conflicts.is_empty());
        prop_assert_eq!(normal(&ab.dataset), normal(&ba.dataset));
    }

    #[test]
    fn merge_is_associative(a in input(false), b in input(false), c in input(false)) {
        let left = a.merge(&b).dataset.merge(&c).dataset;
        let right = a.merge(&b.merge(&c).dataset).dataset;
        prop_assert_eq!(left.to_json(), right.to_json());
    }

    /// Every record of every input is in the output, field by field, or in
    /// the conflict report with its value — a record of another kind under
    /// a kept id whole, in its `type` conflict — whichever side is kept.
    #[test]
    fn nothing_is_lost(
        inputs in prop::collection::vec(input(true), 1..4),
        prefer in prop::option::of(prop_oneof![Just(Side::First), Just(Side::Last)]),
    ) {
        let mut m = Merger::new();
        if let Some(side) = prefer {
            m = m.prefer(side);
        }
        for (i, d) in inputs.iter().enumerate() {
            m.add(&format!("input-{i}"), d.clone());
        }
        let out = m.finish();
        let merged: BTreeMap<(String, String), Value> = out
            .dataset
            .clone()
            .into_records()
            .map(|r| {
                let v = serde_json::to_value(&r).unwrap();
                ((v["type"].to_string(), r.id().to_owned()), v)
            })
            .collect();
        for d in &inputs {
            for r in d.clone().into_records() {
                let v = serde_json::to_value(&r).unwrap();
                let in_output = merged
                    .get(&(v["type"].to_string(), r.id().to_owned()))
                    .is_some_and(|kept| preserved(&v, kept, &out.conflicts));
                let in_report = out.conflicts.iter().any(|c| {
                    c.id == r.id()
                        && c.field == "type"
                        && [&c.first, &c.last]
                            .iter()
                            .any(|w| w["type"] == v["type"] && preserved(&v, w, &out.conflicts))
                });
                prop_assert!(in_output || in_report, "{} lost: {:#?}", v, out.conflicts);
            }
        }
    }
}

#[test]
fn extra_fields_union_by_key_and_conflict_by_key() {
    let mut a = actor("x", "X");
    a.extra
        .insert("dna:color".into(), Value::String("#ff0000".into()));
    let mut b = actor("x", "X");
    b.extra
        .insert("dna:notes".into(), Value::String("n".into()));
    b.extra
        .insert("dna:color".into(), Value::String("#00ff00".into()));
    let out = ds([a.into()]).merge(&ds([b.into()]));
    assert_eq!(out.dataset.actors()[0].extra.len(), 2);
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].field, "extra.dna:color");
}

#[test]
fn a_list_or_object_in_extra_is_one_value_kept_as_given() {
    // Neither a list nor an object under `extra` is claimgraph's to union,
    // not even one whose key names a map of claimgraph's.
    let mut a = actor("x", "X");
    a.extra.insert("geo:point".into(), json!([1, 2]));
    a.extra.insert("external_ids".into(), json!({"k": 1}));
    let mut b = actor("x", "X");
    b.extra.insert("geo:point".into(), json!([3, 4]));
    b.extra.insert("external_ids".into(), json!({"j": 2}));
    let out = ds([a.clone().into()]).merge(&ds([b.into()]));
    assert_eq!(out.dataset.actors()[0].extra, a.extra);
    let fields: Vec<&str> = out.conflicts.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["extra.external_ids", "extra.geo:point"]);
    assert_eq!(
        (&out.conflicts[1].first, &out.conflicts[1].last),
        (&json!([1, 2]), &json!([3, 4]))
    );
}

// --- A `type` conflict keeps both records whole -----------------------------

#[test]
fn a_type_conflict_reports_both_records_whole_whichever_is_kept() {
    let mut first = actor("x", "X");
    first.aliases = vec!["Ex".into()];
    let mut last = Claim::new(ClaimId::new("x").unwrap(), "a claim");
    last.about = vec![ActorId::new("y").unwrap().into()];
    let first_whole = serde_json::to_value(Record::from(first.clone())).unwrap();
    let last_whole = serde_json::to_value(Record::from(last.clone())).unwrap();
    assert_eq!(first_whole["type"], "actor");
    for prefer in [None, Some(Side::First), Some(Side::Last)] {
        let mut m = Merger::new();
        if let Some(side) = prefer {
            m = m.prefer(side);
        }
        m.add("a.json", ds([first.clone().into()]));
        m.add("b.json", ds([last.clone().into()]));
        let out = m.finish();
        assert_eq!(out.conflicts.len(), 1);
        let c = &out.conflicts[0];
        assert_eq!(c.field, "type");
        assert_eq!(
            (&c.first, &c.last),
            (&first_whole, &last_whole),
            "{prefer:?}"
        );
        // Shown by kind, as before.
        assert_eq!(
            c.to_string().split(" (kept").next().unwrap(),
            "actor `x`, field `type`: \"actor\" in a.json but \"claim\" in b.json"
        );
        assert_eq!(out.dataset.len(), 1);
    }
}

// --- Lists of objects with an identity merge by key -------------------------

fn proposal(quantities: Vec<Quantity>) -> Proposal {
    let mut p = Proposal::new(ProposalId::new("plan").unwrap(), "Plan");
    p.quantities = quantities;
    p
}

#[test]
fn two_values_of_one_measure_are_a_conflict_not_two_quantities() {
    let gdp = Quantity::new("budget", Comparator::AtLeast, 5.0, "%");
    let army = |v: f64| Quantity::new("armed forces personnel", Comparator::AtMost, v, "troops");
    let first = ds([proposal(vec![gdp.clone(), army(600_000.0)]).into()]);
    // Another spelling of the same measure and unit is the same key.
    let mut other = army(800_000.0);
    other.measure = " Armed forces personnel".into();
    other.unit = "Troops".into();
    let last = ds([proposal(vec![other.clone()]).into()]);
    let out = first.merge(&last);
    let fields: Vec<&str> = out.conflicts.iter().map(|c| c.field.as_str()).collect();
    // The index is the item's in the first record.
    assert_eq!(
        fields,
        [
            "quantities[1].measure",
            "quantities[1].unit",
            "quantities[1].value"
        ]
    );
    let c = &out.conflicts[2];
    assert_eq!(
        (c.first.as_f64(), c.last.as_f64()),
        (Some(600_000.0), Some(800_000.0))
    );
    assert_eq!(
        out.dataset.proposals()[0].quantities,
        [gdp.clone(), army(600_000.0)]
    );

    // Resolved like any conflict: by a choice for the one field.
    let mut m = Merger::new()
        .prefer(Side::First)
        .choose("plan", "quantities[1].value", Side::Last);
    m.add("a", first.clone());
    m.add("b", last);
    let out = m.finish();
    assert!(out.is_clean());
    assert_eq!(
        out.dataset.proposals()[0].quantities,
        [gdp.clone(), army(800_000.0)]
    );

    // A missing field is filled, another measure is appended.
    let mut between = army(500_000.0);
    between.comparator = Comparator::Between;
    between.max = Some(600_000.0);
    let mut stub = between.clone();
    stub.max = None;
    let navy = Quantity::new("ships", Comparator::Exactly, 3.0, "ships");
    let out = ds([proposal(vec![stub]).into()]).merge(&ds([proposal(vec![
        navy.clone(),
        between.clone(),
    ])
    .into()]));
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.dataset.proposals()[0].quantities, [between, navy]);
}

fn stance(evidence: Vec<Evidence>) -> Stance {
    let mut s = Stance::new(
        StanceId::new("s").unwrap(),
        ActorId::new("a").unwrap(),
        ActorId::new("b").unwrap(),
        Position::Opposes,
    );
    s.evidence = evidence;
    s
}

#[test]
fn a_stub_of_a_piece_of_evidence_merges_with_the_full_one() {
    let q1 = Evidence::quote(QuoteId::new("q1").unwrap());
    let relayed = q1.clone().reported_by(ActorId::new("x").unwrap());
    for (a, b) in [(&q1, &relayed), (&relayed, &q1)] {
        let out = ds([stance(vec![a.clone()]).into()]).merge(&ds([stance(vec![b.clone()]).into()]));
        assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        assert_eq!(
            out.dataset.stances()[0].evidence,
            std::slice::from_ref(&relayed)
        );
    }
    // Relayed by two different actors: a conflict on the one entry.
    let other = q1.clone().reported_by(ActorId::new("y").unwrap());
    let out = ds([stance(vec![relayed.clone()]).into()]).merge(&ds([stance(vec![other]).into()]));
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].field, "evidence[0].reported_by");
    assert_eq!(out.dataset.stances()[0].evidence, [relayed]);
}

#[test]
fn affiliations_merge_by_actor_and_kind() {
    let tie = |kind, title: Option<&str>| {
        let mut t = Affiliation::new(ActorId::new("eu").unwrap(), kind);
        t.title = title.map(str::to_owned);
        t
    };
    let with = |ties: Vec<Affiliation>| {
        let mut a = actor("kallas", "Kaja Kallas");
        a.affiliations = ties;
        ds([a.into()])
    };
    let chief = tie(AffiliationKind::Role, Some("foreign policy chief"));
    let out = with(vec![tie(AffiliationKind::Role, None)]).merge(&with(vec![
        chief.clone(),
        tie(AffiliationKind::Member, None),
    ]));
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(
        out.dataset.actors()[0].affiliations,
        [chief.clone(), tie(AffiliationKind::Member, None)]
    );
    let out = with(vec![chief]).merge(&with(vec![tie(
        AffiliationKind::Role,
        Some("vice-president"),
    )]));
    assert_eq!(out.conflicts.len(), 1);
    assert_eq!(out.conflicts[0].field, "affiliations[0].title");
    assert_eq!(out.dataset.actors()[0].affiliations.len(), 1);
}

#[test]
fn long_lists_union_in_order_without_repeats() {
    // Tens of thousands of items on each side: fast only if membership is
    // not a scan of the list.
    let n = 20_000;
    let mut a = actor("x", "X");
    a.aliases = (0..n).map(|i| format!("alias {i}")).collect();
    let mut b = actor("x", "X");
    b.aliases = (n / 2..n + n / 2)
        .rev()
        .map(|i| format!("alias {i}"))
        .collect();
    let out = ds([a.into()]).merge(&ds([b.into()]));
    assert!(out.conflicts.is_empty());
    let aliases = &out.dataset.actors()[0].aliases;
    assert_eq!(aliases.len(), n + n / 2);
    assert_eq!(aliases[n], format!("alias {}", n + n / 2 - 1));
}

// --- A union that is not a valid record -------------------------------------

#[test]
fn a_union_that_does_not_read_back_is_a_record_conflict_that_a_choice_resolves() {
    // A number JSON cannot hold (possible only in code) makes the union
    // of two versions of a record unreadable.
    let plan = |title: &str| Proposal::new(ProposalId::new("plan").unwrap(), title);
    let mut broken = plan("Plan B");
    broken.text = Some("words".into());
    broken.quantities = vec![Quantity::new("x", Comparator::Exactly, f64::NAN, "u")];
    let run = |m: Merger, then: bool| {
        let mut m = m;
        m.add("a", ds([plan("Plan").into()]));
        m.add("b", ds([broken.clone().into()]));
        if then {
            m.add("c", ds([plan("Plan C").into()]));
        }
        m.finish()
    };
    let out = run(Merger::new(), false);
    assert_eq!(out.conflicts.len(), 1, "{:?}", out.conflicts);
    let c = &out.conflicts[0];
    assert_eq!((c.field.as_str(), c.resolution), ("(record)", None));
    assert_eq!(
        (&c.first["title"], &c.last["text"]),
        (&"Plan".into(), &"words".into())
    );
    assert_eq!(out.dataset.proposals()[0], plan("Plan"));

    // Keeping the first record whole undoes the merge, the origins of its
    // fields included: the title still comes from `a`.
    let out = run(
        Merger::new()
            .prefer(Side::Last)
            .choose("plan", "(record)", Side::First),
        true,
    );
    let fields: Vec<(&str, &str)> = out
        .conflicts
        .iter()
        .map(|c| (c.field.as_str(), c.first_origin.as_str()))
        .collect();
    assert_eq!(fields, [("(record)", "a"), ("title", "a")]);
    assert!(out.is_clean());
    assert_eq!(out.dataset.proposals()[0], plan("Plan C"));

    // Keeping the last keeps the whole later record.
    let out = run(Merger::new().choose("plan", "(record)", Side::Last), false);
    assert_eq!(out.conflicts[0].resolution, Some(Side::Last));
    let p = &out.dataset.proposals()[0];
    assert_eq!(
        (p.title.as_str(), p.text.as_deref()),
        ("Plan B", Some("words"))
    );
}

// --- Duplicate ids inside one input ------------------------------------------

#[test]
fn duplicate_ids_inside_one_input_stay_duplicates_for_validation() {
    let dup = ds([
        actor("x", "X").into(),
        actor("x", "Y").into(),
        actor("z", "Z").into(),
        actor("z", "Z").into(),
        Claim::new(ClaimId::new("z").unwrap(), "a claim").into(),
    ]);
    let other = ds([actor("w", "W").into()]);
    let alone = dup.validate();
    let dup_ids = |r: &claimgraph_core::Report| {
        r.problems
            .iter()
            .filter(|p| matches!(p.kind, ProblemKind::DuplicateId { .. }))
            .map(|p| p.record.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(dup_ids(&alone), ["x", "z", "z"]);
    let mut m = Merger::new();
    m.add("dup.json", dup.clone());
    m.add("other.json", other);
    let out = m.finish();
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(dup_ids(&out.dataset.validate()), ["x", "z", "z"]);
    assert_eq!(out.dataset.actors().len(), 5);

    // The n-th record with an id in a later input meets the n-th of earlier
    // ones: a dataset merged with itself comes back unchanged.
    let out = dup.merge(&dup);
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.dataset.to_json(), dup.to_json());
    let mut later = actor("x", "Y");
    later.aliases = vec!["Why".into()];
    let out = dup.merge(&ds([actor("x", "X").into(), later.into()]));
    assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
    assert_eq!(out.dataset.actors()[1].aliases, ["Why"]);
}
