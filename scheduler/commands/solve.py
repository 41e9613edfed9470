"""plooi validate, solve, demo, check and schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

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
    click_errors,
    command_started,
    console,
    demo_path,
    interruptible,
)
from scheduler.commands.geo_options import Areas, AreasKey, load_geometry
from scheduler.io.atomic import check_writable, write_text
from scheduler.io.load import load_scenario
from scheduler.io.result_json import dumps, outcome_document
from scheduler.plan import SolveStatus

JsonOut = Annotated[Path | None, typer.Option("--json", help="Write the result JSON here.")]


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(solve)
    app.command()(demo)
    app.command()(check)
    app.command()(schema)


def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    lang: Lang = "nl",
    areas: Areas = None,
    areas_key: AreasKey = None,
) -> int:
    """Check a scenario file (and its boundaries file) and report every problem at once."""
    check_lang(lang)
    from scheduler.check import check_baseline
    from scheduler.text.violations import violation_text

    loaded = load_scenario(scenario, lang=lang)
    geometry = load_geometry(loaded, scenario, areas, areas_key, lang)
    out = console()
    nl = lang == "nl"
    out.print(
        f"{scenario}: {'in orde' if nl else 'valid'} — {len(loaded.works)} "
        f"{'werken' if nl else 'works'}, {len(loaded.requests)} "
        f"{'verzoeken' if nl else 'requests'}, {len(loaded.resources)} "
        f"{'capaciteiten' if nl else 'resources'}, {len(loaded.budgets)} "
        f"{'budgetlijnen' if nl else 'budget lines'}"
    )
    if geometry is not None:
        out.print(f"{geometry.source}: {'in orde' if nl else 'valid'} — "
                  f"{len(geometry.buurten)} buurten, {len(geometry.wijken)} "
                  f"wijken ({geometry.crs})", markup=False)
    for violation in check_baseline(loaded):
        label = "huidig plan breekt een regel" if nl else "the current plan breaks a rule"
        out.print(f"{label}: {violation_text(violation, lang)}", markup=False)
    return EXIT_OK


def _solve_file(
    path: Path,
    json_out: Path | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    lang: str,
    quiet: bool,
) -> int:
    from scheduler.report.terminal import LiveProgress, print_summary
    from scheduler.workflow import scenario_name, solve_scenario

    check_lang(lang)
    if json_out is not None:
        check_writable(json_out, inputs=[path])
    scenario = load_scenario(path, lang=lang)
    out = console()
    with interruptible() as stop:
        with LiveProgress(console(stderr=True), lang) as progress:
            outcome = solve_scenario(
                scenario,
                scenario_name(scenario, path),
                time_limit=time_limit,
                seed=seed,
                workers=workers,
                progress=None if quiet else progress,
                stop=stop,
                started=command_started(),
            )
        if json_out is not None:
            write_text(json_out, dumps(outcome_document(outcome, lang)))
    if not quiet:
        print_summary(out, outcome, lang)
    if outcome.status == SolveStatus.INFEASIBLE:
        return EXIT_INFEASIBLE
    if outcome.result.plan is None:
        return EXIT_INTERRUPTED if outcome.result.interrupted else EXIT_NO_PLAN
    return EXIT_OK


def solve(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    json_out: JsonOut = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
    lang: Lang = "nl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
) -> int:
    """Solve a scenario: place the requests, displace the least, and say why."""
    return _solve_file(scenario, json_out, time_limit, seed, workers, lang, quiet)


def demo(
    json_out: JsonOut = None,
    time_limit: TimeLimit = None,
    lang: Lang = "nl",
) -> int:
    """Solve the embedded Eindhoven-like demo scenario (codes and amounts are illustrative)."""
    return _solve_file(demo_path(), json_out, time_limit, None, None, lang, False)


def check(
    scenario: Annotated[Path, typer.Argument(help="Scenario the plan belongs to.")],
    result: Annotated[Path, typer.Argument(help="A result JSON written by `plooi solve --json`.")],
    lang: Lang = "nl",
) -> int:
    """Check a result against the scenario's hard rules with the independent checker."""
    from scheduler.check import check as check_plan
    from scheduler.io.result_read import plan_from_result
    from scheduler.text.violations import violation_text

    check_lang(lang)
    loaded = load_scenario(scenario, lang=lang)
    plan = plan_from_result(loaded, result)
    violations = check_plan(loaded, plan)
    out = console()
    for violation in violations:
        out.print(violation_text(violation, lang), markup=False)
    if not violations:
        out.print("geen overtredingen" if lang == "nl" else "no violations")
        return EXIT_OK
    return EXIT_INFEASIBLE


def schema(
    which: Annotated[str, typer.Argument(help="scenario, result or risk")] = "scenario",
) -> int:
    """Print the JSON Schema of the scenario format, the result format or the risk format."""
    from scheduler.io.schemas import SCHEMAS

    if which not in SCHEMAS:
        raise click_errors.BadParameter(
            f"expected {', '.join(SCHEMAS)}, got '{which}'", param_hint="WHICH"
        )
    document = SCHEMAS[which]()
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK
