#!/usr/bin/env bash
# The fuzz suite at full size (CI runs 2,000 requests of it inside the Api tests):
#   deploy/scripts/fuzz.sh [REQUESTS] [SEED]      default 10000 requests, seed 20261201
# Starts its own PostgreSQL cluster and the service on a loopback Kestrel port (the test fixture),
# sends REQUESTS seeded hostile requests and fails on any 5xx, any request over 2 s, any change
# to the data stored before the run, or a service that no longer answers. Report: .data/fuzz-report.txt
# POSESEARCH_FUZZ_SETTINGS="PoseSearch:RateLimits:Enabled=true;PoseSearch:RequireApiKeyForReads=true"
# runs it against another configuration of the service.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
mkdir -p .data
export POSESEARCH_FUZZ_REQUESTS=${1:-10000}
export POSESEARCH_FUZZ_SEED=${2:-20261201}
export POSESEARCH_FUZZ_REPORT="$root/.data/fuzz-report.txt"
dotnet build tests/PoseSearch.Api.Tests -c Release --nologo -v quiet -m:1
dotnet test tests/PoseSearch.Api.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~PoseSearch.Api.Tests.Fuzz.FuzzTests" --logger "console;verbosity=normal"
echo "[fuzz] report: .data/fuzz-report.txt"
cat "$POSESEARCH_FUZZ_REPORT"
