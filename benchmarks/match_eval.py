"""Precision and recall of the "answered" decision on hand-labelled questions (en, es, fr), and its speed.

    python benchmarks/match_eval.py [--labels benchmarks/labels/answered.yml] [--threshold 0.5]
                                    [--margin 0.3] [--sweep] [--json out.json]
    python benchmarks/match_eval.py --speed 3000 [--runs 3]

Each labelled question is matched against the bundled example help center, in its language,
as ``helpcenter gaps`` matches a frequent question: with the category the classifier gives it, first
against the articles' front-matter categories, then again with every article's tags
(generator.analysis.tagging, fed by the first pass's answers), the pass whose answers are reported.
A prediction is a true positive when the question is judged answered *and* the chosen article is
one the label accepts; judged answered with another article is a false positive (the report would
show a wrong answer, and may hide a gap). Recall is over the answerable questions. Precision and
recall are given per language (targets: 0.90 each, in every language).

``--sweep`` prints precision/recall/F1 (all languages, and the worst language) for thresholds
0.30-0.80 at the chosen margin, then for margins 0.0-0.5 at the chosen threshold: how the defaults
were chosen. The result is deterministic: one run is enough.

``--speed N`` times matching instead: the synthetic help center of ``benchmarks/build.py`` (N
English articles), indexed as the pipeline does (median of ``--runs`` builds), then the English
labelled questions matched against it, every article tagged with its front-matter category (median
of ``--runs`` passes; ms per question). The machine is shared and noisy: quote medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generator.analysis.classify import Classifier  # noqa: E402
from generator.analysis.rank import Ranking  # noqa: E402
from generator.analysis.match import ANSWER_THRESHOLD, STRONG_MARGIN, match_questions  # noqa: E402
from generator.analysis.tagging import categories_by_language, tag_articles  # noqa: E402
from generator.commands import build_indexes  # noqa: E402
from generator.project import load_project  # noqa: E402


@dataclass
class LabelledQuestion:
    lang: str
    text: str
    category: str
    answers: list[str] | None
    tickets: int = 1
    examples: list[str] = field(default_factory=list)
    intent: str | None = None


def load_labels(path: Path, classifier: Classifier) -> list[LabelledQuestion]:
    """The labelled questions, each classified as a ticket with that subject, grouped as rank groups it:
    its intent is the keyword line that decided it when that line names one question (two words or
    more, :meth:`generator.analysis.rank.Ranking._specific`), as the pipeline passes it to matching."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ranking = Ranking(classifier.taxonomy, classifier.intents)
    out = []
    for lang, entries in data.items():
        for entry in entries:
            decision = classifier.classify(_Ticket(entry["q"], lang))
            intent = decision.intent if decision.intent and ranking._specific(decision.intent) else None
            out.append(LabelledQuestion(lang, entry["q"], decision.category, entry["answer"],
                                        examples=[entry["q"]],
                                        intent=classifier.intents.get(intent) if intent else None))
    return out


@dataclass
class _Ticket:
    """What the classifier reads of a ticket: the labelled question as its subject, nothing else."""

    subject: str
    language: str
    body: str = ""
    tags: tuple = ()
    category: str | None = None


def match_like_pipeline(questions, indexes, content, classifier, threshold: float, margin: float) -> list:
    """Two passes, as generator.commands.analyse_gaps: front-matter categories, then tags."""
    explicit = {code: {a.id: a.categories for a in lang.articles} for code, lang in content.languages.items()}
    first = match_questions(indexes, questions, threshold, explicit, margin)
    tags = tag_articles(content.articles(), classifier, first)
    return match_questions(indexes, questions, threshold, categories_by_language(tags), margin)


def _rates(s: dict) -> dict:
    precision = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
    recall = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {**s, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate(questions, matches, threshold: float, margin: float) -> dict:
    per_lang: dict[str, dict] = {}
    misses = []
    for q, m in zip(questions, matches):
        stats = per_lang.setdefault(q.lang, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        correct = bool(q.answers) and m.article_id in q.answers
        if m.answered and correct:
            stats["tp"] += 1
        elif m.answered:
            stats["fp"] += 1
            misses.append(("false answer", q, m))
        elif q.answers:
            stats["fn"] += 1
            misses.append(("missed answer", q, m))
        else:
            stats["tn"] += 1
    total = {k: sum(s[k] for s in per_lang.values()) for k in ("tp", "fp", "fn", "tn")}
    out = {lang: _rates(s) for lang, s in [*per_lang.items(), ("all", total)]}
    for lang, s in out.items():
        # The same decisions read as gap detection: a true gap is a question no article answers.
        s["gap_recall"] = round(s["tn"] / (s["tn"] + _hidden_gaps(lang, misses)), 3) \
            if s["tn"] + _hidden_gaps(lang, misses) else 1.0
    return {"threshold": threshold, "margin": margin, "by_language": out, "misses": misses}


def _hidden_gaps(lang: str, misses) -> int:
    """False answers to questions no article answers (a gap the report would hide)."""
    return sum(1 for kind, q, _m in misses if kind == "false answer" and not q.answers and lang in (q.lang, "all"))


def _worst(result: dict) -> tuple[float, float]:
    langs = [s for lang, s in result["by_language"].items() if lang != "all"]
    return min(s["precision"] for s in langs), min(s["recall"] for s in langs)


def sweep(questions, indexes, content, classifier, threshold: float, margin: float) -> None:
    def row(label: str, t: float, m: float) -> None:
        result = evaluate(questions, match_like_pipeline(questions, indexes, content, classifier, t, m), t, m)
        s = result["by_language"]["all"]
        worst_p, worst_r = _worst(result)
        print(f"{label:>9}  {s['precision']:>5.3f} {s['recall']:>5.3f} {s['f1']:>5.3f}   {worst_p:>5.3f} {worst_r:>5.3f}")

    print(f"\nthreshold sweep (margin {margin})")
    print(f"{'threshold':>9}  {'P':>5} {'R':>5} {'F1':>5}   {'minP':>5} {'minR':>5}   (min: the worst language)")
    for step in range(30, 81, 5):
        row(f"{step / 100:.2f}", step / 100, margin)
    print(f"\nmargin sweep (threshold {threshold}): an article outside the question's category answers "
          f"from threshold + margin")
    print(f"{'margin':>9}  {'P':>5} {'R':>5} {'F1':>5}   {'minP':>5} {'minR':>5}")
    for step in range(0, 51, 5):
        row(f"{step / 100:.2f}", threshold, step / 100)


def speed(n: int, runs: int, labels: Path) -> int:
    """Index N synthetic English articles and match the English labelled questions against them."""
    import build as build_bench

    from generator.analysis.index import ArticleIndex  # noqa: F401  (imported before timing)

    with tempfile.TemporaryDirectory(prefix="hc-match-speed-") as tmp:
        build_bench.generate(Path(tmp), n, ["en"])
        project = load_project(Path(tmp) / "mkdocs.yml")
        content = project.content
        classifier = Classifier(project.taxonomy)
        questions = [q for q in load_labels(labels, classifier) if q.lang == "en"]
        cats = {"en": {a.id: a.categories for a in content.languages["en"].articles}}
        index_s, match_s = [], []
        for _ in range(runs):
            start = time.perf_counter()
            indexes = build_indexes(content, project.taxonomy)
            index_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            matches = match_questions(indexes, questions, ANSWER_THRESHOLD, cats)
            match_s.append(time.perf_counter() - start)
            for index in indexes.values():
                index.close()
    print(f"{n} articles (en), {len(questions)} questions, {runs} runs (shared, noisy 2-core machine: medians)")
    print(f"index: median {statistics.median(index_s):.2f} s  ({', '.join(f'{s:.2f}' for s in index_s)})")
    per_q = [1000 * s / len(questions) for s in match_s]
    print(f"match: median {statistics.median(match_s):.2f} s, {statistics.median(per_q):.1f} ms per question "
          f"({', '.join(f'{s:.2f}' for s in match_s)})")
    print(f"answered {sum(m.answered for m in matches)} of {len(matches)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "benchmarks" / "labels" / "answered.yml")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--threshold", type=float, default=ANSWER_THRESHOLD)
    parser.add_argument("--margin", type=float, default=STRONG_MARGIN)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--speed", type=int, metavar="N", help="time matching against N synthetic articles")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.speed:
        return speed(args.speed, args.runs, args.labels)

    project = load_project(args.config)
    content = project.content
    classifier = Classifier(project.taxonomy)
    from generator.project.synonyms import synonym_aliases

    # As helpcenter gaps does: synonyms of what each article says are indexed as hidden aliases.
    indexes = build_indexes(content, project.taxonomy, synonym_aliases(content, project.synonyms))
    questions = load_labels(args.labels, classifier)
    print(f"{len(questions)} labelled questions: "
          + ", ".join(f"{lang} {sum(q.lang == lang for q in questions)} "
                      f"({sum(q.lang == lang and bool(q.answers) for q in questions)} answerable)"
                      for lang in content.languages))
    if args.sweep:
        sweep(questions, indexes, content, classifier, args.threshold, args.margin)
    matches = match_like_pipeline(questions, indexes, content, classifier, args.threshold, args.margin)
    result = evaluate(questions, matches, args.threshold, args.margin)
    print(f"\nthreshold {args.threshold}, margin {args.margin}")
    print(f"{'lang':<5} {'tp':>3} {'fp':>3} {'fn':>3} {'tn':>3}  {'precision':>9} {'recall':>6}  {'gap recall':>10}")
    for lang, s in result["by_language"].items():
        print(f"{lang:<5} {s['tp']:>3} {s['fp']:>3} {s['fn']:>3} {s['tn']:>3}  {s['precision']:>9.3f} "
              f"{s['recall']:>6.3f}  {s['gap_recall']:>10.3f}")
    sections = sum(1 for m in matches if m.answered and m.section)
    print(f"\nanswered by a section: {sections} of {sum(m.answered for m in matches)} answered")
    print("\nerrors:")
    for kind, q, m in result["misses"]:
        where = f" § {m.section}" if m.section else ""
        agree = "agrees" if m.category_agrees else "other category"
        lacks = f"; lacks {m.missing}" if m.missing else ""
        print(f"  {kind:<13} [{q.lang}] {q.text!r} ({q.category}) -> {m.article_id}{where} ({m.score:.2f}, {agree})"
              f"; expected {q.answers}{lacks}")
    if args.json:
        result = {**result, "misses": [{"kind": k, "lang": q.lang, "question": q.text, "category": q.category,
                                        "article": m.article_id, "section": m.section, "score": m.score,
                                        "category_agrees": m.category_agrees, "missing": m.missing,
                                        "expected": q.answers} for k, q, m in result["misses"]]}
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
