"""``gaps.json``: the machine contract (SPEC section 5, plus questions, findability and settings).
"""

from __future__ import annotations

import json


def render_json(doc: dict) -> str:
    """``gaps.json``: the document as it is (keys in their order), indented, UTF-8, newline-terminated."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
