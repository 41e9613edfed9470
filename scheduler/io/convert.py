"""Convert a scenario between its three forms: YAML, .xlsx workbook and a folder of CSV files.

The input is read and validated like any scenario (so a broken input writes
nothing), then written in the form the output path names: ``.yaml``/``.yml``,
``.xlsx``, or a folder (an existing folder, or a path without a suffix).
The conversion is lossless: reading the output gives a scenario equal to the
input, so it also gives the same plan. A CSV folder is written in a
:class:`~scheduler.io.csv_folder.CsvDialect` (Dutch Excel's by default).
"""

from __future__ import annotations

from pathlib import Path

from scheduler.errors import OutputError
from scheduler.io.csv_folder import EXCEL_NL, CsvDialect
from scheduler.io.load import WORKBOOK_SUFFIXES, YAML_SUFFIXES, load_scenario
from scheduler.io.tabular import Lang
from scheduler.io.write_tabular import write_csv_folder, write_workbook
from scheduler.io.write_yaml import write_yaml
from scheduler.scenario import Scenario


def output_form(path: str | Path) -> str:
    """``yaml``, ``xlsx`` or ``csv`` (a folder), as the output path names it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in WORKBOOK_SUFFIXES:
        return "xlsx"
    if path.is_dir() or not suffix:
        return "csv"
    raise OutputError(str(path), "output_format", suffix=path.suffix)


def write_scenario(
    scenario: Scenario, path: str | Path, lang: Lang = "nl", dialect: CsvDialect = EXCEL_NL
) -> Path:
    """Write a scenario in the form its path names (see :func:`output_form`)."""
    form = output_form(path)
    if form == "yaml":
        return write_yaml(scenario, path)
    if form == "xlsx":
        return write_workbook(scenario, path, lang)
    return write_csv_folder(scenario, path, lang, dialect)


def convert(
    in_path: str | Path,
    out_path: str | Path,
    lang: Lang = "nl",
    dialect: CsvDialect = EXCEL_NL,
) -> Scenario:
    """Read ``in_path`` (any form), write it to ``out_path`` (any form); return the scenario.

    ``lang`` picks the sheet and column names of a workbook or CSV output,
    ``dialect`` the form of a CSV output (ignored for the others).
    Raises ScenarioError (input; nothing written) or OutputError (output).
    """
    output_form(out_path)  # an unknown output type fails before any reading
    if Path(in_path).resolve() == Path(out_path).resolve():
        raise OutputError(str(out_path), "output_same_as_input")
    scenario = load_scenario(in_path)
    write_scenario(scenario, out_path, lang, dialect)
    return scenario
