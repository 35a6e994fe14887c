#!/usr/bin/env bash
# The sensitivity-analysis measurement of docs/PERFORMANCE.md: `orgsim sweep` of a Sobol'
# design over 20 coefficients of the default scenario (benches/sobol20.toml: N = 512 base
# samples without second order, 11,264 points × 4 replications = 45,056 runs of 200 employees
# over 60 months), then `orgsim sensitivity` on it at the horizon and every 6 months.
#
#   bash benches/sensitivity.sh
#
# Prints the machine's load before and after: other work on the cores shows up directly in
# the wall times (compare wall with user + sys).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
BIN=target/release/orgsim
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TIME=(/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak")

echo "== machine"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== orgsim sweep benches/sobol20.toml (11,264 points x 4 replications)"
"${TIME[@]}" "$BIN" sweep benches/sobol20.toml --out "$WORK/sobol20" -q --no-figures --no-report

echo "== orgsim sensitivity (4 metrics at month 60, 100 bootstrap resamples)"
"${TIME[@]}" "$BIN" sensitivity "$WORK/sobol20" -q --no-figures --no-report

echo "== orgsim sensitivity --over-time --every 6 (4 metrics x 10 months)"
"${TIME[@]}" "$BIN" sensitivity "$WORK/sobol20" --over-time --every 6 -q --no-figures --no-report

echo "== orgsim sensitivity with its figures (SVG and PNG)"
"${TIME[@]}" "$BIN" sensitivity "$WORK/sobol20" -q --no-report

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
