//! The store that owns every record.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::error::DatasetError;
use crate::id::{
    ActorId, ClaimId, ConcessionId, ObligationId, ProposalId, QuoteId, RecordId, RelationId,
    SameAsId, SourceId, StanceId,
};
use crate::model::{
    Actor, Claim, Concession, Obligation, Proposal, Quote, Record, RecordType, Relation, SameAs,
    Source, Stance,
};

// Lookups only; never iterated, so hashing order cannot reach output.
#[allow(clippy::disallowed_types)]
type IdIndex = rustc_hash::FxHashMap<Arc<str>, Slot>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    kind: RecordType,
    pos: u32,
}

/// Every record of a piece of work: sources, actors, proposals, concessions,
/// claims, quotes, stances and relations.
///
/// Records of each kind are kept in insertion order. Ids are unique across the
/// whole dataset: [`Dataset::insert`] refuses a second record with an id already
/// used, while [`Dataset::push`] keeps it (so a file read with a duplicate loses
/// nothing) and [`Dataset::validate`](crate::Dataset::validate) reports it.
/// Lookups by id take O(1).
///
/// ```
/// use claimgraph_core::{Actor, ActorId, ActorKind, Dataset};
/// let mut ds = Dataset::new();
/// let eu = ActorId::new("eu")?;
/// ds.insert(Actor::new(eu.clone(), "European Union", ActorKind::Organisation))?;
/// assert_eq!(ds.actor(&eu).map(|a| a.name.as_str()), Some("European Union"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub(crate) sources: Vec<Source>,
    pub(crate) actors: Vec<Actor>,
    pub(crate) proposals: Vec<Proposal>,
    pub(crate) concessions: Vec<Concession>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) quotes: Vec<Quote>,
    pub(crate) stances: Vec<Stance>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) obligations: Vec<Obligation>,
    pub(crate) same_as: Vec<SameAs>,
    index: IdIndex,
}

impl PartialEq for Dataset {
    fn eq(&self, other: &Dataset) -> bool {
        self.sources == other.sources
            && self.actors == other.actors
            && self.proposals == other.proposals
            && self.concessions == other.concessions
            && self.claims == other.claims
            && self.quotes == other.quotes
            && self.stances == other.stances
            && self.relations == other.relations
            && self.obligations == other.obligations
            && self.same_as == other.same_as
    }
}

/// A borrowed record of any kind.
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum RecordRef<'a> {
    Source(&'a Source),
    Actor(&'a Actor),
    Proposal(&'a Proposal),
    Concession(&'a Concession),
    Claim(&'a Claim),
    Quote(&'a Quote),
    Stance(&'a Stance),
    Relation(&'a Relation),
    Obligation(&'a Obligation),
    SameAs(&'a SameAs),
}

impl RecordRef<'_> {
    /// The record's kind.
    pub fn record_type(&self) -> RecordType {
        match self {
            RecordRef::Source(_) => RecordType::Source,
            RecordRef::Actor(_) => RecordType::Actor,
            RecordRef::Proposal(_) => RecordType::Proposal,
            RecordRef::Concession(_) => RecordType::Concession,
            RecordRef::Claim(_) => RecordType::Claim,
            RecordRef::Quote(_) => RecordType::Quote,
            RecordRef::Stance(_) => RecordType::Stance,
            RecordRef::Relation(_) => RecordType::Relation,
            RecordRef::Obligation(_) => RecordType::Obligation,
            RecordRef::SameAs(_) => RecordType::SameAs,
        }
    }

    /// A short human label: a name, a title, or the start of a text.
    pub fn label(&self) -> String {
        fn clip(s: &str) -> String {
            const MAX: usize = 60;
            if s.chars().count() <= MAX {
                s.to_owned()
            } else {
                let cut: String = s.chars().take(MAX - 1).collect();
                format!("{cut}…")
            }
        }
        match self {
            RecordRef::Source(r) => clip(&r.title),
            RecordRef::Actor(r) => r.name.clone(),
            RecordRef::Proposal(r) => match &r.label {
                Some(l) => format!("{} ({l})", clip(&r.title)),
                None => clip(&r.title),
            },
            RecordRef::Concession(r) => clip(&r.what),
            RecordRef::Claim(r) => clip(&r.text),
            RecordRef::Quote(r) => clip(&r.text),
            RecordRef::Stance(r) => format!("{} {} {}", r.holder, r.position, r.target),
            RecordRef::Relation(r) => format!("{} {} {}", r.from, r.kind, r.to),
            RecordRef::Obligation(r) => clip(&r.what),
            RecordRef::SameAs(r) => format!("{} {} {}", r.a, r.judgement, r.b),
        }
    }
}

macro_rules! accessors {
    ($( $kind:ident, $field:ident, $ty:ident, $idty:ident, $get:ident, $get_mut:ident, $doc:literal; )*) => {
        impl Dataset {
            $(
                #[doc = concat!("All ", $doc, ", in insertion order.")]
                pub fn $field(&self) -> &[$ty] {
                    &self.$field
                }

                #[doc = concat!("The ", stringify!($kind), " with this id, if the id names one.")]
                pub fn $get(&self, id: &$idty) -> Option<&$ty> {
                    match self.index.get(id.as_str()) {
                        Some(Slot { kind: RecordType::$kind, pos }) => self.$field.get(*pos as usize),
                        _ => None,
                    }
                }

                #[doc = concat!("The ", stringify!($kind), " with this id, to change in place. ")]
                #[doc = "If its id is changed, the index follows when the guard drops."]
                pub fn $get_mut(&mut self, id: &$idty) -> Option<RecordMut<'_, $ty>> {
                    match self.index.get(id.as_str()) {
                        Some(&Slot { kind: RecordType::$kind, pos }) => Some(RecordMut {
                            old_id: Arc::clone(id.arc()),
                            pos,
                            dataset: self,
                            _kind: std::marker::PhantomData,
                        }),
                        _ => None,
                    }
                }
            )*
        }

        $(
            impl Stored for $ty {
                const KIND: RecordType = RecordType::$kind;
                fn id_arc(&self) -> &Arc<str> {
                    self.id.arc()
                }
                fn slot(ds: &mut Dataset, pos: u32) -> &mut $ty {
                    &mut ds.$field[pos as usize]
                }
                fn slot_ref(ds: &Dataset, pos: u32) -> &$ty {
                    &ds.$field[pos as usize]
                }
                fn push_into(self, ds: &mut Dataset) -> u32 {
                    ds.$field.push(self);
                    (ds.$field.len() - 1) as u32
                }
            }
        )*
    };
}

accessors! {
    Source, sources, Source, SourceId, source, source_mut, "sources";
    Actor, actors, Actor, ActorId, actor, actor_mut, "actors";
    Proposal, proposals, Proposal, ProposalId, proposal, proposal_mut, "proposals and points";
    Concession, concessions, Concession, ConcessionId, concession, concession_mut, "concessions";
    Claim, claims, Claim, ClaimId, claim, claim_mut, "claims";
    Quote, quotes, Quote, QuoteId, quote, quote_mut, "quotes";
    Stance, stances, Stance, StanceId, stance, stance_mut, "stances";
    Relation, relations, Relation, RelationId, relation, relation_mut, "relations";
    Obligation, obligations, Obligation, ObligationId, obligation, obligation_mut, "obligations";
    SameAs, same_as, SameAs, SameAsId, same_as_judgement, same_as_mut, "same-as judgements";
}

/// A record type the dataset stores.
pub trait Stored: Sized + sealed::Sealed {
    /// Its kind.
    const KIND: RecordType;
    #[doc(hidden)]
    fn id_arc(&self) -> &Arc<str>;
    #[doc(hidden)]
    fn slot(ds: &mut Dataset, pos: u32) -> &mut Self;
    #[doc(hidden)]
    fn slot_ref(ds: &Dataset, pos: u32) -> &Self;
    #[doc(hidden)]
    fn push_into(self, ds: &mut Dataset) -> u32;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::Source {}
    impl Sealed for crate::Actor {}
    impl Sealed for crate::Proposal {}
    impl Sealed for crate::Concession {}
    impl Sealed for crate::Claim {}
    impl Sealed for crate::Quote {}
    impl Sealed for crate::Stance {}
    impl Sealed for crate::Relation {}
    impl Sealed for crate::Obligation {}
    impl Sealed for crate::SameAs {}
}

/// A record borrowed mutably from a [`Dataset`]; keeps the id index in step
/// when dropped.
#[derive(Debug)]
pub struct RecordMut<'a, T: Stored> {
    dataset: &'a mut Dataset,
    pos: u32,
    old_id: Arc<str>,
    _kind: std::marker::PhantomData<T>,
}

impl<T: Stored> Deref for RecordMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        T::slot_ref(self.dataset, self.pos)
    }
}

impl<T: Stored> DerefMut for RecordMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        T::slot(self.dataset, self.pos)
    }
}

impl<T: Stored> Drop for RecordMut<'_, T> {
    fn drop(&mut self) {
        let new_id = Arc::clone(T::slot_ref(self.dataset, self.pos).id_arc());
        if new_id != self.old_id {
            self.dataset.index.remove(&self.old_id);
            self.dataset.reindex_id(&self.old_id);
            self.dataset.index_slot(
                new_id,
                Slot {
                    kind: T::KIND,
                    pos: self.pos,
                },
            );
        }
    }
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Dataset {
        Dataset::default()
    }

    /// Adds a record, refusing it if its id is already used by any record.
    pub fn insert<T: Stored>(&mut self, record: T) -> Result<(), DatasetError> {
        if let Some(slot) = self.index.get(record.id_arc()) {
            return Err(DatasetError::DuplicateId {
                id: record.id_arc().to_string(),
                record_type: T::KIND,
                existing: slot.kind,
            });
        }
        self.push(record);
        Ok(())
    }

    /// Adds a record even if its id is already used; lookups then find the
    /// first record with the id in the canonical order (kind by kind, as
    /// files list them, then in insertion order), whatever order the records
    /// were added in, and [`Dataset::validate`] reports the duplicate.
    pub fn push<T: Stored>(&mut self, record: T) {
        let id = Arc::clone(record.id_arc());
        let pos = record.push_into(self);
        self.index_slot(id, Slot { kind: T::KIND, pos });
    }

    /// Points an id at a record unless a record earlier in the canonical
    /// order already holds it: so a dataset answers the same after a trip
    /// through a file, which lists records kind by kind.
    fn index_slot(&mut self, id: Arc<str>, slot: Slot) {
        use std::collections::hash_map::Entry;
        match self.index.entry(id) {
            Entry::Vacant(e) => {
                e.insert(slot);
            }
            Entry::Occupied(mut e) => {
                let old = *e.get();
                if (slot.kind, slot.pos) < (old.kind, old.pos) {
                    e.insert(slot);
                }
            }
        }
    }

    /// Adds a record of any kind, keeping duplicates as [`Dataset::push`] does.
    pub fn push_record(&mut self, record: Record) {
        match record {
            Record::Source(r) => self.push(r),
            Record::Actor(r) => self.push(r),
            Record::Proposal(r) => self.push(r),
            Record::Concession(r) => self.push(r),
            Record::Claim(r) => self.push(r),
            Record::Quote(r) => self.push(r),
            Record::Stance(r) => self.push(r),
            Record::Relation(r) => self.push(r),
            Record::Obligation(r) => self.push(r),
            Record::SameAs(r) => self.push(r),
        }
    }

    /// Whether some id is held by more than one record (which
    /// [`Dataset::validate`](crate::Dataset::validate) reports). O(1): every
    /// distinct id has one entry in the index.
    ///
    /// ```
    /// use claimgraph_core::{Claim, ClaimId, Dataset};
    /// let mut ds = Dataset::new();
    /// ds.push(Claim::new(ClaimId::new("c")?, "One aggressor"));
    /// assert!(!ds.has_duplicate_ids());
    /// ds.push(Claim::new(ClaimId::new("c")?, "One victim"));
    /// assert!(ds.has_duplicate_ids());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_duplicate_ids(&self) -> bool {
        self.index.len() != self.len()
    }

    /// Where the record an id names lies: its kind and its position in the
    /// list of that kind ([`Dataset::count`] of them, in insertion order) —
    /// the record [`Dataset::get`] answers. O(1).
    ///
    /// ```
    /// use claimgraph_core::{Claim, ClaimId, Dataset, RecordType};
    /// let mut ds = Dataset::new();
    /// ds.push(Claim::new(ClaimId::new("a")?, "One aggressor"));
    /// ds.push(Claim::new(ClaimId::new("b")?, "One victim"));
    /// assert_eq!(ds.locate("b"), Some((RecordType::Claim, 1)));
    /// assert_eq!(ds.locate("c"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn locate(&self, id: &str) -> Option<(RecordType, usize)> {
        self.index.get(id).map(|s| (s.kind, s.pos as usize))
    }

    /// The kind of record an id names (the first in the canonical order, if
    /// it is used twice).
    pub fn kind_of(&self, id: &str) -> Option<RecordType> {
        self.index.get(id).map(|s| s.kind)
    }

    /// Whether any record has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The record an id names, of whatever kind.
    pub fn get(&self, id: &str) -> Option<RecordRef<'_>> {
        let Slot { kind, pos } = *self.index.get(id)?;
        let p = pos as usize;
        Some(match kind {
            RecordType::Source => RecordRef::Source(&self.sources[p]),
            RecordType::Actor => RecordRef::Actor(&self.actors[p]),
            RecordType::Proposal => RecordRef::Proposal(&self.proposals[p]),
            RecordType::Concession => RecordRef::Concession(&self.concessions[p]),
            RecordType::Claim => RecordRef::Claim(&self.claims[p]),
            RecordType::Quote => RecordRef::Quote(&self.quotes[p]),
            RecordType::Stance => RecordRef::Stance(&self.stances[p]),
            RecordType::Relation => RecordRef::Relation(&self.relations[p]),
            RecordType::Obligation => RecordRef::Obligation(&self.obligations[p]),
            RecordType::SameAs => RecordRef::SameAs(&self.same_as[p]),
        })
    }

    /// The record a [`RecordId`] names.
    pub fn resolve(&self, id: &RecordId) -> Option<RecordRef<'_>> {
        self.get(id.as_str())
    }

    /// Every record, kind by kind in the canonical order, each kind in insertion order.
    pub fn records(&self) -> impl Iterator<Item = RecordRef<'_>> {
        self.sources
            .iter()
            .map(RecordRef::Source)
            .chain(self.actors.iter().map(RecordRef::Actor))
            .chain(self.proposals.iter().map(RecordRef::Proposal))
            .chain(self.concessions.iter().map(RecordRef::Concession))
            .chain(self.claims.iter().map(RecordRef::Claim))
            .chain(self.quotes.iter().map(RecordRef::Quote))
            .chain(self.stances.iter().map(RecordRef::Stance))
            .chain(self.relations.iter().map(RecordRef::Relation))
            .chain(self.obligations.iter().map(RecordRef::Obligation))
            .chain(self.same_as.iter().map(RecordRef::SameAs))
    }

    /// How many records there are, of all kinds.
    pub fn len(&self) -> usize {
        self.sources.len()
            + self.actors.len()
            + self.proposals.len()
            + self.concessions.len()
            + self.claims.len()
            + self.quotes.len()
            + self.stances.len()
            + self.relations.len()
            + self.obligations.len()
            + self.same_as.len()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many records of one kind there are.
    pub fn count(&self, kind: RecordType) -> usize {
        match kind {
            RecordType::Source => self.sources.len(),
            RecordType::Actor => self.actors.len(),
            RecordType::Proposal => self.proposals.len(),
            RecordType::Concession => self.concessions.len(),
            RecordType::Claim => self.claims.len(),
            RecordType::Quote => self.quotes.len(),
            RecordType::Stance => self.stances.len(),
            RecordType::Relation => self.relations.len(),
            RecordType::Obligation => self.obligations.len(),
            RecordType::SameAs => self.same_as.len(),
        }
    }

    /// The points of a proposal (records whose `part_of` is it), in insertion order.
    /// O(number of proposals).
    pub fn points_of<'a>(&'a self, proposal: &'a ProposalId) -> impl Iterator<Item = &'a Proposal> {
        self.proposals
            .iter()
            .filter(move |p| p.part_of.as_ref() == Some(proposal))
    }

    /// Finds an actor by id, name or alias, ignoring case. Returns every match.
    pub fn find_actors(&self, name: &str) -> Vec<&Actor> {
        let wanted = name.trim().to_lowercase();
        self.actors
            .iter()
            .filter(|a| {
                a.id.as_str().to_lowercase() == wanted
                    || a.name.to_lowercase() == wanted
                    || a.aliases.iter().any(|x| x.to_lowercase() == wanted)
            })
            .collect()
    }

    /// After an id changed, points the index at another record with the old
    /// id, if a duplicate holds it.
    fn reindex_id(&mut self, id: &Arc<str>) {
        for &kind in RecordType::ALL {
            if let Some(pos) = self.position_of(kind, id) {
                self.index.insert(Arc::clone(id), Slot { kind, pos });
                return;
            }
        }
    }

    fn position_of(&self, kind: RecordType, id: &str) -> Option<u32> {
        fn find<T: Stored>(v: &[T], id: &str) -> Option<u32> {
            v.iter().position(|r| &**r.id_arc() == id).map(|p| p as u32)
        }
        match kind {
            RecordType::Source => find(&self.sources, id),
            RecordType::Actor => find(&self.actors, id),
            RecordType::Proposal => find(&self.proposals, id),
            RecordType::Concession => find(&self.concessions, id),
            RecordType::Claim => find(&self.claims, id),
            RecordType::Quote => find(&self.quotes, id),
            RecordType::Stance => find(&self.stances, id),
            RecordType::Relation => find(&self.relations, id),
            RecordType::Obligation => find(&self.obligations, id),
            RecordType::SameAs => find(&self.same_as, id),
        }
    }
}

macro_rules! by_kind {
    ($self:expr, $kind:expr, |$v:ident| $body:expr) => {
        match $kind {
            RecordType::Source => {
                let $v = &mut $self.sources;
                $body
            }
            RecordType::Actor => {
                let $v = &mut $self.actors;
                $body
            }
            RecordType::Proposal => {
                let $v = &mut $self.proposals;
                $body
            }
            RecordType::Concession => {
                let $v = &mut $self.concessions;
                $body
            }
            RecordType::Claim => {
                let $v = &mut $self.claims;
                $body
            }
            RecordType::Quote => {
                let $v = &mut $self.quotes;
                $body
            }
            RecordType::Stance => {
                let $v = &mut $self.stances;
                $body
            }
            RecordType::Relation => {
                let $v = &mut $self.relations;
                $body
            }
            RecordType::Obligation => {
                let $v = &mut $self.obligations;
                $body
            }
            RecordType::SameAs => {
                let $v = &mut $self.same_as;
                $body
            }
        }
    };
}

/// Owned records for merging.
impl Dataset {
    /// Where the record an id names sits.
    pub(crate) fn slot_of(&self, id: &str) -> Option<(RecordType, u32)> {
        self.index.get(id).map(|s| (s.kind, s.pos))
    }

    /// A copy of the record at a slot.
    pub(crate) fn record_at(&self, kind: RecordType, pos: u32) -> Record {
        let p = pos as usize;
        match kind {
            RecordType::Source => Record::Source(self.sources[p].clone()),
            RecordType::Actor => Record::Actor(self.actors[p].clone()),
            RecordType::Proposal => Record::Proposal(self.proposals[p].clone()),
            RecordType::Concession => Record::Concession(self.concessions[p].clone()),
            RecordType::Claim => Record::Claim(self.claims[p].clone()),
            RecordType::Quote => Record::Quote(self.quotes[p].clone()),
            RecordType::Stance => Record::Stance(self.stances[p].clone()),
            RecordType::Relation => Record::Relation(self.relations[p].clone()),
            RecordType::Obligation => Record::Obligation(self.obligations[p].clone()),
            RecordType::SameAs => Record::SameAs(self.same_as[p].clone()),
        }
    }

    /// Replaces the record at a slot with one of the same kind and id.
    pub(crate) fn set_record(&mut self, kind: RecordType, pos: u32, record: Record) {
        let p = pos as usize;
        match (kind, record) {
            (RecordType::Source, Record::Source(r)) => self.sources[p] = r,
            (RecordType::Actor, Record::Actor(r)) => self.actors[p] = r,
            (RecordType::Proposal, Record::Proposal(r)) => self.proposals[p] = r,
            (RecordType::Concession, Record::Concession(r)) => self.concessions[p] = r,
            (RecordType::Claim, Record::Claim(r)) => self.claims[p] = r,
            (RecordType::Quote, Record::Quote(r)) => self.quotes[p] = r,
            (RecordType::Stance, Record::Stance(r)) => self.stances[p] = r,
            (RecordType::Relation, Record::Relation(r)) => self.relations[p] = r,
            (RecordType::Obligation, Record::Obligation(r)) => self.obligations[p] = r,
            (RecordType::SameAs, Record::SameAs(r)) => self.same_as[p] = r,
            _ => {}
        }
    }

    /// Drops an id from the index, so the next record pushed with it holds it.
    pub(crate) fn forget(&mut self, id: &str) {
        self.index.remove(id);
    }

    /// The dataset without the records at the given slots.
    pub(crate) fn without(mut self, removed: &[(RecordType, u32)]) -> Dataset {
        let mut out = Dataset::new();
        for &kind in RecordType::ALL {
            let gone: std::collections::BTreeSet<u32> = removed
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, p)| *p)
                .collect();
            by_kind!(self, kind, |v| {
                for (i, r) in std::mem::take(v).into_iter().enumerate() {
                    if !gone.contains(&(i as u32)) {
                        out.push(r);
                    }
                }
            });
        }
        out
    }

    /// Every record, owned, kind by kind in the canonical order.
    pub fn into_records(mut self) -> impl Iterator<Item = Record> {
        let mut all: Vec<Record> = Vec::with_capacity(self.len());
        for &kind in RecordType::ALL {
            by_kind!(self, kind, |v| all
                .extend(std::mem::take(v).into_iter().map(Record::from)));
        }
        all.into_iter()
    }
}

pub(crate) fn record_ref_id<'a>(r: &RecordRef<'a>) -> &'a str {
    match r {
        RecordRef::Source(x) => x.id.as_str(),
        RecordRef::Actor(x) => x.id.as_str(),
        RecordRef::Proposal(x) => x.id.as_str(),
        RecordRef::Concession(x) => x.id.as_str(),
        RecordRef::Claim(x) => x.id.as_str(),
        RecordRef::Quote(x) => x.id.as_str(),
        RecordRef::Stance(x) => x.id.as_str(),
        RecordRef::Relation(x) => x.id.as_str(),
        RecordRef::Obligation(x) => x.id.as_str(),
        RecordRef::SameAs(x) => x.id.as_str(),
    }
}

impl<'a> RecordRef<'a> {
    /// The record's id.
    pub fn id(&self) -> &'a str {
        record_ref_id(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ActorKind;

    fn actor(id: &str) -> Actor {
        Actor::new(
            ActorId::new(id).unwrap(),
            id.to_uppercase(),
            ActorKind::State,
        )
    }

    #[test]
    fn insert_refuses_duplicates_push_keeps_them() {
        let mut ds = Dataset::new();
        ds.insert(actor("ukr")).unwrap();
        let err = ds.insert(actor("ukr")).unwrap_err();
        assert!(err.to_string().contains("ukr"));
        ds.push(actor("ukr"));
        assert_eq!(ds.actors().len(), 2);
        assert_eq!(ds.kind_of("ukr"), Some(RecordType::Actor));
    }

    #[test]
    fn renaming_through_the_guard_keeps_the_index() {
        let mut ds = Dataset::new();
        ds.push(actor("a"));
        ds.push(actor("a"));
        let a = ActorId::new("a").unwrap();
        let b = ActorId::new("b").unwrap();
        ds.actor_mut(&a).unwrap().id = b.clone();
        assert_eq!(ds.actor(&b).map(|x| x.name.as_str()), Some("A"));
        // the duplicate now answers for "a"
        assert!(ds.actor(&a).is_some());
        assert_eq!(ds.actors()[1].id, a);
    }

    #[test]
    fn a_shared_id_names_the_first_record_in_file_order() {
        let mut ds = Dataset::new();
        ds.push(crate::Claim::new(
            crate::ClaimId::new("x").unwrap(),
            "a claim",
        ));
        ds.push(actor("x"));
        // Files list actors before claims: the actor is the first "x".
        assert_eq!(ds.kind_of("x"), Some(RecordType::Actor));
        let back = Dataset::from_json(&ds.to_json()).unwrap();
        assert_eq!(back.kind_of("x"), Some(RecordType::Actor));
        // Renaming onto a shared id follows the same rule.
        let mut ds = Dataset::new();
        ds.push(crate::Claim::new(
            crate::ClaimId::new("y").unwrap(),
            "a claim",
        ));
        ds.push(actor("z"));
        ds.actor_mut(&ActorId::new("z").unwrap()).unwrap().id = ActorId::new("y").unwrap();
        assert_eq!(ds.kind_of("y"), Some(RecordType::Actor));
        assert_eq!(ds.kind_of("z"), None);
    }

    #[test]
    fn typed_lookup_checks_the_kind() {
        let mut ds = Dataset::new();
        ds.push(actor("x"));
        assert!(ds.proposal(&ProposalId::new("x").unwrap()).is_none());
        assert!(ds.actor(&ActorId::new("x").unwrap()).is_some());
    }
}
