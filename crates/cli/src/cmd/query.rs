//! `claimgraph query FILE QUESTION ...`: who supports or opposes what, and why.
//!
//! Every question of the graph crate is reachable here. Actors and targets
//! are named by id, or by name, alias, title or label (ignoring case); a name
//! that fits several records is an error listing them. Text output is a
//! table with the evidence behind each line; `--json` prints the answer as
//! the library returns it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use claimgraph_core::{Dataset, Position, When};
use claimgraph_graph::{ClaimGraph, GraphError, Holding, Query};
use serde::Serialize;

use crate::Status;
use crate::input;
use crate::output::{self, Escaped};

const AFTER_HELP: &str = "\
Names:
  ACTOR and TARGET are ids, or names, aliases, titles, point labels or texts,
  matched ignoring case (\"Kyiv\", \"kallas\", \"28-point peace plan\"). A name that
  fits several records is an error that lists them.

Reading positions:
  A stance is dated by its as_of, else by its earliest evidence. With
  --as-of only stances dated on or before the day count (undated ones always
  count). For each actor the latest stances count; if they disagree the
  position is mixed; silence (no comment, no response) gives way to any
  position taken. A proposer supports its own proposal unless it says
  otherwise (shown as inferred). --members lets an actor speak through those
  who speak for it (an office holder, a spokesperson, an organ: Kallas for
  the EU, Peskov for Russia) where it has no position of its own; a member
  state does not speak for its union. --points counts stances on a
  proposal's points toward the proposal; --inherit lets a point inherit an
  actor's stance on the proposal it belongs to. Records judged the same by a
  same_as record answer under one id.

Ties:
  A position rolled up with --members names the ties it passed through. An
  answer about many actors (positions, supporters, ...) shows a path of more
  than five ties by its first two and last two and the number between (in
  JSON, \"via\" holds those four and \"via_omitted\" the number); `why`, which
  answers for one actor, lists every tie.

Long answers:
  conflicts prints each pair as it is found, in memory that does not grow with
  the answer. Before starting it counts the pairs on split targets (supporters
  times opponents, target by target): above --max-pairs (1000000 unless set)
  it refuses with that count, unless --limit N asks for the first N pairs.

Exit status:
  0  answered
  1  the dataset is malformed or invalid, or a name, id or date is unknown,
     ambiguous or malformed, or the answer would be longer than --max-pairs
  2  the file cannot be read

Examples:
  claimgraph query plan.json supporters plan-28
  claimgraph query plan.json opponents \"28-point peace plan\" --points --members
  claimgraph query plan.json why trump plan-28
  claimgraph query plan.json timeline Kyiv plan-28 --as-of 2025-11-20
  claimgraph query plan.json balance plan-28 --json
  claimgraph query plan.json conflicts
  claimgraph query big.jsonl conflicts --limit 100 --json
  claimgraph query plan.json report-2.jsonl compare plan-28 plan-19
  claimgraph query plan.json timeline Russia plan-28 --members";

/// The answer `conflicts` refuses, unless told otherwise, to start: pairs on
/// split targets. 10^6 of them print as about 100 MB of text in a few
/// seconds (as JSON, which carries every stance, some 2 GB); a corpus of
/// 10^6 stances on 10^3 targets holds about 10^7.
const MAX_PAIRS: u64 = 1_000_000;

/// Ask who supports or opposes what, and why
#[derive(Debug, clap::Args)]
// A question's name ends the list of files rather than being read as one.
#[command(after_help = AFTER_HELP, subcommand_precedence_over_arg = true)]
pub struct Args {
    /// The dataset: canonical JSON or JSON Lines; several files are merged;
    /// - reads standard input
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Keep the first or the last value of every conflict between the files
    #[arg(long, value_name = "SIDE", global = true, value_parser = input::side_parser())]
    pub prefer: Option<claimgraph_core::Side>,

    /// The question
    #[command(subcommand)]
    pub question: Question,

    /// Only stances dated on or before this day count (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", global = true)]
    pub as_of: Option<String>,

    /// Let those who speak for an actor give it their positions: office
    /// holders, spokespeople, organs (Kallas for the EU; not a member state)
    #[arg(long, global = true)]
    pub members: bool,

    /// Count stances on a proposal's points toward the proposal
    #[arg(long, global = true)]
    pub points: bool,

    /// Let points inherit stances on the proposal they belong to
    #[arg(long, global = true)]
    pub inherit: bool,

    /// Print the answer as JSON
    #[arg(long, global = true)]
    pub json: bool,
}

/// The questions.
#[derive(Debug, clap::Subcommand)]
pub enum Question {
    /// Every actor's position on a target
    Positions {
        /// The target
        target: String,
    },
    /// Actors who support a target
    Supporters {
        /// The target
        target: String,
    },
    /// Actors who oppose a target
    Opponents {
        /// The target
        target: String,
    },
    /// Actors neutral on a target
    Neutral {
        /// The target
        target: String,
    },
    /// Actors who declined to comment on a target
    NoComment {
        /// The target
        target: String,
    },
    /// Actors who were asked about a target and did not answer
    NoResponse {
        /// The target
        target: String,
    },
    /// Every stance an actor holds
    Stances {
        /// The actor
        actor: String,
    },
    /// An actor's positions on a target over time, and each change
    Timeline {
        /// The actor
        actor: String,
        /// The target
        target: String,
    },
    /// Points of a proposal that some support and some oppose
    Contested {
        /// The proposal
        proposal: String,
    },
    /// Points of a proposal that no one opposes
    Unopposed {
        /// The proposal
        proposal: String,
    },
    /// Pairs of actors on opposite sides of the same targets, printed as
    /// they are found
    Conflicts {
        /// Print at most N pairs
        #[arg(long, value_name = "N")]
        limit: Option<u64>,
        /// Refuse, before starting, an answer of more than N pairs on split
        /// targets (one per pair of actors and target they split on), unless
        /// --limit bounds it; 0 for no bound
        #[arg(long, value_name = "N", default_value_t = MAX_PAIRS)]
        max_pairs: u64,
    },
    /// Groups of actors who agree, with the targets that bind them
    Coalitions,
    /// What each party would give up under a proposal, and to whom
    Balance {
        /// The proposal
        proposal: String,
    },
    /// Two proposals side by side: versions or a plan and its counter-proposal,
    /// point by point, with their numbers and who gives up what under each
    Compare {
        /// The first proposal (the earlier version, or the plan answered)
        left: String,
        /// The second proposal
        right: String,
    },
    /// The evidence behind an actor's position on a target
    Why {
        /// The actor
        actor: String,
        /// The target
        target: String,
    },
}

/// Runs the command.
pub fn run(args: &Args) -> anyhow::Result<Status> {
    let loaded = match input::load_merged(
        &args.files,
        &input::Resolve::prefer(args.prefer),
        "run `claimgraph validate` for details",
    ) {
        Ok(merged) => merged.loaded,
        Err(status) => return Ok(status),
    };
    let report = loaded.dataset.validate();
    let errors = report.errors().count();
    if errors > 0 {
        output::error(format_args!(
            "{} has {errors} validation error(s); run `claimgraph validate {}` to see them",
            loaded.name,
            input::command_args(&args.files)
        ));
        return Ok(Status::Invalid);
    }
    let query = match make_query(args) {
        Ok(q) => q,
        Err(message) => {
            output::error(message);
            return Ok(Status::Invalid);
        }
    };
    let graph = ClaimGraph::new(&loaded.dataset);
    let status = if let Question::Conflicts { limit, max_pairs } = args.question {
        conflicts(&graph, &query, args.json, limit, max_pairs)
    } else {
        respond(&graph, args, &query)
    };
    input::release(graph);
    input::release(loaded);
    status
}

/// Answers every question but `conflicts`, which streams.
fn respond(graph: &ClaimGraph<'_>, args: &Args, query: &Query) -> anyhow::Result<Status> {
    match answer(graph, &args.question, query, args.json) {
        Ok(text) => {
            // Text answers are escaped value by value as they are put
            // together (`put`), so a newline in the data cannot start a line.
            let text = if args.json {
                text
            } else {
                let mut t = text;
                t.push('\n');
                t
            };
            output::stdout(|out| out.write_all(text.as_bytes()))?;
            Ok(Status::Success)
        }
        Err(e) => {
            output::error(e);
            Ok(Status::Invalid)
        }
    }
}

fn make_query(args: &Args) -> Result<Query, String> {
    let mut q = Query::new()
        .roll_up_members(args.members)
        .roll_up_points(args.points)
        .inherit_from_parent(args.inherit);
    if let Some(day) = &args.as_of {
        let when = When::parse(day).map_err(|e| format!("--as-of: {e}"))?;
        // A month or an approximate day would be read as one day it is not.
        if !matches!(
            when.precision(),
            claimgraph_core::Precision::Day | claimgraph_core::Precision::Instant
        ) {
            return Err(format!(
                "--as-of: {day:?} is not a day; give one as YYYY-MM-DD (--as-of 2025-11-30 for the end of a month)"
            ));
        }
        q = q.as_of(when);
    }
    if let Some(flag) = unused_flag(&args.question, args) {
        return Err(flag);
    }
    Ok(q)
}

/// A flag given that the question does not use: refused, never ignored.
fn unused_flag(question: &Question, args: &Args) -> Option<String> {
    let (name, members, points, inherit, why) = match question {
        Question::Stances { .. } => (
            "stances",
            true,
            true,
            true,
            "it lists the actor's own stances",
        ),
        Question::Timeline { .. } => (
            "timeline",
            false,
            false,
            true,
            "a timeline is what was said, not what a point inherits",
        ),
        Question::Balance { .. } => (
            "balance",
            true,
            true,
            true,
            "it counts the concessions and obligations the proposal sets",
        ),
        Question::Compare { .. } => (
            "compare",
            true,
            true,
            true,
            "it compares what the proposals set, not positions on them",
        ),
        _ => return None,
    };
    let given = [
        ("--members", members && args.members),
        ("--points", points && args.points),
        ("--inherit", inherit && args.inherit),
    ];
    given
        .iter()
        .find(|(_, on)| *on)
        .map(|(flag, _)| format!("{flag} does not apply to `{name}`: {why}; leave it out"))
}

/// How a stance is put, when that is more than a plain assertion: its
/// modality, conditions, intensity and confidence, as `[...]`.
fn qualifiers(b: &claimgraph_graph::Basis) -> String {
    let mut parts = Vec::new();
    if let Some(m) = b.modality {
        parts.push(m.to_string());
    }
    for c in &b.conditions {
        parts.push(format!("if {c}"));
    }
    if let Some(i) = b.intensity {
        parts.push(format!("intensity {i}"));
    }
    if let Some(c) = b.confidence {
        parts.push(format!("confidence {c}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join("; "))
    }
}

/// The qualifiers of every basis that has some, in order.
fn all_qualifiers(basis: &[claimgraph_graph::Basis]) -> String {
    basis.iter().map(qualifiers).collect()
}

fn json<T: Serialize>(value: &T) -> Result<String, GraphError> {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    Ok(s)
}

/// An answer of one long list and a few other fields, as [`json`] prints
/// `json!({ key: items, ... })` — keys sorted, as a [`serde_json::Value`]
/// sorts them — but made item by item: a `Value` of the whole takes several
/// times the size of its text (some 800 MB for the 10^5 holdings of a deep
/// chain of ties), one item's is small.
fn json_with_list<T: Serialize>(
    key: &str,
    items: &[T],
    fields: &[(&str, serde_json::Value)],
) -> Result<String, GraphError> {
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let mut keys: Vec<&str> = fields.iter().map(|(k, _)| *k).chain([key]).collect();
    keys.sort_unstable();
    let mut out = String::from("{");
    for (i, k) in keys.into_iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push_str(": ");
        if k != key {
            let value = fields.iter().find(|(f, _)| *f == k).map(|(_, v)| v);
            out.push_str(&indent(
                &pretty(value.unwrap_or(&serde_json::Value::Null)),
                "  ",
            ));
            continue;
        }
        out.push('[');
        for (j, item) in items.iter().enumerate() {
            let value = serde_json::to_value(item).unwrap_or_default();
            out.push_str(if j == 0 { "\n    " } else { ",\n    " });
            out.push_str(&indent(&pretty(&value), "    "));
        }
        if !items.is_empty() {
            out.push_str("\n  ");
        }
        out.push(']');
    }
    out.push_str("\n}\n");
    Ok(out)
}

/// `text` with every line after the first indented by `pad`: a value
/// pretty-printed on its own, set inside an enclosing value.
fn indent(text: &str, pad: &str) -> String {
    text.replace('\n', &format!("\n{pad}"))
}

fn answer(
    g: &ClaimGraph<'_>,
    question: &Question,
    q: &Query,
    as_json: bool,
) -> Result<String, GraphError> {
    let ask = Ask {
        g,
        q,
        json: as_json,
    };
    let with =
        |target: &str, pick: Option<Position>, title: &str| ask.positions(target, pick, title);
    match question {
        Question::Positions { target } => with(target, None, "Positions on"),
        Question::Supporters { target } => with(target, Some(Position::Supports), "Supporters of"),
        Question::Opponents { target } => with(target, Some(Position::Opposes), "Opponents of"),
        Question::Neutral { target } => with(target, Some(Position::Neutral), "Neutral on"),
        Question::NoComment { target } => with(target, Some(Position::NoComment), "No comment on"),
        Question::NoResponse { target } => {
            with(target, Some(Position::NoResponse), "No response on")
        }
        Question::Compare { left, right } => ask.compare(left, right),
        Question::Stances { actor } => ask.stances(actor),
        Question::Timeline { actor, target } => ask.timeline(actor, target),
        Question::Contested { proposal } => ask.contested_or_unopposed(proposal, true),
        Question::Unopposed { proposal } => ask.contested_or_unopposed(proposal, false),
        // Streamed by `run`, never built whole.
        Question::Conflicts { .. } => Ok(String::new()),
        Question::Coalitions => ask.coalitions(),
        Question::Balance { proposal } => ask.balance(proposal),
        Question::Why { actor, target } => ask.why(actor, target),
    }
}

/// One question asked of the graph under one query, answered as text or
/// JSON: one method per question.
struct Ask<'g, 'a> {
    g: &'g ClaimGraph<'a>,
    q: &'g Query,
    json: bool,
}

impl Ask<'_, '_> {
    fn positions(
        &self,
        target: &str,
        pick: Option<Position>,
        title: &str,
    ) -> Result<String, GraphError> {
        let (g, q) = (self.g, self.q);
        let t = g.find_target(target)?;
        let mut holdings = g.positions(t.as_str(), q)?;
        if let Some(p) = pick {
            holdings.retain(|h| h.position == p);
        }
        if self.json {
            return json_with_list("holdings", &holdings, &[("target", serde_json::json!(t))]);
        }
        let mut out = String::new();
        put(
            &mut out,
            format!(
                "{title} {}{}:",
                describe(g, t.as_str()),
                as_of_note(q.as_of)
            ),
        );
        holdings_table(g, &holdings, &mut out);
        Ok(out)
    }

    fn compare(&self, left: &str, right: &str) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let cmp = g.compare_as_of(left, right, q)?;
        if as_json {
            return json(&cmp);
        }
        Ok(comparison_text(g, &cmp))
    }

    fn stances(&self, actor: &str) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let a = g.find_actor(actor)?;
        let stances = g.stances_of(a.as_str(), q)?;
        if as_json {
            let chains: Vec<_> = stances.iter().map(|s| g.chain(s)).collect();
            return json_with_list("stances", &chains, &[("actor", serde_json::json!(a))]);
        }
        let mut out = String::new();
        put(
            &mut out,
            format!(
                "Stances of {}{}:",
                describe(g, a.as_str()),
                as_of_note(q.as_of)
            ),
        );
        if stances.is_empty() {
            put(&mut out, "  (none)");
        }
        for s in stances {
            let chain = g.chain(s);
            put(
                &mut out,
                format!(
                    "  {:<10} {}{}",
                    chain.position.as_str(),
                    describe(g, s.target.as_str()),
                    date_note(chain.date.as_ref())
                ),
            );
            evidence_lines(&chain, Ties::Whole, &mut out);
        }
        Ok(out)
    }

    fn timeline(&self, actor: &str, target: &str) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let ds = g.dataset();
        let a = g.find_actor(actor)?;
        let t = g.find_target(target)?;
        let tl = g.timeline(a.as_str(), t.as_str(), q)?;
        if as_json {
            return json(&tl);
        }
        let mut scope = Vec::new();
        if tl.rolled_up_members {
            scope.push("with those who speak for it");
        }
        if tl.rolled_up_points {
            scope.push("with its points");
        }
        let mut out = String::new();
        put(
            &mut out,
            format!(
                "Timeline of {} on {}{}{}:",
                describe(g, a.as_str()),
                describe(g, t.as_str()),
                if scope.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", scope.join(", "))
                },
                as_of_note(q.as_of)
            ),
        );
        if tl.entries.is_empty() {
            put(&mut out, "  (no stances)");
        }
        for e in &tl.entries {
            let day = e
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let ids: Vec<String> = e
                .basis
                .iter()
                .map(|b| {
                    let mut id = stance_name(b.stance.as_ref(), b.inferred);
                    id.push_str(&qualifiers(b));
                    if b.holder != tl.actor {
                        id.push_str(&format!(" by {}", actor_name(ds, b.holder.as_str())));
                    }
                    if let Some(tie) = b.via.last() {
                        id.push_str(&format!(", {}", tie.kind));
                    }
                    id
                })
                .collect();
            put(
                &mut out,
                format!(
                    "  {day:<10}  {:<10} ({})",
                    e.position.as_str(),
                    ids.join("; ")
                ),
            );
        }
        if tl.changes.is_empty() {
            put(&mut out, "  no change of position");
        }
        for c in &tl.changes {
            put(
                &mut out,
                format!("  changed on {}: {} -> {}", c.date, c.from, c.to),
            );
        }
        Ok(out)
    }

    fn contested_or_unopposed(
        &self,
        proposal: &str,
        contested: bool,
    ) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let ds = g.dataset();
        let p = g.find_proposal(proposal)?;
        let points = if contested {
            g.contested(p.as_str(), q)?
        } else {
            g.unopposed(p.as_str(), q)?
        };
        if as_json {
            return json_with_list("points", &points, &[("proposal", serde_json::json!(p))]);
        }
        let title = if contested {
            "Contested points of"
        } else {
            "Unopposed points of"
        };
        let mut out = String::new();
        put(
            &mut out,
            format!(
                "{title} {}{}:",
                describe(g, p.as_str()),
                as_of_note(q.as_of)
            ),
        );
        if points.is_empty() {
            put(&mut out, "  (none)");
        }
        for pt in &points {
            put(&mut out, format!("  {}", describe(g, pt.point.as_str())));
            let side = |pos: Position| -> String {
                let held: Vec<String> = pt
                    .holdings
                    .iter()
                    .filter(|h| h.position == pos)
                    .map(|h| {
                        format!(
                            "{}{}",
                            actor_name(ds, h.actor.as_str()),
                            all_qualifiers(&h.basis)
                        )
                    })
                    .collect();
                if held.is_empty() {
                    "(none)".to_owned()
                } else {
                    held.join(", ")
                }
            };
            put(
                &mut out,
                format!("    for:     {}", side(Position::Supports)),
            );
            put(
                &mut out,
                format!("    against: {}", side(Position::Opposes)),
            );
        }
        Ok(out)
    }

    fn coalitions(&self) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let ds = g.dataset();
        let coalitions = g.coalitions(q);
        if as_json {
            return json_with_list("coalitions", &coalitions, &[]);
        }
        let mut out = String::new();
        put(&mut out, format!("Coalitions{}:", as_of_note(q.as_of)));
        if coalitions.is_empty() {
            put(&mut out, "  (none)");
        }
        for (i, c) in coalitions.iter().enumerate() {
            put(&mut out, format!("  {}. {}", i + 1, names(ds, &c.members)));
            for b in &c.binding {
                put(
                    &mut out,
                    format!(
                        "     {} {}: {}{}",
                        b.position,
                        describe(g, b.target.as_str()),
                        names(ds, &b.members),
                        all_qualifiers(&b.basis)
                    ),
                );
            }
        }
        Ok(out)
    }

    fn balance(&self, proposal: &str) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let ds = g.dataset();
        let p = g.find_proposal(proposal)?;
        let balance = g.balance_as_of(p.as_str(), q)?;
        if as_json {
            return json(&balance);
        }
        let mut out = String::new();
        put(
            &mut out,
            format!(
                "Concession balance of {}{}:",
                describe(g, p.as_str()),
                as_of_note(q.as_of)
            ),
        );
        if balance.parties.is_empty() {
            put(&mut out, "  (no concessions)");
        }
        let width = balance
            .parties
            .iter()
            .map(|pb| actor_name(ds, pb.actor.as_str()).chars().count())
            .max()
            .unwrap_or(0);
        for pb in &balance.parties {
            let topics: Vec<String> = pb
                .gives_by_topic
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            let name = actor_name(ds, pb.actor.as_str());
            let pad = " ".repeat(width.saturating_sub(name.chars().count()));
            put(
                &mut out,
                format!(
                    "  {name}{pad}  gives up {:>2}, receives {:>2}{}",
                    pb.gives.len(),
                    pb.receives.len(),
                    if topics.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", topics.join(", "))
                    }
                ),
            );
            for c in &pb.gives {
                let to =
                    c.to.as_ref()
                        .map(|t| format!(" to {}", actor_name(ds, t.as_str())))
                        .unwrap_or_default();
                put(
                    &mut out,
                    format!(
                        "    - {}{to} (required by {}){}",
                        c.what,
                        describe(g, c.required_by.as_str()),
                        quantities_note(&c.quantities)
                    ),
                );
            }
            for o in &pb.owes {
                let to =
                    o.to.as_ref()
                        .map(|t| format!(" to {}", actor_name(ds, t.as_str())))
                        .unwrap_or_default();
                let kind = o.kind.map(|k| format!("{k}: ")).unwrap_or_default();
                put(
                    &mut out,
                    format!(
                        "    owes {kind}{}{to} (set by {}){}",
                        o.what,
                        describe(g, o.required_by.as_str()),
                        quantities_note(&o.quantities)
                    ),
                );
            }
        }
        for c in &balance.not_demanded {
            put(
                &mut out,
                format!(
                    "  explicitly not demanded: {} by {} (in {})",
                    c.what,
                    actor_name(ds, c.by.as_str()),
                    describe(g, c.required_by.as_str())
                ),
            );
        }
        Ok(out)
    }

    fn why(&self, actor: &str, target: &str) -> Result<String, GraphError> {
        let (g, q, as_json) = (self.g, self.q, self.json);
        let ds = g.dataset();
        let a = g.find_actor(actor)?;
        let t = g.find_target(target)?;
        let why = g.why(a.as_str(), t.as_str(), q)?;
        if as_json {
            return json(&why);
        }
        let mut out = String::new();
        let head = match why.position {
            Some(p) => format!(
                "{} {} {}{}",
                actor_name(ds, a.as_str()),
                p,
                describe(g, t.as_str()),
                as_of_note(q.as_of)
            ),
            None => format!(
                "{} holds no position on {}{}",
                actor_name(ds, a.as_str()),
                describe(g, t.as_str()),
                as_of_note(q.as_of)
            ),
        };
        put(&mut out, head);
        for chain in &why.chains {
            let via = if chain.holder != why.holder {
                format!(" (via {})", chain.holder_name)
            } else {
                String::new()
            };
            put(
                &mut out,
                format!(
                    "  {}{via}: {} {}{}",
                    stance_name(chain.stance.as_ref(), chain.inferred),
                    chain.position,
                    chain.target_label,
                    date_note(chain.date.as_ref())
                ),
            );
            evidence_lines(chain, Ties::Whole, &mut out);
        }
        Ok(out)
    }
}

/// Streams the pairs in conflict, text or JSON, pair by pair: the answer is
/// never held whole. Refuses, before printing anything, an answer of more
/// than `max_pairs` pairs on split targets unless `limit` bounds it.
fn conflicts(
    g: &ClaimGraph<'_>,
    q: &Query,
    as_json: bool,
    limit: Option<u64>,
    max_pairs: u64,
) -> anyhow::Result<Status> {
    let pairs = g.conflicts_iter(q);
    if let Some(message) = refusal(pairs.estimate(), limit, max_pairs) {
        output::error(message);
        return Ok(Status::Invalid);
    }
    output::stdout(|out| write_conflicts(g, q, as_json, limit, pairs, out))?;
    Ok(Status::Success)
}

/// Why `conflicts` will not start, if it will not: the estimate is over
/// the bound and no limit keeps the answer under it.
fn refusal(estimate: u64, limit: Option<u64>, max_pairs: u64) -> Option<String> {
    (limit.is_none() && max_pairs > 0 && estimate > max_pairs).then(|| {
        format!(
            "conflicts: the answer would list {estimate} pairs on split targets \
             (supporters times opponents, target by target), more than --max-pairs {max_pairs}; \
             give --limit N to print the first N pairs, or a larger --max-pairs"
        )
    })
}

/// Writes the pairs, at most `limit` of them, as they come: text, or the
/// JSON the whole answer would print as, array item by array item.
fn write_conflicts(
    g: &ClaimGraph<'_>,
    q: &Query,
    as_json: bool,
    limit: Option<u64>,
    pairs: claimgraph_graph::Conflicts<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let ds = g.dataset();
    let mut printed: u64 = 0;
    let mut more = false;
    if as_json {
        out.write_all(b"{\n  \"conflicts\": [")?;
    } else {
        line(out, format!("Conflicts{}:", as_of_note(q.as_of)))?;
    }
    for c in pairs {
        if limit.is_some_and(|n| printed >= n) {
            more = true;
            break;
        }
        if as_json {
            // Each pair as `serde_json::to_string_pretty` prints it inside
            // the array (through a `Value`, as `json!` makes it), so the
            // whole is what it printed when the answer was built whole.
            let text = serde_json::to_value(&c)
                .and_then(|v| serde_json::to_string_pretty(&v))
                .map_err(std::io::Error::other)?;
            out.write_all(if printed == 0 { b"\n    " } else { b",\n    " })?;
            out.write_all(indent(&text, "    ").as_bytes())?;
        } else {
            conflict_lines(g, ds, &c, out)?;
        }
        printed += 1;
    }
    if as_json {
        out.write_all(if printed == 0 { b"]" } else { b"\n  ]" })?;
        if limit.is_some() {
            write!(out, ",\n  \"truncated\": {more}")?;
        }
        return out.write_all(b"\n}\n");
    }
    if printed == 0 {
        line(out, "  (none)")?;
    }
    if more {
        line(
            out,
            format!(
                "  ... more pairs not shown (--limit {})",
                limit.unwrap_or(0)
            ),
        )?;
    }
    Ok(())
}

/// The lines of one pair in conflict: the two actors, then each target they
/// split on with each side's position and qualifiers.
fn conflict_lines(
    g: &ClaimGraph<'_>,
    ds: &Dataset,
    c: &claimgraph_graph::Conflict,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (a, b) = (actor_name(ds, c.a.as_str()), actor_name(ds, c.b.as_str()));
    line(out, format!("  {a} vs {b}"))?;
    for t in &c.targets {
        line(
            out,
            format!(
                "    on {}: {a}: {}{}; {b}: {}{}",
                describe(g, t.target.as_str()),
                t.a,
                all_qualifiers(&t.a_basis),
                t.b,
                all_qualifiers(&t.b_basis)
            ),
        )?;
    }
    Ok(())
}

/// Writes one line of a streamed text answer, escaped as [`put`] escapes it.
fn line(out: &mut dyn std::io::Write, text: impl AsRef<str>) -> std::io::Result<()> {
    writeln!(out, "{}", Escaped(text.as_ref()))
}

fn holdings_table(g: &ClaimGraph<'_>, holdings: &[Holding], out: &mut String) {
    let ds = g.dataset();
    if holdings.is_empty() {
        put(out, "  (none)");
        return;
    }
    let width = holdings
        .iter()
        .map(|h| actor_name(ds, h.actor.as_str()).chars().count())
        .max()
        .unwrap_or(0);
    // One stance may back the holding of every actor it rolls up to: its
    // evidence is followed once (telling hearsay apart walks the speaker's
    // ties), and each holding shows it with its own path.
    let mut chains: BTreeMap<&str, claimgraph_graph::EvidenceChain> = BTreeMap::new();
    for h in holdings {
        let name = actor_name(ds, h.actor.as_str());
        let pad = " ".repeat(width.saturating_sub(name.chars().count()));
        put(out, format!("  {name}{pad}  {}", h.position));
        for b in &h.basis {
            let chain = match &b.stance {
                Some(id) => {
                    let mut chain = chains
                        .entry(id.as_str())
                        .or_insert_with(|| g.chain_of(b))
                        .clone();
                    chain.via = b.via.clone();
                    chain
                }
                None => g.chain_of(b),
            };
            let mut via = Vec::new();
            if b.holder != h.actor {
                via.push(format!("via {}", chain.holder_name));
            }
            put(
                out,
                format!(
                    "    {}: {} {}{}{}",
                    stance_name(b.stance.as_ref(), b.inferred),
                    b.position,
                    chain.target_label,
                    date_note(chain.date.as_ref()),
                    if via.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", via.join(", "))
                    }
                ),
            );
            evidence_lines(&chain, Ties::Summary, out);
        }
    }
}

/// `stance ID`, or what an inferred position rests on.
fn stance_name(
    stance: Option<&claimgraph_core::StanceId>,
    inferred: Option<claimgraph_graph::Inferred>,
) -> String {
    match (stance, inferred) {
        (Some(s), _) => format!("stance {s}"),
        (None, Some(i)) => format!("inferred ({i})"),
        (None, None) => "inferred".to_owned(),
    }
}

fn quantities_note(qs: &[claimgraph_core::Quantity]) -> String {
    if qs.is_empty() {
        return String::new();
    }
    let qs: Vec<String> = qs.iter().map(ToString::to_string).collect();
    format!(" [{}]", qs.join("; "))
}

/// How much of a rolled-up position's path of ties to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ties {
    /// Every tie: `why` and `stances`, which answer for one actor.
    Whole,
    /// The ends of a long path and how many ties lie between them
    /// ([`claimgraph_graph::Via::summary`]): an answer about every actor up
    /// a chain of n ties prints O(n) lines, not O(n²).
    Summary,
}

fn evidence_lines(chain: &claimgraph_graph::EvidenceChain, ties: Ties, out: &mut String) {
    let tie = |out: &mut String, tie: &claimgraph_graph::Tie| {
        put(out, format!("      through the tie {tie}"));
    };
    match ties {
        Ties::Whole => chain.via.iter().for_each(|t| tie(out, t)),
        Ties::Summary => {
            let shown = chain.via.summary();
            shown.first.iter().for_each(|t| tie(out, t));
            if shown.omitted > 0 {
                put(
                    out,
                    format!(
                        "      … {} more ties (`query why` lists every one) …",
                        shown.omitted
                    ),
                );
            }
            shown.last.iter().for_each(|t| tie(out, t));
        }
    }
    let mut how = Vec::new();
    if let Some(m) = chain.modality {
        how.push(format!("modality {m}"));
    }
    if let Some(i) = chain.intensity {
        how.push(format!("intensity {i}"));
    }
    if let Some(c) = chain.confidence {
        how.push(format!("confidence {c}"));
    }
    if !how.is_empty() {
        put(out, format!("      {}", how.join(", ")));
    }
    for c in &chain.conditions {
        put(out, format!("      condition: {c}"));
    }
    for e in &chain.evidence {
        put(out, format!("      {e}"));
    }
}

fn comparison_text(g: &ClaimGraph<'_>, cmp: &claimgraph_graph::Comparison) -> String {
    use claimgraph_graph::{PointSide, PointStatus, Relationship};
    let ds = g.dataset();
    let relation = match &cmp.relationship {
        Relationship::Versions { older, newer } => {
            format!("{newer} is a later version of {older}")
        }
        Relationship::Alternatives {
            answered,
            answering,
        } => format!("{answering} answers {answered}"),
        _ => "neither supersedes nor answers the other".to_owned(),
    };
    let mut out = String::new();
    put(
        &mut out,
        format!(
            "{} against {}: {relation}",
            describe(g, cmp.left.as_str()),
            describe(g, cmp.right.as_str())
        ),
    );
    let side = |s: &Option<PointSide>| match s {
        Some(p) => format!(
            "{}{}",
            p.label
                .as_ref()
                .map(|l| format!("{l}: "))
                .unwrap_or_default(),
            p.title
        ),
        None => "-".to_owned(),
    };
    for d in &cmp.quantities {
        put(&mut out, format!("  {}", quantity_line(d)));
    }
    for row in &cmp.rows {
        let status = match row.status {
            PointStatus::Kept => "kept",
            PointStatus::Changed => "changed",
            PointStatus::Added => "added",
            PointStatus::Dropped => "dropped",
            PointStatus::Matched => "both",
            PointStatus::OnlyLeft => "left only",
            PointStatus::OnlyRight => "right only",
            _ => "other",
        };
        put(
            &mut out,
            format!("  {status:<10} {} | {}", side(&row.left), side(&row.right)),
        );
        if !row.changed.is_empty() && row.status != PointStatus::Kept {
            put(
                &mut out,
                format!("             differs in: {}", row.changed.join(", ")),
            );
        }
        for d in &row.quantities {
            put(&mut out, format!("             {}", quantity_line(d)));
        }
        for (which, s) in [("left", &row.left), ("right", &row.right)] {
            for c in s.iter().flat_map(|s| s.concessions.iter()) {
                let not = if c.status == Some(claimgraph_core::ConcessionStatus::Excluded) {
                    "explicitly not demanded: "
                } else {
                    ""
                };
                put(
                    &mut out,
                    format!(
                        "             {which}: {not}{} gives up {}",
                        actor_name(ds, c.by.as_str()),
                        c.what
                    ),
                );
            }
            for o in s.iter().flat_map(|s| s.obligations.iter()) {
                put(
                    &mut out,
                    format!(
                        "             {which}: {} owes {}",
                        actor_name(ds, o.by.as_str()),
                        o.what
                    ),
                );
            }
        }
    }
    for (which, b) in [("left", &cmp.left_balance), ("right", &cmp.right_balance)] {
        let parts: Vec<String> = b
            .parties
            .iter()
            .map(|p| {
                format!(
                    "{} gives up {}, owes {}",
                    actor_name(ds, p.actor.as_str()),
                    p.gives.len(),
                    p.owes.len()
                )
            })
            .collect();
        put(
            &mut out,
            format!(
                "  under the {which}: {}",
                if parts.is_empty() {
                    "(no concessions)".to_owned()
                } else {
                    parts.join("; ")
                }
            ),
        );
    }
    out
}

fn quantity_line(d: &claimgraph_graph::QuantityDiff) -> String {
    let show = |q: &Option<claimgraph_core::Quantity>| {
        q.as_ref()
            .map_or_else(|| "not set".to_owned(), ToString::to_string)
    };
    match d.difference {
        Some(x) => format!("{} -> {} (difference {x:+})", show(&d.left), show(&d.right)),
        None => format!("{} -> {}", show(&d.left), show(&d.right)),
    }
}

fn describe(g: &ClaimGraph<'_>, id: &str) -> String {
    format!("{} ({id})", g.label(id))
}

fn actor_name(ds: &Dataset, id: &str) -> String {
    ds.get(id)
        .map(|r| r.label())
        .unwrap_or_else(|| id.to_owned())
}

fn names<T: AsRef<str>>(ds: &Dataset, ids: &[T]) -> String {
    if ids.is_empty() {
        return "(none)".to_owned();
    }
    ids.iter()
        .map(|id| actor_name(ds, id.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn as_of_note(day: Option<NaiveDate>) -> String {
    day.map(|d| format!(", as of {}", d.format("%Y-%m-%d")))
        .unwrap_or_default()
}

fn date_note(day: Option<&When>) -> String {
    day.map(|d| format!(" [{d}]")).unwrap_or_default()
}

/// Puts one line of a text answer: escaped for the terminal as a whole, so a
/// newline or an escape sequence inside a value shows as `\n` or `\u{1b}`
/// and cannot start a line of its own or move the cursor.
fn put(out: &mut String, line: impl AsRef<str>) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&Escaped(line.as_ref()).to_string());
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimgraph_core::{ActorKind, DatasetBuilder};

    /// Kyiv opposes the plan; Washington and Paris support it; Paris and
    /// Kyiv split on a claim too.
    fn dataset() -> Dataset {
        let mut b = DatasetBuilder::new();
        let src = b.source("src", "An article").id();
        let plan = b.proposal("plan", "Peace plan").id();
        let claim = b.claim("claim", "A claim").id();
        let kyiv = b.actor("kyiv", "Kyiv", ActorKind::State).id();
        let paris = b.actor("paris", "Paris", ActorKind::State).id();
        let us = b.actor("us", "Washington", ActorKind::State).id();
        b.stance("s1", &kyiv, &plan, Position::Opposes).source(&src);
        b.stance("s2", &paris, &plan, Position::Supports)
            .source(&src);
        b.stance("s3", &us, &plan, Position::Supports).source(&src);
        b.stance("s4", &paris, &claim, Position::Opposes)
            .source(&src);
        b.stance("s5", &kyiv, &claim, Position::Supports)
            .source(&src);
        b.build().expect("a valid dataset")
    }

    fn written(g: &ClaimGraph<'_>, as_json: bool, limit: Option<u64>) -> String {
        let q = Query::new();
        let mut out = Vec::new();
        write_conflicts(g, &q, as_json, limit, g.conflicts_iter(&q), &mut out)
            .expect("writing to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn streamed_text_lists_each_pair_with_its_targets() {
        let ds = dataset();
        let g = ClaimGraph::new(&ds);
        assert_eq!(
            written(&g, false, None),
            "Conflicts:\n\
             \x20 Kyiv vs Paris\n\
             \x20   on A claim (claim): Kyiv: supports; Paris: opposes\n\
             \x20   on Peace plan (plan): Kyiv: opposes; Paris: supports\n\
             \x20 Kyiv vs Washington\n\
             \x20   on Peace plan (plan): Kyiv: opposes; Washington: supports\n"
        );
        assert_eq!(
            written(&g, false, Some(1)),
            "Conflicts:\n\
             \x20 Kyiv vs Paris\n\
             \x20   on A claim (claim): Kyiv: supports; Paris: opposes\n\
             \x20   on Peace plan (plan): Kyiv: opposes; Paris: supports\n\
             \x20 ... more pairs not shown (--limit 1)\n"
        );
    }

    /// Streamed, the JSON is byte for byte what the whole answer printed.
    #[test]
    fn streamed_json_is_the_whole_answer_printed() {
        let ds = dataset();
        let g = ClaimGraph::new(&ds);
        let whole = |conflicts: &[claimgraph_graph::Conflict]| {
            let v = serde_json::json!({ "conflicts": conflicts });
            serde_json::to_string_pretty(&v).expect("JSON") + "\n"
        };
        let all = g.conflicts(&Query::new());
        assert_eq!(all.len(), 2);
        assert_eq!(written(&g, true, None), whole(&all));
        assert_eq!(
            written(&g, true, Some(0)),
            "{\n  \"conflicts\": [],\n  \"truncated\": true\n}\n"
        );
        let first: serde_json::Value =
            serde_json::from_str(&written(&g, true, Some(1))).expect("JSON");
        assert_eq!(first["conflicts"].as_array().map(Vec::len), Some(1));
        assert_eq!(first["truncated"], true);
        let both: serde_json::Value =
            serde_json::from_str(&written(&g, true, Some(2))).expect("JSON");
        assert_eq!(both["truncated"], false);
        let empty = Dataset::new();
        let none = ClaimGraph::new(&empty);
        assert_eq!(written(&none, true, None), whole(&[]));
        assert_eq!(written(&none, false, None), "Conflicts:\n  (none)\n");
    }

    #[test]
    fn an_answer_over_the_bound_is_refused_unless_limited() {
        let message = refusal(25_000_000, None, MAX_PAIRS).expect("refused");
        assert!(message.contains("25000000 pairs"), "{message}");
        assert!(message.contains("--limit N"), "{message}");
        assert_eq!(refusal(25_000_000, Some(10), MAX_PAIRS), None);
        assert_eq!(refusal(25_000_000, None, 0), None);
        assert_eq!(refusal(MAX_PAIRS, None, MAX_PAIRS), None);
    }
}
