"""generator.aliases: customer words an article lacks, mined from the tickets it answers (privacy rule)."""

from __future__ import annotations

import pytest

from tests.conftest import article
from generator.analysis.aliases import MIN_TICKETS, allowed, mine_aliases
from generator.project.content import load_content
from generator.analysis.index import ArticleIndex
from generator.analysis.match import Match
from generator.analysis.rank import Question


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("aliases") / "content"
    (root / "en" / "orders").mkdir(parents=True)
    (root / "en" / "orders" / "where-is-my-order.md").write_text(
        article("Where is my order?", "Follow the tracking link in your shipping confirmation."), encoding="utf-8")
    (root / "en" / "returns").mkdir(parents=True)
    (root / "en" / "returns" / "how-to-return.md").write_text(
        article("How do I return an item?", "Print the prepaid label and drop the parcel off."), encoding="utf-8")
    content = load_content(root, git_dates=False)
    index = ArticleIndex.build("en", content.articles("en"))
    yield {"en": index}
    index.close()


def answered(vocabulary: dict[str, int], article_id: str = "orders/where-is-my-order", tickets: int = 40,
             category: str = "order_status", answered: bool = True) -> Match:
    question = Question(category, "en", tickets, "wheres my stuff", ["wheres my stuff"], None, False, vocabulary)
    return Match(question, article_id, 0.9 if answered else 0.1, answered)


def test_terms_many_tickets_use_and_the_article_lacks_become_aliases(index):
    matches = [answered({"stuff": 30, "wheres stuff": 25, "parcel": 12}),
               answered({"label": 20, "send back": 15}, "returns/how-to-return", 30, "returns")]
    assert mine_aliases(matches, index) == {
        ("en", "orders/where-is-my-order"): ["stuff", "wheres stuff", "parcel"],
        ("en", "returns/how-to-return"): ["send back"],   # "label" is in the article already
    }


@pytest.mark.parametrize("term,tickets,ok", [
    ("stuff", MIN_TICKETS, True),
    ("stuff", MIN_TICKETS - 1, False),      # fewer than 10 distinct tickets: could single someone out
    ("order 12345", 50, False),             # digits
    ("covid19", 50, False),
    ("[email]", 50, False),                 # redaction placeholders
    ("my [order]", 50, False),
    ("{{Order Number}}", 50, False),
    ("jane@example", 50, False),
    ("confirmation email", 50, True),       # a word that names a placeholder is still a word
])
def test_privacy_rule(term, tickets, ok):
    assert allowed(term, tickets) is ok


def test_the_privacy_rule_applies_to_mining(index):
    matches = [answered({"stuff": 9, "order 12345": 40, "[email]": 40, "[phone]": 40, "smith street": 10})]
    assert mine_aliases(matches, index) == {("en", "orders/where-is-my-order"): ["smith street"]}


def test_unanswered_questions_and_filler_teach_nothing(index):
    matches = [answered({"stuff": 30}, answered=False),
               answered({"hello": 40, "please help": 30, "thanks": 20})]
    assert mine_aliases(matches, index) == {}


def test_words_common_to_every_question_are_not_specific(index):
    # "lamp" is in 90 % of this language's tickets: a product name, not how people ask for returns.
    matches = [answered({"lamp": 36, "stuff": 30}, tickets=40),
               answered({"lamp": 54}, "returns/how-to-return", 60, "returns")]
    assert mine_aliases(matches, index) == {("en", "orders/where-is-my-order"): ["stuff"]}
