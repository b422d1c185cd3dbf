"""The normalised ticket: plain data, the same whatever helpdesk it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.text import UNDETERMINED


@dataclass(frozen=True, slots=True)
class Ticket:
    """One customer ticket, already redacted (see :mod:`generator.redact`).

    Nothing downstream knows which helpdesk exported it.
    """

    id: str
    """The export's ticket id (as text); ``"row-N"`` when the export has none."""
    created_at: datetime | None
    """When the ticket was opened, time-zone aware (naive export times are taken as UTC)."""
    subject: str
    """Redacted subject line ('' when the export has none)."""
    body: str
    """Redacted first message as plain text (HTML converted)."""
    tags: tuple[str, ...] = ()
    """The export's tags, as written."""
    language: str = UNDETERMINED
    """Base language code (``en``, ``es``...) from the export or detected; ``und`` when unknown."""
    channel: str = ""
    """email, chat, phone, web... as the export names it ('' when absent)."""
    category: str = ""
    """The export's own category or ticket type, if any ('' when absent)."""

    @property
    def text(self) -> str:
        """Subject and body joined, for callers that want one string."""
        return f"{self.subject}\n{self.body}" if self.subject and self.body else self.subject or self.body
