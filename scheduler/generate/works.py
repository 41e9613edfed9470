"""The works of the programme: kind, duration, cost, demand, streets and werk-met-werk chains."""

from __future__ import annotations

from collections.abc import Callable

from scheduler.generate.catalogue import COST, DURATION, KIND_MIX, TEMPLATES, WEIGHT
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Buurt, Item


def draw_works(g: Draft) -> None:
    rng = g.rng
    kinds = list(KIND_MIX)
    shares = [KIND_MIX[k] for k in kinds]
    width = max(4, len(str(g.n_works)))
    count = 0

    def next_id() -> str:
        nonlocal count
        count += 1
        return f"W-{count:0{width}d}"

    while count < g.n_works:
        left = g.n_works - count
        buurt = g.pick_buurt()
        if left >= 2 and rng.random() < 0.12:
            draw_cluster(g, buurt, next_id, left)
            continue
        kind = rng.choices(kinds, shares)[0]
        template = rng.choice(TEMPLATES[kind])
        item = make_work(g, next_id(), kind, buurt, template)
        item.desired = rng.randint(0, max(0, g.n - item.duration))
        g.works.append(item)
    pinned = rng.sample(range(len(g.works)), len(g.works) // 20)
    for index in sorted(pinned):
        g.works[index].pinned = True


def draw_cluster(g: Draft, buurt: Buurt, next_id: Callable[[], str], left: int) -> None:
    """Werk met werk: underground works first, then the road in the same street."""
    rng = g.rng
    street = rng.choice(buurt.streets)
    under = rng.choices((["sewer"], ["heat"], ["sewer", "heat"]), (6, 2, 2))[0][: left - 1]
    chain: list[Item] = []
    for kind in under:
        template = TEMPLATES[kind][0]
        chain.append(make_work(g, next_id(), kind, buurt, template, street))
    template = ("Herinrichting {s} (werk met werk)", None, False, True)
    chain.append(make_work(g, next_id(), "road", buurt, template, street))
    lags = [rng.randint(0, 4) for _ in chain]
    total = sum(item.duration for item in chain) + sum(lags)
    t = rng.randint(0, max(0, g.n - total))
    for i, item in enumerate(chain):
        if i:
            pred = chain[i - 1]
            item.after.append((pred, lags[i]))
            pred.successors.append(item)
        item.desired = t
        t += item.duration + lags[i] + rng.randint(0, 2)
    g.works.extend(chain)


def make_work(
    g: Draft,
    wid: str,
    kind: str,
    buurt: Buurt,
    template: tuple[str, str | None, bool, bool],
    street: str | None = None,
) -> Item:
    rng = g.rng
    text, override, digs, resurfaces = template
    lo, mode, hi = DURATION[kind]
    duration = min(hi, max(lo, round(rng.triangular(lo, hi, mode))))
    if street is None and "{s}" in text:
        street = rng.choice(buurt.streets)
    cost = cost_of(g, kind, duration)
    weight = WEIGHT[kind] + (1 if cost >= 1_000_000 else 0) + (1 if rng.random() < 0.15 else 0)
    demand = {g.resource_for(r, buurt): 1 for r in resources_of(g, kind)}
    if kind in ("road", "sewer", "heat") and duration >= 12 and rng.random() < 0.3:
        main = g.resource_for(g.kind_resources[kind][0], buurt)
        demand[main] = 2
    return Item(
        id=wid,
        name=text.format(s=street or "", b=buurt.name),
        kind=kind,
        buurt=buurt,
        street=street if "{s}" in text else None,
        duration=duration,
        demand=demand,
        cost=cost,
        budget=g.line_for(kind, override),
        digs=digs,
        resurfaces=resurfaces,
        weight=weight,
    )


def resources_of(g: Draft, kind: str) -> list[str]:
    found = list(g.kind_resources[kind])
    if "verkeersregelaars" in found and g.rng.random() < 0.5:
        found.remove("verkeersregelaars")
    return found


def cost_of(g: Draft, kind: str, duration: int) -> int:
    lo, hi = COST[kind]
    d_lo, _, d_hi = DURATION[kind]
    share = (duration - d_lo) / (d_hi - d_lo) if d_hi > d_lo else 0.5
    u = 0.5 * g.rng.random() + 0.5 * share
    step = 500 if hi <= 50_000 else 1000
    return max(step, int(round(lo * (hi / lo) ** u / step)) * step)
