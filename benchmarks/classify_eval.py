"""Zero-shot checks: classification on Bitext utterances, language detection on the sample export.

    python benchmarks/classify_eval.py [/work/shared/data/bitext-customer-support/bitext-27k-v11.csv]

Nothing is tuned to these numbers. Bitext intents are mapped onto our ids by meaning
(``place_order`` has no counterpart and is left out).
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.analysis.classify import Classifier  # noqa: E402
from generator.tickets.redact import redact  # noqa: E402
from generator.project.taxonomy import load_taxonomy  # noqa: E402
from generator.tickets import Ticket  # noqa: E402
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


def bitext(path: Path) -> None:
    clf = Classifier(load_taxonomy())
    total = correct = unclassified = 0
    wrong: Counter = Counter()
    t0 = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as fp:
        for row in csv.DictReader(fp):
            expected = INTENTS.get(row["intent"])
            if expected is None:
                continue
            d = clf.classify(Ticket("x", None, "", row.get("instruction") or row["utterance"], (), "en"))
            total += 1
            if d.category == "unclassified":
                unclassified += 1
            elif d.category == expected:
                correct += 1
            else:
                wrong[(row["intent"], d.category)] += 1
    elapsed = time.perf_counter() - t0
    classified = total - unclassified
    print(f"bitext: {total} utterances, accuracy {correct / total:.3f} (all), {correct / classified:.3f} "
          f"(classified only), unclassified {unclassified / total:.3f}, {total / elapsed:,.0f} per s")
    print("  most frequent confusions:", ", ".join(f"{i}->{c} {n}" for (i, c), n in wrong.most_common(6)))


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
    bitext(Path(sys.argv[1]) if len(sys.argv) > 1 else
           Path("/work/shared/data/bitext-customer-support/bitext-27k-v11.csv"))
    languages(SAMPLE)
