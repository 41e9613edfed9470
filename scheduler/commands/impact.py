"""plooi impact: what one request displaces, its alternatives, and the levers that make room.

Exit codes: 0 the request can be placed (with or without displacement), 1 it
cannot be placed (or the scenario is infeasible even without it), 2 bad input
or an output that cannot be written, 3 no plan within the time limit, 130
interrupted before any answer.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from scheduler.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_NO_PLAN,
    EXIT_OK,
    Lang,
    Seed,
    TimeLimit,
    Workers,
    check_lang,
    click_errors,
    console,
)
from scheduler.commands.geo_options import Areas, AreasKey, load_geometry
from scheduler.io.atomic import check_writable, write_text

if TYPE_CHECKING:
    from scheduler.impact import Impact

JUSTIFICATION_SUFFIXES = (".md", ".html")


def register(app: typer.Typer) -> None:
    app.command()(impact)


def impact(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    request: Annotated[
        str | None, typer.Option("--request", help="Id of a request in the scenario.")
    ] = None,
    add: Annotated[
        Path | None,
        typer.Option("--add", help="A new request: a YAML file with one request mapping."),
    ] = None,
    options: Annotated[
        int, typer.Option("--options", min=1, max=20, help="How many alternatives to show.")
    ] = 3,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the impact as JSON here.")
    ] = None,
    justification: Annotated[
        Path | None,
        typer.Option("--justification", help="Write the onderbouwing here (.md or .html)."),
    ] = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
    lang: Lang = "nl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
    areas: Areas = None,
    areas_key: AreasKey = None,
) -> int:
    """What a request displaces, the alternatives, and what would make room for it."""
    from scheduler.impact import ImpactError, add_request_file, analyse, impact_document
    from scheduler.io.load import load_scenario
    from scheduler.io.result_json import dumps
    from scheduler.report.justification import render_justification
    from scheduler.solver import StopToken
    from scheduler.workflow import scenario_name

    check_lang(lang)
    if (request is None) == (add is None):
        raise click_errors.UsageError(
            "geef precies een van --request ID en --add VERZOEK.yaml"
            if lang == "nl"
            else "give exactly one of --request ID and --add REQUEST.yaml"
        )
    if justification is not None and justification.suffix.lower() not in JUSTIFICATION_SUFFIXES:
        raise click_errors.BadParameter(
            f"expected a .md or .html file, got '{justification.name}'",
            param_hint="--justification",
        )
    for target in (json_out, justification):
        if target is not None:
            check_writable(target)
    loaded = load_scenario(scenario, lang=lang)
    source = "scenario"
    if add is not None:
        loaded, request_id = add_request_file(loaded, add)
        source = "added"
    else:
        assert request is not None
        request_id = request
    geometry = None
    if justification is not None and justification.suffix.lower() == ".html":
        geometry = load_geometry(loaded, scenario, areas, areas_key, lang)
    err = console(stderr=True)
    began = time.monotonic()
    stop = StopToken()
    try:
        result = analyse(
            loaded,
            request_id,
            name=scenario_name(loaded, scenario),
            source=source,
            options=options,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            stop=stop,
        )
    except ImpactError as error:
        err.print(f"plooi: {error.render(lang)}", markup=False)
        return EXIT_BAD_INPUT
    seconds = time.monotonic() - began
    if json_out is not None:
        write_text(json_out, dumps(impact_document(result, lang)))
    if justification is not None:
        kind = "html" if justification.suffix.lower() == ".html" else "md"
        write_text(justification, render_justification(result, lang, kind, geometry))
    if not quiet:
        print_impact(console(), result, lang, seconds)
    if result.status in ("fits", "displaces"):
        return EXIT_OK
    if result.status in ("cannot_be_placed", "infeasible_without_request"):
        return EXIT_INFEASIBLE
    return EXIT_INTERRUPTED if stop.stopped else EXIT_NO_PLAN


def _plain(text: object) -> str:
    """User text shown literally: rich markup in names must not be interpreted."""
    return str(text).replace("[", "\\[")


_STATUS = {
    "nl": {
        "fits": "past zonder iets te verschuiven",
        "displaces": "past, maar verschuift werk",
        "cannot_be_placed": "past niet",
        "infeasible_without_request": "scenario is zonder dit verzoek al onhaalbaar",
        "unknown": "geen antwoord binnen de tijdslimiet",
    },
    "en": {
        "fits": "fits without moving anything",
        "displaces": "fits, but displaces work",
        "cannot_be_placed": "cannot be placed",
        "infeasible_without_request": "the scenario is infeasible even without this request",
        "unknown": "no answer within the time limit",
    },
}


def print_impact(out: Console, result: Impact, lang: str, seconds: float) -> None:
    """The five answers, in the order the wijkambtenaar asks them."""
    from scheduler import weeks
    from scheduler.impact import (
        chain_rows,
        cheapest_text,
        conflict_texts,
        lever_text,
        recommendation,
        shifts_text,
    )

    nl = lang == "nl"
    request = result.request
    first, last = result.window
    out.print(f"[bold]{'Verzoek' if nl else 'Request'}:[/bold] {_plain(request.id)} — "
              f"{_plain(request.name)}")
    out.print(
        f"{'Venster' if nl else 'Window'}: {weeks.format_week(first)} .. "
        f"{weeks.format_week(last)} ({'deadline' if nl else 'deadline'}), "
        f"{'duur' if nl else 'duration'} {request.duration} "
        f"{('week' if nl else 'week') if request.duration == 1 else ('weken' if nl else 'weeks')}"
    )
    if request.reason:
        out.print(f"{'Reden' if nl else 'Reason'}: {_plain(request.reason)}")
    out.print(f"[bold]Status:[/bold] {_STATUS[lang][result.status]}   ({seconds:.1f} s)")

    title = "Vroegst zonder verschuiving" if nl else "Earliest without displacement"
    out.print(f"\n[bold]1. {title}[/bold]")
    if result.earliest is None:
        out.print("   " + ("geen week in de horizon" if nl else "no week in the horizon"))
    else:
        meets = result.earliest_meets_deadline
        verdict = (
            ("haalt de deadline" if meets else "haalt de deadline niet")
            if nl
            else ("meets the deadline" if meets else "misses the deadline")
        )
        out.print(f"   {weeks.format_week(result.earliest)} — {verdict}")

    best = result.best
    title = "Minste verschuiving binnen de deadline" if nl else (
        "Least displacement within the deadline")
    out.print(f"\n[bold]2. {title}[/bold]")
    if best is None:
        out.print("   " + ("geen plan" if nl else "no plan"))
    else:
        proven = "" if best.status == "optimal" else (
            " (niet bewezen optimaal)" if nl else " (not proven optimal)")
        out.print(
            f"   {_plain(request.id)} {'in' if nl else 'in'} {weeks.format_week(best.start)}; "
            f"{'kosten' if nl else 'cost'} {best.cost}{proven}"
        )
        if best.displaced:
            table = Table()
            for header in (("werk", "naam", "van", "naar", "schuif", "oorzaak") if nl
                           else ("work", "name", "from", "to", "shift", "cause")):
                table.add_column(header, overflow="fold")
            explanation = result.explanation
            for shift in best.displaced:
                causes = explanation.causes_of(shift.id) if explanation else ()
                table.add_row(
                    _plain(shift.id), _plain(shift.name), weeks.format_week(shift.before),
                    weeks.format_week(shift.after), f"{shift.shift:+d}",
                    _plain("; ".join(c.text(lang) for c in causes)),
                )
            out.print(table)
        for chain in chain_rows(result):
            out.print(f"   {'Keten' if nl else 'Chain'}: {_plain(chain)}")

    out.print(f"\n[bold]3. {'Alternatieven' if nl else 'Alternatives'}[/bold]")
    if not result.options:
        out.print("   " + ("geen" if nl else "none"))
    for option in result.options:
        out.print(
            f"   {option.rank}. {weeks.format_week(option.start)}  "
            f"{'kosten' if nl else 'cost'} {option.cost}  "
            f"{'verschuift' if nl else 'moves'}: {_plain(shifts_text(option, lang))}"
        )
    if result.pareto:
        points = ", ".join(
            f"{weeks.format_week(p.start)}: {p.cost}" for p in result.pareto
        )
        label = "Kosten per week van het verzoek" if nl else "Cost by the request's week"
        out.print(f"   {label}: {points}")

    title = "Hefbomen (niets verschuift)" if nl else "Levers (nothing displaced)"
    out.print(f"\n[bold]4. {title}[/bold]")
    found = result.found_levers
    for lever in [*found, *(lv for lv in result.levers if lv not in found)]:
        out.print(f"   - {_plain(lever_text(result, lever, lang))}")
    cheapest = cheapest_text(result, lang)
    if cheapest:
        out.print(f"   {_plain(cheapest)}")

    if result.conflict:
        out.print(f"\n[bold]5. {'Botsende regels' if nl else 'Clashing rules'}[/bold]")
        heading = (
            "laat er één los en het past" if nl else "lift any one and it fits"
        ) if result.conflict_minimal else (
            "niet bewezen minimaal binnen de tijd" if nl
            else "minimality not proven within the time limit"
        )
        out.print(f"   ({heading})")
        for text in conflict_texts(result, lang):
            out.print(f"   - {_plain(text)}")

    out.print(f"\n[bold]{'Advies' if nl else 'Recommendation'}:[/bold] "
              f"{_plain(recommendation(result, lang))}")
