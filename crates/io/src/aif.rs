//! AIF JSON, the interchange format of argument maps: AIFdb and its corpora
//! (QT30 and the other BBC Question Time maps, the DialAM shared task), and
//! OVA, the Online Visualisation of Argument tool that draws and edits them.
//!
//! An AIF map is a graph of nodes joined by edges (`fromID` to `toID`):
//! information nodes (`I`: propositions), locutions (`L`: words as spoken,
//! "Speaker : text"), and scheme nodes that relate them — inference (`RA`),
//! conflict (`CA`), rephrase (`MA`), illocution (`YA`: how a locution puts
//! forward a proposition), transition (`TA`: how one locution follows
//! another). `locutions` tie an `L` node to a speaker (`personID`) and a time
//! (`start`); the wrapped xAIF form puts everything under an `AIF` object
//! with `participants` (`participantID`, `firstname`, `surname`), beside the
//! text (`text`) and OVA's layout (`OVA`).
//!
//! [`import`] reads both forms. `I` nodes become claims; `L` nodes become
//! direct quotes by speakers (persons) taken from the locution's participant,
//! else from the "Name : " in front of the words; `RA`, `CA` and `MA` between
//! claims become relations (supports, attacks, rephrases) from each premise
//! to the conclusion, through the scheme node; an `L` → `YA` → `I`
//! illocution becomes a stance of the speaker on the claim, evidenced by the
//! quote ([`illocution_position`] says which position). Everything else —
//! transitions, illocutions anchored elsewhere, other node kinds, unknown
//! fields and keys — is kept under namespaced `aif:` keys in the `extra` of
//! the record it belongs to, or of the map's one source, so that
//! import → [`export`] → import gives an equal dataset, and the export holds
//! the map's content with its original ids.
//!
//! [`export`] writes any dataset as a plain AIFdb map (or as xAIF when it was
//! read from one) that OVA opens: claims as `I` nodes, quotes as `L` nodes
//! with their locutions and participants, claim-to-claim relations as scheme
//! nodes, stances on claims as illocutions of their quotes. What AIF cannot
//! hold (proposals, concessions, obligations, same-as judgements, stances on
//! anything but claims, ...) is left out and counted by
//! [`export_with_counts`]. `docs/FORMATS.md` lists every field and key.
//!
//! ```
//! use claimgraph_core::Position;
//! use claimgraph_io::aif::{self, AifOptions};
//!
//! let map = br#"{
//!   "nodes": [
//!     {"nodeID": "1", "text": "Ann Smith : Taxes must fall", "type": "L"},
//!     {"nodeID": "2", "text": "Asserting", "type": "YA"},
//!     {"nodeID": "3", "text": "Taxes must fall", "type": "I"}],
//!   "edges": [
//!     {"edgeID": "10", "fromID": "1", "toID": "2"},
//!     {"edgeID": "11", "fromID": "2", "toID": "3"}],
//!   "locutions": [{"nodeID": "1", "personID": "7", "start": "2021-05-20 20:33:08"}]
//! }"#;
//! let options = AifOptions::new().title("Question Time");
//! let imported = aif::import(map, &options)?;
//! let ds = &imported.dataset;
//! assert_eq!(ds.quotes()[0].text, "Taxes must fall");
//! assert_eq!(ds.actors()[0].name, "Ann Smith");
//! assert_eq!(ds.stances()[0].position, Position::Supports);
//! assert_eq!(imported.counts["nodes of type YA"], 1);
//!
//! // Out again, with the original ids, and back in: the same dataset.
//! let mut out = Vec::new();
//! aif::export(ds, &mut out)?;
//! assert_eq!(aif::import(&out, &options)?.dataset, imported.dataset);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use claimgraph_core::{
    Actor, ActorId, ActorKind, Claim, ClaimId, Dataset, Evidence, MAX_ID_LEN, Modality, Position,
    Quote, QuoteId, QuoteMode, RecordId, RecordType, Relation, RelationId, RelationKind, Source,
    SourceId, Stance, StanceId, When,
};
use serde_json::{Map, Value};

use crate::{ImportWarning, Imported, IoError};

// Keys under which the importer keeps what no claimgraph field holds. A
// node's own fields go under `aif:<field>`; these name the rest.
const K_NODE_ID: &str = "aif:nodeID";
const K_PREFIX: &str = "aif:prefix";
const K_LOCUTION: &str = "aif:locution";
const K_EDGE_FROM: &str = "aif:edge_from";
const K_EDGE_TO: &str = "aif:edge_to";
const K_PARTICIPANT: &str = "aif:participant";
const K_PERSON_ID: &str = "aif:personID";
const K_SPEAKER: &str = "aif:speaker";
const K_FORM: &str = "aif:form";
const K_NODES: &str = "aif:nodes";
const K_EDGES: &str = "aif:edges";
const K_LOCUTIONS: &str = "aif:locutions";
const K_PARTICIPANTS: &str = "aif:participants";
const K_TOP: &str = "aif:top:";
const K_IN_AIF: &str = "aif:AIF:";

/// Node fields of an `L` node that would collide with the keys a quote
/// keeps its prefix and locution under.
const QUOTE_RESERVED: &[&str] = &["prefix", "locution"];
/// Node fields of a scheme node that would collide with the keys a relation
/// or stance keeps its edges under.
const SCHEME_RESERVED: &[&str] = &["edge_from", "edge_to"];

const FORM_PLAIN: &str = "aif";
const FORM_XAIF: &str = "xaif";
const DEFAULT_TITLE: &str = "AIF map";
const DEFAULT_SOURCE_ID: &str = "aif-map";
const UNKNOWN_SPEAKER: &str = "Unknown speaker";
/// The longest text in front of a colon that is read as a speaker's name.
const MAX_NAME_CHARS: usize = 100;

/// How [`import`] reads a map: what to call its source, and which dates are
/// placeholders. Every part is optional.
///
/// ```
/// use claimgraph_core::{SourceId, When};
/// use claimgraph_io::aif::AifOptions;
/// let options = AifOptions::new()
///     .title("Question Time, 20 May 2021")
///     .source_id(SourceId::new("qt-2021-05-20")?)
///     .published("2021-05-20".parse()?)
///     .placeholder_day("2020-10-15".parse()?);
/// # let _ = options;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct AifOptions {
    title: Option<String>,
    source_id: Option<SourceId>,
    published: Option<When>,
    placeholder_days: BTreeSet<NaiveDate>,
}

impl AifOptions {
    /// The defaults: a source `aif-map` titled "AIF map", no publication
    /// date, and only the built-in placeholder dates.
    pub fn new() -> AifOptions {
        AifOptions::default()
    }

    /// The title of the map's source (the debate, the text); by default
    /// "AIF map", or the file's name in [`import_path`].
    pub fn title(mut self, title: impl Into<String>) -> AifOptions {
        self.title = Some(title.into());
        self
    }

    /// The id of the map's source; by default `aif-map`. Give each map its
    /// own when several are merged.
    pub fn source_id(mut self, id: SourceId) -> AifOptions {
        self.source_id = Some(id);
        self
    }

    /// When the map's source was published or broadcast.
    pub fn published(mut self, when: When) -> AifOptions {
        self.published = Some(when);
        self
    }

    /// A day that locution `start` times carry as a placeholder rather than
    /// as the day the words were said (some corpora stamp every map with the
    /// same day). Times on it are kept in `extra`, not made quote dates.
    /// Years before 1900 and 1970-01-01 (the Unix epoch) are always
    /// placeholders.
    pub fn placeholder_day(mut self, day: When) -> AifOptions {
        self.placeholder_days.insert(day.date());
        self
    }
}

/// The position an illocution (the name of a `YA` node, such as
/// "Asserting") gives the speaker toward the proposition it introduces:
/// `supports` for "Asserting" and "Agreeing", `opposes` for "Disagreeing",
/// and `neutral` for every other force (questioning, challenging,
/// restating, default illocuting, ...), whose name the stance keeps in its
/// `extra` (`aif:text`). Case and surrounding spaces are ignored. O(length).
///
/// ```
/// use claimgraph_core::Position;
/// use claimgraph_io::aif::illocution_position;
/// assert_eq!(illocution_position("Asserting"), Position::Supports);
/// assert_eq!(illocution_position("disagreeing"), Position::Opposes);
/// assert_eq!(illocution_position("Pure Questioning"), Position::Neutral);
/// ```
pub fn illocution_position(name: &str) -> Position {
    match name.trim().to_lowercase().as_str() {
        "asserting" | "agreeing" => Position::Supports,
        "disagreeing" => Position::Opposes,
        _ => Position::Neutral,
    }
}

/// Reads an AIF map (plain AIFdb JSON or wrapped xAIF) into a dataset with
/// one source, the map's speakers as actors, and its claims, quotes,
/// relations and stances; see the [module documentation](self) for what
/// goes where.
///
/// Real maps' quirks are accepted: ids as strings or numbers, repeated
/// locution entries (identical ones collapse; different ones are kept and
/// warned of), unattached nodes, placeholder dates, a byte-order mark. A
/// reference to a node that does not exist is an [`ImportWarning`] naming
/// the node id, and the edge or locution is kept as it is. `counts` holds
/// what the map held (`nodes`, `nodes of type L`, `edges`, `locutions`,
/// `participants`, ...) and where each went (`nodes as claims`,
/// `nodes kept in source`, `locutions collapsed`, ...), so that every node,
/// edge and locution can be accounted for.
///
/// Errors: input that is not JSON ([`IoError::Syntax`], with line and
/// column), or JSON that is not an AIF map ([`IoError::Content`]).
/// Cost: O((n + e) log n) for n nodes and e edges, locutions and participants.
pub fn import(bytes: &[u8], options: &AifOptions) -> Result<Imported, IoError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| syntax_error(&e))?;
    let Value::Object(top) = value else {
        return Err(content(
            "the top level",
            "expected a JSON object with `nodes` and `edges`, or with an `AIF` object",
        ));
    };
    Importer::new(options).run(top)
}

/// [`import`] of a file; errors name the file. Where the options give no
/// title, the source is titled with the file's name without its extension.
/// Cost: that of reading the file and of [`import`].
pub fn import_path(path: impl AsRef<Path>, options: &AifOptions) -> Result<Imported, IoError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| IoError::from(e).in_file(path))?;
    let mut options = options.clone();
    if options.title.is_none()
        && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        && !stem.trim().is_empty()
    {
        options.title = Some(stem.to_owned());
    }
    import(&bytes, &options).map_err(|e| e.in_file(path))
}

/// Writes a dataset as AIF JSON that OVA opens (see the
/// [module documentation](self)); what AIF cannot hold is left out, and
/// [`export_with_counts`] says how much. The output is pretty-printed,
/// keys in name order: the same dataset always gives the same bytes, and
/// JSON escaping keeps every string a string.
/// Cost: O((n + r) log n) for n records and r references.
pub fn export<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    export_with_counts(ds, out).map(|_| ())
}

/// [`export`], answering with counts of what was written (`nodes`,
/// `nodes of type I`, `edges`, `locutions`, `participants`) and of what AIF
/// could not carry (`not carried: proposals`, `skipped stances: target is
/// not a claim`, ...), in name order.
/// Cost: that of [`export`].
pub fn export_with_counts<W: Write>(
    ds: &Dataset,
    mut out: W,
) -> Result<BTreeMap<String, usize>, IoError> {
    let (value, counts) = Exporter::new(ds).run();
    serde_json::to_writer_pretty(&mut out, &value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(counts)
}

// ---------------------------------------------------------------------------
// Shared helpers

/// A node, edge or participant id as a string: AIF gives ids as strings or
/// numbers, and `"5"` and `5` name the same node.
fn id_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn syntax_error(e: &serde_json::Error) -> IoError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    IoError::Syntax {
        path: None,
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn content(record: impl Into<String>, message: impl Into<String>) -> IoError {
    IoError::Content {
        path: None,
        record: record.into(),
        message: message.into(),
    }
}

/// A participant's name: first name and surname, joined by a space where
/// both are given; a participant with neither is named by its id.
fn participant_name(p: &Map<String, Value>, key: &str) -> String {
    let part = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("");
    let (first, last) = (part("firstname"), part("surname"));
    let name = if !first.is_empty() && !last.is_empty() {
        format!("{first} {last}")
    } else {
        format!("{first}{last}")
    };
    if name.trim().is_empty() {
        format!("Participant {key}")
    } else {
        name
    }
}

/// Splits a name into first name and surname at its last space, so that
/// [`participant_name`] joins it back to the same string.
fn split_name(name: &str) -> (&str, &str) {
    match name.rfind(' ') {
        Some(i) if i > 0 && i + 1 < name.len() => (&name[..i], &name[i + 1..]),
        _ => (name, ""),
    }
}

/// The length of the prefix "`name` : " (spaces around the colon optional
/// before it, at least one after it) when `text` starts with it.
fn named_prefix(text: &str, name: &str) -> Option<usize> {
    let rest = text.strip_prefix(name)?;
    let after_spaces = rest.trim_start_matches(' ');
    let after_colon = after_spaces.strip_prefix(':')?;
    let tail = after_colon.trim_start_matches(' ');
    if tail.len() == after_colon.len() {
        return None;
    }
    Some(text.len() - tail.len())
}

/// A speaker's name in front of the words, "Name : words" or "Name: words":
/// the text before the first colon, trimmed, non-empty, at most
/// [`MAX_NAME_CHARS`] characters and free of control characters, with a
/// space after the colon. Gives the name and the prefix's length in bytes.
fn any_prefix(text: &str) -> Option<(&str, usize)> {
    let colon = text.find(':')?;
    let head = &text[..colon];
    let name = head.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || head.chars().any(char::is_control)
    {
        return None;
    }
    let after = &text[colon + 1..];
    let tail = after.trim_start_matches(' ');
    if tail.len() == after.len() {
        return None;
    }
    Some((name, text.len() - tail.len()))
}

/// Whether two locutions say the same: the same fields and values, ids
/// compared as ids (`"5"` and `5` are one).
fn same_locution(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.len() == b.len()
        && a.iter().all(|(k, v)| match b.get(k) {
            Some(w) if k == "nodeID" || k == "personID" => match (id_key(v), id_key(w)) {
                (Some(x), Some(y)) => x == y,
                _ => v == w,
            },
            Some(w) => v == w,
            None => false,
        })
}

fn default_prefix(name: &str) -> String {
    format!("{name} : ")
}

/// Reads a locution `start`: "YYYY-MM-DD HH:MM:SS" (fractions allowed) as
/// UTC, as OVA writes and reads it, or anything a claimgraph date accepts.
/// Values that could not be written back are refused.
fn parse_start(s: &str) -> Option<When> {
    let s = s.trim();
    let when = match NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f") {
        Ok(t) => When::DateTime(t.and_utc().fixed_offset()),
        Err(_) => When::parse(s).ok()?,
    };
    let again = When::parse(&when.to_string()).ok()?;
    (again == when).then_some(when)
}

/// A locution `start` as OVA writes it: "YYYY-MM-DD HH:MM:SS" in UTC (with a
/// fraction where there is one); a date without a time as written.
fn format_start(when: &When) -> String {
    match when {
        When::DateTime(t) => t.naive_utc().format("%Y-%m-%d %H:%M:%S%.f").to_string(),
        other => other.to_string(),
    }
}

fn relation_kind(node_type: &str) -> Option<RelationKind> {
    match node_type {
        "RA" => Some(RelationKind::Supports),
        "CA" => Some(RelationKind::Attacks),
        "MA" => Some(RelationKind::Rephrases),
        _ => None,
    }
}

/// The scheme node a relation kind is written as: type, default scheme name,
/// and that scheme's id in AIFdb.
fn relation_scheme(kind: RelationKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        RelationKind::Supports => ("RA", "Default Inference", "72"),
        RelationKind::Attacks => ("CA", "Default Conflict", "71"),
        _ => ("MA", "Default Rephrase", "144"),
    }
}

/// The illocution a stance is written as: the position it reads back as,
/// the default illocution's name and its scheme id in AIFdb; `None` for
/// positions AIF cannot express (no comment, no response).
fn stance_illocution(s: &Stance) -> Option<(Position, &'static str, &'static str)> {
    const ASSERTING: (Position, &str, &str) = (Position::Supports, "Asserting", "74");
    const DISAGREEING: (Position, &str, &str) = (Position::Opposes, "Disagreeing", "78");
    const DEFAULT: (Position, &str, &str) = (Position::Neutral, "Default Illocuting", "168");
    let position = s.effective_position();
    if position.is_silence() {
        return None;
    }
    if matches!(s.modality, Some(Modality::Future | Modality::Hypothetical)) {
        return Some(DEFAULT);
    }
    Some(match position {
        Position::Supports => ASSERTING,
        Position::Opposes => DISAGREEING,
        _ => DEFAULT,
    })
}

/// The name of a scheme node as stored: its text, else its scheme.
fn scheme_name(node: &Map<String, Value>) -> Option<&str> {
    node.get("text")
        .and_then(Value::as_str)
        .or_else(|| node.get("scheme").and_then(Value::as_str))
}

fn bump(counts: &mut BTreeMap<String, usize>, key: impl Into<String>) {
    *counts.entry(key.into()).or_insert(0) += 1;
}

fn object_without(obj: &Map<String, Value>, drop: &[&str]) -> Value {
    Value::Object(
        obj.iter()
            .filter(|(k, _)| !drop.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Import

/// A node with an id and a type, the first with its id.
#[derive(Debug)]
struct Node {
    index: usize,
    key: String,
    ty: String,
    obj: Map<String, Value>,
    role: Role,
}

#[derive(Debug, Clone, PartialEq)]
enum Role {
    Unmapped,
    Claim(ClaimId),
    Quote(QuoteId, ActorId),
    Mapped,
}

#[derive(Debug)]
struct Edge {
    index: usize,
    from: String,
    to: String,
    obj: Map<String, Value>,
    used: bool,
}

#[derive(Debug)]
struct Locution {
    index: usize,
    obj: Map<String, Value>,
    used: bool,
}

/// Speakers met so far, by participant or person id and by name.
#[derive(Debug, Default)]
struct Speakers {
    by_person: BTreeMap<String, ActorId>,
    by_name: BTreeMap<String, ActorId>,
    names: BTreeMap<ActorId, String>,
    unknown: Option<ActorId>,
}

#[derive(Debug)]
struct Importer<'o> {
    options: &'o AifOptions,
    ds: Dataset,
    warnings: Vec<ImportWarning>,
    counts: BTreeMap<String, usize>,
    used_ids: BTreeSet<String>,
    kept_nodes: Vec<(usize, Value)>,
    kept_edges: Vec<(usize, Value)>,
    kept_locutions: Vec<(usize, Value)>,
    kept_participants: Vec<(usize, Value)>,
}

fn take_array(map: &mut Map<String, Value>, key: &str) -> Result<Vec<Value>, IoError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(content(key, "expected an array")),
    }
}

impl<'o> Importer<'o> {
    fn new(options: &'o AifOptions) -> Importer<'o> {
        Importer {
            options,
            ds: Dataset::new(),
            warnings: Vec::new(),
            counts: BTreeMap::new(),
            used_ids: BTreeSet::new(),
            kept_nodes: Vec::new(),
            kept_edges: Vec::new(),
            kept_locutions: Vec::new(),
            kept_participants: Vec::new(),
        }
    }

    fn warn(&mut self, record: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(ImportWarning {
            record: record.into(),
            message: message.into(),
        });
    }

    fn count(&mut self, key: impl Into<String>) {
        bump(&mut self.counts, key);
    }

    /// A record id made from `base`, valid and unused: control characters
    /// become `_`, surrounding spaces go, long ids are cut, and a repeated
    /// id gets `-2`, `-3`, ...
    fn fresh_id(&mut self, base: &str) -> String {
        let clean: String = base
            .chars()
            .map(|c| if c.is_control() { '_' } else { c })
            .collect();
        let mut clean = clean.trim().to_owned();
        let limit = MAX_ID_LEN - 24;
        if clean.len() > limit {
            let mut cut = limit;
            while !clean.is_char_boundary(cut) {
                cut -= 1;
            }
            clean.truncate(cut);
            clean = clean.trim_end().to_owned();
        }
        if clean.is_empty() {
            clean = "aif".to_owned();
        }
        let mut id = clean.clone();
        let mut n = 2;
        while self.used_ids.contains(&id) {
            id = format!("{clean}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        id
    }

    fn run(mut self, mut top: Map<String, Value>) -> Result<Imported, IoError> {
        // The form, and the object holding nodes, edges and locutions.
        let (form, mut body) = match top.remove("AIF") {
            Some(Value::Object(body)) => (FORM_XAIF, body),
            Some(_) => return Err(content("AIF", "expected an object")),
            None => {
                if !["nodes", "edges", "locutions"]
                    .iter()
                    .any(|k| top.contains_key(*k))
                {
                    return Err(content(
                        "the top level",
                        "no `nodes`, `edges`, `locutions` or `AIF`: this is not an AIF map",
                    ));
                }
                (FORM_PLAIN, std::mem::take(&mut top))
            }
        };
        let nodes = take_array(&mut body, "nodes")?;
        let edges = take_array(&mut body, "edges")?;
        let locutions = take_array(&mut body, "locutions")?;
        let participants = take_array(&mut body, "participants")?;

        // The source: one per map.
        let source_id = match &self.options.source_id {
            Some(id) => id.clone(),
            None => {
                SourceId::new(DEFAULT_SOURCE_ID).map_err(|e| content("source", e.to_string()))?
            }
        };
        self.used_ids.insert(source_id.as_str().to_owned());
        let mut source = Source::new(
            source_id.clone(),
            self.options.title.as_deref().unwrap_or(DEFAULT_TITLE),
        );
        source.published = self.options.published;
        source.extra.insert(K_FORM.into(), Value::from(form));
        let outer = if form == FORM_XAIF {
            &mut top
        } else {
            &mut body
        };
        match outer.remove("text") {
            Some(Value::String(t)) if !t.trim().is_empty() => source.text = Some(t),
            Some(other) => {
                source.extra.insert(format!("{K_TOP}text"), other);
            }
            None => {}
        }
        if form == FORM_XAIF {
            for (k, v) in std::mem::take(&mut body) {
                source.extra.insert(format!("{K_IN_AIF}{k}"), v);
            }
        }
        for (k, v) in std::mem::take(&mut top).into_iter().chain(body) {
            source.extra.insert(format!("{K_TOP}{k}"), v);
        }

        let mut speakers = Speakers::default();
        self.participants(participants, &mut speakers)?;
        let mut nodes = self.nodes(nodes);
        let by_key: BTreeMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.key.clone(), i))
            .collect();
        let mut locutions = self.locutions(locutions, &nodes, &by_key);
        let mut edges = self.edges(edges, &by_key);

        for node in nodes.iter_mut().filter(|n| n.ty == "I") {
            self.claim(node)?;
        }
        for node in nodes.iter_mut().filter(|n| n.ty == "L") {
            let locution = locutions.get_mut(&node.key);
            self.quote(node, locution, &source_id, &mut speakers)?;
        }

        // Who goes into and out of each node, in edge order.
        let mut into: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut out_of: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, e) in edges.iter().enumerate() {
            into.entry(e.to.clone()).or_default().push(i);
            out_of.entry(e.from.clone()).or_default().push(i);
        }
        let none = Vec::new();
        for n in 0..nodes.len() {
            let (ins, outs) = (
                into.get(&nodes[n].key).unwrap_or(&none),
                out_of.get(&nodes[n].key).unwrap_or(&none),
            );
            if relation_kind(&nodes[n].ty).is_some() {
                self.relations(n, &mut nodes, &by_key, &mut edges, ins, outs)?;
            } else if nodes[n].ty == "YA" {
                self.stance(n, &mut nodes, &by_key, &mut edges, ins, outs)?;
            }
        }

        // Everything not mapped is kept as it is, in input order.
        for node in nodes {
            match node.role {
                Role::Unmapped => {
                    self.count("nodes kept in source");
                    self.kept_nodes.push((node.index, Value::Object(node.obj)));
                }
                Role::Claim(_) => self.count("nodes as claims"),
                Role::Quote(..) => self.count("nodes as quotes"),
                Role::Mapped => {}
            }
        }
        for e in edges.into_iter().filter(|e| !e.used) {
            self.count("edges kept in source");
            self.kept_edges.push((e.index, Value::Object(e.obj)));
        }
        for l in locutions.into_values().filter(|l| !l.used) {
            self.count("locutions kept in source");
            self.kept_locutions.push((l.index, Value::Object(l.obj)));
        }
        for (key, kept) in [
            (K_NODES, std::mem::take(&mut self.kept_nodes)),
            (K_EDGES, std::mem::take(&mut self.kept_edges)),
            (K_LOCUTIONS, std::mem::take(&mut self.kept_locutions)),
            (K_PARTICIPANTS, std::mem::take(&mut self.kept_participants)),
        ] {
            if !kept.is_empty() {
                let mut kept = kept;
                kept.sort_by_key(|(i, _)| *i);
                let values = kept.into_iter().map(|(_, v)| v).collect();
                source.extra.insert(key.into(), Value::Array(values));
            }
        }
        self.ds.push(source);

        for (kind, name) in [
            (RecordType::Source, "sources"),
            (RecordType::Actor, "actors"),
            (RecordType::Claim, "claims"),
            (RecordType::Quote, "quotes"),
            (RecordType::Stance, "stances"),
            (RecordType::Relation, "relations"),
        ] {
            let n = self.ds.count(kind);
            self.counts.insert(name.into(), n);
        }
        // The accounting keys are always there, zero or not.
        for key in [
            "nodes",
            "nodes as claims",
            "nodes as quotes",
            "nodes as relations",
            "nodes as stances",
            "nodes kept in source",
            "edges",
            "edges in relations",
            "edges in stances",
            "edges kept in source",
            "locutions",
            "locutions on quotes",
            "locutions collapsed",
            "locutions kept in source",
            "participants",
            "participants as actors",
            "participants kept in source",
            "broken references",
        ] {
            self.counts.entry(key.into()).or_insert(0);
        }
        Ok(Imported {
            dataset: self.ds,
            warnings: self.warnings,
            counts: self.counts,
        })
    }

    fn participants(
        &mut self,
        participants: Vec<Value>,
        speakers: &mut Speakers,
    ) -> Result<(), IoError> {
        for (i, p) in participants.into_iter().enumerate() {
            self.count("participants");
            let key = match &p {
                Value::Object(obj) => obj.get("participantID").and_then(id_key),
                _ => None,
            };
            let Some(key) = key else {
                self.warn(
                    format!("participants[{i}]"),
                    "has no participantID; kept in the source's aif:participants",
                );
                self.kept_participants.push((i, p));
                self.count("participants kept in source");
                continue;
            };
            if speakers.by_person.contains_key(&key) {
                self.warn(
                    format!("participant {key}"),
                    "appears twice; the first is used, the other kept in the source's aif:participants",
                );
                self.kept_participants.push((i, p));
                self.count("participants kept in source");
                continue;
            }
            let name = match &p {
                Value::Object(obj) => participant_name(obj, &key),
                _ => format!("Participant {key}"),
            };
            let id = self.fresh_id(&format!("aif-person-{key}"));
            let id = ActorId::new(&id)
                .map_err(|e| content(format!("participant {key}"), e.to_string()))?;
            let mut actor = Actor::new(id.clone(), name.clone(), ActorKind::Person);
            actor.extra.insert(K_PARTICIPANT.into(), p);
            self.ds.push(actor);
            self.count("participants as actors");
            speakers.by_person.insert(key, id.clone());
            speakers.by_name.entry(name.clone()).or_insert(id.clone());
            speakers.names.insert(id, name);
        }
        Ok(())
    }

    fn nodes(&mut self, nodes: Vec<Value>) -> Vec<Node> {
        let mut out: Vec<Node> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (i, n) in nodes.into_iter().enumerate() {
            self.count("nodes");
            let ty = n.get("type").and_then(Value::as_str).map(str::to_owned);
            self.count(format!(
                "nodes of type {}",
                ty.as_deref().unwrap_or("(none)")
            ));
            let key = n.get("nodeID").and_then(id_key);
            match (n, key, ty) {
                (Value::Object(obj), Some(key), Some(ty)) => {
                    if seen.contains(&key) {
                        self.warn(
                            format!("node {key}"),
                            "appears twice; the first is used, the other kept in the source's aif:nodes",
                        );
                        self.count("nodes kept in source");
                        self.kept_nodes.push((i, Value::Object(obj)));
                    } else {
                        seen.insert(key.clone());
                        out.push(Node {
                            index: i,
                            key,
                            ty,
                            obj,
                            role: Role::Unmapped,
                        });
                    }
                }
                (n, key, _) => {
                    let record = match key {
                        Some(k) => format!("node {k}"),
                        None => format!("nodes[{i}]"),
                    };
                    self.warn(
                        record,
                        "has no nodeID or no type; kept in the source's aif:nodes",
                    );
                    self.count("nodes kept in source");
                    self.kept_nodes.push((i, n));
                }
            }
        }
        out
    }

    fn locutions(
        &mut self,
        locutions: Vec<Value>,
        nodes: &[Node],
        by_key: &BTreeMap<String, usize>,
    ) -> BTreeMap<String, Locution> {
        let mut out: BTreeMap<String, Locution> = BTreeMap::new();
        for (i, l) in locutions.into_iter().enumerate() {
            self.count("locutions");
            let key = l.get("nodeID").and_then(id_key);
            let (obj, key) = match (l, key) {
                (Value::Object(obj), Some(key)) => (obj, key),
                (other, _) => {
                    self.warn(
                        format!("locutions[{i}]"),
                        "has no nodeID; kept in the source's aif:locutions",
                    );
                    self.count("locutions kept in source");
                    self.kept_locutions.push((i, other));
                    continue;
                }
            };
            let Some(&n) = by_key.get(&key) else {
                self.warn(
                    format!("locutions[{i}]"),
                    format!(
                        "refers to node {key}, which does not exist; kept in the source's aif:locutions"
                    ),
                );
                self.count("broken references");
                self.count("locutions kept in source");
                self.kept_locutions.push((i, Value::Object(obj)));
                continue;
            };
            if nodes[n].ty != "L" {
                self.warn(
                    format!("locutions[{i}]"),
                    format!(
                        "belongs to node {key}, of type {}, but only L nodes have locutions; kept in the source's aif:locutions",
                        nodes[n].ty
                    ),
                );
                self.count("locutions kept in source");
                self.kept_locutions.push((i, Value::Object(obj)));
                continue;
            }
            match out.get(&key) {
                None => {
                    out.insert(
                        key,
                        Locution {
                            index: i,
                            obj,
                            used: false,
                        },
                    );
                }
                Some(first) if same_locution(&first.obj, &obj) => {
                    self.count("locutions collapsed");
                }
                Some(_) => {
                    self.warn(
                        format!("node {key}"),
                        "has two different locutions; the first is used, the other kept in the source's aif:locutions",
                    );
                    self.count("locutions conflicting");
                    self.count("locutions kept in source");
                    self.kept_locutions.push((i, Value::Object(obj)));
                }
            }
        }
        out
    }

    fn edges(&mut self, edges: Vec<Value>, by_key: &BTreeMap<String, usize>) -> Vec<Edge> {
        let mut out = Vec::new();
        for (i, e) in edges.into_iter().enumerate() {
            self.count("edges");
            let record = match e.get("edgeID").and_then(id_key) {
                Some(k) => format!("edge {k}"),
                None => format!("edges[{i}]"),
            };
            let from = e.get("fromID").and_then(id_key);
            let to = e.get("toID").and_then(id_key);
            let (Value::Object(obj), Some(from), Some(to)) = (&e, from, to) else {
                self.warn(
                    record,
                    "has no fromID or no toID; kept in the source's aif:edges",
                );
                self.kept_edges.push((i, e));
                self.count("edges kept in source");
                continue;
            };
            let missing: Vec<&String> = [&from, &to]
                .into_iter()
                .filter(|k| !by_key.contains_key(*k))
                .collect();
            if let Some(first) = missing.first() {
                let names = if missing.len() == 2 && from != to {
                    format!("nodes {from} and {to}, which do not exist")
                } else {
                    format!("node {first}, which does not exist")
                };
                self.warn(
                    record,
                    format!("refers to {names}; kept in the source's aif:edges"),
                );
                self.count("broken references");
                self.count("edges kept in source");
                self.kept_edges.push((i, e));
                continue;
            }
            out.push(Edge {
                index: i,
                from,
                to,
                obj: obj.clone(),
                used: false,
            });
        }
        out
    }

    fn claim(&mut self, node: &mut Node) -> Result<(), IoError> {
        let text = match node.obj.get("text").and_then(Value::as_str) {
            Some(t) if !t.trim().is_empty() => t.to_owned(),
            _ => {
                self.warn(
                    format!("node {}", node.key),
                    "an I node without text; kept in the source's aif:nodes",
                );
                return Ok(());
            }
        };
        let id = self.fresh_id(&format!("aif-{}", node.key));
        let id =
            ClaimId::new(&id).map_err(|e| content(format!("node {}", node.key), e.to_string()))?;
        let mut claim = Claim::new(id.clone(), text);
        for (k, v) in &node.obj {
            if k != "text" && k != "type" {
                claim.extra.insert(format!("aif:{k}"), v.clone());
            }
        }
        self.ds.push(claim);
        node.role = Role::Claim(id);
        Ok(())
    }

    fn speaker_actor(
        &mut self,
        speakers: &mut Speakers,
        base: String,
        name: String,
        marker: (&str, Value),
        kind: ActorKind,
    ) -> Result<ActorId, IoError> {
        let id = self.fresh_id(&base);
        let id =
            ActorId::new(&id).map_err(|e| content(format!("speaker {name}"), e.to_string()))?;
        let mut actor = Actor::new(id.clone(), name.clone(), kind);
        actor.extra.insert(marker.0.into(), marker.1);
        self.ds.push(actor);
        speakers.by_name.entry(name.clone()).or_insert(id.clone());
        speakers.names.insert(id.clone(), name);
        Ok(id)
    }

    fn quote(
        &mut self,
        node: &mut Node,
        locution: Option<&mut Locution>,
        source: &SourceId,
        speakers: &mut Speakers,
    ) -> Result<(), IoError> {
        let text = match node.obj.get("text").and_then(Value::as_str) {
            Some(t) if !t.trim().is_empty() => t.to_owned(),
            _ => {
                self.warn(
                    format!("node {}", node.key),
                    "an L node without text; kept in the source's aif:nodes",
                );
                return Ok(());
            }
        };
        if let Some(field) = QUOTE_RESERVED.iter().find(|f| node.obj.contains_key(**f)) {
            self.warn(
                format!("node {}", node.key),
                format!(
                    "has a field `{field}`, whose key a quote uses for itself; kept in the source's aif:nodes"
                ),
            );
            return Ok(());
        }

        // The speaker: the locution's participant or person, else the name
        // in front of the words, else nobody known.
        let person = locution
            .as_ref()
            .and_then(|l| l.obj.get("personID").map(|v| (id_key(v), v.clone())));
        let speaker = match person {
            Some((Some(pk), raw)) => match speakers.by_person.get(&pk) {
                Some(a) => a.clone(),
                None => {
                    let name = any_prefix(&text)
                        .map(|(n, _)| n.to_owned())
                        .unwrap_or_else(|| format!("Person {pk}"));
                    let id = self.speaker_actor(
                        speakers,
                        format!("aif-person-{pk}"),
                        name,
                        (K_PERSON_ID, raw),
                        ActorKind::Person,
                    )?;
                    speakers.by_person.insert(pk, id.clone());
                    id
                }
            },
            _ => match any_prefix(&text) {
                Some((name, _)) => match speakers.by_name.get(name) {
                    Some(a) => a.clone(),
                    None => {
                        let slug = slug(name);
                        self.speaker_actor(
                            speakers,
                            format!("aif-speaker-{slug}"),
                            name.to_owned(),
                            (K_SPEAKER, Value::from("text")),
                            ActorKind::Person,
                        )?
                    }
                },
                None => match &speakers.unknown {
                    Some(a) => a.clone(),
                    None => {
                        let id = self.speaker_actor(
                            speakers,
                            "aif-unknown-speaker".to_owned(),
                            UNKNOWN_SPEAKER.to_owned(),
                            (K_SPEAKER, Value::from("unknown")),
                            ActorKind::Unnamed,
                        )?;
                        speakers.unknown = Some(id.clone());
                        id
                    }
                },
            },
        };
        let speaker_name = speakers
            .names
            .get(&speaker)
            .cloned()
            .unwrap_or_else(|| speaker.to_string());

        // The words without the name in front of them; the prefix is kept
        // where it is not the one export would write.
        let mut cut = named_prefix(&text, &speaker_name)
            .or_else(|| any_prefix(&text).map(|(_, len)| len))
            .unwrap_or(0);
        if text[cut..].trim().is_empty() {
            cut = 0;
        }
        let id = self.fresh_id(&format!("aif-{}", node.key));
        let id =
            QuoteId::new(&id).map_err(|e| content(format!("node {}", node.key), e.to_string()))?;
        let mut quote = Quote::new(
            id.clone(),
            speaker.clone(),
            source.clone(),
            QuoteMode::Direct,
            &text[cut..],
        );
        for (k, v) in &node.obj {
            if k != "text" && k != "type" {
                quote.extra.insert(format!("aif:{k}"), v.clone());
            }
        }
        if text[..cut] != default_prefix(&speaker_name) {
            quote
                .extra
                .insert(K_PREFIX.into(), Value::from(&text[..cut]));
        }
        if let Some(l) = locution {
            l.used = true;
            self.count("locutions on quotes");
            quote.date = l
                .obj
                .get("start")
                .and_then(Value::as_str)
                .and_then(parse_start)
                .filter(|w| !self.is_placeholder(w));
            // The person id is the speaker's to write back, when it is one.
            let by_speaker: &[&str] = match l.obj.get("personID").and_then(id_key) {
                Some(_) => &["nodeID", "personID"],
                None => &["nodeID"],
            };
            quote
                .extra
                .insert(K_LOCUTION.into(), object_without(&l.obj, by_speaker));
        }
        self.ds.push(quote);
        node.role = Role::Quote(id, speaker);
        Ok(())
    }

    fn is_placeholder(&self, when: &When) -> bool {
        let day = when.date();
        day.year() < 1900
            || (day.year(), day.month(), day.day()) == (1970, 1, 1)
            || self.options.placeholder_days.contains(&day)
    }

    /// An RA, CA or MA node with one conclusion claim and premise claims:
    /// one relation per premise, through the node.
    fn relations(
        &mut self,
        n: usize,
        nodes: &mut [Node],
        by_key: &BTreeMap<String, usize>,
        edges: &mut [Edge],
        ins: &[usize],
        outs: &[usize],
    ) -> Result<(), IoError> {
        let claim_of = |key: &str| match by_key.get(key).map(|&i| &nodes[i].role) {
            Some(Role::Claim(c)) => Some(c.clone()),
            _ => None,
        };
        let mut conclusions: Vec<(usize, ClaimId)> = Vec::new();
        for &e in outs {
            if let Some(c) = claim_of(&edges[e].to)
                && !conclusions.iter().any(|(_, x)| *x == c)
            {
                conclusions.push((e, c));
            }
        }
        let [(to_edge, conclusion)] = conclusions.as_slice() else {
            return Ok(());
        };
        let mut premises: Vec<(usize, ClaimId)> = Vec::new();
        for &e in ins {
            if let Some(c) = claim_of(&edges[e].from)
                && c != *conclusion
                && !premises.iter().any(|(_, x)| *x == c)
            {
                premises.push((e, c));
            }
        }
        if premises.is_empty() {
            return Ok(());
        }
        let node = &nodes[n];
        let Some(kind) = relation_kind(&node.ty) else {
            return Ok(());
        };
        if let Some(field) = SCHEME_RESERVED.iter().find(|f| node.obj.contains_key(**f)) {
            self.warn(
                format!("node {}", node.key),
                format!(
                    "has a field `{field}`, whose key a relation uses for itself; kept in the source's aif:nodes"
                ),
            );
            return Ok(());
        }
        let key = node.key.clone();
        let fields: Vec<(String, Value)> = node
            .obj
            .iter()
            .map(|(k, v)| (format!("aif:{k}"), v.clone()))
            .collect();
        let to_edge = *to_edge;
        let edge_to = object_without(&edges[to_edge].obj, &["fromID", "toID"]);
        for (e, premise) in &premises {
            let id = self.fresh_id(&format!("aif-{key}"));
            let id = RelationId::new(&id)
                .map_err(|err| content(format!("node {key}"), err.to_string()))?;
            let mut r = Relation::new(id, premise.to_record_id(), conclusion.to_record_id(), kind);
            r.extra.extend(fields.iter().cloned());
            r.extra.insert(
                K_EDGE_FROM.into(),
                object_without(&edges[*e].obj, &["fromID", "toID"]),
            );
            r.extra.insert(K_EDGE_TO.into(), edge_to.clone());
            self.ds.push(r);
            edges[*e].used = true;
            self.count("edges in relations");
        }
        edges[to_edge].used = true;
        self.count("edges in relations");
        self.count("nodes as relations");
        nodes[n].role = Role::Mapped;
        Ok(())
    }

    /// A YA node from exactly one quote to exactly one claim: a stance of
    /// the quote's speaker on the claim.
    fn stance(
        &mut self,
        n: usize,
        nodes: &mut [Node],
        by_key: &BTreeMap<String, usize>,
        edges: &mut [Edge],
        ins: &[usize],
        outs: &[usize],
    ) -> Result<(), IoError> {
        let role_of = |key: &str| by_key.get(key).map(|&i| nodes[i].role.clone());
        let quotes: Vec<(usize, QuoteId, ActorId)> = ins
            .iter()
            .filter_map(|&e| match role_of(&edges[e].from) {
                Some(Role::Quote(q, a)) => Some((e, q, a)),
                _ => None,
            })
            .collect();
        let claims: Vec<(usize, ClaimId)> = outs
            .iter()
            .filter_map(|&e| match role_of(&edges[e].to) {
                Some(Role::Claim(c)) => Some((e, c)),
                _ => None,
            })
            .collect();
        let ([(from_edge, quote, speaker)], [(to_edge, claim)]) =
            (quotes.as_slice(), claims.as_slice())
        else {
            return Ok(());
        };
        let node = &nodes[n];
        if let Some(field) = SCHEME_RESERVED.iter().find(|f| node.obj.contains_key(**f)) {
            self.warn(
                format!("node {}", node.key),
                format!(
                    "has a field `{field}`, whose key a stance uses for itself; kept in the source's aif:nodes"
                ),
            );
            return Ok(());
        }
        let position = illocution_position(scheme_name(&node.obj).unwrap_or(""));
        let id = self.fresh_id(&format!("aif-{}", node.key));
        let id =
            StanceId::new(&id).map_err(|e| content(format!("node {}", node.key), e.to_string()))?;
        let mut s = Stance::new(id, speaker.clone(), claim.to_record_id(), position);
        s.evidence.push(Evidence::quote(quote.clone()));
        for (k, v) in &node.obj {
            s.extra.insert(format!("aif:{k}"), v.clone());
        }
        s.extra.insert(
            K_EDGE_FROM.into(),
            object_without(&edges[*from_edge].obj, &["fromID", "toID"]),
        );
        s.extra.insert(
            K_EDGE_TO.into(),
            object_without(&edges[*to_edge].obj, &["fromID", "toID"]),
        );
        let (from_edge, to_edge) = (*from_edge, *to_edge);
        self.ds.push(s);
        edges[from_edge].used = true;
        edges[to_edge].used = true;
        self.count("edges in stances");
        self.count("edges in stances");
        self.count("nodes as stances");
        nodes[n].role = Role::Mapped;
        Ok(())
    }
}

/// A speaker's name as an id part: lower-case letters and digits, other
/// runs as `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 64 {
            break;
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "speaker".to_owned()
    } else {
        out.to_owned()
    }
}

// ---------------------------------------------------------------------------
// Export

/// Ids handed out on export: those an imported record kept, if no one took
/// them first, else fresh numbers that no input id uses.
#[derive(Debug, Default)]
struct Ids {
    reserved: BTreeSet<String>,
    taken: BTreeSet<String>,
    next: u64,
}

impl Ids {
    fn reserve(&mut self, v: Option<&Value>) {
        if let Some(k) = v.and_then(id_key) {
            self.reserved.insert(k);
        }
    }

    fn fresh(&mut self) -> Value {
        loop {
            self.next += 1;
            let k = self.next.to_string();
            if !self.reserved.contains(&k) && !self.taken.contains(&k) {
                self.taken.insert(k);
                return Value::from(self.next);
            }
        }
    }

    fn restore(&mut self, v: Option<&Value>) -> Value {
        if let Some(v) = v
            && let Some(k) = id_key(v)
            && !self.taken.contains(&k)
        {
            self.taken.insert(k);
            return v.clone();
        }
        self.fresh()
    }
}

#[derive(Debug)]
struct Exporter<'a> {
    ds: &'a Dataset,
    counts: BTreeMap<String, usize>,
    node_ids: Ids,
    edge_ids: Ids,
    person_ids: Ids,
    nodes: Vec<Value>,
    edges: Vec<Value>,
    locutions: Vec<Value>,
    participants: Vec<Value>,
    claim_nodes: BTreeMap<&'a str, Value>,
    quote_nodes: BTreeMap<&'a str, Value>,
    persons: BTreeMap<&'a str, Value>,
}

/// The node fields a record keeps under `aif:<field>`, without the keys
/// that name other things.
fn node_fields(extra: &BTreeMap<String, Value>, specials: &[&str]) -> Map<String, Value> {
    extra
        .iter()
        .filter(|(k, _)| !specials.contains(&k.as_str()))
        .filter_map(|(k, v)| Some((k.strip_prefix("aif:")?.to_owned(), v.clone())))
        .collect()
}

impl<'a> Exporter<'a> {
    fn new(ds: &'a Dataset) -> Exporter<'a> {
        Exporter {
            ds,
            counts: BTreeMap::new(),
            node_ids: Ids::default(),
            edge_ids: Ids::default(),
            person_ids: Ids::default(),
            nodes: Vec::new(),
            edges: Vec::new(),
            locutions: Vec::new(),
            participants: Vec::new(),
            claim_nodes: BTreeMap::new(),
            quote_nodes: BTreeMap::new(),
            persons: BTreeMap::new(),
        }
    }

    fn count(&mut self, key: impl Into<String>) {
        bump(&mut self.counts, key);
    }

    fn edge(&mut self, stored: Option<&Value>, from: Value, to: Value) {
        let mut obj = match stored {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let id = self.edge_ids.restore(obj.get("edgeID"));
        obj.insert("edgeID".into(), id);
        obj.insert("fromID".into(), from);
        obj.insert("toID".into(), to);
        self.edges.push(Value::Object(obj));
    }

    fn run(mut self) -> (Value, BTreeMap<String, usize>) {
        let ds = self.ds;
        // What the sources keep of the maps they were read from.
        let aif_sources: Vec<&Source> = ds
            .sources()
            .iter()
            .filter(|s| s.extra.contains_key(K_FORM))
            .collect();
        let xaif = aif_sources
            .iter()
            .any(|s| s.extra.get(K_FORM).and_then(Value::as_str) == Some(FORM_XAIF));
        let kept = |key: &str| -> Vec<Value> {
            aif_sources
                .iter()
                .filter_map(|s| s.extra.get(key).and_then(Value::as_array))
                .flatten()
                .cloned()
                .collect()
        };
        let (kept_nodes, kept_edges, kept_locutions, kept_participants) = (
            kept(K_NODES),
            kept(K_EDGES),
            kept(K_LOCUTIONS),
            kept(K_PARTICIPANTS),
        );

        // Reserve every id the input used, so fresh ones never meet them.
        // Kept nodes and edges are written as they are, beside the records
        // that take their ids back first (a map may repeat an id).
        for n in &kept_nodes {
            self.node_ids.reserve(n.get("nodeID"));
        }
        for e in &kept_edges {
            self.edge_ids.reserve(e.get("edgeID"));
            self.node_ids.reserve(e.get("fromID"));
            self.node_ids.reserve(e.get("toID"));
        }
        for l in &kept_locutions {
            self.node_ids.reserve(l.get("nodeID"));
            self.person_ids.reserve(l.get("personID"));
        }
        for p in &kept_participants {
            self.person_ids.reserve(p.get("participantID"));
        }
        let extras = ds
            .claims()
            .iter()
            .map(|r| &r.extra)
            .chain(ds.quotes().iter().map(|r| &r.extra))
            .chain(ds.relations().iter().map(|r| &r.extra))
            .chain(ds.stances().iter().map(|r| &r.extra));
        for extra in extras {
            self.node_ids.reserve(extra.get(K_NODE_ID));
            for k in [K_EDGE_FROM, K_EDGE_TO] {
                self.edge_ids
                    .reserve(extra.get(k).and_then(|e| e.get("edgeID")));
            }
        }
        for a in ds.actors() {
            self.person_ids.reserve(a.extra.get(K_PERSON_ID));
            self.person_ids.reserve(
                a.extra
                    .get(K_PARTICIPANT)
                    .and_then(|p| p.get("participantID")),
            );
        }

        self.speakers();
        self.claims();
        self.quotes();
        self.relations();
        self.stances();

        // Not carried.
        for (kind, what) in [
            (RecordType::Proposal, "proposals"),
            (RecordType::Concession, "concessions"),
            (RecordType::Obligation, "obligations"),
            (RecordType::SameAs, "same-as judgements"),
            (RecordType::Source, "sources"),
        ] {
            let n = ds.count(kind);
            if n > 0 {
                self.counts.insert(format!("not carried: {what}"), n);
            }
        }

        for n in kept_nodes {
            self.nodes.push(n);
        }
        self.edges.extend(kept_edges);
        self.locutions.extend(kept_locutions);
        self.participants.extend(kept_participants);
        for n in &self.nodes {
            let ty = n.get("type").and_then(Value::as_str).unwrap_or("(none)");
            bump(&mut self.counts, format!("nodes of type {ty}"));
        }
        for (key, n) in [
            ("nodes", self.nodes.len()),
            ("edges", self.edges.len()),
            ("locutions", self.locutions.len()),
            ("participants", self.participants.len()),
        ] {
            self.counts.insert(key.into(), n);
        }

        // The document.
        let mut body = Map::new();
        let mut top = Map::new();
        let had_participants = !self.participants.is_empty();
        body.insert("nodes".into(), Value::Array(self.nodes));
        body.insert("edges".into(), Value::Array(self.edges));
        body.insert("locutions".into(), Value::Array(self.locutions));
        if had_participants || xaif {
            body.insert("participants".into(), Value::Array(self.participants));
        }
        if let Some(text) = aif_sources.iter().find_map(|s| s.text.as_ref()) {
            let outer = if xaif { &mut top } else { &mut body };
            outer.insert("text".into(), Value::from(text.as_str()));
        }
        for s in &aif_sources {
            for (k, v) in &s.extra {
                let (target, key) = if let Some(key) = k.strip_prefix(K_TOP) {
                    (if xaif { &mut top } else { &mut body }, key)
                } else if let Some(key) = k.strip_prefix(K_IN_AIF) {
                    (&mut body, key)
                } else {
                    continue;
                };
                // The map itself is never overwritten by what was kept beside it.
                if !(target.contains_key(key) || xaif && key == "AIF") {
                    target.insert(key.to_owned(), v.clone());
                }
            }
        }
        let doc = if xaif {
            top.insert("AIF".into(), Value::Object(body));
            Value::Object(top)
        } else {
            Value::Object(body)
        };
        (doc, self.counts)
    }

    /// Person ids for locutions, and participants: every actor read from a
    /// participant, and every other speaker that AIF did not name.
    fn speakers(&mut self) {
        let ds = self.ds;
        let speaking: BTreeSet<&str> = ds.quotes().iter().map(|q| q.speaker.as_str()).collect();
        for a in ds.actors() {
            if let Some(Value::Object(p)) = a.extra.get(K_PARTICIPANT) {
                let key = p.get("participantID").and_then(id_key).unwrap_or_default();
                let mut p = p.clone();
                if participant_name(&p, &key) != a.name {
                    let (first, last) = split_name(&a.name);
                    p.insert("firstname".into(), Value::from(first));
                    p.insert("surname".into(), Value::from(last));
                }
                if let Some(id) = p.get("participantID") {
                    self.persons.insert(a.id.as_str(), id.clone());
                }
                self.participants.push(Value::Object(p));
                self.count("actors as participants");
            } else if let Some(id) = a.extra.get(K_PERSON_ID) {
                self.persons.insert(a.id.as_str(), id.clone());
            } else if a.extra.contains_key(K_SPEAKER) {
                // Named in the text only; AIF gave it no id.
            } else if speaking.contains(a.id.as_str()) {
                self.new_participant(a.id.as_str(), &a.name);
            } else {
                self.count("not carried: actors who say nothing");
            }
        }
        // Speakers the dataset does not hold (it is not valid): named by id.
        for q in ds.quotes() {
            let id = q.speaker.as_str();
            if ds.actor(&q.speaker).is_none() && !self.persons.contains_key(id) {
                self.new_participant(id, id);
            }
        }
    }

    fn new_participant(&mut self, actor: &'a str, name: &str) {
        let id = self.person_ids.fresh();
        let (first, last) = split_name(name);
        let mut p = Map::new();
        p.insert("participantID".into(), id.clone());
        p.insert("firstname".into(), Value::from(first));
        p.insert("surname".into(), Value::from(last));
        self.participants.push(Value::Object(p));
        self.persons.insert(actor, id);
        self.count("actors as participants");
    }

    fn claims(&mut self) {
        for c in self.ds.claims() {
            let mut node = node_fields(&c.extra, &[]);
            let id = self.node_ids.restore(c.extra.get(K_NODE_ID));
            node.insert("nodeID".into(), id.clone());
            node.insert("text".into(), Value::from(c.text.as_str()));
            node.insert("type".into(), Value::from("I"));
            self.nodes.push(Value::Object(node));
            self.claim_nodes.insert(c.id.as_str(), id);
        }
    }

    fn quotes(&mut self) {
        let ds = self.ds;
        for q in ds.quotes() {
            let mut node = node_fields(&q.extra, &[K_PREFIX, K_LOCUTION]);
            let id = self.node_ids.restore(q.extra.get(K_NODE_ID));
            let prefix = match q.extra.get(K_PREFIX).and_then(Value::as_str) {
                Some(p) => p.to_owned(),
                None => {
                    let name = ds
                        .actor(&q.speaker)
                        .map_or(q.speaker.as_str(), |a| a.name.as_str());
                    default_prefix(name)
                }
            };
            node.insert("nodeID".into(), id.clone());
            node.insert("text".into(), Value::from(format!("{prefix}{}", q.text)));
            node.insert("type".into(), Value::from("L"));
            self.nodes.push(Value::Object(node));
            self.quote_nodes.insert(q.id.as_str(), id.clone());

            // A quote read from a map keeps its locution, or its lack of one.
            let stored = q.extra.get(K_LOCUTION);
            if stored.is_none() && q.extra.contains_key(K_NODE_ID) {
                continue;
            }
            let mut loc = match stored {
                Some(Value::Object(m)) => m.clone(),
                _ => Map::new(),
            };
            loc.insert("nodeID".into(), id);
            if let Some(person) = self.persons.get(q.speaker.as_str()) {
                loc.insert("personID".into(), person.clone());
            }
            if let Some(date) = &q.date {
                let same = loc
                    .get("start")
                    .and_then(Value::as_str)
                    .and_then(parse_start)
                    .is_some_and(|w| w == *date);
                if !same {
                    loc.insert("start".into(), Value::from(format_start(date)));
                }
            }
            self.locutions.push(Value::Object(loc));
        }
    }

    fn relations(&mut self) {
        struct Group<'r> {
            kind: RelationKind,
            to: &'r RecordId,
            members: Vec<&'r Relation>,
        }
        let ds = self.ds;
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut open: BTreeMap<String, usize> = BTreeMap::new();
        for r in ds.relations() {
            let (Some(from), Some(to)) = (
                self.claim_nodes.get(r.from.as_str()),
                self.claim_nodes.get(r.to.as_str()),
            ) else {
                self.count("skipped relations: not from a claim to a claim");
                continue;
            };
            if id_key(from) == id_key(to) {
                self.count("skipped relations: from a claim to itself");
                continue;
            }
            let key = r.extra.get(K_NODE_ID).and_then(id_key);
            let joined = key.as_ref().and_then(|k| open.get(k)).is_some_and(|&g| {
                let group = &mut groups[g];
                let fits = group.kind == r.kind
                    && group.to == &r.to
                    && !group.members.iter().any(|m| m.from == r.from);
                if fits {
                    group.members.push(r);
                }
                fits
            });
            if !joined {
                if let Some(k) = key {
                    open.entry(k).or_insert(groups.len());
                }
                groups.push(Group {
                    kind: r.kind,
                    to: &r.to,
                    members: vec![r],
                });
            }
        }
        for g in groups {
            let first = g.members[0];
            let (ty, text, scheme_id) = relation_scheme(g.kind);
            let mut node = node_fields(&first.extra, &[K_EDGE_FROM, K_EDGE_TO]);
            if node.get("type").and_then(Value::as_str) != Some(ty) || scheme_name(&node).is_none()
            {
                node.insert("text".into(), Value::from(text));
                node.insert("scheme".into(), Value::from(text));
                node.insert("schemeID".into(), Value::from(scheme_id));
            }
            let id = self.node_ids.restore(first.extra.get(K_NODE_ID));
            node.insert("nodeID".into(), id.clone());
            node.insert("type".into(), Value::from(ty));
            self.nodes.push(Value::Object(node));
            for m in &g.members {
                let from = self
                    .claim_nodes
                    .get(m.from.as_str())
                    .cloned()
                    .unwrap_or(Value::Null);
                self.edge(m.extra.get(K_EDGE_FROM), from, id.clone());
            }
            let to = self
                .claim_nodes
                .get(g.to.as_str())
                .cloned()
                .unwrap_or(Value::Null);
            self.edge(first.extra.get(K_EDGE_TO), id, to);
            self.counts
                .entry("relations written".into())
                .and_modify(|n| *n += g.members.len())
                .or_insert(g.members.len());
        }
    }

    fn stances(&mut self) {
        let ds = self.ds;
        // One illocution per quote, claim and force, unless a map had more
        // (each kept node is its own).
        let mut written: BTreeSet<(String, String, String, String)> = BTreeSet::new();
        for s in ds.stances() {
            let Some(claim) = self.claim_nodes.get(s.target.as_str()).cloned() else {
                self.count("skipped stances: target is not a claim");
                continue;
            };
            let Some((reads_as, name, scheme_id)) = stance_illocution(s) else {
                self.count("skipped stances: no comment or no response");
                continue;
            };
            let quotes: Vec<Value> = s
                .evidence
                .iter()
                .filter_map(|e| e.quote.as_ref())
                .filter_map(|q| self.quote_nodes.get(q.as_str()).cloned())
                .collect();
            if quotes.is_empty() {
                self.count("skipped stances: no quote as evidence");
                continue;
            }
            let mut node = node_fields(&s.extra, &[K_EDGE_FROM, K_EDGE_TO]);
            let keep = scheme_name(&node).is_some_and(|n| illocution_position(n) == reads_as)
                && node.get("type").and_then(Value::as_str) == Some("YA");
            if !keep {
                node.insert("text".into(), Value::from(name));
                node.insert("scheme".into(), Value::from(name));
                node.insert("schemeID".into(), Value::from(scheme_id));
            }
            node.insert("type".into(), Value::from("YA"));
            let force = scheme_name(&node).unwrap_or(name).to_owned();
            let mut any = false;
            for quote in quotes {
                let key = (
                    id_key(&quote).unwrap_or_default(),
                    id_key(&claim).unwrap_or_default(),
                    force.clone(),
                    s.extra.get(K_NODE_ID).and_then(id_key).unwrap_or_default(),
                );
                if !written.insert(key) {
                    continue;
                }
                let id = self.node_ids.restore(s.extra.get(K_NODE_ID));
                let mut node = node.clone();
                node.insert("nodeID".into(), id.clone());
                self.nodes.push(Value::Object(node));
                self.edge(s.extra.get(K_EDGE_FROM), quote, id.clone());
                self.edge(s.extra.get(K_EDGE_TO), id, claim.clone());
                any = true;
            }
            if any {
                self.count("stances written");
            } else {
                self.count("skipped stances: the same illocution is written already");
            }
        }
    }
}
