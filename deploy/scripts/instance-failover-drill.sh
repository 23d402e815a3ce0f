#!/usr/bin/env bash
# Instance failover drill (docs/scaling.md): a private cluster (drill-lib.sh), N API instances behind
# haproxy (multi-instance.sh), wrk searching through the balancer, and SIGKILL to one instance
# mid-load. Prints the requests, the failed ones (non-2xx, connection errors, timeouts) and how long
# haproxy took to take the dead instance out of rotation.
#   deploy/scripts/instance-failover-drill.sh [--instances N] [--clients C] [--seconds S] [--no-retries]
#     defaults: 2 instances, 8 clients, 20 s of load, the kill after 40 % of it;
#     --no-retries: haproxy without request replay, to count what the health check alone lets through
# Exit status 0 when no request failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
instances=2 clients=8 seconds=20 retries=1
while [ $# -gt 0 ]; do
  case "$1" in
    --instances) instances=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --no-retries) retries=0; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "instance-failover-drill: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$instances" =~ ^[0-9]+$ ]] && [ "$instances" -ge 2 ] && [ "$instances" -le 8 ] || { echo "--instances must be 2..8" >&2; exit 2; }
[[ "$clients" =~ ^[0-9]+$ ]] && [ "$clients" -ge 1 ] && [ "$clients" -le 256 ] || { echo "--clients must be 1..256" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 5 ] && [ "$seconds" -le 120 ] || { echo "--seconds must be 5..120" >&2; exit 2; }
say() { echo "[drill] $*"; }
now() { date +%s.%N; }
source deploy/scripts/drill-lib.sh
drill_setup failover
trap 'bash deploy/scripts/multi-instance.sh stop "$dir/instances"; drill_cleanup' EXIT
key=drill-key-0123456789abcdef

base=$(POSESEARCH_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database" \
  POSESEARCH_API_KEY=$key POSESEARCH_MODEL_PATH="$root/onnx-models/random-tiny" POSESEARCH_LB_RETRIES=$retries \
  bash deploy/scripts/multi-instance.sh start "$dir/instances" "$instances" | tail -n1)
stats="http://127.0.0.1:$(cat "$dir/instances/stats.port")/stats;csv"
say "$instances instances behind haproxy at $base (request replay: $([ "$retries" = 1 ] && echo on || echo off))"
drill_seed drill "$key" 10 100 p
say "seeded 1,000 poses"

# Search bodies: random standing poses (no dataset needed).
"$PYTHON" - "$dir/search.jsonl" <<'PY'
import json, random, sys
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
rng = random.Random(7)
with open(sys.argv[1], "w") as out:
    for _ in range(500):
        kps = [{"x": xy[2 * j] + rng.uniform(-40, 40), "y": xy[2 * j + 1] + rng.uniform(-40, 40)} for j in range(13)]
        out.write(json.dumps({"pose": {"layout": "model13", "keypoints": kps}, "k": 10}) + "\n")
PY

server_status() { curl -fs "$stats" | awk -F, -v s="$1" '$1 == "instances" && $2 == s {print $18}'; }
threads=$(( clients < 2 ? 1 : 2 ))
wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 10s -s deploy/scripts/loadtest/rotate-bodies.lua \
  "$base/v1/collections/drill/search" -- "$dir/search.jsonl" "$key" >"$dir/wrk.out" 2>&1 &
wrk_pid=$!
kill_after=$(echo "$seconds * 0.4" | bc)
sleep "$kill_after"
victim_pid=$(cat "$dir/instances/api-1.pid")
bash deploy/scripts/multi-instance.sh kill "$dir/instances" 1 KILL
killed=$(now)
say "SIGKILL to instance 1 (pid $victim_pid) after ${kill_after} s of load"
detected=""
while [ -z "$detected" ] && [ "$(echo "$(now) - $killed < 15" | bc)" = 1 ]; do
  case "$(server_status api-1)" in DOWN*) detected=$(now) ;; esac
  sleep 0.05
done
wait "$wrk_pid" || true
result=$(sed -n 's/^RESULT //p' "$dir/wrk.out")
[ -n "$result" ] || { say "wrk returned no result:"; cat "$dir/wrk.out"; exit 1; }
read -r requests rps failed detail < <("$PYTHON" -c '
import json, sys
r = json.loads(sys.argv[1]); e = r["errors"]
print(r["requests"], r["requests_per_second"], sum(e.values()), ",".join(f"{k}={v}" for k, v in e.items()))' "$result")
if [ -n "$detected" ]; then
  window=$(echo "$detected - $killed" | bc | xargs printf '%.2f')
  say "haproxy marked instance 1 DOWN ${window} s after the kill (check every 1 s, 2 failures)"
else
  say "haproxy did not mark instance 1 DOWN within 15 s"
fi
say "searches: $requests in ${seconds} s ($rps req/s, $clients clients), failed: $failed ($detail)"
say "instances left: $(curl -fs "$stats" | awk -F, '$1 == "instances" && $2 ~ /^api-/ {printf "%s %s; ", $2, $18}')"
[ "$failed" = 0 ]
