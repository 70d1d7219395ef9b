//! `claimgraph analyse polarisation|backbone|clusters FILE...`: the
//! analyses of a discourse network, as a text summary, JSON or CSV.
//!
//! The statements are read and selected as `claimgraph network` reads them
//! ([`super::network::Selection`]); each analysis maps its options onto the
//! library's ([`claimgraph_network::PolarisationOptions`],
//! [`claimgraph_network::BackboneOptions`],
//! [`claimgraph_network::ClusterOptions`]). Every option is checked before
//! the output is opened; a file is written under a temporary name and
//! renamed when complete.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use claimgraph_network::{
    Acceptance, Backbone, BackboneOptions, BackboneSplit, ClusterMethod, ClusterOptions, Clusters,
    DEFAULT_ITERATIONS, DEFAULT_MAX_NODES, DEFAULT_PENALTY, Duplicates, Kind, NegativeWeights,
    NestedBackbone, NetworkError, NetworkOptions, Normalization, Over, Polarisation,
    PolarisationCsv, PolarisationOptions, PolarisationTable, Search, Spectrum, Statements,
    backbone_with_progress, clusters_with_progress, date_of, evaluate_backbone,
    for_each_polarisation_slice, for_each_polarisation_window, nested_backbone_with_progress,
    network_with_threads, polarisation,
};
use clap::Subcommand;

use super::network::{Selection, Time, WindowArgs, check_scope, choice, refusal, time_plan};
use crate::Status;
use crate::output::{self, Escaped, Sink};

const AFTER_HELP: &str = "\
Analyses:
  polarisation  how far the actors split into k groups that agree inside and
                disagree across (docs/ANALYSES.md, Polarisation); with
                --window and --step, one score per window, or with --kernel,
                --bandwidth and --step one per kernel-smoothed time slice:
                the time series
  backbone      the targets whose statements keep the network's structure
                (the backbone) and the rest (redundant), by simulated
                annealing of the spectral distance
  clusters      modularity communities of a one-mode network (Leiden or
                Louvain)

  The statements are read and selected as `claimgraph network` does: the
  same files, --normalize, --duplicates, --nodes, --scale and filters.

Output (standard output unless -o):
  a text summary by default; --json the whole result as one JSON object
  (polarisation over windows or slices: an array); --csv a table, and
  --csv --memberships / --csv --diagnostics the other tables of an analysis
  (see each analysis's --help). CSV cells a spreadsheet would run as a
  formula are written with a leading '.

Exit status:
  0  written
  1  the input is malformed or holds no stance, or an option is bad (the
     message names it)
  2  the file cannot be read, the command line cannot be parsed, or the
     output cannot be written or is one of the inputs

Examples:
  claimgraph analyse polarisation corpus.jsonl --normalise --seed 1
  claimgraph analyse polarisation corpus.jsonl --window 3m --step 1m --csv -o polar.csv
  claimgraph analyse backbone corpus.jsonl --penalty 3.5 --iterations 10000 --json
  claimgraph analyse backbone corpus.jsonl --size 5 --csv --diagnostics -o loss.csv
  claimgraph analyse backbone corpus.jsonl --evaluate plan,guarantees
  claimgraph analyse clusters corpus.jsonl --method louvain --resolution 0.5";

/// Analyse a discourse network: polarisation, backbone, clusters
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    #[command(subcommand)]
    pub analysis: Analysis,
}

/// The analyses.
#[derive(Debug, Subcommand)]
pub enum Analysis {
    Polarisation(Box<PolarisationArgs>),
    Backbone(Box<BackboneArgs>),
    Clusters(Box<ClustersArgs>),
}

/// Where and how a result is written.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Write the result as JSON
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// Write a CSV table
    #[arg(long)]
    pub csv: bool,

    /// Write to FILE instead of standard output (- is standard output)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The other CSV tables of an analysis that has them.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct Tables {
    /// With --csv: the memberships (each actor's group, each node's
    /// community) instead of the result
    #[arg(long, requires = "csv", conflicts_with = "diagnostics")]
    pub memberships: bool,

    /// With --csv: the search's steps or runs instead of the result
    #[arg(long, requires = "csv")]
    pub diagnostics: bool,
}

/// The form of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Text,
    Json,
    Csv,
}

impl OutputArgs {
    fn form(&self) -> Form {
        match (self.json, self.csv) {
            (true, _) => Form::Json,
            (false, true) => Form::Csv,
            (false, false) => Form::Text,
        }
    }
}

const POLARISATION_HELP: &str = "\
Output:
  text   the score (and P/M with --normalise), then each group's actors
  --json {\"first_day\",\"last_day\",\"statements\",\"score\",\"normalised\",
         \"mass\",\"deviation\",\"groups\",\"actors\":[{id,label,group}],
         \"note\",\"search\":{...}}; with --window an array of one per window;
         with --kernel one per slice, first_day and last_day both its time
         point, and \"weight\", its statements' summed kernel weight
  --csv  first_day,last_day,statements,actors,groups,score,normalised,mass,
         deviation,converged,note (one line, or one per window or slice;
         with --kernel a last column, weight)
  --csv --memberships  each actor's group (per window or slice)
  --csv --diagnostics  the search's steps: the best score per step

Examples:
  claimgraph analyse polarisation corpus.jsonl --groups 3 --normalise
  claimgraph analyse polarisation corpus.jsonl --search genetic --generations 200 --seed 7
  claimgraph analyse polarisation corpus.jsonl --window 30d --step 7d --csv
  claimgraph analyse polarisation corpus.jsonl --kernel epanechnikov --bandwidth 60d --step 14d";

/// Polarisation: how far the actors split into opposed groups
#[derive(Debug, clap::Args)]
#[command(after_help = POLARISATION_HELP)]
pub struct PolarisationArgs {
    #[command(flatten)]
    pub params: PolarisationParams,

    #[command(flatten)]
    pub tables: Tables,

    #[command(flatten)]
    pub out: OutputArgs,
}

/// The statements and the polarisation's options, for `analyse` and `plot`.
#[derive(Debug, clap::Args)]
pub struct PolarisationParams {
    #[command(flatten)]
    pub selection: Selection,

    /// The number of groups k, at least 2
    #[arg(long, value_name = "K", default_value_t = 2)]
    pub groups: usize,

    /// Report the score P/M in [0, 1] instead of P in units of edge weight
    /// (--normalize normalises the networks' weights)
    #[arg(long, alias = "normalize-score")]
    pub normalise: bool,

    /// The search: greedy (random starts improved by moves and swaps) or
    /// genetic
    #[arg(long, value_name = "SEARCH", default_value = "greedy",
          value_parser = choice(&[Search::Greedy, Search::Genetic], Search::as_str))]
    pub search: Search,

    /// The seed of every random draw: the same seed, the same result
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// Greedy: the random starts [default: 10]
    #[arg(long, value_name = "N")]
    pub starts: Option<usize>,

    /// Genetic: the population size [default: 50]
    #[arg(long, value_name = "N")]
    pub parents: Option<usize>,

    /// Genetic: the most generations [default: 1000]
    #[arg(long, value_name = "N")]
    pub generations: Option<usize>,

    #[command(flatten)]
    pub time: WindowArgs,
}

const BACKBONE_HELP: &str = "\
The search:
  --penalty P (default 3.5) lets the backbone's size vary, penalised by
  exp(-P (|C| - |B|) / |C|); --size K fixes it. --evaluate ID,ID,... scores
  the given backbone instead of searching. --nested removes, one at a time,
  the target whose removal keeps the backbone nearest the full network,
  until none is left (the order in which targets stop mattering, with the
  losses at every size; c(c+1)/2 + c spectra for c targets). The network
  compared is a one-mode network: subtract, average, duplicates once per
  source by default, as in the Discourse Network Analyzer.

Output:
  text   the backbone and redundant targets with their losses
  --json {\"options\":...,\"nodes\",\"backbone\":[{id,label}],\"redundant\":[...],
         \"backbone_loss\",\"redundant_loss\",\"penalized_loss\",
         \"diagnostics\":[one object per iteration]}
  --csv  id,label,set: each target, backbone or redundant
  --evaluate with --json: the split alone (nodes, backbone, redundant, losses)
  --csv --diagnostics  one line per iteration: iteration,temperature,step,
         candidate_size,candidate_distance,candidate_loss,acceptance,
         accepted,current_size,current_loss,best_size,best_loss
  --nested  text: one line per step; --json {\"options\",\"nodes\",
         \"statements\",\"steps\":[{iteration,removed:{id,label},
         backbone_size,backbone_loss,redundant_loss,statements}]};
         --csv iteration,id,label,backbone_size,backbone_loss,
         redundant_loss,statements

Examples:
  claimgraph analyse backbone corpus.jsonl --seed 1
  claimgraph analyse backbone corpus.jsonl --size 4 --iterations 2000 --json
  claimgraph analyse backbone corpus.jsonl --csv --diagnostics -o loss.csv
  claimgraph analyse backbone corpus.jsonl --evaluate plan,guarantees
  claimgraph analyse backbone corpus.jsonl --nested --csv";

/// Backbone: the targets that keep the network's structure
#[derive(Debug, clap::Args)]
#[command(after_help = BACKBONE_HELP)]
pub struct BackboneArgs {
    #[command(flatten)]
    pub params: BackboneParams,

    /// Score this backbone (target ids, comma-separated) instead of searching
    #[arg(long, value_name = "ID,ID,...", value_delimiter = ',', num_args = 1..,
          conflicts_with_all = ["size", "iterations", "seed", "acceptance", "nested"])]
    pub evaluate: Vec<String>,

    /// With --csv: one line per iteration instead of the split
    #[arg(long, requires = "csv", conflicts_with_all = ["evaluate", "nested"])]
    pub diagnostics: bool,

    #[command(flatten)]
    pub out: OutputArgs,
}

/// The statements and the backbone's options, for `analyse` and `plot`.
#[derive(Debug, clap::Args)]
pub struct BackboneParams {
    #[command(flatten)]
    pub selection: Selection,

    /// The one-mode network compared
    #[arg(long, value_name = "KIND", default_value = "subtract",
          value_parser = choice(Kind::ALL, Kind::as_str))]
    pub kind: Kind,

    /// The network's nodes: actors (the targets are split; the default) or
    /// targets (the actors are split)
    #[arg(long, value_name = "NODES", value_parser = choice(Over::ALL, Over::as_str))]
    pub over: Option<Over>,

    /// The penalty on the backbone's size, at least 0 [default: 3.5]
    #[arg(
        long,
        value_name = "P",
        conflicts_with = "size",
        allow_negative_numbers = true
    )]
    pub penalty: Option<f64>,

    /// The nested backbone instead of a search: remove, one at a time, the
    /// target whose removal keeps the backbone nearest the full network,
    /// until none is left; the losses at every size
    #[arg(long, conflicts_with_all = ["penalty", "size", "iterations", "seed", "acceptance"])]
    pub nested: bool,

    /// A backbone of exactly K targets
    #[arg(long, value_name = "K")]
    pub size: Option<usize>,

    /// The annealing's iterations
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ITERATIONS)]
    pub iterations: usize,

    /// The seed of every random draw
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// The spectrum compared: dna (the Laplacian's, scaled to sum 1) or
    /// normalized (the normalised Laplacian's)
    #[arg(long, value_name = "SPECTRUM", default_value = "dna",
          value_parser = choice(Spectrum::ALL, Spectrum::as_str))]
    pub spectrum: Spectrum,

    /// When a worse candidate is accepted: dna (exp(-Δ)·τ) or metropolis
    /// (exp(-Δ/τ))
    #[arg(long, value_name = "RULE", default_value = "dna",
          value_parser = choice(Acceptance::ALL, Acceptance::as_str))]
    pub acceptance: Acceptance,

    /// Refuse a network of more nodes (memory grows as their square)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
}

const CLUSTERS_HELP: &str = "\
Output:
  text   the modularity, then each community's members
  --json {\"options\":...,\"modularity\",\"positive_weight\",\"negative_weight\",
         \"converged\",\"members\":[{id,label,community}],
         \"communities\":[{index,size,members,internal_weight,strength,
         modularity}],\"iterations\":[...]}
  --csv  community,size,internal_weight,strength,modularity,members
  --csv --memberships  id,label,community,size: one line per node
  --csv --diagnostics  iteration,levels,moves,communities,modularity,changed

Examples:
  claimgraph analyse clusters corpus.jsonl
  claimgraph analyse clusters corpus.jsonl --kind subtract --negative zero
  claimgraph analyse clusters corpus.jsonl --method louvain --resolution 0.5 --csv --memberships";

/// Clusters: modularity communities of a one-mode network
#[derive(Debug, clap::Args)]
#[command(after_help = CLUSTERS_HELP)]
pub struct ClustersArgs {
    #[command(flatten)]
    pub params: ClusterParams,

    #[command(flatten)]
    pub tables: Tables,

    #[command(flatten)]
    pub out: OutputArgs,
}

/// The statements, the network and the clusters' options, for `analyse`
/// and `plot`.
#[derive(Debug, clap::Args)]
pub struct ClusterParams {
    #[command(flatten)]
    pub selection: Selection,

    /// The one-mode network clustered
    #[arg(long, value_name = "KIND", default_value = "congruence",
          value_parser = choice(Kind::ALL, Kind::as_str))]
    pub kind: Kind,

    /// Cluster actors (through targets) or targets (through actors)
    /// [default: actors]
    #[arg(long, value_name = "NODES", value_parser = choice(Over::ALL, Over::as_str))]
    pub over: Option<Over>,

    /// The algorithm: leiden or louvain
    #[arg(long, value_name = "METHOD", default_value = "leiden",
          value_parser = choice(ClusterMethod::ALL, ClusterMethod::as_str))]
    pub method: ClusterMethod,

    /// The modularity's resolution γ ≥ 0: above 1 smaller communities
    #[arg(
        long,
        value_name = "GAMMA",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub resolution: f64,

    /// Negative weights: signed (their own null model) or zero (dropped)
    #[arg(long, value_name = "HOW", default_value = "signed",
          value_parser = choice(NegativeWeights::ALL, NegativeWeights::as_str))]
    pub negative: NegativeWeights,

    /// The seed of every random draw
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    match &args.analysis {
        Analysis::Polarisation(a) => run_polarisation(a),
        Analysis::Backbone(a) => run_backbone(a),
        Analysis::Clusters(a) => run_clusters(a),
    }
}

/// A polarisation's network and search options, and whether it runs over
/// the whole selection, moving windows or kernel-smoothed time slices.
pub(crate) type PolarisationPlan = (NetworkOptions, PolarisationOptions, Time);

/// The library's options for each analysis, checked without the statements.
pub(crate) fn polarisation_options(a: &PolarisationParams) -> Result<PolarisationPlan, String> {
    let net = a.time.limit(a.selection.options(
        Kind::Congruence,
        Normalization::None,
        Duplicates::All,
    ));
    net.check().map_err(refusal)?;
    let mut o = PolarisationOptions::new()
        .groups(a.groups)
        .normalise(a.normalise)
        .search(a.search)
        .seed(a.seed);
    let genetic = a.search == Search::Genetic;
    if let Some(n) = a.starts {
        if genetic {
            return Err("--starts applies to --search greedy; the genetic search has --parents and --generations".into());
        }
        o = o.starts(n);
    }
    for (flag, value) in [("--parents", a.parents), ("--generations", a.generations)] {
        if value.is_some() && !genetic {
            return Err(format!(
                "{flag} applies to --search genetic, not to the greedy search"
            ));
        }
    }
    if let Some(n) = a.parents {
        o = o.parents(n);
    }
    if let Some(n) = a.generations {
        o = o.generations(n);
    }
    o.check().map_err(refusal)?;
    let time = time_plan(&a.time)?;
    check_scope(&a.selection, time)?;
    Ok((net, o, time))
}

pub(crate) fn backbone_options(a: &BackboneParams) -> Result<BackboneOptions, String> {
    if a.kind == Kind::Affiliation {
        return Err(
            "--kind: the backbone compares one-mode networks; affiliation is two-mode".into(),
        );
    }
    check_scope(&a.selection, Time::Whole)?;
    let mut net = a
        .selection
        .options(a.kind, Normalization::Average, Duplicates::Source);
    if let Some(over) = a.over {
        net = net.over(over);
    }
    let o = match a.size {
        Some(k) => BackboneOptions::fixed(k),
        None => BackboneOptions::penalty(a.penalty.unwrap_or(DEFAULT_PENALTY)),
    }
    .network(net)
    .iterations(a.iterations)
    .seed(a.seed)
    .spectrum(a.spectrum)
    .acceptance(a.acceptance)
    .max_nodes(a.max_nodes);
    o.check().map_err(|e| match e {
        NetworkError::BadOption {
            option: "backbone-size",
            message,
        } => format!("--size: {message}"),
        other => refusal(other),
    })?;
    Ok(o)
}

pub(crate) fn cluster_options(
    a: &ClusterParams,
) -> Result<(NetworkOptions, ClusterOptions), String> {
    check_scope(&a.selection, Time::Whole)?;
    let mut net = a
        .selection
        .options(a.kind, Normalization::None, Duplicates::All);
    if a.kind == Kind::Affiliation {
        return Err(
            "--kind: clusters are found in one-mode networks; affiliation is two-mode".into(),
        );
    }
    if let Some(over) = a.over {
        net = net.over(over);
    }
    net.check().map_err(refusal)?;
    let o = ClusterOptions::new()
        .method(a.method)
        .resolution(a.resolution)
        .negative(a.negative)
        .seed(a.seed);
    o.check().map_err(refusal)?;
    Ok((net, o))
}

/// Reads the statements for an analysis, or the status to exit with.
pub(crate) fn statements(
    selection: &Selection,
    output: Option<&Path>,
) -> Result<Statements, Status> {
    selection
        .read(output::target(output), "analyse")
        .map(|(st, _)| st)
}

/// A progress bar on standard error, when it is a terminal.
pub(crate) fn progress_bar(len: u64, what: &str) -> Option<indicatif::ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(len);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {eta}")
        {
            bar.set_style(style);
        }
        bar.set_message(what.to_owned());
        bar
    })
}

/// Writes through the output `-o` names; the status to exit with.
pub(crate) fn write_out(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Status {
    let target = output::target(output);
    let result = Sink::open(target).and_then(|mut sink| {
        write(&mut sink)?;
        sink.finish()
    });
    match result {
        Ok(()) => Status::Success,
        Err(e) => cannot_write(target, e),
    }
}

/// Reports an output that could not be written: exit 2.
fn cannot_write(target: Option<&Path>, e: io::Error) -> Status {
    match target {
        Some(path) => output::error(format_args!("cannot write {}: {e}", path.display())),
        None => output::error(format_args!("cannot write to standard output: {e}")),
    }
    Status::Trouble
}

/// Reports a refused option or analysis: exit 1.
fn refused(message: String) -> Status {
    output::error(message);
    Status::Invalid
}

/// Runs a polarisation, over the whole selection or per window.
pub(crate) fn compute_polarisation(
    a: &PolarisationParams,
    output: Option<&Path>,
) -> Result<Vec<Polarisation>, Status> {
    let mut all = Vec::new();
    polarisation_series(a, output, &mut |p| {
        all.push(p);
        Ok(())
    })?
    .map_err(|e| refused(refusal(e)))?;
    Ok(all)
}

/// Runs a polarisation over the whole selection, or per window or slice,
/// handing each result to `each` as soon as it is found. The outer error is
/// the status for options or input refused before anything ran (already
/// reported); the inner one what stopped the run, `each`'s error included.
fn polarisation_series(
    a: &PolarisationParams,
    output: Option<&Path>,
    each: &mut dyn FnMut(Polarisation) -> Result<(), NetworkError>,
) -> Result<Result<(), NetworkError>, Status> {
    let (net, o, time) = polarisation_options(a).map_err(refused)?;
    let st = statements(&a.selection, output)?;
    let bar = progress_bar(
        match time {
            Time::Whole => match o.search {
                Search::Genetic => o.generations as u64,
                _ => o.starts as u64,
            },
            _ => 0,
        },
        "polarisation",
    );
    let what = match time {
        Time::Slices(_) => "slice",
        _ => "window",
    };
    let mut tick = |p: claimgraph_network::PolarisationProgress| {
        if let Some(bar) = &bar {
            // Greedy: the starts done; genetic: the generations.
            let done = match o.search {
                Search::Genetic => p.step,
                _ => p.start,
            };
            match p.window {
                Some(w) => bar.set_message(format!("polarisation, {what} {}", w + 1)),
                None => bar.set_position(done as u64),
            }
        }
    };
    let result = match time {
        Time::Whole => polarisation(&st, &net, &o, Some(&mut tick)).and_then(&mut *each),
        Time::Windows(size, step) => {
            for_each_polarisation_window(&st, &net, size, step, &o, Some(&mut tick), each)
        }
        Time::Slices(smoothing) => {
            for_each_polarisation_slice(&st, &net, &smoothing, &o, Some(&mut tick), each)
        }
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(result)
}

/// Where a polarisation's results go as they are found: a CSV table, JSON
/// (an array over time), or text.
enum Stream {
    Csv(PolarisationCsv<Sink>),
    Json { sink: Sink, written: usize },
    Text(Sink),
}

impl Stream {
    fn open(a: &PolarisationArgs, sliced: bool) -> io::Result<Stream> {
        let sink = Sink::open(output::target(a.out.output.as_deref()))?;
        Ok(match a.out.form() {
            Form::Csv => {
                let table = if a.tables.memberships {
                    PolarisationTable::Memberships
                } else if a.tables.diagnostics {
                    PolarisationTable::Steps
                } else {
                    PolarisationTable::Series
                };
                Stream::Csv(PolarisationCsv::new(sink, table, sliced)?)
            }
            Form::Json => Stream::Json { sink, written: 0 },
            Form::Text => Stream::Text(sink),
        })
    }

    fn push(&mut self, r: &Polarisation, over_time: bool) -> io::Result<()> {
        match self {
            Stream::Csv(csv) => csv.write(r),
            Stream::Json { sink, written } => {
                if over_time {
                    sink.write_all(if *written == 0 { b"[" } else { b"," })?;
                }
                *written += 1;
                serde_json::to_writer(&mut *sink, r).map_err(io::Error::other)
            }
            Stream::Text(sink) => polarisation_text(sink, r, over_time),
        }
    }

    fn close(self, over_time: bool) -> io::Result<()> {
        let mut sink = match self {
            Stream::Csv(csv) => csv.finish()?,
            Stream::Json { mut sink, written } => {
                if over_time {
                    sink.write_all(if written == 0 { b"[]" } else { b"]" })?;
                }
                sink.write_all(b"\n")?;
                sink
            }
            Stream::Text(sink) => sink,
        };
        sink.finish()
    }
}

fn run_polarisation(a: &PolarisationArgs) -> anyhow::Result<Status> {
    let over_time = a.params.time.window.is_some() || a.params.time.kernel.is_some();
    let sliced = a.params.time.kernel.is_some();
    let target = output::target(a.out.output.as_deref());
    // The output is opened at the first result, so that a run refused
    // before it leaves no file behind; a series is written as it comes.
    let mut stream: Option<Stream> = None;
    let mut failed: Option<io::Error> = None;
    let run = polarisation_series(&a.params, a.out.output.as_deref(), &mut |r| {
        let wrote = match &mut stream {
            Some(s) => s.push(&r, over_time),
            None => Stream::open(a, sliced).and_then(|s| stream.insert(s).push(&r, over_time)),
        };
        wrote.map_err(|e| {
            failed = Some(e);
            NetworkError::Io(io::Error::other("the output failed"))
        })
    });
    let run = match run {
        Ok(run) => run,
        Err(status) => return Ok(status),
    };
    if let Some(e) = failed {
        return Ok(cannot_write(target, e));
    }
    if let Err(e) = run {
        return Ok(refused(refusal(e)));
    }
    let closed = match stream {
        Some(s) => s.close(over_time),
        None => Stream::open(a, sliced).and_then(|s| s.close(over_time)),
    };
    Ok(match closed {
        Ok(()) => Status::Success,
        Err(e) => cannot_write(target, e),
    })
}

/// A day as YYYY-MM-DD.
fn date(day: Option<claimgraph_network::Day>) -> String {
    day.and_then(date_of)
        .map_or_else(|| "-".to_owned(), |d| d.to_string())
}

fn polarisation_text(out: &mut dyn Write, r: &Polarisation, windowed: bool) -> io::Result<()> {
    match r.weight {
        Some(weight) => writeln!(
            out,
            "{} ({} statements, weight {weight}):",
            date(r.first_day),
            r.statements
        )?,
        None if windowed => writeln!(
            out,
            "{} to {} ({} statements):",
            date(r.first_day),
            date(r.last_day),
            r.statements
        )?,
        None => {}
    }
    let unit = if r.normalised { " (P/M)" } else { "" };
    writeln!(
        out,
        "polarisation {}{unit}: {} groups of {} actors, mass {}, deviation {}, {} search{}",
        r.score,
        r.groups,
        r.actors.len(),
        r.mass,
        r.deviation,
        r.search.search.as_str(),
        if r.search.converged {
            ", converged"
        } else {
            ""
        }
    )?;
    if let Some(note) = &r.note {
        writeln!(out, "  note: {}", Escaped(&**note))?;
    }
    for g in 0..r.groups {
        let members: Vec<String> = r
            .actors
            .iter()
            .filter(|m| m.group == g)
            .map(|m| format!("{} ({})", m.label, m.id))
            .collect();
        writeln!(out, "  group {}: {}", g + 1, Escaped(&members.join(", ")))?;
    }
    Ok(())
}

/// A backbone search, or the evaluation of a given backbone.
pub(crate) enum BackboneResult {
    Searched(Box<Backbone>),
    Evaluated(BackboneSplit),
    Nested(Box<NestedBackbone>),
}

pub(crate) fn compute_backbone(
    a: &BackboneParams,
    evaluate: &[String],
    output: Option<&Path>,
) -> Result<BackboneResult, Status> {
    let o = backbone_options(a).map_err(refused)?;
    let st = statements(&a.selection, output)?;
    if !evaluate.is_empty() {
        return evaluate_backbone(&st, &o, evaluate)
            .map(BackboneResult::Evaluated)
            .map_err(|e| {
                refused(match e {
                    NetworkError::BadOption {
                        option: "backbone",
                        message,
                    } => format!("--evaluate: {message}"),
                    other => refusal(other),
                })
            });
    }
    if a.nested {
        let mut bar = None;
        let found = nested_backbone_with_progress(&st, &o, &mut |p| {
            let bar =
                bar.get_or_insert_with(|| progress_bar(p.iterations as u64, "nested backbone"));
            if let Some(bar) = bar {
                bar.set_position(p.iteration as u64);
            }
        });
        if let Some(Some(bar)) = &bar {
            bar.finish_and_clear();
        }
        return found
            .map(|b| BackboneResult::Nested(Box::new(b)))
            .map_err(|e| refused(refusal(e)));
    }
    let bar = progress_bar(o.iterations as u64, "backbone");
    let found = backbone_with_progress(&st, &o, &mut |p| {
        if let Some(bar) = &bar {
            bar.set_position(p.iteration as u64);
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    found
        .map(|b| BackboneResult::Searched(Box::new(b)))
        .map_err(|e| refused(refusal(e)))
}

fn run_backbone(a: &BackboneArgs) -> anyhow::Result<Status> {
    let result = match compute_backbone(&a.params, &a.evaluate, a.out.output.as_deref()) {
        Ok(r) => r,
        Err(status) => return Ok(status),
    };
    Ok(write_out(a.out.output.as_deref(), |out| {
        match (&result, a.out.form()) {
            (BackboneResult::Searched(b), Form::Json) => b.write_json(out),
            (BackboneResult::Evaluated(s), Form::Json) => {
                serde_json::to_writer(&mut *out, s).map_err(io::Error::other)?;
                out.write_all(b"\n")
            }
            (BackboneResult::Searched(b), Form::Csv) if a.diagnostics => {
                b.write_diagnostics_csv(out)
            }
            (BackboneResult::Searched(b), Form::Csv) => b.split.write_csv(out),
            (BackboneResult::Evaluated(s), Form::Csv) => s.write_csv(out),
            (BackboneResult::Searched(b), Form::Text) => {
                writeln!(
                    out,
                    "backbone search: {} iterations, seed {}",
                    b.diagnostics.len(),
                    b.options.seed
                )?;
                split_text(out, &b.split)
            }
            (BackboneResult::Evaluated(s), Form::Text) => split_text(out, s),
            (BackboneResult::Nested(b), Form::Json) => b.write_json(out),
            (BackboneResult::Nested(b), Form::Csv) => b.write_csv(out),
            (BackboneResult::Nested(b), Form::Text) => nested_text(out, b),
        }
    }))
}

fn nested_text(out: &mut dyn Write, b: &NestedBackbone) -> io::Result<()> {
    writeln!(
        out,
        "nested backbone: {} {} removed one at a time, the least needed first ({} nodes, {} statements)",
        b.steps.len(),
        b.items(),
        b.nodes,
        b.statements
    )?;
    writeln!(
        out,
        "  step  backbone size  backbone loss  redundant loss  statements  removed"
    )?;
    for s in &b.steps {
        writeln!(
            out,
            "  {:>4}  {:>13}  {:>13.6}  {:>14.6}  {:>10}  {} ({})",
            s.iteration,
            s.backbone_size,
            s.backbone_loss,
            s.redundant_loss,
            s.statements,
            Escaped(&*s.removed.label),
            Escaped(&*s.removed.id)
        )?;
    }
    Ok(())
}

fn split_text(out: &mut dyn Write, s: &BackboneSplit) -> io::Result<()> {
    writeln!(
        out,
        "backbone loss {}, redundant loss {}{} ({} nodes)",
        s.backbone_loss,
        s.redundant_loss,
        s.penalized_loss
            .map_or_else(String::new, |p| format!(", penalised loss {p}")),
        s.nodes
    )?;
    for (name, set) in [("backbone", &s.backbone), ("redundant", &s.redundant)] {
        let items: Vec<String> = set
            .iter()
            .map(|n| format!("{} ({})", n.label, n.id))
            .collect();
        writeln!(
            out,
            "  {name} ({}): {}",
            set.len(),
            Escaped(&items.join(", "))
        )?;
    }
    Ok(())
}

/// Builds the network and finds its communities.
pub(crate) fn compute_clusters(
    a: &ClusterParams,
    output: Option<&Path>,
) -> Result<(claimgraph_network::Network, Clusters), Status> {
    let (net, o) = cluster_options(a).map_err(refused)?;
    let st = statements(&a.selection, output)?;
    let network =
        network_with_threads(&st, &net, a.selection.threads).map_err(|e| refused(refusal(e)))?;
    let bar = progress_bar(o.max_iterations as u64, "clusters");
    let found = clusters_with_progress(&network, &o, &mut |p| {
        if let Some(bar) = &bar {
            bar.set_position(p.iteration as u64);
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    found.map(|c| (network, c)).map_err(|e| refused(refusal(e)))
}

fn run_clusters(a: &ClustersArgs) -> anyhow::Result<Status> {
    let (_, found) = match compute_clusters(&a.params, a.out.output.as_deref()) {
        Ok(r) => r,
        Err(status) => return Ok(status),
    };
    Ok(write_out(a.out.output.as_deref(), |out| {
        match a.out.form() {
            Form::Json => found.write_json(out),
            Form::Csv if a.tables.memberships => found.write_members_csv(out),
            Form::Csv if a.tables.diagnostics => found.write_iterations_csv(out),
            Form::Csv => found.write_communities_csv(out),
            Form::Text => {
                writeln!(
                    out,
                    "modularity {}: {} communities of {} nodes ({}, resolution {}{})",
                    found.modularity,
                    found.communities.len(),
                    found.members.len(),
                    found.options.method.as_str(),
                    found.options.resolution,
                    if found.converged { ", converged" } else { "" }
                )?;
                for c in &found.communities {
                    let labels: Vec<String> = found
                        .members
                        .iter()
                        .filter(|m| m.community == c.index)
                        .map(|m| format!("{} ({})", m.label, m.id))
                        .collect();
                    writeln!(
                        out,
                        "  community {} ({}, modularity {}): {}",
                        c.index + 1,
                        c.size,
                        c.modularity,
                        Escaped(&labels.join(", "))
                    )?;
                }
                Ok(())
            }
        }
    }))
}
