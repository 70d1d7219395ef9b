//! Import of Discourse Network Analyzer 3 databases.
//!
//! The real-data tests read `../shared/data/dna/sample.dna`, the sample
//! database that DNA ships (GitHub leifeld/dna, rDNA/rDNA/inst/extdata/
//! sample.dna, commit 2adbf78; GPL-3.0, used here as test data only). They
//! count what the file holds with their own SQL, and compute the networks
//! from the tables with their own loops, independent of the crates.
//!
//! The other tests build DNA databases of their own: a minimal DNA 3 schema
//! (the tables and columns the importer reads) filled by the test.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use claimgraph_core::{ActorKind, Dataset, Position, QuoteMode};
use claimgraph_io::dna::{self, DnaOptions};
use claimgraph_io::{Imported, IoError};
use claimgraph_network::{Kind, Network, NetworkOptions, Positions, Statements, network};
use proptest::prelude::*;
use rusqlite::{Connection, OpenFlags, params};

fn sample() -> Option<PathBuf> {
    support::shared("dna/sample.dna")
}

/// The test's own read-only view of a database.
fn ro(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn import(path: &Path) -> Imported {
    dna::import_path(path, &DnaOptions::default()).unwrap()
}

fn query<T: rusqlite::types::FromSql>(c: &Connection, sql: &str) -> Vec<Vec<T>> {
    let mut q = c.prepare(sql).unwrap();
    let n = q.column_count();
    q.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn one(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------- the sample

#[test]
fn every_row_of_the_sample_is_accounted_for() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let got = import(&path);
    let ds = &got.dataset;

    // What the file holds, by the test's own queries.
    let total = one(&c, "SELECT COUNT(*) FROM STATEMENTS") as usize;
    let documents = one(&c, "SELECT COUNT(*) FROM DOCUMENTS") as usize;
    assert_eq!(total, 41);
    assert_eq!(documents, 7);
    assert_eq!(got.counts["statements"], total);
    assert_eq!(got.counts["documents"], documents);
    assert_eq!(ds.sources().len(), documents);
    let per_type: Vec<(i64, String, i64)> = {
        let mut q = c
            .prepare(
                "SELECT t.ID, t.Label, COUNT(s.ID) FROM STATEMENTTYPES t \
                 LEFT JOIN STATEMENTS s ON s.StatementTypeId = t.ID GROUP BY t.ID ORDER BY t.ID",
            )
            .unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        per_type,
        [
            (1, "DNA Statement".to_owned(), 40),
            (2, "NPF Story Element".to_owned(), 0),
            (3, "Annotation".to_owned(), 1)
        ]
    );
    for (id, label, n) in &per_type {
        assert_eq!(
            got.counts[&format!("statements of type {id} ({label})")],
            *n as usize
        );
    }
    let per_variable: Vec<(i64, String, i64)> = {
        let mut q = c
            .prepare(
                "SELECT v.ID, v.Variable, COUNT(*) FROM ENTITIES e \
                 JOIN VARIABLES v ON v.ID = e.VariableId GROUP BY v.ID ORDER BY v.ID",
            )
            .unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for (id, name, n) in &per_variable {
        assert_eq!(
            got.counts[&format!("entities of variable {id} ({name})")],
            *n as usize
        );
    }
    let named = |var: &str| {
        one(
            &c,
            &format!(
                "SELECT COUNT(*) FROM ENTITIES e JOIN VARIABLES v ON v.ID = e.VariableId \
                 WHERE v.Variable = '{var}' AND v.StatementTypeId = 1 AND TRIM(e.Value) <> ''"
            ),
        ) as usize
    };
    let persons = ds
        .actors()
        .iter()
        .filter(|a| a.kind == ActorKind::Person)
        .count();
    assert_eq!(persons, named("person"));
    assert_eq!(ds.actors().len(), named("person") + named("organization"));
    assert_eq!(ds.claims().len(), named("concept"));

    // Every statement is a stance or is named in a warning, never both.
    let stance_of: BTreeMap<i64, &claimgraph_core::Stance> = ds
        .stances()
        .iter()
        .map(|s| (s.extra["dna:statement"].as_i64().unwrap(), s))
        .collect();
    assert_eq!(stance_of.len(), ds.stances().len());
    assert_eq!(got.counts["statements imported"], ds.stances().len());
    assert_eq!(
        got.counts["statements imported"] + got.counts["statements skipped"],
        total
    );
    let rows: Vec<(i64, i64, i64)> = {
        let mut q = c
            .prepare(
                "SELECT s.ID, s.StatementTypeId, COALESCE(b.Value, -1) FROM STATEMENTS s \
                 LEFT JOIN DATABOOLEAN b ON b.StatementId = s.ID ORDER BY s.ID",
            )
            .unwrap();
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(rows.len(), total);
    for (id, ty, agreement) in rows {
        match stance_of.get(&id) {
            Some(s) => {
                assert_eq!(ty, 1);
                let want = if agreement == 1 {
                    Position::Supports
                } else {
                    assert_eq!(agreement, 0);
                    Position::Opposes
                };
                assert_eq!(s.position, want, "statement {id}");
                assert_eq!(s.intensity, None);
                assert_eq!(s.extra["dna:variables"]["agreement"], agreement);
            }
            None => {
                assert_eq!(ty, 3, "statement {id} is not of the Annotation type");
                let w = got
                    .warnings
                    .iter()
                    .find(|w| w.record == "STATEMENTTYPES 3 (Annotation)")
                    .expect("a warning for the Annotation type");
                assert!(
                    w.message.starts_with("1 statement not imported")
                        && w.message.ends_with(&format!("statement ids: {id}")),
                    "{w}"
                );
            }
        }
    }
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);

    // Agreement values, counted by SQL.
    let yes = one(
        &c,
        "SELECT COUNT(*) FROM DATABOOLEAN b JOIN VARIABLES v ON v.ID = b.VariableId \
         WHERE v.Variable = 'agreement' AND b.Value = 1",
    ) as usize;
    let no = one(
        &c,
        "SELECT COUNT(*) FROM DATABOOLEAN b JOIN VARIABLES v ON v.ID = b.VariableId \
         WHERE v.Variable = 'agreement' AND b.Value = 0",
    ) as usize;
    let count = |p| ds.stances().iter().filter(|s| s.position == p).count();
    assert_eq!(
        (count(Position::Supports), count(Position::Opposes)),
        (yes, no)
    );
    assert_eq!(yes + no, 40);
}

#[test]
fn the_coder_is_kept_by_name_and_never_the_password_hash() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let got = import(&path);
    let coder_of: BTreeMap<i64, String> = query::<rusqlite::types::Value>(
        &c,
        "SELECT s.ID, c.Name FROM STATEMENTS s JOIN CODERS c ON c.ID = s.Coder",
    )
    .into_iter()
    .map(|r| match (&r[0], &r[1]) {
        (rusqlite::types::Value::Integer(id), rusqlite::types::Value::Text(n)) => (*id, n.clone()),
        other => panic!("{other:?}"),
    })
    .collect();
    for s in got.dataset.stances() {
        let id = s.extra["dna:statement"].as_i64().unwrap();
        assert_eq!(s.extra["dna:coder"], coder_of[&id].as_str());
    }
    let json = got.dataset.to_json();
    let hashes: Vec<Vec<String>> = query(&c, "SELECT Password FROM CODERS");
    assert!(!hashes.is_empty());
    for h in hashes.iter().flatten() {
        assert!(h.len() > 8);
        assert!(
            !json.contains(h.as_str()),
            "a password hash is in the import"
        );
    }
}

#[test]
fn every_quote_is_the_passage_dna_marked() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let got = import(&path);
    let ds = &got.dataset;
    let report = ds.validate();
    assert!(
        report.problems.is_empty(),
        "the import validates with no errors or warnings: {:?}",
        report.problems
    );
    let rows: Vec<(i64, i64, i64, i64, String)> = {
        let mut q = c
            .prepare(
                "SELECT s.ID, s.DocumentId, s.Start, s.Stop, d.Text FROM STATEMENTS s \
                 JOIN DOCUMENTS d ON d.ID = s.DocumentId WHERE s.StatementTypeId = 1",
            )
            .unwrap();
        q.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert_eq!(rows.len(), ds.quotes().len());
    let mut shifted = 0;
    for (id, doc, start, stop, text) in rows {
        // Java's substring: UTF-16 code units.
        let units: Vec<u16> = text.encode_utf16().collect();
        let want = String::from_utf16(&units[start as usize..stop as usize]).unwrap();
        let q = ds
            .quotes()
            .iter()
            .find(|q| q.id.as_str() == format!("dna-quote-{id}"))
            .unwrap();
        assert_eq!(q.text, want, "statement {id}");
        assert_eq!(q.source.as_str(), format!("dna-document-{doc}"));
        let span = q.span.unwrap();
        let src = ds.source(&q.source).unwrap();
        assert_eq!(&src.text.as_deref().unwrap()[span.start..span.end], want);
        assert_eq!(q.mode, QuoteMode::Paraphrase);
        if span.start != start as usize {
            shifted += 1;
            assert_eq!(doc, 1, "only document 1 holds non-ASCII text");
        }
        // The speaker is the person, the holder the organization.
        let person: String = c
            .query_row(
                "SELECT e.Value FROM DATASHORTTEXT d JOIN ENTITIES e ON e.ID = d.Entity \
                 JOIN VARIABLES v ON v.ID = d.VariableId WHERE d.StatementId = ?1 AND v.Variable = 'person'",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ds.actor(&q.speaker).unwrap().name, person);
    }
    assert!(shifted > 0, "document 1's bullets move its byte offsets");
}

#[test]
fn documents_become_sources_with_their_dates() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let got = import(&path);
    let docs: Vec<(i64, String, String, String, i64)> = {
        let mut q = c
            .prepare("SELECT ID, Title, Author, Source, Date FROM DOCUMENTS ORDER BY ID")
            .unwrap();
        q.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    for (id, title, author, source, date) in docs {
        let s = got
            .dataset
            .sources()
            .iter()
            .find(|s| s.id.as_str() == format!("dna-document-{id}"))
            .unwrap();
        assert_eq!(s.title, title);
        assert_eq!(s.extra["dna:author"], author.as_str());
        assert_eq!(s.publisher.as_deref(), Some(source.as_str()));
        let day = chrono::DateTime::from_timestamp(date, 0)
            .unwrap()
            .date_naive();
        assert_eq!(date % 86_400, 0, "the sample's dates are days");
        assert_eq!(s.published.unwrap().to_string(), day.to_string());
    }
    let first = &got.dataset.sources()[0];
    assert_eq!(first.published.unwrap().to_string(), "2005-01-26");
}

/// The sample's DNA statements as (organization, person, concept, agreement).
fn sample_rows(c: &Connection) -> Vec<(String, String, String, i64)> {
    let mut q = c
        .prepare(
            "SELECT o.Value, p.Value, k.Value, b.Value FROM STATEMENTS s \
             JOIN DATASHORTTEXT do ON do.StatementId = s.ID AND do.VariableId = \
               (SELECT ID FROM VARIABLES WHERE Variable = 'organization' AND StatementTypeId = 1) \
             JOIN ENTITIES o ON o.ID = do.Entity \
             JOIN DATASHORTTEXT dp ON dp.StatementId = s.ID AND dp.VariableId = \
               (SELECT ID FROM VARIABLES WHERE Variable = 'person' AND StatementTypeId = 1) \
             JOIN ENTITIES p ON p.ID = dp.Entity \
             JOIN DATASHORTTEXT dk ON dk.StatementId = s.ID AND dk.VariableId = \
               (SELECT ID FROM VARIABLES WHERE Variable = 'concept' AND StatementTypeId = 1) \
             JOIN ENTITIES k ON k.ID = dk.Entity \
             JOIN DATABOOLEAN b ON b.StatementId = s.ID \
             WHERE s.StatementTypeId = 1",
        )
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A network's edges by node labels; one-mode pairs in label order.
fn edges_by_label(n: &Network) -> BTreeMap<(String, String), f64> {
    let nodes = n.nodes();
    n.edges()
        .iter()
        .map(|e| {
            let a = nodes[e.a as usize].label.to_string();
            let b = nodes[e.b as usize].label.to_string();
            let key = if n.is_two_mode() || a < b {
                (a, b)
            } else {
                (b, a)
            };
            (key, e.weight)
        })
        .collect()
}

/// DNA's one-mode weights, by hand from (actor, concept, agreement) rows:
/// for each pair of actors, the sum over concepts of the products of their
/// statement counts — all of them (ignore), at the same agreement
/// (congruence) or at the opposite one (conflict).
fn one_mode(rows: &[(String, String, i64)], kind: &str) -> BTreeMap<(String, String), f64> {
    let mut cell: BTreeMap<(String, String, i64), f64> = BTreeMap::new();
    for (a, k, q) in rows {
        *cell.entry((a.clone(), k.clone(), *q)).or_default() += 1.0;
    }
    let actors: BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
    let concepts: BTreeSet<&String> = rows.iter().map(|r| &r.1).collect();
    let c = |a: &String, k: &String, q: i64| {
        cell.get(&(a.clone(), k.clone(), q)).copied().unwrap_or(0.0)
    };
    let mut out = BTreeMap::new();
    for a in &actors {
        for b in &actors {
            if a >= b {
                continue;
            }
            let mut w = 0.0;
            for k in &concepts {
                for qa in [0, 1] {
                    for qb in [0, 1] {
                        let counted = match kind {
                            "ignore" => true,
                            "congruence" => qa == qb,
                            _ => qa != qb,
                        };
                        if counted {
                            w += c(a, k, qa) * c(b, k, qb);
                        }
                    }
                }
            }
            if w != 0.0 {
                out.insert(((*a).clone(), (*b).clone()), w);
            }
        }
    }
    out
}

#[test]
fn networks_equal_those_computed_from_the_tables() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let rows: Vec<(String, String, i64)> = sample_rows(&c)
        .into_iter()
        .map(|(o, _, k, q)| (o, k, q))
        .collect();
    assert_eq!(rows.len(), 40);
    let st = Statements::from_dataset(&import(&path).dataset);

    // (a) organization × concept, qualifier ignored: statement counts.
    let mut want: BTreeMap<(String, String), f64> = BTreeMap::new();
    for (o, k, _) in &rows {
        *want.entry((o.clone(), k.clone())).or_default() += 1.0;
    }
    let two = network(&st, &NetworkOptions::affiliation(Positions::Ignore)).unwrap();
    assert_eq!(edges_by_label(&two), want);
    let labels: BTreeSet<String> = two.nodes().iter().map(|n| n.label.to_string()).collect();
    let expected: BTreeSet<String> = rows
        .iter()
        .flat_map(|(o, k, _)| [o.clone(), k.clone()])
        .collect();
    assert_eq!(labels, expected);

    // (b) organization × organization, qualifier ignored (co-occurrence).
    let co = network(&st, &NetworkOptions::new(Kind::CoOccurrence)).unwrap();
    assert_eq!(edges_by_label(&co), one_mode(&rows, "ignore"));
    assert!(!co.edges().is_empty());

    // (c) congruence, and conflict, on the boolean agreement.
    let congruence = network(&st, &NetworkOptions::congruence()).unwrap();
    assert_eq!(edges_by_label(&congruence), one_mode(&rows, "congruence"));
    let conflict = network(&st, &NetworkOptions::conflict()).unwrap();
    assert_eq!(edges_by_label(&conflict), one_mode(&rows, "conflict"));
    assert!(!conflict.edges().is_empty(), "the sample has conflict");
}

#[test]
fn persons_hold_the_stances_when_asked() {
    let Some(path) = sample() else { return };
    let c = ro(&path);
    let got = dna::import_path(&path, &DnaOptions::default().holder("person")).unwrap();
    let ds = &got.dataset;
    assert_eq!(ds.stances().len(), 40);
    for s in ds.stances() {
        assert_eq!(ds.actor(&s.holder).unwrap().kind, ActorKind::Person);
    }
    let rows: Vec<(String, String, i64)> = sample_rows(&c)
        .into_iter()
        .map(|(_, p, k, q)| (p, k, q))
        .collect();
    let st = Statements::from_dataset(ds);
    let congruence = network(&st, &NetworkOptions::congruence()).unwrap();
    assert_eq!(edges_by_label(&congruence), one_mode(&rows, "congruence"));
    assert!(ds.validate().is_valid());
}

/// The import with each source's text cut to its length and ends: the
/// sample's documents are 224 kB of GPL data that the quotes and spans
/// already pin down (the tests above check every span against the text).
fn summary(got: &Imported) -> String {
    let mut ds: serde_json::Value = serde_json::from_str(&got.dataset.to_json()).unwrap();
    for s in ds["sources"].as_array_mut().unwrap() {
        let text = s["text"].as_str().unwrap().to_owned();
        let head: String = text.chars().take(60).collect();
        let tail: String = {
            let v: Vec<char> = text.chars().rev().take(60).collect();
            v.into_iter().rev().collect()
        };
        s["text"] = serde_json::json!({"bytes": text.len(), "head": head, "tail": tail});
    }
    let out = serde_json::json!({
        "counts": got.counts,
        "warnings": got.warnings,
        "dataset": ds,
    });
    serde_json::to_string_pretty(&out).unwrap() + "\n"
}

fn snapshot(name: &str, actual: &str) {
    let path = support::root().join("crates/io/tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_SNAPSHOTS=1 to write it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the import; run with UPDATE_SNAPSHOTS=1 and review the diff",
        path.display()
    );
}

#[test]
fn snapshot_of_the_sample() {
    let Some(path) = sample() else { return };
    let got = import(&path);
    let full = got.dataset.to_json();
    assert!(
        full.len() > 300_000,
        "the full import is large: snapshot a summary"
    );
    let text = summary(&got);
    assert!(text.len() < 300_000);
    snapshot("dna-sample.json", &text);
    // The same bytes on a second import.
    assert_eq!(summary(&import(&path)), text);
}

// ------------------------------------------------------ files that are not DNA

fn content_error(r: Result<Imported, IoError>) -> (String, String, String) {
    match r {
        Err(e @ IoError::Content { .. }) => {
            let shown = e.to_string();
            let IoError::Content {
                record, message, ..
            } = e
            else {
                unreachable!()
            };
            (record, message, shown)
        }
        Err(other) => panic!("expected a content error, got {other:?}"),
        Ok(_) => panic!("expected an error, the import succeeded"),
    }
}

#[test]
fn files_that_are_not_dna_databases_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = DnaOptions::default();

    let text = dir.path().join("notes.dna");
    std::fs::write(&text, "Just some notes, not a database.\n").unwrap();
    let (record, message, shown) = content_error(dna::import_path(&text, &o));
    assert_eq!(record, "file");
    assert!(message.contains("not an SQLite database"), "{message}");
    assert!(shown.contains("notes.dna"), "{shown}");

    let xml = dir.path().join("old.dna");
    std::fs::write(&xml, "<?xml version=\"1.0\"?><dna/>").unwrap();
    let (_, message, _) = content_error(dna::import_path(&xml, &o));
    assert!(message.contains("XML"), "{message}");

    let empty = dir.path().join("empty.dna");
    std::fs::write(&empty, "").unwrap();
    let (record, message, _) = content_error(dna::import_path(&empty, &o));
    assert_eq!(record, "file");
    assert!(message.contains("empty"), "{message}");

    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x');")
        .unwrap();
    let (record, message, _) = content_error(dna::import_path(&other, &o));
    assert_eq!(record, "table CODERS");
    assert!(
        message.contains("missing") && message.contains("not a DNA 3 database"),
        "{message}"
    );

    // A DNA 2-like database: the tables are there, a DNA 3 column is not.
    let old = dir.path().join("dna2.dna");
    {
        let c = Connection::open(&old).unwrap();
        create_schema(&c);
        c.execute_batch(
            "ALTER TABLE DATASHORTTEXT DROP COLUMN Entity; \
             ALTER TABLE DATASHORTTEXT ADD COLUMN Value TEXT; \
             CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT); \
             INSERT INTO SETTINGS VALUES ('version', '2.0 beta 25');",
        )
        .unwrap();
    }
    let (record, message, _) = content_error(dna::import_path(&old, &o));
    assert_eq!(record, "table DATASHORTTEXT, column Entity");
    assert!(message.contains("version 2.0 beta 25"), "{message}");

    let missing = dir.path().join("nowhere.dna");
    match dna::import_path(&missing, &o) {
        Err(IoError::Io { path, .. }) => assert_eq!(path.as_deref(), Some(missing.as_path())),
        other => panic!("{other:?}"),
    }

    // Options that cannot map.
    let good = dir.path().join("good.dna");
    create_schema(&Connection::open(&good).unwrap());
    let (record, _, _) = content_error(dna::import_path(&good, &o.clone().target("organization")));
    assert_eq!(record, "options: holder and target");
    let (record, _, _) = content_error(dna::import_path(&good, &o.clone().scale(3, 3)));
    assert_eq!(record, "options: scale");
}

#[test]
fn bad_cells_are_named_by_table_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.dna");
    let mut b = Db::new(&path);
    b.doc(7, "A text", 0);
    b.conn
        .execute("UPDATE DOCUMENTS SET Date = 'yesterday' WHERE ID = 7", [])
        .unwrap();
    drop(b);
    let (record, message, _) = content_error(dna::import_path(&path, &DnaOptions::default()));
    assert_eq!(record, "DOCUMENTS 7, column Date");
    assert!(
        message.contains("\"yesterday\" is not an integer"),
        "{message}"
    );
}

#[test]
fn the_import_never_writes_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.dna");
    match sample() {
        Some(s) => {
            std::fs::copy(s, &path).unwrap();
        }
        None => {
            let mut b = Db::new(&path);
            b.default_type();
            b.doc(1, "Ann said yes.", 0);
            b.entity(1, 2, "Ann's club");
            b.entity(2, 3, "Yes");
            b.statement(1, 1, 1, 0, 12, &[(2, E(1)), (3, E(2)), (4, B(1))]);
        }
    }
    // Writable, so that a write would succeed if one were attempted.
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    let listing = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let bytes = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let before = listing(dir.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    for o in [
        DnaOptions::default(),
        DnaOptions::default().holder("person"),
        DnaOptions::default().qualifier("nothing"),
    ] {
        dna::import_path(&path, &o).unwrap();
    }
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(
        listing(dir.path()),
        before,
        "no journal or other file is left"
    );
}

// ------------------------------------------------------- databases of our own

/// The DNA 3 tables and columns the importer reads (DNA's own databases have
/// more: permissions, colours of coders, regexes, settings).
fn create_schema(c: &Connection) {
    c.execute_batch(
        "CREATE TABLE CODERS(ID INTEGER PRIMARY KEY, Name TEXT NOT NULL, Password TEXT NOT NULL);
         CREATE TABLE DOCUMENTS(ID INTEGER PRIMARY KEY, Title TEXT NOT NULL, Text TEXT NOT NULL,
           Coder INTEGER, Author TEXT NOT NULL DEFAULT '', Source TEXT NOT NULL DEFAULT '',
           Section TEXT NOT NULL DEFAULT '', Notes TEXT NOT NULL DEFAULT '',
           Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL);
         CREATE TABLE STATEMENTTYPES(ID INTEGER PRIMARY KEY, Label TEXT NOT NULL);
         CREATE TABLE VARIABLES(ID INTEGER PRIMARY KEY, Variable TEXT NOT NULL,
           DataType TEXT NOT NULL, StatementTypeId INTEGER);
         CREATE TABLE STATEMENTS(ID INTEGER PRIMARY KEY, StatementTypeId INTEGER,
           DocumentId INTEGER, Start INTEGER NOT NULL, Stop INTEGER NOT NULL, Coder INTEGER);
         CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
           VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL);
         CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
           VariableId INTEGER NOT NULL, Value TEXT);
         CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
           VariableId INTEGER NOT NULL, Value INTEGER NOT NULL);
         CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
           VariableId INTEGER NOT NULL, Value INTEGER NOT NULL);
         CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY, VariableId INTEGER NOT NULL,
           Value TEXT NOT NULL, Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER);
         CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY, VariableId INTEGER NOT NULL,
           AttributeVariable TEXT NOT NULL);
         CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY, EntityId INTEGER NOT NULL,
           AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL);
         INSERT INTO CODERS VALUES (1, 'Coder A', 'a-password-hash-that-must-not-leak');",
    )
    .unwrap();
}

/// A value of a statement's variable.
#[derive(Clone, Debug)]
enum V {
    /// An entity id.
    E(i64),
    /// A boolean.
    B(i64),
    /// An integer.
    I(i64),
    /// Long text.
    T(&'static str),
}
use V::{B, E, I, T};

/// A DNA database of the test's own.
struct Db {
    conn: Connection,
}

impl Db {
    fn new(path: &Path) -> Db {
        let conn = Connection::open(path).unwrap();
        create_schema(&conn);
        Db { conn }
    }

    /// DNA's default statement type, as id 1: person (1), organization (2),
    /// concept (3), agreement (4), with DNA's attribute variables.
    fn default_type(&mut self) {
        self.conn
            .execute_batch(
                "INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement');
                 INSERT INTO VARIABLES VALUES (1, 'person', 'short text', 1),
                   (2, 'organization', 'short text', 1), (3, 'concept', 'short text', 1),
                   (4, 'agreement', 'boolean', 1);
                 INSERT INTO ATTRIBUTEVARIABLES VALUES (1, 1, 'Type'), (2, 2, 'Type'),
                   (3, 3, 'Type'), (4, 1, 'Alias'), (5, 2, 'Alias'), (6, 3, 'Alias'),
                   (7, 1, 'Notes'), (8, 2, 'Notes'), (9, 3, 'Notes');",
            )
            .unwrap();
    }

    fn doc(&mut self, id: i64, text: &str, date: i64) {
        self.conn
            .execute(
                "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Date) VALUES (?1, ?2, ?3, 1, ?4)",
                params![id, format!("Document {id}"), text, date],
            )
            .unwrap();
    }

    fn entity(&mut self, id: i64, variable: i64, value: &str) {
        self.conn
            .execute(
                "INSERT INTO ENTITIES VALUES (?1, ?2, ?3, 255, 0, 0, NULL)",
                params![id, variable, value],
            )
            .unwrap();
    }

    fn attribute(&mut self, entity: i64, attribute_variable: i64, value: &str) {
        self.conn
            .execute(
                "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) \
                 VALUES (?1, ?2, ?3)",
                params![entity, attribute_variable, value],
            )
            .unwrap();
    }

    fn statement(
        &mut self,
        id: i64,
        ty: i64,
        doc: i64,
        start: usize,
        stop: usize,
        values: &[(i64, V)],
    ) {
        self.conn
            .execute(
                "INSERT INTO STATEMENTS VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                params![id, ty, doc, start as i64, stop as i64],
            )
            .unwrap();
        for (var, v) in values {
            let (table, value) = match v {
                E(e) => (
                    "DATASHORTTEXT (StatementId, VariableId, Entity)",
                    rusqlite::types::Value::Integer(*e),
                ),
                B(b) => (
                    "DATABOOLEAN (StatementId, VariableId, Value)",
                    rusqlite::types::Value::Integer(*b),
                ),
                I(i) => (
                    "DATAINTEGER (StatementId, VariableId, Value)",
                    rusqlite::types::Value::Integer(*i),
                ),
                T(t) => (
                    "DATALONGTEXT (StatementId, VariableId, Value)",
                    rusqlite::types::Value::Text((*t).to_owned()),
                ),
            };
            self.conn
                .execute(
                    &format!("INSERT INTO {table} VALUES (?1, ?2, ?3)"),
                    params![id, var, value],
                )
                .unwrap();
        }
    }
}

/// UTF-16 offsets of `part` in `text` as DNA counts them (a `\r\n` is one).
fn offsets(text: &str, part: &str) -> (usize, usize) {
    let at = text.find(part).unwrap();
    let units = |s: &str| s.replace("\r\n", "\n").encode_utf16().count();
    let start = units(&text[..at]);
    (start, start + units(part))
}

#[test]
fn other_statement_types_map_when_their_variables_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("types.dna");
    let mut b = Db::new(&path);
    b.default_type();
    b.conn
        .execute_batch(
            "INSERT INTO STATEMENTTYPES VALUES (2, 'Scored'), (3, 'Story'), (4, 'Annotation');
             INSERT INTO VARIABLES VALUES (5, 'organization', 'short text', 2),
               (6, 'concept', 'short text', 2), (7, 'agreement', 'integer', 2),
               (8, 'hero', 'short text', 3), (9, 'villain', 'short text', 3),
               (10, 'note', 'long text', 4);",
        )
        .unwrap();
    let text = "Acme backs the levy. Bolt hates the levy. \
                Cato is lukewarm on the levy. Hero saves the day.";
    b.doc(1, text, 1_700_000_000);
    b.entity(1, 2, "Acme");
    b.entity(2, 3, "A levy on carbon");
    b.entity(3, 5, "Bolt");
    b.entity(4, 5, "Cato");
    b.entity(5, 6, "A levy on carbon");
    b.entity(6, 8, "The hero");
    b.entity(7, 2, ""); // DNA's empty entity: no value
    b.attribute(1, 2, "Party");
    b.attribute(1, 5, "ACME Corp.");
    b.attribute(1, 8, "Founded 1950.");
    let span = |p| offsets(text, p);
    let (s, e) = span("Acme backs the levy.");
    b.statement(1, 1, 1, s, e, &[(2, E(1)), (3, E(2)), (4, B(1))]);
    let (s, e) = span("Bolt hates the levy.");
    b.statement(2, 2, 1, s, e, &[(5, E(3)), (6, E(5)), (7, I(-2))]);
    let (s, e) = span("Cato is lukewarm on the levy.");
    b.statement(3, 2, 1, s, e, &[(5, E(4)), (6, E(5)), (7, I(1))]);
    let (s, e) = span("Hero saves the day.");
    b.statement(4, 3, 1, s, e, &[(8, E(6))]);
    b.statement(5, 4, 1, s, e, &[(10, T("check this"))]);
    b.statement(6, 4, 1, 0, 4, &[(10, T("and this"))]);
    b.statement(7, 1, 1, 0, 4, &[(2, E(7)), (3, E(2)), (4, B(0))]);
    b.statement(8, 1, 1, 0, 4, &[(2, E(1)), (3, E(2))]);
    drop(b);

    let got = import(&path);
    let ds = &got.dataset;
    assert!(ds.validate().is_valid(), "{:?}", ds.validate().problems);
    let by_statement = |id: i64| ds.stances().iter().find(|s| s.extra["dna:statement"] == id);
    // The default type, boolean.
    let s1 = by_statement(1).unwrap();
    assert_eq!(s1.position, Position::Supports);
    let acme = ds.actor(&s1.holder).unwrap();
    assert_eq!(
        acme.kind,
        ActorKind::Party,
        "the Type attribute names a kind"
    );
    assert_eq!(acme.aliases, ["ACME Corp."]);
    assert_eq!(acme.description.as_deref(), Some("Founded 1950."));
    assert_eq!(acme.extra["dna:colour"], "#ff0000");
    // The scored type, integer on the observed range -2..1.
    let s2 = by_statement(2).unwrap();
    assert_eq!((s2.position, s2.intensity), (Position::Opposes, Some(-1.0)));
    let s3 = by_statement(3).unwrap();
    assert_eq!((s3.position, s3.intensity), (Position::Supports, Some(1.0)));
    assert_eq!(s3.extra["dna:statement_type"], "Scored");
    assert!(got.warnings.iter().any(
        |w| w.record == "VARIABLES 7 (agreement)" && w.message.contains("observed range -2..1")
    ));
    // Unmapped types, with their counts and ids; statements without a
    // holder or qualifier; entities of unmapped variables.
    let warned = |record: &str, text: &str| {
        assert!(
            got.warnings
                .iter()
                .any(|w| w.record == record && w.message.contains(text)),
            "no warning {record}: {text} in {:#?}",
            got.warnings
        );
    };
    warned(
        "STATEMENTTYPES 3 (Story)",
        "1 statement not imported: it has no holder variable \"organization\"",
    );
    warned("STATEMENTTYPES 4 (Annotation)", "2 statements not imported");
    warned("STATEMENTTYPES 4 (Annotation)", "statement ids: 5, 6");
    warned(
        "STATEMENTS 7",
        "not imported: it has no organization (the holder)",
    );
    warned(
        "STATEMENTS 8",
        "not imported: it has no agreement (the qualifier)",
    );
    warned(
        "VARIABLES 8 (hero)",
        "1 entity of this variable is not imported",
    );
    assert_eq!(got.counts["statements imported"], 3);
    assert_eq!(got.counts["statements skipped"], 5);
    assert_eq!(got.counts["statements of type 2 (Scored)"], 2);

    // A declared scale places the same values differently.
    let got = dna::import_path(&path, &DnaOptions::default().scale(-3, 3)).unwrap();
    let s3 = got
        .dataset
        .stances()
        .iter()
        .find(|s| s.extra["dna:statement"] == 3)
        .unwrap();
    assert_eq!(s3.position, Position::Supports);
    let i = s3.intensity.unwrap();
    assert!((i - 1.0 / 3.0).abs() < 1e-12, "{i}");
    // ... and a value outside it is set to the nearer end, with a warning.
    let got = dna::import_path(&path, &DnaOptions::default().scale(-1, 1)).unwrap();
    assert!(
        got.warnings.iter().any(|w| w.record == "STATEMENTS 2"
            && w.message.contains("outside the declared scale -1..1"))
    );
    // The networks over both types: Bolt and Cato disagree on the levy.
    let st = Statements::from_dataset(&import(&path).dataset);
    let scale = claimgraph_network::Scale::new(-1.0, 1.0).unwrap();
    let congruence = network(&st, &NetworkOptions::congruence().scale(scale)).unwrap();
    let conflict = network(&st, &NetworkOptions::conflict().scale(scale)).unwrap();
    // Bolt at -1 and Cato at 1 on the levy (of the Scored type) agree
    // 1 - |(-1) - 1| / 2 = 0; Acme spoke on the levy of the other type, a
    // claim of its own.
    let pair = ("Bolt".to_owned(), "Cato".to_owned());
    assert_eq!(edges_by_label(&conflict).get(&pair), Some(&1.0));
    assert_eq!(
        edges_by_label(&congruence).get(&pair),
        None,
        "weight 0 is no edge"
    );
    assert!(
        edges_by_label(&conflict)
            .keys()
            .all(|(a, b)| a != "Acme" && b != "Acme")
    );
}

#[test]
fn non_ascii_astral_and_crlf_texts_are_cut_where_dna_cut_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("texts.dna");
    let mut b = Db::new(&path);
    b.default_type();
    let text = "• Zoë 😀 said:\r\n“Ça suffit 🇺🇦”\r\nand left.\rThe end 中文.";
    b.doc(1, text, 0);
    b.entity(1, 2, "Zoë's party");
    b.entity(2, 3, "Enough");
    b.entity(3, 1, "Zoë");
    let parts = ["Zoë 😀 said:\r\n“Ça", "🇺🇦”\r\nand left.\rThe", "中文."];
    for (i, p) in parts.iter().enumerate() {
        let (s, e) = offsets(text, p);
        b.statement(
            i as i64 + 1,
            1,
            1,
            s,
            e,
            &[(1, E(3)), (2, E(1)), (3, E(2)), (4, B(1))],
        );
    }
    // One past the end, and one inside the flag's surrogate pair.
    let end = offsets(text, "中文.").1;
    b.statement(
        10,
        1,
        1,
        end - 1,
        end + 1,
        &[(2, E(1)), (3, E(2)), (4, B(0))],
    );
    let flag = offsets(text, "🇺🇦").0;
    b.statement(
        11,
        1,
        1,
        flag + 1,
        flag + 4,
        &[(2, E(1)), (3, E(2)), (4, B(0))],
    );
    drop(b);

    let got = import(&path);
    let ds = &got.dataset;
    assert!(ds.validate().is_valid(), "{:?}", ds.validate().problems);
    for (i, p) in parts.iter().enumerate() {
        let q = &ds.quotes()[i];
        assert_eq!(q.text, *p);
        let span = q.span.unwrap();
        assert_eq!(&text[span.start..span.end], *p);
        assert_eq!(ds.actor(&q.speaker).unwrap().name, "Zoë");
    }
    assert_eq!(ds.quotes().len(), 3);
    // The two broken passages keep their stances, evidenced by the document.
    assert_eq!(ds.stances().len(), 5);
    for (id, why) in [(10, "reaches past the end"), (11, "cuts a character")] {
        assert!(
            got.warnings
                .iter()
                .any(|w| w.record == format!("STATEMENTS {id}") && w.message.contains(why)),
            "{:?}",
            got.warnings
        );
        let s = ds
            .stances()
            .iter()
            .find(|s| s.extra["dna:statement"] == id)
            .unwrap();
        assert_eq!(
            s.evidence[0].source.as_ref().unwrap().as_str(),
            "dna-document-1"
        );
    }
}

#[test]
fn hostile_strings_come_through_unchanged() {
    let h = support::hostile_strings();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.dna");
    let mut b = Db::new(&path);
    b.default_type();
    let text: String = h.join("\n");
    b.doc(1, &text, 1_106_697_600 + 45);
    b.conn
        .execute(
            "UPDATE DOCUMENTS SET Title = ?1, Author = ?2, Source = ?3, Section = ?4, \
             Notes = ?5, Type = ?6 WHERE ID = 1",
            params![h[0], h[1], h[2], h[3], h[4], h[5]],
        )
        .unwrap();
    b.conn
        .execute("UPDATE CODERS SET Name = ?1", params![h[7]])
        .unwrap();
    for (i, s) in h.iter().enumerate() {
        let i = i as i64;
        b.entity(100 + i, 2, s);
        b.entity(200 + i, 3, s);
        b.attribute(100 + i, 5, &h[(i as usize + 1) % h.len()]);
        b.attribute(100 + i, 8, &h[(i as usize + 2) % h.len()]);
        b.attribute(200 + i, 6, &h[(i as usize + 3) % h.len()]);
        let (start, stop) = offsets(&text, s);
        b.statement(
            i + 1,
            1,
            1,
            start,
            stop,
            &[(2, E(100 + i)), (3, E(200 + i)), (4, B(i % 2))],
        );
    }
    drop(b);

    let got = import(&path);
    let ds = &got.dataset;
    assert!(ds.validate().is_valid(), "{:?}", ds.validate().problems);
    assert_eq!(ds.stances().len(), h.len());
    for (i, s) in h.iter().enumerate() {
        let a = ds
            .actors()
            .iter()
            .find(|a| a.id.as_str() == format!("dna-entity-{}", 100 + i))
            .unwrap();
        assert_eq!(&a.name, s);
        assert_eq!(a.aliases, [h[(i + 1) % h.len()].clone()]);
        assert_eq!(a.description.as_ref(), Some(&h[(i + 2) % h.len()]));
        let c = ds
            .claims()
            .iter()
            .find(|c| c.id.as_str() == format!("dna-entity-{}", 200 + i))
            .unwrap();
        assert_eq!(&c.text, s);
        assert_eq!(c.extra["dna:alias"], h[(i + 3) % h.len()].as_str());
        let q = &ds.quotes()[i];
        assert_eq!(&q.text, s);
        assert_eq!(ds.stances()[i].extra["dna:coder"], h[7].as_str());
    }
    let src = &ds.sources()[0];
    assert_eq!(src.title, h[0]);
    assert_eq!(src.extra["dna:author"], h[1].as_str());
    assert_eq!(src.publisher.as_ref(), Some(&h[2]));
    assert_eq!(src.extra["dna:notes"], h[4].as_str());
    assert_eq!(src.published.unwrap().to_string(), "2005-01-26T00:00:45Z");
    assert_eq!(src.text.as_ref(), Some(&text));
    // The canonical file reads back to the same dataset.
    assert_eq!(Dataset::from_json(&ds.to_json()).unwrap(), *ds);
}

// ------------------------------------------------------------------ properties

/// Pieces of text; DNA counts each as its UTF-16 length, a `\r\n` as one.
fn pieces() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", " ", "Z", "é", "•", "中", "😀", "🇺", "\r\n", "\r", "\n", "\t", "\u{200F}",
        ]),
        1..40,
    )
    .prop_map(|parts| {
        // A "\r" before a "\n" is one line break: make it one piece.
        let mut out: Vec<&'static str> = Vec::new();
        for p in parts {
            match out.last_mut() {
                Some(last) if *last == "\r" && p == "\n" => *last = "\r\n",
                _ => out.push(p),
            }
        }
        out
    })
}

fn units(p: &str) -> usize {
    if p == "\r\n" {
        1
    } else {
        p.encode_utf16().count()
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct("proptest-regressions/dna.txt"),
        )),
        ..ProptestConfig::default()
    })]

    /// Whatever the text, a passage marked by DNA's offsets comes back as
    /// exactly the pieces it covers, and its span cuts them from the source.
    #[test]
    fn passages_are_the_pieces_their_offsets_cover(
        parts in pieces(),
        cut in (0usize..40, 1usize..40),
    ) {
        let n = parts.len();
        let from = cut.0 % n;
        let to = (from + cut.1).min(n).max(from + 1);
        let text: String = parts.concat();
        let want: String = parts[from..to].concat();
        prop_assume!(!want.trim().is_empty());
        let start: usize = parts[..from].iter().map(|p| units(p)).sum();
        let stop: usize = start + parts[from..to].iter().map(|p| units(p)).sum::<usize>();

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.dna");
        let mut b = Db::new(&path);
        b.default_type();
        b.doc(1, &text, 86_400);
        b.entity(1, 2, "Org");
        b.entity(2, 3, "Concept");
        b.statement(1, 1, 1, start, stop, &[(2, E(1)), (3, E(2)), (4, B(1))]);
        drop(b);

        let got = import(&path);
        let ds = &got.dataset;
        prop_assert_eq!(ds.quotes().len(), 1);
        let q = &ds.quotes()[0];
        prop_assert_eq!(&q.text, &want);
        let span = q.span.unwrap();
        prop_assert_eq!(&text[span.start..span.end], want.as_str());
        prop_assert!(ds.validate().is_valid());
    }

    /// A generated dataset's supports and opposes on claims, written into a
    /// DNA database by the test, come back as the same (holder, claim,
    /// position) statements, and the import validates.
    #[test]
    fn generated_stances_come_back_from_a_dna_database(ds in support::datasets()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.dna");
        let mut b = Db::new(&path);
        b.default_type();
        let mut words = String::new();
        let mut entities: BTreeMap<(i64, String), i64> = BTreeMap::new();
        let mut entity = |b: &mut Db, var: i64, value: &str| -> i64 {
            let next = entities.len() as i64 + 1;
            *entities.entry((var, value.to_owned())).or_insert_with(|| {
                b.entity(next, var, value);
                next
            })
        };
        let mut want = Vec::new();
        let mut spans = Vec::new();
        for s in ds.stances() {
            let Some(claim) = ds.claim(&claimgraph_core::ClaimId::new(s.target.as_str()).unwrap()) else { continue };
            let agreement = match s.position {
                Position::Supports => 1,
                Position::Opposes => 0,
                _ => continue,
            };
            let holder = ds.actor(&s.holder).unwrap();
            if holder.name.trim().is_empty() || claim.text.trim().is_empty() { continue; }
            let passage = format!("{} on {}. ", holder.name, claim.text);
            let start = words.replace("\r\n", "\n").encode_utf16().count();
            let stop = start + passage.replace("\r\n", "\n").encode_utf16().count();
            words.push_str(&passage);
            spans.push((start, stop));
            let o = entity(&mut b, 2, &holder.name);
            let c = entity(&mut b, 3, &claim.text);
            want.push((holder.name.clone(), claim.text.clone(), s.position, o, c, agreement));
        }
        prop_assume!(!want.is_empty());
        b.doc(1, &words, 1_763_596_800);
        for (i, ((.., o, c, agreement), (start, stop))) in want.iter().zip(&spans).enumerate() {
            b.statement(i as i64 + 1, 1, 1, *start, *stop, &[(2, E(*o)), (3, E(*c)), (4, B(*agreement))]);
        }
        drop(b);

        let got = import(&path);
        let back = &got.dataset;
        prop_assert!(back.validate().is_valid(), "{:?}", back.validate().problems);
        let mut have: Vec<(String, String, Position)> = back
            .stances()
            .iter()
            .map(|s| (
                back.actor(&s.holder).unwrap().name.clone(),
                back.claim(&claimgraph_core::ClaimId::new(s.target.as_str()).unwrap()).unwrap().text.clone(),
                s.position,
            ))
            .collect();
        let mut want: Vec<(String, String, Position)> =
            want.into_iter().map(|(h, c, p, ..)| (h, c, p)).collect();
        have.sort_by(|a, b| (&a.0, &a.1, a.2.as_str()).cmp(&(&b.0, &b.1, b.2.as_str())));
        want.sort_by(|a, b| (&a.0, &a.1, a.2.as_str()).cmp(&(&b.0, &b.1, b.2.as_str())));
        prop_assert_eq!(have, want);
        prop_assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    }
}
