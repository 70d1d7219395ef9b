//! What every command prints with: standard output that tolerates a closed
//! pipe, error lines on standard error, terminal-safe text and counted nouns.

use std::ffi::OsString;
use std::fmt::{self, Display, Write as _};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Serialize;

/// Runs `write` against a buffered standard output and flushes it.
///
/// A reader that goes away early (`claimgraph show big.jsonl | head`) is not an
/// error: output stops quietly and the command keeps its exit status.
pub fn stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.context("cannot write to standard output"),
    }
}

/// Prints `error: MESSAGE` on standard error, escaped for the terminal.
///
/// A failure to write to standard error cannot be reported anywhere, so it is
/// ignored rather than allowed to abort the process.
pub fn error(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "error: {}", Escaped(&message));
}

/// Prints `warning: MESSAGE` on standard error, escaped for the terminal.
pub fn warning(message: impl Display) {
    let _ = writeln!(io::stderr().lock(), "warning: {}", Escaped(&message));
}

/// Writes `value` as one line of compact JSON.
pub fn json_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Writes `value`, which must serialise as a non-empty JSON object, without its
/// closing brace and followed by a comma, so that more members can follow.
/// Lets large or deep structures be streamed without recursion.
pub fn json_object_open(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    match bytes.strip_suffix(b"}") {
        Some(head) if head.len() > 1 => {
            out.write_all(head)?;
            out.write_all(b",")
        }
        _ => Err(io::Error::other("expected a non-empty JSON object")),
    }
}

/// Text made safe for a terminal: control characters (escape, newline, tab,
/// NUL, C1 controls, ...) and the invisible bidirectional-override characters
/// are written as escapes (`\n`, `\u{1b}`); all other characters, Unicode
/// letters included, are written as they are.
///
/// Wraps anything that displays, so a whole rendered line can be escaped at once.
#[derive(Debug)]
pub struct Escaped<'a, T: ?Sized>(pub &'a T);

impl<T: Display + ?Sized> Display for Escaped<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(EscapeWriter(f), "{}", self.0)
    }
}

struct EscapeWriter<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for EscapeWriter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(at) = rest.find(needs_escape) {
            self.0.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '\n' => self.0.write_str("\\n")?,
                '\r' => self.0.write_str("\\r")?,
                '\t' => self.0.write_str("\\t")?,
                _ => write!(self.0, "\\u{{{:x}}}", c as u32)?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest)
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `1 record`, `2 records`, `0 warnings`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The output file `-o` names: `None` for standard output (no `-o`, or `-`).
pub fn target(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| *p != Path::new("-"))
}

/// Refuses an output file that is one of the inputs: written under a
/// temporary name and renamed, it would replace the input. `target` is the
/// output as named (`None` for standard output); `-` among the inputs is
/// standard input. Prints the error, naming both files, and gives the status
/// to exit with (2).
///
/// Compares the files, not the names: a different spelling, a symbolic link
/// to the input and a hard link of it are the input too. Only a regular file
/// can be the input: a FIFO or a device such as `/dev/null` is written to,
/// never replaced.
pub fn refuse_input_as_output<'a>(
    target: Option<&Path>,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), crate::Status> {
    let Some(target) = target else {
        return Ok(());
    };
    match input_named_by(target, inputs) {
        Some(input) => {
            let input = if input == Path::new("-") {
                "<stdin>".to_owned()
            } else {
                input.display().to_string()
            };
            error(format_args!(
                "cannot write {}: it is the input {input}; nothing written, name another output file",
                target.display()
            ));
            Err(crate::Status::Trouble)
        }
        None => Ok(()),
    }
}

/// The first of `inputs` that is the regular file `target` names.
fn input_named_by<'a>(
    target: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Option<&'a Path> {
    let out = fs::metadata(target).ok().filter(fs::Metadata::is_file)?;
    let canonical = fs::canonicalize(target).ok();
    inputs.into_iter().find(|input| {
        if *input == Path::new("-") {
            return stdin_metadata().is_some_and(|m| same_file(&m, &out));
        }
        let by_name = canonical.is_some() && fs::canonicalize(input).ok() == canonical;
        by_name || fs::metadata(input).is_ok_and(|m| same_file(&m, &out))
    })
}

/// What standard input is, when it is a file.
#[cfg(unix)]
fn stdin_metadata() -> Option<fs::Metadata> {
    use std::os::fd::AsFd as _;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<fs::Metadata> {
    None
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Standard output, or an output file.
///
/// A regular file (new or existing) is written under a temporary name beside
/// it and renamed when complete; dropped unfinished, or on an interrupt, the
/// temporary file goes. A symbolic link is written through: the temporary
/// file is made beside the file the link ends at and renamed onto it, so the
/// link stays a link. An existing file keeps its permissions. A FIFO or a
/// device (`/dev/null`, a process substitution) is written to directly.
///
/// Commands check the output against their inputs first
/// ([`refuse_input_as_output`]).
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A file under its temporary name.
    File {
        /// The temporary file.
        out: BufWriter<File>,
        /// Its temporary name.
        temporary: PathBuf,
        /// The name it takes when complete: the end of any symbolic links.
        path: PathBuf,
        /// Whether it has taken it.
        done: bool,
    },
    /// A FIFO or a device, written to as it is.
    Special(BufWriter<File>),
}

/// Symbolic links followed before giving up, as Linux does (`ELOOP`).
const MAX_LINKS: usize = 40;

impl Sink {
    /// Opens standard output (`None`), or a temporary file beside the file
    /// `path` names.
    pub fn open(target: Option<&Path>) -> io::Result<Sink> {
        let Some(path) = target else {
            return Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout().lock(),
            )));
        };
        let existing = fs::metadata(path).ok();
        if let Some(m) = &existing {
            if m.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a directory",
                ));
            }
            if !m.is_file() {
                // Resolved by the system, which knows /dev/fd's links.
                let file = OpenOptions::new().write(true).open(path)?;
                return Ok(Sink::Special(BufWriter::with_capacity(1 << 16, file)));
            }
        }
        let path = end_of_links(path)?;
        let Some(name) = path.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it names no file",
            ));
        };
        let mut temporary = OsString::from(".");
        temporary.push(name);
        temporary.push(format!(".{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if existing.is_some() {
            // Readable by no one else until it has the file's permissions.
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        // Listed before it exists, so that an interrupt never misses it.
        interrupts::register(&temporary);
        let file = match options.open(&temporary) {
            Ok(file) => file,
            Err(e) => {
                interrupts::forget(&temporary);
                return Err(e);
            }
        };
        let sink = Sink::File {
            out: BufWriter::with_capacity(1 << 16, file),
            temporary,
            path,
            done: false,
        };
        if let (Some(m), Sink::File { out, .. }) = (&existing, &sink) {
            // Dropped on failure, the sink removes its file.
            out.get_ref().set_permissions(m.permissions())?;
        }
        Ok(sink)
    }

    /// Flushes, and puts a file in place. A reader of standard output that
    /// went away early is not an error.
    pub fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result,
            },
            Sink::File {
                out,
                temporary,
                path,
                done,
            } => {
                out.flush()?;
                out.get_ref().sync_all()?;
                // Renamed and struck off together: an interrupt comes before
                // or after, never between.
                let mut open = interrupts::open();
                fs::rename(&*temporary, &*path)?;
                *done = true;
                open.retain(|p| p != temporary);
                Ok(())
            }
            Sink::Special(out) => out.flush(),
        }
    }
}

/// The file a write to `path` lands in: `path`, or the end of the chain of
/// symbolic links it starts, which need not exist yet.
fn end_of_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&path)?;
                // A relative link is relative to the directory it is in.
                path = match path.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => match out.write(buf) {
                // Stop writing quietly: the reader has all it wanted.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(buf.len()),
                result => result,
            },
            Sink::File { out, .. } | Sink::Special(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result,
            },
            Sink::File { out, .. } | Sink::Special(out) => out.flush(),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Sink::File {
            temporary, done, ..
        } = self
            && !*done
        {
            let mut open = interrupts::open();
            let _ = fs::remove_file(&*temporary);
            open.retain(|p| p != temporary);
        }
    }
}

/// The temporary files of the sinks still open, removed on an interrupt
/// (SIGINT, SIGTERM, SIGHUP) before the process exits with 128 + the signal's
/// number (130 for Ctrl-C). The handler is installed with the first file.
/// SIGKILL cannot be caught: it may still leave a temporary file.
mod interrupts {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    /// The list, locked; a panic elsewhere does not lose it.
    pub(super) fn open() -> MutexGuard<'static, Vec<PathBuf>> {
        OPEN.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn register(temporary: &Path) {
        install();
        open().push(temporary.to_owned());
    }

    pub(super) fn forget(temporary: &Path) {
        open().retain(|p| p != temporary);
    }

    #[cfg(unix)]
    fn install() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use signal_hook::iterator::Signals;
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            // Without a handler, an interrupt leaves the file: no worse than before.
            let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("interrupts".to_owned())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        // Held until the process is gone, so that no sink
                        // renames or opens a file after this.
                        let open = open();
                        for temporary in open.iter() {
                            let _ = std::fs::remove_file(temporary);
                        }
                        std::process::exit(128 + signal);
                    }
                });
        });
    }

    #[cfg(not(unix))]
    fn install() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_keeps_unicode() {
        let s = "Zelensky \u{1b}[31mred\u{1b}[0m\nnew\tline \u{202e}evil Київ «ok» \u{85}";
        assert_eq!(
            Escaped(s).to_string(),
            "Zelensky \\u{1b}[31mred\\u{1b}[0m\\nnew\\tline \\u{202e}evil Київ «ok» \\u{85}"
        );
        assert_eq!(Escaped("plain").to_string(), "plain");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "warning", "warnings"), "1 warning");
        assert_eq!(count(0, "warning", "warnings"), "0 warnings");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }

    /// Every option of every command whose value can be negative takes a
    /// negative number as its value (`--min-weight -0.5`, not only
    /// `--min-weight=-0.5`), so that its own check refuses a bad one rather
    /// than clap taking it for an unknown option. Options whose value holds
    /// a number in a larger form (`--scale -1:1`) are listed. An unsigned
    /// option's `-1` stays a malformed command line (exit 2).
    #[test]
    fn every_signed_option_takes_a_negative_number() {
        use std::any::TypeId;

        use clap::{CommandFactory as _, Parser as _};

        let signed = [
            TypeId::of::<f64>(),
            TypeId::of::<f32>(),
            TypeId::of::<i64>(),
            TypeId::of::<i32>(),
            TypeId::of::<i16>(),
            TypeId::of::<i8>(),
            TypeId::of::<isize>(),
        ];
        let forms = [("network", "scale"), ("import", "scale")];
        // Days, typed as numbers but written as dates.
        let dates = [("network", "from"), ("network", "to")];
        let cli = crate::Cli::command();
        let mut missing = Vec::new();
        let mut checked = 0;
        for command in cli.get_subcommands() {
            for arg in command.get_arguments() {
                let id = (command.get_name(), arg.get_id().as_str());
                let parser = arg.get_value_parser().type_id();
                let is_number = signed.iter().any(|t| parser == *t) && !dates.contains(&id);
                if !(is_number || forms.contains(&id)) {
                    continue;
                }
                checked += 1;
                if !(arg.is_allow_negative_numbers_set() || arg.is_allow_hyphen_values_set()) {
                    missing.push(format!("{} --{}", id.0, arg.get_long().unwrap_or(id.1)));
                }
            }
        }
        assert!(checked >= 5, "the signed options are found: {checked}");
        assert!(missing.is_empty(), "refuse a negative number: {missing:?}");
        // And the parse itself: the value is the number.
        let parsed = crate::Cli::try_parse_from([
            "claimgraph",
            "network",
            "c.jsonl",
            "--min-weight",
            "-0.5",
            "--scale",
            "-1:1",
        ]);
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn open_object_leaves_room_for_members() {
        let mut out = Vec::new();
        json_object_open(&mut out, &serde_json::json!({"a": 1})).unwrap();
        out.extend_from_slice(b"\"b\":2}");
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, serde_json::json!({"a": 1, "b": 2}));
        assert!(json_object_open(&mut Vec::new(), &serde_json::json!({})).is_err());
    }
}
