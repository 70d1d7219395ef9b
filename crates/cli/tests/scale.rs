//! The `claimgraph` binary on huge, adversarial input, built in release
//! mode: each test writes one shape of corpus into a temporary directory,
//! runs the commands that once went quadratic (or worse) on it, and checks
//! that every run finishes — answering, or refusing up front with its
//! estimate, an exit status and a message — with output that stays linear in
//! the input, and within a bound on the peak memory of the process:
//!
//! - **1 GiB** for every command that reads a whole corpus and answers
//!   (`query`, `network`, `validate`, `show`);
//! - **512 MiB** for the reading limits: `validate` of `/dev/zero` and of a
//!   2 GiB sparse file, as canonical JSON and as JSON Lines, refused at the
//!   first line.
//!
//! The shapes, at 10^5 actors unless noted: many actors on one target (5·10^9
//! pairs of actors: `conflicts` and `network` must refuse with their
//! estimate), one actor per target, a chain of 10^5 points (`part_of`), a
//! chain of 10^5 ties that carry a position (role, spokesperson, part), and
//! one quote cited by 10^6 stances.
//!
//! Peak memory is the kernel's own high-water mark of the child's resident
//! set (`ru_maxrss`, read by `wait4` when it is reaped); while it runs, its
//! `VmHWM` in `/proc/PID/status` is read every few milliseconds so that a run
//! past its bound is killed at once instead of filling the machine. A run
//! that takes longer than [`TIMEOUT`] is killed and fails: a hang fails
//! rather than hanging CI. Timings are not checked (`benches/queries.rs`
//! measures them); each run prints its peak memory, time and output size on
//! standard error (`--nocapture` shows them).
//!
//! The tests need an optimised binary: in a debug build they are ignored.
//! CI runs them with `cargo test --release -p claimgraph-cli --test scale`.
//! They read Linux's `/proc`; on another system the suite is skipped with a
//! notice (and fails under `CI=true`).

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::File;
    use std::io::{BufWriter, Read, Write};
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::thread;
    use std::time::{Duration, Instant};

    use wait4::Wait4;

    /// The peak memory a command that reads a whole corpus may take.
    const QUERY_BOUND: u64 = 1 << 30;

    /// The peak memory a command refused by a reading limit may take.
    const READING_BOUND: u64 = 512 << 20;

    /// The most one run may take, on a busy two-core machine; every run
    /// here takes seconds.
    const TIMEOUT: Duration = Duration::from_secs(300);

    /// How much of the start and of the end of standard output a run keeps.
    const KEPT: usize = 64 << 10;

    /// The size of every shape.
    const N: usize = 100_000;

    /// What one run of the binary left behind.
    #[derive(Debug)]
    struct Run {
        code: i32,
        /// Bytes on standard output.
        bytes: u64,
        /// Lines on standard output.
        lines: u64,
        /// The first [`KEPT`] bytes of standard output.
        head: String,
        /// The last [`KEPT`] bytes of standard output.
        tail: String,
        stderr: String,
        /// The peak resident set, in bytes.
        peak: u64,
    }

    /// Standard output, counted, its ends kept.
    struct Seen {
        bytes: u64,
        lines: u64,
        head: Vec<u8>,
        tail: Vec<u8>,
    }

    fn drain(mut r: impl Read + Send + 'static) -> thread::JoinHandle<Seen> {
        thread::spawn(move || {
            let mut seen = Seen {
                bytes: 0,
                lines: 0,
                head: Vec::new(),
                tail: Vec::new(),
            };
            let mut buf = vec![0; 1 << 16];
            while let Ok(n) = r.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let chunk = &buf[..n];
                seen.bytes += n as u64;
                seen.lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
                let room = KEPT.saturating_sub(seen.head.len());
                seen.head.extend_from_slice(&chunk[..room.min(n)]);
                seen.tail.extend_from_slice(chunk);
                if seen.tail.len() > 2 * KEPT {
                    seen.tail.drain(..seen.tail.len() - KEPT);
                }
            }
            let cut = seen.tail.len().saturating_sub(KEPT);
            seen.tail.drain(..cut);
            seen
        })
    }

    /// The child's high-water mark so far, from `/proc`, in bytes.
    fn vm_hwm(pid: u32) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }

    fn mib(bytes: u64) -> f64 {
        bytes as f64 / f64::from(1 << 20)
    }

    /// Kills a child that has not been reaped, and reaps it.
    fn stop(mut child: Child) {
        let _ = child.kill();
        let _ = child.wait4();
    }

    /// Runs `claimgraph ARGS` in `dir` and fails if it takes longer than
    /// [`TIMEOUT`] or more than `bound` bytes of memory.
    fn run(dir: &Path, args: &[&str], bound: u64) -> Run {
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let out = drain(child.stdout.take().expect("a pipe"));
        let err = drain(child.stderr.take().expect("a pipe"));
        let pid = child.id();
        let used = loop {
            match child.try_wait4() {
                Ok(Some(used)) => break used,
                Ok(None) => {}
                Err(e) => {
                    stop(child);
                    panic!("claimgraph {args:?}: waiting failed: {e}");
                }
            }
            if let Some(hwm) = vm_hwm(pid).filter(|&m| m > bound) {
                stop(child);
                panic!(
                    "claimgraph {args:?} took {:.1} MiB, more than {} MiB",
                    mib(hwm),
                    bound >> 20
                );
            }
            if started.elapsed() > TIMEOUT {
                stop(child);
                panic!("claimgraph {args:?} still running after {TIMEOUT:?}");
            }
            thread::sleep(Duration::from_millis(5));
        };
        let elapsed = started.elapsed();
        let out = out.join().expect("standard output read");
        let err = err.join().expect("standard error read");
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        let r = Run {
            code: used.status.code().unwrap_or(-1),
            bytes: out.bytes,
            lines: out.lines,
            head: text(out.head),
            tail: text(out.tail),
            stderr: text(err.head),
            peak: used.rusage.maxrss,
        };
        eprintln!(
            "claimgraph {}: exit {}, peak {:.1} MiB, {:.1} s, {} bytes in {} lines",
            args.join(" "),
            r.code,
            mib(r.peak),
            elapsed.as_secs_f64(),
            r.bytes,
            r.lines
        );
        assert_ne!(r.code, -1, "claimgraph {args:?} was killed: {}", r.stderr);
        assert!(
            r.peak <= bound,
            "claimgraph {args:?} took {:.1} MiB, more than {} MiB",
            mib(r.peak),
            bound >> 20
        );
        r
    }

    /// Writes a JSON Lines corpus: the format header, one source, then the
    /// lines `body` writes.
    fn corpus(dir: &Path, name: &str, body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        let mut w = BufWriter::new(File::create(dir.join(name)).expect("create"));
        writeln!(w, r#"{{"format":"claimgraph/1"}}"#)
            .and_then(|()| {
                writeln!(
                    w,
                    r#"{{"type":"source","id":"src","title":"An article","published":"2025-11-20"}}"#
                )
            })
            .and_then(|()| body(&mut w))
            .and_then(|()| w.flush())
            .expect("write the corpus");
    }

    /// Actor `a{i:06}`, "Actor i", with one tie to `a{i+1}` of `tie` kind.
    fn actor(w: &mut dyn Write, i: usize, tie: Option<&str>) -> std::io::Result<()> {
        let ties = tie
            .map(|kind| {
                format!(
                    r#","affiliations":[{{"actor":"a{:06}","kind":"{kind}"}}]"#,
                    i + 1
                )
            })
            .unwrap_or_default();
        writeln!(
            w,
            r#"{{"type":"actor","id":"a{i:06}","name":"Actor {i}","kind":"person"{ties}}}"#
        )
    }

    /// Stance `s{k:07}` of `a{holder:06}`, with the source (or the quote
    /// `q`) as evidence.
    fn stance(
        w: &mut dyn Write,
        k: usize,
        holder: usize,
        target: &str,
        position: &str,
        quote: bool,
    ) -> std::io::Result<()> {
        let evidence = if quote {
            r#"{"quote":"q"}"#
        } else {
            r#"{"source":"src"}"#
        };
        writeln!(
            w,
            r#"{{"type":"stance","id":"s{k:07}","holder":"a{holder:06}","target":"{target}","position":"{position}","evidence":[{evidence}]}}"#
        )
    }

    fn proposal(w: &mut dyn Write, id: &str, title: &str) -> std::io::Result<()> {
        writeln!(w, r#"{{"type":"proposal","id":"{id}","title":"{title}"}}"#)
    }

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().expect("temp dir")
    }

    /// 10^5 actors on one proposal, even ones for, odd ones against: 2.5·10^9
    /// pairs split on it, 5·10^9 pairs in the actor network.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn many_actors_on_one_target() {
        let dir = temp();
        corpus(dir.path(), "many.jsonl", |w| {
            (0..N).try_for_each(|i| actor(w, i, None))?;
            proposal(w, "p", "The plan")?;
            (0..N).try_for_each(|i| {
                let side = if i % 2 == 0 { "supports" } else { "opposes" };
                stance(w, i, i, "p", side, false)
            })
        });
        let d = dir.path();

        let r = run(d, &["query", "many.jsonl", "conflicts"], QUERY_BOUND);
        assert_eq!((r.code, r.bytes), (1, 0), "{r:?}");
        assert!(
            r.stderr.contains(
                "conflicts: the answer would list 2500000000 pairs on split targets \
                 (supporters times opponents, target by target), more than --max-pairs 1000000"
            ),
            "{}",
            r.stderr
        );

        // The two sides, each listed with the stand that binds it.
        let r = run(d, &["query", "many.jsonl", "coalitions"], QUERY_BOUND);
        assert_eq!((r.code, r.lines), (0, 5), "{}", r.stderr);
        assert!(
            r.head
                .starts_with("Coalitions:\n  1. Actor 0, Actor 2, Actor 4,")
        );
        assert!(r.tail.ends_with(", Actor 99997, Actor 99999\n"));

        let r = run(d, &["query", "many.jsonl", "positions", "p"], QUERY_BOUND);
        assert_eq!((r.code, r.lines), (0, 1 + 3 * N as u64), "{}", r.stderr);
        assert!(r.tail.ends_with(
            "  Actor 99999  opposes\n    stance s0099999: opposes The plan [2025-11-20]\n      reported in [An article, 2025-11-20]\n"
        ));

        let r = run(d, &["network", "many.jsonl"], QUERY_BOUND);
        assert_eq!((r.code, r.bytes), (1, 0), "{r:?}");
        assert!(
            r.stderr.contains(
                "the network could have up to 4,999,950,000 edges, more than the limit of 100,000,000"
            ),
            "{}",
            r.stderr
        );
    }

    /// 10^5 actors each supporting a claim of its own: 10^5 coalitions of
    /// one, no conflict, no edge.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn one_actor_per_target() {
        let dir = temp();
        corpus(dir.path(), "lone.jsonl", |w| {
            (0..N).try_for_each(|i| actor(w, i, None))?;
            (0..N).try_for_each(|i| {
                writeln!(w, r#"{{"type":"claim","id":"c{i:06}","text":"Claim {i}"}}"#)
            })?;
            (0..N).try_for_each(|i| stance(w, i, i, &format!("c{i:06}"), "supports", false))
        });
        let d = dir.path();

        let r = run(d, &["query", "lone.jsonl", "coalitions"], QUERY_BOUND);
        assert_eq!((r.code, r.lines), (0, 1 + N as u64), "{}", r.stderr);
        assert!(
            r.tail
                .ends_with("  99999. Actor 99998\n  100000. Actor 99999\n")
        );

        let r = run(d, &["query", "lone.jsonl", "conflicts"], QUERY_BOUND);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.head, "Conflicts:\n  (none)\n");

        let r = run(d, &["network", "lone.jsonl"], QUERY_BOUND);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.head, "source,target,weight\n");
    }

    /// A chain of 10^5 points, p000001 part of p000000 and so on down to
    /// p100000; at its foot Actor 0 supports and Actor 1 opposes, on its top
    /// Actor 2 supports.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn a_deep_chain_of_points() {
        let dir = temp();
        corpus(dir.path(), "points.jsonl", |w| {
            (0..3).try_for_each(|i| actor(w, i, None))?;
            proposal(w, "p000000", "Point 0")?;
            (1..=N).try_for_each(|i| {
                writeln!(
                    w,
                    r#"{{"type":"proposal","id":"p{i:06}","title":"Point {i}","part_of":"p{:06}","label":"point {i}"}}"#,
                    i - 1
                )
            })?;
            let foot = format!("p{N:06}");
            stance(w, 0, 0, &foot, "supports", false)?;
            stance(w, 1, 1, &foot, "opposes", false)?;
            stance(w, 2, 2, "p000000", "supports", false)
        });
        let d = dir.path();
        let point = |i: usize, side: &str| {
            format!("  Point {i} (point {i}) (p{i:06})\n    for:     {side}\n")
        };

        // Rolled up, the foot's split reaches every point above it.
        let args = ["query", "points.jsonl", "contested", "p000000", "--points"];
        let r = run(d, &args, QUERY_BOUND);
        assert_eq!((r.code, r.lines), (0, 1 + 3 * N as u64), "{}", r.stderr);
        assert!(
            r.tail
                .ends_with(&format!("{}    against: Actor 1\n", point(N, "Actor 0")))
        );

        // Inherited from the top, every point but the foot is unopposed.
        let args = ["query", "points.jsonl", "unopposed", "p000000", "--inherit"];
        let r = run(d, &args, QUERY_BOUND);
        assert_eq!(
            (r.code, r.lines),
            (0, 1 + 3 * (N as u64 - 1)),
            "{}",
            r.stderr
        );
        assert!(
            r.tail
                .ends_with(&format!("{}    against: (none)\n", point(N - 1, "Actor 2")))
        );

        let args = ["query", "points.jsonl", "positions", "p000000", "--points"];
        let r = run(d, &args, QUERY_BOUND);
        assert_eq!((r.code, r.lines), (0, 10), "{}", r.stderr);
        let held: Vec<&str> = r.head.lines().filter(|l| !l.starts_with("    ")).collect();
        assert_eq!(
            held,
            [
                "Positions on Point 0 (p000000):",
                "  Actor 0  supports",
                "  Actor 1  opposes",
                "  Actor 2  supports"
            ]
        );
    }

    /// A chain of 10^5 ties that carry a position, Actor i to Actor i + 1
    /// by role, spokesperson and part in turn, and Actor 0 supporting the
    /// plan: every actor holds its position, through up to 10^5 ties.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn a_deep_chain_of_ties() {
        const KINDS: [&str; 3] = ["role", "spokesperson", "part"];
        let dir = temp();
        corpus(dir.path(), "ties.jsonl", |w| {
            (0..=N).try_for_each(|i| actor(w, i, (i < N).then_some(KINDS[i % 3])))?;
            proposal(w, "p", "The plan")?;
            stance(w, 0, 0, "p", "supports", false)
        });
        let d = dir.path();
        let tie = |i: usize| {
            format!(
                "      through the tie a{i:06} ({}) -> a{:06}\n",
                KINDS[i % 3],
                i + 1
            )
        };

        let r = run(
            d,
            &["query", "ties.jsonl", "coalitions", "--members"],
            QUERY_BOUND,
        );
        assert_eq!((r.code, r.lines), (0, 3), "{}", r.stderr);
        assert!(
            r.head
                .starts_with("Coalitions:\n  1. Actor 0, Actor 1, Actor 2,")
        );
        assert!(r.tail.ends_with(", Actor 99999, Actor 100000\n"));

        // Each holding shows its path whole up to five ties, else by its
        // ends: 8 lines an actor, not 10^5 — some 40 MB where printing
        // every path whole was 5·10^9 lines.
        let r = run(
            d,
            &["query", "ties.jsonl", "positions", "p", "--members"],
            QUERY_BOUND,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.lines, 8 * N as u64 - 6);
        assert!(r.bytes < 500 * N as u64, "{} bytes", r.bytes);
        let top = format!(
            "  Actor 100000  supports\n    stance s0000000: supports The plan [2025-11-20] (via Actor 0)\n{}{}      … 99996 more ties (`query why` lists every one) …\n{}{}      reported in [An article, 2025-11-20]\n",
            tie(0),
            tie(1),
            tie(N - 2),
            tie(N - 1)
        );
        assert!(r.tail.ends_with(&top), "{}", r.tail);

        let r = run(
            d,
            &[
                "query",
                "ties.jsonl",
                "positions",
                "p",
                "--members",
                "--json",
            ],
            QUERY_BOUND,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.bytes < 1500 * N as u64, "{} bytes", r.bytes);
        assert!(r.tail.contains("\"via_omitted\": 99996"), "{}", r.tail);

        // `why` gives the top's whole path, one line a tie.
        let r = run(
            d,
            &["query", "ties.jsonl", "why", "a100000", "p", "--members"],
            QUERY_BOUND,
        );
        assert_eq!((r.code, r.lines), (0, N as u64 + 3), "{}", r.stderr);
        assert!(r.head.starts_with(&format!(
            "Actor 100000 supports The plan (p)\n  stance s0000000 (via Actor 0): supports The plan [2025-11-20]\n{}{}",
            tie(0),
            tie(1)
        )));
        assert!(r.tail.ends_with(&format!(
            "{}{}      reported in [An article, 2025-11-20]\n",
            tie(N - 2),
            tie(N - 1)
        )));
    }

    /// 10^5 actors each supporting ten plans, all 10^6 stances citing the
    /// one quote, by Actor 0: hearsay for every other actor.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn one_quote_cited_by_a_million_stances() {
        let dir = temp();
        corpus(dir.path(), "quote.jsonl", |w| {
            (0..N).try_for_each(|i| actor(w, i, None))?;
            (0..10).try_for_each(|t| proposal(w, &format!("p{t}"), &format!("Plan {t}")))?;
            writeln!(
                w,
                r#"{{"type":"quote","id":"q","speaker":"a000000","source":"src","mode":"direct","text":"We all agree."}}"#
            )?;
            (0..10 * N)
                .try_for_each(|k| stance(w, k, k / 10, &format!("p{}", k % 10), "supports", true))
        });
        let d = dir.path();

        let r = run(d, &["validate", "quote.jsonl"], QUERY_BOUND);
        assert_eq!(r.code, 0, "{}", r.head);
        assert_eq!(r.head, "valid: 1100012 records, 0 warnings\n");

        let r = run(d, &["show", "quote.jsonl"], QUERY_BOUND);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.head.starts_with("quote.jsonl: 1100012 records\n"));
        assert!(r.head.contains("\n  stances      1000000\n"), "{}", r.head);

        let r = run(
            d,
            &["query", "quote.jsonl", "why", "a000007", "p3"],
            QUERY_BOUND,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.head,
            "Actor 7 supports Plan 3 (p3)\n  stance s0000073: supports Plan 3 [2025-11-20]\n      “We all agree.” — Actor 0 said [An article, 2025-11-20] — hearsay\n"
        );
    }

    /// `/dev/zero` and a 2 GiB sparse file, as canonical JSON and as JSON
    /// Lines: refused at the first line, in moments and little memory.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "needs a release build")]
    fn validate_stops_at_the_reading_limits() {
        let r = run(Path::new("/"), &["validate", "/dev/zero"], READING_BOUND);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.head.starts_with("/dev/zero:1:1: error: "), "{}", r.head);

        // The words are `limits.rs`'s to check; here, that the first line
        // stops the read, within the bound.
        let dir = temp();
        for (name, option) in [
            ("big.json", "--max-file-bytes"),
            ("big.jsonl", "--max-line-bytes"),
        ] {
            let file = File::create(dir.path().join(name)).expect("create");
            file.set_len(2 << 30).expect("a sparse file");
            drop(file);
            let r = run(dir.path(), &["validate", name], READING_BOUND);
            assert_eq!(r.code, 1, "{name}: {r:?}");
            let first = r.head.lines().next().unwrap_or_default();
            assert!(first.starts_with(&format!("{name}:1: error: ")), "{first}");
            assert!(
                first.ends_with(&format!("raise the limit with {option}")),
                "{first}"
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
#[test]
fn the_scale_suite_needs_linux() {
    assert!(
        std::env::var_os("CI").is_none_or(|v| v != "true"),
        "the scale suite reads peak memory from Linux's /proc and wait4, and CI=true"
    );
    eprintln!("skipped: the scale suite reads peak memory from Linux's /proc and wait4");
}
