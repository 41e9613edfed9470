"""PSPLIB RCPSP instances as plooi scenarios, and the same instance for the peer (PyJobShop).

An RCPSP activity becomes a plooi work of the same duration in weeks, a
resource a plooi resource of constant capacity, and a precedence an ``after``
with lag 0 (start >= finish of the predecessor + 1 week, i.e. end-before-start).
plooi forbids zero durations, so the dummy source and sink (and any other
zero-duration activity) are dropped and their precedences carried through: a
predecessor of a dropped activity comes before each of its successors. That is
exact: a zero-duration activity neither uses capacity nor takes time.
With the horizon starting at week 1 of 2027, plooi's makespan (weeks from the
horizon start to the last finish, inclusive) is the RCPSP makespan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler import weeks
from scheduler.io.validate import build_scenario
from scheduler.scenario import Scenario

START_WEEK = "2027-W01"
AREA = "WK077200"


@dataclass(frozen=True)
class Rcpsp:
    """A single-mode RCPSP instance: activity i has durations[i], demands[i][r], successors[i]."""

    name: str
    capacities: tuple[int, ...]
    durations: tuple[int, ...]
    demands: tuple[tuple[int, ...], ...]
    successors: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Reduced:
    """The activities with a positive duration and the precedences among them, carried through."""

    kept: tuple[int, ...]
    successors: dict[int, tuple[int, ...]]


def read_psplib(path: str | Path) -> Rcpsp:
    """Read a single-mode ``.sm`` instance with the ``psplib`` package."""
    import psplib  # the benchmark extra; imported here so the conversion works without it

    instance = psplib.parse(str(path), instance_format="psplib")
    return from_psplib(instance, Path(path).name)


def from_psplib(instance: Any, name: str) -> Rcpsp:
    """A psplib ``ProjectInstance`` (single mode, renewable resources) as an :class:`Rcpsp`."""
    if any(not resource.renewable for resource in instance.resources):
        raise ValueError(f"{name}: non-renewable resources are not RCPSP")
    if any(len(activity.modes) != 1 for activity in instance.activities):
        raise ValueError(f"{name}: only single-mode instances are supported")
    return Rcpsp(
        name=name,
        capacities=tuple(resource.capacity for resource in instance.resources),
        durations=tuple(activity.modes[0].duration for activity in instance.activities),
        demands=tuple(tuple(activity.modes[0].demands) for activity in instance.activities),
        successors=tuple(tuple(activity.successors) for activity in instance.activities),
    )


def reduce(instance: Rcpsp) -> Reduced:
    """Drop zero-duration activities; link each kept activity to the kept ones after it."""
    durations = instance.durations
    kept = tuple(i for i, d in enumerate(durations) if d > 0)
    carried: dict[int, tuple[int, ...]] = {}
    for activity in kept:
        found: list[int] = []
        seen: set[int] = set()
        stack = list(instance.successors[activity])
        while stack:
            nxt = stack.pop()
            if nxt in seen:
                continue
            seen.add(nxt)
            if durations[nxt] > 0:
                found.append(nxt)
            else:
                stack.extend(instance.successors[nxt])
        carried[activity] = tuple(sorted(found))
    return Reduced(kept, carried)


def work_id(activity: int) -> str:
    return f"A{activity}"


def to_raw(
    instance: Rcpsp,
    *,
    time_limit: float = 60.0,
    workers: int = 8,
    seed: int = 0,
    deterministic: bool = False,
    hints: dict[int, int] | None = None,
) -> dict[str, Any]:
    """The scenario as raw data (the YAML shape); ``hints`` are start offsets (planned_start)."""
    reduced = reduce(instance)
    if not reduced.kept:
        raise ValueError(f"{instance.name}: no activity with a positive duration")
    first = weeks.parse_week(START_WEEK)
    horizon = sum(instance.durations[i] for i in reduced.kept)
    predecessors: dict[int, list[int]] = {i: [] for i in reduced.kept}
    for before, afters in reduced.successors.items():
        for after in afters:
            predecessors[after].append(before)
    resources = [
        {"id": f"R{r + 1}", "name": f"Resource {r + 1}", "capacity": capacity}
        for r, capacity in enumerate(instance.capacities)
    ]
    works = []
    for activity in reduced.kept:
        row: dict[str, Any] = {
            "id": work_id(activity),
            "name": f"Activity {activity}",
            "kind": "other",
            "area": AREA,
            "duration": instance.durations[activity],
        }
        demand = {
            f"R{r + 1}": units for r, units in enumerate(instance.demands[activity]) if units
        }
        if demand:
            row["demand"] = demand
        if predecessors[activity]:
            row["after"] = [{"work": work_id(p), "lag": 0} for p in sorted(predecessors[activity])]
        if hints is not None and activity in hints:
            row["planned_start"] = weeks.format_week(first + hints[activity])
        works.append(row)
    return {
        "name": f"PSPLIB {instance.name}",
        "horizon": {"start": START_WEEK, "end": weeks.format_week(first + horizon - 1)},
        "areas": [{"code": AREA, "name": "PSPLIB"}],
        "resources": resources,
        "works": works,
        "policy": {
            "objective": "makespan",
            "time_limit": time_limit,
            "seed": seed,
            "workers": workers,
            "deterministic": deterministic,
        },
    }


def to_scenario(instance: Rcpsp, **settings: Any) -> Scenario:
    """The validated plooi scenario of an RCPSP instance (see :func:`to_raw`)."""
    return build_scenario(to_raw(instance, **settings), f"psplib:{instance.name}")


def bound_in_weeks(scenario: Scenario, bound: int | None) -> int | None:
    """The solver's makespan bound as weeks from the horizon start (plooi's makespan unit).

    The solver reports weeks from the horizon start; an older version reported the
    week ordinal of the last week, which is far beyond the horizon length.
    """
    if bound is None or bound <= scenario.horizon.length:
        return bound
    return bound - scenario.horizon.first + 1


def critical_path(instance: Rcpsp) -> int:
    """Length of the longest precedence chain: a lower bound on the makespan."""
    reduced = reduce(instance)
    order = _topological(reduced)
    earliest_finish: dict[int, int] = {}
    for activity in order:
        earliest_finish.setdefault(activity, instance.durations[activity])
        for nxt in reduced.successors[activity]:
            candidate = earliest_finish[activity] + instance.durations[nxt]
            if candidate > earliest_finish.get(nxt, 0):
                earliest_finish[nxt] = candidate
    return max(earliest_finish.values(), default=0)


def serial_sgs(instance: Rcpsp) -> dict[int, int]:
    """Serial schedule generation: each activity (topological, lowest latest-start first)
    at its earliest precedence- and resource-feasible start. A feasible start per activity."""
    reduced = reduce(instance)
    order = _topological(reduced)
    durations = instance.durations
    horizon = sum(durations[i] for i in reduced.kept)
    # latest start against the horizon, the priority rule (LST)
    latest: dict[int, int] = {}
    for activity in reversed(order):
        successors = reduced.successors[activity]
        bound = min((latest[s] for s in successors), default=horizon)
        latest[activity] = bound - durations[activity]
    predecessors: dict[int, list[int]] = {i: [] for i in reduced.kept}
    for before, afters in reduced.successors.items():
        for after in afters:
            predecessors[after].append(before)
    used = [[0] * (horizon + 1) for _ in instance.capacities]
    start: dict[int, int] = {}
    pending = set(reduced.kept)
    while pending:
        eligible = [a for a in pending if all(p in start for p in predecessors[a])]
        activity = min(eligible, key=lambda a: (latest[a], a))
        pending.remove(activity)
        t = max((start[p] + durations[p] for p in predecessors[activity]), default=0)
        demand = instance.demands[activity]
        while not all(
            used[r][w] + demand[r] <= instance.capacities[r]
            for r in range(len(demand))
            if demand[r]
            for w in range(t, t + durations[activity])
        ):
            t += 1
        for r, units in enumerate(demand):
            if units:
                for w in range(t, t + durations[activity]):
                    used[r][w] += units
        start[activity] = t
    return start


def _topological(reduced: Reduced) -> list[int]:
    indegree = {i: 0 for i in reduced.kept}
    for afters in reduced.successors.values():
        for after in afters:
            indegree[after] += 1
    ready = sorted(i for i, d in indegree.items() if d == 0)
    order: list[int] = []
    while ready:
        activity = ready.pop(0)
        order.append(activity)
        for nxt in reduced.successors[activity]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    if len(order) != len(reduced.kept):
        raise ValueError("the precedences form a cycle")
    return order


@dataclass(frozen=True)
class PeerResult:
    makespan: int | None
    lower_bound: int | None
    status: str
    seconds: float


def solve_pyjobshop(
    instance: Rcpsp, *, time_limit: float, workers: int, seed: int = 0
) -> PeerResult:
    """The same reduced instance in PyJobShop's Model API, solved by its OR-Tools backend."""
    from pyjobshop import Model

    began = time.monotonic()
    reduced = reduce(instance)
    model = Model()
    resources = [model.add_renewable(capacity) for capacity in instance.capacities]
    tasks = {}
    for activity in reduced.kept:
        task = model.add_task(name=work_id(activity))
        tasks[activity] = task
        demands = list(instance.demands[activity])
        model.add_mode(task, resources, instance.durations[activity], demands)
    for before, afters in reduced.successors.items():
        for after in afters:
            model.add_end_before_start(tasks[before], tasks[after])
    model.set_objective(weight_makespan=1)
    result = model.solve(
        "ortools", time_limit=time_limit, display=False, num_workers=workers, random_seed=seed
    )
    seconds = time.monotonic() - began
    status = str(result.status.value).lower()
    found = status in ("optimal", "feasible")
    return PeerResult(
        makespan=round(result.objective) if found else None,
        lower_bound=round(result.lower_bound) if found else None,
        status="optimal" if status == "optimal" else ("feasible" if found else "unknown"),
        seconds=seconds,
    )
