"""``helpcenter tickets``: exit codes and exact messages."""

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "_tickets" / "lumen-loom-gorgias.csv"


def run(*args):
    return CliRunner().invoke(main, ["tickets", *args, "--config", "none.yml"])


def test_sample_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(str(SAMPLE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tickets"]["total"] == 3000
    assert set(data["tickets"]["by_language"]) >= {"en", "es", "fr"}
    ids = [c["id"] for c in data["categories"]]
    assert ids[:2] == ["order_status", "returns"]
    assert [c["tickets"] for c in data["categories"]] == sorted((c["tickets"] for c in data["categories"]), reverse=True)
    text = json.dumps(data["questions"])
    assert "@example.com" not in text and "+44 7" not in text
    assert result.stderr.startswith("helpcenter: read 3000 rows (")


def test_text_table(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,subject,language\n1,where is my order,en\n2,,en\n")
    result = run(str(f))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 tickets (en 1); 0 unclassified"
    assert result.stderr.endswith("; 1 skipped (1 no subject or body text); 0 unclassified\n")


def test_missing_file():
    result = run("nope.csv")
    assert result.exit_code == 1
    assert result.stderr == "nope.csv: error: ticket export not found; check the path\n"


def test_bad_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text('[{"id": 1, "subject": "a"},\n{"id": 2,}]')
    result = run("bad.json")
    assert result.exit_code == 1
    assert result.stderr == ("bad.json:2: error: bad JSON: Expecting property name enclosed in double quotes "
                             "(column 10)\n")


def test_unknown_ticket_format(tmp_path):
    result = run("x.csv", "--ticket-format", "bogus")
    assert result.exit_code == 2
    assert "Error: Invalid value for '--ticket-format': unknown format 'bogus'; use one of auto, zendesk-csv," \
        in result.stderr


def test_bad_map():
    result = run("x.csv", "--map", "body")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--map': 'body' is not field=Column "
                                  "(for example body=Description)\n")


def test_map_column_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("g.csv").write_text("Ref,Message\n1,hi\n")
    result = run("g.csv", "--map", "body=Text")
    assert result.exit_code == 1
    assert result.stderr == "g.csv:1: error: --map body=Text: no such column; the columns are Ref, Message\n"
