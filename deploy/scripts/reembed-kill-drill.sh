#!/usr/bin/env bash
# Kill drill of re-embedding (issue 13): COUNT poses embedded with random-tiny, `posesearch reembed` to
# prvipe-plain-v1 killed with SIGKILL mid-run, then run again. Passes when the second run resumes where
# the first stopped and the collection ends with every pose exactly once, embedded once by the new
# model (the progress marker equals COUNT: no batch counted twice), and nothing else left behind.
#   deploy/scripts/reembed-kill-drill.sh [COUNT (default 20000)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
source deploy/scripts/drill-lib.sh
count=${1:-20000}
[ -f src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll ] || dotnet build -c Release -m:1 --nologo -v quiet src/PoseSearch.Cli
[ -f training/data/bandai-30fps.npz ] || bash deploy/scripts/ensure-mocap.sh
cli=(dotnet src/PoseSearch.Cli/bin/Release/net10.0/posesearch.dll)
drill_setup reembedkill
connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=$database"
sql() { PGPASSWORD=$password /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$port" -U postgres -d "$database" -qtAc "$1"; }
fail() { echo "[reembed-kill-drill] FAILED: $*" >&2; exit 1; }

"${cli[@]}" synth --count "$count" --collection big --connection "$connection" --model onnx-models/random-tiny --threads 1 >/dev/null 2>&1
reembed=("${cli[@]}" reembed --connection "$connection" --collection big --model onnx-models/prvipe-plain-v1 --batch 20 --threads 1)

"${reembed[@]}" >"$dir/first.out" 2>"$dir/first.err" &
first=$!
for _ in $(seq 1 600); do
  done_now=$(sql "SELECT coalesce(max(done), 0) FROM reembed_jobs" 2>/dev/null || echo 0)
  [ "$done_now" -ge $((count / 10)) ] && break
  sleep 0.1
done
kill -9 "$first"
status=0; wait "$first" || status=$?
killed_at=$(sql "SELECT done FROM reembed_jobs")
echo "[reembed-kill-drill] first run killed (exit $status) at $killed_at of $count; job $(sql "SELECT state FROM reembed_jobs")"
[ "$status" = 137 ] || fail "the first run was not killed (exit $status)"
[ "$killed_at" -lt "$count" ] || fail "the first run had finished before the kill"
[ "$(sql "SELECT model_name FROM collections WHERE name = 'big'")" = random-tiny ] || fail "the collection changed before the switch"

"${reembed[@]}" >"$dir/second.out" 2>"$dir/second.err" || fail "the second run failed: $(tail -1 "$dir/second.err")"
cat "$dir/second.out"
grep -q "(resumed at " "$dir/second.out" || fail "the second run did not resume"
checks=$(sql "SELECT (SELECT model_name FROM collections WHERE name = 'big') || ' ' || (SELECT count(*) FROM collections) || ' ' ||
  (SELECT count(*) FROM poses) || ' ' || (SELECT count(DISTINCT external_id) FROM poses) || ' ' || (SELECT done FROM reembed_jobs WHERE state = 'done')")
echo "[reembed-kill-drill] model, collections, poses, distinct ids, progress marker: $checks"
[ "$checks" = "prvipe-plain-v1 1 $count $count $count" ] || fail "expected 'prvipe-plain-v1 1 $count $count $count'"
echo "[reembed-kill-drill] passed: killed at $killed_at, resumed, every pose embedded once"
