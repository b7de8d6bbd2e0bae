#!/usr/bin/env bash
# The main job on a fresh machine: set up, build rag, ingest the bundled notes in corpora/ and ask them a question.
# The store goes to $RAG_HOME (default ~/.local/share/rag); run it again and the ingest is a quick sync.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --product rag
rag=.build/release/rag

echo "== rag ingest corpora/ml-notes" >&2
$rag ingest corpora/ml-notes
echo "== rag ask \"When and where are Prof. Halvorsen's office hours?\"" >&2
$rag ask "When and where are Prof. Halvorsen's office hours?"
echo "== rag search --k 3 \"Why are attention scores divided by the square root of d_k?\"" >&2
$rag search --k 3 "Why are attention scores divided by the square root of d_k?"
echo "== rag stats" >&2
$rag stats
