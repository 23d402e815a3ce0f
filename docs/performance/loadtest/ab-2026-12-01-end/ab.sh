#!/usr/bin/env bash
# Same-hour A/B: old build (e27a536, previous stop) then new build (main), same private cluster and collection.
set -euo pipefail
cd /work/main
source deploy/scripts/drill-lib.sh
drill_setup abtest
key=ab-key-0123456789abcdef
connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database"
dotnet /work/ab-old/src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll synth --count 50000 --connection "$connection" --model onnx-models/prvipe-v2 --collection synth50k >/dev/null 2>&1
run() {  # label dll-dir
  local api_port; api_port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (cd "$2" && exec env ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__PoseSearch="$connection" \
    PoseSearch__ApiKeys__0=$key PoseSearch__Model__Path=/work/main/onnx-models/prvipe-v2 Serilog__MinimumLevel__Default=Warning dotnet PoseSearch.Api.dll >>"$dir/api-$1.log" 2>&1) &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  bash deploy/scripts/loadtest.sh --url "http://127.0.0.1:$api_port" --collection synth50k --api-key $key --duration 15 --warmup 10 --concurrency "1 16" --skip-ingest --out "/tmp/ev/ab-$1" 2>&1 | tail -8
  kill $pid; wait $pid 2>/dev/null || true
}
echo "== old (e27a536)"; run old /work/ab-old/src/PoseSearch.Api/bin/Release/net10.0
echo "== new (main)"; run new /work/main/src/PoseSearch.Api/bin/Release/net10.0
