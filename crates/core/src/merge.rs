//! One story, many reports: merging datasets without losing or overwriting
//! anything.
//!
//! Records with the same id are one record seen twice:
//! - the same content collapses to one record;
//! - compatible content is unioned: a field one side lacks is taken from the
//!   other, lists (aliases, sources, evidence, conditions, `proposed_by`,
//!   affiliations, quantities, ...) keep the first side's items in order and
//!   add the other's new ones after them, and maps (`external_ids`) union
//!   their keys;
//! - a field with two different values is a [`MergeConflict`], reported with
//!   the record, the field, both values and where each came from. It keeps
//!   the first value unless the merge was told which side to prefer, for all
//!   conflicts ([`Merger::prefer`]) or for one ([`Merger::choose`]). So a
//!   report may repeat a stub of a record it refers to (a plan with just its
//!   title) and merge cleanly with the full record.
//!
//! A record of one kind and a record of another with the same id conflict on
//! the field `type`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dataset::Dataset;
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

/// Two values of one field of one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MergeConflict {
    /// The kind of record (the first side's, for a `type` conflict).
    pub record_type: RecordType,
    /// The record's id.
    pub id: String,
    /// The field, as a path: `title`, `span`, `external_ids.wikidata`, or
    /// `type` when the two records are of different kinds.
    pub field: String,
    /// The value merged first.
    pub first: Value,
    /// The value merged last.
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
        write!(
            f,
            "{} `{}`, field `{}`: {} in {} but {} in {}",
            self.record_type,
            self.id,
            self.field,
            self.first,
            self.first_origin,
            self.last,
            self.last_origin
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

/// Merges datasets one after another. O(n) for n records, plus O(f) for the
/// f fields of each record whose id was seen before.
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
    /// The input each record first came from.
    record_origin: BTreeMap<String, String>,
    /// The input a field's value came from, where not the record's.
    field_origin: BTreeMap<(String, String), String>,
    prefer: Option<Side>,
    choices: BTreeMap<(String, String), Side>,
    conflicts: Vec<MergeConflict>,
    /// Records replaced by a record of another kind (kind, position).
    removed: Vec<(RecordType, u32)>,
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

    /// Merges a dataset in, naming where it came from (a file name).
    pub fn add(&mut self, origin: &str, ds: Dataset) {
        for record in ds.into_records() {
            self.add_record(origin, record);
        }
    }

    /// Merges one record in.
    pub fn add_record(&mut self, origin: &str, record: Record) {
        let id = record.id().to_owned();
        let Some((kind, pos)) = self.acc.slot_of(&id) else {
            self.record_origin.insert(id, origin.to_owned());
            self.acc.push_record(record);
            return;
        };
        let old = self.acc.record_at(kind, pos);
        if old == record {
            return;
        }
        if kind != record.record_type() {
            let side = self.resolve(&id, "type");
            self.conflicts.push(MergeConflict {
                record_type: kind,
                id: id.clone(),
                field: "type".into(),
                first: Value::String(kind.as_str().into()),
                last: Value::String(record.record_type().as_str().into()),
                first_origin: self.origin(&id, "type"),
                last_origin: origin.to_owned(),
                resolution: side,
            });
            if side == Some(Side::Last) {
                self.removed.push((kind, pos));
                self.acc.forget(&id);
                self.record_origin.insert(id.clone(), origin.to_owned());
                self.field_origin.retain(|(rid, _), _| *rid != id);
                self.acc.push_record(record);
            }
            return;
        }
        let (Ok(Value::Object(mut into)), Ok(Value::Object(from))) =
            (old.untagged_value(), record.untagged_value())
        else {
            return;
        };
        self.merge_object(&id, kind, origin, "", &mut into, from);
        match Record::from_value(kind, Value::Object(into)) {
            Ok(merged) => self.acc.set_record(kind, pos, merged),
            // A union of two valid records is valid; should it not be,
            // the first stays and the second is reported whole.
            Err(e) => self.conflicts.push(MergeConflict {
                record_type: kind,
                id: id.clone(),
                field: String::new(),
                first: old.untagged_value().unwrap_or(Value::Null),
                last: record.untagged_value().unwrap_or(Value::Null),
                first_origin: self.origin(&id, ""),
                last_origin: format!("{origin} ({e})"),
                resolution: None,
            }),
        }
    }

    fn merge_object(
        &mut self,
        id: &str,
        kind: RecordType,
        origin: &str,
        prefix: &str,
        into: &mut Map<String, Value>,
        from: Map<String, Value>,
    ) {
        for (key, new) in from {
            let field = format!("{prefix}{key}");
            let Some(old) = into.get_mut(&key) else {
                self.field_origin
                    .insert((id.to_owned(), field), origin.to_owned());
                into.insert(key, new);
                continue;
            };
            if *old == new {
                continue;
            }
            match (old, new) {
                (Value::Array(items), Value::Array(more)) => {
                    for item in more {
                        if !items.contains(&item) {
                            items.push(item);
                        }
                    }
                }
                // Maps of fields (external ids, extra fields) union their
                // keys; other objects (a span) are one value.
                (Value::Object(inner), Value::Object(more))
                    if key == "external_ids" || key == "extra" =>
                {
                    let prefix = format!("{field}.");
                    self.merge_object(id, kind, origin, &prefix, inner, more);
                }
                (old, new) => {
                    let side = self.resolve(id, &field);
                    self.conflicts.push(MergeConflict {
                        record_type: kind,
                        id: id.to_owned(),
                        field: field.clone(),
                        first: old.clone(),
                        last: new.clone(),
                        first_origin: self.origin(id, &field),
                        last_origin: origin.to_owned(),
                        resolution: side,
                    });
                    if side == Some(Side::Last) {
                        *old = new;
                        self.field_origin
                            .insert((id.to_owned(), field), origin.to_owned());
                    }
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

    fn origin(&self, id: &str, field: &str) -> String {
        self.field_origin
            .get(&(id.to_owned(), field.to_owned()))
            .or_else(|| self.record_origin.get(id))
            .cloned()
            .unwrap_or_default()
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
