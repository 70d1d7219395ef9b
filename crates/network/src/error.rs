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
    /// The input passes one of the [`Limits`](claimgraph_core::Limits) it is
    /// read within ([`ReadOptions::limits`](crate::ReadOptions::limits)),
    /// named as the core names it: a line too long, too much white space in
    /// a row, too many records (column 0), a string too long or values
    /// nested too deep (at the column where).
    #[error("{line}:{column}: {error}")]
    Limit {
        /// Line, from 1.
        line: usize,
        /// Column in bytes, from 1; 0 for the line as a whole.
        column: usize,
        /// Which limit, and its value.
        error: claimgraph_core::LimitError,
    },
    /// A record breaks a rule of the data model on its own — a number out of
    /// range, a reversed span, a blank text, a record that points at itself
    /// — worded as [`claimgraph_core::Dataset::validate`] words it.
    #[error("{}{record_type} `{record}`, field `{field}`: {message}", at_line(*line))]
    Invalid {
        /// The record's line, when read from JSON Lines.
        line: Option<usize>,
        /// The kind of record.
        record_type: claimgraph_core::RecordType,
        /// Its id.
        record: String,
        /// The field, as a path (`evidence[1]`, `span`).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A reference a network follows does not name a record of a kind it
    /// takes: a stance's holder (an actor), its target (a proposal,
    /// concession, claim or actor), the quote or source of one of its
    /// evidence entries, or a quote's source. Worded as
    /// [`claimgraph_core::Dataset::validate`] words it: ``stance `s1`,
    /// field `holder`: `plan` is a proposal, but this field takes an
    /// actor``.
    #[error("{}{record_type} `{record}`, field `{field}`: {message}", at_line(*line))]
    Unresolved {
        /// The line of the record, when read from JSON Lines: of the first
        /// record (in the order of the core's report) with the problem.
        line: Option<usize>,
        /// The kind of record: a stance, or a quote.
        record_type: claimgraph_core::RecordType,
        /// Its id.
        record: String,
        /// The field, as a path: `holder`, `target`, `evidence[i].quote`
        /// or `evidence[i].source` (i from 0), or a quote's `source`.
        field: String,
        /// What is wrong: the id, and what it names or that it names
        /// nothing.
        message: String,
    },
    /// The network could hold more edges than
    /// [`NetworkOptions::max_edges`](crate::NetworkOptions::max_edges)
    /// allows: refused before it is built, with what would make it smaller.
    #[error("{what} could have up to {} edges, more than the limit of {}: {advice}", grouped(*estimate), grouped(*limit))]
    TooManyEdges {
        /// Which network: `the network`, or `a window's network`.
        what: &'static str,
        /// The estimate: an upper bound on its edges (or, once counting
        /// has passed the limit, the edges counted).
        estimate: u64,
        /// The limit.
        limit: u64,
        /// What would make it smaller.
        advice: String,
    },
    /// The window and its step (or a kernel's step) would cut more windows
    /// or time slices than
    /// [`NetworkOptions::max_windows`](crate::NetworkOptions::max_windows)
    /// allows: refused before any is built, with the count.
    #[error("{} {what} over the statements' range, more than the limit of {}: give a longer step (--step), select a shorter range (--from, --to), or raise the limit (--max-windows)", grouped(*count), grouped(*limit))]
    TooManyWindows {
        /// `windows` or `time slices`.
        what: &'static str,
        /// How many the options would cut.
        count: u64,
        /// The limit.
        limit: u64,
    },
    /// An option that cannot be used.
    #[error("{option}: {message}")]
    BadOption {
        /// The option.
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The eigenvalue solver did not converge on a network's Laplacian (it
    /// stops after a bounded number of steps; with finite weights this is
    /// not expected).
    #[error("the eigenvalues of a Laplacian of order {order} did not converge")]
    NoConvergence {
        /// The matrix's order: the network's nodes.
        order: usize,
    },
    /// The filters leave no statement to build a network from.
    #[error("no statement is left after the filters: {0}")]
    EmptySelection(String),
}

/// `"12: "` before a message about line 12; nothing without a line.
fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!("{l}: ")).unwrap_or_default()
}

/// A number with its thousands grouped: `4,999,950,000`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
