"""GitHub Actions annotations for the top gaps (workflow-command escaping: ``%`` ``\\r`` ``\\n``; and ``:`` ``,`` in properties).
"""

from __future__ import annotations


from generator.reports.common import describe_gap, one_line

def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(doc: dict, top: int = 5) -> list[str]:
    """``::warning title=Help-center gap::<message>`` workflow commands for the ``top`` gaps."""
    title = _command_property("Help-center gap")
    return [f"::warning title={title}::{_command_data(one_line(describe_gap(gap), 300))}"
            for gap in (doc.get("gaps") or [])[:max(top, 0)]]
