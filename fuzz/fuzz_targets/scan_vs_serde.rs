//! The streaming statement reader (a hand-written scanner with serde behind
//! it) against the full data model: JSON Lines that read and validate as a
//! dataset give the statements `Statements::from_dataset` gives.
#![no_main]

use claimgraph_core::Dataset;
use claimgraph_network::{ReadOptions, Statements, read_statements};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(ds) = Dataset::read_jsonl(data) else {
        return;
    };
    if !ds.validate().is_valid() {
        return;
    }
    let want = Statements::from_dataset(&ds);
    let options = ReadOptions {
        threads: 1,
        chunk_bytes: 64,
        ..ReadOptions::default()
    };
    let got = read_statements(data, &options).expect("a valid dataset reads as statements");
    assert_eq!(got, want);
});
