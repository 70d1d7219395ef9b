//! What every command prints with: standard output that tolerates a closed
//! pipe, error lines on standard error, terminal-safe text and counted nouns.

use std::ffi::OsString;
use std::fmt::{self, Display, Write as _};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

/// Runs `write` against a buffered standard output and flushes it.
///
/// A reader that goes away early (`claimgraph show big.jsonl | head`) is not an
/// error: output stops quietly and the command keeps its exit status.
pub fn stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("cannot write to standard output"),
    }
}

/// Prints `error: MESSAGE` on standard error, escaped for the terminal.
///
/// A failure to write to standard error cannot be reported anywhere, so it is
/// ignored rather than allowed to abort the process.
pub fn error(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "error: {}", Escaped(&message));
}

/// Prints `warning: MESSAGE` on standard error, escaped for the terminal.
pub fn warning(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "warning: {}", Escaped(&message));
}

/// Writes `value` as one line of compact JSON.
pub fn json_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Writes `value`, which must serialise as a non-empty JSON object, without its
/// closing brace and followed by a comma, so that more members can follow.
/// Lets large or deep structures be streamed without recursion.
pub fn json_object_open(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    match bytes.strip_suffix(b"}") {
        Some(head) if head.len() > 1 => {
            out.write_all(head)?;
            out.write_all(b",")
        }
        _ => Err(io::Error::other("expected a non-empty JSON object")),
    }
}

/// Text made safe for a terminal: control characters (escape, newline, tab,
/// NUL, C1 controls, ...) and the invisible bidirectional-override characters
/// are written as escapes (`\n`, `\u{1b}`); all other characters, Unicode
/// letters included, are written as they are.
///
/// Wraps anything that displays, so a whole rendered line can be escaped at once.
#[derive(Debug)]
pub struct Escaped<'a, T: ?Sized>(pub &'a T);

impl<T: Display + ?Sized> Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(EscapeWriter(f), "{}", self.0)
    }
}

struct EscapeWriter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for EscapeWriter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(needs_escape) {
            self.0.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '\n' => self.0.write_str("\\n")?,
                '\r' => self.0.write_str("\\r")?,
                '\t' => self.0.write_str("\\t")?,
                _ => write!(self.0, "\\u{{{:x}}}", c as u32)?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `1 record`, `2 records`, `0 warnings`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Standard output, or a file written under a temporary name beside it and
/// renamed when complete; dropped unfinished, the temporary file goes.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A file under its temporary name.
    File {
        /// The temporary file.
        out: BufWriter<File>,
        /// Its temporary name.
        temporary: PathBuf,
        /// The name it takes when complete.
        path: PathBuf,
        /// Whether it has taken it.
        done: bool,
    },
}

impl Sink {
    /// Opens standard output (`None`), or a temporary file beside `path`.
    pub fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(path) = target else {
            return Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout().lock(),
            )));
        };
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ));
        }
        let Some(name) = path.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it names no file",
            ));
        };
        let mut temporary = OsString::from(".");
        temporary.push(name);
        temporary.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        Ok(Sink::File {
            out: BufWriter::with_capacity(1 << 16, file),
            temporary,
            path: path.to_owned(),
            done: false,
        })
    }

    /// Flushes, and puts a file in place. A reader of standard output that
    /// went away early is not an error.
    pub fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result,
            },
            Sink::File {
                out,
                temporary,
                path,
                done,
            } => {
                out.flush()?;
                out.get_ref().sync_all()?;
                fs::rename(&*temporary, &*path)?;
                *done = true;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => match out.write(buf) {
                // Stop writing quietly: the reader has all it wanted.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(buf.len()),
                result => result,
            },
            Sink::File { out, .. } => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result,
            },
            Sink::File { out, .. } => out.flush(),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Sink::File {
            temporary, done, ..
        } = self
            && !*done
        {
            let _ = fs::remove_file(&*temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_keeps_unicode() {
        let s = "Zelensky \u{1b}[31mred\u{1b}[0m\nnew\tline \u{202e}evil Київ «ok» \u{85}";
        assert_eq!(
            Escaped(s).to_string(),
            "Zelensky \\u{1b}[31mred\\u{1b}[0m\\nnew\\tline \\u{202e}evil Київ «ok» \\u{85}"
        );
        assert_eq!(Escaped("plain").to_string(), "plain");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "warning", "warnings"), "1 warning");
        assert_eq!(count(0, "warning", "warnings"), "0 warnings");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }

    #[test]
    fn open_object_leaves_room_for_members() {
        let mut out = Vec::new();
        json_object_open(&mut out, &serde_json::json!({"a": 1})).unwrap();
        out.extend_from_slice(b"\"b\":2}");
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!({"a": 1, "b": 2}));
        assert!(json_object_open(&mut Vec::new(), &serde_json::json!({})).is_err());
    }
}
