//! The `tests/bad-input/` suite: one small file per class of
//! malformed or hostile input, run through `validate`, `show` and `network`
//! and checked for its exit status and for the line, column, record and field
//! its message names. `tests/bad-input/README.md` says what each file holds.
//!
//! Every run, whatever its row, must also end within [`TIMEOUT`], print no
//! raw control character other than a newline (an escape sequence in a file
//! must not reach the user's terminal) and no line of [`MAX_LINE`] bytes or
//! more (a huge value must be clipped where a message quotes it).
//!
//! Rows named in [`IN_FLIGHT`] state what is demanded of a fix not yet
//! landed: they are run and reported, but do not fail the test.

use std::fs;
use std::path::{Path, PathBuf};

mod support;
use support::{MEMORY_KB, Run, TIMEOUT, claimgraph};

/// One run: `claimgraph ARGS FILE`, in the directory that holds FILE.
struct Row {
    /// The command and its options; the file is appended.
    args: &'static [&'static str],
    /// A file in `tests/bad-input/`, or one of [`GENERATED`].
    file: &'static str,
    /// The exit statuses allowed.
    exit: &'static [i32],
    /// What standard output and standard error, together, must contain:
    /// `validate` reports on standard output, the other commands on
    /// standard error.
    has: &'static [&'static str],
    /// What they must not contain.
    lacks: &'static [&'static str],
}

impl Row {
    /// How the row is named in reports and in [`IN_FLIGHT`].
    fn name(&self) -> String {
        format!("{} {}", self.args.join(" "), self.file)
    }
}

/// A row allowing one exit status and forbidding nothing.
const fn row(
    args: &'static [&'static str],
    file: &'static str,
    exit: i32,
    has: &'static [&'static str],
) -> Row {
    Row {
        args,
        file,
        exit: match exit {
            0 => &[0],
            1 => &[1],
            2 => &[2],
            _ => panic!("claimgraph exits 0, 1 or 2"),
        },
        has,
        lacks: &[],
    }
}

const VALIDATE: &[&str] = &["validate"];
const SHOW: &[&str] = &["show"];
const NETWORK: &[&str] = &["network"];

/// Rows that state what a fix not yet landed must do: run and reported,
/// but not failing the test. Remove a row once it passes; the test says
/// which ones do.
const IN_FLIGHT: &[&str] = &[];

/// No line of output may be this long.
const MAX_LINE: usize = 2_000;

/// Makes the bytes of a generated input.
type Make = fn() -> Vec<u8>;

/// Files too big to commit, written into a temporary directory.
const GENERATED: &[(&str, Make)] = &[
    ("long-line-20mb.jsonl", long_line),
    ("long-string-20mb.json", long_string),
    ("long-id-100kb.jsonl", long_id),
    ("long-values-100kb.jsonl", long_values),
];

const MB20: usize = 20 << 20;
const KB100: usize = 100_000;

/// Lines 1–7 of most JSON Lines files in the suite: a valid dataset whose
/// network is one edge, `trump,ukraine`.
const BASE: &str = r#"{"format":"claimgraph/1"}
{"type":"source","id":"wsj","title":"Peace plan","published":"2025-11-20","text":"Trump supports the plan. Київ agrees."}
{"type":"actor","id":"trump","name":"Donald Trump","kind":"person"}
{"type":"actor","id":"ukraine","name":"Ukraine","kind":"state"}
{"type":"proposal","id":"plan","title":"Plan","date":"2025-11-20"}
{"type":"stance","id":"s-trump","holder":"trump","target":"plan","position":"supports","evidence":[{"source":"wsj"}]}
{"type":"stance","id":"s-ukraine","holder":"ukraine","target":"plan","position":"supports","evidence":[{"source":"wsj"}]}
"#;

/// A header, then a claim whose line runs on for 20 MB without a newline.
fn long_line() -> Vec<u8> {
    let mut v = br#"{"format":"claimgraph/1"}
{"type":"claim","id":"c1","text":""#
        .to_vec();
    v.resize(v.len() + MB20, b'x');
    v
}

/// Canonical JSON on one line, with a 20 MB string and no end.
fn long_string() -> Vec<u8> {
    let mut v = br#"{"format":"claimgraph/1","claims":[{"id":"c1","text":""#.to_vec();
    v.resize(v.len() + MB20, b'x');
    v
}

/// An actor whose id is 100,000 bytes, on line 8.
fn long_id() -> Vec<u8> {
    let id = "x".repeat(KB100);
    format!("{BASE}{{\"type\":\"actor\",\"id\":\"{id}\",\"name\":\"X\",\"kind\":\"person\"}}\n")
        .into_bytes()
}

/// 100,000-byte values where validation quotes them: a language and a
/// source text (line 8), a country and a Wikidata id (line 9), a span whose
/// text is not the quote's (line 10) and a label two points share (lines
/// 11 and 12).
fn long_values() -> Vec<u8> {
    let long = "z".repeat(KB100);
    let text = "t".repeat(KB100);
    let lines = [
        format!(
            r#"{{"type":"source","id":"nyt","title":"Long","language":"{long}","text":"{text}"}}"#
        ),
        format!(
            r#"{{"type":"actor","id":"eu","name":"EU","kind":"organisation","country":"{long}","external_ids":{{"wikidata":"{long}"}}}}"#
        ),
        format!(
            r#"{{"type":"quote","id":"q-long","speaker":"trump","text":"not this","mode":"direct","source":"nyt","span":{{"start":0,"end":{KB100}}}}}"#
        ),
        format!(
            r#"{{"type":"proposal","id":"p1","title":"One","part_of":"plan","label":"{long}"}}"#
        ),
        format!(
            r#"{{"type":"proposal","id":"p2","title":"Two","part_of":"plan","label":"{long}"}}"#
        ),
    ];
    format!("{BASE}{}\n", lines.join("\n")).into_bytes()
}

/// The table: one row a run, grouped as in `tests/bad-input/README.md`.
#[rustfmt::skip]
const ROWS: &[Row] = &[
    // ---- The whole file ----
    row(VALIDATE, "empty.jsonl", 1, &["empty.jsonl:1: error: the file is empty"]),
    row(SHOW, "empty.jsonl", 1, &["empty.jsonl:1: error: the file is empty"]),
    row(NETWORK, "empty.jsonl", 1, &["empty.jsonl:1: error: the file is empty"]),
    row(VALIDATE, "empty.json", 1, &["empty.json:1: error: the file is empty"]),
    row(SHOW, "empty.json", 1, &["empty.json:1: error: the file is empty"]),
    row(NETWORK, "empty.json", 1, &["empty.json:1: error: the file is empty"]),
    row(VALIDATE, "whitespace-only.jsonl", 1, &["whitespace-only.jsonl:1: error: the file is empty"]),
    row(SHOW, "whitespace-only.jsonl", 1, &["whitespace-only.jsonl:1: error: the file is empty"]),
    row(NETWORK, "whitespace-only.jsonl", 1, &["whitespace-only.jsonl:1: error: the file is empty"]),
    row(VALIDATE, "bom-blank-lines.jsonl", 1, &["bom-blank-lines.jsonl:11:93: error: unknown field `bogus`"]),
    row(SHOW, "bom-blank-lines.jsonl", 1, &["bom-blank-lines.jsonl:11:93: error: unknown field `bogus`"]),
    row(NETWORK, "bom-blank-lines.jsonl", 1, &["bom-blank-lines.jsonl:11:93: error: unknown field `bogus`"]),
    row(VALIDATE, "bom-first-line.json", 1, &["bom-first-line.json:1:25: error: unsupported format \"claimgraph/2\""]),
    row(SHOW, "bom-first-line.json", 1, &["bom-first-line.json:1:25: error: unsupported format \"claimgraph/2\""]),
    row(NETWORK, "bom-first-line.json", 1, &["bom-first-line.json:1:25: error: unsupported format \"claimgraph/2\""]),
    row(VALIDATE, "truncated.json", 1, &["truncated.json:4:38: error: EOF while parsing a string"]),
    row(SHOW, "truncated.json", 1, &["truncated.json:4:38: error: EOF while parsing a string"]),
    row(NETWORK, "truncated.json", 1, &["truncated.json:4:38: error: EOF while parsing a string"]),
    row(VALIDATE, "truncated.jsonl", 1, &["truncated.jsonl:8:61: error: EOF while parsing a string"]),
    row(SHOW, "truncated.jsonl", 1, &["truncated.jsonl:8:61: error: EOF while parsing a string"]),
    row(NETWORK, "truncated.jsonl", 1, &["truncated.jsonl:8:61: error: EOF while parsing a string"]),
    row(VALIDATE, "trailing-garbage.json", 1, &["trailing-garbage.json:4:3: error: trailing characters"]),
    row(SHOW, "trailing-garbage.json", 1, &["trailing-garbage.json:4:3: error: trailing characters"]),
    row(NETWORK, "trailing-garbage.json", 1, &["trailing-garbage.json:4:3: error: trailing characters"]),
    row(VALIDATE, "trailing-garbage.jsonl", 1, &["trailing-garbage.jsonl:8:118: error: trailing characters"]),
    row(SHOW, "trailing-garbage.jsonl", 1, &["trailing-garbage.jsonl:8:118: error: trailing characters"]),
    row(NETWORK, "trailing-garbage.jsonl", 1, &["trailing-garbage.jsonl:8:118: error: trailing characters"]),
    row(VALIDATE, "not-an-object.json", 1, &["not-an-object.json:1: error: invalid type: sequence"]),
    row(SHOW, "not-an-object.json", 1, &["not-an-object.json:1: error: invalid type: sequence"]),
    row(NETWORK, "not-an-object.json", 1, &["not-an-object.json:1: error: invalid type: sequence"]),
    row(VALIDATE, "not-an-object.jsonl", 1, &["not-an-object.jsonl:8: error: invalid type: sequence"]),
    row(SHOW, "not-an-object.jsonl", 1, &["not-an-object.jsonl:8: error: invalid type: sequence"]),
    row(NETWORK, "not-an-object.jsonl", 1, &["not-an-object.jsonl:8: error: invalid type: sequence"]),
    row(VALIDATE, "invalid-utf8.json", 1, &["invalid-utf8.json:3:39: error: invalid unicode code point"]),
    row(SHOW, "invalid-utf8.json", 1, &["invalid-utf8.json:3:39: error: invalid unicode code point"]),
    row(NETWORK, "invalid-utf8.json", 1, &["invalid-utf8.json:3:39: error: invalid unicode code point"]),
    row(VALIDATE, "invalid-utf8.jsonl", 1, &["invalid-utf8.jsonl:8:38: error: invalid UTF-8"]),
    row(SHOW, "invalid-utf8.jsonl", 1, &["invalid-utf8.jsonl:8:38: error: invalid UTF-8"]),
    row(NETWORK, "invalid-utf8.jsonl", 1, &["invalid-utf8.jsonl:8:38: error: invalid UTF-8"]),
    row(VALIDATE, "crlf.jsonl", 0, &["valid: 8 records, 0 warnings"]),
    row(SHOW, "crlf.jsonl", 0, &["crlf.jsonl: 8 records"]),
    row(NETWORK, "crlf.jsonl", 0, &["trump,ukraine,2"]),
    row(VALIDATE, "crlf.json", 0, &["valid: 6 records, 0 warnings"]),
    row(SHOW, "crlf.json", 0, &["crlf.json: 6 records"]),
    row(NETWORK, "crlf.json", 0, &["trump,ukraine,1"]),
    // ---- The header ----
    row(VALIDATE, "wrong-format.json", 1, &["wrong-format.json:2:26: error: unsupported format \"claimgraph/2\""]),
    row(SHOW, "wrong-format.json", 1, &["wrong-format.json:2:26: error: unsupported format \"claimgraph/2\""]),
    row(NETWORK, "wrong-format.json", 1, &["wrong-format.json:2:26: error: unsupported format \"claimgraph/2\""]),
    row(VALIDATE, "wrong-format.jsonl", 1, &["wrong-format.jsonl:1:24: error: unsupported format \"claimgraph/2\""]),
    row(SHOW, "wrong-format.jsonl", 1, &["wrong-format.jsonl:1:24: error: unsupported format \"claimgraph/2\""]),
    row(NETWORK, "wrong-format.jsonl", 1, &["wrong-format.jsonl:1:24: error: unsupported format \"claimgraph/2\""]),
    row(VALIDATE, "late-header.jsonl", 1, &["late-header.jsonl:3:1: error: the format header must be the first line"]),
    row(SHOW, "late-header.jsonl", 1, &["late-header.jsonl:3:1: error: the format header must be the first line"]),
    row(NETWORK, "late-header.jsonl", 1, &["late-header.jsonl:3:1: error: the format header must be the first line"]),
    row(VALIDATE, "repeated-header.jsonl", 1, &["repeated-header.jsonl:2:1: error: the format header must be the first line"]),
    row(SHOW, "repeated-header.jsonl", 1, &["repeated-header.jsonl:2:1: error: the format header must be the first line"]),
    row(NETWORK, "repeated-header.jsonl", 1, &["repeated-header.jsonl:2:1: error: the format header must be the first line"]),
    row(VALIDATE, "header-extra-key.jsonl", 1, &["header-extra-key.jsonl:1:34: error: unknown field `records`"]),
    row(SHOW, "header-extra-key.jsonl", 1, &["header-extra-key.jsonl:1:34: error: unknown field `records`"]),
    row(NETWORK, "header-extra-key.jsonl", 1, &["header-extra-key.jsonl:1:34: error: unknown field `records`"]),
    // ---- Keys, fields and values as read ----
    row(VALIDATE, "unknown-field-top.json", 1, &["unknown-field-top.json:4:12: error: unknown field `speeches`"]),
    row(SHOW, "unknown-field-top.json", 1, &["unknown-field-top.json:4:12: error: unknown field `speeches`"]),
    row(NETWORK, "unknown-field-top.json", 1, &["unknown-field-top.json:4:12: error: unknown field `speeches`"]),
    row(VALIDATE, "unknown-field-nested.json", 1, &["unknown-field-nested.json:6:61: error: unknown field `since`"]),
    row(SHOW, "unknown-field-nested.json", 1, &["unknown-field-nested.json:6:61: error: unknown field `since`"]),
    row(NETWORK, "unknown-field-nested.json", 1, &["unknown-field-nested.json:6:61: error: unknown field `since`"]),
    row(VALIDATE, "unknown-field-record.jsonl", 1, &["unknown-field-record.jsonl:8:93: error: unknown field `bogus`"]),
    row(SHOW, "unknown-field-record.jsonl", 1, &["unknown-field-record.jsonl:8:93: error: unknown field `bogus`"]),
    row(NETWORK, "unknown-field-record.jsonl", 1, &["unknown-field-record.jsonl:8:93: error: unknown field `bogus`"]),
    row(VALIDATE, "unknown-field-evidence.jsonl", 1, &["unknown-field-evidence.jsonl:8:120: error: unknown field `page`"]),
    row(SHOW, "unknown-field-evidence.jsonl", 1, &["unknown-field-evidence.jsonl:8:120: error: unknown field `page`"]),
    row(NETWORK, "unknown-field-evidence.jsonl", 1, &["unknown-field-evidence.jsonl:8:120: error: unknown field `page`"]),
    row(VALIDATE, "duplicate-key.json", 1, &["duplicate-key.json:4:43: error: duplicate field `title`"]),
    row(SHOW, "duplicate-key.json", 1, &["duplicate-key.json:4:43: error: duplicate field `title`"]),
    row(NETWORK, "duplicate-key.json", 1, &["duplicate-key.json:4:43: error: duplicate field `title`"]),
    row(VALIDATE, "duplicate-key.jsonl", 1, &["duplicate-key.jsonl:8:96: error: duplicate field `position`"]),
    row(SHOW, "duplicate-key.jsonl", 1, &["duplicate-key.jsonl:8:96: error: duplicate field `position`"]),
    row(NETWORK, "duplicate-key.jsonl", 1, &["duplicate-key.jsonl:8:96: error: duplicate field `position`"]),
    row(VALIDATE, "duplicate-key-external-ids.jsonl", 1, &["duplicate-key-external-ids.jsonl:8:116: error: duplicate key `wikidata`"]),
    row(SHOW, "duplicate-key-external-ids.jsonl", 1, &["duplicate-key-external-ids.jsonl:8:116: error: duplicate key `wikidata`"]),
    row(NETWORK, "duplicate-key-external-ids.jsonl", 1, &["duplicate-key-external-ids.jsonl:8:116: error: duplicate key `wikidata`"]),
    row(VALIDATE, "duplicate-type.jsonl", 1, &["duplicate-type.jsonl:8:92: error: duplicate field `type`"]),
    row(SHOW, "duplicate-type.jsonl", 1, &["duplicate-type.jsonl:8:92: error: duplicate field `type`"]),
    row(NETWORK, "duplicate-type.jsonl", 1, &["duplicate-type.jsonl:8:92: error: duplicate field `type`"]),
    row(VALIDATE, "missing-type.jsonl", 1, &["missing-type.jsonl:8:100: error: missing field `type`"]),
    row(SHOW, "missing-type.jsonl", 1, &["missing-type.jsonl:8:100: error: missing field `type`"]),
    row(NETWORK, "missing-type.jsonl", 1, &["missing-type.jsonl:8:100: error: missing field `type`"]),
    row(VALIDATE, "missing-field.jsonl", 1, &["missing-field.jsonl:8:95: error: missing field `position`"]),
    row(SHOW, "missing-field.jsonl", 1, &["missing-field.jsonl:8:95: error: missing field `position`"]),
    row(NETWORK, "missing-field.jsonl", 1, &["missing-field.jsonl:8:95: error: missing field `position`"]),
    row(VALIDATE, "bad-vocabulary.jsonl", 1, &["bad-vocabulary.jsonl:8:85: error: unknown variant `favours`"]),
    row(SHOW, "bad-vocabulary.jsonl", 1, &["bad-vocabulary.jsonl:8:85: error: unknown variant `favours`"]),
    row(NETWORK, "bad-vocabulary.jsonl", 1, &["bad-vocabulary.jsonl:8:85: error: unknown variant `favours`"]),
    row(VALIDATE, "wrong-json-type.jsonl", 1, &["wrong-json-type.jsonl:8:104: error: invalid type: string \"high\""]),
    row(SHOW, "wrong-json-type.jsonl", 1, &["wrong-json-type.jsonl:8:104: error: invalid type: string \"high\""]),
    row(NETWORK, "wrong-json-type.jsonl", 1, &["wrong-json-type.jsonl:8:104: error: invalid type: string \"high\""]),
    row(VALIDATE, "null-list.jsonl", 1, &["null-list.jsonl:8:103: error: invalid type: null, expected a sequence"]),
    row(SHOW, "null-list.jsonl", 1, &["null-list.jsonl:8:103: error: invalid type: null, expected a sequence"]),
    row(NETWORK, "null-list.jsonl", 1, &["null-list.jsonl:8:103: error: invalid type: null, expected a sequence"]),
    row(VALIDATE, "too-deep.jsonl", 1, &["too-deep.jsonl:8:121: error: values are nested more than 64 deep", "--max-depth"]),
    row(SHOW, "too-deep.jsonl", 1, &["too-deep.jsonl:8:121: error: values are nested more than 64 deep", "--max-depth"]),
    row(NETWORK, "too-deep.jsonl", 1, &["too-deep.jsonl:8:121: error: values are nested more than 64 deep", "--max-depth"]),
    row(VALIDATE, "too-deep.json", 1, &["too-deep.json:4:114: error: values are nested more than 64 deep", "--max-depth"]),
    row(SHOW, "too-deep.json", 1, &["too-deep.json:4:114: error: values are nested more than 64 deep", "--max-depth"]),
    row(NETWORK, "too-deep.json", 1, &["too-deep.json:4:114: error: values are nested more than 64 deep", "--max-depth"]),
    // ---- Ids ----
    row(VALIDATE, "id-control-character.jsonl", 1, &["id-control-character.jsonl:8:31: error: invalid id \"eu\\0\""]),
    row(SHOW, "id-control-character.jsonl", 1, &["id-control-character.jsonl:8:31: error: invalid id \"eu\\0\""]),
    row(NETWORK, "id-control-character.jsonl", 1, &["id-control-character.jsonl:8:31: error: invalid id \"eu\\0\""]),
    row(VALIDATE, "id-surrounding-space.jsonl", 1, &["id-surrounding-space.jsonl:8:38: error: invalid id \" us-government \""]),
    row(SHOW, "id-surrounding-space.jsonl", 1, &["id-surrounding-space.jsonl:8:38: error: invalid id \" us-government \""]),
    Row {
        lacks: &["names no"],
        ..row(NETWORK, "id-surrounding-space.jsonl", 1, &["id-surrounding-space.jsonl:8:38: error: invalid id \" us-government \""])
    },
    row(VALIDATE, "id-too-long.jsonl", 1, &["id-too-long.jsonl:8:624: error: invalid id", "(600 bytes)"]),
    row(SHOW, "id-too-long.jsonl", 1, &["id-too-long.jsonl:8:624: error: invalid id", "(600 bytes)"]),
    row(NETWORK, "id-too-long.jsonl", 1, &["id-too-long.jsonl:8:624: error: invalid id", "(600 bytes)"]),
    row(VALIDATE, "hostile-escapes-id.jsonl", 1, &[
        "hostile-escapes-id.jsonl:8:37: error: invalid id \"evil\\u{1b}[31m\"",
        "hostile-escapes-id.jsonl:9:81: error: invalid id \"x\\u{1b}]0;pwned\\u{7}\"",
    ]),
    row(SHOW, "hostile-escapes-id.jsonl", 1, &[
        "hostile-escapes-id.jsonl:8:37: error: invalid id \"evil\\u{1b}[31m\"",
        "hostile-escapes-id.jsonl:9:81: error: invalid id \"x\\u{1b}]0;pwned\\u{7}\"",
    ]),
    row(NETWORK, "hostile-escapes-id.jsonl", 1, &["hostile-escapes-id.jsonl:8:37: error: invalid id \"evil\\u{1b}[31m\""]),
    row(VALIDATE, "hostile-escapes-names.jsonl", 1, &[
        "hostile-escapes-names.jsonl: error: stance `s-bad`, field `target`: `nowhere` names no record",
        "hostile-escapes-names.jsonl: warning: actor `kremlin`, field `id`: `kremlin-2` is probably the same actor",
    ]),
    row(SHOW, "hostile-escapes-names.jsonl", 0, &["\\u{1b}[31mPoint"]),
    row(NETWORK, "hostile-escapes-names.jsonl", 1, &["hostile-escapes-names.jsonl:11: error: stance `s-bad`, field `target`: `nowhere` names no record"]),
    // ---- Numbers and dates ----
    row(VALIDATE, "date-impossible.jsonl", 1, &["date-impossible.jsonl:8:106: error: invalid date \"2025-02-30\""]),
    row(SHOW, "date-impossible.jsonl", 1, &["date-impossible.jsonl:8:106: error: invalid date \"2025-02-30\""]),
    row(NETWORK, "date-impossible.jsonl", 1, &["date-impossible.jsonl:8:106: error: invalid date \"2025-02-30\""]),
    row(VALIDATE, "date-bad-month.jsonl", 1, &["date-bad-month.jsonl:8:103: error: invalid date \"2025-13\""]),
    row(SHOW, "date-bad-month.jsonl", 1, &["date-bad-month.jsonl:8:103: error: invalid date \"2025-13\""]),
    row(NETWORK, "date-bad-month.jsonl", 1, &["date-bad-month.jsonl:8:103: error: invalid date \"2025-13\""]),
    row(VALIDATE, "date-leap-second.jsonl", 1, &["date-leap-second.jsonl:8:116: error: invalid date \"2025-11-20T12:34:60Z\"", "leap second"]),
    row(SHOW, "date-leap-second.jsonl", 1, &["date-leap-second.jsonl:8:116: error: invalid date \"2025-11-20T12:34:60Z\"", "leap second"]),
    row(NETWORK, "date-leap-second.jsonl", 1, &["date-leap-second.jsonl:8:116: error: invalid date \"2025-11-20T12:34:60Z\"", "leap second"]),
    row(VALIDATE, "date-too-precise.jsonl", 1, &["date-too-precise.jsonl:8:127: error: invalid date", "10 fractional digits"]),
    row(SHOW, "date-too-precise.jsonl", 1, &["date-too-precise.jsonl:8:127: error: invalid date", "10 fractional digits"]),
    row(NETWORK, "date-too-precise.jsonl", 1, &["date-too-precise.jsonl:8:127: error: invalid date", "10 fractional digits"]),
    row(VALIDATE, "intensity-1.5.jsonl", 1, &["intensity-1.5.jsonl: error: stance `s-bad`, field `intensity`: 1.5 is outside -1..=1"]),
    row(SHOW, "intensity-1.5.jsonl", 0, &[]),
    row(NETWORK, "intensity-1.5.jsonl", 1, &["intensity-1.5.jsonl:8: error: stance `s-bad`, field `intensity`: 1.5 is outside -1..=1"]),
    row(VALIDATE, "intensity-1e400.jsonl", 1, &["intensity-1e400.jsonl:8:103: error: number out of range"]),
    row(SHOW, "intensity-1e400.jsonl", 1, &["intensity-1e400.jsonl:8:103: error: number out of range"]),
    row(NETWORK, "intensity-1e400.jsonl", 1, &["intensity-1e400.jsonl:8:103: error: number out of range"]),
    row(VALIDATE, "confidence-negative.jsonl", 1, &["confidence-negative.jsonl: error: stance `s-bad`, field `confidence`: -0.1 is outside 0..=1"]),
    row(SHOW, "confidence-negative.jsonl", 0, &[]),
    row(NETWORK, "confidence-negative.jsonl", 1, &["confidence-negative.jsonl:8: error: stance `s-bad`, field `confidence`: -0.1 is outside 0..=1"]),
    row(VALIDATE, "quantity-between-without-max.jsonl", 1, &["quantity-between-without-max.jsonl: error: proposal `p1`, field `quantities[0].max`", "`between` needs a `max`"]),
    row(SHOW, "quantity-between-without-max.jsonl", 0, &[]),
    row(NETWORK, "quantity-between-without-max.jsonl", 1, &["quantity-between-without-max.jsonl:8: error: proposal `p1`, field `quantities[0].max`"]),
    row(VALIDATE, "deadline-before-date.jsonl", 1, &["deadline-before-date.jsonl: error: proposal `p2`, field `date`: date 2025-11-20 is after deadline 2025-10"]),
    row(SHOW, "deadline-before-date.jsonl", 0, &[]),
    row(NETWORK, "deadline-before-date.jsonl", 1, &["deadline-before-date.jsonl:8: error: proposal `p2`, field `date`"]),
    row(VALIDATE, "quote-after-source.jsonl", 1, &["quote-after-source.jsonl: error: quote `q1`, field `date`: date 2025-12 is after source.published 2025-11-20"]),
    row(SHOW, "quote-after-source.jsonl", 0, &[]),
    row(VALIDATE, "affiliation-dates-reversed.jsonl", 1, &["affiliation-dates-reversed.jsonl: error: actor `kallas`, field `affiliations[0].from`: affiliations[0].from 2025-01 is after affiliations[0].until 2024-12-31"]),
    row(SHOW, "affiliation-dates-reversed.jsonl", 0, &[]),
    row(NETWORK, "affiliation-dates-reversed.jsonl", 1, &["affiliation-dates-reversed.jsonl:8: error: actor `kallas`, field `affiliations[0].from`"]),
    // ---- Records that do not fit together ----
    row(VALIDATE, "duplicate-id-same-kind.jsonl", 1, &["duplicate-id-same-kind.jsonl: error: actor `trump`, field `id`: id is already used by an earlier actor"]),
    row(SHOW, "duplicate-id-same-kind.jsonl", 0, &[]),
    row(VALIDATE, "duplicate-id-two-kinds.jsonl", 1, &["duplicate-id-two-kinds.jsonl: error: claim `ukraine`, field `id`: id is already used by an earlier actor"]),
    row(SHOW, "duplicate-id-two-kinds.jsonl", 0, &[]),
    row(VALIDATE, "dangling-holder.jsonl", 1, &["dangling-holder.jsonl: error: stance `s-bad`, field `holder`: `nobody` names no record (expected an actor)"]),
    row(SHOW, "dangling-holder.jsonl", 0, &[]),
    row(NETWORK, "dangling-holder.jsonl", 1, &["dangling-holder.jsonl:8: error: stance `s-bad`, field `holder`: `nobody` names no record (expected an actor)"]),
    row(VALIDATE, "dangling-target.jsonl", 1, &["dangling-target.jsonl: error: stance `s-bad`, field `target`: `plan-29` names no record"]),
    row(SHOW, "dangling-target.jsonl", 0, &[]),
    row(NETWORK, "dangling-target.jsonl", 1, &["dangling-target.jsonl:8: error: stance `s-bad`, field `target`: `plan-29` names no record"]),
    row(VALIDATE, "dangling-quote.jsonl", 1, &["dangling-quote.jsonl: error: stance `s-bad`, field `evidence[1].quote`: `q-missing` names no record (expected a quote)"]),
    row(SHOW, "dangling-quote.jsonl", 0, &[]),
    row(NETWORK, "dangling-quote.jsonl", 1, &["dangling-quote.jsonl:8: error: stance `s-bad`, field `evidence[1].quote`: `q-missing` names no record (expected a quote)"]),
    row(VALIDATE, "dangling-evidence-source.jsonl", 1, &["dangling-evidence-source.jsonl: error: stance `s-bad`, field `evidence[0].source`: `reuters` names no record (expected a source)"]),
    row(SHOW, "dangling-evidence-source.jsonl", 0, &[]),
    row(NETWORK, "dangling-evidence-source.jsonl", 1, &["dangling-evidence-source.jsonl:8: error: stance `s-bad`, field `evidence[0].source`: `reuters` names no record (expected a source)"]),
    row(VALIDATE, "dangling-source.jsonl", 1, &["dangling-source.jsonl: error: quote `q1`, field `source`: `nyt` names no record (expected a source)"]),
    row(SHOW, "dangling-source.jsonl", 0, &[]),
    row(NETWORK, "dangling-source.jsonl", 1, &["dangling-source.jsonl:8: error: quote `q1`, field `source`: `nyt` names no record (expected a source)"]),
    row(VALIDATE, "dangling-part-of.jsonl", 1, &["dangling-part-of.jsonl: error: proposal `p7`, field `part_of`: `plan-29` names no record (expected a proposal)"]),
    row(SHOW, "dangling-part-of.jsonl", 0, &[]),
    row(VALIDATE, "dangling-answers.jsonl", 1, &["dangling-answers.jsonl: error: proposal `plan-e3`, field `answers`: `plan-27` names no record (expected a proposal)"]),
    row(SHOW, "dangling-answers.jsonl", 0, &[]),
    row(VALIDATE, "dangling-same-as.jsonl", 1, &["dangling-same-as.jsonl: error: same_as `same-1`, field `b`: `donald` names no record"]),
    row(SHOW, "dangling-same-as.jsonl", 0, &[]),
    row(VALIDATE, "wrong-kind.jsonl", 1, &["wrong-kind.jsonl: error: stance `s-bad`, field `holder`: `plan` is a proposal, but this field takes an actor"]),
    row(SHOW, "wrong-kind.jsonl", 0, &[]),
    row(NETWORK, "wrong-kind.jsonl", 1, &["wrong-kind.jsonl:8: error: stance `s-bad`, field `holder`: `plan` is a proposal, but this field takes an actor"]),
    row(VALIDATE, "wrong-kind-same-as.jsonl", 1, &["wrong-kind-same-as.jsonl: error: same_as `same-1`, field `b`: `plan` is a proposal, but this field takes an actor"]),
    row(SHOW, "wrong-kind-same-as.jsonl", 0, &[]),
    row(VALIDATE, "self-reference.jsonl", 1, &["self-reference.jsonl: error: stance `s-bad`, field `target`: points at the record itself"]),
    row(SHOW, "self-reference.jsonl", 0, &[]),
    row(NETWORK, "self-reference.jsonl", 1, &["self-reference.jsonl:8: error: stance `s-bad`, field `target`: points at the record itself"]),
    row(VALIDATE, "cycle-part-of.jsonl", 1, &["cycle-part-of.jsonl: error: proposal `p1`, field `part_of`: cycle: p1 -> p3 -> p2 -> p1"]),
    row(SHOW, "cycle-part-of.jsonl", 0, &[]),
    row(VALIDATE, "cycle-supersedes.jsonl", 1, &["cycle-supersedes.jsonl: error: proposal `v1`, field `supersedes`: cycle: v1 -> v2 -> v1"]),
    row(SHOW, "cycle-supersedes.jsonl", 0, &[]),
    row(VALIDATE, "cycle-affiliations.jsonl", 1, &["cycle-affiliations.jsonl: error: actor `a`, field `affiliations`: cycle: a -> b -> a"]),
    row(SHOW, "cycle-affiliations.jsonl", 0, &[]),
    row(VALIDATE, "judged-both-ways.jsonl", 1, &["judged-both-ways.jsonl: error: same_as `j3`, field `judgement`: judges `russia` and `moscow-gov` different"]),
    row(SHOW, "judged-both-ways.jsonl", 0, &[]),
    row(VALIDATE, "duplicate-label.jsonl", 1, &["duplicate-label.jsonl: error: proposal `p2`, field `label`: label \" point 7\" is also used by point `p1`"]),
    row(SHOW, "duplicate-label.jsonl", 0, &[]),
    row(VALIDATE, "empty-evidence.jsonl", 1, &["empty-evidence.jsonl: error: stance `s-bad`, field `evidence[1]`: evidence names neither a quote nor a source"]),
    row(SHOW, "empty-evidence.jsonl", 0, &[]),
    row(NETWORK, "empty-evidence.jsonl", 1, &["empty-evidence.jsonl:8: error: stance `s-bad`, field `evidence[1]`"]),
    row(VALIDATE, "empty-text.jsonl", 1, &["empty-text.jsonl: error: proposal `p2`, field `title`: must not be empty"]),
    row(SHOW, "empty-text.jsonl", 0, &[]),
    row(NETWORK, "empty-text.jsonl", 1, &["empty-text.jsonl:8: error: proposal `p2`, field `title`"]),
    row(VALIDATE, "bad-country.jsonl", 1, &["bad-country.jsonl: error: actor `eu`, field `country`: \"EUROPE\" is not an ISO 3166-1 alpha-3 country code"]),
    row(SHOW, "bad-country.jsonl", 0, &[]),
    row(NETWORK, "bad-country.jsonl", 1, &["bad-country.jsonl:8: error: actor `eu`, field `country`"]),
    row(VALIDATE, "bad-language.jsonl", 1, &["bad-language.jsonl: error: source `nyt`, field `language`: \"english!\" is not a BCP 47 language tag"]),
    row(SHOW, "bad-language.jsonl", 0, &[]),
    row(NETWORK, "bad-language.jsonl", 1, &["bad-language.jsonl:8: error: source `nyt`, field `language`"]),
    row(VALIDATE, "bad-wikidata.jsonl", 1, &["bad-wikidata.jsonl: error: actor `eu`, field `external_ids.wikidata`: \"458\" is not a Wikidata item id"]),
    row(SHOW, "bad-wikidata.jsonl", 0, &[]),
    row(NETWORK, "bad-wikidata.jsonl", 1, &["bad-wikidata.jsonl:8: error: actor `eu`, field `external_ids.wikidata`"]),
    // ---- Spans ----
    row(VALIDATE, "span-reversed.jsonl", 1, &["span-reversed.jsonl: error: quote `q1`, field `span`: span start 23 is after its end 0"]),
    row(SHOW, "span-reversed.jsonl", 0, &[]),
    row(NETWORK, "span-reversed.jsonl", 1, &["span-reversed.jsonl:8: error: quote `q1`, field `span`: span start 23 is after its end 0"]),
    row(VALIDATE, "span-out-of-bounds.jsonl", 1, &["span-out-of-bounds.jsonl: error: quote `q1`, field `span`: span 0..400 reaches past the end of the source text (41 bytes)"]),
    row(SHOW, "span-out-of-bounds.jsonl", 0, &[]),
    row(VALIDATE, "span-splits-character.jsonl", 1, &["span-splits-character.jsonl: error: quote `q1`, field `span`: span 26..34 cuts the character at byte 26"]),
    row(SHOW, "span-splits-character.jsonl", 0, &[]),
    row(VALIDATE, "span-mismatch.jsonl", 1, &["span-mismatch.jsonl: error: quote `q1`, field `span`: source text at 0..23 is \"Trump supports the plan\", not the quote's text"]),
    row(SHOW, "span-mismatch.jsonl", 0, &[]),
    // ---- Output and limits ----
    row(VALIDATE, "formula-ids.jsonl", 0, &["valid: 6 records, 0 warnings"]),
    row(SHOW, "formula-ids.jsonl", 0, &[]),
    Row {
        lacks: &["\n=", "\n@", ",=", ",@"],
        ..row(NETWORK, "formula-ids.jsonl", 0, &["\n'=cmd|' /C calc'!A0,'@SUM(A1),1\n"])
    },
    row(VALIDATE, "long-line.jsonl", 0, &["valid: 7 records, 0 warnings"]),
    row(&["validate", "--max-line-bytes", "1K"], "long-line.jsonl", 1, &["long-line.jsonl:8: error: the line is longer than 1024 bytes", "--max-line-bytes"]),
    row(&["show", "--max-line-bytes", "1K"], "long-line.jsonl", 1, &["long-line.jsonl:8: error: the line is longer than 1024 bytes", "--max-line-bytes"]),
    row(&["network", "--max-line-bytes", "1K"], "long-line.jsonl", 1, &["long-line.jsonl:8: error: the line is longer than 1024 bytes", "--max-line-bytes"]),
    row(VALIDATE, "long-string.jsonl", 0, &["valid: 7 records, 0 warnings"]),
    row(&["validate", "--max-string-bytes", "1K"], "long-string.jsonl", 1, &["long-string.jsonl:8:34: error: a string is longer than 1024 bytes", "--max-string-bytes"]),
    row(&["show", "--max-string-bytes", "1K"], "long-string.jsonl", 1, &["long-string.jsonl:8:34: error: a string is longer than 1024 bytes", "--max-string-bytes"]),
    row(&["network", "--max-string-bytes", "1K"], "long-string.jsonl", 1, &["long-string.jsonl:8:34: error: a string is longer than 1024 bytes", "--max-string-bytes"]),
    row(VALIDATE, "too-many-records.jsonl", 0, &["valid: 9 records, 0 warnings"]),
    row(&["validate", "--max-records", "8"], "too-many-records.jsonl", 1, &["too-many-records.jsonl:10: error: the input holds more than 8 records", "--max-records"]),
    row(&["show", "--max-records", "8"], "too-many-records.jsonl", 1, &["too-many-records.jsonl:10: error: the input holds more than 8 records", "--max-records"]),
    row(&["network", "--max-records", "8"], "too-many-records.jsonl", 1, &["too-many-records.jsonl:10: error: the input holds more than 8 records", "--max-records"]),
    row(VALIDATE, "file-too-large.json", 0, &["valid: 34 records, 0 warnings"]),
    row(&["validate", "--max-file-bytes", "1K"], "file-too-large.json", 1, &["file-too-large.json:1: error: the file is 2079 bytes", "--max-file-bytes"]),
    row(&["show", "--max-file-bytes", "1K"], "file-too-large.json", 1, &["file-too-large.json:1: error: the file is 2079 bytes", "--max-file-bytes"]),
    row(&["network", "--max-file-bytes", "1K"], "file-too-large.json", 1, &["file-too-large.json:1: error: the file is 2079 bytes", "--max-file-bytes"]),
    // ---- Generated ----
    Row {
        exit: &[1, 2],
        ..row(VALIDATE, "long-line-20mb.jsonl", 1, &["long-line-20mb.jsonl:2", "--max-line-bytes"])
    },
    Row {
        exit: &[1, 2],
        ..row(SHOW, "long-line-20mb.jsonl", 1, &["long-line-20mb.jsonl:2", "--max-line-bytes"])
    },
    Row {
        exit: &[1, 2],
        ..row(NETWORK, "long-line-20mb.jsonl", 1, &["long-line-20mb.jsonl:2", "--max-line-bytes"])
    },
    Row {
        exit: &[1, 2],
        ..row(VALIDATE, "long-string-20mb.json", 1, &["long-string-20mb.json:1:54", "--max-string-bytes"])
    },
    Row {
        exit: &[1, 2],
        ..row(SHOW, "long-string-20mb.json", 1, &["long-string-20mb.json:1:54", "--max-string-bytes"])
    },
    Row {
        exit: &[1, 2],
        ..row(NETWORK, "long-string-20mb.json", 1, &["long-string-20mb.json:1:54", "--max-string-bytes"])
    },
    row(VALIDATE, "long-id-100kb.jsonl", 1, &["long-id-100kb.jsonl:8:100023: error: invalid id", "(100000 bytes)"]),
    row(SHOW, "long-id-100kb.jsonl", 1, &["long-id-100kb.jsonl:8:100023: error: invalid id", "(100000 bytes)"]),
    row(NETWORK, "long-id-100kb.jsonl", 1, &["long-id-100kb.jsonl:8:100023: error: invalid id", "(100000 bytes)"]),
    row(VALIDATE, "long-values-100kb.jsonl", 1, &[
        "source `nyt`, field `language`",
        "actor `eu`, field `country`",
        "actor `eu`, field `external_ids.wikidata`",
        "quote `q-long`, field `span`",
        "proposal `p2`, field `label`",
        "(100000 bytes)",
    ]),
    row(NETWORK, "long-values-100kb.jsonl", 1, &["long-values-100kb.jsonl:8: error: source `nyt`, field `language`", "(100000 bytes)"]),
];

fn bad_input_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-input")
}

fn is_generated(file: &str) -> bool {
    GENERATED.iter().any(|(name, _)| *name == file)
}

/// Runs `claimgraph ARGS` in `dir`, killing it after [`TIMEOUT`] (a run
/// that hangs fails its row); with `bounded`, within [`MEMORY_KB`] of address
/// space.
fn run(dir: &Path, args: &[&str], bounded: bool) -> Run {
    let mut run = claimgraph(args).dir(dir).timeout(TIMEOUT).report_kill();
    if bounded {
        run = run.memory_kb(MEMORY_KB);
    }
    run.run()
}

/// Every way `run` breaks `row`, or none.
fn check(row: &Row, run: &Run) -> Vec<String> {
    let mut wrong = Vec::new();
    match run.status {
        Some(code) if row.exit.contains(&code) => {}
        Some(code) => wrong.push(format!("exit status {code}, expected {:?}", row.exit)),
        None => wrong.push(format!(
            "killed after {:?}: a timeout or a signal",
            run.took
        )),
    }
    let out = format!("{}{}", String::from_utf8_lossy(&run.stdout), run.stderr);
    for s in row.has {
        if !out.contains(s) {
            wrong.push(format!("the output lacks {s:?}"));
        }
    }
    for s in row.lacks {
        if out.contains(s) {
            wrong.push(format!("the output holds {s:?}"));
        }
    }
    for (stream, bytes) in [
        ("stdout", run.stdout.as_slice()),
        ("stderr", run.stderr.as_bytes()),
    ] {
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = text.chars().find(|&c| c != '\n' && c.is_control()) {
            wrong.push(format!("{stream} holds the raw control character {c:?}"));
        }
        if let Some(line) = bytes.split(|&b| b == b'\n').find(|l| l.len() >= MAX_LINE) {
            wrong.push(format!(
                "{stream} holds a line of {} bytes, starting {:?}",
                line.len(),
                String::from_utf8_lossy(&line[..200])
            ));
        }
    }
    wrong
}

/// The start of some output, for a report.
fn clip(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let cut: String = text.chars().take(1_500).collect();
    format!("{cut:?}")
}

#[test]
fn every_bad_input_is_refused_where_it_is() {
    let dir = bad_input_dir();
    let generated = tempfile::tempdir().expect("temp dir");
    for (name, make) in GENERATED {
        fs::write(generated.path().join(name), make()).expect("write a generated input");
    }

    let mut failures = Vec::new();
    let mut still_in_flight = Vec::new();
    let mut landed = Vec::new();
    for row in ROWS {
        let (at, bounded) = if is_generated(row.file) {
            (generated.path(), true)
        } else {
            (dir.as_path(), false)
        };
        let mut args = row.args.to_vec();
        args.push(row.file);
        let result = run(at, &args, bounded);
        let wrong = check(row, &result);
        let name = row.name();
        let in_flight = IN_FLIGHT.contains(&name.as_str());
        match (wrong.is_empty(), in_flight) {
            (true, false) => {}
            (true, true) => landed.push(name),
            (false, true) => still_in_flight.push(format!("{name}: {}", wrong.join("; "))),
            (false, false) => failures.push(format!(
                "{name}:\n    {}\n    stdout: {}\n    stderr: {}",
                wrong.join("\n    "),
                clip(&result.stdout),
                clip(result.stderr.as_bytes())
            )),
        }
    }

    if !still_in_flight.is_empty() {
        eprintln!(
            "{} rows wait for a fix in flight (IN_FLIGHT):\n  {}",
            still_in_flight.len(),
            still_in_flight.join("\n  ")
        );
    }
    if !landed.is_empty() {
        eprintln!(
            "{} rows in IN_FLIGHT pass now; remove them from the list:\n  {}",
            landed.len(),
            landed.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

/// The table, the directory, the README and [`IN_FLIGHT`] agree: every file
/// is run and described, and every row and in-flight name refers to
/// something that exists.
#[test]
fn the_table_covers_every_file() {
    let dir = bad_input_dir();
    let readme = fs::read_to_string(dir.join("README.md")).expect("tests/bad-input/README.md");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("tests/bad-input/")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "README.md")
        .collect();
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        if !ROWS.iter().any(|r| r.file == file) {
            problems.push(format!("{file} has no row"));
        }
        if !ROWS.iter().any(|r| r.file == file && r.args == VALIDATE) {
            problems.push(format!("{file} has no plain `validate` row"));
        }
        if !readme.contains(&format!("`{file}`")) {
            problems.push(format!("{file} is not in README.md"));
        }
    }
    for (name, _) in GENERATED {
        if !readme.contains(&format!("`{name}`")) {
            problems.push(format!("generated {name} is not in README.md"));
        }
    }
    for row in ROWS {
        if !is_generated(row.file) && !files.iter().any(|f| f == row.file) {
            problems.push(format!("{}: no such file", row.name()));
        }
    }
    for name in IN_FLIGHT {
        if !ROWS.iter().any(|r| r.name() == *name) {
            problems.push(format!("IN_FLIGHT names no row: {name}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
