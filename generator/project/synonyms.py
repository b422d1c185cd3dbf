"""Search synonyms: built-in e-commerce groups per language, extended by ``content/synonyms.yml``.

A synonym group is an equivalence set of words or phrases shoppers use for one thing. The
built-in groups (``generator/data/synonyms.yml``) cover en, es, fr, de and pt. A help center
may add a ``synonyms.yml`` in its content folder::

    en:
      - [parcel, package, order, shipment]
      - [refund, money back, reimbursement]
      - remove: postage            # drop the built-in English groups with the member "postage"
    es:
      - [paquete, pedido, envio]
    disable_defaults: [de]         # or `true`: no built-in groups at all

- Keys are language codes (``en``, ``pt-BR``...). A regional code also gets the groups of its
  base language (``pt-BR`` gets ``pt``'s, built-in and yours). Languages the site does not
  publish are accepted and ignored.
- A group is a list of at least two words or phrases; phrases may have several words.
- ``{remove: word}`` drops the built-in groups of that language that have ``word`` as a
  member (a whole member: ``postage`` does not drop ``free postage``; accents and case
  ignored); ``disable_defaults`` drops all of them, for every language (``true``) or for the
  listed ones.

Synonyms apply at index time, whatever the search engine: for each article, its title,
summary, tags, ``search_aliases`` and body are folded (accents stripped, case folded) and
split into words. Every group one of whose members appears as whole words (a simple plural
counts: ``orders`` for ``order``, ``Pakete`` for ``Paket``; ``border`` never counts) gives the
article its *other* members as hidden search terms (:func:`synonym_terms`), at most
:data:`MAX_TERMS`: the title's groups first, then the summary's, tags', aliases' and body's,
the help center's groups before the built-in ones. :func:`synonym_aliases` returns them keyed
like :attr:`generator.site.Extras.search_terms`.

Every problem in ``synonyms.yml`` is collected and raised as one
:class:`~generator.errors.ContentError` whose lines read ``content/synonyms.yml:LINE: error: ...``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import yaml

from generator.project.content import Article, Content, suggest_language_code
from generator.errors import ContentError, Problem, display_path
from generator.languages import base
from generator.project.taxonomy import language_ok
from generator.yamlio import compose_file
from generator.text import fold, markdown_to_text

log = logging.getLogger(__name__)

#: Hidden terms added to one article at most (first the groups its title mentions, then summary, tags...).
#: On the example's 309 evaluation queries (benchmarks/search_eval.py sets), 15 scored best: 30 let
#: groups mentioned in passing in the body crowd the search, 10 cut useful ones.
MAX_TERMS = 15
#: Endings that make a simple plural, per base language; a word matches itself plus or minus one of them.
PLURAL_ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("s", "es"), "es": ("s", "es"), "fr": ("s", "x"), "pt": ("s", "es"),
    "de": ("e", "n", "en", "s", "er"), "it": ("i", "e"), "nl": ("s", "en"),
}
_DEFAULT_ENDINGS = ("s", "es")
_WORD = re.compile(r"[^\W_]+")
_EXAMPLE = "like [refund, money back]"


# --------------------------------------------------------------------------- the groups

class Synonyms:
    """Synonym groups of the languages a site publishes, ready to match article text."""

    def __init__(self, groups: Mapping[str, Sequence[Sequence[str]]]):
        self._groups = {code: [tuple(g) for g in gs] for code, gs in groups.items()}
        self._matchers: dict[str, _Matcher] = {}

    @property
    def languages(self) -> list[str]:
        return list(self._groups)

    def groups(self, lang: str) -> list[tuple[str, ...]]:
        """The groups of ``lang``, the help center's first (``pt-BR``'s, then ``pt``'s), then the built-in ones.

        ``[]`` for a language the synonyms were not loaded for.
        """
        return list(self._groups.get(lang, []))

    def matcher(self, lang: str) -> _Matcher:
        if lang not in self._matchers:
            self._matchers[lang] = _Matcher(self.groups(lang), PLURAL_ENDINGS.get(base(lang), _DEFAULT_ENDINGS))
        return self._matchers[lang]


def load_synonyms(content_dir: Path, languages: Iterable[str]) -> Synonyms:
    """The built-in groups plus ``content_dir/synonyms.yml`` (optional), for ``languages``.

    Raises :class:`ContentError` listing every problem in ``synonyms.yml``.
    """
    codes = list(languages)
    builtin = _builtin()
    user = _UserFile()
    path = Path(content_dir) / "synonyms.yml"
    if path.is_file():
        user = _read_user_file(path, codes, builtin)
    groups: dict[str, list[tuple[str, ...]]] = {}
    for code in codes:
        scopes = [base(code)] + ([code] if code != base(code) else [])
        removed = {word for scope in scopes for word in user.remove.get(scope, ())}
        keep = [] if user.disables(base(code)) else [
            g for g in builtin.get(base(code), []) if not removed.intersection(_folded(g))]
        groups[code] = [g for scope in reversed(scopes) for g in user.groups.get(scope, [])] + keep
    return Synonyms(groups)


def _builtin() -> dict[str, list[tuple[str, ...]]]:
    text = resources.files("generator").joinpath("data/synonyms.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar is text ("no", "on" too)
    return {code: [tuple(group) for group in groups] for code, groups in data.items()}


def _folded(group: Iterable[str]) -> set[str]:
    return {" ".join(_words(member)) for member in group}


# --------------------------------------------------------------------------- content/synonyms.yml

@dataclass
class _UserFile:
    groups: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    """code -> groups the help center adds."""
    remove: dict[str, set[str]] = field(default_factory=dict)
    """code -> folded words whose built-in groups are dropped."""
    disable: bool | frozenset[str] = False
    """``disable_defaults``: all languages (True) or these base codes."""

    def disables(self, code: str) -> bool:
        return self.disable is True or (isinstance(self.disable, frozenset) and code in self.disable)


def _read_user_file(path: Path, codes: list[str], builtin: dict[str, list[tuple[str, ...]]]) -> _UserFile:
    shown = display_path(path)
    root = compose_file(path, shown, ContentError)
    result = _UserFile()
    if root is None:
        return result
    problems: list[Problem] = []

    def bad(node: yaml.Node, message: str) -> None:
        problems.append(Problem(shown, node.start_mark.line + 1, message))

    if not isinstance(root, yaml.MappingNode):
        bad(root, "expected language codes with lists of synonym groups, like `en: [[refund, money back]]`")
        raise ContentError(problems=problems)
    suggestion = ", ".join(codes) if codes else "en, es, fr, de, pt"
    for key_node, value in root.value:
        key = str(key_node.value)
        if key == "disable_defaults":
            result.disable = _disable(value, bad)
        elif not isinstance(key_node, yaml.ScalarNode) or not language_ok(key):
            hint = suggest_language_code(key)
            hint = f" (did you mean {hint!r}?)" if hint else ""
            bad(key_node, f"unknown language code {key!r}{hint}; keys are language codes such as {suggestion}, "
                          "or disable_defaults")
        elif not isinstance(value, yaml.SequenceNode):
            bad(value, f"`{key}` must be a list of synonym groups, one per line, like `- [refund, money back]`")
        else:
            for item in value.value:
                _user_item(key, item, builtin, result, bad)
    if problems:
        raise ContentError(problems=problems)
    return result


def _disable(node: yaml.Node, bad) -> bool | frozenset[str]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
        return yaml.safe_load(node.value) is True
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        for n in node.value:
            if not language_ok(n.value):
                bad(n, f"disable_defaults: unknown language code {n.value!r}; use codes such as en, es, fr, de, pt")
        return frozenset(base(n.value) for n in node.value)
    bad(node, "disable_defaults must be true, false or a list of language codes, like [de, pt]")
    return False


def _user_item(code: str, item: yaml.Node, builtin: dict[str, list[tuple[str, ...]]], result: _UserFile,
               bad) -> None:
    if isinstance(item, yaml.MappingNode):
        for key_node, value in item.value:
            if key_node.value != "remove":
                bad(key_node, f"{code}: unknown key {key_node.value!r}; an item is a group {_EXAMPLE}, or "
                              "{remove: word} to drop the built-in groups that contain word")
            elif not isinstance(value, yaml.ScalarNode) or not value.value.strip():
                bad(value, f"{code}: remove takes one word or phrase, like {{remove: postage}}")
            else:
                word = " ".join(_words(value.value))
                if not any(word in _folded(g) for g in builtin.get(base(code), [])):
                    bad(value, f"{code}: no built-in group contains {value.value!r}, so there is nothing to remove; "
                               "the built-in groups are in generator/data/synonyms.yml")
                else:
                    result.remove.setdefault(code, set()).add(word)
        return
    if not isinstance(item, yaml.SequenceNode):
        bad(item, f"{code}: a synonym group must be a list of words or phrases, {_EXAMPLE}")
        return
    for member in item.value:
        if not isinstance(member, yaml.ScalarNode) or not _words(member.value):
            bad(member, f"{code}: a synonym group must be a list of words or phrases, {_EXAMPLE}")
            return
    members = list(dict.fromkeys(m.value.strip() for m in item.value))
    distinct = {" ".join(_words(m)) for m in members}
    if len(distinct) < 2:
        bad(item, f"{code}: a synonym group needs at least two different words or phrases, {_EXAMPLE}")
        return
    result.groups.setdefault(code, []).append(tuple(members))


# --------------------------------------------------------------------------- matching

def _words(text: str) -> list[str]:
    """Folded words: ``Where's my Rücksendung?`` -> ``['where', 's', 'my', 'rucksendung']``."""
    return _WORD.findall(fold(text))


class _Matcher:
    """Finds the groups whose members occur in a list of words."""

    def __init__(self, groups: Sequence[tuple[str, ...]], endings: tuple[str, ...]):
        self.groups = list(groups)
        self.endings = endings
        self.keys: list[list[str]] = []
        """Per group, per member: the folded phrase (how members are compared with each other)."""
        self.first: dict[str, list[tuple[int, int, list[frozenset[str]]]]] = {}
        """Any form of a phrase's first word -> (group, member, forms of each word)."""
        for g, group in enumerate(self.groups):
            self.keys.append([])
            for m, member in enumerate(group):
                words = _words(member)
                self.keys[g].append(" ".join(words))
                forms = [self._forms(w) for w in words]
                for form in forms[0]:
                    self.first.setdefault(form, []).append((g, m, forms))

    def _forms(self, word: str) -> frozenset[str]:
        """The word, its simple plurals, and its singular when it looks plural."""
        forms = {word, *(word + e for e in self.endings)}
        forms.update(word[: -len(e)] for e in self.endings if word.endswith(e) and len(word) - len(e) >= 3)
        return frozenset(forms)

    def find(self, words: list[str]) -> Iterable[tuple[int, int]]:
        """``(group, member)`` for every member phrase found, in order of appearance."""
        for i, word in enumerate(words):
            for g, m, forms in self.first.get(word, ()):
                if len(forms) <= len(words) - i and all(words[i + k] in forms[k] for k in range(1, len(forms))):
                    yield g, m


def synonym_terms(article: Article, synonyms: Synonyms, limit: int | None = MAX_TERMS) -> list[str]:
    """Hidden search terms for ``article``: the other members of every group it mentions.

    Groups found in the title come first, then the summary, tags, ``search_aliases`` and body
    (within one of them, in :meth:`Synonyms.groups` order: the help center's before the
    built-in ones); members the article already contains are left out; at most ``limit``
    terms (``None``: all of them).
    """
    matcher = synonyms.matcher(article.lang)
    if not matcher.groups:
        return []
    texts = [article.title, article.summary, *article.tags, *article.search_aliases, markdown_to_text(article.body)]
    mentioned: dict[int, None] = {}
    present: set[str] = set()
    for text in texts:
        found = set()
        for g, m in matcher.find(_words(str(text))):
            found.add(g)
            present.add(matcher.keys[g][m])
        mentioned.update(dict.fromkeys(sorted(found)))
    terms: list[str] = []
    for g in mentioned:
        for m, member in enumerate(matcher.groups[g]):
            key = matcher.keys[g][m]
            if key not in present:
                present.add(key)
                terms.append(member)
    if limit is not None and len(terms) > limit:
        log.debug("%s: %d synonym terms, keeping the first %d", article.source, len(terms), limit)
        del terms[limit:]
    return terms


def synonym_aliases(content: Content, synonyms: Synonyms,
                    limit: int | None = MAX_TERMS) -> dict[tuple[str, str], list[str]]:
    """``(lang, article id) -> terms`` for every article that gets some: ``Extras.search_terms``' shape."""
    aliases: dict[tuple[str, str], list[str]] = {}
    for code, language in content.languages.items():
        for article in language.articles:
            terms = synonym_terms(article, synonyms, limit)
            if terms:
                aliases[(code, article.id)] = terms
    return aliases
