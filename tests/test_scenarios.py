"""Every scenario shipped in scenarios/ loads, solves to a proven optimum, and checks clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.check import check, check_baseline
from scheduler.cli import main
from scheduler.io.load import load_scenario
from scheduler.plan import SolveStatus
from scheduler.solver import solve

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


def test_there_are_scenarios() -> None:
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_solves_optimally_and_checks_clean(path: Path) -> None:
    scenario = load_scenario(path)
    assert check_baseline(scenario) == []
    result = solve(scenario, time_limit=30, workers=2)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert check(scenario, result.plan) == []
    # The figure the user reads is the solver's proven objective.
    final = result.final_stage
    assert final is not None and final.objective == final.bound
    if final.name == "displacement":
        assert result.plan.displacement_cost(scenario) == final.objective


def test_demo_command_shows_a_chain_of_at_least_two(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    assert main(["demo", "--json", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["status"] == "optimal"
    longest = max(len(chain) for entry in document["chains"] for chain in entry["chains"])
    assert longest >= 3  # a request and at least two displaced works
    assert all(d["causes"] and d["causes"][0]["rule"] != "none" for d in document["displacements"])
