#!/usr/bin/env python3
"""Verify the gold Q&A set in corpora/qa.jsonl against the ml-notes corpus.

Stdlib only. Run from anywhere:

    python3 corpora/check_qa.py

For every row it checks that
  * the row has the expected schema (question, file, evidence, answer_any);
  * the file exists and is not excluded (hidden path or matched by .ragignore);
  * the evidence is 5-20 words, contains no line break, and occurs verbatim in
    the file's *content* as a parser should see it:
      - .md/.markdown/.txt: decoded text (utf-8-sig / utf-16 BOM / utf-8 / latin-1)
      - .html/.htm/.xhtml:  visible text of <main>/<article> (or <body> if
        neither exists), excluding nav/header/footer/aside/script/style/
        noscript/template/form/svg; entities decoded; the phrase must sit
        inside a single text node (it may not span tags)
      - .json:              inside a single string value
      - .jsonl/.ndjson:     inside a single string value of one line
      - .ipynb:             inside the source of one markdown or code cell
                            (outputs are ignored)
  * at least one answer_any keyword occurs in the file content (case-insensitive);
  * the evidence phrase occurs in exactly one file of the indexable corpus.

Exit status is 0 when every check passes, 1 otherwise.
"""

import fnmatch
import json
import os
import re
import sys
from collections import Counter
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "ml-notes")
QA_PATH = os.path.join(HERE, "qa.jsonl")

TEXT_EXT = {".md", ".markdown", ".txt"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
NB_EXT = {".ipynb"}
ALL_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | NB_EXT


# --------------------------------------------------------------------------- decoding

def decode_bytes(raw, declared=None):
    """Return (text, encoding_used)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw.decode("utf-8-sig"), "utf-8-sig"
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16"), "utf-16"
    if declared:
        try:
            return raw.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def html_declared_charset(raw):
    m = META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


# --------------------------------------------------------------------------- HTML

SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript",
             "template", "form", "svg", "head", "title"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
             "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Collect text nodes, remembering whether they are inside main/article."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.nodes = []  # (text, in_main)
        self.saw_main = False

    def handle_starttag(self, tag, attrs):
        if tag in ("main", "article"):
            self.saw_main = True
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break

    def handle_data(self, data):
        if any(t in SKIP_TAGS for t in self.stack):
            return
        in_main = any(t in ("main", "article") for t in self.stack)
        self.nodes.append((data, in_main))


def html_segments(raw):
    text, _ = decode_bytes(raw, html_declared_charset(raw))
    p = VisibleText()
    p.feed(text)
    p.close()
    if p.saw_main:
        return [t for t, in_main in p.nodes if in_main]
    return [t for t, _ in p.nodes]


# --------------------------------------------------------------------------- JSON

def walk_strings(obj, out):
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            walk_strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            walk_strings(v, out)
    return out


def notebook_segments(text):
    nb = json.loads(text)
    segs = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") not in ("markdown", "code"):
            continue
        src = cell.get("source", "")
        segs.append("".join(src) if isinstance(src, list) else src)
    return segs


# --------------------------------------------------------------------------- loading

def segments_for(path):
    """Return the list of text segments an evidence phrase may live in."""
    ext = os.path.splitext(path)[1].lower()
    with open(path, "rb") as f:
        raw = f.read()
    if ext in HTML_EXT:
        return html_segments(raw)
    text, _ = decode_bytes(raw)
    if ext in TEXT_EXT:
        return [text]
    if ext in JSON_EXT:
        return walk_strings(json.loads(text), [])
    if ext in JSONL_EXT:
        segs = []
        for line in text.splitlines():
            if line.strip():
                walk_strings(json.loads(line), segs)
        return segs
    if ext in NB_EXT:
        return notebook_segments(text)
    raise ValueError(f"unsupported extension: {path}")


def load_ragignore():
    path = os.path.join(CORPUS, ".ragignore")
    pats = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    pats.append(line)
    return pats


def is_ignored(rel, patterns):
    parts = rel.split("/")
    if any(p.startswith(".") for p in parts):
        return True
    for pat in patterns:
        if pat.endswith("/"):
            d = pat.rstrip("/")
            if d in parts[:-1]:
                return True
        elif "/" in pat:
            if fnmatch.fnmatch(rel, pat):
                return True
        elif fnmatch.fnmatch(parts[-1], pat):
            return True
    return False


def corpus_files():
    patterns = load_ragignore()
    out = []
    for root, dirs, files in os.walk(CORPUS):
        for name in files:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, CORPUS).replace(os.sep, "/")
            if os.path.splitext(name)[1].lower() not in ALL_EXT:
                continue
            if is_ignored(rel, patterns):
                continue
            out.append(full)
    return sorted(out)


# --------------------------------------------------------------------------- checks

def main():
    errors = []
    files = corpus_files()
    seg_cache = {}
    for f in files:
        try:
            seg_cache[f] = segments_for(f)
        except Exception as e:  # noqa: BLE001
            errors.append(f"cannot load {os.path.relpath(f, HERE)}: {e}")
            seg_cache[f] = []

    rows = []
    with open(QA_PATH, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                errors.append(f"qa.jsonl line {n}: invalid JSON: {e}")

    per_ext = Counter()
    per_dir = Counter()
    seen_questions = set()
    for n, row in rows:
        where = f"qa.jsonl line {n}"
        keys = set(row)
        if keys != {"question", "file", "evidence", "answer_any"}:
            errors.append(f"{where}: unexpected keys {sorted(keys)}")
            continue
        q, rel, ev, ans = row["question"], row["file"], row["evidence"], row["answer_any"]
        if q in seen_questions:
            errors.append(f"{where}: duplicate question")
        seen_questions.add(q)
        if not (isinstance(ans, list) and 1 <= len(ans) <= 4 and all(isinstance(a, str) and a == a.lower() and a for a in ans)):
            errors.append(f"{where}: answer_any must be 1-4 non-empty lowercase strings")
        if "\n" in ev or "\r" in ev:
            errors.append(f"{where}: evidence contains a line break")
        nwords = len(ev.split())
        if not 5 <= nwords <= 20:
            errors.append(f"{where}: evidence has {nwords} words (want 5-20)")
        path = os.path.join(HERE, rel)
        if not os.path.isfile(path):
            errors.append(f"{where}: file not found: {rel}")
            continue
        if os.path.abspath(path) not in seg_cache:
            errors.append(f"{where}: file is excluded from the corpus: {rel}")
            continue
        segs = seg_cache[os.path.abspath(path)]
        if not any(ev in s for s in segs):
            errors.append(f"{where}: evidence not found in {rel}: {ev!r}")
            continue
        # evidence must sit on a single source line (for text formats)
        if not any(ev in line for s in segs for line in s.splitlines()):
            errors.append(f"{where}: evidence spans a line break in {rel}")
        content = "\n".join(segs).lower()
        if not any(a in content for a in ans):
            errors.append(f"{where}: none of answer_any {ans} occurs in {rel}")
        holders = [os.path.relpath(f, HERE) for f, ss in seg_cache.items() if any(ev in s for s in ss)]
        if len(holders) != 1:
            errors.append(f"{where}: evidence occurs in {len(holders)} files: {holders}")
        per_ext[os.path.splitext(rel)[1].lower()] += 1
        per_dir[rel.split("/")[1]] += 1

    print(f"corpus files checked: {len(files)}")
    print(f"qa rows: {len(rows)}")
    print("rows per format: " + ", ".join(f"{k} {v}" for k, v in sorted(per_ext.items())))
    print("rows per folder: " + ", ".join(f"{k} {v}" for k, v in sorted(per_dir.items())))
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: every evidence phrase found verbatim in exactly one corpus file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
