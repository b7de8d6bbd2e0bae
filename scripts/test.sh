#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (packages, models), then build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' || true; }
swift test --skip-build
