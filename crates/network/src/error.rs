//! Errors of the network crate.

/// Why statements could not be read or a network not built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// The input could not be read.
    #[error("cannot read input: {0}")]
    Io(#[from] std::io::Error),
    /// A line is not well-formed, or a field the network needs is missing or
    /// not of the expected form. Line and column count from 1.
    #[error("{line}:{column}: {message}")]
    Syntax {
        /// Line, from 1.
        line: usize,
        /// Column in bytes, from 1 (0 for the line as a whole).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A stance names an actor, target, source or quote the input never defines.
    #[error("{line}: stance field `{field}`: `{id}` names no {expected} in the input")]
    Dangling {
        /// The line of the first stance that names it.
        line: usize,
        /// The field: `holder`, `target`, `evidence[i].quote` or
        /// `evidence[i].source`, with i the entry's place in the list (from 0).
        field: String,
        /// The id named.
        id: String,
        /// What it should name.
        expected: &'static str,
    },
    /// A stance in a dataset whose holder or target does not resolve.
    #[error("stance `{record}`, field `{field}`: {message}")]
    Unresolved {
        /// The stance's id.
        record: String,
        /// The field.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// An option that cannot be used.
    #[error("{option}: {message}")]
    BadOption {
        /// The option.
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The filters leave no statement to build a network from.
    #[error("no statement is left after the filters: {0}")]
    EmptySelection(String),
}
