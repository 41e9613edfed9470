"""Why a work moved, in words (nl default, en): the explainer's causes and chains.

:func:`scheduler.explain.explain` returns :class:`~scheduler.explain.Cause` data;
the terminal, the briefing, the onderbouwing, the export and the result JSON
take their sentence fragments from :func:`cause_text`, one function per kind of
cause, with an exhaustive ``match`` so mypy names a kind that has no words.
"""

from __future__ import annotations

from typing import assert_never

from scheduler import weeks
from scheduler.explain import Cause
from scheduler.rules import Rule
from scheduler.text.money import money
from scheduler.text.numbers import lag_tail, listing, weeks_count

__all__ = ["cause_text", "chain_text"]


def cause_text(cause: Cause, lang: str = "nl") -> str:
    """The cause as one plain sentence fragment: one branch per kind of cause."""
    nl = lang == "nl"
    rule = cause.rule
    match rule:
        case Rule.CAPACITY:
            return _capacity(cause, lang, nl)
        case Rule.EVENT:
            return _event(cause, nl)
        case Rule.BREEDING_SEASON:
            return _breeding_season(cause, nl)
        case Rule.AFTER:
            return _after(cause, lang, nl)
        case Rule.BEFORE:
            return _before(cause, lang, nl)
        case Rule.BUDGET:
            return _budget(cause, lang, nl)
        case Rule.MAX_CONCURRENT:
            return _max_concurrent(cause, lang, nl)
        case Rule.BREEKVERBOD:
            return _breekverbod(cause, lang, nl)
        case Rule.SCHOOL_HOLIDAYS:
            return _school_holidays(cause, nl)
        case Rule.BUNDLE:
            return _bundle(cause, lang, nl)
        case Rule.WINDOW:
            return _window(cause, nl)
        case Rule.NONE:
            return _none(cause, nl)
        case _:
            assert_never(rule)


def chain_text(chain: tuple[str, ...]) -> str:
    """A displacement chain as ``R-1 -> W-7 -> W-9``."""
    return " -> ".join(chain)


def _who(cause: Cause, lang: str) -> str:
    """The blockers, at most four named."""
    return listing(list(cause.blockers), lang, limit=4)


def _span(cause: Cause) -> str:
    if cause.first is None or cause.last is None:
        return ""
    return weeks.format_range(cause.first, cause.last)


def _capacity(cause: Cause, lang: str, nl: bool) -> str:
    resource, span, who = cause.detail["resource"], _span(cause), _who(cause, lang)
    if nl:
        return f"capaciteit van {resource} in {span} is bezet door {who}"
    return f"capacity of {resource} in {span} is taken by {who}"


def _event(cause: Cause, nl: bool) -> str:
    d = cause.detail
    if nl:
        return f"{d['event']} sluit {d['area']} af in {_span(cause)}"
    return f"{d['event']} blocks {d['area']} in {_span(cause)}"


def _breeding_season(cause: Cause, nl: bool) -> str:
    kind = cause.detail["kind"]
    if nl:
        return f"broedseizoen: geen {kind}-werk in {_span(cause)}"
    return f"breeding season: no {kind} work in {_span(cause)}"


def _after(cause: Cause, lang: str, nl: bool) -> str:
    tail = lag_tail(cause.detail.get("lag", 0), lang)
    if nl:
        return f"moet na {_who(cause, lang)} komen (klaar in {_span(cause)}{tail})"
    return f"must follow {_who(cause, lang)} (finishes {_span(cause)}{tail})"


def _before(cause: Cause, lang: str, nl: bool) -> str:
    if nl:
        return f"moet klaar zijn voor {_who(cause, lang)} begint in {_span(cause)}"
    return f"must finish before {_who(cause, lang)} starts in {_span(cause)}"


def _budget(cause: Cause, lang: str, nl: bool) -> str:
    d = cause.detail
    limit = money(d["limit"], lang)
    if nl:
        return f"budget {d['line']} {d['year']} ({limit}) is al besteed aan {_who(cause, lang)}"
    return f"budget {d['line']} {d['year']} ({limit}) is spent on {_who(cause, lang)}"


def _max_concurrent(cause: Cause, lang: str, nl: bool) -> str:
    d, span, who = cause.detail, _span(cause), _who(cause, lang)
    if nl:
        return f"hinder: in {d['area']} lopen in {span} al {d['limit']} werken ({who})"
    return f"hinder: {d['area']} already has {d['limit']} works in {span} ({who})"


def _breekverbod(cause: Cause, lang: str, nl: bool) -> str:
    d = cause.detail
    if nl:
        return f"breekverbod {d['street']} ({d['years']} jaar) door {_who(cause, lang)}"
    return f"breekverbod in {d['street']} ({d['years']} years) with {_who(cause, lang)}"


def _school_holidays(cause: Cause, nl: bool) -> str:
    region, span = cause.detail["region"], _span(cause)
    if nl:
        return f"moet in de schoolvakantie (regio {region}); {span} valt erbuiten"
    return f"must lie in the school holidays (region {region}); {span} is outside"


def _bundle(cause: Cause, lang: str, nl: bool) -> str:
    d, who = cause.detail, _who(cause, lang)
    if nl:
        return (f"{d['work']} schuift mee met {who}: werk met werk {d['name']}, "
                f"hoogstens {weeks_count(d['max_span'], lang)}")
    return (f"{d['work']} moves with {who}: werk met werk {d['name']}, "
            f"at most {weeks_count(d['max_span'], lang)}")


def _window(cause: Cause, nl: bool) -> str:
    if nl:
        return f"de geplande weken vallen buiten het venster {_span(cause)}"
    return f"its planned weeks fall outside its window {_span(cause)}"


def _none(cause: Cause, nl: bool) -> str:
    """No rule binds: the move is free, or the plan is not proven optimal."""
    if cause.detail.get("free"):
        if nl:
            return "geen regel dwingt deze verschuiving af (de verschuiving kost niets)"
        return "no rule forces this move (the move costs nothing)"
    if nl:
        return "geen regel dwingt deze verschuiving af (plan niet bewezen optimaal)"
    return "no rule forces this move (plan not proven optimal)"
