"""generator.tickets.feedback: Netlify form submissions (API JSON, the Forms page's CSV, generic CSV/JSONL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator.errors import TicketError
from generator.tickets.feedback import FeedbackStats, SearchMiss, Vote, read_feedback, redact_query


def submission(form, created="2026-11-02T10:21:33.511Z", state=None, **fields):
    """A submission object as Netlify's submissions API lists it (fields in ``data``, with ip and agent)."""
    data = {"form-name": form, **fields, "ip": "203.0.113.9", "user_agent": "Mozilla/5.0",
            "referrer": "https://help.example/en/"}
    sub = {"number": 1, "title": None, "email": None, "name": None, "summary": "<strong>x</strong>", "body": None,
           "data": data, "created_at": created, "human_fields": {k.capitalize(): v for k, v in fields.items()},
           "id": "65f0c3a1e7b2d40008a10001", "form_id": "65f0c3a1", "site_url": "https://help.example",
           "form_name": form}
    if state:
        sub["state"] = state
    return sub


def read(path):
    stats = FeedbackStats()
    return list(read_feedback([path], stats)), stats


def test_netlify_api_json(tmp_path):
    path = tmp_path / "submissions.json"
    path.write_text(json.dumps([
        submission("search-miss", q="gift wrapping", lang="en"),
        submission("helpful", created="2026-11-03T08:00:00Z", article="returns/how-to-return", lang="es", helpful="no"),
        submission("helpful", article="/returns/how-to-return/", lang="es-ES", helpful="yes"),
        submission("search-miss", q="cheap watches", lang="en", state="spam"),
        submission("search-miss", q="buy now", lang="en", **{"hc-bot": "http://spam.example"}),
        submission("contact", message="hello", lang="en"),
    ]), encoding="utf-8")
    items, stats = read(path)
    assert items == [
        SearchMiss("gift wrapping", "en", date(2026, 11, 2)),
        Vote("returns/how-to-return", "es", False, date(2026, 11, 3)),
        Vote("returns/how-to-return", "es", True, date(2026, 11, 2)),
    ]
    assert (stats.rows, stats.misses, stats.votes) == (6, 1, 2)
    assert stats.skipped == {"spam": 2, "other form": 1}


def test_forms_page_csv_without_a_form_name_column(tmp_path):
    path = tmp_path / "search-miss.csv"
    path.write_text("q,lang,created_at,id\r\nemballage cadeau,fr,2026-11-05 09:12:00 UTC,a1\r\n"
                    "notice de montage,fr,,a2\r\n,fr,,a3\r\n", encoding="utf-8")
    items, stats = read(path)
    assert items == [SearchMiss("emballage cadeau", "fr", date(2026, 11, 5)), SearchMiss("notice de montage", "fr")]
    assert stats.skipped == {"malformed": 1}


def test_generic_jsonl_votes(tmp_path):
    path = tmp_path / "votes.jsonl"
    path.write_text('{"article": "orders/where-is-my-order", "language": "English", "vote": "Yes"}\n'
                    '{"article": "orders/where-is-my-order", "lang": "en", "helpful": "maybe"}\n', encoding="utf-8")
    items, stats = read(path)
    assert items == [Vote("orders/where-is-my-order", "en", True)]
    assert stats.skipped == {"malformed": 1}


@pytest.mark.parametrize(("typed", "kept"), [
    ("my order LL-10234 jane.doe@example.com", "my order"),
    ("call me on +44 7700 900123 please", "call me on please"),
    ("card 4111 1111 1111 1111 declined", "card declined"),
    ("pedido #48213 no llega", "pedido no llega"),
    ("refund IBAN ES91 2100 0418 4502 0005 1332", "refund IBAN"),
    ("12345", ""),
])
def test_queries_are_redacted_again_on_reading(typed, kept):
    assert redact_query(typed) == kept


def test_a_query_redaction_empties_is_skipped(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([submission("search-miss", q="LL-10234 4111111111111111", lang="en")]), encoding="utf-8")
    items, stats = read(path)
    assert items == [] and stats.skipped == {"empty after redaction": 1}


def test_a_csv_that_is_no_feedback_export_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "tickets.csv"
    path.write_text("Id,Subject,Description\r\n1,Hi,Where is my order\r\n", encoding="utf-8")
    with pytest.raises(TicketError) as err:
        read(path)
    assert str(err.value) == (
        "tickets.csv:1: error: a CSV with the columns Id, Subject, Description, not a form-submission export; "
        "feedback files are Netlify's submissions JSON, the CSV its Forms page downloads, or CSV/JSON Lines with "
        "the fields q and lang (search misses) or article, lang and helpful (votes)")


def test_broken_json_names_the_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "s.json"
    path.write_text('[\n{"data": {"q": "x"}},\n{"data": \n', encoding="utf-8")
    with pytest.raises(TicketError) as err:
        read(path)
    assert str(err.value) == "s.json:4: error: bad JSON: Expecting value (column 1)"


def test_the_example_export_reads_without_personal_data():
    items, stats = read(Path(__file__).resolve().parents[2] / "content/_feedback/netlify-submissions.json")
    assert stats.skipped == {"spam": 2}
    queries = {i.query for i in items if isinstance(i, SearchMiss)}
    assert "gift wrapping" in queries
    assert not any(ch.isdigit() or "@" in q for q in queries for ch in q)
