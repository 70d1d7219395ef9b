//! A negative number is an option's value, written `--opt -1` as well as
//! `--opt=-1`: never taken for an unknown option.

use tempfile::TempDir;

mod support;
use support::{Run, generated, run_in, shared};

/// A directory holding `c.jsonl`, a corpus with intensities.
fn corpus() -> TempDir {
    generated(&[
        "--statements",
        "200",
        "--actors",
        "10",
        "--targets",
        "5",
        "--intensities",
        "-o",
        "c.jsonl",
    ])
}

fn not_taken_for_an_option(r: &Run, what: &str) {
    assert!(
        !r.stderr.contains("unexpected argument"),
        "{what}: the negative number is the option's value: {}",
        r.stderr
    );
}

#[test]
fn network_min_weight_takes_a_negative_number() {
    let dir = corpus();
    let d = dir.path();
    let spaced = run_in(
        d,
        &[
            "network",
            "c.jsonl",
            "--kind",
            "subtract",
            "--min-weight",
            "-0.5",
        ],
    );
    let joined = run_in(
        d,
        &[
            "network",
            "c.jsonl",
            "--kind",
            "subtract",
            "--min-weight=-0.5",
        ],
    );
    not_taken_for_an_option(&spaced, "--min-weight -0.5");
    assert_eq!(joined.code(), 0, "{}", joined.stderr);
    assert_eq!(spaced.code(), joined.code(), "{}", spaced.stderr);
    assert_eq!(spaced.stdout, joined.stdout);
    assert!(spaced.stdout.starts_with(b"source,target,weight\n"));
    // Also as a whole negative number, and before the file.
    let r = run_in(d, &["network", "--min-weight", "-1", "c.jsonl"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
}

#[test]
fn network_scale_takes_a_negative_minimum() {
    let dir = corpus();
    let d = dir.path();
    for (spaced, joined) in [
        (&["--scale", "-1:1"][..], &["--scale=-1:1"][..]),
        (&["--scale", "-2:1"], &["--scale=-2:1"]),
        (
            &["--scale", "-1:1", "--min-weight", "-0.25"],
            &["--scale=-1:1", "--min-weight=-0.25"],
        ),
    ] {
        let args = |extra: &[&'static str]| -> Vec<&'static str> {
            ["network", "c.jsonl", "--kind", "subtract"]
                .into_iter()
                .chain(extra.iter().copied())
                .collect()
        };
        let a = run_in(d, &args(spaced));
        let b = run_in(d, &args(joined));
        not_taken_for_an_option(&a, &format!("{spaced:?}"));
        assert_eq!(b.code(), 0, "{joined:?}: {}", b.stderr);
        assert_eq!(a.code(), 0, "{spaced:?}: {}", a.stderr);
        assert_eq!(a.stdout, b.stdout, "{spaced:?}");
    }
}

#[test]
fn generate_skews_take_a_negative_number_and_refuse_it_by_range() {
    let dir = tempfile::tempdir().expect("temp dir");
    for option in ["--actor-skew", "--target-skew"] {
        let spaced = run_in(dir.path(), &["generate", "--statements", "5", option, "-1"]);
        let joined = run_in(
            dir.path(),
            &["generate", "--statements", "5", &format!("{option}=-1")],
        );
        not_taken_for_an_option(&spaced, option);
        assert_eq!(joined.code(), 1, "{}", joined.stderr);
        assert_eq!(spaced.code(), 1, "{}", spaced.stderr);
        assert_eq!(spaced.stderr, joined.stderr);
        assert!(spaced.stderr.contains("skew"), "{}", spaced.stderr);
    }
}

#[test]
fn import_scale_takes_a_negative_minimum() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // Parsed as the scale: the failure is the missing file's.
    let r = run_in(
        d,
        &["import", "--from", "dna", "missing.dna", "--scale", "-1,1"],
    );
    not_taken_for_an_option(&r, "--scale -1,1");
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing.dna"), "{}", r.stderr);
    // A scale whose MIN is not below MAX is refused by the command, not clap.
    let r = run_in(
        d,
        &["import", "--from", "dna", "missing.dna", "--scale", "-1,-3"],
    );
    not_taken_for_an_option(&r, "--scale -1,-3");
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("--scale: -1,-3"), "{}", r.stderr);
    let Some(sample) = shared("dna/sample.dna") else {
        return;
    };
    let sample = sample.to_str().expect("UTF-8 path");
    let spaced = run_in(d, &["import", "--from", "dna", sample, "--scale", "-1,1"]);
    let joined = run_in(d, &["import", "--from", "dna", sample, "--scale=-1,1"]);
    assert_eq!(joined.code(), 0, "{}", joined.stderr);
    assert_eq!(spaced.code(), 0, "{}", spaced.stderr);
    assert_eq!(spaced.stdout, joined.stdout);
}
