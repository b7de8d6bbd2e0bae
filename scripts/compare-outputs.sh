#!/bin/bash
# Before and after a refactor: runs the same commands (text and --json) with two rag binaries on
# stores of their own and says which outputs differ, timings and dates left out.
#   cp .build/release/rag /tmp/rag-before   # before the change
#   scripts/compare-outputs.sh /tmp/rag-before .build/release/rag
set -u
[ $# -eq 2 ] || { echo "usage: $0 OLD_RAG NEW_RAG" >&2; exit 64; }
cd "$(dirname "$0")/.."
declare -A binary=([old]="$1" [new]="$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
strip='walk(if type == "object" then with_entries(select(.key | test("seconds|_ms|timings|_at$|tok_s|ttft|bytes|modified|ingested|last_ingest|peak") | not)) else . end)'
for which in old new; do
  bin=${binary[$which]}
  out=$work/$which; mkdir -p $out
  s="--store $work/store-$which"
  $bin ingest $s --json corpora/ml-notes 2>/dev/null | jq -S "$strip" > $out/ingest.json
  $bin stats $s --json | jq -S "$strip" > $out/stats.json
  for q in "What is LoRA?" "Why divide attention scores by sqrt(d_k)?" "When are the office hours?"; do
    $bin search $s --json "$q" | jq -S "$strip" >> $out/search.json
    $bin ask $s --json "$q" 2>/dev/null | jq -S "$strip" >> $out/ask.json
    $bin ask $s "$q" 2>/dev/null >> $out/ask.txt
  done
  $bin inspect doc $s --json "$PWD/corpora/ml-notes/week05-attention-transformers/attention.md" 2>&1 | jq -S "$strip" > $out/inspect.json
  $bin inspect chunk $s --json 5 | jq -S "$strip" > $out/chunk.json
  for f in Tests/IngestTests/Fixtures/pdf/paper.pdf Tests/IngestTests/Fixtures/pdf/slides.pdf corpora/ml-notes/week05-attention-transformers/*; do $bin chunks --json $f | jq -S "$strip" >> $out/chunks.json; done
  $bin verify $s --json | jq -S "$strip" > $out/verify.json
  $bin eval qa $s corpora/qa.jsonl 2>&1 | grep -v "ms\b\|seconds" > $out/evalqa.txt
  $bin stats $s | grep -v "last ingest\|on disk\|^store" > $out/stats.txt
  $bin verify $s > $out/verify.txt 2>&1
  $bin verify --deep $s > $out/verify-deep.txt 2>&1
  $bin inspect doc $s "$PWD/corpora/ml-notes/week05-attention-transformers/attention.md" > $out/inspect.txt 2>&1
  $bin inspect chunk $s 5 >> $out/inspect.txt 2>&1
  $bin search $s "What is LoRA?" > $out/search.txt
  $bin search $s --explain "What is LoRA?" >> $out/search.txt
  $bin search $s --in corpora/ml-notes/week01-foundations "zzzqqq" >> $out/search.txt
  $bin ingest $s --dry-run corpora/ml-notes corpora/sklearn-guide > $out/dryrun.txt 2>&1
  for f in corpora/ml-notes/week05-attention-transformers/attention.md Tests/IngestTests/Fixtures/pdf/slides.pdf; do $bin chunks $f >> $out/chunks.txt 2>&1; done
  $bin chunks Tests/IngestTests/Fixtures/pdf/truncated.pdf >> $out/chunks.txt 2>&1
  printf 'What is LoRA?\nhow many parameters does it add?\n' | $bin chat $s 2>/dev/null > $out/chat.txt
  $bin chat $s --list | cut -c1-3,21- > $out/chatlist.txt
done
status=0
for f in $work/old/*; do
  name=$(basename $f)
  if cmp -s $f $work/new/$name; then echo "same $name ($(wc -c <$f) bytes)"; else echo "DIFFERS $name"; diff $f $work/new/$name | head -20; status=1; fi
done
exit $status
