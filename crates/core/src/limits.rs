//! How much input a reader takes before it refuses: the line, the file, a
//! string, the records and the nesting, each bounded so that a hostile or
//! broken file is stopped early, with an error naming the place and the
//! limit, before memory runs out.
//!
//! The limits are checked on the raw text, before it is parsed: a string is
//! measured as written (escapes count as their bytes), and nesting counts
//! every `{` and `[` open at once, from the outermost.

use std::io::{self, Read};

use crate::error::ReadError;

/// Which of the [`Limits`] an input passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_line_bytes`]: a line, or a stretch of white space.
    LineBytes,
    /// [`Limits::max_file_bytes`].
    FileBytes,
    /// [`Limits::max_string_bytes`].
    StringBytes,
    /// [`Limits::max_records`].
    Records,
    /// [`Limits::max_depth`].
    Depth,
}

impl Limit {
    /// The name of the setting: `max_line_bytes`, `max_file_bytes`,
    /// `max_string_bytes`, `max_records` or `max_depth` (the command line's
    /// `--max-line-bytes` and so on).
    pub fn name(self) -> &'static str {
        match self {
            Limit::LineBytes => "max_line_bytes",
            Limit::FileBytes => "max_file_bytes",
            Limit::StringBytes => "max_string_bytes",
            Limit::Records => "max_records",
            Limit::Depth => "max_depth",
        }
    }
}

/// An input that passes one of the [`Limits`]; it comes inside
/// [`ReadError::Limit`], which says where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}; raise `{}` in `Limits` to read it", self.what(), limit.name())]
pub struct LimitError {
    /// The limit passed.
    pub limit: Limit,
    /// Its value.
    pub max: u64,
    /// The size found, when known before reading it (a file's length).
    pub size: Option<u64>,
    /// For [`Limit::LineBytes`]: passed by white space (blank lines), not by
    /// one line.
    blank: bool,
}

impl LimitError {
    pub(crate) fn new(limit: Limit, max: impl TryInto<u64>) -> LimitError {
        LimitError {
            limit,
            max: max.try_into().unwrap_or(u64::MAX),
            size: None,
            blank: false,
        }
    }

    /// More than `max` bytes of white space in a row.
    pub(crate) fn blank(max: impl TryInto<u64>) -> LimitError {
        LimitError {
            blank: true,
            ..LimitError::new(Limit::LineBytes, max)
        }
    }

    /// What passed the limit, without saying how to raise it:
    /// `the line is longer than 16777216 bytes`.
    pub fn what(&self) -> String {
        let max = self.max;
        match (self.limit, self.size) {
            (Limit::LineBytes, _) if self.blank => {
                format!("more than {max} bytes of white space in a row")
            }
            (Limit::LineBytes, _) => format!("the line is longer than {max} bytes"),
            (Limit::FileBytes, size) => {
                let is = match size {
                    Some(size) => format!("the file is {size} bytes"),
                    None => format!("the input is longer than {max} bytes"),
                };
                format!(
                    "{is}; canonical JSON is read whole, up to {max} bytes \
                     (JSON Lines, read a line at a time, has no such limit)"
                )
            }
            (Limit::StringBytes, _) => format!("a string is longer than {max} bytes"),
            (Limit::Records, _) => format!("the input holds more than {max} records"),
            (Limit::Depth, _) => format!("values are nested more than {max} deep"),
        }
    }
}

/// The bounds every reader keeps to: [`JsonLines`](crate::JsonLines),
/// [`Dataset::read_path_with`](crate::Dataset::read_path_with),
/// [`Dataset::read_json_with`](crate::Dataset::read_json_with),
/// [`Dataset::from_json_slice_with`](crate::Dataset::from_json_slice_with)
/// and [`sniff_with`](crate::sniff_with). The functions without `_with` use
/// [`Limits::default`].
///
/// The defaults let a corpus of 10^7 statements through (about 3 GB of JSON
/// Lines, 2·10^7 records, lines of a few hundred bytes), and stop a hostile
/// file within its first 16 MiB:
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | [`max_line_bytes`](Limits::max_line_bytes) | 16 MiB | one line of JSON Lines (and the first line [`sniff`](crate::sniff) reads), without its line ending, so the line buffer never grows past it; and a stretch of white space (blank lines) in any file, so an endless stream of it ends |
/// | [`max_file_bytes`](Limits::max_file_bytes) | 1 GiB | a canonical JSON file, which is read whole (JSON Lines is not bounded) |
/// | [`max_string_bytes`](Limits::max_string_bytes) | 16 MiB | one string or key, as written: in canonical JSON, whose lines are not bounded |
/// | [`max_records`](Limits::max_records) | 10^8 | the records of one file; in JSON Lines every line with content but the header counts, read or refused |
/// | [`max_depth`](Limits::max_depth) | 64 | `{` and `[` open at once; a record of canonical JSON sits two deeper than on its own line |
///
/// A canonical file of 1 GiB takes about 4 GiB to read; larger corpora
/// belong in JSON Lines. The JSON parser has its own nesting bound of 128,
/// so a `max_depth` above 127 refuses no more than 127 does, with the
/// parser's error instead of this one.
///
/// ```
/// use claimgraph_core::{Dataset, Limit, Limits, ReadError};
/// let limits = Limits::builder().max_string_bytes(8).build();
/// let text = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"ten bytes!\"}\n";
/// match Dataset::read_jsonl_with(text.as_bytes(), &limits) {
///     // Named at the string's opening quote.
///     Err(ReadError::Limit { line: 1, column: 34, error, .. }) => {
///         assert_eq!(error.limit, Limit::StringBytes);
///     }
///     other => panic!("{other:?}"),
/// }
/// assert!(Dataset::read_jsonl_with(text.as_bytes(), &Limits::default()).is_ok());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    max_line_bytes: usize,
    max_file_bytes: u64,
    max_string_bytes: usize,
    max_records: u64,
    max_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line_bytes: Limits::DEFAULT_MAX_LINE_BYTES,
            max_file_bytes: Limits::DEFAULT_MAX_FILE_BYTES,
            max_string_bytes: Limits::DEFAULT_MAX_STRING_BYTES,
            max_records: Limits::DEFAULT_MAX_RECORDS,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
        }
    }
}

impl Limits {
    /// The default [`max_line_bytes`](Limits::max_line_bytes): 16 MiB,
    /// some 50,000 times a generated statement's line.
    pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;
    /// The default [`max_file_bytes`](Limits::max_file_bytes): 1 GiB of
    /// canonical JSON, some 2.5·10^6 statements.
    pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;
    /// The default [`max_string_bytes`](Limits::max_string_bytes): 16 MiB,
    /// as much as a line holds, so that a text a line of JSON Lines can
    /// carry (a transcript, a book kept whole as a source's text) reads in
    /// either form.
    pub const DEFAULT_MAX_STRING_BYTES: usize = 16 << 20;
    /// The default [`max_records`](Limits::max_records): 10^8.
    pub const DEFAULT_MAX_RECORDS: u64 = 100_000_000;
    /// The default [`max_depth`](Limits::max_depth): 64; a record needs 6.
    pub const DEFAULT_MAX_DEPTH: usize = 64;

    /// A builder that starts from the defaults.
    pub fn builder() -> LimitsBuilder {
        LimitsBuilder::new()
    }

    /// The longest line of JSON Lines, in bytes, not counting its line
    /// ending; also the longest stretch of white space (blank lines
    /// included) in any file.
    pub fn max_line_bytes(&self) -> usize {
        self.max_line_bytes
    }

    /// The largest canonical JSON file, in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes
    }

    /// The longest string or key, in bytes as written.
    pub fn max_string_bytes(&self) -> usize {
        self.max_string_bytes
    }

    /// The most records in one file.
    pub fn max_records(&self) -> u64 {
        self.max_records
    }

    /// The most `{` and `[` open at once.
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// Checks the length of a canonical JSON file before it is read.
    pub fn check_file_size(&self, len: u64) -> Result<(), LimitError> {
        if len > self.max_file_bytes {
            let mut e = LimitError::new(Limit::FileBytes, self.max_file_bytes);
            e.size = Some(len);
            return Err(e);
        }
        Ok(())
    }

    /// Checks the strings and nesting of one JSON text — a line of JSON
    /// Lines, after its line ending and (on line 1) byte order mark — as
    /// every reader does before parsing it. The error's line and column
    /// count from the start of `json`. O(n) in its length.
    pub fn check_json(&self, json: &[u8]) -> Result<(), ReadError> {
        // No string is longer than the text, and nothing nests deeper than
        // its brackets number: most lines need no closer look. (A counting
        // loop the compiler vectorises; the scan is ten times slower.)
        let brackets = json.iter().filter(|&&b| b == b'{' || b == b'[').count();
        if json.len() <= self.max_string_bytes
            && brackets <= self.max_depth
            && json.len() <= self.max_line_bytes
        {
            return Ok(());
        }
        let mut scan = Scanner::new(self, false);
        match scan.feed(json) {
            Err(Stop::Limit(e)) => Err(e),
            Ok(()) | Err(Stop::Invalid { .. }) => Ok(()),
        }
    }
}

/// Makes [`Limits`]: each setting starts at its default.
///
/// ```
/// use claimgraph_core::Limits;
/// let limits = Limits::builder().max_line_bytes(1 << 20).max_depth(16).build();
/// assert_eq!(limits.max_line_bytes(), 1 << 20);
/// assert_eq!(limits.max_records(), Limits::DEFAULT_MAX_RECORDS);
/// ```
#[derive(Clone, Debug, Default)]
pub struct LimitsBuilder {
    limits: Limits,
}

impl LimitsBuilder {
    /// A builder with every limit at its default.
    pub fn new() -> LimitsBuilder {
        LimitsBuilder::default()
    }

    /// The limits as set.
    pub fn build(&self) -> Limits {
        self.limits.clone()
    }

    /// Sets [`Limits::max_line_bytes`].
    pub fn max_line_bytes(&mut self, bytes: usize) -> &mut LimitsBuilder {
        self.limits.max_line_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_file_bytes`].
    pub fn max_file_bytes(&mut self, bytes: u64) -> &mut LimitsBuilder {
        self.limits.max_file_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_string_bytes`].
    pub fn max_string_bytes(&mut self, bytes: usize) -> &mut LimitsBuilder {
        self.limits.max_string_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_records`].
    pub fn max_records(&mut self, records: u64) -> &mut LimitsBuilder {
        self.limits.max_records = records;
        self
    }

    /// Sets [`Limits::max_depth`].
    pub fn max_depth(&mut self, depth: usize) -> &mut LimitsBuilder {
        self.limits.max_depth = depth;
        self
    }
}

/// Why a [`Scanner`] stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A limit was passed ([`ReadError::Limit`], positioned from the start
    /// of what was scanned).
    Limit(ReadError),
    /// The byte before `end` (an offset from the start of what was scanned)
    /// cannot stand where it does in a canonical document: the text up to
    /// `end` is enough for the parser to find the first error.
    Invalid { end: u64 },
}

/// A pass over JSON text, in pieces as it arrives, that checks the string,
/// depth and record limits without parsing. In document mode (a canonical
/// file) it also counts records (objects in the arrays of the top object)
/// and stops at the first byte no JSON text can hold there, so that a
/// stream of garbage is not read to its end before it is refused.
#[derive(Debug)]
pub(crate) struct Scanner {
    max_blank: usize,
    max_string: usize,
    max_depth: usize,
    max_records: u64,
    document: bool,
    depth: usize,
    /// Whether the container open at depth 2 is an array (of records).
    in_array_of_records: bool,
    in_string: bool,
    escape: bool,
    string_len: usize,
    string_at: (usize, usize),
    /// White space in a row, outside strings.
    blank: usize,
    line: usize,
    line_start: u64,
    offset: u64,
    records: u64,
    /// Document mode: the top value is a number or a literal, being read.
    top_scalar: bool,
    /// Document mode: the top value is complete.
    closed: bool,
}

impl Scanner {
    pub(crate) fn new(limits: &Limits, document: bool) -> Scanner {
        Scanner {
            max_blank: limits.max_line_bytes,
            max_string: limits.max_string_bytes,
            max_depth: limits.max_depth,
            max_records: limits.max_records,
            document,
            depth: 0,
            in_array_of_records: false,
            in_string: false,
            escape: false,
            string_len: 0,
            string_at: (1, 1),
            blank: 0,
            line: 1,
            line_start: 0,
            offset: 0,
            records: 0,
            top_scalar: false,
            closed: false,
        }
    }

    fn limit(&self, (line, column): (usize, usize), limit: Limit, max: impl TryInto<u64>) -> Stop {
        Stop::Limit(ReadError::Limit {
            file: None,
            line,
            column,
            error: LimitError::new(limit, max),
        })
    }

    fn column(&self, at: u64) -> usize {
        usize::try_from(at - self.line_start + 1).unwrap_or(usize::MAX)
    }

    /// Scans the next piece of the text. O(n) in its length.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> Result<(), Stop> {
        let base = self.offset;
        let result = self.feed_inner(bytes, base);
        self.offset = base + bytes.len() as u64;
        result
    }

    fn feed_inner(&mut self, bytes: &[u8], base: u64) -> Result<(), Stop> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                i = self.string(bytes, i, base)?;
                continue;
            }
            if self.document && self.depth == 0 {
                self.top(bytes[i], base + i as u64)?;
                i += 1;
                continue;
            }
            let b = bytes[i];
            match b {
                b' ' => {
                    // Indentation, in one step.
                    let run = bytes[i..].iter().take_while(|&&c| c == b' ').count();
                    self.blank(run)?;
                    i += run;
                    continue;
                }
                b'\n' => {
                    self.blank(1)?;
                    self.line += 1;
                    self.line_start = base + i as u64 + 1;
                }
                b'\t' | b'\r' => self.blank(1)?,
                b'"' => self.open_string(base + i as u64),
                b',' | b':' => self.blank = 0,
                b'{' | b'[' => self.open(b, base + i as u64)?,
                b'}' | b']' => {
                    self.blank = 0;
                    self.depth = self.depth.saturating_sub(1);
                    self.closed |= self.depth == 0;
                }
                _ => {
                    self.blank = 0;
                    if self.document && !is_token(b) {
                        return Err(Stop::Invalid {
                            end: base + i as u64 + 1,
                        });
                    }
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// More white space in a row.
    fn blank(&mut self, run: usize) -> Result<(), Stop> {
        self.blank += run;
        if self.blank > self.max_blank {
            return Err(Stop::Limit(ReadError::Limit {
                file: None,
                line: self.line,
                column: 0,
                error: LimitError::blank(self.max_blank),
            }));
        }
        Ok(())
    }

    /// The opening quote of a string, at offset `at`.
    fn open_string(&mut self, at: u64) {
        self.blank = 0;
        self.in_string = true;
        self.string_len = 0;
        self.string_at = (self.line, self.column(at));
    }

    /// A `{` or `[` at offset `at`.
    fn open(&mut self, b: u8, at: u64) -> Result<(), Stop> {
        self.blank = 0;
        self.depth += 1;
        let at = (self.line, self.column(at));
        if self.depth > self.max_depth {
            return Err(self.limit(at, Limit::Depth, self.max_depth));
        }
        if self.depth == 2 {
            self.in_array_of_records = b == b'[';
        }
        if self.document && self.depth == 3 && b == b'{' && self.in_array_of_records {
            self.records += 1;
            if self.records > self.max_records {
                return Err(self.limit(at, Limit::Records, self.max_records));
            }
        }
        Ok(())
    }

    /// A byte of a canonical document outside its top object, at offset
    /// `at`: only white space, and one object, may stand there; at anything
    /// else the parser has what it needs to refuse the document.
    fn top(&mut self, b: u8, at: u64) -> Result<(), Stop> {
        let invalid = Err(Stop::Invalid { end: at + 1 });
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            if self.top_scalar {
                // The end of a number or literal at the top.
                return invalid;
            }
            self.blank(1)?;
            if b == b'\n' {
                self.line += 1;
                self.line_start = at + 1;
            }
            return Ok(());
        }
        self.blank = 0;
        if self.closed || (self.top_scalar && !is_token(b)) {
            return invalid;
        }
        match b {
            b'{' => self.open(b, at),
            b'"' => {
                self.open_string(at);
                Ok(())
            }
            _ if is_token(b) => {
                self.top_scalar = true;
                Ok(())
            }
            _ => invalid,
        }
    }

    /// Goes on with a string from `bytes[i]`; the index after it, or the
    /// end of `bytes`.
    fn string(&mut self, bytes: &[u8], mut i: usize, base: u64) -> Result<usize, Stop> {
        let too_long = |s: &Scanner| s.limit(s.string_at, Limit::StringBytes, s.max_string);
        let invalid = |i: usize| Stop::Invalid {
            end: base + i as u64 + 1,
        };
        while i < bytes.len() {
            if self.escape {
                self.escape = false;
            } else {
                // The plain run of the string, in one step.
                let run = plain_run(&bytes[i..]);
                self.string_len += run;
                if self.string_len > self.max_string {
                    return Err(too_long(self));
                }
                i += run;
                let Some(&b) = bytes.get(i) else {
                    break;
                };
                match b {
                    b'"' => {
                        self.in_string = false;
                        if self.document && self.depth == 0 {
                            // A top string: the parser refuses it as soon
                            // as it has read it.
                            return Err(invalid(i));
                        }
                        return Ok(i + 1);
                    }
                    b'\\' => self.escape = true,
                    _ if self.document => return Err(invalid(i)),
                    _ => {}
                }
            }
            if self.document && bytes[i] < 0x20 {
                return Err(invalid(i));
            }
            self.string_len += 1;
            if self.string_len > self.max_string {
                return Err(too_long(self));
            }
            i += 1;
        }
        Ok(bytes.len())
    }
}

/// A byte of a number or of `true`, `false` or `null`.
fn is_token(b: u8) -> bool {
    matches!(
        b,
        b'0'..=b'9'
            | b'-'
            | b'+'
            | b'.'
            | b'e'
            | b'E'
            | b't'
            | b'r'
            | b'u'
            | b'f'
            | b'a'
            | b'l'
            | b's'
            | b'n'
    )
}

/// The length of the run of bytes at the start of `bytes` that are neither
/// `"`, `\\` nor a control character: the plain text of a string. Eight bytes
/// at a step (the zero-byte test of *Bit Twiddling Hacks*), since strings
/// are most of a file.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let mut le = [0; 8];
        le.copy_from_slice(word);
        let w = u64::from_le_bytes(le);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // A byte's high bit is set where it is zero (or, past the first such
        // byte, may be): the lowest set bit is the first special byte.
        let found = (quote.wrapping_sub(ONES) & !quote
            | backslash.wrapping_sub(ONES) & !backslash
            | w.wrapping_sub(ONES * 0x20) & !w)
            & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = words.remainder();
    at + rest.iter().position(|&b| special(b)).unwrap_or(rest.len())
}

/// The size of the pieces a canonical file is read in.
const CHUNK: u64 = 1 << 16;

/// Bytes kept past the place a document is cut: more than the parser reads
/// of an escape (`\uD83D\uDE00` after its backslash) past where a scan that
/// reads escapes as one byte may lose step with it.
const SLACK: usize = 16;

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A canonical JSON text read whole, within the limits.
#[derive(Debug)]
pub(crate) struct Document {
    /// The text, from after its byte order mark; when `bad` is known, cut
    /// short a few bytes after it.
    pub(crate) text: Vec<u8>,
    /// Where the first byte that no JSON text can hold where it stands is,
    /// if one was met.
    pub(crate) bad: Option<usize>,
}

/// Reads a canonical JSON document in pieces, checking every limit as the
/// bytes arrive: never holds more than `max_file_bytes` and a piece, and
/// stops at the first byte that cannot belong to a JSON document there (a
/// NUL, say, from `/dev/zero`), so that garbage is not read to its end.
pub(crate) fn read_document<R: Read>(mut input: R, limits: &Limits) -> Result<Document, ReadError> {
    let io_err = |source: io::Error| ReadError::Io {
        path: Default::default(),
        source,
    };
    let mut text = Vec::new();
    let mut scan = Scanner::new(limits, true);
    // Until the first three bytes are in, whether they are a byte order mark
    // is not known, and nothing is scanned.
    let mut scanned: Option<usize> = None;
    loop {
        let n = input
            .by_ref()
            .take(CHUNK)
            .read_to_end(&mut text)
            .map_err(io_err)?;
        let eof = n == 0;
        if text.len() as u64 > limits.max_file_bytes {
            return Err(ReadError::Limit {
                file: None,
                line: 1,
                column: 0,
                error: LimitError::new(Limit::FileBytes, limits.max_file_bytes),
            });
        }
        if scanned.is_none() && (text.len() >= BOM.len() || eof) {
            let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
            text.drain(..bom);
            scanned = Some(0);
        }
        if let Some(from) = scanned {
            match scan.feed(&text[from..]) {
                Ok(()) => scanned = Some(text.len()),
                Err(Stop::Limit(e)) => return Err(e),
                Err(Stop::Invalid { end }) => {
                    let bad = usize::try_from(end).map_or(usize::MAX, |end| end - 1);
                    // The scan reads `\u` escapes as one byte, where the
                    // parser reads up to eleven: keep those it may read.
                    let end = bad.saturating_add(1 + SLACK);
                    if text.len() < end {
                        let more = (end - text.len()) as u64;
                        input
                            .by_ref()
                            .take(more)
                            .read_to_end(&mut text)
                            .map_err(io_err)?;
                    }
                    text.truncate(end);
                    return Ok(Document {
                        text,
                        bad: Some(bad),
                    });
                }
            }
        }
        if eof {
            return Ok(Document { text, bad: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::arbitrary::Arbitrary;

    fn check(limits: &Limits, json: &str) -> Option<(usize, usize, Limit)> {
        match limits.check_json(json.as_bytes()) {
            Ok(()) => None,
            Err(ReadError::Limit {
                line,
                column,
                error,
                ..
            }) => Some((line, column, error.limit)),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        for len in 0..40 {
            for special in [b'"', b'\\', b'\0', b'\n', 0x1f] {
                for at in 0..=len {
                    let mut bytes: Vec<u8> = (0..len).map(|i| b' ' + (i % 90) as u8).collect();
                    let bytes = if at < len {
                        bytes[at] = special;
                        bytes
                    } else {
                        bytes
                    };
                    let want = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(len);
                    assert_eq!(plain_run(&bytes), want, "{bytes:?}");
                }
            }
        }
        // Bytes above 0x7f (UTF-8) are plain.
        assert_eq!(plain_run("ééééééééé\"".as_bytes()), 18);
    }

    #[test]
    fn a_string_past_the_limit_is_named_where_it_opens() {
        let limits = Limits::builder().max_string_bytes(4).build();
        assert_eq!(check(&limits, r#"{"abcd":"wxyz"}"#), None);
        assert_eq!(
            check(&limits, r#"{"abcd":"vwxyz"}"#),
            Some((1, 9, Limit::StringBytes))
        );
        // Escapes count as written.
        assert_eq!(
            check(&limits, r#"{"a":"\n\n\n"}"#),
            Some((1, 6, Limit::StringBytes))
        );
        // A quote escaped does not end the string.
        assert_eq!(
            check(&limits, r#"{"a":"\"bcd"}"#),
            Some((1, 6, Limit::StringBytes))
        );
    }

    #[test]
    fn nesting_past_the_limit_is_named_at_the_bracket() {
        let limits = Limits::builder().max_depth(3).build();
        assert_eq!(check(&limits, r#"{"a":[{"b":1}]}"#), None);
        assert_eq!(
            check(&limits, r#"{"a":[{"b":[1]}]}"#),
            Some((1, 12, Limit::Depth))
        );
        // Brackets inside strings are not nesting.
        assert_eq!(check(&limits, r#"{"a":"[[[[[[["}"#), None);
    }

    #[test]
    fn pieces_scan_as_the_whole() {
        let limits = Limits::builder().max_string_bytes(5).build();
        let text = b"{\n  \"key\": \"ab\\\"cdef\"\n}";
        for split in 0..text.len() {
            let mut scan = Scanner::new(&limits, true);
            let (a, b) = text.split_at(split);
            let result = scan.feed(a).and_then(|()| scan.feed(b));
            match result {
                Err(Stop::Limit(ReadError::Limit { line, column, .. })) => {
                    assert_eq!((line, column), (2, 10), "split at {split}")
                }
                other => panic!("split at {split}: {other:?}"),
            }
        }
    }

    proptest::proptest! {
        /// Fed in pieces, a scan stops where it stops fed whole, and says
        /// the same.
        #[test]
        fn pieces_scan_as_the_whole_does(
            text in proptest::collection::vec(
                proptest::sample::select(&b"{}[]\",:\\ \n\tatrue0-x\x00"[..]),
                0..200,
            ),
            cuts in proptest::collection::vec(proptest::sample::Index::arbitrary(), 0..4),
            document: bool,
        ) {
            let limits = Limits::builder().max_string_bytes(6).max_depth(4).build();
            let whole = format!("{:?}", Scanner::new(&limits, document).feed(&text));
            let mut at: Vec<usize> = cuts.iter().map(|i| i.index(text.len() + 1)).collect();
            at.push(0);
            at.push(text.len());
            at.sort_unstable();
            let mut scan = Scanner::new(&limits, document);
            let pieces = at
                .windows(2)
                .try_for_each(|w| scan.feed(&text[w[0]..w[1]]));
            proptest::prop_assert_eq!(whole, format!("{pieces:?}"));
        }
    }

    #[test]
    fn a_document_stops_at_the_first_byte_json_cannot_hold() {
        let limits = Limits::default();
        for (text, end) in [
            (&b"\0\0\0\0"[..], 1),
            (b"  y\ny\ny\n", 3),
            (b"{\"a\":1}\n{", 9),
            (b"[1,2]", 1),
            (b"\"str\" ", 5),
            (b"123 456", 4),
            (b"{\"a\":\"b\0\"}", 8),
            (b"{\"a\": x}", 7),
        ] {
            let mut scan = Scanner::new(&limits, true);
            match scan.feed(text) {
                Err(Stop::Invalid { end: e }) => {
                    assert_eq!(e, end, "{:?}", String::from_utf8_lossy(text))
                }
                other => panic!("{:?}: {other:?}", String::from_utf8_lossy(text)),
            }
        }
        let mut scan = Scanner::new(&limits, true);
        assert!(
            scan.feed(b"{\"a\": [1, -2.5e3, true, false, null, {}], \"b\": \"\\u00e9\"}\n")
                .is_ok()
        );
    }

    #[test]
    fn records_are_counted_in_the_arrays_of_the_top_object() {
        let limits = Limits::builder().max_records(2).build();
        let ok = br#"{"format":"claimgraph/1","claims":[{"id":"a","x":{"y":{}}},{"id":"b"}]}"#;
        assert!(Scanner::new(&limits, true).feed(ok).is_ok());
        let over = br#"{"claims":[{"id":"a"},{"id":"b"}],"actors":[{"id":"c"}]}"#;
        match Scanner::new(&limits, true).feed(over) {
            Err(Stop::Limit(ReadError::Limit { column, error, .. })) => {
                assert_eq!((column, error.limit), (45, Limit::Records));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_document_past_the_size_limit_is_refused_while_read() {
        let limits = Limits::builder().max_file_bytes(100).build();
        let big = format!("{{\"format\":\"claimgraph/1\"{}}}", " ".repeat(200));
        match read_document(big.as_bytes(), &limits) {
            Err(ReadError::Limit { error, .. }) => assert_eq!(error.limit, Limit::FileBytes),
            other => panic!("{other:?}"),
        }
        assert!(read_document(&big.as_bytes()[..90], &limits).is_ok());
    }

    #[test]
    fn an_endless_stream_of_nul_bytes_is_cut_at_once() {
        let doc = read_document(io::repeat(0), &Limits::default()).expect("cut, not an error");
        assert_eq!(doc.bad, Some(0));
        assert_eq!(doc.text, [0; 1 + SLACK]);
    }
}
