//! Communities of the actor networks of generated corpora of 10^4, 10^5 and
//! 10^6 statements (200, 1,000 and 2,000 actors): Leiden and Louvain on the
//! congruence network, Leiden on the subtract network (signed modularity),
//! and the modularity of the partition found. The networks are built once,
//! outside the timings.
//!
//! `cargo bench --bench clusters` runs them all; `cargo bench --bench
//! clusters -- 100000` only the 10^5 size.

use std::hint::black_box;
use std::time::Duration;

use claimgraph::network::{
    ClusterMethod, ClusterOptions, NetworkOptions, Normalization, clusters, modularity, network,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

mod support;
use support::{SIZES, statements};

fn benches(c: &mut Criterion) {
    for (n, actors, targets) in SIZES {
        let st = statements(n, actors, targets);
        let nets = [
            ("congruence", NetworkOptions::congruence()),
            (
                "subtract",
                NetworkOptions::subtract().normalization(Normalization::Average),
            ),
        ]
        .map(|(name, o)| match network(&st, &o) {
            Ok(net) => (name, net),
            Err(e) => panic!("the {name} network does not build: {e}"),
        });
        let mut group = c.benchmark_group("clusters");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(if n >= 1_000_000 { 20 } else { 5 }));
        let runs = [
            ("leiden-congruence", &nets[0].1, ClusterMethod::Leiden),
            ("louvain-congruence", &nets[0].1, ClusterMethod::Louvain),
            ("leiden-subtract", &nets[1].1, ClusterMethod::Leiden),
        ];
        for (name, net, method) in runs {
            let o = ClusterOptions::new().method(method).seed(1);
            match clusters(net, &o) {
                Ok(found) => eprintln!(
                    "{name} {n}: {} nodes, {} edges: {} communities, modularity {:.4}, \
                     {} iterations, levels {:?}",
                    net.nodes().len(),
                    net.edges().len(),
                    found.communities.len(),
                    found.modularity,
                    found.iterations.len(),
                    found
                        .iterations
                        .iter()
                        .map(|it| it.levels)
                        .collect::<Vec<_>>(),
                ),
                Err(e) => panic!("clusters failed: {e}"),
            }
            group.bench_with_input(BenchmarkId::new(name, n), &o, |b, o| {
                b.iter(|| clusters(black_box(net), o))
            });
        }
        let o = ClusterOptions::new();
        let found = match clusters(&nets[0].1, &o) {
            Ok(found) => found,
            Err(e) => panic!("clusters failed: {e}"),
        };
        let membership = found.membership();
        group.bench_with_input(BenchmarkId::new("modularity", n), &membership, |b, m| {
            b.iter(|| modularity(black_box(&nets[0].1), m, &o))
        });
        group.finish();
    }
}

criterion_group!(clusters_bench, benches);
criterion_main!(clusters_bench);
