//! `claimgraph validate FILE`: report every problem in a dataset file.
//!
//! Syntax errors come first, one per malformed place (`FILE:LINE:COL: error: ...`),
//! then every problem [`Dataset::validate`](claimgraph_core::Dataset::validate)
//! finds in the records that parsed (`FILE: error: stance `s1`, field `holder`: ...`),
//! then a summary line. Warnings alone leave the file valid.

use std::io::Write;
use std::path::PathBuf;

use claimgraph_core::{Problem, Report};
use serde::Serialize;

use crate::Status;
use crate::input::{self, Format, Loaded, SyntaxError};
use crate::output::{self, Escaped, count};

const AFTER_HELP: &str = "\
Output:
  One line per problem, then a summary:
    plan.json:4:17: error: unknown field `titel`, expected one of ...
    plan.json: error: proposal `p7`, field `part_of`: `plan-29` names no record (expected a proposal)
    plan.json: warning: stance `s2`, field `evidence`: stance has no evidence
    invalid: 1 syntax error, 1 error, 1 warning in 120 records
  In JSON Lines every malformed line is reported, and the lines that parse
  are checked as well. With --json, one JSON object is printed instead:
    {\"file\",\"format\",\"valid\",\"records\",\"errors\",\"warnings\",
     \"problems\":[{\"severity\",\"record_type\",\"record\",\"field\",\"code\",...,\"message\"}],
     \"syntax_errors\":[{\"line\",\"column\",\"message\"}]}

Exit status:
  0  valid (warnings allowed)
  1  malformed (syntax errors, an empty file) or has errors
  2  cannot be read (missing, a directory, no permission)

Examples:
  claimgraph validate plan.json
  claimgraph validate corpus.jsonl
  claimgraph validate --json corpus.jsonl
  cat plan.json | claimgraph validate -";

/// Check a dataset file and report every problem in it
///
/// Reports malformed input with its line and column, and every semantic
/// problem (dangling or wrong-kind references, duplicate ids, cycles, dates out
/// of order, ...) with the record and field it is in.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; - reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let loaded = match input::load(&args.file) {
        Ok(loaded) => loaded,
        Err(e) => {
            output::error(&e);
            return Ok(Status::Trouble);
        }
    };
    let report = loaded.dataset.validate();
    let errors = report.errors().count();
    let valid = loaded.syntax_errors.is_empty() && errors == 0;
    output::stdout(|out| {
        if args.json {
            write_json(out, &loaded, &report, valid)
        } else {
            write_text(out, &loaded, &report, valid)
        }
    })?;
    Ok(if valid {
        Status::Success
    } else {
        Status::Invalid
    })
}

fn write_text(
    out: &mut dyn Write,
    loaded: &Loaded,
    report: &Report,
    valid: bool,
) -> std::io::Result<()> {
    let name = &loaded.name;
    for e in &loaded.syntax_errors {
        writeln!(out, "{}", e.render(name))?;
    }
    for p in &report.problems {
        writeln!(out, "{}: {}", Escaped(name), Escaped(p))?;
    }
    let records = count(loaded.dataset.len(), "record", "records");
    let warnings = count(report.warnings().count(), "warning", "warnings");
    if valid {
        writeln!(out, "valid: {records}, {warnings}")
    } else {
        let syntax = match loaded.syntax_errors.len() {
            0 => String::new(),
            n => count(n, "syntax error", "syntax errors") + ", ",
        };
        let errors = count(report.errors().count(), "error", "errors");
        writeln!(out, "invalid: {syntax}{errors}, {warnings} in {records}")
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    format: Format,
    valid: bool,
    records: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<JsonProblem<'a>>,
    syntax_errors: &'a [SyntaxError],
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    message: String,
}

fn write_json(
    out: &mut dyn Write,
    loaded: &Loaded,
    report: &Report,
    valid: bool,
) -> std::io::Result<()> {
    let problems = report
        .problems
        .iter()
        .map(|problem| JsonProblem {
            problem,
            message: problem.kind.to_string(),
        })
        .collect();
    output::json_line(
        out,
        &JsonReport {
            file: &loaded.name,
            format: loaded.format,
            valid,
            records: loaded.dataset.len(),
            errors: report.errors().count(),
            warnings: report.warnings().count(),
            problems,
            syntax_errors: &loaded.syntax_errors,
        },
    )
}
