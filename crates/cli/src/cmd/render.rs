//! `claimgraph render FILE... -o OUT`: a dataset's graph drawn by Graphviz.

use std::io::Write;
use std::path::PathBuf;

use claimgraph_core::Side;
use claimgraph_io::dot;

use crate::Status;
use crate::cmd::export::{cannot_write, load, status_of};
use crate::input;
use crate::output::{self, Escaped, Sink};

const RENDER_HELP: &str = "\
Rendering:
  Writes the dataset's graph (as `claimgraph export --format dot` does) and
  runs Graphviz's `dot` on it. The picture's format is OUT's extension: svg,
  png, pdf, jpg, gif, ps, eps, json, xdot. Where Graphviz is not installed,
  the error says how to install it (the package is `graphviz`).

Exit status:
  0  rendered
  1  the input is malformed or conflicting, or OUT's extension is no format
  2  the input cannot be read, Graphviz is missing or failed, or the output
     cannot be written or is one of the inputs

Examples:
  claimgraph render plan.json -o plan.svg
  claimgraph render plan.json reports.jsonl --all -o story.png";

/// Draw a dataset's graph with Graphviz: SVG, PNG, PDF
#[derive(Debug, clap::Args)]
#[command(after_help = RENDER_HELP)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; several files are merged;
    /// - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The picture to write; its extension is its format (out.svg, out.png)
    #[arg(short = 'o', long, value_name = "OUT", required = true)]
    pub output: PathBuf,

    /// Draw every kind of record, quotes and sources too
    #[arg(long)]
    pub all: bool,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<Side>,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let Some(format) = dot::format_of(&args.output) else {
        output::error(format_args!(
            "cannot tell the picture's format from {}: name it .svg, .png, .pdf, ... ({})",
            Escaped(&args.output.display().to_string()),
            dot::FORMATS.join(", ")
        ));
        return Ok(Status::Invalid);
    };
    let inputs = args.files.iter().map(PathBuf::as_path);
    if let Err(status) = output::refuse_input_as_output(Some(&args.output), inputs) {
        return Ok(status);
    }
    let ds = match load(&args.files, args.prefer) {
        Ok(ds) => ds,
        Err(status) => return Ok(status),
    };
    let options = if args.all {
        dot::DotOptions::all()
    } else {
        dot::DotOptions::new()
    };
    let mut source = Vec::new();
    let picture =
        dot::write_dataset(&ds, &mut source, &options).and_then(|_| dot::render(&source, format));
    let picture = match picture {
        Ok(p) => p,
        Err(e) => {
            output::error(Escaped(&e));
            return Ok(status_of(&e));
        }
    };
    let mut sink = match Sink::open(Some(&args.output)) {
        Ok(sink) => sink,
        Err(e) => return Ok(cannot_write(Some(&args.output), &e)),
    };
    match sink.write_all(&picture).and_then(|()| sink.finish()) {
        Ok(()) => Ok(Status::Success),
        Err(e) => Ok(cannot_write(Some(&args.output), &e)),
    }
}
