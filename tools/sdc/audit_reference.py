#!/usr/bin/env python3
"""Independent reference for the LP audit of abbild's protection step (issue 3).

For fixed suppression patterns on small linked tables, computes the attacker's interval of
every suppressed cell: min and max of the cell's value over all finest cells x >= 0 (real)
that reproduce every published (not suppressed) cell of every published table and its
margins, and every cell of an earlier release. Absent combinations are structural zeros
(not variables), as in the crate. Solved with scipy.optimize.linprog (HiGHS), a second
implementation that shares no code with the crate.

Writes one JSON fixture per case to crates/core/tests/fixtures/sdc/:
    python3 tools/sdc/audit_reference.py
"""

import itertools
import json
import os
import sys

import numpy as np
from scipy.optimize import linprog

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "core", "tests", "fixtures", "sdc")


def subsets(dims):
    for r in range(len(dims) + 1):
        for s in itertools.combinations(dims, r):
            yield tuple(s)


def solve(case):
    dims = case["dims"]
    cells = case["cells"]
    idx = {d: i for i, d in enumerate(dims)}
    n = len(cells)
    # Every published cell: all subsets of every published table.
    published = set()
    for table in case["publish"]:
        for s in subsets(sorted(table, key=idx.get)):
            for c in cells:
                published.add((s, tuple(c["key"][idx[d]] for d in s)))
    suppressed = {(tuple(s["dims"]), tuple(s["key"])) for s in case["suppressed"]}
    for s in suppressed:
        assert s in published, f"suppressed cell {s} is not published"

    def row(sdims, key):
        return np.array(
            [1.0 if all(c["key"][idx[d]] == k for d, k in zip(sdims, key)) else 0.0 for c in cells]
        )

    truth = np.array([float(c["count"]) for c in cells])
    rows, rhs = [], []
    for s in sorted(published - suppressed):
        r = row(*s)
        rows.append(r)
        rhs.append(r @ truth)
    for p in case.get("prior", []):
        r = row(tuple(p["dims"]), tuple(p["key"]))
        assert abs(r @ truth - p["value"]) < 1e-9, "prior value must be the truth"
        rows.append(r)
        rhs.append(float(p["value"]))
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    out = []
    for s in case["suppressed"]:
        c = row(tuple(s["dims"]), tuple(s["key"]))
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs")
        assert lo.status == 0, lo.message
        if hi.status == 3:
            mx = None  # unbounded
        else:
            assert hi.status == 0, hi.message
            mx = round(-hi.fun, 9)
        out.append({"dims": s["dims"], "key": s["key"], "min": round(lo.fun, 9), "max": mx})
    return out


def grid(dims, values, counts, skip=()):
    """All combinations of `values` (a list per dim) with the given counts, minus `skip`."""
    cells = []
    for i, key in enumerate(itertools.product(*values)):
        if key in skip:
            continue
        cells.append({"key": list(key), "count": counts[i % len(counts)]})
    return cells


def cell(dims, key):
    return {"dims": dims, "key": key}


CASES = {
    "two_by_two": {
        "description": "2x2 table with margins; the small cell (a,x)=1 and the other three inner cells suppressed",
        "dims": ["row", "col"],
        "cells": grid(["row", "col"], [["a", "b"], ["x", "y"]], [1, 10, 10, 10]),
        "publish": [["row", "col"]],
        "suppressed": [cell(["row", "col"], k) for k in (["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"])],
    },
    "two_by_two_with_margin": {
        "description": "2x2: small cell, its row partner and the row total suppressed (the column still pins it)",
        "dims": ["row", "col"],
        "cells": grid(["row", "col"], [["a", "b"], ["x", "y"]], [2, 7, 9, 4]),
        "publish": [["row", "col"]],
        "suppressed": [cell(["row", "col"], ["a", "x"]), cell(["row", "col"], ["a", "y"]), cell(["row"], ["a"])],
    },
    "linked_tables": {
        "description": "tables a x b and b x c over 2x3x2 finest cells, linked by the margin b",
        "dims": ["a", "b", "c"],
        "cells": grid(["a", "b", "c"], [["a0", "a1"], ["b0", "b1", "b2"], ["c0", "c1"]],
                      [3, 0, 6, 2, 1, 9, 4, 7, 0, 5, 2, 8]),
        "publish": [["a", "b"], ["b", "c"]],
        "suppressed": [
            cell(["a", "b"], ["a0", "b0"]), cell(["a", "b"], ["a1", "b0"]),
            cell(["a", "b"], ["a0", "b1"]), cell(["a", "b"], ["a1", "b1"]),
            cell(["b", "c"], ["b0", "c0"]), cell(["b", "c"], ["b0", "c1"]),
            cell(["b"], ["b0"]),
        ],
    },
    "hierarchy": {
        "description": "municipality within state (state is a function of municipality); tables municipality x field and state x field",
        "dims": ["muni", "state", "field"],
        "cells": [
            {"key": [m, s, f], "count": c}
            for (m, s), row in zip(
                [("m0", "s0"), ("m1", "s0"), ("m2", "s0"), ("m3", "s1"), ("m4", "s1")],
                [[1, 4, 6], [3, 0, 5], [8, 2, 7], [2, 6, 1], [9, 3, 4]],
            )
            for f, c in zip(["f0", "f1", "f2"], row)
        ],
        "publish": [["muni", "field"], ["state", "field"]],
        "suppressed": [
            cell(["muni", "field"], ["m0", "f0"]), cell(["muni", "field"], ["m0", "f1"]),
            cell(["muni", "field"], ["m1", "f0"]), cell(["muni", "field"], ["m1", "f1"]),
            cell(["muni", "field"], ["m3", "f2"]), cell(["muni", "field"], ["m4", "f2"]),
            cell(["muni", "field"], ["m3", "f0"]), cell(["muni", "field"], ["m4", "f0"]),
        ],
    },
    "three_tables_structural_zeros": {
        "description": "W1 in miniature (city, field, level, age, class) with tables city x field x level x class and city x field x age x class; two combinations absent (structural zeros)",
        "dims": ["city", "field", "level", "age", "class"],
        "cells": grid(
            ["city", "field", "level", "age", "class"],
            [["c0", "c1"], ["f0", "f1"], ["l0", "l1"], ["a0", "a1"], ["without", "with"]],
            [5, 1, 0, 3, 7, 2, 1, 0, 4, 4, 2, 1, 6, 0, 3, 2, 1, 8, 2, 0, 5, 1, 3, 3, 0, 2, 4, 1, 9, 2, 1, 1],
            skip={("c1", "f1", "l1", "a1", "with"), ("c0", "f0", "l1", "a0", "without")},
        ),
        "publish": [["city", "field", "level", "class"], ["city", "field", "age", "class"]],
        "suppressed": [
            cell(["city", "field", "level", "class"], [c, f, l, k])
            for c in ("c0", "c1") for f in ("f0", "f1") for l in ("l0", "l1") for k in ("without", "with")
        ] + [
            cell(["city", "field", "age", "class"], [c, f, a, "with"])
            for c in ("c0", "c1") for f in ("f0", "f1") for a in ("a0", "a1")
        ],
    },
    "prior_release": {
        "description": "table a x b now; an earlier release published the inner cell (a1,b1) of a finer table a x b x c and the margin c0",
        "dims": ["a", "b", "c"],
        "cells": grid(["a", "b", "c"], [["a0", "a1"], ["b0", "b1"], ["c0", "c1"]], [2, 3, 5, 1, 4, 4, 1, 6]),
        "publish": [["a", "b"]],
        "prior": [
            {"dims": ["a", "b", "c"], "key": ["a1", "b1", "c0"], "value": 1},
            {"dims": ["c"], "key": ["c0"], "value": 12},
        ],
        "suppressed": [cell(["a", "b"], k) for k in (["a0", "b0"], ["a0", "b1"], ["a1", "b0"], ["a1", "b1"])],
    },
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, case in CASES.items():
        case = dict(case)
        case["intervals"] = solve(case)
        case["computed_by"] = (
            "tools/sdc/audit_reference.py: scipy.optimize.linprog (method=highs), min and max of "
            "each suppressed cell over non-negative real finest cells (absent combinations = 0) "
            "subject to every published and prior cell; max null = unbounded"
        )
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(case, f, indent=1)
            f.write("\n")
        print(path, [(i["min"], i["max"]) for i in case["intervals"]], file=sys.stderr)


if __name__ == "__main__":
    main()
