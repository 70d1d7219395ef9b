#!/usr/bin/env python3
"""An actor congruence network with pandas and scipy.sparse.

The network `claimgraph network FILE --kind congruence` builds, computed the
way a data scientist would: read the JSON Lines file, keep the stances that
support or oppose, give actors and targets integer codes, build one sparse
actor x target count matrix per position, and sum A @ A.T over the positions.
Every statement counts (duplicates are not merged). Writes the upper
triangle, without the diagonal, as source,target,weight with actor ids, and
prints its phase times on standard error.

Two readers:
  pandas  pandas.read_json(lines=True): every record into one DataFrame, the
          documented way to load JSON Lines with pandas.
  json    the standard library's json.loads line by line, keeping the three
          fields of each stance: faster and far smaller, since the other
          records and fields never become DataFrame columns.
"""

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

POSITIONS = ("supports", "opposes")
COLUMNS = ["holder", "target", "position"]


def read_pandas(corpus):
    # Every record kind shares one frame; columns a kind lacks are NaN.
    records = pd.read_json(corpus, lines=True)
    return records.loc[records["type"] == "stance", COLUMNS]


def read_json(corpus):
    rows = []
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("type") == "stance":
                rows.append((record["holder"], record["target"], record["position"]))
    return pd.DataFrame(rows, columns=COLUMNS)


READERS = {"pandas": read_pandas, "json": read_json}


def congruence(stances):
    """The upper triangle of sum over positions of A @ A.T, and the actor ids."""
    # Neutral, mixed and no_comment stances take no side: they never count.
    stances = stances[stances["position"].isin(POSITIONS)]
    holders = pd.Categorical(stances["holder"])
    targets = pd.Categorical(stances["target"])
    shape = (len(holders.categories), len(targets.categories))
    weights = sp.csr_matrix((shape[0], shape[0]), dtype=np.int64)
    position = stances["position"].to_numpy()
    for side in POSITIONS:
        rows = position == side
        # coo -> csr sums repeated (actor, target) entries: each statement counts.
        counts = sp.coo_matrix(
            (
                np.ones(rows.sum(), dtype=np.int64),
                (holders.codes[rows], targets.codes[rows]),
            ),
            shape=shape,
        ).tocsr()
        weights = weights + counts @ counts.T
    return sp.triu(weights, k=1).tocoo(), np.asarray(holders.categories, dtype=object)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a claimgraph JSON Lines file")
    parser.add_argument("out", help="the CSV edge list to write")
    parser.add_argument("--reader", choices=sorted(READERS), default="pandas")
    args = parser.parse_args()

    start = time.perf_counter()
    stances = READERS[args.reader](args.corpus)
    read = time.perf_counter()
    pairs, ids = congruence(stances)
    built = time.perf_counter()
    pd.DataFrame(
        {"source": ids[pairs.row], "target": ids[pairs.col], "weight": pairs.data}
    ).to_csv(args.out, index=False)
    done = time.perf_counter()
    print(
        f"read {read - start:.2f} s, build {built - read:.2f} s, "
        f"write {done - built:.2f} s, {pairs.nnz} edges",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
