//! Loading statements and building every kind of network from generated
//! corpora of 10^4, 10^5 and 10^6 statements (the last: 2,000 actors and
//! 1,000 targets, about 2 million actor pairs).
//!
//! `cargo bench --bench networks` runs them all; `cargo bench --bench networks
//! -- 100000` only the 10^5 size. Figures are in the README.

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use claimgraph::network::{
    Duplicates, Kind, NetworkOptions, Normalization, Positions, ReadOptions, Statements, network,
    read_statements,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod support;
use support::{SIZES, corpus};

fn benches(c: &mut Criterion) {
    for (n, actors, targets) in SIZES {
        let text = corpus(n, actors, targets);
        let mut load = c.benchmark_group("load");
        load.throughput(Throughput::Elements(n));
        if n >= 1_000_000 {
            load.sample_size(10)
                .measurement_time(Duration::from_secs(10));
        }
        load.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| read_statements(Cursor::new(black_box(text)), &ReadOptions::default()))
        });
        load.finish();

        let statements: Statements =
            match read_statements(Cursor::new(&text), &ReadOptions::default()) {
                Ok(s) => s,
                Err(e) => panic!("the corpus does not read: {e}"),
            };
        drop(text);
        let mut group = c.benchmark_group("network");
        group.throughput(Throughput::Elements(n));
        if n >= 1_000_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(10));
        }
        let kinds = [
            (
                "affiliation",
                NetworkOptions::affiliation(Positions::Subtract),
            ),
            ("congruence", NetworkOptions::congruence()),
            ("conflict", NetworkOptions::conflict()),
            ("subtract", NetworkOptions::subtract()),
            (
                "congruence-cosine",
                NetworkOptions::congruence().normalization(Normalization::Cosine),
            ),
            (
                "congruence-jaccard",
                NetworkOptions::congruence().normalization(Normalization::Jaccard),
            ),
            ("co-occurrence", NetworkOptions::new(Kind::CoOccurrence)),
            (
                "congruence-once",
                NetworkOptions::congruence().duplicates(Duplicates::Range),
            ),
        ];
        for (name, options) in &kinds {
            group.bench_with_input(BenchmarkId::new(*name, n), options, |b, options| {
                b.iter(|| network(black_box(&statements), options))
            });
        }
        group.finish();
    }
}

criterion_group!(networks, benches);
criterion_main!(networks);
