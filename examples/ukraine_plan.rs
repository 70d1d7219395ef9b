//! Builds the dataset of the news article of 2025-11-20 on the U.S. 28-point
//! peace plan for Ukraine, and prints a briefing of it: the actors, the plan
//! and its points, the concessions it asks for, who said what, and each stance
//! with its evidence.
//!
//! ```sh
//! cargo run --release --example ukraine_plan
//! ```
//!
//! Every line of the briefing is computed from the dataset.

#[path = "ukraine/dataset.rs"]
mod dataset;

use std::collections::BTreeMap;
use std::error::Error;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use claimgraph::graph::{Attribution, Balance, ClaimGraph, EvidenceLink, Holding, Query};
use claimgraph::{
    Actor, ActorId, AffiliationKind, Concession, Dataset, Evidence, Proposal, ProposalId, Quote,
    RecordRef, RecordType, RelationKind, Stance,
};

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
    out.flush()?;
    Ok(())
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
                let Some(s) = self.ds.stance(&b.stance) else {
                    continue;
                };
                let mut how = Vec::new();
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
                for e in &graph.chain(s).evidence {
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
        let whose = match &e.attribution {
            Attribution::Hearsay { speaker } => {
                format!(" — hearsay: {} {cue}", self.actor_name(speaker))
            }
            Attribution::OnBehalf { speaker } => {
                format!(" — {} {cue}, speaking for it", self.actor_name(speaker))
            }
            _ => format!(" — {cue}"),
        };
        format!("“{}”{whose}", q.text)
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
