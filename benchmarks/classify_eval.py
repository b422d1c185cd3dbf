"""Zero-shot checks: classification on Bitext utterances, language detection on the sample export.

    python benchmarks/classify_eval.py [BITEXT.csv] [--per-category 300]

Bitext: a seeded sample of 300 utterances per category is written as a generic CSV export and
classified through the path ``helpcenter tickets`` takes (read + redact + aggregate, ``learn``, classify
each distinct text once), first with the taxonomy's phrases only, then with the learned model
(seeds + self-training: Bitext has no tags). Prints accuracy, unclassified share and a confusion table.

Nothing is tuned to these numbers. Bitext intents are mapped onto our ids by meaning
(``place_order`` has no counterpart and is left out).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.analysis.classify import Classifier  # noqa: E402
from generator.analysis.pipeline import read  # noqa: E402
from generator.tickets.redact import redact  # noqa: E402
from generator.project.taxonomy import load_taxonomy  # noqa: E402
from generator.tickets import ReadStats, read_tickets  # noqa: E402
from generator.tickets.language import default_detector  # noqa: E402

INTENTS = {
    "track_order": "order_status", "cancel_order": "cancellations", "change_order": "cancellations",
    "check_cancellation_fee": "cancellations", "change_shipping_address": "shipping",
    "set_up_shipping_address": "shipping", "delivery_options": "shipping", "delivery_period": "shipping",
    "check_refund_policy": "refunds", "get_refund": "refunds", "track_refund": "refunds",
    "check_invoice": "invoices", "get_invoice": "invoices", "check_payment_methods": "payments",
    "payment_issue": "payments", "create_account": "account", "delete_account": "account", "edit_account": "account",
    "recover_password": "account", "registration_problems": "account", "switch_account": "account",
    "newsletter_subscription": "account", "contact_customer_service": "contact", "contact_human_agent": "contact",
    "complaint": "contact", "review": "contact",
}
SAMPLE = Path(__file__).resolve().parent.parent / "content" / "_tickets" / "lumen-loom-gorgias.csv"
PER_CATEGORY = 300
#: Utterances from these Bitext rows are sampled with this seed (the sample, not the model).
SEED = 12


def _sample(path: Path, per_category: int) -> list[tuple[str, str, str]]:
    """(intent, expected id, utterance): up to ``per_category`` per expected id, a seeded sample."""
    by_category: dict[str, list] = {}
    with open(path, newline="", encoding="utf-8-sig") as fp:
        for row in csv.DictReader(fp):
            expected = INTENTS.get(row["intent"])
            if expected is not None:
                by_category.setdefault(expected, []).append((row["intent"], expected,
                                                             row.get("instruction") or row["utterance"]))
    rng = random.Random(SEED)
    chosen = []
    for category in sorted(by_category):
        rows = by_category[category]
        chosen += rows if per_category <= 0 or len(rows) <= per_category else rng.sample(rows, per_category)
    return chosen


def _decide(export: Path, learn: bool) -> tuple[dict[tuple, object], float]:
    """Decisions per distinct ticket key, as ``helpcenter tickets`` makes them: read + aggregate
    (analysis/pipeline.read), learn from the export when ``learn``, classify each key once."""
    taxonomy = load_taxonomy()
    clf = Classifier(taxonomy)
    t0 = time.perf_counter()
    aggregate = read([export], ReadStats())
    live = aggregate.live()
    tickets = [aggregate.tickets[i] for i in live]
    if learn:
        clf.learn([(t, aggregate.counts[i]) for t, i in zip(tickets, live)])
    decisions = {_key(t): clf.classify(t) for t in tickets}
    return decisions, time.perf_counter() - t0


def _key(t) -> tuple:
    return (t.subject, t.body, t.language, tuple(t.tags), t.category or "")


def bitext(path: Path, per_category: int = PER_CATEGORY) -> None:
    rows = _sample(path, per_category)
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "bitext.csv"
        with open(export, "w", newline="", encoding="utf-8") as fp:
            out = csv.writer(fp)
            out.writerow(["id", "body", "language", "created_at"])
            for n, (_intent, _expected, text) in enumerate(rows):
                out.writerow([n + 1, text, "en", "2026-11-01T10:00:00Z"])
        truth = {int(t.id): t for t in read_tickets([export])}
        for learn in (False, True):
            decisions, elapsed = _decide(export, learn)
            _report(rows, truth, decisions, elapsed, "keywords only (before)" if not learn else
                    "learned: seeds + self-training (after)")


def _report(rows, truth, decisions, elapsed, label: str) -> None:
    total = correct = unclassified = 0
    per: dict[str, Counter] = {}
    for n, (_intent, expected, _text) in enumerate(rows):
        ticket = truth.get(n + 1)
        got = decisions[_key(ticket)].category if ticket is not None else "unclassified"
        per.setdefault(expected, Counter())[got] += 1
        total += 1
        correct += got == expected
        unclassified += got == "unclassified"
    print(f"bitext, {label}: {total} utterances, accuracy {correct / total:.3f}, "
          f"unclassified {unclassified / total:.3f}, {elapsed:.1f} s (read + learn + classify)")
    columns = sorted({c for counter in per.values() for c in counter})
    print("  | expected | n | accuracy | " + " | ".join(columns) + " |")
    print("  | --- | --- | --- | " + " | ".join("---" for _ in columns) + " |")
    for expected in sorted(per):
        counter = per[expected]
        n = sum(counter.values())
        print(f"  | {expected} | {n} | {counter[expected] / n:.3f} | "
              + " | ".join(str(counter[c]) if counter[c] else "" for c in columns) + " |")


def languages(path: Path) -> None:
    detector = default_detector()
    total = right = und = 0
    t0 = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as fp:
        for row in csv.DictReader(fp):
            if not row["language"]:
                continue
            got = detector(redact(f"{row['subject']}\n{row['excerpt']}"))
            total += 1
            right += got == row["language"]
            und += got == "und"
    elapsed = time.perf_counter() - t0
    print(f"language: {total} labelled sample tickets, accuracy {right / total:.3f}, und {und / total:.3f}, "
          f"wrong language {(total - right - und) / total:.3f}, {total / elapsed:,.0f} tickets/s (with redaction)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path,
                        default=Path("/work/shared/data/bitext-customer-support/bitext-27k-v11.csv"))
    parser.add_argument("--per-category", type=int, default=PER_CATEGORY, help="0: every utterance")
    args = parser.parse_args()
    bitext(args.path, args.per_category)
    languages(SAMPLE)
