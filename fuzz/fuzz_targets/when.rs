//! Dates: whatever `When::parse` accepts is written in a form that parses
//! back to the same value and is written the same again.
#![no_main]

use claimgraph_core::When;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let Ok(w) = When::parse(s) else {
        return;
    };
    let text = w.to_string();
    let again = When::parse(&text).unwrap_or_else(|e| panic!("{s:?} was written {text:?}: {e}"));
    assert_eq!(again, w, "{s:?} was written {text:?}");
    assert_eq!(again.to_string(), text);
    assert_eq!(again.date(), w.date());
});
