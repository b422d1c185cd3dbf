"""Benchmark: read + redact + classify + rank 1,000,000 tickets vs a bare csv pass.

    python benchmarks/tickets.py [--rows 1000000] [--runs 3]

Generates a generic CSV (id, subject, body, created_at, language, tags) and a Zendesk-style
JSON page of the same tickets in a temporary folder, then times, as separate processes
(so peak RSS is per run): a bare ``csv.reader`` pass, and the full pipeline
(``generator.commands.analyse_tickets``). Prints medians, the ratio, tickets/s and
peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``... measured per child run).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHRASES = {
    "en": ["where is my order {o}", "my lamp arrived broken", "I want to return the rug", "refund still not received",
           "cancel my order {o}", "card declined at checkout, call {ph}", "need an invoice for {o}",
           "forgot my password, email {e}", "what size is the duvet", "discount code not working",
           "do you ship to Canada?", "hello, quick question about my purchase"],
    "es": ["donde esta mi pedido {o}", "la lampara llego rota", "quiero devolver la alfombra",
           "no he recibido el reembolso", "cancelar el pedido {o}", "me cobraron dos veces, tel {ph}"],
    "fr": ["ou est ma commande {o}", "le vase est arrive casse", "je veux retourner le tapis",
           "toujours pas rembourse", "annuler ma commande {o}", "code promo ne marche pas"],
}


def generate(folder: Path, rows: int) -> tuple[Path, Path]:
    rng = random.Random(1)
    csv_path, json_path = folder / "tickets.csv", folder / "tickets.json"
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with open(csv_path, "w", newline="", encoding="utf-8") as fc, open(json_path, "w", encoding="utf-8") as fj:
        w = csv.writer(fc)
        w.writerow(["id", "subject", "body", "created_at", "language", "tags"])
        fj.write('{"tickets": [\n')
        for i in range(rows):
            lang = rng.choices(("en", "es", "fr"), (55, 25, 20))[0]
            text = rng.choice(PHRASES[lang]).format(o=f"#{rng.randint(10000, 99999)}",
                                                    ph=f"+34 6{rng.randint(10, 99)} 123 456", e=f"u{i}@example.com")
            body = f"{text}. " + " ".join(rng.choice(PHRASES[lang]).format(o="", ph="", e="") for _ in range(3))
            created = (start + timedelta(minutes=i * 0.13)).isoformat()
            tags = "refund" if rng.random() < 0.05 else ""
            language = lang if rng.random() < 0.7 else ""
            w.writerow([i, text, body, created, language, tags])
            record = {"id": i, "subject": text, "description": body, "created_at": created, "tags": [tags] if tags else [],
                      "type": "question", "via": {"channel": "email"}, "requester_id": i, "raw_subject": text}
            fj.write(("," if i else "") + json.dumps(record) + "\n")
        fj.write("], \"end_of_stream\": true}\n")
    return csv_path, json_path


CHILD = r"""
import csv, resource, sys, time
sys.path.insert(0, {root!r})
path, mode = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if mode == "bare":
    csv.field_size_limit(1 << 24)
    with open(path, newline="", encoding="utf-8-sig") as fp:
        n = sum(1 for _ in csv.reader(fp)) - 1
else:
    from generator.commands import analyse_tickets
    report, stats = analyse_tickets([path])
    n = stats.tickets
elapsed = time.perf_counter() - t
print(n, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(path: Path, mode: str) -> tuple[int, float, int]:
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), mode],
                         check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        csv_path, json_path = generate(Path(tmp), args.rows)
        print(f"generated {args.rows:,} tickets in {time.perf_counter() - t:.0f} s: "
              f"CSV {csv_path.stat().st_size / 1e6:.0f} MB, JSON {json_path.stat().st_size / 1e6:.0f} MB")
        for label, path, mode in (("bare csv pass (CSV)", csv_path, "bare"), ("pipeline (CSV)", csv_path, "full"),
                                  ("pipeline (Zendesk JSON)", json_path, "full")):
            results = [run(path, mode) for _ in range(args.runs)]
            med = statistics.median(r[1] for r in results)
            rss = max(r[2] for r in results) / 1024
            n = results[0][0]
            print(f"{label:<26} median {med:7.2f} s  runs {[round(r[1], 1) for r in results]}  "
                  f"{n / med:9,.0f} tickets/s  peak RSS {rss:6.0f} MB", flush=True)
            if mode == "bare":
                bare = med
            else:
                print(f"{'':<26} ratio to bare csv pass: {med / bare:.1f}x", flush=True)


if __name__ == "__main__":
    main()
