"""The prebuilt, sharded search index of one built language folder (``search/hc/``).

Public API::

    write_search_shards(Path("site/en"), "en")   # -> ShardStats(terms, shards, pages, docs)

Runs ``generator/data/search_shards.js`` in Node.js: the language's own search worker
(``helpcenter-search.js`` around Material's) builds the lunr index from ``search/search_index.json``
exactly as the browser used to, and the script writes it split into a vocabulary, term shards and
one file per page. The page then fetches ``search/hc/setup.json`` (config, no documents) instead of
the whole index, and the worker loads only the pieces a query needs; ``generator/site/lunr.py``
runs that same worker for the findability gate. ``search_index.json`` stays as Material wrote it
(with our hidden terms): it is the input, and what stock tools read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator import i18n
from generator.errors import display_path
from generator.processes import child_preexec
from generator.site.lunr import NODE_NEEDED, SearchError

#: Target size of one term shard, in bytes of JSON before compression (about 4-6 KB gzip).
SHARD_BYTES = 16384


@dataclass(frozen=True)
class ShardStats:
    """What was written: vocabulary terms, term shards (0 when whole), pages, index entries."""

    terms: int
    shards: int
    pages: int
    docs: int
    #: The whole index is in ``setup.json`` and the browser builds it (a small site).
    whole: bool = False
    #: gzip bytes of that whole ``setup.json``, and the least a sharded first query would fetch.
    whole_gzip: int = 0
    sharded_least_gzip: int = 0


def shards_script() -> Path:
    """``generator/data/search_shards.js``, the Node.js side."""
    return Path(str(resources.files("generator").joinpath("data/search_shards.js")))


def write_search_shards(site_lang: Path, lang: str, node: str = "node",
                        shard_bytes: int = SHARD_BYTES, whole: str = "auto") -> ShardStats:
    """Write ``site_lang/search/hc/`` from ``site_lang/search/search_index.json``; raises SearchError.

    ``whole``: ``"auto"`` ships the whole index for the browser to build when its gzip size is at
    most what the least sharded first query fetches (meta, one shard, a full list of page files:
    small sites), else the shards; ``"always"`` or ``"never"`` force one way.
    """
    binary = shutil.which(node)
    if binary is None:
        raise SearchError(f"{display_path(site_lang)}: the prebuilt search index is built with Node.js: "
                          f"{NODE_NEEDED} (no `{node}` found)")
    note = i18n.strings(lang).get("search_corrected", "")
    args = [binary, str(shards_script()), "--site", str(site_lang), "--note", note,
            "--shard-bytes", str(shard_bytes), "--whole", whole]
    try:
        done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=900,
                              preexec_fn=child_preexec)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"{display_path(site_lang)}: prebuilt search index: {exc}") from exc
    lines = done.stdout.strip().splitlines()
    answer = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or "error" in answer or not answer:
        message = answer.get("error") or done.stderr.strip() or f"exit {done.returncode}"
        raise SearchError(f"{display_path(site_lang)}: prebuilt search index: {message}")
    return ShardStats(answer["terms"], answer["shards"], answer["pages"], answer["docs"], answer["whole"],
                      answer["whole_gzip"], answer["sharded_least_gzip"])
