#!/usr/bin/env bash
# Makes the Office and e-book fixtures from the Markdown sources beside this script, with real
# producers: pandoc (DOCX, PPTX with speaker notes, ODT, EPUB), LibreOffice Impress headless (ODP,
# converted from the PPTX as a user would) and msoffcrypto-tool (a password-protected DOCX, as
# Office encrypts it). The outputs are committed, so the tests need none of these tools; run this
# again only after changing a source. The bad inputs are made from the good files by make_bad.py.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pandoc handout.md -o handout.docx
pandoc handout.md -o handout.odt
pandoc deck.md -o deck.pptx
pandoc book.md --epub-chapter-level=1 -o book.epub
# The handout with one paragraph added at its end, for the sync test: an edit re-embeds only what changed.
{ cat handout.md; printf '\n## Afterword\n\nEcho state networks keep the recurrent weights fixed and train only the readout.\n'; } > "$work/handout-edited.md"
pandoc "$work/handout-edited.md" -o handout-edited.docx
HOME="$work" soffice --headless --convert-to odp --outdir "$work" deck.pptx >/dev/null 2>&1
cp "$work/deck.odp" deck.odp

# Bad inputs.
python3 make_bad.py bomb handout.docx bomb.docx
python3 make_bad.py laughs handout.docx word/document.xml laughs.docx
python3 make_bad.py laughs book.epub EPUB/text/ch002.xhtml laughs.epub
# An HTML page saved under a Word name, as "export to Word" buttons on web pages do.
pandoc handout.md -s -o not-a-zip.docx -t html
# Encrypted with a password, as Word's "Encrypt with Password" does: an OLE compound file.
python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q msoffcrypto-tool
"$work/venv/bin/msoffcrypto-tool" -e -p secret handout.docx password.docx
# Cut off in the middle, as an interrupted download leaves it.
head -c $(( $(stat -c %s handout.docx) / 2 )) handout.docx > truncated.docx
ls -l ./*.docx ./*.pptx ./*.odt ./*.odp ./*.epub
