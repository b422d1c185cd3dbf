"""The shipped search, outside the browser: what a shopper's query finds on a built site.

Public API::

    with LunrSearch("site/en") as search:            # our build (folding wrapper)
        search.search("wheres my parcel")            # ["orders/where-is-my-order/", ...]
        search.search_many(["money back", "refund"]) # one list per query
        search.hits("money back")                    # [Hit(location, score, missing), ...]
    with LunrSearch("stock-site/en", stock=True):    # a plain Material build
        ...

It runs the search worker that ``site/<lang>/`` ships (Material's lunr worker inside our
``helpcenter-search.js`` wrapper, or Material's alone with ``stock=True``) in one Node.js
process (``generator/data/lunr_search.js``), fed the same setup message and the same raw
query text as Material's search box. For our builds that is the prebuilt index of
``search/hc/`` (``generator/site/search_index.py``), read shard by shard as the browser
fetches it, typo correction included (``search.correction("reciept")`` -> ``"receipt"``). Results are the pages the box lists, in its order, so
the ranking is the browser's (``tests/test_lunr.py`` checks that against Chromium).
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator.errors import HelpcenterError, Problem, display_path
from generator.processes import child_preexec

log = logging.getLogger(__name__)

NODE_NEEDED = ("Node.js 18 or later is needed to run the shipped search outside the browser; install it "
               "(apt-get install nodejs) or pass the path of its `node` binary")


class SearchError(HelpcenterError):
    """The shipped search could not be run (no Node.js, no search index, a broken worker)."""


@dataclass(frozen=True)
class Hit:
    """One result of the search box: a page and how Material scored it."""

    location: str
    """The page, relative to the language folder (``returns/how-to-return/``; ``""`` is the home page)."""
    score: float
    """Material's score for the page's best entry (``data-md-score``)."""
    missing: tuple[str, ...] = ()
    """Query terms Material shows as "Missing" under the page."""


def script_path() -> Path:
    """``generator/data/lunr_search.js``, the Node.js side."""
    return Path(str(resources.files("generator").joinpath("data/lunr_search.js")))


class LunrSearch:
    """One Node.js process running one language's shipped search; a context manager."""

    def __init__(self, site_lang_dir: Path | str, stock: bool = False, node: str = "node"):
        self.site = Path(site_lang_dir)
        self.stock = stock
        index = self.site / "search" / "search_index.json"
        if not index.is_file():
            raise SearchError(problems=[Problem(
                display_path(index), 0,
                "no search index: build the site first (`helpcenter build`) and point at one language's "
                "folder, such as site/en", code="no-search-index")])
        self.node = shutil.which(node)
        if self.node is None:
            raise SearchError(f"{NODE_NEEDED} (no `{node}` found)")
        self._proc: subprocess.Popen | None = None
        self._stderr: deque[str] = deque(maxlen=20)
        self.worker = ""
        """The worker the page starts, relative to the language folder (set once started)."""

    # ------------------------------------------------------------------ process

    def __enter__(self) -> LunrSearch:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start Node.js and set the index up (done by ``with`` or the first search)."""
        if self._proc is not None:
            return
        args = [self.node, str(script_path()), "--site", str(self.site)] + (["--stock"] if self.stock else [])
        try:
            self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1,
                                          preexec_fn=child_preexec)
        except OSError as exc:
            raise SearchError(f"{NODE_NEEDED} ({self.node}: {exc.strerror})") from exc
        threading.Thread(target=self._drain, args=(self._proc.stderr,), daemon=True).start()
        ready = self._read()
        if not ready.get("ready"):
            self.close()
            raise SearchError(self._explain(ready.get("error", "the search worker did not start")))
        self.worker = ready["worker"]
        log.debug("search worker %s ready for %s (%d entries)", self.worker, self.site, ready["docs"])

    def close(self) -> None:
        """Stop the Node.js process."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        proc.stdout.close()

    def _drain(self, stream) -> None:
        for line in stream:
            line = line.rstrip("\n")
            self._stderr.append(line)
            log.debug("lunr_search.js: %s", line)

    def _read(self) -> dict:
        line = self._proc.stdout.readline()
        if not line:
            code = self._proc.wait()
            raise SearchError(self._explain(f"the search process stopped (exit {code})"))
        return json.loads(line)

    def _explain(self, message: str) -> str:
        node = "" if "Node.js" not in message else f"; {NODE_NEEDED}"
        tail = "\n".join(self._stderr)
        return f"{display_path(self.site)}: shipped search: {message}{node}" + (f"\n{tail}" if tail else "")

    # ------------------------------------------------------------------ queries

    def hits(self, query: str, limit: int = 10) -> list[Hit]:
        """What the search box lists for ``query`` (typed as is), one hit per page, best first."""
        return self.hits_many([query], limit)[0]

    def hits_many(self, queries: Iterable[str], limit: int = 10) -> list[list[Hit]]:
        """:meth:`hits` for each query, streamed through the one process."""
        return [[Hit(r["location"], r["score"], tuple(r["missing"])) for r in answer["results"]]
                for answer in self._answers(queries, limit)]

    def correction(self, query: str) -> str | None:
        """The corrected query the box says it shows results for ("Showing results for ..."), if any."""
        return self._answers([query], 1)[0].get("corrected")

    def _answers(self, queries: Iterable[str], limit: int) -> list[dict]:
        self.start()
        queries = list(queries)
        writer = threading.Thread(target=self._write, args=(queries, limit), daemon=True)
        writer.start()
        answers = []
        for _ in queries:
            answer = self._read()
            if "error" in answer:
                raise SearchError(self._explain(answer["error"]))
            answers.append(answer)
        writer.join()
        return answers

    def _write(self, queries: list[str], limit: int) -> None:
        try:
            for query in queries:
                self._proc.stdin.write(json.dumps({"q": query, "limit": limit}) + "\n")
            self._proc.stdin.flush()
        except (OSError, ValueError):  # the process died: the reader reports it
            pass

    def search(self, query: str, limit: int = 10) -> list[str]:
        """The pages the search box lists for ``query``, in its order (at most ``limit``)."""
        return [hit.location for hit in self.hits(query, limit)]

    def search_many(self, queries: Iterable[str], limit: int = 10) -> list[list[str]]:
        """:meth:`search` for each query, streamed through the one process."""
        return [[hit.location for hit in hits] for hits in self.hits_many(queries, limit)]
