//! `claimgraph merge` and the commands that take several files: clean unions,
//! conflicts refused or resolved, the same answers as on the merged file,
//! duplicate candidates, and hostile text escaped.

use claimgraph_core::Dataset;
use serde_json::{Value, json};
use tempfile::TempDir;

mod support;
use support::{claimgraph, dir_with, run_in};

fn read(dir: &TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("file written")
}

fn json_of(text: &str) -> Value {
    assert_eq!(text.lines().count(), 1, "one line of JSON: {text}");
    serde_json::from_str(text).expect("JSON")
}

/// The first report: the plan and its proposer, Kyiv and the EU against it.
const A: &str = r#"{
  "format": "claimgraph/1",
  "sources": [{"id": "wsj", "title": "Europeans push back on U.S. peace plan", "published": "2025-11-20"}],
  "actors": [
    {"id": "trump", "name": "Donald Trump", "kind": "person"},
    {"id": "ukr", "name": "Ukraine", "kind": "state", "aliases": ["Kyiv"]},
    {"id": "eu", "name": "European Union", "kind": "organisation"}
  ],
  "proposals": [{"id": "plan", "title": "28-point peace plan", "proposed_by": ["trump"]}],
  "stances": [
    {"id": "s-ukr", "holder": "ukr", "target": "plan", "position": "opposes", "evidence": [{"source": "wsj"}]},
    {"id": "s-eu", "holder": "eu", "target": "plan", "position": "opposes", "evidence": [{"source": "wsj"}]}
  ]
}
"#;

/// The second report, as JSON Lines: a stub of the plan with its status,
/// Ukraine with another alias, the UK against the plan and Trump for it
/// (Trump is defined only in the first report).
const B: &str = r#"{"format":"claimgraph/1"}
{"type":"source","id":"reuters","title":"Kyiv weighs the plan","published":"2025-11-21"}
{"type":"actor","id":"ukr","name":"Ukraine","kind":"state","aliases":["Kiev"]}
{"type":"actor","id":"uk","name":"United Kingdom","kind":"state"}
{"type":"proposal","id":"plan","title":"28-point peace plan","status":"proposed"}
{"type":"stance","id":"s-uk","holder":"uk","target":"plan","position":"opposes","evidence":[{"source":"reuters"}]}
{"type":"stance","id":"s-trump","holder":"trump","target":"plan","position":"supports","evidence":[{"source":"reuters"}]}
"#;

/// A third report that titles the plan differently.
const RETITLED: &str = r#"{"format": "claimgraph/1",
  "proposals": [{"id": "plan", "title": "The 28-point plan"}]}
"#;

/// The second report as canonical JSON.
fn b_as_json() -> String {
    Dataset::from_jsonl(B).expect("B parses").to_json()
}

fn merged_of(text: &str) -> Dataset {
    if text.starts_with("{\"format\":") {
        Dataset::from_jsonl(text).expect("JSON Lines written")
    } else {
        Dataset::from_json(text).expect("JSON written")
    }
}

/// The union both clean merges must give.
fn assert_unioned(ds: &Dataset) {
    assert_eq!(ds.len(), 11, "{ds:?}");
    assert_eq!(ds.proposals().len(), 1);
    let plan = &ds.proposals()[0];
    assert_eq!(plan.title, "28-point peace plan");
    assert_eq!(
        plan.proposed_by
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>(),
        ["trump"]
    );
    assert_eq!(plan.status.map(|s| s.as_str()), Some("proposed"));
    let ukr = ds.actors().iter().find(|a| a.id.as_str() == "ukr").unwrap();
    assert_eq!(ukr.aliases, ["Kyiv", "Kiev"]);
    assert_eq!(ds.validate().errors().count(), 0);
}

#[test]
fn two_json_files_merge_into_one() {
    let b = b_as_json();
    let dir = dir_with(&[("a.json", A), ("b.json", &b)]);
    let r = run_in(dir.path(), &["merge", "a.json", "b.json", "-o", "out.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(r.out(), "");
    assert_eq!(r.stderr, "out.json: 11 records from 2 files\n");
    let out = read(&dir, "out.json");
    assert!(
        out.starts_with("{\n  \"format\": \"claimgraph/1\""),
        "{out}"
    );
    assert_unioned(&merged_of(&out));
}

#[test]
fn json_and_json_lines_with_a_stub_union_cleanly() {
    let dir = dir_with(&[("a.json", A), ("b.jsonl", B)]);
    // OUT's extension picks JSON Lines.
    let r = run_in(
        dir.path(),
        &["merge", "a.json", "b.jsonl", "-o", "out.jsonl"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(r.stderr, "out.jsonl: 11 records from 2 files\n");
    let out = read(&dir, "out.jsonl");
    assert!(out.starts_with("{\"format\":\"claimgraph/1\"}\n"), "{out}");
    assert_unioned(&merged_of(&out));

    // Standard output, canonical JSON unless told; --format overrides.
    let r = run_in(dir.path(), &["merge", "a.json", "b.jsonl"]);
    assert_eq!((r.code(), r.stderr.as_str()), (0, ""), "{r:?}");
    assert_eq!(r.out(), merged_of(&out).to_json());
    let r = run_in(
        dir.path(),
        &["merge", "b.jsonl", "a.json", "--format", "jsonl", "-o", "-"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(r.out().starts_with("{\"format\":\"claimgraph/1\"}\n"));
    let ds = merged_of(r.out());
    assert_eq!(ds.len(), 11);
    // The first file's list items come first.
    let ukr = ds.actors().iter().find(|a| a.id.as_str() == "ukr").unwrap();
    assert_eq!(ukr.aliases, ["Kiev", "Kyiv"]);

    // Standard input is one of the files.
    let r = claimgraph(&["merge", "a.json", "-"])
        .dir(dir.path())
        .stdin(B)
        .run();
    assert_eq!(r.code(), 0, "{r:?}");
    assert_unioned(&merged_of(r.out()));
    let r = claimgraph(&["merge", "-", "a.json", "-"])
        .dir(dir.path())
        .stdin(B)
        .run();
    assert_eq!(r.code(), 2, "{r:?}");
    assert_eq!(
        r.stderr,
        "error: standard input (-) can be read only once\n"
    );
}

#[test]
fn a_file_merged_with_itself_comes_back_byte_for_byte() {
    let canonical = Dataset::from_json(A).unwrap().to_json();
    let lines = Dataset::from_json(A).unwrap().to_jsonl();
    let dir = dir_with(&[("f.json", &canonical), ("f.jsonl", &lines)]);
    let r = run_in(dir.path(), &["merge", "f.json", "f.json", "-o", "out.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(read(&dir, "out.json"), canonical);
    let r = run_in(
        dir.path(),
        &["merge", "f.jsonl", "f.jsonl", "f.json", "-o", "out.jsonl"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(read(&dir, "out.jsonl"), lines);
    let r = run_in(dir.path(), &["merge", "f.jsonl", "f.json"]);
    assert_eq!(r.out(), canonical);
}

#[test]
fn a_conflict_exits_1_writes_nothing_and_names_both_sides() {
    let dir = dir_with(&[("a.json", A), ("c.json", RETITLED), ("out.json", "old\n")]);
    let r = run_in(dir.path(), &["merge", "a.json", "c.json", "-o", "out.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.out(), "");
    assert_eq!(
        r.stderr,
        "error: conflict: proposal `plan`, field `title`: \"28-point peace plan\" in a.json \
         but \"The 28-point plan\" in c.json\n\
         error: 1 unresolved conflict between the files; nothing written; keep one side of \
         every conflict with --prefer first or --prefer last, or of each with --choices FILE\n"
    );
    assert_eq!(
        read(&dir, "out.json"),
        "old\n",
        "the existing file is intact"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");

    // Nothing goes to standard output either.
    let r = run_in(dir.path(), &["merge", "a.json", "c.json"]);
    assert_eq!((r.code(), r.out()), (1, ""), "{r:?}");

    // --json still says what happened.
    let r = run_in(
        dir.path(),
        &["merge", "a.json", "c.json", "-o", "out.json", "--json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let v = json_of(r.out());
    assert_eq!(v["output"]["written"], false);
    assert_eq!(v["unresolved"], 1);
    assert_eq!(
        v["conflicts"],
        json!([{"record_type": "proposal", "id": "plan", "field": "title",
                "first": "28-point peace plan", "last": "The 28-point plan",
                "first_origin": "a.json", "last_origin": "c.json", "resolution": null}])
    );
    assert_eq!(read(&dir, "out.json"), "old\n");
}

#[test]
fn prefer_and_choices_resolve_a_conflict() {
    let choices = r#"[
  {"id": "plan", "field": "title", "keep": "last"},
  {"id": "ukr", "field": "name", "keep": "first"}
]"#;
    let dir = dir_with(&[
        ("a.json", A),
        ("c.json", RETITLED),
        ("choices.json", choices),
    ]);
    let title = |dir: &TempDir| {
        merged_of(&read(dir, "out.json")).proposals()[0]
            .title
            .clone()
    };
    let note = "note: conflict: proposal `plan`, field `title`: \"28-point peace plan\" in a.json \
                but \"The 28-point plan\" in c.json";

    let r = run_in(
        dir.path(),
        &[
            "merge", "a.json", "c.json", "--prefer", "last", "-o", "out.json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(title(&dir), "The 28-point plan");
    assert_eq!(
        r.stderr,
        format!("{note} (kept the last)\nout.json: 7 records from 2 files, 1 conflict resolved\n")
    );

    let r = run_in(
        dir.path(),
        &[
            "merge", "a.json", "c.json", "--prefer", "first", "-o", "out.json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(title(&dir), "28-point peace plan");
    assert!(
        r.stderr.starts_with(&format!("{note} (kept the first)\n")),
        "{}",
        r.stderr
    );

    // A choice wins over --prefer; one that matches no conflict is a warning.
    let r = run_in(
        dir.path(),
        &[
            "merge",
            "a.json",
            "c.json",
            "--prefer",
            "first",
            "--choices",
            "choices.json",
            "-o",
            "out.json",
            "--json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(title(&dir), "The 28-point plan");
    assert_eq!(
        r.stderr,
        format!(
            "{note} (kept the last)\n\
             warning: choices.json: choice 2: no conflict on field `name` of `ukr`; the choice \
             to keep the first is unused\n\
             out.json: 7 records from 2 files, 1 conflict resolved\n"
        )
    );
    let v = json_of(r.out());
    assert_eq!(
        v["inputs"],
        json!([{"file": "a.json", "format": "json", "records": 7},
               {"file": "c.json", "format": "json", "records": 1}])
    );
    assert_eq!(v["output"]["file"], "out.json");
    assert_eq!(v["output"]["format"], "json");
    assert_eq!(v["output"]["written"], true);
    assert_eq!(v["output"]["records"], 7);
    assert_eq!(v["output"]["counts"]["proposals"], 1);
    assert_eq!(v["conflicts"][0]["resolution"], "last");
    assert_eq!(v["unresolved"], 0);
    assert_eq!(
        v["unused_choices"],
        json!([{"id": "ukr", "field": "name", "keep": "first"}])
    );
    assert_eq!(v["validation"], json!({"errors": 0, "warnings": 0}));

    // The choices file alone, without --prefer.
    let r = run_in(
        dir.path(),
        &[
            "merge",
            "a.json",
            "c.json",
            "--choices",
            "choices.json",
            "-o",
            "out.json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(title(&dir), "The 28-point plan");
}

#[test]
fn a_malformed_choices_file_is_refused_with_its_place() {
    let dir = dir_with(&[
        ("a.json", A),
        ("c.json", RETITLED),
        (
            "key.json",
            "[\n  {\"id\": \"plan\", \"feild\": \"title\", \"keep\": \"last\"}\n]",
        ),
        (
            "value.json",
            "[{\"id\": \"plan\", \"field\": \"title\", \"keep\": \"both\"}]",
        ),
        ("object.json", "{\"id\": \"plan\"}"),
        (
            "twice.json",
            "[{\"id\": \"plan\", \"field\": \"title\", \"keep\": \"last\"},\n \
              {\"id\": \"plan\", \"field\": \"title\", \"keep\": \"first\"}]",
        ),
        ("out.json", "old\n"),
    ]);
    let merge = |choices: &str| {
        run_in(
            dir.path(),
            &[
                "merge",
                "a.json",
                "c.json",
                "--choices",
                choices,
                "-o",
                "out.json",
            ],
        )
    };
    let r = merge("key.json");
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "key.json:2:24: error: unknown field `feild`, expected one of `id`, `field`, `keep`\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .ends_with("error: key.json is malformed; nothing written\n")
    );
    let r = merge("value.json");
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "value.json:1:48: error: unknown variant `both`, expected `first` or `last`\n"
        ),
        "{}",
        r.stderr
    );
    let r = merge("object.json");
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "object.json:1: error: invalid type: map, expected a sequence; expected a JSON array"
        ),
        "{}",
        r.stderr
    );
    let r = merge("twice.json");
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        r.stderr,
        "error: twice.json: choices 1 and 2 keep different sides of field `title` of `plan`; nothing written\n"
    );
    let r = merge("missing.json");
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(
        r.stderr.starts_with("error: cannot read missing.json: "),
        "{}",
        r.stderr
    );
    assert_eq!(read(&dir, "out.json"), "old\n");

    let r = run_in(
        dir.path(),
        &["merge", "a.json", "c.json", "--prefer", "both"],
    );
    assert_eq!(r.code(), 1, "a bad option value exits 1: {r:?}");
}

#[test]
fn one_id_for_two_kinds_is_a_type_conflict() {
    let other = r#"{"format": "claimgraph/1",
      "proposals": [{"id": "eu", "title": "European counter-proposal"}]}"#;
    let dir = dir_with(&[("a.json", A), ("d.json", other)]);
    let r = run_in(dir.path(), &["merge", "a.json", "d.json", "-o", "out.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(
            "error: conflict: actor `eu`, field `type`: \"actor\" in a.json but \"proposal\" in d.json\n"
        ),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("out.json").exists());

    // Keeping the proposal leaves a stance held by a proposal: written, with
    // the validation count on standard error.
    let r = run_in(
        dir.path(),
        &[
            "merge", "a.json", "d.json", "--prefer", "last", "-o", "out.json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let ds = merged_of(&read(&dir, "out.json"));
    assert!(ds.actors().iter().all(|a| a.id.as_str() != "eu"));
    assert_eq!(ds.proposals().len(), 2);
    assert!(
        r.stderr.ends_with(
            "out.json: 7 records from 2 files, 1 conflict resolved\n\
             warning: validation finds 1 error in the merged dataset; run `claimgraph validate out.json` for details\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_inputs_and_outputs() {
    let dir = dir_with(&[
        ("a.json", A),
        ("bad.jsonl", "{\"format\":\"claimgraph/1\"}\n{oops\n"),
        ("out.json", "old\n"),
    ]);
    let r = run_in(
        dir.path(),
        &["merge", "a.json", "bad.jsonl", "-o", "out.json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        r.stderr,
        "bad.jsonl:2:2: error: key must be a string\n\
         error: bad.jsonl is malformed (1 syntax error); nothing written\n"
    );
    let r = run_in(
        dir.path(),
        &["merge", "a.json", "nope.json", "-o", "out.json"],
    );
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(
        r.stderr.starts_with("error: cannot read nope.json: "),
        "{}",
        r.stderr
    );
    assert_eq!(read(&dir, "out.json"), "old\n");

    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let r = run_in(dir.path(), &["merge", "a.json", "-o", "sub"]);
    assert_eq!(r.code(), 2, "{r:?}");
    assert_eq!(r.stderr, "error: cannot write sub: it is a directory\n");
    let r = run_in(dir.path(), &["merge", "a.json", "--json"]);
    assert_eq!(r.code(), 2, "--json needs -o: {r:?}");
    let r = run_in(dir.path(), &["merge", "a.json", "--json", "-o", "-"]);
    assert_eq!(r.code(), 2, "{r:?}");
    let r = run_in(dir.path(), &["merge"]);
    assert_eq!(r.code(), 2, "{r:?}");
}

/// The same command on the two files and on their merge, with the merge's
/// name put in place of the file's.
fn same_on_merge(dir: &TempDir, before: &[&str], after: &[&str], merged: &str) {
    let mut two: Vec<&str> = before.to_vec();
    two.extend(["a.json", "b.jsonl"]);
    two.extend(after);
    let mut one: Vec<&str> = before.to_vec();
    one.push(merged);
    one.extend(after);
    let r2 = run_in(dir.path(), &two);
    let r1 = run_in(dir.path(), &one);
    assert_eq!(r2.code(), 0, "{two:?}: {r2:?}");
    assert_eq!(r1.code(), 0, "{one:?}: {r1:?}");
    assert!(!r1.out().is_empty());
    assert_eq!(
        r2.out().replace("a.json + b.jsonl", merged),
        r1.out(),
        "{two:?} vs {one:?}"
    );
}

#[test]
fn commands_on_two_files_answer_as_on_their_merge() {
    let dir = dir_with(&[("a.json", A), ("b.jsonl", B)]);
    for out in ["m.json", "m.jsonl"] {
        let r = run_in(dir.path(), &["merge", "a.json", "b.jsonl", "-o", out]);
        assert_eq!(r.code(), 0, "{r:?}");
    }
    for merged in ["m.json", "m.jsonl"] {
        same_on_merge(&dir, &["validate"], &[], merged);
        same_on_merge(&dir, &["show"], &[], merged);
        same_on_merge(&dir, &["query"], &["opponents", "plan"], merged);
        same_on_merge(
            &dir,
            &["query"],
            &["positions", "28-point peace plan", "--json"],
            merged,
        );
        same_on_merge(&dir, &["query"], &["conflicts"], merged);
        same_on_merge(&dir, &["network"], &[], merged);
        same_on_merge(
            &dir,
            &["network", "--kind", "conflict", "--json"],
            &[],
            merged,
        );
        same_on_merge(&dir, &["dedupe"], &[], merged);
    }
    let r = run_in(dir.path(), &["network", "a.json", "b.jsonl"]);
    assert_eq!(
        r.out(),
        "source,target,weight\neu,uk,1\neu,ukr,1\nuk,ukr,1\n",
        "{r:?}"
    );

    // JSON reports name every file, and say how each was read.
    let r = run_in(dir.path(), &["show", "--json", "a.json", "b.jsonl"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let mut v = json_of(r.out());
    assert_eq!(v["file"], "a.json + b.jsonl");
    assert_eq!(v["format"], "mixed");
    assert_eq!(
        v["inputs"],
        json!([{"file": "a.json", "format": "json", "records": 7},
               {"file": "b.jsonl", "format": "jsonl", "records": 6}])
    );
    let r = run_in(dir.path(), &["show", "--json", "m.json"]);
    let mut w = json_of(r.out());
    for key in ["file", "format", "inputs"] {
        v.as_object_mut().unwrap().remove(key);
        w.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(v, w);

    let r = run_in(dir.path(), &["validate", "--json", "a.json", "b.jsonl"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let v = json_of(r.out());
    assert_eq!(
        (v["valid"].clone(), v["records"].clone()),
        (json!(true), json!(11))
    );
    assert_eq!(v["conflicts"], json!([]));
    assert_eq!(v["inputs"][1]["file"], "b.jsonl");

    // Alone, the second report has a stance whose holder it does not define.
    let r = run_in(dir.path(), &["validate", "b.jsonl"]);
    assert_eq!(r.code(), 1, "{r:?}");
}

#[test]
fn commands_on_conflicting_files_exit_1_unless_told_which_side() {
    let dir = dir_with(&[("a.json", A), ("c.json", RETITLED)]);
    let conflict = "error: conflict: proposal `plan`, field `title`: \"28-point peace plan\" in a.json \
                    but \"The 28-point plan\" in c.json\n\
                    error: 1 unresolved conflict between the files; keep one side of every \
                    conflict with --prefer first or --prefer last\n";
    for args in [
        &["show", "a.json", "c.json"][..],
        &["query", "a.json", "c.json", "opponents", "plan"],
        &["network", "a.json", "c.json"],
        &["dedupe", "a.json", "c.json"],
    ] {
        let r = run_in(dir.path(), args);
        assert_eq!((r.code(), r.out()), (1, ""), "{args:?}: {r:?}");
        assert_eq!(r.stderr, conflict, "{args:?}");
    }

    // validate reports the conflict with the rest of its findings.
    let r = run_in(dir.path(), &["validate", "a.json", "c.json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        r.out(),
        "a.json + c.json: error: conflict: proposal `plan`, field `title`: \"28-point peace plan\" \
         in a.json but \"The 28-point plan\" in c.json\n\
         invalid: 1 conflict, 0 errors, 0 warnings in 7 records\n"
    );
    let r = run_in(dir.path(), &["validate", "--json", "a.json", "c.json"]);
    let v = json_of(r.out());
    assert_eq!(v["valid"], false);
    assert_eq!(v["conflicts"][0]["field"], "title");

    // --prefer resolves it, and the note stays on standard error.
    let r = run_in(
        dir.path(),
        &["validate", "a.json", "c.json", "--prefer", "last"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.out().ends_with("valid: 7 records, 0 warnings\n"),
        "{}",
        r.out()
    );
    let r = run_in(
        dir.path(),
        &[
            "query",
            "a.json",
            "c.json",
            "opponents",
            "plan",
            "--prefer",
            "last",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.out()
            .starts_with("Opponents of The 28-point plan (plan):\n"),
        "{}",
        r.out()
    );
    assert!(
        r.stderr.starts_with("note: conflict: proposal `plan`"),
        "{}",
        r.stderr
    );
    let r = run_in(
        dir.path(),
        &["show", "--prefer", "first", "a.json", "c.json"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.out().contains("  plan: 28-point peace plan"),
        "{}",
        r.out()
    );

    // Syntax errors name their own file; an unreadable file exits 2.
    let bad = "{\"format\":\"claimgraph/1\"}\n{\"type\":\"actor\",\"id\":\"x\",\"name\":\"X\",\"kind\":\"robot\"}\n";
    std::fs::write(dir.path().join("bad.jsonl"), bad).unwrap();
    let r = run_in(dir.path(), &["validate", "a.json", "bad.jsonl"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.out().starts_with("bad.jsonl:2:"), "{}", r.out());
    assert!(
        r.out()
            .ends_with("invalid: 1 syntax error, 0 errors, 0 warnings in 7 records\n"),
        "{}",
        r.out()
    );
    let r = run_in(dir.path(), &["validate", "--json", "a.json", "bad.jsonl"]);
    assert_eq!(json_of(r.out())["syntax_errors"][0]["file"], "bad.jsonl");
    let r = run_in(dir.path(), &["show", "a.json", "bad.jsonl"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr
            .ends_with("error: bad.jsonl is malformed (1 syntax error); nothing shown\n"),
        "{}",
        r.stderr
    );
    for cmd in ["validate", "show", "network", "dedupe"] {
        let r = run_in(dir.path(), &[cmd, "a.json", "nope.json"]);
        assert_eq!(r.code(), 2, "{cmd}: {r:?}");
        assert!(
            r.stderr.starts_with("error: cannot read nope.json: "),
            "{cmd}: {}",
            r.stderr
        );
    }
}

/// Russia, with Moscow and the Kremlin among its aliases, and the Kremlin
/// as an actor of its own; Ukraine, alias Kyiv.
const RUSSIA: &str = r#"{"format": "claimgraph/1",
  "actors": [
    {"id": "russia", "name": "Russia", "kind": "state", "country": "RUS", "aliases": ["Moscow", "the Kremlin"]},
    {"id": "kremlin", "name": "Kremlin", "kind": "government"},
    {"id": "ukr", "name": "Ukraine", "kind": "state", "country": "UKR", "aliases": ["Kyiv"]}
  ]}
"#;

/// A second report: Moscow and Kyiv as actors; Kyiv judged to be Ukraine,
/// the Kremlin judged not to be Russia.
const CITIES: &str = r#"{"format":"claimgraph/1"}
{"type":"actor","id":"moscow","name":"Moscow","kind":"government"}
{"type":"actor","id":"kyiv","name":"Kyiv","kind":"government"}
{"type":"same_as","id":"j1","a":"ukr","b":"kyiv","judgement":"positive","decided_by":"desk"}
{"type":"same_as","id":"j2","a":"russia","b":"kremlin","judgement":"negative","decided_by":"desk","reason":"the building, not the state"}
"#;

#[test]
fn dedupe_lists_candidates_and_judged_groups() {
    let dir = dir_with(&[("russia.json", RUSSIA), ("cities.jsonl", CITIES)]);
    let r = run_in(dir.path(), &["dedupe", "russia.json", "cities.jsonl"]);
    assert_eq!((r.code(), r.stderr.as_str()), (0, ""), "{r:?}");
    assert_eq!(
        r.out(),
        "duplicate candidates:\n  \
         moscow (Moscow)  russia (Russia)  same name: \"Moscow\" and \"Moscow\"; \
         Moscow is the capital of RUS, the country of state `russia`\n\
         judged the same:\n  \
         ukr: kyiv (Kyiv), ukr (Ukraine)\n"
    );

    // Without the judgements, the Kremlin and Kyiv are candidates too.
    let r = run_in(dir.path(), &["dedupe", "russia.json"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out(),
        "duplicate candidates:\n  \
         kremlin (Kremlin)  russia (Russia)  same name: \"Kremlin\" and \"the Kremlin\"\n\
         judged the same:\n  none\n"
    );

    let r = run_in(
        dir.path(),
        &["dedupe", "--json", "russia.json", "cities.jsonl"],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        json_of(r.out()),
        json!({
            "file": "russia.json + cities.jsonl",
            "candidates": [{
                "a": {"id": "moscow", "name": "Moscow"},
                "b": {"id": "russia", "name": "Russia"},
                "reasons": [
                    {"reason": "same_name", "a": "Moscow", "b": "Moscow",
                     "message": "same name: \"Moscow\" and \"Moscow\""},
                    {"reason": "capital", "name": "Moscow", "country": "RUS", "state": "russia",
                     "message": "Moscow is the capital of RUS, the country of state `russia`"},
                ],
            }],
            "same_as": [{"canonical": "ukr",
                         "members": [{"id": "kyiv", "name": "Kyiv"}, {"id": "ukr", "name": "Ukraine"}]}],
        })
    );

    let r = run_in(dir.path(), &["dedupe", "cities.jsonl"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(
        r.out(),
        "duplicate candidates:\n  none\njudged the same:\n  \
         ukr: kyiv (Kyiv), ukr (no record)\n"
    );
}

#[test]
fn hostile_text_in_a_conflict_is_escaped() {
    let first = "{\"format\": \"claimgraph/1\", \"proposals\": [{\"id\": \"plan\u{202e}x\", \
                 \"title\": \"Plan\\u001b[2J\\u001b]0;pwned\\u0007\"}], \
                 \"actors\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"person\", \
                 \"external_ids\": {\"wiki\\u001bdata\": \"Q1\"}}]}";
    let second = "{\"format\": \"claimgraph/1\", \"proposals\": [{\"id\": \"plan\u{202e}x\", \
                  \"title\": \"Other \u{202e}title\"}], \
                  \"actors\": [{\"id\": \"a\", \"name\": \"A\", \"kind\": \"person\", \
                  \"external_ids\": {\"wiki\\u001bdata\": \"Q2\"}}]}";
    let dir = dir_with(&[("one.json", first), ("t\u{1b}[31mwo.json", second)]);
    let r = run_in(
        dir.path(),
        &["merge", "one.json", "t\u{1b}[31mwo.json", "-o", "out.json"],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!r.stderr.contains(bad), "{bad:?} unescaped in {}", r.stderr);
    }
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "error: conflict: actor `a`, field `external_ids.wiki\\u{1b}data`: \"Q1\" in one.json \
             but \"Q2\" in t\\u{1b}[31mwo.json",
            "error: conflict: proposal `plan\\u{202e}x`, field `title`: \
             \"Plan\\u001b[2J\\u001b]0;pwned\\u0007\" in one.json but \"Other \\u{202e}title\" \
             in t\\u{1b}[31mwo.json",
        ],
        "{}",
        r.stderr
    );

    // A hostile choice that matches nothing is escaped in its warning.
    std::fs::write(
        dir.path().join("ch.json"),
        "[{\"id\": \"x\\u001b[2J\", \"field\": \"title\", \"keep\": \"last\"}]",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &[
            "merge",
            "one.json",
            "t\u{1b}[31mwo.json",
            "--prefer",
            "first",
            "--choices",
            "ch.json",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.stderr
            .contains("warning: ch.json: choice 1: no conflict on field `title` of `x\\u{1b}[2J`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'));
}

#[test]
fn help_shows_the_new_commands_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["--help"]);
    assert_eq!(r.code(), 0);
    for needle in [
        "merge",
        "dedupe",
        "claimgraph merge wsj.json reuters.jsonl -o story.json",
    ] {
        assert!(
            r.out().contains(needle),
            "--help lacks {needle:?}:\n{}",
            r.out()
        );
    }
    for cmd in ["merge", "dedupe"] {
        let r = run_in(dir.path(), &[cmd, "--help"]);
        assert_eq!(r.code(), 0);
        assert!(r.out().contains("--prefer"), "{}", r.out());
        assert!(
            r.out().contains(&format!("Examples:\n  claimgraph {cmd} ")),
            "{}",
            r.out()
        );
    }
    for cmd in ["validate", "show", "query", "network"] {
        let r = run_in(dir.path(), &[cmd, "--help"]);
        assert!(r.out().contains("<FILE>..."), "{cmd}: {}", r.out());
        assert!(r.out().contains("--prefer <SIDE>"), "{cmd}: {}", r.out());
    }
}
