//! `claimgraph dedupe FILE...`: actors that are probably one entity.
//!
//! Lists the candidates of [`Dataset::duplicate_candidates`] (same name or
//! alias, same external id, a capital named for its state), each with its
//! reasons, and the groups already judged the same by `same_as` records, with
//! the id each answers in. Pairs judged the same or different are not
//! candidates. Finding candidates is the command's answer, not a failure: it
//! exits 0 with or without them.

use std::io::{self, Write};
use std::path::PathBuf;

use claimgraph_core::{Candidate, Dataset, Reason, Side};
use serde::Serialize;

use crate::Status;
use crate::input;
use crate::output::{self, Escaped};

const AFTER_HELP: &str = "\
Output:
  Each candidate pair on one line, ids in order, with names, then every
  reason; then each group judged the same, by the id it answers in:
    duplicate candidates:
      kremlin (Kremlin)  russia (Russia)  same name: \"Kremlin\" and \"the Kremlin\"
      moscow (Moscow)  russia (Russia)  Moscow is the capital of RUS, the country of state `russia`
    judged the same:
      ukr: kyiv (Kyiv), ukr (Ukraine)
  A pair is a candidate when two actors share a name or alias (ignoring
  case, punctuation and a leading \"the\"), share an id in another system
  (wikidata, cameo, ...), or one is named after the capital of the other's
  country. A pair judged the same, or judged different, by a same_as record
  (its latest judgement) is not listed; to settle a candidate, add one:
    {\"type\": \"same_as\", \"id\": \"sa1\", \"a\": \"russia\", \"b\": \"moscow\",
     \"judgement\": \"positive\", \"decided_by\": \"desk\"}
  With --json, one JSON object is printed instead:
    {\"file\",\"candidates\":[{\"a\":{\"id\",\"name\"},\"b\":{\"id\",\"name\"},
                  \"reasons\":[{\"reason\",...,\"message\"}]}],
     \"same_as\":[{\"canonical\",\"members\":[{\"id\",\"name\"}]}]}
  Several files are looked at as their merge (see `claimgraph merge`).

Exit status:
  0  listed, whether or not there are candidates
  1  a file is malformed, or the files conflict (see --prefer)
  2  a file cannot be read (missing, a directory, no permission)

Examples:
  claimgraph dedupe plan.json
  claimgraph dedupe wsj.json reuters.jsonl --prefer last
  claimgraph dedupe --json corpus.jsonl";

/// List actors that are probably one entity, and those judged the same
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
    let merged = match input::load_merged(
        &args.files,
        &input::Resolve::prefer(args.prefer),
        "nothing listed",
    ) {
        Ok(merged) => merged,
        Err(status) => return Ok(status),
    };
    let ds = &merged.loaded.dataset;
    let candidates = ds.duplicate_candidates();
    let identities = ds.identities();
    let groups: Vec<(&str, &[String])> = identities.groups().collect();
    output::stdout(|out| {
        if args.json {
            write_json(out, &merged.loaded.name, ds, &candidates, &groups)
        } else {
            write_text(out, ds, &candidates, &groups)
        }
    })?;
    Ok(Status::Success)
}

/// `moscow (Moscow)`, or `moscow (no record)`.
fn named(ds: &Dataset, id: &str) -> String {
    match ds.get(id) {
        Some(r) => format!("{id} ({})", r.label()),
        None => format!("{id} (no record)"),
    }
}

fn write_text(
    out: &mut dyn Write,
    ds: &Dataset,
    candidates: &[Candidate],
    groups: &[(&str, &[String])],
) -> io::Result<()> {
    writeln!(out, "duplicate candidates:")?;
    if candidates.is_empty() {
        writeln!(out, "  none")?;
    }
    for c in candidates {
        let reasons: Vec<String> = c.reasons.iter().map(Reason::to_string).collect();
        let line = format!(
            "{}  {}  {}",
            named(ds, &c.a),
            named(ds, &c.b),
            reasons.join("; ")
        );
        writeln!(out, "  {}", Escaped(&line))?;
    }
    writeln!(out, "judged the same:")?;
    if groups.is_empty() {
        writeln!(out, "  none")?;
    }
    for (canonical, members) in groups {
        let members: Vec<String> = members.iter().map(|m| named(ds, m)).collect();
        let line = format!("{canonical}: {}", members.join(", "));
        writeln!(out, "  {}", Escaped(&line))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    id: &'a str,
    /// `None` when the id names no record.
    name: Option<String>,
}

fn record<'a>(ds: &Dataset, id: &'a str) -> JsonRecord<'a> {
    JsonRecord {
        id,
        name: ds.get(id).map(|r| r.label()),
    }
}

#[derive(Serialize)]
struct JsonReason<'a> {
    #[serde(flatten)]
    reason: &'a Reason,
    message: String,
}

#[derive(Serialize)]
struct JsonCandidate<'a> {
    a: JsonRecord<'a>,
    b: JsonRecord<'a>,
    reasons: Vec<JsonReason<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    canonical: &'a str,
    members: Vec<JsonRecord<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    candidates: Vec<JsonCandidate<'a>>,
    same_as: Vec<JsonGroup<'a>>,
}

fn write_json(
    out: &mut dyn Write,
    name: &str,
    ds: &Dataset,
    candidates: &[Candidate],
    groups: &[(&str, &[String])],
) -> io::Result<()> {
    let candidates = candidates
        .iter()
        .map(|c| JsonCandidate {
            a: record(ds, &c.a),
            b: record(ds, &c.b),
            reasons: c
                .reasons
                .iter()
                .map(|reason| JsonReason {
                    reason,
                    message: reason.to_string(),
                })
                .collect(),
        })
        .collect();
    let same_as = groups
        .iter()
        .map(|(canonical, members)| JsonGroup {
            canonical,
            members: members.iter().map(|m| record(ds, m)).collect(),
        })
        .collect();
    output::json_line(
        out,
        &JsonReport {
            file: name,
            candidates,
            same_as,
        },
    )
}
