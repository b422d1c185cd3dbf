"""Redaction of personal data in ticket text: pure functions, no IO.

Readers call a :class:`Redactor` on every subject and body *before* a ticket leaves
:mod:`generator.tickets`, so nothing downstream (classification, ranking, reports) ever
sees raw customer data. Matches are replaced with typed placeholders:

``[email]``
    e-mail addresses, international ones too (``josé@correo.es``, ``user@bücher.de``).
``[iban]``
    IBANs that pass their mod-97 check and have their country's length, with or without
    spaces (``ES91 2100 0418 4502 0005 1332``, ``DE89370400440532013000``).
``[id]``
    Spanish DNI and NIE numbers whose check letter is right (``12345678Z``, ``X1234567L``).
``[order]``
    order numbers: ``#12345``, ``#LL-314325``, ``order 12345``, ``order no. 12345``,
    ``order #AB12345``, ``pedido 12345``, ``commande n° 12345``, ``Bestellung 12345``,
    ``encomenda 12345``... The word before the number is kept (``pedido [order]``), a ``#``
    is not (``order #12345`` -> ``order [order]``). The pattern is configurable: pass
    ``order_pattern`` (a regex whose *last* group is the number).
``[card]``
    payment card numbers: 13 to 19 digits, optionally grouped with spaces or dashes,
    that pass the Luhn check (so a 16-digit tracking or invoice number survives).
``[phone]``
    phone numbers in international (``+34 612 345 678``, ``+44 (0)20 7946 0958``,
    ``0044 20 7946 0958``) and common local formats (``(555) 123-4567``, ``555 123 4567``,
    ``1-800-555-0199``, ``020 7946 0958``, ``06 12 34 56 78``, ``0171 1234567``,
    ``612 345 678``, ``612345678``).
``[number]``
    whatever still holds a run of six or more digits (the whole word: a tracking number,
    an account or customer number, ``1Z999AA10123456784``).

Years (``2024``), prices (``€49.99``, ``1.299,00 €``), dates (``01/03/2024``), sizes
(``140x200 cm``), times and SKUs (``SKU-AB12-3456``) are kept. Order matters: e-mails,
IBANs, ids, order numbers, cards, phones, then long numbers.

Redaction runs on every text of every export, so it is built to be cheap: one scan finds
the digit runs, and each pattern runs only when the runs could hold what it looks for
(no digits: nothing but the e-mail check; no run of four: no order numbers...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = "[email]"
PHONE = "[phone]"
CARD = "[card]"
ORDER = "[order]"
IBAN = "[iban]"
ID = "[id]"
NUMBER = "[number]"
#: Any of the placeholders above, as they stand in redacted text.
REDACTED = re.compile("|".join(re.escape(p) for p in (EMAIL, PHONE, CARD, ORDER, IBAN, ID, NUMBER)))
#: Template placeholders some exports keep (``{{Order Number}}``): not the customer's words either.
TEMPLATE = re.compile(r"\{\{[^}]*\}\}")

#: An e-mail address (international ones too). :func:`_emails` finds them from each ``@``, which is cheaper.
EMAIL_RE = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.(?:[^\W\d_]{2,}|[xX][nN]--[\w-]+)")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:[^\W\d_]{2,}|[xX][nN]--[\w-]+)")
_LOCAL = frozenset(".!#$%&'*+/=?^`{|}~-_")  # besides letters and digits (RFC 5322 atext)

#: The words shoppers put before an order number, in en, es, fr, de, pt (and it, nl).
ORDER_WORDS = (
    r"orders?|order\s+number|purchase|pedidos?|n[uú]mero\s+de\s+pedido|commandes?|"
    r"num[eé]ro\s+de\s+commande|bestellung|bestellnummer|auftrag|encomendas?|"
    r"n[uú]mero\s+da\s+encomenda|ordine|bestelling"
)
#: Default order-number pattern. The last group is the number (with its ``#``) that gets replaced.
DEFAULT_ORDER_PATTERN = (
    r"(?i)(?:(\b(?:" + ORDER_WORDS + r")\b\s*(?:(?:no|nr|num|n[°º])\.?\s*|number\s*(?:is\s+)?|:\s*|"
    r"(?:is|es|est|ist|é)\s+)?)"
    r"(#?\s?[A-Z]{0,3}-?[0-9]{4,12}\b)"
    r"|(?<![\w&])(#\s?[A-Z]{0,3}-?[0-9]{4,12})\b)"
)

_DIGIT_RUN = re.compile(r"[0-9]+")
#: 13 or more digits, single spaces or dashes between them; which of them form a card is decided in Python.
_CARD_RE = re.compile(r"[0-9](?<![0-9]{2})(?:[ -]?[0-9]){12,}")
_SEPARATOR = re.compile(r"[ -]")
#: DNI (8 digits) or NIE (X, Y or Z, 7 digits), then the check letter. Written to start with a character
#: class (the lookbehinds come after it) so the regex engine skips ahead quickly.
_DNI_RE = re.compile(r"[XYZxyz0-9](?<![\w-][XYZxyz0-9])(?:(?<=[XYZxyz])[ -]?[0-9])?[0-9]{6,7}[ -]?[A-Za-z](?!\w)")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
#: Runs of digits an order number can be (the default pattern's ``[0-9]{4,12}\b``).
_ORDER_DIGITS = re.compile(r"[0-9](?<![0-9]{2})[0-9]{3,11}(?![0-9])")
#: How far before its digits an order number's words may start.
ORDER_WINDOW = 64
_SIX_DIGITS = re.compile(r"[0-9]{6,}")
_WORD_REST = re.compile(r"[\w-]*")

_PHONE_RE = re.compile(
    r"""(?=[+(0-9])(?<![\w+.,/-])(?:
        (?:\+|00)[0-9]{1,3}[\s.-]?(?:\(0\)\s?)?(?:\(?[0-9]{1,4}\)?[\s.-]?){1,4}[0-9]{2,4}  # +34 612 345 678, 0044 20 7946 0958
      | 1[\s.-]?(?:\([0-9]{3}\)|[0-9]{3})[\s.-]?[0-9]{3}[\s.-][0-9]{4}                 # 1-800-555-0199
      | \([0-9]{3}\)\s?[0-9]{3}[\s.-][0-9]{4}                                       # (555) 123-4567
      | [0-9]{3}[\s.-][0-9]{3}[\s.-][0-9]{4}                                        # 555-123-4567, 555 123 4567
      | 0[0-9](?:[\s.-][0-9]{2}){4}                                                # 06 12 34 56 78
      | 0[0-9]{2,4}[\s.-][0-9]{3,4}[\s.-][0-9]{3,4}                                 # 020 7946 0958
      | 0[0-9]{2,4}[\s/-][0-9]{5,8}                                                # 0171 1234567, 030/1234567
      | 0[0-9]{9,10}                                                              # 0612345678, 01711234567
      | [6789][0-9]{2}\s[0-9]{3}\s[0-9]{3}                                          # 612 345 678
      | [6789][0-9]{2}\s[0-9]{2}\s[0-9]{2}\s[0-9]{2}                                 # 912 34 56 78
      | [6789][0-9]{8}                                                            # 612345678
    )(?![\w,]|\.[0-9]|/[0-9])""",
    re.VERBOSE,
)

#: IBAN length per country (SWIFT IBAN registry).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25,
    "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "SO": 23, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn checksum used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_card(digits: str) -> bool:
    """True for 13 to 19 digits that could be a payment card: Luhn-valid, not starting with 0, not one repeated digit."""
    return 13 <= len(digits) <= 19 and digits[0] != "0" and len(set(digits)) > 1 and luhn_ok(digits)


def _card(match: re.Match) -> str:
    text = match.group(0)
    pieces = _SEPARATOR.split(text)
    if len(pieces) == 1:
        return CARD if is_card(text) else text
    if is_card("".join(pieces)):
        return CARD
    return _card_groups(pieces, _SEPARATOR.findall(text))


def _card_groups(groups: list[str], separators: list[str]) -> str:
    """Grouped digits (``4111 1111 1111 1111 7``) whose card is a run of whole groups, not all of them."""
    out: list[str] = []
    i = 0
    while i < len(groups):
        total, last = 0, -1
        for j in range(i, len(groups)):
            total += len(groups[j])
            if total > 19:
                break
            if total >= 13 and is_card("".join(groups[i:j + 1])):
                last = j
        if last >= 0:
            out.append(CARD)
            i = last + 1
        else:
            out.append(groups[i])
            i += 1
        if i < len(groups):
            out.append(separators[i - 1])
    return "".join(out)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    most = 17 if text.startswith("00") else 15  # 00 is the international prefix, not part of the number
    return PHONE if 8 <= digits <= most else text


def _dni(match: re.Match) -> str:
    """A DNI (8 digits) or NIE (X, Y or Z and 7 digits) whose check letter is right."""
    text = match.group(0)
    compact = text.replace(" ", "").replace("-", "").upper()
    body, letter = compact[:-1], compact[-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
        if len(body) != 8:
            return text
    elif len(body) != 8:
        return text
    return ID if _DNI_LETTERS[int(body) % 23] == letter else text


def _emails(text: str) -> str:
    """``text`` with e-mail addresses replaced; works outwards from each ``@`` (same matches as :data:`EMAIL_RE`)."""
    out: list[str] = []
    last, at = 0, text.find("@")
    while at >= 0:
        start = at
        while start > last and (text[start - 1].isalnum() or text[start - 1] in _LOCAL):
            start -= 1
        domain = _DOMAIN.match(text, at + 1) if start < at else None
        if domain is None:
            at = text.find("@", at + 1)
            continue
        out += (text[last:start], EMAIL)
        last = domain.end()
        at = text.find("@", last)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _long_numbers(text: str) -> str:
    """Every word (letters, digits, ``_``, ``-``) holding a run of six or more digits -> ``[number]``."""
    out: list[str] = []
    last = 0
    for match in _SIX_DIGITS.finditer(text):
        start, end = match.span()
        if start < last:
            continue
        while start > last and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1
        out += (text[last:start], NUMBER)
        last = _WORD_REST.match(text, end).end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _order_windows(text: str) -> list[tuple[int, int]]:
    """Disjoint spans of ``text`` that hold every possible order number: each run of 4 to 12 digits, with the
    :data:`ORDER_WINDOW` characters before it (for the words) and the one after it (for the word boundary)."""
    windows: list[tuple[int, int]] = []
    for match in _ORDER_DIGITS.finditer(text):
        begin, end = max(0, match.start() - ORDER_WINDOW), min(len(text), match.end() + 1)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((begin, end))
    return windows


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def iban_ok(compact: str) -> bool:
    """True when ``compact`` (no spaces) has its country's IBAN length and passes the mod-97 check."""
    if IBAN_LENGTHS.get(compact[:2].upper()) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _iban_end(text: str, begin: int) -> int:
    """Where the IBAN starting at ``begin`` ends (spaces allowed between its characters), or -1."""
    length = IBAN_LENGTHS.get(text[begin:begin + 2].upper())
    if not length or (begin and text[begin - 1] in _LETTERS):  # a digit before is fine: "[card]ES91..." is too
        return -1
    compact: list[str] = []
    i, n = begin, len(text)
    while len(compact) < length and i < n:
        if text[i] in _ALNUM:
            compact.append(text[i])
        elif not (text[i] == " " and len(compact) >= 4 and i + 1 < n and text[i + 1] in _ALNUM):
            break
        i += 1
    if i < n and text[i] in _ALNUM:
        return -1
    return i if iban_ok("".join(compact)) else -1


def _ibans(text: str, starts: list[int]) -> str:
    """``text`` with the IBANs beginning two letters before each of ``starts`` (digit runs) replaced."""
    out: list[str] = []
    last = 0
    for start in starts:
        begin = start - 2
        if begin < last:
            continue
        end = _iban_end(text, begin)
        if end > 0:
            out += (text[last:begin], IBAN)
            last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _digit_runs(text: str) -> tuple[int, int, list[int]]:
    """(digits in all, the longest run, where runs that could start an IBAN's check digits begin)."""
    total = longest = 0
    iban_starts: list[int] = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        size = end - start
        total += size
        if size > longest:
            longest = size
        if size >= 2 and start >= 2 and text[start - 1] in _LETTERS and text[start - 2] in _LETTERS:
            iban_starts.append(start)
    return total, longest, iban_starts


@dataclass(frozen=True)
class Redactor:
    """Replaces personal data with typed placeholders. Call it on any text.

    ``order_pattern`` replaces :data:`DEFAULT_ORDER_PATTERN`; its groups before the
    last one are kept as they are, the last group (the number) becomes ``[order]``.
    """

    order_pattern: str = DEFAULT_ORDER_PATTERN
    _order_re: re.Pattern = field(init=False, repr=False, compare=False)
    _order_run: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_order_re", re.compile(self.order_pattern))
        # The default pattern needs a run of four digits; a custom one runs whenever there is a digit.
        object.__setattr__(self, "_order_run", 4 if self.order_pattern == DEFAULT_ORDER_PATTERN else 1)

    def _order(self, match: re.Match) -> str:
        groups = match.groups()
        for index in range(len(groups) - 1, -1, -1):
            if groups[index] is not None:
                start = match.start(index + 1) - match.start(0)
                return match.group(0)[:start] + ORDER
        return ORDER

    def _orders(self, text: str) -> str:
        """``text`` with order numbers replaced; the default pattern is only tried near runs of digits."""
        if self._order_run == 1:
            return self._order_re.sub(self._order, text)
        out: list[str] = []
        last = 0
        for begin, end in _order_windows(text):
            for match in self._order_re.finditer(text, begin, end):
                out += (text[last:match.start()], self._order(match))
                last = match.end()
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def __call__(self, text: str) -> str:
        """``text`` with e-mails, IBANs, ids, order numbers, cards, phones and long numbers replaced.

        A replacement can change what an earlier pattern sees (``0000 0000 0000 0000 000000`` is
        too many digits for a phone until the last group is a ``[number]``), so passes repeat until
        one changes nothing: redacting redacted text changes nothing. Each pass that changes the
        text removes digits or an ``@``, so this ends, nearly always after the second pass.
        """
        while True:
            redacted = self._once(text)
            if redacted == text:
                return text
            text = redacted

    def _once(self, text: str) -> str:
        if not text:
            return text
        if "@" in text:
            text = _emails(text)
        total, longest, iban_starts = _digit_runs(text)
        if not total:
            return text
        # Each pattern runs only when the digits could hold a match (replacing only removes digits).
        if iban_starts:
            text = _ibans(text, iban_starts)
        if longest >= 7:
            text = _DNI_RE.sub(_dni, text)
        if longest >= self._order_run:
            text = self._orders(text)
        if total >= 13:
            text = _CARD_RE.sub(_card, text)
        if total >= 8:
            text = _PHONE_RE.sub(_phone, text)
        if longest >= 6:
            text = _long_numbers(text)
        return text


#: The redactor readers use when none is given.
DEFAULT = Redactor()


def redact(text: str) -> str:
    """Redact ``text`` with the default patterns (see the module docstring)."""
    return DEFAULT(text)
