"""The rule registry (scheduler/rules.py): every kind has everything a rule needs.

mypy already refuses a ``match`` that leaves a kind out; these tests check what
mypy cannot: that each kind's texts exist in Dutch and English and differ, that
the checker, the guarded model and the explainer really produce the kinds they
say, that the briefing names every checked rule, and that every scenario rule
survives YAML, xlsx and CSV. The scenario is tests/data/tabular/every_field.yaml
with a bundle and a work that resurfaces in a breeding-season month added, so it
states every rule of the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scheduler import weeks
from scheduler.check import RULES, Violation, check
from scheduler.explain import Cause, explain
from scheduler.guards import Conflict
from scheduler.io.load import load_scenario
from scheduler.io.tabular import (
    NAMED_RULES,
    RULE_SPEC,
    RULE_SPECS,
    SHEETS,
    require_every_rule_written,
    rule_sheet,
)
from scheduler.io.tabular import RULES as RULES_SHEET
from scheduler.io.validate import build_scenario
from scheduler.io.write_tabular import write_csv_folder, write_workbook
from scheduler.io.write_yaml import write_yaml
from scheduler.plan import Plan, ScheduledItem
from scheduler.report.briefing_method import (
    BRIEFING_ORDER,
    checked_rule_name,
    checked_rules_text,
)
from scheduler.rules import (
    CAUSES,
    CHECKED,
    GUARDED,
    SCENARIO_RULES,
    Rule,
    kind,
    scenario_fields,
)
from scheduler.scenario import Request, Rules, Scenario, Work
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.text.causes import cause_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.violations import violation_text

EVERY_FIELD = Path(__file__).parent / "data" / "tabular" / "every_field.yaml"


def every_rule() -> Scenario:
    """every_field.yaml plus a bundle, a green work that resurfaces where W-100 digs and
    must lie in the school holidays."""
    raw = yaml.safe_load(EVERY_FIELD.read_text(encoding="utf-8"))
    raw["works"].append(
        {
            "id": "W-300",
            "name": "Herinrichting Kastanjelaan",
            "kind": "green",
            "area": "BU07721001",
            "street": "Kastanjelaan",
            "duration": 2,
            "planned_start": "2027-W20",
            "resurfaces": True,
        }
    )
    raw["rules"]["bundles"] = [
        {"name": "Kastanjelaan in een keer", "items": ["W-100", "101"], "max_span": 30}
    ]
    # W-300 lies at a school: only in school holidays (2027-W20 is none in region zuid).
    raw["rules"]["school_holidays"] = {"region": "zuid", "items": ["W-300"]}
    return build_scenario(raw, "every_rule")


def test_every_kind_belongs_to_a_consumer_and_sides_map_to_their_rule() -> None:
    used = set(CHECKED) | set(GUARDED) | set(CAUSES)
    assert used == set(Rule)
    assert kind(Rule.EARLIEST) == kind(Rule.DEADLINE) == Rule.WINDOW
    assert kind(Rule.BEFORE) == Rule.AFTER
    # Every side and every guard or cause is a side of a rule the checker tests.
    assert {kind(rule) for rule in (*GUARDED, *CAUSES) if rule != Rule.NONE} <= set(CHECKED)
    # The codes are the result JSON's values and the checker's contract.
    assert RULES == CHECKED
    assert all(str(rule) == rule.value for rule in Rule)


# -- the checker --------------------------------------------------------------------------


def violations() -> dict[Rule, Violation]:
    """One violation of each kind the checker knows, from two plans that break them all."""
    scenario = every_rule()
    w = weeks.parse_week
    first = Plan(
        [
            # GLOW closes WK077210 to sewers in 2027-W45..W46; 30 weeks > max_shift 26;
            # digs in Kastanjelaan while W-300 has just resurfaced it (breekverbod).
            ScheduledItem("W-100", "work", w("2027-W40"), 12, w("2027-W10")),
            # Pinned at 2027-W30; R-1 must wait for it; the bundle spans far past 30 weeks.
            ScheduledItem("101", "work", w("2030-W52"), 1, w("2027-W30")),
            # groen has 0 in 2027-W30..W32, bomen has nothing in 2027, the window ends
            # in 2027-W12, and at most 0 trees at once per buurt.
            ScheduledItem("R-1", "request", w("2027-W31"), 1),
            # Green work in the breeding season, outside the school holidays.
            ScheduledItem("W-300", "work", w("2027-W20"), 2, w("2027-W20")),
            ScheduledItem("X-9", "work", w("2027-W20"), 1, w("2027-W20")),  # unknown
        ]  # A+3 is missing
    )
    # A work left unscheduled, and one running past the horizon's end.
    second = Plan.from_starts(scenario, {"A+3": None, "W-100": w("2030-W50")})
    found = check(scenario, first) + check(scenario, second)
    return {v.rule: v for v in reversed(found)}


def test_the_checker_reports_every_checked_kind_on_a_plan_that_breaks_everything() -> None:
    assert set(violations()) == set(CHECKED)


@pytest.mark.parametrize("rule", CHECKED)
def test_every_checked_kind_has_a_message_in_dutch_and_english(rule: Rule) -> None:
    violation = violations()[rule]
    dutch, english = violation_text(violation, "nl"), violation_text(violation, "en")
    assert dutch and english and dutch != english
    assert violation.items[0] in dutch and violation.items[0] in english


# -- conflicts ----------------------------------------------------------------------------


def conflict_rows(lang: str) -> list[dict[str, object]]:
    """Every rule group of the guarded model, described as a conflict would be."""
    scenario = every_rule()
    built = ScheduleModel(scenario, ModelOptions(guarded=True))
    conflict = Conflict(tuple(built.guards.values()), True, ("W-100",))
    return describe_conflict(scenario, conflict, lang)


def test_every_guarded_kind_has_a_conflict_text_in_dutch_and_english() -> None:
    dutch, english = conflict_rows("nl"), conflict_rows("en")
    assert {row["rule"] for row in dutch} == set(GUARDED)
    by_rule: dict[object, tuple[str, str]] = {}
    for nl_row, en_row in zip(dutch, english, strict=True):
        assert nl_row["key"] == en_row["key"]
        # Never an internal key for a text.
        assert nl_row["text"] != nl_row["key"] and en_row["text"] != en_row["key"]
        by_rule.setdefault(nl_row["rule"], (str(nl_row["text"]), str(en_row["text"])))
    for rule, (nl_text, en_text) in by_rule.items():
        assert nl_text and en_text and nl_text != en_text, rule


# -- causes -------------------------------------------------------------------------------

W1, W2 = weeks.parse_week("2027-W10"), weeks.parse_week("2027-W12")
CAUSE_SAMPLES: dict[Rule, Cause] = {
    Rule.WINDOW: Cause(Rule.WINDOW, (), W1, W2),
    Rule.AFTER: Cause(Rule.AFTER, ("W-1",), W1, W1, {"lag": 2}),
    Rule.BEFORE: Cause(Rule.BEFORE, ("W-2",), W2, W2, {"lag": 0}),
    Rule.CAPACITY: Cause(Rule.CAPACITY, ("R-1",), W1, W2, {"resource": "groen"}),
    Rule.BUDGET: Cause(
        Rule.BUDGET, ("W-1",), None, None, {"line": "riool", "year": 2027, "limit": 1_000_000}
    ),
    Rule.BREEDING_SEASON: Cause(Rule.BREEDING_SEASON, (), W1, W2, {"kind": "tree"}),
    Rule.EVENT: Cause(Rule.EVENT, (), W1, W2, {"event": "GLOW", "area": "WK077210"}),
    Rule.BREEKVERBOD: Cause(
        Rule.BREEKVERBOD, ("W-1",), None, None, {"street": "Kastanjelaan", "years": 3}
    ),
    Rule.MAX_CONCURRENT: Cause(
        Rule.MAX_CONCURRENT, ("W-1", "W-2"), W1, W2, {"area": "WK077210", "limit": 2}
    ),
    Rule.BUNDLE: Cause(
        Rule.BUNDLE, ("W-1",), None, None, {"work": "W-3", "name": "Kanaalstraat", "max_span": 20}
    ),
    Rule.SCHOOL_HOLIDAYS: Cause(Rule.SCHOOL_HOLIDAYS, (), W1, W2, {"region": "zuid"}),
    Rule.NONE: Cause(Rule.NONE),
}


def test_every_cause_kind_has_a_text_in_dutch_and_english() -> None:
    assert set(CAUSE_SAMPLES) == set(CAUSES)
    for rule, cause in CAUSE_SAMPLES.items():
        dutch, english = cause_text(cause, "nl"), cause_text(cause, "en")
        assert dutch and english and dutch != english, rule
        assert all(blocker in dutch and blocker in english for blocker in cause.blockers)
    assert cause_text(CAUSE_SAMPLES[Rule.BUDGET], "en") == (
        "budget riool 2027 (€1,000,000) is spent on W-1"
    )


def test_every_scenario_rule_that_can_move_a_work_is_a_cause() -> None:
    # A work at its planned start keeps pinned and max_shift, the loader refuses
    # planned weeks outside the horizon, and mandatory binds requests, not works.
    never = {Rule.MANDATORY, Rule.HORIZON, Rule.PINNED, Rule.MAX_SHIFT}
    can_move = {kind(rule) for rule in CAUSES if rule != Rule.NONE}
    assert can_move == set(SCENARIO_RULES) - never


def test_a_free_move_is_not_blamed_on_an_unproven_plan() -> None:
    # Nothing binds W-1 (one work, no rules); moved 3 weeks it has no cause. With
    # weight 0 and no move penalty the move costs nothing, so even a proven optimum
    # may make it: the text must not say the plan is not optimal.
    raw = {
        "horizon": {"start": "2027-W01", "end": "2027-W20"},
        "areas": [{"code": "WK077210", "name": "Centrum"}],
        "works": [
            {"id": "W-1", "name": "Riool", "kind": "sewer", "area": "WK077210",
             "duration": 2, "planned_start": "2027-W05", "weight": 0},
        ],
        "policy": {"move_penalty": 0},
    }  # fmt: skip
    free = build_scenario(raw, "free")
    moved = Plan.from_starts(free, {"W-1": weeks.parse_week("2027-W08")})
    [cause] = explain(free, moved).causes_of("W-1")
    assert cause.rule == Rule.NONE
    assert cause_text(cause, "en") == "no rule forces this move (the move costs nothing)"
    assert cause_text(cause) == "geen regel dwingt deze verschuiving af (de verschuiving kost niets)"
    raw["works"][0]["weight"] = 1
    costly = build_scenario(raw, "costly")
    [cause] = explain(
        costly, Plan.from_starts(costly, {"W-1": weeks.parse_week("2027-W08")})
    ).causes_of("W-1")
    assert cause_text(cause, "en") == "no rule forces this move (plan not proven optimal)"


# -- briefing -----------------------------------------------------------------------------


def test_the_briefing_names_every_checked_rule_of_the_programme() -> None:
    assert sorted(BRIEFING_ORDER) == sorted(CHECKED) and len(BRIEFING_ORDER) == len(CHECKED)
    plan_checks = {Rule.UNKNOWN_ITEM, Rule.MISSING_ITEM, Rule.MANDATORY}
    for rule in CHECKED:
        dutch, english = checked_rule_name(rule, "nl"), checked_rule_name(rule, "en")
        assert (dutch is None) == (english is None) == (rule in plan_checks), rule
    scenario = every_rule()
    assert checked_rules_text(scenario, "nl") == (
        "capaciteit, budget, vensters, volgorde, broedseizoen, evenementen, breekverbod, "
        "hinder, werk met werk, schoolvakanties"
    )
    without = scenario.model_copy(
        update={"rules": scenario.rules.model_copy(update={"bundles": [],
                                                           "school_holidays": None})}
    )
    assert checked_rules_text(without, "en") == (
        "capacity, budget, windows, order, breeding season, events, breekverbod, hinder"
    )


# -- files --------------------------------------------------------------------------------


def _values(scenario: Scenario, path: str) -> list[Any]:
    """The values at a scenario_fields path ('works[].earliest', 'rules.events', ...)."""
    section, _, name = path.partition(".")
    if section.endswith("[]"):
        rows: list[Any] = getattr(scenario, section[:-2])
        return [getattr(row, name) for row in rows]
    return [getattr(getattr(scenario, section), name)]


def _default(path: str) -> Any:
    section, _, name = path.partition(".")
    model = {"works[]": Work, "requests[]": Request, "rules": Rules}.get(section)
    field = model.model_fields.get(name) if model else None
    return field.default if field is not None and not field.is_required() else object()


def test_every_rules_field_has_a_kind_and_a_sheet() -> None:
    require_every_rule_written()  # raises when a field of `rules` has no entry
    keys = {spec.key for spec in SHEETS}
    for rule in Rule:
        sheet = rule_sheet(rule)  # KeyError for a kind of `rules` without an entry
        assert (sheet is None) == (not scenario_fields(rule)), rule
        assert sheet is None or sheet in keys, rule


def test_every_kind_of_the_rules_section_has_one_spreadsheet_entry() -> None:
    in_rules_section = {
        rule for rule in Rule if any(path.startswith("rules.") for path in scenario_fields(rule))
    }
    assert set(RULE_SPEC) == in_rules_section and len(RULE_SPECS) == len(RULE_SPEC)
    assert {spec.field for spec in RULE_SPECS} == set(Rules.model_fields)
    for spec in RULE_SPECS:
        assert f"rules.{spec.field}" in scenario_fields(spec.rule), spec.rule
        assert rule_sheet(spec.rule) == spec.sheet.key
        keys = {column.key for column in spec.sheet.columns}
        assert set(spec.columns) <= keys, spec.rule
        if spec.shape == "number":
            assert len(spec.columns) == 1, spec.rule
        if not spec.on_rules_sheet:  # a sheet of its own: its columns are the YAML keys
            assert dict(spec.columns) == {key: key for key in keys}, spec.rule
    # A rule on the Regels sheet has its name there in both languages; every column
    # of Regels serves a rule, and its note lists every rule with its columns.
    assert all(spec.nl and spec.en for spec in NAMED_RULES)
    used = {column for spec in NAMED_RULES for column in spec.columns}
    assert used | {"rule"} == {column.key for column in RULES_SHEET.columns}
    label = {column.key: column for column in RULES_SHEET.columns}
    for lang in ("nl", "en"):
        parts = [
            f"{spec.name(lang)} ({', '.join(label[key].label(lang) for key in spec.columns)})"
            for spec in NAMED_RULES
        ]
        listed = ", ".join(parts[:-1]) + (" of " if lang == "nl" else " or ") + parts[-1]
        assert RULES_SHEET.columns[0].note(lang) == listed + "."


def test_a_rules_field_no_sheet_holds_stops_every_write(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # What a new rule added to the format but not to the spreadsheets would do.
    import scheduler.io.tables.rule_specs as specs

    without_bundles = tuple(spec for spec in RULE_SPECS if spec.rule != Rule.BUNDLE)
    monkeypatch.setattr(specs, "RULE_SPECS", without_bundles)
    with pytest.raises(RuntimeError, match=r"no sheet holds rules\.bundles"):
        write_workbook(every_rule(), tmp_path / "s.xlsx")
    with pytest.raises(RuntimeError, match=r"no sheet holds rules\.bundles"):
        write_csv_folder(every_rule(), tmp_path / "s")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("form", ["yaml", "xlsx", "csv"])
def test_every_scenario_rule_round_trips(form: str, tmp_path: Path) -> None:
    original = every_rule()
    if form == "yaml":
        back = load_scenario(write_yaml(original, tmp_path / "s.yaml"))
    elif form == "xlsx":
        back = load_scenario(write_workbook(original, tmp_path / "s.xlsx"))
    else:
        back = load_scenario(write_csv_folder(original, tmp_path / "s"))
    for rule in SCENARIO_RULES:
        paths = scenario_fields(rule)
        assert paths, rule
        for path in paths:
            values = _values(original, path)
            # The scenario states the rule (not only its default) ...
            assert any(value != _default(path) for value in values), path
            # ... and the file keeps it.
            assert _values(back, path) == values, (form, path)
    assert back == original
