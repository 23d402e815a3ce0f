#!/usr/bin/env bash
# Load test of a running PoseSearch service (issue 6; figures and how to read them: docs/performance.md).
#   deploy/scripts/loadtest.sh --url http://127.0.0.1:PORT --collection NAME --api-key KEY [options]
# Measures, with wrk and request bodies of real mocap poses through random cameras:
#   1. search latency p50/p99 at 1 client, then the request rate and latency at each --concurrency
#      level (the highest rate without errors is the sustained maximum; 16 clients is the target row)
#   2. ingest rate through POST /v1/collections/{name}/poses (batches of --ingest-batch poses,
#      new ids every request) into a scratch collection that is deleted afterwards
#   3. memory: RSS of the service and PSS of the PostgreSQL server (all its processes), peak while
#      searching at the highest concurrency
# Only loopback targets are accepted; every phase is bounded by --duration (at most 120 s each).
# Options:
#   --duration S          seconds per wrk phase (default 20)
#   --warmup S            seconds of untimed searches first, at the highest concurrency (default 20):
#                         .NET compiles hot code again with profile data during the first seconds
#   --concurrency "1 16"  client counts for the rate sweep (default "1 4 16 32 64")
#   --ingest-clients N    concurrent ingest clients (default 2); --ingest-batch N poses per request (default 100)
#   --skip-ingest         search only
#   --pg-port PORT        port of the PostgreSQL server, for its memory (default: not measured)
#   --out DIR             where the results go (default perf-results/loadtest-<time>)
# Output: a table on stdout and DIR/loadtest.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
lua="$root/deploy/scripts/loadtest/rotate-bodies.lua"
cli_dll="$root/src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll"

url="" collection="" api_key="" duration=20 warmup=20 levels="1 4 16 32 64" ingest_clients=2 ingest_batch=100
skip_ingest=0 pg_port="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --collection) collection=$2; shift 2 ;;
    --api-key) api_key=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --concurrency) levels=$2; shift 2 ;;
    --ingest-clients) ingest_clients=$2; shift 2 ;;
    --ingest-batch) ingest_batch=$2; shift 2 ;;
    --skip-ingest) skip_ingest=1; shift ;;
    --pg-port) pg_port=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "loadtest: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
fail() { echo "loadtest: $*" >&2; exit 2; }
[ -n "$url" ] && [ -n "$collection" ] || fail "--url and --collection are required (see --help)"
[ "$skip_ingest" = 1 ] || [ -n "$api_key" ] || fail "--api-key is required for the ingest phase (or pass --skip-ingest)"
url=${url%/}
case "$url" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) fail "only loopback targets are load-tested (http://127.0.0.1:PORT, http://localhost:PORT), got $url" ;;
esac
[[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -ge 1 ] && [ "$duration" -le 120 ] || fail "--duration must be 1..120 seconds, got $duration"
[[ "$warmup" =~ ^[0-9]+$ ]] && [ "$warmup" -le 120 ] || fail "--warmup must be 0..120 seconds, got $warmup"
for c in $levels; do [[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ge 1 ] && [ "$c" -le 256 ] || fail "--concurrency values must be 1..256, got $c"; done
[[ "$ingest_clients" =~ ^[0-9]+$ ]] && [ "$ingest_clients" -ge 1 ] && [ "$ingest_clients" -le 64 ] || fail "--ingest-clients must be 1..64"
[[ "$ingest_batch" =~ ^[0-9]+$ ]] && [ "$ingest_batch" -ge 1 ] && [ "$ingest_batch" -le 1000 ] || fail "--ingest-batch must be 1..1000"

# --- tools ------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "[loadtest] installing wrk (Debian package)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
if [ ! -f "$cli_dll" ]; then
  echo "[loadtest] building the posesearch CLI (Release)"
  dotnet build "$root/src/PoseSearch.Cli/PoseSearch.Cli.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
fi

out=${out:-$root/perf-results/loadtest-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
curl -fsS "$url/health/ready" >/dev/null || fail "the service at $url is not ready ($url/health/ready)"
curl -fsS "$url/v1/collections/$collection" ${api_key:+-H "X-Api-Key: $api_key"} >/dev/null \
  || fail "collection '$collection' not found at $url"

# --- request bodies (a temporary folder: the ingest pool alone is about 20 MB) ---------------------
# They film the Bandai motion capture: a fresh clone imports it first (about 15 s).
bash "$root/deploy/scripts/ensure-mocap.sh" >/dev/null
bodies=$(mktemp -d)
trap 'rm -rf "$bodies"' EXIT
dotnet "$cli_dll" synth-bodies --kind search --count 2000 --seed 3 --out "$bodies/search.jsonl" >/dev/null
[ "$skip_ingest" = 1 ] || dotnet "$cli_dll" synth-bodies --kind ingest --count 200 --batch "$ingest_batch" --seed 4 --out "$bodies/ingest.jsonl" >/dev/null

# --- memory -----------------------------------------------------------------------------------
listener_pid() {  # PID of the process listening on a local TCP port
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}
api_port=${url##*:}
api_pid=$(listener_pid "$api_port" || true)
pg_pid=""
[ -z "$pg_port" ] || pg_pid=$(listener_pid "$pg_port" || true)
clk_tck=$(getconf CLK_TCK)
cpu_ticks() {  # utime + stime of a process (+ its reaped children's); 0 when gone
  [ -n "$1" ] && awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0
}
pg_cpu_ticks() {  # the postmaster and all its processes (pooled backends live on between phases)
  [ -n "$pg_pid" ] || { echo 0; return; }
  local total=0 pid
  for pid in "$pg_pid" $(ps -o pid= --ppid "$pg_pid"); do total=$((total + $(cpu_ticks "$pid"))); done
  echo "$total"
}
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }  # user nice system irq softirq
cpu_snapshot() { echo "$(cpu_ticks "$api_pid") $(pg_cpu_ticks) $(machine_busy_ticks)"; }
cpu_split_json() {  # "before" "after" requests -> CPU ms per request: service, PostgreSQL, everything else
  "$PYTHON" -c '
import json, sys
b = [int(x) for x in sys.argv[1].split()]; a = [int(x) for x in sys.argv[2].split()]
n = float(sys.argv[3]); tick_ms = 1000.0 / int(sys.argv[4])
d = [(y - x) * tick_ms / n if n else 0.0 for x, y in zip(b, a)]
print(json.dumps({"service": round(d[0], 3), "postgres": round(d[1], 3), "other": round(d[2] - d[0] - d[1], 3), "machine": round(d[2], 3)}))' "$1" "$2" "$3" "$clk_tck"
}
rss_kib() { [ -n "$1" ] && awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pg_pss_kib() {  # PSS of the postmaster and all its children: shared buffers counted once
  [ -n "$pg_pid" ] || { echo 0; return; }
  local total=0 pid value
  for pid in "$pg_pid" $(ps -o pid= --ppid "$pg_pid"); do
    value=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}
sample_memory() {  # peak RSS/PSS every second until killed; writes "api_kib pg_kib"
  local api_peak=0 pg_peak=0 a p
  trap 'echo "$api_peak $pg_peak" > "$1"; exit 0' TERM
  while true; do
    a=$(rss_kib "$api_pid"); p=$(pg_pss_kib)
    [ "${a:-0}" -gt "$api_peak" ] && api_peak=$a
    [ "${p:-0}" -gt "$pg_peak" ] && pg_peak=$p
    echo "$api_peak $pg_peak" > "$1"
    sleep 1
  done
}

# --- phases -----------------------------------------------------------------------------------
run_wrk() {  # clients path bodies [api_key] [id_prefix] -> RESULT json
  local clients=$1 path=$2 bodies=$3 key=${4:-} prefix=${5:-}
  local threads=$(( clients < 2 ? 1 : 2 ))
  timeout $((duration + 30)) wrk -t"$threads" -c"$clients" -d"${duration}s" --timeout 10s -s "$lua" "$url$path" -- "$bodies" "$key" "$prefix" \
    | sed -n 's/^RESULT //p'
}

machine=$(lscpu | sed -n 's/^Model name: *//p' | head -n1)
cores=$(nproc)
load_start=$(cut -d' ' -f1 /proc/loadavg)
started_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "[loadtest] $url collection '$collection', $duration s per phase, machine: $machine ($cores cores), load average $load_start"
api_rss_idle=$(rss_kib "$api_pid"); pg_pss_idle=$(pg_pss_kib)

if [ "$warmup" -gt 0 ]; then
  echo "[loadtest] warm-up: $warmup s of searches at $(echo $levels | tr ' ' '\n' | sort -n | tail -n1) clients (not counted)"
  saved=$duration; duration=$warmup
  run_wrk "$(echo $levels | tr ' ' '\n' | sort -n | tail -n1)" "/v1/collections/$collection/search" "$bodies/search.jsonl" "$api_key" >/dev/null
  duration=$saved
fi

search_results=()
best_rate=0 best_clients=0
max_level=$(echo $levels | tr ' ' '\n' | sort -n | tail -n1)
for clients in $levels; do
  sampler_pid=""
  if [ "$clients" = "$max_level" ]; then
    sample_memory "$out/memory-peak" & sampler_pid=$!
  fi
  cpu_before=$(cpu_snapshot)
  result=$(run_wrk "$clients" "/v1/collections/$collection/search" "$bodies/search.jsonl" "$api_key")
  cpu_after=$(cpu_snapshot)
  [ -z "$sampler_pid" ] || { kill -TERM "$sampler_pid"; wait "$sampler_pid" 2>/dev/null || true; }
  [ -n "$result" ] || fail "wrk returned no result for $clients clients"
  read -r rps errors p50 p99 requests < <("$PYTHON" -c 'import json,sys; r=json.loads(sys.argv[1]); e=sum(r["errors"].values()); print(r["requests_per_second"], e, r["latency_ms"]["p50"], r["latency_ms"]["p99"], r["requests"])' "$result")
  cpu=$(cpu_split_json "$cpu_before" "$cpu_after" "$requests")
  search_results+=("{\"clients\":$clients,\"cpu_ms_per_request\":$cpu,\"result\":$result}")
  printf '[loadtest] search, %3d clients: %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %s  CPU ms/request %s\n' "$clients" "$rps" "$p50" "$p99" "$errors" "$cpu"
  if [ "$errors" = 0 ] && "$PYTHON" -c "import sys; sys.exit(0 if float('$rps') > float('$best_rate') else 1)"; then
    best_rate=$rps best_clients=$clients
  fi
done
read -r api_rss_peak pg_pss_peak < "$out/memory-peak" 2>/dev/null || { api_rss_peak=0; pg_pss_peak=0; }
rm -f "$out/memory-peak"

ingest_json=null
if [ "$skip_ingest" = 0 ]; then
  scratch="loadtest-ingest-$(date +%s)"
  curl -fsS -X POST "$url/v1/collections" -H 'Content-Type: application/json' -H "X-Api-Key: $api_key" \
    -d "{\"name\":\"$scratch\",\"description\":\"deploy/scripts/loadtest.sh scratch collection\"}" >/dev/null
  cpu_before=$(cpu_snapshot)
  result=$(run_wrk "$ingest_clients" "/v1/collections/$scratch/poses" "$bodies/ingest.jsonl" "$api_key" "lt$(date +%s)")
  cpu_after=$(cpu_snapshot)
  stored=$(curl -fsS "$url/v1/collections/$scratch" -H "X-Api-Key: $api_key" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(d.get("poseCount", d.get("poses", 0)))')
  curl -fsS -X DELETE "$url/v1/collections/$scratch" -H "X-Api-Key: $api_key" >/dev/null || echo "[loadtest] could not delete the scratch collection $scratch" >&2
  [ -n "$result" ] || fail "wrk returned no ingest result"
  read -r rps errors p50 p99 < <("$PYTHON" -c 'import json,sys; r=json.loads(sys.argv[1]); e=sum(r["errors"].values()); print(r["requests_per_second"], e, r["latency_ms"]["p50"], r["latency_ms"]["p99"])' "$result")
  poses_per_second=$("$PYTHON" -c "print(round(float('$rps') * $ingest_batch, 1))")
  cpu=$(cpu_split_json "$cpu_before" "$cpu_after" "$stored")
  printf '[loadtest] ingest, %3d clients x %d poses: %8.1f req/s = %s poses/s  p50 %7.2f ms  p99 %7.2f ms  errors %s  (stored %s)  CPU ms/pose %s\n' \
    "$ingest_clients" "$ingest_batch" "$rps" "$poses_per_second" "$p50" "$p99" "$errors" "$stored" "$cpu"
  echo "[loadtest] the deleted scratch rows stay as dead tuples (and HNSW entries every search walks) until PostgreSQL vacuums poses"
  ingest_json="{\"clients\":$ingest_clients,\"batch\":$ingest_batch,\"poses_per_second\":$poses_per_second,\"poses_stored\":$stored,\"cpu_ms_per_pose\":$cpu,\"result\":$result}"
fi

load_end=$(cut -d' ' -f1 /proc/loadavg)
printf '[loadtest] highest sustained search rate (no errors): %s req/s at %s clients\n' "$best_rate" "$best_clients"
printf '[loadtest] memory: service RSS %d MiB idle, %d MiB peak; PostgreSQL PSS %d MiB idle, %d MiB peak%s\n' \
  $((api_rss_idle / 1024)) $((api_rss_peak / 1024)) $((pg_pss_idle / 1024)) $((pg_pss_peak / 1024)) "$([ -n "$pg_pid" ] || echo ' (pass --pg-port to measure)')"
cat > "$out/loadtest.json" <<JSON
{
  "url": "$url", "collection": "$collection", "duration_s": $duration, "warmup_s": $warmup,
  "machine": "$machine", "cores": $cores, "load_average_start": $load_start, "load_average_end": $load_end,
  "started_utc": "$started_utc",
  "search": [$(IFS=,; echo "${search_results[*]}")],
  "highest_sustained_search_rps": {"requests_per_second": $best_rate, "clients": $best_clients},
  "ingest": $ingest_json,
  "memory_kib": {"service_rss_idle": $api_rss_idle, "service_rss_peak": $api_rss_peak, "postgres_pss_idle": $pg_pss_idle, "postgres_pss_peak": $pg_pss_peak}
}
JSON
echo "[loadtest] wrote $out/loadtest.json"
