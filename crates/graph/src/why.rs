//! "Says who?": the evidence chain behind a position.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use claimgraph_core::{
    ActorId, Evidence, Modality, Position, QuoteId, QuoteMode, RecordId, SourceId, Span, Stance,
    StanceId, When,
};

use crate::error::{GraphError, typed_id};
use crate::graph::{ClaimGraph, Via};
use crate::query::{Basis, Inferred, Query, Reader, Until, make_holding};

/// Whose words a piece of evidence is, relative to the stance's holder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Attribution {
    /// The holder's own words.
    Own,
    /// Words of someone who speaks for the holder: its spokesperson, one who
    /// holds an office in it, or a part of it (a ministry, its officials),
    /// directly or through others as roll-up goes (a government's
    /// spokesperson speaks for the state), by ties that held on the day the
    /// words were said when that day is known. A member is not enough: a
    /// member state speaks for itself.
    OnBehalf {
        /// Who spoke.
        speaker: ActorId,
    },
    /// Words of someone else about the holder: hearsay.
    Hearsay {
        /// Who spoke.
        speaker: ActorId,
    },
    /// A document, with no quote.
    Document,
}

/// The quote in a piece of evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteView {
    /// The quote.
    pub id: QuoteId,
    /// Who spoke.
    pub speaker: ActorId,
    /// The speaker's name.
    pub speaker_name: String,
    /// The words.
    pub text: String,
    /// How they are rendered.
    pub mode: QuoteMode,
    /// The reporting verb.
    pub cue: Option<String>,
    /// When said.
    pub date: Option<When>,
    /// Where in the source.
    pub span: Option<Span>,
}

/// The source in a piece of evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceView {
    /// The source.
    pub id: SourceId,
    /// Its title.
    pub title: String,
    /// Its publisher.
    pub publisher: Option<String>,
    /// When published.
    pub published: Option<When>,
    /// Where to read it.
    pub url: Option<String>,
}

/// One piece of evidence, followed to its speaker and document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceLink {
    /// Whose words these are, relative to the holder.
    pub attribution: Attribution,
    /// The quote, if any.
    pub quote: Option<QuoteView>,
    /// The document: the evidence's source, else the quote's.
    pub source: Option<SourceView>,
    /// Who relays the words (the evidence's and the quote's `reported_by`).
    pub relayed_by: Vec<ActorId>,
}

impl EvidenceLink {
    /// Whether the holder's position is known only from others' words.
    pub fn is_hearsay(&self) -> bool {
        matches!(self.attribution, Attribution::Hearsay { .. }) || !self.relayed_by.is_empty()
    }
}

/// A stance (or an inferred position) and everything that backs it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceChain {
    /// The stance; `None` for an inferred position.
    pub stance: Option<StanceId>,
    /// Why the position is inferred, when no stance states it ("proposed
    /// it"); its evidence is then the proposal's sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inferred>,
    /// Whose stance.
    pub holder: ActorId,
    /// The holder's name.
    pub holder_name: String,
    /// What the stance is on.
    pub target: RecordId,
    /// A label for the target.
    pub target_label: String,
    /// The position it counts for.
    pub position: Position,
    /// Conditions attached.
    pub conditions: Vec<String>,
    /// How it is put.
    pub modality: Option<Modality>,
    /// The day it is dated.
    pub date: Option<When>,
    /// The coder's confidence.
    pub confidence: Option<f64>,
    /// How strongly, -1..1.
    pub intensity: Option<f64>,
    /// The ties the position passed through to reach the actor asked about,
    /// first to last (roll-up); empty for its own stances.
    #[serde(skip_serializing_if = "Via::is_empty")]
    pub via: Via,
    /// The evidence, in the stance's order.
    pub evidence: Vec<EvidenceLink>,
}

/// The answer to "why does this actor hold this position?".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    /// The actor asked about.
    pub holder: ActorId,
    /// The target asked about.
    pub target: RecordId,
    /// The actor's position, if it has one under the query.
    pub position: Option<Position>,
    /// The stances behind it, each with its evidence.
    pub chains: Vec<EvidenceChain>,
}

impl<'a> ClaimGraph<'a> {
    /// The evidence behind an actor's position on a target, under the same
    /// rules (date, roll-up) as [`ClaimGraph::positions`]: one chain per
    /// stance the position rests on, by stance id, each naming the ties it
    /// passed through; an inferred position ("proposed it") is a chain
    /// without a stance whose evidence is the proposal's sources. `holder`
    /// and `target` are ids, names or aliases. Hearsay is marked: a quote
    /// whose speaker neither is the stance's holder nor speaks for it (see
    /// [`Attribution`]).
    ///
    /// Only the stances of the actor (and, with roll-up through ties, of
    /// those who may speak for it) are read: O(e + k log k) for the e edges
    /// of the nodes read and the k stances of those actors on them, plus,
    /// for each piece of evidence, O(r log r) for the r ties reachable from
    /// its speaker.
    pub fn why(
        &self,
        holder: impl AsRef<str>,
        target: impl AsRef<str>,
        q: &Query,
    ) -> Result<Why, GraphError> {
        let holder = self.find_actor(holder.as_ref())?;
        let holder = self.canonical(holder.as_str()).to_owned();
        let target = self.find_target(target.as_ref())?;
        let target = self.canonical(target.as_str()).to_owned();
        let t = self.target_node(&target)?;
        let holding = self.node(&holder).and_then(|a| {
            let me = self.graph[a].id;
            // Only the actor and those who may speak for it can change what
            // counts for it.
            let mut only = std::collections::BTreeSet::from([me]);
            if q.roll_up_members {
                only.extend(self.speakers_for(a).into_iter().map(|n| self.graph[n].id));
            }
            let read = Reader::new(self, Some(&only)).read(t, q, Until::of(q.as_of));
            read.get(me).and_then(|parts| make_holding(me, parts))
        });
        let mut chains = Vec::new();
        if let Some(h) = &holding {
            for b in &h.basis {
                chains.push(self.chain_of(b));
            }
        }
        Ok(Why {
            holder: typed_id(&holder)?,
            target: typed_id(&target)?,
            position: holding.map(|h| h.position),
            chains,
        })
    }

    /// The evidence chain of one basis of a holding: that of its stance, or
    /// the sources of the proposal a proposer is inferred to support. Costs
    /// as [`ClaimGraph::chain`].
    pub fn chain_of(&self, b: &Basis) -> EvidenceChain {
        if let Some(s) = b.stance.as_ref().and_then(|id| self.ds.stance(id)) {
            let mut chain = self.chain(s);
            chain.via = b.via.clone();
            return chain;
        }
        let ds = self.ds;
        let sources = claimgraph_core::ProposalId::new(b.target.as_str())
            .ok()
            .and_then(|p| ds.proposal(&p))
            .map(|p| p.sources.clone())
            .unwrap_or_default();
        EvidenceChain {
            stance: None,
            inferred: b.inferred,
            holder: b.holder.clone(),
            holder_name: self.label(b.holder.as_str()),
            target: b.target.clone(),
            target_label: self.label(b.target.as_str()),
            position: b.position,
            conditions: Vec::new(),
            modality: None,
            date: b.date,
            confidence: None,
            intensity: None,
            via: b.via.clone(),
            evidence: sources
                .into_iter()
                .map(|src| EvidenceLink {
                    attribution: Attribution::Document,
                    quote: None,
                    source: self.source_view(&src),
                    relayed_by: Vec::new(),
                })
                .collect(),
        }
    }

    /// The evidence chain of one stance. O(e · r log r) for its e pieces of
    /// evidence and the r ties reachable from a quote's speaker (walked to
    /// tell whether it speaks for the holder).
    pub fn chain(&self, s: &Stance) -> EvidenceChain {
        let ds = self.ds;
        EvidenceChain {
            stance: Some(s.id.clone()),
            inferred: None,
            holder: s.holder.clone(),
            holder_name: ds
                .actor(&s.holder)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| s.holder.to_string()),
            target: s.target.clone(),
            target_label: self.label(s.target.as_str()),
            position: s.effective_position(),
            conditions: s.conditions.clone(),
            modality: s.modality,
            date: ds.stance_date(s),
            confidence: s.confidence,
            intensity: s.intensity,
            via: Via::new(),
            evidence: s
                .evidence
                .iter()
                .map(|e| self.evidence_link(s, e))
                .collect(),
        }
    }

    fn source_view(&self, id: &SourceId) -> Option<SourceView> {
        self.ds.source(id).map(|src| SourceView {
            id: src.id.clone(),
            title: src.title.clone(),
            publisher: src.publisher.clone(),
            published: src.published,
            url: src.url.clone(),
        })
    }

    /// A human label for any record: a name, a title (with a point's label), a
    /// text; the id itself for an id that names no record. O(1).
    pub fn label(&self, id: &str) -> String {
        self.ds
            .get(id)
            .map(|r| r.label())
            .unwrap_or_else(|| id.to_owned())
    }

    fn evidence_link(&self, s: &Stance, e: &Evidence) -> EvidenceLink {
        let ds = self.ds;
        let quote = e.quote.as_ref().and_then(|q| ds.quote(q));
        let source_id = e.source.as_ref().or(quote.map(|q| &q.source));
        let source = source_id.and_then(|id| self.source_view(id));
        let attribution = match quote {
            None => Attribution::Document,
            Some(q)
                if q.speaker == s.holder
                    || self.node(q.speaker.as_str()) == self.node(s.holder.as_str()) =>
            {
                Attribution::Own
            }
            Some(q) if self.speaks_for(q.speaker.as_str(), s.holder.as_str(), quote_day(ds, q)) => {
                Attribution::OnBehalf {
                    speaker: q.speaker.clone(),
                }
            }
            Some(q) => Attribution::Hearsay {
                speaker: q.speaker.clone(),
            },
        };
        let mut relayed_by: Vec<ActorId> = Vec::new();
        relayed_by.extend(quote.and_then(|q| q.reported_by.clone()));
        relayed_by.extend(e.reported_by.clone());
        relayed_by.dedup();
        EvidenceLink {
            attribution,
            quote: quote.map(|q| QuoteView {
                id: q.id.clone(),
                speaker: q.speaker.clone(),
                speaker_name: ds
                    .actor(&q.speaker)
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| q.speaker.to_string()),
                text: q.text.clone(),
                mode: q.mode,
                cue: q.cue.clone(),
                date: q.date,
                span: q.span,
            }),
            source,
            relayed_by,
        }
    }
}

/// The day words were said: the quote's date, else its source's publication.
fn quote_day(ds: &claimgraph_core::Dataset, q: &claimgraph_core::Quote) -> Option<NaiveDate> {
    q.date
        .or_else(|| ds.source(&q.source).and_then(|s| s.published))
        .map(|d| d.date())
}

impl fmt::Display for EvidenceLink {
    /// One line: the words, who said them, how, and where; hearsay marked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.quote {
            Some(q) => {
                let words = q.text.trim();
                match q.mode {
                    QuoteMode::Direct => {
                        let cue = q.cue.as_deref().unwrap_or("said");
                        write!(f, "“{words}” — {} {cue}", q.speaker_name)?
                    }
                    QuoteMode::Indirect => {
                        let cue = q.cue.as_deref().unwrap_or("said");
                        write!(f, "{} {cue}: “{words}” (indirect)", q.speaker_name)?
                    }
                    // The coder's words, not the source's: never in quotation marks.
                    QuoteMode::Paraphrase => {
                        write!(f, "{} (paraphrased): {words}", q.speaker_name)?
                    }
                    QuoteMode::NoComment | QuoteMode::NoResponse => {
                        let cue = q
                            .cue
                            .as_deref()
                            .unwrap_or(if q.mode == QuoteMode::NoComment {
                                "declined to comment"
                            } else {
                                "did not respond"
                            });
                        write!(f, "{} {cue}", q.speaker_name)?;
                        if !words.is_empty() {
                            write!(f, ": “{words}”")?;
                        }
                    }
                    _ => write!(f, "{} ({}): {words}", q.speaker_name, q.mode)?,
                }
            }
            None => f.write_str("reported in")?,
        }
        if let Some(src) = &self.source {
            write!(f, " [{}", src.title)?;
            if let Some(d) = &src.published {
                write!(f, ", {d}")?;
            }
            f.write_str("]")?;
        }
        match &self.attribution {
            Attribution::Hearsay { .. } => f.write_str(" — hearsay")?,
            Attribution::OnBehalf { .. } => f.write_str(" — on behalf")?,
            Attribution::Own | Attribution::Document => {}
        }
        for r in &self.relayed_by {
            write!(f, " — relayed by {r}")?;
        }
        Ok(())
    }
}
