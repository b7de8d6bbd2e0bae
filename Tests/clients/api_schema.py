"""rag serve against its own OpenAPI document (GET /openapi.json).

First the streamed forms, which schemathesis cannot read: every event of a POST /v1/ask, of two
turns of a POST /v1/chat conversation (and the conversation GET /v1/conversations/ID then keeps),
and every chunk of a streamed chat completion is checked against the document's schemas (AskText,
Answer, Error, ConversationStarted, Conversation, ChatChunk). Then schemathesis runs its examples, coverage and fuzzing phases on every
operation with every check (schemathesis.toml says which it skips where, and why), a bounded number
of cases each, one request at a time. Exit 0 only when both pass: no 5xx but 503, every response
as documented, bad input refused with a 4xx, nothing slower than the request timeout.

Usage: api_schema.py BASE_URL [MAX_EXAMPLES]
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile
import urllib.request

import jsonschema

from ragcheck import check

HERE = pathlib.Path(__file__).resolve().parent


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(request, timeout=120)


def events(response):
    """(name, data) of each Server-Sent Event, as the text arrives."""
    name, data = None, None
    for raw in response:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            data = line[len("data: "):]
        elif line == "" and data is not None:
            yield name, data
            name, data = None, None


def validator(document, component):
    """A validator of one component schema, its references resolved within the document."""
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


def check_streams(base, document):
    shapes = {"text": validator(document, "AskText"), "answer": validator(document, "Answer"), "error": validator(document, "Error")}
    seen = []
    for name, data in events(post(base + "/v1/ask", {"question": "How do I reduce variance?", "max_tokens": 48})):
        check(name in shapes, f"/v1/ask sent an event the document does not name: {name}")
        errors = [error.message for error in shapes[name].iter_errors(json.loads(data))]
        check(not errors, f"/v1/ask event {name} does not match its schema: {errors[:3]} in {data[:300]}")
        seen.append(name)
    check(len(seen) > 1 and seen[-1] == "answer" and set(seen[:-1]) == {"text"}, f"/v1/ask events: text..., then answer: {seen}")

    conversation = None
    turn_shapes = dict(shapes, conversation=validator(document, "ConversationStarted"))
    for question in ["How do I reduce variance?", "and why does that work?"]:
        body = {"question": question, "max_tokens": 16, "conversation": conversation}
        names = []
        for name, data in events(post(base + "/v1/chat", body)):
            check(name in turn_shapes, f"/v1/chat sent an event the document does not name: {name}")
            errors = [error.message for error in turn_shapes[name].iter_errors(json.loads(data))]
            check(not errors, f"a /v1/chat {name} event does not match its schema: {errors[:3]} in {data[:300]}")
            names.append(name)
            if name == "conversation":
                conversation = json.loads(data)["id"]
        check(names[0] == "conversation" and names[-1] == "answer", f"/v1/chat events: conversation, text..., answer: {names}")
    kept = json.load(urllib.request.urlopen(f"{base}/v1/conversations/{conversation}", timeout=30))
    errors = [error.message for error in validator(document, "Conversation").iter_errors(kept)]
    check(not errors and len(kept["turns"]) == 2, f"the kept conversation does not match Conversation, or lost a turn: {errors[:3]}")

    chunk = validator(document, "ChatChunk")
    body = {"model": "rag", "stream": True, "max_tokens": 8, "messages": [{"role": "user", "content": "How do I reduce variance?"}]}
    lines = [data for _, data in events(post(base + "/v1/chat/completions", body))]
    check(lines and lines[-1] == "[DONE]", f"a streamed completion ends with [DONE]: {lines[-1:]}")
    for data in lines[:-1]:
        errors = [error.message for error in chunk.iter_errors(json.loads(data))]
        check(not errors, f"a chat chunk does not match ChatChunk: {errors[:3]} in {data[:300]}")
    return len(seen), len(lines)


def main():
    base = sys.argv[1].rstrip("/")
    examples = sys.argv[2] if len(sys.argv) > 2 else "20"
    document = json.load(urllib.request.urlopen(base + "/openapi.json", timeout=30))
    asked, chunks = check_streams(base, document)

    most = document["components"]["schemas"]["AskRequest"]["properties"]["max_tokens"]["maximum"]
    environment = dict(os.environ, SCHEMATHESIS_HOOKS="api_schema_hooks", PYTHONPATH=str(HERE), RAG_MOST_TOKENS=str(most))
    schemathesis = pathlib.Path(sys.executable).parent / "schemathesis"
    run = subprocess.run(
        [
            str(schemathesis), "--no-color", "--config-file", str(HERE / "schemathesis.toml"), "run", base + "/openapi.json",
            "--phases", "examples,coverage,fuzzing", "--max-examples", examples, "--workers", "1",
            "--seed", "14", "--request-timeout", "60", "--generation-database", "none",
            # MCP's transport answers only clients that accept JSON, as its specification asks of them.
            "--header", "Accept: application/json, text/event-stream",
        ],
        # schemathesis keeps a cache in its working folder: a temporary one, not the repository.
        env=environment, capture_output=True, text=True, timeout=1500, cwd=tempfile.mkdtemp(prefix="rag-schemathesis-"))
    print(run.stdout[-20000:], file=sys.stderr)
    check(run.returncode == 0, f"schemathesis found failures (exit {run.returncode}); its report is above")
    print(json.dumps({"ask_events": asked, "chat_chunks": chunks, "operations": len([m for p in document["paths"].values() for m in p])}))


main()
