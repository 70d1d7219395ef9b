//! The CSV tables: golden files of the Ukraine example, hostile strings that
//! must neither break a table nor run as a formula, and generated datasets
//! whose every table parses back with the rows and columns written.

mod support;

use std::path::PathBuf;

use claimgraph_core::{ActorKind, Dataset, DatasetBuilder, Position, RecordRef, SourceKind};
use claimgraph_graph::ClaimGraph;
use claimgraph_io::IoError;
use claimgraph_io::csv::{
    self as tables, EDGE_COLUMNS, FORMULA_TRIGGERS, NETWORK_EDGE_COLUMNS, NETWORK_NODE_COLUMNS,
    NODE_COLUMNS, STANCE_COLUMNS, neutralise, unneutralise,
};
use claimgraph_network::{Network, NetworkOptions, Positions, Statements, network};
use proptest::prelude::*;

type Writer = fn(&Dataset, &mut Vec<u8>) -> Result<(), IoError>;

fn nodes(ds: &Dataset, out: &mut Vec<u8>) -> Result<(), IoError> {
    tables::write_nodes(ds, out)
}
fn edges(ds: &Dataset, out: &mut Vec<u8>) -> Result<(), IoError> {
    tables::write_edges(ds, out)
}
fn stances(ds: &Dataset, out: &mut Vec<u8>) -> Result<(), IoError> {
    tables::write_stances(ds, out)
}

const DATASET_TABLES: [(&str, Writer, &[&str]); 3] = [
    ("nodes", nodes, NODE_COLUMNS),
    ("edges", edges, EDGE_COLUMNS),
    ("stances", stances, STANCE_COLUMNS),
];

fn write(w: Writer, ds: &Dataset) -> Vec<u8> {
    let mut out = Vec::new();
    w(ds, &mut out).unwrap();
    out
}

fn network_tables(net: &Network) -> (Vec<u8>, Vec<u8>) {
    let mut n = Vec::new();
    tables::write_network_nodes(net, &mut n).unwrap();
    let mut e = Vec::new();
    tables::write_network_edges(net, &mut e).unwrap();
    (n, e)
}

/// The header and rows of a table, read by the csv crate strictly: every
/// record must have as many fields as the header.
fn parse(bytes: &[u8]) -> Result<(Vec<String>, Vec<Vec<String>>), csv::Error> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    let mut records = r.records();
    let header = match records.next() {
        Some(h) => h?.iter().map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for rec in records {
        rows.push(rec?.iter().map(str::to_owned).collect());
    }
    Ok((header, rows))
}

/// The table's rows as maps from column name to cell.
fn rows_by_name(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let (header, rows) = parse(bytes).unwrap();
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn snapshot(name: &str, bytes: &[u8]) {
    let path: PathBuf = support::root()
        .join("crates/io/tests/snapshots")
        .join(format!("csv-{name}.csv"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run with UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        )
    });
    assert!(
        want == bytes,
        "{} differs from the output; if the change is intended, run with UPDATE_SNAPSHOTS=1 and review the diff\n--- output ---\n{}",
        path.display(),
        String::from_utf8_lossy(bytes)
    );
}

fn congruence(ds: &Dataset) -> Network {
    network(&Statements::from_dataset(ds), &NetworkOptions::congruence()).unwrap()
}

fn affiliation(ds: &Dataset) -> Network {
    network(
        &Statements::from_dataset(ds),
        &NetworkOptions::affiliation(Positions::Subtract),
    )
    .unwrap()
}

/// The networks of a generated dataset, where it has statements they count.
fn networks(ds: &Dataset) -> Vec<Network> {
    let st = Statements::from_dataset(ds);
    [
        NetworkOptions::congruence(),
        NetworkOptions::subtract(),
        NetworkOptions::affiliation(Positions::Subtract),
    ]
    .iter()
    .filter_map(|o| network(&st, o).ok())
    .collect()
}

/// How many rows each dataset table must have: the graph view's nodes that
/// are canonical, its edges, and one row per stance and piece of evidence.
fn expected_rows(ds: &Dataset) -> [usize; 3] {
    let g = ClaimGraph::new(ds);
    let ids = ds.identities();
    let all: std::collections::BTreeSet<&str> = g.nodes().map(|(id, _)| id).collect();
    // A record is folded into its group's node when the canonical id is a node.
    let nodes = all
        .iter()
        .filter(|id| ids.canonical(id) == **id || !all.contains(ids.canonical(id)))
        .count();
    let stances = ds.stances().iter().map(|s| s.evidence.len().max(1)).sum();
    [nodes, g.edge_count(), stances]
}

#[test]
fn the_ukraine_tables_match_their_snapshots() {
    let ds = support::ukraine();
    for (name, w, _) in DATASET_TABLES {
        snapshot(name, &write(w, &ds));
    }
    for (name, net) in [
        ("network-congruence", congruence(&ds)),
        ("network-affiliation", affiliation(&ds)),
    ] {
        let (n, e) = network_tables(&net);
        snapshot(&format!("{name}-nodes"), &n);
        snapshot(&format!("{name}-edges"), &e);
    }
}

#[test]
fn headers_are_the_documented_columns_and_gephis() {
    let ds = support::ukraine();
    for (name, w, columns) in DATASET_TABLES {
        let (header, rows) = parse(&write(w, &ds)).unwrap();
        assert_eq!(header, columns, "{name}");
        assert!(!rows.is_empty(), "{name}");
    }
    assert_eq!(&NODE_COLUMNS[..2], ["Id", "Label"]);
    assert_eq!(&EDGE_COLUMNS[..4], ["Source", "Target", "Type", "Weight"]);
    // Gephi matches column names without case and refuses a repeated one.
    for columns in [
        NODE_COLUMNS,
        EDGE_COLUMNS,
        STANCE_COLUMNS,
        NETWORK_NODE_COLUMNS,
        NETWORK_EDGE_COLUMNS,
    ] {
        let lower: std::collections::BTreeSet<String> =
            columns.iter().map(|c| c.to_lowercase()).collect();
        assert_eq!(lower.len(), columns.len(), "{columns:?}");
    }
    let (n, e) = network_tables(&congruence(&ds));
    assert_eq!(parse(&n).unwrap().0, NETWORK_NODE_COLUMNS);
    assert_eq!(parse(&e).unwrap().0, NETWORK_EDGE_COLUMNS);
}

#[test]
fn the_ukraine_tables_hold_what_the_dataset_says() {
    let ds = support::ukraine();
    let [n, e, s] = expected_rows(&ds);
    let node_rows = rows_by_name(&write(nodes, &ds));
    let edge_rows = rows_by_name(&write(edges, &ds));
    let stance_rows = rows_by_name(&write(stances, &ds));
    assert_eq!(
        (node_rows.len(), edge_rows.len(), stance_rows.len()),
        (n, e, s)
    );
    // Every stance is an edge with its position, and a row per evidence.
    for st in ds.stances() {
        let edge = edge_rows
            .iter()
            .find(|r| r["record"] == st.id.as_str() && r["kind"] == st.position.as_str())
            .unwrap_or_else(|| panic!("no edge for {}", st.id));
        assert_eq!(edge["Source"], st.holder.as_str());
        assert_eq!(edge["Weight"], "1");
        assert_eq!(
            edge["date"],
            ds.stance_date(st)
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
        let rows: Vec<_> = stance_rows
            .iter()
            .filter(|r| r["stance"] == st.id.as_str())
            .collect();
        assert_eq!(rows.len(), st.evidence.len().max(1));
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r["evidence"], (i + 1).to_string());
            assert_eq!(r["holder_name"], ds.actor(&st.holder).unwrap().name);
            assert_eq!(r["effective_position"], st.effective_position().as_str());
            if let Some(q) = &st.evidence[i].quote {
                let quote = ds.quote(q).unwrap();
                assert_eq!(r["quote_text"], quote.text);
                assert_eq!(r["speaker"], quote.speaker.as_str());
                assert_eq!(r["source_title"], ds.source(&quote.source).unwrap().title);
            }
        }
    }
    // Every edge runs between rows of the node table.
    let ids: std::collections::BTreeSet<&str> =
        node_rows.iter().map(|r| r["Id"].as_str()).collect();
    for r in &edge_rows {
        assert!(ids.contains(r["Source"].as_str()) && ids.contains(r["Target"].as_str()));
    }
}

/// Of a valid dataset with no reference to a stance or relation and no tie
/// of a group to itself, the graph every exporter writes has the edges of
/// `claimgraph_graph::ClaimGraph`; its order is the dataset's record order
/// (docs/FORMATS.md, "The graph every exporter writes"), so they are compared as multisets.
#[test]
fn the_edges_are_the_graph_views() {
    for ds in [support::ukraine(), support::story(), support::hostile()] {
        let g = ClaimGraph::new(&ds);
        let mut want: Vec<(String, String, String)> = g
            .edges()
            .map(|e| {
                (
                    neutralise(e.from).into_owned(),
                    neutralise(e.to).into_owned(),
                    e.kind.name().to_owned(),
                )
            })
            .collect();
        let mut got: Vec<(String, String, String)> = rows_by_name(&write(edges, &ds))
            .into_iter()
            .map(|r| (r["Source"].clone(), r["Target"].clone(), r["kind"].clone()))
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want);
    }
}

#[test]
fn records_judged_the_same_are_one_node() {
    let ds = support::story();
    let ids = ds.identities();
    assert!(!ids.is_empty(), "the story has a same-as judgement");
    let node_rows = rows_by_name(&write(nodes, &ds));
    let edge_rows = rows_by_name(&write(edges, &ds));
    let stance_rows = rows_by_name(&write(stances, &ds));
    for (canonical, group) in ids.groups() {
        let rows: Vec<_> = node_rows
            .iter()
            .filter(|r| group.iter().any(|g| *g == r["Id"]))
            .collect();
        assert_eq!(rows.len(), 1, "{group:?}");
        assert_eq!(rows[0]["Id"], canonical);
        let others: Vec<&String> = group.iter().filter(|g| *g != canonical).collect();
        assert_eq!(rows[0]["same_as"], serde_json::to_string(&others).unwrap());
        for g in group.iter().filter(|g| *g != canonical) {
            assert!(
                edge_rows
                    .iter()
                    .all(|r| r["Source"] != *g && r["Target"] != *g)
            );
        }
    }
    // The stance table keeps the ids as written, and says where they answer.
    for r in &stance_rows {
        assert_eq!(r["holder_canonical"], ids.canonical(&r["holder"]));
        assert_eq!(r["target_canonical"], ids.canonical(&r["target"]));
    }
    assert!(
        stance_rows
            .iter()
            .any(|r| r["holder"] != r["holder_canonical"] || r["target"] != r["target_canonical"])
    );
}

/// Every cell of every table, by table and column.
fn all_cells(ds: &Dataset) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut add = |table: &str, bytes: &[u8]| {
        let (header, rows) = parse(bytes).unwrap();
        for r in rows {
            for (h, c) in header.iter().zip(r) {
                out.push((table.to_owned(), h.clone(), c));
            }
        }
    };
    for (name, w, _) in DATASET_TABLES {
        add(name, &write(w, ds));
    }
    for (name, net) in [
        ("congruence", congruence(ds)),
        ("affiliation", affiliation(ds)),
    ] {
        let (n, e) = network_tables(&net);
        add(&format!("{name} nodes"), &n);
        add(&format!("{name} edges"), &e);
    }
    out
}

const NUMERIC: [&str; 5] = [
    "Weight",
    "intensity",
    "confidence",
    "evidence",
    "evidence_count",
];

#[test]
fn no_hostile_cell_runs_as_a_formula_and_numbers_stay_numbers() {
    let ds = support::hostile();
    let cells = all_cells(&ds);
    for (table, column, cell) in &cells {
        if NUMERIC.contains(&column.as_str()) {
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok(),
                "{table}.{column}: {cell:?} is not a number"
            );
        } else {
            assert!(
                !cell.starts_with(FORMULA_TRIGGERS),
                "{table}.{column}: {:?} would run",
                cell.chars().take(40).collect::<String>()
            );
        }
    }
    // Negative intensities are written as negative numbers.
    assert!(
        cells
            .iter()
            .any(|(t, c, v)| t == "stances" && c == "intensity" && v == "-0.5")
    );
    assert!(
        cells
            .iter()
            .any(|(t, c, v)| t == "edges" && c == "intensity" && v == "-0.5")
    );
}

#[test]
fn formula_prefixes_come_out_neutralised() {
    let ds = support::hostile();
    let cells = all_cells(&ds);
    for s in [
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tleading tab",
        "\rleading return",
    ] {
        let want = format!("'{s}");
        let seen = cells.iter().filter(|(_, _, c)| *c == want).count();
        assert!(seen > 0, "{s:?} never came out neutralised");
        assert!(
            cells.iter().all(|(_, _, c)| c != s),
            "{s:?} came out as it is"
        );
    }
    // Ids holding `=+-@` keep their place: the same neutralised text in the
    // node table and in the edges that reach the node.
    let node_ids: std::collections::BTreeSet<String> = rows_by_name(&write(nodes, &ds))
        .into_iter()
        .map(|r| r["Id"].clone())
        .collect();
    for r in rows_by_name(&write(edges, &ds)) {
        assert!(node_ids.contains(&r["Source"]) && node_ids.contains(&r["Target"]));
    }
}

#[test]
fn hostile_tables_parse_back_to_the_strings_written() {
    let ds = support::hostile();
    let [n, e, s] = expected_rows(&ds);
    let un = |c: &str| unneutralise(c).to_owned();

    let node_rows = rows_by_name(&write(nodes, &ds));
    assert_eq!(node_rows.len(), n);
    for r in &node_rows {
        let id = un(&r["Id"]);
        let rec = ds.get(&id).unwrap_or_else(|| panic!("no record {id:?}"));
        assert_eq!(un(&r["Label"]), rec.label());
        assert_eq!(un(&r["type"]), rec.record_type().as_str());
        let text = match rec {
            RecordRef::Actor(a) => {
                assert_eq!(
                    a.description.clone().unwrap_or_default(),
                    un(&r["description"])
                );
                a.name.clone()
            }
            RecordRef::Source(src) => {
                assert_eq!(src.publisher.as_deref(), Some(un(&r["publisher"]).as_str()));
                assert_eq!(src.url.as_deref(), Some(un(&r["url"]).as_str()));
                src.title.clone()
            }
            RecordRef::Claim(c) => c.text.clone(),
            RecordRef::Quote(q) => q.text.clone(),
            RecordRef::Concession(c) => c.what.clone(),
            RecordRef::Obligation(o) => o.what.clone(),
            RecordRef::Proposal(p) => {
                assert_eq!(p.text.clone().unwrap_or_default(), un(&r["description"]));
                match &p.label {
                    Some(l) => format!("{} ({l})", p.title),
                    None => p.title.clone(),
                }
            }
            other => panic!("{other:?} is not a node"),
        };
        assert_eq!(un(&r["text"]), text);
    }

    let edge_rows = rows_by_name(&write(edges, &ds));
    assert_eq!(edge_rows.len(), e);
    for r in &edge_rows {
        assert!(ds.contains(&un(&r["Source"])) && ds.contains(&un(&r["Target"])));
        if !r["record"].is_empty() {
            assert!(ds.contains(&un(&r["record"])));
        }
    }

    let stance_rows = rows_by_name(&write(stances, &ds));
    assert_eq!(stance_rows.len(), s);
    for r in &stance_rows {
        let st = ds
            .stance(&claimgraph_core::StanceId::new(&un(&r["stance"])).unwrap())
            .unwrap();
        assert_eq!(un(&r["holder"]), st.holder.as_str());
        assert_eq!(un(&r["holder_name"]), ds.actor(&st.holder).unwrap().name);
        assert_eq!(un(&r["target"]), st.target.as_str());
        let conditions: Vec<String> = serde_json::from_str(&un(&r["conditions"])).unwrap();
        assert_eq!(conditions, st.conditions);
        let i: usize = r["evidence"].parse().unwrap();
        let quote = ds
            .quote(st.evidence[i - 1].quote.as_ref().unwrap())
            .unwrap();
        assert_eq!(un(&r["quote_text"]), quote.text);
        assert_eq!(un(&r["cue"]), quote.cue.clone().unwrap_or_default());
        assert_eq!(
            un(&r["speaker_name"]),
            ds.actor(&quote.speaker).unwrap().name
        );
        let src = ds.source(&quote.source).unwrap();
        assert_eq!(un(&r["source_title"]), src.title);
        assert_eq!(un(&r["source_publisher"]), src.publisher.clone().unwrap());
        assert_eq!(un(&r["source_url"]), src.url.clone().unwrap());
        assert_eq!(r["intensity"].parse::<f64>().ok(), st.intensity);
    }

    for net in [congruence(&ds), affiliation(&ds)] {
        let (nb, eb) = network_tables(&net);
        let nrows = rows_by_name(&nb);
        assert_eq!(nrows.len(), net.nodes().len());
        for (r, node) in nrows.iter().zip(net.nodes()) {
            assert_eq!(un(&r["record"]), &*node.id);
            assert_eq!(un(&r["Label"]), &*node.label);
        }
        let erows = rows_by_name(&eb);
        assert_eq!(erows.len(), net.edges().len());
        for (r, edge) in erows.iter().zip(net.edges()) {
            assert_eq!(r["Weight"].parse::<f64>().unwrap(), edge.weight);
            assert_eq!(r["Source"], nrows[edge.a as usize]["Id"]);
            assert_eq!(r["Target"], nrows[edge.b as usize]["Id"]);
        }
    }
}

#[test]
fn a_stance_without_evidence_keeps_its_row() {
    let mut b = DatasetBuilder::new();
    b.actor("kyiv", "Ukraine", ActorKind::State);
    b.proposal("plan", "Plan");
    b.stance("s", "kyiv", "plan", Position::Supports)
        .intensity(0.25)
        .confidence(0.9);
    let ds = b.build().unwrap();
    let rows = rows_by_name(&write(stances, &ds));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["evidence"], "");
    assert_eq!(rows[0]["evidence_count"], "0");
    assert_eq!(rows[0]["intensity"], "0.25");
    assert_eq!(rows[0]["confidence"], "0.9");
    assert_eq!(rows[0]["quote"], "");
    assert_eq!(rows[0]["target_type"], "proposal");
}

#[test]
fn evidence_by_source_alone_names_the_document() {
    let mut b = DatasetBuilder::new();
    b.source("src", "Report")
        .publisher("Outlet")
        .url("https://example.org/r")
        .published("2025-11-21")
        .kind(SourceKind::Report);
    b.actor("kyiv", "Ukraine", ActorKind::State);
    b.proposal("plan", "Plan");
    b.stance("s", "kyiv", "plan", Position::Opposes)
        .source("src");
    let ds = b.build().unwrap();
    let rows = rows_by_name(&write(stances, &ds));
    assert_eq!(rows[0]["evidence_source"], "src");
    assert_eq!(rows[0]["source"], "src");
    assert_eq!(rows[0]["source_publisher"], "Outlet");
    assert_eq!(rows[0]["source_published"], "2025-11-21");
    assert_eq!(rows[0]["date"], "2025-11-21");
    assert_eq!(rows[0]["quote_text"], "");
}

#[test]
fn an_id_that_is_actor_and_target_is_two_nodes_of_a_two_mode_network() {
    let mut b = DatasetBuilder::new();
    let src = b.source("src", "Report").published("2025-11-20").id();
    b.actor("usa", "United States", ActorKind::State);
    b.actor("russia", "Russia", ActorKind::State);
    // An actor whose id already looks like the disambiguated one.
    b.actor("usa (target)", "Odd id", ActorKind::Group);
    b.stance("s1", "russia", "usa", Position::Opposes)
        .source(&src);
    b.stance("s2", "usa", "russia", Position::Opposes)
        .source(&src);
    b.stance("s3", "usa (target)", "usa", Position::Supports)
        .source(&src);
    let ds = b.build().unwrap();
    let net = affiliation(&ds);
    assert!(net.is_two_mode());
    let (nb, eb) = network_tables(&net);
    let nrows = rows_by_name(&nb);
    let ids: std::collections::BTreeSet<&str> = nrows.iter().map(|r| r["Id"].as_str()).collect();
    assert_eq!(ids.len(), nrows.len(), "{nrows:?}");
    let id_of = |mode: &str, record: &str| {
        nrows
            .iter()
            .find(|r| r["mode"] == mode && r["record"] == record)
            .map(|r| r["Id"].clone())
    };
    assert_eq!(id_of("actor", "usa").as_deref(), Some("usa"));
    assert_eq!(
        id_of("actor", "usa (target)").as_deref(),
        Some("usa (target)")
    );
    assert_eq!(
        id_of("target", "usa").as_deref(),
        Some("usa (target) (target)")
    );
    assert_eq!(
        id_of("target", "russia").as_deref(),
        Some("russia (target)")
    );
    for r in rows_by_name(&eb) {
        assert!(ids.contains(r["Source"].as_str()) && ids.contains(r["Target"].as_str()));
        assert_eq!(r["Type"], "Undirected");
    }
}

#[test]
fn a_failing_writer_is_an_io_error() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::other("disk full"))
        }
    }
    let ds = support::ukraine();
    for result in [
        tables::write_nodes(&ds, Broken),
        tables::write_edges(&ds, Broken),
        tables::write_stances(&ds, Broken),
        tables::write_network_nodes(&congruence(&ds), Broken),
        tables::write_network_edges(&congruence(&ds), Broken),
    ] {
        assert!(matches!(result, Err(IoError::Io { .. })), "{result:?}");
    }
}

#[test]
fn neutralising_is_undone_exactly() {
    for s in support::hostile_strings()
        .into_iter()
        .chain(["'=x", "''+", "'", "", "'-'"].map(str::to_owned))
    {
        let n = neutralise(&s);
        assert!(!n.starts_with(FORMULA_TRIGGERS));
        assert_eq!(unneutralise(&n), s);
    }
}

/// What Python's own `csv` module makes of the hostile tables, un-neutralised
/// by the rule the docs give: rows, the widths seen, and the stance table's
/// quote texts.
const PYTHON_READER: &str = r#"
import csv, json, sys
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
def raw(cell):
    if cell.startswith("'") and cell.lstrip("'").startswith(TRIGGERS):
        return cell[1:]
    return cell
out = {}
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    entry = {"rows": len(body), "widths": sorted({len(r) for r in rows})}
    if "quote_text" in header:
        i = header.index("quote_text")
        entry["quote_texts"] = sorted({raw(r[i]) for r in body})
    out[path.rsplit("/", 1)[-1]] = entry
print(json.dumps(out))
"#;

#[test]
fn python_reads_the_hostile_tables_back() {
    if !support::have("python3", &["-c", "import csv, json"], "python3") {
        return;
    }
    let ds = support::hostile();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, w, _) in DATASET_TABLES {
        let path = dir.path().join(format!("{name}.csv"));
        std::fs::write(&path, write(w, &ds)).unwrap();
        paths.push(path);
    }
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PYTHON_READER)
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for ((name, _, columns), rows) in DATASET_TABLES.into_iter().zip(expected_rows(&ds)) {
        let t = &got[format!("{name}.csv")];
        assert_eq!(t["rows"], rows, "{name}");
        assert_eq!(t["widths"], serde_json::json!([columns.len()]), "{name}");
    }
    let mut texts: Vec<&str> = ds.quotes().iter().map(|q| q.text.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(got["stances.csv"]["quote_texts"], serde_json::json!(texts));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_table_parses_with_the_rows_and_columns_written(ds in support::datasets()) {
        let want = expected_rows(&ds);
        for ((name, w, columns), rows_wanted) in DATASET_TABLES.into_iter().zip(want) {
            let (header, rows) = parse(&write(w, &ds))
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            prop_assert_eq!(header.len(), columns.len());
            prop_assert_eq!(rows.len(), rows_wanted, "{}", name);
            for r in &rows {
                prop_assert_eq!(r.len(), columns.len());
            }
        }
        for net in networks(&ds) {
            let (nb, eb) = network_tables(&net);
            let (nh, nr) = parse(&nb).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (eh, er) = parse(&eb).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(nh.len(), NETWORK_NODE_COLUMNS.len());
            prop_assert_eq!(eh.len(), NETWORK_EDGE_COLUMNS.len());
            prop_assert_eq!(nr.len(), net.nodes().len());
            prop_assert_eq!(er.len(), net.edges().len());
        }
    }
}
