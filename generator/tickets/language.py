"""Ticket language: normalise the export's own field, else detect it (pure, cached model).

``normalise("es-ES") == "es"``, ``normalise("Spanish") == "es"``, ``normalise("français") == "fr"``.
Detection uses py3langid restricted to :data:`DETECT_LANGUAGES`; texts shorter than
:data:`MIN_CHARS` letters, or with a normalised probability below :data:`MIN_CONFIDENCE`,
are ``"und"`` (undetermined) rather than a guess. Measured in ``benchmarks/README.md``.
"""

from __future__ import annotations

import functools

from generator.text import UNDETERMINED, fold

#: Languages detection may answer; a shop's tickets are nearly always in one of these.
DETECT_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "nl")
MIN_CHARS = 12
MIN_CONFIDENCE = 0.50
#: Only the start of a long body is looked at: it is enough, and keeps detection cheap.
MAX_CHARS = 400
#: Samples a detector remembers the answer for (then it starts over): exports repeat their texts.
MEMO_ENTRIES = 100_000

_NAMES = {
    "english": "en", "ingles": "en", "anglais": "en", "englisch": "en",
    "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es", "spanisch": "es", "espanhol": "es",
    "french": "fr", "francais": "fr", "frances": "fr", "franzosisch": "fr", "frances (france)": "fr",
    "german": "de", "deutsch": "de", "aleman": "de", "allemand": "de", "alemao": "de",
    "portuguese": "pt", "portugues": "pt", "portugais": "pt", "portugiesisch": "pt",
    "italian": "it", "italiano": "it", "italien": "it", "dutch": "nl", "nederlands": "nl",
}


@functools.lru_cache(maxsize=512)
def normalise(value: str) -> str:
    """A language field from an export as a base code (``es-ES`` -> ``es``); ``und`` if unknown."""
    text = " ".join(fold(value).split())  # folding can leave only spaces: "´" is a space and an accent
    if not text:
        return UNDETERMINED
    if text in _NAMES:
        return _NAMES[text]
    code = text.replace("_", "-").split("-", 1)[0]
    if len(code) == 2 and code.isalpha():
        return code
    if code in _NAMES:
        return _NAMES[code]
    first = text.split(maxsplit=1)[0].strip("(),")
    return _NAMES.get(first, UNDETERMINED)


class LanguageDetector:
    """py3langid, loaded once, restricted to ``languages``."""

    def __init__(self, languages: tuple[str, ...] = DETECT_LANGUAGES, min_confidence: float = MIN_CONFIDENCE):
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(list(languages))
        self.languages = languages
        self.min_confidence = min_confidence
        self._memo: dict[str, str] = {}

    def detect(self, text: str) -> str:
        """The language of ``text``, or ``und`` when it is too short or unclear (remembered per sample)."""
        sample = text[:MAX_CHARS]
        code = self._memo.get(sample)
        if code is None:
            code = self._detect(sample)
            if len(self._memo) >= MEMO_ENTRIES:
                self._memo.clear()
            self._memo[sample] = code
        return code

    def _detect(self, sample: str) -> str:
        if sum(c.isalpha() for c in sample) < MIN_CHARS:
            return UNDETERMINED
        code, probability = self._identifier.classify(sample)
        return code if probability >= self.min_confidence else UNDETERMINED

    def __call__(self, text: str) -> str:
        return self.detect(text)


@functools.lru_cache(maxsize=1)
def default_detector() -> LanguageDetector:
    """One shared detector (loading the model takes ~0.3 s)."""
    return LanguageDetector()
