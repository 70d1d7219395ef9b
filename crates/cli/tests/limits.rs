//! Hostile and huge input on the command line: `/dev/zero`, endless pipes, a
//! 2 GB sparse file and over-long lines end within seconds, in bounded memory,
//! with exit status 1 and a message that names the line, the limit and the
//! option that raises it; values quoted in errors are clipped.

use std::io::Read;
use std::path::Path;
use std::time::Instant;

mod support;
use support::{MEMORY_KB, Run, TIMEOUT, claimgraph, with_file};

/// Runs `claimgraph ARGS` in `dir` with at most [`MEMORY_KB`] of address
/// space, feeding standard input from `stdin` (`None`: nothing) until the
/// run ends or stops reading, and killing it after [`TIMEOUT`].
fn run_bounded(dir: &Path, args: &[&str], stdin: Option<Box<dyn Read + Send>>) -> Run {
    let mut run = claimgraph(args)
        .dir(dir)
        .memory_kb(MEMORY_KB)
        .timeout(TIMEOUT);
    if let Some(source) = stdin {
        run = run.stdin_stream(source);
    }
    run.run()
}

/// `unit` over and over, for ever, after `head`.
fn endless(head: &'static [u8], unit: &'static [u8]) -> Box<dyn Read + Send> {
    struct Cycle(&'static [u8], usize);
    impl Read for Cycle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            for slot in buf.iter_mut() {
                *slot = self.0[self.1];
                self.1 = (self.1 + 1) % self.0.len();
            }
            Ok(buf.len())
        }
    }
    Box::new(head.chain(Cycle(unit, 0)))
}

// ---------------------------------------------------------------- defect 1

#[cfg(unix)]
#[test]
fn validate_refuses_dev_zero_in_moments_and_bounded_memory() {
    let r = run_bounded(Path::new("/"), &["validate", "/dev/zero"], None);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.out().starts_with("/dev/zero:1:1: error: "), "{r:?}");
}

#[cfg(unix)]
#[test]
fn validate_stops_an_endless_pipe() {
    const HEADER: &[u8] = b"{\"format\":\"claimgraph/1\"}\n";
    for (name, head, unit, first) in [
        // `yes | claimgraph validate -`
        (
            "yes",
            &b""[..],
            &b"y\n"[..],
            "<stdin>:1:1: error: expected value",
        ),
        // `cat /dev/zero | claimgraph validate -`
        ("zeros", b"", b"\0", "<stdin>:1:1: error: expected value"),
        // `yes '' | claimgraph validate -`
        (
            "blank lines",
            b"",
            b"\n",
            "error: more than 16777216 bytes of white space in a row; raise the limit with --max-line-bytes",
        ),
        // A header, then a line without end.
        (
            "endless line",
            HEADER,
            b"x",
            "<stdin>:2: error: the line is longer than 16777216 bytes; raise the limit with --max-line-bytes",
        ),
        // A header, then bad lines for ever.
        (
            "bad lines",
            HEADER,
            b"x\n",
            "<stdin>:2:1: error: expected value",
        ),
    ] {
        let started = Instant::now();
        let r = run_bounded(
            Path::new("."),
            &["validate", "-"],
            Some(endless(head, unit)),
        );
        assert_eq!(r.code(), 1, "{name}: {r:?}");
        let line = r.out().lines().next().unwrap_or_default();
        assert!(line.contains(first), "{name}: {line}");
        assert!(r.out().len() < 100_000, "{name}: {} bytes", r.out().len());
        eprintln!("{name}: {:?}", started.elapsed());
    }
}

#[test]
fn an_endless_stream_of_bad_lines_is_read_to_1000_errors() {
    let r = run_bounded(
        Path::new("."),
        &["validate", "-"],
        Some(endless(b"{\"format\":\"claimgraph/1\"}\n", b"x\n")),
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let lines: Vec<&str> = r.out().lines().collect();
    assert_eq!(
        lines[lines.len() - 2],
        "<stdin>:1001: error: 1000 errors; the rest of the file is not read"
    );
}

#[test]
fn validate_refuses_a_2_gb_sparse_file_in_either_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, message) in [
        (
            "big.json",
            "big.json:1: error: the file is 2147483648 bytes; canonical JSON is read whole, \
             up to 1073741824 bytes (JSON Lines, read a line at a time, has no such limit); \
             raise the limit with --max-file-bytes",
        ),
        (
            "big",
            "big:1: error: the file is 2147483648 bytes; canonical JSON is read whole, \
             up to 1073741824 bytes (JSON Lines, read a line at a time, has no such limit); \
             raise the limit with --max-file-bytes",
        ),
        (
            "big.jsonl",
            "big.jsonl:1: error: the line is longer than 16777216 bytes; \
             raise the limit with --max-line-bytes",
        ),
    ] {
        let file = std::fs::File::create(dir.path().join(name)).expect("create");
        file.set_len(2 << 30).expect("a sparse file");
        drop(file);
        let r = run_bounded(dir.path(), &["validate", name], None);
        assert_eq!(r.code(), 1, "{name}: {r:?}");
        assert_eq!(r.out().lines().next(), Some(message), "{name}");
        std::fs::remove_file(dir.path().join(name)).expect("remove");
    }
}

#[test]
fn a_long_line_names_the_line_the_limit_and_the_option() {
    let text = format!(
        "{{\"format\":\"claimgraph/1\"}}\n{{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"t\"}}\n{{\"type\":\"claim\",\"id\":\"c2\",\"text\":\"{}\"}}\n",
        "x".repeat(2000)
    );
    let dir = with_file("f.jsonl", text.as_bytes());
    let refused = "f.jsonl:3: error: the line is longer than 1024 bytes; \
                   raise the limit with --max-line-bytes";
    // The option goes before the command or after it.
    for args in [
        &["validate", "--max-line-bytes", "1K", "f.jsonl"][..],
        &["--max-line-bytes", "1024", "validate", "f.jsonl"],
        &["validate", "f.jsonl", "--max-line-bytes=1k"],
    ] {
        let r = run_bounded(dir.path(), args, None);
        assert_eq!(r.code(), 1, "{args:?}: {r:?}");
        assert_eq!(r.out().lines().next(), Some(refused), "{args:?}");
    }
    let r = run_bounded(
        dir.path(),
        &["validate", "--max-line-bytes", "4K", "f.jsonl"],
        None,
    );
    assert_eq!(r.code(), 0, "{r:?}");
}

// ---------------------------------------------------------------- every limit, every command

#[test]
fn each_limit_has_an_option_that_names_it() {
    let claims = "{\"format\":\"claimgraph/1\"}\n\
                  {\"type\":\"claim\",\"id\":\"c1\",\"text\":\"one two three\"}\n\
                  {\"type\":\"claim\",\"id\":\"c2\",\"text\":\"t\",\"extra\":{\"x\":[[[1]]]}}\n";
    let dir = with_file("f.jsonl", claims.as_bytes());
    std::fs::write(
        dir.path().join("f.json"),
        "{\"format\":\"claimgraph/1\",\"claims\":[{\"id\":\"c1\",\"text\":\"t\"}]}\n",
    )
    .expect("write");
    for (args, message) in [
        (
            &["validate", "--max-string-bytes", "12", "f.jsonl"][..],
            "f.jsonl:2:34: error: a string is longer than 12 bytes; raise the limit with --max-string-bytes",
        ),
        (
            &["validate", "--max-depth", "4", "f.jsonl"],
            "f.jsonl:3:53: error: values are nested more than 4 deep; raise the limit with --max-depth",
        ),
        (
            &["validate", "--max-records", "1", "f.jsonl"],
            "f.jsonl:3: error: the input holds more than 1 records; raise the limit with --max-records",
        ),
        (
            &["validate", "--max-file-bytes", "20", "f.json"],
            "f.json:1: error: the file is 60 bytes; canonical JSON is read whole, up to 20 bytes \
             (JSON Lines, read a line at a time, has no such limit); raise the limit with --max-file-bytes",
        ),
    ] {
        let r = run_bounded(dir.path(), args, None);
        assert_eq!(r.code(), 1, "{args:?}: {r:?}");
        assert_eq!(r.out().lines().next(), Some(message), "{args:?}");
    }
    // Within the defaults, both files are valid.
    for name in ["f.jsonl", "f.json"] {
        let r = run_bounded(dir.path(), &["validate", name], None);
        assert_eq!(r.code(), 0, "{name}: {r:?}");
    }
}

#[test]
fn every_command_that_reads_keeps_to_the_limits() {
    let claims = "{\"type\":\"claim\",\"id\":\"c1\",\"text\":\"t\"}\n\
                  {\"type\":\"claim\",\"id\":\"c2\",\"text\":\"t\"}\n";
    let dir = with_file("f.jsonl", claims.as_bytes());
    for args in [
        &["show", "f.jsonl"][..],
        &["query", "f.jsonl", "supporters", "c1"],
        &["export", "f.jsonl", "--format", "dot"],
        &["merge", "f.jsonl", "f.jsonl"],
        &["dedupe", "f.jsonl"],
    ] {
        let mut with_limit = args.to_vec();
        with_limit.extend(["--max-records", "1"]);
        let r = run_bounded(dir.path(), &with_limit, None);
        assert_eq!(r.code(), 1, "{with_limit:?}: {r:?}");
        assert!(
            r.stderr.contains(
                "f.jsonl:2: error: the input holds more than 1 records; raise the limit with --max-records"
            ),
            "{with_limit:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn malformed_limit_values_are_refused() {
    let dir = with_file("f.jsonl", b"{\"format\":\"claimgraph/1\"}\n");
    for bad in ["12X", "", "-1", "1.5M", "99999999999999999999G"] {
        let arg = format!("--max-line-bytes={bad}");
        let r = run_bounded(dir.path(), &["validate", &arg, "f.jsonl"], None);
        assert_ne!(r.code(), 0, "{bad:?}: {r:?}");
        assert!(
            r.stderr.contains("--max-line-bytes"),
            "{bad:?}: {}",
            r.stderr
        );
    }
    let r = run_bounded(dir.path(), &["validate", "--help"], None);
    assert_eq!(r.code(), 0);
    for option in [
        "--max-line-bytes",
        "--max-file-bytes",
        "--max-string-bytes",
        "--max-records",
        "--max-depth",
    ] {
        assert!(r.out().contains(option), "{option}: {}", r.out());
    }
}

// ---------------------------------------------------------------- defect 9

#[test]
fn a_100_mb_id_is_quoted_short_with_its_size() {
    let id = "x".repeat(100_000_000);
    let jsonl = format!(
        "{{\"format\":\"claimgraph/1\"}}\n{{\"type\":\"actor\",\"id\":\"{id}\",\"name\":\"n\",\"kind\":\"person\"}}\n"
    );
    let json = format!(
        "{{\"format\":\"claimgraph/1\",\"actors\":[{{\"id\":\"{id}\",\"name\":\"n\",\"kind\":\"person\"}}]}}\n"
    );
    let dir = with_file("id.jsonl", jsonl.as_bytes());
    std::fs::write(dir.path().join("id.json"), json).expect("write");
    drop(jsonl);
    for name in ["id.jsonl", "id.json"] {
        // Within the defaults, a limit stops it first, in a line as short.
        let r = run_bounded(dir.path(), &["validate", name], None);
        assert_eq!(r.code(), 1, "{name}");
        let first = r.out().lines().next().unwrap_or_default();
        assert!(first.len() < 300, "{name}: a line of {} bytes", first.len());
        assert!(
            first.contains("raise the limit with --max-"),
            "{name}: {first}"
        );
        // Within limits that let it through to the id check.
        let r = run_bounded(
            dir.path(),
            &[
                "validate",
                "--max-line-bytes=128M",
                "--max-string-bytes=128M",
                name,
            ],
            None,
        );
        assert_eq!(
            r.code(),
            1,
            "{name}: {}",
            &r.out()[..r.out().len().min(300)]
        );
        let first = r.out().lines().next().unwrap_or_default();
        assert!(first.len() < 300, "{name}: a line of {} bytes", first.len());
        assert!(
            first.contains(&format!(
                "error: invalid id \"{}…\" (100000000 bytes): an id must be at most 512 bytes",
                "x".repeat(60)
            )),
            "{name}: {first}"
        );
    }
}
