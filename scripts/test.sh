#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (packages, models), build, install the official
# clients the tests drive rag with (scripts/clients.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --build-tests
scripts/clients.sh
swift test -c release -Xswiftc -enable-testing --skip-build
