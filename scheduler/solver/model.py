"""The CP-SAT model of a scenario: its variables, the rules on them, objective terms.

:class:`ScheduleModel` owns the variables (a start, a presence and an interval per
item), the guard literals, the objective terms and complete hints; the rules
themselves are added by :mod:`scheduler.solver.constraints` (one function per rule
family) and :mod:`scheduler.solver.budgets` (spend per line and year).

Two modes share this code. The *optimising* mode folds every single-item rule
into start domains (see :mod:`scheduler.solver.domains`) for speed. The
*guarded* mode keeps each rule group behind its own literal (an assumption) so
that :mod:`scheduler.solver.conflicts` can ask which groups clash; there the
domains hold only the horizon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from scheduler.guards import Guard
from scheduler.rules import Guarded
from scheduler.scenario import Objective, Request, Scenario, Work, capacity_profile
from scheduler.solver import constraints
from scheduler.solver.budgets import add_budgets
from scheduler.solver.domains import allowed_starts

# How a derived (auxiliary) variable's value follows from (starts, presence).
Derivation = Callable[[dict[str, int], dict[str, bool]], int]


@dataclass
class ModelOptions:
    """What-if changes to a scenario that do not need a new scenario file."""

    guarded: bool = False
    fixed_starts: dict[str, int] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    extra_capacity: dict[tuple[str, int], int] = field(default_factory=dict)
    extra_budget: dict[tuple[str, int], int] = field(default_factory=dict)
    deadline_shift: dict[str, int] = field(default_factory=dict)
    # Largest |start - planned| per work; any plan cheaper than a known one obeys it.
    shift_cap: dict[str, int] = field(default_factory=dict)
    # Works whose displacement is not counted (a relaxed part carries their cost elsewhere).
    costless: frozenset[str] = frozenset()
    # A neighbourhood of a larger plan (scheduler/solver/neighbourhood.py): explicit start
    # domains for its free items, optional requests that must stay scheduled, and what the
    # items left out of the model already use of each budget line and year and of each
    # max_concurrent group per week (their capacity use arrives as negative extra_capacity).
    domains: dict[str, list[int]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    budget_used: dict[tuple[str, int], Fraction] | None = None
    concurrent_used: dict[tuple[int, str], dict[int, int]] = field(default_factory=dict)
    # How spend per budget year is modelled: "linear", "table" or "auto" (None: BUDGET_FORM).
    budget_form: str | None = None


class ScheduleModel:
    """Builds the CP-SAT model; ``start``/``present`` map item ids to variables."""

    def __init__(self, scenario: Scenario, options: ModelOptions | None = None) -> None:
        self.scenario = scenario
        self.options = options or ModelOptions()
        self.model = cp_model.CpModel()
        self.items: list[Work | Request] = [
            item for item in scenario.items if item.id not in self.options.excluded
        ]
        self.start: dict[str, cp_model.IntVar] = {}
        self.domain: dict[str, list[int]] = {}
        self.present: dict[str, Any] = {}
        self.interval: dict[str, cp_model.IntervalVar] = {}
        self.empty_domains: dict[str, dict[str, int]] = {}
        self.guards: dict[str, Guard] = {}
        self.guard_literal: dict[str, cp_model.IntVar] = {}
        self._domain_sets: dict[str, frozenset[int]] = {}
        # Auxiliary variables and how to compute each from (starts, presence), so a
        # plan can be handed to CP-SAT as a complete hint (partial hints are often lost).
        self._derived: list[tuple[Any, Derivation]] = []
        self._create_variables()
        self._add_constraints()

    # -- variables -----------------------------------------------------------------------

    def window(self, item: Work | Request) -> tuple[int, int]:
        earliest, latest_finish = self.scenario.window(item)
        return earliest, latest_finish + self.options.deadline_shift.get(item.id, 0)

    def _optional(self, item: Work | Request) -> bool:
        if isinstance(item, Work) or item.id in self.options.required:
            return False
        return not item.mandatory

    def _domain(self, item: Work | Request) -> list[int]:
        first, last = self.scenario.horizon.first, self.scenario.horizon.last
        if item.id in self.options.fixed_starts:
            fixed = self.options.fixed_starts[item.id]
            return [fixed] if first <= fixed <= last - item.duration + 1 else []
        if item.id in self.options.domains:
            given = self.options.domains[item.id]
            if not given:
                self.empty_domains[item.id] = {"neighbourhood": 0}
            return given
        if self.options.guarded:
            full = list(range(first, last - item.duration + 2))
            if not full:
                self.empty_domains[item.id] = {"horizon": 0}
            return full
        domain = allowed_starts(self.scenario, item)
        starts = domain.starts
        shift = self.options.deadline_shift.get(item.id, 0)
        if shift:
            earliest, latest_finish = self.window(item)
            wider = allowed_starts(self.scenario, item, keep_window=False)
            starts = [
                s for s in wider.starts if s >= earliest and s + item.duration - 1 <= latest_finish
            ]
        cap = self.options.shift_cap.get(item.id)
        if cap is not None and isinstance(item, Work):
            planned = self.scenario.planned(item)
            if planned is not None:
                starts = [s for s in starts if abs(s - planned) <= cap]
        if not starts:
            self.empty_domains[item.id] = domain.removed_by
        return starts

    def _create_variables(self) -> None:
        model = self.model
        for item in self.items:
            starts = self._domain(item)
            optional = self._optional(item)
            if not starts:
                if not optional:
                    # No valid week at all: the model is infeasible; keep it well formed.
                    starts = [self.scenario.horizon.first]
                    model.add_bool_or([])
                else:
                    starts = [self.scenario.horizon.first]
            self.domain[item.id] = starts
            start = model.new_int_var_from_domain(
                cp_model.Domain.from_values(starts), f"start[{item.id}]"
            )
            self.start[item.id] = start
            if optional:
                present = model.new_bool_var(f"present[{item.id}]")
                if item.id in self.empty_domains:
                    model.add(present == 0)
                self.present[item.id] = present
                self.interval[item.id] = model.new_optional_fixed_size_interval_var(
                    start, item.duration, present, f"interval[{item.id}]"
                )
            else:
                self.present[item.id] = True
                self.interval[item.id] = model.new_fixed_size_interval_var(
                    start, item.duration, f"interval[{item.id}]"
                )

    def guard(
        self, key: str, rule: Guarded, items: tuple[str, ...] = (), **detail: Any
    ) -> list[Any]:
        """Enforcement literals for a rule group: none in the optimising mode."""
        if not self.options.guarded:
            return []
        if key not in self.guard_literal:
            self.guards[key] = Guard(key, rule, items, detail)
            self.guard_literal[key] = self.model.new_bool_var(f"guard[{key}]")
        return [self.guard_literal[key]]

    def presence(self, *item_ids: str) -> list[Any]:
        """The presence literals of the optional ones among these items."""
        return [self.present[i] for i in item_ids if self.present[i] is not True]

    def derive(self, var: Any, compute: Derivation) -> None:
        """Register an auxiliary variable and how to compute it, for complete hints."""
        self._derived.append((var, compute))

    # -- constraints: one function per rule family, in this order --------------------------

    def _add_constraints(self) -> None:
        constraints.add_single_item_rules(self)
        constraints.add_after(self)
        constraints.add_capacity(self)
        add_budgets(self)
        constraints.add_breekverbod(self)
        constraints.add_max_concurrent(self)
        constraints.add_bundles(self)

    def capacity_profile(self, resource_id: str) -> dict[int, int]:
        """Capacity of a resource in every horizon week, with exceptions and levers."""
        resource = self.scenario.resource_by_id[resource_id]
        horizon = self.scenario.horizon
        profile = capacity_profile(resource, horizon.first, horizon.last)
        for (rid, week), extra in self.options.extra_capacity.items():
            if rid == resource_id and week in profile:
                # A neighbourhood's fixed load may leave nothing (never less than nothing).
                profile[week] = max(0, profile[week] + extra)
        return profile

    def domain_set(self, item_id: str) -> frozenset[int]:
        """The item's allowed starts as a set (built on first use)."""
        cached = self._domain_sets.get(item_id)
        if cached is None:
            cached = self._domain_sets[item_id] = frozenset(self.domain[item_id])
        return cached

    # -- hints ------------------------------------------------------------------------------

    def hint(self, starts: dict[str, int], present: dict[str, bool]) -> None:
        """Hand a complete assignment to CP-SAT: starts, presences and every derived variable."""
        model = self.model
        model.clear_hints()
        for item in self.items:
            model.add_hint(self.start[item.id], starts[item.id])
            if self.present[item.id] is not True:
                model.add_hint(self.present[item.id], present[item.id])
        for var, compute in self._derived:
            model.add_hint(var, compute(starts, present))

    # -- objective terms --------------------------------------------------------------------

    def displacement_expr(self) -> tuple[Any, int]:
        """sum(weight * |start - planned|) + move_penalty * moved, and its largest value."""
        model = self.model
        penalty = self.scenario.policy.move_penalty
        total: list[Any] = []
        largest = 0
        for item in self.items:
            if not isinstance(item, Work) or item.id in self.options.costless:
                continue
            planned = self.scenario.planned(item)
            if planned is None:
                continue
            start = self.start[item.id]
            lo, hi = self.domain[item.id][0], self.domain[item.id][-1]
            if lo == hi == planned:
                continue
            span = max(abs(lo - planned), abs(hi - planned))
            distance = model.new_int_var(0, span, f"distance[{item.id}]")
            # Only ever minimised, so two inequalities do what an abs equality would.
            model.add(distance >= start - planned)
            model.add(distance >= planned - start)
            moved = model.new_bool_var(f"moved[{item.id}]")
            self.derive(distance, _shift_of(item.id, planned, absolute=True))
            self.derive(moved, _shift_of(item.id, planned, absolute=False))
            model.add(start == planned).only_enforce_if(moved.Not())
            model.add(distance >= 1).only_enforce_if(moved)
            if item.weight:
                total.append(item.weight * distance)
            if penalty:
                total.append(penalty * moved)
            largest += item.weight * span + (penalty if span else 0)
        return sum(total), largest

    def value_expr(self) -> Any:
        """Summed value of accepted optional requests."""
        terms = [
            item.value * self.present[item.id]
            for item in self.items
            if isinstance(item, Request) and not item.mandatory and item.value
        ]
        return sum(terms)

    def makespan_var(self) -> cp_model.IntVar:
        """The last occupied week of any scheduled item (an ordinal)."""
        first, last = self.scenario.horizon.first, self.scenario.horizon.last
        end = self.model.new_int_var(first - 1, last, "last_week")
        durations = {item.id: item.duration for item in self.items}
        self.derive(
            end,
            lambda st, pr: max(
                [st[i] + d - 1 for i, d in durations.items() if pr.get(i, True)],
                default=first - 1,
            ),
        )
        if all(self.present[item.id] is True for item in self.items) and self.items:
            # One max equality gives CP-SAT's linear relaxation the makespan directly.
            self.model.add_max_equality(
                end, [self.start[item.id] + item.duration - 1 for item in self.items]
            )
        else:
            for item in self.items:
                self.model.add(end >= self.start[item.id] + item.duration - 1).only_enforce_if(
                    self.presence(item.id)
                )
        return end

    def uses_makespan(self) -> bool:
        return self.scenario.policy.objective == Objective.MAKESPAN


def _shift_of(work_id: str, planned: int, *, absolute: bool) -> Derivation:
    """|start - planned| (absolute) or whether the work moved, for hints."""

    def compute(starts: dict[str, int], present: dict[str, bool]) -> int:
        shift = starts[work_id] - planned
        return abs(shift) if absolute else int(shift != 0)

    return compute
