//! Errors of the core crate.

use std::path::PathBuf;

use crate::model::RecordType;

/// A value that is not in a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} {value:?}; expected one of: {}", expected.join(", "))]
pub struct UnknownValue {
    /// The vocabulary (`Position`, `ActorKind`, ...).
    pub vocabulary: &'static str,
    /// What was given.
    pub value: String,
    /// What would have been accepted.
    pub expected: &'static [&'static str],
}

/// A change to a [`Dataset`](crate::Dataset) that was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// The id is already used by another record.
    #[error("{record_type} id `{id}` is already used by a {existing}")]
    DuplicateId {
        /// The id.
        id: String,
        /// The kind of the record refused.
        record_type: RecordType,
        /// The kind of the record that holds the id.
        existing: RecordType,
    },
}

/// A file that could not be read into a dataset.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{}{source}", file_prefix(Some(path), ": "))]
    Io {
        /// The file (empty when reading a stream that is not a named file).
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The input is not well-formed, or a value is not of the expected form.
    /// Line and column count from 1; the column counts bytes.
    #[error("{}{line}:{column}: {message}", file_prefix(file.as_ref(), ":"))]
    Syntax {
        /// The file, when reading from one.
        file: Option<PathBuf>,
        /// Line, from 1.
        line: usize,
        /// Column in bytes, from 1 (0 before the first byte of an empty
        /// input). After a byte order mark on line 1, counted from after it.
        column: usize,
        /// What is wrong and what was expected.
        message: String,
    },
}

/// The path and a separator, or nothing when there is no file name to give.
fn file_prefix(path: Option<&PathBuf>, sep: &str) -> String {
    match path {
        Some(p) if !p.as_os_str().is_empty() => format!("{}{sep}", p.display()),
        _ => String::new(),
    }
}

impl ReadError {
    /// The line and column, for syntax errors.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ReadError::Syntax { line, column, .. } => Some((*line, *column)),
            ReadError::Io { .. } => None,
        }
    }

    /// What is wrong, without the place: the message of a syntax error, the
    /// system's message for an I/O error.
    pub fn message(&self) -> String {
        match self {
            ReadError::Syntax { message, .. } => message.clone(),
            ReadError::Io { source, .. } => source.to_string(),
        }
    }

    /// The same error, naming the file it came from.
    pub fn in_file(self, path: impl Into<PathBuf>) -> ReadError {
        match self {
            ReadError::Syntax {
                file: None,
                line,
                column,
                message,
            } => ReadError::Syntax {
                file: Some(path.into()),
                line,
                column,
                message,
            },
            ReadError::Io { path: old, source } if old.as_os_str().is_empty() => ReadError::Io {
                path: path.into(),
                source,
            },
            other => other,
        }
    }
}
