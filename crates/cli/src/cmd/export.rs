//! `claimgraph export FILE... --format F [-o OUT]`: a dataset in the format
//! another tool reads.

use std::path::{Path, PathBuf};

use claimgraph_core::{Dataset, Side};
use claimgraph_io::{aif, csv, dot, gexf, graphml};

use crate::Status;
use crate::input;
use crate::output::{self, Escaped, Sink};

const AFTER_HELP: &str = "\
Formats:
  dot      Graphviz: records as styled nodes, stances coloured by position,
           points clustered under their plan (render it with `claimgraph
           render` or `dot -Tsvg`)
  graphml  GraphML for Gephi, networkx, igraph, yEd, Cytoscape: every record a
           node, stances and references edges, every attribute a typed key
  gexf     GEXF 1.3 for Gephi, stances dated so its timeline plays the debate
  csv      a table for a spreadsheet or Gephi's importer: --table nodes
           (Id,Label,...), edges (Source,Target,Type,Weight,...) or stances
           (one row per stance and piece of evidence); cells a spreadsheet
           would run as a formula are neutralised with a leading '
  aif      AIF JSON, as AIFdb and OVA read it: claims, quotes, relations and
           stances on claims (what AIF cannot hold is left out; see
           docs/FORMATS.md)
  json     canonical claimgraph JSON
  jsonl    claimgraph JSON Lines
  docs/FORMATS.md says what goes where in each format.

Output:
  Without -o, or with -o -, the export goes to standard output. With -o, the
  file is written under a temporary name and renamed when complete: a failed
  or interrupted export leaves no partial file and an existing file as it
  was. OUT that is one of the inputs (by any name or link) is refused; a
  symbolic link is written through, and an existing file keeps its
  permissions. So it is with every command's -o.

Exit status:
  0  exported
  1  the input is malformed or conflicting, holds what the format refuses
     (two records under one id), or an option's value is refused
  2  the input cannot be read, or the output cannot be written or is one of
     the inputs

Examples:
  claimgraph export plan.json --format dot -o plan.dot
  claimgraph export plan.json reports.jsonl --format graphml -o story.graphml
  claimgraph export plan.json --format csv --table stances -o stances.csv
  claimgraph export qt30.json --format aif -o map.json";

/// Write a dataset in another tool's format: DOT, GraphML, GEXF, CSV, AIF
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; several files are merged;
    /// - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The format to write
    #[arg(long, value_name = "FORMAT", value_parser = ["dot", "graphml", "gexf", "csv", "aif", "json", "jsonl"])]
    pub format: String,

    /// For --format csv: which table
    #[arg(long, value_name = "TABLE", value_parser = ["nodes", "edges", "stances"], default_value = "stances")]
    pub table: String,

    /// For --format dot: draw every kind of record, quotes and sources too
    #[arg(long)]
    pub all: bool,

    /// Write here instead of standard output
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<Side>,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    if args.table != "stances" && args.format != "csv" {
        output::error("--table applies only to --format csv");
        return Ok(Status::Invalid);
    }
    if args.all && args.format != "dot" {
        output::error("--all applies only to --format dot");
        return Ok(Status::Invalid);
    }
    let target = target(args.output.as_deref());
    let inputs = args.files.iter().map(PathBuf::as_path);
    if let Err(status) = output::refuse_input_as_output(target, inputs) {
        return Ok(status);
    }
    let ds = match load(&args.files, args.prefer) {
        Ok(ds) => ds,
        Err(status) => return Ok(status),
    };
    let mut sink = match Sink::open(target) {
        Ok(sink) => sink,
        Err(e) => return Ok(cannot_write(args.output.as_deref(), &e)),
    };
    let written = write(&ds, args, &mut sink);
    match written.and_then(|()| sink.finish().map_err(claimgraph_io::IoError::from)) {
        Ok(()) => Ok(Status::Success),
        Err(e) => {
            output::error(Escaped(&e));
            Ok(status_of(&e))
        }
    }
}

fn write(ds: &Dataset, args: &Args, out: &mut Sink) -> Result<(), claimgraph_io::IoError> {
    match args.format.as_str() {
        "dot" => {
            let options = if args.all {
                dot::DotOptions::all()
            } else {
                dot::DotOptions::new()
            };
            dot::write_dataset(ds, out, &options).map(|_| ())
        }
        "graphml" => graphml::write_dataset(ds, out),
        "gexf" => gexf::write_dataset(ds, out),
        "csv" => match args.table.as_str() {
            "nodes" => csv::write_nodes(ds, out),
            "edges" => csv::write_edges(ds, out),
            _ => csv::write_stances(ds, out),
        },
        "aif" => aif::export(ds, out),
        "jsonl" => Ok(ds.write_jsonl(out)?),
        _ => Ok(ds.write_json(out)?),
    }
}

/// The merged dataset of the files, or the status a problem ends with.
pub(crate) fn load(files: &[PathBuf], prefer: Option<Side>) -> Result<Dataset, Status> {
    let merged = input::load_merged(files, &input::Resolve::prefer(prefer), "nothing written")?;
    Ok(merged.loaded.dataset)
}

/// What the input holds that the format refuses (two records under one id)
/// is the input's fault: 1; the system or a missing program: 2.
pub(crate) fn status_of(e: &claimgraph_io::IoError) -> Status {
    match e {
        claimgraph_io::IoError::Content { .. } | claimgraph_io::IoError::Syntax { .. } => {
            Status::Invalid
        }
        _ => Status::Trouble,
    }
}

fn target(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| *p != Path::new("-"))
}

pub(crate) fn cannot_write(path: Option<&Path>, e: &std::io::Error) -> Status {
    let name = path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    output::error(format_args!("cannot write {}: {e}", Escaped(&name)));
    Status::Trouble
}
