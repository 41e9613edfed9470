"""The briefing's charts as PNG images, for the PDF briefing.

Drawn with matplotlib on its Agg canvas (no pyplot: no global state, no
display) from the data in :mod:`scheduler.report.charts`; matplotlib is
imported only when a chart is drawn, so only making a PDF pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    GanttRow,
    LoadSeries,
    clip,
    quarter_ticks,
    year_ticks,
)

if TYPE_CHECKING:  # matplotlib is imported only when a PDF is made
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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
            labels.append(clip(title, 44))
            a.axhspan(y - 0.5, y + 0.5, color="#eef0f3", linewidth=0)
            continue
        labels.append(f"{row.id} {clip(row.name, 40 - len(row.id))}")
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
    a.set_yticklabels([f"{clip(g.title, 34)} ({len(g.folded)})" for g in groups],
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
        a.set_title(f"{clip(one.name, 60)} ({one.id})", fontsize=7, loc="left", pad=2)
        a.tick_params(axis="y", labelsize=6)
        a.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        _year_axis(a, one.first, one.last)
        if index == 0:
            a.legend(fontsize=6.5, loc="lower right", ncol=3, frameon=False,
                     bbox_to_anchor=(1, 1.12))
    figure.subplots_adjust(left=0.06, right=0.98, top=1 - 0.4 / height,
                           bottom=0.25 / height, hspace=0.55)
    return _png(figure)


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
    ax.set_yticklabels([clip(f"{r.id} {r.name}", 40) for r in reversed(rows)], fontsize=6.5)
    ax.set_ylim(-0.6, count - 0.4)
    _year_axis(ax, first, last)
    figure.subplots_adjust(left=0.3, right=0.98, top=1 - 0.15 / height, bottom=0.3 / height)
    return _png(figure)

