//! Each validation rule, caught with the exact record, field and detail; and
//! validation that never panics, whatever the dataset holds.

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Comparator,
    Concession, ConcessionId, Dataset, Evidence, Modality, Position, Problem, ProblemKind,
    Proposal, ProposalId, Quantity, Quote, QuoteId, QuoteMode, RecordId, RecordType, Relation,
    RelationId, RelationKind, Severity, Source, SourceId, Span, Stance, StanceId, Topic, When,
};
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

fn src(s: &str) -> SourceId {
    SourceId::new(s).unwrap()
}
fn act(s: &str) -> ActorId {
    ActorId::new(s).unwrap()
}
fn pro(s: &str) -> ProposalId {
    ProposalId::new(s).unwrap()
}
fn con(s: &str) -> ConcessionId {
    ConcessionId::new(s).unwrap()
}
fn cla(s: &str) -> ClaimId {
    ClaimId::new(s).unwrap()
}
fn quo(s: &str) -> QuoteId {
    QuoteId::new(s).unwrap()
}
fn rid(s: &str) -> RecordId {
    RecordId::new(s).unwrap()
}
fn day(s: &str) -> When {
    When::parse(s).unwrap()
}

const TEXT: &str = "Kallas said the plan needs the support of Ukraine and the Europeans. \
                    Київ answered: «no».";
const WORDS: &str = "the plan needs the support of Ukraine and the Europeans";

fn words_span() -> Span {
    let start = TEXT.find(WORDS).unwrap();
    Span::new(start, start + WORDS.len())
}

/// A small valid dataset with every kind of record; each test breaks one thing.
fn base() -> Dataset {
    let mut ds = Dataset::new();

    let mut s = Source::new(src("src"), "Europeans push back");
    s.published = Some(day("2025-11-20"));
    s.language = Some("en".into());
    s.text = Some(TEXT.into());
    ds.push(s);

    let mut eu = Actor::new(act("eu"), "European Union", ActorKind::Organisation);
    eu.external_ids.insert("wikidata".into(), "Q458".into());
    ds.push(eu);
    let mut kallas = Actor::new(act("kallas"), "Kaja Kallas", ActorKind::Person);
    kallas.country = Some("EST".into());
    let mut role = Affiliation::new(act("eu"), AffiliationKind::Role);
    role.title = Some("foreign policy chief".into());
    role.from = Some(day("2024-12-01"));
    kallas.affiliations.push(role);
    ds.push(kallas);
    let mut ukraine = Actor::new(act("ukraine"), "Ukraine", ActorKind::State);
    ukraine.country = Some("UKR".into());
    ds.push(ukraine);

    let mut plan = Proposal::new(pro("plan"), "28-point peace plan");
    plan.date = Some(day("2025-11-19"));
    ds.push(plan);
    for (id, label) in [("p7", "point 7"), ("p8", "point 8")] {
        let mut p = Proposal::new(pro(id), format!("the plan's {label}"));
        p.part_of = Some(pro("plan"));
        p.label = Some(label.into());
        ds.push(p);
    }

    let mut k = Concession::new(con("k1"), act("ukraine"), "cede the rest of Donbas");
    k.required_by = Some(pro("p7"));
    k.topic = Some(Topic::Territory);
    ds.push(k);

    ds.push(Claim::new(
        cla("cl1"),
        "There is one aggressor and one victim",
    ));
    ds.push(Claim::new(cla("cl2"), "Both sides must give ground"));

    let mut q = Quote::new(
        quo("q1"),
        act("kallas"),
        src("src"),
        QuoteMode::Indirect,
        WORDS,
    );
    q.cue = Some("said".into());
    q.span = Some(words_span());
    ds.push(q);

    let mut s = Stance::new(
        StanceId::new("s1").unwrap(),
        act("kallas"),
        pro("plan"),
        Position::Mixed,
    );
    s.evidence.push(Evidence::quote(quo("q1")));
    s.as_of = Some(day("2025-11-20"));
    ds.push(s);

    let mut r = Relation::new(
        RelationId::new("r1").unwrap(),
        cla("cl1"),
        cla("cl2"),
        RelationKind::Attacks,
    );
    r.evidence.push(Evidence::source(src("src")));
    ds.push(r);
    ds
}

fn problem(
    severity: Severity,
    record_type: RecordType,
    record: &str,
    field: &str,
    kind: ProblemKind,
) -> Problem {
    Problem {
        severity,
        record_type,
        record: record.into(),
        field: field.into(),
        kind,
    }
}

fn error(record_type: RecordType, record: &str, field: &str, kind: ProblemKind) -> Problem {
    problem(Severity::Error, record_type, record, field, kind)
}

fn problems(ds: &Dataset) -> Vec<Problem> {
    ds.validate().problems
}

/// The base dataset with one change, and the one problem it must cause.
fn assert_only(change: impl FnOnce(&mut Dataset), expected: Problem) {
    let mut ds = base();
    change(&mut ds);
    assert_eq!(problems(&ds), vec![expected]);
}

fn dangling(target: &str, expected: &[RecordType]) -> ProblemKind {
    ProblemKind::DanglingReference {
        target: target.into(),
        expected: expected.to_vec(),
    }
}

fn wrong_kind(target: &str, found: RecordType, expected: &[RecordType]) -> ProblemKind {
    ProblemKind::WrongKind {
        target: target.into(),
        found,
        expected: expected.to_vec(),
    }
}

fn source_of<'a>(ds: &'a mut Dataset, id: &str) -> claimgraph_core::RecordMut<'a, Source> {
    ds.source_mut(&src(id)).unwrap()
}
fn actor_of<'a>(ds: &'a mut Dataset, id: &str) -> claimgraph_core::RecordMut<'a, Actor> {
    ds.actor_mut(&act(id)).unwrap()
}
fn proposal_of<'a>(ds: &'a mut Dataset, id: &str) -> claimgraph_core::RecordMut<'a, Proposal> {
    ds.proposal_mut(&pro(id)).unwrap()
}
fn quote_of<'a>(ds: &'a mut Dataset, id: &str) -> claimgraph_core::RecordMut<'a, Quote> {
    ds.quote_mut(&quo(id)).unwrap()
}
fn stance_of<'a>(ds: &'a mut Dataset, id: &str) -> claimgraph_core::RecordMut<'a, Stance> {
    ds.stance_mut(&StanceId::new(id).unwrap()).unwrap()
}

const ACTOR: &[RecordType] = &[RecordType::Actor];
const SOURCE: &[RecordType] = &[RecordType::Source];
const PROPOSAL: &[RecordType] = &[RecordType::Proposal];
const QUOTE: &[RecordType] = &[RecordType::Quote];
const TARGET: &[RecordType] = &[
    RecordType::Proposal,
    RecordType::Concession,
    RecordType::Claim,
    RecordType::Actor,
];

// ---------------------------------------------------------------- the base

#[test]
fn the_base_dataset_has_no_problem() {
    assert_eq!(problems(&base()), vec![]);
}

// ---------------------------------------------------------------- ids

#[test]
fn duplicate_id_of_the_same_kind() {
    assert_only(
        |ds| ds.push(Actor::new(act("eu"), "EU again", ActorKind::Organisation)),
        error(
            RecordType::Actor,
            "eu",
            "id",
            ProblemKind::DuplicateId {
                first_type: RecordType::Actor,
                first_index: 0,
            },
        ),
    );
}

#[test]
fn duplicate_id_across_kinds() {
    assert_only(
        |ds| ds.push(Claim::new(cla("kallas"), "a claim named like an actor")),
        error(
            RecordType::Claim,
            "kallas",
            "id",
            ProblemKind::DuplicateId {
                first_type: RecordType::Actor,
                first_index: 1,
            },
        ),
    );
}

// ---------------------------------------------------------------- references

#[test]
fn dangling_reference_in_every_kind_of_field() {
    type Change = Box<dyn Fn(&mut Dataset)>;
    let cases: Vec<(Change, RecordType, &str, &str, &[RecordType])> = vec![
        (
            Box::new(|ds: &mut Dataset| {
                let a = Affiliation::new(act("nato"), AffiliationKind::Member);
                actor_of(ds, "ukraine").affiliations.push(a);
            }),
            RecordType::Actor,
            "ukraine",
            "affiliations[0].actor",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                proposal_of(ds, "plan").proposed_by = vec![act("eu"), act("trump")]
            }),
            RecordType::Proposal,
            "plan",
            "proposed_by[1]",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| proposal_of(ds, "p8").part_of = Some(pro("plan-2"))),
            RecordType::Proposal,
            "p8",
            "part_of",
            PROPOSAL,
        ),
        (
            Box::new(|ds: &mut Dataset| proposal_of(ds, "plan").supersedes = Some(pro("plan-0"))),
            RecordType::Proposal,
            "plan",
            "supersedes",
            PROPOSAL,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                proposal_of(ds, "plan").sources = vec![src("src"), src("axios")]
            }),
            RecordType::Proposal,
            "plan",
            "sources[1]",
            SOURCE,
        ),
        (
            Box::new(|ds: &mut Dataset| ds.concession_mut(&con("k1")).unwrap().by = act("kyiv")),
            RecordType::Concession,
            "k1",
            "by",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.concession_mut(&con("k1")).unwrap().to = Some(act("russia"))
            }),
            RecordType::Concession,
            "k1",
            "to",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.concession_mut(&con("k1")).unwrap().required_by = Some(pro("p99"))
            }),
            RecordType::Concession,
            "k1",
            "required_by",
            PROPOSAL,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.claim_mut(&cla("cl1")).unwrap().about = vec![rid("ghost")]
            }),
            RecordType::Claim,
            "cl1",
            "about[0]",
            RecordType::ALL,
        ),
        (
            Box::new(|ds: &mut Dataset| quote_of(ds, "q1").speaker = act("peskov")),
            RecordType::Quote,
            "q1",
            "speaker",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| quote_of(ds, "q1").source = src("tass")),
            RecordType::Quote,
            "q1",
            "source",
            SOURCE,
        ),
        (
            Box::new(|ds: &mut Dataset| quote_of(ds, "q1").reported_by = Some(act("aides"))),
            RecordType::Quote,
            "q1",
            "reported_by",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| stance_of(ds, "s1").holder = act("macron")),
            RecordType::Stance,
            "s1",
            "holder",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| stance_of(ds, "s1").target = rid("plan-99")),
            RecordType::Stance,
            "s1",
            "target",
            TARGET,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                stance_of(ds, "s1")
                    .evidence
                    .push(Evidence::quote(quo("q-missing")));
            }),
            RecordType::Stance,
            "s1",
            "evidence[1].quote",
            QUOTE,
        ),
        (
            Box::new(|ds: &mut Dataset| stance_of(ds, "s1").evidence[0].source = Some(src("wsj"))),
            RecordType::Stance,
            "s1",
            "evidence[0].source",
            SOURCE,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                stance_of(ds, "s1").evidence[0].reported_by = Some(act("officials"))
            }),
            RecordType::Stance,
            "s1",
            "evidence[0].reported_by",
            ACTOR,
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.relation_mut(&RelationId::new("r1").unwrap())
                    .unwrap()
                    .from = rid("cl9");
            }),
            RecordType::Relation,
            "r1",
            "from",
            &[RecordType::Claim],
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.relation_mut(&RelationId::new("r1").unwrap()).unwrap().to = rid("cl9");
            }),
            RecordType::Relation,
            "r1",
            "to",
            &[RecordType::Claim, RecordType::Proposal],
        ),
        (
            Box::new(|ds: &mut Dataset| {
                let r = &mut ds.relation_mut(&RelationId::new("r1").unwrap()).unwrap();
                r.evidence.push(Evidence::quote(quo("q1")));
                r.evidence.push(Evidence::quote(quo("q2")));
            }),
            RecordType::Relation,
            "r1",
            "evidence[2].quote",
            QUOTE,
        ),
    ];
    let targets = [
        "nato",
        "trump",
        "plan-2",
        "plan-0",
        "axios",
        "kyiv",
        "russia",
        "p99",
        "ghost",
        "peskov",
        "tass",
        "aides",
        "macron",
        "plan-99",
        "q-missing",
        "wsj",
        "officials",
        "cl9",
        "cl9",
        "q2",
    ];
    assert_eq!(cases.len(), targets.len());
    for ((change, record_type, record, field, expected), target) in cases.into_iter().zip(targets) {
        let mut ds = base();
        change(&mut ds);
        assert_eq!(
            problems(&ds),
            vec![error(
                record_type,
                record,
                field,
                dangling(target, expected)
            )],
            "{field}"
        );
    }
}

#[test]
fn a_stance_whose_holder_is_a_proposal() {
    assert_only(
        |ds| stance_of(ds, "s1").holder = act("p7"),
        error(
            RecordType::Stance,
            "s1",
            "holder",
            wrong_kind("p7", RecordType::Proposal, ACTOR),
        ),
    );
}

#[test]
fn a_quote_whose_speaker_is_a_source() {
    assert_only(
        |ds| quote_of(ds, "q1").speaker = act("src"),
        error(
            RecordType::Quote,
            "q1",
            "speaker",
            wrong_kind("src", RecordType::Source, ACTOR),
        ),
    );
}

#[test]
fn a_relation_from_a_proposal() {
    assert_only(
        |ds| {
            ds.relation_mut(&RelationId::new("r1").unwrap())
                .unwrap()
                .from = rid("p7")
        },
        error(
            RecordType::Relation,
            "r1",
            "from",
            wrong_kind("p7", RecordType::Proposal, &[RecordType::Claim]),
        ),
    );
}

#[test]
fn a_stance_on_a_source_and_evidence_naming_a_claim() {
    let mut ds = base();
    stance_of(&mut ds, "s1").target = rid("src");
    stance_of(&mut ds, "s1").evidence[0].quote = Some(quo("cl1"));
    assert_eq!(
        problems(&ds),
        vec![
            error(
                RecordType::Stance,
                "s1",
                "target",
                wrong_kind("src", RecordType::Source, TARGET)
            ),
            error(
                RecordType::Stance,
                "s1",
                "evidence[0].quote",
                wrong_kind("cl1", RecordType::Claim, QUOTE)
            ),
        ]
    );
}

#[test]
fn records_that_point_at_themselves() {
    let mut ds = base();
    actor_of(&mut ds, "eu")
        .affiliations
        .push(Affiliation::new(act("eu"), AffiliationKind::Member));
    ds.concession_mut(&con("k1")).unwrap().to = Some(act("ukraine"));
    ds.claim_mut(&cla("cl2")).unwrap().about = vec![rid("cl2")];
    stance_of(&mut ds, "s1").target = rid("kallas");
    ds.relation_mut(&RelationId::new("r1").unwrap()).unwrap().to = rid("cl1");
    let self_ref = || ProblemKind::SelfReference;
    assert_eq!(
        problems(&ds),
        vec![
            error(RecordType::Actor, "eu", "affiliations[0].actor", self_ref()),
            error(RecordType::Concession, "k1", "to", self_ref()),
            error(RecordType::Claim, "cl2", "about[0]", self_ref()),
            error(RecordType::Stance, "s1", "target", self_ref()),
            error(RecordType::Relation, "r1", "to", self_ref()),
        ]
    );
}

// ---------------------------------------------------------------- cycles

fn cycle(ids: &[&str]) -> ProblemKind {
    ProblemKind::Cycle {
        cycle: ids.iter().map(|s| (*s).to_owned()).collect(),
    }
}

#[test]
fn a_point_that_is_part_of_itself() {
    assert_only(
        |ds| proposal_of(ds, "p8").part_of = Some(pro("p8")),
        error(RecordType::Proposal, "p8", "part_of", cycle(&["p8", "p8"])),
    );
}

#[test]
fn a_three_cycle_in_part_of_is_reported_once_from_its_least_id() {
    assert_only(
        |ds| {
            for (id, parent) in [("x-3", "x-1"), ("x-1", "x-2"), ("x-2", "x-3")] {
                let mut p = Proposal::new(pro(id), id);
                p.part_of = Some(pro(parent));
                ds.push(p);
            }
        },
        error(
            RecordType::Proposal,
            "x-1",
            "part_of",
            cycle(&["x-1", "x-2", "x-3", "x-1"]),
        ),
    );
}

#[test]
fn a_supersedes_cycle() {
    assert_only(
        |ds| {
            let mut v2 = Proposal::new(pro("v2"), "revised plan");
            v2.supersedes = Some(pro("plan"));
            ds.push(v2);
            proposal_of(ds, "plan").supersedes = Some(pro("v2"));
        },
        error(
            RecordType::Proposal,
            "plan",
            "supersedes",
            cycle(&["plan", "v2", "plan"]),
        ),
    );
}

#[test]
fn an_affiliation_cycle() {
    assert_only(
        |ds| {
            actor_of(ds, "eu")
                .affiliations
                .push(Affiliation::new(act("kallas"), AffiliationKind::Member));
        },
        error(
            RecordType::Actor,
            "eu",
            "affiliations",
            cycle(&["eu", "kallas", "eu"]),
        ),
    );
}

// ---------------------------------------------------------------- dates

#[test]
fn an_affiliation_that_ends_before_it_starts() {
    assert_only(
        |ds| actor_of(ds, "kallas").affiliations[0].until = Some(day("2024-06-01")),
        error(
            RecordType::Actor,
            "kallas",
            "affiliations[0].from",
            ProblemKind::DatesOutOfOrder {
                earlier_field: "affiliations[0].from".into(),
                earlier: "2024-12-01".into(),
                later_field: "affiliations[0].until".into(),
                later: "2024-06-01".into(),
            },
        ),
    );
}

#[test]
fn dates_compare_by_the_local_day_of_a_date_time() {
    let mut ds = base();
    {
        // 23:30 in New York is the next day in UTC, but the same local day.
        let mut kallas = actor_of(&mut ds, "kallas");
        kallas.affiliations[0].from = Some(day("2024-12-01T23:30:00-05:00"));
        kallas.affiliations[0].until = Some(day("2024-12-01"));
    }
    assert_eq!(problems(&ds), vec![]);
    actor_of(&mut ds, "kallas").affiliations[0].until = Some(day("2024-11-30"));
    assert_eq!(problems(&ds).len(), 1);
}

#[test]
fn a_quote_dated_after_its_source_was_published() {
    assert_only(
        |ds| quote_of(ds, "q1").date = Some(day("2025-11-21T08:00:00+02:00")),
        error(
            RecordType::Quote,
            "q1",
            "date",
            ProblemKind::DatesOutOfOrder {
                earlier_field: "date".into(),
                earlier: "2025-11-21T08:00:00+02:00".into(),
                later_field: "source.published".into(),
                later: "2025-11-20".into(),
            },
        ),
    );
}

#[test]
fn a_month_is_out_of_order_only_when_all_of_it_is() {
    // A month may hold any of its days: the deadline `2025-11` can be the
    // 30th, after a date of the 20th.
    let mut ds = base();
    proposal_of(&mut ds, "plan").deadline = Some(day("2025-11"));
    proposal_of(&mut ds, "p7").date = Some(day("2025-11"));
    proposal_of(&mut ds, "p7").deadline = Some(day("2025-11-01"));
    {
        let mut kallas = actor_of(&mut ds, "kallas");
        kallas.affiliations[0].from = Some(day("2024-12-20"));
        kallas.affiliations[0].until = Some(day("2024-12"));
    }
    quote_of(&mut ds, "q1").date = Some(day("2025-11-20T10:00:00Z"));
    source_of(&mut ds, "src").published = Some(day("2025-11"));
    assert_eq!(problems(&ds), vec![]);

    // All of it before the other date is still an error.
    let out_of_order = |earlier_field: &str, earlier: &str, later_field: &str, later: &str| {
        ProblemKind::DatesOutOfOrder {
            earlier_field: earlier_field.into(),
            earlier: earlier.into(),
            later_field: later_field.into(),
            later: later.into(),
        }
    };
    assert_only(
        |ds| proposal_of(ds, "plan").deadline = Some(day("2025-10")),
        error(
            RecordType::Proposal,
            "plan",
            "date",
            out_of_order("date", "2025-11-19", "deadline", "2025-10"),
        ),
    );
    assert_only(
        |ds| actor_of(ds, "kallas").affiliations[0].until = Some(day("2024-11")),
        error(
            RecordType::Actor,
            "kallas",
            "affiliations[0].from",
            out_of_order(
                "affiliations[0].from",
                "2024-12-01",
                "affiliations[0].until",
                "2024-11",
            ),
        ),
    );
    assert_only(
        |ds| {
            quote_of(ds, "q1").date = Some(day("2025-12"));
            source_of(ds, "src").published = Some(day("2025-11"));
        },
        error(
            RecordType::Quote,
            "q1",
            "date",
            out_of_order("date", "2025-12", "source.published", "2025-11"),
        ),
    );
}

#[test]
fn stance_and_version_dates_out_of_order_are_warnings() {
    let mut ds = base();
    stance_of(&mut ds, "s1").as_of = Some(day("2025-11-01"));
    let mut v2 = Proposal::new(pro("v2"), "revised plan");
    v2.supersedes = Some(pro("plan"));
    v2.date = Some(day("2025-11-02"));
    ds.push(v2);
    let report = ds.validate();
    assert!(report.is_valid(), "{report}");
    assert_eq!(
        report.problems,
        vec![
            problem(
                Severity::Warning,
                RecordType::Proposal,
                "v2",
                "supersedes.date",
                ProblemKind::DatesOutOfOrder {
                    earlier_field: "supersedes.date".into(),
                    earlier: "2025-11-19".into(),
                    later_field: "date".into(),
                    later: "2025-11-02".into(),
                }
            ),
            problem(
                Severity::Warning,
                RecordType::Stance,
                "s1",
                "target.date",
                ProblemKind::DatesOutOfOrder {
                    earlier_field: "target.date".into(),
                    earlier: "2025-11-19".into(),
                    later_field: "as_of".into(),
                    later: "2025-11-01".into(),
                }
            ),
        ]
    );
}

#[test]
fn a_date_the_file_format_cannot_hold() {
    let far = chrono::NaiveDate::from_ymd_opt(12_025, 1, 1).unwrap();
    let mut ds = base();
    source_of(&mut ds, "src").published = Some(When::Date(far));
    let found = problems(&ds);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].record_type,
            found[0].record.as_str(),
            found[0].field.as_str()
        ),
        (RecordType::Source, "src", "published")
    );
    assert!(
        matches!(&found[0].kind, ProblemKind::BadValue { expected, .. } if expected.contains("0000 and 9999")),
        "{found:?}"
    );
}

// ---------------------------------------------------------------- spans

#[test]
fn a_reversed_span() {
    assert_only(
        |ds| quote_of(ds, "q1").span = Some(Span::new(10, 5)),
        error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanReversed { start: 10, end: 5 },
        ),
    );
}

#[test]
fn a_span_past_the_end_of_the_text() {
    let start = words_span().start;
    assert_only(
        |ds| quote_of(ds, "q1").span = Some(Span::new(start, TEXT.len() + 1)),
        error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanOutOfBounds {
                start,
                end: TEXT.len() + 1,
                len: TEXT.len(),
            },
        ),
    );
}

#[test]
fn a_span_that_cuts_a_character() {
    // "К" is two bytes: a span starting at its second byte cuts it.
    let k = TEXT.find('К').unwrap();
    assert_only(
        |ds| quote_of(ds, "q1").span = Some(Span::new(k + 1, k + 4)),
        error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanSplitsCharacter {
                start: k + 1,
                end: k + 4,
                at: k + 1,
            },
        ),
    );
    assert_only(
        |ds| quote_of(ds, "q1").span = Some(Span::new(k, k + 3)),
        error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanSplitsCharacter {
                start: k,
                end: k + 3,
                at: k + 3,
            },
        ),
    );
}

#[test]
fn a_span_whose_text_differs_from_the_quote() {
    let Span { start, end } = words_span();
    assert_only(
        |ds| quote_of(ds, "q1").span = Some(Span::new(start - 1, end - 1)),
        error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanMismatch {
                start: start - 1,
                end: end - 1,
                found: " the plan needs the support of Ukraine and the European".into(),
            },
        ),
    );
}

#[test]
fn spans_are_not_checked_against_a_source_without_text() {
    let mut ds = base();
    source_of(&mut ds, "src").text = None;
    quote_of(&mut ds, "q1").span = Some(Span::new(1000, 2000));
    assert_eq!(problems(&ds), vec![]);
    // A reversed span is wrong whatever the source holds.
    quote_of(&mut ds, "q1").span = Some(Span::new(2, 1));
    assert_eq!(
        problems(&ds),
        vec![error(
            RecordType::Quote,
            "q1",
            "span",
            ProblemKind::SpanReversed { start: 2, end: 1 }
        )]
    );
}

// ---------------------------------------------------------------- texts

#[test]
fn empty_or_blank_text_in_every_text_field() {
    type Change = Box<dyn Fn(&mut Dataset)>;
    let cases: Vec<(Change, RecordType, &str, &str)> = vec![
        (
            Box::new(|ds: &mut Dataset| source_of(ds, "src").title = String::new()),
            RecordType::Source,
            "src",
            "title",
        ),
        (
            Box::new(|ds: &mut Dataset| source_of(ds, "src").publisher = Some(" ".into())),
            RecordType::Source,
            "src",
            "publisher",
        ),
        (
            Box::new(|ds: &mut Dataset| source_of(ds, "src").url = Some(String::new())),
            RecordType::Source,
            "src",
            "url",
        ),
        (
            Box::new(|ds: &mut Dataset| actor_of(ds, "eu").name = " \t\n".into()),
            RecordType::Actor,
            "eu",
            "name",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                actor_of(ds, "eu").aliases = vec!["EU".into(), "\u{2003}".into()]
            }),
            RecordType::Actor,
            "eu",
            "aliases[1]",
        ),
        (
            Box::new(|ds: &mut Dataset| actor_of(ds, "eu").description = Some(String::new())),
            RecordType::Actor,
            "eu",
            "description",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                actor_of(ds, "kallas").affiliations[0].title = Some("  ".into())
            }),
            RecordType::Actor,
            "kallas",
            "affiliations[0].title",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                actor_of(ds, "eu")
                    .external_ids
                    .insert("cameo".into(), " ".into());
            }),
            RecordType::Actor,
            "eu",
            "external_ids.cameo",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                actor_of(ds, "eu")
                    .external_ids
                    .insert(" ".into(), "x".into());
            }),
            RecordType::Actor,
            "eu",
            "external_ids",
        ),
        (
            Box::new(|ds: &mut Dataset| proposal_of(ds, "plan").title = "\n".into()),
            RecordType::Proposal,
            "plan",
            "title",
        ),
        (
            Box::new(|ds: &mut Dataset| proposal_of(ds, "p7").label = Some(String::new())),
            RecordType::Proposal,
            "p7",
            "label",
        ),
        (
            Box::new(|ds: &mut Dataset| proposal_of(ds, "plan").text = Some(" ".into())),
            RecordType::Proposal,
            "plan",
            "text",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                ds.concession_mut(&con("k1")).unwrap().what = String::new()
            }),
            RecordType::Concession,
            "k1",
            "what",
        ),
        (
            Box::new(|ds: &mut Dataset| ds.claim_mut(&cla("cl1")).unwrap().text = "\r\n".into()),
            RecordType::Claim,
            "cl1",
            "text",
        ),
        (
            Box::new(|ds: &mut Dataset| {
                let mut q = quote_of(ds, "q1");
                q.text = String::new();
                q.span = None;
            }),
            RecordType::Quote,
            "q1",
            "text",
        ),
        (
            Box::new(|ds: &mut Dataset| quote_of(ds, "q1").cue = Some(String::new())),
            RecordType::Quote,
            "q1",
            "cue",
        ),
        (
            Box::new(|ds: &mut Dataset| stance_of(ds, "s1").conditions = vec![" ".into()]),
            RecordType::Stance,
            "s1",
            "conditions[0]",
        ),
    ];
    for (change, record_type, record, field) in cases {
        let mut ds = base();
        change(&mut ds);
        assert_eq!(
            problems(&ds),
            vec![error(record_type, record, field, ProblemKind::EmptyText)],
            "{field}"
        );
    }
}

#[test]
fn declining_to_comment_needs_no_words() {
    let mut ds = base();
    let mut q = quote_of(&mut ds, "q1");
    q.mode = QuoteMode::NoComment;
    q.text = String::new();
    q.span = None;
    drop(q);
    assert_eq!(problems(&ds), vec![]);
}

// ---------------------------------------------------------------- values

#[test]
fn intensity_and_confidence_out_of_range() {
    let mut ds = base();
    stance_of(&mut ds, "s1").intensity = Some(1.5);
    stance_of(&mut ds, "s1").confidence = Some(-0.1);
    assert_eq!(
        problems(&ds),
        vec![
            error(
                RecordType::Stance,
                "s1",
                "intensity",
                ProblemKind::OutOfRange {
                    value: 1.5,
                    min: -1.0,
                    max: 1.0
                }
            ),
            error(
                RecordType::Stance,
                "s1",
                "confidence",
                ProblemKind::OutOfRange {
                    value: -0.1,
                    min: 0.0,
                    max: 1.0
                }
            ),
        ]
    );
    // The ends of the ranges, and negative zero, are in range.
    stance_of(&mut ds, "s1").intensity = Some(-1.0);
    stance_of(&mut ds, "s1").confidence = Some(-0.0);
    assert_eq!(problems(&ds), vec![]);
    stance_of(&mut ds, "s1").intensity = Some(1.0);
    stance_of(&mut ds, "s1").confidence = Some(1.0);
    assert_eq!(problems(&ds), vec![]);
}

#[test]
fn not_a_number_is_out_of_range_and_cannot_come_from_json() {
    let mut ds = base();
    stance_of(&mut ds, "s1").intensity = Some(f64::NAN);
    stance_of(&mut ds, "s1").confidence = Some(f64::INFINITY);
    let found = problems(&ds);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].field, "intensity");
    assert!(matches!(found[0].kind, ProblemKind::OutOfRange { value, .. } if value.is_nan()));
    assert_eq!(found[1].field, "confidence");
    assert!(
        matches!(found[1].kind, ProblemKind::OutOfRange { value, .. } if value == f64::INFINITY)
    );

    // JSON has no NaN or infinity: such a file does not read.
    let json = base().to_json();
    for bad in ["NaN", "Infinity", "-Infinity", "1e999"] {
        let text = json.replace(
            "\"position\": \"mixed\",",
            &format!("\"position\": \"mixed\",\n      \"intensity\": {bad},"),
        );
        assert_ne!(text, json);
        assert!(Dataset::from_json(&text).is_err(), "{bad} was read");
    }
}

#[test]
fn a_bad_country_code() {
    for bad in ["UK", "ukr", "EUR", "Ukraine"] {
        assert_only(
            |ds| actor_of(ds, "ukraine").country = Some(bad.into()),
            error(
                RecordType::Actor,
                "ukraine",
                "country",
                ProblemKind::BadValue {
                    value: bad.into(),
                    expected: "an ISO 3166-1 alpha-3 country code such as `UKR`".into(),
                },
            ),
        );
    }
}

#[test]
fn a_bad_wikidata_id() {
    for bad in ["Q0", "q458", "Q", "P31", "Q45 8", "Q012"] {
        assert_only(
            |ds| {
                actor_of(ds, "eu")
                    .external_ids
                    .insert("wikidata".into(), bad.into());
            },
            error(
                RecordType::Actor,
                "eu",
                "external_ids.wikidata",
                ProblemKind::BadValue {
                    value: bad.into(),
                    expected: "a Wikidata item id such as `Q212`".into(),
                },
            ),
        );
    }
}

#[test]
fn a_bad_language_tag() {
    for bad in ["english", "e", "en_US", "en-", "pt-BRAZILIAN"] {
        assert_only(
            |ds| source_of(ds, "src").language = Some(bad.into()),
            error(
                RecordType::Source,
                "src",
                "language",
                ProblemKind::BadValue {
                    value: bad.into(),
                    expected: "a BCP 47 language tag such as `en` or `pt-BR`".into(),
                },
            ),
        );
    }
}

#[test]
fn two_points_of_one_proposal_with_the_same_label() {
    assert_only(
        |ds| proposal_of(ds, "p8").label = Some(" point 7 ".into()),
        error(
            RecordType::Proposal,
            "p8",
            "label",
            ProblemKind::DuplicateLabel {
                label: " point 7 ".into(),
                other: "p7".into(),
            },
        ),
    );
    // The same label under another parent is fine.
    let mut ds = base();
    let mut other = Proposal::new(pro("other-point"), "another plan's point 7");
    other.part_of = Some(pro("p7"));
    other.label = Some("point 7".into());
    ds.push(other);
    assert_eq!(problems(&ds), vec![]);
}

#[test]
fn two_values_for_one_measure_in_one_record_are_a_warning() {
    let troops = |v: f64| Quantity::new("armed forces personnel", Comparator::AtMost, v, "troops");
    let mut ds = base();
    let mut other = troops(800_000.0);
    other.measure = "Armed forces personnel ".into();
    other.unit = " TROOPS".into();
    proposal_of(&mut ds, "plan").quantities = vec![
        troops(600_000.0),
        Quantity::new(
            "armed forces personnel",
            Comparator::AtMost,
            5.0,
            "brigades",
        ),
        other,
    ];
    let mut k = Concession::new(con("k2"), act("ukraine"), "cap the army");
    k.quantities = vec![troops(600_000.0), troops(600_000.0)];
    ds.push(k);
    let report = ds.validate();
    assert!(report.is_valid(), "{report}");
    let repeated = |record_type, record: &str| {
        problem(
            Severity::Warning,
            record_type,
            record,
            "quantities[2]",
            ProblemKind::RepeatedMeasure {
                measure: "armed forces personnel".into(),
                unit: "troops".into(),
                first_index: 0,
            },
        )
    };
    let mut second = repeated(RecordType::Concession, "k2");
    second.field = "quantities[1]".into();
    assert_eq!(
        report.problems,
        vec![repeated(RecordType::Proposal, "plan"), second]
    );
    assert_eq!(
        report.problems[0].to_string(),
        "warning: proposal `plan`, field `quantities[2]`: `quantities[0]` already measures \"armed forces personnel\" in \"troops\""
    );
}

// ---------------------------------------------------------------- evidence

#[test]
fn evidence_with_neither_quote_nor_source() {
    assert_only(
        |ds| {
            stance_of(ds, "s1").evidence.push(Evidence {
                quote: None,
                source: None,
                reported_by: Some(act("eu")),
            });
        },
        error(
            RecordType::Stance,
            "s1",
            "evidence[1]",
            ProblemKind::EmptyEvidence,
        ),
    );
}

#[test]
fn a_stance_with_no_evidence_is_a_warning() {
    let mut ds = base();
    stance_of(&mut ds, "s1").evidence.clear();
    let report = ds.validate();
    assert!(report.is_valid());
    assert_eq!(report.errors().count(), 0);
    assert_eq!(
        report.warnings().cloned().collect::<Vec<_>>(),
        vec![problem(
            Severity::Warning,
            RecordType::Stance,
            "s1",
            "evidence",
            ProblemKind::NoEvidence
        )]
    );
    assert_eq!(
        report.to_string(),
        "warning: stance `s1`, field `evidence`: stance has no evidence\n"
    );
}

// ---------------------------------------------------------------- all at once

#[test]
fn every_problem_is_reported_at_once() {
    let mut ds = base();
    ds.push(Actor::new(act("eu"), "EU", ActorKind::Organisation)); // duplicate id
    actor_of(&mut ds, "ukraine").country = Some("UK".into()); // bad country
    proposal_of(&mut ds, "p8").part_of = Some(pro("p8")); // cycle
    quote_of(&mut ds, "q1").span = Some(Span::new(9, 3)); // reversed span
    stance_of(&mut ds, "s1").evidence.clear(); // warning
    stance_of(&mut ds, "s1").holder = act("nobody"); // dangling
    let report = ds.validate();
    assert!(!report.is_valid());
    let found: Vec<(Severity, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.severity, p.record.as_str(), p.field.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (Severity::Error, "eu", "id"),
            (Severity::Error, "ukraine", "country"),
            (Severity::Error, "q1", "span"),
            (Severity::Error, "s1", "holder"),
            (Severity::Warning, "s1", "evidence"),
            (Severity::Error, "p8", "part_of"),
        ]
    );
    assert_eq!(report.errors().count(), 5);
    assert_eq!(report.warnings().count(), 1);
    let text = report.to_string();
    assert_eq!(text.lines().count(), 6, "{text}");
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        vec![
            "error: actor `eu`, field `id`: id is already used by an earlier actor (the 1st of that kind)",
            "error: actor `ukraine`, field `country`: \"UK\" is not an ISO 3166-1 alpha-3 country code such as `UKR`",
            "error: quote `q1`, field `span`: span start 9 is after its end 3",
            "error: stance `s1`, field `holder`: `nobody` names no record (expected an actor)",
            "warning: stance `s1`, field `evidence`: stance has no evidence",
            "error: proposal `p8`, field `part_of`: cycle: p8 -> p8",
        ]
    );
}

// ---------------------------------------------------------------- never panics

/// Ids from a small pool, so references dangle, collide, cycle and point at
/// the wrong kind.
fn pool_id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d", "e"]).prop_map(str::to_owned)
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        "(?s).{0,12}",
        Just("Київ «no» 😀".to_owned()),
    ]
}

fn any_when() -> impl Strategy<Value = When> {
    (
        0..=9999i32,
        1..=12u32,
        1..=28u32,
        any::<bool>(),
        -1439..=1439i32,
    )
        .prop_map(|(y, m, d, timed, off)| {
            let text = if timed {
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.abs();
                format!(
                    "{y:04}-{m:02}-{d:02}T12:00:00{sign}{:02}:{:02}",
                    off / 60,
                    off % 60
                )
            } else {
                format!("{y:04}-{m:02}-{d:02}")
            };
            When::parse(&text).unwrap()
        })
}

fn any_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-0.0),
        -2.0..2.0f64,
    ]
}

fn any_evidence() -> impl Strategy<Value = Evidence> {
    (
        prop::option::of(pool_id()),
        prop::option::of(pool_id()),
        prop::option::of(pool_id()),
    )
        .prop_map(|(q, s, r)| Evidence {
            quote: q.map(|x| quo(&x)),
            source: s.map(|x| src(&x)),
            reported_by: r.map(|x| act(&x)),
        })
}

#[derive(Debug, Clone)]
enum AnyRecord {
    Source(String, String, Option<When>, Option<String>, Option<String>),
    Actor(
        String,
        String,
        Vec<(String, Option<When>, Option<When>)>,
        Option<String>,
        Option<String>,
    ),
    Proposal(
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<When>,
    ),
    Concession(String, String, Option<String>, Option<String>),
    Claim(String, Vec<String>, String),
    Quote(
        String,
        String,
        String,
        String,
        Option<(usize, usize)>,
        Option<When>,
    ),
    Stance(
        String,
        String,
        String,
        Option<f64>,
        Option<f64>,
        Vec<Evidence>,
        Option<When>,
    ),
    Relation(String, String, String, Vec<Evidence>),
}

fn any_record() -> impl Strategy<Value = AnyRecord> {
    prop_oneof![
        (
            pool_id(),
            any_text(),
            prop::option::of(any_when()),
            prop::option::of(any_text()),
            prop::option::of("[a-zA-Z-]{0,6}"),
        )
            .prop_map(|(a, b, c, d, e)| AnyRecord::Source(a, b, c, d, e)),
        (
            pool_id(),
            any_text(),
            prop::collection::vec(
                (
                    pool_id(),
                    prop::option::of(any_when()),
                    prop::option::of(any_when())
                ),
                0..3
            ),
            prop::option::of("[A-Z]{0,4}"),
            prop::option::of("Q?[0-9]{0,3}"),
        )
            .prop_map(|(a, b, c, d, e)| AnyRecord::Actor(a, b, c, d, e)),
        (
            pool_id(),
            prop::option::of(pool_id()),
            prop::option::of(pool_id()),
            prop::option::of("point [12]"),
            prop::option::of(any_when()),
        )
            .prop_map(|(a, b, c, d, e)| AnyRecord::Proposal(a, b, c, d, e)),
        (
            pool_id(),
            pool_id(),
            prop::option::of(pool_id()),
            prop::option::of(pool_id()),
        )
            .prop_map(|(a, b, c, d)| AnyRecord::Concession(a, b, c, d)),
        (
            pool_id(),
            prop::collection::vec(pool_id(), 0..3),
            any_text()
        )
            .prop_map(|(a, b, c)| AnyRecord::Claim(a, b, c)),
        (
            pool_id(),
            pool_id(),
            pool_id(),
            any_text(),
            prop::option::of((0..40usize, 0..40usize)),
            prop::option::of(any_when()),
        )
            .prop_map(|(a, b, c, d, e, f)| AnyRecord::Quote(a, b, c, d, e, f)),
        (
            pool_id(),
            pool_id(),
            pool_id(),
            prop::option::of(any_float()),
            prop::option::of(any_float()),
            prop::collection::vec(any_evidence(), 0..3),
            prop::option::of(any_when()),
        )
            .prop_map(|(a, b, c, d, e, f, g)| AnyRecord::Stance(a, b, c, d, e, f, g)),
        (
            pool_id(),
            pool_id(),
            pool_id(),
            prop::collection::vec(any_evidence(), 0..2),
        )
            .prop_map(|(a, b, c, d)| AnyRecord::Relation(a, b, c, d)),
    ]
}

/// `finite` replaces NaN and infinities, which JSON cannot hold, by 2.
fn assemble(records: Vec<AnyRecord>, finite: bool) -> Dataset {
    let fix = |v: Option<f64>| match v {
        Some(x) if finite && !x.is_finite() => Some(2.0),
        other => other,
    };
    let mut ds = Dataset::new();
    for r in records {
        match r {
            AnyRecord::Source(id, title, published, text, language) => {
                let mut s = Source::new(src(&id), title);
                s.published = published;
                s.text = text;
                s.language = language;
                ds.push(s);
            }
            AnyRecord::Actor(id, name, ties, country, qid) => {
                let mut a = Actor::new(act(&id), name, ActorKind::Group);
                for (to, from, until) in ties {
                    let mut t = Affiliation::new(act(&to), AffiliationKind::Member);
                    t.from = from;
                    t.until = until;
                    a.affiliations.push(t);
                }
                a.country = country;
                if let Some(q) = qid {
                    a.external_ids.insert("wikidata".into(), q);
                }
                ds.push(a);
            }
            AnyRecord::Proposal(id, part_of, supersedes, label, date) => {
                let mut p = Proposal::new(pro(&id), "p");
                p.part_of = part_of.map(|x| pro(&x));
                p.supersedes = supersedes.map(|x| pro(&x));
                p.label = label;
                p.date = date;
                ds.push(p);
            }
            AnyRecord::Concession(id, by, to, required_by) => {
                let mut k = Concession::new(con(&id), act(&by), "w");
                k.to = to.map(|x| act(&x));
                k.required_by = required_by.map(|x| pro(&x));
                ds.push(k);
            }
            AnyRecord::Claim(id, about, text) => {
                let mut c = Claim::new(cla(&id), text);
                c.about = about.iter().map(|x| rid(x)).collect();
                ds.push(c);
            }
            AnyRecord::Quote(id, speaker, source, text, span, date) => {
                let mut q = Quote::new(
                    quo(&id),
                    act(&speaker),
                    src(&source),
                    QuoteMode::Direct,
                    text,
                );
                q.span = span.map(|(a, b)| Span::new(a, b));
                q.date = date;
                ds.push(q);
            }
            AnyRecord::Stance(id, holder, target, intensity, confidence, evidence, as_of) => {
                let mut s = Stance::new(
                    StanceId::new(&id).unwrap(),
                    act(&holder),
                    rid(&target),
                    Position::Opposes,
                );
                s.intensity = fix(intensity);
                s.confidence = fix(confidence);
                s.evidence = evidence;
                s.as_of = as_of;
                s.modality = Some(Modality::Hypothetical);
                ds.push(s);
            }
            AnyRecord::Relation(id, from, to, evidence) => {
                let mut r = Relation::new(
                    RelationId::new(&id).unwrap(),
                    rid(&from),
                    rid(&to),
                    RelationKind::Supports,
                );
                r.evidence = evidence;
                ds.push(r);
            }
        }
    }
    ds
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn validation_never_panics(records in prop::collection::vec(any_record(), 0..24)) {
        let ds = assemble(records, false);
        let report = ds.validate();
        for p in &report.problems {
            prop_assert!(!p.to_string().is_empty());
            prop_assert!(!p.field.is_empty());
        }
        let _ = report.to_string();
        prop_assert_eq!(report.is_valid(), report.errors().next().is_none());
        // Validating twice gives the same report (compared as text: NaN != NaN).
        prop_assert_eq!(format!("{:?}", ds.validate()), format!("{report:?}"));
    }

    #[test]
    fn invalid_datasets_keep_everything_through_json(
        records in prop::collection::vec(any_record(), 0..24),
    ) {
        let ds = assemble(records, true);
        let json = ds.to_json();
        let back = Dataset::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &ds);
        prop_assert_eq!(back.validate(), ds.validate());
        let jsonl = ds.to_jsonl();
        let back = Dataset::from_jsonl(&jsonl).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &ds);
    }
}

/// A long list is checked on several threads: its problems still come in
/// the order of the list, each with its own record, none lost or doubled.
#[test]
fn long_lists_report_in_list_order() {
    let n = 60_000;
    let mut ds = Dataset::new();
    ds.push(Source::new(src("src"), "A report"));
    ds.push(Actor::new(act("a"), "A", ActorKind::State));
    ds.push(Claim::new(cla("c"), "One aggressor"));
    for i in 0..n {
        // Every seventh stance names a holder that does not exist.
        let holder = if i % 7 == 0 {
            format!("ghost{i}")
        } else {
            "a".into()
        };
        let mut s = Stance::new(
            StanceId::new(&format!("s{i}")).unwrap(),
            act(&holder),
            rid("c"),
            Position::Supports,
        );
        s.evidence.push(Evidence::source(src("src")));
        ds.push(s);
        let q = Quote::new(
            quo(&format!("q{i}")),
            act("a"),
            src(if i % 11 == 0 { "nowhere" } else { "src" }),
            QuoteMode::Direct,
            "words",
        );
        ds.push(q);
    }
    let report = ds.validate();
    let quotes: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.record_type == RecordType::Quote)
        .map(|p| p.record.as_str())
        .collect();
    let want: Vec<String> = (0..n)
        .filter(|i| i % 11 == 0)
        .map(|i| format!("q{i}"))
        .collect();
    assert_eq!(quotes, want);
    let stances: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.record_type == RecordType::Stance)
        .map(|p| p.record.as_str())
        .collect();
    let want: Vec<String> = (0..n)
        .filter(|i| i % 7 == 0)
        .map(|i| format!("s{i}"))
        .collect();
    assert_eq!(stances, want);
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.field == "holder" || p.field == "source")
    );
}
