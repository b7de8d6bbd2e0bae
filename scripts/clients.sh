#!/usr/bin/env bash
# The official clients the tests drive rag with (the MCP Python SDK), in a virtual environment of
# their own under .build/, from PyPI at pinned versions. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build/clients-venv
PACKAGES=(mcp==2.3.0)

if [[ -x $VENV/bin/python ]] && $VENV/bin/python -m pip freeze 2>/dev/null | grep -qx "${PACKAGES[0]}"; then
  exit 0
fi
echo "clients: installing ${PACKAGES[*]} into $VENV" >&2
rm -rf "$VENV"
python3 -m venv "$VENV" || { echo "clients: python3 -m venv failed (Debian's python3-venv missing?)" >&2; exit 1; }
"$VENV/bin/python" -m pip install --quiet "${PACKAGES[@]}" || { echo "clients: pip install ${PACKAGES[*]} failed (offline?)" >&2; exit 1; }
