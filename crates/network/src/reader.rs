//! Streaming statements out of JSON Lines, on every core.
//!
//! The file is cut into chunks at line ends; worker threads parse the lines of
//! a chunk into compact items, keeping only the fields a network needs; the
//! calling thread merges the chunks in file order, interning ids. Memory holds
//! a few chunks and the statement table, never the file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::str::FromStr;
use std::sync::{Arc, Mutex, mpsc};

use claimgraph_core::{
    ActorKind, Dataset, Judgement, Modality, Position, RecordId, RecordType, SameAs, SameAsId,
    SourceKind, When, effective_position,
};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde::de::{self, SeqAccess, Visitor};

use crate::error::NetworkError;
use crate::statements::{
    ActorInfo, Day, NO_DAY, NONE, Row, SourceInfo, Statements, TargetInfo, day_of,
};

/// How [`read_statements`] reads.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Parser threads; 0 uses every core.
    pub threads: usize,
    /// Bytes per chunk handed to a thread.
    pub chunk_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            threads: 0,
            chunk_bytes: 4 << 20,
        }
    }
}

/// A byte range in a chunk's string arena.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: u32,
    len: u32,
}

#[derive(Debug)]
enum Item {
    Actor {
        id: Span,
        name: Span,
        kind: Option<ActorKind>,
    },
    Target {
        id: Span,
        label: Span,
        kind: RecordType,
    },
    Source {
        id: Span,
        publisher: Option<Span>,
        kind: Option<Span>,
        language: Option<Span>,
        day: Day,
    },
    Quote {
        line: u32,
        id: Span,
        source: Span,
        day: Day,
    },
    Stance {
        line: u32,
        holder: Span,
        target: Span,
        position: Position,
        intensity: f64,
        /// From `as_of`, or [`NO_DAY`].
        day: Day,
        /// The range of its entries in [`ChunkOut::evidence`].
        evidence: (u32, u32),
    },
}

#[derive(Debug, Default)]
struct ChunkOut {
    arena: String,
    items: Vec<Item>,
    /// Each stance's evidence entries: quote and source.
    evidence: Vec<(Option<Span>, Option<Span>)>,
    /// Same-as judgements, whole: the core decides what they mean.
    same_as: Vec<SameAs>,
    error: Option<NetworkError>,
}

impl ChunkOut {
    fn put(&mut self, s: &str) -> Span {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        Span {
            start,
            len: s.len() as u32,
        }
    }

    fn get(&self, s: Span) -> &str {
        self.arena
            .get(s.start as usize..(s.start + s.len) as usize)
            .unwrap_or("")
    }
}

/// The fields of any record a network needs; everything else is skipped
/// without being copied. The fast scanner ([`crate::scan`]) fills it too.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Line<'a> {
    #[serde(rename = "type", borrow)]
    pub(crate) ty: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) format: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) title: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) what: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) holder: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) target: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) position: Option<Cow<'a, str>>,
    pub(crate) intensity: Option<f64>,
    #[serde(borrow)]
    pub(crate) as_of: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) evidence: Option<EvidenceList<'a>>,
    #[serde(borrow)]
    pub(crate) source: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) published: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) publisher: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) language: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) label: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) modality: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) a: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) b: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) judgement: Option<Cow<'a, str>>,
}

/// One entry of a stance's evidence: what dates and sources it.
#[derive(Debug, Deserialize)]
pub(crate) struct Evidence<'a> {
    #[serde(borrow)]
    pub(crate) quote: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) source: Option<Cow<'a, str>>,
}

/// A stance's evidence list. The first entry is held inline: nearly every
/// stance has one, and a line then costs no allocation.
#[derive(Debug, Default)]
pub(crate) struct EvidenceList<'a> {
    first: Option<Evidence<'a>>,
    rest: Vec<Evidence<'a>>,
}

impl<'a> EvidenceList<'a> {
    pub(crate) fn push(&mut self, e: Evidence<'a>) {
        match self.first {
            None => self.first = Some(e),
            Some(_) => self.rest.push(e),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Evidence<'a>> {
        self.first.iter().chain(&self.rest)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for EvidenceList<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = EvidenceList<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of evidence objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = EvidenceList::default();
                while let Some(e) = seq.next_element::<Evidence<'a>>()? {
                    list.push(e);
                }
                Ok(list)
            }
        }
        d.deserialize_seq(V(std::marker::PhantomData))
    }
}

/// Parses `YYYY-MM-DD` quickly, and any other form the core accepts.
fn parse_day(s: &str) -> Result<Day, String> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Ok(day_of(date));
        }
    }
    When::parse(s)
        .map(|w| day_of(w.date()))
        .map_err(|e| e.to_string())
}

fn syntax(line: usize, column: usize, message: impl Into<String>) -> NetworkError {
    NetworkError::Syntax {
        line,
        column,
        message: message.into(),
    }
}

fn parse_chunk(bytes: &[u8], first_line: usize, first_chunk: bool) -> ChunkOut {
    let mut out = ChunkOut::default();
    out.items.reserve(bytes.len() / 128);
    out.evidence.reserve(bytes.len() / 256);
    out.arena.reserve(bytes.len() / 8);
    // One UTF-8 check for the chunk; line by line only if it fails, to place the error.
    let text = std::str::from_utf8(bytes).ok();
    let mut line_no = first_line;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        let mut line = &bytes[start..end];
        let mut from = start;
        start = end + 1;
        if let Some(rest) = line.strip_suffix(b"\r") {
            line = rest;
        }
        if line_no == 1 && first_chunk && line.starts_with(b"\xEF\xBB\xBF") {
            line = &line[3..];
            from += 3;
        }
        let this = line_no;
        line_no += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let as_text = match text {
            Some(t) => t.get(from..from + line.len()),
            None => std::str::from_utf8(line).ok(),
        };
        let result = match as_text {
            Some(t) => parse_line(t, this, &mut out),
            None => Err(match std::str::from_utf8(line) {
                Err(e) => syntax(this, e.valid_up_to() + 1, "invalid UTF-8"),
                Ok(_) => syntax(this, 0, "invalid UTF-8"),
            }),
        };
        if let Err(e) = result {
            out.error = Some(e);
            return out;
        }
    }
    out
}

fn parse_line(text: &str, line: usize, out: &mut ChunkOut) -> Result<(), NetworkError> {
    if let Some(rec) = crate::scan::scan(text) {
        return use_line(rec, line, out);
    }
    let rec: Line<'_> = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(at) => full[..at].to_owned(),
            None => full,
        };
        syntax(line, e.column(), message)
    })?;
    use_line(rec, line, out)
}

fn use_line(rec: Line<'_>, line: usize, out: &mut ChunkOut) -> Result<(), NetworkError> {
    let ty = match (&rec.ty, &rec.format) {
        (None, Some(f)) => {
            return if f == claimgraph_core::FORMAT {
                Ok(())
            } else {
                Err(syntax(
                    line,
                    0,
                    format!(
                        "unsupported format {f:?}; expected {:?}",
                        claimgraph_core::FORMAT
                    ),
                ))
            };
        }
        (None, None) => return Err(syntax(line, 0, "missing field `type`")),
        (Some(t), _) => t,
    };
    let ty = RecordType::from_str(ty).map_err(|e| syntax(line, 0, e.to_string()))?;
    let need = |field: &'static str, v: &Option<Cow<'_, str>>| -> Result<String, NetworkError> {
        v.as_deref()
            .map(str::to_owned)
            .ok_or_else(|| syntax(line, 0, format!("{ty} without `{field}`")))
    };
    let day_of_field = |field: &'static str,
                        v: &Option<Cow<'_, str>>|
     -> Result<Day, NetworkError> {
        match v.as_deref() {
            None => Ok(NO_DAY),
            Some(s) => parse_day(s).map_err(|e| syntax(line, 0, format!("field `{field}`: {e}"))),
        }
    };
    match ty {
        RecordType::Actor => {
            let id = need("id", &rec.id)?;
            let name = rec.name.as_deref().unwrap_or(&id).to_owned();
            let kind = match rec.kind.as_deref() {
                Some(k) => {
                    Some(ActorKind::from_str(k).map_err(|e| syntax(line, 0, e.to_string()))?)
                }
                None => None,
            };
            let id = out.put(&id);
            let name = out.put(&name);
            out.items.push(Item::Actor { id, name, kind });
        }
        RecordType::Proposal | RecordType::Claim | RecordType::Concession => {
            let id = need("id", &rec.id)?;
            let text = match ty {
                RecordType::Proposal => rec.title.as_deref(),
                RecordType::Claim => rec.text.as_deref(),
                _ => rec.what.as_deref(),
            }
            .unwrap_or(&id);
            // As `Statements::from_dataset` labels it.
            let label = match (ty, rec.label.as_deref()) {
                (RecordType::Proposal, Some(l)) => format!("{text} ({l})"),
                _ => text.to_owned(),
            };
            let id = out.put(&id);
            let label = out.put(&label);
            out.items.push(Item::Target {
                id,
                label,
                kind: ty,
            });
        }
        RecordType::Source => {
            let id = need("id", &rec.id)?;
            let day = day_of_field("published", &rec.published)?;
            let id = out.put(&id);
            let publisher = rec.publisher.as_deref().map(|s| out.put(s));
            // The canonical name of a known kind, as the data model writes it.
            let kind = rec.kind.as_deref().map(|k| match SourceKind::from_str(k) {
                Ok(k) => out.put(k.as_str()),
                Err(_) => out.put(k),
            });
            let language = rec.language.as_deref().map(|s| out.put(s));
            out.items.push(Item::Source {
                id,
                publisher,
                kind,
                language,
                day,
            });
        }
        RecordType::Quote => {
            let id = need("id", &rec.id)?;
            let source = need("source", &rec.source)?;
            let day = day_of_field("date", &rec.date)?;
            let id = out.put(&id);
            let source = out.put(&source);
            out.items.push(Item::Quote {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                id,
                source,
                day,
            });
        }
        RecordType::Stance => {
            let holder = need("holder", &rec.holder)?;
            let target = need("target", &rec.target)?;
            let position = need("position", &rec.position)?;
            let position =
                Position::from_str(&position).map_err(|e| syntax(line, 0, e.to_string()))?;
            let modality = match rec.modality.as_deref() {
                Some(m) => Some(Modality::from_str(m).map_err(|e| syntax(line, 0, e.to_string()))?),
                None => None,
            };
            let position = effective_position(position, modality);
            let intensity = match rec.intensity {
                Some(x) if x.is_finite() && (-1.0..=1.0).contains(&x) => x,
                Some(x) => {
                    return Err(syntax(
                        line,
                        0,
                        format!("field `intensity`: {x} is outside -1..=1"),
                    ));
                }
                None => f64::NAN,
            };
            let day = day_of_field("as_of", &rec.as_of)?;
            let holder = out.put(&holder);
            let target = out.put(&target);
            let start = out.evidence.len() as u32;
            for e in rec.evidence.iter().flat_map(EvidenceList::iter) {
                let quote = e.quote.as_deref().map(|q| out.put(q));
                let source = e.source.as_deref().map(|s| out.put(s));
                out.evidence.push((quote, source));
            }
            out.items.push(Item::Stance {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                holder,
                target,
                position,
                intensity,
                day,
                evidence: (start, out.evidence.len() as u32 - start),
            });
        }
        RecordType::SameAs => {
            // Kept whole, for the core to decide what they mean.
            let field = |name: &'static str, v: &Option<Cow<'_, str>>| {
                let v = need(name, v)?;
                RecordId::new(&v).map_err(|e| syntax(line, 0, format!("field `{name}`: {e}")))
            };
            let id = SameAsId::new(field("id", &rec.id)?.as_str())
                .map_err(|e| syntax(line, 0, format!("field `id`: {e}")))?;
            let (a, b) = (field("a", &rec.a)?, field("b", &rec.b)?);
            let judgement = need("judgement", &rec.judgement)?;
            let judgement =
                Judgement::from_str(&judgement).map_err(|e| syntax(line, 0, e.to_string()))?;
            let mut j = SameAs::new(id, a, b, judgement);
            if let Some(d) = rec.date.as_deref() {
                j.date = Some(
                    When::parse(d).map_err(|e| syntax(line, 0, format!("field `date`: {e}")))?,
                );
            }
            out.same_as.push(j);
        }
        // Relations, obligations and whatever later versions add say nothing
        // about who stands where.
        _ => {}
    }
    Ok(())
}

/// Cuts the input into chunks that end at a line end.
struct Chunker<R> {
    input: R,
    carry: Vec<u8>,
    seq: usize,
    line: usize,
    done: bool,
    chunk_bytes: usize,
}

struct Chunk {
    seq: usize,
    first_line: usize,
    bytes: Vec<u8>,
}

impl<R: Read> Chunker<R> {
    fn next_chunk(&mut self) -> std::io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.carry);
        let want = self.chunk_bytes.max(1 << 12);
        loop {
            let start = buf.len();
            // Read into spare capacity: nothing is zeroed, and a small input
            // costs a small buffer.
            buf.reserve(want);
            let n = (&mut self.input).take(want as u64).read_to_end(&mut buf)?;
            if n == 0 {
                self.done = true;
                break;
            }
            if let Some(at) = memchr::memrchr(b'\n', &buf[start..]) {
                let cut = start + at + 1;
                self.carry = buf.split_off(cut);
                break;
            }
        }
        if buf.is_empty() {
            return Ok(None);
        }
        let chunk = Chunk {
            seq: self.seq,
            first_line: self.line,
            bytes: buf,
        };
        self.seq += 1;
        self.line += memchr::memchr_iter(b'\n', &chunk.bytes).count();
        Ok(Some(chunk))
    }
}

/// Reads the statements of a JSON Lines corpus, parsing on every core.
///
/// Only the fields a network uses are read (ids, names and labels, a stance's
/// holder, target, position, modality, intensity, `as_of` and the quote and
/// source of each evidence entry, sources' publication data, quotes' sources
/// and dates, same-as judgements); other fields and records (relations,
/// obligations) are skipped, so run [`claimgraph_core::Dataset::validate`]
/// (or `claimgraph validate`) for a full check. Errors name the line and
/// column; a stance that names an actor, target, quote or source the input
/// never defines is an error naming the stance's line and the field
/// (`evidence[2].quote`).
///
/// Whatever the order of the lines, the table is the one
/// [`Statements::from_dataset`] makes of the same records, with the core's
/// meaning: a stance dated by [`Dataset::stance_date`]'s rule (`as_of`, else
/// its earliest evidence) and sourced by [`Dataset::stance_source`]'s (the
/// document of the evidence that dates it), whatever the order of its
/// evidence list; its position the effective one, holders and
/// targets in their canonical ids ([`Dataset::identities`]); actors and
/// sources in the order of their records, targets in the order stances name
/// them. O(bytes) time; memory is O(statements + ids), not O(bytes).
pub fn read_statements<R: Read + Send>(
    input: R,
    options: &ReadOptions,
) -> Result<Statements, NetworkError> {
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let chunker = Mutex::new(Chunker {
        input,
        carry: Vec::new(),
        seq: 0,
        line: 1,
        done: false,
        chunk_bytes: options.chunk_bytes,
    });
    let mut merge = Merge::default();
    std::thread::scope(|scope| -> Result<(), NetworkError> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<ChunkOut, std::io::Error>)>(threads * 2);
        for _ in 0..threads {
            let tx = tx.clone();
            let chunker = &chunker;
            scope.spawn(move || {
                loop {
                    let next = match chunker.lock() {
                        Ok(mut c) => c.next_chunk(),
                        Err(_) => return,
                    };
                    let chunk = match next {
                        Ok(Some(chunk)) => chunk,
                        Ok(None) => return,
                        Err(e) => {
                            let _ = tx.send((usize::MAX, Err(e)));
                            return;
                        }
                    };
                    let out = parse_chunk(&chunk.bytes, chunk.first_line, chunk.seq == 0);
                    if tx.send((chunk.seq, Ok(out))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Chunks arrive in any order; merge them in file order.
        let mut waiting: BTreeMap<usize, ChunkOut> = BTreeMap::new();
        let mut next = 0usize;
        let mut failure: Option<NetworkError> = None;
        for (seq, out) in rx {
            if failure.is_some() {
                continue;
            }
            match out {
                Err(e) => failure = Some(NetworkError::Io(e)),
                Ok(out) => {
                    waiting.insert(seq, out);
                    while let Some(mut out) = waiting.remove(&next) {
                        next += 1;
                        merge.chunk(&mut out);
                        if let Some(e) = out.error {
                            failure = Some(e);
                            break;
                        }
                    }
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })?;
    merge.finish()
}

/// Reads the statements of a dataset file: JSON Lines streamed as
/// [`read_statements`] does; canonical JSON through the full reader.
pub fn read_statements_path(
    path: &std::path::Path,
    options: &ReadOptions,
) -> Result<Statements, NetworkError> {
    let file = std::fs::File::open(path)?;
    let mut probe = std::io::BufReader::new(file);
    // Core decides the format, as for every reader.
    let sniffed = claimgraph_core::sniff(path, &mut probe)?;
    let head = sniffed.head;
    if sniffed.format == claimgraph_core::FileFormat::JsonLines {
        read_statements(std::io::Cursor::new(head).chain(probe), options)
    } else {
        let mut all = head;
        probe.read_to_end(&mut all)?;
        let ds = claimgraph_core::Dataset::from_json_slice(&all).map_err(|e| match e {
            claimgraph_core::ReadError::Syntax {
                line,
                column,
                message,
                ..
            } => NetworkError::Syntax {
                line,
                column,
                message,
            },
            other => NetworkError::Io(std::io::Error::other(other.to_string())),
        })?;
        Statements::from_dataset_checked(&ds)
    }
}

/// Who first named a source: a quote, or a stance's evidence entry.
const BY_QUOTE: u32 = u32::MAX;

/// A stance's evidence entry whose quote comes later in the file.
struct Pending {
    /// The entry's place in [`Merge::evidence`].
    slot: u32,
    /// The entry's place in the stance's evidence list.
    index: u32,
    /// The quote id, in [`Merge::pending_ids`].
    start: u32,
    len: u32,
    line: u32,
}

/// A row whose source (and, without `as_of`, day) is chosen at the end.
struct Deferred {
    row: usize,
    /// Its evidence entries in [`Merge::evidence`].
    start: u32,
    len: u32,
    /// Whether the row has no `as_of`, so that its evidence dates it.
    by_evidence: bool,
}

/// Interns ids in file order and turns items into rows.
#[derive(Default)]
struct Merge {
    st: Statements,
    actor_ix: FxHashMap<Box<str>, u32>,
    actor_defined: Vec<bool>,
    actor_line: Vec<u32>,
    /// Actors in the order their records come, which is the table's order.
    actor_order: Vec<u32>,
    /// Targets named by stances, in the order they are first named.
    target_ix: FxHashMap<Box<str>, u32>,
    target_line: Vec<u32>,
    /// Proposals, concessions and claims defined: label and kind.
    target_defs: FxHashMap<Box<str>, (Arc<str>, RecordType)>,
    source_ix: FxHashMap<Box<str>, u32>,
    source_defined: Vec<bool>,
    /// Sources in the order their records come, which is the table's order.
    source_order: Vec<u32>,
    source_line: Vec<u32>,
    /// What first named a source: [`BY_QUOTE`], or the index of the
    /// evidence entry of a stance.
    source_named_by: Vec<u32>,
    source_day: Vec<Day>,
    // Quotes are kept compactly: ids in one string, indexed by the hash of
    // the id (ids whose hash another id already holds go to the overflow).
    quote_ids: String,
    quotes: Vec<(u32, u32, u32, Day)>,
    quote_index: FxHashMap<u64, u32>,
    quote_overflow: FxHashMap<Box<str>, u32>,
    /// The quote found last: stances tend to name quotes in the order they
    /// were written, so the next one is tried before the index.
    quote_cursor: u32,
    /// Whether some quote id was given twice.
    quote_ids_repeat: bool,
    /// The evidence of stances whose source or day waits for records not
    /// read yet: (quote, source), each an index or [`NONE`].
    evidence: Vec<(u32, u32)>,
    /// Those stances' rows and their range in `evidence`.
    deferred: Vec<Deferred>,
    /// Evidence entries that name a quote not read yet.
    pending_ids: String,
    pending: Vec<Pending>,
    same_as: Vec<SameAs>,
}

fn intern(map: &mut FxHashMap<Box<str>, u32>, id: &str, make: impl FnOnce() -> u32) -> (u32, bool) {
    if let Some(&ix) = map.get(id) {
        return (ix, false);
    }
    let ix = make();
    map.insert(Box::from(id), ix);
    (ix, true)
}

impl Merge {
    fn actor(&mut self, id: &str, line: u32) -> u32 {
        let st = &mut self.st;
        let defined = &mut self.actor_defined;
        let lines = &mut self.actor_line;
        intern(&mut self.actor_ix, id, || {
            let id: Arc<str> = Arc::from(id);
            st.actors.push(ActorInfo {
                id: Arc::clone(&id),
                name: id,
                kind: None,
            });
            defined.push(false);
            lines.push(line);
            (st.actors.len() - 1) as u32
        })
        .0
    }

    fn target(&mut self, id: &str, line: u32) -> u32 {
        let st = &mut self.st;
        let lines = &mut self.target_line;
        intern(&mut self.target_ix, id, || {
            let id: Arc<str> = Arc::from(id);
            st.targets.push(TargetInfo {
                id: Arc::clone(&id),
                label: id,
                kind: None,
            });
            lines.push(line);
            (st.targets.len() - 1) as u32
        })
        .0
    }

    fn source(&mut self, id: &str, line: u32, named_by: u32) -> u32 {
        let st = &mut self.st;
        let defined = &mut self.source_defined;
        let lines = &mut self.source_line;
        let by = &mut self.source_named_by;
        let days = &mut self.source_day;
        intern(&mut self.source_ix, id, || {
            st.sources.push(SourceInfo {
                id: Arc::from(id),
                publisher: None,
                kind: None,
                language: None,
            });
            defined.push(false);
            lines.push(line);
            by.push(named_by);
            days.push(NO_DAY);
            (st.sources.len() - 1) as u32
        })
        .0
    }

    fn chunk(&mut self, out: &mut ChunkOut) {
        self.same_as.append(&mut out.same_as);
        for item in &out.items {
            match *item {
                Item::Actor { id, name, kind } => {
                    let ix = self.actor(out.get(id), 0) as usize;
                    if !self.actor_defined[ix] {
                        self.actor_defined[ix] = true;
                        self.actor_order.push(ix as u32);
                        let a = &mut self.st.actors[ix];
                        a.name = Arc::from(out.get(name));
                        a.kind = kind;
                    }
                }
                Item::Target { id, label, kind } => {
                    let id = out.get(id);
                    if !self.target_defs.contains_key(id) {
                        self.target_defs
                            .insert(Box::from(id), (Arc::from(out.get(label)), kind));
                    }
                }
                Item::Source {
                    id,
                    publisher,
                    kind,
                    language,
                    day,
                } => {
                    let ix = self.source(out.get(id), 0, BY_QUOTE) as usize;
                    if !self.source_defined[ix] {
                        self.source_defined[ix] = true;
                        self.source_order.push(ix as u32);
                        self.source_day[ix] = day;
                        let s = &mut self.st.sources[ix];
                        s.publisher = publisher.map(|p| Arc::from(out.get(p)));
                        s.kind = kind.map(|p| Arc::from(out.get(p)));
                        s.language = language.map(|p| Arc::from(out.get(p)));
                    }
                }
                Item::Quote {
                    line,
                    id,
                    source,
                    day,
                } => {
                    let start = self.quote_ids.len() as u32;
                    let id = out.get(id);
                    self.quote_ids.push_str(id);
                    let src = self.source(out.get(source), line, BY_QUOTE);
                    self.add_quote(id, (start, id.len() as u32, src, day));
                }
                Item::Stance {
                    line,
                    holder,
                    target,
                    position,
                    intensity,
                    day,
                    evidence: (start, len),
                } => {
                    let actor = self.actor(out.get(holder), line);
                    let target = self.target(out.get(target), line);
                    let row = self.st.rows.len();
                    // The entry that dates the stance gives its source, and
                    // its day without `as_of` (`Dataset::stance_source`):
                    // found now when every record it depends on has been
                    // read (as in a file in canonical order), else at the
                    // end. One entry with `as_of` needs no day to be chosen.
                    let as_of = day;
                    let need_days = as_of == NO_DAY || len > 1;
                    let mut known = true;
                    let mut best: Option<(Day, u32)> = None;
                    let slots = self.evidence.len() as u32;
                    let entries = out
                        .evidence
                        .get(start as usize..(start + len) as usize)
                        .unwrap_or(&[]);
                    for (i, &(quote, src)) in entries.iter().enumerate() {
                        let src = match src {
                            Some(s) => self.source(out.get(s), line, i as u32),
                            None => NONE,
                        };
                        let mut found = NONE;
                        if let Some(q) = quote {
                            // A quote already read is used now; one named
                            // before it is defined waits for the end.
                            match self.find_quote(out.get(q)) {
                                Some(at) => found = at,
                                None => {
                                    known = false;
                                    let at = self.pending_ids.len() as u32;
                                    self.pending_ids.push_str(out.get(q));
                                    self.pending.push(Pending {
                                        slot: slots + i as u32,
                                        index: i as u32,
                                        start: at,
                                        len: q.len,
                                        line,
                                    });
                                }
                            }
                        }
                        self.evidence.push((found, src));
                        if !known {
                            continue;
                        }
                        let entry_day = if need_days {
                            match self.evidence_day_now(found, src) {
                                Some(d) => d,
                                None => {
                                    known = false;
                                    continue;
                                }
                            }
                        } else {
                            NO_DAY
                        };
                        let entry = (entry_day, self.document(found, src));
                        if best.is_none_or(|b| self.dates_before(entry, b)) {
                            best = Some(entry);
                        }
                    }
                    let (mut source, mut day) = (NONE, as_of);
                    if known {
                        self.evidence.truncate(slots as usize);
                        if let Some((d, doc)) = best {
                            source = doc;
                            if as_of == NO_DAY {
                                day = d;
                            }
                        }
                    } else {
                        self.deferred.push(Deferred {
                            row,
                            start: slots,
                            len,
                            by_evidence: as_of == NO_DAY,
                        });
                    }
                    self.st.rows.push(Row {
                        actor,
                        target,
                        source,
                        day,
                        position,
                        intensity,
                    });
                }
            }
        }
    }

    fn quote_id(&self, at: u32) -> &str {
        let (start, len, _, _) = self.quotes[at as usize];
        self.quote_ids
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
    }

    /// Indexes a quote; the first of several with one id is the one kept.
    fn add_quote(&mut self, id: &str, quote: (u32, u32, u32, Day)) {
        use std::hash::BuildHasher;
        let at = self.quotes.len() as u32;
        self.quotes.push(quote);
        let hash = rustc_hash::FxBuildHasher.hash_one(id);
        match self.quote_index.get(&hash).copied() {
            None => {
                self.quote_index.insert(hash, at);
            }
            Some(other) if self.quote_id(other) == id => self.quote_ids_repeat = true,
            Some(_) => {
                if self.quote_overflow.contains_key(id) {
                    self.quote_ids_repeat = true;
                }
                self.quote_overflow.entry(Box::from(id)).or_insert(at);
            }
        }
    }

    fn find_quote(&mut self, id: &str) -> Option<u32> {
        use std::hash::BuildHasher;
        let next = self.quote_cursor.wrapping_add(1);
        // With no id given twice, the quote at the cursor is the one that counts.
        if !self.quote_ids_repeat
            && (next as usize) < self.quotes.len()
            && self.quote_id(next) == id
        {
            self.quote_cursor = next;
            return Some(next);
        }
        let hash = rustc_hash::FxBuildHasher.hash_one(id);
        let found = match self.quote_index.get(&hash) {
            Some(&at) if self.quote_id(at) == id => Some(at),
            Some(_) => self.quote_overflow.get(id).copied(),
            None => None,
        };
        if let Some(at) = found {
            self.quote_cursor = at;
        }
        found
    }

    /// The label and kind of a record a stance can target, if `id` is one.
    fn target_def(&self, id: &str) -> Option<(Arc<str>, RecordType)> {
        if let Some((label, kind)) = self.target_defs.get(id) {
            return Some((Arc::clone(label), *kind));
        }
        let &a = self.actor_ix.get(id)?;
        self.actor_defined[a as usize].then(|| {
            (
                Arc::clone(&self.st.actors[a as usize].name),
                RecordType::Actor,
            )
        })
    }

    /// The day of an evidence entry if every record that dates it has been
    /// read; `None` while the quote or the document it may take its date
    /// from is not.
    fn evidence_day_now(&self, quote: u32, source: u32) -> Option<Day> {
        if let Some(&(_, _, _, qday)) = self.quotes.get(quote as usize)
            && qday != NO_DAY
        {
            return Some(qday);
        }
        let doc = self.document(quote, source);
        if doc == NONE {
            return Some(NO_DAY);
        }
        self.source_defined
            .get(doc as usize)
            .copied()?
            .then(|| self.source_day[doc as usize])
    }

    /// The day of an evidence entry, as the core dates one
    /// ([`Dataset::evidence_date`]): its quote's date, else the publication
    /// date of its document (`Merge::document`, [`Dataset::evidence_document`]).
    fn evidence_day(&self, (quote, source): (u32, u32)) -> Day {
        match self.quotes.get(quote as usize) {
            Some(&(_, _, _, qday)) if qday != NO_DAY => qday,
            _ => self
                .source_day
                .get(self.document(quote, source) as usize)
                .copied()
                .unwrap_or(NO_DAY),
        }
    }

    /// The document of an evidence entry: its own source, else its quote's
    /// ([`NONE`] when it has neither).
    fn document(&self, quote: u32, source: u32) -> u32 {
        if source != NONE {
            return source;
        }
        self.quotes
            .get(quote as usize)
            .map_or(NONE, |&(_, _, src, _)| src)
    }

    /// Whether evidence entry `a`, as (day, document), comes before `b` in
    /// the order the core picks the one that dates a stance by: dated before
    /// undated, earlier days first, and on one day the document whose id
    /// sorts first (an entry without one after any).
    fn dates_before(&self, a: (Day, u32), b: (Day, u32)) -> bool {
        let key = |day: Day| (day == NO_DAY, day);
        match key(a.0).cmp(&key(b.0)) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => {
                let id = |ix: u32| {
                    let id = self.st.sources.get(ix as usize).map(|s| &*s.id);
                    (id.is_none(), id)
                };
                a.1 != b.1 && id(a.1) < id(b.1)
            }
        }
    }

    /// Resolves quotes and labels targets; reports the reference to
    /// something the input never defines that comes first in the file; gives
    /// the rows that waited their source and day; then puts rows in
    /// canonical ids.
    fn finish(mut self) -> Result<Statements, NetworkError> {
        let mut first: Option<(u32, NetworkError)> = None;
        let mut report = |line: u32, e: NetworkError| {
            if first.as_ref().is_none_or(|(l, _)| line < *l) {
                first = Some((line, e));
            }
        };
        for (ix, defined) in self.actor_defined.iter().enumerate() {
            if !defined {
                report(
                    self.actor_line[ix],
                    NetworkError::Dangling {
                        line: self.actor_line[ix] as usize,
                        field: "holder".into(),
                        id: self.st.actors[ix].id.to_string(),
                        expected: "actor",
                    },
                );
            }
        }
        for ix in 0..self.st.targets.len() {
            match self.target_def(&self.st.targets[ix].id) {
                Some((label, kind)) => {
                    let t = &mut self.st.targets[ix];
                    t.label = label;
                    t.kind = Some(kind);
                }
                None => report(
                    self.target_line[ix],
                    NetworkError::Dangling {
                        line: self.target_line[ix] as usize,
                        field: "target".into(),
                        id: self.st.targets[ix].id.to_string(),
                        expected: "proposal, concession, claim or actor",
                    },
                ),
            }
        }
        let pending = std::mem::take(&mut self.pending);
        let pending_ids = std::mem::take(&mut self.pending_ids);
        for p in &pending {
            let quote = pending_ids
                .get(p.start as usize..(p.start + p.len) as usize)
                .unwrap_or("");
            match self.find_quote(quote) {
                Some(at) => {
                    if let Some(slot) = self.evidence.get_mut(p.slot as usize) {
                        slot.0 = at;
                    }
                }
                None => report(
                    p.line,
                    NetworkError::Dangling {
                        line: p.line as usize,
                        field: format!("evidence[{}].quote", p.index),
                        id: quote.to_owned(),
                        expected: "quote",
                    },
                ),
            }
        }
        for (ix, defined) in self.source_defined.iter().enumerate() {
            if !defined {
                let line = self.source_line[ix];
                let id = self.st.sources[ix].id.to_string();
                report(
                    line,
                    match self.source_named_by[ix] {
                        BY_QUOTE => NetworkError::Syntax {
                            line: line as usize,
                            column: 0,
                            message: format!(
                                "quote field `source`: `{id}` names no source in the input"
                            ),
                        },
                        i => NetworkError::Dangling {
                            line: line as usize,
                            field: format!("evidence[{i}].source"),
                            id,
                            expected: "source",
                        },
                    },
                );
            }
        }
        if let Some((_, e)) = first {
            return Err(e);
        }
        for d in &self.deferred {
            let entries = self
                .evidence
                .get(d.start as usize..(d.start + d.len) as usize)
                .unwrap_or(&[]);
            let best = entries
                .iter()
                .map(|&(quote, source)| {
                    (
                        self.evidence_day((quote, source)),
                        self.document(quote, source),
                    )
                })
                .reduce(|best, e| if self.dates_before(e, best) { e } else { best });
            if let Some((day, source)) = best {
                let row = &mut self.st.rows[d.row];
                row.source = source;
                if d.by_evidence {
                    row.day = day;
                }
            }
        }
        let kept_actors = self.same_as_to_canonical();
        // Ids were numbered as first named, and a stance may name an actor or
        // a source before its record comes; the table lists them in the order
        // of their records, as `Statements::from_dataset` does.
        let actor_order: Vec<u32> = self
            .actor_order
            .iter()
            .copied()
            .filter(|&a| kept_actors.get(a as usize).copied().unwrap_or(true))
            .collect();
        if let Some(new_of) = reorder(&mut self.st.actors, &actor_order) {
            for r in &mut self.st.rows {
                r.actor = new_of[r.actor as usize];
            }
        }
        if let Some(new_of) = reorder(&mut self.st.sources, &self.source_order) {
            for r in &mut self.st.rows {
                if r.source != NONE {
                    r.source = new_of[r.source as usize];
                }
            }
        }
        Ok(self.st)
    }

    /// Moves rows to the canonical ids of their holders and targets, as
    /// [`Dataset::identities`] decides them from the same-as judgements
    /// read, and says which actors stay in the table (those not merged into
    /// another). A holder moves only to an actor, a target only to a record
    /// a stance can target, as in [`Statements::from_dataset`].
    fn same_as_to_canonical(&mut self) -> Vec<bool> {
        let mut kept = vec![true; self.st.actors.len()];
        if self.same_as.is_empty() {
            return kept;
        }
        let mut judged = Dataset::new();
        for j in std::mem::take(&mut self.same_as) {
            judged.push(j);
        }
        let ids = judged.identities();
        if ids.is_empty() {
            return kept;
        }
        // Actors: each to its canonical actor.
        let mut actor_to: Vec<u32> = (0..self.st.actors.len() as u32).collect();
        for (ix, a) in self.st.actors.iter().enumerate() {
            let canonical = ids.canonical(&a.id);
            if canonical == &*a.id {
                continue;
            }
            if let Some(&c) = self.actor_ix.get(canonical)
                && self.actor_defined[c as usize]
            {
                actor_to[ix] = c;
                kept[ix] = false;
            }
        }
        // Targets: renumbered in the order their canonical ids are first named.
        let mut targets: Vec<TargetInfo> = Vec::new();
        let mut target_of: FxHashMap<Arc<str>, u32> = FxHashMap::default();
        let mut target_to: Vec<u32> = Vec::with_capacity(self.st.targets.len());
        for t in &self.st.targets {
            let canonical = ids.canonical(&t.id);
            let info = match self.target_def(canonical) {
                Some((label, kind)) if canonical != &*t.id => TargetInfo {
                    id: Arc::from(canonical),
                    label,
                    kind: Some(kind),
                },
                _ => t.clone(),
            };
            let next = targets.len() as u32;
            let at = *target_of.entry(Arc::clone(&info.id)).or_insert(next);
            if at == next {
                targets.push(info);
            }
            target_to.push(at);
        }
        self.st.targets = targets;
        for r in &mut self.st.rows {
            r.actor = actor_to[r.actor as usize];
            r.target = target_to[r.target as usize];
        }
        kept
    }
}

/// Puts `items` in `order`, a list of their indexes without repeats, and
/// says where each index went ([`NONE`] for those left out, which are
/// dropped); `None` (and nothing moved) when the order is already theirs.
/// O(n log n).
fn reorder<T>(items: &mut Vec<T>, order: &[u32]) -> Option<Vec<u32>> {
    if order.len() == items.len() && order.iter().enumerate().all(|(i, &o)| i == o as usize) {
        return None;
    }
    let mut new_of = vec![NONE; items.len()];
    for (new, &old) in order.iter().enumerate() {
        new_of[old as usize] = new as u32;
    }
    let mut keyed: Vec<(u32, T)> = std::mem::take(items)
        .into_iter()
        .zip(&new_of)
        .filter(|&(_, &at)| at != NONE)
        .map(|(item, &at)| (at, item))
        .collect();
    keyed.sort_unstable_by_key(|&(at, _)| at);
    *items = keyed.into_iter().map(|(_, item)| item).collect();
    Some(new_of)
}
