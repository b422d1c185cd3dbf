"""Names from tickets never reach the site: salutations stripped, aliases only ordinary words."""

from __future__ import annotations

import csv

import pytest

from generator.analysis.salutations import strip_salutations
from generator.analysis.wordlists import ordinary_words
from generator.commands import gaps
from tests.conftest import write_gap_project


@pytest.mark.parametrize("text, lang, expected", [
    ("Hi Siobhan, how do I return my rug?", "en", "how do I return my rug?"),
    ("Hi, where is my order?", "en", "where is my order?"),
    ("Dear Mr Smith, my refund has not arrived", "en", "my refund has not arrived"),
    ("Where is my parcel? Thanks, John Smith", "en", "Where is my parcel?"),
    ("Hola Pedro, ¿dónde está mi pedido?", "es", "¿dónde está mi pedido?"),
    ("Mon colis est en retard. Cordialement, Julien", "fr", "Mon colis est en retard."),
])
def test_salutations_are_stripped_and_content_kept(text, lang, expected):
    assert strip_salutations(text, lang) == expected


def test_word_lists_know_ordinary_words_not_names():
    words = ordinary_words("en")
    assert "parcel" in words and "siobhan" not in words
    assert ordinary_words("xx") is None


def test_an_agent_greeted_in_many_tickets_never_becomes_an_alias(tmp_path):
    project = write_gap_project(tmp_path)
    with project.tickets.open("a", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        for n in range(40):
            writer.writerow([f"S{n}", "Return", f"Hi Siobhan, how do I return the rug I bought? ({n})",
                             "2026-10-20T10:00:00+00:00", "en", ""])
        for _ in range(12):  # one customer's ticket, exported 12 times
            writer.writerow(["DUP1", "Return", "Hello, Ms Okonkwo here: how do I return my lamp Okonkwo?",
                             "2026-10-21T10:00:00+00:00", "en", ""])
    analysis = gaps(project.config, [project.tickets])
    terms = " ".join(t for mined in analysis.aliases.values() for t in mined).casefold()
    assert "siobhan" not in terms and "okonkwo" not in terms
    examples = " ".join(str(q.examples) + q.text for q in analysis.report.questions).casefold()
    assert "siobhan" not in examples
