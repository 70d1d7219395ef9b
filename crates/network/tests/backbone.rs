//! The backbone analysis: spectra and losses computed by hand, a backbone
//! that must keep the one target carrying the structure, the bad options it
//! refuses, its writers, and properties — the split is a partition, the
//! same seed gives the same result, the loss does not depend on the ids,
//! is at least 0, and is what the networks `network` builds give; the
//! nested backbone, by hand and against the losses of the sets it names.
//!
//! Notation as in the module's documentation: δ(S) = Σ_k |λ_k(C) − λ_k(S)|
//! over the sorted spectra of the full network and of the network of the
//! statements on the targets in S.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph_core::{ActorKind, DatasetBuilder, Position};
use claimgraph_network::{
    Acceptance, BackboneOptions, BackboneSearch, BackboneStep, Kind, NetworkError, NetworkOptions,
    Normalization, Over, Spectrum, Statements, backbone, backbone_with_progress, evaluate_backbone,
    nested_backbone, nested_backbone_with_progress, network,
};
use proptest::prelude::*;

use Position::{Opposes as No, Supports as Yes};

/// A statement table: one person per actor id, one proposal per target id
/// (labelled by `labels` where given, else by its id), one stance a row.
fn table_labelled(rows: &[(&str, &str, Position)], labels: &[(&str, &str)]) -> Statements {
    let labels: BTreeMap<&str, &str> = labels.iter().copied().collect();
    let mut b = DatasetBuilder::new();
    let mut actors = BTreeMap::new();
    let mut targets = BTreeMap::new();
    for (n, &(actor, target, position)) in rows.iter().enumerate() {
        if !actors.contains_key(actor) {
            actors.insert(actor, b.actor(actor, actor, ActorKind::Person).id());
        }
        if !targets.contains_key(target) {
            let label = labels.get(target).copied().unwrap_or(target);
            targets.insert(target, b.proposal(target, label).id());
        }
        let _ = b.stance(
            &format!("stance-{n}"),
            &actors[actor],
            &targets[target],
            position,
        );
    }
    Statements::from_dataset(&b.build().expect("a valid dataset"))
}

fn table(rows: &[(&str, &str, Position)]) -> Statements {
    table_labelled(rows, &[])
}

fn ids(nodes: &[claimgraph_network::Node]) -> Vec<String> {
    nodes.iter().map(|n| n.id.to_string()).collect()
}

fn close(x: f64, want: f64) -> bool {
    (x - want).abs() < 1e-12
}

/// A, B, C each agree with each other once: t1 (A, B), t2 (B, C), t3 (A, C).
fn triangle() -> Statements {
    table(&[
        ("A", "t1", Yes),
        ("B", "t1", Yes),
        ("B", "t2", Yes),
        ("C", "t2", Yes),
        ("A", "t3", Yes),
        ("C", "t3", Yes),
    ])
}

fn congruence(search: BackboneOptions) -> BackboneOptions {
    search.network(NetworkOptions::congruence())
}

#[test]
fn spectra_and_losses_of_a_triangle_by_hand() {
    // Full: the triangle with weights 1. L has eigenvalues 0, 3, 3 (sum 6):
    // scaled 0, 1/2, 1/2.
    // Backbone {t1}: the edge A–B, C without an edge: 0, 0, 2, scaled 0, 0, 1.
    //   δ = |0 − 0| + |1/2 − 0| + |1/2 − 1| = 1.
    // Redundant {t2, t3}: the path A–C–B: 0, 1, 3 (sum 4), scaled 0, 1/4, 3/4.
    //   δ = 0 + 1/4 + 1/4 = 1/2.
    let st = triangle();
    let split =
        evaluate_backbone(&st, &congruence(BackboneOptions::fixed(1)), &["t1"]).expect("evaluated");
    assert_eq!(ids(&split.backbone), ["t1"]);
    assert_eq!(ids(&split.redundant), ["t2", "t3"]);
    assert_eq!(split.nodes, 3);
    assert!(close(split.backbone_loss, 1.0), "{}", split.backbone_loss);
    assert!(close(split.redundant_loss, 0.5), "{}", split.redundant_loss);
    assert_eq!(split.penalized_loss, None);

    // Penalised: δ · exp(−p (|C| − |B|) / |C|) = 1 · exp(−3.5 · 2/3).
    let split = evaluate_backbone(&st, &congruence(BackboneOptions::penalty(3.5)), &["t1"])
        .expect("evaluated");
    let want = (-3.5f64 * 2.0 / 3.0).exp();
    assert!(close(split.penalized_loss.expect("penalised"), want));

    // The normalised Laplacian I − D^{−1/2} W D^{−1/2}: the triangle has 0,
    // 3/2, 3/2; one edge and an isolated node 0, 0, 2; the path 0, 1, 2.
    //   δ({t1}) = 0 + 3/2 + 1/2 = 2; δ({t2, t3}) = 0 + 1/2 + 1/2 = 1.
    let o = congruence(BackboneOptions::fixed(1)).spectrum(Spectrum::Normalized);
    let split = evaluate_backbone(&st, &o, &["t1"]).expect("evaluated");
    assert!(close(split.backbone_loss, 2.0), "{}", split.backbone_loss);
    assert!(close(split.redundant_loss, 1.0), "{}", split.redundant_loss);
}

#[test]
fn spectra_and_losses_of_a_weighted_network_by_hand() {
    // t1: A, B, C all agree; t2: A twice and B. Congruence counts products:
    // A–B = 1 + 2·1 = 3, A–C = 1, B–C = 1.
    // L = [[4, −3, −1], [−3, 4, −1], [−1, −1, 2]]: (1, −1, 0) gives 7,
    // (1, 1, −2) gives 3, and 0: spectrum 0, 3, 7 (sum 10), scaled 0, .3, .7.
    // {t1}: the unit triangle, 0, .5, .5: δ = .2 + .2 = .4.
    // {t2}: A–B = 2 alone: 0, 0, 4, scaled 0, 0, 1: δ = .3 + .3 = .6.
    let st = table(&[
        ("A", "t1", Yes),
        ("B", "t1", Yes),
        ("C", "t1", Yes),
        ("A", "t2", Yes),
        ("A", "t2", Yes),
        ("B", "t2", Yes),
    ]);
    let o = congruence(BackboneOptions::fixed(1));
    let split = evaluate_backbone(&st, &o, &["t1"]).expect("evaluated");
    assert!(close(split.backbone_loss, 0.4), "{}", split.backbone_loss);
    assert!(close(split.redundant_loss, 0.6), "{}", split.redundant_loss);

    // Normalised: D = diag(4, 4, 2); off the diagonal −3/4 (A–B) and
    // −1/√8 (A–C, B–C). (1, −1, 0) gives 1 + 3/4 = 7/4; the trace is 3, so
    // the third is 3 − 7/4 = 5/4: spectrum 0, 5/4, 7/4.
    // {t1}: 0, 3/2, 3/2: δ = 1/4 + 1/4 = 1/2. {t2}: 0, 0, 2: δ = 5/4 + 1/4 = 3/2.
    let split =
        evaluate_backbone(&st, &o.spectrum(Spectrum::Normalized), &["t1"]).expect("evaluated");
    assert!(close(split.backbone_loss, 0.5), "{}", split.backbone_loss);
    assert!(close(split.redundant_loss, 1.5), "{}", split.redundant_loss);
}

#[test]
fn negative_subtract_weights_count_as_no_edge() {
    // Subtract: t1 gives A–B +1, A–C −1, B–C −1; t2 gives A–C +1. The full
    // network has A–B = 1, A–C = 0 and B–C = −1, which counts as 0: one
    // edge, spectrum 0, 0, 1. {t1} has the same edges (A–C = −1 → 0, B–C =
    // −1 → 0): δ = 0. Were −1 kept, B–C would change the spectrum.
    let st = table(&[
        ("A", "t1", Yes),
        ("B", "t1", Yes),
        ("C", "t1", No),
        ("A", "t2", Yes),
        ("C", "t2", Yes),
    ]);
    let o = BackboneOptions::fixed(1).network(NetworkOptions::subtract());
    let split = evaluate_backbone(&st, &o, &["t1"]).expect("evaluated");
    assert_eq!(split.backbone_loss, 0.0);
}

#[test]
fn the_full_set_loses_nothing_and_the_empty_set_everything() {
    let st = triangle();
    let o = congruence(BackboneOptions::default());
    let all = evaluate_backbone(&st, &o, &["t1", "t2", "t3", "t2"]).expect("evaluated");
    assert_eq!(all.backbone_loss, 0.0);
    assert!(all.redundant.is_empty());
    // The empty network's spectrum is all 0; the full one's sums to 1.
    assert!(close(all.redundant_loss, 1.0), "{}", all.redundant_loss);
    let none = evaluate_backbone::<&str>(&st, &o, &[]).expect("evaluated");
    assert!(close(none.backbone_loss, 1.0));
    assert_eq!(none.redundant_loss, 0.0);
}

/// Six actors on `core`, three for and three against; five side targets,
/// each named by one actor who says nothing else: they add no tie.
fn one_target_carries_everything() -> Statements {
    let mut rows = vec![
        ("a1", "core", Yes),
        ("a2", "core", Yes),
        ("a3", "core", Yes),
        ("a4", "core", No),
        ("a5", "core", No),
        ("a6", "core", No),
        ("a1", "core", Yes),
    ];
    for (actor, target) in [
        ("x1", "s1"),
        ("x2", "s2"),
        ("x3", "s3"),
        ("x4", "s4"),
        ("x5", "s5"),
    ] {
        rows.push((actor, target, Yes));
    }
    table(&rows)
}

#[test]
fn a_backbone_keeps_the_target_that_carries_the_structure() {
    let st = one_target_carries_everything();
    // Without `core` there is no tie at all.
    let o = BackboneOptions::default().iterations(400);
    let without = evaluate_backbone(&st, &o, &["s1", "s2", "s3", "s4", "s5"]).expect("evaluated");
    assert!(close(without.backbone_loss, 1.0));
    for seed in 0..6 {
        let found = backbone(&st, &o.clone().seed(seed)).expect("searched");
        assert!(
            ids(&found.split.backbone).contains(&"core".to_string()),
            "seed {seed}: {:?}",
            ids(&found.split.backbone)
        );
        assert_eq!(found.split.backbone_loss, 0.0, "seed {seed}");
        let fixed =
            backbone(&st, &BackboneOptions::fixed(1).iterations(100).seed(seed)).expect("searched");
        assert_eq!(ids(&fixed.split.backbone), ["core"], "seed {seed}");
        assert_eq!(fixed.split.backbone_loss, 0.0);
        assert!(close(fixed.split.redundant_loss, 1.0));
    }
}

#[test]
fn the_nested_backbone_of_a_triangle_by_hand() {
    // Removing t1, t2 or t3 leaves a path, δ = 1/2 each: the tie goes to
    // t1, first in id order. Then {t2, t3} (the path A–C–B) loses t2 or t3,
    // leaving one edge, δ = 1 either way: t2. Then t3 leaves nothing: the
    // empty network's spectrum is 0, δ = 0 + 1/2 + 1/2 = 1.
    // Redundant sets: {t1} (one edge) 1, {t1, t2} (a path) 1/2, all 0.
    let st = triangle();
    let nested = nested_backbone(&st, &congruence(BackboneOptions::default())).expect("nested");
    assert_eq!(nested.nodes, 3);
    assert_eq!(nested.statements, 6);
    let removed: Vec<&str> = nested.steps.iter().map(|s| &*s.removed.id).collect();
    assert_eq!(removed, ["t1", "t2", "t3"]);
    let want = [(2, 0.5, 1.0, 4), (1, 1.0, 0.5, 2), (0, 1.0, 0.0, 0)];
    for (s, (size, b, r, n)) in nested.steps.iter().zip(want) {
        assert_eq!(s.backbone_size, size);
        assert!(close(s.backbone_loss, b), "{s:?}");
        assert!(close(s.redundant_loss, r), "{s:?}");
        assert_eq!(s.statements, n);
    }
    assert_eq!(ids(&nested.backbone(1)), ["t3"]);
    assert_eq!(ids(&nested.backbone(2)), ["t2", "t3"]);
    // The target that carries the structure is the last to go, and every
    // side target leaves at no loss.
    let st = one_target_carries_everything();
    let nested = nested_backbone(&st, &BackboneOptions::default()).expect("nested");
    let last = nested.steps.last().expect("steps");
    assert_eq!(&*last.removed.id, "core");
    for s in &nested.steps[..nested.steps.len() - 1] {
        assert_eq!(s.backbone_loss, 0.0, "{s:?}");
    }
    // Written as CSV, one line a step, and as JSON.
    let mut csv = Vec::new();
    nested.write_csv(&mut csv).expect("csv");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert_eq!(
        csv.lines().next(),
        Some("iteration,id,label,backbone_size,backbone_loss,redundant_loss,statements")
    );
    assert_eq!(csv.lines().count(), 1 + nested.steps.len());
    assert!(
        csv.lines()
            .last()
            .is_some_and(|l| l.starts_with("6,core,core,0,")),
        "{csv}"
    );
    let mut json = Vec::new();
    nested.write_json(&mut json).expect("json");
    let v: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(v["steps"].as_array().map(Vec::len), Some(6));
    // Progress after every spectrum: c(c + 1)/2 candidates and c redundant sets.
    let mut seen = Vec::new();
    nested_backbone_with_progress(&st, &BackboneOptions::default(), &mut |p| {
        seen.push((p.iteration, p.iterations));
    })
    .expect("nested");
    assert_eq!(seen.len(), 6 * 7 / 2 + 6);
    assert!(
        seen.iter()
            .enumerate()
            .all(|(n, &(i, all))| i == n + 1 && all == seen.len())
    );
    // One target is no split.
    let one = table(&[("A", "t1", Yes), ("B", "t1", Yes)]);
    refused(
        nested_backbone(&one, &congruence(BackboneOptions::default())),
        "nested",
        "at least two",
    );
}

#[test]
fn actors_are_split_when_the_network_links_targets() {
    // Over targets: the targets are the nodes and the actors are split.
    let st = triangle();
    let o = BackboneOptions::fixed(1)
        .network(NetworkOptions::congruence().over(Over::Targets))
        .iterations(50);
    let found = backbone(&st, &o).expect("searched");
    assert_eq!(found.split.nodes, 3);
    let mut all = ids(&found.split.backbone);
    all.extend(ids(&found.split.redundant));
    all.sort();
    assert_eq!(all, ["A", "B", "C"]);
    let whole = evaluate_backbone(&st, &o, &["A", "B", "C"]).expect("evaluated");
    assert_eq!(whole.backbone_loss, 0.0);
}

fn refused(r: Result<impl std::fmt::Debug, NetworkError>, option: &str, words: &str) {
    match r {
        Err(NetworkError::BadOption { option: o, message }) => {
            assert_eq!(o, option, "{message}");
            assert!(message.contains(words), "{message}");
        }
        other => panic!("expected a refusal of {option}, got {other:?}"),
    }
}

#[test]
fn bad_options_are_refused_with_what_is_wrong() {
    let st = triangle();
    let ok = congruence(BackboneOptions::default()).iterations(5);
    refused(
        backbone(&st, &congruence(BackboneOptions::fixed(3))),
        "backbone-size",
        "must lie in 1..=2",
    );
    refused(
        backbone(&st, &congruence(BackboneOptions::fixed(0))),
        "backbone-size",
        "at least 1",
    );
    refused(
        backbone(&st, &congruence(BackboneOptions::penalty(-1.0))),
        "penalty",
        "-1",
    );
    refused(
        backbone(&st, &congruence(BackboneOptions::penalty(f64::NAN))),
        "penalty",
        "NaN",
    );
    refused(
        backbone(&st, &ok.clone().iterations(0)),
        "iterations",
        "at least 1",
    );
    refused(
        backbone(
            &st,
            &ok.clone().network(NetworkOptions::new(Kind::Affiliation)),
        ),
        "kind",
        "two-mode",
    );
    refused(
        backbone(
            &st,
            &ok.clone()
                .network(NetworkOptions::congruence().min_weight(0.5)),
        ),
        "min-weight",
        "whole networks",
    );
    refused(
        backbone(
            &st,
            &ok.clone().network(NetworkOptions::congruence().top_k(1)),
        ),
        "top-k",
        "whole networks",
    );
    refused(
        backbone(&st, &ok.clone().max_nodes(2)),
        "max-nodes",
        "3 nodes, more than the limit of 2",
    );
    let one = table(&[("A", "t1", Yes), ("B", "t1", Yes)]);
    refused(backbone(&one, &ok), "backbone", "at least two targets");
    refused(
        evaluate_backbone(&st, &ok, &["t1", "t9"]),
        "backbone",
        "no target has the id \"t9\"",
    );
    // A neutral statement does not count in a network of supports and opposes.
    let quiet = table(&[
        ("A", "t1", Yes),
        ("B", "t1", Yes),
        ("A", "t2", Yes),
        ("B", "t3", Position::Neutral),
    ]);
    refused(
        evaluate_backbone(&quiet, &ok, &["t3"]),
        "backbone",
        "\"t3\" has no statement that these network options count",
    );
}

#[test]
fn the_writers_give_the_sets_and_every_iteration() {
    let st = table_labelled(
        &[
            ("A", "t1", Yes),
            ("B", "t1", Yes),
            ("A", "t2", Yes),
            ("C", "t2", No),
            ("B", "t3", No),
            ("C", "t3", No),
        ],
        &[("t2", "=SUM(A1)"), ("t3", "yes, and no")],
    );
    let found = backbone(&st, &BackboneOptions::fixed(1).iterations(12).seed(3)).expect("searched");
    let mut csv = Vec::new();
    found.split.write_csv(&mut csv).expect("written");
    let csv = String::from_utf8(csv).expect("UTF-8");
    let mut lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.remove(0), "id,label,set");
    lines.sort_unstable();
    let mut want = vec![
        "t1,t1,".to_string(),
        "t2,'=SUM(A1),".to_string(),
        "t3,\"yes, and no\",".to_string(),
    ];
    for w in &mut want {
        let id = w.split(',').next().unwrap_or_default();
        let set = if ids(&found.split.backbone).iter().any(|b| b == id) {
            "backbone"
        } else {
            "redundant"
        };
        w.push_str(set);
    }
    assert_eq!(lines, want);

    let mut diag = Vec::new();
    found.write_diagnostics_csv(&mut diag).expect("written");
    let diag = String::from_utf8(diag).expect("UTF-8");
    let rows: Vec<Vec<&str>> = diag.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "iteration",
            "temperature",
            "step",
            "candidate_size",
            "candidate_distance",
            "candidate_loss",
            "acceptance",
            "accepted",
            "current_size",
            "current_loss",
            "best_size",
            "best_loss"
        ]
    );
    assert_eq!(rows.len(), 13);
    for (t, (row, d)) in rows[1..].iter().zip(&found.diagnostics).enumerate() {
        assert_eq!(row[0], (t + 1).to_string());
        assert_eq!(row[2], "swap");
        assert_eq!(row[7], if d.accepted { "1" } else { "0" });
        assert_eq!(row[9].parse::<f64>().expect("a number"), d.current_loss);
    }

    let mut json = Vec::new();
    found.write_json(&mut json).expect("written");
    let v: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(v["options"]["search"]["method"], "fixed");
    assert_eq!(v["options"]["search"]["size"], 1);
    assert_eq!(v["options"]["network"]["kind"], "subtract");
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["diagnostics"][0]["step"], "swap");
    assert_eq!(v["backbone"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["backbone_loss"], found.split.backbone_loss);
}

#[test]
fn progress_is_reported_after_each_iteration() {
    let st = triangle();
    let mut seen = Vec::new();
    let found = backbone_with_progress(
        &st,
        &congruence(BackboneOptions::default()).iterations(7),
        &mut |p| seen.push((p.iteration, p.iterations, p.best_loss)),
    )
    .expect("searched");
    assert_eq!(
        seen.iter().map(|s| s.0).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>()
    );
    assert!(seen.iter().all(|s| s.1 == 7));
    assert_eq!(seen[6].2, found.diagnostics[6].best_loss);
}

#[test]
fn a_search_on_a_generated_corpus_converges_with_most_actors_idle() {
    // 10^4 generated statements: a small backbone leaves most of the 200
    // actors without an edge, a Laplacian with a large cluster of zero
    // eigenvalues, on which a tridiagonal QR with a purely relative
    // deflation test can stall. The search must get through.
    let config = claimgraph_generate::GeneratorConfig::new(10_000, 200, 100).seed(7);
    let mut text = Vec::new();
    claimgraph_generate::generate(&config, &mut text).expect("generated");
    let st = claimgraph_network::read_statements(
        std::io::Cursor::new(&text),
        &claimgraph_network::ReadOptions::default(),
    )
    .expect("read");
    let found =
        backbone(&st, &BackboneOptions::default().iterations(200).seed(1)).expect("searched");
    assert_eq!(found.diagnostics.len(), 200);
    assert!(found.split.backbone_loss >= 0.0 && found.split.backbone_loss <= 2.0);
}

// ---------------------------------------------------------------------------
// Properties on small random corpora.

/// (actor, target, supports?) with up to 7 actors and 6 targets.
fn rows() -> impl Strategy<Value = Vec<(u8, u8, bool)>> {
    prop::collection::vec((0u8..7, 0u8..6, any::<bool>()), 2..32)
}

/// Every one-mode kind with every one-mode normalisation.
fn network_options() -> impl Strategy<Value = NetworkOptions> {
    let kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| *k != Kind::Affiliation)
        .collect();
    let norms: Vec<Normalization> = Normalization::ALL
        .iter()
        .copied()
        .filter(|n| {
            NetworkOptions::congruence()
                .normalization(*n)
                .check()
                .is_ok()
        })
        .collect();
    (prop::sample::select(kinds), prop::sample::select(norms))
        .prop_map(|(k, n)| NetworkOptions::new(k).normalization(n))
}

fn options() -> impl Strategy<Value = BackboneOptions> {
    (
        network_options(),
        prop_oneof![
            prop::sample::select(vec![0.0, 1.0, 3.5, 12.0]).prop_map(BackboneOptions::penalty),
            (1usize..4).prop_map(BackboneOptions::fixed),
        ],
        prop::sample::select(vec![Spectrum::Dna, Spectrum::Normalized]),
        prop::sample::select(vec![Acceptance::Dna, Acceptance::Metropolis]),
        any::<u64>(),
        1usize..40,
    )
        .prop_map(|(n, o, s, a, seed, it)| {
            o.network(n)
                .spectrum(s)
                .acceptance(a)
                .seed(seed)
                .iterations(it)
        })
}

/// The statements of `rows` with actor and target ids made by the two maps.
fn corpus(
    rows: &[(u8, u8, bool)],
    actor: &dyn Fn(u8) -> String,
    target: &dyn Fn(u8) -> String,
) -> Statements {
    let owned: Vec<(String, String, Position)> = rows
        .iter()
        .map(|&(a, t, yes)| (actor(a), target(t), if yes { Yes } else { No }))
        .collect();
    let borrowed: Vec<(&str, &str, Position)> = owned
        .iter()
        .map(|(a, t, p)| (a.as_str(), t.as_str(), *p))
        .collect();
    table(&borrowed)
}

fn plain(rows: &[(u8, u8, bool)]) -> Statements {
    corpus(rows, &|a| format!("a{a}"), &|t| format!("t{t}"))
}

/// The targets the statements name.
fn targets_of(rows: &[(u8, u8, bool)]) -> BTreeSet<String> {
    rows.iter().map(|r| format!("t{}", r.1)).collect()
}

/// A backbone search, or `None` when the options cannot split these targets.
fn search(st: &Statements, o: &BackboneOptions, c: usize) -> Option<claimgraph_network::Backbone> {
    if c < 2 {
        return None;
    }
    if let BackboneSearch::Fixed { size } = o.search
        && size >= c
    {
        return None;
    }
    match backbone(st, o) {
        Ok(b) => Some(b),
        Err(e) => panic!("{o:?}: {e}"),
    }
}

/// δ computed apart from the backbone module: the networks `network` builds
/// for the full set and for the statements on `subset`, as dense matrices
/// over the full network's nodes, negative weights as 0, eigenvalues by
/// faer's own dense solver.
fn loss_from_networks(st: &Statements, o: &BackboneOptions, subset: &[String]) -> f64 {
    let mut full_options = o.network.clone();
    full_options.filters.isolates = true;
    let full = network(st, &full_options).expect("the full network");
    let nodes: Vec<String> = full.nodes().iter().map(|n| n.id.to_string()).collect();
    let mut part_options = full_options.clone();
    part_options.filters.include_targets = subset.to_vec();
    let part = network(st, &part_options).expect("the backbone's network");
    let spectrum = |net: &claimgraph_network::Network| -> Vec<f64> {
        let n = nodes.len();
        let mut w = faer::Mat::<f64>::zeros(n, n);
        for e in net.edges() {
            let a = nodes
                .iter()
                .position(|x| *x == *net.nodes()[e.a as usize].id)
                .expect("a node of the full network");
            let b = nodes
                .iter()
                .position(|x| *x == *net.nodes()[e.b as usize].id)
                .expect("a node of the full network");
            w[(a, b)] = e.weight.max(0.0);
            w[(b, a)] = e.weight.max(0.0);
        }
        let d: Vec<f64> = (0..n).map(|i| (0..n).map(|j| w[(i, j)]).sum()).collect();
        let normalized = o.spectrum == Spectrum::Normalized;
        let l = faer::Mat::<f64>::from_fn(n, n, |i, j| match (normalized, i == j) {
            (false, true) => d[i],
            (false, false) => -w[(i, j)],
            (true, true) => f64::from(u8::from(d[i] > 0.0)),
            (true, false) if d[i] > 0.0 && d[j] > 0.0 => -w[(i, j)] / (d[i] * d[j]).sqrt(),
            (true, false) => 0.0,
        });
        let mut v = l
            .self_adjoint_eigenvalues(faer::Side::Lower)
            .expect("converged");
        v.sort_by(f64::total_cmp);
        let total: f64 = d.iter().sum();
        if o.spectrum == Spectrum::Dna && total > 0.0 {
            v.iter_mut().for_each(|x| *x /= total);
        }
        v
    };
    let (a, b) = (spectrum(&full), spectrum(&part));
    a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_search_splits_the_targets_and_reports_its_best(rows in rows(), o in options()) {
        let st = plain(&rows);
        let all = targets_of(&rows);
        let c = all.len();
        let Some(found) = search(&st, &o, c) else { return Ok(()) };
        let b: BTreeSet<String> = ids(&found.split.backbone).into_iter().collect();
        let r: BTreeSet<String> = ids(&found.split.redundant).into_iter().collect();
        prop_assert!(b.is_disjoint(&r));
        prop_assert_eq!(b.union(&r).cloned().collect::<BTreeSet<_>>(), all);
        prop_assert!(!b.is_empty() && b.len() < c);
        if let BackboneSearch::Fixed { size } = o.search {
            prop_assert_eq!(b.len(), size);
        }
        prop_assert!(found.split.backbone_loss >= 0.0 && found.split.redundant_loss >= 0.0);
        if o.spectrum == Spectrum::Dna {
            prop_assert!(found.split.backbone_loss <= 2.0 + 1e-9);
            prop_assert!(found.split.redundant_loss <= 2.0 + 1e-9);
        }
        // The diagnostics: one per iteration, the best never worse than the
        // current set nor rising, temperatures falling, sizes in bounds.
        prop_assert_eq!(found.diagnostics.len(), o.iterations);
        let mut last_best = f64::INFINITY;
        let mut last_temperature = 1.0;
        for (t, d) in found.diagnostics.iter().enumerate() {
            prop_assert_eq!(d.iteration, t + 1);
            prop_assert!(d.best_loss <= d.current_loss);
            prop_assert!(d.best_loss <= last_best);
            prop_assert!(d.temperature < last_temperature && d.temperature > 0.0);
            prop_assert!((1..c).contains(&d.candidate_size));
            prop_assert!((0.0..=1.0).contains(&d.acceptance));
            prop_assert!(d.candidate_loss >= 0.0 && d.candidate_distance >= 0.0);
            if t > 0 && d.candidate_loss < found.diagnostics[t - 1].current_loss {
                prop_assert!(d.accepted);
            }
            if matches!(o.search, BackboneSearch::Fixed { .. }) {
                prop_assert_eq!(d.step, BackboneStep::Swap);
            }
            last_best = d.best_loss;
            last_temperature = d.temperature;
        }
        // The best loss kept while searching is the reported set's, computed anew.
        let last = found.diagnostics.last().map(|d| d.best_loss).unwrap_or_default();
        let reported = found.split.penalized_loss.unwrap_or(found.split.backbone_loss);
        prop_assert!((last - reported).abs() < 1e-9, "{} vs {}", last, reported);
        prop_assert_eq!(found.diagnostics.last().map(|d| d.best_size), Some(b.len()));
    }

    #[test]
    fn the_same_seed_gives_the_same_result(rows in rows(), o in options()) {
        let st = plain(&rows);
        let c = targets_of(&rows).len();
        let Some(first) = search(&st, &o, c) else { return Ok(()) };
        let second = backbone(&st, &o).expect("searched again");
        let (mut x, mut y) = (Vec::new(), Vec::new());
        first.write_json(&mut x).expect("written");
        second.write_json(&mut y).expect("written");
        prop_assert_eq!(x, y);
    }

    #[test]
    fn the_loss_does_not_depend_on_the_ids(
        rows in rows(),
        o in options(),
        actor_order in Just((0u8..7).collect::<Vec<u8>>()).prop_shuffle(),
        target_order in Just((0u8..6).collect::<Vec<u8>>()).prop_shuffle(),
        pick in prop::collection::vec(any::<bool>(), 6),
    ) {
        let st = plain(&rows);
        // The same statements with other ids, in another order.
        let renamed = corpus(
            &rows,
            &|a| format!("p{}", actor_order[a as usize]),
            &|t| format!("q{}", target_order[t as usize]),
        );
        let subset: Vec<u8> = targets_of(&rows)
            .iter()
            .filter_map(|t| t[1..].parse::<u8>().ok())
            .filter(|t| pick[*t as usize])
            .collect();
        let here: Vec<String> = subset.iter().map(|t| format!("t{t}")).collect();
        let there: Vec<String> = subset.iter().map(|t| format!("q{}", target_order[*t as usize])).collect();
        let x = evaluate_backbone(&st, &o, &here).expect("evaluated");
        let y = evaluate_backbone(&renamed, &o, &there).expect("evaluated");
        prop_assert!((x.backbone_loss - y.backbone_loss).abs() < 1e-9, "{} vs {}", x.backbone_loss, y.backbone_loss);
        prop_assert!((x.redundant_loss - y.redundant_loss).abs() < 1e-9);
        prop_assert!(x.backbone_loss >= 0.0 && x.redundant_loss >= 0.0);
        prop_assert_eq!(x.backbone.len(), y.backbone.len());
    }

    /// Every target leaves once; each step's losses are those of the sets
    /// it names, computed from scratch; and no other target would have left
    /// a nearer backbone.
    #[test]
    fn the_nested_backbone_is_greedy_and_its_losses_are_its_sets(rows in rows(), o in options()) {
        let st = plain(&rows);
        let all = targets_of(&rows);
        let Ok(nested) = nested_backbone(&st, &o) else {
            // Refused as the search is: fewer than two targets counted.
            prop_assert!(search(&st, &o, all.len()).is_none());
            return Ok(());
        };
        let c = nested.steps.len();
        let removed: BTreeSet<String> = nested.steps.iter().map(|s| s.removed.id.to_string()).collect();
        prop_assert_eq!(removed.len(), c);
        let mut left: BTreeSet<String> = removed.clone();
        for (n, s) in nested.steps.iter().enumerate() {
            prop_assert_eq!(s.iteration, n + 1);
            prop_assert_eq!(s.backbone_size, c - n - 1);
            // No other candidate of this step leaves a nearer backbone.
            for j in &left {
                let rest: Vec<String> = left.iter().filter(|x| *x != j).cloned().collect();
                let other = evaluate_backbone(&st, &o, &rest).expect("evaluated").backbone_loss;
                prop_assert!(s.backbone_loss <= other + 1e-9, "{} > {} without {}", s.backbone_loss, other, j);
            }
            left.remove(&*s.removed.id);
            let rest: Vec<String> = left.iter().cloned().collect();
            let split = evaluate_backbone(&st, &o, &rest).expect("evaluated");
            prop_assert!((split.backbone_loss - s.backbone_loss).abs() < 1e-9);
            prop_assert!((split.redundant_loss - s.redundant_loss).abs() < 1e-9);
            prop_assert_eq!(ids(&nested.backbone(left.len())), rest);
        }
        prop_assert!(left.is_empty());
        prop_assert_eq!(nested.steps.last().map(|s| s.statements), Some(0));
        prop_assert!(nested.steps.windows(2).all(|w| w[0].statements >= w[1].statements));
    }

    #[test]
    fn the_loss_is_that_of_the_networks_network_builds(
        rows in rows(),
        o in options(),
        pick in prop::collection::vec(any::<bool>(), 6),
    ) {
        let st = plain(&rows);
        let subset: Vec<String> = targets_of(&rows)
            .into_iter()
            .filter(|t| pick[t[1..].parse::<usize>().unwrap_or(0)])
            .collect();
        prop_assume!(!subset.is_empty());
        let split = evaluate_backbone(&st, &o, &subset).expect("evaluated");
        let want = loss_from_networks(&st, &o, &subset);
        prop_assert!((split.backbone_loss - want).abs() < 1e-9, "{} vs {}", split.backbone_loss, want);
        let whole: Vec<String> = targets_of(&rows).into_iter().collect();
        prop_assert_eq!(evaluate_backbone(&st, &o, &whole).expect("evaluated").backbone_loss, 0.0);
    }
}
