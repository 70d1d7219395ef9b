//! What the benchmarks share: the generated corpora they measure on.

// Each benchmark is its own crate and uses part of this module.
#![allow(dead_code)]

use std::io::Cursor;

use claimgraph::generate::{GeneratorConfig, generate};
use claimgraph::network::{ReadOptions, Statements, read_statements};

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
