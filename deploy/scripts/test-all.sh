#!/usr/bin/env bash
# Runs every test suite of PoseSearch (C# and Python), installing what is missing first.
# Ends with one line "N passed, N failed[, N skipped]" that totals all suites.
# Exit status: 0 only when every suite ran and nothing failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python.sh"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

bash deploy/scripts/install-prereqs.sh || { echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0

echo "== C# (dotnet test PoseSearch.sln) =="
if ! dotnet build PoseSearch.sln -c Release --nologo -v quiet; then
  echo "build failed"; status=1
else
  dotnet test PoseSearch.sln -c Release --no-build --nologo \
    --logger "trx" --results-directory "$results/dotnet" \
    --logger "console;verbosity=minimal" || status=1
fi

# The GPU flavour (Microsoft.ML.OnnxRuntime.Gpu) on every run, into bin-gpu/ and obj-gpu/ beside the
# CPU build (Directory.Build.props): the service as the GPU image publishes it, and its tests on the
# CPU provider (no GPU here): the package loads, embeds the test vectors, falls back in one log line.
echo "== C# GPU flavour (-p:UseGpuRuntime=true) =="
gpu_started=$SECONDS
if ! dotnet build src/PoseSearch.Api -c Release -p:UseGpuRuntime=true --nologo -v quiet; then
  echo "GPU build failed"; status=1
fi
dotnet test tests/PoseSearch.Gpu.Tests -c Release -p:UseGpuRuntime=true --nologo \
  --logger "trx" --results-directory "$results/dotnet-gpu" \
  --logger "console;verbosity=minimal" || status=1
echo "GPU flavour: $((SECONDS - gpu_started)) s"

echo "== Python (training/) =="
(cd training && "$PYTHON" -m pytest -q --junitxml="$results/pytest.xml" tests) || status=1

summary=$("$PYTHON" "$root/deploy/scripts/summarize-tests.py" "$results")
rc=$?
[ $rc -eq 0 ] || status=1
echo "$summary"
exit $status
