"""The impact analysis in words: its catalog (nl, en) and the sentences made from it.

The analysis (:mod:`scheduler.impact`) returns data; the terminal printer, the
onderbouwing and the JSON document all take their sentences from here, so one
lever reads the same everywhere.
"""

from __future__ import annotations

from fractions import Fraction

from scheduler import weeks
from scheduler.impact.result import (
    Impact,
    ImpactError,
    ImpactStatus,
    Lever,
    LeverKind,
    LeverStatus,
    Option,
)
from scheduler.text.causes import cause_text, chain_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.money import money
from scheduler.text.numbers import count, week_runs, weeks_count

# key -> (Dutch, English); values are filled in with str.format.
CATALOG: dict[str, tuple[str, str]] = {
    # why a question cannot be answered (ImpactProblem)
    "error.work_not_request": (
        "'{id}' is een werk uit het programma, geen verzoek; gebruik --add voor een nieuw verzoek",
        "'{id}' is a work of the programme, not a request; use --add for a new request",
    ),
    "error.unknown_request": (
        "verzoek '{id}' staat niet in het scenario (verzoeken: {known})",
        "request '{id}' is not in the scenario (requests: {known})",
    ),
    "error.makespan": (
        "plooi impact meet verschuiving; dit scenario heeft objective makespan",
        "plooi impact measures displacement; this scenario has objective makespan",
    ),
    "error.options": ("--options moet minstens 1 zijn", "--options must be at least 1"),
    # the answer in a few words (ImpactStatus)
    "status.fits": ("past zonder iets te verschuiven", "fits without moving anything"),
    "status.displaces": ("past, maar verschuift werk", "fits, but displaces work"),
    "status.cannot_be_placed": ("past niet", "cannot be placed"),
    "status.infeasible_without_request": (
        "scenario is zonder dit verzoek al onhaalbaar",
        "the scenario is infeasible even without this request",
    ),
    "status.unknown": ("geen antwoord binnen de tijdslimiet", "no answer within the time limit"),
    # levers that were found
    "lever.deadline": (
        "deadline {weeks} later: {finish} in plaats van {deadline}",
        "a deadline {weeks} later: {finish} instead of {deadline}",
    ),
    "lever.capacity_run": (
        "{units} extra {unit} {resource} in {span}",
        "{units} extra {unit} of {resource} in {span}",
    ),
    "lever.capacity_total": (" ({unit_weeks})", " ({unit_weeks})"),
    "lever.budget_line": (
        "{euros} extra op budgetlijn {line} in {year}",
        "{euros} more on budget line {line} in {year}",
    ),
    "lever.then_start": ("; {id} kan dan in {week}", "; {id} can then start in {week}"),
    "lever.not_confirmed": (" (niet bevestigd)", " (not confirmed)"),
    # levers that were not (LeverStatus), and what each lever is
    "lever.what.deadline": ("een latere deadline", "a later deadline"),
    "lever.what.capacity": ("extra capaciteit", "extra capacity"),
    "lever.what.budget": ("extra budget", "extra budget"),
    "lever.not_needed": ("{what}: niet nodig", "{what}: not needed"),
    "lever.not_applicable": ("{what}: n.v.t. ({reason})", "{what}: not applicable ({reason})"),
    "lever.why_na.deadline": ("", ""),
    "lever.why_na.capacity": (
        "het verzoek vraagt geen ploeg of materieel",
        "the request uses no crew or equipment",
    ),
    "lever.why_na.budget": ("het verzoek kost niets", "the request costs nothing"),
    "lever.not_enough": (
        "{what} alleen is niet genoeg: andere regels houden het verzoek tegen",
        "{what} alone is not enough: other rules still keep the request out",
    ),
    "lever.unknown": (
        "{what}: geen antwoord binnen de tijdslimiet",
        "{what}: no answer within the time limit",
    ),
    # the cheapest lever and the rule that compares levers of different units
    "cheapest": (
        "Goedkoopste hefboom: {lever}. Dat rekt {stretched} op met {share}. Weken, "
        "eenheid-weken en euro's zijn verschillende eenheden; plooi noemt de hefboom die "
        "zijn eigen grens met het kleinste deel oprekt.",
        "Cheapest lever: {lever}. That stretches {stretched} by {share}. Weeks, unit-weeks "
        "and euros are different units; plooi names the lever that stretches its own limit "
        "by the smallest share.",
    ),
    "stretched.deadline": ("het venster van het verzoek", "the request's window"),
    "stretched.capacity_week": ("de capaciteit in die week", "the capacity in that week"),
    "stretched.capacity_weeks": ("de capaciteit in die weken", "the capacity in those weeks"),
    "stretched.budget": ("de budgetlijn in dat jaar", "the budget line in that year"),
    "stretched.everything": ("alles (er is nu niets)", "everything (there is none now)"),
    # what an option moves
    "moves.nothing": ("niets", "nothing"),
    "moves.more": ("{n} meer", "{n} more"),
    # the advice
    "advice.fits": (
        "Plaats {id} in {week}: er hoeft niets te schuiven.",
        "Schedule {id} in {week}: nothing has to move.",
    ),
    "advice.displaces": (
        "Plaats {id} in {week}; dat verschuift {works} ({moves}), verschuivingskosten {cost}.",
        "Schedule {id} in {week}; that displaces {works} ({moves}), displacement cost {cost}.",
    ),
    "advice.rejected": (
        " Optionele verzoeken die dan afvallen: {ids}.",
        " Optional requests that then drop out: {ids}.",
    ),
    "advice.instead": (
        " Zonder iets te verschuiven kan het met de goedkoopste hefboom: {lever}.",
        " To move nothing instead, use the cheapest lever: {lever}.",
    ),
    "advice.cannot": (
        "{id} past niet binnen de regels, ook niet door werken te verschuiven.",
        "{id} cannot be placed within the rules, not even by moving works.",
    ),
    "advice.cannot_but_lever": (
        " Het past wel met de goedkoopste hefboom: {lever}.",
        " It fits with the cheapest lever: {lever}.",
    ),
    "advice.cannot_no_lever": (
        " Geen enkele hefboom alleen is genoeg; een van de botsende regels moet wijken.",
        " No single lever is enough; one of the clashing rules has to give.",
    ),
    "advice.infeasible_without_request": (
        "Het scenario is al onhaalbaar zonder dit verzoek; los dat eerst op.",
        "The scenario is infeasible even without this request; resolve that first.",
    ),
    "advice.unknown": (
        "Binnen de tijdslimiet is geen plan gevonden; probeer een ruimere --time-limit.",
        "No plan was found within the time limit; try a larger --time-limit.",
    ),
}

# Singular and plural of the units the sentences count, (nl, en) each; weeks are
# counted by text.numbers.weeks_count.
UNITS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "unit": (("eenheid", "eenheden"), ("unit", "units")),
    "unit_week": (("eenheid-week", "eenheid-weken"), ("unit-week", "unit-weeks")),
    "work": (("werk", "werken"), ("work", "works")),
}


def say(key: str, lang: str, **values: object) -> str:
    """The catalog entry ``key`` in ``lang`` (English for any language but Dutch)."""
    dutch, english = CATALOG[key]
    return (dutch if lang == "nl" else english).format(**values)


def counted(value: int, unit: str, lang: str) -> str:
    """``3 weken`` / ``3 weeks``, ``2 eenheden`` / ``2 units``."""
    if unit == "week":
        return weeks_count(value, lang)
    one, many = UNITS[unit][0 if lang == "nl" else 1]
    return count(value, one, many)


def unit_word(value: int, unit: str, lang: str) -> str:
    one, many = UNITS[unit][0 if lang == "nl" else 1]
    return one if value == 1 else many


def share_text(share: Fraction, lang: str) -> str:
    """A lever's stretch as a percentage: whole percents from 10%, one decimal below."""
    value = float(share * 100)
    text = f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def error_text(error: ImpactError, lang: str) -> str:
    return say(f"error.{error.problem}", lang, **error.values)


def status_text(status: ImpactStatus, lang: str) -> str:
    return say(f"status.{status}", lang)


def lever_text(impact: Impact, lever: Lever, lang: str = "nl") -> str:
    """One plain sentence: the amount, where or when, and the week R could then start."""
    if lever.status != LeverStatus.FOUND:
        return _lever_missing_text(lever, lang)
    if lever.kind == LeverKind.DEADLINE:
        assert lever.latest_finish is not None
        text = say(
            "lever.deadline", lang,
            weeks=counted(lever.weeks, "week", lang),
            finish=weeks.format_week(lever.latest_finish),
            deadline=weeks.format_week(impact.window[1]),
        )
    elif lever.kind == LeverKind.CAPACITY:
        text = _capacity_text(lever, lang)
    else:
        text = "; ".join(
            say("lever.budget_line", lang, euros=money(euros, lang), line=line, year=year)
            for (line, year), euros in sorted(lever.extra.items())
        )
    if lever.start is not None:
        text += say(
            "lever.then_start", lang, id=impact.request.id, week=weeks.format_week(lever.start)
        )
    if not lever.verified:
        text += say("lever.not_confirmed", lang)
    return text


def _capacity_text(lever: Lever, lang: str) -> str:
    by_resource: dict[str, dict[int, int]] = {}
    for (resource, week), units in lever.extra.items():
        by_resource.setdefault(resource, {})[week] = units
    parts = [
        say(
            "lever.capacity_run", lang,
            units=units, unit=unit_word(units, "unit", lang), resource=resource,
            span=weeks.format_range(first, last),
        )
        for resource in sorted(by_resource)
        for first, last, units in week_runs(by_resource[resource].items())
    ]
    total = say("lever.capacity_total", lang, unit_weeks=counted(lever.amount, "unit_week", lang))
    return "; ".join(parts) + total


def _lever_missing_text(lever: Lever, lang: str) -> str:
    what = say(f"lever.what.{lever.kind}", lang)
    if lever.status == LeverStatus.NOT_APPLICABLE:
        reason = say(f"lever.why_na.{lever.kind}", lang)
        return say("lever.not_applicable", lang, what=what, reason=reason)
    return say(f"lever.{lever.status}", lang, what=what)


def cheapest_text(impact: Impact, lang: str = "nl") -> str | None:
    """Which lever is cheapest, and the rule used to compare different units."""
    lever = impact.cheapest
    if lever is None:
        return None
    if lever.kind == LeverKind.CAPACITY:
        stretched = say(
            "stretched.capacity_week" if len(lever.extra) == 1 else "stretched.capacity_weeks",
            lang,
        )
    else:
        stretched = say(f"stretched.{lever.kind}", lang)
    share = (
        share_text(lever.stretch, lang) if lever.stretch is not None
        else say("stretched.everything", lang)
    )
    return say(
        "cheapest", lang, lever=lever_text(impact, lever, lang), stretched=stretched, share=share
    )


def shifts_text(option: Option, lang: str = "nl", limit: int = 6) -> str:
    """``W-1 (+4), W-2 (+2)``: the works an option moves, at most ``limit`` named."""
    if not option.displaced:
        return say("moves.nothing", lang)
    shown = [f"{s.id} ({s.shift:+d})" for s in option.displaced[:limit]]
    rest = len(option.displaced) - len(shown)
    if rest:
        shown.append(say("moves.more", lang, n=rest))
    return ", ".join(shown)


def recommendation(impact: Impact, lang: str = "nl") -> str:
    """The advice in a few plain sentences."""
    rid = impact.request.id
    best = impact.best
    cheapest = impact.cheapest
    lever = lever_text(impact, cheapest, lang) if cheapest is not None else None
    if impact.status == ImpactStatus.FITS and best is not None:
        return say("advice.fits", lang, id=rid, week=weeks.format_week(best.start))
    if impact.status == ImpactStatus.DISPLACES and best is not None:
        text = say(
            "advice.displaces", lang,
            id=rid, week=weeks.format_week(best.start),
            works=counted(len(best.displaced), "work", lang),
            moves=shifts_text(best, lang), cost=best.cost,
        )
        if best.rejected:
            text += say("advice.rejected", lang, ids=", ".join(best.rejected))
        return text + (say("advice.instead", lang, lever=lever) if lever else "")
    if impact.status == ImpactStatus.CANNOT_BE_PLACED:
        head = say("advice.cannot", lang, id=rid)
        if lever is not None:
            return head + say("advice.cannot_but_lever", lang, lever=lever)
        return head + say("advice.cannot_no_lever", lang)
    if impact.status == ImpactStatus.INFEASIBLE_WITHOUT_REQUEST:
        return say("advice.infeasible_without_request", lang)
    return say("advice.unknown", lang)


def conflict_rows(impact: Impact, lang: str = "nl") -> list[dict[str, object]]:
    """The clashing rules as rows (rule, key, items, text), in words of ``lang``."""
    if impact.conflict is None:
        return []
    return describe_conflict(impact.conflict.scenario, impact.conflict.found, lang)


def conflict_texts(impact: Impact, lang: str = "nl") -> list[str]:
    return [str(row["text"]) for row in conflict_rows(impact, lang)]


def chain_rows(impact: Impact) -> list[str]:
    """R's displacement chains as ``R-1 -> W-1 -> W-2``."""
    return [chain_text(chain) for chain in impact.chains]


def causes(impact: Impact, option: Option, lang: str = "nl") -> dict[str, list[str]]:
    """Why each work the option displaces moved, per work."""
    explanation = impact.explanation
    if explanation is None:
        return {}
    return {
        s.id: [cause_text(c, lang) for c in explanation.causes_of(s.id)] for s in option.displaced
    }


__all__ = [
    "CATALOG",
    "causes",
    "chain_rows",
    "cheapest_text",
    "conflict_rows",
    "conflict_texts",
    "counted",
    "error_text",
    "lever_text",
    "recommendation",
    "say",
    "shifts_text",
    "status_text",
]
