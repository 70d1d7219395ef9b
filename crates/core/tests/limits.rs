//! Hostile and huge input: every reader keeps within its [`Limits`] and stops
//! early, naming the place and the limit; an endless line is cut, never
//! buffered; every value an error quotes is clipped to a readable length with
//! its size stated.

use std::io::{self, BufReader, Read};
use std::time::{Duration, Instant};

use claimgraph_core::{
    Actor, ActorId, ActorKind, Dataset, JsonLines, Limit, Limits, Merger, Position, Quote, QuoteId,
    QuoteMode, ReadError, Source, SourceId, Span, When, clip,
};
use proptest::prelude::*;

/// The limit, line and column of a [`ReadError::Limit`], and its message.
fn limit_at(result: Result<Dataset, ReadError>) -> (Limit, usize, usize, String) {
    let err = result.expect_err("refused");
    match &err {
        ReadError::Limit {
            line,
            column,
            error,
            ..
        } => (error.limit, *line, *column, err.to_string()),
        other => panic!("not a limit error: {other:?}"),
    }
}

/// A reader that counts the bytes taken from it.
struct Counted<R> {
    inner: R,
    taken: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken += n as u64;
        Ok(n)
    }
}

/// `unit` over and over, for ever, counting what is read.
fn endless(unit: &'static [u8]) -> Counted<Cycle> {
    Counted {
        inner: Cycle { unit, at: 0 },
        taken: 0,
    }
}

/// The bytes of a unit over and over.
struct Cycle {
    unit: &'static [u8],
    at: usize,
}

impl Read for Cycle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        for slot in buf.iter_mut() {
            *slot = self.unit[self.at];
            self.at = (self.at + 1) % self.unit.len();
        }
        Ok(buf.len())
    }
}

const MIB: usize = 1 << 20;

// ---------------------------------------------------------------- defect 1: lines

#[test]
fn an_endless_line_is_cut_at_the_limit_not_buffered() {
    let limits = Limits::builder().max_line_bytes(MIB).build();
    let mut input = BufReader::new(endless(b"\0"));
    let mut lines = JsonLines::with_limits(&mut input, limits);
    match lines.next() {
        Some(Err(ReadError::Limit {
            line: 1,
            column: 0,
            error,
            ..
        })) => {
            assert_eq!(error.limit, Limit::LineBytes);
            assert_eq!(error.max, MIB as u64);
            assert!(error.to_string().contains("max_line_bytes"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    assert!(lines.next().is_none(), "the reading ends at the cut");
    drop(lines);
    // The limit, the line ending and one buffer of read-ahead: no more.
    let taken = input.get_ref().taken;
    assert!(
        taken <= (MIB + 2 + 8 * 1024) as u64,
        "read {taken} bytes of an endless line"
    );
}

#[test]
fn an_endless_line_after_good_records_names_its_line() {
    let head = "{\"format\":\"claimgraph/1\"}\n{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"t\"}\n";
    let input = BufReader::new(head.as_bytes().chain(endless(b"x")));
    let limits = Limits::builder().max_line_bytes(64 * 1024).build();
    let items: Vec<_> = JsonLines::with_limits(input, limits).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(ReadError::Limit { line: 3, error, .. }) if error.limit == Limit::LineBytes),
        "{:?}",
        items[1]
    );
}

#[test]
fn a_line_at_the_limit_is_read_and_one_byte_more_is_refused() {
    let record = |text_len: usize| {
        let fixed = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"\"}".len();
        format!(
            "{{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"{}\"}}",
            "x".repeat(text_len - fixed)
        )
    };
    let limits = Limits::builder().max_line_bytes(1000).build();
    for ending in ["\n", "\r\n", ""] {
        let at = format!("{}{ending}", record(1000));
        assert!(
            Dataset::read_jsonl_with(at.as_bytes(), &limits).is_ok(),
            "{ending:?}"
        );
        let over = format!("{}{ending}", record(1001));
        let (limit, line, column, message) =
            limit_at(Dataset::read_jsonl_with(over.as_bytes(), &limits));
        assert_eq!(
            (limit, line, column),
            (Limit::LineBytes, 1, 0),
            "{ending:?}"
        );
        assert_eq!(
            message,
            "1:0: the line is longer than 1000 bytes; raise `max_line_bytes` in `Limits` to read it"
        );
    }
}

#[test]
fn a_long_line_in_a_file_names_the_file_and_the_line() {
    let path =
        std::env::temp_dir().join(format!("claimgraph-long-line-{}.jsonl", std::process::id()));
    let long = format!(
        "{{\"format\":\"claimgraph/1\"}}\n\n{{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"{}\"}}\n",
        "x".repeat(2 * MIB)
    );
    std::fs::write(&path, long).expect("write");
    let limits = Limits::builder().max_line_bytes(MIB).build();
    let result = Dataset::read_path_with(&path, &limits);
    let _ = std::fs::remove_file(&path);
    let err = result.expect_err("refused");
    assert!(
        matches!(&err, ReadError::Limit { file: Some(f), line: 3, .. } if *f == path),
        "{err:?}"
    );
    assert!(err.to_string().ends_with(":3:0: the line is longer than 1048576 bytes; raise `max_line_bytes` in `Limits` to read it"), "{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_its_first_byte_in_moments() {
    let started = Instant::now();
    let err = Dataset::read_path("/dev/zero").expect_err("refused");
    assert_eq!(err.position(), Some((1, 1)), "{err}");
    assert!(matches!(err, ReadError::Syntax { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // Read as JSON Lines, the first line is cut at the limit.
    let limits = Limits::builder().max_line_bytes(MIB).build();
    let file = std::fs::File::open("/dev/zero").expect("open");
    let (limit, line, _, _) = limit_at(Dataset::read_jsonl_with(BufReader::new(file), &limits));
    assert_eq!((limit, line), (Limit::LineBytes, 1));
}

#[test]
fn sniffing_reads_no_more_than_a_line() {
    let limits = Limits::builder().max_line_bytes(1000).build();
    for unit in [&b"\0"[..], b"\n", b" "] {
        let mut input = BufReader::new(endless(unit));
        let found = claimgraph_core::sniff_with(std::path::Path::new("-"), &mut input, &limits)
            .expect("sniffed");
        assert!(found.head.len() <= 1002, "{unit:?}: {}", found.head.len());
        assert!(!found.empty, "{unit:?}: cut short, not known to be empty");
    }
}

#[test]
fn endless_blank_lines_end_in_either_form() {
    let limits = Limits::builder().max_line_bytes(MIB).build();
    let jsonl = BufReader::new(b"{\"format\":\"claimgraph/1\"}\n".chain(endless(b"\n")));
    let (limit, _, column, message) = limit_at(Dataset::read_jsonl_with(jsonl, &limits));
    assert_eq!((limit, column), (Limit::LineBytes, 0));
    assert!(
        message.contains("more than 1048576 bytes of white space in a row"),
        "{message}"
    );
    let json = b"{\n".chain(endless(b"  \n"));
    let (limit, line, _, _) = limit_at(Dataset::read_json_with(json, &limits));
    assert_eq!((limit, line), (Limit::LineBytes, 349_527));
}

#[test]
fn endless_garbage_as_canonical_json_stops_at_the_first_bad_byte() {
    for (unit, at) in [
        (&b"y\n"[..], (1, 1)),
        (b"\0", (1, 1)),
        (b"{\"format\":\"claimgraph/1\"}", (1, 26)),
        (b"[", (1, 0)),
    ] {
        let started = Instant::now();
        let err = Dataset::read_json_with(endless(unit), &Limits::default()).expect_err("refused");
        assert_eq!(err.position(), Some(at), "{unit:?}: {err}");
        assert!(started.elapsed() < Duration::from_secs(20), "{unit:?}");
    }
}

// ---------------------------------------------------------------- the other limits

#[test]
fn a_canonical_file_past_the_size_limit_is_refused_before_it_is_read() {
    let path = std::env::temp_dir().join(format!("claimgraph-sparse-{}.json", std::process::id()));
    let file = std::fs::File::create(&path).expect("create");
    // 2 GiB of nothing, taking no room on disk.
    file.set_len(2 << 30).expect("sparse file");
    drop(file);
    let started = Instant::now();
    let result = Dataset::read_path(&path);
    let _ = std::fs::remove_file(&path);
    let err = result.expect_err("refused");
    assert!(started.elapsed() < Duration::from_secs(20));
    match &err {
        ReadError::Limit {
            line: 1,
            column: 0,
            error,
            ..
        } => {
            assert_eq!(error.limit, Limit::FileBytes);
            assert_eq!(error.size, Some(2 << 30));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains(
            "the file is 2147483648 bytes; canonical JSON is read whole, up to 1073741824 bytes"
        ),
        "{err}"
    );
}

#[test]
fn a_canonical_stream_past_the_size_limit_is_refused_while_read() {
    let limits = Limits::builder().max_file_bytes(10_000).build();
    let mut text = String::from("{\"format\":\"claimgraph/1\",\"claims\":[");
    for i in 0..1000 {
        text.push_str(&format!("{{\"id\":\"c{i}\",\"text\":\"t\"}},"));
    }
    let (limit, ..) = limit_at(Dataset::read_json_with(text.as_bytes(), &limits));
    assert_eq!(limit, Limit::FileBytes);
    let (limit, ..) = limit_at(Dataset::from_json_slice_with(text.as_bytes(), &limits));
    assert_eq!(limit, Limit::FileBytes);
}

#[test]
fn a_long_string_is_named_where_it_opens_in_either_form() {
    let limits = Limits::builder().max_string_bytes(100).build();
    let claim = format!(
        "{{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"{}\"}}",
        "é".repeat(51)
    );
    let jsonl = format!("{{\"format\":\"claimgraph/1\"}}\n{claim}\n");
    let (limit, line, column, _) = limit_at(Dataset::read_jsonl_with(jsonl.as_bytes(), &limits));
    assert_eq!((limit, line, column), (Limit::StringBytes, 2, 34));
    let json = format!(
        "{{\n  \"format\": \"claimgraph/1\",\n  \"claims\": [\n    {}\n  ]\n}}\n",
        claim.replace("\"type\":\"claim\",", "")
    );
    let (limit, line, column, _) =
        limit_at(Dataset::from_json_slice_with(json.as_bytes(), &limits));
    assert_eq!((limit, line, column), (Limit::StringBytes, 4, 23));
    let (limit, line, column, _) = limit_at(Dataset::read_json_with(json.as_bytes(), &limits));
    assert_eq!((limit, line, column), (Limit::StringBytes, 4, 23));
    // At the limit it reads.
    let ok = jsonl.replace(&"é".repeat(51), &"é".repeat(50));
    assert!(Dataset::read_jsonl_with(ok.as_bytes(), &limits).is_ok());
}

#[test]
fn deep_nesting_is_named_at_the_bracket_in_either_form() {
    let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let limits = Limits::builder().max_depth(10).build();
    // The record's object and its `extra` map are two levels.
    let line = |depth| {
        format!(
            "{{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"t\",\"extra\":{{\"x\":{}}}}}\n",
            nested(depth)
        )
    };
    assert!(Dataset::read_jsonl_with(line(8).as_bytes(), &limits).is_ok());
    let (limit, l, column, message) =
        limit_at(Dataset::read_jsonl_with(line(9).as_bytes(), &limits));
    assert_eq!((limit, l, column), (Limit::Depth, 1, 59));
    assert!(
        message.contains("values are nested more than 10 deep"),
        "{message}"
    );
    // In canonical JSON, a record sits two levels deeper.
    let json = format!(
        "{{\"format\":\"claimgraph/1\",\"claims\":[{{\"id\":\"c1\",\"text\":\"t\",\"extra\":{{\"x\":{}}}}}]}}",
        nested(7)
    );
    let (limit, ..) = limit_at(Dataset::from_json_slice_with(json.as_bytes(), &limits));
    assert_eq!(limit, Limit::Depth);
    let ok = json.replace(&nested(7), &nested(6));
    assert!(Dataset::from_json_slice_with(ok.as_bytes(), &limits).is_ok());
    // Far past the parser's own bound of 128, the limit speaks first.
    let deep = format!(
        "{{\"format\":\"claimgraph/1\",\"claims\":{}}}",
        nested(100_000)
    );
    let (limit, ..) = limit_at(Dataset::from_json(&deep));
    assert_eq!(limit, Limit::Depth);
}

#[test]
fn records_past_the_limit_end_the_reading_in_either_form() {
    let limits = Limits::builder().max_records(2).build();
    let claim = |i| format!("{{\"type\":\"claim\",\"id\":\"c{i}\",\"text\":\"t\"}}");
    let jsonl = format!(
        "{{\"format\":\"claimgraph/1\"}}\n{}\n{}\n{}\n{}\n",
        claim(1),
        claim(2),
        claim(3),
        claim(4)
    );
    let items: Vec<_> = JsonLines::with_limits(jsonl.as_bytes(), limits.clone()).collect();
    assert_eq!(items.len(), 3, "the header is no record; reading ends");
    assert!(
        matches!(&items[2], Err(ReadError::Limit { line: 4, column: 0, error, .. }) if error.limit == Limit::Records),
        "{:?}",
        items[2]
    );
    let two = jsonl.lines().take(3).collect::<Vec<_>>().join("\n");
    assert_eq!(
        Dataset::read_jsonl_with(two.as_bytes(), &limits)
            .map(|d| d.len())
            .ok(),
        Some(2)
    );
    let json = "{\"format\":\"claimgraph/1\",\n\"claims\":[{\"id\":\"c1\",\"text\":\"t\"}],\n\"actors\":[{\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"},\n{\"id\":\"b\",\"name\":\"B\",\"kind\":\"person\"}]}";
    assert!(Dataset::from_json(json).is_ok());
    let (limit, line, column, message) =
        limit_at(Dataset::from_json_slice_with(json.as_bytes(), &limits));
    assert_eq!((limit, line, column), (Limit::Records, 4, 1));
    assert!(
        message.contains("the input holds more than 2 records"),
        "{message}"
    );
}

#[test]
fn the_defaults_are_as_documented() {
    let d = Limits::default();
    assert_eq!(d.max_line_bytes(), 16 << 20);
    assert_eq!(d.max_file_bytes(), 1 << 30);
    assert_eq!(d.max_string_bytes(), 16 << 20);
    assert_eq!(d.max_records(), 100_000_000);
    assert_eq!(d.max_depth(), 64);
    assert_eq!(Limits::builder().build(), d);
}

// ---------------------------------------------------------------- defect 9: clipped values

/// A 100 MB id: a hostile value to be quoted.
fn huge_id() -> String {
    "x".repeat(100_000_000)
}

/// Limits that let 100 MB lines and strings through, so the id reaches the
/// id check.
fn roomy() -> Limits {
    Limits::builder()
        .max_line_bytes(256 * MIB)
        .max_string_bytes(256 * MIB)
        .max_file_bytes(256 << 20)
        .build()
}

fn assert_clipped(message: &str, size: usize) {
    assert!(
        message.len() < 400,
        "{} bytes: {}…",
        message.len(),
        &message[..400]
    );
    let shown = ["…", "…\"", "…`"].map(|cut| format!("{cut} ({size} bytes)"));
    assert!(shown.iter().any(|s| message.contains(s)), "{message}");
}

#[test]
fn a_100_mb_id_gives_a_short_error_in_json_lines() {
    let id = huge_id();
    let text =
        format!("{{\"type\":\"actor\",\"id\":\"{id}\",\"name\":\"n\",\"kind\":\"person\"}}\n");
    let err = Dataset::read_jsonl_with(text.as_bytes(), &roomy()).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.starts_with("1:100000023: invalid id \"xxx"),
        "{}",
        &message[..80]
    );
    assert_clipped(&message, 100_000_000);
    // Within the default limits, the line stops it first, as briefly.
    let err = Dataset::read_jsonl(text.as_bytes()).expect_err("refused");
    assert!(matches!(&err, ReadError::Limit { error, .. } if error.limit == Limit::LineBytes));
    assert!(err.to_string().len() < 200);
}

#[test]
fn a_100_mb_id_gives_a_short_error_in_canonical_json() {
    let id = huge_id();
    let text = format!(
        "{{\"format\":\"claimgraph/1\",\"actors\":[{{\"id\":\" {id}\",\"name\":\"n\",\"kind\":\"person\"}}]}}"
    );
    let err = Dataset::from_json_slice_with(text.as_bytes(), &roomy()).expect_err("refused");
    assert_clipped(&err.to_string(), 100_000_001);
    let err = Dataset::read_json_with(text.as_bytes(), &roomy()).expect_err("refused");
    assert_clipped(&err.to_string(), 100_000_001);
    // Within the default limits, the string is stopped before it is read.
    let err = Dataset::read_json_with(text.as_bytes(), &Limits::default()).expect_err("refused");
    assert!(matches!(&err, ReadError::Limit { error, .. } if error.limit == Limit::StringBytes));
}

#[test]
fn values_the_parser_quotes_are_clipped_too() {
    let long = "k".repeat(MIB);
    // An unknown field, named by serde.
    let text = format!("{{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\",\"{long}\":1}}\n");
    let message = Dataset::from_jsonl(&text).expect_err("refused").to_string();
    assert!(
        message.contains("unknown field `kkkk"),
        "{}",
        &message[..100]
    );
    assert_clipped(&message, MIB);
    // A string where a number belongs.
    let text = format!(
        "{{\"type\":\"quote\",\"id\":\"q\",\"speaker\":\"a\",\"source\":\"s\",\"mode\":\"direct\",\"text\":\"t\",\"span\":{{\"start\":\"{long}\",\"end\":1}}}}\n"
    );
    let message = Dataset::from_jsonl(&text).expect_err("refused").to_string();
    assert!(
        message.contains("invalid type: string \"kkkk"),
        "{}",
        &message[..100]
    );
    assert_clipped(&message, MIB);
    // A value outside a vocabulary, and a date.
    let text = format!("{{\"type\":\"actor\",\"id\":\"a\",\"name\":\"n\",\"kind\":\"{long}\"}}\n");
    assert_clipped(
        &Dataset::from_jsonl(&text).expect_err("refused").to_string(),
        MIB,
    );
    let text =
        format!("{{\"type\":\"source\",\"id\":\"s\",\"title\":\"t\",\"published\":\"{long}\"}}\n");
    assert_clipped(
        &Dataset::from_jsonl(&text).expect_err("refused").to_string(),
        MIB,
    );
    // A repeated key of a map.
    let text = format!(
        "{{\"type\":\"actor\",\"id\":\"a\",\"name\":\"n\",\"kind\":\"person\",\"external_ids\":{{\"{long}\":\"1\",\"{long}\":\"2\"}}}}\n"
    );
    let message = Dataset::from_jsonl(&text).expect_err("refused").to_string();
    assert!(
        message.contains("duplicate key `kkk"),
        "{}",
        &message[..100]
    );
    assert_clipped(&message, MIB);
}

#[test]
fn errors_made_in_code_clip_what_they_quote() {
    let long = "v".repeat(MIB);
    assert_clipped(
        &long.parse::<Position>().expect_err("refused").to_string(),
        MIB,
    );
    assert_clipped(&When::parse(&long).expect_err("refused").to_string(), MIB);
    let spaced = format!(" {}", "w".repeat(200));
    assert_clipped(
        &ActorId::new(&spaced).expect_err("refused").to_string(),
        201,
    );
}

#[test]
fn validation_problems_clip_what_they_quote() {
    let text = "t".repeat(MIB);
    let mut ds = Dataset::new();
    let mut s = Source::new(SourceId::new("s").unwrap(), "title");
    s.text = Some(text.clone());
    s.language = Some("l".repeat(MIB));
    ds.push(s);
    let mut a = Actor::new(ActorId::new("a").unwrap(), "A", ActorKind::Person);
    a.country = Some("c".repeat(MIB));
    ds.push(a);
    let mut q = Quote::new(
        QuoteId::new("q").unwrap(),
        ActorId::new("a").unwrap(),
        SourceId::new("s").unwrap(),
        QuoteMode::Direct,
        "not the text",
    );
    q.span = Some(Span::new(0, MIB));
    ds.push(q);
    let report = ds.validate();
    let shown: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert!(shown.len() >= 3, "{shown:?}");
    for problem in &shown {
        assert!(problem.len() < 400, "{problem}");
    }
    assert!(
        shown
            .iter()
            .any(|p| p.contains("source text at 0..1048576 is \"ttt")
                && p.contains("(1048576 bytes)")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|p| p.contains("\"lll") && p.contains("(1048576 bytes)")),
        "{shown:?}"
    );
}

#[test]
fn merge_conflicts_clip_both_values() {
    let name = |c: &str| c.repeat(MIB);
    let mut merger = Merger::new();
    for (origin, c) in [("a.json", "a"), ("b.json", "b")] {
        let mut ds = Dataset::new();
        ds.push(Actor::new(
            ActorId::new("x").unwrap(),
            name(c),
            ActorKind::Person,
        ));
        merger.add(origin, ds);
    }
    let merged = merger.finish();
    assert_eq!(merged.conflicts.len(), 1);
    let shown = merged.conflicts[0].to_string();
    assert!(shown.len() < 400, "{} bytes", shown.len());
    assert!(
        shown.starts_with("actor `x`, field `name`: \"aaa"),
        "{shown}"
    );
    assert!(
        shown.contains("… (1048578 bytes) in a.json but \"bbb"),
        "{shown}"
    );
}

#[test]
fn clip_keeps_short_values_whole_and_cuts_on_characters() {
    assert_eq!(clip("kallas").to_string(), "kallas");
    let eighty = "é".repeat(80);
    assert_eq!(clip(&eighty).to_string(), eighty);
    let more = "é".repeat(81);
    assert_eq!(
        clip(&more).to_string(),
        format!("{}… (162 bytes)", "é".repeat(60))
    );
    assert_eq!(
        format!("{:?}", clip(&format!("\"{}", "q".repeat(100)))),
        format!("\"\\\"{}…\" (101 bytes)", "q".repeat(59))
    );
}

// ---------------------------------------------------------------- properties

/// A small valid canonical dataset with escapes, numbers and literals.
fn sample() -> String {
    let text = r#"{
  "format": "claimgraph/1",
  "sources": [
    {"id": "wsj", "title": "Europeans \u00e9 \ud83d\ude00 push \"back\"", "text": "Kallas\n said \\ no",
     "extra": {"n": [1, -2.5e3, 0.1E+2, true, false, null, {"k": "v"}]}}
  ],
  "actors": [{"id": "kallas", "name": "Kaja Kallas", "kind": "person"}]
}"#;
    assert!(Dataset::from_json(text).is_ok());
    text.to_owned()
}

/// The bytes JSON is made of, and a few it is not.
const JSONISH: &[u8] = b"{}[]\",:\\ \n\tabtrufalsncdDE0123456789-+.eEu\x00\x01\xff";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Reading canonical JSON from a stream, which stops a little after the
    /// first byte that cannot be JSON, says what reading it whole says: the
    /// same dataset, or the same error at the same place.
    #[test]
    fn a_stream_and_a_slice_agree(
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(JSONISH), 0..4u8),
            1..12,
        ),
    ) {
        let mut bytes = sample().into_bytes();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => bytes[i] = byte,
                2 if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
        }
        let whole = Dataset::from_json_slice(&bytes);
        let stream = Dataset::read_json_with(&bytes[..], &Limits::default());
        match (&whole, &stream) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.position(), b.position(), "{} / {}", a, b);
                prop_assert_eq!(a.message(), b.message());
            }
            _ => prop_assert!(false, "{:?} / {:?}", whole, stream),
        }
    }

    /// However long, a clipped value shows at most 80 characters and its
    /// size.
    #[test]
    fn clipped_values_are_short(s in ".{0,300}") {
        let shown = clip(&s).to_string();
        prop_assert!(shown.chars().count() <= 80 + " (99999 bytes)".len() + 1);
        if s.chars().count() <= 80 {
            prop_assert_eq!(shown, s);
        } else {
            let suffix = format!("… ({} bytes)", s.len());
            prop_assert!(shown.ends_with(&suffix), "{}", shown);
            prop_assert!(s.starts_with(shown.trim_end_matches(&suffix)));
        }
    }
}

/// A stream whose every read gives one byte reads as the whole text does.
#[test]
fn a_stream_read_a_byte_at_a_time_reads_the_same() {
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }
    let text = sample();
    let ds = Dataset::read_json_with(Trickle(text.as_bytes()), &Limits::default()).expect("read");
    assert_eq!(ds, Dataset::from_json(&text).expect("read"));
    let mut lines = JsonLines::new(BufReader::with_capacity(
        1,
        Trickle(b"{\"format\":\"claimgraph/1\"}\n{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\"}"),
    ));
    assert!(matches!(lines.next(), Some(Ok(_))));
    assert!(lines.next().is_none());
}
