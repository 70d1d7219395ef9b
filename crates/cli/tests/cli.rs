//! The `claimgraph` binary as a user runs it: exit statuses, what goes to
//! standard output and standard error, and the exact text printed.

use serde_json::{Value, json};

mod support;
use support::{Run, claimgraph, run_in, with_file};

fn run(name: &str, content: &[u8], args: &[&str]) -> Run {
    let dir = with_file(name, content);
    run_in(dir.path(), args)
}

fn json_of(run: &Run) -> Value {
    assert_eq!(run.out().lines().count(), 1, "one line of JSON: {run:?}");
    serde_json::from_str(run.out()).expect("stdout is JSON")
}

/// A small, valid plan: three actors, a plan with nested points, a second
/// top-level proposal, and a stance with evidence.
const PLAN: &str = r#"{
  "format": "claimgraph/1",
  "sources": [{"id": "wsj", "title": "Europeans push back on U.S. peace plan"}],
  "actors": [
    {"id": "trump", "name": "Donald Trump", "kind": "person"},
    {"id": "witkoff", "name": "Steve Witkoff", "kind": "person"},
    {"id": "ukr", "name": "Ukraine", "kind": "state", "aliases": ["Kyiv"]}
  ],
  "proposals": [
    {"id": "plan", "title": "28-point peace plan", "status": "proposed",
     "proposed_by": ["trump", "witkoff"]},
    {"id": "p7", "title": "Cap on Ukraine's armed forces", "part_of": "plan",
     "label": "point 7", "topic": "military"},
    {"id": "p7a", "title": "600,000 troops", "part_of": "p7", "label": "7(a)",
     "topic": "military"},
    {"id": "p1", "title": "Sovereignty of Ukraine confirmed", "part_of": "plan",
     "label": "point 1", "topic": "governance"},
    {"id": "eu-plan", "title": "European counter-proposal", "status": "draft"}
  ],
  "concessions": [
    {"id": "k-army", "by": "ukr", "what": "Cap its army", "required_by": "p7a"}
  ],
  "stances": [
    {"id": "s-ukr", "holder": "ukr", "target": "p7", "position": "opposes",
     "evidence": [{"source": "wsj"}]}
  ]
}
"#;

#[test]
fn a_valid_file_exits_0_with_a_summary() {
    let r = run("plan.json", PLAN.as_bytes(), &["validate", "plan.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(r.out(), "valid: 11 records, 0 warnings\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn warnings_alone_leave_the_file_valid() {
    let plan = PLAN.replace(",\n     \"evidence\": [{\"source\": \"wsj\"}]", "");
    assert_ne!(plan, PLAN);
    let r = run("plan.json", plan.as_bytes(), &["validate", "plan.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out(),
        "plan.json: warning: stance `s-ukr`, field `evidence`: stance has no evidence\n\
         valid: 11 records, 1 warning\n"
    );
}

#[test]
fn semantic_errors_exit_1_naming_record_and_field() {
    let plan = PLAN
        .replace(r#""holder": "ukr""#, r#""holder": "nobody""#)
        .replace(r#"{"id": "p1","#, r#"{"id": "p7","#);
    let r = run("plan.json", plan.as_bytes(), &["validate", "plan.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    let lines: Vec<&str> = r.out().lines().collect();
    assert_eq!(
        lines,
        [
            "plan.json: error: proposal `p7`, field `id`: id is already used by an earlier proposal (the 2nd of that kind)",
            "plan.json: error: stance `s-ukr`, field `holder`: `nobody` names no record (expected an actor)",
            "invalid: 2 errors, 0 warnings in 11 records",
        ]
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn a_syntax_error_in_json_exits_1_with_line_and_column() {
    let plan = PLAN.replace(
        r#""title": "600,000 troops""#,
        r#""titel": "600,000 troops""#,
    );
    let r = run("plan.json", plan.as_bytes(), &["validate", "plan.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    let first = r.out().lines().next().unwrap_or_default();
    assert!(
        first.starts_with("plan.json:14:25: error: unknown field `titel`"),
        "{first}"
    );
    assert!(
        r.out()
            .ends_with("invalid: 1 syntax error, 0 errors, 0 warnings in 0 records\n")
    );
}

#[test]
fn a_bad_value_is_a_syntax_error_with_its_place() {
    let plan = PLAN.replace(r#""kind": "state""#, r#""kind": "country""#);
    let r = run("plan.json", plan.as_bytes(), &["validate", "plan.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.out()
            .starts_with("plan.json:7:54: error: unknown variant `country`, expected one of"),
        "{}",
        r.out()
    );
}

/// Line 3 has a bad enum value, line 5 is not JSON; the good records are still
/// checked, so the dangling holder on line 4 is reported too.
const CORPUS: &str = concat!(
    "{\"format\":\"claimgraph/1\"}\n",
    "{\"type\":\"actor\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"person\"}\n",
    "{\"type\":\"actor\",\"id\":\"b\",\"name\":\"B\",\"kind\":\"robot\"}\n",
    "{\"type\":\"stance\",\"id\":\"s\",\"holder\":\"b\",\"target\":\"a\",\"position\":\"opposes\",\"evidence\":[{\"source\":\"src\"}]}\n",
    "{oops\n",
    "\n",
    "{\"type\":\"source\",\"id\":\"src\",\"title\":\"A report\"}\n",
);

#[test]
fn json_lines_reports_every_bad_line_and_checks_the_rest() {
    let r = run(
        "corpus.jsonl",
        CORPUS.as_bytes(),
        &["validate", "corpus.jsonl"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let lines: Vec<&str> = r.out().lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.out());
    assert!(
        lines[0].starts_with("corpus.jsonl:3:50: error: unknown variant `robot`"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "corpus.jsonl:5:2: error: key must be a string");
    assert_eq!(
        lines[2],
        "corpus.jsonl: error: stance `s`, field `holder`: `b` names no record (expected an actor)"
    );
    assert_eq!(
        lines[3],
        "invalid: 2 syntax errors, 1 error, 0 warnings in 3 records"
    );
}

#[test]
fn json_lines_is_recognised_by_content_whatever_the_extension() {
    let r = run(
        "corpus.txt",
        CORPUS.as_bytes(),
        &["validate", "--json", "corpus.txt"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let v = json_of(&r);
    assert_eq!(v["format"], "jsonl");
    let lines: Vec<&Value> = v["syntax_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["line"])
        .collect();
    assert_eq!(lines, [3, 5]);

    let valid = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"One aggressor, one victim\"}\n";
    let r = run("claims.txt", valid.as_bytes(), &["validate", "claims.txt"]);
    assert_eq!((r.code(), r.out()), (0, "valid: 1 record, 0 warnings\n"));
}

#[test]
fn json_lines_named_json_is_read_as_json_with_a_hint() {
    let r = run(
        "corpus.json",
        CORPUS.as_bytes(),
        &["validate", "corpus.json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.out().starts_with(
            "corpus.json:2:1: error: trailing characters; the file looks like JSON Lines"
        ),
        "{}",
        r.out()
    );
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let r = claimgraph(&["validate", "-"])
        .dir(dir.path())
        .stdin(CORPUS)
        .run();
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.out().starts_with("<stdin>:3:50: error:"), "{}", r.out());
    let r = claimgraph(&["show", "-"]).dir(dir.path()).stdin(PLAN).run();
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(r.out().starts_with("<stdin>: 11 records\n"), "{}", r.out());
}

#[test]
fn a_missing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["validate", "nope.json"][..],
        &["validate", "--json", "nope.json"],
        &["show", "nope.json"],
    ] {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code(), 2, "{r:?}");
        assert_eq!(r.out(), "");
        assert!(
            r.stderr.starts_with("error: cannot read nope.json: "),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_directory_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data.json")).unwrap();
    for cmd in ["validate", "show"] {
        let r = run_in(dir.path(), &[cmd, "data.json"]);
        assert_eq!(r.code(), 2, "{r:?}");
        assert_eq!(r.out(), "");
        assert_eq!(
            r.stderr,
            "error: cannot read data.json: it is a directory\n"
        );
    }
}

/// An empty file was read, but holds no dataset: invalid input (1), not unreadable (2).
#[test]
fn an_empty_file_is_invalid() {
    for (name, content) in [("e.json", ""), ("e.jsonl", ""), ("e.txt", " \n\n\t\n")] {
        let r = run(name, content.as_bytes(), &["validate", name]);
        assert_eq!(r.code(), 1, "{name}: {r:?}");
        assert_eq!(
            r.out(),
            format!(
                "{name}:1: error: the file is empty; expected a claimgraph dataset \
                 (canonical JSON or JSON Lines)\n\
                 invalid: 1 syntax error, 0 errors, 0 warnings in 0 records\n"
            )
        );
        let r = run(name, content.as_bytes(), &["show", name]);
        assert_eq!(r.code(), 1, "{name}: {r:?}");
        assert_eq!(r.out(), "");
    }
}

#[test]
fn a_byte_order_mark_and_blank_lines_before_the_data_are_skipped() {
    let mut content = b"\xEF\xBB\xBF\n\n".to_vec();
    content.extend_from_slice(PLAN.as_bytes());
    let r = run("bom.txt", &content, &["validate", "bom.txt"]);
    assert_eq!((r.code(), r.out()), (0, "valid: 11 records, 0 warnings\n"));
    let mut content = b"\xEF\xBB\xBF\n".to_vec();
    content.extend_from_slice(CORPUS.as_bytes());
    let r = run("bom.txt", &content, &["validate", "bom.txt"]);
    assert!(
        r.out()
            .starts_with("bom.txt:4:50: error: unknown variant `robot`"),
        "{r:?}"
    );
}

#[test]
fn a_header_alone_is_a_valid_empty_dataset() {
    let r = run(
        "h.jsonl",
        b"{\"format\":\"claimgraph/1\"}\n",
        &["validate", "h.jsonl"],
    );
    assert_eq!((r.code(), r.out()), (0, "valid: 0 records, 0 warnings\n"));
}

#[test]
fn garbage_and_huge_lines_are_reported_not_crashed_on() {
    let garbage: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    for name in ["g.bin", "g.json", "g.jsonl"] {
        let r = run(name, &garbage, &["validate", name]);
        assert_eq!(r.code(), 1, "{name}: {r:?}");
        assert!(r.out().starts_with(&format!("{name}:1:")), "{}", r.out());
    }
    let huge = format!(
        "{{\"type\":\"claim\",\"id\":\"c\",\"text\":\"{}\"}}\n{{\"type\":\"claim\",\"id\":\"d\",\"text\":\"{}\n",
        "x".repeat(8 << 20),
        "y".repeat(1 << 20)
    );
    let r = run("huge.jsonl", huge.as_bytes(), &["validate", "huge.jsonl"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.out().starts_with("huge.jsonl:2:"),
        "{}",
        &r.out()[..200.min(r.out().len())]
    );
    assert!(
        r.out()
            .ends_with("invalid: 1 syntax error, 0 errors, 0 warnings in 1 record\n")
    );
}

#[test]
fn validate_json_has_every_field() {
    let plan = PLAN.replace(r#""holder": "ukr""#, r#""holder": "nobody""#);
    let r = run(
        "plan.json",
        plan.as_bytes(),
        &["validate", "--json", "plan.json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        json_of(&r),
        json!({
            "file": "plan.json",
            "format": "json",
            "valid": false,
            "records": 11,
            "errors": 1,
            "warnings": 0,
            "problems": [{
                "severity": "error",
                "record_type": "stance",
                "record": "s-ukr",
                "field": "holder",
                "code": "dangling_reference",
                "target": "nobody",
                "expected": ["actor"],
                "message": "`nobody` names no record (expected an actor)",
            }],
            "syntax_errors": [],
        })
    );

    let r = run(
        "plan.json",
        PLAN.as_bytes(),
        &["validate", "--json", "plan.json"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let v = json_of(&r);
    assert_eq!(
        (v["valid"].clone(), v["records"].clone()),
        (json!(true), json!(11))
    );

    let r = run(
        "bad.json",
        b"{\"format\": 7}",
        &["validate", "--json", "bad.json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let v = json_of(&r);
    assert_eq!(v["valid"], false);
    assert_eq!(v["syntax_errors"][0]["line"], 1);
    assert_eq!(v["syntax_errors"][0]["column"], 12);
    assert!(v["syntax_errors"][0]["message"].is_string());
}

#[test]
fn show_prints_counts_and_the_proposal_tree() {
    let r = run("plan.json", PLAN.as_bytes(), &["show", "plan.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out(),
        "\
plan.json: 11 records
  sources      1
  actors       3
  proposals    5
  concessions  1
  claims       0
  quotes       0
  stances      1
  relations    0
  obligations  0
  same_as      0

proposals:
  plan: 28-point peace plan (status: proposed; proposed by: Donald Trump, Steve Witkoff)
    p7 [point 7]: Cap on Ukraine's armed forces (topic: military)
      p7a [7(a)]: 600,000 troops (topic: military)
    p1 [point 1]: Sovereignty of Ukraine confirmed (topic: governance)
  eu-plan: European counter-proposal (status: draft)
"
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn show_json_nests_points() {
    let r = run(
        "plan.json",
        PLAN.as_bytes(),
        &["show", "--json", "plan.json"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let point = |id: &str, title: &str, label: &str, topic: &str, parent: &str, points: Value| {
        json!({"id": id, "title": title, "label": label, "topic": topic, "status": null,
               "part_of": parent, "proposed_by": [], "points": points})
    };
    assert_eq!(
        json_of(&r),
        json!({
            "file": "plan.json",
            "format": "json",
            "records": 11,
            "counts": {"sources": 1, "actors": 3, "proposals": 5, "concessions": 1,
                       "claims": 0, "quotes": 0, "stances": 1, "relations": 0,
                       "obligations": 0, "same_as": 0},
            "proposals": [
                {"id": "plan", "title": "28-point peace plan", "label": null, "topic": null,
                 "status": "proposed", "part_of": null,
                 "proposed_by": [{"id": "trump", "name": "Donald Trump"},
                                 {"id": "witkoff", "name": "Steve Witkoff"}],
                 "points": [
                    point("p7", "Cap on Ukraine's armed forces", "point 7", "military", "plan",
                          json!([point("p7a", "600,000 troops", "7(a)", "military", "p7", json!([]))])),
                    point("p1", "Sovereignty of Ukraine confirmed", "point 1", "governance", "plan", json!([])),
                 ]},
                {"id": "eu-plan", "title": "European counter-proposal", "label": null, "topic": null,
                 "status": "draft", "part_of": null, "proposed_by": [], "points": []},
            ],
        })
    );
    // Counts keep the canonical order of kinds, not the alphabetical one.
    let at = |key: &str| r.out().find(&format!("\"{key}\":")).unwrap();
    assert!(at("sources") < at("actors") && at("stances") < at("relations"));
}

#[test]
fn show_places_every_proposal_once_even_with_broken_links() {
    let ds = r#"{"format": "claimgraph/1", "proposals": [
        {"id": "a", "title": "A", "part_of": "b"},
        {"id": "b", "title": "B", "part_of": "a"},
        {"id": "c", "title": "C", "part_of": "b", "proposed_by": ["ghost"]},
        {"id": "d", "title": "D", "part_of": "gone"}
    ]}"#;
    let r = run("loops.json", ds.as_bytes(), &["show", "loops.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let tree = r.out().split("proposals:\n").nth(1).unwrap_or_default();
    assert_eq!(
        tree,
        "  d: D (part of: gone (missing))\n  a: A (part of: b)\n    b: B\n      c: C (proposed by: ghost (unknown actor))\n"
    );
}

#[test]
fn show_refuses_malformed_input() {
    let r = run(
        "corpus.jsonl",
        CORPUS.as_bytes(),
        &["show", "--json", "corpus.jsonl"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.out(), "");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stderr);
    assert!(lines[0].starts_with("corpus.jsonl:3:50: error:"));
    assert!(lines[1].starts_with("corpus.jsonl:5:2: error:"));
    assert_eq!(
        lines[2],
        "error: corpus.jsonl is malformed (2 syntax errors); nothing shown"
    );
}

#[test]
fn control_characters_are_escaped_in_text_output() {
    let ds = r#"{"format": "claimgraph/1",
      "actors": [{"id": "a", "name": "Evil\u001b]0;pwned\u0007 Київ", "kind": "person"}],
      "proposals": [{"id": "p", "title": "line one\nline two\u202e", "label": "\t7",
                     "proposed_by": ["a"]}]}"#;
    let r = run("evil.json", ds.as_bytes(), &["show", "evil.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out().lines().last(),
        Some(
            "  p [\\t7]: line one\\nline two\\u{202e} \
             (proposed by: Evil\\u{1b}]0;pwned\\u{7} Київ)"
        )
    );
    assert!(!r.out().contains('\u{1b}') && !r.out().contains('\u{7}'));

    // A hostile value quoted back in a syntax error, and a hostile file name.
    let line = "{\"type\":\"actor\",\"id\":\"a\",\"name\":\"A\",\"kind\":\"\\u001b[2J\"}\n";
    let r = run(
        "x\u{1b}.jsonl",
        line.as_bytes(),
        &["validate", "x\u{1b}.jsonl"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.out().starts_with("x\\u{1b}.jsonl:1:")
            && r.out()
                .contains(": error: unknown variant `\\u{1b}[2J`, expected one of"),
        "{}",
        r.out()
    );
    assert!(!r.out().contains('\u{1b}'));

    // JSON output keeps the text, escaped by JSON itself.
    let r = run("evil.json", ds.as_bytes(), &["show", "--json", "evil.json"]);
    let v = json_of(&r);
    assert_eq!(v["proposals"][0]["title"], "line one\nline two\u{202e}");
}

#[test]
fn deep_chains_of_points_do_not_exhaust_the_stack() {
    let n = 50_000;
    let mut proposals = vec![json!({"id": "p0", "title": "root"})];
    proposals.extend(
        (1..n).map(
            |i| json!({"id": format!("p{i}"), "title": "t", "part_of": format!("p{}", i - 1)}),
        ),
    );
    let ds = json!({"format": "claimgraph/1", "proposals": proposals}).to_string();
    let r = run("deep.json", ds.as_bytes(), &["show", "deep.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out().lines().filter(|l| l.ends_with(": t")).count(),
        n - 1
    );
    let r = run("deep.json", ds.as_bytes(), &["show", "--json", "deep.json"]);
    assert_eq!(r.code(), 0);
    // Too deep for serde_json to read back, so check the nesting by hand.
    let mut depth = 0i64;
    let mut deepest = 0;
    for b in r.out().bytes() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    assert_eq!(depth, 0);
    assert_eq!(deepest, 2 + 2 * n as i64);
}

#[test]
fn output_is_deterministic() {
    let dir = with_file("plan.json", PLAN.as_bytes());
    for args in [
        &["show", "plan.json"][..],
        &["show", "--json", "plan.json"],
        &["validate", "--json", "plan.json"],
    ] {
        let a = run_in(dir.path(), args);
        let b = run_in(dir.path(), args);
        assert_eq!(a.out(), b.out());
    }
}

#[test]
fn help_explains_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["--help"]);
    assert_eq!(r.code(), 0);
    for needle in [
        "validate",
        "show",
        "Exit status:",
        "Examples:",
        "claimgraph validate plan.json",
    ] {
        assert!(
            r.out().contains(needle),
            "--help lacks {needle:?}:\n{}",
            r.out()
        );
    }
    for cmd in ["validate", "show"] {
        let r = run_in(dir.path(), &[cmd, "--help"]);
        assert_eq!(r.code(), 0);
        assert!(r.out().contains("--json"), "{}", r.out());
        assert!(
            r.out().contains(&format!("Examples:\n  claimgraph {cmd} ")),
            "{}",
            r.out()
        );
    }
    let r = run_in(dir.path(), &["validate"]);
    assert_eq!(r.code(), 2, "a missing FILE is a usage error");
    assert!(r.stderr.contains("<FILE>"));
}

#[test]
fn a_top_level_value_that_is_not_a_dataset_names_what_was_expected() {
    let r = run("list.json", b"[1, 2]\n", &["validate", "list.json"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("expected a claimgraph dataset object")
            || r.out().contains("expected a claimgraph dataset object"),
        "{r:?}"
    );
    assert!(
        !r.stderr.contains("DatasetIn") && !r.out().contains("DatasetIn"),
        "{r:?}"
    );
}
