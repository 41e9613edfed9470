"""Scenarios from spreadsheets: xlsx workbooks and CSV folders, both ways.

Malformed workbooks are made here with openpyxl in tmp_path (a workbook is
binary; the table that builds it is easier to read than a committed file).
Every error test checks the whole message, in Dutch and often in English.
"""

from __future__ import annotations

import copy
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.errors import OutputError, ScenarioError
from scheduler.io.convert import convert
from scheduler.io.csv_folder import STANDARD, escape, unescape
from scheduler.io.load import load_scenario
from scheduler.io.tabular import SHEETS, field_headers, normalise
from scheduler.io.write_tabular import template, write_csv_folder, write_workbook
from scheduler.io.write_yaml import scenario_yaml, write_yaml
from scheduler.scenario import Scenario
from scheduler.weeks import format_week

DATA = Path(__file__).parent / "data" / "tabular"
SCENARIOS = Path(__file__).parent.parent / "scenarios"
ROUND_TRIP = sorted(DATA.glob("*.yaml")) + sorted(SCENARIOS.glob("*.y*ml"))


# ---------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_yaml_to_xlsx_to_yaml_is_lossless(source: Path, lang: str, tmp_path: Path) -> None:
    original = load_scenario(source)
    workbook = tmp_path / "plan.xlsx"
    convert(source, workbook, lang=lang)  # type: ignore[arg-type]
    assert load_scenario(workbook) == original
    back = tmp_path / "back.yaml"
    convert(workbook, back)
    assert load_scenario(back) == original


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_yaml_to_csv_folder_to_yaml_is_lossless(source: Path, lang: str, tmp_path: Path) -> None:
    original = load_scenario(source)
    folder = tmp_path / "plan"
    convert(source, folder, lang=lang)  # type: ignore[arg-type]
    names = {"nl": "werken.csv", "en": "works.csv"}
    assert (folder / names[lang]).is_file()
    assert load_scenario(folder) == original
    back = tmp_path / "back.yml"
    convert(folder, back)
    assert load_scenario(back) == original


@pytest.mark.parametrize("source", ROUND_TRIP, ids=lambda p: p.name)
def test_written_yaml_loads_back_equal(source: Path, tmp_path: Path) -> None:
    original = load_scenario(source)
    write_yaml(original, tmp_path / "again.yaml")
    assert load_scenario(tmp_path / "again.yaml") == original


def test_the_yaml_writer_leaves_out_defaults_and_uses_the_format_aliases() -> None:
    scenario = load_scenario(DATA / "every_field.yaml")
    text = scenario_yaml(scenario)
    assert "  - {from: 2027-W30, to: 2027-W32, capacity: 0}" in text
    assert "  per_year: {2027: 4200000, 2028: 0}" in text
    assert "pinned: false" not in text  # the default
    assert "  pinned: true" in text
    assert "  breeding_season: {from: 03-15, to: 07-15}" in text  # default kinds left out
    assert "kinds: []" in text  # an explicit empty list is not the default


def test_a_converted_scenario_gives_the_same_plan(tmp_path: Path) -> None:
    from scheduler.solver.run import solve

    original = load_scenario(DATA / "small_plan.yaml")
    convert(DATA / "small_plan.yaml", tmp_path / "plan.xlsx")
    converted = load_scenario(tmp_path / "plan.xlsx")
    first, second = solve(original), solve(converted)
    assert first.plan is not None and second.plan is not None
    assert first.plan.starts() == second.plan.starts()
    # One contractor; W-1 (weight 3) and W-2 (weight 1) planned at W03 for 2 weeks,
    # W-3 (weight 2) at W04 for 1; move penalty 10. Cheapest: W-2 two weeks earlier
    # (2 + 10) and W-3 one week later (2 + 10): 24, and W-1 stays.
    starts = {key: format_week(value) for key, value in first.plan.starts().items() if value}
    assert starts == {"W-1": "2027-W03", "W-2": "2027-W01", "W-3": "2027-W05"}
    assert first.plan.displacement_cost(original) == 24


def test_a_csv_folder_as_dutch_excel_writes_it_reads_as_expected() -> None:
    """BOM, ';', CRLF, headers with units, JA, 2027-w9, dates and days as text."""
    assert load_scenario(DATA / "csv_dutch_excel") == load_scenario(DATA / "csv_dutch_excel.yaml")


# ---------------------------------------------------------------------------
# Texts that look like formulas


def test_a_formula_text_round_trips_as_text_and_is_no_formula_in_the_file(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "every_field.yaml")
    assert scenario.works[0].name == "=SUM(A1)"
    path = tmp_path / "plan.xlsx"
    write_workbook(scenario, path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()  # Werken
    assert "<f>" not in xml and "<f " not in xml
    assert re.search(r'<c r="B2" [^>]*t="inlineStr"><is><t>=SUM\(A1\)</t></is></c>', xml)
    formulas = openpyxl.load_workbook(path)  # not data_only: a formula would show as one
    cell = formulas["Werken"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1)", "s", True)
    assert [formulas["Werken"][f"B{row}"].value for row in (3, 4)] == ["-min", "@at"]
    assert load_scenario(path) == scenario


def test_a_name_that_reads_like_an_excel_error_stays_text(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "small_plan.yaml")
    scenario = scenario.model_copy(
        update={"works": [scenario.works[0].model_copy(update={"name": "#N/A"})]}
    )
    write_workbook(scenario, tmp_path / "out.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "out.xlsx")["Werken"]["B2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")
    assert load_scenario(tmp_path / "out.xlsx").works[0].name == "#N/A"


def test_csv_cells_are_neutralised_and_read_back(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "every_field.yaml")
    write_csv_folder(scenario, tmp_path / "csv", dialect=STANDARD)
    text = (tmp_path / "csv" / "werken.csv").read_text(encoding="utf-8-sig")
    assert "W-100,'=SUM(A1),riool" in text
    assert "101,'-min,weg,WK077210,'+plus," in text
    assert load_scenario(tmp_path / "csv") == scenario


@given(st.text())
def test_csv_escape_is_undone_by_unescape(text: str) -> None:
    escaped = escape(text)
    assert unescape(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@"))


def test_a_dutch_apostrophe_is_not_taken_for_an_escape() -> None:
    assert escape("'t Ven") == "'t Ven" and unescape("'t Ven") == "'t Ven"


# ---------------------------------------------------------------------------
# Reading what planners type


def test_real_excel_dates_become_the_iso_week_they_fall_in(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][5] = datetime(2027, 4, 7)  # a Wednesday in 2027-W14
    sheets["Werken"][2][5] = date(2027, 1, 1)  # a Friday: ISO week 2026-W53
    sheets["Scenario"][1][1] = datetime(2026, 12, 28)  # Monday of 2026-W53
    scenario = _scenario(sheets, tmp_path)
    assert scenario.horizon.start == "2026-W53"
    assert [work.planned_start for work in scenario.works] == ["2027-W14", "2026-W53"]


def test_rules_take_real_dates_for_days_and_weeks(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Regels"] = [
        ["regel", "naam", "van", "tot", "gebieden", "soorten", "per", "limiet", "jaren"],
        ["Broedseizoen", None, datetime(2027, 3, 15), "7-15", None, "(geen)"],
        ["event", "GLOW", date(2027, 11, 8), "2027-W46", "WK077210; BU07721001", "weg, Sewer"],
        ["max gelijktijdig", None, None, None, None, "riool", "Buurt", 1],
        ["breekverbod", None, None, None, None, None, None, None, 3],
    ]
    rules = _scenario(sheets, tmp_path).rules
    assert rules.breeding_season is not None
    assert (rules.breeding_season.from_, rules.breeding_season.to) == ("03-15", "07-15")
    assert rules.breeding_season.kinds == []
    event = rules.events[0]  # Monday 8 November 2027 starts ISO week 45
    assert (event.from_, event.to, event.areas) == (
        "2027-W45",
        "2027-W46",
        ["WK077210", "BU07721001"],
    )
    assert [kind.value for kind in event.kinds] == ["road", "sewer"]
    assert (rules.max_concurrent[0].per, rules.max_concurrent[0].limit) == ("buurt", 1)
    assert rules.breekverbod_years == 3


def test_english_sheets_headers_and_values_read_the_same(tmp_path: Path) -> None:
    dutch = _scenario(_base(), tmp_path, "nl.xlsx")
    english = {
        "Scenario": [
            ["setting", "value"],
            ["horizon start", "2027-W01"],
            ["horizon end", "2028-W52"],
        ],
        "Works": [
            [
                "ID",
                "Name",
                "Kind",
                "Area",
                "Duration (weeks)",
                "Planned_Start",
                "Cost",
                "Budget",
                "groen",
            ],
            ["W-1", "Riool", "sewer", "WK077210", 4, "2027-W10", 1000, "riool", 1],
            ["W-2", "Boom", "TREE", "WK077210", 1, "2027-W20", None, None, None],
        ],
        "Resources": [["id", "name", "capacity"], ["groen", "Team Groen", 2]],
        "Budgets": [["id", "name", 2027, "2028"], ["riool", "GRP", 5000, 5000]],
        "Areas": [["code", "name"], ["WK077210", "Centrum"]],
    }
    assert _scenario(english, tmp_path, "en.xlsx") == dutch


def test_after_reads_ids_with_lags_and_yes_no_in_both_languages(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][0] += ["na", "vast", "graaft"]
    sheets["Werken"][1] += [None, "ja", "nee"]
    sheets["Werken"][2] += ["W-1 + 2, W-3", "Yes", True]
    sheets["Werken"].append(["W-3", "Derde", "weg", "WK077210", 1, "2027-W30", None, None, None])
    scenario = _scenario(sheets, tmp_path)
    second = scenario.works[1]
    assert [(dep.work, dep.lag) for dep in second.after] == [("W-1", 2), ("W-3", 0)]
    assert (scenario.works[0].pinned, second.pinned, second.digs) == (True, True, True)


def test_a_formula_with_a_cached_value_gives_that_value(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][6] = "=500*2"
    path = _workbook(sheets, tmp_path)
    _store_cached_values(path, "xl/worksheets/sheet2.xml", {"G2": "1000"})
    assert load_scenario(path).works[0].cost == 1000


def test_other_sheets_are_ignored_and_missing_optional_sheets_are_empty(tmp_path: Path) -> None:
    sheets = {
        "Scenario": _base()["Scenario"],
        "Toelichting": [["Dit blad leest plooi niet"]],
        "Werken": [
            ["id", "naam", "soort", "gebied", "duur", "geplande start"],
            ["W-1", "Boom", "boom", "BU07721001", 1, "2027-W02"],
        ],
        "Gebieden": [["code", "naam"], ["WK077210", "Centrum"]],
    }
    scenario = _scenario(sheets, tmp_path)
    assert (scenario.requests, scenario.resources, scenario.budgets) == ([], [], [])
    assert [w.area for w in scenario.works] == ["BU07721001"]


# ---------------------------------------------------------------------------
# Malformed workbooks: every message exactly, all at once


HEAD = ["id", "naam", "soort", "gebied", "duur", "geplande start", "kosten", "budget", "groen"]


def _base() -> dict[str, list[list[Any]]]:
    """A valid workbook: two works, one resource, one budget line, one wijk."""
    return copy.deepcopy(
        {
            "Scenario": [
                ["instelling", "waarde"],
                ["horizon begin", "2027-W01"],
                ["horizon einde", "2028-W52"],
            ],
            "Werken": [
                HEAD,
                ["W-1", "Riool", "riool", "WK077210", 4, "2027-W10", 1000, "riool", 1],
                ["W-2", "Boom", "boom", "WK077210", 1, "2027-W20", None, None, None],
            ],
            "Capaciteit": [["id", "naam", "capaciteit"], ["groen", "Team Groen", 2]],
            "Budgetten": [["id", "naam", "2027", "2028"], ["riool", "GRP", 5000, 5000]],
            "Gebieden": [["code", "naam"], ["WK077210", "Centrum"]],
        }
    )


def _workbook(
    sheets: dict[str, list[list[Any]]],
    tmp_path: Path,
    name: str = "plan.xlsx",
    merge: str | None = None,
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if merge:
        book["Werken"].merge_cells(merge)
    path = tmp_path / name
    book.save(path)
    return path


def _scenario(
    sheets: dict[str, list[list[Any]]], tmp_path: Path, name: str = "plan.xlsx"
) -> Scenario:
    return load_scenario(_workbook(sheets, tmp_path, name))


def _store_cached_values(path: Path, member: str, values: dict[str, str]) -> None:
    """Put cached formula results in a saved workbook, as Excel does on saving."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = contents[member].decode()
    for cell, value in values.items():
        xml, count = re.subn(
            rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v\s*/>', rf"\1\2<v>{value}</v>", xml
        )
        assert count == 1
    contents[member] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def _expect(path: Path, nl: list[str], en: list[str] | None = None) -> None:
    """Loading fails with exactly these problems (after 'file: '), in Dutch and English."""
    prefix = f"{path}: "
    english = "\n".join(prefix + line for line in en) if en else None
    with pytest.raises(
        ScenarioError, match=f"^{re.escape(english)}$" if english else None
    ) as caught:
        load_scenario(path)
    assert caught.value.render("nl").splitlines() == [prefix + line for line in nl]


def test_the_issue_example_text_in_the_duration_column(tmp_path: Path) -> None:
    sheets = _base()
    for n in range(3, 14):
        sheets["Werken"].append([f"W-{n}", "Werk", "weg", "WK077210", 1, "2027-W30"])
    sheets["Werken"][13][4] = "drie"  # row 14, column E
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!E14: duur moet een heel aantal weken >= 1 zijn, niet 'drie'"],
        ["Werken!E14: duration must be a whole number of weeks >= 1, got 'drie'"],
    )


def test_missing_works_sheet_names_the_sheets_found(tmp_path: Path) -> None:
    sheets = _base()
    del sheets["Werken"]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "blad 'Werken' (of 'Works') ontbreekt; gevonden bladen: Scenario, Capaciteit, "
            "Budgetten, Gebieden"
        ],
        [
            "sheet 'Works' (or 'Werken') is missing; sheets found: Scenario, Capaciteit, "
            "Budgetten, Gebieden"
        ],
    )


def test_a_renamed_header_is_unknown_and_its_column_missing(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][0][4] = "duurr"
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken: verplichte kolom 'duur' ontbreekt",
            "Werken!E1: onbekende kolom 'duurr' (bedoelt u 'duur'?)",
        ],
        [
            "Werken: required column 'duration' is missing",
            "Werken!E1: unknown column 'duurr' (did you mean 'duur'?)",
        ],
    )


def test_merged_cells_are_refused_with_their_range(tmp_path: Path) -> None:
    _expect(
        _workbook(_base(), tmp_path, merge="A3:B3"),
        [
            "Werken!A3:B3: samengevoegde cellen A3:B3; plooi leest alleen losse cellen "
            "(maak de samenvoeging ongedaan)"
        ],
        ["Werken!A3:B3: merged cells A3:B3; plooi only reads single cells (unmerge them)"],
    )


def test_an_empty_row_in_the_middle(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"].insert(2, [None] * len(HEAD))
    sheets["Werken"].append([None] * len(HEAD))  # trailing empty rows are fine
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!A3: lege rij midden in de tabel; verwijder hem (de rijen eronder tellen wel mee)"],
        ["Werken!A3: an empty row inside the table; delete it (the rows below it are read)"],
    )


def test_a_formula_without_cached_value_is_refused_not_evaluated(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][6] = "=500*2"
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!G2: formule =500*2 heeft geen opgeslagen uitkomst; open het werkboek in Excel "
            "en sla het op (plooi rekent formules niet zelf uit)"
        ],
        [
            "Werken!G2: formula =500*2 has no stored result; open the workbook in Excel and save "
            "it (plooi does not evaluate formulas)"
        ],
    )


def test_a_date_written_as_text(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][2][5] = "14-4-2027"
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!F3: '14-4-2027' is een datum als tekst; schrijf de week (2027-W14), een datum "
            "als 2027-04-05, of maak er een echte Excel-datum van"
        ],
    )


def test_a_dutch_decimal_comma_and_a_thousands_separator(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][2][4] = "1,5"
    sheets["Werken"][2][6] = "850.000"
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!E3: duur moet een heel aantal weken >= 1 zijn, niet '1,5' (decimale komma)",
            "Werken!G3: kosten moet een heel getal >= 0 zijn, niet '850.000' (zonder "
            "scheidingsteken voor duizendtallen schrijven)",
        ],
        [
            "Werken!E3: duration must be a whole number of weeks >= 1, got '1,5' (a decimal comma)",
            "Werken!G3: cost must be a whole number >= 0, got '850.000' (write it without a "
            "thousands separator)",
        ],
    )


def test_demand_for_an_unknown_resource(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][0][8] = "vraag: kraan"
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!I2: onbekende capaciteit 'kraan': verwacht een id uit resources"],
        ["Werken!I2: unknown resource 'kraan': expected an id from resources"],
    )


def test_a_column_that_is_neither_a_field_nor_a_resource(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][0][8] = "Groen"  # ids are case-sensitive
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!I1: onbekende kolom 'Groen' (bedoelt u 'groen'?)"],
    )


def test_a_week_that_does_not_exist(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][2][5] = "2027-W53"
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!F3: week '2027-W53' bestaat niet: ISO-jaar 2027 heeft weken W01..W52"],
        ["Werken!F3: week '2027-W53' does not exist: ISO year 2027 has weeks W01..W52"],
    )


def test_a_duplicate_id_names_the_first_cell(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][2][0] = "W-1"
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!A3: id 'W-1' komt al voor bij Werken!A2"],
        ["Werken!A3: id 'W-1' is already used by Werken!A2"],
    )


def test_texts_and_booleans_in_number_columns(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][6] = "duizend"
    sheets["Werken"][1][8] = True
    sheets["Werken"][2][4] = 2.5
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!G2: kosten moet een heel getal >= 0 zijn, niet 'duizend'",
            "Werken!I2: vraag groen moet een heel getal >= 0 zijn, niet 'TRUE'",
            "Werken!E3: duur moet een heel aantal weken >= 1 zijn, niet '2.5'",
        ],
    )


def test_an_excel_error_value_in_a_cell(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][6] = "#DIV/0!"  # openpyxl stores this as an error cell
    _expect(
        _workbook(sheets, tmp_path),
        ["Werken!G2: cel bevat de Excel-fout #DIV/0!"],
        ["Werken!G2: the cell holds the Excel error #DIV/0!"],
    )


def test_a_misspelled_sheet_is_refused_not_ignored(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Verzoeke"] = [["id"]]
    _expect(
        _workbook(sheets, tmp_path),
        ["onbekend blad 'Verzoeke' (bedoelt u 'Verzoeken'?)"],
        ["unknown sheet 'Verzoeke' (did you mean 'Verzoeken'?)"],
    )


def test_an_unknown_kind_and_an_answer_that_is_not_yes_or_no(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][0].append("vast")
    sheets["Werken"][1][2] = "wegg"
    sheets["Werken"][1].append("misschien")
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!C2: 'wegg' is geen soort; kies uit weg, riool, groen, boom, spelen, "
            "verlichting, warmte, overig",
            "Werken!J2: vast moet ja of nee zijn, niet 'misschien'",
        ],
        [
            "Werken!C2: 'wegg' is not a kind; choose from road, sewer, green, tree, play, "
            "lighting, heat, other",
            "Werken!J2: pinned must be yes or no, got 'misschien'",
        ],
    )


def test_exceptions_for_an_unknown_resource_and_overlapping_ones(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Uitzonderingen"] = [
        ["id", "van", "tot", "capaciteit"],
        ["groen", "2027-W30", "2027-W32", 0],
        ["groen", "2027-W31", "2027-W33", 1],
        ["kraan", "2027-W01", "2027-W02", 0],
    ]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Uitzonderingen!A3: overlapt met uitzondering Uitzonderingen!A2; uitzonderingen "
            "mogen niet overlappen",
            "Uitzonderingen!A4: onbekende capaciteit 'kraan': verwacht een id uit resources",
        ],
    )


def test_rules_sheet_problems(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Regels"] = [
        ["regel", "naam", "van", "tot", "gebieden", "soorten", "per", "limiet", "jaren"],
        ["breekverbod", None, None, None, None, None, None, 4, 3],
        ["brandweer"],
        ["breekverbod", None, None, None, None, None, None, None, 5],
    ]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Regels!H2: kolom 'limiet' hoort niet bij regel 'breekverbod'; maak de cel leeg",
            "Regels!A3: onbekende regel 'brandweer'; kies uit broedseizoen, breekverbod, "
            "evenement, max gelijktijdig, schoolvakantie",
            "Regels!A4: regel 'breekverbod' staat er twee keer (ook in Regels!A2)",
        ],
    )


def test_policy_settings_unknown_and_twice(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Beleid"] = [
        ["instelling", "waarde"],
        ["doell", "verschuiving"],
        ["seed", 1],
        ["seed", 2],
        ["tijdslimiet", "1,5"],
    ]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Beleid!A2: onbekende instelling 'doell' (bedoelt u 'doel'?)",
            "Beleid!A4: instelling 'seed' staat er twee keer (ook in Beleid!A3)",
            "Beleid!B5: tijdslimiet moet een getal zijn, niet '1,5' (schrijf een decimale punt)",
        ],
    )


def test_every_problem_of_every_sheet_at_once(tmp_path: Path) -> None:
    """Cell and validation problems together, in sheet, row and column order; each cell once."""
    sheets = _base()
    sheets["Werken"][1][4] = "vier"  # read: not a whole number (and not also 'missing')
    sheets["Werken"][2][3] = "WK077299"  # validation: unknown area
    sheets["Capaciteit"][1][2] = "twee"
    sheets["Budgetten"][1][3] = -5
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Werken!E2: duur moet een heel aantal weken >= 1 zijn, niet 'vier'",
            "Werken!D3: gebied 'WK077299' staat niet in areas (en is geen buurt van een wijk "
            "daarin)",
            "Capaciteit!C2: capaciteit moet een heel getal >= 0 zijn, niet 'twee'",
            "Budgetten!D2: moet minstens 0 zijn, niet -5",
        ],
    )


def test_without_a_scenario_sheet_the_horizon_is_missing(tmp_path: Path) -> None:
    sheets = _base()
    del sheets["Scenario"]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "blad 'Scenario' ontbreekt; daarin staan 'horizon begin' en 'horizon einde' "
            "(de planperiode)"
        ],
        [
            "sheet 'Scenario' is missing; it holds 'horizon start' and 'horizon end' "
            "(the planning period)"
        ],
    )


def test_planned_start_is_a_required_column_unless_the_objective_is_makespan(
    tmp_path: Path,
) -> None:
    sheets = _base()
    for row in sheets["Werken"]:
        del row[5]
    _expect(_workbook(sheets, tmp_path), ["Werken: verplichte kolom 'geplande start' ontbreekt"])
    sheets["Beleid"] = [["doel", "doorlooptijd"]]  # no header row: row 1 names a setting
    scenario = _scenario(sheets, tmp_path, "makespan.xlsx")
    assert [work.planned_start for work in scenario.works] == [None, None]
    assert scenario.policy.objective == "makespan"


def test_a_workbook_with_macros_is_refused(tmp_path: Path) -> None:
    path = _workbook(_base(), tmp_path, "plan.xlsm")
    _expect(
        path,
        [
            "werkboek bevat macro's; plooi leest alleen werkboeken zonder macro's (sla het op "
            "als .xlsx)"
        ],
        ["the workbook holds macros; plooi only reads workbooks without macros (save it as .xlsx)"],
    )
    hidden = _workbook(_base(), tmp_path, "hidden.xlsx")
    with zipfile.ZipFile(hidden, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    _expect(
        hidden,
        [
            "werkboek bevat macro's; plooi leest alleen werkboeken zonder macro's "
            "(sla het op als .xlsx)"
        ],
    )


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("id;naam\n")
    _expect(path, ["dit is geen leesbaar xlsx-werkboek (File is not a zip file)"])
    old = tmp_path / "plan.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    _expect(old, ["het oude Excel-formaat .xls wordt niet gelezen; sla het werkboek op als .xlsx"])


# ---------------------------------------------------------------------------
# Malformed CSV folders


def _csv_folder(tmp_path: Path, **files: bytes) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, data in files.items():
        (folder / f"{name}.csv").write_bytes(data)
    return folder


_SCENARIO_CSV = b"instelling;waarde\nhorizon begin;2027-W01\nhorizon einde;2027-W52\n"
_AREAS_CSV = b"code;naam\nWK077210;Centrum\n"
_WINDOWS_CSV = "id;naam;soort;gebied;duur;geplande start\nW-1;Caf\u00e9;riool;WK077210;1;2027-W10\n"


def test_csv_cells_are_named_by_file_line_and_header(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        scenario=_SCENARIO_CSV,
        gebieden=_AREAS_CSV,
        werken=b"id;naam;soort;gebied;duur;geplande start\n"
        b"W-1;Riool;riool;WK077210;drie;2027-W10\n"
        b'W-2;"Boom\nmet twee regels";boom;WK077210;1;5-4-2027\n',
    )
    _expect(
        folder,
        [
            "werken.csv:2:duur: duur moet een heel aantal weken >= 1 zijn, niet 'drie'",
            "werken.csv:3:geplande start: '5-4-2027' is een datum als tekst; schrijf de week "
            "(2027-W14), een datum als 2027-04-05, of maak er een echte Excel-datum van",
        ],
    )


def test_a_csv_file_in_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    # 0x81 is no character in Windows-1252 either (a Windows-1252 file reads fine:
    # tests/test_csv_dialects.py).
    folder = _csv_folder(
        tmp_path,
        scenario=_SCENARIO_CSV,
        werken=_WINDOWS_CSV.encode("cp1252").replace(b"\xe9", b"\x81"),
    )
    _expect(
        folder,
        [
            "werken.csv: tekst is geen UTF-8 (ongeldige byte 0x81 op positie 48); sla het "
            "bestand in Excel op als 'CSV UTF-8'"
        ],
        [
            "werken.csv: text is not UTF-8 (invalid byte 0x81 at offset 48); save the file in "
            "Excel as 'CSV UTF-8'"
        ],
    )


def test_a_csv_folder_without_works_and_a_single_csv_file(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, scenario=_SCENARIO_CSV, gebieden=_AREAS_CSV)
    _expect(
        folder,
        [
            "bestand werken.csv (of works.csv) ontbreekt; gevonden CSV-bestanden: gebieden.csv, "
            "scenario.csv"
        ],
    )
    _expect(
        folder / "gebieden.csv",
        ["een los CSV-bestand is geen scenario; geef de map met werken.csv, verzoeken.csv, ..."],
    )


def test_dutch_and_english_files_for_one_part_are_refused(tmp_path: Path) -> None:
    header = b"id;naam;soort;gebied;duur;geplande start\n"
    folder = _csv_folder(tmp_path, scenario=_SCENARIO_CSV, werken=header, works=header)
    _expect(
        folder,
        ["'werken.csv' en 'works.csv' zijn hetzelfde deel van het scenario; houd er één"],
    )


# ---------------------------------------------------------------------------
# Template


def test_template_has_notes_drop_downs_frozen_headers_and_filters(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [spec.nl for spec in SHEETS]
    works = book["Werken"]
    assert works.freeze_panes == "B2" and works.auto_filter.ref == "A1:W1"
    notes = {cell.value: cell.comment.text for cell in works[1] if cell.comment}
    assert notes["duur"] == "Duur in hele weken (minstens 1)."
    assert len(notes) == len(works[1])  # every header has its note
    lists = {str(dv.sqref): dv.formula1 for dv in works.data_validations.dataValidation}
    assert lists["C2:C1048576"] == '"weg,riool,groen,boom,spelen,verlichting,warmte,overig"'
    assert lists["D2:D1048576"] == "Gebieden!$A$2:$A$1001"
    assert lists["N2:N1048576"] == "Budgetten!$A$2:$A$1001"
    assert lists["J2:J1048576"] == '"ja,nee"'
    exceptions = book["Uitzonderingen"].data_validations.dataValidation
    assert [(str(dv.sqref), dv.formula1) for dv in exceptions] == [
        ("A2:A1048576", "Capaciteit!$A$2:$A$1001")
    ]
    rules = {str(dv.sqref): dv.formula1 for dv in book["Regels"].data_validations.dataValidation}
    assert rules["A2:A1048576"] == (
        '"broedseizoen,breekverbod,evenement,max gelijktijdig,schoolvakantie"')
    policy = [row for row in book["Beleid"].iter_rows(values_only=True)]
    assert policy[1][:2] == ("doel", "verschuiving")
    # The empty template lacks only what a planner must fill in: the horizon.
    _expect(
        path, ["Scenario!B4: verplicht veld ontbreekt", "Scenario!B5: verplicht veld ontbreekt"]
    )


def test_template_with_a_demo_scenario_loads_back_equal(tmp_path: Path) -> None:
    demo = load_scenario(DATA / "every_field.yaml")
    template(tmp_path / "demo.xlsx", demo, lang="en")
    book = openpyxl.load_workbook(tmp_path / "demo.xlsx")
    assert book.active.title == "Works"
    header = [cell.value for cell in book["Works"][1]]
    assert header[-3:] == ["groen", "riool-aannemer", "demand: duur"]
    assert load_scenario(tmp_path / "demo.xlsx") == demo


def test_headers_are_unambiguous_across_languages() -> None:
    for spec in SHEETS:
        names = [
            name
            for column in spec.columns
            for name in {normalise(column.nl), normalise(column.en), normalise(column.key)}
        ]
        assert len(names) == len(set(names)), spec.key
        assert field_headers(spec) == set(names)


# ---------------------------------------------------------------------------
# Outputs


def test_a_missing_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "small_plan.yaml")
    target = tmp_path / "nope" / "plan.xlsx"
    with pytest.raises(OutputError) as caught:
        write_workbook(scenario, target)
    assert caught.value.render("nl") == f"{target}: map '{tmp_path / 'nope'}' bestaat niet"
    with pytest.raises(OutputError, match="folder '.*nope' does not exist"):
        write_csv_folder(scenario, tmp_path / "nope" / "csv")
    with pytest.raises(OutputError, match="unknown output type '.txt'"):
        convert(DATA / "small_plan.yaml", tmp_path / "plan.txt")


def test_a_broken_input_writes_nothing(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Werken"][1][4] = "drie"
    source = _workbook(sheets, tmp_path, "in.xlsx")
    with pytest.raises(ScenarioError):
        convert(source, tmp_path / "out.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx"]


def test_a_text_excel_cannot_store_fails_whole_and_leaves_no_file(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "small_plan.yaml")
    broken = scenario.model_copy(
        update={"works": [scenario.works[0].model_copy(update={"name": "bel\x07"})]}
    )
    with pytest.raises(OutputError, match="holds a control character"):
        write_workbook(broken, tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_csv_output_refuses_a_folder_of_the_other_language(tmp_path: Path) -> None:
    scenario = load_scenario(DATA / "small_plan.yaml")
    write_csv_folder(scenario, tmp_path / "csv", lang="en")
    with pytest.raises(OutputError, match="already holds works.csv, a scenario file"):
        write_csv_folder(scenario, tmp_path / "csv", lang="nl")
