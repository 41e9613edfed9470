"""The PDF briefing: € and Dutch text render (the text can be extracted again), user text is
printed literally, and it carries the same key figures as the HTML."""

from __future__ import annotations

import functools
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from scheduler.report.briefing import Briefing, build_briefing
from scheduler.report.html import render_html
from scheduler.report.pdf import font_files, render_pdf
from tests.test_report_fixtures import TWO_CREWS, XSS, solved, tiny

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test extra: pip install pypdf")

DAY = date(2027, 3, 1)


@functools.cache
def briefing() -> Briefing:
    return build_briefing([tiny(), solved(TWO_CREWS)], made_on=DAY)


@functools.cache
def pdf_bytes() -> bytes:
    return render_pdf(briefing())


@functools.cache
def pdf_text() -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def html_text() -> str:
    class Text(HTMLParser):
        parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.parts = []
    parser.feed(render_html(briefing()))
    return " ".join(" ".join(parser.parts).split())


def test_it_is_a_pdf_with_an_embedded_unicode_font() -> None:
    data = pdf_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    assert any("DejaVuSans" in name for name in fonts)
    assert all(path.name.startswith("DejaVuSans") for path in font_files().values())


def test_euro_and_dutch_text_survive() -> None:
    text = pdf_text()
    assert "€ 54.500" in text and "€ 5.500" in text
    assert "Kernboodschap" in text and "Verschoven werken" in text and "Risico's" in text
    assert "gewicht × weken" in text


def test_user_text_is_printed_literally() -> None:
    text = pdf_text()
    assert XSS in text
    assert "@Speeltoestel" in text and "-Bewonerscommissie" in text


def test_same_key_figures_as_the_html() -> None:
    html, pdf = html_text(), pdf_text()
    figures = [*briefing().key_figures, "€ 54.500", "€ 5.500", "42", "+21", "2027-W51",
               "R-1 -> W-1", "Proef Vestdijk", "Twee ploegen", "2027-W11 (+1)"]
    for figure in figures:
        assert figure in html, figure
        assert figure in pdf, figure
    for sentence in briefing().key_message:
        assert " ".join(sentence.split()) in pdf, sentence


def test_charts_are_images() -> None:
    data = pdf_bytes()
    # the Gantt chart, the folded strip and the crew load: three PNG images at least
    assert len(re.findall(rb"/Subtype\s*/Image", data)) >= 3
