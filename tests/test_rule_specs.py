"""The spreadsheet entries of the rules (scheduler/io/tables/rule_specs.py).

Both the reader and the writer loop over RULE_SPECS; these tests pin, for every
entry, the cells it writes (nl and en) and that the reader gives back the rule
it wrote (xlsx and CSV). The registry test checks every kind has an entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scheduler.errors import OutputError
from scheduler.io.load import load_scenario
from scheduler.io.tabular import RULE_SPEC, RULE_SPECS, Lang, RuleSpec, scenario_tables
from scheduler.io.validate import build_scenario
from scheduler.io.write_tabular import write_csv_folder, write_workbook
from scheduler.rules import Rule
from scheduler.scenario import Scenario

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


# One rule of each kind, a value other than the model's default in every column its
# entry fills: a case per entry (a new entry without one fails with a KeyError).
ONE_RULE: dict[Rule, dict[str, Any]] = {
    Rule.BREEDING_SEASON: {"breeding_season": {"from": "04-01", "to": "08-31",
                                               "kinds": ["road", "play"]}},
    Rule.BREEKVERBOD: {"breekverbod_years": 5},
    Rule.EVENT: {"events": [{"name": "Koningsdag", "from": "2028-W17", "to": "2028-W18",
                             "areas": ["WK077210", "WK077211"], "kinds": ["road", "sewer"]}]},
    Rule.MAX_CONCURRENT: {"max_concurrent": [{"kinds": ["tree", "play"], "per": "buurt",
                                              "limit": 3}]},
    Rule.SCHOOL_HOLIDAYS: {"school_holidays": {"region": "noord", "kinds": ["play", "road"],
                                               "items": ["R-1", "W-100"]}},
    Rule.BUNDLE: {"bundles": [{"name": "Samen", "items": ["W-100", "R-1"], "max_span": 20}]},
}  # fmt: skip


def _one_rule(rule: Rule) -> Scenario:
    raw = _raw()
    raw["rules"] = ONE_RULE[rule]
    return build_scenario(raw, rule.value)


@pytest.mark.parametrize("spec", RULE_SPECS, ids=lambda spec: spec.rule.value)
def test_each_case_states_only_its_rule_with_no_default_in_any_column(spec: RuleSpec) -> None:
    scenario = _one_rule(spec.rule)
    assert set(scenario.rules.model_dump(exclude_defaults=True)) == {spec.field}
    [stated] = spec.stated(scenario.rules)
    if spec.shape != "number":
        assert set(spec.columns.values()) <= set(
            stated.model_dump(by_alias=True, exclude_defaults=True)
        ), spec.rule


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("form", ["xlsx", "csv"])
@pytest.mark.parametrize("spec", RULE_SPECS, ids=lambda spec: spec.rule.value)
def test_each_entry_reads_back_the_rule_it_wrote(
    spec: RuleSpec, form: str, lang: Lang, tmp_path: Path
) -> None:
    """Written by the writer, read by the reader (load_scenario: scenario_from_tables)."""
    original = _one_rule(spec.rule)
    if form == "xlsx":
        target = write_workbook(original, tmp_path / "s.xlsx", lang)
    else:
        target = write_csv_folder(original, tmp_path / "s", lang)
    assert load_scenario(target) == original


def _written(rule: Rule, lang: Lang) -> list[dict[str, Any]]:
    """The rows written for the one-rule case, as header -> value of the filled cells."""
    spec = RULE_SPEC[rule]
    [table] = [t for t in scenario_tables(_one_rule(rule), lang) if t.spec.key == spec.sheet.key]
    headers = [column.header for column in table.columns]
    return [
        {header: value for header, value in zip(headers, row, strict=True) if value is not None}
        for row in table.rows
    ]


# The cells each entry writes, literally: a swap of two columns or of two YAML keys
# reads back the same, but is written in the wrong column.
WRITTEN: dict[Rule, dict[Lang, list[dict[str, Any]]]] = {
    Rule.BREEDING_SEASON: {
        "nl": [{"regel": "broedseizoen", "van": "04-01", "tot": "08-31",
                "soorten": "weg, spelen"}],
        "en": [{"rule": "breeding season", "from": "04-01", "to": "08-31",
                "kinds": "road, play"}],
    },
    Rule.BREEKVERBOD: {
        "nl": [{"regel": "breekverbod", "jaren": 5}],
        "en": [{"rule": "breekverbod", "years": 5}],
    },
    Rule.EVENT: {
        "nl": [{"regel": "evenement", "naam": "Koningsdag", "van": "2028-W17",
                "tot": "2028-W18", "gebieden": "WK077210, WK077211", "soorten": "weg, riool"}],
        "en": [{"rule": "event", "name": "Koningsdag", "from": "2028-W17", "to": "2028-W18",
                "areas": "WK077210, WK077211", "kinds": "road, sewer"}],
    },
    Rule.MAX_CONCURRENT: {
        "nl": [{"regel": "max gelijktijdig", "soorten": "boom, spelen", "per": "buurt",
                "limiet": 3}],
        "en": [{"rule": "max concurrent", "kinds": "tree, play", "per": "buurt", "limit": 3}],
    },
    Rule.SCHOOL_HOLIDAYS: {
        "nl": [{"regel": "schoolvakantie", "soorten": "spelen, weg", "regio": "noord",
                "werken": "R-1, W-100"}],
        "en": [{"rule": "school holidays", "kinds": "play, road", "region": "noord",
                "items": "R-1, W-100"}],
    },
    Rule.BUNDLE: {
        "nl": [{"naam": "Samen", "werken": "W-100, R-1", "max weken": 20}],
        "en": [{"name": "Samen", "items": "W-100, R-1", "max span": 20}],
    },
}  # fmt: skip


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("spec", RULE_SPECS, ids=lambda spec: spec.rule.value)
def test_each_entry_writes_its_values_in_its_own_columns(spec: RuleSpec, lang: Lang) -> None:
    assert _written(spec.rule, lang) == WRITTEN[spec.rule][lang]


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
