//! Reading the dataset a command works on, and rendering what went wrong.
//!
//! A file is canonical JSON or JSON Lines, chosen by its extension or else by
//! its first line ([`claimgraph_core::looks_like_jsonl`]); `-` is standard
//! input. Two kinds of failure are kept apart: a file that cannot be read at
//! all is [`Unreadable`], while a file that was read but is malformed yields a
//! [`Loaded`] with [`SyntaxError`]s. JSON Lines is read one line at a time and
//! every malformed line is reported, alongside every record that did parse;
//! canonical JSON stops at its first error.
//!
//! Several files are read one by one and merged ([`load_merged`]): records
//! with the same id collapse or union, and a field with two values is a
//! conflict, listed on standard error and, unless resolved, the end of the
//! command. One file is read as it is, without a merge.
//!
//! Every file is read within the process's [`Limits`], set once from the
//! global `--max-*` options ([`set_limits`]) before a command runs; a file
//! that passes one is malformed at the place it does, with the option that
//! raises it named. At most [`MAX_SYNTAX_ERRORS`] errors are kept from one
//! file, so that an endless stream of bad lines ends.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use claimgraph_core::{
    Dataset, FileFormat, JsonLines, LimitError, Limits, MergeConflict, Merger, ReadError, Side,
    looks_like_jsonl, sniff_with,
};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde::Serialize;

use crate::output::Escaped;

/// The shape of a dataset file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Format {
    /// One canonical JSON object.
    #[serde(rename = "json")]
    Json,
    /// One record per line.
    #[serde(rename = "jsonl")]
    JsonLines,
    /// Several files, some of each shape.
    #[serde(rename = "mixed")]
    Mixed,
}

/// Malformed input at a place in the file: bad JSON, an unknown field, a value
/// outside its vocabulary, a bad id or date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// Line, from 1.
    pub line: usize,
    /// Column in bytes, from 1; 0 when the problem is with the line as a whole.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl SyntaxError {
    /// `NAME:LINE:COLUMN: error: MESSAGE` (no column when it is 0), escaped
    /// for the terminal.
    pub fn render<'a>(&'a self, name: &'a str) -> impl fmt::Display + 'a {
        struct Line<'a>(&'a SyntaxError, &'a str);
        impl fmt::Display for Line<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Line(e, name) = self;
                write!(f, "{}:{}", Escaped(*name), e.line)?;
                if e.column > 0 {
                    write!(f, ":{}", e.column)?;
                }
                write!(f, ": error: {}", Escaped(&e.message))
            }
        }
        Line(self, name)
    }
}

/// A file that was read, whether or not all of it made sense.
#[derive(Debug)]
pub struct Loaded {
    /// The file as named on the command line, or `<stdin>`.
    pub name: String,
    /// How it was read.
    pub format: Format,
    /// Every record that parsed.
    pub dataset: Dataset,
    /// Every malformed place, in file order.
    pub syntax_errors: Vec<SyntaxError>,
}

/// A file that could not be opened or read.
#[derive(Debug)]
pub struct Unreadable {
    /// The file as named on the command line, or `<stdin>`.
    pub name: String,
    /// What the system said.
    pub source: io::Error,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.name, self.source)
    }
}

/// Prints a file's syntax errors on standard error, then one line ending
/// with `consequence`; whether there were any.
fn report_malformed(loaded: &Loaded, consequence: &str) -> bool {
    if loaded.syntax_errors.is_empty() {
        return false;
    }
    {
        use std::io::Write as _;
        let mut err = io::stderr().lock();
        for e in &loaded.syntax_errors {
            let _ = writeln!(err, "{}", e.render(&loaded.name));
        }
    }
    crate::output::error(format_args!(
        "{} is malformed ({}); {consequence}",
        loaded.name,
        crate::output::count(loaded.syntax_errors.len(), "syntax error", "syntax errors"),
    ));
    true
}

/// How the conflicts between files are resolved: one side for all
/// (`--prefer`), and a side for some (`merge --choices`), which wins.
#[derive(Clone, Debug, Default)]
pub struct Resolve {
    /// The side kept where no choice says.
    pub prefer: Option<Side>,
    /// Per conflict: record id, field, side kept.
    pub choices: Vec<(String, String, Side)>,
}

impl Resolve {
    /// One side for every conflict, or none.
    pub fn prefer(side: Option<Side>) -> Resolve {
        Resolve {
            prefer: side,
            choices: Vec::new(),
        }
    }
}

/// The parser of `--prefer first|last`; clap's error lists the two.
pub fn side_parser() -> impl TypedValueParser<Value = Side> {
    PossibleValuesParser::new(["first", "last"]).try_map(|s| s.parse::<Side>())
}

/// One file as it went into a merge.
#[derive(Clone, Debug, Serialize)]
pub struct Input {
    /// The file as named on the command line, or `<stdin>`.
    pub file: String,
    /// How it was read.
    pub format: Format,
    /// The records it holds.
    pub records: usize,
}

/// Files read and merged into one dataset.
#[derive(Debug)]
pub struct Merge {
    /// The merged dataset, named by its files (`a.json + b.json`), without
    /// syntax errors (they are in `syntax_errors`); a single file as read.
    pub loaded: Loaded,
    /// Each file, in the order given.
    pub inputs: Vec<Input>,
    /// The syntax errors of each file, by its index in `inputs`.
    pub syntax_errors: Vec<(usize, SyntaxError)>,
    /// Every conflict between the files, in the order met.
    pub conflicts: Vec<MergeConflict>,
}

impl Merge {
    /// Whether several files were merged.
    pub fn is_merge(&self) -> bool {
        self.inputs.len() > 1
    }

    /// The conflicts no choice resolved.
    pub fn unresolved(&self) -> usize {
        self.conflicts
            .iter()
            .filter(|c| c.resolution.is_none())
            .count()
    }
}

/// The files as a command line names them: `a.json b.json`.
pub fn command_args(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads every file, reporting each that cannot be read on standard error;
/// `-` (standard input) may be named once. The status to exit with when one
/// cannot be read (2).
pub fn load_each(paths: &[PathBuf]) -> Result<Vec<Loaded>, crate::Status> {
    if paths
        .iter()
        .filter(|p| p.as_path() == Path::new("-"))
        .count()
        > 1
    {
        crate::output::error("standard input (-) can be read only once");
        return Err(crate::Status::Trouble);
    }
    let mut files = Vec::with_capacity(paths.len());
    let mut unreadable = false;
    for path in paths {
        match load(path) {
            Ok(loaded) => files.push(loaded),
            Err(e) => {
                crate::output::error(&e);
                unreadable = true;
            }
        }
    }
    if unreadable {
        return Err(crate::Status::Trouble);
    }
    Ok(files)
}

/// Reads every file for a command that needs all of each: a file that
/// cannot be read is reported (2), as is every malformed place of every file,
/// each followed by a line ending with `consequence` (1).
pub fn load_all(paths: &[PathBuf], consequence: &str) -> Result<Vec<Loaded>, crate::Status> {
    let files = load_each(paths)?;
    let mut malformed = false;
    for file in &files {
        malformed |= report_malformed(file, consequence);
    }
    if malformed {
        return Err(crate::Status::Invalid);
    }
    Ok(files)
}

/// Merges files that were read, in the order given, whatever their number.
/// O(n) for n records, plus the fields of records seen twice.
pub fn merge(files: Vec<Loaded>, resolve: &Resolve) -> Merge {
    let mut merger = Merger::new();
    if let Some(side) = resolve.prefer {
        merger = merger.prefer(side);
    }
    for (id, field, side) in &resolve.choices {
        merger = merger.choose(id, field, *side);
    }
    let mut inputs = Vec::with_capacity(files.len());
    let mut syntax_errors = Vec::new();
    for (i, file) in files.into_iter().enumerate() {
        inputs.push(Input {
            file: file.name.clone(),
            format: file.format,
            records: file.dataset.len(),
        });
        syntax_errors.extend(file.syntax_errors.into_iter().map(|e| (i, e)));
        merger.add(&file.name, file.dataset);
    }
    let merged = merger.finish();
    let format = match inputs.first().map(|i| i.format) {
        Some(f) if inputs.iter().all(|i| i.format == f) => f,
        _ => Format::Mixed,
    };
    Merge {
        loaded: Loaded {
            name: inputs
                .iter()
                .map(|i| i.file.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
            format,
            dataset: merged.dataset,
            syntax_errors: Vec::new(),
        },
        inputs,
        syntax_errors,
        conflicts: merged.conflicts,
    }
}

/// One file as it was read (no merge: a file's own duplicate ids stay for
/// validation to report), or several merged.
pub fn combine(mut files: Vec<Loaded>, resolve: &Resolve) -> Merge {
    match files.pop() {
        Some(loaded) if files.is_empty() => alone(loaded),
        last => {
            files.extend(last);
            merge(files, resolve)
        }
    }
}

/// A single file as read, as a merge of one.
fn alone(loaded: Loaded) -> Merge {
    Merge {
        inputs: vec![Input {
            file: loaded.name.clone(),
            format: loaded.format,
            records: loaded.dataset.len(),
        }],
        syntax_errors: Vec::new(),
        conflicts: Vec::new(),
        loaded,
    }
}

/// Reads the files of a command that works on their merge, as [`load_all`]
/// reads them: one file as it is; several merged, with every conflict listed
/// ([`report_conflicts`]). Anything that stops the command is reported and
/// gives the status to exit with.
pub fn load_merged(
    paths: &[PathBuf],
    resolve: &Resolve,
    consequence: &str,
) -> Result<Merge, crate::Status> {
    let merged = combine(load_all(paths, consequence)?, resolve);
    if report_conflicts(&merged.conflicts, PREFER_HINT) > 0 {
        return Err(crate::Status::Invalid);
    }
    Ok(merged)
}

/// Ends a command's use of what it loaded without freeing it record by
/// record: the process exits next, and the system takes the memory back at
/// once (freeing the records of a 10^6-record dataset one by one takes a
/// tenth of its loading time).
pub fn release<T>(loaded: T) {
    std::mem::forget(loaded);
}

/// How to resolve conflicts with `--prefer`.
pub const PREFER_HINT: &str =
    "keep one side of every conflict with --prefer first or --prefer last";

/// Lists the conflicts on standard error, an unresolved one as an error
/// (`error: conflict: proposal `plan`, field `title`: "A" in a.json but "B"
/// in b.json`) and a resolved one as a note, then, if any is unresolved, one
/// line saying how many, ending with `hint`. The number unresolved.
pub fn report_conflicts(conflicts: &[MergeConflict], hint: &str) -> usize {
    use std::io::Write as _;
    let unresolved = conflicts.iter().filter(|c| c.resolution.is_none()).count();
    {
        let mut err = io::stderr().lock();
        for c in conflicts {
            let _ = match c.resolution {
                None => writeln!(err, "error: conflict: {}", Escaped(c)),
                Some(_) => writeln!(err, "note: conflict: {}", Escaped(c)),
            };
        }
    }
    if unresolved > 0 {
        crate::output::error(format_args!(
            "{} between the files; {hint}",
            crate::output::count(unresolved, "unresolved conflict", "unresolved conflicts"),
        ));
    }
    unresolved
}

/// The limits every file is read within, once set.
static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the limits every file of this process is read within (from the
/// global options), before the first is read; later calls change nothing.
pub fn set_limits(limits: Limits) {
    let _ = LIMITS.set(limits);
}

/// The limits files are read within: as set by [`set_limits`], or the
/// defaults.
pub fn limits() -> &'static Limits {
    LIMITS.get_or_init(Limits::default)
}

/// The most syntax errors kept from one file; reading stops at the next.
pub const MAX_SYNTAX_ERRORS: usize = 1000;

/// What passed a limit, and the option that raises it.
pub fn limit_message(error: &LimitError) -> String {
    format!(
        "{}; raise the limit with --{}",
        error.what(),
        error.limit.name().replace('_', "-")
    )
}

/// Reads the dataset at `path` (`-` for standard input).
pub fn load(path: &Path) -> Result<Loaded, Unreadable> {
    let stdin = path == Path::new("-");
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    };
    let unreadable = |source| Unreadable {
        name: name.clone(),
        source,
    };
    let limits = limits();
    let (mut reader, len) = open(path, stdin).map_err(unreadable)?;

    // Core decides the format, as for every reader.
    let sniffed = sniff_with(path, &mut reader, limits).map_err(unreadable)?;
    let jsonl = sniffed.format == FileFormat::JsonLines;
    let empty = sniffed.check_not_empty();
    let head = sniffed.head;
    let format = if jsonl {
        Format::JsonLines
    } else {
        Format::Json
    };
    let mut loaded = Loaded {
        name: name.clone(),
        format,
        dataset: Dataset::new(),
        syntax_errors: Vec::new(),
    };

    if let Err(e) = empty {
        let (line, column) = e.position().unwrap_or((1, 0));
        loaded.syntax_errors.push(SyntaxError {
            line,
            column,
            message: e.message(),
        });
        return Ok(loaded);
    }

    if jsonl {
        let lines = JsonLines::with_limits(Cursor::new(head).chain(reader), limits.clone());
        let mut failed = None;
        lines.for_each_parallel(read_threads(), |item| {
            let error = match item {
                Ok(record) => {
                    loaded.dataset.push_record(record);
                    return ControlFlow::Continue(());
                }
                Err(ReadError::Syntax {
                    line,
                    column,
                    message,
                    ..
                }) => SyntaxError {
                    line,
                    column,
                    message,
                },
                Err(ReadError::Limit {
                    line,
                    column,
                    error,
                    ..
                }) => SyntaxError {
                    line,
                    column,
                    message: limit_message(&error),
                },
                Err(ReadError::Io { source, .. }) => {
                    failed = Some(source);
                    return ControlFlow::Break(());
                }
                Err(other) => {
                    failed = Some(io::Error::other(other.to_string()));
                    return ControlFlow::Break(());
                }
            };
            let line = error.line;
            loaded.syntax_errors.push(error);
            if loaded.syntax_errors.len() == MAX_SYNTAX_ERRORS {
                loaded.syntax_errors.push(SyntaxError {
                    line,
                    column: 0,
                    message: format!(
                        "{MAX_SYNTAX_ERRORS} errors; the rest of the file is not read"
                    ),
                });
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if let Some(source) = failed {
            return Err(unreadable(source));
        }
        return Ok(loaded);
    }

    if let Some(Err(error)) = len.map(|len| limits.check_file_size(len)) {
        loaded.syntax_errors.push(SyntaxError {
            line: 1,
            column: 0,
            message: limit_message(&error),
        });
        return Ok(loaded);
    }
    // Whether the first line is a record: a hint when the name said JSON.
    let looks_jsonl = looks_like_jsonl(Path::new(""), &head);
    match Dataset::read_json_with(Cursor::new(head).chain(reader), limits) {
        Ok(dataset) => loaded.dataset = dataset,
        Err(ReadError::Limit {
            line,
            column,
            error,
            ..
        }) => loaded.syntax_errors.push(SyntaxError {
            line,
            column,
            message: limit_message(&error),
        }),
        Err(ReadError::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            let mut message = message;
            if looks_jsonl {
                message.push_str(
                    "; the file looks like JSON Lines: name it .jsonl to read it as such",
                );
            }
            loaded.syntax_errors.push(SyntaxError {
                line,
                column,
                message,
            });
        }
        Err(ReadError::Io { source, .. }) => return Err(unreadable(source)),
        Err(other) => return Err(unreadable(io::Error::other(other.to_string()))),
    }
    Ok(loaded)
}

/// How many threads parse a file: every core, up to eight.
fn read_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// The file, buffered, and its length when it is a regular file (a device
/// such as `/dev/zero` says 0, whatever it holds).
fn open(path: &Path, stdin: bool) -> io::Result<(Box<dyn BufRead>, Option<u64>)> {
    if stdin {
        return Ok((Box::new(io::stdin().lock()), None));
    }
    // Opening a directory succeeds on some systems; say plainly what it is.
    if std::fs::metadata(path)?.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory",
        ));
    }
    let file = File::open(path)?;
    let len = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok((
        Box::new(BufReader::with_capacity(
            1 << 16,
            Progress::new(file, len.unwrap_or(0), path),
        )),
        len,
    ))
}

/// Files at least this long show how far reading has got.
const PROGRESS_FROM: u64 = 32 << 20;

/// A file being read, with a progress bar on standard error for a long one
/// when standard error is a terminal (never in a pipe or a log).
struct Progress<R> {
    inner: R,
    bar: Option<indicatif::ProgressBar>,
}

impl<R: Read> Progress<R> {
    fn new(inner: R, len: u64, path: &Path) -> Progress<R> {
        use std::io::IsTerminal;
        let bar = (len >= PROGRESS_FROM && io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(len);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg} {wide_bar} {bytes}/{total_bytes} {eta}",
            ) {
                bar.set_style(style);
            }
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            bar.set_message(format!("reading {}", crate::output::Escaped(&name)));
            bar
        });
        Progress { inner, bar }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            if n == 0 {
                bar.finish_and_clear();
            } else {
                bar.inc(n as u64);
            }
        }
        Ok(n)
    }
}

impl<R> Drop for Progress<R> {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_render_with_and_without_column() {
        let e = SyntaxError {
            line: 3,
            column: 7,
            message: "expected `,`".into(),
        };
        assert_eq!(
            e.render("a.json").to_string(),
            "a.json:3:7: error: expected `,`"
        );
        let e = SyntaxError {
            line: 2,
            column: 0,
            message: "bad\u{1b}[2J".into(),
        };
        assert_eq!(
            e.render("a\nb").to_string(),
            "a\\nb:2: error: bad\\u{1b}[2J"
        );
    }
}
