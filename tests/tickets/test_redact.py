"""Redaction table: real-looking positives and negatives per placeholder type."""

import pytest

from generator.tickets.redact import REDACTED, Redactor, iban_ok, luhn_ok, redact


@pytest.mark.parametrize("text, expected", [
    ("write me at jane.doe+shop@gmail.com please", "write me at [email] please"),
    ("MARIE.dupont@orange.fr", "[email]"),
    ("call +34 612 345 678", "call [phone]"),
    ("+44 (0)20 7946 0958", "[phone]"),
    ("(555) 123-4567", "[phone]"),
    ("555-123-4567", "[phone]"),
    ("06 12 34 56 78", "[phone]"),
    ("0171 1234567", "[phone]"),
    ("612 345 678", "[phone]"),
    ("card 4111 1111 1111 1111", "card [card]"),
    ("4111-1111-1111-1111", "[card]"),
    ("5500005555555559", "[card]"),
    ("#12345", "[order]"),
    ("order 12345", "order [order]"),
    ("order no. 12345", "order no. [order]"),
    ("my order number is 98765", "my order number is [order]"),
    ("pedido 12345", "pedido [order]"),
    ("commande n° 12345", "commande n° [order]"),
    ("Bestellung 12345", "Bestellung [order]"),
    ("encomenda 12345", "encomenda [order]"),
    # e-mails with non-ASCII local parts and IDN domains
    ("escríbeme a josé@correo.es", "escríbeme a [email]"),
    ("user@bücher.de", "[email]"),
    ("mail: anaïs.dupont@exemple.fr.", "mail: [email]."),
    # IBANs, checksum-validated, with or without spaces, any case
    ("mi IBAN es ES91 2100 0418 4502 0005 1332, gracias", "mi IBAN es [iban], gracias"),
    ("ES9121000418450200051332", "[iban]"),
    ("IBAN: DE89 3704 0044 0532 0130 00.", "IBAN: [iban]."),
    ("gb82 west 1234 5698 7654 32", "[iban]"),
    ("FR14 2004 1010 0505 0001 3M02 606", "[iban]"),
    ("NL91ABNA0417164300 thanks", "[iban] thanks"),
    # Spanish DNI / NIE with a valid check letter
    ("DNI 12345678Z", "DNI [id]"),
    ("mi NIE es X1234567L", "mi NIE es [id]"),
    ("12345678-Z", "[id]"),
    ("y-1234567-x", "[id]"),
    # local phone formats
    ("020 7946 0958", "[phone]"),
    ("ring 555 123 4567 today", "ring [phone] today"),
    ("1-800-555-0199", "[phone]"),
    ("0044 20 7946 0958", "[phone]"),
    ("0033 6 12 34 56 78", "[phone]"),
    ("llámame al 612345678", "llámame al [phone]"),
    # order numbers with letters; the # goes with the number
    ("#LL-314325", "[order]"),
    ("order #AB12345", "order [order]"),
    ("order #12345", "order [order]"),
    ("Where is my order #12345?", "Where is my order [order]?"),
    ("pedido LL-71720", "pedido [order]"),
    # whatever still holds six or more digits
    ("ref 20240301", "ref [number]"),
    ("customer 1234567", "customer [number]"),
    ("tracking 1Z999AA10123456784", "tracking [number]"),
    ("DNI 12345678A", "DNI [number]"),  # wrong check letter: not an id, still a long number
    ("4111 1111 1111 1111 7", "[card] 7"),  # the card is the first four groups
])
def test_redacts(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "in 2024 I bought two lamps", "it cost €49.99", "1.299,00 €", "€1,299.00", "SKU-AB12-3456",
    "on 01/03/2024", "2024-03-01 14:22", "12.03.2024",
    "4111 1111 1111 1112",  # fails Luhn
    "ordered 3 lamps", "size 140x200 cm", "call me at 10:30", "ref 12345", "Chat with Visitor 40348",
    "12 x 45 cm, 2 pcs, 3.5 kg", "SKU LL-2024-BLU", "model AB-12345", "bought 3 for $1,299.99 in March 2024",
    "ES91 2100 0418", "a@b", "me@localhost",
])
def test_keeps(text):
    assert redact(text) == text


def test_custom_order_pattern():
    r = Redactor(order_pattern=r"(LL-)(\d{5})")
    assert r("ref LL-12345") == "ref LL-[order]"
    assert r("order 12345") == "order 12345"


def test_luhn():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_iban_check():
    assert iban_ok("ES9121000418450200051332") and iban_ok("gb82west12345698765432")
    assert not iban_ok("ES9121000418450200051333")  # one digit off
    assert not iban_ok("ES912100041845020005133")  # Spain's IBANs have 24 characters
    assert not iban_ok("XX9121000418450200051332")  # no such country


def test_invalid_iban_is_not_called_one():
    assert "[iban]" not in redact("ES91 2100 0418 4502 0005 1333")


def test_placeholders_are_all_in_redacted():
    text = redact("a@b.com ES9121000418450200051332 12345678Z #12345 4111111111111111 612345678 1234567")
    assert text == "[email] [iban] [id] [order] [card] [phone] [number]"
    assert REDACTED.sub("", text).split() == []
