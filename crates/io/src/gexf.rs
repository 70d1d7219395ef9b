//! GEXF 1.3 with time, for Gephi: a dataset whose stances appear on their
//! dates, so that Gephi's timeline plays the debate, and the networks of a
//! moving window as one dynamic graph whose edge weights change over time.
//!
//! - [`write_dataset`]: the graph of [`crate::graphml::write_dataset`] —
//!   records as nodes with static attributes; stances, relations and
//!   references as directed edges — in which each stance edge starts on the
//!   stance's date ([`Dataset::stance_date`], as `YYYY-MM-DD`, with
//!   `timeformat="date"`) and lasts; undated stances and all other edges
//!   have no start and are there throughout.
//! - [`write_windows`]: the windows of [`claimgraph_network::windows`] as one
//!   graph over their shared nodes: each edge's `weight` is a dynamic
//!   attribute with one value per window it is in (repeated as
//!   `window_weight` for networkx), and its `spells` say when it exists.
//! - [`write_network`]: one network, static, with weighted edges.
//!
//! Escaping is the same as GraphML's (quick-xml's writer; line breaks and
//! tabs in attribute values as character references; characters XML 1.0
//! cannot hold written as U+FFFD). `docs/FORMATS.md` (GEXF 1.3) has every
//! attribute.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use claimgraph_core::Dataset;
use claimgraph_network::{Day, Network, Node, NodeMode, Window, date_of};
use quick_xml::Writer;

use crate::IoError;
use crate::graphml::{
    NETWORK_NODE_ATTRIBUTES, NodeKey, Type, dataset_graph, empty, end, finish, mode_name,
    network_node_attributes, number, start, text_element, unique_node_ids, xml_writer,
};

const GEXF_NS: &str = "http://gexf.net/1.3";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const GEXF_SCHEMA: &str = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd";

/// Writes a dataset as a dynamic GEXF 1.3 graph in which each stance edge
/// starts on the stance's date.
///
/// Nodes and edges are those of [`crate::graphml::write_dataset`], with the
/// same attributes (declared in `<attributes class="node" mode="static">`
/// and `<attributes class="edge" mode="static">`); a node's label is its
/// `label` attribute, an edge's `label` and `kind` what it stands for
/// (`opposes`, `proposes`, `member`, ...). A stance edge has `start` = the
/// day of [`Dataset::stance_date`] (its `as_of`, else its earliest
/// evidence) and no end: from that day on the position is known to hold. An
/// undated stance, and every other edge, has no start.
///
/// Fails as [`crate::graphml::write_dataset`] does. O(n log n) for n
/// records and references.
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
/// claimgraph_io::gexf::write_dataset(&ds, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"timeformat="date""#));
/// assert!(xml.contains(r#"<node id="ukraine" label="Ukraine">"#));
/// assert!(xml.contains(r#"<edge id="s1" source="ukraine" target="plan" kind="opposes" label="opposes" start="2025-11-20">"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_dataset<W: Write>(ds: &Dataset, out: W) -> Result<(), IoError> {
    let g = dataset_graph(ds)?;
    let mut w = xml_writer(out)?;
    start(&mut w, "gexf", &gexf_attrs())?;
    meta(
        &mut w,
        "A claimgraph dataset: records as nodes; stances, relations and references as \
         directed edges; each stance edge starts on the stance's date.",
    )?;
    start(
        &mut w,
        "graph",
        &[
            ("mode", "dynamic"),
            ("defaultedgetype", "directed"),
            ("timeformat", "date"),
        ],
    )?;
    let node_keys: Vec<(&str, Type)> = g
        .node_keys
        .iter()
        .filter(|k| **k != NodeKey::Label)
        .map(|k| (k.name(), k.ty()))
        .collect();
    let edge_keys: Vec<(&str, Type)> = g.edge_keys.iter().map(|k| (k.name(), k.ty())).collect();
    attributes(&mut w, "node", "static", &node_keys)?;
    attributes(&mut w, "edge", "static", &edge_keys)?;
    start(&mut w, "nodes", &[])?;
    for n in &g.nodes {
        let label = n.label().unwrap_or(Cow::Borrowed(n.id));
        start(&mut w, "node", &[("id", n.id), ("label", &label)])?;
        let values: Vec<AttValue<'_>> = n
            .attrs
            .iter()
            .filter(|(k, _)| *k != NodeKey::Label)
            .map(|(k, v)| (k.name(), v.lexical(), None))
            .collect();
        attvalues(&mut w, &values)?;
        end(&mut w, "node")?;
    }
    end(&mut w, "nodes")?;
    start(&mut w, "edges", &[])?;
    for e in &g.edges {
        let day = e.start.map(|d| d.format("%Y-%m-%d").to_string());
        let mut attrs = Vec::with_capacity(6);
        if let Some(id) = e.id {
            attrs.push(("id", id));
        }
        attrs.push(("source", e.source));
        attrs.push(("target", e.target));
        attrs.push(("kind", e.kind));
        attrs.push(("label", e.kind));
        if let Some(d) = &day {
            attrs.push(("start", d));
        }
        start(&mut w, "edge", &attrs)?;
        let values: Vec<AttValue<'_>> = e
            .attrs
            .iter()
            .map(|(k, v)| (k.name(), v.lexical(), None))
            .collect();
        attvalues(&mut w, &values)?;
        end(&mut w, "edge")?;
    }
    end(&mut w, "edges")?;
    end(&mut w, "graph")?;
    end(&mut w, "gexf")?;
    finish(w)
}

/// Writes the networks of a moving window ([`claimgraph_network::windows`])
/// as one dynamic GEXF 1.3 graph: the nodes every window shares, and each
/// edge with its weight in each window it is in.
///
/// Each node carries `label` and `mode` (and, in an affiliation network,
/// `bipartite` and `record`, as [`crate::graphml::write_network`] writes
/// them). Each edge is undirected; its weight is the dynamic attribute
/// `weight` (Gephi's dynamic edge weight; the GEXF 1.3 primer reserves the
/// title), one `<attvalue>` per window the edge is in, and its `<spells>`
/// are the same periods. The same values are repeated under
/// `window_weight`, because networkx's `read_gexf` declares any `weight`
/// attribute static itself and keeps only the last of them.
///
/// Gephi refuses values whose periods overlap, and moving windows overlap
/// when the step is shorter than the window. So window *i*'s values hold
/// from the day after window *i−1* ends (or from its own first day, if that
/// is later) through its own last day: on day *t* the timeline shows the
/// window that ends on *t*, or the next to end after it. For windows that do
/// not overlap, that is exactly each window's days. When two windows end on
/// the same day (windows counted in statements can), days cannot tell them
/// apart: time is then the window's number (1, 2, ...) with
/// `timeformat="double"`. Either way `<meta><description>` lists each
/// window's days and statement count.
///
/// Fails with [`IoError::Content`] when a window's day is not a calendar
/// date, and with [`IoError::Io`] when writing fails. O(w·e log e) for w
/// windows of at most e edges.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_network::{NetworkOptions, Span, Statements, windows};
/// let mut b = DatasetBuilder::new();
/// let early = b.source("early", "Report").published("2025-11-20").id();
/// let late = b.source("late", "Report").published("2025-11-22").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let paris = b.actor("france", "France", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&early);
/// b.stance("s2", &paris, &plan, Position::Opposes).source(&early);
/// b.stance("s3", &paris, &plan, Position::Supports).source(&late);
/// let ds = b.build()?;
/// let st = Statements::from_dataset(&ds);
/// let ws = windows(&st, &NetworkOptions::congruence(), Span::Days(1), Span::Days(1))?;
///
/// let mut out = Vec::new();
/// claimgraph_io::gexf::write_windows(&ws, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"<attributes class="edge" mode="dynamic">"#));
/// assert!(xml.contains(
///     r#"<attvalue for="weight" value="1" start="2025-11-20" end="2025-11-20"/>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_windows<W: Write>(windows: &[Window], out: W) -> Result<(), IoError> {
    // The nodes of every window, actors first, each mode in id order (the
    // order of a network's nodes).
    let mut nodes: BTreeMap<(u8, &str), &Node> = BTreeMap::new();
    for win in windows {
        for n in win.network.nodes() {
            nodes.entry((rank(n.mode), &*n.id)).or_insert(n);
        }
    }
    let index: BTreeMap<(u8, &str), usize> =
        nodes.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let list: Vec<&Node> = nodes.values().copied().collect();
    let ids = unique_node_ids(list.iter().map(|n| (&*n.id, n.mode)));
    let two_mode = windows.iter().any(|w| w.network.is_two_mode());

    let timeline = timeline(windows)?;
    // Each edge's weight per window: (window, weight).
    let mut history: BTreeMap<(usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    for (i, win) in windows.iter().enumerate() {
        let net = &win.network;
        let at = |p: u32| -> Result<usize, IoError> {
            net.nodes()
                .get(p as usize)
                .and_then(|n| index.get(&(rank(n.mode), &*n.id)).copied())
                .ok_or_else(|| IoError::Content {
                    path: None,
                    record: format!("window {}", i + 1),
                    message: format!("an edge names node {p}, which the network does not have"),
                })
        };
        for e in net.edges() {
            let (a, b) = (at(e.a)?, at(e.b)?);
            // A one-mode network's edge stands for both directions.
            let key = if two_mode {
                (a, b)
            } else {
                (a.min(b), a.max(b))
            };
            history.entry(key).or_default().push((i, e.weight));
        }
    }

    let mut w = xml_writer(out)?;
    start(&mut w, "gexf", &gexf_attrs())?;
    meta(&mut w, &describe(windows, &timeline))?;
    let format = match timeline {
        Timeline::Days(_) => "date",
        Timeline::Numbers => "double",
    };
    start(
        &mut w,
        "graph",
        &[
            ("mode", "dynamic"),
            ("defaultedgetype", "undirected"),
            ("timeformat", format),
        ],
    )?;
    node_attributes(&mut w, two_mode, &list)?;
    // `weight` is Gephi's dynamic edge weight (the 1.3 primer reserves the
    // title); networkx's reader declares `weight` static itself and keeps one
    // value, so the same values are also under `window_weight`.
    attributes(
        &mut w,
        "edge",
        "dynamic",
        &[("weight", Type::Double), ("window_weight", Type::Double)],
    )?;
    start(&mut w, "nodes", &[])?;
    for (i, n) in list.iter().enumerate() {
        node(&mut w, &ids[i], n, two_mode)?;
    }
    end(&mut w, "nodes")?;
    start(&mut w, "edges", &[])?;
    for ((a, b), values) in &history {
        start(
            &mut w,
            "edge",
            &[("source", &ids[*a]), ("target", &ids[*b])],
        )?;
        let periods: Vec<(String, String)> =
            values.iter().map(|(i, _)| timeline.period(*i)).collect();
        let weights: Vec<String> = values.iter().map(|(_, x)| number(*x)).collect();
        let rows: Vec<AttValue<'_>> = ["weight", "window_weight"]
            .into_iter()
            .flat_map(|name| {
                weights.iter().zip(&periods).map(move |(x, (s, e))| {
                    (
                        name,
                        Cow::Borrowed(x.as_str()),
                        Some((s.as_str(), e.as_str())),
                    )
                })
            })
            .collect();
        attvalues(&mut w, &rows)?;
        start(&mut w, "spells", &[])?;
        for (s, e) in &periods {
            empty(&mut w, "spell", &[("start", s), ("end", e)])?;
        }
        end(&mut w, "spells")?;
        end(&mut w, "edge")?;
    }
    end(&mut w, "edges")?;
    end(&mut w, "graph")?;
    end(&mut w, "gexf")?;
    finish(w)
}

/// Writes one network as a static GEXF 1.3 graph: nodes with `label` and
/// `mode` (and `bipartite` and `record` in an affiliation network, as
/// [`crate::graphml::write_network`] writes them), undirected edges with
/// their `weight`. O(n + e).
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
/// claimgraph_io::gexf::write_network(&net, &mut out)?;
/// let xml = String::from_utf8(out)?;
/// assert!(xml.contains(r#"<edge source="france" target="ukraine" weight="1"/>"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network<W: Write>(net: &Network, out: W) -> Result<(), IoError> {
    let two_mode = net.is_two_mode();
    let ids = crate::graphml::network_node_ids(net);
    let mut w = xml_writer(out)?;
    start(&mut w, "gexf", &gexf_attrs())?;
    let o = net.options();
    meta(
        &mut w,
        &format!(
            "A claimgraph {} network over {} ({} normalisation), from {} statements.",
            o.kind,
            if two_mode {
                "actors and targets"
            } else {
                o.over.as_str()
            },
            o.normalization,
            net.statements()
        ),
    )?;
    start(
        &mut w,
        "graph",
        &[("mode", "static"), ("defaultedgetype", "undirected")],
    )?;
    let list: Vec<&Node> = net.nodes().iter().collect();
    node_attributes(&mut w, two_mode, &list)?;
    start(&mut w, "nodes", &[])?;
    for (i, n) in net.nodes().iter().enumerate() {
        node(&mut w, &ids[i], n, two_mode)?;
    }
    end(&mut w, "nodes")?;
    start(&mut w, "edges", &[])?;
    for e in net.edges() {
        let (a, b) = (e.a as usize, e.b as usize);
        let (Some(source), Some(target)) = (ids.get(a), ids.get(b)) else {
            return Err(IoError::Content {
                path: None,
                record: format!("edge {a}-{b}"),
                message: "names a node the network does not have".into(),
            });
        };
        let weight = number(e.weight);
        empty(
            &mut w,
            "edge",
            &[("source", source), ("target", target), ("weight", &weight)],
        )?;
    }
    end(&mut w, "edges")?;
    end(&mut w, "graph")?;
    end(&mut w, "gexf")?;
    finish(w)
}

fn gexf_attrs() -> [(&'static str, &'static str); 4] {
    [
        ("xmlns", GEXF_NS),
        ("xmlns:xsi", XSI_NS),
        ("xsi:schemaLocation", GEXF_SCHEMA),
        ("version", "1.3"),
    ]
}

fn meta<W: Write>(w: &mut Writer<W>, description: &str) -> Result<(), IoError> {
    start(w, "meta", &[])?;
    text_element(w, "creator", "claimgraph")?;
    text_element(w, "description", description)?;
    end(w, "meta")?;
    Ok(())
}

/// `<attributes class=... mode=...>` with one `<attribute>` per key; nothing
/// when there are none.
fn attributes<W: Write>(
    w: &mut Writer<W>,
    class: &str,
    mode: &str,
    keys: &[(&str, Type)],
) -> Result<(), IoError> {
    if keys.is_empty() {
        return Ok(());
    }
    start(w, "attributes", &[("class", class), ("mode", mode)])?;
    for (name, ty) in keys {
        empty(
            w,
            "attribute",
            &[("id", name), ("title", name), ("type", ty.gexf())],
        )?;
    }
    end(w, "attributes")?;
    Ok(())
}

/// An attribute's value: (attribute, value, period it holds over).
type AttValue<'a> = (&'a str, Cow<'a, str>, Option<(&'a str, &'a str)>);

/// `<attvalues>`; nothing when there are none.
fn attvalues<W: Write>(w: &mut Writer<W>, values: &[AttValue<'_>]) -> Result<(), IoError> {
    if values.is_empty() {
        return Ok(());
    }
    start(w, "attvalues", &[])?;
    for (name, value, period) in values {
        match period {
            Some((s, e)) => empty(
                w,
                "attvalue",
                &[("for", name), ("value", value), ("start", s), ("end", e)],
            )?,
            None => empty(w, "attvalue", &[("for", name), ("value", value)])?,
        }
    }
    end(w, "attvalues")?;
    Ok(())
}

/// Declares the node attributes: the mode, the entity attributes some node
/// has (`kind`, `country`, `aliases`, `description`), and for a two-mode
/// network its side and record.
fn node_attributes<W: Write>(
    w: &mut Writer<W>,
    two_mode: bool,
    nodes: &[&Node],
) -> Result<(), IoError> {
    let mut keys = vec![("mode", Type::String)];
    let mut has = Vec::new();
    for n in nodes {
        for (name, _) in network_node_attributes(n)? {
            if !has.contains(&name) {
                has.push(name);
            }
        }
    }
    for name in NETWORK_NODE_ATTRIBUTES {
        if has.contains(&name) {
            keys.push((name, Type::String));
        }
    }
    if two_mode {
        keys.push(("bipartite", Type::Int));
        keys.push(("record", Type::String));
    }
    attributes(w, "node", "static", &keys)
}

fn node<W: Write>(w: &mut Writer<W>, id: &str, n: &Node, two_mode: bool) -> Result<(), IoError> {
    let mode = n.mode;
    start(w, "node", &[("id", id), ("label", &n.label)])?;
    let mut values = vec![("mode", Cow::Borrowed(mode_name(mode)), None)];
    for (name, value) in network_node_attributes(n)? {
        values.push((name, value, None));
    }
    if two_mode {
        let side = if mode == NodeMode::Target { "1" } else { "0" };
        values.push(("bipartite", Cow::Borrowed(side), None));
        values.push(("record", Cow::Borrowed(&*n.id), None));
    }
    attvalues(w, &values)?;
    end(w, "node")?;
    Ok(())
}

fn rank(m: NodeMode) -> u8 {
    match m {
        NodeMode::Actor => 0,
        NodeMode::Target => 1,
    }
}

/// When each window's values hold.
#[derive(Debug)]
enum Timeline {
    /// Days: for each window, its first and last day on the timeline.
    Days(Vec<(NaiveDate, NaiveDate)>),
    /// Window numbers, from 1.
    Numbers,
}

impl Timeline {
    /// The start and end of window `i`'s values, as written.
    fn period(&self, i: usize) -> (String, String) {
        match self {
            Timeline::Days(days) => match days.get(i) {
                Some((s, e)) => (day(*s), day(*e)),
                None => (String::new(), String::new()),
            },
            Timeline::Numbers => ((i + 1).to_string(), (i + 1).to_string()),
        }
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn calendar(d: Day, window: usize) -> Result<NaiveDate, IoError> {
    date_of(d).ok_or_else(|| IoError::Content {
        path: None,
        record: format!("window {}", window + 1),
        message: format!("day number {d} is not a calendar date"),
    })
}

/// The periods the windows' values hold over, so that no two overlap: from
/// the day after the previous window's last day (or the window's own first
/// day, if later) through its last day; window numbers when two windows end
/// on the same day.
fn timeline(windows: &[Window]) -> Result<Timeline, IoError> {
    let mut out = Vec::with_capacity(windows.len());
    let mut previous: Option<Day> = None;
    for (i, w) in windows.iter().enumerate() {
        if previous.is_some_and(|p| w.last_day <= p) || w.first_day > w.last_day {
            return Ok(Timeline::Numbers);
        }
        let first = match previous {
            Some(p) => w.first_day.max(p + 1),
            None => w.first_day,
        };
        out.push((calendar(first, i)?, calendar(w.last_day, i)?));
        previous = Some(w.last_day);
    }
    Ok(Timeline::Days(out))
}

/// What the file holds, and each window's days and statement count.
fn describe(windows: &[Window], timeline: &Timeline) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let (kind, over) = windows.first().map_or(("no", "actors"), |w| {
        let o = w.network.options();
        let over = if w.network.is_two_mode() {
            "actors and targets"
        } else {
            o.over.as_str()
        };
        (o.kind.as_str(), over)
    });
    let _ = write!(
        s,
        "The claimgraph {kind} network over {over} in {} moving windows. ",
        windows.len()
    );
    match timeline {
        Timeline::Days(_) => s.push_str(
            "Each window's weights hold from the day after the previous window ends (or from \
             its own first day, if later) through its last day.",
        ),
        Timeline::Numbers => s.push_str(
            "Two windows end on the same day, so time is the window's number (1, 2, ...).",
        ),
    }
    for (i, w) in windows.iter().enumerate() {
        let show = |d: Day| date_of(d).map_or_else(|| format!("day {d}"), day);
        let _ = write!(
            s,
            "\nWindow {}: {} to {}, {} statements.",
            i + 1,
            show(w.first_day),
            show(w.last_day),
            w.statements
        );
    }
    s
}
