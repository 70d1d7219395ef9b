//! What the io crate's tests share: the example dataset, a dataset whose
//! every string is hostile, generated datasets for properties, and the rule
//! for things cargo does not bring (`../shared`, Graphviz, networkx): skip
//! with a notice where they are absent, fail where `CI=true`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use claimgraph_core::{
    ActorKind, Comparator, ConcessionStatus, Dataset, DatasetBuilder, Judgement, ObligationKind,
    Position, Quantity, QuoteMode, RelationKind, SourceKind, Topic,
};
use proptest::prelude::*;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Ukraine example: the article of 2025-11-20.
pub fn ukraine() -> Dataset {
    Dataset::read_path(root().join("examples/data/ukraine-peace-plan.json"))
        .expect("the example file reads")
}

/// The whole story: the article and the later reports, merged.
pub fn story() -> Dataset {
    let mut m = claimgraph_core::Merger::new();
    for f in [
        "ukraine-peace-plan.json",
        "report-2025-11-22.json",
        "report-2025-11-24.jsonl",
        "report-2025-11-30.json",
        "judgements.json",
    ] {
        let path = root().join("examples/data").join(f);
        m.add(f, Dataset::read_path(&path).expect("an example file reads"));
    }
    let merged = m.finish();
    assert!(merged.conflicts.is_empty());
    merged.dataset
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true")
}

/// A file of `../shared/data`, or `None` (with a notice) where the folder is
/// absent; under `CI=true` its absence fails the test.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = root().join("../shared/data").join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(!in_ci(), "{} is missing, and CI=true", path.display());
    eprintln!("skipped: {} is not here (it is under CI)", path.display());
    None
}

/// Whether a program runs (`dot -V`, `python3 -c "import networkx"`); where
/// it does not, a notice, and under `CI=true` a failure.
pub fn have(program: &str, args: &[&str], what: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(!in_ci(), "{what} is missing, and CI=true");
        eprintln!("skipped: {what} is not installed (it is under CI)");
    }
    ok
}

/// Strings that break naive writers: quotes, brackets and braces, markup,
/// backslashes, newlines and control characters, right-to-left marks,
/// formula prefixes, and a 10 kB string.
pub fn hostile_strings() -> Vec<String> {
    vec![
        r#"she said "no" \ and 'yes'"#.to_owned(),
        "<b>bold</b> & <script>alert(1)</script> &amp; &#x41;".to_owned(),
        "line one\nline two\r\nline three\ttabbed".to_owned(),
        "]; evil [label=\"pwned\"]; x -> y [".to_owned(),
        "{ } } { subgraph cluster_x {".to_owned(),
        "\u{202E}reversed\u{200F} mark \u{FEFF}bom".to_owned(),
        "bell\u{7}null\u{1}escape\u{1b}[2Jdel\u{7f}".to_owned(),
        "=cmd|' /C calc'!A0".to_owned(),
        "+1+1".to_owned(),
        "-2+3".to_owned(),
        "@SUM(A1)".to_owned(),
        "\tleading tab".to_owned(),
        "\rleading return".to_owned(),
        "x".repeat(10_240),
        "Ωμέγα 中文 emoji 🇺🇦".to_owned(),
        "]]> --> <!-- <![CDATA[".to_owned(),
    ]
}

/// A valid dataset of every kind of record in which every string field
/// (and every id that may hold it) is hostile.
pub fn hostile() -> Dataset {
    let h = hostile_strings();
    let mut b = DatasetBuilder::new();
    // Ids may hold anything but control characters and surrounding spaces.
    let id = |i: usize, what: &str| format!("{what} \"{i}\" <&> ]; [ {{ }} \\ =+-@");
    let src = b
        .source(&id(0, "src"), &h[0])
        .publisher(&h[1])
        .url(&h[3])
        .published("2025-11-20")
        .kind(SourceKind::Article)
        .language("en")
        .text(&h[2])
        .id();
    let mut actors = Vec::new();
    for (i, s) in h.iter().enumerate() {
        let a = b
            .actor(&id(i, "actor"), s, ActorKind::Person)
            .alias(&h[(i + 1) % h.len()])
            .description(&h[(i + 2) % h.len()])
            .external_id("other", &h[(i + 3) % h.len()])
            .id();
        actors.push(a);
    }
    b.actor(&id(99, "org"), &h[4], ActorKind::Organisation);
    let plan = b
        .proposal(&id(0, "plan"), &h[5])
        .proposed_by(&actors[0])
        .text(&h[6])
        .topic(Topic::Territory)
        .date("2025-11-19")
        .deadline("2025-11-27")
        .source(&src)
        .quantity(Quantity::new(
            h[7].clone(),
            Comparator::AtMost,
            600_000.0,
            h[8].clone(),
        ))
        .id();
    let point = b
        .point(&id(1, "point"), &plan, &h[9], &h[10])
        .topic(Topic::Military)
        .id();
    let k = b
        .concession(&id(0, "concession"), &actors[1], &h[11])
        .to(&actors[2])
        .required_by(&point)
        .status(ConcessionStatus::Demanded)
        .id();
    b.obligation(&id(0, "obligation"), &actors[3], &h[12])
        .to(&actors[1])
        .kind(ObligationKind::SecurityGuarantee)
        .required_by(&plan);
    let claim = b.claim(&id(0, "claim"), &h[13]).about(&plan).id();
    let other = b.claim(&id(1, "claim"), &h[14]).id();
    for (i, a) in actors.iter().enumerate() {
        let q = b
            .quote(&id(i, "quote"), a, &src, QuoteMode::Direct, &h[i])
            .cue(&h[(i + 4) % h.len()])
            .id();
        let target: &str = match i % 4 {
            0 => plan.as_str(),
            1 => point.as_str(),
            2 => k.as_str(),
            _ => claim.as_str(),
        };
        let position = [
            Position::Supports,
            Position::Opposes,
            Position::Mixed,
            Position::NoComment,
        ][i % 4];
        b.stance(&id(i, "stance"), a, target, position)
            .condition(&h[(i + 5) % h.len()])
            .intensity(if i % 2 == 0 { 0.5 } else { -0.5 })
            .quote(&q);
    }
    b.relation(&id(0, "relation"), &claim, &other, RelationKind::Attacks)
        .source(&src);
    b.same_as(&id(0, "same"), &actors[4], &actors[5], Judgement::Negative)
        .decided_by(&h[15])
        .reason(&h[0]);
    b.build().expect("the hostile dataset is valid")
}

/// Printable text of up to `max` characters, hostile characters included.
pub fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ,.'\"<>&\\\\\\]\\[{};=+@-]{1,24}".prop_map(|s| format!("t{s}")),
        1 => prop::sample::select(hostile_strings()),
    ]
    .prop_map(move |s| s.chars().take(max).collect())
}

/// A generated valid dataset: a few sources, actors with ties, a plan with
/// points, concessions, claims, quotes, stances and relations, with random
/// (and hostile) strings.
pub fn datasets() -> impl Strategy<Value = Dataset> {
    (
        prop::collection::vec(text(40), 1..6),
        prop::collection::vec((0usize..8, 0usize..8, 0u8..5, text(30)), 0..12),
        prop::collection::vec(text(30), 0..4),
        1usize..4,
    )
        .prop_map(|(names, stances, claims, points)| {
            let mut b = DatasetBuilder::new();
            let src = b
                .source("src", "A report")
                .published("2025-11-20")
                .text("the full text")
                .id();
            let actors: Vec<_> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let mut e = b.actor(&format!("a{i}"), n, ActorKind::State);
                    if i > 0 {
                        e = e.role("a0", "office");
                    }
                    e.id()
                })
                .collect();
            let plan = b.proposal("plan", "The plan").proposed_by(&actors[0]).id();
            let pts: Vec<_> = (0..points)
                .map(|i| {
                    b.point(&format!("p{i}"), &plan, &format!("{i}"), "A point")
                        .id()
                })
                .collect();
            b.concession("k", &actors[actors.len() - 1], "something")
                .required_by(&pts[0]);
            let cls: Vec<_> = claims
                .iter()
                .enumerate()
                .map(|(i, t)| b.claim(&format!("c{i}"), t).id())
                .collect();
            if cls.len() >= 2 {
                b.relation("r0", &cls[0], &cls[1], RelationKind::Supports)
                    .source(&src);
            }
            for (i, (a, t, p, words)) in stances.iter().enumerate() {
                let holder = &actors[a % actors.len()];
                let q = b
                    .quote(&format!("q{i}"), holder, &src, QuoteMode::Indirect, words)
                    .id();
                let target: String = match t % 3 {
                    0 => plan.to_string(),
                    1 => pts[t % pts.len()].to_string(),
                    _ => match cls.get(t % cls.len().max(1)) {
                        Some(c) => c.to_string(),
                        None => plan.to_string(),
                    },
                };
                let position = [
                    Position::Supports,
                    Position::Opposes,
                    Position::Neutral,
                    Position::Mixed,
                    Position::NoComment,
                ][usize::from(*p)];
                b.stance(&format!("s{i}"), holder, &target, position)
                    .quote(&q);
            }
            b.build().expect("a generated dataset is valid")
        })
}
