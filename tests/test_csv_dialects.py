"""CSV folders as Dutch Excel saves them, and the two forms `plooi convert` writes.

Every test starts from a folder `plooi convert` wrote and re-saves one file the
way a spreadsheet would: another separator, with or without BOM, Windows-1252.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.errors import InputNotice, ScenarioError
from scheduler.io.convert import convert
from scheduler.io.csv_folder import EXCEL_NL, STANDARD
from scheduler.io.load import load_scenario
from scheduler.scenario import Scenario

SOURCE = Path(__file__).resolve().parent / "data" / "tabular" / "every_field.yaml"
CP1252_NOTICE = "werken.csv: let op: geen UTF-8; gelezen als Windows-1252 (zoals Excel 'CSV' opslaat)"


def _folder(tmp_path: Path) -> tuple[Path, Scenario]:
    folder = tmp_path / "csv"
    return folder, convert(SOURCE, folder)


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _resave(path: Path, rows: list[list[str]], delimiter: str, encoding: str) -> None:
    stream = io.StringIO(newline="")
    csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(stream.getvalue().encode(encoding))


def _load_quietly(folder: Path) -> Scenario:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a UTF-8 file gives no notice
        return load_scenario(folder)


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (";", "utf-8"), (",", "utf-8-sig"), (",", "utf-8")],
    ids=["semicolon-bom", "semicolon", "comma-bom", "comma"],
)
def test_werken_resaved_with_either_separator_and_either_utf8_reads_the_same(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    folder, scenario = _folder(tmp_path)
    _resave(folder / "werken.csv", _rows(folder / "werken.csv"), delimiter, encoding)
    assert _load_quietly(folder) == scenario


def test_werken_in_windows_1252_reads_with_a_notice(tmp_path: Path) -> None:
    folder, scenario = _folder(tmp_path)
    rows = _rows(folder / "werken.csv")
    rows[1][rows[0].index("naam")] = "Rioolvervanging Café de Zwaan"
    _resave(folder / "werken.csv", rows, ";", "cp1252")
    with pytest.warns(InputNotice) as caught:
        loaded = load_scenario(folder)
    assert [w.message.problem.render("nl") for w in caught] == [  # type: ignore[attr-defined]
        f"{folder}: {CP1252_NOTICE}"
    ]
    assert loaded.works[0].name == "Rioolvervanging Café de Zwaan"
    renamed = scenario.works[0].model_copy(update={"name": "Rioolvervanging Café de Zwaan"})
    assert loaded == scenario.model_copy(update={"works": [renamed, *scenario.works[1:]]})


def test_the_command_line_prints_the_notice_once_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = _folder(tmp_path)
    rows = _rows(folder / "werken.csv")
    rows[1][rows[0].index("naam")] = "Café"
    _resave(folder / "werken.csv", rows, ";", "cp1252")
    assert main(["validate", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{folder}: {CP1252_NOTICE}"]
    assert "in orde" in captured.out
    assert main(["validate", str(folder), "--lang", "en"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{folder}: werken.csv: note: not UTF-8; read as Windows-1252 (as Excel saves 'CSV')"
    ]


def _policy_with_time_limit(folder: Path, text: str, delimiter: str) -> None:
    rows = _rows(folder / "beleid.csv")
    for row in rows:
        if row[0] == "tijdslimiet":
            row[1] = text
    _resave(folder / "beleid.csv", rows, delimiter, "utf-8-sig")


def test_a_decimal_comma_in_a_semicolon_file(tmp_path: Path) -> None:
    folder, scenario = _folder(tmp_path)
    _policy_with_time_limit(folder, "7,25", ";")
    assert load_scenario(folder).policy.time_limit == 7.25


def test_a_decimal_comma_in_a_comma_file_is_refused(tmp_path: Path) -> None:
    # Where ',' separates cells, "7,25" may be an English thousands separator: ambiguous.
    folder, _ = _folder(tmp_path)
    _policy_with_time_limit(folder, "7,25", ",")
    message = "beleid.csv:4:waarde: time limit must be a number, got '7,25' (write a decimal point)"
    with pytest.raises(ScenarioError, match=f"^{re.escape(f'{folder}: {message}')}$"):
        load_scenario(folder)


def test_a_whole_number_with_a_decimal_comma_is_still_refused(tmp_path: Path) -> None:
    folder, _ = _folder(tmp_path)
    rows = _rows(folder / "werken.csv")
    rows[1][rows[0].index("duur")] = "2,0"
    _resave(folder / "werken.csv", rows, ";", "utf-8-sig")
    with pytest.raises(ScenarioError, match=r"werken\.csv:2:duur: duration must be a whole number of weeks >= 1, got '2,0' \(a decimal comma\)$"):
        load_scenario(folder)


def test_a_header_line_in_one_quoted_cell_is_named(tmp_path: Path) -> None:
    # What a ';' file becomes when a tool reads it as ',' and writes it back.
    folder, _ = _folder(tmp_path)
    lines = (folder / "werken.csv").read_bytes().decode("utf-8-sig").splitlines()
    quoted = "\r\n".join('"' + line.replace('"', '""') + '"' for line in lines)
    (folder / "werken.csv").write_bytes(("\ufeff" + quoted).encode("utf-8"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    header = lines[0][:60]
    assert caught.value.render("nl").splitlines() == [
        f"{folder}: werken.csv: de kopregel is één cel ('{header}'); staat elke regel tussen "
        "aanhalingstekens? Open het bestand in Excel en sla het op als CSV"
    ]


@pytest.mark.parametrize("dialect", ["excel-nl", "standard"])
def test_convert_writes_each_dialect_and_reads_it_back_equal(
    tmp_path: Path, dialect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["convert", str(SOURCE), str(out), "--csv-dialect", dialect]) == 0
    assert capsys.readouterr().out == f"{out}: 3 werken, 1 verzoeken\n"
    policy = (out / "beleid.csv").read_bytes()
    form = EXCEL_NL if dialect == "excel-nl" else STANDARD
    assert policy.startswith(b"\xef\xbb\xbf") == form.bom
    expected = b"tijdslimiet;12,5;" if dialect == "excel-nl" else b"tijdslimiet,12.5,"
    assert expected in policy
    assert _load_quietly(out) == load_scenario(SOURCE)
    back = tmp_path / "back.yaml"
    assert main(["convert", str(out), str(back)]) == 0
    assert load_scenario(back) == load_scenario(SOURCE)


def test_convert_writes_excel_nl_by_default(tmp_path: Path) -> None:
    assert main(["convert", str(SOURCE), str(tmp_path / "out")]) == 0
    header = (tmp_path / "out" / "werken.csv").read_bytes().split(b"\r\n", 1)[0]
    assert header.startswith(b"\xef\xbb\xbfid;naam;soort;")


def test_an_unknown_dialect_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SOURCE), str(tmp_path / "out"), "--csv-dialect", "excel"]) == 2
    assert "'excel' is not one of 'excel-nl', 'standard'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
