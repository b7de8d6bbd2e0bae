#!/usr/bin/env bash
# The page of `rag serve` in a real browser: serves a store of corpora/ml-notes, has headless
# Chromium (Debian's) open /?q=QUESTION&open=1 (the page asks at once and, once the answer has
# streamed in, opens its first citation) and saves what it then shows as a PNG.
#   scripts/screenshot-page.sh [--store DIR] [--question TEXT] [OUT.png]   (default: page.png)
# Without --store, corpora/ml-notes is ingested into a temporary store first.
set -euo pipefail
cd "$(dirname "$0")/.."
question="Why are attention scores divided by the square root of d_k?"
store="" out=page.png
while [[ $# -gt 0 ]]; do
  case $1 in
    --store) store=$2; shift 2 ;;
    --question) question=$2; shift 2 ;;
    -*) echo "usage: scripts/screenshot-page.sh [--store DIR] [--question TEXT] [OUT.png]" >&2; exit 64 ;;
    *) out=$1; shift ;;
  esac
done

scripts/setup.sh
scripts/clients.sh  # Debian's chromium
scripts/build.sh --product rag
rag=.build/release/rag
work=$(mktemp -d)
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

if [[ -z $store ]]; then
  store=$work/store
  "$rag" ingest --store "$store" corpora/ml-notes 2>/dev/null
fi
"$rag" serve --store "$store" --port 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 600); do
  grep -q "listening on" "$work/serve.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$')
query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$question")

# Chromium is driven through its DevTools protocol (Tests/clients/devtools.py), so the picture is
# taken when the page says the answer has streamed in and the cited passage is open, not after a
# guessed delay.
until='(s => s === "passage-open" || s === "failed" || s === "answered" && !document.querySelector(".sources li"))(document.body && document.body.dataset.state)'
python3 Tests/clients/devtools.py screenshot "http://127.0.0.1:$port/?q=$query&open=1" "$work/page.png" "$until"
mv "$work/page.png" "$out"
echo "screenshot: $out ($question)" >&2
