//! `claimgraph network` as a user runs it: weights counted by hand on a small
//! file, the CSV edge list and matrix byte for byte, the JSON shape, windows,
//! and every refused option with its exit status and no file left behind.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

mod support;
use support::{claimgraph, listing, run_in, with_file};

/// Five actors on a plan (`p`), one of its points (`q`) and a claim (`r`).
///
/// | actor | p | q | r |
/// |---|---|---|---|
/// | a (person) | supports 01-01 | opposes 01-10, opposes 01-15 | supports 01-20 |
/// | b (person) | supports 01-01 | opposes 01-10 | |
/// | c (state) | opposes 01-01 | supports 01-10 | no comment 01-05 |
/// | d (unnamed) | neutral 01-05 | | |
/// | e (organisation) | opposes 01-20 | | supports 01-20 |
///
/// `src1` (Wire, English) reports the statements of January 1 and 5; `src2`
/// (Post, French) the others, so a's two oppositions to q share a source.
const FIXTURE: &str = r#"{"format":"claimgraph/1"}
{"type":"source","id":"src1","title":"Report one","publisher":"Wire","published":"2025-01-01","kind":"article","language":"en"}
{"type":"source","id":"src2","title":"Report two","publisher":"Post","published":"2025-01-10","kind":"article","language":"fr"}
{"type":"actor","id":"a","name":"Anna","kind":"person"}
{"type":"actor","id":"b","name":"Ben","kind":"person"}
{"type":"actor","id":"c","name":"Carland","kind":"state"}
{"type":"actor","id":"d","name":"Officials","kind":"unnamed"}
{"type":"actor","id":"e","name":"Union, East","kind":"organisation"}
{"type":"proposal","id":"p","title":"Plan"}
{"type":"proposal","id":"q","title":"Point","part_of":"p","label":"point 1"}
{"type":"claim","id":"r","text":"Talks help"}
{"type":"stance","id":"s1","holder":"a","target":"p","position":"supports","evidence":[{"source":"src1"}],"as_of":"2025-01-01"}
{"type":"stance","id":"s2","holder":"b","target":"p","position":"supports","evidence":[{"source":"src1"}],"as_of":"2025-01-01"}
{"type":"stance","id":"s3","holder":"c","target":"p","position":"opposes","evidence":[{"source":"src1"}],"as_of":"2025-01-01"}
{"type":"stance","id":"s4","holder":"a","target":"q","position":"opposes","evidence":[{"source":"src2"}],"as_of":"2025-01-10"}
{"type":"stance","id":"s5","holder":"b","target":"q","position":"opposes","evidence":[{"source":"src2"}],"as_of":"2025-01-10"}
{"type":"stance","id":"s6","holder":"c","target":"q","position":"supports","evidence":[{"source":"src2"}],"as_of":"2025-01-10"}
{"type":"stance","id":"s7","holder":"a","target":"q","position":"opposes","evidence":[{"source":"src2"}],"as_of":"2025-01-15"}
{"type":"stance","id":"s8","holder":"d","target":"p","position":"neutral","evidence":[{"source":"src1"}],"as_of":"2025-01-05"}
{"type":"stance","id":"s9","holder":"c","target":"r","position":"no_comment","evidence":[{"source":"src1"}],"as_of":"2025-01-05"}
{"type":"stance","id":"s10","holder":"e","target":"p","position":"opposes","evidence":[{"source":"src2"}],"as_of":"2025-01-20"}
{"type":"stance","id":"s11","holder":"e","target":"r","position":"supports","evidence":[{"source":"src2"}],"as_of":"2025-01-20"}
{"type":"stance","id":"s12","holder":"a","target":"r","position":"supports","evidence":[{"source":"src2"}],"as_of":"2025-01-20"}
"#;

/// A directory holding the fixture as `f.jsonl`.
fn fixture() -> TempDir {
    with_file("f.jsonl", FIXTURE)
}

/// Standard output of `claimgraph network f.jsonl ARGS`, which must succeed
/// and say nothing on standard error.
fn network(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["network", "f.jsonl"];
    all.extend_from_slice(args);
    let r = run_in(dir, &all);
    assert_eq!((r.code(), r.stderr.as_str()), (0, ""), "{args:?}: {r:?}");
    r.out().to_owned()
}

#[test]
fn one_mode_weights_are_the_hand_counts() {
    let tmp = fixture();
    let dir = tmp.path();
    // Same position on a shared target: a and b on p (1·1) and q (2·1); a and
    // e on r; c and e against p. Neutral and no comment never count.
    assert_eq!(
        network(dir, &[]),
        "source,target,weight\na,b,3\na,e,1\nc,e,1\n"
    );
    assert_eq!(network(dir, &["--kind", "congruence"]), network(dir, &[]));
    // Opposite positions: a and c on p (1) and q (2·1); a and e on p; b and c
    // on p and q; b and e on p.
    assert_eq!(
        network(dir, &["--kind", "conflict"]),
        "source,target,weight\na,c,3\na,e,1\nb,c,2\nb,e,1\n"
    );
    // Congruence minus conflict: a and e agree on r and clash on p, so they
    // cancel and have no edge.
    assert_eq!(
        network(dir, &["--kind", "subtract"]),
        "source,target,weight\na,b,3\na,c,-3\nb,c,-2\nb,e,-1\nc,e,1\n"
    );
    // Positions ignored: the neutral d shares p with everyone.
    assert_eq!(
        network(dir, &["--kind", "co-occurrence"]),
        "source,target,weight\na,b,3\na,c,3\na,d,1\na,e,2\nb,c,2\nb,d,1\nb,e,1\nc,d,1\nc,e,1\nd,e,1\n"
    );
    // Targets linked through the actors who take opposite sides on both: p
    // and q by a (1·2), b and c; p and r by e; q and r by a (2·1).
    assert_eq!(
        network(dir, &["--over", "targets", "--kind", "conflict"]),
        "source,target,weight\np,q,4\np,r,1\nq,r,2\n"
    );
}

#[test]
fn affiliation_counts_codes_and_differences() {
    let tmp = fixture();
    let dir = tmp.path();
    assert_eq!(
        network(dir, &["--kind", "affiliation"]),
        "source,target,weight\na,p,1\na,q,2\na,r,1\nb,p,1\nb,q,1\nc,p,1\nc,q,1\nd,p,1\ne,p,1\ne,r,1\n"
    );
    // 1 supports only, 2 opposes only; the neutral d has no code.
    assert_eq!(
        network(dir, &["--kind", "affiliation", "--positions", "combine"]),
        "source,target,weight\na,p,1\na,q,2\na,r,1\nb,p,1\nb,q,2\nc,p,2\nc,q,1\ne,p,2\ne,r,1\n"
    );
    assert_eq!(
        network(dir, &["--kind", "affiliation", "--positions", "subtract"]),
        "source,target,weight\na,p,1\na,q,-2\na,r,1\nb,p,1\nb,q,-1\nc,p,-1\nc,q,1\ne,p,-1\ne,r,1\n"
    );
    // Activity: a's four statements divide its row.
    assert_eq!(
        network(
            dir,
            &[
                "--kind",
                "affiliation",
                "--normalize",
                "activity",
                "--include-actor",
                "a"
            ]
        ),
        "source,target,weight\na,p,0.25\na,q,0.5\na,r,0.25\n"
    );
}

#[test]
fn normalisations_duplicates_and_filters_change_the_weights() {
    let tmp = fixture();
    let dir = tmp.path();
    // Average: weight / ((tot_i + tot_j) / 2), with a 4 statements, b, c, e 2.
    assert_eq!(
        network(dir, &["--normalize", "average"]),
        "source,target,weight\na,b,1\na,e,0.3333333333333333\nc,e,0.5\n"
    );
    // Jaccard: Σ min / (tot_i + tot_j − Σ min): a and b share p (1) and q (1).
    assert_eq!(
        network(dir, &["--normalize", "jaccard"]),
        "source,target,weight\na,b,0.5\na,e,0.2\nc,e,0.3333333333333333\n"
    );
    // a's two oppositions to q come from one source.
    assert_eq!(
        network(dir, &["--duplicates", "source"]),
        "source,target,weight\na,b,2\na,e,1\nc,e,1\n"
    );
    assert_eq!(
        network(dir, &["--to", "2025-01-10"]),
        "source,target,weight\na,b,2\n"
    );
    assert_eq!(
        network(
            dir,
            &["--kind", "conflict", "--include-source", "language=en"]
        ),
        "source,target,weight\na,c,1\nb,c,1\n"
    );
    assert_eq!(
        network(dir, &["--kind", "conflict", "--exclude-kind", "state"]),
        "source,target,weight\na,e,1\nb,e,1\n"
    );
    assert_eq!(
        network(dir, &["--kind", "conflict", "--min-weight", "2"]),
        "source,target,weight\na,c,3\nb,c,2\n"
    );
    assert_eq!(
        network(dir, &["--kind", "conflict", "--top-k", "1"]),
        "source,target,weight\na,c,3\na,e,1\nb,c,2\n"
    );
}

#[test]
fn matrices_are_square_for_actors_and_actors_by_targets_for_affiliation() {
    let tmp = fixture();
    let dir = tmp.path();
    assert_eq!(
        network(dir, &["--format", "matrix"]),
        "\"\",a,b,c,e\na,0,3,0,1\nb,3,0,0,0\nc,0,0,0,1\ne,1,0,1,0\n"
    );
    assert_eq!(
        network(
            dir,
            &[
                "--kind",
                "affiliation",
                "--positions",
                "combine",
                "--format",
                "matrix"
            ]
        ),
        "\"\",p,q,r\na,1,2,1\nb,1,2,0\nc,2,1,0\ne,2,0,1\n"
    );
    // Up to January 10 c agrees with no one: --isolates keeps its row.
    assert_eq!(
        network(dir, &["--format", "matrix", "--to", "2025-01-10"]),
        "\"\",a,b\na,0,2\nb,2,0\n"
    );
    assert_eq!(
        network(
            dir,
            &["--format", "matrix", "--to", "2025-01-10", "--isolates"]
        ),
        "\"\",a,b,c\na,0,2,0\nb,2,0,0\nc,0,0,0\n"
    );
}

#[test]
fn json_holds_the_options_nodes_and_edges_by_id() {
    let tmp = fixture();
    let text = network(tmp.path(), &["--kind", "conflict", "--json"]);
    assert!(text.ends_with("}\n") && text.lines().count() == 1, "{text}");
    assert!(
        text.starts_with("{\"options\":{\"kind\":\"conflict\","),
        "{text}"
    );
    let v: Value = serde_json::from_str(&text).expect("JSON");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["edges", "nodes", "options", "two_mode"]);
    assert_eq!(v["options"]["kind"], "conflict");
    assert_eq!(v["options"]["normalization"], "none");
    assert_eq!(v["two_mode"], false);
    assert_eq!(
        v["nodes"][3],
        serde_json::json!({"id": "e", "label": "Union, East", "mode": "actor", "kind": "organisation"})
    );
    assert_eq!(v["nodes"].as_array().unwrap().len(), 4, "d has no edge");
    let edges: Vec<(&str, &str, f64)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["weight"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            ("a", "c", 3.0),
            ("a", "e", 1.0),
            ("b", "c", 2.0),
            ("b", "e", 1.0)
        ]
    );

    let aff: Value =
        serde_json::from_str(&network(tmp.path(), &["--kind", "affiliation", "--json"]))
            .expect("JSON");
    assert_eq!(aff["two_mode"], true);
    assert_eq!(aff["nodes"][5]["mode"], "target");
}

#[test]
fn windows_give_one_block_or_object_per_window() {
    let tmp = fixture();
    let dir = tmp.path();
    // January 1-10: a and b agree on p and q; January 11-20: a and e on r.
    assert_eq!(
        network(dir, &["--window", "10d", "--step", "10d"]),
        "window,window_start,window_end,source,target,weight\n\
         1,2025-01-01,2025-01-10,a,b,2\n\
         2,2025-01-11,2025-01-20,a,e,1\n"
    );
    // Windows of four statements moving by two can share their days.
    assert_eq!(
        network(dir, &["--window", "4", "--step", "2"]),
        "window,window_start,window_end,source,target,weight\n\
         1,2025-01-01,2025-01-10,a,b,1\n\
         2,2025-01-01,2025-01-10,a,b,1\n\
         3,2025-01-10,2025-01-20,a,b,1\n\
         4,2025-01-15,2025-01-20,a,e,1\n"
    );
    let text = network(dir, &["--window", "10d", "--step", "10d", "--json"]);
    assert!(
        text.starts_with("[\n{\"window\":1,\"window_start\":\"2025-01-01\",\"window_end\":\"2025-01-10\",\"statements\":6,\"network\":{\"options\":"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 4, "one line per window: {text}");
    let v: Value = serde_json::from_str(&text).expect("a JSON array");
    let windows = v.as_array().expect("an array");
    assert_eq!(windows.len(), 2);
    let keys: Vec<&str> = windows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "network",
            "statements",
            "window",
            "window_end",
            "window_start"
        ]
    );
    assert_eq!(
        (
            &windows[1]["window"],
            &windows[1]["window_start"],
            &windows[1]["window_end"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!("2025-01-11"),
            &serde_json::json!("2025-01-20")
        )
    );
    assert_eq!(windows[0]["statements"], 6);
    assert_eq!(windows[1]["statements"], 4);
    assert_eq!(
        windows[1]["network"]["edges"],
        serde_json::json!([{"source": "a", "target": "e", "weight": 1.0}])
    );
    assert_eq!(
        windows[0]["network"]["nodes"].as_array().unwrap().len(),
        4,
        "every window has the whole selection's nodes"
    );
}

#[test]
fn a_file_appears_complete_with_a_summary_on_stderr() {
    let tmp = fixture();
    let dir = tmp.path();
    let r = run_in(
        dir,
        &["network", "f.jsonl", "--kind", "conflict", "-o", "out.csv"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(r.out(), "");
    let summary = r.stderr.strip_suffix(" s\n").expect("one line, timed");
    let (head, seconds) = summary.rsplit_once(", in ").expect("a time");
    assert_eq!(
        head,
        // The neutral s8 and the no-comment s9 take no side: 10 of 12 count.
        "out.csv: 4 edges between 4 nodes from 10 statements of 12 read"
    );
    assert!(seconds.parse::<f64>().is_ok(), "{seconds}");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        network(dir, &["--kind", "conflict"])
    );
    assert_eq!(
        listing(dir),
        ["f.jsonl", "out.csv"],
        "no temporary file left"
    );
    let r = run_in(
        dir,
        &["network", "f.jsonl", "--top-k", "0", "-o", "out.csv"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.csv")).unwrap(),
        network(dir, &["--kind", "conflict"]),
        "a refused run leaves the earlier file as it was"
    );

    let r = run_in(
        dir,
        &[
            "network", "f.jsonl", "--window", "10d", "--step", "10d", "-o", "w.csv",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "w.csv: 2 windows over 4 nodes, 2 edges in all, from 12 statements read, in "
        ),
        "{r:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("w.csv")).unwrap(),
        network(dir, &["--window", "10d", "--step", "10d"])
    );

    // - is standard output, without a summary.
    let r = run_in(dir, &["network", "f.jsonl", "-o", "-"]);
    assert_eq!((r.code(), r.stderr.as_str()), (0, ""));
    assert_eq!(r.out(), network(dir, &[]));
}

#[test]
fn standard_input_and_canonical_json_are_read_too() {
    let tmp = fixture();
    let dir = tmp.path();
    let r = claimgraph(&["network", "-", "--kind", "conflict"])
        .dir(dir)
        .stdin(FIXTURE)
        .run();
    assert_eq!((r.code(), r.stderr.as_str()), (0, ""), "{r:?}");
    assert_eq!(r.out(), network(dir, &["--kind", "conflict"]));

    let plan =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ukraine-peace-plan.json");
    let plan = plan.to_str().expect("a UTF-8 path");
    let r = run_in(dir, &["network", plan, "--kind", "conflict"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.out().starts_with("source,target,weight\n")
            && r.out().contains("\neuropean-officials,trump,"),
        "{r:?}"
    );
    let canonical = std::fs::read_to_string(plan).unwrap();
    let piped = claimgraph(&["network", "-", "--kind", "conflict"])
        .dir(dir)
        .stdin(&canonical)
        .run();
    assert_eq!(piped.code(), 0, "{piped:?}");
    assert_eq!(piped.out(), r.out());
}

#[test]
fn bad_options_exit_1_with_a_clear_message_and_no_file() {
    let tmp = fixture();
    let dir = tmp.path();
    for (args, message) in [
        (
            &["--normalize", "cosinus"][..],
            "error: invalid value 'cosinus' for '--normalize <HOW>'\n  [possible values: none, average, jaccard, cosine, dna-cosine, activity, prominence]\n\n  tip: a similar value exists: 'cosine'\n",
        ),
        (
            &["--kind", "affiliation", "--normalize", "cosine"],
            "error: --normalize: cosine applies to one-mode networks; an affiliation network takes none, activity or prominence\n",
        ),
        (
            &["--normalize", "activity"],
            "error: --normalize: activity applies to affiliation networks only\n",
        ),
        (
            &[
                "--kind",
                "affiliation",
                "--positions",
                "combine",
                "--normalize",
                "activity",
            ],
            "error: --normalize: combine encodes which positions occur (1, 2, 3); activity would divide those codes, which has no meaning\n",
        ),
        (
            &["--positions", "combine"],
            "error: --positions applies to affiliation networks, not to a congruence network (--positions combine)\n",
        ),
        (
            &["--kind", "affiliation", "--over", "targets"],
            "error: --over applies to one-mode networks; an affiliation network links actors to targets (--over targets)\n",
        ),
        (
            &["--kind", "coocurrence"],
            "error: invalid value 'coocurrence' for '--kind <KIND>'\n  [possible values: affiliation, congruence, conflict, subtract, co-occurrence]\n\n  tip: a similar value exists: 'co-occurrence'\n",
        ),
        (
            &["--duplicates", "day"],
            "error: invalid value 'day' for '--duplicates <WHICH>'\n  [possible values: all, source, week, month, year, range]\n",
        ),
        (
            &["--window", "30d", "--step", "7d"],
            "error: --window: a window of 30 days is longer than the statements' range of 20 days\n",
        ),
        (
            &["--window", "13", "--step", "1"],
            "error: --window: a window of 13 statements is longer than the 10 statements selected\n",
        ),
        (
            &["--window", "10d"],
            "error: --window needs --step, how far each window moves on, such as --window 30d --step 7d\n",
        ),
        (
            &["--step", "7d"],
            "error: --step needs --window or --kernel, such as --window 30d --step 7d\n",
        ),
        (
            &["--window", "10d", "--step", "2"],
            "error: --window: the window and its step must both be days (or weeks), both calendar months or years, or both statements\n",
        ),
        (
            &["--window", "1q", "--step", "1d"],
            "error: invalid value '1q' for '--window <SPAN>': \"1q\" is not a span: write days as 30d, weeks as 2w, calendar months as 3m, calendar years as 1y, statements as 500\n",
        ),
        (
            &["--window", "10d", "--step", "10d", "--format", "matrix"],
            "error: --format matrix holds one network; with --window or --kernel write an edge list (one block per window), --format gexf (weights over time) or --json\n",
        ),
        (
            &["--include-kind", "media"],
            "error: no statement is left after the filters: 12 statement(s) read; this network counts only supports and opposes; include lists are set\n",
        ),
        (
            &["--from", "2026-01-01"],
            "error: no statement is left after the filters: 12 statement(s) read; this network counts only supports and opposes; a date range is set (undated statements never pass it)\n",
        ),
        (
            &["--from", "2025-02-30"],
            "error: invalid value '2025-02-30' for '--from <DATE>': expected a day as YYYY-MM-DD, such as 2020-01-01\n",
        ),
        (
            &["--to", "20.1.2025"],
            "error: invalid value '20.1.2025' for '--to <DATE>': expected a day as YYYY-MM-DD, such as 2020-01-01\n",
        ),
        (
            &["--from", "2025-01-20", "--to", "2025-01-01"],
            "error: --from/--to: the first day is after the last\n",
        ),
        (
            &["--scale", "1:-1"],
            "error: invalid value '1:-1' for '--scale <MIN:MAX>': 1..-1 is not a scale: it needs finite min < max\n",
        ),
        (
            &["--scale", "-1"],
            "error: invalid value '-1' for '--scale <MIN:MAX>': expected MIN:MAX, such as -1:1 or 0:4\n",
        ),
        (
            &["--scale", "0:x"],
            "error: invalid value '0:x' for '--scale <MIN:MAX>': \"x\" is not a number; expected MIN:MAX, such as -1:1\n",
        ),
        (
            &[
                "--kind",
                "affiliation",
                "--positions",
                "combine",
                "--scale",
                "-1:1",
            ],
            "error: --positions: combine encodes which of supports and opposes occur; on a graded scale use subtract or ignore\n",
        ),
        (
            &["--include-actor", "zelensky"],
            "error: --include-actor: no actor has the id \"zelensky\"\n",
        ),
        (
            &["--exclude-target", "plan-28"],
            "error: --exclude-target: no target has the id \"plan-28\"\n",
        ),
        (
            &["--include-source", "outlet=Wire"],
            "error: invalid value 'outlet=Wire' for '--include-source <FIELD=VALUE>': unknown field \"outlet\"; expected publisher, kind, language or id\n",
        ),
        (
            &["--include-kind", "company"],
            "error: invalid value 'company' for '--include-kind <KIND>'\n  [possible values: person, state, government, organisation, party, media, group, unnamed]\n",
        ),
        (&["--top-k", "0"], "error: --top-k: must be at least 1\n"),
        (
            &["--invert", "country"],
            "error: --invert: country has no include or exclude list to invert; name values with an include or exclude filter on country\n",
        ),
        (
            &["--include-organisation", "nato"],
            "error: --include-organisation: no actor or organisation an actor is tied to has the id \"nato\"\n",
        ),
        (
            &["--bandwidth", "30d"],
            "error: --bandwidth needs --kernel, such as --kernel gaussian --bandwidth 30d --step 7d\n",
        ),
        (
            &["--kernel", "gaussian", "--step", "7d"],
            "error: --kernel needs --bandwidth, such as --kernel gaussian --bandwidth 30d --step 7d\n",
        ),
        (
            &["--kernel", "gaussian", "--bandwidth", "1m", "--step", "7d"],
            "error: --bandwidth with --kernel is a number of days (30d) or weeks (2w), not 1 calendar month\n",
        ),
        (
            &["--window", "1m", "--step", "7d"],
            "error: --window: the window and its step must both be days (or weeks), both calendar months or years, or both statements\n",
        ),
        (
            &["--window", "2m", "--step", "1m"],
            "error: --window: a window of 2 calendar months is longer than the statements' range of 1 calendar month\n",
        ),
        (
            &["--duplicates-scope", "range"],
            "error: --duplicates-scope applies to --window and --kernel; a whole network's range is its window\n",
        ),
        (
            &["--nodes", "party"],
            "error: invalid value 'party' for '--nodes <VARIABLE>'\n  [possible values: actor, organisation, kind, country, publisher, source-kind, language, source]\n",
        ),
        (
            &["--min-weight", "NaN"],
            "error: --min-weight: NaN is not a number\n",
        ),
        (
            &["--min-frequency", "some"],
            "error: invalid value 'some' for '--min-frequency <N>': invalid digit found in string\n",
        ),
    ] {
        let mut all = vec!["network", "f.jsonl"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["-o", "out.csv"]);
        let r = run_in(dir, &all);
        assert_eq!(r.code(), 1, "{args:?}: {r:?}");
        let first = r
            .stderr
            .split_once("\n\nFor more information")
            .map_or(r.stderr.as_str(), |(head, _)| head);
        assert_eq!(first.trim_end(), message.trim_end(), "{args:?}");
        assert_eq!(r.out(), "", "{args:?}");
        assert_eq!(listing(dir), ["f.jsonl"], "{args:?}: no file written");

        // Nothing reaches standard output either.
        let mut to_stdout = vec!["network", "f.jsonl"];
        to_stdout.extend_from_slice(args);
        let r = run_in(dir, &to_stdout);
        assert_eq!((r.code(), r.out()), (1, ""), "{args:?}");
    }
}

#[test]
fn a_command_line_that_does_not_parse_exits_2() {
    let tmp = fixture();
    let dir = tmp.path();
    for args in [
        &["network", "f.jsonl", "--normalise", "cosine"][..],
        &["network", "f.jsonl", "--json", "--format", "matrix"],
        &["network", "f.jsonl", "--kind"],
        &["network"],
    ] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["-o", "out.csv"]);
        let r = run_in(dir, &all);
        assert_eq!(r.code(), 2, "{args:?}: {r:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {r:?}");
        assert_eq!(listing(dir), ["f.jsonl"], "{args:?}");
    }
}

#[test]
fn unreadable_input_and_output_exit_2() {
    let tmp = fixture();
    let dir = tmp.path();
    let r = run_in(dir, &["network", "missing.jsonl", "-o", "out.csv"]);
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(
        r.stderr.starts_with("error: cannot read missing.jsonl: "),
        "{r:?}"
    );
    std::fs::create_dir(dir.join("sub")).unwrap();
    let r = run_in(dir, &["network", "sub"]);
    assert_eq!(
        (r.code(), r.stderr.as_str()),
        (2, "error: cannot read sub: it is a directory\n")
    );
    let r = run_in(dir, &["network", "f.jsonl", "-o", "sub"]);
    assert_eq!(
        (r.code(), r.stderr.as_str()),
        (2, "error: cannot write sub: it is a directory\n")
    );
    let r = run_in(dir, &["network", "f.jsonl", "-o", "no/such/dir/out.csv"]);
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(
        r.stderr
            .starts_with("error: cannot write no/such/dir/out.csv: "),
        "{r:?}"
    );
    assert_eq!(listing(dir), ["f.jsonl", "sub"]);
}

#[test]
fn malformed_input_is_reported_at_its_line_and_column() {
    let tmp = fixture();
    let dir = tmp.path();
    let mut text: Vec<&str> = FIXTURE.lines().collect();
    text[12] = r#"{"type":"stance","id":"s2","holder":"b" "target":"p"}"#;
    std::fs::write(dir.join("bad.jsonl"), text.join("\n")).unwrap();
    let r = run_in(dir, &["network", "bad.jsonl", "-o", "out.csv"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        r.stderr,
        "bad.jsonl:13:41: error: expected `,` or `}`\n\
         error: bad.jsonl is malformed; run `claimgraph validate` for every problem in it\n"
    );

    text[12] = r#"{"type":"stance","id":"s2","holder":"bob","target":"p","position":"supports"}"#;
    std::fs::write(dir.join("bad.jsonl"), text.join("\n")).unwrap();
    let r = run_in(dir, &["network", "bad.jsonl", "-o", "out.csv"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "bad.jsonl:13: error: stance `s2`, field `holder`: `bob` names no record (expected an actor)\n"
        ),
        "{r:?}"
    );

    // A file of nothing is no dataset, as every command says; a dataset
    // without stances has no network.
    std::fs::write(dir.join("empty.jsonl"), "").unwrap();
    let r = run_in(dir, &["network", "empty.jsonl", "-o", "out.csv"]);
    assert_eq!(
        (r.code(), r.stderr.as_str()),
        (
            1,
            "empty.jsonl:1: error: the file is empty; expected a claimgraph dataset (canonical JSON or JSON Lines)\n\
             error: empty.jsonl is malformed; run `claimgraph validate` for every problem in it\n"
        )
    );
    std::fs::write(dir.join("header.jsonl"), "{\"format\":\"claimgraph/1\"}\n").unwrap();
    let r = run_in(dir, &["network", "header.jsonl", "-o", "out.csv"]);
    assert_eq!(
        (r.code(), r.stderr.as_str()),
        (
            1,
            "error: header.jsonl holds no stance to build a network from\n"
        )
    );
    assert_eq!(
        listing(dir),
        ["bad.jsonl", "empty.jsonl", "f.jsonl", "header.jsonl"]
    );
}

/// A dataset read whole (canonical JSON, standard input, several files
/// merged) is refused in `validate`'s words, at the file.
#[test]
fn a_dataset_read_whole_is_refused_in_the_words_of_validate() {
    let tmp = fixture();
    let dir = tmp.path();
    let mut text: Vec<&str> = FIXTURE.lines().collect();
    text[12] = r#"{"type":"stance","id":"s2","holder":"p","target":"b","position":"supports"}"#;
    let jsonl = text.join("\n");
    std::fs::write(dir.join("bad.jsonl"), &jsonl).unwrap();
    let json = claimgraph_core::Dataset::from_jsonl(&jsonl)
        .unwrap()
        .to_json();
    std::fs::write(dir.join("bad.json"), &json).unwrap();
    std::fs::write(
        dir.join("more.jsonl"),
        r#"{"type":"stance","id":"s2","holder":"p","target":"b","position":"supports"}"#,
    )
    .unwrap();
    let problem = "stance `s2`, field `holder`: `p` is a proposal, but this field takes an actor";
    let trailer = "is malformed; run `claimgraph validate` for every problem in it";
    let mut stripped = FIXTURE.lines().collect::<Vec<_>>();
    stripped.remove(12);
    std::fs::write(dir.join("g.jsonl"), stripped.join("\n")).unwrap();
    for (args, stdin, name) in [
        (&["bad.json"][..], "", "bad.json"),
        (&["-"][..], json.as_str(), "<stdin>"),
        (&["g.jsonl", "more.jsonl"][..], "", "g.jsonl + more.jsonl"),
    ] {
        for command in ["network", "validate"] {
            let mut all = vec![command];
            all.extend(args);
            let r = claimgraph(&all).dir(dir).stdin(stdin).run();
            assert_eq!(r.code(), 1, "{all:?}: {r:?}");
            if command == "network" {
                assert_eq!(
                    r.stderr,
                    format!("{name}: error: {problem}\nerror: {name} {trailer}\n"),
                    "{all:?}"
                );
            } else {
                assert!(
                    r.out().starts_with(&format!("{name}: error: {problem}\n")),
                    "{r:?}"
                );
            }
        }
    }
    // From JSON Lines, at the line.
    let r = claimgraph(&["network", "-"]).dir(dir).stdin(&jsonl).run();
    assert!(
        r.stderr
            .starts_with(&format!("<stdin>:13: error: {problem}\n")),
        "{r:?}"
    );
}
