"""The coupled profile: works need their own crew *and* shared crews at once; budgets bind.

Real programmes are coupled: a sewer job takes the sewer contractor, the
toezichthouders and the verkeersregelaars in the same weeks, so a few shared
crews tie every kind of work together, and each budget line is nearly spent in
every year. The profile is built backwards from its witness:

1. each request takes its slot first, at the wish of a *victim* (a work of its
   kind that wanted those weeks); then every work goes to the free start nearest
   its wish. That plan of works and requests is the witness W;
2. the baseline B is W without the requests, where the works that share a crew
   (or a wijk's hinder limit) with a request and wanted its weeks move into the
   room it leaves: at most MAX_MOVE weeks, never against ``after``, pinned works
   stay. Going back from B to W is what placing the requests costs at most;
3. requests cost at most REQUEST_BUDGET_SHARE of their line-year; each line's
   amount per year is ``ceil(spend_B / u)`` with u drawn in BUDGET_USE, lowered
   where W spends more, so the baseline uses 92.5-97.5 % and the witness fits.
   A move of step 2 is only made when it keeps that possible.

Capacities aim at 85-95 % average use (``size_resources``); where the greedy
placement finds no slot it raises the capacity that blocks it, which only
loosens. Windows, ``max_shift`` and the request windows are written as in the
classic profile, around both plans. The result is checked by scheduler.check
before it is returned.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction
from typing import Any

from scheduler.generate.areas import draw_areas, draw_events
from scheduler.generate.budgets import draw_lines
from scheduler.generate.catalogue import (
    BUDGET_USE,
    COUPLED_DEMAND,
    COUPLED_MANDATORY,
    COUPLED_RESOURCES,
    COUPLED_USE,
    HINDER_KINDS,
    MAX_MOVE,
    OPTIONAL_REQUESTS,
    REQUEST_BUDGET_SHARE,
)
from scheduler.generate.draft import Draft
from scheduler.generate.output import raw
from scheduler.generate.parts import Item, Resource
from scheduler.generate.requests import make_emergency, make_request
from scheduler.generate.resources import blocked_table, hinder_limit, size_resources
from scheduler.generate.tracker import Tracker, search
from scheduler.generate.witness import place
from scheduler.generate.works import draw_works

Spend = dict[tuple[str, int], Fraction]


def coupled(
    works: int, requests: int, years: int, seed: int, start_year: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """The coupled scenario and its witness (a start week per work and request)."""
    g = Draft(works, requests, years, seed, start_year)
    draw_areas(g)
    draw_crews(g)
    draw_lines(g)
    draw_events(g)
    draw_works(g)
    for item in g.works:
        item.demand = coupled_demand(g, item, full=False)
    draw_coupled_requests(g)
    size_resources(g, COUPLED_USE)
    witness = Tracker(g.n, g.resources, blocked_table(g))
    witness.limit = hinder_limit(g)
    for item in (*g.requests, *sorted(g.works, key=lambda w: (w.desired, w.id))):
        item.witness = place(g, witness, item)
    price_requests(g)
    base = derive_baseline(g, witness)
    shrink_to_fit(g, base, witness)
    for request in g.requests:
        t = request.witness
        request.contested = base.conflict(request, t, False) is not None or not (
            base.breekverbod_ok(request, t)
        )
    document = raw(g, base, witness, budget_rows=coupled_budgets, label=", gekoppeld profiel")
    starts = {item.id: g.week(item.witness) for item in (*g.works, *g.requests)}
    _assert_clean(document, starts)
    return document, starts


def draw_crews(g: Draft) -> None:
    """One pool per crew; the first crew of a kind is its own (COUPLED_DEMAND)."""
    for rid, name, own in COUPLED_RESOURCES:
        g.resources[rid] = Resource(rid, name, own)
    for kind, needs in COUPLED_DEMAND.items():
        g.kind_resources[kind] = [rid for rid, _ in needs]


def coupled_demand(g: Draft, item: Item, full: bool) -> dict[str, int]:
    """The kind's own crew (two units where the work already had two) and the shared crews
    it needs; ``full`` takes every crew the kind can need (requests)."""
    own = g.kind_resources[item.kind][0]
    demand = {own: max(1, item.demand.get(own, 1))}
    for rid, chance in COUPLED_DEMAND[item.kind][1:]:
        if full or g.rng.random() < chance:
            demand[rid] = 1
    return demand


def draw_coupled_requests(g: Draft) -> None:
    """Mostly mandatory requests, some emergency trees, a few optional wishes; each at the
    wish of a victim of its kind, in the victim's buurt, within the first 18 months."""
    rng = g.rng
    soon = min(g.n, 78)
    sorts = ("emergency", "mandatory", "optional")
    for i in range(g.n_requests):
        sort = sorts[i] if i < 3 else rng.choices(sorts, (20, 60, 20))[0]
        if sort == "emergency":
            kind = "tree"
        elif sort == "mandatory":
            spec = rng.choice(COUPLED_MANDATORY)
            kind = spec[0]
        else:
            option = rng.choice(OPTIONAL_REQUESTS)
            kind = option[0]
        victims = [w for w in g.works if w.kind == kind and not w.pinned and w.desired < soon]
        victim = rng.choice(victims) if victims else None
        buurt = victim.buurt if victim else g.pick_buurt()
        street = rng.choice(buurt.streets)
        if sort == "emergency":
            item = make_emergency(g, i, buurt, street)
        elif sort == "mandatory":
            _, text, (d_lo, d_hi), digs = spec
            item = make_request(g, i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
            item.digs = digs
            item.reason = "Veiligheid: herstel kan niet wachten tot het volgende programma"
        else:
            _, text, (d_lo, d_hi), (v_lo, v_hi) = option
            item = make_request(g, i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
            item.mandatory = False
            item.value = rng.randint(v_lo, v_hi)
            item.reason = "Wens uit de wijk (bewonersinitiatief)"
        item.demand = coupled_demand(g, item, full=True)
        wish = victim.desired if victim else rng.randint(2, max(2, soon - item.duration))
        item.desired = min(wish, g.n - item.duration)
        g.requests.append(item)


# -- money ----------------------------------------------------------------------------------


def spend_of(g: Draft, items: list[Item], plan: str) -> Spend:
    """Spend per (line, ISO year) of the items at their baseline or witness starts."""
    spend: Spend = defaultdict(Fraction)
    for item in items:
        _add_spend(g, spend, item, getattr(item, plan), 1)
    return spend


def _add_spend(g: Draft, spend: Spend, item: Item, start: int, sign: int) -> None:
    for year, count in g.weeks_per_year(start, item.duration).items():
        spend[(item.budget, year)] += sign * Fraction(item.cost * count, item.duration)


def price_requests(g: Draft) -> None:
    """A request costs what its kind costs, but the requests that touch a line-year share
    REQUEST_BUDGET_SHARE of the works' spend there equally, so each keeps some money
    and together they leave the budgets able to bind."""
    works = spend_of(g, g.works, "witness")
    share = Fraction(round(REQUEST_BUDGET_SHARE * 1000), 1000)
    sharing: dict[tuple[str, int], int] = defaultdict(int)
    for request in g.requests:
        for year in g.weeks_per_year(request.witness, request.duration):
            sharing[(request.budget, year)] += 1
    for request in g.requests:
        cap = Fraction(request.cost)
        for year, count in g.weeks_per_year(request.witness, request.duration).items():
            key = (request.budget, year)
            cap = min(cap, share * works[key] / sharing[key] * request.duration / count)
        request.cost = int(cap) // 500 * 500


def coupled_budgets(g: Draft) -> list[dict[str, Any]]:
    """per_year = ceil(spend_B / u): u drawn in BUDGET_USE, lowered to spend_B / spend_W
    where the witness spends more, so both plans fit and the baseline uses 92.5-97.5 %."""
    base = spend_of(g, g.works, "baseline")
    witness = spend_of(g, [*g.works, *g.requests], "witness")
    lo, hi = (round(u * 1000) for u in BUDGET_USE)
    rows: list[dict[str, Any]] = []
    for lid, name in g.lines.items():
        per_year: dict[int, int] = {}
        for year in range(g.start_year, g.start_year + g.years):
            spent, needed = base[(lid, year)], witness[(lid, year)]
            u = Fraction(g.rng.randint(lo, hi), 1000)
            if spent and needed > spent:
                u = min(u, spent / needed)
            per_year[year] = math.ceil(spent / u) if spent else math.ceil(needed)
        rows.append({"id": lid, "name": name, "per_year": per_year})
    return rows


def shrink_to_fit(g: Draft, base: Tracker, witness: Tracker) -> None:
    """Lower every capacity (and the hinder limit) to what the busier of the two plans
    needs: both still fit, and the raises the greedy placement made stop being slack."""
    for rid, res in g.resources.items():
        need = [max(b, w) for b, w in zip(base.load[rid], witness.load[rid], strict=True)]
        res.base = max(1, *need)
        for exception in res.exceptions:
            exception[2] = max(need[exception[0] : exception[1] + 1])
        base.caps[rid][:] = base.resource_caps(res)
    busiest = [max(counts) for t in (base, witness) for counts in t.hinder.values()]
    base.limit = witness.limit = max(1, *busiest)


# -- the baseline from the witness ----------------------------------------------------------


def derive_baseline(g: Draft, witness: Tracker) -> Tracker:
    """W without the requests; works that wanted the requests' weeks move into them."""
    base = witness.copy()
    for request in g.requests:
        base.remove(request)
    for work in g.works:
        work.baseline = work.witness
    spend_w = spend_of(g, [*g.works, *g.requests], "witness")
    spend_b = spend_of(g, g.works, "baseline")
    floor = Fraction(round(BUDGET_USE[0] * 1000), 1000)
    for request in g.requests:
        for work in _candidates(g, request):
            _move_into(g, base, work, request, spend_b, spend_w, floor)
    for _ in range(2):
        _polish(g, witness, spend_b, spend_w, floor)
    return base


def _polish(g: Draft, witness: Tracker, spend_b: Spend, spend_w: Spend, floor: Fraction) -> None:
    """The witness takes each displaced work back as near its baseline start as the
    requests and the other works allow: a tighter bound on what the requests cost."""
    for work in g.works:
        old, goal = work.witness, work.baseline
        if old == goal:
            continue
        lo = max(witness.after_bound(work), min(old, goal))
        hi = min(_latest(g, witness, work), max(old, goal))
        witness.remove(work)
        t = search(witness, work, lo, hi, goal) if lo <= hi else None
        if t is not None and abs(t - goal) < abs(old - goal):
            _add_spend(g, spend_w, work, old, -1)
            _add_spend(g, spend_w, work, t, 1)
            if _budgets_hold(g, work, (old, t), spend_b, spend_w, floor):
                witness.place(work, t)
                work.witness = t
                continue
            _add_spend(g, spend_w, work, t, -1)
            _add_spend(g, spend_w, work, old, 1)
        witness.place(work, old)


def _latest(g: Draft, tracker: Tracker, work: Item) -> int:
    """The latest start at which the work's successors (as placed) still follow it."""
    return min(
        (tracker.pos[s.id] - lag - work.duration for s in work.successors for p, lag in s.after
         if p is work),
        default=g.n - work.duration,
    )


def _budgets_hold(
    g: Draft, work: Item, starts: tuple[int, ...], spend_b: Spend, spend_w: Spend,
    floor: Fraction,
) -> bool:
    """The baseline still spends at least ``floor`` of the witness's spend wherever the
    work's money lands, so a per_year amount can bind the one and fit the other."""
    years = {year for t in starts for year in g.weeks_per_year(t, work.duration)}
    return all(spend_b[(work.budget, y)] >= floor * spend_w[(work.budget, y)] for y in years)


def _candidates(g: Draft, request: Item) -> list[Item]:
    """Unpinned works near the request that share a crew or its wijk's hinder limit with
    it, those that wanted its weeks most first."""
    first = request.witness
    hinder = request.kind in HINDER_KINDS
    found = []
    for work in g.works:
        if work.pinned or work.baseline != work.witness or work.baseline == work.desired:
            continue
        if abs(work.witness - first) > MAX_MOVE + work.duration:
            continue
        shares = any(r in request.demand for r in work.demand) or (
            hinder and work.kind in HINDER_KINDS and work.wijk == request.wijk
        )
        if shares:
            found.append(work)
    found.sort(key=lambda work: (abs(work.desired - first), work.id))
    return found


def _move_into(
    g: Draft, base: Tracker, work: Item, request: Item, spend_b: Spend, spend_w: Spend,
    floor: Fraction,
) -> None:
    """Move the work nearer its wish when it then overlaps the request's weeks and every
    budget line-year it leaves keeps at least ``floor`` of the witness's spend."""
    old = work.witness
    lo = max(base.after_bound(work), old - MAX_MOVE, 0)
    hi = min(old + MAX_MOVE, _latest(g, base, work))
    base.remove(work)
    t = search(base, work, lo, hi, min(max(work.desired, lo), hi)) if lo <= hi else None
    ok = (
        t is not None
        and abs(t - work.desired) < abs(old - work.desired)
        and t < request.witness + request.duration
        and request.witness < t + work.duration
    )
    if ok and t is not None:
        _add_spend(g, spend_b, work, old, -1)
        _add_spend(g, spend_b, work, t, 1)
        if _budgets_hold(g, work, (old, t), spend_b, spend_w, floor):
            base.place(work, t)
            work.baseline = t
            return
        _add_spend(g, spend_b, work, t, -1)
        _add_spend(g, spend_b, work, old, 1)
    base.place(work, old)


def _assert_clean(document: dict[str, Any], starts: dict[str, str]) -> None:
    """The generator's promise, checked by the independent checker: the baseline obeys
    every rule and the witness places every request under every rule."""
    from scheduler.generate.write import verify, witness_plan
    from scheduler.io.validate import build_scenario
    from scheduler.text.violations import violation_text

    scenario = build_scenario(document, "generated")
    broken = verify(scenario, witness_plan(scenario, starts))
    if broken:  # pragma: no cover - a generator bug, never the user's input
        raise RuntimeError(f"coupled profile broke a rule: {violation_text(broken[0], 'en')}")
