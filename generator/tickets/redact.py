"""Redaction of personal data in ticket text: pure functions, no IO.

Readers call a :class:`Redactor` on every subject and body *before* a ticket leaves
:mod:`generator.tickets`, so nothing downstream (classification, ranking, reports) ever
sees raw customer data. Matches are replaced with typed placeholders:

``[email]``
    e-mail addresses.
``[card]``
    payment card numbers: 13 to 19 digits, optionally grouped with spaces or dashes,
    that pass the Luhn check (so a 16-digit tracking or invoice number survives).
``[order]``
    order numbers: ``#12345``, ``order 12345``, ``order no. 12345``, ``pedido 12345``,
    ``commande n° 12345``, ``Bestellung 12345``, ``encomenda 12345``... The word before the
    number is kept (``pedido [order]``) so the text still reads naturally. The pattern is
    configurable: pass ``order_pattern`` (a regex whose *last* group is the number).
``[phone]``
    phone numbers in international (``+34 612 345 678``, ``+44 (0)20 7946 0958``) and
    common local formats (``(555) 123-4567``, ``555-123-4567``, ``06 12 34 56 78``,
    ``0171 1234567``, ``612 345 678``).

The patterns are anchored on digit boundaries and shaped after real numbers, so years
(``2024``), prices (``€49.99``, ``1.299,00 €``), dates (``01/03/2024``), SKUs
(``SKU-AB12-3456``) and carrier tracking numbers (``1Z999AA10123456784``) are kept.
Order matters: e-mails, then order numbers, then cards, then phones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EMAIL = "[email]"
PHONE = "[phone]"
CARD = "[card]"
ORDER = "[order]"
#: Any of the placeholders above, as they stand in redacted text.
REDACTED = re.compile("|".join(re.escape(p) for p in (EMAIL, PHONE, CARD, ORDER)))
#: Template placeholders some exports keep (``{{Order Number}}``): not the customer's words either.
TEMPLATE = re.compile(r"\{\{[^}]*\}\}")

_EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

#: The words shoppers put before an order number, in en, es, fr, de, pt (and it, nl).
ORDER_WORDS = (
    r"orders?|order\s+number|purchase|pedidos?|n[uú]mero\s+de\s+pedido|commandes?|"
    r"num[eé]ro\s+de\s+commande|bestellung|bestellnummer|auftrag|encomendas?|"
    r"n[uú]mero\s+da\s+encomenda|ordine|bestelling"
)
#: Default order-number pattern. The last group is the number that gets replaced.
DEFAULT_ORDER_PATTERN = (
    r"(?i)(?:(\b(?:" + ORDER_WORDS + r")\b\s*(?:(?:no|nr|num|n[°º]|#)\.?\s*|number\s*(?:is\s+)?|:\s*|(?:is|es|est|ist|é)\s+)?#?\s*)"
    r"([A-Z]{0,3}-?\d{4,12}\b)"
    r"|(?<![\w&])(#\s?\d{4,12})\b)"
)

_CARD_RE = re.compile(r"(?<![\d\w.,-])\d(?:[ -]?\d){12,18}(?![\d\w]|[.,]\d)")

_PHONE_RE = re.compile(
    r"""(?<![\w+.,/-])(?:
        \+\d{1,3}[\s.-]?(?:\(0\)\s?)?(?:\(?\d{1,4}\)?[\s.-]?){1,4}\d{2,4}   # +34 612 345 678, +1 (555) 123-4567
      | \(\d{3}\)\s?\d{3}[\s.-]\d{4}                                     # (555) 123-4567
      | \d{3}[.-]\d{3}[.-]\d{4}                                          # 555-123-4567
      | 0\d(?:[\s.-]\d{2}){4}                                            # 06 12 34 56 78
      | 0\d{2,4}[\s/-]\d{5,8}                                            # 0171 1234567, 030/1234567
      | 0\d{9,10}                                                        # 0612345678, 01711234567
      | [6789]\d{2}\s\d{3}\s\d{3}                                        # 612 345 678
      | [6789]\d{2}\s\d{2}\s\d{2}\s\d{2}                                 # 912 34 56 78
    )(?![\w,]|\.\d|/\d)""",
    re.VERBOSE,
)


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


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if 13 <= len(digits) <= 19 and luhn_ok(digits) and len(set(digits)) > 1:
        return CARD
    return match.group(0)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    digits = sum(c.isdigit() for c in text)
    return PHONE if 8 <= digits <= 15 else text


@dataclass(frozen=True)
class Redactor:
    """Replaces personal data with typed placeholders. Call it on any text.

    ``order_pattern`` replaces :data:`DEFAULT_ORDER_PATTERN`; its groups before the
    last one are kept as they are, the last group (the number) becomes ``[order]``.
    """

    order_pattern: str = DEFAULT_ORDER_PATTERN
    _order_re: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_order_re", re.compile(self.order_pattern))

    def _order(self, match: re.Match) -> str:
        groups = match.groups()
        for index in range(len(groups) - 1, -1, -1):
            if groups[index] is not None:
                start = match.start(index + 1) - match.start(0)
                return match.group(0)[:start] + ORDER
        return ORDER

    def __call__(self, text: str) -> str:
        """``text`` with e-mails, order numbers, card numbers and phones replaced."""
        if not text:
            return text
        if "@" in text:
            text = _EMAIL_RE.sub(EMAIL, text)
        if not any(c.isdigit() for c in text):
            return text
        text = self._order_re.sub(self._order, text)
        text = _CARD_RE.sub(_card, text)
        return _PHONE_RE.sub(_phone, text)


#: The redactor readers use when none is given.
DEFAULT = Redactor()


def redact(text: str) -> str:
    """Redact ``text`` with the default patterns (see the module docstring)."""
    return DEFAULT(text)
