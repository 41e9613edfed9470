"""The HTML briefing: self-contained, escaped, and holding every section and key figure."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from scheduler.report.briefing import build_briefing
from scheduler.report.html import render_html
from scheduler.scenario import wijk_of
from tests.test_report_fixtures import (
    FORMULA,
    INFEASIBLE,
    TWO_CREWS,
    XSS,
    solved,
    tiny,
    witness_outcome,
)

DAY = date(2027, 3, 1)


class _Collect(HTMLParser):
    """Tags, attributes and visible text of a document, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self.ids += [value for key, value in attrs if key == "id" and value]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> _Collect:
    collect = _Collect()
    collect.feed(html)
    return collect


def html_of(lang: str = "nl") -> str:
    return render_html(build_briefing([tiny()], lang=lang, made_on=DAY))


def test_the_file_needs_nothing_from_outside() -> None:
    html = html_of()
    doc = parsed(html)
    assert "script" not in doc.tags
    for forbidden in ("link", "img", "iframe", "object", "embed"):
        assert forbidden not in doc.tags
    assert not [a for a in doc.attrs if a[0] in ("src", "srcset", "action")]
    hrefs = [value for key, value in doc.attrs if key == "href"]
    assert hrefs and all(value and value.startswith("#") for value in hrefs)
    assert "@import" not in html and "url(" not in html
    assert not re.search(r"https?://(?!x\b)", html)  # only the test's own =HYPERLINK text
    assert "default-src 'none'" in html  # the browser itself refuses any fetch or script
    assert "@media print" in html


def test_user_text_is_shown_as_text() -> None:
    html = html_of()
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = "".join(parsed(html).text)
    assert XSS in text  # what a reader sees: the name, literally
    assert FORMULA in text


def test_every_section_and_key_figure_is_there() -> None:
    doc = parsed(html_of())
    for section in ("kernboodschap", "verzoeken", "verschuivingen", "planning", "budget",
                    "belasting", "risicos", "werkwijze"):
        assert section in doc.ids
    assert "vergelijking" not in doc.ids
    text = " ".join(" ".join(doc.text).split())
    for figure in ("R-1", "R-2", "R-3", "W-1", "W-2", "€ 54.500", "€ 5.500", "42",
                   "2027-W51", "afgewezen (optioneel)", "Wijkambtenaar Centrum",
                   "Plakoksel: risico op splijten", "R-1 -> W-1", "optimaal (bewezen)",
                   "capaciteit van groen in 2027-W10 is bezet door R-1"):
        assert figure in text, figure
    assert '<html lang="nl">' in html_of()


def test_english_version() -> None:
    html = html_of(lang="en")
    assert '<html lang="en">' in html
    assert "Key message" in html and "€54,500" in html and "Kernboodschap" not in html


def test_comparison_section_with_compare() -> None:
    doc = parsed(render_html(build_briefing([tiny(), solved(TWO_CREWS)], made_on=DAY)))
    assert "vergelijking" in doc.ids
    text = " ".join(" ".join(doc.text).split())
    assert "Twee ploegen" in text and "2027-W11 (+1)" in text


def test_infeasible_briefing_shows_the_conflict() -> None:
    doc = parsed(render_html(build_briefing([solved(INFEASIBLE)], made_on=DAY)))
    assert "conflict" in doc.ids
    text = " ".join(doc.text)
    assert "Waarom het niet past" in text and "niet geplaatst" in text


def test_gantt_has_one_row_per_affected_item_and_folds_the_rest() -> None:
    html = html_of()
    # 5 affected items (R-1, W-1, R-2, W-2, R-3) drawn as rows; W-3 and W-4 folded.
    assert html.count("<details>") == 1
    assert "2 ongewijzigde werken" in html
    titles = re.findall(r"<g><title>([^<]*)</title>", html)
    assert [t.split(" — ")[0] for t in titles] == ["R-1", "W-1", "R-2", "W-2", "R-3", "W-3",
                                                   "W-4"]


def test_2000_works_stay_a_readable_size() -> None:
    outcome = witness_outcome(2000, 30, 5, 1)
    html = render_html(build_briefing([outcome], made_on=DAY))
    assert len(html) < 3_000_000
    doc = parsed(html)
    # one folded list per wijk that has unchanged works: every wijk, at this size
    assert doc.tags.count("details") == len({wijk_of(w.area) for w in outcome.scenario.works})
