#!/usr/bin/env bash
# The service's memory under the issue's hostile /v1/embeddings bodies (docs/reliability.md):
# a private cluster and the API (Release build, random-tiny model), then CONCURRENT bodies of
# MEGABYTES at once, ROUNDS times, with a Content-Length and chunked; RSS before, peak and after.
#   deploy/scripts/body-memory.sh [MEGABYTES] [CONCURRENT] [ROUNDS]    default 6 4 10
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
megabytes=${1:-6}; concurrent=${2:-4}; rounds=${3:-10}
source deploy/scripts/drill-lib.sh
drill_setup bodymem
drill_keys=(bodymem-key-0123456789abcdef)
drill_start_api
# One legal request first, so the model and the JSON paths are warm before "before" is read.
curl -fs -X POST "$base/v1/embeddings" -H 'Content-Type: application/json' \
  -d '{"poses":[{"layout":"model13","keypoints":[{"x":320,"y":100},{"x":350,"y":150},{"x":290,"y":150},{"x":362,"y":210},{"x":278,"y":210},{"x":366,"y":265},{"x":274,"y":265},{"x":340,"y":270},{"x":300,"y":270},{"x":342,"y":350},{"x":298,"y":350},{"x":344,"y":430},{"x":296,"y":430}]}]}' >/dev/null
echo "[body-memory] load average $(cut -d' ' -f1 /proc/loadavg)"
"$PYTHON" deploy/scripts/body-memory.py "$base" "$api_pid" "$megabytes" "$concurrent" "$rounds" | sed 's/^/[body-memory] /'
