"""A request from a YAML snippet (`plooi impact --add`) or the workbench's form, validated
like one in a scenario."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.validate import build_scenario
from scheduler.io.yaml_source import load_yaml, read_text
from scheduler.scenario import Scenario


def add_request_file(scenario: Scenario, path: str | Path) -> tuple[Scenario, str]:
    """The scenario with the request of a YAML snippet appended, validated like a scenario.

    The snippet is one mapping in the request format. It is checked with the
    same models and cross-checks as a request inside a scenario (fields, weeks,
    areas, resources, budget lines, unique id, `after` references); problems
    name the snippet file, its line and the field. Raises ScenarioError.
    """
    source = str(path)
    located = load_yaml(read_text(Path(path), source), source)
    return add_request(scenario, located.data, source, located.locate)


def add_request(
    scenario: Scenario,
    entry: Any,
    source: str,
    locate_in_entry: Callable[[tuple[str | int, ...]], tuple[int | None, str | None]],
) -> tuple[Scenario, str]:
    """The scenario with one request mapping appended, validated like a scenario's own.

    Shared by ``plooi impact --add`` (a YAML snippet) and the workbench's request
    form, so both give the same messages; places are relative to the request.
    """
    if not isinstance(entry, dict):
        got = "list" if isinstance(entry, list) else str(entry)
        raise ScenarioError([InputProblem(source, "", "expected_mapping", {"got": got}, line=1)])
    raw = scenario.model_dump(mode="json", by_alias=True)
    index = len(raw["requests"])
    raw["requests"].append(entry)
    prefix = ("requests", index)

    def locate(at: tuple[str | int, ...]) -> tuple[int | None, str | None]:
        if at[:2] == prefix:
            return locate_in_entry(at[2:])
        return None, None

    try:
        merged = build_scenario(raw, source, locate)
    except ScenarioError as error:
        head = f"requests[{index}]"
        problems = [
            dataclasses.replace(p, place=p.place[len(head):].lstrip("."))
            if p.place.startswith(head)
            else p
            for p in error.problems
        ]
        raise ScenarioError(problems) from None
    return merged, merged.requests[-1].id
