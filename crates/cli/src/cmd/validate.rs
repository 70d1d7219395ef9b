//! `claimgraph validate FILE...`: report every problem in a dataset file.
//!
//! Syntax errors come first, one per malformed place (`FILE:LINE:COL: error: ...`),
//! then every problem [`Dataset::validate`](claimgraph_core::Dataset::validate)
//! finds in the records that parsed (`FILE: error: stance `s1`, field `holder`: ...`),
//! then a summary line. Warnings alone leave the file valid.
//!
//! Several files are checked as their merge, named `a.json + b.json`: each
//! file's syntax errors under its own name, then each conflict between them,
//! then the problems of the merged records. An unresolved conflict makes the
//! input invalid.

use std::io::Write;
use std::path::PathBuf;

use claimgraph_core::{MergeConflict, Problem, Report, Side};
use serde::Serialize;

use crate::Status;
use crate::input::{self, Format, Input, Merge, SyntaxError};
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

Several files:
  Several files are checked as their merge (as `claimgraph merge` makes it),
  named \"a.json + b.json\". A field with two values is a conflict, reported
  after the syntax errors and counted in the summary; unless --prefer
  resolves it, the input is invalid:
    a.json + b.json: error: conflict: proposal `plan`, field `title`: \"A\" in a.json but \"B\" in b.json
    invalid: 1 conflict, 0 errors, 0 warnings in 12 records
  With --json, each syntax error has a \"file\", and \"inputs\":[{\"file\",
  \"format\",\"records\"}] and \"conflicts\":[{\"record_type\",\"id\",\"field\",
  \"first\",\"last\",\"first_origin\",\"last_origin\",\"resolution\"}] are added.

Exit status:
  0  valid (warnings allowed)
  1  malformed (syntax errors, an empty file), has errors, or the files
     conflict
  2  cannot be read (missing, a directory, no permission)

Examples:
  claimgraph validate plan.json
  claimgraph validate corpus.jsonl
  claimgraph validate --json corpus.jsonl
  cat plan.json | claimgraph validate -
  claimgraph validate march.json may.jsonl --prefer last";

/// Check a dataset file and report every problem in it
///
/// Reports malformed input with its line and column, and every semantic
/// problem (dangling or wrong-kind references, duplicate ids, cycles, dates out
/// of order, ...) with the record and field it is in.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; several files are merged;
    /// - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<Side>,

    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let files = match input::load_each(&args.files) {
        Ok(files) => files,
        Err(status) => return Ok(status),
    };
    let merged = input::combine(files, &input::Resolve::prefer(args.prefer));
    let report = merged.loaded.dataset.validate();
    let errors = report.errors().count();
    let valid = merged.loaded.syntax_errors.is_empty()
        && merged.syntax_errors.is_empty()
        && merged.unresolved() == 0
        && errors == 0;
    output::stdout(|out| {
        if args.json {
            write_json(out, &merged, &report, valid)
        } else {
            write_text(out, &merged, &report, valid)
        }
    })?;
    input::release(merged);
    Ok(if valid {
        Status::Success
    } else {
        Status::Invalid
    })
}

/// Every syntax error with the name of its file.
fn syntax_errors(merged: &Merge) -> impl Iterator<Item = (&str, &SyntaxError)> {
    let own = merged
        .loaded
        .syntax_errors
        .iter()
        .map(|e| (merged.loaded.name.as_str(), e));
    let each = merged
        .syntax_errors
        .iter()
        .map(|(i, e)| (merged.inputs[*i].file.as_str(), e));
    own.chain(each)
}

fn write_text(
    out: &mut dyn Write,
    merged: &Merge,
    report: &Report,
    valid: bool,
) -> std::io::Result<()> {
    let loaded = &merged.loaded;
    let name = &loaded.name;
    for (file, e) in syntax_errors(merged) {
        writeln!(out, "{}", e.render(file))?;
    }
    for c in &merged.conflicts {
        let severity = match c.resolution {
            None => "error",
            Some(_) => "note",
        };
        writeln!(
            out,
            "{}: {severity}: conflict: {}",
            Escaped(name),
            Escaped(c)
        )?;
    }
    for p in &report.problems {
        writeln!(out, "{}: {}", Escaped(name), Escaped(p))?;
    }
    let records = count(loaded.dataset.len(), "record", "records");
    let warnings = count(report.warnings().count(), "warning", "warnings");
    if valid {
        writeln!(out, "valid: {records}, {warnings}")
    } else {
        let syntax = match syntax_errors(merged).count() {
            0 => String::new(),
            n => count(n, "syntax error", "syntax errors") + ", ",
        };
        let conflicts = match merged.unresolved() {
            0 => String::new(),
            n => count(n, "conflict", "conflicts") + ", ",
        };
        let errors = count(report.errors().count(), "error", "errors");
        writeln!(
            out,
            "invalid: {syntax}{conflicts}{errors}, {warnings} in {records}"
        )
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    inputs: Option<&'a [Input]>,
    valid: bool,
    records: usize,
    errors: usize,
    warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    conflicts: Option<&'a [MergeConflict]>,
    problems: Vec<JsonProblem<'a>>,
    syntax_errors: Vec<JsonSyntaxError<'a>>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    #[serde(flatten)]
    problem: &'a Problem,
    message: String,
}

/// A syntax error, with its file when several were read.
#[derive(Serialize)]
struct JsonSyntaxError<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(flatten)]
    error: &'a SyntaxError,
}

fn write_json(
    out: &mut dyn Write,
    merged: &Merge,
    report: &Report,
    valid: bool,
) -> std::io::Result<()> {
    let several = merged.is_merge();
    let problems = report
        .problems
        .iter()
        .map(|problem| JsonProblem {
            problem,
            message: problem.kind.to_string(),
        })
        .collect();
    let syntax_errors = syntax_errors(merged)
        .map(|(file, error)| JsonSyntaxError {
            file: several.then_some(file),
            error,
        })
        .collect();
    let loaded = &merged.loaded;
    output::json_line(
        out,
        &JsonReport {
            file: &loaded.name,
            format: loaded.format,
            inputs: several.then_some(&merged.inputs[..]),
            valid,
            records: loaded.dataset.len(),
            errors: report.errors().count(),
            warnings: report.warnings().count(),
            conflicts: several.then_some(&merged.conflicts[..]),
            problems,
            syntax_errors,
        },
    )
}
