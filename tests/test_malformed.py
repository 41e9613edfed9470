"""Every malformed scenario gives one clear message naming the place, exit 2, no traceback.

One file per problem in tests/data/malformed/; the expected text is the whole
message, so a wrong place, line or wording fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.errors import ScenarioError
from scheduler.io.load import load_scenario

DATA = Path(__file__).parent / "data" / "malformed"

EXPECTED = [
    ("alias_bomb.yaml", "{path}:1: too many elements (more than 1000000; a YAML alias bomb?)"),
    (
        "area_not_cbs.yaml",
        "{path}:6: works[0].area: 'Centrum' is not a CBS code; expected WK + 6 digits (wijk) or BU + 8 digits (buurt)",
    ),
    ("binary.yaml", "{path}: this is not a text file (it holds binary data)"),
    (
        "breeding_day_bad.yaml",
        "{path}:8: rules.breeding_season.from: '13-15' is not a day of the year; expected MM-DD, for example 03-15",
    ),
    (
        "bundle_item_twice.yaml",
        "{path}:10: rules.bundles[1].items[1]: 'W-2' is already in a bundle (rules.bundles[0].items[1]); an item is in at most one bundle",
    ),
    (
        "bundle_span_short.yaml",
        "{path}:9: rules.bundles[0].max_span: max_span 5 is shorter than W-2, which lasts 6 weeks",
    ),
    ("bundle_span_zero.yaml", "{path}:9: rules.bundles[0].max_span: must be at least 1, got 0"),
    (
        "bundle_too_few.yaml",
        "{path}:9: rules.bundles[0].items: a bundle (werk met werk) names at least two works or requests, got 1",
    ),
    (
        "bundle_unknown_item.yaml",
        "{path}:9: rules.bundles[0].items[1]: unknown work or request 'W-9'",
    ),
    (
        "cost_huge.yaml",
        "{path}:6: works[0].cost: must be at most 1000000000000, got 10000000000000",
    ),
    ("cost_negative.yaml", "{path}:6: works[0].cost: must be at least 0, got -5"),
    (
        "cost_without_budget.yaml",
        "{path}:6: works[0].budget: cost 50 without a budget line: expected a budget id",
    ),
    (
        "cyclic_after.yaml",
        "{path}:6: works[0].after: the 'after' order forms a cycle: W-1 -> W-2 -> W-3 -> W-1",
    ),
    ("dangling_after.yaml", "{path}:6: works[0].after[0].work: unknown work or request 'W-9'"),
    ("deep_nesting.yaml", "{path}:1: nested too deeply (more than 64 levels)"),
    ("duplicate_id.yaml", "{path}:7: works[1].id: id 'W-1' is already used by works[0].id"),
    ("duplicate_key.yaml", "{path}:7: key 'works' appears twice (first on line 5)"),
    ("duration_fraction.yaml", "{path}:6: works[0].duration: expected a whole number, got '2.5'"),
    ("duration_missing.yaml", "{path}:6: works[0].duration: required field is missing"),
    ("duration_text.yaml", "{path}:6: works[0].duration: expected a whole number, got 'drie'"),
    ("duration_zero.yaml", "{path}:6: works[0].duration: must be at least 1, got 0"),
    ("empty.yaml", "{path}: file is empty"),
    (
        "exceptions_overlap.yaml",
        "{path}:4: resources[0].exceptions[1]: overlaps exception 0; exceptions must not overlap",
    ),
    ("horizon_missing.yaml", "{path}: horizon: required field is missing"),
    ("horizon_reversed.yaml", "{path}:1: horizon.end: end 2027-W01 lies before start 2027-W30"),
    (
        "id_shared_by_work_and_request.yaml",
        "{path}:8: requests[0].id: id 'W-1' is already used by works[0].id",
    ),
    (
        "kind_unknown.yaml",
        "{path}:6: works[0].kind: expected one of 'road', 'sewer', 'green', 'tree', 'play', 'lighting', 'heat' or 'other', got 'roads'",
    ),
    ("not_utf8.yaml", "{path}: text is not UTF-8 (invalid byte 0xe9 at offset 72)"),
    ("pinned_not_bool.yaml", "{path}:6: works[0].pinned: expected true or false, got 'yes please'"),
    (
        "planned_beyond_horizon.yaml",
        "{path}:6: works[0].planned_start: the planned work runs until 2028-W02, beyond the horizon 2027-W01..2027-W52",
    ),
    (
        "policy_objective_unknown.yaml",
        "{path}:7: policy.objective: expected one of 'displacement' or 'makespan', got 'fastest'",
    ),
    (
        "python_tag.yaml",
        "{path}:6: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
    ),
    ("top_level_list.yaml", "{path}: a scenario must be a mapping (key: value), not list"),
    (
        "unknown_area.yaml",
        "{path}:6: works[0].area: area 'WK077299' is not listed in areas (nor a buurt of a listed wijk)",
    ),
    (
        "unknown_budget.yaml",
        "{path}:6: works[0].budget: unknown budget line 'wegen': expected an id from budgets",
    ),
    (
        "unknown_field.yaml",
        "{path}:6: works[0].duraton: unknown field 'duraton' (did you mean 'duration'?)",
    ),
    (
        "unknown_resource.yaml",
        "{path}:6: works[0].demand.kraan: unknown resource 'kraan': expected an id from resources",
    ),
    (
        "week_53_missing.yaml",
        "{path}:6: works[0].planned_start: week '2027-W53' does not exist: ISO year 2027 has weeks W01..W52",
    ),
    (
        "week_malformed.yaml",
        "{path}:6: works[0].planned_start: '2027-10' is not an ISO week; expected the form YYYY-Www, for example 2027-W09",
    ),
    (
        "window_outside_horizon.yaml",
        "{path}:6: works[0].latest_finish: week 2028-W05 lies outside the horizon 2027-W01..2027-W52",
    ),
    (
        "yaml_syntax.yaml",
        "{path}:7: YAML error: while parsing a flow mapping expected ',' or '}', but got '<stream end>'",
    ),
]


def test_corpus_is_complete() -> None:
    assert sorted(name for name, _ in EXPECTED) == sorted(p.name for p in DATA.iterdir())
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize(("name", "message"), EXPECTED)
def test_malformed_file_gives_exact_message(name: str, message: str) -> None:
    path = DATA / name
    expected = message.replace("{path}", str(path))
    with pytest.raises(ScenarioError, match=re.escape(expected)) as caught:
        load_scenario(path)
    assert caught.value.render("en") == expected


@pytest.mark.parametrize(("name", "message"), EXPECTED[::6])
def test_cli_reports_bad_input_with_exit_2_and_writes_nothing(
    name: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.json"
    code = main(["solve", str(DATA / name), "--json", str(out), "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 2
    assert not out.exists()
    assert "Traceback" not in captured.err + captured.out
    assert message.replace("{path}", str(DATA / name)) in captured.err


def test_messages_are_dutch_by_default() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(DATA / "duration_text.yaml")
    assert caught.value.render() == (
        f"{DATA / 'duration_text.yaml'}:6: works[0].duration: verwacht een heel getal, niet 'drie'"
    )


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "horizon: {start: 2027-W01, end: 2027-W52}\n"
        "areas: [{code: WK077210, name: Centrum}]\n"
        "works:\n"
        "  - {id: W-1, name: a, kind: road, area: WK077210, duration: drie, planned_start: 2027-W10}\n"
        "  - {id: W-2, name: b, kind: rood, area: WK077210, duration: 2, planned_start: 2027-W60}\n"
        "  - {id: W-3, name: c, kind: road, area: WK077211, duration: 2, planned_start: 2027-W10}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    places = [(p.line, p.place) for p in caught.value.problems]
    assert places == [
        (4, "works[0].duration"),
        (5, "works[1].kind"),
        (5, "works[1].planned_start"),
        (6, "works[2].area"),
    ]


def test_a_file_far_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    from scheduler.io import yaml_source

    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(yaml_source.MAX_FILE_BYTES + 1)
    with pytest.raises(ScenarioError, match="file is too large"):
        load_scenario(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(
        ScenarioError, match=re.escape(f"{tmp_path / 'nope.yaml'}: file does not exist")
    ):
        load_scenario(tmp_path / "nope.yaml")
