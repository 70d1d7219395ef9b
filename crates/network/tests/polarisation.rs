//! Polarisation: the absolute-difference quality on hand-computed cases, the
//! searches on networks whose split is known, the choices where we differ
//! from DNA, and the properties (relabelling, seeds, bounds, greedy never
//! worse than its start, windows and kernel slices equal to networks from
//! scratch).

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position};
use claimgraph_network::{
    Kernel, Network, NetworkError, NetworkOptions, Polarisation, PolarisationOptions, Positions,
    Smoothing, Span, Statements, network, polarisation, polarisation_of, polarisation_slices,
    polarisation_windows, score_partition, slices, write_memberships_csv, write_polarisation_csv,
    write_steps_csv,
};
use proptest::prelude::*;

/// Stances (actor, target, supports?, day offset) with actor ids from `name`.
fn dataset(rows: &[(usize, usize, bool, u16)], name: impl Fn(usize) -> String) -> Dataset {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2020-01-01").id();
    let base = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let actors = rows.iter().map(|r| r.0).max().map_or(0, |m| m + 1);
    let targets = rows.iter().map(|r| r.1).max().map_or(0, |m| m + 1);
    let a: Vec<_> = (0..actors)
        .map(|i| {
            b.actor(&name(i), &format!("Actor {i}"), ActorKind::Person)
                .id()
        })
        .collect();
    let t: Vec<_> = (0..targets)
        .map(|i| b.proposal(&format!("t{i}"), "T").id())
        .collect();
    for (n, &(actor, target, supports, day)) in rows.iter().enumerate() {
        let pos = if supports {
            Position::Supports
        } else {
            Position::Opposes
        };
        let date = base + chrono::Duration::days(i64::from(day));
        b.stance(&format!("s{n}"), &a[actor], &t[target], pos)
            .as_of(&date.format("%Y-%m-%d").to_string())
            .source(&src);
    }
    b.build().expect("a valid dataset")
}

fn plain(i: usize) -> String {
    format!("a{i}")
}

fn nets(st: &Statements) -> (Network, Network) {
    (
        network(st, &NetworkOptions::congruence()).expect("congruence"),
        network(st, &NetworkOptions::conflict()).expect("conflict"),
    )
}

/// Camps of the given sizes: every member supports its camp's targets and
/// opposes, for each other camp, one target that camp supports.
fn camps(sizes: &[usize]) -> Vec<(usize, usize, bool, u16)> {
    let k = sizes.len();
    // Target x·k + y (x < y): camp x supports it, camp y opposes it.
    let mut rows = Vec::new();
    let mut actor = 0;
    for (c, &size) in sizes.iter().enumerate() {
        for _ in 0..size {
            for other in 0..k {
                if other != c {
                    let (x, y) = (c.min(other), c.max(other));
                    rows.push((actor, x * k + y, c == x, 0));
                }
            }
            actor += 1;
        }
    }
    rows
}

fn group_of(p: &Polarisation, id: &str) -> usize {
    p.actors
        .iter()
        .find(|m| &*m.id == id)
        .map(|m| m.group)
        .unwrap_or(usize::MAX)
}

/// The four-actor case computed by hand: a and b agree on two targets (C = 2),
/// c and d on one (C = 1), a and c disagree on one (K = 1), b and d on three
/// (K = 3). M_C = 3, M_K = 4, M = 7.
fn four() -> Statements {
    let rows = [
        (0, 0, true, 0),
        (1, 0, true, 0),
        (0, 1, true, 0),
        (1, 1, true, 0),
        (2, 2, true, 0),
        (3, 2, true, 0),
        (0, 3, true, 0),
        (2, 3, false, 0),
        (1, 4, true, 0),
        (3, 4, false, 0),
        (1, 5, true, 0),
        (3, 5, false, 0),
        (1, 6, true, 0),
        (3, 6, false, 0),
    ];
    Statements::from_dataset(&dataset(&rows, |i| ["a", "b", "c", "d"][i].to_owned()))
}

#[test]
fn the_four_actor_case_scores_as_computed_by_hand() {
    let st = four();
    let (c, k) = nets(&st);
    assert_eq!(c.weight("a", "b"), Some(2.0));
    assert_eq!(c.weight("c", "d"), Some(1.0));
    assert_eq!(k.weight("a", "c"), Some(1.0));
    assert_eq!(k.weight("b", "d"), Some(3.0));
    assert_eq!(c.edges().len() + k.edges().len(), 4);
    let score = |groups: [usize; 4], normalise| {
        score_partition(
            &c,
            &k,
            ["a", "b", "c", "d"].into_iter().zip(groups),
            2,
            normalise,
        )
        .expect("a partition")
    };
    // {a, b} {c, d}: W = 2, B = 4, t_C = 3/2, t_K = 1;
    // D = |2 − 1.5| + |1 − 1.5| + |1 − 1| + |0 − 1| + |0 − 1| + |3 − 1| = 5.
    let s = score([0, 0, 1, 1], false);
    assert_eq!((s.mass, s.deviation, s.score), (7.0, 5.0, 4.5));
    assert!((score([0, 0, 1, 1], true).score - 9.0 / 14.0).abs() < 1e-12);
    // {a, c} {b, d}: every tie against the template, D = 14 = 2M.
    let s = score([0, 1, 0, 1], true);
    assert_eq!((s.deviation, s.score), (14.0, 0.0));
    // {a, d} {b, c}: D = 1.5 + 1.5 + 3 + 0 + 2 + 2 = 10.
    assert!((score([0, 1, 1, 0], true).score - 2.0 / 7.0).abs() < 1e-12);
    // Groups of any size: {a} {b, c, d}: W = 3, B = 3, t_C = 1, t_K = 4/3;
    // D = 1 + 4 + 0 + 10/3 + 1/3 + 4/3 = 10.
    let s = score([0, 1, 1, 1], true);
    assert!((s.deviation - 10.0).abs() < 1e-12);
    // Group labels do not matter.
    assert_eq!(score([1, 1, 0, 0], true), score([0, 0, 1, 1], true));
}

#[test]
fn both_searches_find_the_best_split_of_the_four_actors() {
    let st = four();
    for o in [
        PolarisationOptions::new(),
        PolarisationOptions::new().genetic(),
    ] {
        let p = polarisation(&st, &NetworkOptions::congruence(), &o.normalise(true), None)
            .expect("polarisation");
        assert!((p.score - 9.0 / 14.0).abs() < 1e-12, "{}", p.score);
        assert_eq!(p.deviation, 5.0);
        assert_eq!(group_of(&p, "a"), group_of(&p, "b"));
        assert_eq!(group_of(&p, "c"), group_of(&p, "d"));
        assert_ne!(group_of(&p, "a"), group_of(&p, "c"));
        assert_eq!(p.statements, 14);
    }
}

#[test]
fn two_camps_score_one_and_the_search_finds_them() {
    let st = Statements::from_dataset(&dataset(&camps(&[5, 5]), plain));
    for o in [
        PolarisationOptions::new().normalise(true),
        PolarisationOptions::new().normalise(true).genetic(),
    ] {
        let p = polarisation(&st, &NetworkOptions::congruence(), &o, None).expect("polarisation");
        assert_eq!(p.score, 1.0, "{:?}", o.search);
        assert_eq!(p.deviation, 0.0);
        let first = group_of(&p, "a0");
        for i in 0..10 {
            assert_eq!(group_of(&p, &format!("a{i}")) == first, i < 5, "a{i}");
        }
    }
    // Unnormalised, the polarisation is the whole edge mass.
    let p = polarisation(
        &st,
        &NetworkOptions::congruence(),
        &PolarisationOptions::new(),
        None,
    )
    .expect("polarisation");
    assert_eq!((p.score, p.mass), (45.0, 45.0));
}

#[test]
fn three_camps_in_three_groups_score_one() {
    let st = Statements::from_dataset(&dataset(&camps(&[3, 3, 3]), plain));
    for o in [
        PolarisationOptions::new(),
        PolarisationOptions::new().genetic(),
    ] {
        let o = o.groups(3).normalise(true).seed(11);
        let p = polarisation(&st, &NetworkOptions::congruence(), &o, None).expect("polarisation");
        assert_eq!(p.score, 1.0, "{:?}", o.search);
        for camp in 0..3 {
            let g = group_of(&p, &format!("a{}", camp * 3));
            for i in 0..3 {
                assert_eq!(group_of(&p, &format!("a{}", camp * 3 + i)), g);
            }
        }
    }
}

/// DNA's `qualityAbsdiff` (version 3), summed over the full matrices as DNA
/// sums it: ordered pairs, each group's even share scaled by its share of
/// the within-group pairs, normalised by 2(‖C‖ + ‖K‖).
fn dna_absdiff(c: &Network, k: &Network, ids: &[String], g: &[usize]) -> f64 {
    let n = ids.len();
    let w = |net: &Network, i: usize, j: usize| net.weight(&ids[i], &ids[j]).unwrap_or(0.0);
    let (mut nc, mut nk) = (0.0, 0.0);
    for i in 0..n {
        for j in 0..n {
            if i != j {
                nc += w(c, i, j).abs();
                nk += w(k, i, j).abs();
            }
        }
    }
    let groups = g.iter().max().map_or(0, |m| m + 1);
    let sizes: Vec<f64> = (0..groups)
        .map(|x| g.iter().filter(|&&y| y == x).count() as f64)
        .collect();
    let within: f64 = sizes.iter().map(|s| s * (s - 1.0)).sum();
    let between = (n * (n - 1)) as f64 - within;
    let mut d = 0.0;
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            if g[i] == g[j] {
                let s = sizes[g[i]];
                let expected = s * (s - 1.0) / within * (nc / within);
                d += (w(c, i, j) - expected).abs() + w(k, i, j).abs();
            } else {
                let expected = sizes[g[i]] * sizes[g[j]] / between * (nk / between);
                d += w(c, i, j).abs() + (w(k, i, j) - expected).abs();
            }
        }
    }
    d / (2.0 * (nc + nk))
}

#[test]
fn dna_maximising_its_deviation_would_prefer_a_mixed_split_to_the_camps() {
    // Why we score the fit to the template: on two camps of four, DNA's
    // quality gives the camps' split 1/4 and a split that mixes both camps
    // more; ours gives the camps 1 and the mixed split 3/7.
    let st = Statements::from_dataset(&dataset(&camps(&[4, 4]), plain));
    let (c, k) = nets(&st);
    let ids: Vec<String> = (0..8).map(plain).collect();
    let camps = [0, 0, 0, 0, 1, 1, 1, 1];
    let mixed = [0, 0, 1, 1, 0, 0, 1, 1];
    let dna_camps = dna_absdiff(&c, &k, &ids, &camps);
    let dna_mixed = dna_absdiff(&c, &k, &ids, &mixed);
    assert!((dna_camps - 0.25).abs() < 1e-12, "{dna_camps}");
    assert!(dna_mixed > dna_camps, "{dna_mixed} vs {dna_camps}");
    let ours = |g: &[usize]| {
        score_partition(&c, &k, ids.iter().zip(g.iter().copied()), 2, true)
            .expect("a partition")
            .score
    };
    assert_eq!(ours(&camps), 1.0);
    assert!((ours(&mixed) - 3.0 / 7.0).abs() < 1e-12);
}

#[test]
fn groups_are_held_at_equal_sizes_so_a_consensus_is_not_polarised() {
    // Eight actors who agree on everything: with equal halves P/M = 1 − B/N
    // = 1 − 16/28; one actor set apart would score 1 − 2/n = 3/4.
    let rows: Vec<_> = (0..8)
        .flat_map(|a| [(a, 0, true, 0), (a, 1, true, 0)])
        .collect();
    let st = Statements::from_dataset(&dataset(&rows, plain));
    let (c, k) = nets(&st);
    let o = PolarisationOptions::new().normalise(true);
    let p = polarisation_of(&c, &k, &o, None).expect("polarisation");
    assert!((p.score - 3.0 / 7.0).abs() < 1e-12, "{}", p.score);
    let sizes = (0..2)
        .map(|g| p.actors.iter().filter(|m| m.group == g).count())
        .collect::<Vec<_>>();
    assert_eq!(sizes, [4, 4]);
    let apart = score_partition(
        &c,
        &k,
        (0..8).map(|i| (plain(i), usize::from(i == 0))),
        2,
        true,
    )
    .expect("a partition");
    assert!((apart.score - 0.75).abs() < 1e-12);
}

#[test]
fn an_odd_number_of_actors_takes_groups_that_differ_by_one() {
    let st = Statements::from_dataset(&dataset(&camps(&[4, 3]), plain));
    for o in [
        PolarisationOptions::new(),
        PolarisationOptions::new().genetic(),
    ] {
        let p = polarisation(&st, &NetworkOptions::congruence(), &o.normalise(true), None)
            .expect("polarisation");
        assert_eq!(p.score, 1.0);
        let mut sizes: Vec<usize> = (0..2)
            .map(|g| p.actors.iter().filter(|m| m.group == g).count())
            .collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [3, 4]);
    }
}

#[test]
fn too_few_actors_or_no_tie_score_zero_with_a_note() {
    let st = Statements::from_dataset(&dataset(&[(0, 0, true, 0), (1, 0, false, 0)], plain));
    let p = polarisation(
        &st,
        &NetworkOptions::congruence(),
        &PolarisationOptions::new(),
        None,
    )
    .expect("polarisation");
    assert_eq!(p.score, 0.0);
    assert_eq!(p.actors.len(), 2);
    assert!(
        p.note
            .as_deref()
            .is_some_and(|n| n.contains("cannot form 2 groups"))
    );
}

#[test]
fn bad_options_and_partitions_are_refused_by_name() {
    let st = four();
    let (c, k) = nets(&st);
    let refused = |o: PolarisationOptions, what: &str| {
        let err = polarisation_of(&c, &k, &o, None).expect_err("refused");
        assert!(
            matches!(&err, NetworkError::BadOption { option, .. } if *option == what),
            "{err}"
        );
    };
    refused(PolarisationOptions::new().groups(1), "groups");
    refused(PolarisationOptions::new().starts(0), "starts");
    refused(PolarisationOptions::new().parents(1), "parents");
    refused(PolarisationOptions::new().generations(0), "generations");
    refused(PolarisationOptions::new().elite(1.5), "elite");
    refused(PolarisationOptions::new().mutation(f64::NAN), "mutation");
    let partition = |p: &[(&str, usize)]| {
        score_partition(&c, &k, p.iter().copied(), 2, true)
            .expect_err("refused")
            .to_string()
    };
    assert!(partition(&[("a", 0), ("b", 0), ("c", 1), ("e", 1)]).contains("`e` is no actor"));
    assert!(partition(&[("a", 0), ("a", 1), ("c", 1), ("d", 1)]).contains("`a` is named twice"));
    assert!(partition(&[("a", 0), ("b", 0), ("c", 1)]).contains("the first `d`"));
    assert!(partition(&[("a", 0), ("b", 0), ("c", 1), ("d", 2)]).contains("groups are 0 to 1"));
    let aff = network(&st, &NetworkOptions::affiliation(Positions::Ignore)).expect("affiliation");
    let err = polarisation_of(&aff, &k, &PolarisationOptions::new(), None).expect_err("refused");
    assert!(err.to_string().contains("one-mode"), "{err}");
}

#[test]
fn the_results_write_as_csv_with_formula_cells_neutralised() {
    let rows = [
        (0, 0, true, 0),
        (1, 0, true, 0),
        (2, 0, false, 0),
        (3, 0, false, 0),
    ];
    let st = Statements::from_dataset(&dataset(&rows, |i| ["=cmd", "b", "c", "d"][i].to_owned()));
    let p = polarisation(
        &st,
        &NetworkOptions::congruence(),
        &PolarisationOptions::new().normalise(true).starts(2),
        None,
    )
    .expect("polarisation");
    let mut out = Vec::new();
    write_polarisation_csv(std::slice::from_ref(&p), &mut out).expect("written");
    let text = String::from_utf8(out).expect("utf-8");
    assert_eq!(
        text,
        "first_day,last_day,statements,actors,groups,score,normalised,mass,deviation,converged,note\n\
         ,,4,4,2,1,true,6,0,true,\n"
    );
    let mut out = Vec::new();
    write_memberships_csv(std::slice::from_ref(&p), &mut out).expect("written");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(
        text.starts_with("first_day,last_day,actor,label,group\n,,'=cmd,Actor 0,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 5);
    let mut out = Vec::new();
    write_steps_csv(std::slice::from_ref(&p), &mut out).expect("written");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with("first_day,last_day,start,step,best,mean,sd\n,,0,0,"));
    assert_eq!(text.lines().count(), 1 + p.search.steps.len());
}

#[test]
fn windows_carry_their_days_and_report_progress() {
    // Two camps on day 0; the same statements, mixed, on day 20 (outside
    // both whole windows) stretch the range to three weeks.
    let mut rows = camps(&[3, 3]);
    let late: Vec<_> = camps(&[3, 3])
        .into_iter()
        .map(|(a, t, s, _)| ((a * 2) % 6 + a / 3, t, s, 20))
        .collect();
    rows.extend(late);
    let st = Statements::from_dataset(&dataset(&rows, plain));
    let mut seen = Vec::new();
    let mut progress = |p: claimgraph_network::PolarisationProgress| seen.push(p.window);
    let series = polarisation_windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(10),
        Span::Days(10),
        &PolarisationOptions::new().normalise(true),
        Some(&mut progress),
    )
    .expect("windows");
    assert_eq!(series.len(), 2);
    let day = |d: Option<i32>| {
        d.and_then(claimgraph_network::date_of)
            .map(|d| d.to_string())
    };
    assert_eq!(day(series[0].first_day).as_deref(), Some("2020-01-01"));
    assert_eq!(day(series[0].last_day).as_deref(), Some("2020-01-10"));
    assert_eq!(day(series[1].first_day).as_deref(), Some("2020-01-11"));
    assert_eq!(series[0].score, 1.0);
    // The middle window holds no statement: nothing to polarise.
    assert_eq!(series[1].score, 0.0);
    assert!(series[1].actors.is_empty());
    assert!(series[1].note.is_some());
    // Nothing to sum is 0, not −0 (written as `-0`).
    assert!(series[1].mass.is_sign_positive() && series[1].deviation.is_sign_positive());
    let json = serde_json::to_string(&series[1]).expect("json");
    assert!(json.contains("\"mass\":0.0,"), "{json}");
    assert!(seen.contains(&Some(0)));
    let json = serde_json::to_string(&series[0]).expect("json");
    assert!(json.contains("\"first_day\":\"2020-01-01\""), "{json}");
}

#[test]
fn a_window_error_is_the_builders_and_stops_the_series() {
    let st = four();
    let err = polarisation_windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(5),
        Span::Days(1),
        &PolarisationOptions::new(),
        None,
    )
    .expect_err("a window longer than the range");
    assert!(err.to_string().contains("longer than"), "{err}");
    let err = polarisation_windows(
        &st,
        &NetworkOptions::congruence(),
        Span::Days(1),
        Span::Statements(1),
        &PolarisationOptions::new(),
        None,
    )
    .expect_err("mixed spans");
    assert!(err.to_string().contains("both be days"), "{err}");
}

#[test]
fn slices_carry_their_point_and_weight_and_blend_by_the_kernel() {
    // Two camps on day 0; the same statements with the camps reshuffled on
    // day 20.
    let mut rows = camps(&[3, 3]);
    let late: Vec<_> = camps(&[3, 3])
        .into_iter()
        .map(|(a, t, s, _)| ((a * 2) % 6 + a / 3, t, s, 20))
        .collect();
    let n_early = rows.len();
    rows.extend(late);
    let st = Statements::from_dataset(&dataset(&rows, plain));
    let o = PolarisationOptions::new().normalise(true);
    let net = NetworkOptions::congruence();
    let day = |d: Option<i32>| {
        d.and_then(claimgraph_network::date_of)
            .map(|d| d.to_string())
    };
    // A triangular kernel of 5 days at days 0, 10 and 20: each camp alone
    // at its end, nothing in the middle.
    let tri = Smoothing::new(Kernel::Triangular, Span::Days(5), Span::Days(10));
    let mut seen = Vec::new();
    let mut progress = |p: claimgraph_network::PolarisationProgress| seen.push(p.window);
    let series = polarisation_slices(&st, &net, &tri, &o, Some(&mut progress)).expect("slices");
    assert_eq!(series.len(), 3);
    assert_eq!(day(series[0].first_day).as_deref(), Some("2020-01-01"));
    assert_eq!(series[0].first_day, series[0].last_day);
    assert_eq!(day(series[1].first_day).as_deref(), Some("2020-01-11"));
    assert_eq!(day(series[2].last_day).as_deref(), Some("2020-01-21"));
    assert_eq!(series[0].score, 1.0);
    assert_eq!(series[0].statements, n_early);
    assert_eq!(series[0].weight, Some(n_early as f64));
    assert_eq!(series[1].statements, 0);
    assert_eq!(series[1].weight, Some(0.0));
    assert!(series[1].note.is_some() && series[1].actors.is_empty());
    assert_eq!(series[2].score, 1.0);
    assert_ne!(
        group_of(&series[0], "a1") == group_of(&series[0], "a2"),
        group_of(&series[2], "a1") == group_of(&series[2], "a2")
    );
    assert!(seen.contains(&Some(2)));
    // A Gaussian of 10 days blends both halves in the middle, where the
    // camps cross, evenly: less polarised than at either end, where one
    // half weighs e^(−2) of the other.
    let gauss = Smoothing::new(Kernel::Gaussian, Span::Days(10), Span::Days(10));
    let series = polarisation_slices(&st, &net, &gauss, &o, None).expect("slices");
    assert_eq!(series.len(), 3);
    assert!(
        series[1].score < series[0].score,
        "{} {}",
        series[1].score,
        series[0].score
    );
    assert!(series[1].score < series[2].score);
    assert!(
        (series[1].weight.unwrap_or_default() - 2.0 * n_early as f64 * (-0.5f64).exp()).abs()
            < 1e-9
    );
    assert!(
        (series[0].weight.unwrap_or_default()
            - (n_early as f64 + n_early as f64 * (-2.0f64).exp()))
        .abs()
            < 1e-9,
        "{:?}",
        series[0].weight
    );
    // The weight appears in JSON for a slice, not for a window.
    let json = serde_json::to_string(&series[0]).expect("json");
    assert!(json.contains("\"weight\":"), "{json}");
    let windows =
        polarisation_windows(&st, &net, Span::Days(10), Span::Days(10), &o, None).expect("windows");
    let json = serde_json::to_string(&windows[0]).expect("json");
    assert!(!json.contains("\"weight\""), "{json}");
    // And as a last column in CSV, only when the series has slices.
    let mut csv = Vec::new();
    write_polarisation_csv(&series, &mut csv).expect("csv");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",note,weight")),
        "{csv}"
    );
    let mut csv = Vec::new();
    write_polarisation_csv(&windows, &mut csv).expect("csv");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",converged,note")),
        "{csv}"
    );
}

#[test]
fn a_slice_error_is_the_builders() {
    let st = four();
    let err = polarisation_slices(
        &st,
        &NetworkOptions::congruence(),
        &Smoothing::new(Kernel::Uniform, Span::Statements(3), Span::Days(1)),
        &PolarisationOptions::new(),
        None,
    )
    .expect_err("a bandwidth in statements");
    assert!(err.to_string().contains("numbers of days"), "{err}");
    let err = polarisation_slices(
        &st,
        &NetworkOptions::congruence(),
        &Smoothing::new(Kernel::Uniform, Span::Days(3), Span::Days(1)),
        &PolarisationOptions::new().groups(1),
        None,
    )
    .expect_err("one group");
    assert!(err.to_string().contains("group"), "{err}");
}

fn rows() -> impl Strategy<Value = Vec<(usize, usize, bool, u16)>> {
    prop::collection::vec((0usize..9, 0usize..5, any::<bool>(), 0u16..40), 6..60)
}

fn options() -> impl Strategy<Value = PolarisationOptions> {
    (2usize..4, any::<bool>(), any::<bool>(), any::<u64>()).prop_map(|(k, genetic, norm, seed)| {
        let o = PolarisationOptions::new()
            .groups(k)
            .normalise(norm)
            .seed(seed)
            .starts(3)
            .generations(40)
            .parents(12);
        if genetic { o.genetic() } else { o }
    })
}

/// Every partition of n actors into groups of equal size, by brute force.
fn balanced(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut sizes: Vec<usize> = (0..k).map(|c| n / k + usize::from(c < n % k)).collect();
    sizes.sort_unstable();
    let mut out = Vec::new();
    let total = k.pow(n as u32);
    for code in 0..total {
        let mut g = Vec::with_capacity(n);
        let mut x = code;
        for _ in 0..n {
            g.push(x % k);
            x /= k;
        }
        let mut s: Vec<usize> = (0..k)
            .map(|c| g.iter().filter(|&&y| y == c).count())
            .collect();
        s.sort_unstable();
        if s == sizes {
            out.push(g);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_quality_does_not_depend_on_the_actors_names(
        rows in rows(),
        perm in Just((0..9).collect::<Vec<usize>>()).prop_shuffle(),
        groups in prop::collection::vec(0usize..3, 9),
        k in 2usize..4,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let renamed = Statements::from_dataset(&dataset(&rows, |i| format!("a{}", perm[i])));
        let (c, kk) = nets_or_skip(&st)?;
        let (c2, k2) = nets_or_skip(&renamed)?;
        let tied = tied_actors(&c, &kk);
        let g = |i: usize| groups[i] % k;
        let one = score_partition(&c, &kk, tied.iter().map(|&i| (plain(i), g(i))), k, true);
        let two = score_partition(&c2, &k2, tied.iter().map(|&i| (format!("a{}", perm[i]), g(i))), k, true);
        // Relabelling the groups does not matter either.
        let three = score_partition(&c, &kk, tied.iter().map(|&i| (plain(i), (g(i) + 1) % k)), k, true);
        match (one, two, three) {
            (Ok(a), Ok(b), Ok(c)) => {
                prop_assert!((a.score - b.score).abs() < 1e-9, "{} vs {}", a.score, b.score);
                prop_assert!((a.score - c.score).abs() < 1e-9);
                prop_assert!((0.0..=1.0).contains(&a.score));
            }
            (a, b, c) => prop_assert!(false, "{a:?} {b:?} {c:?}"),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_result(rows in rows(), o in options()) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let one = polarisation(&st, &NetworkOptions::congruence(), &o, None);
        let two = polarisation(&st, &NetworkOptions::congruence(), &o, None);
        match (one, two) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "{a:?} vs {b:?}"),
        }
    }

    #[test]
    fn searches_stay_in_bounds_and_report_what_they_found(rows in rows(), o in options()) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let Ok((c, k)) = nets_or_skip(&st) else { return Ok(()); };
        let p = polarisation_of(&c, &k, &o, None).expect("polarisation");
        let normalised = if o.normalise { p.score } else if p.mass > 0.0 { p.score / p.mass } else { 0.0 };
        prop_assert!((0.0..=1.0).contains(&normalised), "{normalised}");
        prop_assert!(p.deviation >= 0.0 && p.deviation <= 2.0 * p.mass + 1e-9);
        if p.note.is_none() {
            // The reported groups score what is reported.
            let s = score_partition(&c, &k, p.actors.iter().map(|m| (&*m.id, m.group)), o.groups, o.normalise)
                .expect("the reported partition");
            prop_assert!((s.score - p.score).abs() < 1e-9);
            // Never above the best of every equal-sized partition.
            let n = p.actors.len();
            if n <= 9 {
                let best = balanced(n, o.groups)
                    .iter()
                    .map(|g| {
                        score_partition(&c, &k, p.actors.iter().zip(g).map(|(m, &x)| (&*m.id, x)), o.groups, o.normalise)
                            .map_or(f64::NEG_INFINITY, |s| s.score)
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(p.score <= best + 1e-9, "{} > {best}", p.score);
            }
        }
    }

    #[test]
    fn the_greedy_result_is_never_worse_than_its_start(rows in rows(), o in options()) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let o = o.greedy();
        let p = polarisation(&st, &NetworkOptions::congruence(), &o, None);
        let Ok(p) = p else { return Ok(()); };
        for s in &p.search.starts {
            prop_assert!(s.score >= s.initial - 1e-9, "{} < {}", s.score, s.initial);
            prop_assert!(p.score >= s.score - 1e-9);
        }
        // Each sweep is no worse than the one before.
        for w in p.search.steps.windows(2) {
            if w[0].start == w[1].start {
                prop_assert!(w[1].best >= w[0].best - 1e-9);
            }
        }
    }

    #[test]
    fn a_window_series_equals_each_window_scored_from_scratch(
        rows in rows(),
        o in options(),
        len in 3u32..20,
        step in 1u32..10,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let net = NetworkOptions::congruence();
        let Ok(series) = polarisation_windows(&st, &net, Span::Days(len), Span::Days(step), &o, None) else {
            return Ok(());
        };
        for w in &series {
            let mut scratch = net.clone();
            scratch.filters.from = w.first_day;
            scratch.filters.to = w.last_day;
            match polarisation(&st, &scratch, &o, None) {
                Ok(p) => {
                    prop_assert_eq!(&p.actors, &w.actors);
                    prop_assert_eq!(p.score.to_bits(), w.score.to_bits());
                    prop_assert_eq!(&p.search, &w.search);
                    prop_assert_eq!(p.statements, w.statements);
                }
                // No statement in the window: nothing to polarise.
                Err(_) => prop_assert!(w.actors.is_empty() && w.score == 0.0),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each slice's polarisation is that of the slice's own congruence and
    /// conflict networks, searched from scratch.
    #[test]
    fn a_slice_series_equals_each_slice_scored_from_its_networks(
        rows in rows(),
        o in options(),
        kernel in prop::sample::select(Kernel::ALL.to_vec()),
        h in 1u32..15,
        step in 1u32..10,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let s = Smoothing::new(kernel, Span::Days(h), Span::Days(step));
        let series = polarisation_slices(&st, &NetworkOptions::congruence(), &s, &o, None)
            .expect("slices");
        let c = slices(&st, &NetworkOptions::congruence(), &s).expect("congruence");
        let k = slices(&st, &NetworkOptions::conflict(), &s).expect("conflict");
        prop_assert_eq!(series.len(), c.len());
        for ((p, c), k) in series.iter().zip(&c).zip(&k) {
            let q = polarisation_of(&c.network, &k.network, &o, None).expect("polarisation");
            prop_assert_eq!(p.first_day, Some(c.day));
            prop_assert_eq!(p.last_day, Some(c.day));
            prop_assert_eq!(p.statements, c.statements);
            prop_assert_eq!(p.weight, Some(c.weight));
            prop_assert_eq!(&p.actors, &q.actors);
            prop_assert_eq!(p.score.to_bits(), q.score.to_bits());
            prop_assert_eq!(&p.search, &q.search);
        }
    }

    /// With the uniform kernel every statement within the bandwidth counts
    /// 1, so a slice is the window [t − h, t + h]: the same polarisation.
    #[test]
    fn a_uniform_slice_is_the_window_around_its_point(
        rows in rows(),
        o in options(),
        h in 1u32..15,
        step in 1u32..10,
    ) {
        let st = Statements::from_dataset(&dataset(&rows, plain));
        let net = NetworkOptions::congruence();
        let s = Smoothing::new(Kernel::Uniform, Span::Days(h), Span::Days(step));
        let series = polarisation_slices(&st, &net, &s, &o, None).expect("slices");
        for p in &series {
            let t = p.first_day.expect("a point");
            let mut window = net.clone();
            window.filters.from = Some(t - h as i32);
            window.filters.to = Some(t + h as i32);
            match polarisation(&st, &window, &o, None) {
                Ok(q) => {
                    prop_assert_eq!(&p.actors, &q.actors);
                    prop_assert!((p.score - q.score).abs() <= 1e-9 * q.score.abs().max(1.0),
                        "{} {}", p.score, q.score);
                    prop_assert_eq!(p.statements, q.statements);
                    prop_assert_eq!(p.weight, Some(q.statements as f64));
                }
                Err(_) => prop_assert!(p.actors.is_empty() && p.score == 0.0),
            }
        }
    }
}

fn nets_or_skip(st: &Statements) -> Result<(Network, Network), TestCaseError> {
    match (
        network(st, &NetworkOptions::congruence()),
        network(st, &NetworkOptions::conflict()),
    ) {
        (Ok(c), Ok(k)) => Ok((c, k)),
        _ => Err(TestCaseError::reject("no network")),
    }
}

/// The actors (by number) with a tie in either network.
fn tied_actors(c: &Network, k: &Network) -> Vec<usize> {
    let mut out: Vec<usize> = [c, k]
        .iter()
        .flat_map(|net| {
            net.edges()
                .iter()
                .flat_map(|e| [e.a, e.b])
                .map(|i| {
                    net.nodes()[i as usize].id[1..]
                        .parse::<usize>()
                        .unwrap_or(usize::MAX)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
