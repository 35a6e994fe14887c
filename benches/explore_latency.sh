#!/usr/bin/env bash
# Change-to-result latency of `orgsim explore`: starts the server on a free port, posts N runs
# of the default organisation with 20 replications (each with another trust_loss_rate, as a
# slider being moved), and prints p50 and p95 of the time from sending the request to having
# the whole answer. Not a test; run after `cargo build --release`:
#   bash benches/explore_latency.sh [N]
set -euo pipefail
n="${1:-50}"
bin="${ORGSIM_BIN:-target/release/orgsim}"
log="$(mktemp)"
"$bin" explore --no-open --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q http:// "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[0-9.:]*' "$log")"
times=()
for i in $(seq "$n"); do
  rate="0.$(printf '%02d' $(( (i % 90) + 5 )))"
  body="{\"scenario\":\"default\",\"replications\":20,\"overrides\":[\"parameters.trust_loss_rate=$rate\"]}"
  t="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST --data "$body" "$url/api/run")"
  [[ "${t%% *}" == 200 ]] || { echo "run $i failed: $t" >&2; exit 1; }
  times+=("${t#* }")
done
printf '%s\n' "${times[@]}" | sort -g | awk -v n="$n" '
  { v[NR] = $1 * 1000 }
  END {
    p50 = v[int(0.50 * (n - 1)) + 1]; p95 = v[int(0.95 * (n - 1)) + 1]
    printf "%d runs of the default organisation, 20 replications: p50 %.0f ms, p95 %.0f ms, max %.0f ms\n", n, p50, p95, v[n]
  }'
