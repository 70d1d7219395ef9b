//! The backbone analysis on generated corpora of 10^4, 10^5 and 10^6
//! statements (200 / 1,000 / 2,000 actors, 100 / 500 / 1,000 targets), with
//! DNA's network (subtract, average normalisation, once per source).
//!
//! - `evaluate`: a given split, half of the targets — the statements
//!   reduced and the full network's pair sums (the setup), then three
//!   spectra: the full network's, the backbone's and the redundant set's,
//!   each of about the order of the actors;
//! - `fixed-half-k`: the fixed-size search for a backbone of half the
//!   targets, k iterations: the setup, k + 3 spectra. Half the targets
//!   reach nearly every actor, so (fixed-half-k − evaluate) / k is the cost
//!   of an iteration at full order — a move and one eigenvalue problem;
//! - `penalty-k`: DNA's penalty search from its start (one target), k
//!   iterations. Small backbones leave most actors without an edge, and
//!   those are left out of the eigenvalue problem, so its first iterations
//!   are much cheaper than later ones.
//!
//! - `nested`: the nested backbone of a corpus of 10^4 statements by 200
//!   actors on 30 targets: 30 · 31 / 2 candidate spectra and 30 of the
//!   redundant sets.
//!
//! Iterations are kept few so that a run takes minutes; a search runs
//! thousands. `cargo bench --bench backbone -- /100000` runs one size.

use std::hint::black_box;
use std::time::Duration;

use claimgraph::network::{
    BackboneOptions, NetworkError, backbone, evaluate_backbone, nested_backbone,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

mod support;
use support::statements;

/// Statements, actors, targets, and iterations of the fixed and penalty searches.
const SIZES: [(u64, u64, u64, usize, usize); 3] = [
    (10_000, 200, 100, 100, 200),
    (100_000, 1_000, 500, 10, 20),
    (1_000_000, 2_000, 1_000, 3, 5),
];

/// A result the bench needs: a failure is a bug to see, not a time to report.
fn ok<T>(r: Result<T, NetworkError>) -> T {
    match r {
        Ok(x) => x,
        Err(e) => panic!("the backbone failed: {e}"),
    }
}

fn benches(c: &mut Criterion) {
    for (n, actors, targets, fixed, penalty) in SIZES {
        let st = statements(n, actors, targets);
        // Half of the targets, by id: a split to evaluate.
        let mut ids: Vec<&str> = st.targets().iter().map(|t| &*t.id).collect();
        ids.sort_unstable();
        let half = &ids[..ids.len() / 2];
        let mut group = c.benchmark_group("backbone");
        group.sample_size(10);
        if n >= 100_000 {
            group.measurement_time(Duration::from_secs(if n >= 1_000_000 { 60 } else { 20 }));
        }
        let evaluate = BackboneOptions::default();
        group.bench_with_input(BenchmarkId::new("evaluate", n), &st, |b, st| {
            b.iter(|| ok(evaluate_backbone(black_box(st), &evaluate, half)))
        });
        let halves = BackboneOptions::fixed(half.len()).iterations(fixed).seed(1);
        group.bench_with_input(
            BenchmarkId::new(format!("fixed-half-{fixed}"), n),
            &st,
            |b, st| b.iter(|| ok(backbone(black_box(st), &halves))),
        );
        let search = BackboneOptions::default().iterations(penalty).seed(1);
        group.bench_with_input(
            BenchmarkId::new(format!("penalty-{penalty}"), n),
            &st,
            |b, st| b.iter(|| ok(backbone(black_box(st), &search))),
        );
        group.finish();
    }
    let st = statements(10_000, 200, 30);
    let mut group = c.benchmark_group("backbone");
    group.sample_size(10);
    let o = BackboneOptions::default();
    group.bench_with_input(BenchmarkId::new("nested", 10_000), &st, |b, st| {
        b.iter(|| ok(nested_backbone(black_box(st), &o)))
    });
    group.finish();
}

criterion_group!(backbone_benches, benches);
criterion_main!(backbone_benches);
