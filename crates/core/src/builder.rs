//! A builder that makes hand-coding an article short and readable.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::dataset::{Dataset, Stored};
use crate::id::{
    ActorId, ClaimId, ConcessionId, IdError, ProposalId, QuoteId, RecordId, RelationId, SourceId,
    StanceId,
};
use crate::model::{
    Actor, ActorKind, Affiliation, AffiliationKind, Claim, Concession, ConcessionStatus, Evidence,
    Modality, Position, Proposal, ProposalKind, ProposalStatus, Quote, QuoteMode, RecordType,
    Relation, RelationKind, Source, SourceKind, Span, Stance, Topic,
};
use crate::validate::Report;
use crate::when::{When, WhenError};

/// Builds a [`Dataset`] record by record, collecting every mistake for
/// [`DatasetBuilder::build`] to report at once.
///
/// Each method adds a record and returns an [`Entry`] to fill in its optional
/// parts; `.id()` ends the chain and hands back the typed id to refer to it.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
/// let mut b = DatasetBuilder::new();
/// let src = b.source("wsj", "European officials push back").published("2025-11-20").id();
/// let eu = b.actor("eu", "European Union", ActorKind::Organisation).alias("EU").id();
/// let kallas = b.actor("kallas", "Kaja Kallas", ActorKind::Person)
///     .role(&eu, "foreign policy chief")
///     .id();
/// let plan = b.proposal("plan", "28-point peace plan").id();
/// let q = b.quote("q1", &kallas, &src, QuoteMode::Indirect,
///     "it needs the support of Ukraine and the Europeans").cue("said").id();
/// b.stance("s1", &kallas, &plan, Position::Mixed)
///     .condition("the support of Ukraine and the Europeans")
///     .quote(&q);
/// let dataset = b.build()?;
/// assert_eq!(dataset.stances().len(), 1);
/// # Ok::<(), claimgraph_core::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    ds: Dataset,
    input: Vec<InputProblem>,
}

/// A value given to the builder that could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InputProblem {
    /// An id that is not a valid id.
    #[error("{record_type} id {id:?}: {error}")]
    InvalidId {
        /// The kind of record.
        record_type: RecordType,
        /// The id given.
        id: String,
        /// Why it was refused.
        error: IdError,
    },
    /// A date for a tie given before any tie was added.
    #[error("actor `{record}`, field `{field}`: no affiliation to date; add one first")]
    NoAffiliation {
        /// The actor's id.
        record: String,
        /// The field.
        field: &'static str,
    },
    /// A date that is not a date.
    #[error("{record_type} `{record}`, field `{field}`: {error}")]
    InvalidDate {
        /// The kind of record.
        record_type: RecordType,
        /// Its id.
        record: String,
        /// The field.
        field: &'static str,
        /// Why it was refused.
        error: WhenError,
    },
}

/// What [`DatasetBuilder::build`] found wrong: bad input to the builder and
/// every validation error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct BuildError {
    /// Values the builder could not use.
    pub input: Vec<InputProblem>,
    /// The validation report (errors and warnings).
    pub report: Report,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.report.errors().count();
        write!(
            f,
            "the dataset is not valid ({} input problem(s), {errors} validation error(s))",
            self.input.len()
        )?;
        for p in &self.input {
            write!(f, "\n  {p}")?;
        }
        for p in self.report.errors() {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

/// A record just added by a [`DatasetBuilder`], open for its optional parts.
#[derive(Debug)]
pub struct Entry<'a, T: Stored> {
    builder: &'a mut DatasetBuilder,
    pos: u32,
    _kind: PhantomData<T>,
}

impl DatasetBuilder {
    /// An empty builder.
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Continues from an existing dataset.
    pub fn from_dataset(ds: Dataset) -> DatasetBuilder {
        DatasetBuilder {
            ds,
            input: Vec::new(),
        }
    }

    fn id<I>(&mut self, record_type: RecordType, id: &str, make: fn(Arc<str>) -> I) -> I {
        if let Err(error) = crate::id::SourceId::new(id) {
            self.input.push(InputProblem::InvalidId {
                record_type,
                id: id.to_owned(),
                error,
            });
        }
        make(Arc::from(id))
    }

    fn add<T: Stored>(&mut self, record: T) -> Entry<'_, T> {
        self.ds.push(record);
        let pos = (self.ds.count(T::KIND) - 1) as u32;
        Entry {
            builder: self,
            pos,
            _kind: PhantomData,
        }
    }

    /// Adds a source.
    pub fn source(&mut self, id: &str, title: &str) -> Entry<'_, Source> {
        let id = self.id(RecordType::Source, id, SourceId::from_arc);
        self.add(Source::new(id, title))
    }

    /// Adds an actor.
    pub fn actor(&mut self, id: &str, name: &str, kind: ActorKind) -> Entry<'_, Actor> {
        let id = self.id(RecordType::Actor, id, ActorId::from_arc);
        self.add(Actor::new(id, name, kind))
    }

    /// Adds a proposal.
    pub fn proposal(&mut self, id: &str, title: &str) -> Entry<'_, Proposal> {
        let id = self.id(RecordType::Proposal, id, ProposalId::from_arc);
        self.add(Proposal::new(id, title))
    }

    /// Adds a point of a proposal, with its label ("point 7").
    pub fn point(
        &mut self,
        id: &str,
        of: &ProposalId,
        label: &str,
        title: &str,
    ) -> Entry<'_, Proposal> {
        let id = self.id(RecordType::Proposal, id, ProposalId::from_arc);
        let mut p = Proposal::new(id, title);
        p.part_of = Some(of.clone());
        p.label = Some(label.to_owned());
        p.kind = Some(ProposalKind::Point);
        self.add(p)
    }

    /// Adds a concession: what `by` would give up.
    pub fn concession(&mut self, id: &str, by: &ActorId, what: &str) -> Entry<'_, Concession> {
        let id = self.id(RecordType::Concession, id, ConcessionId::from_arc);
        self.add(Concession::new(id, by.clone(), what))
    }

    /// Adds a claim.
    pub fn claim(&mut self, id: &str, text: &str) -> Entry<'_, Claim> {
        let id = self.id(RecordType::Claim, id, ClaimId::from_arc);
        self.add(Claim::new(id, text))
    }

    /// Adds a quote.
    pub fn quote(
        &mut self,
        id: &str,
        speaker: &ActorId,
        source: &SourceId,
        mode: QuoteMode,
        text: &str,
    ) -> Entry<'_, Quote> {
        let id = self.id(RecordType::Quote, id, QuoteId::from_arc);
        self.add(Quote::new(id, speaker.clone(), source.clone(), mode, text))
    }

    /// Adds a stance.
    pub fn stance(
        &mut self,
        id: &str,
        holder: &ActorId,
        target: impl Into<RecordId>,
        position: Position,
    ) -> Entry<'_, Stance> {
        let id = self.id(RecordType::Stance, id, StanceId::from_arc);
        self.add(Stance::new(id, holder.clone(), target, position))
    }

    /// Adds an argument relation.
    pub fn relation(
        &mut self,
        id: &str,
        from: impl Into<RecordId>,
        to: impl Into<RecordId>,
        kind: RelationKind,
    ) -> Entry<'_, Relation> {
        let id = self.id(RecordType::Relation, id, RelationId::from_arc);
        self.add(Relation::new(id, from, to, kind))
    }

    /// The dataset so far, valid or not.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// Validates and returns the dataset, or every problem found. Warnings do
    /// not fail the build; call [`Dataset::validate`] to see them.
    pub fn build(self) -> Result<Dataset, BuildError> {
        let report = self.ds.validate();
        if self.input.is_empty() && report.is_valid() {
            Ok(self.ds)
        } else {
            Err(BuildError {
                input: self.input,
                report,
            })
        }
    }
}

impl<T: Stored> Entry<'_, T> {
    fn rec(&mut self) -> &mut T {
        T::slot(&mut self.builder.ds, self.pos)
    }

    fn parse_date(&mut self, field: &'static str, s: &str) -> Option<When> {
        match When::parse(s) {
            Ok(w) => Some(w),
            Err(error) => {
                let record = self.rec().id_arc().to_string();
                self.builder.input.push(InputProblem::InvalidDate {
                    record_type: T::KIND,
                    record,
                    field,
                    error,
                });
                None
            }
        }
    }
}

macro_rules! finish {
    ($ty:ident, $idty:ident) => {
        impl Entry<'_, $ty> {
            /// Ends the chain, returning the record's id.
            pub fn id(mut self) -> $idty {
                self.rec().id.clone()
            }
        }
    };
}
finish!(Source, SourceId);
finish!(Actor, ActorId);
finish!(Proposal, ProposalId);
finish!(Concession, ConcessionId);
finish!(Claim, ClaimId);
finish!(Quote, QuoteId);
finish!(Stance, StanceId);
finish!(Relation, RelationId);

impl Entry<'_, Source> {
    /// Sets the publisher.
    pub fn publisher(mut self, publisher: &str) -> Self {
        self.rec().publisher = Some(publisher.to_owned());
        self
    }
    /// Sets the URL.
    pub fn url(mut self, url: &str) -> Self {
        self.rec().url = Some(url.to_owned());
        self
    }
    /// Sets the publication date (`YYYY-MM-DD` or RFC 3339).
    pub fn published(mut self, date: &str) -> Self {
        let d = self.parse_date("published", date);
        self.rec().published = d;
        self
    }
    /// Sets the kind of document.
    pub fn kind(mut self, kind: SourceKind) -> Self {
        self.rec().kind = Some(kind);
        self
    }
    /// Sets the language tag.
    pub fn language(mut self, tag: &str) -> Self {
        self.rec().language = Some(tag.to_owned());
        self
    }
    /// Sets the full text.
    pub fn text(mut self, text: &str) -> Self {
        self.rec().text = Some(text.to_owned());
        self
    }
}

impl Entry<'_, Actor> {
    /// Adds another name.
    pub fn alias(mut self, alias: &str) -> Self {
        self.rec().aliases.push(alias.to_owned());
        self
    }
    /// Sets the ISO 3166-1 alpha-3 country code.
    pub fn country(mut self, code: &str) -> Self {
        self.rec().country = Some(code.to_owned());
        self
    }
    /// Sets a one-line description.
    pub fn description(mut self, text: &str) -> Self {
        self.rec().description = Some(text.to_owned());
        self
    }
    /// Adds an id in another system (`wikidata`, `cameo`, ...).
    pub fn external_id(mut self, system: &str, id: &str) -> Self {
        self.rec()
            .external_ids
            .insert(system.to_owned(), id.to_owned());
        self
    }
    /// Adds an affiliation.
    pub fn affiliation(mut self, affiliation: Affiliation) -> Self {
        self.rec().affiliations.push(affiliation);
        self
    }
    /// Makes the actor a member of another.
    pub fn member_of(self, of: &ActorId) -> Self {
        self.affiliation(Affiliation::new(of.clone(), AffiliationKind::Member))
    }
    /// Makes the actor a part or organ of another.
    pub fn part_of(self, of: &ActorId) -> Self {
        self.affiliation(Affiliation::new(of.clone(), AffiliationKind::Part))
    }
    /// Gives the actor an office in another.
    pub fn role(self, of: &ActorId, title: &str) -> Self {
        let mut a = Affiliation::new(of.clone(), AffiliationKind::Role);
        a.title = Some(title.to_owned());
        self.affiliation(a)
    }
    /// Makes the actor a spokesperson of another.
    pub fn spokesperson_for(self, of: &ActorId, title: &str) -> Self {
        let mut a = Affiliation::new(of.clone(), AffiliationKind::Spokesperson);
        a.title = Some(title.to_owned());
        self.affiliation(a)
    }
    /// Dates the start of the tie added last (`YYYY-MM-DD` or RFC 3339).
    /// Without a tie, records an input problem.
    pub fn since(mut self, date: &str) -> Self {
        let d = self.parse_date("affiliations.from", date);
        match self.rec().affiliations.last_mut() {
            Some(af) => af.from = d,
            None => self.no_affiliation("affiliations.from"),
        }
        self
    }
    /// Dates the end of the tie added last (inclusive).
    /// Without a tie, records an input problem.
    pub fn until(mut self, date: &str) -> Self {
        let d = self.parse_date("affiliations.until", date);
        match self.rec().affiliations.last_mut() {
            Some(af) => af.until = d,
            None => self.no_affiliation("affiliations.until"),
        }
        self
    }
    fn no_affiliation(&mut self, field: &'static str) {
        let record = self.rec().id.to_string();
        self.builder
            .input
            .push(InputProblem::NoAffiliation { record, field });
    }
}

impl Entry<'_, Proposal> {
    /// Sets the kind of proposal.
    pub fn kind(mut self, kind: ProposalKind) -> Self {
        self.rec().kind = Some(kind);
        self
    }
    /// Adds a proposer.
    pub fn proposed_by(mut self, actor: &ActorId) -> Self {
        self.rec().proposed_by.push(actor.clone());
        self
    }
    /// Makes this a point of another proposal.
    pub fn part_of(mut self, parent: &ProposalId) -> Self {
        self.rec().part_of = Some(parent.clone());
        self
    }
    /// Sets the label within the parent.
    pub fn label(mut self, label: &str) -> Self {
        self.rec().label = Some(label.to_owned());
        self
    }
    /// Sets the topic.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.rec().topic = Some(topic);
        self
    }
    /// Sets the wording or summary.
    pub fn text(mut self, text: &str) -> Self {
        self.rec().text = Some(text.to_owned());
        self
    }
    /// Sets the date.
    pub fn date(mut self, date: &str) -> Self {
        let d = self.parse_date("date", date);
        self.rec().date = d;
        self
    }
    /// Sets the status.
    pub fn status(mut self, status: ProposalStatus) -> Self {
        self.rec().status = Some(status);
        self
    }
    /// Sets the version this one replaces.
    pub fn supersedes(mut self, old: &ProposalId) -> Self {
        self.rec().supersedes = Some(old.clone());
        self
    }
    /// Adds a source that reports it.
    pub fn source(mut self, source: &SourceId) -> Self {
        self.rec().sources.push(source.clone());
        self
    }
}

impl Entry<'_, Concession> {
    /// Sets to whom it would be given up.
    pub fn to(mut self, actor: &ActorId) -> Self {
        self.rec().to = Some(actor.clone());
        self
    }
    /// Sets the topic.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.rec().topic = Some(topic);
        self
    }
    /// Sets the proposal or point that asks for it.
    pub fn required_by(mut self, proposal: &ProposalId) -> Self {
        self.rec().required_by = Some(proposal.clone());
        self
    }
    /// Sets the status.
    pub fn status(mut self, status: ConcessionStatus) -> Self {
        self.rec().status = Some(status);
        self
    }
}

impl Entry<'_, Claim> {
    /// Adds a record the claim concerns.
    pub fn about(mut self, record: impl Into<RecordId>) -> Self {
        self.rec().about.push(record.into());
        self
    }
    /// Sets the topic.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.rec().topic = Some(topic);
        self
    }
}

impl Entry<'_, Quote> {
    /// Sets the reporting verb.
    pub fn cue(mut self, cue: &str) -> Self {
        self.rec().cue = Some(cue.to_owned());
        self
    }
    /// Sets the byte span in the source text.
    pub fn span(mut self, start: usize, end: usize) -> Self {
        self.rec().span = Some(Span::new(start, end));
        self
    }
    /// Sets when the words were said.
    pub fn date(mut self, date: &str) -> Self {
        let d = self.parse_date("date", date);
        self.rec().date = d;
        self
    }
    /// Sets who relays the words.
    pub fn reported_by(mut self, actor: &ActorId) -> Self {
        self.rec().reported_by = Some(actor.clone());
        self
    }
}

impl Entry<'_, Stance> {
    /// Sets the intensity, from -1 to 1.
    pub fn intensity(mut self, value: f64) -> Self {
        self.rec().intensity = Some(value);
        self
    }
    /// Adds a condition.
    pub fn condition(mut self, text: &str) -> Self {
        self.rec().conditions.push(text.to_owned());
        self
    }
    /// Sets the modality.
    pub fn modality(mut self, modality: Modality) -> Self {
        self.rec().modality = Some(modality);
        self
    }
    /// Adds a quote as evidence.
    pub fn quote(self, quote: &QuoteId) -> Self {
        self.evidence(Evidence::quote(quote.clone()))
    }
    /// Adds a whole source as evidence.
    pub fn source(self, source: &SourceId) -> Self {
        self.evidence(Evidence::source(source.clone()))
    }
    /// Adds a piece of evidence.
    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.rec().evidence.push(evidence);
        self
    }
    /// Sets the day the position is known to hold.
    pub fn as_of(mut self, date: &str) -> Self {
        let d = self.parse_date("as_of", date);
        self.rec().as_of = d;
        self
    }
    /// Sets the coder's confidence, from 0 to 1.
    pub fn confidence(mut self, value: f64) -> Self {
        self.rec().confidence = Some(value);
        self
    }
}

impl Entry<'_, Relation> {
    /// Adds a quote as evidence.
    pub fn quote(self, quote: &QuoteId) -> Self {
        self.evidence(Evidence::quote(quote.clone()))
    }
    /// Adds a whole source as evidence.
    pub fn source(self, source: &SourceId) -> Self {
        self.evidence(Evidence::source(source.clone()))
    }
    /// Adds a piece of evidence.
    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.rec().evidence.push(evidence);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_take_dates_and_a_date_without_a_tie_is_reported() {
        let mut b = DatasetBuilder::new();
        let eu = b.actor("eu", "EU", ActorKind::Organisation).id();
        b.actor("kallas", "Kaja Kallas", ActorKind::Person)
            .role(&eu, "foreign policy chief")
            .since("2024-12-01")
            .until("2029-11-30");
        let ds = b.build().unwrap();
        let tie = &ds.actors()[1].affiliations[0];
        assert_eq!(
            tie.from.map(|d| d.to_string()).as_deref(),
            Some("2024-12-01")
        );
        assert_eq!(
            tie.until.map(|d| d.to_string()).as_deref(),
            Some("2029-11-30")
        );

        let mut b = DatasetBuilder::new();
        b.actor("x", "X", ActorKind::Person).since("2024-01-01");
        let err = b.build().unwrap_err();
        assert!(
            matches!(err.input[0], InputProblem::NoAffiliation { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("no affiliation to date"), "{err}");
    }

    #[test]
    fn build_reports_bad_ids_and_dates_and_validation_errors() {
        let mut b = DatasetBuilder::new();
        let src = b.source("src", "A").published("2025-02-30").id();
        let a = b.actor("a\tb", "Tab", ActorKind::Person).id();
        b.quote("q", &a, &src, QuoteMode::Direct, "  ");
        let err = b.build().unwrap_err();
        assert_eq!(err.input.len(), 2, "{err}");
        assert!(err.to_string().contains("published"), "{err}");
        assert!(err.report.errors().any(|p| p.field == "text"), "{err}");
    }
}
