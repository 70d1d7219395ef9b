//! Merging datasets: hand-made cases for each rule, and properties —
//! identity, commutativity up to order, associativity, nothing lost.

use std::collections::BTreeMap;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Claim, ClaimId, Dataset, Merger, Position, Record, RecordType, Side,
    Stance, StanceId,
};
use proptest::prelude::*;
use serde_json::Value;

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
    let b = ds([stub.into(), more.into()]);
    let m = a.merge(&b);
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
    assert_eq!(out.conflicts[0].last, Value::String("claim".into()));
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
    a
}

/// An input: some actors, each with a subset of the full record's parts,
/// its aliases in some order. Names may be changed to make conflicts.
fn input(conflicts: bool) -> impl Strategy<Value = Dataset> {
    prop::collection::vec(
        (
            0usize..5,
            any::<u8>(),
            prop::sample::subsequence(vec![0, 1, 2], 0..=3),
            any::<bool>(),
        ),
        0..6,
    )
    .prop_map(move |picks| {
        let mut d = Dataset::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, mask, aliases, rename) in picks {
            if !seen.insert(i) {
                continue;
            }
            let full = full_actor(i);
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
    d.actors()
        .iter()
        .map(|a| (a.id.to_string(), sort(serde_json::to_value(a).unwrap())))
        .collect()
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
    /// the conflict report with its value.
    #[test]
    fn nothing_is_lost(inputs in prop::collection::vec(input(true), 1..4)) {
        let mut m = Merger::new();
        for (i, d) in inputs.iter().enumerate() {
            m.add(&format!("input-{i}"), d.clone());
        }
        let out = m.finish();
        let merged: BTreeMap<String, Value> = out
            .dataset
            .actors()
            .iter()
            .map(|a| (a.id.to_string(), serde_json::to_value(a).unwrap()))
            .collect();
        for (i, d) in inputs.iter().enumerate() {
            for a in d.actors() {
                let got = merged.get(a.id.as_str());
                prop_assert!(got.is_some(), "{} lost", a.id);
                let got = got.unwrap();
                let Value::Object(fields) = serde_json::to_value(a).unwrap() else { unreachable!() };
                for (field, value) in fields {
                    let kept = &got[&field];
                    let ok = match (&value, kept) {
                        (Value::Array(xs), Value::Array(ys)) => xs.iter().all(|x| ys.contains(x)),
                        (Value::Object(xs), Value::Object(ys)) => xs.iter().all(|(k, x)| {
                            ys.get(k) == Some(x)
                                || out.conflicts.iter().any(|c| c.id == a.id.as_str()
                                    && c.field == format!("{field}.{k}")
                                    && (c.first == *x || c.last == *x))
                        }),
                        _ => *kept == value
                            || out.conflicts.iter().any(|c| c.id == a.id.as_str()
                                && c.field == field
                                && (c.first == value || c.last == value)
                                && (c.first_origin == format!("input-{i}")
                                    || c.last_origin == format!("input-{i}")
                                    || c.first == value)),
                    };
                    prop_assert!(ok, "{}.{} = {} lost", a.id, field, value);
                }
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
