//! Round trips: any valid dataset goes through JSON and JSON Lines unchanged,
//! and writing what was read gives the same bytes.

use std::collections::BTreeMap;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Affiliation, AffiliationKind, Claim, ClaimId, Concession,
    ConcessionId, ConcessionStatus, Dataset, Evidence, ISO3166_ALPHA3, JsonLines, Modality,
    Position, Proposal, ProposalId, ProposalKind, ProposalStatus, Quote, QuoteId, QuoteMode,
    Record, RecordId, Relation, RelationId, RelationKind, Source, SourceId, SourceKind, Span,
    Stance, StanceId, Topic, When,
};
use proptest::prelude::*;
use proptest::sample::Index;

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

/// A date or date-time, written the ways the format accepts and parsed.
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
    prop_oneof![4 => date, 4 => date_time, 1 => leap].prop_map(|s| match When::parse(&s) {
        Ok(w) => w,
        Err(e) => panic!("the generator made a date the parser refuses: {e}"),
    })
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
    )
        .prop_map(
            |(mid, title, publisher, url, published, kind, language, text)| SourceSpec {
                mid,
                title,
                publisher,
                url,
                published,
                kind,
                language,
                text,
            },
        )
}

#[derive(Debug, Clone)]
struct AffSpec {
    to: Index,
    kind: AffiliationKind,
    title: Option<String>,
    from: Option<When>,
    until: Option<When>,
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
}

fn actor_spec() -> impl Strategy<Value = ActorSpec> {
    let aff = (
        any::<Index>(),
        prop::sample::select(AffiliationKind::ALL),
        opt_text(),
        prop::option::of(when()),
        prop::option::of(when()),
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
    )
        .prop_map(
            |(mid, name, kind, aliases, country, affiliations, external_ids, description)| {
                ActorSpec {
                    mid,
                    name,
                    kind,
                    aliases,
                    country,
                    affiliations,
                    external_ids,
                    description,
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
    date: Option<When>,
    status: Option<ProposalStatus>,
    supersedes: Option<Index>,
    sources: Vec<Index>,
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
            prop::option::of(when()),
            prop::option::of(prop::sample::select(ProposalStatus::ALL)),
            prop::option::of(any::<Index>()),
            prop::collection::vec(any::<Index>(), 0..3),
        ),
    )
        .prop_map(
            |(
                (mid, title, kind, proposed_by, part_of, label),
                (topic, text, date, status, supersedes, sources),
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
                sources,
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
    )
        .prop_map(
            |(mid, by, to, what, topic, required_by, status)| ConcessionSpec {
                mid,
                by,
                to,
                what,
                topic,
                required_by,
                status,
            },
        )
}

#[derive(Debug, Clone)]
struct ClaimSpec {
    mid: String,
    text: String,
    about: Vec<Index>,
    topic: Option<Topic>,
}

fn claim_spec() -> impl Strategy<Value = ClaimSpec> {
    (
        id_middle(),
        text(),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::option::of(prop::sample::select(Topic::ALL)),
    )
        .prop_map(|(mid, text, about, topic)| ClaimSpec {
            mid,
            text,
            about,
            topic,
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
    date: Option<When>,
    reported_by: Option<Index>,
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
        prop::option::of(when()),
        prop::option::of(any::<Index>()),
        any::<bool>(),
    )
        .prop_map(
            |(mid, speaker, source, mode, text, cue, span, date, reported_by, empty)| QuoteSpec {
                mid,
                speaker,
                source,
                mode,
                // Declining to comment may leave no words at all.
                text: if mode == QuoteMode::NoComment && empty {
                    String::new()
                } else {
                    text
                },
                cue,
                span,
                date,
                reported_by,
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
    as_of: Option<When>,
    confidence: Option<f64>,
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
            prop::option::of(when()),
            prop::option::of(confidence()),
        ),
    )
        .prop_map(
            |(
                (mid, holder, target, position, intensity),
                (conditions, modality, evidence, as_of, confidence),
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
}

fn relation_spec() -> impl Strategy<Value = RelationSpec> {
    (
        id_middle(),
        any::<Index>(),
        any::<Index>(),
        prop::sample::select(RelationKind::ALL),
        prop::collection::vec(evidence_spec(), 0..3),
    )
        .prop_map(|(mid, from, to, kind, evidence)| RelationSpec {
            mid,
            from,
            to,
            kind,
            evidence,
        })
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
    )
        .prop_map(
            |(sources, actors, proposals, concessions, claims, quotes, stances, relations)| Plan {
                sources,
                actors,
                proposals,
                concessions,
                claims,
                quotes,
                stances,
                relations,
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

fn later(a: Option<&When>, b: Option<&When>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.date() > b.date())
}

/// Builds a valid dataset from a plan: every reference resolves to the
/// right kind, no cycles, dates in order, spans on their words.
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
        // Ties point only at earlier actors: no cycles, no self-ties.
        if i > 0 {
            for af in &a.affiliations {
                let mut t = Affiliation::new(actor_ids[af.to.index(i)].clone(), af.kind);
                t.title = af.title.clone();
                t.from = af.from;
                t.until = af.until;
                if later(t.from.as_ref(), t.until.as_ref()) {
                    std::mem::swap(&mut t.from, &mut t.until);
                }
                r.affiliations.push(t);
            }
        }
        ds_actors.push(r);
    }

    let mut proposals = Vec::new();
    for (i, (p, pid)) in plan.proposals.iter().zip(&proposal_ids).enumerate() {
        let mut r = Proposal::new(pid.clone(), p.title.clone());
        r.kind = p.kind;
        r.proposed_by = (p.proposed_by.iter())
            .map(|x| x.get(&actor_ids).clone())
            .collect();
        if i > 0 {
            r.part_of = p.part_of.map(|x| proposal_ids[x.index(i)].clone());
            r.supersedes = p.supersedes.map(|x| proposal_ids[x.index(i)].clone());
        }
        // Labels are unique among the points of one parent.
        r.label = p.label.as_ref().map(|l| format!("{l} {i}"));
        r.topic = p.topic;
        r.text = p.text.clone();
        r.date = p.date;
        r.status = p.status;
        r.sources = p
            .sources
            .iter()
            .map(|x| x.get(&source_ids).clone())
            .collect();
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
        concessions.push(r);
    }

    // Anything a claim may be about or a stance may target.
    let targets: Vec<RecordId> = (proposal_ids.iter().map(RecordId::from))
        .chain(concession_ids.iter().map(RecordId::from))
        .chain(claim_ids.iter().map(RecordId::from))
        .chain(actor_ids.iter().map(RecordId::from))
        .collect();

    let mut claims = Vec::new();
    for (c, cid) in plan.claims.iter().zip(&claim_ids) {
        let mut r = Claim::new(cid.clone(), c.text.clone());
        let anything: Vec<RecordId> = (source_ids.iter().map(RecordId::from))
            .chain(targets.iter().cloned())
            .chain(quote_ids.iter().map(RecordId::from))
            .filter(|x| x.as_str() != cid.as_str())
            .collect();
        r.about = c.about.iter().map(|x| x.get(&anything).clone()).collect();
        r.topic = c.topic;
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
        r.date = q.date;
        let published = sources[s].published;
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

    let mut stances = Vec::new();
    for (i, s) in plan.stances.iter().enumerate() {
        let holder = s.holder.get(&actor_ids).clone();
        let choices: Vec<&RecordId> = targets
            .iter()
            .filter(|t| t.as_str() != holder.as_str())
            .collect();
        let target = (*s.target.get(&choices)).clone();
        let mut r = Stance::new(
            must(StanceId::new(&id("sta", &s.mid, i))),
            holder,
            target,
            s.position,
        );
        r.intensity = s.intensity;
        r.conditions = s.conditions.clone();
        r.modality = s.modality;
        r.evidence = evidence(&s.evidence);
        r.as_of = s.as_of;
        r.confidence = s.confidence;
        stances.push(r);
    }

    let mut relations = Vec::new();
    if !claim_ids.is_empty() {
        for (i, rel) in plan.relations.iter().enumerate() {
            let from = rel.from.get(&claim_ids).clone();
            let tos: Vec<RecordId> = (claim_ids.iter().map(RecordId::from))
                .chain(proposal_ids.iter().map(RecordId::from))
                .filter(|t| t.as_str() != from.as_str())
                .collect();
            if tos.is_empty() {
                continue;
            }
            let mut r = Relation::new(
                must(RelationId::new(&id("rel", &rel.mid, i))),
                from,
                rel.to.get(&tos).clone(),
                rel.kind,
            );
            r.evidence = evidence(&rel.evidence);
            relations.push(r);
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
