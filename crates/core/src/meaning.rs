//! What a record means, decided once for every crate: the position a stance
//! counts for, the day it is dated, and which ties carry an actor's position.
//!
//! The graph's queries and the discourse networks both read stances through
//! these functions, so the two never disagree on the same file.

use crate::dataset::Dataset;
use crate::id::SourceId;
use crate::model::{Affiliation, AffiliationKind, Evidence, Modality, Position, Stance};
use crate::when::When;

impl Position {
    /// Whether the position takes no stand because the actor said nothing:
    /// `no_comment` (declined) or `no_response` (asked, did not answer).
    /// Silence gives way to any position taken, and is not a change of
    /// position when it follows one.
    pub fn is_silence(self) -> bool {
        matches!(self, Position::NoComment | Position::NoResponse)
    }

    /// Whether the position takes a side: `supports` or `opposes`.
    pub fn takes_side(self) -> bool {
        matches!(self, Position::Supports | Position::Opposes)
    }
}

impl Stance {
    /// The position the stance counts for: a negated `supports` or `opposes`
    /// ("does not support") takes no side and counts as `neutral`; every
    /// other position counts as written, whatever its modality.
    ///
    /// ```
    /// use claimgraph_core::{ActorId, Modality, Position, ProposalId, Stance, StanceId};
    /// let mut s = Stance::new(StanceId::new("s")?, ActorId::new("a")?,
    ///     ProposalId::new("p")?, Position::Supports);
    /// s.modality = Some(Modality::Negated);
    /// assert_eq!(s.effective_position(), Position::Neutral);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn effective_position(&self) -> Position {
        effective_position(self.position, self.modality)
    }
}

/// [`Stance::effective_position`] from its two parts, for readers that do
/// not build a [`Stance`].
pub fn effective_position(position: Position, modality: Option<Modality>) -> Position {
    match (modality, position) {
        (Some(Modality::Negated), Position::Supports | Position::Opposes) => Position::Neutral,
        (_, p) => p,
    }
}

impl AffiliationKind {
    /// Whether a tie of this kind carries the actor's position to the actor
    /// it is tied to: an office holder (`role`), a spokesperson and an organ
    /// (`part`) speak for their principal; a `member` speaks for itself, not
    /// for its union or alliance.
    pub fn carries_position(self) -> bool {
        !matches!(self, AffiliationKind::Member)
    }
}

impl Affiliation {
    /// Whether the tie carries its actor's position to the actor it is tied
    /// to for a statement made on `day`: its kind carries a position
    /// ([`AffiliationKind::carries_position`]) and it holds on that day
    /// ([`Affiliation::holds_on`]). A statement without a day is carried by
    /// every tie of a kind that carries a position, whatever its dates: no
    /// day is known that a date could rule out.
    ///
    /// ```
    /// use claimgraph_core::{ActorId, Affiliation, AffiliationKind, When};
    /// let mut tie = Affiliation::new(ActorId::new("eu")?, AffiliationKind::Role);
    /// tie.until = Some(When::parse("2024-11")?);
    /// assert!(tie.carries_position_on(Some(&When::parse("2024-11-30")?)));
    /// assert!(!tie.carries_position_on(Some(&When::parse("2024-12-01")?)));
    /// assert!(tie.carries_position_on(None));
    /// let member = Affiliation::new(ActorId::new("eu")?, AffiliationKind::Member);
    /// assert!(!member.carries_position_on(None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn carries_position_on(&self, day: Option<&When>) -> bool {
        self.kind.carries_position() && day.is_none_or(|d| self.holds_on(d))
    }
}

impl Dataset {
    /// The document a piece of evidence cites: its own `source`, else its
    /// quote's source. O(1).
    pub fn evidence_document<'a>(&'a self, e: &'a Evidence) -> Option<&'a SourceId> {
        e.source.as_ref().or_else(|| {
            e.quote
                .as_ref()
                .and_then(|q| self.quote(q))
                .map(|q| &q.source)
        })
    }

    /// The day a piece of evidence is dated: its quote's date (when the words
    /// were said, in whatever document), else the publication date of its
    /// document ([`Dataset::evidence_document`]), the one a stance it dates
    /// is attributed to ([`Dataset::stance_source`]). O(1).
    pub fn evidence_date(&self, e: &Evidence) -> Option<When> {
        e.quote
            .as_ref()
            .and_then(|q| self.quote(q))
            .and_then(|q| q.date)
            .or_else(|| {
                self.evidence_document(e)
                    .and_then(|id| self.source(id))
                    .and_then(|s| s.published)
            })
    }

    /// The day a stance is dated: its `as_of`, else the earliest date of its
    /// evidence ([`Dataset::evidence_date`]) — the first day the position is
    /// known to hold. The earliest, not the first listed, so the date does
    /// not depend on the order evidence was merged in. Of two pieces of
    /// evidence on the same day, the one whose document's id sorts first
    /// gives the value (and its precision), as for
    /// [`Dataset::stance_source`]. O(e) for e pieces of evidence.
    ///
    /// ```
    /// use claimgraph_core::{ActorKind, DatasetBuilder, Position, QuoteMode};
    /// let mut b = DatasetBuilder::new();
    /// let early = b.source("early", "First report").published("2025-11-20").id();
    /// let late = b.source("late", "Second report").published("2025-11-24").id();
    /// let kyiv = b.actor("ukraine", "Ukraine", ActorKind::State).id();
    /// let plan = b.proposal("plan", "Plan").id();
    /// b.stance("s", &kyiv, &plan, Position::Opposes).source(&late).source(&early);
    /// let ds = b.build()?;
    /// let date = ds.stance_date(&ds.stances()[0]).map(|d| d.to_string());
    /// assert_eq!(date.as_deref(), Some("2025-11-20"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stance_date(&self, s: &Stance) -> Option<When> {
        s.as_of
            .or_else(|| self.dating_evidence(s).and_then(|(d, _)| d))
    }

    /// The source a stance is known from: the document of the evidence that
    /// dates it — the earliest-dated piece of evidence, undated ones last,
    /// and of those on one day the one whose document's id sorts first (one
    /// without a document last) — so
    /// that, like its date, it does not depend on the order evidence was
    /// listed or merged in. A piece of evidence's document is
    /// [`Dataset::evidence_document`]. O(e) for e pieces of evidence.
    ///
    /// ```
    /// use claimgraph_core::{ActorKind, DatasetBuilder, Position};
    /// let mut b = DatasetBuilder::new();
    /// let late = b.source("late", "Second report").published("2025-11-24").id();
    /// let early = b.source("early", "First report").published("2025-11-20").id();
    /// b.actor("ukraine", "Ukraine", ActorKind::State);
    /// b.proposal("plan", "Plan");
    /// b.stance("s", "ukraine", "plan", Position::Opposes).source(&late).source(&early);
    /// let ds = b.build()?;
    /// assert_eq!(ds.stance_source(&ds.stances()[0]).map(|s| s.as_str()), Some("early"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stance_source<'a>(&'a self, s: &'a Stance) -> Option<&'a SourceId> {
        self.dating_evidence(s).and_then(|(_, src)| src)
    }

    /// The evidence that dates a stance: its date and its document.
    fn dating_evidence<'a>(
        &'a self,
        s: &'a Stance,
    ) -> Option<(Option<When>, Option<&'a SourceId>)> {
        let mut best: Option<(Option<When>, Option<&'a SourceId>)> = None;
        for e in &s.evidence {
            let date = self.evidence_date(e);
            let source = self.evidence_document(e);
            if best
                .as_ref()
                .is_none_or(|(bd, bs)| evidence_key(&date, source) < evidence_key(bd, *bs))
            {
                best = Some((date, source));
            }
        }
        best
    }
}

/// The order of evidence for dating: undated last, then by day, then by the
/// document's id, evidence without a document last.
fn evidence_key<'a>(
    date: &Option<When>,
    source: Option<&'a SourceId>,
) -> (bool, Option<chrono::NaiveDate>, bool, Option<&'a str>) {
    (
        date.is_none(),
        date.map(|d| d.date()),
        source.is_none(),
        source.map(SourceId::as_str),
    )
}

#[cfg(test)]
mod tests {
    use crate::{
        ActorId, Dataset, Evidence, Position, ProposalId, Source, SourceId, Stance, StanceId,
    };

    #[test]
    fn a_stance_is_dated_from_the_document_it_is_attributed_to() {
        use crate::{ActorId as A, Quote, QuoteId, QuoteMode, When};
        let day = |s: &str| When::parse(s).unwrap();
        let mut ds = Dataset::new();
        // The quote's words ran first in `wire`; the evidence cites them as
        // reprinted in `paper`, a day later.
        let (wire, paper) = (
            SourceId::new("wire").unwrap(),
            SourceId::new("paper").unwrap(),
        );
        for (id, published) in [(&wire, "2025-11-20"), (&paper, "2025-11-21")] {
            let mut s = Source::new(id.clone(), "t");
            s.published = Some(day(published));
            ds.push(s);
        }
        let q = QuoteId::new("q").unwrap();
        ds.push(Quote::new(
            q.clone(),
            A::new("a").unwrap(),
            wire.clone(),
            QuoteMode::Direct,
            "no",
        ));
        let mut s = Stance::new(
            StanceId::new("s").unwrap(),
            A::new("a").unwrap(),
            ProposalId::new("p").unwrap(),
            Position::Opposes,
        );
        let mut e = Evidence::quote(q.clone());
        e.source = Some(paper.clone());
        s.evidence = vec![e.clone()];
        assert_eq!(ds.stance_source(&s), Some(&paper));
        assert_eq!(ds.evidence_date(&e), Some(day("2025-11-21")));
        assert_eq!(ds.stance_date(&s), Some(day("2025-11-21")));
        // Without its own source, the quote's is its document.
        s.evidence[0].source = None;
        assert_eq!(ds.stance_source(&s), Some(&wire));
        assert_eq!(ds.stance_date(&s), Some(day("2025-11-20")));
        // A date on the quote is when the words were said, in any document.
        ds.quote_mut(&q).unwrap().date = Some(day("2025-11-19"));
        s.evidence[0].source = Some(paper.clone());
        assert_eq!(ds.stance_source(&s), Some(&paper));
        assert_eq!(ds.stance_date(&s), Some(day("2025-11-19")));
    }

    #[test]
    fn evidence_without_a_document_does_not_hide_one_with_a_document() {
        let mut ds = Dataset::new();
        let src = SourceId::new("undated-src").unwrap();
        ds.push(Source::new(src.clone(), "t"));
        let mut s = Stance::new(
            StanceId::new("s").unwrap(),
            ActorId::new("a").unwrap(),
            ProposalId::new("p").unwrap(),
            Position::Supports,
        );
        let empty = Evidence {
            quote: None,
            source: None,
            reported_by: None,
        };
        s.evidence = vec![empty.clone(), Evidence::source(src.clone())];
        assert_eq!(ds.stance_source(&s), Some(&src));
        s.evidence.reverse();
        assert_eq!(ds.stance_source(&s), Some(&src));
        s.evidence = vec![empty];
        assert_eq!(ds.stance_source(&s), None);
    }
}

#[cfg(test)]
mod tie_tests {
    use crate::{ActorId, Affiliation, AffiliationKind, When};

    #[test]
    fn a_tie_until_a_month_holds_through_the_month() {
        let mut tie = Affiliation::new(ActorId::new("eu").unwrap(), AffiliationKind::Role);
        tie.until = Some(When::parse("2025-11").unwrap());
        assert!(tie.holds_on(&When::parse("2025-11-30").unwrap()));
        assert!(!tie.holds_on(&When::parse("2025-12-01").unwrap()));
    }
}
