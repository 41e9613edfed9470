"""Shared fixtures: tiny scenarios written inline, solved with short time limits."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler import weeks
from scheduler.check import check
from scheduler.io.load import scenario_from_text
from scheduler.scenario import Scenario
from scheduler.solver import SolveResult, solve

ROOT = Path(__file__).resolve().parent.parent

# A wijk with two buurten and one crew of one: small enough to solve by hand.
HEADER = """
horizon: {start: 2027-W01, end: 2027-W52}
areas:
  - {code: WK077210, name: Centrum}
  - {code: WK077220, name: Strijp}
"""


def scenario(body: str, header: str = HEADER) -> Scenario:
    """A scenario from YAML text; the header supplies horizon and areas unless given."""
    return scenario_from_text(textwrap.dedent(header) + textwrap.dedent(body), "test.yaml")


def solved(s: Scenario, time_limit: float = 10.0) -> SolveResult:
    """Solve and insist that the independent checker finds nothing wrong."""
    result = solve(s, time_limit=time_limit, workers=2)
    if result.plan is not None:
        assert check(s, result.plan) == []
    return result


def week(text: str) -> int:
    return weeks.parse_week(text)


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    return scenario
