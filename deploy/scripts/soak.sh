#!/usr/bin/env bash
# Soak (docs/reliability.md): a private cluster and the API (Release build, random-tiny model),
# a collection of 20,000 poses, then a steady mixed load (80 % search, 10 % upsert of 20 poses,
# 10 % delete, over 2,000 ids per client, so the table reaches a steady size) for MINUTES, sampled every INTERVAL seconds into OUT/soak.csv
# and OUT/soak.png (service RSS, PostgreSQL PSS, table and index size, dead tuples, search
# p50/p99, errors), and the index maintenance's log lines into OUT/index-maintenance.log.
#   deploy/scripts/soak.sh [MINUTES] [CLIENTS] [INTERVAL] [OUT]    default 30 4 30 perf-results/soak-<time>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
minutes=${1:-30}; clients=${2:-4}; interval=${3:-30}
out=${4:-$root/perf-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
say() { echo "[soak] $*"; }
source deploy/scripts/drill-lib.sh
drill_setup soak
key=soak-key-0123456789abcdef
drill_keys=("$key")
# The index maintenance's rebuild lines are Information; the drills log only warnings otherwise.
drill_start_api Serilog__MinimumLevel__Override__PoseSearch.Api.Maintenance=Information
drill_seed soak "$key" 20 1000 base-
say "collection 'soak' holds 20,000 poses; $clients clients for $minutes min, a sample every $interval s; load average $(cut -d' ' -f1 /proc/loadavg)"
"$PYTHON" deploy/scripts/soak.py --url "$base" --key "$key" --collection soak --minutes "$minutes" --clients "$clients" \
  --interval "$interval" --api-pid "$api_pid" --pg-data "$dir/pg/data" --pg-port "$port" --pg-password "$password" --database soak --out "$out"
say "errors in the service log: $(grep -c -E 'ERR\]|FTL\]' "$dir/api.log" || true)"
grep 'Index maintenance' "$dir/api.log" > "$out/index-maintenance.log" || true
say "graph rebuilds: $(grep -c 'rebuilt the HNSW graph' "$out/index-maintenance.log" || true) (lines in $out/index-maintenance.log)"
