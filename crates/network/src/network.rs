//! The network: labelled nodes and weighted edges, and its CSV forms.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use crate::options::{Kind, NetworkOptions};

/// Which mode a node belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeMode {
    /// An actor.
    Actor,
    /// A target: a proposal, point, concession or claim.
    Target,
}

/// A node of a network, with the attributes the statement table knows of
/// its entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The record id; for a node of another variable than the actor
    /// ([`crate::NodeVariable`]), the value (`person`, `UKR`, `Reuters`).
    pub id: Arc<str>,
    /// A label: the actor's name, the target's title or text, the value.
    pub label: Arc<str>,
    /// Actor or target. A node of another variable stands on the actors' side.
    pub mode: NodeMode,
    /// An actor's kind (`person`, `state`, ...) or a target's record type
    /// (`proposal`, `claim`, ...), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Arc<str>>,
    /// An actor's country (ISO 3166-1 alpha-3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Arc<str>>,
    /// An actor's other names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Arc<str>>,
    /// An actor's one-line description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
}

impl Node {
    /// A node with an id, a label and a mode, and no other attribute.
    ///
    /// ```
    /// use claimgraph_network::{Node, NodeMode};
    /// let n = Node::new("UKR", "UKR", NodeMode::Actor);
    /// assert_eq!((&*n.id, n.kind.is_none()), ("UKR", true));
    /// ```
    pub fn new(id: &str, label: &str, mode: NodeMode) -> Node {
        Node {
            id: Arc::from(id),
            label: Arc::from(label),
            mode,
            kind: None,
            country: None,
            aliases: Vec::new(),
            description: None,
        }
    }
}

/// An edge between the nodes at positions `a` and `b` of [`Network::nodes`].
/// In a one-mode network `a < b` and the edge stands for both directions; in
/// an affiliation network `a` is an actor and `b` a target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// The first node's position.
    pub a: u32,
    /// The second node's position.
    pub b: u32,
    /// The weight.
    pub weight: f64,
}

/// A weighted network: nodes in id order (actors, then targets in an
/// affiliation network) and its non-zero edges, sorted. Symmetric one-mode
/// networks store each pair once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Network {
    options: NetworkOptions,
    nodes: Vec<Node>,
    /// The number of actor rows in an affiliation network.
    rows: Option<usize>,
    edges: Vec<Edge>,
    /// Statements that passed the filters, before duplicate removal.
    statements: usize,
}

impl Network {
    pub(crate) fn new(
        options: NetworkOptions,
        nodes: Vec<Node>,
        rows: Option<usize>,
        edges: Vec<Edge>,
    ) -> Network {
        Network {
            options,
            nodes,
            rows,
            edges,
            statements: 0,
        }
    }

    /// Records how many statements the network was built from.
    pub(crate) fn with_statements(mut self, n: usize) -> Network {
        self.statements = n;
        self
    }

    /// How many statements passed the filters and counted toward the network
    /// (before duplicate removal).
    pub fn statements(&self) -> usize {
        self.statements
    }

    /// Applies the minimum weight, top-k and isolates options.
    pub(crate) fn finish(mut self) -> Network {
        if let Some(min) = self.options.min_weight {
            self.edges.retain(|e| e.weight.abs() >= min);
        }
        if let Some(k) = self.options.top_k {
            self.keep_top_k(k);
        }
        if !self.options.filters.isolates {
            self.drop_isolates();
        }
        self
    }

    fn keep_top_k(&mut self, k: usize) {
        let n = self.nodes.len();
        let mut by_node: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (ix, e) in self.edges.iter().enumerate() {
            by_node[e.a as usize].push(ix);
            by_node[e.b as usize].push(ix);
        }
        let mut keep = vec![false; self.edges.len()];
        for list in &mut by_node {
            // Strongest first; ties by edge order, which is by node ids.
            list.sort_by(|&x, &y| {
                self.edges[y]
                    .weight
                    .abs()
                    .total_cmp(&self.edges[x].weight.abs())
                    .then(x.cmp(&y))
            });
            for &ix in list.iter().take(k) {
                keep[ix] = true;
            }
        }
        let mut i = 0;
        self.edges.retain(|_| {
            let k = keep[i];
            i += 1;
            k
        });
    }

    fn drop_isolates(&mut self) {
        let mut used = vec![false; self.nodes.len()];
        for e in &self.edges {
            used[e.a as usize] = true;
            used[e.b as usize] = true;
        }
        if used.iter().all(|u| *u) {
            return;
        }
        let mut new_pos = vec![u32::MAX; self.nodes.len()];
        let mut nodes = Vec::new();
        let mut rows = 0;
        for (i, node) in self.nodes.drain(..).enumerate() {
            if used[i] {
                new_pos[i] = nodes.len() as u32;
                if self.rows.is_some_and(|r| i < r) {
                    rows += 1;
                }
                nodes.push(node);
            }
        }
        self.nodes = nodes;
        if self.rows.is_some() {
            self.rows = Some(rows);
        }
        for e in &mut self.edges {
            e.a = new_pos[e.a as usize];
            e.b = new_pos[e.b as usize];
        }
    }

    /// The options the network was built with.
    pub fn options(&self) -> &NetworkOptions {
        &self.options
    }

    /// The nodes: in id order; in an affiliation network the actors first.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The edges, sorted by (a, b).
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Whether this is an affiliation (two-mode) network.
    pub fn is_two_mode(&self) -> bool {
        self.rows.is_some()
    }

    /// Whether the weights are symmetric (every one-mode network).
    pub fn is_symmetric(&self) -> bool {
        self.options.kind != Kind::Affiliation
    }

    /// The position of a node by id. O(log n) for actors and targets each.
    pub fn position(&self, id: &str) -> Option<usize> {
        match self.rows {
            None => self.nodes.binary_search_by(|n| (*n.id).cmp(id)).ok(),
            Some(r) => self.nodes[..r]
                .binary_search_by(|n| (*n.id).cmp(id))
                .ok()
                .or_else(|| {
                    self.nodes[r..]
                        .binary_search_by(|n| (*n.id).cmp(id))
                        .ok()
                        .map(|p| p + r)
                }),
        }
    }

    /// The weight between two nodes by id (either order in a one-mode network;
    /// in an affiliation network `a` is the actor and `b` the target);
    /// `None` when there is no edge. O(log e).
    pub fn weight(&self, a: &str, b: &str) -> Option<f64> {
        let (pa, pb) = match self.rows {
            // An id can name both an actor row and a target column (a stance on an actor).
            Some(r) => (
                self.nodes[..r].binary_search_by(|n| (*n.id).cmp(a)).ok()? as u32,
                (self.nodes[r..].binary_search_by(|n| (*n.id).cmp(b)).ok()? + r) as u32,
            ),
            None => (self.position(a)? as u32, self.position(b)? as u32),
        };
        let key = if self.is_symmetric() && pa > pb {
            (pb, pa)
        } else {
            (pa, pb)
        };
        self.edges
            .binary_search_by(|e| (e.a, e.b).cmp(&key))
            .ok()
            .map(|i| self.edges[i].weight)
    }

    /// Writes `source,target,weight` lines (ids), with a header line. Fields
    /// are quoted as RFC 4180 requires.
    pub fn write_edge_list<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        let ids: Vec<Vec<u8>> = self.nodes.iter().map(|n| csv_field(&n.id)).collect();
        out.write_all(b"source,target,weight\n")?;
        let mut num = String::with_capacity(32);
        for e in &self.edges {
            out.write_all(&ids[e.a as usize])?;
            out.write_all(b",")?;
            out.write_all(&ids[e.b as usize])?;
            out.write_all(b",")?;
            num.clear();
            push_weight(&mut num, e.weight);
            out.write_all(num.as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    }

    /// Writes the weights as a matrix: a header row of column ids, then one
    /// row per row node (its id, then the weights; 0 where there is no edge).
    /// A one-mode network is square and symmetric with a zero diagonal; an
    /// affiliation network has actors as rows and targets as columns.
    /// Memory O(n) beyond the network; output O(rows × columns).
    pub fn write_matrix<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        let (rows, cols): (std::ops::Range<usize>, std::ops::Range<usize>) = match self.rows {
            Some(r) => (0..r, r..self.nodes.len()),
            None => (0..self.nodes.len(), 0..self.nodes.len()),
        };
        out.write_all(b"\"\"")?;
        for c in cols.clone() {
            out.write_all(b",")?;
            out.write_all(&csv_field(&self.nodes[c].id))?;
        }
        out.write_all(b"\n")?;
        // Each row's edges: those where it is `a`, and, if symmetric, those where it is `b`.
        let mut by_row: Vec<Vec<(u32, f64)>> = vec![Vec::new(); self.nodes.len()];
        for e in &self.edges {
            by_row[e.a as usize].push((e.b, e.weight));
            if self.is_symmetric() {
                by_row[e.b as usize].push((e.a, e.weight));
            }
        }
        let mut line = String::new();
        for r in rows {
            let mut list = std::mem::take(&mut by_row[r]);
            list.sort_by_key(|x| x.0);
            line.clear();
            line.push_str(&String::from_utf8_lossy(&csv_field(&self.nodes[r].id)));
            let mut next = list.iter().peekable();
            for c in cols.clone() {
                line.push(',');
                match next.peek() {
                    Some(&&(col, w)) if col as usize == c => {
                        push_weight(&mut line, w);
                        next.next();
                    }
                    _ => line.push('0'),
                }
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        out.flush()
    }

    /// Writes the network as one JSON object: options, nodes and edges (by id).
    pub fn write_json<W: Write>(&self, out: W) -> io::Result<()> {
        #[derive(Serialize)]
        struct EdgeOut<'a> {
            source: &'a str,
            target: &'a str,
            weight: f64,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            options: &'a NetworkOptions,
            two_mode: bool,
            nodes: &'a [Node],
            edges: Vec<EdgeOut<'a>>,
        }
        let edges = self
            .edges
            .iter()
            .map(|e| EdgeOut {
                source: &self.nodes[e.a as usize].id,
                target: &self.nodes[e.b as usize].id,
                weight: e.weight,
            })
            .collect();
        let mut out = io::BufWriter::new(out);
        serde_json::to_writer(
            &mut out,
            &Out {
                options: &self.options,
                two_mode: self.is_two_mode(),
                nodes: &self.nodes,
                edges,
            },
        )
        .map_err(io::Error::other)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

/// The first characters that make a spreadsheet read a cell as a formula:
/// `=`, `+`, `-`, `@`, tab and carriage return (OWASP's list).
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as a spreadsheet cannot run it: with a single quote `'` put
/// before it when it starts with a formula trigger ([`FORMULA_TRIGGERS`]:
/// `=`, `+`, `-`, `@`, tab, carriage return), or with quotes and then a
/// trigger (so that [`unneutralise`] gives back every cell exactly);
/// unchanged (and not copied) otherwise. The rule is OWASP's for CSV
/// injection. O(k) for the k leading quotes.
///
/// It changes the cell's text: a reader wanting the value as written strips
/// one leading `'` when what follows the cell's leading quotes is a trigger,
/// which [`unneutralise`] does.
///
/// ```
/// use claimgraph_network::{neutralise, unneutralise};
/// assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
/// assert_eq!(neutralise("-2+3"), "'-2+3");
/// assert_eq!(neutralise("'=1"), "''=1");
/// assert_eq!(neutralise("Kyiv's answer"), "Kyiv's answer");
/// assert_eq!(unneutralise(&neutralise("@SUM(A1)")), "@SUM(A1)");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_triggered(cell) {
        let mut out = String::with_capacity(cell.len() + 1);
        out.push('\'');
        out.push_str(cell);
        Cow::Owned(out)
    } else {
        Cow::Borrowed(cell)
    }
}

/// A text cell as it was before [`neutralise`]: one leading `'` removed when
/// the cell, after its leading quotes, starts with a formula trigger.
/// `unneutralise(&neutralise(s)) == s` for every string. O(k) for the k
/// leading quotes.
///
/// ```
/// use claimgraph_network::unneutralise;
/// assert_eq!(unneutralise("'+1+1"), "+1+1");
/// assert_eq!(unneutralise("''=1"), "'=1");
/// assert_eq!(unneutralise("'quoted'"), "'quoted'");
/// ```
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_triggered(rest) => rest,
        _ => cell,
    }
}

/// Whether the cell, after any leading single quotes, starts with a trigger.
fn is_triggered(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .starts_with(|c: char| FORMULA_TRIGGERS.contains(&c))
}

/// Writes `value` as one line of JSON and flushes: the `write_json` of
/// every result that is written whole.
pub(crate) fn json_line<T: Serialize + ?Sized, W: Write>(value: &T, out: W) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer(&mut out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A CSV text field: [`neutralise`]d, so a spreadsheet cannot run it as a
/// formula, then quoted, with quotes doubled, when it holds a comma, a quote,
/// a line break, or leading or trailing spaces.
pub fn csv_field(s: &str) -> Vec<u8> {
    let s = &*neutralise(s);
    let needs = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.is_empty();
    if !needs {
        return s.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    for b in s.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
    out
}

/// Integers without a decimal point; other values in the shortest form that
/// reads back to the same number.
pub(crate) fn push_weight(out: &mut String, w: f64) {
    use std::fmt::Write as _;
    if w.fract() == 0.0 && w.abs() < 9.0e15 {
        out.push_str(itoa::Buffer::new().format(w as i64));
    } else {
        let _ = write!(out, "{w}");
    }
}
