//! Polarisation on generated corpora of 10^4, 10^5 and 10^6 statements (the
//! last: 2,000 actors, nearly every pair tied in both networks): the greedy
//! search (10 starts) and the genetic algorithm (100 generations of 50, the
//! early stop off) on the whole corpus, one partition scored from the
//! networks, the same partition scored over dense matrices as DNA sums them
//! (every ordered pair, O(n²)), and the greedy series over 180-day windows
//! moving by 90 days (one start a window).
//!
//! `cargo bench --bench polarisation` runs them all; `cargo bench --bench
//! polarisation -- 100000` only the 10^5 size. Figures are in
//! `docs/ANALYSES.md`.

use std::hint::black_box;
use std::time::Duration;

use claimgraph::network::{
    Network, NetworkOptions, PolarisationOptions, Span, network, polarisation_of,
    polarisation_windows, score_partition,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod support;
use support::{SIZES, statements};

/// The actors with a tie in either network, in id order.
fn tied(c: &Network, k: &Network) -> Vec<String> {
    let mut ids: Vec<String> = [c, k]
        .iter()
        .flat_map(|net| {
            net.edges()
                .iter()
                .flat_map(|e| [e.a, e.b])
                .map(|i| net.nodes()[i as usize].id.to_string())
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// D summed over dense matrices, every ordered pair, with both matrix norms
/// computed each time, as DNA evaluates one partition.
fn dense_deviation(c: &[f64], k: &[f64], n: usize, g: &[usize]) -> f64 {
    let (nc, nk): (f64, f64) = (
        c.iter().map(|x| x.abs()).sum(),
        k.iter().map(|x| x.abs()).sum(),
    );
    let half = n / 2;
    let within = (half * (half - 1) + (n - half) * (n - half - 1)) as f64;
    let between = (n * (n - 1)) as f64 - within;
    let (tc, tk) = (nc / within, nk / between);
    let mut d = 0.0;
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let (cij, kij) = (c[i * n + j], k[i * n + j]);
                d += if g[i] == g[j] {
                    (cij - tc).abs() + kij.abs()
                } else {
                    cij.abs() + (kij - tk).abs()
                };
            }
        }
    }
    d
}

fn dense(net: &Network, ids: &[String]) -> Vec<f64> {
    let n = ids.len();
    let mut m = vec![0.0; n * n];
    for e in net.edges() {
        let (a, b) = (&net.nodes()[e.a as usize].id, &net.nodes()[e.b as usize].id);
        if let (Ok(i), Ok(j)) = (
            ids.binary_search_by(|x| x.as_str().cmp(a)),
            ids.binary_search_by(|x| x.as_str().cmp(b)),
        ) {
            m[i * n + j] = e.weight;
            m[j * n + i] = e.weight;
        }
    }
    m
}

fn benches(c: &mut Criterion) {
    for (n, actors, targets) in SIZES {
        let st = statements(n, actors, targets);
        let (con, conf) = match (
            network(&st, &NetworkOptions::congruence()),
            network(&st, &NetworkOptions::conflict()),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            _ => panic!("the networks do not build"),
        };
        let mut group = c.benchmark_group("polarisation");
        group.throughput(Throughput::Elements(n));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(if n >= 1_000_000 { 30 } else { 5 }));
        let greedy = PolarisationOptions::new().normalise(true);
        group.bench_with_input(BenchmarkId::new("greedy", n), &greedy, |b, o| {
            b.iter(|| polarisation_of(black_box(&con), &conf, o, None))
        });
        let genetic = PolarisationOptions::new()
            .normalise(true)
            .genetic()
            .generations(100)
            .patience(0);
        group.bench_with_input(BenchmarkId::new("genetic-100", n), &genetic, |b, o| {
            b.iter(|| polarisation_of(black_box(&con), &conf, o, None))
        });
        let ids = tied(&con, &conf);
        let halves: Vec<usize> = (0..ids.len()).map(|i| i % 2).collect();
        group.bench_with_input(BenchmarkId::new("score", n), &halves, |b, g| {
            b.iter(|| score_partition(&con, &conf, ids.iter().zip(g.iter().copied()), 2, true))
        });
        let (dc, dk) = (dense(&con, &ids), dense(&conf, &ids));
        group.bench_with_input(BenchmarkId::new("score-dense", n), &halves, |b, g| {
            b.iter(|| dense_deviation(black_box(&dc), &dk, ids.len(), g))
        });
        let windowed = PolarisationOptions::new().normalise(true).starts(1);
        group.bench_with_input(BenchmarkId::new("windows-greedy", n), &windowed, |b, o| {
            b.iter(|| {
                polarisation_windows(
                    black_box(&st),
                    &NetworkOptions::congruence(),
                    Span::Days(180),
                    Span::Days(90),
                    o,
                    None,
                )
            })
        });
        group.finish();
    }
}

criterion_group!(polarisation, benches);
criterion_main!(polarisation);
