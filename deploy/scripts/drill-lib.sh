# Shared by the reliability drills (db-crash-drill.sh, flood-drill.sh, soak.sh); source it, do
# not run it. A drill gets a private PostgreSQL cluster in a temporary folder, the API (Release
# build, random-tiny model) on a free loopback port, and a collection of random standing poses;
# everything is stopped and removed on exit.
#   drill_setup NAME              cluster + database NAME; sets dir, port, password, base
#   drill_start_api ENV=VALUE...  starts the API (extra settings as environment), waits until ready
#   drill_stop_api
#   drill_seed COLLECTION KEY BATCHES SIZE ID_PREFIX   creates the collection, ingests BATCHES x SIZE poses
# Settings read by drill_start_api: drill_keys (array of API keys), drill_connection_extra
# (appended to the connection string).

source "$(dirname "${BASH_SOURCE[0]}")/python.sh"

drill_setup() {
  local name=$1
  dir=$(mktemp -d "/tmp/posesearch-$name.XXXXXX")
  chmod 0755 "$dir"  # the cluster runs as postgres under root
  api_pid=""
  trap drill_cleanup EXIT
  port=$(bash deploy/scripts/pg-cluster.sh start "$dir/pg")
  password=$(bash deploy/scripts/pg-cluster.sh password "$dir/pg")
  PGPASSWORD=$password /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U postgres -qtAc "CREATE DATABASE $name" >/dev/null
  database=$name
  [ -f src/PoseSearch.Api/bin/Release/net10.0/PoseSearch.Api.dll ] || dotnet build -c Release -m:1 --nologo -v quiet src/PoseSearch.Api
  local api_port
  api_port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$api_port"
}

drill_start_api() {
  local keys=() i=0
  for key in "${drill_keys[@]}"; do keys+=("PoseSearch__ApiKeys__$i=$key"); i=$((i + 1)); done
  (cd src/PoseSearch.Api/bin/Release/net10.0 && exec env ASPNETCORE_URLS="$base" ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__PoseSearch="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database${drill_connection_extra:-}" \
    PoseSearch__Model__Path="$root/onnx-models/random-tiny" Serilog__MinimumLevel__Default=Warning "${keys[@]}" "$@" \
    dotnet PoseSearch.Api.dll >>"$dir/api.log" 2>&1) &
  api_pid=$!  # the subshell execs env, which execs dotnet: this is the process that listens
  for _ in $(seq 1 120); do curl -fs "$base/health/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "the API did not start:" >&2; tail -20 "$dir/api.log" >&2; exit 1
}

drill_stop_api() {
  [ -z "$api_pid" ] || { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=""; }
}

drill_cleanup() {
  drill_stop_api
  bash deploy/scripts/pg-cluster.sh stop "$dir/pg" || true
  rm -rf "$dir"
}

drill_seed() {  # collection key batches size id_prefix
  curl -fs -X POST "$base/v1/collections" -H "X-Api-Key: $2" -H 'Content-Type: application/json' -d "{\"name\":\"$1\"}" >/dev/null
  "$PYTHON" - "$base" "$@" <<'PY'
import json, random, sys, urllib.request
base, collection, key, batches, size, prefix = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
rng = random.Random(1)
for b in range(batches):
    poses = [{"id": f"{prefix}{b}-{i}", "pose": {"layout": "model13", "keypoints": [
        {"x": xy[2 * j] + rng.uniform(-40, 40), "y": xy[2 * j + 1] + rng.uniform(-40, 40)} for j in range(13)]}}
        for i in range(size)]
    request = urllib.request.Request(f"{base}/v1/collections/{collection}/poses", json.dumps({"poses": poses}).encode(),
                                     {"Content-Type": "application/json", "X-Api-Key": key})
    urllib.request.urlopen(request).read()
PY
}
