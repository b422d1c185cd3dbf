"""generator.match: frequent questions -> the article that answers them, in the question's language."""

from __future__ import annotations

import pytest

from tests.conftest import write_gap_project
from generator.analysis.index import ArticleIndex
from generator.analysis.match import Match, match_question, match_questions, question_texts
from generator.commands import build_indexes
from generator.project import load_project
from generator.analysis.rank import Question
from generator.project.synonyms import synonym_aliases


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """(project, content, indexes) of the gap fixture, built once for the module."""
    gap = write_gap_project(tmp_path_factory.mktemp("match"))
    _project = load_project(gap.config)
    content = _project.content
    # Indexed as the pipeline indexes them: with the synonyms each article mentions as hidden aliases.
    synonyms = synonym_aliases(content, _project.synonyms)
    indexes = build_indexes(content, _project.taxonomy, synonyms)
    yield _project, content, indexes
    for index in indexes.values():
        index.close()


@pytest.fixture(scope="module")
def plain_en(project):
    """The English index without synonyms: only what the writers wrote."""
    loaded, content, _ = project
    index = build_indexes(content, loaded.taxonomy)["en"]
    yield index
    index.close()


@pytest.fixture(scope="module")
def threshold(project):
    return project[0].config.settings.gaps.answer_threshold


def q(lang: str, category: str, text: str, *examples: str, intent: str | None = None, tickets: int = 6) -> Question:
    return Question(category, lang, tickets, text, [text, *examples], intent)


KNOWN_ANSWERS = [
    (q("en", "returns", "How do I return an item?", "return label"), "returns/how-to-return"),
    (q("en", "refunds", "Where is my refund?", intent="refund"), "returns/refund-timing"),
    (q("en", "order_status", "Where is my order?", "my parcel has not arrived", intent="where is my order"),
     "orders/where-is-my-order"),
    (q("en", "shipping", "How long does delivery take?", intent="shipping cost"), "shipping/delivery-times"),
    (q("en", "account", "I forgot my password", "can't log in to my account"), "account/reset-password"),
    (q("es", "returns", "¿Cómo devuelvo un artículo?"), "returns/how-to-return"),
    (q("es", "order_status", "¿Dónde está mi pedido?", intent="donde esta mi pedido"), "orders/where-is-my-order"),
    (q("es", "refunds", "¿Dónde está mi reembolso?"), "returns/refund-timing"),
    (q("fr", "returns", "Comment retourner un article ?"), "returns/how-to-return"),
    (q("fr", "order_status", "Où est ma commande ?", "mon colis n'est pas arrivé"), "orders/where-is-my-order"),
]


@pytest.mark.parametrize("question, article_id", KNOWN_ANSWERS,
                         ids=[f"{question.lang}-{question.text}" for question, _ in KNOWN_ANSWERS])
def test_known_answers(project, threshold, question, article_id):
    match = match_questions(project[2], [question], threshold)[0]
    assert match.question is question
    assert match.article_id == article_id
    assert match.answered is True
    assert threshold <= match.score <= 1.0
    assert match.candidates[0] == (article_id, match.score)


def test_a_candidate_reaching_the_threshold_answers(plain_en, threshold):
    question = q("en", "returns", "How do I return an item?", "I want to send it back")
    match = match_question(plain_en, question, threshold)
    assert dict(match.candidates)["returns/how-to-return"] >= threshold  # a candidate does answer it...
    assert (match.article_id, match.answered) == ("returns/how-to-return", True)  # ...so the match says so


def test_the_customs_question_is_not_answered(project, threshold):
    customs = q("en", "shipping", "Do I have to pay customs duties on my parcel?",
                "Do I have to pay customs duties on my parcel? [email]", "is import tax included", intent="customs",
                tickets=9)
    match = match_questions(project[2], [customs], threshold)[0]
    assert match.answered is False
    assert match.score < threshold
    assert match.article_id in {None, *project[2]["en"].ids}  # the best (poor) candidate, if any


def test_a_question_with_no_article_in_its_language_is_not_answered(project, threshold):
    refund_fr = q("fr", "refunds", "Quand serai-je remboursé ?", intent="remboursement")
    match = match_questions(project[2], [refund_fr], threshold)[0]
    assert (match.article_id, match.score, match.answered) == (None, 0.0, False)


def test_a_question_no_article_is_about_is_not_answered(project, threshold):
    promo = q("en", "promotions", "My discount code is not working", "Discount code not working, I paid with [card]",
              intent="discount code", tickets=7)
    match = match_questions(project[2], [promo], threshold)[0]
    assert match.answered is False, match


def test_a_question_is_matched_only_against_its_own_language(project, threshold):
    indexes = project[2]
    # Spanish has no shipping article; the English one must not answer a Spanish question,
    # not even one written in English.
    for text in ("¿Cuánto tarda el envío y cuánto cuesta?", "How long does delivery take and what does shipping cost?"):
        match = match_questions(indexes, [q("es", "shipping", text)], threshold)[0]
        assert match.answered is False
        assert match.article_id != "shipping/delivery-times"
        assert {c for c, _ in match.candidates} <= set(indexes["es"].ids)
    # The same English question, asked in English, is answered by it.
    match = match_questions(indexes, [q("en", "shipping", "How long does delivery take and what does shipping cost?")],
                            threshold)[0]
    assert (match.article_id, match.answered) == ("shipping/delivery-times", True)


def test_a_language_without_index_is_not_answered(project, threshold):
    match = match_questions(project[2], [q("de", "order_status", "Wo ist meine Bestellung?")], threshold)[0]
    assert match == Match(match.question, None, 0.0, False)


def test_an_empty_index_answers_nothing(threshold):
    question = q("en", "returns", "How do I return an item?")
    empty = ArticleIndex.build("en", [])
    assert match_question(empty, question, threshold) == Match(question, None, 0.0, False)
    assert match_question(None, question, threshold) == Match(question, None, 0.0, False)
    assert match_questions({}, [question], threshold) == [Match(question, None, 0.0, False)]
    assert match_questions({"en": empty}, [], threshold) == []
    empty.close()


def test_threshold_decides(project):
    question = q("en", "returns", "How do I return an item?")
    assert match_question(project[2]["en"], question, threshold=1.0).answered is True  # score 1.0 reaches 1.0
    partial = q("en", "returns", "return item zorblax quux")
    match = match_question(project[2]["en"], partial, threshold=1.0)
    assert match.article_id == "returns/how-to-return" and 0 < match.score < 1.0 and match.answered is False
    assert match_question(project[2]["en"], partial, threshold=match.score).answered is True


def test_question_texts_are_deduplicated_and_capped():
    question = Question("returns", "en", 9, "a", ["a", "b", "", "c", "d"], "return")
    assert question_texts(question) == ["a", "b", "return"]


def _doc(article_id: str, title: str, body: str = "") -> dict:
    return {"id": article_id, "title": title, "headings": "", "summary": "", "aliases": "", "synonyms": "",
            "tags": "", "categories": "", "body": body}


@pytest.fixture(scope="module")
def codes():
    index = ArticleIndex.from_documents("es", [
        _doc("promotions/codes", "Cómo usar un código de descuento", "Escribe el código al pagar."),
        _doc("returns/how-to-return", "Cómo hacer una devolución", "Devuelve el artículo en 14 días."),
        _doc("shipping/times", "Plazos de envío", "Enviamos en 24 horas, sin descuento.")])
    yield index
    index.close()


CATEGORIES = {"promotions/codes": ["promotions"], "returns/how-to-return": ["returns"], "shipping/times": ["shipping"]}


def test_the_taxonomy_phrase_stands_in_only_when_no_customer_word_is_missing(codes):
    # "descuento" is there, "estudiantes" is not: the line "código de descuento" does not answer it.
    students = q("es", "promotions", "hay descuento para estudiantes", intent="codigo de descuento")
    match = match_question(codes, students, 0.5, CATEGORIES)
    assert (match.article_id, match.answered) == ("promotions/codes", False)
    assert match.missing == ["estudiantes"]
    # Every customer word is in the article: the taxonomy phrase lifts it to the title's words.
    code = q("es", "promotions", "descuento al pagar", intent="codigo de descuento")
    assert match_question(codes, code, 0.5, CATEGORIES).answered is True


def test_an_unclassified_question_needs_half_the_strong_margin(codes):
    # The title has "devolución", the text "artículo" and "devuelve" (0.6 each): 2.2 / 3, between
    # threshold + half the margin (0.65) and threshold + the margin (0.8).
    question = q("es", "unclassified", "devolucion articulo devuelve")
    score = codes.answer_score("devolucion articulo devuelve", "returns/how-to-return")
    assert score == pytest.approx(2.2 / 3)
    assert match_question(codes, question, 0.5, CATEGORIES).answered is True
    # The same words in a question of another category need the full margin.
    other = q("es", "shipping", "devolucion articulo devuelve")
    assert match_question(codes, other, 0.5, CATEGORIES).answered is False
