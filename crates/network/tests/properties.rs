//! Properties of networks and of the statement reader, on random inputs.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use claimgraph_core::{
    ActorKind, Dataset, DatasetBuilder, Evidence, Judgement, Modality, Position, QuoteId,
    QuoteMode, RecordId, SameAs, SameAsId, SourceId, SourceKind,
};
use claimgraph_network::{
    Duplicates, Kind, Network, NetworkOptions, Normalization, Over, ReadOptions, Scale, Statements,
    network, network_with_threads, read_statements,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Random statement tables.

/// A statement: actor, target, position, intensity, source, day offset.
#[derive(Clone, Debug)]
struct Spec {
    actor: u8,
    target: u8,
    position: u8,
    intensity: Option<u8>,
    source: Option<u8>,
    day: Option<u16>,
}

const POSITIONS: [Position; 6] = [
    Position::Supports,
    Position::Opposes,
    Position::Neutral,
    Position::Mixed,
    Position::NoComment,
    Position::NoResponse,
];

/// Values on −1..1, with repeats so that levels are shared.
const INTENSITIES: [f64; 7] = [-1.0, -0.6, -0.2, 0.0, 0.3, 0.5, 1.0];

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u8..6,
        0u8..5,
        prop_oneof![4 => 0u8..2, 1 => 2u8..6],
        prop::option::of(0u8..7),
        prop::option::weighted(0.8, 0u8..4),
        prop::option::weighted(0.9, 0u16..800),
    )
        .prop_map(|(actor, target, position, intensity, source, day)| Spec {
            actor,
            target,
            position,
            intensity,
            source,
            day,
        })
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    prop::collection::vec(spec(), 1..40)
}

/// The dataset of the statements, in their order; days run from 2019-12-20
/// across two year ends.
fn dataset(rows: &[(usize, &Spec)]) -> Dataset {
    let mut b = DatasetBuilder::new();
    let base = NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or_default();
    let sources: Vec<_> = (0..4)
        .map(|s| b.source(&format!("d{s}"), "S").id())
        .collect();
    let actors: Vec<_> = (0..6)
        .map(|a| {
            b.actor(&format!("a{a}"), &format!("A{a}"), ActorKind::Person)
                .id()
        })
        .collect();
    let targets: Vec<_> = (0..5)
        .map(|t| b.proposal(&format!("t{t}"), "T").id())
        .collect();
    for &(n, s) in rows {
        let mut e = b.stance(
            &format!("s{n}"),
            &actors[usize::from(s.actor)],
            &targets[usize::from(s.target)],
            POSITIONS[usize::from(s.position)],
        );
        if let Some(i) = s.intensity {
            e = e.intensity(INTENSITIES[usize::from(i)]);
        }
        if let Some(src) = s.source {
            e = e.source(&sources[usize::from(src)]);
        }
        if let Some(d) = s.day {
            let date = base + chrono::Duration::days(i64::from(d));
            e = e.as_of(&date.format("%Y-%m-%d").to_string());
        }
        let _ = e;
    }
    b.build().expect("a valid dataset")
}

fn table(specs: &[Spec]) -> Statements {
    let rows: Vec<_> = specs.iter().enumerate().collect();
    Statements::from_dataset(&dataset(&rows))
}

fn scale() -> impl Strategy<Value = Option<Scale>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Scale::new(-1.0, 1.0).ok()),
        1 => Just(Scale::new(-2.0, 1.0).ok()),
    ]
}

fn options() -> impl Strategy<Value = NetworkOptions> {
    (
        prop::sample::select(vec![
            Kind::CoOccurrence,
            Kind::Congruence,
            Kind::Conflict,
            Kind::Subtract,
        ]),
        prop::sample::select(vec![
            Normalization::None,
            Normalization::Average,
            Normalization::Jaccard,
            Normalization::Cosine,
            Normalization::DnaCosine,
        ]),
        prop::sample::select(Duplicates::ALL.to_vec()),
        any::<bool>(),
        scale(),
    )
        .prop_map(|(kind, norm, dup, targets, scale)| {
            let mut o = NetworkOptions::new(kind)
                .normalization(norm)
                .duplicates(dup);
            if targets {
                o = o.over(Over::Targets);
            }
            o.scale = scale;
            o.filters.isolates = true;
            o
        })
}

fn bytes(net: &Network) -> (String, String) {
    let (mut e, mut m) = (Vec::new(), Vec::new());
    net.write_edge_list(&mut e).expect("written");
    net.write_matrix(&mut m).expect("written");
    (
        String::from_utf8(e).expect("UTF-8"),
        String::from_utf8(m).expect("UTF-8"),
    )
}

/// The network, or `None` when the options select no statement.
fn try_build(st: &Statements, o: &NetworkOptions) -> Option<Network> {
    match network(st, o) {
        Ok(n) => Some(n),
        Err(claimgraph_network::NetworkError::EmptySelection(_)) => None,
        Err(e) => panic!("{e}"),
    }
}

/// Every pair of node ids of a one-mode network.
fn pairs(net: &Network) -> Vec<(String, String)> {
    let ids: Vec<String> = net.nodes().iter().map(|n| n.id.to_string()).collect();
    let mut out = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            out.push((a.clone(), b.clone()));
        }
    }
    out
}

fn w(net: &Network, a: &str, b: &str) -> f64 {
    net.weight(a, b).unwrap_or(0.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn one_mode_matrices_are_symmetric_with_a_zero_diagonal(specs in specs(), o in options()) {
        let st = table(&specs);
        let Some(net) = try_build(&st, &o) else { return Ok(()) };
        let (_, m) = bytes(&net);
        let cells: Vec<Vec<&str>> = m.lines().skip(1).map(|l| l.split(',').skip(1).collect()).collect();
        for (i, row) in cells.iter().enumerate() {
            prop_assert_eq!(row.len(), cells.len());
            prop_assert_eq!(row[i], "0");
            for (j, cell) in row.iter().enumerate() {
                prop_assert_eq!(*cell, cells[j][i]);
            }
        }
        for e in net.edges() {
            prop_assert!(e.a < e.b);
            prop_assert!(e.weight != 0.0 && e.weight.is_finite());
        }
    }

    #[test]
    fn subtract_is_congruence_minus_conflict(specs in specs(), o in options()) {
        let st = table(&specs);
        let with = |kind| {
            let mut x = o.clone();
            x.kind = kind;
            try_build(&st, &x)
        };
        let (Some(sub), Some(cong), Some(conf)) =
            (with(Kind::Subtract), with(Kind::Congruence), with(Kind::Conflict))
        else {
            return Ok(());
        };
        prop_assert_eq!(sub.nodes(), cong.nodes());
        for (a, b) in pairs(&sub) {
            let (s, c, f) = (w(&sub, &a, &b), w(&cong, &a, &b), w(&conf, &a, &b));
            prop_assert!((s - (c - f)).abs() < 1e-9, "{a}-{b}: {s} vs {c} - {f}");
        }
    }

    #[test]
    fn jaccard_and_cosine_lie_between_zero_and_one(specs in specs(), o in options()) {
        let st = table(&specs);
        for norm in [Normalization::Jaccard, Normalization::Cosine] {
            for kind in [Kind::Congruence, Kind::Conflict, Kind::CoOccurrence, Kind::Subtract] {
                let mut x = o.clone().normalization(norm);
                x.kind = kind;
                let Some(net) = try_build(&st, &x) else { continue };
                let lo = if kind == Kind::Subtract { -1.0 } else { 0.0 };
                for e in net.edges() {
                    prop_assert!(
                        e.weight >= lo - 1e-12 && e.weight <= 1.0 + 1e-12,
                        "{kind:?} {norm:?} scale {:?}: {}", x.scale, e.weight
                    );
                }
            }
        }
    }

    #[test]
    fn input_order_changes_nothing(
        (specs, order) in specs().prop_flat_map(|s| {
            let n = s.len();
            (Just(s), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        }),
        o in options(),
    ) {
        let rows: Vec<_> = specs.iter().enumerate().collect();
        let shuffled: Vec<_> = order.iter().map(|&i| (i, &specs[i])).collect();
        let a = Statements::from_dataset(&dataset(&rows));
        let b = Statements::from_dataset(&dataset(&shuffled));
        let (Some(x), Some(y)) = (try_build(&a, &o), try_build(&b, &o)) else {
            prop_assert!(try_build(&a, &o).is_none() && try_build(&b, &o).is_none());
            return Ok(());
        };
        prop_assert_eq!(bytes(&x), bytes(&y));
        // Nor does the number of threads.
        let z = network_with_threads(&a, &o, 3).expect("network");
        prop_assert_eq!(bytes(&x), bytes(&z));
    }

    #[test]
    fn removing_duplicates_again_changes_nothing(specs in specs(), o in options()) {
        // Keep the first statement of each (holder, target, position,
        // intensity, bucket): a finer key than the network's, so every
        // statement dropped is a duplicate under any kind.
        let base = NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or_default();
        let mut seen = BTreeSet::new();
        let mut kept = Vec::new();
        for (n, s) in specs.iter().enumerate() {
            let date = s.day.map(|d| base + chrono::Duration::days(i64::from(d)));
            let bucket: Option<(i32, u32)> = match o.duplicates {
                Duplicates::All => None,
                Duplicates::Source => s.source.map(|x| (i32::from(x), 0)),
                Duplicates::Week => date.map(|d| (d.iso_week().year(), d.iso_week().week())),
                Duplicates::Month => date.map(|d| (d.year(), d.month())),
                Duplicates::Year => date.map(|d| (d.year(), 0)),
                Duplicates::Range => Some((0, 0)),
                _ => None,
            };
            let key = (s.actor, s.target, s.position, s.intensity, bucket);
            if bucket.is_none() || seen.insert(key) {
                kept.push((n, s));
            }
        }
        let rows: Vec<_> = specs.iter().enumerate().collect();
        let all = Statements::from_dataset(&dataset(&rows));
        let once = Statements::from_dataset(&dataset(&kept));
        let (x, y) = (try_build(&all, &o), try_build(&once, &o));
        prop_assert_eq!(x.as_ref().map(bytes), y.as_ref().map(bytes));
    }

    #[test]
    fn a_scale_of_the_extremes_is_supports_and_opposes(specs in specs(), o in options()) {
        // Without intensities, on −1..1 supports is 1 and opposes −1: every
        // normalisation but Jaccard (which counts duplicates differently on a
        // scale) gives the supports/opposes network.
        prop_assume!(o.normalization != Normalization::Jaccard);
        let specs: Vec<Spec> = specs
            .into_iter()
            .filter(|s| s.position < 2)
            .map(|s| Spec { intensity: None, ..s })
            .collect();
        prop_assume!(!specs.is_empty());
        let st = table(&specs);
        let mut plain = o.clone();
        plain.scale = None;
        let scaled = plain.clone().scale(Scale::new(-1.0, 1.0).expect("scale"));
        let (x, y) = (try_build(&st, &plain), try_build(&st, &scaled));
        prop_assert_eq!(x.as_ref().map(bytes), y.as_ref().map(bytes));
    }
}

// ---------------------------------------------------------------------------
// The JSON Lines reader reads what `Statements::from_dataset` reads.

/// A stance: holder, target, position, whether negated, intensity, as_of,
/// and its evidence as (quote, source) pairs.
type RichStance = (
    u8,
    u8,
    u8,
    bool,
    Option<f64>,
    Option<u8>,
    Vec<(Option<u8>, Option<u8>)>,
);

/// A same-as judgement: a and b (indexes into JUDGED), judgement, date
/// (index into DATES), and a number for its id (so ids sort in any order).
type RichSameAs = (u8, u8, u8, Option<u8>, u8);

#[derive(Clone, Debug)]
struct Rich {
    /// Per source: published (index into DATES, or none), publisher, kind.
    sources: Vec<(Option<u8>, Option<u8>, Option<u8>)>,
    /// Per quote: source, date (or none).
    quotes: Vec<(u8, Option<u8>)>,
    stances: Vec<RichStance>,
    same_as: Vec<RichSameAs>,
}

const DATES: [&str; 7] = [
    "2020-01-01",
    "2020-06-15T10:30:00Z",
    "2021-03-01",
    "2019-02-28",
    "2020-02-29",
    "2020-06",
    "2019-02-28~",
];
/// Quote dates: none after the earliest publication date (a quote cannot
/// be dated after its source), in every precision.
const QUOTE_DATES: [&str; 5] = [
    "2018-05-05",
    "2018-12-31T23:00:00Z",
    "2019-02",
    "2019-01-30~",
    "2019-02-28",
];
/// What same-as judgements name: actors, targets of every kind, a source,
/// and an id that names nothing.
const JUDGED: [&str; 12] = [
    "a0", "a1", "a2", "a3", "p0", "p1", "c0", "c1", "k0", "k1", "d0", "x9",
];

fn rich() -> impl Strategy<Value = Rich> {
    let sources = prop::collection::vec(
        (
            prop::option::of(0u8..7),
            prop::option::of(0u8..3),
            prop::option::of(0u8..8),
        ),
        1..4,
    );
    let quotes = prop::collection::vec((0u8..8, prop::option::of(0u8..5)), 0..4);
    let evidence =
        prop::collection::vec((prop::option::of(0u8..8), prop::option::of(0u8..8)), 0..4);
    let stances = prop::collection::vec(
        (
            0u8..4,
            0u8..10,
            0u8..6,
            prop::bool::weighted(0.2),
            prop::option::of(-1.0f64..=1.0),
            prop::option::weighted(0.3, 0u8..7),
            evidence,
        ),
        0..30,
    );
    let judged = || prop_oneof![3 => 0u8..4, 2 => 4u8..10, 1 => 10u8..12];
    let same_as = prop::collection::vec(
        (
            judged(),
            judged(),
            prop_oneof![3 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
            prop::option::weighted(0.7, 0u8..7),
            0u8..10,
        ),
        0..5,
    );
    (sources, quotes, stances, same_as).prop_map(|(sources, quotes, stances, same_as)| Rich {
        sources,
        quotes,
        stances,
        same_as,
    })
}

/// Actors a0..a3; targets: proposals p0, p1 (a point "point 1" of p0), claims
/// c0, c1, concessions k0, k1, and the actors themselves.
fn rich_dataset(r: &Rich) -> Dataset {
    let mut b = DatasetBuilder::new();
    let sources: Vec<SourceId> = r
        .sources
        .iter()
        .enumerate()
        .map(|(i, &(published, publisher, kind))| {
            let mut e = b.source(&format!("d{i}"), "Source");
            if let Some(p) = published {
                e = e.published(DATES[usize::from(p)]);
            }
            if let Some(p) = publisher {
                e = e.publisher(["Reuters", "TASS", "Le Monde"][usize::from(p)]);
                e = e.language(["en", "ru", "fr"][usize::from(p)]);
            }
            if let Some(k) = kind {
                e = e.kind(SourceKind::ALL[usize::from(k) % SourceKind::ALL.len()]);
            }
            e.id()
        })
        .collect();
    let actors: Vec<_> = (0..4)
        .map(|a| {
            b.actor(
                &format!("a{a}"),
                &format!("Actor {a}"),
                ActorKind::ALL[a % 8],
            )
            .id()
        })
        .collect();
    let p0 = b.proposal("p0", "Plan").id();
    let p1 = b.point("p1", &p0, "point 1", "Ceasefire").id();
    let c0 = b.claim("c0", "One aggressor, one victim").id();
    let c1 = b.claim("c1", "Peace is near").id();
    let k0 = b.concession("k0", &actors[0], "Territory").id();
    let k1 = b.concession("k1", &actors[1], "Sanctions relief").id();
    let quotes: Vec<QuoteId> = r
        .quotes
        .iter()
        .enumerate()
        .map(|(i, &(src, date))| {
            let src = &sources[usize::from(src) % sources.len()];
            let mut e = b.quote(
                &format!("q{i}"),
                &actors[i % 4],
                src,
                QuoteMode::Direct,
                "words",
            );
            if let Some(d) = date {
                e = e.date(QUOTE_DATES[usize::from(d)]);
            }
            e.id()
        })
        .collect();
    for (n, (holder, target, position, negated, intensity, as_of, evidence)) in
        r.stances.iter().enumerate()
    {
        let holder = usize::from(*holder);
        let mut target = usize::from(*target);
        if target == 6 + holder {
            target = 0;
        }
        let id = format!("s{n}");
        let mut e = match target {
            0 => b.stance(&id, &actors[holder], &p0, POSITIONS[usize::from(*position)]),
            1 => b.stance(&id, &actors[holder], &p1, POSITIONS[usize::from(*position)]),
            2 => b.stance(&id, &actors[holder], &c0, POSITIONS[usize::from(*position)]),
            3 => b.stance(&id, &actors[holder], &c1, POSITIONS[usize::from(*position)]),
            4 => b.stance(&id, &actors[holder], &k0, POSITIONS[usize::from(*position)]),
            5 => b.stance(&id, &actors[holder], &k1, POSITIONS[usize::from(*position)]),
            t => b.stance(
                &id,
                &actors[holder],
                &actors[t - 6],
                POSITIONS[usize::from(*position)],
            ),
        };
        if let Some(x) = intensity {
            e = e.intensity(*x);
        }
        if *negated {
            e = e.modality(Modality::Negated);
        }
        if let Some(d) = as_of {
            e = e.as_of(DATES[usize::from(*d)]);
        }
        for &(q, s) in evidence {
            let quote = q
                .filter(|_| !quotes.is_empty())
                .map(|q| quotes[usize::from(q) % quotes.len()].clone());
            let source = s.map(|s| sources[usize::from(s) % sources.len()].clone());
            if quote.is_none() && source.is_none() {
                continue;
            }
            e = e.evidence(Evidence {
                quote,
                source,
                reported_by: None,
            });
        }
        let _ = e;
    }
    let mut ds = b.build().expect("a valid dataset");
    // Judgements are added past the builder, which would refuse the odd ones
    // (a judgement between kinds, or of an id that names nothing): both
    // readers must agree on those too.
    for (n, &(a, b, judgement, date, id)) in r.same_as.iter().enumerate() {
        let judgement =
            [Judgement::Positive, Judgement::Negative, Judgement::Unsure][usize::from(judgement)];
        let (a, b) = (JUDGED[usize::from(a)], JUDGED[usize::from(b)]);
        let mut j = SameAs::new(
            SameAsId::new(&format!("j{id}-{n}")).expect("an id"),
            RecordId::new(a).expect("an id"),
            RecordId::new(b).expect("an id"),
            judgement,
        );
        j.date = date.map(|d| DATES[usize::from(d)].parse().expect("a date"));
        ds.push(j);
    }
    ds
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_reader_reads_what_the_dataset_holds(r in rich(), threads in 1usize..4, chunk in 0usize..3) {
        let ds = rich_dataset(&r);
        let want = Statements::from_dataset(&ds);
        let text = ds.to_jsonl();
        let options = ReadOptions { threads, chunk_bytes: [1 << 12, 5000, 1 << 20][chunk] };
        let got = read_statements(text.as_bytes(), &options).expect("read");
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_order_of_evidence_changes_no_row(r in rich(), turn in 0usize..3, flip: bool, threads in 1usize..3) {
        // Each stance's evidence in another order (every order of three
        // entries is a turn, perhaps flipped).
        let mut other = r.clone();
        for stance in &mut other.stances {
            let list = &mut stance.6;
            if !list.is_empty() {
                let by = turn % list.len();
                list.rotate_left(by);
            }
            if flip {
                list.reverse();
            }
        }
        let (a, b) = (rich_dataset(&r), rich_dataset(&other));
        let want = Statements::from_dataset(&a);
        prop_assert_eq!(&Statements::from_dataset(&b), &want);
        let options = ReadOptions { threads, chunk_bytes: 1 << 12 };
        let got = read_statements(b.to_jsonl().as_bytes(), &options).expect("read");
        // The same table, so the same network under any options, sources
        // (`duplicates = source`, the source filters) included.
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_reader_reads_records_in_any_order(r in rich(), order in any::<u64>(), threads in 1usize..4) {
        let text = rich_dataset(&r).to_jsonl();
        let mut records: Vec<&str> = text.lines().skip(1).collect();
        // Fisher-Yates, driven by a xorshift of the drawn seed.
        let mut x = order | 1;
        for i in (1..records.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            records.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let text: String = records.iter().map(|l| format!("{l}\n")).collect();
        let ds = Dataset::from_jsonl(&text).expect("a dataset");
        let options = ReadOptions { threads, chunk_bytes: 1 << 12 };
        let got = read_statements(text.as_bytes(), &options).expect("read");
        prop_assert_eq!(got, Statements::from_dataset(&ds));
    }
}

// ---------------------------------------------------------------------------
// The fast scanner agrees with serde: a stance line is read iff serde reads
// it, with the same values. The lines are random JSON objects: the stance's
// fields in any order, written plainly or with escapes, numbers in every JSON
// form, unknown fields holding nested values, and some lines broken by an
// edit.

/// What serde makes of a record line: the fields the network reads.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Line {
    #[serde(rename = "type")]
    ty: Option<String>,
    format: Option<String>,
    id: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    text: Option<String>,
    what: Option<String>,
    holder: Option<String>,
    target: Option<String>,
    position: Option<String>,
    intensity: Option<f64>,
    as_of: Option<String>,
    evidence: Option<Vec<EvidenceLine>>,
    source: Option<String>,
    date: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    label: Option<String>,
    modality: Option<String>,
    a: Option<String>,
    b: Option<String>,
    judgement: Option<String>,
}

#[derive(serde::Deserialize)]
struct EvidenceLine {
    quote: Option<String>,
    source: Option<String>,
}

/// The input around the random line (line 6).
const PROLOGUE: &str = concat!(
    r#"{"format":"claimgraph/1"}"#,
    "\n",
    r#"{"type":"source","id":"d","title":"S","published":"2020-01-01"}"#,
    "\n",
    r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#,
    "\n",
    r#"{"type":"proposal","id":"t","title":"T"}"#,
    "\n",
    r#"{"type":"quote","id":"q","speaker":"a","source":"d","mode":"direct","text":"x","date":"2019-12-24"}"#,
    "\n",
);

/// A JSON string for `s`, each character plain or escaped at random.
fn json_string(s: &str, escapes: &[bool]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let escape = escapes
            .get(i % escapes.len().max(1))
            .copied()
            .unwrap_or(false);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            '/' if escape => out.push_str("\\/"),
            c if escape => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Nested JSON values for unknown fields.
fn any_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("-12.5e+3".to_owned()),
        Just("0".to_owned()),
        Just("1E400".to_owned()),
        Just("\"\\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"".to_owned()),
        Just("\"\\u00e9t\\u00E9 \\ud83d\\ude00\"".to_owned()),
        Just("\"plain é 😀\"".to_owned()),
        Just("\"\"".to_owned()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-z]{1,3}", inner), 0..4).prop_map(|v| {
                let fields: Vec<String> =
                    v.into_iter().map(|(k, x)| format!("\"{k}\":{x}")).collect();
                format!("{{ {} }}", fields.join(" , "))
            }),
        ]
    })
}

/// Intensities in the forms JSON allows.
const NUMBERS: [&str; 10] = [
    "0.5",
    "5e-1",
    "-0",
    "1",
    "1.0E0",
    "-0.25",
    "-1",
    "0.1000000000000000055511151231257827",
    "-2.5E-1",
    "null",
];

/// Intensities out of range, or not JSON numbers.
const BAD_NUMBERS: [&str; 8] = ["2", "1e400", "-1.5", "\"0.5\"", "-.5", "01", "1.", "+1"];

#[derive(Clone, Debug)]
struct RandomLine {
    fields: Vec<(String, String)>,
    order: Vec<usize>,
    space: String,
    edit: Option<(usize, u8, char)>,
}

fn random_line() -> impl Strategy<Value = RandomLine> {
    let escapes = prop::collection::vec(prop::bool::weighted(0.2), 1..6);
    let evidence = prop_oneof![
        3 => prop::sample::select(vec![
            None,
            Some("null"),
            Some("[]"),
            Some(r#"[{"source":"d"}]"#),
            Some(r#"[ { "quote" : "q" , "reported_by" : "a" } , { "source" : "nowhere" } , 7 ]"#),
            Some(r#"[{"source":"d"},{"quote":"q"}]"#),
            Some(r#"[ {"source":"d"} , { "quote" : "q" , "reported_by" : "a" } , {} ]"#),
            Some(r#"[{"source":"d"},{"source":"nowhere"}]"#),
            Some(r#"[{},{"quote":"q"}]"#),
            Some(r#"[{"quote":"q","source":"d"}]"#),
            Some(r#"[{"quote":null,"source":"d"}]"#),
            Some(r#"[{"source":"\u0064"}]"#),
            Some(r#"[{}]"#),
        ]),
        1 => prop::sample::select(vec![
            Some(r#"[null]"#),
            Some(r#"{"source":"d"}"#),
            Some(r#"[{"source":"d","source":"d"}]"#),
            Some(r#"[{"quote":"elsewhere"}]"#),
        ]),
    ]
    .prop_map(|e| e.map(str::to_owned));
    (
        escapes,
        prop_oneof![
            9 => prop::sample::select(vec!["supports", "opposes", "neutral", "mixed", "no_comment", "no_response"]),
            1 => Just("against"),
        ],
        prop::option::of(prop_oneof![
            9 => prop::sample::select(NUMBERS.to_vec()),
            2 => prop::sample::select(BAD_NUMBERS.to_vec()),
        ]),
        prop::option::of(prop_oneof![
            9 => prop::sample::select(vec!["2020-03-02", "2021-01-01T12:00:00Z"]),
            1 => prop::sample::select(vec!["2020-02-30", "soon"]),
        ]),
        evidence,
        prop::collection::vec(
            prop_oneof![
                6 => (prop::sample::select(vec!["conditions", "confidence", "modality", "x", "nested", "a", "judgement"]), any_json()),
                2 => (prop::sample::select(vec!["id", "label"]), "[a-zé ]{0,8}".prop_map(|s| json_string(&s, &[false]))),
                1 => (prop::sample::select(vec!["id", "label"]), any_json()),
            ],
            0..4,
        ),
        prop::sample::select(vec!["", " ", "\t", "  "]),
        prop::option::weighted(0.2, (0usize..400, 0u8..3, prop::sample::select(vec!['{', '}', '[', ']', ',', ':', '"', '\\', 'x', '0', '-', ' ']))),
    )
        .prop_flat_map(|(escapes, position, intensity, as_of, evidence, extra, space, edit)| {
            let mut fields = vec![
                (json_string("type", &escapes), json_string("stance", &escapes[1..])),
                (json_string("holder", &escapes), json_string("a", &escapes)),
                (json_string("target", &escapes[1..]), json_string("t", &escapes)),
                (json_string("position", &escapes), json_string(position, &escapes)),
            ];
            if let Some(x) = intensity {
                fields.push((json_string("intensity", &escapes), x.to_owned()));
            }
            if let Some(d) = as_of {
                fields.push((json_string("as_of", &escapes), json_string(d, &escapes)));
            }
            if let Some(e) = evidence {
                fields.push((json_string("evidence", &escapes), e));
            }
            let mut seen = BTreeSet::new();
            for (k, v) in extra {
                // A known field given twice is an error serde reports; once
                // is enough to test.
                if seen.insert(k) {
                    fields.push((json_string(k, &escapes), v));
                }
            }
            let n = fields.len();
            (
                Just(fields),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                Just(space.to_owned()),
                Just(edit),
            )
        })
        .prop_map(|(fields, order, space, edit)| RandomLine {
            fields,
            order,
            space,
            edit,
        })
}

impl RandomLine {
    fn text(&self) -> String {
        let s = &self.space;
        let body: Vec<String> = self
            .order
            .iter()
            .map(|&i| format!("{s}{}{s}:{s}{}", self.fields[i].0, self.fields[i].1))
            .collect();
        let mut line: Vec<char> = format!("{s}{{{}{s}}}{s}", body.join(",")).chars().collect();
        if let Some((at, how, c)) = self.edit {
            let at = at % line.len();
            match how {
                0 => {
                    line.remove(at);
                }
                1 => line.insert(at, c),
                _ => line[at] = c,
            }
        }
        line.into_iter().collect()
    }
}

/// What the reader should make of a line: `Ok` with the row's position,
/// intensity bits, day and whether it has a source; or `Err(true)` when the
/// line is not a well-formed stance (a syntax error), `Err(false)` when it
/// names something the input does not define.
fn expected(line: &str) -> Result<(Position, u64, i32, bool), bool> {
    let rec: Line = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(_) => return Err(true),
    };
    let Some(ty) = rec.ty else {
        return Err(true);
    };
    if ty != "stance" {
        return Err(true);
    }
    if rec.holder.as_deref() != Some("a") || rec.target.as_deref() != Some("t") {
        return Err(false);
    }
    let Some(position) = rec.position.and_then(|p| p.parse::<Position>().ok()) else {
        return Err(true);
    };
    // A negated supports or opposes takes no side.
    let position = match rec
        .modality
        .as_deref()
        .map(str::parse::<claimgraph_core::Modality>)
    {
        None => position,
        Some(Err(_)) => return Err(true),
        Some(Ok(claimgraph_core::Modality::Negated))
            if matches!(position, Position::Supports | Position::Opposes) =>
        {
            Position::Neutral
        }
        Some(Ok(_)) => position,
    };
    let intensity = match rec.intensity {
        None => f64::NAN,
        Some(x) if x.is_finite() && (-1.0..=1.0).contains(&x) => x,
        Some(_) => return Err(true),
    };
    let as_of = match rec.as_of.as_deref().map(claimgraph_core::When::parse) {
        None => None,
        Some(Ok(w)) => Some(claimgraph_network::day_of(w.date())),
        Some(Err(_)) => return Err(true),
    };
    let evidence = rec.evidence.unwrap_or_default();
    // Every entry's quote and source must be defined.
    if evidence.iter().any(|e| {
        e.quote.as_deref().is_some_and(|q| q != "q")
            || e.source.as_deref().is_some_and(|s| s != "d")
    }) {
        return Err(false);
    }
    let day = |s: &str| {
        claimgraph_network::day_of(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default())
    };
    // as_of, else the earliest entry: the quote's date, else the source's
    // publication date.
    let earliest = evidence
        .iter()
        .filter_map(|e| {
            if e.quote.is_some() {
                Some(day("2019-12-24"))
            } else {
                e.source.as_ref().map(|_| day("2020-01-01"))
            }
        })
        .min();
    let d = as_of.or(earliest).unwrap_or(claimgraph_network::NO_DAY);
    // The source is the document of the entry that dates the stance, an
    // empty entry coming last (undated): any entry's with a quote or source.
    let has_source = evidence
        .iter()
        .any(|e| e.quote.is_some() || e.source.is_some());
    Ok((position, intensity.to_bits(), d, has_source))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_scanner_reads_a_line_iff_serde_does(l in random_line()) {
        let line = l.text();
        let input = format!("{PROLOGUE}{line}\n");
        let got = read_statements(input.as_bytes(), &ReadOptions { threads: 1, ..ReadOptions::default() });
        match (expected(&line), got) {
            (Ok((position, intensity, day, has_source)), Ok(st)) => {
                prop_assert_eq!(st.rows().len(), 1, "{}", line);
                let r = st.rows()[0];
                prop_assert_eq!(r.position, position, "{}", line);
                prop_assert_eq!(r.intensity.to_bits(), intensity, "{}", line);
                prop_assert_eq!(r.day, day, "{}", line);
                prop_assert_eq!(r.source != u32::MAX, has_source, "{}", line);
            }
            (Err(syntax), Err(e)) => {
                // Every error names line 6, the random line.
                let text = e.to_string();
                prop_assert!(text.starts_with("6:"), "{} -> {}", line, text);
                if syntax {
                    let is_syntax = matches!(e, claimgraph_network::NetworkError::Syntax { line: 6, .. });
                    prop_assert!(is_syntax, "{} -> {}", line, text);
                }
            }
            (want, got) => {
                prop_assert!(false, "{} -> expected {:?}, got {:?}", line, want.map(|_| ()), got.map(|_| ()));
            }
        }
    }
}
