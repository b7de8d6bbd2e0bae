#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (packages, models), check the formatting
# (.swift-format), build, install the official clients the tests drive rag with
# (scripts/clients.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Formatting first: a diff from .swift-format fails the run before the long build.
swift-format lint --strict --recursive --parallel Sources Tests Package.swift
scripts/build.sh --build-tests
scripts/clients.sh
swift test -c release -Xswiftc -enable-testing --skip-build
