"""schemathesis hooks for api_schema.py: keep generated answers short.

Any max_tokens the document allows (up to its maximum, RAG_MOST_TOKENS, which api_schema.py reads from
it) is valid, but writing hundreds of tokens takes the 135M model many seconds. A valid value is lowered
to at most SHORT (still valid), and with none given the first field is set to SHORT, so that every
generated question is answered quickly. Invalid values are left as generated, so the server's range
checks are still tested.
"""

import os

import schemathesis

SHORT = 8
LIMIT = int(os.environ["RAG_MOST_TOKENS"])
GENERATING = {"/v1/ask": ("max_tokens",), "/v1/chat": ("max_tokens",), "/v1/chat/completions": ("max_tokens", "max_completion_tokens")}


def shortened(body, fields):
    given = [field for field in fields if body.get(field) is not None]
    for field in given:
        if type(body[field]) is int and 1 <= body[field] <= LIMIT:
            body[field] = min(body[field], SHORT)
    if not given:
        body[fields[0]] = SHORT


@schemathesis.hook
def before_call(context, case, kwargs):
    fields = GENERATING.get(case.operation.path)
    if fields and isinstance(case.body, dict):
        shortened(case.body, fields)
