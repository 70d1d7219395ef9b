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
use quick_xml::events::Event;

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

// ---- shared by the XML formats' tests (and the snapshot rule of every format)

/// Compares with the file under `tests/snapshots/`, or rewrites it when
/// `UPDATE_SNAPSHOTS=1`.
pub fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(
        expected == actual,
        "{} differs from the output; look at the difference and, if it is right, \
         run with UPDATE_SNAPSHOTS=1",
        path.display()
    );
}

/// What the tests expect of a string that went through XML: every character
/// XML 1.0 cannot hold replaced by U+FFFD, as docs/FORMATS.md (GraphML) says.
pub fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A parsed XML element.
#[derive(Debug, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<El>,
    pub text: String,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn first<'a>(&'a self, name: &'a str) -> &'a El {
        self.all(name).next().unwrap()
    }
}

pub fn el(e: &quick_xml::events::BytesStart<'_>) -> Result<El, String> {
    let mut out = El {
        name: e.name().as_ref().to_owned(),
        ..El::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        // Attribute-value normalisation as an XML 1.0 parser does it: raw
        // line breaks and tabs would become spaces; character references
        // survive.
        let value = a
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .map_err(|e| e.to_string())?;
        out.attrs
            .push((a.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(out)
}

/// Parses a document with quick-xml's reader into a tree, checking that
/// tags balance, every reference resolves, and every character is one XML
/// 1.0 allows.
pub fn parse(xml: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) => stack.push(el(&e)?),
            Event::Empty(e) => {
                let node = el(&e)?;
                stack.last_mut().unwrap().children.push(node);
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("unbalanced end tag")?;
                stack
                    .last_mut()
                    .ok_or("unbalanced end tag")?
                    .children
                    .push(node);
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match &*r.xml10_content() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => return Err(format!("unknown entity &{other};")),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::CData(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {
                return Err("unexpected markup".into());
            }
            Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    if stack.len() != 1 {
        return Err("unclosed element at the end".into());
    }
    let mut doc = stack.pop().unwrap();
    let bad = |s: &str| s.chars().any(|c| xml_safe(&c.to_string()) != c.to_string());
    fn walk(e: &El, bad: &dyn Fn(&str) -> bool) -> Result<(), String> {
        if bad(&e.text) || e.attrs.iter().any(|(_, v)| bad(v)) {
            return Err(format!("<{}> holds a character XML 1.0 forbids", e.name));
        }
        e.children.iter().try_for_each(|c| walk(c, bad))
    }
    walk(&doc, &bad)?;
    if doc.children.len() != 1 {
        return Err("not exactly one root element".into());
    }
    Ok(doc.children.remove(0))
}
