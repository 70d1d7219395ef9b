//! What the benchmarks share: the generated corpora they measure on.

// Each benchmark is its own crate and uses part of this module.
#![allow(dead_code)]

use std::io::Cursor;

use claimgraph::generate::{GeneratorConfig, generate};
use claimgraph::network::{ReadOptions, Statements, read_statements};

/// The corpora measured: (statements, actors, targets), 10^4 to 10^6
/// statements.
pub const SIZES: [(u64, u64, u64); 3] = [
    (10_000, 200, 100),
    (100_000, 1_000, 500),
    (1_000_000, 2_000, 1_000),
];

/// A generated corpus of `statements` stances by `actors` actors on
/// `targets` targets, as JSON Lines, always from the same seed.
pub fn corpus(statements: u64, actors: u64, targets: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let config = GeneratorConfig::new(statements, actors, targets).seed(7);
    if let Err(e) = generate(&config, &mut out) {
        panic!("the generator failed: {e}");
    }
    out
}

/// The statement table of [`corpus`].
pub fn statements(n: u64, actors: u64, targets: u64) -> Statements {
    match read_statements(
        Cursor::new(corpus(n, actors, targets)),
        &ReadOptions::default(),
    ) {
        Ok(s) => s,
        Err(e) => panic!("the corpus does not read: {e}"),
    }
}
