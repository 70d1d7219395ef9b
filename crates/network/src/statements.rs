//! The statement table: every stance reduced to what a network needs.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use claimgraph_core::{
    ActorId, ActorKind, Affiliation, Dataset, Identities, Position, RecordRef, RecordType, When,
};
use serde::Serialize;

/// A day as a number: days since 0001-01-01 (the proleptic Gregorian day 1).
pub type Day = i32;

/// The day number of a date.
pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// The date of a day number, if it is one chrono can represent.
pub fn date_of(day: Day) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day)
}

/// Writes a day as `YYYY-MM-DD` in serialised output.
pub(crate) fn serialize_day<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    match date_of(*day) {
        Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
        None => s.serialize_none(),
    }
}

/// Writes an optional day as `YYYY-MM-DD` (or null).
pub(crate) fn serialize_opt_day<S: serde::Serializer>(
    day: &Option<Day>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match day {
        Some(d) => serialize_day(d, s),
        None => s.serialize_none(),
    }
}

/// Marks a missing source or day.
pub(crate) const NONE: u32 = u32::MAX;
/// A row without a day.
pub const NO_DAY: Day = i32::MIN;

/// One statement: an actor's position on a target, when and where. Rows are
/// equal when every field is, two missing intensities (NaN) included.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// Index into [`Statements::actors`].
    pub actor: u32,
    /// Index into [`Statements::targets`].
    pub target: u32,
    /// Index into [`Statements::sources`] of the stance's source
    /// ([`Dataset::stance_source`]), or `u32::MAX` when it has none.
    pub source: u32,
    /// The day ([`day_of`]), or [`NO_DAY`].
    pub day: Day,
    /// The position.
    pub position: Position,
    /// The intensity in -1..=1, or NaN when not given.
    pub intensity: f64,
}

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.actor == other.actor
            && self.target == other.target
            && self.source == other.source
            && self.day == other.day
            && self.position == other.position
            && (self.intensity == other.intensity
                || (self.intensity.is_nan() && other.intensity.is_nan()))
    }
}

/// An actor of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorInfo {
    /// The actor's id.
    pub id: Arc<str>,
    /// Its name (the id when the actor record was not seen).
    pub name: Arc<str>,
    /// Its kind, when the actor record was seen.
    pub kind: Option<ActorKind>,
}

/// What the table knows of an actor besides its id, name and kind: the
/// attributes a network's nodes carry, and the ties that decide which
/// organisation its statements count for
/// ([`NodeVariable::Organisation`](crate::NodeVariable::Organisation)).
/// Empty for an actor whose record was not read.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ActorDetails {
    /// Its country (ISO 3166-1 alpha-3).
    pub country: Option<Arc<str>>,
    /// Other names it goes by.
    pub aliases: Vec<Arc<str>>,
    /// Its one-line description.
    pub description: Option<Arc<str>>,
    /// Its ties to other actors, each naming the other actor in its
    /// canonical id (as holders are named; [`Dataset::identities`]).
    pub ties: Vec<Affiliation>,
}

impl ActorDetails {
    /// The details of an actor record, its ties named by `canonical`.
    pub(crate) fn of(
        a: &claimgraph_core::Actor,
        canonical: impl Fn(&str) -> String,
    ) -> ActorDetails {
        ActorDetails {
            country: a.country.as_deref().map(Arc::from),
            aliases: a.aliases.iter().map(|x| Arc::from(x.as_str())).collect(),
            description: a.description.as_deref().map(Arc::from),
            ties: a
                .affiliations
                .iter()
                .map(|t| {
                    let mut t = t.clone();
                    if let Ok(id) = ActorId::new(&canonical(t.actor.as_str())) {
                        t.actor = id;
                    }
                    t
                })
                .collect(),
        }
    }

    /// The actors a statement made on `day` counts for through the ties
    /// that carry a position on that day (the core's rule:
    /// [`Affiliation::carries_position_on`]), each once, in the order of the
    /// ties. Empty when no tie carries it. O(ties).
    pub fn speaks_for(&self, day: Day) -> Vec<&str> {
        let when = if day == NO_DAY {
            None
        } else {
            date_of(day).map(When::Date)
        };
        let mut out: Vec<&str> = Vec::new();
        for t in &self.ties {
            if t.carries_position_on(when.as_ref()) && !out.contains(&t.actor.as_str()) {
                out.push(t.actor.as_str());
            }
        }
        out
    }
}

/// A target of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetInfo {
    /// The target's id.
    pub id: Arc<str>,
    /// A label: a title, a text, a name (the id when the record was not seen).
    pub label: Arc<str>,
    /// What kind of record it is, when seen.
    pub kind: Option<RecordType>,
}

/// A source of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceInfo {
    /// The source's id.
    pub id: Arc<str>,
    /// Its publisher.
    pub publisher: Option<Arc<str>>,
    /// Its kind.
    pub kind: Option<Arc<str>>,
    /// Its language.
    pub language: Option<Arc<str>>,
}

/// Every stance of a corpus as a compact row, with the actors, targets and
/// sources they name. Built from a [`Dataset`] or streamed from JSON Lines
/// ([`crate::read_statements`]); 32 bytes a statement.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statements {
    pub(crate) actors: Vec<ActorInfo>,
    /// Per actor, by index (shorter when a table was built by hand: the
    /// actors past its end have no details).
    pub(crate) details: Vec<ActorDetails>,
    pub(crate) targets: Vec<TargetInfo>,
    pub(crate) sources: Vec<SourceInfo>,
    pub(crate) rows: Vec<Row>,
}

impl Statements {
    /// The actors, by index.
    pub fn actors(&self) -> &[ActorInfo] {
        &self.actors
    }

    /// The details of the actor at `index`: its country, aliases,
    /// description and ties; `None` past the end of the actors.
    pub fn actor_details(&self, index: usize) -> Option<&ActorDetails> {
        static NONE: ActorDetails = ActorDetails {
            country: None,
            aliases: Vec::new(),
            description: None,
            ties: Vec::new(),
        };
        match self.details.get(index) {
            Some(d) => Some(d),
            None => (index < self.actors.len()).then_some(&NONE),
        }
    }

    /// The targets, by index.
    pub fn targets(&self) -> &[TargetInfo] {
        &self.targets
    }

    /// The sources, by index.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// The statements, in input order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// How many statements.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table of a dataset's stances, refusing what
    /// [`crate::read_statements`] refuses in JSON Lines, so that both forms
    /// of a file give the same answer: a record with an error of its own
    /// (as [`Dataset::validate`] finds it in the record alone: a number out
    /// of range, a reversed span, a blank text, ...), an id two records share
    /// among sources, actors, proposals, concessions, claims and quotes (the
    /// records the table resolves by id), a stance whose holder is not an
    /// actor or whose target, evidence quote or evidence source does not
    /// resolve, a quote whose source does not. The error is the
    /// first such problem in the order [`Dataset::validate`] lists them;
    /// what needs other records to see (duplicate ids, cycles, spans against
    /// their source's text, ...) is left to [`Dataset::validate`].
    ///
    /// O(n log n) for n records, plus the cost of checking alone the records
    /// the report names.
    pub fn from_dataset_checked(ds: &Dataset) -> Result<Statements, crate::NetworkError> {
        use std::collections::BTreeMap;
        let report = ds.validate();
        // The records of each kind and id, indexed when first needed.
        let mut by_id: Option<BTreeMap<(RecordType, &str), Vec<RecordRef<'_>>>> = None;
        for p in report.errors() {
            if crate::check::is_followed_reference(p) {
                return Err(crate::NetworkError::Unresolved {
                    line: None,
                    record_type: p.record_type,
                    record: p.record.clone(),
                    field: p.field.clone(),
                    message: p.kind.to_string(),
                });
            }
            let invalid = || crate::NetworkError::Invalid {
                line: None,
                record_type: p.record_type,
                record: p.record.clone(),
                field: p.field.clone(),
                message: p.kind.to_string(),
            };
            if crate::check::is_shared_id(p) {
                return Err(invalid());
            }
            if !crate::check::is_own(p) {
                continue;
            }
            let index = by_id.get_or_insert_with(|| {
                let mut index: BTreeMap<(RecordType, &str), Vec<RecordRef<'_>>> = BTreeMap::new();
                for r in ds.records() {
                    index.entry((r.record_type(), r.id())).or_default().push(r);
                }
                index
            });
            let own = index
                .get(&(p.record_type, p.record.as_str()))
                .into_iter()
                .flatten()
                .any(|r| {
                    crate::check::own_errors(owned(r))
                        .iter()
                        .any(|q| crate::check::same(p, q))
                });
            if own {
                return Err(invalid());
            }
        }
        Ok(Statements::from_dataset(ds))
    }

    /// The table of a dataset's stances whose holder is an actor and whose
    /// target exists, with the actors and sources of the dataset and the
    /// targets the stances name, in the order they are first named.
    ///
    /// What a stance means is the core's: its position is
    /// [`Stance::effective_position`](claimgraph_core::Stance::effective_position),
    /// its day is [`Dataset::stance_date`] (its `as_of`, else the earliest
    /// date of all its evidence) and its source is [`Dataset::stance_source`]
    /// (the document of the evidence that dates it), neither depending on the
    /// order of the evidence list.
    ///
    /// The table answers in canonical ids ([`Dataset::identities`]): a holder
    /// or target judged the same as another record (`same_as`) is replaced by
    /// its group's canonical id when that names a record of the same role (an
    /// actor; a proposal, concession, claim or actor), so two ids of one
    /// entity make one node. An actor so replaced is left out of
    /// [`Statements::actors`].
    ///
    /// A target's label is a proposal's title (with its label, as in
    /// "Title (point 7)"), a concession's `what`, a claim's text or an
    /// actor's name. [`crate::read_statements`] reads the same table from
    /// JSON Lines. O(n log n) for n records.
    pub fn from_dataset(ds: &Dataset) -> Statements {
        use std::collections::{BTreeMap, BTreeSet};
        let ids = ds.identities();
        let mut st = Statements::default();
        let mut actor_ix: BTreeMap<&str, u32> = BTreeMap::new();
        let mut target_ix: BTreeMap<&str, u32> = BTreeMap::new();
        let mut source_ix: BTreeMap<&str, u32> = BTreeMap::new();
        for s in ds.sources() {
            source_ix.insert(s.id.as_str(), st.sources.len() as u32);
            st.sources.push(SourceInfo {
                id: Arc::from(s.id.as_str()),
                publisher: s.publisher.as_deref().map(Arc::from),
                kind: s.kind.map(|k| Arc::from(k.as_str())),
                language: s.language.as_deref().map(Arc::from),
            });
        }
        let actor_ids: BTreeSet<&str> = ds.actors().iter().map(|a| a.id.as_str()).collect();
        // The id an actor answers in: its canonical id when that is an actor.
        fn answer_in<'a>(ids: &'a Identities, actors: &BTreeSet<&str>, id: &'a str) -> &'a str {
            match ids.canonical(id) {
                c if c != id && actors.contains(c) => c,
                _ => id,
            }
        }
        let actor_id = |id| answer_in(&ids, &actor_ids, id);
        for a in ds.actors() {
            let id = a.id.as_str();
            if actor_ix.contains_key(id) || actor_id(id) != id {
                continue;
            }
            actor_ix.insert(id, st.actors.len() as u32);
            st.actors.push(ActorInfo {
                id: Arc::from(id),
                name: Arc::from(a.name.as_str()),
                kind: Some(a.kind),
            });
            st.details.push(ActorDetails::of(a, |t: &str| {
                answer_in(&ids, &actor_ids, t).to_owned()
            }));
        }
        for s in ds.stances() {
            if !actor_ids.contains(s.holder.as_str()) {
                continue;
            }
            let Some(&actor) = actor_ix.get(actor_id(s.holder.as_str())) else {
                continue;
            };
            let Some(own) = ds.resolve(&s.target).filter(is_target) else {
                continue;
            };
            // The id a target answers in: its canonical id when that is a target.
            let canonical = ids.canonical(s.target.as_str());
            let (target_id, target_ref) = match ds.get(canonical) {
                Some(r) if canonical != s.target.as_str() && is_target(&r) => (canonical, r),
                _ => (s.target.as_str(), own),
            };
            let target = *target_ix.entry(target_id).or_insert_with(|| {
                st.targets.push(TargetInfo {
                    id: Arc::from(target_id),
                    label: Arc::from(target_label(&target_ref).unwrap_or_default()),
                    kind: Some(target_ref.record_type()),
                });
                (st.targets.len() - 1) as u32
            });
            let source = ds
                .stance_source(s)
                .and_then(|id| source_ix.get(id.as_str()).copied())
                .unwrap_or(NONE);
            let day = ds.stance_date(s).map_or(NO_DAY, |d| day_of(d.date()));
            st.rows.push(Row {
                actor,
                target,
                source,
                day,
                position: s.effective_position(),
                intensity: s.intensity.unwrap_or(f64::NAN),
            });
        }
        st
    }
}

/// Whether a stance can target the record (the records [`target_label`] labels).
fn is_target(r: &RecordRef<'_>) -> bool {
    matches!(
        r,
        RecordRef::Proposal(_)
            | RecordRef::Concession(_)
            | RecordRef::Claim(_)
            | RecordRef::Actor(_)
    )
}

/// The label of a record a stance can target; `None` for other records.
fn target_label(r: &RecordRef<'_>) -> Option<String> {
    Some(match r {
        RecordRef::Proposal(p) => match &p.label {
            Some(l) => format!("{} ({l})", p.title),
            None => p.title.clone(),
        },
        RecordRef::Concession(c) => c.what.clone(),
        RecordRef::Claim(c) => c.text.clone(),
        RecordRef::Actor(a) => a.name.clone(),
        _ => return None,
    })
}

/// The record, owned.
fn owned(r: &RecordRef<'_>) -> claimgraph_core::Record {
    use claimgraph_core::Record;
    match *r {
        RecordRef::Source(x) => Record::Source(x.clone()),
        RecordRef::Actor(x) => Record::Actor(x.clone()),
        RecordRef::Proposal(x) => Record::Proposal(x.clone()),
        RecordRef::Concession(x) => Record::Concession(x.clone()),
        RecordRef::Claim(x) => Record::Claim(x.clone()),
        RecordRef::Quote(x) => Record::Quote(x.clone()),
        RecordRef::Stance(x) => Record::Stance(x.clone()),
        RecordRef::Relation(x) => Record::Relation(x.clone()),
        RecordRef::Obligation(x) => Record::Obligation(x.clone()),
        RecordRef::SameAs(x) => Record::SameAs(x.clone()),
    }
}
