"""Generate the example ticket export of "Lumen & Loom" (a fictional home-goods shop).

    python benchmarks/make_sample.py            # writes content/_tickets/lumen-loom-gorgias.csv

Gorgias tickets CSV layout (id, subject, excerpt, language, channel, tags, status,
created_datetime, messages_count). Fixed seed: the output is reproducible. en ~55 %,
es ~25 %, fr ~20 %; order_status and returns dominate; dates over 90 days with a rising
trend; shopper phrasing with typos and missing accents; planted e-mails, phones and order
numbers (the reader must redact them); a few topics the example articles may not cover
(customs duties, gift wrapping, lamp warranty) so gaps show.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20240601
N = 3000
END = datetime(2024, 5, 31, 18, 0, tzinfo=timezone.utc)
PRODUCTS = {
    "en": ["lamp", "floor lamp", "table lamp", "duvet cover", "bedding set", "rug", "wool rug", "cushion", "vase", "ceramic mug", "pillowcases"],
    "es": ["lampara", "lámpara de pie", "funda nordica", "juego de sabanas", "alfombra", "cojin", "cojín", "jarron", "taza de ceramica"],
    "fr": ["lampe", "lampadaire", "housse de couette", "parure de lit", "tapis", "coussin", "vase", "mug en ceramique", "taies d'oreiller"],
}
# category -> weight, then per language: list of (subject, body) templates
T = {
 "order_status": (26, {
  "en": [("Where is my order?", "Hi, I ordered a {p} on the 3rd, order #{o}, and it still hasnt arrived. Can you check?"),
         ("order not arrived yet", "my order {o} has not arrived yet, its been 2 weeks. email {e}"),
         ("wheres my stuff", "hey wheres my stuff?? ordered a {p} ages ago"),
         ("Tracking number", "Can you send me the tracking number for order {o}? The tracking link doesnt work"),
         ("still waiting", "Still waiting for my {p}, when will it arrive? call me on {ph}")],
  "es": [("Donde esta mi pedido", "Hola, hice el pedido {o} hace 10 dias y no me ha llegado. Mi telefono {ph}"),
         ("pedido no llega", "mi pedido no llega, la {p} tenia que llegar el lunes"),
         ("seguimiento", "me podeis dar el numero de seguimiento del pedido {o}? gracias")],
  "fr": [("Ou est ma commande ?", "Bonjour, ma commande n° {o} n'est toujours pas arrivee. Merci"),
         ("colis pas recu", "je n'ai toujours pas recu mon colis ({p}), pouvez vous verifier ? {e}"),
         ("numero de suivi", "pouvez-vous m'envoyer le numero de suivi svp")]}),
 "returns": (20, {
  "en": [("Return", "I want to return the {p}, it doesnt fit the room. How do I return it?"),
         ("return label", "Can you send me a return label for order {o}? thanks"),
         ("Exchange for a different colour", "Can I exchange the {p} for a different colour?"),
         ("how do i send it back", "the {p} is not what i expected, how do i send it back")],
  "es": [("devolucion", "Quiero devolver la {p}, no me gusta como queda. Como hago la devolucion?"),
         ("etiqueta de devolucion", "necesito la etiqueta de devolucion para el pedido {o}"),
         ("cambio de color", "puedo cambiar el {p} por otro color?")],
  "fr": [("Retour", "Bonjour je voudrais retourner mon {p}, il ne me plait pas. Comment faire un retour ?"),
         ("etiquette de retour", "Pouvez vous m'envoyer l'etiquette de retour ? commande {o}"),
         ("echange", "je voudrais echanger le {p} contre une autre taille")]}),
 "shipping": (10, {
  "en": [("Shipping cost", "How much is shipping to Ireland? is there free shipping over 50?"),
         ("delivery time", "How long does delivery take to Spain?"),
         ("Customs fees??", "I live in Switzerland, will I have to pay customs duties on my {p}?"),
         ("change address", "I put the wrong address on order {o}, can you change it to 12 Hill St?")],
  "es": [("gastos de envio", "cuanto cuestan los gastos de envio a Canarias? hay que pagar aduana?"),
         ("cambiar direccion", "me equivoque de direccion en el pedido {o}, la podeis cambiar?")],
  "fr": [("frais de livraison", "Quels sont les frais de livraison pour la Belgique ?"),
         ("droits de douane", "je suis en Suisse, y aura-t-il des frais de douane ?")]}),
 "damaged_or_defective": (11, {
  "en": [("Lamp arrived broken", "The {p} arrived broken, the glass shade is shattered. Photos attached."),
         ("not working", "my table lamp stopped working after a week, it flickers and wont turn on. is it under warranty?"),
         ("wrong item", "I received the wrong item, I ordered a {p} and got something else. order {o}"),
         ("missing part", "the floor lamp is missing a part, no screws in the box")],
  "es": [("llego roto", "el jarron llego roto, esta partido en dos. pedido {o}"),
         ("no funciona", "la lampara no funciona, no enciende. tiene garantia?")],
  "fr": [("article casse", "Mon {p} est arrive casse, le vase est ebreche"),
         ("lampe ne marche pas", "la lampe ne s'allume pas, elle est sous garantie ?")]}),
 "refunds": (9, {
  "en": [("Refund", "I returned the {p} two weeks ago and still no refund. When will I get my money back?"),
         ("where is my refund", "where is my refund for order {o}?")],
  "es": [("reembolso", "Devolvi la {p} y todavia no me han devuelto el dinero. Cuando recibire el reembolso?")],
  "fr": [("remboursement", "J'ai renvoye le {p} et je n'ai toujours pas ete rembourse")]}),
 "cancellations": (6, {
  "en": [("Cancel order", "Please cancel my order {o}, I ordered by mistake"),
         ("change my order", "can i change my order and add a cushion?")],
  "es": [("cancelar pedido", "quiero cancelar el pedido {o} por favor")],
  "fr": [("annuler ma commande", "Bonjour, je souhaite annuler ma commande {o}")]}),
 "payments": (5, {
  "en": [("charged twice", "I was charged twice for my order, card ending 4242. Please fix"),
         ("payment declined", "my card keeps getting declined at checkout, can I pay with paypal?")],
  "es": [("cobro doble", "me habeis cobrado dos veces el pedido {o}")],
  "fr": [("paiement refuse", "mon paiement est refuse, puis-je payer en plusieurs fois ?")]}),
 "product": (5, {
  "en": [("rug size", "What size is the {p}? will it fit under a king size bed?"),
         ("how to wash", "can i wash the duvet cover in the machine? care instructions?"),
         ("back in stock?", "when will the ceramic mug be back in stock")],
  "es": [("medidas", "que medidas tiene la alfombra? cabe en una cama de 150?"),
         ("como se lava", "la funda nordica se puede lavar en lavadora?")],
  "fr": [("dimensions", "quelles sont les dimensions du tapis ?")]}),
 "promotions": (4, {
  "en": [("discount code not working", "the discount code WELCOME10 doesnt work at checkout"),
         ("gift card", "how do I check my gift card balance?")],
  "es": [("codigo descuento", "el codigo de descuento no funciona")],
  "fr": [("code promo", "le code promo ne marche pas")]}),
 "invoices": (2, {
  "en": [("invoice", "Can you send me an invoice with VAT for order {o}? Company: Smith Ltd")],
  "es": [("factura", "necesito factura con NIF del pedido {o}")],
  "fr": [("facture", "pouvez-vous m'envoyer la facture de ma commande {o}")]}),
 "account": (2, {
  "en": [("cant log in", "I forgot my password and the reset link doesnt arrive. my email is {e}")],
  "es": [("contrasena", "olvide mi contraseña y no puedo entrar en mi cuenta")],
  "fr": [("mot de passe", "j'ai oublie mon mot de passe")]}),
 "contact": (2, {
  "en": [("no reply", "I emailed you 3 times and nobody answers. I want to speak to a person. {ph}")],
  "es": [("reclamacion", "quiero poner una reclamacion, nadie contesta")],
  "fr": [("service client", "comment contacter le service client ? personne ne repond")]}),
 "_gaps": (4, {
  "en": [("Gift wrapping", "Do you offer gift wrapping? It's a present for my mum"),
         ("gift wrap and message", "can you gift wrap the vase and add a note?")],
  "es": [("envolver para regalo", "podeis envolverlo para regalo?")],
  "fr": [("papier cadeau", "faites-vous l'emballage cadeau ?")]}),
}
LANGS = [("en", 55), ("es", 25), ("fr", 20)]
TAGS = {"order_status": "wismo", "returns": "return", "refunds": "refund", "shipping": "shipping"}
TYPOS = [("the", "teh"), ("order", "oder"), ("receive", "recieve"), ("arrived", "arived"), ("please", "pls")]


def _phone(rng: random.Random, lang: str) -> str:
    return {"en": f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
            "es": f"6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            "fr": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"}[lang]


def make(path: Path, n: int = N, seed: int = SEED) -> None:
    rng = random.Random(seed)
    cats = [c for c in T]
    weights = [T[c][0] for c in cats]
    with open(path, "w", newline="", encoding="utf-8") as fp:
        w = csv.writer(fp)
        w.writerow(["id", "subject", "excerpt", "language", "channel", "tags", "status", "created_datetime",
                    "messages_count"])
        for i in range(n):
            lang = rng.choices([l for l, _ in LANGS], [p for _, p in LANGS])[0]
            cat = rng.choices(cats, weights)[0]
            subject, body = rng.choice(T[cat][1][lang])
            body = body.format(p=rng.choice(PRODUCTS[lang]), o=rng.choice(["", "#", "LL-"]) + str(rng.randint(10000, 99999)),
                               e=f"{rng.choice(['ana', 'jon', 'marie', 'sam'])}{rng.randint(1, 99)}@example.com",
                               ph=_phone(rng, lang))
            if lang == "en" and rng.random() < 0.2:
                a, b = rng.choice(TYPOS)
                body = body.replace(a, b, 1)
            if rng.random() < 0.3:
                subject = subject.lower()
            if rng.random() < 0.15:
                subject = ""
            # rising trend: more tickets in recent weeks (triangular towards END)
            age = rng.triangular(0, 90, 0)
            created = END - timedelta(days=age, minutes=rng.randint(0, 600))
            tags = TAGS.get(cat, "") if rng.random() < 0.3 else ""
            w.writerow([100000 + i, subject, body, lang if rng.random() < 0.9 else "", rng.choice(["email", "email", "chat", "contact_form"]),
                        tags, rng.choice(["closed", "closed", "open"]), created.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                        rng.randint(1, 6)])


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "content" / "_tickets" / "lumen-loom-gorgias.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    make(out)
    print(out)
