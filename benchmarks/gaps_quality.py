"""Gap-report quality on Bitext: does ``helpcenter gaps`` find the intents a help center leaves out?

    python benchmarks/gaps_quality.py                                   # bitext-27k-v11.csv, all rows
    python benchmarks/gaps_quality.py --data bitext-8k.csv              # the older, independent release
    python benchmarks/gaps_quality.py --rows 5000 --json out.json       # stratified sample, seed 7

The help center is ``benchmarks/bitext_shop/`` ("Harbor & Pine", an outdoor-gear shop): 20 English
articles, one per *covered* Bitext intent, written as a support writer would, in their own words
(no Bitext utterance was copied; no ``search_aliases``). Seven intents are *left out* on purpose.
Most share a taxonomy category, and some share a taxonomy question line, with covered intents, so
the report has to tell them apart below the category level:

==========================  ===============  ==========================================================
left-out intent             category         covered neighbours (why it is a fair, hard case)
==========================  ===============  ==========================================================
delete_account              account          create_account, edit_account, recover_password,
                                             registration_problems: same category, own keyword line
newsletter_subscription     account          same neighbours; own keyword line (newsletter, unsubscribe)
switch_account              account          same neighbours; no keyword line of its own ("use the gold
                                             account"): only the article match can tell
check_cancellation_fee      cancellations    cancel_order, change_order: same category, own keyword line
track_refund                refunds          get_refund, check_refund_policy: same category *and* the same
                                             keyword lines ("refund status" shares a line with them)
review                      contact          complaint, contact_customer_service, contact_human_agent:
                                             taxonomy "contact" covers feedback, no line of its own
set_up_shipping_address     shipping         change_shipping_address, delivery_options, delivery_period:
                                             the same keyword line as change_shipping_address
                                             ("change address | shipping address | new address ...")
==========================  ===============  ==========================================================

Covered (20): cancel_order, change_order, place_order, track_order, change_shipping_address,
delivery_options, delivery_period, check_refund_policy, get_refund, check_invoice, get_invoice,
check_payment_methods, payment_issue, create_account, edit_account, recover_password,
registration_problems, contact_customer_service, contact_human_agent, complaint. No article
mentions a left-out topic, so the help center really does not answer them.

The export. Bitext utterances are a customer's first message (chat or contact form), which has no
subject line, so the generic CSV is ``id,body,created_at,language`` (``language`` = ``en``, as a
helpdesk that knows the customer's locale exports it; ``--text-column subject`` writes the text as
the subject instead, to see how much the choice matters). Rows are shuffled with the seed, as a real
export interleaves topics, and dated one after the other over 90 days.

The analysis is the real one, in-process: ``generator.commands.gaps(config, tickets=[csv])`` with
the help center's settings (default thresholds: nothing here is tuned to Bitext).

Evaluation:

* Every ticket of the export is read back with ``generator.tickets.read_tickets`` (the reader the
  analysis used, so the same redaction) and its question text (``generator.analysis.rank.question_text``,
  the text the ranking stores as examples) is mapped to its Bitext intent(s).
* Each gap gets the majority intent of its examples (and, for unanswered questions, its question
  text): one vote per example, split between intents when identical texts occur under several;
  majority = more than half the votes. Gaps without a majority are "mixed".
* Per intent, the tickets in answered vs unanswered questions of ``analysis.matches``: a classified
  ticket's question is found exactly (the same ``Classifier`` decision -> (category, language,
  keyword line), checked against each question's ticket count); unclassified tickets are grouped by
  the ranking's word signatures, which this script does not replicate, so they are counted apart.
* Metrics, with ``L`` the left-out intents and gaps in report order (sorted by priority):
  - rank of each left-out intent's first gap;
  - recall@K = share of ``L`` with a gap in the top K; precision@K = share of the top-K gaps whose
    majority intent is in ``L`` (mixed and covered-intent gaps count against it);
  - K = 2 x |L| = 14, and K = the number of gaps that have a majority intent.

Determinism: sampling and shuffling are seeded, but the gap report itself depends on Python's string
hashing: ``generator.analysis.rank.Ranking._signature_tokens`` keeps the 4 longest stems of a *set* with
``sorted(tokens, key=len)``, so ties between equally long stems follow the set's iteration order,
which changes with ``PYTHONHASHSEED``; the word signatures of unclassified tickets, hence their
grouping, counts and gap ranks, change from process to process. The script therefore re-executes
itself with a fixed ``PYTHONHASHSEED`` (``--hash-seed``, default 0): with it, a run is reproducible
and one run is enough; other hash seeds give other (equally valid) numbers. Timings are wall-clock
seconds on whatever else the machine was doing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analysis.classify import Classifier  # noqa: E402
from generator.analysis.match import question_texts  # noqa: E402
from generator.commands import build_indexes, gaps  # noqa: E402
from generator.analysis.rank import question_text  # noqa: E402
from generator.project.taxonomy import UNCLASSIFIED  # noqa: E402
from generator.tickets import ReadStats, read_tickets  # noqa: E402

DATA_DIR = Path("/work/shared/data/bitext-customer-support")
CONFIG = Path(__file__).resolve().parent / "bitext_shop" / "mkdocs.yml"
LEFT_OUT = ("delete_account", "newsletter_subscription", "switch_account", "check_cancellation_fee",
            "track_refund", "review", "set_up_shipping_address")
COVERED = ("cancel_order", "change_order", "place_order", "track_order", "change_shipping_address",
           "delivery_options", "delivery_period", "check_refund_policy", "get_refund", "check_invoice",
           "get_invoice", "check_payment_methods", "payment_issue", "create_account", "edit_account",
           "recover_password", "registration_problems", "contact_customer_service", "contact_human_agent",
           "complaint")
SEED = 7
#: ``--fill-placeholders``: what a real export would carry where Bitext writes {{Order Number}}...
FILL = {
    "Order Number": lambda rng: str(rng.randrange(100000, 9999999)),
    "Invoice Number": lambda rng: str(rng.randrange(100000, 9999999)),
    "Account Type": lambda rng: rng.choice(("standard", "premium", "business")),
    "Account Category": lambda rng: rng.choice(("standard", "premium", "business")),
    "Person Name": lambda rng: rng.choice(("Anna Keller", "Tom Berg", "Maria Lopez", "Sam Okafor")),
    "Refund Amount": lambda rng: f"{rng.randrange(5, 400)}.{rng.randrange(0, 100):02d}",
    "Currency Symbol": lambda rng: rng.choice(("€", "$", "£")),
    "Delivery City": lambda rng: rng.choice(("Lyon", "Utrecht", "Leipzig", "Porto")),
    "Delivery Country": lambda rng: rng.choice(("Belgium", "Norway", "Ireland", "Portugal")),
}
_PLACEHOLDER = re.compile(r"\{\{\s*([^}]*?)\s*\}\}")
START = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
SPAN = dt.timedelta(days=90)


# ---------------------------------------------------------------------------------------------- data

def load_bitext(path: Path) -> list[tuple[str, str]]:
    """(text, intent) per row; v11 calls the text ``instruction``, the 8k file ``utterance``."""
    with path.open(newline="", encoding="utf-8-sig") as fp:
        reader = csv.DictReader(fp)
        column = "instruction" if "instruction" in (reader.fieldnames or ()) else "utterance"
        return [(row[column], row["intent"]) for row in reader if row.get(column, "").strip()]


def sample(rows: list[tuple[str, str]], n: int | None, seed: int) -> list[tuple[str, str]]:
    """All rows, or ``n`` stratified by intent (largest remainder), then shuffled; seeded."""
    rng = random.Random(seed)
    if n is not None and n < len(rows):
        by_intent: dict[str, list] = defaultdict(list)
        for row in rows:
            by_intent[row[1]].append(row)
        quotas = {i: n * len(r) / len(rows) for i, r in sorted(by_intent.items())}
        take = {i: int(q) for i, q in quotas.items()}
        for i in sorted(quotas, key=lambda i: (-(quotas[i] - take[i]), i))[: n - sum(take.values())]:
            take[i] += 1
        rows = [row for i, r in sorted(by_intent.items()) for row in rng.sample(r, take[i])]
    rows = list(rows)
    rng.shuffle(rows)
    return rows


def fill_placeholders(rows: list[tuple[str, str]], seed: int) -> list[tuple[str, str]]:
    """Bitext's ``{{Order Number}}``-style placeholders replaced with plausible values (seeded)."""
    rng = random.Random(seed)

    def value(match: re.Match) -> str:
        make = FILL.get(match.group(1))
        return make(rng) if make else match.group(0)

    return [(_PLACEHOLDER.sub(value, text), intent) for text, intent in rows]


def write_export(rows: list[tuple[str, str]], folder: Path, text_column: str) -> tuple[Path, dict[str, str]]:
    """A generic CSV export (``id,<text_column>,created_at,language``) and ticket id -> intent."""
    path = folder / "bitext-export.csv"
    truth: dict[str, str] = {}
    step = SPAN / max(len(rows), 1)
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(["id", text_column, "created_at", "language"])
        for number, (text, intent) in enumerate(rows, start=1):
            ticket_id = str(100000 + number)
            truth[ticket_id] = intent
            created = (START + step * number).isoformat(timespec="seconds")
            writer.writerow([ticket_id, text, created, "en"])
    return path, truth


# ---------------------------------------------------------------------------------------- evaluation

def majority(votes: Counter) -> tuple[str | None, float]:
    """The intent with more than half the votes (and its share), else (None, best share)."""
    total = sum(votes.values())
    if not total:
        return None, 0.0
    intent, count = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return (intent if count > total / 2 else None), count / total


def example_votes(texts: list[str], lookup: dict[str, Counter]) -> tuple[Counter, int]:
    """One vote per distinct known text, split between its intents; and how many texts were unknown."""
    votes: Counter = Counter()
    unknown = 0
    for text in dict.fromkeys(texts):
        intents = lookup.get(text)
        if not intents:
            unknown += 1
            continue
        total = sum(intents.values())
        for intent, n in intents.items():
            votes[intent] += n / total
    return votes, unknown


def evaluate(analysis, export: Path, truth: dict[str, str], left_out: tuple[str, ...]) -> dict:
    """Map gaps and questions back to intents and compute the metrics (see the module docstring)."""
    lookup: dict[str, Counter] = defaultdict(Counter)          # question text -> intents
    classifier = Classifier(analysis.taxonomy)
    by_question: dict[tuple, Counter] = defaultdict(Counter)   # (category, lang, intent line) -> intents
    per_intent: dict[str, Counter] = defaultdict(Counter)
    categories: dict[str, Counter] = defaultdict(Counter)      # intent -> categories of its tickets
    category_intents: dict[tuple[str, str], Counter] = defaultdict(Counter)
    stats = ReadStats()
    for ticket in read_tickets([export], stats=stats):
        intent = truth[ticket.id]
        lookup[question_text(ticket.subject, ticket.body)][intent] += 1
        decision = classifier.classify(ticket)
        per_intent[intent]["tickets"] += 1
        categories[intent][decision.category] += 1
        category_intents[(decision.category, ticket.language)][intent] += 1
        if decision.category == UNCLASSIFIED:
            per_intent[intent]["unclassified"] += 1
        else:
            line = classifier.intents.get(decision.intent, decision.intent)
            by_question[(decision.category, ticket.language, line)][intent] += 1

    # Tickets per intent in answered / unanswered questions (classified questions: exact).
    attribution_errors = []
    listed: set[tuple] = set()
    for match in analysis.matches:
        q = match.question
        if q.category == UNCLASSIFIED:
            continue
        key = (q.category, q.lang, q.intent)
        listed.add(key)
        mix = by_question.get(key, Counter())
        if sum(mix.values()) != q.tickets:
            attribution_errors.append({"question": q.text, "category": q.category, "intent": q.intent,
                                       "report": q.tickets, "recomputed": sum(mix.values())})
        for intent, n in mix.items():
            per_intent[intent]["answered" if match.answered else "unanswered"] += n
    # Answered questions whose customer texts alone stay below the threshold: the taxonomy phrase
    # (match.py scores max(mean over the texts, score of the phrase)) decided. Same indexes as the analysis.
    threshold = analysis.document["settings"]["answer_threshold"]
    indexes = build_indexes(analysis.content, analysis.taxonomy)
    phrase_decided = []
    for match in analysis.matches:
        q = match.question
        if not (match.answered and q.intent and match.article_id) or q.category == UNCLASSIFIED:
            continue
        index = indexes[q.lang]
        asked = [index.answer_score(t, match.article_id) for t in question_texts(q) if t != q.intent]
        mean = sum(asked) / len(asked) if asked else 0.0
        if mean < threshold:
            mix = by_question.get((q.category, q.lang, q.intent), Counter())
            for intent, n in mix.items():
                per_intent[intent]["answered_by_phrase"] += n
            phrase_decided.append({"category": q.category, "phrase": q.intent, "tickets": q.tickets,
                                   "article": match.article_id, "score": match.score,
                                   "customer_texts_score": round(mean, 3),
                                   "intents": dict(mix.most_common())})
    for index in indexes.values():
        index.close()
    for key, mix in by_question.items():
        if key not in listed:
            for intent, n in mix.items():
                per_intent[intent]["not_listed"] += n
    unclassified_questions = []
    for match in analysis.matches:
        q = match.question
        if q.category != UNCLASSIFIED:
            continue
        votes, _unknown = example_votes([q.text, *q.examples], lookup)
        top, share = majority(votes)
        unclassified_questions.append({"text": q.text, "tickets": q.tickets, "answered": match.answered,
                                       "article": match.article_id, "score": match.score,
                                       "majority_intent": top, "share": round(share, 2)})

    # Gaps -> intents.
    mapped = []
    for rank, gap in enumerate(analysis.document["gaps"], start=1):
        texts = ([gap["question"]] if gap.get("question") else []) + list(gap.get("examples") or [])
        votes, unknown = example_votes(texts, lookup)
        top, share = majority(votes)
        # The tickets behind the gap, where they are known exactly (classified questions, categories).
        if gap["kind"] == "missing_article":
            mix = category_intents.get((gap["category"], gap["lang"]), Counter())
        elif gap["kind"] == "unanswered_question" and gap["category"] != UNCLASSIFIED:
            line = next((m.question.intent for m in analysis.matches
                         if m.question.category == gap["category"] and m.question.lang == gap["lang"]
                         and m.question.text == gap["question"]), None)
            mix = by_question.get((gap["category"], gap["lang"], line), Counter())
        else:
            mix = Counter()
        ticket_top, ticket_share = majority(mix) if mix else (None, 0.0)
        best_ticket = sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if mix else None
        mapped.append({
            "rank": rank, "kind": gap["kind"], "category": gap["category"], "tickets": gap["tickets"],
            "question": gap.get("question"), "examples": gap.get("examples") or [],
            "best_article": gap.get("best_article"),
            "majority_intent": top, "majority_share": round(share, 2), "unknown_examples": unknown,
            "votes": {i: round(v, 2) for i, v in sorted(votes.items(), key=lambda kv: -kv[1])},
            "ticket_majority": ticket_top, "ticket_top_intent": best_ticket,
            "ticket_top_share": round(ticket_share if ticket_top else
                                      (max(mix.values()) / sum(mix.values()) if mix else 0.0), 3),
            "left_out": top in left_out if top else None,
        })

    first_rank = {intent: next((g["rank"] for g in mapped if g["majority_intent"] == intent), None)
                  for intent in left_out}
    with_majority = sum(1 for g in mapped if g["majority_intent"])

    def at(k: int) -> dict:
        top = mapped[:k]
        found = sorted(i for i in left_out if first_rank[i] is not None and first_rank[i] <= k)
        true = sum(1 for g in top if g["left_out"])
        false_covered = [g for g in top if g["majority_intent"] and not g["left_out"]]
        return {"k": k, "gaps_in_top": len(top), "recall": round(len(found) / len(left_out), 3),
                "precision": round(true / len(top), 3) if top else None, "true_gaps": true,
                "covered_intent_gaps": len(false_covered),
                "mixed_gaps": sum(1 for g in top if not g["majority_intent"]), "left_out_found": found}

    covered_flagged: dict[str, list[int]] = defaultdict(list)
    for g in mapped:
        if g["majority_intent"] and not g["left_out"]:
            covered_flagged[g["majority_intent"]].append(g["rank"])

    intents = sorted(per_intent, key=lambda i: (i not in left_out, i))
    table = []
    for intent in intents:
        c = per_intent[intent]
        classified = c["tickets"] - c["unclassified"]
        cats = Counter({k: v for k, v in categories[intent].items() if k != UNCLASSIFIED})
        top_cat, top_n = (cats.most_common(1)[0] if cats else (None, 0))
        table.append({
            "intent": intent, "left_out": intent in left_out, "tickets": c["tickets"],
            "unclassified": c["unclassified"], "top_category": top_cat,
            "top_category_share": round(top_n / classified, 3) if classified else 0.0,
            "in_answered_questions": c["answered"], "in_unanswered_questions": c["unanswered"],
            "answered_by_phrase_only": c["answered_by_phrase"],
            "not_listed": c["not_listed"],
            "first_gap_rank": first_rank.get(intent) if intent in left_out else None,
            "flagged_at": covered_flagged.get(intent, []) if intent not in left_out else None,
        })

    doc = analysis.document
    return {
        "tickets": {"total": doc["tickets"]["total"], "unclassified": doc["tickets"]["unclassified"],
                    "unclassified_share": round(doc["tickets"]["unclassified"] / doc["tickets"]["total"], 3),
                    "read_rows": stats.rows, "read_tickets": stats.tickets},
        "coverage": doc["coverage"]["overall"],
        "gaps_total": len(mapped), "gaps_with_majority": with_majority,
        "first_gap_rank": first_rank,
        "at_2x_left_out": at(2 * len(left_out)),
        "at_majority_gaps": at(with_majority),
        "covered_intents_flagged": dict(sorted(covered_flagged.items())),
        "per_intent": table, "gaps": mapped, "unclassified_questions": unclassified_questions,
        "answered_by_phrase_only": phrase_decided,
        "attribution_errors": attribution_errors,
    }


# ------------------------------------------------------------------------------------------ printing

def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(result: dict) -> list[str]:
    out = []
    run, ev = result["run"], result["evaluation"]
    t = ev["tickets"]
    out.append(f"data {run['data']} ({run['rows']:,} of {run['rows_in_file']:,} rows, seed {run['seed']}, "
               f"text as {run['text_column']}, placeholders {run['placeholders']}, PYTHONHASHSEED {run['hash_seed']}); "
               f"help center {run['config']}")
    out.append(f"tickets {t['total']:,}, unclassified {t['unclassified']:,} ({t['unclassified_share']:.1%}); "
               f"coverage {ev['coverage']:.1%}; {ev['gaps_total']} gaps, {ev['gaps_with_majority']} with a "
               "majority intent")
    out.append("")
    out.append("left-out intent            first gap rank")
    for intent, rank in ev["first_gap_rank"].items():
        out.append(f"  {intent:<26} {rank if rank is not None else 'none'}")
    out.append("")
    for key in ("at_2x_left_out", "at_majority_gaps"):
        m = ev[key]
        label = "K = 2 x left-out" if key == "at_2x_left_out" else "K = gaps with a majority"
        precision = "n/a" if m["precision"] is None else f"{m['precision']:.3f}"
        out.append(f"{label:<26} K={m['k']:<3} recall {m['recall']:.3f}  precision {precision}  "
                   f"(top {m['gaps_in_top']}: {m['true_gaps']} left-out, {m['covered_intent_gaps']} covered-intent, "
                   f"{m['mixed_gaps']} mixed)")
    flagged = ev["covered_intents_flagged"]
    out.append("covered intents flagged as gaps (ranks): "
               + (", ".join(f"{i} {r}" for i, r in flagged.items()) if flagged else "none"))
    out.append("")
    out.append(f"{'rank':>4} {'kind':<20} {'category':<15} {'tickets':>7} {'examples say':<26} {'share':>5} "
               f"{'tickets say':<26} {'share':>5}  question / first example")
    for g in ev["gaps"]:
        mark = "*" if g["left_out"] else (" " if g["majority_intent"] is None else "!")
        out.append(f"{g['rank']:>4} {g['kind']:<20} {_short(g['category'], 15):<15} {g['tickets']:>7} "
                   f"{mark}{(g['majority_intent'] or 'mixed'):<25} {g['majority_share']:>5.2f} "
                   f"{(g['ticket_top_intent'] or '-'):<26} {g['ticket_top_share']:>5.2f}  "
                   f"{_short(g['question'] or (g['examples'][:1] or [''])[0], 60)}")
    out.append("  (* left-out intent: a true gap; ! covered intent: a false gap; 'tickets say' is the exact mix of")
    out.append("   the tickets behind a classified question or a missing category, when known)")
    out.append("")
    out.append(f"{'intent':<26} {'out':>3} {'tickets':>7} {'unclass':>7} {'top category':<22} {'answered':>8} "
               f"{'phrase':>6} {'unansw':>7} {'gap rank':>8}")
    for row in ev["per_intent"]:
        cat = f"{row['top_category'] or '-'} {row['top_category_share']:.0%}"
        if row["left_out"]:
            rank = str(row["first_gap_rank"] or "none")
        else:
            rank = ",".join(str(r) for r in row["flagged_at"][:3]) + ("…" if len(row["flagged_at"]) > 3 else "") \
                if row["flagged_at"] else "-"
        out.append(f"{row['intent']:<26} {'yes' if row['left_out'] else '':>3} {row['tickets']:>7} "
                   f"{row['unclassified']:>7} {cat:<22} {row['in_answered_questions']:>8} "
                   f"{row['answered_by_phrase_only']:>6} {row['in_unanswered_questions']:>7} {rank:>8}")
    out.append("  (answered / unansw: classified tickets in answered / unanswered frequent questions; phrase: of the")
    out.append("   answered, those whose question only the taxonomy phrase answers; gap rank: a left-out intent's")
    out.append("   first gap, or the ranks at which a covered intent was flagged)")
    pd = ev["answered_by_phrase_only"]
    if pd:
        out.append("")
        threshold = run["settings"]["answer_threshold"]
        out.append(f"answered only by the taxonomy phrase (customer texts score < {threshold}):")
        for q in pd:
            mix = ", ".join(f"{i} {n}" for i, n in list(q["intents"].items())[:4])
            line = f"{q['category']}: {q['phrase']!r}"
            out.append(f"  {q['tickets']:>5} {line:<42} texts {q['customer_texts_score']:.2f} phrase {q['score']:.2f} "
                       f"{_short(q['article'], 30):<30} {mix}")
    uq = ev["unclassified_questions"]
    if uq:
        out.append("")
        out.append("unclassified frequent questions (grouped by word signature; intents from examples):")
        for q in uq:
            out.append(f"  {q['tickets']:>5} {'answered' if q['answered'] else 'unanswered':<10} "
                       f"{(q['majority_intent'] or 'mixed'):<26} {q['score']:.2f} {_short(q['article'], 30):<30} "
                       f"{_short(q['text'], 50)}")
    if ev["attribution_errors"]:
        out.append("")
        out.append(f"WARNING: {len(ev['attribution_errors'])} question(s) whose ticket count the script could not "
                   "reproduce; the answered/unanswered columns are approximate")
    tm = result["timings"]
    out.append("")
    out.append(f"time: export {tm['export']:.1f} s, analysis {tm['analysis']:.1f} s ("
               + ", ".join(f"{k} {v:.1f}" for k, v in tm["analysis_stages"].items())
               + f"), evaluation {tm['evaluation']:.1f} s; reproducible at this hash seed, one run")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="bitext-27k-v11.csv",
                        help=f"a Bitext CSV (a bare name is looked up in {DATA_DIR})")
    parser.add_argument("--rows", type=int, default=None, help="sample N rows, stratified by intent (default: all)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--text-column", choices=("body", "subject"), default="body",
                        help="write the utterance as the export's body (default) or subject")
    parser.add_argument("--fill-placeholders", action="store_true",
                        help="replace Bitext's {{Order Number}}-style placeholders with plausible values first")
    parser.add_argument("--config", type=Path, default=CONFIG, help="the help center (default: bitext_shop)")
    parser.add_argument("--json", type=Path, help="write the full result here")
    parser.add_argument("--hash-seed", default="0",
                        help="PYTHONHASHSEED the run uses (the script re-executes itself with it; default 0): "
                             "the report depends on it, see the module docstring")
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != args.hash_seed:
        os.environ["PYTHONHASHSEED"] = args.hash_seed
        os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()),
                                  *(sys.argv[1:] if argv is None else argv)])

    data = Path(args.data)
    if not data.exists() and not data.is_absolute():
        data = DATA_DIR / args.data
    all_rows = load_bitext(data)
    found = {intent for _text, intent in all_rows}
    missing = [i for i in (*LEFT_OUT, *COVERED) if i not in found]
    if missing:
        parser.error(f"{data}: intents not in the file: {', '.join(missing)}")
    rows = sample(all_rows, args.rows, args.seed)
    if args.fill_placeholders:
        rows = fill_placeholders(rows, args.seed)

    timings: dict = {}
    with tempfile.TemporaryDirectory(prefix="bitext-gaps-") as tmp:
        start = time.perf_counter()
        export, truth = write_export(rows, Path(tmp), args.text_column)
        timings["export"] = time.perf_counter() - start
        start = time.perf_counter()
        analysis = gaps(args.config, tickets=[export])
        timings["analysis"] = time.perf_counter() - start
        timings["analysis_stages"] = {k: round(v, 2) for k, v in analysis.timings.items()}
        start = time.perf_counter()
        evaluation = evaluate(analysis, export, truth, LEFT_OUT)
        timings["evaluation"] = time.perf_counter() - start

    try:
        config_shown = str(args.config.resolve().relative_to(ROOT))
    except ValueError:
        config_shown = str(args.config)
    result = {
        "run": {"data": data.name, "rows": len(rows), "rows_in_file": len(all_rows), "seed": args.seed,
                "text_column": args.text_column, "placeholders": "filled" if args.fill_placeholders else "as given",
                "hash_seed": args.hash_seed,
                "config": config_shown,
                "left_out": list(LEFT_OUT), "covered": list(COVERED),
                "settings": analysis.document["settings"]},
        "evaluation": evaluation,
        "timings": {k: (round(v, 2) if isinstance(v, float) else v) for k, v in timings.items()},
    }
    print("\n".join(render(result)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
