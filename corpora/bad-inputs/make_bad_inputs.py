#!/usr/bin/env python3
"""Regenerate the deliberately broken inputs in corpora/bad-inputs/.

Stdlib only, deterministic (fixed random seed). Run from anywhere:

    python3 corpora/bad-inputs/make_bad_inputs.py

Every file is rewritten from scratch; the symlinks are recreated. See README.md
in this folder for what each file tests and the behaviour the indexer should show.
"""

import json
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(47120)


def path(name):
    return os.path.join(HERE, name)


def write_bytes(name, data):
    p = path(name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    if os.path.islink(p):
        os.unlink(p)
    with open(p, "wb") as f:
        f.write(data)


def tiny_png(width=8, height=8):
    """A real, valid PNG: an 8x8 red/blue checkerboard."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            raw += bytes((220, 30, 30)) if (x + y) % 2 else bytes((30, 30, 220))

    def chunk(tag, payload):
        body = tag + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def make_binary_pdf():
    header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    body = bytes(rng.randrange(256) for _ in range(6000))
    body = body[:1000] + b"\x00" * 64 + body[1000:]  # guarantee a run of NULs
    stream = b"3 0 obj\n<< /Length 6064 /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream\nendobj\n"
    write_bytes("binary.pdf", header + stream + b"%%EOF\n")


def make_pngs():
    png = tiny_png()
    write_bytes("image.png", png)
    write_bytes("not-really-notes.md", png)  # PNG bytes behind a .md name


def make_invalid_utf8():
    parts = [
        "# Notes on attention (corrupted copy)\n\n".encode("utf-8"),
        "The scaled dot-product divides by sqrt(d_k) so the softmax does not saturate.\n".encode("utf-8"),
        b"This line has a stray byte pair \xff\xfe right in the middle of the sentence.\n",
        b"Here is a lone lead byte \xc3 followed by plain ASCII, then a bad continuation \xe2\x28\xa1 sequence.\n",
        "Valid UTF-8 still works: café, naïve, Zürich, — and “quotes”.\n".encode("utf-8"),
        b"An overlong encoding of '/' is \xc0\xaf and a surrogate half is \xed\xa0\x80 here.\n",
        "## Multi-head attention\n\nEight heads of 64 dimensions each.\n".encode("utf-8"),
    ]
    write_bytes("invalid-utf8.md", b"".join(parts))


def make_latin1():
    text = (
        "Notes from the Zürich guest lecture, typed on the basement lab PC.\n"
        "\n"
        "The café dataset had 365 rows. The naïve Bayes baseline was poorly calibrated.\n"
        "A résumé-screening model is the running fairness example.\n"
        "Wavelengths were measured in Ångström (Å), temperatures in °C, errors as ± 0.5.\n"
        "Cost of a coffee: 4,80 CHF; half a portion: ½; micro-metres: µm.\n"
    )
    write_bytes("latin1-notes.txt", text.encode("latin-1"))


def make_tag_soup():
    html = (
        "<html><head><title>Tag soup lecture page</title>\n"
        "<body>\n"
        "<h1>Week 3 notes <i>on CNNs</h1></i>\n"
        "<p>Convolutions share weights across positions.\n"
        "<p><div><b>Pooling halves the width and height.</p></b></div>\n"
        "<ul><li>Stride 2<li>Padding 1<li>Kernel 3x3</ul>\n"
        "<table><tr><td>unclosed cell<td>another cell\n"
        "</html>\n"
        "<p>Text after a stray closing html tag: receptive fields grow with depth.</p>\n"
        "<h2>Second section</h3>\n"
        "<p>Entities: caf&eacute; &amp; na&iuml;ve &mdash; and a broken one &notanentity; here.\n"
        "<p>Last recoverable paragraph: pooling adds a little translation invariance.\n"
        "<script>var x = '<p>not text</p>'; function f() { return 1 < 2; }\n"
        "<p>Everything after an unclosed script is technically script, not text.\n"
        "<!-- an unterminated comment starts here and never ends...\n"
        "<p>This paragraph is inside both the unclosed script and the unterminated comment.</p>\n"
    )
    write_bytes("tag-soup.html", html.encode("utf-8"))

    # A comment that is opened and never closed, with no script involved.
    html2 = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Unterminated comment</title></head>\n"
        "<body><main><h1>Week 6 notes</h1>\n"
        "<p>HNSW search cost grows roughly logarithmically with the number of vectors.</p>\n"
        "<!-- TODO: add the IVF table here\n"
        "<p>This paragraph is hidden inside a comment that never closes.</p>\n"
        "</main></body></html>\n"
    )
    write_bytes("unterminated-comment.html", html2.encode("utf-8"))


def make_json_family():
    good = {"course": "COMP 47120", "lectures": [{"title": "Attention", "summary": "Queries, keys and values."},
                                                 {"title": "Transformers", "summary": "Residual streams and layer norm."}]}
    full = json.dumps(good, indent=2)
    write_bytes("broken.json", full[: len(full) // 2].encode("utf-8"))  # truncated mid-object

    lines = [
        json.dumps({"front": "What does BM25's b control?", "back": "Document length normalisation."}),
        json.dumps({"front": "Default RRF constant?", "back": "k = 60."}),
        '{"front": "Unterminated string, "back": "oops"}',
        "",
        json.dumps({"front": "What is HNSW's efSearch?", "back": "Candidate list size at query time."}),
        '{"front": "Trailing comma", "back": "not allowed in JSON",}',
        json.dumps({"front": "Cosine of identical unit vectors?", "back": "1.0"}),
    ]
    write_bytes("broken-lines.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))

    broken_nb = {
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
        "worksheets": [{"cells": "this notebook uses a pre-v4 layout and has no top-level cells key"}],
        "cells_backup": [
            {"cell_type": "markdown", "source": 42},
            {"cell_type": "code", "source": ["print('x')\n", None, 7], "outputs": "not-a-list"},
            "just a string where a cell object should be",
            {"cell_type": "unknown-type", "source": "# Heading in an unknown cell"},
        ],
    }
    write_bytes("broken-notebook.ipynb", json.dumps(broken_nb, indent=1).encode("utf-8"))

    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Lab 5 (draft)\n", "\n", "## Part A: LoRA ranks\n"]},
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
             "source": ["for r in (4, 8, 16):\n", "    print(r, 8192 * r)\n"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["The parameter count grows linearly with the rank r.\n"]},
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1)
    write_bytes("truncated-notebook.ipynb", text[: int(len(text) * 0.6)].encode("utf-8"))


def make_empty_files():
    write_bytes("empty.md", b"")
    write_bytes("whitespace-only.txt", b"   \n\t\n\r\n        \n\n \t \n")


def make_huge_line(target=1_500_000):
    sentences = [
        "Gradient descent takes a step against the gradient of the loss.",
        "Attention computes a weighted average of value vectors.",
        "Cosine similarity compares the direction of two embeddings.",
        "Regularisation trades a little bias for a large reduction in variance.",
        "Cross-validation averages the score over several train and validation splits.",
        "BM25 saturates term frequency and normalises for document length.",
    ]
    out, size = [], 0
    while size < target:
        s = rng.choice(sentences)
        out.append(s)
        size += len(s) + 1
    write_bytes("one-huge-line.txt", " ".join(out).encode("utf-8"))  # no newline at all


def make_symlinks():
    loop_dir = path("loop")
    os.makedirs(loop_dir, exist_ok=True)
    again = os.path.join(loop_dir, "again")
    if os.path.lexists(again):
        os.unlink(again)
    os.symlink("..", again)  # loop/again -> ..  (bad-inputs/), a directory cycle

    self_link = path("self-link.md")
    if os.path.lexists(self_link):
        os.unlink(self_link)
    os.symlink("self-link.md", self_link)  # points at itself: ELOOP on open


def make_deep_json(depth=10_000):
    write_bytes("deep-nesting.json", ("[" * depth + "]" * depth + "\n").encode("ascii"))


def make_utf16_no_bom():
    text = ("Week 3 notes saved as UTF-16 little-endian without a byte-order mark.\n"
            "LSTMs have forget, input and output gates; GRUs have update and reset gates.\n"
            "Every ASCII character is followed by a NUL byte, so this looks binary.\n")
    write_bytes("utf16-no-bom.txt", text.encode("utf-16-le"))


def main():
    make_binary_pdf()
    make_pngs()
    make_invalid_utf8()
    make_latin1()
    make_tag_soup()
    make_json_family()
    make_empty_files()
    make_huge_line()
    make_symlinks()
    make_deep_json()
    make_utf16_no_bom()
    for name in sorted(os.listdir(HERE)):
        p = path(name)
        if os.path.islink(p):
            print(f"{name:28s} -> {os.readlink(p)} (symlink)")
        elif os.path.isdir(p):
            print(f"{name + '/':28s} (dir)")
        else:
            print(f"{name:28s} {os.path.getsize(p):>9,d} bytes")


if __name__ == "__main__":
    main()
