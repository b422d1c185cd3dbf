#!/usr/bin/env python3
"""Build benchmark: `helpcenter build` against bare MkDocs + Material, and Hugo, on the same Markdown.

    python benchmarks/build.py --sizes 200 1000 3000 --languages 2 --runs 3

For each size N it generates a deterministic synthetic help center (N articles in each of
L languages, 300-600 words, headings, a table, internal links, 6 section folders with an
index.md, realistic front matter) in a temporary folder, then times, each in a fresh
subprocess:

  hc-serial    `helpcenter build --jobs 1`            (languages one after another)
  hc-parallel  `helpcenter build`                      (default jobs: one per free core)
  bare-staged  `mkdocs build -f <lang>.yml` per language, serially, of exactly what helpcenter
               hands to MkDocs (staged docs from generator.site.stage_language, config from
               generator.site.mkdocs_config.mkdocs_overrides): the floor for our own overhead
  default-nav  `mkdocs build` per language, serially, of the writers' Markdown with Material's
               default navigation (no `nav`, no custom_dir): what a user gets without us
  hugo         `hugo` per language, serially (Debian's package, if installed), of the writers' Markdown
               with a minimal theme this script writes (title, content, the section's pages): the
               speed floor of a static-site generator on the same input

Every output folder is removed before each timed run, so all variants do a clean build.
Memory: the whole process tree is polled from /proc every 0.1 s (sum of PSS, so pages
shared by forked workers are not counted twice); "max proc RSS" is GNU time's %M, the peak of
the largest single process. Prints a Markdown table and writes JSON to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LANGS = ["en", "es", "fr", "de", "pt"]
VARIANTS = ["hc-serial", "hc-parallel", "bare-staged", "default-nav", "hugo"]
TARGET_OVERHEAD = 1.10
TARGET_PARALLEL = 0.65

# --------------------------------------------------------------------------- corpus

SECTIONS = [  # folder, icon, categories it answers, title per language
    ("orders", "material/package-variant", ["order_status", "cancellations"],
     {"en": "Orders", "es": "Pedidos", "fr": "Commandes", "de": "Bestellungen", "pt": "Pedidos"}),
    ("shipping", "material/truck-delivery", ["shipping"],
     {"en": "Shipping and delivery", "es": "Envíos y entregas", "fr": "Livraison", "de": "Versand",
      "pt": "Envio e entrega"}),
    ("returns", "material/keyboard-return", ["returns", "refunds"],
     {"en": "Returns and refunds", "es": "Devoluciones y reembolsos", "fr": "Retours et remboursements",
      "de": "Rücksendungen und Erstattungen", "pt": "Devoluções e reembolsos"}),
    ("payments", "material/credit-card-outline", ["payments", "invoices", "promotions"],
     {"en": "Payments", "es": "Pagos", "fr": "Paiements", "de": "Zahlungen", "pt": "Pagamentos"}),
    ("account", "material/account-circle", ["account"],
     {"en": "Your account", "es": "Tu cuenta", "fr": "Votre compte", "de": "Ihr Konto", "pt": "A sua conta"}),
    ("troubleshooting", "material/tools", ["product", "damaged_or_defective"],
     {"en": "Product help", "es": "Ayuda con productos", "fr": "Aide produits", "de": "Produkthilfe",
      "pt": "Ajuda com produtos"}),
]

WORDS = {
    "en": ("order parcel delivery refund return label account password payment card invoice discount code lamp "
           "linen rug curtain cushion size colour carrier tracking address courier warehouse pickup point "
           "exchange voucher receipt subscription email confirmation basket checkout stock item bulb shade "
           "cable quilt duvet towel wash fabric week day business customer team").split(),
    "es": ("pedido paquete entrega reembolso devolución etiqueta cuenta contraseña pago tarjeta factura "
           "descuento código lámpara lino alfombra cortina cojín talla color transportista seguimiento "
           "dirección mensajero almacén punto recogida cambio vale recibo suscripción correo confirmación "
           "cesta compra existencias artículo bombilla pantalla cable edredón funda toalla lavado tejido "
           "semana día laborable cliente equipo").split(),
    "fr": ("commande colis livraison remboursement retour étiquette compte mot passe paiement carte facture "
           "remise code lampe lin tapis rideau coussin taille couleur transporteur suivi adresse coursier "
           "entrepôt relais échange bon reçu abonnement courriel confirmation panier stock article ampoule "
           "abat-jour câble couette housse serviette lavage tissu semaine jour client équipe").split(),
    "de": ("Bestellung Paket Lieferung Erstattung Rücksendung Etikett Konto Passwort Zahlung Karte Rechnung "
           "Rabatt Code Lampe Leinen Teppich Vorhang Kissen Größe Farbe Versanddienst Sendungsverfolgung "
           "Adresse Kurier Lager Abholstelle Umtausch Gutschein Beleg Abo E-Mail Bestätigung Warenkorb "
           "Kasse Artikel Glühbirne Schirm Kabel Decke Bezug Handtuch Wäsche Stoff Woche Tag Kunde Team").split(),
    "pt": ("encomenda pacote entrega reembolso devolução etiqueta conta palavra-passe pagamento cartão fatura "
           "desconto código candeeiro linho tapete cortina almofada tamanho cor transportadora seguimento "
           "morada estafeta armazém ponto recolha troca vale recibo subscrição email confirmação cesto "
           "checkout stock artigo lâmpada abajur cabo edredão capa toalha lavagem tecido semana dia "
           "cliente equipa").split(),
}
GLUE = {
    "en": "the a your we you can will to of in for with and or if when after before within this that".split(),
    "es": "el la tu nosotros puedes podemos a de en para con y o si cuando después antes dentro este que".split(),
    "fr": "le la votre nous vous pouvez à de en pour avec et ou si quand après avant dans ce que".split(),
    "de": "der die Ihr wir Sie können zu von in für mit und oder wenn nach vor innerhalb diese dass".split(),
    "pt": "o a sua nós pode podemos para de em com e ou se quando depois antes dentro este que".split(),
}
PHRASES = {  # question title start, headings, table header, tip
    "en": ("How do I", ["What you need", "Step by step", "Costs and times", "If something goes wrong",
                        "Good to know"], ["Option", "Time", "Cost"], "Tip", "See also"),
    "es": ("¿Cómo puedo", ["Qué necesitas", "Paso a paso", "Costes y plazos", "Si algo sale mal",
                           "Conviene saber"], ["Opción", "Plazo", "Coste"], "Consejo", "Véase también"),
    "fr": ("Comment", ["Ce qu'il vous faut", "Étape par étape", "Coûts et délais", "En cas de problème",
                       "Bon à savoir"], ["Option", "Délai", "Coût"], "Astuce", "Voir aussi"),
    "de": ("Wie kann ich", ["Was Sie brauchen", "Schritt für Schritt", "Kosten und Fristen",
                            "Wenn etwas schiefgeht", "Gut zu wissen"], ["Option", "Dauer", "Kosten"], "Tipp",
           "Siehe auch"),
    "pt": ("Como posso", ["O que precisa", "Passo a passo", "Custos e prazos", "Se algo correr mal",
                          "Bom saber"], ["Opção", "Prazo", "Custo"], "Dica", "Ver também"),
}


def _sentence(rng: random.Random, lang: str, low: int = 8, high: int = 18) -> str:
    words = []
    for _ in range(rng.randint(low, high)):
        pool = WORDS[lang] if rng.random() < 0.55 else GLUE[lang]
        words.append(rng.choice(pool))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, lang: str, sentences: tuple[int, int] = (3, 5)) -> str:
    return " ".join(_sentence(rng, lang) for _ in range(rng.randint(*sentences)))


def _words(text: str) -> int:
    return len(text.split())


def generate(root: Path, n: int, languages: list[str], seed: int = 20260101) -> dict:
    """Write ``root/mkdocs.yml`` and ``root/content/<lang>/...``; return the corpus layout."""
    content = root / "content"
    plan = []  # (index, section folder, id)
    for i in range(n):
        folder = SECTIONS[i % len(SECTIONS)][0]
        plan.append((i, folder, f"{folder}/a{i:05d}"))
    slugs: dict[str, list[str]] = {}
    for lang in languages:
        slugs[lang] = []
        for i, _folder, _ in plan:
            r = random.Random(f"{seed}-slug-{lang}-{i}")
            w = WORDS[lang]
            slug = "-".join(x.lower() for x in (r.choice(w), r.choice(w), r.choice(w)))
            slug = "".join(c for c in slug if c.isalnum() or c == "-")
            slugs[lang].append(f"{slug.encode('ascii', 'ignore').decode().strip('-') or 'article'}-{i}")
    word_counts = []
    for lang in languages:
        start, headings, header, tip, see_also = PHRASES[lang]
        for order, (folder, icon, _, titles) in enumerate(SECTIONS, start=1):
            section = content / lang / folder
            section.mkdir(parents=True, exist_ok=True)
            rng = random.Random(f"{seed}-section-{lang}-{folder}")
            (section / "index.md").write_text(
                f"---\ntitle: {titles[lang]}\norder: {order}\nicon: {icon}\n---\n{_paragraph(rng, lang, (1, 2))}\n",
                encoding="utf-8")
        (content / lang / "index.md").write_text(f"---\ntitle: Help Center ({lang})\n---\n"
                                                 f"{_paragraph(random.Random(seed), lang, (1, 2))}\n",
                                                 encoding="utf-8")
        for i, folder, article_id in plan:
            # Structure (links, word target, categories) depends on the article only, so translations match.
            srng = random.Random(f"{seed}-article-{i}")
            rng = random.Random(f"{seed}-text-{lang}-{i}")
            categories = srng.sample(SECTIONS[i % len(SECTIONS)][2], k=1)
            target_words = srng.randint(320, 580)
            links = srng.sample(range(n), k=min(4, n - 1) if n > 1 else 0)
            links = [j for j in links if j != i][:3]
            updated = dt.date(2026, 1, 1) + dt.timedelta(days=srng.randint(0, 300))
            title = f"{start} {' '.join(rng.choice(WORDS[lang]) for _ in range(3))} ({i})?"
            if lang == "es":
                title = title.replace(")?", ")?")  # opening ¿ is already in the phrase
            summary = _sentence(rng, lang, 10, 16)
            link_md = []
            for j in links:
                target_folder = plan[j][1]
                href = f"{slugs[lang][j]}.md" if target_folder == folder else f"../{target_folder}/{slugs[lang][j]}.md"
                link_md.append(f"[{' '.join(rng.choice(WORDS[lang]) for _ in range(3))}]({href})")
            rows = "\n".join(f"| {rng.choice(WORDS[lang]).capitalize()} {rng.choice(WORDS[lang])} | "
                             f"{rng.randint(1, 14)} | {rng.randint(0, 30)}.{rng.choice(['00', '50', '90'])} € |"
                             for _ in range(4))
            parts = [
                _paragraph(rng, lang, (2, 3)),
                f"## {headings[0]}\n\n{_paragraph(rng, lang)} {link_md[0] if link_md else ''}",
                f"## {headings[1]}\n\n" + "\n".join(f"{k}. {_sentence(rng, lang, 6, 12)}" for k in range(1, 5)),
                f"## {headings[2]}\n\n| {' | '.join(header)} |\n| --- | --- | --- |\n{rows}",
            ]
            if srng.random() < 0.4:
                parts.append(f"!!! tip \"{tip}\"\n    {_sentence(rng, lang)}")
            if len(link_md) > 1:
                parts.append(f"## {headings[4]}\n\n{see_also}: " + ", ".join(link_md[1:]) + ".")
            body = "\n\n".join(parts)
            extra = 3
            while _words(body) < target_words:
                body += f"\n\n### {headings[extra % len(headings)]} {extra - 2}\n\n" if extra % 3 == 0 else "\n\n"
                body += _paragraph(rng, lang)
                extra += 1
            word_counts.append(_words(body))
            front = {"title": title, "id": article_id, "summary": summary, "categories": categories,
                     "tags": [rng.choice(WORDS[lang]) for _ in range(2)], "updated": updated}
            if srng.random() < 0.3:
                front["search_aliases"] = [" ".join(rng.choice(WORDS[lang]) for _ in range(2))]
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"
            (content / lang / folder / f"{slugs[lang][i]}.md").write_text(text + body + "\n", encoding="utf-8")

    from generator.yamlio import load_config_yaml as load_yaml

    cfg = load_yaml((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["docs_dir"] = "content"
    cfg["theme"]["custom_dir"] = str(REPO / "themes" / "helpcenter")
    hc = cfg["extra"]["helpcenter"]
    hc["languages"] = list(languages)
    hc["default_language"] = languages[0]
    hc["contact_url"] = {lang: f"https://shop.example/{lang}/contact" for lang in languages}
    hc["reports_dir"] = "reports"
    hc.pop("tickets", None)  # the build alone: no ticket exports (those are benchmarks/tickets.py)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    articles = {lang: [f"{folder}/{slugs[lang][i]}" for i, folder, _ in plan] for lang in languages}
    return {"articles": articles, "words_median": statistics.median(word_counts),
            "words_min": min(word_counts), "words_max": max(word_counts)}


# --------------------------------------------------------------------------- configs for the bare builds

def _extras_like_pipeline(config, content):
    """The Extras that ``generator.commands.build`` passes to ``build_site`` (no tickets: category names)."""
    from generator.site import Extras

    from generator.project.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(config.content_dir / "categories.yml")
    return Extras(category_names={code: {cid: taxonomy.name(cid, code) for cid in taxonomy.ids}
                                  for code in content.languages})


def prepare_bare(root: Path, languages: list[str]) -> dict[str, list[Path]]:
    """Per-language mkdocs configs: exactly what helpcenter runs (bare-staged), and plain Material."""
    from generator.project import load_project
    from generator.site.mkdocs_config import mkdocs_overrides as _overrides, theme_dir as _theme_dir
    from generator.site.staging import stage_language
    import generator.languages as langs

    _project = load_project(root / "mkdocs.yml")

    config, content = _project.config, _project.content
    theme_dir = _theme_dir(config)
    extras = _extras_like_pipeline(config, content)
    staged_cfgs, default_cfgs = [], []
    for code in languages:
        docs = root / "staged" / code
        nav = stage_language(content, content.languages[code], docs, config, extras)
        over = _overrides(config, content, code, nav, theme_dir)
        cfg = {k: v for k, v in config.raw.items() if k not in ("docs_dir", "site_dir")}
        cfg.update(over)
        cfg["docs_dir"] = str(docs)
        cfg["site_dir"] = str(root / "out-bare-staged" / code)
        path = root / f"bare-staged-{code}.yml"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        staged_cfgs.append(path)

        theme = {k: v for k, v in config.raw["theme"].items() if k != "custom_dir"}
        theme["language"] = langs.material_language(code)
        plain = {k: v for k, v in config.raw.items() if k not in ("docs_dir", "site_dir", "extra", "theme", "nav")}
        plain.update({"theme": theme, "plugins": [{"search": {"lang": [langs.lunr_language(code) or "en"]}}],
                      "docs_dir": str(root / "content" / code), "site_dir": str(root / "out-default-nav" / code),
                      "site_url": over["site_url"]})
        path = root / f"default-nav-{code}.yml"
        path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
        default_cfgs.append(path)
    return {"bare-staged": staged_cfgs, "default-nav": default_cfgs}


# --------------------------------------------------------------------------- Hugo, the floor

HUGO_LAYOUTS = {  # a minimal theme: the page's title and content, and the pages of its section
    "baseof.html": """<!doctype html>
<html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title><meta name="description" content="{{ .Params.summary }}">
</head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>
{{ with .CurrentSection }}<nav><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>{{ end }}{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    # Links to other articles by file, as MkDocs resolves them (a miss is a warning, as in MkDocs).
    "_markup/render-link.html": """{{- $u := urls.Parse .Destination -}}{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
{{- with .Page.GetPage (strings.TrimSuffix ".md" $u.Path) -}}{{- $href = .RelPermalink -}}
{{- else -}}{{- warnf "%s: broken link %s" $.Page.File.Path $.Destination -}}{{- end -}}
{{- end -}}<a href="{{ $href | safeURL }}">{{ .Text | safeHTML }}</a>""",
}


def hugo_binary() -> str | None:
    return shutil.which("hugo")


def prepare_hugo(root: Path, languages: list[str], site_url: str = "https://help.example/") -> list[list[str]]:
    """A Hugo project of the writers' Markdown; one ``hugo`` command per language.

    The articles are copied byte for byte (same YAML front matter); only ``index.md`` becomes
    ``_index.md``, because to Hugo an ``index.md`` makes its folder a leaf bundle that swallows the
    articles beside it. Taxonomy pages (Hugo would make one per tag and category) and RSS are off;
    the sitemap stays (MkDocs writes one too).
    """
    hugo = hugo_binary()
    site = root / "hugo"
    for rel, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / "_default" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    commands = []
    for code in languages:
        src = root / "content" / code
        for md in src.rglob("*.md"):
            rel = md.relative_to(src)
            target = site / "content" / code / (rel.with_name("_index.md") if rel.name == "index.md" else rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(md, target)
        cfg = site / f"config-{code}.toml"
        cfg.write_text(f'baseURL = "{site_url}{code}/"\nlanguageCode = "{code}"\ntitle = "Help Center"\n'
                       f'contentDir = "content/{code}"\ndisableKinds = ["taxonomy", "term", "RSS"]\n',
                       encoding="utf-8")
        commands.append([hugo, "--source", str(site), "--config", str(cfg),
                         "--destination", str(root / "out-hugo" / code), "--quiet"])
    return commands


# --------------------------------------------------------------------------- measuring

def _tree(root_pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _mem_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, 0 if it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeMemory(threading.Thread):
    """Peak of the summed PSS (and RSS) of a process tree, polled."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss = self.peak_rss = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pss = rss = 0
            for pid in _tree(self.pid):
                p, r = _mem_kb(pid)
                pss, rss = pss + p, rss + r
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.stop.wait(self.interval)


def _cpu_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs, from /proc/stat."""
    with open("/proc/stat") as fh:
        values = [int(x) for x in fh.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def timed(commands: list[list[str]], cwd: Path) -> dict:
    """Run ``commands`` one after another (each a fresh process); wall time, CPU time and memory of the run.

    ``others_cpu`` is the CPU (in cores) that processes outside the measured tree used meanwhile: the
    noise on a shared machine, reported so a slow run can be told from a slow build.
    """
    time_bin = shutil.which("time", path="/usr/bin:/bin")
    wall = cpu = 0.0
    peak_pss = peak_rss = max_proc = 0
    load = os.getloadavg()[0]
    busy0, total0 = _cpu_busy()
    for cmd in commands:
        with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
            full = ([time_bin, "-f", "%M %U %S", "-o", tf.name] if time_bin else []) + cmd
            started = time.perf_counter()
            proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            mem = TreeMemory(proc.pid)
            mem.start()
            _, err = proc.communicate()
            wall += time.perf_counter() - started
            mem.stop.set()
            mem.join()
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
            if time_bin:
                fields = (tf.read().strip().splitlines() or ["0 0 0"])[-1].split()
                max_proc = max(max_proc, int(fields[0]))
                cpu += float(fields[1]) + float(fields[2])
        peak_pss, peak_rss = max(peak_pss, mem.peak_pss), max(peak_rss, mem.peak_rss)
    busy1, total1 = _cpu_busy()
    cores = len(os.sched_getaffinity(0))
    busy_cores = (busy1 - busy0) / max(1, total1 - total0) * cores
    return {"wall": wall, "cpu": cpu, "tree_pss_mb": peak_pss / 1024, "tree_rss_mb": peak_rss / 1024,
            "max_proc_rss_mb": max_proc / 1024, "load1": load,
            "others_cpu": max(0.0, busy_cores - (cpu / wall if wall else 0))}


def html_sizes(out: Path, articles: dict[str, list[str]]) -> list[int]:
    return [(out / lang / url / "index.html").stat().st_size for lang, urls in articles.items() for url in urls]


def _compare(a: Path, b: Path, articles: dict[str, list[str]]) -> dict:
    """How many article pages two builds made byte-identical (proves bare-staged is what we run)."""
    same = total = 0
    for lang, urls in articles.items():
        for url in urls:
            total += 1
            same += (a / lang / url / "index.html").read_bytes() == (b / lang / url / "index.html").read_bytes()
    return {"pages": total, "identical": same}


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("index.html"))


# --------------------------------------------------------------------------- driver

def bench_size(n: int, languages: list[str], runs: int, default_runs: int, skip_default_above: int,
               keep: bool) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"hc-bench-{n}-"))
    try:
        t0 = time.perf_counter()
        layout = generate(root, n, languages)
        cfgs = prepare_bare(root, languages)
        print(f"# N={n}: generated {n}x{len(languages)} articles in {time.perf_counter() - t0:.1f} s "
              f"(words median {layout['words_median']}, min {layout['words_min']}, max {layout['words_max']}) "
              f"in {root}", file=sys.stderr, flush=True)
        hc = shutil.which("helpcenter") or str(Path(sys.executable).with_name("helpcenter"))
        mk = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
        plan = {
            "hc-serial": ([[hc, "build", "-q", "--config", "mkdocs.yml", "--site-dir", "out-hc-serial",
                            "--jobs", "1"]], root / "out-hc-serial", ""),
            "hc-parallel": ([[hc, "build", "-q", "--config", "mkdocs.yml", "--site-dir", "out-hc-parallel"]],
                            root / "out-hc-parallel", ""),
            "bare-staged": ([mk + [str(p)] for p in cfgs["bare-staged"]], root / "out-bare-staged", ""),
            "default-nav": ([mk + [str(p)] for p in cfgs["default-nav"]], root / "out-default-nav", ""),
            "hugo": (prepare_hugo(root, languages) if hugo_binary() else [], root / "out-hugo", ""),
        }
        results: dict[str, dict] = {v: {"runs": []} for v in VARIANTS}
        if not hugo_binary():
            results["hugo"]["skipped"] = "skipped: no `hugo` on PATH (apt-get install hugo)"
        if n > skip_default_above:
            results["default-nav"]["skipped"] = f"skipped: N > --skip-default-above {skip_default_above}"
        for run in range(runs):
            for variant in VARIANTS:  # interleaved, so drift in machine noise hits every variant alike
                if results[variant].get("skipped") or (variant == "default-nav" and run >= default_runs):
                    continue
                commands, out, _ = plan[variant]
                shutil.rmtree(out, ignore_errors=True)
                m = timed(commands, root)
                print(f"  N={n} run {run + 1}/{runs} {variant:12s} {m['wall']:7.2f} s wall {m['cpu']:7.2f} s CPU  "
                      f"tree PSS {m['tree_pss_mb']:.0f} MB  load {m['load1']:.1f}  others {m['others_cpu']:.2f} "
                      f"cores", file=sys.stderr, flush=True)
                results[variant]["runs"].append(m)
        same = _compare(root / "out-hc-serial", root / "out-bare-staged", layout["articles"])
        print(f"  N={n} bare-staged vs hc-serial: {same['identical']}/{same['pages']} article pages "
              f"byte-identical", file=sys.stderr, flush=True)
        for variant in VARIANTS:
            r = results[variant]
            if not r["runs"]:
                continue
            out = plan[variant][1]
            sizes = html_sizes(out, layout["articles"])
            pages = count_pages(out)
            walls = [m["wall"] for m in r["runs"]]
            r.update({
                "n_runs": len(walls), "wall_median": statistics.median(walls), "walls": walls,
                "cpu_median": statistics.median(m["cpu"] for m in r["runs"]),
                "others_cpu_median": statistics.median(m["others_cpu"] for m in r["runs"]),
                "pages": pages, "ms_per_page": 1000 * statistics.median(walls) / pages,
                "html_median": statistics.median(sizes), "html_max": max(sizes),
                "tree_pss_mb": max(m["tree_pss_mb"] for m in r["runs"]),
                "tree_rss_mb": max(m["tree_rss_mb"] for m in r["runs"]),
                "max_proc_rss_mb": max(m["max_proc_rss_mb"] for m in r["runs"]),
            })
        hugo_version = (subprocess.run([hugo_binary(), "version"], capture_output=True, text=True).stdout.strip()
                        if hugo_binary() else None)
        return {"n": n, "languages": languages, "hugo": hugo_version, "words": {k: layout[k] for k in ("words_median", "words_min",
                                                                                  "words_max")},
                "bare_staged_identical": same, "variants": results}
    finally:
        if keep:
            print(f"# kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def ratios(size: dict) -> dict:
    v = size["variants"]
    get = lambda name: v[name].get("wall_median")  # noqa: E731
    out = {}
    if get("hc-serial") and get("bare-staged"):
        out["overhead"] = get("hc-serial") / get("bare-staged")
        out["overhead_cpu"] = v["hc-serial"]["cpu_median"] / v["bare-staged"]["cpu_median"]
    if get("hc-parallel") and get("hc-serial"):
        out["parallel"] = get("hc-parallel") / get("hc-serial")
    if get("default-nav") and get("hc-serial"):
        out["default_vs_hc"] = get("default-nav") / get("hc-serial")
    if get("hugo"):
        for name in VARIANTS:
            if get(name):
                out[f"vs_hugo_{name}"] = get(name) / get("hugo")
                out[f"vs_hugo_cpu_{name}"] = v[name]["cpu_median"] / v["hugo"]["cpu_median"]
    return out


def report(sizes: list[dict], args) -> str:
    lines = ["| N per lang | variant | runs: wall s | median wall s | median CPU s | ms/page (wall) | "
             "x Hugo wall (CPU) | HTML/article median (max) | peak tree PSS | max proc RSS | other load (cores) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        rat = ratios(size)
        for variant in VARIANTS:
            r = size["variants"][variant]
            if r.get("skipped"):
                lines.append(f"| {size['n']} | {variant} | - | {r['skipped']} | | | | | | | |")
                continue
            if not r["runs"]:
                continue
            note = f"{r['n_runs']}" + (" only" if r["n_runs"] < args.runs else "")
            note += " (" + ", ".join(f"{w:.2f}" for w in r["walls"]) + ")"
            vs_hugo = (f"{rat['vs_hugo_' + variant]:.1f} ({rat['vs_hugo_cpu_' + variant]:.1f})"
                       if "vs_hugo_" + variant in rat else "n/a")
            lines.append(f"| {size['n']} | {variant} | {note} | {r['wall_median']:.2f} | {r['cpu_median']:.2f} | "
                         f"{r['ms_per_page']:.1f} | {vs_hugo} | "
                         f"{r['html_median'] / 1024:.1f} KB ({r['html_max'] / 1024:.1f} KB) | "
                         f"{r['tree_pss_mb']:.0f} MB | {r['max_proc_rss_mb']:.0f} MB | {r['others_cpu_median']:.2f} |")
    lines += ["", "| N per lang | hc serial / bare same-staged, wall (target <= 1.10) | same, CPU time | "
              "hc parallel / hc serial, wall (target <= 0.65) | default nav / hc serial, wall | "
              "hc serial / Hugo, wall | hc parallel / Hugo, wall | bare-staged / Hugo, wall |",
              "|---|---|---|---|---|---|---|---|"]
    for size in sizes:
        r = ratios(size)
        fmt = lambda key, target=None, r=r: ("n/a" if key not in r else f"{r[key]:.2f}" + (  # noqa: E731
            "" if target is None else (" ok" if r[key] <= target else " MISS")))
        lines.append(f"| {size['n']} | {fmt('overhead', TARGET_OVERHEAD)} | {fmt('overhead_cpu', TARGET_OVERHEAD)} | "
                     f"{fmt('parallel', TARGET_PARALLEL)} | "
                     f"{fmt('default_vs_hc')} | {fmt('vs_hugo_hc-serial')} | {fmt('vs_hugo_hc-parallel')} | "
                     f"{fmt('vs_hugo_bare-staged')} |")
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        lines += ["", f"Flatness N={a['n']} -> N={b['n']} (1.00 = perfectly linear):", ""]
        for variant in VARIANTS:
            ra, rb = a["variants"][variant], b["variants"][variant]
            if ra.get("runs") and rb.get("runs"):
                cpu_a, cpu_b = (1000 * r["cpu_median"] / r["pages"] for r in (ra, rb))
                lines.append(f"- {variant}: wall ms/page x{rb['ms_per_page'] / ra['ms_per_page']:.2f}, "
                             f"CPU ms/page {cpu_a:.1f} -> {cpu_b:.1f} (x{cpu_b / cpu_a:.2f}), "
                             f"HTML bytes/article x{rb['html_median'] / ra['html_median']:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="articles per language")
    parser.add_argument("--languages", type=int, default=2, help=f"how many of {', '.join(LANGS)}")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per variant (median reported)")
    parser.add_argument("--default-runs", type=int, default=None,
                        help="runs of the slow default-nav variant for N >= --default-runs-from (default: --runs)")
    parser.add_argument("--default-runs-from", type=int, default=1000,
                        help="smallest N to which --default-runs applies")
    parser.add_argument("--skip-default-above", type=int, default=1000,
                        help="skip the default-nav variant for N above this (it grows with N^2)")
    parser.add_argument("--keep", action="store_true", help="keep the generated help centers")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    if not 1 <= args.languages <= len(LANGS):
        parser.error(f"--languages must be 1..{len(LANGS)}")
    languages = LANGS[: args.languages]
    default_runs = args.runs if args.default_runs is None else args.default_runs
    sizes = [bench_size(n, languages, args.runs, default_runs if n >= args.default_runs_from else args.runs,
                        args.skip_default_above, args.keep)
             for n in args.sizes]
    table = report(sizes, args)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"build-{stamp}.json"
    path.write_text(json.dumps({
        "command": " ".join([Path(sys.argv[0]).name] + (argv if argv is not None else sys.argv[1:])),
        "date": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)), "python": platform.python_version(),
        "sizes": [dict(s, ratios=ratios(s)) for s in sizes], "table": table}, indent=2), encoding="utf-8")
    print(f"\nJSON: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
