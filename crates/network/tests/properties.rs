//! Properties of networks and of the statement reader, on random inputs.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use claimgraph_core::{
    ActorKind, Affiliation, AffiliationKind, Dataset, DatasetBuilder, Evidence, Judgement,
    Modality, Position, QuoteId, QuoteMode, RecordId, SameAs, SameAsId, SourceId, SourceKind,
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
    /// Per actor: a country (index into COUNTRIES), an alias, and ties
    /// (other actor, kind, an end: from or until, its date).
    actors: Vec<RichActor>,
}

/// An actor's country, whether it has an alias and a description, and its
/// ties: (other actor, kind, whether the date is `from` (else `until`),
/// the date, if any, an index into DATES).
type RichActor = (Option<u8>, bool, Vec<(u8, u8, bool, Option<u8>)>);

const COUNTRIES: [&str; 3] = ["UKR", "FRA", "RUS"];

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
    let actors = prop::collection::vec(
        (
            prop::option::of(0u8..3),
            any::<bool>(),
            prop::collection::vec(
                (0u8..4, 0u8..4, any::<bool>(), prop::option::of(0u8..7)),
                0..3,
            ),
        ),
        4,
    );
    (sources, quotes, stances, same_as, actors).prop_map(
        |(sources, quotes, stances, same_as, actors)| Rich {
            sources,
            quotes,
            stances,
            same_as,
            actors,
        },
    )
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
    // Countries, aliases, descriptions and ties (dated or not, of every
    // kind), which organisations and node attributes are read from.
    for (a, (country, named, ties)) in r.actors.iter().enumerate() {
        let Some(mut actor) = ds.actor_mut(&actors[a]) else {
            continue;
        };
        actor.country = country.map(|c| COUNTRIES[usize::from(c)].to_owned());
        if *named {
            actor.aliases = vec![format!("Alias {a}")];
            actor.description = Some(format!("Actor number {a}"));
        }
        for &(other, kind, from, date) in ties {
            let other = usize::from(other);
            if other == a {
                continue;
            }
            let mut tie = Affiliation::new(
                actors[other].clone(),
                AffiliationKind::ALL[usize::from(kind) % AffiliationKind::ALL.len()],
            );
            let when = date.map(|d| DATES[usize::from(d)].parse().expect("a date"));
            if from {
                tie.from = when;
            } else {
                tie.until = when;
            }
            actor.affiliations.push(tie);
        }
    }
    // Judgements are added past the builder, which would refuse the odd ones
    // (a judgement between kinds, or of an id that names nothing): both
    // readers must agree on those too. A judgement of a record with itself
    // is an error of its own, which both refuse.
    for (n, &(a, b, judgement, date, id)) in r.same_as.iter().enumerate() {
        if a == b {
            continue;
        }
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
        let options = ReadOptions { threads, chunk_bytes: [1 << 12, 5000, 1 << 20][chunk], ..ReadOptions::default() };
        let got = read_statements(text.as_bytes(), &options).expect("read");
        prop_assert_eq!(got, want);
    }

    #[test]
    fn organisations_are_counted_by_the_cores_tie_rule(r in rich()) {
        // Count, straight from the dataset, each statement for the actors
        // its holder's ties carry it to on its day (or for the holder).
        use std::collections::BTreeMap;
        let ds = rich_dataset(&r);
        let st = Statements::from_dataset(&ds);
        let ids = ds.identities();
        let canonical = |id: &str| -> String {
            let c = ids.canonical(id);
            if c != id && ds.actors().iter().any(|a| a.id.as_str() == c) { c.to_owned() } else { id.to_owned() }
        };
        let mut want: BTreeMap<(String, String), f64> = BTreeMap::new();
        for s in ds.stances() {
            let p = s.effective_position();
            if p.is_silence() {
                continue;
            }
            let Some(target) = st.targets().iter().find(|t| *t.id == canonical(s.target.as_str()) || *t.id == *ids.canonical(s.target.as_str()) || *t.id == *s.target.as_str()) else { continue };
            let holder = canonical(s.holder.as_str());
            let Some(actor) = ds.actors().iter().find(|a| a.id.as_str() == holder) else { continue };
            let day = ds.stance_date(s).map(|d| claimgraph_core::When::Date(d.date()));
            let mut orgs: Vec<String> = Vec::new();
            for t in &actor.affiliations {
                let to = canonical(t.actor.as_str());
                if to != holder && t.carries_position_on(day.as_ref()) && !orgs.contains(&to) {
                    orgs.push(to);
                }
            }
            if orgs.is_empty() {
                orgs.push(holder.clone());
            }
            for o in orgs {
                *want.entry((o, target.id.to_string())).or_default() += 1.0;
            }
        }
        let o = NetworkOptions::affiliation(claimgraph_network::Positions::Ignore)
            .node_variable(claimgraph_network::NodeVariable::Organisation);
        let got: BTreeMap<(String, String), f64> = match network(&st, &o) {
            Ok(net) => net.edges().iter().map(|e| (
                (net.nodes()[e.a as usize].id.to_string(), net.nodes()[e.b as usize].id.to_string()),
                e.weight,
            )).collect(),
            Err(_) => BTreeMap::new(),
        };
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
        let options = ReadOptions { threads, chunk_bytes: 1 << 12, ..ReadOptions::default() };
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
        let options = ReadOptions { threads, chunk_bytes: 1 << 12, ..ReadOptions::default() };
        let got = read_statements(text.as_bytes(), &options).expect("read");
        prop_assert_eq!(got, Statements::from_dataset(&ds));
    }
}
