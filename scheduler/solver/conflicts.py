"""A minimal set of rules that cannot hold together: why a scenario is infeasible.

Every rule group of the guarded model sits behind an assumption literal. One
feasibility solve (no objective: with one, CP-SAT's core is not minimal)
gives a core; deleting members one by one, and keeping only those whose removal
makes the rest feasible, shrinks it to a *minimal* conflict: remove any one of
its rules and the scenario fits. Each deletion step is a real solve, so the
result says whether minimality was verified within the time limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import assert_never

from ortools.sat.python import cp_model

from scheduler import weeks
from scheduler.report.numbers import listing
from scheduler.rules import Rule
from scheduler.scenario import Scenario, Work, capacity_profile
from scheduler.solver.model import Guard, ModelOptions, ScheduleModel
from scheduler.text.money import money


@dataclass(frozen=True)
class Conflict:
    """Rule groups that together leave no valid plan."""

    guards: tuple[Guard, ...]
    minimal: bool
    # Items with no start week at all, even before any rule (longer than the horizon).
    impossible_items: tuple[str, ...] = ()


def find_conflict(
    scenario: Scenario,
    options: ModelOptions | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
) -> Conflict | None:
    """A minimal conflict, or None when the scenario (with options) is feasible."""
    began = time.monotonic()
    guarded = ModelOptions(**{**(options or ModelOptions()).__dict__, "guarded": True})
    built = ScheduleModel(scenario, guarded)
    if built.empty_domains:
        return Conflict((), True, tuple(sorted(built.empty_domains)))
    keys = list(built.guard_literal)

    def feasible_with(active: list[str]) -> tuple[bool | None, list[str]]:
        remaining = time_limit - (time.monotonic() - began)
        if remaining <= 0:
            return None, active
        built.model.clear_assumptions()
        built.model.add_assumptions([built.guard_literal[k] for k in active])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.catch_sigint_signal = False
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = remaining
        code = solver.solve(built.model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, active
        if code == cp_model.INFEASIBLE:
            core_indices = set(solver.sufficient_assumptions_for_infeasibility())
            core = [k for k in active if built.guard_literal[k].index in core_indices]
            return False, core or active
        return None, active

    ok, core = feasible_with(keys)
    if ok is None:
        return Conflict(tuple(built.guards[k] for k in keys), False)
    if ok:
        return None
    minimal = True
    position = 0
    while position < len(core):
        candidate = core[:position] + core[position + 1 :]
        ok, smaller = feasible_with(candidate)
        if ok is False:
            # Still infeasible without this member: drop it (and whatever the new core drops).
            # Members before `position` are verified necessary, so every core keeps them.
            kept = set(smaller)
            core = core[:position] + [k for k in core[position + 1 :] if k in kept]
            continue
        if ok is None:
            minimal = False
        position += 1
    return Conflict(tuple(built.guards[k] for k in core), minimal)


def describe_conflict(
    scenario: Scenario, conflict: Conflict, lang: str = "nl"
) -> list[dict[str, object]]:
    """The conflict's rules as plain sentences with the works, weeks and amounts involved."""
    guards = [
        Guard(f"horizon:{item_id}", Rule.HORIZON, (item_id,))
        for item_id in conflict.impossible_items
    ]
    guards += conflict.guards
    involved = {i for guard in conflict.guards for i in guard.items}
    rows: list[dict[str, object]] = []
    for guard in guards:
        text, ids = _guard_text(scenario, guard, involved, lang)
        rows.append({"rule": guard.rule, "key": guard.key, "items": ids, "text": text})
    return rows


def _guard_text(
    scenario: Scenario, guard: Guard, involved: set[str], lang: str
) -> tuple[str, list[str]]:
    """One rule group as a sentence, and the items it names: one branch per kind."""
    nl = lang == "nl"
    d = guard.detail
    ids = list(guard.items)
    rule = guard.rule
    match rule:
        case Rule.HORIZON:
            return (
                f"{ids[0]} duurt langer dan de hele horizon"
                if nl
                else f"{ids[0]} lasts longer than the whole horizon"
            ), ids
        case Rule.EARLIEST:
            return (
                f"{ids[0]} mag niet voor {weeks.format_week(d['week'])} beginnen"
                if nl
                else f"{ids[0]} may not start before {weeks.format_week(d['week'])}"
            ), ids
        case Rule.DEADLINE:
            return (
                f"{ids[0]} moet uiterlijk in {weeks.format_week(d['week'])} klaar zijn (deadline)"
                if nl
                else f"{ids[0]} must be finished by {weeks.format_week(d['week'])} (deadline)"
            ), ids
        case Rule.PINNED:
            return (
                f"{ids[0]} ligt vast (gecontracteerd) vanaf {weeks.format_week(d['week'])}"
                if nl
                else f"{ids[0]} is pinned (contracted) from {weeks.format_week(d['week'])}"
            ), ids
        case Rule.MAX_SHIFT:
            return (
                f"{ids[0]} mag hooguit {d['weeks']} weken schuiven"
                if nl
                else f"{ids[0]} may move at most {d['weeks']} weeks"
            ), ids
        case Rule.BREEDING_SEASON:
            return (
                f"broedseizoen: {ids[0]} mag niet in het broedseizoen"
                if nl
                else f"breeding season: {ids[0]} may not run in the breeding season"
            ), ids
        case Rule.EVENT:
            name = str(d["name"]).split(":", 1)[1]
            return (
                f"evenement {name}: {ids[0]} mag niet tijdens het evenement"
                if nl
                else f"event {name}: {ids[0]} may not run during the event"
            ), ids
        case Rule.AFTER:
            lag = d.get("lag", 0)
            tail = (f" + {lag} weken" if nl else f" + {lag} weeks") if lag else ""
            return (
                f"{ids[1]} moet na {ids[0]} komen{tail}"
                if nl
                else f"{ids[1]} must come after {ids[0]}{tail}"
            ), ids
        case Rule.CAPACITY:
            return _capacity_text(scenario, str(d["resource"]), involved, nl)
        case Rule.BUDGET:
            amount = money(int(str(d["limit"])), lang)
            return f"budget {d['line']} in {d['year']}: {amount}", ids
        case Rule.MAX_CONCURRENT:
            kinds = ", ".join(str(k) for k in d["kinds"])
            return (
                f"hinder: hooguit {d['limit']} werken ({kinds}) tegelijk in {d['area']}"
                if nl
                else f"hinder: at most {d['limit']} works ({kinds}) at once in {d['area']}"
            ), ids
        case Rule.BREEKVERBOD:
            return (
                f"breekverbod ({d['years']} jaar): {ids[1]} graaft niet kort na {ids[0]}"
                if nl
                else f"breekverbod ({d['years']} years): {ids[1]} may not dig soon after {ids[0]}"
            ), ids
        case Rule.SCHOOL_HOLIDAYS:
            return (
                f"schoolvakantie: {ids[0]} moet helemaal in de schoolvakantie"
                if nl
                else f"school holidays: {ids[0]} must lie wholly in the school holidays"
            ), ids
        case Rule.BUNDLE:
            who = listing(ids, lang, limit=len(ids))
            return (
                f"werk met werk {d['name']}: {who} binnen hoogstens {d['max_span']} weken"
                if nl
                else f"werk met werk {d['name']}: {who} within at most {d['max_span']} weeks"
            ), ids
        case _:
            assert_never(rule)


def _capacity_text(
    scenario: Scenario, resource_id: str, involved: set[str], nl: bool
) -> tuple[str, list[str]]:
    """The crew's capacity over the weeks the conflict is about, and the items using it."""
    resource = scenario.resource_by_id[resource_id]
    users = sorted(i for i in involved if scenario.item_by_id[i].demand.get(resource.id, 0) > 0)
    first, last = _window_weeks(scenario, users)
    span = weeks.format_range(first, last)
    per_week = _per_week_text(scenario, resource.id, first, last, nl)
    text = (
        f"capaciteit van {resource.id} ({per_week}) in {span}"
        if nl
        else f"capacity of {resource.id} ({per_week}) in {span}"
    )
    return text, users


def _window_weeks(scenario: Scenario, item_ids: list[str]) -> tuple[int, int]:
    """The weeks the conflict is about: windows and pinned weeks of the items, if bounded."""
    spans = []
    for item_id in item_ids:
        item = scenario.item_by_id[item_id]
        planned = scenario.planned(item) if isinstance(item, Work) else None
        if isinstance(item, Work) and item.pinned and planned is not None:
            spans.append((planned, planned + item.duration - 1))
        elif item.earliest or item.latest_finish:
            spans.append(scenario.window(item))
    if not spans:
        return scenario.horizon.first, scenario.horizon.last
    return min(s for s, _ in spans), max(e for _, e in spans)


def _per_week_text(scenario: Scenario, resource_id: str, first: int, last: int, nl: bool) -> str:
    """'1 per week', or '0 to 2 per week' where exceptions change it within the weeks."""
    resource = scenario.resource_by_id[resource_id]
    values = set(capacity_profile(resource, first, last).values())
    low, high = min(values), max(values)
    if low == high:
        return f"{low} per week"
    return f"{low} tot {high} per week" if nl else f"{low} to {high} per week"
