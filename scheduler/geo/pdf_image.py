"""Place a map's SVG in an fpdf2 document as vectors (sharp in print, small files)."""

from __future__ import annotations

import io
import re

from fpdf import FPDF

_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def svg_height(svg: str, width: float) -> float:
    """Millimetres the SVG takes when drawn ``width`` mm wide."""
    match = _VIEWBOX.search(svg)
    ratio = float(match.group(2)) / float(match.group(1)) if match else 0.75
    return width * ratio


def place_svg(pdf: FPDF, svg: str, width: float | None = None) -> None:
    """Draw ``svg`` at the left margin, ``width`` mm wide (the text width by default);
    a new page first when it would not fit."""
    width = width or pdf.epw
    height = svg_height(svg, width)
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(svg.encode("utf-8")), x=pdf.l_margin, y=pdf.get_y(), w=width,
              h=height)
    pdf.set_y(pdf.get_y() + height + 2)
