"""`plooi impact`: what one request displaces, its alternatives, and what would make room.

The wijkambtenaar's question, answered by real solves (docs/impact.md has the
semantics in full):

1. the earliest week R can start with every work left where it stands;
2. the plan that places R within its deadline with the least displacement,
   with the displaced works, their shifts, causes and chains;
3. up to K alternatives, each displacing a different set of works, and the
   Pareto front of displacement cost against how late in its window R lands;
4. the least extra capacity, budget or deadline that lets R in with nothing
   displaced, each found by a solve and verified by a second solve and the
   independent checker;
5. when R cannot be placed at all, a minimal set of clashing rules.

"Displacement caused by R" is measured against the plan *without* R (the
scenario solved with R left out): R's cost is the cost with R minus the cost
without R, and the works it displaces are those whose start differs. Every
plan reported here passed :func:`scheduler.check.check`. This module never
imports OR-Tools; the solves live in :mod:`scheduler.solver.levers`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from scheduler import weeks
from scheduler.check import check, check_baseline
from scheduler.errors import InputProblem, ScenarioError
from scheduler.explain import Explanation, cause_text, chain_text, explain
from scheduler.greedy import greedy
from scheduler.io.validate import build_scenario
from scheduler.io.yaml_source import load_yaml, read_text
from scheduler.plan import Plan
from scheduler.scenario import (
    Budget,
    CapacityException,
    Objective,
    Request,
    Resource,
    Scenario,
    Work,
    wijk_of,
)
from scheduler.solver import ModelOptions, SolveSettings, StopToken, solve
from scheduler.solver.conflicts import describe_conflict, find_conflict
from scheduler.solver.cpsat import Progress
from scheduler.solver.levers import (
    Clock,
    Found,
    LeverFound,
    RequestModel,
    displaced,
    earliest_start,
    least_budget,
    least_capacity,
    week_capacity,
)
from scheduler.text.money import money

FORMAT = "plooi-impact/1"

# How the time limit is split over the solves (fractions of it; see docs/impact.md).
# Each solve gets a fixed share, never "what is left", so that the same input and
# seed give the same answers in deterministic mode.
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
# A conflict search never gets less than this, even when the run's time is spent.
MIN_CONFLICT_SECONDS = 1.0
# Works running within this many weeks of R's window may move in the fast local search.
NEIGHBOURHOOD_WEEKS = 26
# The Pareto view shows at most this many points (the cheapest first).
PARETO_MAX_POINTS = 8
DEFAULT_OPTIONS = 3

LEVER_ORDER = ("deadline", "capacity", "budget")


class ImpactError(Exception):
    """A question `plooi impact` cannot answer for this input (exit code 2)."""

    def __init__(self, text_nl: str, text_en: str) -> None:
        self.texts = {"nl": text_nl, "en": text_en}
        super().__init__(text_en)

    def render(self, lang: str = "nl") -> str:
        return self.texts.get(lang, self.texts["en"])


# -- the request under analysis -----------------------------------------------------------


def scenario_with(scenario: Scenario, **update: Any) -> Scenario:
    """A copy with some top-level fields replaced (fresh: no stale cached lookups)."""
    return Scenario.model_construct(**{**dict(scenario), **update})


def replace_request(scenario: Scenario, request: Request) -> Scenario:
    return scenario_with(
        scenario, requests=[request if r.id == request.id else r for r in scenario.requests]
    )


def add_request_file(scenario: Scenario, path: str | Path) -> tuple[Scenario, str]:
    """The scenario with the request of a YAML snippet appended, validated like a scenario.

    The snippet is one mapping in the request format. It is checked with the
    same models and cross-checks as a request inside a scenario (fields, weeks,
    areas, resources, budget lines, unique id, `after` references); problems
    name the snippet file, its line and the field. Raises ScenarioError.
    """
    source = str(path)
    located = load_yaml(read_text(Path(path), source), source)
    return add_request(scenario, located.data, source, located.locate)


def add_request(
    scenario: Scenario,
    entry: Any,
    source: str,
    locate_in_entry: Callable[[tuple[str | int, ...]], tuple[int | None, str | None]],
) -> tuple[Scenario, str]:
    """The scenario with one request mapping appended, validated like a scenario's own.

    Shared by ``plooi impact --add`` (a YAML snippet) and the workbench's request
    form, so both give the same messages; places are relative to the request.
    """
    if not isinstance(entry, dict):
        got = "list" if isinstance(entry, list) else str(entry)
        raise ScenarioError([InputProblem(source, "", "expected_mapping", {"got": got}, line=1)])
    raw = scenario.model_dump(mode="json", by_alias=True)
    index = len(raw["requests"])
    raw["requests"].append(entry)
    prefix = ("requests", index)

    def locate(at: tuple[str | int, ...]) -> tuple[int | None, str | None]:
        if at[:2] == prefix:
            return locate_in_entry(at[2:])
        return None, None

    try:
        merged = build_scenario(raw, source, locate)
    except ScenarioError as error:
        head = f"requests[{index}]"
        problems = [
            dataclasses.replace(p, place=p.place[len(head):].lstrip("."))
            if p.place.startswith(head)
            else p
            for p in error.problems
        ]
        raise ScenarioError(problems) from None
    return merged, merged.requests[-1].id


def pick_request(scenario: Scenario, request_id: str) -> Request:
    """The request with this id, or an ImpactError that says what the id is instead."""
    item = scenario.item_by_id.get(request_id)
    if isinstance(item, Request):
        return item
    if item is not None:
        raise ImpactError(
            f"'{request_id}' is een werk uit het programma, geen verzoek; "
            "gebruik --add voor een nieuw verzoek",
            f"'{request_id}' is a work of the programme, not a request; "
            "use --add for a new request",
        )
    known = ", ".join(r.id for r in scenario.requests[:10]) or "—"
    raise ImpactError(
        f"verzoek '{request_id}' staat niet in het scenario (verzoeken: {known})",
        f"request '{request_id}' is not in the scenario (requests: {known})",
    )


# -- results ------------------------------------------------------------------------------


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
    status: str
    starts: dict[str, int | None]
    start: int
    lateness: int
    cost: int  # R's marginal displacement cost: cost with R - cost without R
    total_cost: int
    displaced: tuple[Shift, ...]
    rejected: tuple[str, ...] = ()  # optional requests accepted without R, rejected with it


@dataclass(frozen=True)
class Lever:
    """What would let R in with nothing displaced, and whether a second solve confirmed it.

    status: found | not_needed | not_enough (this lever alone cannot make room) |
    not_applicable (R uses no resource / costs nothing) | unknown (no answer in time).
    """

    kind: str
    status: str
    start: int | None = None
    extra: dict[tuple[str, int], int] = field(default_factory=dict)
    weeks: int = 0
    latest_finish: int | None = None
    verified: bool = False
    stretch: Fraction | None = None

    @property
    def amount(self) -> int:
        return self.weeks if self.kind == "deadline" else sum(self.extra.values())


@dataclass
class Impact:
    scenario: Scenario  # the scenario with R in it (R made mandatory)
    name: str
    request: Request  # as written
    source: str  # scenario | added
    status: str
    settings: SolveSettings
    baseline_status: str = "unknown"
    baseline_cost: int | None = None
    baseline_starts: dict[str, int | None] = field(default_factory=dict)
    earliest: int | None = None
    earliest_status: str = "unknown"
    least: Option | None = None  # the least-displacement plan (what is explained)
    options: list[Option] = field(default_factory=list)
    pareto: list[Option] = field(default_factory=list)
    explanation: Explanation | None = None
    levers: list[Lever] = field(default_factory=list)
    conflict: list[dict[str, Any]] = field(default_factory=list)
    conflict_minimal: bool = True
    conflict_without_request: bool = False
    conflict_texts: dict[str, list[str]] = field(default_factory=dict)
    solves: list[tuple[str, str]] = field(default_factory=list)

    @property
    def window(self) -> tuple[int, int]:
        return self.scenario.window(self.request)

    @property
    def best(self) -> Option | None:
        return self.least

    @property
    def earliest_meets_deadline(self) -> bool | None:
        if self.earliest is None:
            return None
        return self.earliest + self.request.duration - 1 <= self.window[1]

    @property
    def found_levers(self) -> list[Lever]:
        found = [lever for lever in self.levers if lever.status == "found" and lever.verified]
        return sorted(found, key=_lever_rank)

    @property
    def cheapest(self) -> Lever | None:
        found = self.found_levers
        return found[0] if found else None


def _lever_rank(lever: Lever) -> tuple[int, Fraction, int]:
    """Least relative stretch first; an unbounded stretch (from nothing) last; ties by kind."""
    unbounded = lever.stretch is None
    return (int(unbounded), lever.stretch or Fraction(0), LEVER_ORDER.index(lever.kind))


# -- the analysis -------------------------------------------------------------------------


def analyse(
    scenario: Scenario,
    request_id: str,
    *,
    name: str = "scenario",
    source: str = "scenario",
    options: int = DEFAULT_OPTIONS,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    stop: StopToken | None = None,
    progress: Progress | None = None,
) -> Impact:
    """Answer the five questions for request ``request_id`` (already in ``scenario``).

    ``progress`` receives every improving solution of every solve of the run
    (stage, cost, bound, seconds since the start), as ``plooi solve`` reports them.
    """
    original = pick_request(scenario, request_id)
    if scenario.policy.objective != Objective.DISPLACEMENT:
        raise ImpactError(
            "plooi impact meet verschuiving; dit scenario heeft objective makespan",
            "plooi impact measures displacement; this scenario has objective makespan",
        )
    if options < 1:
        raise ImpactError("--options moet minstens 1 zijn", "--options must be at least 1")
    forced = original.model_copy(update={"mandatory": True})
    with_r = replace_request(scenario, forced)
    settings = SolveSettings.from_policy(
        with_r, time_limit=time_limit, seed=seed, workers=workers, deterministic=deterministic
    )
    limit = settings.time_limit
    clock = Clock(limit, progress)
    stop = stop or StopToken()
    impact = Impact(with_r, name, original, source, "unknown", settings)
    checked = _Checked()
    without_r = scenario_with(
        with_r, requests=[r for r in with_r.requests if r.id != request_id]
    )
    models: dict[str, RequestModel] = {}

    def whole() -> RequestModel:
        if "whole" not in models:
            models["whole"] = RequestModel(with_r, request_id, settings, clock, stop)
        return models["whole"]

    def ranking(found: Found) -> tuple[int, int, int]:
        """Least cost, then the fewest works moved from the plan without R, then R early."""
        assert found.starts is not None
        plan = Plan.from_starts(with_r, found.starts)
        start = found.starts[request_id]
        assert start is not None
        moved = len(displaced(with_r, found.starts, impact.baseline_starts))
        return plan.displacement_cost(with_r), moved, start

    # The plan without R: the reference every displacement is measured against.
    others = [r for r in with_r.requests if r.id != request_id]
    baseline = Plan.baseline(with_r).starts()
    if not others and not check_baseline(without_r):
        # Nothing else to place and the programme keeps every rule (just checked): the
        # plan without R is the programme itself, at cost 0, which no plan can beat.
        plan0: Found = Found("without request", "optimal", baseline)
        impact.solves.append((plan0.name, "programme as planned"))
    else:
        # The hand method's plan (scheduler.greedy) is a complete, checked starting point.
        hand = greedy(without_r).plan
        hand_starts = hand.starts() if hand is not None else None
        if hand_starts is not None:
            checked.require(without_r, hand_starts, "the hand method's plan")
        plan0 = whole().solve(
            "without request",
            with_request=False,
            seconds=limit * SHARES["without_request"],
            hint=hand_starts or baseline,
            fallback=hand_starts,
        )
        impact.solves.append((plan0.name, plan0.status))
        if plan0.starts is not None:
            checked.require(without_r, plan0.starts, "the plan without the request")
    impact.baseline_status = plan0.status
    if plan0.starts is None:
        if plan0.status == "infeasible":
            impact.status = "infeasible_without_request"
            impact.conflict_without_request = True
            _explain_conflict(impact, without_r, limit * SHARES["conflict"], clock)
        return impact
    reference = plan0.starts
    impact.baseline_starts = reference
    impact.baseline_cost = Plan.from_starts(without_r, reference).displacement_cost(without_r)

    # The fixed world: every work and every other placed request where it stands.
    fixed = {item_id: start for item_id, start in reference.items() if start is not None}
    left_out = frozenset(r.id for r in others if reference.get(r.id) is None)
    fixed_world = scenario_with(
        with_r,
        requests=[
            r if r.id == request_id or r.id in left_out
            else r.model_copy(update={"mandatory": True})
            for r in with_r.requests
        ],
    )
    held = ModelOptions(fixed_starts=fixed, excluded=left_out)

    # 1. Earliest without displacement (R's deadline set aside).
    early = earliest_start(
        fixed_world, request_id, held, settings, limit * SHARES["earliest"], clock, stop
    )
    impact.solves.append((early.name, early.status))
    impact.earliest_status = early.status
    if early.starts is not None:
        stretched = _with_deadline(fixed_world, request_id, with_r.horizon.last)
        checked.require(stretched, early.starts, "the earliest plan without displacement")
        impact.earliest = early.starts[request_id]

    # 4. Levers: what would let R in with nothing displaced (small fixed-world solves,
    # done before the big ones so that a tight time limit starves those instead).
    if impact.earliest_meets_deadline:
        impact.levers = [Lever(kind, "not_needed") for kind in LEVER_ORDER]
    else:
        impact.levers = [
            _deadline_lever(impact, fixed_world, held, stop, checked),
            _capacity_lever(impact, fixed_world, held, clock, stop, checked),
            _budget_lever(impact, fixed_world, held, clock, stop, checked),
        ]

    # 2. Least displacement within the deadline (R as early as possible among the
    # cheapest): first with only the works near R free (fast, a strong hint), then on
    # the whole programme, which may improve on it and proves optimality.
    near = neighbourhood(with_r, forced, reference)
    movable = {w.id for w in with_r.works if not w.pinned}
    local: RequestModel | None = None
    if near != movable:
        outside = {
            w.id: start
            for w in with_r.works
            if w.id not in near and (start := reference.get(w.id)) is not None
        }
        local = RequestModel(
            with_r, request_id, settings, clock, stop, ModelOptions(fixed_starts=outside)
        )
        local.set_reference(reference)
    hint = dict(reference)
    if impact.earliest is not None and impact.earliest_meets_deadline:
        hint[request_id] = impact.earliest
    seed_plan: Found | None = None
    if local is not None:
        seed_plan = local.solve(
            "least displacement near the request",
            with_request=True,
            seconds=limit * SHARES["local"],
            hint=hint,
            prefer_early=True,
        )
        if seed_plan.starts is not None:
            checked.require(with_r, seed_plan.starts, "the nearby least-displacement plan")
        impact.solves.append((seed_plan.name, seed_plan.status))
        if seed_plan.starts is not None:
            hint = seed_plan.starts
    weighed = any(not r.mandatory and r.value > 0 for r in others)
    if seed_plan is None or seed_plan.starts is None or weighed:
        programme = whole()
        programme.set_reference(reference)
    else:
        # No optimal plan costs more than this valid one, so no work can shift further
        # than that cost allows: an exact bound that shrinks the whole-programme model.
        # (Not with optional requests to weigh: more value may be worth more cost.)
        caps = shift_caps(with_r, Plan.from_starts(with_r, seed_plan.starts))
        programme = RequestModel(
            with_r, request_id, settings, clock, stop, ModelOptions(shift_cap=caps)
        )
        programme.set_reference(reference)
    best = programme.solve(
        "least displacement",
        with_request=True,
        seconds=limit * SHARES["least_displacement"],
        hint=hint,
        prefer_early=True,
    )
    impact.solves.append((best.name, best.status))
    if seed_plan is not None and seed_plan.starts is not None and (
        best.starts is None or ranking(seed_plan) < ranking(best)
    ):
        best = Found(best.name, "feasible", seed_plan.starts, seed_plan.objective)
    search = local or programme
    if best.starts is not None:
        checked.require(with_r, best.starts, "the least-displacement plan")
        # Causes and chains of what R displaces: the explainer's "why is this work
        # not where it stood", with "where it stood" the plan without R.
        rebased = rebase(with_r, reference)
        impact.explanation = explain(rebased, Plan.from_starts(rebased, best.starts))
        first = _option(impact, search, best, 1)
        impact.least = first
        impact.status = "fits" if not first.displaced and not first.rejected else "displaces"

        # 3. Alternatives and the Pareto view (searched with the works near R free).
        more = search.alternatives(
            best, reference, options, limit * SHARES["alternatives"] / max(1, options - 1)
        )
        impact.solves += [(f.name, f.status) for f in more]
        for candidate in more:
            checked.require(with_r, candidate.starts or {}, candidate.name)
        # The order of the objective: cost, then fewest works moved, then R early;
        # the least-displacement plan comes first among equals (sorted() is stable).
        ranked = sorted(
            (_option(impact, search, f, 0) for f in [best, *more]),
            key=lambda o: (o.cost, len(o.displaced), o.lateness),
        )
        impact.options = [dataclasses.replace(o, rank=i + 1) for i, o in enumerate(ranked)]
        impact.least = next(o for o in impact.options if o.starts == best.starts)
        front = search.pareto(
            best, PARETO_MAX_POINTS, limit * SHARES["pareto"] / (PARETO_MAX_POINTS - 1)
        )
        impact.solves += [(f.name, f.status) for f in front[1:]]
        for point in front[1:]:
            checked.require(with_r, point.starts or {}, point.name)
        impact.pareto = [_option(impact, search, f, i + 1) for i, f in enumerate(front)]
    elif best.status == "infeasible":
        impact.status = "cannot_be_placed"
        _explain_conflict(impact, with_r, limit * SHARES["conflict"], clock)
    else:
        impact.status = "unknown"

    return impact


class _Checked:
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
        details = "; ".join(v.message("en") for v in violations[:5])
        raise RuntimeError(f"internal error: {what} breaks hard rules: {details}")


def rebase(scenario: Scenario, reference: dict[str, int | None]) -> Scenario:
    """The scenario with every work's planned start moved to its start in ``reference``."""
    works = []
    for work in scenario.works:
        start = reference.get(work.id)
        if start is None or start == scenario.planned(work):
            works.append(work)
        else:
            works.append(work.model_copy(update={"planned_start": weeks.format_week(start)}))
    return scenario_with(scenario, works=works)


def shift_caps(scenario: Scenario, plan: Plan) -> dict[str, int]:
    """The largest shift any work can have in a plan that costs no more than ``plan``.

    A work that moves pays ``move_penalty + weight * |shift|``, so with total cost
    C it shifts at most ``(C - move_penalty) // weight`` weeks (none when that is
    negative). A work of weight 0 is capped only when it cannot pay the penalty.
    """
    cost = plan.displacement_cost(scenario)
    penalty = scenario.policy.move_penalty
    caps: dict[str, int] = {}
    for work in scenario.works:
        if work.weight > 0:
            caps[work.id] = max(0, (cost - penalty) // work.weight)
        elif cost < penalty:
            caps[work.id] = 0
    return caps


def neighbourhood(
    scenario: Scenario, request: Request, reference: dict[str, int | None]
) -> set[str]:
    """The works the fast local search may move.

    A work qualifies when it is not pinned, runs within NEIGHBOURHOOD_WEEKS of R's
    window in the plan without R, and is linked to R directly (a shared resource,
    budget line, hinder group or street, an `after` link or a bundle) or through one
    such work (a shared resource, an `after` link or a bundle).
    """
    first, last = scenario.window(request)
    low, high = first - NEIGHBOURHOOD_WEEKS, last + NEIGHBOURHOOD_WEEKS
    nearby = []
    for work in scenario.works:
        start = reference.get(work.id)
        if work.pinned or start is None:
            continue
        if start <= high and start + work.duration - 1 >= low:
            nearby.append(work)

    bundles = scenario.rules.bundles

    def links(item: Work | Request, wide: bool) -> set[tuple[str, ...]]:
        keys: set[tuple[str, ...]] = {
            ("resource", rid) for rid, units in item.demand.items() if units > 0
        }
        keys |= {("after", dep.work) for dep in item.after} | {("after", item.id)}
        keys |= {("bundle", str(b)) for b, group in enumerate(bundles) if item.id in group.items}
        if wide:
            if item.budget is not None and item.cost > 0:
                keys.add(("budget", item.budget))
            for index, rule in enumerate(scenario.rules.max_concurrent):
                if item.kind in rule.kinds:
                    area = wijk_of(item.area) if rule.per == "wijk" else item.area
                    keys.add(("hinder", str(index), area))
            if item.street and (item.digs or item.resurfaces):
                keys.add(("street", item.street, wijk_of(item.area)))
        return keys

    direct = links(request, wide=True)
    level_one = {w.id for w in nearby if links(w, wide=True) & direct}
    reach = set(direct)
    for work in nearby:
        if work.id in level_one:
            reach |= links(work, wide=False)
    return level_one | {w.id for w in nearby if links(w, wide=False) & reach}


def _option(impact: Impact, model: RequestModel, found: Found, rank: int) -> Option:
    scenario = impact.scenario
    starts = found.starts
    assert starts is not None
    request_id = impact.request.id
    start = starts[request_id]
    assert start is not None
    reference = impact.baseline_starts
    total = Plan.from_starts(scenario, starts).displacement_cost(scenario)
    shifts = []
    for work_id in displaced(scenario, starts, reference):
        before, after = reference[work_id], starts[work_id]
        assert before is not None and after is not None
        shifts.append(Shift(work_id, scenario.item_by_id[work_id].name, before, after))
    rejected = tuple(
        r.id
        for r in scenario.requests
        if r.id != request_id and reference.get(r.id) is not None and starts.get(r.id) is None
    )
    return Option(
        rank=rank,
        status=found.status,
        starts=starts,
        start=start,
        lateness=start - model.first,
        cost=total - (impact.baseline_cost or 0),
        total_cost=total,
        displaced=tuple(shifts),
        rejected=rejected,
    )


def _explain_conflict(impact: Impact, scenario: Scenario, seconds: float, clock: Clock) -> None:
    """A minimal conflict on the guarded feasibility model (no objective), shrunk by deletion.

    Its time is its share of the limit, but never past the run's deadline (with at
    least MIN_CONFLICT_SECONDS, so that a conflict is always named).
    """
    budget = min(seconds, max(clock.left(), MIN_CONFLICT_SECONDS))
    found = find_conflict(scenario, None, time_limit=budget, seed=impact.settings.seed)
    impact.solves.append(("conflict", "minimal" if found and found.minimal else
                          "found" if found else "none"))
    if found is not None:
        impact.conflict = describe_conflict(scenario, found, "en")
        impact.conflict_minimal = found.minimal
        impact.conflict_texts = {
            lang: [str(row["text"]) for row in describe_conflict(scenario, found, lang)]
            for lang in ("nl", "en")
        }


# -- levers -------------------------------------------------------------------------------


def _verify(
    impact: Impact,
    kind: str,
    scenario: Scenario,
    options: ModelOptions,
    lifted: Scenario,
    stop: StopToken,
    checked: _Checked,
) -> tuple[bool, int | None]:
    """Re-solve with the lever applied through ModelOptions, then check that plan with the
    independent checker against the scenario with the lever written into it."""
    settings = impact.settings
    result = solve(
        scenario,
        time_limit=max(0.1, settings.time_limit * SHARES["verify"]),
        seed=settings.seed,
        workers=settings.workers,
        deterministic=settings.deterministic,
        options=options,
        stop=stop,
    )
    impact.solves.append((f"verify {kind}", str(result.status)))
    if result.plan is None:
        return False, None
    starts = result.plan.starts()
    if not checked.clean(lifted, starts):
        return False, None
    return True, starts[impact.request.id]


def _deadline_lever(
    impact: Impact, world: Scenario, held: ModelOptions, stop: StopToken, checked: _Checked
) -> Lever:
    if impact.earliest is None:
        status = "not_enough" if impact.earliest_status == "infeasible" else "unknown"
        return Lever("deadline", status)
    request = impact.request
    earliest, latest_finish = impact.window
    finish = impact.earliest + request.duration - 1
    extension = finish - latest_finish
    options = dataclasses.replace(held, deadline_shift={request.id: extension})
    lifted = _with_deadline(world, request.id, finish)
    verified, start = _verify(impact, "deadline", world, options, lifted, stop, checked)
    stretch = Fraction(extension, latest_finish - earliest + 1)
    return Lever("deadline", "found", start, {}, extension, finish, verified, stretch)


def _capacity_lever(
    impact: Impact,
    world: Scenario,
    held: ModelOptions,
    clock: Clock,
    stop: StopToken,
    checked: _Checked,
) -> Lever:
    settings = impact.settings
    found = least_capacity(
        world, impact.request.id, held, settings,
        settings.time_limit * SHARES["capacity"], clock, stop,
    )
    return _extra_lever(impact, "capacity", found, world, held, stop, checked)


def _budget_lever(
    impact: Impact,
    world: Scenario,
    held: ModelOptions,
    clock: Clock,
    stop: StopToken,
    checked: _Checked,
) -> Lever:
    settings = impact.settings
    found = least_budget(
        world, impact.request.id, held, settings,
        settings.time_limit * SHARES["budget"], clock, stop,
    )
    return _extra_lever(impact, "budget", found, world, held, stop, checked)


def _extra_lever(
    impact: Impact,
    kind: str,
    found: LeverFound | None,
    world: Scenario,
    held: ModelOptions,
    stop: StopToken,
    checked: _Checked,
) -> Lever:
    if found is None:
        return Lever(kind, "not_applicable")
    impact.solves.append((f"{kind} lever", found.status))
    if found.start is None:
        return Lever(kind, "not_enough" if found.status == "infeasible" else "unknown")
    if not found.extra:
        # The least extra is nothing: only possible if the deadline was the obstacle
        # and this lever cannot move it. Say so rather than claim a zero lever.
        return Lever(kind, "not_enough")
    if kind == "capacity":
        options = dataclasses.replace(held, extra_capacity=dict(found.extra))
        lifted = with_capacity(world, found.extra)
        stretch = _capacity_stretch(world, found.extra)
    else:
        options = dataclasses.replace(held, extra_budget=dict(found.extra))
        lifted = with_budget(world, found.extra)
        stretch = _budget_stretch(world, found.extra)
    extra = dict(found.extra)
    verified, start = _verify(impact, kind, world, options, lifted, stop, checked)
    if not verified and kind == "budget":
        # The solver rounds each scaled spend term up (by far less than a euro in all);
        # where that tips an exact fit, one euro more per year settles it.
        extra = {key: euros + 1 for key, euros in extra.items()}
        options = dataclasses.replace(held, extra_budget=extra)
        verified, start = _verify(
            impact, kind, world, options, with_budget(world, extra), stop, checked
        )
    return Lever(kind, "found", start, extra, 0, None, verified, stretch)


def _capacity_stretch(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Fraction | None:
    """The largest relative increase in any week; None when a week has no capacity at all."""
    shares = []
    for (rid, week), units in extra.items():
        base = week_capacity(scenario.resource_by_id[rid], week)
        if base == 0:
            return None
        shares.append(Fraction(units, base))
    return max(shares)


def _budget_stretch(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Fraction | None:
    shares = []
    for (line, year), euros in extra.items():
        limit = scenario.budget_by_id[line].per_year.get(year, 0)
        if limit == 0:
            return None
        shares.append(Fraction(euros, limit))
    return max(shares)


def with_capacity(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Scenario:
    """The scenario with extra units of resources in single weeks, written as exceptions."""
    by_resource: dict[str, dict[int, int]] = {}
    for (rid, week), units in extra.items():
        by_resource.setdefault(rid, {})[week] = units
    resources: list[Resource] = []
    for resource in scenario.resources:
        more = by_resource.get(resource.id)
        if not more:
            resources.append(resource)
            continue
        rows: list[tuple[int, int, int]] = []
        for exception in resource.exceptions:
            first, last = weeks.parse_week(exception.from_), weeks.parse_week(exception.to)
            run: int | None = None
            for week in range(first, last + 2):
                inside = week <= last and week not in more
                if inside and run is None:
                    run = week
                if not inside and run is not None:
                    rows.append((run, week - 1, exception.capacity))
                    run = None
        for week, units in more.items():
            rows.append((week, week, week_capacity(resource, week) + units))
        exceptions = [
            CapacityException.model_validate(
                {"from": weeks.format_week(a), "to": weeks.format_week(b), "capacity": c}
            )
            for a, b, c in sorted(rows)
        ]
        resources.append(resource.model_copy(update={"exceptions": exceptions}))
    return scenario_with(scenario, resources=resources)


def with_budget(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Scenario:
    """The scenario with extra euros on budget lines in given years."""
    budgets: list[Budget] = []
    for line in scenario.budgets:
        per_year = dict(line.per_year)
        for (line_id, year), euros in extra.items():
            if line_id == line.id:
                per_year[year] = per_year.get(year, 0) + euros
        budgets.append(line.model_copy(update={"per_year": per_year}))
    return scenario_with(scenario, budgets=budgets)


def _with_deadline(scenario: Scenario, request_id: str, finish: int) -> Scenario:
    request = scenario.item_by_id[request_id]
    assert isinstance(request, Request)
    moved = request.model_copy(update={"latest_finish": weeks.format_week(finish)})
    return replace_request(scenario, moved)


# -- words --------------------------------------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def percent(share: Fraction, lang: str) -> str:
    value = float(share * 100)
    text = f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _runs(weeks_units: dict[int, int]) -> list[tuple[int, int, int]]:
    """(first, last, units) for consecutive weeks that need the same number of units."""
    runs: list[tuple[int, int, int]] = []
    for week in sorted(weeks_units):
        units = weeks_units[week]
        if runs and runs[-1][1] == week - 1 and runs[-1][2] == units:
            runs[-1] = (runs[-1][0], week, units)
        else:
            runs.append((week, week, units))
    return runs


def lever_text(impact: Impact, lever: Lever, lang: str = "nl") -> str:
    """One plain sentence: the amount, where or when, and the week R could then start."""
    nl = lang == "nl"
    rid = impact.request.id
    if lever.status != "found":
        return _lever_missing_text(impact, lever, lang)
    if lever.kind == "deadline":
        assert lever.latest_finish is not None
        text = (
            f"deadline {_plural(lever.weeks, 'week', 'weken')} later: "
            f"{weeks.format_week(lever.latest_finish)} in plaats van "
            f"{weeks.format_week(impact.window[1])}"
            if nl
            else f"a deadline {_plural(lever.weeks, 'week', 'weeks')} later: "
            f"{weeks.format_week(lever.latest_finish)} instead of "
            f"{weeks.format_week(impact.window[1])}"
        )
    elif lever.kind == "capacity":
        parts = []
        by_resource: dict[str, dict[int, int]] = {}
        for (resource, week), units in lever.extra.items():
            by_resource.setdefault(resource, {})[week] = units
        for resource in sorted(by_resource):
            for first, last, units in _runs(by_resource[resource]):
                span = weeks.format_range(first, last)
                unit = ("eenheid" if units == 1 else "eenheden") if nl else (
                    "unit" if units == 1 else "units")
                parts.append(
                    f"{units} extra {unit} {resource} in {span}"
                    if nl
                    else f"{units} extra {unit} of {resource} in {span}"
                )
        total = lever.amount
        text = "; ".join(parts) + (
            f" ({_plural(total, 'eenheid-week', 'eenheid-weken')})"
            if nl
            else f" ({_plural(total, 'unit-week', 'unit-weeks')})"
        )
    else:
        parts = [
            f"{money(euros, lang)} extra op budgetlijn {line} in {year}"
            if nl
            else f"{money(euros, lang)} more on budget line {line} in {year}"
            for (line, year), euros in sorted(lever.extra.items())
        ]
        text = "; ".join(parts)
    if lever.start is not None:
        text += (
            f"; {rid} kan dan in {weeks.format_week(lever.start)}"
            if nl
            else f"; {rid} can then start in {weeks.format_week(lever.start)}"
        )
    if not lever.verified:
        text += " (niet bevestigd)" if nl else " (not confirmed)"
    return text


def _lever_missing_text(impact: Impact, lever: Lever, lang: str) -> str:
    nl = lang == "nl"
    what = {
        "deadline": ("een latere deadline", "a later deadline"),
        "capacity": ("extra capaciteit", "extra capacity"),
        "budget": ("extra budget", "extra budget"),
    }[lever.kind][0 if nl else 1]
    if lever.status == "not_needed":
        return f"{what}: niet nodig" if nl else f"{what}: not needed"
    if lever.status == "not_applicable":
        reason = {
            "capacity": ("het verzoek vraagt geen ploeg of materieel",
                         "the request uses no crew or equipment"),
            "budget": ("het verzoek kost niets", "the request costs nothing"),
            "deadline": ("", ""),
        }[lever.kind][0 if nl else 1]
        return f"{what}: n.v.t. ({reason})" if nl else f"{what}: not applicable ({reason})"
    if lever.status == "not_enough":
        return (
            f"{what} alleen is niet genoeg: andere regels houden het verzoek tegen"
            if nl
            else f"{what} alone is not enough: other rules still keep the request out"
        )
    return (
        f"{what}: geen antwoord binnen de tijdslimiet"
        if nl
        else f"{what}: no answer within the time limit"
    )


def cheapest_text(impact: Impact, lang: str = "nl") -> str | None:
    """Which lever is cheapest, and the rule used to compare different units."""
    lever = impact.cheapest
    if lever is None:
        return None
    nl = lang == "nl"
    stretched = {
        "deadline": ("het venster van het verzoek", "the request's window"),
        "capacity": (
            "de capaciteit in die week" if len(lever.extra) == 1 else "de capaciteit in die weken",
            "the capacity in that week" if len(lever.extra) == 1 else "the capacity in those weeks",
        ),
        "budget": ("de budgetlijn in dat jaar", "the budget line in that year"),
    }[lever.kind][0 if nl else 1]
    share = (
        percent(lever.stretch, lang) if lever.stretch is not None
        else ("alles (er is nu niets)" if nl else "everything (there is none now)")
    )
    if nl:
        return (
            f"Goedkoopste hefboom: {lever_text(impact, lever, lang)}. Dat rekt "
            f"{stretched} op met {share}. Weken, eenheid-weken en euro's zijn "
            "verschillende eenheden; plooi noemt de hefboom die zijn eigen grens "
            "met het kleinste deel oprekt."
        )
    return (
        f"Cheapest lever: {lever_text(impact, lever, lang)}. That stretches {stretched} "
        f"by {share}. Weeks, unit-weeks and euros are different units; plooi names the "
        "lever that stretches its own limit by the smallest share."
    )


def shifts_text(option: Option, lang: str = "nl", limit: int = 6) -> str:
    if not option.displaced:
        return "niets" if lang == "nl" else "nothing"
    shown = [f"{s.id} ({s.shift:+d})" for s in option.displaced[:limit]]
    rest = len(option.displaced) - len(shown)
    if rest:
        shown.append(f"{rest} {'meer' if lang == 'nl' else 'more'}")
    return ", ".join(shown)


def recommendation(impact: Impact, lang: str = "nl") -> str:
    """The advice in a few plain sentences."""
    nl = lang == "nl"
    rid = impact.request.id
    best = impact.best
    cheapest = impact.cheapest
    instead = ""
    if cheapest is not None:
        instead = (
            f" Zonder iets te verschuiven kan het met de goedkoopste hefboom: "
            f"{lever_text(impact, cheapest, lang)}."
            if nl
            else f" To move nothing instead, use the cheapest lever: "
            f"{lever_text(impact, cheapest, lang)}."
        )
    if impact.status == "fits" and best is not None:
        return (
            f"Plaats {rid} in {weeks.format_week(best.start)}: er hoeft niets te schuiven."
            if nl
            else f"Schedule {rid} in {weeks.format_week(best.start)}: nothing has to move."
        )
    if impact.status == "displaces" and best is not None:
        count = len(best.displaced)
        head = (
            f"Plaats {rid} in {weeks.format_week(best.start)}; dat verschuift "
            f"{_plural(count, 'werk', 'werken')} ({shifts_text(best, lang)}), "
            f"verschuivingskosten {best.cost}."
            if nl
            else f"Schedule {rid} in {weeks.format_week(best.start)}; that displaces "
            f"{_plural(count, 'work', 'works')} ({shifts_text(best, lang)}), "
            f"displacement cost {best.cost}."
        )
        if best.rejected:
            head += (
                f" Optionele verzoeken die dan afvallen: {', '.join(best.rejected)}."
                if nl
                else f" Optional requests that then drop out: {', '.join(best.rejected)}."
            )
        return head + instead
    if impact.status == "cannot_be_placed":
        head = (
            f"{rid} past niet binnen de regels, ook niet door werken te verschuiven."
            if nl
            else f"{rid} cannot be placed within the rules, not even by moving works."
        )
        if cheapest is not None:
            return head + (
                f" Het past wel met de goedkoopste hefboom: {lever_text(impact, cheapest, lang)}."
                if nl
                else f" It fits with the cheapest lever: {lever_text(impact, cheapest, lang)}."
            )
        return head + (
            " Geen enkele hefboom alleen is genoeg; een van de botsende regels moet wijken."
            if nl
            else " No single lever is enough; one of the clashing rules has to give."
        )
    if impact.status == "infeasible_without_request":
        return (
            "Het scenario is al onhaalbaar zonder dit verzoek; los dat eerst op."
            if nl
            else "The scenario is infeasible even without this request; resolve that first."
        )
    return (
        "Binnen de tijdslimiet is geen plan gevonden; probeer een ruimere --time-limit."
        if nl
        else "No plan was found within the time limit; try a larger --time-limit."
    )


# -- the JSON document --------------------------------------------------------------------


def _week(ordinal: int | None) -> str | None:
    return None if ordinal is None else weeks.format_week(ordinal)


def _option_row(impact: Impact, option: Option) -> dict[str, Any]:
    duration = impact.request.duration
    return {
        "rank": option.rank,
        "start": weeks.format_week(option.start),
        "finish": weeks.format_week(option.start + duration - 1),
        "lateness": option.lateness,
        "displacement_cost": option.cost,
        "total_displacement_cost": option.total_cost,
        "status": option.status,
        "displaced": [
            {
                "id": s.id,
                "name": s.name,
                "from": weeks.format_week(s.before),
                "to": weeks.format_week(s.after),
                "shift": s.shift,
            }
            for s in option.displaced
        ],
        "rejected": list(option.rejected),
    }


def _lever_row(impact: Impact, lever: Lever, lang: str) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": lever.kind}
    if lever.kind == "capacity":
        resources = sorted({rid for rid, _ in lever.extra})
        row.update(
            resource=resources[0],
            resources=resources,
            weeks=[weeks.format_week(w) for w in sorted({w for _, w in lever.extra})],
            units=max(lever.extra.values()),
            unit_weeks=lever.amount,
            extra=[
                {"resource": rid, "week": weeks.format_week(w), "units": units}
                for (rid, w), units in sorted(lever.extra.items())
            ],
        )
    elif lever.kind == "budget":
        (line, year) = sorted(lever.extra)[0]
        row.update(
            line=line,
            year=year,
            euros=lever.amount,
            extra=[
                {"line": ln, "year": yr, "euros": euros}
                for (ln, yr), euros in sorted(lever.extra.items())
            ],
        )
    else:
        row.update(weeks=lever.weeks, latest_finish=_week(lever.latest_finish))
    row.update(
        start=_week(lever.start),
        verified=lever.verified,
        stretch=None if lever.stretch is None else round(float(lever.stretch), 6),
        text=lever_text(impact, lever, lang),
    )
    return row


def impact_document(impact: Impact, lang: str = "nl") -> dict[str, Any]:
    """Everything as plain data; no wall-clock times, so identical runs give identical JSON."""
    request = impact.request
    earliest, latest_finish = impact.window
    best = impact.best
    document: dict[str, Any] = {
        "format": FORMAT,
        "scenario": impact.name,
        "request": {
            "id": request.id,
            "name": request.name,
            "source": impact.source,
            "kind": str(request.kind),
            "area": request.area,
            "duration": request.duration,
            "earliest": weeks.format_week(earliest),
            "latest_finish": weeks.format_week(latest_finish),
            "mandatory": request.mandatory,
            "requested_by": request.requested_by,
            "reason": request.reason,
        },
        "status": impact.status,
        "without_request": {
            "status": impact.baseline_status,
            "displacement_cost": impact.baseline_cost,
        },
        "earliest_without_displacement": _week(impact.earliest),
        "earliest_meets_deadline": impact.earliest_meets_deadline,
        "least_displacement": None,
        "options": [_option_row(impact, o) for o in impact.options],
        "pareto": [
            {
                "start": weeks.format_week(p.start),
                "lateness": p.lateness,
                "displacement_cost": p.cost,
                "displaced": [s.id for s in p.displaced],
            }
            for p in impact.pareto
        ],
        "levers": [_lever_row(impact, lever, lang) for lever in impact.found_levers],
        "levers_not_found": [
            {"kind": lever.kind, "status": lever.status, "text": lever_text(impact, lever, lang)}
            for lever in impact.levers
            if not (lever.status == "found" and lever.verified)
        ],
        "cheapest_lever": impact.cheapest.kind if impact.cheapest else None,
        "cheapest_lever_text": cheapest_text(impact, lang),
        "conflict": conflict_texts(impact, lang),
        "conflict_rules": [
            {**row, "text": text}
            for row, text in zip(impact.conflict, conflict_texts(impact, lang), strict=True)
        ],
        "conflict_minimal": impact.conflict_minimal if impact.conflict else None,
        "conflict_without_request": impact.conflict_without_request,
        "recommendation": recommendation(impact, lang),
        "solver": {
            "time_limit": impact.settings.time_limit,
            "seed": impact.settings.seed,
            "workers": impact.settings.workers,
            "deterministic": impact.settings.deterministic,
            "solves": [{"name": n, "status": s} for n, s in impact.solves],
        },
    }
    if best is not None:
        row = _option_row(impact, best)
        row["causes"] = _causes(impact, best, lang)
        row["chains"] = chain_rows(impact)
        document["least_displacement"] = row
    return document


def conflict_texts(impact: Impact, lang: str) -> list[str]:
    return list(impact.conflict_texts.get(lang, []))


def _causes(impact: Impact, option: Option, lang: str) -> dict[str, list[str]]:
    explanation = impact.explanation
    if explanation is None:
        return {}
    return {
        s.id: [cause_text(c, lang) for c in explanation.causes_of(s.id)] for s in option.displaced
    }


def request_chains(impact: Impact) -> list[tuple[str, ...]]:
    """R's displacement chains, cut at the first work R does not displace.

    The explainer's chains follow moves from the planned starts; a work moved by
    another request can hang below a work R moved. Only works whose start differs
    from the plan without R belong to R's chains; chains that become a prefix of
    another are dropped.
    """
    explanation, best = impact.explanation, impact.best
    if explanation is None or best is None:
        return []
    moved = {s.id for s in best.displaced}
    cut: list[tuple[str, ...]] = []
    for r in explanation.requests:
        if r.id != impact.request.id:
            continue
        for chain in r.chains:
            kept = [chain[0]]
            for node in chain[1:]:
                if node not in moved:
                    break
                kept.append(node)
            if len(kept) > 1 and tuple(kept) not in cut:
                cut.append(tuple(kept))
    return [c for c in cut if not any(o != c and o[: len(c)] == c for o in cut)]


def chain_rows(impact: Impact) -> list[str]:
    return [chain_text(chain) for chain in request_chains(impact)]


__all__ = [
    "DEFAULT_OPTIONS",
    "FORMAT",
    "Impact",
    "ImpactError",
    "Lever",
    "Option",
    "SHARES",
    "Shift",
    "add_request_file",
    "analyse",
    "cheapest_text",
    "impact_document",
    "lever_text",
    "recommendation",
    "with_budget",
    "with_capacity",
]
