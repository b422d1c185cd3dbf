"""The ordinary words of a language: pyspellchecker's word-frequency lists, folded.

Public API::

    words = ordinary_words("es")     # frozenset of folded words, or None when there is no list
    "devolucion" in words            # True: the list's "devolución", folded
    "hasnt" in words                 # (en) True: "hasn't" without its apostrophe

:mod:`generator.analysis.aliases` mines only ordinary words: a customer's surname, a street or a
rare first name is in no such list. The lists (en, es, fr, de, pt, it, nl, and ru, ar, lv, eu,
fa) come with the ``pyspellchecker`` package; each is read from the package the first time it is
asked for and kept for the process (a few tenths of a second and 10 to 80 MB per language).
Entries are folded like ticket words (:func:`generator.text.fold`: the lists hold ``envío``,
customers type ``envio``) and lose their apostrophes, as ticket words do when they are split
into words (``hasn't`` is ``hasnt``, ``aujourd'hui`` is ``aujourdhui``).
"""

from __future__ import annotations

from functools import lru_cache

from generator.text import fold


@lru_cache(maxsize=None)
def word_list_languages() -> frozenset[str]:
    """The languages pyspellchecker has a list for."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker.languages())


@lru_cache(maxsize=None)
def ordinary_words(lang: str) -> frozenset[str] | None:
    """The folded words of ``lang``'s list (``pt-BR`` uses ``pt``); None for a language without one."""
    from spellchecker import SpellChecker

    base = lang.split("-")[0].lower()
    if base not in word_list_languages():
        return None
    keys = SpellChecker(language=base, distance=1).word_frequency.keys()
    # One fold of the whole list: its entries hold no newline.
    return frozenset(fold("\n".join(keys)).replace("'", "").replace("’", "").split("\n"))
