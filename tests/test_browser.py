"""The HTML briefing opened in a real browser (headless Chromium) without any network.

Chromium gets no sandbox (CI containers), no GPU, no background networking, and a
proxy and host resolver that lead nowhere, so the file must render from itself
alone. The test reads the DOM as the browser built it (key figures and ids
present, no script element), and checks that a screenshot is not blank.

Skipped only when no Chromium binary exists; `.ci/run` installs one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from scheduler.report.briefing import build_briefing
from scheduler.report.html import render_html
from tests.test_report_fixtures import TWO_CREWS, XSS, solved, tiny

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str | None:
    named = os.environ.get("PLOOI_CHROMIUM")
    if named:
        return named
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no chromium binary found (set PLOOI_CHROMIUM or install chromium)")


def run_browser(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [
        BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "briefing.html"
    briefing = build_briefing([tiny(), solved(TWO_CREWS)], made_on=date(2027, 3, 1))
    path.write_text(render_html(briefing), encoding="utf-8")
    return path


def test_rendered_dom_holds_the_key_figures(page: Path, tmp_path: Path) -> None:
    done = run_browser(tmp_path, page, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<script" not in dom  # the work named <script> stayed text
    assert XSS.replace("<", "&lt;").replace(">", "&gt;") in dom
    for figure in ("Kernboodschap", "R-1", "R-2", "R-3", "W-1", "W-2", "€ 54.500",
                   "€ 5.500", "verschuivingskosten 42 punten", "2027-W51", "Twee ploegen",
                   "afgewezen (optioneel)", "R-1 -&gt; W-1"):
        assert figure in dom, figure
    assert dom.count("<svg") >= 5  # Gantt groups, density strip, folded list, load, budget


def test_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    done = run_browser(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000",
                       "--hide-scrollbars")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1280, 2000)
        colours = rgb.getcolors(maxcolors=1_000_000) or []
        inked = sum(count for count, colour in colours if colour != (255, 255, 255))
    assert len(colours) > 50  # text, bars, tiles: many shades, not one flat fill
    assert inked > 0.05 * 1280 * 2000  # at least 5 % of the page is drawn on
    # the Gantt chart made it to the screen: its request orange is used nowhere else
    found = {colour for _, colour in colours}
    assert (217, 115, 26) in found
