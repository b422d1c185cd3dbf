"""Search synonyms: built-in groups, content/synonyms.yml, matching per language, and the search index."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import article
from generator.project import synonyms as syn
from generator.project.config import load_config
from generator.project.content import Article
from generator.errors import ContentError
from generator.project import load_project
from generator.site import Extras, build_site
from generator.project.synonyms import MAX_TERMS, load_synonyms, synonym_aliases, synonym_terms

LANGS = ["en", "es", "fr", "de", "pt"]


def page(title: str, body: str = "", lang: str = "en", **fields) -> Article:
    """An article as content.py makes it (only the fields synonyms read matter)."""
    return Article(lang=lang, section="s", slug="a", path=Path(f"/x/{lang}/s/a.md"), source=f"content/{lang}/s/a.md",
                   id=fields.pop("id", "s/a"), title=title, body=textwrap.dedent(body), body_line=5, **fields)


def own(tmp_path: Path, text: str, languages=LANGS):
    """Synonyms from a content/synonyms.yml holding ``text``."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "synonyms.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_synonyms(content, languages)


def problems(tmp_path, monkeypatch, text: str, languages=("en", "es")) -> list[str]:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as exc:
        own(tmp_path, text, languages)
    return str(exc.value).splitlines()


# --------------------------------------------------------------------------- built-in groups

def test_builtin_groups_for_five_languages(tmp_path):
    synonyms = load_synonyms(tmp_path, LANGS)  # no synonyms.yml: the defaults
    assert synonyms.languages == LANGS
    for code in LANGS:
        groups = synonyms.groups(code)
        assert 20 <= len(groups) <= 50, code
        for group in groups:
            folded = [" ".join(syn._words(m)) for m in group]
            assert len(set(folded)) == len(folded) >= 2, (code, group)
    assert ("refund", "refunded", "money back", "reimbursement", "reimburse", "repayment", "get my money back",
            "credit back") in synonyms.groups("en")
    assert any("Rücksendung" in g and "Retoure" in g for g in synonyms.groups("de"))
    assert any("encomenda" in g and "pedido" in g for g in synonyms.groups("pt"))


def test_regional_code_gets_its_base_languages_groups(tmp_path):
    synonyms = own(tmp_path, """\
        pt:
          - [sofá, chaise longue]
        pt-BR:
          - [geladeira, frigorífico]
        """, languages=["pt", "pt-BR"])
    pt, br = synonyms.groups("pt"), synonyms.groups("pt-BR")
    assert pt[0] == ("sofá", "chaise longue")  # the help center's groups first
    assert br == [("geladeira", "frigorífico")] + pt
    assert synonyms.groups("it") == []  # not a language of this site


# --------------------------------------------------------------------------- matching, per language

def test_english_other_members_become_terms(tmp_path):
    synonyms = own(tmp_path, """\
        disable_defaults: true
        en:
          - [parcel, package, shipment]
          - [refund, money back, reimbursement]
          - [order, purchase]
        """)
    found = page("Where is my parcel?", "Your parcel leaves our warehouse the same day.")
    assert synonym_terms(found, synonyms) == ["package", "shipment"]
    plural = page("Lost packages", "Tell us within 7 days.")
    assert synonym_terms(plural, synonyms) == ["parcel", "shipment"]
    phrase = page("Refund timing", "You get your money back within 5 days.")
    assert synonym_terms(phrase, synonyms) == ["reimbursement"]  # refund and money back are both there
    partial = page("Borders and customs", "We ship across the border; a reorder is free.")
    assert synonym_terms(partial, synonyms) == []  # "order" is not in "border" or "reorder"


def test_english_builtin_where_is_my_order(tmp_path):
    synonyms = load_synonyms(tmp_path, ["en"])
    terms = synonym_terms(page("Where's my order?", "Follow it with the tracking link."), synonyms)
    assert terms[:6] == ["where is my order", "wheres my order", "where is my parcel", "where is my package",
                         "wheres my stuff", "where is my stuff"]
    assert "where's my order" not in terms  # the article already says it
    assert "tracking code" in terms


def test_spanish_folds_accents_and_plurals(tmp_path):
    synonyms = own(tmp_path, """\
        disable_defaults: true
        es:
          - [reembolso, devolver el dinero, abono]
          - [devolución, retorno]
        """)
    unaccented = page("Como pedir una devolucion", "Los reembolsos tardan 5 dias.", lang="es")
    assert synonym_terms(unaccented, synonyms) == ["retorno", "devolver el dinero", "abono"]
    phrase = page("Plazos", "Te DEVOLVEMOS el dinero... no: te Devolver El Dinero.", lang="es")
    assert synonym_terms(phrase, synonyms) == ["reembolso", "abono"]


def test_french_cedilla_and_x_plural(tmp_path):
    synonyms = own(tmp_path, """\
        disable_defaults: true
        fr:
          - [colis, paquet, envoi]
          - [carte cadeau, chèque cadeau, bon cadeau]
          - [reçu, ticket de caisse]
        """)
    gifts = page("Cartes cadeaux", "Un recu vous est envoyé.", lang="fr", tags=["paquets"])
    assert synonym_terms(gifts, synonyms) == ["chèque cadeau", "bon cadeau", "colis", "envoi", "ticket de caisse"]


def test_german_umlauts_and_plural_endings(tmp_path):
    synonyms = own(tmp_path, """\
        disable_defaults: true
        de:
          - [Rücksendung, Retoure, zurückschicken]
          - [Paket, Sendung]
        """)
    folded = page("Rucksendungen", "So geht es.", lang="de")
    assert synonym_terms(folded, synonyms) == ["Retoure", "zurückschicken"]
    umlaut = page("Wie schicke ich etwas zurück?", "Die RÜCKSENDUNG ist kostenlos. Zwei Pakete?", lang="de")
    assert synonym_terms(umlaut, synonyms) == ["Retoure", "zurückschicken", "Sendung"]


def test_fields_order_and_what_is_read(tmp_path):
    synonyms = own(tmp_path, """\
        disable_defaults: true
        en:
          - [refund, money back]
          - [parcel, package]
          - [invoice, receipt]
          - [voucher, coupon]
          - [warranty, guarantee]
          - [basket, cart]
        """)
    a = page("Warranty", "[Our terms](../orders/invoice.md) and <span class='basket'>coupons</span>.",
             summary="A receipt helps.", tags=["parcel"], search_aliases=["money back"])
    # title, summary, tags, aliases, then the body; link targets and HTML tags are not the article's words
    assert synonym_terms(a, synonyms) == ["guarantee", "invoice", "package", "refund", "voucher"]


def test_terms_are_capped(tmp_path):
    groups = "\n".join(f"  - [w{i}a, w{i}b, w{i}c]" for i in range(40))
    synonyms = own(tmp_path, f"disable_defaults: true\nen:\n{groups}\n")
    body = " ".join(f"w{i}a" for i in range(40))
    terms = synonym_terms(page("w39a", body), synonyms)
    assert len(terms) == MAX_TERMS == 15
    assert terms[:4] == ["w39b", "w39c", "w0b", "w0c"]  # the title's group first
    assert terms[-1] == "w6b"
    assert len(synonym_terms(page("w39a", body), synonyms, limit=None)) == 80


def test_help_center_groups_come_first_within_a_field(tmp_path):
    synonyms = own(tmp_path, """\
        en:
          - [tracking link, parcel tracker]
        """)
    terms = synonym_terms(page("Where is my order?", "Use the tracking link. Your parcel is insured."), synonyms)
    assert terms[:10] == ["where's my order", "wheres my order", "where is my parcel", "where is my package",
                          "wheres my stuff", "where is my stuff", "wismo", "track my order", "track my parcel",
                          "track my package"]  # the title's group
    assert terms[10:12] == ["parcel tracker", "package"]  # then the body's: ours, then the built-in ones
    assert len(terms) == MAX_TERMS


def test_synonym_aliases_shape(make_project):
    project = make_project({
        "en/shipping/where.md": article("Where is my parcel?", "Track it."),
        "en/shipping/other.md": article("Opening hours", "We are open."),
        "es/shipping/donde.md": article("¿Dónde está mi paquete?", "Síguelo.", id="shipping/where"),
    })
    _project = load_project(project.config)
    config, content = _project.config, _project.content
    aliases = synonym_aliases(content, load_synonyms(config.settings.content_dir, content.languages))
    assert set(aliases) == {("en", "shipping/where"), ("es", "shipping/where")}
    assert "package" in aliases[("en", "shipping/where")]
    assert "bulto" in aliases[("es", "shipping/where")]


# --------------------------------------------------------------------------- content/synonyms.yml

def test_user_groups_extend_and_remove_builtins(tmp_path):
    synonyms = own(tmp_path, """\
        # our words
        en:
          - [throw, blanket, plaid]
          - remove: postage
          - {remove: Wheres My Stuff}
        """)
    groups = synonyms.groups("en")
    assert groups[0] == ("throw", "blanket", "plaid")
    assert not any("postage" in g or "wheres my stuff" in g for g in groups)
    assert any("free postage" in g for g in groups)  # a member is a whole phrase
    assert len(groups) == len(load_synonyms(tmp_path / "none", ["en"]).groups("en")) - 2 + 1
    assert synonyms.groups("es") == load_synonyms(tmp_path / "none", ["es"]).groups("es")


def test_disable_defaults_per_language(tmp_path):
    synonyms = own(tmp_path, "disable_defaults: [de, pt]\nde:\n  - [Decke, Plaid]\n")
    assert synonyms.groups("de") == [("Decke", "Plaid")]
    assert synonyms.groups("pt") == []
    assert len(synonyms.groups("en")) > 20


def test_empty_file_means_defaults(tmp_path):
    assert own(tmp_path, "# nothing yet\n").groups("fr") == load_synonyms(tmp_path / "none", ["fr"]).groups("fr")


def test_validation_lists_every_problem(tmp_path, monkeypatch):
    assert problems(tmp_path, monkeypatch, """\
        english:
          - [parcel, package]
        en:
          - parcel
          - [parcel]
          - [Parcel, parcel]
          - [parcel, [package]]
          - {replace: postage}
          - {remove: teleport}
        xx: []
        es: [paquete, bulto]
        disable_defaults: maybe
        """) == [
        "content/synonyms.yml:1: error: unknown language code 'english' (did you mean 'en'?); keys are language "
        "codes such as en, es, or disable_defaults",
        "content/synonyms.yml:4: error: en: a synonym group must be a list of words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:5: error: en: a synonym group needs at least two different words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:6: error: en: a synonym group needs at least two different words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:7: error: en: a synonym group must be a list of words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:8: error: en: unknown key 'replace'; an item is a group like [refund, money back], "
        "or {remove: word} to drop the built-in groups that contain word",
        "content/synonyms.yml:9: error: en: no built-in group contains 'teleport', so there is nothing to remove; "
        "the built-in groups are in generator/data/synonyms.yml",
        "content/synonyms.yml:10: error: unknown language code 'xx'; keys are language codes such as en, es, "
        "or disable_defaults",
        "content/synonyms.yml:11: error: es: a synonym group must be a list of words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:11: error: es: a synonym group must be a list of words or phrases, like "
        "[refund, money back]",
        "content/synonyms.yml:12: error: disable_defaults must be true, false or a list of language codes, "
        "like [de, pt]",
    ]


def test_validation_of_the_file_itself(tmp_path, monkeypatch):
    assert problems(tmp_path, monkeypatch, "en:\n  - [parcel, package\n") == [
        "content/synonyms.yml:3: error: invalid YAML: expected ',' or ']', but got '<stream end>'"]
    assert problems(tmp_path, monkeypatch, "- [parcel, package]\n") == [
        "content/synonyms.yml:1: error: expected language codes with lists of synonym groups, like "
        "`en: [[refund, money back]]`"]
    assert problems(tmp_path, monkeypatch, "en: parcel, package\n") == [
        "content/synonyms.yml:1: error: `en` must be a list of synonym groups, one per line, like "
        "`- [refund, money back]`"]


# --------------------------------------------------------------------------- into the search index

def test_terms_reach_the_search_index(make_project):
    project = make_project({
        "en/shipping/index.md": article("Shipping", "Getting your things to you."),
        "en/shipping/where.md": article("Where is my order?", "Follow your delivery with the tracking link.",
                                        search_aliases="[order status]"),
        "en/shipping/hours.md": article("Opening hours", "We are open every day."),
        "synonyms.yml": "en:\n  - [tracking link, parcel tracker]\n",
    }, settings="contact_url: https://example.com/contact")
    config = load_config(project.config)
    _project = load_project(project.config)
    _, content = _project.config, _project.content
    extras = Extras(search_terms=synonym_aliases(content, load_synonyms(config.settings.content_dir,
                                                                        content.languages)))
    build_site(config, content, project.root / "site", jobs=1, extras=extras)
    index = json.loads((project.root / "site/en/search/search_index.json").read_text(encoding="utf-8"))
    entries = {d["location"]: d for d in index["docs"]}
    aliases = entries["shipping/where/"]["aliases"]
    assert aliases.startswith("order status where's my order wheres my order ")  # own aliases first
    assert "parcel tracker" in aliases and "tracking link" not in aliases
    assert "aliases" not in entries["shipping/hours/"]
    assert all("parcel" not in d["text"] for d in index["docs"])  # hidden: never in the shown text
