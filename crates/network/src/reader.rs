//! Streaming statements out of JSON Lines, on every core.
//!
//! The file is cut into chunks at line ends; worker threads parse the lines of
//! a chunk into compact items, keeping only the fields a network needs; the
//! calling thread merges the chunks in file order, interning ids. Memory holds
//! a few chunks, the statement table and the ids of stances (to name the
//! kind of record a reference names, should one be wrong), never the file.
//!
//! A line is read by the fast scanner ([`crate::scan`]) when it is a plain
//! stance, quote or source the scanner can vouch for whole, and by the core
//! ([`JsonLines`]) otherwise, so that the reader accepts exactly the lines
//! the core reads and refuses the others with the core's words, line and
//! column; each record the core reads is then checked on its own as
//! [`Dataset::validate`] checks it ([`crate::check`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Mutex, mpsc};

use claimgraph_core::{
    ActorKind, Dataset, JsonLines, Limits, Problem, ReadError, Record, RecordType, SameAs,
    effective_position,
};
use rustc_hash::FxHashMap;

use crate::check;
use crate::error::NetworkError;
use crate::scan::{Fast, scan};
use crate::statements::{
    ActorDetails, ActorInfo, Day, NO_DAY, NONE, Row, SourceInfo, Statements, TargetInfo, day_of,
};

/// How [`read_statements`] reads.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Parser threads; 0 uses every core.
    pub threads: usize,
    /// Bytes per chunk handed to a thread.
    pub chunk_bytes: usize,
    /// What the input is read within, as the core reads it
    /// ([`JsonLines::with_limits`]): lines, white space in a row, records,
    /// strings and nesting; for canonical JSON
    /// ([`read_statements_path`]), also the file's size. A line is never
    /// held past [`Limits::max_line_bytes`].
    pub limits: Limits,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            threads: 0,
            chunk_bytes: 4 << 20,
            limits: Limits::default(),
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
        line: u32,
        id: Span,
        name: Span,
        kind: Option<ActorKind>,
        /// Its country, aliases, description and ties, the ties naming
        /// the actors as the record does (canonical ids come at the end).
        details: Box<ActorDetails>,
    },
    Target {
        line: u32,
        id: Span,
        label: Span,
        kind: RecordType,
    },
    Source {
        line: u32,
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
        id: Span,
        holder: Span,
        target: Span,
        position: claimgraph_core::Position,
        intensity: f64,
        /// From `as_of`, or [`NO_DAY`].
        day: Day,
        /// The range of its entries in [`ChunkOut::evidence`].
        evidence: (u32, u32),
    },
    /// A relation or an obligation: nothing a network uses but its id and
    /// kind, which a reference may name.
    Unused { id: Span, kind: RecordType },
}

/// A record with errors of its own: what [`Dataset::validate`] finds in it
/// alone ([`check::own_errors`]).
#[derive(Debug)]
struct Found {
    line: u32,
    record_type: RecordType,
    /// Every error of the record alone, in the core's order. Its references
    /// are among them (alone, each names nothing): their places rank the
    /// references the reader checks in the file against its own errors.
    errors: Vec<Problem>,
}

#[derive(Debug, Default)]
struct ChunkOut {
    arena: String,
    items: Vec<Item>,
    /// Each stance's evidence entries: quote and source.
    evidence: Vec<(Option<Span>, Option<Span>)>,
    /// Same-as judgements, whole: the core decides what they mean.
    same_as: Vec<SameAs>,
    /// Records with errors of their own.
    found: Vec<Found>,
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

fn line_u32(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Parses the lines of a chunk. `content_before` says whether a line with
/// content came before the chunk: a format header is allowed only as the
/// first such line.
fn parse_chunk(
    bytes: &[u8],
    first_line: usize,
    first_chunk: bool,
    content_before: bool,
    limits: &Limits,
) -> ChunkOut {
    // The scanner reads short strings in shallow records only: it can read
    // a line itself only when the limits let such a line through.
    let fast = limits.max_string_bytes() >= crate::scan::MAX_STRING + 2 && limits.max_depth() >= 3;
    let mut out = ChunkOut::default();
    out.items.reserve(bytes.len() / 128);
    out.evidence.reserve(bytes.len() / 256);
    out.arena.reserve(bytes.len() / 8);
    // One UTF-8 check for the chunk; line by line only if it fails.
    let text = std::str::from_utf8(bytes).ok();
    let mut seen_content = content_before;
    let mut line_no = first_line;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at);
        let mut raw = &bytes[start..end];
        let mut from = start;
        start = end + 1;
        if let Some(rest) = raw.strip_suffix(b"\r") {
            raw = rest;
        }
        let this = line_no;
        line_no += 1;
        // A byte order mark is skipped at the start of the file only.
        let mut line = raw;
        if this == 1 && first_chunk && line.starts_with(b"\xEF\xBB\xBF") {
            line = &line[3..];
            from += 3;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let first_content = !seen_content;
        seen_content = true;
        let as_text = match text {
            Some(t) => t.get(from..from + line.len()),
            None => std::str::from_utf8(line).ok(),
        };
        let scanned = match as_text {
            Some(text) if fast => scan(text),
            _ => None,
        };
        let result = match scanned {
            Some(record) => {
                push_fast(record, this, &mut out);
                Ok(())
            }
            None => read_with_core(raw, this, first_content, limits, &mut out),
        };
        if let Err(e) = result {
            out.error = Some(e);
            return out;
        }
    }
    out
}

/// Whether a line is a format header: an object whose first key is
/// `format`, written plainly (as the core decides it).
fn is_header(line: &[u8]) -> bool {
    line.trim_ascii_start()
        .strip_prefix(b"{")
        .map(<[u8]>::trim_ascii_start)
        .and_then(|r| r.strip_prefix(b"\"format\""))
        .is_some()
}

/// Reads a line as [`JsonLines`] reads it at its place in the file: a
/// header only as the first line with content, a byte order mark skipped
/// on line 1 only, within the limits. `Ok(None)` for the header.
fn core_line(
    raw: &[u8],
    line: usize,
    first_content: bool,
    limits: &Limits,
) -> Result<Option<Record>, NetworkError> {
    let bom = raw.starts_with(b"\xEF\xBB\xBF");
    let content = if line == 1 && bom { &raw[3..] } else { raw };
    if !first_content && is_header(content) {
        // The core checks the line as any other, then refuses a header
        // that is not first, whatever it holds.
        if let Err(e) = std::str::from_utf8(content) {
            return Err(NetworkError::Syntax {
                line,
                column: e.valid_up_to() + 1,
                message: "invalid UTF-8".into(),
            });
        }
        limits.check_json(content).map_err(|e| at_line(e, line))?;
        return Err(NetworkError::Syntax {
            line,
            column: 1,
            message: "the format header must be the first line".into(),
        });
    }
    // Not line 1, a byte order mark is content: the core sees the line
    // after a blank one, so that it does not take it for line 1.
    let before: &[u8] = if line > 1 && bom { b"\n" } else { b"" };
    match JsonLines::with_limits(before.chain(raw), limits.clone()).next() {
        None => Ok(None),
        Some(Ok(record)) => Ok(Some(record)),
        Some(Err(e)) => Err(at_line(e, line)),
    }
}

/// The core's error about one line, placed on the line in the file.
fn at_line(e: ReadError, line: usize) -> NetworkError {
    match e {
        ReadError::Limit { column, error, .. } => NetworkError::Limit {
            line,
            column,
            error,
        },
        e => match e.position() {
            Some((_, column)) => NetworkError::Syntax {
                line,
                column,
                message: e.message(),
            },
            None => NetworkError::Io(std::io::Error::other(e.to_string())),
        },
    }
}

/// Which limit a line passes, found before it is parsed.
#[derive(Clone, Copy, Debug)]
enum Passed {
    /// The line is longer than [`Limits::max_line_bytes`].
    Line,
    /// White space in a row is longer than [`Limits::max_line_bytes`].
    Blank,
    /// The line is a record past [`Limits::max_records`].
    Records,
}

/// The core's error for a limit passed at a line. The core has it say so:
/// it reads an input that passes the limit at once, and the error is
/// given the real limit, so that the words are the core's.
fn limit_passed(passed: Passed, limits: &Limits, line: usize) -> NetworkError {
    let (input, max): (&[u8], u64) = match passed {
        Passed::Line => (b"x\n", limits.max_line_bytes() as u64),
        Passed::Blank => (b"\n", limits.max_line_bytes() as u64),
        Passed::Records => (b"{}\n", limits.max_records()),
    };
    let tiny = match passed {
        Passed::Line | Passed::Blank => Limits::builder().max_line_bytes(0).build(),
        Passed::Records => Limits::builder().max_records(0).build(),
    };
    match JsonLines::with_limits(input, tiny).next() {
        Some(Err(ReadError::Limit { mut error, .. })) => {
            error.max = max;
            NetworkError::Limit {
                line,
                column: 0,
                error,
            }
        }
        _ => NetworkError::Syntax {
            line,
            column: 0,
            message: format!("passes the {passed:?} limit of {max}"),
        },
    }
}

/// Reads a line with the core, notes the errors its record has on its
/// own, and keeps what a network needs of it.
fn read_with_core(
    raw: &[u8],
    line: usize,
    first_content: bool,
    limits: &Limits,
    out: &mut ChunkOut,
) -> Result<(), NetworkError> {
    let Some(record) = core_line(raw, line, first_content, limits)? else {
        return Ok(());
    };
    let errors = check::own_errors(record.clone());
    if errors.iter().any(check::is_own) {
        out.found.push(Found {
            line: line_u32(line),
            record_type: record.record_type(),
            errors,
        });
    }
    push_record(record, line, out);
    Ok(())
}

/// Keeps what a network needs of a record the scanner read.
fn push_fast(fast: Fast<'_>, line: usize, out: &mut ChunkOut) {
    let day = |d: Option<Day>| d.unwrap_or(NO_DAY);
    match fast {
        Fast::Stance {
            id,
            holder,
            target,
            position,
            modality,
            intensity,
            as_of,
            evidence,
        } => {
            let id = out.put(id);
            let holder = out.put(holder);
            let target = out.put(target);
            let start = out.evidence.len() as u32;
            for e in evidence.iter() {
                let quote = e.quote.map(|q| out.put(q));
                let source = e.source.map(|s| out.put(s));
                out.evidence.push((quote, source));
            }
            out.items.push(Item::Stance {
                line: line_u32(line),
                id,
                holder,
                target,
                position: effective_position(position, modality),
                intensity: intensity.unwrap_or(f64::NAN),
                day: day(as_of),
                evidence: (start, out.evidence.len() as u32 - start),
            });
        }
        Fast::Quote { id, source, date } => {
            let id = out.put(id);
            let source = out.put(source);
            out.items.push(Item::Quote {
                line: line_u32(line),
                id,
                source,
                day: day(date),
            });
        }
        Fast::Source {
            id,
            publisher,
            kind,
            published,
        } => {
            let id = out.put(id);
            let publisher = publisher.map(|p| out.put(p));
            let kind = kind.map(|k| out.put(k.as_str()));
            out.items.push(Item::Source {
                line: line_u32(line),
                id,
                publisher,
                kind,
                language: None,
                day: day(published),
            });
        }
    }
}

/// Keeps what a network needs of a record the core read, as
/// [`Statements::from_dataset`] takes it from a dataset.
fn push_record(record: Record, line: usize, out: &mut ChunkOut) {
    let day = |w: Option<&claimgraph_core::When>| w.map_or(NO_DAY, |w| day_of(w.date()));
    match record {
        Record::Actor(a) => {
            let id = out.put(a.id.as_str());
            let name = out.put(&a.name);
            out.items.push(Item::Actor {
                line: line_u32(line),
                id,
                name,
                kind: Some(a.kind),
                details: Box::new(ActorDetails::of(&a, str::to_owned)),
            });
        }
        Record::Proposal(p) => {
            let label = match &p.label {
                Some(l) => format!("{} ({l})", p.title),
                None => p.title.clone(),
            };
            push_target(out, line, p.id.as_str(), &label, RecordType::Proposal);
        }
        Record::Concession(c) => {
            push_target(out, line, c.id.as_str(), &c.what, RecordType::Concession);
        }
        Record::Claim(c) => push_target(out, line, c.id.as_str(), &c.text, RecordType::Claim),
        Record::Source(s) => {
            let id = out.put(s.id.as_str());
            let publisher = s.publisher.as_deref().map(|p| out.put(p));
            let kind = s.kind.map(|k| out.put(k.as_str()));
            let language = s.language.as_deref().map(|l| out.put(l));
            out.items.push(Item::Source {
                line: line_u32(line),
                id,
                publisher,
                kind,
                language,
                day: day(s.published.as_ref()),
            });
        }
        Record::Quote(q) => {
            let id = out.put(q.id.as_str());
            let source = out.put(q.source.as_str());
            out.items.push(Item::Quote {
                line: line_u32(line),
                id,
                source,
                day: day(q.date.as_ref()),
            });
        }
        Record::Stance(s) => {
            let id = out.put(s.id.as_str());
            let holder = out.put(s.holder.as_str());
            let target = out.put(s.target.as_str());
            let start = out.evidence.len() as u32;
            for e in &s.evidence {
                let quote = e.quote.as_ref().map(|q| out.put(q.as_str()));
                let source = e.source.as_ref().map(|q| out.put(q.as_str()));
                out.evidence.push((quote, source));
            }
            out.items.push(Item::Stance {
                line: line_u32(line),
                id,
                holder,
                target,
                position: s.effective_position(),
                intensity: s.intensity.unwrap_or(f64::NAN),
                day: day(s.as_of.as_ref()),
                evidence: (start, out.evidence.len() as u32 - start),
            });
        }
        // Kept whole, for the core to decide what they mean.
        Record::SameAs(j) => out.same_as.push(j),
        // Relations, obligations and whatever later versions add say nothing
        // about who stands where; a reference may still name one.
        other => {
            let kind = other.record_type();
            let id = out.put(other.id());
            out.items.push(Item::Unused { id, kind });
        }
    }
}

fn push_target(out: &mut ChunkOut, line: usize, id: &str, label: &str, kind: RecordType) {
    let id = out.put(id);
    let label = out.put(label);
    out.items.push(Item::Target {
        line: line_u32(line),
        id,
        label,
        kind,
    });
}

/// Cuts the input into chunks that end at a line end, and checks each line
/// against the limits the core checks before it parses a line: its length,
/// white space in a row, the number of records. These need the lines in
/// order, so they are checked here, where the input is read in order
/// anyway; the rest is checked where the lines are parsed.
struct Chunker<R> {
    input: R,
    carry: Vec<u8>,
    seq: usize,
    line: usize,
    done: bool,
    chunk_bytes: usize,
    limits: Limits,
    /// Whether a line with content came in an earlier chunk.
    content: bool,
    /// Bytes of blank lines (and a header) in a row, as the core counts
    /// them.
    blank: u64,
    /// Records so far: lines with content other than a header.
    records: u64,
}

struct Chunk {
    seq: usize,
    first_line: usize,
    /// Whether a line with content came before this chunk.
    content_before: bool,
    bytes: Vec<u8>,
    /// The limit the line after the chunk's last passes: reading ends there.
    stop: Option<NetworkError>,
}

impl<R: Read> Chunker<R> {
    fn next_chunk(&mut self) -> std::io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.carry);
        let want = self.chunk_bytes.max(1 << 12);
        // A line and its line ending: a line longer is cut here, not held.
        let cap = self.limits.max_line_bytes().saturating_add(2);
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
            // No line end yet: all of `buf` is one line, which runs on.
            if buf.len() > cap {
                self.done = true;
                break;
            }
        }
        if buf.is_empty() {
            return Ok(None);
        }
        let first_line = self.line;
        let content_before = self.content;
        let stop = self.check_lines(&buf);
        if let Some((cut, _)) = &stop {
            buf.truncate(*cut);
            self.done = true;
        }
        let chunk = Chunk {
            seq: self.seq,
            first_line,
            content_before,
            bytes: buf,
            stop: stop.map(|(_, e)| e),
        };
        self.seq += 1;
        Ok(Some(chunk))
    }

    /// Goes through the lines of `buf` as the core does before parsing
    /// them, counting lines; at the first that passes a limit, says where
    /// to cut the chunk (before the line, or after it when the core reads
    /// it first) and the error. O(lines), at `memchr` speed.
    fn check_lines(&mut self, buf: &[u8]) -> Option<(usize, NetworkError)> {
        let max = self.limits.max_line_bytes();
        let mut pos = 0;
        while pos < buf.len() {
            let end = memchr::memchr(b'\n', &buf[pos..]).map_or(buf.len(), |at| pos + at);
            let next = (end + 1).min(buf.len());
            let line = self.line;
            self.line += 1;
            let raw = &buf[pos..end];
            let content = raw.strip_suffix(b"\r").unwrap_or(raw);
            if content.len() > max {
                return Some((pos, limit_passed(Passed::Line, &self.limits, line)));
            }
            let body = match line {
                1 => content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content),
                _ => content,
            };
            let blank = body.iter().all(u8::is_ascii_whitespace);
            if !blank {
                self.content = true;
            }
            if blank {
                // The core counts the bytes of blank lines in a row, line
                // endings included; any line with content ends the run.
                self.blank += (next - pos) as u64;
                if self.blank > max as u64 {
                    return Some((next, limit_passed(Passed::Blank, &self.limits, line)));
                }
            } else if is_header(body) {
                // Content, but no record.
                self.blank = 0;
            } else {
                self.blank = 0;
                self.records += 1;
                if self.records > self.limits.max_records() {
                    return Some((pos, limit_passed(Passed::Records, &self.limits, line)));
                }
            }
            pos = next;
        }
        None
    }
}

/// Reads the statements of a JSON Lines corpus, parsing on every core.
///
/// Accepts exactly what the core accepts, and refuses the rest with the
/// core's words at the core's line and column: every line as
/// [`JsonLines::with_limits`] reads it within [`ReadOptions::limits`]; every
/// error [`Dataset::validate`] finds in a record on its own
/// ([`NetworkError::Invalid`]: a number out of range, a reversed span, a
/// blank text, ...); an id shared by two sources, actors, proposals,
/// concessions, claims or quotes; a stance whose holder is not an actor,
/// whose target is not a proposal, concession, claim or actor, or whose
/// evidence quote or source names no quote or source, and a quote whose
/// source names no source ([`NetworkError::Unresolved`], naming the
/// record's line and the field, `evidence[2].quote`, in `validate`'s
/// words: `` `plan` is a proposal, but this field takes an actor``). The first
/// problem in the order of the core's report is the one given;
/// [`Statements::from_dataset_checked`] refuses the same on a dataset. What
/// needs other records (cycles, spans against their source's text, the
/// references a network does not follow) is left to
/// [`Dataset::validate`] (or `claimgraph validate`). `docs/NETWORKS.md`
/// states the contract.
///
/// Plain stances, quotes and sources are read by a fast scanner that
/// vouches for a line only when the core would read and accept it; every
/// other line is read by the core.
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
        limits: options.limits.clone(),
        content: false,
        blank: 0,
        records: 0,
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
                    let mut out = parse_chunk(
                        &chunk.bytes,
                        chunk.first_line,
                        chunk.seq == 0,
                        chunk.content_before,
                        &options.limits,
                    );
                    if out.error.is_none() {
                        out.error = chunk.stop;
                    }
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
/// [`read_statements`] does; canonical JSON through the full reader
/// ([`Dataset::read_json_with`], then
/// [`Statements::from_dataset_checked`]), both within
/// [`ReadOptions::limits`]. The form is decided by the core
/// ([`claimgraph_core::sniff_with`]), and a file of nothing but blank lines
/// is refused as the core refuses it
/// ([`claimgraph_core::Sniffed::check_not_empty`]). O(bytes) time.
///
/// ```
/// use claimgraph_network::{ReadOptions, read_statements_path};
/// let dir = std::env::temp_dir().join(format!("claimgraph-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("blank.jsonl");
/// std::fs::write(&path, "\n \n")?;
/// let err = read_statements_path(&path, &ReadOptions::default()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "1:0: the file is empty; expected a claimgraph dataset (canonical JSON or JSON Lines)"
/// );
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_statements_path(
    path: &std::path::Path,
    options: &ReadOptions,
) -> Result<Statements, NetworkError> {
    let file = std::fs::File::open(path)?;
    // Only a regular file's length is its content's.
    let len = file
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len());
    read_sniffed(path, std::io::BufReader::new(file), len, options)
}

/// Reads the statements of a dataset in either form from a stream, as
/// [`read_statements_path`] reads a file named `name`: the name's
/// extension decides the form, or else the first line with content (`-`,
/// say, for standard input); canonical JSON is refused once it passes
/// [`Limits::max_file_bytes`], its length not being known before.
///
/// ```
/// use claimgraph_network::{ReadOptions, read_statements_from};
/// let text = concat!(
///     r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#, "\n",
///     r#"{"type":"proposal","id":"p","title":"P"}"#, "\n",
///     r#"{"type":"stance","id":"s","holder":"a","target":"p","position":"supports"}"#, "\n",
/// );
/// let path = std::path::Path::new("-");
/// let st = read_statements_from(path, text.as_bytes(), &ReadOptions::default())?;
/// assert_eq!(st.len(), 1);
/// # Ok::<(), claimgraph_network::NetworkError>(())
/// ```
pub fn read_statements_from<R: std::io::BufRead + Send>(
    name: &std::path::Path,
    input: R,
    options: &ReadOptions,
) -> Result<Statements, NetworkError> {
    read_sniffed(name, input, None, options)
}

/// Decides the form, then reads: `len` is the input's length when known.
fn read_sniffed<R: std::io::BufRead + Send>(
    path: &std::path::Path,
    mut probe: R,
    len: Option<u64>,
    options: &ReadOptions,
) -> Result<Statements, NetworkError> {
    // Core decides the format, as for every reader.
    let sniffed = claimgraph_core::sniff_with(path, &mut probe, &options.limits)?;
    let whole = |e: ReadError| match e.position() {
        Some((line, _)) => at_line(e, line),
        None => NetworkError::Io(std::io::Error::other(e.to_string())),
    };
    sniffed.check_not_empty().map_err(whole)?;
    let head = std::io::Cursor::new(sniffed.head);
    if sniffed.format == claimgraph_core::FileFormat::JsonLines {
        return read_statements(head.chain(probe), options);
    }
    if let Some(len) = len {
        options
            .limits
            .check_file_size(len)
            .map_err(|error| NetworkError::Limit {
                line: 1,
                column: 0,
                error,
            })?;
    }
    let ds = Dataset::read_json_with(head.chain(probe), &options.limits).map_err(whole)?;
    Statements::from_dataset_checked(&ds)
}

/// A stance that names an id: its line (0 for none), and its place among
/// the stances, which finds its id in [`Merge::stance_ids`].
#[derive(Clone, Copy, Debug, Default)]
struct ByStance {
    line: u32,
    stance: u32,
}

/// What names a source.
#[derive(Clone, Copy)]
enum Naming {
    /// Its own record.
    Record,
    /// A quote: its place among the quotes.
    Quote(u32),
    /// A stance's evidence entry: the stance and the entry's place.
    Stance(ByStance, u32),
}

/// A stance's evidence entry whose quote comes later in the file.
struct Pending {
    /// The entry's place in [`Merge::evidence`].
    slot: u32,
    /// The entry's place in the stance's evidence list.
    index: u32,
    /// The quote id, in [`Merge::pending_ids`].
    start: u32,
    len: u32,
    by: ByStance,
}

/// Ids, each followed by a line end (which no id holds), in the order
/// given: the ids of records a network does not keep, for the one error
/// that may need to name one. Costs their bytes and nothing more; finding
/// one is O(bytes), done once, on the way to an error.
#[derive(Debug, Default)]
struct IdList(String);

impl IdList {
    fn push(&mut self, id: &str) {
        self.0.push_str(id);
        self.0.push('\n');
    }

    /// The `n`th id, from 0.
    fn nth(&self, n: u32) -> &str {
        self.0.split('\n').nth(n as usize).unwrap_or("")
    }

    fn contains(&self, id: &str) -> bool {
        self.0.split('\n').any(|x| x == id)
    }
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

/// A problem found at the end of reading.
enum FirstProblem {
    /// Worded already.
    Error(NetworkError),
    /// A reference that does not name a record of a kind it takes, worded
    /// once it is known to be the one reported.
    Reference {
        line: u32,
        record: Referrer,
        field: String,
        id: Box<str>,
        expected: &'static [RecordType],
    },
}

/// The record that holds a reference.
enum Referrer {
    /// A stance: its place among the stances.
    Stance(u32),
    /// A quote: its place among the quotes.
    Quote(u32),
}

/// Interns ids in file order and turns items into rows.
#[derive(Default)]
struct Merge {
    st: Statements,
    actor_ix: FxHashMap<Box<str>, u32>,
    /// Per actor, as numbered here: what its record says besides its name
    /// and kind.
    actor_details: Vec<ActorDetails>,
    actor_defined: Vec<bool>,
    /// The first stance that names each actor.
    actor_by: Vec<ByStance>,
    /// Actors in the order their records come, which is the table's order.
    actor_order: Vec<u32>,
    /// Targets named by stances, in the order they are first named.
    target_ix: FxHashMap<Box<str>, u32>,
    /// The first stance that names each target.
    target_by: Vec<ByStance>,
    /// Proposals, concessions and claims defined: label and kind.
    target_defs: FxHashMap<Box<str>, (Arc<str>, RecordType)>,
    source_ix: FxHashMap<Box<str>, u32>,
    source_defined: Vec<bool>,
    /// Sources in the order their records come, which is the table's order.
    source_order: Vec<u32>,
    /// The first quote that names a source (its place among the quotes;
    /// [`NONE`] for none).
    source_by_quote: Vec<u32>,
    /// The first stance whose evidence names a source, and the entry's
    /// place.
    source_by_stance: Vec<(ByStance, u32)>,
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
    /// The ids of stances, relations and obligations, each kind in file
    /// order.
    stance_ids: IdList,
    relation_ids: IdList,
    obligation_ids: IdList,
    /// Records with errors of their own.
    found: Vec<Found>,
    /// Records so far of each kind, by [`check::rank_of_kind`].
    of_kind: [u32; 11],
    /// The first record of each id among sources, actors, proposals,
    /// concessions and claims.
    first: FxHashMap<Box<str>, Occurrence>,
    /// Records of those kinds and quotes whose id an earlier one (in the
    /// file) has.
    repeats: Vec<(Box<str>, Occurrence)>,
    /// Each quote's line.
    quote_line: Vec<u32>,
}

/// A record: its kind, its place among records of its kind, its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Occurrence {
    kind: u8,
    index: u32,
    line: u32,
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
    /// Notes a record of a kind whose ids the table resolves, so that a
    /// repeated id is found.
    fn occurs(&mut self, kind: RecordType, id: &str, line: u32) {
        let rank = check::rank_of_kind(kind);
        let index = self.of_kind[usize::from(rank)];
        self.of_kind[usize::from(rank)] += 1;
        let at = Occurrence {
            kind: rank,
            index,
            line,
        };
        if kind == RecordType::Quote {
            return;
        }
        if self.first.contains_key(id) {
            self.repeats.push((Box::from(id), at));
        } else {
            self.first.insert(Box::from(id), at);
        }
    }

    fn actor(&mut self, id: &str, by: ByStance) -> u32 {
        let st = &mut self.st;
        let defined = &mut self.actor_defined;
        let details = &mut self.actor_details;
        let first_by = &mut self.actor_by;
        intern(&mut self.actor_ix, id, || {
            let id: Arc<str> = Arc::from(id);
            st.actors.push(ActorInfo {
                id: Arc::clone(&id),
                name: id,
                kind: None,
            });
            details.push(ActorDetails::default());
            defined.push(false);
            first_by.push(by);
            (st.actors.len() - 1) as u32
        })
        .0
    }

    fn target(&mut self, id: &str, by: ByStance) -> u32 {
        let st = &mut self.st;
        let first_by = &mut self.target_by;
        intern(&mut self.target_ix, id, || {
            let id: Arc<str> = Arc::from(id);
            st.targets.push(TargetInfo {
                id: Arc::clone(&id),
                label: id,
                kind: None,
            });
            first_by.push(by);
            (st.targets.len() - 1) as u32
        })
        .0
    }

    fn source(&mut self, id: &str, naming: Naming) -> u32 {
        let st = &mut self.st;
        let defined = &mut self.source_defined;
        let by_quote = &mut self.source_by_quote;
        let by_stance = &mut self.source_by_stance;
        let days = &mut self.source_day;
        let ix = intern(&mut self.source_ix, id, || {
            st.sources.push(SourceInfo {
                id: Arc::from(id),
                publisher: None,
                kind: None,
                language: None,
            });
            defined.push(false);
            by_quote.push(NONE);
            by_stance.push((ByStance::default(), 0));
            days.push(NO_DAY);
            (st.sources.len() - 1) as u32
        })
        .0;
        let at = ix as usize;
        match naming {
            Naming::Quote(quote) if self.source_by_quote[at] == NONE => {
                self.source_by_quote[at] = quote;
            }
            Naming::Stance(by, entry) if self.source_by_stance[at].0.line == 0 => {
                self.source_by_stance[at] = (by, entry);
            }
            _ => {}
        }
        ix
    }

    fn chunk(&mut self, out: &mut ChunkOut) {
        self.same_as.append(&mut out.same_as);
        self.found.append(&mut out.found);
        for item in &out.items {
            match *item {
                Item::Actor {
                    line,
                    id,
                    name,
                    kind,
                    ref details,
                } => {
                    self.occurs(RecordType::Actor, out.get(id), line);
                    let ix = self.actor(out.get(id), ByStance::default()) as usize;
                    if !self.actor_defined[ix] {
                        self.actor_defined[ix] = true;
                        self.actor_order.push(ix as u32);
                        let a = &mut self.st.actors[ix];
                        a.name = Arc::from(out.get(name));
                        a.kind = kind;
                        self.actor_details[ix] = (**details).clone();
                    }
                }
                Item::Target {
                    line,
                    id,
                    label,
                    kind,
                } => {
                    let id = out.get(id);
                    self.occurs(kind, id, line);
                    if !self.target_defs.contains_key(id) {
                        self.target_defs
                            .insert(Box::from(id), (Arc::from(out.get(label)), kind));
                    }
                }
                Item::Source {
                    line,
                    id,
                    publisher,
                    kind,
                    language,
                    day,
                } => {
                    self.occurs(RecordType::Source, out.get(id), line);
                    let ix = self.source(out.get(id), Naming::Record) as usize;
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
                    let index = self.quotes.len() as u32;
                    let src = self.source(out.get(source), Naming::Quote(index));
                    self.of_kind[usize::from(check::rank_of_kind(RecordType::Quote))] += 1;
                    self.quote_line.push(line);
                    if self.add_quote(id, (start, id.len() as u32, src, day)) {
                        let at = Occurrence {
                            kind: check::rank_of_kind(RecordType::Quote),
                            index,
                            line,
                        };
                        self.repeats.push((Box::from(id), at));
                    }
                }
                Item::Stance {
                    line,
                    id,
                    holder,
                    target,
                    position,
                    intensity,
                    day,
                    evidence: (start, len),
                } => {
                    // Every stance makes a row: its place is the row's.
                    let row = self.st.rows.len();
                    let by = ByStance {
                        line,
                        stance: row as u32,
                    };
                    self.stance_ids.push(out.get(id));
                    let actor = self.actor(out.get(holder), by);
                    let target = self.target(out.get(target), by);
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
                            Some(s) => self.source(out.get(s), Naming::Stance(by, i as u32)),
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
                                        by,
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
                Item::Unused { id, kind } => match kind {
                    RecordType::Relation => self.relation_ids.push(out.get(id)),
                    RecordType::Obligation => self.obligation_ids.push(out.get(id)),
                    _ => {}
                },
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
    /// Says whether an earlier quote has its id.
    fn add_quote(&mut self, id: &str, quote: (u32, u32, u32, Day)) -> bool {
        use std::hash::BuildHasher;
        let at = self.quotes.len() as u32;
        self.quotes.push(quote);
        let hash = rustc_hash::FxBuildHasher.hash_one(id);
        let repeat = match self.quote_index.get(&hash).copied() {
            None => {
                self.quote_index.insert(hash, at);
                false
            }
            Some(other) if self.quote_id(other) == id => true,
            Some(_) => {
                let repeat = self.quote_overflow.contains_key(id);
                self.quote_overflow.entry(Box::from(id)).or_insert(at);
                repeat
            }
        };
        self.quote_ids_repeat |= repeat;
        repeat
    }

    /// Ids two records of the kinds the table resolves by id share (sources,
    /// actors, proposals, concessions, claims, quotes): per id, every record
    /// with it, the first in the order of the core's report (by kind, then
    /// in file order) first. O(records of those kinds but quotes).
    fn shared_ids(&mut self) -> Vec<(Box<str>, Vec<Occurrence>)> {
        let mut by_id: FxHashMap<Box<str>, Vec<Occurrence>> = FxHashMap::default();
        for (id, at) in std::mem::take(&mut self.repeats) {
            by_id.entry(id).or_default().push(at);
        }
        let quote = check::rank_of_kind(RecordType::Quote);
        let first = std::mem::take(&mut self.first);
        for (id, at) in &first {
            if let Some(q) = self.find_quote(id) {
                let line = self.quote_line.get(q as usize).copied().unwrap_or(0);
                by_id.entry(id.clone()).or_default().push(Occurrence {
                    kind: quote,
                    index: q,
                    line,
                });
            }
            if let Some(list) = by_id.get_mut(id) {
                list.push(*at);
            }
        }
        // A quote given twice, and no other record with its id: its first.
        for (id, list) in by_id.iter_mut() {
            if list.iter().all(|o| o.kind == quote)
                && let Some(q) = self.find_quote(id)
            {
                let line = self.quote_line.get(q as usize).copied().unwrap_or(0);
                list.push(Occurrence {
                    kind: quote,
                    index: q,
                    line,
                });
            }
        }
        let mut shared: Vec<(Box<str>, Vec<Occurrence>)> = by_id
            .into_iter()
            .filter(|(_, list)| list.len() > 1)
            .map(|(id, mut list)| {
                list.sort_unstable();
                list.dedup();
                (id, list)
            })
            .collect();
        shared.sort_unstable();
        shared
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

    /// The kind of record `id` names, as [`Dataset::kind_of`] answers for
    /// the same records: the first kind in the canonical order when
    /// records of several kinds have it. O(1) for the kinds the table
    /// resolves; for stances, relations and obligations, a pass over their
    /// ids.
    fn kind_of(&mut self, id: &str) -> Option<RecordType> {
        let defined = |ix: Option<&u32>, flags: &[bool]| {
            ix.is_some_and(|&i| flags.get(i as usize).copied().unwrap_or(false))
        };
        if defined(self.source_ix.get(id), &self.source_defined) {
            return Some(RecordType::Source);
        }
        if defined(self.actor_ix.get(id), &self.actor_defined) {
            return Some(RecordType::Actor);
        }
        // Proposals, concessions and claims: two of them with one id are
        // refused before any reference is.
        if let Some(&(_, kind)) = self.target_defs.get(id) {
            return Some(kind);
        }
        if self.find_quote(id).is_some() {
            return Some(RecordType::Quote);
        }
        if self.stance_ids.contains(id) {
            return Some(RecordType::Stance);
        }
        if self.relation_ids.contains(id) {
            return Some(RecordType::Relation);
        }
        if self.obligation_ids.contains(id) {
            return Some(RecordType::Obligation);
        }
        self.same_as
            .iter()
            .any(|j| j.id.as_str() == id)
            .then_some(RecordType::SameAs)
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

    /// Resolves quotes and labels targets; reports the first problem, if
    /// any, in the order [`Dataset::validate`] lists problems (a record's
    /// own errors, a reference to something the input never defines); gives
    /// the rows that waited their source and day; then puts rows in
    /// canonical ids.
    fn finish(mut self) -> Result<Statements, NetworkError> {
        // Problems are ranked as the core reports them: by kind of record,
        // records of a kind in file order, a record's problems in the order
        // of its fields. A reference's place among a record's fields is
        // its place among the record's errors alone, when it has some.
        let found = std::mem::take(&mut self.found);
        let found_at: FxHashMap<u32, &Found> = found.iter().map(|f| (f.line, f)).collect();
        let rank = |line: u32, field: &str, default: usize| -> usize {
            found_at
                .get(&line)
                .and_then(|f| {
                    f.errors
                        .iter()
                        .position(|p| p.field == field && !check::is_own(p))
                })
                .unwrap_or(default)
        };
        // (section, kind, line, place in the record): duplicate ids come
        // first in the core's report, then each kind's records.
        type Key = (u8, u8, u32, usize);
        let mut first: Option<(Key, FirstProblem)> = None;
        // Only the first problem is worded: wording a reference may need a
        // pass over the ids of stances.
        let mut report = |key: Key, problem: &dyn Fn() -> FirstProblem| {
            if first.as_ref().is_none_or(|(k, _)| key < *k) {
                first = Some((key, problem()));
            }
        };
        for (id, list) in self.shared_ids() {
            let Some((head, rest)) = list.split_first() else {
                continue;
            };
            for o in rest {
                report((0, o.kind, o.line, 0), &|| {
                    FirstProblem::Error(NetworkError::Invalid {
                        line: Some(o.line as usize),
                        record_type: check::kind_of_rank(o.kind),
                        record: id.to_string(),
                        field: "id".into(),
                        message: claimgraph_core::ProblemKind::DuplicateId {
                            first_type: check::kind_of_rank(head.kind),
                            first_index: head.index as usize,
                        }
                        .to_string(),
                    })
                });
            }
        }
        for f in &found {
            if let Some((i, p)) = f.errors.iter().enumerate().find(|(_, p)| check::is_own(p)) {
                report((1, check::rank_of_kind(f.record_type), f.line, i), &|| {
                    FirstProblem::Error(NetworkError::Invalid {
                        line: Some(f.line as usize),
                        record_type: p.record_type,
                        record: p.record.clone(),
                        field: p.field.clone(),
                        message: p.kind.to_string(),
                    })
                });
            }
        }
        let stance = check::rank_of_kind(RecordType::Stance);
        // Without errors of its own, a stance's references come in this
        // order: holder, target, then each entry's quote and source.
        let entry_rank = |i: u32, field: usize| 10 + 3 * i as usize + field;
        let by_stance = |by: ByStance, field: String, id: &str, expected| FirstProblem::Reference {
            line: by.line,
            record: Referrer::Stance(by.stance),
            field,
            id: id.into(),
            expected,
        };
        for (ix, defined) in self.actor_defined.iter().enumerate() {
            if !defined {
                let by = self.actor_by[ix];
                report((1, stance, by.line, rank(by.line, "holder", 0)), &|| {
                    by_stance(by, "holder".into(), &self.st.actors[ix].id, check::HOLDER)
                });
            }
        }
        for ix in 0..self.st.targets.len() {
            match self.target_def(&self.st.targets[ix].id) {
                Some((label, kind)) => {
                    let t = &mut self.st.targets[ix];
                    t.label = label;
                    t.kind = Some(kind);
                }
                None => {
                    let by = self.target_by[ix];
                    report((1, stance, by.line, rank(by.line, "target", 1)), &|| {
                        by_stance(by, "target".into(), &self.st.targets[ix].id, check::TARGET)
                    });
                }
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
                None => {
                    let field = format!("evidence[{}].quote", p.index);
                    let line = p.by.line;
                    report(
                        (1, stance, line, rank(line, &field, entry_rank(p.index, 0))),
                        &|| by_stance(p.by, field.clone(), quote, check::QUOTE),
                    );
                }
            }
        }
        let quote_rank = check::rank_of_kind(RecordType::Quote);
        for (ix, defined) in self.source_defined.iter().enumerate() {
            if *defined {
                continue;
            }
            let id = &self.st.sources[ix].id;
            let quote = self.source_by_quote[ix];
            if quote != NONE {
                let line = self.quote_line[quote as usize];
                report((1, quote_rank, line, rank(line, "source", 0)), &|| {
                    FirstProblem::Reference {
                        line,
                        record: Referrer::Quote(quote),
                        field: "source".into(),
                        id: id.as_ref().into(),
                        expected: check::SOURCE,
                    }
                });
            }
            let (by, entry) = self.source_by_stance[ix];
            if by.line != 0 {
                let field = format!("evidence[{entry}].source");
                report(
                    (
                        1,
                        stance,
                        by.line,
                        rank(by.line, &field, entry_rank(entry, 1)),
                    ),
                    &|| by_stance(by, field.clone(), id, check::SOURCE),
                );
            }
        }
        match first {
            None => {}
            Some((_, FirstProblem::Error(e))) => return Err(e),
            Some((
                _,
                FirstProblem::Reference {
                    line,
                    record,
                    field,
                    id,
                    expected,
                },
            )) => {
                let (record_type, record) = match record {
                    Referrer::Stance(n) => (RecordType::Stance, self.stance_ids.nth(n).to_owned()),
                    Referrer::Quote(q) => (RecordType::Quote, self.quote_id(q).to_owned()),
                };
                let found = self.kind_of(&id);
                return Err(NetworkError::Unresolved {
                    line: Some(line as usize),
                    record_type,
                    record,
                    field,
                    message: check::reference_problem(&id, found, expected).to_string(),
                });
            }
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
        let mut details = std::mem::take(&mut self.actor_details);
        reorder(&mut details, &actor_order);
        self.st.details = details;
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
        // Ties name actors in their canonical ids, as holders are named.
        for details in &mut self.actor_details {
            for tie in &mut details.ties {
                let canonical = ids.canonical(tie.actor.as_str());
                if canonical != tie.actor.as_str()
                    && let Some(&c) = self.actor_ix.get(canonical)
                    && self.actor_defined[c as usize]
                    && let Ok(id) = claimgraph_core::ActorId::new(canonical)
                {
                    tie.actor = id;
                }
            }
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
