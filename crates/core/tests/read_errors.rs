//! Malformed input: every error names the line and column (and the file,
//! when reading one) and what was expected.

use std::path::{Path, PathBuf};

use claimgraph_core::{ClaimId, Dataset, JsonLines, ReadError, Record, looks_like_jsonl};

/// The line and column of an error, and its message.
fn at(result: Result<Dataset, ReadError>) -> (usize, usize, String) {
    match result {
        Ok(ds) => panic!("read without error: {ds:?}"),
        Err(ReadError::Syntax {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        Err(e) => panic!("not a syntax error: {e}"),
    }
}

/// The 1-based column of the last byte of `needle` in line `line` (from 1)
/// of `text`: where a reader that has just read `needle` stands.
fn after(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    let Some(i) = l.find(needle) else {
        panic!("{needle:?} not on line {line}: {l:?}")
    };
    i + needle.len()
}

/// The same, for the last occurrence of `needle`.
fn after_last(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    l.rfind(needle).unwrap() + needle.len()
}

/// A canonical file with one claim written as `claim` on line 4.
fn with_claim(claim: &str) -> String {
    format!("{{\n  \"format\": \"claimgraph/1\",\n  \"claims\": [\n    {claim}\n  ]\n}}\n")
}

/// A canonical file with one actor written as `actor` on line 4.
fn with_actor(actor: &str) -> String {
    format!("{{\n  \"format\": \"claimgraph/1\",\n  \"actors\": [\n    {actor}\n  ]\n}}\n")
}

// ---------------------------------------------------------------- canonical JSON

#[test]
fn an_unknown_field_is_named_where_it_stands() {
    let text = with_claim(r#"{"id": "c1", "text": "One aggressor", "bogus": 1}"#);
    let (line, column, message) = at(Dataset::from_json(&text));
    assert_eq!((line, column), (4, after(&text, 4, r#""bogus""#)));
    assert!(
        message.starts_with("unknown field `bogus`, expected one of `id`, `text`"),
        "{message}"
    );
}

#[test]
fn a_value_outside_a_vocabulary_lists_the_values_expected() {
    let text = with_actor(r#"{"id": "a", "name": "A", "kind": "persn"}"#);
    let (line, column, message) = at(Dataset::from_json(&text));
    assert_eq!((line, column), (4, after(&text, 4, r#""persn""#)));
    assert!(message.starts_with("unknown variant `persn`"), "{message}");
    assert!(message.contains("`person`"), "{message}");
    // The British and American spellings are both read, and the first written.
    let text = with_actor(r#"{"id": "a", "name": "A", "kind": "organization"}"#);
    let ds = Dataset::from_json(&text).unwrap();
    assert!(ds.to_json().contains(r#""kind": "organisation""#));
}

#[test]
fn malformed_dates_name_the_expected_form() {
    for bad in [
        "2025-02-30",
        "2025-13-01",
        "2025-11-20T25:00:00Z",
        "20 Nov 2025",
        "2025-1-5",
    ] {
        let source = format!(r#"{{"id": "s", "title": "T", "published": "{bad}"}}"#);
        let text = format!(
            "{{\n  \"format\": \"claimgraph/1\",\n  \"sources\": [\n    {source}\n  ]\n}}\n"
        );
        let (line, column, message) = at(Dataset::from_json(&text));
        assert_eq!(
            (line, column),
            (4, after(&text, 4, &format!("\"{bad}\""))),
            "{bad}"
        );
        assert!(
            message.starts_with(&format!(
                "invalid date \"{bad}\": expected YYYY-MM-DD or an RFC 3339 date-time"
            )),
            "{message}"
        );
    }
}

#[test]
fn an_invalid_id_is_refused_where_it_stands() {
    for (bad, why) in [
        (r#""""#, "must not be empty"),
        (r#""a\nb""#, "control characters"),
        (r#"" a""#, "whitespace"),
    ] {
        let text = with_claim(&format!(r#"{{"id": {bad}, "text": "x"}}"#));
        let (line, column, message) = at(Dataset::from_json(&text));
        assert_eq!((line, column), (4, after(&text, 4, bad)), "{bad}");
        assert!(message.starts_with("invalid id"), "{message}");
        assert!(message.contains(why), "{message}");
    }
    // A reference is an id too.
    let text = with_actor(
        r#"{"id": "a", "name": "A", "kind": "person", "affiliations": [{"actor": "", "kind": "member"}]}"#,
    );
    let (line, column, _) = at(Dataset::from_json(&text));
    assert_eq!((line, column), (4, after(&text, 4, r#""actor": """#)));
}

#[test]
fn a_wrong_format_version() {
    let text = "{\n  \"format\": \"claimgraph/2\",\n  \"claims\": []\n}\n";
    let (line, column, message) = at(Dataset::from_json(text));
    assert_eq!((line, column), (2, after(text, 2, r#""claimgraph/2""#)));
    assert_eq!(
        message,
        r#"unsupported format "claimgraph/2"; expected "claimgraph/1""#
    );
    let text = "{\n  \"claims\": []\n}\n";
    let (line, column, message) = at(Dataset::from_json(text));
    assert_eq!(
        (line, column, message.as_str()),
        (3, 1, "missing field `format`")
    );
}

#[test]
fn a_missing_required_field() {
    let text = with_claim(r#"{"id": "c1", "topic": "territory"}"#);
    let (line, column, message) = at(Dataset::from_json(&text));
    // Known missing when the object closes.
    assert_eq!((line, column), (4, after(&text, 4, "}")));
    assert_eq!(message, "missing field `text`");
}

#[test]
fn trailing_garbage() {
    let text = format!("{}x\n", with_claim(r#"{"id": "c1", "text": "x"}"#));
    let (line, column, message) = at(Dataset::from_json(&text));
    assert_eq!(
        (line, column, message.as_str()),
        (7, 1, "trailing characters")
    );
}

#[test]
fn a_truncated_file() {
    let full = with_claim(r#"{"id": "c1", "text": "One aggressor and one victim"}"#);
    let cut = &full[..full.find("and one").unwrap()];
    let (line, column, message) = at(Dataset::from_json(cut));
    assert_eq!(line, 4);
    assert_eq!(column, cut.lines().nth(3).unwrap().len());
    assert_eq!(message, "EOF while parsing a string");
    let (line, _, message) = at(Dataset::from_json(&full[..full.len() - 3]));
    assert_eq!((line, message.as_str()), (5, "EOF while parsing an object"));
    let (line, column, message) = at(Dataset::from_json(""));
    assert_eq!(
        (line, column, message.as_str()),
        (1, 0, "EOF while parsing a value")
    );
}

#[test]
fn a_key_given_twice_in_a_record() {
    let text = with_claim(r#"{"id": "c1", "text": "x", "text": "y"}"#);
    let (line, column, message) = at(Dataset::from_json(&text));
    assert_eq!((line, column), (4, after_last(&text, 4, r#""text""#)));
    assert_eq!(message, "duplicate field `text`");
}

#[test]
fn a_key_given_twice_at_the_top() {
    let text = "{\n  \"format\": \"claimgraph/1\",\n  \"claims\": [],\n  \"claims\": []\n}\n";
    let (line, column, message) = at(Dataset::from_json(text));
    assert_eq!((line, column), (4, after(text, 4, r#""claims""#)));
    assert_eq!(message, "duplicate field `claims`");
}

#[test]
fn a_key_given_twice_in_external_ids() {
    let text = with_actor(
        r#"{"id": "a", "name": "A", "kind": "state", "external_ids": {"wikidata": "Q1", "wikidata": "Q2"}}"#,
    );
    let (line, column, message) = at(Dataset::from_json(&text));
    // At the repeated key, before its value is read.
    assert_eq!((line, column), (4, after_last(&text, 4, r#""wikidata""#)));
    assert_eq!(message, "duplicate key `wikidata`");
}

#[test]
fn invalid_utf8_in_json() {
    let mut bytes = with_claim(r#"{"id": "c1", "text": "Kyiv"}"#).into_bytes();
    let at_y = bytes.iter().position(|b| *b == b'y').unwrap();
    bytes[at_y] = 0xff;
    let line4_start = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .unwrap()
        .0
        + 1;
    let (line, column, message) = at(Dataset::from_json_slice(&bytes));
    assert_eq!((line, column), (4, at_y - line4_start + 1));
    assert!(message.contains("invalid unicode code point"), "{message}");
}

#[test]
fn a_byte_order_mark_is_accepted_in_json() {
    let text = with_claim(r#"{"id": "c1", "text": "x"}"#);
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(
        Dataset::from_json(&with_bom).unwrap(),
        Dataset::from_json(&text).unwrap()
    );
}

#[test]
fn crlf_line_endings_are_accepted_in_json_and_lines_still_count() {
    let text = with_claim(r#"{"id": "c1", "text": "x"}"#).replace('\n', "\r\n");
    assert_eq!(Dataset::from_json(&text).unwrap().claims().len(), 1);
    let bad = text.replace(r#""text""#, r#""txt""#);
    let (line, column, _) = at(Dataset::from_json(&bad));
    assert_eq!((line, column), (4, after(&bad, 4, r#""txt""#)));
}

// ---------------------------------------------------------------- JSON Lines

const HEADER: &str = "{\"format\":\"claimgraph/1\"}";

fn lines(records: &[&str]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in records {
        s.push_str(r);
        s.push('\n');
    }
    s
}

#[test]
fn an_error_on_line_3_is_reported_on_line_3() {
    let text = lines(&[
        r#"{"type":"claim","id":"c1","text":"x"}"#,
        r#"{"type":"claim","id":"c2","text":"y","about":["c1"],"bogus":true}"#,
    ]);
    let (line, column, message) = at(Dataset::from_jsonl(&text));
    assert_eq!((line, column), (3, after(&text, 3, r#""bogus""#)));
    assert!(message.starts_with("unknown field `bogus`"), "{message}");
}

#[test]
fn errors_point_at_the_field_when_the_type_comes_last() {
    // The same mistakes with the tag last: read twice, never buffered, so
    // the column is still that of the mistake, not of the end of the line.
    let cases = [
        (
            r#"{"id":"c2","bogus":true,"text":"y","type":"claim"}"#,
            r#""bogus""#,
            "unknown field `bogus`",
        ),
        (
            r#"{"id":"a","kind":"persn","name":"A","type":"actor"}"#,
            r#""persn""#,
            "unknown variant `persn`",
        ),
        (
            r#"{"id":"s","published":"2025-02-30","title":"T","type":"source"}"#,
            r#""2025-02-30""#,
            "invalid date",
        ),
        (
            r#"{"id":"","text":"y","type":"claim"}"#,
            r#""id":"""#,
            "invalid id",
        ),
        (
            r#"{"id":"c2","text":"y","type":"clam"}"#,
            r#""clam""#,
            "unknown variant `clam`",
        ),
    ];
    for (record, needle, start) in cases {
        let text = lines(&[r#"{"type":"claim","id":"c1","text":"x"}"#, record]);
        let (line, column, message) = at(Dataset::from_jsonl(&text));
        assert_eq!((line, column), (3, after(&text, 3, needle)), "{record}");
        assert!(message.starts_with(start), "{record}: {message}");
    }
}

#[test]
fn the_type_tag_is_required_once() {
    let text = lines(&[r#"{"id":"c1","text":"x"}"#]);
    let (line, _, message) = at(Dataset::from_jsonl(&text));
    assert_eq!((line, message.as_str()), (2, "missing field `type`"));

    let first = r#"{"type":"claim","id":"c1","type":"claim","text":"x"}"#;
    let (line, column, message) = at(Dataset::from_jsonl(&lines(&[first])));
    assert_eq!((line, column), (2, after_last(first, 1, r#""type""#)));
    assert_eq!(message, "duplicate field `type`");

    let later = r#"{"id":"c1","type":"claim","text":"x","type":"claim"}"#;
    let (line, column, message) = at(Dataset::from_jsonl(&lines(&[later])));
    assert_eq!((line, column), (2, after_last(later, 1, r#""type""#)));
    assert_eq!(message, "duplicate field `type`");
}

#[test]
fn a_record_of_one_type_with_the_fields_of_another() {
    let record = r#"{"type":"claim","id":"a","name":"A","kind":"person"}"#;
    let (line, column, message) = at(Dataset::from_jsonl(&lines(&[record])));
    assert_eq!((line, column), (2, after(record, 1, r#""name""#)));
    assert!(message.starts_with("unknown field `name`"), "{message}");
}

#[test]
fn the_header_must_come_first() {
    let text = format!("{}\n{HEADER}\n", r#"{"type":"claim","id":"c1","text":"x"}"#);
    let (line, column, message) = at(Dataset::from_jsonl(&text));
    assert_eq!(
        (line, column, message.as_str()),
        (2, 1, "the format header must be the first line")
    );
    // Blank lines before it are not content.
    let text = format!(
        "\n  \n{HEADER}\n{}\n",
        r#"{"type":"claim","id":"c1","text":"x"}"#
    );
    assert_eq!(Dataset::from_jsonl(&text).unwrap().claims().len(), 1);
    // And it is optional.
    let text = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"x\"}\n";
    assert_eq!(Dataset::from_jsonl(text).unwrap().claims().len(), 1);
}

#[test]
fn a_header_of_another_version_or_with_more_keys() {
    let text = "{\"format\":\"claimgraph/9\"}\n";
    let (line, column, message) = at(Dataset::from_jsonl(text));
    assert_eq!((line, column), (1, after(text, 1, r#""claimgraph/9""#)));
    assert!(message.starts_with("unsupported format"), "{message}");
    let text = "{\"format\":\"claimgraph/1\",\"extra\":1}\n";
    let (line, column, message) = at(Dataset::from_jsonl(text));
    assert_eq!((line, column), (1, after(text, 1, r#""extra""#)));
    assert!(message.starts_with("unknown field `extra`"), "{message}");
}

#[test]
fn blank_lines_crlf_and_a_byte_order_mark_are_accepted() {
    let plain = lines(&[
        r#"{"type":"claim","id":"c1","text":"x"}"#,
        r#"{"type":"claim","id":"c2","text":"y"}"#,
    ]);
    let expected = Dataset::from_jsonl(&plain).unwrap();
    assert_eq!(expected.claims().len(), 2);
    let messy = format!(
        "\u{feff}{HEADER}\r\n\r\n   \r\n{}\r\n\t\n{}",
        r#"{"type":"claim","id":"c1","text":"x"}"#, r#"{"type":"claim","id":"c2","text":"y"}"#
    );
    assert_eq!(Dataset::from_jsonl(&messy).unwrap(), expected);
    // A byte order mark before a record instead of the header.
    let bom_record = format!("\u{feff}{}\n", r#"{"type":"claim","id":"c1","text":"x"}"#);
    assert_eq!(Dataset::from_jsonl(&bom_record).unwrap().claims().len(), 1);
    // Line numbers still count every line, blank or not.
    let bad = format!(
        "{HEADER}\r\n\r\n{}\r\n",
        r#"{"type":"claim","id":"c1","txt":"x"}"#
    );
    let (line, column, _) = at(Dataset::from_jsonl(&bad));
    assert_eq!((line, column), (3, after(&bad, 3, r#""txt""#)));
}

#[test]
fn invalid_utf8_in_json_lines() {
    let mut bytes = lines(&[
        r#"{"type":"claim","id":"c1","text":"x"}"#,
        r#"{"type":"claim","id":"c2","text":"Kyiv"}"#,
    ])
    .into_bytes();
    let y = bytes.iter().rposition(|b| *b == b'y').unwrap();
    bytes[y] = 0xc0;
    let line3 = bytes.iter().rposition(|b| *b == b'\n').unwrap();
    let line3_start = bytes[..line3].iter().rposition(|b| *b == b'\n').unwrap() + 1;
    let (line, column, message) = at(Dataset::read_jsonl(bytes.as_slice()));
    assert_eq!((line, column), (3, y - line3_start + 1));
    assert_eq!(message, "invalid UTF-8");
}

#[test]
fn trailing_garbage_and_a_truncated_last_line() {
    let record = r#"{"type":"claim","id":"c1","text":"x"} x"#;
    let (line, column, message) = at(Dataset::from_jsonl(&lines(&[record])));
    assert_eq!(
        (line, column, message.as_str()),
        (2, record.len(), "trailing characters")
    );
    let cut = format!("{HEADER}\n{}", r#"{"type":"claim","id":"c1","te"#);
    let (line, column, message) = at(Dataset::from_jsonl(&cut));
    assert_eq!((line, message.as_str()), (2, "EOF while parsing a string"));
    assert_eq!(column, r#"{"type":"claim","id":"c1","te"#.len());
    // Two records on one line are one line with trailing characters.
    let two = r#"{"type":"claim","id":"c1","text":"x"}{"type":"claim","id":"c2","text":"y"}"#;
    let (line, column, _) = at(Dataset::from_jsonl(&lines(&[two])));
    assert_eq!((line, column), (2, two.find("}{").unwrap() + 2));
}

#[test]
fn the_reader_goes_on_after_a_bad_line() {
    let text = lines(&[
        r#"{"type":"claim","id":"c1","text":"x"}"#,
        r#"{"type":"claim","id":"c2","text":"y","bogus":1}"#,
        "not json at all",
        r#"{"type":"claim","id":"c3","text":"z"}"#,
    ]);
    let items: Vec<Result<Record, ReadError>> = JsonLines::new(text.as_bytes()).collect();
    assert_eq!(items.len(), 4);
    let id = |r: &Result<Record, ReadError>| r.as_ref().ok().map(|r| r.id().to_owned());
    let line = |r: &Result<Record, ReadError>| r.as_ref().err().and_then(ReadError::position);
    assert_eq!(id(&items[0]).as_deref(), Some("c1"));
    assert_eq!(line(&items[1]).map(|p| p.0), Some(3));
    // "n" could start `null`: the "o" after it is the first wrong byte.
    assert_eq!(line(&items[2]), Some((4, 2)));
    assert_eq!(id(&items[3]).as_deref(), Some("c3"));
    let mut reader = JsonLines::new(text.as_bytes());
    reader.by_ref().for_each(drop);
    assert_eq!(reader.line(), 5);
}

#[test]
fn the_generic_record_reader_accepts_any_key_order() {
    let tag_first: Record =
        serde_json::from_str(r#"{"type":"claim","id":"c1","text":"x"}"#).unwrap();
    let tag_last: Record =
        serde_json::from_str(r#"{"id":"c1","text":"x","type":"claim"}"#).unwrap();
    assert_eq!(tag_first, tag_last);
    assert_eq!(tag_first.id(), ClaimId::new("c1").unwrap().as_str());
    let dup = serde_json::from_str::<Record>(r#"{"id":"c1","text":"x","id":"c2","type":"claim"}"#);
    assert!(
        dup.unwrap_err()
            .to_string()
            .starts_with("duplicate field `id`")
    );
}

// ---------------------------------------------------------------- files

/// A file in a fresh directory of the system's temporary space, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        // Unique within the process too: tests run on several threads.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "claimgraph-core-read-{}-{n}-{}",
            std::process::id(),
            name.replace('.', "_")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn read_path_names_the_file_line_and_column() {
    let text = with_claim(r#"{"id": "c1", "text": "x", "bogus": 1}"#);
    let file = TempFile::new("plan.json", text.as_bytes());
    let err = Dataset::read_path(file.path()).unwrap_err();
    let column = after(&text, 4, r#""bogus""#);
    assert_eq!(
        err.to_string(),
        format!(
            "{}:4:{column}: unknown field `bogus`, expected one of `id`, `text`, `about`, `topic`, `extra`",
            file.path().display()
        )
    );
    assert!(matches!(&err, ReadError::Syntax { file: Some(f), .. } if f == file.path()));
}

/// A file of nothing but blank lines is no dataset, whatever its name:
/// refused at line 1, column 0, in the words every reader of a file uses.
/// A stream of them read as JSON Lines holds no records.
#[test]
fn read_path_refuses_a_file_of_nothing() {
    for text in ["", "\n", " \t\r\n\x0c\n", "\u{feff}", "\u{feff}\n\n"] {
        for name in ["e.json", "e.jsonl", "e"] {
            let file = TempFile::new(name, text.as_bytes());
            let err = Dataset::read_path(file.path()).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "{}:1:0: the file is empty; expected a claimgraph dataset \
                     (canonical JSON or JSON Lines)",
                    file.path().display()
                ),
                "{text:?} in {name}"
            );
        }
        assert!(Dataset::from_jsonl(text).unwrap().is_empty(), "{text:?}");
    }
}

#[test]
fn read_path_names_a_missing_file() {
    let missing = std::env::temp_dir().join("claimgraph-core-no-such-file.json");
    let err = Dataset::read_path(&missing).unwrap_err();
    assert!(matches!(err, ReadError::Io { .. }));
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", missing.display())),
        "{err}"
    );
    assert_eq!(err.position(), None);
}

#[test]
fn read_path_tells_json_lines_by_extension_and_by_content() {
    let records = lines(&[
        r#"{"type":"actor","id":"a","name":"A","kind":"state"}"#,
        r#"{"type":"claim","id":"c1","text":"x"}"#,
    ]);
    let expected = Dataset::from_jsonl(&records).unwrap();
    let canonical = expected.to_json();
    let no_header = records.split_once('\n').unwrap().1.to_owned();

    for (name, contents) in [
        ("corpus.jsonl", records.as_str()),
        ("corpus.NDJSON", records.as_str()),
        ("corpus", records.as_str()),
        ("corpus.txt", no_header.as_str()),
        ("corpus.data", &format!("\u{feff}\n\n{records}")),
        ("corpus.json", canonical.as_str()),
        ("dataset", canonical.as_str()),
        ("dataset.claimgraph", &expected.to_json().replace('\n', "")),
    ] {
        let file = TempFile::new(name, contents.as_bytes());
        assert_eq!(
            Dataset::read_path(file.path()).unwrap_or_else(|e| panic!("{name}: {e}")),
            expected,
            "{name}"
        );
    }

    // A `.json` name is canonical JSON whatever it holds.
    let file = TempFile::new("lines.json", records.as_bytes());
    let err = Dataset::read_path(file.path()).unwrap_err();
    assert_eq!(err.position(), Some((2, 1)), "{err}");
    assert!(err.to_string().contains("trailing characters"), "{err}");

    assert!(looks_like_jsonl(Path::new("x.jsonl"), b""));
    assert!(!looks_like_jsonl(Path::new("x.json"), records.as_bytes()));
    assert!(looks_like_jsonl(Path::new("x"), records.as_bytes()));
    assert!(!looks_like_jsonl(Path::new("x"), canonical.as_bytes()));
}

#[test]
fn read_path_reports_json_lines_errors_with_the_file_line() {
    let text = lines(&[
        r#"{"type":"claim","id":"c1","text":"x"}"#,
        r#"{"id":"c2","text":"y","topic":"war","type":"claim"}"#,
    ]);
    let file = TempFile::new("corpus.jsonl", text.as_bytes());
    let err = Dataset::read_path(file.path()).unwrap_err();
    let column = after(&text, 3, r#""war""#);
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:3:{column}: unknown variant `war`",
            file.path().display()
        )),
        "{shown}"
    );
}

// ---------------------------------------------------------------- never panics

mod mutations {
    use super::*;
    use proptest::prelude::*;

    const SEED: &str = r#"{"format":"claimgraph/1"}
{"type":"source","id":"s","title":"T","published":"2025-11-20","text":"Київ said no"}
{"type":"actor","id":"a","name":"A","kind":"state","external_ids":{"wikidata":"Q1"},"affiliations":[{"actor":"a","kind":"member","from":"2025-01-01T00:00:00+01:00"}]}
{"id":"q","speaker":"a","source":"s","text":"said","mode":"direct","span":{"start":9,"end":13},"type":"quote"}
{"type":"stance","id":"st","holder":"a","target":"a","position":"opposes","intensity":-0.5,"evidence":[{"quote":"q"}]}
"#;

    #[derive(Debug, Clone)]
    enum Edit {
        Replace(prop::sample::Index, u8),
        Insert(prop::sample::Index, u8),
        Delete(prop::sample::Index),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let byte = prop_oneof![
            prop::sample::select(b"{}[]\":,\\ \n\r\t0-9eE.tfnu\xef\xbb\xbf\xff\xc0".to_vec()),
            any::<u8>(),
        ];
        prop_oneof![
            (any::<prop::sample::Index>(), byte.clone()).prop_map(|(i, b)| Edit::Replace(i, b)),
            (any::<prop::sample::Index>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
            any::<prop::sample::Index>().prop_map(Edit::Delete),
        ]
    }

    fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
        for e in edits {
            match e {
                Edit::Replace(i, b) if !bytes.is_empty() => {
                    let i = i.index(bytes.len());
                    bytes[i] = *b;
                }
                Edit::Insert(i, b) => {
                    let i = i.index(bytes.len() + 1);
                    bytes.insert(i, *b);
                }
                Edit::Delete(i) if !bytes.is_empty() => {
                    let i = i.index(bytes.len());
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        bytes
    }

    fn check(result: Result<Dataset, ReadError>, lines: usize) -> Result<(), TestCaseError> {
        if let Err(e) = result {
            let (line, _) = e.position().unwrap_or((1, 1));
            prop_assert!((1..=lines.max(1)).contains(&line), "{e}");
            prop_assert!(!e.to_string().is_empty());
        }
        Ok(())
    }

    #[test]
    fn the_seed_reads_in_both_forms() {
        let ds = Dataset::from_jsonl(SEED).unwrap();
        assert_eq!(ds.len(), 4);
        assert_eq!(Dataset::from_json(&ds.to_json()).unwrap(), ds);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn mangled_json_lines_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
            let bytes = apply(SEED.as_bytes().to_vec(), &edits);
            let lines = bytes.split(|b| *b == b'\n').count();
            check(Dataset::read_jsonl(bytes.as_slice()), lines)?;
            for item in JsonLines::new(bytes.as_slice()) {
                check(item.map(|_| Dataset::new()), lines)?;
            }
        }

        #[test]
        fn mangled_json_never_panics(edits in prop::collection::vec(edit(), 1..6)) {
            let canonical = Dataset::from_jsonl(SEED).map(|d| d.to_json()).unwrap_or_default();
            let bytes = apply(canonical.into_bytes(), &edits);
            let lines = bytes.split(|b| *b == b'\n').count();
            check(Dataset::from_json_slice(&bytes), lines)?;
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let lines = bytes.split(|b| *b == b'\n').count();
            check(Dataset::from_json_slice(&bytes), lines)?;
            check(Dataset::read_jsonl(bytes.as_slice()), lines)?;
        }
    }
}

/// One function decides JSON or JSON Lines for every reader, with a byte
/// order mark and blank lines before the first record.
#[test]
fn sniff_skips_a_bom_and_blank_lines_and_keeps_every_byte() {
    use claimgraph_core::{FileFormat, sniff};
    use std::io::Read;
    let record = "{\"type\":\"claim\",\"id\":\"c\",\"text\":\"t\"}\n";
    for (text, format, empty) in [
        (
            format!("\u{feff}\n  \n{record}"),
            FileFormat::JsonLines,
            false,
        ),
        (format!("\u{feff}{record}"), FileFormat::JsonLines, false),
        (
            "\u{feff}\n{\"format\":\"claimgraph/1\"}\n".to_owned(),
            FileFormat::JsonLines,
            false,
        ),
        ("\u{feff}\n\n".to_owned(), FileFormat::Json, true),
        ("".to_owned(), FileFormat::Json, true),
        (
            "{\n \"format\": \"claimgraph/1\"\n}\n".to_owned(),
            FileFormat::Json,
            false,
        ),
    ] {
        let mut input = text.as_bytes();
        let found = sniff(Path::new("-"), &mut input).unwrap();
        assert_eq!((found.format, found.empty), (format, empty), "{text:?}");
        let mut all = found.head.clone();
        input.read_to_end(&mut all).unwrap();
        assert_eq!(all, text.as_bytes());
    }
    // The name decides first.
    let mut input = record.as_bytes();
    assert_eq!(
        sniff(Path::new("x.json"), &mut input).unwrap().format,
        FileFormat::Json
    );
    // And the file reader agrees, BOM and blank line included.
    let file = TempFile::new("bom.data", format!("\u{feff}\n{record}").as_bytes());
    assert_eq!(Dataset::read_path(file.path()).unwrap().claims().len(), 1);
}
