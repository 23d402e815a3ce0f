"""Totals the test results of every suite: dotnet's .trx files and pytest's JUnit XML.

Prints one line "N passed, N failed, N skipped"; exits 1 when anything failed or when a
suite that should have reported left no result file (a crashed run must not read as green).
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Every test project of PoseSearch.sln: Core, Embedding, Storage, Api, Cli, Web (browser).
EXPECTED_DOTNET_SUITES = 6
EXPECTED_GPU_SUITES = 1  # PoseSearch.Gpu.Tests: the GPU build (-p:UseGpuRuntime=true) on the CPU provider


def main(results_dir: str) -> int:
    root = Path(results_dir)
    passed = failed = skipped = 0
    trx_files = sorted((root / "dotnet").glob("*.trx")) if (root / "dotnet").is_dir() else []
    gpu_trx_files = sorted((root / "dotnet-gpu").glob("*.trx")) if (root / "dotnet-gpu").is_dir() else []
    for trx in trx_files + gpu_trx_files:
        counters = next(ET.parse(trx).getroot().iter("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}Counters"))
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
        skipped += int(counters.get("notExecuted", 0))
    missing = max(0, EXPECTED_DOTNET_SUITES - len(trx_files)) + max(0, EXPECTED_GPU_SUITES - len(gpu_trx_files))
    junit = root / "pytest.xml"
    if junit.is_file():
        for suite in ET.parse(junit).getroot().iter("testsuite"):
            tests, failures, errors, skips = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
            passed += tests - failures - errors - skips
            failed += failures + errors
            skipped += skips
    else:
        missing += 1
    failed += missing  # a suite that left no results counts as one failure
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
