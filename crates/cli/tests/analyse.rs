//! `claimgraph analyse` and `claimgraph plot`: each analysis on the Ukraine
//! example and on the Discourse Network Analyzer's sample, its JSON read
//! back and checked, its CSV headers, the same seed giving the same bytes,
//! bad options named, and every chart a well-formed SVG with one mark per
//! window or node.

use std::collections::BTreeSet;
use std::path::Path;

use quick_xml::events::Event;
use serde_json::Value;

mod support;
use support::{claimgraph, data, example, shared};

/// Runs and expects success.
fn ok(args: &[&str]) -> String {
    let r = claimgraph(args).run();
    assert_eq!(r.code(), 0, "{args:?}: {}", r.stderr);
    r.out().to_owned()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("JSON")
}

/// The three reports with dates, for windows over time.
fn reports() -> Vec<String> {
    vec![
        example(),
        data("report-2025-11-24.jsonl"),
        data("report-2025-11-30.json"),
    ]
}

/// DNA's sample database imported into claimgraph in `dir`, or `None` (with a
/// notice) where `../shared` is absent; under CI that fails.
fn dna_sample(dir: &Path) -> Option<String> {
    let p = shared("dna/sample.dna")?;
    let out = dir.join("sample.json");
    let (sample, out_s) = (p.display().to_string(), out.display().to_string());
    ok(&["import", "--from", "dna", &sample, "-o", &out_s]);
    Some(out_s)
}

fn with<'a>(files: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let mut v: Vec<&str> = files.iter().map(String::as_str).collect();
    v.extend_from_slice(rest);
    v
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn ids(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|n| n["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The targets with a stance in a dataset file, by `network --kind
/// affiliation --json`.
fn targets(file: &str) -> BTreeSet<String> {
    let net = json(&["network", file, "--kind", "affiliation", "--json"]);
    net["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["mode"] == "target")
        .map(|n| n["id"].as_str().expect("id").to_owned())
        .collect()
}

fn check_polarisation(p: &Value, normalised: bool) {
    let score = p["score"].as_f64().expect("a score");
    if normalised {
        assert!((0.0..=1.0).contains(&score), "score {score}");
    }
    let groups = p["groups"].as_u64().expect("groups") as usize;
    let actors = p["actors"].as_array().expect("actors");
    assert!(
        actors
            .iter()
            .all(|m| (m["group"].as_u64().unwrap() as usize) < groups)
    );
    let unique: BTreeSet<&str> = actors.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(unique.len(), actors.len());
}

#[test]
fn polarisation_of_the_example_is_normalised_and_seeded() {
    let f = example();
    let p = json(&["analyse", "polarisation", &f, "--normalise", "--json"]);
    check_polarisation(&p, true);
    assert_eq!(p["groups"], 2);
    assert_eq!(p["normalised"], true);
    let a = ok(&[
        "analyse",
        "polarisation",
        &f,
        "--search",
        "genetic",
        "--generations",
        "30",
        "--seed",
        "5",
        "--json",
    ]);
    let b = ok(&[
        "analyse",
        "polarisation",
        &f,
        "--search",
        "genetic",
        "--generations",
        "30",
        "--seed",
        "5",
        "--json",
    ]);
    assert_eq!(a, b);
    let text = ok(&["analyse", "polarisation", &f, "--groups", "3"]);
    assert!(text.starts_with("polarisation "), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  group ")).count(),
        3
    );
    assert!(text.contains("Ukraine (ukraine)"), "{text}");
}

#[test]
fn polarisation_over_windows_is_a_time_series() {
    let files = reports();
    let mut args = vec!["analyse", "polarisation"];
    args.extend(with(
        &files,
        &["--window", "3d", "--step", "1d", "--normalise", "--csv"],
    ));
    let rows = ok(&args);
    assert_eq!(
        first_line(&rows),
        "first_day,last_day,statements,actors,groups,score,normalised,mass,deviation,converged,note"
    );
    let windows = rows.lines().count() - 1;
    assert!(windows >= 2, "{rows}");
    args.pop();
    args.push("--json");
    let series: Value = serde_json::from_str(&ok(&args)).expect("JSON");
    let series = series.as_array().expect("an array of windows");
    assert_eq!(series.len(), windows);
    for w in series {
        check_polarisation(w, true);
    }
    args.pop();
    args.extend(["--csv", "--memberships"]);
    assert_eq!(
        first_line(&ok(&args)),
        "first_day,last_day,actor,label,group"
    );
}

#[test]
fn polarisation_over_kernel_slices_is_a_time_series() {
    let files = reports();
    let mut args = vec!["analyse", "polarisation"];
    args.extend(with(
        &files,
        &[
            "--kernel",
            "epanechnikov",
            "--bandwidth",
            "4d",
            "--step",
            "2d",
            "--normalise",
            "--csv",
        ],
    ));
    let rows = ok(&args);
    assert_eq!(
        first_line(&rows),
        "first_day,last_day,statements,actors,groups,score,normalised,mass,deviation,converged,note,weight"
    );
    let slices = rows.lines().count() - 1;
    assert!(slices >= 2, "{rows}");
    // A slice's first and last day are its time point, two days apart.
    let points: Vec<&str> = rows.lines().skip(1).map(|l| &l[..10]).collect();
    for l in rows.lines().skip(1) {
        assert_eq!(&l[..10], &l[11..21], "{l}");
    }
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
    assert!(
        points
            .windows(2)
            .all(|w| (day(w[1]) - day(w[0])).num_days() == 2),
        "{points:?}"
    );
    args.pop();
    args.push("--json");
    let series: Value = serde_json::from_str(&ok(&args)).expect("JSON");
    let series = series.as_array().expect("an array of slices");
    assert_eq!(series.len(), slices);
    for s in series {
        check_polarisation(s, true);
        let weight = s["weight"].as_f64().expect("a weight");
        assert!(weight >= 0.0 && weight <= s["statements"].as_f64().unwrap_or(0.0));
    }
    // Text names each slice by its point; the same seed gives the same bytes.
    args.pop();
    let text = ok(&args);
    assert!(text.contains(" statements, weight "), "{text}");
    assert_eq!(text, ok(&args));
    // More slices than allowed are refused before any is built, with the count.
    let mut few = vec!["analyse", "polarisation"];
    few.extend(with(
        &files,
        &[
            "--kernel",
            "uniform",
            "--bandwidth",
            "2d",
            "--step",
            "1d",
            "--max-windows",
            "2",
        ],
    ));
    let r = claimgraph(&few).run();
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("time slices over the statements' range, more than the limit of 2"),
        "{}",
        r.stderr
    );
    // The chart draws a point per slice.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("slices.svg").display().to_string();
    let mut plot = vec!["plot", "polarisation"];
    plot.extend(with(
        &files,
        &[
            "--kernel",
            "gaussian",
            "--bandwidth",
            "3d",
            "--step",
            "2d",
            "-o",
            &p,
        ],
    ));
    ok(&plot);
    let chart = svg(Path::new(&p));
    assert!(chart.text.contains("slices"), "{}", chart.text);
    assert!(count(&chart, "circle") >= 2);
}

/// A series is written as its results come; a run refused before the first
/// leaves no file, and an output that fails is reported with exit 2.
#[test]
fn a_polarisation_series_streams_and_a_refused_one_leaves_no_file() {
    let files = reports();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("series.csv").display().to_string();
    let mut args = vec!["analyse", "polarisation"];
    args.extend(with(
        &files,
        &["--window", "999d", "--step", "1d", "--csv", "-o", &out],
    ));
    let r = claimgraph(&args).run();
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("--window"), "{}", r.stderr);
    assert!(!Path::new(&out).exists(), "a refused run wrote {out}");
    // The same series in each form, one result per window.
    let mut args = vec!["analyse", "polarisation"];
    args.extend(with(&files, &["--window", "2d", "--step", "1d"]));
    let text = ok(&args);
    args.push("--json");
    let json: Value = serde_json::from_str(&ok(&args)).expect("JSON");
    let windows = json.as_array().expect("an array").len();
    assert_eq!(
        text.lines().filter(|l| l.contains(" statements):")).count(),
        windows
    );
    args.pop();
    args.extend(["--csv", "-o", &out]);
    ok(&args);
    let csv = std::fs::read_to_string(&out).expect("written");
    assert_eq!(csv.lines().count(), windows + 1);
    if Path::new("/dev/full").exists() {
        let mut args = vec!["analyse", "polarisation"];
        args.extend(with(
            &files,
            &["--window", "2d", "--step", "1d", "--csv", "-o", "/dev/full"],
        ));
        let r = claimgraph(&args).run();
        assert_eq!(r.code(), 2, "{}", r.stderr);
        assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    }
}

#[test]
fn backbone_splits_every_target() {
    let f = example();
    let all = targets(&f);
    let b = json(&[
        "analyse",
        "backbone",
        &f,
        "--iterations",
        "300",
        "--seed",
        "2",
        "--json",
    ]);
    let (backbone, redundant) = (ids(&b["backbone"]), ids(&b["redundant"]));
    assert!(backbone.is_disjoint(&redundant));
    assert_eq!(&backbone | &redundant, all);
    assert!(!backbone.is_empty() && !redundant.is_empty());
    for loss in ["backbone_loss", "redundant_loss"] {
        let x = b[loss].as_f64().expect("a loss");
        assert!((0.0..=2.0).contains(&x), "{loss} {x}");
    }
    assert_eq!(b["diagnostics"].as_array().expect("iterations").len(), 300);
    let same = ok(&[
        "analyse",
        "backbone",
        &f,
        "--iterations",
        "300",
        "--seed",
        "2",
        "--json",
    ]);
    assert_eq!(serde_json::from_str::<Value>(&same).unwrap(), b);

    let fixed = json(&[
        "analyse",
        "backbone",
        &f,
        "--size",
        "2",
        "--iterations",
        "200",
        "--json",
    ]);
    assert_eq!(ids(&fixed["backbone"]).len(), 2);
    assert!(fixed["penalized_loss"].is_null());

    let csv = ok(&["analyse", "backbone", &f, "--iterations", "50", "--csv"]);
    assert_eq!(first_line(&csv), "id,label,set");
    assert_eq!(csv.lines().count() - 1, all.len());
    let diag = ok(&[
        "analyse",
        "backbone",
        &f,
        "--iterations",
        "50",
        "--csv",
        "--diagnostics",
    ]);
    assert!(first_line(&diag).starts_with("iteration,temperature,step,"));
    assert_eq!(diag.lines().count(), 51);
}

#[test]
fn backbone_evaluates_a_given_split() {
    let f = example();
    let all: Vec<String> = targets(&f).into_iter().collect();
    let given = all[..1].join(",");
    let split = json(&["analyse", "backbone", &f, "--evaluate", &given, "--json"]);
    assert_eq!(ids(&split["backbone"]), all[..1].iter().cloned().collect());
    assert_eq!(ids(&split["redundant"]).len(), all.len() - 1);
    let text = ok(&["analyse", "backbone", &f, "--evaluate", &given]);
    assert!(text.contains("backbone (1): "), "{text}");
    let r = claimgraph(&["analyse", "backbone", &f, "--evaluate", "no-such-target"]).run();
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("--evaluate"), "{}", r.stderr);
}

#[test]
fn the_nested_backbone_removes_every_target_once() {
    let f = example();
    let all = targets(&f);
    let v = json(&["analyse", "backbone", &f, "--nested", "--json"]);
    let steps = v["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), all.len());
    let removed: BTreeSet<String> = steps
        .iter()
        .filter_map(|s| s["removed"]["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(removed, all);
    for (n, s) in steps.iter().enumerate() {
        assert_eq!(s["iteration"].as_u64(), Some(n as u64 + 1));
        assert_eq!(
            s["backbone_size"].as_u64(),
            Some((all.len() - n - 1) as u64)
        );
        let (b, r) = (s["backbone_loss"].as_f64(), s["redundant_loss"].as_f64());
        assert!(b.is_some_and(|x| (0.0..=2.0 + 1e-9).contains(&x)), "{s}");
        assert!(r.is_some_and(|x| (0.0..=2.0 + 1e-9).contains(&x)), "{s}");
    }
    // The backbone of size k that --evaluate scores has the loss the step gave.
    let k = all.len() / 2;
    let kept: Vec<&str> = steps[all.len() - k..]
        .iter()
        .filter_map(|s| s["removed"]["id"].as_str())
        .collect();
    let given = kept.join(",");
    let split = json(&["analyse", "backbone", &f, "--evaluate", &given, "--json"]);
    let at = steps[all.len() - k - 1]["backbone_loss"]
        .as_f64()
        .unwrap_or(f64::NAN);
    assert!((split["backbone_loss"].as_f64().unwrap_or(f64::NAN) - at).abs() < 1e-9);
    let csv = ok(&["analyse", "backbone", &f, "--nested", "--csv"]);
    assert_eq!(
        first_line(&csv),
        "iteration,id,label,backbone_size,backbone_loss,redundant_loss,statements"
    );
    assert_eq!(csv.lines().count(), all.len() + 1);
    let text = ok(&["analyse", "backbone", &f, "--nested"]);
    assert!(text.starts_with("nested backbone: "), "{text}");
    assert!(text.contains(" targets removed "), "{text}");
    assert_eq!(text.lines().count(), all.len() + 2);
    // With the targets as nodes, actors are removed, and said to be.
    let text = ok(&["analyse", "backbone", &f, "--nested", "--over", "targets"]);
    assert!(text.contains(" actors removed "), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nested.svg").display().to_string();
    ok(&["plot", "backbone", &f, "--nested", "-o", &p]);
    let chart = svg(Path::new(&p));
    assert!(chart.text.contains("Nested backbone"), "{}", chart.text);
    assert_eq!(count(&chart, "circle"), all.len());
}

#[test]
fn clusters_partition_the_nodes() {
    let f = example();
    let c = json(&["analyse", "clusters", &f, "--seed", "1", "--json"]);
    let members = c["members"].as_array().expect("members");
    let communities = c["communities"].as_array().expect("communities");
    let sizes: u64 = communities
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(sizes as usize, members.len());
    let q = c["modularity"].as_f64().expect("modularity");
    assert!((-1.0..=1.0).contains(&q));
    let parts: f64 = communities
        .iter()
        .map(|c| c["modularity"].as_f64().unwrap())
        .sum();
    assert!((parts - q).abs() < 1e-9);
    for m in members {
        assert!((m["community"].as_u64().unwrap() as usize) < communities.len());
    }
    for method in ["leiden", "louvain"] {
        let a = ok(&[
            "analyse", "clusters", &f, "--method", method, "--seed", "9", "--json",
        ]);
        let b = ok(&[
            "analyse", "clusters", &f, "--method", method, "--seed", "9", "--json",
        ]);
        assert_eq!(a, b);
    }
    let csv = ok(&["analyse", "clusters", &f, "--csv"]);
    assert_eq!(
        first_line(&csv),
        "community,size,internal_weight,strength,modularity,members"
    );
    let csv = ok(&["analyse", "clusters", &f, "--csv", "--memberships"]);
    assert_eq!(first_line(&csv), "id,label,community,size");
    assert_eq!(csv.lines().count() - 1, members.len());
    let csv = ok(&["analyse", "clusters", &f, "--csv", "--diagnostics"]);
    assert_eq!(
        first_line(&csv),
        "iteration,levels,moves,communities,modularity,changed"
    );
    let text = ok(&[
        "analyse",
        "clusters",
        &f,
        "--kind",
        "subtract",
        "--normalize",
        "average",
    ]);
    assert!(text.starts_with("modularity "), "{text}");
}

#[test]
fn bad_options_are_named() {
    let f = example();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["analyse", "polarisation", &f, "--groups", "1"],
            1,
            "--groups",
        ),
        (
            &[
                "analyse",
                "polarisation",
                &f,
                "--starts",
                "3",
                "--search",
                "genetic",
            ],
            1,
            "--starts",
        ),
        (
            &["analyse", "polarisation", &f, "--generations", "3"],
            1,
            "--generations",
        ),
        (
            &["analyse", "polarisation", &f, "--window", "3d"],
            1,
            "--step",
        ),
        (
            &["analyse", "polarisation", &f, "--search", "annealing"],
            1,
            "--search",
        ),
        (
            &["analyse", "polarisation", &f, "--memberships"],
            2,
            "--csv",
        ),
        (
            &["analyse", "backbone", &f, "--penalty", "-1"],
            1,
            "--penalty",
        ),
        (&["analyse", "backbone", &f, "--size", "0"], 1, "--size"),
        (
            &["analyse", "backbone", &f, "--iterations", "0"],
            1,
            "--iterations",
        ),
        (
            &["analyse", "backbone", &f, "--kind", "affiliation"],
            1,
            "--kind",
        ),
        (
            &["analyse", "backbone", &f, "--max-nodes", "2"],
            1,
            "max-nodes",
        ),
        (
            &["analyse", "backbone", &f, "--size", "2", "--penalty", "1"],
            2,
            "--penalty",
        ),
        (
            &["analyse", "clusters", &f, "--resolution", "-1"],
            1,
            "--resolution",
        ),
        (
            &["analyse", "clusters", &f, "--kind", "affiliation"],
            1,
            "--kind",
        ),
        (
            &["analyse", "clusters", &f, "--method", "walktrap"],
            1,
            "--method",
        ),
        (&["plot", "polarisation", &f, "-o", "-"], 1, "--window"),
        (
            &["analyse", "backbone", &f, "--nested", "--size", "2"],
            2,
            "--nested",
        ),
        (
            &["analyse", "backbone", &f, "--nested", "--evaluate", "x"],
            2,
            "--nested",
        ),
        (
            &[
                "analyse",
                "backbone",
                &f,
                "--nested",
                "--csv",
                "--diagnostics",
            ],
            2,
            "--nested",
        ),
        (
            &[
                "analyse",
                "polarisation",
                &f,
                "--kernel",
                "gaussian",
                "--step",
                "1d",
            ],
            1,
            "--bandwidth",
        ),
        (
            &[
                "analyse",
                "polarisation",
                &f,
                "--kernel",
                "uniform",
                "--bandwidth",
                "1m",
                "--step",
                "1d",
            ],
            1,
            "--bandwidth",
        ),
        (
            &[
                "analyse",
                "polarisation",
                &f,
                "--kernel",
                "gaussian",
                "--window",
                "3d",
                "--step",
                "1d",
            ],
            2,
            "--window",
        ),
        (
            &["analyse", "polarisation", &f, "--bandwidth", "3d"],
            1,
            "--kernel",
        ),
        (
            &["analyse", "polarisation", &f, "--duplicates-scope", "range"],
            1,
            "--duplicates-scope",
        ),
        (
            &[
                "analyse",
                "polarisation",
                &f,
                "--window",
                "1d",
                "--step",
                "1d",
                "--max-windows",
                "0",
            ],
            1,
            "--max-windows",
        ),
        (
            &["analyse", "backbone", &f, "--duplicates-scope", "range"],
            1,
            "--duplicates-scope",
        ),
        (
            &["analyse", "clusters", &f, "--duplicates-scope", "range"],
            1,
            "--duplicates-scope",
        ),
        (
            &[
                "analyse",
                "backbone",
                &f,
                "--nested",
                "--include-target",
                "plan-28",
            ],
            1,
            "--nested",
        ),
        (
            &["plot", "network", &f, "-o", "-", "--width", "5"],
            1,
            "--width",
        ),
        (&["plot", "network", &f], 2, "--output"),
    ];
    for (args, code, named) in cases {
        let r = claimgraph(args).run();
        assert_eq!(r.code(), *code, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(named),
            "{args:?} does not name {named}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{args:?} wrote {}", r.out());
    }
    // The output is never one of the inputs.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.json");
    std::fs::copy(&f, &copy).unwrap();
    let copy = copy.display().to_string();
    let r = claimgraph(&["analyse", "clusters", &copy, "-o", &copy]).run();
    assert_eq!(r.code(), 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        std::fs::read_to_string(&f).unwrap()
    );
}

/// An SVG read with quick-xml: its element names in order, and its text.
struct Svg {
    elements: Vec<String>,
    text: String,
}

fn svg(path: &Path) -> Svg {
    let body = std::fs::read_to_string(path).expect("the SVG was written");
    let mut reader = quick_xml::Reader::from_str(&body);
    let mut s = Svg {
        elements: Vec::new(),
        text: String::new(),
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                s.elements.push(e.name().as_ref().to_owned());
            }
            Ok(Event::Text(t)) => s.text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    s.text.push(c);
                    continue;
                }
                s.text.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("an unknown entity &{other};"),
                });
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{} is not well-formed XML: {e}", path.display()),
        }
    }
    assert_eq!(s.elements.first().map(String::as_str), Some("svg"));
    s
}

fn count(s: &Svg, name: &str) -> usize {
    s.elements.iter().filter(|e| *e == name).count()
}

#[test]
fn plots_are_well_formed_svg() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let files = reports();
    let mut args = vec!["analyse", "polarisation"];
    args.extend(with(&files, &["--window", "3d", "--step", "1d", "--csv"]));
    let windows = ok(&args).lines().count() - 1;
    let p = out("polar.svg");
    let mut args = vec!["plot", "polarisation"];
    args.extend(with(&files, &["--window", "3d", "--step", "1d", "-o", &p]));
    ok(&args);
    let chart = svg(Path::new(&p));
    assert_eq!(count(&chart, "circle"), windows);
    assert!(chart.text.contains("Polarisation over time"));

    let f = example();
    let b = out("loss.svg");
    ok(&[
        "plot",
        "backbone",
        &f,
        "--iterations",
        "400",
        "--seed",
        "1",
        "-o",
        &b,
    ]);
    let chart = svg(Path::new(&b));
    // Temperature, current and best loss, and their three legend marks.
    assert!(count(&chart, "polyline") >= 3);
    assert!(chart.text.contains("best loss") && chart.text.contains("temperature"));
    let again = out("loss-again.svg");
    ok(&[
        "plot",
        "backbone",
        &f,
        "--iterations",
        "400",
        "--seed",
        "1",
        "-o",
        &again,
    ]);
    assert_eq!(std::fs::read(&b).unwrap(), std::fs::read(&again).unwrap());

    let n = out("net.svg");
    ok(&["plot", "network", &f, "--seed", "1", "-o", &n]);
    let nodes = json(&["analyse", "clusters", &f, "--seed", "1", "--json"])["members"]
        .as_array()
        .unwrap()
        .len();
    let chart = svg(Path::new(&n));
    // A filled disc and its outline per node.
    assert_eq!(count(&chart, "circle"), 2 * nodes);
    assert!(chart.text.contains("Volodymyr Zelensky"));
    let none = out("bare.svg");
    ok(&["plot", "network", &f, "--no-labels", "-o", &none]);
    assert!(!svg(Path::new(&none)).text.contains("Volodymyr Zelensky"));
}

#[test]
fn plot_labels_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let mut ds: Value = serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    let hostile = "<script>alert(\"x\")</script> & ]]> <!--";
    for actor in ds["actors"].as_array_mut().unwrap() {
        if actor["id"] == "ukraine" {
            actor["name"] = Value::from(hostile);
        }
    }
    let file = dir.path().join("hostile.json");
    std::fs::write(&file, serde_json::to_string(&ds).unwrap()).unwrap();
    let (file, out) = (
        file.display().to_string(),
        dir.path().join("hostile.svg").display().to_string(),
    );
    ok(&["plot", "network", &file, "-o", &out]);
    let chart = svg(Path::new(&out));
    assert!(!chart.elements.iter().any(|e| e == "script"));
    assert!(chart.text.contains(hostile), "{}", chart.text);
    let title = "a <b>title</b> & more";
    ok(&["plot", "network", &file, "--title", title, "-o", &out]);
    assert!(svg(Path::new(&out)).text.contains(title));
}

#[test]
fn on_the_dna_sample() {
    let dir = tempfile::tempdir().unwrap();
    let Some(sample) = dna_sample(dir.path()) else {
        return;
    };
    let p = json(&[
        "analyse",
        "polarisation",
        &sample,
        "--normalise",
        "--seed",
        "1",
        "--json",
    ]);
    check_polarisation(&p, true);
    assert_eq!(p["actors"].as_array().unwrap().len(), 7);
    // The kernel-smoothed series the README gives.
    let series = json(&[
        "analyse",
        "polarisation",
        &sample,
        "--normalise",
        "--seed",
        "1",
        "--kernel",
        "epanechnikov",
        "--bandwidth",
        "7d",
        "--step",
        "3d",
        "--json",
    ]);
    let scores: Vec<String> = series
        .as_array()
        .expect("an array of slices")
        .iter()
        .map(|s| format!("{:.3}", s["score"].as_f64().unwrap_or(f64::NAN)))
        .collect();
    assert_eq!(
        scores,
        [
            "0.000", "0.713", "0.916", "0.856", "0.522", "0.477", "0.457", "0.492"
        ]
    );

    let b = json(&["analyse", "backbone", &sample, "--seed", "1", "--json"]);
    let (backbone, redundant) = (ids(&b["backbone"]), ids(&b["redundant"]));
    assert_eq!(&backbone | &redundant, targets(&sample));
    assert!(backbone.is_disjoint(&redundant));

    // The nested order the README gives.
    let n = json(&["analyse", "backbone", &sample, "--nested", "--json"]);
    let steps = n["steps"].as_array().expect("steps");
    let label = |i: usize| steps[i]["removed"]["label"].as_str().unwrap_or_default();
    assert_eq!(steps.len(), 6);
    assert_eq!(label(0), "Cap and trade is the solution.");
    assert_eq!(label(5), "CO2 legislation will not hurt the economy.");
    let at = |i: usize, field: &str| format!("{:.4}", steps[i][field].as_f64().unwrap_or(f64::NAN));
    assert_eq!(at(0, "backbone_loss"), "0.0238");
    assert_eq!(at(2, "backbone_loss"), "0.0285");
    let three: BTreeSet<String> = steps[3..]
        .iter()
        .filter_map(|s| s["removed"]["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(three, backbone);

    let c = json(&["analyse", "clusters", &sample, "--seed", "1", "--json"]);
    assert_eq!(c["members"].as_array().unwrap().len(), 7);
    assert!(c["modularity"].as_f64().unwrap() > 0.0);

    let out = |name: &str| dir.path().join(name).display().to_string();
    let (pp, bp, np) = (out("p.svg"), out("b.svg"), out("n.svg"));
    ok(&[
        "plot",
        "polarisation",
        &sample,
        "--normalise",
        "--window",
        "10d",
        "--step",
        "1d",
        "-o",
        &pp,
    ]);
    ok(&[
        "plot",
        "backbone",
        &sample,
        "--iterations",
        "1000",
        "-o",
        &bp,
    ]);
    ok(&["plot", "network", &sample, "-o", &np]);
    assert!(count(&svg(Path::new(&pp)), "circle") >= 2);
    assert!(count(&svg(Path::new(&bp)), "polyline") >= 3);
    assert_eq!(count(&svg(Path::new(&np)), "circle"), 14);
}
