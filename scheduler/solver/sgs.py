"""A serial schedule-generation scheme: a quick, valid first plan for the makespan objective.

Makespan scenarios (and PSPLIB instances) have no planned weeks to hint, and CP-SAT
starting from "everything in week 1" spends its first seconds repairing. The serial
scheme takes the items one at a time, most urgent first (smallest latest finish
from a backward pass over `after`), and puts each at the earliest allowed start
where its predecessors are done and every crew it needs has room. Budgets and
hinder limits are not considered: it is a hint, and CP-SAT repairs what it misses.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.scenario import Request, Scenario, Work

Profiles = dict[str, dict[int, int]]


def serial_schedule(
    scenario: Scenario, domains: dict[str, list[int]], capacity: Profiles
) -> dict[str, int] | None:
    """Start weeks for every work and mandatory request, or None when the scheme gets stuck."""
    items = [
        item
        for item in scenario.items
        if item.id in domains and not (isinstance(item, Request) and not item.mandatory)
    ]
    ids = {item.id for item in items}
    predecessors = {
        item.id: [(dep.work, dep.lag) for dep in item.after if dep.work in ids] for item in items
    }
    urgency = _latest_finish(scenario, items, predecessors)
    load: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    start: dict[str, int] = {}
    pending = {item.id: item for item in items}
    while pending:
        ready = [
            item
            for item in pending.values()
            if all(before in start for before, _ in predecessors[item.id])
        ]
        if not ready:
            return None
        item = min(ready, key=lambda i: (urgency[i.id], i.id))
        earliest = max(
            (
                start[before] + scenario.item_by_id[before].duration + lag
                for before, lag in predecessors[item.id]
            ),
            default=domains[item.id][0],
        )
        chosen = None
        for candidate in domains[item.id]:
            if candidate < earliest:
                continue
            if all(
                load[r][week] + units <= capacity[r].get(week, 0)
                for r, units in item.demand.items()
                if units
                for week in range(candidate, candidate + item.duration)
            ):
                chosen = candidate
                break
        if chosen is None:
            return None
        start[item.id] = chosen
        for r, units in item.demand.items():
            for week in range(chosen, chosen + item.duration):
                load[r][week] += units
        del pending[item.id]
    return start


def _latest_finish(
    scenario: Scenario, items: list[Work | Request], predecessors: dict[str, list[tuple[str, int]]]
) -> dict[str, int]:
    """Backward pass: how late each item may finish so that its successors still fit."""
    successors: dict[str, list[tuple[str, int]]] = defaultdict(list)
    waiting = {item.id: 0 for item in items}
    for item_id, befores in predecessors.items():
        for before, lag in befores:
            successors[before].append((item_id, lag))
            waiting[item_id] += 1
    # Topological order (Kahn); `after` has no cycles (the loader refuses them).
    order = [item_id for item_id, count in waiting.items() if count == 0]
    for item_id in order:
        for after, _ in successors[item_id]:
            waiting[after] -= 1
            if waiting[after] == 0:
                order.append(after)
    durations = {item.id: item.duration for item in items}
    latest: dict[str, int] = {}
    for item_id in reversed(order):
        latest[item_id] = min(
            (latest[after] - durations[after] - lag for after, lag in successors[item_id]),
            default=scenario.horizon.last,
        )
    return latest
