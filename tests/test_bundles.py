"""Werk met werk (bundles): the loader, the solver, the checker, the explainer and the files.

A bundle's scheduled items span at most ``max_span`` weeks:
``max(finish) - min(start) + 1 <= max_span``; a rejected optional request drops
out and emergency requests are not exempt. Every expected optimum is worked out
by hand in the comment above it (move_penalty is the default 10).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from scheduler.check import check, check_baseline
from scheduler.cli import main
from scheduler.errors import ScenarioError
from scheduler.explain import explain
from scheduler.greedy import greedy
from scheduler.impact import analyse
from scheduler.io.convert import convert
from scheduler.io.impact_json import impact_document
from scheduler.io.load import load_scenario
from scheduler.io.write_tabular import template
from scheduler.io.write_yaml import scenario_yaml
from scheduler.plan import ItemStatus, Plan, SolveStatus
from scheduler.report.briefing import build_briefing
from scheduler.solver import SolveSettings, solve
from scheduler.solver.conflicts import find_conflict
from scheduler.solver.decompose import decompose, required_requests
from scheduler.solver.run import part_solver
from scheduler.text.causes import cause_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.violations import violation_text
from scheduler.workflow import solve_scenario
from tests.conftest import HEADER, scenario, solved, week

# R-1 needs the only crew in W10-W11, where W-1 stands; W-1 may not start before W10.
# W-2 (W08-W09) and W-3 (W09) go with W-1 (W10-W11): together W08..W11, 4 weeks.
DRAGGED = """
resources:
  - {id: crew, name: Ploeg, capacity: 1}
works:
  - {id: W-1, name: riool, kind: sewer, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {crew: 1}}
  - {id: W-2, name: weg, kind: road, area: WK077210, duration: 2, planned_start: 2027-W08}
  - {id: W-3, name: bomen, kind: tree, area: WK077210, duration: 1, planned_start: 2027-W09}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}}
rules:
  bundles:
    - {name: Kanaalstraat in een keer, items: [W-1, W-2, W-3], max_span: 4}
"""


def test_a_displaced_bundle_item_drags_the_others_to_the_exact_optimum() -> None:
    # W-1 can only go later: W12-W13 (+2: 12). The bundle then starts no earlier than
    # W13 - 4 + 1 = W10, so W-2 moves W08 -> W10 (+2: 12) and W-3 W09 -> W10 (+1: 11).
    # Anything later for W-1 costs more for all three: optimum 35, unique.
    s = scenario(DRAGGED)
    result = solved(s)
    assert result.status == SolveStatus.OPTIMAL and result.plan is not None
    plan = result.plan
    assert [plan[i].shift for i in ("W-1", "W-2", "W-3")] == [2, 2, 1]
    assert plan["W-2"].start == plan["W-3"].start == week("2027-W10")
    assert plan.displacement_cost(s) == 35


def test_without_the_bundle_only_the_crewed_work_moves() -> None:
    # The same scenario without the rule: W-1 to W12 alone (12).
    s = scenario(DRAGGED.split("rules:")[0])
    result = solved(s)
    assert result.plan is not None and result.plan.displacement_cost(s) == 12


def test_the_explainer_says_which_work_each_moved_with_and_chains_follow() -> None:
    s = scenario(DRAGGED)
    result = solved(s)
    assert result.plan is not None
    explanation = explain(s, result.plan)
    # Back at W08-W09, W-2 would span W08..W13 with W-1 (6 > 4); with W-3 (W10) it fits.
    assert [cause_text(c) for c in explanation.causes_of("W-2")] == [
        "W-2 schuift mee met W-1: werk met werk Kanaalstraat in een keer, hoogstens 4 weken"
    ]
    assert [cause_text(c, "en") for c in explanation.causes_of("W-3")] == [
        "W-3 moves with W-1: werk met werk Kanaalstraat in een keer, at most 4 weeks"
    ]
    # W-1 is moved by the crew, not by its bundle (W-2 and W-3 fit with it at W10).
    assert [c.rule for c in explanation.causes_of("W-1")] == ["capacity"]
    (chains,) = explanation.requests
    assert set(chains.chains) == {("R-1", "W-1", "W-2"), ("R-1", "W-1", "W-3")}


# W-1 is contracted for W10-W11; R-1 may not start before W20, and both go together
# within 4 weeks: no plan places R-1.
PINNED_APART = """
works:
  - {id: W-1, name: riool, kind: sewer, area: WK077210, duration: 2, planned_start: 2027-W10,
     pinned: true}
requests:
  - {id: R-1, name: r, kind: road, area: WK077210, duration: 2, earliest: 2027-W20,
     latest_finish: 2027-W30, mandatory: {mandatory}, value: 5}
rules:
  bundles:
    - {name: Kanaalstraat, items: [W-1, R-1], max_span: 4}
"""


def test_a_bundle_that_leaves_a_mandatory_request_no_room_is_named_in_the_minimal_conflict() -> (
    None
):
    s = scenario(PINNED_APART.replace("{mandatory}", "true"))
    assert solved(s).status == SolveStatus.INFEASIBLE
    conflict = find_conflict(s, time_limit=10)
    assert conflict is not None and conflict.minimal
    # Drop any one and R-1 fits: W-1 free, R-1 earlier, or no bundle.
    assert sorted(g.key for g in conflict.guards) == ["bundle:0", "earliest:R-1", "pinned:W-1"]
    texts = {str(row["key"]): str(row["text"]) for row in describe_conflict(s, conflict)}
    assert texts["bundle:0"] == "werk met werk Kanaalstraat: W-1 en R-1 binnen hoogstens 4 weken"
    english = {str(row["key"]): str(row["text"]) for row in describe_conflict(s, conflict, "en")}
    assert english["bundle:0"] == (
        "werk met werk Kanaalstraat: W-1 and R-1 within at most 4 weeks"
    )


def test_a_rejected_optional_request_drops_out_of_its_bundle() -> None:
    # The same, R-1 optional: it is rejected, W-1 stays, and the bundle holds over W-1 alone.
    s = scenario(PINNED_APART.replace("{mandatory}", "false"))
    result = solved(s)
    assert result.status == SolveStatus.OPTIMAL and result.plan is not None
    assert result.plan["R-1"].status == ItemStatus.REJECTED
    assert result.plan.displacement_cost(s) == 0 and result.plan.accepted_value(s) == 0


def test_an_optional_request_is_accepted_where_its_bundle_allows() -> None:
    # From W12, R-1 (2 weeks) still ends inside W10..W13: accepted at W12, the only week.
    s = scenario(
        PINNED_APART.replace("{mandatory}", "false").replace("earliest: 2027-W20", "earliest: 2027-W12")
    )
    result = solved(s)
    assert result.plan is not None and result.plan["R-1"].start == week("2027-W12")
    assert result.plan.accepted_value(s) == 5


def test_emergency_requests_are_not_exempt() -> None:
    s = scenario(
        PINNED_APART.replace("{mandatory}", "true").replace("value: 5", "value: 5, emergency: true")
    )
    assert solved(s).status == SolveStatus.INFEASIBLE


def test_with_the_makespan_objective_a_bundle_keeps_the_free_work_near_the_late_one() -> None:
    # W-1 may not start before W20 (W20-W21); W-2 (3 weeks) could run from W01, but
    # within 4 weeks of W-1 it must start in W18..W19 to end by W21: makespan stays W21.
    s = scenario("""
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, earliest: 2027-W20}
  - {id: W-2, name: b, kind: sewer, area: WK077210, duration: 3}
rules:
  bundles:
    - {items: [W-1, W-2], max_span: 4}
policy: {objective: makespan}
""")
    result = solved(s)
    assert result.status == SolveStatus.OPTIMAL and result.plan is not None
    assert result.plan.makespan(s) == 21  # weeks W01..W21
    assert week("2027-W18") <= (result.plan["W-2"].start or 0) <= week("2027-W19")


# -- the checker --------------------------------------------------------------------------

APART = """
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10}
  - {id: W-2, name: b, kind: sewer, area: WK077210, duration: 2, planned_start: 2027-W15}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 1, mandatory: false}
rules:
  bundles:
    - {name: Kanaalstraat in een keer, items: [W-1, R-1, W-2], max_span: 4}
"""


def test_the_checker_names_a_broken_bundle_exactly() -> None:
    # W-1 W10-W11 and W-2 W15-W16: W10..W16 is 7 weeks, more than 4; R-1 is not scheduled.
    s = scenario(APART)
    plan = Plan.from_starts(s, {"W-1": week("2027-W10"), "W-2": week("2027-W15"), "R-1": None})
    (violation,) = check(s, plan)
    assert violation.rule == "bundle" and violation.items == ("W-1", "W-2")
    assert violation.weeks == tuple(range(week("2027-W10"), week("2027-W17")))
    assert violation_text(violation) == (
        "werk met werk Kanaalstraat in een keer: W-1 en W-2 beslaan samen 2027-W10..W16, "
        "7 weken; hoogstens 4 weken"
    )
    assert violation_text(violation, "en") == (
        "werk met werk Kanaalstraat in een keer: W-1 and W-2 together span 2027-W10..W16, "
        "7 weeks; at most 4 weeks"
    )


def test_the_checker_accepts_a_bundle_exactly_at_its_span() -> None:
    # W-1 W10-W11, R-1 W12, W-2 W12-W13: W10..W13 is exactly 4 weeks.
    s = scenario(APART)
    starts = {"W-1": week("2027-W10"), "W-2": week("2027-W12"), "R-1": week("2027-W12")}
    assert check(s, Plan.from_starts(s, starts)) == []
    # One week more for the request alone breaks it, and names all three.
    starts["R-1"] = week("2027-W14")
    (violation,) = check(s, Plan.from_starts(s, starts))
    assert violation.items == ("W-1", "R-1", "W-2") and violation.detail["span"] == 5


def test_a_baseline_that_breaks_a_bundle_is_reported_and_solved() -> None:
    # The programme today already spans W10..W16. The cheapest repair moves one work by
    # 3 weeks: W-1 to W13 or W-2 to W12 (3 + 10 = 13 either way).
    s = scenario(APART)
    (violation,) = check_baseline(s)
    assert violation.rule == "bundle" and violation.items == ("W-1", "W-2")
    result = solved(s)
    assert result.plan is not None and result.plan.displacement_cost(s) == 13


# -- the hand method ------------------------------------------------------------------------


def test_the_hand_method_drags_bundle_mates_and_passes_the_checker() -> None:
    # R-1 pushes W-1 to W12; W-2 and W-3 now start too early for it and are pushed to
    # W10, the first week the bundle fits: here the hand method finds the optimum, 35.
    s = scenario(DRAGGED)
    found = greedy(s)
    assert found.plan is not None and check(s, found.plan) == []
    assert [found.plan[i].start for i in ("W-1", "W-2", "W-3")] == [
        week("2027-W12"),
        week("2027-W10"),
        week("2027-W10"),
    ]
    assert found.plan.displacement_cost(s) == 35


def test_the_hand_method_gives_up_where_a_pinned_mate_leaves_no_room() -> None:
    s = scenario(PINNED_APART.replace("{mandatory}", "true"))
    found = greedy(s)
    assert found.plan is None and (found.reason, found.item) == ("no_room", "R-1")
    optional = scenario(PINNED_APART.replace("{mandatory}", "false"))
    left_out = greedy(optional)
    assert left_out.plan is not None and left_out.rejected == ["R-1"]
    assert check(optional, left_out.plan) == []


def test_the_hand_method_places_a_request_late_enough_for_its_bundle() -> None:
    # R-1 (window from W05) and W-1 (W20-W21, pinned) within 4 weeks: R-1 is tried week
    # by week until W18 (W18..W21 is 4 weeks), its first start that fits.
    s = scenario(
        PINNED_APART.replace("{mandatory}", "true")
        .replace("earliest: 2027-W20", "earliest: 2027-W05")
        .replace("planned_start: 2027-W10", "planned_start: 2027-W20")
    )
    found = greedy(s)
    assert found.plan is not None and found.plan["R-1"].start == week("2027-W18")
    assert check(s, found.plan) == []


# -- the decomposition ----------------------------------------------------------------------

# W-1 (groen) and W-2 (riool) are one bundle but lie in two parts, one per request crew.
ACROSS_PARTS = """
resources:
  - {id: groen, name: Groen, capacity: 1}
  - {id: riool, name: Riool, capacity: 1}
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {groen: 1}}
  - {id: W-2, name: b, kind: sewer, area: WK077210, duration: 2, planned_start: 2027-W06,
     earliest: 2027-W06, demand: {riool: 1}}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {groen: 1}}
  - {id: R-2, name: s, kind: sewer, area: WK077210, duration: 2, earliest: 2027-W06,
     latest_finish: 2027-W07, demand: {riool: 1}}
rules:
  bundles:
    - {name: Kanaalstraat, items: [W-1, W-2], max_span: 5}
"""


def test_a_bundle_across_parts_is_repaired_to_the_whole_models_optimum() -> None:
    # Parts alone: R-1 pushes W-1 to W12 (2 + 10), R-2 pushes W-2 to W08 (2 + 10): 24.
    # Merged, W08..W13 is 6 weeks, more than 5: the checker names the bundle, the two
    # parts become one, and W-2 goes to W09 instead (3 + 10): optimum 12 + 13 = 25.
    s = scenario(ACROSS_PARTS)
    settings = SolveSettings(time_limit=20.0, seed=0, workers=2, deterministic=True)
    outcome = decompose(s, required_requests(s), 20.0, part_solver(settings))
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.rounds == 2 and outcome.parts == 1
    assert outcome.plan["W-2"].start == week("2027-W09")
    whole = solve(s, time_limit=20, workers=2, bound_by_parts=False)
    assert whole.proven_optimal and whole.plan is not None and check(s, whole.plan) == []
    assert outcome.plan.displacement_cost(s) == outcome.bound == 25
    assert whole.plan.displacement_cost(s) == 25


# -- impact ---------------------------------------------------------------------------------


def test_impact_moves_the_bundle_with_the_request_and_every_option_checks() -> None:
    # As solved above: R-1 costs 35 (W-1 +2, W-2 +2, W-3 +1) against 0 without it.
    s = scenario(DRAGGED)
    impact = analyse(s, "R-1", options=2, time_limit=10, workers=2)
    assert impact.options and impact.options[0].cost == 35
    assert {shift.id for shift in impact.options[0].displaced} == {"W-1", "W-2", "W-3"}
    for option in [*impact.options, *impact.pareto]:
        assert check(impact.scenario, Plan.from_starts(impact.scenario, option.starts)) == []


def test_impact_names_the_bundle_in_the_conflict() -> None:
    s = scenario(PINNED_APART.replace("{mandatory}", "true"))
    impact = analyse(s, "R-1", options=2, time_limit=10, workers=2)
    assert impact.status == "cannot_be_placed" and impact.conflict_minimal
    assert "werk met werk Kanaalstraat: W-1 and R-1 within at most 4 weeks" in (
        impact_document(impact, "en")["conflict"]
    )


# -- the briefing ---------------------------------------------------------------------------


def test_the_briefing_lists_werk_met_werk_among_the_checked_rules_when_there_are_bundles() -> (
    None
):
    def method_text(text: str, lang: str) -> str:
        outcome = solve_scenario(scenario(text), "test", time_limit=10, workers=2)
        briefing = build_briefing([outcome], lang=lang, made_on=date(2026, 12, 1))
        return " ".join(briefing.method.paragraphs)

    assert "breekverbod, hinder, werk met werk): geen overtredingen" in method_text(DRAGGED, "nl")
    assert "breekverbod, hinder, werk met werk): no violations" in method_text(DRAGGED, "en")
    plain = DRAGGED.split("rules:")[0]
    assert "breekverbod, hinder): geen overtredingen" in method_text(plain, "nl")


# -- files: YAML, workbook and CSV folder ----------------------------------------------------

ROUND_TRIP = Path(__file__).parent / "data" / "tabular" / "bundles.yaml"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_bundles_round_trip_through_a_workbook_and_a_csv_folder(lang: str, tmp_path: Path) -> None:
    original = load_scenario(ROUND_TRIP)
    assert [b.name for b in original.rules.bundles] == ["Kanaalstraat in een keer", None]
    convert(ROUND_TRIP, tmp_path / "plan.xlsx", lang=lang)  # type: ignore[arg-type]
    sheet = "Bundels" if lang == "nl" else "Bundles"
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert [[c.value for c in row] for row in book[sheet].iter_rows()] == [
        ["naam", "werken", "max weken"] if lang == "nl" else ["name", "items", "max span"],
        ["Kanaalstraat in een keer", "W-101, W-102, 150, R-1", 20],
        [None, "W-200, W-201", 6],
    ]
    assert load_scenario(tmp_path / "plan.xlsx") == original
    convert(tmp_path / "plan.xlsx", tmp_path / "back.yaml")
    assert load_scenario(tmp_path / "back.yaml") == original
    convert(ROUND_TRIP, tmp_path / "folder", lang=lang)  # type: ignore[arg-type]
    assert (tmp_path / "folder" / f"{sheet.lower()}.csv").is_file()
    assert load_scenario(tmp_path / "folder") == original
    convert(tmp_path / "folder", tmp_path / "again.yaml")
    assert load_scenario(tmp_path / "again.yaml") == original


def test_the_yaml_writer_writes_each_bundle_on_one_line() -> None:
    text = scenario_yaml(load_scenario(ROUND_TRIP))
    assert (
        "  bundles:\n"
        "  - {name: Kanaalstraat in een keer, items: [W-101, W-102, '150', R-1], max_span: 20}\n"
        "  - {items: [W-200, W-201], max_span: 6}\n"
    ) in text


def test_the_empty_template_has_the_bundles_sheet(tmp_path: Path) -> None:
    template(tmp_path / "leeg.xlsx")
    book = openpyxl.load_workbook(tmp_path / "leeg.xlsx")
    assert [c.value for c in book["Bundels"][1]] == ["naam", "werken", "max weken"]


def _workbook_with_bundles(rows: list[list[object]], tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    sheets: dict[str, list[list[object]]] = {
        "Scenario": [["horizon begin", "2027-W01"], ["horizon einde", "2027-W52"]],
        "Werken": [
            ["id", "naam", "soort", "gebied", "duur", "geplande start"],
            ["W-1", "a", "weg", "WK077210", 4, "2027-W10"],
            ["W-2", "b", "riool", "WK077210", 6, "2027-W12"],
            ["W-3", "c", "groen", "WK077210", 2, "2027-W20"],
        ],
        "Gebieden": [["code", "naam"], ["WK077210", "Centrum"]],
        "Bundels": [["naam", "werken", "max weken"], *rows],
    }
    for title, values in sheets.items():
        sheet = book.create_sheet(title)
        for row in values:
            sheet.append(row)
    path = tmp_path / "bundels.xlsx"
    book.save(path)
    return path


def test_bad_bundles_in_a_workbook_name_their_cells(tmp_path: Path) -> None:
    # Field problems first: the rules do not validate, so cross-checks wait for the fix
    # (as for every rule in the format).
    path = _workbook_with_bundles(
        [["Markt", "W-3", 10], ["Plein", "W-2, W-3", 0]], tmp_path
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.render("en").splitlines() == [
        f"{path}: Bundels!B2: a bundle (werk met werk) names at least two works or requests, got 1",
        f"{path}: Bundels!C3: must be at least 1, got 0",
    ]
    path = _workbook_with_bundles(
        [
            ["Kanaalstraat", "W-1, W-9", 10],
            ["Vestdijk", "W-2, W-1", 10],
            ["Dijk", "W-3, W-2", 5],
        ],
        tmp_path,
    )
    with pytest.raises(ScenarioError) as crossed:
        load_scenario(path)
    assert crossed.value.render("nl").splitlines() == [
        f"{path}: Bundels!B2: onbekend werk of verzoek 'W-9'",
        f"{path}: Bundels!B3: 'W-1' staat al in een bundel (Bundels!B2); "
        "een werk of verzoek zit in hooguit één bundel",
        f"{path}: Bundels!B4: 'W-2' staat al in een bundel (Bundels!B3); "
        "een werk of verzoek zit in hooguit één bundel",
        f"{path}: Bundels!C4: max_span 5 is korter dan W-2, dat 6 weken duurt",
    ]


# -- the command line -----------------------------------------------------------------------


def test_validate_reports_a_bundle_the_current_plan_breaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(HEADER + APART, encoding="utf-8")
    assert main(["validate", str(path), "--lang", "en"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "the current plan breaks a rule: werk met werk Kanaalstraat in een keer: W-1 and W-2 "
        "together span 2027-W10..W16, 7 weeks; at most 4 weeks"
    ) in out


def test_the_scenario_schema_describes_bundles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "scenario"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$defs"]["Rules"]["properties"]["bundles"]["items"] == {
        "$ref": "#/$defs/Bundle"
    }
    bundle = schema["$defs"]["Bundle"]
    assert bundle["required"] == ["items", "max_span"] and bundle["additionalProperties"] is False
    assert bundle["properties"]["items"]["minItems"] == 2
    assert bundle["properties"]["max_span"]["minimum"] == 1


def test_the_shipped_example_drags_the_trees_along_through_the_command_line(
    tmp_path: Path,
) -> None:
    # scenarios/werk-met-werk.yaml explains the optimum: 3 works +2 weeks each, 36.
    source = Path(__file__).resolve().parent.parent / "scenarios" / "werk-met-werk.yaml"
    out = tmp_path / "result.json"
    assert main(["solve", str(source), "--json", str(out), "--lang", "en"]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["status"] == "optimal" and document["displacement_cost"] == 36
    causes = {d["id"]: [c["text"] for c in d["causes"]] for d in document["displacements"]}
    assert causes["W-150"] == [
        "W-150 moves with W-102: werk met werk Kanaalstraat in een keer, at most 13 weeks"
    ]
    assert document["chains"][0]["chains"] == [["R-1", "W-101", "W-102", "W-150"]]
