"""Precision and recall of the "answered" decision on hand-labelled questions (en, es, fr).

    python benchmarks/match_eval.py [--labels benchmarks/labels/answered.yml] [--threshold 0.5]
                                    [--sweep] [--json out.json]

Each labelled question is matched against the bundled example help center, in its language,
exactly as ``helpcenter gaps`` matches a frequent question (generator.analysis.match.match_question, with the
category the classifier gives it). A prediction is a true positive when the question is judged
answered *and* the chosen article is one the label accepts; judged answered with another
article is a false positive (the report would hide a gap). Recall is over the answerable
questions. ``--sweep`` prints precision/recall/F1 for thresholds 0.30-0.80 (how the default was
chosen). The result is deterministic: one run is enough.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analysis.classify import Classifier  # noqa: E402
from generator.analysis.match import ANSWER_THRESHOLD, match_question  # noqa: E402
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
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for lang, entries in data.items():
        for entry in entries:
            scores, _ = classifier.text_scores(entry["q"], "", lang)
            category, _conf = classifier.confidence(scores)
            out.append(LabelledQuestion(lang, entry["q"], category or "unclassified", entry["answer"],
                                        examples=[entry["q"]]))
    return out


def evaluate(questions, indexes, categories, threshold: float) -> dict:
    per_lang: dict[str, dict] = {}
    misses = []
    for q in questions:
        m = match_question(indexes.get(q.lang), q, threshold, categories.get(q.lang))
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
    out = {}
    for lang, s in [*per_lang.items(), ("all", total)]:
        precision = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 1.0
        recall = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        # The same errors seen as gaps: a gap is a question not answered by a right article.
        gaps_true = s["tn"] + s["fn"] + s["fp"] - _wrong_but_answerable(lang, misses)
        flagged = s["tn"] + s["fn"]
        gap_precision = s["tn"] / flagged if flagged else 1.0
        gap_recall = s["tn"] / (s["tn"] + s["fp"] - _wrong_but_answerable(lang, misses)) \
            if s["tn"] + s["fp"] - _wrong_but_answerable(lang, misses) else 1.0
        out[lang] = {**s, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                     "gap_precision": round(gap_precision, 3), "gap_recall": round(gap_recall, 3),
                     "true_gaps": gaps_true}
    return {"threshold": threshold, "by_language": out, "misses": misses}


def _wrong_but_answerable(lang: str, misses) -> int:
    """False answers to questions that do have an article (a wrong pick, not a hidden gap)."""
    return sum(1 for kind, q, _m in misses if kind == "false answer" and q.answers and lang in (q.lang, "all"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "benchmarks" / "labels" / "answered.yml")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--threshold", type=float, default=ANSWER_THRESHOLD)
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    _project = load_project(args.config)
    content = _project.content
    taxonomy = _project.taxonomy
    classifier = Classifier(taxonomy)
    from generator.project.synonyms import synonym_aliases

    # As helpcenter gaps does: synonyms of what each article says are indexed as hidden aliases.
    indexes = build_indexes(content, taxonomy, synonym_aliases(content, _project.synonyms))
    categories = {code: {a.id: a.categories for a in lang.articles} for code, lang in content.languages.items()}
    questions = load_labels(args.labels, classifier)
    print(f"{len(questions)} labelled questions: "
          + ", ".join(f"{lang} {sum(q.lang == lang for q in questions)}" for lang in content.languages))
    if args.sweep:
        print(f"{'threshold':>9}  {'P':>5} {'R':>5} {'F1':>5}")
        for step in range(30, 81, 5):
            result = evaluate(questions, indexes, categories, step / 100)["by_language"]["all"]
            print(f"{step / 100:>9.2f}  {result['precision']:>5.3f} {result['recall']:>5.3f} {result['f1']:>5.3f}")
    result = evaluate(questions, indexes, categories, args.threshold)
    print(f"\nthreshold {args.threshold}")
    print(f"{'lang':<5} {'tp':>3} {'fp':>3} {'fn':>3} {'tn':>3}  {'precision':>9} {'recall':>6}"
          f"  {'gap precision':>13} {'gap recall':>10}")
    for lang, s in result["by_language"].items():
        print(f"{lang:<5} {s['tp']:>3} {s['fp']:>3} {s['fn']:>3} {s['tn']:>3}  {s['precision']:>9.3f} {s['recall']:>6.3f}"
              f"  {s['gap_precision']:>13.3f} {s['gap_recall']:>10.3f}")
    print("\nerrors:")
    for kind, q, m in result["misses"]:
        print(f"  {kind:<13} [{q.lang}] {q.text!r} -> {m.article_id} ({m.score:.2f}); expected {q.answers}")
    if args.json:
        result = {**result, "misses": [{"kind": k, "lang": q.lang, "question": q.text, "article": m.article_id,
                                        "score": m.score, "expected": q.answers} for k, q, m in result["misses"]]}
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
