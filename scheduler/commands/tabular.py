"""plooi template and plooi convert: scenarios as spreadsheets and back."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from scheduler.commands.common import EXIT_OK, Lang, check_lang, console, demo_path


def register(app: typer.Typer) -> None:
    app.command()(template)
    app.command()(convert)


def template(
    path: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    demo: Annotated[bool, typer.Option("--demo", help="Fill it with the demo scenario.")] = False,
    lang: Lang = "nl",
) -> int:
    """Write an empty (or demo-filled) workbook with notes and drop-down lists."""
    from scheduler.io.load import load_scenario
    from scheduler.io.write_tabular import template as write_template

    code: Literal["nl", "en"] = "en" if check_lang(lang) == "en" else "nl"
    scenario = load_scenario(demo_path(), lang=lang) if demo else None
    written = write_template(path, demo_scenario=scenario, lang=code)
    console().print(f"{written}", markup=False)
    return EXIT_OK


class CsvDialectName(StrEnum):
    """The CSV forms `convert` writes (see scheduler.io.csv_folder.DIALECTS)."""

    EXCEL_NL = "excel-nl"
    STANDARD = "standard"


def convert(
    source: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    target: Annotated[Path, typer.Argument(help="Output: .yaml, .xlsx or a folder.")],
    lang: Lang = "nl",
    csv_dialect: Annotated[
        CsvDialectName,
        typer.Option(
            "--csv-dialect",
            help="CSV folder output: excel-nl (';', UTF-8 with BOM, decimal comma: what "
            "Dutch Excel opens) or standard (',', UTF-8, decimal point).",
        ),
    ] = CsvDialectName.EXCEL_NL,
) -> int:
    """Convert a scenario between YAML, an xlsx workbook and a folder of CSV files."""
    from scheduler.io.convert import convert as convert_scenario
    from scheduler.io.csv_folder import DIALECTS

    code: Literal["nl", "en"] = "en" if check_lang(lang) == "en" else "nl"
    scenario = convert_scenario(source, target, lang=code, dialect=DIALECTS[csv_dialect.value])
    nl = lang == "nl"
    console().print(
        f"{target}: {len(scenario.works)} {'werken' if nl else 'works'}, "
        f"{len(scenario.requests)} {'verzoeken' if nl else 'requests'}",
        markup=False,
    )
    return EXIT_OK
