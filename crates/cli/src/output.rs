//! What every command prints with: standard output that tolerates a closed
//! pipe, error lines on standard error, terminal-safe text and counted nouns.

use std::fmt::{self, Display, Write as _};
use std::io::{self, BufWriter, Write};

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
