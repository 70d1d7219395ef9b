//! Canonical JSON and JSON Lines.
//!
//! The canonical file is the serde form of [`Dataset`]: one object with
//! `"format": "claimgraph/1"` and one array per record kind. JSON Lines holds a
//! header line `{"format":"claimgraph/1"}` and then one record per line, tagged
//! with `"type"`; it is read as a stream, so corpora of millions of records
//! never sit in memory as text. Both writers are deterministic.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Read, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::dataset::Dataset;
use crate::error::{ReadError, clip, clip_message};
use crate::limits::{Limit, LimitError, Limits, read_document};
use crate::model::{
    Actor, Claim, Concession, Obligation, Proposal, Quote, Record, RecordType, Relation, SameAs,
    Source, Stance,
};

/// The UTF-8 byte order mark, skipped at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

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
        // Checked inside the visitor, so the error points at the value.
        struct V;
        impl Visitor<'_> for V {
            type Value = FormatTag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the format {FORMAT:?}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<FormatTag, E> {
                if s == FORMAT {
                    Ok(FormatTag)
                } else {
                    Err(E::custom(format_args!(
                        "unsupported format {:?}; expected {FORMAT:?}",
                        clip(s)
                    )))
                }
            }
        }
        d.deserialize_str(V)
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
    // Written only when present, so files without them read as before.
    #[serde(skip_serializing_if = "<[Obligation]>::is_empty")]
    obligations: &'a [Obligation],
    #[serde(skip_serializing_if = "<[SameAs]>::is_empty")]
    same_as: &'a [SameAs],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a claimgraph dataset object")]
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
    #[serde(default)]
    obligations: Vec<Obligation>,
    #[serde(default)]
    same_as: Vec<SameAs>,
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
            obligations: self.obligations(),
            same_as: self.same_as(),
        }
        .serialize(s)
    }
}

/// Accepts only an object: a derived struct would also take an array,
/// field by field, and report a confusing error about its first element.
struct DatasetVisitor;

impl<'de> Visitor<'de> for DatasetVisitor {
    type Value = DatasetIn;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claimgraph dataset object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DatasetIn, A::Error> {
        DatasetIn::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de> Deserialize<'de> for Dataset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let input = d.deserialize_map(DatasetVisitor)?;
        let mut ds = Dataset::new();
        let mut push = |record: Record| {
            let mut record = record;
            record.shrink_to_fit();
            ds.push_record(record);
        };
        input
            .sources
            .into_iter()
            .for_each(|r| push(Record::Source(r)));
        input
            .actors
            .into_iter()
            .for_each(|r| push(Record::Actor(r)));
        input
            .proposals
            .into_iter()
            .for_each(|r| push(Record::Proposal(r)));
        input
            .concessions
            .into_iter()
            .for_each(|r| push(Record::Concession(r)));
        input
            .claims
            .into_iter()
            .for_each(|r| push(Record::Claim(r)));
        input
            .quotes
            .into_iter()
            .for_each(|r| push(Record::Quote(r)));
        input
            .stances
            .into_iter()
            .for_each(|r| push(Record::Stance(r)));
        input
            .relations
            .into_iter()
            .for_each(|r| push(Record::Relation(r)));
        input
            .obligations
            .into_iter()
            .for_each(|r| push(Record::Obligation(r)));
        input
            .same_as
            .into_iter()
            .for_each(|r| push(Record::SameAs(r)));
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
    /// Reads a record tagged with `"type"`. When the tag comes first (as
    /// claimgraph writes it) the record streams straight through and errors
    /// point at the offending field; otherwise the object is buffered first.
    /// [`JsonLines`] never buffers: it reads a line twice instead, so its
    /// errors point at the field whatever the key order.
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
        RecordType::Obligation => Record::Obligation(Obligation::deserialize(d)?),
        RecordType::SameAs => Record::SameAs(SameAs::deserialize(d)?),
    })
}

/// A map key, borrowed from the input when it holds no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The rest of a record's map with the `"type"` entry taken out: skipped when
/// the tag was already read elsewhere, refused as a duplicate otherwise.
struct WithoutType<A> {
    map: A,
    skip: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutType<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(Key(key)) = self.map.next_key::<Key<'de>>()? else {
                return Ok(None);
            };
            if key != "type" {
                return match key {
                    Cow::Borrowed(k) => {
                        seed.deserialize(de::value::BorrowedStrDeserializer::new(k))
                    }
                    Cow::Owned(k) => seed.deserialize(de::value::StringDeserializer::new(k)),
                }
                .map(Some);
            }
            if !self.skip {
                return Err(de::Error::duplicate_field("type"));
            }
            self.map.next_value::<de::IgnoredAny>()?;
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record object with a \"type\" field")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return Err(de::Error::missing_field("type"));
        };
        if first == "type" {
            // Fast path: the tag comes first, so the rest of the object
            // streams straight into the typed record.
            let ty: RecordType = map.next_value()?;
            let rest = WithoutType { map, skip: false };
            return typed(ty, de::value::MapAccessDeserializer::new(rest));
        }
        // The tag comes later: buffer the object, then read it as its type.
        let mut obj = serde_json::Map::new();
        obj.insert(first.into_owned(), map.next_value()?);
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if obj.contains_key(key.as_ref()) {
                return Err(de::Error::custom(format_args!(
                    "duplicate field `{}`",
                    clip(&key)
                )));
            }
            let value: serde_json::Value = map.next_value()?;
            obj.insert(key.into_owned(), value);
        }
        let ty = obj
            .remove("type")
            .ok_or_else(|| de::Error::missing_field("type"))?;
        let ty = RecordType::deserialize(ty).map_err(de::Error::custom)?;
        typed(ty, serde_json::Value::Object(obj)).map_err(de::Error::custom)
    }
}

/// The `"type"` of a record object, found without keeping anything else.
struct TypeOf(RecordType);

impl<'de> Deserialize<'de> for TypeOf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TypeOf;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record object with a \"type\" field")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeOf, A::Error> {
                let mut ty = None;
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    if key != "type" {
                        map.next_value::<de::IgnoredAny>()?;
                    } else if ty.is_some() {
                        return Err(de::Error::duplicate_field("type"));
                    } else {
                        ty = Some(map.next_value::<RecordType>()?);
                    }
                }
                ty.map(TypeOf)
                    .ok_or_else(|| de::Error::missing_field("type"))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads a record of a known type from an object that also holds its tag.
struct OfType(RecordType);

impl<'de> de::DeserializeSeed<'de> for OfType {
    type Value = Record;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        struct V(RecordType);
        impl<'de> Visitor<'de> for V {
            type Value = Record;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a {} record", self.0)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Record, A::Error> {
                let rest = WithoutType { map, skip: true };
                typed(self.0, de::value::MapAccessDeserializer::new(rest))
            }
        }
        d.deserialize_map(V(self.0))
    }
}

/// Whether the object in `bytes` starts with the key `key`, written plainly.
fn first_key_is(bytes: &[u8], key: &[u8]) -> bool {
    bytes
        .trim_ascii_start()
        .strip_prefix(b"{")
        .map(|r| {
            let r = r.trim_ascii_start();
            r.strip_prefix(b"\"")
                .and_then(|r| r.strip_prefix(key))
                .is_some_and(|r| r.starts_with(b"\""))
        })
        .unwrap_or(false)
}

/// Reads one record from one line. A line whose tag is not its first key is
/// read twice, once for the tag and once for the record, so that every error
/// keeps its exact position.
fn read_record(bytes: &[u8]) -> Result<Record, serde_json::Error> {
    if first_key_is(bytes, b"type") {
        return serde_json::from_slice(bytes);
    }
    let TypeOf(ty) = serde_json::from_slice(bytes)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let record = de::DeserializeSeed::deserialize(OfType(ty), &mut de)?;
    de.end()?;
    Ok(record)
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
        message: clip_message(message),
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

    /// Reads a canonical JSON document from bytes (UTF-8 checked), within
    /// the default [`Limits`].
    pub fn from_json_slice(input: &[u8]) -> Result<Dataset, ReadError> {
        Dataset::from_json_slice_with(input, &Limits::default())
    }

    /// Reads a canonical JSON document from bytes (UTF-8 checked), within
    /// `limits`: its length, and the strings, nesting and records checked
    /// before it is parsed. O(n) in its length.
    pub fn from_json_slice_with(input: &[u8], limits: &Limits) -> Result<Dataset, ReadError> {
        limits
            .check_file_size(input.len() as u64)
            .map_err(whole_input)?;
        let input = input.strip_prefix(BOM).unwrap_or(input);
        let mut scan = crate::limits::Scanner::new(limits, true);
        if let Err(crate::limits::Stop::Limit(e)) = scan.feed(input) {
            return Err(e);
        }
        // A byte no JSON can hold is left for the parser to find and name.
        serde_json::from_slice(input).map_err(|e| syntax(&e, 0))
    }

    /// Reads a canonical JSON document from a stream, within `limits`: read
    /// in pieces, each checked as it arrives, so that an input larger than
    /// [`Limits::max_file_bytes`] is refused once it has passed it, and one
    /// that cannot be JSON (`/dev/zero`) at its first byte that cannot be,
    /// with the parser's error there. A file whose length is known is best
    /// checked before reading, with [`Limits::check_file_size`], as
    /// [`Dataset::read_path_with`] does.
    pub fn read_json_with<R: Read>(input: R, limits: &Limits) -> Result<Dataset, ReadError> {
        let doc = read_document(input, limits)?;
        let result = serde_json::from_slice::<Dataset>(&doc.text).map_err(|e| syntax(&e, 0));
        match (result, doc.bad) {
            (Ok(_), Some(bad)) => {
                // Cut after a byte that cannot be JSON, yet the parser took
                // the text (it cannot): name the byte rather than accept it.
                let before = &doc.text[..bad.min(doc.text.len())];
                let line = 1 + before.iter().filter(|b| **b == b'\n').count();
                let column = before.len() + 1
                    - before
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |at| at + 1);
                Err(ReadError::Syntax {
                    file: None,
                    line,
                    column,
                    message: "unexpected character".into(),
                })
            }
            (result, _) => result,
        }
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
        for r in self.obligations() {
            line(&mut out, RecordType::Obligation, r)?;
        }
        for r in self.same_as() {
            line(&mut out, RecordType::SameAs, r)?;
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

    /// Reads JSON Lines from a stream, one line at a time, within the
    /// default [`Limits`].
    pub fn read_jsonl<R: BufRead>(input: R) -> Result<Dataset, ReadError> {
        Dataset::read_jsonl_with(input, &Limits::default())
    }

    /// Reads JSON Lines from a stream within `limits`, parsing lines on
    /// every core (up to eight) while one thread reads ahead
    /// ([`JsonLines::for_each_parallel`]); stops at the first error. O(n).
    pub fn read_jsonl_with<R: BufRead>(input: R, limits: &Limits) -> Result<Dataset, ReadError> {
        let mut ds = Dataset::new();
        let mut failed = None;
        let threads = threads();
        JsonLines::with_limits(input, limits.clone()).for_each_parallel(threads, |item| {
            match item {
                Ok(record) => ds.push_record(record),
                Err(e) => {
                    failed = Some(e);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        match failed {
            Some(e) => Err(e),
            None => Ok(ds),
        }
    }

    /// Reads a file, as JSON Lines if its name ends in `.jsonl` or `.ndjson`
    /// or (for other names than `.json`) its first non-blank line is a record
    /// or the format header; as canonical JSON otherwise. JSON Lines are read
    /// as a stream. A file of nothing but blank lines is refused
    /// ([`Sniffed::check_not_empty`]). Errors name the file. Within the
    /// default [`Limits`].
    pub fn read_path(path: impl AsRef<Path>) -> Result<Dataset, ReadError> {
        Dataset::read_path_with(path, &Limits::default())
    }

    /// Reads a file as [`Dataset::read_path`] does, within `limits`: a
    /// canonical JSON file longer than [`Limits::max_file_bytes`] is refused
    /// before it is read.
    pub fn read_path_with(path: impl AsRef<Path>, limits: &Limits) -> Result<Dataset, ReadError> {
        let path = path.as_ref();
        let io_err = |source| ReadError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io_err)?;
        // Only a regular file's length is its content's (not /dev/zero's).
        let len = file
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len());
        let mut input = io::BufReader::new(file);
        // Decide, then go on from the start without reading the rest twice.
        let sniffed = sniff_with(path, &mut input, limits).map_err(io_err)?;
        if let Err(e) = sniffed.check_not_empty() {
            return Err(e.in_file(path));
        }
        let Sniffed { format, head, .. } = sniffed;
        let result = match format {
            FileFormat::JsonLines => {
                Dataset::read_jsonl_with(io::Cursor::new(head).chain(input), limits)
            }
            FileFormat::Json => match len.map(|len| limits.check_file_size(len)) {
                Some(Err(e)) => Err(whole_input(e)),
                _ => Dataset::read_json_with(io::Cursor::new(head).chain(input), limits),
            },
        };
        result.map_err(|e| e.in_file(path))
    }
}

/// A limit passed by the input as a whole, placed as an empty input's error
/// is: line 1, column 0.
fn whole_input(error: LimitError) -> ReadError {
    ReadError::Limit {
        file: None,
        line: 1,
        column: 0,
        error,
    }
}

/// The two forms a claimgraph file takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum FileFormat {
    /// One canonical JSON object.
    #[serde(rename = "json")]
    Json,
    /// A header line and one record per line.
    #[serde(rename = "jsonl")]
    JsonLines,
}

/// What [`sniff`] read and decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sniffed {
    /// The form of the file.
    pub format: FileFormat,
    /// The bytes read to decide, from the start: read them before the rest
    /// of the input (`Cursor::new(head).chain(input)`).
    pub head: Vec<u8>,
    /// Whether the input holds nothing but blank lines (and a byte order mark).
    pub empty: bool,
}

impl Sniffed {
    /// Refuses an input that holds nothing but blank lines (and a byte order
    /// mark): it is no dataset, in either form. Every reader of a file says
    /// so in these words, at line 1, column 0 ([`Dataset::read_path`], the
    /// command line, the network's file reader). O(1).
    ///
    /// ```
    /// use claimgraph_core::sniff;
    /// let mut input = &b" \n\t\n"[..];
    /// let err = sniff(std::path::Path::new("blank.jsonl"), &mut input)?
    ///     .check_not_empty()
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "1:0: the file is empty; expected a claimgraph dataset (canonical JSON or JSON Lines)"
    /// );
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn check_not_empty(&self) -> Result<(), ReadError> {
        if !self.empty {
            return Ok(());
        }
        Err(ReadError::Syntax {
            file: None,
            line: 1,
            column: 0,
            message: "the file is empty; expected a claimgraph dataset \
                      (canonical JSON or JSON Lines)"
                .into(),
        })
    }
}

/// Decides whether a file is canonical JSON or JSON Lines — the one place
/// this is decided, for every reader: by its name (`.jsonl` and `.ndjson`
/// are JSON Lines, `.json` canonical JSON), or else by its first line with
/// content being a record object (with a `"type"`) or the format header.
///
/// Reads from `input` up to and including that line (blank lines, and a
/// UTF-8 byte order mark at the very start, are skipped for the decision,
/// and kept in [`Sniffed::head`]). O(length of the first line with content).
/// Reads no more than [`Limits::max_line_bytes`] (and a line ending) of the
/// default [`Limits`]: see [`sniff_with`].
///
/// ```
/// use std::io::Read;
/// use claimgraph_core::{FileFormat, sniff};
/// let text = "\u{feff}\n{\"format\":\"claimgraph/1\"}\n{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\"}\n";
/// let mut input = text.as_bytes();
/// let found = sniff(std::path::Path::new("-"), &mut input)?;
/// assert_eq!(found.format, FileFormat::JsonLines);
/// let mut all = found.head.clone();
/// input.read_to_end(&mut all)?;
/// assert_eq!(all, text.as_bytes());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn sniff<R: BufRead>(path: &Path, input: &mut R) -> io::Result<Sniffed> {
    sniff_with(path, input, &Limits::default())
}

/// [`sniff`], reading no more than [`Limits::max_line_bytes`] and a line
/// ending in all: an endless first line, or endless blank lines, stop it
/// there. Then the name decides, or else the form is canonical JSON (a
/// cut line is no record), and the reader that follows refuses or reads it.
pub fn sniff_with<R: BufRead>(path: &Path, input: &mut R, limits: &Limits) -> io::Result<Sniffed> {
    let cap = limits.max_line_bytes().saturating_add(2);
    let mut head = Vec::new();
    loop {
        let start = head.len();
        let room = cap.saturating_sub(start) as u64;
        if room == 0 || Read::take(&mut *input, room).read_until(b'\n', &mut head)? == 0 {
            break;
        }
        if !is_blank_line(&head[start..], start == 0) || !head.ends_with(b"\n") {
            break;
        }
    }
    let empty = head.len() < cap
        && head
            .split(|b| *b == b'\n')
            .enumerate()
            .all(|(i, l)| is_blank_line(l, i == 0));
    let format = if looks_like_jsonl(path, &head) {
        FileFormat::JsonLines
    } else {
        FileFormat::Json
    };
    Ok(Sniffed {
        format,
        head,
        empty,
    })
}

/// A line of nothing but ASCII white space (after a byte order mark, on the
/// first line).
fn is_blank_line(line: &[u8], first: bool) -> bool {
    let line = if first {
        line.strip_prefix(BOM).unwrap_or(line)
    } else {
        line
    };
    line.iter().all(u8::is_ascii_whitespace)
}

/// `Some(true)` for `.jsonl` and `.ndjson`, `Some(false)` for `.json`.
fn jsonl_by_name(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson") {
        Some(true)
    } else if ext.eq_ignore_ascii_case("json") {
        Some(false)
    } else {
        None
    }
}

/// Whether a file holds JSON Lines: by its name (`.jsonl`, `.ndjson` or
/// `.json`), or else by its first non-blank line being a record object (with
/// a `"type"`) or the format header.
pub fn looks_like_jsonl(path: &Path, bytes: &[u8]) -> bool {
    jsonl_by_name(path).unwrap_or_else(|| first_line_is_jsonl(bytes))
}

fn first_line_is_jsonl(bytes: &[u8]) -> bool {
    /// What the keys of a one-line object say about it.
    struct Shape {
        has_type: bool,
        only_format: bool,
    }
    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Shape;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                    let (mut has_type, mut keys, mut format) = (false, 0, false);
                    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                        map.next_value::<de::IgnoredAny>()?;
                        keys += 1;
                        has_type |= key == "type";
                        format |= key == "format";
                    }
                    Ok(Shape {
                        has_type,
                        only_format: keys == 1 && format,
                    })
                }
            }
            d.deserialize_map(V)
        }
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let first = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    serde_json::from_slice::<Shape>(first).is_ok_and(|s| s.has_type || s.only_format)
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
/// reader goes on with the next line, so a caller may collect them all —
/// except after an I/O error, a line longer than
/// [`Limits::max_line_bytes`] or more than [`Limits::max_records`] lines,
/// which end the reading. A line is never held past the limit: an endless
/// line (`/dev/zero`) is cut there, not buffered. Every line is checked
/// against [`Limits::max_string_bytes`] and [`Limits::max_depth`] before it
/// is parsed.
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
    limits: Limits,
    line: usize,
    buf: Vec<u8>,
    seen_content: bool,
    records: u64,
    /// Bytes of blank lines in a row.
    blank: u64,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// A reader over a buffered stream, within the default [`Limits`].
    pub fn new(input: R) -> JsonLines<R> {
        JsonLines::with_limits(input, Limits::default())
    }

    /// A reader over a buffered stream, within `limits`.
    pub fn with_limits(input: R, limits: Limits) -> JsonLines<R> {
        JsonLines {
            input,
            limits,
            line: 0,
            buf: Vec::with_capacity(512),
            seen_content: false,
            records: 0,
            blank: 0,
            done: false,
        }
    }

    /// A limit passed on the current line, at `column`.
    fn limit(&self, column: usize, limit: Limit, max: u64) -> ReadError {
        ReadError::Limit {
            file: None,
            line: self.line,
            column,
            error: LimitError::new(limit, max),
        }
    }

    /// The number of the last line read, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Places the line in the buffer: `None` for a blank line; else where
    /// its content lies and what its place in the file says of it, or the
    /// error its place alone gives (one record past the limit). What the
    /// content says is left to [`parse_content`].
    fn frame_line(&mut self) -> Option<Result<Framed, ReadError>> {
        let mut bytes: &[u8] = &self.buf;
        if let Some(rest) = bytes.strip_suffix(b"\n") {
            bytes = rest;
        }
        if let Some(rest) = bytes.strip_suffix(b"\r") {
            bytes = rest;
        }
        let mut start = 0;
        if self.line == 1
            && let Some(rest) = bytes.strip_prefix(BOM)
        {
            bytes = rest;
            start = BOM.len();
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let first_content = !self.seen_content;
        self.seen_content = true;
        let header = is_header(bytes);
        if !header {
            self.records += 1;
            if self.records > self.limits.max_records() {
                self.done = true;
                return Some(Err(self.limit(
                    0,
                    Limit::Records,
                    self.limits.max_records(),
                )));
            }
        }
        Some(Ok(Framed {
            line: self.line,
            start,
            end: start + bytes.len(),
            header,
            first_content,
        }))
    }
}

/// A line with content, placed: its number, where its content lies in the
/// line's bytes, whether it is the format header, whether it is the first
/// line with content.
#[derive(Clone, Copy, Debug)]
struct Framed {
    line: usize,
    start: usize,
    end: usize,
    header: bool,
    first_content: bool,
}

/// What a placed line holds: a record, nothing (the header), or its error.
/// Depends on nothing but the line and its place, so lines may be read on
/// any thread, in any order, and give the same answers.
fn parse_content(bytes: &[u8], at: &Framed, limits: &Limits) -> Option<Result<Record, ReadError>> {
    let line = at.line;
    let at_line = |e: serde_json::Error| syntax(&e, line - 1);
    if let Err(e) = std::str::from_utf8(bytes) {
        return Some(Err(ReadError::Syntax {
            file: None,
            line,
            column: e.valid_up_to() + 1,
            message: "invalid UTF-8".into(),
        }));
    }
    if let Err(ReadError::Limit { column, error, .. }) = limits.check_json(bytes) {
        return Some(Err(ReadError::Limit {
            file: None,
            line,
            column,
            error,
        }));
    }
    if at.header {
        if !at.first_content {
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
    Some(
        read_record(bytes)
            .map(|mut record| {
                record.shrink_to_fit();
                record
            })
            .map_err(at_line),
    )
}

/// A header line is an object whose first key is `format`.
fn is_header(bytes: &[u8]) -> bool {
    first_key_is(bytes, b"format")
}

impl<R: BufRead> JsonLines<R> {
    /// The next line with content, placed (its bytes in `self.buf`), or the
    /// error that ends or marks it; `None` at the end.
    fn next_framed(&mut self) -> Option<Result<Framed, ReadError>> {
        // The most a line may take: its content and a line ending.
        let max = self.limits.max_line_bytes();
        let cap = max.saturating_add(2) as u64;
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            // A bounded read: never more than `cap` bytes into the buffer,
            // however long the line.
            match Read::take(&mut self.input, cap).read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {
                    self.line += 1;
                    let mut content = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
                    content = content.strip_suffix(b"\r").unwrap_or(content);
                    let cut = !self.buf.ends_with(b"\n") && self.buf.len() as u64 == cap;
                    if cut || content.len() > max {
                        // What follows is not known to be lines: stop here.
                        self.done = true;
                        return Some(Err(self.limit(0, Limit::LineBytes, max as u64)));
                    }
                    if let Some(framed) = self.frame_line() {
                        self.blank = 0;
                        return Some(framed);
                    }
                    // A blank line: an endless stream of them ends too.
                    self.blank += self.buf.len() as u64;
                    if self.blank > max as u64 {
                        self.done = true;
                        return Some(Err(ReadError::Limit {
                            file: None,
                            line: self.line,
                            column: 0,
                            error: LimitError::blank(max),
                        }));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(ReadError::Io {
                        path: Default::default(),
                        source: e,
                    }));
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let line = match self.next_framed()? {
                Ok(line) => line,
                Err(e) => return Some(Err(e)),
            };
            if let Some(result) =
                parse_content(&self.buf[line.start..line.end], &line, &self.limits)
            {
                return Some(result);
            }
        }
    }
}

/// How many threads the readers and validation use: every core, up to
/// eight. Asked of the system once (the answer reads files under
/// `/sys/fs/cgroup`), then remembered.
pub(crate) fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

/// Lines gathered for one worker: their bytes end to end, and where each
/// lies.
#[derive(Debug, Default)]
struct Batch {
    bytes: Vec<u8>,
    lines: Vec<Framed>,
}

/// How many bytes of lines go to a worker at once, at most.
const BATCH_BYTES: usize = 1 << 20;
/// How many lines go to a worker at once, at most: so that what comes back
/// (a record or an error per line) stays small however short the lines.
const BATCH_LINES: usize = 4096;

impl Batch {
    fn parse(self, limits: &Limits) -> Vec<Result<Record, ReadError>> {
        let _ids = crate::id::intern::Scope::open();
        self.lines
            .iter()
            .filter_map(|at| parse_content(&self.bytes[at.start..at.end], at, limits))
            .collect()
    }
}

impl<R: BufRead> JsonLines<R> {
    /// Reads every line as the iterator does and hands each item to `f`, in
    /// the order of the file, with the same records and the same errors at
    /// the same places; but the lines are parsed on `threads` threads while
    /// this one reads ahead. `f` runs on the calling thread and stops the
    /// reading by returning [`ControlFlow::Break`]. Memory stays bounded:
    /// at most four batches per thread are in flight, each of at most a
    /// megabyte and 4,096 lines (and one line past the megabyte, itself
    /// within [`Limits::max_line_bytes`]).
    /// O(n) work in the length of the input, spread over the threads.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use claimgraph_core::JsonLines;
    /// let text = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"One aggressor\"}\n{\"type\":\"claim\"}\n";
    /// let mut seen = Vec::new();
    /// JsonLines::new(text.as_bytes()).for_each_parallel(2, |item| {
    ///     seen.push(item.map(|r| r.id().to_owned()).map_err(|e| e.to_string()));
    ///     ControlFlow::Continue(())
    /// });
    /// assert_eq!(seen[0], Ok("c1".to_owned()));
    /// assert!(seen[1].as_ref().is_err_and(|e| e.starts_with("2:")));
    /// ```
    pub fn for_each_parallel(
        self,
        threads: usize,
        f: impl FnMut(Result<Record, ReadError>) -> ControlFlow<()>,
    ) {
        self.for_each_batched(threads, BATCH_BYTES, f);
    }

    /// [`JsonLines::for_each_parallel`], sending lines to the workers in
    /// batches of about `batch_bytes`.
    fn for_each_batched(
        mut self,
        threads: usize,
        batch_bytes: usize,
        mut f: impl FnMut(Result<Record, ReadError>) -> ControlFlow<()>,
    ) {
        if threads <= 1 {
            let _ids = crate::id::intern::Scope::open();
            for item in self {
                if f(item).is_break() {
                    return;
                }
            }
            return;
        }
        let limits = self.limits.clone();
        std::thread::scope(|scope| {
            let mut to = Vec::with_capacity(threads);
            let mut from = Vec::with_capacity(threads);
            for _ in 0..threads {
                let (batch_tx, batch_rx) = mpsc::sync_channel::<Batch>(2);
                let (done_tx, done_rx) = mpsc::sync_channel(2);
                let limits = &limits;
                scope.spawn(move || {
                    for batch in batch_rx {
                        if done_tx.send(batch.parse(limits)).is_err() {
                            break;
                        }
                    }
                });
                to.push(batch_tx);
                from.push(done_rx);
            }
            // Batches go round the workers in turn and come back in turn,
            // so taking them back in the order sent keeps the file's order.
            let (mut sent, mut taken) = (0usize, 0usize);
            // Hands the results of the oldest batch in flight to `f`.
            let take = |taken: &mut usize,
                        f: &mut dyn FnMut(Result<Record, ReadError>) -> ControlFlow<()>|
             -> ControlFlow<()> {
                let Ok(items) = from[*taken % threads].recv() else {
                    return ControlFlow::Break(());
                };
                *taken += 1;
                for item in items {
                    f(item)?;
                }
                ControlFlow::Continue(())
            };
            let mut batch = Batch::default();
            loop {
                let next = self.next_framed();
                let full = batch.bytes.len() >= batch_bytes || batch.lines.len() >= BATCH_LINES;
                if (next.is_none() || full || matches!(next, Some(Err(_))))
                    && !batch.lines.is_empty()
                {
                    if sent - taken == 2 * threads && take(&mut taken, &mut f).is_break() {
                        return;
                    }
                    if to[sent % threads].send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    sent += 1;
                }
                match next {
                    None => break,
                    Some(Ok(mut at)) => {
                        let start = batch.bytes.len();
                        batch.bytes.extend_from_slice(&self.buf[at.start..at.end]);
                        (at.start, at.end) = (start, batch.bytes.len());
                        batch.lines.push(at);
                    }
                    Some(Err(e)) => {
                        // Everything before the error first.
                        while taken < sent {
                            if take(&mut taken, &mut f).is_break() {
                                return;
                            }
                        }
                        if f(Err(e)).is_break() {
                            return;
                        }
                    }
                }
            }
            while taken < sent {
                if take(&mut taken, &mut f).is_break() {
                    return;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every item as the sequential reader gives it, errors as text.
    fn sequential(text: &[u8], limits: &Limits) -> Vec<Result<Record, String>> {
        JsonLines::with_limits(text, limits.clone())
            .map(|r| r.map_err(|e| e.to_string()))
            .collect()
    }

    fn parallel(
        text: &[u8],
        limits: &Limits,
        threads: usize,
        batch: usize,
        stop_after: usize,
    ) -> Vec<Result<Record, String>> {
        let mut out = Vec::new();
        JsonLines::with_limits(text, limits.clone()).for_each_batched(threads, batch, |item| {
            out.push(item.map_err(|e| e.to_string()));
            if out.len() == stop_after {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        out
    }

    /// Lines of every sort a file holds: records, broken ones, blank lines,
    /// headers in and out of place, a byte order mark, CRLF, bad UTF-8, deep
    /// nesting, a long line.
    fn line() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            (0..50u32).prop_map(|i| format!(
                "{{\"type\":\"claim\",\"id\":\"c{i}\",\"text\":\"t\"}}"
            )
            .into_bytes()),
            (0..50u32).prop_map(|i| format!(
                "{{\"id\":\"a{i}\",\"type\":\"actor\",\"name\":\"A\",\"kind\":\"state\"}}"
            )
            .into_bytes()),
            Just(b"{\"type\":\"claim\",\"id\":\"c\"}".to_vec()),
            Just(b"{\"type\":\"nothing\"}".to_vec()),
            Just(b"{\"format\":\"claimgraph/1\"}".to_vec()),
            Just(b"{\"format\":\"claimgraph/9\"}".to_vec()),
            Just(b"   ".to_vec()),
            Just(Vec::new()),
            Just(b"{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\"}\r".to_vec()),
            Just(b"\xef\xbb\xbf{\"format\":\"claimgraph/1\"}".to_vec()),
            Just(b"{\"type\":\"claim\",\"id\":\"\xff\"}".to_vec()),
            Just(b"[[[[[[[[[[".to_vec()),
            Just(vec![b'x'; 90]),
            proptest::collection::vec(
                any::<u8>().prop_filter("no newline", |b| *b != b'\n'),
                0..20
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The parallel reader gives exactly what the sequential one does:
        /// the same records and errors, in the same order, whatever the
        /// threads and batch sizes, and stops where it is told to.
        #[test]
        fn parallel_reading_equals_sequential(
            lines in proptest::collection::vec(line(), 0..40),
            threads in 1usize..4,
            batch in 1usize..300,
            max_line in prop_oneof![Just(64usize), Just(1000)],
            max_records in prop_oneof![Just(5u64), Just(1000)],
            stop in 1usize..50,
        ) {
            let text = lines.join(&b'\n');
            let limits = crate::LimitsBuilder::new()
                .max_line_bytes(max_line)
                .max_records(max_records)
                .max_depth(8)
                .build();
            let want = sequential(&text, &limits);
            prop_assert_eq!(&parallel(&text, &limits, threads, batch, usize::MAX), &want);
            let cut = parallel(&text, &limits, threads, batch, stop);
            prop_assert_eq!(&cut[..], &want[..stop.min(want.len())]);
        }
    }

    #[test]
    fn reads_in_parallel_what_spans_many_batches() {
        let text: String = (0..5000)
            .map(|i| format!("{{\"type\":\"claim\",\"id\":\"c{i}\",\"text\":\"t\"}}\n"))
            .collect();
        let limits = Limits::default();
        let got = parallel(text.as_bytes(), &limits, 3, 100, usize::MAX);
        assert_eq!(got.len(), 5000);
        assert_eq!(got, sequential(text.as_bytes(), &limits));
    }
}
