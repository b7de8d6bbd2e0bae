#!/usr/bin/env bash
# The clients the tests drive rag with: Debian's Chromium, for the page (Tests/clients/devtools.py),
# and the official MCP Python SDK and openai package and schemathesis (which tests the served API
# against its OpenAPI document), in a virtual environment of their own under .build/, from PyPI at
# pinned versions. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "clients: installing Debian's chromium" >&2
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null; } \
    || { echo "clients: apt-get install chromium failed" >&2; exit 1; }
fi

VENV=.build/clients-venv
PACKAGES=(mcp==2.3.0 openai==3.57.0 schemathesis==4.32.5)

installed() { [[ -x $VENV/bin/python ]] && local frozen && frozen=$($VENV/bin/python -m pip freeze 2>/dev/null) \
  && for package in "${PACKAGES[@]}"; do grep -qx "$package" <<<"$frozen" || return 1; done; }
installed && exit 0
echo "clients: installing ${PACKAGES[*]} into $VENV" >&2
rm -rf "$VENV"
python3 -m venv "$VENV" || { echo "clients: python3 -m venv failed (Debian's python3-venv missing?)" >&2; exit 1; }
"$VENV/bin/python" -m pip install --quiet "${PACKAGES[@]}" || { echo "clients: pip install ${PACKAGES[*]} failed (offline?)" >&2; exit 1; }
