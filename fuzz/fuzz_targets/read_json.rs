//! Canonical JSON: any bytes either fail with a position inside the input or
//! read to a dataset that validates without panicking and survives both
//! writers unchanged.
#![no_main]

use claimgraph_core::Dataset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ds = match Dataset::from_json_slice(data) {
        Ok(ds) => ds,
        Err(e) => {
            let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
            let (line, _) = e.position().expect("a syntax error has a position");
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {e}");
            return;
        }
    };
    let _ = ds.validate();

    let json = ds.to_json();
    let again = Dataset::from_json(&json).expect("canonical JSON reads back");
    assert_eq!(again, ds);
    assert_eq!(again.to_json(), json, "canonical JSON is not a fixed point");

    let jsonl = ds.to_jsonl();
    let again = Dataset::from_jsonl(&jsonl).expect("JSON Lines read back");
    assert_eq!(again, ds);
    assert_eq!(again.to_jsonl(), jsonl, "JSON Lines are not a fixed point");
});
