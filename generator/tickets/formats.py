"""The export formats we read, how each is recognised, and where each of our fields lives.

A :class:`Format` names, for every field of :class:`~generator.tickets.model.Ticket`
(``id, subject, body, created_at, updated_at, language, tags, category, channel``), the
candidate CSV columns (compared after :func:`norm`, so ``Created at`` == ``created_at``) or JSON
key paths (dotted, for nesting: ``via.channel``); the first candidate with a non-empty value wins.
Column and key names come from ``helpdesk-export-formats.md``; where a vendor's CSV header is
unverified we accept the API field names and their title-case spellings.

A format also names where a record says it is not demand (:attr:`Format.status`: ``deleted``,
``spam``; :attr:`Format.flags`: ``spam: true``, ``deleted: true``, a ``trashed_datetime``) and,
for JSON with threads, which picker finds the customer's own first message
(:attr:`Format.body_from`, see :mod:`generator.tickets.threads`). :func:`channel` turns every
format's channel spelling into one vocabulary (:data:`CHANNELS`).

Detection (:func:`detect`) scores each format by the identifying columns/keys
(``signature``) present in the header or the first JSON record; the highest score wins,
and a file that only carries our own field names is ``csv`` / ``jsonl`` (generic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS = ("id", "subject", "body", "created_at", "updated_at", "language", "tags", "category", "channel")
#: Channels as :class:`~generator.tickets.model.Ticket` names them, whatever the export's spelling.
CHANNELS = ("email", "chat", "phone", "web", "social", "api", "other")
#: Status values that mean a record is not a customer's demand, and the skip reason counted for it.
SKIP_STATUS = {"deleted": "deleted", "trash": "deleted", "trashed": "deleted", "spam": "spam"}
#: Keys that wrap one record: Zendesk ``{"ticket": {...}}``, Help Scout v1 ``{"item": {...}}``...
WRAPPER_KEYS = ("ticket", "item", "conversation")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def norm(name: str) -> str:
    """A column or key name compared loosely: ``Created at`` / ``createdAt`` -> ``created_at``."""
    return _NON_ALNUM.sub("_", _CAMEL.sub("_", name.strip()).lower()).strip("_")


@dataclass(frozen=True)
class Format:
    """One export layout."""

    name: str
    kind: str
    """``csv`` or ``json``."""
    fields: dict[str, tuple[str, ...]]
    """Our field -> candidate columns (normalised) or JSON key paths, first found wins."""
    signature: frozenset[str] = field(default_factory=frozenset)
    """Normalised columns / keys that identify the format."""
    description: str = ""
    status: tuple[str, ...] = ("status",)
    """Columns / key paths whose value, when in :data:`SKIP_STATUS`, makes the record no ticket (all checked)."""
    flags: tuple[tuple[str, str], ...] = (("spam", "spam"), ("is_spam", "spam"), ("deleted", "deleted"))
    """(column or key path, skip reason): a true value (``true``, ``1``, a date) skips the record."""
    body_from: str = ""
    """JSON only: the thread picker (:data:`generator.tickets.threads.PICKERS`) tried before ``fields["body"]``."""


def _f(**kwargs: tuple[str, ...] | str) -> dict[str, tuple[str, ...]]:
    return {k: (v,) if isinstance(v, str) else v for k, v in kwargs.items()}


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("zendesk-csv", "csv", _f(
        id="id", subject="subject", body=("description", "first_comment", "comment", "body"),
        created_at="created_at", updated_at="updated_at", language=("language", "requester_language", "language_list"),
        tags="tags", category=("ticket_category_list", "category_list", "category", "ticket_type"), channel="via"),
        frozenset({"summation_column", "requester", "requester_id", "requester_email", "submitter", "assignee",
                   "ticket_type", "via", "satisfaction_score", "group_stations", "reopens", "replies"}),
        "Zendesk admin CSV export (Summation column, Id, Requester, ..., Subject, Tags, Via, Ticket type, Created at)"),
    Format("zendesk-json", "json", _f(
        id="id", subject=("subject", "raw_subject"), body=("description", "comment.body"), created_at="created_at",
        updated_at="updated_at", language=("language", "requester.locale", "locale"), tags="tags",
        category=("category", "type"), channel="via.channel"),
        frozenset({"raw_subject", "requester_id", "submitter_id", "assignee_id", "organization_id", "group_id",
                   "brand_id", "ticket_form_id", "via", "collaborator_ids", "follower_ids", "has_incidents",
                   "satisfaction_rating", "allow_channelback", "generated_timestamp", "is_public"}),
        "Zendesk JSON export / incremental API: {\"tickets\": [...]}, a JSON list, or NDJSON", body_from="zendesk"),
    Format("freshdesk-csv", "csv", _f(
        id=("ticket_id", "id"), subject="subject", body=("description", "description_text"),
        created_at=("created_time", "created_at"), updated_at=("last_update_time", "updated_time", "updated_at"),
        language="language", tags="tags", category=("type", "category", "ticket_type"), channel="source"),
        frozenset({"ticket_id", "created_time", "resolved_time", "closed_time", "last_update_time", "due_by_time",
                   "initial_response_time", "agent", "contact_id", "full_name", "source", "type"}),
        "Freshdesk ticket export CSV (Ticket ID, Subject, Description, Status, Source, Type, Created time, Tags)",
        flags=(("spam", "spam"), ("is_spam", "spam"), ("deleted", "deleted"))),
    Format("freshdesk-json", "json", _f(
        id="id", subject="subject", body=("description_text", "description"), created_at="created_at",
        updated_at="updated_at", language=("language", "custom_fields.cf_language"), tags="tags",
        category=("type", "custom_fields.cf_category"), channel="source"),
        frozenset({"description_text", "fr_due_by", "due_by", "responder_id", "requester_id", "fr_escalated",
                   "is_escalated", "email_config_id", "cc_emails", "fwd_emails", "reply_cc_emails", "to_emails",
                   "source", "spam"}),
        "Freshdesk API v2 tickets (a JSON list, or search results {\"results\": [...]})",
        body_from="freshdesk"),
    Format("gorgias-csv", "csv", _f(
        id=("id", "ticket_id"), subject="subject", body=("excerpt", "first_message", "message", "body"),
        created_at=("created_datetime", "created_date", "created_at", "created"),
        updated_at=("updated_datetime", "updated_date", "updated_at", "updated"), language="language",
        tags="tags", category=("category", "contact_reason", "reason"), channel="channel"),
        frozenset({"created_datetime", "excerpt", "messages_count", "assignee_user", "closed_datetime",
                   "opened_datetime", "last_message_datetime", "updated_datetime", "from_agent", "is_unread"}),
        "Gorgias tickets CSV (id, subject, excerpt, language, channel, tags, created_datetime)",
        flags=(("spam", "spam"), ("is_spam", "spam"), ("deleted", "deleted"), ("trashed_datetime", "deleted"))),
    Format("gorgias-json", "json", _f(
        id="id", subject="subject", body=("excerpt",), created_at="created_datetime",
        updated_at="updated_datetime", language="language", tags="tags",
        category=("category", "meta.category"), channel="channel"),
        frozenset({"created_datetime", "excerpt", "messages_count", "assignee_user", "closed_datetime",
                   "opened_datetime", "last_message_datetime", "updated_datetime", "from_agent", "is_unread",
                   "uri", "integrations", "snooze_datetime"}),
        "Gorgias REST API tickets ({\"data\": [...]} or a JSON list)",
        flags=(("spam", "spam"), ("is_spam", "spam"), ("deleted", "deleted"), ("trashed_datetime", "deleted")),
        body_from="gorgias"),
    Format("helpscout-csv", "csv", _f(
        id=("number", "conversation_id", "id"), subject="subject", body=("preview", "body", "first_message"),
        created_at=("created_at", "created", "created_date"), updated_at=("updated_at", "modified_at", "updated"),
        language="language", tags="tags", category="category", channel=("type", "source", "source_type")),
        frozenset({"preview", "mailbox", "mailbox_id", "number", "customer", "customer_email", "closed_by",
                   "customer_waiting_since", "threads", "conversation_id", "assigned_to"}),
        "Help Scout conversations CSV (Number, Subject, Preview, Customer, Mailbox, Tags, Created At)",
        status=("status", "state")),
    Format("helpscout-json", "json", _f(
        id=("number", "id"), subject="subject", body=("preview",),
        created_at=("created_at", "createdAt"), updated_at=("updated_at", "updatedAt", "userUpdatedAt", "modifiedAt"),
        language="language", tags="tags", category="category", channel=("source.type", "type")),
        frozenset({"preview", "mailbox_id", "primary_customer", "customer_waiting_since", "threads", "number",
                   "created_by", "closed_by", "user_updated_at", "folder_id", "_embedded"}),
        "Help Scout Mailbox API 2.0 conversations ({\"_embedded\": {\"conversations\": [...]}} or a list)",
        status=("status", "state"), body_from="helpscout"),
    Format("csv", "csv", _f(**{name: name for name in FIELDS}), frozenset(FIELDS),
           "generic CSV with our field names, or any CSV with --map field=Column"),
    Format("jsonl", "json", _f(**{name: name for name in FIELDS}), frozenset(FIELDS),
           "generic JSON Lines (or a JSON list) with our field names, or any with --map field=key"),
)}

#: ``--ticket-format`` names that pick a family; the kind (CSV or JSON) comes from the content.
FAMILIES = {"zendesk": "zendesk", "freshdesk": "freshdesk", "gorgias": "gorgias", "helpscout": "helpscout",
            "help-scout": "helpscout", "generic": "", "json": "", "ndjson": ""}

#: Freshdesk's numeric ``source`` values (1 email, 2 portal, 3 phone, 4 forum, 5 Twitter, 6 Facebook, 7 chat,
#: 8 Mobihelp, 9 feedback widget, 10 outbound email), in our vocabulary.
FRESHDESK_SOURCES = {"1": "email", "2": "web", "3": "phone", "4": "web", "5": "social", "6": "social", "7": "chat",
                     "8": "web", "9": "web", "10": "email"}
#: Words in a channel's spelling -> our channel; the first rule with a word in the spelling wins.
_CHANNEL_RULES = (
    ("api", frozenset({"api", "webservice", "integration"})),
    ("social", frozenset({"twitter", "tweet", "facebook", "instagram", "whatsapp", "messenger", "tiktok", "social",
                          "wechat", "line", "viber", "telegram", "youtube", "linkedin", "yotpo", "trustpilot"})),
    ("phone", frozenset({"phone", "voice", "call", "calls", "voicemail", "sms", "aircall", "telephone",
                         "telephony", "ivr", "whatsapp_call"})),
    ("chat", frozenset({"chat", "livechat", "beaconchat", "messaging", "chatbot", "bot", "intercom"})),
    ("email", frozenset({"email", "mail", "emailfwd", "gmail", "outlook", "mailbox"})),
    ("web", frozenset({"web", "form", "webform", "portal", "widget", "help", "helpcenter", "contact", "website",
                       "mobile", "sdk", "app", "feedback", "mobihelp", "forum", "community", "beacon"})),
)
_CHANNEL_MEMO: dict[str, str] = {}
_CHANNEL_MEMO_ENTRIES = 10_000


def channel(value: str, family: str = "") -> str:
    """An export's channel spelling as one of :data:`CHANNELS` ('' when empty; ``other`` when unknown).

    Zendesk ``via.channel`` (``web``, ``email``, ``voice``...) and CSV ``Via`` (``Web Form``, ``Mail``,
    ``Phone call (incoming)``, ``Web service (API)``), Freshdesk's source numbers, Help Scout's
    ``source.type`` and Gorgias' ``channel`` (``facebook-messenger``, ``contact_form``...) all land here.
    """
    if not value:
        return ""
    if family == "freshdesk" and value in FRESHDESK_SOURCES:
        return FRESHDESK_SOURCES[value]
    known = _CHANNEL_MEMO.get(value)
    if known is not None:
        return known
    words = norm(value).split("_")
    words += ["".join(words)]  # "e-mail" -> email, "web service" -> webservice
    found = next((name for name, vocabulary in _CHANNEL_RULES if not vocabulary.isdisjoint(words)), "other")
    if len(_CHANNEL_MEMO) >= _CHANNEL_MEMO_ENTRIES:
        _CHANNEL_MEMO.clear()
    _CHANNEL_MEMO[value] = found
    return found


def format_names() -> list[str]:
    """Every accepted ``--ticket-format`` value."""
    return ["auto", *FORMATS, *sorted(k for k in FAMILIES if k not in FORMATS)]


def resolve(name: str, kind: str) -> Format | None:
    """The format for a ``--ticket-format`` value and the file's kind; None when unknown."""
    name = name.strip().lower()
    if name in FORMATS:
        return FORMATS[name]
    if name in FAMILIES:
        family = FAMILIES[name]
        if not family:
            return FORMATS["csv" if kind == "csv" else "jsonl"]
        return FORMATS[f"{family}-{kind}"]
    return None


def keys_of(record: dict) -> set[str]:
    """Normalised top-level keys of a JSON record."""
    return {norm(k) if not k.startswith("_") else k for k in record}


def detect(kind: str, names: set[str]) -> Format:
    """The best format for a CSV header or JSON record whose normalised names are ``names``."""
    best, best_score = FORMATS["csv" if kind == "csv" else "jsonl"], 1
    for fmt in FORMATS.values():
        if fmt.kind != kind or fmt.name in ("csv", "jsonl"):
            continue
        score = len(fmt.signature & names)
        if score > best_score:
            best, best_score = fmt, score
    return best
