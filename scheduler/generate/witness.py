"""The baseline (today's plan) and the witness: a plan with every request placed."""

from __future__ import annotations

from collections import defaultdict

from scheduler.generate.catalogue import MAX_MOVE
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Item
from scheduler.generate.tracker import Tracker, force, search


def place_baseline(g: Draft, tracker: Tracker) -> None:
    """Today's plan: every work in order of wish, each at the free start nearest to it."""
    for item in sorted(g.works, key=lambda w: (w.desired, w.id)):
        item.baseline = place(g, tracker, item)


def place(g: Draft, tracker: Tracker, item: Item) -> int:
    hi = g.n - item.duration
    lo = tracker.after_bound(item)
    t = search(tracker, item, lo, hi, item.desired)
    if t is None:
        t = force(tracker, item, lo, hi, item.desired)
    if t is None and item.after:  # the chain does not fit: no lag, then no order
        item.after = [(pred, 0) for pred, _ in item.after]
        t = force(tracker, item, tracker.after_bound(item), hi, item.desired)
        if t is None:
            for pred, _ in item.after:
                pred.successors.remove(item)
            item.after = []
            t = force(tracker, item, 0, hi, item.desired)
    if t is None:  # the street keeps it out: it is no longer a street work
        item.street = None
        t = force(tracker, item, 0, hi, item.desired)
    if t is None:
        raise RuntimeError(f"generator could not place {item.id}")  # pragma: no cover
    tracker.place(item, t)
    return t


def place_witness(g: Draft, base: Tracker) -> Tracker:
    """Each request lands on a work of the baseline (a *victim*) whose crew it needs; the
    witness moves that work, and its successors where they must follow, out of the way."""
    witness = base.copy()
    users: dict[str, list[Item]] = defaultdict(list)
    for item in g.works:
        for r in item.demand:
            users[r].append(item)
    for request in g.requests:
        if not land(g, base, witness, request, users):
            request.witness = place(g, witness, request)
        request.contested = base.conflict(request, request.witness, False) is not None
    for item in g.works:
        item.witness = witness.pos[item.id]
    return witness


def land(
    g: Draft, base: Tracker, witness: Tracker, request: Item, users: dict[str, list[Item]]
) -> bool:
    rng = g.rng
    main = next(iter(request.demand))
    victims = [
        work
        for work in users[main]
        if not work.pinned and witness.pos[work.id] == work.baseline
    ]
    chain_first = rng.random() < 0.5  # half the requests look for a chain first
    victims.sort(
        key=lambda work: (
            chain_first and not work.successors,
            abs(work.baseline - request.desired) // 8,
            rng.random(),
        )
    )
    for victim in victims[:40]:
        first = victim.baseline - request.duration + 1
        last = victim.baseline + victim.duration - 1
        inside = (victim.baseline, victim.baseline + victim.duration - request.duration)
        low, high = inside if inside[0] <= inside[1] else (first, last)
        t = rng.randint(max(0, low), min(g.n - request.duration, high))
        if base.conflict(request, t, False) is None or not base.breekverbod_ok(request, t):
            continue  # the baseline has room there: no one would have to move
        if displace(g, witness, request, victim, t):
            request.witness = t
            return True
    return False


def displace(g: Draft, witness: Tracker, request: Item, victim: Item, t: int) -> bool:
    """Put the request at ``t``; move the victim and its successors to the nearest free
    starts (at most MAX_MOVE weeks); undo everything when that fails."""
    group = [victim]
    for item in group:
        group.extend(item.successors)
    old = {item.id: witness.pos[item.id] for item in group}
    for item in group:
        witness.remove(item)
    placed: list[Item] = []
    if witness.conflict(request, t, False) is None and witness.breekverbod_ok(request, t):
        witness.place(request, t)
        placed.append(request)
        for item in group:
            reach = 0 if item.pinned else MAX_MOVE
            lo = max(witness.after_bound(item), item.baseline - reach, 0)
            hi = min(g.n - item.duration, item.baseline + reach)
            start = search(witness, item, lo, hi, item.baseline)
            if start is None:
                break
            witness.place(item, start)
            placed.append(item)
        else:
            return True
    for item in placed:
        witness.remove(item)
    for item in group:
        witness.place(item, old[item.id])
    return False
