//! Networks too large to hold are refused before they are built, with the
//! estimate, the limit and what to do; top-k and a minimum weight keep a
//! build within the limit as it runs; normal networks are unaffected.

use std::time::Instant;

use claimgraph_network::{
    DEFAULT_MAX_EDGES, Kind, NetworkError, NetworkOptions, Normalization, Positions, ReadOptions,
    Span, Statements, network, network_with_threads, read_statements, windows,
};
use proptest::prelude::*;

/// `actors` actors on one target, each with one stance, supporting or
/// opposing by turns, spread over `days` days.
fn one_target(actors: usize, days: usize) -> Statements {
    let mut text = String::from("{\"format\":\"claimgraph/1\"}\n");
    text.push_str("{\"type\":\"proposal\",\"id\":\"plan\",\"title\":\"Plan\"}\n");
    for a in 0..actors {
        text.push_str(&format!(
            "{{\"type\":\"actor\",\"id\":\"a{a}\",\"name\":\"A{a}\",\"kind\":\"person\"}}\n"
        ));
    }
    for a in 0..actors {
        let position = if a % 2 == 0 { "supports" } else { "opposes" };
        let day = 1 + a % days;
        text.push_str(&format!(
            "{{\"type\":\"stance\",\"id\":\"s{a}\",\"holder\":\"a{a}\",\"target\":\"plan\",\"position\":\"{position}\",\"as_of\":\"2020-01-{day:02}\"}}\n"
        ));
    }
    read_statements(text.as_bytes(), &ReadOptions::default()).expect("read")
}

fn refusal(e: NetworkError) -> (&'static str, u64, u64, String) {
    match e {
        NetworkError::TooManyEdges {
            what,
            estimate,
            limit,
            ref advice,
        } => (what, estimate, limit, advice.clone()),
        other => panic!("not refused for its size: {other}"),
    }
}

#[test]
fn a_hundred_thousand_actors_on_one_target_are_refused_with_the_estimate() {
    let st = one_target(100_000, 1);
    let start = Instant::now();
    let e = network(&st, &NetworkOptions::congruence()).expect_err("too large");
    let took = start.elapsed();
    let message = e.to_string();
    assert_eq!(
        message,
        "the network could have up to 4,999,950,000 edges, more than the limit of 100,000,000: \
         drop weak edges (--min-weight), keep each node's strongest edges (--top-k), select \
         fewer statements (--include-actor, --include-target, --include-kind, --from, --to, \
         --min-frequency), or raise the limit (--max-edges)"
    );
    let (what, estimate, limit, _) = refusal(e);
    assert_eq!(
        (what, estimate, limit),
        ("the network", 4_999_950_000, DEFAULT_MAX_EDGES)
    );
    // Refused from the estimate, before any pair is summed: linear work,
    // well under a second in release mode (generous here for debug builds).
    assert!(took.as_secs() < 20, "took {took:?}");
    // Over targets, the one target makes no pair: built.
    let targets = NetworkOptions::congruence().over(claimgraph_network::Over::Targets);
    assert!(network(&st, &targets).expect("built").edges().is_empty());
    // An affiliation network holds one edge a statement: built.
    let net = network(&st, &NetworkOptions::affiliation(Positions::Ignore)).expect("built");
    assert_eq!(net.edges().len(), 100_000);
}

#[test]
fn the_estimate_counts_pairs_per_target_and_never_more_than_all_pairs() {
    // 3,000 actors on one target: 4,498,500 pairs.
    let st = one_target(3_000, 1);
    let o = NetworkOptions::new(Kind::CoOccurrence).max_edges(4_498_499);
    let (_, estimate, limit, _) = refusal(network(&st, &o).expect_err("too large"));
    assert_eq!((estimate, limit), (4_498_500, 4_498_499));
    // At the limit exactly, built: every pair, weight 1.
    let net = network(&st, &o.clone().max_edges(4_498_500)).expect("built");
    assert_eq!(net.edges().len(), 4_498_500);
}

#[test]
fn top_k_keeps_a_build_within_the_limit_and_gives_the_same_network() {
    let st = one_target(2_000, 1);
    let limit = NetworkOptions::congruence().max_edges(100_000);
    refusal(network(&st, &limit).expect_err("1,999,000 pairs"));
    // With top-k, each node keeps at most k: 2,000 · 3 edges at most.
    let top = limit.clone().top_k(3);
    let unlimited = NetworkOptions::congruence().max_edges(u64::MAX).top_k(3);
    for threads in [1, 2, 3] {
        let got = network_with_threads(&st, &top, threads).expect("built");
        let want = network_with_threads(&st, &unlimited, 1).expect("built");
        assert_eq!(got.edges(), want.edges(), "{threads} threads");
        assert!(got.edges().len() <= 2_000 * 3);
    }
}

#[test]
fn a_minimum_weight_is_counted_against_the_limit_as_the_network_is_built() {
    // Congruence between supporters and between opponents: 1; across: 0.
    let st = one_target(2_000, 1);
    let o = NetworkOptions::congruence().max_edges(100_000);
    // Nothing weighs 2: the build runs and keeps nothing.
    let net = network(&st, &o.clone().min_weight(2.0)).expect("built");
    assert!(net.edges().is_empty());
    // Everything it keeps weighs 1: refused once the limit is passed.
    let (what, counted, limit, _) =
        refusal(network(&st, &o.clone().min_weight(0.5)).expect_err("too many"));
    assert_eq!((what, limit), ("the network", 100_000));
    assert!(counted > 100_000, "{counted}");
}

#[test]
fn windows_are_refused_when_one_window_could_not_be_held() {
    // 2,000 actors over 20 days: 100 a day.
    let st = one_target(2_000, 20);
    let o = NetworkOptions::congruence().max_edges(10_000);
    // A 20-day window holds all 2,000: 1,999,000 pairs.
    let e = windows(&st, &o, Span::Days(20), Span::Days(1)).expect_err("too large");
    assert!(
        e.to_string()
            .starts_with("a window's network could have up to 1,999,000 edges"),
        "{e}"
    );
    assert!(
        e.to_string().contains("use shorter windows (--window)"),
        "{e}"
    );
    // A day holds 100: 4,950 pairs. Built, every window.
    let all = windows(&st, &o, Span::Days(1), Span::Days(1)).expect("built");
    assert_eq!(all.len(), 20);
    // Two days overlap by one as the window moves: 200, 19,900 pairs.
    let e = windows(&st, &o, Span::Days(2), Span::Days(1)).expect_err("too large");
    assert_eq!(refusal(e).1, 19_900);
}

#[test]
fn an_affiliation_network_is_bounded_by_its_cells() {
    let st = one_target(100, 1);
    let o = NetworkOptions::affiliation(Positions::Subtract).max_edges(99);
    let (_, estimate, _, advice) = refusal(network(&st, &o).expect_err("too large"));
    assert_eq!(estimate, 100);
    assert!(!advice.contains("--top-k"), "{advice}");
    assert_eq!(
        network(&st, &o.max_edges(100))
            .expect("built")
            .edges()
            .len(),
        100
    );
}

#[test]
fn normal_networks_are_unaffected() {
    let st = one_target(200, 5);
    let o = NetworkOptions::congruence().normalization(Normalization::Cosine);
    assert_eq!(o.max_edges, DEFAULT_MAX_EDGES);
    let net = network(&st, &o).expect("built");
    // Supporters pair with supporters, opponents with opponents.
    assert_eq!(net.edges().len(), 2 * (100 * 99 / 2));
    // The limit is not part of the network's description.
    let mut json = Vec::new();
    net.write_json(&mut json).expect("written");
    let json = String::from_utf8(json).expect("UTF-8");
    assert!(!json.contains("max_edges"), "{json}");
    // A limit of 0 is no limit but a mistake.
    let e = network(&st, &o.max_edges(0)).expect_err("refused");
    assert!(
        matches!(
            e,
            NetworkError::BadOption {
                option: "max-edges",
                ..
            }
        ),
        "{e}"
    );
}

// ---------------------------------------------------------------------------
// Top-k and the minimum weight, applied as edges are made, keep exactly the
// edges that filtering the whole network keeps.

/// The edges of the whole network that survive `min_weight`, then those
/// among the k strongest of either end (ties by edge order).
fn filtered(
    all: &[claimgraph_network::Edge],
    min: Option<f64>,
    k: Option<usize>,
) -> Vec<(u32, u32)> {
    let kept: Vec<_> = all
        .iter()
        .filter(|e| min.is_none_or(|m| e.weight.abs() >= m))
        .collect();
    let Some(k) = k else {
        return kept.iter().map(|e| (e.a, e.b)).collect();
    };
    let mut keep = vec![false; kept.len()];
    let nodes = kept
        .iter()
        .map(|e| e.a.max(e.b) as usize + 1)
        .max()
        .unwrap_or(0);
    for node in 0..nodes as u32 {
        let mut mine: Vec<usize> = (0..kept.len())
            .filter(|&i| kept[i].a == node || kept[i].b == node)
            .collect();
        mine.sort_by(|&x, &y| {
            kept[y]
                .weight
                .abs()
                .total_cmp(&kept[x].weight.abs())
                .then(x.cmp(&y))
        });
        for &i in mine.iter().take(k) {
            keep[i] = true;
        }
    }
    (0..kept.len())
        .filter(|&i| keep[i])
        .map(|i| (kept[i].a, kept[i].b))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn top_k_and_minimum_weight_as_edges_are_made_filter_the_whole_network(
        stances in prop::collection::vec((0u8..12, 0u8..6, any::<bool>()), 1..80),
        k in prop::option::of(1usize..4),
        min in prop::option::of(prop::sample::select(vec![0.1, 0.3, 0.5, 1.0, 2.0])),
        norm in prop::sample::select(vec![Normalization::None, Normalization::Cosine, Normalization::Jaccard, Normalization::Average]),
        kind in prop::sample::select(vec![Kind::Congruence, Kind::Conflict, Kind::Subtract, Kind::CoOccurrence]),
        threads in 1usize..4,
    ) {
        let mut text = String::new();
        for a in 0..12 {
            text.push_str(&format!("{{\"type\":\"actor\",\"id\":\"a{a:02}\",\"name\":\"A\",\"kind\":\"person\"}}\n"));
        }
        for t in 0..6 {
            text.push_str(&format!("{{\"type\":\"claim\",\"id\":\"c{t}\",\"text\":\"C\"}}\n"));
        }
        for (n, (a, t, yes)) in stances.iter().enumerate() {
            let position = if *yes { "supports" } else { "opposes" };
            text.push_str(&format!("{{\"type\":\"stance\",\"id\":\"s{n}\",\"holder\":\"a{a:02}\",\"target\":\"c{t}\",\"position\":\"{position}\"}}\n"));
        }
        let st = read_statements(text.as_bytes(), &ReadOptions::default()).expect("read");
        let mut o = NetworkOptions::new(kind).normalization(norm);
        o.filters.isolates = true;
        let whole = match network_with_threads(&st, &o, 1) {
            Ok(n) => n,
            Err(NetworkError::EmptySelection(_)) => return Ok(()),
            Err(e) => panic!("{e}"),
        };
        let mut streamed = o.clone();
        streamed.min_weight = min;
        streamed.top_k = k;
        let got = network_with_threads(&st, &streamed, threads).expect("built");
        prop_assert_eq!(got.nodes(), whole.nodes());
        let got: Vec<(u32, u32)> = got.edges().iter().map(|e| (e.a, e.b)).collect();
        prop_assert_eq!(got, filtered(whole.edges(), min, k));
    }
}
