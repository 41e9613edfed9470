"""plooi bewoners: the resident letter for one buurt or street, or a folder with one per buurt.

The plan is solved, checked and explained by :func:`scheduler.workflow.solve_scenario`
(so the dates and the reasons for every change are those ``plooi solve`` finds).
Every letter is built in memory first and the files are then written together,
so a failure leaves no half-written folder behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from scheduler.errors import OutputError
from scheduler.io.atomic import check_writable, write_many

if TYPE_CHECKING:
    from scheduler.letters.content import Letter

FORMATS = ("html", "pdf", "md")
SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}


def register(app: typer.Typer) -> None:
    app.command()(bewoners)


def bewoners(
    scenario: Annotated[Path, typer.Argument(help="Scenario with the programme and requests.")],
    output: Annotated[Path, typer.Option("--output", "-o", help=(
        "File to write (with --buurt or --street), else a folder for one letter each."))],
    buurt: Annotated[str | None, typer.Option("--buurt", help="One buurt (CBS code).")] = None,
    street: Annotated[str | None, typer.Option("--street", help="One street.")] = None,
    per: Annotated[str, typer.Option("--per", help=(
        "Without a filter: one letter per buurt or per street."))] = "buurt",
    fmt: Annotated[str | None, typer.Option("--format", help=(
        "html, pdf or md (default: from the -o suffix, else html)."))] = None,
    lang: Lang = "nl",
    areas: Areas = None,
    areas_key: AreasKey = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
) -> int:
    """Write the resident letter (bewonersbrief) in plain language: what, when, why."""
    from scheduler.io.load import load_scenario
    from scheduler.letters.batch import LetterError, letters
    from scheduler.workflow import scenario_name, solve_scenario

    check_lang(lang)
    if buurt is not None and street is not None:
        raise click_errors.UsageError("give --buurt or --street, not both")
    if per not in ("buurt", "street"):
        raise click_errors.BadParameter(f"expected buurt or street, got '{per}'",
                                        param_hint="--per")
    single = buurt is not None or street is not None
    chosen = _format(fmt, output if single else None)
    if single:
        check_writable(output)
    else:
        _check_folder(output)
    loaded = load_scenario(scenario, lang=lang)
    geometry = load_geometry(loaded, scenario, areas, areas_key, lang)
    outcome = solve_scenario(loaded, scenario_name(loaded, scenario), time_limit=time_limit,
                             seed=seed, workers=workers)
    plan = outcome.result.plan
    err = console(stderr=True)
    if plan is None:
        err.print("plooi: geen plan gevonden; er is geen brief geschreven" if lang == "nl"
                  else "plooi: no plan found; no letter was written", markup=False)
        return EXIT_INFEASIBLE
    try:
        written = letters(loaded, plan, outcome.explanation, geometry=geometry, buurt=buurt,
                          street=street, per="street" if per == "street" else "buurt",
                          lang=lang)
    except LetterError as error:
        err.print(f"plooi: {error.texts[lang]}", markup=False)
        return EXIT_BAD_INPUT
    files: dict[str | Path, bytes] = {}
    for letter in written:
        target = output if single else output / f"{letter.stem}.{chosen}"
        files[target] = _render(letter, chosen)
    if not single:
        output.mkdir(exist_ok=True)
    write_many(files)
    nl = lang == "nl"
    what = (f"{len(files)} {'brief' if len(files) == 1 else 'brieven'} geschreven" if nl
            else f"{len(files)} letter{'' if len(files) == 1 else 's'} written")
    console().print(Text(f"{what}: {output} ({chosen})"))
    return 0


def _format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        return SUFFIXES.get(output.suffix.lower(), "html") if output is not None else "html"
    if fmt not in FORMATS:
        raise click_errors.BadParameter(f"expected one of {', '.join(FORMATS)}, got '{fmt}'",
                                        param_hint="--format")
    return fmt


def _check_folder(folder: Path) -> None:
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(str(folder), "output_dir_missing", folder=str(parent))
    if folder.exists() and not folder.is_dir():
        raise OutputError(str(folder), "output_is_file")


def _render(letter: Letter, fmt: str) -> bytes:
    from scheduler.letters.render import render_html, render_markdown, render_pdf

    if fmt == "pdf":
        return render_pdf(letter)
    if fmt == "md":
        return render_markdown(letter).encode("utf-8")
    return render_html(letter).encode("utf-8")
