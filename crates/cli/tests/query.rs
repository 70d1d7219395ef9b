//! `claimgraph query`: each question answered with its evidence, names
//! resolved, and bad input refused with status 1.

use std::path::Path;

use serde_json::Value;

mod support;
use support::{Run, claimgraph, data, with_file};

fn query(file: &Path, args: &[&str]) -> Run {
    claimgraph(&["query"]).arg(file).args(args).run()
}

/// Two readings of a plan: Kyiv opposes it in March and supports it in May;
/// Moscow's spokesman declines to comment; "Officials" relay that Washington
/// supports it. Two actors are both called "Smith", to be ambiguous.
const FIXTURE: &str = r#"{
  "format": "claimgraph/1",
  "sources": [
    {"id": "a1", "title": "March report", "published": "2025-03-01"},
    {"id": "a2", "title": "May report", "published": "2025-05-01"}
  ],
  "actors": [
    {"id": "ukr", "name": "Ukraine", "kind": "state", "aliases": ["Kyiv"]},
    {"id": "rus", "name": "Russia", "kind": "state", "aliases": ["Moscow"]},
    {"id": "usa", "name": "United States", "kind": "state", "aliases": ["Washington"]},
    {"id": "peskov", "name": "Dmitry Peskov", "kind": "person",
     "affiliations": [{"actor": "rus", "kind": "spokesperson", "title": "Kremlin spokesman"}]},
    {"id": "officials", "name": "Officials", "kind": "unnamed"},
    {"id": "smith-a", "name": "Smith", "kind": "person"},
    {"id": "smith-b", "name": "Smith", "kind": "person"}
  ],
  "proposals": [
    {"id": "plan", "title": "Peace plan", "proposed_by": ["usa"]},
    {"id": "p1", "title": "Territory", "part_of": "plan", "label": "point 1"},
    {"id": "p2", "title": "Army cap", "part_of": "plan", "label": "point 2"}
  ],
  "concessions": [
    {"id": "c1", "by": "ukr", "to": "rus", "what": "eastern land", "topic": "territory", "required_by": "p1"},
    {"id": "c2", "by": "ukr", "to": "rus", "what": "army size", "topic": "military", "required_by": "p2"}
  ],
  "quotes": [
    {"id": "q1", "speaker": "ukr", "text": "we reject it", "mode": "paraphrase", "source": "a1"},
    {"id": "q2", "speaker": "ukr", "text": "we accept it", "mode": "paraphrase", "source": "a2"},
    {"id": "q3", "speaker": "peskov", "text": "declined to comment", "mode": "no_comment", "source": "a2"},
    {"id": "q4", "speaker": "officials", "text": "Washington supports the plan", "mode": "indirect", "source": "a2"},
    {"id": "q5", "speaker": "smith-a", "text": "the cap is wrong", "mode": "direct", "source": "a2"}
  ],
  "stances": [
    {"id": "s1", "holder": "ukr", "target": "plan", "position": "opposes", "evidence": [{"quote": "q1"}]},
    {"id": "s2", "holder": "ukr", "target": "plan", "position": "supports", "evidence": [{"quote": "q2"}]},
    {"id": "s3", "holder": "rus", "target": "plan", "position": "no_comment", "evidence": [{"quote": "q3"}]},
    {"id": "s4", "holder": "usa", "target": "plan", "position": "supports", "evidence": [{"quote": "q4"}]},
    {"id": "s5", "holder": "smith-a", "target": "p2", "position": "opposes", "evidence": [{"quote": "q5"}]},
    {"id": "s6", "holder": "smith-b", "target": "p2", "position": "supports", "evidence": [{"source": "a2"}]}
  ]
}
"#;

fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = with_file("plan.json", FIXTURE);
    let path = dir.path().join("plan.json");
    (dir, path)
}

#[test]
fn supporters_follow_the_latest_position_and_as_of_goes_back() {
    let (_d, f) = fixture();
    let now = query(&f, &["supporters", "Peace plan"]);
    assert_eq!(now.code(), 0, "{}", now.stderr);
    assert!(
        now.out().starts_with("Supporters of Peace plan (plan):\n"),
        "{}",
        now.out()
    );
    assert!(
        now.out().contains("  Ukraine        supports\n"),
        "{}",
        now.out()
    );
    assert!(
        now.out().contains("  United States  supports\n"),
        "{}",
        now.out()
    );
    assert!(now.out().contains("Officials said: “Washington supports the plan” (indirect) [May report, 2025-05-01] — hearsay"), "{}", now.out());

    let march = query(&f, &["opponents", "plan", "--as-of", "2025-03-15"]);
    assert_eq!(march.code(), 0, "{}", march.stderr);
    assert_eq!(
        march.out(),
        "Opponents of Peace plan (plan), as of 2025-03-15:\n  Ukraine  opposes\n    \
         stance s1: opposes Peace plan [2025-03-01]\n      \
         Ukraine (paraphrased): we reject it [March report, 2025-03-01]\n"
    );
}

#[test]
fn no_comment_is_spoken_on_behalf_by_the_spokesman() {
    let (_d, f) = fixture();
    let r = query(&f, &["no-comment", "plan"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(r.out().contains("  Russia  no_comment\n"), "{}", r.out());
    assert!(r.out().contains("— on behalf"), "{}", r.out());
}

#[test]
fn timeline_shows_the_change() {
    let (_d, f) = fixture();
    let r = query(&f, &["timeline", "kyiv", "plan"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(
        r.out(),
        "Timeline of Ukraine (ukr) on Peace plan (plan):\n  \
         2025-03-01  opposes    (stance s1)\n  \
         2025-05-01  supports   (stance s2)\n  \
         changed on 2025-05-01: opposes -> supports\n"
    );
}

#[test]
fn balance_lists_the_party_that_gives_nothing() {
    let (_d, f) = fixture();
    let r = query(&f, &["balance", "plan", "--json"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    let parties = v["parties"].as_array().expect("parties");
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0]["actor"], "ukr");
    assert_eq!(parties[0]["gives"].as_array().map(Vec::len), Some(2));
    assert_eq!(parties[1]["actor"], "rus");
    assert_eq!(parties[1]["gives"].as_array().map(Vec::len), Some(0));
    assert_eq!(parties[1]["receives"].as_array().map(Vec::len), Some(2));
}

#[test]
fn contested_conflicts_and_coalitions_answer() {
    let (_d, f) = fixture();
    let r = query(&f, &["contested", "plan"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(r.out().contains("Army cap (point 2) (p2)"), "{}", r.out());
    assert!(!r.out().contains("(p1)"), "{}", r.out());

    let r = query(&f, &["conflicts", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(v["conflicts"][0]["a"], "smith-a");
    assert_eq!(v["conflicts"][0]["b"], "smith-b");
    assert_eq!(v["conflicts"][0]["targets"][0]["target"], "p2");

    let r = query(&f, &["coalitions", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(
        v["coalitions"][0]["members"],
        serde_json::json!(["ukr", "usa"])
    );
}

#[test]
fn why_marks_hearsay_and_points_roll_up() {
    let (_d, f) = fixture();
    let r = query(&f, &["why", "washington", "plan", "--json"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(v["position"], "supports");
    assert_eq!(
        v["chains"][0]["evidence"][0]["attribution"]["kind"],
        "hearsay"
    );
    assert_eq!(
        v["chains"][0]["evidence"][0]["attribution"]["speaker"],
        "officials"
    );

    let without = query(&f, &["opponents", "plan", "--json"]);
    let v: Value = serde_json::from_str(without.out()).expect("JSON");
    assert_eq!(v["holdings"].as_array().map(Vec::len), Some(0));
    let with = query(&f, &["opponents", "plan", "--points", "--json"]);
    let v: Value = serde_json::from_str(with.out()).expect("JSON");
    assert_eq!(v["holdings"][0]["actor"], "smith-a");
}

#[test]
fn ambiguous_name_lists_the_candidates() {
    let (_d, f) = fixture();
    let r = query(&f, &["stances", "smith"]);
    assert_eq!(r.code(), 1);
    assert_eq!(r.out(), "");
    assert!(
        r.stderr.contains(
            "\"smith\" is ambiguous; it could be any of: smith-a (Smith), smith-b (Smith)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_names_wrong_kinds_and_bad_dates_exit_1() {
    let (_d, f) = fixture();
    let r = query(&f, &["supporters", "nothing-like-this"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("no record matches \"nothing-like-this\""),
        "{}",
        r.stderr
    );

    let r = query(&f, &["balance", "ukr"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("`ukr` is a actor, not a proposal")
            || r.stderr.contains("`ukr` is an actor, not a proposal"),
        "{}",
        r.stderr
    );

    for bad in ["2025-02-30", "yesterday", "2025-13-01"] {
        let r = query(&f, &["supporters", "plan", "--as-of", bad]);
        assert_eq!(r.code(), 1, "{bad}");
        assert!(r.stderr.contains("--as-of"), "{}", r.stderr);
        assert_eq!(r.out(), "");
    }
}

#[test]
fn invalid_datasets_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"claimgraph/1","stances":[{"id":"s","holder":"x","target":"y","position":"supports"}]}"#,
    )
    .expect("write");
    let r = query(&bad, &["conflicts"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("validation error"), "{}", r.stderr);

    let r = query(&dir.path().join("missing.json"), &["conflicts"]);
    assert_eq!(r.code(), 2);
}

#[test]
fn the_example_dataset_answers_the_article_questions() {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ukraine-peace-plan.json");
    let r = query(&file, &["why", "Trump", "28-point peace plan"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        r.out()
            .starts_with("Donald Trump supports 28-point peace plan"),
        "{}",
        r.out()
    );
    assert!(
        r.out()
            .contains("U.S. officials said: “Trump supports the new plan”"),
        "{}",
        r.out()
    );
    assert!(r.out().contains("— hearsay"), "{}", r.out());

    let r = query(&file, &["no-comment", "plan-28"]);
    assert!(r.out().contains("Dmitry Peskov"), "{}", r.out());
}

/// The example's reports of the story, in the repository's `examples/data`.
const REPORTS: [&str; 5] = [
    "ukraine-peace-plan.json",
    "report-2025-11-22.json",
    "report-2025-11-24.jsonl",
    "report-2025-11-30.json",
    "judgements.json",
];

/// A query on the example's reports of the story, merged by the command itself.
fn story(args: &[&str]) -> Run {
    claimgraph(&["query"])
        .args(REPORTS.map(data))
        .args(args)
        .run()
}

#[test]
fn timeline_rolls_up_through_spokespeople_says_so_and_marks_the_move_from_no_comment() {
    let r = story(&["timeline", "Russia", "plan-28"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(!r.out().contains("speak for it"), "{}", r.out());
    let r = story(&["timeline", "Russia", "plan-28", "--members"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        r.out().contains("(with those who speak for it)"),
        "{}",
        r.out()
    );
    assert!(
        r.out().contains("by Dmitry Peskov, spokesperson"),
        "{}",
        r.out()
    );
    assert!(
        r.out()
            .contains("changed on 2025-11-21: no_comment -> supports"),
        "{}",
        r.out()
    );
    let r = story(&["timeline", "Russia", "plan-28", "--members", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(v["rolled_up_members"], true);
    assert_eq!(v["changes"][0]["from"], "no_comment");
    assert_eq!(
        v["entries"][0]["basis"][0]["via"][0]["kind"],
        "spokesperson"
    );
}

#[test]
fn compare_shows_points_numbers_and_balances_and_honours_as_of() {
    let r = story(&[
        "compare",
        "plan-28",
        "European counter-proposal to the 28-point plan",
    ]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        r.out().contains("e3-counter-proposal answers plan-28"),
        "{}",
        r.out()
    );
    assert!(
        r.out().contains(
            "Ukraine's armed forces: at most 600,000 personnel -> Ukraine's armed forces: at most 800,000 personnel (difference +200000)"
        ),
        "{}",
        r.out()
    );
    assert!(r.out().contains("explicitly not demanded"), "{}", r.out());
    let r = story(&["compare", "plan-28", "plan-19", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(v["relationship"]["kind"], "versions");
    assert!(
        v["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|row| row["status"] == "dropped")
    );
    // The 19-point plan did not exist on 20 November.
    let r = story(&["compare", "plan-28", "plan-19", "--as-of", "2025-11-20"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("`plan-19` is dated"), "{}", r.stderr);
    let r = story(&["balance", "plan-19", "--as-of", "2025-11-20"]);
    assert_eq!(r.code(), 1);
}

#[test]
fn show_names_versions_answers_deadlines_and_numbers() {
    let out = claimgraph(&["show"]).args(REPORTS.map(data)).run();
    assert_eq!(out.status, Some(0));
    let text = out.out();
    for wanted in [
        "deadline: 2025-11-27",
        "supersedes: plan-28",
        "answers: plan-28",
        "Ukraine's armed forces: at most 800,000 personnel",
        "obligations   4",
        "same_as       1",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing:\n{text}");
    }
}

/// A file whose names and titles try to forge lines of an answer.
const FORGED: &str = r#"{
  "format": "claimgraph/1",
  "sources": [{"id": "a1", "title": "Report\nPositions on FAKE:", "published": "2025-03-01"}],
  "actors": [
    {"id": "x", "name": "X", "kind": "state"},
    {"id": "y", "name": "Y\nPositions on FAKE:\n  Evil  supports\u001b[2J", "kind": "state"}
  ],
  "proposals": [
    {"id": "p", "title": "Plan\n  forged  opposes", "proposed_by": ["x"]},
    {"id": "p1", "title": "Point\nforged", "part_of": "p", "label": "1\n2"},
    {"id": "q", "title": "Other", "answers": "p"},
    {"id": "q1", "title": "Other point\nforged", "part_of": "q", "label": "1", "answers": "p1"}
  ],
  "quotes": [
    {"id": "w", "speaker": "y", "text": "no\nforged line", "mode": "paraphrase", "source": "a1"}
  ],
  "stances": [
    {"id": "s1", "holder": "y", "target": "p", "position": "opposes", "conditions": ["only if\nforged"], "modality": "hypothetical", "evidence": [{"quote": "w"}]}
  ]
}
"#;

#[test]
fn a_newline_or_escape_in_the_data_cannot_forge_a_line_of_an_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("forged.json");
    std::fs::write(&f, FORGED).expect("write");
    for args in [
        &["positions", "p"][..],
        &["timeline", "y", "p"],
        &["why", "y", "p"],
        &["conflicts"],
        &["coalitions"],
        &["contested", "p"],
        &["compare", "p", "q"],
        &["balance", "p"],
        &["stances", "y"],
    ] {
        let r = query(&f, args);
        assert_eq!(r.code(), 0, "{args:?}: {}", r.stderr);
        for line in r.out().lines() {
            assert!(
                !line.starts_with("Positions on FAKE")
                    && !line.starts_with("  Evil")
                    && !line.starts_with("forged")
                    && !line.starts_with("  forged"),
                "{args:?} forged a line: {line:?}\n{}",
                r.out()
            );
            assert!(!line.contains('\u{1b}'), "{args:?}: {line:?}");
        }
    }
    // The modality and the condition show in the text answers.
    let r = query(&f, &["timeline", "y", "p"]);
    assert!(
        r.out().contains("[hypothetical; if only if\\nforged]"),
        "{}",
        r.out()
    );
    let r = query(&f, &["conflicts"]);
    assert!(r.out().contains("hypothetical"), "{}", r.out());
}

#[test]
fn flags_a_question_does_not_use_are_refused_not_ignored() {
    let (_d, f) = fixture();
    for (args, flag) in [
        (&["stances", "kyiv", "--members"][..], "--members"),
        (&["stances", "kyiv", "--points"], "--points"),
        (&["timeline", "kyiv", "plan", "--inherit"], "--inherit"),
        (&["balance", "plan", "--members"], "--members"),
        (&["compare", "plan", "plan", "--points"], "--points"),
    ] {
        let r = query(&f, args);
        assert_eq!(r.code(), 1, "{args:?}");
        assert!(
            r.stderr.contains(&format!("{flag} does not apply")),
            "{args:?}: {}",
            r.stderr
        );
    }
    // A month is not a day.
    let r = query(&f, &["positions", "plan", "--as-of", "2025-03"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("is not a day"), "{}", r.stderr);
    let r = query(&f, &["timeline", "kyiv", "plan", "--members", "--points"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
}

/// A chain of seven ties: o0 speaks for o1, each organ is part of the next,
/// up to o7, and o0 opposes the plan. `positions --members` shows a path of
/// up to five ties whole, a longer one by its first two and last two ties
/// and the number between; `why` prints every tie, in text and JSON.
#[test]
fn a_long_path_of_ties_is_shown_by_its_ends_and_why_prints_it_whole() {
    let mut actors = vec![
        r#"{"id": "o0", "name": "Spokesperson", "kind": "person",
            "affiliations": [{"actor": "o1", "kind": "spokesperson"}]}"#
            .to_owned(),
    ];
    for i in 1..=7 {
        let tie = if i < 7 {
            format!(
                r#", "affiliations": [{{"actor": "o{}", "kind": "part"}}]"#,
                i + 1
            )
        } else {
            String::new()
        };
        actors.push(format!(
            r#"{{"id": "o{i}", "name": "Organ {i}", "kind": "government"{tie}}}"#
        ));
    }
    let ds = format!(
        r#"{{"format": "claimgraph/1",
  "sources": [{{"id": "src", "title": "Report", "published": "2025-11-20"}}],
  "actors": [{}],
  "proposals": [{{"id": "plan", "title": "Plan"}}],
  "stances": [{{"id": "s", "holder": "o0", "target": "plan", "position": "opposes",
                "evidence": [{{"source": "src"}}]}}]
}}"#,
        actors.join(",\n")
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("chain.json");
    std::fs::write(&f, ds).expect("write");

    let r = query(&f, &["positions", "plan", "--members"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let tie = |i: usize| {
        let kind = if i == 0 { "spokesperson" } else { "part" };
        format!("      through the tie o{i} ({kind}) -> o{}", i + 1)
    };
    let lines: Vec<&str> = r.out().lines().collect();
    // Organ 5: five ties, whole.
    let at = lines
        .iter()
        .position(|l| l.starts_with("  Organ 5 "))
        .expect("Organ 5 holds a position");
    let whole: Vec<String> = (0..5).map(tie).collect();
    assert_eq!(lines[at + 2..at + 7], whole);
    assert_eq!(lines[at + 7], "      reported in [Report, 2025-11-20]");
    // Organ 7: seven ties, by their ends.
    let at = lines
        .iter()
        .position(|l| l.starts_with("  Organ 7 "))
        .expect("Organ 7 holds a position");
    assert_eq!(
        lines[at..],
        [
            "  Organ 7       opposes",
            "    stance s: opposes Plan [2025-11-20] (via Spokesperson)",
            &tie(0),
            &tie(1),
            "      … 3 more ties (`query why` lists every one) …",
            &tie(5),
            &tie(6),
            "      reported in [Report, 2025-11-20]",
        ]
    );

    let r = query(&f, &["positions", "plan", "--members", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    let basis = &v["holdings"][7]["basis"][0];
    let to: Vec<&str> = basis["via"]
        .as_array()
        .expect("ties")
        .iter()
        .filter_map(|t| t["to"].as_str())
        .collect();
    assert_eq!(to, ["o1", "o2", "o6", "o7"]);
    assert_eq!(basis["via_omitted"], 3);
    assert_eq!(v["holdings"][5]["basis"][0].get("via_omitted"), None);

    // `why` names every tie of Organ 7's path.
    let r = query(&f, &["why", "Organ 7", "plan", "--members"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    let ties: Vec<&str> = r
        .out()
        .lines()
        .filter(|l| l.starts_with("      through the tie"))
        .collect();
    assert_eq!(ties, (0..7).map(tie).collect::<Vec<_>>());
    let r = query(&f, &["why", "o7", "plan", "--members", "--json"]);
    let v: Value = serde_json::from_str(r.out()).expect("JSON");
    assert_eq!(v["chains"][0]["via"].as_array().map(Vec::len), Some(7));
    assert_eq!(v["chains"][0].get("via_omitted"), None);
}
