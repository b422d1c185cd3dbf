"""New topics: what customers ask that fits no category, clustered per language (pure).

Public API::

    topics = new_topics(questions)      # [Topic(lang, tickets, text, examples, members), ...], busiest first

``questions`` are frequent questions (:class:`generator.analysis.rank.Question`) outside every category
(``unclassified``), typically those no article answers. They are already groups of near-duplicate
tickets; this module groups the groups that ask the same new thing in different words ("gift wrap and
message", "can you gift wrap the vase and add a note?"), so the lead sees the topic the taxonomy lacks
with its whole demand.

Method, per language, deterministic (inputs sorted, no randomness):

* each question is the text of its phrasings (representative and examples, redacted, greetings cut);
* features: the (sublinear) frequencies of its analysed words (accent-folded, stemmed, stop words dropped:
  the search index's own analyzer, :func:`generator.analysis.index.terms`; no idf: among a handful of
  questions it would punish exactly the word they share) and TF-IDF of character 3-5-grams within words
  (tolerant of typos and compound spellings: "giftwrap", "gift-wrapped"), each L2-normalised and given
  half the weight, so a pair's cosine is the mean of the two cosines;
* average-linkage agglomerative clustering on cosine distance, cut at :data:`DISTANCE` (two questions join
  when on average their cosine similarity is at least ``1 - DISTANCE``).

A topic's ``text`` is its most central phrasing (the member closest to the ticket-weighted centroid), its
``examples`` the busiest members' phrasings: already-redacted customer text, as every example in the
reports, never a name the redaction and salutation stripping left out (renderers escape it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.analysis.index import terms

#: Cosine distance at which clusters stop merging (average linkage).
DISTANCE = 0.7
EXAMPLES = 3


@dataclass
class Topic:
    """Questions of one language that fit no category and ask the same thing."""

    lang: str
    tickets: int
    text: str
    """The most central member's phrasing (redacted)."""
    examples: list[str]
    """Up to :data:`EXAMPLES` phrasings of the busiest members (redacted)."""
    members: list = field(default_factory=list, repr=False)
    """The questions clustered here, busiest first."""


def _phrasings(question) -> str:
    return " \n ".join(dict.fromkeys([question.text, *question.examples]))


def _clusters(questions: list, lang: str) -> list[list[int]]:
    """Indexes of ``questions`` per cluster (each cluster in input order; clusters by first member)."""
    if len(questions) < 2:
        return [[i] for i in range(len(questions))]
    from scipy.sparse import hstack
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from generator.text import fold

    docs = [_phrasings(q) for q in questions]
    words = TfidfVectorizer(analyzer=lambda text: terms(text, lang), sublinear_tf=True, use_idf=False)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=fold)
    parts = []
    for vectorizer in (words, chars):
        try:
            parts.append(normalize(vectorizer.fit_transform(docs)) * (0.5 ** 0.5))
        except ValueError:  # no term at all (only stop words or placeholders)
            continue
    if not parts:
        return [[i] for i in range(len(questions))]
    matrix = normalize(hstack(parts).tocsr()).toarray()
    featured = [i for i, row in enumerate(matrix) if row.any()]
    found: dict[int, list[int]] = {}
    if len(featured) > 1:
        labels = AgglomerativeClustering(n_clusters=None, distance_threshold=DISTANCE, metric="cosine",
                                         linkage="average").fit_predict(matrix[featured])
        for i, label in zip(featured, labels):
            found.setdefault(int(label), []).append(i)
    clustered = set(featured) if len(featured) > 1 else set()
    # A question with no feature at all (only stop words or placeholders) stays on its own.
    clusters = list(found.values()) + [[i] for i in range(len(questions)) if i not in clustered]
    return sorted(clusters, key=lambda c: c[0])


def _central(members: list, lang: str) -> str:
    """The phrasing closest to the members' ticket-weighted centroid (word TF-IDF; ties: the busiest)."""
    if len(members) == 1:
        return members[0].text
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    try:
        matrix = normalize(TfidfVectorizer(analyzer=lambda text: terms(text, lang)).fit_transform(
            [q.text for q in members])).toarray()
    except ValueError:
        return members[0].text
    weights = [q.tickets for q in members]
    centroid = sum(w * row for w, row in zip(weights, matrix)) / max(sum(weights), 1)
    scores = matrix @ centroid
    best = max(range(len(members)), key=lambda i: (round(float(scores[i]), 9), members[i].tickets, -i))
    return members[best].text


def new_topics(questions: Iterable) -> list[Topic]:
    """Cluster ``questions`` per language into :class:`Topic` s (see the module docstring), busiest first."""
    by_lang: dict[str, list] = {}
    for q in sorted(questions, key=lambda q: (q.lang, -q.tickets, q.text)):
        by_lang.setdefault(q.lang, []).append(q)
    topics: list[Topic] = []
    for lang, qs in sorted(by_lang.items()):
        for cluster in _clusters(qs, lang):
            members = [qs[i] for i in cluster]
            examples: list[str] = []
            for q in members:
                for text in [q.text, *q.examples]:
                    if text not in examples:
                        examples.append(text)
                        break
            topics.append(Topic(lang, sum(q.tickets for q in members), _central(members, lang),
                                examples[:EXAMPLES], members))
    topics.sort(key=lambda t: (-t.tickets, t.lang, t.text))
    return topics
