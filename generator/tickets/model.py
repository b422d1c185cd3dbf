"""The normalised ticket: plain data, the same whatever helpdesk it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.text import UNDETERMINED

#: :attr:`Ticket.helpdesk` of a generic CSV/JSON export (our own field names, or ``--map``).
GENERIC = "generic"
#: Every :attr:`Ticket.helpdesk` value.
HELPDESKS = ("zendesk", "freshdesk", "gorgias", "helpscout", GENERIC)


@dataclass(frozen=True, slots=True)
class Ticket:
    """One customer ticket, already redacted (see :mod:`generator.redact`).

    Nothing downstream depends on which helpdesk exported it; :attr:`helpdesk` and :attr:`id`
    together name the ticket across files (de-duplication keeps the newest :attr:`updated_at`).
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
    """One of ``email, chat, phone, web, social, api, other`` whatever the export's spelling
    (:func:`generator.tickets.formats.channel`); '' when the export has none."""
    category: str = ""
    """The export's own category or ticket type, if any ('' when absent)."""
    helpdesk: str = GENERIC
    """Which tool exported it: ``zendesk``, ``freshdesk``, ``gorgias``, ``helpscout`` or ``generic``."""
    updated_at: datetime | None = None
    """When the export last changed the ticket (time-zone aware), None when it doesn't say."""

    @property
    def text(self) -> str:
        """Subject and body joined, for callers that want one string."""
        return f"{self.subject}\n{self.body}" if self.subject and self.body else self.subject or self.body
