"""generator.tagging: explicit categories win; otherwise text and answered tickets suggest them."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import article, write_gap_project
from generator.analysis.classify import Classifier
from generator.analysis.match import Match
from generator.project import load_project
from generator.analysis.rank import Question
from generator.analysis.tagging import (MIN_SCORE, Suggestion, Tagging, answered_tickets, categories_by_language, suggest,
                               tag_articles)


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    """(content, classifier) of the gap fixture."""
    gap = write_gap_project(tmp_path_factory.mktemp("tagging"))
    _project = load_project(gap.config)
    content = _project.content
    return content, Classifier(_project.taxonomy)


@pytest.fixture(scope="module")
def tags(fixture):
    content, classifier = fixture
    return tag_articles(content.articles(), classifier)


def by_id(content, lang, article_id):
    return next(a for a in content.articles() if a.lang == lang and a.id == article_id)


def answered(lang, category, article_id, tickets, answered=True):
    return Match(Question(category, lang, tickets, "q", ["q"]), article_id, 0.9 if answered else 0.1, answered)


def test_every_article_is_tagged(fixture, tags):
    content, _ = fixture
    assert set(tags) == {(a.lang, a.id) for a in content.articles()}
    assert {key: t.source for key, t in tags.items()} == {
        ("en", "about/our-story"): "none",
        ("en", "account/reset-password"): "suggested",
        ("en", "orders/where-is-my-order"): "front_matter",
        ("en", "returns/how-to-return"): "front_matter",
        ("en", "returns/refund-timing"): "front_matter",
        ("en", "shipping/delivery-times"): "front_matter",
        ("es", "orders/where-is-my-order"): "front_matter",
        ("es", "returns/how-to-return"): "front_matter",
        ("es", "returns/refund-timing"): "front_matter",
        ("fr", "orders/where-is-my-order"): "front_matter",
        ("fr", "returns/how-to-return"): "front_matter",
    }


def test_explicit_categories_win(tags):
    refund = tags[("en", "returns/refund-timing")]
    assert refund.categories == ["refunds"]
    assert refund.source == "front_matter"
    # The text alone would rank other categories too; they stay suggestions.
    assert "refunds" in [s.category for s in refund.suggestions]


def test_explicit_categories_win_over_the_text(make_project):
    project = make_project({"en/returns/how.md": article(
        "How do I return an item?", "Print the prepaid return label and send the parcel back within 30 days.",
        categories="[promotions]", updated="2026-10-01")})
    _project = load_project(project.config)
    content = _project.content
    tagging = tag_articles(content.articles(), Classifier(_project.taxonomy))[("en", "returns/how")]
    assert (tagging.source, tagging.categories) == ("front_matter", ["promotions"])
    assert tagging.suggestions[0].category == "returns"


def test_untagged_account_article_gets_account_suggested(tags):
    tagging = tags[("en", "account/reset-password")]
    assert tagging.source == "suggested"
    assert tagging.categories == ["account"]
    [suggestion] = tagging.suggestions
    assert suggestion.category == "account"
    assert MIN_SCORE <= suggestion.score <= 1.0
    assert suggestion.score == round(suggestion.score, 3)


def test_an_article_about_nothing_in_the_taxonomy_gets_no_category(tags):
    assert tags[("en", "about/our-story")] == Tagging("en", "about/our-story", "none", [], [])


def test_suggestions_are_ranked_capped_and_above_the_minimum(fixture):
    content, classifier = fixture
    for a in content.articles():
        suggestions = suggest(a, classifier)
        assert len(suggestions) <= 3
        assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
        assert all(MIN_SCORE <= s.score <= 1.0 for s in suggestions)


def test_answered_tickets_add_their_category(fixture):
    content, classifier = fixture
    story = by_id(content, "en", "about/our-story")
    matches = [answered("en", "contact", "about/our-story", 8)]
    tagging = tag_articles([story], classifier, matches)[("en", "about/our-story")]
    # No text signal: only the tickets (TICKET_WEIGHT 0.4 x all of them) suggest the category.
    assert (tagging.source, tagging.categories) == ("suggested", ["contact"])
    assert tagging.suggestions == [Suggestion("contact", 0.4)]


def test_answered_tickets_join_the_text_signal(fixture):
    content, classifier = fixture
    account = by_id(content, "en", "account/reset-password")
    matches = [answered("en", "account", "account/reset-password", 6),
               answered("en", "promotions", "account/reset-password", 6),
               answered("en", "shipping", "account/reset-password", 50, answered=False),  # not answered: ignored
               answered("es", "payments", "account/reset-password", 50)]                  # another language
    tagging = tag_articles([account], classifier, matches)[("en", "account/reset-password")]
    # account: 0.6 x its text share (the best) + 0.4 x half the tickets; promotions: 0.4 x half the
    # tickets = 0.2, under MIN_SCORE.
    assert (tagging.source, tagging.suggestions) == ("suggested", [Suggestion("account", 0.8)])
    only_promotions = tag_articles([account], classifier, [answered("en", "promotions", account.id, 6)])
    assert only_promotions[("en", account.id)].suggestions == [Suggestion("account", 0.6),
                                                                Suggestion("promotions", 0.4)]


def test_answered_tickets_never_override_front_matter(fixture):
    content, classifier = fixture
    returns = by_id(content, "en", "returns/how-to-return")
    tagging = tag_articles([returns], classifier, [answered("en", "promotions", returns.id, 100)])[
        ("en", returns.id)]
    assert (tagging.source, tagging.categories) == ("front_matter", ["returns"])
    assert "promotions" in [s.category for s in tagging.suggestions]


def test_answered_tickets_are_counted_per_language_and_article():
    matches = [answered("en", "returns", "a", 5), answered("en", "refunds", "a", 3), answered("en", "returns", "a", 2),
               answered("fr", "returns", "a", 4), answered("en", "returns", "b", 9, answered=False),
               Match(Question("returns", "en", 7, "q", ["q"]), None, 0.0, False)]
    assert answered_tickets(matches) == {("en", "a"): Counter(returns=7, refunds=3), ("fr", "a"): Counter(returns=4)}


def test_categories_by_language(tags):
    by_lang = categories_by_language(tags)
    assert by_lang["en"]["account/reset-password"] == ["account"]
    assert by_lang["es"] == {"orders/where-is-my-order": ["order_status"], "returns/how-to-return": ["returns"],
                             "returns/refund-timing": ["refunds"]}
    assert by_lang["fr"] == {"orders/where-is-my-order": ["order_status"], "returns/how-to-return": ["returns"]}
