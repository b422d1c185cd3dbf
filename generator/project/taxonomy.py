"""The ticket-category taxonomy: the built-in e-commerce one, extended by ``content/categories.yml``.

Built-in data lives in ``generator/data/taxonomy.yml`` (ids of SPEC section 4, names and
keywords in en, es, fr, de, pt). A help center may add a ``categories.yml`` in its content
folder::

    categories:
      gift_wrapping:                       # a new id: needs a name (at least one language)
        name: {en: Gift wrapping, es: Envolver para regalo}
        keywords:                          # one line per question; " | " separates variants
          en: [gift wrap | gift wrapping | wrapped as a gift, gift message]
        tags: [giftwrap]                   # export tags/types that mean this id
      shipping:                            # an existing id: names override, keywords/tags extend
        keywords: {en: [postage stamp]}
    map:
      tags: {wismo: order_status, "where-is-my-order": order_status}   # export tag -> id
      type: {"Refund request": refunds}    # export ticket type / category field value -> id
      category: {Lieferung: shipping}      # same table as type (for exports that call it category)

Tags and values are compared loosely (case, accents, spaces, dashes, underscores ignored).
Every problem is collected and raised as one :class:`~generator.errors.ConfigError` whose
lines read ``content/categories.yml:LINE: error: ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from generator import languages
from generator.text import fold
from generator.yamlio import compose_file
from generator.errors import ConfigError, Problem, display_path

UNCLASSIFIED = "unclassified"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KEY_SEP = re.compile(r"[^0-9a-z]+")


def map_key(value: str) -> str:
    """How tags and types are compared: ``Where-Is My_Order`` -> ``where_is_my_order``."""
    return _KEY_SEP.sub("_", fold(value)).strip("_")


@dataclass(frozen=True)
class Category:
    """One category: stable id, names and keyword lines per language."""

    id: str
    names: dict[str, str]
    keywords: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """lang -> question lines -> variants (``where is my order``, ``wheres my order``...)."""
    tags: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        """The name in ``lang``, else English, else the id."""
        return self.names.get(lang) or self.names.get("en") or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class Taxonomy:
    """Categories plus the tables that map export signals onto them."""

    categories: dict[str, Category]
    tag_map: dict[str, str]
    """``map_key(tag)`` -> category id."""
    type_map: dict[str, str]
    """``map_key(ticket type or category value)`` -> category id."""
    glue: dict[str, frozenset[str]]
    """lang -> little words skipped when matching phrases."""

    @property
    def ids(self) -> list[str]:
        return list(self.categories)

    def name(self, category_id: str, lang: str = "en") -> str:
        """Display name of an id (``Unclassified`` for :data:`UNCLASSIFIED`)."""
        if category_id in self.categories:
            return self.categories[category_id].name(lang)
        return "Unclassified" if category_id == UNCLASSIFIED else category_id

    def languages(self) -> list[str]:
        """Languages that have keywords."""
        return sorted({lang for c in self.categories.values() for lang in c.keywords})


def _split_line(line: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in str(line).split("|") if v.strip())


def _from_data(data: dict) -> tuple[dict[str, dict], dict[str, frozenset[str]]]:
    cats: dict[str, dict] = {}
    for cid, spec in data["categories"].items():
        cats[cid] = {
            "names": dict(spec.get("name") or {}),
            "keywords": {lang: [_split_line(line) for line in lines] for lang, lines in (spec.get("keywords") or {}).items()},
            "tags": list(spec.get("tags") or []),
        }
    glue = {lang: frozenset(fold(w) for w in words) for lang, words in (data.get("glue") or {}).items()}
    return cats, glue


def _builtin() -> dict:
    text = resources.files("generator").joinpath("data/taxonomy.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)  # every scalar is text ("no", "on" too)


def load_taxonomy(categories_file: Path | str | None = None) -> Taxonomy:
    """The built-in taxonomy, extended by ``categories_file`` when given and present."""
    cats, glue = _from_data(_builtin())
    tag_map: dict[str, str] = {}
    type_map: dict[str, str] = {}
    for cid, spec in cats.items():
        for value in [cid, *spec["tags"], *spec["names"].values()]:
            tag_map.setdefault(map_key(value), cid)
            type_map.setdefault(map_key(value), cid)
    if categories_file is not None and Path(categories_file).is_file():
        _apply_user_file(Path(categories_file), cats, tag_map, type_map)
    categories = {
        cid: Category(cid, spec["names"], {lang: tuple(lines) for lang, lines in spec["keywords"].items()},
                      tuple(spec["tags"]))
        for cid, spec in cats.items()
    }
    return Taxonomy(categories, tag_map, type_map, glue)


# ----------------------------------------------------------------------------------------- validation

def _apply_user_file(path: Path, cats: dict[str, dict], tag_map: dict[str, str], type_map: dict[str, str]) -> None:
    shown = display_path(path)
    root = compose_file(path, shown)
    if root is None:
        return
    problems: list[Problem] = []

    def bad(node: yaml.Node, message: str) -> None:
        problems.append(Problem(shown, node.start_mark.line + 1, message))

    if not isinstance(root, yaml.MappingNode):
        bad(root, "expected a mapping with `categories:` and/or `map:`")
        raise ConfigError(problems=problems)
    pending_maps: list[tuple[str, yaml.Node, yaml.Node]] = []
    for key_node, value_node in root.value:
        key = key_node.value
        if key == "categories":
            _user_categories(value_node, cats, bad)
        elif key == "map":
            if not isinstance(value_node, yaml.MappingNode):
                bad(value_node, "`map` must be a mapping with `tags`, `type` or `category`")
                continue
            for kind_node, table in value_node.value:
                if kind_node.value not in ("tags", "type", "category"):
                    bad(kind_node, f"unknown map {kind_node.value!r}; use tags, type or category")
                elif not isinstance(table, yaml.MappingNode):
                    bad(table, f"`map.{kind_node.value}` must map export values to category ids, "
                               "for example {wismo: order_status}")
                else:
                    pending_maps.append((kind_node.value, kind_node, table))
        else:
            bad(key_node, f"unknown key {key!r}; use `categories` and `map`")
    for cid, spec in cats.items():
        for value in [cid, *spec["tags"]]:
            tag_map.setdefault(map_key(value), cid)
            type_map.setdefault(map_key(value), cid)
    known = ", ".join(sorted(cats))
    for kind, _kind_node, table in pending_maps:
        target = tag_map if kind == "tags" else type_map
        for src, dst in table.value:
            if not isinstance(dst, yaml.ScalarNode) or not isinstance(src, yaml.ScalarNode) or not src.value:
                bad(src, f"`map.{kind}` entries are `export value: category_id`")
            elif dst.value not in cats:
                bad(dst, f"map.{kind}: unknown category id {dst.value!r} for {src.value!r}; known ids are {known}")
            else:
                target[map_key(src.value)] = dst.value
    if problems:
        raise ConfigError(problems=problems)


def language_ok(code: str) -> bool:
    return languages.is_known(code) or languages.is_known(languages.base(code))


def _user_categories(node: yaml.Node, cats: dict[str, dict], bad) -> None:
    if not isinstance(node, yaml.MappingNode):
        bad(node, "`categories` must map category ids to {name, keywords, tags}")
        return
    for id_node, spec in node.value:
        cid = id_node.value
        if not isinstance(id_node, yaml.ScalarNode) or not _ID.match(str(cid)):
            bad(id_node, f"category id {cid!r} must be lower-case letters, digits and _ (like gift_wrapping)")
            continue
        is_new = cid not in cats
        entry = cats.setdefault(cid, {"names": {}, "keywords": {}, "tags": []})
        if spec is None or (isinstance(spec, yaml.ScalarNode) and spec.value == ""):
            spec = yaml.MappingNode("tag:yaml.org,2002:map", [], start_mark=id_node.start_mark)
        if not isinstance(spec, yaml.MappingNode):
            bad(spec, f"category {cid!r} must be a mapping with name, keywords and tags")
            continue
        seen = set()
        for key_node, value in spec.value:
            key = key_node.value
            seen.add(key)
            if key == "name":
                if isinstance(value, yaml.ScalarNode) and value.value:
                    entry["names"]["en"] = value.value
                elif isinstance(value, yaml.MappingNode):
                    for lang_node, name_node in value.value:
                        if not language_ok(lang_node.value):
                            bad(lang_node, f"unknown language code {lang_node.value!r} in {cid}.name")
                        elif not isinstance(name_node, yaml.ScalarNode) or not name_node.value:
                            bad(name_node, f"{cid}.name.{lang_node.value} must be text")
                        else:
                            entry["names"][lang_node.value] = name_node.value
                else:
                    bad(value, f"{cid}.name must be text or a mapping of language to text, like {{en: Gift wrapping}}")
            elif key == "keywords":
                if not isinstance(value, yaml.MappingNode):
                    bad(value, f"{cid}.keywords must map a language to a list, like {{en: [gift wrap]}}")
                    continue
                for lang_node, lines in value.value:
                    if not language_ok(lang_node.value):
                        bad(lang_node, f"unknown language code {lang_node.value!r} in {cid}.keywords")
                    elif not isinstance(lines, yaml.SequenceNode) or not all(
                            isinstance(n, yaml.ScalarNode) and n.value for n in lines.value):
                        bad(lines, f"{cid}.keywords.{lang_node.value} must be a list of phrases")
                    else:
                        entry["keywords"].setdefault(lang_node.value, []).extend(
                            _split_line(n.value) for n in lines.value)
            elif key == "tags":
                if not isinstance(value, yaml.SequenceNode) or not all(
                        isinstance(n, yaml.ScalarNode) and n.value for n in value.value):
                    bad(value, f"{cid}.tags must be a list of export tags")
                else:
                    entry["tags"].extend(n.value for n in value.value)
            else:
                bad(key_node, f"unknown key {key!r} in category {cid!r}; use name, keywords and tags")
        if is_new and not entry["names"]:
            bad(id_node, f"new category {cid!r} needs a name, for example `name: {{en: ...}}`")
