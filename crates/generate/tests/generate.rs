//! The corpus generator: reproducible, valid, of the size asked for, skewed
//! like real news, and consistent between stances, quotes and sources.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use claimgraph_core::{ActorKind, Dataset, Position, RecordRef, RecordType, When};
use claimgraph_generate::{GenerateError, GenerateSummary, GeneratorConfig, generate};

fn corpus(config: &GeneratorConfig) -> (Vec<u8>, GenerateSummary) {
    let mut out = Vec::new();
    let summary = generate(config, &mut out).expect("the corpus is generated");
    (out, summary)
}

fn dataset(config: &GeneratorConfig) -> Dataset {
    let (bytes, _) = corpus(config);
    Dataset::read_jsonl(bytes.as_slice()).expect("the corpus reads")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn date_of(when: Option<&When>) -> NaiveDate {
    when.expect("dated").date()
}

/// Statements per actor id (or target id), in descending order.
fn activity<'a>(ids: impl Iterator<Item = &'a str>, all: usize) -> Vec<usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in ids {
        *counts.entry(id).or_default() += 1;
    }
    let mut counts: Vec<usize> = counts.into_values().collect();
    counts.resize(all, 0);
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts
}

/// The number of distinct actor pairs that take a stance on at least one
/// common target, from stance lines alone.
fn co_occurring_pairs(bytes: &[u8], actors: usize, targets: usize) -> u64 {
    let words = targets.div_ceil(64);
    let mut seen = vec![0u64; actors * words];
    let proposals = targets - targets / 5;
    for line in bytes.split(|&b| b == b'\n') {
        if !line.starts_with(b"{\"type\":\"stance\"") {
            continue;
        }
        let line = std::str::from_utf8(line).expect("UTF-8");
        let field = |key: &str| {
            let at = line.find(key).expect("field present") + key.len();
            let end = at + line[at..].find('"').expect("closed");
            &line[at..end]
        };
        let holder: usize = field("\"holder\":\"a").parse().expect("a number");
        let target = field("\"target\":\"");
        let index: usize = target[1..].parse().expect("a number");
        let t = if target.starts_with('p') {
            index - 1
        } else {
            proposals + index - 1
        };
        seen[(holder - 1) * words + t / 64] |= 1 << (t % 64);
    }
    let mut pairs = 0;
    for a in 0..actors {
        let row_a = &seen[a * words..(a + 1) * words];
        for b in a + 1..actors {
            let row_b = &seen[b * words..(b + 1) * words];
            if row_a.iter().zip(row_b).any(|(x, y)| x & y != 0) {
                pairs += 1;
            }
        }
    }
    pairs
}

#[test]
fn the_same_config_gives_the_same_bytes() {
    let config = GeneratorConfig::new(3_000, 80, 40)
        .seed(11)
        .intensities(true);
    let (first, _) = corpus(&config);
    let (second, _) = corpus(&config);
    assert_eq!(first, second);

    let (other_seed, _) = corpus(&config.clone().seed(12));
    assert_ne!(first, other_seed);
    let (without_intensities, _) = corpus(&config.intensities(false));
    assert_ne!(first, without_intensities);
}

/// The corpus of `GeneratorConfig::new(6, 4, 5).seed(1).intensities(true)`.
const PINNED: &str = r#"{"format":"claimgraph/1"}
{"type":"source","id":"d1","title":"Leaders split on plan 4","publisher":"Morning Courier","published":"2020-01-01","kind":"article"}
{"type":"source","id":"d2","title":"New push for plan 2","publisher":"Evening Review","published":"2022-01-24","kind":"article"}
{"type":"actor","id":"a1","name":"Republic of Delmi","kind":"state"}
{"type":"actor","id":"a2","name":"Anna Renren","kind":"person"}
{"type":"actor","id":"a3","name":"Nikolai Urur","kind":"person"}
{"type":"actor","id":"a4","name":"Katya Elel","kind":"person"}
{"type":"proposal","id":"p1","title":"Military plan 1","kind":"plan","proposed_by":["a4"],"topic":"military"}
{"type":"proposal","id":"p2","title":"Territory plan 2","kind":"plan","proposed_by":["a1"],"topic":"territory"}
{"type":"proposal","id":"p3","title":"Assets plan 3","kind":"plan","proposed_by":["a4"],"topic":"assets"}
{"type":"proposal","id":"p4","title":"Justice plan 4","kind":"plan","proposed_by":["a1"],"topic":"justice"}
{"type":"claim","id":"c1","text":"Asset freezes distract us","topic":"assets"}
{"type":"quote","id":"q1","speaker":"a3","text":"Yes to plan 2","mode":"direct","source":"d1","date":"2020-01-01"}
{"type":"quote","id":"q2","speaker":"a3","text":"they favour plan 2","mode":"indirect","source":"d1","date":"2020-01-01"}
{"type":"quote","id":"q3","speaker":"a3","text":"they favour plan 4","mode":"indirect","source":"d1","date":"2020-01-01"}
{"type":"quote","id":"q4","speaker":"a2","text":"they back plan 4","mode":"indirect","source":"d1","date":"2020-01-01"}
{"type":"quote","id":"q5","speaker":"a1","text":"they oppose plan 2","mode":"indirect","source":"d2","date":"2022-01-24"}
{"type":"quote","id":"q6","speaker":"a4","text":"they favour plan 4","mode":"indirect","source":"d2","date":"2022-01-24"}
{"type":"stance","id":"s1","holder":"a3","target":"p2","position":"supports","intensity":0.4,"evidence":[{"quote":"q1","source":"d1"}],"as_of":"2020-01-01"}
{"type":"stance","id":"s2","holder":"a3","target":"p2","position":"supports","intensity":0.4,"evidence":[{"quote":"q2","source":"d1"}],"as_of":"2020-01-01"}
{"type":"stance","id":"s3","holder":"a3","target":"p4","position":"supports","intensity":0.5,"evidence":[{"quote":"q3","source":"d1"}],"as_of":"2020-01-01"}
{"type":"stance","id":"s4","holder":"a2","target":"p4","position":"supports","intensity":0.95,"evidence":[{"quote":"q4","source":"d1"}],"as_of":"2020-01-01"}
{"type":"stance","id":"s5","holder":"a1","target":"p2","position":"opposes","intensity":-0.9,"evidence":[{"quote":"q5","source":"d2"}],"as_of":"2022-01-24"}
{"type":"stance","id":"s6","holder":"a4","target":"p4","position":"supports","intensity":0.45,"evidence":[{"quote":"q6","source":"d2"}],"as_of":"2022-01-24"}
"#;

#[test]
fn a_corpus_is_pinned_to_its_bytes() {
    // Guards reproducibility across versions and platforms: a change here
    // changes every corpus generated so far.
    let config = GeneratorConfig::new(6, 4, 5).seed(1).intensities(true);
    let (bytes, summary) = corpus(&config);
    let text = String::from_utf8(bytes).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], r#"{"format":"claimgraph/1"}"#);
    assert_eq!(
        lines.len() as u64,
        1 + summary.sources
            + summary.actors
            + summary.proposals
            + summary.claims
            + summary.quotes
            + summary.stances
    );
    assert_eq!(text, PINNED);
}

#[test]
fn a_larger_corpus_is_pinned_to_its_hash() {
    // Every part of the generator at once: points, claims, memberships, skew,
    // the news cycle and intensities.
    let config = GeneratorConfig::new(20_000, 300, 150)
        .seed(3)
        .intensities(true);
    let (bytes, summary) = corpus(&config);
    let fnv1a = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    assert_eq!((summary.bytes, fnv1a), (6_169_175, 0xe751_8a7e_bb6a_7197));
}

#[test]
fn corpora_read_and_validate_with_no_problems() {
    let configs = [
        GeneratorConfig::default(),
        GeneratorConfig::new(5_000, 300, 150)
            .seed(3)
            .intensities(true),
        GeneratorConfig::new(2_000, 1, 1).seed(4),
        GeneratorConfig::new(500, 2_000, 1_000).seed(5),
        GeneratorConfig::new(1_000, 50, 30)
            .statements_per_source(1)
            .span_days(1),
        GeneratorConfig::new(1_000, 50, 30)
            .statements_per_source(5_000)
            .actor_skew(0.0)
            .target_skew(3.0),
        GeneratorConfig::new(0, 10, 10),
        GeneratorConfig::new(0, 0, 0),
    ];
    for config in configs {
        let ds = dataset(&config);
        let report = ds.validate();
        assert!(report.problems.is_empty(), "{config:?}:\n{report}");
    }
}

#[test]
fn the_corpus_is_what_the_claimgraph_writer_writes() {
    let config = GeneratorConfig::new(4_000, 120, 60)
        .seed(8)
        .intensities(true);
    let (bytes, _) = corpus(&config);
    let ds = Dataset::read_jsonl(bytes.as_slice()).expect("reads");
    let mut again = Vec::new();
    ds.write_jsonl(&mut again).expect("writes");
    assert!(
        bytes == again,
        "the corpus differs from its canonical form:\n{}",
        String::from_utf8_lossy(&again[..again.len().min(2_000)])
    );
}

#[test]
fn counts_match_the_config() {
    let config = GeneratorConfig::new(10_000, 200, 101).seed(2);
    let (bytes, summary) = corpus(&config);
    let ds = Dataset::read_jsonl(bytes.as_slice()).expect("reads");
    assert_eq!(summary.bytes, bytes.len() as u64);
    assert_eq!(summary.quotes, 10_000);
    assert_eq!(summary.stances, 10_000);
    assert_eq!(summary.actors, 200);
    assert_eq!((summary.proposals, summary.claims), (81, 20));
    assert_eq!(
        (config.proposals(), config.claims()),
        (summary.proposals, summary.claims)
    );
    for (kind, n) in [
        (RecordType::Source, summary.sources),
        (RecordType::Actor, summary.actors),
        (RecordType::Proposal, summary.proposals),
        (RecordType::Concession, 0),
        (RecordType::Claim, summary.claims),
        (RecordType::Quote, summary.quotes),
        (RecordType::Stance, summary.stances),
        (RecordType::Relation, 0),
    ] {
        assert_eq!(ds.count(kind) as u64, n, "{kind}");
    }
    // About 20 statements per source.
    assert!((400..=600).contains(&summary.sources), "{summary:?}");
    let points = ds
        .proposals()
        .iter()
        .filter(|p| p.part_of.is_some())
        .count();
    assert_eq!(points as u64, summary.points);
    assert!((3..=15).contains(&points), "{points} points");
    let members = ds
        .actors()
        .iter()
        .filter(|a| !a.affiliations.is_empty())
        .count();
    assert!((20..=60).contains(&members), "{members} members");

    // Ids are short and numbered from 1 in file order.
    assert_eq!(ds.sources()[0].id.as_str(), "d1");
    assert_eq!(ds.actors()[199].id.as_str(), "a200");
    assert_eq!(ds.claims()[19].id.as_str(), "c20");
    assert_eq!(ds.stances()[9_999].id.as_str(), "s10000");
    assert_eq!(ds.quotes()[9_999].id.as_str(), "q10000");
}

#[test]
fn a_few_actors_and_targets_draw_most_statements() {
    let config = GeneratorConfig::new(20_000, 200, 100).seed(6);
    let ds = dataset(&config);
    let actors = activity(ds.stances().iter().map(|s| s.holder.as_str()), 200);
    // The top 1% of actors (2 of 200) against the median actor.
    let top = (actors[0] + actors[1]) / 2;
    let median = actors[100];
    assert!(top >= 20 * median, "top {top}, median {median}");
    assert!(actors[..20].iter().sum::<usize>() > 20_000 / 2);
    assert!(median > 0, "every actor is heard now and then");

    let targets = activity(ds.stances().iter().map(|s| s.target.as_str()), 100);
    assert!(targets[0] >= 20 * targets[50], "{targets:?}");

    // Without skew, activity is about even.
    let even = dataset(&config.actor_skew(0.0).target_skew(0.0));
    let actors = activity(even.stances().iter().map(|s| s.holder.as_str()), 200);
    assert!(actors[0] < 3 * actors[100], "{actors:?}");
}

#[test]
fn every_date_falls_in_the_span_and_sources_come_in_order() {
    let config = GeneratorConfig::new(5_000, 100, 50)
        .seed(9)
        .start(day("2024-02-20"))
        .span_days(30);
    let ds = dataset(&config);
    let (first, last) = (day("2024-02-20"), day("2024-03-20"));
    let published: Vec<NaiveDate> = ds
        .sources()
        .iter()
        .map(|s| date_of(s.published.as_ref()))
        .collect();
    assert!(published.iter().all(|d| (first..=last).contains(d)));
    assert!(published.is_sorted());
    assert_eq!(published.first(), Some(&first));
    assert!(published.contains(&day("2024-02-29")));
    assert!(
        ds.quotes()
            .iter()
            .all(|q| { (first..=last).contains(&date_of(q.date.as_ref())) })
    );
    assert!(
        ds.stances()
            .iter()
            .all(|s| { (first..=last).contains(&date_of(s.as_of.as_ref())) })
    );

    let default = dataset(&GeneratorConfig::new(3_000, 40, 20));
    let (first, last) = (day("2020-01-01"), day("2022-12-31"));
    let published: Vec<NaiveDate> = default
        .sources()
        .iter()
        .map(|s| date_of(s.published.as_ref()))
        .collect();
    assert!(published.iter().all(|d| (first..=last).contains(d)));
    assert!(published.first() < Some(&day("2020-02-01")));
    assert!(published.last() > Some(&day("2022-12-01")));
}

#[test]
fn every_stance_is_shown_by_its_holders_quote_in_its_source() {
    let ds = dataset(&GeneratorConfig::new(5_000, 150, 80).seed(10));
    for stance in ds.stances() {
        let [evidence] = stance.evidence.as_slice() else {
            panic!("{}: one piece of evidence", stance.id);
        };
        let quote_id = evidence.quote.as_ref().expect("a quote");
        let source_id = evidence.source.as_ref().expect("a source");
        let quote = ds.quote(quote_id).expect("the quote exists");
        let source = ds.source(source_id).expect("the source exists");
        assert_eq!(quote.speaker, stance.holder, "{}", stance.id);
        assert_eq!(&quote.source, source_id, "{}", stance.id);
        assert_eq!(quote.id.as_str()[1..], stance.id.as_str()[1..]);
        let day = date_of(source.published.as_ref());
        assert_eq!(date_of(quote.date.as_ref()), day);
        assert_eq!(date_of(stance.as_of.as_ref()), day);
        assert!(!quote.text.trim().is_empty());
        assert!(quote.text.is_ascii());
    }
}

#[test]
fn intensities_agree_with_positions() {
    let ds = dataset(
        &GeneratorConfig::new(5_000, 100, 50)
            .seed(4)
            .intensities(true),
    );
    let mut seen = BTreeMap::new();
    for stance in ds.stances() {
        let intensity = stance.intensity.expect("an intensity");
        assert!((-1.0..=1.0).contains(&intensity), "{}", stance.id);
        let agrees = match stance.position {
            Position::Supports => intensity > 0.0,
            Position::Opposes => intensity < 0.0,
            Position::Neutral => intensity == 0.0,
            other => panic!("unexpected position {other}"),
        };
        assert!(agrees, "{}: {} at {intensity}", stance.id, stance.position);
        *seen.entry(stance.position.to_string()).or_insert(0) += 1;
    }
    // Mostly for or against, a few neutral.
    assert!(
        seen["supports"] > 1_500 && seen["opposes"] > 1_500,
        "{seen:?}"
    );
    assert!((100..=400).contains(&seen["neutral"]), "{seen:?}");

    let plain = dataset(&GeneratorConfig::new(500, 20, 10).seed(4));
    assert!(plain.stances().iter().all(|s| s.intensity.is_none()));
}

#[test]
fn actors_form_coalitions() {
    // Actors lean to camps, so two active actors mostly agree or mostly
    // disagree on the targets they share, rather than agreeing half the time.
    let ds = dataset(&GeneratorConfig::new(30_000, 60, 30).seed(5).actor_skew(0.5));
    let mut view: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for s in ds.stances() {
        let sign = match s.position {
            Position::Supports => 1,
            Position::Opposes => -1,
            _ => 0,
        };
        *view
            .entry((s.holder.as_str(), s.target.as_str()))
            .or_default() += sign;
    }
    let mut by_actor: BTreeMap<&str, BTreeMap<&str, i64>> = BTreeMap::new();
    for ((actor, target), sum) in view {
        by_actor
            .entry(actor)
            .or_default()
            .insert(target, sum.signum());
    }
    let actors: Vec<_> = by_actor.values().collect();
    let (mut allies, mut rivals, mut pairs) = (0, 0, 0);
    for (i, a) in actors.iter().enumerate() {
        for b in &actors[i + 1..] {
            let shared: Vec<i64> = a
                .iter()
                .filter_map(|(t, x)| b.get(t).map(|y| x * y))
                .filter(|&p| p != 0)
                .collect();
            if shared.len() < 10 {
                continue;
            }
            let agree = shared.iter().filter(|&&p| p > 0).count() as f64 / shared.len() as f64;
            pairs += 1;
            if agree >= 0.7 {
                allies += 1;
            } else if agree <= 0.3 {
                rivals += 1;
            }
        }
    }
    // Without camps, hardly a pair would agree on 70% of a dozen or more
    // targets, or on 30% or less.
    assert!(pairs > 500, "{pairs} pairs");
    assert!(
        2 * (allies + rivals) > pairs,
        "{allies} allies, {rivals} rivals of {pairs}"
    );
    assert!(
        5 * allies > pairs && 5 * rivals > pairs,
        "{allies} allies, {rivals} rivals of {pairs}"
    );
}

#[test]
fn most_actor_pairs_meet_on_some_target() {
    // A tenth of the benchmark's 10^6 statements by 2,000 actors on 1,000
    // targets, scaled down alike.
    let config = GeneratorConfig::new(100_000, 600, 300).seed(1);
    let (bytes, _) = corpus(&config);
    let pairs = co_occurring_pairs(&bytes, 600, 300);
    let all = 600 * 599 / 2;
    assert!(pairs * 4 > all * 3, "{pairs} of {all} pairs");
}

/// The benchmark corpus: run with `cargo test --release -p claimgraph-network
/// --test generate -- --ignored --nocapture`.
#[test]
#[ignore = "generates the 10^6-statement benchmark corpus"]
fn the_benchmark_corpus_is_a_dense_network() {
    let config = GeneratorConfig::new(1_000_000, 2_000, 1_000).seed(1);
    let started = std::time::Instant::now();
    let mut bytes = Vec::with_capacity(300 << 20);
    let summary = generate(&config, &mut bytes).expect("generated");
    let took = started.elapsed();
    let pairs = co_occurring_pairs(&bytes, 2_000, 1_000);
    println!(
        "{summary:?}\n{} bytes per statement, generated in {took:?}\n{pairs} of {} actor pairs share a target",
        summary.bytes / summary.stances,
        2_000 * 1_999 / 2
    );
    assert!(pairs >= 1_500_000, "{pairs} pairs");
    assert!(summary.bytes < 310 * summary.stances);
}

#[test]
fn refused_configs_write_nothing() {
    let cases: Vec<(GeneratorConfig, &str)> = vec![
        (
            GeneratorConfig::new(10, 0, 5),
            "10 statements need at least one actor to hold them",
        ),
        (
            GeneratorConfig::new(10, 5, 0),
            "10 statements need at least one target (a proposal or claim)",
        ),
        (
            GeneratorConfig::new(2_000_000_000, 5, 5),
            "2000000000 statements is too many; at most 1000000000 are supported",
        ),
        (
            GeneratorConfig::new(10, 20_000_000, 5),
            "20000000 actors is too many; at most 10000000 are supported",
        ),
        (
            GeneratorConfig::new(10, 5, u64::MAX),
            "18446744073709551615 targets is too many; at most 10000000 are supported",
        ),
        (
            GeneratorConfig::new(10, 5, 5).statements_per_source(0),
            "the number of statements per source must be at least 1",
        ),
        (
            GeneratorConfig::new(10, 5, 5).span_days(0),
            "the number of days in the span must be at least 1",
        ),
        (
            GeneratorConfig::new(10, 5, 5).actor_skew(-1.0),
            "the actor skew is -1; expected a number from 0 to 10",
        ),
        (
            GeneratorConfig::new(10, 5, 5).target_skew(f64::NAN),
            "the target skew is NaN; expected a number from 0 to 10",
        ),
        (
            GeneratorConfig::new(10, 5, 5)
                .start(day("9999-12-01"))
                .span_days(32),
            "a span of 32 days from 9999-12-01 reaches past the days a claimgraph file can hold (0000-01-01 to 9999-12-31)",
        ),
        (
            GeneratorConfig::new(10, 5, 5).start(NaiveDate::MIN),
            "reaches past the days a claimgraph file can hold",
        ),
        (
            GeneratorConfig::new(10, 5, 5).span_days(u64::MAX),
            "reaches past the days a claimgraph file can hold",
        ),
    ];
    for (config, message) in cases {
        assert!(config.check().is_err(), "{config:?}");
        let mut out = Vec::new();
        let err = generate(&config, &mut out).expect_err("refused");
        assert!(!matches!(err, GenerateError::Io(_)));
        assert!(err.to_string().contains(message), "{err}");
        assert!(out.is_empty(), "{config:?} wrote {} bytes", out.len());
    }

    // The span may end on the last day a file can hold.
    let edge = GeneratorConfig::new(10, 5, 5)
        .start(day("9999-12-01"))
        .span_days(31);
    assert!(edge.check().is_ok());
    assert!(dataset(&edge).validate().problems.is_empty());
}

#[test]
fn a_failing_writer_is_an_io_error() {
    struct Full(usize);
    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let config = GeneratorConfig::new(10_000, 10, 10);
    let err = generate(&config, Full(100_000)).expect_err("fails");
    assert!(matches!(&err, GenerateError::Io(e) if e.kind() == io::ErrorKind::StorageFull));
    assert_eq!(err.to_string(), "cannot write the corpus: disk full");
}

#[test]
fn small_worlds_still_make_sense() {
    // One actor, one target: every statement is that actor's, on that plan.
    let ds = dataset(&GeneratorConfig::new(50, 1, 1).seed(3));
    assert!(ds.stances().iter().all(|s| s.holder.as_str() == "a1"));
    assert!(ds.stances().iter().all(|s| s.target.as_str() == "p1"));
    assert_eq!(ds.proposals()[0].proposed_by[0].as_str(), "a1");

    // Targets but no statements: the targets are still written.
    let (bytes, summary) = corpus(&GeneratorConfig::new(0, 3, 10));
    assert_eq!(
        (
            summary.sources,
            summary.actors,
            summary.proposals,
            summary.claims
        ),
        (0, 3, 8, 2)
    );
    let ds = Dataset::read_jsonl(bytes.as_slice()).expect("reads");
    assert_eq!(ds.len(), 13);

    let (bytes, summary) = corpus(&GeneratorConfig::new(0, 0, 0));
    assert_eq!(bytes, b"{\"format\":\"claimgraph/1\"}\n");
    assert_eq!(summary.bytes, 26);
}

#[test]
fn records_have_the_documented_shapes() {
    let (bytes, _) = corpus(
        &GeneratorConfig::new(2_000, 100, 50)
            .seed(1)
            .intensities(true),
    );
    let ds = Dataset::read_jsonl(bytes.as_slice()).expect("reads");
    for record in ds.records() {
        match record {
            RecordRef::Source(s) => {
                assert!(s.publisher.is_some() && s.published.is_some() && s.kind.is_some());
            }
            RecordRef::Actor(a) => {
                assert!(a.affiliations.iter().all(|f| {
                    ds.actor(&f.actor)
                        .is_some_and(|g| g.kind != ActorKind::Person && g.affiliations.is_empty())
                }));
            }
            RecordRef::Proposal(p) => {
                assert!(p.topic.is_some());
                assert_eq!(p.part_of.is_some(), p.label.is_some());
            }
            RecordRef::Claim(c) => assert!(c.topic.is_some()),
            RecordRef::Quote(q) => assert!(q.date.is_some()),
            RecordRef::Stance(s) => assert!(s.as_of.is_some()),
            other => panic!("unexpected record {}", other.id()),
        }
    }
}
