//! JSON Lines: the streaming reader never panics, places every error on a
//! line of the input, and `Dataset::read_jsonl` fails exactly when the stream
//! has an error, at the first one.
#![no_main]

use claimgraph_core::{Dataset, JsonLines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    let mut records = Vec::new();
    let mut first_error = None;
    let mut items = 0;
    for item in JsonLines::new(data) {
        items += 1;
        match item {
            Ok(record) => records.push(record),
            Err(e) => {
                let (line, _) = e.position().expect("a syntax error has a position");
                assert!((1..=lines).contains(&line), "line {line} of {lines}: {e}");
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    assert!(items <= lines, "{items} items from {lines} lines");

    match Dataset::read_jsonl(data) {
        Ok(ds) => {
            assert_eq!(first_error, None);
            let mut want = Dataset::new();
            records.into_iter().for_each(|r| want.push_record(r));
            assert_eq!(ds, want);
            let _ = ds.validate();
            let again = Dataset::from_jsonl(&ds.to_jsonl()).expect("JSON Lines read back");
            assert_eq!(again, ds);
        }
        Err(e) => assert_eq!(first_error, Some(e.to_string())),
    }
});
