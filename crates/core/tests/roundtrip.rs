//! Round trips: any valid dataset goes through JSON and JSON Lines unchanged,
//! and writing what was read gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Comparator,
    Concession, ConcessionId, ConcessionStatus, Dataset, Evidence, ISO3166_ALPHA3, JsonLines,
    Judgement, Modality, Obligation, ObligationId, ObligationKind, Position, Precision,
    ProblemKind, Proposal, ProposalId, ProposalKind, ProposalStatus, Quantity, Quote, QuoteId,
    QuoteMode, Record, RecordId, RecordType, Relation, RelationId, RelationKind, SameAs, SameAsId,
    Source, SourceId, SourceKind, Span, Stance, StanceId, Topic, When,
};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;

// ---------------------------------------------------------------- strings

/// Pieces that break naive writers: quotes, escapes, line breaks, emoji,
/// right-to-left marks, NUL and other control characters, combining marks.
const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "😀",
    "👩‍👩‍👧",
    "\u{200f}",
    "\u{202e}",
    "\u{2028}",
    "\u{feff}",
    "é",
    "e\u{301}",
    "/",
    "</script>",
    "{\"type\":\"x\"}",
    " ",
    "Київ",
    "\\u0000",
];

/// Pieces an id may hold: no control characters.
const ID_PIECES: &[&str] = &[
    "\"", "\\", "😀", "\u{200f}", "\u{202e}", "é", "/", " ", "Київ", ":", "#", "{", "}",
];

/// A text that is not blank: words mixed with hostile pieces.
fn text() -> impl Strategy<Value = String> {
    (
        "[A-Za-z]{1,8}",
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(HOSTILE).prop_map(str::to_owned),
                "[a-z ]{0,6}",
                any::<char>().prop_map(String::from),
            ],
            0..5,
        ),
    )
        .prop_map(|(word, pieces)| {
            let mut s = String::new();
            // Leading and trailing whitespace is kept too.
            for (i, p) in pieces.iter().enumerate() {
                if i % 2 == 0 {
                    s.push_str(p);
                }
            }
            s.push_str(&word);
            for (i, p) in pieces.iter().enumerate() {
                if i % 2 == 1 {
                    s.push_str(p);
                }
            }
            s
        })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// The middle of an id: a few id-safe pieces.
fn id_middle() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(ID_PIECES).prop_map(str::to_owned),
            "[a-z0-9._-]{0,6}",
        ],
        0..4,
    )
    .prop_map(|v| v.concat())
}

// ---------------------------------------------------------------- dates

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

fn year() -> impl Strategy<Value = i32> {
    prop_oneof![
        3 => 1990..=2030i32,
        1 => prop::sample::select(vec![0, 1, 999, 1000, 1582, 1900, 2000, 9998, 9999]),
        1 => 0..=9999i32,
    ]
}

fn ymd() -> impl Strategy<Value = (i32, u32, u32)> {
    (year(), 1..=12u32, 1..=31u32).prop_map(|(y, m, d)| (y, m, d.min(days_in(y, m))))
}

/// A date, date-time, month or approximate day, written the ways the format
/// accepts and parsed.
fn when() -> impl Strategy<Value = When> {
    let date = ymd().prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));
    let fraction = prop_oneof![
        Just(String::new()),
        (0..1000u32).prop_map(|n| format!(".{n:03}")),
        (0..1_000_000u32).prop_map(|n| format!(".{n:06}")),
        (0..1_000_000_000u32).prop_map(|n| format!(".{n:09}")),
        "[0-9]{1,9}".prop_map(|d| format!(".{d}")),
    ];
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        Just("+00:00".to_owned()),
        Just("-00:00".to_owned()),
        (any::<bool>(), 0..=23u32, 0..=59u32)
            .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
    ];
    let date_time = (
        ymd(),
        prop::sample::select(vec!['T', 't', ' ']),
        (0..=23u32, 0..=59u32, 0..=59u32),
        fraction,
        offset,
    )
        .prop_map(|((y, mo, d), sep, (h, mi, s), frac, off)| {
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{off}")
        });
    // Leap seconds are accepted where they can occur.
    let leap = prop::sample::select(vec![
        "2016-12-31T23:59:60Z",
        "2015-06-30T23:59:60.999Z",
        "2017-01-01T00:59:60+01:00",
        "2016-12-31T18:59:60.5-05:00",
    ])
    .prop_map(str::to_owned);
    let month = (year(), 1..=12u32).prop_map(|(y, m)| format!("{y:04}-{m:02}"));
    let about = ymd().prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}~"));
    prop_oneof![4 => date, 4 => date_time, 1 => leap, 2 => month, 2 => about].prop_map(|s| {
        match When::parse(&s) {
            Ok(w) => w,
            Err(e) => panic!("the generator made a date the parser refuses: {e}"),
        }
    })
}

/// How a date is made from the one it must follow or precede: the same day
/// at another precision, so that months meet days at their first and last
/// days, where ordering them as ranges matters.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// The month of the other date's first day.
    Month,
    /// The other date's first day, approximately.
    About,
    /// The other date's first day.
    FirstDay,
    /// The other date's last day (a month's last day).
    LastDay,
}

/// A date that must keep an order with another one.
#[derive(Debug, Clone)]
enum DateSpec {
    /// Any date (put in order afterwards if it is not).
    Free(When),
    /// Shaped from the other date; the date given when there is none.
    Near(Shape, When),
}

fn date_spec() -> impl Strategy<Value = DateSpec> {
    prop_oneof![
        3 => when().prop_map(DateSpec::Free),
        2 => (
            prop::sample::select(vec![Shape::Month, Shape::About, Shape::FirstDay, Shape::LastDay]),
            when(),
        )
            .prop_map(|(shape, w)| DateSpec::Near(shape, w)),
    ]
}

/// The date a spec gives beside `other`, the date it must keep an order with.
/// Every shape is in order with `other` whichever of the two comes first.
fn resolve(spec: &DateSpec, other: Option<&When>) -> When {
    match (spec, other) {
        (DateSpec::Free(w), _) | (DateSpec::Near(_, w), None) => *w,
        (DateSpec::Near(shape, _), Some(o)) => {
            let first = o.date().to_string();
            let text = match shape {
                Shape::Month => first[..7].to_owned(),
                Shape::About => format!("{first}~"),
                Shape::FirstDay => first,
                Shape::LastDay => o.last_date().to_string(),
            };
            must(When::parse(&text))
        }
    }
}

// ---------------------------------------------------------------- numbers

fn intensity() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![
            -1.0,
            1.0,
            0.0,
            -0.0,
            0.1,
            -0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            0.1 + 0.2,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 3.0,
            1.0 - f64::EPSILON,
            -1.0 + f64::EPSILON / 2.0,
            1e-7,
            123e-20,
        ]),
        -1.0..=1.0f64,
    ]
}

fn confidence() -> impl Strategy<Value = f64> {
    intensity().prop_map(|v| if v == 0.0 { v } else { v.abs() })
}

/// Any finite float: edge values, plain ones, whole numbers and the whole
/// range of bit patterns (subnormals, both zeros, the largest magnitudes).
fn finite() -> impl Strategy<Value = f64> {
    use prop::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        prop::sample::select(vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.1 + 0.2,
            600_000.0,
            2e11,
            1e15,
            1e16,
            1e21,
            -1e-7,
            5e-324,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            f64::MAX,
            f64::MIN,
        ]),
        -1e7..1e7f64,
        (-1_000_000_000i64..1_000_000_000).prop_map(|n| n as f64),
        POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO,
    ]
}

// ---------------------------------------------------------------- quantities

#[derive(Debug, Clone)]
struct QuantitySpec {
    measure: String,
    comparator: Comparator,
    value: f64,
    /// How far `max` is above `value`, for `between`.
    spread: f64,
    unit: String,
}

fn quantity_spec() -> impl Strategy<Value = QuantitySpec> {
    // Spellings that compare alike, so repeats must be caught by `comparable`.
    let measure = prop_oneof![
        1 => text(),
        2 => prop::sample::select(vec![
            "armed forces personnel",
            " Armed Forces Personnel ",
            "term",
            "TERM",
        ])
        .prop_map(str::to_owned),
    ];
    let unit = prop_oneof![
        1 => text(),
        2 => prop::sample::select(vec!["troops", "Troops", " TROOPS", "USD", "km"])
            .prop_map(str::to_owned),
    ];
    (
        measure,
        prop::sample::select(Comparator::ALL),
        finite(),
        prop_oneof![Just(0.0), 0.0..1e6f64, finite().prop_map(f64::abs)],
        unit,
    )
        .prop_map(|(measure, comparator, value, spread, unit)| QuantitySpec {
            measure,
            comparator,
            value,
            spread,
            unit,
        })
}

/// Quantities for one record: at most one per measure and unit (a second
/// is a `repeated_measure` warning), `max` only with `between`, never below
/// `value`.
fn quantities(specs: &[QuantitySpec]) -> Vec<Quantity> {
    let mut out: Vec<Quantity> = Vec::new();
    for s in specs {
        let mut q = Quantity::new(s.measure.clone(), s.comparator, s.value, s.unit.clone());
        if s.comparator == Comparator::Between {
            let max = s.value + s.spread;
            q.max = Some(if max.is_finite() { max } else { f64::MAX });
        }
        if !out.iter().any(|o| o.comparable(&q)) {
            out.push(q);
        }
    }
    out
}

// ---------------------------------------------------------------- extra

/// Any JSON value: scalars of every kind, hostile strings, and arrays and
/// objects nested in each other.
fn json_value() -> impl Strategy<Value = Value> {
    let string = prop_oneof![
        text(),
        Just(String::new()),
        prop::sample::select(HOSTILE).prop_map(str::to_owned),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite().prop_map(Value::from),
        string.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        // Keys inside may be anything, a record's field names included.
        let key = prop_oneof![
            string.clone(),
            prop::sample::select(vec!["type", "id", "extra", "format", "aif:x"])
                .prop_map(str::to_owned),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Fields from other formats under namespaced keys (`aif:…`, `dna:…`).
fn extra() -> impl Strategy<Value = BTreeMap<String, Value>> {
    let key = (
        prop::sample::select(vec!["aif", "dna", "x-acled", "gdelt2"]),
        prop_oneof!["[a-z_]{1,12}", text()],
    )
        .prop_map(|(ns, name)| format!("{ns}:{name}"));
    prop::collection::btree_map(key, json_value(), 0..4)
}

// ---------------------------------------------------------------- records

#[derive(Debug, Clone)]
struct SourceSpec {
    mid: String,
    title: String,
    publisher: Option<String>,
    url: Option<String>,
    published: Option<When>,
    kind: Option<SourceKind>,
    language: Option<&'static str>,
    text: Option<String>,
    extra: BTreeMap<String, Value>,
}

fn source_spec() -> impl Strategy<Value = SourceSpec> {
    (
        id_middle(),
        text(),
        opt_text(),
        prop::option::of(prop::sample::select(vec![
            "https://example.com/a?b=c&d=\"e\"",
            "https://news.example/ук/2025/11/20",
        ]))
        .prop_map(|u| u.map(str::to_owned)),
        prop::option::of(when()),
        prop::option::of(prop::sample::select(SourceKind::ALL)),
        prop::option::of(prop::sample::select(vec![
            "en",
            "uk",
            "pt-BR",
            "zh-Hant-TW",
            "fra",
        ])),
        prop::option::of(text()),
        extra(),
    )
        .prop_map(
            |(mid, title, publisher, url, published, kind, language, text, extra)| SourceSpec {
                mid,
                title,
                publisher,
                url,
                published,
                kind,
                language,
                text,
                extra,
            },
        )
}

#[derive(Debug, Clone)]
struct AffSpec {
    to: Index,
    kind: AffiliationKind,
    title: Option<String>,
    from: Option<When>,
    until: Option<DateSpec>,
}

#[derive(Debug, Clone)]
struct ActorSpec {
    mid: String,
    name: String,
    kind: ActorKind,
    aliases: Vec<String>,
    country: Option<&'static str>,
    affiliations: Vec<AffSpec>,
    external_ids: BTreeMap<String, String>,
    description: Option<String>,
    extra: BTreeMap<String, Value>,
}

fn actor_spec() -> impl Strategy<Value = ActorSpec> {
    let aff = (
        any::<Index>(),
        prop::sample::select(AffiliationKind::ALL),
        opt_text(),
        prop::option::of(when()),
        prop::option::of(date_spec()),
    )
        .prop_map(|(to, kind, title, from, until)| AffSpec {
            to,
            kind,
            title,
            from,
            until,
        });
    let external = (
        prop::option::of((1..=999_999_999u64).prop_map(|n| format!("Q{n}"))),
        prop::collection::btree_map(text(), text(), 0..3),
    )
        .prop_map(|(qid, mut map)| {
            map.remove("wikidata");
            if let Some(q) = qid {
                map.insert("wikidata".to_owned(), q);
            }
            map
        });
    (
        id_middle(),
        text(),
        prop::sample::select(ActorKind::ALL),
        prop::collection::vec(text(), 0..3),
        prop::option::of(prop::sample::select(ISO3166_ALPHA3.to_vec())),
        prop::collection::vec(aff, 0..3),
        external,
        opt_text(),
        extra(),
    )
        .prop_map(
            |(
                mid,
                name,
                kind,
                aliases,
                country,
                affiliations,
                external_ids,
                description,
                extra,
            )| {
                ActorSpec {
                    mid,
                    name,
                    kind,
                    aliases,
                    country,
                    affiliations,
                    external_ids,
                    description,
                    extra,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct ProposalSpec {
    mid: String,
    title: String,
    kind: Option<ProposalKind>,
    proposed_by: Vec<Index>,
    part_of: Option<Index>,
    label: Option<String>,
    topic: Option<Topic>,
    text: Option<String>,
    /// Beside the date of the proposal it supersedes, if any.
    date: Option<DateSpec>,
    status: Option<ProposalStatus>,
    supersedes: Option<Index>,
    answers: Option<Index>,
    quantities: Vec<QuantitySpec>,
    deadline: Option<DateSpec>,
    sources: Vec<Index>,
    extra: BTreeMap<String, Value>,
}

fn proposal_spec() -> impl Strategy<Value = ProposalSpec> {
    (
        (
            id_middle(),
            text(),
            prop::option::of(prop::sample::select(ProposalKind::ALL)),
            prop::collection::vec(any::<Index>(), 0..3),
            prop::option::of(any::<Index>()),
            opt_text(),
        ),
        (
            prop::option::of(prop::sample::select(Topic::ALL)),
            opt_text(),
            prop::option::of(date_spec()),
            prop::option::of(prop::sample::select(ProposalStatus::ALL)),
            prop::option::of(any::<Index>()),
            prop::collection::vec(any::<Index>(), 0..3),
        ),
        (
            prop::option::of(any::<Index>()),
            prop::collection::vec(quantity_spec(), 0..3),
            prop::option::of(date_spec()),
            extra(),
        ),
    )
        .prop_map(
            |(
                (mid, title, kind, proposed_by, part_of, label),
                (topic, text, date, status, supersedes, sources),
                (answers, quantities, deadline, extra),
            )| ProposalSpec {
                mid,
                title,
                kind,
                proposed_by,
                part_of,
                label,
                topic,
                text,
                date,
                status,
                supersedes,
                answers,
                quantities,
                deadline,
                sources,
                extra,
            },
        )
}

#[derive(Debug, Clone)]
struct ConcessionSpec {
    mid: String,
    by: Index,
    to: Option<Index>,
    what: String,
    topic: Option<Topic>,
    required_by: Option<Index>,
    status: Option<ConcessionStatus>,
    quantities: Vec<QuantitySpec>,
    extra: BTreeMap<String, Value>,
}

fn concession_spec() -> impl Strategy<Value = ConcessionSpec> {
    (
        id_middle(),
        any::<Index>(),
        prop::option::of(any::<Index>()),
        text(),
        prop::option::of(prop::sample::select(Topic::ALL)),
        prop::option::of(any::<Index>()),
        prop::option::of(prop::sample::select(ConcessionStatus::ALL)),
        prop::collection::vec(quantity_spec(), 0..3),
        extra(),
    )
        .prop_map(
            |(mid, by, to, what, topic, required_by, status, quantities, extra)| ConcessionSpec {
                mid,
                by,
                to,
                what,
                topic,
                required_by,
                status,
                quantities,
                extra,
            },
        )
}

#[derive(Debug, Clone)]
struct ObligationSpec {
    mid: String,
    by: Index,
    to: Option<Index>,
    what: String,
    kind: Option<ObligationKind>,
    topic: Option<Topic>,
    required_by: Option<Index>,
    status: Option<ConcessionStatus>,
    quantities: Vec<QuantitySpec>,
    extra: BTreeMap<String, Value>,
}

fn obligation_spec() -> impl Strategy<Value = ObligationSpec> {
    (
        id_middle(),
        any::<Index>(),
        prop::option::of(any::<Index>()),
        text(),
        prop::option::of(prop::sample::select(ObligationKind::ALL)),
        prop::option::of(prop::sample::select(Topic::ALL)),
        prop::option::of(any::<Index>()),
        prop::option::of(prop::sample::select(ConcessionStatus::ALL)),
        prop::collection::vec(quantity_spec(), 0..3),
        extra(),
    )
        .prop_map(
            |(mid, by, to, what, kind, topic, required_by, status, quantities, extra)| {
                ObligationSpec {
                    mid,
                    by,
                    to,
                    what,
                    kind,
                    topic,
                    required_by,
                    status,
                    quantities,
                    extra,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct ClaimSpec {
    mid: String,
    text: String,
    about: Vec<Index>,
    topic: Option<Topic>,
    extra: BTreeMap<String, Value>,
}

fn claim_spec() -> impl Strategy<Value = ClaimSpec> {
    (
        id_middle(),
        text(),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::option::of(prop::sample::select(Topic::ALL)),
        extra(),
    )
        .prop_map(|(mid, text, about, topic, extra)| ClaimSpec {
            mid,
            text,
            about,
            topic,
            extra,
        })
}

#[derive(Debug, Clone)]
enum SpanSpec {
    None,
    /// Put the quote's text into its source's text and point at it.
    Embedded(String),
    /// Any ordered span (checked only against a source that has text).
    Free(usize, usize),
}

#[derive(Debug, Clone)]
struct QuoteSpec {
    mid: String,
    speaker: Index,
    source: Index,
    mode: QuoteMode,
    text: String,
    cue: Option<String>,
    span: SpanSpec,
    /// Beside the source's `published`.
    date: Option<DateSpec>,
    reported_by: Option<Index>,
    extra: BTreeMap<String, Value>,
}

fn quote_spec() -> impl Strategy<Value = QuoteSpec> {
    let mode = prop::sample::select(QuoteMode::ALL);
    (
        id_middle(),
        any::<Index>(),
        any::<Index>(),
        mode,
        text(),
        opt_text(),
        prop_oneof![
            Just(SpanSpec::None),
            text().prop_map(SpanSpec::Embedded),
            (0..10_000usize, 0..10_000usize).prop_map(|(a, len)| SpanSpec::Free(a, a + len)),
        ],
        prop::option::of(date_spec()),
        prop::option::of(any::<Index>()),
        any::<bool>(),
        extra(),
    )
        .prop_map(
            |(mid, speaker, source, mode, text, cue, span, date, reported_by, empty, extra)| {
                QuoteSpec {
                    mid,
                    speaker,
                    source,
                    mode,
                    // Declining to comment, or not answering, may leave no
                    // words at all.
                    text: if matches!(mode, QuoteMode::NoComment | QuoteMode::NoResponse) && empty {
                        String::new()
                    } else {
                        text
                    },
                    cue,
                    span,
                    date,
                    reported_by,
                    extra,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct EvidenceSpec {
    quote: Option<Index>,
    source: Option<Index>,
    reported_by: Option<Index>,
}

fn evidence_spec() -> impl Strategy<Value = EvidenceSpec> {
    (
        prop::option::of(any::<Index>()),
        prop::option::of(any::<Index>()),
        prop::option::of(any::<Index>()),
    )
        .prop_map(|(quote, source, reported_by)| EvidenceSpec {
            quote,
            source,
            reported_by,
        })
}

#[derive(Debug, Clone)]
struct StanceSpec {
    mid: String,
    holder: Index,
    target: Index,
    position: Position,
    intensity: Option<f64>,
    conditions: Vec<String>,
    modality: Option<Modality>,
    evidence: Vec<EvidenceSpec>,
    /// Beside the target's date, when the target is a proposal.
    as_of: Option<DateSpec>,
    confidence: Option<f64>,
    extra: BTreeMap<String, Value>,
}

fn stance_spec() -> impl Strategy<Value = StanceSpec> {
    (
        (
            id_middle(),
            any::<Index>(),
            any::<Index>(),
            prop::sample::select(Position::ALL),
            prop::option::of(intensity()),
        ),
        (
            prop::collection::vec(text(), 0..3),
            prop::option::of(prop::sample::select(Modality::ALL)),
            prop::collection::vec(evidence_spec(), 0..4),
            prop::option::of(date_spec()),
            prop::option::of(confidence()),
            extra(),
        ),
    )
        .prop_map(
            |(
                (mid, holder, target, position, intensity),
                (conditions, modality, evidence, as_of, confidence, extra),
            )| StanceSpec {
                mid,
                holder,
                target,
                position,
                intensity,
                conditions,
                modality,
                evidence,
                as_of,
                confidence,
                extra,
            },
        )
}

#[derive(Debug, Clone)]
struct RelationSpec {
    mid: String,
    from: Index,
    to: Index,
    kind: RelationKind,
    evidence: Vec<EvidenceSpec>,
    extra: BTreeMap<String, Value>,
}

fn relation_spec() -> impl Strategy<Value = RelationSpec> {
    (
        id_middle(),
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(RelationKind::ALL),
        prop::collection::vec(evidence_spec(), 0..3),
        extra(),
    )
        .prop_map(|(mid, from, to, kind, evidence, extra)| RelationSpec {
            mid,
            from,
            to,
            kind,
            evidence,
            extra,
        })
}

#[derive(Debug, Clone)]
struct SameAsSpec {
    mid: String,
    /// The kind of both records; actors when there are fewer than two of it.
    kind: RecordType,
    a: Index,
    b: Index,
    judgement: Judgement,
    decided_by: Option<String>,
    date: Option<When>,
    reason: Option<String>,
    extra: BTreeMap<String, Value>,
}

fn same_as_spec() -> impl Strategy<Value = SameAsSpec> {
    let kind = prop_oneof![
        4 => Just(RecordType::Actor),
        3 => Just(RecordType::Claim),
        1 => Just(RecordType::Proposal),
        1 => Just(RecordType::Concession),
        1 => Just(RecordType::Source),
        1 => Just(RecordType::Obligation),
    ];
    (
        id_middle(),
        kind,
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(Judgement::ALL),
        opt_text(),
        prop::option::of(when()),
        opt_text(),
        extra(),
    )
        .prop_map(
            |(mid, kind, a, b, judgement, decided_by, date, reason, extra)| SameAsSpec {
                mid,
                kind,
                a,
                b,
                judgement,
                decided_by,
                date,
                reason,
                extra,
            },
        )
}

#[derive(Debug, Clone)]
struct Plan {
    sources: Vec<SourceSpec>,
    actors: Vec<ActorSpec>,
    proposals: Vec<ProposalSpec>,
    concessions: Vec<ConcessionSpec>,
    claims: Vec<ClaimSpec>,
    quotes: Vec<QuoteSpec>,
    stances: Vec<StanceSpec>,
    relations: Vec<RelationSpec>,
    obligations: Vec<ObligationSpec>,
    same_as: Vec<SameAsSpec>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(source_spec(), 1..4),
        prop::collection::vec(actor_spec(), 2..6),
        prop::collection::vec(proposal_spec(), 0..6),
        prop::collection::vec(concession_spec(), 0..4),
        prop::collection::vec(claim_spec(), 0..4),
        prop::collection::vec(quote_spec(), 0..5),
        prop::collection::vec(stance_spec(), 0..5),
        prop::collection::vec(relation_spec(), 0..4),
        prop::collection::vec(obligation_spec(), 0..4),
        prop::collection::vec(same_as_spec(), 0..5),
    )
        .prop_map(
            |(
                sources,
                actors,
                proposals,
                concessions,
                claims,
                quotes,
                stances,
                relations,
                obligations,
                same_as,
            )| Plan {
                sources,
                actors,
                proposals,
                concessions,
                claims,
                quotes,
                stances,
                relations,
                obligations,
                same_as,
            },
        )
}

/// An id unique across the dataset: a kind prefix, hostile middle, index.
fn id(prefix: &str, mid: &str, i: usize) -> String {
    format!("{prefix}{mid}#{i}")
}

fn must<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("the generator made a bad record: {e:?}"),
    }
}

/// Whether `a` must come after `b`, as validation orders dates: a month is
/// the range of its days, so it is after a day only when all of it is.
fn later(a: Option<&When>, b: Option<&When>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.date() > b.last_date())
}

/// The ids of the records positive judgements join, as the least id of each
/// group (a judgement that does not count here only splits groups further).
#[derive(Default)]
struct Joined(BTreeMap<String, String>);

impl Joined {
    fn root(&self, id: &str) -> String {
        let mut at = id.to_owned();
        while let Some(up) = self.0.get(&at).filter(|up| **up != at) {
            at = up.clone();
        }
        at
    }

    fn join(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.root(a), self.root(b));
        let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        self.0.insert(hi, lo);
    }
}

/// Any item of a list but the one at `not`.
fn other<T: Clone>(list: &[T], not: usize, x: Index) -> T {
    let mut j = x.index(list.len() - 1);
    if j >= not {
        j += 1;
    }
    list[j].clone()
}

/// Two different items of a list.
fn pair<T: Clone>(list: &[T], a: Index, b: Index) -> (T, T) {
    let i = a.index(list.len());
    (list[i].clone(), other(list, i, b))
}

/// Builds a valid dataset from a plan: every reference resolves to the
/// right kind, no cycles, dates in order, spans on their words, one value
/// per measure, no judgement against the judgements that join its records.
fn build(plan: &Plan) -> Dataset {
    let source_ids: Vec<SourceId> = (plan.sources.iter().enumerate())
        .map(|(i, s)| must(SourceId::new(&id("src", &s.mid, i))))
        .collect();
    let actor_ids: Vec<ActorId> = (plan.actors.iter().enumerate())
        .map(|(i, s)| must(ActorId::new(&id("act", &s.mid, i))))
        .collect();
    let proposal_ids: Vec<ProposalId> = (plan.proposals.iter().enumerate())
        .map(|(i, s)| must(ProposalId::new(&id("pro", &s.mid, i))))
        .collect();
    let concession_ids: Vec<ConcessionId> = (plan.concessions.iter().enumerate())
        .map(|(i, s)| must(ConcessionId::new(&id("con", &s.mid, i))))
        .collect();
    let claim_ids: Vec<ClaimId> = (plan.claims.iter().enumerate())
        .map(|(i, s)| must(ClaimId::new(&id("cla", &s.mid, i))))
        .collect();
    let quote_ids: Vec<QuoteId> = (plan.quotes.iter().enumerate())
        .map(|(i, s)| must(QuoteId::new(&id("quo", &s.mid, i))))
        .collect();
    let stance_ids: Vec<StanceId> = (plan.stances.iter().enumerate())
        .map(|(i, s)| must(StanceId::new(&id("sta", &s.mid, i))))
        .collect();
    // A relation needs a claim to argue from and something else to argue about.
    let relation_ids: Vec<RelationId> =
        if claim_ids.len() + proposal_ids.len() >= 2 && !claim_ids.is_empty() {
            (plan.relations.iter().enumerate())
                .map(|(i, s)| must(RelationId::new(&id("rel", &s.mid, i))))
                .collect()
        } else {
            Vec::new()
        };
    let obligation_ids: Vec<ObligationId> = (plan.obligations.iter().enumerate())
        .map(|(i, s)| must(ObligationId::new(&id("obl", &s.mid, i))))
        .collect();
    let same_as_ids: Vec<SameAsId> = (plan.same_as.iter().enumerate())
        .map(|(i, s)| must(SameAsId::new(&id("sam", &s.mid, i))))
        .collect();

    let mut sources: Vec<Source> = plan
        .sources
        .iter()
        .zip(&source_ids)
        .map(|(s, sid)| {
            let mut r = Source::new(sid.clone(), s.title.clone());
            r.publisher = s.publisher.clone();
            r.url = s.url.clone();
            r.published = s.published;
            r.kind = s.kind;
            r.language = s.language.map(str::to_owned);
            r.text = s.text.clone();
            r.extra = s.extra.clone();
            r
        })
        .collect();

    let mut ds_actors = Vec::new();
    for (i, (a, aid)) in plan.actors.iter().zip(&actor_ids).enumerate() {
        let mut r = Actor::new(aid.clone(), a.name.clone(), a.kind);
        r.aliases = a.aliases.clone();
        r.country = a.country.map(str::to_owned);
        r.external_ids = a.external_ids.clone();
        r.description = a.description.clone();
        r.extra = a.extra.clone();
        // Ties point only at earlier actors: no cycles, no self-ties.
        if i > 0 {
            for af in &a.affiliations {
                let mut t = Affiliation::new(actor_ids[af.to.index(i)].clone(), af.kind);
                t.title = af.title.clone();
                t.from = af.from;
                t.until = af.until.as_ref().map(|u| resolve(u, t.from.as_ref()));
                if later(t.from.as_ref(), t.until.as_ref()) {
                    std::mem::swap(&mut t.from, &mut t.until);
                }
                r.affiliations.push(t);
            }
        }
        ds_actors.push(r);
    }

    let mut proposals: Vec<Proposal> = Vec::new();
    for (i, (p, pid)) in plan.proposals.iter().zip(&proposal_ids).enumerate() {
        let mut r = Proposal::new(pid.clone(), p.title.clone());
        r.kind = p.kind;
        r.proposed_by = (p.proposed_by.iter())
            .map(|x| x.get(&actor_ids).clone())
            .collect();
        // Part of and superseding only earlier proposals: no cycles. A
        // point superseding a point carries it over from an earlier version.
        let mut previous = None;
        if i > 0 {
            r.part_of = p.part_of.map(|x| proposal_ids[x.index(i)].clone());
            if let Some(x) = p.supersedes {
                let old = &proposals[x.index(i)];
                r.supersedes = Some(old.id.clone());
                previous = old.date;
            }
        }
        // Answering any other proposal, later ones included.
        if proposal_ids.len() > 1 {
            r.answers = p.answers.map(|x| other(&proposal_ids, i, x));
        }
        // Labels are unique among the points of one parent.
        r.label = p.label.as_ref().map(|l| format!("{l} {i}"));
        r.topic = p.topic;
        r.text = p.text.clone();
        // Not before the version it supersedes (a warning otherwise), and
        // the deadline not before the date (an error).
        r.date = p.date.as_ref().map(|d| resolve(d, previous.as_ref()));
        if later(previous.as_ref(), r.date.as_ref()) {
            r.date = previous;
        }
        r.deadline = p.deadline.as_ref().map(|d| resolve(d, r.date.as_ref()));
        if later(r.date.as_ref(), r.deadline.as_ref()) {
            r.deadline = r.date;
        }
        r.status = p.status;
        r.quantities = quantities(&p.quantities);
        r.sources = p
            .sources
            .iter()
            .map(|x| x.get(&source_ids).clone())
            .collect();
        r.extra = p.extra.clone();
        proposals.push(r);
    }

    let mut concessions = Vec::new();
    for (k, kid) in plan.concessions.iter().zip(&concession_ids) {
        let by = k.by.get(&actor_ids).clone();
        let mut r = Concession::new(kid.clone(), by.clone(), k.what.clone());
        r.to =
            k.to.map(|x| x.get(&actor_ids).clone())
                .filter(|to| *to != by);
        r.topic = k.topic;
        if !proposal_ids.is_empty() {
            r.required_by = k.required_by.map(|x| x.get(&proposal_ids).clone());
        }
        r.status = k.status;
        r.quantities = quantities(&k.quantities);
        r.extra = k.extra.clone();
        concessions.push(r);
    }

    let mut obligations = Vec::new();
    for (o, oid) in plan.obligations.iter().zip(&obligation_ids) {
        let by = o.by.get(&actor_ids).clone();
        let mut r = Obligation::new(oid.clone(), by.clone(), o.what.clone());
        r.to =
            o.to.map(|x| x.get(&actor_ids).clone())
                .filter(|to| *to != by);
        r.kind = o.kind;
        r.topic = o.topic;
        if !proposal_ids.is_empty() {
            r.required_by = o.required_by.map(|x| x.get(&proposal_ids).clone());
        }
        r.status = o.status;
        r.quantities = quantities(&o.quantities);
        r.extra = o.extra.clone();
        obligations.push(r);
    }

    // Anything a stance may target.
    let targets: Vec<RecordId> = (proposal_ids.iter().map(RecordId::from))
        .chain(concession_ids.iter().map(RecordId::from))
        .chain(claim_ids.iter().map(RecordId::from))
        .chain(actor_ids.iter().map(RecordId::from))
        .collect();
    // Anything a claim may be about: records of every kind.
    let anything: Vec<RecordId> = (source_ids.iter().map(RecordId::from))
        .chain(targets.iter().cloned())
        .chain(quote_ids.iter().map(RecordId::from))
        .chain(stance_ids.iter().map(RecordId::from))
        .chain(relation_ids.iter().map(RecordId::from))
        .chain(obligation_ids.iter().map(RecordId::from))
        .chain(same_as_ids.iter().map(RecordId::from))
        .collect();

    let mut claims = Vec::new();
    for (c, cid) in plan.claims.iter().zip(&claim_ids) {
        let mut r = Claim::new(cid.clone(), c.text.clone());
        let others: Vec<&RecordId> = (anything.iter())
            .filter(|x| x.as_str() != cid.as_str())
            .collect();
        r.about = c.about.iter().map(|x| (*x.get(&others)).clone()).collect();
        r.topic = c.topic;
        r.extra = c.extra.clone();
        claims.push(r);
    }

    let mut quotes = Vec::new();
    for (q, qid) in plan.quotes.iter().zip(&quote_ids) {
        let s = q.source.index(sources.len());
        let mut r = Quote::new(
            qid.clone(),
            q.speaker.get(&actor_ids).clone(),
            source_ids[s].clone(),
            q.mode,
            q.text.clone(),
        );
        r.cue = q.cue.clone();
        r.reported_by = q.reported_by.map(|x| x.get(&actor_ids).clone());
        let published = sources[s].published;
        r.date = q.date.as_ref().map(|d| resolve(d, published.as_ref()));
        if later(r.date.as_ref(), published.as_ref()) {
            r.date = published;
        }
        r.span = match (&q.span, &mut sources[s].text) {
            (SpanSpec::None, _) => None,
            (SpanSpec::Embedded(sep), Some(text)) => {
                text.push_str(sep);
                let start = text.len();
                text.push_str(&r.text);
                Some(Span::new(start, text.len()))
            }
            (SpanSpec::Embedded(_), None) => None,
            (SpanSpec::Free(a, b), None) => Some(Span::new(*a, *b)),
            (SpanSpec::Free(..), Some(text)) => {
                // A span that fits: the quote is what the source holds there.
                let start = text.len();
                text.push_str(&r.text);
                Some(Span::new(start, text.len()))
            }
        };
        r.extra = q.extra.clone();
        quotes.push(r);
    }

    let evidence = |list: &[EvidenceSpec]| -> Vec<Evidence> {
        list.iter()
            .map(|e| {
                let quote = (!quote_ids.is_empty())
                    .then(|| e.quote.map(|x| x.get(&quote_ids).clone()))
                    .flatten();
                let mut source = e.source.map(|x| x.get(&source_ids).clone());
                if quote.is_none() && source.is_none() {
                    source = Some(source_ids[0].clone());
                }
                Evidence {
                    quote,
                    source,
                    reported_by: e.reported_by.map(|x| x.get(&actor_ids).clone()),
                }
            })
            .collect()
    };

    let proposal_dates: BTreeMap<&str, When> = (proposals.iter())
        .filter_map(|p| Some((p.id.as_str(), p.date?)))
        .collect();
    let mut stances = Vec::new();
    for (s, sid) in plan.stances.iter().zip(&stance_ids) {
        let holder = s.holder.get(&actor_ids).clone();
        let choices: Vec<&RecordId> = targets
            .iter()
            .filter(|t| t.as_str() != holder.as_str())
            .collect();
        let target = (*s.target.get(&choices)).clone();
        // Not known to hold before the proposal it is about was made (a
        // warning otherwise).
        let target_date = proposal_dates.get(target.as_str()).copied();
        let mut r = Stance::new(sid.clone(), holder, target, s.position);
        r.intensity = s.intensity;
        r.conditions = s.conditions.clone();
        r.modality = s.modality;
        r.evidence = evidence(&s.evidence);
        r.as_of = s.as_of.as_ref().map(|d| resolve(d, target_date.as_ref()));
        if later(target_date.as_ref(), r.as_of.as_ref()) {
            r.as_of = target_date;
        }
        r.confidence = s.confidence;
        r.extra = s.extra.clone();
        stances.push(r);
    }

    let mut relations = Vec::new();
    for (rel, rid) in plan.relations.iter().zip(&relation_ids) {
        let from = rel.from.get(&claim_ids).clone();
        let tos: Vec<RecordId> = (claim_ids.iter().map(RecordId::from))
            .chain(proposal_ids.iter().map(RecordId::from))
            .filter(|t| t.as_str() != from.as_str())
            .collect();
        let mut r = Relation::new(rid.clone(), from, rel.to.get(&tos).clone(), rel.kind);
        r.evidence = evidence(&rel.evidence);
        r.extra = rel.extra.clone();
        relations.push(r);
    }

    let mut same_as = Vec::new();
    for (j, jid) in plan.same_as.iter().zip(&same_as_ids) {
        let of_kind: Vec<RecordId> = match j.kind {
            RecordType::Claim => claim_ids.iter().map(RecordId::from).collect(),
            RecordType::Proposal => proposal_ids.iter().map(RecordId::from).collect(),
            RecordType::Concession => concession_ids.iter().map(RecordId::from).collect(),
            RecordType::Source => source_ids.iter().map(RecordId::from).collect(),
            RecordType::Obligation => obligation_ids.iter().map(RecordId::from).collect(),
            _ => Vec::new(),
        };
        let pool = if of_kind.len() >= 2 {
            of_kind
        } else {
            actor_ids.iter().map(RecordId::from).collect()
        };
        let (a, b) = pair(&pool, j.a, j.b);
        let mut r = SameAs::new(jid.clone(), a, b, j.judgement);
        r.decided_by = j.decided_by.clone();
        r.date = j.date;
        r.reason = j.reason.clone();
        r.extra = j.extra.clone();
        same_as.push(r);
    }
    // Two records that positive judgements join cannot be judged different
    // (`judged_both_ways`); such a judgement becomes unsure.
    let mut joined = Joined::default();
    for r in same_as
        .iter()
        .filter(|r| r.judgement == Judgement::Positive)
    {
        joined.join(r.a.as_str(), r.b.as_str());
    }
    for r in &mut same_as {
        if r.judgement == Judgement::Negative
            && joined.root(r.a.as_str()) == joined.root(r.b.as_str())
        {
            r.judgement = Judgement::Unsure;
        }
    }

    let mut ds = Dataset::new();
    for r in sources {
        must(ds.insert(r));
    }
    for r in ds_actors {
        must(ds.insert(r));
    }
    for r in proposals {
        must(ds.insert(r));
    }
    for r in concessions {
        must(ds.insert(r));
    }
    for r in claims {
        must(ds.insert(r));
    }
    for r in quotes {
        must(ds.insert(r));
    }
    for r in stances {
        must(ds.insert(r));
    }
    for r in relations {
        must(ds.insert(r));
    }
    for r in obligations {
        must(ds.insert(r));
    }
    for r in same_as {
        must(ds.insert(r));
    }
    ds
}

fn dataset() -> impl Strategy<Value = Dataset> {
    plan().prop_map(|p| build(&p))
}

/// Rewrites one JSON Lines record with its `"type"` moved to position `at`
/// among its keys (never first, when the record has other keys).
fn move_type(line: &str, at: Index) -> String {
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => panic!("written line does not parse: {e}"),
    };
    let serde_json::Value::Object(map) = value else {
        panic!("written line is not an object: {line}");
    };
    let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
    let pos = entries.iter().position(|(k, _)| k == "type");
    let Some(pos) = pos else {
        panic!("written line has no type: {line}")
    };
    let ty = entries.remove(pos);
    let at = 1 + at.index(entries.len().max(1));
    entries.insert(at.min(entries.len()), ty);
    let fields: Vec<String> = entries
        .iter()
        .map(|(k, v)| {
            format!(
                "{}:{}",
                serde_json::Value::String(k.clone()),
                serde_json::to_string(v).unwrap_or_default()
            )
        })
        .collect();
    format!("{{{}}}", fields.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn generated_datasets_are_valid(ds in dataset()) {
        let report = ds.validate();
        prop_assert!(report.is_valid(), "{report}");
        prop_assert_eq!(report.errors().count(), 0);
    }

    #[test]
    fn generated_datasets_warn_only_of_likely_duplicates_and_missing_evidence(ds in dataset()) {
        // Hostile names may normalise alike, and a stance may have no
        // evidence; anything else is the generator's mistake or the
        // validator's.
        let report = ds.validate();
        for p in report.warnings() {
            prop_assert!(
                matches!(p.kind, ProblemKind::ProbableDuplicate { .. } | ProblemKind::NoEvidence),
                "{}", p
            );
        }
    }

    #[test]
    fn json_round_trips_to_an_equal_dataset_and_identical_bytes(ds in dataset()) {
        let json = ds.to_json();
        let back = Dataset::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &ds);
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn jsonl_round_trips_to_an_equal_dataset_and_identical_bytes(ds in dataset()) {
        let jsonl = ds.to_jsonl();
        prop_assert_eq!(jsonl.lines().count(), ds.len() + 1);
        let back = Dataset::from_jsonl(&jsonl).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &ds);
        prop_assert_eq!(back.to_jsonl(), jsonl);
        // The two formats hold the same.
        prop_assert_eq!(back.to_json(), ds.to_json());
    }

    #[test]
    fn jsonl_reads_the_same_whatever_the_key_order(ds in dataset(), at in any::<Index>()) {
        let jsonl = ds.to_jsonl();
        let mut lines = jsonl.lines();
        let mut moved = String::new();
        moved.push_str(lines.next().unwrap_or_default());
        moved.push('\n');
        for line in lines {
            let shuffled = move_type(line, at);
            prop_assert!(!shuffled.starts_with("{\"type\""), "{}", shuffled);
            // The generic serde path, which buffers, agrees with the stream reader.
            let one: Record = serde_json::from_str(&shuffled)
                .map_err(|e| TestCaseError::fail(format!("{e}: {shuffled}")))?;
            let streamed = JsonLines::new(shuffled.as_bytes()).next();
            prop_assert!(matches!(&streamed, Some(Ok(r)) if *r == one), "{:?}", streamed);
            moved.push_str(&shuffled);
            moved.push('\n');
        }
        let back = Dataset::from_jsonl(&moved).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &ds);
        prop_assert_eq!(back.to_jsonl(), jsonl);
    }

    #[test]
    fn dates_print_as_text_that_parses_back_equal(w in when()) {
        let text = w.to_string();
        prop_assert_eq!(When::parse(&text), Ok(w));
        let json = serde_json::to_string(&w).unwrap_or_default();
        prop_assert_eq!(json, format!("\"{text}\""));
    }

    #[test]
    fn floats_in_range_keep_every_bit(v in intensity()) {
        let mut ds = Dataset::new();
        let holder = must(ActorId::new("a"));
        let target = must(ActorId::new("b"));
        ds.push(Actor::new(holder.clone(), "A", ActorKind::Person));
        ds.push(Actor::new(target.clone(), "B", ActorKind::Person));
        let mut s = Stance::new(must(StanceId::new("s")), holder, target, Position::Mixed);
        s.intensity = Some(v);
        s.confidence = Some(v.abs());
        ds.push(s);
        for text in [ds.to_json(), ds.to_jsonl()] {
            let back = if text.starts_with("{\n") {
                Dataset::from_json(&text)
            } else {
                Dataset::from_jsonl(&text)
            };
            let back = back.map_err(|e| TestCaseError::fail(e.to_string()))?;
            let got = back.stances()[0].intensity.map(f64::to_bits);
            prop_assert_eq!(got, Some(v.to_bits()));
            let got = back.stances()[0].confidence.map(f64::to_bits);
            prop_assert_eq!(got, Some(v.abs().to_bits()));
        }
    }
}

#[test]
fn negative_zero_keeps_its_sign_in_the_file() {
    let mut ds = Dataset::new();
    let a = must(ActorId::new("a"));
    let b = must(ActorId::new("b"));
    ds.push(Actor::new(a.clone(), "A", ActorKind::Person));
    ds.push(Actor::new(b.clone(), "B", ActorKind::Person));
    let mut s = Stance::new(must(StanceId::new("s")), a, b, Position::Neutral);
    s.intensity = Some(-0.0);
    ds.push(s);
    let json = ds.to_json();
    assert!(json.contains("\"intensity\": -0.0"), "{json}");
    let back =
        Dataset::from_json(&json).map(|d| d.stances()[0].intensity.map(f64::is_sign_negative));
    assert_eq!(back.ok(), Some(Some(true)));
}

#[test]
fn the_canonical_form_has_every_array_and_a_format_key() {
    let json = Dataset::new().to_json();
    assert_eq!(
        json,
        "{\n  \"format\": \"claimgraph/1\",\n  \"sources\": [],\n  \"actors\": [],\n  \
         \"proposals\": [],\n  \"concessions\": [],\n  \"claims\": [],\n  \"quotes\": [],\n  \
         \"stances\": [],\n  \"relations\": []\n}\n"
    );
    assert_eq!(Dataset::new().to_jsonl(), "{\"format\":\"claimgraph/1\"}\n");
}

// ---------------------------------------------------------------- coverage

/// The field names serde knows for a type: those it lists when it refuses
/// an unknown one. A field added to the model is expected below without
/// this test being told.
fn fields_of<T: serde::de::DeserializeOwned>() -> BTreeSet<String> {
    let message = match serde_json::from_str::<T>(r#"{"@unknown": 0}"#) {
        Ok(_) => panic!("an unknown field was accepted"),
        Err(e) => e.to_string(),
    };
    let expected = message.split_once("expected").map_or("", |(_, rest)| rest);
    let fields: BTreeSet<String> = (expected.split('`').skip(1).step_by(2))
        .map(str::to_owned)
        .collect();
    assert!(fields.len() >= 2, "no field names in {message:?}");
    fields
}

fn names<T: std::fmt::Display>(all: &[T]) -> BTreeSet<String> {
    all.iter().map(ToString::to_string).collect()
}

/// The arrays of a canonical file and the kind of record each holds.
const ARRAYS: &[(&str, &str)] = &[
    ("sources", "source"),
    ("actors", "actor"),
    ("proposals", "proposal"),
    ("concessions", "concession"),
    ("claims", "claim"),
    ("quotes", "quote"),
    ("stances", "stance"),
    ("relations", "relation"),
    ("obligations", "obligation"),
    ("same_as", "same_as"),
];

/// What written data holds: the fields of each kind of record and of the
/// objects inside records, the strings at each `kind.field`, and the kinds
/// of JSON value under `extra`.
#[derive(Default)]
struct Seen {
    fields: BTreeMap<String, BTreeSet<String>>,
    strings: BTreeMap<String, BTreeSet<String>>,
    extra: BTreeSet<&'static str>,
}

impl Seen {
    fn object(&mut self, kind: &str, value: &Value) {
        let Value::Object(map) = value else {
            panic!("a {kind} is written as {value}");
        };
        for (field, v) in map {
            (self.fields.entry(kind.to_owned()).or_default()).insert(field.clone());
            let inner = match field.as_str() {
                "affiliations" => Some("affiliation"),
                "evidence" => Some("evidence"),
                "quantities" => Some("quantity"),
                _ => None,
            };
            match (field.as_str(), v, inner) {
                ("extra", Value::Object(m), _) => m.values().for_each(|v| self.json(v)),
                ("span", _, _) => self.object("span", v),
                (_, Value::Array(list), Some(inner)) => {
                    list.iter().for_each(|x| self.object(inner, x));
                }
                (_, Value::String(s), _) => {
                    (self.strings.entry(format!("{kind}.{field}")).or_default()).insert(s.clone());
                }
                _ => {}
            }
        }
    }

    fn json(&mut self, v: &Value) {
        let kind = match v {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(n) if n.is_f64() => "float",
            Value::Number(_) => "integer",
            Value::String(_) => "string",
            Value::Array(list) => {
                list.iter().for_each(|x| self.json(x));
                "array"
            }
            Value::Object(m) => {
                m.values().for_each(|x| self.json(x));
                "object"
            }
        };
        self.extra.insert(kind);
    }
}

/// The generator is only as good as what it makes: over many datasets,
/// every field of every record kind is written, every value of every
/// vocabulary, every precision of every date, every kind of JSON under
/// `extra`, and the cases validation treats apart.
#[test]
fn generated_data_holds_every_field_and_value_the_model_has() {
    let mut runner = TestRunner::deterministic();
    let strategy = dataset();
    let mut seen = Seen::default();
    let mut datasets = Vec::new();
    for _ in 0..128 {
        let ds = must(strategy.new_tree(&mut runner)).current();
        let json: Value = must(serde_json::from_str(&ds.to_json()));
        for (array, kind) in ARRAYS {
            if let Some(Value::Array(records)) = json.get(array) {
                records.iter().for_each(|r| seen.object(kind, r));
            }
        }
        datasets.push(ds);
    }

    let expected = [
        ("source", fields_of::<Source>()),
        ("actor", fields_of::<Actor>()),
        ("affiliation", fields_of::<Affiliation>()),
        ("proposal", fields_of::<Proposal>()),
        ("quantity", fields_of::<Quantity>()),
        ("concession", fields_of::<Concession>()),
        ("claim", fields_of::<Claim>()),
        ("quote", fields_of::<Quote>()),
        ("span", fields_of::<Span>()),
        ("stance", fields_of::<Stance>()),
        ("evidence", fields_of::<Evidence>()),
        ("relation", fields_of::<Relation>()),
        ("obligation", fields_of::<Obligation>()),
        ("same_as", fields_of::<SameAs>()),
    ];
    assert_eq!(
        expected.len(),
        RecordType::ALL.len() + 4,
        "a record kind is left out"
    );
    for (kind, fields) in &expected {
        let got = seen.fields.get(*kind).cloned().unwrap_or_default();
        let missing: Vec<&String> = fields.difference(&got).collect();
        assert!(missing.is_empty(), "no {kind} has {missing:?}");
    }

    let vocabularies = [
        ("source.kind", names(SourceKind::ALL)),
        ("actor.kind", names(ActorKind::ALL)),
        ("affiliation.kind", names(AffiliationKind::ALL)),
        ("proposal.kind", names(ProposalKind::ALL)),
        ("proposal.topic", names(Topic::ALL)),
        ("proposal.status", names(ProposalStatus::ALL)),
        ("quantity.comparator", names(Comparator::ALL)),
        ("concession.topic", names(Topic::ALL)),
        ("concession.status", names(ConcessionStatus::ALL)),
        ("claim.topic", names(Topic::ALL)),
        ("quote.mode", names(QuoteMode::ALL)),
        ("stance.position", names(Position::ALL)),
        ("stance.modality", names(Modality::ALL)),
        ("relation.kind", names(RelationKind::ALL)),
        ("obligation.kind", names(ObligationKind::ALL)),
        ("obligation.topic", names(Topic::ALL)),
        ("obligation.status", names(ConcessionStatus::ALL)),
        ("same_as.judgement", names(Judgement::ALL)),
    ];
    for (field, values) in &vocabularies {
        let got = seen.strings.get(*field).cloned().unwrap_or_default();
        let missing: Vec<&String> = values.difference(&got).collect();
        assert!(missing.is_empty(), "{field} is never {missing:?}");
    }

    let precisions: BTreeSet<Precision> = [
        Precision::Instant,
        Precision::Day,
        Precision::ApproximateDay,
        Precision::Month,
    ]
    .into();
    for field in [
        "source.published",
        "affiliation.from",
        "affiliation.until",
        "proposal.date",
        "proposal.deadline",
        "quote.date",
        "stance.as_of",
        "same_as.date",
    ] {
        let got: BTreeSet<Precision> = (seen.strings.get(field).into_iter().flatten())
            .map(|s| must(When::parse(s)).precision())
            .collect();
        assert_eq!(got, precisions, "{field}");
    }

    let json_kinds: BTreeSet<&str> = [
        "null", "bool", "integer", "float", "string", "array", "object",
    ]
    .into();
    assert_eq!(seen.extra, json_kinds, "extra");

    let any = |f: &dyn Fn(&Dataset) -> bool| datasets.iter().any(f);
    assert!(
        any(&|ds| (ds.proposals().iter()).any(|p| p.part_of.is_some() && p.supersedes.is_some())),
        "no point supersedes another"
    );
    assert!(
        any(&|ds| (ds.proposals().iter().map(|p| &p.quantities))
            .chain(ds.concessions().iter().map(|k| &k.quantities))
            .chain(ds.obligations().iter().map(|o| &o.quantities))
            .any(|list| {
                let measures: BTreeSet<String> = (list.iter())
                    .map(|q| q.measure.trim().to_ascii_lowercase())
                    .collect();
                measures.len() < list.len()
            })),
        "no record measures one thing in two units"
    );
    for mode in [QuoteMode::NoComment, QuoteMode::NoResponse] {
        assert!(
            any(&|ds| (ds.quotes().iter()).any(|q| q.mode == mode && q.text.is_empty())),
            "no {mode} quote without words"
        );
    }
    for kind in [RecordType::Actor, RecordType::Claim] {
        for judgement in Judgement::ALL {
            assert!(
                any(&|ds| (ds.same_as().iter())
                    .any(|j| j.judgement == *judgement && ds.kind_of(j.a.as_str()) == Some(kind))),
                "no {judgement} judgement on two {kind}s"
            );
        }
    }
    // A date whose first day is after a date it must not follow, yet in
    // order, since that date is a month that runs past it.
    let ranged = |early: Option<&When>, late: Option<&When>| matches!((early, late), (Some(e), Some(l)) if e.date() > l.date());
    assert!(
        any(&|ds| (ds.actors().iter())
            .flat_map(|a| &a.affiliations)
            .any(|t| ranged(t.from.as_ref(), t.until.as_ref()))),
        "no affiliation until a month holding its from"
    );
    assert!(
        any(&|ds| (ds.proposals().iter()).any(|p| ranged(p.date.as_ref(), p.deadline.as_ref()))),
        "no deadline in a month holding the date"
    );
    assert!(
        any(&|ds| (ds.quotes().iter()).any(|q| {
            let published = ds.source(&q.source).and_then(|s| s.published);
            ranged(q.date.as_ref(), published.as_ref())
        })),
        "no quote dated in the month its source is published"
    );
}
