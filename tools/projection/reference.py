#!/usr/bin/env python3
"""Independent reference for abbild's deterministic projection (SPEC §4 "Projection").

Implements the SPEC's yearly step order from its text alone, in exact rational arithmetic
(fractions.Fraction), on a hand-made scenario with retirement inside the horizon (including
an initial band that straddles the retirement age), negative growth (with years in which the
headcount exceeds the target, so nobody is hired), a two-band hiring profile and unequal exit
rates. Shares no code with the crate. Writes
crates/core/tests/fixtures/projection_reference.json:

    python3 tools/projection/reference.py

Each year (t -> t+1), literally:
  (1) N[a][g] *= (1 - s_g)                 non-retirement exits
  (2) everyone ages one year; whoever's new age is >= R leaves
  (3) T(t+1) = T(t) * (1 + growth),  T(start) = initial headcount
  (4) H = max(0, T(t+1) - headcount); h*H with, (1-h)*H without, spread over ages by the
      hiring profile (each band's weight uniformly over its ages)
share(t) = with / headcount; target(t) = clip(target + trend * (t - start), 0, 1).
parity_year = first year (start year included) with share >= target.
required_hire_share = smallest h in [0, 1] with share(Y) >= target(Y); here by bisection in
exact arithmetic to 1e-12 after checking on a grid of 101 values of h that share(Y) is
non-decreasing in h for this scenario.
equilibrium_share = share after 200 years at growth 0 (floats; the rationals grow too long).
"""

import json
import os
import sys
from fractions import Fraction as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "core", "tests", "fixtures",
                   "projection_reference.json")

SCENARIO = {
    "start_year": 2024,
    "horizon": 30,
    "retirement_age": 63,
    "headcount_growth": -0.02,
    "attrition": {"with": 0.012, "without": 0.007},
    "hire_share": 0.55,
    "hire_age_profile": [
        {"age_from": 18, "age_to": 24, "weight": 2.0},
        {"age_from": 30, "age_to": 39, "weight": 1.0},
    ],
    "target": {"share": 0.3, "trend_per_year": 0.001},
    "required_by": 2040,
    "initial": [
        {"age_from": 18, "age_to": 29, "with": 30.0, "without": 70.0},
        {"age_from": 30, "age_to": 39, "with": 25.5, "without": 120.25},
        {"age_from": 40, "age_to": 49, "with": 4.0, "without": 6.0},
        {"age_from": 50, "age_to": 59, "with": 10.0, "without": 140.0},
        {"age_from": 60, "age_to": 66, "with": 2.0, "without": 40.5},
    ],
}


def q(x):
    """Exact rational of a decimal literal as written in the scenario."""
    return F(repr(x))


def setup(sc, num):
    """Initial state and hiring profile as dicts age -> amount (num = F or float)."""
    w, u = {}, {}
    for b in sc["initial"]:
        width = b["age_to"] - b["age_from"] + 1
        for a in range(b["age_from"], b["age_to"] + 1):
            w[a] = w.get(a, num(0)) + num(b["with"]) / width
            u[a] = u.get(a, num(0)) + num(b["without"]) / width
    total_weight = sum(num(b["weight"]) for b in sc["hire_age_profile"])
    prof = {}
    for b in sc["hire_age_profile"]:
        width = b["age_to"] - b["age_from"] + 1
        for a in range(b["age_from"], b["age_to"] + 1):
            prof[a] = prof.get(a, num(0)) + num(b["weight"]) / total_weight / width
    return w, u, prof


def simulate(sc, num, h, growth, years):
    """Yields (t, headcount, with, hires) for t = 0..years."""
    w, u, prof = setup(sc, num)
    R = sc["retirement_age"]
    s_w, s_u = num(sc["attrition"]["with"]), num(sc["attrition"]["without"])
    T = sum(w.values()) + sum(u.values())
    yield 0, T, sum(w.values()), num(0)
    for t in range(1, years + 1):
        # (1) exits
        w = {a: x * (1 - s_w) for a, x in w.items()}
        u = {a: x * (1 - s_u) for a, x in u.items()}
        # (2) ageing; new age >= R leaves
        w = {a + 1: x for a, x in w.items() if a + 1 < R}
        u = {a + 1: x for a, x in u.items() if a + 1 < R}
        # (3) target
        T = T * (1 + growth)
        # (4) hires
        H = max(num(0), T - sum(w.values()) - sum(u.values()))
        for a, p in prof.items():
            w[a] = w.get(a, num(0)) + h * H * p
            u[a] = u.get(a, num(0)) + (1 - h) * H * p
        yield t, sum(w.values()) + sum(u.values()), sum(w.values()), H


def target(sc, num, t):
    v = num(sc["target"]["share"]) + num(sc["target"]["trend_per_year"]) * t
    return min(num(1), max(num(0), v))


def share_at(sc, h, t):
    last = None
    for row in simulate(sc, F, h, q(sc["headcount_growth"]), t):
        last = row
    return last[2] / last[1]


def main():
    sc = SCENARIO
    start = sc["start_year"]
    years = []
    clipped = 0
    parity = None
    for t, n, w, H in simulate(sc, F, q(sc["hire_share"]), q(sc["headcount_growth"]), sc["horizon"]):
        if t > 0 and H == 0:
            clipped += 1
        if parity is None and w / n >= target(sc, F, t):
            parity = start + t
        years.append({
            "year": start + t,
            "headcount": float(n),
            "with": float(w),
            "share": float(w / n),
            "target": float(target(sc, F, t)),
            "hires": float(H),
        })
    assert clipped > 0, "the scenario should have years without hires (headcount above target)"
    assert clipped < sc["horizon"], "and years with hires"

    Y = sc["required_by"] - start
    tY = target(sc, F, Y)
    grid = [share_at(sc, F(k, 100), Y) for k in range(101)]
    assert all(a <= b for a, b in zip(grid, grid[1:])), "share(Y) must be monotone in h here"
    if grid[0] >= tY:
        required = 0.0
    elif grid[-1] < tY:
        required = None
    else:
        lo, hi = F(0), F(1)
        while hi - lo > F(1, 10**12):
            mid = (lo + hi) / 2
            if share_at(sc, mid, Y) >= tY:
                hi = mid
            else:
                lo = mid
        required = float(hi)

    last = None
    for row in simulate(sc, float, sc["hire_share"], 0.0, 200):
        last = row
    equilibrium = last[2] / last[1]

    out = {
        "source": "tools/projection/reference.py: SPEC §4 projection step order re-implemented in exact "
                  "rational arithmetic (fractions.Fraction) from the SPEC text; shares no code with the crate. "
                  "parity_year counts the start year; required_hire_share by exact bisection to 1e-12 "
                  "(monotonicity in h checked on a 101-point grid); equilibrium_share in floats, 200 years at growth 0.",
        "generated_by": "tools/projection/reference.py",
        "versions": "python %d.%d.%d (standard library only)" % sys.version_info[:3],
        "notes": [
            "years[].hires is the step-4 hire count of that year (0 in the years where the headcount after "
            "exits and retirement exceeds the falling target).",
            "The initial band 60-66 straddles retirement_age 63: ages 62-66 leave in the first year.",
        ],
        "scenario": sc,
        "years": years,
        "parity_year": parity,
        "required_hire_share": required,
        "equilibrium_share": equilibrium,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), "years without hires:", clipped, "parity:", parity,
          "required:", required, "equilibrium:", equilibrium)


if __name__ == "__main__":
    main()
