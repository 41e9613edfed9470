"""The impact package piece by piece: each question module on the tiny scenarios of
test_impact.py (same hand-worked answers), the what-if transforms, the frozen
results and the catalog that puts them into words."""

from __future__ import annotations

import dataclasses

import pytest

from scheduler.check import check
from scheduler.impact import Impact, ImpactError, analyse
from scheduler.impact.alternatives import alternatives, pareto
from scheduler.impact.conflict import clashing_rules
from scheduler.impact.earliest import earliest_without_displacement
from scheduler.impact.least import least_displacement, neighbourhood, shift_caps
from scheduler.impact.levers import find_levers
from scheduler.impact.reference import Reference, plan_without_request, reference, without_request
from scheduler.impact.result import (
    ImpactProblem,
    ImpactStatus,
    LeverKind,
    LeverStatus,
    Outcome,
)
from scheduler.impact.run import ImpactRun
from scheduler.impact.whatif import (
    ExtraBudget,
    ExtraCapacity,
    HoldRequests,
    LaterDeadline,
    LeaveOut,
    Mandatory,
    Rebase,
)
from scheduler.plan import Plan
from scheduler.solver import SolveSettings, StopToken
from scheduler.solver.levers import Clock
from scheduler.text.impact import CATALOG, error_text, say, status_text
from tests.test_impact import BUDGET, FULL_WEEK, PINNED, THREE_WEEKS, load, w


def prepared(text: str) -> tuple[ImpactRun, Reference]:
    """Step 0 done by hand: the run for R-1 and its plan without R-1."""
    with_r = Mandatory("R-1").apply(load(text))
    settings = SolveSettings(time_limit=10.0, seed=0, workers=2, deterministic=True)
    run = ImpactRun(with_r, "R-1", settings, Clock(10.0), StopToken())
    without = without_request(run)
    found = plan_without_request(run, without)
    assert found.starts is not None
    return run, reference(run, without, found.starts)


# -- step 0 and the questions, one module each ------------------------------------------


def test_the_plan_without_the_request_is_the_programme_at_cost_zero() -> None:
    run, ref = prepared(FULL_WEEK)
    assert ref.cost == 0 and (ref.starts["W-1"], ref.starts["W-2"]) == (w("2027-W05"), w("2027-W07"))
    assert [(r.name, r.status) for r in run.log] == [("without request", "programme as planned")]
    assert ref.held.fixed_starts == {"W-1": w("2027-W05"), "W-2": w("2027-W07")}


def test_earliest_module_finds_the_first_free_week() -> None:
    run, ref = prepared(FULL_WEEK)
    earliest = earliest_without_displacement(run, ref)
    # The crew is busy W05-W08 with W-1 and W-2 held: W09.
    assert (earliest.week, earliest.status) == (w("2027-W09"), Outcome.OPTIMAL)


def test_levers_module_finds_the_least_amounts_verified() -> None:
    run, ref = prepared(FULL_WEEK)
    levers = {lv.kind: lv for lv in find_levers(run, ref, earliest_without_displacement(run, ref), False)}
    assert levers[LeverKind.DEADLINE].weeks == 3 and levers[LeverKind.DEADLINE].verified
    assert levers[LeverKind.CAPACITY].extra == {("crew", w("2027-W05")): 1}
    assert levers[LeverKind.CAPACITY].verified
    assert levers[LeverKind.BUDGET].status == LeverStatus.NOT_APPLICABLE
    # Nothing is needed when R already fits: no solve at all.
    before = len(run.log)
    needed = find_levers(run, ref, earliest_without_displacement(run, ref), True)
    assert {lv.status for lv in needed} == {LeverStatus.NOT_NEEDED}
    assert len(run.log) == before + 1  # only the earliest solve above


def test_least_and_alternatives_modules_rank_three_plans() -> None:
    run, ref = prepared(THREE_WEEKS)
    least = least_displacement(run, ref, None)
    assert least.best.starts is not None and least.best.starts["R-1"] == w("2027-W07")
    ranked = alternatives(run, ref, least, 3)
    # C to W08 (1 + 10), B to W08 (2*2 + 10), A to W08 (5*3 + 10).
    assert [(o.rank, o.cost) for o in ranked] == [(1, 11), (2, 14), (3, 25)]
    assert [(p.lateness, p.cost) for p in pareto(run, ref, least)] == [(2, 11), (1, 14), (0, 25)]
    for option in ranked:
        assert check(run.scenario, Plan.from_starts(run.scenario, option.starts)) == []


def test_conflict_module_names_capacity_deadline_and_pin() -> None:
    run, _ = prepared(PINNED)
    rules = clashing_rules(run, run.scenario)
    assert rules is not None and rules.minimal
    assert {g.key for g in rules.found.guards} == {"capacity:crew", "deadline:R-1", "pinned:W-P"}
    assert run.log[-1].name == "conflict" and run.log[-1].status == "minimal"


def test_shift_caps_and_neighbourhood_on_three_weeks() -> None:
    run, ref = prepared(THREE_WEEKS)
    plan = Plan.from_starts(run.scenario, {**ref.starts, "R-1": w("2027-W07"), "C": w("2027-W08")})
    # Cost 11, penalty 10: a work of weight 1 shifts at most 1 week, heavier ones none.
    assert shift_caps(run.scenario, plan) == {"A": 0, "B": 0, "C": 1}
    request = run.scenario.item_by_id["R-1"]
    assert neighbourhood(run.scenario, request, ref.starts) == {"A", "B", "C"}  # type: ignore[arg-type]


# -- what-ifs ------------------------------------------------------------------------------


def test_every_what_if_is_a_fresh_scenario_and_leaves_its_input_alone() -> None:
    s = load(BUDGET)
    before = s.model_dump()
    assert Mandatory("R-1").apply(s).item_by_id["R-1"].mandatory is True  # type: ignore[union-attr]
    assert [r.id for r in LeaveOut("R-1").apply(s).requests] == []
    later = LaterDeadline("R-1", w("2027-W20")).apply(s)
    assert later.window(later.requests[0])[1] == w("2027-W20")
    assert ExtraBudget({("bomen", 2027): 2500}).apply(s).budget_by_id["bomen"].per_year == {
        2027: 12500
    }
    moved = Rebase({"W-1": w("2027-W12")}).apply(s)
    assert moved.planned(moved.works[0]) == w("2027-W12")
    assert s.model_dump() == before


def test_extra_capacity_splits_an_exception_around_the_lifted_week() -> None:
    s = load(FULL_WEEK.replace(
        "capacity: 1}]",
        "capacity: 1, exceptions: [{from: 2027-W04, to: 2027-W06, capacity: 2}]}]",
    ))
    lifted = ExtraCapacity({("crew", w("2027-W05")): 1}).apply(s)
    rows = [(e.from_, e.to, e.capacity) for e in lifted.resource_by_id["crew"].exceptions]
    assert rows == [("2027-W04", "2027-W04", 2), ("2027-W05", "2027-W05", 3),
                    ("2027-W06", "2027-W06", 2)]


def test_hold_requests_makes_the_other_placed_requests_mandatory() -> None:
    s = load(THREE_WEEKS.replace(
        "latest_finish: 2027-W07, demand: {crew: 1}}",
        "latest_finish: 2027-W07, demand: {crew: 1}}\n"
        "  - {id: R-2, name: x, kind: tree, area: WK077210, duration: 1, mandatory: false}\n"
        "  - {id: R-3, name: y, kind: tree, area: WK077210, duration: 1, mandatory: false}",
    ))
    held = HoldRequests("R-1", frozenset({"R-3"})).apply(s)
    assert [(r.id, r.mandatory) for r in held.requests] == [
        ("R-1", s.requests[0].mandatory), ("R-2", True), ("R-3", False)
    ]


# -- results as data, words from the catalog ----------------------------------------------


def test_the_result_is_frozen_and_its_states_are_the_json_strings() -> None:
    impact = analyse(load(FULL_WEEK), "R-1", options=1, time_limit=10, workers=2)
    assert isinstance(impact, Impact)
    with pytest.raises(dataclasses.FrozenInstanceError):
        impact.status = ImpactStatus.FITS  # type: ignore[misc]
    assert impact.status is ImpactStatus.DISPLACES and impact.status == "displaces"
    assert impact.chains == (("R-1", "W-1"),)
    assert [s.name for s in impact.solves][:2] == ["without request", "earliest"]


def test_every_state_has_its_words_in_both_languages() -> None:
    for status in ImpactStatus:
        assert status_text(status, "nl") and status_text(status, "en")
    for kind in LeverKind:
        assert say(f"lever.what.{kind}", "nl") and say(f"lever.what.{kind}", "en")
    for lever_status in LeverStatus:
        if lever_status not in (LeverStatus.FOUND, LeverStatus.NOT_APPLICABLE):
            assert f"lever.{lever_status}" in CATALOG
    for problem in ImpactProblem:
        assert f"error.{problem}" in CATALOG
    assert all(nl and en for key, (nl, en) in CATALOG.items() if key != "lever.why_na.deadline")


def test_impact_errors_carry_a_problem_and_are_worded_at_the_edge() -> None:
    with pytest.raises(ImpactError) as caught:
        analyse(load(FULL_WEEK), "W-1")
    assert caught.value.problem is ImpactProblem.WORK_NOT_REQUEST
    assert error_text(caught.value, "nl") == (
        "'W-1' is een werk uit het programma, geen verzoek; gebruik --add voor een nieuw verzoek"
    )
    with pytest.raises(ImpactError) as caught:
        analyse(load(FULL_WEEK), "R-9")
    assert error_text(caught.value, "en") == "request 'R-9' is not in the scenario (requests: R-1)"
    assert str(caught.value) == "unknown_request {'id': 'R-9', 'known': 'R-1'}"
