#!/usr/bin/env bash
# Flood drill (docs/reliability.md): a private cluster and the API (Release build, random-tiny
# model), a collection of 5,000 poses; one client floods searches while another measures its
# search latency, three times: rate limits off (the default), on with 429s answered at once
# (RejectionHoldSeconds=0), and on with 429s held for their Retry-After (the default hold, 1 s).
# The flooder is a process of its own, under `nice -n FLOOD_NICE` (default 0).
#   deploy/scripts/flood-drill.sh [SECONDS] [FLOOD_CONNECTIONS] [SEARCHES_PER_SECOND] [FLOOD_NICE]   default 15 8 100 0
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
seconds=${1:-15}; threads=${2:-8}; rate=${3:-100}; niceness=${4:-0}
say() { echo "[flood] $*"; }
source deploy/scripts/drill-lib.sh
drill_setup flood
flood_key=flood-key-0123456789abcdef
other_key=other-key-0123456789abcdef
drill_keys=("$flood_key" "$other_key")
start_api() {  # rate limits on or off, seconds a 429 is held
  drill_start_api PoseSearch__RateLimits__Enabled="$1" PoseSearch__RateLimits__Search__TokensPerSecond="$rate" \
    PoseSearch__RateLimits__Search__Burst="$rate" PoseSearch__RateLimits__RejectionHoldSeconds="$2"
}
drill() { "$PYTHON" deploy/scripts/flood-drill.py "$base" flood "$flood_key" "$other_key" "$seconds" "$threads" "$niceness" | sed 's/^/[flood]   /'; }

start_api false 0
drill_seed flood "$flood_key" 10 500 p
say "collection 'flood' holds 5,000 poses; flooder under nice $niceness; load average $(cut -d' ' -f1 /proc/loadavg)"
say "rate limits OFF (the default)"
drill
drill_stop_api
start_api true 0
say "rate limits ON: $rate searches/s per key (burst $rate), 429 at once (RejectionHoldSeconds=0); load average $(cut -d' ' -f1 /proc/loadavg)"
drill
drill_stop_api
start_api true 1
say "rate limits ON: $rate searches/s per key (burst $rate), 429 held up to its Retry-After (RejectionHoldSeconds=1, the default); load average $(cut -d' ' -f1 /proc/loadavg)"
drill
