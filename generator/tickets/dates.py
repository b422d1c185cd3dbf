"""Parse the date formats helpdesk exports use into aware datetimes (pure).

Handled: ISO 8601 with ``Z`` or an offset (``2024-03-01T14:22:05Z``), Zendesk CSV's
``2024-03-01 14:22:05 +0100`` and ``2024-03-01 14:22``, Unix epochs in seconds or
milliseconds, ``dd/mm/yyyy`` / ``dd.mm.yyyy`` / ``dd-mm-yyyy`` (day first; read as ``mm/dd/yyyy``
only when the second number is above 12), ``yyyy/mm/dd``, and ``Mar 1, 2024`` / ``1 Mar 2024``, each with an
optional time. A value without a time zone is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_NUMERIC = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_OFFSET = re.compile(r"^(.*\d)\s+(?:UTC|GMT)?\s*([+-]\d{2}):?(\d{2})$")
_TEXT_FORMATS = ("%b %d, %Y", "%b %d, %Y %H:%M", "%b %d, %Y %I:%M %p", "%d %b %Y", "%d %b %Y %H:%M",
                 "%B %d, %Y", "%d %B %Y", "%a, %d %b %Y %H:%M:%S %z", "%a %b %d %H:%M:%S %z %Y")


def _zone(text: str | None) -> timezone:
    if not text or text in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def parse_datetime(value: object) -> datetime | None:
    """``value`` as an aware datetime, or None when it is empty or not a date we know."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    if text.isdigit() and 9 <= len(text) <= 13:
        return _epoch(float(text))
    match = _OFFSET.match(text)
    if match:
        try:
            base = datetime.fromisoformat(match.group(1))
            return base.replace(tzinfo=_zone(match.group(2) + match.group(3)))
        except ValueError:
            pass
    match = _NUMERIC.match(text)
    if match:
        return _numeric(match)
    for fmt in _TEXT_FORMATS:
        try:
            return _aware(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None


def _epoch(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def _numeric(match: re.Match) -> datetime | None:
    a, b, c, hour, minute, second, ampm, zone = match.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = int(a), int(b)
        if month > 12 and day <= 12:  # mm/dd/yyyy
            day, month = month, day
    h = int(hour or 0)
    if ampm:
        h = h % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return datetime(year, month, day, h, int(minute or 0), int(second or 0), tzinfo=_zone(zone))
    except ValueError:
        return None
