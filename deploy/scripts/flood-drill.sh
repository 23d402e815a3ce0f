#!/usr/bin/env bash
# Flood drill (docs/reliability.md): a private cluster and the API (Release build, random-tiny
# model), a collection of 5,000 poses; one client floods searches while another measures its
# search latency, once with rate limits off (the default) and once with them on.
#   deploy/scripts/flood-drill.sh [SECONDS] [FLOOD_CONNECTIONS] [SEARCHES_PER_SECOND]   default 15 8 100
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
seconds=${1:-15}; threads=${2:-8}; rate=${3:-100}
say() { echo "[flood] $*"; }
source deploy/scripts/drill-lib.sh
drill_setup flood
flood_key=flood-key-0123456789abcdef
other_key=other-key-0123456789abcdef
drill_keys=("$flood_key" "$other_key")
start_api() {  # rate limits on or off
  drill_start_api PoseSearch__RateLimits__Enabled="$1" PoseSearch__RateLimits__Search__TokensPerSecond="$rate" \
    PoseSearch__RateLimits__Search__Burst="$rate"
}

start_api false
drill_seed flood "$flood_key" 10 500 p
say "collection 'flood' holds 5,000 poses; load average $(cut -d' ' -f1 /proc/loadavg)"
say "rate limits OFF (the default)"
"$PYTHON" deploy/scripts/flood-drill.py "$base" flood "$flood_key" "$other_key" "$seconds" "$threads" | sed 's/^/[flood]   /'
drill_stop_api
start_api true
say "rate limits ON: $rate searches/s per key (burst $rate); load average $(cut -d' ' -f1 /proc/loadavg)"
"$PYTHON" deploy/scripts/flood-drill.py "$base" flood "$flood_key" "$other_key" "$seconds" "$threads" | sed 's/^/[flood]   /'
