"""Ranking: exact counts, shares, languages, trend windows and question grouping."""

from datetime import datetime, timedelta, timezone

from generator.analysis.classify import Classifier, Decision
from generator.analysis.rank import Ranking, question_text
from generator.project.taxonomy import load_taxonomy
from generator.tickets import Ticket

NEWEST = datetime(2024, 5, 31, 12, tzinfo=timezone.utc)


def ticket(days_ago, lang="en", subject="where is my order", body=""):
    return Ticket("1", NEWEST - timedelta(days=days_ago), subject, body, (), lang)


def test_counts_share_trend():
    tax = load_taxonomy()
    r = Ranking(tax)
    for d in (0, 1, 29):  # last 30 days: 3
        r.add(ticket(d), Decision("shipping", 1, "text"))
    for d in (30, 59):  # previous 30 days: 2
        r.add(ticket(d, "es"), Decision("shipping", 1, "text"))
    r.add(ticket(60), Decision("shipping", 1, "text"))  # outside both windows
    r.add(ticket(5), Decision("returns", 1, "tag"))
    r.add(ticket(5, "fr"), Decision("unclassified", 0.1, "none"))
    rep = r.report()
    assert rep.total == 8 and rep.unclassified == 1 and rep.newest == "2024-05-31"
    assert rep.by_language == {"en": 5, "es": 2, "fr": 1}
    shipping, returns = rep.categories
    assert (shipping.id, shipping.tickets, shipping.share, shipping.by_language) == ("shipping", 6, 0.75,
                                                                                    {"en": 4, "es": 2})
    assert shipping.trend.to_dict() == {"last_30_days": 3, "previous_30_days": 2, "change": 0.5}
    assert returns.trend.change is None and returns.share == 0.125
    assert rep.to_dict()["tickets"]["by_source"] == {"text": 6, "tag": 1, "none": 1}


def test_questions_grouped_by_intent_and_tokens():
    tax = load_taxonomy()
    clf = Classifier(tax)
    r = Ranking(tax, clf.intents)
    texts = ["where is my order [order]", "order not arrived yet", "wheres my stuff", "hasnt arrived"]
    for text in texts:
        t = ticket(1, subject=text)
        r.add(t, clf.classify(t))
    for text in ["Can I get a velvet cushion in green?", "velvet cushion in green available?", "cushion green velvet"]:
        t = ticket(1, subject=text)
        r.add(t, Decision("product", 0.5, "text"))
    rep = r.report()
    status = next(c for c in rep.categories if c.id == "order_status")
    (q,) = status.questions
    assert (q.tickets, q.lang, q.intent, q.text) == (4, "en", "where is my order", "where is my order [order]")
    product = next(c for c in rep.categories if c.id == "product")
    assert [qq.tickets for qq in product.questions] == [3]


def test_question_text():
    assert question_text("", "Hi. My lamp is broken! Help") == "My lamp is broken!"
    assert question_text("Refund", "I want my money back. Thanks") == "Refund: I want my money back."
