#!/usr/bin/env python3
"""Verify gold Q&A sets against the corpus folder they ask about.

Stdlib only. Run from anywhere:

    python3 corpora/check_qa.py                      # corpora/qa.jsonl against corpora/ml-notes
    python3 corpora/check_qa.py --corpus corpora/sklearn-guide corpora/sklearn-qa/*.jsonl
    python3 corpora/check_qa.py --rag .build/release/rag --corpus ... SETS   # also against rag's chunks

A row's `file` is relative to its set's folder (as `rag eval qa` reads it). A row with
"file": null is a question the notes do not answer; only its schema is checked
({"question", "file"}). For every other row it checks that
  * the row has the expected schema (question, file, evidence, answer_any);
  * the file exists, lies in the corpus and is not excluded (hidden path or matched
    by the corpus's .ragignore);
  * the evidence is 5-20 words, contains no line break, and occurs verbatim in
    the file's *content* as rag's parsers index it:
      - .md/.markdown/.txt: decoded text (utf-8-sig / utf-16 BOM / utf-8 / latin-1)
      - .html/.htm/.xhtml:  what Sources/Ingest/Parsing/HTMLParser.swift keeps: the
        first <main> (or role="main" element), else the <article>s, else the whole
        page; without script/style/noscript/nav/header/footer/aside/form/template/
        svg/iframe/button/select/object/canvas, elements with the roles navigation/
        banner/contentinfo/complementary/search, or marked hidden / aria-hidden="true";
        heading (h1-h6) and <title> text is the heading path, not body text, so
        evidence may not come from it; entities decoded, whitespace collapsed
        outside <pre>; the phrase must sit inside a single text node (it may not
        span tags)
      - .json:              inside a single string value
      - .jsonl/.ndjson:     inside a single string value of one line
      - .ipynb:             inside the source of one markdown or code cell
                            (outputs are ignored)
  * at least one answer_any keyword occurs in the file content, headings included
    (case-insensitive);
  * the evidence phrase occurs in exactly one file of the indexable corpus;
  * no question appears twice, within a set or across the sets checked;
  * with --rag BINARY: the evidence (whitespace collapsed) lies inside one chunk of
    `BINARY chunks --json FILE`, as `rag eval qa` needs it to count a hit.

Exit status is 0 when every check passes, 1 otherwise.
"""

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "ml-notes")
DEFAULT_SETS = [os.path.join(HERE, "qa.jsonl")]

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

# Mirrors Sources/Ingest/Parsing/HTMLParser.swift (Walker.dropped, contentRoots, headings).
DROPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
SKIP_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
             "template", "svg", "iframe", "button", "select", "object", "canvas", "head"}
HEADING_TAGS = {"title", "h1", "h2", "h3", "h4", "h5", "h6"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
             "meta", "source", "track", "wbr"}


def collapse(text):
    return " ".join(text.split())


class VisibleText(HTMLParser):
    """Collect visible text nodes with the content root (main/article) they sit in.

    Each node is (text, kind, main_index, article_index): kind is "body", "pre" or
    "heading"; main_index is which <main> holds it (None outside any), article_index
    which outermost <article> holds it (None outside any).
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, hidden, is a main content root)
        self.nodes = []
        self.mains = 0
        self.articles = 0
        self.main_at = []     # main index per open <main>
        self.article_at = []  # article index per open outermost <article>

    @staticmethod
    def hidden(attrs):
        for name, value in attrs:
            if name == "hidden" or (name == "aria-hidden" and (value or "").lower() == "true"):
                return True
            if name == "role" and (value or "").lower() in DROPPED_ROLES:
                return True
        return False

    @staticmethod
    def is_main(tag, attrs):
        return tag == "main" or any(n == "role" and (v or "").lower() == "main" for n, v in attrs)

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        main = self.is_main(tag, attrs)
        if main:
            self.main_at.append(self.mains)
            self.mains += 1
        if tag == "article":
            self.article_at.append(self.articles if not self.article_at else self.article_at[-1])
            if len(self.article_at) == 1:
                self.articles += 1
        self.stack.append((tag, self.hidden(attrs), main))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if any(t == tag for t, _, _ in self.stack):
            while self.stack:
                t, _, main = self.stack.pop()
                if main and self.main_at:
                    self.main_at.pop()
                if t == "article" and self.article_at:
                    self.article_at.pop()
                if t == tag:
                    break

    def handle_data(self, data):
        if any(t in SKIP_TAGS or hidden for t, hidden, _ in self.stack):
            return
        tags = [t for t, _, _ in self.stack]
        if any(t in HEADING_TAGS for t in tags):
            kind = "heading"
        elif "pre" in tags:
            kind = "pre"
        else:
            kind = "body"
        main = self.main_at[0] if self.main_at else None
        article = self.article_at[0] if self.article_at else None
        self.nodes.append((data, kind, main, article))


def html_text(raw):
    """(segments an evidence phrase may sit in, all visible text with headings)."""
    text, _ = decode_bytes(raw, html_declared_charset(raw))
    p = VisibleText()
    p.feed(text)
    p.close()
    if p.mains:  # the first <main> only
        nodes = [n for n in p.nodes if n[2] == 0]
    elif p.articles:
        nodes = [n for n in p.nodes if n[3] is not None]
    else:
        nodes = p.nodes
    segments = []
    for data, kind, _, _ in nodes:
        if kind == "body":
            data = collapse(data)
        if kind != "heading" and data.strip():
            segments.append(data)
    visible = "\n".join(collapse(data) for data, _, _, _ in nodes)
    return segments, visible


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
    """Return (the text segments an evidence phrase may live in, all the file's indexed text)."""
    ext = os.path.splitext(path)[1].lower()
    with open(path, "rb") as f:
        raw = f.read()
    if ext in HTML_EXT:
        return html_text(raw)
    segs = plain_segments(path, ext, raw)
    return segs, "\n".join(segs)


def plain_segments(path, ext, raw):
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


def load_ragignore(corpus):
    path = os.path.join(corpus, ".ragignore")
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


def corpus_files(corpus):
    patterns = load_ragignore(corpus)
    out = []
    for root, dirs, files in os.walk(corpus):
        for name in files:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, corpus).replace(os.sep, "/")
            if os.path.splitext(name)[1].lower() not in ALL_EXT:
                continue
            if is_ignored(rel, patterns):
                continue
            out.append(full)
    return sorted(out)


# --------------------------------------------------------------------------- checks

def rag_chunks(rag, path):
    """The collapsed texts of `rag chunks --json path`."""
    out = subprocess.run([rag, "chunks", "--json", path], capture_output=True, text=True, check=True).stdout
    return [collapse(c["text"]) for c in json.loads(out)["chunks"]]


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Verify gold Q&A sets against a corpus folder (stdlib only).")
    ap.add_argument("sets", nargs="*", help="question sets (JSON Lines); default corpora/qa.jsonl")
    ap.add_argument("--corpus", help="the folder of notes the sets ask about; default corpora/ml-notes")
    ap.add_argument("--rag", metavar="BINARY", help="also check that each evidence lies inside one chunk of `BINARY chunks --json`")
    ap.add_argument("--per-file", action="store_true", help="also print how many rows each corpus file answers")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    corpus = os.path.abspath(args.corpus) if args.corpus else DEFAULT_CORPUS
    sets = [os.path.abspath(s) for s in args.sets] or DEFAULT_SETS
    errors = []
    if not os.path.isdir(corpus):
        print(f"corpus folder not found: {corpus}")
        return 1
    files = corpus_files(corpus)
    seg_cache = {}
    content_cache = {}
    for f in files:
        try:
            seg_cache[f], content_cache[f] = segments_for(f)
        except Exception as e:  # noqa: BLE001
            errors.append(f"cannot load {os.path.relpath(f, HERE)}: {e}")
            seg_cache[f], content_cache[f] = [], ""
    chunk_cache = {}

    rows = []
    for set_path in sets:
        name = os.path.basename(set_path)
        try:
            fh = open(set_path, encoding="utf-8")
        except OSError as e:
            errors.append(f"cannot read {set_path}: {e}")
            continue
        with fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rows.append((set_path, n, json.loads(line)))
                except json.JSONDecodeError as e:
                    errors.append(f"{name} line {n}: invalid JSON: {e}")

    per_ext = Counter()
    per_dir = Counter()
    per_file = Counter()
    per_set = Counter()
    no_file = 0
    seen_questions = {}
    for set_path, n, row in rows:
        name = os.path.basename(set_path)
        where = f"{name} line {n}"
        if not isinstance(row, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        q = row.get("question")
        if isinstance(q, str):
            if q in seen_questions:
                errors.append(f"{where}: duplicate question (also {seen_questions[q]})")
            seen_questions.setdefault(q, where)
        if "file" in row and row["file"] is None:
            no_file += 1
            per_set[(name, "no file")] += 1
            if set(row) != {"question", "file"}:
                errors.append(f"{where}: a question without a file has only question and file, not {sorted(row)}")
            if not (isinstance(q, str) and q.strip()):
                errors.append(f"{where}: question must be a non-empty string")
            continue
        keys = set(row)
        if keys != {"question", "file", "evidence", "answer_any"}:
            errors.append(f"{where}: unexpected keys {sorted(keys)}")
            continue
        rel, ev, ans = row["file"], row["evidence"], row["answer_any"]
        per_set[(name, "answerable")] += 1
        if not (isinstance(q, str) and q.strip() and isinstance(rel, str) and isinstance(ev, str)):
            errors.append(f"{where}: question, file and evidence must be strings")
            continue
        if not (isinstance(ans, list) and 1 <= len(ans) <= 4 and all(isinstance(a, str) and a == a.lower() and a for a in ans)):
            errors.append(f"{where}: answer_any must be 1-4 non-empty lowercase strings")
            continue
        if "\n" in ev or "\r" in ev:
            errors.append(f"{where}: evidence contains a line break")
        nwords = len(ev.split())
        if not 5 <= nwords <= 20:
            errors.append(f"{where}: evidence has {nwords} words (want 5-20)")
        path = os.path.abspath(os.path.join(os.path.dirname(set_path), rel))
        if not os.path.isfile(path):
            errors.append(f"{where}: file not found: {rel}")
            continue
        if path not in seg_cache:
            errors.append(f"{where}: file is not an indexable file of the corpus: {rel}")
            continue
        segs = seg_cache[path]
        if not any(ev in s for s in segs):
            errors.append(f"{where}: evidence not found in {rel}: {ev!r}")
            continue
        # evidence must sit on a single source line (for text formats)
        if not any(ev in line for s in segs for line in s.splitlines()):
            errors.append(f"{where}: evidence spans a line break in {rel}")
        content = content_cache[path].lower()
        if not any(a in content for a in ans):
            errors.append(f"{where}: none of answer_any {ans} occurs in {rel}")
        holders = [os.path.relpath(f, HERE) for f, ss in seg_cache.items() if any(ev in s for s in ss)]
        if len(holders) != 1:
            errors.append(f"{where}: evidence occurs in {len(holders)} files: {holders}")
        if args.rag:
            if path not in chunk_cache:
                try:
                    chunk_cache[path] = rag_chunks(args.rag, path)
                except (OSError, subprocess.CalledProcessError, ValueError, KeyError) as e:
                    errors.append(f"{where}: `{args.rag} chunks --json {rel}` failed: {e}")
                    chunk_cache[path] = None
            chunks = chunk_cache[path]
            if chunks is not None and not any(collapse(ev) in c for c in chunks):
                errors.append(f"{where}: evidence is not inside one chunk of {rel} (split between chunks?)")
        inside = os.path.relpath(path, corpus).replace(os.sep, "/")
        per_ext[os.path.splitext(rel)[1].lower()] += 1
        per_dir[inside.split("/")[0]] += 1
        per_file[inside] += 1

    print(f"corpus files checked: {len(files)}")
    print(f"qa rows: {len(rows)}" + (f" ({len(rows) - no_file} answerable, {no_file} without a file)" if no_file else ""))
    if len(sets) > 1:
        for set_path in sets:
            name = os.path.basename(set_path)
            print(f"  {name}: {per_set[(name, 'answerable')]} answerable, {per_set[(name, 'no file')]} without a file")
    print("rows per format: " + ", ".join(f"{k} {v}" for k, v in sorted(per_ext.items())))
    print("rows per folder: " + ", ".join(f"{k} {v}" for k, v in sorted(per_dir.items())))
    if args.per_file:
        print("rows per file:")
        for f in files:
            inside = os.path.relpath(f, corpus).replace(os.sep, "/")
            print(f"  {per_file[inside]:3d}  {inside}")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: every evidence phrase found verbatim in exactly one corpus file"
          + (" and inside one of rag's chunks" if args.rag else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
