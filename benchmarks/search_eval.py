"""Search evaluation: what shoppers' queries find on the example help center, ours vs stock Material.

    python benchmarks/search_eval.py                          # every set: en es fr bitext
    python benchmarks/search_eval.py --sets en bitext --json out.json --misses
    python benchmarks/search_eval.py --wrapper my-search.js   # try a changed worker wrapper
    python benchmarks/search_eval.py --sample-bitext [CSV]    # rewrite queries/bitext.yml
    python benchmarks/search_eval.py --ablation --json benchmarks/out/search-ablation.json

Builds the example twice into a temporary folder: ours (``generator.commands.build`` of the
repository's ``mkdocs.yml``) and stock (one ``mkdocs build`` per language of that language's
content folder with ``theme: {name: material, language: <lang>}``, the default search plugin
config and the repository's ``markdown_extensions``, nothing of ours). Then it types every
query of ``benchmarks/queries/<set>.yml`` into each build's shipped search, run outside the
browser by :class:`generator.site.lunr.LunrSearch` (``stock=True`` for the stock build), and
scores where the first expected article lands among the result pages:

- recall@1, recall@3: share of queries whose expected article is first / in the top 3;
- MRR: mean of 1/rank over the first 10 results (0 when not among them).

The scores are deterministic (lunr, no timing, no randomness), so one run is enough.

``--ablation`` builds the example once per step instead and scores each step, so the table
shows what each piece of our search adds (see :data:`STEPS`): stock Material, our site
structure on Material's own worker, + folding (our worker wrapper; no stemmer, no hidden
terms), + stemming, + the writers' ``search_aliases``, + synonyms, + ticket tagging (suggested
categories as search tags, popular topics), + ticket-mined aliases (= ``helpcenter build``,
checked byte for byte against ``generator.commands.build``'s search indexes). Every step is a
real MkDocs build through ``generator.site.build_site``; two benchmark-local patches of
``generator.site.build`` (restored afterwards) switch pieces off: ``mkdocs_overrides`` is wrapped to drop
``stemmer`` from the search plugin's ``pipeline`` (Material's worker then removes the stemmer
of every lunr language, lunr-languages' too), and ``search_aliases`` is replaced by one that
leaves out the articles' front-matter ``search_aliases``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site.lunr import LunrSearch  # noqa: E402
from generator.commands import build  # noqa: E402
from generator.project import load_project  # noqa: E402

QUERIES = REPO / "benchmarks" / "queries"
SETS = ["en", "es", "fr", "bitext", "typos-en", "typos-es", "typos-fr"]
BITEXT = Path("/work/shared/data/bitext-customer-support/bitext-27k-v11.csv")
LIMIT = 10

# Bitext intent -> the English example article(s) that answer it, by meaning. Intents with no
# answering article are left out: place_order, edit_account, switch_account,
# registration_problems and check_cancellation_fee (no article on placing an order, editing
# or switching accounts, sign-up trouble, or early-termination fees of a contract).
BITEXT_INTENTS = {
    "cancel_order": ["orders/change-or-cancel"],
    "change_order": ["orders/change-or-cancel"],
    "track_order": ["orders/where-is-my-order"],
    "change_shipping_address": ["shipping/change-delivery-address"],
    "set_up_shipping_address": ["shipping/change-delivery-address"],
    "delivery_options": ["shipping/delivery-times-and-costs", "shipping/carriers"],
    "delivery_period": ["shipping/delivery-times-and-costs"],
    "check_refund_policy": ["returns/how-to-return", "returns/refund-timing"],
    "get_refund": ["returns/refund-timing", "returns/how-to-return"],
    "track_refund": ["returns/refund-timing"],
    "check_invoice": ["orders/invoices"],
    "get_invoice": ["orders/invoices"],
    "check_payment_methods": ["payments/payment-methods"],
    "payment_issue": ["payments/payment-declined"],
    "create_account": ["account/create-account"],
    "delete_account": ["account/delete-account"],
    "recover_password": ["account/reset-password"],
    "newsletter_subscription": ["account/delete-account", "account/create-account"],
    "contact_customer_service": ["faq/contact-us"],
    "contact_human_agent": ["faq/contact-us"],
    "complaint": ["faq/contact-us"],
    "review": ["faq/contact-us"],
}
BITEXT_SEED = 20261124
BITEXT_SIZE = 100


# --------------------------------------------------------------------------- query sets

def load_set(name: str) -> dict:
    data = yaml.safe_load((QUERIES / f"{name}.yml").read_text(encoding="utf-8"))
    return {"name": name, "lang": data["lang"], "queries": data["queries"]}


def sample_bitext(csv_path: Path, out: Path, seed: int = BITEXT_SEED, size: int = BITEXT_SIZE) -> int:
    """Write ``out``: ``size`` utterances, stratified by intent (fixed seed), with their articles."""
    rows: dict[str, list[str]] = defaultdict(list)
    with open(csv_path, newline="", encoding="utf-8") as fp:
        for row in csv.DictReader(fp):
            if row["intent"] in BITEXT_INTENTS:
                # A search box never holds "{{Order Number}}": drop Bitext's placeholders.
                text = " ".join(re.sub(r"\{\{[^}]*\}\}", " ", row["instruction"]).split())
                if text and text not in rows[row["intent"]]:
                    rows[row["intent"]].append(text)
    rng = random.Random(seed)
    intents = sorted(rows)
    per, extra = divmod(size, len(intents))
    bonus = set(rng.sample(intents, extra))
    entries = []
    for intent in intents:
        for text in rng.sample(rows[intent], per + (intent in bonus)):
            entries.append({"query": text, "intent": intent, "expect": BITEXT_INTENTS[intent]})
    header = (
        f"# {len(entries)} customer utterances from Bitext's customer-support dataset\n"
        f"# ({csv_path.name}), sampled by benchmarks/search_eval.py --sample-bitext: stratified by\n"
        f"# intent, {per} per intent plus one more for {extra} intents drawn with the same seed\n"
        f"# (random.Random({seed})); Bitext's {{{{placeholders}}}} removed. Each intent is mapped by\n"
        "# meaning to the English example article(s) that answer it (`intents` below); intents\n"
        "# with no answering article (place_order, edit_account, switch_account,\n"
        "# registration_problems, check_cancellation_fee) are left out. Not tuned to any search engine.\n")
    body = ["lang: en", "intents:"]
    body += [f"  {intent}: [{', '.join(ids)}]" for intent, ids in BITEXT_INTENTS.items()]
    body.append("queries:")
    body += [f"  - {{query: {json.dumps(e['query'], ensure_ascii=False)}, intent: {e['intent']}, "
             f"expect: [{', '.join(e['expect'])}]}}" for e in entries]
    text = header + "\n".join(body) + "\n"
    assert [q["query"] for q in yaml.safe_load(text)["queries"]] == [e["query"] for e in entries]
    out.write_text(text, encoding="utf-8")
    return len(entries)


# --------------------------------------------------------------------------- builds

def build_ours(out: Path, wrapper: Path | None = None) -> Path:
    """Our build; with ``wrapper``, that file replaces each language's shipped helpcenter-search.js."""
    build(REPO / "mkdocs.yml", out)
    if wrapper is not None:
        for shipped in out.glob("*/assets/javascripts/workers/helpcenter-search.js"):
            shipped.write_bytes(wrapper.read_bytes())
    return out


def build_stock(out: Path, languages: list[str]) -> Path:
    """One plain Material build per language of ``content/<lang>``."""
    repo_cfg = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    for lang in languages:
        cfg = {
            "site_name": repo_cfg.get("site_name", "Help"),
            "docs_dir": str(REPO / "content" / lang),
            "site_dir": str(out / lang),
            "theme": {"name": "material", "language": lang},
            "markdown_extensions": repo_cfg.get("markdown_extensions", []),
        }
        config_file = out.parent / f"stock-{lang}.yml"
        config_file.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"stock build of {lang} failed:\n{done.stderr}")
    return out


class _Loader(yaml.SafeLoader):
    """Reads the repository's mkdocs.yml (``!ENV`` tags) without MkDocs."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


# --------------------------------------------------------------------------- ablation

#: The ablation ladder: (step, label, site built by build_ablation, worker). Worker "stock" is
#: Material's search worker alone; "ours" is it inside our helpcenter-search.js wrapper.
STEPS = [
    ("stock", "stock Material", "stock", "stock"),
    ("structure", "our site, Material's worker", "fold", "stock"),
    ("fold", "+ folding (wrapper; no stemmer, no hidden terms)", "fold", "ours"),
    ("stem", "+ stemming", "stem", "ours"),
    ("writer", "+ writers' search_aliases", "writer", "ours"),
    ("synonyms", "+ synonyms", "synonyms", "ours"),
    ("tagging", "+ ticket tagging (suggested tags, topics)", "tagging", "ours"),
    ("mined", "+ ticket-mined aliases (= helpcenter build)", "mined", "ours"),
]
PATCHES = ("benchmark-local, restored after each build: generator.site.build.mkdocs_overrides wrapped to drop 'stemmer' "
           "from the search plugin's pipeline (steps fold); generator.site.build.search_aliases replaced by one "
           "without the articles' front-matter search_aliases (steps fold, stem)")


@contextmanager
def patched_site(stemmer: bool = True, writer_aliases: bool = True):
    """Switch the stemmer and the writers' ``search_aliases`` off in ``generator.site`` for one build."""
    import generator.site.build as site

    overrides, search_aliases = site.mkdocs_overrides, site.search_aliases

    def without_stemmer(*args, **kwargs):
        result = overrides(*args, **kwargs)
        for plugin in result["plugins"]:
            for name in ("search", "material/search"):
                if isinstance(plugin, dict) and name in plugin:
                    plugin[name]["pipeline"] = [f for f in plugin[name]["pipeline"] if f != "stemmer"]
        return result

    def terms_only(language, extras):
        aliases = {}
        for article in language.articles:
            terms = extras.search_terms.get((language.code, article.id), [])
            if terms:
                aliases[article.url] = " ".join(dict.fromkeys(terms))
        return aliases

    if not stemmer:
        site.mkdocs_overrides = without_stemmer
    if not writer_aliases:
        site.search_aliases = terms_only
    try:
        yield
    finally:
        site.mkdocs_overrides, site.search_aliases = overrides, search_aliases


def build_ablation(out: Path, languages: list[str]) -> tuple[dict[str, Path], dict]:
    """One real build per ladder step (see :data:`STEPS`); also the shipped build to compare with.

    Returns step -> site folder, and per language whether the last step's search index is
    byte-identical to ``generator.commands.build``'s.
    """
    from generator.commands import analyse_gaps, popular_topics, search_terms
    from generator.project import load_project
    from generator.site import Extras, build_site

    project = load_project(REPO / "mkdocs.yml")
    config, content, taxonomy = project.config, project.content, project.taxonomy
    names = {code: {cid: taxonomy.name(cid, code) for cid in taxonomy.ids} for code in content.languages}
    analysis = analyse_gaps(project, list(config.settings.tickets))
    tagging = {"article_categories": {key: t.categories for key, t in analysis.tags.items()},
               "popular_topics": popular_topics(content, taxonomy, analysis.report, analysis.tags)}
    synonyms = dict(analysis.synonym_terms)
    plan = {  # build -> (stemmer, writers' aliases, search_terms, ticket extras)
        "fold": (False, False, {}, {}),
        "stem": (True, False, {}, {}),
        "writer": (True, True, {}, {}),
        "synonyms": (True, True, synonyms, {}),
        "tagging": (True, True, synonyms, tagging),
        "mined": (True, True, search_terms(project, analysis), tagging),
    }
    builds = {"stock": build_stock(out / "stock", languages)}
    for name, (stemmer, writer, terms, ticket_extras) in plan.items():
        extras = Extras(category_names=names, search_terms=terms, **ticket_extras)
        with patched_site(stemmer=stemmer, writer_aliases=writer):
            build_site(config, content, out / name, extras=extras)
        builds[name] = out / name
    shipped = build_ours(out / "shipped")
    identical = {lang: (builds["mined"] / lang / "search" / "search_index.json").read_bytes()
                 == (shipped / lang / "search" / "search_index.json").read_bytes() for lang in languages}
    return {step: builds[site] for step, _, site, _ in STEPS}, identical


def ablation_table(results: dict) -> str:
    labels = {step: label for step, label, _, _ in STEPS}
    out = []
    for name, s in results["sets"].items():
        out += [f"{name} ({s['lang']}, {s['queries']} queries)", "",
                "| step | R@1 | R@3 | MRR | ΔR@1 | ΔR@3 | ΔMRR |", "| --- | --- | --- | --- | --- | --- | --- |"]
        previous = None
        for step, _, _, _ in STEPS:
            m = s[step]
            delta = (["", "", ""] if previous is None else
                     [f"{m[k] - previous[k]:+.3f}" for k in ("recall@1", "recall@3", "mrr")])
            out.append(f"| {labels[step]} | {m['recall@1']:.3f} | {m['recall@3']:.3f} | {m['mrr']:.3f} | "
                       + " | ".join(delta) + " |")
            previous = m
        out.append("")
    out += ["MRR per step and set:", "",
            "| step | " + " | ".join(results["sets"]) + " |", "| --- |" + " --- |" * len(results["sets"])]
    for step, label, _, _ in STEPS:
        out.append(f"| {label} | " + " | ".join(f"{s[step]['mrr']:.3f}" for s in results["sets"].values()) + " |")
    return "\n".join(out)


def git_state() -> dict:
    """The commit measured, and uncommitted changes to what a build reads (others edit concurrently)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
        return done.stdout.rstrip("\n")

    dirty = git("status", "--porcelain", "--", "generator", "themes", "content", "mkdocs.yml").splitlines()
    return {"commit": git("rev-parse", "HEAD"), "uncommitted": [line[3:] for line in dirty]}


# --------------------------------------------------------------------------- scoring

def rank_of(pages: list[str], expected: set[str]) -> int | None:
    for i, page in enumerate(pages, 1):
        if page in expected:
            return i
    return None


def score(ranks: list[int | None]) -> dict:
    n = len(ranks)
    return {
        "recall@1": sum(r == 1 for r in ranks) / n,
        "recall@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
    }


def evaluate(sets: list[dict], sites: dict[str, Path], urls: dict[str, dict[str, str]],
             stock: tuple[str, ...] = ("stock",)) -> dict:
    """Every query of every set against every site: ranks, scores and the top results.

    ``stock``: the variants whose site is searched with Material's worker alone (no wrapper).
    """
    results = {"sets": {}, "queries": []}
    for qset in sets:
        lang = qset["lang"]
        expected = []
        for entry in qset["queries"]:
            unknown = [i for i in entry["expect"] if i not in urls[lang]]
            if unknown:
                raise SystemExit(f"{qset['name']}.yml: {entry['query']!r} expects {unknown}, not an article in {lang}")
            expected.append({urls[lang][i] for i in entry["expect"]})
        texts = [str(entry["query"]) for entry in qset["queries"]]
        per_site = {}
        for variant, site in sites.items():
            with LunrSearch(site / lang, stock=(variant in stock)) as search:
                per_site[variant] = search.search_many(texts, limit=LIMIT)
        ranks = {v: [rank_of(p, e) for p, e in zip(pages, expected)] for v, pages in per_site.items()}
        results["sets"][qset["name"]] = {"lang": lang, "queries": len(texts),
                                         **{v: score(r) for v, r in ranks.items()}}
        for i, entry in enumerate(qset["queries"]):
            results["queries"].append({
                "set": qset["name"], "lang": lang, "query": texts[i], "expect": entry["expect"],
                **{f"{v}_rank": ranks[v][i] for v in sites}, **{f"{v}_top3": per_site[v][i][:3] for v in sites},
            })
    return results


# --------------------------------------------------------------------------- report

def table(results: dict) -> str:
    lines = ["| set | lang | queries | R@1 ours | R@1 stock | R@3 ours | R@3 stock | MRR ours | MRR stock |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, s in results["sets"].items():
        o, k = s["ours"], s["stock"]
        lines.append(f"| {name} | {s['lang']} | {s['queries']} | {o['recall@1']:.3f} | {k['recall@1']:.3f} | "
                     f"{o['recall@3']:.3f} | {k['recall@3']:.3f} | {o['mrr']:.3f} | {k['mrr']:.3f} |")
    return "\n".join(lines)


def misses(results: dict, variant: str = "ours") -> str:
    lines = [f"{variant}: expected article not in the top 3 (rank among the first 10, or -):"]
    for q in results["queries"]:
        if q[f"{variant}_rank"] is None or q[f"{variant}_rank"] > 3:
            rank = q[f"{variant}_rank"] or "-"
            lines.append(f"  [{q['set']}] {q['query']!r}: rank {rank}, want {', '.join(q['expect'])}; "
                         f"top: {', '.join(q[f'{variant}_top3']) or '(nothing)'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=SETS, choices=SETS, help="query sets to score (default: all)")
    parser.add_argument("--json", type=Path, help="also write every score and per-query rank to this file")
    parser.add_argument("--misses", action="store_true", help="list the queries ours ranks below 3")
    parser.add_argument("--wrapper", type=Path, metavar="JS",
                        help="score ours with this worker wrapper instead of the theme's helpcenter-search.js")
    parser.add_argument("--ablation", action="store_true",
                        help="score each step of our search separately (one build per step; see STEPS)")
    parser.add_argument("--sample-bitext", nargs="?", const=BITEXT, type=Path, metavar="CSV",
                        help="rewrite queries/bitext.yml from the Bitext CSV, then stop")
    args = parser.parse_args(argv)

    if args.sample_bitext:
        n = sample_bitext(args.sample_bitext, QUERIES / "bitext.yml")
        print(f"wrote {n} utterances to {QUERIES / 'bitext.yml'}")
        return 0

    sets = [load_set(name) for name in args.sets]
    languages = sorted({s["lang"] for s in sets})
    _project = load_project(REPO / "mkdocs.yml")
    _, content = _project.config, _project.content
    urls = {lang: {a.id: a.url for a in content.articles(lang)} for lang in languages}
    if args.ablation:
        return run_ablation(args, sets, languages, urls)
    with tempfile.TemporaryDirectory(prefix="search-eval-") as tmp:
        tmp = Path(tmp)
        sites = {"ours": build_ours(tmp / "ours", args.wrapper), "stock": build_stock(tmp / "stock", languages)}
        results = evaluate(sets, sites, urls)
    print(table(results))
    print("\nrecall@k: share of queries whose expected article is among the first k result pages; MRR over "
          "the first 10.\nDeterministic (no timing, no randomness): one run is enough.")
    if args.misses:
        print("\n" + misses(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def run_ablation(args, sets: list[dict], languages: list[str], urls: dict) -> int:
    import time

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="search-ablation-") as tmp:
        sites, identical = build_ablation(Path(tmp), languages)
        results = evaluate(sets, sites, urls, stock=tuple(s for s, _, _, w in STEPS if w == "stock"))
    results["git"] = git_state()
    results["ablation"] = {
        "steps": [{"step": step, "label": label, "build": site, "worker": worker}
                  for step, label, site, worker in STEPS],
        "patches": PATCHES,
        "last_step_identical_to_helpcenter_build": identical,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(ablation_table(results))
    same = ", ".join(f"{lang} {'yes' if ok else 'NO'}" for lang, ok in identical.items())
    print(f"\nLast step's search_index.json byte-identical to generator.commands.build's: {same}.")
    print(f"Patches: {PATCHES}.")
    state = results["git"]
    print(f"Measured at {state['commit'][:10]}" + (f" with uncommitted changes to {', '.join(state['uncommitted'])}"
                                                    if state["uncommitted"] else "") + ".")
    print("recall@k: share of queries whose expected article is among the first k result pages; MRR over "
          "the first 10. Deterministic: one run is enough.")
    if args.misses:
        print("\n" + misses(results, "mined"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
