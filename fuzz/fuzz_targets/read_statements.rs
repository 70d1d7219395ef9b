//! The parallel statement reader: never panics, and reads the same with one
//! thread as with two, whether the input fits one chunk or spans many.
#![no_main]

use claimgraph_network::{ReadOptions, Statements, read_statements};
use libfuzzer_sys::fuzz_target;

/// Pads every line with trailing blanks, so that a small input spans many
/// of the reader's smallest chunks (4 KiB) and records meet across chunks.
fn spread(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 2000 * 16);
    for line in data.split_inclusive(|b| *b == b'\n') {
        let (body, end) = match line.strip_suffix(b"\n") {
            Some(body) => (body, &b"\n"[..]),
            None => (line, &b""[..]),
        };
        out.extend_from_slice(body);
        out.resize(out.len() + 1500, b' ');
        out.extend_from_slice(end);
    }
    out
}

fn read(input: &[u8], threads: usize) -> Result<Statements, String> {
    let options = ReadOptions {
        threads,
        chunk_bytes: 64,
        ..ReadOptions::default()
    };
    read_statements(input, &options).map_err(|e| e.to_string())
}

fn same_with_one_and_two_threads(input: &[u8]) {
    let one = read(input, 1);
    let two = read(input, 2);
    assert_eq!(one, two);
}

fuzz_target!(|data: &[u8]| {
    same_with_one_and_two_threads(data);
    if data.len() <= 1 << 12 {
        same_with_one_and_two_threads(&spread(data));
    }
});
