"""Classification: export signals first, then zero-shot text in en, es, fr."""

import pytest

from generator.analysis.classify import Classifier
from generator.project.taxonomy import load_taxonomy
from generator.tickets import Ticket


@pytest.fixture(scope="module")
def clf():
    return Classifier(load_taxonomy())


def t(subject="", body="", lang="en", tags=(), category=""):
    return Ticket("1", None, subject, body, tuple(tags), lang, "", category)


@pytest.mark.parametrize("lang, subject, body, expected", [
    ("en", "Where is my order?", "ordered 2 weeks ago and it still hasnt arrived", "order_status"),
    ("en", "", "wheres my stuff", "order_status"),
    ("en", "", "the lamp arrived broken, glass shattered", "damaged_or_defective"),
    ("en", "refund", "I returned it and still no refund", "refunds"),
    ("en", "", "how much is shipping to Ireland", "shipping"),
    ("es", "devolución", "quiero devolver la alfombra, no me gusta", "returns"),
    ("es", "", "me han cobrado dos veces", "payments"),
    ("es", "", "Dónde está mi pedido? no me ha llegado", "order_status"),
    ("es", "", "necesito factura con NIF", "invoices"),
    ("fr", "", "Bonjour, mon colis n'est toujours pas arrivé", "order_status"),
    ("fr", "code promo", "le code ne marche pas", "promotions"),
    ("fr", "", "je souhaite annuler ma commande", "cancellations"),
    ("fr", "", "j'ai oublié mon mot de passe", "account"),
])
def test_text(clf, lang, subject, body, expected):
    d = clf.classify(t(subject, body, lang))
    assert (d.category, d.source) == (expected, "text")
    assert 0.3 <= d.confidence <= 1


def test_tag_beats_text(clf):
    d = clf.classify(t("where is my order", tags=["Refund"]))
    assert (d.category, d.source, d.confidence) == ("refunds", "tag", 0.95)


def test_type_signal(clf):
    d = clf.classify(t("hello", category="Shipping"))
    assert (d.category, d.source, d.confidence) == ("shipping", "type", 0.9)


def test_unclassified(clf):
    d = clf.classify(t("hello", "thanks"))
    assert (d.category, d.source) == ("unclassified", "none")


def test_phrase_and_subject_weigh_more(clf):
    word, _ = clf.text_scores("", "tracking", "en")
    phrase, _ = clf.text_scores("", "tracking number", "en")
    subject, _ = clf.text_scores("tracking", "", "en")
    assert phrase["order_status"] > word["order_status"] and subject["order_status"] == 2 * word["order_status"]


def test_intent_groups_variants(clf):
    a = clf.classify(t("", "where is my order"))
    b = clf.classify(t("", "order not arrived yet"))
    c = clf.classify(t("", "hasnt arrived"))
    assert a.intent == b.intent == c.intent and clf.intents[a.intent] == "where is my order"
