"""Real export shapes (fixtures/, one per helpdesk): demand not records, the customer's own words, Excel,
undated tickets, custom fields and channels. The fixtures are our own, shaped like the vendors' exports."""

import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from generator.analysis.pipeline import read as read_aggregate
from generator.cli import main
from generator.errors import TicketError
from generator.tickets import ReadStats, read_tickets
from generator.tickets.formats import CHANNELS, channel

FIXTURES = Path(__file__).parent / "fixtures"


def read(names, **kw):
    stats = ReadStats()
    paths = [FIXTURES / n if isinstance(n, str) else n for n in names]
    tickets = list(read_tickets(paths, stats=stats, detect_language=lambda text: "en", **kw))
    return tickets, stats


def by_id(tickets):
    return {t.id: t for t in tickets}


# --------------------------------------------------------------------------- demand, not records

def test_zendesk_incremental_page_skips_deleted_and_scrubbed():
    tickets, stats = read(["zendesk-incremental.json"])
    assert [t.id for t in tickets] == ["1001", "1004", "1005"]
    assert stats.rows == 5 and stats.skipped == {"deleted": 1, "scrubbed": 1}
    assert {t.helpdesk for t in tickets} == {"zendesk"}
    assert tickets[0].updated_at == datetime(2026, 3, 4, 10, tzinfo=timezone.utc)


def test_freshdesk_search_results_skip_spam_and_deleted():
    tickets, stats = read(["freshdesk-search.json"])
    assert list(stats.files.values()) == ["freshdesk-json"]
    assert [t.id for t in tickets] == ["301", "304", "305"]
    assert stats.skipped == {"spam": 1, "deleted": 1}


def test_gorgias_skips_spam_and_trashed():
    tickets, stats = read(["gorgias-tickets.json"])
    assert [t.id for t in tickets] == ["4001", "4002", "4005"]
    assert stats.skipped == {"spam": 1, "deleted": 1}


def test_helpscout_skips_spam_status_and_deleted_state():
    tickets, stats = read(["helpscout-conversations.json"])
    assert [t.id for t in tickets] == ["349", "352"]
    assert stats.skipped == {"spam": 1, "deleted": 1}


@pytest.mark.parametrize("name, fmt, expected", [
    ("zendesk-ticket.json", "auto", ("1010", "Can you wrap the throw as a gift?")),
    ("zendesk-ticket.json", "zendesk", ("1010", "Can you wrap the throw as a gift?")),
    ("zendesk-ticket.json", "zendesk-json", ("1010", "Can you wrap the throw as a gift?")),
    ("helpscout-v1-item.json", "auto", ("1201", "The zip of my cushion cover broke after one wash.")),
    ("helpscout-v1-item.json", "helpscout", ("1201", "The zip of my cushion cover broke after one wash.")),
])
def test_wrapped_single_objects(name, fmt, expected):
    (t,), stats = read([name], format=fmt)
    assert (t.id, t.body) == expected


def test_zendesk_search_results_keep_only_tickets(write_json):
    page = {"results": [{"id": 5, "result_type": "ticket", "subject": "Refund please", "raw_subject": "Refund please",
                         "requester_id": 1, "submitter_id": 1, "via": {"channel": "email"}, "status": "open"},
                        {"id": 6, "result_type": "user", "name": "Ann", "email": "ann@example.com"}],
            "count": 2, "next_page": None}
    (t,), stats = read([write_json("search.json", page)])
    assert t.id == "5" and stats.skipped == {"not a ticket": 1}


def test_a_ticket_that_embeds_conversations_is_one_record(write_json):
    ticket = {"id": 9, "subject": "Where is my rug?", "description_text": "Ordered a week ago", "source": 1,
              "requester_id": 3, "responder_id": None, "fr_due_by": None, "due_by": None, "spam": False,
              "conversations": [{"id": 1, "body_text": "We are on it", "incoming": False}]}
    (t,), stats = read([write_json("one.json", ticket)])
    assert (t.id, t.body, stats.rows) == ("9", "Ordered a week ago", 1)


def test_skip_reasons_in_the_summary_line(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "zendesk-incremental.json", "z.json")
    result = CliRunner().invoke(main, ["tickets", "z.json", "--config", "none.yml"])
    assert result.exit_code == 0, result.output
    assert ("helpcenter: read 5 rows (z.json as zendesk-json); 2 skipped (1 deleted, 1 scrubbed); "
            in result.stderr)


def test_overlapping_pages_count_each_ticket_once():
    stats = ReadStats()
    aggregate = read_aggregate([FIXTURES / "zendesk-incremental.json", FIXTURES / "zendesk-incremental-time.json"],
                               stats)
    assert stats.tickets == 4 and stats.duplicates == 1
    assert sum(aggregate.counts) == 3
    kept = [t for i, t in enumerate(aggregate.tickets) if aggregate.counts[i]]
    assert ("1001", ("wismo",)) in [(t.id, t.tags) for t in kept]  # the newer version (updated later) is kept


# --------------------------------------------------------------------------- the customer's own words

def test_helpscout_threads_give_the_customers_first_message_never_the_preview():
    tickets = by_id(read(["helpscout-conversations.json"])[0])
    assert tickets["349"].body == "send help, the rug I got is the wrong colour and I want to return it"
    # no threads embedded: the preview (the latest thread, possibly an agent's) is all there is
    assert tickets["352"].body == "Sure, attached is your invoice."


def test_gorgias_first_message_then_the_first_customer_message():
    tickets = by_id(read(["gorgias-tickets.json"])[0])
    assert tickets["4001"].body == "Bonjour, mon colis n'est toujours pas arrivé."  # stripped, not the excerpt
    assert tickets["4002"].body == "Do you ship to Canada?"  # first_message was the agent's opener
    assert tickets["4005"].body == "¿Puedo cambiar la talla del mantel? Lo pedí ayer."


def test_zendesk_comments_give_the_requesters_comment():
    tickets = by_id(read(["zendesk-incremental.json"])[0])
    assert tickets["1004"].body == "The lamp shade arrived cracked."
    assert tickets["1004"].subject == ""  # "Chat with Visitor 40348" names only who wrote


def test_zendesk_comments_without_the_requester_take_the_first_public_one(write_json):
    rec = {"id": 1, "subject": "Order", "requester_id": 7, "submitter_id": 9, "via": {"channel": "email"},
           "description": "agent note", "comments": [
               {"author_id": 9, "public": False, "plain_body": "private note"},
               {"author_id": 9, "public": True, "plain_body": "We sent your order today."}]}
    (t,), _ = read([write_json("z.json", [rec])])
    assert t.body == "We sent your order today."


def test_freshdesk_outbound_email_takes_the_customers_reply():
    tickets = by_id(read(["freshdesk-search.json"])[0])
    assert tickets["304"].body == "Great, but the tracking link does not work."
    assert tickets["301"].body == "Please cancel order [order]"


# --------------------------------------------------------------------------- Excel

def _column(i):
    name = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(path, rows):
    """A minimal .xlsx (one sheet, inline strings and numbers), the parts Excel itself writes."""
    cells = []
    for r, row in enumerate(rows, 1):
        cells.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
        cells.append("</row>")
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
                         f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                         '</Relationships>')
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main_ns}" '
                         f'xmlns:r="{rel}"><sheets><sheet name="Tickets" sheetId="1" r:id="rId1"/></sheets>'
                         '</workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                         f'xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
                         'Target="worksheets/sheet1.xml"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                         f'xmlns="{main_ns}"><sheetData>{"".join(cells)}</sheetData></worksheet>')
    return path


FRESHDESK_HEADER = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
                    "Created time", "Last update time", "Tags", "Reason"]


def test_xlsx_flows_into_the_csv_mapping(tmp_path):
    path = write_xlsx(tmp_path / "export.dat", [  # detected by content, not by name
        FRESHDESK_HEADER,
        [601, "Refund", "Where is my refund for order 45120?", "Open", "Low", "Email", "", "", "", "2026-03-02 10:00:00",
         "2026-03-02 11:00:00", "refund", ""],
        [602, "Spam", "win", "Spam", "Low", "Email", "", "", "", "2026-03-02 10:00:00", "", "", ""],
        [603, "Size", "Does the rug come in 200 cm?", "Open", "Low", "Chat", "", "", "", "", "", "", "Product"]])
    tickets, stats = read([path], mapping={"category": "Reason"})
    assert list(stats.files.values()) == ["freshdesk-csv (Excel workbook)"]
    assert [(t.id, t.body, t.channel, t.category) for t in tickets] == [
        ("601", "Where is my refund for order [order]?", "email", ""), ("603", "Does the rug come in 200 cm?", "chat",
                                                                        "Product")]
    assert stats.skipped == {"spam": 1} and stats.undated == 1
    assert tickets[0].created_at == datetime(2026, 3, 2, 10, tzinfo=timezone.utc)


def test_spreadsheetml_xls_streamed():
    tickets, stats = read(["freshdesk-export.xls"], mapping={"category": "Reason"})
    assert list(stats.files.values()) == ["freshdesk-csv (Excel 2003 XML)"]
    assert [(t.id, t.subject, t.body, t.channel, t.tags, t.category) for t in tickets] == [
        ("501", "Où est ma commande ?", "Bonjour, ma commande n° [order] n'est pas arrivée.", "email", ("wismo",), ""),
        ("502", "Retour", "Je voudrais retourner le plaid.", "web", ("returns", "plaid"), "Return request")]
    assert stats.skipped == {"spam": 1} and stats.undated == 1


def test_spreadsheetml_broken_names_the_line(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">\n'
                    "<Worksheet><Table><Row><Cell><Data>Subject</Data></Cell></Row>\n<Row><Cell></Row>\n",
                    encoding="utf-8")
    with pytest.raises(TicketError) as exc:
        read([path])
    assert str(exc.value).endswith("export.xls:4: error: unreadable Excel 2003 XML workbook (mismatched tag: line 4, "
                                   "column 13); open it in Excel and save it again as .xlsx, or export the tickets "
                                   "as CSV")


def test_password_protected_workbook(tmp_path):
    # What Office writes for a password: an OLE compound file whose directory names an EncryptedPackage stream.
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024 + "EncryptedPackage".encode("utf-16-le")
                     + b"\x00" * 512)
    with pytest.raises(TicketError) as exc:
        read([path])
    assert str(exc.value).endswith("export.xlsx: error: is a password-protected Excel workbook; open it in Excel, "
                                   "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                                   "clear it), save, and read it again, or export the tickets as CSV")


def test_json_format_forced_on_a_workbook(tmp_path):
    path = write_xlsx(tmp_path / "export.xlsx", [["id", "subject"], [1, "hello there"]])
    with pytest.raises(TicketError, match="--ticket-format zendesk-json expects JSON, but this is an Excel workbook"):
        read([path], format="zendesk-json")


# --------------------------------------------------------------------------- dates

def test_undated_warning_per_file(warnings, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    read(["zendesk-incremental.json", "gorgias-tickets.json", "zendesk-admin.csv"])
    assert warnings(dates=True) == [
        "zendesk-incremental.json: warning: 1 of its 3 tickets have no date we could read; they are counted, but "
        "left out of the 30-day trends. If the date is in another column, pass --map created_at=COLUMN",
        "zendesk-admin.csv: warning: 1 of its 4 tickets have no date we could read; they are counted, but left out "
        "of the 30-day trends. If the date is in another column, pass --map created_at=COLUMN"]


def test_no_date_at_all(write_csv, warnings, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    write_csv("plain.csv", ["id", "subject"], [["1", "hello there"], ["2", "where is my parcel"]])
    read([tmp_path / "plain.csv"])
    assert warnings(dates=True) == [
        "plain.csv: warning: none of its 2 tickets has a date we could read; they are counted, but no trend can be "
        "shown. If the date is in another column, pass --map created_at=COLUMN"]


# --------------------------------------------------------------------------- mapping real fields

def test_blank_custom_category_does_not_hide_the_ticket_type():
    tickets = by_id(read(["zendesk-admin.csv"])[0])
    assert tickets["2001"].category == "Shipping delay"  # Ticket Category [list]
    assert tickets["2002"].category == "Refund request"  # blank [list] cell: Ticket type


def test_map_a_bracketed_csv_column():
    tickets = by_id(read(["zendesk-admin.csv"], mapping={"category": "Order channel [list]"})[0])
    assert tickets["2001"].category == "webshop"
    assert tickets["2002"].category == "Refund request"  # empty mapped cell: the format's own columns


@pytest.mark.parametrize("name, spec, ticket, expected", [
    ("freshdesk-search.json", "cf_reason", "301", "Changed my mind"),
    ("freshdesk-search.json", "reason", "301", "Changed my mind"),
    ("freshdesk-search.json", "custom_fields.cf_reason", "301", "Changed my mind"),
    ("zendesk-incremental.json", "custom_fields.360011", "1001", "shipping_delay"),
    ("zendesk-incremental.json", "360011", "1001", "shipping_delay"),
    ("helpscout-conversations.json", "Reason", "349", "Return request"),
])
def test_map_json_custom_fields(name, spec, ticket, expected):
    assert by_id(read([name], mapping={"category": spec})[0])[ticket].category == expected


def test_channels_in_one_vocabulary():
    seen = {}
    for name in ("zendesk-incremental.json", "zendesk-admin.csv", "freshdesk-search.json", "gorgias-tickets.json",
                 "helpscout-conversations.json", "freshdesk-export.xls"):
        for t in read([name])[0]:
            seen[(name, t.id)] = t.channel
    assert set(seen.values()) <= set(CHANNELS)
    assert seen[("zendesk-admin.csv", "2002")] == "web" and seen[("zendesk-admin.csv", "2003")] == "phone"
    assert seen[("zendesk-admin.csv", "2004")] == "api" and seen[("freshdesk-search.json", "305")] == "chat"
    assert seen[("gorgias-tickets.json", "4005")] == "web" and seen[("helpscout-conversations.json", "352")] == "chat"


@pytest.mark.parametrize("value, family, expected", [
    ("voice", "", "phone"), ("Mail", "", "email"), ("Web service (API)", "", "api"), ("facebook-messenger", "", "social"),
    ("native_messaging", "", "chat"), ("E-mail", "", "email"), ("rule", "", "other"), ("", "", ""),
    ("2", "freshdesk", "web"), ("10", "freshdesk", "email"), ("6", "freshdesk", "social"), ("99", "freshdesk", "other"),
])
def test_channel_spellings(value, family, expected):
    assert channel(value, family) == expected
