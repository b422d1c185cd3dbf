"""A Whoosh index per language over the articles, and "how well does this article answer that text".

Public API::

    index = ArticleIndex.build("es", articles, category_names={"returns": "Devoluciones"})
    hits = index.search("como devuelvo un pedido", limit=5)   # [Hit(article_id, score, answer)]
    index.answer_score("como devuelvo un pedido", "returns/how-to-return")

Each language has its own analyzer (:func:`analyzer_for`): words (apostrophes split, so
``l'étiquette`` gives ``etiquette``) -> lower case -> accents folded -> stop and request words
dropped (folded) -> Snowball stem, where Whoosh has a stemmer for the language. Queries go through
the same analyzer, so ``devolucion`` meets ``devolución``. Folding comes before stemming so both
sides reach the stemmer as the same string; so that Snowball's accented suffix rules still fire, the
accent an ending always has is put back first (:data:`ACCENTED_SUFFIXES`: ``devolucion`` ->
``devolución``, so ``devoluciones`` and ``devolución`` both stem to ``devolu``), and the stem is folded.

Fields and boosts (BM25F ranks the candidates):

=============  =====  ===============================================================
field          boost  from
=============  =====  ===============================================================
``title``      3.0    front-matter ``title``
``headings``   2.0    Markdown headings of the body
``summary``    2.0    front-matter ``summary``
``aliases``    2.0    ``search_aliases`` (and any extra terms the caller passes)
``tags``       1.5    front-matter ``tags``
``categories`` 1.0    the names, in this language, of the article's categories
``synonyms``   1.0    the other members of the synonym groups the article mentions
``body``       1.0    the rest of the text (Markdown markup stripped)
=============  =====  ===============================================================

BM25 scores are not comparable between queries, so the "answered" decision uses a second,
bounded score (:meth:`ArticleIndex.answer_score`): the idf-weighted share of the query's
terms that the article contains, ``sum(idf(t) * w(t)) / sum(idf(t))``, where ``w`` is 1 for a
term in the title, headings, summary or aliases (:data:`STRONG_FIELDS`),
:data:`WEAK_FIELD_TERM_WEIGHT` (0.6) for a term found only in the body, tags, category names or
synonyms (:data:`WEAK_FIELDS`), and 0 when absent. A term no article contains gets the idf
of a term seen once: a question about customs duties, asked of a help center that never says
"customs", scores low. The score is in [0, 1]; :mod:`generator.match` compares it with the
calibrated threshold.

Sections (:func:`article_sections`): each ``##`` heading of an article's body starts a section that
runs to the next ``#`` or ``##`` heading (``###`` and deeper belong to it), with the anchor the site
gives that heading (Python-Markdown's ``toc`` slug, made unique in the page as it does, or an
explicit ``{#id}``). Each section keeps its heading's terms and its text's terms, so
:meth:`ArticleIndex.section_score` can tell *where* in an article a question is answered: the
idf-weighted share of the query's terms in the section's heading (weight 1) or text
(:data:`SECTION_TEXT_WEIGHT`; all of it, 1, when the heading itself shares a term with the
query: words next to a heading about the question are about it too). Sections are plain term
sets beside the Whoosh index (they are not Whoosh documents, so BM25 and idf stay per article).

The index lives in RAM (``RamStorage``); it is built while the tickets are read, so it is not
cached on disk.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh import scoring
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.lang import has_stemmer, has_stopwords, stopwords_for_language
from whoosh.query import Or, Term

from generator.analysis.classify import STEM_EXCEPTIONS
from generator.tickets.redact import REDACTED, TEMPLATE
from generator.text import REQUEST_WORDS, fold, markdown_to_text, split_markdown

#: Field -> BM25F boost.
BOOSTS = {"title": 3.0, "headings": 2.0, "summary": 2.0, "aliases": 2.0, "tags": 1.5, "categories": 1.0,
          "synonyms": 1.0, "body": 1.0}
STRONG_FIELDS = ("title", "headings", "summary", "aliases")
WEAK_FIELDS = ("body", "tags", "categories", "synonyms")
#: In :meth:`ArticleIndex.answer_score`, the share of a query term's idf an article earns when the term is
#: only in one of its :data:`WEAK_FIELDS` (a term in a :data:`STRONG_FIELDS` field earns all of it).
WEAK_FIELD_TERM_WEIGHT = 0.6
#: In :meth:`ArticleIndex.section_score`, the weight of a query term found only in a section's text
#: when the section's heading shares no term with the query (a heading that does lifts it to 1).
SECTION_TEXT_WEIGHT = 0.6
#: Languages whose words keep their apostrophes' halves together (``doesn't`` -> ``doesnt``, as shoppers
#: type it), each with the contractions that are stop words there: those of the stop words (``not``,
#: ``where is``, ``it is``), which Whoosh's list has only as their halves (``don``, ``t``).
CONTRACTIONS: dict[str, frozenset[str]] = {"en": frozenset(
    "dont doesnt didnt hasnt havent hadnt isnt arent wasnt werent wont cant couldnt wouldnt shouldnt "
    "aint whats wheres hows whos thats theres heres im ive youre youve theyre weve".split())}
_APOSTROPHES = re.compile(r"['’]")
#: Folded word endings -> the accented spelling the language always writes them with, restored before
#: stemming (folding comes first, so both sides of a match reach the stemmer as the same string):
#: Spanish -ción/-sión (``devolucion``, ``devoluciones`` and ``devolución`` all stem to ``devolu``),
#: French past participles -ée(s) and -ié(s) (``expediee``, ``expédié``, ``expédier``: ``expedi``).
ACCENTED_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "es": ((r"([cs])ion$", r"\1ión"),),
    "fr": ((r"ee(s?)$", r"ée\1"), (r"ie(s?)$", r"ié\1")),
}
#: Words that say when, how or "some thing", never what a question is about, per language base code
#: (folded, before stemming): aspect adverbs ("still", "todavía", "toujours"), light verbs ("get",
#: "hacer", "faire", "poner") and vague nouns ("something", "algo", "truc"). In the scores they weigh
#: :data:`GENERIC_WEIGHT` of their idf: "todavía no me han hecho el reembolso" is about the refund, and
#: an article need not say "todavía" to answer it. They are still indexed and searched.
GENERIC_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "still yet already again anymore ever even just really actually get gets getting got gotten "
          "do doing done put keep kept give go going gone come came thing things something anything stuff",
    "es": "todavia aun ya otra vez nunca siempre solo realmente hacer hace hecho hicieron hizo poner pone "
          "puesto dar dado tener tengo tiene seguir sigue sigo algo cosa cosas",
    "fr": "toujours encore deja jamais juste seulement vraiment faire fait mettre mis donner avoir quelque "
          "chose choses truc",
    "de": "immer noch schon wieder nie nur wirklich machen gemacht tun geben bekommen etwas sache",
    "pt": "ainda ja outra vez nunca sempre so fazer feito dar ter tenho tem algo coisa",
}.items()}
#: The share of its idf a :data:`GENERIC_WORDS` term weighs in a score.
GENERIC_WEIGHT = 0.5
#: A section's text counts in full when its heading shares a topical (not generic) term with the query.
SECTION_LIFT = True
#: Language base code -> its Whoosh analyzer (built once).
_ANALYZERS: dict[str, object] = {}
class _RamStorage(RamStorage):
    """RAM storage whose scratch folder is private to this index.

    Whoosh's ``RamStorage.temp_storage`` puts column scratch files in ``$TMPDIR/MAIN.tmp`` for every
    index of every process, and deletes that folder when a writer finishes: two processes indexing at
    once (CI jobs, a build beside ``helpcenter gaps``) break each other with ``FileNotFoundError``.
    """

    def __init__(self):
        super().__init__()
        self.scratch: list[str] = []

    def temp_storage(self, name=None):
        folder = tempfile.mkdtemp(prefix="helpcenter-whoosh-")
        self.scratch.append(folder)
        return FileStorage(folder).create()

    def cleanup(self) -> None:
        """Remove the scratch folders (Whoosh leaves the columns' one behind)."""
        for folder in self.scratch:
            shutil.rmtree(folder, ignore_errors=True)
        self.scratch.clear()


class ApostropheFilter(Filter):
    """English contractions as one word without the apostrophe (``hasn't`` -> ``hasnt``), as shoppers type them."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _APOSTROPHES.sub("", token.text)
            yield token


class AccentSuffixFilter(Filter):
    """Put back the accent a folded word's ending always has (``devolucion`` -> ``devolución``), so the
    Snowball stemmer's accented suffix rules fire for the customer's and the writer's spelling alike."""

    def __init__(self, rules: tuple[tuple[str, str], ...]):
        self.rules = [(re.compile(pattern), replacement) for pattern, replacement in rules]

    def __call__(self, tokens):
        for token in tokens:
            for pattern, replacement in self.rules:
                token.text = pattern.sub(replacement, token.text)
            yield token


class FoldFilter(Filter):
    """Accents and case folded like everywhere else in helpcenter (:func:`generator.text.fold`:
    ``Größe`` -> ``grosse``, where Whoosh's ``accent_map`` would give ``grose``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def analyzer_for(lang: str):
    """The Whoosh analyzer of a language: tokenise, lower, fold accents, drop stop words, stem."""
    base = lang.split("-")[0].lower()
    analyzer = _ANALYZERS.get(base)
    if analyzer is None:
        stop = frozenset(fold(w) for w in stopwords_for_language(base)) if has_stopwords(base) else frozenset()
        stop |= REQUEST_WORDS.get(base, frozenset()) | CONTRACTIONS.get(base, frozenset())
        if base in CONTRACTIONS:
            tokenizer = RegexTokenizer(r"\w+(?:['’]\w+)*") | ApostropheFilter()
        else:
            tokenizer = RegexTokenizer(r"\w+")
        analyzer = tokenizer | LowercaseFilter() | FoldFilter() | StopFilter(stoplist=stop, minsize=2)
        if has_stemmer(base):
            if base in ACCENTED_SUFFIXES:
                analyzer = analyzer | AccentSuffixFilter(ACCENTED_SUFFIXES[base])
            analyzer = (analyzer | StemFilter(lang=base, ignore=STEM_EXCEPTIONS.get(base), cachesize=50_000)
                        | FoldFilter())
        _ANALYZERS[base] = analyzer
    return analyzer


def terms(text: str, lang: str) -> list[str]:
    """The analysed terms of ``text`` (placeholders and bare numbers dropped), in order."""
    text = TEMPLATE.sub(" ", REDACTED.sub(" ", text))
    return [t.text for t in analyzer_for(lang)(text) if not t.text.isdigit()]


@dataclass(frozen=True, slots=True)
class Hit:
    """One article found for a text."""

    article_id: str
    score: float
    """BM25F score (only comparable within one query)."""
    answer: float
    """:meth:`ArticleIndex.answer_score`, in [0, 1]."""


@dataclass(frozen=True, slots=True)
class Section:
    """One ``##`` section of an article: its heading as written, its anchor on the site, its terms."""

    heading: str
    anchor: str
    """The heading's ``id`` on the article's page (``my-refund-hasnt-arrived``)."""
    heading_terms: frozenset[str]
    text_terms: frozenset[str]
    """The analysed terms of the section's text (``###`` headings included)."""


_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:[ \t]#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*?#([^\s}]+)[^}]*\}[ \t]*$")
_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")


def heading_slug(text: str) -> str:
    """The ``id`` Python-Markdown's ``toc`` extension (MkDocs' default) gives a heading's text."""
    plain = re.sub(r"\s+", " ", markdown_to_text(text)).strip()
    value = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _unique(slug: str, taken: set[str]) -> str:
    """``toc``'s rule for a repeated id in one page: ``slug``, ``slug_1``, ``slug_2``..."""
    if slug in taken or not slug:
        found = _ID_COUNT.match(slug)
        base, count = (found.group(1), int(found.group(2))) if found else (slug, 0)
        count += 1
        while f"{base}_{count}" in taken:
            count += 1
        slug = f"{base}_{count}"
    taken.add(slug)
    return slug


def article_sections(markdown: str) -> list[tuple[str, str, str]]:
    """``(heading, anchor, text)`` of each ``##`` section of a Markdown body, in order.

    ATX headings only (``## Heading``), none inside fenced code; an explicit ``{#id}`` (attr_list)
    is the anchor. Text before the first ``##`` belongs to the article, not to a section.
    """
    taken: set[str] = set()
    sections: list[list] = []
    fence = None
    for line in markdown.splitlines():
        opened = _FENCE.match(line)
        if fence:
            fence = None if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) else fence
        elif opened:
            fence = opened.group(1)
        else:
            heading = _ATX.match(line)
            if heading:
                level, text = len(heading.group(1)), heading.group(2)
                explicit = _ATTR_ID.search(text)
                if explicit:
                    text = text[:explicit.start()]
                if explicit:
                    anchor = explicit.group(1)
                    taken.add(anchor)
                else:
                    anchor = _unique(heading_slug(text), taken)
                if level <= 2:  # a "#" heading ends the section before it and starts none
                    sections.append([" ".join(markdown_to_text(text).split()), anchor, []] if level == 2 else None)
                    continue
        if sections and sections[-1] is not None:
            sections[-1][2].append(line)
    return [(h, a, markdown_to_text("\n".join(lines))) for h, a, lines in filter(None, sections)]


def _sections(article, lang: str) -> list[Section]:
    return [Section(heading, anchor, frozenset(terms(heading, lang)), frozenset(terms(text, lang)))
            for heading, anchor, text in article_sections(article.body)]


def article_document(article, category_names: dict[str, str] | None = None,
                     categories: Sequence[str] | None = None, extra_aliases: Sequence[str] = ()) -> dict:
    """The fields indexed for one article (``categories`` overrides the article's own)."""
    headings, text = split_markdown(article.body)
    names = category_names or {}
    cats = article.categories if categories is None else categories
    return {
        "id": article.id,
        "title": article.title,
        "headings": headings,
        "summary": article.summary or "",
        "aliases": " ; ".join(article.search_aliases),
        "synonyms": " ; ".join(extra_aliases),
        "tags": " ".join(article.tags),
        "categories": " ".join(names.get(c, c.replace("_", " ")) for c in cats),
        "body": text,
    }


class ArticleIndex:
    """The articles of one language, searchable (see the module docstring)."""

    def __init__(self, lang: str, index, ids: list[str]):
        self.lang = lang
        self.index = index
        self.ids = ids
        self._searcher = index.searcher(weighting=scoring.BM25F())
        self._reader = self._searcher.reader()
        self._docnum = {self._searcher.stored_fields(n)["id"]: n for n in range(self._reader.doc_count_all())}
        self._postings: dict[tuple[str, str], frozenset[int]] = {}
        self._idf: dict[str, float] = {}
        self._generic: frozenset[str] | None = None
        self.sections: dict[str, list[Section]] = {}
        """Article id -> its ``##`` sections, in order."""

    @classmethod
    def build(cls, lang: str, articles: Iterable, category_names: dict[str, str] | None = None,
              categories: dict[str, Sequence[str]] | None = None,
              extra_aliases: dict[str, Sequence[str]] | None = None) -> ArticleIndex:
        """Index ``articles`` (all of language ``lang``) in RAM.

        ``categories`` maps an article id to the categories to index for it (default: its own);
        ``extra_aliases`` adds hidden phrases per article id (synonyms: a weak field).
        """
        documents, sections = [], {}
        for a in articles:
            documents.append(article_document(a, category_names, (categories or {}).get(a.id),
                                              (extra_aliases or {}).get(a.id, ())))
            sections[a.id] = _sections(a, lang)
        return cls.from_documents(lang, documents, sections)

    @classmethod
    def from_documents(cls, lang: str, documents: list[dict],
                       sections: dict[str, list[Section]] | None = None) -> ArticleIndex:
        """Index prepared documents (:func:`article_document`), with each article's sections."""
        analyzer = analyzer_for(lang)
        fields = {name: TEXT(analyzer=analyzer, field_boost=boost) for name, boost in BOOSTS.items()}
        schema = Schema(id=ID(stored=True, unique=True), **fields)
        storage = _RamStorage()
        index = storage.create_index(schema)
        try:
            with index.writer() as writer:
                for doc in documents:
                    writer.add_document(**doc)
        finally:
            storage.cleanup()
        built = cls(lang, index, [d["id"] for d in documents])
        built.sections = dict(sections or {})
        return built

    def close(self) -> None:
        self._searcher.close()

    def __len__(self) -> int:
        return len(self.ids)

    # ------------------------------------------------------------------ scoring

    def _docs(self, field: str, term: str) -> frozenset[int]:
        key = (field, term)
        docs = self._postings.get(key)
        if docs is None:
            reader = self._reader
            docs = frozenset(reader.postings(field, term).all_ids()) if (field, term) in reader else frozenset()
            self._postings[key] = docs
        return docs

    def idf(self, term: str) -> float:
        """Inverse document frequency over all fields; an unseen term counts as seen once."""
        value = self._idf.get(term)
        if value is None:
            docs: set[int] = set()
            for field in BOOSTS:
                docs |= self._docs(field, term)
            n = max(len(self.ids), 1)
            value = self._idf[term] = math.log(1.0 + n / max(len(docs), 1))
        return value

    def generic(self, term: str) -> bool:
        """Whether the analysed ``term`` is one of the language's :data:`GENERIC_WORDS`."""
        if self._generic is None:
            self._generic = frozenset(t for w in GENERIC_WORDS.get(self.lang.split("-")[0].lower(), ())
                                      for t in terms(w, self.lang))
        return term in self._generic

    def weight(self, term: str) -> float:
        """A query term's weight in the scores: its idf, :data:`GENERIC_WEIGHT` of it for a generic word."""
        value = self.idf(term)
        return value * GENERIC_WEIGHT if self.generic(term) else value

    def _weights(self, query_terms: Sequence[str], docnum: int) -> list[float]:
        weights = []
        for term in query_terms:
            if any(docnum in self._docs(f, term) for f in STRONG_FIELDS):
                weights.append(1.0)
            elif any(docnum in self._docs(f, term) for f in WEAK_FIELDS):
                weights.append(WEAK_FIELD_TERM_WEIGHT)
            else:
                weights.append(0.0)
        return weights

    def answer_score(self, text: str | Sequence[str], article_id: str) -> float:
        """How much of ``text`` (or of its analysed terms) the article covers, idf-weighted, in [0, 1]."""
        query_terms = list(dict.fromkeys(terms(text, self.lang) if isinstance(text, str) else text))
        docnum = self._docnum.get(article_id)
        if not query_terms or docnum is None:
            return 0.0
        idfs = [self.weight(t) for t in query_terms]
        weights = self._weights(query_terms, docnum)
        return sum(i * w for i, w in zip(idfs, weights)) / sum(idfs)

    def section_score(self, query_terms: Sequence[str], article_id: str) -> tuple[Section | None, float]:
        """The article's section that covers most of the query, and how much of it, in [0, 1].

        The idf-weighted share of the (deduplicated) terms found in the section's heading (1) or text
        (:data:`SECTION_TEXT_WEIGHT`, or 1 when the heading shares a term with the query). Ties go to
        the earlier section; ``(None, 0.0)`` for an article without sections or nothing in common.
        """
        query_terms = list(dict.fromkeys(query_terms))
        best: tuple[Section | None, float] = (None, 0.0)
        if not query_terms:
            return best
        idfs = [self.weight(t) for t in query_terms]
        total = sum(idfs)
        topical = [t for t in query_terms if not self.generic(t)]
        for section in self.sections.get(article_id, ()):
            on_topic = SECTION_LIFT and not section.heading_terms.isdisjoint(topical)
            text_weight = 1.0 if on_topic else SECTION_TEXT_WEIGHT
            got = sum(i * (1.0 if t in section.heading_terms else text_weight if t in section.text_terms else 0.0)
                      for t, i in zip(query_terms, idfs))
            if got / total > best[1]:
                best = (section, got / total)
        return best

    def contains(self, term: str, article_id: str) -> bool:
        """Whether the article has the analysed ``term`` in any field."""
        docnum = self._docnum.get(article_id)
        return docnum is not None and any(docnum in self._docs(f, term) for f in BOOSTS)

    def missing(self, query_terms: Sequence[str], article_id: str) -> list[str]:
        """The analysed terms the article has in none of its fields."""
        docnum = self._docnum.get(article_id)
        if docnum is None:
            return list(query_terms)
        return [t for t in query_terms if not any(docnum in self._docs(f, t) for f in BOOSTS)]

    def words(self, text: str) -> list[tuple[str, str]]:
        """``(word as written, lower-cased; its analysed term)`` for each word of ``text`` that has a term."""
        text = TEMPLATE.sub(" ", REDACTED.sub(" ", text))
        return [(t.original.lower(), t.text) for t in analyzer_for(self.lang)(text, keeporiginal=True)
                if not t.text.isdigit()]

    def search(self, text: str, limit: int = 5, only: Iterable[str] | None = None) -> list[Hit]:
        """The best ``limit`` articles for ``text``, BM25F-ranked, each with its answer score.

        ``only``: search just these article ids (unknown ids are ignored).
        """
        query_terms = list(dict.fromkeys(terms(text, self.lang)))
        if not query_terms or not self.ids:
            return []
        allowed = None
        if only is not None:
            allowed = {self._docnum[a] for a in only if a in self._docnum}
            if not allowed:
                return []
        query = Or([Term(field, t) for t in query_terms for field in BOOSTS])
        hits = []
        for hit in self._searcher.search(query, limit=limit, filter=allowed):
            article_id = hit["id"]
            hits.append(Hit(article_id, float(hit.score), round(self.answer_score(query_terms, article_id), 4)))
        return hits
