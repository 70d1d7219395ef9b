//! Checking a dataset: every problem at once, each naming record and field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::country::is_iso3166_alpha3;
use crate::dataset::Dataset;
use crate::error::{clip, clip_list};
use crate::model::{Comparator, Evidence, Quantity, QuoteMode, RecordType};
use crate::when::When;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The dataset is wrong and must be fixed.
    Error,
    /// The dataset is usable but something is likely missing or odd.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What is wrong, in detail.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// Another record already uses this id.
    #[error("id is already used by an earlier {first_type} (the {} of that kind)", ordinal(*first_index + 1))]
    DuplicateId {
        /// The kind of the first record with the id.
        first_type: RecordType,
        /// Its position among records of its kind, from 0.
        first_index: usize,
    },
    /// The id names no record.
    #[error("`{}` names no record (expected {})", clip(.target), expected_list(expected))]
    DanglingReference {
        /// The id referred to.
        target: String,
        /// The kinds that would fit.
        expected: Vec<RecordType>,
    },
    /// The id names a record of a kind that does not fit here.
    #[error(
        "`{}` is {}, but this field takes {}",
        clip(.target),
        with_article(*found),
        expected_list(expected)
    )]
    WrongKind {
        /// The id referred to.
        target: String,
        /// What it names.
        found: RecordType,
        /// What would fit.
        expected: Vec<RecordType>,
    },
    /// Following this field leads back to the record.
    #[error("cycle: {}", clip_list(cycle.iter().map(String::as_str), " -> "))]
    Cycle {
        /// The ids around the cycle, starting and ending with this record.
        cycle: Vec<String>,
    },
    /// A date comes before one it must follow.
    #[error(
        "{earlier_field} {} is after {later_field} {}",
        clip(.earlier),
        clip(.later)
    )]
    DatesOutOfOrder {
        /// The field that should be earlier.
        earlier_field: String,
        /// Its value.
        earlier: String,
        /// The field that should be later.
        later_field: String,
        /// Its value.
        later: String,
    },
    /// A quote's span reaches past the end of its source's text.
    #[error("span {start}..{end} reaches past the end of the source text ({len} bytes)")]
    SpanOutOfBounds {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
        /// The length of the source's text in bytes.
        len: usize,
    },
    /// A quote's span starts or ends inside a UTF-8 encoded character of its
    /// source's text.
    #[error("span {start}..{end} cuts the character at byte {at} of the source text")]
    SpanSplitsCharacter {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
        /// The span end (start, when both cut) that is not on a character
        /// boundary.
        at: usize,
    },
    /// A span whose start is after its end.
    #[error("span start {start} is after its end {end}")]
    SpanReversed {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
    },
    /// The source text at the span is not the quote's text.
    #[error("source text at {start}..{end} is {:?}, not the quote's text", clip(.found))]
    SpanMismatch {
        /// First byte.
        start: usize,
        /// One past the last byte.
        end: usize,
        /// What the source holds there.
        found: String,
    },
    /// A text that must say something is empty or blank.
    #[error("must not be empty")]
    EmptyText,
    /// A number outside its range.
    #[error("{value} is outside {min}..={max}")]
    OutOfRange {
        /// The value given.
        value: f64,
        /// The least allowed.
        min: f64,
        /// The most allowed.
        max: f64,
    },
    /// A value not of the form the field needs.
    #[error("{:?} is not {}", clip(.value), clip(.expected))]
    BadValue {
        /// The value given.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// Two points of one proposal share a label.
    #[error(
        "label {:?} is also used by point `{}` of the same proposal",
        clip(.label),
        clip(.other)
    )]
    DuplicateLabel {
        /// The label.
        label: String,
        /// The other point.
        other: String,
    },
    /// An evidence entry names neither a quote nor a source.
    #[error("evidence names neither a quote nor a source")]
    EmptyEvidence,
    /// A stance with nothing to show for it.
    #[error("stance has no evidence")]
    NoEvidence,
    /// A record that points at itself.
    #[error("points at the record itself")]
    SelfReference,
    /// Two actors that are probably one entity under two ids.
    #[error(
        "`{}` is probably the same actor ({}); record a same_as judgement either way",
        clip(.other),
        clip_list(reasons.iter().map(String::as_str), "; ")
    )]
    ProbableDuplicate {
        /// The other actor's id.
        other: String,
        /// Why they look like one.
        reasons: Vec<String>,
    },
    /// Two quantities of one record measure the same thing in the same unit
    /// ([`Quantity::comparable`]): two values where one is meant.
    #[error(
        "`quantities[{first_index}]` already measures {:?} in {:?}",
        clip(.measure),
        clip(.unit)
    )]
    RepeatedMeasure {
        /// The measure, as the first quantity spells it.
        measure: String,
        /// The unit, as the first quantity spells it.
        unit: String,
        /// The index of the first quantity with the measure and unit.
        first_index: usize,
    },
    /// A negative judgement on two ids that positive judgements join.
    #[error(
        "judges `{}` and `{}` different, but other judgements make them one: {}",
        clip(.a),
        clip(.b),
        clip_list(path.iter().map(String::as_str), ", ")
    )]
    JudgedBothWays {
        /// One id.
        a: String,
        /// The other.
        b: String,
        /// The ids of the group positive judgements make.
        path: Vec<String>,
    },
}

/// "an actor", "a proposal".
fn with_article(kind: RecordType) -> String {
    let name = kind.as_str();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`, ...
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn expected_list(kinds: &[RecordType]) -> String {
    let names: Vec<String> = kinds.iter().copied().map(with_article).collect();
    names.join(" or ")
}

/// One problem found by [`Dataset::validate`].
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize)]
#[error("{severity}: {record_type} `{}`, field `{}`: {kind}", clip(.record), clip(.field))]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of record with the problem.
    pub record_type: RecordType,
    /// Its id.
    pub record: String,
    /// The field, as a path (`evidence[1].quote`, `span`).
    pub field: String,
    /// What is wrong.
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// Every problem in a dataset, in record order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The problems, errors and warnings together.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether the dataset has no errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

/// The length of a list from which its records are checked in parallel.
const PARALLEL_FROM: usize = 20_000;

struct Checker<'a> {
    ds: &'a Dataset,
    problems: Vec<Problem>,
    record_type: RecordType,
    record: &'a str,
}

const ACTOR: &[RecordType] = &[RecordType::Actor];
const SOURCE: &[RecordType] = &[RecordType::Source];
const PROPOSAL: &[RecordType] = &[RecordType::Proposal];
const QUOTE: &[RecordType] = &[RecordType::Quote];
const STANCE_TARGET: &[RecordType] = &[
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Actor,
];
const RELATION_FROM: &[RecordType] = &[RecordType::Claim];
const SAME_AS_TARGET: &[RecordType] = &[
    RecordType::Actor,
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Source,
    RecordType::Obligation,
];
const RELATION_TO: &[RecordType] = &[RecordType::Claim, RecordType::Proposal];

impl<'a> Checker<'a> {
    fn at(&mut self, record_type: RecordType, record: &'a str) {
        self.record_type = record_type;
        self.record = record;
    }

    fn report(&mut self, severity: Severity, field: impl Into<String>, kind: ProblemKind) {
        self.problems.push(Problem {
            severity,
            record_type: self.record_type,
            record: self.record.to_owned(),
            field: field.into(),
            kind,
        });
    }

    fn error(&mut self, field: impl Into<String>, kind: ProblemKind) {
        self.report(Severity::Error, field, kind);
    }

    /// Checks that `target` names a record of an `expected` kind. The field's
    /// name is written out only for a problem.
    fn reference(&mut self, field: impl fmt::Display, target: &str, expected: &[RecordType]) {
        match self.ds.kind_of(target) {
            None => self.error(
                field.to_string(),
                ProblemKind::DanglingReference {
                    target: target.to_owned(),
                    expected: expected.to_vec(),
                },
            ),
            Some(found) if !expected.contains(&found) => self.error(
                field.to_string(),
                ProblemKind::WrongKind {
                    target: target.to_owned(),
                    found,
                    expected: expected.to_vec(),
                },
            ),
            Some(_) => {}
        }
    }

    fn text(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.error(field, ProblemKind::EmptyText);
        }
    }

    fn opt_text(&mut self, field: &str, text: Option<&String>) {
        if let Some(t) = text {
            self.text(field, t);
        }
    }

    fn texts(&mut self, field: &str, texts: &[String]) {
        for (i, t) in texts.iter().enumerate() {
            self.text(&format!("{field}[{i}]"), t);
        }
    }

    fn range(&mut self, field: &str, value: Option<f64>, min: f64, max: f64) {
        if let Some(v) = value
            && !(v.is_finite() && (min..=max).contains(&v))
        {
            self.error(field, ProblemKind::OutOfRange { value: v, min, max });
        }
    }

    /// Reports `early` after `late`: only when it must be, so a month (a
    /// range of days) is out of order only when all of it is.
    fn order(&mut self, early: (&str, Option<&When>), late: (&str, Option<&When>), sev: Severity) {
        if let (Some(a), Some(b)) = (early.1, late.1)
            && a.date() > b.last_date()
        {
            self.report(
                sev,
                early.0,
                ProblemKind::DatesOutOfOrder {
                    earlier_field: early.0.to_owned(),
                    earlier: a.to_string(),
                    later_field: late.0.to_owned(),
                    later: b.to_string(),
                },
            );
        }
    }

    /// A date built in code may be one the format cannot hold.
    fn when(&mut self, field: &str, value: Option<&When>) {
        if let Some(w) = value
            && let Some(reason) = w.unwritable()
        {
            self.error(
                field,
                ProblemKind::BadValue {
                    value: w.to_string(),
                    expected: format!("a date the file format can hold ({reason})"),
                },
            );
        }
    }

    fn quantities(&mut self, list: &[Quantity]) {
        // Keyed as `Quantity::comparable` compares them.
        let mut measured: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (i, q) in list.iter().enumerate() {
            let key = (
                q.measure.trim().to_ascii_lowercase(),
                q.unit.trim().to_ascii_lowercase(),
            );
            if !key.0.is_empty() && !key.1.is_empty() {
                match measured.get(&key) {
                    Some(&first) => self.report(
                        Severity::Warning,
                        format!("quantities[{i}]"),
                        ProblemKind::RepeatedMeasure {
                            measure: list[first].measure.clone(),
                            unit: list[first].unit.clone(),
                            first_index: first,
                        },
                    ),
                    None => {
                        measured.insert(key, i);
                    }
                }
            }
            self.text(&format!("quantities[{i}].measure"), &q.measure);
            self.text(&format!("quantities[{i}].unit"), &q.unit);
            for (field, v) in [("value", Some(q.value)), ("max", q.max)] {
                if let Some(v) = v
                    && !v.is_finite()
                {
                    self.error(
                        format!("quantities[{i}].{field}"),
                        ProblemKind::BadValue {
                            value: v.to_string(),
                            expected: "a finite number".into(),
                        },
                    );
                }
            }
            match (q.comparator, q.max) {
                (Comparator::Between, None) => self.error(
                    format!("quantities[{i}].max"),
                    ProblemKind::BadValue {
                        value: "(absent)".into(),
                        expected: "allowed: `between` needs a `max`".into(),
                    },
                ),
                (Comparator::Between, Some(max)) if max < q.value => self.error(
                    format!("quantities[{i}].max"),
                    ProblemKind::BadValue {
                        value: max.to_string(),
                        expected: format!("at least the value {}", q.value),
                    },
                ),
                (Comparator::Between, Some(_)) | (_, None) => {}
                (other, Some(max)) => self.error(
                    format!("quantities[{i}].max"),
                    ProblemKind::BadValue {
                        value: max.to_string(),
                        expected: format!("allowed with `{other}`: only `between` takes a `max`"),
                    },
                ),
            }
        }
    }

    fn evidence(&mut self, list: &[Evidence]) {
        for (i, e) in list.iter().enumerate() {
            if e.quote.is_none() && e.source.is_none() {
                self.error(format!("evidence[{i}]"), ProblemKind::EmptyEvidence);
            }
            if let Some(q) = &e.quote {
                self.reference(format_args!("evidence[{i}].quote"), q.as_str(), QUOTE);
            }
            if let Some(s) = &e.source {
                self.reference(format_args!("evidence[{i}].source"), s.as_str(), SOURCE);
            }
            if let Some(a) = &e.reported_by {
                self.reference(format_args!("evidence[{i}].reported_by"), a.as_str(), ACTOR);
            }
        }
    }
}

/// Finds cycles in a graph given as `node -> successors`, each cycle once,
/// rotated to start at its least id. O(V + E).
fn find_cycles(edges: &BTreeMap<&str, Vec<&str>>) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut cycles: BTreeSet<Vec<String>> = BTreeSet::new();
    for &start in edges.keys() {
        if mark.contains_key(start) {
            continue;
        }
        // Iterative DFS: stack of (node, next successor index); path mirrors it.
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::Open);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let succ = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if *next < succ.len() {
                let s = succ[*next];
                *next += 1;
                match mark.get(s) {
                    None => {
                        mark.insert(s, Mark::Open);
                        stack.push((s, 0));
                    }
                    Some(Mark::Open) => {
                        let at = stack.iter().position(|(n, _)| *n == s).unwrap_or(0);
                        let mut cyc: Vec<String> =
                            stack[at..].iter().map(|(n, _)| (*n).to_owned()).collect();
                        let least = cyc
                            .iter()
                            .enumerate()
                            .min_by(|a, b| a.1.cmp(b.1))
                            .map(|(i, _)| i)
                            .unwrap_or(0);
                        cyc.rotate_left(least);
                        cycles.insert(cyc);
                    }
                    Some(Mark::Done) => {}
                }
            } else {
                mark.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    cycles.into_iter().collect()
}

impl Dataset {
    /// Checks the dataset and returns every problem found: duplicate ids,
    /// dangling references, references to the wrong kind of record, cycles in
    /// `part_of`, `supersedes` and affiliations, dates out of order, quote spans
    /// that fall outside or disagree with their source's text, empty texts,
    /// numbers out of range, bad country codes, and (as warnings) stances
    /// without evidence and two values for one measure in one record.
    ///
    /// `docs/FORMAT.md` lists every rule with its severity and field.
    ///
    /// Runs in O(n log n) for n records and fields.
    ///
    /// ```
    /// use claimgraph_core::{ActorId, Dataset, Position, Stance, StanceId};
    /// let mut ds = Dataset::new();
    /// ds.push(Stance::new(StanceId::new("s1")?, ActorId::new("nobody")?,
    ///     ActorId::new("nothing")?, Position::Supports));
    /// let report = ds.validate();
    /// assert!(!report.is_valid());
    /// assert_eq!(report.problems[0].field, "holder");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Report {
        let mut c = Checker {
            ds: self,
            problems: Vec::new(),
            record_type: RecordType::Source,
            record: "",
        };
        self.check_duplicates(&mut c);

        for s in self.sources() {
            c.at(RecordType::Source, s.id.as_str());
            c.text("title", &s.title);
            c.opt_text("publisher", s.publisher.as_ref());
            c.opt_text("url", s.url.as_ref());
            c.when("published", s.published.as_ref());
            if let Some(lang) = &s.language
                && !is_language_tag(lang)
            {
                c.error(
                    "language",
                    ProblemKind::BadValue {
                        value: lang.clone(),
                        expected: "a BCP 47 language tag such as `en` or `pt-BR`".into(),
                    },
                );
            }
        }

        for a in self.actors() {
            c.at(RecordType::Actor, a.id.as_str());
            c.text("name", &a.name);
            c.texts("aliases", &a.aliases);
            c.opt_text("description", a.description.as_ref());
            if let Some(cc) = &a.country
                && !is_iso3166_alpha3(cc)
            {
                c.error(
                    "country",
                    ProblemKind::BadValue {
                        value: cc.clone(),
                        expected: "an ISO 3166-1 alpha-3 country code such as `UKR`".into(),
                    },
                );
            }
            for (key, value) in &a.external_ids {
                let field = format!("external_ids.{key}");
                if key.trim().is_empty() {
                    c.error("external_ids", ProblemKind::EmptyText);
                }
                c.text(&field, value);
                if key == "wikidata" && !is_wikidata_qid(value) {
                    c.error(
                        field,
                        ProblemKind::BadValue {
                            value: value.clone(),
                            expected: "a Wikidata item id such as `Q212`".into(),
                        },
                    );
                }
            }
            for (i, af) in a.affiliations.iter().enumerate() {
                c.reference(
                    format_args!("affiliations[{i}].actor"),
                    af.actor.as_str(),
                    ACTOR,
                );
                if af.actor == a.id {
                    c.error(
                        format!("affiliations[{i}].actor"),
                        ProblemKind::SelfReference,
                    );
                }
                c.opt_text(&format!("affiliations[{i}].title"), af.title.as_ref());
                let from = format!("affiliations[{i}].from");
                let until = format!("affiliations[{i}].until");
                c.when(&from, af.from.as_ref());
                c.when(&until, af.until.as_ref());
                c.order(
                    (&from, af.from.as_ref()),
                    (&until, af.until.as_ref()),
                    Severity::Error,
                );
            }
        }

        let mut labels: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        for p in self.proposals() {
            c.at(RecordType::Proposal, p.id.as_str());
            c.text("title", &p.title);
            c.opt_text("label", p.label.as_ref());
            c.opt_text("text", p.text.as_ref());
            c.when("date", p.date.as_ref());
            for (i, a) in p.proposed_by.iter().enumerate() {
                c.reference(format_args!("proposed_by[{i}]"), a.as_str(), ACTOR);
            }
            for (i, s) in p.sources.iter().enumerate() {
                c.reference(format_args!("sources[{i}]"), s.as_str(), SOURCE);
            }
            if let Some(parent) = &p.part_of {
                c.reference("part_of", parent.as_str(), PROPOSAL);
                if let Some(label) = &p.label {
                    let key = (parent.as_str(), label.trim());
                    match labels.get(&key) {
                        Some(other) => c.error(
                            "label",
                            ProblemKind::DuplicateLabel {
                                label: label.clone(),
                                other: (*other).to_owned(),
                            },
                        ),
                        None => {
                            labels.insert(key, p.id.as_str());
                        }
                    }
                }
            }
            if let Some(other) = &p.answers {
                c.reference("answers", other.as_str(), PROPOSAL);
                if *other == p.id {
                    c.error("answers", ProblemKind::SelfReference);
                }
            }
            c.quantities(&p.quantities);
            c.when("deadline", p.deadline.as_ref());
            c.order(
                ("date", p.date.as_ref()),
                ("deadline", p.deadline.as_ref()),
                Severity::Error,
            );
            if let Some(old) = &p.supersedes {
                c.reference("supersedes", old.as_str(), PROPOSAL);
                if let Some(prev) = self.proposal(old) {
                    c.order(
                        ("supersedes.date", prev.date.as_ref()),
                        ("date", p.date.as_ref()),
                        Severity::Warning,
                    );
                }
            }
        }

        for k in self.concessions() {
            c.at(RecordType::Concession, k.id.as_str());
            c.text("what", &k.what);
            c.reference("by", k.by.as_str(), ACTOR);
            if let Some(to) = &k.to {
                c.reference("to", to.as_str(), ACTOR);
                if *to == k.by {
                    c.error("to", ProblemKind::SelfReference);
                }
            }
            if let Some(r) = &k.required_by {
                c.reference("required_by", r.as_str(), PROPOSAL);
            }
            c.quantities(&k.quantities);
        }

        for o in self.obligations() {
            c.at(RecordType::Obligation, o.id.as_str());
            c.text("what", &o.what);
            c.reference("by", o.by.as_str(), ACTOR);
            if let Some(to) = &o.to {
                c.reference("to", to.as_str(), ACTOR);
                if *to == o.by {
                    c.error("to", ProblemKind::SelfReference);
                }
            }
            if let Some(r) = &o.required_by {
                c.reference("required_by", r.as_str(), PROPOSAL);
            }
            c.quantities(&o.quantities);
        }

        for cl in self.claims() {
            c.at(RecordType::Claim, cl.id.as_str());
            c.text("text", &cl.text);
            for (i, a) in cl.about.iter().enumerate() {
                c.reference(format_args!("about[{i}]"), a.as_str(), RecordType::ALL);
                if a.as_str() == cl.id.as_str() {
                    c.error(format!("about[{i}]"), ProblemKind::SelfReference);
                }
            }
        }

        self.check_each(&mut c, self.quotes(), Dataset::check_quote);
        self.check_each(&mut c, self.stances(), Dataset::check_stance);

        for r in self.relations() {
            c.at(RecordType::Relation, r.id.as_str());
            c.reference("from", r.from.as_str(), RELATION_FROM);
            c.reference("to", r.to.as_str(), RELATION_TO);
            if r.from == r.to {
                c.error("to", ProblemKind::SelfReference);
            }
            c.evidence(&r.evidence);
        }

        for j in self.same_as() {
            c.at(RecordType::SameAs, j.id.as_str());
            c.reference("a", j.a.as_str(), SAME_AS_TARGET);
            c.reference("b", j.b.as_str(), SAME_AS_TARGET);
            if j.a == j.b {
                c.error("b", ProblemKind::SelfReference);
            }
            if let (Some(ka), Some(kb)) = (self.kind_of(j.a.as_str()), self.kind_of(j.b.as_str()))
                && ka != kb
                && SAME_AS_TARGET.contains(&ka)
            {
                c.error(
                    "b",
                    ProblemKind::WrongKind {
                        target: j.b.to_string(),
                        found: kb,
                        expected: vec![ka],
                    },
                );
            }
            c.opt_text("decided_by", j.decided_by.as_ref());
            c.opt_text("reason", j.reason.as_ref());
            c.when("date", j.date.as_ref());
        }
        self.check_identities(&mut c);

        self.check_cycles(&mut c);
        Report {
            problems: c.problems,
        }
    }

    fn check_identities<'a>(&'a self, c: &mut Checker<'a>) {
        let ids = self.identities();
        for j in self.same_as() {
            let (a, b) = (j.a.as_str(), j.b.as_str());
            if ids.judged_different(a, b) == Some(j.id.as_str()) && ids.same(a, b) {
                c.at(RecordType::SameAs, j.id.as_str());
                c.error(
                    "judgement",
                    ProblemKind::JudgedBothWays {
                        a: a.to_owned(),
                        b: b.to_owned(),
                        path: ids.group(a).into_iter().map(str::to_owned).collect(),
                    },
                );
            }
        }
        for cand in self.duplicate_candidates() {
            let Some(actor) = self.get(&cand.a) else {
                continue;
            };
            c.at(RecordType::Actor, actor.id());
            c.report(
                Severity::Warning,
                "id",
                ProblemKind::ProbableDuplicate {
                    other: cand.b.clone(),
                    reasons: cand.reasons.iter().map(ToString::to_string).collect(),
                },
            );
        }
    }

    /// Runs `check` on every record of a list, in parallel for a long list
    /// (each thread with its own checker), the problems kept in the order
    /// of the list.
    fn check_each<'a, T: Sync>(
        &'a self,
        c: &mut Checker<'a>,
        items: &'a [T],
        check: fn(&'a Dataset, &mut Checker<'a>, &'a T),
    ) {
        if items.len() < PARALLEL_FROM {
            for item in items {
                check(self, c, item);
            }
            return;
        }
        let threads = crate::json::threads();
        if threads == 1 {
            for item in items {
                check(self, c, item);
            }
            return;
        }
        let chunk = items.len().div_ceil(threads);
        let found: Vec<Vec<Problem>> = std::thread::scope(|scope| {
            let running: Vec<_> = items
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let mut mine = Checker {
                            ds: self,
                            problems: Vec::new(),
                            record_type: RecordType::Source,
                            record: "",
                        };
                        for item in part {
                            check(self, &mut mine, item);
                        }
                        mine.problems
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        c.problems.extend(found.into_iter().flatten());
    }

    fn check_quote<'a>(&'a self, c: &mut Checker<'a>, q: &'a crate::Quote) {
        c.at(RecordType::Quote, q.id.as_str());
        if !matches!(q.mode, QuoteMode::NoComment | QuoteMode::NoResponse) {
            c.text("text", &q.text);
        }
        c.opt_text("cue", q.cue.as_ref());
        c.when("date", q.date.as_ref());
        c.reference("speaker", q.speaker.as_str(), ACTOR);
        c.reference("source", q.source.as_str(), SOURCE);
        if let Some(r) = &q.reported_by {
            c.reference("reported_by", r.as_str(), ACTOR);
        }
        let source = self.source(&q.source);
        if let Some(src) = source {
            c.order(
                ("date", q.date.as_ref()),
                ("source.published", src.published.as_ref()),
                Severity::Error,
            );
        }
        if let Some(span) = q.span {
            if span.start > span.end {
                c.error(
                    "span",
                    ProblemKind::SpanReversed {
                        start: span.start,
                        end: span.end,
                    },
                );
            } else if let Some(text) = source.and_then(|s| s.text.as_deref()) {
                match text.get(span.start..span.end) {
                    None if span.end > text.len() => c.error(
                        "span",
                        ProblemKind::SpanOutOfBounds {
                            start: span.start,
                            end: span.end,
                            len: text.len(),
                        },
                    ),
                    None => c.error(
                        "span",
                        ProblemKind::SpanSplitsCharacter {
                            start: span.start,
                            end: span.end,
                            at: if text.is_char_boundary(span.start) {
                                span.end
                            } else {
                                span.start
                            },
                        },
                    ),
                    Some(found) if found != q.text => c.error(
                        "span",
                        ProblemKind::SpanMismatch {
                            start: span.start,
                            end: span.end,
                            found: found.to_owned(),
                        },
                    ),
                    Some(_) => {}
                }
            }
        }
    }

    fn check_stance<'a>(&'a self, c: &mut Checker<'a>, s: &'a crate::Stance) {
        c.at(RecordType::Stance, s.id.as_str());
        c.reference("holder", s.holder.as_str(), ACTOR);
        c.reference("target", s.target.as_str(), STANCE_TARGET);
        if s.target.as_str() == s.holder.as_str() {
            c.error("target", ProblemKind::SelfReference);
        }
        c.range("intensity", s.intensity, -1.0, 1.0);
        c.range("confidence", s.confidence, 0.0, 1.0);
        c.texts("conditions", &s.conditions);
        c.when("as_of", s.as_of.as_ref());
        if s.evidence.is_empty() {
            c.report(Severity::Warning, "evidence", ProblemKind::NoEvidence);
        }
        c.evidence(&s.evidence);
        if let Some(crate::RecordRef::Proposal(p)) = self.get(s.target.as_str()) {
            c.order(
                ("target.date", p.date.as_ref()),
                ("as_of", s.as_of.as_ref()),
                Severity::Warning,
            );
        }
    }

    fn check_duplicates<'a>(&'a self, c: &mut Checker<'a>) {
        if !self.has_duplicate_ids() {
            return;
        }
        let mut seen: rustc_hash::FxHashMap<&str, (RecordType, usize)> =
            rustc_hash::FxHashMap::default();
        let mut counters: BTreeMap<RecordType, usize> = BTreeMap::new();
        for r in self.records() {
            let kind = r.record_type();
            let n = counters.entry(kind).or_insert(0);
            let index = *n;
            *n += 1;
            let id = crate::dataset::record_ref_id(&r);
            match seen.get(id) {
                Some(&(first_type, first_index)) => {
                    c.at(kind, id);
                    c.error(
                        "id",
                        ProblemKind::DuplicateId {
                            first_type,
                            first_index,
                        },
                    );
                }
                None => {
                    seen.insert(id, (kind, index));
                }
            }
        }
    }

    fn check_cycles<'a>(&'a self, c: &mut Checker<'a>) {
        let mut part_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut supersedes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in self.proposals() {
            if let Some(parent) = &p.part_of {
                part_of
                    .entry(p.id.as_str())
                    .or_default()
                    .push(parent.as_str());
            }
            if let Some(old) = &p.supersedes {
                supersedes
                    .entry(p.id.as_str())
                    .or_default()
                    .push(old.as_str());
            }
        }
        let mut affiliations: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for a in self.actors() {
            for af in &a.affiliations {
                if af.actor != a.id {
                    affiliations
                        .entry(a.id.as_str())
                        .or_default()
                        .push(af.actor.as_str());
                }
            }
        }
        for (edges, kind, field) in [
            (&part_of, RecordType::Proposal, "part_of"),
            (&supersedes, RecordType::Proposal, "supersedes"),
            (&affiliations, RecordType::Actor, "affiliations"),
        ] {
            for mut cycle in find_cycles(edges) {
                let first = cycle[0].clone();
                cycle.push(first.clone());
                // The id is borrowed from the dataset, so the report can name it.
                let id = self
                    .get(&first)
                    .map(|r| crate::dataset::record_ref_id(&r))
                    .unwrap_or("");
                c.at(kind, id);
                c.error(field, ProblemKind::Cycle { cycle });
            }
        }
    }
}

fn is_wikidata_qid(s: &str) -> bool {
    let digits = s.strip_prefix('Q').unwrap_or("");
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A light BCP 47 shape check: a 2–3 letter language, then alphanumeric subtags of 1–8.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
