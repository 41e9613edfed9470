"""The spreadsheet entries of the rules (scheduler/io/tables/rule_specs.py).

Both the reader and the writer loop over RULE_SPECS; these tests pin what the
generic loop writes for every kind (the registry test checks every kind has an
entry, the round-trip tests that reading it back gives the same scenario).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scheduler.errors import OutputError
from scheduler.io.tabular import RULE_SPEC, RULE_SPECS, Lang, scenario_tables
from scheduler.io.validate import build_scenario
from scheduler.io.write_tabular import write_csv_folder, write_workbook
from scheduler.rules import Rule

EVERY_FIELD = Path(__file__).parent / "data" / "tabular" / "every_field.yaml"


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(EVERY_FIELD.read_text(encoding="utf-8"))
    raw["rules"]["bundles"] = [{"items": ["W-100", "101"], "max_span": 30}]
    return raw


def _rows(lang: Lang, key: str) -> list[list[Any]]:
    scenario = build_scenario(_raw(), "every_field")
    [table] = [t for t in scenario_tables(scenario, lang) if t.spec.key == key]
    return table.rows


def test_every_rule_is_written_as_one_row_per_rule_in_entry_order() -> None:
    # regel, naam, van, tot, gebieden, soorten, per, limiet, jaren, regio, werken
    assert _rows("nl", "rules") == [
        ["broedseizoen", None, "03-15", "07-15", None, "boom, groen", None, None, None, None,
         None],
        ["breekverbod", None, None, None, None, None, None, None, 3, None, None],
        # An event for every kind (the default) leaves soorten empty; (geen) is none.
        ["evenement", "GLOW", "2027-W45", "2027-W46", "WK077210", "weg, riool, warmte", None,
         None, None, None, None],
        ["evenement", "Alles", "2028-W45", "2028-W46", "WK077211", None, None, None, None,
         None, None],
        ["evenement", "Geen", "2029-W45", "2029-W46", "WK077211", "(geen)", None, None, None,
         None, None],
        ["max gelijktijdig", None, None, None, None, "weg, riool, warmte", "wijk", 2, None,
         None, None],
        ["max gelijktijdig", None, None, None, None, "boom", "buurt", 0, None, None, None],
        ["schoolvakantie", None, None, None, None, "spelen", None, None, None, "zuid", "R-1"],
    ]  # fmt: skip
    assert [row[0] for row in _rows("en", "rules")] == [
        "breeding season", "breekverbod", "event", "event", "event", "max concurrent",
        "max concurrent", "school holidays",
    ]  # fmt: skip
    # A rule with a sheet of its own: its columns, no name.
    assert _rows("en", "bundles") == [[None, "W-100, 101", 30]]


def test_an_entry_reads_its_rule_from_the_row_the_writer_made() -> None:
    scenario = build_scenario(_raw(), "every_field")
    for spec in RULE_SPECS:
        for stated in spec.stated(scenario.rules):
            row = spec.row(stated)
            assert set(row) == set(spec.columns), spec.rule
    holidays = RULE_SPEC[Rule.SCHOOL_HOLIDAYS]
    [stated] = holidays.stated(scenario.rules)
    assert holidays.row(stated) == {"region": "zuid", "kinds": ["play"], "items": ["R-1"]}
    assert RULE_SPEC[Rule.BREEKVERBOD].row(3) == {"years": 3}


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_an_id_a_list_cell_would_split_is_refused_before_anything_is_written(
    form: str, tmp_path: Path
) -> None:
    raw = _raw()
    raw["works"].append({**raw["works"][0], "id": "W-1,2", "pinned": False})
    raw["rules"]["bundles"] = [{"items": ["W-1,2", "101"], "max_span": 30}]
    scenario = build_scenario(raw, "comma")
    target = tmp_path / ("s.xlsx" if form == "xlsx" else "s")
    with pytest.raises(OutputError) as error:
        if form == "xlsx":
            write_workbook(scenario, target)
        else:
            write_csv_folder(scenario, target)
    assert error.value.render("nl") == (
        f"{target}: id 'W-1,2' bevat een komma en kan daarom niet in de kolom 'werken' "
        "van Bundels staan"
    )
    assert not list(tmp_path.iterdir())
