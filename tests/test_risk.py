"""plooi risk: the simulation against hand-worked cases, closed forms and the checker."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli import main
from scheduler import weeks
from scheduler.check import check
from scheduler.commands.common import demo_path
from scheduler.errors import ScenarioError
from scheduler.generate import generate
from scheduler.io.load import load_scenario, scenario_from_text
from scheduler.io.write_yaml import scenario_yaml
from scheduler.plan import Plan
from scheduler.risk.document import risk_document, risk_schema
from scheduler.risk.model import Compiled, compile_plan
from scheduler.risk.run import draw, run_risk
from scheduler.risk.simulate import simulate
from scheduler.risk.spread import duration_range, triangular_cdf
from scheduler.runs.executors import Where
from scheduler.scenario import CapacityException, Resource, Scenario
from scheduler.solver import solve
from scheduler.text.violations import violation_text
from tests.conftest import scenario

# Crew of one. W-1 surely takes 6 weeks instead of 4 (W01..W06), so:
#  W-2 (crew, planned W05) is pushed to W07, right after it;
#  W-4 (after W-1, planned W05, no crew) is pushed to W07 too;
#  W-3 (after W-1, planned W10) and W-5 (crew, planned W20) keep their weeks;
#  W-6 (another crew, planned W05) is untouched.
HAND = """
resources:
  - {id: crew, name: Crew, capacity: 1}
  - {id: other, name: Other, capacity: 1}
works:
  - {id: W-1, name: a, kind: sewer, area: WK077210, duration: 4, duration_range: [6, 6, 6],
     planned_start: 2027-W01, demand: {crew: 1}}
  - {id: W-2, name: b, kind: road, area: WK077210, duration: 2, duration_range: [2, 2, 2],
     planned_start: 2027-W05, demand: {crew: 1}}
  - {id: W-3, name: c, kind: road, area: WK077210, duration: 3, duration_range: [3, 3, 3],
     planned_start: 2027-W10, after: [{work: W-1}]}
  - {id: W-4, name: d, kind: road, area: WK077210, duration: 2, duration_range: [2, 2, 2],
     planned_start: 2027-W05, after: [{work: W-1}]}
  - {id: W-5, name: e, kind: road, area: WK077210, duration: 2, duration_range: [2, 2, 2],
     planned_start: 2027-W20, demand: {crew: 1}}
  - {id: W-6, name: f, kind: road, area: WK077210, duration: 1, duration_range: [1, 1, 1],
     planned_start: 2027-W05, demand: {other: 1}, latest_finish: 2027-W05}
"""


def _run(s: Scenario, samples: int = 200, seed: int = 0, plan: Plan | None = None) -> dict:
    plan = plan or Plan.baseline(s)
    return risk_document(run_risk(s, scenario_yaml(s), plan, samples, seed, Where()))


def test_a_delay_pushes_exactly_the_successors_and_crew_mates_it_must() -> None:
    s = scenario(HAND)
    document = _run(s, samples=50)
    finish = {row["id"]: (row["p50"], row["p80"], row["p95"]) for row in document["items"]}
    expected = {"W-1": "W06", "W-2": "W08", "W-3": "W12", "W-4": "W08", "W-5": "W21", "W-6": "W05"}
    for work, last in expected.items():
        assert finish[work] == (f"2027-{last}",) * 3, work
    # W-5 finishes last and started as planned: the chain that set the last finish is W-5 alone.
    assert document["critical"][0] == {"id": "W-5", "index": 1.0}
    on_time = {row["id"]: row.get("p_on_time") for row in document["items"]}
    assert on_time["W-6"] == 1.0 and on_time["W-1"] is None


def test_sure_durations_give_the_plan_back() -> None:
    s = scenario(HAND.replace("duration_range: [6, 6, 6]", "duration_range: [4, 4, 4]"))
    document = _run(s, samples=30)
    plan = Plan.baseline(s)
    for row in document["items"]:
        planned = weeks.format_week(plan[row["id"]].finish or 0)
        assert row["planned_finish"] == row["p50"] == row["p80"] == row["p95"] == planned


def test_finish_probabilities_match_the_triangular_closed_form() -> None:
    # Six copies of one work of [8, 10, 14] weeks from W01, each with another deadline:
    # P(finish <= W0k) = P(D <= k) = F(k + 0.5), F the CDF of Triangular(7.5, 10, 14.5).
    body = "works:\n" + "".join(
        f"  - {{id: W-{k}, name: w, kind: road, area: WK077210, duration: 10, "
        f"duration_range: [8, 10, 14], planned_start: 2027-W01, latest_finish: 2027-W{k:02d}}}\n"
        for k in range(8, 14)
    )
    document = _run(scenario(body), samples=20_000, seed=7)
    # 4 standard errors of a proportion from 20,000 samples: 4 * 0.5 / sqrt(20000) = 0.014.
    for row in document["items"]:
        k = int(row["id"][2:])
        assert row["p_on_time"] == pytest.approx(triangular_cdf(k + 0.5, 7.5, 10, 14.5), abs=0.014)
    # Pq is the smallest k with F(k + 0.5) >= q: F(10.5) = 0.49, F(11.5) = 0.71,
    # F(12.5) = 0.87, F(13.5) = 0.97; so P50 = W11, P80 = W12, P95 = W13.
    first = document["items"][0]
    assert (first["p50"], first["p80"], first["p95"]) == ("2027-W11", "2027-W12", "2027-W13")


def test_absence_pushes_a_one_week_job_geometrically() -> None:
    # A crew of one that is off half of the weeks: the job starts in week W01 + j with
    # probability 0.5^(j+1), so P(finish <= W01) = 0.5 and P(finish <= W02) = 0.75.
    body = """
    resources: [{id: crew, name: Crew, capacity: 1, absence: 0.5}]
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W01,
         demand: {crew: 1}, latest_finish: 2027-W01}
      - {id: W-2, name: b, kind: road, area: WK077220, duration: 1, planned_start: 2027-W30,
         latest_finish: 2027-W30}
    """
    document = _run(scenario(body), samples=20_000, seed=3)
    rows = {row["id"]: row for row in document["items"]}
    assert rows["W-1"]["p_on_time"] == pytest.approx(0.5, abs=0.014)
    assert rows["W-1"]["p80"] == "2027-W03"  # P(<= W02) = 0.75 < 0.8 <= P(<= W03) = 0.875
    assert rows["W-2"]["p_on_time"] == 1.0  # needs no crew


def test_default_spread_per_kind() -> None:
    s = scenario(
        """
        works:
          - {id: W-1, name: a, kind: sewer, area: WK077210, duration: 10, planned_start: 2027-W01}
          - {id: W-2, name: b, kind: tree, area: WK077210, duration: 1, planned_start: 2027-W01}
        """
    )
    assert duration_range(s.works[0]) == (9, 10, 15)
    assert duration_range(s.works[1]) == (1, 1, 2)


def _sampled_copy(s: Scenario, model: Compiled, durations: np.ndarray, free: list) -> Scenario:
    """The scenario with this sample's durations, and its absences as capacity exceptions."""
    by_id = {item.id: int(durations[i]) for i, item in enumerate(model.items)}
    works = [w.model_copy(update={"duration": by_id.get(w.id, w.duration)}) for w in s.works]
    requests = [r.model_copy(update={"duration": by_id.get(r.id, r.duration)}) for r in s.requests]
    resources: list[Resource] = []
    for resource in s.resources:
        extra = []
        for number, pool in enumerate(model.pools):
            if pool.name == resource.id and pool.absence is not None:
                for w in np.nonzero(free[number] < pool.free)[0]:
                    text = weeks.format_week(model.first + int(w))
                    extra.append(
                        CapacityException.model_validate(
                            {"from": text, "to": text, "capacity": int(free[number][w])}
                        )
                    )
        resources.append(resource.model_copy(update={"exceptions": extra + resource.exceptions}))
    return s.derived(works=works, requests=requests, resources=resources)


# The rules a late execution may break: it is pushed, never pulled, and money is reported.
MAY_BREAK = frozenset({"window", "max_shift", "pinned", "budget", "horizon"})


def _checked_samples(
    s: Scenario, plan: Plan, samples: int, seed: int, may_break: frozenset[str] = MAY_BREAK
) -> int:
    model = compile_plan(s, plan)
    durations, free = draw(model, seed, 0, samples)
    kept = [f.copy() for f in free]
    starts = simulate(model, durations, free)
    moved = 0
    for sample in range(samples):
        copy = _sampled_copy(s, model, durations[sample], [f[sample] for f in kept])
        placed = {item.id: model.first + int(starts[sample, i]) for i, item in enumerate(model.items)}
        assert all(start < model.first + model.length for start in placed.values())
        executed = Plan.from_starts(copy, placed)
        broken = {v.rule for v in check(copy, executed)}
        assert broken <= may_break, [violation_text(v, "en") for v in check(copy, executed) if v.rule not in may_break]
        moved += sum(placed[i] != plan[i].start for i in placed)
    return moved


def test_every_sampled_execution_of_the_demo_obeys_the_rules() -> None:
    from scheduler.workflow import solve_scenario

    s = load_scenario(demo_path())
    crews = [r.model_copy(update={"absence": 0.1}) for r in s.resources]
    s = s.derived(resources=crews)
    plan = solve_scenario(s, "demo", time_limit=20).result.plan
    assert plan is not None
    assert _checked_samples(s, plan, samples=25, seed=11) > 0


def test_every_sampled_execution_of_a_generated_programme_obeys_the_rules() -> None:
    raw = generate(80, 0, 2, 5)
    s = scenario_from_raw(raw)
    assert _checked_samples(s, Plan.baseline(s), samples=15, seed=2) > 0


def scenario_from_raw(raw: dict) -> Scenario:
    import yaml

    from scheduler.io.load import scenario_from_text

    return scenario_from_text(yaml.safe_dump(raw), "generated.yaml")


def test_same_seed_same_numbers_whatever_the_workers() -> None:
    s = load_scenario(demo_path())
    plan = Plan.baseline(s.derived(requests=[]))
    s = s.derived(requests=[])
    text = scenario_yaml(s)
    one = risk_document(run_risk(s, text, plan, 600, 5, Where(workers=1)))
    two = risk_document(run_risk(s, text, plan, 600, 5, Where(workers=2)))
    assert one == two
    other = risk_document(run_risk(s, text, plan, 600, 6, Where(workers=1)))
    assert other != one


def test_risk_cli_writes_the_contract(tmp_path: Path) -> None:
    out = tmp_path / "risk.json"
    solved_json = tmp_path / "plan.json"
    assert main(["solve", str(demo_path()), "--json", str(solved_json)]) == 0
    code = main(["risk", str(demo_path()), str(solved_json), "--samples", "300", "--seed", "4",
                 "--json", str(out), "--quiet"])
    assert code == 0
    document = json.loads(out.read_text())
    assert list(document) == ["format", "samples", "seed", "items", "budgets", "critical"]
    assert document["format"] == "plooi-risk/1" and document["samples"] == 300
    assert document["seed"] == 4
    schema = risk_schema()
    for row in document["items"]:
        assert set(row) <= set(schema["properties"]["items"]["items"]["properties"])
        assert ("p_on_time" in row) == (row["id"].startswith("R-"))
    assert all(set(b) == {"line", "year", "p_overrun"} for b in document["budgets"])


def test_risk_cli_refuses_a_missing_scheduler_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["risk", str(demo_path()), "--dask-scheduler-file", str(tmp_path / "none.json")])
    assert code == 2
    err = capsys.readouterr().err
    assert "dask" in err


def test_duration_range_must_be_ordered() -> None:
    with pytest.raises(
        ScenarioError,
        match=r"works\[0\]\.duration_range: \[5, 3, 8\] is not \[min, likely, max\]: expected min <= likely <= max",
    ):
        scenario(
            """
            works:
              - {id: W-1, name: a, kind: road, area: WK077210, duration: 4,
                 duration_range: [5, 3, 8], planned_start: 2027-W01}
            """
        )


def test_duration_range_round_trips_through_a_workbook(tmp_path: Path) -> None:
    from scheduler.io.write_tabular import write_workbook

    s = scenario(HAND)
    path = tmp_path / "hand.xlsx"
    write_workbook(s, path)
    back = load_scenario(path)
    assert [w.duration_range for w in back.works] == [w.duration_range for w in s.works]
    assert back.works[0].duration_range == [6, 6, 6]


def test_a_bad_duration_range_cell_is_named(tmp_path: Path) -> None:
    import openpyxl

    from scheduler.io.write_tabular import write_workbook

    path = tmp_path / "hand.xlsx"
    write_workbook(scenario(HAND), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Werken"]
    column = [cell.value for cell in sheet[1]].index("duur min, waarschijnlijk, max") + 1
    sheet.cell(row=2, column=column, value="6 tot 8")
    book.save(path)
    with pytest.raises(
        ScenarioError,
        match=r"'6 tot 8' in duration min, likely, max: expected three whole weeks separated by commas, for example 8, 10, 14",
    ):
        load_scenario(path)


def test_a_bundle_waits_for_its_late_member() -> None:
    # Werk met werk, span 6: W-A (W01..W02) and W-B (crew, planned W05). W-C holds the crew
    # W03..W06 (surely 4 weeks, not 2), so W-B runs W07..W08: a span W01..W08 of 8 weeks.
    # The bundle then raises W-A's earliest start to W08 - 6 + 1 = W03: W-A runs W03..W04.
    from types import SimpleNamespace

    from scheduler.risk.model import _bundles

    s = scenario(
        """
        resources: [{id: crew, name: Crew, capacity: 1}]
        works:
          - {id: W-A, name: a, kind: road, area: WK077210, duration: 2,
             duration_range: [2, 2, 2], planned_start: 2027-W01}
          - {id: W-C, name: c, kind: road, area: WK077210, duration: 2,
             duration_range: [4, 4, 4], planned_start: 2027-W03, demand: {crew: 1}}
          - {id: W-B, name: b, kind: road, area: WK077210, duration: 2,
             duration_range: [2, 2, 2], planned_start: 2027-W05, demand: {crew: 1}}
        """
    )
    model = compile_plan(s, Plan.baseline(s))
    rules = SimpleNamespace(bundles=[SimpleNamespace(items=["W-A", "W-B"], max_span=6)])
    _bundles(SimpleNamespace(rules=rules), model)  # type: ignore[arg-type]
    assert len(model.bundles) == 1
    durations, free = draw(model, 0, 0, 3)
    starts = simulate(model, durations, free)
    placed = {item.id: weeks.format_week(model.first + int(starts[0, i]))
              for i, item in enumerate(model.items)}
    assert placed == {"W-A": "2027-W03", "W-C": "2027-W03", "W-B": "2027-W07"}
    assert (starts == starts[0]).all()


def test_risk_refuses_a_plan_that_breaks_the_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hand.yaml"
    path.write_text(
        "horizon: {start: 2027-W01, end: 2027-W52}\nareas: [{code: WK077210, name: C}]\n" + HAND,
        encoding="utf-8",
    )
    s = scenario(HAND)
    schedule = [{"id": w.id, "start": w.planned_start} for w in s.works]
    schedule[1]["start"] = "2027-W02"  # W-2 on the crew while W-1 has it
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"schedule": schedule}), encoding="utf-8")
    assert main(["risk", str(path), str(plan), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"plooi: {plan}: the plan breaks 1 hard rule(s) of the scenario, first: capacity of "
        "crew in 2027-W02..W03 is 1, but W-1 and W-2 need 2; only a valid plan can be carried out"
    )


def test_risk_terminal_table_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["risk", str(demo_path()), "--samples", "250", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Risk of overrun (250 samples, seed 0)" in out
    assert "Expected extra displacement:" in out and "Most often critical:" in out


def test_budget_overrun_chance_matches_the_closed_form() -> None:
    # 1,000 euros in 2027-W50..W52 on a line with 1,000 in 2027 and nothing in 2028.
    # A fourth week (D >= 4) puts 250 or more in 2028: an overrun there. 2027 never overruns.
    # P(D >= 4) = 1 - F(3.5) for Triangular(2.5, 3, 5.5) = 4 / 7.5 = 0.533.
    s = scenario(
        """
        horizon: {start: 2027-W01, end: 2028-W52}
        areas: [{code: WK077210, name: C}]
        budgets: [{id: groen, name: Groen, per_year: {2027: 1000}}]
        works:
          - {id: W-1, name: a, kind: green, area: WK077210, duration: 3, duration_range: [3, 3, 5],
             planned_start: 2027-W50, cost: 1000, budget: groen}
        """,
        header="",
    )
    budgets = {(b["line"], b["year"]): b["p_overrun"] for b in _run(s, 20_000, 1)["budgets"]}
    assert budgets[("groen", 2027)] == 0.0
    assert budgets[("groen", 2028)] == pytest.approx(4 / 7.5, abs=0.014)


def test_risk_of_an_infeasible_scenario_says_there_is_no_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "no.yaml"
    path.write_text(
        "horizon: {start: 2027-W01, end: 2027-W10}\nareas: [{code: WK077210, name: C}]\n"
        "works:\n  - {id: W-1, name: a, kind: road, area: WK077210, duration: 4,"
        " planned_start: 2027-W01, latest_finish: 2027-W03}\n",
        encoding="utf-8",
    )
    assert main(["risk", str(path), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == (
        "plooi: the scenario is infeasible; there is no plan to carry out"
    )


def test_the_critical_chain_follows_what_held_each_work_up() -> None:
    # Crew of one. W-1 surely takes 6 weeks (W01..W06) instead of 4; W-2 (crew, planned W05)
    # waits for the crew until W07..W08; W-3 (after W-2, planned W07, 5 weeks) waits for
    # W-2 until W09..W13 and finishes last. The chain back from W-3: W-2 (its predecessor,
    # finished the week before), then W-1 (held the crew until the week before W-2),
    # which started as planned. W-4 (no crew, no predecessor) is never on it.
    s = scenario(
        """
        resources: [{id: crew, name: Crew, capacity: 1}]
        works:
          - {id: W-1, name: a, kind: road, area: WK077210, duration: 4, duration_range: [6, 6, 6],
             planned_start: 2027-W01, demand: {crew: 1}}
          - {id: W-2, name: b, kind: road, area: WK077210, duration: 2, duration_range: [2, 2, 2],
             planned_start: 2027-W05, demand: {crew: 1}}
          - {id: W-3, name: c, kind: road, area: WK077210, duration: 5, duration_range: [5, 5, 5],
             planned_start: 2027-W07, after: [{work: W-2}]}
          - {id: W-4, name: d, kind: road, area: WK077210, duration: 3, duration_range: [3, 3, 3],
             planned_start: 2027-W02}
        """
    )
    document = _run(s, samples=40)
    assert document["critical"] == [
        {"id": "W-1", "index": 1.0}, {"id": "W-2", "index": 1.0}, {"id": "W-3", "index": 1.0}
    ]
    finish = {row["id"]: row["p50"] for row in document["items"]}
    assert finish == {"W-1": "2027-W06", "W-2": "2027-W08", "W-3": "2027-W13", "W-4": "2027-W04"}


def test_sampled_executions_keep_werk_met_werk_bundles() -> None:
    # Runs once the bundles rule (rules.bundles, checker rule "bundle") and its example
    # scenario are on the branch; until then there is nothing to check against.
    from scheduler.workflow import solve_scenario
    from tests.conftest import ROOT

    s = load_scenario(ROOT / "scenarios" / "werk-met-werk.yaml")
    crews = [r.model_copy(update={"absence": 0.1}) for r in s.resources]
    s = s.derived(resources=crews)
    plan = solve_scenario(s, "wmw", time_limit=20).result.plan
    assert plan is not None
    model = compile_plan(s, plan)
    assert model.bundles
    # A bundle whose sampled durations along its `after` chain pass max_span cannot be
    # kept by waiting: there (only) the checker may find the bundle broken.
    _checked_samples(s, plan, samples=25, seed=4, may_break=MAY_BREAK | {"bundle"})
    durations, free = draw(model, 4, 0, 200)
    starts = simulate(model, durations, free)
    (members, span), = model.bundles
    finish = (starts[:, members] + durations[:, members] - 1).max(axis=1)
    spans = finish - starts[:, members].min(axis=1) + 1
    chain = durations[:, members].sum(axis=1)  # the longest possible need: all in a row
    assert (spans[chain <= span] <= span).all()  # kept wherever it could be
    assert (spans > span).any() and (spans <= span).any()


def test_bundle_breaks_are_counted_per_bundle() -> None:
    from types import SimpleNamespace

    from scheduler.risk.model import _bundles
    from scheduler.risk.run import bundle_breaks

    # W-1 then W-2 (after it): 3 + [2, 2, 4] weeks against a span of 6. The bundle holds
    # when W-2 takes 2 or 3 weeks and cannot when it takes 4: P(D = 4) = P(X >= 3.5)
    # for Triangular(1.5, 2, 4.5) = 1^2 / (3 * 2.5) = 0.133.
    s = scenario(
        """
        works:
          - {id: W-1, name: a, kind: road, area: WK077210, duration: 3, duration_range: [3, 3, 3],
             planned_start: 2027-W01}
          - {id: W-2, name: b, kind: road, area: WK077210, duration: 2, duration_range: [2, 2, 4],
             planned_start: 2027-W04, after: [{work: W-1}]}
        """
    )
    model = compile_plan(s, Plan.baseline(s))
    rules = SimpleNamespace(bundles=[SimpleNamespace(items=["W-1", "W-2"], max_span=6)])
    _bundles(SimpleNamespace(rules=rules), model)  # type: ignore[arg-type]
    durations, free = draw(model, 2, 0, 20_000)
    starts = simulate(model, durations, free)
    broken = bundle_breaks(model, starts, durations.astype(np.int64))
    assert broken[0] / 20_000 == pytest.approx(1 / 7.5, abs=0.01)
    # Where it cannot be kept nothing waited for it: W-1 still starts as planned.
    assert (starts[:, 0] == model.start[0]).all()


def test_every_sampled_execution_keeps_the_school_holidays() -> None:
    from tests.test_school_holidays import SCENARIO as SCHOOL_HOLIDAYS

    s = scenario_from_text(SCHOOL_HOLIDAYS)
    plan = solve(s, time_limit=20).plan
    assert plan is not None
    # A late play work waits for the next whole holiday weeks instead of running on
    # into term time; the checker finds no school-holiday week broken in any sample.
    assert _checked_samples(s, plan, samples=60, seed=2) > 0
