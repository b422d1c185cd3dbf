"""The ticket analysis, cached by the exports' content and every setting that affects it.

Public API::

    cache = AnalysisCache(cache_folder(project_root))      # <root>/.helpcenter/cache/
    key = cache.key(paths, settings={"format": ..., "mapping": ..., "categories": text, ...})
    hit = cache.load(key)                 # (RankReport, ReadStats, warnings) or None
    if hit is None:
        ... analyse ...
        cache.store(key, report, stats, warnings)

An unchanged ``helpcenter build`` in CI then answers from the cache instead of re-reading a million
tickets. What goes into the key:

* each export's **content**: BLAKE2b of its bytes, read in 1 MiB blocks (a streaming pass; measured in
  ``benchmarks/README.md``). A file whose (size, mtime, ctime, inode) are those recorded the last time
  it was hashed is not read again (``files.json`` in the cache folder; ``ctime`` cannot be set back by
  ``touch``, so an edit is always seen). A path that is not a regular file (``-``, a pipe) makes the
  analysis uncacheable: ``key`` returns None;
* the **settings** the caller passes (export format, column map, ``categories.yml``'s text, questions kept
  per group...), the package version, the versions of the libraries whose output the analysis depends on
  (py3langid, the stemmers), and a **fingerprint of the code**: the bytes of every ``.py`` and data file
  of the ``generator`` package, so a changed classifier, reader or threshold is a new key even within one
  version (about 2 ms).

Entries are **gzip-compressed JSON**, not pickle: the cache folder may come back from a CI cache that
someone else's branch filled, and unpickling runs code, while reading JSON only builds data. Every entry
starts with a header (:data:`FORMAT`, :data:`VERSION`, its key); the objects in it are tagged
(``{"t": "dc", "c": "generator.analysis.rank:Question", ...}``) and only dataclasses of
:data:`ALLOWED_MODULES` are rebuilt. An entry that is unreadable, truncated, of another version or
key, or that no longer fits the classes, is ignored, deleted and rebuilt; the cache never fails a
command (a folder it can't write is logged and skipped).

Entries are written atomically (a temporary file in the folder, then :func:`os.replace`), and the
folder is bounded: past :data:`KEEP` entries the oldest are removed. Nothing unredacted is stored: an
entry holds the report (counts, our category names, redacted questions, examples and vocabulary, as
``gaps.json`` does), the read statistics and the warnings the reading logged (replayed on a hit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import importlib
import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = "helpcenter-analysis-cache"
VERSION = 1
#: Entries kept (the newest by modification time); older ones are removed when one is stored.
KEEP = 8
BLOCK = 1 << 20
#: Modules whose dataclasses an entry may rebuild.
ALLOWED_MODULES = ("generator.analysis.rank", "generator.tickets", "generator.tickets.model")
#: Libraries whose output the analysis depends on: their versions are part of the key.
LIBRARIES = ("py3langid", "whoosh-reloaded", "snowballstemmer", "PyStemmer", "pyspellchecker")
_INDEX = "files.json"
_SUFFIX = ".json.gz"


def cache_folder(root: Path) -> Path:
    """The cache folder of the project whose ``mkdocs.yml`` is in ``root``: ``root/.helpcenter/cache``."""
    return Path(root) / ".helpcenter" / "cache"


def file_digest(path: Path) -> str:
    """BLAKE2b (32 bytes, hex) of the file's bytes, read in :data:`BLOCK` blocks."""
    with open(path, "rb") as fp:
        return hashlib.file_digest(fp, lambda: hashlib.blake2b(digest_size=32)).hexdigest()


_code: str | None = None


def code_fingerprint() -> str:
    """A hash of the ``generator`` package's code and data files (computed once per process)."""
    global _code
    if _code is None:
        package = Path(__file__).resolve().parent.parent
        digest = hashlib.blake2b(digest_size=16)
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0")
                digest.update(path.read_bytes())
        _code = digest.hexdigest()
    return _code


def _library_versions() -> dict[str, str | None]:
    from importlib import metadata

    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


# --------------------------------------------------------------------------- encoding

def encode(value: Any) -> Any:
    """``value`` as JSON-ready data; dicts, tuples, sets, Counters, dates and dataclasses are tagged."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, Counter):
        return {"t": "counter", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"t": "tuple", "v": [encode(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"t": type(value).__name__, "v": [encode(v) for v in value]}
    if isinstance(value, dt.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"t": "date", "v": value.isoformat()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if cls.__module__ not in ALLOWED_MODULES:
            raise TypeError(f"{cls.__module__}.{cls.__qualname__} is not cached")
        names = [f.name for f in dataclasses.fields(value)]
        extra = [k for k in getattr(value, "__dict__", {}) if k not in names]
        return {"t": "dc", "c": f"{cls.__module__}:{cls.__qualname__}",
                "v": {name: encode(getattr(value, name)) for name in names + extra}}
    slots = getattr(type(value), "__slots__", None)
    if slots and type(value).__module__ in ALLOWED_MODULES:  # small slotted records (rank's word usage)
        cls = type(value)
        return {"t": "obj", "c": f"{cls.__module__}:{cls.__qualname__}",
                "v": {name: encode(getattr(value, name)) for name in slots}}
    raise TypeError(f"{type(value).__name__} is not cached")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`; a malformed or disallowed node raises ValueError/TypeError/KeyError."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag, items = value["t"], value["v"]
    if tag == "dict":
        return {decode(k): decode(v) for k, v in items}
    if tag == "counter":
        return Counter({decode(k): decode(v) for k, v in items})
    if tag == "tuple":
        return tuple(decode(v) for v in items)
    if tag == "set":
        return {decode(v) for v in items}
    if tag == "frozenset":
        return frozenset(decode(v) for v in items)
    if tag == "datetime":
        return dt.datetime.fromisoformat(items)
    if tag == "date":
        return dt.date.fromisoformat(items)
    if tag == "dc":
        module, _, name = value["c"].partition(":")
        if module not in ALLOWED_MODULES:
            raise ValueError(f"class {value['c']} is not allowed in the cache")
        cls = getattr(importlib.import_module(module), name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise ValueError(f"{value['c']} is not a dataclass")
        fields = {k: decode(v) for k, v in items.items()}
        init = {f.name for f in dataclasses.fields(cls) if f.init}
        obj = cls(**{k: v for k, v in fields.items() if k in init})
        for k, v in fields.items():
            if k not in init:
                object.__setattr__(obj, k, v)
        return obj
    if tag == "obj":
        module, _, name = value["c"].partition(":")
        if module not in ALLOWED_MODULES:
            raise ValueError(f"class {value['c']} is not allowed in the cache")
        cls = getattr(importlib.import_module(module), name)
        slots = getattr(cls, "__slots__", None)
        if not (isinstance(cls, type) and slots) or set(items) != set(slots):
            raise ValueError(f"{value['c']} is not a slotted record")
        obj = cls.__new__(cls)
        for k, v in items.items():
            setattr(obj, k, decode(v))
        return obj
    raise ValueError(f"unknown tag {tag!r}")


# --------------------------------------------------------------------------- the cache

class AnalysisCache:
    """Analyses stored in ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path, keep: int = KEEP):
        self.folder = Path(folder)
        self.keep = keep

    # ----------------------------------------------------------------- key

    def key(self, paths: Iterable[Path | str], settings: dict[str, Any]) -> str | None:
        """The key of analysing ``paths`` with ``settings``; None when an input can't be hashed (stdin, a
        pipe, a missing file: the analysis then reports it as it does without a cache)."""
        from generator import __version__

        files = []
        index = self._read_index()
        changed = False
        for path in paths:
            path = Path(path)
            if str(path) == "-":
                return None
            try:
                st = path.stat()
                if not path.is_file():
                    return None
                real = str(path.resolve())
                signature = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
                known = index.get(real)
                if known is not None and known[0] == signature:
                    digest = known[1]
                else:
                    digest = file_digest(path)
                    if path.stat().st_mtime_ns != st.st_mtime_ns:  # written to while we read it
                        return None
                    index[real] = [signature, digest]
                    changed = True
            except OSError:
                return None
            files.append(digest)
        if changed:
            self._write_index(index)
        material = {"files": files, "settings": settings, "version": __version__, "code": code_fingerprint(),
                    "libraries": _library_versions(), "format": [FORMAT, VERSION]}
        text = json.dumps(encode(material), sort_keys=True, ensure_ascii=True)
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def _read_index(self) -> dict[str, list]:
        try:
            data = json.loads((self.folder / _INDEX).read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == [FORMAT, VERSION] and isinstance(data.get("files"),
                                                                                                dict):
                return {k: v for k, v in data["files"].items()
                        if isinstance(v, list) and len(v) == 2 and isinstance(v[1], str)}
        except (OSError, ValueError):
            pass
        return {}

    def _write_index(self, index: dict[str, list]) -> None:
        # Bounded like the entries: the most recently hashed files.
        kept = dict(list(index.items())[-64 * self.keep:])
        self._write(_INDEX, json.dumps({"format": [FORMAT, VERSION], "files": kept}).encode("utf-8"))

    # ----------------------------------------------------------------- entries

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}{_SUFFIX}"

    def load(self, key: str | None) -> tuple[Any, Any, list[tuple[str, int, str]]] | None:
        """(report, stats, warnings) stored under ``key``, or None (absent, or broken: then removed)."""
        if key is None:
            return None
        path = self._entry(key)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fp:
                data = json.load(fp)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError) as exc:
            return self._discard(path, f"unreadable ({exc})")
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION \
                    or data.get("key") != key:
                return self._discard(path, "written by another version")
            report, stats = decode(data["report"]), decode(data["stats"])
            warnings = [(str(name), int(level), str(message)) for name, level, message in data["warnings"]]
        except (KeyError, TypeError, ValueError, AttributeError, ImportError) as exc:
            return self._discard(path, f"does not fit this version ({type(exc).__name__}: {exc})")
        try:
            os.utime(path)  # recently used: kept longest
        except OSError:
            pass
        return report, stats, warnings

    def _discard(self, path: Path, why: str) -> None:
        log.info("analysis cache: %s is %s; analysing again", path.name, why)
        try:
            path.unlink()
        except OSError:
            pass
        return None

    def store(self, key: str | None, report: Any, stats: Any, warnings: list[tuple[str, int, str]] = ()) -> None:
        """Store an analysis under ``key`` (atomically), then drop the oldest entries past :attr:`keep`."""
        if key is None:
            return
        try:
            data = {"format": FORMAT, "version": VERSION, "key": key, "report": encode(report),
                    "stats": encode(stats), "warnings": [list(w) for w in warnings]}
        except TypeError as exc:
            log.debug("analysis cache: not stored: %s", exc)
            return
        payload = gzip.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), compresslevel=5, mtime=0)
        if self._write(self._entry(key).name, payload):
            self._prune()

    def _write(self, name: str, payload: bytes) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parent / ".gitignore"
            if self.folder.parent.name == ".helpcenter" and not ignore.exists():
                ignore.write_text("# helpcenter's working folder: nothing here belongs in git\n*\n", encoding="utf-8")
            fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as fp:
                    fp.write(payload)
                os.replace(temp, self.folder / name)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError as exc:
            log.warning("analysis cache: could not write %s (%s); continuing without it", self.folder, exc)
            return False
        return True

    def _prune(self) -> None:
        try:
            entries = sorted((p for p in self.folder.iterdir() if p.name.endswith(_SUFFIX)),
                             key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in entries[self.keep:]:
                old.unlink()
        except OSError as exc:
            log.debug("analysis cache: pruning failed: %s", exc)


class WarningLog(logging.Handler):
    """Collects the warnings logged under ``generator`` while an analysis runs, to replay on a cache hit."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> WarningLog:
        logging.getLogger("generator").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("generator").removeHandler(self)


def replay(warnings: Iterable[tuple[str, int, str]]) -> None:
    """Log the warnings a cached analysis logged when it ran."""
    for name, level, message in warnings:
        logging.getLogger(name).log(level, "%s", message)
