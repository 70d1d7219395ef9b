//! Networks read a stance as the core means it — its date, its position and
//! the ids it answers in — whether the statements come from a `Dataset` or
//! stream from JSON Lines.

use claimgraph_core::{
    ActorKind, Comparator, Dataset, DatasetBuilder, Evidence, Judgement, ObligationKind, Position,
    Quantity, QuoteId, QuoteMode, SourceId,
};
use claimgraph_network::{
    Duplicates, NO_DAY, NetworkOptions, Over, Positions, ReadOptions, Scale, Statements, day_of,
    network, read_statements, read_statements_path,
};

fn day(s: &str) -> i32 {
    day_of(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date"))
}

/// The statements of a dataset, which the JSON Lines reader must read the
/// same as `Statements::from_dataset` — also with the records in reverse,
/// so that every stance comes before the quotes and sources that date it.
fn read_both_ways(ds: &Dataset) -> Statements {
    let want = Statements::from_dataset(ds);
    let text = ds.to_jsonl();
    let options = ReadOptions {
        threads: 2,
        chunk_bytes: 1 << 12,
        ..ReadOptions::default()
    };
    let got = read_statements(text.as_bytes(), &options).expect("read");
    assert_eq!(got, want, "JSON Lines in canonical order");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let reversed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let got = read_statements(reversed.as_bytes(), &options).expect("read");
    let same = Dataset::from_jsonl(&reversed).expect("a dataset");
    assert_eq!(got, Statements::from_dataset(&same), "records reversed");
    want
}

/// The options, keeping nodes without edges.
fn isolates(mut o: NetworkOptions) -> NetworkOptions {
    o.filters.isolates = true;
    o
}

fn row_of<'a>(st: &'a Statements, holder: &str, target: &str) -> &'a claimgraph_network::Row {
    st.rows()
        .iter()
        .find(|r| {
            &*st.actors()[r.actor as usize].id == holder
                && &*st.targets()[r.target as usize].id == target
        })
        .unwrap_or_else(|| panic!("no row of {holder} on {target}"))
}

#[test]
fn a_stance_is_dated_by_its_earliest_evidence_whatever_the_order_of_the_list() {
    let mut b = DatasetBuilder::new();
    let late = b
        .source("late", "Second report")
        .published("2025-11-24")
        .id();
    let early = b
        .source("early", "First report")
        .published("2025-11-20")
        .id();
    let undated = b.source("undated", "Wire copy").id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let paris = b.actor("france", "France", ActorKind::State).id();
    let berlin = b.actor("germany", "Germany", ActorKind::State).id();
    let rome = b.actor("italy", "Italy", ActorKind::State).id();
    let plan = b.proposal("plan", "Peace plan").id();
    let said_late = b
        .quote("q-late", &kyiv, &late, QuoteMode::Direct, "No.")
        .date("2025-11-23")
        .id();
    let said_early = b
        .quote("q-early", &paris, &late, QuoteMode::Direct, "No.")
        .date("2025-11-19")
        .id();
    // Undated words in the early report: dated by that report.
    let said_then = b
        .quote("q-then", &berlin, &early, QuoteMode::Indirect, "No.")
        .id();
    let wire = b
        .quote("q-wire", &rome, &undated, QuoteMode::Indirect, "No.")
        .id();
    // The later quote first, the earlier source second.
    b.stance("s1", &kyiv, &plan, Position::Opposes)
        .quote(&said_late)
        .source(&early);
    // The later source first, the earlier quote second.
    b.stance("s2", &paris, &plan, Position::Opposes)
        .source(&late)
        .quote(&said_early);
    // An undated quote cited in the entry's own source is dated by that
    // source, the document the stance is attributed to: the entry
    // {q-then, late} is dated 2025-11-24, not 2025-11-20 (when `early`,
    // the quote's source, ran the words).
    b.stance("s3", &berlin, &plan, Position::Opposes)
        .source(&late)
        .evidence(Evidence {
            quote: Some(said_then),
            source: Some(late.clone()),
            reported_by: None,
        });
    // A quote without any date gives way to its entry's source.
    b.stance("s4", &rome, &plan, Position::Opposes)
        .evidence(Evidence {
            quote: Some(wire.clone()),
            source: Some(late.clone()),
            reported_by: None,
        })
        .evidence(Evidence {
            quote: Some(wire),
            source: Some(undated.clone()),
            reported_by: None,
        });
    // `as_of` wins over any evidence.
    b.stance("s5", &kyiv, &paris, Position::Supports)
        .as_of("2025-11-22")
        .quote(&said_late)
        .source(&early);
    let ds = b.build().expect("a valid dataset");
    let st = read_both_ways(&ds);

    let days: Vec<i32> = st.rows().iter().map(|r| r.day).collect();
    assert_eq!(
        days,
        [
            day("2025-11-20"),
            day("2025-11-19"),
            day("2025-11-24"),
            day("2025-11-24"),
            day("2025-11-22"),
        ]
    );
    // The core's date, row by row.
    for (s, r) in ds.stances().iter().zip(st.rows()) {
        let want = ds.stance_date(s).map(|d| day_of(d.date()));
        assert_eq!(Some(r.day), want, "{}", s.id);
    }
    // The source is the document of the entry that dates the stance: its
    // own source, else its quote's.
    let source = |holder: &str, target: &str| {
        let r = row_of(&st, holder, target);
        st.sources()[r.source as usize].id.to_string()
    };
    assert_eq!(source("ukraine", "plan"), "early", "not q-late's");
    assert_eq!(source("france", "plan"), "late", "q-early's source");
    assert_eq!(
        source("germany", "plan"),
        "late",
        "the entry's own, not its quote's"
    );
    assert_eq!(source("italy", "plan"), "late", "the dated entry's");
    assert_eq!(source("ukraine", "france"), "early", "whatever the as_of");
}

/// The ids of the rows' sources, in row order (`-` for none).
fn sources_of(st: &Statements) -> Vec<&str> {
    st.rows()
        .iter()
        .map(|r| st.sources().get(r.source as usize).map_or("-", |s| &*s.id))
        .collect()
}

#[test]
fn a_stance_is_sourced_by_the_evidence_that_dates_it_whatever_the_order_of_the_list() {
    // Ids sort against dates, so that neither the first entry nor the least
    // id gives the answer.
    let build = |reversed: bool| {
        let mut b = DatasetBuilder::new();
        let later = b
            .source("alpha", "Second report")
            .published("2025-11-24")
            .id();
        let earlier = b
            .source("zulu", "First report")
            .published("2025-11-20")
            .id();
        let same_day = b
            .source("mike", "Other report")
            .published("2025-11-20")
            .id();
        let undated = b.source("aaa", "Wire copy").id();
        let undated_too = b.source("nnn", "Wire copy").id();
        let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
        let plan = b.proposal("plan", "Peace plan").id();
        // Words of the day of `zulu`, in `alpha`.
        let said = b
            .quote("q", &kyiv, &later, QuoteMode::Direct, "No.")
            .date("2025-11-20")
            .id();
        let lists = [
            // Two days, the later listed first: the earlier's source.
            vec![cite(&later), cite(&earlier)],
            // One day: the source whose id sorts first.
            vec![cite(&earlier), cite(&same_day)],
            // One day, the quote's source standing for the entry's.
            vec![cite(&earlier), quote(&said)],
            // Undated entries come last...
            vec![cite(&undated), cite(&earlier)],
            // ...and of undated ones alone, the id that sorts first.
            vec![cite(&undated_too), cite(&undated)],
        ];
        for (n, mut list) in lists.into_iter().enumerate() {
            if reversed {
                list.reverse();
            }
            // Each list twice: without `as_of`, then with.
            for as_of in [None, Some("2025-11-01")] {
                let id = format!("s{n}-{}", as_of.is_some());
                let mut e = b.stance(&id, &kyiv, &plan, Position::Opposes);
                if let Some(d) = as_of {
                    e = e.as_of(d);
                }
                for entry in &list {
                    e = e.evidence(entry.clone());
                }
            }
        }
        b.build().expect("a valid dataset")
    };
    let want = [
        "zulu", "zulu", "mike", "mike", "alpha", "alpha", "zulu", "zulu", "aaa", "aaa",
    ];
    let (nov20, nov1) = (day("2025-11-20"), day("2025-11-01"));
    let days = [
        nov20, nov1, nov20, nov1, nov20, nov1, nov20, nov1, NO_DAY, nov1,
    ];
    for reversed in [false, true] {
        let ds = build(reversed);
        let st = read_both_ways(&ds);
        assert_eq!(sources_of(&st), want, "evidence reversed: {reversed}");
        let got: Vec<i32> = st.rows().iter().map(|r| r.day).collect();
        assert_eq!(got, days, "evidence reversed: {reversed}");
        for (s, r) in ds.stances().iter().zip(st.rows()) {
            let core = ds.stance_source(s).map(|id| id.as_str());
            let table = st.sources().get(r.source as usize).map(|x| &*x.id);
            assert_eq!(table, core, "{}", s.id);
        }
    }
}

#[test]
fn duplicates_by_source_do_not_depend_on_the_order_of_the_evidence() {
    let mut b = DatasetBuilder::new();
    let later = b
        .source("alpha", "Second report")
        .published("2025-11-24")
        .id();
    let earlier = b
        .source("zulu", "First report")
        .published("2025-11-20")
        .id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let paris = b.actor("france", "France", ActorKind::State).id();
    let plan = b.proposal("plan", "Peace plan").id();
    // One position known from the same two reports, listed in either order
    // (as two merged datasets may list them): both from `zulu`.
    b.stance("s1", &kyiv, &plan, Position::Opposes)
        .source(&later)
        .source(&earlier);
    b.stance("s2", &kyiv, &plan, Position::Opposes)
        .source(&earlier)
        .source(&later);
    b.stance("s3", &paris, &plan, Position::Opposes)
        .source(&earlier);
    let ds = b.build().expect("a valid dataset");
    let st = read_both_ways(&ds);
    assert_eq!(sources_of(&st), ["zulu", "zulu", "zulu"]);
    let by_source = |o: NetworkOptions| o.duplicates(Duplicates::Source);
    let agree = network(&st, &by_source(NetworkOptions::congruence())).expect("network");
    assert_eq!(agree.weight("france", "ukraine"), Some(1.0), "counted once");
    let on = network(
        &st,
        &by_source(NetworkOptions::affiliation(Positions::Ignore)),
    )
    .expect("network");
    assert_eq!(on.weight("ukraine", "plan"), Some(1.0), "counted once");
    // Every statement counting, both do.
    let all = network(&st, &NetworkOptions::congruence()).expect("network");
    assert_eq!(all.weight("france", "ukraine"), Some(2.0));
}

/// An evidence entry citing a source.
fn cite(source: &SourceId) -> Evidence {
    Evidence {
        quote: None,
        source: Some(source.clone()),
        reported_by: None,
    }
}

/// An evidence entry citing a quote alone.
fn quote(quote: &QuoteId) -> Evidence {
    Evidence {
        quote: Some(quote.clone()),
        source: None,
        reported_by: None,
    }
}

/// Russia and Moscow, the Kremlin's voice: two ids, and a judgement that
/// they are one (undone, in the second half, by a later judgement).
fn moscow(judgements: &[(Judgement, Option<&str>, &str)]) -> Dataset {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-11-21").id();
    let russia = b
        .actor("russia", "Russia", ActorKind::State)
        .country("RUS")
        .id();
    let kremlin = b.actor("moscow", "Moscow", ActorKind::Government).id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let dc = b.actor("usa", "United States", ActorKind::State).id();
    let plan = b.proposal("plan", "Peace plan").id();
    let army = b.point("cap", &plan, "point 6", "Army cap").id();
    b.stance("s1", &russia, &plan, Position::Supports)
        .source(&src);
    b.stance("s2", &kremlin, &army, Position::Supports)
        .source(&src);
    b.stance("s3", &kyiv, &plan, Position::Opposes).source(&src);
    b.stance("s4", &kyiv, &army, Position::Opposes).source(&src);
    b.stance("s5", &dc, &army, Position::Supports).source(&src);
    // A stance on Moscow is a stance on Russia.
    b.stance("s6", &kyiv, &kremlin, Position::Opposes)
        .source(&src);
    for (j, date, id) in judgements {
        let mut e = b.same_as(id, &russia, &kremlin, *j).decided_by("desk");
        if let Some(d) = date {
            e = e.date(d);
        }
        let _ = e;
    }
    b.build().expect("a valid dataset")
}

#[test]
fn actors_judged_the_same_are_one_node_in_the_canonical_id() {
    let ds = moscow(&[(Judgement::Positive, Some("2025-11-21"), "same-1")]);
    assert_eq!(ds.identities().canonical("moscow"), "russia");
    let st = read_both_ways(&ds);
    let actors: Vec<&str> = st.actors().iter().map(|a| &*a.id).collect();
    assert_eq!(
        actors,
        ["russia", "ukraine", "usa"],
        "moscow answers as russia"
    );
    let targets: Vec<&str> = st.targets().iter().map(|t| &*t.id).collect();
    assert_eq!(targets, ["plan", "cap", "russia"]);
    assert_eq!(&*st.targets()[2].label, "Russia");

    let agree = network(&st, &isolates(NetworkOptions::congruence())).expect("network");
    let nodes: Vec<(&str, &str)> = agree.nodes().iter().map(|n| (&*n.id, &*n.label)).collect();
    assert_eq!(
        nodes,
        [
            ("russia", "Russia"),
            ("ukraine", "Ukraine"),
            ("usa", "United States")
        ]
    );
    // Moscow's support of the army cap makes Russia agree with the U.S.
    assert_eq!(agree.weight("russia", "usa"), Some(1.0));
    let clash = network(&st, &NetworkOptions::conflict()).expect("network");
    // On the plan (Russia's own words) and on the cap (Moscow's).
    assert_eq!(clash.weight("russia", "ukraine"), Some(2.0));
    assert_eq!(clash.weight("moscow", "ukraine"), None);
    // Ukraine's stance on Moscow is on the target russia.
    let on = network(
        &st,
        &NetworkOptions::affiliation(Positions::Subtract).over(Over::Actors),
    )
    .expect("network");
    assert_eq!(on.weight("ukraine", "russia"), Some(-1.0));
    // The merged id is no longer an actor of the table: a filter naming it
    // is refused rather than silently selecting nothing.
    let mut o = NetworkOptions::congruence();
    o.filters.include_actors = vec!["moscow".to_owned()];
    let e = network(&st, &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "include-actor: no actor has the id \"moscow\""
    );
}

#[test]
fn a_later_negative_judgement_undoes_the_merge() {
    for judgements in [
        // Positive, then negative a day later.
        vec![
            (Judgement::Positive, Some("2025-11-21"), "same-1"),
            (Judgement::Negative, Some("2025-11-22"), "same-2"),
        ],
        // An undated judgement counts as the earliest.
        vec![
            (Judgement::Negative, Some("2025-11-22"), "a-later"),
            (Judgement::Positive, None, "b-first"),
        ],
        // The same day: the id that sorts last counts.
        vec![
            (Judgement::Negative, Some("2025-11-21"), "same-2"),
            (Judgement::Positive, Some("2025-11-21"), "same-1"),
        ],
    ] {
        let ds = moscow(&judgements);
        assert_eq!(ds.identities().canonical("moscow"), "moscow");
        let st = read_both_ways(&ds);
        let agree = network(&st, &isolates(NetworkOptions::congruence())).expect("network");
        let ids: Vec<&str> = agree.nodes().iter().map(|n| &*n.id).collect();
        assert_eq!(
            ids,
            ["moscow", "russia", "ukraine", "usa"],
            "{judgements:?}"
        );
        assert_eq!(agree.weight("moscow", "usa"), Some(1.0));
        assert_eq!(agree.weight("russia", "usa"), None);
    }
    // And a later positive judgement redoes it.
    let ds = moscow(&[
        (Judgement::Negative, Some("2025-11-22"), "same-2"),
        (Judgement::Positive, Some("2025-11-23"), "same-3"),
    ]);
    let st = read_both_ways(&ds);
    assert!(st.actors().iter().all(|a| &*a.id != "moscow"));
}

#[test]
fn targets_judged_the_same_are_one_target() {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-11-21").id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let paris = b.actor("france", "France", ActorKind::State).id();
    let draft = b.proposal("plan-draft", "The 28-point draft").id();
    let plan = b.proposal("plan", "The U.S. peace plan").id();
    b.stance("s1", &kyiv, &draft, Position::Opposes)
        .source(&src);
    b.stance("s2", &paris, &plan, Position::Opposes)
        .source(&src);
    b.same_as("same-plan", &plan, &draft, Judgement::Positive);
    let ds = b.build().expect("a valid dataset");
    let st = read_both_ways(&ds);
    let targets: Vec<(&str, &str)> = st.targets().iter().map(|t| (&*t.id, &*t.label)).collect();
    assert_eq!(targets, [("plan", "The U.S. peace plan")]);
    let agree = network(&st, &NetworkOptions::congruence()).expect("network");
    assert_eq!(agree.weight("france", "ukraine"), Some(1.0));
}

#[test]
fn obligations_same_as_and_new_fields_read_alike_from_every_form() {
    let mut b = DatasetBuilder::new();
    let src = b
        .source("src", "Report")
        .published("2025-11-25")
        .publisher("Reuters")
        .id();
    let russia = b.actor("russia", "Russia", ActorKind::State).id();
    let kremlin = b
        .actor("kremlin", "The Kremlin", ActorKind::Government)
        .id();
    let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    let dc = b.actor("usa", "United States", ActorKind::State).id();
    let eu = b
        .actor("eu", "European Union", ActorKind::Organisation)
        .id();
    let plan = b
        .proposal("plan", "Peace plan")
        .deadline("2025-11-27")
        .quantity(Quantity::new(
            "armed forces personnel",
            Comparator::AtMost,
            600_000.0,
            "troops",
        ))
        .id();
    let counter = b
        .proposal("counter", "European counter-proposal")
        .answers(&plan)
        .quantity(Quantity::new(
            "armed forces personnel",
            Comparator::AtMost,
            800_000.0,
            "troops",
        ))
        .id();
    b.concession("k1", &kyiv, "Cap the army")
        .required_by(&plan)
        .quantity(Quantity::new(
            "armed forces personnel",
            Comparator::AtMost,
            600_000.0,
            "troops",
        ));
    b.obligation("o1", &dc, "Security guarantee")
        .to(&kyiv)
        .kind(ObligationKind::SecurityGuarantee)
        .required_by(&plan);
    let said = b
        .quote("q1", &kyiv, &src, QuoteMode::Direct, "No.")
        .date("2025-11-21~")
        .id();
    b.stance("s1", &kyiv, &plan, Position::Opposes)
        .source(&src)
        .quote(&said);
    b.stance("s2", &kremlin, &plan, Position::Supports)
        .source(&src);
    b.stance("s3", &russia, &counter, Position::Opposes)
        .as_of("2025-11")
        .source(&src);
    b.stance("s4", &eu, &counter, Position::Supports)
        .quote(&said);
    b.stance("s5", &dc, &counter, Position::NoResponse)
        .source(&src);
    b.same_as("same-kremlin", &russia, &kremlin, Judgement::Positive)
        .date("2025-11")
        .reason("The Kremlin speaks for Russia");
    b.same_as("not-eu", &eu, &dc, Judgement::Negative);
    let ds = b.build().expect("a valid dataset");
    let text = ds.to_jsonl();
    for record in [
        "\"type\":\"obligation\"",
        "\"type\":\"same_as\"",
        "\"answers\":",
        "\"quantities\":",
        "\"deadline\":",
        "\"no_response\"",
    ] {
        assert!(text.contains(record), "{record} is written");
    }
    let st = read_both_ways(&ds);
    assert_eq!(
        row_of(&st, "russia", "plan").position,
        Position::Supports,
        "the Kremlin's stance"
    );
    // A month counts as its first day; an approximate day as the day.
    assert_eq!(row_of(&st, "russia", "counter").day, day("2025-11-01"));
    assert_eq!(row_of(&st, "ukraine", "plan").day, day("2025-11-21"));
    assert_eq!(row_of(&st, "eu", "counter").day, day("2025-11-21"));
    assert_eq!(row_of(&st, "russia", "plan").day, day("2025-11-25"));

    // Files: JSON Lines streamed, canonical JSON through the dataset.
    let dir = std::env::temp_dir();
    let stem = format!("claimgraph-network-meaning-{}", std::process::id());
    let jsonl = dir.join(format!("{stem}.jsonl"));
    let json = dir.join(format!("{stem}.json"));
    std::fs::write(&jsonl, &text).expect("written");
    std::fs::write(&json, ds.to_json()).expect("written");
    let options = ReadOptions::default();
    let from_jsonl = read_statements_path(&jsonl, &options);
    let from_json = read_statements_path(&json, &options);
    let from_dataset = Dataset::read_path(&jsonl).map(|d| Statements::from_dataset(&d));
    let _ = std::fs::remove_file(&jsonl);
    let _ = std::fs::remove_file(&json);
    assert_eq!(from_jsonl.expect("read"), st);
    assert_eq!(from_json.expect("read"), st);
    assert_eq!(from_dataset.expect("read"), st);
}

#[test]
fn no_response_takes_no_side_in_any_network() {
    let build = |silent: bool| {
        let mut b = DatasetBuilder::new();
        let src = b.source("src", "Report").published("2025-11-21").id();
        let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
        let paris = b.actor("france", "France", ActorKind::State).id();
        let dc = b.actor("usa", "United States", ActorKind::State).id();
        let plan = b.proposal("plan", "Peace plan").id();
        let cap = b.proposal("cap", "Army cap").id();
        b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
        b.stance("s2", &paris, &plan, Position::Opposes)
            .source(&src);
        b.stance("s3", &dc, &cap, Position::Supports).source(&src);
        if silent {
            // Asked, did not answer — even with an intensity given.
            b.stance("s4", &dc, &plan, Position::NoResponse)
                .source(&src)
                .intensity(0.5);
            b.stance("s5", &paris, &cap, Position::NoComment)
                .source(&src);
        }
        b.build().expect("a valid dataset")
    };
    let (with, without) = (build(true), build(false));
    let (with, without) = (read_both_ways(&with), read_both_ways(&without));
    assert_eq!(with.len(), 5);
    assert_eq!(row_of(&with, "usa", "plan").position, Position::NoResponse);
    let scale = Scale::new(-1.0, 1.0).expect("a scale");
    for o in [
        NetworkOptions::new(claimgraph_network::Kind::CoOccurrence),
        NetworkOptions::congruence(),
        NetworkOptions::conflict().scale(scale),
        NetworkOptions::affiliation(Positions::Ignore),
        NetworkOptions::affiliation(Positions::Subtract).scale(scale),
    ] {
        let o = isolates(o);
        let (a, b) = (
            network(&with, &o).expect("network"),
            network(&without, &o).expect("network"),
        );
        assert_eq!(a.nodes(), b.nodes(), "{o:?}");
        assert_eq!(a.edges(), b.edges(), "{o:?}");
    }
}
