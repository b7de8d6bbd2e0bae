"""`rag serve`'s OpenAI-compatible routes through the official `openai` package.

Usage: openai_client.py RAG STORE URL TOKEN
URL is the server's base (http://127.0.0.1:PORT/v1). Checks: the models listed; embeddings of a
string and of an array, as floats and as base64, equal to `rag embed --json` to 1e-6; a chat
completion, streamed and not, equal to `rag ask --json` with the same settings, with citations
in the text and the whole answer in the `rag` field; a declined question; a wrong token raises
AuthenticationError; an unknown model raises NotFoundError. Prints one JSON line and exits
non-zero on the first failed check.
"""

import base64
import json
import struct
import subprocess
import sys

import ragcheck
from ragcheck import check

import openai
from openai import OpenAI

RAG, STORE, URL, TOKEN = sys.argv[1:5]


def rag_json(*args):
    return ragcheck.rag_json(RAG, STORE, *args)


client = OpenAI(base_url=URL, api_key=TOKEN)

models = {model.id for model in client.models.list()}
check(models == {"rag", "all-MiniLM-L6-v2"}, f"models {models}")

texts = ["Attention divides by the square root of d_k.", "LoRA adds low-rank adapters."]
embedded = subprocess.run([RAG, "embed", "--json", *texts], check=True, capture_output=True, text=True).stdout
expected = [json.loads(line)["embedding"] for line in embedded.splitlines()]
single = client.embeddings.create(model="all-MiniLM-L6-v2", input=texts[0]).data
check(len(single) == 1, "one string, one embedding")
batch = client.embeddings.create(model="all-MiniLM-L6-v2", input=texts).data
raw = client.embeddings.with_raw_response.create(model="all-MiniLM-L6-v2", input=texts, encoding_format="base64")
decoded = [base64.b64decode(item["embedding"]) for item in json.loads(raw.text)["data"]]
encoded = [struct.unpack(f"<{len(data) // 4}f", data) for data in decoded]
for got in ([single[0].embedding], [item.embedding for item in batch], encoded):
    for vector, reference in zip(got, expected):
        check(len(vector) == 384 and max(abs(a - b) for a, b in zip(vector, reference)) <= 1e-6, "embeddings equal rag embed's")

question = "Why are attention scores divided by the square root of d_k?"
asked = rag_json("ask", question)
messages = [{"role": "system", "content": "You answer from notes."}, {"role": "user", "content": question}]
whole = client.chat.completions.create(model="rag", messages=messages)
check(whole.choices[0].message.content == asked["answer"], f"a completion is rag ask's answer: {whole.choices[0].message.content!r}")
check("[1]" in whole.choices[0].message.content and whole.choices[0].finish_reason == "stop", "citations in the text")
extra = whole.model_extra or {}
check(extra.get("rag", {}).get("citations"), "the whole answer in the rag field")

pieces, last = [], None
for chunk in client.chat.completions.create(model="rag", messages=messages, stream=True):
    if chunk.choices and chunk.choices[0].delta.content:
        pieces.append(chunk.choices[0].delta.content)
    last = chunk
check("".join(pieces) == asked["answer"], f"the streamed pieces assemble to rag ask's answer: {''.join(pieces)!r}")
check(len(pieces) > 1 and last.choices[0].finish_reason == "stop", "streamed in pieces, with a finish")
check((last.model_extra or {}).get("rag", {}).get("kind") == asked["kind"], "the last chunk carries the answer")

declined = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": "How do I bake sourdough bread at home?"}])
check(declined.choices[0].message.content.startswith("Your notes do not seem to cover this"), "a declined question says so")

try:
    OpenAI(base_url=URL, api_key="wrong").models.list()
    check(False, "a wrong token must fail")
except openai.AuthenticationError as error:
    check(error.status_code == 401, "401 for a wrong token")
try:
    client.chat.completions.create(model="gpt-4o", messages=messages)
    check(False, "an unknown model must fail")
except openai.NotFoundError as error:
    check("no model" in str(error), f"the error names the model: {error}")
try:
    client.chat.completions.create(model="rag", messages=[{"role": "system", "content": "no question"}])
    check(False, "a chat without a user message must fail")
except openai.BadRequestError as error:
    check("user message" in str(error), f"the error says what is missing: {error}")

print(json.dumps({"models": len(models), "pieces": len(pieces)}))
