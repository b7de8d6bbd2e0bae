#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up (packages, models), check the formatting
# (.swift-format), build, check the gold sets against the notes they ask about and rag's chunks,
# install the official clients the tests drive rag with (scripts/clients.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Formatting first: a diff from .swift-format fails the run before the long build.
swift-format lint --strict --recursive --parallel Sources Tests Package.swift
scripts/build.sh --build-tests
# A gold row whose evidence left the notes, or no longer lies inside one chunk, would measure
# nothing; slides-qa.jsonl asks about a PDF and a deck, which the checker cannot read.
scripts/real-notes.sh > /dev/null
python3 corpora/check_qa.py --rag .build/release/rag corpora/qa.jsonl corpora/unanswerable.jsonl
python3 corpora/check_qa.py --rag .build/release/rag --corpus corpora/sklearn-guide corpora/sklearn-qa/*.jsonl
python3 corpora/check_qa.py --rag .build/release/rag --corpus corpora/d2l-notes corpora/d2l-qa/*.jsonl
python3 corpora/followups/check.py --strict --rag .build/release/rag
scripts/clients.sh
swift test -c release -Xswiftc -enable-testing --skip-build
