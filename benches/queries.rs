//! The questions of the graph crate on generated corpora of 10^5 and 10^6
//! stances (the last: 2,000 actors and 1,000 targets): positions on the
//! most-discussed target, conflicts (the estimate, and every pair streamed
//! and counted), coalitions (as they are, and rolled up through ties, points
//! and inheritance), contested points of the proposal with the most points,
//! the timeline and the evidence of the actor most heard on the
//! most-discussed target. Building the graph is timed too, and so is
//! loading: reading the corpus into a validated dataset, against reading
//! the statement table `network` reads.
//!
//! `cargo bench --bench queries` runs them all; `cargo bench --bench queries
//! -- 100000` only the 10^5 size. Figures are in the README.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use claimgraph::Dataset;
use claimgraph::graph::{ClaimGraph, Query};
use claimgraph::network::{ReadOptions, read_statements};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

mod support;

const SIZES: [(u64, u64, u64); 2] = [(100_000, 1_000, 500), (1_000_000, 2_000, 1_000)];

/// The corpus as JSON Lines, and read.
fn corpus(statements: u64, actors: u64, targets: u64) -> (Vec<u8>, Dataset) {
    let text = support::corpus(statements, actors, targets);
    match Dataset::read_jsonl(Cursor::new(&text)) {
        Ok(ds) => (text, ds),
        Err(e) => panic!("the corpus does not read: {e}"),
    }
}

/// The key with the highest count, the first by key among equals.
fn most<'a>(counts: &BTreeMap<&'a str, usize>) -> &'a str {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| *k)
        .unwrap_or_default()
}

fn benches(c: &mut Criterion) {
    for (n, actors, targets) in SIZES {
        let (text, ds) = corpus(n, actors, targets);
        let mut by_target: BTreeMap<&str, usize> = BTreeMap::new();
        for s in ds.stances() {
            *by_target.entry(s.target.as_str()).or_default() += 1;
        }
        let target = most(&by_target);
        let mut by_holder: BTreeMap<&str, usize> = BTreeMap::new();
        for s in ds.stances().iter().filter(|s| s.target.as_str() == target) {
            *by_holder.entry(s.holder.as_str()).or_default() += 1;
        }
        let actor = most(&by_holder);
        let mut points: BTreeMap<&str, usize> = BTreeMap::new();
        for p in ds.proposals() {
            if let Some(parent) = &p.part_of {
                *points.entry(parent.as_str()).or_default() += 1;
            }
        }
        let proposal = most(&points);

        // What every command but `network` does first: read the whole
        // dataset and validate it; against the statement table `network`
        // reads from the same text.
        let mut load = c.benchmark_group("load");
        load.sample_size(10);
        if n >= 1_000_000 {
            load.measurement_time(Duration::from_secs(30));
        }
        load.bench_function(BenchmarkId::new("dataset-validated", n), |b| {
            b.iter(
                || match Dataset::read_jsonl(Cursor::new(black_box(&text))) {
                    Ok(ds) => ds.validate().problems.len(),
                    Err(e) => panic!("the corpus does not read: {e}"),
                },
            )
        });
        load.bench_function(BenchmarkId::new("statement-table", n), |b| {
            b.iter(|| {
                read_statements(Cursor::new(black_box(&text)), &ReadOptions::default())
                    .map(|st| st.len())
            })
        });
        load.finish();
        drop(text);

        let mut group = c.benchmark_group("queries");
        if n >= 1_000_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        } else {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("graph", n), |b| {
            b.iter(|| ClaimGraph::new(black_box(&ds)).edge_count())
        });
        let graph = ClaimGraph::new(&ds);
        let q = Query::new();
        let all = Query::new()
            .roll_up_members(true)
            .roll_up_points(true)
            .inherit_from_parent(true);
        group.bench_function(BenchmarkId::new("positions", n), |b| {
            b.iter(|| graph.positions(black_box(target), &q).map(|h| h.len()))
        });
        group.bench_function(BenchmarkId::new("conflicts-estimate", n), |b| {
            b.iter(|| graph.conflicts_estimate(black_box(&q)))
        });
        group.bench_function(BenchmarkId::new("conflicts-streamed", n), |b| {
            b.iter(|| graph.conflicts_iter(black_box(&q)).count())
        });
        group.bench_function(BenchmarkId::new("coalitions", n), |b| {
            b.iter(|| graph.coalitions(black_box(&q)).len())
        });
        group.bench_function(BenchmarkId::new("coalitions-rolled-up", n), |b| {
            b.iter(|| graph.coalitions(black_box(&all)).len())
        });
        group.bench_function(BenchmarkId::new("contested", n), |b| {
            b.iter(|| graph.contested(black_box(proposal), &q).map(|p| p.len()))
        });
        group.bench_function(BenchmarkId::new("unopposed", n), |b| {
            b.iter(|| graph.unopposed(black_box(proposal), &q).map(|p| p.len()))
        });
        group.bench_function(BenchmarkId::new("stances", n), |b| {
            b.iter(|| graph.stances_of(black_box(actor), &q).map(|p| p.len()))
        });
        group.bench_function(BenchmarkId::new("timeline", n), |b| {
            b.iter(|| {
                graph
                    .timeline(black_box(actor), target, &q)
                    .map(|t| t.entries.len())
            })
        });
        group.bench_function(BenchmarkId::new("why", n), |b| {
            b.iter(|| {
                graph
                    .why(black_box(actor), target, &q)
                    .map(|w| w.chains.len())
            })
        });
        group.finish();
    }
}

criterion_group!(queries, benches);
criterion_main!(queries);
