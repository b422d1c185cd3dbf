"""Hostile and unusual inputs: every one is read, or is a TicketError naming the file (and line) and the fix.

Each test writes a real file (or pipe, or FIFO) and checks the exact message the CLI would print
after ``helpcenter: ``. Before this round these ended in ``internal error`` (RecursionError,
IndexError, UnicodeDecodeError, "underlying stream is not seekable"), hung (FIFOs), or read
gzip and UTF-16 as cp1252 garbage.
"""

import gzip
import io
import json
import os
import sys
import threading
import time

import pytest

import generator.tickets.inputs as inputs
import generator.tickets.source as source
from generator.errors import TicketError
from generator.tickets import ReadStats, read_tickets


def en(text):  # language detector stub: tests don't depend on the model
    return "en"


def read(paths, **kw):
    stats = ReadStats()
    return list(read_tickets(paths, stats=stats, detect_language=kw.pop("detect", en), **kw)), stats


def error_of(paths, **kw) -> str:
    with pytest.raises(TicketError) as exc:
        read(paths, **kw)
    return str(exc.value)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files as the user typed them


CSV = "id,subject,language\r\n1,where is my order,en\r\n2,mi pedido no llega,es\r\n"


# --------------------------------------------------------------------------- JSON nesting

def test_json_array_nested_a_thousand_deep(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 1000 + "]" * 1000)
    assert error_of(["deep.json"]) == ("deep.json:1: error: bad JSON: nested deeper than 64 levels, which no ticket "
                                       "export is; check that this is the export file (or export it again)")


def test_json_record_with_a_deep_value(tmp_path):
    deep = "[" * 65 + "]" * 65
    (tmp_path / "deep.json").write_text(f'{{"tickets": [\n{{"id": 1, "subject": "hi"}},\n{{"id": 2, "x": {deep}}}]}}')
    assert error_of(["deep.json"]) == ("deep.json:3: error: bad JSON: nested deeper than 64 levels, which no ticket "
                                       "export is; check that this is the export file (or export it again)")


def test_json_nesting_within_the_limit_reads(tmp_path):
    fine = "[" * 60 + "]" * 60
    (tmp_path / "ok.json").write_text(f'[{{"id": 1, "subject": "where is my parcel", "x": {fine}, "y": "{"[" * 99}"}}]')
    (t,), _ = read(["ok.json"])
    assert t.subject == "where is my parcel"


def test_json_number_too_long(tmp_path):
    (tmp_path / "n.json").write_text('[{"id": ' + "9" * 5000 + ', "subject": "hi"}]')
    assert error_of(["n.json"]) == "n.json:1: error: bad JSON: a number has more than 4,300 digits; is the file a " \
                                   "ticket export?"


def test_json_record_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "RECORD_LIMIT", 100_000)
    (tmp_path / "big.json").write_text('[{"id": 1, "subject": "ok"},\n{"id": 2, "body": "' + "x" * 300_000)
    assert error_of(["big.json"]) == ("big.json:2: error: bad JSON: a record is longer than 100,000 characters; is a "
                                      "quote (\") or a bracket left open?")


# --------------------------------------------------------------------------- language cells

@pytest.mark.parametrize("cell", ["´", " ´ ", "\u0301", "()", "-"])
def test_language_cell_without_letters_is_detected_instead(tmp_path, cell):
    (tmp_path / "l.csv").write_text(f"id,subject,language\n1,where is my order,{cell}\n", encoding="utf-8")
    (t,), stats = read(["l.csv"])
    assert t.language == "en" and stats.detected_language == 1


# --------------------------------------------------------------------------- encodings

def test_utf8_cut_inside_the_last_character_reads_without_it(tmp_path, warnings):
    data = "id,subject\n1,Ágata: café ok\n2,where is my parcel 😀".encode()[:-2]
    (tmp_path / "cut.csv").write_bytes(data)
    tickets, _ = read(["cut.csv"])
    assert [t.subject for t in tickets] == ["Ágata: café ok", "where is my parcel"]
    assert warnings() == ["cut.csv:3: warning: the file ends in the middle of a UTF-8 character (was it cut short?); "
                          "the incomplete character is left out"]


def test_utf8_damaged_in_the_middle_names_the_line(tmp_path):
    data = "id,subject\n1,café 😀\n".encode() + b"2,broken \xf0\x9f here\n3,fine\n"
    (tmp_path / "bad.csv").write_bytes(data)
    assert error_of(["bad.csv"]) == ("bad.csv:3: error: not valid UTF-8 (byte 0xf0), though the lines before are "
                                     "UTF-8: the file is damaged or mixes encodings; export it again, or drop the bad "
                                     "bytes with iconv -c -f utf-8 -t utf-8 FILE > FIXED")


def test_utf8_damaged_after_the_first_chunk(tmp_path):
    rows = "".join(f"{i},café número {i}\n" for i in range(2, 20_000))
    (tmp_path / "bad.csv").write_bytes(b"id,subject\n" + rows.encode() + b"20000,caf\xe9\n")
    assert error_of(["bad.csv"]).startswith("bad.csv:20000: error: not valid UTF-8 (byte 0xe9), though the lines ")


def test_ascii_then_cp1252_is_read_as_cp1252_from_the_start(tmp_path, warnings):
    rows = "".join(f"{i},plain text {i}\r\n" for i in range(2, 10_000))
    (tmp_path / "win.csv").write_bytes(b"id,subject\r\n" + rows.encode() + "10000,Réclamation\r\n".encode("cp1252"))
    tickets, _ = read(["win.csv"])
    assert tickets[-1].subject == "Réclamation" and len(tickets) == 9999
    assert warnings() == ["win.csv:10000: warning: not valid UTF-8 (byte 0xe9); read as cp1252. Save the export as "
                          "UTF-8 to be sure accents are right"]


def test_cp1252_ending_in_an_accent_and_undefined_bytes(tmp_path, warnings):
    (tmp_path / "w.csv").write_bytes(b"id,subject\n1,\x80 caf\x81 \x9c\n2,caf\xe9")
    tickets, _ = read(["w.csv"])
    assert [t.subject for t in tickets] == ["€ caf\x81 œ", "café"]
    assert warnings() == ["w.csv:2: warning: not valid UTF-8 (byte 0x80); read as cp1252. Save the export as UTF-8 "
                          "to be sure accents are right"]


@pytest.mark.parametrize("encoding, name", [("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                            ("utf-32", "utf-32-le"), ("utf-32-be", "utf-32-be"), ("utf-8-sig", "")])
def test_byte_order_marks(tmp_path, warnings, encoding, name):
    data = CSV.replace("where is my order", "où est ma commande 😀").encode(encoding)
    if encoding.endswith("-be"):
        data = "\ufeff".encode(encoding) + data
    (tmp_path / "u.csv").write_bytes(data)
    tickets, stats = read(["u.csv"])
    assert [t.subject for t in tickets] == ["où est ma commande 😀", "mi pedido no llega"]
    assert stats.files == {"u.csv": "csv"} and warnings() == []


def test_utf16_json(tmp_path):
    (tmp_path / "u.json").write_bytes(json.dumps([{"id": 1, "subject": "Réclamation"}]).encode("utf-16"))
    (t,), stats = read(["u.json"])
    assert t.subject == "Réclamation" and stats.files == {"u.json": "jsonl"}


def test_utf16_cut_short(tmp_path, warnings):
    (tmp_path / "u.csv").write_bytes(CSV.encode("utf-16")[:-1])
    tickets, _ = read(["u.csv"])
    assert [t.subject for t in tickets] == ["where is my order", "mi pedido no llega"]
    assert warnings() == ["u.csv:4: warning: the file ends in the middle of a UTF-16 character (was it cut short?); "
                          "the incomplete character is left out"]


def test_utf16_damaged(tmp_path):
    (tmp_path / "u.csv").write_bytes(CSV.encode("utf-16") + "\n3,".encode("utf-16-le") + b"\x00\xdcx\x00")
    assert error_of(["u.csv"]) == ("u.csv:5: error: not valid UTF-16 (its byte-order mark says UTF-16); the file is "
                                   "damaged: export it again, or re-save it as UTF-8")


# --------------------------------------------------------------------------- compression

def test_gzip_by_its_magic_bytes(tmp_path):
    (tmp_path / "export.csv.gz").write_bytes(gzip.compress(CSV.encode("utf-16")))
    (tmp_path / "export.bin").write_bytes(gzip.compress(json.dumps({"tickets": [{"id": 1, "subject": "x y"}]}).encode()))
    tickets, stats = read(["export.csv.gz", "export.bin"])
    assert [t.subject for t in tickets] == ["where is my order", "mi pedido no llega", "x y"]
    assert stats.files == {"export.csv.gz": "csv", "export.bin": "jsonl"}


def test_gzip_cut_short(tmp_path):
    data = gzip.compress((CSV * 200).encode())
    (tmp_path / "cut.csv.gz").write_bytes(data[: len(data) // 2])
    assert error_of(["cut.csv.gz"]) == ("cut.csv.gz: error: the gzip data ends early (the file is incomplete); "
                                        "download or copy the export again")


def test_gzip_damaged(tmp_path):
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 40)
    assert error_of(["bad.gz"]).startswith("bad.gz: error: is not valid gzip (")


def test_zip_that_is_no_workbook_is_refused(tmp_path):
    import zipfile
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("tickets.csv", "id,subject\n1,hello\n")
    assert error_of(["export.zip"]) == ("export.zip: error: is a ZIP archive, not an Excel workbook; unzip it, or "
                                        "export the tickets as CSV, JSON or Excel")


def test_damaged_workbook_names_the_fix(tmp_path):
    (tmp_path / "export.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert error_of(["export.xlsx"]) == ("export.xlsx: error: is not a readable Excel workbook (Cannot detect file "
                                         "format); open it in Excel and save it again as .xlsx, or export the "
                                         "tickets as CSV")


# --------------------------------------------------------------------------- stdin, pipes, FIFOs, devices

def _pipe_with_writer(data: bytes) -> tuple[int, threading.Thread]:
    """The read end of a pipe, and the thread writing ``data`` into it (more than a pipe buffer holds)."""
    read_fd, write_fd = os.pipe()

    def write():
        with open(write_fd, "wb") as fp:
            fp.write(data)
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return read_fd, thread


def test_stdin_dash_not_seekable(monkeypatch):
    data = ("id,subject\n" + "".join(f"{i},where is parcel {i}\n" for i in range(1, 20_001))).encode()
    read_fd, writer = _pipe_with_writer(data)
    stdin = io.TextIOWrapper(open(read_fd, "rb"))
    monkeypatch.setattr(sys, "stdin", stdin)
    tickets, stats = read(["-"])
    writer.join(5)
    stdin.close()
    assert len(tickets) == 20_000 and tickets[-1].subject == "where is parcel 20000"
    assert stats.files == {"<stdin>": "csv"}


def test_stdin_without_ids_names_rows_by_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"subject\nhello there\n")))
    (t,), _ = read(["-"])
    assert t.id == "<stdin>:2"


def test_stdin_that_is_a_terminal_is_refused(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Terminal())
    assert error_of(["-"]) == ("<stdin>: error: standard input is a terminal; pipe an export in, for example: "
                               "helpcenter tickets - < export.csv")


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="needs /dev/fd")
def test_process_substitution_pipe():
    data = gzip.compress(("id,subject\n" + "".join(f"{i},parcel {i}\n" for i in range(1, 5001))).encode())
    read_fd, writer = _pipe_with_writer(data)
    try:
        tickets, stats = read([f"/dev/fd/{read_fd}"])
    finally:
        os.close(read_fd)
    writer.join(5)
    assert len(tickets) == 5000 and stats.files == {f"/dev/fd/{read_fd}": "csv"}


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "export.fifo"
    os.mkfifo(path)
    unblock = threading.Event()

    def guard():  # if the reader ever blocks for good, be its writer and hang up, so the test fails, not hangs
        if not unblock.wait(20):
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    threading.Thread(target=guard, daemon=True).start()
    yield path
    unblock.set()


def test_fifo_with_a_writer(fifo):
    def write():
        with open(fifo, "w", encoding="utf-8") as fp:  # blocks until the reader opens it
            fp.write(CSV)
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    tickets, stats = read(["export.fifo"])
    writer.join(5)
    assert [t.subject for t in tickets] == ["where is my order", "mi pedido no llega"]
    assert stats.files == {"export.fifo": "csv"}


def test_fifo_whose_writer_starts_late(fifo, monkeypatch):
    monkeypatch.setattr(inputs, "FIFO_WAIT", 10.0)

    def write():
        time.sleep(0.3)
        with open(fifo, "w", encoding="utf-8") as fp:
            fp.write(CSV)
    threading.Thread(target=write, daemon=True).start()
    tickets, _ = read(["export.fifo"])
    assert len(tickets) == 2


def test_fifo_without_a_writer_is_an_error_not_a_hang(fifo, monkeypatch):
    monkeypatch.setattr(inputs, "FIFO_WAIT", 0.2)
    start = time.monotonic()
    assert error_of(["export.fifo"]) == ("export.fifo: error: nothing is writing to this FIFO (waited 0.2 s); start "
                                         "the program that writes the export first, or save it to a file")
    assert time.monotonic() - start < 5


def test_fifo_writer_that_writes_nothing(fifo, warnings):
    def write():
        open(fifo, "wb").close()
    threading.Thread(target=write, daemon=True).start()
    tickets, stats = read(["export.fifo"])
    assert tickets == [] and stats.files == {"export.fifo": "empty"}
    assert warnings() == ["export.fifo: warning: the export is empty"]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_devices_are_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert error_of([device]) == (f"{device}: error: is not a regular file or a pipe (a device or socket); pass the "
                                  "export file, or pipe it in with -")


def test_folder_and_missing_file(tmp_path):
    (tmp_path / "exports").mkdir()
    assert error_of(["exports"]) == "exports: error: is a folder; pass the export file itself"
    assert error_of(["nope.csv"]) == "nope.csv: error: ticket export not found; check the path"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.csv"
    path.write_text(CSV)
    path.chmod(0)
    assert error_of(["locked.csv"]) == "locked.csv: error: cannot read the file: Permission denied"


# --------------------------------------------------------------------------- CSV size limits

def test_field_longer_than_64_mb(tmp_path):
    """A real 65 MB field (an unclosed quote over many lines): the row where it starts is named."""
    with open(tmp_path / "quote.csv", "w", encoding="utf-8") as fp:
        fp.write('id,body\n1,ok\n2,"never closed\n')
        line = "x" * 1023 + "\n"
        for _ in range(65 * 1024):
            fp.write(line)
    assert error_of(["quote.csv"]) == ("quote.csv:3: error: unreadable CSV: a field is longer than 64 MB; the file "
                                       "probably has an unclosed quote (\") in this row or one before it: close it, "
                                       "or remove the row")


def test_line_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "LINE_LIMIT", 10_000)
    (tmp_path / "one.csv").write_text("id,body\n1,ok\n2," + "x" * 20_000 + "\n3,ok\n")
    assert error_of(["one.csv"]) == ("one.csv:3: error: unreadable CSV: a line is longer than 10,000 characters; is "
                                     "this really a CSV export?")


def test_row_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(source, "ROW_LIMIT", 10_000)
    fields = ",".join(f'"{i}\n"' for i in range(5000))
    (tmp_path / "wide.csv").write_text(f"id,body\n1,ok\n{fields}\n")
    assert error_of(["wide.csv"]) == ("wide.csv:3: error: unreadable CSV: a row is longer than 10,000 characters; the "
                                      "file probably has an unclosed quote (\") in this row or one before it: close "
                                      "it, or remove the row")


def test_field_limit_is_set_once_at_import():
    import csv
    assert csv.field_size_limit() == source.FIELD_LIMIT == 64 * 1024 * 1024
