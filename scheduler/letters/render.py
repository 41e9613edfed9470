"""Write a resident letter as HTML (self-contained, no script), Markdown or PDF.

HTML goes through jinja2 with autoescaping, so names and reasons from a
scenario are shown as text; the map is SVG built by :mod:`scheduler.geo`,
which escapes its own texts. Markdown escapes every value it prints (the same
helper as the onderbouwing). The PDF uses the briefing's embedded DejaVu font,
so every Dutch character prints.
"""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from scheduler.letters.content import Letter
from scheduler.report.justification import md_escape


def _source(name: str) -> str:
    return (resources.files("scheduler.letters") / "templates" / name).read_text("utf-8")


_ENV = Environment(loader=FunctionLoader(_source), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)


def render_html(letter: Letter) -> str:
    template = _ENV.get_template("letter.html.j2")
    return template.render(l=letter, t=letter.labels, map=Markup(letter.map_svg or ""))


def render_markdown(letter: Letter) -> str:
    t = letter.labels
    e = md_escape
    lines = [f"# {e(letter.title)}", "", e(letter.greeting), "", e(letter.intro), ""]
    for item in letter.items:
        tail = f" ({t['new']})" if item.new else ""
        lines += [f"## {e(item.title)}{tail}", ""]
        for label, value in ((t["where"], item.where), (t["when"], item.when),
                             (t["why"], item.why), (t["after"], item.after),
                             (t["change"], item.change), (t["hinder"], item.hinder),
                             (t["contact"], item.contact)):
            if value:
                lines.append(f"- **{e(label)}:** {e(value)}")
        lines.append("")
    lines += [f"**{e(letter.contact)}**", "", e(letter.closing[0]), e(letter.closing[1]), ""]
    return "\n".join(lines)


def render_pdf(letter: Letter) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from scheduler.geo.pdf_image import place_svg
    from scheduler.report.pdf import FONT, font_files

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    font = FONT
    map_svg = letter.map_pdf
    if _latin1(letter.text()) and (map_svg is None or _latin1(map_svg)):
        # Most Dutch letters need no more than Latin-1: the PDF's built-in Helvetica then
        # does, and no font is loaded and subset per letter (five times faster).
        font = "helvetica"
        if map_svg is not None:
            map_svg = map_svg.replace(f'font-family="{FONT}"', 'font-family="helvetica"')
    else:
        for style, path in font_files().items():
            pdf.add_font(FONT, style, str(path))
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(letter.title)
    pdf.set_lang(letter.lang)
    pdf.set_creator("plooi")
    pdf.add_page()

    def para(text: str, size: float = 11.5, style: str = "", gap: float = 2.0) -> None:
        pdf.set_font(font, style, size)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(gap)

    para(letter.title, 18, "B", 4)
    para(letter.greeting)
    para(letter.intro, gap=4)
    if map_svg:
        place_svg(pdf, map_svg, 110)
        para(letter.labels["map_note"], 9.5, gap=4)
    t = letter.labels
    for item in letter.items:
        if pdf.get_y() > pdf.h - 80:
            pdf.add_page()
        para(item.title + (f" ({t['new']})" if item.new else ""), 13.5, "B", 1)
        for label, value in ((t["where"], item.where), (t["when"], item.when),
                             (t["why"], item.why), (t["after"], item.after),
                             (t["change"], item.change), (t["hinder"], item.hinder),
                             (t["contact"], item.contact)):
            if not value:
                continue
            para(label, 11, "B", 0)
            para(value, 11, gap=1.5)
        pdf.ln(3)
    para(letter.contact, 11.5, "B", 4)
    para(f"{letter.closing[0]}\n{letter.closing[1]}")
    return bytes(pdf.output())


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True
