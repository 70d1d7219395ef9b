//! One reader contract: the JSON Lines statement reader accepts exactly what
//! the core reads and checks, and refuses the rest with the same words at
//! the same place.
//!
//! The reference is the core: [`Dataset::read_jsonl`] (every line as
//! [`claimgraph_core::JsonLines`] reads it), then
//! [`Statements::from_dataset_checked`] (the errors [`Dataset::validate`]
//! finds in a record on its own, and the references a network follows).
//! Both are fed the same inputs — random record lines, and valid corpora
//! broken by the edits hostile or careless input makes — and must agree on
//! accepting or refusing, on the table when they accept, and on the error
//! when they refuse: its words, and its line and column (the core's report
//! names a record, whose line is looked up).

use claimgraph_core::{
    ActorKind, Dataset, DatasetBuilder, Evidence, Limits, Position, QuoteMode, RecordType,
    SourceKind,
};
use std::io::Read;

use claimgraph_network::{NetworkError, ReadOptions, Statements, read_statements};
use proptest::prelude::*;

/// What the core makes of an input: the table, or why not.
fn core(input: &[u8], limits: &Limits) -> Result<Statements, Refusal> {
    let ds = Dataset::read_jsonl_with(input, limits).map_err(|e| {
        let (line, column) = e.position().unwrap_or((0, 0));
        Refusal::Read {
            line,
            column,
            message: e.message(),
        }
    })?;
    Statements::from_dataset_checked(&ds).map_err(Refusal::Check)
}

#[derive(Debug)]
enum Refusal {
    Read {
        line: usize,
        column: usize,
        message: String,
    },
    Check(NetworkError),
}

/// The line of the `nth` record of this kind with this id, from 0.
fn nth_line_of(input: &[u8], kind: RecordType, id: &str, nth: usize) -> Option<usize> {
    let text = String::from_utf8_lossy(input);
    text.lines()
        .enumerate()
        .filter_map(|(n, l)| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            (v.get("type")?.as_str()? == kind.as_str() && v.get("id")?.as_str()? == id)
                .then_some(n + 1)
        })
        .nth(nth)
}

/// Whether `line` is the line of the record the core's report names: for
/// an id used twice, the second record with it (the second of its kind,
/// when the first is of its kind too); otherwise a record of the kind with
/// the id (the report names records by id, which stances may share).
fn names_line(input: &[u8], kind: RecordType, id: &str, message: &str, line: usize) -> bool {
    if message.contains("already used") {
        let first_of_kind = format!("an earlier {} ", kind.as_str());
        let nth = usize::from(message.contains(&first_of_kind));
        return nth_line_of(input, kind, id, nth) == Some(line);
    }
    (0..)
        .map_while(|n| nth_line_of(input, kind, id, n))
        .any(|l| l == line)
}

/// A record's kind, its id, a field of it and what is wrong there.
type Place<'a> = (RecordType, &'a str, &'a str, &'a str);

/// A refusal of a record, not of its reading: whether it is its own error
/// (`Invalid`) or a reference (`Unresolved`), its line, and where and what.
fn record_level(e: &NetworkError) -> Option<(bool, Option<usize>, Place<'_>)> {
    match e {
        NetworkError::Invalid {
            line,
            record_type,
            record,
            field,
            message,
        } => Some((true, *line, (*record_type, record, field, message))),
        NetworkError::Unresolved {
            line,
            record_type,
            record,
            field,
            message,
        } => Some((false, *line, (*record_type, record, field, message))),
        _ => None,
    }
}

/// Checks that the fast reader and the core agree on `input`; says how
/// they disagree when they do.
fn agree(input: &[u8], options: &ReadOptions) -> Result<(), String> {
    let fast = read_statements(input, options);
    let full = core(input, &options.limits);
    let show = || String::from_utf8_lossy(input).into_owned();
    match (fast, full) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Ok(_), Ok(_)) => Err(format!("different tables from\n{}", show())),
        (
            Err(NetworkError::Syntax {
                line,
                column,
                message,
            }),
            Err(Refusal::Read {
                line: l,
                column: c,
                message: m,
            }),
        ) if (line, column, &message) == (l, c, &m) => Ok(()),
        (
            Err(NetworkError::Limit {
                line,
                column,
                error,
            }),
            Err(Refusal::Read {
                line: l,
                column: c,
                message: m,
            }),
        ) if (line, column, &error.to_string()) == (l, c, &m) => Ok(()),
        // A record's own error, or a reference: the same words, the JSON
        // Lines reader at a line of the record the core names.
        (Err(fast), Err(Refusal::Check(full)))
            if record_level(&fast).zip(record_level(&full)).is_some_and(
                |((kind, line, at), (k, l, place))| {
                    (kind, &at) == (k, &place)
                        && l.is_none()
                        && line.is_some_and(|l| names_line(input, at.0, at.1, at.3, l))
                },
            ) =>
        {
            Ok(())
        }
        (fast, full) => Err(format!(
            "the reader: {:?}\nthe core:   {:?}\ninput:\n{}",
            fast.map(|s| s.len()).map_err(|e| e.to_string()),
            full.map(|s| s.len()),
            show()
        )),
    }
}

fn one_thread() -> ReadOptions {
    ReadOptions {
        threads: 1,
        ..ReadOptions::default()
    }
}

// ---------------------------------------------------------------------------
// Random record lines: a stance, quote or source with its fields in any
// order, written plainly or with escapes, numbers in every JSON form, values
// out of range, unknown fields holding nested values, and some lines broken
// by an edit.

/// The input before the random line (line 6).
const PROLOGUE: &str = concat!(
    r#"{"format":"claimgraph/1"}"#,
    "\n",
    r#"{"type":"source","id":"d","title":"S","published":"2020-01-01"}"#,
    "\n",
    r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#,
    "\n",
    r#"{"type":"proposal","id":"t","title":"T"}"#,
    "\n",
    r#"{"type":"quote","id":"q","speaker":"a","source":"d","mode":"direct","text":"x","date":"2019-12-24"}"#,
    "\n",
);

/// A JSON string for `s`, each character plain or escaped at random.
fn json_string(s: &str, escapes: &[bool]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let escape = escapes
            .get(i % escapes.len().max(1))
            .copied()
            .unwrap_or(false);
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            '/' if escape => out.push_str("\\/"),
            c if escape => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Nested JSON values for unknown fields.
fn any_json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("-12.5e+3".to_owned()),
        Just("0".to_owned()),
        Just("1E400".to_owned()),
        Just("\"\\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"".to_owned()),
        Just("\"\\u00e9t\\u00E9 \\ud83d\\ude00\"".to_owned()),
        Just("\"plain é 😀\"".to_owned()),
        Just("\"\"".to_owned()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-z]{1,3}", inner), 0..4).prop_map(|v| {
                let fields: Vec<String> =
                    v.into_iter().map(|(k, x)| format!("\"{k}\":{x}")).collect();
                format!("{{ {} }}", fields.join(" , "))
            }),
        ]
    })
}

/// Numbers in the forms JSON allows, in range.
const NUMBERS: [&str; 11] = [
    "0.5",
    "5e-1",
    "-0",
    "1",
    "1.0E0",
    "-0.25",
    "-1",
    "0.1000000000000000055511151231257827",
    "-2.5E-1",
    "null",
    "0",
];

/// Numbers out of every range, or not JSON numbers.
const BAD_NUMBERS: [&str; 8] = [
    "1.0000000000000002",
    "2",
    "1e400",
    "-1.5",
    "\"0.5\"",
    "-.5",
    "01",
    "+1",
];

/// Good ids.
const IDS: [&str; 3] = ["\"a\"", "\"a b\"", "\"é\""];

/// Ids the core refuses.
const BAD_IDS: [&str; 6] = [
    "\"\"",
    "\" a\"",
    "\"a\\u0001\"",
    "\"a\\u0085\"",
    "null",
    "7",
];

/// Dates: days, months, approximate days, date-times.
const DATES: [&str; 6] = [
    "\"2020-03-02\"",
    "\"2020-03\"",
    "\"2020-03-02~\"",
    "\"2021-01-01T12:00:00Z\"",
    "\"0000-01-01\"",
    "null",
];

/// Days that do not exist, and what is no date.
const BAD_DATES: [&str; 4] = ["\"2020-02-30\"", "\"soon\"", "\"2020-3-2\"", "7"];

/// Evidence lists, good and bad.
const EVIDENCE: [&str; 19] = [
    "null",
    "[]",
    r#"[{"source":"d"}]"#,
    r#"[ { "quote" : "q" , "reported_by" : "a" } , { "source" : "nowhere" } , 7 ]"#,
    r#"[{"source":"d"},{"quote":"q"}]"#,
    r#"[ {"source":"d"} , { "quote" : "q" , "reported_by" : "a" } , {} ]"#,
    r#"[{"source":"d"},{"source":"nowhere"}]"#,
    r#"[{},{"quote":"q"}]"#,
    r#"[{"quote":"q","source":"d"}]"#,
    r#"[{"quote":null,"source":"d"}]"#,
    r#"[{"source":"\u0064"}]"#,
    r#"[{}]"#,
    r#"[{"reported_by":"a"}]"#,
    r#"[null]"#,
    r#"{"source":"d"}"#,
    r#"[{"source":"d","source":"d"}]"#,
    r#"[{"quote":"elsewhere"}]"#,
    r#"[{"source":"d","x":1}]"#,
    r#"[{"quote":"q","reported_by":null}]"#,
];

#[derive(Clone, Debug)]
struct RandomLine {
    fields: Vec<(String, String)>,
    order: Vec<usize>,
    space: String,
    edit: Option<(usize, u8, char)>,
}

/// A field of the line: its name and a strategy for its value.
fn field(
    name: &'static str,
    value: impl Strategy<Value = String> + 'static,
) -> BoxedStrategy<(&'static str, String)> {
    value.prop_map(move |v| (name, v)).boxed()
}

fn pick(values: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(values).prop_map(str::to_owned).boxed()
}

/// Mostly a good value, sometimes a bad one.
fn good_or_bad(
    good: &'static [&'static str],
    bad: &'static [&'static str],
) -> BoxedStrategy<String> {
    prop_oneof![12 => pick(good), 1 => pick(bad)].boxed()
}

fn id() -> BoxedStrategy<String> {
    good_or_bad(&IDS, &BAD_IDS)
}

fn number() -> BoxedStrategy<String> {
    good_or_bad(&NUMBERS, &BAD_NUMBERS)
}

fn date() -> BoxedStrategy<String> {
    good_or_bad(&DATES, &BAD_DATES)
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        30 => "[a-zé \"]{1,8}".prop_map(|s| json_string(&s, &[false])),
        1 => Just("\" \\t \"".to_owned()),
        1 => Just("\"\"".to_owned()),
        1 => Just("\"\\u0020\"".to_owned()),
        1 => Just("\"say \\\"no\\\"\"".to_owned()),
    ]
    .boxed()
}

/// The fields of a record of one kind: each present or not, most valid.
fn fields_of(kind: u8) -> Vec<(BoxedStrategy<(&'static str, String)>, f64)> {
    let position = || {
        good_or_bad(
            &[
                "\"supports\"",
                "\"opposes\"",
                "\"neutral\"",
                "\"mixed\"",
                "\"no_comment\"",
                "\"no_response\"",
            ],
            &["\"against\"", "\"for\""],
        )
    };
    match kind {
        0 => vec![
            (field("id", id()), 0.97),
            (
                field("holder", good_or_bad(&["\"a\""], &["\"zz\"", "null"])),
                0.97,
            ),
            (
                field(
                    "target",
                    good_or_bad(&["\"t\""], &["\"a\"", "\"q\"", "\"zz\""]),
                ),
                0.97,
            ),
            (field("position", position()), 0.95),
            (field("intensity", number()), 0.4),
            (field("confidence", number()), 0.3),
            (
                field(
                    "modality",
                    good_or_bad(&["\"negated\"", "\"future\"", "null"], &["\"maybe\""]),
                ),
                0.2,
            ),
            (field("as_of", date()), 0.4),
            (
                field(
                    "evidence",
                    prop_oneof![3 => pick(&EVIDENCE[..3]), 2 => pick(&EVIDENCE)],
                ),
                0.7,
            ),
            (
                field("conditions", pick(&["[]", "[\"if\"]", "[\" \"]", "null"])),
                0.1,
            ),
        ],
        1 => vec![
            (field("id", id()), 0.97),
            (field("speaker", id()), 0.97),
            (
                field("source", good_or_bad(&["\"d\""], &["\"nowhere\"", "null"])),
                0.97,
            ),
            (field("text", text()), 0.97),
            (
                field(
                    "mode",
                    good_or_bad(
                        &["\"direct\"", "\"indirect\"", "\"no_comment\""],
                        &["\"loud\""],
                    ),
                ),
                0.97,
            ),
            (field("date", date()), 0.5),
            (
                field(
                    "span",
                    pick(&[
                        r#"{"start":0,"end":1}"#,
                        r#"{"start":5,"end":2}"#,
                        r#"{"start":1}"#,
                        r#"[1,2]"#,
                        r#"{"start":-1,"end":2}"#,
                    ]),
                ),
                0.1,
            ),
            (field("cue", text()), 0.1),
        ],
        _ => vec![
            (field("id", id()), 0.97),
            (field("title", text()), 0.97),
            (
                field(
                    "publisher",
                    prop_oneof![3 => text(), 1 => Just("null".to_owned())],
                ),
                0.5,
            ),
            (field("published", date()), 0.5),
            (
                field(
                    "kind",
                    good_or_bad(&["\"article\"", "\"post\"", "null"], &["\"scroll\""]),
                ),
                0.5,
            ),
            (field("language", pick(&["\"en\"", "\"english\""])), 0.1),
        ],
    }
}

fn random_line() -> impl Strategy<Value = RandomLine> {
    (0u8..3, prop::collection::vec(prop::bool::weighted(0.05), 1..6))
        .prop_flat_map(|(kind, escapes)| {
            let present: Vec<_> = fields_of(kind)
                .into_iter()
                .map(|(f, p)| prop::option::weighted(p, f))
                .collect();
            let ty = ["stance", "quote", "source"][usize::from(kind)];
            (
                Just(json_string(ty, &escapes[1..])),
                Just(escapes),
                present,
                prop::option::weighted(
                    0.15,
                    prop_oneof![
                        4 => (prop::sample::select(vec!["x", "nested", "a", "judgement", "type"]), any_json()),
                        1 => (prop::sample::select(vec!["id", "extra"]), any_json()),
                    ],
                ),
                prop::sample::select(vec!["", " ", "\t", "  "]),
                prop::option::weighted(
                    0.1,
                    (
                        0usize..400,
                        0u8..3,
                        prop::sample::select(vec![
                            '{', '}', '[', ']', ',', ':', '"', '\\', 'x', '0', '-', ' ',
                        ]),
                    ),
                ),
            )
        })
        .prop_flat_map(|(ty, escapes, present, extra, space, edit)| {
            let mut fields = vec![(json_string("type", &escapes), ty)];
            for (name, value) in present.into_iter().flatten() {
                fields.push((json_string(name, &escapes), value));
            }
            // An unknown field, or a known one again: either is refused.
            if let Some((k, v)) = extra {
                fields.push((json_string(k, &escapes), v));
            }
            let n = fields.len();
            (
                Just(fields),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
                Just(space.to_owned()),
                Just(edit),
            )
        })
        .prop_map(|(fields, order, space, edit)| RandomLine {
            fields,
            order,
            space,
            edit,
        })
}

impl RandomLine {
    fn text(&self) -> String {
        let s = &self.space;
        let body: Vec<String> = self
            .order
            .iter()
            .map(|&i| format!("{s}{}{s}:{s}{}", self.fields[i].0, self.fields[i].1))
            .collect();
        let mut line: Vec<char> = format!("{s}{{{}{s}}}{s}", body.join(",")).chars().collect();
        if let Some((at, how, c)) = self.edit {
            let at = at % line.len();
            match how {
                0 => {
                    line.remove(at);
                }
                1 => line.insert(at, c),
                _ => line[at] = c,
            }
        }
        line.into_iter().collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// A record line is read iff the core reads and accepts it, to the same
    /// row, and refused with the core's words at the core's place.
    #[test]
    fn a_record_line_is_read_iff_the_core_reads_it(l in random_line(), limits in limits()) {
        let input = format!("{PROLOGUE}{}\n", l.text());
        let options = ReadOptions { limits, ..one_thread() };
        if let Err(why) = agree(input.as_bytes(), &options) {
            prop_assert!(false, "{:?}\n{}", options.limits, why);
        }
    }
}

// ---------------------------------------------------------------------------
// Valid corpora, broken.

/// A small valid corpus: sources, actors, targets, quotes and stances.
#[derive(Clone, Debug)]
struct Corpus {
    /// Per stance: holder, target, position, intensity, evidence (quote or source).
    stances: Vec<(u8, u8, u8, Option<i8>, u8)>,
    quotes: u8,
    sources: u8,
}

fn corpus() -> impl Strategy<Value = Corpus> {
    (
        prop::collection::vec(
            (0u8..4, 0u8..6, 0u8..4, prop::option::of(-10i8..=10), 0u8..8),
            1..60,
        ),
        1u8..6,
        1u8..4,
    )
        .prop_map(|(stances, quotes, sources)| Corpus {
            stances,
            quotes,
            sources,
        })
}

const POSITIONS: [Position; 4] = [
    Position::Supports,
    Position::Opposes,
    Position::Neutral,
    Position::NoComment,
];

fn corpus_text(c: &Corpus) -> String {
    let mut b = DatasetBuilder::new();
    let sources: Vec<_> = (0..c.sources)
        .map(|i| {
            b.source(&format!("d{i}"), &format!("Source {i}"))
                .published(&format!("2020-0{}-1{i}", 1 + i % 9))
                .kind(SourceKind::Article)
                .publisher("Wire")
                .id()
        })
        .collect();
    let actors: Vec<_> = (0..4)
        .map(|i| {
            b.actor(
                &format!("a{i}"),
                &format!("Actor {i}"),
                ActorKind::ALL[i % 4],
            )
            .id()
        })
        .collect();
    let p0 = b.proposal("p0", "Plan").id();
    let p1 = b.point("p1", &p0, "point 1", "Ceasefire").id();
    let c0 = b.claim("c0", "One aggressor").id();
    let k0 = b.concession("k0", &actors[0], "Territory").id();
    let quotes: Vec<_> = (0..c.quotes)
        .map(|i| {
            b.quote(
                &format!("q{i}"),
                &actors[usize::from(i) % 4],
                &sources[usize::from(i % c.sources)],
                QuoteMode::Direct,
                "Words",
            )
            .date("2019-12-31")
            .id()
        })
        .collect();
    for (n, &(holder, target, position, intensity, evidence)) in c.stances.iter().enumerate() {
        let holder = usize::from(holder);
        let id = format!("s{n}");
        let position = POSITIONS[usize::from(position)];
        let mut e = match target {
            0 => b.stance(&id, &actors[holder], &p0, position),
            1 => b.stance(&id, &actors[holder], &p1, position),
            2 => b.stance(&id, &actors[holder], &c0, position),
            3 => b.stance(&id, &actors[holder], &k0, position),
            _ => b.stance(&id, &actors[holder], &actors[(holder + 1) % 4], position),
        };
        if let Some(x) = intensity {
            e = e.intensity(f64::from(x) / 10.0);
        }
        e = match evidence {
            0..4 => e.quote(&quotes[usize::from(evidence % c.quotes)]),
            4..7 => e.evidence(Evidence::source(
                sources[usize::from(evidence % c.sources)].clone(),
            )),
            _ => e,
        };
        let _ = e;
    }
    let mut ds = b.build().expect("a valid corpus");
    // Ties and countries: what organisations and node attributes are read from.
    if let Some(mut a) = ds.actor_mut(&actors[1]) {
        a.country = Some("UKR".into());
        a.aliases = vec!["Kyiv".into()];
        let mut tie = claimgraph_core::Affiliation::new(
            actors[0].clone(),
            claimgraph_core::AffiliationKind::Role,
        );
        tie.from = "2020-02-01".parse().ok();
        a.affiliations.push(tie);
    }
    ds.to_jsonl()
}

/// An edit that breaks a corpus, or leaves it as good as it was.
#[derive(Clone, Debug)]
enum Mutation {
    /// An unknown field at the start of a record.
    UnknownField,
    /// The header moved below a record, or given twice.
    MoveHeader,
    RepeatHeader,
    /// A stance's confidence: 1e400, 1.5, -0.1, or a good 0.5.
    Confidence(&'static str),
    /// A stance's intensity out of range.
    Intensity(&'static str),
    /// A quote's span: reversed, or malformed.
    Span(&'static str),
    /// An id with a control character (escaped, or raw), or surrounding space.
    BadId(&'static str),
    /// A field given twice.
    DuplicateKey,
    /// A line cut short.
    Truncate(usize),
    /// A byte replaced.
    Byte(usize, u8),
    /// A line dropped (what it defines then dangles).
    DropLine,
    /// A quote's text made blank.
    BlankText,
    /// A stance's evidence entry naming nothing.
    EmptyEvidence,
    /// A stance on its own holder.
    SelfStance,
    /// A required field null.
    NullHolder,
    /// A key written with an escape.
    EscapedKey,
    /// Blank lines, CRLF line ends and a byte order mark.
    Whitespace,
    /// The records shuffled.
    Shuffle(u64),
    /// A record given twice.
    RepeatLine,
    /// A record given the id of another record (of its kind or another).
    SharedId(usize),
    /// A reference a network follows (a stance's holder, target, evidence
    /// quote or source; a quote's source) made to name another record, of
    /// any kind, or nothing.
    Retarget(&'static str, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::UnknownField),
        Just(Mutation::MoveHeader),
        Just(Mutation::RepeatHeader),
        prop::sample::select(vec!["1e400", "1.5", "-0.1", "0.5", "null"])
            .prop_map(Mutation::Confidence),
        prop::sample::select(vec!["1e400", "-1.01", "2"]).prop_map(Mutation::Intensity),
        prop::sample::select(vec![
            r#"{"start":5,"end":2}"#,
            r#"{"start":1}"#,
            r#"[1,2]"#,
            r#"{"start":1,"end":2,"x":0}"#,
            r#"{"start":0,"end":5}"#,
        ])
        .prop_map(Mutation::Span),
        prop::sample::select(vec![
            "us-\\u0001government",
            "us-\u{1}government",
            " us",
            "\\u0085x"
        ])
        .prop_map(Mutation::BadId),
        Just(Mutation::DuplicateKey),
        (0usize..200).prop_map(Mutation::Truncate),
        (
            0usize..10_000,
            prop::sample::select(b"{}[],:\"\\x0- \n\x01\xff".to_vec())
        )
            .prop_map(|(at, b)| Mutation::Byte(at, b)),
        Just(Mutation::DropLine),
        Just(Mutation::BlankText),
        Just(Mutation::EmptyEvidence),
        Just(Mutation::SelfStance),
        Just(Mutation::NullHolder),
        Just(Mutation::EscapedKey),
        Just(Mutation::Whitespace),
        any::<u64>().prop_map(Mutation::Shuffle),
        Just(Mutation::RepeatLine),
        any::<usize>().prop_map(Mutation::SharedId),
        (
            prop::sample::select(vec!["holder", "target", "quote", "source"]),
            any::<usize>()
        )
            .prop_map(|(field, other)| Mutation::Retarget(field, other)),
    ]
}

/// The lines of a kind of record.
fn of_kind(lines: &[String], kind: &str) -> Vec<usize> {
    let tag = format!("{{\"type\":\"{kind}\"");
    (0..lines.len())
        .filter(|&i| lines[i].starts_with(&tag))
        .collect()
}

/// Applies the mutation to the `pick`th line it applies to.
fn mutate(text: &str, m: &Mutation, pick: usize) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let choose = |v: Vec<usize>| -> Option<usize> { (!v.is_empty()).then(|| v[pick % v.len()]) };
    let any_record = (1..lines.len()).collect::<Vec<_>>();
    // Puts `field` right after the record's tag.
    let insert = |line: &mut String, field: &str| {
        if let Some(at) = line.find(',') {
            line.insert_str(at + 1, &format!("{field},"));
        }
    };
    match m {
        Mutation::UnknownField => {
            if let Some(i) = choose(any_record)
                && lines[i].is_char_boundary(1)
            {
                lines[i].insert_str(1, "\"x\":1,");
            }
        }
        Mutation::MoveHeader => {
            if lines.len() > 2 {
                let at = 1 + pick % (lines.len() - 1);
                let header = lines.remove(0);
                lines.insert(at, header);
            }
        }
        Mutation::RepeatHeader => {
            let at = 1 + pick % lines.len();
            lines.insert(at, lines[0].clone());
        }
        Mutation::Confidence(x) => {
            if let Some(i) = choose(of_kind(&lines, "stance")) {
                insert(&mut lines[i], &format!("\"confidence\":{x}"));
            }
        }
        Mutation::Intensity(x) => {
            if let Some(i) = choose(of_kind(&lines, "stance")) {
                if lines[i].contains("\"intensity\"") {
                    let at = lines[i].find("\"intensity\":").unwrap_or(0) + 12;
                    let end = lines[i][at..].find([',', '}']).map_or(at, |e| at + e);
                    lines[i].replace_range(at..end, x);
                } else {
                    insert(&mut lines[i], &format!("\"intensity\":{x}"));
                }
            }
        }
        Mutation::Span(span) => {
            if let Some(i) = choose(of_kind(&lines, "quote")) {
                insert(&mut lines[i], &format!("\"span\":{span}"));
            }
        }
        Mutation::BadId(id) => {
            if let Some(i) = choose(any_record)
                && let Some(at) = lines[i].find("\"id\":\"")
            {
                let start = at + 6;
                let end = lines[i][start..].find('"').map_or(start, |e| start + e);
                lines[i].replace_range(start..end, id);
            }
        }
        Mutation::DuplicateKey => {
            if let Some(i) = choose(any_record) {
                let line = &mut lines[i];
                if let Some(at) = line.find("\"id\":") {
                    let end = line[at..].find([',', '}']).map_or(line.len(), |e| at + e);
                    let field = line[at..end].to_owned();
                    let close = line.len() - 1;
                    line.insert_str(close, &format!(",{field}"));
                }
            }
        }
        Mutation::Truncate(at) => {
            if let Some(i) = choose(any_record) {
                let line = &mut lines[i];
                let mut cut = at % line.len().max(1);
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.truncate(cut);
            }
        }
        Mutation::Byte(at, byte) => {
            let mut bytes = lines.join("\n").into_bytes();
            bytes.push(b'\n');
            let at = at % bytes.len();
            bytes[at] = *byte;
            return bytes;
        }
        Mutation::DropLine => {
            if let Some(i) = choose(any_record) {
                lines.remove(i);
            }
        }
        Mutation::BlankText => {
            if let Some(i) = choose(of_kind(&lines, "quote")) {
                lines[i] = lines[i].replace("\"text\":\"Words\"", "\"text\":\" \"");
            }
        }
        Mutation::EmptyEvidence => {
            if let Some(i) = choose(of_kind(&lines, "stance")) {
                insert(&mut lines[i], "\"evidence\":[{}]");
                // Given twice if it had some: refused either way.
            }
        }
        Mutation::SelfStance => {
            if let Some(i) = choose(of_kind(&lines, "stance")) {
                let v: serde_json::Value = serde_json::from_str(&lines[i]).unwrap_or_default();
                if let (Some(holder), Some(target)) = (
                    v.get("holder").and_then(|h| h.as_str()),
                    v.get("target").and_then(|h| h.as_str()),
                ) {
                    lines[i] = lines[i].replace(
                        &format!("\"target\":\"{target}\""),
                        &format!("\"target\":\"{holder}\""),
                    );
                }
            }
        }
        Mutation::NullHolder => {
            if let Some(i) = choose(of_kind(&lines, "stance")) {
                let at = lines[i].find("\"holder\":").unwrap_or(0) + 9;
                let end = lines[i][at..].find(',').map_or(at, |e| at + e);
                lines[i].replace_range(at..end, "null");
            }
        }
        Mutation::EscapedKey => {
            if let Some(i) = choose(any_record) {
                lines[i] = lines[i].replacen("\"id\"", "\"\\u0069d\"", 1);
            }
        }
        Mutation::Whitespace => {
            let mut out = String::from("\u{feff}\n  \r\n");
            for l in &lines {
                out.push_str(l);
                out.push_str(if pick.is_multiple_of(2) {
                    "\r\n"
                } else {
                    "\n\t\n"
                });
            }
            return out.into_bytes();
        }
        Mutation::RepeatLine => {
            if let Some(i) = choose(any_record) {
                let at = 1 + (pick / 7) % lines.len();
                lines.insert(at, lines[i].clone());
            }
        }
        Mutation::SharedId(other) => {
            let id_of = |l: &str| -> Option<String> {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some(v.get("id")?.as_str()?.to_owned())
            };
            if let Some(i) = choose(any_record.clone())
                && let Some(j) =
                    (!any_record.is_empty()).then(|| any_record[other % any_record.len()])
                && let (Some(mine), Some(theirs)) = (id_of(&lines[i]), id_of(&lines[j]))
            {
                lines[i] = lines[i].replacen(
                    &format!("\"id\":\"{mine}\""),
                    &format!("\"id\":\"{theirs}\""),
                    1,
                );
            }
        }
        Mutation::Retarget(field, other) => {
            let key = format!("\"{field}\":\"");
            let with_field: Vec<usize> = (1..lines.len())
                .filter(|&i| lines[i].contains(&key))
                .collect();
            let ids: Vec<String> = lines
                .iter()
                .filter_map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).ok()?;
                    Some(v.get("id")?.as_str()?.to_owned())
                })
                .chain(std::iter::once("nowhere".to_owned()))
                .collect();
            if let Some(i) = choose(with_field) {
                let id = &ids[other % ids.len()];
                let at = lines[i].find(&key).map_or(0, |at| at + key.len());
                let end = lines[i][at..].find('"').map_or(at, |e| at + e);
                lines[i].replace_range(at..end, id);
            }
        }
        Mutation::Shuffle(seed) => {
            let mut x = seed | 1;
            for i in (1..lines.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                lines.swap(i, (x % (i as u64 + 1)) as usize);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// The default limits, or small ones that some inputs pass.
fn limits() -> impl Strategy<Value = Limits> {
    prop_oneof![
        2 => Just(Limits::default()),
        1 => (
            prop::option::of(0usize..600),
            prop::option::of(0u64..80),
            prop::option::of(0usize..60),
            prop::option::of(0usize..6),
        )
            .prop_map(|(line, records, string, depth)| {
                let mut b = Limits::builder();
                if let Some(x) = line {
                    b.max_line_bytes(x);
                }
                if let Some(x) = records {
                    b.max_records(x);
                }
                if let Some(x) = string {
                    b.max_string_bytes(x);
                }
                if let Some(x) = depth {
                    b.max_depth(x);
                }
                b.build()
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Valid corpora broken by one to three edits are read or refused as
    /// the core reads or refuses them: the same table, or the same error at
    /// the same line (and column), whatever the threads and chunks.
    #[test]
    fn mutated_corpora_are_read_or_refused_as_the_core_does(
        c in corpus(),
        edits in prop::collection::vec((mutation(), any::<usize>()), 1..4),
        threads in 1usize..4,
        limits in limits(),
    ) {
        let mut bytes = corpus_text(&c).into_bytes();
        for (m, pick) in &edits {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes = mutate(&text, m, *pick);
        }
        let options = ReadOptions { threads, chunk_bytes: 1 << 12, limits };
        if let Err(why) = agree(&bytes, &options) {
            prop_assert!(false, "{:?} {:?}\n{}", edits, options.limits, why);
        }
    }

    /// Unbroken, they are read, to the table of the dataset.
    #[test]
    fn valid_corpora_are_read(c in corpus()) {
        let text = corpus_text(&c);
        let st = read_statements(text.as_bytes(), &one_thread()).expect("read");
        prop_assert_eq!(st, Statements::from_dataset(&Dataset::from_jsonl(&text).expect("read")));
    }
}

/// An endless line, or endless white space, is cut at the limit and
/// refused there, as the core refuses it: never held whole.
#[test]
fn an_endless_line_or_endless_white_space_is_cut_at_the_limit() {
    let limits = Limits::builder().max_line_bytes(1 << 20).build();
    let options = ReadOptions {
        limits: limits.clone(),
        ..ReadOptions::default()
    };
    // 64 GiB of one line, or of blank lines: refused within the first MiB.
    for byte in [b'x', b'\n', b' '] {
        let endless = std::io::repeat(byte).take(1 << 36);
        let e = read_statements(endless, &options).expect_err("refused");
        let sample: Vec<u8> = std::iter::repeat_n(byte, 3 << 20).collect();
        let core = Dataset::read_jsonl_with(sample.as_slice(), &limits).expect_err("refused");
        assert_eq!(e.to_string(), core.to_string(), "{byte}");
        assert!(matches!(e, NetworkError::Limit { .. }), "{e}");
    }
}

/// The defects that made this contract: each is refused as the core refuses it.
#[test]
fn what_every_other_path_refuses_is_refused() {
    let head = r#"{"format":"claimgraph/1"}"#;
    let actor = r#"{"type":"actor","id":"us-government","name":"US","kind":"government"}"#;
    let plan = r#"{"type":"proposal","id":"plan","title":"Plan"}"#;
    let stance = r#"{"type":"stance","id":"s1","holder":"us-government","target":"plan","position":"supports"}"#;
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                head,
                actor,
                plan,
                r#"{"type":"stance","id":"s1","holder":"us-government","target":"plan","position":"supports","note":"x"}"#,
            ],
            "4:96: unknown field `note`",
        ),
        (
            vec![actor, head, plan, stance],
            "2:1: the format header must be the first line",
        ),
        (
            vec![head, head, actor, plan, stance],
            "2:1: the format header must be the first line",
        ),
        (
            vec![
                head,
                actor,
                plan,
                r#"{"type":"stance","id":"s1","holder":"us-government","target":"plan","position":"supports","confidence":1e400}"#,
            ],
            "4:108: number out of range",
        ),
        (
            vec![
                head,
                actor,
                plan,
                r#"{"type":"stance","id":"s1","holder":"us-government","target":"plan","position":"supports","confidence":1.5}"#,
            ],
            "4: stance `s1`, field `confidence`: 1.5 is outside 0..=1",
        ),
        (
            vec![
                head,
                actor,
                plan,
                r#"{"type":"stance","id":"s1","holder":"us-government","target":"plan","position":"supports","confidence":-0.5}"#,
            ],
            "4: stance `s1`, field `confidence`: -0.5 is outside 0..=1",
        ),
        (
            vec![
                head,
                r#"{"type":"source","id":"d","title":"T"}"#,
                actor,
                r#"{"type":"quote","id":"q","speaker":"us-government","source":"d","mode":"direct","text":"x","span":{"start":5,"end":2}}"#,
            ],
            "4: quote `q`, field `span`: span start 5 is after its end 2",
        ),
        (
            vec![
                head,
                r#"{"type":"source","id":"d","title":"T"}"#,
                actor,
                r#"{"type":"quote","id":"q","speaker":"us-government","source":"d","mode":"direct","text":"x","span":{"start":5}}"#,
            ],
            "4:109: missing field `end`",
        ),
        (
            vec![
                head,
                r#"{"type":"actor","id":"us-government\u0001","name":"US","kind":"government"}"#,
                plan,
                stance,
            ],
            "2:42: invalid id \"us-government\\u{1}\": an id must not contain control characters",
        ),
    ];
    for (lines, want) in cases {
        let mut input = lines.join("\n");
        input.push('\n');
        let err = read_statements(input.as_bytes(), &ReadOptions::default()).expect_err("refused");
        assert!(
            err.to_string().starts_with(want),
            "{input}\n{err}\nwanted {want}"
        );
        agree(input.as_bytes(), &ReadOptions::default()).unwrap_or_else(|why| panic!("{why}"));
    }
}

/// A header is allowed as the first line with content even when blank
/// lines fill whole chunks before it, and refused after any record.
#[test]
fn a_header_after_chunks_of_blank_lines_is_still_the_first_line() {
    let body = concat!(
        r#"{"format":"claimgraph/1"}"#,
        "\n",
        r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#,
        "\n",
    );
    let blank = "\n".repeat(20_000);
    let options = ReadOptions {
        threads: 2,
        chunk_bytes: 1 << 12,
        ..ReadOptions::default()
    };
    let input = format!("{blank}{body}");
    assert_eq!(
        read_statements(input.as_bytes(), &options)
            .expect("read")
            .actors()
            .len(),
        1
    );
    agree(input.as_bytes(), &options).unwrap_or_else(|why| panic!("{why}"));
    let input = format!("{}\n{blank}{body}", &body[26..body.len() - 1]);
    let err = read_statements(input.as_bytes(), &options).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "20002:1: the format header must be the first line"
    );
    agree(input.as_bytes(), &options).unwrap_or_else(|why| panic!("{why}"));
}

/// A file of nothing but blank lines (and a byte order mark) is no dataset,
/// in either form, whatever its name says: the file reader refuses it as
/// the core's file reader does, at line 1, column 0, and so does the
/// stream reader that decides the form as for a file.
#[test]
fn a_file_of_nothing_is_refused_as_the_core_refuses_it() {
    let dir = std::env::temp_dir().join(format!("claimgraph-nothing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = "the file is empty; expected a claimgraph dataset (canonical JSON or JSON Lines)";
    for (n, text) in ["", "\n", " \n\t\n", "\r\n\r\n", "\u{feff}", "\u{feff}\n \n"]
        .iter()
        .enumerate()
    {
        for name in ["x.jsonl", "x.json", "x.ndjson", "x"] {
            let path = dir.join(format!("{n}{name}"));
            std::fs::write(&path, text).expect("write");
            let core = Dataset::read_path(&path).expect_err("refused");
            assert_eq!(
                (core.position(), core.message()),
                (Some((1, 0)), empty.into())
            );
            let fast = claimgraph_network::read_statements_path(&path, &ReadOptions::default())
                .expect_err("refused");
            assert_eq!(
                fast.to_string(),
                format!("1:0: {empty}"),
                "{text:?} in {name}"
            );
            let stream = claimgraph_network::read_statements_from(
                std::path::Path::new(name),
                text.as_bytes(),
                &ReadOptions::default(),
            )
            .expect_err("refused");
            assert_eq!(stream.to_string(), fast.to_string(), "{text:?} as {name}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every line-length and record limit from nothing to past the longest
/// line, on files whose header, blank lines, byte order mark and line
/// endings sit where the counting of a run of white space, a line's length
/// or the records could go wrong: both readers stop at the same line with
/// the same words, or both read the same table. (A header as long as the
/// limit, then a longer line: the header once counted as white space.)
#[test]
fn every_limit_at_every_boundary_is_met_as_the_core_meets_it() {
    let header = r#"{"format":"claimgraph/1"}"#;
    let actor = r#"{"type":"actor","id":"a","name":"A","kind":"person"}"#;
    let target = r#"{"type":"proposal","id":"t","title":"T"}"#;
    let stance = r#"{"type":"stance","id":"s","holder":"a","target":"t","position":"supports"}"#;
    let files = [
        format!("{header}\n{actor}\n{target}\n{stance}\n"),
        format!("{header}\r\n{actor}\r\n{target}\r\n{stance}"),
        format!("\u{feff}{header}\n\n  \n{actor}\n\n{target}\n \t\n{stance}\n"),
        format!("\n\n{header}\n{actor}\n{target}\n{stance}\n\n\n"),
        format!("{actor}\n{target}\n\n{stance}\n"),
        format!("{header}\n{header}\n{actor}\n"),
        format!("   \n\u{feff}{header}\n{actor}\n"),
    ];
    for text in &files {
        let longest = text.lines().map(str::len).max().unwrap_or(0);
        let records = text.lines().count() as u64;
        for max_line in 0..=longest + 3 {
            for max_records in (0..=records + 1).map(Some).chain([None]) {
                let mut b = Limits::builder();
                b.max_line_bytes(max_line);
                if let Some(n) = max_records {
                    b.max_records(n);
                }
                for threads in [1, 2] {
                    let options = ReadOptions {
                        threads,
                        chunk_bytes: 1 << 12,
                        limits: b.build(),
                    };
                    agree(text.as_bytes(), &options).unwrap_or_else(|why| {
                        panic!("max_line_bytes {max_line}, max_records {max_records:?}: {why}")
                    });
                }
            }
        }
    }
}
