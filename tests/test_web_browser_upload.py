"""An upload over the size limit, in a real browser: refused, with the reason on the page.

The server runs with a 1 MB limit so the test sends little; a file far over it is
refused before its body is read (413 on the declared size), one just over it after
reading (the multipart overhead allowance). Either way the browser shows the
scenario list with the message in an alert, and nothing is added to the list.
Skipped like tests/test_web_browser.py when Chromium or Playwright is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scheduler.web.app import Config, create_app
from tests import test_web_browser as web
from tests.test_web_api import make_folder
from tests.test_web_browser import axe, free_port, serving

# The browser and page fixtures of tests/test_web_browser.py (request recording, no
# script errors, no other hosts); `page` uses this module's `server`.
browser = web.browser
page = web.page
LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("web-upload")
    folder = make_folder(root)
    port = free_port()
    app = create_app(Config(paths=[folder], port=port, workspace=root, include_demo=False,
                            upload_limit=LIMIT))
    with serving(app, port):
        yield {"url": f"http://127.0.0.1:{port}", "folder": folder, "app": app}


def oversized(tmp_path: Path, size: int) -> Path:
    """A YAML file of ``size`` bytes (a comment), so only its size can be wrong."""
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"# " + b"x" * (size - 3) + b"\n")
    return path


@pytest.mark.parametrize(("size", "why"), [(8 * LIMIT, "declared size"),
                                           (LIMIT + 1024, "read size")])
def test_an_oversized_upload_is_refused_with_the_reason_on_the_page(
        page: Any, server: dict[str, Any], tmp_path: Path, size: int, why: str) -> None:
    catalog = server["app"].state.catalog
    before = len(catalog.all())
    page.goto(page.base + "/")
    assert "hoogstens 1 MB" in page.inner_text("#upload-help")
    page.set_input_files("#upload-file", str(oversized(tmp_path, size)))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Uploaden").click()
    assert navigation.value.status == 413, why
    alert = page.get_by_role("alert")
    assert alert.inner_text() == "Het bestand is te groot: hoogstens 1 MB."
    assert page.url == page.base + "/upload"
    assert page.locator("h1").inner_text() == "plooi"  # the scenario list, not an error page
    assert len(catalog.all()) == before and page.locator("tbody tr").count() == before
    axe(page, "upload-too-large")
