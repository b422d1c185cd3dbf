"""The customer's own first message, from the threads a JSON export embeds (pure).

A ticket's text should be what the customer asked, never an agent's reply. Where an export
embeds the conversation, a picker (one per helpdesk, :data:`PICKERS`) takes a record and returns:

* :data:`NOT_EMBEDDED` when the record carries no threads: the reader falls back to the
  format's body fields (``description``, ``preview``, ``excerpt``...);
* the raw text (plain or HTML) of the customer's first message;
* ``None`` when threads are there but none is the customer's: the ticket keeps its subject only.

Per helpdesk:

* **Help Scout** ``_embedded.threads`` (API 2.0, with ``embed=threads``) or ``threads`` as a list
  (API v1): the earliest thread of type ``customer`` (or one created by a customer, such as a
  chat); ``message``, ``note`` and ``lineitem`` threads are the agents' and the system's. Threads
  come newest first, so without ``createdAt`` the last customer thread in the list is the first.
  ``preview`` is the *latest* thread, so it is used only when no threads are embedded.
* **Gorgias** ``first_message`` (text, or a message object not ``from_agent``), then the first
  of ``messages`` with ``from_agent: false`` (``stripped_text``, without the quoted history,
  before ``body_text`` and ``body_html``).
* **Zendesk** ``comments`` (the full JSON export, or a ticket with its comments): the first
  comment whose ``author_id`` is the ticket's ``requester_id``, else the first public one.
* **Freshdesk** ``description_text`` is the customer's first message, except for an outbound
  e-mail (``source`` 10), which an agent wrote: then the first ``incoming`` conversation, if any.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: A picker's answer when the record embeds no threads (fall back to the format's body fields).
NOT_EMBEDDED = object()

_AGENT_THREADS = frozenset({"message", "note", "lineitem", "forwardparent", "forwardchild", "reply"})
_MESSAGE_TEXT = ("stripped_text", "body_text", "stripped_html", "body_html", "body", "text")
_COMMENT_TEXT = ("plain_body", "body", "html_body")
_FRESHDESK_OUTBOUND = 10


def _text(message: Any, keys: tuple[str, ...]) -> str | None:
    """The first non-empty text of ``message`` under ``keys``; a string is its own text."""
    if isinstance(message, str):
        return message or None
    if not isinstance(message, dict):
        return None
    for key in keys:
        value = message.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _customer_thread(thread: Any) -> bool:
    if not isinstance(thread, dict):
        return False
    kind = str(thread.get("type") or "").lower()
    if kind == "customer":
        return True
    if kind in _AGENT_THREADS:
        return False
    author = thread.get("createdBy") or thread.get("created_by")
    return isinstance(author, dict) and str(author.get("type") or "").lower() == "customer"


def helpscout(record: dict) -> Any:
    """Help Scout: the earliest customer thread (see the module docstring)."""
    embedded = record.get("_embedded")
    threads = embedded.get("threads") if isinstance(embedded, dict) else None
    if not isinstance(threads, list):
        threads = record.get("threads")
        if not isinstance(threads, list):
            return NOT_EMBEDDED
    mine = [t for t in threads if _customer_thread(t) and _text(t, ("body", "text"))]
    if not mine:
        return None
    stamps = [t.get("createdAt") or t.get("created_at") for t in mine]
    if all(isinstance(s, str) and s for s in stamps):
        first = min(range(len(mine)), key=stamps.__getitem__)
        return _text(mine[first], ("body", "text"))
    return _text(mine[-1], ("body", "text"))


def gorgias(record: dict) -> Any:
    """Gorgias: ``first_message``, then the first message not from an agent."""
    first = record.get("first_message")
    if first and not (isinstance(first, dict) and first.get("from_agent")):
        text = _text(first, _MESSAGE_TEXT)
        if text:
            return text
    messages = record.get("messages")
    if not isinstance(messages, list) or not messages:
        return NOT_EMBEDDED
    for message in messages:
        if isinstance(message, dict) and message.get("from_agent") is False:
            text = _text(message, _MESSAGE_TEXT)
            if text:
                return text
    return None


def zendesk(record: dict) -> Any:
    """Zendesk: the requester's first comment, else the first public comment."""
    comments = record.get("comments")
    if not isinstance(comments, list) or not comments:
        return NOT_EMBEDDED
    requester = record.get("requester_id")
    public = None
    for comment in comments:
        if not isinstance(comment, dict):
            continue
        text = _text(comment, _COMMENT_TEXT)
        if not text:
            continue
        if requester is not None and comment.get("author_id") == requester:
            return text
        if public is None and comment.get("public", True) is not False:
            public = text
    return public


def freshdesk(record: dict) -> Any:
    """Freshdesk: the description, unless an agent wrote it (outbound e-mail)."""
    source = record.get("source")
    if source != _FRESHDESK_OUTBOUND and str(source) != str(_FRESHDESK_OUTBOUND):
        return NOT_EMBEDDED
    conversations = record.get("conversations")
    for item in conversations if isinstance(conversations, list) else ():
        if isinstance(item, dict) and item.get("incoming") is True and not item.get("private"):
            text = _text(item, ("body_text", "body"))
            if text:
                return text
    return None


#: :attr:`generator.tickets.formats.Format.body_from` -> picker.
PICKERS: dict[str, Callable[[dict], Any]] = {"helpscout": helpscout, "gorgias": gorgias, "zendesk": zendesk,
                                             "freshdesk": freshdesk}

__all__ = ["PICKERS", "NOT_EMBEDDED", "helpscout", "gorgias", "zendesk", "freshdesk"]
