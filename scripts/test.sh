#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (packages, models), then build and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --build-tests
swift test -c release -Xswiftc -enable-testing --skip-build
