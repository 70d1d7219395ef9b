//! `claimgraph merge FILE... -o OUT`: one dataset from several reports.
//!
//! Reads every file whole, merges them in the order given
//! ([`claimgraph_core::Merger`]: identical records collapse, compatible ones
//! union) and writes the result as canonical JSON or JSON Lines. A field
//! with two values is a conflict: each is listed on standard error with
//! both values and both files, and unless `--prefer` or `--choices` says
//! which side to keep, nothing is written. The output is written under a
//! temporary name and renamed when complete, so a refused or failed merge
//! leaves an existing file as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use claimgraph_core::{Dataset, MergeConflict, Side};
use serde::{Deserialize, Serialize};

use crate::Status;
use crate::cmd::show::Counts;
use crate::input::{self, Format, Input, Resolve, SyntaxError};
use crate::output::{self, Escaped, Sink, count};

const AFTER_HELP: &str = "\
Merging:
  Records with the same id are one record seen twice: the same content
  collapses to one record; a field one file lacks is taken from the other;
  lists (aliases, evidence, proposed_by, ...) keep the first file's items and
  add the others' new ones; external ids union. So a report may repeat a stub
  of a record (a plan with just its title) and merge cleanly with the full
  record. Files are merged in the order given.

Conflicts:
  A field with two values, or an id used for records of two kinds (field
  `type`), is a conflict, listed on standard error:
    error: conflict: proposal `plan`, field `title`: \"28-point plan\" in a.json but \"The plan\" in b.json
  Unless every conflict is resolved, nothing is written. --prefer first or
  --prefer last keeps one side of every conflict; --choices FILE keeps a side
  of each conflict it names, and wins over --prefer. FILE is a JSON array:
    [{\"id\": \"plan\", \"field\": \"title\", \"keep\": \"last\"},
     {\"id\": \"s-kyiv\", \"field\": \"position\", \"keep\": \"first\"}]
  A resolved conflict is still listed, as a note; a choice that matches no
  conflict is a warning.

Output:
  OUT ending in .jsonl or .ndjson is written as JSON Lines, any other name as
  canonical JSON; --format says which. Without -o, or with -o -, the dataset
  goes to standard output. With -o, the file appears only when complete, and
  a summary line is printed on standard error. The merged dataset is then
  validated; if it has errors or warnings, their number is printed (run
  `claimgraph validate OUT` for details). With --json (and -o FILE), one JSON
  object is printed on standard output:
    {\"inputs\":[{\"file\",\"format\",\"records\"}],
     \"output\":{\"file\",\"format\",\"written\",\"records\",\"counts\":{...}},
     \"conflicts\":[{\"record_type\",\"id\",\"field\",\"first\",\"last\",\"first_origin\",
                   \"last_origin\",\"resolution\"}],
     \"unresolved\",\"unused_choices\":[{\"id\",\"field\",\"keep\"}],
     \"validation\":{\"errors\",\"warnings\"}}

Exit status:
  0  merged and written (validation errors and warnings allowed)
  1  a file is malformed (FILE:LINE:COLUMN: error: ...), a conflict is
     unresolved, or the choices file is malformed (an unknown key or value)
  2  a file cannot be read, the command line is wrong (an unknown option,
     no FILE, - named twice, --json without -o FILE), or the output cannot be
     written or is one of the inputs

Examples:
  claimgraph merge wsj.json reuters.jsonl -o story.json
  claimgraph merge wsj.json reuters.jsonl --prefer last -o story.jsonl
  claimgraph merge wsj.json reuters.jsonl --choices choices.json -o story.json --json
  claimgraph merge corpus-*.jsonl --format jsonl | claimgraph show -";

/// Merge dataset files into one; report every conflict between them
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The datasets: canonical JSON or JSON Lines, in any mix; - reads
    /// standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Write to OUT instead of standard output (- is standard output)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// The output's format [default: by OUT's extension, else json]
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: Option<OutFormat>,

    /// Keep the first or the last value of every conflict no choice covers
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<Side>,

    /// A JSON array of per-conflict choices: {"id", "field", "keep": "first"|"last"}
    #[arg(long, value_name = "FILE")]
    pub choices: Option<PathBuf>,

    /// Print a JSON summary on standard output (needs -o FILE)
    #[arg(long, requires = "output")]
    pub json: bool,
}

/// The formats a merge is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// Canonical JSON: one dataset object
    Json,
    /// JSON Lines: a header, then one record per line
    Jsonl,
}

/// One per-conflict choice, as the choices file spells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Choice {
    id: String,
    field: String,
    keep: Side,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if args.json && target.is_none() {
        output::error(
            "--json prints a summary on standard output, where the dataset goes without -o FILE; name an output file",
        );
        return Ok(Status::Trouble);
    }
    let stdin = Path::new("-");
    if args.choices.as_deref() == Some(stdin) && args.files.iter().any(|f| f == stdin) {
        output::error("standard input (-) can be read only once");
        return Ok(Status::Trouble);
    }
    let format = match (args.format, target) {
        (Some(OutFormat::Json), _) => Format::Json,
        (Some(OutFormat::Jsonl), _) => Format::JsonLines,
        (None, Some(path)) if is_jsonl_name(path) => Format::JsonLines,
        (None, _) => Format::Json,
    };
    if let Some(path) = target
        && path.is_dir()
    {
        output::error(format_args!(
            "cannot write {}: it is a directory",
            path.display()
        ));
        return Ok(Status::Trouble);
    }
    let inputs = args.files.iter().chain(&args.choices).map(PathBuf::as_path);
    if let Err(status) = output::refuse_input_as_output(target, inputs) {
        return Ok(status);
    }
    let choices = match &args.choices {
        Some(path) => match read_choices(path) {
            Ok(choices) => choices,
            Err(status) => return Ok(status),
        },
        None => Vec::new(),
    };
    let files = match input::load_all(&args.files, "nothing written") {
        Ok(files) => files,
        Err(status) => return Ok(status),
    };
    let resolve = Resolve {
        prefer: args.prefer,
        choices: choices
            .iter()
            .map(|c| (c.id.clone(), c.field.clone(), c.keep))
            .collect(),
    };
    let merged = input::merge(files, &resolve);
    // Numbered from 1, as a reader counts the array's items.
    let unused: Vec<(usize, &Choice)> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| (i + 1, c))
        .filter(|(_, c)| {
            !merged
                .conflicts
                .iter()
                .any(|m| m.id == c.id && m.field == c.field)
        })
        .collect();

    let hint = "nothing written; keep one side of every conflict with --prefer first or \
                --prefer last, or of each with --choices FILE";
    let unresolved = input::report_conflicts(&merged.conflicts, hint);
    let choices_name = args
        .choices
        .as_deref()
        .map(display_name)
        .unwrap_or_default();
    for (n, c) in &unused {
        output::warning(format_args!(
            "{choices_name}: choice {n}: no conflict on field `{}` of `{}`; the choice to keep the {} is unused",
            c.field,
            c.id,
            side_name(c.keep)
        ));
    }
    let ds = &merged.loaded.dataset;
    let mut summary = Summary {
        inputs: &merged.inputs,
        output: Output {
            file: target.map_or_else(|| "<stdout>".to_owned(), display_name),
            format,
            written: false,
            records: ds.len(),
            counts: Counts(ds),
        },
        conflicts: &merged.conflicts,
        unresolved,
        unused_choices: unused.iter().map(|(_, c)| *c).collect(),
        validation: None,
    };
    if unresolved > 0 {
        if args.json {
            output::stdout(|out| output::json_line(out, &summary))?;
        }
        return Ok(Status::Invalid);
    }

    if let Err(e) = write(ds, format, target) {
        match target {
            Some(path) => output::error(format_args!("cannot write {}: {e}", path.display())),
            None => output::error(format_args!("cannot write to standard output: {e}")),
        }
        return Ok(Status::Trouble);
    }
    summary.output.written = true;

    let report = ds.validate();
    let (errors, warnings) = (report.errors().count(), report.warnings().count());
    summary.validation = Some(Validation { errors, warnings });
    if let Some(path) = target {
        let resolved = merged.conflicts.len();
        let line = format!(
            "{}: {} from {}{}",
            path.display(),
            count(ds.len(), "record", "records"),
            count(merged.inputs.len(), "file", "files"),
            match resolved {
                0 => String::new(),
                n => format!(", {} resolved", count(n, "conflict", "conflicts")),
            }
        );
        let _ = writeln!(io::stderr().lock(), "{}", Escaped(&line));
    }
    if errors + warnings > 0 {
        let what = match (errors, warnings) {
            (0, w) => count(w, "warning", "warnings"),
            (e, 0) => count(e, "error", "errors"),
            (e, w) => format!(
                "{} and {}",
                count(e, "error", "errors"),
                count(w, "warning", "warnings")
            ),
        };
        let how = match target {
            Some(path) => format!("run `claimgraph validate {}`", path.display()),
            None => "run `claimgraph validate` on it".to_owned(),
        };
        output::warning(format_args!(
            "validation finds {what} in the merged dataset; {how} for details"
        ));
    }
    if args.json {
        output::stdout(|out| output::json_line(out, &summary))?;
    }
    Ok(Status::Success)
}

/// Whether a name asks for JSON Lines: `.jsonl` or `.ndjson`, in any case.
fn is_jsonl_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::First => "first",
        Side::Last => "last",
    }
}

/// Writes the dataset to standard output, or to `target` under a temporary
/// name renamed when complete.
fn write(ds: &Dataset, format: Format, target: Option<&Path>) -> io::Result<()> {
    let mut sink = Sink::open(target)?;
    match format {
        Format::JsonLines => ds.write_jsonl(&mut sink)?,
        _ => ds.write_json(&mut sink)?,
    }
    sink.finish()
}

/// Reads the choices file: malformed places are reported with line and
/// column (1), an unreadable file too (2), and so are two choices that keep
/// different sides of one conflict (1).
fn read_choices(path: &Path) -> Result<Vec<Choice>, Status> {
    let name = display_name(path);
    let read = if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            )),
            _ => fs::read(path),
        }
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) => {
            output::error(format_args!("cannot read {name}: {e}"));
            return Err(Status::Trouble);
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let choices: Vec<Choice> = match serde_json::from_slice(bytes) {
        Ok(choices) => choices,
        Err(e) => {
            let full = e.to_string();
            let message = match full.rfind(" at line ") {
                Some(at) => full[..at].to_owned(),
                None => full,
            };
            let message = if e.classify() == serde_json::error::Category::Data
                && message.starts_with("invalid type")
            {
                format!(
                    "{message}; expected a JSON array of {{\"id\", \"field\", \"keep\": \"first\" or \"last\"}}"
                )
            } else {
                message
            };
            let e = SyntaxError {
                line: e.line(),
                column: e.column(),
                message,
            };
            let _ = writeln!(io::stderr().lock(), "{}", e.render(&name));
            output::error(format_args!("{name} is malformed; nothing written"));
            return Err(Status::Invalid);
        }
    };
    let mut seen: BTreeMap<(&str, &str), (usize, Side)> = BTreeMap::new();
    for (i, c) in choices.iter().enumerate() {
        match seen.get(&(c.id.as_str(), c.field.as_str())) {
            Some(&(j, side)) if side != c.keep => {
                output::error(format_args!(
                    "{name}: choices {} and {} keep different sides of field `{}` of `{}`; nothing written",
                    j + 1,
                    i + 1,
                    c.field,
                    c.id
                ));
                return Err(Status::Invalid);
            }
            Some(_) => {}
            None => {
                seen.insert((c.id.as_str(), c.field.as_str()), (i, c.keep));
            }
        }
    }
    Ok(choices)
}

#[derive(Serialize)]
struct Summary<'a> {
    inputs: &'a [Input],
    output: Output<'a>,
    conflicts: &'a [MergeConflict],
    unresolved: usize,
    unused_choices: Vec<&'a Choice>,
    /// `None` when nothing was written.
    validation: Option<Validation>,
}

#[derive(Serialize)]
struct Output<'a> {
    file: String,
    format: Format,
    written: bool,
    records: usize,
    counts: Counts<'a>,
}

#[derive(Serialize)]
struct Validation {
    errors: usize,
    warnings: usize,
}
