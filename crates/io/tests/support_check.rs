//! The shared test data is what the other tests take it for.

mod support;

use proptest::prelude::*;

#[test]
fn the_hostile_dataset_is_valid_and_hostile() {
    let ds = support::hostile();
    assert!(ds.validate().is_valid(), "{}", ds.validate());
    assert!(ds.actors().iter().any(|a| a.name.len() >= 10_240));
    assert!(ds.quotes().iter().any(|q| q.text.contains('\n')));
    assert_eq!(ds.count(claimgraph_core::RecordType::SameAs), 1);
}

proptest! {
    #[test]
    fn generated_datasets_are_valid(ds in support::datasets()) {
        prop_assert!(ds.validate().is_valid());
    }
}
