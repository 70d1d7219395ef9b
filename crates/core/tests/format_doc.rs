//! `docs/FORMAT.md` is held to the code: its examples read, validate and
//! are canonical; its tables name exactly the fields and values the code
//! writes, the dates it reads and the ties that carry a position; its merge
//! and duplicate-actor examples are what the code gives; every validation
//! code is documented.

use std::collections::BTreeSet;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Comparator,
    Concession, ConcessionId, ConcessionStatus, Dataset, Evidence, Judgement, Merger, Modality,
    Obligation, ObligationId, ObligationKind, Position, ProblemKind, Proposal, ProposalId,
    ProposalKind, ProposalStatus, Quantity, Quote, QuoteId, QuoteMode, RecordId, RecordType,
    Relation, RelationId, RelationKind, SameAs, SameAsId, Side, Source, SourceId, SourceKind, Span,
    Stance, StanceId, Topic, When,
};

const DOC: &str = include_str!("../../../docs/FORMAT.md");

/// The text of a section, from its heading to the next heading of the same
/// or a higher level.
fn section(heading: &str) -> &'static str {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let start = DOC
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading:?}"));
    let body = &DOC[start + heading.len() + 2..];
    let end = body
        .match_indices("\n#")
        .find(|(i, _)| {
            let hashes = body[i + 1..].chars().take_while(|c| *c == '#').count();
            hashes <= level
        })
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

/// The fenced code blocks of a piece of text, with their info strings.
fn code_blocks(text: &str) -> Vec<(&str, String)> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l == "```" {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            blocks.push((info, body));
        }
    }
    blocks
}

/// The first cells of a section's table rows that start with a code span.
fn table_keys(heading: &str) -> BTreeSet<String> {
    section(heading)
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(key, _)| key.to_owned())
        .collect()
}

fn example() -> (String, Dataset) {
    let blocks = code_blocks(section("## A complete example"));
    let json = blocks
        .iter()
        .find(|(info, _)| *info == "json")
        .map(|(_, b)| b.clone())
        .unwrap();
    let ds = Dataset::from_json(&json).unwrap_or_else(|e| panic!("the example: {e}"));
    (json, ds)
}

#[test]
fn the_example_is_canonical_and_valid() {
    let (json, ds) = example();
    assert_eq!(ds.to_json(), json, "the example is not in canonical form");
    let report = ds.validate();
    assert!(report.problems.is_empty(), "{report}");
    // It uses every kind of record.
    for kind in RecordType::ALL {
        assert!(ds.count(*kind) > 0, "no {kind} in the example");
    }
    // The hearsay it describes.
    let stance = ds.stance(&StanceId::new("s-trump-plan").unwrap()).unwrap();
    let quote = ds
        .quote(stance.evidence[0].quote.as_ref().unwrap())
        .unwrap();
    assert_eq!(stance.holder.as_str(), "trump");
    assert_eq!(quote.speaker.as_str(), "us-officials");
    // The counter-proposal, its numbers and the deadline it describes.
    let counter = ds
        .proposal(&ProposalId::new("plan-e3-army").unwrap())
        .unwrap();
    let answered = ds.proposal(counter.answers.as_ref().unwrap()).unwrap();
    assert!(counter.quantities[0].comparable(&answered.quantities[0]));
    assert_ne!(counter.quantities[0].value, answered.quantities[0].value);
    let plan = ds.proposal(&ProposalId::new("plan-28").unwrap()).unwrap();
    assert!(plan.deadline.is_some());
    // The silence, dated by its quote, and the judgement that the Kremlin,
    // whose spokesman keeps it, is Russia.
    let silence = ds.stance(&StanceId::new("s-peskov-plan").unwrap()).unwrap();
    assert!(silence.effective_position().is_silence() && silence.as_of.is_none());
    let day = ds.stance_date(silence).map(|d| d.to_string());
    assert_eq!(day.as_deref(), Some("2025-11-20"));
    assert_eq!(ds.identities().canonical("kremlin"), "russia");
}

#[test]
fn the_probable_duplicate_example_is_what_validate_gives() {
    let (json, _) = example();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value.as_object_mut().unwrap().remove("same_as").unwrap();
    let ds = Dataset::from_json(&value.to_string()).unwrap();
    let blocks = code_blocks(section("## Same-as judgements"));
    assert_eq!(blocks[0].1, ds.validate().to_string());
}

#[test]
fn the_merge_example_is_what_merging_gives() {
    let blocks = code_blocks(section("## Merging"));
    let merge = |prefer: Option<Side>| {
        let mut m = Merger::new();
        if let Some(side) = prefer {
            m = m.prefer(side);
        }
        m.add("first.jsonl", Dataset::from_jsonl(&blocks[0].1).unwrap());
        m.add("second.jsonl", Dataset::from_jsonl(&blocks[1].1).unwrap());
        m.finish()
    };
    let shown = |m: &claimgraph_core::Merged| {
        let lines: Vec<String> = m.conflicts.iter().map(|c| format!("{c}\n")).collect();
        lines.concat()
    };
    let kept_first = merge(None);
    assert!(!kept_first.is_clean());
    assert_eq!(shown(&kept_first), blocks[2].1);
    assert_eq!(kept_first.dataset.to_jsonl(), blocks[3].1);
    let kept_last = merge(Some(Side::Last));
    assert!(kept_last.is_clean());
    assert_eq!(shown(&kept_last), blocks[4].1);
    assert_eq!(kept_last.dataset.proposals()[0].title, "The 28-point plan");
}

#[test]
fn the_dates_table_is_what_parsing_gives() {
    let mut rows = 0;
    for line in section("### Dates").lines() {
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        rows += 1;
        let cells: Vec<&str> = row.split(" | ").collect();
        let inputs: Vec<&str> = cells[0].trim_end_matches('`').split("`, `").collect();
        let written = cells[2].trim_end_matches(" |").trim();
        for input in inputs {
            let parsed = When::parse(input);
            if cells[1].starts_with("no") {
                assert!(parsed.is_err(), "{input} is accepted");
                continue;
            }
            assert!(cells[1].starts_with("yes"), "{line}");
            let out = parsed.unwrap_or_else(|e| panic!("{e}")).to_string();
            let expected = match written {
                "the same" => input,
                w => w.split('`').nth(1).unwrap(),
            };
            assert_eq!(out, expected, "{input}");
        }
    }
    assert!(rows >= 10, "the dates table has {rows} rows");
}

#[test]
fn the_json_lines_example_is_the_same_dataset() {
    let (_, ds) = example();
    let blocks = code_blocks(section("## A complete example"));
    let jsonl = &blocks.iter().find(|(info, _)| *info == "jsonl").unwrap().1;
    assert_eq!(&ds.to_jsonl(), jsonl);
    assert_eq!(Dataset::from_jsonl(jsonl).unwrap(), ds);
    // And the short one that opens the JSON Lines section reads.
    let short = &code_blocks(section("## JSON Lines"))[0].1;
    let read = Dataset::from_jsonl(short).unwrap();
    assert_eq!((read.actors().len(), read.proposals().len()), (1, 1));
    assert!(read.validate().is_valid());
}

#[test]
fn the_validation_examples_are_what_validate_gives() {
    let (_, mut ds) = example();
    ds.stance_mut(&StanceId::new("s-trump-plan").unwrap())
        .unwrap()
        .holder = ActorId::new("nobody").unwrap();
    let report = ds.validate();
    let blocks = code_blocks(section("## Validation"));
    assert_eq!(blocks[0].1, report.to_string());
    let json = serde_json::to_string_pretty(&report).unwrap() + "\n";
    assert_eq!(blocks[1], ("json", json));
}

#[test]
fn the_read_error_example_is_what_reading_gives() {
    let text = "{\"format\":\"claimgraph/1\"}\n{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"x\"}\n\
                {\"type\":\"claim\",\"id\":\"c2\",\"text\":\"y\",\"bogus\":true}\n";
    let err = Dataset::from_jsonl(text)
        .unwrap_err()
        .in_file("corpus.jsonl");
    let shown = format!("| unknown field | ``{err} `` |");
    assert!(DOC.contains(&shown), "{shown}");
}

/// One record of each kind with every optional field present.
fn everything() -> Dataset {
    let when = When::parse("2025-11-20").unwrap();
    let mut ds = Dataset::new();
    let sid = SourceId::new("s").unwrap();
    let mut s = Source::new(sid.clone(), "t");
    s.publisher = Some("p".into());
    s.url = Some("u".into());
    s.published = Some(when);
    s.kind = Some(SourceKind::Article);
    s.language = Some("en".into());
    s.text = Some("x".into());
    s.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(s);
    let aid = ActorId::new("a").unwrap();
    let mut a = Actor::new(aid.clone(), "n", ActorKind::Person);
    a.aliases = vec!["x".into()];
    a.country = Some("UKR".into());
    let mut af = Affiliation::new(aid.clone(), AffiliationKind::Role);
    af.title = Some("t".into());
    af.from = Some(when);
    af.until = Some(when);
    a.affiliations = vec![af];
    a.external_ids.insert("wikidata".into(), "Q1".into());
    a.description = Some("d".into());
    a.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(a);
    let pid = ProposalId::new("p").unwrap();
    let mut p = Proposal::new(pid.clone(), "t");
    p.kind = Some(ProposalKind::Plan);
    p.proposed_by = vec![aid.clone()];
    p.part_of = Some(pid.clone());
    p.label = Some("l".into());
    p.topic = Some(Topic::Other);
    p.text = Some("x".into());
    p.date = Some(when);
    p.status = Some(ProposalStatus::Draft);
    p.supersedes = Some(pid.clone());
    let mut quantity = Quantity::new("m", Comparator::Between, 1.0, "u");
    quantity.max = Some(2.0);
    p.answers = Some(pid.clone());
    p.quantities = vec![quantity.clone()];
    p.deadline = Some(when);
    p.sources = vec![sid.clone()];
    p.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(p);
    let mut k = Concession::new(ConcessionId::new("k").unwrap(), aid.clone(), "w");
    k.to = Some(aid.clone());
    k.topic = Some(Topic::Other);
    k.required_by = Some(pid.clone());
    k.status = Some(ConcessionStatus::Offered);
    k.quantities = vec![quantity.clone()];
    k.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(k);
    let cid = ClaimId::new("c").unwrap();
    let mut c = Claim::new(cid.clone(), "x");
    c.about = vec![RecordId::from(&aid)];
    c.topic = Some(Topic::Other);
    c.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(c);
    let qid = QuoteId::new("q").unwrap();
    let mut q = Quote::new(
        qid.clone(),
        aid.clone(),
        sid.clone(),
        QuoteMode::Direct,
        "x",
    );
    q.cue = Some("said".into());
    q.span = Some(Span::new(0, 1));
    q.date = Some(when);
    q.reported_by = Some(aid.clone());
    q.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(q);
    let evidence = Evidence {
        quote: Some(qid),
        source: Some(sid),
        reported_by: Some(aid.clone()),
    };
    let mut st = Stance::new(
        StanceId::new("st").unwrap(),
        aid.clone(),
        &pid,
        Position::Mixed,
    );
    st.intensity = Some(0.5);
    st.conditions = vec!["x".into()];
    st.modality = Some(Modality::Future);
    st.evidence = vec![evidence.clone()];
    st.as_of = Some(when);
    st.confidence = Some(0.5);
    st.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(st);
    let mut r = Relation::new(
        RelationId::new("r").unwrap(),
        &cid,
        &pid,
        RelationKind::Supports,
    );
    r.evidence = vec![evidence];
    r.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(r);
    let mut o = Obligation::new(ObligationId::new("o").unwrap(), aid.clone(), "w");
    o.to = Some(aid.clone());
    o.kind = Some(ObligationKind::Fund);
    o.topic = Some(Topic::Other);
    o.required_by = Some(pid.clone());
    o.status = Some(ConcessionStatus::Offered);
    o.quantities = vec![quantity];
    o.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(o);
    let mut j = SameAs::new(SameAsId::new("j").unwrap(), &aid, &aid, Judgement::Unsure);
    j.decided_by = Some("d".into());
    j.date = Some(when);
    j.reason = Some("r".into());
    j.extra.insert("x:y".into(), serde_json::Value::Bool(true));
    ds.push(j);
    ds
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// The keys of a JSON object, in the order written.
fn ordered_keys(json: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Keys>(json).unwrap().0
}

fn documented_keys(heading: &str) -> Vec<String> {
    section(heading)
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(k, _)| k.to_owned()))
        .collect()
}

#[test]
fn every_field_written_is_documented_in_the_order_written() {
    let ds = everything();
    let json = |v: &dyn erased::Json| v.json();
    let cases: [(&str, String); 14] = [
        ("## Canonical JSON", ds.to_json()),
        ("### Source", json(&ds.sources()[0])),
        ("### Actor", json(&ds.actors()[0])),
        ("### Affiliation", json(&ds.actors()[0].affiliations[0])),
        ("### Proposal", json(&ds.proposals()[0])),
        ("### Concession", json(&ds.concessions()[0])),
        ("### Quantity", json(&ds.proposals()[0].quantities[0])),
        ("### Claim", json(&ds.claims()[0])),
        ("### Quote", json(&ds.quotes()[0])),
        ("### Span", json(&ds.quotes()[0].span.unwrap())),
        ("### Stance", json(&ds.stances()[0])),
        ("### Evidence", json(&ds.stances()[0].evidence[0])),
        ("### Obligation", json(&ds.obligations()[0])),
        ("### SameAs", json(&ds.same_as()[0])),
    ];
    for (heading, written) in cases {
        assert_eq!(
            documented_keys(heading),
            ordered_keys(&written),
            "{heading}"
        );
    }
    assert_eq!(
        documented_keys("### Relation"),
        ordered_keys(&json(&ds.relations()[0]))
    );
    // The JSON Lines form adds only the type tag, first.
    assert_eq!(ds.to_jsonl().lines().skip(1).count(), RecordType::ALL.len());
    for (line, record) in ds.to_jsonl().lines().skip(1).zip(ds.records()) {
        let mut expected = vec!["type".to_owned()];
        expected.extend(ordered_keys(&match record {
            claimgraph_core::RecordRef::Source(r) => json(r),
            claimgraph_core::RecordRef::Actor(r) => json(r),
            claimgraph_core::RecordRef::Proposal(r) => json(r),
            claimgraph_core::RecordRef::Concession(r) => json(r),
            claimgraph_core::RecordRef::Claim(r) => json(r),
            claimgraph_core::RecordRef::Quote(r) => json(r),
            claimgraph_core::RecordRef::Stance(r) => json(r),
            claimgraph_core::RecordRef::Relation(r) => json(r),
            claimgraph_core::RecordRef::Obligation(r) => json(r),
            claimgraph_core::RecordRef::SameAs(r) => json(r),
        }));
        assert_eq!(ordered_keys(line), expected, "{line}");
    }
}

/// Serialising any record type behind one trait object.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

#[test]
fn every_vocabulary_value_is_documented() {
    fn check<T: Copy + std::fmt::Display>(heading: &str, all: &[T]) {
        let values: BTreeSet<String> = all.iter().map(|v| v.to_string()).collect();
        assert_eq!(table_keys(heading), values, "{heading}");
    }
    check("### RecordType", RecordType::ALL);
    check("### SourceKind", SourceKind::ALL);
    check("### ActorKind", ActorKind::ALL);
    check("### AffiliationKind", AffiliationKind::ALL);
    check("### Topic", Topic::ALL);
    check("### ProposalKind", ProposalKind::ALL);
    check("### ProposalStatus", ProposalStatus::ALL);
    check("### ConcessionStatus", ConcessionStatus::ALL);
    check("### Comparator", Comparator::ALL);
    check("### ObligationKind", ObligationKind::ALL);
    check("### Judgement", Judgement::ALL);
    check("### QuoteMode", QuoteMode::ALL);
    check("### Position", Position::ALL);
    check("### Modality", Modality::ALL);
    check("### RelationKind", RelationKind::ALL);
    assert!(section("### ActorKind").contains("`organization` is read as the same value"));
    assert_eq!(
        "organization".parse::<ActorKind>(),
        Ok(ActorKind::Organisation)
    );
}

#[test]
fn which_ties_carry_a_position_is_documented() {
    let mut seen = BTreeSet::new();
    for row in section("### AffiliationKind")
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
    {
        let (value, rest) = row.split_once('`').unwrap();
        let kind: AffiliationKind = value.parse().unwrap();
        let carries = rest.trim_end_matches(" |").rsplit(" | ").next().unwrap();
        let expected = if kind.carries_position() { "yes" } else { "no" };
        assert_eq!(carries, expected, "{value}");
        seen.insert(kind);
    }
    assert_eq!(seen.len(), AffiliationKind::ALL.len());
}

#[test]
fn every_validation_code_is_documented() {
    let kinds = [
        ProblemKind::DuplicateId {
            first_type: RecordType::Actor,
            first_index: 0,
        },
        ProblemKind::DanglingReference {
            target: String::new(),
            expected: vec![],
        },
        ProblemKind::WrongKind {
            target: String::new(),
            found: RecordType::Actor,
            expected: vec![],
        },
        ProblemKind::Cycle { cycle: vec![] },
        ProblemKind::DatesOutOfOrder {
            earlier_field: String::new(),
            earlier: String::new(),
            later_field: String::new(),
            later: String::new(),
        },
        ProblemKind::SpanOutOfBounds {
            start: 0,
            end: 0,
            len: 0,
        },
        ProblemKind::SpanSplitsCharacter {
            start: 0,
            end: 0,
            at: 0,
        },
        ProblemKind::SpanReversed { start: 0, end: 0 },
        ProblemKind::SpanMismatch {
            start: 0,
            end: 0,
            found: String::new(),
        },
        ProblemKind::EmptyText,
        ProblemKind::OutOfRange {
            value: 0.0,
            min: 0.0,
            max: 0.0,
        },
        ProblemKind::BadValue {
            value: String::new(),
            expected: String::new(),
        },
        ProblemKind::DuplicateLabel {
            label: String::new(),
            other: String::new(),
        },
        ProblemKind::EmptyEvidence,
        ProblemKind::NoEvidence,
        ProblemKind::SelfReference,
        ProblemKind::ProbableDuplicate {
            other: String::new(),
            reasons: vec![],
        },
        ProblemKind::JudgedBothWays {
            a: String::new(),
            b: String::new(),
            path: vec![],
        },
        ProblemKind::RepeatedMeasure {
            measure: String::new(),
            unit: String::new(),
            first_index: 0,
        },
    ];
    let rules = section("## Validation");
    for kind in kinds {
        let value = serde_json::to_value(&kind).unwrap();
        let code = value["code"].as_str().unwrap();
        assert!(
            rules.contains(&format!("| `{code}`")),
            "code {code} is not in the rules table"
        );
        // Its details are named too.
        for detail in keys(&value).into_iter().filter(|k| k != "code") {
            assert!(rules.contains(&format!("`{detail}`")), "{code}: {detail}");
        }
    }
}
