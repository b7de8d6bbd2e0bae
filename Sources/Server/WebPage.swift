import Crypto
import Foundation
import Hummingbird

/// The page at `/`: a conversation with the notes (`POST /v1/chat`). Each question streams its
/// answer into the thread, follow-ups are searched with the topic of the turn before (the page
/// shows what each was searched as), sources open in place, and a picker keeps the questions to
/// one folder. Self-contained (no fonts, scripts or styles from elsewhere), so it works offline.
/// `/?q=...` asks at once (`q` repeated: each in turn, as one conversation), `&in=FOLDER` picks the
/// folder, and `&open=1` opens the last answer's first source (scripts/screenshot-page.sh and
/// Tests/clients/page_browser.py use them).
enum WebPage {
    static let response: Response = {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>rag · ask your notes</title>
            <style>\(style)</style>
            </head>
            <body>
            \(body)
            <script>\(script)</script>
            </body>
            </html>
            """
        // Only this page's own style and script may run: a passage that holds HTML cannot add any.
        let policy = [
            "default-src 'none'", "connect-src 'self'", "style-src '\(hash(style))'", "script-src '\(hash(script))'",
            "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: policy, .xContentTypeOptions: "nosniff",
                .cacheControl: "no-cache",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }()

    private static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    private static let body = #"""
        <main>
          <header>
            <h1>rag</h1><p id="store">ask your notes</p>
            <button id="new" type="button" class="quiet" hidden>New conversation</button>
          </header>
          <p id="token-row" hidden>
            <label>This server needs its token: <input id="token" type="password" autocomplete="off"></label>
          </p>
          <ol id="thread" aria-live="polite"></ol>
          <form id="ask">
            <input id="question" name="q" type="text" placeholder="Ask a question about your notes…" autocomplete="off" required>
            <button id="go" type="submit">Ask</button>
          </form>
          <p id="scope-row"><label>Asking <select id="scope"><option value="">all your notes</option></select></label></p>
          <p id="status" role="status"></p>
          <section id="passage" hidden>
            <h2 id="passage-title"></h2>
            <pre id="passage-text"></pre>
          </section>
          <template id="turn">
            <li class="turn">
              <p class="question"></p>
              <p class="searched" hidden></p>
              <div class="answer streaming"></div>
              <div class="quote" hidden></div>
              <div class="warnings" hidden></div>
              <h2 class="sources-title" hidden>Sources</h2>
              <ol class="sources"></ol>
            </li>
          </template>
        </main>
        """#

    private static let style = #"""
        :root { color-scheme: light dark; --accent: #3a6ea5; --muted: #6b7280; --line: #d1d5db; --soft: rgba(58,110,165,.08); }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
        main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
        header { display: flex; align-items: baseline; gap: .75rem; }
        h1 { margin: 0; font-size: 1.6rem; letter-spacing: -.02em; }
        h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1.25rem 0 .5rem; }
        #store { margin: 0; color: var(--muted); font-size: .9rem; flex: 1; }
        form { display: flex; gap: .5rem; margin: 1.25rem 0 .5rem; }
        input[type=text], input[type=password] { flex: 1; font: inherit; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: .5rem; }
        select { font: inherit; font-size: .9rem; padding: .15rem .3rem; border: 1px solid var(--line); border-radius: .35rem; max-width: 30rem; }
        button { font: inherit; padding: .6rem 1.1rem; border: 0; border-radius: .5rem; background: var(--accent); color: white; cursor: pointer; }
        button.quiet { padding: .3rem .7rem; font-size: .9rem; background: none; color: var(--accent); border: 1px solid var(--line); }
        button:disabled { opacity: .6; cursor: progress; }
        #scope-row { margin: 0; color: var(--muted); font-size: .9rem; }
        #status { color: var(--muted); font-size: .9rem; min-height: 1.4em; margin: .25rem 0; }
        #thread { list-style: none; padding: 0; margin: 1.25rem 0 0; }
        .turn { margin: 0 0 1.75rem; }
        .turn + .turn { border-top: 1px solid var(--line); padding-top: 1.25rem; }
        .question { font-weight: 600; margin: 0 0 .25rem; }
        .searched { margin: 0 0 .5rem; color: var(--muted); font-size: .85rem; }
        .answer { white-space: pre-wrap; font-size: 1.05rem; padding: 1rem 1.1rem; border-radius: .6rem; background: var(--soft); min-height: 3.2rem; }
        .answer.streaming::after { content: "▍"; color: var(--accent); animation: blink 1s steps(1) infinite; }
        @keyframes blink { 50% { opacity: 0; } }
        .cite { border: 0; padding: 0 .15rem; background: none; color: var(--accent); font-weight: 600; cursor: pointer; }
        .quote { margin-top: .75rem; padding-left: .9rem; border-left: 3px solid var(--accent); color: var(--muted); }
        .warnings { margin-top: .75rem; font-size: .9rem; color: #b45309; }
        ol.sources { padding-left: 1.4rem; margin: 0; }
        li { margin: .3rem 0; }
        .sources button { all: unset; cursor: pointer; color: var(--accent); }
        .sources button:hover, .sources button:focus { text-decoration: underline; }
        .sources .heading { color: var(--muted); }
        .sources li.open button { font-weight: 600; }
        #passage { margin-top: 1rem; border: 1px solid var(--line); border-radius: .6rem; padding: .25rem 1rem 1rem; }
        #passage-title { text-transform: none; letter-spacing: 0; font-size: .95rem; color: inherit; }
        #passage-text { white-space: pre-wrap; font: .92rem/1.5 ui-monospace, "SFMono-Regular", monospace; margin: 0; max-height: 24rem; overflow: auto; }
        """#

    private static let script = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        const params = new URLSearchParams(location.search);
        let token = sessionStorage.getItem("rag-token") || "";
        // The conversation the next question joins; null starts one.
        let conversation = null;

        function headers(json) {
          const h = {};
          if (json) h["Content-Type"] = "application/json";
          if (token) h["Authorization"] = "Bearer " + token;
          return h;
        }

        function needToken() {
          $("token-row").hidden = false;
          $("token").focus();
          $("status").textContent = "Enter the server's token, then ask again.";
        }

        // What the page is doing, for scripts that wait for it (scripts/screenshot-page.sh, the browser test).
        function state(name) { document.body.dataset.state = name; }

        async function failure(response) {
          state("failed");
          if (response.status === 401) { needToken(); return; }
          let message = response.status + " " + response.statusText;
          try { message = (await response.json()).error || message; } catch (_) {}
          if (response.status === 503 && response.headers.get("Retry-After")) {
            message += " (try again in " + response.headers.get("Retry-After") + " s)";
          }
          $("status").textContent = message;
        }

        async function showStats() {
          const response = await fetch("/v1/stats", { headers: headers(false) });
          if (!response.ok) return;
          const stats = await response.json();
          $("store").textContent = stats.documents + " documents · " + stats.chunks + " passages";
        }

        // The scope picker: every folder that holds notes, by the path it shares with the others left out.
        async function showFolders() {
          const response = await fetch("/v1/documents", { headers: headers(false) });
          if (!response.ok) return;
          const paths = (await response.json()).documents.map((d) => d.path);
          const folders = new Set();
          for (const path of paths) {
            const parts = path.split("/").slice(0, -1);
            for (let n = 2; n <= parts.length; n++) folders.add(parts.slice(0, n).join("/"));
          }
          const sorted = [...folders].sort();
          const common = sorted.filter((f) => paths.every((p) => p.startsWith(f + "/"))).pop() || "";
          for (const folder of sorted) {
            if (folder.length <= common.length) continue;
            const option = document.createElement("option");
            option.value = folder;
            option.textContent = folder.slice(common.length + 1) + "/";
            $("scope").append(option);
          }
          if (params.get("in")) $("scope").value = params.get("in");
        }

        // Server-Sent Events from a POST: EventSource only does GET, so the stream is read by hand.
        async function* events(response) {
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let name = "message", data = "";
              for (const line of block.split("\n")) {
                if (line.startsWith("event: ")) name = line.slice(7);
                else if (line.startsWith("data: ")) data += line.slice(6);
              }
              yield { name, data: JSON.parse(data) };
            }
          }
        }

        const part = (turn, name) => turn.querySelector("." + name);

        // A question joins the conversation: its turn streams in at the end of the thread.
        async function ask(question) {
          if ($("token").value) { token = $("token").value; sessionStorage.setItem("rag-token", token); }
          state("asking");
          $("go").disabled = true;
          $("passage").hidden = true;
          const turn = $("turn").content.firstElementChild.cloneNode(true);
          part(turn, "question").textContent = question;
          $("thread").append(turn);
          turn.scrollIntoView({ block: "nearest" });
          $("status").textContent = "Finding passages…";
          const started = performance.now();
          const body = { question, conversation, in: $("scope").value ? [$("scope").value] : [] };
          try {
            const response = await fetch("/v1/chat", { method: "POST", headers: headers(true), body: JSON.stringify(body) });
            if (!response.ok) { turn.remove(); await failure(response); return; }
            for await (const event of events(response)) {
              if (event.name === "conversation") {
                conversation = event.data.id;
                $("new").hidden = false;
                if (event.data.searched_as !== question) {
                  part(turn, "searched").textContent = "searched as: " + event.data.searched_as;
                  part(turn, "searched").hidden = false;
                }
              } else if (event.name === "text") {
                if (!part(turn, "answer").textContent) $("status").textContent = "Answering…";
                part(turn, "answer").textContent += event.data.text;
              } else if (event.name === "answer") {
                show(turn, event.data, performance.now() - started);
              } else if (event.name === "error") {
                $("status").textContent = event.data.error;
                state("failed");
              }
            }
          } catch (error) {
            $("status").textContent = "The connection broke: " + error.message;
            state("failed");
          } finally {
            part(turn, "answer").classList.remove("streaming");
            $("go").disabled = false;
          }
        }

        // As the command line says it: "week3/slides.pdf p. 12" or "deck.pptx slide 7" (the
        // answer's own "place", so that the word is decided in one place), else lines.
        function place(item) {
          const file = item.path.split("/").slice(-2).join("/");
          if (item.place == null) return file + ":" + item.line_start + "-" + item.line_end;
          return file + " " + item.place;
        }

        function show(turn, result, elapsed) {
          const byNumber = new Map(result.citations.map((c) => [c.n, c]));
          const text = part(turn, "answer");
          text.replaceChildren();
          if (result.kind === "not_in_notes") {
            text.textContent = "Your notes do not seem to cover this (" + result.why_not_in_notes + "). The closest passages:";
          } else {
            // the notes' Markdown read as plain text: no bullets, ** or backticks (the quote keeps them)
            const plain = result.answer.split("\n").map((line) => line.replace(/^\s*[-*+] /, "").replaceAll("**", "").replaceAll("__", "").replaceAll("`", "")).join("\n");
            // "[2]" in the answer becomes a button that opens passage 2
            for (const piece of plain.split(/(\[\d+\])/)) {
              const n = /^\[(\d+)\]$/.exec(piece);
              const citation = n && byNumber.get(Number(n[1]));
              if (citation) {
                const button = document.createElement("button");
                button.className = "cite";
                button.textContent = piece;
                button.title = place(citation);
                button.onclick = () => openChunk(turn, citation);
                text.append(button);
              } else {
                text.append(piece);
              }
            }
          }
          if (result.quote) {
            part(turn, "quote").textContent = "From your notes: “" + result.quote.text + "” [" + result.quote.n + "]";
            part(turn, "quote").hidden = false;
          }
          if (result.unsupported.length) {
            part(turn, "warnings").textContent = "Not backed by the cited passages: " + result.unsupported.map((u) => "“" + u.sentence + "” (" + u.reason + ")").join("; ");
            part(turn, "warnings").hidden = false;
          }
          const sources = result.kind === "not_in_notes"
            ? result.passages.map((p) => ({ n: p.n, chunk_id: p.chunk_ids[0], chunk_ids: p.chunk_ids, path: p.path, heading: p.heading, line_start: p.line_start, line_end: p.line_end, page_start: p.page_start, page_end: p.page_end, place: p.place }))
            : result.citations;
          for (const source of sources) {
            const item = document.createElement("li");
            item.value = source.n;
            item.dataset.chunk = source.chunk_id;
            const button = document.createElement("button");
            button.textContent = place(source);
            button.title = source.path;
            button.onclick = () => openChunk(turn, source);
            const heading = document.createElement("span");
            heading.className = "heading";
            heading.textContent = source.heading ? " § " + source.heading : "";
            item.append(button, heading);
            part(turn, "sources").append(item);
          }
          part(turn, "sources-title").hidden = sources.length === 0;
          const t = result.timings;
          $("status").textContent = "First words after " + Math.round(t.ttft_ms) + " ms · " + result.answer_tokens + " tokens · " + (elapsed / 1000).toFixed(1) + " s in all";
          state("answered");
        }

        // A passage can be several adjacent chunks: shown whole, each chunk without the overlap
        // that repeats the one before, under the turn that cited it.
        async function openChunk(turn, source) {
          let text = "";
          let first;
          for (const chunkID of source.chunk_ids || [source.chunk_id]) {
            const response = await fetch("/v1/chunks/" + chunkID, { headers: headers(false) });
            if (!response.ok) { await failure(response); return; }
            const chunk = await response.json();
            first = first || chunk;
            if (!text) text = chunk.text;
            else text += chunk.overlap ? [...chunk.text].slice(chunk.overlap).join("") : "\n" + chunk.text;
          }
          $("passage-title").textContent = "[" + source.n + "] " + place(source) + (first.heading ? " § " + first.heading : "");
          $("passage-text").textContent = text;
          turn.append($("passage"));
          $("passage").hidden = false;
          for (const item of document.querySelectorAll(".sources li")) {
            item.classList.toggle("open", item.parentElement === part(turn, "sources") && item.value === source.n);
          }
          state("passage-open");
        }

        $("ask").addEventListener("submit", (event) => {
          event.preventDefault();
          const question = $("question").value.trim();
          if (!question) return;
          $("question").value = "";
          ask(question);
        });

        $("new").addEventListener("click", () => {
          conversation = null;
          document.querySelector("main").append($("passage"));
          $("passage").hidden = true;
          $("thread").replaceChildren();
          $("new").hidden = true;
          $("status").textContent = "A new conversation.";
          $("question").focus();
        });

        // The conversation goes on; its next questions search only the folder picked.
        $("scope").addEventListener("change", () => {
          $("status").textContent = $("scope").value ? "Asking only the notes under " + $("scope").value + "." : "Asking all your notes.";
        });

        (async () => {
          showStats();
          await showFolders();
          for (const question of params.getAll("q")) {
            await ask(question);
            if (document.body.dataset.state === "failed") return;
          }
          const last = [...document.querySelectorAll(".turn")].pop();
          const first = last && last.querySelector(".sources li button");
          if (params.get("open") === "1" && first) first.click();
          document.body.dataset.asked = params.getAll("q").length;
        })();
        """#
}
