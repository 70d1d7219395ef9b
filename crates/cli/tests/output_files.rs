//! What `-o FILE` does to the files already there: it never replaces an
//! input, writes through a symbolic link, keeps an existing file's
//! permissions, and leaves no temporary file behind on an interrupt.

use std::fs;
use std::path::Path;

use tempfile::TempDir;

mod support;
use support::{claimgraph, generated, listing, run_in};

/// A directory holding `in.jsonl`, a small generated corpus.
fn corpus() -> TempDir {
    generated(&[
        "--statements",
        "40",
        "--actors",
        "6",
        "--targets",
        "3",
        "--intensities",
        "-o",
        "in.jsonl",
    ])
}

/// A minimal AIF map that `import --from aif` reads.
const AIF: &str = r#"{"nodes":[
  {"nodeID":"1","text":"Taxes should fall","type":"I"},
  {"nodeID":"2","text":"Ann : Taxes should fall","type":"L"},
  {"nodeID":"3","text":"Asserting","type":"YA"}],
 "edges":[{"edgeID":"1","fromID":"2","toID":"3"},{"edgeID":"2","fromID":"3","toID":"1"}],
 "locutions":[{"nodeID":"2","personID":"1"}],
 "participants":[{"participantID":"1","firstname":"Ann","surname":"Lee"}]}"#;

/// Every command that reads inputs and takes `-o`, with `IN` where the input
/// goes and `OUT` where the output goes; the input file each one reads.
fn commands() -> Vec<(Vec<&'static str>, &'static str)> {
    vec![
        (vec!["merge", "IN", "-o", "OUT"], "in.jsonl"),
        (
            vec!["merge", "in.jsonl", "--choices", "IN", "-o", "OUT"],
            "choices.json",
        ),
        (
            vec!["export", "IN", "--format", "jsonl", "-o", "OUT"],
            "in.jsonl",
        ),
        (vec!["render", "IN", "-o", "OUT"], "in.svg"),
        (
            vec!["import", "--from", "aif", "IN", "-o", "OUT"],
            "map.json",
        ),
        (vec!["network", "IN", "-o", "OUT"], "in.jsonl"),
        (
            vec!["network", "IN", "--window", "5", "--step", "5", "-o", "OUT"],
            "in.jsonl",
        ),
    ]
}

/// Every subcommand whose help offers `-o`: each is in [`commands`], or
/// reads no input (`generate`), so that a new one is checked here too.
#[test]
fn every_command_with_an_output_file_is_checked_here() {
    let dir = tempfile::tempdir().expect("temp dir");
    let help = String::from_utf8(run_in(dir.path(), &["--help"]).stdout).expect("UTF-8");
    let names: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .collect();
    assert!(names.len() >= 10, "{help}");
    let checked: Vec<&str> = commands().iter().map(|(args, _)| args[0]).collect();
    for name in names {
        let r = run_in(dir.path(), &[name, "--help"]);
        let help = String::from_utf8(r.stdout).expect("UTF-8");
        if help.contains("-o, --output") {
            assert!(
                checked.contains(&name) || name == "generate",
                "`{name}` writes -o: check it against its inputs and add it to commands()"
            );
        }
    }
}

fn substitute(args: &[&'static str], input: &str, output: &str) -> Vec<String> {
    args.iter()
        .map(|a| match *a {
            "IN" => input.to_owned(),
            "OUT" => output.to_owned(),
            a => a.to_owned(),
        })
        .collect()
}

/// The inputs every command in [`commands`] reads, in `dir`.
fn inputs(dir: &Path) {
    let corpus = fs::read(dir.join("in.jsonl")).expect("corpus");
    // Named as a picture, so that `render -o` can name it; read as JSON Lines.
    fs::write(dir.join("in.svg"), &corpus).expect("write");
    fs::write(dir.join("choices.json"), "[]").expect("write");
    fs::write(dir.join("map.json"), AIF).expect("write");
}

#[test]
fn each_command_runs_with_these_inputs() {
    // Without this, a refusal below could be some other failure.
    let dir = corpus();
    inputs(dir.path());
    for (args, input) in commands() {
        let out = if args[0] == "render" {
            "out.svg"
        } else {
            "out.jsonl"
        };
        let argv = substitute(&args, input, out);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let r = run_in(dir.path(), &argv);
        assert_eq!(r.code(), 0, "{argv:?}: {}", r.stderr);
        assert!(dir.path().join(out).exists(), "{argv:?}");
        fs::remove_file(dir.path().join(out)).expect("removed");
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = corpus();
    let d = dir.path();
    inputs(d);
    fs::create_dir(d.join("sub")).expect("dir");
    for (args, input) in commands() {
        let before = fs::read(d.join(input)).expect("input");
        let hard = format!("hard-{input}");
        let soft = format!("soft-{input}");
        fs::hard_link(d.join(input), d.join(&hard)).expect("hard link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(input, d.join(&soft)).expect("symlink");
        let mut outputs = vec![
            input.to_owned(),
            format!("./{input}"),
            format!("sub/../{input}"),
            d.join(input).display().to_string(),
            hard.clone(),
        ];
        if cfg!(unix) {
            outputs.push(soft.clone());
        }
        for out in &outputs {
            let argv = substitute(&args, input, out);
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let r = run_in(d, &argv);
            assert_eq!(r.code(), 2, "{argv:?}: {}", r.stderr);
            assert!(
                r.stderr.contains(&format!("cannot write {out}"))
                    && r.stderr.contains(&format!("it is the input {input}")),
                "{argv:?}: the message names both files: {}",
                r.stderr
            );
            assert_eq!(fs::read(d.join(input)).expect("input"), before, "{argv:?}");
        }
        // The hard link is still one file with the input.
        assert_eq!(fs::read(d.join(&hard)).expect("hard"), before);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let (a, b) = (
                fs::metadata(d.join(input)).expect("meta"),
                fs::metadata(d.join(&hard)).expect("meta"),
            );
            assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()), "{args:?}");
            assert!(
                fs::symlink_metadata(d.join(&soft))
                    .expect("meta")
                    .file_type()
                    .is_symlink()
            );
        }
        fs::remove_file(d.join(&hard)).expect("removed");
        let _ = fs::remove_file(d.join(&soft));
    }
    let mut left = listing(d);
    left.retain(|n| n.starts_with('.'));
    assert!(left.is_empty(), "no temporary file: {left:?}");
}

#[test]
fn standard_input_read_from_the_output_file_is_refused() {
    let dir = corpus();
    let d = dir.path();
    let before = fs::read(d.join("in.jsonl")).expect("input");
    for args in [
        &["merge", "-", "-o", "in.jsonl"][..],
        &["export", "-", "--format", "jsonl", "-o", "in.jsonl"],
        &["network", "-", "-o", "in.jsonl"],
    ] {
        let r = claimgraph(args)
            .dir(d)
            .stdin_file(&d.join("in.jsonl"))
            .run();
        assert_eq!(r.code(), 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("cannot write in.jsonl: it is the input <stdin>"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(fs::read(d.join("in.jsonl")).expect("input"), before);
    }
}

#[test]
fn another_file_of_the_same_content_is_not_an_input() {
    let dir = corpus();
    let d = dir.path();
    fs::copy(d.join("in.jsonl"), d.join("copy.jsonl")).expect("copy");
    let r = run_in(d, &["merge", "in.jsonl", "-o", "copy.jsonl"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn output_is_written_through_a_symbolic_link() {
    use std::os::unix::fs::symlink;
    let dir = corpus();
    let d = dir.path();
    fs::create_dir(d.join("real")).expect("dir");
    fs::write(d.join("real/net.csv"), "old\n").expect("write");
    // A relative link into another directory, a chain of two links, and a
    // link whose target does not exist yet.
    symlink("real/net.csv", d.join("link.csv")).expect("symlink");
    symlink("link.csv", d.join("chain.csv")).expect("symlink");
    symlink("real/new.csv", d.join("dangling.csv")).expect("symlink");
    let expected = run_in(d, &["network", "in.jsonl"]).stdout;
    assert!(expected.starts_with(b"source,target,weight\n"));
    for (link, target) in [
        ("link.csv", "real/net.csv"),
        ("chain.csv", "real/net.csv"),
        ("dangling.csv", "real/new.csv"),
    ] {
        fs::write(d.join("real/net.csv"), "old\n").expect("write");
        let r = run_in(d, &["network", "in.jsonl", "-o", link]);
        assert_eq!(r.code(), 0, "{link}: {}", r.stderr);
        assert!(
            fs::symlink_metadata(d.join(link))
                .expect("meta")
                .file_type()
                .is_symlink(),
            "{link} is still a link"
        );
        assert_eq!(
            fs::read(d.join(target)).expect("target"),
            expected,
            "{link}"
        );
        assert_eq!(fs::read(d.join(link)).expect("through"), expected, "{link}");
    }
    assert_eq!(
        listing(d),
        ["chain.csv", "dangling.csv", "in.jsonl", "link.csv", "real"]
    );
    assert_eq!(listing(&d.join("real")), ["net.csv", "new.csv"]);
}

#[cfg(unix)]
#[test]
fn a_link_loop_is_refused_and_left_alone() {
    use std::os::unix::fs::symlink;
    let dir = corpus();
    let d = dir.path();
    symlink("b.csv", d.join("a.csv")).expect("symlink");
    symlink("a.csv", d.join("b.csv")).expect("symlink");
    let r = run_in(d, &["network", "in.jsonl", "-o", "a.csv"]);
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot write a.csv"), "{}", r.stderr);
    assert!(
        fs::symlink_metadata(d.join("a.csv"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(listing(d), ["a.csv", "b.csv", "in.jsonl"]);
}

#[cfg(unix)]
#[test]
fn overwriting_a_file_keeps_its_permissions() {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let dir = corpus();
    let d = dir.path();
    let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o7777;
    for (name, start) in [
        ("secret.jsonl", 0o600),
        ("group.jsonl", 0o640),
        ("open.jsonl", 0o664),
        ("readonly.jsonl", 0o400),
    ] {
        fs::write(d.join(name), "old\n").expect("write");
        fs::set_permissions(d.join(name), fs::Permissions::from_mode(start)).expect("chmod");
        let r = run_in(d, &["merge", "in.jsonl", "-o", name]);
        assert_eq!(r.code(), 0, "{name}: {}", r.stderr);
        assert_ne!(fs::read(d.join(name)).expect("read"), b"old\n", "{name}");
        assert_eq!(mode(&d.join(name)), start, "{name}");
    }
    // Through a link, the target's permissions are kept.
    fs::write(d.join("target.csv"), "old\n").expect("write");
    fs::set_permissions(d.join("target.csv"), fs::Permissions::from_mode(0o600)).expect("chmod");
    symlink("target.csv", d.join("link.csv")).expect("symlink");
    let r = run_in(d, &["network", "in.jsonl", "-o", "link.csv"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(mode(&d.join("target.csv")), 0o600);
    // A new file gets the mode any new file gets here.
    fs::write(d.join("plain"), "").expect("write");
    let r = run_in(d, &["merge", "in.jsonl", "-o", "new.jsonl"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert_eq!(mode(&d.join("new.jsonl")), mode(&d.join("plain")));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_to_and_not_replaced() {
    use std::os::unix::fs::FileTypeExt as _;
    let dir = corpus();
    let d = dir.path();
    let fifo = d.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).expect("read the fifo"))
    };
    let r = run_in(d, &["network", "in.jsonl", "-o", "pipe"]);
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("meta")
            .file_type()
            .is_fifo(),
        "the fifo is still a fifo"
    );
    let read = reader.join().expect("reader");
    assert!(read.starts_with(b"source,target,weight\n"), "{read:?}");
    assert_eq!(listing(d), ["in.jsonl", "pipe"]);
}

/// Starts `generate -o out.jsonl` on a corpus too big to finish soon, waits
/// for its temporary file, sends `signal`, and returns the exit status and
/// what is left in the directory.
#[cfg(unix)]
fn interrupt_generate(signal: &str) -> (std::process::ExitStatus, Vec<String>) {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("claimgraph"))
        .current_dir(d)
        .args([
            "generate",
            "--statements",
            "5000000",
            "--actors",
            "2000",
            "--targets",
            "1000",
            "-o",
            "out.jsonl",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawned");
    let deadline = Instant::now() + Duration::from_secs(60);
    let started = loop {
        let temporary = listing(d)
            .into_iter()
            .find(|n| n.starts_with(".out.jsonl."));
        if let Some(name) = temporary
            && fs::metadata(d.join(&name)).is_ok_and(|m| m.len() > 0)
        {
            break true;
        }
        if Instant::now() > deadline || child.try_wait().expect("polled").is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if !started {
        let _ = child.kill();
        let _ = child.wait();
        panic!("no temporary file appeared: {:?}", listing(d));
    }
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = child.wait().expect("waited");
    (status, listing(d))
}

#[cfg(unix)]
#[test]
fn an_interrupt_removes_the_temporary_file() {
    let (status, left) = interrupt_generate("-INT");
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert!(left.is_empty(), "nothing is left: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_termination_removes_the_temporary_file() {
    let (status, left) = interrupt_generate("-TERM");
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert!(left.is_empty(), "nothing is left: {left:?}");
}
