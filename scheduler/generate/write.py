"""Write a generated scenario through the project's YAML writer, with a header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler import weeks
from scheduler.check import Violation, check, check_baseline
from scheduler.io.atomic import check_writable, write_text
from scheduler.io.result_json import result_document
from scheduler.io.validate import build_scenario
from scheduler.io.write_yaml import scenario_yaml
from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Scenario


def scenario_text(scenario: Scenario, header: str | None = None) -> str:
    """The format's YAML (scheduler/io/write_yaml.py), the header as comment lines on top."""
    text = scenario_yaml(scenario)
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text


def write_scenario(scenario: Scenario, path: str | Path, header: str | None = None) -> Path:
    """Write the scenario's YAML atomically."""
    return write_text(check_writable(path), scenario_text(scenario, header))


def write_yaml(raw: dict[str, Any], path: str | Path, header: str | None = None) -> Path:
    """Validate the raw scenario, then write it atomically.

    Raises OutputError when the file cannot be written and ScenarioError when the
    raw data is not a valid scenario; nothing is written in either case.
    """
    target = check_writable(path)
    return write_scenario(build_scenario(raw, str(target)), target, header)


def witness_plan(scenario: Scenario, starts: dict[str, str]) -> Plan:
    """The generator's witness (a start week per item) as a plan of the scenario."""
    return Plan.from_starts(scenario, {key: weeks.parse_week(text) for key, text in starts.items()})


def verify(scenario: Scenario, plan: Plan) -> list[Violation]:
    """What the independent checker finds wrong with the baseline or the witness."""
    return check_baseline(scenario) + check(scenario, plan)


def witness_document(scenario: Scenario, name: str, plan: Plan) -> dict[str, Any]:
    """The witness as a result document (docs/result-format.md), status ``feasible``:
    benchmarks read its ``displacement_cost`` as an upper bound on the optimum."""
    return result_document(scenario, name, SolveStatus.FEASIBLE, plan)
