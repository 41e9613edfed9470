"""The briefing as PDF, with pip-installed libraries only.

fpdf2 lays out the text with DejaVu Sans, a freely licensed Unicode font that
matplotlib ships in ``mpl-data/fonts/ttf`` (so ``€``, ``ë`` and ``×`` render
and the text can be extracted again); no font is committed here and no system
library is needed. Charts are matplotlib figures drawn with the Agg backend to
PNG in memory. Every text is written as plain text (never as markup), so a
work named ``<script>`` is printed as those characters.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from scheduler.report import charts, charts_png, numbers
from scheduler.report.briefing import Briefing
from scheduler.text.risk import risk_words

FONT = "DejaVu"
# Rows of long tables printed in full; the rest is counted (the Excel holds them all).
TABLE_LIMIT = 400
GANTT_ROWS_PER_IMAGE = 40
LOAD_PANELS_PER_IMAGE = 7
HEADING_FILL = (238, 241, 244)
MIN_FLEX = 14.0  # mm a flexible column keeps when a table is too wide
KEY_FILL = (244, 246, 248)


class FontMissing(RuntimeError):
    """matplotlib's DejaVu fonts are not where matplotlib keeps its data."""


def font_files() -> dict[str, Path]:
    """DejaVu Sans regular and bold from matplotlib's own data folder."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    files = {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}
    for path in files.values():
        if not path.is_file():
            raise FontMissing(f"font {path} not found; reinstall matplotlib")
    return files


class _Document(FPDF):
    def __init__(self, briefing: Briefing) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.briefing = briefing
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(briefing.title)
        self.set_lang(briefing.lang)
        self.set_creator("plooi")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(110, 110, 110)
        t = self.briefing.labels
        self.cell(0, 5, f"{t['footer']} · {self.briefing.scenario} · {t['page']} "
                        f"{self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def render_pdf(briefing: Briefing) -> bytes:
    """The whole briefing as a PDF file (bytes)."""
    pdf = _Document(briefing)
    pdf.add_page()
    _title(pdf, briefing)
    _key_message(pdf, briefing)
    if briefing.conflict:
        _heading(pdf, briefing.labels["conflict"])
        _bullets(pdf, list(briefing.conflict), 0)
    _requests(pdf, briefing)
    _displacements(pdf, briefing)
    if briefing.area_map is not None:
        _area_map(pdf, briefing)
    _gantt(pdf, briefing)
    _budgets(pdf, briefing)
    _load(pdf, briefing)
    _risks(pdf, briefing)
    if briefing.uncertainty is not None:
        _uncertainty(pdf, briefing)
    if briefing.comparison is not None:
        _comparison(pdf, briefing)
    _method(pdf, briefing)
    return bytes(pdf.output())


# -- building blocks -----------------------------------------------------------------------


def _text(pdf: FPDF, text: str, size: float = 9.5, style: str = "", height: float = 4.8) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _heading(pdf: FPDF, text: str, level: int = 0, needed: float | None = None) -> None:
    """A section heading, with its outline entry; starts a page when less than ``needed``
    millimetres are left (so a heading never stands alone at the bottom)."""
    needed = needed if needed is not None else (30 if level == 0 else 20)
    if pdf.get_y() > pdf.h - pdf.b_margin - needed:
        pdf.add_page()
    pdf.ln(4 if level == 0 else 2)
    pdf.start_section(text, level=level, strict=False)
    pdf.set_font(FONT, "B", 13 if level == 0 else 10.5)
    pdf.multi_cell(0, 6.5 if level == 0 else 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if level == 0:
        pdf.set_draw_color(31, 41, 51)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(2)


def _bullets(pdf: FPDF, lines: Sequence[str], more: int, more_text: str = "") -> None:
    """A list with hanging indents: wrapped lines start under the text, not the bullet."""
    pdf.set_font(FONT, "", 9)
    for line in [*lines, *([more_text] if more else [])]:
        pdf.set_x(pdf.l_margin + 1.5)
        pdf.cell(4, 4.6, "•" if line in lines else "")
        pdf.multi_cell(0, 4.6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _table(pdf: FPDF, headings: Sequence[str], rows: Sequence[Sequence[str]],
           flex: dict[int, float], right: Sequence[int] = (), size: float = 7.5,
           keep: Sequence[int] = ()) -> None:
    """A table that breaks across pages and repeats its heading row there.

    Columns get the width their longest word needs (so ids and weeks never break
    inside); right-aligned (amounts) and ``keep`` columns (chains) never wrap a line;
    ``flex`` columns (names, causes) share what is left by weight.
    """
    pdf.set_font(FONT, "", size)
    pdf.set_draw_color(200, 205, 211)
    pdf.set_line_width(0.2)
    aligns = ["R" if index in right else "L" for index in range(len(headings))]
    with pdf.table(
        col_widths=tuple(_widths(pdf, headings, rows, flex, {*right, *keep}, size)),
        text_align=tuple(aligns),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        line_height=size * 0.48,
        padding=(0.9, 1.2, 0.9, 1.2),
        v_align="TOP",
        width=pdf.epw,
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(text)
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(text)
    pdf.ln(1.5)


def _widths(pdf: FPDF, headings: Sequence[str], rows: Sequence[Sequence[str]],
            flex: dict[int, float], whole: set[int], size: float) -> list[float]:
    padding = 3.2  # cell padding and rounding, mm
    count = len(headings)

    def word(text: str) -> float:
        return max((pdf.get_string_width(w) for w in text.split()), default=0.0)

    def line(text: str) -> float:
        return max((pdf.get_string_width(w) for w in text.split("\n")), default=0.0)

    pdf.set_font(FONT, "B", size)
    head_word = [word(text) for text in headings]
    head_line = [line(text) for text in headings]
    pdf.set_font(FONT, "", size)
    cells = [set(r[c] for r in rows) for c in range(count)]
    natural = [max([head_line[c], *(line(text) for text in cells[c])]) + padding
               for c in range(count)]
    least = [max([head_word[c], *(line(text) if c in whole else word(text)
                                  for text in cells[c])]) + padding for c in range(count)]
    room = pdf.epw - sum(least)
    if room < 0:  # too wide: let kept lines wrap at words, then narrow the flexible columns
        widths = list(least)
        for c in whole - set(flex):
            if room < 0 and c in range(count):
                words = max([head_word[c], *(word(text) for text in cells[c])]) + padding
                room += widths[c] - words
                widths[c] = words
        spare = {c: widths[c] - MIN_FLEX for c in flex if widths[c] > MIN_FLEX}
        if room < 0 and spare:
            cut = min(1.0, -room / sum(spare.values()))
            for c, extra in spare.items():
                widths[c] -= extra * cut
        return widths  # fpdf scales what is still too wide down to the page
    wanted = sum(natural) - sum(least)
    if sum(natural) > pdf.epw:
        # every column gets the same share of what it would need to avoid wrapping
        share = room / wanted
        return [low + (high - low) * share for low, high in zip(least, natural, strict=True)]
    widths = list(natural)
    weights = flex or {c: 1.0 for c in range(count)}
    total = sum(weights.values())
    for c, weight in weights.items():
        widths[c] += (pdf.epw - sum(natural)) * weight / total
    return widths


def _image_height(pdf: FPDF, png: bytes) -> float:
    """Millimetres a PNG takes when drawn across the text width."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        pixels_w, pixels_h = image.size
    return float(pdf.epw * pixels_h / pixels_w)


def _image(pdf: FPDF, png: bytes) -> None:
    """A chart across the text width, on a new page when it does not fit."""
    h = _image_height(pdf, png)
    if pdf.get_y() + h > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw, h=h)
    pdf.ln(1)


def _more(pdf: FPDF, briefing: Briefing, total: int) -> None:
    if total > TABLE_LIMIT:
        _text(pdf, briefing.labels["more"].format(n=total - TABLE_LIMIT), 8.5)


# -- sections ------------------------------------------------------------------------------


def _title(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(90, 100, 110)
    pdf.cell(0, 5, t["doc_title"].upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 8, b.scenario, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if b.description:
        _text(pdf, b.description, 10)
    _text(pdf, f"{t['made_on']} {b.made_on} · {t['status']}: {b.method.status_text}", 8.5)


def _key_message(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["key_message"])
    pdf.set_fill_color(*KEY_FILL)
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 5.6, "\n".join(b.key_message), fill=True, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT, align="L", padding=(3, 3, 3, 3))
    k = b.kpis
    if b.has_plan:
        pdf.ln(2)
        tiles = [
            (t["requests"], f"{(k.placed or 0) + (k.accepted or 0)} / {k.requests}"),
            (t["displacements"], numbers.number(k.moved or 0, b.lang)),
            (t["weeks"], numbers.number(k.shift_weeks or 0, b.lang)),
            (t["weighted_cost"], numbers.number(k.displacement_cost or 0, b.lang)),
            (t["cost"], numbers.money(k.request_cost or 0, b.lang)),
        ]
        _table(pdf, [label for label, _ in tiles], [[value for _, value in tiles]],
               {c: 1 for c in range(len(tiles))}, size=9)


def _requests(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["requests"])
    if not b.requests:
        _text(pdf, t["no_requests"])
        return
    rows = [
        [r.id, f"{r.name}\n{r.kind} · {r.area}", r.requested_by, r.reason, r.outcome_text,
         f"{r.weeks}\n({t['window'].lower()} {r.window})", numbers.money(r.cost, b.lang),
         ", ".join(r.displaced) or "—"]
        for r in b.requests[:TABLE_LIMIT]
    ]
    _table(pdf, [t["id"], t["name"], t["requested_by"], t["reason"], t["outcome"], t["weeks"],
                 t["cost"], t["displaces"]], rows, {1: 4, 2: 1.5, 3: 2.5, 7: 1}, right=[6])
    _more(pdf, b, len(b.requests))


def _displacements(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["displacements"])
    if not b.displacements:
        _text(pdf, t["no_displacements"])
        return
    rows = [
        [d.id, f"{d.name}\n{d.kind} · {d.area}", d.planned, d.start, numbers.signed(d.shift),
         "\n".join(d.causes), "\n".join(d.chains) or "—", numbers.number(d.cost, b.lang)]
        for d in b.displacements[:TABLE_LIMIT]
    ]
    _table(pdf, [t["id"], t["name"], t["from"], t["to"], t["shift"], t["cause"], t["chain"],
                 t["points"]], rows, {1: 2, 5: 4, 6: 1}, right=[4, 7])
    _more(pdf, b, len(b.displacements))


def _area_map(pdf: FPDF, b: Briefing) -> None:
    """The map as vectors (scheduler/geo), then the figures per buurt with hinder."""
    from scheduler.geo.pdf_image import place_svg, svg_height

    view = b.area_map
    assert view is not None
    width = min(pdf.epw, 150.0)
    _heading(pdf, view.heading, needed=svg_height(view.svg_pdf, width) + 30)
    _text(pdf, view.caption, 8.5)
    place_svg(pdf, view.svg_pdf, width)
    rows = [[row.code, row.name, str(row.hinder), str(row.displaced), row.requests or "—"]
            for row in view.rows if row.hinder or row.displaced or row.requests]
    if rows:
        _table(pdf, list(view.columns), rows[:TABLE_LIMIT], {1: 2, 4: 1}, right=[2, 3])


def _gantt(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    legend = [t["legend_planned"], t["legend_moved"], t["legend_request"], t["legend_window"]]
    images = [charts_png.png_gantt(b.gantt, chunk, "wk", legend)
              for chunk in charts.gantt_pages(b.gantt, GANTT_ROWS_PER_IMAGE)]
    if any(group.folded for group in b.gantt.groups):
        label = f"{t['folded_strip']} — {t['group_' + b.gantt.by]}"
        images.append(charts_png.png_density(b.gantt, label))
    first = _image_height(pdf, images[0]) if images else 0.0
    _heading(pdf, t["gantt"], needed=first + 28)
    _text(pdf, t["gantt_note_pdf"].format(group=t["group_" + b.gantt.by], focus=b.gantt_focus),
          8.5)
    for png in images:
        _image(pdf, png)


def _budgets(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["budgets"])
    if not b.budgets:
        _text(pdf, t["no_budgets"])
        return
    _text(pdf, t["budget_note"].split(";")[0] + ".", 8.5)
    rows = [
        [f"{row.line}\n{row.name}", str(row.year), b.money(row.limit), b.money(row.before),
         b.money(row.after), b.money(row.change), b.money(row.headroom), b.percent(row.share),
         t["state_" + row.state]]
        for row in b.budgets[:TABLE_LIMIT]
    ]
    _table(pdf, [t["line"], t["year"], t["limit"], t["before"], t["after"], t["change"],
                 t["headroom"], t["use"], t["state"]], rows,
           {0: 1}, right=[2, 3, 4, 5, 6, 7])
    _more(pdf, b, len(b.budgets))


def _load(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["load"])
    if not b.load:
        _text(pdf, t["no_crews"])
        return
    _text(pdf, t["load_note"], 8.5)
    rows = [
        [f"{s.id}\n{s.name}", str(s.peak("before")), str(s.peak("after")),
         str(s.full_weeks("before")), str(s.full_weeks("after")),
         numbers.percent(s.use("before"), b.lang, 1), numbers.percent(s.use("after"), b.lang, 1)]
        for s in b.load
    ]
    before, after = t["before"], t["after"]
    _table(pdf, [t["crew"], f"{t['peak']} ({before})", f"{t['peak']} ({after})",
                 f"{t['full_weeks']} ({before})", f"{t['full_weeks']} ({after})",
                 f"{t['mean_use']} ({before})", f"{t['mean_use']} ({after})"], rows,
           {0: 1}, right=[1, 2, 3, 4, 5, 6])
    names = {"before": t["legend_before"], "after": t["legend_after"],
             "capacity": t["legend_capacity"]}
    for start in range(0, len(b.load), LOAD_PANELS_PER_IMAGE):
        _image(pdf, charts_png.png_load(b.load[start:start + LOAD_PANELS_PER_IMAGE], names))


def _risks(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["risks"])
    if not b.risk_groups:
        _text(pdf, t["no_risks"])
    for group in b.risk_groups:
        _heading(pdf, group.title, level=1)
        _bullets(pdf, [risk.text for risk in group.shown], group.more,
                 t["more"].format(n=group.more))


def _uncertainty(pdf: FPDF, b: Briefing) -> None:
    """plooi brief --risk: the fan chart and the table of finish weeks."""
    u = b.uncertainty
    assert u is not None
    w = risk_words(b.lang)
    _heading(pdf, w["title"])
    _text(pdf, w["intro"].format(n=u.samples, seed=u.seed), 8.5)
    _image(pdf, charts_png.png_fan(u.rows, u.first, u.last))
    _text(pdf, w["legend"], 7.5)
    rows = [[r.id, r.name, r.week("planned"), r.week("p50"), r.week("p80"), r.week("p95"),
             "" if r.p_on_time is None else numbers.percent(r.p_on_time, b.lang, 1)]
            for r in u.rows]
    _table(pdf, [w["id"], w["name"], w["planned"], "P50", "P80", "P95", w["on_time"]], rows,
           {1: 1}, right=[6])
    if u.budgets:
        _heading(pdf, w["budgets"], level=1)
        _bullets(pdf, [f"{line} {year}: {numbers.percent(p, b.lang, 1)}"
                       for line, year, p in u.budgets], 0)
    if u.critical:
        _heading(pdf, w["critical"], level=1)
        _bullets(pdf, [f"{item}: {numbers.percent(i, b.lang, 1)}" for item, i in u.critical], 0)
    _text(pdf, w["displacement"].format(
        value=numbers.number(round(u.expected_displacement, 1), b.lang)))


def _comparison(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    c = b.comparison
    assert c is not None
    _heading(pdf, t["comparison"])
    count = len(c.names)
    rows = [[row.label, *row.values, t["yes"] if row.differs else ""] for row in c.rows]
    _table(pdf, [t["kpi"], *c.names, t["differs"]], rows, {0: 1},
           right=list(range(1, count + 1)))
    _heading(pdf, f"{t['date_diffs']} ({len(c.diffs)})", level=1)
    if not c.diffs:
        _text(pdf, t["no_date_diffs"])
        return
    diff_rows = [[d.id, d.name, *d.cells] for d in c.diffs[:TABLE_LIMIT]]
    _table(pdf, [t["id"], t["name"], *c.names], diff_rows, {1: 1})
    _more(pdf, b, len(c.diffs))


def _method(pdf: FPDF, b: Briefing) -> None:
    t = b.labels
    _heading(pdf, t["method"])
    for paragraph in b.method.paragraphs:
        _text(pdf, paragraph, 8.8)
        pdf.ln(1)
    if b.method.stages:
        _table(pdf, [t["stage"], t["status"], t["objective"], t["bound"]],
               [list(stage) for stage in b.method.stages], {0: 1}, right=[2, 3])
