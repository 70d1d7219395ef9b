//! Random sequences of edits run against a `Dataset` and against a plain
//! model, which must agree after every step.
//!
//! The edits are every way the API changes a dataset: `insert` (refused on a
//! used id), `push` and `push_record` (kept even so), replacing a record
//! through the `*_mut` guards (renames included), merging other datasets in
//! (`Merger` with `add` or `add_record`, `prefer` and `choose`, and
//! `Dataset::merge`, with itself too), and a trip through canonical JSON,
//! JSON Lines or `into_records`. After each step the two agree on every
//! record and its place, each count, every lookup by id (typed or not), the
//! duplicate ids, dangling references and wrong kinds validation reports,
//! and what a trip through either format gives back, lookups included.
//!
//! The model keeps each kind's records in a list, in insertion order, and
//! finds an id by scanning the lists in file order (kind by kind, then
//! position): the first record with the id answers for it. It has no index,
//! so none of the library's index bookkeeping is repeated here.
//!
//! Its merge rule, as `docs/FORMAT.md` states it: records meet by id, the
//! n-th record with an id in an input meeting the n-th record that came with
//! that id before (`add_record` always meets the first). Equal records
//! collapse. Records of two kinds conflict on `type`; keeping the last drops
//! the first record and puts the last at the end of its kind. Records of one
//! kind merge field by field in name order: a field one lacks is taken, a
//! list gains the items it does not hold yet, in order, `external_ids` and
//! `extra` gain the keys they lack, and two values of a field (or of a key,
//! whatever it holds) conflict, keeping the first unless `choose` (for that
//! id and field) or else `prefer` says which. Items with an identity
//! (quantities, evidence, affiliations) first meet their equals, the n-th
//! equal the n-th; each other new item merges field by field, as a record
//! does, into the first item already there with its identity that nothing
//! met yet, or else is added. A conflict names where each value came from:
//! the input that gave the field its value, or else the one that gave its
//! list item, its top-level field, or the record. A record no earlier one
//! meets comes at the end of its kind.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::str::FromStr;

use claimgraph_core::{
    Actor, ActorKind, Affiliation, Claim, Concession, Dataset, DatasetError, Evidence,
    MergeConflict, Merger, Obligation, Problem, ProblemKind, Proposal, Quantity, Quote, QuoteMode,
    Record, RecordId, RecordRef, RecordType, Relation, SameAs, Side, Source, Stance,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use serde_json::{Value, json};

/// Few ids, shared by every kind: so ids meet often, within a kind and across.
const IDS: &[&str] = &["a", "b", "c", "d", "Київ"];
/// What references point at: the ids, and one no record ever has.
const REFS: &[&str] = &["a", "b", "c", "d", "Київ", "gone"];
/// Few texts, so that two records agree on a field as often as not; with a
/// quote and a line break for the writers to escape.
const TEXTS: &[&str] = &["α", "say \"no\"", "one\ntwo"];
/// Fields a merge may be told to resolve one way.
const FIELDS: &[&str] = &[
    "type",
    "title",
    "name",
    "what",
    "position",
    "date",
    "quantities[0].value",
    "evidence[0].reported_by",
    "extra.aif:tags",
];

const ACTOR: &[RecordType] = &[RecordType::Actor];
const SOURCE: &[RecordType] = &[RecordType::Source];
const PROPOSAL: &[RecordType] = &[RecordType::Proposal];
const QUOTE: &[RecordType] = &[RecordType::Quote];
const CLAIM: &[RecordType] = &[RecordType::Claim];
const STANCE_TARGET: &[RecordType] = &[
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Actor,
];
const RELATION_TO: &[RecordType] = &[RecordType::Claim, RecordType::Proposal];
const SAME_AS_TARGET: &[RecordType] = &[
    RecordType::Actor,
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Source,
    RecordType::Obligation,
];

#[derive(Clone, Copy, Debug)]
enum Class {
    Required,
    Optional,
    List,
}

#[derive(Clone, Copy, Debug)]
enum Values {
    Text,
    /// An id of a record of these kinds.
    Ref(&'static [RecordType]),
    Word(&'static [&'static str]),
    Number(&'static [f64]),
    /// Objects with these fields, one item seen twice when the fields of
    /// its identity meet (strings compared trimmed and ignoring case when
    /// the flag is set).
    Items(&'static [Field], &'static [&'static str], bool),
    /// Any JSON, kept as given: strings, lists, objects.
    Json,
    /// An object with some of these keys, each value drawn from the pool.
    Map(&'static [&'static str], &'static Values),
}

/// One field of a record (or of a list item) as the model sees it, named as
/// in the file.
#[derive(Debug)]
struct Field {
    name: &'static str,
    class: Class,
    values: Values,
}

const fn field(name: &'static str, class: Class, values: Values) -> Field {
    Field {
        name,
        class,
        values,
    }
}

use Class::{List, Optional, Required};
use Values::{Items, Json, Map, Number, Ref, Text, Word};

/// Keys of `extra`: a namespaced one, and one that names a map of claimgraph's.
const EXTRA_KEYS: &[&str] = &["aif:tags", "external_ids"];
const AFFILIATION: &[Field] = &[
    field("actor", Required, Ref(ACTOR)),
    field("kind", Required, Word(&["member", "role"])),
    field("title", Optional, Text),
];
const EVIDENCE: &[Field] = &[
    field("quote", Required, Ref(QUOTE)),
    field("reported_by", Optional, Ref(ACTOR)),
];
const QUANTITY: &[Field] = &[
    field("measure", Required, Word(&["troops", " Troops"])),
    field("comparator", Required, Word(&["at_most", "exactly"])),
    field("value", Required, Number(&[1.0, 2.5])),
    field("unit", Required, Word(&["men", "km"])),
    field("max", Optional, Number(&[5.0])),
];

/// The fields the model knows of each kind: a text, an optional value, a
/// list, references of each shape. Fields left out keep their defaults, the
/// same on every record.
fn schema(kind: RecordType) -> &'static [Field] {
    const SOURCE_FIELDS: &[Field] = &[
        field("title", Required, Text),
        field("publisher", Optional, Text),
        field("extra", Optional, Map(EXTRA_KEYS, &Json)),
    ];
    const ACTOR_FIELDS: &[Field] = &[
        field("name", Required, Text),
        field("description", Optional, Text),
        field(
            "external_ids",
            Optional,
            Map(&["wikidata", "cameo"], &Word(&["Q1", "Q2"])),
        ),
        field("aliases", List, Text),
        field(
            "affiliations",
            List,
            Items(AFFILIATION, &["actor", "kind"], false),
        ),
    ];
    const PROPOSAL_FIELDS: &[Field] = &[
        field("title", Required, Text),
        field("text", Optional, Text),
        field("proposed_by", List, Ref(ACTOR)),
        field("part_of", Optional, Ref(PROPOSAL)),
        field("date", Optional, Word(&["2025-11", "2025-11-01"])),
        field(
            "quantities",
            List,
            Items(QUANTITY, &["measure", "unit"], true),
        ),
    ];
    const CONCESSION_FIELDS: &[Field] = &[
        field("what", Required, Text),
        field("by", Required, Ref(ACTOR)),
        field("to", Optional, Ref(ACTOR)),
    ];
    const CLAIM_FIELDS: &[Field] = &[
        field("text", Required, Text),
        field("about", List, Ref(RecordType::ALL)),
        field("extra", Optional, Map(EXTRA_KEYS, &Json)),
    ];
    const QUOTE_FIELDS: &[Field] = &[
        field("text", Required, Text),
        field("speaker", Required, Ref(ACTOR)),
        field("source", Required, Ref(SOURCE)),
        field("cue", Optional, Text),
    ];
    const STANCE_FIELDS: &[Field] = &[
        field("holder", Required, Ref(ACTOR)),
        field("target", Required, Ref(STANCE_TARGET)),
        field("position", Required, Word(&["supports", "opposes"])),
        field("conditions", List, Text),
        field(
            "evidence",
            List,
            Items(EVIDENCE, &["quote", "source"], false),
        ),
    ];
    const RELATION_FIELDS: &[Field] = &[
        field("from", Required, Ref(CLAIM)),
        field("to", Required, Ref(RELATION_TO)),
        field("kind", Required, Word(&["supports", "attacks"])),
    ];
    const OBLIGATION_FIELDS: &[Field] = &[
        field("what", Required, Text),
        field("by", Required, Ref(ACTOR)),
        field("required_by", Optional, Ref(PROPOSAL)),
    ];
    const SAME_AS_FIELDS: &[Field] = &[
        field("a", Required, Ref(SAME_AS_TARGET)),
        field("b", Required, Ref(SAME_AS_TARGET)),
        field("judgement", Required, Word(&["positive", "negative"])),
    ];
    match kind {
        RecordType::Source => SOURCE_FIELDS,
        RecordType::Actor => ACTOR_FIELDS,
        RecordType::Proposal => PROPOSAL_FIELDS,
        RecordType::Concession => CONCESSION_FIELDS,
        RecordType::Claim => CLAIM_FIELDS,
        RecordType::Quote => QUOTE_FIELDS,
        RecordType::Stance => STANCE_FIELDS,
        RecordType::Relation => RELATION_FIELDS,
        RecordType::Obligation => OBLIGATION_FIELDS,
        RecordType::SameAs => SAME_AS_FIELDS,
        other => panic!("the model does not know the kind {other}"),
    }
}

/// A list item with fields: their values, as the file holds them.
type Item = BTreeMap<&'static str, Value>;

#[derive(Clone, Debug, PartialEq)]
enum Val {
    One(String),
    /// Never empty: an empty list is an absent field.
    Many(Vec<String>),
    /// Never empty.
    Items(Vec<Item>),
    /// Never empty.
    Map(BTreeMap<String, Value>),
}

/// A string field of an item.
fn text(item: &Item, name: &str) -> Option<String> {
    item.get(name)
        .map(|v| v.as_str().expect("a string").to_owned())
}

/// A number field of an item.
fn number(item: &Item, name: &str) -> Option<f64> {
    item.get(name).map(|v| v.as_f64().expect("a number"))
}

/// A record as the model holds it: its fields by name, absent ones left out.
#[derive(Clone, Debug, PartialEq)]
struct Rec {
    kind: RecordType,
    id: String,
    fields: BTreeMap<&'static str, Val>,
}

fn id<T: FromStr>(s: &str) -> T
where
    T::Err: Debug,
{
    s.parse().expect("the model's ids are valid")
}

fn word<T: FromStr>(s: &str) -> T
where
    T::Err: Debug,
{
    s.parse().expect("the model's words are in the vocabulary")
}

impl Rec {
    fn one(&self, name: &str) -> String {
        match self.fields.get(name) {
            Some(Val::One(v)) => v.clone(),
            other => panic!("{} `{}`: {name} is {other:?}", self.kind, self.id),
        }
    }

    fn opt(&self, name: &str) -> Option<String> {
        self.fields.get(name).map(|_| self.one(name))
    }

    fn many(&self, name: &str) -> Vec<String> {
        match self.fields.get(name) {
            Some(Val::Many(v)) => v.clone(),
            None => Vec::new(),
            other => panic!("{} `{}`: {name} is {other:?}", self.kind, self.id),
        }
    }

    fn ids<T: FromStr>(&self, name: &str) -> Vec<T>
    where
        T::Err: Debug,
    {
        self.many(name).iter().map(|s| id(s)).collect()
    }

    fn map(&self, name: &str) -> BTreeMap<String, Value> {
        match self.fields.get(name) {
            Some(Val::Map(m)) => m.clone(),
            None => BTreeMap::new(),
            other => panic!("{} `{}`: {name} is {other:?}", self.kind, self.id),
        }
    }

    fn items(&self, name: &str) -> Vec<Item> {
        match self.fields.get(name) {
            Some(Val::Items(v)) => v.clone(),
            None => Vec::new(),
            other => panic!("{} `{}`: {name} is {other:?}", self.kind, self.id),
        }
    }

    /// The library's record.
    fn record(&self) -> Record {
        let i = self.id.as_str();
        match self.kind {
            RecordType::Source => {
                let mut r = Source::new(id(i), self.one("title"));
                r.publisher = self.opt("publisher");
                r.extra = self.map("extra");
                r.into()
            }
            RecordType::Actor => {
                let mut r = Actor::new(id(i), self.one("name"), ActorKind::State);
                r.description = self.opt("description");
                r.external_ids = self
                    .map("external_ids")
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().expect("a string").to_owned()))
                    .collect();
                r.aliases = self.many("aliases");
                r.affiliations = self
                    .items("affiliations")
                    .iter()
                    .map(|a| {
                        let mut af = Affiliation::new(
                            id(&text(a, "actor").expect("an actor")),
                            word(&text(a, "kind").expect("a kind")),
                        );
                        af.title = text(a, "title");
                        af
                    })
                    .collect();
                r.into()
            }
            RecordType::Proposal => {
                let mut r = Proposal::new(id(i), self.one("title"));
                r.text = self.opt("text");
                r.proposed_by = self.ids("proposed_by");
                r.part_of = self.opt("part_of").map(|p| id(&p));
                r.date = self.opt("date").map(|d| word(&d));
                r.quantities = self
                    .items("quantities")
                    .iter()
                    .map(|q| {
                        let mut quantity = Quantity::new(
                            text(q, "measure").expect("a measure"),
                            word(&text(q, "comparator").expect("a comparator")),
                            number(q, "value").expect("a value"),
                            text(q, "unit").expect("a unit"),
                        );
                        quantity.max = number(q, "max");
                        quantity
                    })
                    .collect();
                r.into()
            }
            RecordType::Concession => {
                let mut r = Concession::new(id(i), id(&self.one("by")), self.one("what"));
                r.to = self.opt("to").map(|a| id(&a));
                r.into()
            }
            RecordType::Claim => {
                let mut r = Claim::new(id(i), self.one("text"));
                r.about = self.ids("about");
                r.extra = self.map("extra");
                r.into()
            }
            RecordType::Quote => {
                let mut r = Quote::new(
                    id(i),
                    id(&self.one("speaker")),
                    id(&self.one("source")),
                    QuoteMode::Direct,
                    self.one("text"),
                );
                r.cue = self.opt("cue");
                r.into()
            }
            RecordType::Stance => {
                let mut r = Stance::new(
                    id(i),
                    id(&self.one("holder")),
                    id::<RecordId>(&self.one("target")),
                    word(&self.one("position")),
                );
                r.conditions = self.many("conditions");
                r.evidence = self
                    .items("evidence")
                    .iter()
                    .map(|e| {
                        let mut evidence = Evidence::quote(id(&text(e, "quote").expect("a quote")));
                        evidence.reported_by = text(e, "reported_by").map(|a| id(&a));
                        evidence
                    })
                    .collect();
                r.into()
            }
            RecordType::Relation => Relation::new(
                id(i),
                id::<RecordId>(&self.one("from")),
                id::<RecordId>(&self.one("to")),
                word(&self.one("kind")),
            )
            .into(),
            RecordType::Obligation => {
                let mut r = Obligation::new(id(i), id(&self.one("by")), self.one("what"));
                r.required_by = self.opt("required_by").map(|p| id(&p));
                r.into()
            }
            RecordType::SameAs => SameAs::new(
                id(i),
                id::<RecordId>(&self.one("a")),
                id::<RecordId>(&self.one("b")),
                word(&self.one("judgement")),
            )
            .into(),
            other => panic!("the model does not know the kind {other}"),
        }
    }

    /// Every reference the record makes: the field's path, the id, the
    /// kinds that fit.
    fn references(&self) -> Vec<(String, String, &'static [RecordType])> {
        let mut out = Vec::new();
        for f in schema(self.kind) {
            match (self.fields.get(f.name), f.values) {
                (Some(Val::One(target)), Ref(kinds)) => {
                    out.push((f.name.to_owned(), target.clone(), kinds));
                }
                (Some(Val::Many(targets)), Ref(kinds)) => {
                    for (i, target) in targets.iter().enumerate() {
                        out.push((format!("{}[{i}]", f.name), target.clone(), kinds));
                    }
                }
                (Some(Val::Items(items)), Items(subs, ..)) => {
                    for (i, item) in items.iter().enumerate() {
                        for sub in subs {
                            if let Ref(kinds) = sub.values
                                && let Some(target) = text(item, sub.name)
                            {
                                out.push((format!("{}[{i}].{}", f.name, sub.name), target, kinds));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// What the last step should have answered, as the model sees it.
#[derive(Clone, Debug, Default)]
enum Expect {
    #[default]
    Nothing,
    /// `insert`: taken, or refused for the kind that holds the id.
    Inserted(Result<(), RecordType>),
    /// A `*_mut` guard: whether the id names a record of the kind.
    Found(bool),
    /// A merge: its conflicts, in the order met.
    Merged(Vec<MergeConflict>),
}

#[derive(Clone, Debug, Default)]
struct Model {
    /// Each kind's records in insertion order, kinds in file order (the
    /// order of `RecordType`).
    kinds: BTreeMap<RecordType, Vec<Rec>>,
    expect: Expect,
}

impl Model {
    fn records(&self) -> impl Iterator<Item = &Rec> {
        self.kinds.values().flatten()
    }

    fn push(&mut self, rec: Rec) {
        self.kinds.entry(rec.kind).or_default().push(rec);
    }

    /// The record an id names: the first with it in file order.
    fn first(&self, id: &str) -> Option<&Rec> {
        self.records().find(|r| r.id == id)
    }

    fn count(&self, kind: RecordType) -> usize {
        self.kinds.get(&kind).map_or(0, Vec::len)
    }

    /// The duplicate ids, dangling references and wrong kinds validation
    /// should report, each as the library writes it.
    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut report = |r: &Rec, field: &str, kind: ProblemKind| {
            let p = Problem {
                severity: claimgraph_core::Severity::Error,
                record_type: r.kind,
                record: r.id.clone(),
                field: field.to_owned(),
                kind,
            };
            out.push(format!("{p:?}"));
        };
        for r in self.records() {
            let first = self.first(&r.id).expect("the record itself has its id");
            if !std::ptr::eq(first, r) {
                let first_index = self.kinds[&first.kind]
                    .iter()
                    .position(|x| std::ptr::eq(x, first))
                    .expect("the first record is in its kind");
                report(
                    r,
                    "id",
                    ProblemKind::DuplicateId {
                        first_type: first.kind,
                        first_index,
                    },
                );
            }
            for (field, target, expected) in r.references() {
                match self.first(&target) {
                    None => report(
                        r,
                        &field,
                        ProblemKind::DanglingReference {
                            target,
                            expected: expected.to_vec(),
                        },
                    ),
                    Some(found) if !expected.contains(&found.kind) => report(
                        r,
                        &field,
                        ProblemKind::WrongKind {
                            target,
                            found: found.kind,
                            expected: expected.to_vec(),
                        },
                    ),
                    Some(_) => {}
                }
            }
            // The two sides of a judgement must be of one kind.
            if r.kind == RecordType::SameAs
                && let (Some(a), Some(b)) = (self.first(&r.one("a")), self.first(&r.one("b")))
                && a.kind != b.kind
                && SAME_AS_TARGET.contains(&a.kind)
            {
                report(
                    r,
                    "b",
                    ProblemKind::WrongKind {
                        target: b.id.clone(),
                        found: b.kind,
                        expected: vec![a.kind],
                    },
                );
            }
        }
        out.sort();
        out
    }
}

/// One input to a merge.
#[derive(Clone, Debug)]
struct Input {
    origin: String,
    records: Vec<Rec>,
    /// Merged record by record with `add_record`, in the order given, rather
    /// than as a dataset with `add`.
    one_by_one: bool,
}

/// A record in a merge under way.
#[derive(Debug)]
struct Held {
    rec: Rec,
    /// The input the record came from.
    origin: String,
    /// The input each value came from, where another, by path: `title`,
    /// `quantities[1]`, `quantities[0].value`.
    field_origin: BTreeMap<String, String>,
    /// Replaced by a record of another kind.
    dropped: bool,
}

impl Held {
    /// Where the value at a path came from: its own origin, else its list
    /// item's, else its top-level field's, else the record's.
    fn origin_of(&self, path: &str) -> String {
        let top = path.split(['.', '[']).next().unwrap_or(path);
        let item = path.find(']').map(|end| &path[..=end]);
        [Some(path), item, Some(top)]
            .into_iter()
            .flatten()
            .find_map(|p| self.field_origin.get(p))
            .unwrap_or(&self.origin)
            .clone()
    }
}

/// The model's merge: see the rule at the top of this file.
struct ModelMerge<'a> {
    prefer: Option<Side>,
    choices: &'a [(String, String, Side)],
    conflicts: Vec<MergeConflict>,
}

impl ModelMerge<'_> {
    /// Reports two values at a path of a record; whether to keep the last.
    fn conflict(&mut self, held: &Held, path: &str, first: Value, last: Value, from: &str) -> bool {
        let side = self
            .choices
            .iter()
            .rev()
            .find(|(id, field, _)| *id == held.rec.id && field == path)
            .map(|c| c.2)
            .or(self.prefer);
        self.conflicts.push(MergeConflict {
            record_type: held.rec.kind,
            id: held.rec.id.clone(),
            field: path.to_owned(),
            first,
            last,
            first_origin: held.origin_of(path),
            last_origin: from.to_owned(),
            resolution: side,
        });
        side == Some(Side::Last)
    }

    /// Merges a record of the same kind into `held`, field by field.
    fn fields(&mut self, held: &mut Held, rec: Rec, from: &str) {
        for (name, new) in rec.fields {
            let Some(old) = held.rec.fields.remove(name) else {
                held.rec.fields.insert(name, new);
                held.field_origin.insert(name.to_owned(), from.to_owned());
                continue;
            };
            let kept = match (old, new) {
                (old, new) if old == new => old,
                (Val::Many(mut items), Val::Many(more)) => {
                    for item in more {
                        if !items.contains(&item) {
                            items.push(item);
                        }
                    }
                    Val::Many(items)
                }
                (Val::Items(items), Val::Items(more)) => {
                    Val::Items(self.items(held, name, items, more, from))
                }
                (Val::Map(mut map), Val::Map(more)) => {
                    for (key, v) in more {
                        let path = format!("{name}.{key}");
                        let keep_last = match map.get(&key) {
                            None => true,
                            Some(old) if *old == v => false,
                            Some(old) => self.conflict(held, &path, old.clone(), v.clone(), from),
                        };
                        if keep_last {
                            map.insert(key, v);
                            held.field_origin.insert(path, from.to_owned());
                        }
                    }
                    Val::Map(map)
                }
                (Val::One(old), Val::One(new)) => {
                    let (first, last) = (Value::String(old.clone()), Value::String(new.clone()));
                    if self.conflict(held, name, first, last, from) {
                        held.field_origin.insert(name.to_owned(), from.to_owned());
                        Val::One(new)
                    } else {
                        Val::One(old)
                    }
                }
                (old, new) => panic!("{name}: {old:?} and {new:?} differ in shape"),
            };
            held.rec.fields.insert(name, kept);
        }
    }

    /// Merges the items `more` into `items`, a list of items with an
    /// identity.
    fn items(
        &mut self,
        held: &mut Held,
        name: &str,
        mut items: Vec<Item>,
        more: Vec<Item>,
        from: &str,
    ) -> Vec<Item> {
        let Some(Items(_, keys, fold)) = schema(held.rec.kind)
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.values)
        else {
            panic!("{name} has no identity")
        };
        let identity = |item: &Item| -> Vec<Value> {
            keys.iter()
                .map(|k| match item.get(k) {
                    Some(Value::String(s)) if fold => Value::String(s.trim().to_ascii_lowercase()),
                    Some(v) => v.clone(),
                    None => Value::Null,
                })
                .collect()
        };
        let first = items.clone();
        let mut met = vec![false; first.len()];
        let mut rest = Vec::new();
        for item in more {
            if first.contains(&item) {
                if let Some(i) = (0..first.len()).find(|&i| !met[i] && first[i] == item) {
                    met[i] = true;
                }
            } else {
                rest.push(item);
            }
        }
        for item in rest {
            if items.contains(&item) {
                continue;
            }
            let key = identity(&item);
            let Some(i) = (0..first.len()).find(|&i| !met[i] && identity(&first[i]) == key) else {
                held.field_origin
                    .insert(format!("{name}[{}]", items.len()), from.to_owned());
                items.push(item);
                continue;
            };
            met[i] = true;
            for (sub, v) in item {
                let path = format!("{name}[{i}].{sub}");
                let keep_last = match items[i].get(sub) {
                    None => true,
                    Some(old) if *old == v => false,
                    Some(old) => self.conflict(held, &path, old.clone(), v.clone(), from),
                };
                if keep_last {
                    items[i].insert(sub, v);
                    held.field_origin.insert(path, from.to_owned());
                }
            }
        }
        items
    }
}

fn hold(kinds: &mut BTreeMap<RecordType, Vec<Held>>, rec: Rec, from: &str) -> (RecordType, usize) {
    let kind = rec.kind;
    let list = kinds.entry(kind).or_default();
    list.push(Held {
        rec,
        origin: from.to_owned(),
        field_origin: BTreeMap::new(),
        dropped: false,
    });
    (kind, list.len() - 1)
}

/// The model's merge: see the rule at the top of this file.
fn merge(
    inputs: &[Input],
    prefer: Option<Side>,
    choices: &[(String, String, Side)],
) -> (Model, Vec<MergeConflict>) {
    let mut m = ModelMerge {
        prefer,
        choices,
        conflicts: Vec::new(),
    };
    let mut kinds: BTreeMap<RecordType, Vec<Held>> = BTreeMap::new();
    // The records each id met, in the order they came.
    let mut holders: BTreeMap<String, Vec<(RecordType, usize)>> = BTreeMap::new();
    for input in inputs {
        let from = input.origin.as_str();
        let mut records = input.records.clone();
        if !input.one_by_one {
            // A dataset gives its records kind by kind.
            records.sort_by_key(|r| r.kind);
        }
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for rec in records {
            let nth = if input.one_by_one {
                0
            } else {
                let n = seen.entry(rec.id.clone()).or_default();
                *n += 1;
                *n - 1
            };
            let id = rec.id.clone();
            let Some(&(kind, pos)) = holders.get(&id).and_then(|h| h.get(nth)) else {
                let slot = hold(&mut kinds, rec, from);
                holders.entry(id).or_default().push(slot);
                continue;
            };
            let held = &mut kinds.get_mut(&kind).expect("held")[pos];
            if held.rec == rec {
                continue;
            }
            if held.rec.kind == rec.kind {
                m.fields(held, rec, from);
                continue;
            }
            let first = serde_json::to_value(held.rec.record()).expect("serialises");
            let last = serde_json::to_value(rec.record()).expect("serialises");
            if m.conflict(held, "type", first, last, from) {
                held.dropped = true;
                let slot = hold(&mut kinds, rec, from);
                holders.get_mut(&id).expect("held")[nth] = slot;
            }
        }
    }
    let mut out = Model::default();
    for held in kinds.into_values().flatten() {
        if !held.dropped {
            out.push(held.rec);
        }
    }
    (out, m.conflicts)
}

#[derive(Clone, Copy, Debug)]
enum Format {
    Json,
    JsonLines,
    /// `into_records`, each pushed back with `push_record`.
    Records,
}

#[derive(Clone, Debug)]
enum Step {
    /// `Dataset::insert`.
    Insert(Rec),
    /// `Dataset::push`, or `push_record` when the flag is set.
    Push(Rec, bool),
    /// `*slot = record` through the `*_mut` guard of the record's kind for
    /// the id `target`; the record may have another id.
    Replace { target: String, with: Rec },
    /// `Merger`: the dataset first, as `state`, then each input.
    Merge {
        inputs: Vec<Input>,
        prefer: Option<Side>,
        choices: Vec<(String, String, Side)>,
    },
    /// `Dataset::merge` with another dataset.
    MergeWith(Vec<Rec>),
    /// `Dataset::merge` with itself.
    MergeSelf,
    /// Written and read back.
    Reread(Format),
}

/// A value drawn from a field's pool, as the file holds it.
fn value(values: Values) -> BoxedStrategy<Value> {
    let words = |pool: &'static [&'static str]| select(pool).prop_map(Value::from).boxed();
    match values {
        Text => words(TEXTS),
        Ref(..) => words(REFS),
        Word(pool) => words(pool),
        Number(pool) => select(pool).prop_map(Value::from).boxed(),
        Json => select(vec![
            json!("x"),
            json!([1, 2]),
            json!([2]),
            json!({"k": 1}),
            json!({"j": [1]}),
        ])
        .boxed(),
        Map(keys, values) => proptest::collection::vec((select(keys), value(*values)), 0..=2)
            .prop_map(|pairs| {
                Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            })
            .boxed(),
        Items(subs, ..) => {
            let fields: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = subs
                .iter()
                .map(|f| {
                    let name = f.name;
                    match f.class {
                        Optional => proptest::option::of(value(f.values))
                            .prop_map(move |v| v.map(|v| (name, v)))
                            .boxed(),
                        _ => value(f.values).prop_map(move |v| Some((name, v))).boxed(),
                    }
                })
                .collect();
            fields
                .prop_map(|f| {
                    Value::Object(
                        f.into_iter()
                            .flatten()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    )
                })
                .boxed()
        }
    }
}

/// An item drawn as a JSON object, back to the model's form.
fn item(v: Value, subs: &'static [Field]) -> Item {
    subs.iter()
        .filter_map(|f| Some((f.name, v.get(f.name)?.clone())))
        .collect()
}

/// A record of a kind, every field drawn afresh.
fn fresh(kind: RecordType) -> BoxedStrategy<Rec> {
    let fields: Vec<BoxedStrategy<Option<(&'static str, Val)>>> = schema(kind)
        .iter()
        .map(|f| {
            let name = f.name;
            let values = f.values;
            let one = |v: Value| Val::One(v.as_str().expect("a string").to_owned());
            match (f.class, values) {
                (_, Map(..)) => value(values)
                    .prop_map(move |v| {
                        let Value::Object(map) = v else {
                            panic!("a map is an object")
                        };
                        let map: BTreeMap<String, Value> = map.into_iter().collect();
                        (!map.is_empty()).then_some((name, Val::Map(map)))
                    })
                    .boxed(),
                (Required, _) => value(values)
                    .prop_map(move |v| Some((name, one(v))))
                    .boxed(),
                (Optional, _) => proptest::option::of(value(values))
                    .prop_map(move |v| v.map(|v| (name, one(v))))
                    .boxed(),
                (List, _) => proptest::collection::vec(value(values), 0..=2)
                    .prop_map(move |v| {
                        if v.is_empty() {
                            return None;
                        }
                        let list = match values {
                            Items(subs, ..) => {
                                Val::Items(v.into_iter().map(|v| item(v, subs)).collect())
                            }
                            _ => Val::Many(
                                v.iter()
                                    .map(|v| v.as_str().expect("a string").to_owned())
                                    .collect(),
                            ),
                        };
                        Some((name, list))
                    })
                    .boxed(),
            }
        })
        .collect();
    (select(IDS), fields)
        .prop_map(move |(id, fields)| Rec {
            kind,
            id: id.to_owned(),
            fields: fields.into_iter().flatten().collect(),
        })
        .boxed()
}

fn any_fresh() -> BoxedStrategy<Rec> {
    select(RecordType::ALL).prop_flat_map(fresh).boxed()
}

/// A record like one the dataset holds: its id and kind, each field kept,
/// drawn afresh, or (where it may be) left out or cut to a stub, so that
/// merges meet stubs, supersets and conflicts.
fn like(model: &Model) -> BoxedStrategy<Rec> {
    let held: Vec<Rec> = model.records().cloned().collect();
    if held.is_empty() {
        return any_fresh();
    }
    select(held)
        .prop_flat_map(|r| {
            let n = schema(r.kind).len();
            (
                Just(r.clone()),
                fresh(r.kind),
                proptest::collection::vec(0..4u8, n),
            )
        })
        .prop_map(|(old, new, how)| {
            let mut fields = BTreeMap::new();
            for (f, how) in schema(old.kind).iter().zip(how) {
                let from = match (how, f.class) {
                    (2, _) => &new,
                    (3, Optional | List) => continue,
                    _ => &old,
                };
                let Some(v) = from.fields.get(f.name) else {
                    continue;
                };
                let v = match (how, v, f.values) {
                    // Items without their optional fields, which the whole
                    // items fill.
                    (1, Val::Items(items), Items(subs, ..)) => Val::Items(
                        items
                            .iter()
                            .map(|item| {
                                let mut stub = item.clone();
                                stub.retain(|k, _| {
                                    subs.iter()
                                        .any(|s| s.name == *k && !matches!(s.class, Optional))
                                });
                                stub
                            })
                            .collect(),
                    ),
                    _ => v.clone(),
                };
                fields.insert(f.name, v);
            }
            Rec {
                kind: old.kind,
                id: old.id,
                fields,
            }
        })
        .boxed()
}

fn some_record(model: &Model) -> BoxedStrategy<Rec> {
    prop_oneof![like(model), any_fresh()].boxed()
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::First), Just(Side::Last)]
}

/// Records to merge in: mostly like those held, so that most meet their
/// own kind.
fn records(model: &Model) -> BoxedStrategy<Vec<Rec>> {
    proptest::collection::vec(prop_oneof![3 => like(model), 1 => any_fresh()], 0..4).boxed()
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        proptest::collection::vec(any_fresh(), 0..6)
            .prop_map(|recs| {
                let mut m = Model::default();
                recs.into_iter().for_each(|r| m.push(r));
                m
            })
            .boxed()
    }

    fn transitions(model: &Model) -> BoxedStrategy<Step> {
        let replace = prop_oneof![
            // Mostly records the dataset holds, renamed now and then.
            (like(model), proptest::option::of(select(IDS))).prop_map(|(mut with, to)| {
                let target = with.id.clone();
                if let Some(to) = to {
                    with.id = to.to_owned();
                }
                Step::Replace { target, with }
            }),
            (select(IDS), any_fresh()).prop_map(|(target, with)| Step::Replace {
                target: target.to_owned(),
                with,
            }),
        ];
        let input = (records(model), any::<bool>());
        let merge = (
            proptest::collection::vec(input, 1..=2),
            proptest::option::of(side()),
            proptest::collection::vec((select(IDS), select(FIELDS), side()), 0..=2),
        )
            .prop_map(|(inputs, prefer, choices)| Step::Merge {
                inputs: inputs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (records, one_by_one))| Input {
                        origin: format!("in{i}"),
                        records,
                        one_by_one,
                    })
                    .collect(),
                prefer,
                choices: choices
                    .into_iter()
                    .map(|(id, field, side)| (id.to_owned(), field.to_owned(), side))
                    .collect(),
            });
        let format = prop_oneof![
            Just(Format::Json),
            Just(Format::JsonLines),
            Just(Format::Records)
        ];
        prop_oneof![
            3 => some_record(model).prop_map(Step::Insert),
            3 => (some_record(model), any::<bool>()).prop_map(|(r, b)| Step::Push(r, b)),
            3 => replace,
            3 => merge,
            1 => records(model).prop_map(Step::MergeWith),
            1 => Just(Step::MergeSelf),
            1 => format.prop_map(Step::Reread),
        ]
        .boxed()
    }

    fn apply(mut model: Model, step: &Step) -> Model {
        model.expect = Expect::Nothing;
        match step {
            Step::Insert(rec) => match model.first(&rec.id) {
                Some(holder) => model.expect = Expect::Inserted(Err(holder.kind)),
                None => {
                    model.push(rec.clone());
                    model.expect = Expect::Inserted(Ok(()));
                }
            },
            Step::Push(rec, _) => model.push(rec.clone()),
            Step::Replace { target, with } => {
                let at = model
                    .first(target)
                    .filter(|r| r.kind == with.kind)
                    .map(|r| {
                        let list = &model.kinds[&r.kind];
                        list.iter()
                            .position(|x| std::ptr::eq(x, r))
                            .expect("in its kind")
                    });
                if let Some(pos) = at {
                    model.kinds.get_mut(&with.kind).expect("held")[pos] = with.clone();
                }
                model.expect = Expect::Found(at.is_some());
            }
            Step::Merge {
                inputs,
                prefer,
                choices,
            } => {
                let mut all = vec![Input {
                    origin: "state".into(),
                    records: model.records().cloned().collect(),
                    one_by_one: false,
                }];
                all.extend(inputs.iter().cloned());
                let (merged, conflicts) = merge(&all, *prefer, choices);
                model = merged;
                model.expect = Expect::Merged(conflicts);
            }
            Step::MergeWith(other) => {
                let (merged, conflicts) = merge(
                    &[
                        Input {
                            origin: "first".into(),
                            records: model.records().cloned().collect(),
                            one_by_one: false,
                        },
                        Input {
                            origin: "second".into(),
                            records: other.clone(),
                            one_by_one: false,
                        },
                    ],
                    None,
                    &[],
                );
                model = merged;
                model.expect = Expect::Merged(conflicts);
            }
            Step::MergeSelf => {
                let own: Vec<Rec> = model.records().cloned().collect();
                let input = |origin: &str| Input {
                    origin: origin.into(),
                    records: own.clone(),
                    one_by_one: false,
                };
                let (merged, conflicts) = merge(&[input("first"), input("second")], None, &[]);
                assert!(
                    conflicts.is_empty(),
                    "the model's merge of itself conflicts"
                );
                model = merged;
                model.expect = Expect::Merged(conflicts);
            }
            Step::Reread(_) => {}
        }
        model
    }
}

fn dataset(records: &[Rec]) -> Dataset {
    let mut ds = Dataset::new();
    for r in records {
        ds.push_record(r.record());
    }
    ds
}

fn insert(ds: &mut Dataset, record: Record) -> Result<(), DatasetError> {
    match record {
        Record::Source(r) => ds.insert(r),
        Record::Actor(r) => ds.insert(r),
        Record::Proposal(r) => ds.insert(r),
        Record::Concession(r) => ds.insert(r),
        Record::Claim(r) => ds.insert(r),
        Record::Quote(r) => ds.insert(r),
        Record::Stance(r) => ds.insert(r),
        Record::Relation(r) => ds.insert(r),
        Record::Obligation(r) => ds.insert(r),
        Record::SameAs(r) => ds.insert(r),
    }
}

fn push(ds: &mut Dataset, record: Record) {
    match record {
        Record::Source(r) => ds.push(r),
        Record::Actor(r) => ds.push(r),
        Record::Proposal(r) => ds.push(r),
        Record::Concession(r) => ds.push(r),
        Record::Claim(r) => ds.push(r),
        Record::Quote(r) => ds.push(r),
        Record::Stance(r) => ds.push(r),
        Record::Relation(r) => ds.push(r),
        Record::Obligation(r) => ds.push(r),
        Record::SameAs(r) => ds.push(r),
    }
}

/// Puts `record` in place of the record of its kind that `target` names,
/// through the kind's guard; whether there was one.
fn replace(ds: &mut Dataset, target: &str, record: Record) -> bool {
    macro_rules! put {
        ($get:ident, $r:expr) => {
            match ds.$get(&id(target)) {
                Some(mut slot) => {
                    *slot = $r;
                    true
                }
                None => false,
            }
        };
    }
    match record {
        Record::Source(r) => put!(source_mut, r),
        Record::Actor(r) => put!(actor_mut, r),
        Record::Proposal(r) => put!(proposal_mut, r),
        Record::Concession(r) => put!(concession_mut, r),
        Record::Claim(r) => put!(claim_mut, r),
        Record::Quote(r) => put!(quote_mut, r),
        Record::Stance(r) => put!(stance_mut, r),
        Record::Relation(r) => put!(relation_mut, r),
        Record::Obligation(r) => put!(obligation_mut, r),
        Record::SameAs(r) => put!(same_as_mut, r),
    }
}

fn owned(r: RecordRef<'_>) -> Record {
    match r {
        RecordRef::Source(r) => r.clone().into(),
        RecordRef::Actor(r) => r.clone().into(),
        RecordRef::Proposal(r) => r.clone().into(),
        RecordRef::Concession(r) => r.clone().into(),
        RecordRef::Claim(r) => r.clone().into(),
        RecordRef::Quote(r) => r.clone().into(),
        RecordRef::Stance(r) => r.clone().into(),
        RecordRef::Relation(r) => r.clone().into(),
        RecordRef::Obligation(r) => r.clone().into(),
        RecordRef::SameAs(r) => r.clone().into(),
    }
}

/// The typed lookup of one kind.
fn typed(ds: &Dataset, kind: RecordType, i: &str) -> Option<Record> {
    match kind {
        RecordType::Source => ds.source(&id(i)).cloned().map(Record::from),
        RecordType::Actor => ds.actor(&id(i)).cloned().map(Record::from),
        RecordType::Proposal => ds.proposal(&id(i)).cloned().map(Record::from),
        RecordType::Concession => ds.concession(&id(i)).cloned().map(Record::from),
        RecordType::Claim => ds.claim(&id(i)).cloned().map(Record::from),
        RecordType::Quote => ds.quote(&id(i)).cloned().map(Record::from),
        RecordType::Stance => ds.stance(&id(i)).cloned().map(Record::from),
        RecordType::Relation => ds.relation(&id(i)).cloned().map(Record::from),
        RecordType::Obligation => ds.obligation(&id(i)).cloned().map(Record::from),
        RecordType::SameAs => ds.same_as_judgement(&id(i)).cloned().map(Record::from),
        other => panic!("the model does not know the kind {other}"),
    }
}

/// Every lookup by id answers as the model's first record with the id.
fn lookups_agree(ds: &Dataset, model: &Model, what: &str) {
    for &i in REFS {
        let want = model.first(i);
        let rec = want.map(Rec::record);
        assert_eq!(ds.get(i).map(owned), rec, "{what}: get({i:?})");
        assert_eq!(ds.resolve(&id(i)).map(owned), rec, "{what}: resolve({i:?})");
        assert_eq!(
            ds.kind_of(i),
            want.map(|r| r.kind),
            "{what}: kind_of({i:?})"
        );
        assert_eq!(ds.contains(i), want.is_some(), "{what}: contains({i:?})");
        for &kind in RecordType::ALL {
            let typed_want = want.filter(|r| r.kind == kind).map(Rec::record);
            assert_eq!(
                typed(ds, kind, i),
                typed_want,
                "{what}: the {kind} lookup of {i:?}"
            );
        }
        let points: Vec<Record> = ds.points_of(&id(i)).cloned().map(Record::from).collect();
        let want_points: Vec<Record> = model
            .kinds
            .get(&RecordType::Proposal)
            .into_iter()
            .flatten()
            .filter(|p| p.opt("part_of").as_deref() == Some(i))
            .map(Rec::record)
            .collect();
        assert_eq!(points, want_points, "{what}: points_of({i:?})");
    }
    for name in IDS.iter().chain(TEXTS).map(|s| s.to_uppercase()) {
        let wanted = name.to_lowercase();
        let found: Vec<Record> = ds
            .find_actors(&name)
            .into_iter()
            .cloned()
            .map(Record::from)
            .collect();
        let want: Vec<Record> = model
            .kinds
            .get(&RecordType::Actor)
            .into_iter()
            .flatten()
            .filter(|a| {
                a.id.to_lowercase() == wanted
                    || a.one("name").to_lowercase() == wanted
                    || a.many("aliases").iter().any(|x| x.to_lowercase() == wanted)
            })
            .map(Rec::record)
            .collect();
        assert_eq!(found, want, "{what}: find_actors({name:?})");
    }
}

struct DatasetMachine;

impl StateMachineTest for DatasetMachine {
    type SystemUnderTest = Dataset;
    type Reference = Reference;

    fn init_test(model: &Model) -> Dataset {
        dataset(&model.records().cloned().collect::<Vec<_>>())
    }

    fn apply(mut ds: Dataset, model: &Model, step: Step) -> Dataset {
        match (step, &model.expect) {
            (Step::Insert(rec), Expect::Inserted(want)) => {
                let want = want.map_err(|existing| DatasetError::DuplicateId {
                    id: rec.id.clone(),
                    record_type: rec.kind,
                    existing,
                });
                assert_eq!(insert(&mut ds, rec.record()), want, "insert {rec:?}");
            }
            (Step::Push(rec, true), _) => ds.push_record(rec.record()),
            (Step::Push(rec, false), _) => push(&mut ds, rec.record()),
            (Step::Replace { target, with }, Expect::Found(want)) => {
                let found = replace(&mut ds, &target, with.record());
                assert_eq!(found, *want, "the {} guard of {target:?}", with.kind);
            }
            (
                Step::Merge {
                    inputs,
                    prefer,
                    choices,
                },
                Expect::Merged(want),
            ) => {
                let mut m = Merger::new();
                if let Some(side) = prefer {
                    m = m.prefer(side);
                }
                for (id, field, side) in &choices {
                    m = m.choose(id, field, *side);
                }
                m.add("state", ds);
                for input in &inputs {
                    if input.one_by_one {
                        for r in &input.records {
                            m.add_record(&input.origin, r.record());
                        }
                    } else {
                        m.add(&input.origin, dataset(&input.records));
                    }
                }
                let merged = m.finish();
                assert_eq!(merged.conflicts, *want, "the conflicts");
                let clean = want.iter().all(|c| c.resolution.is_some());
                assert_eq!(merged.is_clean(), clean, "is_clean");
                ds = merged.dataset;
            }
            (Step::MergeWith(other), Expect::Merged(want)) => {
                let merged = ds.merge(&dataset(&other));
                assert_eq!(merged.conflicts, *want, "the conflicts");
                ds = merged.dataset;
            }
            (Step::MergeSelf, Expect::Merged(want)) => {
                let merged = ds.merge(&ds);
                assert_eq!(merged.conflicts, *want, "the conflicts");
                assert_eq!(merged.dataset.to_json(), ds.to_json(), "merged with itself");
                ds = merged.dataset;
            }
            (Step::Reread(Format::Json), _) => {
                ds = Dataset::from_json(&ds.to_json()).expect("reads back");
            }
            (Step::Reread(Format::JsonLines), _) => {
                ds = Dataset::from_jsonl(&ds.to_jsonl()).expect("reads back");
            }
            (Step::Reread(Format::Records), _) => {
                let mut back = Dataset::new();
                for r in ds.into_records() {
                    back.push_record(r);
                }
                ds = back;
            }
            (step, expect) => panic!("the model expects {expect:?} of {step:?}"),
        }
        ds
    }

    fn check_invariants(ds: &Dataset, model: &Model) {
        let want: Vec<Record> = model.records().map(Rec::record).collect();
        let got: Vec<Record> = ds.records().map(owned).collect();
        assert_eq!(got, want, "the records");
        for &kind in RecordType::ALL {
            assert_eq!(ds.count(kind), model.count(kind), "the count of {kind}");
        }
        assert_eq!(ds.len(), want.len(), "len");
        assert_eq!(ds.is_empty(), want.is_empty(), "is_empty");
        lookups_agree(ds, model, "the dataset");

        let problems: Vec<String> = ds
            .validate()
            .problems
            .into_iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    ProblemKind::DuplicateId { .. }
                        | ProblemKind::DanglingReference { .. }
                        | ProblemKind::WrongKind { .. }
                )
            })
            .map(|p| format!("{p:?}"))
            .collect::<Vec<_>>();
        let mut problems = problems;
        problems.sort();
        assert_eq!(problems, model.problems(), "validation");

        let json = ds.to_json();
        let back = Dataset::from_json(&json).expect("canonical JSON reads back");
        assert_eq!(&back, ds, "through canonical JSON");
        assert_eq!(back.to_json(), json, "canonical JSON written again");
        lookups_agree(&back, model, "read back from canonical JSON");

        let lines = ds.to_jsonl();
        let back = Dataset::from_jsonl(&lines).expect("JSON Lines read back");
        assert_eq!(&back, ds, "through JSON Lines");
        assert_eq!(back.to_jsonl(), lines, "JSON Lines written again");
        lookups_agree(&back, model, "read back from JSON Lines");
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    })]

    #[test]
    fn dataset_edits_and_merges_agree_with_the_model(sequential 1..32 => DatasetMachine);
}
