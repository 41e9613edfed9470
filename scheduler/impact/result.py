"""What `plooi impact` finds, as data: frozen results and the enums of their states.

Nothing here is text: sentences are made from these in :mod:`scheduler.text.impact`
(terminal, onderbouwing, JSON). Every enum is a ``StrEnum`` whose values are the
strings of the ``plooi-impact/1`` document (docs/impact.md), so the JSON is
unchanged by the types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from scheduler.explain import Explanation
from scheduler.guards import Conflict
from scheduler.scenario import Request, Scenario
from scheduler.solver import SolveSettings
from scheduler.solver.levers import LeverKind as LeverKind  # the solver's, re-exported


class ImpactStatus(StrEnum):
    """The answer in one word: the JSON's ``status``."""

    FITS = "fits"
    DISPLACES = "displaces"
    CANNOT_BE_PLACED = "cannot_be_placed"
    INFEASIBLE_WITHOUT_REQUEST = "infeasible_without_request"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    """How one what-if solve ended (as :class:`scheduler.solver.levers.Found` reports it)."""

    OPTIMAL = "optimal"
    OPTIMAL_NEAR = "optimal_near"  # optimal with only the works near R free
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


# The order levers are tried and listed in, and the tie-break between equal stretches.
LEVER_ORDER = (LeverKind.DEADLINE, LeverKind.CAPACITY, LeverKind.BUDGET)


class LeverStatus(StrEnum):
    FOUND = "found"
    NOT_NEEDED = "not_needed"
    NOT_ENOUGH = "not_enough"  # this lever alone cannot make room
    NOT_APPLICABLE = "not_applicable"  # R uses no resource / costs nothing
    UNKNOWN = "unknown"  # no answer in time


class Source(StrEnum):
    """Where the request under analysis came from."""

    SCENARIO = "scenario"
    ADDED = "added"


class ImpactProblem(StrEnum):
    """Why a question cannot be answered for this input (the text is in the catalog)."""

    WORK_NOT_REQUEST = "work_not_request"
    UNKNOWN_REQUEST = "unknown_request"
    MAKESPAN = "makespan"
    OPTIONS = "options"


class ImpactError(Exception):
    """A question `plooi impact` cannot answer for this input (exit code 2).

    It carries the problem and its values, not words: readers word it with
    :func:`scheduler.text.impact.error_text` in their language. ``str()`` is the
    code and values, for a developer.
    """

    def __init__(self, problem: ImpactProblem, **args: str) -> None:
        self.problem = problem
        self.values = args
        super().__init__(f"{problem} {args}" if args else str(problem))


class SolveRecord(NamedTuple):
    """One solve of the run, in order, for the JSON's ``solver.solves`` (a pair, as before).

    ``status`` is the solve's own word (an :class:`Outcome`, the checked programme
    ``programme as planned``, or a conflict search's ``minimal``/``found``/``none``).
    """

    name: str
    status: str


@dataclass(frozen=True)
class Shift:
    """One work that R displaces: from its start in the plan without R to its new start."""

    id: str
    name: str
    before: int
    after: int

    @property
    def shift(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Option:
    """One plan with R placed: its week, its cost caused by R and the works it displaces."""

    rank: int
    status: Outcome
    starts: dict[str, int | None]
    start: int
    lateness: int
    cost: int  # R's marginal displacement cost: cost with R - cost without R
    total_cost: int
    displaced: tuple[Shift, ...]
    rejected: tuple[str, ...] = ()  # optional requests accepted without R, rejected with it


@dataclass(frozen=True)
class Lever:
    """What would let R in with nothing displaced, and whether a second solve confirmed it."""

    kind: LeverKind
    status: LeverStatus
    start: int | None = None
    extra: dict[tuple[str, int], int] = field(default_factory=dict)
    weeks: int = 0
    latest_finish: int | None = None
    verified: bool = False
    stretch: Fraction | None = None

    @property
    def amount(self) -> int:
        return self.weeks if self.kind == LeverKind.DEADLINE else sum(self.extra.values())

    @property
    def confirmed(self) -> bool:
        return self.status == LeverStatus.FOUND and self.verified


@dataclass(frozen=True)
class ClashingRules:
    """A minimal (or not proven minimal) set of rules of ``scenario`` that cannot hold together."""

    scenario: Scenario
    found: Conflict

    @property
    def minimal(self) -> bool:
        return self.found.minimal


@dataclass(frozen=True)
class Impact:
    """The five answers for one request; see docs/impact.md for what each one means."""

    scenario: Scenario  # the scenario with R in it (R made mandatory)
    name: str
    request: Request  # as written
    source: Source
    status: ImpactStatus
    settings: SolveSettings
    baseline_status: Outcome = Outcome.UNKNOWN
    baseline_cost: int | None = None
    baseline_starts: dict[str, int | None] = field(default_factory=dict)
    earliest: int | None = None
    earliest_status: Outcome = Outcome.UNKNOWN
    least: Option | None = None  # the least-displacement plan (what is explained)
    options: tuple[Option, ...] = ()
    pareto: tuple[Option, ...] = ()
    explanation: Explanation | None = None
    chains: tuple[tuple[str, ...], ...] = ()  # R's displacement chains (least.request_chains)
    levers: tuple[Lever, ...] = ()
    conflict: ClashingRules | None = None
    conflict_without_request: bool = False
    solves: tuple[SolveRecord, ...] = ()

    @property
    def window(self) -> tuple[int, int]:
        return self.scenario.window(self.request)

    @property
    def best(self) -> Option | None:
        return self.least

    @property
    def conflict_minimal(self) -> bool:
        return self.conflict.minimal if self.conflict is not None else True

    @property
    def earliest_meets_deadline(self) -> bool | None:
        if self.earliest is None:
            return None
        return self.earliest + self.request.duration - 1 <= self.window[1]

    @property
    def found_levers(self) -> list[Lever]:
        return sorted((lever for lever in self.levers if lever.confirmed), key=_lever_rank)

    @property
    def cheapest(self) -> Lever | None:
        found = self.found_levers
        return found[0] if found else None


def _lever_rank(lever: Lever) -> tuple[int, Fraction, int]:
    """Least relative stretch first; an unbounded stretch (from nothing) last; ties by kind."""
    unbounded = lever.stretch is None
    return (int(unbounded), lever.stretch or Fraction(0), LEVER_ORDER.index(lever.kind))

