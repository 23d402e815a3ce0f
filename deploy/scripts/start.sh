#!/usr/bin/env bash
# The main job (README "Two commands"): a private PostgreSQL cluster in .data/postgres, the
# demo collection, and the API in the foreground on a free localhost port.
#   1. installs what is missing (install-prereqs.sh; nothing on a second run)
#   2. starts (or reuses) the cluster on a free port and creates the database
#   3. builds the solution in Release (skipped when nothing under src/ changed since the last build)
#   4. imports the demo motion capture once into .data/demo/ (CMU sample, Bandai, CMU salsa/karate/dance and HDM05; every 5th frame)
#   5. generates an API key once (.data/api-key, kept across runs)
#   6. loads the demo collection (skipped when it already holds the same poses from the same model)
#   7. starts the API and prints the web UI and Swagger UI addresses, the key and a request to paste
# Ctrl-C stops the API; the database keeps running (deploy/scripts/pg-cluster.sh stop .data/postgres).
# Environment: POSESEARCH_SHARED_DATA (default ../shared/data), POSESEARCH_MODEL (a model folder;
# default onnx-models/prvipe-v2-int8 when present, else prvipe-v2, else prvipe-occlusion-v1, else onnx-models/random-tiny),
# POSESEARCH_API_PORT (default: a free port).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
state="$root/.data"
mkdir -p "$state/demo"
say() { echo "[start] $*"; }

bash deploy/scripts/install-prereqs.sh

shared=${POSESEARCH_SHARED_DATA:-$root/../shared/data}
[ -d "$shared" ] || { echo "[start] shared data folder not found: $shared (set POSESEARCH_SHARED_DATA)" >&2; exit 1; }
shared=$(cd "$shared" && pwd)

# --- database -------------------------------------------------------------------------------
pg_port=$(bash deploy/scripts/pg-cluster.sh start "$state/postgres")
pg_password=$(bash deploy/scripts/pg-cluster.sh password "$state/postgres")
say "PostgreSQL on 127.0.0.1:$pg_port (data in .data/postgres; password in .data/postgres/password)"
export PGPASSWORD="$pg_password"
psql_cmd=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -qtA)
database=posesearch
if [ "$("${psql_cmd[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  "${psql_cmd[@]}" -d postgres -c "CREATE DATABASE $database" >/dev/null
fi
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password;Database=$database"

# --- build ----------------------------------------------------------------------------------
stamp="$state/build.stamp"
changed=$(find src Directory.Build.props Directory.Packages.props global.json PoseSearch.sln \
  -newer "$stamp" -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/bin-gpu/*' -not -path '*/obj-gpu/*' -type f -print -quit 2>/dev/null || true)
if [ ! -f "$stamp" ] || [ -n "$changed" ]; then
  say "building the solution (Release)"
  dotnet build PoseSearch.sln -c Release --nologo -v quiet -clp:ErrorsOnly
  touch "$stamp"
else
  say "build is up to date"
fi
cli=(dotnet "$root/src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll")
api_dir="$root/src/PoseSearch.Api/bin/Release/net10.0"

# --- model ----------------------------------------------------------------------------------
if [ -n "${POSESEARCH_MODEL:-}" ]; then
  model=$(cd "$POSESEARCH_MODEL" && pwd)
elif [ -f onnx-models/prvipe-v2-int8/model.onnx ]; then
  model="$root/onnx-models/prvipe-v2-int8"   # prvipe-v2 in int8: the same Hit@k, a tenth of the model's CPU
elif [ -f onnx-models/prvipe-v2/model.onnx ]; then
  model="$root/onnx-models/prvipe-v2"
elif [ -f onnx-models/prvipe-occlusion-v1/model.onnx ]; then
  model="$root/onnx-models/prvipe-occlusion-v1"
else
  model="$root/onnx-models/random-tiny"
fi
[ -f "$model/model.onnx" ] || { echo "[start] no model.onnx in $model" >&2; exit 1; }
say "model: ${model#"$root"/}"
# The temporal model beside it, when shipped: the "temporal" distance of POST /v1/align and the Align tab.
temporal_env=()
if [ -f onnx-models/prvipe-temporal-v1/model.onnx ]; then
  temporal_env=(PoseSearch__Model__AdditionalPaths__0="$root/onnx-models/prvipe-temporal-v1")
  say "temporal model: onnx-models/prvipe-temporal-v1 (align distance \"temporal\")"
fi

# --- demo data ------------------------------------------------------------------------------
# Every 5th frame at 30 fps; the Bandai file holds both splits, the loader keeps only the
# held-out (val) clips, which the model never saw in training.
cmu_npz="$state/demo/cmu-30fps-every5.npz"
bandai_npz="$state/demo/bandai-30fps-every5.npz"
import_mocap() {  # source out
  say "importing the $1 motion capture into ${2#"$root"/} (once)"
  (cd training && POSESEARCH_SHARED_DATA="$shared" "$PYTHON" -m posesearch_training import-mocap \
    --source "$1" --stride 5 --workers 2 --no-progress --out "$2")
}
aclstm_npz="$state/demo/cmu-aclstm-30fps-every5.npz"
hdm05_npz="$state/demo/hdm05-30fps-every5.npz"
[ -f "$cmu_npz" ] || import_mocap cmu "$cmu_npz"
[ -f "$bandai_npz" ] || import_mocap bandai "$bandai_npz"
# Held-out variety: the CMU salsa/karate/dance takes no model trained on (val split), and HDM05
# (lying down, squats, kicks, throws; CC BY-SA 3.0, used for evaluation and demos only).
[ -f "$aclstm_npz" ] || import_mocap cmu-aclstm "$aclstm_npz"
[ -f "$hdm05_npz" ] || import_mocap hdm05 "$hdm05_npz"

# --- API key --------------------------------------------------------------------------------
key_file="$state/api-key"
if [ ! -s "$key_file" ]; then
  (umask 077 && head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40 >"$key_file")
  say "generated an API key in .data/api-key"
fi
api_key=$(cat "$key_file")

# --- demo collection ------------------------------------------------------------------------
"${cli[@]}" demo load --dataset "$cmu_npz" --dataset "$bandai_npz" --dataset "$aclstm_npz" --dataset "$hdm05_npz" \
  --rig "$shared/cameras/h36m-cameras.json" --collection demo --every 5 --exclude-split train \
  --connection "$connection" --model "$model" | sed 's/^/[start] /'

# --- API ------------------------------------------------------------------------------------
api_port=${POSESEARCH_API_PORT:-$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
base="http://127.0.0.1:$api_port"
(
  cd "$api_dir"
  # Production, with the Swagger UI switched on explicitly: this is the demo (Production's default is off).
  export ASPNETCORE_URLS="$base" ASPNETCORE_ENVIRONMENT=Production PoseSearch__Swagger__Enabled=true \
    ConnectionStrings__PoseSearch="$connection" PoseSearch__ApiKeys__0="$api_key" PoseSearch__Model__Path="$model"
  exec env "${temporal_env[@]}" dotnet PoseSearch.Api.dll
) &
api_pid=$!
stop_api() { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; }
trap 'stop_api; echo "[start] API stopped; PostgreSQL keeps running (stop it: deploy/scripts/pg-cluster.sh stop .data/postgres)"' EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 120); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { echo "[start] the API exited during start-up" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { echo "[start] the API did not become ready at $base/health/ready" >&2; exit 1; }

# A real pose of the demo collection as the example query: a fixed mid-clip frame of a
# Bandai validation clip, seen by camera 54138969.
example=$("${psql_cmd[@]}" -F '|' -d "$database" -c "
  SELECT p.external_id, p.keypoints FROM poses p JOIN collections c ON c.id = p.collection_id
  WHERE c.name = 'demo' AND p.video_id LIKE 'dataset-%.54138969' AND p.frame = 60
  ORDER BY p.external_id LIMIT 1 OFFSET 20")
example_id=${example%%|*}
example_pose=${example#*|}
example_clip=${example_id%%:*}
example_bodies=$("$PYTHON" -c '
import json, sys
values = [float(v) for v in sys.argv[1].strip("{}").split(",")]
keypoints = [{"x": round(values[i], 1), "y": round(values[i + 1], 1)} for i in range(0, len(values), 2)]
query = {"pose": {"layout": "model13", "keypoints": keypoints}, "k": 5}
print(json.dumps(query, separators=(",", ":")))
query["filter"] = {"videoId": sys.argv[2]}
print(json.dumps(query, separators=(",", ":")))
' "$example_pose" "$example_clip.60457274")
example_body=$(sed -n 1p <<<"$example_bodies")
example_filtered=$(sed -n 2p <<<"$example_bodies")

# The key goes to the terminal only, never into a log file: when stdout is not a terminal
# (start.sh > start.log), only the path of the key file (mode 0600) is printed.
if [ -t 1 ]; then
  key_line="$api_key   (also in .data/api-key, mode 0600)"
else
  key_line="in $key_file (mode 0600; not printed because the output is not a terminal)"
fi

cat <<EOF

PoseSearch is running.
  Web UI:      $base/   (pose a figure or load a detector file; the matches are drawn)
  Swagger UI:  $base/swagger
  API key:     $key_line
               (header X-Api-Key; needed for writes: ingest, deletes, collections)

A search in the demo collection with a real pose of it ($example_id, clip:frame:camera):
the pose itself and its neighbouring frames come first.

curl -s -X POST '$base/v1/collections/demo/search' -H 'Content-Type: application/json' -d '$example_body'

The same query restricted to camera 60457274's video of that clip: the same moment seen from
another side comes first (frame 60, give or take a few frames, with the trained model).

curl -s -X POST '$base/v1/collections/demo/search' -H 'Content-Type: application/json' -d '$example_filtered'

Ctrl-C stops the API. The database keeps running: deploy/scripts/pg-cluster.sh stop .data/postgres
EOF
wait "$api_pid"
