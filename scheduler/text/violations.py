"""What the independent checker found, in words (nl default, en).

:func:`scheduler.check.check` returns :class:`~scheduler.check.Violation` data;
every reader (terminal, briefing, web, the result JSON) takes its sentence from
:func:`violation_text`, so the checker stays free of words and one broken rule
reads the same everywhere.
"""

from __future__ import annotations

from typing import assert_never

from scheduler import weeks
from scheduler.check import Violation
from scheduler.rules import Rule
from scheduler.text.money import money_to_cent
from scheduler.text.numbers import listing, weeks_count, weeks_text

__all__ = ["violation_text"]


def _all_items(v: Violation, lang: str) -> str:
    """Every item of the violation, none left out: W-1, W-3 en R-1."""
    return listing(list(v.items), lang, limit=None)


def _m_unknown_item(v: Violation, nl: bool) -> str:
    if nl:
        return f"het plan bevat {v.items[0]}, maar dat is geen werk of verzoek in het scenario"
    return f"the plan holds {v.items[0]}, which is not a work or request of the scenario"


def _m_missing_item(v: Violation, nl: bool) -> str:
    work = v.detail.get("type") == "work"
    if nl:
        return f"{'werk' if work else 'verzoek'} {v.items[0]} ontbreekt in het plan"
    return f"{'work' if work else 'request'} {v.items[0]} is missing from the plan"


def _m_mandatory(v: Violation, nl: bool) -> str:
    if v.detail.get("type") == "work":
        if nl:
            return (
                f"werk {v.items[0]} is niet ingepland; "
                "elk werk uit het programma moet ingepland zijn"
            )
        return f"work {v.items[0]} is not scheduled; every work of the programme must be"
    if nl:
        return f"verplicht verzoek {v.items[0]} is afgewezen; het moet ingepland worden"
    return f"mandatory request {v.items[0]} is rejected; it must be scheduled"


def _m_horizon(v: Violation, nl: bool) -> str:
    d = v.detail
    span = weeks.format_range(d["start"], d["finish"])
    horizon = weeks.format_range(d["horizon_start"], d["horizon_end"])
    outside = weeks_text(v.weeks)
    if nl:
        return f"{v.items[0]} loopt {span}, buiten de horizon {horizon} (in {outside})"
    return f"{v.items[0]} runs {span}, outside the horizon {horizon} (in {outside})"


def _m_window(v: Violation, nl: bool) -> str:
    d = v.detail
    parts: list[str] = []
    if "earliest" in d:
        start, earliest = weeks.format_week(d["start"]), weeks.format_week(d["earliest"])
        parts.append(
            f"begint in {start}, vóór de vroegste start {earliest}"
            if nl
            else f"starts in {start}, before its earliest start {earliest}"
        )
    if "latest_finish" in d:
        finish, latest = weeks.format_week(d["finish"]), weeks.format_week(d["latest_finish"])
        parts.append(
            f"is klaar in {finish}, na de uiterste eindweek {latest}"
            if nl
            else f"finishes in {finish}, after its latest finish {latest}"
        )
    return f"{v.items[0]} " + (" en " if nl else " and ").join(parts)


def _m_pinned(v: Violation, nl: bool) -> str:
    planned = weeks.format_week(v.detail["planned_start"])
    start = weeks.format_week(v.detail["start"])
    if nl:
        return f"{v.items[0]} ligt vast (gecontracteerd) op {planned}, maar begint in {start}"
    return f"{v.items[0]} is pinned (contracted) at {planned}, but starts in {start}"


def _m_max_shift(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    planned, start = weeks.format_week(d["planned_start"]), weeks.format_week(d["start"])
    moved = weeks_count(abs(d["shift"]), lang)
    if nl:
        way = "later" if d["shift"] > 0 else "eerder"
        return (
            f"{v.items[0]} schuift {moved} {way} (van {planned} naar {start}), "
            f"meer dan de toegestane max_shift van {d['max_shift']}"
        )
    way = "later" if d["shift"] > 0 else "earlier"
    return (
        f"{v.items[0]} moves {moved} {way} ({planned} to {start}), "
        f"more than its max_shift of {d['max_shift']}"
    )


def _m_after(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    start = weeks.format_week(d["start"])
    finish = weeks.format_week(d["predecessor_finish"])
    earliest = weeks.format_week(d["earliest_start"])
    later, before = v.items
    lag = weeks_count(d["lag"], lang)
    if nl:
        return (
            f"{later} begint in {start}, maar moet wachten op {before} (klaar in {finish}, "
            f"wachttijd {lag}): op zijn vroegst in {earliest}"
        )
    return (
        f"{later} starts in {start}, but must wait for {before} (finishes in {finish}, "
        f"lag {lag}): {earliest} at the earliest"
    )


def _m_capacity(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    span = weeks_text(v.weeks)
    who = _all_items(v, lang)
    if nl:
        return (
            f"capaciteit van {d['resource']} in {span} is {d['capacity']}, "
            f"maar {who} {'heeft' if len(v.items) == 1 else 'hebben'} {d['load']} nodig"
        )
    return (
        f"capacity of {d['resource']} in {span} is {d['capacity']}, "
        f"but {who} {'needs' if len(v.items) == 1 else 'need'} {d['load']}"
    )


def _m_budget(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    limit, spend = money_to_cent(d["limit"], lang), money_to_cent(d["spend"], lang)
    tolerance = money_to_cent(d["tolerance"], lang)
    who = _all_items(v, lang)
    if nl:
        verb = "besteedt" if len(v.items) == 1 else "besteden"
        return (
            f"budgetlijn {d['budget']} heeft in {d['year']} {limit}, maar {who} {verb} "
            f"{spend} (afrondingsmarge {tolerance})"
        )
    verb = "spends" if len(v.items) == 1 else "spend"
    return (
        f"budget line {d['budget']} has {limit} in {d['year']}, but {who} {verb} "
        f"{spend} (rounding tolerance {tolerance})"
    )


def _m_breeding_season(v: Violation, nl: bool) -> str:
    d = v.detail
    season = f"{d['from']}..{d['to']}"
    if nl:
        return (
            f"{v.items[0]} ({d['kind']}) werkt in het broedseizoen ({season}) "
            f"in {weeks_text(v.weeks)}"
        )
    return (
        f"{v.items[0]} ({d['kind']}) works in the breeding season ({season}) "
        f"in {weeks_text(v.weeks)}"
    )


def _m_event(v: Violation, nl: bool) -> str:
    d = v.detail
    event = f"{d['event']} ({weeks.format_range(d['event_start'], d['event_end'])})"
    where = f"{v.items[0]} ({d['kind']}, {d['area']})"
    if nl:
        return f"{where} werkt tijdens {event} in {weeks_text(v.weeks)}"
    return f"{where} works during {event} in {weeks_text(v.weeks)}"


def _m_breekverbod(v: Violation, nl: bool) -> str:
    d = v.detail
    resurfacer, digger = v.items
    dig = weeks.format_range(d["dig_start"], d["dig_finish"])
    surface = weeks.format_range(d["resurface_start"], d["resurface_finish"])
    first = weeks.format_week(d["resurface_start"])
    rest = weeks.format_week(d["rest_until"])
    street = f"{d['street']} ({d['wijk']})"
    if nl:
        return (
            f"{digger} graaft in {street} in {dig}, maar {resurfacer} legt daar een nieuwe "
            f"verharding in {surface}: graven moet vóór {first} klaar zijn of vanaf {rest} "
            f"beginnen (breekverbod {d['years']} jaar)"
        )
    return (
        f"{digger} digs in {street} in {dig}, but {resurfacer} resurfaces it in {surface}: "
        f"digging must finish before {first} or start in {rest} or later "
        f"(breekverbod {d['years']} years)"
    )


def _m_max_concurrent(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    kinds = ", ".join(d["kinds"])
    span = weeks_text(v.weeks)
    who = _all_items(v, lang)
    if nl:
        return (
            f"in {d['area']} lopen in {span} {d['count']} werken ({kinds}) tegelijk: "
            f"{who}; het maximum is {d['limit']}"
        )
    return (
        f"in {d['area']}, {d['count']} works ({kinds}) run at once in {span}: "
        f"{who}; the limit is {d['limit']}"
    )


def _m_bundle(v: Violation, lang: str, nl: bool) -> str:
    d = v.detail
    span = weeks.format_range(d["first"], d["last"])
    who = _all_items(v, lang)
    if nl:
        return (
            f"werk met werk {d['name']}: {who} beslaan samen {span}, "
            f"{weeks_count(d['span'], lang)}; hoogstens {weeks_count(d['max_span'], lang)}"
        )
    return (
        f"werk met werk {d['name']}: {who} together span {span}, "
        f"{weeks_count(d['span'], lang)}; at most {weeks_count(d['max_span'], lang)}"
    )


def violation_text(v: Violation, lang: str = "nl") -> str:
    """A plain sentence naming the works, weeks (YYYY-Www) and amounts: one branch per
    kind the checker reports, none left out (English for any language but Dutch)."""
    nl = lang == "nl"
    rule = v.rule
    match rule:
        case Rule.UNKNOWN_ITEM:
            return _m_unknown_item(v, nl)
        case Rule.MISSING_ITEM:
            return _m_missing_item(v, nl)
        case Rule.MANDATORY:
            return _m_mandatory(v, nl)
        case Rule.HORIZON:
            return _m_horizon(v, nl)
        case Rule.WINDOW:
            return _m_window(v, nl)
        case Rule.PINNED:
            return _m_pinned(v, nl)
        case Rule.MAX_SHIFT:
            return _m_max_shift(v, lang, nl)
        case Rule.AFTER:
            return _m_after(v, lang, nl)
        case Rule.CAPACITY:
            return _m_capacity(v, lang, nl)
        case Rule.BUDGET:
            return _m_budget(v, lang, nl)
        case Rule.BREEDING_SEASON:
            return _m_breeding_season(v, nl)
        case Rule.EVENT:
            return _m_event(v, nl)
        case Rule.BREEKVERBOD:
            return _m_breekverbod(v, nl)
        case Rule.MAX_CONCURRENT:
            return _m_max_concurrent(v, lang, nl)
        case Rule.BUNDLE:
            return _m_bundle(v, lang, nl)
        case Rule.SCHOOL_HOLIDAYS:
            return _m_school_holidays(v, nl)
        case _:
            assert_never(rule)


def _m_school_holidays(v: Violation, nl: bool) -> str:
    d = v.detail
    if nl:
        return (f"{v.items[0]} ({d['kind']}) moet in de schoolvakantie (regio {d['region']}) "
                f"maar werkt ook in {weeks_text(v.weeks)}")
    return (f"{v.items[0]} ({d['kind']}) must lie in the school holidays (region "
            f"{d['region']}) but also works in {weeks_text(v.weeks)}")
