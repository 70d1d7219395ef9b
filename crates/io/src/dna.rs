//! Import of Discourse Network Analyzer 3 databases (`.dna` files, SQLite).
//!
//! The Discourse Network Analyzer (DNA) keeps a coder's work in an SQLite
//! database: documents, statements marked in their text, the values coded
//! for each statement (entities such as an organisation and a concept, and a
//! qualifier such as agreement), and attributes of the entities. This module
//! reads such a database, read-only, into a claimgraph [`Dataset`]:
//!
//! | DNA | claimgraph |
//! |---|---|
//! | document | source (its full text, publisher from "Source", date from Unix seconds) |
//! | entity of the holder variable (`organization`) and the speaker variable (`person`) | actor |
//! | entity of the target variable (`concept`) | claim |
//! | statement | a quote (the marked passage, with its byte span) and a stance of the holder toward the claim |
//! | qualifier (`agreement`) | the stance's position, and for an integer qualifier its intensity |
//! | coder | the stance's `dna:coder` (the name only) |
//!
//! The defaults are DNA's own defaults for network export: statement type
//! "DNA Statement", organization × concept, qualifier agreement. Statement
//! types whose variables do not map are reported with their counts as
//! [`ImportWarning`]s, never dropped silently. `docs/FORMATS.md` (Discourse Network Analyzer) states
//! the whole mapping.
//!
//! [`Dataset`]: claimgraph_core::Dataset

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use claimgraph_core::{
    Actor, ActorId, ActorKind, Claim, ClaimId, Dataset, Evidence, Position, Quote, QuoteId,
    QuoteMode, Source, SourceId, SourceKind, Span, Stance, StanceId, When,
};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value as Json;

use crate::{ImportWarning, Imported, IoError};

/// How a DNA database maps to claimgraph records: which variables give the
/// holder, the speaker, the target and the position, and how the passages
/// are rendered as quotes.
///
/// The defaults are DNA's defaults for network export (`organization` ×
/// `concept`, qualifier `agreement`), with the `person` variable as the
/// speaker of each passage.
///
/// ```
/// use claimgraph_io::dna::DnaOptions;
/// let persons = DnaOptions::default().holder("person");
/// assert_eq!(persons.holder, "person");
/// assert_eq!(persons.target, "concept");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DnaOptions {
    /// The short-text variable whose entity holds the stance
    /// (default `organization`, as in DNA; `person` is the usual other choice).
    pub holder: String,
    /// The short-text variable whose entity said the words: the quote's
    /// speaker (default `person`). Where a statement has no such value, the
    /// holder speaks.
    pub speaker: String,
    /// The short-text variable whose entity is the target claim (default `concept`).
    pub target: String,
    /// The boolean or integer variable that gives the position (default `agreement`).
    pub qualifier: String,
    /// The scale `(min, max)` of an integer qualifier. DNA declares none, so
    /// by default the range of values observed for the variable is used, as
    /// DNA's exporter does; set it where the codebook declares a scale.
    pub scale: Option<(i64, i64)>,
    /// How each marked passage relates to what was said (default
    /// [`QuoteMode::Paraphrase`]: a DNA statement is a passage of the document
    /// that the coder read as the actor's position, not necessarily the
    /// actor's own words).
    pub quote_mode: QuoteMode,
}

impl Default for DnaOptions {
    fn default() -> DnaOptions {
        DnaOptions {
            holder: "organization".to_owned(),
            speaker: "person".to_owned(),
            target: "concept".to_owned(),
            qualifier: "agreement".to_owned(),
            scale: None,
            quote_mode: QuoteMode::Paraphrase,
        }
    }
}

impl DnaOptions {
    /// Sets the holder variable.
    pub fn holder(mut self, variable: &str) -> DnaOptions {
        self.holder = variable.to_owned();
        self
    }

    /// Sets the speaker variable.
    pub fn speaker(mut self, variable: &str) -> DnaOptions {
        self.speaker = variable.to_owned();
        self
    }

    /// Sets the target variable.
    pub fn target(mut self, variable: &str) -> DnaOptions {
        self.target = variable.to_owned();
        self
    }

    /// Sets the qualifier variable.
    pub fn qualifier(mut self, variable: &str) -> DnaOptions {
        self.qualifier = variable.to_owned();
        self
    }

    /// Declares the scale of an integer qualifier.
    pub fn scale(mut self, min: i64, max: i64) -> DnaOptions {
        self.scale = Some((min, max));
        self
    }

    /// Sets the mode of the quotes made from the passages.
    pub fn quote_mode(mut self, mode: QuoteMode) -> DnaOptions {
        self.quote_mode = mode;
        self
    }
}

/// Reads a DNA 3 database into a dataset, with a warning for everything it
/// could not use and counts of what the file holds.
///
/// The file is opened read-only and never written. A file that is not an
/// SQLite database, or lacks a table or column of the DNA 3 schema, is an
/// [`IoError::Content`] naming what is missing; a database the engine cannot
/// read is an [`IoError::Database`].
///
/// Cost: O(n log n) time in the rows of the database, and memory for all of
/// it (document texts included).
///
/// ```
/// # fn make(path: &std::path::Path) -> rusqlite::Result<()> {
/// #     let c = rusqlite::Connection::open(path)?;
/// #     c.execute_batch("
/// #       CREATE TABLE CODERS(ID INTEGER PRIMARY KEY, Name TEXT, Password TEXT);
/// #       CREATE TABLE DOCUMENTS(ID INTEGER PRIMARY KEY, Title TEXT, Text TEXT, Coder INTEGER,
/// #         Author TEXT, Source TEXT, Section TEXT, Notes TEXT, Type TEXT, Date INTEGER);
/// #       CREATE TABLE STATEMENTTYPES(ID INTEGER PRIMARY KEY, Label TEXT);
/// #       CREATE TABLE VARIABLES(ID INTEGER PRIMARY KEY, Variable TEXT, DataType TEXT,
/// #         StatementTypeId INTEGER);
/// #       CREATE TABLE STATEMENTS(ID INTEGER PRIMARY KEY, StatementTypeId INTEGER,
/// #         DocumentId INTEGER, Start INTEGER, Stop INTEGER, Coder INTEGER);
/// #       CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY, StatementId INTEGER,
/// #         VariableId INTEGER, Entity INTEGER);
/// #       CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY, StatementId INTEGER,
/// #         VariableId INTEGER, Value TEXT);
/// #       CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY, StatementId INTEGER,
/// #         VariableId INTEGER, Value INTEGER);
/// #       CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY, StatementId INTEGER,
/// #         VariableId INTEGER, Value INTEGER);
/// #       CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY, VariableId INTEGER, Value TEXT,
/// #         Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER);
/// #       CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY, VariableId INTEGER,
/// #         AttributeVariable TEXT);
/// #       CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY, EntityId INTEGER,
/// #         AttributeVariableId INTEGER, AttributeValue TEXT);
/// #       INSERT INTO CODERS VALUES (1, 'Admin', 'hash');
/// #       INSERT INTO DOCUMENTS VALUES (1, 'Hearing', 'Bluestein • said: regulate CO2.', 1,
/// #         '', 'Senate', '', '', '', 1106697600);
/// #       INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement');
/// #       INSERT INTO VARIABLES VALUES (1, 'person', 'short text', 1),
/// #         (2, 'organization', 'short text', 1), (3, 'concept', 'short text', 1),
/// #         (4, 'agreement', 'boolean', 1);
/// #       INSERT INTO ENTITIES VALUES (1, 1, 'Joel Bluestein', 0, 0, 0, NULL),
/// #         (2, 2, 'EEA Inc.', 0, 0, 0, NULL), (3, 3, 'Regulate CO2.', 0, 0, 0, NULL);
/// #       INSERT INTO STATEMENTS VALUES (1, 1, 1, 18, 31, 1);
/// #       INSERT INTO DATASHORTTEXT VALUES (1, 1, 1, 1), (2, 1, 2, 2), (3, 1, 3, 3);
/// #       INSERT INTO DATABOOLEAN VALUES (1, 1, 4, 1);
/// #     ")
/// # }
/// use claimgraph_core::Position;
/// use claimgraph_io::dna::{self, DnaOptions};
///
/// # let dir = tempfile::tempdir()?;
/// # let path = dir.path().join("hearing.dna");
/// # make(&path)?;
/// let imported = dna::import_path(&path, &DnaOptions::default())?;
/// let ds = &imported.dataset;
/// let stance = &ds.stances()[0];
/// assert_eq!(stance.position, Position::Supports);
/// assert_eq!(ds.actor(&stance.holder).map(|a| a.name.as_str()), Some("EEA Inc."));
/// // The passage is cut by UTF-16 offsets; its span is in bytes, past the "•".
/// assert_eq!(ds.quotes()[0].text, "regulate CO2.");
/// assert!(ds.validate().is_valid());
/// assert_eq!(imported.counts["statements imported"], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import_path(path: &Path, options: &DnaOptions) -> Result<Imported, IoError> {
    import(path, options).map_err(|e| e.in_file(path))
}

/// The tables and columns of the DNA 3 schema this importer reads. Other
/// tables and columns (settings, regexes, coder permissions, passwords) are
/// never read.
const SCHEMA: &[(&str, &[&str])] = &[
    ("CODERS", &["ID", "Name"]),
    (
        "DOCUMENTS",
        &[
            "ID", "Title", "Text", "Coder", "Author", "Source", "Section", "Notes", "Type", "Date",
        ],
    ),
    ("STATEMENTTYPES", &["ID", "Label"]),
    (
        "VARIABLES",
        &["ID", "Variable", "DataType", "StatementTypeId"],
    ),
    (
        "STATEMENTS",
        &[
            "ID",
            "StatementTypeId",
            "DocumentId",
            "Start",
            "Stop",
            "Coder",
        ],
    ),
    ("DATASHORTTEXT", &["StatementId", "VariableId", "Entity"]),
    ("DATALONGTEXT", &["StatementId", "VariableId", "Value"]),
    ("DATABOOLEAN", &["StatementId", "VariableId", "Value"]),
    ("DATAINTEGER", &["StatementId", "VariableId", "Value"]),
    (
        "ENTITIES",
        &[
            "ID",
            "VariableId",
            "Value",
            "Red",
            "Green",
            "Blue",
            "ChildOf",
        ],
    ),
    (
        "ATTRIBUTEVARIABLES",
        &["ID", "VariableId", "AttributeVariable"],
    ),
    (
        "ATTRIBUTEVALUES",
        &["EntityId", "AttributeVariableId", "AttributeValue"],
    ),
];

fn content(record: impl Into<String>, message: impl Into<String>) -> IoError {
    IoError::Content {
        path: None,
        record: record.into(),
        message: message.into(),
    }
}

fn db_error(e: rusqlite::Error) -> IoError {
    IoError::Database {
        path: None,
        message: e.to_string(),
    }
}

/// Opens the file read-only after checking that it is an SQLite database.
fn open(path: &Path) -> Result<Connection, IoError> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let mut got = 0;
    while got < header.len() {
        let n = file.read(&mut header[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    drop(file);
    if got == 0 {
        return Err(content(
            "file",
            "the file is empty: not a DNA 3 database (an SQLite file)",
        ));
    }
    if &header[..got] != b"SQLite format 3\0" {
        let looks = if header[..got].starts_with(b"<") {
            " (it looks like XML, as the files of DNA 1.x were; only DNA 3 databases are read)"
        } else {
            ""
        };
        return Err(content(
            "file",
            format!("not an SQLite database, so not a DNA 3 database{looks}"),
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db_error)?;
    // A second guard: the connection refuses any statement that would write.
    conn.execute_batch("PRAGMA query_only = ON")
        .map_err(db_error)?;
    Ok(conn)
}

/// Checks that every table and column the importer reads is there, naming
/// the first that is not.
fn check_schema(conn: &Connection) -> Result<(), IoError> {
    let mut tables = BTreeMap::new();
    {
        let mut q = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .map_err(db_error)?;
        let mut rows = q.query([]).map_err(db_error)?;
        while let Some(row) = rows.next().map_err(db_error)? {
            if let ValueRef::Text(t) = row.get_ref(0).map_err(db_error)? {
                let name = String::from_utf8_lossy(t).into_owned();
                tables.insert(name.to_ascii_uppercase(), name);
            }
        }
    }
    let version = dna_version(conn, &tables);
    let what = match &version {
        Some(v) => format!("not a DNA 3 database (its SETTINGS say version {v})"),
        None => "not a DNA 3 database".to_owned(),
    };
    for (table, columns) in SCHEMA {
        let Some(actual) = tables.get(*table) else {
            return Err(content(
                format!("table {table}"),
                format!("missing: {what}; a DNA 3 database has the tables {}", {
                    let names: Vec<&str> = SCHEMA.iter().map(|(t, _)| *t).collect();
                    names.join(", ")
                }),
            ));
        };
        let mut have = BTreeSet::new();
        let mut q = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .map_err(db_error)?;
        let mut rows = q.query([actual]).map_err(db_error)?;
        while let Some(row) = rows.next().map_err(db_error)? {
            if let ValueRef::Text(t) = row.get_ref(0).map_err(db_error)? {
                have.insert(String::from_utf8_lossy(t).to_ascii_uppercase());
            }
        }
        for column in *columns {
            if !have.contains(&column.to_ascii_uppercase()) {
                return Err(content(
                    format!("table {table}, column {column}"),
                    format!("missing: {what}"),
                ));
            }
        }
    }
    Ok(())
}

/// The version a `SETTINGS` table records, if there is one to read.
fn dna_version(conn: &Connection, tables: &BTreeMap<String, String>) -> Option<String> {
    let settings = tables.get("SETTINGS")?;
    let sql = format!(
        "SELECT Value FROM \"{}\" WHERE Property = 'version'",
        settings.replace('"', "\"\"")
    );
    conn.query_row(&sql, [], |row| row.get::<_, String>(0)).ok()
}

/// A cell read from a row, with where it is for error messages.
struct Cells<'a, 'r> {
    row: &'a rusqlite::Row<'r>,
    /// The table and the row's key: `DOCUMENTS 7`, `DATABOOLEAN statement 5`.
    key: String,
}

impl Cells<'_, '_> {
    fn at(&self, column: &str) -> String {
        format!("{}, column {column}", self.key)
    }

    fn value(&self, i: usize, column: &str) -> Result<ValueRef<'_>, IoError> {
        self.row
            .get_ref(i)
            .map_err(|e| content(self.at(column), e.to_string()))
    }

    fn opt_int(&self, i: usize, column: &str) -> Result<Option<i64>, IoError> {
        match self.value(i, column)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(n) => Ok(Some(n)),
            ValueRef::Real(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Ok(Some(x as i64)),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .map(Some)
                .ok_or_else(|| {
                    content(
                        self.at(column),
                        format!("{:?} is not an integer", String::from_utf8_lossy(t)),
                    )
                }),
            other => Err(content(
                self.at(column),
                format!("expected an integer, found {}", other.data_type()),
            )),
        }
    }

    fn int(&self, i: usize, column: &str) -> Result<i64, IoError> {
        self.opt_int(i, column)?
            .ok_or_else(|| content(self.at(column), "is empty (NULL); an integer is required"))
    }

    /// Text; NULL reads as empty, numbers as their digits, and bytes that
    /// are not UTF-8 are replaced (with a warning).
    fn text(
        &self,
        i: usize,
        column: &str,
        warnings: &mut Vec<ImportWarning>,
    ) -> Result<String, IoError> {
        match self.value(i, column)? {
            ValueRef::Null => Ok(String::new()),
            ValueRef::Integer(n) => Ok(n.to_string()),
            ValueRef::Real(x) => Ok(x.to_string()),
            ValueRef::Text(t) => match std::str::from_utf8(t) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) => {
                    warnings.push(ImportWarning {
                        record: self.at(column),
                        message: format!(
                            "not valid UTF-8 ({e}); the bad bytes are replaced by U+FFFD"
                        ),
                    });
                    Ok(String::from_utf8_lossy(t).into_owned())
                }
            },
            ValueRef::Blob(_) => Err(content(self.at(column), "expected text, found a blob")),
        }
    }
}

/// Runs a query and hands each row to `f`, named for error messages by
/// `what` (a table, and what its first column holds) and its first column.
fn each_row(
    conn: &Connection,
    what: &str,
    sql: &str,
    mut f: impl FnMut(&Cells<'_, '_>) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let mut q = conn.prepare(sql).map_err(db_error)?;
    let mut rows = q.query([]).map_err(db_error)?;
    let mut n = 0usize;
    while let Some(row) = rows.next().map_err(db_error)? {
        n += 1;
        // The first column is the row's key; fall back to its position.
        let key = match row.get_ref(0) {
            Ok(ValueRef::Integer(id)) => format!("{what} {id}"),
            _ => format!("{what} (row {n})"),
        };
        f(&Cells { row, key })?;
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DataType {
    ShortText,
    LongText,
    Boolean,
    Integer,
    Other,
}

impl DataType {
    fn parse(s: &str) -> DataType {
        match s.trim() {
            "short text" => DataType::ShortText,
            "long text" => DataType::LongText,
            "boolean" => DataType::Boolean,
            "integer" => DataType::Integer,
            _ => DataType::Other,
        }
    }
}

struct Variable {
    name: String,
    data_type: DataType,
    data_type_text: String,
    statement_type: Option<i64>,
}

struct Entity {
    variable: i64,
    value: String,
    colour: Option<String>,
    child_of: Option<i64>,
    /// Attribute name → value, empty values left out.
    attributes: BTreeMap<String, String>,
}

struct Document {
    title: String,
    text: String,
    coder: Option<i64>,
    author: String,
    source: String,
    section: String,
    notes: String,
    kind: String,
    date: Option<i64>,
}

struct StatementRow {
    id: i64,
    statement_type: Option<i64>,
    document: Option<i64>,
    start: i64,
    stop: i64,
    coder: Option<i64>,
}

#[derive(Clone, Debug)]
enum Cell {
    Entity(i64),
    Text(String),
    Boolean(i64),
    Integer(i64),
}

/// How an integer qualifier becomes a position and an intensity.
#[derive(Clone, Copy, Debug)]
struct Scale {
    min: i64,
    max: i64,
}

/// The qualifier variable of a statement type, and for an integer one its scale.
enum Qualifier {
    Boolean(i64),
    Integer(i64, Option<Scale>),
}

impl Qualifier {
    fn variable(&self) -> i64 {
        match self {
            Qualifier::Boolean(v) | Qualifier::Integer(v, _) => *v,
        }
    }
}

/// A statement type whose variables map.
struct Mapping {
    holder: i64,
    speaker: Option<i64>,
    target: i64,
    qualifier: Qualifier,
}

/// Everything read from the database.
struct Db {
    coders: BTreeMap<i64, String>,
    types: BTreeMap<i64, String>,
    variables: BTreeMap<i64, Variable>,
    entities: BTreeMap<i64, Entity>,
    documents: BTreeMap<i64, Document>,
    statements: Vec<StatementRow>,
    /// Statement → variable → value.
    values: BTreeMap<i64, BTreeMap<i64, Cell>>,
}

fn read_db(conn: &Connection, warnings: &mut Vec<ImportWarning>) -> Result<Db, IoError> {
    let mut coders = BTreeMap::new();
    each_row(
        conn,
        "CODERS",
        "SELECT ID, Name FROM CODERS ORDER BY ID",
        |c| {
            coders.insert(c.int(0, "ID")?, c.text(1, "Name", warnings)?);
            Ok(())
        },
    )?;
    let mut types = BTreeMap::new();
    each_row(
        conn,
        "STATEMENTTYPES",
        "SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID",
        |c| {
            types.insert(c.int(0, "ID")?, c.text(1, "Label", warnings)?);
            Ok(())
        },
    )?;
    let mut variables = BTreeMap::new();
    each_row(
        conn,
        "VARIABLES",
        "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES ORDER BY ID",
        |c| {
            let data_type_text = c.text(2, "DataType", warnings)?;
            variables.insert(
                c.int(0, "ID")?,
                Variable {
                    name: c.text(1, "Variable", warnings)?,
                    data_type: DataType::parse(&data_type_text),
                    data_type_text,
                    statement_type: c.opt_int(3, "StatementTypeId")?,
                },
            );
            Ok(())
        },
    )?;
    let mut entities = BTreeMap::new();
    each_row(
        conn,
        "ENTITIES",
        "SELECT ID, VariableId, Value, Red, Green, Blue, ChildOf FROM ENTITIES ORDER BY ID",
        |c| {
            let rgb = (
                c.opt_int(3, "Red")?,
                c.opt_int(4, "Green")?,
                c.opt_int(5, "Blue")?,
            );
            let colour = match rgb {
                (Some(r), Some(g), Some(b)) => Some(format!(
                    "#{:02x}{:02x}{:02x}",
                    r.clamp(0, 255),
                    g.clamp(0, 255),
                    b.clamp(0, 255)
                )),
                _ => None,
            };
            entities.insert(
                c.int(0, "ID")?,
                Entity {
                    variable: c.int(1, "VariableId")?,
                    value: c.text(2, "Value", warnings)?,
                    colour,
                    child_of: c.opt_int(6, "ChildOf")?,
                    attributes: BTreeMap::new(),
                },
            );
            Ok(())
        },
    )?;
    let mut attribute_names = BTreeMap::new();
    each_row(
        conn,
        "ATTRIBUTEVARIABLES",
        "SELECT ID, VariableId, AttributeVariable FROM ATTRIBUTEVARIABLES ORDER BY ID",
        |c| {
            attribute_names.insert(c.int(0, "ID")?, c.text(2, "AttributeVariable", warnings)?);
            Ok(())
        },
    )?;
    each_row(
        conn,
        "ATTRIBUTEVALUES entity",
        "SELECT EntityId, AttributeVariableId, AttributeValue FROM ATTRIBUTEVALUES \
         ORDER BY EntityId, AttributeVariableId",
        |c| {
            let entity = c.int(0, "EntityId")?;
            let attribute = c.int(1, "AttributeVariableId")?;
            let value = c.text(2, "AttributeValue", warnings)?;
            if value.trim().is_empty() {
                return Ok(());
            }
            match (
                entities.get_mut(&entity),
                attribute_names.get(&attribute),
            ) {
                (Some(e), Some(name)) => {
                    e.attributes.insert(name.clone(), value);
                }
                _ => warnings.push(ImportWarning {
                    record: format!("ATTRIBUTEVALUES entity {entity}, attribute {attribute}"),
                    message: format!(
                        "names an entity or attribute variable that does not exist; its value {value:?} is not imported"
                    ),
                }),
            }
            Ok(())
        },
    )?;
    let mut documents = BTreeMap::new();
    each_row(
        conn,
        "DOCUMENTS",
        "SELECT ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date \
         FROM DOCUMENTS ORDER BY ID",
        |c| {
            documents.insert(
                c.int(0, "ID")?,
                Document {
                    title: c.text(1, "Title", warnings)?,
                    text: c.text(2, "Text", warnings)?,
                    coder: c.opt_int(3, "Coder")?,
                    author: c.text(4, "Author", warnings)?,
                    source: c.text(5, "Source", warnings)?,
                    section: c.text(6, "Section", warnings)?,
                    notes: c.text(7, "Notes", warnings)?,
                    kind: c.text(8, "Type", warnings)?,
                    date: c.opt_int(9, "Date")?,
                },
            );
            Ok(())
        },
    )?;
    let mut statements = Vec::new();
    each_row(
        conn,
        "STATEMENTS",
        "SELECT ID, StatementTypeId, DocumentId, Start, Stop, Coder FROM STATEMENTS ORDER BY ID",
        |c| {
            statements.push(StatementRow {
                id: c.int(0, "ID")?,
                statement_type: c.opt_int(1, "StatementTypeId")?,
                document: c.opt_int(2, "DocumentId")?,
                start: c.int(3, "Start")?,
                stop: c.int(4, "Stop")?,
                coder: c.opt_int(5, "Coder")?,
            });
            Ok(())
        },
    )?;
    let mut values: BTreeMap<i64, BTreeMap<i64, Cell>> = BTreeMap::new();
    for table in [
        "DATASHORTTEXT",
        "DATALONGTEXT",
        "DATABOOLEAN",
        "DATAINTEGER",
    ] {
        let column = if table == "DATASHORTTEXT" {
            "Entity"
        } else {
            "Value"
        };
        let sql = format!(
            "SELECT StatementId, VariableId, {column} FROM {table} ORDER BY StatementId, VariableId"
        );
        each_row(conn, &format!("{table} statement"), &sql, |c| {
            let statement = c.int(0, "StatementId")?;
            let variable = c.int(1, "VariableId")?;
            let cell = match table {
                "DATASHORTTEXT" => Cell::Entity(c.int(2, column)?),
                "DATALONGTEXT" => Cell::Text(c.text(2, column, warnings)?),
                "DATABOOLEAN" => Cell::Boolean(c.int(2, column)?),
                _ => Cell::Integer(c.int(2, column)?),
            };
            values.entry(statement).or_default().insert(variable, cell);
            Ok(())
        })?;
    }
    Ok(Db {
        coders,
        types,
        variables,
        entities,
        documents,
        statements,
        values,
    })
}

fn check_options(o: &DnaOptions) -> Result<(), IoError> {
    let named = [
        ("holder", &o.holder),
        ("speaker", &o.speaker),
        ("target", &o.target),
        ("qualifier", &o.qualifier),
    ];
    for (what, name) in named {
        if name.trim().is_empty() {
            return Err(content(
                format!("options: {what}"),
                "names no variable (it is empty)",
            ));
        }
    }
    for (a, b) in [
        ("holder", "target"),
        ("holder", "qualifier"),
        ("target", "qualifier"),
        ("speaker", "target"),
        ("speaker", "qualifier"),
    ] {
        let pick = |w: &str| match w {
            "holder" => &o.holder,
            "speaker" => &o.speaker,
            "target" => &o.target,
            _ => &o.qualifier,
        };
        if pick(a) == pick(b) {
            return Err(content(
                format!("options: {a} and {b}"),
                format!("both name the variable {:?}; they must differ", pick(a)),
            ));
        }
    }
    if let Some((min, max)) = o.scale
        && min >= max
    {
        return Err(content(
            "options: scale",
            format!("{min}..{max} is not a scale: it needs min < max"),
        ));
    }
    Ok(())
}

fn type_name(db: &Db, id: i64) -> String {
    match db.types.get(&id) {
        Some(label) => format!("{id} ({label})"),
        None => id.to_string(),
    }
}

fn variable_name(db: &Db, id: i64) -> String {
    match db.variables.get(&id) {
        Some(v) => format!("{id} ({})", v.name),
        None => id.to_string(),
    }
}

/// Maps each statement type whose variables fit the options; for the
/// others, says why not.
fn map_types(db: &Db, o: &DnaOptions) -> BTreeMap<i64, Result<Mapping, String>> {
    let mut out = BTreeMap::new();
    for &t in db.types.keys() {
        let find = |name: &str| {
            db.variables
                .iter()
                .find(|(_, v)| v.statement_type == Some(t) && v.name == name)
                .map(|(id, v)| (*id, v))
        };
        let short = |what: &str, name: &str| -> Result<i64, String> {
            match find(name) {
                Some((id, v)) if v.data_type == DataType::ShortText => Ok(id),
                Some((_, v)) => Err(format!(
                    "its {what} variable {name:?} is {:?}, not short text",
                    v.data_type_text
                )),
                None => Err(format!("it has no {what} variable {name:?}")),
            }
        };
        let mapping = (|| {
            let holder = short("holder", &o.holder)?;
            let target = short("target", &o.target)?;
            let speaker = match find(&o.speaker) {
                Some((id, v)) if v.data_type == DataType::ShortText => Some(id),
                _ => None,
            };
            let qualifier = match find(&o.qualifier) {
                Some((id, v)) if v.data_type == DataType::Boolean => Qualifier::Boolean(id),
                Some((id, v)) if v.data_type == DataType::Integer => Qualifier::Integer(id, None),
                Some((_, v)) => {
                    return Err(format!(
                        "its qualifier variable {:?} is {:?}, not boolean or integer",
                        o.qualifier, v.data_type_text
                    ));
                }
                None => return Err(format!("it has no qualifier variable {:?}", o.qualifier)),
            };
            Ok(Mapping {
                holder,
                speaker,
                target,
                qualifier,
            })
        })();
        out.insert(t, mapping);
    }
    out
}

/// Decides the scale of each integer qualifier: the declared one, or the
/// range of the values observed for the variable.
fn scales(
    db: &Db,
    o: &DnaOptions,
    types: &mut BTreeMap<i64, Result<Mapping, String>>,
    warnings: &mut Vec<ImportWarning>,
) {
    let mut observed: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for cells in db.values.values() {
        for (var, cell) in cells {
            if let Cell::Integer(v) = cell {
                let e = observed.entry(*var).or_insert((*v, *v));
                e.0 = e.0.min(*v);
                e.1 = e.1.max(*v);
            }
        }
    }
    for m in types.values_mut().flatten() {
        if let Qualifier::Integer(var, scale) = &mut m.qualifier {
            *scale = match (o.scale, observed.get(var)) {
                (Some((min, max)), _) => Some(Scale { min, max }),
                (None, Some(&(min, max))) if min < max => {
                    warnings.push(ImportWarning {
                        record: format!("VARIABLES {}", variable_name(db, *var)),
                        message: format!(
                            "an integer qualifier with no declared scale (DNA declares none): the observed range {min}..{max} is used, as DNA's exporter does; declare the codebook's scale in the options where it differs"
                        ),
                    });
                    Some(Scale { min, max })
                }
                (None, Some(&(min, _))) => {
                    warnings.push(ImportWarning {
                        record: format!("VARIABLES {}", variable_name(db, *var)),
                        message: format!(
                            "an integer qualifier whose statements all hold {min}: with no scale to place it on, the position is its sign (> 0 supports, < 0 opposes, 0 neutral) and no intensity is set; declare the scale in the options"
                        ),
                    });
                    None
                }
                (None, None) => None,
            };
        }
    }
}

/// The byte span of the UTF-16 range `[start, stop)` of `text`, as DNA's
/// text pane counts it: Java `char`s (UTF-16 code units) of the text with
/// each `\r\n` read as one line break (Swing reads `\r\n` and `\r` as `\n`).
///
/// Cost: O(stop) in the text.
fn byte_span(text: &str, start: usize, stop: usize) -> Result<Span, String> {
    if start >= stop {
        return Err(format!("start {start} is not before stop {stop}"));
    }
    let cut = || {
        format!("{start}..{stop} cuts a character in two (the halves of a UTF-16 surrogate pair)")
    };
    let mut pos = 0usize;
    let mut from = None;
    let mut chars = text.char_indices().peekable();
    loop {
        let at = chars.peek().map_or(text.len(), |&(b, _)| b);
        if pos == start {
            from = Some(at);
        }
        if pos == stop {
            return from.map(|f| Span::new(f, at)).ok_or_else(cut);
        }
        if pos > stop {
            return Err(cut());
        }
        let Some((_, c)) = chars.next() else {
            return Err(format!(
                "{start}..{stop} reaches past the end of the document text ({pos} UTF-16 code units)"
            ));
        };
        pos += if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            chars.next();
            1
        } else {
            c.len_utf16()
        };
    }
}

/// The date of a DNA document: Unix seconds, UTC. Midnight is written as a
/// day, any other time as a date-time in UTC.
fn date_of(seconds: i64) -> Option<When> {
    let t = chrono::DateTime::from_timestamp(seconds, 0)?;
    if seconds.rem_euclid(86_400) == 0 {
        Some(When::Date(t.date_naive()))
    } else {
        Some(When::DateTime(t.fixed_offset()))
    }
}

fn source_kind(kind: &str) -> Option<SourceKind> {
    let norm: String = kind
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    norm.parse().ok()
}

fn actor_kind(variable: &str, entity: &Entity) -> ActorKind {
    if variable.eq_ignore_ascii_case("person") {
        return ActorKind::Person;
    }
    let typed = attribute(entity, "type").and_then(|t| {
        let norm: String = t
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        norm.parse::<ActorKind>().ok()
    });
    typed.unwrap_or(ActorKind::Organisation)
}

/// An attribute by name, ignoring case (DNA's defaults are Type, Alias, Notes).
fn attribute<'e>(entity: &'e Entity, name: &str) -> Option<&'e str> {
    entity
        .attributes
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The `extra` fields of an actor or claim made from an entity.
fn entity_extra(id: i64, variable: &str, e: &Entity, claim: bool) -> BTreeMap<String, Json> {
    let mut extra = BTreeMap::new();
    extra.insert("dna:entity".to_owned(), Json::from(id));
    extra.insert("dna:variable".to_owned(), Json::from(variable));
    if let Some(c) = &e.colour {
        extra.insert("dna:colour".to_owned(), Json::from(c.as_str()));
    }
    if let Some(p) = e.child_of {
        extra.insert("dna:child_of".to_owned(), Json::from(p));
    }
    let mut others = serde_json::Map::new();
    for (k, v) in &e.attributes {
        let lower = k.to_ascii_lowercase();
        match lower.as_str() {
            "type" => {
                extra.insert("dna:type".to_owned(), Json::from(v.as_str()));
            }
            "alias" | "notes" if claim => {
                extra.insert(format!("dna:{lower}"), Json::from(v.as_str()));
            }
            "alias" | "notes" => {}
            _ => {
                others.insert(k.clone(), Json::from(v.as_str()));
            }
        }
    }
    if !others.is_empty() {
        extra.insert("dna:attributes".to_owned(), Json::Object(others));
    }
    extra
}

fn make_id<T>(
    make: impl Fn(&str) -> Result<T, claimgraph_core::IdError>,
    id: &str,
) -> Result<T, IoError> {
    make(id).map_err(|e| content(id.to_owned(), e.to_string()))
}

/// What the import makes, as it goes.
struct Out {
    ds: Dataset,
    warnings: Vec<ImportWarning>,
    counts: BTreeMap<String, usize>,
}

impl Out {
    fn warn(&mut self, record: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(ImportWarning {
            record: record.into(),
            message: message.into(),
        });
    }

    fn bump(&mut self, key: impl Into<String>) {
        *self.counts.entry(key.into()).or_insert(0) += 1;
    }
}

fn import(path: &Path, o: &DnaOptions) -> Result<Imported, IoError> {
    check_options(o)?;
    let conn = open(path)?;
    check_schema(&conn)?;
    let mut out = Out {
        ds: Dataset::new(),
        warnings: Vec::new(),
        counts: BTreeMap::new(),
    };
    let db = read_db(&conn, &mut out.warnings)?;
    drop(conn);

    let mut types = map_types(&db, o);
    scales(&db, o, &mut types, &mut out.warnings);
    count_rows(&db, &mut out);
    let sources = make_sources(&db, &mut out)?;
    let (actors, claims) = make_entities(&db, &types, &mut out)?;
    let made = Made {
        sources,
        actors,
        claims,
    };

    let mut quotes = Vec::new();
    let mut stances = Vec::new();
    let mut skipped_by_type: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
    for s in &db.statements {
        match s.statement_type.and_then(|t| types.get(&t)) {
            Some(Ok(mapping)) => {
                if let Some((quote, stance)) = make_statement(&db, o, mapping, &made, s, &mut out)?
                {
                    quotes.extend(quote);
                    stances.push(stance);
                }
            }
            _ => skipped_by_type
                .entry(s.statement_type)
                .or_default()
                .push(s.id),
        }
    }
    let imported = stances.len();
    for q in quotes {
        out.ds.push(q);
    }
    for s in stances {
        out.ds.push(s);
    }
    report_skipped(&db, &types, &skipped_by_type, &mut out);

    out.counts.insert("statements imported".into(), imported);
    out.counts
        .insert("statements skipped".into(), db.statements.len() - imported);
    Ok(Imported {
        dataset: out.ds,
        warnings: out.warnings,
        counts: out.counts,
    })
}

/// Counts what the file holds.
fn count_rows(db: &Db, out: &mut Out) {
    out.counts.insert("coders".into(), db.coders.len());
    out.counts.insert("statement types".into(), db.types.len());
    out.counts.insert("documents".into(), db.documents.len());
    out.counts.insert("entities".into(), db.entities.len());
    out.counts.insert("statements".into(), db.statements.len());
    for &t in db.types.keys() {
        out.counts
            .insert(format!("statements of type {}", type_name(db, t)), 0);
    }
    for s in &db.statements {
        out.bump(match s.statement_type {
            Some(t) => format!("statements of type {}", type_name(db, t)),
            None => "statements of no type".to_owned(),
        });
    }
    for e in db.entities.values() {
        out.bump(format!(
            "entities of variable {}",
            variable_name(db, e.variable)
        ));
    }
}

/// Documents become sources.
fn make_sources(db: &Db, out: &mut Out) -> Result<BTreeMap<i64, SourceId>, IoError> {
    let mut sources = BTreeMap::new();
    for (&id, d) in &db.documents {
        let sid: SourceId = make_id(SourceId::new, &format!("dna-document-{id}"))?;
        let title = if d.title.trim().is_empty() {
            format!("document {id}")
        } else {
            d.title.clone()
        };
        let mut s = Source::new(sid.clone(), title);
        if !d.source.trim().is_empty() {
            s.publisher = Some(d.source.clone());
        }
        s.kind = source_kind(&d.kind);
        s.text = Some(d.text.clone());
        match d.date.map(|secs| (secs, date_of(secs))) {
            Some((_, Some(w))) => s.published = Some(w),
            Some((secs, None)) => out.warn(
                format!("DOCUMENTS {id}, column Date"),
                format!("{secs} seconds is not a date claimgraph can hold; the source has no date"),
            ),
            None => out.warn(
                format!("DOCUMENTS {id}, column Date"),
                "is empty; the source has no date",
            ),
        }
        for (key, value) in [
            ("dna:author", &d.author),
            ("dna:section", &d.section),
            ("dna:type", &d.kind),
            ("dna:notes", &d.notes),
        ] {
            if !value.trim().is_empty() {
                s.extra.insert(key.to_owned(), Json::from(value.as_str()));
            }
        }
        if let Some(name) = d.coder.and_then(|c| db.coders.get(&c)) {
            s.extra
                .insert("dna:coder".to_owned(), Json::from(name.as_str()));
        }
        out.ds.push(s);
        sources.insert(id, sid);
    }
    Ok(sources)
}

/// The entities of holder and speaker variables become actors, those of
/// target variables claims; DNA's empty entities and those of other
/// variables are counted (and the latter reported).
fn make_entities(
    db: &Db,
    types: &BTreeMap<i64, Result<Mapping, String>>,
    out: &mut Out,
) -> Result<EntityRecords, IoError> {
    let mut actor_vars = BTreeSet::new();
    let mut claim_vars = BTreeSet::new();
    for m in types.values().flatten() {
        actor_vars.insert(m.holder);
        actor_vars.extend(m.speaker);
        claim_vars.insert(m.target);
    }
    let mut actors = BTreeMap::new();
    let mut claims = BTreeMap::new();
    let mut unmapped: BTreeMap<i64, usize> = BTreeMap::new();
    for (&id, e) in &db.entities {
        let var_name = db
            .variables
            .get(&e.variable)
            .map_or("", |v| v.name.as_str());
        if e.value.trim().is_empty() {
            // DNA keeps an empty entity per variable for "no value".
            out.bump("entities empty");
            continue;
        }
        let rid = format!("dna-entity-{id}");
        if actor_vars.contains(&e.variable) {
            let aid: ActorId = make_id(ActorId::new, &rid)?;
            let mut a = Actor::new(aid.clone(), e.value.clone(), actor_kind(var_name, e));
            if let Some(alias) = attribute(e, "alias") {
                a.aliases.push(alias.to_owned());
            }
            if let Some(notes) = attribute(e, "notes") {
                a.description = Some(notes.to_owned());
            }
            a.extra = entity_extra(id, var_name, e, false);
            out.ds.push(a);
            actors.insert(id, aid);
            out.bump("entities imported as actors");
        } else if claim_vars.contains(&e.variable) {
            let cid: ClaimId = make_id(ClaimId::new, &rid)?;
            let mut c = Claim::new(cid.clone(), e.value.clone());
            c.extra = entity_extra(id, var_name, e, true);
            out.ds.push(c);
            claims.insert(id, cid);
            out.bump("entities imported as claims");
        } else {
            *unmapped.entry(e.variable).or_insert(0) += 1;
            out.bump("entities not imported");
        }
    }
    for (var, n) in unmapped {
        let (noun, verb) = if n == 1 {
            ("entity", "is")
        } else {
            ("entities", "are")
        };
        out.warn(
            format!("VARIABLES {}", variable_name(db, var)),
            format!(
                "{n} {noun} of this variable {verb} not imported: the variable is not the holder, speaker or target of a statement type that maps"
            ),
        );
    }
    Ok((actors, claims))
}

/// The actors and the claims made of entities, by DNA entity id.
type EntityRecords = (BTreeMap<i64, ActorId>, BTreeMap<i64, ClaimId>);

/// The records statements refer to, by DNA id.
struct Made {
    sources: BTreeMap<i64, SourceId>,
    actors: BTreeMap<i64, ActorId>,
    claims: BTreeMap<i64, ClaimId>,
}

/// A statement of a type that maps becomes a stance, evidenced by a quote of
/// its passage (or by its document, where the passage cannot be cut); a
/// statement without a holder, target, qualifier or document is reported
/// and left out (`None`).
fn make_statement(
    db: &Db,
    o: &DnaOptions,
    mapping: &Mapping,
    made: &Made,
    s: &StatementRow,
    out: &mut Out,
) -> Result<Option<(Option<Quote>, Stance)>, IoError> {
    let record = format!("STATEMENTS {}", s.id);
    let cells = db.values.get(&s.id);
    let cell = |var: i64| cells.and_then(|c| c.get(&var));
    let entity_of = |var: i64| match cell(var) {
        Some(Cell::Entity(e)) => Some(*e),
        _ => None,
    };
    let name_of = |var: i64| {
        db.variables
            .get(&var)
            .map(|v| v.name.clone())
            .unwrap_or_default()
    };
    let skip = |out: &mut Out, why: String| {
        out.warn(record.clone(), format!("not imported: {why}"));
        Ok(None)
    };
    let Some(holder) = entity_of(mapping.holder).and_then(|e| made.actors.get(&e)) else {
        return skip(
            out,
            format!("it has no {} (the holder)", name_of(mapping.holder)),
        );
    };
    let Some(target) = entity_of(mapping.target).and_then(|e| made.claims.get(&e)) else {
        return skip(
            out,
            format!("it has no {} (the target)", name_of(mapping.target)),
        );
    };
    let Some((doc_id, doc, source)) = s.document.and_then(|d| {
        db.documents
            .get(&d)
            .zip(made.sources.get(&d))
            .map(|(doc, src)| (d, doc, src))
    }) else {
        let which = s.document.map_or("(none)".to_owned(), |d| d.to_string());
        return skip(out, format!("its document {which} does not exist"));
    };
    let (position, intensity) = match (&mapping.qualifier, mapping.qualifier.variable()) {
        (Qualifier::Boolean(_), var) => match cell(var) {
            Some(Cell::Boolean(v)) if *v != 0 => (Position::Supports, None),
            Some(Cell::Boolean(_)) => (Position::Opposes, None),
            _ => return skip(out, format!("it has no {} (the qualifier)", name_of(var))),
        },
        (Qualifier::Integer(_, scale), var) => match cell(var) {
            Some(Cell::Integer(v)) => {
                let (p, i, clamped) = graded(*v, *scale);
                if clamped && let Some(sc) = scale {
                    out.warn(
                        record.clone(),
                        format!(
                            "{} = {v} lies outside the declared scale {}..{}; its intensity is set to the nearer end",
                            name_of(var),
                            sc.min,
                            sc.max
                        ),
                    );
                }
                (p, i)
            }
            _ => return skip(out, format!("it has no {} (the qualifier)", name_of(var))),
        },
    };
    let speaker = mapping
        .speaker
        .and_then(entity_of)
        .and_then(|e| made.actors.get(&e))
        .unwrap_or(holder);

    let stance_id: StanceId = make_id(StanceId::new, &format!("dna-stance-{}", s.id))?;
    let mut stance = Stance::new(stance_id, holder.clone(), target.clone(), position);
    stance.intensity = intensity;

    // The passage, as a quote.
    let span = usize::try_from(s.start)
        .ok()
        .zip(usize::try_from(s.stop).ok())
        .ok_or_else(|| format!("{}..{} is negative", s.start, s.stop))
        .and_then(|(a, b)| byte_span(&doc.text, a, b));
    let passage = match span {
        Ok(span) => match doc.text.get(span.start..span.end) {
            Some(t) if !t.trim().is_empty() => Some((span, t)),
            _ => {
                out.warn(
                    record.clone(),
                    format!(
                        "its passage {}..{} of document {doc_id} is blank; the stance is evidenced by the document alone",
                        s.start, s.stop
                    ),
                );
                None
            }
        },
        Err(why) => {
            out.warn(
                record.clone(),
                format!(
                    "its passage in document {doc_id} cannot be cut: {why}; the stance is evidenced by the document alone"
                ),
            );
            None
        }
    };
    let quote = match passage {
        Some((span, text)) => {
            let qid: QuoteId = make_id(QuoteId::new, &format!("dna-quote-{}", s.id))?;
            let mut q = Quote::new(
                qid.clone(),
                speaker.clone(),
                source.clone(),
                o.quote_mode,
                text,
            );
            q.span = Some(span);
            stance.evidence.push(Evidence::quote(qid));
            Some(q)
        }
        None => {
            stance.evidence.push(Evidence::source(source.clone()));
            None
        }
    };

    stance
        .extra
        .insert("dna:statement".to_owned(), Json::from(s.id));
    if let Some(t) = s.statement_type.and_then(|t| db.types.get(&t)) {
        stance
            .extra
            .insert("dna:statement_type".to_owned(), Json::from(t.as_str()));
    }
    if let Some(name) = s.coder.and_then(|c| db.coders.get(&c)) {
        stance
            .extra
            .insert("dna:coder".to_owned(), Json::from(name.as_str()));
    }
    let mut vars = serde_json::Map::new();
    for (var, c) in cells.into_iter().flatten() {
        let value = match c {
            Cell::Entity(e) => db
                .entities
                .get(e)
                .map_or(Json::Null, |e| Json::from(e.value.as_str())),
            Cell::Text(t) => Json::from(t.as_str()),
            Cell::Boolean(v) | Cell::Integer(v) => Json::from(*v),
        };
        vars.insert(name_of(*var), value);
    }
    if !vars.is_empty() {
        stance
            .extra
            .insert("dna:variables".to_owned(), Json::Object(vars));
    }
    Ok(Some((quote, stance)))
}

/// One warning per statement type whose statements were left out, with
/// their count, why, and their ids (the first 50).
fn report_skipped(
    db: &Db,
    types: &BTreeMap<i64, Result<Mapping, String>>,
    skipped: &BTreeMap<Option<i64>, Vec<i64>>,
    out: &mut Out,
) {
    for (t, ids) in skipped {
        let (record, why) = match t {
            Some(t) => (
                format!("STATEMENTTYPES {}", type_name(db, *t)),
                match types.get(t) {
                    Some(Err(why)) => {
                        let vars: Vec<String> = db
                            .variables
                            .values()
                            .filter(|v| v.statement_type == Some(*t))
                            .map(|v| format!("{} ({})", v.name, v.data_type_text))
                            .collect();
                        let vars = if vars.is_empty() {
                            "none".to_owned()
                        } else {
                            vars.join(", ")
                        };
                        format!("{why} (its variables: {vars})")
                    }
                    _ => "the statement type does not exist".to_owned(),
                },
            ),
            None => (
                "STATEMENTS".to_owned(),
                "they have no statement type".to_owned(),
            ),
        };
        let mut list = String::new();
        for (i, id) in ids.iter().enumerate() {
            if i == 50 {
                let _ = write!(list, " and {} more", ids.len() - 50);
                break;
            }
            let _ = write!(list, "{}{id}", if i == 0 { "" } else { ", " });
        }
        let s = if ids.len() == 1 { "" } else { "s" };
        out.warn(
            record,
            format!(
                "{} statement{s} not imported: {why}; statement ids: {list}",
                ids.len()
            ),
        );
    }
}

/// The position and intensity of an integer qualifier value `v` on a scale
/// `min..max`: intensity `2·(v − min)/(max − min) − 1` (so min is −1, max is
/// 1 and the midpoint 0), position supports above the midpoint, opposes
/// below, neutral at it. A value outside the scale is set to the nearer end
/// (the third value says so). Without a scale the sign of `v` decides and
/// there is no intensity.
fn graded(v: i64, scale: Option<Scale>) -> (Position, Option<f64>, bool) {
    let Some(Scale { min, max }) = scale else {
        return (
            match v.signum() {
                1 => Position::Supports,
                -1 => Position::Opposes,
                _ => Position::Neutral,
            },
            None,
            false,
        );
    };
    let clamped = v < min || v > max;
    let v = v.clamp(min, max);
    // i128: no overflow for any i64 scale.
    let (v, min, max) = (i128::from(v), i128::from(min), i128::from(max));
    let position = match (2 * v).cmp(&(min + max)) {
        std::cmp::Ordering::Greater => Position::Supports,
        std::cmp::Ordering::Less => Position::Opposes,
        std::cmp::Ordering::Equal => Position::Neutral,
    };
    let intensity = (2.0 * (v - min) as f64 / (max - min) as f64 - 1.0).clamp(-1.0, 1.0);
    (position, Some(intensity), clamped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_become_byte_offsets() {
        let t = "a•b😀c";
        // a=0, •=1, b=2, 😀=3..5, c=5
        assert_eq!(byte_span(t, 0, 1), Ok(Span::new(0, 1)));
        assert_eq!(byte_span(t, 1, 3), Ok(Span::new(1, 5)));
        assert_eq!(byte_span(t, 3, 5), Ok(Span::new(5, 9)));
        assert_eq!(byte_span(t, 5, 6), Ok(Span::new(9, 10)));
        assert_eq!(byte_span(t, 0, 6), Ok(Span::new(0, 10)));
        assert!(byte_span(t, 4, 6).is_err(), "inside the surrogate pair");
        assert!(byte_span(t, 3, 4).is_err(), "inside the surrogate pair");
        assert!(byte_span(t, 5, 7).is_err(), "past the end");
        assert!(byte_span(t, 7, 9).is_err(), "past the end");
        assert!(byte_span(t, 2, 2).is_err(), "empty");
    }

    #[test]
    fn a_crlf_counts_as_one_line_break() {
        let t = "ab\r\ncd\re";
        // As Swing shows it: "ab\ncd\ne": a0 b1 \n2 c3 d4 \n5 e6
        assert_eq!(byte_span(t, 3, 5), Ok(Span::new(4, 6)));
        assert_eq!(byte_span(t, 2, 4), Ok(Span::new(2, 5)));
        assert_eq!(byte_span(t, 6, 7), Ok(Span::new(7, 8)));
        assert!(byte_span(t, 0, 8).is_err());
    }

    #[test]
    fn integer_qualifiers_are_placed_on_their_scale() {
        let s = Some(Scale { min: -2, max: 2 });
        assert_eq!(graded(2, s), (Position::Supports, Some(1.0), false));
        assert_eq!(graded(-1, s), (Position::Opposes, Some(-0.5), false));
        assert_eq!(graded(0, s), (Position::Neutral, Some(0.0), false));
        assert_eq!(graded(5, s), (Position::Supports, Some(1.0), true));
        let likert = Some(Scale { min: 1, max: 5 });
        assert_eq!(graded(4, likert), (Position::Supports, Some(0.5), false));
        assert_eq!(graded(3, likert), (Position::Neutral, Some(0.0), false));
        assert_eq!(graded(-3, None), (Position::Opposes, None, false));
        let wide = Some(Scale {
            min: i64::MIN,
            max: i64::MAX,
        });
        assert_eq!(graded(i64::MAX, wide).0, Position::Supports);
    }

    #[test]
    fn dates_are_days_at_midnight_and_instants_otherwise() {
        assert_eq!(
            date_of(1_106_697_600).map(|w| w.to_string()),
            Some("2005-01-26".into())
        );
        assert_eq!(
            date_of(1_106_697_600 + 3_600).map(|w| w.to_string()),
            Some("2005-01-26T01:00:00Z".into())
        );
        assert_eq!(
            date_of(-86_400).map(|w| w.to_string()),
            Some("1969-12-31".into())
        );
        assert!(date_of(i64::MAX).is_none());
    }
}
