//! Errors of the graph crate.

use claimgraph_core::RecordType;

/// A query that cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// No record has this id, name or alias.
    #[error("no record matches {query:?}")]
    UnknownRecord {
        /// What was asked for.
        query: String,
    },
    /// The record is of another kind than the question needs.
    #[error(
        "`{id}` is {} {found}, not {} {expected}",
        article(found),
        article(expected)
    )]
    WrongKind {
        /// The record's id.
        id: String,
        /// What it is.
        found: RecordType,
        /// What the question needs.
        expected: RecordType,
    },
    /// A proposal asked about as of a day before it was put forward.
    #[error("`{id}` is dated {date}, after the day asked about ({as_of})")]
    NotYet {
        /// The proposal.
        id: String,
        /// Its date.
        date: String,
        /// The day asked about.
        as_of: String,
    },
    /// A name or alias that fits several records.
    #[error("{query:?} is ambiguous; it could be any of: {}", candidates.join(", "))]
    Ambiguous {
        /// What was asked for.
        query: String,
        /// Each candidate as `id (label)`, by id.
        candidates: Vec<String>,
    },
}

fn article(kind: &RecordType) -> &'static str {
    if kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Makes a typed id from a node's id, which came from a valid record id.
pub(crate) fn typed_id<T: std::str::FromStr>(id: &str) -> Result<T, GraphError> {
    id.parse().map_err(|_| GraphError::UnknownRecord {
        query: id.to_owned(),
    })
}
