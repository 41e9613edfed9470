"""The drawn programme as raw data in the YAML shape of the format."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from scheduler.generate.budgets import budgets
from scheduler.generate.catalogue import BREEDING, BREEDING_KINDS, BREEKVERBOD_YEARS, HINDER_KINDS
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Item
from scheduler.generate.tracker import Tracker, taken


def raw(
    g: Draft,
    base: Tracker,
    witness: Tracker,
    budget_rows: Callable[[Draft], list[dict[str, Any]]] = budgets,
    label: str = "",
) -> dict[str, Any]:
    """Areas, crews, budgets, works, requests and rules; ``label`` names the profile."""
    rng = g.rng
    areas: list[dict[str, Any]] = []
    width = 5
    for i, wijk in enumerate(g.wijken):
        neighbours = [
            g.wijken[j].code
            for j in (i - 1, i + 1, i - width, i + width)
            if 0 <= j < len(g.wijken) and (abs(j - i) == width or j // width == i // width)
        ]
        areas.append({"code": wijk.code, "name": wijk.name, "neighbours": neighbours})
        areas.extend({"code": b.code, "name": b.name} for b in wijk.buurten)
    resources = []
    for res in g.resources.values():
        exceptions = [
            {"from": g.week(first), "to": g.week(last), "capacity": cap}
            for first, last, cap in res.exceptions
        ]
        resources.append(
            {"id": res.id, "name": res.name, "capacity": res.base, "exceptions": exceptions}
        )
    works = [work_raw(g, item, rng) for item in g.works]
    requests = [request_raw(g, item, base, rng) for item in g.requests]
    return {
        "name": f"Gegenereerd programma ({g.n_works} werken, seed {g.seed}{label})",
        "description": (
            f"Gegenereerd door plooi generate (seed {g.seed}). De CBS-codes "
            "(WK0772.., BU0772..), namen en bedragen zijn illustratief."
        ),
        "horizon": {"start": g.week(0), "end": g.week(g.n - 1)},
        "areas": areas,
        "resources": resources,
        "budgets": budget_rows(g),
        "works": works,
        "requests": requests,
        "rules": {
            "breeding_season": {
                "from": BREEDING[0], "to": BREEDING[1], "kinds": list(BREEDING_KINDS),
            },
            "breekverbod_years": BREEKVERBOD_YEARS,
            "events": [
                {
                    "name": e.name, "from": g.week(e.first), "to": g.week(e.last),
                    "areas": list(e.areas), "kinds": list(e.kinds),
                }
                for e in g.events
            ],
            "max_concurrent": [
                {"kinds": list(HINDER_KINDS), "per": "wijk", "limit": witness.limit}
            ],
        },
        "policy": {"objective": "displacement", "move_penalty": 10},
    }


def common(item: Item) -> dict[str, Any]:
    row: dict[str, Any] = {"id": item.id, "name": item.name, "kind": item.kind}
    row["area"] = item.buurt.code
    if item.street is not None:
        row["street"] = item.street
    row["duration"] = item.duration
    return row


def tail(item: Item, row: dict[str, Any]) -> dict[str, Any]:
    row["demand"] = dict(item.demand)
    row["cost"] = item.cost
    row["budget"] = item.budget
    if item.after:
        row["after"] = [{"work": pred.id, "lag": lag} for pred, lag in item.after]
    if item.digs:
        row["digs"] = True
    if item.resurfaces:
        row["resurfaces"] = True
    return row


def work_raw(g: Draft, item: Item, rng: random.Random) -> dict[str, Any]:
    row = common(item)
    row["planned_start"] = g.week(item.baseline)
    low = min(item.baseline, item.witness)
    high = max(item.baseline, item.witness) + item.duration - 1
    if rng.random() < 0.25:
        row["earliest"] = g.week(max(0, low - rng.randint(0, 26)))
        row["latest_finish"] = g.week(min(g.n - 1, high + rng.randint(0, 52)))
    if item.pinned:
        row["pinned"] = True
    elif rng.random() < 0.2 or item.baseline != item.witness and rng.random() < 0.5:
        shift = abs(item.baseline - item.witness)
        row["max_shift"] = max(shift, rng.choice((4, 8, 13, 26)))
    row["weight"] = item.weight
    return tail(item, row)


def request_raw(g: Draft, item: Item, base: Tracker, rng: random.Random) -> dict[str, Any]:
    """The window around the witness slot; a contested one holds only starts where the
    baseline has no room, so the request must displace something (or be rejected)."""
    row = common(item)
    if item.emergency:
        before, after = rng.randint(0, 1), rng.randint(2, 5)
    elif item.mandatory:
        before, after = rng.randint(0, 4), rng.randint(4, 16)
    else:
        before, after = rng.randint(0, 26), rng.randint(8, 52)
    first, last = item.witness, item.witness
    if item.contested and (item.mandatory or rng.random() < 0.5):
        while first > max(0, item.witness - before) and taken(base, item, first - 1):
            first -= 1
        end = min(g.n - item.duration, item.witness + after)
        while last < end and taken(base, item, last + 1):
            last += 1
    else:
        first = max(0, item.witness - before)
        last = min(g.n - item.duration, item.witness + after)
    row["earliest"] = g.week(first)
    row["latest_finish"] = g.week(last + item.duration - 1)
    row["mandatory"] = item.mandatory
    if not item.mandatory:
        row["value"] = item.value
    if item.emergency:
        row["emergency"] = True
    row = tail(item, row)
    row["requested_by"] = item.requested_by
    row["reason"] = item.reason
    return row
