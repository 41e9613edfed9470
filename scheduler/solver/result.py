"""What a solve returns: the plan, how good it is proven to be, and what each step did."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scheduler.plan import Plan, SolveStatus
from scheduler.solver.decompose import Decomposition
from scheduler.solver.lns import LnsStats
from scheduler.solver.settings import SolveSettings


class StageStatus(StrEnum):
    """How one stage ended (CP-SAT's status names, as the result document shows them)."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"
    MODEL_INVALID = "MODEL_INVALID"


class Search(StrEnum):
    """Which search produced the plan."""

    WHOLE_MODEL = "whole_model"
    PARTS = "parts"
    NEIGHBOURHOODS = "lns"


@dataclass
class StageResult:
    name: str
    status: StageStatus
    objective: int | None
    bound: int | None
    seconds: float
    solutions: int


@dataclass
class SolveResult:
    """What a solve found: the plan (if any), how good it is proven to be, and how long it took."""

    status: SolveStatus
    plan: Plan | None
    stages: list[StageResult]
    settings: SolveSettings
    seconds: float
    interrupted: bool = False
    empty_domains: dict[str, dict[str, int]] = field(default_factory=dict)
    # Lower bound on the displacement cost from the decomposition, if it ran.
    parts_bound: int | None = None
    # What the decomposition did (None when it did not run).
    decomposition: Decomposition | None = None
    # Whether the same scenario and seed give this same plan again (see whole._canonical).
    reproducible: bool = False
    search: Search = Search.WHOLE_MODEL
    # What the large neighbourhood search did (None when it did not run).
    lns: LnsStats | None = None

    @property
    def proven_optimal(self) -> bool:
        return self.status == SolveStatus.OPTIMAL

    @property
    def final_stage(self) -> StageResult | None:
        return self.stages[-1] if self.stages else None

    @property
    def bound(self) -> int | None:
        """Best proven bound of the last stage's objective (displacement or makespan)."""
        stage = self.final_stage
        return stage.bound if stage else None

    @property
    def gap(self) -> float | None:
        """Relative gap of the last stage: 0 when proven optimal."""
        stage = self.final_stage
        if stage is None or stage.objective is None or stage.bound is None:
            return None
        if stage.objective == stage.bound:
            return 0.0
        return abs(stage.objective - stage.bound) / max(1, abs(stage.objective))
