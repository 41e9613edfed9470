"""Chart data shared by every briefing format, and the palette both drawers use.

The data (Gantt rows grouped by wijk or kind, load series per crew) is
computed once from the plans; :mod:`scheduler.report.charts_svg` draws it as
inline SVG for HTML, :mod:`scheduler.report.charts_png` as PNG images for the
PDF. Both stay readable at 2,000 works because only the *affected* items
(moved works, requests) get a row of their own: the unchanged works of a
group are folded into a density strip (how many run each week) and, in HTML,
a collapsed list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from scheduler import weeks
from scheduler.plan import ItemStatus, Plan
from scheduler.scenario import Request, Scenario, wijk_of

RowKind = Literal["moved", "request", "rejected", "unchanged"]
GroupBy = Literal["wijk", "kind"]

# Colours: distinguishable for the common colour-vision deficiencies and in greyscale print.
MOVED = "#1f5fa8"
PLANNED = "#9aa3ad"
REQUEST = "#d9731a"
REJECTED = "#b42318"
UNCHANGED = "#8a939e"
CAPACITY = "#b42318"
BEFORE = "#111827"
GRID = "#e3e6ea"
INK = "#1f2933"


@dataclass(frozen=True)
class GanttRow:
    """One item on the Gantt chart; spans are (first week, last week) ordinals, inclusive."""

    id: str
    name: str
    kind: RowKind
    before: tuple[int, int] | None
    after: tuple[int, int] | None
    window: tuple[int, int] | None = None
    shift: int | None = None


@dataclass(frozen=True)
class GanttGroup:
    key: str
    title: str
    rows: tuple[GanttRow, ...]
    folded: tuple[GanttRow, ...]
    density: tuple[int, ...]

    @property
    def moved(self) -> int:
        return sum(1 for row in self.rows if row.kind == "moved")

    @property
    def requests(self) -> int:
        return sum(1 for row in self.rows if row.kind in ("request", "rejected"))


@dataclass(frozen=True)
class Gantt:
    """Rows per group over the horizon ``first..last``; ``focus`` is the stretch in which
    anything changes (rounded out to quarters), the axis of the affected rows."""

    first: int
    last: int
    by: GroupBy
    groups: tuple[GanttGroup, ...]
    focus: tuple[int, int]

    @property
    def span(self) -> int:
        return self.last - self.first + 1

    @property
    def rows(self) -> list[GanttRow]:
        return [row for group in self.groups for row in group.rows]


@dataclass(frozen=True)
class LoadSeries:
    """Demand of one crew per week, before (baseline) and after (plan), with its capacity."""

    id: str
    name: str
    first: int
    capacity: tuple[int, ...]
    before: tuple[int, ...]
    after: tuple[int, ...]

    @property
    def last(self) -> int:
        return self.first + len(self.capacity) - 1

    def full_weeks(self, which: Literal["before", "after"]) -> int:
        """Weeks in which the crew is booked to (or beyond) its capacity."""
        series = self.before if which == "before" else self.after
        pairs = zip(self.capacity, series, strict=True)
        return sum(1 for cap, used in pairs if used and used >= cap)

    def peak(self, which: Literal["before", "after"]) -> int:
        series = self.before if which == "before" else self.after
        return max(series, default=0)

    def use(self, which: Literal["before", "after"]) -> float | None:
        """Share of the total capacity over the horizon that is booked."""
        series = self.before if which == "before" else self.after
        total = sum(self.capacity)
        return None if total == 0 else sum(series) / total


# -- data --------------------------------------------------------------------------------


def group_key(scenario: Scenario, item_id: str, by: GroupBy) -> str:
    item = scenario.item_by_id[item_id]
    return wijk_of(item.area) if by == "wijk" else str(item.kind)


def gantt(
    scenario: Scenario,
    plan: Plan | None,
    by: GroupBy,
    title: Callable[[str], str],
) -> Gantt:
    """Rows for moved works and requests per group, the other works folded per group.

    Groups with affected items come first (most affected first), then by title.
    Within a group, rows follow their (new) start week.
    """
    first, last = scenario.horizon.first, scenario.horizon.last
    affected: dict[str, list[GanttRow]] = {}
    folded: dict[str, list[GanttRow]] = {}
    for source in scenario.items:
        key = group_key(scenario, source.id, by)
        affected.setdefault(key, [])
        folded.setdefault(key, [])
        row = _row(scenario, plan, source.id)
        (folded if row.kind == "unchanged" else affected)[key].append(row)
    groups = []
    for key in affected:
        rows = sorted(affected[key], key=_row_order)
        rest = sorted(folded[key], key=_row_order)
        density = [0] * (last - first + 1)
        for row in rest:
            span = row.after or row.before
            if span is None:
                continue
            for week in range(max(span[0], first), min(span[1], last) + 1):
                density[week - first] += 1
        groups.append(GanttGroup(key, title(key), tuple(rows), tuple(rest), tuple(density)))
    groups.sort(key=lambda g: (-len(g.rows), g.title.casefold(), g.key))
    return Gantt(first, last, by, tuple(groups), _focus(groups, first, last))


# Weeks of margin around the changes when the Gantt zooms in on them.
FOCUS_MARGIN = 4


def _focus(groups: Sequence[GanttGroup], first: int, last: int) -> tuple[int, int]:
    """The weeks that hold every affected row, with a margin, rounded out to quarters."""
    ends = [end for group in groups for row in group.rows
            for span in (row.before, row.after, row.window) if span is not None
            for end in span]
    if not ends:
        return first, last
    lo = max(first, _quarter_floor(min(ends) - FOCUS_MARGIN))
    hi = min(last, _quarter_floor(max(ends) + FOCUS_MARGIN + 13) - 1)
    hi = max(hi, min(last, lo + 12))
    return lo, hi


def _quarter_floor(week: int) -> int:
    """The first week of the quarter (ISO weeks 1, 14, 27, 40) that holds ``week``."""
    year, number = weeks.year_week(week)
    start = max(q for q in (1, 14, 27, 40) if q <= number)
    return weeks.from_year_week(year, start)


def _row(scenario: Scenario, plan: Plan | None, item_id: str) -> GanttRow:
    source = scenario.item_by_id[item_id]
    if isinstance(source, Request):
        window = scenario.window(source)
        item = plan[item_id] if plan is not None else None
        if item is None or item.start is None:
            return GanttRow(item_id, source.name, "rejected", None, None, window)
        return GanttRow(item_id, source.name, "request", None, _span(item.start, item.duration),
                        window)
    planned = scenario.planned(source)
    before = None if planned is None else _span(planned, source.duration)
    if plan is None:
        return GanttRow(item_id, source.name, "unchanged", before, before, shift=0)
    placed = plan[item_id]
    after = None if placed.start is None else _span(placed.start, placed.duration)
    kind: RowKind = "moved" if placed.status == ItemStatus.MOVED else "unchanged"
    return GanttRow(item_id, source.name, kind, before, after, shift=placed.shift)


def _span(start: int, duration: int) -> tuple[int, int]:
    return start, start + duration - 1


def _row_order(row: GanttRow) -> tuple[int, str]:
    span = row.after or row.before or row.window
    return (span[0] if span else 0), row.id


def load_series(scenario: Scenario, before: Plan, after: Plan | None) -> list[LoadSeries]:
    """Weekly demand per crew over the horizon; without a plan, 'after' equals 'before'."""
    first, last = scenario.horizon.first, scenario.horizon.last
    load_before = before.load(scenario)
    load_after = (after or before).load(scenario)
    series = []
    for resource in scenario.resources:
        span = range(first, last + 1)
        series.append(
            LoadSeries(
                resource.id,
                resource.name,
                first,
                tuple(resource.capacity_in(w) for w in span),
                tuple(load_before.get((resource.id, w), 0) for w in span),
                tuple(load_after.get((resource.id, w), 0) for w in span),
            )
        )
    return series


def year_ticks(first: int, last: int) -> list[tuple[int, int]]:
    """(week ordinal, ISO year) of every year start inside the axis, the axis start included."""
    ticks = [(first, weeks.iso_year(first))]
    for year in range(weeks.iso_year(first) + 1, weeks.iso_year(last) + 1):
        ticks.append((weeks.from_year_week(year, 1), year))
    return ticks


def quarter_ticks(first: int, last: int) -> list[int]:
    ticks = []
    for year in range(weeks.iso_year(first), weeks.iso_year(last) + 1):
        for week in (14, 27, 40):
            ordinal = weeks.from_year_week(year, week)
            if first < ordinal <= last:
                ticks.append(ordinal)
    return ticks


def gantt_pages(gantt_data: Gantt, per_page: int) -> list[list[tuple[str, GanttRow | None]]]:
    """The affected rows with a heading row per group, cut into chunks of ``per_page``;
    a group that continues on the next chunk repeats its heading there."""
    chunks: list[list[tuple[str, GanttRow | None]]] = [[]]
    for group in gantt_data.groups:
        if not group.rows:
            continue
        if len(chunks[-1]) >= per_page - 1:
            chunks.append([])
        chunks[-1].append((group.title, None))
        for row in group.rows:
            if len(chunks[-1]) >= per_page:
                chunks.append([(group.title, None)])
            chunks[-1].append((group.title, row))
    return [chunk for chunk in chunks if chunk]


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FanLike(Protocol):
    """What the fan charts need of a row (scheduler.risk.brief.FanRow); weeks as ordinals."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def planned(self) -> int: ...
    @property
    def p50(self) -> int: ...
    @property
    def p80(self) -> int: ...
    @property
    def p95(self) -> int: ...
    @property
    def latest(self) -> int | None: ...
