"""Readers: format detection, encodings, CSV quirks, JSON shapes, errors."""

from datetime import datetime, timedelta, timezone

import pytest

from generator.errors import TicketError
from generator.tickets import ReadStats, read_tickets
from generator.tickets.dates import parse_datetime


def en(text):  # language detector stub: tests don't depend on the model
    return "en"


def read(paths, **kw):
    stats = ReadStats()
    return list(read_tickets(paths, stats=stats, detect_language=kw.pop("detect", en), **kw)), stats


def test_zendesk_csv(zendesk_csv):
    path = zendesk_csv([{"Id": "101", "Subject": "Where is my order #12345?", "Tags": "wismo shipping",
                         "Via": "email", "Ticket type": "question", "Created at": "2024-03-01 14:22:05 +0100"}])
    (t,), stats = read([path])
    assert stats.files == {str(path): "zendesk-csv"} or list(stats.files.values()) == ["zendesk-csv"]
    assert t.id == "101" and t.subject == "Where is my order [order]?"
    assert t.tags == ("wismo", "shipping") and t.channel == "email" and t.category == "question"
    assert t.created_at == datetime(2024, 3, 1, 14, 22, 5, tzinfo=timezone(timedelta(hours=1)))


def test_zendesk_json_page_list_and_ndjson(write_json):
    rec = {"id": 7, "url": "https://x.zendesk.com/api/v2/tickets/7.json", "subject": "Refund",
           "raw_subject": "Refund", "description": "<p>Please refund order 55555</p>", "requester_id": 1,
           "submitter_id": 1, "via": {"channel": "web"}, "tags": ["refund"], "type": "question",
           "created_at": "2024-03-01T10:00:00Z"}
    for path in (write_json("page.json", {"tickets": [rec, rec], "end_of_stream": True}),
                 write_json("list.json", [rec, rec]), write_json("lines.json", [rec, rec], ndjson=True)):
        tickets, stats = read([path])
        assert list(stats.files.values()) == ["zendesk-json"]
        assert len(tickets) == 2
        assert tickets[0].body == "Please refund order [order]" and tickets[0].channel == "web"


def test_freshdesk_json(write_json):
    rec = {"id": 3, "subject": "Cancel", "description": "<div>cancel</div>", "description_text": "cancel please",
           "source": 7, "type": "Cancellation", "tags": [], "requester_id": 1, "responder_id": None,
           "fr_due_by": "2024-03-02T10:00:00Z", "due_by": "2024-03-03T10:00:00Z", "created_at": "2024-03-01T10:00:00Z"}
    (t,), stats = read([write_json("fd.json", [rec])])
    assert list(stats.files.values()) == ["freshdesk-json"]
    assert t.body == "cancel please" and t.channel == "chat" and t.category == "Cancellation"


def test_gorgias_json_with_language(write_json):
    rec = {"id": 1, "subject": "Colis pas reçu", "excerpt": "Bonjour", "language": "fr-FR", "channel": "email",
           "tags": [{"id": 1, "name": "wismo"}], "created_datetime": "2024-03-01T10:00:00Z", "messages_count": 2,
           "uri": "/api/tickets/1/"}
    (t,), stats = read([write_json("g.json", {"data": [rec], "meta": {}})], detect=None)
    assert list(stats.files.values()) == ["gorgias-json"]
    assert t.language == "fr" and t.tags == ("wismo",)
    assert stats.detected_language == 0


def test_helpscout_json(write_json):
    rec = {"id": 9, "number": 42, "subject": "Invoice", "preview": "need an invoice", "mailboxId": 1,
           "createdAt": "2024-03-01T10:00:00Z", "primaryCustomer": {"email": "a@b.com"},
           "tags": [{"id": 1, "tag": "invoice"}], "source": {"type": "email"}}
    (t,), stats = read([write_json("hs.json", {"_embedded": {"conversations": [rec]}, "page": {"size": 1}})])
    assert list(stats.files.values()) == ["helpscout-json"]
    assert t.id == "42" and t.body == "need an invoice" and t.tags == ("invoice",)


def test_generic_csv_with_map_semicolon_bom_crlf_multiline(write_csv):
    path = write_csv("g.csv", ["Ref", "Message", "Date"],
                     [["1", "first line\r\nsecond line", "01/03/2024"]], delimiter=";", encoding="utf-8-sig")
    (t,), stats = read([path], mapping={"id": "Ref", "body": "Message", "created_at": "Date"})
    assert t.body == "first line\r\nsecond line" and t.id == "1"
    assert t.created_at == datetime(2024, 3, 1, tzinfo=timezone.utc)


def test_generic_csv_own_names_tab(write_csv):
    path = write_csv("t.tsv", ["id", "subject", "body", "language"], [["1", "Hola", "donde esta", "es-ES"]],
                     delimiter="\t")
    (t,), _ = read([path])
    assert (t.subject, t.language) == ("Hola", "es")


def test_fifty_kb_body(write_csv):
    body = "lamp " * 10_000
    (t,), _ = read([write_csv("big.csv", ["id", "body"], [["1", body]])])
    assert len(t.body) == len(body.strip())


def test_cp1252_fallback_warns(tmp_path, warnings, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "win.csv"
    path.write_bytes("id,subject\r\n1,Réclamation café\r\n".encode("cp1252"))
    (t,), _ = read([path])
    assert t.subject == "Réclamation café"
    assert warnings() == ["win.csv:2: warning: not valid UTF-8 (byte 0xe9); read as cp1252. Save the export as UTF-8 "
                          "to be sure accents are right"]


def test_skips_and_counts(write_csv):
    path = write_csv("s.csv", ["id", "subject", "body"], [["1", "", ""], ["", "", ""], ["3", "hi there", ""]])
    tickets, stats = read([path])
    assert len(tickets) == 1 and stats.rows == 3
    assert stats.skipped == {"no subject or body text": 1, "blank row": 1}


def test_html_body(write_csv):
    (t,), _ = read([write_csv("h.csv", ["id", "body"], [["1", "<p>Hi&nbsp;there</p><div>my lamp</div>"]])])
    assert t.body == "Hi\xa0there\nmy lamp"


def test_errors(tmp_path, write_csv):
    with pytest.raises(TicketError, match="ticket export not found"):
        read([tmp_path / "nope.csv"])
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": 1, "subject": "a"},\n{"id": 2,}]')
    with pytest.raises(TicketError) as exc:
        read([bad])
    assert str(exc.value).endswith("bad.json:2: error: bad JSON: Expecting property name enclosed in double quotes "
                                   "(column 10)")
    nocol = write_csv("n.csv", ["a", "b"], [["1", "2"]])
    with pytest.raises(TicketError, match="no subject or body column was found"):
        read([nocol])
    with pytest.raises(TicketError, match=r"--map body=Nope: no such column; the columns are a, b"):
        read([nocol], mapping={"body": "Nope"})


@pytest.mark.parametrize("value, expected", [
    ("2024-03-01T14:22:05Z", datetime(2024, 3, 1, 14, 22, 5, tzinfo=timezone.utc)),
    ("2024-03-01 14:22", datetime(2024, 3, 1, 14, 22, tzinfo=timezone.utc)),
    ("1709302925", datetime(2024, 3, 1, 14, 22, 5, tzinfo=timezone.utc)),
    ("13/03/2024 10:00", datetime(2024, 3, 13, 10, tzinfo=timezone.utc)),
    ("03/13/2024", datetime(2024, 3, 13, tzinfo=timezone.utc)),
    ("01.03.2024", datetime(2024, 3, 1, tzinfo=timezone.utc)),
    ("Mar 1, 2024", datetime(2024, 3, 1, tzinfo=timezone.utc)),
    ("not a date", None),
])
def test_dates(value, expected):
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("header, row, expected", [
    (["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time",
      "Resolved time", "Tags"], ["5", "Refund", "money back", "Open", "Low", "Email", "Refund", "", "", "2024-03-01 10:00:00",
                                 "", "refund"], "freshdesk-csv"),
    (["id", "subject", "excerpt", "language", "channel", "tags", "status", "created_datetime", "messages_count"],
     ["5", "Refund", "money back", "en", "email", "refund", "closed", "2024-03-01T10:00:00+00:00", "2"], "gorgias-csv"),
    (["Conversation ID", "Number", "Subject", "Preview", "Customer", "Mailbox", "Tags", "Created At"],
     ["9", "5", "Refund", "money back", "Ann", "Support", "refund", "2024-03-01T10:00:00Z"], "helpscout-csv"),
])
def test_csv_detection(write_csv, header, row, expected):
    (t,), stats = read([write_csv("x.csv", header, [row])])
    assert list(stats.files.values()) == [expected]
    assert (t.id, t.subject, t.body, t.tags) == ("5", "Refund", "money back", ("refund",))


def test_ticket_format_override(write_csv, write_json):
    path = write_csv("x.csv", ["id", "subject", "Ticket type"], [["1", "hi there", "question"]])
    (t,), stats = read([path], format="zendesk")
    assert list(stats.files.values()) == ["zendesk-csv"] and t.category == "question"
    with pytest.raises(TicketError, match="--ticket-format gorgias-json expects JSON, but this is a CSV file"):
        read([path], format="gorgias-json")


@pytest.mark.parametrize("subject", ["Conversation with Jorge", "Chat with Visitor 40348", "Conversación con María",
                                     "Chat avec Julien", "Offline message from Ana María López", "Call from +44 20 7946 0958",
                                     "Chat with jane@example.com", "Gespräch mit Herrn Müller", "Conversa com João"])
def test_subject_naming_only_a_person_is_dropped(write_csv, subject):
    path = write_csv("chat.csv", ["id", "subject", "body"], [["1", subject, "where is my parcel?"]])
    (t,), _ = read([path])
    assert (t.subject, t.body) == ("", "where is my parcel?")


@pytest.mark.parametrize("subject", ["Chat with support about my refund", "Conversation with Jorge about a refund",
                                     "Message from the returns team", "Chat", "Chat with Julien: refund please"])
def test_subject_with_a_topic_is_kept(write_csv, subject):
    path = write_csv("chat.csv", ["id", "subject", "body"], [["1", subject, "hello"]])
    (t,), _ = read([path])
    assert t.subject == subject
