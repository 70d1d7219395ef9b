//! The JSON Lines statement reader: what it accepts, and how it says what is
//! wrong — with the line, the column where there is one, and the field.

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position, QuoteMode, RecordType};
use claimgraph_network::{
    NO_DAY, NetworkError, ReadOptions, Statements, day_of, read_statements, read_statements_path,
};

fn read(input: &[u8]) -> Result<Statements, NetworkError> {
    read_statements(input, &ReadOptions::default())
}

fn lines(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

const HEAD: &str = r#"{"format":"claimgraph/1"}"#;
const SOURCE: &str = r#"{"type":"source","id":"d1","title":"Report","published":"2025-11-20","publisher":"Reuters","kind":"article","language":"en"}"#;
const ACTOR_A: &str = r#"{"type":"actor","id":"a","name":"Ukraine","kind":"state"}"#;
const ACTOR_B: &str = r#"{"type":"actor","id":"b","name":"France","kind":"state"}"#;
const PLAN: &str = r#"{"type":"proposal","id":"plan","title":"Peace plan"}"#;
const QUOTE: &str = r#"{"type":"quote","id":"q1","speaker":"a","source":"d1","mode":"direct","text":"No.","date":"2025-11-19"}"#;

fn day(s: &str) -> i32 {
    day_of(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date"))
}

fn syntax(e: &NetworkError) -> (usize, usize, String) {
    match e {
        NetworkError::Syntax {
            line,
            column,
            message,
        } => (*line, *column, message.clone()),
        other => panic!("not a syntax error: {other}"),
    }
}

#[test]
fn reads_stances_with_their_source_and_day() {
    let input = lines(&[
        HEAD,
        SOURCE,
        ACTOR_A,
        ACTOR_B,
        PLAN,
        QUOTE,
        // as_of wins; then the quote's date; then the source's publication.
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"opposes","as_of":"2025-11-01","evidence":[{"quote":"q1"}]}"#,
        r#"{"type":"stance","id":"s2","holder":"a","target":"plan","position":"opposes","intensity":-0.5,"evidence":[{"quote":"q1"}]}"#,
        r#"{"type":"stance","id":"s3","holder":"b","target":"plan","position":"supports","evidence":[{"source":"d1"}]}"#,
        // A stance on an actor; no evidence: no source, no day.
        r#"{"type":"stance","id":"s4","holder":"b","target":"a","position":"supports"}"#,
    ]);
    let st = read(input.as_bytes()).expect("read");
    assert_eq!(st.len(), 4);
    let r = st.rows();
    assert_eq!(r[0].day, day("2025-11-01"));
    assert_eq!(r[1].day, day("2025-11-19"));
    assert_eq!(r[1].intensity, -0.5);
    assert!(r[0].intensity.is_nan());
    assert_eq!(r[2].day, day("2025-11-20"));
    assert_eq!(r[3].day, NO_DAY);
    assert_eq!(r[3].source, u32::MAX);
    for row in &r[..3] {
        assert_eq!(&*st.sources()[row.source as usize].id, "d1");
    }
    assert_eq!(r[2].position, Position::Supports);
    let targets: Vec<_> = st
        .targets()
        .iter()
        .map(|t| (&*t.id, &*t.label, t.kind))
        .collect();
    assert_eq!(
        targets,
        [
            ("plan", "Peace plan", Some(RecordType::Proposal)),
            ("a", "Ukraine", Some(RecordType::Actor)),
        ]
    );
    let s = &st.sources()[0];
    assert_eq!(
        (
            s.publisher.as_deref(),
            s.kind.as_deref(),
            s.language.as_deref()
        ),
        (Some("Reuters"), Some("article"), Some("en"))
    );
    assert_eq!(st.actors()[1].kind, Some(ActorKind::State));
}

#[test]
fn blank_lines_crlf_and_a_byte_order_mark_are_accepted() {
    let clean = lines(&[
        HEAD,
        SOURCE,
        ACTOR_A,
        ACTOR_B,
        PLAN,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"opposes","evidence":[{"source":"d1"}]}"#,
        r#"{"type":"stance","id":"s2","holder":"b","target":"plan","position":"opposes"}"#,
    ]);
    let want = read(clean.as_bytes()).expect("read");
    let mut messy = String::from("\u{feff}");
    for line in clean.lines() {
        messy.push_str("  \r\n\n\t\r\n");
        messy.push_str(line);
        messy.push_str("\r\n");
    }
    messy.push_str("\r\n   ");
    assert_eq!(read(messy.as_bytes()).expect("read"), want);
    // Without a final line break, and without the header.
    let bare = clean.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(read(bare.as_bytes()).expect("read"), want);
    assert_eq!(read(b"").expect("read").len(), 0);
}

#[test]
fn bad_json_is_placed_by_line_and_column() {
    let input = lines(&[HEAD, SOURCE, r#"{"type":"actor","id":"a",}"#]);
    let e = read(input.as_bytes()).unwrap_err();
    // serde places a trailing comma at the closing brace, byte 26.
    assert_eq!(syntax(&e), (3, 26, "trailing comma".to_owned()));
    assert_eq!(e.to_string(), "3:26: trailing comma");
    let input = lines(&[HEAD, r#"{"type":"actor","id":"a" "name":"A"}"#]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(syntax(&e), (2, 26, "expected `,` or `}`".to_owned()));
    // Not an object.
    let e = read(b"[1, 2]\n").unwrap_err();
    assert_eq!(syntax(&e).0, 1);
    // A field of the wrong type.
    let input = lines(&[
        ACTOR_A,
        PLAN,
        r#"{"type":"stance","holder":"a","target":"plan","position":"opposes","intensity":"high"}"#,
    ]);
    let e = read(input.as_bytes()).unwrap_err();
    // serde places a type error at the value's last byte, the closing quote.
    let (line, column, message) = syntax(&e);
    assert_eq!((line, column), (3, 85));
    assert!(
        message.contains("invalid type: string \"high\""),
        "{message}"
    );
}

/// The error the core gives for the same input: the reader's must be it.
fn core_error(input: &str) -> String {
    match claimgraph_core::Dataset::from_jsonl(input) {
        Err(e) => e.to_string(),
        Ok(ds) => match Statements::from_dataset_checked(&ds) {
            Err(e) => e.to_string(),
            Ok(_) => "accepted".to_owned(),
        },
    }
}

#[test]
fn records_the_core_refuses_are_refused_in_its_words() {
    let cases = [
        (r#"{"id":"a"}"#, "missing field `type`"),
        (r#"{"type":"person","id":"a"}"#, "unknown variant `person`"),
        (
            r#"{"type":"actor","name":"A","kind":"state"}"#,
            "missing field `id`",
        ),
        (
            r#"{"type":"stance","id":"s","target":"plan","position":"opposes"}"#,
            "missing field `holder`",
        ),
        (
            r#"{"type":"stance","id":"s","holder":"a","target":"plan","position":"maybe"}"#,
            "unknown variant `maybe`",
        ),
        (
            r#"{"type":"actor","id":"a","name":"A","kind":"alien"}"#,
            "unknown variant `alien`",
        ),
        (r#"{"type":"quote","id":"q"}"#, "missing field"),
        (
            r#"{"type":"same_as","id":"j","a":"x","judgement":"positive"}"#,
            "missing field `b`",
        ),
        (
            r#"{"type":"same_as","id":"j","a":"x","b":"y","judgement":"maybe"}"#,
            "unknown variant `maybe`",
        ),
        (
            r#"{"type":"same_as","id":"j","a":"x","b":"y","judgement":"positive","date":"2025-02-30"}"#,
            "2025-02-30",
        ),
        (
            r#"{"type":"same_as","id":"j","a":"x ","b":"y","judgement":"positive"}"#,
            "an id must not start or end with whitespace",
        ),
        // Fields a network does not use, and kinds it skips, are read whole.
        (
            r#"{"type":"actor","id":"a","name":"A","kind":"state","country":7}"#,
            "invalid type: integer `7`",
        ),
        (
            r#"{"type":"relation","id":"r","from":"c","to":"d"}"#,
            "missing field `kind`",
        ),
        (
            r#"{"type":"stance","id":"s","holder":"a","target":"plan","position":"opposes","conditions":[1]}"#,
            "invalid type: integer `1`",
        ),
    ];
    for (line, want) in cases {
        let input = format!("{line}\n");
        let e = read(input.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), core_error(&input), "{line}");
        let (at, column, message) = syntax(&e);
        assert_eq!(at, 1, "{line}");
        assert!(column > 0, "{line}: {e}");
        assert!(message.contains(want), "{line}: {e}");
    }
}

#[test]
fn obligations_judgements_and_fields_a_network_does_not_use_are_read() {
    let input = lines(&[
        HEAD,
        SOURCE,
        ACTOR_A,
        ACTOR_B,
        r#"{"type":"proposal","id":"plan","title":"Peace plan","deadline":"2025-11-27","quantities":[{"measure":"troops","comparator":"at_most","value":600000,"unit":"troops"}]}"#,
        r#"{"type":"proposal","id":"counter","title":"Counter-plan","answers":"plan","date":"2025-11"}"#,
        r#"{"type":"concession","id":"k1","by":"a","what":"Cap the army","quantities":[{"measure":"troops","comparator":"between","value":1,"max":2,"unit":"troops"}]}"#,
        r#"{"type":"obligation","id":"o1","by":"b","to":"a","what":"Security guarantee","kind":"security_guarantee","required_by":"plan"}"#,
        r#"{"type":"same_as","id":"j1","a":"a","b":"b","judgement":"unsure","decided_by":"desk","date":"2025-11-21~","reason":"?"}"#,
        r#"{"type":"stance","id":"s1","holder":"a","target":"counter","position":"no_response","evidence":[{"source":"d1"}]}"#,
    ]);
    let st = read(input.as_bytes()).expect("read");
    assert_eq!(st.len(), 1);
    assert_eq!(st.rows()[0].position, Position::NoResponse);
    assert_eq!(&*st.targets()[0].label, "Counter-plan");
    // An unsure judgement joins nothing.
    assert_eq!(st.actors().len(), 2);
    // The core reads the same lines, to the same table.
    let ds = claimgraph_core::Dataset::from_jsonl(&input).expect("a dataset");
    assert_eq!(Statements::from_dataset(&ds), st);
}

#[test]
fn a_wrong_late_or_repeated_format_header_is_refused() {
    let input = lines(&[r#"{"format":"claimgraph/9"}"#, ACTOR_A]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(e.to_string(), core_error(&input));
    assert!(
        e.to_string()
            .contains("unsupported format \"claimgraph/9\"; expected \"claimgraph/1\""),
        "{e}"
    );
    // Not the first line, or given twice, it is refused at its line.
    for input in [lines(&[ACTOR_A, HEAD]), lines(&[HEAD, ACTOR_A, HEAD])] {
        let e = read(input.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), core_error(&input));
        assert_eq!(
            syntax(&e),
            (
                input.lines().count(),
                1,
                "the format header must be the first line".to_owned()
            )
        );
    }
    // A header with anything else in it is no header.
    let input = lines(&[r#"{"format":"claimgraph/1","type":"actor"}"#, ACTOR_A]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(e.to_string(), core_error(&input));
}

#[test]
fn an_intensity_or_confidence_out_of_range_is_refused() {
    for (field, x, shown) in [
        ("intensity", "1.5", "1.5 is outside -1..=1"),
        ("intensity", "-1.0001", "-1.0001 is outside -1..=1"),
        ("confidence", "1.5", "1.5 is outside 0..=1"),
        ("confidence", "-0.5", "-0.5 is outside 0..=1"),
    ] {
        let input = lines(&[
            ACTOR_A,
            PLAN,
            &format!(
                r#"{{"type":"stance","id":"s1","holder":"a","target":"plan","position":"supports","{field}":{x}}}"#
            ),
        ]);
        let e = read(input.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("3: stance `s1`, field `{field}`: {shown}")
        );
        assert_eq!(
            core_error(&input),
            format!("stance `s1`, field `{field}`: {shown}")
        );
    }
    // Too large for a number at all: the core's syntax error, at the number.
    let input = lines(&[
        ACTOR_A,
        PLAN,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"supports","confidence":1e400}"#,
    ]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(syntax(&e), (3, 96, "number out of range".to_owned()));
    assert_eq!(e.to_string(), core_error(&input));
    // The ends are in range.
    let input = lines(&[
        ACTOR_A,
        PLAN,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"supports","intensity":1,"confidence":0}"#,
        r#"{"type":"stance","id":"s2","holder":"a","target":"plan","position":"opposes","intensity":-1.0,"confidence":1}"#,
    ]);
    assert_eq!(read(input.as_bytes()).expect("read").len(), 2);
}

#[test]
fn a_date_that_does_not_exist_is_refused() {
    for (date, record) in [
        (
            "2021-02-29",
            r#"{"type":"stance","id":"s9","holder":"a","target":"plan","position":"supports","as_of":"2021-02-29"}"#,
        ),
        (
            "2023-04-31",
            r#"{"type":"source","id":"d9","title":"T","published":"2023-04-31"}"#,
        ),
        (
            "2020-13-01",
            r#"{"type":"quote","id":"q9","speaker":"a","source":"d1","mode":"direct","text":"x","date":"2020-13-01"}"#,
        ),
    ] {
        let input = lines(&[SOURCE, ACTOR_A, PLAN, record]);
        let e = read(input.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), core_error(&input));
        let (line, column, message) = syntax(&e);
        assert_eq!(line, 4, "{e}");
        assert!(column > 0, "{e}");
        assert!(message.contains(date), "{message}");
    }
    // 2020 is a leap year.
    let input = lines(&[
        ACTOR_A,
        PLAN,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"supports","as_of":"2020-02-29"}"#,
    ]);
    assert_eq!(
        read(input.as_bytes()).expect("read").rows()[0].day,
        day("2020-02-29")
    );
}

#[test]
fn invalid_utf8_is_placed_by_line_and_column() {
    let mut input = lines(&[HEAD, ACTOR_A]).into_bytes();
    input.extend_from_slice(b"{\"type\":\"actor\",\"id\":\"\xff\"}\n");
    let e = read(&input).unwrap_err();
    // The bad byte is the 23rd of line 3.
    assert_eq!(syntax(&e), (3, 23, "invalid UTF-8".to_owned()));
    // A truncated sequence at the end of a line.
    let e = read(b"{\"type\":\"actor\",\"id\":\"\xc3\"}\n").unwrap_err();
    assert_eq!(syntax(&e).0, 1);
}

#[test]
fn a_reference_to_nothing_names_the_line_and_field() {
    let stance = |n: usize, holder: &str, target: &str, evidence: &str| {
        format!(
            r#"{{"type":"stance","id":"s{n}","holder":"{holder}","target":"{target}","position":"opposes","evidence":[{evidence}]}}"#
        )
    };
    let case = |body: &[String]| {
        let mut all: Vec<&str> = vec![HEAD, SOURCE, ACTOR_A, PLAN, QUOTE];
        all.extend(body.iter().map(String::as_str));
        read(lines(&all).as_bytes()).unwrap_err()
    };
    let e = case(&[
        stance(1, "a", "plan", r#"{"source":"d1"}"#),
        stance(2, "zz", "plan", r#"{"source":"d1"}"#),
    ]);
    assert_eq!(
        e.to_string(),
        "7: stance `s2`, field `holder`: `zz` names no record (expected an actor)"
    );
    assert!(matches!(
        &e,
        NetworkError::Unresolved {
            line: Some(7),
            record_type: RecordType::Stance,
            record,
            field,
            ..
        } if field == "holder" && record == "s2"
    ));
    let e = case(&[stance(1, "a", "nothing", r#"{"source":"d1"}"#)]);
    assert_eq!(
        e.to_string(),
        "6: stance `s1`, field `target`: `nothing` names no record (expected a proposal or a concession or a claim or an actor)"
    );
    let e = case(&[stance(1, "a", "plan", r#"{"quote":"q404"}"#)]);
    assert_eq!(
        e.to_string(),
        "6: stance `s1`, field `evidence[0].quote`: `q404` names no record (expected a quote)"
    );
    // A quote is checked even when the stance is dated and sourced otherwise.
    let e = case(&[stance(1, "a", "plan", r#"{"quote":"q404","source":"d1"}"#)]);
    assert!(
        matches!(
            &e,
            NetworkError::Unresolved { field, .. } if field == "evidence[0].quote"
        ),
        "{e}"
    );
    let e = case(&[stance(1, "a", "plan", r#"{"source":"d404"}"#)]);
    assert_eq!(
        e.to_string(),
        "6: stance `s1`, field `evidence[0].source`: `d404` names no record (expected a source)"
    );
    // Every entry of the list is checked, and the error names its place.
    let e = case(&[stance(
        1,
        "a",
        "plan",
        r#"{"quote":"q1","source":"d1"},{"source":"d1"},{"quote":"q404"}"#,
    )]);
    assert_eq!(
        e.to_string(),
        "6: stance `s1`, field `evidence[2].quote`: `q404` names no record (expected a quote)"
    );
    let e = case(&[stance(
        1,
        "a",
        "plan",
        r#"{"quote":"q1"},{"quote":"q1","source":"d404"}"#,
    )]);
    assert_eq!(
        e.to_string(),
        "6: stance `s1`, field `evidence[1].source`: `d404` names no record (expected a source)"
    );
    // Also when the stance is dated by `as_of`, and the quote comes later.
    let input = lines(&[
        HEAD,
        SOURCE,
        ACTOR_A,
        PLAN,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"opposes","as_of":"2025-11-01","evidence":[{"quote":"q1"},{"quote":"q9"}]}"#,
        QUOTE,
    ]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "5: stance `s1`, field `evidence[1].quote`: `q9` names no record (expected a quote)"
    );
    // Of several, the first in the file: the target on line 6, before the
    // holder on line 7.
    let e = case(&[
        stance(1, "a", "t404", "{\"source\":\"d1\"}"),
        stance(2, "a404", "plan", "{\"source\":\"d1\"}"),
    ]);
    assert!(
        matches!(
            &e,
            NetworkError::Unresolved {
                line: Some(6),
                field,
                ..
            } if field == "target"
        ),
        "{e}"
    );
    // A quote whose source is missing.
    let input = lines(&[
        ACTOR_A,
        r#"{"type":"quote","id":"q2","speaker":"a","source":"d404","mode":"direct","text":"x"}"#,
    ]);
    let e = read(input.as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2: quote `q2`, field `source`: `d404` names no record (expected a source)"
    );
    // Defined after the stance that names it is fine.
    let input = lines(&[
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"opposes","evidence":[{"quote":"q1"}]}"#,
        QUOTE,
        PLAN,
        ACTOR_A,
        SOURCE,
    ]);
    let st = read(input.as_bytes()).expect("read");
    assert_eq!(st.rows()[0].day, day("2025-11-19"));
}

/// A reference that names a record of a kind it does not take is worded as
/// `validate` words it, with the kind the id names, whatever the kind and
/// wherever the record comes in the file: before or after the reference,
/// read by the scanner or by the core.
#[test]
fn a_reference_to_the_wrong_kind_names_what_it_names() {
    let stance = |n: usize, holder: &str, target: &str, evidence: &str| {
        format!(
            r#"{{"type":"stance","id":"s{n}","holder":"{holder}","target":"{target}","position":"opposes","evidence":[{evidence}]}}"#
        )
    };
    let relation = r#"{"type":"relation","id":"r1","from":"c1","to":"plan","kind":"supports"}"#;
    let claim = r#"{"type":"claim","id":"c1","text":"A claim"}"#;
    let obligation = r#"{"type":"obligation","id":"o1","by":"a","what":"Pay","kind":"fund"}"#;
    let same_as = r#"{"type":"same_as","id":"j1","a":"a","b":"a2","judgement":"negative"}"#;
    let actor_a2 = r#"{"type":"actor","id":"a2","name":"A2","kind":"person"}"#;
    for (reference, wanted) in [
        (
            stance(1, "plan", "c1", r#"{"source":"d1"}"#),
            "stance `s1`, field `holder`: `plan` is a proposal, but this field takes an actor",
        ),
        (
            stance(1, "d1", "c1", r#"{"source":"d1"}"#),
            "stance `s1`, field `holder`: `d1` is a source, but this field takes an actor",
        ),
        (
            stance(1, "a", "q1", r#"{"source":"d1"}"#),
            "stance `s1`, field `target`: `q1` is a quote, but this field takes a proposal or a concession or a claim or an actor",
        ),
        (
            stance(1, "a", "s0", r#"{"source":"d1"}"#),
            "stance `s1`, field `target`: `s0` is a stance, but this field takes a proposal or a concession or a claim or an actor",
        ),
        (
            stance(1, "a", "r1", r#"{"source":"d1"}"#),
            "stance `s1`, field `target`: `r1` is a relation, but this field takes a proposal or a concession or a claim or an actor",
        ),
        (
            stance(1, "o1", "plan", r#"{"source":"d1"}"#),
            "stance `s1`, field `holder`: `o1` is an obligation, but this field takes an actor",
        ),
        (
            stance(1, "j1", "plan", r#"{"source":"d1"}"#),
            "stance `s1`, field `holder`: `j1` is a same_as, but this field takes an actor",
        ),
        (
            stance(1, "a", "plan", r#"{"quote":"d1"}"#),
            "stance `s1`, field `evidence[0].quote`: `d1` is a source, but this field takes a quote",
        ),
        (
            stance(1, "a", "plan", r#"{"source":"q1"}"#),
            "stance `s1`, field `evidence[0].source`: `q1` is a quote, but this field takes a source",
        ),
        (
            r#"{"type":"quote","id":"q2","speaker":"a","source":"plan","mode":"direct","text":"x"}"#
                .to_owned(),
            "quote `q2`, field `source`: `plan` is a proposal, but this field takes a source",
        ),
    ] {
        let others = [
            HEAD.to_owned(),
            SOURCE.to_owned(),
            ACTOR_A.to_owned(),
            actor_a2.to_owned(),
            PLAN.to_owned(),
            QUOTE.to_owned(),
            claim.to_owned(),
            relation.to_owned(),
            obligation.to_owned(),
            same_as.to_owned(),
            stance(0, "a", "plan", r#"{"source":"d1"}"#),
        ];
        // The reference last, then first after the header.
        let mut after: Vec<&str> = others.iter().map(String::as_str).collect();
        after.push(&reference);
        let e = read(lines(&after).as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: {wanted}", after.len()), "{reference}");
        let mut before: Vec<&str> = vec![HEAD, &reference];
        before.extend(others[1..].iter().map(String::as_str));
        let e = read(lines(&before).as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), format!("2: {wanted}"), "{reference}");
        // And as the core reads and checks the same records.
        let ds = Dataset::from_jsonl(&lines(&before)).expect("read");
        let e = Statements::from_dataset_checked(&ds).unwrap_err();
        assert_eq!(e.to_string(), wanted, "{reference}");
    }
}

#[test]
fn errors_in_later_chunks_keep_their_line() {
    // Many lines, small chunks, several threads: the bad line is still named.
    let mut all = vec![HEAD.to_owned(), ACTOR_A.to_owned(), PLAN.to_owned()];
    for n in 0..3000 {
        all.push(format!(
            r#"{{"type":"stance","id":"s{n}","holder":"a","target":"plan","position":"supports"}}"#
        ));
    }
    all[2500] =
        r#"{"type":"stance","id":"bad","holder":"a","target":"plan","position":"supports",}"#
            .to_owned();
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let input = lines(&refs);
    for threads in [1, 4] {
        let options = ReadOptions {
            threads,
            chunk_bytes: 1 << 12,
            ..ReadOptions::default()
        };
        let e = read_statements(input.as_bytes(), &options).unwrap_err();
        assert_eq!(syntax(&e).0, 2501, "{threads} threads");
    }
    all[2500] = all[2501].clone();
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let options = ReadOptions {
        threads: 4,
        chunk_bytes: 1 << 12,
        ..ReadOptions::default()
    };
    let st = read_statements(lines(&refs).as_bytes(), &options).expect("read");
    assert_eq!(st.len(), 3000);
}

#[test]
fn files_are_read_as_json_lines_or_canonical_json() {
    let mut b = DatasetBuilder::new();
    let src = b.source("d1", "Report").published("2025-11-20").id();
    let a = b.actor("a", "Ukraine", ActorKind::State).id();
    let plan = b.proposal("plan", "Plan").id();
    let q = b.quote("q1", &a, &src, QuoteMode::Direct, "No.").id();
    b.stance("s1", &a, &plan, Position::Opposes).quote(&q);
    let ds = b.build().expect("valid");
    let want = Statements::from_dataset(&ds);
    let dir =
        std::env::temp_dir().join(format!("claimgraph-network-reader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let jsonl = dir.join("corpus.jsonl");
    std::fs::write(&jsonl, ds.to_jsonl()).expect("written");
    let json = dir.join("corpus.json");
    std::fs::write(&json, ds.to_json()).expect("written");
    let options = ReadOptions::default();
    assert_eq!(read_statements_path(&jsonl, &options).expect("read"), want);
    assert_eq!(read_statements_path(&json, &options).expect("read"), want);
    let missing = read_statements_path(&dir.join("missing.jsonl"), &options).unwrap_err();
    assert!(matches!(missing, NetworkError::Io(_)), "{missing}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn records_in_any_order_give_the_table_of_the_dataset() {
    // Stances name actors and sources before their records come: the table
    // still lists them in the order of their records.
    let input = lines(&[
        PLAN,
        r#"{"type":"quote","id":"q1","speaker":"b","source":"d2","mode":"direct","text":"Yes."}"#,
        r#"{"type":"stance","id":"s1","holder":"b","target":"plan","position":"supports","evidence":[{"quote":"q1"}]}"#,
        r#"{"type":"stance","id":"s2","holder":"a","target":"plan","position":"opposes","evidence":[{"source":"d1"}]}"#,
        r#"{"type":"source","id":"d1","title":"One","published":"2025-11-19"}"#,
        ACTOR_A,
        r#"{"type":"source","id":"d2","title":"Two","published":"2025-11-20"}"#,
        ACTOR_B,
    ]);
    let ds = claimgraph_core::Dataset::from_jsonl(&input).expect("a dataset");
    assert!(ds.validate().is_valid());
    let want = Statements::from_dataset(&ds);
    for threads in [1, 2] {
        let options = ReadOptions {
            threads,
            chunk_bytes: 1 << 12,
            ..ReadOptions::default()
        };
        let st = read_statements(input.as_bytes(), &options).expect("read");
        assert_eq!(st, want);
        let ids = |v: Vec<&str>| v.join(",");
        assert_eq!(ids(st.actors().iter().map(|a| &*a.id).collect()), "a,b");
        assert_eq!(ids(st.sources().iter().map(|s| &*s.id).collect()), "d1,d2");
        let r = st.rows();
        assert_eq!(
            (r[0].actor, r[0].source, r[0].day),
            (1, 1, day("2025-11-20"))
        );
        assert_eq!(
            (r[1].actor, r[1].source, r[1].day),
            (0, 0, day("2025-11-19"))
        );
    }
}

/// A stance whose holder names nothing is refused in canonical JSON as it is
/// in JSON Lines, naming the stance and the field.
#[test]
fn canonical_json_with_a_dangling_stance_is_refused_as_json_lines_is() {
    let text = r#"{"format":"claimgraph/1","sources":[{"id":"d","title":"T"}],
"actors":[{"id":"a","name":"A","kind":"person"}],"proposals":[{"id":"p","title":"P"}],
"stances":[{"id":"s1","holder":"a","target":"p","position":"supports","evidence":[{"source":"d"}]},
{"id":"s2","holder":"zz","target":"p","position":"supports","evidence":[{"source":"d"}]}]}"#;
    let path =
        std::env::temp_dir().join(format!("claimgraph-dangling-{}.json", std::process::id()));
    std::fs::write(&path, text).expect("write");
    let result = claimgraph_network::read_statements_path(
        &path,
        &claimgraph_network::ReadOptions::default(),
    );
    let _ = std::fs::remove_file(&path);
    let err = result.expect_err("a dangling holder");
    assert_eq!(
        err.to_string(),
        "stance `s2`, field `holder`: `zz` names no record (expected an actor)"
    );
}

#[test]
fn an_evidence_entry_is_dated_by_the_document_it_is_attributed_to() {
    // q1's words ran undated in `wire` on the 20th; the entry cites them as
    // printed in `paper` on the 21st: the row is dated and sourced by
    // `paper`, as the core dates it, whether the stance comes before the
    // records that date it or after.
    let records = [
        r#"{"type":"source","id":"wire","title":"Wire","published":"2025-11-20"}"#,
        r#"{"type":"source","id":"paper","title":"Paper","published":"2025-11-21"}"#,
        ACTOR_A,
        PLAN,
        r#"{"type":"quote","id":"q1","speaker":"a","source":"wire","mode":"direct","text":"No."}"#,
        r#"{"type":"stance","id":"s1","holder":"a","target":"plan","position":"opposes","evidence":[{"quote":"q1","source":"paper"}]}"#,
        r#"{"type":"stance","id":"s2","holder":"a","target":"plan","position":"opposes","evidence":[{"quote":"q1","source":"paper"},{"quote":"q1"}]}"#,
    ];
    for reversed in [false, true] {
        let mut order: Vec<&str> = records.to_vec();
        if reversed {
            order.reverse();
        }
        order.insert(0, HEAD);
        let input = lines(&order);
        let ds = claimgraph_core::Dataset::from_jsonl(&input).expect("a dataset");
        let st = read(input.as_bytes()).expect("read");
        assert_eq!(st, Statements::from_dataset(&ds), "reversed: {reversed}");
        let shown: Vec<(&str, i32)> = st
            .rows()
            .iter()
            .map(|r| (&*st.sources()[r.source as usize].id, r.day))
            .collect();
        let (s1, s2) = if reversed { (1, 0) } else { (0, 1) };
        assert_eq!(
            shown[s1],
            ("paper", day("2025-11-21")),
            "reversed: {reversed}"
        );
        // With the quote's own document beside it, the earlier one dates it.
        assert_eq!(
            shown[s2],
            ("wire", day("2025-11-20")),
            "reversed: {reversed}"
        );
    }
}

/// The network reader decides JSON or JSON Lines as every reader does: a
/// byte order mark and a blank line before the first record change nothing.
#[test]
fn a_bom_and_a_blank_line_before_the_first_record_read_as_json_lines() {
    let dir = tempfile_dir();
    let path = dir.join("corpus.data");
    let text = "\u{feff}\n{\"format\":\"claimgraph/1\"}\n{\"type\":\"actor\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"state\"}\n{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\"}\n{\"type\":\"source\",\"id\":\"s\",\"title\":\"S\"}\n{\"type\":\"stance\",\"id\":\"st\",\"holder\":\"a\",\"target\":\"c\",\"position\":\"supports\",\"evidence\":[{\"source\":\"s\"}]}\n";
    std::fs::write(&path, text).unwrap();
    let st = claimgraph_network::read_statements_path(
        &path,
        &claimgraph_network::ReadOptions::default(),
    )
    .expect("read as JSON Lines");
    assert_eq!(st.len(), 1);
    let ds = claimgraph_core::Dataset::read_path(&path).unwrap();
    assert_eq!(claimgraph_network::Statements::from_dataset(&ds), st);
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "claimgraph-network-reader-{}-{n}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
