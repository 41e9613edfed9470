"""Properties of the solver on random tiny scenarios (hypothesis).

The scenarios are small enough for CP-SAT to prove every optimum in a blink
(2-6 works, 1-2 crews, 0-2 requests, an 18-week horizon across a year end so
that budgets per year bind), and their baseline is feasible by construction:
capacities, budgets and hinder limits are raised to what the programme as
planned already uses, an `after` order is only kept where the planned weeks
obey it, and a bundle (werk met werk) spans at least what its works span. Money comes in tens of euros per week: the format's rounding tolerance of
1 euro per work can then never decide whether a plan fits (the solver compares
budgets exactly; the checker and the hand method allow the tolerance). The properties are the ones a planner relies on without thinking:

- every plan passes the independent checker, and its cost is what the solver said;
- without requests, nothing moves;
- more capacity or more money never makes the optimum worse;
- one request less never makes the optimum worse;
- a makespan is never shorter than the longest `after` chain (and equals it when
  nothing else binds);
- the decomposition used at city scale never claims more than the whole model:
  its bound is never above the optimum, and a plan it returns is that optimum.

"Worse" is lexicographic, as the objective is: first the value of accepted
optional requests (higher is better), then the displacement cost (lower is
better). With mandatory requests only, that is: the displacement never rises.
"""

from __future__ import annotations

import copy
import os
from collections import defaultdict
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import weeks
from scheduler.check import check, check_baseline
from scheduler.io.validate import build_scenario
from scheduler.plan import SolveStatus
from scheduler.scenario import Scenario
from scheduler.solver import SolveResult, SolveSettings, solve
from scheduler.solver.decompose import decompose, required_requests
from scheduler.solver.run import part_solver

FIRST = weeks.parse_week("2027-W45")
LAST = weeks.parse_week("2028-W10")  # 18 weeks: 8 in 2027 (52 weeks), 10 in 2028
AREA = "WK077210"
KINDS = ("road", "green", "other")

# 40 examples per property keep the file well under a minute; PLOOI_EXAMPLES=1000 digs deeper.
PROPERTY = settings(
    max_examples=int(os.environ.get("PLOOI_EXAMPLES", "40")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def week(ordinal: int) -> str:
    return weeks.format_week(ordinal)


# ---------------------------------------------------------------------------
# Tiny scenarios with a feasible baseline


@st.composite
def programmes(draw: st.DrawFn, requests: bool = True) -> dict[str, Any]:
    """Raw scenario data (the YAML shape) whose baseline keeps every rule."""
    crews = [f"crew{n}" for n in range(draw(st.integers(1, 2)))]
    count = draw(st.integers(2, 6))
    works: list[dict[str, Any]] = []
    starts: list[int] = []
    for n in range(count):
        duration = draw(st.integers(1, 4))
        start = draw(st.integers(FIRST, LAST - duration + 1))
        work: dict[str, Any] = {
            "id": f"W-{n}",
            "name": f"werk {n}",
            "kind": draw(st.sampled_from(KINDS)),
            "area": AREA,
            "duration": duration,
            "planned_start": week(start),
            "demand": {c: draw(st.integers(0, 2)) for c in crews if draw(st.booleans())},
            "weight": draw(st.integers(0, 3)),
            "cost": 10 * duration * draw(st.integers(0, 5)),
            "budget": "geld",
        }
        if draw(st.integers(0, 6)) == 0:
            work["pinned"] = True
        elif draw(st.integers(0, 4)) == 0:
            work["max_shift"] = draw(st.integers(0, 5))
        # `after` only on earlier works whose planned weeks already obey it (no cycles).
        after = []
        for m in range(n):
            lag = draw(st.integers(0, 2))
            if draw(st.integers(0, 3)) == 0 and start >= starts[m] + works[m]["duration"] + lag:
                after.append({"work": f"W-{m}", "lag": lag})
        if after:
            work["after"] = after
        works.append(work)
        starts.append(start)
    raw: dict[str, Any] = {
        "horizon": {"start": week(FIRST), "end": week(LAST)},
        "areas": [{"code": AREA, "name": "Centrum"}],
        "resources": [],
        "budgets": [],
        "works": works,
        "requests": [],
        "policy": {"move_penalty": draw(st.integers(0, 10)), "workers": 1},
    }
    # Capacities, money and hinder: what the baseline uses, plus a drawn margin.
    load: dict[tuple[str, int], int] = defaultdict(int)
    spend: dict[int, Fraction] = defaultdict(Fraction)
    roads: dict[int, int] = defaultdict(int)
    for work, start in zip(works, starts, strict=True):
        for offset in range(work["duration"]):
            for crew, units in work["demand"].items():
                load[(crew, start + offset)] += units
            spend[weeks.iso_year(start + offset)] += Fraction(work["cost"], work["duration"])
            roads[start + offset] += work["kind"] == "road"
    for crew in crews:
        used = max((units for (c, _), units in load.items() if c == crew), default=0)
        capacity = max(1, used) + draw(st.integers(0, 1))
        raw["resources"].append({"id": crew, "name": crew, "capacity": capacity})
    raw["budgets"].append(
        {
            "id": "geld",
            "name": "Geld",
            "per_year": {
                year: int(spend[year]) + 10 * draw(st.integers(0, 6)) for year in (2027, 2028)
            },
        }
    )
    if draw(st.booleans()):
        limit = max(1, max(roads.values(), default=0))
        raw["rules"] = {"max_concurrent": [{"kinds": ["road"], "limit": limit}]}
    if requests:
        for n in range(draw(st.integers(0, 2))):
            duration = draw(st.integers(1, 3))
            earliest = draw(st.integers(FIRST, LAST - duration + 1))
            latest = min(LAST, earliest + duration - 1 + draw(st.integers(0, 6)))
            request: dict[str, Any] = {
                "id": f"R-{n}",
                "name": f"verzoek {n}",
                "kind": draw(st.sampled_from(KINDS)),
                "area": AREA,
                "duration": duration,
                "earliest": week(earliest),
                "latest_finish": week(latest),
                "demand": {c: draw(st.integers(0, 2)) for c in crews if draw(st.booleans())},
                "cost": 10 * duration * draw(st.integers(0, 3)),
                "budget": "geld",
            }
            if draw(st.booleans()):
                request["mandatory"] = False
                request["value"] = draw(st.integers(1, 5))
            raw["requests"].append(request)
    _maybe_bundle(draw, raw, starts)
    return raw


def _maybe_bundle(draw: st.DrawFn, raw: dict[str, Any], starts: list[int]) -> None:
    """Sometimes one bundle (werk met werk) of works, kept by the baseline, maybe with R-0."""
    works = raw["works"]
    members = [n for n in range(len(works)) if draw(st.booleans())]
    if draw(st.integers(0, 2)) != 0 or len(members) < 2:
        return
    first = min(starts[n] for n in members)
    last = max(starts[n] + works[n]["duration"] - 1 for n in members)
    span = last - first + 1 + draw(st.integers(0, 3))
    items = [works[n]["id"] for n in members]
    if raw["requests"] and raw["requests"][0]["duration"] <= span and draw(st.booleans()):
        items.append(raw["requests"][0]["id"])
    raw.setdefault("rules", {})["bundles"] = [{"name": "bundel", "items": items, "max_span": span}]


def load(raw: dict[str, Any]) -> Scenario:
    scenario = build_scenario(copy.deepcopy(raw), "property")
    assert check_baseline(scenario) == []  # the construction promises it
    return scenario


def optimum(scenario: Scenario) -> tuple[SolveResult, tuple[int, int] | None]:
    """The solve and its lexicographic optimum (value, -displacement); None if infeasible.

    A tiny scenario is always settled: proven optimal or proven infeasible.
    """
    result = solve(scenario, time_limit=20)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE), result.status
    if result.plan is None:
        return result, None
    assert check(scenario, result.plan) == []
    plan = result.plan
    return result, (plan.accepted_value(scenario), -plan.displacement_cost(scenario))


# ---------------------------------------------------------------------------
# The properties


@PROPERTY
@given(programmes())
def test_every_plan_passes_the_checker_and_costs_what_the_solver_says(raw: dict[str, Any]) -> None:
    scenario = load(raw)
    result, best = optimum(scenario)
    if best is None:
        # Only a mandatory request can make a scenario whose baseline is valid infeasible.
        assert any(r.mandatory for r in scenario.requests)
        return
    assert result.plan is not None
    assert result.final_stage is not None
    assert result.final_stage.objective == result.plan.displacement_cost(scenario)
    assert result.gap == 0.0 and result.proven_optimal


@PROPERTY
@given(programmes(requests=False))
def test_without_requests_nothing_is_displaced(raw: dict[str, Any]) -> None:
    scenario = load(raw)
    result, best = optimum(scenario)
    assert best is not None and best[1] == 0
    assert result.plan is not None
    # With a move penalty, or a weight on the work, moving costs something: nothing moves.
    weight = {work.id: work.weight for work in scenario.works}
    for item in result.plan.moved():
        assert weight[item.id] == 0 and scenario.policy.move_penalty == 0


@PROPERTY
@given(programmes(), st.data())
def test_more_capacity_or_money_never_makes_the_optimum_worse(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    _, before = optimum(load(raw))
    richer = copy.deepcopy(raw)
    if data.draw(st.booleans(), label="more capacity"):
        crew = data.draw(st.sampled_from(richer["resources"]), label="crew")
        crew["capacity"] += data.draw(st.integers(1, 2), label="extra units")
    else:
        year = data.draw(st.sampled_from([2027, 2028]), label="year")
        richer["budgets"][0]["per_year"][year] += 10 * data.draw(st.integers(1, 8), label="extra")
    _, after = optimum(load(richer))
    if before is not None:
        assert after is not None and after >= before


@PROPERTY
@given(programmes(), st.data())
def test_one_request_less_never_makes_the_optimum_worse(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    if not raw["requests"]:
        raw["requests"].append(
            {
                "id": "R-9",
                "name": "extra",
                "kind": "other",
                "area": AREA,
                "duration": 2,
                "earliest": week(FIRST + 3),
                "latest_finish": week(FIRST + 6),
                "demand": {raw["resources"][0]["id"]: 1},
            }
        )
    first, before = optimum(load(raw))
    fewer = copy.deepcopy(raw)
    gone = fewer["requests"].pop(data.draw(st.integers(0, len(fewer["requests"]) - 1)))
    for bundle in fewer.get("rules", {}).get("bundles", []):
        bundle["items"] = [i for i in bundle["items"] if i != gone["id"]]
    _, after = optimum(load(fewer))
    if before is None:
        return
    assert first.plan is not None and after is not None
    if gone.get("mandatory", True):
        # The best plan with the mandatory request, without it, is a plan of the rest.
        assert after >= before
    elif first.plan[gone["id"]].scheduled:
        # Without the optional request its value is gone; the rest does at least as well.
        assert (before[0] - gone["value"], before[1]) <= after <= before
    else:
        # It was rejected anyway: the same optimum.
        assert after == before


@PROPERTY
@given(programmes())
def test_the_decomposition_never_claims_more_than_the_whole_model(raw: dict[str, Any]) -> None:
    scenario = load(raw)
    _, best = optimum(scenario)
    required = required_requests(scenario)
    settings_ = SolveSettings(time_limit=20, seed=0, workers=1, deterministic=True)
    outcome = decompose(scenario, required, 20.0, part_solver(settings_))
    valuable = sum(r.value for r in scenario.requests if not r.mandatory and r.id in required)
    if best is None or best[0] < valuable:
        # No plan places every required request: the parts may not agree on one.
        assert outcome.plan is None
        return
    assert outcome.bound is not None and outcome.bound <= -best[1]
    if outcome.plan is not None:
        assert check(scenario, outcome.plan) == []
        assert outcome.plan.accepted_value(scenario) == best[0]
        assert outcome.plan.displacement_cost(scenario) == -best[1] == outcome.bound


# ---------------------------------------------------------------------------
# Makespan and the critical path


@st.composite
def chains(draw: st.DrawFn) -> dict[str, Any]:
    """Works with `after` orders and lags, objective makespan, maybe one crew."""
    count = draw(st.integers(2, 6))
    crew = draw(st.booleans())
    works = []
    for n in range(count):
        work: dict[str, Any] = {
            "id": f"W-{n}",
            "name": f"werk {n}",
            "kind": "other",
            "area": AREA,
            "duration": draw(st.integers(1, 4)),
        }
        after = [
            {"work": f"W-{m}", "lag": draw(st.integers(0, 2))}
            for m in range(n)
            if draw(st.integers(0, 2)) == 0
        ]
        if after:
            work["after"] = after
        if crew and draw(st.booleans()):
            work["demand"] = {"crew": 1}
        works.append(work)
    return {
        "horizon": {"start": "2027-W01", "end": "2027-W40"},
        "areas": [{"code": AREA, "name": "Centrum"}],
        "resources": [{"id": "crew", "name": "Ploeg", "capacity": 1}] if crew else [],
        "works": works,
        "policy": {"objective": "makespan", "workers": 1},
    }


def critical_path(raw: dict[str, Any]) -> int:
    """Weeks of the longest `after` chain: durations plus lags, worked out on its own."""
    finish: dict[str, int] = {}
    for work in raw["works"]:  # predecessors always come first here
        ready = max((finish[dep["work"]] + dep["lag"] for dep in work.get("after", [])), default=0)
        finish[work["id"]] = ready + work["duration"]
    return max(finish.values())


@PROPERTY
@given(chains())
def test_a_makespan_is_never_below_the_critical_path(raw: dict[str, Any]) -> None:
    scenario = build_scenario(copy.deepcopy(raw), "chains")
    result = solve(scenario, time_limit=20)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None and check(scenario, result.plan) == []
    makespan = result.plan.makespan(scenario)
    assert makespan is not None
    assert makespan >= critical_path(raw)
    if not scenario.resources:
        # Nothing but the chains binds: every work starts as early as its chain allows.
        assert makespan == critical_path(raw)
