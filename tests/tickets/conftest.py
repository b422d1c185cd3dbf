"""Factory fixtures: real export files under tmp_path, shaped like helpdesk-export-formats.md."""

import csv
import json
import logging

import pytest

ZENDESK_CSV_HEADER = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id", "Requester email",
    "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via",
    "Ticket type", "Created at", "Updated at", "Assigned at", "Organization", "Due date", "Initially assigned at",
    "Solved at", "Resolution time", "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies",
]


@pytest.fixture
def write_csv(tmp_path):
    def make(name, header, rows, delimiter=",", encoding="utf-8", newline="\r\n"):
        path = tmp_path / name
        with open(path, "w", newline="", encoding=encoding) as fp:
            w = csv.writer(fp, delimiter=delimiter, lineterminator=newline)
            w.writerow(header)
            w.writerows(rows)
        return path
    return make


@pytest.fixture
def zendesk_csv(write_csv):
    def make(rows, name="zendesk.csv", **kw):
        full = []
        for r in rows:
            row = dict.fromkeys(ZENDESK_CSV_HEADER, "")
            row.update({"Summation column": "1", **r})
            full.append([row[h] for h in ZENDESK_CSV_HEADER])
        return write_csv(name, ZENDESK_CSV_HEADER, full, **kw)
    return make


@pytest.fixture
def write_json(tmp_path):
    def make(name, data, ndjson=False):
        path = tmp_path / name
        if ndjson:
            path.write_text("\n".join(json.dumps(d) for d in data) + "\n", encoding="utf-8")
        else:
            path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return path
    return make


@pytest.fixture
def warnings(caplog, monkeypatch):
    """The warnings logged by the readers, as printed (``path:line: warning: ...``), in order."""
    monkeypatch.setattr(logging.getLogger("generator"), "propagate", True)  # the CLI's setup turns it off
    caplog.set_level(logging.WARNING, logger="generator")

    def messages(dates=False):
        """Without ``dates``, the per-file "no date we could read" warning is left out (most fixtures are undated)."""
        return [r.getMessage() for r in caplog.records if r.name.startswith("generator")
                and (dates or "date we could read" not in r.getMessage())]
    return messages
