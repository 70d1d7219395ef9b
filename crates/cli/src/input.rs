//! Reading the dataset a command works on, and rendering what went wrong.
//!
//! A file is canonical JSON or JSON Lines, chosen by its extension or else by
//! its first line ([`claimgraph_core::looks_like_jsonl`]); `-` is standard
//! input. Two kinds of failure are kept apart: a file that cannot be read at
//! all is [`Unreadable`], while a file that was read but is malformed yields a
//! [`Loaded`] with [`SyntaxError`]s. JSON Lines is read one line at a time and
//! every malformed line is reported, alongside every record that did parse;
//! canonical JSON stops at its first error.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use claimgraph_core::{Dataset, JsonLines, ReadError, looks_like_jsonl};
use serde::Serialize;

use crate::output::Escaped;

/// The shape of a dataset file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Format {
    /// One canonical JSON object.
    #[serde(rename = "json")]
    Json,
    /// One record per line.
    #[serde(rename = "jsonl")]
    JsonLines,
}

/// Malformed input at a place in the file: bad JSON, an unknown field, a value
/// outside its vocabulary, a bad id or date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// Line, from 1.
    pub line: usize,
    /// Column in bytes, from 1; 0 when the problem is with the line as a whole.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl SyntaxError {
    /// `NAME:LINE:COLUMN: error: MESSAGE` (no column when it is 0), escaped
    /// for the terminal.
    pub fn render<'a>(&'a self, name: &'a str) -> impl fmt::Display + 'a {
        struct Line<'a>(&'a SyntaxError, &'a str);
        impl fmt::Display for Line<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Line(e, name) = self;
                write!(f, "{}:{}", Escaped(*name), e.line)?;
                if e.column > 0 {
                    write!(f, ":{}", e.column)?;
                }
                write!(f, ": error: {}", Escaped(&e.message))
            }
        }
        Line(self, name)
    }
}

/// A file that was read, whether or not all of it made sense.
#[derive(Debug)]
pub struct Loaded {
    /// The file as named on the command line, or `<stdin>`.
    pub name: String,
    /// How it was read.
    pub format: Format,
    /// Every record that parsed.
    pub dataset: Dataset,
    /// Every malformed place, in file order.
    pub syntax_errors: Vec<SyntaxError>,
}

/// A file that could not be opened or read.
#[derive(Debug)]
pub struct Unreadable {
    /// The file as named on the command line, or `<stdin>`.
    pub name: String,
    /// What the system said.
    pub source: io::Error,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.name, self.source)
    }
}

/// Reads a file for a command that needs all of it: a file that cannot be
/// read, or that is malformed, is reported on standard error (each malformed
/// place, then one line ending with `consequence`) and ends the command with
/// the status to exit with.
pub fn load_whole(path: &Path, consequence: &str) -> Result<Loaded, crate::Status> {
    let loaded = match load(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            crate::output::error(&e);
            return Err(crate::Status::Trouble);
        }
    };
    if !loaded.syntax_errors.is_empty() {
        {
            use std::io::Write as _;
            let mut err = io::stderr().lock();
            for e in &loaded.syntax_errors {
                let _ = writeln!(err, "{}", e.render(&loaded.name));
            }
        }
        crate::output::error(format_args!(
            "{} is malformed ({}); {consequence}",
            loaded.name,
            crate::output::count(loaded.syntax_errors.len(), "syntax error", "syntax errors"),
        ));
        return Err(crate::Status::Invalid);
    }
    Ok(loaded)
}

/// Reads the dataset at `path` (`-` for standard input).
pub fn load(path: &Path) -> Result<Loaded, Unreadable> {
    let stdin = path == Path::new("-");
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let unreadable = |source| Unreadable {
        name: name.clone(),
        source,
    };
    let mut reader = open(path, stdin).map_err(unreadable)?;

    // The first line with content decides the format when the name does not.
    let mut head = Vec::new();
    loop {
        let start = head.len();
        if reader.read_until(b'\n', &mut head).map_err(unreadable)? == 0 {
            break;
        }
        let line = &head[start..];
        if !is_blank(if start == 0 { strip_bom(line) } else { line }) {
            break;
        }
    }
    let jsonl = looks_like_jsonl(path, &head);
    let format = if jsonl {
        Format::JsonLines
    } else {
        Format::Json
    };
    let mut loaded = Loaded {
        name: name.clone(),
        format,
        dataset: Dataset::new(),
        syntax_errors: Vec::new(),
    };

    if is_blank(strip_bom(&head)) {
        loaded.syntax_errors.push(SyntaxError {
            line: 1,
            column: 0,
            message: "the file is empty; expected a claimgraph dataset \
                      (canonical JSON or JSON Lines)"
                .into(),
        });
        return Ok(loaded);
    }

    if jsonl {
        for item in JsonLines::new(Cursor::new(head).chain(reader)) {
            match item {
                Ok(record) => loaded.dataset.push_record(record),
                Err(ReadError::Syntax {
                    line,
                    column,
                    message,
                    ..
                }) => loaded.syntax_errors.push(SyntaxError {
                    line,
                    column,
                    message,
                }),
                Err(ReadError::Io { source, .. }) => return Err(unreadable(source)),
                Err(other) => return Err(unreadable(io::Error::other(other.to_string()))),
            }
        }
        return Ok(loaded);
    }

    reader.read_to_end(&mut head).map_err(unreadable)?;
    match Dataset::from_json_slice(&head) {
        Ok(dataset) => loaded.dataset = dataset,
        Err(ReadError::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            let mut message = message;
            if looks_like_jsonl(Path::new(""), &head) {
                message.push_str(
                    "; the file looks like JSON Lines: name it .jsonl to read it as such",
                );
            }
            loaded.syntax_errors.push(SyntaxError {
                line,
                column,
                message,
            });
        }
        Err(ReadError::Io { source, .. }) => return Err(unreadable(source)),
        Err(other) => return Err(unreadable(io::Error::other(other.to_string()))),
    }
    Ok(loaded)
}

fn open(path: &Path, stdin: bool) -> io::Result<Box<dyn BufRead>> {
    if stdin {
        return Ok(Box::new(io::stdin().lock()));
    }
    // Opening a directory succeeds on some systems; say plainly what it is.
    if std::fs::metadata(path)?.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory",
        ));
    }
    Ok(Box::new(BufReader::with_capacity(
        1 << 16,
        File::open(path)?,
    )))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_render_with_and_without_column() {
        let e = SyntaxError {
            line: 3,
            column: 7,
            message: "expected `,`".into(),
        };
        assert_eq!(
            e.render("a.json").to_string(),
            "a.json:3:7: error: expected `,`"
        );
        let e = SyntaxError {
            line: 2,
            column: 0,
            message: "bad\u{1b}[2J".into(),
        };
        assert_eq!(
            e.render("a\nb").to_string(),
            "a\\nb:2: error: bad\\u{1b}[2J"
        );
    }
}
