"""Switchable solver variants, for measuring what helps CP-SAT without editing the solver.

The solver (scheduler/solver/*) is owned elsewhere; these variants wrap it from
the outside for the duration of one solve, so that a benchmark can compare
``baseline`` with a change before the change is made for real. Names:

- ``baseline``: the solver as it is.
- ``no_hint``: no baseline hint (the solver hints every work at its planned week, or at
  the first allowed week when it has none).
- ``cp_bound``: add ``makespan >= longest chain of windows, durations and lags`` (makespan only).
- ``max_eq``: makespan as ``add_max_equality`` over the finishes instead of one
  inequality per item (makespan only).
- ``whole_model``: no exact decomposition (scheduler/solver/decompose.py): the whole
  model alone, as before the decomposition existed (the side-by-side baseline).
- ``param:NAME=VALUE``: set one CP-SAT parameter on every stage (e.g.
  ``param:log_search_progress=true`` to see presolve and search times,
  ``param:optimize_with_core=true``, ``param:cp_model_presolve=false``).

Scenario-level variants (a hint from a serial schedule, in PSPLIB) are applied by
the benchmark that builds the scenario, not here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any
from unittest import mock

from ortools.sat.python import cp_model

from scheduler.solver import budgets as budgets_module
from scheduler.solver import by_parts
from scheduler.solver import model as model_module
from scheduler.solver import run as run_module
from scheduler.solver import whole as whole_module

MODEL_VARIANTS = (
    "baseline", "no_hint", "cp_bound", "max_eq", "whole_model", "no_lns",
    "budget_table", "budget_auto",
)


def chain_bound(built: Any) -> int:
    """The latest of the earliest finishes along ``after`` chains, start domains and lags."""
    items = {item.id: item for item in built.items}
    memo: dict[str, int] = {}

    def earliest_start(item_id: str) -> int:
        if item_id in memo:
            return memo[item_id]
        item = items[item_id]
        value = built.domain[item_id][0]
        for dep in item.after:
            if dep.work in items and built.present[dep.work] is True:
                before = items[dep.work]
                value = max(value, earliest_start(dep.work) + before.duration + dep.lag)
        memo[item_id] = value
        return value

    mandatory = [i for i in built.items if built.present[i.id] is True]
    return max((earliest_start(i.id) + i.duration - 1 for i in mandatory), default=0)


def _parse_value(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


@contextlib.contextmanager
def applied(variants: list[str]) -> Iterator[None]:
    """Apply the named variants to every solve inside the ``with`` block."""
    unknown = [
        v for v in variants if v not in MODEL_VARIANTS and not v.startswith("param:")
    ]
    if unknown:
        raise ValueError(f"unknown variant(s): {', '.join(unknown)}")
    with contextlib.ExitStack() as stack:
        if "whole_model" in variants:
            stack.enter_context(mock.patch.object(by_parts, "PARTS_MIN_WORKS", 10**9))
            stack.enter_context(mock.patch.object(run_module, "LNS_MIN_WORKS", 10**9))
        for form in ("table", "auto"):
            if f"budget_{form}" in variants:
                stack.enter_context(mock.patch.object(budgets_module, "BUDGET_FORM", form))
        if "no_lns" in variants:
            stack.enter_context(mock.patch.object(run_module, "LNS_MIN_WORKS", 10**9))
        if "no_hint" in variants:
            stack.enter_context(
                mock.patch.object(whole_module, "_hint_baseline", lambda built: None)
            )
        original_makespan = model_module.ScheduleModel.makespan_var
        if "max_eq" in variants or "cp_bound" in variants:
            use_max_eq = "max_eq" in variants
            use_bound = "cp_bound" in variants

            def makespan_var(self: Any) -> cp_model.IntVar:
                if use_max_eq and all(self.present[i.id] is True for i in self.items):
                    first = self.scenario.horizon.first
                    last = self.scenario.horizon.last
                    end = self.model.new_int_var(first - 1, last, "last_week")
                    self.model.add_max_equality(
                        end, [self.start[i.id] + i.duration - 1 for i in self.items]
                    )
                else:
                    end = original_makespan(self)
                if use_bound:
                    self.model.add(end >= chain_bound(self))
                return end

            stack.enter_context(
                mock.patch.object(model_module.ScheduleModel, "makespan_var", makespan_var)
            )
        params = [v.split(":", 1)[1] for v in variants if v.startswith("param:")]
        if params:
            original_solver = whole_module.make_solver

            def make_solver(
                settings: Any, budget: float, core_first: bool = False, scenario: Any = None
            ) -> cp_model.CpSolver:
                solver = original_solver(settings, budget, core_first, scenario)
                for assignment in params:
                    name, _, value = assignment.partition("=")
                    setattr(solver.parameters, name, _parse_value(value))
                return solver

            stack.enter_context(mock.patch.object(whole_module, "make_solver", make_solver))
        yield
