#!/usr/bin/env bash
# Benchmark of an economy (not a test): 1,000 organisations of about 200 employees on
# average (Pareto shape 1.1 from 60 to 2,000 employees, mean 199) over 120 months, on
# THREADS threads (default 2). Reports the wall time, CPU and peak memory from
# /usr/bin/time -v. Usage: benches/economy.sh [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
binary=$(cargo bench --bench economy --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -n 1)
if [ -z "$binary" ]; then
    echo "could not build the economy benchmark" >&2
    exit 1
fi
RAYON_NUM_THREADS="$threads" /usr/bin/time -v "$binary" 2> time.log.$$ || { cat time.log.$$ >&2; rm -f time.log.$$; exit 1; }
grep -E "Elapsed \(wall clock\)|User time|System time|Percent of CPU|Maximum resident set size" time.log.$$
rm -f time.log.$$
