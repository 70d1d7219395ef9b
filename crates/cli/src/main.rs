//! The `claimgraph` command-line tool.
//!
//! Each subcommand lives in its own module under [`cmd`]; [`input`] reads the
//! dataset files they share and [`output`] holds what every command prints
//! with. A subcommand returns a [`Status`], which becomes the exit status.

mod cmd;
mod input;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const AFTER_HELP: &str = "\
Files:
  FILE is canonical JSON (one dataset object) or JSON Lines (one record per
  line). Names ending in .json are read as canonical JSON, .jsonl and .ndjson
  as JSON Lines; any other name is read as JSON Lines when its first line is a
  record or the format header. Use - to read standard input. Commands that
  take FILE... work on the merge of several files, as `claimgraph merge`
  makes it; a field with two values is a conflict that stops them unless
  --prefer first or --prefer last resolves it.

Exit status:
  0  success (for validate: no errors; warnings are allowed)
  1  the input is invalid: malformed (syntax, unknown field, bad value or
     date, empty file), its files conflict, or, for validate, it has errors;
     or an option's value is malformed or refused
  2  the input cannot be read (missing, a directory, no permission), the
     command line is wrong (an unknown option, a missing argument), or the
     output cannot be written

Examples:
  claimgraph validate plan.json
  claimgraph validate --json corpus.jsonl
  claimgraph show plan.json
  claimgraph query plan.json supporters plan-28
  claimgraph merge wsj.json reuters.jsonl -o story.json
  claimgraph validate wsj.json reuters.jsonl --prefer last
  claimgraph dedupe story.json
  claimgraph export story.json --format graphml -o story.graphml
  claimgraph import --from dna sample.dna -o sample.json
  claimgraph render story.json -o story.svg";

/// Claims in the news: actors, proposals, concessions, quotes and stances as
/// an evidence-backed graph.
#[derive(Debug, Parser)]
#[command(name = "claimgraph", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(cmd::validate::Args),
    Show(cmd::show::Args),
    Query(cmd::query::Args),
    Generate(cmd::generate::Args),
    Network(Box<cmd::network::Args>),
    Export(cmd::export::Args),
    Import(cmd::import::Args),
    Render(cmd::render::Args),
    Merge(cmd::merge::Args),
    Dedupe(cmd::dedupe::Args),
}

/// How a command ended; the process exits with its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// The command did its work and found nothing wrong.
    Success = 0,
    /// The input was read but is malformed or has errors.
    Invalid = 1,
    /// The input could not be read, or the output could not be written.
    Trouble = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = e.print();
            if let Some(status) = cmd::network::parse_error_status(&e) {
                return status.into();
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match &cli.command {
        Command::Validate(args) => cmd::validate::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Query(args) => cmd::query::run(args),
        Command::Generate(args) => cmd::generate::run(args),
        Command::Network(args) => cmd::network::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Dedupe(args) => cmd::dedupe::run(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) => {
            output::error(format_args!("{e:#}"));
            Status::Trouble.into()
        }
    }
}
