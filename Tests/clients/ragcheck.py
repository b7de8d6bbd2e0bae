"""What the client tests share: rag's own JSON to compare with, and a check that stops the run."""

import json
import subprocess
import sys


def rag_json(rag, store, *args):
    """What `rag ARGS --store STORE --json` prints."""
    out = subprocess.run([rag, *args, "--store", store, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def check(condition, message):
    """Ends the run with exit 1 and the message on stderr unless `condition` holds."""
    if not condition:
        print(f"FAILED: {message}", file=sys.stderr)
        sys.exit(1)
