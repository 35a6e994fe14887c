#!/usr/bin/env python3
"""Screening of the calibrated coefficients: does a move to coaching pay back everywhere in
the posterior? Standard library only.

  python3 scenarios/sweeps/coaching_screening.py generate results/social_model/posterior.csv
      writes scenarios/sweeps/coaching_screening.toml: every accepted set of the calibration
      (posterior.csv of `orgsim calibrate scenarios/calibration/targets.toml`) three times,
      as control, coaching and the transition programme (a table design, base transition.toml).
  orgsim sweep scenarios/sweeps/coaching_screening.toml
  python3 scenarios/sweeps/coaching_screening.py analyse results/coaching_screening
      prints, per horizon (months 12, 36, 60), the distribution over the posterior sets of
      coaching's and the transition's performance gain and cumulative net value difference
      against control, the share of sets at or below zero, and the Spearman rank correlation
      of each coefficient with the differences.
"""
import csv
import os
import sys
from collections import defaultdict

COEFFICIENTS = [
    "parameters.b_trust",
    "parameters.b_engagement",
    "parameters.unrelated_quit_rate",
    "parameters.w_social",
    "parameters.trait_sd_trust",
    "parameters.trait_sd_engagement",
    "parameters.w_support",
    "parameters.learn_coach",
]
# The transition's programmes, switched off (control, coaching) or as in transition.toml.
PROGRAMME_KEYS = [
    "interventions.0.share_of_managers",
    "interventions.0.cost_per_manager_month",
    "interventions.0.time_share",
    "interventions.1.hours_per_month",
    "interventions.1.cost_per_employee_month",
    "interventions.2.share",
]
ARMS = [
    ("control", 0.05, [0.0] * 6),
    ("coaching", 0.9, [0.0] * 6),
    ("transition", 0.05, [1.0, 1.0, 0.05, 8.0, 0.05, 0.05]),
]
HORIZONS = [12, 36, 60]

HEADER = """# Screening of the calibrated model: every accepted parameter set of the calibration
# (docs/CALIBRATION.md, {n} sets: the posterior of the 8 uncertain coefficients) run three
# times: under control (style 0.05), under coaching (style 0.9, the same little coaching
# skill) and as the transition of transition.toml (control, then the coaching programme,
# action learning and idea time from month 6). The base is transition.toml; control and
# coaching switch its programmes off (share, cost and time set to 0, which gives exactly
# control.toml's runs), so the three arms of a set differ only in management and programmes.
# Replication r of every point shares its random streams: the arms of a set are paired.
#
# Generated from the calibration's posterior.csv by
#   python3 scenarios/sweeps/coaching_screening.py generate results/social_model/posterior.csv
# Run it with `orgsim sweep scenarios/sweeps/coaching_screening.toml` and analyse it with
#   python3 scenarios/sweeps/coaching_screening.py analyse results/coaching_screening
# (docs/WHEN_COACHING_DOES_NOT_PAY.md shows the results).
# Point 3k is set k (rank k of posterior.csv) under control, 3k + 1 under coaching, 3k + 2
# the transition.

name = "coaching_screening"
description = "Control, coaching and the transition over every accepted set of the calibration."
base = "../transition.toml"
replications = 10
seed = 2024

[design]
kind = "table"
keys = [
{keys}
]
rows = [
{rows}
]

[output]
metrics = ["performance", "net_value"]
every_months = 1
"""


def generate(posterior, out):
    with open(posterior, newline="") as f:
        sets = list(csv.DictReader(f))
    keys = COEFFICIENTS + ["management.style_mean"] + PROGRAMME_KEYS
    rows = []
    for s in sets:
        coefs = [float(s[k]) for k in COEFFICIENTS]
        for arm, style, programme in ARMS:
            values = ", ".join(f"{v:.6g}" for v in coefs + [style] + programme)
            rows.append(f"    [{values}],  # set {s['rank']} {arm}")
    text = HEADER.format(
        n=len(sets),
        keys="\n".join(f'    "{k}",' for k in keys),
        rows="\n".join(rows),
    )
    with open(out, "w") as f:
        f.write(text)
    print(f"wrote {out}: {len(sets)} sets, {len(rows)} points")


def quantile(xs, q):
    xs = sorted(xs)
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra)
    vb = sum((y - mb) ** 2 for y in rb)
    return cov / (va * vb) ** 0.5 if va > 0 and vb > 0 else float("nan")


def analyse(folder):
    with open(os.path.join(folder, "points.csv"), newline="") as f:
        points = {int(r["point"]): r for r in csv.DictReader(f)}
    # mean over replications of performance at month m and of net value summed over 1..m
    perf = defaultdict(lambda: defaultdict(float))
    cum = defaultdict(lambda: defaultdict(float))
    reps = defaultdict(set)
    running = {}
    path = defaultdict(lambda: defaultdict(float))  # point -> month -> summed cumulative
    with open(os.path.join(folder, "timeseries.csv"), newline="") as f:
        for r in csv.DictReader(f):
            p, rep, m = int(r["point"]), int(r["replication"]), int(r["month"])
            reps[p].add(rep)
            if m == 0:
                running[(p, rep)] = 0.0
                continue
            running[(p, rep)] += float(r["net_value"])
            path[p][m] += running[(p, rep)]
            if m in HORIZONS:
                perf[p][m] += float(r["performance"])
                cum[p][m] += running[(p, rep)]
    n_sets = len(points) // 3
    print(f"{n_sets} posterior sets, {len(reps[0])} replications each, paired arms\n")
    coef = {k: [float(points[3 * s][k]) for s in range(n_sets)] for k in COEFFICIENTS}
    for arm_index, arm in [(1, "coaching"), (2, "transition")]:
        for m in HORIZONS:
            gain, dnet = [], []
            for s in range(n_sets):
                c, a = 3 * s, 3 * s + arm_index
                n = len(reps[c])
                pc, pa = perf[c][m] / n, perf[a][m] / n
                gain.append(pa / pc - 1.0)
                dnet.append((cum[a][m] - cum[c][m]) / n)
            print(f"{arm} vs control, month {m}:")
            for label, xs, fmt in [
                ("performance gain", gain, "{:+.1%}"),
                ("cumulative net value difference", dnet, "{:+.0f}"),
            ]:
                share = sum(1 for x in xs if x <= 0) / len(xs)
                qs = ", ".join(
                    f"{int(q * 100)}%: " + fmt.format(quantile(xs, q))
                    for q in (0.0, 0.05, 0.5, 0.95, 1.0)
                )
                print(f"  {label}: {qs}; share <= 0: {share:.1%}")
            for label, xs in [("gain", gain), ("net", dnet)]:
                rho = ", ".join(
                    f"{k.split('.')[1]} {spearman(coef[k], xs):+.2f}" for k in COEFFICIENTS
                )
                print(f"  rank correlation with {label}: {rho}")
            print()
    # payback month of the transition: the last month its mean cumulative net value is below
    # control's, plus one (never: below at the horizon)
    months = max(path[0])
    payback = []
    for s in range(n_sets):
        below = [m for m in range(1, months + 1) if path[3 * s + 2][m] < path[3 * s][m]]
        payback.append(max(below) + 1 if below else 1)
    never = sum(1 for m in payback if m > months)
    qs = ", ".join(
        f"{int(q * 100)}%: {quantile(payback, q):.0f}" for q in (0.0, 0.05, 0.5, 0.95)
    )
    print(f"transition payback month (cumulative net value back above control's): {qs};")
    print(f"  not paid back by month {months}: {never} of {n_sets} sets ({never / n_sets:.1%})")
    rho = ", ".join(
        f"{k.split('.')[1]} {spearman(coef[k], payback):+.2f}" for k in COEFFICIENTS
    )
    print(f"  rank correlation with the payback month: {rho}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generate":
        here = os.path.dirname(os.path.abspath(__file__))
        generate(sys.argv[2], os.path.join(here, "coaching_screening.toml"))
    elif len(sys.argv) == 3 and sys.argv[1] == "analyse":
        analyse(sys.argv[2])
    else:
        sys.exit(__doc__)
