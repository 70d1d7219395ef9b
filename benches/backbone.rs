//! The backbone analysis on generated corpora of 10^4, 10^5 and 10^6
//! statements (200 / 1,000 / 2,000 actors, 100 / 500 / 1,000 targets), with
//! DNA's network (subtract, average normalisation, once per source).
//!
//! - `backbone-evaluate`: a given split — the statements reduced, and three
//!   spectra: the full network's, the backbone's and the redundant set's;
//! - `backbone-penalty`: the penalty search with a few iterations (each one
//!   spectrum more), plus the same setup and the two spectra of the result.
//!
//! A search iteration costs about (penalty − evaluate) / (iterations − 1):
//! one symmetric eigenvalue problem of the order of the actors. Iterations
//! are kept few so that a run takes minutes; a real search runs thousands.
//! `cargo bench --bench backbone -- 100000` runs one size.

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use claimgraph::generate::{GeneratorConfig, generate};
use claimgraph::network::{
    BackboneOptions, ReadOptions, Statements, backbone, evaluate_backbone, read_statements,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Statements, actors, targets, and the search's iterations.
const SIZES: [(u64, u64, u64, usize); 3] = [
    (10_000, 200, 100, 200),
    (100_000, 1_000, 500, 20),
    (1_000_000, 2_000, 1_000, 5),
];

fn statements(n: u64, actors: u64, targets: u64) -> Statements {
    let mut text = Vec::new();
    let config = GeneratorConfig::new(n, actors, targets).seed(7);
    if let Err(e) = generate(&config, &mut text) {
        panic!("the generator failed: {e}");
    }
    match read_statements(Cursor::new(&text), &ReadOptions::default()) {
        Ok(s) => s,
        Err(e) => panic!("the corpus does not read: {e}"),
    }
}

fn benches(c: &mut Criterion) {
    for (n, actors, targets, iterations) in SIZES {
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
            b.iter(|| evaluate_backbone(black_box(st), &evaluate, half))
        });
        let search = BackboneOptions::default().iterations(iterations).seed(1);
        group.bench_with_input(
            BenchmarkId::new(format!("penalty-{iterations}"), n),
            &st,
            |b, st| b.iter(|| backbone(black_box(st), &search)),
        );
        group.finish();
    }
}

criterion_group!(backbone_benches, benches);
criterion_main!(backbone_benches);
