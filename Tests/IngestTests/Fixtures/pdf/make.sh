#!/usr/bin/env bash
# Makes the PDF fixtures from the plain-text sources beside this script, with real producers:
# pdfLaTeX (texlive-latex-base, texlive-latex-recommended for beamer and hyperref,
# texlive-fonts-recommended), qpdf and pdftoppm (poppler-utils). The PDFs are committed, so the
# tests need none of these; run this again only after changing a source.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

typeset() {  # kind name: name.txt -> name.pdf
  python3 make_tex.py "$1" "$2.txt" "$work/$2.tex"
  # Twice, so that references and the outline settle; SOURCE_DATE_EPOCH makes the output reproducible.
  for _ in 1 2; do
    (cd "$work" && SOURCE_DATE_EPOCH=1764547200 FORCE_SOURCE_DATE=1 pdflatex -interaction=batchmode "$2.tex" >/dev/null)
  done
  cp "$work/$2.pdf" "$2.pdf"
}

typeset paper paper
typeset handout handout
typeset slides slides

# Bad inputs.
qpdf --encrypt secret owner-secret 256 -- handout.pdf needs-password.pdf
# An owner password only: anyone may open it, so rag reads it.
qpdf --encrypt "" owner-secret 256 -- handout.pdf owner-password-only.pdf
# A scan: the handout's first page as a picture, with no text layer.
pdftoppm -r 60 -gray -jpeg -f 1 -l 1 -singlefile handout.pdf "$work/scan"
cat > "$work/scan.tex" <<'TEX'
\documentclass{article}
\usepackage[margin=0pt]{geometry}
\usepackage{graphicx}
\pagestyle{empty}
\begin{document}
\noindent\includegraphics[width=\paperwidth]{scan.jpg}
\end{document}
TEX
(cd "$work" && SOURCE_DATE_EPOCH=1764547200 FORCE_SOURCE_DATE=1 pdflatex -interaction=batchmode scan.tex >/dev/null)
cp "$work/scan.pdf" scan.pdf
# Cut off in the middle, as an interrupted download leaves it.
head -c $(( $(stat -c %s paper.pdf) / 2 )) paper.pdf > truncated.pdf
ls -l ./*.pdf
