"""Customer words an article lacks, mined from the tickets it answers (pure).

Public API::

    terms = mine_aliases(matches, indexes)      # {(lang, article id): ["wheres", "money back", ...]}
    terms = mine_aliases(matches, indexes, words=my_word_lists)   # lang -> ordinary words (or None)

For every frequent question an article answers (:mod:`generator.match`), the question's
vocabulary (:attr:`generator.rank.Question.vocabulary`: words and two-word phrases of its
redacted tickets, greetings and sign-offs cut, with the number of distinct tickets using each;
already without the words customers capitalise mid-sentence, the proper nouns) is summed per
article. A term becomes a hidden search alias of that article when:

* at least :data:`MIN_TICKETS` distinct tickets used it, from as many distinct requesters when
  the export names them (the privacy rule: a term from a handful of tickets could identify a
  customer; :mod:`generator.analysis.rank` counts a re-exported ticket once);
* every word of it is an **ordinary word** of the language, in its word list
  (:func:`generator.analysis.wordlists.ordinary_words`): a surname, a street or an agent's rare
  first name is not. A language without a list mines no aliases;
* it has no digit and is no redaction placeholder (``[email]``, ``[order]``...), nor a stop word;
* it is specific: at least :data:`LIFT` times more frequent in the article's tickets than in the
  language's other frequent questions (so "hello", "please" or the shop's product names don't
  qualify);
* the article doesn't already say it: none of its analysed terms (same analyzer as the index,
  so folded and stemmed) is missing from the article.

At most :data:`PER_ARTICLE` terms per article, the most used first. Aliases go into the page's
hidden ``aliases`` search field only; they are never displayed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping

from generator.analysis.index import ArticleIndex, terms
from generator.analysis.rank import VOCABULARY_MIN_TICKETS
from generator.analysis.wordlists import ordinary_words
from generator.text import REQUEST_WORDS

MIN_TICKETS = VOCABULARY_MIN_TICKETS
PER_ARTICLE = 12
#: A term must be this many times more frequent in the article's tickets than in all the language's.
LIFT = 2.0
#: Greetings, politeness and request words: common in tickets, never what a customer searches for.
FILLER = frozenset().union(*REQUEST_WORDS.values())
#: Digits, and the brackets and "@" of redaction placeholders, templates and addresses.
_FORBIDDEN = re.compile(r"[\d\[\]{}@]")


def allowed(term: str, tickets: int) -> bool:
    """The privacy rule: enough distinct tickets, no digits, no placeholders."""
    return tickets >= MIN_TICKETS and not _FORBIDDEN.search(term) and bool(term.strip())


def mine_aliases(matches: Iterable, indexes: Mapping[str, ArticleIndex],
                 words: Callable[[str], Collection[str] | None] = ordinary_words) -> dict[tuple[str, str], list[str]]:
    """(lang, article id) -> customer terms the article lacks (see the module docstring).

    ``words(lang)`` gives the language's ordinary (folded) words, None when it has no list.
    """
    found: dict[tuple[str, str], Counter] = {}
    volume: Counter = Counter()                       # (lang, article id) or lang -> tickets
    background: dict[str, Counter] = {}
    for match in matches:
        q = match.question
        vocabulary = getattr(q, "vocabulary", None) or {}
        background.setdefault(q.lang, Counter()).update(vocabulary)
        volume[q.lang] += q.tickets
        if match.answered and match.article_id and vocabulary:
            found.setdefault((q.lang, match.article_id), Counter()).update(vocabulary)
            volume[(q.lang, match.article_id)] += q.tickets
    aliases: dict[tuple[str, str], list[str]] = {}
    for (lang, article_id), counts in found.items():
        index = indexes.get(lang)
        ordinary = words(lang) if index is not None else None
        if ordinary is None:
            continue
        own = volume[(lang, article_id)] or 1
        others = volume[lang] - volume[(lang, article_id)]
        # Not as common in the language's other questions ("hello", "please", product names).
        specific = {term for term, n in counts.items()
                    if not (others > 0 and n / own < LIFT * (background[lang][term] - n) / others)}
        picked = _pick(counts, specific, index, lang, article_id, ordinary)
        if picked:
            aliases[(lang, article_id)] = picked
    return aliases


def _pick(counts: Counter, specific: Collection[str], index: ArticleIndex, lang: str, article_id: str,
          ordinary: Collection[str]) -> list[str]:
    """The article's aliases among ``counts`` (term -> tickets), the most used first.

    ``specific``: the terms more frequent in the article's tickets than in the language's other ones.
    """
    picked: list[str] = []
    for term, tickets in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        words = term.split()
        if not allowed(term, tickets) or term not in specific:
            continue
        if any(w in FILLER for w in words) or not all(w in ordinary for w in words):
            continue  # politeness, or not an ordinary word of the language (a name, a street)
        analysed = terms(term, lang)
        if not analysed or not index.missing(analysed, article_id):
            continue  # only stop words, or the article already says it
        if (len(words) == 1 and any(term in p.split() for p in picked)) or \
                (len(words) > 1 and all(w in picked for w in words)):
            continue  # already covered by a picked phrase or its words
        picked.append(term)
        if len(picked) == PER_ARTICLE:
            break
    return picked
