"""plooi sweep: one solve per combination of what-if changes, in a table.

Exit codes: 0 every combination ran, 1 some failed, 2 bad input or an output
that cannot be written, 130 interrupted (the finished rows are written, marked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from scheduler.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Lang,
    Seed,
    TimeLimit,
    check_lang,
    console,
)
from scheduler.commands.runs import Dask, DaskFile, RunWorkers, where_from
from scheduler.io.atomic import check_writable, write_bytes, write_text
from scheduler.io.load import load_scenario

if TYPE_CHECKING:
    from scheduler.scenario import Scenario
    from scheduler.sweep.run import Sweep
    from scheduler.sweep.variants import Axes


def register(app: typer.Typer) -> None:
    app.command()(sweep)


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    vary: Annotated[
        list[str] | None,
        typer.Option("--vary", help="KEY=VALUES, e.g. budget:groen:2028=+0,+100000 (repeatable)."),
    ] = None,
    sweep_file: Annotated[
        Path | None, typer.Option("--sweep-file", help="YAML: vary: {KEY: [VALUES]}.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Request: name the cheapest combination placing it "
                     "without displacement."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write plooi-sweep/1 here.")
    ] = None,
    xlsx_out: Annotated[Path | None, typer.Option("--xlsx", help="Write the table here.")] = None,
    workers: RunWorkers = 1,
    dask: Dask = None,
    dask_file: DaskFile = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    lang: Lang = "nl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
) -> int:
    """Solve every combination of the changes; requests placed, displacement, proof."""
    from scheduler.io.write_yaml import scenario_yaml
    from scheduler.sweep.run import run_sweep
    from scheduler.sweep.variants import combinations
    from scheduler.workflow import scenario_name

    check_lang(lang)
    where = where_from(workers, dask, dask_file)
    for out in (json_out, xlsx_out):
        if out is not None:
            check_writable(out, [scenario])
    loaded = load_scenario(scenario, lang=lang)
    err = console(stderr=True)
    axes = _read_axes(loaded, vary, sweep_file, target, lang, err)
    if axes is None:
        return EXIT_BAD_INPUT
    variants = combinations(axes)
    result = run_sweep(
        scenario_yaml(loaded), scenario_name(loaded, scenario), variants, where,
        time_limit, seed, on_done=None if quiet else _progress(err, len(variants)),
    )
    _write_outputs(result, json_out, xlsx_out, lang)
    return _report(result, lang, target, quiet, err)


def _read_axes(
    loaded: Scenario, vary: list[str] | None, sweep_file: Path | None, target: str | None,
    lang: str, err: Console,
) -> Axes | None:
    """The varied keys and their values, checked against the scenario; None (said) if bad."""
    from scheduler.sweep.variants import SweepError, check_axes, parse_vary, read_sweep_file

    try:
        axes = parse_vary(list(vary or []))
        if sweep_file is not None:
            axes += read_sweep_file(sweep_file)
        check_axes(loaded, axes)
        if target is not None and target not in {r.id for r in loaded.requests}:
            raise SweepError("target", name=target)
    except SweepError as error:
        err.print(f"plooi: {error.render(lang)}", markup=False)
        return None
    return axes


def _progress(err: Console, total: int) -> Callable[[int, dict[str, Any]], None]:
    """A line on stderr per finished combination."""
    done = [0]

    def progress(index: int, result: dict[str, Any]) -> None:
        done[0] += 1
        row = result["row"]
        err.print(f"{done[0]}/{total}: {_variant_text(row['variant'])}: {row['status']}",
                  markup=False)

    return progress


def _write_outputs(result: Sweep, json_out: Path | None, xlsx_out: Path | None, lang: str) -> None:
    if json_out is not None:
        from scheduler.io.result_json import dumps

        write_text(json_out, dumps(result.document()))
    if xlsx_out is not None:
        write_bytes(xlsx_out, sweep_workbook(result.rows, lang))


def _report(result: Sweep, lang: str, target: str | None, quiet: bool, err: Console) -> int:
    """The table (unless quiet), the failed combinations, and the exit code."""
    from scheduler.sweep.run import cheapest_for

    best = cheapest_for(result, target) if target is not None else None
    if not quiet:
        print_sweep(console(), result.rows, lang, target, best, result.outcome.partial)
    for index, message in sorted(result.outcome.errors.items()):
        err.print(f"plooi: {'combinatie' if lang == 'nl' else 'combination'} {index + 1}: "
                  f"{message}", markup=False)
    if result.outcome.partial:
        return EXIT_INTERRUPTED
    return EXIT_INFEASIBLE if result.outcome.errors else EXIT_OK


def _headers(rows: list[dict[str, Any]], lang: str) -> list[str]:
    """One column per varied key, then the figures of the solve."""
    keys = list(rows[0]["variant"]) if rows else []
    if lang == "nl":
        return [*keys, "status", "verzoeken ingepland", "verschuivingskosten",
                "werken verschoven", "bewijs"]
    return [*keys, "status", "requests placed", "displacement cost", "works moved", "proof"]


def _proof(row: dict[str, Any], lang: str) -> str:
    if row["status"] == "optimal":
        return "bewezen optimaal" if lang == "nl" else "proven optimal"
    if row["gap"] is not None:
        return f"gap {row['gap']:.1%}"
    return ""


def _variant_text(variant: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in variant.items())


def _cells(row: dict[str, Any], lang: str) -> list[Any]:
    return [*row["variant"].values(), row["status"], row["requests_placed"],
            row["displacement_cost"], row["works_moved"], _proof(row, lang)]


def print_sweep(out: Console, rows: list[dict[str, Any]], lang: str, target: str | None,
                best: int | None, partial: bool) -> None:
    nl = lang == "nl"
    table = Table(title="Wat-als-reeks" if nl else "What-if sweep")
    for header in _headers(rows, lang):
        table.add_column(header.replace("[", "\\["))
    for row in rows:
        table.add_row(*("" if v is None else str(v).replace("[", "\\[") for v in _cells(row, lang)))
    out.print(table)
    if partial:
        out.print("Onderbroken: alleen de afgemaakte rijen." if nl else
                  "Interrupted: finished rows only.")
    if target is not None:
        if best is None:
            out.print(f"{target}: " + ("geen combinatie plaatst het zonder verschuiving" if nl
                                       else "no combination places it without displacement"),
                      markup=False)
        else:
            text = _variant_text(rows[best]["variant"])
            out.print(f"{target}: " + ("goedkoopste combinatie zonder verschuiving: " if nl
                                       else "cheapest combination without displacement: ")
                      + text, markup=False)


def sweep_workbook(rows: list[dict[str, Any]], lang: str) -> bytes:
    """The table as xlsx; every text cell is kept text (never a formula)."""
    import io

    from openpyxl import Workbook

    from scheduler.report.excel import _sheet

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    _sheet(book, "Sweep", _headers(rows, lang), [_cells(row, lang) for row in rows])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
