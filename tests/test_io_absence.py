"""Crew absence (``resources[].absence``, read by plooi risk) in the spreadsheet forms.

The sheet Afwezigheid / Absence (afwezigheid.csv / absence.csv): one row per
period, a row without weeks for every week. Plus the guard that the spreadsheet
writer drops no field of a resource, work or request.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pydantic import BaseModel

from scheduler.errors import ScenarioError
from scheduler.io.convert import convert
from scheduler.io.load import load_scenario
from scheduler.io.write_tabular import template
from scheduler.io.write_yaml import scenario_yaml
from scheduler.scenario import Absence, Request, Resource, Work
from tests.test_io_tabular import DATA, ROUND_TRIP, _base, _csv_folder, _expect, _workbook

EVERY_FIELD = DATA / "every_field.yaml"


# ---------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("form", ["plan.xlsx", "plan"])
def test_absence_survives_yaml_to_sheet_to_yaml(form: str, lang: str, tmp_path: Path) -> None:
    original = load_scenario(EVERY_FIELD)
    groen, aannemer, duur = original.resources
    assert groen.absence == [
        Absence.model_validate({"probability": 0.2, "from": "2027-W27", "to": "2027-W35"}),
        Absence.model_validate({"probability": 0.25, "from": "2028-W27"}),
        Absence.model_validate({"probability": 0.5, "to": "2027-W02"}),
        Absence(probability=0.05),
    ]
    assert (aannemer.absence, duur.absence) == (0.125, 0.0)
    sheet = tmp_path / form
    convert(EVERY_FIELD, sheet, lang=lang)  # type: ignore[arg-type]
    assert load_scenario(sheet) == original
    back = tmp_path / "back.yaml"
    convert(sheet, back)
    assert load_scenario(back) == original


def test_the_absence_sheet_holds_one_row_per_period(tmp_path: Path) -> None:
    convert(EVERY_FIELD, tmp_path / "plan.xlsx")
    rows = list(openpyxl.load_workbook(tmp_path / "plan.xlsx")["Afwezigheid"].values)
    assert rows == [
        ("id", "kans", "van", "tot"),
        ("groen", 0.2, "2027-W27", "2027-W35"),
        ("groen", 0.25, "2028-W27", None),
        ("groen", 0.5, None, "2027-W02"),
        ("groen", 0.05, None, None),
        ("riool-aannemer", 0.125, None, None),
    ]
    convert(EVERY_FIELD, tmp_path / "csv", lang="en")
    with (tmp_path / "csv" / "absence.csv").open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file, delimiter=";"))
    assert lines[0] == ["id", "probability", "from", "to"]
    assert lines[-1] == ["riool-aannemer", "0,125", "", ""]  # the Dutch Excel dialect


def test_english_absence_sheet_reads_the_same_as_dutch(tmp_path: Path) -> None:
    dutch = _base()
    dutch["Afwezigheid"] = [["id", "kans", "van", "tot"], ["groen", 0.1, "2027-W10", None]]
    english = _base()
    english["Absence"] = [["id", "probability", "from", "to"], ["groen", "0.1", "2027 w10", None]]
    nl = load_scenario(_workbook(dutch, tmp_path, "nl.xlsx"))
    en = load_scenario(_workbook(english, tmp_path, "en.xlsx"))
    assert nl == en
    assert nl.resources[0].absence == [Absence.model_validate({"probability": 0.1, "from": "2027-W10"})]


def test_one_period_without_weeks_and_no_periods_have_one_spelling() -> None:
    """The sheet has one row for both ``0.05`` and ``[{probability: 0.05}]``: they are equal."""
    base: dict[str, Any] = {"id": "g", "name": "G", "capacity": 1}
    assert Resource.model_validate({**base, "absence": [{"probability": 0.05}]}).absence == 0.05
    assert Resource.model_validate({**base, "absence": []}).absence == 0.0
    two = [{"probability": 0.05}, {"probability": 0.1}]
    assert len(Resource.model_validate({**base, "absence": two}).absence) == 2  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# The writer drops no field


def _unset_fields(scenario: BaseModel) -> dict[tuple[str, str], bool]:
    """(model, field) -> whether some instance in ``scenario`` sets the optional field.

    Walks every model reachable from the scenario: a new sub-model is an optional
    field of its parent, so it is flagged until set, and then walked too.
    """
    found: dict[tuple[str, str], bool] = {}

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for name, info in type(value).model_fields.items():
                field = getattr(value, name)
                if not info.is_required():
                    default = info.get_default(call_default_factory=True)
                    key = (type(value).__name__, name)
                    found[key] = found.get(key, False) or field != default
                walk(field)
        elif isinstance(value, list | tuple):
            for part in value:
                walk(part)
        elif isinstance(value, dict):
            for part in value.values():
                walk(part)

    walk(scenario)
    return found


def test_every_field_yaml_sets_every_optional_field_of_resource_work_and_request() -> None:
    """every_field.yaml round-trips through xlsx and CSV (test_io_tabular), so no field it
    sets can be dropped by the writer unnoticed; a new field of Resource, Work or Request
    fails here until it is set there too, and so written and read back."""
    found = _unset_fields(load_scenario(EVERY_FIELD))
    for model in (Resource, Work, Request, Absence):
        optional = [name for name, info in model.model_fields.items() if not info.is_required()]
        assert [name for name in optional if not found[(model.__name__, name)]] == []


def test_the_round_trip_files_together_set_every_optional_field() -> None:
    """The same guard for every other part (policy, rules, bundles, scenario texts): each
    optional field is set in at least one file that test_io_tabular round-trips."""
    found: dict[tuple[str, str], bool] = {}
    for source in ROUND_TRIP:
        for key, is_set in _unset_fields(load_scenario(source)).items():
            found[key] = found.get(key, False) or is_set
    assert [key for key, is_set in found.items() if not is_set] == []


# ---------------------------------------------------------------------------
# Bad cells


def test_bad_absence_cells_are_named_exactly(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Afwezigheid"] = [
        ["id", "kans", "van", "tot"],
        ["groen", 1.5],
        ["kraan", 0.1],
        ["groen", "veel", "2027-W60", "5-4-2027"],
        ["groen", -0.1, "2027-W10", "2027-W12"],
        ["groen", "0,2", "2027-W10", "2027-W12"],
    ]
    _expect(
        _workbook(sheets, tmp_path),
        [
            "Afwezigheid!B2: mag hooguit 1.0 zijn, niet 1.5",
            "Afwezigheid!A3: onbekende capaciteit 'kraan': verwacht een id uit resources",
            "Afwezigheid!B4: kans moet een getal zijn, niet 'veel'",
            "Afwezigheid!C4: week '2027-W60' bestaat niet: ISO-jaar 2027 heeft weken W01..W52",
            "Afwezigheid!D4: '5-4-2027' is een datum als tekst; schrijf de week (2027-W14), "
            "een datum als 2027-04-05, of maak er een echte Excel-datum van",
            "Afwezigheid!B5: moet minstens 0.0 zijn, niet -0.1",
            "Afwezigheid!B6: kans moet een getal zijn, niet '0,2' (schrijf een decimale punt)",
        ],
        [
            "Afwezigheid!B2: must be at most 1.0, got 1.5",
            "Afwezigheid!A3: unknown resource 'kraan': expected an id from resources",
            "Afwezigheid!B4: probability must be a number, got 'veel'",
            "Afwezigheid!C4: week '2027-W60' does not exist: ISO year 2027 has weeks W01..W52",
            "Afwezigheid!D4: '5-4-2027' is a date written as text; write the week (2027-W14), "
            "a date as 2027-04-05, or make it a real Excel date",
            "Afwezigheid!B5: must be at least 0.0, got -0.1",
            "Afwezigheid!B6: probability must be a number, got '0,2' (write a decimal point)",
        ],
    )


def test_an_absence_period_that_ends_before_it_starts(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Afwezigheid"] = [["id", "kans", "van", "tot"], ["groen", 0.2, "2027-W12", "2027-W10"]]
    _expect(
        _workbook(sheets, tmp_path),
        ["Afwezigheid!D2: einde 2027-W10 ligt voor begin 2027-W12"],
        ["Afwezigheid!D2: end 2027-W10 lies before start 2027-W12"],
    )


def test_a_lone_probability_out_of_range_names_its_cell(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Absence"] = [["id", "probability"], ["groen", 2]]
    _expect(
        _workbook(sheets, tmp_path),
        ["Absence!B2: mag hooguit 1.0 zijn, niet 2"],
        ["Absence!B2: must be at most 1.0, got 2"],
    )


def test_a_missing_probability_column(tmp_path: Path) -> None:
    sheets = _base()
    sheets["Afwezigheid"] = [["id", "van"], ["groen", "2027-W01"]]
    _expect(
        _workbook(sheets, tmp_path),
        ["Afwezigheid: verplichte kolom 'kans' ontbreekt"],
        ["Afwezigheid: required column 'probability' is missing"],
    )


_SCENARIO_CSV = b"instelling;waarde\nhorizon begin;2027-W01\nhorizon einde;2027-W52\n"


def test_bad_absence_cells_in_a_csv_folder(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        scenario=_SCENARIO_CSV,
        gebieden=b"code;naam\nWK077210;Centrum\n",
        capaciteit=b"id;naam;capaciteit\ngroen;Team Groen;2\n",
        werken=b"id;naam;soort;gebied;duur;geplande start\nW-1;Riool;riool;WK077210;1;2027-W10\n",
        afwezigheid=b"id;kans;van;tot\ngroen;1,5;;\nkraan;0,1;;\ngroen;0,1;2027-W60;\n",
    )
    _expect(
        folder,
        [
            "afwezigheid.csv:2:kans: mag hooguit 1.0 zijn, niet 1.5",
            "afwezigheid.csv:3:id: onbekende capaciteit 'kraan': verwacht een id uit resources",
            "afwezigheid.csv:4:van: week '2027-W60' bestaat niet: ISO-jaar 2027 heeft weken "
            "W01..W52",
        ],
        [
            "afwezigheid.csv:2:kans: must be at most 1.0, got 1.5",
            "afwezigheid.csv:3:id: unknown resource 'kraan': expected an id from resources",
            "afwezigheid.csv:4:van: week '2027-W60' does not exist: ISO year 2027 has weeks "
            "W01..W52",
        ],
    )


def test_a_bad_absence_in_yaml_is_reported_once_at_its_place(tmp_path: Path) -> None:
    """The number/periods union is tagged: only the form given is checked."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        "horizon: {start: 2027-W01, end: 2027-W52}\n"
        "resources:\n"
        "  - {id: g, name: G, capacity: 1, absence: 1.5}\n"
        "  - {id: h, name: H, capacity: 1, absence: [{probability: 0.1}, {probability: 2}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.render("en").splitlines() == [
        f"{path}:3: resources[0].absence: must be at most 1.0, got 1.5",
        f"{path}:4: resources[1].absence[1].probability: must be at most 1.0, got 2",
    ]


# ---------------------------------------------------------------------------
# Template


def test_the_template_has_an_absence_sheet_with_notes_and_a_resource_list(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    template(path, lang="en")
    sheet = openpyxl.load_workbook(path)["Absence"]
    notes = {cell.value: cell.comment.text for cell in sheet[1] if cell.comment}
    assert list(notes) == ["id", "probability", "from", "to"]
    assert notes["probability"].startswith("For plooi risk: chance that a unit of the crew")
    lists = [(str(dv.sqref), dv.formula1) for dv in sheet.data_validations.dataValidation]
    assert lists == [("A2:A1048576", "Resources!$A$2:$A$1001")]


def test_the_yaml_writer_writes_an_absence_period_per_line() -> None:
    text = scenario_yaml(load_scenario(EVERY_FIELD))
    assert "  absence:\n  - {probability: 0.2, from: 2027-W27, to: 2027-W35}\n" in text
    assert "  - {probability: 0.05}\n- id: riool-aannemer" in text
    assert "  absence: 0.125\n" in text
