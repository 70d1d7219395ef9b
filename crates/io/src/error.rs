//! Errors and warnings of the io crate.

use std::path::PathBuf;

use claimgraph_core::Dataset;

/// A file that could not be read or written in another format.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// The system could not open, read or write a file or stream.
    #[error("{}{source}", path_prefix(path))]
    Io {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The input is not well-formed in its format, at a place in it.
    /// Line and column count from 1 (0 when unknown).
    #[error("{}{line}:{column}: {message}", path_prefix(path))]
    Syntax {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The input is well-formed but does not hold what the format says it
    /// must: a missing table or field, a value of the wrong type.
    #[error("{}{record}: {message}", path_prefix(path))]
    Content {
        /// The file, when there is one.
        path: Option<PathBuf>,
        /// Where in the input: a table and row, a node id, a field.
        record: String,
        /// What is wrong.
        message: String,
    },
    /// A database could not be read.
    #[error("{}{message}", path_prefix(path))]
    Database {
        /// The file.
        path: Option<PathBuf>,
        /// What the database engine said.
        message: String,
    },
    /// A program the command runs (Graphviz's `dot`) is missing or failed.
    #[error("{message}")]
    Tool {
        /// What happened, and what to install.
        message: String,
    },
}

impl IoError {
    /// The same error, naming the file it came from.
    pub fn in_file(self, file: impl Into<PathBuf>) -> IoError {
        let file = Some(file.into());
        match self {
            IoError::Io { path: None, source } => IoError::Io { path: file, source },
            IoError::Syntax {
                path: None,
                line,
                column,
                message,
            } => IoError::Syntax {
                path: file,
                line,
                column,
                message,
            },
            IoError::Content {
                path: None,
                record,
                message,
            } => IoError::Content {
                path: file,
                record,
                message,
            },
            IoError::Database {
                path: None,
                message,
            } => IoError::Database {
                path: file,
                message,
            },
            other => other,
        }
    }
}

impl From<std::io::Error> for IoError {
    fn from(source: std::io::Error) -> IoError {
        IoError::Io { path: None, source }
    }
}

fn path_prefix(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) if !p.as_os_str().is_empty() => format!("{}: ", p.display()),
        _ => String::new(),
    }
}

/// Something an importer met and could not use as it stands, or mapped with
/// a loss the user should know of: a broken reference, a statement type with
/// no mapping, a value out of range. Nothing is dropped without one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImportWarning {
    /// Where in the input: a node id, a table and row.
    pub record: String,
    /// What was met and what was done with it.
    pub message: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.record, self.message)
    }
}

/// What an importer made of a file: the dataset, every warning, and counts
/// of what it read and what it made, so a user (and a test) can check that
/// every row is accounted for.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// The records made.
    pub dataset: Dataset,
    /// Everything met that could not be used as it stands.
    pub warnings: Vec<ImportWarning>,
    /// Counts by name (`"statements"`, `"nodes of type RA"`, ...), in name order.
    pub counts: std::collections::BTreeMap<String, usize>,
}
