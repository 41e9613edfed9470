"""A task's scenario from its YAML text, parsed once per worker process.

Workers import only the YAML reader and the validator (not the spreadsheet
readers): on a loaded machine a worker's imports are most of its start-up.
"""

from __future__ import annotations

from functools import lru_cache

from scheduler.io.validate import build_scenario
from scheduler.io.yaml_source import load_yaml
from scheduler.scenario import Scenario


@lru_cache(maxsize=4)
def scenario_of(text: str) -> Scenario:
    """The scenario of ``text`` (validated as any scenario file); cached per process."""
    located = load_yaml(text, "<task>")
    return build_scenario(located.data, "<task>", located.locate)
