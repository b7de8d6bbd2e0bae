#!/usr/bin/env bash
# Makes the course's slides and handouts in corpora/ml-notes from the Markdown sources beside this
# script, with real producers: pandoc (PowerPoint with speaker notes, Word) and pandoc's beamer
# writer through pdfLaTeX (a PDF slide deck). The outputs are committed, so nothing else needs
# these tools; run this again only after changing a source. The sources live outside ml-notes so
# that rag reads each fact only from the file a student would have.
set -euo pipefail
cd "$(dirname "$0")"
notes=../ml-notes
pandoc week04-tutorial-slides.md -o "$notes/week04-optimisation/tutorial-tuning-the-optimiser.pptx"
pandoc week07-diffusion-handout.md -o "$notes/week07-generative-models/lab5-diffusion-handout.docx"
# Latin Modern is not installed with texlive-latex-base; ae gives Computer Modern in T1 encoding.
pandoc week06-retrieval-slides.md -t beamer -V fontfamily=ae -o "$notes/week06-embeddings-retrieval/measuring-retrieval-slides.pdf"
ls -l "$notes"/week04-optimisation/*.pptx "$notes"/week07-generative-models/*.docx "$notes"/week06-embeddings-retrieval/*.pdf
