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
if ! command -v chromium >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "screenshot: installing Debian's chromium" >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
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

# Chromium is driven through its DevTools protocol (a WebSocket), so the picture is taken when
# the page says the answer has streamed in and the cited passage is open, not after a guessed
# delay. --no-sandbox: Chromium's sandbox refuses to run as root.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1250 \
  --remote-debugging-port=0 --user-data-dir="$work/profile" "http://127.0.0.1:$port/?q=$query&open=1" \
  2>"$work/chromium.log" &
browser=$!
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; kill "$browser" 2>/dev/null; wait "$browser" 2>/dev/null; rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import base64, json, os, socket, struct, sys, time, urllib.request
work = sys.argv[1]
deadline = time.time() + 180
while not os.path.exists(f"{work}/profile/DevToolsActivePort"):
    if time.time() > deadline: sys.exit("screenshot: Chromium did not start; see its log")
    time.sleep(0.1)
devtools = int(open(f"{work}/profile/DevToolsActivePort").read().split()[0])
page = next(t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list")) if t["type"] == "page")
path = page["webSocketDebuggerUrl"].split(str(devtools), 1)[1]

# the smallest WebSocket client the protocol needs: text frames, masked from the client
connection = socket.create_connection(("127.0.0.1", devtools))
key = base64.b64encode(os.urandom(16)).decode()
connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{devtools}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
stream = connection.makefile("rb")
while stream.readline() not in (b"\r\n", b""): pass

def read_exactly(n):
    data = stream.read(n)
    if len(data) < n: sys.exit("screenshot: Chromium closed the connection")
    return data

def call(method, **params):
    call.id = getattr(call, "id", 0) + 1
    payload = json.dumps({"id": call.id, "method": method, "params": params}).encode()
    mask = os.urandom(4)
    size = len(payload)
    header = bytes([0x81]) + (bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack(">H", size) if size < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", size))
    connection.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    while True:
        first, second = read_exactly(2)
        size = second & 0x7F
        if size == 126: size = struct.unpack(">H", read_exactly(2))[0]
        elif size == 127: size = struct.unpack(">Q", read_exactly(8))[0]
        message = read_exactly(size)
        if first & 0x0F == 1:
            reply = json.loads(message)
            if reply.get("id") == call.id: return reply.get("result", {})

ready = ('(s => s === "passage-open" || s === "failed" || s === "answered" && !document.querySelector("#sources li"))'
         '(document.body && document.body.dataset.state)')
while not call("Runtime.evaluate", expression=ready, returnByValue=True)["result"].get("value"):
    if time.time() > deadline: sys.exit("screenshot: the page did not finish answering within 3 minutes")
    time.sleep(0.25)
state = call("Runtime.evaluate", expression="document.body.dataset.state", returnByValue=True)["result"]["value"]
open(f"{work}/page.png", "wb").write(base64.b64decode(call("Page.captureScreenshot", format="png")["data"]))
print(f"screenshot: page state '{state}'", file=sys.stderr)
PY
mv "$work/page.png" "$out"
echo "screenshot: $out ($question)" >&2
