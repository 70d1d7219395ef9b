//! A builder that makes hand-coding an article short and readable.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::dataset::{Dataset, Stored};
use crate::error::clip;
use crate::id::{
    ActorId, ClaimId, ConcessionId, IdError, ObligationId, ProposalId, QuoteId, RecordId,
    RelationId, SameAsId, SourceId, StanceId,
};
use crate::id::{MakeId, make_checked};
use crate::model::{
    Actor, ActorKind, Affiliation, AffiliationKind, Claim, Concession, ConcessionStatus, Evidence,
    Judgement, Modality, Obligation, ObligationKind, Position, Proposal, ProposalKind,
    ProposalStatus, Quantity, Quote, QuoteMode, RecordType, Relation, RelationKind, SameAs, Source,
    SourceKind, Span, Stance, Topic,
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
    #[error("{record_type} id {:?}: {error}", clip(.id))]
    InvalidId {
        /// The kind of record.
        record_type: RecordType,
        /// The id given.
        id: String,
        /// Why it was refused.
        error: IdError,
    },
    /// An id given for a reference that is not a valid id.
    #[error("{record_type} `{}`, field `{field}`: id {:?}: {error}", clip(.record), clip(.id))]
    InvalidReference {
        /// The kind of record holding the reference.
        record_type: RecordType,
        /// Its id.
        record: String,
        /// The field.
        field: &'static str,
        /// The id given.
        id: String,
        /// Why it was refused.
        error: IdError,
    },
    /// A date for a tie given before any tie was added.
    #[error("actor `{}`, field `{field}`: no affiliation to date; add one first", clip(.record))]
    NoAffiliation {
        /// The actor's id.
        record: String,
        /// The field.
        field: &'static str,
    },
    /// A date that is not a date.
    #[error("{record_type} `{}`, field `{field}`: {error}", clip(.record))]
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

    fn reference<I: MakeId>(
        &mut self,
        record_type: RecordType,
        record: &str,
        field: &'static str,
        id: &str,
    ) -> I {
        let (made, check) = make_checked(id);
        if let Err(error) = check {
            self.input.push(InputProblem::InvalidReference {
                record_type,
                record: record.to_owned(),
                field,
                id: id.to_owned(),
                error,
            });
        }
        made
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
        of: impl AsRef<str>,
        label: &str,
        title: &str,
    ) -> Entry<'_, Proposal> {
        let id = self.id(RecordType::Proposal, id, ProposalId::from_arc);
        let mut p = Proposal::new(id, title);
        p.part_of =
            Some(self.reference(RecordType::Proposal, p.id.as_str(), "part_of", of.as_ref()));
        p.label = Some(label.to_owned());
        p.kind = Some(ProposalKind::Point);
        self.add(p)
    }

    /// Adds a concession: what `by` would give up.
    pub fn concession(
        &mut self,
        id: &str,
        by: impl AsRef<str>,
        what: &str,
    ) -> Entry<'_, Concession> {
        let id = self.id(RecordType::Concession, id, ConcessionId::from_arc);
        let by = self.reference(RecordType::Concession, id.as_str(), "by", by.as_ref());
        self.add(Concession::new(id, by, what))
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
        speaker: impl AsRef<str>,
        source: impl AsRef<str>,
        mode: QuoteMode,
        text: &str,
    ) -> Entry<'_, Quote> {
        let id = self.id(RecordType::Quote, id, QuoteId::from_arc);
        let speaker = self.reference(RecordType::Quote, id.as_str(), "speaker", speaker.as_ref());
        let source = self.reference(RecordType::Quote, id.as_str(), "source", source.as_ref());
        self.add(Quote::new(id, speaker, source, mode, text))
    }

    /// Adds a stance.
    pub fn stance(
        &mut self,
        id: &str,
        holder: impl AsRef<str>,
        target: impl AsRef<str>,
        position: Position,
    ) -> Entry<'_, Stance> {
        let id = self.id(RecordType::Stance, id, StanceId::from_arc);
        let holder: ActorId =
            self.reference(RecordType::Stance, id.as_str(), "holder", holder.as_ref());
        let target: RecordId =
            self.reference(RecordType::Stance, id.as_str(), "target", target.as_ref());
        self.add(Stance::new(id, holder, target, position))
    }

    /// Adds an argument relation.
    pub fn relation(
        &mut self,
        id: &str,
        from: impl AsRef<str>,
        to: impl AsRef<str>,
        kind: RelationKind,
    ) -> Entry<'_, Relation> {
        let id = self.id(RecordType::Relation, id, RelationId::from_arc);
        let from: RecordId =
            self.reference(RecordType::Relation, id.as_str(), "from", from.as_ref());
        let to: RecordId = self.reference(RecordType::Relation, id.as_str(), "to", to.as_ref());
        self.add(Relation::new(id, from, to, kind))
    }

    /// Adds an obligation: what `by` takes on that is not given up to the
    /// other side (a guarantee, a fund, a monitoring mission).
    pub fn obligation(
        &mut self,
        id: &str,
        by: impl AsRef<str>,
        what: &str,
    ) -> Entry<'_, Obligation> {
        let id = self.id(RecordType::Obligation, id, ObligationId::from_arc);
        let by = self.reference(RecordType::Obligation, id.as_str(), "by", by.as_ref());
        self.add(Obligation::new(id, by, what))
    }

    /// Adds a judgement that two records are (or are not) one.
    pub fn same_as(
        &mut self,
        id: &str,
        a: impl AsRef<str>,
        b: impl AsRef<str>,
        judgement: Judgement,
    ) -> Entry<'_, SameAs> {
        let id = self.id(RecordType::SameAs, id, SameAsId::from_arc);
        let a: RecordId = self.reference(RecordType::SameAs, id.as_str(), "a", a.as_ref());
        let b: RecordId = self.reference(RecordType::SameAs, id.as_str(), "b", b.as_ref());
        self.add(SameAs::new(id, a, b, judgement))
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

    fn reference<I: MakeId>(&mut self, field: &'static str, id: &str) -> I {
        let record = self.rec().id_arc().to_string();
        self.builder.reference(T::KIND, &record, field, id)
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
finish!(Obligation, ObligationId);
finish!(SameAs, SameAsId);

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
    pub fn member_of(mut self, of: impl AsRef<str>) -> Self {
        let of: ActorId = self.reference("affiliations.actor", of.as_ref());
        self.affiliation(Affiliation::new(of, AffiliationKind::Member))
    }
    /// Makes the actor a part or organ of another.
    pub fn part_of(mut self, of: impl AsRef<str>) -> Self {
        let of: ActorId = self.reference("affiliations.actor", of.as_ref());
        self.affiliation(Affiliation::new(of, AffiliationKind::Part))
    }
    /// Gives the actor an office in another.
    pub fn role(mut self, of: impl AsRef<str>, title: &str) -> Self {
        let of: ActorId = self.reference("affiliations.actor", of.as_ref());
        let mut a = Affiliation::new(of, AffiliationKind::Role);
        a.title = Some(title.to_owned());
        self.affiliation(a)
    }
    /// Makes the actor a spokesperson of another.
    pub fn spokesperson_for(mut self, of: impl AsRef<str>, title: &str) -> Self {
        let of: ActorId = self.reference("affiliations.actor", of.as_ref());
        let mut a = Affiliation::new(of, AffiliationKind::Spokesperson);
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
    pub fn proposed_by(mut self, actor: impl AsRef<str>) -> Self {
        let actor: ActorId = self.reference("proposed_by", actor.as_ref());
        self.rec().proposed_by.push(actor);
        self
    }
    /// Makes this a point of another proposal.
    pub fn part_of(mut self, parent: impl AsRef<str>) -> Self {
        let parent: ProposalId = self.reference("part_of", parent.as_ref());
        self.rec().part_of = Some(parent);
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
    pub fn supersedes(mut self, old: impl AsRef<str>) -> Self {
        let old: ProposalId = self.reference("supersedes", old.as_ref());
        self.rec().supersedes = Some(old);
        self
    }
    /// Adds a source that reports it.
    pub fn source(mut self, source: impl AsRef<str>) -> Self {
        let source: SourceId = self.reference("sources", source.as_ref());
        self.rec().sources.push(source);
        self
    }
}

impl Entry<'_, Proposal> {
    /// Names the proposal this one answers (a counter-proposal's plan).
    pub fn answers(mut self, other: impl AsRef<str>) -> Self {
        let other: ProposalId = self.reference("answers", other.as_ref());
        self.rec().answers = Some(other);
        self
    }
    /// Adds a number it sets.
    pub fn quantity(mut self, quantity: Quantity) -> Self {
        self.rec().quantities.push(quantity);
        self
    }
    /// Sets the deadline (`YYYY-MM-DD` or RFC 3339).
    pub fn deadline(mut self, date: &str) -> Self {
        let d = self.parse_date("deadline", date);
        self.rec().deadline = d;
        self
    }
}

impl Entry<'_, Concession> {
    /// Adds a number it sets.
    pub fn quantity(mut self, quantity: Quantity) -> Self {
        self.rec().quantities.push(quantity);
        self
    }
}

impl Entry<'_, Obligation> {
    /// Sets to whom it is owed.
    pub fn to(mut self, actor: impl AsRef<str>) -> Self {
        let actor: ActorId = self.reference("to", actor.as_ref());
        self.rec().to = Some(actor);
        self
    }
    /// Sets what kind of obligation it is.
    pub fn kind(mut self, kind: ObligationKind) -> Self {
        self.rec().kind = Some(kind);
        self
    }
    /// Sets the topic.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.rec().topic = Some(topic);
        self
    }
    /// Sets the proposal or point that sets it.
    pub fn required_by(mut self, proposal: impl AsRef<str>) -> Self {
        let proposal: ProposalId = self.reference("required_by", proposal.as_ref());
        self.rec().required_by = Some(proposal);
        self
    }
    /// Sets the status.
    pub fn status(mut self, status: ConcessionStatus) -> Self {
        self.rec().status = Some(status);
        self
    }
    /// Adds a number it sets.
    pub fn quantity(mut self, quantity: Quantity) -> Self {
        self.rec().quantities.push(quantity);
        self
    }
}

impl Entry<'_, SameAs> {
    /// Says who judged.
    pub fn decided_by(mut self, who: &str) -> Self {
        self.rec().decided_by = Some(who.to_owned());
        self
    }
    /// Dates the judgement.
    pub fn date(mut self, date: &str) -> Self {
        let d = self.parse_date("date", date);
        self.rec().date = d;
        self
    }
    /// Says why.
    pub fn reason(mut self, why: &str) -> Self {
        self.rec().reason = Some(why.to_owned());
        self
    }
}

impl Entry<'_, Concession> {
    /// Sets to whom it would be given up.
    pub fn to(mut self, actor: impl AsRef<str>) -> Self {
        let actor: ActorId = self.reference("to", actor.as_ref());
        self.rec().to = Some(actor);
        self
    }
    /// Sets the topic.
    pub fn topic(mut self, topic: Topic) -> Self {
        self.rec().topic = Some(topic);
        self
    }
    /// Sets the proposal or point that asks for it.
    pub fn required_by(mut self, proposal: impl AsRef<str>) -> Self {
        let proposal: ProposalId = self.reference("required_by", proposal.as_ref());
        self.rec().required_by = Some(proposal);
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
    pub fn about(mut self, record: impl AsRef<str>) -> Self {
        let record: RecordId = self.reference("about", record.as_ref());
        let id = record;
        self.rec().about.push(id);
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
    pub fn reported_by(mut self, actor: impl AsRef<str>) -> Self {
        let actor: ActorId = self.reference("reported_by", actor.as_ref());
        self.rec().reported_by = Some(actor);
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
    pub fn quote(mut self, quote: impl AsRef<str>) -> Self {
        let quote: QuoteId = self.reference("evidence.quote", quote.as_ref());
        self.evidence(Evidence::quote(quote))
    }
    /// Adds a whole source as evidence.
    pub fn source(mut self, source: impl AsRef<str>) -> Self {
        let source: SourceId = self.reference("evidence.source", source.as_ref());
        self.evidence(Evidence::source(source))
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
    pub fn quote(mut self, quote: impl AsRef<str>) -> Self {
        let quote: QuoteId = self.reference("evidence.quote", quote.as_ref());
        self.evidence(Evidence::quote(quote))
    }
    /// Adds a whole source as evidence.
    pub fn source(mut self, source: impl AsRef<str>) -> Self {
        let source: SourceId = self.reference("evidence.source", source.as_ref());
        self.evidence(Evidence::source(source))
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
    fn ids_are_taken_as_plain_strings_or_typed() {
        let mut b = DatasetBuilder::new();
        let src = b.source("src", "A").id();
        b.actor("russia", "Russia", ActorKind::State);
        b.proposal("plan", "Plan").proposed_by("russia");
        b.quote("q", "russia", "src", QuoteMode::Paraphrase, "backs it");
        b.stance("s", "russia", "plan", Position::Supports)
            .quote("q")
            .source(&src);
        let ds = b.build().unwrap();
        assert_eq!(ds.stances()[0].evidence.len(), 2);
        assert_eq!(ds.proposals()[0].proposed_by[0].as_str(), "russia");
    }

    #[test]
    fn build_reports_bad_ids_and_dates_and_validation_errors() {
        let mut b = DatasetBuilder::new();
        let src = b.source("src", "A").published("2025-02-30").id();
        let a = b.actor("a\tb", "Tab", ActorKind::Person).id();
        b.quote("q", &a, &src, QuoteMode::Direct, "  ");
        let err = b.build().unwrap_err();
        // The bad actor id, the bad date, and the quote's reference to the bad id.
        assert_eq!(err.input.len(), 3, "{err}");
        assert!(err.to_string().contains("published"), "{err}");
        assert!(
            err.to_string()
                .contains("quote `q`, field `speaker`: id \"a\\tb\""),
            "{err}"
        );
        assert!(err.report.errors().any(|p| p.field == "text"), "{err}");
    }
}
