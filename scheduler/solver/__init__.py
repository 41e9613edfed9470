"""The CP-SAT solver: the only package that imports OR-Tools."""

from scheduler.solver.model import ModelOptions
from scheduler.solver.run import (
    ProgressEvent,
    SolveResult,
    SolveSettings,
    StageResult,
    StopToken,
    solve,
)

__all__ = [
    "ModelOptions",
    "ProgressEvent",
    "SolveResult",
    "SolveSettings",
    "StageResult",
    "StopToken",
    "solve",
]
