"""The map and the resident letter as a browser shows them (headless Chromium, no network)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.geo.areas import load_areas
from scheduler.geo.maps import FOCUS_FILL
from scheduler.io.load import scenario_from_text
from scheduler.letters.batch import letters
from scheduler.letters.render import render_html
from scheduler.plan import Plan
from tests import geo_city
from tests.test_browser import BROWSER, run_browser

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium binary found")


@pytest.fixture(scope="module")
def letter_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letter")
    scenario = scenario_from_text(geo_city.SCENARIO)
    geometry = load_areas(scenario, geo_city.rd_geojson(folder / "b.geojson"))
    # R-1 takes the crew in weeks 2-3, so W-1 moves to week 4.
    plan = Plan.from_starts(scenario, {"R-1": scenario.week("2027-W02"),
                                       "W-1": scenario.week("2027-W04")})
    [letter] = letters(scenario, plan, None, geometry=geometry, buurt="BU09990101")
    path = folder / "brief.html"
    path.write_text(render_html(letter), encoding="utf-8")
    return path


def test_letter_dom_has_the_map_and_the_dates(letter_page: Path, tmp_path: Path) -> None:
    done = run_browser(tmp_path, letter_page, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<script" not in dom
    assert 'id="BU09990101"' in dom and "<svg" in dom
    assert "Van maandag 25 januari 2027 tot en met vrijdag 19 februari 2027 (4 weken)." in dom


def test_letter_screenshot_shows_the_highlighted_buurt(letter_page: Path,
                                                       tmp_path: Path) -> None:
    from PIL import Image

    shot = tmp_path / "shot.png"
    done = run_browser(tmp_path, letter_page, f"--screenshot={shot}", "--window-size=900,1400",
                       "--hide-scrollbars")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    focus = tuple(int(FOCUS_FILL[i:i + 2], 16) for i in (1, 3, 5))  # the buurt's orange
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    painted = sum(count for count, colour in colours if colour == focus)
    assert painted > 2_000  # the buurt is drawn, not just its legend key
