#!/usr/bin/env bash
# Makes training/data/bandai-30fps.npz when it is missing: the 3D motion capture that `posesearch
# synth`, `posesearch recall`, `posesearch synth-bodies` and deploy/scripts/loadtest.sh film with
# random cameras. A fresh clone does not have it; it is imported from the Bandai BVH clips in
# ../shared/data (POSESEARCH_SHARED_DATA) by the training package (training/README.md), about 15 s.
# Does nothing when the file exists. Prints the file's path last.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dataset="$root/training/data/bandai-30fps.npz"
if [ ! -f "$dataset" ]; then
  echo "[ensure-mocap] $dataset is missing: importing the Bandai motion capture (import-mocap --source bandai)" >&2
  (cd "$root/training" && "$PYTHON" -m posesearch_training import-mocap --source bandai) >&2
  [ -f "$dataset" ] || { echo "[ensure-mocap] import-mocap did not write $dataset" >&2; exit 1; }
fi
echo "$dataset"
