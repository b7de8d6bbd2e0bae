#!/usr/bin/env python3
"""Verify the follow-up conversation sets (corpora/followups/*.jsonl).

Stdlib only; it reuses the parsers of corpora/check_qa.py (the same decoding, HTML text nodes,
JSON string values and notebook cells that rag indexes). Run from anywhere:

    python3 corpora/followups/check.py                     # tune.jsonl and held-out.jsonl
    python3 corpora/followups/check.py SET.jsonl ...       # other sets
    python3 corpora/followups/check.py --rag .build/release/rag   # also: evidence inside one chunk
    python3 corpora/followups/check.py --strict            # a missing corpus folder is an error

One line is {"id", "turns": [turn, ...]} with 2 or 3 turns. Turn 1 is
{"question", "file", "evidence", "answer_any"}; turns 2 and 3 add "full", the question written
out standalone. `file` is relative to the set's folder (as `rag eval` reads it), so here
"../ml-notes/..." or "../sklearn-guide/...". For every turn it checks that
  * the turn has exactly those keys; question (and full) are non-empty, full differs from question;
  * answer_any holds 1-3 non-empty lowercase keywords, one of which occurs in the file's indexed
    text (headings included, case-insensitive);
  * the file exists, lies in a corpus folder under corpora/ and is indexable there (not hidden,
    not matched by the folder's .ragignore);
  * the evidence is 5-20 words without a line break and, after collapsing whitespace, lies inside
    one text segment of the file as rag's parser sees it (a Markdown/text file, one HTML text node
    of the main content, one JSON string value, one notebook cell source);
  * the evidence occurs in no other indexable file of that corpus;
  * with --rag BINARY: the collapsed evidence lies inside one chunk of `BINARY chunks --json FILE`.
It also checks that ids are unique and that no first-turn question repeats, across all sets given.
It warns (without failing) when an evidence phrase matches only after whitespace collapsing or
spans source lines, since corpora/check_qa.py would reject it.

The corpus folder sklearn-guide/ is copied by scripts/real-notes.sh and not committed: when a
corpus folder is missing, its turns are skipped with a note (an error with --strict).

Exit status 0 when every check passes, 1 otherwise.
"""

import argparse
import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.dirname(HERE)
sys.path.insert(0, CORPORA)
import check_qa  # noqa: E402  (stdlib only, sits next to this folder)

collapse = check_qa.collapse
DEFAULT_SETS = [os.path.join(HERE, "tune.jsonl"), os.path.join(HERE, "held-out.jsonl")]
FIRST_KEYS = {"question", "file", "evidence", "answer_any"}
LATER_KEYS = FIRST_KEYS | {"full"}


class Corpus:
    """One folder of notes under corpora/, loaded the way check_qa loads it."""

    def __init__(self, root):
        self.root = root
        self.files = check_qa.corpus_files(root)
        self.segments = {}   # path -> [collapsed segment]
        self.raw = {}        # path -> [raw segment]
        self.content = {}    # path -> lowercased indexed text, headings included
        self.errors = []
        for f in self.files:
            try:
                segs, content = check_qa.segments_for(f)
            except Exception as e:  # noqa: BLE001
                self.errors.append(f"cannot load {os.path.relpath(f, CORPORA)}: {e}")
                segs, content = [], ""
            self.raw[f] = segs
            self.segments[f] = [collapse(s) for s in segs]
            self.content[f] = content.lower()

    def holders(self, evidence):
        ev = collapse(evidence)
        return [f for f, segs in self.segments.items() if any(ev in s for s in segs)]


def corpus_root(path):
    """corpora/<folder> that holds path, or None when path is not under corpora/<folder>/."""
    rel = os.path.relpath(path, CORPORA)
    parts = rel.split(os.sep)
    if rel.startswith("..") or len(parts) < 2:
        return None
    return os.path.join(CORPORA, parts[0])


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Verify follow-up conversation sets (stdlib only).")
    ap.add_argument("sets", nargs="*", help="conversation sets (JSON Lines); default tune.jsonl and held-out.jsonl")
    ap.add_argument("--rag", metavar="BINARY", help="also check that each evidence lies inside one chunk of `BINARY chunks --json`")
    ap.add_argument("--strict", action="store_true", help="a missing corpus folder is an error, not a skip")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sets = [os.path.abspath(s) for s in args.sets] or DEFAULT_SETS
    errors, warnings = [], []
    corpora = {}          # root -> Corpus or None (missing)
    chunk_cache = {}
    seen_ids, seen_first = {}, {}
    stats = defaultdict(Counter)   # set name -> counters
    per_corpus = defaultdict(Counter)
    per_folder = Counter()
    skipped = Counter()

    for set_path in sets:
        name = os.path.basename(set_path)
        try:
            fh = open(set_path, encoding="utf-8")
        except OSError as e:
            errors.append(f"cannot read {set_path}: {e}")
            continue
        with fh:
            lines = list(enumerate(fh, 1))
        for n, line in lines:
            if not line.strip():
                continue
            where = f"{name} line {n}"
            try:
                conv = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: invalid JSON: {e}")
                continue
            if not isinstance(conv, dict) or set(conv) != {"id", "turns"}:
                errors.append(f"{where}: want an object with exactly id and turns")
                continue
            cid, turns = conv["id"], conv["turns"]
            if not (isinstance(cid, str) and cid):
                errors.append(f"{where}: id must be a non-empty string")
                continue
            where = f"{name} {cid}"
            if cid in seen_ids:
                errors.append(f"{where}: duplicate id (also {seen_ids[cid]})")
            seen_ids.setdefault(cid, name)
            if not (isinstance(turns, list) and 2 <= len(turns) <= 3):
                errors.append(f"{where}: turns must be a list of 2 or 3 turns")
                continue
            conv_corpora = set()
            first_file = None
            for i, turn in enumerate(turns):
                tw = f"{where} turn {i + 1}"
                if not isinstance(turn, dict):
                    errors.append(f"{tw}: not an object")
                    continue
                want = FIRST_KEYS if i == 0 else LATER_KEYS
                if set(turn) != want:
                    extra, missing = sorted(set(turn) - want), sorted(want - set(turn))
                    errors.append(f"{tw}: keys wrong (missing {missing}, unexpected {extra})")
                    continue
                q, rel, ev, ans = turn["question"], turn["file"], turn["evidence"], turn["answer_any"]
                if not (isinstance(q, str) and q.strip()):
                    errors.append(f"{tw}: question must be a non-empty string")
                if i == 0 and isinstance(q, str):
                    if q in seen_first:
                        errors.append(f"{tw}: first-turn question repeats {seen_first[q]}")
                    seen_first.setdefault(q, tw)
                if i > 0:
                    full = turn["full"]
                    if not (isinstance(full, str) and full.strip()):
                        errors.append(f"{tw}: full must be a non-empty string")
                    elif full.strip() == (q or "").strip():
                        errors.append(f"{tw}: full is the question itself; a later turn must need the conversation")
                if not (isinstance(ans, list) and 1 <= len(ans) <= 3 and all(isinstance(a, str) and a and a == a.lower() for a in ans)):
                    errors.append(f"{tw}: answer_any must be 1-3 non-empty lowercase strings")
                    continue
                if not (isinstance(rel, str) and isinstance(ev, str)):
                    errors.append(f"{tw}: file and evidence must be strings")
                    continue
                if "\n" in ev or "\r" in ev:
                    errors.append(f"{tw}: evidence contains a line break")
                words = len(ev.split())
                if not 5 <= words <= 20:
                    errors.append(f"{tw}: evidence has {words} words (want 5-20): {ev!r}")
                path = os.path.abspath(os.path.join(os.path.dirname(set_path), rel))
                root = corpus_root(path)
                if root is None:
                    errors.append(f"{tw}: file is not inside a corpus folder under corpora/: {rel}")
                    continue
                if root not in corpora:
                    corpora[root] = Corpus(root) if os.path.isdir(root) else None
                    if corpora[root] is not None:
                        errors.extend(corpora[root].errors)
                corpus = corpora[root]
                cname = os.path.basename(root)
                conv_corpora.add(cname)
                if corpus is None:
                    skipped[cname] += 1
                    if args.strict:
                        errors.append(f"{tw}: corpus folder missing: {os.path.relpath(root, CORPORA)}")
                    continue
                if not os.path.isfile(path):
                    errors.append(f"{tw}: file not found: {rel}")
                    continue
                if path not in corpus.segments:
                    errors.append(f"{tw}: not an indexable file of {cname} (hidden, ignored or unsupported): {rel}")
                    continue
                cev = collapse(ev)
                if not any(cev in s for s in corpus.segments[path]):
                    errors.append(f"{tw}: evidence not found in {rel} (whitespace collapsed, one text node/value/cell): {ev!r}")
                    continue
                if not any(ev in line for s in corpus.raw[path] for line in s.splitlines()):
                    warnings.append(f"{tw}: evidence matches {rel} only after collapsing whitespace or across lines (check_qa.py would reject it)")
                if not any(a in corpus.content[path] for a in ans):
                    errors.append(f"{tw}: none of answer_any {ans} occurs in {rel}")
                others = [os.path.relpath(f, CORPORA) for f in corpus.holders(ev) if f != path]
                if others:
                    errors.append(f"{tw}: evidence also occurs in {others}")
                if args.rag:
                    if path not in chunk_cache:
                        try:
                            chunk_cache[path] = check_qa.rag_chunks(args.rag, path)
                        except Exception as e:  # noqa: BLE001  (a failed run, bad JSON, a missing key)
                            errors.append(f"{tw}: `{args.rag} chunks --json {rel}` failed: {e}")
                            chunk_cache[path] = None
                    chunks = chunk_cache[path]
                    if chunks is not None and not any(cev in c for c in chunks):
                        errors.append(f"{tw}: evidence is not inside one chunk of {rel} (split between chunks?)")
                inside = os.path.relpath(path, root).replace(os.sep, "/")
                per_folder[f"{cname}/{inside.split('/')[0]}"] += 1
                if i == 0:
                    first_file = path
                elif path != first_file:
                    stats[name]["later turns in another file"] += 1
            label = "+".join(sorted(conv_corpora)) or "?"
            for counter in (stats[name], per_corpus[label]):
                counter["conversations"] += 1
                counter["turns"] += len(turns)
                counter[f"{len(turns)}-turn"] += 1

    def line(c):
        return (f"{c['conversations']} conversations, {c['turns']} turns "
                f"({c['2-turn']} with 2 turns, {c['3-turn']} with 3)")

    total = Counter()
    for name in stats:
        total.update(stats[name])
        extra = stats[name]["later turns in another file"]
        print(f"{name}: {line(stats[name])}; {extra} later turns answered in another file than turn 1")
    if len(stats) > 1:
        print(f"all sets: {line(total)}")
    for label in sorted(per_corpus):
        print(f"  {label}: {line(per_corpus[label])}")
    print("turns per folder: " + ", ".join(f"{k} {v}" for k, v in sorted(per_folder.items())))
    for cname, count in sorted(skipped.items()):
        print(f"skipped {count} turns: corpus folder {cname}/ is missing (scripts/real-notes.sh copies it)")
    if warnings:
        print(f"\n{len(warnings)} warning(s)")
        for w in warnings:
            print("  - " + w)
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: every turn's evidence found in its file (one text node, value or cell) and in no other file"
          + (", inside one of rag's chunks" if args.rag else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
