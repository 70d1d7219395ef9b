//! GraphML: a dataset as a typed, directed graph, and any discourse network
//! as a weighted one, for Gephi, networkx, igraph, yEd and Cytoscape.
//!
//! - [`write_dataset`]: the dataset's graph, the one every exporter writes
//!   (`docs/FORMATS.md` (The graph every exporter writes)): every record but stances, relations and
//!   same-as judgements is a node; stances, relations, every reference
//!   between records and the derived `asserts` edges are directed edges.
//!   Each attribute is declared once as a typed `<key>` (`string`, `double`,
//!   `long`), and only the keys the dataset uses are declared.
//! - [`write_network`] and [`write_network_with_kinds`]: the nodes of a
//!   [`Network`] with their labels and modes, and its weighted undirected
//!   edges; an affiliation network is bipartite, with networkx's `bipartite`
//!   attribute (0 for actors, 1 for targets).
//!
//! The file is written by quick-xml's writer: every attribute value and text
//! goes through its escaping, so no string can change the structure of the
//! file, and line breaks and tabs in attribute values are written as
//! character references so that XML's attribute-value normalisation keeps
//! them. XML 1.0 cannot carry most C0 control characters at all, escaped or
//! not: they (and the non-characters U+FFFE and U+FFFF) are written as
//! U+FFFD, the one change a string can undergo. Lists and maps (aliases,
//! conditions, evidence, `extra`) are JSON text, in which control characters
//! are JSON escapes and so survive. `docs/FORMATS.md` (GraphML) has every key.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use chrono::NaiveDate;
use claimgraph_core::{Dataset, Quantity, RecordRef, When};
use claimgraph_network::{Network, NodeMode, Statements};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::IoError;
use crate::view::{EdgeOf, View};

const GRAPHML_NS: &str = "http://graphml.graphdrawing.org/xmlns";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const GRAPHML_SCHEMA: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

/// Writes a dataset as GraphML: the graph every exporter writes
/// (`docs/FORMATS.md` (The graph every exporter writes)), with every attribute a typed key.
///
/// Nodes come in the dataset's canonical record order (sources, actors,
/// proposals, concessions, claims, quotes, obligations), each with
/// `record_type`, `label` (the record's short label: an actor's name, a
/// title, the start of a text) and its fields; edges come in record order
/// too: the references each record makes, field by field, a stance or
/// relation in its place, and after a stance that supports a claim the
/// derived `asserts` edges of its quotes. A stance edge carries its
/// position, intensity, modality, conditions, confidence, date
/// (`Dataset::stance_date`), source and evidence; see
/// `docs/FORMATS.md` (GraphML) for every key.
///
/// Records judged the same (`same_as`, [`Dataset::identities`]) are one node
/// under the group's canonical id, listing the other ids in `same_as`; every
/// edge to or from any of them goes to that node. A reference to an id that
/// is not a node (no such record, or a stance or relation, which are edges
/// here) reaches a placeholder node with only its id and `record_type`
/// (`unresolved` when no record has the id).
///
/// Fails with [`IoError::Content`] when two records share an id (as every
/// exporter of the graph does; `Dataset::validate` reports the same), or two
/// ids become one once characters XML cannot hold are replaced, and with
/// [`IoError::Io`] when writing fails; nothing is written before the graph
/// is known to be whole. O(n log n) for n records and references; the graph
/// is assembled in memory before it is written.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
/// let ds = b.build()?;
///
/// let mut out = Vec::new();
/// claimgraph_io::graphml::write_dataset(&ds, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"<data key="n_label">Ukraine</data>"#));
/// assert!(xml.contains(r#"<edge id="s1" source="ukraine" target="plan">"#));
/// assert!(xml.contains(r#"<data key="e_position">opposes</data>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_dataset<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    let g = dataset_graph(ds)?;
    let mut w = xml_writer(out)?;
    start(&mut w, "graphml", &graphml_attrs())?;
    for k in &g.node_keys {
        key(&mut w, "node", "n_", k.name(), k.ty())?;
    }
    for k in &g.edge_keys {
        key(&mut w, "edge", "e_", k.name(), k.ty())?;
    }
    start(&mut w, "graph", &[("edgedefault", "directed")])?;
    for n in &g.nodes {
        start(&mut w, "node", &[("id", n.id)])?;
        for (k, v) in &n.attrs {
            data(&mut w, "n_", k.name(), v)?;
        }
        end(&mut w, "node")?;
    }
    for e in &g.edges {
        let mut attrs = Vec::with_capacity(3);
        if let Some(id) = e.id {
            attrs.push(("id", id));
        }
        attrs.push(("source", e.source));
        attrs.push(("target", e.target));
        start(&mut w, "edge", &attrs)?;
        for (k, v) in &e.attrs {
            data(&mut w, "e_", k.name(), v)?;
        }
        end(&mut w, "edge")?;
    }
    end(&mut w, "graph")?;
    end(&mut w, "graphml")?;
    finish(w)
}

/// Writes a discourse network as GraphML: its nodes with `label` and `mode`
/// (`actor` or `target`), its edges undirected with a `weight` (double), and
/// the options it was built with as graph data (`kind`, `over`,
/// `normalization`, `duplicates`, `two_mode`, `statements`, and all of them
/// as JSON in `options`).
///
/// An affiliation (two-mode) network is bipartite: each node also carries
/// `bipartite` (0 for actors, 1 for targets, networkx's convention) and
/// `record` (its record id). An id can name both an actor and a target (a
/// stance on an actor); the target's node id then gets ` (target)` appended
/// (again, until it is unique), while `record` keeps the id.
///
/// O(n + e) for n nodes and e edges.
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
///
/// let mut out = Vec::new();
/// claimgraph_io::graphml::write_network(&net, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"<edge source="france" target="ukraine">"#));
/// assert!(xml.contains(r#"<data key="e_weight">1</data>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network<W: Write>(net: &Network, out: W) -> Result<(), IoError> {
    network_graphml(net, None, out)
}

/// As [`write_network`], and each node also carries `kind` from the
/// statement table the network was built from: an actor's kind (`state`,
/// `person`, ...) or a target's record type (`proposal`, `claim`, ...),
/// where the table knows it. O(n log n + e).
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Positions, Statements, network};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").published("2025-11-20").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
/// let ds = b.build()?;
/// let table = Statements::from_dataset(&ds);
/// let net = network(&table, &NetworkOptions::affiliation(Positions::Ignore))?;
///
/// let mut out = Vec::new();
/// claimgraph_io::graphml::write_network_with_kinds(&net, &table, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"<data key="n_kind">state</data>"#));
/// assert!(xml.contains(r#"<data key="n_bipartite">1</data>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network_with_kinds<W: Write>(
    net: &Network,
    statements: &Statements,
    out: W,
) -> Result<(), IoError> {
    network_graphml(net, Some(statements), out)
}

fn network_graphml<W: Write>(
    net: &Network,
    statements: Option<&Statements>,
    out: W,
) -> Result<(), IoError> {
    let two_mode = net.is_two_mode();
    let ids = network_node_ids(net);
    let kinds = statements.map(|st| node_kinds(net, st));
    let o = net.options();
    let options = serde_json::to_string(o).map_err(|e| IoError::Content {
        path: None,
        record: "network".into(),
        message: format!("its options cannot be written as JSON: {e}"),
    })?;
    let statements_count = net.statements().to_string();
    let graph_data: [(&str, Type, Cow<'_, str>); 7] = [
        ("kind", Type::String, o.kind.as_str().into()),
        ("over", Type::String, o.over.as_str().into()),
        (
            "normalization",
            Type::String,
            o.normalization.as_str().into(),
        ),
        ("duplicates", Type::String, o.duplicates.as_str().into()),
        (
            "two_mode",
            Type::Boolean,
            if two_mode { "true" } else { "false" }.into(),
        ),
        ("statements", Type::Long, statements_count.into()),
        ("options", Type::String, options.into()),
    ];
    let mut w = xml_writer(out)?;
    start(&mut w, "graphml", &graphml_attrs())?;
    for (name, ty, _) in &graph_data {
        key(&mut w, "graph", "g_", name, *ty)?;
    }
    // An entity's attributes, each declared when some node has it; a kind
    // the statement table gives stands where a node has none.
    let attrs: Vec<Vec<(&'static str, Cow<'_, str>)>> = net
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut a = network_node_attributes(n)?;
            if n.kind.is_none()
                && let Some(kind) = kinds.as_ref().and_then(|k| k[i])
            {
                a.insert(0, ("kind", Cow::Borrowed(kind)));
            }
            Ok(a)
        })
        .collect::<Result<_, IoError>>()?;
    let used: Vec<&'static str> = NETWORK_NODE_ATTRIBUTES
        .iter()
        .copied()
        .filter(|name| attrs.iter().flatten().any(|(k, _)| k == name))
        .collect();
    key(&mut w, "node", "n_", "label", Type::String)?;
    key(&mut w, "node", "n_", "mode", Type::String)?;
    for name in &used {
        key(&mut w, "node", "n_", name, Type::String)?;
    }
    if two_mode {
        key(&mut w, "node", "n_", "bipartite", Type::Int)?;
        key(&mut w, "node", "n_", "record", Type::String)?;
    }
    key(&mut w, "edge", "e_", "weight", Type::Double)?;
    start(&mut w, "graph", &[("edgedefault", "undirected")])?;
    for (name, _, value) in &graph_data {
        data(&mut w, "g_", name, &Value::Text(Cow::Borrowed(value)))?;
    }
    for (i, node) in net.nodes().iter().enumerate() {
        start(&mut w, "node", &[("id", &ids[i])])?;
        data(&mut w, "n_", "label", &text(&node.label))?;
        data(&mut w, "n_", "mode", &text(mode_name(node.mode)))?;
        for (name, value) in &attrs[i] {
            data(&mut w, "n_", name, &Value::Text(Cow::Borrowed(value)))?;
        }
        if two_mode {
            let side = u64::from(node.mode == NodeMode::Target);
            data(&mut w, "n_", "bipartite", &Value::Long(side))?;
            data(&mut w, "n_", "record", &text(&node.id))?;
        }
        end(&mut w, "node")?;
    }
    for e in net.edges() {
        let (a, b) = (e.a as usize, e.b as usize);
        let (Some(source), Some(target)) = (ids.get(a), ids.get(b)) else {
            return Err(IoError::Content {
                path: None,
                record: format!("edge {a}-{b}"),
                message: "names a node the network does not have".into(),
            });
        };
        start(&mut w, "edge", &[("source", source), ("target", target)])?;
        data(&mut w, "e_", "weight", &Value::Double(e.weight))?;
        end(&mut w, "edge")?;
    }
    end(&mut w, "graph")?;
    end(&mut w, "graphml")?;
    finish(w)
}

fn graphml_attrs() -> [(&'static str, &'static str); 3] {
    [
        ("xmlns", GRAPHML_NS),
        ("xmlns:xsi", XSI_NS),
        ("xsi:schemaLocation", GRAPHML_SCHEMA),
    ]
}

/// `<key id="n_label" for="node" attr.name="label" attr.type="string"/>`.
fn key<W: Write>(
    w: &mut Writer<W>,
    domain: &str,
    prefix: &str,
    name: &str,
    ty: Type,
) -> io::Result<()> {
    let id = format!("{prefix}{name}");
    empty(
        w,
        "key",
        &[
            ("id", &id),
            ("for", domain),
            ("attr.name", name),
            ("attr.type", ty.graphml()),
        ],
    )
}

/// `<data key="n_label">value</data>`.
fn data<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    name: &str,
    value: &Value<'_>,
) -> io::Result<()> {
    let id = format!("{prefix}{name}");
    let lexical = value.lexical();
    let clean = clean(&lexical);
    w.create_element("data")
        .with_attribute(("key", id.as_str()))
        .write_text_content(escaped_text(&clean))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// What GraphML and GEXF share: XML output, the characters XML can hold, the
// typed values, the dataset as a graph, and network node ids.

/// Whether XML 1.0 can hold the character at all (escaped or not): not the
/// C0 controls other than tab, line feed and carriage return, nor the
/// non-characters U+FFFE and U+FFFF (surrogates cannot occur in a `str`).
pub(crate) fn is_xml_char(c: char) -> bool {
    !matches!(
        c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// The string with every character XML cannot hold replaced by U+FFFD.
pub(crate) fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// A number as XML Schema's `double` writes it: the shortest decimal that
/// reads back to the same value, `NaN`, `INF` or `-INF`.
pub(crate) fn number(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x == f64::INFINITY {
        "INF".to_owned()
    } else if x == f64::NEG_INFINITY {
        "-INF".to_owned()
    } else {
        format!("{x}")
    }
}

/// An indenting XML writer over a buffer, the declaration written.
pub(crate) fn xml_writer<W: Write>(out: W) -> Result<Writer<io::BufWriter<W>>, IoError> {
    let mut w = Writer::new_with_indent(io::BufWriter::with_capacity(1 << 16, out), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// Ends the file with a line break and flushes it.
pub(crate) fn finish<W: Write>(w: Writer<io::BufWriter<W>>) -> Result<(), IoError> {
    let mut out = w.into_inner();
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Text content escaped by quick-xml: `<`, `>`, `&`, and `\r` as a
/// character reference so that line-end normalisation keeps it. Quotes need
/// no escaping in text.
fn escaped_text(s: &str) -> BytesText<'_> {
    BytesText::from_escaped(quick_xml::escape::partial_escape(s))
}

fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        // The value is escaped here (quotes, markup, tab and line breaks).
        e.push_attribute((*k, &*clean(v)));
    }
    e
}

/// An opening tag with its attributes.
pub(crate) fn start<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
) -> io::Result<()> {
    w.write_event(Event::Start(element(name, attrs)))
}

/// An empty element with its attributes.
pub(crate) fn empty<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
) -> io::Result<()> {
    w.write_event(Event::Empty(element(name, attrs)))
}

/// A closing tag.
pub(crate) fn end<W: Write>(w: &mut Writer<W>, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// An element holding only text.
pub(crate) fn text_element<W: Write>(w: &mut Writer<W>, name: &str, s: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(escaped_text(&clean(s)))?;
    Ok(())
}

/// The type of an attribute, as both formats name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    String,
    Double,
    Long,
    Int,
    Boolean,
}

impl Type {
    fn graphml(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Double => "double",
            Type::Long => "long",
            Type::Int => "int",
            Type::Boolean => "boolean",
        }
    }

    /// The name in GEXF's `<attribute type=...>`.
    pub(crate) fn gexf(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Double => "double",
            Type::Long => "long",
            Type::Int => "integer",
            Type::Boolean => "boolean",
        }
    }
}

/// A value of an attribute.
#[derive(Clone, Debug)]
pub(crate) enum Value<'a> {
    Text(Cow<'a, str>),
    Double(f64),
    Long(u64),
}

impl Value<'_> {
    /// The value as written in the file (before XML escaping).
    pub(crate) fn lexical(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Double(x) => Cow::Owned(number(*x)),
            Value::Long(n) => Cow::Owned(n.to_string()),
        }
    }
}

fn text(s: &str) -> Value<'_> {
    Value::Text(Cow::Borrowed(s))
}

macro_rules! keys {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal : $ty:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub(crate) enum $name { $($variant),+ }

        impl $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The attribute's name in the file.
            pub(crate) fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The attribute's type.
            pub(crate) fn ty(self) -> Type {
                match self { $($name::$variant => Type::$ty),+ }
            }
        }
    };
}

keys!(
    /// The attributes of a record's node, in the order they are declared.
    NodeKey {
        RecordType = "record_type": String,
        Label = "label": String,
        Name = "name": String,
        Title = "title": String,
        What = "what": String,
        Text = "text": String,
        Kind = "kind": String,
        Topic = "topic": String,
        Status = "status": String,
        Date = "date": String,
        Published = "published": String,
        Deadline = "deadline": String,
        PointLabel = "point_label": String,
        Publisher = "publisher": String,
        Url = "url": String,
        Language = "language": String,
        Aliases = "aliases": String,
        Country = "country": String,
        ExternalIds = "external_ids": String,
        Description = "description": String,
        Quantities = "quantities": String,
        Mode = "mode": String,
        Cue = "cue": String,
        SpanStart = "span_start": Long,
        SpanEnd = "span_end": Long,
        SameAs = "same_as": String,
        Extra = "extra": String,
    }
);

keys!(
    /// The attributes of an edge, in the order they are declared.
    EdgeKey {
        EdgeType = "edge_type": String,
        Kind = "kind": String,
        Record = "record": String,
        Position = "position": String,
        EffectivePosition = "effective_position": String,
        Intensity = "intensity": Double,
        Modality = "modality": String,
        Conditions = "conditions": String,
        Confidence = "confidence": Double,
        Date = "date": String,
        AsOf = "as_of": String,
        Source = "source": String,
        Evidence = "evidence": String,
        Title = "title": String,
        From = "from": String,
        Until = "until": String,
        Extra = "extra": String,
    }
);

/// A node of the dataset graph.
#[derive(Debug)]
pub(crate) struct GraphNode<'a> {
    pub(crate) id: &'a str,
    pub(crate) attrs: Vec<(NodeKey, Value<'a>)>,
}

impl GraphNode<'_> {
    /// The node's label.
    pub(crate) fn label(&self) -> Option<Cow<'_, str>> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == NodeKey::Label)
            .map(|(_, v)| v.lexical())
    }
}

/// An edge of the dataset graph.
#[derive(Debug)]
pub(crate) struct GraphEdge<'a> {
    /// The stance's or relation's id; references have none.
    pub(crate) id: Option<&'a str>,
    pub(crate) source: &'a str,
    pub(crate) target: &'a str,
    /// What the edge stands for: `opposes`, `proposes`, `member`, ...
    pub(crate) kind: &'static str,
    /// A stance's day.
    pub(crate) start: Option<NaiveDate>,
    pub(crate) attrs: Vec<(EdgeKey, Value<'a>)>,
}

/// A dataset as a graph: nodes, edges, and the keys they use.
#[derive(Debug)]
pub(crate) struct DatasetGraph<'a> {
    pub(crate) nodes: Vec<GraphNode<'a>>,
    pub(crate) edges: Vec<GraphEdge<'a>>,
    /// The node keys used, in declaration order.
    pub(crate) node_keys: Vec<NodeKey>,
    /// The edge keys used, in declaration order.
    pub(crate) edge_keys: Vec<EdgeKey>,
}

fn json<T: serde::Serialize + ?Sized>(
    value: &T,
    record: &str,
    field: &str,
) -> Result<Value<'static>, IoError> {
    serde_json::to_string(value)
        .map(|s| Value::Text(Cow::Owned(s)))
        .map_err(|e| IoError::Content {
            path: None,
            record: format!("{record}: {field}"),
            message: format!("cannot be written as JSON: {e}"),
        })
}

fn when(w: &When) -> Value<'static> {
    Value::Text(Cow::Owned(w.to_string()))
}

/// Builds the graph both GraphML and GEXF write: the dataset's one graph
/// ([`crate::view::View`], `docs/FORMATS.md` (The graph every exporter writes)) with every attribute.
/// O(n log n).
pub(crate) fn dataset_graph(ds: &Dataset) -> Result<DatasetGraph<'_>, IoError> {
    let view = View::of(ds)?;
    refuse_xml_collisions(&view)?;
    let mut node_used = [false; NodeKey::ALL.len()];
    let mut edge_used = [false; EdgeKey::ALL.len()];
    let mut nodes = Vec::with_capacity(view.nodes.len());
    for n in &view.nodes {
        let mut attrs = match n.record() {
            Some(r) => node_attrs(&r)?,
            None => vec![
                (NodeKey::RecordType, text(n.type_name())),
                (NodeKey::Label, Value::Text(n.label())),
            ],
        };
        let others: Vec<&str> = n.same_as().iter().map(|r| r.id()).collect();
        if !others.is_empty() {
            attrs.push((NodeKey::SameAs, json(&others, n.id, "same_as")?));
        }
        attrs.sort_by_key(|(k, _)| *k);
        for (k, _) in &attrs {
            node_used[*k as usize] = true;
        }
        nodes.push(GraphNode { id: n.id, attrs });
    }
    let mut edges = Vec::with_capacity(view.edges.len());
    for e in &view.edges {
        let mut attrs = edge_attrs(ds, e.of)?;
        attrs.push((EdgeKey::EdgeType, text(e.of.edge_type())));
        attrs.push((EdgeKey::Kind, text(e.kind.name())));
        attrs.sort_by_key(|(k, _)| *k);
        for (k, _) in &attrs {
            edge_used[*k as usize] = true;
        }
        let start = match e.of {
            EdgeOf::Stance(s) => ds.stance_date(s).map(|d| d.date()),
            _ => None,
        };
        edges.push(GraphEdge {
            id: e.of.id(),
            source: view.nodes[e.source].id,
            target: view.nodes[e.target].id,
            kind: e.kind.name(),
            start,
            attrs,
        });
    }
    let node_keys = NodeKey::ALL
        .iter()
        .copied()
        .filter(|k| node_used[*k as usize])
        .collect();
    let edge_keys = EdgeKey::ALL
        .iter()
        .copied()
        .filter(|k| edge_used[*k as usize])
        .collect();
    Ok(DatasetGraph {
        nodes,
        edges,
        node_keys,
        edge_keys,
    })
}

/// Fails when two node ids, or two edge ids, become one once the characters
/// XML cannot hold are replaced (ids differing only in U+FFFE or U+FFFF).
fn refuse_xml_collisions(view: &View<'_>) -> Result<(), IoError> {
    let nodes = view.nodes.iter().map(|n| n.id);
    let edges = view.edges.iter().filter_map(|e| e.of.id());
    for (ids, what) in [
        (nodes.collect::<Vec<_>>(), "node"),
        (edges.collect::<Vec<_>>(), "edge"),
    ] {
        let mut seen: BTreeSet<Cow<'_, str>> = BTreeSet::new();
        for id in ids {
            if !seen.insert(clean(id)) {
                return Err(IoError::Content {
                    path: None,
                    record: id.to_owned(),
                    message: format!(
                        "two {what} ids become this one once the characters XML cannot hold \
                         are replaced; XML needs one {what} per id"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The attributes of what an edge stands for: a stance's fields, a
/// relation's, a tie's, the stance an `asserts` edge follows from; none for
/// a plain reference.
fn edge_attrs<'a>(ds: &'a Dataset, of: EdgeOf<'a>) -> Result<Vec<(EdgeKey, Value<'a>)>, IoError> {
    let mut attrs: Vec<(EdgeKey, Value<'a>)> = Vec::new();
    match of {
        EdgeOf::Reference => {}
        EdgeOf::Tie(af) => {
            if let Some(t) = &af.title {
                attrs.push((EdgeKey::Title, text(t)));
            }
            if let Some(d) = &af.from {
                attrs.push((EdgeKey::From, when(d)));
            }
            if let Some(d) = &af.until {
                attrs.push((EdgeKey::Until, when(d)));
            }
        }
        EdgeOf::Asserts(s) => attrs.push((EdgeKey::Record, text(s.id.as_str()))),
        EdgeOf::Stance(s) => {
            let id = s.id.as_str();
            attrs.push((EdgeKey::Record, text(id)));
            attrs.push((EdgeKey::Position, text(s.position.as_str())));
            attrs.push((
                EdgeKey::EffectivePosition,
                text(s.effective_position().as_str()),
            ));
            if let Some(x) = s.intensity {
                attrs.push((EdgeKey::Intensity, Value::Double(x)));
            }
            if let Some(m) = s.modality {
                attrs.push((EdgeKey::Modality, text(m.as_str())));
            }
            if !s.conditions.is_empty() {
                attrs.push((EdgeKey::Conditions, json(&s.conditions, id, "conditions")?));
            }
            if let Some(x) = s.confidence {
                attrs.push((EdgeKey::Confidence, Value::Double(x)));
            }
            if let Some(d) = &ds.stance_date(s) {
                attrs.push((EdgeKey::Date, when(d)));
            }
            if let Some(d) = &s.as_of {
                attrs.push((EdgeKey::AsOf, when(d)));
            }
            if let Some(src) = ds.stance_source(s) {
                attrs.push((EdgeKey::Source, text(src.as_str())));
            }
            if !s.evidence.is_empty() {
                attrs.push((EdgeKey::Evidence, json(&s.evidence, id, "evidence")?));
            }
            if !s.extra.is_empty() {
                attrs.push((EdgeKey::Extra, json(&s.extra, id, "extra")?));
            }
        }
        EdgeOf::Relation(rel) => {
            let id = rel.id.as_str();
            attrs.push((EdgeKey::Record, text(id)));
            if !rel.evidence.is_empty() {
                attrs.push((EdgeKey::Evidence, json(&rel.evidence, id, "evidence")?));
            }
            if !rel.extra.is_empty() {
                attrs.push((EdgeKey::Extra, json(&rel.extra, id, "extra")?));
            }
        }
    }
    Ok(attrs)
}

/// A node record's attributes (not `same_as`).
fn node_attrs<'a>(r: &RecordRef<'a>) -> Result<Vec<(NodeKey, Value<'a>)>, IoError> {
    fn s(x: &str) -> Value<'_> {
        Value::Text(Cow::Borrowed(x))
    }
    let mut v: Vec<(NodeKey, Value<'a>)> = vec![
        (NodeKey::RecordType, s(r.record_type().as_str())),
        (NodeKey::Label, Value::Text(Cow::Owned(r.label()))),
    ];
    let id = r.id();
    let quantities = |q: &[Quantity]| -> Result<Option<Value<'static>>, IoError> {
        if q.is_empty() {
            Ok(None)
        } else {
            json(q, id, "quantities").map(Some)
        }
    };
    let extra = |e: &std::collections::BTreeMap<String, serde_json::Value>| {
        if e.is_empty() {
            Ok(None)
        } else {
            json(e, id, "extra").map(Some)
        }
    };
    let ex = match *r {
        RecordRef::Source(x) => {
            v.push((NodeKey::Title, s(&x.title)));
            if let Some(p) = &x.publisher {
                v.push((NodeKey::Publisher, s(p)));
            }
            if let Some(u) = &x.url {
                v.push((NodeKey::Url, s(u)));
            }
            if let Some(d) = &x.published {
                v.push((NodeKey::Published, when(d)));
            }
            if let Some(k) = x.kind {
                v.push((NodeKey::Kind, s(k.as_str())));
            }
            if let Some(l) = &x.language {
                v.push((NodeKey::Language, s(l)));
            }
            if let Some(t) = &x.text {
                v.push((NodeKey::Text, s(t)));
            }
            extra(&x.extra)?
        }
        RecordRef::Actor(x) => {
            v.push((NodeKey::Name, s(&x.name)));
            v.push((NodeKey::Kind, s(x.kind.as_str())));
            if !x.aliases.is_empty() {
                v.push((NodeKey::Aliases, json(&x.aliases, id, "aliases")?));
            }
            if let Some(c) = &x.country {
                v.push((NodeKey::Country, s(c)));
            }
            if !x.external_ids.is_empty() {
                v.push((
                    NodeKey::ExternalIds,
                    json(&x.external_ids, id, "external_ids")?,
                ));
            }
            if let Some(d) = &x.description {
                v.push((NodeKey::Description, s(d)));
            }
            extra(&x.extra)?
        }
        RecordRef::Proposal(x) => {
            v.push((NodeKey::Title, s(&x.title)));
            if let Some(k) = x.kind {
                v.push((NodeKey::Kind, s(k.as_str())));
            }
            if let Some(l) = &x.label {
                v.push((NodeKey::PointLabel, s(l)));
            }
            if let Some(t) = x.topic {
                v.push((NodeKey::Topic, s(t.as_str())));
            }
            if let Some(t) = &x.text {
                v.push((NodeKey::Text, s(t)));
            }
            if let Some(d) = &x.date {
                v.push((NodeKey::Date, when(d)));
            }
            if let Some(st) = x.status {
                v.push((NodeKey::Status, s(st.as_str())));
            }
            if let Some(d) = &x.deadline {
                v.push((NodeKey::Deadline, when(d)));
            }
            if let Some(q) = quantities(&x.quantities)? {
                v.push((NodeKey::Quantities, q));
            }
            extra(&x.extra)?
        }
        RecordRef::Concession(x) => {
            v.push((NodeKey::What, s(&x.what)));
            if let Some(t) = x.topic {
                v.push((NodeKey::Topic, s(t.as_str())));
            }
            if let Some(st) = x.status {
                v.push((NodeKey::Status, s(st.as_str())));
            }
            if let Some(q) = quantities(&x.quantities)? {
                v.push((NodeKey::Quantities, q));
            }
            extra(&x.extra)?
        }
        RecordRef::Obligation(x) => {
            v.push((NodeKey::What, s(&x.what)));
            if let Some(k) = x.kind {
                v.push((NodeKey::Kind, s(k.as_str())));
            }
            if let Some(t) = x.topic {
                v.push((NodeKey::Topic, s(t.as_str())));
            }
            if let Some(st) = x.status {
                v.push((NodeKey::Status, s(st.as_str())));
            }
            if let Some(q) = quantities(&x.quantities)? {
                v.push((NodeKey::Quantities, q));
            }
            extra(&x.extra)?
        }
        RecordRef::Claim(x) => {
            v.push((NodeKey::Text, s(&x.text)));
            if let Some(t) = x.topic {
                v.push((NodeKey::Topic, s(t.as_str())));
            }
            extra(&x.extra)?
        }
        RecordRef::Quote(x) => {
            v.push((NodeKey::Text, s(&x.text)));
            v.push((NodeKey::Mode, s(x.mode.as_str())));
            if let Some(c) = &x.cue {
                v.push((NodeKey::Cue, s(c)));
            }
            if let Some(sp) = x.span {
                v.push((NodeKey::SpanStart, Value::Long(sp.start as u64)));
                v.push((NodeKey::SpanEnd, Value::Long(sp.end as u64)));
            }
            if let Some(d) = &x.date {
                v.push((NodeKey::Date, when(d)));
            }
            extra(&x.extra)?
        }
        RecordRef::Stance(_) | RecordRef::Relation(_) | RecordRef::SameAs(_) => None,
    };
    if let Some(e) = ex {
        v.push((NodeKey::Extra, e));
    }
    Ok(v)
}

/// `actor` or `target`.
pub(crate) fn mode_name(m: NodeMode) -> &'static str {
    match m {
        NodeMode::Actor => "actor",
        NodeMode::Target => "target",
    }
}

/// The node ids of a network: the record ids, except that in an affiliation
/// network a target whose id an actor also has gets ` (target)` appended
/// until it is unique. O(n log n).
pub(crate) fn network_node_ids(net: &Network) -> Vec<String> {
    unique_node_ids(net.nodes().iter().map(|n| (&*n.id, n.mode)))
}

/// As [`network_node_ids`], for nodes given as (id, mode).
pub(crate) fn unique_node_ids<'a>(nodes: impl Iterator<Item = (&'a str, NodeMode)>) -> Vec<String> {
    let nodes: Vec<(&str, NodeMode)> = nodes.collect();
    let mut taken: BTreeSet<String> = nodes
        .iter()
        .filter(|(_, m)| *m == NodeMode::Actor)
        .map(|(id, _)| (*id).to_owned())
        .collect();
    let mut out = Vec::with_capacity(nodes.len());
    for (id, mode) in nodes {
        if mode == NodeMode::Actor {
            out.push(id.to_owned());
            continue;
        }
        let mut candidate = id.to_owned();
        while taken.contains(&candidate) {
            candidate.push_str(" (target)");
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

/// Each node's kind from the statement table: an actor's kind, a target's
/// record type. O(n log n).
/// The entity attributes a network's node may carry, in the order they
/// are declared: `kind`, `country`, `aliases` (a JSON array of strings) and
/// `description`.
pub(crate) const NETWORK_NODE_ATTRIBUTES: [&str; 4] = ["kind", "country", "aliases", "description"];

/// The entity attributes a network's node has ([`NETWORK_NODE_ATTRIBUTES`]).
pub(crate) fn network_node_attributes(
    n: &claimgraph_network::Node,
) -> Result<Vec<(&'static str, Cow<'_, str>)>, IoError> {
    let mut out: Vec<(&'static str, Cow<'_, str>)> = Vec::new();
    if let Some(k) = &n.kind {
        out.push(("kind", Cow::Borrowed(&**k)));
    }
    if let Some(c) = &n.country {
        out.push(("country", Cow::Borrowed(&**c)));
    }
    if !n.aliases.is_empty() {
        let list: Vec<&str> = n.aliases.iter().map(|a| &**a).collect();
        let json = serde_json::to_string(&list).map_err(|e| IoError::Content {
            path: None,
            record: format!("{}: aliases", n.id),
            message: format!("cannot be written as JSON: {e}"),
        })?;
        out.push(("aliases", Cow::Owned(json)));
    }
    if let Some(d) = &n.description {
        out.push(("description", Cow::Borrowed(&**d)));
    }
    Ok(out)
}

fn node_kinds<'a>(net: &Network, st: &'a Statements) -> Vec<Option<&'a str>> {
    let actors: BTreeMap<&str, &str> = st
        .actors()
        .iter()
        .filter_map(|a| a.kind.map(|k| (&*a.id, k.as_str())))
        .collect();
    let targets: BTreeMap<&str, &str> = st
        .targets()
        .iter()
        .filter_map(|t| t.kind.map(|k| (&*t.id, k.as_str())))
        .collect();
    net.nodes()
        .iter()
        .map(|n| match n.mode {
            NodeMode::Actor => actors.get(&*n.id).copied(),
            NodeMode::Target => targets.get(&*n.id).copied(),
        })
        .collect()
}
