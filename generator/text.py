"""Text facts shared by every layer: accent folding, Markdown to plain text, request words, ``und``.

Each is defined here once, so the classifier, the ranking, the Whoosh index, the synonyms
and the reports compare text the same way.
"""

from __future__ import annotations

import re
import unicodedata

#: The language code of text whose language could not be told (BCP 47 "undetermined").
UNDETERMINED = "und"

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S.*$", re.MULTILINE)
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`>#|~]+")

#: How customers ask, not what they ask about: dropped with the stop words, so "can you help me
#: check the status" weighs only "status". Folded.
REQUEST_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "help check see want wanted know need needed would like could tell information info assistance assist "
          "question questions wondering trying try let please pls thanks thank hello hi hey dear regards ask "
          "asking show look looking possible also ok okay wanna gotta guys",
    "es": "ayuda ayudar ayudame quiero queria quisiera necesito saber ver consultar informacion pregunta hola "
          "buenas buenos dias gracias favor podeis podrian puedo gustaria",
    "fr": "aide aider voudrais veux voulais besoin savoir voir information informations question bonjour salut "
          "merci svp pouvez pourriez possible souhaite souhaiterais",
    "de": "hilfe helfen mochte moechte brauche wissen sehen information frage hallo danke bitte konnen koennen "
          "gerne",
    "pt": "ajuda ajudar quero queria gostaria preciso saber ver informacao pergunta ola obrigado obrigada favor "
          "podem poderiam",
}.items()}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents (``Envío`` -> ``envio``, ``ß`` -> ``ss``)."""
    text = text.casefold()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _plain(markdown: str) -> str:
    """Link and image text kept, their targets, reference definitions, HTML tags and markup dropped."""
    return _MARKUP.sub(lambda m: m.group(1) or " ", _REFERENCE.sub(" ", markdown))


def markdown_to_text(markdown: str) -> str:
    """The words a reader sees in a Markdown body, headings included, in order."""
    return _plain(markdown)


def split_markdown(markdown: str) -> tuple[str, str]:
    """``(headings, plain text of everything else)`` of a Markdown body."""
    headings = " ".join(_HEADING.findall(markdown))
    return headings, _plain(_HEADING.sub(" ", markdown))
