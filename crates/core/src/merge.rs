//! One story, many reports: merging datasets without losing or overwriting
//! anything.
//!
//! Records with the same id are one record seen twice:
//! - the same content collapses to one record;
//! - compatible content is unioned: a field one side lacks is taken from the
//!   other, lists keep the first side's items in order and add the other's
//!   new ones after them, and maps (`external_ids`, `extra`) union their keys,
//!   the value under each key being one value (a list in `extra` is not
//!   unioned);
//! - items of a list that have an identity — quantities by measure and unit,
//!   evidence by quote and source, affiliations by actor and kind — are one
//!   item seen twice when their identities meet, and merge field by field
//!   like records (`quantities[0].value`); other items (aliases, conditions,
//!   sources, `proposed_by`) are new unless equal to one already there;
//! - a field with two different values is a [`MergeConflict`], reported with
//!   the record, the field, both values and where each came from. It keeps
//!   the first value unless the merge was told which side to prefer, for all
//!   conflicts ([`Merger::prefer`]) or for one ([`Merger::choose`]). So a
//!   report may repeat a stub of a record it refers to (a plan with just its
//!   title) and merge cleanly with the full record.
//!
//! A record of one kind and a record of another with the same id conflict on
//! the field `type`, and the conflict holds both records whole: every record
//! of every input is in the output or in the conflict report.
//!
//! An id one input gives to several records (an error validation reports)
//! stays on several records: the n-th record with an id in an input meets the
//! n-th with that id from earlier inputs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dataset::Dataset;
use crate::error::{clip, clip_display};
use crate::model::{Record, RecordType};

/// Which side of a conflict to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The value merged first (from an earlier input).
    First,
    /// The value merged last (from a later input).
    Last,
}

impl std::str::FromStr for Side {
    type Err = crate::error::UnknownValue;
    fn from_str(s: &str) -> Result<Side, Self::Err> {
        match s {
            "first" => Ok(Side::First),
            "last" => Ok(Side::Last),
            _ => Err(crate::error::UnknownValue {
                vocabulary: "Side",
                value: s.to_owned(),
                expected: &["first", "last"],
            }),
        }
    }
}

/// The field of a conflict between two records of different kinds.
const TYPE: &str = "type";
/// The field of a conflict between two records whose union is not a record.
const RECORD: &str = "(record)";

/// Two values of one field of one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergeConflict {
    /// The kind of record (the first side's, for a `type` conflict).
    pub record_type: RecordType,
    /// The record's id.
    pub id: String,
    /// The field, as a path: `title`, `span`, `external_ids.wikidata`,
    /// `quantities[0].value` (the index of the item in the first record);
    /// `type` when the two records are of different kinds; `(record)` when
    /// their union is not a valid record (possible only for records made in
    /// code), so one of them is kept whole.
    pub field: String,
    /// The value merged first; for a `type` conflict, the whole record with
    /// its `type`, and for a `(record)` conflict the whole record.
    pub first: Value,
    /// The value merged last; whole records as for `first`.
    pub last: Value,
    /// Where the first value came from.
    pub first_origin: String,
    /// Where the last value came from.
    pub last_origin: String,
    /// The side kept, when the merge was told; `None` when it was not (the
    /// first value is kept, and the merge is not clean).
    pub resolution: Option<Side>,
}

impl fmt::Display for MergeConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A `type` conflict holds whole records; it is shown by their kinds.
        let shown = |v: &'_ Value| match v.get(TYPE) {
            Some(kind) if self.field == TYPE => clip_display(kind),
            _ => clip_display(v),
        };
        let (first, last) = (shown(&self.first), shown(&self.last));
        write!(
            f,
            "{} `{}`, field `{}`: {} in {} but {} in {}",
            self.record_type,
            clip(&self.id),
            clip(&self.field),
            first,
            clip(&self.first_origin),
            last,
            clip(&self.last_origin)
        )?;
        match self.resolution {
            Some(Side::First) => write!(f, " (kept the first)"),
            Some(Side::Last) => write!(f, " (kept the last)"),
            None => Ok(()),
        }
    }
}

/// The result of a merge: the dataset, and every conflict met on the way.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged records: every record of every input, collapsed and unioned
    /// by id; where a conflict was not resolved, the first value.
    pub dataset: Dataset,
    /// Every conflict, in the order met.
    pub conflicts: Vec<MergeConflict>,
}

impl Merged {
    /// Whether every conflict was resolved by a choice (or there were none).
    pub fn is_clean(&self) -> bool {
        self.conflicts.iter().all(|c| c.resolution.is_some())
    }

    /// The conflicts no choice resolved.
    pub fn unresolved(&self) -> impl Iterator<Item = &MergeConflict> {
        self.conflicts.iter().filter(|c| c.resolution.is_none())
    }
}

/// Where a record sits in the merged dataset: its kind and position.
type Slot = (RecordType, u32);

/// Merges datasets one after another. O(n log n) for n records, plus
/// O(f log f) for the f fields and list items of each record whose id was
/// seen before.
///
/// ```
/// use claimgraph_core::{ActorKind, DatasetBuilder, Merger, Side};
/// let mut first = DatasetBuilder::new();
/// first.proposal("plan-28", "28-point peace plan");
/// let mut second = DatasetBuilder::new();
/// let us = second.actor("us-government", "U.S. government", ActorKind::Government).id();
/// second.proposal("plan-28", "28-point peace plan").proposed_by(&us);
///
/// let mut merger = Merger::new();
/// merger.add("first.json", first.build()?);
/// merger.add("second.json", second.build()?);
/// let merged = merger.finish();
/// assert!(merged.conflicts.is_empty());
/// assert_eq!(merged.dataset.proposals()[0].proposed_by.len(), 1);
///
/// // Two titles for one plan: a conflict, kept as first unless told.
/// let mut third = DatasetBuilder::new();
/// third.proposal("plan-28", "The 28-point plan");
/// let mut merger = Merger::new().prefer(Side::Last);
/// merger.add("merged", merged.dataset);
/// merger.add("third.json", third.build()?);
/// let merged = merger.finish();
/// assert_eq!(merged.conflicts[0].field, "title");
/// assert_eq!(merged.dataset.proposals()[0].title, "The 28-point plan");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Merger {
    acc: Dataset,
    /// The slots of each id more than one record holds, in the order they
    /// came; an id held once is found through the dataset's index.
    repeated: BTreeMap<String, Vec<Slot>>,
    /// The input each record first came from.
    record_origin: BTreeMap<Slot, String>,
    /// The input a field's value came from, where not the record's.
    field_origin: BTreeMap<(Slot, String), String>,
    /// The field origins the record merge under way replaced, to put back
    /// if its result is not a record.
    journal: Vec<((Slot, String), Option<String>)>,
    prefer: Option<Side>,
    choices: BTreeMap<(String, String), Side>,
    conflicts: Vec<MergeConflict>,
    /// Records replaced by a record of another kind.
    removed: Vec<Slot>,
}

impl Merger {
    /// A merge that keeps the first value of every conflict and reports it.
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Resolves every conflict no [`Merger::choose`] covers by keeping this side.
    pub fn prefer(mut self, side: Side) -> Merger {
        self.prefer = Some(side);
        self
    }

    /// Resolves the conflicts on one field of one record by keeping this side.
    pub fn choose(mut self, id: &str, field: &str, side: Side) -> Merger {
        self.choices.insert((id.to_owned(), field.to_owned()), side);
        self
    }

    /// Merges a dataset in, naming where it came from (a file name). A record
    /// whose id an earlier record of the same dataset has is not merged into
    /// it: it meets the next record with that id from earlier inputs, or
    /// stays a duplicate, as [`Dataset::push`] keeps one.
    pub fn add(&mut self, origin: &str, ds: Dataset) {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for record in ds.into_records() {
            let n = seen.entry(record.id().to_owned()).or_insert(0);
            let nth = *n;
            *n += 1;
            self.add_nth(origin, record, nth);
        }
    }

    /// Merges one record in, as the first record with its id of an input.
    pub fn add_record(&mut self, origin: &str, record: Record) {
        self.add_nth(origin, record, 0);
    }

    /// Merges in the `nth` record with its id of one input.
    fn add_nth(&mut self, origin: &str, record: Record, nth: usize) {
        let id = record.id().to_owned();
        let slot = match self.repeated.get(&id) {
            Some(slots) => slots.get(nth).copied(),
            None if nth == 0 => self.acc.slot_of(&id),
            None => None,
        };
        match slot {
            Some(slot) => self.merge_into(origin, slot, record),
            None => {
                let kind = record.record_type();
                let slot = (kind, self.acc.count(kind) as u32);
                if nth > 0 {
                    let first = self.acc.slot_of(&id);
                    self.repeated
                        .entry(id)
                        .or_insert_with(|| first.into_iter().collect())
                        .push(slot);
                }
                self.record_origin.insert(slot, origin.to_owned());
                self.acc.push_record(record);
            }
        }
    }

    /// Merges a record into the one at `slot`, which has its id.
    fn merge_into(&mut self, origin: &str, slot: Slot, record: Record) {
        let (kind, pos) = slot;
        let old = self.acc.record_at(kind, pos);
        if old == record {
            return;
        }
        let id = record.id().to_owned();
        if kind != record.record_type() {
            let side = self.resolve(&id, TYPE);
            self.conflicts.push(MergeConflict {
                record_type: kind,
                id: id.clone(),
                field: TYPE.into(),
                first: serde_json::to_value(&old).unwrap_or(Value::Null),
                last: serde_json::to_value(&record).unwrap_or(Value::Null),
                first_origin: self.record_origin(slot),
                last_origin: origin.to_owned(),
                resolution: side,
            });
            if side == Some(Side::Last) {
                self.replace(slot, origin, record);
            }
            return;
        }
        let (Ok(Value::Object(mut into)), Ok(Value::Object(from))) =
            (old.untagged_value(), record.untagged_value())
        else {
            self.record_conflict(slot, origin, &old, record, "not a JSON object".into());
            return;
        };
        let met = self.conflicts.len();
        self.journal.clear();
        self.merge_object(&id, slot, origin, "", &mut into, from, false);
        match Record::from_value(kind, Value::Object(into)) {
            Ok(merged) => self.acc.set_record(kind, pos, merged),
            // A union of two valid records is valid; should it not be (a
            // number JSON cannot hold, made in code), one record is kept
            // whole and the field conflicts met on the way are moot.
            Err(e) => {
                self.conflicts.truncate(met);
                for (key, before) in std::mem::take(&mut self.journal).into_iter().rev() {
                    match before {
                        Some(o) => self.field_origin.insert(key, o),
                        None => self.field_origin.remove(&key),
                    };
                }
                self.record_conflict(slot, origin, &old, record, e.to_string());
            }
        }
        self.journal.clear();
    }

    /// Reports two records of one kind that do not merge, and keeps one whole.
    fn record_conflict(
        &mut self,
        slot: Slot,
        origin: &str,
        old: &Record,
        record: Record,
        why: String,
    ) {
        let id = record.id().to_owned();
        let side = self.resolve(&id, RECORD);
        self.conflicts.push(MergeConflict {
            record_type: slot.0,
            id,
            field: RECORD.into(),
            first: old.untagged_value().unwrap_or(Value::Null),
            last: record.untagged_value().unwrap_or(Value::Null),
            first_origin: self.record_origin(slot),
            last_origin: format!("{origin} ({why})"),
            resolution: side,
        });
        if side == Some(Side::Last) {
            self.forget_origins(slot);
            self.record_origin.insert(slot, origin.to_owned());
            self.acc.set_record(slot.0, slot.1, record);
        }
    }

    /// Puts a record of another kind in place of the one at `slot`.
    fn replace(&mut self, slot: Slot, origin: &str, record: Record) {
        let id = record.id().to_owned();
        let kind = record.record_type();
        let new = (kind, self.acc.count(kind) as u32);
        self.removed.push(slot);
        self.forget_origins(slot);
        self.record_origin.remove(&slot);
        if let Some(at) = self
            .repeated
            .get_mut(&id)
            .and_then(|slots| slots.iter_mut().find(|s| **s == slot))
        {
            *at = new;
        }
        self.acc.forget(&id);
        self.acc.push_record(record);
        self.record_origin.insert(new, origin.to_owned());
    }

    fn forget_origins(&mut self, slot: Slot) {
        let fields: Vec<(Slot, String)> = self
            .field_origin
            .range((slot, String::new())..)
            .take_while(|((s, _), _)| *s == slot)
            .map(|(k, _)| k.clone())
            .collect();
        for k in fields {
            self.field_origin.remove(&k);
        }
    }

    fn set_origin(&mut self, slot: Slot, field: String, origin: &str) {
        let key = (slot, field);
        let before = self.field_origin.insert(key.clone(), origin.to_owned());
        self.journal.push((key, before));
    }

    /// Merges the fields of `from` into `into`, whose paths start with
    /// `prefix`. In a map of fields (`opaque`: `external_ids`, `extra`) each
    /// value is kept as given, so two values of a key are a conflict even
    /// when both are lists or objects.
    #[allow(clippy::too_many_arguments)]
    fn merge_object(
        &mut self,
        id: &str,
        slot: Slot,
        origin: &str,
        prefix: &str,
        into: &mut Map<String, Value>,
        from: Map<String, Value>,
        opaque: bool,
    ) {
        for (key, new) in from {
            let field = format!("{prefix}{key}");
            let Some(old) = into.get_mut(&key) else {
                self.set_origin(slot, field, origin);
                into.insert(key, new);
                continue;
            };
            if *old == new {
                continue;
            }
            match (old, new) {
                (Value::Array(items), Value::Array(more)) if !opaque => {
                    let identity = if prefix.is_empty() {
                        item_identity(&key)
                    } else {
                        None
                    };
                    self.merge_list(id, slot, origin, &field, items, more, identity);
                }
                // A record's maps of fields (external ids, extra fields)
                // union their keys; other objects (a span) are one value.
                (Value::Object(inner), Value::Object(more))
                    if prefix.is_empty() && (key == "external_ids" || key == "extra") =>
                {
                    let prefix = format!("{field}.");
                    self.merge_object(id, slot, origin, &prefix, inner, more, true);
                }
                (old, new) => {
                    let side = self.resolve(id, &field);
                    self.conflicts.push(MergeConflict {
                        record_type: slot.0,
                        id: id.to_owned(),
                        field: field.clone(),
                        first: old.clone(),
                        last: new.clone(),
                        first_origin: self.origin(slot, &field),
                        last_origin: origin.to_owned(),
                        resolution: side,
                    });
                    if side == Some(Side::Last) {
                        *old = new;
                        self.set_origin(slot, field, origin);
                    }
                }
            }
        }
    }

    /// Adds a list's new items to the first side's. An item equal to one
    /// there is not new. With an identity, an item whose identity meets an
    /// item of the first side not yet met (of several, the first) merges
    /// with it field by field. O(f log f) for f items.
    #[allow(clippy::too_many_arguments)]
    fn merge_list(
        &mut self,
        id: &str,
        slot: Slot,
        origin: &str,
        field: &str,
        items: &mut Vec<Value>,
        more: Vec<Value>,
        identity: Option<Identity>,
    ) {
        let mut present: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut unmet: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, item) in items.iter().enumerate() {
            present.entry(item.to_string()).or_default().push(i);
            if let Some(identity) = identity {
                unmet.entry(identity(item)).or_default().insert(i);
            }
        }
        // Items already there meet their equals first, so that a list that
        // holds two items with one identity meets itself.
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let texts: Vec<String> = more.iter().map(Value::to_string).collect();
        let mut new: Vec<bool> = vec![true; more.len()];
        for (k, text) in texts.iter().enumerate() {
            let Some(at) = present.get(text) else {
                continue;
            };
            new[k] = false;
            let n = seen.entry(text).or_insert(0);
            if let (Some(&i), Some(identity)) = (at.get(*n), identity) {
                if let Some(set) = unmet.get_mut(&identity(&more[k])) {
                    set.remove(&i);
                }
                *n += 1;
            }
        }
        for ((item, text), is_new) in more.into_iter().zip(texts).zip(new) {
            if !is_new || present.contains_key(&text) {
                continue;
            }
            let met = identity.and_then(|identity| unmet.get_mut(&identity(&item))?.pop_first());
            match (met, item) {
                (Some(i), Value::Object(from)) => {
                    if let Some(Value::Object(into)) = items.get_mut(i) {
                        let prefix = format!("{field}[{i}].");
                        self.merge_object(id, slot, origin, &prefix, into, from, false);
                    }
                    if let Some(now) = items.get(i) {
                        present.entry(now.to_string()).or_default().push(i);
                    }
                }
                (_, item) => {
                    let j = items.len();
                    present.entry(text).or_default().push(j);
                    self.set_origin(slot, format!("{field}[{j}]"), origin);
                    items.push(item);
                }
            }
        }
    }

    fn resolve(&self, id: &str, field: &str) -> Option<Side> {
        self.choices
            .get(&(id.to_owned(), field.to_owned()))
            .copied()
            .or(self.prefer)
    }

    fn record_origin(&self, slot: Slot) -> String {
        self.record_origin.get(&slot).cloned().unwrap_or_default()
    }

    /// Where a field's value came from: the field's own origin, else that of
    /// the list item it is in, else that of the top-level field it is in,
    /// else the record's.
    fn origin(&self, slot: Slot, field: &str) -> String {
        let top = field.find(['.', '[']).map_or(field, |end| &field[..end]);
        let item = match (field.find('['), field.find(']')) {
            (Some(open), Some(close)) if open == top.len() && item_identity(top).is_some() => {
                Some(&field[..=close])
            }
            _ => None,
        };
        [Some(field), item, Some(top)]
            .into_iter()
            .flatten()
            .find_map(|f| self.field_origin.get(&(slot, f.to_owned())))
            .cloned()
            .unwrap_or_else(|| self.record_origin(slot))
    }

    /// The merged dataset and every conflict.
    pub fn finish(self) -> Merged {
        let mut dataset = self.acc;
        if !self.removed.is_empty() {
            dataset = dataset.without(&self.removed);
        }
        Merged {
            dataset,
            conflicts: self.conflicts,
        }
    }
}

/// What makes a list item one thing seen twice, as text: two items with the
/// same identity are one item.
type Identity = fn(&Value) -> String;

/// The identity of the items of a top-level list field, for lists whose
/// items have one.
fn item_identity(field: &str) -> Option<Identity> {
    fn parts(item: &Value, keys: [&str; 2], fold: bool) -> String {
        let part = |k: &str| match item.get(k) {
            Some(Value::String(s)) if fold => Value::String(s.trim().to_ascii_lowercase()),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        Value::Array(keys.map(part).to_vec()).to_string()
    }
    match field {
        // As `Quantity::comparable` compares them.
        "quantities" => Some(|v| parts(v, ["measure", "unit"], true)),
        "evidence" => Some(|v| parts(v, ["quote", "source"], false)),
        "affiliations" => Some(|v| parts(v, ["actor", "kind"], false)),
        _ => None,
    }
}

impl Dataset {
    /// Merges two datasets, `self` first (see [`Merger`]); conflicts keep the
    /// first value and are returned with both.
    ///
    /// Merging a dataset with itself gives it back unchanged. Merge is
    /// commutative up to the order of records and list items, and
    /// associative, where no conflict arises.
    pub fn merge(&self, other: &Dataset) -> Merged {
        let mut m = Merger::new();
        m.add("first", self.clone());
        m.add("second", other.clone());
        m.finish()
    }
}

impl Record {
    /// The record's JSON value, without its `type` tag.
    pub(crate) fn untagged_value(&self) -> Result<Value, serde_json::Error> {
        match self {
            Record::Source(r) => serde_json::to_value(r),
            Record::Actor(r) => serde_json::to_value(r),
            Record::Proposal(r) => serde_json::to_value(r),
            Record::Concession(r) => serde_json::to_value(r),
            Record::Claim(r) => serde_json::to_value(r),
            Record::Quote(r) => serde_json::to_value(r),
            Record::Stance(r) => serde_json::to_value(r),
            Record::Relation(r) => serde_json::to_value(r),
            Record::Obligation(r) => serde_json::to_value(r),
            Record::SameAs(r) => serde_json::to_value(r),
        }
    }

    /// Reads a record of a known kind from its JSON value.
    pub(crate) fn from_value(kind: RecordType, v: Value) -> Result<Record, serde_json::Error> {
        use crate::model::*;
        Ok(match kind {
            RecordType::Source => Record::Source(Source::deserialize(v)?),
            RecordType::Actor => Record::Actor(Actor::deserialize(v)?),
            RecordType::Proposal => Record::Proposal(Proposal::deserialize(v)?),
            RecordType::Concession => Record::Concession(Concession::deserialize(v)?),
            RecordType::Claim => Record::Claim(Claim::deserialize(v)?),
            RecordType::Quote => Record::Quote(Quote::deserialize(v)?),
            RecordType::Stance => Record::Stance(Stance::deserialize(v)?),
            RecordType::Relation => Record::Relation(Relation::deserialize(v)?),
            RecordType::Obligation => Record::Obligation(Obligation::deserialize(v)?),
            RecordType::SameAs => Record::SameAs(SameAs::deserialize(v)?),
        })
    }
}
