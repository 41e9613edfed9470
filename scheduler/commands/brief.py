"""plooi brief (the council briefing) and plooi compare (scenarios side by side).

Both solve every scenario through :func:`scheduler.workflow.solve_scenario`, so
what they show is exactly what ``plooi solve`` would find and check. The
output path is checked before any solving, and written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from scheduler.commands.common import (
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_NO_PLAN,
    EXIT_OK,
    Lang,
    Seed,
    TimeLimit,
    Workers,
    check_lang,
    console,
)
from scheduler.commands.geo_options import Areas, AreasKey, load_geometry
from scheduler.io.atomic import check_writable, write_bytes
from scheduler.io.load import load_scenario
from scheduler.plan import SolveStatus
from scheduler.scenario import Scenario
from scheduler.workflow import SolveOutcome

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry
    from scheduler.geo.maps import Measure
    from scheduler.risk.brief import Uncertainty

FORMATS = ("html", "pdf", "md", "xlsx")
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md",
            ".xlsx": "xlsx"}


def register(app: typer.Typer) -> None:
    app.command()(brief)
    app.command()(compare)


def output_format(fmt: str | None, output: Path) -> str:
    """The format asked for, else the one the output's suffix names, else html."""
    if fmt is None:
        return SUFFIXES.get(output.suffix.lower(), "html")
    if fmt not in FORMATS:
        raise typer.BadParameter(
            f"expected one of {', '.join(FORMATS)}, got '{fmt}'", param_hint="--format")
    return fmt


def _solve_all(paths: list[Path], time_limit: float | None, seed: int | None,
               workers: int | None, lang: str,
               loaded: Scenario | None = None) -> list[SolveOutcome]:
    """Load every scenario first (so a typo in the last one fails fast), then solve each;
    ``loaded`` is the first one when the caller has read it already."""
    from scheduler.report.terminal import LiveProgress
    from scheduler.workflow import scenario_name, solve_scenario

    scenarios = [(path, loaded if index == 0 and loaded is not None
                  else load_scenario(path, lang=lang)) for index, path in enumerate(paths)]
    outcomes = []
    for path, scenario in scenarios:
        with LiveProgress(console(stderr=True), lang) as progress:
            outcomes.append(solve_scenario(
                scenario, scenario_name(scenario, path), time_limit=time_limit, seed=seed,
                workers=workers, progress=progress))
    return outcomes


def _exit_code(outcome: SolveOutcome) -> int:
    if outcome.status == SolveStatus.INFEASIBLE:
        return EXIT_INFEASIBLE
    if outcome.result.plan is None:
        return EXIT_INTERRUPTED if outcome.result.interrupted else EXIT_NO_PLAN
    return EXIT_OK


def render(fmt: str, outcomes: list[SolveOutcome], lang: str, group_by: str,
           risk_weeks: int, uncertainty: Uncertainty | None = None,
           geometry: AreaGeometry | None = None, map_by: Measure = "hinder") -> bytes:
    """The briefing about ``outcomes[0]`` (compared with the rest) in one format."""
    import dataclasses

    from scheduler.report.briefing import build_briefing
    from scheduler.report.briefing_risks import RiskSettings
    from scheduler.report.charts import GroupBy

    by: GroupBy = "kind" if group_by == "kind" else "wijk"
    briefing = build_briefing(outcomes, lang=lang, group_by=by,
                              settings=RiskSettings(window_weeks=risk_weeks),
                              geometry=geometry, map_measure=map_by)
    if uncertainty is not None:
        briefing = dataclasses.replace(briefing, uncertainty=uncertainty)
    if fmt == "pdf":
        from scheduler.report.pdf import render_pdf

        return render_pdf(briefing)
    if fmt == "md":
        from scheduler.report.markdown import render_markdown

        return render_markdown(briefing).encode("utf-8")
    if fmt == "xlsx":
        from scheduler.report.excel import render_xlsx

        return render_xlsx(briefing)
    from scheduler.report.html import render_html

    return render_html(briefing).encode("utf-8")


def _uncertainty(outcome: SolveOutcome, samples: int, lang: str) -> Uncertainty | None:
    """plooi risk on the briefing's plan (seed 0, in this process); None without a plan."""
    from scheduler.risk.brief import outcome_risk, uncertainty

    found = outcome_risk(outcome, samples, 0)
    return None if found is None else uncertainty(*found)


def brief(
    scenario: Annotated[Path, typer.Argument(help="Scenario the briefing is about.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    compare_with: Annotated[
        list[Path] | None,
        typer.Option("--compare", help="Another scenario to set beside it (repeatable)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="html, pdf, md or xlsx (default: from the -o suffix)."),
    ] = None,
    lang: Lang = "nl",
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
    group_by: Annotated[
        str, typer.Option("--group-by", help="Group the Gantt chart by wijk or kind.")
    ] = "wijk",
    risk_weeks: Annotated[
        int, typer.Option("--risk-weeks", min=0, help="Slack (weeks) that counts as a risk.")
    ] = 4,
    risk: Annotated[
        bool, typer.Option("--risk", help="Add plooi risk's fan chart and table of finish weeks.")
    ] = False,
    risk_samples: Annotated[
        int, typer.Option("--risk-samples", min=1, max=100_000, help="Samples for --risk.")
    ] = 1000,
    areas: Areas = None,
    areas_key: AreasKey = None,
    map_by: Annotated[
        str, typer.Option("--map", help="Shade the map by hinder (work-weeks) or displaced.")
    ] = "hinder",
) -> int:
    """Write the council briefing (raadsinformatiebrief): HTML, PDF, Markdown or Excel."""
    check_lang(lang)
    chosen = output_format(fmt, output)
    if group_by not in ("wijk", "kind"):
        raise typer.BadParameter(f"expected wijk or kind, got '{group_by}'",
                                        param_hint="--group-by")
    if map_by not in ("hinder", "displaced"):
        raise typer.BadParameter(f"expected hinder or displaced, got '{map_by}'",
                                 param_hint="--map")
    check_writable(output)
    first = load_scenario(scenario, lang=lang)
    geometry = load_geometry(first, scenario, areas, areas_key, lang)
    outcomes = _solve_all([scenario, *(compare_with or [])], time_limit, seed, workers, lang,
                          first)
    spread = _uncertainty(outcomes[0], risk_samples, lang) if risk else None
    data = render(chosen, outcomes, lang, group_by, risk_weeks, spread, geometry,
                  "displaced" if map_by == "displaced" else "hinder")
    write_bytes(output, data)
    out = console()
    nl = lang == "nl"
    size = f"{len(data) / 1024:.0f} kB"
    out.print(Text(f"{'Briefing geschreven' if nl else 'Briefing written'}: {output} "
                   f"({chosen}, {size})"))
    return _exit_code(outcomes[0])


def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenarios.")],
    lang: Lang = "nl",
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Rows of differing works to show.")
    ] = 40,
) -> int:
    """Solve two or more scenarios and show their key figures side by side."""
    from scheduler.report.comparison import compare as compare_outcomes

    check_lang(lang)
    if len(scenarios) < 2:
        raise typer.BadParameter("give at least two scenarios", param_hint="SCENARIOS")
    outcomes = _solve_all(list(scenarios), time_limit, seed, workers, lang)
    comparison = compare_outcomes(outcomes, lang)
    nl = lang == "nl"
    out = console()
    table = Table(title="Scenario's naast elkaar" if nl else "Scenarios side by side")
    table.add_column("Kengetal" if nl else "Key figure")
    for name in comparison.names:
        table.add_column(Text(name), justify="right")
    for row in comparison.rows:
        cells = [Text(value, style="bold green" if index in row.best else "")
                 for index, value in enumerate(row.values)]
        table.add_row(Text(row.label, style="bold" if row.differs else ""), *cells)
    out.print(table)
    diffs = comparison.diffs
    heading = ("Werken en verzoeken waarvan de weken verschillen" if nl
               else "Works and requests whose weeks differ")
    if not diffs:
        out.print(Text(f"{heading}: {'geen' if nl else 'none'}"))
        return EXIT_OK
    table = Table(title=f"{heading} ({len(diffs)})")
    table.add_column("Id")
    table.add_column("Naam" if nl else "Name", overflow="fold")
    for name in comparison.names:
        table.add_column(Text(name))
    for diff in diffs[:limit]:
        table.add_row(Text(diff.id), Text(diff.name), *(Text(cell) for cell in diff.cells))
    out.print(table)
    if len(diffs) > limit:
        rest = len(diffs) - limit
        out.print(Text(f"… {rest} {'meer (zie --limit)' if nl else 'more (see --limit)'}"))
    return EXIT_OK
