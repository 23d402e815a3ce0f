#!/usr/bin/env bash
# Re-embedding benchmark (issue 13; docs/performance.md "Re-embedding a collection"): a private cluster,
# COUNT poses embedded with prvipe-occlusion-v1 (posesearch synth), the API serving prvipe-v2 by
# default with prvipe-occlusion-v1 beside it, then POST /v1/collections/synth/reembed to prvipe-v2
# while one client searches the collection without pause (wrk, 10 s windows). Prints and writes
# (OUT.json) the re-embedding rate, the search latency before, during and after, and the status
# resource's progress. Needs a Release build and training/data/bandai-30fps.npz (made when missing).
#   deploy/scripts/reembed-bench.sh [COUNT (default 1000000)] [OUT (default perf-results/reembed)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
source deploy/scripts/drill-lib.sh
count=${1:-1000000}
out=${2:-perf-results/reembed}
mkdir -p "$(dirname "$out")"
cli=(dotnet src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll)
[ -f src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll ] || dotnet build -c Release -m:1 --nologo -v quiet src/PoseSearch.Cli
[ -f training/data/bandai-30fps.npz ] || (cd training && "$PYTHON" -m posesearch_training import-mocap --source bandai)

drill_setup reembed
key=bench-key-0123456789abcdef
drill_keys=("$key")
connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database"
echo "[reembed-bench] loading $count poses embedded with prvipe-occlusion-v1"
"${cli[@]}" synth --count "$count" --connection "$connection" --model onnx-models/prvipe-occlusion-v1 --collection synth --report "$dir/synth.json" >/dev/null 2>&1

drill_start_api PoseSearch__Model__Path="$root/onnx-models/prvipe-v2" PoseSearch__Model__AdditionalPaths__0="$root/onnx-models/prvipe-occlusion-v1"
"${cli[@]}" synth-bodies --kind search --count 500 --seed 3 --out "$dir/search.jsonl" >/dev/null
lua=deploy/scripts/loadtest/rotate-bodies.lua
window() {  # one 10-s window of one client searching -> RESULT json
  wrk -t1 -c1 -d10s --timeout 10s -s "$lua" "$base/v1/collections/synth/search" -- "$dir/search.jsonl" "$key" | sed -n 's/^RESULT //p'
}
before=$(window)

started=$(date +%s.%N)
status=$(curl -fs -X POST "$base/v1/collections/synth/reembed" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d '{"model":"prvipe-v2"}')
location="/v1/collections/synth/reembed/$(echo "$status" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
during=()
progress=()
while :; do
  during+=("$(window)")
  status=$(curl -fs "$base$location" -H "X-Api-Key: $key")
  progress+=("$status")
  echo "[reembed-bench] $(echo "$status" | "$PYTHON" -c 'import json,sys; s=json.load(sys.stdin); print(s["state"], s["done"], "of", s["total"], "poses,", s["posesPerSecond"], "poses/s, eta", s["etaSeconds"], "s")')"
  [ "$(echo "$status" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = running ] || break
done
finished=$(date +%s.%N)
after=$(window)

"$PYTHON" - "$out.json" "$count" "$started" "$finished" "$before" "$after" "$status" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "${during[@]}" <<'PY'
import json, sys
out, count, started, finished, before, after, status, cores, load = sys.argv[1:10]
during = [json.loads(d) for d in sys.argv[10:] if d]
status = json.loads(status)
def latency(r): return {k: r["latency_ms"][k] for k in ("p50", "p99")} | {"requests_per_second": r["requests_per_second"], "errors": sum(r["errors"].values())}
report = {
    "command": f"deploy/scripts/reembed-bench.sh {count}", "poses": int(count), "cores": int(cores), "load_average_at_end": float(load),
    "state": status["state"], "error": status["error"], "reembedded": status["done"],
    "wall_seconds": round(float(finished) - float(started), 1),
    "poses_per_second": status["posesPerSecond"],
    "run_seconds": round((__import__("datetime").datetime.fromisoformat(status["finishedAt"].replace("Z", "+00:00")) - __import__("datetime").datetime.fromisoformat(status["startedAt"].replace("Z", "+00:00"))).total_seconds(), 1),
    "search_1_client_before": latency(json.loads(before)), "search_1_client_after": latency(json.loads(after)),
    "search_1_client_during_windows": [latency(d) for d in during],
}
json.dump(report, open(out, "w"), indent=2)
print(json.dumps({k: v for k, v in report.items() if k != "search_1_client_during_windows"}, indent=2))
print("during (p50/p99 ms per 10-s window):", ", ".join(f"{d['p50']:.1f}/{d['p99']:.1f}" for d in report["search_1_client_during_windows"]))
PY
