#!/usr/bin/env python3
"""Writes a LaTeX source for each fixture from its plain-text source (paper.txt, handout.txt,
slides.txt), so the tests can compare what rag reads from the PDF with the text that was typeset.

Source format: `title: ...` on the first line, `# ` and `## ` headings, paragraphs separated by
blank lines, and in slides.txt `## ` starts a slide and `- ` a bullet."""
import sys

SPECIAL = {c: "\\" + c for c in "&%$#_{}"}


def escape(text):
    return "".join(SPECIAL.get(c, c) for c in text)


def blocks(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    title = lines[0].removeprefix("title: ")
    return title, lines[1:]


def article(path, preamble, options):
    title, lines = blocks(path)
    out = [f"\\documentclass[{options}]{{article}}", *preamble, f"\\title{{{escape(title)}}}",
           "\\author{Machine Learning 101}", "\\date{Autumn term}", "\\begin{document}", "\\maketitle"]
    for line in lines:
        if line.startswith("## "):
            out.append(f"\\subsection{{{escape(line[3:])}}}")
        elif line.startswith("# "):
            out.append(f"\\section{{{escape(line[2:])}}}")
        else:
            out.append(escape(line))
    out.append("\\end{document}")
    return "\n".join(out) + "\n"


def slides(path):
    title, lines = blocks(path)
    out = ["\\documentclass[aspectratio=169]{beamer}", "\\setbeamertemplate{navigation symbols}{}",
           "\\setbeamertemplate{footline}[frame number]", f"\\title{{{escape(title)}}}",
           "\\author{Machine Learning 101}", "\\date{Autumn term}", "\\begin{document}",
           "\\begin{frame}", "\\titlepage", "\\end{frame}"]
    in_frame = False
    for line in lines:
        if line.startswith("## "):
            if in_frame:
                out += ["\\end{itemize}", "\\end{frame}"]
            out += [f"\\begin{{frame}}{{{escape(line[3:])}}}", "\\begin{itemize}"]
            in_frame = True
        elif line.startswith("- "):
            out.append(f"\\item {escape(line[2:])}")
    out += ["\\end{itemize}", "\\end{frame}", "\\end{document}"]
    return "\n".join(out) + "\n"


kind, source, target = sys.argv[1:4]
if kind == "paper":
    # Two columns with a running header (the same on every page but the first) and page numbers.
    tex = article(source, ["\\pagestyle{myheadings}", "\\markright{ML 101 Reading 3: Regularisation}"], "11pt,twocolumn")
elif kind == "handout":
    # hyperref writes the sections and subsections as the PDF's outline (bookmarks).
    tex = article(source, ["\\usepackage[margin=3cm]{geometry}", "\\usepackage{hyperref}"], "12pt")
else:
    tex = slides(source)
open(target, "w", encoding="utf-8").write(tex)
