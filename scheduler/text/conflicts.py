"""A minimal conflict in words (nl default, en): why a scenario has no valid plan.

:func:`scheduler.solver.conflicts.find_conflict` returns a
:class:`~scheduler.guards.Conflict` of rule groups, and
:func:`scheduler.guards.conflict_parts` what each names (data); the terminal,
the briefing, the impact analysis and the result JSON describe it with
:func:`describe_conflict`, one function per kind of rule group, with an exhaustive
``match`` so mypy names a kind that has no words.
"""

from __future__ import annotations

from typing import assert_never

from scheduler import weeks
from scheduler.guards import Conflict, ConflictPart, Guard, conflict_parts
from scheduler.rules import Rule
from scheduler.scenario import Scenario
from scheduler.text.money import money
from scheduler.text.numbers import lag_tail, listing, weeks_count

__all__ = ["describe_conflict"]


def describe_conflict(
    scenario: Scenario, conflict: Conflict, lang: str = "nl"
) -> list[dict[str, object]]:
    """The conflict's rules as plain sentences with the works, weeks and amounts involved."""
    return [
        {"rule": part.guard.rule, "key": part.guard.key, "items": list(part.items),
         "text": _part_text(part, lang)}
        for part in conflict_parts(scenario, conflict)
    ]


def _part_text(part: ConflictPart, lang: str) -> str:
    """One rule group as a sentence: one branch per kind."""
    nl = lang == "nl"
    guard, ids = part.guard, list(part.items)
    rule = guard.rule
    match rule:
        case Rule.HORIZON:
            return _horizon(ids, nl)
        case Rule.EARLIEST:
            return _earliest(guard, ids, nl)
        case Rule.DEADLINE:
            return _deadline(guard, ids, nl)
        case Rule.PINNED:
            return _pinned(guard, ids, nl)
        case Rule.MAX_SHIFT:
            return _max_shift(guard, ids, lang, nl)
        case Rule.BREEDING_SEASON:
            return _breeding_season(ids, nl)
        case Rule.EVENT:
            return _event(guard, ids, nl)
        case Rule.AFTER:
            return _after(guard, ids, lang, nl)
        case Rule.CAPACITY:
            return _capacity(part, nl)
        case Rule.BUDGET:
            return _budget(guard, lang)
        case Rule.MAX_CONCURRENT:
            return _max_concurrent(guard, nl)
        case Rule.BREEKVERBOD:
            return _breekverbod(guard, ids, nl)
        case Rule.SCHOOL_HOLIDAYS:
            return _school_holidays(ids, nl)
        case Rule.BUNDLE:
            return _bundle(guard, ids, lang, nl)
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


def _max_shift(guard: Guard, ids: list[str], lang: str, nl: bool) -> str:
    most = weeks_count(guard.detail["weeks"], lang)
    if nl:
        return f"{ids[0]} mag hooguit {most} schuiven"
    return f"{ids[0]} may move at most {most}"


def _breeding_season(ids: list[str], nl: bool) -> str:
    if nl:
        return f"broedseizoen: {ids[0]} mag niet in het broedseizoen"
    return f"breeding season: {ids[0]} may not run in the breeding season"


def _event(guard: Guard, ids: list[str], nl: bool) -> str:
    name = str(guard.detail["name"]).split(":", 1)[1]
    if nl:
        return f"evenement {name}: {ids[0]} mag niet tijdens het evenement"
    return f"event {name}: {ids[0]} may not run during the event"


def _after(guard: Guard, ids: list[str], lang: str, nl: bool) -> str:
    tail = lag_tail(guard.detail.get("lag", 0), lang)
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
    who, most = listing(ids, lang, limit=None), weeks_count(d["max_span"], lang)
    if nl:
        return f"werk met werk {d['name']}: {who} binnen hoogstens {most}"
    return f"werk met werk {d['name']}: {who} within at most {most}"


def _capacity(part: ConflictPart, nl: bool) -> str:
    """The crew's capacity over the weeks the conflict is about ('1 per week', '0 to 2')."""
    assert part.weeks is not None and part.capacity is not None
    resource, span = part.guard.detail["resource"], weeks.format_range(*part.weeks)
    low, high = part.capacity
    if low == high:
        per_week = f"{low} per week"
    else:
        per_week = f"{low} tot {high} per week" if nl else f"{low} to {high} per week"
    if nl:
        return f"capaciteit van {resource} ({per_week}) in {span}"
    return f"capacity of {resource} ({per_week}) in {span}"
