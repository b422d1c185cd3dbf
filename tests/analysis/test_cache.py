"""generator.analysis.cache: what an analysis is stored as, and a second `helpcenter gaps` served from it."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.analysis.cache import decode, encode
from generator.analysis.classify import Classifier
from generator.analysis.rank import Ranking
from generator.project.taxonomy import load_taxonomy
from generator.tickets import Ticket
from generator.commands import gaps
from tests.conftest import write_gap_project


def test_a_ranking_report_survives_the_round_trip_through_json():
    taxonomy = load_taxonomy()
    ranking = Ranking(taxonomy)
    classifier = Classifier(taxonomy)
    for i, (subject, lang) in enumerate([("Where is my order?", "en"), ("Where is my order", "en"),
                                          ("¿Dónde está mi pedido?", "es"), ("Refund please", "en")] * 3):
        ticket = Ticket(id=str(i), created_at=None, subject=subject, body="", language=lang)
        ranking.add(ticket, classifier.classify(ticket))
    report = ranking.report()
    stored = json.loads(json.dumps(encode(report)))
    assert decode(stored).to_dict() == report.to_dict()


def test_only_our_classes_are_rebuilt():
    with pytest.raises(ValueError, match="is not allowed in the cache"):
        decode({"t": "obj", "c": "os:PathLike", "v": {}})
    with pytest.raises(TypeError, match="is not cached"):
        encode(object())


def test_an_unchanged_second_run_gives_the_same_document(tmp_path):
    project = write_gap_project(tmp_path / "p")
    first = gaps(project.config, tickets=[project.tickets]).document
    assert any((project.config.parent / ".helpcenter" / "cache").iterdir())
    second = gaps(project.config, tickets=[project.tickets]).document
    for doc in (first, second):
        doc.pop("generated", None)
    assert second == first
    shutil.rmtree(project.config.parent / ".helpcenter")
