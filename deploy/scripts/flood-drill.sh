#!/usr/bin/env bash
# Flood drill (docs/reliability.md): a private cluster and the API (Release build, random-tiny
# model), a collection of 5,000 poses; one client floods searches while another measures its
# search latency, once with rate limits off (the default) and once with them on.
#   deploy/scripts/flood-drill.sh [SECONDS] [FLOOD_CONNECTIONS] [SEARCHES_PER_SECOND]   default 15 8 100
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
seconds=${1:-15}; threads=${2:-8}; rate=${3:-100}
dir=$(mktemp -d /tmp/posesearch-flood.XXXXXX)
chmod 0755 "$dir"  # the cluster runs as postgres under root
api_pid=""
stop_api() { [ -z "$api_pid" ] || { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=""; }; }
cleanup() { stop_api; bash deploy/scripts/pg-cluster.sh stop "$dir/pg" || true; rm -rf "$dir"; }
trap cleanup EXIT
say() { echo "[flood] $*"; }

port=$(bash deploy/scripts/pg-cluster.sh start "$dir/pg")
password=$(bash deploy/scripts/pg-cluster.sh password "$dir/pg")
PGPASSWORD=$password /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U postgres -qtAc "CREATE DATABASE flood" >/dev/null
[ -f src/PoseSearch.Api/bin/Release/net10.0/PoseSearch.Api.dll ] || dotnet build -c Release -m:1 --nologo -v quiet src/PoseSearch.Api
api_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$api_port"
flood_key=flood-key-0123456789abcdef
other_key=other-key-0123456789abcdef

start_api() {  # rate limits on or off
  (cd src/PoseSearch.Api/bin/Release/net10.0 && ASPNETCORE_URLS=$base ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__PoseSearch="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=flood" \
    PoseSearch__ApiKeys__0=$flood_key PoseSearch__ApiKeys__1=$other_key PoseSearch__Model__Path="$root/onnx-models/random-tiny" \
    PoseSearch__RateLimits__Enabled="$1" PoseSearch__RateLimits__Search__TokensPerSecond="$rate" PoseSearch__RateLimits__Search__Burst="$rate" \
    Serilog__MinimumLevel__Default=Warning exec dotnet PoseSearch.Api.dll >>"$dir/api.log" 2>&1) &
  api_pid=$!
  for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  say "API did not start"; tail -20 "$dir/api.log"; exit 1
}

start_api false
curl -fs -X POST "$base/v1/collections" -H "X-Api-Key: $flood_key" -H 'Content-Type: application/json' -d '{"name":"flood"}' >/dev/null
/usr/bin/python3 - "$base" "$flood_key" <<'PY'
import json, random, sys, urllib.request
base, key = sys.argv[1], sys.argv[2]
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
rng = random.Random(1)
for b in range(10):
    poses = [{"id": f"p{b}-{i}", "pose": {"layout": "model13", "keypoints": [{"x": xy[2*j] + rng.uniform(-40, 40), "y": xy[2*j+1] + rng.uniform(-40, 40)} for j in range(13)]}} for i in range(500)]
    request = urllib.request.Request(f"{base}/v1/collections/flood/poses", json.dumps({"poses": poses}).encode(), {"Content-Type": "application/json", "X-Api-Key": key})
    urllib.request.urlopen(request).read()
PY
say "collection 'flood' holds 5,000 poses; load average $(cut -d' ' -f1 /proc/loadavg)"
say "rate limits OFF (the default)"
/usr/bin/python3 deploy/scripts/flood-drill.py "$base" flood "$flood_key" "$other_key" "$seconds" "$threads" | sed 's/^/[flood]   /'
stop_api
start_api true
say "rate limits ON: $rate searches/s per key (burst $rate); load average $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 deploy/scripts/flood-drill.py "$base" flood "$flood_key" "$other_key" "$seconds" "$threads" | sed 's/^/[flood]   /'
