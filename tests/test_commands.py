"""build with ticket exports: popular topics per language, and no ticket text in the site."""

from __future__ import annotations

import re

from generator.commands import build
from tests.conftest import article

TICKETS = """\
id,subject,body,language,created_at
1,Where is my order?,Zyxwv parcel never came jane.doe@example.com,en,2026-10-01T10:00:00Z
2,Where is my order,Order not arrived yet Zyxwv +34 612 345 678,en,2026-10-02T10:00:00Z
3,Tracking number,Where is my parcel Zyxwv,en,2026-10-03T10:00:00Z
4,Refund please,When will I get my money back Zyxwv,en,2026-10-04T10:00:00Z
5,¿Dónde está mi pedido?,No ha llegado mi pedido Zyxwv,es,2026-10-05T10:00:00Z
6,Reembolso,¿Cuándo recibo el reembolso? Zyxwv,es,2026-10-06T10:00:00Z
7,Reembolso,Quiero mi reembolso ya Zyxwv,es,2026-10-07T10:00:00Z
"""


def _topics(html: str) -> list[str]:
    section = html.split('id="hc-popular-topics-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="hc-chip"[^>]*>([^<]+)<', section)


def test_home_pages_show_topics_by_their_own_languages_volume(bilingual, tmp_path):
    export = tmp_path / "tickets.csv"
    export.write_text(TICKETS, encoding="utf-8")
    site = tmp_path / "site"
    build(bilingual.config, site, jobs=1, tickets=[export])

    assert _topics((site / "en" / "index.html").read_text(encoding="utf-8")) == ["Order status", "Refunds"]
    assert _topics((site / "es" / "index.html").read_text(encoding="utf-8")) == ["Reembolsos", "Estado del pedido"]


def test_topic_links_to_an_article_of_that_category(bilingual, tmp_path):
    export = tmp_path / "tickets.csv"
    export.write_text("id,subject,body,language\n1,Return,How do I return my lamp,en\n", encoding="utf-8")
    site = tmp_path / "site"
    build(bilingual.config, site, jobs=1, tickets=[export])

    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<a class="hc-chip" href="returns/how-to-return/">Returns and exchanges</a>' in html


def test_no_ticket_text_reaches_the_site(bilingual, tmp_path):
    export = tmp_path / "tickets.csv"
    export.write_text(TICKETS, encoding="utf-8")
    site = tmp_path / "site"
    build(bilingual.config, site, jobs=1, tickets=[export])

    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (b"Zyxwv", b"zyxwv", b"jane.doe", b"612 345 678", b"never came"):
                assert needle not in data, f"{needle!r} leaked into {path}"


def test_section_pages_list_articles_in_their_order(make_project, tmp_path):
    """A real build: the section page lists `order` first, then promoted articles, then by title."""
    project = make_project({
        "en/faq/index.md": article("Questions", "All of them."),
        "en/faq/a.md": article("Can I exchange an item?"),
        "en/faq/b.md": article("How do I return an item?", order=1),
        "en/faq/c.md": article("Where is my order?", promoted="true"),
        "en/faq/d.md": article("Are gift cards refundable?"),
    })
    build(project.config, tmp_path / "site", jobs=1)
    page = (tmp_path / "site" / "en" / "faq" / "index.html").read_text(encoding="utf-8")
    titles = ["How do I return an item?", "Where is my order?", "Are gift cards refundable?",
              "Can I exchange an item?"]
    positions = [page.find(f">{title}<") for title in titles]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
