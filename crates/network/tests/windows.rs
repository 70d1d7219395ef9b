//! Moving windows: built incrementally, they must equal networks built from
//! scratch on each window's statements.

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position};
use claimgraph_network::{
    DuplicateScope, Duplicates, Filters, Kernel, Kind, Network, NetworkOptions, Normalization,
    Over, Positions, Scale, Smoothing, Span, Statements, date_of, network, slices, windows,
};
use proptest::prelude::*;

/// A dataset of (actor, target, position, day offset, source) statements.
fn dataset(rows: &[(u8, u8, u8, u16, u8)], intensities: bool) -> Dataset {
    let mut b = DatasetBuilder::new();
    let base = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let sources: Vec<_> = (0..4)
        .map(|s| b.source(&format!("d{s}"), "S").id())
        .collect();
    let actors: Vec<_> = (0..5)
        .map(|a| {
            b.actor(&format!("a{a}"), &format!("A{a}"), ActorKind::Person)
                .id()
        })
        .collect();
    let targets: Vec<_> = (0..4)
        .map(|t| b.proposal(&format!("t{t}"), "T").id())
        .collect();
    for (n, &(a, t, p, day, s)) in rows.iter().enumerate() {
        let pos = match p % 3 {
            0 => Position::Supports,
            1 => Position::Opposes,
            _ => Position::Neutral,
        };
        let date = base + chrono::Duration::days(i64::from(day));
        let mut e = b
            .stance(
                &format!("s{n}"),
                &actors[a as usize % 5],
                &targets[t as usize % 4],
                pos,
            )
            .as_of(&date.format("%Y-%m-%d").to_string())
            .source(&sources[s as usize % 4]);
        if intensities {
            let v = match pos {
                Position::Supports => 0.5 + f64::from(p % 2) * 0.5,
                Position::Opposes => -1.0,
                _ => 0.0,
            };
            e = e.intensity(v);
        }
        let _ = e;
    }
    b.build().expect("valid")
}

fn rows() -> impl Strategy<Value = Vec<(u8, u8, u8, u16, u8)>> {
    prop::collection::vec((0u8..5, 0u8..4, 0u8..3, 0u16..60, 0u8..4), 4..60)
}

fn options() -> impl Strategy<Value = NetworkOptions> {
    (
        prop::sample::select(vec![
            Kind::Congruence,
            Kind::Conflict,
            Kind::Subtract,
            Kind::CoOccurrence,
            Kind::Affiliation,
        ]),
        prop::sample::select(vec![
            Normalization::None,
            Normalization::Average,
            Normalization::Jaccard,
            Normalization::Cosine,
            Normalization::DnaCosine,
        ]),
        prop::sample::select(vec![
            Duplicates::All,
            Duplicates::Source,
            Duplicates::Week,
            Duplicates::Range,
        ]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(kind, norm, dup, targets, scaled)| {
            let mut o = NetworkOptions::new(kind).duplicates(dup);
            if kind == Kind::Affiliation {
                o.positions = Positions::Subtract;
            } else {
                o = o.normalization(norm);
                if targets {
                    o = o.over(Over::Targets);
                }
            }
            if scaled && let Ok(s) = Scale::new(-1.0, 1.0) {
                o = o.scale(s);
            }
            o.filters = Filters {
                isolates: true,
                ..Filters::default()
            };
            o
        })
}

fn same(
    a: &claimgraph_network::Network,
    b: &claimgraph_network::Network,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.nodes(), b.nodes());
    prop_assert_eq!(
        a.edges().len(),
        b.edges().len(),
        "{:?}\nvs\n{:?}",
        a.edges(),
        b.edges()
    );
    for (x, y) in a.edges().iter().zip(b.edges()) {
        prop_assert_eq!((x.a, x.b), (y.a, y.b));
        prop_assert!(
            (x.weight - y.weight).abs() < 1e-9,
            "{} vs {}",
            x.weight,
            y.weight
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_window_over_the_whole_range_is_the_whole_network(rows in rows(), o in options()) {
        let ds = dataset(&rows, o.scale.is_some());
        let st = Statements::from_dataset(&ds);
        let Ok(whole) = network(&st, &o) else { return Ok(()); };
        // The days of the statements the network counts.
        let counted = |r: &&claimgraph_network::Row| match (o.kind, o.scale) {
            (Kind::CoOccurrence, _) => r.position != Position::NoComment,
            (_, Some(_)) => matches!(r.position, Position::Supports | Position::Opposes | Position::Neutral),
            _ => matches!(r.position, Position::Supports | Position::Opposes),
        };
        let first = st.rows().iter().filter(counted).map(|r| r.day).min().unwrap_or_default();
        let last = st.rows().iter().filter(counted).map(|r| r.day).max().unwrap_or_default();
        let span = (last - first + 1) as u32;
        let w = windows(&st, &o, Span::Days(span), Span::Days(1)).expect("windows");
        prop_assert_eq!(w.len(), 1);
        same(&w[0].network, &whole)?;
    }

    #[test]
    fn every_window_equals_a_network_built_from_scratch(rows in rows(), o in options(), len in 1u32..20, step in 1u32..10) {
        let ds = dataset(&rows, o.scale.is_some());
        let st = Statements::from_dataset(&ds);
        let Ok(ws) = windows(&st, &o, Span::Days(len), Span::Days(step)) else { return Ok(()); };
        for w in &ws {
            let mut scratch = o.clone();
            scratch.filters.from = Some(w.first_day);
            scratch.filters.to = Some(w.last_day);
            match network(&st, &scratch) {
                Ok(net) => {
                    // The windowed network keeps every node of the selection;
                    // compare weights by id.
                    prop_assert_eq!(w.network.edges().len(), net.edges().len());
                    for e in net.edges() {
                        let (a, b) = (&net.nodes()[e.a as usize].id, &net.nodes()[e.b as usize].id);
                        let got = w.network.weight(a, b);
                        prop_assert!(got.is_some_and(|g| (g - e.weight).abs() < 1e-9), "{a}-{b}: {got:?} vs {}", e.weight);
                    }
                }
                Err(_) => prop_assert!(w.network.edges().is_empty()),
            }
        }
    }

    #[test]
    fn statement_windows_cover_the_statements_in_date_order(rows in rows(), len in 1usize..10, step in 1usize..5) {
        let ds = dataset(&rows, false);
        let st = Statements::from_dataset(&ds);
        let o = NetworkOptions::new(Kind::CoOccurrence);
        match windows(&st, &o, Span::Statements(len), Span::Statements(step)) {
            Ok(ws) => {
                for w in &ws {
                    prop_assert_eq!(w.statements, len);
                    prop_assert!(w.first_day <= w.last_day);
                }
                let n = st.rows().iter().filter(|r| r.position != Position::NoComment).count();
                prop_assert_eq!(ws.len(), (n - len) / step + 1);
            }
            Err(e) => prop_assert!(e.to_string().contains("longer than"), "{e}"),
        }
    }
}

#[test]
fn a_window_longer_than_the_range_is_refused_by_name() {
    let ds = dataset(&[(0, 0, 0, 0, 0), (1, 0, 0, 9, 0)], false);
    let st = Statements::from_dataset(&ds);
    let err = windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(30),
        Span::Days(7),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "window: a window of 30 days is longer than the statements' range of 10 days"
    );
    let ok = windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(10),
        Span::Days(7),
    )
    .expect("fits");
    assert_eq!(ok.len(), 1);
    assert_eq!(
        date_of(ok[0].first_day).map(|d| d.to_string()).as_deref(),
        Some("2020-01-01")
    );
}

/// A series of more windows or slices than the limit is refused before any
/// is built, with the count; an empty window or step is refused, not looped
/// on forever.
#[test]
fn too_many_windows_or_slices_are_refused_with_their_count() {
    // Two statements 60,000 days apart (the offsets are u16 days).
    let ds = dataset(&[(0, 0, 0, 0, 0), (1, 0, 0, 60_000, 0)], false);
    let st = Statements::from_dataset(&ds);
    let o = NetworkOptions::congruence().max_windows(1_000);
    let err = windows(&st, &o, Span::Days(1), Span::Days(1)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("60,001 windows over the statements' range, more than the limit of 1,000"),
        "{err}"
    );
    assert!(err.to_string().contains("--max-windows"), "{err}");
    // 60,001 days in calendar years: some 164 windows, under the limit.
    let years = windows(&st, &o, Span::Years(1), Span::Years(1)).expect("fits");
    assert!((150..170).contains(&years.len()), "{}", years.len());
    let err = windows(
        &st,
        &o.clone().max_windows(100),
        Span::Years(1),
        Span::Years(1),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("more than the limit of 100"),
        "{err}"
    );
    // Statement windows count too.
    let err = windows(
        &st,
        &o.clone().max_windows(1),
        Span::Statements(1),
        Span::Statements(1),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("2 windows"), "{err}");
    let s = Smoothing::new(Kernel::Gaussian, Span::Days(30), Span::Days(7));
    let err = slices(&st, &o, &s).unwrap_err();
    assert!(err.to_string().starts_with("8,572 time slices"), "{err}");
    assert_eq!(
        slices(
            &st,
            &o.clone().max_windows(8_572),
            &Smoothing::new(Kernel::Uniform, Span::Days(1), Span::Days(7))
        )
        .map(|v| v.len())
        .ok(),
        Some(8_572)
    );
    for (size, step) in [
        (Span::Days(0), Span::Days(1)),
        (Span::Days(3), Span::Days(0)),
        (Span::Statements(1), Span::Statements(0)),
    ] {
        let err = windows(&st, &o, size, step).unwrap_err();
        assert!(err.to_string().contains("at least 1"), "{err}");
    }
    for (h, step) in [(0, 1), (1, 0)] {
        let s = Smoothing::new(Kernel::Uniform, Span::Days(h), Span::Days(step));
        let err = slices(&st, &o, &s).unwrap_err();
        assert!(err.to_string().contains("at least 1 day"), "{err}");
    }
    assert!(NetworkOptions::congruence().max_windows(0).check().is_err());
}

#[test]
fn spans_parse_days_weeks_months_years_and_statements() {
    assert_eq!("30d".parse::<Span>().ok(), Some(Span::Days(30)));
    assert_eq!("2w".parse::<Span>().ok(), Some(Span::Days(14)));
    assert_eq!("3m".parse::<Span>().ok(), Some(Span::Months(3)));
    assert_eq!("1y".parse::<Span>().ok(), Some(Span::Years(1)));
    assert_eq!("500".parse::<Span>().ok(), Some(Span::Statements(500)));
    for bad in ["0d", "x", "3q", "-1d", "", "0m", "10001y", "1m2"] {
        assert!(bad.parse::<Span>().is_err(), "{bad}");
    }
}

#[test]
fn a_huge_week_count_is_refused_not_wrapped() {
    assert!("2635249153387078803w".parse::<Span>().is_err());
    assert!(
        "613566757w".parse::<Span>().is_err(),
        "7 × 613566757 overflows u32 days"
    );
}

/// Statements over about three years.
fn long_rows() -> impl Strategy<Value = Vec<(u8, u8, u8, u16, u8)>> {
    prop::collection::vec((0u8..5, 0u8..4, 0u8..3, 0u16..1100, 0u8..4), 2..50)
}

/// Whether `got` has every edge of `want`, by id, and no other.
fn same_by_id(got: &Network, want: &Network) -> Result<(), TestCaseError> {
    prop_assert_eq!(got.edges().len(), want.edges().len());
    for e in want.edges() {
        let (a, b) = (
            &want.nodes()[e.a as usize].id,
            &want.nodes()[e.b as usize].id,
        );
        let w = got.weight(a, b);
        prop_assert!(
            w.is_some_and(|w| (w - e.weight).abs() < 1e-9),
            "{a}-{b}: {w:?} vs {}",
            e.weight
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn month_windows_equal_networks_built_from_scratch(
        rows in long_rows(), o in options(), len in 1u32..8, step in 1u32..5, years: bool,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, false));
        let (size, by) = if years {
            (Span::Years(len.min(2)), Span::Months(step))
        } else {
            (Span::Months(len), Span::Months(step))
        };
        let Ok(ws) = windows(&st, &o, size, by) else { return Ok(()); };
        for w in &ws {
            let mut scratch = o.clone();
            scratch.filters.from = Some(w.first_day);
            scratch.filters.to = Some(w.last_day);
            match network(&st, &scratch) {
                Ok(net) => same_by_id(&w.network, &net)?,
                Err(_) => prop_assert!(w.network.edges().is_empty()),
            }
            // A window starts on a month's first day and ends on a month's last.
            let (first, last) = (date_of(w.first_day).expect("day"), date_of(w.last_day).expect("day"));
            prop_assert_eq!(chrono::Datelike::day(&first), 1);
            prop_assert_eq!(chrono::Datelike::day(&last.succ_opt().expect("day")), 1);
        }
    }

    #[test]
    fn a_uniform_kernel_over_the_whole_range_is_the_unwindowed_network(
        rows in long_rows(), o in options(), scope: bool,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, false));
        let Ok(whole) = network(&st, &o) else { return Ok(()); };
        let first = st.rows().iter().map(|r| r.day).min().unwrap_or_default();
        let last = st.rows().iter().map(|r| r.day).max().unwrap_or_default();
        let h = ((last - first) as u32).max(1);
        let o = o.duplicate_scope(if scope { DuplicateScope::Range } else { DuplicateScope::Window });
        let s = Smoothing::new(Kernel::Uniform, Span::Days(h), Span::Days(h + 1));
        let all = slices(&st, &o, &s).expect("slices");
        prop_assert_eq!(all.len(), 1);
        same_by_id(&all[0].network, &whole)?;
        // Over the range, duplicates are gone before statements are counted.
        if !scope {
            prop_assert_eq!(all[0].statements, whole.statements());
        }
    }
}
