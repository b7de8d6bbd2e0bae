#!/usr/bin/env bash
# The main job on a fresh machine: set up, build rag, and run it on the bundled notes in corpora/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product rag 2>&1 | { grep -vE '^\[[0-9]+/[0-9]+\]' || true; } >&2
rag=.build/release/rag

echo "== rag embed: three questions a student might ask"
$rag embed "What does the attention mechanism compute?" \
  "How does LoRA reduce the number of trainable parameters?" \
  "Why does BM25 saturate term frequency?"
