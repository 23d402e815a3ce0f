#!/usr/bin/env bash
# Soak (docs/reliability.md): a private cluster and the API (Release build, random-tiny model),
# a collection of 20,000 poses, then a steady mixed load (80 % search, 10 % upsert of 20 poses,
# 10 % delete, over 2,000 ids per client, so the table reaches a steady size) for MINUTES, sampled every INTERVAL seconds into OUT/soak.csv
# and OUT/soak.png (service RSS, PostgreSQL PSS, table and index size, dead tuples, search
# p50/p99, errors).
#   deploy/scripts/soak.sh [MINUTES] [CLIENTS] [INTERVAL] [OUT]    default 30 4 30 perf-results/soak-<time>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
minutes=${1:-30}; clients=${2:-4}; interval=${3:-30}
out=${4:-$root/perf-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
dir=$(mktemp -d /tmp/posesearch-soak.XXXXXX)
chmod 0755 "$dir"  # the cluster runs as postgres under root
api_pid=""
cleanup() { [ -z "$api_pid" ] || kill "$api_pid" 2>/dev/null || true; bash deploy/scripts/pg-cluster.sh stop "$dir/pg" || true; rm -rf "$dir"; }
trap cleanup EXIT
say() { echo "[soak] $*"; }

port=$(bash deploy/scripts/pg-cluster.sh start "$dir/pg")
password=$(bash deploy/scripts/pg-cluster.sh password "$dir/pg")
PGPASSWORD=$password /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U postgres -qtAc "CREATE DATABASE soak" >/dev/null
[ -f src/PoseSearch.Api/bin/Release/net10.0/PoseSearch.Api.dll ] || dotnet build -c Release -m:1 --nologo -v quiet src/PoseSearch.Api
api_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$api_port"
key=soak-key-0123456789abcdef
(cd src/PoseSearch.Api/bin/Release/net10.0 && ASPNETCORE_URLS=$base ASPNETCORE_ENVIRONMENT=Production \
  ConnectionStrings__PoseSearch="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=soak" \
  PoseSearch__ApiKeys__0=$key PoseSearch__Model__Path="$root/onnx-models/random-tiny" Serilog__MinimumLevel__Default=Warning \
  exec dotnet PoseSearch.Api.dll >"$dir/api.log" 2>&1) &
api_pid=$!
for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
# The process that listens (the subshell execs dotnet, so it is $api_pid).
curl -fs -X POST "$base/v1/collections" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d '{"name":"soak"}' >/dev/null
/usr/bin/python3 - "$base" "$key" <<'PY'
import json, random, sys, urllib.request
base, key = sys.argv[1], sys.argv[2]
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
rng = random.Random(1)
for b in range(20):
    poses = [{"id": f"base-{b}-{i}", "pose": {"layout": "model13", "keypoints": [{"x": xy[2*j] + rng.uniform(-40, 40), "y": xy[2*j+1] + rng.uniform(-40, 40)} for j in range(13)]}} for i in range(1000)]
    request = urllib.request.Request(f"{base}/v1/collections/soak/poses", json.dumps({"poses": poses}).encode(), {"Content-Type": "application/json", "X-Api-Key": key})
    urllib.request.urlopen(request).read()
PY
say "collection 'soak' holds 20,000 poses; $clients clients for $minutes min, a sample every $interval s; load average $(cut -d' ' -f1 /proc/loadavg)"
/usr/bin/python3 deploy/scripts/soak.py --url "$base" --key "$key" --collection soak --minutes "$minutes" --clients "$clients" \
  --interval "$interval" --api-pid "$api_pid" --pg-data "$dir/pg/data" --pg-port "$port" --pg-password "$password" --database soak --out "$out"
say "errors in the service log: $(grep -c -E 'ERR\]|FTL\]' "$dir/api.log" || true)"
