//! What the network's readers check beyond reading, the same whether the
//! statements come from JSON Lines ([`crate::read_statements`]) or from a
//! dataset ([`crate::Statements::from_dataset_checked`]):
//!
//! - every error [`Dataset::validate`] finds in a record on its own — a
//!   number out of range, a reversed span, a blank text, a record that
//!   points at itself, a bad language tag or country code, dates out of
//!   order within it, an evidence entry that names nothing ([`is_own`]);
//! - an id two records share among sources, actors, proposals, concessions,
//!   claims and quotes, whose ids the table resolves ([`is_shared_id`]);
//! - the references a network follows: a stance's holder (an actor), its
//!   target (a proposal, concession, claim or actor), the quote and source
//!   of each of its evidence entries, and a quote's source
//!   ([`is_followed_reference`]).
//!
//! What else needs other records is left to `claimgraph validate`: other
//! shared ids (two stances), the references a network does not follow,
//! cycles, spans against their source's text, dates against other records'
//! dates, labels of sibling points, the kinds two judged records have.

use claimgraph_core::{Dataset, Problem, ProblemKind, Record, RecordType, Severity};

/// The errors [`Dataset::validate`] finds in the record alone, in its order.
/// Its references are among them (alone, each names nothing). O(size of
/// the record).
pub(crate) fn own_errors(record: Record) -> Vec<Problem> {
    let mut ds = Dataset::new();
    ds.push_record(record);
    ds.validate()
        .problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

/// Whether a problem found in a record alone is one of its own: an error
/// that does not depend on other records. A reference (which alone names
/// nothing) and a cycle (of the record's own `part_of`, say, which is a
/// chain's business) are not.
pub(crate) fn is_own(p: &Problem) -> bool {
    p.severity == Severity::Error
        && !matches!(
            p.kind,
            ProblemKind::DanglingReference { .. }
                | ProblemKind::WrongKind { .. }
                | ProblemKind::Cycle { .. }
        )
}

/// Whether a problem is a reference a network follows that does not
/// resolve to the right kind of record.
pub(crate) fn is_followed_reference(p: &Problem) -> bool {
    if !matches!(
        p.kind,
        ProblemKind::DanglingReference { .. } | ProblemKind::WrongKind { .. }
    ) {
        return false;
    }
    match p.record_type {
        RecordType::Stance => {
            p.field == "holder"
                || p.field == "target"
                || p.field
                    .strip_prefix("evidence[")
                    .and_then(|rest| rest.split_once("]."))
                    .is_some_and(|(i, f)| {
                        i.bytes().all(|b| b.is_ascii_digit()) && (f == "quote" || f == "source")
                    })
        }
        RecordType::Quote => p.field == "source",
        _ => false,
    }
}

/// What a stance's holder takes, as [`Dataset::validate`] checks it.
pub(crate) const HOLDER: &[RecordType] = &[RecordType::Actor];
/// What a stance's target takes.
pub(crate) const TARGET: &[RecordType] = &[
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Actor,
];
/// What an evidence entry's `quote` takes.
pub(crate) const QUOTE: &[RecordType] = &[RecordType::Quote];
/// What an evidence entry's `source`, and a quote's, take.
pub(crate) const SOURCE: &[RecordType] = &[RecordType::Source];

/// The problem [`Dataset::validate`] finds in a reference to `id` that
/// does not name a record of a kind in `expected`: it names nothing
/// (`found` is `None`), or a record of another kind (`found`, the kind
/// [`Dataset::kind_of`] gives the id).
pub(crate) fn reference_problem(
    id: &str,
    found: Option<RecordType>,
    expected: &[RecordType],
) -> ProblemKind {
    match found {
        None => ProblemKind::DanglingReference {
            target: id.to_owned(),
            expected: expected.to_vec(),
        },
        Some(found) => ProblemKind::WrongKind {
            target: id.to_owned(),
            found,
            expected: expected.to_vec(),
        },
    }
}

/// Where the core's report lists the problems of a kind of record: sources
/// first, then actors, proposals, concessions, obligations, claims, quotes,
/// stances, relations and judgements.
pub(crate) fn rank_of_kind(kind: RecordType) -> u8 {
    match kind {
        RecordType::Source => 0,
        RecordType::Actor => 1,
        RecordType::Proposal => 2,
        RecordType::Concession => 3,
        RecordType::Obligation => 4,
        RecordType::Claim => 5,
        RecordType::Quote => 6,
        RecordType::Stance => 7,
        RecordType::Relation => 8,
        RecordType::SameAs => 9,
        _ => 10,
    }
}

/// The kind at a place of [`rank_of_kind`].
pub(crate) fn kind_of_rank(rank: u8) -> RecordType {
    match rank {
        0 => RecordType::Source,
        1 => RecordType::Actor,
        2 => RecordType::Proposal,
        3 => RecordType::Concession,
        4 => RecordType::Obligation,
        5 => RecordType::Claim,
        6 => RecordType::Quote,
        7 => RecordType::Stance,
        8 => RecordType::Relation,
        _ => RecordType::SameAs,
    }
}

/// Whether a problem is an id used twice by records whose ids a network
/// resolves: sources, actors, proposals, concessions, claims and quotes
/// (the second of two such records; the kinds before stances in the
/// core's order, so the first is one too).
pub(crate) fn is_shared_id(p: &Problem) -> bool {
    matches!(p.kind, ProblemKind::DuplicateId { .. })
        && matches!(
            p.record_type,
            RecordType::Source
                | RecordType::Actor
                | RecordType::Proposal
                | RecordType::Concession
                | RecordType::Claim
                | RecordType::Quote
        )
}

/// Whether two problems say the same of the same field of the same record.
pub(crate) fn same(a: &Problem, b: &Problem) -> bool {
    a.record_type == b.record_type
        && a.record == b.record
        && a.field == b.field
        && a.kind.to_string() == b.kind.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kinds each followed reference takes, and the words of its
    /// problem, are the core's: a dataset whose references name nothing,
    /// or a record of another kind, is reported with the same problems.
    #[test]
    fn references_are_worded_as_the_core_words_them() {
        let records = [
            r#"{"type":"source","id":"d","title":"D"}"#,
            r#"{"type":"proposal","id":"p","title":"P"}"#,
            r#"{"type":"quote","id":"q","speaker":"p","source":"nowhere","mode":"direct","text":"x"}"#,
            r#"{"type":"quote","id":"q2","speaker":"p","source":"p","mode":"direct","text":"x"}"#,
            r#"{"type":"stance","id":"s","holder":"nobody","target":"nothing","position":"supports","evidence":[{"quote":"q9","source":"d9"}]}"#,
            r#"{"type":"stance","id":"s2","holder":"p","target":"d","position":"supports","evidence":[{"quote":"d","source":"s"}]}"#,
        ];
        let ds = Dataset::from_jsonl(&records.join("\n")).expect("read");
        let kinds = [
            ("d", RecordType::Source),
            ("p", RecordType::Proposal),
            ("s", RecordType::Stance),
        ];
        let expected: Vec<(String, ProblemKind)> = ds
            .validate()
            .problems
            .into_iter()
            .filter(is_followed_reference)
            .map(|p| (format!("{} {}", p.record, p.field), p.kind))
            .collect();
        let mut ours = Vec::new();
        for (record, field, id, takes) in [
            ("q", "source", "nowhere", SOURCE),
            ("q2", "source", "p", SOURCE),
            ("s", "holder", "nobody", HOLDER),
            ("s", "target", "nothing", TARGET),
            ("s", "evidence[0].quote", "q9", QUOTE),
            ("s", "evidence[0].source", "d9", SOURCE),
            ("s2", "holder", "p", HOLDER),
            ("s2", "target", "d", TARGET),
            ("s2", "evidence[0].quote", "d", QUOTE),
            ("s2", "evidence[0].source", "s", SOURCE),
        ] {
            let found = kinds.iter().find(|(k, _)| *k == id).map(|(_, t)| *t);
            ours.push((
                format!("{record} {field}"),
                reference_problem(id, found, takes),
            ));
        }
        assert_eq!(ours, expected);
    }
}
