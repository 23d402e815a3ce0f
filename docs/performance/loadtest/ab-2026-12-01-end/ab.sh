#!/usr/bin/env bash
# Same-hour A/B of the search path (docs/performance.md, "End-of-round A/B"): an OLD build, then this
# checkout's build, against one private cluster and one 50,000-pose collection made by the old CLI.
#   git worktree add ../ab-old e27a536 && (cd ../ab-old && dotnet build src/PoseSearch.Api -c Release && dotnet build src/PoseSearch.Cli -c Release)
#   bash docs/performance/loadtest/ab-2026-12-01-end/ab.sh ../ab-old
set -euo pipefail
old=$(cd "$1" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
cd "$root"
source deploy/scripts/drill-lib.sh
drill_setup abtest
key=ab-key-0123456789abcdef
connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database"
dotnet "$old/src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll" synth --count 50000 --connection "$connection" --model onnx-models/prvipe-v2 --collection synth50k >/dev/null 2>&1
run() {  # label api-bin-dir
  local api_port; api_port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$2" && exec env ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__PoseSearch="$connection" \
    PoseSearch__ApiKeys__0=$key PoseSearch__Model__Path="$root/onnx-models/prvipe-v2" Serilog__MinimumLevel__Default=Warning dotnet PoseSearch.Api.dll >>"$dir/api-$1.log" 2>&1) &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  bash deploy/scripts/loadtest.sh --url "http://127.0.0.1:$api_port" --collection synth50k --api-key $key --duration 15 --warmup 10 \
    --concurrency "1 16" --skip-ingest --out "perf-results/ab-$1" 2>&1 | tail -8
  kill $pid; wait $pid 2>/dev/null || true
}
echo "== old ($old)"; run old "$old/src/PoseSearch.Api/bin/Release/net10.0"
echo "== new (this checkout)"; run new "$root/src/PoseSearch.Api/bin/Release/net10.0"
