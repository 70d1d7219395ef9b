//! The records of a dataset and their vocabularies.
//!
//! Field names here are the file format: see `docs/FORMAT.md`. Optional fields
//! are left out of the output when absent or empty, so every record writes only
//! what it holds, and reading never drops anything (unknown fields are errors).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::id::{
    ActorId, ClaimId, ConcessionId, ObligationId, ProposalId, QuoteId, RecordId, RelationId,
    SameAsId, SourceId, StanceId,
};
use crate::when::When;

macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$vdoc])*
                #[serde(rename = $text $(, alias = $alias)*)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's name in files and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(crate::error::UnknownValue {
                        vocabulary: stringify!($name),
                        value: s.to_owned(),
                        expected: &[$($text),+],
                    }),
                }
            }
        }
    };
}

vocabulary!(
    /// Which kind of record an id names.
    RecordType {
        /// A [`Source`].
        Source = "source",
        /// An [`Actor`].
        Actor = "actor",
        /// A [`Proposal`] or a point of one.
        Proposal = "proposal",
        /// A [`Concession`].
        Concession = "concession",
        /// A [`Claim`].
        Claim = "claim",
        /// A [`Quote`].
        Quote = "quote",
        /// A [`Stance`].
        Stance = "stance",
        /// A [`Relation`].
        Relation = "relation",
        /// An [`Obligation`].
        Obligation = "obligation",
        /// A [`SameAs`] judgement.
        SameAs = "same_as",
    }
);

vocabulary!(
    /// What kind of document a source is.
    SourceKind {
        /// A news article.
        Article = "article",
        /// A transcript of spoken words (debate, interview, hearing).
        Transcript = "transcript",
        /// A press release or official statement.
        PressRelease = "press_release",
        /// A social-media post.
        Post = "post",
        /// A report, study or white paper.
        Report = "report",
        /// An interview.
        Interview = "interview",
        /// An official document: a treaty text, a plan, a resolution.
        Document = "document",
        /// Anything else.
        Other = "other",
    }
);

vocabulary!(
    /// What kind of actor this is.
    ActorKind {
        /// A named person.
        Person = "person",
        /// A state as an actor in international affairs ("Ukraine", "Russia").
        State = "state",
        /// A government or administration ("the Trump administration").
        Government = "government",
        /// An organisation: an international body, a company, an NGO ("the EU").
        Organisation = "organisation" | "organization",
        /// A political party.
        Party = "party",
        /// A media outlet.
        Media = "media",
        /// A named or loosely bounded group ("the Europeans", "European allies").
        Group = "group",
        /// An unnamed source the report does not identify ("U.S. officials",
        /// "a senior European diplomat").
        Unnamed = "unnamed",
    }
);

vocabulary!(
    /// How an actor is tied to another.
    AffiliationKind {
        /// A member of the other (France of the EU).
        Member = "member",
        /// Holds an office in the other (Kallas, foreign policy chief of the EU).
        Role = "role",
        /// Speaks for the other (Peskov for the Kremlin).
        Spokesperson = "spokesperson",
        /// A part or organ of the other (a ministry of a state).
        Part = "part",
    }
);

vocabulary!(
    /// What a proposal is about, or a concession concerns.
    Topic {
        /// Land, borders, control of territory.
        Territory = "territory",
        /// Armed forces, their size and arms.
        Military = "military",
        /// Security guarantees, peacekeeping and reassurance forces.
        SecurityGuarantees = "security_guarantees",
        /// Sanctions and their lifting.
        Sanctions = "sanctions",
        /// Frozen or immobilised assets, reparations, finance.
        Assets = "assets",
        /// Constitution, elections, alliances, institutions.
        Governance = "governance",
        /// Prisoners, civilians, aid.
        Humanitarian = "humanitarian",
        /// Trade, reconstruction, economic ties.
        Economy = "economy",
        /// Energy supply and infrastructure.
        Energy = "energy",
        /// Accountability, amnesty, courts.
        Justice = "justice",
        /// Talks, recognition, diplomatic relations.
        Diplomacy = "diplomacy",
        /// Anything else.
        Other = "other",
    }
);

vocabulary!(
    /// What kind of proposal this is.
    ProposalKind {
        /// A plan or framework of several points.
        Plan = "plan",
        /// One point of a plan.
        Point = "point",
        /// Something a party offers to do.
        Offer = "offer",
        /// Something a party demands of another.
        Demand = "demand",
        /// A policy, bill or measure.
        Policy = "policy",
        /// An agreement reached between parties.
        Agreement = "agreement",
    }
);

vocabulary!(
    /// Where a proposal stands.
    ProposalStatus {
        /// Being drafted; not yet put to the parties.
        Draft = "draft",
        /// Put forward.
        Proposed = "proposed",
        /// Under negotiation.
        UnderNegotiation = "under_negotiation",
        /// Accepted by the parties it needs.
        Accepted = "accepted",
        /// Rejected.
        Rejected = "rejected",
        /// Withdrawn by its proposers.
        Withdrawn = "withdrawn",
        /// Replaced by a newer version.
        Superseded = "superseded",
        /// Carried out.
        Implemented = "implemented",
    }
);

vocabulary!(
    /// Where a concession stands.
    ConcessionStatus {
        /// Demanded of the party that would give it up.
        Demanded = "demanded",
        /// Offered by that party.
        Offered = "offered",
        /// Agreed to.
        Accepted = "accepted",
        /// Refused.
        Rejected = "rejected",
        /// Given.
        Implemented = "implemented",
        /// Explicitly not demanded by the proposal that names it ("no further
        /// cession of territory"): the proposal says it does not ask for it.
        Excluded = "excluded",
    }
);

vocabulary!(
    /// How a quantity bounds what it measures.
    Comparator {
        /// No more than the value ("capped at 600,000").
        AtMost = "at_most",
        /// No less than the value.
        AtLeast = "at_least",
        /// Exactly the value.
        Exactly = "exactly",
        /// Between the value and `max`, both included.
        Between = "between",
    }
);

vocabulary!(
    /// What kind of obligation a party takes on.
    ObligationKind {
        /// A guarantee of another's security.
        SecurityGuarantee = "security_guarantee",
        /// Money paid into a fund or for a purpose.
        Fund = "fund",
        /// Monitoring or verification of an agreement.
        Monitoring = "monitoring",
        /// Troops deployed to keep or reassure a peace.
        Peacekeeping = "peacekeeping",
        /// Aid, reconstruction or supply.
        Aid = "aid",
        /// Anything else.
        Other = "other",
    }
);

vocabulary!(
    /// Whether two records are one.
    Judgement {
        /// They are the same entity.
        Positive = "positive",
        /// They are different entities (a likely duplicate that is not one).
        Negative = "negative",
        /// The one who looked could not tell.
        Unsure = "unsure",
    }
);

vocabulary!(
    /// How the reported words relate to what was said.
    QuoteMode {
        /// The speaker's own words, in quotation marks.
        Direct = "direct",
        /// Reported speech: "she said that ...".
        Indirect = "indirect",
        /// The reporter's summary of a position.
        Paraphrase = "paraphrase",
        /// The speaker declined to comment.
        NoComment = "no_comment",
        /// The speaker was asked and did not answer.
        NoResponse = "no_response",
    }
);

vocabulary!(
    /// An actor's position toward a target.
    Position {
        /// For it.
        Supports = "supports",
        /// Against it.
        Opposes = "opposes",
        /// Neither for nor against.
        Neutral = "neutral",
        /// Both for and against parts of it, or on conditions.
        Mixed = "mixed",
        /// Declined to take a position.
        NoComment = "no_comment",
        /// Was asked and did not answer (which is not declining).
        NoResponse = "no_response",
    }
);

vocabulary!(
    /// How the position is put.
    Modality {
        /// Stated as held now.
        Asserted = "asserted",
        /// Announced for the future ("will oppose").
        Future = "future",
        /// Conditional or hypothetical ("would refuse").
        Hypothetical = "hypothetical",
        /// Denied ("does not support").
        Negated = "negated",
    }
);

vocabulary!(
    /// How one claim bears on another claim or a proposal.
    RelationKind {
        /// Gives a reason for it.
        Supports = "supports",
        /// Gives a reason against it.
        Attacks = "attacks",
        /// Says the same in other words.
        Rephrases = "rephrases",
    }
);

/// A document: an article, transcript, press release or post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id.
    pub id: SourceId,
    /// Headline or title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where it can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<When>,
    /// What kind of document it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// Its language, as a BCP 47 tag (`en`, `uk`, `fr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The full text, when it may be kept; quote spans are byte offsets into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Source {
    /// A source with an id and a title, nothing else.
    pub fn new(id: SourceId, title: impl Into<String>) -> Source {
        Source {
            id,
            title: title.into(),
            publisher: None,
            url: None,
            published: None,
            kind: None,
            language: None,
            text: None,
            extra: BTreeMap::new(),
        }
    }
}

/// A tie of an actor to another: membership, an office, speaking for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affiliation {
    /// The actor it ties to.
    pub actor: ActorId,
    /// What kind of tie.
    pub kind: AffiliationKind,
    /// The title held ("foreign policy chief").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Since when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<When>,
    /// Until when (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<When>,
}

impl Affiliation {
    /// A tie with no title and no dates.
    pub fn new(actor: ActorId, kind: AffiliationKind) -> Affiliation {
        Affiliation {
            actor,
            kind,
            title: None,
            from: None,
            until: None,
        }
    }

    /// Whether the tie holds on the given day (open ends hold; a month-precise
    /// end holds to the month's last day).
    pub fn holds_on(&self, day: &When) -> bool {
        // A tie `until: "2025-11"` holds through the whole month.
        self.from.is_none_or(|f| f.date() <= day.date())
            && self.until.is_none_or(|u| day.date() <= u.last_date())
    }
}

/// A person, state, government, organisation, group or unnamed source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Unique id.
    pub id: ActorId,
    /// The name a reader knows it by.
    pub name: String,
    /// What kind of actor.
    pub kind: ActorKind,
    /// Other names it goes by ("Kyiv" for Ukraine, "the Kremlin" for Russia).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its country, as an ISO 3166-1 alpha-3 code (`UKR`, `FRA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Its ties to other actors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<Affiliation>,
    /// Ids in other systems: `wikidata` (`Q42`), `cameo` (`UKRGOV`), ...
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub external_ids: BTreeMap<String, String>,
    /// A one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Actor {
    /// An actor with an id, a name and a kind, nothing else.
    pub fn new(id: ActorId, name: impl Into<String>, kind: ActorKind) -> Actor {
        Actor {
            id,
            name: name.into(),
            kind,
            aliases: Vec::new(),
            country: None,
            affiliations: Vec::new(),
            external_ids: BTreeMap::new(),
            description: None,
            extra: BTreeMap::new(),
        }
    }
}

/// A plan, offer or demand, or one point of one.
///
/// A point is a proposal with `part_of` set to its plan and a `label`
/// ("point 7"); points may have points of their own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Unique id.
    pub id: ProposalId,
    /// A short title.
    pub title: String,
    /// What kind of proposal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ProposalKind>,
    /// Who puts it forward.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposed_by: Vec<ActorId>,
    /// The proposal this is a point of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<ProposalId>,
    /// The point's label within its parent ("point 7", "12(b)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// Its wording, or a summary of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// When it was put forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<When>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProposalStatus>,
    /// The earlier version this one replaces; for a point, the point of the
    /// earlier version it carries over (kept or changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<ProposalId>,
    /// The proposal this one answers: a counter-proposal names the plan it
    /// answers, and its points the points they answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<ProposalId>,
    /// The numbers it sets ("an army capped at 600,000").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    /// The day by which it is to be answered or carried out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<When>,
    /// Sources that report it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Proposal {
    /// A proposal with an id and a title, nothing else.
    pub fn new(id: ProposalId, title: impl Into<String>) -> Proposal {
        Proposal {
            id,
            title: title.into(),
            kind: None,
            proposed_by: Vec::new(),
            part_of: None,
            label: None,
            topic: None,
            text: None,
            date: None,
            status: None,
            supersedes: None,
            answers: None,
            quantities: Vec::new(),
            deadline: None,
            sources: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

/// Something a party would give up, and to whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concession {
    /// Unique id.
    pub id: ConcessionId,
    /// Who would give it up.
    pub by: ActorId,
    /// To whom, if to anyone in particular.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ActorId>,
    /// What would be given up.
    pub what: String,
    /// What it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// The proposal or point that asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<ProposalId>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConcessionStatus>,
    /// The numbers it sets ("no more than 600,000 troops").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Concession {
    /// A concession by an actor, to no one in particular, required by nothing yet.
    pub fn new(id: ConcessionId, by: ActorId, what: impl Into<String>) -> Concession {
        Concession {
            id,
            by,
            to: None,
            what: what.into(),
            topic: None,
            required_by: None,
            status: None,
            quantities: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

/// A number a proposal, point, concession or obligation sets: what is
/// measured, how it is bounded, and in which unit.
///
/// Two quantities compare when they measure the same thing (`measure`,
/// ignoring case) in the same unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// What is measured ("armed forces personnel", "frozen assets").
    pub measure: String,
    /// How the value bounds it.
    pub comparator: Comparator,
    /// The value (the lower bound for `between`).
    pub value: f64,
    /// The upper bound, for `between` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The unit ("troops", "USD", "km").
    pub unit: String,
}

impl Quantity {
    /// A quantity with one value.
    pub fn new(
        measure: impl Into<String>,
        comparator: Comparator,
        value: f64,
        unit: impl Into<String>,
    ) -> Quantity {
        Quantity {
            measure: measure.into(),
            comparator,
            value,
            max: None,
            unit: unit.into(),
        }
    }

    /// Whether `other` measures the same thing in the same unit.
    pub fn comparable(&self, other: &Quantity) -> bool {
        self.measure
            .trim()
            .eq_ignore_ascii_case(other.measure.trim())
            && self.unit.trim().eq_ignore_ascii_case(other.unit.trim())
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |x: f64| -> String {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                // Group thousands: 600000 -> 600,000.
                let digits = format!("{}", x.abs() as u64);
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        out.push(',');
                    }
                    out.push(c);
                }
                if x < 0.0 { format!("-{out}") } else { out }
            } else {
                format!("{x}")
            }
        };
        let bound = match self.comparator {
            Comparator::AtMost => format!("at most {}", n(self.value)),
            Comparator::AtLeast => format!("at least {}", n(self.value)),
            Comparator::Exactly => n(self.value),
            Comparator::Between => format!(
                "between {} and {}",
                n(self.value),
                self.max.map_or_else(|| "?".to_owned(), n)
            ),
        };
        write!(f, "{}: {bound} {}", self.measure, self.unit)
    }
}

/// Something a party takes on that is not given up to the other side: a
/// guarantor's security guarantee, a fund, a monitoring mission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Unique id.
    pub id: ObligationId,
    /// Who owes it.
    pub by: ActorId,
    /// To whom, if to anyone in particular.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ActorId>,
    /// What is owed.
    pub what: String,
    /// What kind of obligation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ObligationKind>,
    /// What it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// The proposal or point that sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_by: Option<ProposalId>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConcessionStatus>,
    /// The numbers it sets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quantities: Vec<Quantity>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Obligation {
    /// An obligation of an actor, to no one in particular, set by nothing yet.
    pub fn new(id: ObligationId, by: ActorId, what: impl Into<String>) -> Obligation {
        Obligation {
            id,
            by,
            to: None,
            what: what.into(),
            kind: None,
            topic: None,
            required_by: None,
            status: None,
            quantities: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

/// A judgement that two records are, or are not, one entity (`moscow` and
/// `russia`). It never rewrites the records it names: remove it and the two
/// stand apart again. Queries and networks answer in the canonical id of each
/// group of records judged the same (see
/// [`Identities`](crate::Identities)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameAs {
    /// Unique id.
    pub id: SameAsId,
    /// One record; in a positive judgement, the id to answer in.
    pub a: RecordId,
    /// The other record.
    pub b: RecordId,
    /// Same, different, or cannot tell.
    pub judgement: Judgement,
    /// Who judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<When>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl SameAs {
    /// A judgement with no author, date or reason.
    pub fn new(
        id: SameAsId,
        a: impl Into<RecordId>,
        b: impl Into<RecordId>,
        judgement: Judgement,
    ) -> SameAs {
        SameAs {
            id,
            a: a.into(),
            b: b.into(),
            judgement,
            decided_by: None,
            date: None,
            reason: None,
            extra: BTreeMap::new(),
        }
    }
}

/// A proposition someone asserts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Unique id.
    pub id: ClaimId,
    /// The proposition, as a sentence.
    pub text: String,
    /// Records the claim concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<RecordId>,
    /// What it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Claim {
    /// A claim with an id and its text.
    pub fn new(id: ClaimId, text: impl Into<String>) -> Claim {
        Claim {
            id,
            text: text.into(),
            about: Vec::new(),
            topic: None,
            extra: BTreeMap::new(),
        }
    }
}

/// A byte range `[start, end)` in a source's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// Words as reported: who said them, where, and how they are rendered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// Unique id.
    pub id: QuoteId,
    /// Who said it (for hearsay, the group that relayed it: "U.S. officials").
    pub speaker: ActorId,
    /// The words, verbatim from the source.
    pub text: String,
    /// How the words relate to what was said.
    pub mode: QuoteMode,
    /// The reporting verb ("said", "told reporters", "declined to comment").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// The document the words are in.
    pub source: SourceId,
    /// Where in the source's text the words are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// When they were said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<When>,
    /// Who relays the speaker's words to the source, if not the source itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<ActorId>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Quote {
    /// A quote with its required parts.
    pub fn new(
        id: QuoteId,
        speaker: ActorId,
        source: SourceId,
        mode: QuoteMode,
        text: impl Into<String>,
    ) -> Quote {
        Quote {
            id,
            speaker,
            text: text.into(),
            mode,
            cue: None,
            source,
            span: None,
            date: None,
            reported_by: None,
            extra: BTreeMap::new(),
        }
    }
}

/// What backs a stance or relation: a quote, a source, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The quote that shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteId>,
    /// The source that shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// Who relays it, when the evidence is second hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<ActorId>,
}

impl Evidence {
    /// Evidence by a quote.
    pub fn quote(quote: QuoteId) -> Evidence {
        Evidence {
            quote: Some(quote),
            source: None,
            reported_by: None,
        }
    }

    /// Evidence by a source as a whole.
    pub fn source(source: SourceId) -> Evidence {
        Evidence {
            quote: None,
            source: Some(source),
            reported_by: None,
        }
    }

    /// The same evidence, relayed by someone.
    pub fn reported_by(mut self, actor: ActorId) -> Evidence {
        self.reported_by = Some(actor);
        self
    }
}

/// An actor's position toward a proposal, point, concession, claim or actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stance {
    /// Unique id.
    pub id: StanceId,
    /// Whose position.
    pub holder: ActorId,
    /// Toward what: a proposal or point, a concession, a claim or an actor.
    pub target: RecordId,
    /// For, against, ...
    pub position: Position,
    /// How strongly, from -1 (fully against) to 1 (fully for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity: Option<f64>,
    /// Conditions attached ("only if Kyiv approves").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// How the position is put; absent means asserted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    /// What shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// The day the position is known to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<When>,
    /// How sure the coder is, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Stance {
    /// A stance with no evidence yet.
    pub fn new(
        id: StanceId,
        holder: ActorId,
        target: impl Into<RecordId>,
        position: Position,
    ) -> Stance {
        Stance {
            id,
            holder,
            target: target.into(),
            position,
            intensity: None,
            conditions: Vec::new(),
            modality: None,
            evidence: Vec::new(),
            as_of: None,
            confidence: None,
            extra: BTreeMap::new(),
        }
    }
}

/// An argument link: a claim supports, attacks or rephrases a claim or proposal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// Unique id.
    pub id: RelationId,
    /// The claim that argues.
    pub from: RecordId,
    /// The claim or proposal argued about.
    pub to: RecordId,
    /// How.
    pub kind: RelationKind,
    /// What shows the link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Fields from another format that no field here holds, kept as given
    /// under a namespaced key (`aif:timestamp`, `dna:coder`), so an import
    /// and export loses nothing.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "crate::extra::strict_map"
    )]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Relation {
    /// A relation with no evidence yet.
    pub fn new(
        id: RelationId,
        from: impl Into<RecordId>,
        to: impl Into<RecordId>,
        kind: RelationKind,
    ) -> Relation {
        Relation {
            id,
            from: from.into(),
            to: to.into(),
            kind,
            evidence: Vec::new(),
            extra: BTreeMap::new(),
        }
    }
}

/// Any record, owned: what a JSON Lines file holds one per line.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Record {
    Source(Source),
    Actor(Actor),
    Proposal(Proposal),
    Concession(Concession),
    Claim(Claim),
    Quote(Quote),
    Stance(Stance),
    Relation(Relation),
    Obligation(Obligation),
    SameAs(SameAs),
}

impl Record {
    /// Gives back the spare room of its lists: a list read from a file
    /// grows to room for four items at its first, and most lists hold one
    /// (a stance's evidence), so a large corpus would spend three times the
    /// room its lists need.
    pub(crate) fn shrink_to_fit(&mut self) {
        match self {
            Record::Source(_) | Record::SameAs(_) => {}
            Record::Actor(a) => {
                a.aliases.shrink_to_fit();
                a.affiliations.shrink_to_fit();
            }
            Record::Proposal(p) => {
                p.proposed_by.shrink_to_fit();
                p.quantities.shrink_to_fit();
                p.sources.shrink_to_fit();
            }
            Record::Concession(c) => c.quantities.shrink_to_fit(),
            Record::Obligation(o) => o.quantities.shrink_to_fit(),
            Record::Claim(c) => c.about.shrink_to_fit(),
            Record::Quote(_) => {}
            Record::Stance(s) => {
                s.conditions.shrink_to_fit();
                s.evidence.shrink_to_fit();
            }
            Record::Relation(r) => r.evidence.shrink_to_fit(),
        }
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            Record::Source(r) => r.id.as_str(),
            Record::Actor(r) => r.id.as_str(),
            Record::Proposal(r) => r.id.as_str(),
            Record::Concession(r) => r.id.as_str(),
            Record::Claim(r) => r.id.as_str(),
            Record::Quote(r) => r.id.as_str(),
            Record::Stance(r) => r.id.as_str(),
            Record::Relation(r) => r.id.as_str(),
            Record::Obligation(r) => r.id.as_str(),
            Record::SameAs(r) => r.id.as_str(),
        }
    }

    /// The record's kind.
    pub fn record_type(&self) -> RecordType {
        match self {
            Record::Source(_) => RecordType::Source,
            Record::Actor(_) => RecordType::Actor,
            Record::Proposal(_) => RecordType::Proposal,
            Record::Concession(_) => RecordType::Concession,
            Record::Claim(_) => RecordType::Claim,
            Record::Quote(_) => RecordType::Quote,
            Record::Stance(_) => RecordType::Stance,
            Record::Relation(_) => RecordType::Relation,
            Record::Obligation(_) => RecordType::Obligation,
            Record::SameAs(_) => RecordType::SameAs,
        }
    }
}

macro_rules! record_from {
    ($($t:ident),*) => {$(
        impl From<$t> for Record {
            fn from(r: $t) -> Record {
                Record::$t(r)
            }
        }
    )*};
}
record_from!(
    Source, Actor, Proposal, Concession, Claim, Quote, Stance, Relation, Obligation, SameAs
);

/// Reads a string map, refusing a key given twice (a plain map would keep
/// only the last value and lose the first without a word).
fn unique_keys<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of string values")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            // The key is checked before its value is read, so the error
            // points at the repeated key.
            while let Some(k) = map.next_key::<String>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format_args!(
                        "duplicate key `{}`",
                        crate::error::clip(&k)
                    )));
                }
                let v = map.next_value::<String>()?;
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V)
}
