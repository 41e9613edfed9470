"""What every question of one impact run shares: the scenario with R, the clock, the checks.

Each solve gets a fixed share of the time limit (:data:`SHARES`), never "what
is left", so that the same input and seed give the same answers in
deterministic mode; the run's :class:`~scheduler.solver.levers.Clock` still cuts
every solve off at the run's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.check import check, summary
from scheduler.impact.result import SolveRecord
from scheduler.plan import Plan
from scheduler.scenario import Scenario
from scheduler.solver import SolveSettings, StopToken
from scheduler.solver.levers import Clock, RequestModel

# How the time limit is split over the solves (fractions of it; see docs/impact.md).
SHARES = {
    "without_request": 0.15,
    "local": 0.05,  # least displacement with only the works near R free (a hint)
    "least_displacement": 0.25,
    "alternatives": 0.10,  # split evenly over the K - 1 alternatives
    "pareto": 0.10,  # split evenly over the points after the first
    "earliest": 0.05,
    "capacity": 0.05,
    "budget": 0.05,
    "verify": 0.025,  # each of the (up to) three lever verifications
    "conflict": 0.30,  # only when R cannot be placed (alternatives and Pareto then idle)
}
DEFAULT_OPTIONS = 3


class Checked:
    """Runs the independent checker once per distinct (scenario, plan)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[int, tuple[tuple[str, int | None], ...]], bool] = {}

    def clean(self, scenario: Scenario, starts: dict[str, int | None]) -> bool:
        key = (id(scenario), tuple(sorted(starts.items())))
        if key not in self.seen:
            self.seen[key] = not check(scenario, Plan.from_starts(scenario, starts))
        return self.seen[key]

    def require(self, scenario: Scenario, starts: dict[str, int | None], what: str) -> None:
        """A plan that breaks a hard rule must never be shown: that is an internal error."""
        if self.clean(scenario, starts):
            return
        violations = check(scenario, Plan.from_starts(scenario, starts))
        raise RuntimeError(f"internal error: {what} breaks hard rules: {summary(violations)}")


@dataclass
class ImpactRun:
    """One analysis in progress: R's scenario, its settings and the log of its solves."""

    scenario: Scenario  # with R in it, R mandatory
    request_id: str
    settings: SolveSettings
    clock: Clock
    stop: StopToken
    checked: Checked = field(default_factory=Checked)
    log: list[SolveRecord] = field(default_factory=list)
    _whole: RequestModel | None = field(default=None, init=False, repr=False)

    def seconds(self, share: str) -> float:
        """This solve's share of the run's time limit."""
        return self.settings.time_limit * SHARES[share]

    def record(self, name: str, status: str) -> None:
        self.log.append(SolveRecord(name, str(status)))

    def whole(self) -> RequestModel:
        """The whole programme with R switched by an assumption (built once, on first use)."""
        if self._whole is None:
            self._whole = RequestModel(
                self.scenario, self.request_id, self.settings, self.clock, self.stop
            )
        return self._whole
