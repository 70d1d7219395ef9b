//! `claimgraph import --from dna|aif FILE -o OUT`: a corpus of another tool
//! as a claimgraph dataset.

use std::io::Write;
use std::path::{Path, PathBuf};

use claimgraph_core::{QuoteMode, When};
use claimgraph_io::{Imported, aif, dna};
use serde::Serialize;

use crate::Status;
use crate::cmd::show::Counts;
use crate::output::{self, Escaped, Sink};

const AFTER_HELP: &str = "\
Sources:
  dna   a Discourse Network Analyzer 3 database (.dna, SQLite), opened
        read-only: documents become sources, statements quotes and stances,
        entities actors and claims, with their attributes; the coder is kept
        by name. By DNA's defaults, the organization holds the stance, the
        person speaks, the concept is the claim and agreement the qualifier;
        --holder, --speaker, --target and --qualifier name other variables.
        Statement types whose variables do not map are reported with their
        counts, never dropped silently.
  aif   an AIF JSON argument map (AIFdb, OVA, the QT30 corpus), plain or
        wrapped (xAIF): I nodes become claims, L nodes quotes with their
        speakers, RA/CA/MA relations, YA illocutions stances; fields with no
        claimgraph field are kept under `extra`, so exporting it again loses
        nothing.
  docs/FORMATS.md gives the whole mapping.

Output:
  OUT ending in .jsonl or .ndjson is written as JSON Lines, any other name as
  canonical JSON. Without -o, or with -o -, the dataset goes to standard
  output. With -o, the file appears only when complete. Every warning (a
  broken reference, a statement type with no mapping) goes to standard
  error, then one summary line with the counts of what was read; with
  --json, the summary is one JSON object on standard output instead (and -o
  is needed).

Exit status:
  0  imported (warnings allowed)
  1  the file is not of the format named, or holds what cannot be read
  2  the file cannot be read, or the output cannot be written or is the file

Examples:
  claimgraph import --from dna sample.dna -o sample.json
  claimgraph import --from dna sample.dna --holder person -o by-person.jsonl
  claimgraph import --from aif nodeset21469.json -o qt30-21469.json";

/// Read a Discourse Network Analyzer database or an AIF map into a dataset
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// What the file is
    #[arg(long, value_name = "FORMAT", value_parser = ["dna", "aif"])]
    pub from: String,

    /// The file to import
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the dataset here (.json or .jsonl) instead of standard output
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// DNA: the variable that holds the stance (default: organization)
    #[arg(long, value_name = "VARIABLE")]
    pub holder: Option<String>,

    /// DNA: the variable whose entity speaks the words (default: person)
    #[arg(long, value_name = "VARIABLE")]
    pub speaker: Option<String>,

    /// DNA: the variable naming what the stance is on (default: concept)
    #[arg(long, value_name = "VARIABLE")]
    pub target: Option<String>,

    /// DNA: the boolean or integer variable giving the position (default: agreement)
    #[arg(long, value_name = "VARIABLE")]
    pub qualifier: Option<String>,

    /// DNA: the scale of an integer qualifier, as MIN,MAX (default: the values found)
    #[arg(long, value_name = "MIN,MAX", allow_hyphen_values = true)]
    pub scale: Option<String>,

    /// AIF: the title of the source the map becomes (default: the file name)
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,

    /// AIF: when the map's words were published (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,

    /// Print the summary as one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Summary<'a> {
    file: String,
    from: &'a str,
    output: Option<String>,
    read: &'a std::collections::BTreeMap<String, usize>,
    records: usize,
    counts: Counts<'a>,
    warnings: &'a [claimgraph_io::ImportWarning],
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let target = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if let Err(status) = output::refuse_input_as_output(target, [args.file.as_path()]) {
        return Ok(status);
    }
    let imported = match import(args) {
        Ok(Ok(imported)) => imported,
        Ok(Err(status)) => return Ok(status),
        Err(e) => {
            output::error(Escaped(&e));
            return Ok(match e {
                claimgraph_io::IoError::Io { .. } => Status::Trouble,
                _ => Status::Invalid,
            });
        }
    };
    if args.json && args.output.as_deref().is_none_or(|p| p == Path::new("-")) {
        output::error(
            "--json prints the summary on standard output: write the dataset with -o FILE",
        );
        return Ok(Status::Trouble);
    }
    let jsonl = target.is_some_and(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
    });
    let mut sink = match Sink::open(target) {
        Ok(sink) => sink,
        Err(e) => {
            output::error(format_args!("cannot write the output: {e}"));
            return Ok(Status::Trouble);
        }
    };
    let ds = &imported.dataset;
    let written = if jsonl {
        ds.write_jsonl(&mut sink)
    } else {
        ds.write_json(&mut sink)
    };
    if let Err(e) = written.and_then(|()| sink.finish()) {
        output::error(format_args!("cannot write the output: {e}"));
        return Ok(Status::Trouble);
    }
    if args.json {
        let summary = Summary {
            file: args.file.display().to_string(),
            from: &args.from,
            output: target.map(|p| p.display().to_string()),
            read: &imported.counts,
            records: ds.len(),
            counts: Counts(ds),
            warnings: &imported.warnings,
        };
        output::stdout(|out| output::json_line(out, &summary))?;
    } else {
        let mut err = std::io::stderr().lock();
        for w in &imported.warnings {
            let _ = writeln!(err, "warning: {}", Escaped(w));
        }
        let read: Vec<String> = imported
            .counts
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        let _ = writeln!(
            err,
            "imported {} into {} records ({} warnings); read: {}",
            Escaped(&args.file.display().to_string()),
            ds.len(),
            imported.warnings.len(),
            Escaped(&read.join(", "))
        );
    }
    Ok(Status::Success)
}

fn import(args: &Args) -> Result<Result<Imported, Status>, claimgraph_io::IoError> {
    match args.from.as_str() {
        "dna" => {
            if args.title.is_some() || args.published.is_some() {
                output::error("--title and --published apply only to --from aif");
                return Ok(Err(Status::Invalid));
            }
            let mut options = dna::DnaOptions::default();
            if let Some(v) = &args.holder {
                options = options.holder(v);
            }
            if let Some(v) = &args.speaker {
                options = options.speaker(v);
            }
            if let Some(v) = &args.target {
                options = options.target(v);
            }
            if let Some(v) = &args.qualifier {
                options = options.qualifier(v);
            }
            if let Some(scale) = &args.scale {
                let parsed = scale.split_once(',').and_then(|(a, b)| {
                    Some((a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?))
                });
                match parsed {
                    Some((min, max)) if min < max => options = options.scale(min, max),
                    _ => {
                        output::error(format_args!(
                            "--scale: {} is not MIN,MAX with MIN < MAX (e.g. --scale -1,1)",
                            Escaped(scale)
                        ));
                        return Ok(Err(Status::Invalid));
                    }
                }
            }
            options = options.quote_mode(QuoteMode::Paraphrase);
            dna::import_path(&args.file, &options).map(Ok)
        }
        _ => {
            if args.holder.is_some()
                || args.speaker.is_some()
                || args.target.is_some()
                || args.qualifier.is_some()
                || args.scale.is_some()
            {
                output::error(
                    "--holder, --speaker, --target, --qualifier and --scale apply only to --from dna",
                );
                return Ok(Err(Status::Invalid));
            }
            let title = args.title.clone().unwrap_or_else(|| {
                args.file.file_name().map_or_else(
                    || "AIF map".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                )
            });
            let mut options = aif::AifOptions::new().title(title);
            if let Some(day) = &args.published {
                match When::parse(day) {
                    Ok(w) => options = options.published(w),
                    Err(e) => {
                        output::error(format_args!("--published: {}", Escaped(&e)));
                        return Ok(Err(Status::Invalid));
                    }
                }
            }
            aif::import_path(&args.file, &options).map(Ok)
        }
    }
}
