"""Greetings and sign-offs cut from a ticket's text, with the names they carry (pure).

Public API::

    strip_salutations("Hi Siobhan, how do I return a rug?", "en")   # "how do I return a rug?"
    strip_salutations("Where is my order? Thanks, John Smith", "en")  # "Where is my order?"

Customers greet the agent by name ("Hi Siobhan,", "Hola Pedro,", "Dear Mr Smith,") and sign with
their own ("Thanks, John Smith", "Cordialement, Julien", "Viele Grüße, Anna"). Neither is the
question, and both are names: :mod:`generator.analysis.rank` cuts them from the text it takes
examples and vocabulary (mined search aliases) from.

* A **greeting** is cut at the start of the text: the greeting word or phrase (:data:`GREETINGS`),
  then whom it addresses: honorifics (:data:`HONORIFICS`) and up to three capitalised names that
  are not stop words ("Hi Siobhan how do I..." loses "Hi Siobhan"), or one or two other words
  closed by ``,`` ``!`` or ``:`` ("hi siobhan, ...", "Dear customer service, ..."), and the
  punctuation after it. Words that only open a letter (``dear``, ``estimado``, ``cher``,
  ``liebe``, ``beste``...: :data:`ADDRESSING`) are cut only with their addressee. Real content
  stays: "Hi, where is my order?" keeps "where is my order?".
* A **sign-off** is cut at the end of the text: a sign-off phrase (:data:`SIGNOFFS`) at the start
  of the text, of a line or after ``. ! ? , ; :``, followed only by punctuation and a signature:
  one word, or up to four capitalised words, honorifics and redaction placeholders (``[phone]``)
  over at most three lines. "Thanks for the quick reply, but..." is not a sign-off.

The phrases of the ticket's language are used, and English's (customers mix them in); for a
ticket whose language is unknown (``und``) every language's. Accents and case don't matter
("buenos dias", "Buenos días").
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang import has_stopwords, stopwords_for_language

from generator.text import REQUEST_WORDS, fold

#: Greetings that may stand alone ("Hi, ...", "Hola ..."), folded; " | " separates phrases.
GREETINGS: dict[str, str] = {
    "en": "hi | hello | hey | hiya | howdy | greetings | good morning | good afternoon | good evening | good day | "
          "hi there | hello there | hey there | hi all | hello all | hi again | hello again | hi everyone | "
          "hello everyone | to whom it may concern | dear sir or madam | dear sir/madam | dear sirs",
    "es": "hola | buenas | buenos dias | buenas tardes | buenas noches | hola a todos | hola de nuevo | "
          "estimados senores | muy senores mios",
    "fr": "bonjour | bonsoir | salut | coucou | bonjour a tous | madame, monsieur | madame monsieur | "
          "madame | monsieur | messieurs | rebonjour",
    "de": "hallo | hi | hey | moin | servus | gruss gott | guten tag | guten morgen | guten abend | "
          "hallo zusammen | hallo alle | sehr geehrte damen und herren",
    "pt": "ola | oi | bom dia | boa tarde | boa noite | ola a todos | prezados senhores | exmos senhores",
    "it": "ciao | salve | buongiorno | buonasera | buon pomeriggio | ciao a tutti | gentili signori",
    "nl": "hallo | hoi | hey | goedemorgen | goedemiddag | goedenavond | hallo allemaal | "
          "geachte heer/mevrouw | geachte heer, mevrouw",
}

#: Words that open a letter but only with an addressee ("Dear Anna,"): alone they may be content.
ADDRESSING: dict[str, str] = {
    "en": "dear | my dear",
    "es": "estimado | estimada | estimados | estimadas | querido | querida | apreciado | apreciada",
    "fr": "cher | chere | chers | cheres",
    "de": "liebe | lieber | liebes | sehr geehrte | sehr geehrter",
    "pt": "caro | cara | caros | prezado | prezada | prezados | querido | querida",
    "it": "caro | cara | cari | gentile | gentilissimo | gentilissima | egregio | egregia",
    "nl": "beste | geachte | lieve | dag",
}

#: Sign-offs, folded; " | " separates phrases.
SIGNOFFS: dict[str, str] = {
    "en": "thanks | thank you | thanks a lot | thanks so much | thank you so much | many thanks | thanks again | "
          "thanks in advance | thank you in advance | thx | cheers | regards | best regards | kind regards | "
          "warm regards | kindest regards | best wishes | all the best | best | sincerely | yours sincerely | "
          "yours faithfully | yours truly | respectfully | br",
    "es": "gracias | muchas gracias | mil gracias | gracias de antemano | saludos | un saludo | saludos cordiales | "
          "atentamente | cordialmente | un abrazo | abrazos | besos | quedo atento | quedo atenta",
    "fr": "merci | merci beaucoup | merci d'avance | merci par avance | merci encore | cordialement | "
          "bien cordialement | bien a vous | salutations | sinceres salutations | meilleures salutations | "
          "bonne journee | bonne soiree | belle journee | a bientot | amicalement | bises",
    "de": "danke | vielen dank | danke schon | dankeschon | besten dank | gruss | grusse | viele grusse | "
          "liebe grusse | beste grusse | freundliche grusse | herzliche grusse | schone grusse | "
          "mit freundlichen grussen | mit freundlichem gruss | viele gruesse | liebe gruesse | "
          "mit freundlichen gruessen | mfg | lg | vg | bis bald | tschuss",
    "pt": "obrigado | obrigada | muito obrigado | muito obrigada | atenciosamente | cumprimentos | "
          "melhores cumprimentos | com os melhores cumprimentos | abraco | abracos | um abraco | beijos | "
          "saudacoes | grato | grata",
    "it": "grazie | grazie mille | grazie in anticipo | saluti | cordiali saluti | distinti saluti | un saluto | "
          "a presto | buona giornata",
    "nl": "bedankt | dank je | dank u | dank je wel | dank u wel | alvast bedankt | groeten | groetjes | "
          "met vriendelijke groet | met vriendelijke groeten | vriendelijke groet | hartelijke groet | mvg",
}

#: Titles before a name, folded, without their dot ("Mr.", "Sra.", "Mme").
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir madam madame sr sra srta senor senora senorita don dona dra "
    "monsieur mademoiselle m mme mlle herr frau fr hr senhor senhora sig signor signora signorina dott "
    "dottor dottoressa meneer mevrouw mevr dhr".split())

_LOOSE = {"a": "[aàáâäã]", "e": "[eèéêë]", "i": "[iìíîï]", "o": "[oòóôöõ]", "u": "[uùúûü]", "c": "[cç]",
          "n": "[nñ]", "'": "['’]", " ": r"\s+", "/": r"\s*/\s*", ",": r"\s*,"}
#: A word of an addressee, on the same line.
_WORD = re.compile(r"[ \t]*([^\W\d_]+(?:['’-][^\W\d_]+)*\.?)")
#: What may follow a greeting: punctuation (a dash only before a space: "Hi-fi" is no greeting).
_PUNCTUATION = re.compile(r"[ \t]*(?:[,!:;.]+|[-–—]+(?=\s))")
_CLOSING = re.compile(r"[ \t]*[,!:]")
_TAIL_TOKEN = re.compile(r"\[[a-z]+\]|[^\W\d_]+(?:['’-][^\W\d_]+)*\.?|[^\s,.;:!\-–—…]+")
_MAX_NAMES = 3
_MAX_SIGNATURE = 4


def _loose(phrase: str) -> str:
    """A folded phrase as a pattern that matches it with or without accents (``ss`` also as ``ß``)."""
    return "".join(_LOOSE.get(c, re.escape(c)) for c in phrase).replace("ss", "(?:ss|ß)")


def _phrases(table: dict[str, str], lang: str) -> list[str]:
    langs = list(table) if lang not in table else [lang, "en"]
    found = {p.strip() for code in langs for p in table.get(code, "").split(" | ") if p.strip()}
    return sorted(found, key=lambda p: (-len(p), p))   # longest first: "hi there" before "hi"


@lru_cache(maxsize=64)
def _patterns(lang: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, frozenset[str]]:
    """(greeting, addressing word, sign-off) patterns and the words that are never names, for a language."""
    def alternation(table: dict[str, str]) -> str:
        return "|".join(_loose(p) for p in _phrases(table, lang))

    after = r"(?=[\s,!:;.]|[-–—]\s|$)"   # "Hi-fi" is no greeting
    greeting = re.compile(rf"\s*(?:{alternation(GREETINGS)}){after}", re.IGNORECASE)
    addressing = re.compile(rf"\s*(?:{alternation(ADDRESSING)}){after}", re.IGNORECASE)
    signoff = re.compile(rf"(?<![^\W_])(?:{alternation(SIGNOFFS)})(?![^\W_])", re.IGNORECASE)
    codes = list(GREETINGS) if lang not in GREETINGS else [lang, "en"]
    plain = set().union(*(stopwords_for_language(c) for c in codes if has_stopwords(c)))
    plain |= set().union(*(REQUEST_WORDS.get(c, ()) for c in codes))
    return greeting, addressing, signoff, frozenset(fold(w) for w in plain)


def strip_salutations(text: str, lang: str) -> str:
    """``text`` without its opening greeting and closing sign-off (see the module docstring)."""
    if not text:
        return text
    greeting, addressing, signoff, plain = _patterns(lang)
    for _ in range(3):   # "Hello, good morning, ..." / "Thanks, best regards, John"
        stripped = _strip_signoff(_strip_greeting(text, greeting, addressing, plain), signoff, plain)
        if stripped == text:
            break
        text = stripped
    return text


def _is_name(word: str, plain: frozenset[str]) -> bool:
    """A capitalised word that is not a stop or request word ("Siobhan", not "Where" or "Please")."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper()) and fold(word.rstrip(".")) not in plain


def _addressee(rest: str, plain: frozenset[str]) -> int:
    """Length of the addressee at the start of ``rest`` ("Mr Smith", "Siobhan"), 0 if there is none."""
    end, names = 0, 0
    while names < _MAX_NAMES:
        m = _WORD.match(rest, end)
        if m is None:
            break
        word = m.group(1)
        if fold(word.rstrip(".")) in HONORIFICS and word[:1].isupper():
            end = m.end()
        elif _is_name(word, plain):
            end, names = m.end(), names + 1
        else:
            break
    if end:
        return end
    # One or two other words closed by "," "!" or ":" ("hi siobhan,", "Dear customer service,").
    for _ in range(2):
        m = _WORD.match(rest, end)
        if m is None or fold(m.group(1).rstrip(".")) in plain:
            return 0
        end = m.end()
        if _CLOSING.match(rest, end):
            return end
    return 0


def _strip_greeting(text: str, greeting: re.Pattern, addressing: re.Pattern, plain: frozenset[str]) -> str:
    m = greeting.match(text)
    needs_addressee = m is None
    if m is None:
        m = addressing.match(text)
        if m is None:
            return text
    rest = text[m.end():]
    punctuation = _PUNCTUATION.match(rest)
    if punctuation:
        if needs_addressee:
            return text
        rest = rest[punctuation.end():]
        # "Hi, Siobhan, where..." : a name after the punctuation goes too when punctuation closes it.
        end = _addressee(rest, plain)
        if end and _CLOSING.match(rest, end):
            rest = rest[end:]
        else:
            return rest.lstrip()
    else:
        end = _addressee(rest, plain)
        if not end and needs_addressee:
            return text
        rest = rest[end:]
    punctuation = _PUNCTUATION.match(rest)
    return (rest[punctuation.end():] if punctuation else rest).lstrip()


def _is_signature(tail: str, plain: frozenset[str]) -> bool:
    """Is ``tail`` (what follows a sign-off) only punctuation and a signature? (see the module docstring)"""
    if "?" in tail or tail.count("\n") > 3:
        return False
    words = [t for t in _TAIL_TOKEN.findall(tail) if not t.startswith("[")]
    if len(words) == 1 and words[0][:1].isalpha() and fold(words[0].rstrip(".")) not in plain:
        return True
    return len(words) <= _MAX_SIGNATURE and all(fold(w.rstrip(".")) in HONORIFICS or _is_name(w, plain)
                                               for w in words)


def _strip_signoff(text: str, signoff: re.Pattern, plain: frozenset[str]) -> str:
    for m in signoff.finditer(text):
        before, tail = text[:m.start()].rstrip(" \t"), text[m.end():]
        if not _is_signature(tail, plain):
            continue
        # At a boundary, or after a plain space when a name follows ("...my order thanks John", not "...say thanks").
        if not before or before[-1] in ".!?,;:\n" or any(_is_name(w, plain) for w in _TAIL_TOKEN.findall(tail)):
            return before.rstrip(" \t\n,;:-–—")
    return text
