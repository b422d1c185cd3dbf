"""The gap document (SPEC section 5) of the gap fixture, through generator.pipeline.gaps: known answers."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from tests.conftest import GAP_DEMAND, PLANTED_FORMULA, PLANTED_PRIVATE, write_gap_project
from generator.analysis.classify import DecisionSource
from generator.analysis.findability import FindabilityReport
from generator.analysis.gaps import KIND_ORDER, ArticleRow, CategoryRow, Coverage, FeedbackSummary, Gap, \
    GapDocument, GapKind, QuestionRow, summary
from generator.commands import gaps

KINDS = {"missing_language", "missing_article", "new_topic", "unanswered_question", "missing_translation",
         "stale_translation", "search_miss", "unhelpful_article"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_gap_project(tmp_path_factory.mktemp("gaps"))


@pytest.fixture(scope="module")
def analysis(project):
    return gaps(project.config, tickets=[project.tickets])


@pytest.fixture(scope="module")
def doc(analysis):
    return analysis.document


# --------------------------------------------------------------------------- schema

def test_spec_keys_and_types(doc):
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc  # plain JSON all the way down

    tickets = doc["tickets"]
    assert isinstance(tickets["total"], int) and isinstance(tickets["unclassified"], int)
    assert all(isinstance(k, str) and isinstance(v, int) for k, v in tickets["by_language"].items())

    assert doc["categories"]
    for category in doc["categories"]:
        assert isinstance(category["id"], str) and isinstance(category["tickets"], int)
        assert isinstance(category["share"], float) and 0.0 <= category["share"] <= 1.0
        assert all(isinstance(k, str) and isinstance(v, int) for k, v in category["by_language"].items())
        assert sum(category["by_language"].values()) == category["tickets"]

    assert doc["articles"]
    for a in doc["articles"]:
        assert isinstance(a["id"], str) and isinstance(a["lang"], str) and isinstance(a["tickets"], int)
        assert a["path"] == f"content/{a['lang']}/" + a["path"].split("/", 2)[2] and a["path"].endswith(".md")
        assert isinstance(a["categories"], list) and all(isinstance(c, str) for c in a["categories"])

    assert isinstance(doc["coverage"]["overall"], float)
    assert all(isinstance(v, float) for v in doc["coverage"]["by_language"].values())

    assert doc["gaps"]
    for gap in doc["gaps"]:
        assert gap["kind"] in KINDS
        assert isinstance(gap["lang"], str) and isinstance(gap["category"], str)
        assert isinstance(gap["tickets"], int) and gap["priority"] == gap["tickets"]
        assert isinstance(gap["examples"], list) and all(isinstance(e, str) for e in gap["examples"])


def _fits(value: dict, declared) -> bool:
    """Every required key of the TypedDict is there, and no key it doesn't declare."""
    return declared.__required_keys__ <= set(value) <= set(declared.__annotations__)


def test_the_document_is_what_its_typed_dicts_declare(doc, analysis):
    assert list(doc) == list(GapDocument.__annotations__)      # gaps.json keeps its key order
    assert _fits(doc["coverage"], Coverage)
    assert all(_fits(c, CategoryRow) for c in doc["categories"])
    assert all(_fits(a, ArticleRow) for a in doc["articles"])
    assert all(_fits(q, QuestionRow) for q in doc["questions"])
    assert all(_fits(g, Gap) and g["kind"] in get_args(GapKind) for g in doc["gaps"])
    assert set(get_args(GapKind)) == set(KIND_ORDER) == KINDS
    assert "categories" in next(g for g in doc["gaps"] if g["kind"] == "missing_translation")
    assert "best_article" in next(g for g in doc["gaps"] if g["kind"] == "unanswered_question")
    assert set(FindabilityReport.__annotations__) == {"threshold", "top", "score", "checked", "tickets", "failing"}
    assert set(analysis.report.by_source) <= set(get_args(DecisionSource))


def test_ticket_totals(doc):
    assert doc["tickets"]["total"] == 92
    assert doc["tickets"]["by_language"] == {"en": 56, "fr": 19, "es": 17}
    assert doc["tickets"]["unclassified"] == 2  # "Quick hello"
    assert doc["tickets"]["classified"] == 90


def test_demand_per_category_and_language(doc):
    found = {(c["id"], lang): n for c in doc["categories"] for lang, n in c["by_language"].items()}
    assert found == GAP_DEMAND


def test_categories_are_sorted_by_tickets(doc):
    counts = [c["tickets"] for c in doc["categories"]]
    assert counts == sorted(counts, reverse=True)
    assert [c["id"] for c in doc["categories"]] == ["order_status", "returns", "refunds", "shipping", "promotions"]
    assert [c["share"] for c in doc["categories"]] == [round(n / 92, 4) for n in (24, 22, 20, 17, 7)]


def test_gaps_are_sorted_by_priority(doc):
    priorities = [g["priority"] for g in doc["gaps"]]
    assert priorities == sorted(priorities, reverse=True)


# --------------------------------------------------------------------------- the four kinds, where the fixture has them

def _key(gap):
    return (gap["kind"], gap["lang"], gap["category"], (gap["article"] or {}).get("id"), gap["tickets"])


PLANTED_GAPS = [
    ("unanswered_question", "en", "shipping", None, 9),                    # customs duties: 9 tickets
    ("missing_article", "en", "promotions", None, 7),                      # no discount-code article anywhere
    ("missing_translation", "fr", "refunds", "returns/refund-timing", 7),  # French customers ask about refunds
    ("stale_translation", "es", "returns", "returns/how-to-return", 6),    # the 6 es tickets it answers
]


def test_the_planted_gaps_and_no_other(doc):
    found = [_key(g) for g in doc["gaps"]]
    assert set(found) <= set(PLANTED_GAPS)
    assert [k for k in PLANTED_GAPS if k[1:3] != ("en", "promotions")] == [
        k for k in found if k[1:3] != ("en", "promotions")]


def test_promotions_is_a_missing_article(doc):
    assert [_key(g) for g in doc["gaps"]] == PLANTED_GAPS
    gap = next(g for g in doc["gaps"] if g["kind"] == "missing_article")
    assert gap["article"] is None and gap["question"] is None
    assert gap["examples"] == [f"{PLANTED_FORMULA}: My discount code is not working.",
                               "Discount code not working, I paid with [card]", "My discount code is not working"]
    # en: 10 returns + 8 refunds + 12 order status + 8 of 17 shipping + 0 of 7 promotions = 38 of 54.
    # fr: 6 + 6 + 0 of 7 refunds = 12 of 19. es: all 17. Overall 67 of 90.
    assert doc["coverage"] == {"overall": round(67 / 90, 4),
                               "by_language": {"en": round(38 / 54, 4), "fr": round(12 / 19, 4), "es": 1.0},
                               "tickets": {"en": 54, "fr": 19, "es": 17},
                               # Wilson 95% intervals of those shares over those tickets
                               "interval": {"overall": [0.6456, 0.8233],
                                            "by_language": {"en": [0.5717, 0.8086], "fr": [0.4104, 0.8085],
                                                            "es": [0.8157, 1.0]}}}
    assert next(a for a in doc["articles"] if (a["lang"], a["id"]) == ("en", "orders/where-is-my-order"))[
        "tickets"] == 12
    assert summary(doc) == ("coverage 74.4% (en 70%, fr 63%, es 100%) of 90 classified tickets; 4 gap(s): "
                            "1 unanswered question, 1 missing article, 1 missing translation, 1 stale translation")


def test_unanswered_question_names_the_question(doc):
    gap = next(g for g in doc["gaps"] if g["kind"] == "unanswered_question")
    # The representative phrasing and up to 3 examples; the planted e-mail and phone number come redacted.
    assert gap["question"] == gap["examples"][0]
    assert sorted(gap["examples"]) == ["Do I have to pay customs duties on my parcel?",
                                       "Do I have to pay customs duties on my parcel? [email]",
                                       "Do I have to pay customs duties on my parcel? [phone]"]
    assert gap["category_name"] == "Shipping and delivery"
    assert gap["best_article"] is None or gap["best_article"]["score"] < doc["settings"]["answer_threshold"]


def test_missing_translation_points_at_the_default_language_source(doc):
    gap = next(g for g in doc["gaps"] if g["kind"] == "missing_translation")
    assert gap["article"] == {"id": "returns/refund-timing", "lang": "en",
                              "path": "content/en/returns/refund-timing.md", "title": "When will I get my refund?"}
    assert gap["categories"] == ["refunds"]
    assert gap["examples"] == [f"{PLANTED_FORMULA}: Quand serai-je remboursé ?", "Quand serai-je remboursé ?",
                               "Quand serai-je remboursé ? Carte [card]"]


def test_stale_translation_carries_both_dates(doc):
    gap = next(g for g in doc["gaps"] if g["kind"] == "stale_translation")
    assert gap["article"]["path"] == "content/es/returns/como-devolver.md"
    assert (gap["updated"], gap["source_updated"]) == ("2026-09-01", "2026-10-20")
    assert gap["examples"] == []


def test_answered_questions_are_no_gap(doc):
    questions = {(q["lang"], q["question"]): (q["answered"], q["article"]) for q in doc["questions"]}
    assert questions[("en", "Where is my order?")] == (True, "orders/where-is-my-order")
    assert questions[("en", "How do I return an item?")] == (True, "returns/how-to-return")
    assert questions[("en", "Where is my refund?")] == (True, "returns/refund-timing")
    assert questions[("en", "How long does delivery take?")] == (True, "shipping/delivery-times")
    assert questions[("es", "¿Cómo devuelvo un artículo?")] == (True, "returns/how-to-return")
    assert questions[("fr", "Où est ma commande ?")] == (True, "orders/where-is-my-order")
    assert questions[("fr", f"{PLANTED_FORMULA}: Quand serai-je remboursé ?")] == (False, None)


def test_articles_with_their_categories_and_tickets(doc):
    rows = {(a["lang"], a["id"]): (a["categories"], a["categories_source"], a["tickets"]) for a in doc["articles"]}
    assert rows[("en", "account/reset-password")] == (["account"], "suggested", 0)
    assert rows[("en", "about/our-story")] == ([], "none", 0)
    assert rows[("en", "returns/refund-timing")] == (["refunds"], "front_matter", 8)
    assert rows[("en", "shipping/delivery-times")] == (["shipping"], "front_matter", 8)
    assert rows[("es", "returns/how-to-return")] == (["returns"], "front_matter", 6)
    assert len(rows) == 11


# --------------------------------------------------------------------------- coverage

def test_coverage_is_answered_over_classified_from_the_document(doc):
    answered, classified = {}, {}
    for category in doc["categories"]:
        for lang, n in category["by_language"].items():
            classified[lang] = classified.get(lang, 0) + n
            answered[lang] = answered.get(lang, 0) + category["answered"][lang]
    coverage = doc["coverage"]
    assert coverage["overall"] == round(sum(answered.values()) / sum(classified.values()), 4)
    assert coverage["by_language"] == {lang: round(answered[lang] / classified[lang], 4) for lang in classified}
    assert all(0.0 <= v <= 1.0 for v in [coverage["overall"], *coverage["by_language"].values()])


def test_coverage_known_answers_outside_promotions(doc):
    # fr: 6 returns + 6 order status + 0 of 7 refunds = 12 of 19. es: all 17.
    assert {lang: v for lang, v in doc["coverage"]["by_language"].items() if lang != "en"} == {
        "fr": round(12 / 19, 4), "es": 1.0}
    shipping = next(c for c in doc["categories"] if c["id"] == "shipping")
    assert (shipping["answered"], shipping["coverage"]) == ({"en": 8}, {"en": round(8 / 17, 4)})
    assert shipping["articles"] == {"en": 1, "es": 0, "fr": 0}
    refunds = next(c for c in doc["categories"] if c["id"] == "refunds")
    assert refunds["answered"] == {"en": 8, "fr": 0, "es": 5}
    assert refunds["articles"] == {"en": 1, "es": 1, "fr": 0}


# --------------------------------------------------------------------------- privacy

def test_examples_are_redacted(doc):
    text = json.dumps(doc, ensure_ascii=False)
    for planted in PLANTED_PRIVATE:
        assert planted not in text
    examples = [e for g in doc["gaps"] for e in g["examples"]]
    assert any("[email]" in e for e in examples)
    assert any("[phone]" in e for e in examples)
    assert any("[card]" in e for e in examples)
    assert "<script" not in text and "alert(1)" not in text


def test_timings_are_reported(analysis):
    assert set(analysis.timings) == {"read_classify", "index", "match", "tag", "gaps"}
    assert all(t >= 0 for t in analysis.timings.values())


# --------------------------------------------------------------------------- no tickets

def test_an_export_with_only_a_header_is_a_valid_empty_report(project):
    doc = gaps(project.config, tickets=[project.empty_tickets]).document
    assert json.loads(json.dumps(doc, allow_nan=False)) == doc
    assert doc["tickets"] == {"total": 0, "by_language": {}, "unclassified": 0, "classified": 0}
    assert doc["categories"] == [] and doc["questions"] == []
    assert doc["coverage"] == {"overall": 0.0, "by_language": {}, "tickets": {},
                               "interval": {"overall": [0.0, 1.0], "by_language": {}}}
    assert all(a["tickets"] == 0 for a in doc["articles"]) and len(doc["articles"]) == 11
    # No demand, so no gap (never a priority-0 row): the stale translation is housekeeping.
    assert doc["gaps"] == []
    assert [(h["kind"], h["lang"], h["article"]["id"]) for h in doc["housekeeping"]] == [
        ("stale_translation", "es", "returns/how-to-return")]
    assert summary(doc) == "coverage 0.0% of 0 classified tickets; 0 gap(s); 1 housekeeping item(s)"


# --------------------------------------------------------------------------- classifier quality seen through gaps

@pytest.mark.parametrize("lang, subject", [("en", "When will I get my refund?"),
                                           ("es", "¿Cuándo recibo mi reembolso?")])
def test_canonical_refund_questions_count_as_refund_demand(project, tmp_path, lang, subject):
    export = tmp_path / "refunds.csv"
    export.write_text("id,subject,body,language\n" + "".join(f"{i},{subject},,{lang}\n" for i in range(6)),
                      encoding="utf-8")
    doc = gaps(project.config, tickets=[export]).document
    assert [(c["id"], c["by_language"]) for c in doc["categories"]] == [("refunds", {lang: 6})]


# --------------------------------------------------------------------------- the site's own feedback (issue 15)

#: Typed into the site's search box: an order number, a card number, e-mail addresses.
FEEDBACK_PLANTED = ("LL-10234", "jane.doe@example.com", "48213", "maria@correo.es", "4111")


def write_feedback(path):
    """A Netlify submissions export (the API's JSON) of the gap fixture's site: searches that found nothing, votes."""
    subs = []

    def add(form, n, day, **fields):
        subs.extend({"data": {"form-name": form, **fields, "ip": "203.0.113.9"},
                     "created_at": f"2026-11-{day:02d}T10:00:00Z"} for _ in range(n))

    add("search-miss", 5, 2, q="gift wrapping", lang="en")
    add("search-miss", 2, 3, q="gift wrap", lang="en")
    add("search-miss", 5, 3, q="track my parcel", lang="en")
    add("search-miss", 1, 4, q="my order LL-10234 jane.doe@example.com", lang="en")
    add("search-miss", 1, 4, q="pedido 48213 maria@correo.es", lang="es")
    add("search-miss", 5, 4, q="visa 4111 1111 1111 1111", lang="en")
    add("search-miss", 1, 4, q="LL-10234 4111111111111111", lang="en")
    add("search-miss", 6, 4, q="Geschenkverpackung", lang="de")
    add("search-miss", 3, 5, q="emballage cadeau", lang="fr")
    add("helpful", 6, 2, article="returns/how-to-return", lang="en", helpful="no")
    add("helpful", 1, 3, article="returns/how-to-return", lang="en", helpful="yes")
    add("helpful", 5, 3, article="orders/where-is-my-order", lang="en", helpful="yes")
    add("helpful", 1, 4, article="orders/where-is-my-order", lang="en", helpful="no")
    add("helpful", 3, 5, article="returns/how-to-return", lang="es", helpful="no")
    subs.append({"data": {"form-name": "search-miss", "q": "cheap pills", "lang": "en"}, "state": "spam"})
    path.write_text(json.dumps(subs), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def feedback_doc(project, tmp_path_factory):
    export = write_feedback(tmp_path_factory.mktemp("feedback") / "submissions.json")
    return gaps(project.config, tickets=[project.tickets], feedback=[export]).document


def test_search_misses_and_votes_are_ranked_with_the_ticket_gaps(feedback_doc, doc):
    assert [(g["kind"], g["lang"], g["priority"], g["action"], g["question"] or (g["article"] or {}).get("id"))
            for g in feedback_doc["gaps"]] == [
        ("unanswered_question", "en", 9, "write_article", "Do I have to pay customs duties on my parcel? [email]"),
        ("missing_article", "en", 7, "write_article", None),
        ("missing_translation", "fr", 7, "translate", "returns/refund-timing"),
        ("search_miss", "en", 7, "write_article", "gift wrapping"),        # 5 + 2 searches, one group
        ("stale_translation", "es", 6, "update", "returns/how-to-return"),
        ("unhelpful_article", "en", 6, "update", "returns/how-to-return"),  # 6 no against 1 yes
        ("search_miss", "en", 5, "write_article", "visa"),                  # the card number is gone
        ("search_miss", "en", 5, "add_aliases", "track my parcel"),        # an article answers: aliases
    ]
    # the ticket gaps are the same as without feedback, and so is coverage
    assert [g for g in feedback_doc["gaps"] if g["kind"] not in ("search_miss", "unhelpful_article")] == doc["gaps"]
    assert feedback_doc["coverage"] == doc["coverage"]
    assert doc["feedback"] is None


def test_the_feedback_rows_say_what_to_do(feedback_doc):
    gift, unhelpful, _, track = (g for g in feedback_doc["gaps"] if g["kind"] in ("search_miss", "unhelpful_article"))
    assert (gift["searches"], gift["examples"], gift["target"], gift["category"]) == (7, ["gift wrap"], None, None)
    assert unhelpful["votes"] == {"yes": 1, "no": 6}
    assert unhelpful["target"] == unhelpful["article"] == {
        "id": "returns/how-to-return", "lang": "en", "path": "content/en/returns/how-to-return.md",
        "title": "How do I return an item?"}
    assert track["target"]["id"] == track["best_article"]["id"] == "orders/where-is-my-order"
    assert track["best_article"]["url"] == "en/orders/where-is-my-order/"
    assert track["category"] == "order_status" and track["category_name"] == "Order status"


def test_the_feedback_summary(feedback_doc):
    feedback = feedback_doc["feedback"]
    assert list(feedback_doc) == list(GapDocument.__annotations__)
    assert _fits(feedback, FeedbackSummary)
    assert {k: v for k, v in feedback.items() if k not in ("files", "timeline")} == {
        "searches": 22, "votes": {"yes": 6, "no": 10},
        # the German searches: the site has no German; an order and a card number: nothing left after redaction
        "skipped": {"not a site language": 6, "empty after redaction": 1, "spam": 1},
        "min_searches": 5, "min_votes": 5}
    assert feedback["timeline"] == [{"day": "2026-11-02", "searches": 5, "yes": 0, "no": 6},
                                    {"day": "2026-11-03", "searches": 7, "yes": 6, "no": 0},
                                    {"day": "2026-11-04", "searches": 7, "yes": 0, "no": 1},
                                    {"day": "2026-11-05", "searches": 3, "yes": 0, "no": 3}]
    assert summary(feedback_doc).endswith(
        "; site feedback: 22 search(es) found nothing, 16 vote(s) (10 not helpful)")


def test_what_was_typed_into_the_search_box_stays_private(feedback_doc):
    text = json.dumps(feedback_doc, ensure_ascii=False)
    for planted in FEEDBACK_PLANTED:
        assert planted not in text
