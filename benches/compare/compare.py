#!/usr/bin/env python3
"""Compare `claimgraph network` with pandas + scipy.sparse on one corpus.

Generates a corpus with `claimgraph generate` (or reuses it from the cache
directory), builds its actor congruence network with
`claimgraph network CORPUS --kind congruence -o OUT.csv` and with
pandas_congruence.py (once per reader), each in a child process of its own,
checks that every edge weight is equal, and prints the wall time and peak
memory (the child's maximum resident set size) of each.

Exit status: 0 when all weights are equal, 1 when they differ, 2 when a
tool fails or cannot be found.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
READERS = ("pandas", "json")
LABELS = {
    "claimgraph": "claimgraph network",
    "pandas": "pandas.read_json + scipy.sparse",
    "json": "json.loads + pandas + scipy.sparse",
}


def fail(message):
    print(f"compare: {message}", file=sys.stderr)
    sys.exit(2)


def measure(command, log):
    """Runs `command`; its wall time in seconds, peak RSS in MiB, exit status
    and standard error. wait4 gives this child's own resource usage."""
    with open(log, "w+b") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    # Linux counts ru_maxrss in KiB, macOS in bytes.
    peak = usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10)
    return wall, peak, child.returncode, text


def claimgraph_binary(path):
    if path is not None:
        binary = Path(path)
        if not binary.is_file():
            fail(f"{binary}: no such file")
        return binary
    binary = ROOT / "target" / "release" / "claimgraph"
    if not binary.is_file():
        print("building target/release/claimgraph ...", file=sys.stderr)
        built = subprocess.run(
            ["cargo", "build", "--release", "--quiet", "-p", "claimgraph-cli"], cwd=ROOT
        )
        if built.returncode != 0 or not binary.is_file():
            fail("cargo build --release -p claimgraph-cli failed")
    return binary


def load_edges(path):
    import pandas as pd

    edges = pd.read_csv(path, dtype={"source": str, "target": str})
    if list(edges.columns) != ["source", "target", "weight"]:
        fail(f"{path}: expected the columns source,target,weight, found {list(edges.columns)}")
    # Each pair once, whichever end a tool names first.
    swap = edges["source"] > edges["target"]
    edges.loc[swap, ["source", "target"]] = edges.loc[swap, ["target", "source"]].to_numpy()
    return edges


def differences(ours, theirs):
    """Pairs with different weights or in one list only, as text lines."""
    merged = ours.merge(
        theirs, on=["source", "target"], how="outer", suffixes=("_cg", "_py"), indicator=True
    )
    bad = merged[(merged["_merge"] != "both") | (merged["weight_cg"] != merged["weight_py"])]
    return len(bad), bad.head(5).to_string(index=False)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: python3 benches/compare/compare.py --statements 100000",
    )
    parser.add_argument("--statements", type=int, help="default 1000000 (2000 with --quick)")
    parser.add_argument("--actors", type=int, help="default 2000 (100 with --quick)")
    parser.add_argument("--targets", type=int, help="default 1000 (50 with --quick)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--claimgraph",
        metavar="PATH",
        help="the binary (default target/release/claimgraph, built with cargo if missing)",
    )
    parser.add_argument(
        "--readers",
        default=",".join(READERS),
        help="the Python readers to run, comma-separated: pandas, json (default both)",
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="runs of each tool; the median wall time is shown"
    )
    parser.add_argument(
        "--cache",
        metavar="DIR",
        help="where corpora are kept (default target/compare)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the corpus and both edge lists in the cache"
    )
    parser.add_argument("--quick", action="store_true", help="a small corpus, for a test")
    args = parser.parse_args()

    quick = args.quick
    n = args.statements if args.statements is not None else (2000 if quick else 1_000_000)
    actors = args.actors if args.actors is not None else (100 if quick else 2000)
    targets = args.targets if args.targets is not None else (50 if quick else 1000)
    readers = [r for r in args.readers.split(",") if r]
    if not readers or any(r not in READERS for r in readers):
        fail(f"--readers: expected pandas, json or both, not {args.readers!r}")
    if args.runs < 1:
        fail("--runs must be at least 1")

    binary = claimgraph_binary(args.claimgraph)
    cache = Path(args.cache) if args.cache else ROOT / "target" / "compare"
    cache.mkdir(parents=True, exist_ok=True)
    name = f"corpus-{n}-{actors}-{targets}-seed{args.seed}"
    corpus = cache / f"{name}.jsonl"
    cached = corpus.is_file()
    work = cache if args.keep else Path(tempfile.mkdtemp(prefix="compare-", dir=cache))

    try:
        if cached:
            print(f"corpus: {corpus} (cached)")
        else:
            wall, _, code, err = measure(
                [
                    binary, "generate", "--statements", str(n), "--actors", str(actors),
                    "--targets", str(targets), "--seed", str(args.seed), "-o", corpus,
                ],
                work / f"{name}.generate.log",
            )
            if code != 0:
                fail(f"claimgraph generate failed:\n{err}")
            print(f"corpus: {corpus}, generated in {wall:.2f} s")
        print(
            f"machine: {os.cpu_count()} cores, load average "
            + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        )

        outputs = {tool: work / f"{name}.{tool}.csv" for tool in ["claimgraph", *readers]}
        commands = {
            "claimgraph": [
                binary, "network", corpus, "--kind", "congruence", "-o", outputs["claimgraph"]
            ]
        }
        for reader in readers:
            commands[reader] = [
                sys.executable, HERE / "pandas_congruence.py", corpus, outputs[reader],
                "--reader", reader,
            ]
        results = {tool: {"walls": [], "peak": 0.0, "note": ""} for tool in commands}
        for _ in range(args.runs):
            for tool, command in commands.items():
                wall, peak, code, err = measure(command, work / f"{name}.{tool}.log")
                if code != 0:
                    fail(f"{LABELS[tool]} exited with {code}:\n{err}")
                r = results[tool]
                r["walls"].append(wall)
                r["peak"] = max(r["peak"], peak)
                r["note"] = err.strip().splitlines()[-1] if err.strip() else ""

        try:
            ours = load_edges(outputs["claimgraph"])
        except ImportError:
            fail("pandas is needed to compare the edge lists: pip install pandas scipy")
        mismatched = []
        for reader in readers:
            theirs = load_edges(outputs[reader])
            count, sample = differences(ours, theirs)
            results[reader]["edges"] = len(theirs)
            if count:
                mismatched.append(f"{LABELS[reader]}: {count} pairs differ, e.g.\n{sample}")
        results["claimgraph"]["edges"] = len(ours)

        base = statistics.median(results["claimgraph"]["walls"])
        print()
        row = "{:>10}  {:<36} {:>7} {:>9} {:>9}  {}"
        print(row.format("statements", "tool", "wall s", "peak MiB", "edges", "speed-up"))
        for tool, r in results.items():
            wall = statistics.median(r["walls"])
            speed = "" if tool == "claimgraph" else f"{wall / base:.1f}x"
            print(row.format(n, LABELS[tool], f"{wall:.2f}", f"{r['peak']:.0f}", r["edges"], speed))
        print("speed-up: the tool's wall time over claimgraph's")
        if args.runs > 1:
            for tool, r in results.items():
                walls = ", ".join(f"{w:.2f}" for w in r["walls"])
                print(f"{LABELS[tool]}: runs of {walls} s")
        for reader in readers:
            print(f"{LABELS[reader]}: {results[reader]['note']}")
        print()
        if mismatched:
            print("weights: DIFFERENT")
            for m in mismatched:
                print(m)
            return 1
        print(f"weights: equal ({len(ours)} edges, every weight identical)")
        if args.keep:
            print(f"kept in {cache}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            if not cached:
                corpus.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
