"""Large neighbourhood search: a first plan in seconds, then steady improvement.

On coupled city-scale programmes (works needing several shared crews, budget lines
at 92-98 % of what the plan spends) neither the whole model nor the decomposition
finds good plans in time. Here the programme stays where it is except for a small
*neighbourhood* of free items, solved exactly by CP-SAT
(:mod:`scheduler.solver.neighbourhood`: the rest of the plan folded into
constants), and the result is kept when it is better.

- **Construction**: every required request is inserted in turn, freeing the items
  it competes with (its resources, its max_concurrent groups, its budget line) in a
  widening window; the works may move earlier as well as later, and every rule of
  the whole programme, budgets per year included, holds by construction. When no
  window up to the whole horizon gives room, the request cannot be placed this way.
- **Improvement**: neighbourhoods around a request, around a displaced work, around
  a budget line and year, or a slice of weeks; the neighbourhood size adapts to how
  quickly CP-SAT proves its optimum.

Every plan the search keeps is passed to the independent checker (construction:
once it is complete); a plan the checker refuses is never kept (the last checked one
stands).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from scheduler.check import check
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work, wijk_of
from scheduler.solver.cpsat import (
    Progress,
    ProgressEvent,
    Reporter,
    StopToken,
    make_solver,
    run_cpsat,
)
from scheduler.solver.model import ScheduleModel
from scheduler.solver.neighbourhood import Incumbent, ProgramIndex, Starts, build_neighbourhood
from scheduler.solver.settings import SolveSettings
from scheduler.solver.stages import objective_stages

# Neighbourhood sizes (free items): where the search starts, and its bounds.
START_SIZE = 30
MIN_SIZE = 8
MAX_SIZE = 400
# Weeks a free work may move away from where it is (or was planned) in one step.
RADIUS = 26
# Windows (weeks either side of a request) and sizes tried, in turn, to insert it.
INSERT_STEPS = ((4, 40), (12, 80), (26, 160), (52, 400), (None, None))
# Seconds the checker may wait between two checked plans while the search runs: 0, so
# every improvement is checked (they are few on large programmes; the checker takes
# about a second at 5,000 works).
CHECK_SECONDS = 0.0
# Seconds per neighbourhood solve: per free item, and the least and most.
SECONDS_PER_ITEM = 0.05
MIN_SOLVE_SECONDS = 0.5
MAX_SOLVE_SECONDS = 8.0


@dataclass
class LnsStats:
    """What the search did, for the result document and the benchmarks."""

    first_plan_seconds: float | None = None
    iterations: int = 0
    improvements: int = 0
    checks: int = 0
    refused: int = 0
    # Improvements per kind of neighbourhood, to tune the mix (benchmarks).
    by_kind: dict[str, int] = field(default_factory=dict)


class NeighbourhoodSearch:
    """Construction and improvement on one incumbent plan of a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        settings: SolveSettings,
        stop: StopToken,
        deadline: float,
        progress: Progress | None = None,
        began: float | None = None,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.scenario = scenario
        self.settings = settings
        self.stop = stop
        self.deadline = deadline
        self.progress = progress
        self.began = time.monotonic() if began is None else began
        self.check_seconds = check_seconds
        self.index = ProgramIndex.build(scenario)
        self.rng = random.Random(settings.seed)
        self.incumbent = Incumbent(self.index, {})
        self.checked: Starts | None = None
        self.last_check = 0.0
        self.size = float(START_SIZE)
        self.stats = LnsStats()
        self.penalty = scenario.policy.move_penalty
        self.scarcity = {r.id: 1.0 / max(1, r.capacity) for r in scenario.resources}
        # A proven lower bound on the displacement of plans that place every valuable
        # request (the decomposition's): a plan that meets it cannot be improved.
        self.target: int | None = None

    # -- time -------------------------------------------------------------------------------

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def out_of_time(self) -> bool:
        return self.stop.stopped or self.left() <= 0.05

    # -- the plan ---------------------------------------------------------------------------

    def plan(self) -> Plan | None:
        """The last plan the checker accepted (checking the incumbent first if it is newer)."""
        if self.checked != self.incumbent.starts:
            self._check()
        return None if self.checked is None else Plan.from_starts(self.scenario, self.checked)

    def _check(self) -> bool:
        self.stats.checks += 1
        self.last_check = time.monotonic()
        starts = self.incumbent.copy_starts()
        if check(self.scenario, Plan.from_starts(self.scenario, starts)):
            # Never expected: the neighbourhood model is exact. Keep the last checked plan.
            self.stats.refused += 1
            if self.checked is not None:
                for item_id, start in self.checked.items():
                    self.incumbent.place(item_id, start)
            return False
        self.checked = starts
        return True

    def cost(self) -> tuple[int, int]:
        """(value of accepted optional requests, displacement cost) of the incumbent."""
        return self._score(self.incumbent.starts, self.incumbent.starts)

    def _score(self, ids: Iterable[str], starts: Starts) -> tuple[int, int]:
        """(accepted optional value, displacement cost) of the items ``ids`` at ``starts``."""
        cost = value = 0
        for item_id in ids:
            item = self.index.item(item_id)
            start = starts[item_id]
            if isinstance(item, Work):
                planned = self.index.planned[item_id]
                if start is not None and planned is not None and start != planned:
                    cost += item.weight * abs(start - planned) + self.penalty
            elif not item.mandatory and start is not None:
                value += item.value
        return value, cost

    # -- construction -----------------------------------------------------------------------

    def construct(self) -> bool:
        """Insert every required request into the baseline, then check the plan.

        False when a mandatory request finds no room (or the time ran out).
        """
        scenario = self.scenario
        starts: Starts = {w.id: scenario.planned(w) for w in scenario.works}
        for item_id, start in starts.items():
            self.incumbent.place(item_id, start)
        order = sorted(
            enumerate(scenario.requests),
            key=lambda pair: (not pair[1].mandatory, -pair[1].value, pair[0]),
        )
        for _, request in order:
            if self.incumbent.starts[request.id] is not None:
                continue
            if not request.mandatory and request.value <= 0:
                continue
            placed = self._insert(request)
            if not placed and request.mandatory:
                return False
        if not self._check():
            return False
        self.stats.first_plan_seconds = time.monotonic() - self.began
        self._report()
        return True

    def _insert(self, request: Request) -> bool:
        """Place one request, freeing ever more of what it competes with."""
        for window, size in INSERT_STEPS:
            if self.out_of_time():
                return False
            if window is None:
                free = {i for i, s in self.incumbent.starts.items() if s is not None}
            else:
                free = self._competitors(request, window, size or 0)
            free.add(request.id)
            seconds = min(self.left(), max(2.0, len(free) * SECONDS_PER_ITEM * 2))
            found, _ = self._solve(free, seconds, radius=None, force=frozenset({request.id}))
            if found is not None and found.get(request.id) is not None:
                self._apply(found)
                return True
        return False

    def _competitors(self, request: Request, window: int, size: int) -> set[str]:
        """Items sharing a resource, a hinder group or a budget line with the request, near it."""
        earliest, latest_finish = self.scenario.window(request)
        return self._near(request.id, earliest - window, latest_finish + window, size)

    def _near(self, item_id: str, lo: int, hi: int, size: int) -> set[str]:
        """Up to ``size`` scheduled items tied to ``item_id`` and active between lo and hi.

        Moved works first (they may want to go back); then the items that compete most
        for what is scarce (a shared crew of few units weighs more than one of many, a
        hinder group or budget line counts as a crew of one), then by distance in weeks.
        """
        index = self.index
        item = index.item(item_id)
        starts = self.incumbent.starts
        own = {r for r, units in item.demand.items() if units > 0}
        groups = set(index.groups[item_id])
        line = index.line_of.get(item_id)
        ranked: list[tuple[int, float, int, str]] = []
        for other in self.scenario.items:
            oid = other.id
            start = starts[oid]
            if start is None or oid == item_id:
                continue
            finish = start + other.duration - 1
            if finish < lo or start > hi or not self._movable(oid):
                continue
            competition = sum(
                self.scarcity[r] for r, units in other.demand.items() if units > 0 and r in own
            )
            if line is not None and index.line_of.get(oid) == line:
                competition += 1.0
            if groups.intersection(index.groups[oid]):
                competition += 1.0
            if competition <= 0:
                continue
            distance = max(0, lo - start, start - hi) + abs(start - (lo + hi) // 2) // 4
            ranked.append((0 if self._moved(oid) else 1, -competition, distance, oid))
        ranked.sort()
        return {entry[-1] for entry in ranked[:size]}

    def _movable(self, item_id: str) -> bool:
        item = self.index.item(item_id)
        return not (isinstance(item, Work) and item.pinned)

    def _moved(self, item_id: str) -> bool:
        planned = self.index.planned[item_id]
        return planned is not None and self.incumbent.starts[item_id] != planned

    # -- improvement ------------------------------------------------------------------------

    def improve(self) -> None:
        """Neighbourhood after neighbourhood until the deadline or a stop."""
        choosers: list[tuple[float, Callable[[int], set[str]]]] = [
            (0.3, self._around_moved),
            (0.25, self._around_request),
            (0.15, self._around_budget),
            (0.1, self._around_wijk),
            (0.2, self._time_slice),
        ]
        stale = 0
        while not self.out_of_time():
            if self.cannot_improve():
                return
            size = max(MIN_SIZE, int(self.size))
            chooser = self.rng.choices([c for _, c in choosers], [w for w, _ in choosers])[0]
            free = chooser(size)
            if len(free) < 2:
                stale += 1
                if stale > 50:
                    return
                continue
            self.stats.iterations += 1
            wanted = min(MAX_SOLVE_SECONDS, len(free) * SECONDS_PER_ITEM)
            seconds = min(self.left(), max(MIN_SOLVE_SECONDS, wanted))
            began = time.monotonic()
            before = self._score(free, self.incumbent.starts)
            found, proven = self._solve(free, seconds, radius=RADIUS)
            used = time.monotonic() - began
            if found is not None:
                after = self._score(free, found)
                if (after[0], -after[1]) > (before[0], -before[1]):
                    self._apply(found)
                    self.stats.improvements += 1
                    kind = chooser.__name__.lstrip("_")
                    self.stats.by_kind[kind] = self.stats.by_kind.get(kind, 0) + 1
                    if time.monotonic() - self.last_check >= self.check_seconds:
                        self._check()
                    self._report()
            if proven and used < seconds * 0.5:
                self.size = min(MAX_SIZE, self.size * 1.2)
            elif not proven:
                self.size = max(MIN_SIZE, self.size * 0.8)

    def cannot_improve(self) -> bool:
        """Whether nothing better can exist: every valuable request placed, and the cost
        at 0 or at a proven lower bound (``self.target``)."""
        value, cost = self.cost()
        best_value = sum(r.value for r in self.scenario.requests if not r.mandatory)
        floor = 0 if self.target is None else self.target
        return cost <= floor and value == best_value

    def _around_moved(self, size: int) -> set[str]:
        moved = [w for w in self.scenario.works if self._moved(w.id)]
        if not moved:
            return self._around_request(size)
        weights = [w.weight * abs(self._shift(w.id)) + self.penalty + 1 for w in moved]
        work = self.rng.choices(moved, weights)[0]
        start, planned = self.incumbent.starts[work.id], self.index.planned[work.id]
        assert start is not None and planned is not None
        margin = self.rng.randint(2, 12)
        lo, hi = min(start, planned) - margin, max(start, planned) + work.duration - 1 + margin
        return {work.id} | self._near(work.id, lo, hi, size - 1)

    def _around_request(self, size: int) -> set[str]:
        requests = [r for r in self.scenario.requests if r.mandatory or r.value > 0]
        if not requests:
            return self._time_slice(size)
        request = self.rng.choice(requests)
        start = self.incumbent.starts[request.id]
        margin = self.rng.randint(2, 16)
        if start is None:
            earliest, latest_finish = self.scenario.window(request)
            lo, hi = earliest - margin, latest_finish + margin
        else:
            lo, hi = start - margin, start + request.duration - 1 + margin
        return {request.id} | self._near(request.id, lo, hi, size - 1)

    def _around_budget(self, size: int) -> set[str]:
        """Works of one budget line around a year boundary: they trade money between years."""
        moved = [w for w in self.scenario.works if self._moved(w.id) and w.id in self.index.line_of]
        if not moved:
            return self._around_moved(size)
        work = self.rng.choice(moved)
        line = self.index.line_of[work.id]
        start = self.incumbent.starts[work.id]
        assert start is not None
        margin = self.rng.randint(8, 30)
        members = [
            o.id
            for o in self.scenario.works
            if self.index.line_of.get(o.id) == line and self._movable(o.id)
            and (s := self.incumbent.starts[o.id]) is not None
            and s <= start + work.duration + margin and s + o.duration >= start - margin
        ]
        members.sort(key=lambda i: (not self._moved(i), self.rng.random()))
        return {work.id, *members[: size - 1]}

    def _around_wijk(self, size: int) -> set[str]:
        """Items of the wijk of a displaced work near its weeks: hinder, events and streets."""
        moved = [w for w in self.scenario.works if self._moved(w.id)]
        if not moved:
            return self._time_slice(size)
        work = self.rng.choice(moved)
        wijk = wijk_of(work.area)
        start, planned = self.incumbent.starts[work.id], self.index.planned[work.id]
        assert start is not None and planned is not None
        margin = self.rng.randint(4, 20)
        lo, hi = min(start, planned) - margin, max(start, planned) + work.duration + margin
        members = [
            item.id
            for item in self.scenario.items
            if wijk_of(item.area) == wijk and self._movable(item.id)
            and (s := self.incumbent.starts[item.id]) is not None
            and s <= hi and s + item.duration > lo
        ]
        members.sort(key=lambda i: (not self._moved(i), self.rng.random()))
        return {work.id, *members[: size - 1]}

    def _time_slice(self, size: int) -> set[str]:
        """Everything active in a few weeks around a displaced work (or anywhere)."""
        moved = [w.id for w in self.scenario.works if self._moved(w.id)]
        if moved:
            centre = self.incumbent.starts[self.rng.choice(moved)]
        else:
            centre = self.rng.randint(self.scenario.horizon.first, self.scenario.horizon.last)
        assert centre is not None
        width = self.rng.randint(1, 6)
        items = [
            item.id
            for item in self.scenario.items
            if (s := self.incumbent.starts[item.id]) is not None
            and s <= centre + width and s + item.duration > centre - width
            and self._movable(item.id)
        ]
        items.sort(key=lambda i: (not self._moved(i), self.rng.random()))
        return set(items[:size])

    def _shift(self, work_id: str) -> int:
        start, planned = self.incumbent.starts[work_id], self.index.planned[work_id]
        return 0 if start is None or planned is None else start - planned

    # -- one neighbourhood ------------------------------------------------------------------

    def _solve(
        self,
        free: set[str],
        seconds: float,
        *,
        radius: int | None,
        force: frozenset[str] = frozenset(),
    ) -> tuple[Starts | None, bool]:
        """The best plan of the free items CP-SAT finds in ``seconds``; and whether proven."""
        hood = build_neighbourhood(self.incumbent, free, radius=radius, force=force)
        built = hood.built
        stage = objective_stages(built)[0]
        if stage.maximise:
            built.model.maximize(stage.expr)
        else:
            built.model.minimize(stage.expr)
        self._hint(built)
        settings = replace(self.settings, seed=self.rng.randrange(2**31))
        solver = make_solver(settings, max(0.05, seconds))
        code = run_cpsat(solver, built.model, Reporter("lns", None, 0.0), self.stop)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        found: Starts = {}
        for item_id in hood.free:
            present = built.present[item_id]
            scheduled = present is True or solver.boolean_value(present)
            found[item_id] = solver.value(built.start[item_id]) if scheduled else None
        return found, code == cp_model.OPTIMAL

    def _hint(self, built: ScheduleModel) -> None:
        """The incumbent as a complete hint (an unplaced request: absent, first start)."""
        starts: dict[str, int] = {}
        present: dict[str, bool] = {}
        for item in built.items:
            current = self.incumbent.starts[item.id]
            domain = built.domain[item.id]
            if current is None:
                starts[item.id], present[item.id] = domain[0], False
                continue
            if current not in built.domain_set(item.id):
                current = _nearest(domain, current)
            starts[item.id], present[item.id] = current, True
        built.hint(starts, present)

    def _apply(self, found: Starts) -> None:
        for item_id, start in found.items():
            self.incumbent.place(item_id, start)

    def _report(self) -> None:
        if self.progress is None:
            return
        _, cost = self.cost()
        self.progress(
            ProgressEvent(
                "lns", self.stats.improvements + 1, float(cost), 0.0, time.monotonic() - self.began
            )
        )


def _nearest(domain: list[int], week: int) -> int:
    """The start in ``domain`` closest to ``week`` (the earlier one on a tie)."""
    return min(domain, key=lambda s: (abs(s - week), s))
