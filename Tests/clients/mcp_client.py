"""rag's MCP server through the official MCP Python SDK, as an assistant would use it.

Usage: mcp_client.py RAG STORE [URL [TOKEN]]
Without URL, starts `RAG mcp --store STORE` over stdio; with URL (`rag serve`'s /mcp), talks
Streamable HTTP to it, sending the bearer TOKEN when given. Lists tools and resources, calls every
tool and checks the results against `rag search --json` and `rag inspect chunk --json` on the same
store; bad arguments and unknown tools must come back as errors. Prints one JSON line of what it
measured and exits non-zero on the first failed check.
With RAG_ALLOW_INGEST=DIR (stdio only), starts the server with --allow-ingest DIR and checks the
ingest tool too: a new note inside DIR is synced and found; a path outside is refused.
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

import ragcheck
from ragcheck import check

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp import MCPError

RAG, STORE = sys.argv[1], sys.argv[2]
URL = sys.argv[3] if len(sys.argv) > 3 else None
TOKEN = sys.argv[4] if len(sys.argv) > 4 else None
ALLOW = os.environ.get("RAG_ALLOW_INGEST")


def rag_json(*args):
    return ragcheck.rag_json(RAG, STORE, *args)


async def expect_error(session, name, arguments, why):
    """A protocol error, or a result marked isError: never a crash, never a silent success."""
    try:
        result = await session.call_tool(name, arguments)
    except MCPError as error:
        return str(error)
    check(result.is_error, f"{why}: {name} {arguments} should fail, got {result.content}")
    return result.content[0].text


def transport():
    if URL is None:
        extra = ["--allow-ingest", ALLOW] if ALLOW else []
        return stdio_client(StdioServerParameters(command=RAG, args=["mcp", "--store", STORE, *extra]))
    import httpx2

    headers = {"Authorization": f"Bearer {TOKEN}"} if TOKEN else {}
    return streamable_http_client(URL, http_client=httpx2.AsyncClient(headers=headers, timeout=120), terminate_on_close=False)


async def check_ingest(session):
    note = os.path.join(ALLOW, "new-note.md")
    with open(note, "w") as file:
        file.write("# Dropout\n\nDropout zeroes each activation with probability p during training, a cheap ensemble.\n")
    synced = await session.call_tool("ingest", {"paths": [note]})
    check(not synced.is_error and synced.structured_content["added"] == 1, f"ingest adds the new note: {synced.content}")
    found = (await session.call_tool("search_notes", {"query": "dropout zeroes activations", "k": 1})).structured_content
    check(found["results"][0]["path"] == os.path.realpath(note), f"the new note is found: {found['results'][0]['path']}")
    refused = await expect_error(session, "ingest", {"paths": ["/etc"]}, "a path outside the allowed folder")
    check("outside the folders" in refused, f"the refusal says why: {refused}")


async def main():
    async with transport() as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            check(info.server_info.name == "rag", f"server name {info.server_info.name}")

            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            offered = {"search_notes", "ask_notes", "get_passage", "list_documents"} | ({"ingest"} if ALLOW else set())
            check(set(tools) == offered, f"tools {sorted(tools)}")
            if ALLOW:
                await check_ingest(session)
            for tool in tools.values():
                check(tool.description and tool.input_schema.get("type") == "object", f"{tool.name} needs a description and a schema")

            query = "why divide attention scores by the square root of d_k"
            found = await session.call_tool("search_notes", {"query": query, "k": 3})
            check(not found.is_error, f"search_notes failed: {found.content}")
            expected = rag_json("search", query, "--k", "3")
            got = found.structured_content
            check([r["chunk_id"] for r in got["results"]] == [r["chunk_id"] for r in expected["results"]],
                  "search_notes ranks as rag search --json does")
            check(json.loads(found.content[0].text) == got, "the text block carries the same JSON")

            # `in` keeps a search, and the list of notes, to a folder, as rag search --in does
            folder = os.path.dirname(got["results"][0]["path"])
            scoped = (await session.call_tool("search_notes", {"query": "learning rate", "k": 3, "in": [folder]})).structured_content
            check(scoped["results"] and all(r["path"].startswith(folder + "/") for r in scoped["results"]),
                  f"search_notes with in stays in {folder}: {[r['path'] for r in scoped['results']]}")
            check([r["chunk_id"] for r in scoped["results"]] == [r["chunk_id"] for r in rag_json("search", "learning rate", "--k", "3", "--in", folder)["results"]],
                  "search_notes with in ranks as rag search --in does")
            listed = (await session.call_tool("list_documents", {"in": [folder]})).structured_content["documents"]
            check(listed and all(d["path"].startswith(folder + "/") for d in listed), f"list_documents with in: {listed}")
            nowhere = await expect_error(session, "search_notes", {"query": "lora", "in": ["/nowhere/at/all"]}, "a scope that holds no note")
            check("/nowhere/at/all" in nowhere, f"the error names the path: {nowhere}")

            first = got["results"][0]["chunk_id"]
            passage = await session.call_tool("get_passage", {"chunk_id": first})
            check(passage.structured_content == rag_json("inspect", "chunk", str(first)), "get_passage is rag inspect chunk --json")
            top = got["results"][0]
            by_line = await session.call_tool("get_passage", {"path": top["path"], "line": top["line_start"]})
            check(by_line.structured_content["line_start"] <= top["line_start"] <= by_line.structured_content["line_end"],
                  "get_passage by path and line gives the passage holding that line")

            documents = (await session.call_tool("list_documents", {})).structured_content["documents"]
            stats = rag_json("stats")
            check(len(documents) == stats["documents"] and sum(d["chunks"] for d in documents) == stats["chunks"],
                  "list_documents covers the store")

            resources = (await session.list_resources()).resources
            check(len(resources) == len(documents), "one resource per note")
            attention = next(r for r in resources if str(r.uri).endswith("attention.md"))
            text = (await session.read_resource(attention.uri)).contents[0].text
            check("d_k" in text, "a note's resource holds its text")

            question = "Why are attention scores divided by the square root of d_k?"
            answer = await session.call_tool("ask_notes", {"question": question})
            check(not answer.is_error, f"ask_notes failed: {answer.content}")
            check(answer.structured_content["answer"] == rag_json("ask", question)["answer"], "ask_notes answers as rag ask --json does")
            check(answer.structured_content["kind"] in ("copied", "generated") and answer.structured_content["citations"],
                  f"ask_notes answers with citations: {answer.structured_content}")
            declined = (await session.call_tool("ask_notes", {"question": "How do I bake sourdough bread at home?"})).structured_content
            check(declined["kind"] == "not_in_notes", f"an off-topic question is declined: {declined['kind']}")

            errors = [
                await expect_error(session, "search_notes", {}, "a missing query"),
                await expect_error(session, "search_notes", {"query": "lora", "k": 0}, "k out of range"),
                await expect_error(session, "search_notes", {"query": "lora", "mode": "fuzzy"}, "an unknown mode"),
                await expect_error(session, "get_passage", {"chunk_id": "seven"}, "a chunk id that is not a number"),
                await expect_error(session, "get_passage", {"chunk_id": 99999999}, "a chunk that does not exist"),
                await expect_error(session, "no_such_tool", {}, "an unknown tool"),
                await expect_error(session, "get_passage", {"path": "/nowhere.md", "line": 1}, "a note not in the store"),
            ]
            check("k must be" in errors[1] and "no tool named" in errors[5], f"errors name the problem: {errors}")

            # search latency over stdio, models loaded once
            times = []
            for _ in range(30):
                start = time.perf_counter()
                await session.call_tool("search_notes", {"query": "low-rank adapters", "k": 5})
                times.append((time.perf_counter() - start) * 1000)
            print(json.dumps({"transport": "stdio" if URL is None else "http", "search_notes_p50_ms": statistics.median(times), "tools": len(tools), "documents": len(documents)}))


asyncio.run(main())
