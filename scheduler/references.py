"""Checks that span more than one part of a scenario.

Field-level checks are pydantic's job (:mod:`scheduler.scenario`); here we check
what needs the whole picture: unique ids, references to resources, budget
lines, areas and predecessors, `after` cycles, and weeks that must lie inside
the horizon. Each check yields ``(path, code, params)`` so the loader can name
the place in the file the user wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scheduler import weeks
from scheduler.scenario import (
    MAX_EXACT,
    MAX_HORIZON_WEEKS,
    Area,
    Budget,
    Horizon,
    Objective,
    Policy,
    Request,
    Resource,
    Rules,
    Work,
    wijk_of,
)

Path = tuple[str | int, ...]
Finding = tuple[Path, str, dict[str, Any]]


class Parts:
    """The parts of a scenario that passed their own field checks (others are None).

    ``partial`` holds the works and requests that failed their field checks, read as far
    as they could be: the item with every unreadable field left out (a stand-in where the
    field is required) and the paths, inside the item, that could not be read. They take
    part in the checks below so that one run reports both kinds of problem; a finding
    that rests on an unreadable field is dropped (see ``_readable``).
    """

    def __init__(
        self,
        horizon: Horizon | None,
        areas: list[tuple[int, Area]],
        resources: list[tuple[int, Resource]],
        budgets: list[tuple[int, Budget]],
        works: list[tuple[int, Work]],
        requests: list[tuple[int, Request]],
        rules: Rules | None,
        policy: Policy | None,
        all_item_ids: set[str],
        all_resource_ids: set[str],
        all_budget_ids: set[str],
        all_area_codes: set[str],
        partial: list[tuple[Path, Work | Request, frozenset[Path]]] | None = None,
    ) -> None:
        self.horizon = horizon
        self.areas = areas
        self.resources = resources
        self.budgets = budgets
        self.works = works
        self.requests = requests
        self.rules = rules
        self.policy = policy
        self.all_item_ids = all_item_ids
        self.all_resource_ids = all_resource_ids
        self.all_budget_ids = all_budget_ids
        self.all_area_codes = all_area_codes
        self.partial = partial or []

    def items(self) -> Iterator[tuple[Path, Work | Request]]:
        """Works, then requests, in file order, the partly read ones among them."""
        listed: list[tuple[Path, Work | Request]] = [(("works", i), w) for i, w in self.works]
        listed += [(("requests", i), r) for i, r in self.requests]
        listed += [(path, item) for path, item, _ in self.partial]
        yield from sorted(listed, key=lambda pair: _path_order(pair[0]))


def check_references(parts: Parts) -> list[Finding]:
    """Every cross-part problem, in file order."""
    findings: list[Finding] = []
    findings += _check_horizon(parts)
    findings += _check_unique(parts)
    findings += _check_areas(parts)
    findings += _check_item_references(parts)
    findings += _check_cycles(parts)
    findings += _check_item_weeks(parts)
    findings += _check_resources(parts)
    findings += _check_events(parts)
    findings += _check_bundles(parts)
    findings += _check_magnitudes(parts)
    findings += _check_school_holidays(parts)
    unreadable = {path: fields for path, _, fields in parts.partial}
    return [finding for finding in findings if _readable(finding, unreadable)]


# The fields of an item each finding rests on, beyond the field at its own place.
_RESTS_ON: dict[str, tuple[str, ...]] = {
    "duplicate_id": ("id",),
    "cost_without_budget": ("cost", "budget"),
    "after_self": ("id", "after"),
    "after_cycle": ("id", "after"),
    "needs_planned_start": ("planned_start",),
    "planned_beyond_horizon": ("planned_start", "duration"),
    "window_order": ("earliest", "latest_finish"),
}


def _readable(finding: Finding, unreadable: dict[Path, frozenset[Path]]) -> bool:
    """False for a finding on a partly read item that rests on a field it could not read."""
    path, code, _ = finding
    fields = unreadable.get(path[:2])
    if not fields:
        return True
    inner = path[2:]
    if any(inner[: len(bad)] == bad for bad in fields):
        return False
    return not any((field,) in fields for field in _RESTS_ON.get(code, ()))


def _check_horizon(parts: Parts) -> list[Finding]:
    horizon = parts.horizon
    if horizon is None:
        return []
    if horizon.last < horizon.first:
        return [(("horizon", "end"), "horizon_order", {"start": horizon.start, "end": horizon.end})]
    if horizon.length > MAX_HORIZON_WEEKS:
        params = {"start": horizon.start, "end": horizon.end, "weeks": horizon.length}
        return [(("horizon", "end"), "horizon_too_long", {**params, "limit": MAX_HORIZON_WEEKS})]
    return []


def _duplicates(named: list[tuple[Path, str]], code: str) -> list[Finding]:
    seen: dict[str, Path] = {}
    findings: list[Finding] = []
    for path, key in named:
        if key in seen:
            findings.append((path, code, {"id": key, "first": _path_text(seen[key])}))
        else:
            seen[key] = path
    return findings


def _check_unique(parts: Parts) -> list[Finding]:
    findings = _duplicates(
        [(path + ("id",), item.id) for path, item in parts.items()], "duplicate_id"
    )
    findings += _duplicates(
        [(("resources", i, "id"), r.id) for i, r in parts.resources], "duplicate_id"
    )
    findings += _duplicates(
        [(("budgets", i, "id"), b.id) for i, b in parts.budgets], "duplicate_id"
    )
    findings += _duplicates(
        [(("areas", i, "code"), a.code) for i, a in parts.areas], "duplicate_area"
    )
    return findings


def _area_known(code: str, known: set[str]) -> bool:
    return code in known or (code.startswith("BU") and wijk_of(code) in known)


def _check_areas(parts: Parts) -> list[Finding]:
    known = parts.all_area_codes
    findings: list[Finding] = []
    for index, area in parts.areas:
        for n, neighbour in enumerate(area.neighbours):
            if not _area_known(neighbour, known):
                findings.append(
                    (("areas", index, "neighbours", n), "unknown_area", {"code": neighbour})
                )
    for path, item in parts.items():
        if not _area_known(item.area, known):
            findings.append((path + ("area",), "unknown_area", {"code": item.area}))
    if parts.rules is not None:
        for e, event in enumerate(parts.rules.events):
            for a, code in enumerate(event.areas):
                if not _area_known(code, known):
                    findings.append(
                        (("rules", "events", e, "areas", a), "unknown_area", {"code": code})
                    )
    return findings


def _check_item_references(parts: Parts) -> list[Finding]:
    findings: list[Finding] = []
    for path, item in parts.items():
        for resource in item.demand:
            if resource not in parts.all_resource_ids:
                findings.append((path + ("demand", resource), "unknown_resource", {"id": resource}))
        if item.budget is not None and item.budget not in parts.all_budget_ids:
            findings.append((path + ("budget",), "unknown_budget", {"id": item.budget}))
        if item.cost > 0 and item.budget is None:
            findings.append((path + ("budget",), "cost_without_budget", {"cost": item.cost}))
        for d, dep in enumerate(item.after):
            if dep.work == item.id:
                findings.append((path + ("after", d, "work"), "after_self", {"id": item.id}))
            elif dep.work not in parts.all_item_ids:
                findings.append((path + ("after", d, "work"), "unknown_item", {"id": dep.work}))
    return findings


def _check_cycles(parts: Parts) -> list[Finding]:
    """Refuse `after` cycles; each cycle is reported once, at its first member in file order."""
    paths = dict((item.id, path) for path, item in parts.items())
    successors: dict[str, list[str]] = {item.id: [] for _, item in parts.items()}
    for _, item in parts.items():
        for dep in item.after:
            if dep.work in successors and dep.work != item.id:
                successors[dep.work].append(item.id)
    findings: list[Finding] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    for root in successors:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(successors[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                cycle = [name for name, _ in stack]
                cycle = cycle[cycle.index(child) :] + [child]
                first = min(cycle[:-1], key=lambda name: _path_order(paths[name]))
                findings.append(
                    (paths[first] + ("after",), "after_cycle", {"cycle": " -> ".join(cycle)})
                )
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(successors[child])))
    return findings


def _path_order(path: Path) -> tuple[int, int]:
    return (0 if path[0] == "works" else 1, int(path[1]))


def _check_item_weeks(parts: Parts) -> list[Finding]:
    horizon = parts.horizon
    objective = parts.policy.objective if parts.policy else Objective.DISPLACEMENT
    findings: list[Finding] = []
    for path, item in parts.items():
        if isinstance(item, Work) and item.planned_start is None:
            if objective == Objective.DISPLACEMENT:
                findings.append((path + ("planned_start",), "missing", {}))
            for flag in ("pinned", "max_shift"):
                if getattr(item, flag) not in (None, False):
                    findings.append((path + (flag,), "needs_planned_start", {"field": flag}))
        if horizon is None or horizon.last < horizon.first:
            continue
        span = {"start": horizon.start, "end": horizon.end}
        for field in ("earliest", "latest_finish", "planned_start"):
            text = getattr(item, field, None)
            if text is None:
                continue
            week = weeks.parse_week(text)
            if not horizon.first <= week <= horizon.last:
                findings.append((path + (field,), "outside_horizon", {"week": text, **span}))
            elif field == "planned_start" and week + item.duration - 1 > horizon.last:
                finish = weeks.format_week(week + item.duration - 1)
                findings.append(
                    (path + (field,), "planned_beyond_horizon", {"finish": finish, **span})
                )
        if (
            item.earliest
            and item.latest_finish
            and weeks.parse_week(item.earliest) > weeks.parse_week(item.latest_finish)
        ):
            findings.append(
                (
                    path + ("latest_finish",),
                    "window_order",
                    {"earliest": item.earliest, "latest_finish": item.latest_finish},
                )
            )
    return findings


def _check_resources(parts: Parts) -> list[Finding]:
    findings: list[Finding] = []
    for index, resource in parts.resources:
        spans: list[tuple[int, int, int]] = []
        for e, exception in enumerate(resource.exceptions):
            first, last = weeks.parse_week(exception.from_), weeks.parse_week(exception.to)
            path: Path = ("resources", index, "exceptions", e)
            if last < first:
                findings.append(
                    (
                        path + ("to",),
                        "period_order",
                        {"start": exception.from_, "end": exception.to},
                    )
                )
                continue
            for other_first, other_last, other in spans:
                if first <= other_last and other_first <= last:
                    findings.append((path, "exception_overlap", {"other": other}))
                    break
            spans.append((first, last, e))
        findings += _absence_order(index, resource)
    return findings


def _absence_order(index: int, resource: Resource) -> list[Finding]:
    """An absence period must not end before it starts (the other checks of exceptions)."""
    if not isinstance(resource.absence, list):
        return []
    return [
        (
            ("resources", index, "absence", a, "to"),
            "period_order",
            {"start": period.from_, "end": period.to},
        )
        for a, period in enumerate(resource.absence)
        if period.from_
        and period.to
        and weeks.parse_week(period.to) < weeks.parse_week(period.from_)
    ]


def _check_events(parts: Parts) -> list[Finding]:
    if parts.rules is None:
        return []
    findings: list[Finding] = []
    for e, event in enumerate(parts.rules.events):
        if weeks.parse_week(event.to) < weeks.parse_week(event.from_):
            findings.append(
                (
                    ("rules", "events", e, "to"),
                    "period_order",
                    {"start": event.from_, "end": event.to},
                )
            )
    return findings


def _check_bundles(parts: Parts) -> list[Finding]:
    """Werk met werk: known items, each in at most one bundle, and a span they fit in."""
    if parts.rules is None:
        return []
    durations = {item.id: item.duration for _, item in parts.items()}
    first_at: dict[str, Path] = {}
    findings: list[Finding] = []
    for b, bundle in enumerate(parts.rules.bundles):
        path: Path = ("rules", "bundles", b)
        for i, item_id in enumerate(bundle.items):
            here = path + ("items", i)
            if item_id not in parts.all_item_ids:
                findings.append((here, "unknown_item", {"id": item_id}))
            elif item_id in first_at:
                params = {"id": item_id, "first": _path_text(first_at[item_id])}
                findings.append((here, "bundle_item_twice", params))
            else:
                first_at[item_id] = here
        known = [i for i in dict.fromkeys(bundle.items) if i in durations]
        longest = max(known, key=lambda i: durations[i], default=None)
        if longest is not None and durations[longest] > bundle.max_span:
            short = {"span": bundle.max_span, "id": longest, "duration": durations[longest]}
            findings.append((path + ("max_span",), "bundle_span_short", short))
    return findings


def _check_magnitudes(parts: Parts) -> list[Finding]:
    """Refuse objectives that could pass 2**53, where floats and JSON stop being exact.

    The largest displacement cost moves every work across the whole horizon; the
    largest value accepts every optional request. (The solver weighs value above
    displacement in one objective only where that product stays exact too, and
    solves them one after the other otherwise.)
    """
    horizon, policy = parts.horizon, parts.policy
    if horizon is None or policy is None or not 1 <= horizon.length <= MAX_HORIZON_WEEKS:
        return []
    findings: list[Finding] = []
    if policy.objective == Objective.DISPLACEMENT:
        spread = horizon.length - 1
        planned = [(i, w) for i, w in parts.works if w.planned_start is not None]
        total = sum(w.weight * spread + policy.move_penalty for _, w in planned)
        if total > MAX_EXACT and planned:
            index, _ = max(planned, key=lambda pair: pair[1].weight)
            params = {"weeks": spread, "total": total, "limit": MAX_EXACT}
            findings.append((("works", index, "weight"), "displacement_too_large", params))
    optional = [(i, r) for i, r in parts.requests if not r.mandatory]
    value = sum(r.value for _, r in optional)
    if value > MAX_EXACT:
        index, _ = max(optional, key=lambda pair: pair[1].value)
        params = {"value": value, "limit": MAX_EXACT}
        findings.append((("requests", index, "value"), "value_too_large", params))
    return findings


def _path_text(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _check_school_holidays(parts: Parts) -> list[Finding]:
    """Named items exist, and the holidays package knows every year of the horizon."""
    rule = parts.rules.school_holidays if parts.rules is not None else None
    if rule is None:
        return []
    findings: list[Finding] = []
    for index, item_id in enumerate(rule.items):
        if item_id not in parts.all_item_ids:
            findings.append((("rules", "school_holidays", "items", index), "unknown_item",
                             {"id": item_id}))
    horizon = parts.horizon
    if horizon is not None and horizon.first <= horizon.last:
        from scheduler.school_holidays import known_years

        years = range(weeks.iso_year(horizon.first), weeks.iso_year(horizon.last) + 1)
        known = set(known_years(rule.region, years[0], years[-1]))
        missing = [year for year in years if year not in known]
        if missing:
            findings.append((("rules", "school_holidays", "region"), "school_holidays_unknown",
                             {"region": rule.region, "years": ", ".join(map(str, missing))}))
    return findings
