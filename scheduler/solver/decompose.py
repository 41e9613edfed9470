"""Exact decomposition for city-scale programmes: solve by parts, repair, prove.

A request competes for the crews it needs; almost all of a city's programme never
feels it. So the programme is split into *parts*, first one per resource that a
required request needs: the items using that resource (demand on it only), the
scenario's rules among them, and the displacement cost of the works whose first
request resource it is (each work's cost is *owned* by one part; other works in
the part are free to move). Everything else is left out.

Each part is a relaxation of its share of the objective (it keeps a subset of the
rules on a subset of the items), and the owned shares are disjoint, so the sum of
the parts' proven bounds is a valid lower bound on the displacement of any plan
that places the required requests. Then the parts' plans are merged, every item
left out stays at its planned week, and the whole plan is checked against every
rule. A broken rule names the items involved: their parts are merged, the missing
items, resource or budget line added, and only the changed parts solved again. When
the merged plan breaks nothing, it costs exactly the sum of the parts' optima, which
is the lower bound: the plan is optimal for the whole programme, proven.

It only ever claims what it proved: a bound, and a plan when the parts agreed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from scheduler import weeks
from scheduler.check import Violation, check
from scheduler.plan import Plan
from scheduler.rules import Rule
from scheduler.scenario import Request, Scenario, Work
from scheduler.solver.model import ModelOptions

# A part that would get less than this is not started: its presolve alone needs it.
MIN_PART_SECONDS = 0.5


@dataclass(frozen=True)
class PartResult:
    """What solving one part gave: its bound, and its plan when it found one."""

    bound: int | None
    objective: int | None
    starts: dict[str, int | None] | None
    infeasible: bool = False
    reproducible: bool = False


# (part, options, seconds, attempt): a second attempt should search differently (seed).
SolvePart = Callable[[Scenario, ModelOptions, float, int], PartResult]


@dataclass
class Part:
    resources: set[str]
    lines: set[str]
    items: set[str]
    owned: set[str]
    result: PartResult | None = None

    def absorb(self, other: Part) -> None:
        self.resources |= other.resources
        self.lines |= other.lines
        self.items |= other.items
        self.owned |= other.owned


@dataclass
class OpenPart:
    """A part of the last round that was not proven: its model and the bound it has."""

    scenario: Scenario
    options: ModelOptions
    bound: int


@dataclass
class Decomposition:
    """A valid lower bound, and a proven-optimal plan when the parts agreed."""

    bound: int | None = None
    # The last round's parts that were not proven, and what its proven parts add up to:
    # strengthen() may give the open ones more time later, for a higher bound.
    open_parts: list[OpenPart] = field(default_factory=list)
    settled: int = 0
    plan: Plan | None = None
    rounds: int = 0
    parts: int = 0
    largest: int = 0
    infeasible: bool = False
    reproducible: bool = False
    solved: int = 0


def required_requests(scenario: Scenario) -> set[str]:
    """The requests every part must place: mandatory ones and optional ones with a value.

    An optional request without value never makes a plan better, and leaving it out
    never breaks a rule, so the best plans need not place it.
    """
    return {r.id for r in scenario.requests if r.mandatory or r.value > 0}


def decompose(
    scenario: Scenario,
    required: set[str],
    time_limit: float,
    solve_part: SolvePart,
    stopped: Callable[[], bool] = lambda: False,
    first_round: float | None = None,
    max_part_items: int | None = None,
    part_seconds: float | None = None,
    window: int | None = None,
) -> Decomposition:
    """Solve by parts until the merged plan breaks no rule or the time is up.

    ``first_round`` (seconds, at most ``time_limit``) limits the first round alone:
    repair rounds may use the rest of ``time_limit`` once every first part is proven.
    A part of more than ``max_part_items`` items is the whole model again (a coupled
    programme): it is not solved, and the decomposition ends after that round with
    the bound of the parts it could solve. ``part_seconds`` caps one attempt at a part:
    a part that is not proven by then will not make the decomposition prove anything.
    ``window`` (weeks) leaves out of the first parts the works planned farther than that
    from every window of the part's requests.
    """
    began = time.monotonic()
    outcome = Decomposition()
    parts = _first_parts(scenario, required, window)
    while True:
        outcome.rounds += 1
        limit = time_limit if first_round is None or outcome.rounds > 1 else first_round
        too_large = max_part_items is not None and any(
            len(p.items) > max_part_items for p in parts
        )
        pending = sorted(
            (
                p
                for p in parts
                if p.result is None and (max_part_items is None or len(p.items) <= max_part_items)
            ),
            key=lambda p: len(p.items),
        )
        deadline = began + limit
        out_of_time = _solve_round(
            scenario, pending, required, deadline, solve_part, stopped, part_seconds, outcome
        )
        if outcome.infeasible:
            return outcome
        reproducible = all(p.result is not None and p.result.reproducible for p in parts)
        outcome.parts = len(parts)
        outcome.largest = max((len(p.items) for p in parts), default=0)
        # Costs are never negative, so a part without a proven bound counts as 0.
        bound = sum((p.result.bound or 0) if p.result else 0 for p in parts)
        if outcome.solved or not parts:
            outcome.bound = max(outcome.bound or 0, bound)
        if out_of_time or too_large or any(_unproven(p) for p in parts):
            _keep_open(outcome, scenario, parts, required, max_part_items)
            return outcome
        plan, clashes = _merge(scenario, parts)
        groups = clashes + [_group(v) for v in check(scenario, plan)]
        groups += _exact_budget_groups(scenario, plan)
        if not groups:
            placed = all(plan[r].start is not None for r in required)
            if placed and plan.displacement_cost(scenario) <= bound:
                outcome.plan = plan
                outcome.reproducible = reproducible
            return outcome
        if not _repair(scenario, parts, groups):
            return outcome


def _solve_round(
    scenario: Scenario,
    pending: list[Part],
    required: set[str],
    deadline: float,
    solve_part: SolvePart,
    stopped: Callable[[], bool],
    part_seconds: float | None,
    outcome: Decomposition,
) -> bool:
    """Solve the pending parts of one round; True when the time ran out first.

    Proof times of one part vary several-fold between runs, so a part not proven in its
    share gets a second attempt, with another seed, in the time the others left, unless
    it already had a whole attempt's time. Sets ``outcome.infeasible`` when a part is.
    """
    capped: list[Part] = []
    for attempt in (0, 1):
        todo = pending if attempt == 0 else [
            p for p in pending if _unproven(p) and all(p is not c for c in capped)
        ]
        for index, part in enumerate(todo):
            share = (deadline - time.monotonic()) / (len(todo) - index)
            if part_seconds is not None:
                share = min(share, part_seconds)
            if share < MIN_PART_SECONDS or stopped():
                return True
            sub, options = _part_scenario(scenario, part, required)
            result = solve_part(sub, options, share, attempt)
            if part_seconds is not None and share >= part_seconds:
                capped.append(part)  # had its full time: a retry would not prove it
            outcome.solved += 1
            if result.infeasible:
                outcome.infeasible = True
                return False
            part.result = _better(part.result, result)
    return False


def _keep_open(
    outcome: Decomposition,
    scenario: Scenario,
    parts: list[Part],
    required: set[str],
    max_part_items: int | None,
) -> None:
    """Remember the unproven parts (not the ones too large to solve) for strengthen()."""
    outcome.settled = sum(
        p.result.bound or 0 for p in parts if p.result is not None and not _unproven(p)
    )
    outcome.open_parts = [
        OpenPart(*_part_scenario(scenario, p, required), (p.result.bound or 0) if p.result else 0)
        for p in parts
        if _unproven(p) and (max_part_items is None or len(p.items) <= max_part_items)
    ]


def strengthen(
    outcome: Decomposition,
    solve_part: SolvePart,
    seconds: float,
    stopped: Callable[[], bool] = lambda: False,
) -> None:
    """Give the open parts more time: each bound only rises, and their sum stays valid.

    The parts are those of one round (the first parts, or a repaired set), with
    disjoint owned costs, so the proven parts' sum plus the open parts' bounds is a
    lower bound, as after the round itself.
    """
    began = time.monotonic()
    todo = sorted(outcome.open_parts, key=lambda p: len(p.scenario.items))
    for index, part in enumerate(todo):
        share = (seconds - (time.monotonic() - began)) / (len(todo) - index)
        if share < MIN_PART_SECONDS or stopped():
            break
        result = solve_part(part.scenario, part.options, share, 2)
        if result.bound is not None and not stopped():
            part.bound = max(part.bound, result.bound)
        outcome.solved += 1
    total = outcome.settled + sum(p.bound for p in outcome.open_parts)
    outcome.bound = max(outcome.bound or 0, total)


def _unproven(part: Part) -> bool:
    return part.result is None or part.result.starts is None


def _better(old: PartResult | None, new: PartResult) -> PartResult:
    """The proven result if either is; else the higher bound."""
    if old is None or new.starts is not None:
        return new
    if old.starts is not None or (old.bound or 0) >= (new.bound or 0):
        return old
    return new


@dataclass(frozen=True)
class _Group:
    """Items that must be solved together, with the resource or budget line they share."""

    items: frozenset[str]
    resource: str | None = None
    line: str | None = None


def _group(violation: Violation) -> _Group:
    detail = violation.detail
    resource = detail.get("resource") if violation.rule == Rule.CAPACITY else None
    line = detail.get("budget") if violation.rule == Rule.BUDGET else None
    return _Group(frozenset(violation.items), resource, line)


def _first_parts(
    scenario: Scenario, required: set[str], window: int | None = None
) -> list[Part]:
    """One part per resource a required request needs, in the order they are first needed.

    With ``window``, a part holds only the works planned within that many weeks of the
    window of one of its requests: the others cannot feel the request. Leaving items
    out keeps a part a relaxation (its bound stays valid), and the merged plan's check
    brings back any item a part's plan does clash with.
    """
    order: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for request in scenario.requests:
        if request.id in required:
            earliest, latest_finish = scenario.window(request)
            for r, units in request.demand.items():
                if units > 0:
                    if r not in order:
                        order.append(r)
                    spans.setdefault(r, []).append((earliest, latest_finish))
    parts: list[Part] = []
    owner: dict[str, Part] = {}
    for resource in order:
        part = Part({resource}, set(), set(), set())
        for item in scenario.items:
            if item.demand.get(resource, 0) <= 0:
                continue
            if isinstance(item, Work):
                if window is None or _near_any(scenario, item, spans[resource], window):
                    part.items.add(item.id)
            elif item.id in required:
                part.items.add(item.id)
        parts.append(part)
        owner[resource] = part
    for work in scenario.works:
        first = next(
            (r for r, units in work.demand.items() if units > 0 and r in owner), None
        )
        if first is not None:
            owner[first].owned.add(work.id)
    # A required request that needs no resource still needs a place: a part of its own.
    for request in scenario.requests:
        if request.id in required and not any(request.id in p.items for p in parts):
            parts.append(Part(set(), set(), {request.id}, set()))
    return parts


def _near_any(
    scenario: Scenario, work: Work, spans: list[tuple[int, int]], window: int
) -> bool:
    """Whether the work's planned weeks come within ``window`` weeks of one of the spans."""
    planned = scenario.planned(work)
    if planned is None:
        return True
    last = planned + work.duration - 1
    return any(planned <= hi + window and last >= lo - window for lo, hi in spans)


def _part_scenario(
    scenario: Scenario, part: Part, required: set[str]
) -> tuple[Scenario, ModelOptions]:
    """The part as a scenario of its own: its items, resources, budget lines and all rules."""

    def restricted(item: Work | Request) -> Work | Request:
        update: dict[str, object] = {
            "demand": {r: u for r, u in item.demand.items() if r in part.resources},
            "after": [dep for dep in item.after if dep.work in part.items],
        }
        if item.budget not in part.lines:
            update["budget"], update["cost"] = None, 0
        if isinstance(item, Request):
            update["mandatory"] = True
        return item.model_copy(update=update)

    sub = scenario.derived(
        name=f"{scenario.name or 'scenario'} [{', '.join(sorted(part.resources))}]",
        resources=[r for r in scenario.resources if r.id in part.resources],
        budgets=[b for b in scenario.budgets if b.id in part.lines],
        works=[restricted(w) for w in scenario.works if w.id in part.items],
        requests=[
            restricted(r) for r in scenario.requests if r.id in part.items and r.id in required
        ],
    )
    costless = frozenset(w.id for w in sub.works if w.id not in part.owned)
    return sub, ModelOptions(costless=costless)


def _merge(scenario: Scenario, parts: list[Part]) -> tuple[Plan, list[_Group]]:
    """Every part's plan in one, the rest at its planned week; items the parts disagree on."""
    starts: dict[str, int | None] = {w.id: scenario.planned(w) for w in scenario.works}
    starts.update({r.id: None for r in scenario.requests})
    seen: dict[str, int | None] = {}
    clashes: list[_Group] = []
    for part in parts:
        assert part.result is not None and part.result.starts is not None
        for item_id, start in part.result.starts.items():
            if item_id in seen and seen[item_id] != start:
                clashes.append(_Group(frozenset({item_id})))
            seen.setdefault(item_id, start)
    starts.update(seen)
    return Plan.from_starts(scenario, starts), clashes


def _exact_budget_groups(scenario: Scenario, plan: Plan) -> list[_Group]:
    """Budget lines spent over their limit exactly (the checker allows 1 euro per item)."""
    groups: list[_Group] = []
    for (line, year), spent in plan.budget_use(scenario).items():
        budget = scenario.budget_by_id.get(line)
        limit = budget.per_year.get(year, 0) if budget else 0
        if spent <= Fraction(limit):
            continue
        members = frozenset(
            item.id
            for item in scenario.items
            if item.budget == line
            and (start := plan[item.id].start) is not None
            and any(weeks.iso_year(w) == year for w in range(start, start + item.duration))
        )
        groups.append(_Group(members, line=line))
    return groups


def _repair(scenario: Scenario, parts: list[Part], groups: list[_Group]) -> bool:
    """Merge the parts each group touches and add what they lack; False if nothing changed."""
    before = _shape(parts)
    owned = {item for part in parts for item in part.owned}
    works = {w.id for w in scenario.works}
    for group in groups:
        touched = [p for p in parts if p.items & group.items]
        merged = Part(set(), set(), set(group.items), set())
        for part in touched:
            merged.absorb(part)
            parts.remove(part)
        if group.resource is not None:
            merged.resources.add(group.resource)
        if group.line is not None:
            merged.lines.add(group.line)
        new = {i for i in group.items if i in works and i not in owned}
        merged.owned |= new
        owned |= new
        parts.append(merged)
    changed = _shape(parts) != before
    return changed


def _shape(parts: list[Part]) -> set[tuple[frozenset[str], frozenset[str], frozenset[str]]]:
    return {
        (frozenset(p.resources), frozenset(p.lines), frozenset(p.items)) for p in parts
    }
