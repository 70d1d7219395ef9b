//! Builds the dataset of the news article of 2025-11-20 on the U.S. 28-point
//! peace plan for Ukraine, and prints a briefing of it: the actors, the plan
//! and its points, the concessions it asks for, who said what, and each stance
//! with its evidence. Then it merges the later reports of the same story
//! (`examples/data/report-*.json*`, to 30 November) and answers what only
//! the whole story can: who moved and when, what changed between the
//! 28-point and the 19-point versions, and how the plan compares with the
//! European counter-proposal.
//!
//! ```sh
//! cargo run --release --example ukraine_plan
//! ```
//!
//! Every line of the briefing is computed from the data.

#[path = "ukraine/dataset.rs"]
mod dataset;

use std::collections::BTreeMap;
use std::error::Error;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use claimgraph::graph::{
    Attribution, Balance, ClaimGraph, Comparison, EvidenceLink, Holding, PointSide, PointStatus,
    Query,
};
use claimgraph::{
    Actor, ActorId, AffiliationKind, Concession, Dataset, Evidence, Merger, Proposal, ProposalId,
    Quote, QuoteMode, RecordRef, RecordType, RelationKind, Stance,
};

/// The later reports of the story, in the order they were published, and the
/// same-as judgements that settle who is who across them.
const REPORTS: &[&str] = &[
    "report-2025-11-22.json",
    "report-2025-11-24.jsonl",
    "report-2025-11-30.json",
    "judgements.json",
];

const WIDTH: usize = 96;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => match e.downcast_ref::<io::Error>() {
            // The reader stopped reading (`| head`): nothing more to say.
            Some(io) if io.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            _ => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let ds = dataset::ukraine_plan()?;
    let mut out = BufWriter::new(io::stdout().lock());
    Briefing { ds: &ds }.write(&mut out)?;
    // The story goes on: merge the later reports into the article's dataset.
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let mut merger = Merger::new();
    merger.add("the article of 2025-11-20", ds.clone());
    let mut files = Vec::new();
    for name in REPORTS {
        let report = Dataset::read_path(data.join(name))?;
        files.push((*name, report.len()));
        merger.add(name, report);
    }
    let merged = merger.finish();
    if let Some(c) = merged.unresolved().next() {
        return Err(format!("the reports disagree: {c}").into());
    }
    Story {
        ds: &merged.dataset,
        files: &files,
    }
    .write(&mut out)?;
    out.flush()?;
    picture(&ds, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Draws the article's graph: an SVG where Graphviz is installed, else the
/// DOT file and how to render it. Never fails for lack of Graphviz.
fn picture(ds: &Dataset, out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    use claimgraph::io::dot;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/claimgraph-example");
    std::fs::create_dir_all(&dir)?;
    let mut source = Vec::new();
    dot::write_dataset(ds, &mut source, &dot::DotOptions::new())?;
    heading(out, "THE GRAPH")?;
    match dot::render(&source, "svg") {
        Ok(svg) => {
            let path = dir.join("ukraine-plan.svg");
            std::fs::write(&path, svg)?;
            writeln!(out, "  drawn with Graphviz: {}", path.display())?;
        }
        Err(claimgraph::io::IoError::Tool { message }) => {
            let path = dir.join("ukraine-plan.dot");
            std::fs::write(&path, &source)?;
            writeln!(out, "  written as DOT: {}", path.display())?;
            writeln!(
                out,
                "  render it with `dot -Tsvg {} -o ukraine-plan.svg` ({message})",
                path.display()
            )?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// The story across every report: who moved, what changed, what is offered
/// against what.
struct Story<'a> {
    ds: &'a Dataset,
    files: &'a [(&'a str, usize)],
}

impl Story<'_> {
    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let ds = self.ds;
        heading(
            out,
            "THE STORY TO 30 NOVEMBER: THE ARTICLE AND THE LATER REPORTS, MERGED",
        )?;
        for (name, n) in self.files {
            writeln!(out, "  + {name} ({n} records)")?;
        }
        let report = ds.validate();
        writeln!(
            out,
            "  merged: {} records, no conflicts; validation: {} errors, {} warnings",
            ds.len(),
            report.errors().count(),
            report.warnings().count()
        )?;
        let graph = ClaimGraph::new(ds);
        for (canonical, group) in graph.identities().groups() {
            writeln!(
                out,
                "  one actor under several ids: {} answers for {}",
                canonical,
                group.join(", ")
            )?;
        }
        self.who_moved(out, &graph)?;
        for p in ds.proposals().iter().filter(|p| p.part_of.is_none()) {
            if let Some(old) = &p.supersedes {
                let title = format!(
                    "WHAT CHANGED FROM THE {} TO THE {}",
                    self.title(old).to_uppercase(),
                    p.title.to_uppercase()
                );
                let cmp = graph.compare(old, &p.id).map_err(io::Error::other)?;
                self.comparison(out, &title, &cmp)?;
            }
            if let Some(answered) = &p.answers {
                let title = format!(
                    "THE {} AGAINST THE {}",
                    self.title(answered).to_uppercase(),
                    p.title.to_uppercase()
                );
                let cmp = graph.compare(answered, &p.id).map_err(io::Error::other)?;
                self.comparison(out, &title, &cmp)?;
            }
        }
        Ok(())
    }

    fn title(&self, id: &ProposalId) -> String {
        self.ds
            .proposal(id)
            .map_or_else(|| id.to_string(), |p| p.title.clone())
    }

    fn name(&self, id: &str) -> String {
        match self.ds.get(id) {
            Some(RecordRef::Actor(a)) => a.name.clone(),
            Some(r) => r.label(),
            None => id.to_owned(),
        }
    }

    /// Every actor whose position on a plan changed, through those who speak
    /// for it, with the day and the words of each change.
    fn who_moved(&self, out: &mut impl Write, graph: &ClaimGraph<'_>) -> io::Result<()> {
        heading(
            out,
            "WHO MOVED, AND WHEN (with those who speak for each actor: office holders, spokespeople, organs)",
        )?;
        let q = Query::new().roll_up_members(true);
        let plans: Vec<&Proposal> = self
            .ds
            .proposals()
            .iter()
            .filter(|p| p.part_of.is_none())
            .collect();
        let mut any = false;
        for a in self.ds.actors() {
            if graph.canonical(a.id.as_str()) != a.id.as_str() {
                continue;
            }
            for p in &plans {
                let t = graph.timeline(&a.id, &p.id, &q).map_err(io::Error::other)?;
                if t.changes.is_empty() {
                    continue;
                }
                any = true;
                wrapped(out, "  ", &format!("{} on the {}:", a.name, p.title))?;
                for e in &t.entries {
                    let day = e
                        .date
                        .map_or_else(|| "undated".to_owned(), |d| d.to_string());
                    let mut who: Vec<String> = e
                        .basis
                        .iter()
                        .map(|b| {
                            let holder = self.name(b.holder.as_str());
                            match b.via.first() {
                                Some(tie) => match &tie.title {
                                    Some(title) => format!("{holder}, {title}"),
                                    None => format!("{holder}, {}", tie.kind),
                                },
                                None if b.inferred.is_some() => format!("{holder}, proposed it"),
                                None => holder,
                            }
                        })
                        .collect();
                    who.dedup();
                    let change = t
                        .changes
                        .iter()
                        .find(|c| Some(c.date) == e.date)
                        .map(|c| format!("  (was {})", words(c.from.as_str())))
                        .unwrap_or_default();
                    wrapped(
                        out,
                        "      ",
                        &format!(
                            "{day}: {} — {}{change}",
                            words(e.position.as_str()),
                            who.join("; ")
                        ),
                    )?;
                }
            }
        }
        if !any {
            writeln!(out, "  No one's position on a plan changed.")?;
        }
        Ok(())
    }

    fn comparison(&self, out: &mut impl Write, title: &str, cmp: &Comparison) -> io::Result<()> {
        heading(out, title)?;
        let side = |s: &Option<PointSide>| -> String {
            match s {
                Some(p) => match &p.label {
                    Some(l) => format!("{l}: {}", p.title),
                    None => p.title.clone(),
                },
                None => "—".to_owned(),
            }
        };
        for row in &cmp.rows {
            let status = match row.status {
                PointStatus::Kept => "kept",
                PointStatus::Changed => "changed",
                PointStatus::Added => "added",
                PointStatus::Dropped => "dropped",
                PointStatus::Matched => "both",
                PointStatus::OnlyLeft => "only the first",
                PointStatus::OnlyRight => "only the second",
                _ => "other",
            };
            let line = match (&row.left, &row.right) {
                (Some(_), Some(_)) => format!("{} → {}", side(&row.left), side(&row.right)),
                (Some(_), None) => side(&row.left),
                _ => side(&row.right),
            };
            wrapped(out, "  ", &format!("[{status}] {line}"))?;
            if !row.changed.is_empty() && row.status != PointStatus::Kept {
                wrapped(
                    out,
                    "        ",
                    &format!("differs in: {}", row.changed.join(", ")),
                )?;
            }
            for q in &row.quantities {
                let text = match (&q.left, &q.right, q.difference) {
                    (Some(l), Some(r), Some(d)) => format!("{l} → {r} (difference {d:+})"),
                    (Some(l), None, _) => format!("{l} → not set"),
                    (None, Some(r), _) => format!("not set → {r}"),
                    _ => continue,
                };
                wrapped(out, "        ", &text)?;
            }
            for c in row
                .right
                .iter()
                .chain(row.left.iter())
                .flat_map(|s| s.concessions.iter())
                .filter(|c| c.status == Some(claimgraph::ConcessionStatus::Excluded))
            {
                wrapped(
                    out,
                    "        ",
                    &format!(
                        "explicitly not demanded: {} by {}",
                        c.what,
                        self.name(c.by.as_str())
                    ),
                )?;
            }
        }
        for (which, b) in [("first", &cmp.left_balance), ("second", &cmp.right_balance)] {
            let gives: Vec<String> = b
                .parties
                .iter()
                .filter(|p| !p.gives.is_empty() || !p.owes.is_empty())
                .map(|p| {
                    let mut s =
                        format!("{} gives up {}", self.name(p.actor.as_str()), p.gives.len());
                    if !p.owes.is_empty() {
                        s.push_str(&format!(" and owes {}", p.owes.len()));
                    }
                    s
                })
                .collect();
            wrapped(
                out,
                "  ",
                &format!(
                    "under the {which} ({}): {}",
                    self.title(&b.proposal),
                    if gives.is_empty() {
                        "no one gives up anything".to_owned()
                    } else {
                        gives.join("; ")
                    }
                ),
            )?;
        }
        Ok(())
    }
}

struct Briefing<'a> {
    ds: &'a Dataset,
}

impl<'a> Briefing<'a> {
    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        self.header(out)?;
        self.analysis(out)?;
        self.actors(out)?;
        self.proposals(out)?;
        self.concessions(out)?;
        self.quotes(out)?;
        self.stances(out)?;
        self.claims(out)
    }

    fn header(&self, out: &mut impl Write) -> io::Result<()> {
        let ds = self.ds;
        for s in ds.sources() {
            writeln!(out, "BRIEFING: “{}”", s.title)?;
            let mut about = Vec::new();
            if let Some(kind) = s.kind {
                about.push(words(kind.as_str()));
            }
            if let Some(lang) = &s.language {
                about.push(format!("language {lang}"));
            }
            if let Some(day) = &s.published {
                about.push(format!("published {day}"));
            }
            if let Some(publisher) = &s.publisher {
                about.push(format!("by {publisher}"));
            }
            writeln!(out, "{}", about.join(", "))?;
        }
        let counts: Vec<String> = RecordType::ALL
            .iter()
            .filter(|&&k| k != RecordType::Source)
            .map(|&k| format!("{} {}s", ds.count(k), k))
            .collect();
        writeln!(out, "{}", counts.join(", "))?;
        let report = ds.validate();
        writeln!(
            out,
            "validation: {} errors, {} warnings",
            report.errors().count(),
            report.warnings().count()
        )
    }

    /// The questions an editor asks first, answered from the graph with the
    /// evidence behind each answer.
    fn analysis(&self, out: &mut impl Write) -> io::Result<()> {
        let graph = ClaimGraph::new(self.ds);
        let plain = Query::new();
        for plan in self
            .ds
            .proposals()
            .iter()
            .filter(|p| p.part_of.is_none() && self.ds.points_of(&p.id).next().is_some())
        {
            let id = plan.id.as_str();
            heading(
                out,
                &format!("WHERE EVERYONE STANDS ON THE {}", plan.title.to_uppercase()),
            )?;
            writeln!(out, "  On the plan as a whole:")?;
            let on_plan = graph.positions(id, &plain).map_err(io::Error::other)?;
            self.holdings(out, &graph, id, &on_plan, "    ")?;
            let mut points = graph.points(id, &plain).map_err(io::Error::other)?;
            // In the order the plan lists them, as a reader met them.
            points.sort_by_key(|p| self.ds.proposals().iter().position(|x| x.id == p.point));
            let inherit = Query::new().inherit_from_parent(true);
            for p in &points {
                writeln!(
                    out,
                    "  On point “{}” ({}):",
                    p.label.as_deref().unwrap_or(p.point.as_str()),
                    p.title
                )?;
                self.holdings(out, &graph, p.point.as_str(), &p.holdings, "    ")?;
                let from_plan: Vec<String> = graph
                    .positions(p.point.as_str(), &inherit)
                    .map_err(io::Error::other)?
                    .iter()
                    .filter(|h| {
                        h.basis
                            .iter()
                            .all(|b| b.target.as_str() != p.point.as_str())
                    })
                    .map(|h| {
                        format!(
                            "{} ({})",
                            self.actor_name(&h.actor),
                            words(h.position.as_str())
                        )
                    })
                    .collect();
                if !from_plan.is_empty() {
                    wrapped(
                        out,
                        "    ",
                        &format!(
                            "and, by their stance on the whole plan: {}",
                            from_plan.join(", ")
                        ),
                    )?;
                }
            }

            heading(
                out,
                "CONTESTED AND UNOPPOSED POINTS (a stance on the whole plan counts for each point)",
            )?;
            let contested = graph.contested(id, &inherit).map_err(io::Error::other)?;
            if contested.is_empty() {
                writeln!(out, "  No point has both support and opposition on record.")?;
            }
            for p in &contested {
                wrapped(
                    out,
                    "  ",
                    &format!(
                        "contested: {} — for: {}; against: {}",
                        self.short(p.point.as_str()),
                        self.names(&p.supporters),
                        self.names(&p.opponents)
                    ),
                )?;
            }
            for p in graph.unopposed(id, &inherit).map_err(io::Error::other)? {
                let support = if p.supporters.is_empty() {
                    "no one on record either way".to_owned()
                } else {
                    format!("supported by {}", self.names(&p.supporters))
                };
                wrapped(out, "  ", &format!("unopposed: {} — {support}", p.title))?;
            }
            heading(out, "WHO GIVES UP WHAT")?;
            let balance = graph.balance(id).map_err(io::Error::other)?;
            writeln!(out, "  {}.", self.balance_line(&balance))?;
            for party in &balance.parties {
                for c in &party.gives {
                    let to =
                        c.to.as_ref()
                            .map(|t| format!(" to {}", self.actor_name(t)))
                            .unwrap_or_default();
                    let required = self
                        .ds
                        .proposal(&c.required_by)
                        .and_then(|p| p.label.clone())
                        .unwrap_or_else(|| c.required_by.to_string());
                    wrapped(
                        out,
                        "    ",
                        &format!(
                            "{} gives up{to}: {} ({}; point “{required}”)",
                            self.actor_name(&party.actor),
                            c.what,
                            words(&c.topic)
                        ),
                    )?;
                }
            }
        }

        heading(
            out,
            "CONFLICTS (opposite sides of the same target; a stance on a plan counts for its points)",
        )?;
        let conflicts = graph.conflicts(&Query::new().inherit_from_parent(true));
        if conflicts.is_empty() {
            writeln!(out, "  none on record")?;
        }
        for c in &conflicts {
            let on: Vec<String> = c
                .targets
                .iter()
                .map(|t| self.short(t.target.as_str()))
                .collect();
            wrapped(
                out,
                "  ",
                &format!(
                    "{} vs {} — on {}",
                    self.actor_name(&c.a),
                    self.actor_name(&c.b),
                    on.join(", ")
                ),
            )?;
        }

        heading(
            out,
            "COALITIONS (who agrees with whom, rolled up to organisations)",
        )?;
        let coalitions = graph.coalitions(&Query::new().roll_up_members(true));
        for (i, c) in coalitions.iter().enumerate() {
            wrapped(out, "  ", &format!("{}. {}", i + 1, self.names(&c.members)))?;
            for b in &c.binding {
                wrapped(
                    out,
                    "       ",
                    &format!(
                        "{} {}: {}",
                        b.position,
                        graph.label(b.target.as_str()),
                        self.names(&b.members)
                    ),
                )?;
            }
        }
        Ok(())
    }

    fn holdings(
        &self,
        out: &mut impl Write,
        graph: &ClaimGraph<'_>,
        target: &str,
        holdings: &[Holding],
        indent: &str,
    ) -> io::Result<()> {
        if holdings.is_empty() {
            writeln!(out, "{indent}no one on record")?;
        }
        for h in holdings {
            writeln!(
                out,
                "{indent}{} — {}",
                self.actor_name(&h.actor),
                words(h.position.as_str())
            )?;
            for b in &h.basis {
                let mut how = Vec::new();
                if b.inferred.is_some() {
                    how.push("inferred: proposed it".to_owned());
                }
                if b.holder != h.actor {
                    how.push(format!("through {}", self.actor_name(&b.holder)));
                }
                if b.target.as_str() != target {
                    how.push(format!(
                        "from its stance on {}",
                        graph.label(b.target.as_str())
                    ));
                }
                let prefix = if how.is_empty() {
                    String::new()
                } else {
                    format!("({}) ", how.join(", "))
                };
                for e in &graph.chain_of(b).evidence {
                    wrapped(
                        out,
                        &format!("{indent}    "),
                        &format!("{prefix}{}", self.evidence_short(e)),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// One piece of evidence in a line: the words, who said them, and whether
    /// they are the holder's own.
    fn evidence_short(&self, e: &EvidenceLink) -> String {
        let Some(q) = &e.quote else {
            return match &e.source {
                Some(src) => format!("reported in “{}”", src.title),
                None => "reported".to_owned(),
            };
        };
        let cue = q.cue.as_deref().unwrap_or("said");
        let words = match q.mode {
            // The coder's words, never in quotation marks.
            QuoteMode::Paraphrase => format!("(paraphrased) {}", q.text),
            QuoteMode::NoComment | QuoteMode::NoResponse if q.text.trim().is_empty() => {
                q.mode.as_str().replace('_', " ")
            }
            _ => format!("“{}”", q.text),
        };
        let whose = match &e.attribution {
            Attribution::Hearsay { speaker } => {
                format!(" — hearsay: {} {cue}", self.actor_name(speaker))
            }
            Attribution::OnBehalf { speaker } => {
                format!(" — {} {cue}, speaking for it", self.actor_name(speaker))
            }
            _ => format!(" — {cue}"),
        };
        format!("{words}{whose}")
    }

    /// A point by its label (“territory”), anything else by its label.
    fn short(&self, id: &str) -> String {
        match self.ds.get(id) {
            Some(RecordRef::Proposal(p)) => match &p.label {
                Some(l) => format!("“{l}”"),
                None => p.title.clone(),
            },
            Some(r) => r.label(),
            None => id.to_owned(),
        }
    }

    fn names(&self, ids: &[ActorId]) -> String {
        if ids.is_empty() {
            return "no one".to_owned();
        }
        ids.iter()
            .map(|a| self.actor_name(a).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn balance_line(&self, balance: &Balance) -> String {
        let parts: Vec<String> = balance
            .parties
            .iter()
            .map(|p| match p.gives.len() {
                0 => format!("{} gives up nothing", self.actor_name(&p.actor)),
                1 => format!("{} gives up 1 thing", self.actor_name(&p.actor)),
                n => format!("{} gives up {n} things", self.actor_name(&p.actor)),
            })
            .collect();
        parts.join("; ")
    }

    fn actors(&self, out: &mut impl Write) -> io::Result<()> {
        heading(out, "ACTORS")?;
        for a in self.ds.actors() {
            let mut parts = vec![words(a.kind.as_str())];
            if let Some(c) = &a.country {
                parts.push(c.clone());
            }
            writeln!(out, "  {} — {}", a.name, parts.join(", "))?;
            if !a.aliases.is_empty() {
                let aliases: Vec<String> = a.aliases.iter().map(|x| format!("“{x}”")).collect();
                writeln!(out, "      also {}", aliases.join(", "))?;
            }
            for tie in &a.affiliations {
                let other = self.actor_name(&tie.actor);
                let line = match (tie.kind, &tie.title) {
                    (AffiliationKind::Role, Some(t)) => format!("{t} of {other}"),
                    (AffiliationKind::Spokesperson, Some(t)) => {
                        format!("{t}, speaks for {other}")
                    }
                    (AffiliationKind::Spokesperson, None) => format!("speaks for {other}"),
                    (kind, _) => format!("{} of {other}", words(kind.as_str())),
                };
                writeln!(out, "      {line}")?;
            }
            if let Some(d) = &a.description {
                writeln!(out, "      {d}")?;
            }
            for (system, id) in &a.external_ids {
                writeln!(out, "      {system}: {id}")?;
            }
        }
        Ok(())
    }

    fn proposals(&self, out: &mut impl Write) -> io::Result<()> {
        let (plans, others): (Vec<&Proposal>, Vec<&Proposal>) = self
            .ds
            .proposals()
            .iter()
            .filter(|p| p.part_of.is_none())
            .partition(|p| self.ds.points_of(&p.id).next().is_some());
        heading(out, "THE PLAN AND ITS POINTS")?;
        for p in plans {
            self.proposal(out, p, 1)?;
        }
        heading(out, "OTHER PROPOSALS")?;
        for p in others {
            self.proposal(out, p, 1)?;
        }
        Ok(())
    }

    fn proposal(&self, out: &mut impl Write, p: &Proposal, depth: usize) -> io::Result<()> {
        let pad = format!("  {}", "    ".repeat(depth - 1));
        let mut facts = Vec::new();
        if let Some(kind) = p.kind {
            facts.push(words(kind.as_str()));
        }
        if let Some(status) = p.status {
            facts.push(words(status.as_str()));
        }
        if let Some(topic) = p.topic {
            facts.push(format!("on {}", words(topic.as_str())));
        }
        if !p.proposed_by.is_empty() {
            let by: Vec<&str> = p.proposed_by.iter().map(|a| self.actor_name(a)).collect();
            facts.push(format!("proposed by {}", by.join(" and ")));
        }
        let name = match &p.label {
            Some(label) => format!("[{label}] {}", p.title),
            None => p.title.clone(),
        };
        writeln!(out, "{pad}{name} — {}", facts.join(", "))?;
        if let Some(text) = &p.text {
            wrapped(out, &format!("{pad}    "), text)?;
        }
        for c in self.ds.concessions() {
            if c.required_by.as_ref() == Some(&p.id) {
                writeln!(out, "{pad}    asks: {}", self.concession_line(c))?;
            }
        }
        for point in self.ds.points_of(&p.id) {
            self.proposal(out, point, depth + 1)?;
        }
        Ok(())
    }

    fn concessions(&self, out: &mut impl Write) -> io::Result<()> {
        heading(out, "CONCESSIONS")?;
        for c in self.ds.concessions() {
            let mut facts = Vec::new();
            if let Some(topic) = c.topic {
                facts.push(words(topic.as_str()));
            }
            if let Some(status) = c.status {
                facts.push(words(status.as_str()));
            }
            writeln!(out, "  {} [{}]", self.concession_line(c), facts.join(", "))?;
            if let Some(p) = &c.required_by {
                writeln!(out, "      required by {}", self.proposal_name(p))?;
            }
        }
        // The balance of each plan: what each party to its concessions gives up.
        let graph = ClaimGraph::new(self.ds);
        for plan in self.ds.proposals().iter().filter(|p| p.part_of.is_none()) {
            let Ok(balance) = graph.balance(plan.id.as_str()) else {
                continue;
            };
            if balance.parties.is_empty() {
                continue;
            }
            writeln!(
                out,
                "  Concession balance, {}: {}.",
                plan.title,
                self.balance_line(&balance)
            )?;
        }
        Ok(())
    }

    fn quotes(&self, out: &mut impl Write) -> io::Result<()> {
        heading(out, "WHO SAID WHAT (in the order of the article)")?;
        let mut quotes: Vec<&Quote> = self.ds.quotes().iter().collect();
        quotes.sort_by_key(|q| q.span.map(|s| s.start));
        for q in quotes {
            let mut line = self.actor_name(&q.speaker).to_owned();
            if let Some(cue) = &q.cue {
                line.push_str(" — ");
                line.push_str(cue);
            }
            line.push_str(&format!(" ({})", words(q.mode.as_str())));
            if let Some(r) = &q.reported_by {
                line.push_str(&format!(", relayed by {}", self.actor_name(r)));
            }
            // Words that show the position of someone the speaker does not speak for.
            let mut for_others: Vec<&str> = Vec::new();
            for s in self.ds.stances() {
                if cites(s, q) && !self.speaks_for(&q.speaker, &s.holder) {
                    let name = self.actor_name(&s.holder);
                    if !for_others.contains(&name) {
                        for_others.push(name);
                    }
                }
            }
            if !for_others.is_empty() {
                line.push_str(&format!(
                    " — hearsay: the position of {}",
                    for_others.join(", ")
                ));
            }
            writeln!(out, "  {line}:")?;
            wrapped(out, "      ", &format!("“{}”", q.text))?;
        }
        Ok(())
    }

    fn stances(&self, out: &mut impl Write) -> io::Result<()> {
        heading(out, "STANCES AND THEIR EVIDENCE")?;
        // Targets in the dataset's record order; each target's stances as entered.
        let mut by_target: BTreeMap<usize, Vec<&Stance>> = BTreeMap::new();
        let records: Vec<RecordRef<'_>> = self.ds.records().collect();
        for s in self.ds.stances() {
            let at = records
                .iter()
                .position(|r| r.id() == s.target.as_str())
                .unwrap_or(records.len());
            by_target.entry(at).or_default().push(s);
        }
        for stances in by_target.values() {
            let Some(first) = stances.first() else {
                continue;
            };
            writeln!(out, "  On {}:", self.target_name(first))?;
            for s in stances {
                let mut line = format!(
                    "    {} — {}",
                    self.actor_name(&s.holder),
                    words(s.position.as_str())
                );
                if let Some(m) = s.modality {
                    line.push_str(&format!(" ({})", words(m.as_str())));
                }
                if let Some(i) = s.intensity {
                    line.push_str(&format!(", intensity {i}"));
                }
                for c in &s.conditions {
                    line.push_str(&format!(" [condition: {c}]"));
                }
                if let Some(conf) = s.confidence {
                    line.push_str(&format!(" (coder's confidence {conf})"));
                }
                writeln!(out, "{line}")?;
                for e in &s.evidence {
                    wrapped(out, "        ", &self.evidence_line(s, e))?;
                }
            }
        }
        Ok(())
    }

    fn claims(&self, out: &mut impl Write) -> io::Result<()> {
        heading(out, "CLAIMS AND ARGUMENTS")?;
        for c in self.ds.claims() {
            wrapped(out, "  ", &format!("“{}”", c.text))?;
            let holders: Vec<String> = self
                .ds
                .stances()
                .iter()
                .filter(|s| s.target.as_str() == c.id.as_str())
                .map(|s| {
                    format!(
                        "{} ({})",
                        self.actor_name(&s.holder),
                        words(s.position.as_str())
                    )
                })
                .collect();
            if !holders.is_empty() {
                writeln!(out, "      held by: {}", holders.join(", "))?;
            }
            let about: Vec<String> = c
                .about
                .iter()
                .filter_map(|id| self.ds.resolve(id))
                .map(|r| self.record_name(r))
                .collect();
            if !about.is_empty() {
                wrapped(out, "      ", &format!("about: {}", about.join("; ")))?;
            }
            for r in self.ds.relations() {
                if r.from.as_str() != c.id.as_str() {
                    continue;
                }
                let verb = match r.kind {
                    RelationKind::Attacks => "argues against",
                    RelationKind::Supports => "argues for",
                    other => other.as_str(),
                };
                if let Some(to) = self.ds.resolve(&r.to) {
                    wrapped(out, "      ", &format!("{verb}: {}", self.record_name(to)))?;
                }
            }
        }
        Ok(())
    }

    fn evidence_line(&self, stance: &Stance, e: &Evidence) -> String {
        let mut line = String::from("evidence: ");
        if let Some(q) = e.quote.as_ref().and_then(|id| self.ds.quote(id)) {
            let speaker = self.actor_name(&q.speaker);
            line.push_str(&format!("“{}” — ", q.text));
            match &q.cue {
                _ if q.speaker != stance.holder => {
                    line.push_str(&format!("according to {speaker}"));
                }
                Some(cue) => line.push_str(&format!("{speaker} ({cue})")),
                None => line.push_str(speaker),
            }
        } else if let Some(src) = e.source.as_ref().and_then(|id| self.ds.source(id)) {
            let kind = src.kind.map_or("source", |k| k.as_str());
            line.push_str(&format!("the {} as a whole", words(kind)));
            if self.ds.sources().len() > 1 {
                line.push_str(&format!(" (“{}”)", src.title));
            }
        }
        if let Some(r) = &e.reported_by {
            line.push_str(&format!(", relayed by {}", self.actor_name(r)));
        }
        line
    }

    /// Whether `speaker` speaks for `holder`: the same actor, or tied to it.
    fn speaks_for(&self, speaker: &ActorId, holder: &ActorId) -> bool {
        speaker == holder
            || self
                .ds
                .actor(speaker)
                .is_some_and(|a| a.affiliations.iter().any(|t| &t.actor == holder))
    }

    fn actor_name(&self, id: &'a ActorId) -> &'a str {
        self.ds
            .actor(id)
            .map(|a: &Actor| a.name.as_str())
            .unwrap_or(id.as_str())
    }

    fn proposal_name(&self, id: &ProposalId) -> String {
        match self.ds.proposal(id) {
            Some(p) => match (&p.part_of, &p.label) {
                (Some(parent), Some(label)) => {
                    format!("{}, point “{label}”", self.proposal_name(parent))
                }
                (Some(parent), None) => {
                    format!("{}, point “{}”", self.proposal_name(parent), p.title)
                }
                _ => p.title.clone(),
            },
            None => id.to_string(),
        }
    }

    fn concession_line(&self, c: &Concession) -> String {
        match &c.to {
            Some(to) => format!(
                "{} → {}: {}",
                self.actor_name(&c.by),
                self.actor_name(to),
                c.what
            ),
            None => format!("{}: {}", self.actor_name(&c.by), c.what),
        }
    }

    fn record_name(&self, r: RecordRef<'_>) -> String {
        match r {
            RecordRef::Actor(a) => a.name.clone(),
            RecordRef::Proposal(p) => match p.part_of {
                Some(_) => format!("{} ({})", self.proposal_name(&p.id), p.title),
                None => self.proposal_name(&p.id),
            },
            RecordRef::Concession(c) => format!("the concession {}", self.concession_line(c)),
            RecordRef::Claim(c) => format!("the claim “{}”", c.text),
            other => other.label(),
        }
    }

    fn target_name(&self, s: &Stance) -> String {
        match self.ds.resolve(&s.target) {
            Some(r) => self.record_name(r),
            None => s.target.to_string(),
        }
    }
}

/// Whether a stance cites a quote as evidence.
fn cites(s: &Stance, q: &Quote) -> bool {
    s.evidence.iter().any(|e| e.quote.as_ref() == Some(&q.id))
}

/// A vocabulary value as words: `no_comment` -> `no comment`.
fn words(code: &str) -> String {
    code.replace('_', " ")
}

fn heading(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{title}")
}

/// Writes `text` in lines of at most [`WIDTH`] characters, each after `indent`.
fn wrapped(out: &mut impl Write, indent: &str, text: &str) -> io::Result<()> {
    let room = WIDTH.saturating_sub(indent.chars().count()).max(20);
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            writeln!(out, "{indent}{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}
