#!/usr/bin/env bash
# Reruns every measurement of docs/PERFORMANCE.md on this machine and prints the numbers.
#
#   bash benches/measure.sh            # everything (about 10 minutes on 2 cores)
#   bash benches/measure.sh quick      # skip the criterion benchmarks
#
# Needs GNU time (/usr/bin/time) and, for the instruction counts, valgrind. Run it on an idle
# machine: other work on the cores shows up directly in every number.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
BIN=target/release/orgsim
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
QUIET=(-q --no-figures --no-report --force)

echo "== machine"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"

# Seconds (best of N) of one command.
best_of() {
  local n=$1
  shift
  local best=""
  for _ in $(seq "$n"); do
    local start end t
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf "%.3f" "$best"
}

# Employee-months per second of `orgsim run` (one replication) at a size, months and threads.
run_rate() {
  local teams=$1 months=$2 threads=$3 reps=${4:-1}
  local secs
  secs=$(best_of 3 "$BIN" run --set organisation.teams="$teams" --set months="$months" \
    -n "$reps" -j "$threads" --out "$WORK/run" "${QUIET[@]}")
  local em=$((teams * 10 * months * reps))
  printf "%9d employees  %4d months  %3d reps  %d thr  %8.3f s  %6.2f M employee-months/s\n" \
    $((teams * 10)) "$months" "$reps" "$threads" "$secs" "$(echo "$em / $secs / 1000000" | bc -l)"
}

if [ "${1:-}" != quick ]; then
  echo "== criterion: one step of the default model (benches/step.rs)"
  cargo bench --quiet --bench step 2>/dev/null | grep -E "^step/|thrpt" || true
  echo "== criterion: sweep throughput (benches/sweep.rs)"
  cargo bench --quiet --bench sweep 2>/dev/null | grep -E "^sweep/|thrpt" || true
  echo "== criterion: formatting one run's CSV rows (benches/csv.rs)"
  cargo bench --quiet --bench csv 2>/dev/null | grep -E "^csv/|time:" || true
fi

echo "== one run of 1,000,000 employees for 120 months on 2 threads (GNU time)"
/usr/bin/time -f "elapsed %e s, user %U s, peak memory %M KB" \
  "$BIN" run --set organisation.teams=100000 --set months=120 -n 1 -j 2 --out "$WORK/million" "${QUIET[@]}"

echo "== cost against employees, months and replications (best of 3)"
for teams in 100 1000 10000 100000; do
  for threads in 1 2; do run_rate "$teams" 120 "$threads"; done
done
for months in 60 120 240 480; do run_rate 1000 "$months" 1; done
for reps in 1 10 100; do
  for threads in 1 2; do run_rate 20 60 "$threads" "$reps"; done
done

echo "== sweep of many small runs: 100 points × 40 replications of the default scenario"
cat >"$WORK/sweep.toml" <<'EOF'
name = "throughput"
replications = 40
[design]
kind = "grid"
[[vary]]
key = "knowledge.socialisation_rate"
from = 0.05
to = 0.5
steps = 10
[[vary]]
key = "environment.tightness"
from = 0.1
to = 0.9
steps = 10
EOF
for threads in 1 2; do
  rm -rf "$WORK/sweep-$threads"
  start=$(date +%s.%N)
  "$BIN" sweep "$WORK/sweep.toml" --out "$WORK/sweep-$threads" -j "$threads" "${QUIET[@]}"
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  printf "%d thread(s): 4000 runs in %.2f s = %.0f runs/s\n" "$threads" "$secs" "$(echo "4000 / $secs" | bc -l)"
done
echo "-- the CSV share: assembling the tables from the part files alone (orgsim merge, 2 threads)"
start=$(date +%s.%N)
"$BIN" merge "$WORK/sweep-2" --out "$WORK/merged" --no-figures --no-report 2>/dev/null
end=$(date +%s.%N)
printf "assembly (read parts, format and write %s of CSV): %.2f s\n" \
  "$(du -ch "$WORK"/merged/*.csv | tail -1 | cut -f1)" "$(echo "$end - $start" | bc -l)"

echo "== what two cores give here: one 1-thread run alone, then two at once (best of 3)"
# On a VM two vCPUs may share a physical core (or its caches) with each other or with other
# guests; then no program scales to 2x. Read the 2-thread numbers above against this.
one_run() {
  "$BIN" run --set organisation.teams=10000 --set months=120 -n 1 -j 1 --out "$WORK/cap-$1" "${QUIET[@]}"
}
two_runs() {
  one_run b &
  one_run c
  wait
}
alone=$(best_of 3 one_run a)
together=$(best_of 3 two_runs)
printf "alone %.3f s, two at once %.3f s: two cores give %.2fx one\n" "$alone" "$together" \
  "$(echo "2 * $alone / $together" | bc -l)"

if command -v valgrind >/dev/null; then
  echo "== instructions and (simulated) mispredicted branches per employee-month (cachegrind)"
  count() {
    valgrind --tool=cachegrind --cache-sim=no --branch-sim=yes --cachegrind-out-file=/dev/null \
      "$BIN" run --set organisation.teams=1000 --set months="$1" -n 1 -j 1 --out "$WORK/cg" "${QUIET[@]}" 2>&1 |
      awk '/I *refs/ {gsub(",","",$4); i=$4} /Mispredicts/ {gsub(",","",$3); m=$3} END {print i, m}'
  }
  read -r i96 m96 < <(count 96)
  read -r i48 m48 < <(count 48)
  # The difference of two horizons cancels initialisation and output.
  echo "instructions: $(( (i96 - i48) / 480000 )), mispredicted branches: $(echo "($m96 - $m48) / 480000" | bc -l | cut -c1-4)"
fi
