//! Errors of the core crate, and [`clip`], which every error message uses to
//! quote a value.

use std::fmt;
use std::path::PathBuf;

use crate::limits::LimitError;
use crate::model::RecordType;

/// Values up to this many characters are quoted whole.
const WHOLE: usize = 80;
/// A longer value shows this many characters, then `…` and its size.
const SHOWN: usize = 60;

/// A value quoted in a message, cut to a readable length: whole when it has
/// at most 80 characters, otherwise its first 60, `…` and its size in bytes.
/// Every error of this crate quotes what it was given through this, so a
/// 100 MB id makes a one-line message, not a 100 MB one.
///
/// `{}` writes the text as it is, `{:?}` quoted and escaped.
///
/// ```
/// use claimgraph_core::clip;
/// assert_eq!(format!("{:?}", clip("short")), "\"short\"");
/// let long = "x".repeat(1_000_000);
/// assert_eq!(clip(&long).to_string(), format!("{}… (1000000 bytes)", "x".repeat(60)));
/// assert_eq!(format!("{:?}", clip(&long)), format!("\"{}…\" (1000000 bytes)", "x".repeat(60)));
/// ```
pub fn clip(value: &str) -> Clipped<'_> {
    Clipped(value)
}

/// A value cut to a readable length: see [`clip`].
#[derive(Clone, Copy)]
pub struct Clipped<'a>(&'a str);

impl<'a> Clipped<'a> {
    /// The part shown, when the value is cut. O(1): looks at no more than the
    /// first 81 characters.
    fn head(&self) -> Option<&'a str> {
        let s = self.0;
        s.char_indices().nth(WHOLE)?;
        let end = s.char_indices().nth(SHOWN).map_or(s.len(), |(i, _)| i);
        Some(&s[..end])
    }
}

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.head() {
            None => f.write_str(self.0),
            Some(head) => write!(f, "{head}… ({} bytes)", self.0.len()),
        }
    }
}

impl fmt::Debug for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.head() {
            None => write!(f, "{:?}", self.0),
            Some(head) => {
                let quoted = format!("{head:?}");
                let open = quoted.strip_suffix('"').unwrap_or(&quoted);
                write!(f, "{open}…\" ({} bytes)", self.0.len())
            }
        }
    }
}

/// A value's text, written by its `Display`, cut as [`clip`] cuts it, without
/// ever holding more of it than is shown: for a value that may be a whole
/// record. O(length of its text) in time, O(1) in memory.
pub(crate) fn clip_display(value: &impl fmt::Display) -> String {
    /// The first characters of a text, and its length.
    struct Head {
        kept: String,
        chars: usize,
        bytes: usize,
    }
    impl fmt::Write for Head {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.bytes += s.len();
            for c in s.chars() {
                if self.chars > WHOLE {
                    break;
                }
                self.kept.push(c);
                self.chars += 1;
            }
            Ok(())
        }
    }
    let mut head = Head {
        kept: String::new(),
        chars: 0,
        bytes: 0,
    };
    let _ = fmt::write(&mut head, format_args!("{value}"));
    if head.chars <= WHOLE {
        return head.kept;
    }
    let shown: String = head.kept.chars().take(SHOWN).collect();
    format!("{shown}… ({} bytes)", head.bytes)
}

/// At most this many items of a list are shown in a message.
const LIST_SHOWN: usize = 8;

/// Items joined by `sep`, each clipped, and no more than eight of them; a
/// longer list ends with `… (N in all)`.
pub(crate) fn clip_list<'a>(items: impl ExactSizeIterator<Item = &'a str>, sep: &str) -> String {
    let total = items.len();
    let mut out = String::new();
    for (i, item) in items.enumerate().take(LIST_SHOWN) {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&clip(item).to_string());
    }
    if total > LIST_SHOWN {
        out.push_str(&format!("{sep}… ({total} in all)"));
    }
    out
}

/// The longest message a parser's error may keep whole, in bytes.
const MESSAGE_WHOLE: usize = 1000;

/// A parser's message (serde's `invalid type: string "…"`, ``unknown field
/// `…` ``) with every quoted value of more than 80 characters cut as [`clip`]
/// cuts it, and then the whole message if it is still long: serde quotes
/// values before we see them. A message of up to 1,000 bytes is kept as it is.
pub(crate) fn clip_message(message: String) -> String {
    if message.len() <= MESSAGE_WHOLE {
        return message;
    }
    let mut out = String::new();
    let mut rest = message.as_str();
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..=open];
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..];
        let quoted = if quote == "`" {
            Quoted::backticked(body)
        } else {
            Quoted::escaped(body)
        };
        match quoted.cut {
            Some(cut) => out.push_str(&format!("{}…{quote} ({} bytes)", &body[..cut], quoted.size)),
            None => {
                out.push_str(&body[..quoted.end]);
                if quoted.end < body.len() {
                    out.push_str(quote);
                }
            }
        }
        rest = body.get(quoted.end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    if out.len() > MESSAGE_WHOLE {
        return clip(&out).to_string();
    }
    out
}

/// A quoted value in a message.
struct Quoted {
    /// Where its closing quote is (the end of the message if none).
    end: usize,
    /// The size of the text it stands for, in bytes.
    size: usize,
    /// Where to cut it, when it is too long to show whole.
    cut: Option<usize>,
}

impl Quoted {
    /// A value between backticks, written as it is.
    fn backticked(body: &str) -> Quoted {
        let end = body.find('`').unwrap_or(body.len());
        let cut = Clipped(&body[..end]).head().map(str::len);
        Quoted {
            end,
            size: end,
            cut,
        }
    }

    /// A value written with Rust's `{:?}` escapes, after its opening quote;
    /// cut between escapes, never inside one.
    fn escaped(body: &str) -> Quoted {
        let (mut size, mut units, mut cut_at) = (0, 0, None);
        let mut chars = body.char_indices().peekable();
        let end = loop {
            let Some((i, c)) = chars.next() else {
                break body.len();
            };
            if units == SHOWN {
                cut_at = Some(i);
            }
            units += 1;
            match c {
                '"' => break i,
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('u') => {
                        let mut code = String::new();
                        for (_, c) in chars.by_ref() {
                            match c {
                                '{' => {}
                                '}' => break,
                                c => code.push(c),
                            }
                        }
                        size += u32::from_str_radix(&code, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .map_or(1, char::len_utf8);
                    }
                    _ => size += 1,
                },
                c => size += c.len_utf8(),
            }
        };
        Quoted {
            end,
            size,
            cut: if units > WHOLE + 1 { cut_at } else { None },
        }
    }
}

/// A value that is not in a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} {:?}; expected one of: {}", clip(.value), expected.join(", "))]
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
    #[error("{record_type} id `{}` is already used by a {existing}", clip(.id))]
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
    /// The input passes one of the [`Limits`](crate::Limits) it is read
    /// with. Line and column are where: the line that is too long (column 0),
    /// the string that is too long or the bracket too deep; line 1, column 0
    /// for the size of the whole input. A line too long or too many records
    /// end the reading; a string or nesting in one line of JSON Lines ends
    /// only that line.
    #[error("{}{line}:{column}: {error}", file_prefix(file.as_ref(), ":"))]
    Limit {
        /// The file, when reading from one.
        file: Option<PathBuf>,
        /// Line, from 1.
        line: usize,
        /// Column in bytes, from 1; 0 for the line as a whole.
        column: usize,
        /// Which limit, and what passed it.
        error: LimitError,
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
            ReadError::Syntax { line, column, .. } | ReadError::Limit { line, column, .. } => {
                Some((*line, *column))
            }
            ReadError::Io { .. } => None,
        }
    }

    /// What is wrong, without the place: the message of a syntax error, the
    /// system's message for an I/O error.
    pub fn message(&self) -> String {
        match self {
            ReadError::Syntax { message, .. } => message.clone(),
            ReadError::Limit { error, .. } => error.to_string(),
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
            ReadError::Limit {
                file: None,
                line,
                column,
                error,
            } => ReadError::Limit {
                file: Some(path.into()),
                line,
                column,
                error,
            },
            ReadError::Io { path: old, source } if old.as_os_str().is_empty() => ReadError::Io {
                path: path.into(),
                source,
            },
            other => other,
        }
    }
}
