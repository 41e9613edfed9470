"""plooi impact: what one request displaces, its alternatives, and the levers that make room.

Exit codes: 0 the request can be placed (with or without displacement), 1 it
cannot be placed (or the scenario is infeasible even without it), 2 bad input
or an output that cannot be written, 3 no plan within the time limit, 130
interrupted before any answer.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

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
    from scheduler.impact import ImpactError, analyse
    from scheduler.io.impact_json import impact_document
    from scheduler.io.load import load_scenario
    from scheduler.io.request_file import add_request_file
    from scheduler.io.result_json import dumps
    from scheduler.report.impact_text import print_impact
    from scheduler.report.justification import render_justification
    from scheduler.solver import StopToken
    from scheduler.text.impact import error_text
    from scheduler.workflow import scenario_name

    _check_arguments(request, add, json_out, justification, lang)
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
        err.print(f"plooi: {error_text(error, lang)}", markup=False)
        return EXIT_BAD_INPUT
    seconds = time.monotonic() - began
    if json_out is not None:
        write_text(json_out, dumps(impact_document(result, lang)))
    if justification is not None:
        kind = "html" if justification.suffix.lower() == ".html" else "md"
        write_text(justification, render_justification(result, lang, kind, geometry))
    if not quiet:
        print_impact(console(), result, lang, seconds)
    return _exit_code(result.status, stop.stopped)


def _check_arguments(
    request: str | None, add: Path | None, json_out: Path | None,
    justification: Path | None, lang: str,
) -> None:
    """Every argument checked before anything is loaded or solved (exit 2)."""
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


def _exit_code(status: str, stopped: bool) -> int:
    from scheduler.impact.result import ImpactStatus

    if status in (ImpactStatus.FITS, ImpactStatus.DISPLACES):
        return EXIT_OK
    if status in (ImpactStatus.CANNOT_BE_PLACED, ImpactStatus.INFEASIBLE_WITHOUT_REQUEST):
        return EXIT_INFEASIBLE
    return EXIT_INTERRUPTED if stopped else EXIT_NO_PLAN
