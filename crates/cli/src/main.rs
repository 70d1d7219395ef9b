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

Reading limits:
  Every command reads within limits that stop a broken or hostile file early
  (an endless line, a huge string, deep nesting), before memory runs out. A
  file that passes one is malformed at that place; the message names the
  option that raises the limit. The defaults let a corpus of 10^7 statements
  in JSON Lines through. BYTES takes a suffix K, M or G (KiB, MiB, GiB).

Exit status:
  0  success (for validate: no errors; warnings are allowed)
  1  the input is invalid: malformed (syntax, unknown field, bad value or
     date, empty file, past a reading limit), its files conflict, or, for
     validate, it has errors; or an option's value is malformed or refused
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
  claimgraph render story.json -o story.svg
  claimgraph analyse polarisation corpus.jsonl --normalise
  claimgraph plot network corpus.jsonl -o clusters.svg";

/// Claims in the news: actors, proposals, concessions, quotes and stances as
/// an evidence-backed graph.
#[derive(Debug, Parser)]
#[command(name = "claimgraph", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(flatten)]
    limits: LimitArgs,
    #[command(subcommand)]
    command: Command,
}

/// The reading limits, options of every command.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Reading limits")]
struct LimitArgs {
    /// The longest line of JSON Lines [default: 16M]
    #[arg(long, global = true, value_name = "BYTES", value_parser = parse_bytes)]
    max_line_bytes: Option<u64>,
    /// The largest canonical JSON file, which is read whole [default: 1G]
    #[arg(long, global = true, value_name = "BYTES", value_parser = parse_bytes)]
    max_file_bytes: Option<u64>,
    /// The longest string, as written [default: 16M]
    #[arg(long, global = true, value_name = "BYTES", value_parser = parse_bytes)]
    max_string_bytes: Option<u64>,
    /// The most records in one file [default: 100000000]
    #[arg(long, global = true, value_name = "N")]
    max_records: Option<u64>,
    /// The most brackets open at once [default: 64]
    #[arg(long, global = true, value_name = "N")]
    max_depth: Option<usize>,
}

impl LimitArgs {
    /// The limits the options give, the defaults where they are not given.
    fn limits(&self) -> claimgraph_core::Limits {
        let bytes = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        let mut b = claimgraph_core::Limits::builder();
        if let Some(n) = self.max_line_bytes {
            b.max_line_bytes(bytes(n));
        }
        if let Some(n) = self.max_file_bytes {
            b.max_file_bytes(n);
        }
        if let Some(n) = self.max_string_bytes {
            b.max_string_bytes(bytes(n));
        }
        if let Some(n) = self.max_records {
            b.max_records(n);
        }
        if let Some(n) = self.max_depth {
            b.max_depth(n);
        }
        b.build()
    }
}

/// A number of bytes: digits, and a suffix K, M or G for KiB, MiB or GiB.
fn parse_bytes(s: &str) -> Result<u64, String> {
    let (digits, shift) = match s.strip_suffix(['K', 'k']) {
        Some(d) => (d, 10),
        None => match s.strip_suffix(['M', 'm']) {
            Some(d) => (d, 20),
            None => match s.strip_suffix(['G', 'g']) {
                Some(d) => (d, 30),
                None => (s, 0),
            },
        },
    };
    let expected =
        || format!("expected a number of bytes such as 65536, 64K, 16M or 2G, not {s:?}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(expected());
    }
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("{s} is more bytes than this system can count"))
}

#[derive(Debug, Subcommand)]
enum Command {
    Validate(cmd::validate::Args),
    Show(cmd::show::Args),
    Query(cmd::query::Args),
    Generate(cmd::generate::Args),
    Network(Box<cmd::network::Args>),
    Analyse(cmd::analyse::Args),
    Plot(cmd::plot::Args),
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
    input::set_limits(cli.limits.limits());
    let result = match &cli.command {
        Command::Validate(args) => cmd::validate::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Query(args) => cmd::query::run(args),
        Command::Generate(args) => cmd::generate::run(args),
        Command::Network(args) => cmd::network::run(args),
        Command::Analyse(args) => cmd::analyse::run(args),
        Command::Plot(args) => cmd::plot::run(args),
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
