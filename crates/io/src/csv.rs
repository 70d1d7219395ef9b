//! CSV tables for spreadsheets, pandas and R, and Gephi's spreadsheet
//! importer: the node and edge tables of a dataset's graph (the one every
//! exporter writes, `docs/FORMATS.md` (The graph every exporter writes)), the full
//! stance table (one row per coded statement and piece of evidence), and the
//! node and edge tables of a discourse [`Network`].
//!
//! Every table is RFC 4180 CSV written by the `csv` crate: UTF-8 without a
//! byte-order mark, a header row, `\r\n` between records, and a cell quoted
//! (its quotes doubled) when it holds a comma, a quote or a line break, so no
//! string can add a row or a column. Every row of a table has as many cells
//! as its header.
//!
//! Cells are typed. A text cell that a spreadsheet would run as a formula is
//! neutralised by [`neutralise`]: a single quote `'` goes before it. Numeric
//! cells (weights, intensities, confidences, counts) are written by this
//! module from numbers, hold only what Rust's float formatting writes
//! (digits, `.`, `-`, or `NaN`/`inf`), and are never neutralised, so `-0.5`
//! stays a number. `docs/FORMATS.md` (CSV tables) lists every column.
//!
//! This module is the one place the io crate writes CSV cells.
//!
//! ```
//! use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
//! let mut b = DatasetBuilder::new();
//! let src = b.source("src", "An article").published("2025-11-20").id();
//! let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
//! let plan = b.proposal("plan", "=cmd|' /C calc'!A0").id();
//! let q = b.quote("q", &kyiv, &src, QuoteMode::Paraphrase, "rejected it").id();
//! b.stance("s", &kyiv, &plan, Position::Opposes).intensity(-0.5).quote(&q);
//! let ds = b.build()?;
//!
//! let mut out = Vec::new();
//! claimgraph_io::csv::write_stances(&ds, &mut out)?;
//! let table = String::from_utf8(out)?;
//! // The title is text, neutralised; the intensity is a number, kept.
//! assert!(table.contains(",'=cmd|' /C calc'!A0,"));
//! assert!(table.contains(",-0.5,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::io::Write;

use claimgraph_core::{Dataset, RecordRef, When};
use claimgraph_network::{Network, NodeMode};

use crate::IoError;
use crate::view::{EdgeOf, View};

// The rule lives with the network crate's CSV writer, so every CSV
// claimgraph writes neutralises cells alike.
pub use claimgraph_network::{FORMULA_TRIGGERS, neutralise, unneutralise};

/// The columns of [`write_nodes`], in order.
pub const NODE_COLUMNS: &[&str] = &[
    "Id",
    "Label",
    "type",
    "kind",
    "country",
    "topic",
    "status",
    "date",
    "deadline",
    "text",
    "description",
    "publisher",
    "url",
    "same_as",
];

/// The columns of [`write_edges`], in order.
pub const EDGE_COLUMNS: &[&str] = &[
    "Source",
    "Target",
    "Type",
    "Weight",
    "kind",
    "record",
    "position",
    "effective_position",
    "modality",
    "intensity",
    "confidence",
    "date",
    "tie_title",
    "tie_from",
    "tie_until",
];

/// The columns of [`write_stances`], in order.
pub const STANCE_COLUMNS: &[&str] = &[
    "stance",
    "evidence",
    "evidence_count",
    "holder",
    "holder_name",
    "holder_canonical",
    "target",
    "target_type",
    "target_label",
    "target_canonical",
    "position",
    "effective_position",
    "modality",
    "intensity",
    "confidence",
    "conditions",
    "as_of",
    "date",
    "quote",
    "quote_text",
    "speaker",
    "speaker_name",
    "quote_mode",
    "cue",
    "quote_date",
    "quote_reported_by",
    "reported_by",
    "evidence_source",
    "source",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published",
    "extra",
];

/// The columns of [`write_network_nodes`], in order.
pub const NETWORK_NODE_COLUMNS: &[&str] = &["Id", "Label", "mode", "record"];

/// The columns of [`write_network_edges`], in order.
pub const NETWORK_EDGE_COLUMNS: &[&str] = &["Source", "Target", "Type", "Weight"];

/// The node table of a dataset's graph — the one every exporter writes
/// (`docs/FORMATS.md` (The graph every exporter writes)) — in Gephi's spreadsheet conventions: `Id,Label`,
/// then the columns of [`NODE_COLUMNS`]. One row per node: every record but
/// stances, relations and same-as judgements, in the dataset's canonical
/// record order (sources, actors, proposals and points, concessions, claims,
/// quotes, obligations, each kind in dataset order). Records judged the same
/// ([`Dataset::identities`]) are one node, the row of their canonical id
/// (where that id names no node, each keeps its own); its `same_as` cell
/// lists the others. Then one row for each id a reference names that is no
/// node: `type` `unresolved` (no record has it) or the kind it names
/// (`stance`, `relation`), `Label` the id, the other cells empty.
///
/// Fails with [`IoError::Content`] when two records share an id, before
/// anything is written. O(n log n) for n records and references.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Judgement};
/// let mut b = DatasetBuilder::new();
/// b.actor("russia", "Russia", ActorKind::State).country("RUS");
/// b.actor("moscow", "Moscow", ActorKind::Government);
/// b.same_as("same", "russia", "moscow", Judgement::Positive);
/// let ds = b.build()?;
/// let mut out = Vec::new();
/// claimgraph_io::csv::write_nodes(&ds, &mut out)?;
/// let table = String::from_utf8(out)?;
/// assert_eq!(table.lines().count(), 2);
/// assert!(table.lines().nth(1).unwrap().starts_with("russia,Russia,actor,state,RUS,"));
/// assert!(table.contains(r#""[""moscow""]""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_nodes<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    let view = View::of(ds)?;
    let mut table = Table::new(out, "nodes", NODE_COLUMNS)?;
    for n in &view.nodes {
        let mut row = Row::default();
        row.text(n.id)
            .owned(n.label().into_owned())
            .text(n.type_name());
        let Some(r) = n.record() else {
            // A placeholder: only its id and what it names.
            row.empty(NODE_COLUMNS.len() - 3);
            table.write(row)?;
            continue;
        };
        let empty = NodeFields::default();
        let f = match r {
            RecordRef::Source(s) => NodeFields {
                kind: s.kind.map(|k| k.as_str()),
                date: s.published,
                publisher: s.publisher.as_deref(),
                url: s.url.as_deref(),
                ..empty
            },
            RecordRef::Actor(a) => NodeFields {
                kind: Some(a.kind.as_str()),
                country: a.country.as_deref(),
                description: a.description.as_deref(),
                ..empty
            },
            RecordRef::Proposal(p) => NodeFields {
                kind: p.kind.map(|k| k.as_str()),
                topic: p.topic.map(|t| t.as_str()),
                status: p.status.map(|s| s.as_str()),
                date: p.date,
                deadline: p.deadline,
                description: p.text.as_deref(),
                ..empty
            },
            RecordRef::Concession(c) => NodeFields {
                topic: c.topic.map(|t| t.as_str()),
                status: c.status.map(|s| s.as_str()),
                ..empty
            },
            RecordRef::Claim(c) => NodeFields {
                topic: c.topic.map(|t| t.as_str()),
                ..empty
            },
            RecordRef::Quote(q) => NodeFields {
                kind: Some(q.mode.as_str()),
                date: q.date,
                ..empty
            },
            RecordRef::Obligation(o) => NodeFields {
                kind: o.kind.map(|k| k.as_str()),
                topic: o.topic.map(|t| t.as_str()),
                status: o.status.map(|s| s.as_str()),
                ..empty
            },
            _ => empty,
        };
        row.opt(f.kind)
            .opt(f.country)
            .opt(f.topic)
            .opt(f.status)
            .when(f.date)
            .when(f.deadline)
            .owned(words(&r).into_owned())
            .opt(f.description)
            .opt(f.publisher)
            .opt(f.url);
        let others: Vec<&str> = n.same_as().iter().map(|r| r.id()).collect();
        row.json_list(&others, &table)?;
        table.write(row)?;
    }
    table.finish()
}

/// The per-kind cells of a node row.
#[derive(Clone, Copy, Default)]
struct NodeFields<'a> {
    kind: Option<&'a str>,
    country: Option<&'a str>,
    topic: Option<&'a str>,
    status: Option<&'a str>,
    date: Option<When>,
    deadline: Option<When>,
    description: Option<&'a str>,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
}

/// The edge table of a dataset's graph — the one every exporter writes
/// (`docs/FORMATS.md` (The graph every exporter writes)) — in Gephi's spreadsheet conventions:
/// `Source,Target,Type,Weight`, then the columns of [`EDGE_COLUMNS`]. One
/// row per edge, in the graph's order: record by record in the canonical
/// record order, each record's references field by field (ties, `proposed_by`,
/// `part_of`, ...); a stance or relation is itself an edge, in its place, and
/// a stance that supports a claim is followed by the `asserts` edges of its
/// quotes. An edge runs between the nodes its ids land on (canonical ids,
/// [`Dataset::identities`]), so both ends are rows of [`write_nodes`]; a
/// reference to an id that is no node reaches that id's placeholder row.
///
/// Every edge is `Directed` with `Weight` 1, so Gephi's merge of parallel
/// edges of one kind sums to their number; a stance's signed intensity has
/// its own column. The `kind` column is Gephi's edge kind, which keeps
/// parallel edges of different kinds apart. Fails as [`write_nodes`] does.
/// O(n log n) for n records and references; memory O(n).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "An article").published("2025-11-20").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s", &kyiv, &plan, Position::Opposes).intensity(-1.0).source(&src);
/// let ds = b.build()?;
/// let mut out = Vec::new();
/// claimgraph_io::csv::write_edges(&ds, &mut out)?;
/// let table = String::from_utf8(out)?;
/// assert_eq!(
///     table.lines().nth(1),
///     Some("ukraine,plan,Directed,1,opposes,s,opposes,opposes,,-1,,2025-11-20,,,")
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_edges<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    let view = View::of(ds)?;
    let mut table = Table::new(out, "edges", EDGE_COLUMNS)?;
    for e in &view.edges {
        let mut row = Row::default();
        row.text(view.nodes[e.source].id)
            .text(view.nodes[e.target].id)
            .text("Directed")
            .count(1)
            .text(e.kind.name())
            .opt(e.of.record());
        match e.of {
            EdgeOf::Stance(s) => {
                row.text(s.position.as_str())
                    .text(s.effective_position().as_str())
                    .opt(s.modality.map(|m| m.as_str()))
                    .number(s.intensity)
                    .number(s.confidence)
                    .when(ds.stance_date(s));
            }
            _ => {
                row.empty(6);
            }
        }
        match e.of {
            EdgeOf::Tie(t) => {
                row.opt(t.title.as_deref()).when(t.from).when(t.until);
            }
            _ => {
                row.empty(3);
            }
        }
        table.write(row)?;
    }
    table.finish()
}

/// The full stance table: one row per coded statement — each stance with
/// each piece of its evidence (`evidence` numbers them from 1; a stance with
/// none has one row with `evidence` empty) — in dataset order, with every
/// field of the stance, its date ([`Dataset::stance_date`]) and effective
/// position ([`claimgraph_core::Stance::effective_position`]), and for each piece of evidence
/// the quote (text, speaker, mode, cue, date) and the document (its own
/// source, else its quote's: id, title, publisher, url, date). Columns in
/// [`STANCE_COLUMNS`]. `conditions` is a JSON array of strings and `extra` a
/// JSON object, each empty when there is none. Names, labels and document
/// fields are looked up for reading; ids are as written, so the stances and
/// their evidence can be rebuilt from the table. O(s + e) for s stances and
/// e pieces of evidence (lookups O(log n)).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "An article").published("2025-11-20").id();
/// let eu = b.actor("eu", "EU", ActorKind::Organisation).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// let q1 = b.quote("q1", &eu, &src, QuoteMode::Direct, "No.").id();
/// let q2 = b.quote("q2", &eu, &src, QuoteMode::Direct, "Never.").id();
/// b.stance("s", &eu, &plan, Position::Opposes)
///     .condition("unless Kyiv agrees")
///     .quote(&q1)
///     .quote(&q2);
/// let ds = b.build()?;
/// let mut out = Vec::new();
/// claimgraph_io::csv::write_stances(&ds, &mut out)?;
/// let mut rows = csv::Reader::from_reader(&out[..]);
/// let rows: Vec<csv::StringRecord> = rows.records().collect::<Result<_, _>>()?;
/// assert_eq!(rows.len(), 2);
/// assert_eq!(&rows[1][1], "2");
/// assert_eq!(&rows[1][15], r#"["unless Kyiv agrees"]"#);
/// assert_eq!(&rows[1][19], "Never.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_stances<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    let ids = ds.identities();
    let mut table = Table::new(out, "stances", STANCE_COLUMNS)?;
    for s in ds.stances() {
        let holder = ds.actor(&s.holder);
        let target = ds.resolve(&s.target);
        let conditions = if s.conditions.is_empty() {
            String::new()
        } else {
            table.json(&s.conditions)?
        };
        let extra = if s.extra.is_empty() {
            String::new()
        } else {
            table.json(&s.extra)?
        };
        let count = s.evidence.len();
        // A stance without evidence still has its row.
        let pieces: Vec<Option<(usize, &claimgraph_core::Evidence)>> = if count == 0 {
            vec![None]
        } else {
            s.evidence.iter().enumerate().map(Some).collect()
        };
        for piece in pieces {
            let mut row = Row::default();
            row.text(s.id.as_str());
            match piece {
                Some((i, _)) => row.count(i + 1),
                None => row.empty(1),
            };
            row.count(count)
                .text(s.holder.as_str())
                .opt(holder.map(|a| a.name.as_str()))
                .text(ids.canonical(s.holder.as_str()))
                .text(s.target.as_str())
                .opt(target.map(|t| t.record_type().as_str()))
                .opt_owned(target.map(|t| words(&t).into_owned()))
                .text(ids.canonical(s.target.as_str()))
                .text(s.position.as_str())
                .text(s.effective_position().as_str())
                .opt(s.modality.map(|m| m.as_str()))
                .number(s.intensity)
                .number(s.confidence)
                .owned(conditions.clone())
                .when(s.as_of)
                .when(ds.stance_date(s));
            let Some((_, e)) = piece else {
                row.empty(15).owned(extra.clone());
                table.write(row)?;
                continue;
            };
            let quote = e.quote.as_ref().and_then(|q| ds.quote(q));
            let speaker = quote.and_then(|q| ds.actor(&q.speaker));
            let document = e.source.as_ref().or(quote.map(|q| &q.source));
            let source = document.and_then(|d| ds.source(d));
            row.opt(e.quote.as_ref().map(|q| q.as_str()))
                .opt(quote.map(|q| q.text.as_str()))
                .opt(quote.map(|q| q.speaker.as_str()))
                .opt(speaker.map(|a| a.name.as_str()))
                .opt(quote.map(|q| q.mode.as_str()))
                .opt(quote.and_then(|q| q.cue.as_deref()))
                .when(quote.and_then(|q| q.date))
                .opt(quote.and_then(|q| q.reported_by.as_ref().map(|r| r.as_str())))
                .opt(e.reported_by.as_ref().map(|r| r.as_str()))
                .opt(e.source.as_ref().map(|r| r.as_str()))
                .opt(document.map(|d| d.as_str()))
                .opt(source.map(|d| d.title.as_str()))
                .opt(source.and_then(|d| d.publisher.as_deref()))
                .opt(source.and_then(|d| d.url.as_deref()))
                .when(source.and_then(|d| d.published))
                .owned(extra.clone());
            table.write(row)?;
        }
    }
    table.finish()
}

/// The node table of a discourse network: `Id,Label,mode,record`, one row
/// per node in the network's order (actors, then targets, in a two-mode
/// network). `mode` is `actor` or `target`; `record` is the record id. `Id`
/// is the record id too, except where a two-mode network holds one id as both
/// an actor and a target (a stance on an actor): the target's `Id` then gets
/// ` (target)` (repeated until it is unique), so that Gephi keeps two nodes —
/// the same ids the GraphML and GEXF writers give. O(n log n) for n nodes.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Statements, network};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let paris = b.actor("france", "France", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
/// b.stance("s2", &paris, &plan, Position::Opposes).source(&src);
/// let ds = b.build()?;
/// let net = network(&Statements::from_dataset(&ds), &NetworkOptions::congruence())?;
/// let mut out = Vec::new();
/// claimgraph_io::csv::write_network_nodes(&net, &mut out)?;
/// assert_eq!(
///     String::from_utf8(out)?,
///     "Id,Label,mode,record\r\nfrance,France,actor,france\r\nukraine,Ukraine,actor,ukraine\r\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network_nodes<W: Write>(net: &Network, out: W) -> Result<(), IoError> {
    let node_ids = crate::graphml::network_node_ids(net);
    let mut table = Table::new(out, "network nodes", NETWORK_NODE_COLUMNS)?;
    for (node, id) in net.nodes().iter().zip(&node_ids) {
        let mut row = Row::default();
        row.text(id.as_str())
            .text(&node.label)
            .text(match node.mode {
                NodeMode::Actor => "actor",
                NodeMode::Target => "target",
            })
            .text(&node.id);
        table.write(row)?;
    }
    table.finish()
}

/// The edge table of a discourse network: `Source,Target,Type,Weight`, one
/// row per edge in the network's order, `Type` `Undirected` (a one-mode
/// network's weights are symmetric; a two-mode network runs from actor to
/// target), `Weight` the weight as a number — negative in a subtract network,
/// and never neutralised. `Source` and `Target` are the `Id`s of
/// [`write_network_nodes`]. O(e + n log n) for e edges and n nodes.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Statements, network};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let dc = b.actor("usa", "United States", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
/// b.stance("s2", &dc, &plan, Position::Supports).source(&src);
/// let ds = b.build()?;
/// let net = network(&Statements::from_dataset(&ds), &NetworkOptions::subtract())?;
/// let mut out = Vec::new();
/// claimgraph_io::csv::write_network_edges(&net, &mut out)?;
/// assert_eq!(
///     String::from_utf8(out)?,
///     "Source,Target,Type,Weight\r\nukraine,usa,Undirected,-1\r\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network_edges<W: Write>(net: &Network, out: W) -> Result<(), IoError> {
    let node_ids = crate::graphml::network_node_ids(net);
    let mut table = Table::new(out, "network edges", NETWORK_EDGE_COLUMNS)?;
    for (i, e) in net.edges().iter().enumerate() {
        let (Some(a), Some(b)) = (node_ids.get(e.a as usize), node_ids.get(e.b as usize)) else {
            return Err(IoError::Content {
                path: None,
                record: format!("network edges, edge {}", i + 1),
                message: format!("names node {} or {}, which the network lacks", e.a, e.b),
            });
        };
        let mut row = Row::default();
        row.text(a)
            .text(b)
            .text("Undirected")
            .number(Some(e.weight));
        table.write(row)?;
    }
    table.finish()
}

/// A record's words in full: a name, a title (with a point's label), a text.
fn words<'a>(r: &RecordRef<'a>) -> Cow<'a, str> {
    match *r {
        RecordRef::Source(s) => Cow::Borrowed(&s.title),
        RecordRef::Actor(a) => Cow::Borrowed(&a.name),
        RecordRef::Proposal(p) => match &p.label {
            Some(l) => Cow::Owned(format!("{} ({l})", p.title)),
            None => Cow::Borrowed(&p.title),
        },
        RecordRef::Concession(c) => Cow::Borrowed(&c.what),
        RecordRef::Claim(c) => Cow::Borrowed(&c.text),
        RecordRef::Quote(q) => Cow::Borrowed(&q.text),
        RecordRef::Obligation(o) => Cow::Borrowed(&o.what),
        other => Cow::Owned(other.label()),
    }
}

/// The cells of one row, typed as they are added: text is neutralised,
/// numbers are not.
#[derive(Default)]
struct Row<'a> {
    cells: Vec<Cow<'a, str>>,
}

impl<'a> Row<'a> {
    /// A text cell.
    fn text(&mut self, s: &'a str) -> &mut Self {
        self.cells.push(neutralise(s));
        self
    }

    /// A text cell, empty when absent.
    fn opt(&mut self, s: Option<&'a str>) -> &mut Self {
        self.cells.push(s.map_or(Cow::Borrowed(""), neutralise));
        self
    }

    /// A text cell made here.
    fn owned(&mut self, s: String) -> &mut Self {
        let cell = match neutralise(&s) {
            Cow::Owned(n) => n,
            Cow::Borrowed(_) => s,
        };
        self.cells.push(Cow::Owned(cell));
        self
    }

    /// A text cell made here, empty when absent.
    fn opt_owned(&mut self, s: Option<String>) -> &mut Self {
        self.owned(s.unwrap_or_default())
    }

    /// A date, as claimgraph writes it (`2025-11-20`, `2025-11`,
    /// `2025-11-21~`, RFC 3339); empty when absent.
    fn when(&mut self, w: Option<When>) -> &mut Self {
        self.opt_owned(w.map(|w| w.to_string()))
    }

    /// A numeric cell, never neutralised; empty when absent.
    fn number(&mut self, x: Option<f64>) -> &mut Self {
        self.cells
            .push(x.map_or(Cow::Borrowed(""), |x| Cow::Owned(x.to_string())));
        self
    }

    /// A count, never neutralised.
    fn count(&mut self, n: usize) -> &mut Self {
        self.cells.push(Cow::Owned(n.to_string()));
        self
    }

    /// `n` empty cells.
    fn empty(&mut self, n: usize) -> &mut Self {
        for _ in 0..n {
            self.cells.push(Cow::Borrowed(""));
        }
        self
    }

    /// A JSON array of strings; empty when the list is.
    fn json_list<W: Write>(&mut self, list: &[&str], table: &Table<W>) -> Result<(), IoError> {
        let cell = if list.is_empty() {
            String::new()
        } else {
            table.json(&list)?
        };
        self.owned(cell);
        Ok(())
    }
}

/// A table being written: the CSV writer, the header's width and the rows
/// written, for errors that name the row.
struct Table<W: Write> {
    out: ::csv::Writer<W>,
    name: &'static str,
    width: usize,
    rows: usize,
}

impl<W: Write> Table<W> {
    fn new(out: W, name: &'static str, header: &[&str]) -> Result<Table<W>, IoError> {
        let out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        let mut table = Table {
            out,
            name,
            width: header.len(),
            rows: 0,
        };
        table.out.write_record(header).map_err(|e| table.error(e))?;
        Ok(table)
    }

    fn write(&mut self, row: Row<'_>) -> Result<(), IoError> {
        self.rows += 1;
        if row.cells.len() != self.width {
            return Err(IoError::Content {
                path: None,
                record: format!("{} table, row {}", self.name, self.rows),
                message: format!(
                    "{} cells for {} columns (a bug in the writer)",
                    row.cells.len(),
                    self.width
                ),
            });
        }
        let result = self
            .out
            .write_record(row.cells.iter().map(|c| c.as_bytes()));
        result.map_err(|e| self.error(e))
    }

    fn finish(mut self) -> Result<(), IoError> {
        self.out.flush().map_err(IoError::from)
    }

    /// A value as compact JSON.
    fn json<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<String, IoError> {
        serde_json::to_string(value).map_err(|e| IoError::Content {
            path: None,
            record: format!("{} table, row {}", self.name, self.rows + 1),
            message: format!("cannot write a cell as JSON: {e}"),
        })
    }

    fn error(&self, e: ::csv::Error) -> IoError {
        match e.into_kind() {
            ::csv::ErrorKind::Io(source) => IoError::Io { path: None, source },
            other => IoError::Content {
                path: None,
                record: format!("{} table, row {}", self.name, self.rows),
                message: format!("{other:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_neutralised_and_restored() {
        for t in FORMULA_TRIGGERS {
            for s in [
                format!("{t}"),
                format!("{t}1+1"),
                format!("'{t}x"),
                format!("''{t}"),
            ] {
                let n = neutralise(&s);
                assert!(n.starts_with('\''), "{s:?}");
                assert_eq!(unneutralise(&n), s);
            }
        }
        for s in ["", "'", "''", "a=b", " =1", "'a", "1-2", "\n=1", "Ωμέγα"] {
            assert_eq!(neutralise(s), s);
            assert_eq!(unneutralise(s), s);
        }
    }

    #[test]
    fn numbers_keep_their_sign() {
        let mut row = Row::default();
        row.number(Some(-0.5))
            .number(Some(-1.0))
            .number(None)
            .count(3);
        assert_eq!(row.cells, ["-0.5", "-1", "", "3"]);
    }
}
