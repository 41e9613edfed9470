"""The Markdown briefing: the same sections as tables, and user text that stays text."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.report.briefing import build_briefing
from scheduler.report.markdown import escape, render_markdown
from tests.test_report_fixtures import TWO_CREWS, solved, tiny

DAY = date(2027, 3, 1)


def markdown(lang: str = "nl") -> str:
    return render_markdown(build_briefing([tiny(), solved(TWO_CREWS)], lang=lang, made_on=DAY))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("a | b", "a \\| b"),
        ("*vet* en _schuin_", "\\*vet\\* en \\_schuin\\_"),
        ("[klik](http://x)", "\\[klik\\](http://x)"),
        ("AT&T en &amp;", "AT&T en &amp;amp;"),
        ("R-1 -> W-1", "R-1 -> W-1"),
        ("twee\nregels", "twee regels"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_sections_and_tables() -> None:
    text = markdown()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Kernboodschap", "## Verzoeken", "## Verschoven werken",
                        "## Planning voor en na", "## Budget per lijn en jaar",
                        "## Belasting van de ploegen", "## Risico's",
                        "## Scenario's naast elkaar", "## Werkwijze"]
    assert ("| W-2 | &lt;script>alert(1)&lt;/script> | 2027-W30 | 2027-W51 | +21 |"
            in text)
    assert ("| R-3 | Kolken vervangen | Waterschap | Wateroverlast | afgewezen (optioneel) |"
            in text)
    assert "| Verschoven werken | 2 | 1 | ja |" in text
    assert "| Kosten ingeplande verzoeken | € 54.500 | € 54.500 |  |" in text
    assert "| W-1 | Snoeien Vestdijk | 2027-W11 (+1) | 2027-W10 |" in text
    for line in text.splitlines():
        if line.startswith("|"):
            # every table row has as many cells as its heading (no stray pipes)
            assert line.replace("\\|", "").count("|") >= 3


def test_english() -> None:
    text = markdown("en")
    assert text.startswith("# Council briefing: Proef Vestdijk\n")
    assert "€54,500" in text
