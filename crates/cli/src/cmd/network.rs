//! `claimgraph network FILE...`: discourse networks as CSV or JSON.
//!
//! Reads the statements with [`claimgraph_network::read_statements_path`]
//! (JSON Lines on every core, canonical JSON through the full reader); several
//! files are read whole, merged ([`crate::input::load_merged`]) and their
//! statements taken from the merged dataset. Then it builds
//! the network the options describe and writes it as a CSV edge list, a CSV
//! matrix or JSON; with `--window` and `--step`, one network per moving
//! window. Every option is checked before any output is made, and a file is
//! written under a temporary name and renamed when complete, so a refused or
//! failed run leaves no file behind.

use std::fs;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use claimgraph_core::{ActorKind, When};
use claimgraph_network::{
    Day, DuplicateScope, Duplicates, FilterField, Filters, Kernel, Kind, Network, NetworkError,
    NetworkOptions, NodeVariable, Normalization, Over, Positions, ReadOptions, Scale, Smoothing,
    SourceField, Span, Statements, Window, date_of, day_of, for_each_slice, for_each_window,
    network_with_threads, read_statements_from, read_statements_path,
};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::Status;
use crate::input::{self, SyntaxError};
use crate::output::{self, Escaped, Sink, count};

const AFTER_HELP: &str = "\
Networks (--kind):
  congruence     actor x actor: how often two actors take the same position on
                 the same target (the default)
  conflict       actor x actor: how often they take opposite positions
  subtract       congruence minus conflict
  co-occurrence  actor x actor: statements on the same target, whatever the
                 position
  affiliation    actor x target: who said something about what, counted as
                 --positions says (ignore, combine: 1 supports, 2 opposes,
                 3 both; subtract: supports minus opposes)
  --over targets links targets through the actors who speak on them. Only
  supports and opposes count (and neutral, at the midpoint, on a --scale);
  no_comment never does. With --scale MIN:MAX positions are graded: each
  stance's intensity, or MAX when it supports and MIN when it opposes.
  Normalisations: average, jaccard, cosine (a true cosine) and dna-cosine
  (the Discourse Network Analyzer's, for comparison) for one-mode networks;
  activity and prominence for affiliation networks.

Nodes (--nodes):
  actor         the actor who made the statement (the default)
  organisation  the actors it speaks for on the statement's day through a tie
                that carries a position (role, spokesperson, part; not
                member), followed one step; the actor itself when no tie
                does; with several such ties, the statement counts for each
  kind, country the actor's kind or country
  publisher, source-kind, language, source
                a field of the statement's source
  A statement without a value for the variable (no country, no source, ...)
  is left out. The variable stands wherever actors would: --over targets
  links targets through it; an affiliation network has it as rows.

Filters:
  --include-X / --exclude-X keep only, or drop, statements by actor, kind,
  country, organisation (what --nodes organisation counts them for), target
  and source (FIELD=VALUE). --invert FIELD turns a field's test around: a
  statement then passes the field when it fails its include and exclude
  lists (so --exclude-kind person --invert kind keeps only persons). FIELD
  is actor, kind, country, organisation, target, publisher, source-kind,
  language or source.

Output (standard output unless -o):
  --format edges   CSV: source,target,weight, one line per edge, ids as in the
                   file; a one-mode network lists each pair once, source < target
  --format matrix  CSV: a header row of column ids, then one row per node: its
                   id, then the weights (0 where there is no edge)
  --format graphml GraphML (Gephi, networkx, igraph): weighted edges, node
                   attributes, bipartite for two-mode networks
  --format gexf    GEXF 1.3 (Gephi); with --window one graph whose edge
                   weights change from window to window
  --format dot     Graphviz DOT
  CSV cells a spreadsheet would run as a formula (=, +, -, @, tab, CR at the
  start) are written with a leading ' (docs/FORMATS.md).
  --json           {\"options\":{...},\"two_mode\":false,
                    \"nodes\":[{\"id\",\"label\",\"mode\"}],
                    \"edges\":[{\"source\",\"target\",\"weight\"}]}
  Integer weights are written without a decimal point.

Windows (--window SPAN --step SPAN):
  The dated statements, in date order, are cut into windows of SPAN days
  (30d), weeks (2w), calendar months (3m), calendar years (1y) or statements
  (500), each STEP after the last; day windows start on the first day with a
  statement, month and year windows on the first day of its month (a 3m
  window covers three whole months and moves on by whole months); windows
  end while they fit. Duplicates (--duplicates) are removed inside each
  window, or with --duplicates-scope range once over the whole selection
  (keeping each group's earliest statement) before the windows are cut.
  Every window's network has the nodes of the whole selection. The edge list
  gains three leading columns, window,window_start,window_end (the window's
  number from 1 and its first and last day, YYYY-MM-DD; windows of
  statements can share their days), with one block of lines per window;
  --json writes an array of one object per window:
    {\"window\",\"window_start\",\"window_end\",\"statements\",\"network\":{...}}
  A matrix holds one network, so it is refused with --window. A series of
  more windows (or time slices) than --max-windows (default 100,000) is
  refused before any is built, with the count.

Time slices (--kernel KERNEL --bandwidth SPAN --step SPAN):
  One network per time point, from the first day with a statement to the
  last, STEP days apart; each statement is weighted K(u)/K(0) for
  u = (its day - the point) / bandwidth: uniform (1 within the bandwidth),
  triangular (1 - |u|), epanechnikov (1 - u^2), gaussian (exp(-u^2/2), not
  truncated). Bandwidth and step are days (30d) or weeks (2w). Output as for
  windows, with the columns slice,day (the edge list) or
  {\"slice\",\"day\",\"statements\",\"weight\",\"network\"} (--json).

  With -o the file appears only when complete, and a summary line is printed
  on standard error.

Several files:
  Several files are read whole and merged, as `claimgraph merge` merges
  them; the network is built from the merged statements. A field with two
  values is a conflict, listed on standard error; unless --prefer resolves
  it, no network is made.

Exit status:
  0  written
  1  the input is malformed (FILE:LINE:COLUMN: error: ...), holds no
     stance or its files conflict, or an option is bad: an unknown value, a
     malformed date, scale or span, a normalisation the kind does not take,
     --window without --step, a window longer than the statements' range,
     an id the file does not hold, or filters that leave no statement
  2  the file cannot be read, the command line cannot be parsed (an unknown
     option, no FILE, --json with --format), or the output cannot be written
     or is one of the inputs

Examples:
  claimgraph network corpus.jsonl -o congruence.csv
  claimgraph network corpus.jsonl --kind conflict --normalize cosine --json
  claimgraph network corpus.jsonl --kind affiliation --positions combine --format matrix
  claimgraph network corpus.jsonl --duplicates week --from 2020-01-01 --to 2020-06-30 \\
      --exclude-kind unnamed --include-source language=en --min-frequency 5
  claimgraph network corpus.jsonl --window 30d --step 7d -o windows.csv
  claimgraph network corpus.jsonl --window 3m --step 1m --duplicates month \
      --duplicates-scope range
  claimgraph network corpus.jsonl --kernel epanechnikov --bandwidth 30d --step 7d
  claimgraph network corpus.jsonl --nodes organisation --exclude-kind person --invert kind
  claimgraph network corpus.jsonl --scale -1:1 --kind subtract --top-k 10
  claimgraph network march.jsonl may.json --prefer last -o congruence.csv";

/// Build a discourse network: who agrees and disagrees with whom
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    pub selection: Selection,

    /// Which network
    #[arg(long, value_name = "KIND", default_value = "congruence",
          value_parser = choice(Kind::ALL, Kind::as_str))]
    pub kind: Kind,

    /// One-mode networks: link actors (through targets) or targets (through
    /// actors) [default: actors]
    #[arg(long, value_name = "NODES", value_parser = choice(Over::ALL, Over::as_str))]
    pub over: Option<Over>,

    /// Affiliation networks: how positions count [default: ignore]
    #[arg(long, value_name = "HOW", value_parser = choice(Positions::ALL, Positions::as_str))]
    pub positions: Option<Positions>,

    /// Keep nodes without an edge (matrix rows and JSON nodes)
    #[arg(long)]
    pub isolates: bool,

    /// Drop edges whose absolute weight is below W
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    pub min_weight: Option<f64>,

    /// Keep each node's K strongest edges (an edge stays if either end keeps it)
    #[arg(long, value_name = "K")]
    pub top_k: Option<usize>,

    /// Refuse, before building, a network that could have more edges than
    /// this (default 100,000,000), stating the estimate
    #[arg(long, value_name = "N")]
    pub max_edges: Option<u64>,

    #[command(flatten)]
    pub time: WindowArgs,

    /// The CSV layout
    #[arg(long, value_name = "LAYOUT", value_enum, default_value_t = Layout::Edges)]
    pub format: Layout,

    /// Write JSON instead of CSV
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Write to FILE instead of standard output (- is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Moving windows or kernel-smoothed time slices: `network` builds a
/// network per window or slice, `analyse polarisation` scores each.
#[derive(Debug, clap::Args)]
pub struct WindowArgs {
    /// One result per window of SPAN: days (30d), weeks (2w), calendar
    /// months (3m), calendar years (1y) or statements (500); needs --step
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub window: Option<Span>,

    /// How far each window moves on, in the unit of --window (with
    /// --kernel, the days between time points)
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub step: Option<Span>,

    /// One result per time point, statements weighted by this kernel of
    /// their distance from it: uniform, triangular, epanechnikov or
    /// gaussian; needs --bandwidth and --step
    #[arg(long, value_name = "KERNEL", conflicts_with = "window",
          value_parser = choice(Kernel::ALL, Kernel::as_str))]
    pub kernel: Option<Kernel>,

    /// The kernel's bandwidth h in days (30d) or weeks (2w): where a
    /// compact kernel reaches 0, the Gaussian's standard deviation
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub bandwidth: Option<Span>,

    /// Refuse, before building any, a series of more windows or time
    /// slices than this (default 100,000), stating the count
    #[arg(long, value_name = "N")]
    pub max_windows: Option<u64>,
}

impl WindowArgs {
    /// The network options with the series' limit set.
    pub(crate) fn limit(&self, o: NetworkOptions) -> NetworkOptions {
        match self.max_windows {
            Some(n) => o.max_windows(n),
            None => o,
        }
    }
}

/// The statements and which of them count: the files, the normalisation,
/// duplicates, node variable and filters, shared by `network` and `analyse`.
#[derive(Debug, clap::Args)]
pub struct Selection {
    /// The statements: JSON Lines or canonical JSON; several files are
    /// merged; - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", value_parser = input::side_parser())]
    pub prefer: Option<claimgraph_core::Side>,

    /// How weights are normalised [default: none; backbone: average]
    #[arg(long, value_name = "HOW",
          value_parser = choice(Normalization::ALL, Normalization::as_str))]
    pub normalize: Option<Normalization>,

    /// Which equal statements (same actor, target and position) count once:
    /// every one, once per source, per week, month or year, or once in all
    /// [default: all; backbone: source]
    #[arg(long, value_name = "WHICH",
          value_parser = choice(Duplicates::ALL, Duplicates::as_str))]
    pub duplicates: Option<Duplicates>,

    /// With --window or --kernel: remove duplicates inside each window
    /// (window), or once over the whole selection before the windows are
    /// cut (range: the Discourse Network Analyzer's rule)
    #[arg(long, value_name = "SCOPE", default_value = "window",
          value_parser = choice(DuplicateScope::ALL, DuplicateScope::as_str))]
    pub duplicates_scope: DuplicateScope,

    /// What the actor side's nodes are: actor, organisation (through ties
    /// that carry a position), kind, country, publisher, source-kind,
    /// language or source
    #[arg(long, value_name = "VARIABLE", default_value = "actor",
          value_parser = choice(NodeVariable::ALL, NodeVariable::as_str))]
    pub nodes: NodeVariable,

    /// Graded positions: intensities on the scale MIN:MAX, such as -1:1
    #[arg(long, value_name = "MIN:MAX", value_parser = parse_scale, allow_hyphen_values = true)]
    pub scale: Option<Scale>,

    /// Only statements dated on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<Day>,

    /// Only statements dated on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub to: Option<Day>,

    /// Only statements by this actor (repeatable)
    #[arg(long = "include-actor", value_name = "ID")]
    pub include_actors: Vec<String>,

    /// Never statements by this actor (repeatable)
    #[arg(long = "exclude-actor", value_name = "ID")]
    pub exclude_actors: Vec<String>,

    /// Only statements on this target (repeatable)
    #[arg(long = "include-target", value_name = "ID")]
    pub include_targets: Vec<String>,

    /// Never statements on this target (repeatable)
    #[arg(long = "exclude-target", value_name = "ID")]
    pub exclude_targets: Vec<String>,

    /// Only statements by actors of this kind (repeatable)
    #[arg(long = "include-kind", value_name = "KIND", value_parser = actor_kind())]
    pub include_kinds: Vec<ActorKind>,

    /// Never statements by actors of this kind (repeatable)
    #[arg(long = "exclude-kind", value_name = "KIND", value_parser = actor_kind())]
    pub exclude_kinds: Vec<ActorKind>,

    /// Only statements by actors of this country (ISO 3166-1 alpha-3;
    /// repeatable)
    #[arg(long = "include-country", value_name = "CODE")]
    pub include_countries: Vec<String>,

    /// Never statements by actors of this country (repeatable)
    #[arg(long = "exclude-country", value_name = "CODE")]
    pub exclude_countries: Vec<String>,

    /// Only statements that count for this organisation: by it, or by an
    /// actor tied to it by a tie that carries a position on the statement's
    /// day (repeatable)
    #[arg(
        long = "include-organisation",
        alias = "include-organization",
        value_name = "ID"
    )]
    pub include_organisations: Vec<String>,

    /// Never statements that count for this organisation (repeatable)
    #[arg(
        long = "exclude-organisation",
        alias = "exclude-organization",
        value_name = "ID"
    )]
    pub exclude_organisations: Vec<String>,

    /// Turn a field's filter around: keep what its include and exclude
    /// lists would drop, and drop what they keep; FIELD is actor, kind,
    /// country, organisation, target, publisher, source-kind, language or
    /// source (repeatable)
    #[arg(long, value_name = "FIELD",
          value_parser = choice(FilterField::ALL, FilterField::as_str))]
    pub invert: Vec<FilterField>,

    /// Only statements whose source has this value; FIELD is publisher, kind,
    /// language or id (repeatable: values of one field are alternatives)
    #[arg(long = "include-source", value_name = "FIELD=VALUE", value_parser = parse_source)]
    pub include_sources: Vec<(SourceField, String)>,

    /// Never statements whose source has this value (repeatable)
    #[arg(long = "exclude-source", value_name = "FIELD=VALUE", value_parser = parse_source)]
    pub exclude_sources: Vec<(SourceField, String)>,

    /// Drop actors and targets with fewer than N statements after the other
    /// filters
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_frequency: usize,

    /// Threads for reading and building; 0 uses every core
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

impl Selection {
    /// The network options of `kind` with this selection, the
    /// normalisation and duplicates given or the command's defaults.
    pub fn options(
        &self,
        kind: Kind,
        normalization: Normalization,
        duplicates: Duplicates,
    ) -> NetworkOptions {
        let o = NetworkOptions::new(kind)
            .normalization(self.normalize.unwrap_or(normalization))
            .duplicates(self.duplicates.unwrap_or(duplicates))
            .filters(Filters {
                from: self.from,
                to: self.to,
                include_actors: self.include_actors.clone(),
                exclude_actors: self.exclude_actors.clone(),
                include_targets: self.include_targets.clone(),
                exclude_targets: self.exclude_targets.clone(),
                include_kinds: self.include_kinds.clone(),
                exclude_kinds: self.exclude_kinds.clone(),
                include_sources: self.include_sources.clone(),
                exclude_sources: self.exclude_sources.clone(),
                include_countries: self.include_countries.clone(),
                exclude_countries: self.exclude_countries.clone(),
                include_organisations: self.include_organisations.clone(),
                exclude_organisations: self.exclude_organisations.clone(),
                invert: self.invert.clone(),
                min_frequency: self.min_frequency,
                isolates: false,
            })
            .duplicate_scope(self.duplicates_scope)
            .node_variable(self.nodes);
        match self.scale {
            Some(scale) => o.scale(scale),
            None => o,
        }
    }

    /// Reads the statements after checking that `target`, the output file,
    /// is neither a directory nor one of the inputs: one file with the
    /// statement reader, several merged. The statements and the input's
    /// name, or the status to exit with (what went wrong is reported);
    /// `purpose` ends the error for statements without a stance.
    pub fn read(
        &self,
        target: Option<&Path>,
        purpose: &str,
    ) -> Result<(Statements, String), Status> {
        if let Some(path) = target
            && path.is_dir()
        {
            output::error(format_args!(
                "cannot write {}: it is a directory",
                path.display()
            ));
            return Err(Status::Trouble);
        }
        output::refuse_input_as_output(target, self.files.iter().map(PathBuf::as_path))?;
        let (statements, name) = match &self.files[..] {
            [file] => {
                let name = if file == Path::new("-") {
                    "<stdin>".to_owned()
                } else {
                    file.display().to_string()
                };
                (read(file, &name, self.threads)?, name)
            }
            files => read_merged(files, self.prefer)?,
        };
        if statements.is_empty() {
            output::error(format_args!("{name} holds no stance to {purpose}"));
            return Err(Status::Invalid);
        }
        Ok((statements, name))
    }
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// CSV: source,target,weight lines
    Edges,
    /// CSV: a row per node and a column per node (or per target)
    Matrix,
    /// GraphML, for Gephi, networkx, igraph, yEd, Cytoscape
    Graphml,
    /// GEXF 1.3, for Gephi; with --window, one graph with weights over time
    Gexf,
    /// Graphviz DOT
    Dot,
}

/// A parser for one of a library vocabulary's values; clap's error lists them.
pub(crate) fn choice<T>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + std::str::FromStr<Err = NetworkError> + 'static,
{
    PossibleValuesParser::new(all.iter().map(|v| PossibleValue::new(name(*v))))
        .try_map(|s| s.parse::<T>())
}

fn actor_kind() -> impl TypedValueParser<Value = ActorKind> {
    PossibleValuesParser::new(ActorKind::ALL.iter().map(|k| {
        let value = PossibleValue::new(k.as_str());
        match k {
            ActorKind::Organisation => value.alias("organization"),
            _ => value,
        }
    }))
    .try_map(|s| s.parse::<ActorKind>())
}

/// What an option error says, without the library's name for the option.
fn message(e: NetworkError) -> String {
    match e {
        NetworkError::BadOption { message, .. } => message,
        other => other.to_string(),
    }
}

fn parse_scale(s: &str) -> Result<Scale, String> {
    let (min, max) = s
        .split_once(':')
        .ok_or_else(|| "expected MIN:MAX, such as -1:1 or 0:4".to_owned())?;
    let num = |x: &str| {
        x.trim()
            .parse::<f64>()
            .map_err(|_| format!("{x:?} is not a number; expected MIN:MAX, such as -1:1"))
    };
    Scale::new(num(min)?, num(max)?).map_err(message)
}

fn parse_day(s: &str) -> Result<Day, String> {
    match When::parse(s) {
        Ok(When::Date(day)) => Ok(day_of(day)),
        _ => Err("expected a day as YYYY-MM-DD, such as 2020-01-01".to_owned()),
    }
}

pub(crate) fn parse_span(s: &str) -> Result<Span, String> {
    s.parse::<Span>().map_err(message)
}

fn parse_source(s: &str) -> Result<(SourceField, String), String> {
    let (field, value) = s.split_once('=').ok_or_else(|| {
        "expected FIELD=VALUE, such as publisher=Reuters or language=en".to_owned()
    })?;
    let field = field.parse::<SourceField>().map_err(message)?;
    Ok((field, value.to_owned()))
}

/// The exit status of a command line clap refused, when it is not clap's
/// own: a bad value of one of this command's options is a bad option (1),
/// as are the checks made after parsing. A missing value, an unknown option
/// or a conflict stays a usage error.
pub fn parse_error_status(e: &clap::Error) -> Option<Status> {
    // clap reports a missing value as an empty invalid one.
    let bad_value = matches!(
        e.kind(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
    ) && matches!(e.get(ContextKind::InvalidValue), Some(ContextValue::String(v)) if !v.is_empty());
    bad_value.then_some(Status::Invalid)
}

/// The output, in one of its forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Edges,
    Matrix,
    Json,
    Graphml,
    Gexf,
    Dot,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let started = Instant::now();
    let (options, windows, form) = match options(args) {
        Ok(x) => x,
        Err(message) => {
            output::error(message);
            return Ok(Status::Invalid);
        }
    };
    let target = output::target(args.output.as_deref());
    let (statements, _name) = match args.selection.read(target, "build a network from") {
        Ok(read) => read,
        Err(status) => return Ok(status),
    };
    let outcome = match windows {
        Time::Whole => whole(&statements, &options, args.selection.threads, form, target),
        Time::Windows(size, step) => windowed(
            &statements,
            &options,
            Cut::Windows(size, step),
            form,
            target,
        ),
        Time::Slices(smoothing) => {
            windowed(&statements, &options, Cut::Slices(smoothing), form, target)
        }
    };
    match outcome {
        Ok(summary) => {
            if let Some(path) = target {
                let line = format!(
                    "{}: {}, in {:.2} s",
                    path.display(),
                    summary,
                    started.elapsed().as_secs_f64()
                );
                let _ = writeln!(io::stderr().lock(), "{}", Escaped(&line));
            }
            Ok(Status::Success)
        }
        Err(Failure::Refused(e)) => {
            output::error(refusal(e));
            Ok(Status::Invalid)
        }
        Err(Failure::Write(e)) => {
            match target {
                Some(path) => output::error(format_args!("cannot write {}: {e}", path.display())),
                None => output::error(format_args!("cannot write to standard output: {e}")),
            }
            Ok(Status::Trouble)
        }
    }
}

/// One network, windows, or kernel-smoothed time slices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Time {
    Whole,
    Windows(Span, Span),
    Slices(Smoothing),
}

type Windows = Time;

/// Refuses `--duplicates-scope range` where there is no window to remove
/// duplicates in: a whole network, a backbone, clusters.
pub(crate) fn check_scope(selection: &Selection, time: Time) -> Result<(), String> {
    if selection.duplicates_scope == DuplicateScope::Range && time == Time::Whole {
        return Err(
            "--duplicates-scope applies to --window and --kernel; a whole network's range is its window"
                .into(),
        );
    }
    Ok(())
}

/// Whether the statements make one result, one per moving window, or one
/// per kernel-smoothed time slice, from the time flags, checked.
pub(crate) fn time_plan(args: &WindowArgs) -> Result<Time, String> {
    let days_only = |flag: &str, span: Span| match span {
        Span::Days(_) => Ok(span),
        _ => Err(format!(
            "{flag} with --kernel is a number of days (30d) or weeks (2w), not {}",
            span_words(span)
        )),
    };
    let windows = match (args.window, args.step, args.kernel, args.bandwidth) {
        (None, None, None, None) => Time::Whole,
        (_, _, None, Some(_)) => {
            return Err(
                "--bandwidth needs --kernel, such as --kernel gaussian --bandwidth 30d --step 7d"
                    .into(),
            );
        }
        (_, None, Some(_), _) => {
            return Err("--kernel needs --step, the days between time points, such as --kernel gaussian --bandwidth 30d --step 7d".into());
        }
        (_, Some(_), Some(_), None) => {
            return Err(
                "--kernel needs --bandwidth, such as --kernel gaussian --bandwidth 30d --step 7d"
                    .into(),
            );
        }
        (_, Some(step), Some(kernel), Some(bandwidth)) => Time::Slices(Smoothing::new(
            kernel,
            days_only("--bandwidth", bandwidth)?,
            days_only("--step", step)?,
        )),
        (Some(_), None, None, None) => {
            return Err(
                "--window needs --step, how far each window moves on, such as --window 30d --step 7d"
                    .into(),
            );
        }
        (None, Some(_), None, None) => {
            return Err("--step needs --window or --kernel, such as --window 30d --step 7d".into());
        }
        (Some(size), Some(step), None, None) => Time::Windows(size, step),
    };
    Ok(windows)
}

/// The options as the library takes them, checked as far as they can be
/// without the statements.
fn options(args: &Args) -> Result<(NetworkOptions, Windows, Form), String> {
    let mut o = args
        .selection
        .options(args.kind, Normalization::None, Duplicates::All);
    o.filters.isolates = args.isolates;
    let affiliation = args.kind == Kind::Affiliation;
    if let Some(over) = args.over {
        if affiliation {
            return Err(format!(
                "--over applies to one-mode networks; an affiliation network links actors to targets (--over {over})"
            ));
        }
        o = o.over(over);
    }
    if let Some(positions) = args.positions {
        if !affiliation {
            return Err(format!(
                "--positions applies to affiliation networks, not to a {} network (--positions {positions})",
                args.kind
            ));
        }
        o.positions = positions;
    }
    if let Some(w) = args.min_weight {
        o = o.min_weight(w);
    }
    if let Some(k) = args.top_k {
        o = o.top_k(k);
    }
    if let Some(n) = args.max_edges {
        o = o.max_edges(n);
    }
    o = args.time.limit(o);
    o.check().map_err(refusal)?;
    let form = match (args.json, args.format) {
        (true, _) => Form::Json,
        (false, Layout::Edges) => Form::Edges,
        (false, Layout::Matrix) => Form::Matrix,
        (false, Layout::Graphml) => Form::Graphml,
        (false, Layout::Gexf) => Form::Gexf,
        (false, Layout::Dot) => Form::Dot,
    };
    let windows = time_plan(&args.time)?;
    check_scope(&args.selection, windows)?;
    if let (true, Some(name)) = (
        windows != Time::Whole,
        match form {
            Form::Matrix => Some("matrix"),
            Form::Graphml => Some("graphml"),
            Form::Dot => Some("dot"),
            _ => None,
        },
    ) {
        return Err(format!(
            "--format {name} holds one network; with --window or --kernel write an edge list (one block per window), --format gexf (weights over time) or --json"
        ));
    }
    Ok((o, windows, form))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A span in words, for errors.
fn span_words(span: Span) -> String {
    match span {
        Span::Days(n) => plural(n as usize, "day", "days"),
        Span::Months(n) => plural(n as usize, "calendar month", "calendar months"),
        Span::Years(n) => plural(n as usize, "calendar year", "calendar years"),
        Span::Statements(n) => plural(n, "statement", "statements"),
    }
}

/// A library refusal worded with the command's option names.
pub(crate) fn refusal(e: NetworkError) -> String {
    match e {
        NetworkError::BadOption { option, message } => {
            format!("--{}: {message}", option.replace('/', "/--"))
        }
        other => other.to_string(),
    }
}

/// Reads several files whole and merges them; their statements and the
/// merge's name, or the status to exit with (what went wrong is reported).
fn read_merged(
    files: &[PathBuf],
    prefer: Option<claimgraph_core::Side>,
) -> Result<(Statements, String), Status> {
    let merged = input::load_merged(
        files,
        &input::Resolve::prefer(prefer),
        "run `claimgraph validate` for every problem in it",
    )?;
    let name = merged.loaded.name;
    match Statements::from_dataset_checked(&merged.loaded.dataset) {
        Ok(st) => Ok((st, name)),
        Err(e) => Err(refused(&name, e)),
    }
}

/// Reads the statements, reporting what went wrong: the status to exit with.
fn read(path: &Path, name: &str, threads: usize) -> Result<Statements, Status> {
    let options = ReadOptions {
        threads,
        limits: crate::input::limits().clone(),
        ..ReadOptions::default()
    };
    let read = if path == Path::new("-") {
        read_statements_from(path, BufReader::new(io::stdin()), &options)
    } else {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                output::error(format_args!("cannot read {name}: it is a directory"));
                return Err(Status::Trouble);
            }
            Ok(_) => read_statements_path(path, &options),
            Err(e) => Err(NetworkError::Io(e)),
        }
    };
    read.map_err(|e| refused(name, e))
}

/// Reports why the statements of `name` could not be read, as `validate`
/// words it: at the line and column, or (for a dataset read whole, which
/// keeps no lines) at the file. The status to exit with.
fn refused(name: &str, e: NetworkError) -> Status {
    let at = |line: Option<usize>, column: usize, message: String| {
        let mut err = io::stderr().lock();
        let _ = match line {
            Some(line) => {
                let e = SyntaxError {
                    line,
                    column,
                    message,
                };
                writeln!(err, "{}", e.render(name))
            }
            None => writeln!(err, "{}: error: {}", Escaped(name), Escaped(&message)),
        };
        drop(err);
        output::error(format_args!(
            "{name} is malformed; run `claimgraph validate` for every problem in it"
        ));
        Status::Invalid
    };
    match e {
        NetworkError::Io(e) => {
            output::error(format_args!("cannot read {name}: {e}"));
            Status::Trouble
        }
        NetworkError::Syntax {
            line,
            column,
            message,
        } => at(Some(line), column, message),
        NetworkError::Invalid {
            line,
            record_type,
            record,
            field,
            message,
        }
        | NetworkError::Unresolved {
            line,
            record_type,
            record,
            field,
            message,
        } => at(
            line,
            0,
            format!("{record_type} `{record}`, field `{field}`: {message}"),
        ),
        NetworkError::Limit {
            line,
            column,
            error,
        } => at(Some(line), column, crate::input::limit_message(&error)),
        other => {
            output::error(format_args!("{name}: {other}"));
            Status::Invalid
        }
    }
}

/// Why no network was written.
enum Failure {
    /// The options do not fit the statements (exit 1).
    Refused(NetworkError),
    /// The output could not be written (exit 2).
    Write(io::Error),
}

/// Builds and writes one network; what was written, for the summary line.
fn whole(
    st: &Statements,
    o: &NetworkOptions,
    threads: usize,
    form: Form,
    target: Option<&Path>,
) -> Result<String, Failure> {
    let net = network_with_threads(st, o, threads).map_err(Failure::Refused)?;
    let mut sink = Sink::open(target).map_err(Failure::Write)?;
    let io_err = |e: claimgraph_io::IoError| io::Error::other(e.to_string());
    match form {
        Form::Edges => net.write_edge_list(&mut sink),
        Form::Matrix => net.write_matrix(&mut sink),
        Form::Json => net.write_json(&mut sink),
        Form::Graphml => claimgraph_io::graphml::write_network(&net, &mut sink).map_err(io_err),
        Form::Gexf => claimgraph_io::gexf::write_network(&net, &mut sink).map_err(io_err),
        Form::Dot => claimgraph_io::dot::write_network(&net, &mut sink)
            .map(|_| ())
            .map_err(io_err),
    }
    .and_then(|()| sink.finish())
    .map_err(Failure::Write)?;
    Ok(format!(
        "{} between {} from {} of {} read",
        count(net.edges().len(), "edge", "edges"),
        count(net.nodes().len(), "node", "nodes"),
        count(net.statements(), "statement", "statements"),
        st.len()
    ))
}

/// How the statements are cut in time.
#[derive(Clone, Copy)]
enum Cut {
    Windows(Span, Span),
    Slices(Smoothing),
}

/// One part of a network over time, as written: its number from 1, the
/// CSV columns before each edge, the JSON fields before the network.
struct Part {
    network: Network,
    columns: String,
    json: String,
    /// As a window, for GEXF: a slice is the window of its one day.
    window: Window,
}

fn window_part(w: Window) -> Part {
    let day = |d: Day| date_of(d).map_or_else(|| d.to_string(), |d| d.to_string());
    let (start, end) = (day(w.first_day), day(w.last_day));
    Part {
        network: w.network.clone(),
        columns: format!("{start},{end},"),
        json: format!(
            "\"window_start\":\"{start}\",\"window_end\":\"{end}\",\"statements\":{}",
            w.statements
        ),
        window: w,
    }
}

fn slice_part(s: claimgraph_network::Slice) -> Part {
    let day = date_of(s.day).map_or_else(|| s.day.to_string(), |d| d.to_string());
    let mut weight = String::new();
    {
        use std::fmt::Write as _;
        let _ = write!(weight, "{}", s.weight);
    }
    Part {
        columns: format!("{day},"),
        json: format!(
            "\"day\":\"{day}\",\"statements\":{},\"weight\":{weight}",
            s.statements
        ),
        window: Window {
            first_day: s.day,
            last_day: s.day,
            statements: s.statements,
            network: s.network.clone(),
        },
        network: s.network,
    }
}

/// Builds and writes the network of every window or time slice, one at a
/// time; the output is opened with the first, once the library has checked
/// the spans against the statements.
fn windowed(
    st: &Statements,
    o: &NetworkOptions,
    cut: Cut,
    form: Form,
    target: Option<&Path>,
) -> Result<String, Failure> {
    let (unit, units, header) = match cut {
        Cut::Windows(..) => ("window", "windows", "window,window_start,window_end"),
        Cut::Slices(_) => ("slice", "slices", "slice,day"),
    };
    let each = |f: &mut dyn FnMut(Part) -> Result<(), NetworkError>| match cut {
        Cut::Windows(size, step) => for_each_window(st, o, size, step, |w| f(window_part(w))),
        Cut::Slices(s) => for_each_slice(st, o, &s, |x| f(slice_part(x))),
    };
    if form == Form::Gexf {
        // One graph whose weights change over time: every window first.
        let mut all: Vec<Window> = Vec::new();
        each(&mut |p| {
            all.push(p.window);
            Ok(())
        })
        .map_err(Failure::Refused)?;
        let mut sink = Sink::open(target).map_err(Failure::Write)?;
        claimgraph_io::gexf::write_windows(&all, &mut sink)
            .map_err(|e| Failure::Write(io::Error::other(e.to_string())))?;
        sink.finish().map_err(Failure::Write)?;
        let edges: usize = all.iter().map(|w| w.network.edges().len()).sum();
        let nodes = all.last().map_or(0, |w| w.network.nodes().len());
        return Ok(format!(
            "{} over {}, {} in all, from {} read",
            count(all.len(), unit, units),
            count(nodes, "node", "nodes"),
            count(edges, "edge", "edges"),
            count(st.len(), "statement", "statements")
        ));
    }
    let mut sink: Option<Sink> = None;
    let mut write_error: Option<io::Error> = None;
    let (mut parts, mut edges, mut nodes) = (0usize, 0usize, 0usize);
    let built = each(&mut |p| {
        parts += 1;
        let written = match &mut sink {
            Some(out) => write_part(out, parts, unit, header, &p, form),
            None => Sink::open(target)
                .and_then(|out| write_part(sink.insert(out), parts, unit, header, &p, form)),
        };
        edges += p.network.edges().len();
        nodes = p.network.nodes().len();
        written.map_err(|e| {
            write_error = Some(e);
            NetworkError::Io(io::Error::other("the output failed"))
        })
    });
    if let Some(e) = write_error {
        return Err(Failure::Write(e));
    }
    built.map_err(Failure::Refused)?;
    let mut sink = match sink {
        Some(sink) => sink,
        None => Sink::open(target).map_err(Failure::Write)?,
    };
    let end: &[u8] = match form {
        Form::Json if parts == 0 => b"[]\n",
        Form::Json => b"\n]\n",
        _ => b"",
    };
    sink.write_all(end)
        .and_then(|()| sink.finish())
        .map_err(Failure::Write)?;
    Ok(format!(
        "{} over {}, {} in all, from {} read",
        count(parts, unit, units),
        count(nodes, "node", "nodes"),
        count(edges, "edge", "edges"),
        count(st.len(), "statement", "statements")
    ))
}

/// Writes part number `n` (from 1) of a network over time.
fn write_part(
    out: &mut Sink,
    n: usize,
    unit: &str,
    header: &str,
    p: &Part,
    form: Form,
) -> io::Result<()> {
    match form {
        Form::Json => {
            out.write_all(if n == 1 { b"[\n" } else { b",\n" })?;
            let mut body = Vec::new();
            p.network.write_json(&mut body)?;
            let body = body.strip_suffix(b"\n").unwrap_or(&body);
            write!(out, "{{\"{unit}\":{n},{},\"network\":", p.json)?;
            out.write_all(body)?;
            out.write_all(b"}")
        }
        _ => {
            if n == 1 {
                writeln!(out, "{header},source,target,weight")?;
            }
            let prefix = format!("{n},{}", p.columns);
            p.network.write_edge_list(WindowColumns {
                out,
                prefix: prefix.as_bytes(),
                in_header: true,
                line_start: false,
                quoted: false,
            })
        }
    }
}

/// Puts a window's columns before every line of an edge list and drops the
/// list's own header, minding line breaks inside quoted fields.
struct WindowColumns<'a> {
    out: &'a mut Sink,
    prefix: &'a [u8],
    in_header: bool,
    line_start: bool,
    quoted: bool,
}

impl Write for WindowColumns<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            if self.in_header {
                match rest.iter().position(|&b| b == b'\n') {
                    Some(at) => {
                        self.in_header = false;
                        self.line_start = true;
                        rest = &rest[at + 1..];
                    }
                    None => rest = &[],
                }
                continue;
            }
            if self.line_start {
                self.out.write_all(self.prefix)?;
                self.line_start = false;
            }
            let mut end = rest.len();
            for (at, &b) in rest.iter().enumerate() {
                match b {
                    b'"' => self.quoted = !self.quoted,
                    b'\n' if !self.quoted => {
                        end = at + 1;
                        self.line_start = true;
                        break;
                    }
                    _ => {}
                }
            }
            self.out.write_all(&rest[..end])?;
            rest = &rest[end..];
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
