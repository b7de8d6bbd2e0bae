#!/usr/bin/env bash
# Builds rag and its tests in one optimised configuration, shared by the demo, the tests and the
# benchmarks so that none of them rebuilds what another built. -enable-testing lets the tests
# reach internal kernels; it does not slow the optimised code (bench/embed measures the same).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release -Xswiftc -enable-testing "$@" 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' || true; } >&2
