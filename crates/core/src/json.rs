//! Canonical JSON and JSON Lines.
//!
//! The canonical file is the serde form of [`Dataset`]: one object with
//! `"format": "claimgraph/1"` and one array per record kind. JSON Lines holds a
//! header line `{"format":"claimgraph/1"}` and then one record per line, tagged
//! with `"type"`; it is read as a stream, so corpora of millions of records
//! never sit in memory as text. Both writers are deterministic.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};
use std::path::Path;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dataset::Dataset;
use crate::error::ReadError;
use crate::model::{
    Actor, Claim, Concession, Proposal, Quote, Record, RecordType, Relation, Source, Stance,
};

/// The format key every claimgraph file carries.
pub const FORMAT: &str = "claimgraph/1";

/// The `format` value, checked when read.
struct FormatTag;

impl Serialize for FormatTag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(FORMAT)
    }
}

impl<'de> Deserialize<'de> for FormatTag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        if s == FORMAT {
            Ok(FormatTag)
        } else {
            Err(de::Error::custom(format_args!(
                "unsupported format {s:?}; expected {FORMAT:?}"
            )))
        }
    }
}

#[derive(Serialize)]
struct DatasetOut<'a> {
    format: FormatTag,
    sources: &'a [Source],
    actors: &'a [Actor],
    proposals: &'a [Proposal],
    concessions: &'a [Concession],
    claims: &'a [Claim],
    quotes: &'a [Quote],
    stances: &'a [Stance],
    relations: &'a [Relation],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetIn {
    #[allow(dead_code)]
    format: FormatTag,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    actors: Vec<Actor>,
    #[serde(default)]
    proposals: Vec<Proposal>,
    #[serde(default)]
    concessions: Vec<Concession>,
    #[serde(default)]
    claims: Vec<Claim>,
    #[serde(default)]
    quotes: Vec<Quote>,
    #[serde(default)]
    stances: Vec<Stance>,
    #[serde(default)]
    relations: Vec<Relation>,
}

impl Serialize for Dataset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        DatasetOut {
            format: FormatTag,
            sources: self.sources(),
            actors: self.actors(),
            proposals: self.proposals(),
            concessions: self.concessions(),
            claims: self.claims(),
            quotes: self.quotes(),
            stances: self.stances(),
            relations: self.relations(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Dataset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let input = DatasetIn::deserialize(d)?;
        let mut ds = Dataset::new();
        input.sources.into_iter().for_each(|r| ds.push(r));
        input.actors.into_iter().for_each(|r| ds.push(r));
        input.proposals.into_iter().for_each(|r| ds.push(r));
        input.concessions.into_iter().for_each(|r| ds.push(r));
        input.claims.into_iter().for_each(|r| ds.push(r));
        input.quotes.into_iter().for_each(|r| ds.push(r));
        input.stances.into_iter().for_each(|r| ds.push(r));
        input.relations.into_iter().for_each(|r| ds.push(r));
        Ok(ds)
    }
}

/// Tags a record with its `"type"` when written as a JSON Lines record.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    ty: RecordType,
    #[serde(flatten)]
    record: &'a T,
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

fn typed<'de, D: Deserializer<'de>>(ty: RecordType, d: D) -> Result<Record, D::Error> {
    Ok(match ty {
        RecordType::Source => Record::Source(Source::deserialize(d)?),
        RecordType::Actor => Record::Actor(Actor::deserialize(d)?),
        RecordType::Proposal => Record::Proposal(Proposal::deserialize(d)?),
        RecordType::Concession => Record::Concession(Concession::deserialize(d)?),
        RecordType::Claim => Record::Claim(Claim::deserialize(d)?),
        RecordType::Quote => Record::Quote(Quote::deserialize(d)?),
        RecordType::Stance => Record::Stance(Stance::deserialize(d)?),
        RecordType::Relation => Record::Relation(Relation::deserialize(d)?),
    })
}

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record object with a \"type\" field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let Some(first) = map.next_key::<Cow<'de, str>>()? else {
            return Err(de::Error::missing_field("type"));
        };
        if first == "type" {
            // Fast path: the tag comes first (as written by claimgraph), so the
            // rest of the object streams straight into the typed record.
            let ty: RecordType = map.next_value()?;
            return typed(ty, de::value::MapAccessDeserializer::new(map));
        }
        // The tag comes later: buffer the object, then read it as its type.
        let mut obj = serde_json::Map::new();
        obj.insert(first.into_owned(), map.next_value()?);
        while let Some(key) = map.next_key::<String>()? {
            if obj.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let value: serde_json::Value = map.next_value()?;
            obj.insert(key, value);
        }
        let ty = obj
            .remove("type")
            .ok_or_else(|| de::Error::missing_field("type"))?;
        let ty = RecordType::deserialize(ty).map_err(de::Error::custom)?;
        typed(ty, serde_json::Value::Object(obj)).map_err(de::Error::custom)
    }
}

fn syntax(err: &serde_json::Error, line_offset: usize) -> ReadError {
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(at) => full[..at].to_owned(),
        None => full,
    };
    ReadError::Syntax {
        file: None,
        line: err.line() + line_offset,
        column: err.column(),
        message,
    }
}

impl Dataset {
    /// Reads a canonical JSON document.
    ///
    /// Unknown fields, values outside a vocabulary, malformed ids and dates
    /// are errors with line and column. Duplicate ids are kept (see
    /// [`Dataset::validate`]).
    pub fn from_json(input: &str) -> Result<Dataset, ReadError> {
        Dataset::from_json_slice(input.as_bytes())
    }

    /// Reads a canonical JSON document from bytes (UTF-8 checked).
    pub fn from_json_slice(input: &[u8]) -> Result<Dataset, ReadError> {
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        serde_json::from_slice(input).map_err(|e| syntax(&e, 0))
    }

    /// The canonical JSON text: pretty-printed, fields in a fixed order,
    /// ending with a newline. The same dataset always gives the same bytes.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every value serialises.
        if self.write_json(&mut out).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the canonical JSON text.
    pub fn write_json<W: Write>(&self, mut out: W) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self).map_err(io::Error::other)?;
        out.write_all(b"\n")
    }

    /// Writes JSON Lines: a header line, then every record on its own line,
    /// kind by kind in the canonical order.
    pub fn write_jsonl<W: Write>(&self, mut out: W) -> io::Result<()> {
        fn line<W: Write, T: Serialize>(out: &mut W, ty: RecordType, record: &T) -> io::Result<()> {
            serde_json::to_writer(&mut *out, &Tagged { ty, record }).map_err(io::Error::other)?;
            out.write_all(b"\n")
        }
        writeln!(out, "{{\"format\":\"{FORMAT}\"}}")?;
        for r in self.sources() {
            line(&mut out, RecordType::Source, r)?;
        }
        for r in self.actors() {
            line(&mut out, RecordType::Actor, r)?;
        }
        for r in self.proposals() {
            line(&mut out, RecordType::Proposal, r)?;
        }
        for r in self.concessions() {
            line(&mut out, RecordType::Concession, r)?;
        }
        for r in self.claims() {
            line(&mut out, RecordType::Claim, r)?;
        }
        for r in self.quotes() {
            line(&mut out, RecordType::Quote, r)?;
        }
        for r in self.stances() {
            line(&mut out, RecordType::Stance, r)?;
        }
        for r in self.relations() {
            line(&mut out, RecordType::Relation, r)?;
        }
        Ok(())
    }

    /// The JSON Lines text.
    pub fn to_jsonl(&self) -> String {
        let mut out = Vec::new();
        if self.write_jsonl(&mut out).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads JSON Lines from a string.
    pub fn from_jsonl(input: &str) -> Result<Dataset, ReadError> {
        Dataset::read_jsonl(input.as_bytes())
    }

    /// Reads JSON Lines from a stream, one line at a time.
    pub fn read_jsonl<R: BufRead>(input: R) -> Result<Dataset, ReadError> {
        let mut ds = Dataset::new();
        for record in JsonLines::new(input) {
            ds.push_record(record?);
        }
        Ok(ds)
    }

    /// Reads a file, as JSON Lines if its name ends in `.jsonl` or `.ndjson`
    /// or its first line is a record or header; as canonical JSON otherwise.
    /// Errors name the file.
    pub fn read_path(path: impl AsRef<Path>) -> Result<Dataset, ReadError> {
        let path = path.as_ref();
        let io_err = |source| ReadError::Io {
            path: path.to_owned(),
            source,
        };
        let bytes = std::fs::read(path).map_err(io_err)?;
        let result = if looks_like_jsonl(path, &bytes) {
            Dataset::read_jsonl(bytes.as_slice())
        } else {
            Dataset::from_json_slice(&bytes)
        };
        result.map_err(|e| e.in_file(path))
    }
}

/// Whether a file holds JSON Lines, by its name or else by its first line.
pub fn looks_like_jsonl(path: &Path, bytes: &[u8]) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") => {
            return true;
        }
        Some(ext) if ext.eq_ignore_ascii_case("json") => return false,
        _ => {}
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    match serde_json::from_slice::<serde_json::Value>(first) {
        Ok(serde_json::Value::Object(obj)) => {
            obj.contains_key("type") || (obj.len() == 1 && obj.contains_key("format"))
        }
        _ => false,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    #[allow(dead_code)]
    format: FormatTag,
}

/// A streaming JSON Lines reader: yields one [`Record`] per non-blank line.
///
/// The optional header line `{"format":"claimgraph/1"}` must come first.
/// Errors carry the file line and the column within it; after an error the
/// reader goes on with the next line, so a caller may collect them all.
///
/// ```
/// use claimgraph_core::JsonLines;
/// let text = "{\"format\":\"claimgraph/1\"}\n{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"One aggressor\"}\n";
/// let records: Vec<_> = JsonLines::new(text.as_bytes()).collect::<Result<_, _>>()?;
/// assert_eq!(records.len(), 1);
/// # Ok::<(), claimgraph_core::ReadError>(())
/// ```
#[derive(Debug)]
pub struct JsonLines<R> {
    input: R,
    line: usize,
    buf: Vec<u8>,
    seen_content: bool,
    failed_io: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// A reader over a buffered stream.
    pub fn new(input: R) -> JsonLines<R> {
        JsonLines {
            input,
            line: 0,
            buf: Vec::with_capacity(512),
            seen_content: false,
            failed_io: false,
        }
    }

    /// The number of the last line read, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    fn parse_line(&mut self) -> Option<Result<Record, ReadError>> {
        let mut bytes: &[u8] = &self.buf;
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest;
        }
        if let Some(rest) = bytes.strip_suffix(b"\r") {
            bytes = rest;
        }
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let first_content = !self.seen_content;
        self.seen_content = true;
        let line = self.line;
        let at_line = |e: serde_json::Error| syntax(&e, line - 1);
        if let Err(e) = std::str::from_utf8(bytes) {
            return Some(Err(ReadError::Syntax {
                file: None,
                line,
                column: e.valid_up_to() + 1,
                message: "invalid UTF-8".into(),
            }));
        }
        if is_header(bytes) {
            if !first_content {
                return Some(Err(ReadError::Syntax {
                    file: None,
                    line,
                    column: 1,
                    message: "the format header must be the first line".into(),
                }));
            }
            return match serde_json::from_slice::<Header>(bytes) {
                Ok(_) => None,
                Err(e) => Some(Err(at_line(e))),
            };
        }
        Some(serde_json::from_slice::<Record>(bytes).map_err(at_line))
    }
}

/// A header line is an object whose first key is `format`.
fn is_header(bytes: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii_start();
    trimmed
        .strip_prefix(b"{")
        .map(|r| r.trim_ascii_start().starts_with(b"\"format\""))
        .unwrap_or(false)
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed_io {
                return None;
            }
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line += 1;
                    if let Some(result) = self.parse_line() {
                        return Some(result);
                    }
                }
                Err(e) => {
                    self.failed_io = true;
                    return Some(Err(ReadError::Io {
                        path: Default::default(),
                        source: e,
                    }));
                }
            }
        }
    }
}
