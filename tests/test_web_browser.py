"""The workbench in a real browser: Playwright driving the system's Chromium.

A real server (uvicorn on 127.0.0.1, a free port) serves a tiny scenario, a
400-work programme and the demo. Every page visited is checked with axe-core
(vendored in tests/vendor) for serious and critical WCAG 2.1 A/AA violations, and
every request the browser makes is recorded: none may go to another host.
Screenshots for docs/workbench.md are written when PLOOI_SCREENSHOTS names a folder.

Skipped with the reason when no Chromium binary or no Playwright is installed.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from cli import main
from scheduler.generate import generate, write_yaml
from scheduler.web.app import Config, create_app
from tests.test_browser import chromium
from tests.test_web_api import make_folder

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
BROWSER = chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no chromium binary found (set PLOOI_CHROMIUM or install chromium)")
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = os.environ.get("PLOOI_SCREENSHOTS")
FULL_PAGE = ("programme",)  # screenshots of the whole page, not just the first screen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("web")
    folder = make_folder(root)
    (folder / "kapot.yaml").unlink()
    write_yaml(generate(400, 20, 3, 7), folder / "groot.yaml")
    # Coupled (shared crews, binding budgets): its solve runs long enough to be cancelled;
    # the classic programme above is proven by parts in a second or two.
    write_yaml(generate(400, 20, 3, 7, profile="coupled"), folder / "lang.yaml")
    port = free_port()
    app = create_app(Config(paths=[folder], port=port, workspace=root, include_demo=True))
    with serving(app, port):
        yield {"url": f"http://127.0.0.1:{port}", "folder": folder, "app": app}


@contextmanager
def serving(app: Any, port: int) -> Iterator[None]:
    """uvicorn on 127.0.0.1:``port`` in a thread, until the block ends."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            timeout_graceful_shutdown=1)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    end = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < end, "the server did not start"
        time.sleep(0.05)
    try:
        yield
    finally:
        running.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=BROWSER, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    hosts: list[str] = []
    dialogs: list[str] = []

    def record(route: Any) -> None:
        hosts.append(urlsplit(route.request.url).netloc)
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            route.abort()
        else:
            route.continue_()

    context.route("**/*", record)
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    opened.on("console", lambda message: errors.append(message.text)
              if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(30_000)
    opened.base = server["url"]
    yield opened
    own = urlsplit(server["url"]).netloc
    assert hosts and set(hosts) == {own}, f"requests to other hosts: {set(hosts) - {own}}"
    assert dialogs == [], "a script ran: " + ", ".join(dialogs)
    # no script error and nothing the Content-Security-Policy had to block (htmx included)
    expected = "Failed to load resource: the server responded with a status of 4"  # 404, 422
    assert [e for e in errors if not e.startswith(expected)] == [], errors
    context.close()


def axe(page: Any, name: str) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page as it stands."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)  # through the devtools protocol: the page's CSP stays on
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}))")
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {json.dumps(bad)}"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=name in FULL_PAGE)


def open_scenario(page: Any, label: str) -> None:
    page.goto(page.base + "/")
    axe(page, "scenarios")
    page.locator("tbody tr", has_text=label).get_by_role("link").first.click()
    page.wait_for_selector("h1")


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Move the focus with the Tab key alone until ``selector`` has it."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_wijkambtenaar_journey_on_the_demo_equals_plooi_impact(
        page: Any, server: dict[str, Any], tmp_path: Path) -> None:
    from scheduler.commands.common import demo_path

    open_scenario(page, "Demo Eindhoven 2027-2030 (illustratief)")
    axe(page, "programme")
    programme = page.url
    page.get_by_role("link", name="Nieuw verzoek").click()
    axe(page, "request-form")
    page.get_by_label("Kenmerk").fill("R-9")
    page.get_by_label("Omschrijving").fill("Kastanje Vestdijk")
    page.get_by_label("Soort werk").select_option("tree")
    page.get_by_label("Wijk of buurt").select_option("WK077201")
    page.get_by_label("Duur (weken)").fill("1")
    page.get_by_label("Vroegste start").select_option("2027-W10")
    page.get_by_label("Uiterlijk klaar (deadline)").select_option("2027-W12")
    page.get_by_label("Reden").fill("Plakoksel")
    page.get_by_role("button", name="Impact berekenen").click()
    page.wait_for_selector("#impact", timeout=60_000)
    axe(page, "impact")
    snippet = tmp_path / "verzoek.yaml"
    snippet.write_text("{id: R-9, name: Kastanje Vestdijk, kind: tree, area: WK077201, "
                       "duration: 1, earliest: 2027-W10, latest_finish: 2027-W12, "
                       "reason: Plakoksel, mandatory: true}\n", encoding="utf-8")
    out = tmp_path / "impact.json"
    assert main(["impact", str(demo_path()), "--add", str(snippet), "--json", str(out),
                 "-q"]) in (0, 1)
    expected = json.loads(out.read_text(encoding="utf-8"))
    least = expected["least_displacement"]
    assert page.inner_text("#least-start") == least["start"]
    assert page.inner_text("#least-cost") == str(least["displacement_cost"])
    assert expected["earliest_without_displacement"] in page.inner_text("#earliest")
    assert page.inner_text("#advice") == expected["recommendation"]
    shown = page.locator("#displaced td.id").all_inner_texts() if least["displaced"] else []
    assert shown == [d["id"] for d in least["displaced"]]
    with page.expect_download() as download:
        page.get_by_role("link", name="Onderbouwing (HTML)").click()
    assert "R-9" in Path(download.value.path()).read_text(encoding="utf-8")
    page.get_by_role("button", name="Bewaar als variant").click()
    page.wait_for_selector("#n-works")
    assert page.inner_text("#n-requests") == "6"  # the demo's five and R-9
    axe(page, "variant")
    assert (server["folder"].parent / "demo-variant-1.yaml").is_file()
    page.goto(programme)
    assert page.inner_text("#variants") == "demo-variant-1.yaml"


def test_keyboard_only_request_and_hostile_text(page: Any, server: dict[str, Any]) -> None:
    open_scenario(page, "Klein")
    hostile = '<script>alert(1)</script>" onmouseover="alert(2)'
    tab_to(page, "a[href$='/request']")
    page.keyboard.press("Enter")
    page.wait_for_selector("#f-id")
    for field in ("#f-name", "#f-street", "#f-requested_by", "#f-reason"):
        tab_to(page, field)
        page.keyboard.type(hostile)
    tab_to(page, "#f-area")
    page.keyboard.press("ArrowDown")  # the first area
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#impact", timeout=60_000)
    text = page.inner_text("#impact")
    assert hostile in text  # shown as text, not run
    assert page.locator("#impact script").count() == 0
    assert page.evaluate("document.querySelectorAll('[onmouseover]').length") == 0
    axe(page, "impact-hostile")
    tab_to(page, "form[action$='/variant'] button")  # the journey ends by keyboard too
    page.keyboard.press("Enter")
    page.wait_for_selector("#n-works")
    assert page.inner_text("#n-requests") == "2"


def test_invalid_request_is_announced_with_the_fields(page: Any) -> None:
    open_scenario(page, "Klein")
    page.get_by_role("link", name="Nieuw verzoek").click()
    page.get_by_label("Duur (weken)").fill("twee")
    page.get_by_role("button", name="Impact berekenen").click()
    alert = page.get_by_role("alert")
    assert "duration" in alert.inner_text()
    assert page.get_attribute("#f-duration", "aria-invalid") == "true"
    axe(page, "request-errors")


def test_live_progress_in_two_tabs_and_cancel(page: Any, browser: Any,
                                              server: dict[str, Any]) -> None:
    open_scenario(page, "lang.yaml")
    page.get_by_role("button", name="Oplossen").click()
    page.wait_for_selector("#p-cost", timeout=30_000)  # a progress event arrived over SSE
    axe(page, "progress")
    other = page.context.new_page()
    other.goto(page.url)  # a second tab on the same job
    other.wait_for_selector("#progress")
    page.reload()  # and a reload
    page.wait_for_selector("#cancel")
    page.click("#cancel")
    page.wait_for_selector('#job-state[data-state="done"]', timeout=30_000)
    other.wait_for_selector('#job-state[data-state="done"]', timeout=30_000)
    assert "Kernboodschap" in other.content()
    job = page.url.rsplit("/", 1)[1]
    outcome = server["app"].state.jobs.get(job).result
    assert outcome.result.interrupted and outcome.result.plan is not None
    axe(page, "solved")
    other.close()


def test_planner_uploads_solves_compares_and_reads_the_briefing(
        page: Any, server: dict[str, Any], tmp_path: Path) -> None:
    import openpyxl
    from pypdf import PdfReader

    from scheduler.io.convert import convert

    book = tmp_path / "planner.xlsx"
    convert(server["folder"] / "klein.yaml", book)
    broken = tmp_path / "planner-fout.xlsx"
    workbook = openpyxl.load_workbook(book)
    workbook["Werken"]["F2"] = "twee"
    workbook.save(broken)
    page.goto(page.base + "/")
    page.set_input_files("#upload-file", str(broken))
    page.get_by_role("button", name="Uploaden").click()
    problems = page.inner_text("#problems")
    assert "Werken!F2" in problems  # the exact sheet!cell
    axe(page, "upload-problems")
    page.goto(page.base + "/")
    page.set_input_files("#upload-file", str(book))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_selector("#n-works")
    page.get_by_role("button", name="Oplossen").click()
    page.wait_for_selector('#job-state[data-state="done"]', timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Briefing (PDF)").click()
    pdf = Path(download.value.path())
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    job = page.url.rsplit("/", 1)[1]
    from scheduler.web.work import briefing_of

    briefing = briefing_of(server["app"].state.jobs.get(job).result, "nl")
    for figure in briefing.key_figures:
        assert figure in text, figure
    page.get_by_role("link", name="Raadsbriefing").click()
    page.wait_for_selector(".briefing-main")
    axe(page, "raad")
    page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    axe(page, "raad-en")
    page.goto(page.base + "/?lang=nl")
    page.get_by_label("Vergelijken: planner.xlsx").check()
    page.get_by_label("Vergelijken: Demo Eindhoven").check()
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_selector("#comparison", timeout=60_000)
    assert page.locator("#comparison th", has_text="Demo Eindhoven").count() == 1
    axe(page, "comparison")
    for path, name in (("/jobs", "jobs"), ("/s/0000000000000000", "not-found"),
                       ("/login", "login")):
        page.goto(page.base + path)
        axe(page, name)


def test_without_javascript_a_solve_can_be_followed_to_its_answer(
        browser: Any, server: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(server["url"] + "/")
        page.locator("tbody tr", has_text="groot.yaml").get_by_role("link").first.click()
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        page.get_by_role("button", name="Oplossen").click()
        # the job page refreshes itself (a meta refresh inside <noscript>) until done
        page.wait_for_selector('#job-state[data-state="done"]', timeout=60_000)
        assert len([url for url in loads if "/jobs/" in url]) >= 2  # it did refresh
        assert "Kernboodschap" in page.content()
        page.get_by_role("link", name="Raadsbriefing").click()
        assert page.locator(".briefing-main").count() == 1
    finally:
        context.close()


def test_risk_of_a_solved_plan_and_the_raad_downloads(page: Any) -> None:
    open_scenario(page, "klein.yaml")
    page.get_by_role("button", name="Oplossen").click()
    page.wait_for_selector('#job-state[data-state="done"]', timeout=30_000)
    open_scenario(page, "klein.yaml")
    page.get_by_role("button", name="Risico berekenen").click()
    table = page.get_by_role("table", name="Eindweken per werk: gepland, P50, P80 en P95")
    assert table.get_by_role("columnheader", name="P80").count() == 1
    assert table.get_by_role("rowheader", name="R-1").count() == 1
    axe(page, "risk")
    page.get_by_role("link", name="Raadsbriefing").first.click()
    page.wait_for_selector(".briefing-main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Briefing (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    axe(page, "raad-downloads")
