"""Debian's Chromium, headless, driven through its DevTools protocol: what the browser test
(page_browser.py) and scripts/screenshot-page.sh use to load rag's page as a person would and
read what it shows. Standard library only: the protocol is JSON over one WebSocket, and the
smallest client it needs (text frames, masked from the client) is a few lines.

    python3 Tests/clients/devtools.py screenshot URL OUT.png UNTIL_EXPRESSION
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class Browser:
    """One headless Chromium showing one page; `evaluate` runs JavaScript in it."""

    def __init__(self, url, width=1000, height=1250):
        self.profile = tempfile.mkdtemp(prefix="rag-chromium-")
        # --no-sandbox: Chromium's sandbox refuses to run as root.
        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},{height}",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", url],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.profile, "chromium.log"), "w"))
        deadline = time.time() + 120
        active = os.path.join(self.profile, "DevToolsActivePort")
        while not os.path.exists(active) or not open(active).read().strip():
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = int(open(active).read().split()[0])
        page = next(t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list")) if t["type"] == "page")
        path = page["webSocketDebuggerUrl"].split(str(port), 1)[1]
        self.connection = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        self.stream = self.connection.makefile("rb")
        while self.stream.readline() not in (b"\r\n", b""):
            pass
        self.last_id = 0
        # Chromium answers while the page is still loading, when `document.body` may be null: wait
        # until the page asked for has its body, so that every expression runs against it.
        loaded = f"location.href.startsWith({json.dumps(url.split('?')[0])}) && document.readyState !== 'loading' && document.body !== null"
        if not self.wait(loaded, seconds=60):
            self.close()
            raise RuntimeError(f"Chromium did not load {url}")

    def _read(self, n):
        data = self.stream.read(n)
        if len(data) < n:
            raise RuntimeError("Chromium closed the connection")
        return data

    def call(self, method, **params):
        self.last_id += 1
        payload = json.dumps({"id": self.last_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        size = len(payload)
        length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack(">H", size) if size < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", size)
        self.connection.sendall(bytes([0x81]) + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack(">H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack(">Q", self._read(8))[0]
            message = self._read(size)
            if first & 0x0F == 1:
                reply = json.loads(message)
                if reply.get("id") == self.last_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

    def evaluate(self, expression):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression, seconds=300):
        """Waits until `expression` is true in the page; False when `seconds` pass first."""
        deadline = time.time() + seconds
        while not self.evaluate(expression):
            if time.time() > deadline:
                return False
            time.sleep(0.25)
        return True

    def screenshot(self, path):
        open(path, "wb").write(base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"]))

    def close(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] != "screenshot":
        sys.exit("usage: devtools.py screenshot URL OUT.png UNTIL_EXPRESSION")
    browser = Browser(sys.argv[2])
    try:
        if not browser.wait(sys.argv[4], seconds=180):
            sys.exit("screenshot: the page did not finish within 3 minutes")
        browser.screenshot(sys.argv[3])
        print(f"screenshot: page state '{browser.evaluate('document.body.dataset.state')}'", file=sys.stderr)
    finally:
        browser.close()
