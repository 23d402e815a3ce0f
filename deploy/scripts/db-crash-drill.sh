#!/usr/bin/env bash
# Database crash drill (docs/reliability.md): a private cluster (pg-cluster.sh) in a temporary
# folder, the API (Release build) against it, then SIGKILL to the postmaster and
# `pg-cluster.sh start` again. Prints what clients saw while it was down and how long the API
# took to be ready again, without being restarted.
#   deploy/scripts/db-crash-drill.sh [SECONDS_DOWN]     default 3
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
down=${1:-3}
say() { echo "[drill] $*"; }
now() { date +%s.%N; }
source deploy/scripts/drill-lib.sh
drill_setup drill
say "cluster on port $port (password auth)"
key=drill-key-0123456789abcdef
drill_keys=("$key")
drill_connection_extra=";Timeout=3;Command Timeout=5"
drill_start_api
curl -fs -X POST "$base/v1/collections" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d '{"name":"drill"}' >/dev/null
say "API ready at $base"

pid=$(head -1 "$dir/pg/data/postmaster.pid")
kill -9 "$pid"
killed=$(now)
say "killed the postmaster (pid $pid)"
codes=""
end=$(echo "$killed + $down" | bc)
while [ "$(echo "$(now) < $end" | bc)" = 1 ]; do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}:%{time_total}' -X POST "$base/v1/collections/drill/search" -H 'Content-Type: application/json' \
    -d '{"pose":{"layout":"model13","keypoints":[{"x":320,"y":100},{"x":350,"y":150},{"x":290,"y":150},{"x":362,"y":210},{"x":278,"y":210},{"x":366,"y":265},{"x":274,"y":265},{"x":340,"y":270},{"x":300,"y":270},{"x":342,"y":350},{"x":298,"y":350},{"x":344,"y":430},{"x":296,"y":430}]}}')"
  sleep 0.2
done
ready_while_down=$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")
ready_body=$(curl -s "$base/health/ready")
for _ in $(seq 1 20); do
  new_port=$(bash deploy/scripts/pg-cluster.sh start "$dir/pg" 2>/dev/null) && break
  sleep 0.5
done
restarted=$(now)
say "pg-cluster.sh start: port $new_port (was $port)"
until curl -fs "$base/health/ready" >/dev/null 2>&1; do
  sleep 0.05
  [ "$(echo "$(now) - $restarted < 30" | bc)" = 1 ] || { say "not ready after 30 s"; exit 1; }
done
ready=$(now)
search=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/v1/collections/drill/search" -H 'Content-Type: application/json' \
  -d '{"pose":{"layout":"model13","keypoints":[{"x":320,"y":100},{"x":350,"y":150},{"x":290,"y":150},{"x":362,"y":210},{"x":278,"y":210},{"x":366,"y":265},{"x":274,"y":265},{"x":340,"y":270},{"x":300,"y":270},{"x":342,"y":350},{"x":298,"y":350},{"x":344,"y":430},{"x":296,"y":430}]}}')
statuses=$(tr ' ' '\n' <<<"$codes" | sed '/^$/d' | cut -d: -f1 | sort | uniq -c | tr -s ' ' | paste -sd, -)
slowest=$(tr ' ' '\n' <<<"$codes" | sed '/^$/d' | cut -d: -f2 | sort -g | tail -1)
say "searches while down: $statuses (slowest ${slowest}s); /health/ready while down: $ready_while_down $ready_body"
say "ready again $(echo "$ready - $restarted" | bc | xargs printf '%.2f') s after pg-cluster.sh start returned; search then: $search; API process never restarted (pid $api_pid alive: $(kill -0 $api_pid && echo yes))"
[ "$new_port" = "$port" ] && [ "$search" = 200 ] && ! grep -q ' 500 ' <<<"$statuses"
