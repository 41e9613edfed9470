"""One settings object for a solve: the policy's values, overridden by the caller.

Every entry point (commands, workflow, impact, the decomposition's parts, LNS
neighbourhoods) passes its wishes as :class:`SettingsOverrides`; only
:meth:`SolveSettings.from_policy` turns them into settings, so no caller
re-declares the list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TypedDict, Unpack

from scheduler.scenario import Scenario


class SettingsOverrides(TypedDict, total=False):
    """What a caller may override; None means "the policy's value"."""

    time_limit: float | None
    seed: int | None
    workers: int | None
    deterministic: bool | None
    bound_by_parts: bool
    warm_start: bool
    core_first: bool
    lns: bool | None
    started: float | None


@dataclass(frozen=True)
class SolveSettings:
    """Solver parameters; every value comes from the scenario's policy unless overridden."""

    time_limit: float
    seed: int
    workers: int
    deterministic: bool
    # Try the exact decomposition first on large programmes (scheduler/solver/decompose.py).
    bound_by_parts: bool = True
    # Start from the hand method's plan (time-boxed) where it finds one.
    warm_start: bool = True
    # Core-based search first (the decomposition's parts).
    core_first: bool = False
    # Large neighbourhood search instead of the whole model: None decides by size.
    lns: bool | None = None
    # The time.monotonic() the limit counts from (a command's start, so that loading
    # the file counts too); None: when the solve starts. Not part of any result.
    started: float | None = None

    @classmethod
    def from_policy(
        cls, scenario: Scenario, **overrides: Unpack[SettingsOverrides]
    ) -> SolveSettings:
        policy = scenario.policy
        time_limit = overrides.get("time_limit")
        seed = overrides.get("seed")
        deterministic = overrides.get("deterministic")
        settings = cls(
            time_limit=policy.time_limit if time_limit is None else time_limit,
            seed=policy.seed if seed is None else seed,
            workers=overrides.get("workers") or policy.workers or default_workers(),
            deterministic=policy.deterministic if deterministic is None else deterministic,
        )
        return replace(
            settings,
            bound_by_parts=overrides.get("bound_by_parts", True),
            warm_start=overrides.get("warm_start", True),
            core_first=overrides.get("core_first", False),
            lns=overrides.get("lns"),
            started=overrides.get("started"),
        )


def default_workers() -> int:
    """One solver thread per core, at most 8: more threads than cores only slow CP-SAT."""
    return max(1, min(8, os.cpu_count() or 1))
