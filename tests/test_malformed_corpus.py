"""The malformed-input corpus across YAML, xlsx and CSV: one clear message, exit 2, nothing else.

Every case goes through ``plooi solve FILE --json OUT`` in-process and must give
exactly the expected message (file, place, what is wrong; in English here), exit
code 2, no traceback, no output file (nor a stray temporary one), the input's
bytes unchanged, and all of it quickly. The hostile cases (alias bomb, deep
nesting, millions of elements, a zip that unpacks to gigabytes, files far too
large) run again in child processes limited to 2 GB of address space and a
timeout, which shows the bounds hold for the real program, not only in-process.

Sources of the cases:
- YAML: the 36 files of tests/data/malformed (their messages are kept in
  tests/test_malformed.py, which tests the loader on them) plus generated ones;
- CSV: the folders of tests/data/malformed_csv plus generated ones;
- xlsx: workbooks built here with openpyxl (a workbook is binary; its table
  reads better than a committed file).
"""

from __future__ import annotations

import copy
import hashlib
import os
import resource
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from scheduler.cli import main
from tests.test_malformed import EXPECTED as YAML_EXPECTED

ROOT = Path(__file__).resolve().parent.parent
YAML_DATA = Path(__file__).parent / "data" / "malformed"
CSV_DATA = Path(__file__).parent / "data" / "malformed_csv"
FIFTY_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    form: str
    name: str
    make: Callable[[Path], Path]  # builds (or finds) the input; gets a scratch folder
    expected: tuple[str, ...]  # whole stderr lines, "{path}" standing for the input


def _found(path: Path) -> Callable[[Path], Path]:
    return lambda _: path


# ---------------------------------------------------------------------------
# YAML


def _yaml(text: str, name: str = "scenario.yaml") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    """A file of ``size`` bytes that costs no disk: far too large, made in no time."""

    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as stream:
            stream.truncate(size)
        return path

    return make


def _flat_list(folder: Path) -> Path:
    """1.5 million one-character elements in 3 MB: far inside the size limit."""
    path = folder / "flat.yaml"
    path.write_text("horizon: [" + ",".join(["0"] * 1_500_000) + "]\n", encoding="utf-8")
    return path


HEADER = (
    "horizon: {start: 2027-W01, end: 2027-W52}\n"
    "areas: [{code: WK077210, name: Centrum}]\n"
    "resources: [{id: crew, name: Ploeg, capacity: 1}]\n"
)
WORK = (
    "  - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10,"
    " demand: {crew: 1}"
)

YAML_CASES = [
    Case("yaml", name, _found(YAML_DATA / name), (message,)) for name, message in YAML_EXPECTED
] + [
    Case(
        "yaml",
        "file_far_too_large",
        _sparse("huge.yaml", FIFTY_MB + 1),
        ("{path}: file is too large (52428801 bytes; at most 52428800 bytes)",),
    ),
    Case(
        "yaml",
        "millions_of_elements",
        _flat_list,
        ("{path}:1: too many elements (more than 1000000; a YAML alias bomb?)",),
    ),
    Case(
        "yaml",
        "capacity_huge",
        _yaml(HEADER.replace("capacity: 1}", "capacity: 1000001}") + "works: []\n"),
        ("{path}:3: resources[0].capacity: must be at most 1000000, got 1000001",),
    ),
    Case(
        "yaml",
        "horizon_10000_weeks",
        _yaml(HEADER.replace("end: 2027-W52", "end: 2218-W35") + "works: []\n"),
        (
            "{path}:1: horizon.end: the horizon 2027-W01..2218-W35 spans 10000 weeks; "
            "plooi plans at most 5200 weeks (100 years)",
        ),
    ),
    Case(
        "yaml",
        "displacement_past_2_53",
        # 200 works of weight 10^12 that could each move 51 weeks: 200 * 51 * 10^12 > 2^53.
        _yaml(
            HEADER
            + "works:\n"
            + "".join(
                WORK.replace("W-1", f"W-{n}") + ", weight: 1000000000000}\n" for n in range(200)
            )
        ),
        (
            "{path}:5: works[0].weight: the largest possible displacement cost (weight x 51 weeks "
            "per work plus move_penalty, summed) is 10200000000002000, more than "
            "9007199254740992 (2^53), up to which plooi computes exactly; lower the weights or "
            "move_penalty",
        ),
    ),
    Case(
        "yaml",
        "values_past_2_53",
        # 9,008 optional requests worth 10^12 each: together more than 2^53.
        _yaml(
            HEADER
            + "works: []\nrequests:\n"
            + "".join(
                f"  - {{id: R-{n}, name: r, kind: road, area: WK077210, duration: 1, "
                "mandatory: false, value: 1000000000000}\n"
                for n in range(9008)
            )
        ),
        (
            "{path}:6: requests[0].value: the values of the optional requests add up to "
            "9008000000000000, more than 9007199254740992 (2^53), up to which plooi computes "
            "exactly; lower the values",
        ),
    ),
]


# ---------------------------------------------------------------------------
# CSV folders


CSV_EXPECTED = {
    "binary_works": "{path}: werken.csv: this is not a text file (it holds binary data)",
    "bundle_unknown_item": "{path}: bundels.csv:2:werken: unknown work or request 'W-9'",
    "capacity_huge": "{path}: capaciteit.csv:2:capaciteit: must be at most 1000000, got 1000001",
    "capacity_negative": "{path}: capaciteit.csv:2:capaciteit: must be at least 0, got -1",
    "cost_huge": "{path}: werken.csv:2:kosten: must be at most 1000000000000, got 10000000000000",
    "csv_syntax": "{path}: werken.csv:2: CSV error: ';' expected after '\"'",
    "cyclic_after": "{path}: werken.csv:2:na: the 'after' order forms a cycle: W-1 -> W-2 -> W-1",
    "dangling_after": "{path}: werken.csv:2:na: unknown work or request 'W-9'",
    "demand_unknown_resource": "{path}: werken.csv:1:kraan: unknown column 'kraan'",
    "duplicate_id": "{path}: werken.csv:3:id: id 'W-1' is already used by werken.csv:2:id",
    "duration_text": "{path}: werken.csv:2:duur: duration must be a whole number of weeks >= 1, got 'drie'",
    "duration_zero": "{path}: werken.csv:3:duur: must be at least 1, got 0",
    "empty_works": "{path}: werken.csv: file is empty",
    "horizon_reversed": "{path}: scenario.csv:3:waarde: end 2027-W01 lies before start 2027-W30",
    "horizon_too_long": "{path}: scenario.csv:3:waarde: the horizon 2027-W01..2218-W35 spans 10000 weeks; plooi plans at most 5200 weeks (100 years)",
    "missing_planned_start_column": "{path}: werken.csv: required column 'planned start' is missing",
    "no_works_file": "{path}: file works.csv (or werken.csv) is missing; CSV files found: capaciteit.csv, gebieden.csv, scenario.csv",
    # 0x81 is no character in Windows-1252 either, which plooi reads too (with a notice).
    "not_utf8": "{path}: werken.csv: text is not UTF-8 (invalid byte 0x81 at offset 54); save the file in Excel as 'CSV UTF-8'",
    "unknown_header": "{path}: werken.csv:1:budgett: unknown column 'budgett' (did you mean 'budget'?)",
    "week_53": "{path}: werken.csv:2:geplande start: week '2027-W53' does not exist: ISO year 2027 has weeks W01..W52",
    "window_outside_horizon": "{path}: werken.csv:2:uiterlijk klaar: week 2028-W05 lies outside the horizon 2027-W01..2027-W52",
}

_CSV_BASE = {
    "scenario.csv": "instelling;waarde\nhorizon begin;2027-W01\nhorizon einde;2027-W52\n",
    "gebieden.csv": "code;naam\nWK077210;Centrum\n",
}


def _csv_folder(werken: Callable[[Path], None]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / "plan"
        target.mkdir()
        for name, text in _CSV_BASE.items():
            (target / name).write_text(text, encoding="utf-8")
        werken(target / "werken.csv")
        return target

    return make


def _csv_too_large(path: Path) -> None:
    with path.open("wb") as stream:
        stream.write(b"id;naam;soort;gebied;duur;geplande start\n")
        stream.truncate(FIFTY_MB + 1)


def _csv_too_many_cells(path: Path) -> None:
    row = ";".join(["1"] * 50) + "\n"
    path.write_text("id;naam;soort;gebied;duur;geplande start\n" + row * 20_001, encoding="utf-8")


CSV_CASES = [
    Case("csv", name, _found(CSV_DATA / name), (message,)) for name, message in CSV_EXPECTED.items()
] + [
    Case(
        "csv",
        "file_far_too_large",
        _csv_folder(_csv_too_large),
        ("{path}: werken.csv: file is too large (52428801 bytes; at most 52428800 bytes)",),
    ),
    Case(
        "csv",
        "too_many_cells",
        # 20,001 rows of 50 cells: the header's 6 and 20,000 rows reach a million.
        _csv_folder(_csv_too_many_cells),
        ("{path}: werken.csv:20001: too many cells (more than 1000000); plooi stops reading here",),
    ),
]


# ---------------------------------------------------------------------------
# xlsx workbooks


HEAD = ["id", "naam", "soort", "gebied", "duur", "geplande start", "kosten", "budget", "ploeg"]
BASE: dict[str, list[list[Any]]] = {
    "Scenario": [
        ["instelling", "waarde"],
        ["horizon begin", "2027-W01"],
        ["horizon einde", "2027-W52"],
    ],
    "Werken": [
        HEAD,
        ["W-1", "Riool", "riool", "WK077210", 4, "2027-W10", 1000, "riool", 1],
        ["W-2", "Boom", "boom", "WK077210", 1, "2027-W20", None, None, 1],
    ],
    "Capaciteit": [["id", "naam", "capaciteit"], ["ploeg", "Ploeg", 2]],
    "Budgetten": [["id", "naam", "2027"], ["riool", "GRP", 5000]],
    "Gebieden": [["code", "naam"], ["WK077210", "Centrum"]],
}
Edit = Callable[[dict[str, list[list[Any]]]], None]


def _write_book(path: Path, edit: Edit | None = None, leave_out: str = "") -> Path:
    sheets = copy.deepcopy(BASE)
    if edit is not None:
        edit(sheets)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        if title != leave_out:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    book.save(path)
    return path


def _book(
    edit: Edit | None = None, leave_out: str = "", name: str = "plan.xlsx"
) -> Callable[[Path], Path]:
    return lambda folder: _write_book(folder / name, edit, leave_out)


def _cell(sheet: str, row: int, column: int, value: Any) -> Edit:
    def edit(sheets: dict[str, list[list[Any]]]) -> None:
        sheets[sheet][row][column] = value

    return edit


def _column(header: str, *values: Any) -> Edit:
    def edit(sheets: dict[str, list[list[Any]]]) -> None:
        sheets["Werken"][0] = [*HEAD, header]
        for row, value in enumerate(values, start=1):
            sheets["Werken"][row] = [*sheets["Werken"][row], value]

    return edit


def _bytes(data: bytes, name: str = "plan.xlsx") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def _zip_bomb(folder: Path) -> Path:
    """A workbook whose first member claims to unpack to 4 GB (the central directory says so).

    plooi refuses on the sizes the archive declares, before unpacking anything, and
    Python's zipfile never unpacks more than a member declares; so this stands for
    every zip bomb without costing 4 GB of zeros to make.
    """
    path = _write_book(folder / "bomb.xlsx")
    data = bytearray(path.read_bytes())
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xF0000000)  # uncompressed size
    path.write_bytes(bytes(data))
    return path


XLSX_CASES = [
    Case(
        "xlsx",
        "duration_text",
        _book(_cell("Werken", 1, 4, "drie")),
        ("{path}: Werken!E2: duration must be a whole number of weeks >= 1, got 'drie'",),
    ),
    Case(
        "xlsx",
        "duplicate_id",
        _book(_cell("Werken", 2, 0, "W-1")),
        ("{path}: Werken!A3: id 'W-1' is already used by Werken!A2",),
    ),
    Case(
        "xlsx",
        "week_53",
        _book(_cell("Werken", 1, 5, "2027-W53")),
        ("{path}: Werken!F2: week '2027-W53' does not exist: ISO year 2027 has weeks W01..W52",),
    ),
    Case(
        "xlsx",
        "cost_negative",
        _book(_cell("Werken", 1, 6, -5)),
        ("{path}: Werken!G2: must be at least 0, got -5",),
    ),
    Case(
        "xlsx",
        "capacity_huge",
        _book(_cell("Capaciteit", 1, 2, 10**6 + 1)),
        ("{path}: Capaciteit!C2: must be at most 1000000, got 1000001",),
    ),
    Case(
        "xlsx",
        "unknown_budget",
        _book(_cell("Werken", 1, 7, "wegen")),
        ("{path}: Werken!H2: unknown budget line 'wegen': expected an id from budgets",),
    ),
    Case(
        "xlsx",
        "kind_unknown",
        _book(_cell("Werken", 2, 2, "bomen")),
        (
            "{path}: Werken!C3: 'bomen' is not a kind; choose from road, sewer, green, tree, "
            "play, lighting, heat, other",
        ),
    ),
    Case(
        "xlsx",
        "horizon_too_long",
        _book(_cell("Scenario", 2, 1, "2218-W35")),
        (
            "{path}: Scenario!B3: the horizon 2027-W01..2218-W35 spans 10000 weeks; plooi plans "
            "at most 5200 weeks (100 years)",
        ),
    ),
    Case(
        "xlsx",
        "cyclic_after",
        _book(_column("na", "W-2", "W-1")),
        ("{path}: Werken!J2: the 'after' order forms a cycle: W-1 -> W-2 -> W-1",),
    ),
    Case(
        "xlsx",
        "dangling_after",
        _book(_column("na", "W-9", None)),
        ("{path}: Werken!J2: unknown work or request 'W-9'",),
    ),
    Case(
        "xlsx",
        "window_outside_horizon",
        _book(_column("uiterlijk klaar", "2028-W05", None)),
        ("{path}: Werken!J2: week 2028-W05 lies outside the horizon 2027-W01..2027-W52",),
    ),
    Case(
        "xlsx",
        "unknown_column",
        _book(_column("duraton", None, None)),
        ("{path}: Werken!J1: unknown column 'duraton' (did you mean 'duration'?)",),
    ),
    Case(
        "xlsx",
        "works_sheet_missing",
        _book(leave_out="Werken"),
        (
            "{path}: sheet 'Works' (or 'Werken') is missing; sheets found: Scenario, Capaciteit, "
            "Budgetten, Gebieden",
        ),
    ),
    Case("xlsx", "empty", _bytes(b""), ("{path}: file is empty",)),
    Case(
        "xlsx",
        "binary_not_a_workbook",
        _bytes(bytes(range(256)) * 4),
        ("{path}: this is not a readable xlsx workbook (File is not a zip file)",),
    ),
    Case(
        "xlsx",
        "file_far_too_large",
        _sparse("huge.xlsx", FIFTY_MB + 1),
        ("{path}: file is too large (52428801 bytes; at most 52428800 bytes)",),
    ),
    Case(
        "xlsx",
        "zip_bomb",
        _zip_bomb,
        (
            "{path}: the workbook is too large when unpacked (4026553776 bytes; at most "
            "1073741824 bytes)",
        ),
    ),
    Case(
        "xlsx",
        "macros",
        _book(name="plan.xlsm"),
        (
            "{path}: the workbook holds macros; plooi only reads workbooks without macros "
            "(save it as .xlsx)",
        ),
    ),
]

CASES = YAML_CASES + CSV_CASES + XLSX_CASES


def test_the_corpus_covers_the_three_forms() -> None:
    forms = {
        form: sum(1 for case in CASES if case.form == form) for form in ("yaml", "xlsx", "csv")
    }
    assert forms == {"yaml": 47, "xlsx": 18, "csv": 23}
    assert sum(forms.values()) >= 40
    assert sorted(CSV_EXPECTED) == sorted(p.name for p in CSV_DATA.iterdir() if p.is_dir())
    assert len({(case.form, case.name) for case in CASES}) == len(CASES)


def digest(path: Path) -> str:
    """A fingerprint of a file, or of a folder's files (names and bytes)."""
    sha = hashlib.sha256()
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    for file in files:
        if file.is_file():
            sha.update(file.name.encode() + b"\0")
            with file.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):  # noqa: B023
                    sha.update(block)
    return sha.hexdigest()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.form}-{case.name}")
def test_malformed_input_gives_one_clear_message_exit_2_and_writes_nothing(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch, outputs = tmp_path / "in", tmp_path / "out"
    scratch.mkdir()
    outputs.mkdir()
    path = case.make(scratch)
    before = digest(path), os.stat(path).st_mtime_ns
    code = main(["solve", str(path), "--json", str(outputs / "result.json"), "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.splitlines() == [
        line.replace("{path}", str(path)) for line in case.expected
    ]
    assert "Traceback" not in captured.out + captured.err
    assert list(outputs.iterdir()) == []  # no result, no temporary file
    assert (digest(path), os.stat(path).st_mtime_ns) == before
    # No wall-clock bound here (it failed only when the machine was loaded): a hang on a
    # hostile input is caught by the real-program test below, which gives up after 120 s.


# ---------------------------------------------------------------------------
# The real program, with its memory limited: the hostile cases stay bounded


MEMORY_LIMIT = 2 * 1024**3
HOSTILE = [
    ("yaml", "alias_bomb.yaml"),
    ("yaml", "deep_nesting.yaml"),
    ("yaml", "millions_of_elements"),
    ("yaml", "file_far_too_large"),
    ("xlsx", "zip_bomb"),
    ("csv", "too_many_cells"),
]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_hostile_inputs_stay_within_2_gb_and_a_minute_in_the_real_program(tmp_path: Path) -> None:
    by_key = {(case.form, case.name): case for case in CASES}
    runs = []
    for number, key in enumerate(HOSTILE):
        case = by_key[key]
        scratch = tmp_path / f"case{number}"
        scratch.mkdir()
        path = case.make(scratch)
        out = scratch / "result.json"
        command = [sys.executable, "-c", "import sys; from scheduler.cli import main; sys.exit(main())"]
        process = subprocess.Popen(
            [*command, "solve", str(path), "--json", str(out), "--lang", "en"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_limit_memory,
        )
        runs.append((case, path, out, process, time.monotonic()))
    for case, path, out, process, began in runs:
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            pytest.fail(f"{case.name}: no answer within 120 s")
        seconds = time.monotonic() - began
        assert process.returncode == 2, (case.name, stderr)
        assert stderr.splitlines() == [line.replace("{path}", str(path)) for line in case.expected]
        assert "Traceback" not in stdout + stderr
        assert not out.exists()
        # Six children share two cores here; alone, each answers in a few seconds.
        assert seconds < 60, case.name
