//! `claimgraph generate`: a reproducible synthetic corpus, as JSON Lines.
//!
//! Writes what [`claimgraph_generate::generate`] makes of the
//! options, to standard output or to a file. A file is written under a
//! temporary name beside it and renamed when complete, so that a reader never
//! sees half a corpus and a failed run leaves any earlier file in place.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use claimgraph_core::When;
use claimgraph_generate::{GenerateError, GenerateSummary, GeneratorConfig, generate};

use crate::Status;
use crate::output::{self, Escaped, Sink, count};

const AFTER_HELP: &str = "\
Output:
  JSON Lines that every claimgraph command reads: the format header, then
  sources, actors, proposals, claims, quotes and stances, one per line:
    {\"type\":\"source\",\"id\":\"d1\",\"title\":\"Row over plan 12\",\"publisher\":\"Global Wire\",...}
    {\"type\":\"actor\",\"id\":\"a1\",\"name\":\"Anna Renren\",\"kind\":\"person\"}
    {\"type\":\"proposal\",\"id\":\"p12\",\"title\":\"Energy plan 12\",\"kind\":\"plan\",...}
    {\"type\":\"quote\",\"id\":\"q1\",\"speaker\":\"a1\",\"text\":\"We back plan 12\",...}
    {\"type\":\"stance\",\"id\":\"s1\",\"holder\":\"a1\",\"target\":\"p12\",\"position\":\"supports\",
     \"evidence\":[{\"quote\":\"q1\",\"source\":\"d1\"}],\"as_of\":\"2020-01-01\"}
  Each statement is a stance and the quote that shows it. A few actors make
  most statements and a few targets draw most of them (Zipf skew), and
  actors lean to camps, so coalitions form. The same options always give the
  same bytes. With -o the file appears only when complete (interrupted, it
  leaves nothing behind), and a summary line is printed on standard error.

Exit status:
  0  written
  1  an option value is malformed (not a number, a malformed date) or asks
     for a corpus that cannot be made: statements but no actors or targets,
     more than the generator supports, a skew outside 0 to 10, or days past
     9999-12-31
  2  the command line is wrong (an unknown option), or the output cannot be
     written

Examples:
  claimgraph generate --statements 1000000 --actors 2000 --targets 1000 --seed 1 -o corpus.jsonl
  claimgraph generate --statements 100 --actors 10 --targets 5 | claimgraph show -
  claimgraph generate --start 2025-01-01 --span-days 30 --intensities -o month.jsonl";

/// Write a reproducible synthetic corpus of statements as JSON Lines
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Statements: each a stance and the quote that shows it
    #[arg(long, value_name = "N", default_value_t = GeneratorConfig::default().statements)]
    pub statements: u64,

    /// Actors: persons, organisations, parties and states
    #[arg(long, value_name = "N", default_value_t = GeneratorConfig::default().actors)]
    pub actors: u64,

    /// Targets: proposals, and one claim in five
    #[arg(long, value_name = "N", default_value_t = GeneratorConfig::default().targets)]
    pub targets: u64,

    /// The seed; another seed gives another corpus of the same shape
    #[arg(long, value_name = "N", default_value_t = GeneratorConfig::default().seed)]
    pub seed: u64,

    /// The first day sources are dated on (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_day,
          default_value_t = GeneratorConfig::default().start)]
    pub start: NaiveDate,

    /// The number of days sources are dated over
    #[arg(long, value_name = "DAYS", default_value_t = GeneratorConfig::default().span_days)]
    pub span_days: u64,

    /// The mean number of statements one source reports
    #[arg(long, value_name = "N",
          default_value_t = GeneratorConfig::default().statements_per_source)]
    pub statements_per_source: u64,

    /// How unevenly actors are heard: the Zipf exponent, 0 for evenly
    #[arg(long, value_name = "X", default_value_t = GeneratorConfig::default().actor_skew,
          allow_negative_numbers = true)]
    pub actor_skew: f64,

    /// How unevenly targets are discussed: the Zipf exponent, 0 for evenly
    #[arg(long, value_name = "X", default_value_t = GeneratorConfig::default().target_skew,
          allow_negative_numbers = true)]
    pub target_skew: f64,

    /// Give every stance an intensity from -1 to 1
    #[arg(long)]
    pub intensities: bool,

    /// Write to FILE instead of standard output (- is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A day as `YYYY-MM-DD`, read as claimgraph files read dates.
fn parse_day(s: &str) -> Result<NaiveDate, String> {
    match When::parse(s) {
        Ok(When::Date(day)) => Ok(day),
        _ => Err("expected a day as YYYY-MM-DD, such as 2020-01-01".to_owned()),
    }
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let config = GeneratorConfig::new(args.statements, args.actors, args.targets)
        .seed(args.seed)
        .start(args.start)
        .span_days(args.span_days)
        .statements_per_source(args.statements_per_source)
        .actor_skew(args.actor_skew)
        .target_skew(args.target_skew)
        .intensities(args.intensities);
    if let Err(e) = config.check() {
        output::error(format_args!("cannot generate this corpus: {e}"));
        return Ok(Status::Invalid);
    }
    let Some(path) = args.output.as_ref().filter(|p| *p != Path::new("-")) else {
        output::stdout(|out| generate(&config, out).map(drop).map_err(into_io))?;
        return Ok(Status::Success);
    };
    match write_file(path, &config) {
        Ok(summary) => {
            print_summary(path, &summary);
            Ok(Status::Success)
        }
        Err(e) => {
            output::error(format_args!("cannot write {}: {e}", path.display()));
            Ok(Status::Trouble)
        }
    }
}

/// `corpus.jsonl: 1000 statements by 50 actors on 20 targets (16 proposals,
/// 4 claims) in 52 sources, 287104 bytes`, on standard error.
fn print_summary(path: &Path, summary: &GenerateSummary) {
    let line = format!(
        "{}: {} by {} on {} ({}, {}) in {}, {}",
        path.display(),
        count(summary.stances as usize, "statement", "statements"),
        count(summary.actors as usize, "actor", "actors"),
        count(
            (summary.proposals + summary.claims) as usize,
            "target",
            "targets"
        ),
        count(summary.proposals as usize, "proposal", "proposals"),
        count(summary.claims as usize, "claim", "claims"),
        count(summary.sources as usize, "source", "sources"),
        count(summary.bytes as usize, "byte", "bytes"),
    );
    let _ = writeln!(io::stderr().lock(), "{}", Escaped(&line));
}

fn into_io(e: GenerateError) -> io::Error {
    match e {
        GenerateError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// Writes the corpus under a temporary name beside `path`, then renames it.
fn write_file(path: &Path, config: &GeneratorConfig) -> io::Result<GenerateSummary> {
    let mut sink = Sink::open(Some(path))?;
    let summary = generate(config, &mut sink).map_err(into_io)?;
    sink.finish()?;
    Ok(summary)
}
