//! A reproducible generator of synthetic corpora.
