//! Time: calendar month and year windows at month ends and in leap years,
//! kernel-smoothed slices against direct sums, and the two duplicate
//! scopes against hand counts. The properties tying both to networks built
//! from scratch are in `windows.rs`.

use claimgraph_core::{ActorKind, DatasetBuilder, Position};
use claimgraph_network::{
    DuplicateScope, Duplicates, Kernel, NetworkOptions, Smoothing, Span, Statements, date_of,
    day_of, slices, windows,
};

/// Statements (actor, position, date) on one proposal `plan`, each dated by
/// `as_of` and sourced from `d`.
fn table(rows: &[(&str, Position, &str)]) -> Statements {
    let mut b = DatasetBuilder::new();
    let d = b.source("d", "Source").id();
    for a in ["a", "b", "c"] {
        b.actor(a, &a.to_uppercase(), ActorKind::Person);
    }
    b.proposal("plan", "Plan");
    for (n, &(a, p, day)) in rows.iter().enumerate() {
        b.stance(&format!("s{n}"), a, "plan", p)
            .as_of(day)
            .source(&d);
    }
    Statements::from_dataset(&b.build().expect("valid"))
}

fn day(s: &str) -> i32 {
    day_of(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
}

fn date(d: i32) -> String {
    date_of(d).map(|d| d.to_string()).unwrap_or_default()
}

const YES: Position = Position::Supports;

fn leap() -> Statements {
    table(&[
        ("a", YES, "2024-01-31"),
        ("b", YES, "2024-02-29"),
        ("a", YES, "2024-03-01"),
        ("b", YES, "2025-02-28"),
        ("a", YES, "2025-03-01"),
    ])
}

#[test]
fn month_windows_cover_whole_calendar_months_through_month_ends_and_leap_days() {
    let st = leap();
    let o = NetworkOptions::congruence();
    let ws = windows(&st, &o, Span::Months(1), Span::Months(1)).expect("windows");
    // January 2024 to March 2025: fifteen months.
    assert_eq!(ws.len(), 15);
    let span = |i: usize| {
        (
            date(ws[i].first_day),
            date(ws[i].last_day),
            ws[i].statements,
        )
    };
    assert_eq!(span(0), ("2024-01-01".into(), "2024-01-31".into(), 1));
    assert_eq!(span(1), ("2024-02-01".into(), "2024-02-29".into(), 1));
    assert_eq!(span(2), ("2024-03-01".into(), "2024-03-31".into(), 1));
    assert_eq!(span(13), ("2025-02-01".into(), "2025-02-28".into(), 1));
    assert_eq!(span(14), ("2025-03-01".into(), "2025-03-31".into(), 1));
    // Three months moving by one: thirteen windows, the first holding all
    // three statements of early 2024.
    let ws = windows(&st, &o, Span::Months(3), Span::Months(1)).expect("windows");
    assert_eq!(ws.len(), 13);
    assert_eq!(
        (
            date(ws[0].first_day),
            date(ws[0].last_day),
            ws[0].statements
        ),
        ("2024-01-01".into(), "2024-03-31".into(), 3)
    );
    assert_eq!(ws[0].network.weight("a", "b"), Some(2.0));
    // February and March 2025 in the last window.
    let last = ws.last().expect("a window");
    assert_eq!(
        (date(last.first_day), date(last.last_day), last.statements),
        ("2025-01-01".into(), "2025-03-31".into(), 2)
    );
    assert_eq!(last.network.weight("a", "b"), Some(1.0));
    // A window must fit: a year of months from January 2025 would pass
    // March 2025, the month of the last statement.
    let ws = windows(&st, &o, Span::Years(1), Span::Months(6)).expect("windows");
    assert_eq!(ws.len(), 1);
    // Years: 2024 (leap, 366 days) and 2025.
    let years = table(&[
        ("a", YES, "2024-02-29"),
        ("b", YES, "2024-12-31"),
        ("a", YES, "2025-01-01"),
        ("b", YES, "2025-12-31"),
    ]);
    let ws = windows(&years, &o, Span::Years(1), Span::Years(1)).expect("windows");
    assert_eq!(ws.len(), 2);
    assert_eq!(ws[0].last_day - ws[0].first_day + 1, 366);
    assert_eq!(ws[1].last_day - ws[1].first_day + 1, 365);
    assert_eq!((ws[0].statements, ws[1].statements), (2, 2));
    assert_eq!(date(ws[1].first_day), "2025-01-01");
    // Longer than the range, or mixed with days: refused by name.
    let err = windows(&st, &o, Span::Months(16), Span::Months(1)).expect_err("too long");
    assert!(
        err.to_string().contains(
            "16 calendar months is longer than the statements' range of 15 calendar months"
        ),
        "{err}"
    );
    let err = windows(&st, &o, Span::Months(1), Span::Days(30)).expect_err("mixed");
    assert!(err.to_string().contains("both calendar months"), "{err}");
}

/// The kernels as written in `docs/NETWORKS.md`, for the direct sums.
fn k_uniform(u: f64) -> f64 {
    if u.abs() <= 1.0 { 0.5 } else { 0.0 }
}
fn k_triangular(u: f64) -> f64 {
    if u.abs() <= 1.0 { 1.0 - u.abs() } else { 0.0 }
}
fn k_epanechnikov(u: f64) -> f64 {
    if u.abs() <= 1.0 {
        0.75 * (1.0 - u * u)
    } else {
        0.0
    }
}
fn k_gaussian(u: f64) -> f64 {
    (-u * u / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

#[test]
fn every_kernel_slice_is_the_direct_sum_of_weighted_statements() {
    // a supports on days 0 and 7, b on day 3, c opposes on day 10.
    let st = table(&[
        ("a", YES, "2024-01-01"),
        ("b", YES, "2024-01-04"),
        ("a", YES, "2024-01-08"),
        ("c", Position::Opposes, "2024-01-11"),
    ]);
    let t0 = day("2024-01-01");
    let days = [0.0, 3.0, 7.0, 10.0];
    let h = 8.0;
    for (kernel, k) in [
        (Kernel::Uniform, k_uniform as fn(f64) -> f64),
        (Kernel::Triangular, k_triangular),
        (Kernel::Epanechnikov, k_epanechnikov),
        (Kernel::Gaussian, k_gaussian),
    ] {
        for (n, &x) in [-2.0, 0.3, 1.0, 1.5].iter().enumerate() {
            assert!((kernel.density(x) - k(x)).abs() < 1e-15, "{kernel} K({x})");
            let _ = n;
        }
        let s = Smoothing::new(kernel, Span::Days(8), Span::Days(2));
        let all = slices(&st, &NetworkOptions::congruence(), &s).expect("slices");
        let conflict = slices(&st, &NetworkOptions::conflict(), &s).expect("slices");
        assert_eq!(all.len(), 6, "{kernel}: days 0, 2, .., 10");
        for (slice, clash) in all.iter().zip(&conflict) {
            let t = f64::from(slice.day - t0);
            let w = |i: usize| k((days[i] - t) / h) / k(0.0);
            let (wa, wb, wc) = (w(0) + w(2), w(1), w(3));
            let want_ab = wa * wb;
            let got = slice.network.weight("a", "b").unwrap_or(0.0);
            assert!(
                (got - want_ab).abs() < 1e-12,
                "{kernel} t={t}: {got} vs {want_ab}"
            );
            let want_ac = wa * wc;
            let got = clash.network.weight("a", "c").unwrap_or(0.0);
            assert!(
                (got - want_ac).abs() < 1e-12,
                "{kernel} t={t}: {got} vs {want_ac}"
            );
            let weight: f64 = (0..4).map(w).sum();
            assert!((slice.weight - weight).abs() < 1e-12, "{kernel} t={t}");
            let counted = (0..4).filter(|&i| w(i) > 0.0).count();
            assert_eq!(slice.statements, counted, "{kernel} t={t}");
        }
    }
}

#[test]
fn a_kernel_counts_a_duplicate_group_once_at_its_largest_weight() {
    // a supports on days 0 and 2, b on day 0; triangular, h = 4, at day 0:
    // a's statements weigh 1 and 0.5.
    let st = table(&[
        ("a", YES, "2024-01-01"),
        ("a", YES, "2024-01-03"),
        ("b", YES, "2024-01-01"),
    ]);
    let s = Smoothing::new(Kernel::Triangular, Span::Days(4), Span::Days(10));
    let at0 = |o: NetworkOptions| {
        slices(&st, &o, &s).expect("slices")[0]
            .network
            .weight("a", "b")
    };
    assert_eq!(at0(NetworkOptions::congruence()), Some(1.5));
    let once = NetworkOptions::congruence().duplicates(Duplicates::Range);
    assert_eq!(at0(once.clone()), Some(1.0));
    // Over the range, the earliest statement of the group is kept.
    assert_eq!(at0(once.duplicate_scope(DuplicateScope::Range)), Some(1.0));
    // A bandwidth in months is refused: months differ in length.
    let bad = Smoothing::new(Kernel::Gaussian, Span::Months(1), Span::Days(1));
    let err = slices(&st, &NetworkOptions::congruence(), &bad).expect_err("months");
    assert!(
        err.to_string().contains("days (30d) or weeks (2w)"),
        "{err}"
    );
}

#[test]
fn duplicates_are_removed_in_each_window_or_once_over_the_range() {
    // Duplicates by month. a supports on Jan 5, Jan 25 and Feb 3; b on Jan 5
    // and Feb 13. Windows of 20 days: Jan 5-24 and Jan 25-Feb 13.
    let st = table(&[
        ("a", YES, "2024-01-05"),
        ("a", YES, "2024-01-25"),
        ("a", YES, "2024-02-03"),
        ("b", YES, "2024-01-05"),
        ("b", YES, "2024-02-13"),
    ]);
    let o = NetworkOptions::congruence().duplicates(Duplicates::Month);
    let run = |scope| {
        windows(
            &st,
            &o.clone().duplicate_scope(scope),
            Span::Days(20),
            Span::Days(20),
        )
        .expect("windows")
    };
    let each = run(DuplicateScope::Window);
    assert_eq!(each.len(), 2);
    assert_eq!(each[0].network.weight("a", "b"), Some(1.0));
    // In the second window a's January (Jan 25) and February buckets both
    // count: 2 × 1.
    assert_eq!(each[1].network.weight("a", "b"), Some(2.0));
    assert_eq!(each[1].statements, 3);
    let range = run(DuplicateScope::Range);
    assert_eq!(range[0].network.weight("a", "b"), Some(1.0));
    // Over the range, Jan 25 repeats Jan 5 and is gone: 1 × 1.
    assert_eq!(range[1].network.weight("a", "b"), Some(1.0));
    assert_eq!(range[1].statements, 2);
}
