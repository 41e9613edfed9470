"""plooi export: the plan as GeoJSON (GIS), iCalendar (calendars) or CSV.

The input is a scenario (solved here through the same workflow as ``plooi
solve``) or a result JSON from ``plooi solve --json`` together with its
scenario (``--scenario``), whose plan is read back, checked and explained
without solving again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from scheduler.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    Lang,
    Seed,
    TimeLimit,
    Workers,
    check_lang,
    click_errors,
    console,
)
from scheduler.commands.geo_options import Areas, AreasKey, load_geometry
from scheduler.explain import Explanation
from scheduler.io.atomic import check_writable, write_bytes

FORMATS = ("geojson", "ics", "csv")
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".ics": "ics", ".csv": "csv"}


def register(app: typer.Typer) -> None:
    app.command(name="export")(export)


def export(
    source: Annotated[Path, typer.Argument(help="Scenario, or a result JSON (with --scenario).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str | None, typer.Option("--format", help=(
        "geojson, ics or csv (default: from the -o suffix)."))] = None,
    scenario_path: Annotated[Path | None, typer.Option("--scenario", help=(
        "The scenario a result JSON belongs to."))] = None,
    lang: Lang = "nl",
    areas: Areas = None,
    areas_key: AreasKey = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
) -> int:
    """Export works and requests with their weeks, dates, shift and cause."""
    from scheduler.check import check
    from scheduler.explain import explain
    from scheduler.export.records import records
    from scheduler.io.load import load_scenario
    from scheduler.io.result_read import plan_from_result
    from scheduler.text.violations import violation_text
    from scheduler.workflow import scenario_name, solve_scenario

    check_lang(lang)
    chosen = _format(fmt, output)
    check_writable(output, [source] + ([scenario_path] if scenario_path else []))
    err = console(stderr=True)
    nl = lang == "nl"
    if source.suffix.lower() == ".json":
        if scenario_path is None:
            raise click_errors.UsageError("a result JSON needs its scenario: give --scenario")
        scenario = load_scenario(scenario_path, lang=lang)
        geometry = load_geometry(scenario, scenario_path, areas, areas_key, lang)
        plan = plan_from_result(scenario, source)
        broken = check(scenario, plan)
        if broken:
            for violation in broken[:10]:
                err.print(f"plooi: {violation_text(violation, lang)}", markup=False)
            return EXIT_BAD_INPUT
        explanation: Explanation | None = explain(scenario, plan)
        title = scenario_name(scenario, scenario_path)
    else:
        scenario = load_scenario(source, lang=lang)
        geometry = load_geometry(scenario, source, areas, areas_key, lang)
        title = scenario_name(scenario, source)
        outcome = solve_scenario(scenario, title, time_limit=time_limit, seed=seed,
                                 workers=workers)
        if outcome.result.plan is None:
            err.print("plooi: geen plan gevonden; er is niets geschreven" if nl
                      else "plooi: no plan found; nothing was written", markup=False)
            return EXIT_INFEASIBLE
        plan, explanation = outcome.result.plan, outcome.explanation
    rows = records(scenario, plan, explanation, lang)
    if chosen == "geojson":
        from scheduler.export.geojson import geojson_text

        data = geojson_text(rows, geometry, title).encode("utf-8")
    elif chosen == "ics":
        from scheduler.export.ics import calendar_bytes

        data = calendar_bytes(scenario, plan, rows, title, lang)
    else:
        from scheduler.export.csv_export import csv_bytes

        data = csv_bytes(rows)
    write_bytes(output, data)
    console().print(Text(f"{'Geschreven' if nl else 'Written'}: {output} ({chosen}, "
                         f"{len(rows)} {'werken en verzoeken' if nl else 'works and requests'})"))
    return 0


def _format(fmt: str | None, output: Path) -> str:
    if fmt is None:
        found = SUFFIXES.get(output.suffix.lower())
        if found is None:
            raise click_errors.BadParameter(
                f"give --format ({', '.join(FORMATS)}) or an -o ending in .geojson, .ics or .csv",
                param_hint="--format")
        return found
    if fmt not in FORMATS:
        raise click_errors.BadParameter(f"expected one of {', '.join(FORMATS)}, got '{fmt}'",
                                        param_hint="--format")
    return fmt
