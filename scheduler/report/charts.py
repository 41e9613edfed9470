"""Chart data shared by every briefing format, and the charts drawn from it.

The data (Gantt rows grouped by wijk or kind, load series per crew) is
computed once from the plans; HTML draws it as inline SVG built here, the
PDF as PNG images drawn with matplotlib's Agg backend. Both stay readable at
2,000 works because only the *affected* items (moved works, requests) get a
row of their own: the unchanged works of a group are folded into a density
strip (how many run each week) and, in HTML, a collapsed list.

Every text that reaches an SVG passes through :func:`markupsafe.escape`, so a
work named ``<script>`` is drawn as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from markupsafe import Markup, escape

from scheduler import weeks
from scheduler.plan import ItemStatus, Plan
from scheduler.scenario import Request, Scenario, wijk_of

if TYPE_CHECKING:  # matplotlib is imported only when a PDF is made
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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

# SVG geometry (pixels of the viewBox; the SVG scales to the page width).
LABEL_W = 270
CHART_W = 630
TAIL_W = 70
WIDTH = LABEL_W + CHART_W + TAIL_W
ROW_H = 18
FOLDED_ROW_H = 11
AXIS_H = 18
LABEL_CHARS = 38


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


# -- SVG (HTML) ---------------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros (small files, exact text)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Axis:
    def __init__(self, first: int, last: int, left: float = LABEL_W, width: float = CHART_W):
        self.first, self.last, self.left, self.width = first, last, left, width
        self.scale = width / (last - first + 1)

    def x(self, week: int) -> float:
        return self.left + (week - self.first) * self.scale

    def bar(self, span: tuple[int, int]) -> tuple[float, float]:
        """(x, width) of the weeks of ``span`` inside the axis; a span outside it is drawn
        as a sliver at the nearest end."""
        lo = min(max(span[0], self.first), self.last)
        hi = max(min(span[1], self.last), lo)
        return self.x(lo), max(1.5, (hi - lo + 1) * self.scale)


def _grid(axis: _Axis, top: float, height: float, labels: bool) -> list[str]:
    parts = []
    for week in quarter_ticks(axis.first, axis.last):
        x = _num(axis.x(week))
        parts.append(f'<line x1="{x}" y1="{_num(top)}" x2="{x}" y2="{_num(top + height)}" '
                     f'stroke="{GRID}" stroke-width="0.6"/>')
    for week, year in year_ticks(axis.first, axis.last):
        x = _num(axis.x(week))
        parts.append(f'<line x1="{x}" y1="{_num(top)}" x2="{x}" y2="{_num(top + height)}" '
                     f'stroke="#c3c8ce" stroke-width="1"/>')
        if labels:
            parts.append(f'<text x="{_num(axis.x(week) + 3)}" y="{_num(top - 5)}" '
                         f'font-size="11" fill="{INK}">{year}</text>')
    return parts


def _svg(width: float, height: float, label: str, body: list[str]) -> Markup:
    head = (f'<svg viewBox="0 0 {_num(width)} {_num(height)}" width="100%" role="img" '
            f'aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet" '
            f'font-family="inherit">')
    return Markup(head + "".join(body) + "</svg>")


def svg_gantt(gantt_data: Gantt, rows: Sequence[GanttRow], label: str, tails: dict[str, str],
              folded: bool = False) -> Markup:
    """Rows of one group: planned weeks as a dashed outline, new weeks solid.

    ``tails`` maps a row kind to the words at the right (e.g. "nieuw"); a moved
    row shows its shift in weeks there.
    """
    first, last = (gantt_data.first, gantt_data.last) if folded else gantt_data.focus
    axis = _Axis(first, last)
    row_h = FOLDED_ROW_H if folded else ROW_H
    top = AXIS_H
    height = top + row_h * len(rows) + 4
    body = _grid(axis, top, row_h * len(rows), labels=True)
    font = 8.5 if folded else 11.5
    for index, row in enumerate(rows):
        y = top + index * row_h
        mid = y + row_h / 2
        bar_h = row_h - (3 if folded else 6)
        bar_y = mid - bar_h / 2
        parts = [f"<g><title>{escape(row.id)} — {escape(row.name)}</title>"]
        if index % 2 == 1 and not folded:
            parts.append(f'<rect x="0" y="{_num(y)}" width="{WIDTH}" height="{row_h}" '
                         f'fill="#f6f7f9"/>')
        parts.append(
            f'<text x="4" y="{_num(mid + font * 0.35)}" font-size="{font}" fill="{INK}">'
            f'<tspan font-weight="600">{escape(row.id)}</tspan> '
            f"{escape(_clip(row.name, LABEL_CHARS - len(row.id)))}</text>"
        )
        if row.window is not None and row.kind in ("request", "rejected"):
            x, w = axis.bar(row.window)
            colour = REQUEST if row.kind == "request" else REJECTED
            dash = "" if row.kind == "request" else ' stroke-dasharray="3 2"'
            parts.append(f'<rect x="{_num(x)}" y="{_num(bar_y + 1)}" width="{_num(w)}" '
                         f'height="{_num(bar_h - 2)}" fill="none" stroke="{colour}" '
                         f'stroke-width="1"{dash} opacity="0.8"/>')
        if row.kind == "moved" and row.before is not None:
            x, w = axis.bar(row.before)
            parts.append(f'<rect x="{_num(x)}" y="{_num(bar_y)}" width="{_num(w)}" '
                         f'height="{_num(bar_h)}" fill="#ffffff" fill-opacity="0.6" '
                         f'stroke="{PLANNED}" stroke-width="1.2" stroke-dasharray="3 2"/>')
            if row.after is not None:
                x1 = axis.x(row.before[0]) + 0.5 * w
                x2 = axis.x(row.after[0])
                parts.append(f'<line x1="{_num(x1)}" y1="{_num(mid)}" x2="{_num(x2)}" '
                             f'y2="{_num(mid)}" stroke="{MOVED}" stroke-width="0.8" '
                             f'stroke-opacity="0.6"/>')
        if row.after is not None:
            colour = {"moved": MOVED, "request": REQUEST}.get(row.kind, UNCHANGED)
            x, w = axis.bar(row.after)
            parts.append(f'<rect x="{_num(x)}" y="{_num(bar_y)}" width="{_num(w)}" '
                         f'height="{_num(bar_h)}" fill="{colour}" rx="1.5"/>')
        tail = tails.get(row.kind, "")
        if row.kind == "moved" and row.shift is not None:
            tail = f"{row.shift:+d} {tails.get('weeks', '')}".strip()
        if tail:
            parts.append(f'<text x="{WIDTH - 4}" y="{_num(mid + font * 0.35)}" '
                         f'font-size="{font}" text-anchor="end" fill="{INK}">'
                         f"{escape(tail)}</text>")
        parts.append("</g>")
        body.append("".join(parts))
    return _svg(WIDTH, height, label, body)


def svg_density(gantt_data: Gantt, group: GanttGroup, label: str) -> Markup:
    """How many unchanged works of the group run each week of the focus, as a shaded strip."""
    first, last = gantt_data.focus
    axis = _Axis(first, last)
    density = group.density[first - gantt_data.first: last - gantt_data.first + 1]
    height = 16
    body = [f'<text x="4" y="12" font-size="11" fill="{INK}">{escape(label)}</text>',
            f'<rect x="{LABEL_W}" y="2" width="{CHART_W}" height="12" fill="#ffffff" '
            f'stroke="{GRID}"/>']
    peak = max(density, default=0)
    if peak:
        for start, end, value in _runs(density):
            if not value:
                continue
            shade = 0.15 + 0.85 * value / peak
            x = axis.x(first + start)
            w = (end - start + 1) * axis.scale
            body.append(f'<rect x="{_num(x)}" y="2" width="{_num(w)}" height="12" '
                        f'fill="{UNCHANGED}" fill-opacity="{shade:.2f}"/>')
        body.append(f'<text x="{WIDTH - 4}" y="12" font-size="10" text-anchor="end" '
                    f'fill="{INK}">max {peak}</text>')
    return _svg(WIDTH, height, label, body)


def _runs(values: Sequence[int]) -> list[tuple[int, int, int]]:
    """(first index, last index, value) of each run of equal values."""
    runs: list[tuple[int, int, int]] = []
    for index, value in enumerate(values):
        if runs and runs[-1][2] == value and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index, value)
        else:
            runs.append((index, index, value))
    return runs


def svg_load(series: LoadSeries, label: str) -> Markup:
    """Weekly load: after as a filled area, before as a grey line, capacity as a red step."""
    axis = _Axis(series.first, series.last, left=40, width=WIDTH - 50)
    top, plot_h = AXIS_H, 90
    scale_max = max(max(series.capacity, default=0), series.peak("before"),
                    series.peak("after"), 1)

    def y(value: float) -> float:
        return top + plot_h - value / scale_max * plot_h

    body = _grid(axis, top, plot_h, labels=True)
    for value in sorted({0, scale_max, max(series.capacity, default=0)}):
        body.append(f'<text x="34" y="{_num(y(value) + 3.5)}" font-size="10" text-anchor="end" '
                    f'fill="{INK}">{value}</text>')
    body.append(f'<path d="{_step_path(axis, series.first, series.after, y, closed=True)}" '
                f'fill="{MOVED}" fill-opacity="0.30" stroke="{MOVED}" stroke-width="1"/>')
    body.append(f'<path d="{_step_path(axis, series.first, series.before, y)}" fill="none" '
                f'stroke="{BEFORE}" stroke-width="1.2" stroke-dasharray="4 2"/>')
    body.append(f'<path d="{_step_path(axis, series.first, series.capacity, y)}" fill="none" '
                f'stroke="{CAPACITY}" stroke-width="1.4"/>')
    pairs = zip(series.capacity, series.after, strict=True)
    full = [1 if used and used >= cap else 0 for cap, used in pairs]
    for start, end, value in _runs(full):
        if value:
            x = axis.x(series.first + start)
            w = (end - start + 1) * axis.scale
            body.append(f'<rect x="{_num(x)}" y="{_num(top + plot_h + 1)}" width="{_num(w)}" '
                        f'height="4" fill="{CAPACITY}"/>')
    return _svg(WIDTH, top + plot_h + 8, label, body)


def _step_path(axis: _Axis, first: int, values: Sequence[int], y: Callable[[float], float],
               closed: bool = False) -> str:
    points: list[str] = []
    for start, end, value in _runs(values):
        x0 = axis.x(first + start)
        x1 = axis.x(first + end + 1)
        points.append(f"{_num(x0)} {_num(y(value))}")
        points.append(f"{_num(x1)} {_num(y(value))}")
    if not points:
        return ""
    path = "M" + " L".join(points)
    if closed:
        path += (f" L{_num(axis.x(first + len(values)))} {_num(y(0))} "
                 f"L{_num(axis.x(first))} {_num(y(0))} Z")
    return path


def svg_budget_bar(limit: float, before: float, after: float, state: str) -> Markup:
    """Use of one budget line-year: the bar is the spend after, the tick the spend before."""
    width, height = 120, 12
    top = max(limit, before, after, 1)
    colour = {"over": REJECTED, "tight": REQUEST}.get(state, MOVED)
    body = [f'<rect x="0" y="1" width="{_num(limit / top * width)}" height="{height - 2}" '
            f'fill="#eef0f3" stroke="#c3c8ce" stroke-width="0.6"/>',
            f'<rect x="0" y="3" width="{_num(after / top * width)}" height="{height - 6}" '
            f'fill="{colour}"/>',
            f'<line x1="{_num(before / top * width)}" y1="0" x2="{_num(before / top * width)}" '
            f'y2="{height}" stroke="{INK}" stroke-width="1.4"/>']
    return Markup(f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true">' + "".join(body) + "</svg>")


def svg_legend(items: Sequence[tuple[str, str]]) -> Markup:
    """A row of legend keys: (style, text) with style one of moved, planned, request,
    rejected, unchanged, before, capacity, after, full."""
    x = 0.0
    body = []
    for style, text in items:
        body.append(_legend_key(style, x))
        body.append(f'<text x="{_num(x + 26)}" y="12" font-size="11.5" fill="{INK}">'
                    f"{escape(text)}</text>")
        x += 34 + 6.4 * len(text)
    return _svg(max(x, 1), 18, "legend", body)


def _legend_key(style: str, x: float) -> str:
    if style == "planned":
        return (f'<rect x="{_num(x)}" y="4" width="20" height="10" fill="none" '
                f'stroke="{PLANNED}" stroke-width="1.2" stroke-dasharray="3 2"/>')
    if style == "rejected":
        return (f'<rect x="{_num(x)}" y="4" width="20" height="10" fill="none" '
                f'stroke="{REJECTED}" stroke-dasharray="3 2"/>')
    if style == "before":
        return (f'<line x1="{_num(x)}" y1="9" x2="{_num(x + 20)}" y2="9" stroke="{BEFORE}" '
                f'stroke-width="1.2" stroke-dasharray="4 2"/>')
    if style == "capacity":
        return (f'<line x1="{_num(x)}" y1="9" x2="{_num(x + 20)}" y2="9" stroke="{CAPACITY}" '
                f'stroke-width="1.4"/>')
    if style == "full":
        return f'<rect x="{_num(x)}" y="7" width="20" height="4" fill="{CAPACITY}"/>'
    if style == "after":
        return (f'<rect x="{_num(x)}" y="4" width="20" height="10" fill="{MOVED}" '
                f'fill-opacity="0.3" stroke="{MOVED}"/>')
    colour = {"moved": MOVED, "request": REQUEST}.get(style, UNCHANGED)
    return f'<rect x="{_num(x)}" y="4" width="20" height="10" fill="{colour}" rx="1.5"/>'


# -- PNG (PDF) ----------------------------------------------------------------------------

PNG_DPI = 150
PNG_WIDTH_IN = 7.5


def _figure(height_in: float) -> tuple[Figure, Axes]:
    """A matplotlib Figure on the Agg canvas (no pyplot: no global state, no display)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(PNG_WIDTH_IN, height_in), dpi=PNG_DPI)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot(1, 1, 1)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


def _year_axis(ax: Axes, first: int, last: int) -> None:
    ticks = year_ticks(first, last)
    ax.set_xlim(first, last + 1)
    ax.set_xticks([w for w, _ in ticks])
    ax.set_xticklabels([str(y) for _, y in ticks], fontsize=8)
    ax.set_xticks(quarter_ticks(first, last), minor=True)
    ax.grid(axis="x", which="major", color="#c3c8ce", linewidth=0.8)
    ax.grid(axis="x", which="minor", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)


def png_gantt(gantt_data: Gantt, rows: Sequence[tuple[str, GanttRow | None]], weeks_word: str,
              legend: Sequence[str]) -> bytes:
    """Affected rows as horizontal bars on the focus axis, planned weeks hatched; a row
    ``(title, None)`` is a group heading. ``legend``: the words for planned, moved,
    request and window."""
    from matplotlib.patches import Patch

    first, last = gantt_data.focus
    height = 1.1 + 0.2 * max(len(rows), 1)
    figure, a = _figure(height)
    handles = [
        Patch(facecolor="#ffffff", edgecolor=PLANNED, hatch="////", label=legend[0]),
        Patch(facecolor=MOVED, label=legend[1]),
        Patch(facecolor=REQUEST, label=legend[2]),
        Patch(facecolor="none", edgecolor=REJECTED, linestyle="--", label=legend[3]),
    ]
    a.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2,
             fontsize=6.5, frameon=False, borderaxespad=0.3)
    labels = []
    for index, (title, row) in enumerate(rows):
        y = len(rows) - 1 - index
        if row is None:
            labels.append(_clip(title, 44))
            a.axhspan(y - 0.5, y + 0.5, color="#eef0f3", linewidth=0)
            continue
        labels.append(f"{row.id} {_clip(row.name, 40 - len(row.id))}")
        if row.window is not None and row.kind in ("request", "rejected"):
            colour = REQUEST if row.kind == "request" else REJECTED
            a.barh(y, row.window[1] - row.window[0] + 1, left=row.window[0], height=0.7,
                   fill=False, edgecolor=colour, linestyle="--" if row.kind == "rejected" else "-",
                   linewidth=0.7)
        if row.kind == "moved" and row.before is not None:
            a.barh(y, row.before[1] - row.before[0] + 1, left=row.before[0], height=0.6,
                   color="#ffffff", edgecolor=PLANNED, hatch="////", linewidth=0.6)
        if row.after is not None:
            colour = {"moved": MOVED, "request": REQUEST}.get(row.kind, UNCHANGED)
            a.barh(y, row.after[1] - row.after[0] + 1, left=row.after[0], height=0.6,
                   color=colour)
        if row.kind == "moved" and row.shift is not None:
            a.text(last + 1, y, f" {row.shift:+d} {weeks_word}", va="center", ha="left",
                   fontsize=6.5)
    a.set_yticks(range(len(rows)))
    a.set_yticklabels(list(reversed(labels)), fontsize=6.5)
    for tick, (_, row) in zip(a.get_yticklabels(), reversed(rows), strict=True):
        if row is None:
            tick.set_fontweight("bold")
    a.tick_params(axis="y", length=0)
    a.set_ylim(-0.5, len(rows) - 0.5)
    _year_axis(a, first, last)
    figure.subplots_adjust(left=0.3, right=0.92, top=1 - 0.6 / height,
                           bottom=0.35 / height)
    return _png(figure)


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


def png_density(gantt_data: Gantt, label: str) -> bytes:
    """Unchanged works per group and week as a heat map: one line per group."""
    import numpy as np

    groups = list(gantt_data.groups)
    height = 0.7 + 0.2 * max(len(groups), 1)
    figure, ax = _figure(height)
    a = ax
    rows = [list(g.density) for g in groups] or [[0] * gantt_data.span]
    matrix = np.array(rows, dtype=float)
    a.imshow(matrix, aspect="auto", cmap="Greys", interpolation="nearest",
             extent=(gantt_data.first, gantt_data.last + 1, len(groups) - 0.5, -0.5),
             vmin=0, vmax=max(1.0, float(matrix.max())) * 1.6)
    a.set_yticks(range(len(groups)))
    a.set_yticklabels([f"{_clip(g.title, 34)} ({len(g.folded)})" for g in groups],
                      fontsize=6.5)
    _year_axis(a, gantt_data.first, gantt_data.last)
    a.grid(False)
    a.set_title(label, fontsize=8, loc="left")
    figure.subplots_adjust(left=0.3, right=0.92, top=1 - 0.3 / height,
                           bottom=0.35 / height)
    return _png(figure)


def png_load(series: Sequence[LoadSeries], names: dict[str, str]) -> bytes:
    """Small multiples, one panel per crew: after filled, before dashed, capacity red.

    ``names`` holds the legend words: before, after, capacity.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    panels = max(len(series), 1)
    height = 0.5 + 1.15 * panels
    figure = Figure(figsize=(PNG_WIDTH_IN, height), dpi=PNG_DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots(panels, 1, sharex=True, squeeze=False)
    for index, one in enumerate(series):
        a = axes[index][0]
        xs = [one.first + i for i in range(len(one.capacity))] + [one.last + 1]
        a.fill_between(xs, [*one.after, one.after[-1]], step="post", color=MOVED, alpha=0.3,
                       linewidth=0, label=names["after"])
        a.step(xs, [*one.after, one.after[-1]], where="post", color=MOVED, linewidth=0.7)
        a.step(xs, [*one.before, one.before[-1]], where="post", color=BEFORE, linewidth=0.9,
               linestyle="--", label=names["before"])
        a.step(xs, [*one.capacity, one.capacity[-1]], where="post", color=CAPACITY,
               linewidth=1.0, label=names["capacity"])
        a.set_ylim(0, max(max(one.capacity, default=0), one.peak("before"), one.peak("after"),
                          1) * 1.15)
        a.set_title(f"{_clip(one.name, 60)} ({one.id})", fontsize=7, loc="left", pad=2)
        a.tick_params(axis="y", labelsize=6)
        a.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        _year_axis(a, one.first, one.last)
        if index == 0:
            a.legend(fontsize=6.5, loc="lower right", ncol=3, frameon=False,
                     bbox_to_anchor=(1, 1.12))
    figure.subplots_adjust(left=0.06, right=0.98, top=1 - 0.4 / height,
                           bottom=0.25 / height, hspace=0.55)
    return _png(figure)


def svg_fan(rows: Sequence[FanLike], first: int, last: int, label: str) -> Markup:
    """Per item: a thin line from P50 to P95, a block from P50 to P80, a diamond at the
    planned finish and a red bar at the deadline (plooi brief --risk)."""
    axis = _Axis(first, last)
    row_h = 18
    height = AXIS_H + row_h * len(rows) + 6
    body = _grid(axis, AXIS_H, row_h * len(rows), labels=True)
    for number, row in enumerate(rows):
        y = AXIS_H + number * row_h
        mid = y + row_h / 2
        body.append(f'<text x="4" y="{_num(mid + 4)}" font-size="11" fill="{INK}">'
                    f'{escape(_clip(f"{row.id} {row.name}"))}</text>')
        x50, x95 = axis.x(row.p50) + axis.scale, axis.x(row.p95) + axis.scale
        body.append(f'<line x1="{_num(x50)}" y1="{_num(mid)}" x2="{_num(x95)}" y2="{_num(mid)}" '
                    f'stroke="{MOVED}" stroke-width="1.5"/>')
        x80 = axis.x(row.p80) + axis.scale
        body.append(f'<rect x="{_num(x50 - 1.5)}" y="{_num(mid - 4)}" '
                    f'width="{_num(max(3.0, x80 - x50 + 1.5))}" height="8" fill="{MOVED}" '
                    f'fill-opacity="0.45"/>')
        xp = axis.x(row.planned) + axis.scale
        body.append(f'<path d="M{_num(xp)} {_num(mid - 5)} l4 5 l-4 5 l-4 -5 z" '
                    f'fill="{INK}"/>')
        if row.latest is not None:
            xl = axis.x(row.latest) + axis.scale
            body.append(f'<line x1="{_num(xl)}" y1="{_num(y + 2)}" x2="{_num(xl)}" '
                        f'y2="{_num(y + row_h - 2)}" stroke="{CAPACITY}" stroke-width="2"/>')
    return _svg(WIDTH, height, label, body)


def png_fan(rows: Sequence[FanLike], first: int, last: int) -> bytes:
    """The fan chart of svg_fan for the PDF: P50..P95 line, P50..P80 block, planned
    finish (diamond), deadline (red bar)."""
    height = 0.5 + 0.22 * max(len(rows), 1)
    figure, ax = _figure(height)
    count = len(rows)
    for number, row in enumerate(rows):
        y = count - 1 - number
        ax.hlines(y, row.p50 + 0.5, row.p95 + 1, color=MOVED, linewidth=1.0)
        ax.barh(y, row.p80 - row.p50 + 1, left=row.p50, height=0.45, color=MOVED, alpha=0.45)
        ax.scatter([row.planned + 0.5], [y], marker="D", s=9, color=INK, zorder=3)
        if row.latest is not None:
            ax.vlines(row.latest + 1, y - 0.35, y + 0.35, color=CAPACITY, linewidth=1.4)
    ax.set_yticks(range(count))
    ax.set_yticklabels([_clip(f"{r.id} {r.name}", 40) for r in reversed(rows)], fontsize=6.5)
    ax.set_ylim(-0.6, count - 0.4)
    _year_axis(ax, first, last)
    figure.subplots_adjust(left=0.3, right=0.98, top=1 - 0.15 / height, bottom=0.3 / height)
    return _png(figure)


class FanLike(Protocol):
    """What svg_fan needs of a row (scheduler.risk.brief.FanRow); weeks as ordinals."""

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
