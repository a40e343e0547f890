#!/usr/bin/python3
"""Writes src/core/score/fixtures/ks.json: SciPy's answers for the two-sample Kolmogorov-Smirnov test,
so that src/core/score/ks.test.ts checks our port against an independent implementation. CI does not
run this; rerun it by hand (Debian's python3-scipy 1.10 + numpy):

    /usr/bin/python3 scripts/make-drift-fixtures.py

Two parts:
- "pairs": seeded sample pairs (normal, shifted, scaled, discrete with many ties, tiny, unequal sizes)
  with scipy.stats.ks_2samp(a, b, method="asymp"): the statistic D and its p-value, which SciPy takes
  from the finite-n two-sided Kolmogorov distribution kstwo.sf(D, round(n1 n2 / (n1 + n2))).
- "kstwo": kstwo.sf(d, n) on a grid of (n, d) chosen to reach every branch of SciPy's algorithm
  (Ruben-Gambino ends, Durbin matrix, Pomeranz, Pelz-Good, 2 x Smirnov, the underflow cut-off).

Values are rounded to 3 decimals before the test, so the JSON holds exactly the numbers SciPy saw.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "core", "score", "fixtures", "ks.json")


def pair(name, a, b):
    a = np.round(np.asarray(a, dtype=np.float64), 3)
    b = np.round(np.asarray(b, dtype=np.float64), 3)
    res = stats.ks_2samp(a, b, method="asymp")
    return {
        "name": name,
        "a": [float(v) for v in a],
        "b": [float(v) for v in b],
        "statistic": float(res.statistic),
        "pvalue": float(res.pvalue),
    }


def main():
    rng = np.random.default_rng(20240611)
    pairs = [
        pair("tiny 3 vs 3 (round(1.5) = 2)", rng.normal(size=3), rng.normal(size=3)),
        pair("tiny 5 vs 5 (round(2.5) = 2)", rng.normal(size=5), rng.normal(1, 1, size=5)),
        pair("small 8 vs 11 shifted", rng.normal(size=8), rng.normal(1.5, 1, size=11)),
        pair("20 vs 30 same distribution", rng.normal(size=20), rng.normal(size=30)),
        pair("50 vs 50 scaled", rng.normal(size=50), rng.normal(0, 2, size=50)),
        pair("100 vs 80 shifted slightly", rng.normal(size=100), rng.normal(0.3, 1, size=80)),
        pair("300 vs 300 same distribution", rng.normal(size=300), rng.normal(size=300)),
        pair("300 vs 300 shifted", rng.normal(size=300), rng.normal(0.25, 1, size=300)),
        pair("1000 vs 700 lognormal shifted", rng.lognormal(0, 1, size=1000), rng.lognormal(0.2, 1, size=700)),
        pair("2000 vs 1500 discrete with ties", rng.integers(0, 8, size=2000), rng.integers(0, 9, size=1500)),
        pair("2000 vs 40 unequal sizes", rng.normal(size=2000), rng.normal(0.5, 1, size=40)),
        pair("1 vs 1000 single value", [0.5], rng.uniform(size=1000)),
        pair("disjoint supports", rng.uniform(0, 1, size=60), rng.uniform(2, 3, size=90)),
        pair("identical samples", [1, 2, 2, 3, 5, 8, 13], [1, 2, 2, 3, 5, 8, 13]),
    ]

    ns = [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 150, 300, 1000, 2000, 5000, 100000, 100001]
    kstwo = []
    for n in ns:
        ds = set()
        for z in [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 1.8, 2.0, 2.5, 3.0, 5.0, 10.0, 20.0]:
            ds.add(z / np.sqrt(n))
        for c in [0.4, 0.5, 0.6, 0.9, 1.0, 1.5, 2.5]:
            ds.add(c / n)
        for d in [0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.6, 0.75, 0.9, 0.99, 1.0, 1 - 1.0 / n, 1 - 1.5 / n]:
            ds.add(d)
        for d in sorted(ds):
            if 0 < d <= 1:
                kstwo.append({"n": n, "d": float(d), "sf": float(stats.kstwo.sf(d, n))})

    doc = {
        "generator": "scripts/make-drift-fixtures.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "pairs": pairs,
        "kstwo": kstwo,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(pairs)} pairs and {len(kstwo)} kstwo values to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
