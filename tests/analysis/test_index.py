"""generator.index: per-language analyzers, BM25F search and the bounded answer score (real Whoosh)."""

from __future__ import annotations

import pytest

from tests.conftest import write_gap_project
from generator.analysis.index import ArticleIndex, Section, analyzer_for, terms
from generator.commands import build_indexes
from generator.project import load_project


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """The gap fixture's indexes, one per language (built once for the module)."""
    project = write_gap_project(tmp_path_factory.mktemp("index"))
    _project = load_project(project.config)
    content = _project.content
    built = build_indexes(content, _project.taxonomy)
    yield built
    for index in built.values():
        index.close()


# --------------------------------------------------------------------------- analyzers

@pytest.mark.parametrize("lang, words, stem", [
    # Case and accents fold on both sides: the customer's spelling meets the writer's.
    ("es", ["devolución", "devolucion", "DEVOLUCIÓN"], "devolu"),
    ("es", ["Envíos", "envios", "envío", "envio"], "envi"),
    ("fr", ["reçu", "recu", "Reçu"], "recu"),
    ("fr", ["Remboursement", "remboursé", "rembourser", "remboursement"], "rembours"),
    ("fr", ["commande", "commandes", "commandé", "COMMANDE"], "command"),
    ("de", ["Rücksendung", "rucksendung", "Rücksendungen", "RÜCKSENDUNG"], "rucksend"),
    ("de", ["Bestellung", "Bestellungen", "bestellung"], "bestell"),
    ("en", ["Returns", "returning", "returned", "return"], "return"),
    ("en", ["Shipping", "shipped", "ship"], "ship"),
    ("en", ["Café", "cafe"], "cafe"),
])
def test_folding_and_stemming_meet(lang, words, stem):
    assert [terms(word, lang) for word in words] == [[stem]] * len(words)


def test_stop_words_and_placeholders_are_dropped():
    assert terms("¿Dónde está mi pedido?", "es") == ["ped"]
    assert terms("Où est ma commande ?", "fr") == ["command"]
    assert terms("Wo ist meine Bestellung?", "de") == ["bestell"]
    assert terms("The order is 12345, write to [email] or [phone] about [card] {{ name }}", "en") == [
        "order", "write"]


def test_english_keeps_customs_apart_from_customers():
    assert terms("customs", "en") == ["customs"]
    assert terms("customer customers", "en") == ["customer", "customers"]
    assert terms("custom", "en") == ["custom"]


def test_regional_codes_and_languages_without_stemmer():
    assert terms("Devoluções", "pt-BR") == terms("devolucoes", "pt") == ["devoluco"]
    assert terms("Hello Wörld", "xx") == ["hello", "world"]  # no stemmer, no stop words: folded words
    assert analyzer_for("pt-BR") is analyzer_for("pt")


# Folding comes before stemming; the accent an ending always has is put back for the stemmer.
@pytest.mark.parametrize("lang, words", [
    ("es", ["Devoluciones", "devolución", "devolucion"]),
    ("es", ["cancelaciones", "cancelación", "cancelacion"]),
    ("fr", ["expédié", "expédiée", "expédier"]),
    ("fr", ["livré", "livrée", "livrés"]),
    ("fr", ["commandé", "commandée", "commandées"]),
    ("fr", ["arrivée", "arrivee", "arrivé", "arriver"]),
    ("es", ["direcciones", "dirección", "direccion"]),
])
def test_singular_plural_and_participles_meet_after_folding(lang, words):
    assert len({tuple(terms(word, lang)) for word in words}) == 1, [terms(word, lang) for word in words]


def test_german_sharp_s_meets_its_swiss_spelling():
    assert terms("Größe", "de") == terms("Grösse", "de") == terms("Grosse", "de")


def test_french_elision_is_dropped():
    assert terms("l'étiquette d'expédition", "fr") == terms("étiquette expédition", "fr") == ["etiquet", "expedit"]


# --------------------------------------------------------------------------- search

@pytest.mark.parametrize("lang, text, article_id", [
    ("en", "how do I send back an item", "returns/how-to-return"),
    ("en", "track my parcel", "orders/where-is-my-order"),
    ("en", "how much does shipping cost", "shipping/delivery-times"),
    ("en", "I forgot my password", "account/reset-password"),
    ("en", "refund money back on my card", "returns/refund-timing"),
    ("es", "¿Dónde está mi pedido?", "orders/where-is-my-order"),
    ("es", "devoluciones", "returns/how-to-return"),
    ("fr", "Où est ma commande ?", "orders/where-is-my-order"),
    ("fr", "etiquette de retour", "returns/how-to-return"),
])
def test_search_ranks_the_obvious_article_first(indexes, lang, text, article_id):
    hits = indexes[lang].search(text)
    assert hits[0].article_id == article_id
    assert all(hits[0].score >= hit.score for hit in hits)


def test_search_stays_in_its_language(indexes):
    assert sorted(indexes["es"].ids) == ["orders/where-is-my-order", "returns/how-to-return", "returns/refund-timing"]
    assert {hit.article_id for hit in indexes["es"].search("delivery shipping costs password")} == set()
    assert indexes["fr"].search("remboursement") == []  # French has no refund article


def test_search_with_nothing_to_search(indexes):
    assert indexes["en"].search("") == []
    assert indexes["en"].search("the a of [email]") == []
    assert indexes["en"].search("zorblax quux") == []
    empty = ArticleIndex.build("en", [])
    assert len(empty) == 0 and empty.search("return") == []
    empty.close()


def test_search_limit(indexes):
    assert len(indexes["en"].search("return refund order delivery password", limit=2)) == 2


# --------------------------------------------------------------------------- answer score

def test_answer_score_bounds(indexes):
    en = indexes["en"]
    assert en.answer_score("zorblax quux", "returns/how-to-return") == 0.0
    assert en.answer_score("purple elephants", "shipping/delivery-times") == 0.0
    assert en.answer_score("How do I return an item?", "returns/how-to-return") == 1.0  # every term in the title
    assert en.answer_score("Where is my order?", "orders/where-is-my-order") == 1.0
    assert en.answer_score("", "returns/how-to-return") == 0.0
    assert en.answer_score("return", "no/such-article") == 0.0
    for text in ("return label post office", "customs duties", "refund card bank", "delivery zorblax"):
        for article_id in en.ids:
            assert 0.0 <= en.answer_score(text, article_id) <= 1.0


def test_answer_score_weighs_body_less_than_title(indexes):
    en = indexes["en"]
    # "warehouse" is only in the body of the order article, "track" is in its summary.
    assert en.answer_score("warehouse", "orders/where-is-my-order") == pytest.approx(0.6)
    assert en.answer_score("track", "orders/where-is-my-order") == 1.0


def test_unseen_terms_lower_the_score(indexes):
    en = indexes["en"]
    full = en.answer_score("return item", "returns/how-to-return")
    diluted = en.answer_score("return item zorblax", "returns/how-to-return")
    more = en.answer_score("return item zorblax quux", "returns/how-to-return")
    assert full == 1.0
    assert 0.0 < more < diluted < full
    # A question about customs, asked of a help center that never says "customs", scores low.
    assert en.answer_score("Do I have to pay customs duties?", "shipping/delivery-times") < 0.35


def test_hits_carry_the_answer_score(indexes):
    en = indexes["en"]
    for hit in en.search("return item zorblax"):
        assert hit.answer == round(en.answer_score("return item zorblax", hit.article_id), 4)


# --------------------------------------------------------------------------- contractions and generic words

@pytest.mark.parametrize("text, expected", [
    # Shoppers drop the apostrophe; the writer's "hasn't" meets "hasnt", and both are stop words as "not" is.
    ("My refund hasn't arrived", ["refund", "arriv"]),
    ("my refund hasnt arrived", ["refund", "arriv"]),
    ("the link doesn’t work", ["link", "work"]),
    ("the order's status", ["order", "status"]),
])
def test_english_contractions_are_one_word(text, expected):
    assert terms(text, "en") == expected


def test_french_apostrophes_still_split():
    assert terms("l'étiquette", "fr") == terms("etiquette", "fr")


def test_a_generic_word_weighs_half_its_idf(indexes):
    index = indexes["en"]
    still, refund = terms("still", "en")[0], terms("refund", "en")[0]
    assert index.generic(still) and not index.generic(refund)
    assert index.weight(still) == pytest.approx(index.idf(still) / 2)
    assert index.weight(refund) == index.idf(refund)


def _doc(article_id: str, title: str, body: str = "") -> dict:
    return {"id": article_id, "title": title, "headings": "", "summary": "", "aliases": "", "synonyms": "",
            "tags": "", "categories": "", "body": body}


def test_a_heading_lifts_its_text_only_by_a_topical_word():
    def section(heading: str, text: str) -> Section:
        return Section(heading, heading.lower().replace(" ", "-"), frozenset(terms(heading, "fr")),
                       frozenset(terms(text, "fr")))

    stuck = section("Toujours en panne ?", "Votre commande est arrivée ? Écrivez-nous.")
    index = ArticleIndex.from_documents("fr", [_doc("lamp", "La lampe"), _doc("other", "Autre")],
                                        {"lamp": [stuck]})
    query = terms("ma commande est toujours pas arrivée", "fr")
    # "toujours" (still) is generic: the heading is not about the order, its text counts at 0.6.
    weights = {t: index.weight(t) for t in query}
    expected = (weights[terms("toujours", "fr")[0]] + 0.6 * (sum(weights.values()) - weights[terms("toujours", "fr")[0]])) \
        / sum(weights.values())
    assert index.section_score(query, "lamp") == (stuck, pytest.approx(expected))
    # A topical heading word lifts the whole text.
    assert index.section_score(terms("lampe en panne commande", "fr"), "lamp")[1] < 1.0
    lamp = section("Lampe en panne", "Votre commande est arrivée ?")
    index2 = ArticleIndex.from_documents("fr", [_doc("lamp", "La lampe")], {"lamp": [lamp]})
    assert index2.section_score(terms("lampe commande", "fr"), "lamp") == (lamp, 1.0)
    index.close()
    index2.close()
