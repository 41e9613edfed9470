"""plooi risk end to end: sample blocks as tasks, merged counts, the plooi-risk/1 document.

Samples are drawn in fixed blocks of :data:`BLOCK` samples; block ``k`` draws
from ``SeedSequence(seed, spawn_key=(k,))``. Each block returns whole-number
counts (finish weeks per item, on-time, on the critical chain, budget
overruns), which add up exactly, so the numbers do not depend on how many
workers ran the blocks or in which order they finished.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scheduler import weeks
from scheduler.plan import Plan
from scheduler.risk.model import Compiled, compile_plan
from scheduler.risk.simulate import simulate
from scheduler.risk.spread import sample_durations
from scheduler.runs.executors import Outcome, Where, run_tasks
from scheduler.runs.scenario_text import scenario_of
from scheduler.scenario import Scenario, Work

FORMAT = "plooi-risk/1"
# Samples per block. Part of the reproducibility contract: changing it changes the numbers.
BLOCK = 250
QUANTILES = (50, 80, 95)


# -- one block (runs in a worker) ----------------------------------------------------------


@lru_cache(maxsize=4)
def _compiled(text: str, starts: tuple[tuple[str, int | None], ...]) -> tuple[Scenario, Compiled]:
    """Parse and compile once per worker for all blocks of one run."""
    scenario = scenario_of(text)
    plan = Plan.from_starts(scenario, dict(starts))
    return scenario, compile_plan(scenario, plan)


def draw(model: Compiled, seed: int, block: int, samples: int) -> tuple[Any, list[Any]]:
    """Durations [samples, items] and each pool's free units [samples, weeks] for one block."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block,)))
    durations = sample_durations(rng, model.ranges, samples)
    free = []
    for pool in model.pools:
        units = np.broadcast_to(pool.free, (samples, model.length)).copy()
        if pool.absence is not None:
            units -= rng.binomial(np.maximum(pool.free, 0), pool.absence, size=units.shape).astype(
                np.int32
            )
        free.append(units)
    return durations, free


def block_task(payload: dict[str, Any]) -> dict[str, Any]:
    """Simulate one block of samples; whole-number counts only (they add up exactly)."""
    scenario, model = _compiled(payload["scenario"], tuple(payload["starts"]))
    durations, free = draw(model, payload["seed"], payload["block"], payload["samples"])
    starts = simulate(model, durations, free)
    return block_counts(scenario, model, starts, durations.astype(np.int64))


def block_counts(
    scenario: Scenario, model: Compiled, starts: NDArray[np.int64], dur: NDArray[np.int64]
) -> dict[str, Any]:
    finish = np.minimum(starts + dur - 1, model.length)
    count = len(model.items)
    flat = (np.arange(count) * (model.length + 1))[None, :] + finish
    hist = np.bincount(flat.ravel(), minlength=count * (model.length + 1))
    latest = _latest(scenario, model)
    on_time = ((finish <= latest[None, :]) & (latest[None, :] >= 0)).sum(axis=0)
    shift = starts - model.start[None, :]
    works = np.array([isinstance(item, Work) for item in model.items])
    weight = np.array([item.weight if isinstance(item, Work) else 0 for item in model.items])
    moved = (shift > 0) & works[None, :]
    displacement = int((shift * weight[None, :]).sum()) + scenario.policy.move_penalty * int(
        moved.sum()
    )
    return {
        "samples": int(starts.shape[0]),
        "hist": hist.reshape(count, model.length + 1).astype(np.int64),
        "on_time": on_time.astype(np.int64),
        "critical": critical_counts(model, starts, dur),
        "overrun": budget_overruns(scenario, model, starts, dur),
        "displacement": displacement,
        "delay_weeks": int(np.maximum(finish - (model.start + model.ranges[:, 1] - 1), 0).sum()),
        "unplaced": int((starts >= model.length).sum()),
        "bundle_broken": bundle_breaks(model, starts, dur),
    }


def bundle_breaks(
    model: Compiled, starts: NDArray[np.int64], dur: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Per bundle (werk met werk), the samples in which its span could not be kept."""
    counts = np.zeros(len(model.bundles), dtype=np.int64)
    for number, (members, span) in enumerate(model.bundles):
        last = (starts[:, members] + dur[:, members] - 1).max(axis=1)
        counts[number] = int((last - starts[:, members].min(axis=1) + 1 > span).sum())
    return counts


def _latest(scenario: Scenario, model: Compiled) -> NDArray[np.int64]:
    """Grid index of each item's latest_finish; -1 where it has none."""
    return np.array(
        [
            weeks.parse_week(item.latest_finish) - model.first if item.latest_finish else -1
            for item in model.items
        ],
        dtype=np.int64,
    )


def critical_counts(
    model: Compiled, starts: NDArray[np.int64], dur: NDArray[np.int64]
) -> NDArray[np.int64]:
    """How often each item is on the chain that set the last finish of the programme.

    From the item that finishes last, go back along what held each one up: a
    predecessor whose finish (plus lag) is exactly its start, else an item
    placed before it on a shared pool (crew, max_concurrent) that finished the
    week before. The chain ends at an item that started as planned or was held
    up by a blocked week or an absence only.
    """
    samples, count = starts.shape
    users = _pool_users(model)
    finish = starts + dur - 1
    counts = np.zeros(count, dtype=np.int64)
    placed_finish = np.where(starts < model.length, finish, -1)
    for sample in range(samples):
        current = int(placed_finish[sample].argmax())
        for _ in range(count):
            counts[current] += 1
            begin = starts[sample, current]
            if begin <= model.start[current]:
                break
            nxt = -1
            for before, lag in model.after[current]:
                if starts[sample, before] + dur[sample, before] + lag == begin:
                    nxt = before
                    break
            if nxt < 0:
                for pool, _units in model.uses[current]:
                    earlier = users[pool][users[pool] < current]
                    hits = earlier[finish[sample, earlier] == begin - 1]
                    if hits.size:
                        nxt = int(hits[-1])
                        break
            if nxt < 0:
                break
            current = nxt
    return counts


def _pool_users(model: Compiled) -> list[NDArray[np.int64]]:
    users: list[list[int]] = [[] for _ in model.pools]
    for index, uses in enumerate(model.uses):
        for pool, _units in uses:
            users[pool].append(index)
    return [np.array(found, dtype=np.int64) for found in users]


def budget_overruns(
    scenario: Scenario, model: Compiled, starts: NDArray[np.int64], dur: NDArray[np.int64]
) -> dict[tuple[str, int], int]:
    """Samples in which a line's spend in a year passes its amount plus 1 euro per item.

    The cost of a work stays as planned and is spread evenly over its sampled weeks.
    """
    grid_years = np.array([weeks.iso_year(model.first + w) for w in range(model.length + 1)])
    years = sorted(set(grid_years.tolist()))
    bounds = {y: (int(np.argmax(grid_years == y)), int((grid_years == y).sum())) for y in years}
    spend: dict[tuple[str, int], NDArray[np.float64]] = defaultdict(
        lambda: np.zeros(starts.shape[0])
    )
    members: dict[tuple[str, int], NDArray[np.int64]] = defaultdict(
        lambda: np.zeros(starts.shape[0], dtype=np.int64)
    )
    for index, item in enumerate(model.items):
        if item.budget is None or item.cost == 0:
            continue
        s, d = starts[:, index], dur[:, index]
        first_year = int(grid_years[min(int(s.min()), model.length)])
        last_year = int(grid_years[min(int((s + d).max()), model.length)])
        for year in range(first_year, last_year + 1):
            if year not in bounds:
                continue
            begin, size = bounds[year]
            inside = np.clip(np.minimum(begin + size, s + d) - np.maximum(begin, s), 0, None)
            spend[(item.budget, year)] += item.cost * inside / d
            members[(item.budget, year)] += inside > 0
    for budget in scenario.budgets:
        for year in budget.per_year:
            spend[(budget.id, year)] += 0
    result: dict[tuple[str, int], int] = {}
    for key, used in spend.items():
        line = scenario.budget_by_id.get(key[0])
        limit = line.per_year.get(key[1], 0) if line else 0
        result[key] = int((used > limit + members[key] + 1e-6).sum())
    return result


# -- many blocks -----------------------------------------------------------------------------


@dataclass
class RiskRun:
    """The merged counts of every block, with what is needed to read them."""

    scenario: Scenario
    plan: Plan
    model: Compiled
    samples: int
    seed: int
    totals: dict[str, Any]
    outcome: Outcome


def payloads(
    text: str, plan: Plan, samples: int, seed: int
) -> list[dict[str, Any]]:
    starts = sorted(plan.starts().items())
    blocks = []
    for block, first in enumerate(range(0, samples, BLOCK)):
        blocks.append(
            {
                "scenario": text,
                "starts": starts,
                "seed": seed,
                "block": block,
                "samples": min(BLOCK, samples - first),
            }
        )
    return blocks


def run_risk(
    scenario: Scenario, text: str, plan: Plan, samples: int, seed: int, where: Where
) -> RiskRun:
    """Run every block where told and add their counts up, in block order."""
    outcome = run_tasks(block_task, payloads(text, plan, samples, seed), where)
    model = compile_plan(scenario, plan)
    totals = merge([result for result in outcome.results if result is not None])
    return RiskRun(scenario, plan, model, totals.get("samples", 0), seed, totals, outcome)


def merge(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Add block counts up (every count is a whole number, so the order does not matter)."""
    totals: dict[str, Any] = {}
    for result in results:
        for key, value in result.items():
            if key == "overrun":
                into = totals.setdefault(key, {})
                for budget_key, hits in value.items():
                    into[budget_key] = into.get(budget_key, 0) + hits
            elif key in totals:
                totals[key] = totals[key] + value
            else:
                totals[key] = value.copy() if isinstance(value, np.ndarray) else value
    return totals
