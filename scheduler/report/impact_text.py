"""`plooi impact` on the terminal: the five answers, in the order the wijkambtenaar asks them.

Labels are in :data:`LABELS`; the sentences (levers, advice, conflict rules)
come from :mod:`scheduler.text.impact`, as in the onderbouwing and the JSON.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from scheduler import weeks
from scheduler.impact.result import Impact, Option
from scheduler.text.causes import cause_text
from scheduler.text.impact import (
    chain_rows,
    cheapest_text,
    conflict_texts,
    counted,
    lever_text,
    recommendation,
    shifts_text,
    status_text,
)

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "request": "Verzoek",
        "window": "Venster",
        "duration": "duur",
        "reason": "Reden",
        "earliest": "Vroegst zonder verschuiving",
        "no_week": "geen week in de horizon",
        "meets": "haalt de deadline",
        "misses": "haalt de deadline niet",
        "least": "Minste verschuiving binnen de deadline",
        "no_plan": "geen plan",
        "cost": "kosten",
        "not_proven": " (niet bewezen optimaal)",
        "columns": "werk|naam|van|naar|schuif|oorzaak",
        "chain": "Keten",
        "alternatives": "Alternatieven",
        "none": "geen",
        "moves": "verschuift",
        "pareto": "Kosten per week van het verzoek",
        "levers": "Hefbomen (niets verschuift)",
        "clashing": "Botsende regels",
        "minimal": "laat er één los en het past",
        "not_minimal": "niet bewezen minimaal binnen de tijd",
        "advice": "Advies",
    },
    "en": {
        "request": "Request",
        "window": "Window",
        "duration": "duration",
        "reason": "Reason",
        "earliest": "Earliest without displacement",
        "no_week": "no week in the horizon",
        "meets": "meets the deadline",
        "misses": "misses the deadline",
        "least": "Least displacement within the deadline",
        "no_plan": "no plan",
        "cost": "cost",
        "not_proven": " (not proven optimal)",
        "columns": "work|name|from|to|shift|cause",
        "chain": "Chain",
        "alternatives": "Alternatives",
        "none": "none",
        "moves": "moves",
        "pareto": "Cost by the request's week",
        "levers": "Levers (nothing displaced)",
        "clashing": "Clashing rules",
        "minimal": "lift any one and it fits",
        "not_minimal": "minimality not proven within the time limit",
        "advice": "Recommendation",
    },
}


def _plain(text: object) -> str:
    """User text shown literally: rich markup in names must not be interpreted."""
    return str(text).replace("[", "\\[")


def print_impact(out: Console, result: Impact, lang: str, seconds: float) -> None:
    """The five answers, in the order the wijkambtenaar asks them."""
    t = LABELS[lang]
    _print_request(out, result, lang, seconds)
    out.print(f"\n[bold]1. {t['earliest']}[/bold]")
    if result.earliest is None:
        out.print(f"   {t['no_week']}")
    else:
        verdict = t["meets"] if result.earliest_meets_deadline else t["misses"]
        out.print(f"   {weeks.format_week(result.earliest)} — {verdict}")
    _print_least(out, result, lang)
    _print_alternatives(out, result, lang)
    out.print(f"\n[bold]4. {t['levers']}[/bold]")
    found = result.found_levers
    for lever in [*found, *(lv for lv in result.levers if not lv.confirmed)]:
        out.print(f"   - {_plain(lever_text(result, lever, lang))}")
    cheapest = cheapest_text(result, lang)
    if cheapest:
        out.print(f"   {_plain(cheapest)}")
    clashing = conflict_texts(result, lang)
    if clashing:
        out.print(f"\n[bold]5. {t['clashing']}[/bold]")
        out.print(f"   ({t['minimal'] if result.conflict_minimal else t['not_minimal']})")
        for text in clashing:
            out.print(f"   - {_plain(text)}")
    out.print(f"\n[bold]{t['advice']}:[/bold] {_plain(recommendation(result, lang))}")


def _print_request(out: Console, result: Impact, lang: str, seconds: float) -> None:
    t = LABELS[lang]
    request = result.request
    first, last = result.window
    out.print(f"[bold]{t['request']}:[/bold] {_plain(request.id)} — {_plain(request.name)}")
    out.print(
        f"{t['window']}: {weeks.format_week(first)} .. {weeks.format_week(last)} (deadline), "
        f"{t['duration']} {counted(request.duration, 'week', lang)}"
    )
    if request.reason:
        out.print(f"{t['reason']}: {_plain(request.reason)}")
    out.print(f"[bold]Status:[/bold] {status_text(result.status, lang)}   ({seconds:.1f} s)")


def _print_least(out: Console, result: Impact, lang: str) -> None:
    t = LABELS[lang]
    best = result.best
    out.print(f"\n[bold]2. {t['least']}[/bold]")
    if best is None:
        out.print(f"   {t['no_plan']}")
        return
    proven = "" if best.status == "optimal" else t["not_proven"]
    out.print(
        f"   {_plain(result.request.id)} in {weeks.format_week(best.start)}; "
        f"{t['cost']} {best.cost}{proven}"
    )
    if best.displaced:
        out.print(_displaced_table(result, best, lang))
    for chain in chain_rows(result):
        out.print(f"   {t['chain']}: {_plain(chain)}")


def _displaced_table(result: Impact, best: Option, lang: str) -> Table:
    table = Table()
    for header in LABELS[lang]["columns"].split("|"):
        table.add_column(header, overflow="fold")
    explanation = result.explanation
    for shift in best.displaced:
        causes = explanation.causes_of(shift.id) if explanation else ()
        table.add_row(
            _plain(shift.id), _plain(shift.name), weeks.format_week(shift.before),
            weeks.format_week(shift.after), f"{shift.shift:+d}",
            _plain("; ".join(cause_text(c, lang) for c in causes)),
        )
    return table


def _print_alternatives(out: Console, result: Impact, lang: str) -> None:
    t = LABELS[lang]
    out.print(f"\n[bold]3. {t['alternatives']}[/bold]")
    if not result.options:
        out.print(f"   {t['none']}")
    for option in result.options:
        out.print(
            f"   {option.rank}. {weeks.format_week(option.start)}  {t['cost']} {option.cost}  "
            f"{t['moves']}: {_plain(shifts_text(option, lang))}"
        )
    if result.pareto:
        points = ", ".join(f"{weeks.format_week(p.start)}: {p.cost}" for p in result.pareto)
        out.print(f"   {t['pareto']}: {points}")
