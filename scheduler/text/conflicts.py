"""A minimal conflict in words (nl default, en): why a scenario has no valid plan.

:func:`scheduler.solver.conflicts.find_conflict` returns a
:class:`~scheduler.solver.conflicts.Conflict` of rule groups (data); the terminal,
the briefing, the impact analysis and the result JSON describe it with
:func:`describe_conflict`, one function per kind of rule group, with an exhaustive
``match`` so mypy names a kind that has no words.
"""

from __future__ import annotations

from typing import assert_never

from scheduler import weeks
from scheduler.rules import Rule
from scheduler.scenario import Scenario, Work, capacity_profile
from scheduler.solver.conflicts import Conflict
from scheduler.solver.model import Guard
from scheduler.text.money import money
from scheduler.text.numbers import listing

__all__ = ["describe_conflict"]


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
    ids = list(guard.items)
    rule = guard.rule
    match rule:
        case Rule.HORIZON:
            return _horizon(ids, nl), ids
        case Rule.EARLIEST:
            return _earliest(guard, ids, nl), ids
        case Rule.DEADLINE:
            return _deadline(guard, ids, nl), ids
        case Rule.PINNED:
            return _pinned(guard, ids, nl), ids
        case Rule.MAX_SHIFT:
            return _max_shift(guard, ids, nl), ids
        case Rule.BREEDING_SEASON:
            return _breeding_season(ids, nl), ids
        case Rule.EVENT:
            return _event(guard, ids, nl), ids
        case Rule.AFTER:
            return _after(guard, ids, nl), ids
        case Rule.CAPACITY:
            return _capacity(scenario, str(guard.detail["resource"]), involved, nl)
        case Rule.BUDGET:
            return _budget(guard, lang), ids
        case Rule.MAX_CONCURRENT:
            return _max_concurrent(guard, nl), ids
        case Rule.BREEKVERBOD:
            return _breekverbod(guard, ids, nl), ids
        case Rule.SCHOOL_HOLIDAYS:
            return _school_holidays(ids, nl), ids
        case Rule.BUNDLE:
            return _bundle(guard, ids, lang, nl), ids
        case _:
            assert_never(rule)


def _horizon(ids: list[str], nl: bool) -> str:
    if nl:
        return f"{ids[0]} duurt langer dan de hele horizon"
    return f"{ids[0]} lasts longer than the whole horizon"


def _earliest(guard: Guard, ids: list[str], nl: bool) -> str:
    week = weeks.format_week(guard.detail["week"])
    if nl:
        return f"{ids[0]} mag niet voor {week} beginnen"
    return f"{ids[0]} may not start before {week}"


def _deadline(guard: Guard, ids: list[str], nl: bool) -> str:
    week = weeks.format_week(guard.detail["week"])
    if nl:
        return f"{ids[0]} moet uiterlijk in {week} klaar zijn (deadline)"
    return f"{ids[0]} must be finished by {week} (deadline)"


def _pinned(guard: Guard, ids: list[str], nl: bool) -> str:
    week = weeks.format_week(guard.detail["week"])
    if nl:
        return f"{ids[0]} ligt vast (gecontracteerd) vanaf {week}"
    return f"{ids[0]} is pinned (contracted) from {week}"


def _max_shift(guard: Guard, ids: list[str], nl: bool) -> str:
    if nl:
        return f"{ids[0]} mag hooguit {guard.detail['weeks']} weken schuiven"
    return f"{ids[0]} may move at most {guard.detail['weeks']} weeks"


def _breeding_season(ids: list[str], nl: bool) -> str:
    if nl:
        return f"broedseizoen: {ids[0]} mag niet in het broedseizoen"
    return f"breeding season: {ids[0]} may not run in the breeding season"


def _event(guard: Guard, ids: list[str], nl: bool) -> str:
    name = str(guard.detail["name"]).split(":", 1)[1]
    if nl:
        return f"evenement {name}: {ids[0]} mag niet tijdens het evenement"
    return f"event {name}: {ids[0]} may not run during the event"


def _after(guard: Guard, ids: list[str], nl: bool) -> str:
    lag = guard.detail.get("lag", 0)
    tail = (f" + {lag} weken" if nl else f" + {lag} weeks") if lag else ""
    if nl:
        return f"{ids[1]} moet na {ids[0]} komen{tail}"
    return f"{ids[1]} must come after {ids[0]}{tail}"


def _budget(guard: Guard, lang: str) -> str:
    d = guard.detail
    return f"budget {d['line']} in {d['year']}: {money(int(str(d['limit'])), lang)}"


def _max_concurrent(guard: Guard, nl: bool) -> str:
    d = guard.detail
    kinds = ", ".join(str(k) for k in d["kinds"])
    if nl:
        return f"hinder: hooguit {d['limit']} werken ({kinds}) tegelijk in {d['area']}"
    return f"hinder: at most {d['limit']} works ({kinds}) at once in {d['area']}"


def _breekverbod(guard: Guard, ids: list[str], nl: bool) -> str:
    years = guard.detail["years"]
    if nl:
        return f"breekverbod ({years} jaar): {ids[1]} graaft niet kort na {ids[0]}"
    return f"breekverbod ({years} years): {ids[1]} may not dig soon after {ids[0]}"


def _school_holidays(ids: list[str], nl: bool) -> str:
    if nl:
        return f"schoolvakantie: {ids[0]} moet helemaal in de schoolvakantie"
    return f"school holidays: {ids[0]} must lie wholly in the school holidays"


def _bundle(guard: Guard, ids: list[str], lang: str, nl: bool) -> str:
    d = guard.detail
    who = listing(ids, lang, limit=len(ids))
    if nl:
        return f"werk met werk {d['name']}: {who} binnen hoogstens {d['max_span']} weken"
    return f"werk met werk {d['name']}: {who} within at most {d['max_span']} weeks"


def _capacity(
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
