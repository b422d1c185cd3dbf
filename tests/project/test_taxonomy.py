"""Taxonomy: built-in ids and languages, categories.yml extension and validation."""

import pytest

from generator.errors import ConfigError
from generator.project.taxonomy import load_taxonomy

IDS = ["order_status", "shipping", "returns", "refunds", "cancellations", "payments", "invoices", "account",
       "product", "damaged_or_defective", "promotions", "contact"]


def test_builtin():
    t = load_taxonomy()
    assert t.ids == IDS
    for c in t.categories.values():
        assert {"en", "es", "fr", "de", "pt"} <= set(c.names) <= set(c.keywords) | set(c.names)
        assert {"en", "es", "fr", "de", "pt"} <= set(c.keywords)
    assert t.tag_map["refund"] == "refunds" and t.tag_map["shipping"] == "shipping" and t.tag_map["wismo"] == "order_status"


def test_extend(tmp_path):
    f = tmp_path / "categories.yml"
    f.write_text("categories:\n  gift_wrapping:\n    name: {en: Gift wrapping}\n    keywords: {en: [gift wrap | gift wrapping]}\n"
                 "  shipping:\n    keywords: {en: [postage stamp]}\nmap:\n  tags: {Where-Is-My-Order: order_status}\n"
                 "  type: {Refund request: refunds}\n")
    t = load_taxonomy(f)
    assert t.ids[-1] == "gift_wrapping" and t.name("gift_wrapping") == "Gift wrapping"
    assert ("postage stamp",) in t.categories["shipping"].keywords["en"]
    assert t.tag_map["where_is_my_order"] == "order_status" and t.type_map["refund_request"] == "refunds"


def test_validation_lists_every_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    f = tmp_path / "content" / "categories.yml"
    f.write_text("categories:\n  Bad-Id: {}\n  new_one:\n    keywords: {xx: [a]}\nmap:\n  tags: {wismo: nowhere}\n"
                 "other: 1\n")
    with pytest.raises(ConfigError) as exc:
        load_taxonomy(f)
    assert str(exc.value).splitlines() == [
        "content/categories.yml:2: error: category id 'Bad-Id' must be lower-case letters, digits and _ "
        "(like gift_wrapping)",
        "content/categories.yml:4: error: unknown language code 'xx' in new_one.keywords",
        "content/categories.yml:3: error: new category 'new_one' needs a name, for example `name: {en: ...}`",
        "content/categories.yml:7: error: unknown key 'other'; use `categories` and `map`",
        "content/categories.yml:6: error: map.tags: unknown category id 'nowhere' for 'wismo'; known ids are "
        "account, cancellations, contact, damaged_or_defective, invoices, new_one, order_status, payments, product, "
        "promotions, refunds, returns, shipping",
    ]
