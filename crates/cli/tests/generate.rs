//! `claimgraph generate` as a user runs it: files that validate, standard
//! output, the summary line, and refused options with their exit statuses.

use std::path::Path;

use tempfile::TempDir;

mod support;
use support::{listing, run_in};

fn dir() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

const SMALL: &[&str] = &[
    "generate",
    "--statements",
    "2000",
    "--actors",
    "30",
    "--targets",
    "10",
    "--seed",
    "7",
];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    SMALL.iter().chain(extra).copied().collect()
}

#[test]
fn a_written_file_validates_and_is_summed_up_on_stderr() {
    let tmp = dir();
    let r = run_in(tmp.path(), &with(&["-o", "corpus.jsonl"]));
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    let bytes = std::fs::read(tmp.path().join("corpus.jsonl")).expect("written");
    assert_eq!(
        listing(tmp.path()),
        ["corpus.jsonl"],
        "no temporary file left"
    );

    let summary = r.stderr.strip_suffix('\n').expect("one line");
    assert!(!summary.contains('\n'), "{summary}");
    let (head, tail) = summary.split_once(" in ").expect("sources");
    assert_eq!(
        head,
        "corpus.jsonl: 2000 statements by 30 actors on 10 targets (8 proposals, 2 claims)"
    );
    assert!(
        tail.ends_with(&format!(" sources, {} bytes", bytes.len())),
        "{tail}"
    );

    let v = run_in(tmp.path(), &["validate", "corpus.jsonl"]);
    assert_eq!(v.code(), 0, "{v:?}");
    let records = 1 + 2 * 2000 + 30 + 10;
    let sources: usize = tail.split(' ').next().unwrap().parse().expect("a count");
    assert_eq!(
        String::from_utf8(v.stdout).unwrap(),
        format!("valid: {} records, 0 warnings\n", records - 1 + sources)
    );
}

#[test]
fn standard_output_gets_the_same_bytes_every_time() {
    let tmp = dir();
    let to_file = run_in(tmp.path(), &with(&["-o", "corpus.jsonl"]));
    assert_eq!(to_file.code(), 0, "{to_file:?}");
    let file = std::fs::read(tmp.path().join("corpus.jsonl")).expect("written");

    let first = run_in(tmp.path(), SMALL);
    assert_eq!(first.code(), 0, "{first:?}");
    assert_eq!(
        first.stderr, "",
        "no summary when writing to standard output"
    );
    assert!(first.stdout.starts_with(b"{\"format\":\"claimgraph/1\"}\n"));
    assert!(
        first.stdout == file,
        "the same corpus on stdout as in the file"
    );

    let second = run_in(tmp.path(), SMALL);
    assert!(second.stdout == first.stdout);
    let dash = run_in(tmp.path(), &with(&["-o", "-"]));
    assert_eq!((dash.code(), dash.stderr.as_str()), (0, ""));
    assert!(dash.stdout == first.stdout);
    assert_eq!(listing(tmp.path()), ["corpus.jsonl"]);
    let mut reseeded = SMALL.to_vec();
    *reseeded.last_mut().unwrap() = "8";
    let other = run_in(tmp.path(), &reseeded);
    assert_eq!(other.code(), 0, "{other:?}");
    assert!(other.stdout != first.stdout);
}

#[test]
fn dates_and_intensities_follow_the_options() {
    let tmp = dir();
    let r = run_in(
        tmp.path(),
        &with(&[
            "--start",
            "2025-11-01",
            "--span-days",
            "30",
            "--intensities",
        ]),
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let text = String::from_utf8(r.stdout).expect("UTF-8");
    let mut published: Vec<&str> = text
        .lines()
        .filter_map(|l| {
            l.split_once("\"published\":\"")
                .map(|(_, rest)| &rest[..10])
        })
        .collect();
    assert_eq!(published.first(), Some(&"2025-11-01"));
    published.retain(|d| !("2025-11-01"..="2025-11-30").contains(d));
    assert!(published.is_empty(), "outside the span: {published:?}");
    let stances = text.lines().filter(|l| l.contains("\"type\":\"stance\""));
    assert!(stances.clone().count() == 2000);
    assert!(stances.into_iter().all(|l| l.contains("\"intensity\":")));
}

#[test]
fn options_that_describe_no_corpus_exit_1() {
    let tmp = dir();
    for (args, message) in [
        (
            vec!["generate", "--actors", "0"],
            "error: cannot generate this corpus: 10000 statements need at least one actor to hold them\n",
        ),
        (
            vec!["generate", "--targets", "0", "-o", "corpus.jsonl"],
            "error: cannot generate this corpus: 10000 statements need at least one target (a proposal or claim)\n",
        ),
        (
            vec!["generate", "--statements", "5000000000"],
            "error: cannot generate this corpus: 5000000000 statements is too many; at most 1000000000 are supported\n",
        ),
        (
            vec!["generate", "--actors", "99999999"],
            "error: cannot generate this corpus: 99999999 actors is too many; at most 10000000 are supported\n",
        ),
        (
            vec!["generate", "--span-days", "0"],
            "error: cannot generate this corpus: the number of days in the span must be at least 1\n",
        ),
        (
            vec!["generate", "--actor-skew=-1"],
            "error: cannot generate this corpus: the actor skew is -1; expected a number from 0 to 10\n",
        ),
        (
            vec!["generate", "--start", "9999-12-01", "--span-days", "60"],
            "error: cannot generate this corpus: a span of 60 days from 9999-12-01 reaches past the days a claimgraph file can hold (0000-01-01 to 9999-12-31)\n",
        ),
    ] {
        let r = run_in(tmp.path(), &args);
        assert_eq!(r.code(), 1, "{args:?}: {r:?}");
        assert_eq!(r.stderr, message, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}");
    }
    assert!(listing(tmp.path()).is_empty(), "nothing written");

    // Zero statements need no actors: the file holds the targets alone.
    let r = run_in(
        tmp.path(),
        &[
            "generate",
            "--statements",
            "0",
            "--actors",
            "0",
            "--targets",
            "3",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(String::from_utf8(r.stdout).unwrap().lines().count(), 4);
}

#[test]
fn malformed_values_exit_1_and_a_malformed_command_line_2() {
    let tmp = dir();
    for (args, message, code) in [
        (
            vec!["generate", "--start", "2025-02-29"],
            "error: invalid value '2025-02-29' for '--start <DATE>': expected a day as YYYY-MM-DD, such as 2020-01-01\n",
            1,
        ),
        (
            vec!["generate", "--start", "2025-11-20T09:30:00Z"],
            "error: invalid value '2025-11-20T09:30:00Z' for '--start <DATE>': expected a day as YYYY-MM-DD, such as 2020-01-01\n",
            1,
        ),
        (
            vec!["generate", "--statements", "many"],
            "error: invalid value 'many' for '--statements <N>': invalid digit found in string\n",
            1,
        ),
        (
            vec!["generate", "--seed", "-1"],
            "error: unexpected argument '-1' found\n",
            2,
        ),
    ] {
        let r = run_in(tmp.path(), &args);
        assert_eq!(r.code(), code, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with(message), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unwritable_output_exits_2_and_leaves_nothing_behind() {
    let tmp = dir();
    std::fs::create_dir(tmp.path().join("sub")).expect("made");
    let r = run_in(tmp.path(), &with(&["-o", "sub"]));
    assert_eq!(r.code(), 2, "{r:?}");
    assert_eq!(r.stderr, "error: cannot write sub: it is a directory\n");

    let r = run_in(tmp.path(), &with(&["-o", "missing/corpus.jsonl"]));
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(
        r.stderr
            .starts_with("error: cannot write missing/corpus.jsonl: "),
        "{}",
        r.stderr
    );
    assert_eq!(listing(tmp.path()), ["sub"]);
    assert!(listing(&tmp.path().join("sub")).is_empty());
}

#[test]
fn an_existing_file_is_replaced_only_by_a_whole_corpus() {
    let tmp = dir();
    let path = tmp.path().join("corpus.jsonl");
    std::fs::write(&path, "old\n").expect("written");

    let refused = run_in(
        tmp.path(),
        &["generate", "--actors", "0", "-o", "corpus.jsonl"],
    );
    assert_eq!(refused.code(), 1, "{refused:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");

    let r = run_in(tmp.path(), &with(&["-o", "corpus.jsonl"]));
    assert_eq!(r.code(), 0, "{r:?}");
    let bytes = std::fs::read(&path).expect("replaced");
    assert!(bytes.starts_with(b"{\"format\":\"claimgraph/1\"}\n"));
    assert_eq!(listing(tmp.path()), ["corpus.jsonl"]);
}

#[test]
fn help_shows_the_output_exit_statuses_and_examples() {
    let r = run_in(Path::new("."), &["generate", "--help"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let help = String::from_utf8(r.stdout).expect("UTF-8");
    for part in [
        "--statements <N>",
        "--start <DATE>",
        "--intensities",
        "-o, --output <FILE>",
        "Exit status:\n  0  written\n  1  an option value is malformed (not a number, a malformed date) or asks",
        "claimgraph generate --statements 1000000 --actors 2000 --targets 1000 --seed 1 -o corpus.jsonl",
    ] {
        assert!(help.contains(part), "{part}\n{help}");
    }
    let top = run_in(Path::new("."), &["--help"]);
    assert!(String::from_utf8(top.stdout).unwrap().contains("generate"));
}
