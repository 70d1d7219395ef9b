//! Graphviz DOT: a dataset as a drawing of who proposes, concedes, says and
//! stands where; a discourse network as a weighted graph; and rendering with
//! Graphviz's `dot` program.
//!
//! Every string goes out as a DOT double-quoted string made by [`quote`]:
//! `"` and `\` are escaped, `&` becomes `&amp;` (Graphviz reads character
//! entities in labels), line breaks become `\n`, and control characters
//! become visible symbols. Node names are generated (`n0`, `n1`, ...), never
//! taken from the data. So no id, name or text can end a string, add an
//! attribute, a node or an edge, or change the graph in any other way: it
//! renders as the text it is. `docs/FORMATS.md` (DOT (Graphviz)) says what goes where.
//!
//! ```
//! use claimgraph_core::{ActorKind, DatasetBuilder, Position};
//! use claimgraph_io::dot::{self, DotOptions};
//!
//! let mut b = DatasetBuilder::new();
//! let src = b.source("src", "An article").id();
//! let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
//! let plan = b.proposal("plan", "Peace plan").id();
//! b.stance("s", &kyiv, &plan, Position::Opposes).source(&src);
//! let ds = b.build()?;
//!
//! let mut out = Vec::new();
//! let written = dot::write_dataset(&ds, &mut out, &DotOptions::new())?;
//! assert_eq!((written.nodes, written.edges), (2, 1));
//! let text = String::from_utf8(out)?;
//! assert!(text.contains(r##"n0 -> n1 [label="opposes", color="#c62828""##));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use claimgraph_core::{
    ActorKind, AffiliationKind, Dataset, Modality, Position, ProposalKind, RecordRef, RecordType,
    RelationKind, Stance,
};
use claimgraph_graph::EdgeKind;
use claimgraph_network::{Kind, Network, NodeMode, Positions};

use crate::IoError;
use crate::view::{Edge, EdgeOf, Merge, View};

/// The output formats [`render`] asks Graphviz for. Anything else is refused
/// before `dot` runs, so a format name cannot smuggle an argument in.
pub const FORMATS: &[&str] = &[
    "svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "json", "plain", "xdot", "dot",
];

/// What to draw, and how: which kinds of records, the title, and how long
/// labels may be.
///
/// By default actors, proposals and points, concessions, obligations,
/// claims, stances, relations and ties between actors are drawn, records
/// judged the same are one node, and quotes and sources are left out to keep
/// the drawing readable.
///
/// ```
/// use claimgraph_core::RecordType;
/// use claimgraph_io::dot::DotOptions;
/// let options = DotOptions::new()
///     .include(RecordType::Quote, true)
///     .include(RecordType::Claim, false)
///     .title("The 28-point plan");
/// assert!(options.includes(RecordType::Quote));
/// assert!(!options.includes(RecordType::Source));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    kinds: BTreeSet<RecordType>,
    ties: bool,
    title: Option<String>,
    max_label: usize,
    wrap: usize,
    left_to_right: bool,
}

impl Default for DotOptions {
    fn default() -> DotOptions {
        DotOptions {
            kinds: [
                RecordType::Actor,
                RecordType::Proposal,
                RecordType::Concession,
                RecordType::Obligation,
                RecordType::Claim,
                RecordType::Stance,
                RecordType::Relation,
                RecordType::SameAs,
            ]
            .into_iter()
            .collect(),
            ties: true,
            title: None,
            max_label: 120,
            wrap: 32,
            left_to_right: true,
        }
    }
}

impl DotOptions {
    /// The default options (see [`DotOptions`]).
    pub fn new() -> DotOptions {
        DotOptions::default()
    }

    /// Every kind of record, quotes and sources included.
    pub fn all() -> DotOptions {
        let mut o = DotOptions::default();
        o.kinds.extend(RecordType::ALL.iter().copied());
        o
    }

    /// Draws records of a kind, or leaves them out. Sources, actors,
    /// proposals, concessions, obligations, claims and quotes are nodes;
    /// stances and relations are edges; `SameAs` decides whether records
    /// judged the same are drawn as one node (on) or each apart (off).
    /// An edge is drawn only when both its ends are.
    pub fn include(mut self, kind: RecordType, on: bool) -> DotOptions {
        if on {
            self.kinds.insert(kind);
        } else {
            self.kinds.remove(&kind);
        }
        self
    }

    /// Whether records of a kind are drawn.
    pub fn includes(&self, kind: RecordType) -> bool {
        self.kinds.contains(&kind)
    }

    /// Draws the ties between actors (member, role, spokesperson, part), or
    /// leaves them out. On by default.
    pub fn ties(mut self, on: bool) -> DotOptions {
        self.ties = on;
        self
    }

    /// A title, drawn above the graph.
    pub fn title(mut self, title: impl Into<String>) -> DotOptions {
        self.title = Some(title.into());
        self
    }

    /// The longest a label's text may be, in characters, before it is cut
    /// with `…` (120 by default; at least 1).
    pub fn max_label(mut self, chars: usize) -> DotOptions {
        self.max_label = chars.max(1);
        self
    }

    /// Labels are wrapped at spaces into lines of about this many characters
    /// (32 by default); 0 keeps each line of the text whole.
    pub fn wrap(mut self, chars: usize) -> DotOptions {
        self.wrap = chars;
        self
    }

    /// Lays the graph out from left to right (the default), or from top to
    /// bottom.
    pub fn left_to_right(mut self, on: bool) -> DotOptions {
        self.left_to_right = on;
        self
    }
}

/// What a writer wrote: the number of node, edge and cluster statements.
/// Graphviz draws exactly these (an SVG has as many `class="node"`,
/// `class="edge"` and `class="cluster"` groups).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Nodes.
    pub nodes: usize,
    /// Edges.
    pub edges: usize,
    /// Clusters (a plan with its points).
    pub clusters: usize,
}

/// A string as a DOT double-quoted string that Graphviz shows as the text
/// it is: `"` and `\` escaped, `&` as `&amp;` (so `&lt;` or `&#65;` is not
/// read as a character entity), a line break (`\n`, `\r\n`, `\r`, U+0085,
/// U+2028, U+2029) as the escape `\n`, a tab as a space, other control
/// characters as their visible symbols (U+2400..U+2421), and C1 controls,
/// U+FFFE and U+FFFF (which SVG, being XML, cannot hold) as U+FFFD. O(n).
///
/// ```
/// use claimgraph_io::dot::quote;
/// assert_eq!(quote(r#"say "hi" \N"#), r#""say \"hi\" \\N""#);
/// assert_eq!(quote("a\r\nb & c"), r#""a\nb &amp; c""#);
/// assert_eq!(quote("]; evil ["), r#""]; evil [""#);
/// ```
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push(' '),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a dataset as a DOT digraph: the graph every exporter writes
/// (`docs/FORMATS.md` (The graph every exporter writes)) as a drawing — records as styled nodes, stances
/// as edges coloured by position, points in a cluster with their plan (the
/// cluster stands for the `part_of` edge), and an edge for every other edge
/// of the graph whose ends are drawn. Records judged the same (see
/// [`Dataset::identities`]) are one node, named by the canonical id. Returns
/// the number of nodes, edges and clusters written.
///
/// [`DotOptions::all`] draws every node and edge of the graph; other options
/// draw part of it (an edge only when both its ends are drawn). Nodes are
/// numbered in the graph's order (the dataset's canonical record order:
/// sources, actors, proposals, concessions, claims, quotes, obligations,
/// then placeholders), edges come in its order (record by record, field by
/// field). A dataset that does not validate is drawn too: a reference that
/// names no record reaches a dashed placeholder node labelled with the id,
/// and a cycle of `part_of` is drawn as `part of` edges instead of clusters;
/// two records sharing an id are refused with [`IoError::Content`], as by
/// every exporter of the graph, before anything is written.
///
/// O(n log n) for n records and references.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_io::dot::{self, DotOptions};
///
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "An article").id();
/// let us = b.actor("usa", "United States", ActorKind::State).id();
/// let kyiv = b.actor("ukraine", "Ukraine \"Kyiv\"", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").proposed_by(&us).id();
/// b.point("plan/7", &plan, "point 7", "Army capped at 600,000");
/// b.stance("s", &kyiv, &plan, Position::Opposes).source(&src);
/// let ds = b.build()?;
///
/// let mut out = Vec::new();
/// let options = DotOptions::new().title("The plan");
/// let written = dot::write_dataset(&ds, &mut out, &options)?;
/// assert_eq!(written.nodes, 4);
/// assert_eq!(written.edges, 2); // proposes, opposes; part_of is the cluster
/// assert_eq!(written.clusters, 1);
/// let text = String::from_utf8(out)?;
/// assert!(text.contains(r#"label="Ukraine \"Kyiv\"""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_dataset<W: Write>(
    ds: &Dataset,
    out: W,
    options: &DotOptions,
) -> Result<Written, IoError> {
    let layout = Layout::new(ds, options)?;
    let mut w = DotWriter::new(out);
    w.line(0, "digraph \"claimgraph\" {")?;
    let mut graph = vec![
        (
            "rankdir",
            if options.left_to_right { "LR" } else { "TB" }.to_owned(),
        ),
        ("fontname", FONT.to_owned()),
        ("nodesep", "0.3".to_owned()),
        ("ranksep", "0.9".to_owned()),
    ];
    if let Some(t) = &options.title {
        graph.push(("label", shorten(t, options.max_label, 0)));
        graph.push(("labelloc", "t".to_owned()));
        graph.push(("fontsize", "18".to_owned()));
    }
    w.attr_line(1, "graph", &graph)?;
    w.attr_line(
        1,
        "node",
        &[("fontname", FONT.to_owned()), ("fontsize", "11".to_owned())],
    )?;
    w.attr_line(
        1,
        "edge",
        &[
            ("fontname", FONT.to_owned()),
            ("fontsize", "9".to_owned()),
            ("color", GREY.to_owned()),
            ("fontcolor", GREY.to_owned()),
        ],
    )?;
    layout.write_nodes(&mut w, options)?;
    layout.write_edges(&mut w, options)?;
    w.line(0, "}")?;
    w.finish()
}

/// Writes a discourse network as an undirected DOT graph, each weight as the
/// edge's label and pen width. A one-mode network (actor × actor or target ×
/// target) is laid out by `neato`; an affiliation (two-mode) network is
/// drawn bipartite, actors (boxes) in one column and targets (ellipses) in
/// the other. Labels are the nodes' labels, tooltips their ids. Edge
/// colours: red for negative weights and in a conflict network; green for
/// positive weights of congruence and subtract networks and of affiliation
/// networks with subtracted positions; grey otherwise (counts,
/// co-occurrence). Negative weights are dashed. In an affiliation network of
/// combined positions the weight is a code, so the label and colour say
/// what it means: `supports` (green), `opposes` (red), `both` (orange).
/// Returns the number of nodes and edges written.
///
/// O(n + e) for n nodes and e edges.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
/// use claimgraph_io::dot;
/// use claimgraph_network::{NetworkOptions, Statements, network};
///
/// let mut b = DatasetBuilder::new();
/// let src = b.source("src", "Report").id();
/// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
/// let paris = b.actor("france", "France", ActorKind::State).id();
/// let plan = b.proposal("plan", "Peace plan").id();
/// b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
/// b.stance("s2", &paris, &plan, Position::Opposes).source(&src);
/// let ds = b.build()?;
/// let net = network(&Statements::from_dataset(&ds), &NetworkOptions::congruence())?;
///
/// let mut out = Vec::new();
/// let written = dot::write_network(&net, &mut out)?;
/// assert_eq!((written.nodes, written.edges), (2, 1));
/// assert!(String::from_utf8(out)?.contains("n0 -- n1 [label=\"1\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_network<W: Write>(net: &Network, out: W) -> Result<Written, IoError> {
    let options = net.options();
    let mut w = DotWriter::new(out);
    w.line(0, "graph \"network\" {")?;
    let mut title = format!("{} network", options.kind.as_str());
    if options.kind == Kind::Affiliation {
        title.push_str(&format!(" (positions: {})", options.positions.as_str()));
    } else {
        title.push_str(&format!(" of {}", options.over.as_str()));
    }
    title.push_str(&format!(
        ", normalisation {}; {} statements",
        options.normalization.as_str(),
        net.statements()
    ));
    let mut graph = vec![
        ("label", title),
        ("labelloc", "t".to_owned()),
        ("fontname", FONT.to_owned()),
    ];
    if net.is_two_mode() {
        graph.push(("layout", "dot".to_owned()));
        graph.push(("rankdir", "LR".to_owned()));
        graph.push(("ranksep", "2".to_owned()));
    } else {
        graph.push(("layout", "neato".to_owned()));
        graph.push(("overlap", "false".to_owned()));
        graph.push(("splines", "true".to_owned()));
    }
    w.attr_line(1, "graph", &graph)?;
    w.attr_line(
        1,
        "node",
        &[
            ("fontname", FONT.to_owned()),
            ("fontsize", "11".to_owned()),
            ("style", "filled".to_owned()),
        ],
    )?;
    w.attr_line(
        1,
        "edge",
        &[("fontname", FONT.to_owned()), ("fontsize", "9".to_owned())],
    )?;
    let node_attrs = |node: &claimgraph_network::Node| -> Vec<(&'static str, String)> {
        let (shape, fill) = match node.mode {
            NodeMode::Actor => ("box", ACTOR_FILL),
            NodeMode::Target => ("ellipse", PROPOSAL_FILL),
        };
        vec![
            ("label", shorten(&node.label, 120, 32)),
            ("tooltip", node.id.to_string()),
            ("shape", shape.to_owned()),
            ("fillcolor", fill.to_owned()),
        ]
    };
    let nodes = net.nodes();
    if net.is_two_mode() {
        // Each mode a column: the actors first, then the targets.
        for mode in [NodeMode::Actor, NodeMode::Target] {
            let name = match mode {
                NodeMode::Actor => "actors",
                NodeMode::Target => "targets",
            };
            w.line(1, &format!("subgraph \"{name}\" {{"))?;
            w.attr_line(2, "graph", &[("rank", "same".to_owned())])?;
            for (i, node) in nodes.iter().enumerate().filter(|(_, n)| n.mode == mode) {
                w.node(2, i, &node_attrs(node))?;
            }
            w.line(1, "}")?;
        }
    } else {
        for (i, node) in nodes.iter().enumerate() {
            w.node(1, i, &node_attrs(node))?;
        }
    }
    let max = net
        .edges()
        .iter()
        .map(|e| e.weight.abs())
        .filter(|w| w.is_finite())
        .fold(0.0_f64, f64::max);
    for e in net.edges() {
        let (a, b) = (e.a as usize, e.b as usize);
        let (Some(na), Some(nb)) = (nodes.get(a), nodes.get(b)) else {
            continue;
        };
        let share = if max > 0.0 && e.weight.is_finite() {
            e.weight.abs() / max
        } else {
            0.0
        };
        // Combined positions are codes, not amounts: 1 for, 2 against, 3 both.
        let combined = options.kind == Kind::Affiliation && options.positions == Positions::Combine;
        let (colour, label) = if combined {
            let code = e.weight;
            if code == 1.0 {
                (GREEN, "supports".to_owned())
            } else if code == 2.0 {
                (RED, "opposes".to_owned())
            } else if code == 3.0 {
                (ORANGE, "both".to_owned())
            } else {
                (GREY, weight_label(code))
            }
        } else if e.weight < 0.0 || options.kind == Kind::Conflict {
            (RED, weight_label(e.weight))
        } else if matches!(options.kind, Kind::Congruence | Kind::Subtract)
            || options.kind == Kind::Affiliation && options.positions == Positions::Subtract
        {
            (GREEN, weight_label(e.weight))
        } else {
            (GREY, weight_label(e.weight))
        };
        let width = if combined { 2.0 } else { 1.0 + 3.0 * share };
        let mut attrs = vec![
            ("label", label),
            ("penwidth", format!("{width:.2}")),
            ("color", colour.to_owned()),
            ("fontcolor", colour.to_owned()),
            ("tooltip", format!("{} – {}: {}", na.id, nb.id, e.weight)),
        ];
        if e.weight < 0.0 {
            attrs.push(("style", "dashed".to_owned()));
        }
        w.edge(1, a, "--", b, &attrs)?;
    }
    w.line(0, "}")?;
    w.finish()
}

/// Renders DOT source with Graphviz's `dot` program, looked up on `PATH`,
/// into a format of [`FORMATS`] (`svg`, `png`, `pdf`, ...), and returns the
/// bytes. See [`render_with`] for the errors. Costs what `dot` costs.
///
/// ```
/// use claimgraph_io::{IoError, dot};
/// match dot::render(b"digraph { a -> b }", "svg") {
///     Ok(svg) => assert!(String::from_utf8_lossy(&svg).contains("<svg")),
///     // Graphviz is not installed: the message says how to install it.
///     Err(IoError::Tool { message }) => assert!(message.contains("graphviz")),
///     Err(e) => return Err(e.into()),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(dot_source: &[u8], format: &str) -> Result<Vec<u8>, IoError> {
    render_with(Path::new("dot"), dot_source, format)
}

/// [`render`] with the `dot` program to run: a path, or a bare name looked
/// up on `PATH`. The source goes to the program's standard input and the
/// drawing comes from its standard output; the only argument is
/// `-T<format>`, with the format checked against [`FORMATS`] first.
///
/// Errors: [`IoError::Content`] for a format not in [`FORMATS`];
/// [`IoError::Tool`] when the program is missing (the message names the
/// `graphviz` package and how to install it) or cannot be run, and when it
/// fails (the message holds what it wrote to standard error).
///
/// Beyond what `dot` itself costs, O(input + output).
///
/// ```
/// use std::path::Path;
/// use claimgraph_io::{IoError, dot};
/// let err = dot::render_with(Path::new("/nowhere/dot"), b"digraph {}", "svg").unwrap_err();
/// assert!(matches!(&err, IoError::Tool { message } if message.contains("apt-get install graphviz")));
/// ```
pub fn render_with(program: &Path, dot_source: &[u8], format: &str) -> Result<Vec<u8>, IoError> {
    if !FORMATS.contains(&format) {
        return Err(IoError::Content {
            path: None,
            record: format!("output format {format:?}"),
            message: format!(
                "not a format this renders; expected one of: {}",
                FORMATS.join(", ")
            ),
        });
    }
    let shown = program.display();
    let mut child = Command::new(program)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| IoError::Tool {
            message: if e.kind() == io::ErrorKind::NotFound {
                format!(
                    "Graphviz's `dot` program was not found (looked for `{shown}`): install \
                     the `graphviz` package: `apt-get install graphviz` (Debian, Ubuntu), \
                     `dnf install graphviz` (Fedora), `brew install graphviz` (macOS), or \
                     see https://graphviz.org/download/"
                )
            } else {
                format!("could not run Graphviz's `{shown}`: {e}")
            },
        })?;
    let Some(mut stdin) = child.stdin.take() else {
        return Err(IoError::Tool {
            message: format!("could not write to Graphviz's `{shown}`"),
        });
    };
    // Feed the input from another thread while this one drains the output,
    // so neither side can block on a full pipe.
    let (fed, output) = std::thread::scope(|s| {
        let feeder = s.spawn(move || stdin.write_all(dot_source));
        let output = child.wait_with_output();
        (feeder.join(), output)
    });
    let output = output.map_err(|e| IoError::Tool {
        message: format!("could not read from Graphviz's `{shown}`: {e}"),
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(IoError::Tool {
            message: format!(
                "Graphviz's `{shown} -T{format}` failed ({}): {}",
                output.status,
                shorten(stderr.trim(), 4000, 0)
            ),
        });
    }
    match fed {
        Ok(Ok(())) => Ok(output.stdout),
        Ok(Err(e)) => Err(IoError::Tool {
            message: format!("could not write to Graphviz's `{shown}`: {e}"),
        }),
        Err(_) => Err(IoError::Tool {
            message: format!("could not write to Graphviz's `{shown}`"),
        }),
    }
}

/// The format of [`FORMATS`] a file name asks for, by its extension
/// (`out.svg` → `svg`, `GRAPH.PNG` → `png`); `None` for any other. O(1).
///
/// ```
/// use std::path::Path;
/// use claimgraph_io::dot::format_of;
/// assert_eq!(format_of(Path::new("ukraine.SVG")), Some("svg"));
/// assert_eq!(format_of(Path::new("ukraine.txt")), None);
/// ```
pub fn format_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    FORMATS.iter().copied().find(|f| *f == ext)
}

const FONT: &str = "Helvetica";
const GREY: &str = "#616161";
const GREEN: &str = "#2e7d32";
const RED: &str = "#c62828";
const ORANGE: &str = "#ef6c00";
const BLUE: &str = "#1565c0";
const SILENT: &str = "#9e9e9e";
const LIGHT: &str = "#b0b0b0";
const ACTOR_FILL: &str = "#e3f2fd";
const PROPOSAL_FILL: &str = "#fff3e0";

/// A label: cut at `max` characters, wrapped at `wrap` (0: not wrapped),
/// at most [`MAX_LINES`] lines. Line breaks of any kind become `\n`.
fn shorten(text: &str, max: usize, wrap: usize) -> String {
    const MAX_LINES: usize = 8;
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let mut clipped: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        clipped.pop();
        clipped.push('…');
    }
    let mut lines: Vec<String> = Vec::new();
    for line in clipped.split('\n') {
        if wrap == 0 {
            lines.push(line.to_owned());
            continue;
        }
        let mut current = String::new();
        let mut len = 0;
        for word in line.split(' ') {
            let mut word: Vec<char> = word.chars().collect();
            // A word longer than a line is broken where the line ends.
            while word.len() > wrap {
                if len > 0 {
                    lines.push(std::mem::take(&mut current));
                    len = 0;
                }
                let rest = word.split_off(wrap);
                lines.push(word.into_iter().collect());
                word = rest;
            }
            if len > 0 && len + 1 + word.len() > wrap {
                lines.push(std::mem::take(&mut current));
                len = 0;
            }
            if len > 0 {
                current.push(' ');
                len += 1;
            }
            len += word.len();
            current.extend(word);
        }
        lines.push(current);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines.join("\n")
}

/// A weight for a label: whole numbers without a point, others to three
/// decimals (or two significant digits when smaller).
fn weight_label(w: f64) -> String {
    if !w.is_finite() {
        return format!("{w}");
    }
    if w.fract() == 0.0 && w.abs() < 1e15 {
        return format!("{}", w as i64);
    }
    let s = format!("{w:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "0" || s == "-0" {
        format!("{w:.1e}")
    } else {
        s.to_owned()
    }
}

/// Lines of DOT, with counts of what they declare.
struct DotWriter<W: Write> {
    out: BufWriter<W>,
    written: Written,
}

impl<W: Write> DotWriter<W> {
    fn new(out: W) -> DotWriter<W> {
        DotWriter {
            out: BufWriter::new(out),
            written: Written::default(),
        }
    }

    fn line(&mut self, indent: usize, text: &str) -> io::Result<()> {
        for _ in 0..indent {
            self.out.write_all(b"  ")?;
        }
        self.out.write_all(text.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// `head [k="v", ...];` with every value quoted; keys are ours.
    fn attr_line(&mut self, indent: usize, head: &str, attrs: &[(&str, String)]) -> io::Result<()> {
        let mut s = String::from(head);
        push_attrs(&mut s, attrs);
        s.push(';');
        self.line(indent, &s)
    }

    fn node(&mut self, indent: usize, n: usize, attrs: &[(&str, String)]) -> io::Result<()> {
        self.written.nodes += 1;
        self.attr_line(indent, &format!("n{n}"), attrs)
    }

    fn edge(
        &mut self,
        indent: usize,
        a: usize,
        op: &str,
        b: usize,
        attrs: &[(&str, String)],
    ) -> io::Result<()> {
        self.written.edges += 1;
        self.attr_line(indent, &format!("n{a} {op} n{b}"), attrs)
    }

    fn finish(mut self) -> Result<Written, IoError> {
        self.out.flush()?;
        Ok(self.written)
    }
}

fn push_attrs(s: &mut String, attrs: &[(&str, String)]) {
    if attrs.is_empty() {
        return;
    }
    s.push_str(" [");
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(k);
        s.push('=');
        s.push_str(&quote(v));
    }
    s.push(']');
}

/// What is drawn of the dataset's graph ([`View`], `docs/FORMATS.md` (The graph every exporter writes)):
/// which of its nodes, under which number (`n0`, `n1`, ... in the graph's
/// order), which of its edges, and which `part_of` edges are drawn as a
/// point inside its plan's cluster instead of as an edge.
struct Layout<'a> {
    ds: &'a Dataset,
    view: View<'a>,
    /// The view node each drawn node is, by number.
    nodes: Vec<usize>,
    /// The number of each view node that is drawn.
    number: Vec<Option<usize>>,
    /// The view edges drawn as edges, in the view's order.
    edges: Vec<usize>,
    /// The node a proposal node is drawn inside the cluster of.
    parent: Vec<Option<usize>>,
    /// The proposal nodes drawn inside each node's cluster, in node order.
    children: Vec<Vec<usize>>,
}

/// The kinds of records drawn as nodes (when the options include them).
const NODE_KINDS: [RecordType; 7] = [
    RecordType::Source,
    RecordType::Actor,
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Quote,
    RecordType::Obligation,
];

impl<'a> Layout<'a> {
    /// The drawing the options ask for. With [`DotOptions::all`] every node
    /// and edge of the graph is drawn. O(n log n).
    fn new(ds: &'a Dataset, o: &DotOptions) -> Result<Layout<'a>, IoError> {
        let merge = if o.includes(RecordType::SameAs) {
            Merge::Judged
        } else {
            Merge::Apart
        };
        let view = View::build(ds, merge)?;
        // A record's node is drawn when its kind is; a placeholder when an
        // edge drawn reaches it.
        let mut drawn: Vec<bool> = view
            .nodes
            .iter()
            .map(|n| {
                n.record().is_some_and(|r| {
                    NODE_KINDS.contains(&r.record_type()) && o.includes(r.record_type())
                })
            })
            .collect();
        let end = |n: usize| drawn[n] || view.nodes[n].record().is_none();
        let visible: Vec<usize> = view
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let shown = match e.of {
                    EdgeOf::Tie(_) => o.ties,
                    EdgeOf::Stance(_) | EdgeOf::Asserts(_) => o.includes(RecordType::Stance),
                    EdgeOf::Relation(_) => o.includes(RecordType::Relation),
                    EdgeOf::Reference => true,
                };
                shown && end(e.source) && end(e.target)
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &visible {
            drawn[view.edges[i].source] = true;
            drawn[view.edges[i].target] = true;
        }
        let mut nodes = Vec::new();
        let mut number = vec![None; view.nodes.len()];
        for (i, d) in drawn.iter().enumerate() {
            if *d {
                number[i] = Some(nodes.len());
                nodes.push(i);
            }
        }
        let mut layout = Layout {
            ds,
            parent: vec![None; nodes.len()],
            children: vec![Vec::new(); nodes.len()],
            nodes,
            number,
            edges: Vec::new(),
            view,
        };
        let clustered = layout.nest_points(&visible);
        layout.edges = visible
            .into_iter()
            .filter(|i| !clustered.contains(i))
            .collect();
        Ok(layout)
    }

    /// Whether drawn node `i` is a proposal's.
    fn is_proposal(&self, i: usize) -> bool {
        matches!(
            self.view.nodes[self.nodes[i]].record(),
            Some(RecordRef::Proposal(_))
        )
    }

    /// Puts each point in the cluster of the proposal its first `part_of`
    /// edge drawn reaches, and returns those edges: the cluster draws them.
    /// A cycle of `part_of` (which validation reports) is broken by leaving
    /// its proposals at the top, with `part of` edges. O(n + e).
    fn nest_points(&mut self, visible: &[usize]) -> BTreeSet<usize> {
        let n = self.nodes.len();
        // For each node: the node it is part of, and the edge that says so.
        let mut up: Vec<Option<(usize, usize)>> = vec![None; n];
        for &i in visible {
            let e = &self.view.edges[i];
            if e.kind != EdgeKind::PartOf {
                continue;
            }
            let (Some(a), Some(b)) = (self.number[e.source], self.number[e.target]) else {
                continue;
            };
            if a != b && up[a].is_none() && self.is_proposal(a) && self.is_proposal(b) {
                up[a] = Some((b, i));
            }
        }
        // 0: not seen, 1: on the current path, 2: done.
        let mut state = vec![0u8; n];
        for start in 0..n {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    0 => {
                        state[i] = 1;
                        path.push(i);
                        at = up[i].map(|(p, _)| p);
                    }
                    1 => {
                        // A cycle: from `i` to the end of the path.
                        if let Some(pos) = path.iter().position(|&p| p == i) {
                            for &p in &path[pos..] {
                                up[p] = None;
                            }
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for p in path {
                state[p] = 2;
            }
        }
        let mut clustered = BTreeSet::new();
        for (i, parent) in up.iter().enumerate() {
            if let Some((p, edge)) = parent {
                self.children[*p].push(i);
                self.parent[i] = Some(*p);
                clustered.insert(*edge);
            }
        }
        clustered
    }

    fn write_nodes<W: Write>(&self, w: &mut DotWriter<W>, o: &DotOptions) -> io::Result<()> {
        enum Step {
            Open(usize, usize),
            Close(usize),
        }
        for root in 0..self.nodes.len() {
            if self.parent[root].is_some() {
                continue;
            }
            // Depth first, without recursion: points may nest deeply.
            let mut stack = vec![Step::Open(root, 1)];
            while let Some(step) = stack.pop() {
                match step {
                    Step::Close(indent) => w.line(indent, "}")?,
                    Step::Open(i, indent) => {
                        if self.children[i].is_empty() {
                            w.node(indent, i, &self.node_attrs(i, o))?;
                            continue;
                        }
                        let k = w.written.clusters;
                        w.written.clusters += 1;
                        w.line(indent, &format!("subgraph \"cluster_{k}\" {{"))?;
                        let title = match self.view.nodes[self.nodes[i]].record() {
                            Some(RecordRef::Proposal(p)) => p.title.as_str(),
                            _ => "",
                        };
                        w.attr_line(
                            indent + 1,
                            "graph",
                            &[
                                ("label", shorten(title, o.max_label, o.wrap.max(60))),
                                ("style", "rounded,filled".to_owned()),
                                ("fillcolor", "#fffaf2".to_owned()),
                                ("color", "#e0b070".to_owned()),
                                ("fontsize", "12".to_owned()),
                            ],
                        )?;
                        w.node(indent + 1, i, &self.node_attrs(i, o))?;
                        stack.push(Step::Close(indent));
                        for &c in self.children[i].iter().rev() {
                            stack.push(Step::Open(c, indent + 1));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn node_attrs(&self, i: usize, o: &DotOptions) -> Vec<(&'static str, String)> {
        let node = &self.view.nodes[self.nodes[i]];
        let label = |text: &str| shorten(text, o.max_label, o.wrap);
        let Some(record) = node.record() else {
            // A placeholder: the id a reference names, and what it is.
            return vec![
                (
                    "label",
                    format!("{}\n({})", label(node.id), node.type_name()),
                ),
                ("tooltip", format!("{} {}", node.type_name(), node.id)),
                ("shape", "box".to_owned()),
                ("style", "filled,dashed".to_owned()),
                ("fillcolor", "#ffffff".to_owned()),
            ];
        };
        let mut extra: Option<String> = None;
        let (text, shape, style, fill) = match record {
            RecordRef::Actor(a) => {
                let (shape, style) = match a.kind {
                    ActorKind::Person => ("ellipse", "filled"),
                    ActorKind::State | ActorKind::Government => ("box", "rounded,filled,bold"),
                    ActorKind::Group => ("box", "rounded,filled,dashed"),
                    ActorKind::Unnamed => ("ellipse", "filled,dashed"),
                    _ => ("box", "filled"),
                };
                (label(&a.name), shape, style, ACTOR_FILL)
            }
            RecordRef::Proposal(p) => {
                let text = match &p.label {
                    Some(l) => format!("{l}: {}", p.title),
                    None => p.title.clone(),
                };
                let point = p.part_of.is_some() || p.kind == Some(ProposalKind::Point);
                if let Some(s) = p.status {
                    extra = Some(format!("({s})"));
                }
                if point {
                    (label(&text), "note", "filled", "#fff8e1")
                } else {
                    (label(&text), "box", "filled,bold", PROPOSAL_FILL)
                }
            }
            RecordRef::Concession(c) => {
                extra = c.status.map(|s| format!("({s})"));
                (label(&c.what), "hexagon", "filled", "#fde0dc")
            }
            RecordRef::Obligation(ob) => {
                extra = ob
                    .kind
                    .map(|k| format!("({})", k.as_str().replace('_', " ")));
                (label(&ob.what), "octagon", "filled", "#e8eaf6")
            }
            RecordRef::Claim(c) => (
                label(&format!("“{}”", c.text)),
                "box",
                "rounded,filled",
                "#f3e5f5",
            ),
            RecordRef::Quote(q) => {
                let mut how = q.mode.as_str().replace('_', " ");
                if let Some(cue) = &q.cue {
                    how = format!("{how}, {}", shorten(cue, 40, 0));
                }
                extra = Some(format!("({how})"));
                (
                    label(&format!("“{}”", q.text)),
                    "box",
                    "filled,dotted",
                    "#fafafa",
                )
            }
            RecordRef::Source(s) => {
                let mut bits: Vec<String> = Vec::new();
                if let Some(p) = &s.publisher {
                    bits.push(shorten(p, 40, 0));
                }
                if let Some(d) = &s.published {
                    bits.push(d.to_string());
                }
                if !bits.is_empty() {
                    extra = Some(bits.join(", "));
                }
                (label(&s.title), "folder", "filled", "#eeeeee")
            }
            other => (label(&other.label()), "box", "filled", "#ffffff"),
        };
        let mut text = text;
        if let Some(e) = extra {
            text.push('\n');
            text.push_str(&e);
        }
        let merged = node.same_as();
        let mut tooltip = format!("{} {}", record.record_type(), record.id());
        if !merged.is_empty() {
            let also: Vec<String> = merged.iter().map(|r| r.label()).collect();
            text.push('\n');
            text.push_str(&shorten(
                &format!("= {}", also.join(", ")),
                o.max_label,
                o.wrap,
            ));
            let mut group: Vec<&str> = merged.iter().map(|r| r.id()).collect();
            group.push(record.id());
            group.sort_unstable();
            tooltip.push_str(&format!(" (same as {})", group.join(", ")));
        }
        vec![
            ("label", text),
            ("tooltip", tooltip),
            ("shape", shape.to_owned()),
            ("style", style.to_owned()),
            ("fillcolor", fill.to_owned()),
        ]
    }

    fn write_edges<W: Write>(&self, w: &mut DotWriter<W>, o: &DotOptions) -> io::Result<()> {
        for &i in &self.edges {
            let e = &self.view.edges[i];
            let (Some(a), Some(b)) = (self.number[e.source], self.number[e.target]) else {
                continue;
            };
            w.edge(1, a, "->", b, &self.edge_attrs(e, o))?;
        }
        Ok(())
    }

    /// How an edge is drawn: its label, and the colour and line of its kind.
    fn edge_attrs(&self, e: &Edge<'_>, o: &DotOptions) -> Vec<(&'static str, String)> {
        let plain = |what: &str| vec![("label", what.to_owned())];
        match e.of {
            EdgeOf::Tie(af) => {
                let mut what = af.kind.as_str().to_owned();
                if let Some(t) = &af.title {
                    what = format!("{what}: {}", shorten(t, 40, 0));
                }
                let mut attrs = vec![("label", what)];
                if af.kind == AffiliationKind::Member {
                    attrs.push(("style", "dashed".to_owned()));
                }
                attrs
            }
            EdgeOf::Stance(s) => self.stance_attrs(s, o),
            EdgeOf::Relation(r) => {
                let (label, colour) = match r.kind {
                    RelationKind::Supports => ("argues for", GREEN),
                    RelationKind::Attacks => ("attacks", RED),
                    RelationKind::Rephrases => ("rephrases", BLUE),
                    _ => ("relation", GREY),
                };
                vec![
                    ("label", label.to_owned()),
                    ("color", colour.to_owned()),
                    ("fontcolor", colour.to_owned()),
                    ("arrowhead", "onormal".to_owned()),
                    ("tooltip", format!("relation {}", r.id)),
                ]
            }
            EdgeOf::Asserts(_) => plain("asserts"),
            EdgeOf::Reference => match e.kind {
                EdgeKind::PartOf => vec![
                    ("label", "part of".to_owned()),
                    ("style", "dashed".to_owned()),
                ],
                EdgeKind::About => vec![
                    ("label", "about".to_owned()),
                    ("style", "dotted".to_owned()),
                    ("color", LIGHT.to_owned()),
                    ("fontcolor", LIGHT.to_owned()),
                ],
                // The kind's name, as words: `reported in`, `concedes to`.
                kind => plain(&kind.name().replace('_', " ")),
            },
        }
    }

    /// A stance: coloured by the position it counts for, labelled with the
    /// position as written, its modality and a mark for conditions.
    fn stance_attrs(&self, s: &Stance, o: &DotOptions) -> Vec<(&'static str, String)> {
        let position = s.effective_position();
        let (colour, style) = match position {
            Position::Supports => (GREEN, "solid"),
            Position::Opposes => (RED, "solid"),
            Position::Mixed => (ORANGE, "solid"),
            Position::Neutral => (BLUE, "solid"),
            Position::NoComment => (SILENT, "dashed"),
            Position::NoResponse => (SILENT, "dotted"),
            _ => (GREY, "solid"),
        };
        let mut label = s.position.as_str().replace('_', " ");
        match s.modality {
            None | Some(Modality::Asserted) => {}
            Some(m) => label = format!("{label} ({m})"),
        }
        if !s.conditions.is_empty() {
            label.push_str(" *");
        }
        let width = s
            .intensity
            .filter(|i| i.is_finite())
            .map_or(1.2, |i| 1.0 + 2.0 * i.abs().min(1.0));
        let mut tooltip = format!("stance {}", s.id);
        if let Some(d) = self.ds.stance_date(s) {
            tooltip.push_str(&format!(", {d}"));
        }
        for c in &s.conditions {
            tooltip.push_str(&format!("; if: {}", shorten(c, o.max_label, 0)));
        }
        vec![
            ("label", label),
            ("color", colour.to_owned()),
            ("fontcolor", colour.to_owned()),
            ("style", style.to_owned()),
            ("penwidth", format!("{width:.2}")),
            ("tooltip", tooltip),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_and_cut() {
        assert_eq!(shorten("one two three", 100, 7), "one two\nthree");
        assert_eq!(shorten("abcdefghij", 100, 4), "abcd\nefgh\nij");
        assert_eq!(shorten("abcdefghij", 5, 0), "abcd…");
        assert_eq!(shorten("a\r\nb\rc", 100, 0), "a\nb\nc");
        assert_eq!(shorten(&"x\n".repeat(20), 100, 0).lines().count(), 8);
    }

    #[test]
    fn weights_read_well() {
        assert_eq!(weight_label(2.0), "2");
        assert_eq!(weight_label(0.5), "0.5");
        assert_eq!(weight_label(1.0 / 3.0), "0.333");
        assert_eq!(weight_label(-0.25), "-0.25");
        assert_eq!(weight_label(0.0001), "1.0e-4");
    }

    #[test]
    fn quote_leaves_no_raw_control_characters() {
        let q = quote("a\u{0}b\u{1b}c\u{7f}d\u{85}e\u{9b}f\u{FFFF}\t\"\\&");
        assert_eq!(
            q,
            "\"a\u{2400}b\u{241b}c\u{2421}d\\ne\u{FFFD}f\u{FFFD} \\\"\\\\&amp;\""
        );
    }
}
