"""The CP-SAT solver: the only package that imports OR-Tools."""

from scheduler.solver.cpsat import ProgressEvent, StopToken
from scheduler.solver.model import ModelOptions
from scheduler.solver.result import SolveResult, StageResult, StageStatus
from scheduler.solver.run import solve
from scheduler.solver.settings import SettingsOverrides, SolveSettings

__all__ = [
    "ModelOptions",
    "ProgressEvent",
    "SolveResult",
    "SettingsOverrides",
    "SolveSettings",
    "StageResult",
    "StageStatus",
    "StopToken",
    "solve",
]
