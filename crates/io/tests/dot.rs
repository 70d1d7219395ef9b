//! The DOT writer and rendering: golden files of the Ukraine dataset and its
//! networks, hostile strings that must stay text, and Graphviz's own reading
//! of what we write (node and edge counts in its SVG).

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use claimgraph_core::{
    ActorKind, Dataset, DatasetBuilder, Position, Proposal, ProposalId, RecordType,
};
use claimgraph_io::IoError;
use claimgraph_io::dot::{self, DotOptions, Written};
use claimgraph_network::{NetworkOptions, Positions, Statements, network};
use proptest::prelude::*;

/// Compares with a golden file under `tests/snapshots/`, or rewrites it when
/// `UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs at line {}:\nexpected: {:?}\nactual:   {:?}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

fn write(ds: &Dataset, options: &DotOptions) -> (String, Written) {
    let mut out = Vec::new();
    let written = dot::write_dataset(ds, &mut out, options).unwrap();
    (String::from_utf8(out).unwrap(), written)
}

/// The node, edge and cluster groups of an SVG that Graphviz drew.
fn svg_counts(svg: &str) -> Written {
    Written {
        nodes: svg.matches("class=\"node\"").count(),
        edges: svg.matches("class=\"edge\"").count(),
        clusters: svg.matches("class=\"cluster\"").count(),
    }
}

/// Reads an SVG to its end with an XML parser.
fn well_formed(svg: &str) {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("the SVG is not well-formed XML: {e}"),
        }
    }
    assert!(
        !svg.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    );
}

fn have_dot() -> bool {
    support::have("dot", &["-V"], "Graphviz")
}

fn svg_of(text: &str) -> String {
    String::from_utf8(dot::render(text.as_bytes(), "svg").unwrap()).unwrap()
}

/// Reads our DOT back with a tokenizer of its own: only the tokens DOT
/// allows (ids, quoted strings, punctuation), no raw control character
/// anywhere but the newline between statements, no raw line break inside a
/// string, attribute keys from a fixed set; and counts the statements.
fn structure(text: &str) -> Written {
    #[derive(Debug, PartialEq)]
    enum Tok {
        Id(String),
        Str,
        Punct(&'static str),
    }
    let mut toks = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\n' => i += 1,
            '"' => {
                i += 1;
                loop {
                    let c = *chars.get(i).expect("a string ends");
                    assert!(!c.is_control(), "raw control character {c:?} in a string");
                    match c {
                        '\\' => i += 2,
                        '"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                toks.push(Tok::Str);
            }
            '{' | '}' | '[' | ']' | ';' | ',' | '=' => {
                toks.push(Tok::Punct(match c {
                    '{' => "{",
                    '}' => "}",
                    '[' => "[",
                    ']' => "]",
                    ';' => ";",
                    ',' => ",",
                    _ => "=",
                }));
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'>') => {
                toks.push(Tok::Punct("->"));
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                toks.push(Tok::Punct("--"));
                i += 2;
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                toks.push(Tok::Id(chars[start..i].iter().collect()));
            }
            other => panic!("unexpected {other:?} outside a string"),
        }
    }
    let keys: BTreeSet<&str> = [
        "label",
        "tooltip",
        "shape",
        "style",
        "fillcolor",
        "color",
        "fontcolor",
        "penwidth",
        "arrowhead",
        "rankdir",
        "fontname",
        "fontsize",
        "nodesep",
        "ranksep",
        "labelloc",
        "rank",
        "layout",
        "overlap",
        "splines",
    ]
    .into_iter()
    .collect();
    let node =
        |t: &Tok| matches!(t, Tok::Id(s) if s.starts_with('n') && s[1..].parse::<usize>().is_ok());
    let mut counts = Written::default();
    let mut in_attrs = false;
    let mut depth = 0i32;
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        if in_attrs {
            match t {
                Tok::Punct("]") => in_attrs = false,
                Tok::Id(key) => {
                    assert!(keys.contains(key.as_str()), "attribute {key}");
                    assert_eq!(toks[k + 1], Tok::Punct("="));
                    assert_eq!(toks[k + 2], Tok::Str, "every value is quoted");
                    k += 2;
                }
                Tok::Punct(",") => {}
                other => panic!("{other:?} in an attribute list"),
            }
            k += 1;
            continue;
        }
        match t {
            Tok::Punct("[") => in_attrs = true,
            Tok::Punct("{") => depth += 1,
            Tok::Punct("}") => depth -= 1,
            Tok::Id(s) if s == "subgraph" => {
                assert_eq!(toks[k + 1], Tok::Str);
                if text_is_cluster(text, counts.clusters) {
                    counts.clusters += 1;
                }
                k += 1;
            }
            t if node(t) => {
                if matches!(toks.get(k + 1), Some(Tok::Punct("->" | "--"))) {
                    assert!(node(&toks[k + 2]), "an edge joins two generated nodes");
                    counts.edges += 1;
                    k += 2;
                } else {
                    counts.nodes += 1;
                }
            }
            _ => {}
        }
        assert!(depth >= 0);
        k += 1;
    }
    assert_eq!(depth, 0, "braces balance");
    counts
}

fn text_is_cluster(text: &str, k: usize) -> bool {
    text.contains(&format!("subgraph \"cluster_{k}\" {{"))
}

/// What the default options, or every kind (`all`), should draw of a valid
/// dataset with no records judged the same, counted from the dataset.
fn expected(ds: &Dataset, all: bool) -> Written {
    let drawn = |id: &str| {
        ds.kind_of(id)
            .is_some_and(|k| all || !matches!(k, RecordType::Quote | RecordType::Source))
    };
    let mut nodes = ds.count(RecordType::Actor)
        + ds.count(RecordType::Proposal)
        + ds.count(RecordType::Concession)
        + ds.count(RecordType::Obligation)
        + ds.count(RecordType::Claim);
    if all {
        nodes += ds.count(RecordType::Quote) + ds.count(RecordType::Source);
    }
    let mut edges = 0;
    for a in ds.actors() {
        edges += a.affiliations.len();
    }
    for p in ds.proposals() {
        edges += p.proposed_by.len();
        edges += usize::from(p.supersedes.is_some()) + usize::from(p.answers.is_some());
        if all {
            edges += p.sources.len();
        }
    }
    for c in ds.concessions() {
        edges += 1 + usize::from(c.to.is_some()) + usize::from(c.required_by.is_some());
    }
    for o in ds.obligations() {
        edges += 1 + usize::from(o.to.is_some()) + usize::from(o.required_by.is_some());
    }
    for c in ds.claims() {
        edges += c.about.iter().filter(|a| drawn(a.as_str())).count();
    }
    if all {
        for q in ds.quotes() {
            edges += 2 + usize::from(q.reported_by.is_some());
        }
    }
    for s in ds.stances() {
        edges += 1;
        let on_claim = ds.kind_of(s.target.as_str()) == Some(RecordType::Claim);
        if all && on_claim && s.position == Position::Supports {
            edges += s.evidence.iter().filter(|e| e.quote.is_some()).count();
        }
    }
    edges += ds.relations().len();
    let parents: BTreeSet<&str> = ds
        .proposals()
        .iter()
        .filter_map(|p| p.part_of.as_ref().map(|q| q.as_str()))
        .collect();
    Written {
        nodes,
        edges,
        clusters: parents.len(),
    }
}

#[test]
fn ukraine_matches_its_golden_file() {
    let ds = support::ukraine();
    let options = DotOptions::new().title("U.S. 28-point peace plan, 2025-11-20");
    let (text, written) = write(&ds, &options);
    snapshot("dot-ukraine.dot", &text);
    assert_eq!(written, expected(&ds, false));
    assert_eq!(structure(&text), written);
}

#[test]
fn ukraine_with_every_kind_matches_its_golden_file() {
    let ds = support::ukraine();
    let (text, written) = write(&ds, &DotOptions::all());
    snapshot("dot-ukraine-all.dot", &text);
    assert_eq!(written, expected(&ds, true));
    assert_eq!(structure(&text), written);
}

#[test]
fn ukraine_networks_match_their_golden_files() {
    let ds = support::ukraine();
    let statements = Statements::from_dataset(&ds);
    for (name, options) in [
        ("dot-ukraine-congruence.dot", NetworkOptions::congruence()),
        ("dot-ukraine-subtract.dot", NetworkOptions::subtract()),
        (
            "dot-ukraine-affiliation.dot",
            NetworkOptions::affiliation(Positions::Subtract),
        ),
    ] {
        let net = network(&statements, &options).unwrap();
        let mut out = Vec::new();
        let written = dot::write_network(&net, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        snapshot(name, &text);
        assert_eq!(written.nodes, net.nodes().len(), "{name}");
        assert_eq!(written.edges, net.edges().len(), "{name}");
        assert_eq!(structure(&text), written, "{name}");
        assert!(!net.edges().is_empty(), "{name}");
    }
}

#[test]
fn stances_are_coloured_and_labelled_by_position() {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").id();
    let plan = b.proposal("plan", "Plan").id();
    let positions = [
        (Position::Supports, "supports", "#2e7d32", "solid"),
        (Position::Opposes, "opposes", "#c62828", "solid"),
        (Position::Mixed, "mixed", "#ef6c00", "solid"),
        (Position::Neutral, "neutral", "#1565c0", "solid"),
        (Position::NoComment, "no comment", "#9e9e9e", "dashed"),
        (Position::NoResponse, "no response", "#9e9e9e", "dotted"),
    ];
    for (i, (p, ..)) in positions.iter().enumerate() {
        let a = b
            .actor(&format!("a{i}"), &format!("A{i}"), ActorKind::State)
            .id();
        b.stance(&format!("s{i}"), &a, &plan, *p).source(&src);
    }
    let ds = b.build().unwrap();
    let (text, written) = write(&ds, &DotOptions::new());
    assert_eq!(written.edges, positions.len());
    for (i, (_, label, colour, style)) in positions.iter().enumerate() {
        let line = format!(
            "n{i} -> n{} [label=\"{label}\", color=\"{colour}\", fontcolor=\"{colour}\", style=\"{style}\"",
            positions.len()
        );
        assert!(text.contains(&line), "{line}\n{text}");
    }
}

#[test]
fn points_are_drawn_in_their_plans_cluster() {
    let ds = support::ukraine();
    let (text, written) = write(&ds, &DotOptions::new());
    assert!(written.clusters >= 1);
    // The cluster of plan-28 holds its node and every point's node.
    let start = text.find("subgraph \"cluster_0\" {").expect("a cluster");
    let body = &text[start..];
    let end = body.find("\n  }\n").expect("the cluster closes");
    let body = &body[..end];
    assert!(body.contains("tooltip=\"proposal plan-28\""), "{body}");
    let points: Vec<_> = ds
        .proposals()
        .iter()
        .filter(|p| p.part_of.as_ref().is_some_and(|q| q.as_str() == "plan-28"))
        .collect();
    assert!(points.len() > 3);
    for p in points {
        assert!(
            body.contains(&format!("tooltip=\"proposal {}\"", p.id)),
            "{} is not in the cluster",
            p.id
        );
    }
    assert!(
        !text.contains("label=\"part of\""),
        "part_of is the cluster"
    );
}

#[test]
fn records_judged_the_same_are_one_node() {
    let ds = support::story();
    let ids = ds.identities();
    assert!(!ids.is_empty());
    let (text, written) = write(&ds, &DotOptions::new());
    let merged: usize = ids.groups().map(|(_, g)| g.len() - 1).sum();
    let drawable = ds.count(RecordType::Actor)
        + ds.count(RecordType::Proposal)
        + ds.count(RecordType::Concession)
        + ds.count(RecordType::Obligation)
        + ds.count(RecordType::Claim);
    assert_eq!(written.nodes, drawable - merged);
    assert!(text.contains("tooltip=\"actor russia (same as moscow, russia)\""));
    assert!(!text.contains("tooltip=\"actor moscow\""));
    assert!(
        text.contains("\\n= Moscow\""),
        "the node names the merged record"
    );
    // Without judgements, each record is its own node.
    let (_, apart) = write(&ds, &DotOptions::new().include(RecordType::SameAs, false));
    assert_eq!(apart.nodes, drawable);
}

#[test]
fn a_cycle_of_points_is_drawn_with_edges_and_ends() {
    let mut ds = Dataset::new();
    let id = |s: &str| ProposalId::new(s).unwrap();
    for (me, parent) in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")] {
        let mut p = Proposal::new(id(me), me);
        p.part_of = Some(id(parent));
        ds.push(p);
    }
    let (text, written) = write(&ds, &DotOptions::new());
    assert_eq!(written.nodes, 4);
    // d sits in a's cluster; the cycle a -> b -> c -> a is drawn as edges.
    assert_eq!(written.clusters, 1);
    assert_eq!(written.edges, 3);
    assert_eq!(structure(&text), written);
}

#[test]
fn hostile_strings_stay_inside_their_quotes() {
    let ds = support::hostile();
    for options in [
        DotOptions::new(),
        DotOptions::all().title(support::hostile_strings()[3].clone()),
    ] {
        let (text, written) = write(&ds, &options);
        assert_eq!(structure(&text), written);
        assert!(
            !text.contains("pwned\"]"),
            "a hostile label closed its string"
        );
        // No id is written raw: every node name is generated.
        assert!(!text.contains("actor \"0\""));
    }
    let (_, written) = write(&ds, &DotOptions::all());
    assert_eq!(written, expected(&ds, true));
}

#[test]
fn our_dot_renders_with_exactly_the_nodes_and_edges_we_wrote() {
    if !have_dot() {
        return;
    }
    for (name, ds) in [
        ("ukraine", support::ukraine()),
        ("hostile", support::hostile()),
    ] {
        for (all, options) in [(false, DotOptions::new()), (true, DotOptions::all())] {
            let (text, written) = write(&ds, &options);
            assert_eq!(written, expected(&ds, all), "{name}");
            let svg = svg_of(&text);
            assert_eq!(svg_counts(&svg), written, "{name}, all kinds: {all}");
            well_formed(&svg);
        }
    }
    // The networks too.
    let statements = Statements::from_dataset(&support::ukraine());
    for options in [
        NetworkOptions::congruence(),
        NetworkOptions::affiliation(Positions::Subtract),
    ] {
        let net = network(&statements, &options).unwrap();
        let mut out = Vec::new();
        let written = dot::write_network(&net, &mut out).unwrap();
        let svg = svg_of(std::str::from_utf8(&out).unwrap());
        assert_eq!(svg_counts(&svg), written);
    }
}

/// The text Graphviz should show for a label: our display form of it.
fn shown(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .map(|c| match c {
            '\t' => ' '.to_string(),
            '\n' => '\n'.to_string(),
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap().to_string(),
            '\u{7f}' => '\u{2421}'.to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn xml_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find(';').unwrap() + i;
        let ent = &rest[i + 1..j];
        out.push(match ent {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("entity {e}"),
        });
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn graphviz_shows_hostile_labels_as_the_text_they_are() {
    if !have_dot() {
        return;
    }
    let strings: Vec<String> = support::hostile_strings()
        .into_iter()
        .filter(|s| s.len() < 200)
        .collect();
    let mut b = DatasetBuilder::new();
    for (i, s) in strings.iter().enumerate() {
        b.actor(&format!("a{i}"), s, ActorKind::Person);
    }
    let ds = b.build().unwrap();
    let (text, written) = write(&ds, &DotOptions::new().wrap(0).max_label(1000));
    let svg = svg_of(&text);
    assert_eq!(svg_counts(&svg), written);
    for (i, s) in strings.iter().enumerate() {
        // The node's group: its title, then one <text> per line.
        let title = format!("<title>n{i}</title>");
        let at = svg.find(&title).unwrap();
        let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
        let lines: Vec<String> = group
            .split("<text")
            .skip(1)
            .map(|t| {
                let t = &t[t.find('>').unwrap() + 1..];
                xml_unescape(&t[..t.find("</text>").unwrap()])
            })
            .collect();
        let expected: Vec<String> = shown(s).split('\n').map(str::to_owned).collect();
        // Graphviz leaves out empty lines and the spaces around a line.
        let trim = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        };
        assert_eq!(trim(&lines), trim(&expected), "label {i}: {s:?}");
    }
}

#[test]
fn render_names_graphviz_when_dot_is_missing() {
    let missing = tempfile::tempdir().unwrap().path().join("dot");
    for program in [
        missing.as_path(),
        Path::new("claimgraph-no-such-dot-program"),
    ] {
        let err = dot::render_with(program, b"digraph { a -> b }", "svg").unwrap_err();
        let IoError::Tool { message } = &err else {
            panic!("not a tool error: {err:?}");
        };
        assert!(message.contains("graphviz"), "{message}");
        assert!(message.contains("apt-get install graphviz"), "{message}");
        assert!(message.contains("brew install graphviz"), "{message}");
    }
}

#[test]
fn render_reports_what_dot_said_when_it_fails() {
    if !have_dot() {
        return;
    }
    let err = dot::render(b"digraph { a -> [ }", "svg").unwrap_err();
    let IoError::Tool { message } = &err else {
        panic!("not a tool error: {err:?}");
    };
    assert!(message.contains("syntax error"), "{message}");
    let png = dot::render(b"digraph { a -> b }", "png").unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn render_refuses_formats_it_does_not_know() {
    for format in ["svg -o/tmp/x", "", "-Tsvg", "svg;rm", "SVG", "cmapx_np"] {
        let err = dot::render_with(Path::new("/nowhere/dot"), b"digraph {}", format).unwrap_err();
        assert!(
            matches!(&err, IoError::Content { record, .. } if record.contains("format")),
            "{format:?}: {err:?}"
        );
    }
    assert_eq!(dot::format_of(Path::new("x/out.Png")), Some("png"));
    assert_eq!(dot::format_of(Path::new("out")), None);
}

#[test]
fn ties_and_merged_ends_draw_no_loops() {
    let mut b = DatasetBuilder::new();
    let eu = b.actor("eu", "EU", ActorKind::Organisation).id();
    b.actor("kallas", "Kaja Kallas", ActorKind::Person)
        .role("eu", "foreign policy chief");
    b.actor("fr", "France", ActorKind::State).member_of(&eu);
    let ds = b.build().unwrap();
    let (text, written) = write(&ds, &DotOptions::new());
    assert_eq!(written.edges, 2);
    assert!(text.contains("label=\"role: foreign policy chief\""));
    assert!(text.contains("label=\"member\", style=\"dashed\""));
    let (_, none) = write(&ds, &DotOptions::new().ties(false));
    assert_eq!(none.edges, 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn graphviz_reads_what_we_write_of_any_dataset(ds in support::datasets(), all in any::<bool>()) {
        let options = if all { DotOptions::all() } else { DotOptions::new() };
        let (text, written) = write(&ds, &options);
        prop_assert_eq!(structure(&text), written);
        prop_assert_eq!(written, expected(&ds, all));
        if have_dot() {
            let svg = svg_of(&text);
            prop_assert_eq!(svg_counts(&svg), written);
        }
    }
}

#[test]
fn combined_positions_are_labelled_by_what_they_mean() {
    let ds = support::ukraine();
    let net = network(
        &Statements::from_dataset(&ds),
        &NetworkOptions::affiliation(Positions::Combine),
    )
    .unwrap();
    let mut out = Vec::new();
    let written = dot::write_network(&net, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(structure(&text), written);
    assert!(text.contains("label=\"supports\", penwidth=\"2.00\", color=\"#2e7d32\""));
    assert!(text.contains("label=\"opposes\", penwidth=\"2.00\", color=\"#c62828\""));
    assert!(text.contains("subgraph \"actors\""));
}
