//! How fast the JSON Lines reader reads a large corpus. Ignored by default:
//! run it in release mode on a generated corpus,
//!
//! ```text
//! cargo run --release -p claimgraph-cli -- generate --statements 1000000 --actors 2000 --targets 1000 -o /tmp/c1m.jsonl
//! CLAIMGRAPH_CORPUS=/tmp/c1m.jsonl cargo test --release -p claimgraph-network --test read_speed -- --ignored --nocapture
//! ```
//!
//! Timings are printed, not asserted: they belong to the machine.

use std::time::Instant;

use claimgraph_network::{ReadOptions, read_statements};

#[test]
#[ignore = "a measurement: needs CLAIMGRAPH_CORPUS and a release build"]
fn read_a_large_corpus() {
    let path = std::env::var_os("CLAIMGRAPH_CORPUS").expect("CLAIMGRAPH_CORPUS names a corpus");
    let bytes = std::fs::read(&path).expect("the corpus");
    let runs = 5;
    for threads in [0, 1] {
        let options = ReadOptions {
            threads,
            ..ReadOptions::default()
        };
        let mut best = f64::INFINITY;
        let mut rows = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let st = read_statements(bytes.as_slice(), &options).expect("read");
            best = best.min(start.elapsed().as_secs_f64());
            rows = st.len();
        }
        eprintln!(
            "read_statements, threads {threads}: {rows} statements, {} MB, best of {runs}: {best:.3} s ({:.0} MB/s)",
            bytes.len() >> 20,
            bytes.len() as f64 / best / 1e6
        );
    }
}
