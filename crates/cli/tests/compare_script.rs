//! `benches/compare/compare.py --quick`: claimgraph and the pandas + scipy.sparse
//! implementation of the congruence network agree on every edge weight.
//!
//! Needs python3 with pandas and scipy; without them the test says so and
//! passes, except under CI (CI=true), where it fails.

use std::path::Path;
use std::process::Command;

mod support;

fn python_with_pandas() -> Result<(), String> {
    match Command::new("python3")
        .args(["-c", "import numpy, pandas, scipy.sparse"])
        .output()
    {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "python3 cannot import numpy, pandas and scipy: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("python3 cannot be run: {e}")),
    }
}

#[test]
fn the_python_implementation_finds_the_same_weights() {
    if let Err(why) = python_with_pandas() {
        if support::in_ci() {
            panic!("{why}; install them with `python3 -m pip install pandas scipy`");
        }
        eprintln!("skipped: {why} (pip install pandas scipy)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cache = tempfile::tempdir().expect("temp dir");
    let out = Command::new("python3")
        .arg(root.join("benches/compare/compare.py"))
        .arg("--quick")
        .arg("--claimgraph")
        .arg(env!("CARGO_BIN_EXE_claimgraph"))
        .arg("--cache")
        .arg(cache.path())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "compare.py failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let verdict = stdout
        .lines()
        .find(|l| l.starts_with("weights: "))
        .unwrap_or_else(|| panic!("no verdict in:\n{stdout}"));
    let edges: usize = verdict
        .strip_prefix("weights: equal (")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not equal: {verdict}\n{stdout}"));
    assert!(edges > 100, "a network worth comparing: {verdict}");
    for tool in [
        "claimgraph network",
        "pandas.read_json + scipy.sparse",
        "json.loads + pandas + scipy.sparse",
    ] {
        let row = stdout
            .lines()
            .find(|l| l.contains(tool) && l.trim_start().starts_with("2000 "))
            .unwrap_or_else(|| panic!("no row for {tool} in:\n{stdout}"));
        assert!(
            row.contains(&format!(" {edges} ")),
            "{tool} found another number of edges: {row}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(cache.path())
        .expect("listed")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "nothing left without --keep: {left:?}");
}
