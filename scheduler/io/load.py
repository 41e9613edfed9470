"""One entry point for every scenario form: YAML file, xlsx workbook, folder of CSV files."""

from __future__ import annotations

from pathlib import Path

from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.csv_folder import load_csv_folder
from scheduler.io.validate import build_scenario
from scheduler.io.workbook import MACRO_SUFFIXES, load_workbook_scenario
from scheduler.io.yaml_source import load_yaml, read_text
from scheduler.scenario import Scenario

YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx",)


def load_scenario(path: str | Path, lang: str = "nl") -> Scenario:
    """Load and validate a scenario; raise ScenarioError with every problem found."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return load_yaml_scenario(path)
    if suffix in WORKBOOK_SUFFIXES or suffix in MACRO_SUFFIXES:
        return load_workbook_scenario(path)
    if path.is_dir():
        return load_csv_folder(path)
    if not path.exists():
        raise ScenarioError([InputProblem(source, "", "file_missing")])
    if suffix in _REFUSED:
        raise ScenarioError([InputProblem(source, "", _REFUSED[suffix])])
    raise ScenarioError([InputProblem(source, "", "file_format", {"suffix": path.suffix})])


# Forms that look like a scenario but are not read, with the reason why.
_REFUSED = {".xls": "sheet_old_xls", ".csv": "sheet_single_csv"}


def load_yaml_scenario(path: Path) -> Scenario:
    source = str(path)
    located = load_yaml(read_text(path, source), source)
    return build_scenario(located.data, source, located.locate)


def scenario_from_text(text: str, source: str = "<text>") -> Scenario:
    """A scenario from YAML text (tests, snippets)."""
    located = load_yaml(text, source)
    return build_scenario(located.data, source, located.locate)
