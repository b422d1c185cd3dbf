"""Benchmark: ``helpcenter tickets`` on realistic exports, beside a bare parse of the same file.

    python benchmarks/tickets.py [--rows 1000000] [--json-rows N] [--runs 3] [--only csv|json]
                                 [--description] [--workdir DIR] [--profile]

Two exports are generated in a temporary folder (removed after; ``--workdir DIR`` keeps them for
another run):

* **Zendesk admin CSV**: the 41 columns of Zendesk's "Export as CSV" (Summation column, Id,
  Requester, ..., Subject, Tags, Status, Priority, Via, Ticket type, Created at, ..., On hold time in
  minutes within business hours); no language column, so every language is detected. Subjects repeat
  as real exports do: about 3,000 distinct subjects (after redaction) in en/es/fr/de/pt, drawn with a
  Zipf-like skew (a few dozen make half the volume), with order numbers, auto-replies ("Automatic
  reply: ..."), chat subjects that only name a person ("Chat with Visitor 40348", skipped by the
  reader) and templated openers. ``--description`` adds a 42nd column, Description, holding templated
  chat openers and auto-reply bodies (a view exported with the first comment).
* **Zendesk JSON**: the incremental-export ticket records (``url, id, via, created_at, updated_at,
  type, subject, raw_subject, description, status, requester_id, ..., custom_fields, tags``), one per
  line (JSONL, as a tool that saves the pages' tickets writes them), whose descriptions are mostly
  distinct: sentences combined per ticket with products, quantities and days.

Each measurement is its own process (``helpcenter tickets FILE --format json --no-cache``, run as a
subprocess with stdout to a pipe, so no progress bar), and each is reported as the median of
``--runs`` beside the median of a bare parse of the same file in the same run (``csv.reader`` over
every row; ``json.loads`` of every line), with the ratio, tickets/s and the peak memory: the largest
sum of PSS over the process and its children (``/proc/<pid>/smaps_rollup``, sampled every 0.1 s), and
the children's ``ru_maxrss``. Then the cache: the same command without ``--no-cache`` twice (the first
run fills ``.helpcenter/cache/`` beside the bench's ``mkdocs.yml``; the second is served from it), and the
cost of hashing the file alone. ``--profile`` prints a cProfile of one in-process run instead.

The machine this runs on is shared and noisy: compare ratios measured in one run, not absolute times
across runs.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ZENDESK_COLUMNS = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id", "Requester email",
    "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via",
    "Ticket type", "Created at", "Updated at", "Assigned at", "Organization", "Due date", "Initially assigned at",
    "Solved at", "Resolution time", "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies",
    "First reply time in minutes", "First reply time in minutes within business hours",
    "First resolution time in minutes", "First resolution time in minutes within business hours",
    "Full resolution time in minutes", "Full resolution time in minutes within business hours",
    "Agent wait time in minutes", "Agent wait time in minutes within business hours",
    "Requester wait time in minutes", "Requester wait time in minutes within business hours",
    "On hold time in minutes", "On hold time in minutes within business hours",
]
assert len(ZENDESK_COLUMNS) == 41

#: Per language: (share of tickets, subject templates, product names). ``{p}`` a product, ``{o}`` an order
#: number (redacted to one text), ``{n}`` a number that stays.
LANGUAGES = {
    "en": (0.52, [
        "Where is my order {o}?", "where is my order", "Order {o} not arrived", "Tracking number not working",
        "My {p} arrived broken", "{p} arrived damaged", "Return {p}", "I want to return the {p}",
        "How do I return my {p}?", "Refund for {p}", "Refund still not received", "Cancel my order {o}",
        "Change delivery address", "Wrong item received instead of {p}", "Is the {p} back in stock?",
        "Question about {p}", "{p} size question", "What are the dimensions of the {p}?",
        "Discount code not working", "Payment declined", "Charged twice for order {o}", "Invoice for order {o}",
        "Can't log in to my account", "Reset password", "Do you ship to {country}?", "Delivery time to {country}",
        "Missing part for {p}", "Exchange {p} for another colour", "Gift card balance", "Re: Your order {o} has shipped",
        "Re: Order confirmation {o}", "Fwd: {p}", "Automatic reply: Out of office", "Automatic reply: {p}",
        "Chat with Visitor {n}", "Conversation with {name}", "Offline message from {name}",
        "Hi, quick question", "Hello", "Help", "Urgent!!", "Order {o}",
    ], ["lamp", "rug", "duvet cover", "linen sheets", "velvet cushion", "ceramic vase", "throw blanket",
        "table lamp", "wool rug", "bath towel", "candle", "mirror", "curtains", "pillow", "side table",
        "stoneware mug", "serving bowl", "jute basket", "floor lamp", "bedspread", "napkins", "tablecloth",
        "wall clock", "picture frame", "doormat", "planter", "shower curtain", "storage box", "desk lamp",
        "armchair cover"]),
    "es": (0.22, [
        "¿Dónde está mi pedido {o}?", "donde esta mi pedido", "Pedido {o} no ha llegado", "Mi {p} llegó roto",
        "{p} dañado", "Devolver {p}", "Quiero devolver la {p}", "Reembolso de {p}", "No he recibido el reembolso",
        "Cancelar pedido {o}", "Cambiar dirección de entrega", "Recibí un artículo equivocado",
        "¿Hay {p} en stock?", "Pregunta sobre {p}", "Código de descuento no funciona", "Pago rechazado",
        "Me cobraron dos veces", "Factura del pedido {o}", "No puedo entrar en mi cuenta", "¿Envían a {country}?",
        "Respuesta automática: fuera de la oficina", "Conversación con {name}", "Hola", "Ayuda", "Pedido {o}",
        "RE: Su pedido {o} ha sido enviado",
    ], ["lámpara", "alfombra", "funda nórdica", "sábanas de lino", "cojín de terciopelo", "jarrón", "manta",
        "toalla", "vela", "espejo", "cortinas", "almohada", "mesita", "taza", "cesta", "mantel", "reloj de pared",
        "marco", "felpudo", "maceta"]),
    "fr": (0.14, [
        "Où est ma commande {o} ?", "ou est ma commande", "Commande {o} pas reçue", "Mon {p} est arrivé cassé",
        "{p} abîmé", "Retourner {p}", "Je veux retourner le {p}", "Remboursement {p}", "Toujours pas remboursé",
        "Annuler ma commande {o}", "Changer l'adresse de livraison", "Mauvais article reçu", "{p} en stock ?",
        "Question sur {p}", "Code promo ne marche pas", "Paiement refusé", "Facture commande {o}",
        "Impossible de me connecter", "Livrez-vous en {country} ?", "Réponse automatique : absent du bureau",
        "Chat avec {name}", "Bonjour", "Commande {o}",
    ], ["lampe", "tapis", "housse de couette", "draps en lin", "coussin en velours", "vase", "plaid",
        "serviette", "bougie", "miroir", "rideaux", "oreiller", "guéridon", "mug", "panier", "nappe", "horloge",
        "cadre", "paillasson", "cache-pot"]),
    "de": (0.08, [
        "Wo ist meine Bestellung {o}?", "Bestellung {o} nicht angekommen", "{p} kaputt angekommen",
        "{p} zurücksenden", "Rückerstattung für {p}", "Rückerstattung noch nicht erhalten", "Bestellung {o} stornieren",
        "Lieferadresse ändern", "Falscher Artikel geliefert", "Frage zu {p}", "Gutscheincode funktioniert nicht",
        "Zahlung abgelehnt", "Rechnung für Bestellung {o}", "Automatische Antwort: Abwesenheitsnotiz", "Hallo",
    ], ["Lampe", "Teppich", "Bettbezug", "Leinenbettwäsche", "Samtkissen", "Vase", "Decke", "Handtuch", "Kerze",
        "Spiegel", "Vorhänge", "Kissen", "Beistelltisch", "Tasse", "Korb"]),
    "pt": (0.04, [
        "Onde está a minha encomenda {o}?", "Encomenda {o} não chegou", "{p} chegou partido", "Devolver {p}",
        "Reembolso de {p}", "Cancelar encomenda {o}", "Pergunta sobre {p}", "Código de desconto não funciona",
        "Fatura da encomenda {o}", "Olá",
    ], ["candeeiro", "tapete", "capa de edredão", "lençóis de linho", "almofada", "vaso", "manta", "toalha",
        "vela", "espelho"]),
}
COUNTRIES = ["Canada", "Ireland", "Mexico", "Belgium", "Switzerland", "Australia", "Norway", "Portugal", "Chile"]
FIRST_NAMES = ["Jorge", "María", "Julien", "Siobhan", "Anna", "Lukas", "Inês", "Tom", "Aisha", "Chen", "Priya",
               "Olga", "Pierre", "Lucía", "Mateo", "Emma", "Noah", "Sofia", "Léa", "Hannah"]
LAST_NAMES = ["García", "Martin", "Smith", "Müller", "Silva", "Dubois", "Kelly", "Rossi", "Novak", "Jensen",
              "Costa", "Nguyen", "López", "Bernard", "Schmidt", "Walsh"]
TAG_SETS = ["", "", "web_widget", "order_status", "returns", "refund", "chat zopim_chat", "offline_msg",
            "damaged", "vip", "shipping international", "autoreply", "billing", "spam_suspected", "account",
            "returns label", "discount", "web_widget order_status"]
VIA = ["Web form", "Email", "Chat", "Web Widget", "Phone call (incoming)", "Facebook Messenger", "API"]
TYPES = ["", "", "Question", "Incident", "Problem", "Task"]
STATUSES = ["Closed", "Closed", "Solved", "Open", "Pending", "New"]
#: Bodies for --description (templated chat openers and auto-replies) and sentence pools for JSON bodies.
OPENERS = {
    "en": ["Hi, I have a question about my order.", "Hello! I need help with {p}.",
           "Chat started: Visitor wants to know about {p}", "Thank you for contacting us. We will reply within 24 hours.",
           "I am out of the office until Monday with limited access to e-mail.", ""],
    "es": ["Hola, tengo una pregunta sobre mi pedido.", "Gracias por contactarnos. Le responderemos en 24 horas.", ""],
    "fr": ["Bonjour, j'ai une question sur ma commande.", "Merci de nous avoir contactés. Réponse sous 24 heures.", ""],
    "de": ["Hallo, ich habe eine Frage zu meiner Bestellung.", ""],
    "pt": ["Olá, tenho uma pergunta sobre a minha encomenda.", ""],
}
SENTENCES = {
    "en": ["I ordered the {p} {d} days ago and it still hasn't arrived.", "The {p} came with a crack on one side.",
           "Could you tell me how to send the {p} back?", "I was charged {q} times for the same {p}.",
           "The tracking page has not changed for {d} days.", "I'd like to swap the {p} for a {p2} instead.",
           "My discount code for the {p} says it expired.", "Can you ship {q} of the {p} to {country}?",
           "The colour of the {p} is not what the photo shows.", "I never got the refund for the {p} I returned {d} days ago.",
           "Is the {p} machine washable?", "Please cancel the {p}, I ordered {q} by mistake.",
           "The courier left the {p} at the wrong address.", "I need an invoice for the {p} for my company.",
           "How long does delivery to {country} take for a {p}?", "Thanks, {name}"],
    "es": ["Pedí la {p} hace {d} días y todavía no ha llegado.", "La {p} llegó con una grieta.",
           "¿Cómo devuelvo la {p}?", "Me cobraron {q} veces la misma {p}.", "Quiero cambiar la {p} por una {p2}.",
           "El código de descuento de la {p} no funciona.", "No he recibido el reembolso de la {p} desde hace {d} días.",
           "¿Envían {q} {p} a {country}?", "Gracias, {name}"],
    "fr": ["J'ai commandé le {p} il y a {d} jours et il n'est toujours pas arrivé.", "Le {p} est arrivé fissuré.",
           "Comment renvoyer le {p} ?", "On m'a débité {q} fois pour le même {p}.", "Je voudrais échanger le {p} contre un {p2}.",
           "Mon code promo pour le {p} ne marche pas.", "Je n'ai pas reçu le remboursement du {p} depuis {d} jours.",
           "Merci, {name}"],
    "de": ["Ich habe die {p} vor {d} Tagen bestellt und sie ist noch nicht da.", "Die {p} kam beschädigt an.",
           "Wie kann ich die {p} zurücksenden?", "Mir wurde die {p} {q} Mal berechnet.", "Danke, {name}"],
    "pt": ["Encomendei o {p} há {d} dias e ainda não chegou.", "O {p} chegou partido.", "Como devolvo o {p}?",
           "Obrigado, {name}"],
}
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _zipf_cum_weights(n: int, s: float = 1.07) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** s for rank in range(n)))


def subject_pool(rng: random.Random) -> list[tuple[str, str]]:
    """(language, subject template) pairs: every template with every product of its language (~3,000),
    shuffled so popularity does not follow the template order, then weighted by the language's share."""
    pool = []
    for lang, (_share, templates, products) in LANGUAGES.items():
        for template in templates:
            fills = products if "{p}" in template else COUNTRIES if "{country}" in template else [""]
            for fill in fills:
                pool.append((lang, template.replace("{p}", fill).replace("{country}", fill)))
    rng.shuffle(pool)
    return pool


def _fill(text: str, rng: random.Random) -> str:
    if "{o}" in text:
        text = text.replace("{o}", f"#{rng.randint(100000, 999999)}")
    if "{n}" in text:
        text = text.replace("{n}", str(rng.randint(10000, 99999)))
    if "{name}" in text:
        text = text.replace("{name}", rng.choice(FIRST_NAMES))
    return text


def _times(rng: random.Random, i: int, rows: int) -> tuple[datetime, datetime]:
    created = START + timedelta(days=365 * i / max(rows, 1), minutes=rng.randint(0, 600))
    return created, created + timedelta(hours=rng.randint(1, 200))


def generate_csv(path: Path, rows: int, description: bool = False, seed: int = 1) -> Path:
    """The Zendesk admin CSV export (see the module docstring)."""
    rng = random.Random(seed)
    pool = subject_pool(rng)
    weights = _zipf_cum_weights(len(pool))
    draws = rng.choices(range(len(pool)), cum_weights=weights, k=rows)
    tag_weights = _zipf_cum_weights(len(TAG_SETS), 1.2)
    tags = rng.choices(TAG_SETS, cum_weights=tag_weights, k=rows)
    with open(path, "w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(ZENDESK_COLUMNS + (["Description"] if description else []))
        for i, pick in enumerate(draws):
            lang, template = pool[pick]
            subject = _fill(template, rng)
            created, updated = _times(rng, i, rows)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            requester = rng.randint(1, rows // 3 + 1)
            status = rng.choice(STATUSES)
            solved = (updated.strftime("%Y-%m-%d %H:%M") if status in ("Closed", "Solved") else "")
            minutes = [str(rng.randint(1, 5000)) for _ in range(12)]
            row = ["", 100000 + i, f"{first} {last}", 9000000 + requester, "", f"{first.lower()}{requester}@example.com",
                   "example.com", f"{first} {last}", rng.choice(["Ana Agent", "Ben Agent", "Cleo Agent", ""]),
                   rng.choice(["Support", "Returns", "Billing", ""]), subject, tags[i], status,
                   rng.choice(["", "Low", "Normal", "High", "Urgent"]), rng.choice(VIA), rng.choice(TYPES),
                   created.strftime("%Y-%m-%d %H:%M"), updated.strftime("%Y-%m-%d %H:%M"),
                   created.strftime("%Y-%m-%d %H:%M"), rng.choice(["", "", "Acme Interiors", "Casa Bonita"]), "",
                   created.strftime("%Y-%m-%d %H:%M"), solved, str(rng.randint(0, 400)),
                   rng.choice(["Not Offered", "Offered", "Good", "Bad", "Unoffered"]), str(rng.randint(1, 3)),
                   str(rng.randint(1, 3)), str(rng.randint(0, 2)), str(rng.randint(0, 6)), *minutes]
            if description:
                row.append(_fill(rng.choice(OPENERS[lang]).replace("{p}", rng.choice(LANGUAGES[lang][2])), rng))
            writer.writerow(row)
    return path


def generate_json(path: Path, rows: int, seed: int = 2) -> Path:
    """Zendesk API ticket records, one per line, with mostly distinct descriptions."""
    rng = random.Random(seed)
    langs = list(LANGUAGES)
    shares = list(accumulate(LANGUAGES[lang][0] for lang in langs))
    with open(path, "w", encoding="utf-8") as fp:
        for i in range(rows):
            lang = rng.choices(langs, cum_weights=shares)[0]
            products = LANGUAGES[lang][2]
            subject = _fill(rng.choice(LANGUAGES[lang][1]).replace("{p}", rng.choice(products))
                            .replace("{country}", rng.choice(COUNTRIES)), rng)
            sentences = rng.sample(SENTENCES[lang], k=min(3, len(SENTENCES[lang])))
            body = " ".join(s.format(p=rng.choice(products), p2=rng.choice(products), d=rng.randint(2, 60),
                                     q=rng.randint(2, 5), country=rng.choice(COUNTRIES), name=rng.choice(FIRST_NAMES))
                            for s in sentences)
            created, updated = _times(rng, i, rows)
            ticket_id = 500000 + i
            record = {
                "url": f"https://shop.zendesk.com/api/v2/tickets/{ticket_id}.json", "id": ticket_id, "external_id": None,
                "via": {"channel": rng.choice(["web", "email", "chat", "api"]), "source": {"from": {}, "to": {},
                                                                                        "rel": None}},
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "updated_at": updated.strftime("%Y-%m-%dT%H:%M:%SZ"), "type": rng.choice([None, "question", "incident"]),
                "subject": subject, "raw_subject": subject, "description": body, "priority": None,
                "status": rng.choice(["closed", "solved", "open", "pending"]), "recipient": "support@shop.example",
                "requester_id": 360000000000 + rng.randint(1, rows // 3 + 1), "submitter_id": 360000000001,
                "assignee_id": 360000000002, "organization_id": None, "group_id": 360000000003,
                "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None,
                "problem_id": None, "has_incidents": False, "is_public": True, "due_at": None,
                "tags": rng.choice(TAG_SETS).split(), "custom_fields": [{"id": 360000000010, "value": None}],
                "satisfaction_rating": {"score": "unoffered"}, "sharing_agreement_ids": [],
                "fields": [{"id": 360000000010, "value": None}], "followup_ids": [], "ticket_form_id": 360000000020,
                "brand_id": 360000000030, "allow_channelback": False, "allow_attachments": True,
                "generated_timestamp": int(updated.timestamp()),
            }
            fp.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- measuring

BARE = r"""
import csv, json, sys
path, kind = sys.argv[1], sys.argv[2]
csv.field_size_limit(1 << 26)
n = 0
with open(path, newline="", encoding="utf-8-sig") as fp:
    if kind == "csv":
        for _ in csv.reader(fp):
            n += 1
        n -= 1
    else:
        loads = json.loads
        for line in fp:
            if line.strip():
                loads(line)
                n += 1
print(n)
"""


def _tree_pss(root: int) -> int:
    """Sum of PSS (kB) over ``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fp:
                ppid = int(fp.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fp:
                for line in fp:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def measure(args: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """(seconds, peak PSS of the tree in kB, the children's ru_maxrss in kB, stdout) of one subprocess run."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], _tree_pss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-3000:]}")
    return elapsed, peak[0], resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, out


def helpcenter(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())", "tickets",
            str(path), "--format", "json", *extra]


def median_of(runs: int, args: list[str], cwd: Path) -> dict:
    results = [measure(args, cwd) for _ in range(runs)]
    return {"median": statistics.median(r[0] for r in results), "runs": [round(r[0], 1) for r in results],
            "pss": max(r[1] for r in results), "maxrss": max(r[2] for r in results), "out": results[-1][3]}


def hash_seconds(path: Path, runs: int) -> float:
    """Median seconds to hash the file (what the cache does before it can answer)."""
    sys.path.insert(0, str(ROOT))
    from generator.analysis.cache import file_digest

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        file_digest(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(label: str, path: Path, kind: str, runs: int, work: Path) -> None:
    size = path.stat().st_size / 1e6
    bare = median_of(runs, [sys.executable, "-c", BARE, str(path), kind], work)
    full = median_of(runs, helpcenter(path, "--no-cache"), work)
    tickets = json.loads(full["out"])["tickets"]["total"]
    rows = int(bare["out"])
    print(f"\n{label}: {rows:,} rows, {size:,.0f} MB; {tickets:,} tickets counted", flush=True)
    print(f"  bare {'csv.reader' if kind == 'csv' else 'json.loads'} pass   median {bare['median']:7.2f} s  "
          f"runs {bare['runs']}  {rows / bare['median']:10,.0f} rows/s", flush=True)
    print(f"  helpcenter tickets      median {full['median']:7.2f} s  runs {full['runs']}  "
          f"{rows / full['median']:10,.0f} rows/s  ratio {full['median'] / bare['median']:.1f}x  "
          f"peak PSS {full['pss'] / 1024:,.0f} MB (tree), ru_maxrss {full['maxrss'] / 1024:,.0f} MB", flush=True)
    first = measure(helpcenter(path), work)
    cached = median_of(runs, helpcenter(path), work)
    same = json.loads(cached["out"]) == json.loads(full["out"])
    print(f"  cache: first run (fills it) {first[0]:.2f} s; unchanged second run median {cached['median']:.2f} s "
          f"runs {cached['runs']} (same report: {same}); hashing the file alone "
          f"{hash_seconds(path, runs):.2f} s", flush=True)


def profile(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from generator.commands import analyse_tickets

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(analyse_tickets, [path])
    print(f"in-process analyse_tickets: {time.perf_counter() - start:.2f} s (under cProfile)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the Zendesk admin CSV")
    parser.add_argument("--json-rows", type=int, help="tickets of the JSON export (default: --rows)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["csv", "json"], help="one of the two exports")
    parser.add_argument("--description", action="store_true", help="add a Description column to the CSV")
    parser.add_argument("--workdir", type=Path, help="generate into (and reuse from) this folder, kept after")
    parser.add_argument("--profile", action="store_true", help="cProfile one in-process run of each export")
    args = parser.parse_args()
    json_rows = args.json_rows or args.rows
    with tempfile.TemporaryDirectory(prefix="bench-tickets-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        (work / "mkdocs.yml").write_text("site_name: Ticket benchmark\n", encoding="utf-8")
        exports = []
        if args.only != "json":
            name = f"zendesk-admin-{args.rows}{'-desc' if args.description else ''}.csv"
            exports.append(("Zendesk admin CSV (41 columns" + (" + Description)" if args.description else ")"),
                            work / name, "csv", lambda p: generate_csv(p, args.rows, args.description)))
        if args.only != "csv":
            exports.append(("Zendesk JSON (JSONL, distinct bodies)", work / f"zendesk-{json_rows}.jsonl", "json",
                            lambda p: generate_json(p, json_rows)))
        for _label, path, _kind, make in exports:
            if not path.exists():
                start = time.perf_counter()
                make(path)
                print(f"generated {path.name} in {time.perf_counter() - start:.0f} s", flush=True)
        print(f"machine: {os.cpu_count()} cores, shared with other work (load {os.getloadavg()[0]:.1f}); "
              f"medians of {args.runs}, each run a subprocess", flush=True)
        for label, path, kind, _make in exports:
            if args.profile:
                profile(path)
            else:
                bench(label, path, kind, args.runs, work)


if __name__ == "__main__":
    main()
