"""Property tests (Hypothesis): readers fail only with HelpcenterError, and redaction holds up.

Every reader is fed real files written to ``tmp_path``: arbitrary bytes, valid exports of each
helpdesk format (CSV in several encodings and delimiters, JSON lists, pages and NDJSON, some
gzipped) with arbitrary cell values, and those same exports with random damage. Whatever comes
in, only a :class:`~generator.errors.HelpcenterError` may come out.

The redactor is fed arbitrary text and text built from personal data (e-mails, Luhn-valid cards,
valid IBANs) glued to words, digits and punctuation: its output never holds an e-mail address, a
card, an IBAN or six digits in a row, and redacting twice changes nothing.

Each test is bounded (``max_examples``) to run in a few seconds.
"""

import csv
import gzip
import io
import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.errors import HelpcenterError
from generator.tickets import ReadStats, read_tickets
from generator.tickets.redact import EMAIL_RE, IBAN_LENGTHS, iban_ok, is_card, luhn_ok, redact

from .conftest import ZENDESK_CSV_HEADER

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def en(text):
    return "en"


def read_all(path, detect=en, **kw):
    """Read ``path``; returns (tickets, stats), or the HelpcenterError raised. Anything else fails the test."""
    stats = ReadStats()
    try:
        return list(read_tickets([path], stats=stats, detect_language=detect, **kw)), stats
    except HelpcenterError as exc:
        assert str(exc)  # every error says something
        return exc


# --------------------------------------------------------------------------- readers

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | text
json_value = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(text, inner, max_size=3), max_leaves=10)

CSV_HEADERS = {
    "zendesk-csv": ZENDESK_CSV_HEADER,
    "freshdesk-csv": ["Ticket ID", "Subject", "Description", "Status", "Source", "Type", "Created time", "Tags"],
    "gorgias-csv": ["id", "subject", "excerpt", "language", "channel", "tags", "created_datetime", "messages_count"],
    "helpscout-csv": ["Conversation ID", "Number", "Subject", "Preview", "Customer", "Mailbox", "Tags", "Created At"],
    "csv": ["id", "subject", "body", "created_at", "language", "tags", "category", "channel"],
}
JSON_RECORDS = {
    "zendesk-json": {"id": 7, "subject": "Refund", "raw_subject": "Refund", "description": "<p>refund</p>",
                     "requester_id": 1, "submitter_id": 1, "via": {"channel": "web"}, "tags": ["refund"],
                     "type": "question", "created_at": "2024-03-01T10:00:00Z"},
    "freshdesk-json": {"id": 3, "subject": "Cancel", "description_text": "cancel", "source": 7, "type": "Cancel",
                       "requester_id": 1, "responder_id": None, "fr_due_by": "2024-03-02T10:00:00Z",
                       "due_by": "2024-03-03T10:00:00Z", "created_at": "2024-03-01T10:00:00Z", "tags": []},
    "gorgias-json": {"id": 1, "subject": "Colis", "excerpt": "Bonjour", "language": "fr-FR", "channel": "email",
                     "tags": [{"name": "wismo"}], "created_datetime": "2024-03-01T10:00:00Z", "messages_count": 2,
                     "uri": "/api/tickets/1/", "messages": [{"body_text": "hi"}]},
    "helpscout-json": {"id": 9, "number": 42, "subject": "Invoice", "preview": "invoice", "mailboxId": 1,
                       "createdAt": "2024-03-01T10:00:00Z", "primaryCustomer": {"email": "a@b.com"},
                       "tags": [{"tag": "invoice"}], "source": {"type": "email"},
                       "_embedded": {"threads": [{"body": "<b>hi</b>"}]}},
    "jsonl": {"id": 1, "subject": "hi", "body": "there", "created_at": 1709302925, "language": "en", "tags": "a,b",
              "category": "x", "channel": "chat"},
}


def encode(data: str, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data.encode("utf-8"))
    return data.encode(encoding, "replace")


@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes(tmp_path, data):
    path = tmp_path / "export"
    path.write_bytes(data)
    read_all(path)


@FUZZ
@given(fmt=st.sampled_from(sorted(CSV_HEADERS)), rows=st.lists(st.lists(text, max_size=30), max_size=8),
       delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gzip"]))
def test_csv_exports_read(tmp_path, fmt, rows, delimiter, encoding):
    """A CSV written properly is read whole: no error, every row counted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS[fmt])
    writer.writerows(rows)
    path = tmp_path / "export.csv"
    data = out.getvalue()
    if encoding == "utf-16-be":
        data = "\ufeff" + data
    path.write_bytes(encode(data, encoding))
    result = read_all(path)
    assert not isinstance(result, HelpcenterError), result
    assert result[1].rows == len(rows)


@FUZZ
@given(fmt=st.sampled_from(sorted(JSON_RECORDS)),
       changes=st.lists(st.dictionaries(st.sampled_from(["id", "subject", "body", "description", "excerpt",
                                                         "preview", "language", "tags", "created_at", "via",
                                                         "created_datetime", "source", "type", "_embedded"]),
                                        json_value, max_size=4), min_size=1, max_size=5),
       shape=st.sampled_from(["list", "tickets", "data", "embedded", "ndjson", "single"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "gzip"]))
def test_json_exports(tmp_path, fmt, changes, shape, encoding):
    records = [{**JSON_RECORDS[fmt], **change} for change in changes]
    if shape == "ndjson":
        data = "\n".join(json.dumps(r) for r in records)
    else:
        wrapped = {"list": records, "tickets": {"tickets": records}, "data": {"data": records, "meta": {}},
                   "embedded": {"_embedded": {"conversations": records}}, "single": records[0]}[shape]
        data = json.dumps(wrapped, indent=1)
    path = tmp_path / "export.json"
    path.write_bytes(encode(data, encoding))
    read_all(path)


@FUZZ
@given(fmt=st.sampled_from(sorted(CSV_HEADERS) + sorted(JSON_RECORDS)), seed_rows=st.lists(text, min_size=1,
       max_size=4), damage=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255),
                                              st.sampled_from(["replace", "insert", "delete"])), min_size=1,
                                    max_size=6),
       cut=st.none() | st.integers(0, 10_000), encoding=st.sampled_from(["utf-8", "utf-16", "gzip"]))
def test_damaged_exports(tmp_path, fmt, seed_rows, damage, cut, encoding):
    """Valid exports with random bytes replaced, inserted, deleted, or the end cut off."""
    if fmt in CSV_HEADERS:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_HEADERS[fmt])
        writer.writerows([[value] * len(CSV_HEADERS[fmt]) for value in seed_rows])
        data = out.getvalue()
    else:
        data = json.dumps({"tickets": [{**JSON_RECORDS[fmt], "subject": value} for value in seed_rows]})
    raw = bytearray(encode(data, encoding))
    for position, byte, how in damage:
        position %= len(raw) + 1
        if how == "insert":
            raw.insert(position, byte)
        elif position < len(raw):
            if how == "replace":
                raw[position] = byte
            else:
                del raw[position]
    if cut is not None:
        raw = raw[: cut % (len(raw) + 1)]
    path = tmp_path / "export"
    path.write_bytes(bytes(raw))
    read_all(path)


@settings(FUZZ, max_examples=25)
@given(rows=st.lists(st.tuples(text, text), min_size=1, max_size=5),
       fmt=st.sampled_from(["auto", "zendesk", "gorgias-csv", "helpscout", "freshdesk", "csv", "jsonl"]))
def test_real_language_detection_and_forced_formats(tmp_path, rows, fmt):
    out = io.StringIO()
    csv.writer(out).writerows([["subject", "body", "language"], *[[s, b, s[:5]] for s, b in rows]])
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    read_all(path, detect=None, format=fmt)


# --------------------------------------------------------------------------- the redactor

def with_check_digit(body: str) -> str:
    """``body`` plus the digit that makes it pass Luhn."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def iban_for(country: str, bban: str) -> str:
    """A valid IBAN for ``country`` whose account part is ``bban`` (of the right length)."""
    rearranged = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in rearranged)) % 97
    return f"{country}{check:02d}{bban}"


def grouped(value: str, size: int, separator: str) -> str:
    return separator.join(value[i:i + size] for i in range(0, len(value), size)) if separator else value


cards = st.builds(lambda first, rest, size, sep: grouped(with_check_digit(first + rest), size, sep),
                  st.sampled_from("23456789"), st.text("0123456789", min_size=11, max_size=17),
                  st.sampled_from([4, 4, 5, 3]), st.sampled_from(["", " ", "-"]))


@st.composite
def ibans(draw):
    country = draw(st.sampled_from(sorted(IBAN_LENGTHS)))
    size = IBAN_LENGTHS[country] - 4
    bban = draw(st.text("0123456789", min_size=size, max_size=size)
                | st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=size, max_size=size))
    value = iban_for(country, bban)
    value = value.lower() if draw(st.booleans()) and draw(st.booleans()) else value
    return grouped(value, 4, draw(st.sampled_from(["", " "])))


emails = st.emails() | st.sampled_from(["josé@correo.es", "user@bücher.de", "anaïs.dupont@exemple.fr",
                                        "müller+shop@web.de", "jane_doe@example.co.uk"])
pieces = st.one_of(
    cards, ibans(), emails,
    st.text("0123456789", min_size=1, max_size=14),
    st.sampled_from(["order", "pedido", "commande n°", "#", "# ", "IBAN", "DNI", "X", "Z", "ES", "call", "+", "00",
                     "(0)", "(", ")", "-", ".", ",", "/", ":", "@", "x", "LL-", "€", "2024", "49.99", "1.299,00",
                     "[email]", "[number]", "SKU-AB12-3456", "a", "Ab", "_"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=4),
)
separators = st.sampled_from(["", " ", " ", "  ", "-", ",", ".", "\n", ": ", "/", "_", "x"])
ticket_text = st.lists(st.tuples(pieces, separators), max_size=10).map(lambda parts: "".join(a + b for a, b in parts))


def leftover_cards(text: str) -> list[str]:
    """Every run of whole digit groups in ``text`` (13 to 19 digits) that could be a card."""
    found = []
    for match in re.finditer(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*", text):
        groups = re.split(r"[ -]", match.group(0))
        for i in range(len(groups)):
            for j in range(i, len(groups)):
                digits = "".join(groups[i:j + 1])
                if is_card(digits):
                    found.append(digits)
    return found


def leftover_ibans(text: str) -> list[str]:
    """Every IBAN in ``text``: two letters (not after a letter) and two digits, then its country's length."""
    found = []
    for match in re.finditer(r"(?<![A-Za-z])[A-Za-z]{2}[0-9]{2}", text):
        length = IBAN_LENGTHS.get(match.group(0)[:2].upper())
        if not length:
            continue
        rest = re.match(r"(?:[A-Za-z0-9]| (?=[A-Za-z0-9]))*", text[match.start():]).group(0).replace(" ", "")
        after = text[match.start():].replace(" ", "")[length:length + 1]
        if len(rest) >= length and iban_ok(rest[:length]) and not (after and after.isalnum() and after.isascii()):
            found.append(rest[:length])
    return found


@settings(FUZZ, max_examples=400)
@given(value=ticket_text)
def test_redaction_leaves_no_personal_data(value):
    out = redact(value)
    assert EMAIL_RE.search(out) is None, out
    assert leftover_cards(out) == [], out
    assert leftover_ibans(out) == [], out
    assert re.search(r"[0-9]{6}", out) is None, out


@settings(FUZZ, max_examples=400)
@given(value=ticket_text | st.text())
def test_redaction_is_idempotent(value):
    once = redact(value)
    assert redact(once) == once


@pytest.mark.parametrize("value", ["ES91 2100 0418 4502 0005 1332", "4111 1111 1111 1111", "josé@correo.es"])
def test_checkers_see_what_they_look_for(value):
    """The property checkers above do find what they look for (so a pass means something)."""
    assert leftover_cards(value) or leftover_ibans(value) or EMAIL_RE.search(value)


@settings(FUZZ, max_examples=200)
@given(card=cards, iban=ibans(), email=emails, before=separators, after=separators)
def test_planted_data_is_replaced(card, iban, email, before, after):
    """Personal data set off from the text around it becomes its placeholder."""
    assume(not before.endswith(("x", "_", "-", ".", "/")) and not after.startswith(("x", "_", "-", ".", "/", ",")))
    assert redact(f"a{before} {card} {after}b").count("[card]") == 1
    assert redact(f"a{before} {iban} {after}b").count("[iban]") == 1
    assert redact(f"a{before} {email} {after}b").count("[email]") == 1
