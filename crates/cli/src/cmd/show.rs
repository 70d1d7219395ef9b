//! `claimgraph show FILE...`: what a dataset holds.
//!
//! Several files are shown as their merge (see [`crate::input::load_merged`]).
//! Prints the number of records of each kind, in the canonical order, then
//! every proposal as a tree: each top-level proposal followed by its points,
//! and their points, indented. Every proposal appears exactly once: a point
//! whose parent is missing, or that sits on a `part_of` cycle, is shown at the
//! top level with its `part_of`. The tree is walked without recursion, so no
//! depth of nesting can exhaust the stack.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use claimgraph_core::{Dataset, Proposal, ProposalStatus, RecordType, Topic};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::Status;
use crate::input::{self, Format, Input};
use crate::output::{self, Escaped, count};

const AFTER_HELP: &str = "\
Output:
  plan.json: 9 records
    sources      1
    actors       2
    proposals    4
    ...
  proposals:
    plan: 28-point peace plan (status: proposed; proposed by: Donald Trump)
      p7 [point 7]: Cap on Ukraine's armed forces (topic: military)
        p7a [7(a)]: 600,000 troops (topic: military)
  With --json, one JSON object is printed instead:
    {\"file\",\"format\",\"records\",\"counts\":{\"sources\",...,\"same_as\"},
     \"proposals\":[{\"id\",\"title\",\"label\",\"topic\",\"status\",\"part_of\",
                   \"proposed_by\":[{\"id\",\"name\"}],\"points\":[...]}]}

Several files:
  Several files are shown as their merge, named \"a.json + b.json\" (as
  `claimgraph merge` makes it); --json adds \"inputs\":[{\"file\",\"format\",
  \"records\"}], and \"format\" is \"mixed\" when they differ. A field with two
  values is a conflict, listed on standard error; unless --prefer resolves it,
  nothing is shown.

Exit status:
  0  shown (run validate to check the dataset)
  1  malformed: syntax errors are printed on standard error; or the files
     conflict
  2  cannot be read (missing, a directory, no permission)

Examples:
  claimgraph show plan.json
  claimgraph show --json corpus.jsonl
  claimgraph show march.json may.jsonl --prefer last";

/// Indentation stops growing here, so a very deep chain of points cannot make
/// the output grow with the square of its depth.
const MAX_INDENT: usize = 32;

/// Show the number of records of each kind and the proposals with their points
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; several files are merged;
    /// - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<claimgraph_core::Side>,

    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let merged = match input::load_merged(
        &args.files,
        &input::Resolve::prefer(args.prefer),
        "nothing shown",
    ) {
        Ok(merged) => merged,
        Err(status) => return Ok(status),
    };
    let loaded = &merged.loaded;
    let ds = &loaded.dataset;
    let tree = tree(ds);
    output::stdout(|out| {
        if args.json {
            let head = JsonHead {
                file: &loaded.name,
                format: loaded.format,
                inputs: merged.is_merge().then_some(&merged.inputs[..]),
                records: ds.len(),
                counts: Counts(ds),
            };
            write_json(out, &head, ds, &tree)
        } else {
            write_text(out, &loaded.name, ds, &tree)
        }
    })?;
    input::release(merged);
    Ok(Status::Success)
}

/// One proposal in display order: its index in `Dataset::proposals` and its depth.
#[derive(Clone, Copy, Debug)]
struct Node {
    index: usize,
    depth: usize,
}

/// The proposals in pre-order: each top-level proposal (in file order), then
/// its points depth first (in file order). When an id is used twice, its
/// points sit under the first of the two reached; points not reachable from a top-level
/// proposal (dangling parent, `part_of` cycle) start trees of their own.
/// O(n log n) for n proposals.
fn tree(ds: &Dataset) -> Vec<Node> {
    let proposals = ds.proposals();
    let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in proposals.iter().enumerate() {
        if let Some(parent) = &p.part_of {
            children.entry(parent.as_str()).or_default().push(i);
        }
    }
    let is_root = |p: &Proposal| {
        p.part_of
            .as_ref()
            .is_none_or(|parent| ds.proposal(parent).is_none())
    };
    let roots = (0..proposals.len()).filter(|&i| is_root(&proposals[i]));
    let mut seen = vec![false; proposals.len()];
    let mut order = Vec::with_capacity(proposals.len());
    let mut stack = Vec::new();
    for root in roots.chain(0..proposals.len()) {
        stack.push(Node {
            index: root,
            depth: 0,
        });
        while let Some(node) = stack.pop() {
            if std::mem::replace(&mut seen[node.index], true) {
                continue;
            }
            order.push(node);
            if let Some(kids) = children.get(proposals[node.index].id.as_str()) {
                stack.extend(kids.iter().rev().filter(|&&k| !seen[k]).map(|&k| Node {
                    index: k,
                    depth: node.depth + 1,
                }));
            }
        }
    }
    order
}

fn write_text(out: &mut dyn Write, name: &str, ds: &Dataset, tree: &[Node]) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}",
        Escaped(name),
        count(ds.len(), "record", "records")
    )?;
    let width = RecordType::ALL
        .iter()
        .map(|&k| ds.count(k).to_string().len())
        .max()
        .unwrap_or(1);
    for &kind in RecordType::ALL {
        writeln!(out, "  {:<11}  {:>width$}", plural(kind), ds.count(kind))?;
    }
    writeln!(out)?;
    writeln!(out, "proposals:")?;
    if tree.is_empty() {
        writeln!(out, "  none")?;
    }
    for node in tree {
        let p = &ds.proposals()[node.index];
        let indent = 2 * (1 + node.depth.min(MAX_INDENT));
        write!(out, "{:indent$}{}", "", Escaped(p.id.as_str()))?;
        if let Some(label) = &p.label {
            write!(out, " [{}]", Escaped(label))?;
        }
        write!(out, ": {}", Escaped(&p.title))?;
        let mut attrs = Vec::new();
        if let Some(topic) = p.topic {
            attrs.push(format!("topic: {topic}"));
        }
        if let Some(status) = p.status {
            attrs.push(format!("status: {status}"));
        }
        if node.depth == 0
            && let Some(parent) = &p.part_of
        {
            let missing = if ds.proposal(parent).is_none() {
                " (missing)"
            } else {
                ""
            };
            attrs.push(format!("part of: {parent}{missing}"));
        }
        if !p.proposed_by.is_empty() {
            let names: Vec<String> = p
                .proposed_by
                .iter()
                .map(|a| match ds.actor(a) {
                    Some(actor) => actor.name.clone(),
                    None => format!("{a} (unknown actor)"),
                })
                .collect();
            attrs.push(format!("proposed by: {}", names.join(", ")));
        }
        if let Some(old) = &p.supersedes {
            attrs.push(format!("supersedes: {old}"));
        }
        if let Some(other) = &p.answers {
            attrs.push(format!("answers: {other}"));
        }
        if let Some(day) = &p.deadline {
            attrs.push(format!("deadline: {day}"));
        }
        for q in &p.quantities {
            attrs.push(q.to_string());
        }
        if !attrs.is_empty() {
            write!(out, " ({})", Escaped(&attrs.join("; ")))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The plural a kind is counted under, as canonical JSON names its list:
/// `sources`, `stances`, `same_as`.
pub(crate) fn plural(kind: RecordType) -> String {
    match kind {
        RecordType::SameAs => "same_as".to_owned(),
        _ => format!("{kind}s"),
    }
}

/// The record counts as a JSON object, kinds in the canonical order.
pub(crate) struct Counts<'a>(pub(crate) &'a Dataset);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(RecordType::ALL.len()))?;
        for &kind in RecordType::ALL {
            map.serialize_entry(&plural(kind), &self.0.count(kind))?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct JsonHead<'a> {
    file: &'a str,
    format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    inputs: Option<&'a [Input]>,
    records: usize,
    counts: Counts<'a>,
}

#[derive(serde::Serialize)]
struct JsonProposal<'a> {
    id: &'a str,
    title: &'a str,
    label: Option<&'a str>,
    topic: Option<Topic>,
    status: Option<ProposalStatus>,
    part_of: Option<&'a str>,
    proposed_by: Vec<JsonActor<'a>>,
    // Written only when set, so answers about older files keep their shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    supersedes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answers: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<claimgraph_core::When>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    quantities: &'a [claimgraph_core::Quantity],
}

#[derive(serde::Serialize)]
struct JsonActor<'a> {
    id: &'a str,
    /// `None` when the id names no actor.
    name: Option<&'a str>,
}

/// Streams the nested proposal tree from its pre-order, closing each
/// proposal's `points` array when the walk climbs back out of it.
fn write_json(
    out: &mut dyn Write,
    head: &JsonHead<'_>,
    ds: &Dataset,
    tree: &[Node],
) -> io::Result<()> {
    output::json_object_open(out, head)?;
    out.write_all(b"\"proposals\":[")?;
    let mut open: Option<usize> = None;
    for node in tree {
        if let Some(depth) = open
            && node.depth <= depth
        {
            for _ in node.depth..=depth {
                out.write_all(b"]}")?;
            }
            out.write_all(b",")?;
        }
        let p = &ds.proposals()[node.index];
        let proposal = JsonProposal {
            id: p.id.as_str(),
            title: &p.title,
            label: p.label.as_deref(),
            topic: p.topic,
            status: p.status,
            part_of: p.part_of.as_ref().map(|x| x.as_str()),
            proposed_by: p
                .proposed_by
                .iter()
                .map(|a| JsonActor {
                    id: a.as_str(),
                    name: ds.actor(a).map(|actor| actor.name.as_str()),
                })
                .collect(),
            supersedes: p.supersedes.as_ref().map(|x| x.as_str()),
            answers: p.answers.as_ref().map(|x| x.as_str()),
            deadline: p.deadline,
            quantities: &p.quantities,
        };
        output::json_object_open(out, &proposal)?;
        out.write_all(b"\"points\":[")?;
        open = Some(node.depth);
    }
    if let Some(depth) = open {
        for _ in 0..=depth {
            out.write_all(b"]}")?;
        }
    }
    out.write_all(b"]}\n")
}
