"""plooi risk: how sure the plan's weeks are when durations and crews are uncertain.

Exit codes: 0 done, 1 the scenario has no plan (infeasible), 2 bad input or an
output that cannot be written, 3 no plan within the time limit, 130 interrupted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    TimeLimit,
    check_lang,
    console,
)
from scheduler.commands.runs import Dask, DaskFile, RunWorkers, where_from
from scheduler.io.atomic import check_writable, write_text
from scheduler.io.load import load_scenario
from scheduler.plan import SolveStatus


def register(app: typer.Typer) -> None:
    app.command()(risk)


def risk(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    result: Annotated[
        Path | None,
        typer.Argument(help="Plan to carry out: a result JSON (default: solve the scenario)."),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", min=1, max=1_000_000, help="Sampled executions.")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", min=0, max=2**63 - 1, help="Random seed.")] = 0,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the plooi-risk/1 JSON here.")
    ] = None,
    workers: RunWorkers = 1,
    dask: Dask = None,
    dask_file: DaskFile = None,
    time_limit: TimeLimit = None,
    lang: Lang = "nl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
) -> int:
    """P50/P80/P95 finish weeks, on-time chances, budget overruns and the critical works."""
    from scheduler.io.result_json import dumps
    from scheduler.io.result_read import plan_from_result
    from scheduler.io.write_yaml import scenario_yaml
    from scheduler.risk.document import risk_document
    from scheduler.risk.run import run_risk
    from scheduler.workflow import scenario_name, solve_scenario

    check_lang(lang)
    where = where_from(workers, dask, dask_file)
    if json_out is not None:
        check_writable(json_out, [scenario] + ([result] if result else []))
    loaded = load_scenario(scenario, lang=lang)
    err = console(stderr=True)
    if result is not None:
        from scheduler.check import check
        from scheduler.text.violations import violation_text

        plan = plan_from_result(loaded, result)
        broken = check(loaded, plan)
        if broken:
            err.print(_BROKEN[lang].format(path=result, count=len(broken),
                                           first=violation_text(broken[0], lang)), markup=False)
            return EXIT_BAD_INPUT
    else:
        outcome = solve_scenario(loaded, scenario_name(loaded, scenario), time_limit=time_limit)
        if outcome.result.plan is None:
            infeasible = outcome.status == SolveStatus.INFEASIBLE
            err.print(_NO_PLAN[lang][infeasible], markup=False)
            return EXIT_INFEASIBLE if infeasible else EXIT_NO_PLAN
        plan = outcome.result.plan
    run = run_risk(loaded, scenario_yaml(loaded), plan, samples, seed, where)
    if run.outcome.errors or run.samples == 0:
        for index, message in sorted(run.outcome.errors.items()):
            err.print(f"plooi: block {index} failed: {message}", markup=False)
        if run.samples == 0:
            return EXIT_INTERRUPTED if run.outcome.partial else EXIT_NO_PLAN
    document = risk_document(run)
    if json_out is not None:
        write_text(json_out, dumps(document))
    if not quiet:
        print_risk(console(), run, document, lang)
    return EXIT_INTERRUPTED if run.outcome.partial else EXIT_OK


_BROKEN = {
    "nl": "plooi: {path}: het plan breekt {count} harde regel(s) van het scenario, eerst: "
    "{first}; alleen een geldig plan kan worden uitgevoerd",
    "en": "plooi: {path}: the plan breaks {count} hard rule(s) of the scenario, first: "
    "{first}; only a valid plan can be carried out",
}
_NO_PLAN = {
    "nl": {True: "plooi: het scenario is onhaalbaar; er is geen plan om uit te voeren",
           False: "plooi: geen plan gevonden binnen de tijdslimiet"},
    "en": {True: "plooi: the scenario is infeasible; there is no plan to carry out",
           False: "plooi: no plan found within the time limit"},
}


def _plain(text: object) -> str:
    return str(text).replace("[", "\\[")


def print_risk(out: Console, run: object, document: dict[str, object], lang: str) -> None:
    """The table of finish weeks, then budgets at risk and the most critical works."""
    from scheduler.risk.document import expected_displacement
    from scheduler.risk.run import RiskRun

    assert isinstance(run, RiskRun)
    nl = lang == "nl"
    names = {item.id: item.name for item in run.scenario.items}
    table = Table(title=("Risico op uitloop" if nl else "Risk of overrun")
                  + f" ({run.samples} {'trekkingen' if nl else 'samples'}, seed {run.seed})")
    for header in ("id", "naam" if nl else "name", "gepland klaar" if nl else "planned finish",
                   "P50", "P80", "P95", "op tijd" if nl else "on time"):
        table.add_column(header)
    rows = document["items"]
    assert isinstance(rows, list)
    for row in rows:
        on_time = row.get("p_on_time")
        table.add_row(
            _plain(row["id"]), _plain(names.get(row["id"], "")), row["planned_finish"],
            row["p50"], row["p80"], row["p95"],
            "" if on_time is None else f"{on_time:.0%}",
        )
    out.print(table)
    budgets = [b for b in document["budgets"] if b["p_overrun"] > 0]  # type: ignore[attr-defined]
    if budgets:
        out.print("Kans op overschrijding:" if nl else "Chance of overrun:")
        for budget in budgets:
            out.print(f"  {_plain(budget['line'])} {budget['year']}: {budget['p_overrun']:.0%}")
    critical = document["critical"][:5]  # type: ignore[index]
    if critical:
        out.print("Vaakst kritiek:" if nl else "Most often critical:")
        for entry in critical:
            out.print(f"  {_plain(entry['id'])}: {entry['index']:.0%}")
    broken = run.totals.get("bundle_broken")
    if broken is not None and len(broken) and run.samples:
        out.print("Werk met werk niet gehaald:" if nl else "Werk met werk not kept:")
        for (members, _span), count in zip(run.model.bundles, broken, strict=True):
            ids = " + ".join(run.model.items[int(i)].id for i in members)
            out.print(f"  {_plain(ids)}: {count / run.samples:.0%}")
    cost = expected_displacement(run)
    out.print(
        f"{'Verwachte extra verschuiving' if nl else 'Expected extra displacement'}: {cost:,.1f}"
    )
