"""Shared factories: tiny help centers written as real files under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "themes" / "helpcenter"

MKDOCS_YML = """\
site_name: Test Shop Help
theme:
  name: material
  custom_dir: {theme}
  font: false
extra:
  helpcenter:
{settings}
"""


def article(title: str = "How do I return an item?", body: str = "Some helpful text.", **meta) -> str:
    """The text of an article file with ``title`` and the given front matter."""
    lines = ["---", f"title: {title}"]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    lines += ["---", "", textwrap.dedent(body).strip(), ""]
    return "\n".join(lines)


class Project:
    """A help center on disk: ``mkdocs.yml`` plus ``content/``."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "mkdocs.yml"
        self.content = root / "content"

    def write(self, relpath: str, text: str | bytes) -> Path:
        """Write ``content/<relpath>``; bytes are written as they are."""
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def make_project(tmp_path):
    """``make_project(files={"en/returns/how.md": article()}, settings="languages: [en]")`` -> Project."""

    def make(files: dict[str, str | bytes] | None = None, settings: str = "", root: Path | None = None) -> Project:
        project = Project(root or tmp_path / "helpcenter")
        project.root.mkdir(parents=True, exist_ok=True)
        body = textwrap.indent(textwrap.dedent(settings).strip(), "    ") if settings else "    {}"
        if not settings:
            text = MKDOCS_YML.replace("extra:\n  helpcenter:\n{settings}\n", "").format(theme=THEME)
        else:
            text = MKDOCS_YML.format(theme=THEME, settings=body)
        project.config.write_text(text, encoding="utf-8")
        for relpath, content in (files or {}).items():
            project.write(relpath, content)
        return project

    return make


@pytest.fixture
def bilingual(make_project):
    """en + es with one translated article, one English-only article and a section index each."""
    return make_project({
        "en/returns/index.md": article("Returns and refunds", "Send things back.", order=1,
                                       icon="material/keyboard-return"),
        "en/returns/how-to-return.md": article("How do I return an item?", "Use the [refund page](refunds.md).",
                                               summary="Return within 30 days.", categories="[returns]",
                                               updated="2026-10-20"),
        "en/returns/refunds.md": article("When will I get my refund?", "Within 3 days.", updated="2026-10-01"),
        "es/returns/index.md": article("Devoluciones", "Devuelve lo que no quieras.", order=1),
        "es/returns/como-devolver.md": article("¿Cómo hago una devolución?", "Tienes 30 días.",
                                               id="returns/how-to-return", updated="2026-10-20"),
    })


# --------------------------------------------------------------------------- gap analysis fixture

#: Private data planted in the gap fixture's tickets: none of it may reach a report or the site.
PLANTED_PRIVATE = ("jane.doe@example.com", "+44 20 7946 0958", "7946 0958", "4111 1111 1111 1111",
                   "4111111111111111")
#: Hostile subjects planted in the gap fixture's tickets.
PLANTED_SCRIPT = "<script>alert(1)</script>"
PLANTED_FORMULA = '=HYPERLINK("http://evil","x")'

#: The untagged English account article, CRLF, with a comment and odd quoting in its front matter.
ACCOUNT_ARTICLE = (
    "---\r\n"
    "title: 'Forgot your password? It''s easy'\r\n"
    "# reviewed by the support team, keep the quotes\r\n"
    "summary: \"Reset your password and sign in to your account again.\"\r\n"
    "tags: [ account , 'login' ]\r\n"
    "updated: 2026-10-05\r\n"
    "---\r\n"
    "\r\n"
    "Forgot your password? Open the sign in page and choose **Forgot password**. We email you a link\r\n"
    "to reset your password. Choose a new password and log in to your account again.\r\n"
    "\r\n"
    "## Change your password or delete your account\r\n"
    "\r\n"
    "In your account profile you can change your password, your e-mail address and your newsletter\r\n"
    "settings, or delete your account.\r\n"
)

GAP_ARTICLES = {
    # English: returns, refunds, order status, shipping (never customs), account (untagged), about (untagged).
    "en/returns/how-to-return.md": article(
        "How do I return an item?",
        "Return any item within 30 days. Print the prepaid return label from your account, pack the item "
        "and drop the parcel at a post office. Exchanges for another size work the same way.",
        summary="Return any item within 30 days with a prepaid return label.", categories="[returns]",
        updated="2026-10-20"),
    "en/returns/refund-timing.md": article(
        "When will I get my refund?",
        "We refund you within 5 business days of receiving your return. The money goes back to the card "
        "you paid with; your bank may take a few more days to show it.",
        summary="Refunds reach your card within 5 business days of your return arriving.",
        categories="[refunds]", updated="2026-10-01"),
    "en/orders/where-is-my-order.md": article(
        "Where is my order?",
        "Open the tracking link in your shipping confirmation to see where your order is. Orders leave our "
        "warehouse within 2 days; if your order has not arrived after 10 days, write to us.",
        summary="Track your order with the link in your shipping confirmation.", categories="[order_status]",
        updated="2026-10-01"),
    "en/shipping/delivery-times.md": article(
        "Delivery times and shipping costs",
        "Standard delivery takes 3 to 5 days and costs 4.95; it is free from 60. Express delivery takes "
        "1 to 2 days and costs 9.95. We deliver to the UK, the EU and Switzerland.",
        summary="How long delivery takes and what shipping costs.", categories="[shipping]",
        updated="2026-10-01"),
    "en/account/reset-password.md": ACCOUNT_ARTICLE,
    "en/about/our-story.md": article(
        "Our story",
        "Lumen and Loom began in 2015 in a small Porto studio. Our designers sketch every piece by hand.",
        summary="Who we are.", updated="2026-10-01"),
    # Spanish: returns (stale: older than the English), refunds, order status.
    "es/returns/como-devolver.md": article(
        "¿Cómo devuelvo un artículo?",
        "Puedes devolver cualquier artículo en 30 días. Imprime la etiqueta de devolución prepagada desde "
        "tu cuenta y lleva el paquete a correos.",
        id="returns/how-to-return", summary="Devoluciones en 30 días con etiqueta prepagada.",
        categories="[returns]", updated="2026-09-01"),
    "es/returns/cuando-recibo-mi-reembolso.md": article(
        "¿Cuándo recibo mi reembolso?",
        "Te hacemos el reembolso en 5 días hábiles desde que recibimos la devolución, en la tarjeta con la "
        "que pagaste.",
        id="returns/refund-timing", summary="El reembolso llega en 5 días hábiles.", categories="[refunds]",
        updated="2026-10-01"),
    "es/orders/donde-esta-mi-pedido.md": article(
        "¿Dónde está mi pedido?",
        "Abre el enlace de seguimiento del correo de confirmación de envío para ver dónde está tu pedido.",
        id="orders/where-is-my-order", summary="Sigue tu pedido con el enlace de seguimiento.",
        categories="[order_status]", updated="2026-10-01"),
    # French: returns and order status; no refund article, though French customers ask about refunds.
    "fr/returns/retourner-un-article.md": article(
        "Comment retourner un article ?",
        "Vous pouvez retourner un article sous 30 jours. Imprimez l'étiquette de retour prépayée depuis "
        "votre compte et déposez le colis à la poste.",
        id="returns/how-to-return", summary="Retour sous 30 jours avec une étiquette prépayée.",
        categories="[returns]", updated="2026-10-20"),
    "fr/orders/ou-est-ma-commande.md": article(
        "Où est ma commande ?",
        "Ouvrez le lien de suivi de l'e-mail d'expédition pour savoir où en est votre commande.",
        id="orders/where-is-my-order", summary="Suivez votre commande avec le lien de suivi.",
        categories="[order_status]", updated="2026-10-01"),
}

#: (language, subject, body, tags) -> count. Hostile and private ones come first in their group, so
#: that they are the examples the reports show.
GAP_TICKETS = [
    # en returns: answered by en returns/how-to-return.
    ("en", "How do I return an item?", "I want to send it back.", "", 10),
    # en refunds: answered by en returns/refund-timing.
    ("en", "Where is my refund?", "I sent the parcel back last week.", "", 5),
    ("en", "How long does the refund take?", "I sent the parcel back last week.", "", 3),
    # en order status: answered by en orders/where-is-my-order.
    ("en", "Where is my order?", "It has not arrived yet.", "", 12),
    # en shipping, answered: delivery times.
    ("en", "How long does delivery take?", "I need it before Friday.", "", 8),
    # en shipping, unanswered: customs duties and import tax (the shipping article never mentions them).
    ("en", f"{PLANTED_SCRIPT} Do I have to pay customs duties on my parcel? jane.doe@example.com",
     "Parcel to Norway.", "", 1),
    ("en", "Do I have to pay customs duties on my parcel? +44 20 7946 0958", "Parcel to Norway.", "", 1),
    ("en", "Do I have to pay customs duties on my parcel?", "Is import tax included in the price?", "", 7),
    # en promotions: no article in any language.
    ("en", PLANTED_FORMULA, "My discount code is not working.", "", 1),
    ("en", "Discount code not working, I paid with 4111 1111 1111 1111", "The code is rejected.", "", 1),
    ("en", "My discount code is not working", "It says the code is invalid.", "", 5),
    # en: two tickets that fit no category.
    ("en", "Quick hello", "Just wanted to say the weather is nice.", "", 2),
    # es: returns (answered by the stale translation), refunds, order status.
    ("es", "¿Cómo devuelvo un artículo?", "Quiero devolver una lámpara.", "", 6),
    ("es", "¿Dónde está mi reembolso?", "Ya devolví el paquete.", "", 5),
    ("es", "¿Dónde está mi pedido?", "Todavía no ha llegado.", "", 6),
    # fr: returns and order status answered; refunds have no French article.
    ("fr", "Comment retourner un article ?", "Je veux retourner une lampe.", "", 6),
    ("fr", "Où est ma commande ?", "Mon colis n'est pas arrivé.", "", 6),
    ("fr", PLANTED_FORMULA, "Quand serai-je remboursé ?", "", 1),
    ("fr", "Quand serai-je remboursé ?", "J'ai renvoyé le colis il y a deux semaines.", "", 5),
    ("fr", "Quand serai-je remboursé ? Carte 4111 1111 1111 1111", "Colis renvoyé.", "", 1),
]

#: Tickets per (category, language) in the fixture (what the classifier must find).
GAP_DEMAND = {("returns", "en"): 10, ("refunds", "en"): 8, ("order_status", "en"): 12, ("shipping", "en"): 17,
              ("promotions", "en"): 7, ("returns", "es"): 6, ("refunds", "es"): 5, ("order_status", "es"): 6,
              ("returns", "fr"): 6, ("order_status", "fr"): 6, ("refunds", "fr"): 7}


class GapProject(Project):
    """The gap fixture: a Project plus its ticket exports."""

    tickets: Path
    """The CSV export (generic columns id,subject,body,created_at,language,tags)."""
    empty_tickets: Path
    """An export with only the header row."""


def write_gap_project(root: Path) -> GapProject:
    """Write the gap fixture help center (en + es + fr) and its ticket exports under ``root``."""
    import csv
    import datetime as dt

    project = GapProject(root / "helpcenter")
    project.root.mkdir(parents=True, exist_ok=True)
    project.config.write_text(MKDOCS_YML.format(theme=THEME, settings="    languages: [en, es, fr]\n"
                                                "    default_language: en"), encoding="utf-8")
    for relpath, text in GAP_ARTICLES.items():
        path = project.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # bytes: the CRLF article stays CRLF
    project.tickets = root / "tickets.csv"
    header = ["id", "subject", "body", "created_at", "language", "tags"]
    start = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.timezone.utc)
    n = 0
    with project.tickets.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(header)
        for lang, subject, body, tags, count in GAP_TICKETS:
            for _ in range(count):
                n += 1
                created = (start + dt.timedelta(hours=7 * n)).isoformat()
                writer.writerow([f"T{n}", subject, body, created, lang, tags])
    project.empty_tickets = root / "empty.csv"
    project.empty_tickets.write_text(",".join(header) + "\n", encoding="utf-8")
    return project


@pytest.fixture
def gap_project(tmp_path):
    """``gap_project()`` -> the gap fixture (:func:`write_gap_project`) under tmp_path."""

    def make(root: Path | None = None) -> GapProject:
        return write_gap_project(root or tmp_path / "gaps")

    return make
