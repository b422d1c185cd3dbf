"""Write the held-back shop's ticket export and its labels (deterministic: same files every run).

    python benchmarks/heldout/make_tickets.py            # writes tickets/cadence-freshdesk.csv and labels.yml

The export is a Freshdesk ticket CSV (its columns, "Ticket ID", "Created time", "Source", "Type",
"Tags", "Full name", "Email"..., plus a "Language" contact field left empty on some rows) of the
hand-written questions in ``questions.py``, recombined the way real tickets arrive: e-mails with a
greeting, a sign-off and sometimes an order number, phone number or e-mail address in the text;
"Re:"/"Fwd:" subjects; chats whose subject is "Chat with Visitor N" or "Conversation with <name>";
feedback-widget messages with no subject; generic subjects ("Question", "Consulta", "Demande");
HTML bodies; a typo in some; agent tags on some tickets and a ticket type on others.

``labels.yml`` gives, per ticket id, its language, true taxonomy category (``null``: fits none) and
question id, and per question the article (and section heading) that answers it in each language,
``null`` where no article does, or where the answering article has no translation in that language
(read from the shop's content, so the labels follow the content).

Nobody tunes on these: see benchmarks/README.md, "Held-back shop".
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from questions import Q  # noqa: E402

SEED = 20261203
EXPORT = HERE / "tickets" / "cadence-freshdesk.csv"
LABELS = HERE / "labels.yml"
LANGS = ("en", "es", "fr")
START = dt.datetime(2026, 8, 24, 7, 0)
SPAN_DAYS = 90
COLUMNS = ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type", "Agent", "Group",
           "Created time", "Due by Time", "Resolved time", "Closed time", "Last update time",
           "Initial response time", "Tags", "Full name", "Email", "Contact ID", "Language"]

GREETINGS = {
    "en": ["Hi,", "Hello,", "Hi there,", "Hey,", "Good morning,", "Hi team,", "Hello Cadence team,", "Dear Sir/Madam,"],
    "es": ["Hola,", "Buenas,", "Hola buenos días,", "Buenas tardes,", "Hola equipo,", "Estimados señores:"],
    "fr": ["Bonjour,", "Bonjour Madame, Monsieur,", "Bonsoir,", "Bonjour à l'équipe,", "Salut,"],
}
SIGN_OFFS = {
    "en": ["Thanks", "Thanks,\n{name}", "Cheers,\n{name}", "Kind regards,\n{name}", "Thank you!\n{name}\n{phone}",
           "Best,\n{name}", "Sent from my iPhone"],
    "es": ["Gracias", "Gracias,\n{name}", "Un saludo,\n{name}", "Saludos\n{name}\n{phone}", "Muchas gracias!",
           "Enviado desde mi iPhone"],
    "fr": ["Merci", "Merci d'avance,\n{name}", "Cordialement,\n{name}", "Bien à vous,\n{name}\n{phone}",
           "Envoyé de mon iPhone"],
}
DETAILS = {
    "en": ["It's order {order}.", "You can reach me on {phone}.", "My email is {email} in case you need it.",
           "Thanks in advance.", "It's quite urgent.", "I ordered on your website last week.",
           "I've been a customer for years."],
    "es": ["Es el pedido {order}.", "Mi teléfono es {phone}.", "Mi correo es {email}.",
           "Gracias de antemano.", "Es bastante urgente.", "Lo pedí la semana pasada por la web."],
    "fr": ["C'est la commande {order}.", "Vous pouvez me joindre au {phone}.", "Mon e-mail : {email}.",
           "Merci d'avance.", "C'est assez urgent.", "J'ai commandé sur votre site la semaine dernière."],
}
GENERIC_SUBJECTS = {
    "en": ["Question", "Help", "Order query", "Enquiry", "Quick question"],
    "es": ["Consulta", "Pregunta", "Ayuda", "Duda"],
    "fr": ["Demande", "Question", "Renseignement", "Aide"],
}
NAMES = {
    "en": ["Tom Baker", "Sarah O'Neill", "James Whitfield", "Priya Shah", "Liam Murphy", "Emma Lawson", "Ben Carter",
           "Hannah Kowalski", "Niamh Byrne", "Oliver Grant", "Sophie Turner", "Daniel Reyes"],
    "es": ["Marta García", "Jordi Puig", "Lucía Fernández", "Carlos Ruiz", "Ainhoa Etxeberria", "Pablo Moreno",
           "Laia Serra", "Javier Ortega", "Nerea López", "Sergio Martín"],
    "fr": ["Julien Moreau", "Camille Dubois", "Thomas Lefèvre", "Claire Martin", "Nicolas Bernard", "Léa Fontaine",
           "Mathieu Girard", "Chloé Rousseau"],
}
PHONES = {"en": ["+44 7700 900123", "07700 900 456", "+353 85 123 4567", "+49 151 23456789"],
          "es": ["612 345 678", "+34 699 12 34 56", "654-321-987", "+34 972 11 22 33"],
          "fr": ["06 12 34 56 78", "+33 6 98 76 54 32", "07 11 22 33 44", "+41 79 123 45 67"]}
ORDER_STYLES = {"en": ["#{n}", "order {n}", "order number {n}", "#{n}"],
                "es": ["pedido {n}", "#{n}", "pedido nº {n}", "n.º de pedido {n}"],
                "fr": ["commande n°{n}", "#{n}", "commande {n}", "n° {n}"]}
#: Agent tags per true category (agents tag some tickets), and tags that say nothing about the topic.
AGENT_TAGS = {"order_status": ["wismo", "order status", "tracking"], "shipping": ["shipping", "delivery"],
              "returns": ["returns", "exchange"], "refunds": ["refund"], "cancellations": ["cancellation"],
              "payments": ["payment"], "invoices": ["invoice"], "account": ["account"],
              "product": ["product question", "sizing", "stock"], "damaged_or_defective": ["damaged", "warranty"],
              "promotions": ["discount code"], "contact": ["complaint"], None: ["b2b", "other"]}
NOISE_TAGS = ["vip", "instagram", "priority", "repeat-customer", "es-team", "needs-review"]
AGENTS = ["Núria Vidal", "Marc Soler", "Elena Costa", ""]
_WORD = re.compile(r"[^\W\d_]{5,}")


def _typo(rng: random.Random, text: str) -> str:
    """Swap two neighbouring letters inside one word of five letters or more (as thumbs do)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    w = rng.choice(words)
    i = rng.randrange(w.start() + 1, w.end() - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


_AFTER_WORD = re.compile(r"\b(order|pedido|commande) \{order\}")
#: After "order"/"pedido"/"commande" a customer writes only the number, sometimes with a sign.
NUMBER_STYLES = {"en": ["{n}", "#{n}", "no. {n}"], "es": ["{n}", "nº {n}", "#{n}"], "fr": ["{n}", "n°{n}", "n° {n}"]}


def _fill(rng: random.Random, text: str, lang: str, name: str, email: str) -> str:
    number = rng.randrange(40000, 99999)
    text = _AFTER_WORD.sub(lambda m: f"{m[1]} " + rng.choice(NUMBER_STYLES[lang]).format(n=number), text)
    order = rng.choice(ORDER_STYLES[lang]).format(n=number)
    return (text.replace("{order}", order).replace("{phone}", rng.choice(PHONES[lang]))
            .replace("{email}", email).replace("{name}", name))


DOMAINS = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com"],
           "es": ["gmail.com", "hotmail.es", "outlook.es", "telefonica.net"],
           "fr": ["gmail.com", "orange.fr", "free.fr", "laposte.net"]}


def _email_of(rng: random.Random, name: str, lang: str) -> str:
    first, _, last = name.lower().replace("'", "").partition(" ")
    for a, b in (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("è", "e"), ("ï", "i"), ("ç", "c")):
        first, last = first.replace(a, b), last.replace(a, b)
    domain = rng.choice(DOMAINS[lang])
    return f"{first}.{last}{rng.randrange(1, 99)}@{domain}"


def make_ticket(rng: random.Random, qid: str, lang: str) -> dict:
    """One ticket of question ``qid`` in ``lang``: subject, body, channel, tags and contact fields."""
    q = Q[qid]
    subjects, bodies = q[lang]
    name = rng.choice(NAMES[lang])
    email = _email_of(rng, name, lang)
    core = rng.choice(bodies)
    if rng.random() < 0.12:
        core = _typo(rng, core)
    r = rng.random()
    if q.get("noise"):
        kind = "chat"
    elif r < 0.52:
        kind = "email"
    elif r < 0.66:
        kind = "chat"
    elif r < 0.78:
        kind = "widget"
    elif r < 0.86:
        kind = "generic"
    else:
        kind = "reply"
    subject = rng.choice(subjects)
    if kind == "chat":
        subject = (f"Chat with Visitor {rng.randrange(10000, 99999)}" if rng.random() < 0.7
                   else f"Conversation with {name.split()[0]}")
        body = core if rng.random() < 0.6 else f"{rng.choice(GREETINGS[lang]).rstrip(',')} {core}"
        source = "Chat"
    elif kind == "widget":
        subject, body, source = "", core, "Feedback Widget"
    else:
        if kind == "reply":
            subject = rng.choice(["Re: ", "RE: ", "Fwd: "]) + subject
        elif kind == "generic":
            subject = rng.choice(GENERIC_SUBJECTS[lang])
        parts = [rng.choice(GREETINGS[lang])] if rng.random() < 0.8 else []
        parts.append(core)
        if rng.random() < 0.45:
            parts.append(rng.choice(DETAILS[lang]))
        if rng.random() < 0.85:
            parts.append(rng.choice(SIGN_OFFS[lang]))
        body = "\n\n".join(parts)
        source = rng.choice(["Email", "Email", "Email", "Portal"])
        if rng.random() < 0.25:
            body = "<div>" + "</div><div><br></div><div>".join(
                p.replace("\n", "<br>") for p in body.split("\n\n")) + "</div>"
    subject = _fill(rng, subject, lang, name, email)
    body = _fill(rng, body, lang, name, email)
    tags = []
    if rng.random() < 0.25 and not q.get("noise"):
        tags.append(rng.choice(AGENT_TAGS[q["category"]]))
    if rng.random() < 0.1:
        tags.append(rng.choice(NOISE_TAGS))
    type_ = rng.choice(["Question", "Question", "Problem", "Incident", "", "", ""])
    if q["category"] == "refunds" and rng.random() < 0.3:
        type_ = "Refund"
    return {"Subject": subject, "Description": body, "Source": source, "Type": type_, "Tags": ",".join(tags),
            "Full name": name, "Email": email, "Language": "" if rng.random() < 0.15 else lang}


def content_ids(content: Path) -> dict[str, set[str]]:
    """Article ids per language folder, read from the front matter (``id``, else ``<section>/<slug>``)."""
    found: dict[str, set[str]] = {}
    for lang in LANGS:
        ids = found.setdefault(lang, set())
        for path in sorted((content / lang).glob("*/*.md")):
            if path.name == "index.md":
                continue
            front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}
            ids.add(front.get("id") or f"{path.parent.name}/{path.stem}")
    return found


def question_labels(ids: dict[str, set[str]]) -> dict:
    """Per question: category, and per language the answering article and section, or null."""
    out = {}
    for qid, q in Q.items():
        answers = {}
        for lang in LANGS:
            article = q.get(f"{lang}_article", q["article"])
            if article is not None and article not in ids[lang]:
                article = None
            section = (q["section"] or {}).get(lang) if article else None
            answers[lang] = {"article": article, "section": section} if article else None
        out[qid] = {"category": q["category"], "answers": answers}
    return out


def generate() -> tuple[list[dict], dict]:
    """(export rows, labels document), deterministic."""
    rng = random.Random(SEED)
    planned = [(qid, lang) for qid, q in Q.items() for lang in LANGS for _ in range(q["n"].get(lang, 0))]
    rng.shuffle(planned)
    rows, tickets = [], {}
    step = dt.timedelta(days=SPAN_DAYS) / len(planned)
    for number, (qid, lang) in enumerate(planned):
        ticket_id = str(20417 + number)
        created = START + step * number + dt.timedelta(minutes=rng.randrange(0, 50))
        row = make_ticket(rng, qid, lang)
        status = rng.choice(["Closed", "Closed", "Resolved", "Open", "Pending"])
        done = created + dt.timedelta(hours=rng.randrange(2, 60))
        row.update({"Ticket ID": ticket_id, "Status": status, "Priority": rng.choice(["Low", "Medium", "Medium", "High"]),
                    "Agent": rng.choice(AGENTS), "Group": "Customer care",
                    "Created time": created.strftime("%Y-%m-%d %H:%M:%S"),
                    "Due by Time": (created + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
                    "Resolved time": done.strftime("%Y-%m-%d %H:%M:%S") if status in ("Closed", "Resolved") else "",
                    "Closed time": done.strftime("%Y-%m-%d %H:%M:%S") if status == "Closed" else "",
                    "Last update time": done.strftime("%Y-%m-%d %H:%M:%S"),
                    "Initial response time": (created + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
                    "Contact ID": str(8800000 + rng.randrange(0, 99999))})
        rows.append(row)
        tickets[ticket_id] = {"lang": lang, "category": Q[qid]["category"], "question": qid}
    labels = {
        "shop": "Cadence Cycle Supply (benchmarks/heldout/mkdocs.yml)",
        "export": str(EXPORT.relative_to(HERE)),
        "note": "Held-back labels: never tune the product on them (benchmarks/README.md, Held-back shop). "
                "category null = fits no category of the built-in taxonomy; an answer null = no article in "
                "that language answers the question.",
        "questions": question_labels(content_ids(HERE / "content")),
        "tickets": tickets,
    }
    return rows, labels


def main() -> None:
    rows, labels = generate()
    EXPORT.parent.mkdir(parents=True, exist_ok=True)
    with EXPORT.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.DictWriter(fp, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with LABELS.open("w", encoding="utf-8") as fp:
        fp.write("# Written by make_tickets.py from questions.py and the shop's content; do not edit by hand.\n")
        yaml.safe_dump(labels, fp, allow_unicode=True, sort_keys=False, width=110)
    print(f"{EXPORT.relative_to(HERE.parent.parent)}: {len(rows)} tickets; {LABELS.relative_to(HERE.parent.parent)}: "
          f"{len(labels['questions'])} questions")


if __name__ == "__main__":
    main()
