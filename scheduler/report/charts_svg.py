"""The briefing's charts as inline SVG, for the HTML briefing and the web pages.

Gantt rows and density strips, crew load, budget bars, legends and the fan
chart of ``plooi brief --risk``, drawn from the data in
:mod:`scheduler.report.charts`. Coordinates are written with at most one
decimal, so the same data always gives the same text.

Every text that reaches an SVG passes through :func:`markupsafe.escape`, so a
work named ``<script>`` is drawn as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from scheduler.report.charts import (
    BEFORE,
    CAPACITY,
    GRID,
    INK,
    MOVED,
    PLANNED,
    REJECTED,
    REQUEST,
    UNCHANGED,
    FanLike,
    Gantt,
    GanttGroup,
    GanttRow,
    LoadSeries,
    clip,
    quarter_ticks,
    year_ticks,
)

# SVG geometry (pixels of the viewBox; the SVG scales to the page width).
LABEL_W = 270
CHART_W = 630
TAIL_W = 70
WIDTH = LABEL_W + CHART_W + TAIL_W
ROW_H = 18
FOLDED_ROW_H = 11
AXIS_H = 18
LABEL_CHARS = 38


def _num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros (small files, exact text)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


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
            f"{escape(clip(row.name, LABEL_CHARS - len(row.id)))}</text>"
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
                    f'{escape(clip(f"{row.id} {row.name}", LABEL_CHARS))}</text>')
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

