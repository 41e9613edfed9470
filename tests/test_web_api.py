"""The workbench through the framework's test client: every route, every error code.

A tiny scenario (one crew, two works, one request) keeps every solve well under a
second; the answers on the pages are compared with what the CLI writes for the
same question (`plooi solve --json`, `plooi impact --add ... --json`).
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli import main
from scheduler.check import check
from scheduler.io.load import load_scenario
from scheduler.io.result_read import plan_from_result
from scheduler.web import security
from scheduler.web.app import Config, create_app

BASE = "http://127.0.0.1:8765"

TINY = """\
name: Klein
horizon: {start: 2027-W01, end: 2027-W20}
areas: [{code: WK077210, name: Centrum}]
resources: [{id: crew, name: Ploeg, capacity: 1}]
budgets: [{id: wegen, name: Wegen, per_year: {2027: 100000}}]
policy: {time_limit: 10, workers: 1}
works:
  - {id: W-1, name: Eerste, kind: road, area: WK077210, duration: 2,
     planned_start: 2027-W05, earliest: 2027-W05, demand: {crew: 1}}
  - {id: W-2, name: Tweede, kind: road, area: WK077210, duration: 2,
     planned_start: 2027-W07, demand: {crew: 1}, weight: 3}
requests:
  - {id: R-1, name: Boom, kind: tree, area: WK077210, duration: 1, earliest: 2027-W09,
     latest_finish: 2027-W12, demand: {crew: 1}, reason: Plakoksel}
"""

BROKEN = """\
horizon: {start: 2027-W01, end: 2027-W20}
areas: [{code: WK077210, name: Centrum}]
works:
  - {id: W-1, name: Eerste, kind: weg, area: WK077210, duration: twee,
     planned_start: 2027-W05}
"""

# The new request of the form tests, as the CLI's --add snippet would say it.
NEW = {"id": "R-2", "name": "Kastanje", "kind": "tree", "area": "WK077210", "duration": "1",
       "earliest": "2027-W05", "latest_finish": "2027-W06", "demand_0": "1",
       "reason": "Plakoksel", "mandatory": "1"}
NEW_YAML = """\
{id: R-2, name: Kastanje, kind: tree, area: WK077210, duration: 1, earliest: 2027-W05,
 latest_finish: 2027-W06, demand: {crew: 1}, reason: Plakoksel, mandatory: true}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path)


def make_folder(tmp_path: Path) -> Path:
    home = tmp_path / "scenarios"
    home.mkdir()
    (home / "klein.yaml").write_text(TINY, encoding="utf-8")
    (home / "kapot.yaml").write_text(BROKEN, encoding="utf-8")
    return home


def make_client(folder: Path, **settings: object) -> TestClient:
    config = Config(paths=[folder], include_demo=False, workspace=folder.parent, **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config), base_url=BASE)


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    with make_client(folder) as test_client:
        yield test_client


def ids(client: TestClient) -> dict[str, str]:
    """Scenario ids by file name, from the API."""
    return {row["label"]: row["id"] for row in client.get("/api/scenarios").json()}


def csrf(client: TestClient) -> str:
    return str(client.get("/api/csrf").json()["csrf"])


def wait(client: TestClient, job_id: str, seconds: float = 60) -> dict[str, object]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        info = client.get(f"/api/jobs/{job_id}").json()
        if info["state"] in ("done", "failed", "cancelled"):
            return dict(info)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def job_of(response: object) -> str:
    location = response.headers["location"]  # type: ignore[attr-defined]
    match = re.fullmatch(r"/jobs/([0-9a-f]{16})", location)
    assert match, location
    return match.group(1)


# -- pages, language, headers ---------------------------------------------------------------


def test_index_lists_every_scenario_with_its_state(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="nl">' in page.text
    assert "Klein" in page.text and "kapot.yaml" in page.text
    assert "bevat fouten" in page.text  # the broken file is listed, marked
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and "has problems" in english.text


def test_language_toggle_sets_a_cookie_and_goes_back_only_to_a_local_page(
        client: TestClient) -> None:
    moved = client.get("/lang?to=en&next=/jobs", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/jobs"
    assert "plooi_lang=en" in moved.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/").text
    for hostile in ("//evil.example/x", "https://evil.example/", "/\\evil"):
        away = client.get("/lang", params={"to": "nl", "next": hostile}, follow_redirects=False)
        assert away.headers["location"] == "/"


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    for path in ("/", f"/s/{sid}", "/static/app.css", "/api/scenarios", "/nope"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == security.CSP, path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    cookie = client.get("/", headers={"cookie": ""}).headers.get("set-cookie", "")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example"):
        refused = client.get("/", headers={"host": host})
        assert refused.status_code == 400, host
        assert "Host not allowed" in refused.text
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("path", [
    "/s/../../etc/passwd", "/s/..%2F..%2Fetc%2Fpasswd", "/s/%2e%2e%2fpyproject.toml",
    "/s/0000000000000000", "/s/ABCDEF", "/jobs/..%2F..%2Fetc", "/jobs/0123456789abcdef",
    "/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2F..%2Fcatalog.py", "/s/x/request", "/s/..%2f/briefing",
    "/jobs/0123456789abcdef/download/..%2F..%2Fetc%2Fpasswd", "/template/..%2Fdemo.xlsx",
    "/api/jobs/..%2F..%2Fetc", "/api/results/0123456789abcdef",
])
def test_traversal_and_unknown_ids_get_404(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404, path
    assert "root:" not in answer.text and "[project]" not in answer.text


def test_openapi_describes_the_json_api_and_docs_pages_are_off(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {
        "/api/csrf", "/api/scenarios", "/api/solve", "/api/impact", "/api/jobs/{job_id}",
        "/api/jobs/{job_id}/cancel", "/api/results/{job_id}"}
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_static_files_are_the_vendored_ones(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    assert client.get("/static/sse.min.js").status_code == 200
    assert "--ink" in client.get("/static/briefing.css").text


# -- programme page --------------------------------------------------------------------------


def test_programme_page_shows_the_figures(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    page = client.get(f"/s/{sid}")
    assert page.status_code == 200
    assert re.search(r'id="n-works">2<', page.text) and re.search(r'id="n-requests">1<', page.text)
    assert "2027-W01 – 2027-W20" in page.text
    assert "Nog niet opgelost" in page.text
    # before a solve: the programme as it stands, in the briefing's chart style
    current = page.text.split('id="h-current"', 1)[1]
    assert current.count("<svg") >= 4  # legend, request row, density strip, crew load
    assert "R-1" in current and "nog niet ingepland" in current and "Ploeg" in current
    assert re.search(r'<td class="num">€ 100\.000</td><td class="num">€ 0</td>'
                     r'<td class="num">€ 100\.000</td>', current)  # wegen 2027, nothing spent


def test_an_invalid_file_shows_every_problem_with_its_place(client: TestClient,
                                                            folder: Path) -> None:
    sid = ids(client)["kapot.yaml"]
    page = client.get(f"/s/{sid}")
    assert page.status_code == 422
    with pytest.raises(Exception) as raised:
        load_scenario(folder / "kapot.yaml")
    expected = str(raised.value.render("nl")).splitlines()  # type: ignore[attr-defined]
    assert len(expected) >= 2
    for line in expected:
        assert line.replace("'", "&#39;").replace('"', "&#34;") in page.text
    assert ":4:" in page.text  # the line of the broken work
    assert "Traceback" not in page.text


# -- solve, jobs, downloads -------------------------------------------------------------------


def test_solve_runs_as_a_job_and_gives_the_cli_result(client: TestClient, folder: Path,
                                                      tmp_path: Path) -> None:
    sid = ids(client)["klein.yaml"]
    started = client.post(f"/s/{sid}/solve", data={"csrf": csrf(client)}, follow_redirects=False)
    assert started.status_code == 303
    job = job_of(started)
    assert wait(client, job)["state"] == "done"
    page = client.get(f"/jobs/{job}")
    assert 'data-state="done"' in page.text and "Kernboodschap" in page.text
    document = client.get(f"/api/results/{job}").json()
    out = tmp_path / "cli.json"
    assert main(["solve", str(folder / "klein.yaml"), "--json", str(out), "--quiet"]) == 0
    assert document == json.loads(out.read_text(encoding="utf-8"))
    scenario = load_scenario(folder / "klein.yaml")
    saved = tmp_path / "web.json"
    saved.write_bytes(client.get(f"/jobs/{job}/download/result.json").content)
    assert check(scenario, plan_from_result(scenario, saved)) == []
    # the programme page and the raad page now show the briefing
    assert "Kernboodschap" in client.get(f"/s/{sid}").text
    raad = client.get(f"/s/{sid}/briefing")
    assert raad.status_code == 200 and "Kernboodschap" in raad.text


def test_briefing_downloads_are_the_report_formats(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    job = job_of(client.post(f"/s/{sid}/solve", data={"csrf": csrf(client)},
                             follow_redirects=False))
    wait(client, job)
    pdf = client.get(f"/jobs/{job}/download/briefing.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == 'attachment; filename="plooi-briefing.pdf"'
    xlsx = client.get(f"/jobs/{job}/download/briefing.xlsx")
    assert zipfile.is_zipfile(io.BytesIO(xlsx.content))
    assert "R-1" in client.get(f"/jobs/{job}/download/briefing.md").text
    assert "<!DOCTYPE html>" in client.get(f"/jobs/{job}/download/briefing.html").text
    # a solve has no justification; an unknown download is 404
    assert client.get(f"/jobs/{job}/download/onderbouwing.md").status_code == 404
    assert client.get(f"/jobs/{job}/download/secret.txt").status_code == 404


def test_raad_page_before_any_solve_offers_to_solve(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    page = client.get(f"/s/{sid}/briefing")
    assert page.status_code == 200 and "Los het scenario eerst op" in page.text


def test_the_events_stream_ends_with_the_result(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    job = job_of(client.post(f"/s/{sid}/solve", data={"csrf": csrf(client)},
                             follow_redirects=False))
    wait(client, job)
    stream = client.get(f"/jobs/{job}/events")
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert stream.text.startswith("event: done\n")
    assert 'data: <div role="status"' in stream.text


# -- CSRF and origin ---------------------------------------------------------------------------


def test_every_post_route_requires_the_csrf_token(folder: Path) -> None:
    app = create_app(Config(paths=[folder], include_demo=False))

    def walk(routes: list[object]) -> Iterator[object]:
        for route in routes:
            inner = getattr(route, "original_router", None)  # an included router
            yield from walk(inner.routes) if inner is not None else [route]

    posts = [r for r in walk(list(app.routes)) if "POST" in (getattr(r, "methods", None) or ())]
    assert len(posts) >= 10
    for route in posts:
        calls = [d.call for d in route.dependant.dependencies]  # type: ignore[attr-defined]
        assert security.require_csrf in calls, route.path


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    csrf(client)
    assert client.post(f"/s/{sid}/solve").status_code == 403
    refused = client.post(f"/s/{sid}/solve", data={"csrf": "wrong"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    assert client.post("/api/solve", json={"scenario": sid}).status_code == 403
    assert client.get("/api/jobs/" + "0" * 16).status_code == 404


def test_a_post_from_another_origin_is_refused(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    token = csrf(client)
    for headers in ({"origin": "http://evil.example"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "null"}):
        refused = client.post(f"/s/{sid}/solve", data={"csrf": token}, headers=headers,
                              follow_redirects=False)
        assert refused.status_code == 403, headers
    same = client.post(f"/s/{sid}/solve", data={"csrf": token}, follow_redirects=False,
                       headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert same.status_code == 303


# -- token -------------------------------------------------------------------------------------


def test_a_token_server_asks_for_the_token_everywhere(folder: Path) -> None:
    with make_client(folder, host="0.0.0.0", token="s3cret-token") as client:
        first = client.get("/s/0123456789abcdef", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/login?next=/s/0123456789abcdef"
        assert client.get("/api/scenarios").status_code == 401
        assert client.get("/login").status_code == 200  # open, with its static files
        assert client.get("/static/app.css").status_code == 200
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        wrong = client.post("/login", data={"csrf": token.group(1), "token": "guess"})
        assert wrong.status_code == 401 and "klopt niet" in wrong.text
        right = client.post("/login", data={"csrf": token.group(1), "token": "s3cret-token",
                                            "next": "//evil.example"}, follow_redirects=False)
        assert right.status_code == 303 and right.headers["location"] == "/"
        cookie = right.headers["set-cookie"]
        assert "plooi_session=" in cookie and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie and "s3cret-token" not in cookie
        assert client.get("/").status_code == 200
        assert client.get("/api/scenarios").status_code == 200
    with make_client(folder, host="0.0.0.0", token="s3cret-token") as api:
        bearer = {"authorization": "Bearer s3cret-token"}
        rows = api.get("/api/scenarios", headers=bearer).json()
        sid = next(r["id"] for r in rows if r["label"] == "klein.yaml")
        started = api.post("/api/solve", json={"scenario": sid}, headers=bearer)
        assert started.status_code == 202  # a bearer token stands in for the CSRF token
        assert api.get("/api/scenarios", headers={"authorization": "Bearer nope"}).status_code == 401


def test_a_network_host_without_token_refuses_to_start(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(security.TOKEN_ENV, raising=False)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["serve", "--host", "192.168.1.20", "--lang", "en"]) == 2
    assert "The server did not start" in capsys.readouterr().err
    assert main(["serve", "/nonexistent/plan.yaml"]) == 2
    assert "/nonexistent/plan.yaml: bestaat niet" in capsys.readouterr().err
    with pytest.raises(security.StartRefused):
        security.check_start("10.0.0.1", None, "nl")
    security.check_start("127.0.0.1", None, "nl")
    security.check_start("::1", None, "nl")
    security.check_start("0.0.0.0", "t", "nl")


def test_the_allowed_host_names_follow_the_host_option() -> None:
    import socket

    everywhere = security.Guard.for_host("0.0.0.0", "t")
    assert socket.gethostname().lower() in everywhere.allowed_hosts
    assert {"127.0.0.1", "localhost", "::1"} <= everywhere.allowed_hosts
    named = security.Guard.for_host("plooi.gemeente.example", "t", ("proxy.example",))
    assert {"plooi.gemeente.example", "proxy.example"} <= named.allowed_hosts
    assert "evil.example" not in named.allowed_hosts
