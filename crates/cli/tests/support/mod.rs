//! Running the `claimgraph` binary from the command-line tests: one builder
//! for every way a test starts it (working directory, environment, standard
//! input, a memory bound, a timeout) and one [`Run`] for what it left behind,
//! with the small fixtures several test files share.

// Each test file is its own crate and uses only part of this module.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs::File;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The most a bounded run may take, even unoptimised on a busy machine; a
/// run that hangs on an endless input is killed at this.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The address space a bounded run may use: an allocation past it fails and
/// the run aborts.
pub const MEMORY_KB: u64 = 512 * 1024;

/// What one run of the binary left behind.
pub struct Run {
    /// The exit status, or `None` where the run was killed (by a signal or
    /// at its timeout); only [`Claimgraph::report_kill`] lets a killed run
    /// come back.
    pub status: Option<i32>,
    /// Standard output as written; [`Run::out`] gives it as text.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: String,
    /// From the start of the run to its end.
    pub took: Duration,
}

impl Run {
    /// The exit status; panics where the run was killed.
    pub fn code(&self) -> i32 {
        self.status.unwrap_or_else(|| {
            panic!(
                "killed after {:?}, not exited; stderr: {}",
                self.took, self.stderr
            )
        })
    }

    /// Standard output as text; panics where it is not UTF-8.
    pub fn out(&self) -> &str {
        std::str::from_utf8(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not UTF-8 ({e}): {}",
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Run")
            .field("code", &self.status)
            .field("stdout", &String::from_utf8_lossy(&self.stdout))
            .field("stderr", &self.stderr)
            .field("took", &self.took)
            .finish()
    }
}

/// Where standard input comes from.
enum Input {
    Nothing,
    Bytes(Vec<u8>),
    File(PathBuf),
    Stream(Box<dyn Read + Send>),
}

/// One run of `claimgraph`, set up a part at a time and started by
/// [`Claimgraph::run`].
pub struct Claimgraph {
    args: Vec<OsString>,
    dir: Option<PathBuf>,
    env: Vec<(OsString, OsString)>,
    stdin: Input,
    memory_kb: Option<u64>,
    timeout: Option<Duration>,
    report_kill: bool,
}

/// `claimgraph ARGS`, in this directory, with nothing on standard input.
pub fn claimgraph(args: &[&str]) -> Claimgraph {
    Claimgraph {
        args: args.iter().map(OsString::from).collect(),
        dir: None,
        env: Vec::new(),
        stdin: Input::Nothing,
        memory_kb: None,
        timeout: None,
        report_kill: false,
    }
}

/// Runs `claimgraph ARGS` in `dir`, so files are named as the user typed them.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    claimgraph(args).dir(dir).run()
}

impl Claimgraph {
    /// One more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// More arguments.
    pub fn args<I>(mut self, args: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Runs in `dir`.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_owned());
        self
    }

    /// Sets the environment variable `key` to `value` for the run.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Feeds `bytes` on standard input.
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.stdin = Input::Bytes(bytes.as_ref().to_vec());
        self
    }

    /// Opens `file` as standard input.
    pub fn stdin_file(mut self, file: &Path) -> Self {
        self.stdin = Input::File(file.to_owned());
        self
    }

    /// Feeds standard input from `source` until it ends or the run stops
    /// reading, so that an endless source is fine.
    pub fn stdin_stream(mut self, source: Box<dyn Read + Send>) -> Self {
        self.stdin = Input::Stream(source);
        self
    }

    /// Limits the run's address space to `kb` KiB (`ulimit -v`; on unix
    /// only, elsewhere the run is unbounded).
    pub fn memory_kb(mut self, kb: u64) -> Self {
        self.memory_kb = Some(kb);
        self
    }

    /// Kills the run after `limit`.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// Returns a killed run with `status: None` instead of panicking.
    pub fn report_kill(mut self) -> Self {
        self.report_kill = true;
        self
    }

    /// Runs it to its end (or its timeout) and collects what it wrote.
    pub fn run(self) -> Run {
        let bin = env!("CARGO_BIN_EXE_claimgraph");
        let mut cmd = match self.memory_kb {
            Some(kb) if cfg!(unix) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
                    .arg(bin);
                sh
            }
            _ => Command::new(bin),
        };
        cmd.args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        let feed = match self.stdin {
            Input::Nothing => {
                cmd.stdin(Stdio::null());
                None
            }
            Input::File(path) => {
                let file = File::open(&path)
                    .unwrap_or_else(|e| panic!("{} opens as stdin: {e}", path.display()));
                cmd.stdin(file);
                None
            }
            Input::Bytes(bytes) => {
                cmd.stdin(Stdio::piped());
                Some(Box::new(Cursor::new(bytes)) as Box<dyn Read + Send>)
            }
            Input::Stream(source) => {
                cmd.stdin(Stdio::piped());
                Some(source)
            }
        };
        let started = Instant::now();
        let mut child = cmd.spawn().expect("the binary starts");
        let writer = feed.map(|source| feed_stdin(&mut child, source));
        let out = drain(child.stdout.take().expect("a pipe"));
        let err = drain(child.stderr.take().expect("a pipe"));
        let status = wait(&mut child, started, self.timeout);
        let took = started.elapsed();
        if let Some(w) = writer {
            w.join().expect("the stdin writer ends");
        }
        let stdout = out.join().expect("stdout read");
        let stderr = err.join().expect("stderr read");
        // A killed run may stop in the middle of a character.
        let stderr = match status {
            Some(_) => String::from_utf8(stderr).unwrap_or_else(|e| {
                panic!(
                    "claimgraph {:?}: stderr is not UTF-8: {}",
                    self.args,
                    String::from_utf8_lossy(e.as_bytes())
                )
            }),
            None => String::from_utf8_lossy(&stderr).into_owned(),
        };
        if status.is_none() && !self.report_kill {
            panic!(
                "claimgraph {:?} was killed after {took:?} (by a signal, out of memory, \
                 or at its timeout); stderr: {stderr}",
                self.args
            );
        }
        Run {
            status,
            stdout,
            stderr,
            took,
        }
    }
}

/// Copies `source` to the child's standard input on a thread, which ends
/// when the source does or when the run closes its end (a broken pipe).
fn feed_stdin(child: &mut Child, mut source: Box<dyn Read + Send>) -> JoinHandle<()> {
    let mut sink = child.stdin.take().expect("a pipe");
    thread::spawn(move || {
        let mut buf = vec![0; 1 << 16];
        while let Ok(n) = source.read(&mut buf) {
            if n == 0 || sink.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

/// Reads a pipe to its end on a thread, so that a full pipe cannot block
/// the run.
fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// The exit status, or `None` where the run was killed: by a signal, or by
/// this at `timeout` after `started`.
fn wait(child: &mut Child, started: Instant, timeout: Option<Duration>) -> Option<i32> {
    let Some(limit) = timeout else {
        return child.wait().expect("wait for the run").code();
    };
    loop {
        if let Some(status) = child.try_wait().expect("wait for the run") {
            return status.code();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// Whether this runs under CI (`CI=true`), where a missing dependency fails
/// instead of skipping.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| v == "true")
}

/// `rel` under `../shared/data`, or `None` (with a notice) where it is
/// absent; under CI that fails.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(!in_ci(), "{} is missing, and CI=true", p.display());
    eprintln!("skipped: {} is not here (it is under CI)", p.display());
    None
}

/// The path of `name` in the repository's `examples/data`.
pub fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(name)
        .display()
        .to_string()
}

/// The path of the Ukraine peace plan example.
pub fn example() -> String {
    data("ukraine-peace-plan.json")
}

/// A temporary directory holding the files, by name and content.
pub fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("fixture written");
    }
    dir
}

/// A temporary directory holding one file.
pub fn with_file(name: &str, content: impl AsRef<[u8]>) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), content).expect("fixture written");
    dir
}

/// A temporary directory in which `claimgraph generate ARGS` has written a
/// corpus.
pub fn generated(args: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = claimgraph(&["generate"]).args(args).dir(dir.path()).run();
    assert_eq!(r.code(), 0, "{}", r.stderr);
    dir
}

/// The names in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
