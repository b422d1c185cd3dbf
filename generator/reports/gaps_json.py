"""``gaps.json``: the machine contract (SPEC section 5, plus housekeeping, questions, findability, feedback
and settings). Its schema is declared by :class:`generator.analysis.gaps.GapDocument` (every gap a
:class:`~generator.analysis.gaps.Gap`, the site's searches and votes a
:class:`~generator.analysis.gaps.FeedbackSummary`) and described in the README ("Gaps").
"""

from __future__ import annotations

import json


def render_json(doc: dict) -> str:
    """``gaps.json``: the document as it is (keys in their order), indented, UTF-8, newline-terminated."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
