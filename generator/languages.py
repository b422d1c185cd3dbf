"""Language codes helpcenter knows: native names, and what Material and lunr support.

Pure data, no IO. A content folder must be named by one of these codes.
"""

from __future__ import annotations

#: code -> native name, shown in the language switcher and the root chooser.
NATIVE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "العربية", "bg": "Български", "ca": "Català", "cs": "Čeština",
    "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά", "en": "English", "es": "Español",
    "et": "Eesti", "eu": "Euskara", "fa": "فارسی", "fi": "Suomi", "fr": "Français",
    "gl": "Galego", "he": "עברית", "hi": "हिन्दी", "hr": "Hrvatski", "hu": "Magyar",
    "id": "Bahasa Indonesia", "is": "Íslenska", "it": "Italiano", "ja": "日本語", "ko": "한국어",
    "lt": "Lietuvių", "lv": "Latviešu", "nb": "Norsk bokmål", "nl": "Nederlands", "nn": "Norsk nynorsk",
    "pl": "Polski", "pt": "Português", "pt-BR": "Português (Brasil)", "ro": "Română", "ru": "Русский",
    "sk": "Slovenčina", "sl": "Slovenščina", "sr": "Српски", "sv": "Svenska", "th": "ไทย",
    "tr": "Türkçe", "uk": "Українська", "vi": "Tiếng Việt", "zh": "中文", "zh-TW": "中文（台灣）",
}

#: Languages Material's bundled lunr-languages can stem (``lunr.<code>.min.js``); ``en`` is built in.
LUNR_LANGUAGES = frozenset({
    "ar", "da", "de", "du", "el", "en", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja", "kn",
    "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi", "zh",
})


def is_known(code: str) -> bool:
    """True when ``code`` names a language we have a name and a Material locale for."""
    return code in NATIVE_NAMES


def base(code: str) -> str:
    """``pt-BR`` -> ``pt``."""
    return code.split("-", 1)[0]


def lunr_language(code: str) -> str | None:
    """The lunr stemmer to use for ``code``, or None when lunr has none."""
    b = base(code)
    if b == "nb" or b == "nn":
        return "no"
    return b if b in LUNR_LANGUAGES else None


def material_language(code: str) -> str:
    """Material's locale for ``code`` (it ships ``pt-BR`` and ``zh-TW`` as their own)."""
    return code if code in ("pt-BR", "zh-TW") else base(code)
