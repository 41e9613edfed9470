"""`plooi validate` reports field errors and reference errors in one run.

Before, the reference checks ran only on items whose own fields validated, so a
duplicate id or an unknown resource on a work with a bad duration appeared only
after the duration was fixed. Now the checks run on what can be read of such an
item too, and drop only what rests on a field that could not be read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.errors import ScenarioError
from scheduler.io.load import scenario_from_text

HEAD = """\
horizon: {start: 2027-W01, end: 2027-W52}
areas: [{code: WK077210, name: Centrum}]
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
"""


def problems(works: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(HEAD + works, "s.yaml")
    return caught.value.render("en").splitlines()


def test_a_field_error_and_a_reference_error_in_the_same_item() -> None:
    works = """\
  - {id: W-1, name: a, kind: road, area: WK077210, duration: drie, planned_start: 2027-W10,
     demand: {ploeg: 1}}
"""
    assert problems(works) == [
        "s.yaml:5: works[0].duration: expected a whole number, got 'drie'",
        "s.yaml:6: works[0].demand.ploeg: unknown resource 'ploeg': expected an id from resources",
    ]


def test_a_bad_demand_entry_hides_only_itself() -> None:
    works = """\
  - {id: W-1, name: a, kind: road, area: WK077299, duration: 2, planned_start: 2027-W10,
     demand: {crew: x, ploeg: 2}}
"""
    assert problems(works) == [
        "s.yaml:5: works[0].area: area 'WK077299' is not listed in areas (nor a buurt of a listed wijk)",
        "s.yaml:6: works[0].demand.crew: expected a whole number, got 'x'",
        "s.yaml:6: works[0].demand.ploeg: unknown resource 'ploeg': expected an id from resources",
    ]


def test_a_field_error_and_a_reference_error_in_different_items() -> None:
    # works[1] repeats the id of works[0], whose duration is bad: this used to wait
    # until works[0] was fixed.
    works = """\
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 0, planned_start: 2027-W10}
  - {id: W-1, name: b, kind: road, area: WK077210, duration: 2, planned_start: 2027-W20}
"""
    assert problems(works) == [
        "s.yaml:5: works[0].duration: must be at least 1, got 0",
        "s.yaml:6: works[1].id: id 'W-1' is already used by works[0].id",
    ]


def test_a_cycle_through_an_item_with_a_field_error() -> None:
    works = """\
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 0, planned_start: 2027-W10,
     after: [{work: W-2}]}
  - {id: W-2, name: b, kind: road, area: WK077210, duration: 2, planned_start: 2027-W30,
     after: [{work: W-1}]}
"""
    assert problems(works) == [
        "s.yaml:5: works[0].duration: must be at least 1, got 0",
        "s.yaml:6: works[0].after: the 'after' order forms a cycle: W-1 -> W-2 -> W-1",
    ]


def test_nothing_is_said_about_a_field_that_could_not_be_read() -> None:
    # A bad planned_start is not also "missing"; a missing id is not a duplicate; a bad
    # duration says nothing about running past the horizon; a bad budget hides
    # "cost without a budget line".
    works = """\
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W60,
     pinned: true}
  - {name: b, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10}
  - {id: W-3, name: c, kind: road, area: WK077210, duration: -1, planned_start: 2027-W52}
  - {id: W-4, name: d, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10,
     cost: 100, budget: 7.5}
"""
    assert problems(works) == [
        "s.yaml:5: works[0].planned_start: week '2027-W60' does not exist: ISO year 2027 has weeks W01..W52",
        "s.yaml:7: works[1].id: required field is missing",
        "s.yaml:8: works[2].duration: must be at least 1, got -1",
        "s.yaml:10: works[3].budget: expected text, got '7.5'",
    ]


def test_validate_command_reports_both_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        HEAD
        + "  - {id: W-1, name: a, kind: rood, area: WK077210, duration: 2,"
        " planned_start: 2027-W10, budget: geen}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:5: works[0].budget: onbekende budgetlijn 'geen': verwacht een id uit budgets",
        f"{path}:5: works[0].kind: verwacht een van 'road', 'sewer', 'green', 'tree', 'play', 'lighting', 'heat' of 'other', niet 'rood'",
    ]
