"""The risk of a solved plan on the workbench's programme page (plooi 11).

The fan chart and the table of finish weeks are the briefing's own (``plooi brief
--risk``); the weeks on the page are compared with ``plooi risk --json`` for the
same plan and seed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli import main
from scheduler.web import pages
from scheduler.web.work import RISK_SAMPLES, RISK_SEED
from tests.test_web_api import csrf, ids, job_of, make_client, make_folder, wait


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path)


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    with make_client(folder) as test_client:
        yield test_client


def solved(client: TestClient) -> tuple[str, str]:
    """The tiny scenario's id and its finished solve job."""
    sid = ids(client)["klein.yaml"]
    job = job_of(client.post(f"/s/{sid}/solve", data={"csrf": csrf(client)},
                             follow_redirects=False))
    assert wait(client, job)["state"] == "done"
    return sid, job


def risk_rows(page: str) -> dict[str, tuple[str, str, str, str]]:
    """id -> (planned, P50, P80, P95) from the page's table of finish weeks."""
    table = page.split('<table id="risk-table">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>[^<]*</td>'
                      r"<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", table)
    return {html.unescape(row[0]): (row[1], row[2], row[3], row[4]) for row in rows}


def cli_risk(folder: Path, client: TestClient, job: str, tmp_path: Path) -> dict[str, object]:
    plan = tmp_path / "result.json"
    plan.write_bytes(client.get(f"/jobs/{job}/download/result.json").content)
    out = tmp_path / "risk.json"
    assert main(["risk", str(folder / "klein.yaml"), str(plan), "--json", str(out),
                 "--samples", str(RISK_SAMPLES), "--seed", str(RISK_SEED), "-q"]) == 0
    document: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return document


def test_programme_page_offers_risk_only_after_a_solve(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    before = client.get(f"/s/{sid}").text
    assert 'id="h-risk"' not in before
    # Without a solve there is no plan to carry out: back to the page, nothing computed.
    answer = client.post(f"/s/{sid}/risk", data={"csrf": csrf(client)}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/s/{sid}"
    # The form needs its CSRF token like every other.
    assert client.post(f"/s/{sid}/risk", follow_redirects=False).status_code == 403


def test_risk_table_on_the_page_equals_plooi_risk_json(client: TestClient, folder: Path,
                                                       tmp_path: Path) -> None:
    sid, job = solved(client)
    page = client.get(f"/s/{sid}").text
    assert '<h2 id="h-risk">Risico</h2>' in page
    assert 'id="risk-button"' in page and 'id="risk-table"' not in page
    answer = client.post(f"/s/{sid}/risk", data={"csrf": csrf(client)}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/s/{sid}#onzekerheid"
    page = client.get(f"/s/{sid}").text
    assert 'id="risk-button"' not in page and 'id="risk-shown"' in page
    assert "<caption>Eindweken per werk: gepland, P50, P80 en P95</caption>" in page
    assert '<th scope="col">P80</th>' in page
    assert f"{RISK_SAMPLES} keer uitgevoerd" in page and f"seed {RISK_SEED}" in page
    shown = risk_rows(page)
    document = cli_risk(folder, client, job, tmp_path)
    expected = {row["id"]: (row["planned_finish"], row["p50"], row["p80"], row["p95"])
                for row in document["items"]}  # type: ignore[attr-defined]
    assert set(shown) == {"W-1", "W-2", "R-1"}
    assert shown == expected
    # The same table in English, and in the briefing the council page downloads.
    english = client.get(f"/s/{sid}?lang=en").text
    assert "<caption>Finish weeks per work: planned, P50, P80 and P95</caption>" in english
    assert risk_rows(english) == expected
    briefing = client.get(f"/jobs/{job}/download/briefing.html").text
    assert risk_rows(briefing) == expected


def test_big_programme_gets_its_risk_in_the_job_pool(client: TestClient, folder: Path,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "RISK_INLINE_ITEMS", 0)
    sid, solve = solved(client)
    risk = job_of(client.post(f"/s/{sid}/risk", data={"csrf": csrf(client)},
                              follow_redirects=False))
    assert wait(client, risk)["state"] == "done"
    expected = {row["id"]: (row["planned_finish"], row["p50"], row["p80"], row["p95"])
                for row in cli_risk(folder, client, solve, tmp_path)["items"]}  # type: ignore[attr-defined]
    assert risk_rows(client.get(f"/jobs/{risk}").text) == expected
    assert risk_rows(client.get(f"/s/{sid}").text) == expected
    pdf = client.get(f"/jobs/{risk}/download/briefing.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_raad_page_links_its_pdf_and_html_briefing(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    assert 'id="raad-downloads"' not in client.get(f"/s/{sid}/briefing").text
    _, job = solved(client)
    page = client.get(f"/s/{sid}/briefing").text
    links = re.findall(r'<a href="(/jobs/[0-9a-f]{16}/download/briefing\.(?:pdf|html))" download>',
                       page.split('id="raad-downloads"', 1)[1].split("</ul>", 1)[0])
    assert links == [f"/jobs/{job}/download/briefing.pdf", f"/jobs/{job}/download/briefing.html"]
    pdf = client.get(links[0])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    whole = client.get(links[1]).text
    assert whole.startswith("<!DOCTYPE html>") and "Klein" in whole
    assert "Download this briefing" in client.get(f"/s/{sid}/briefing?lang=en").text


def test_hostile_names_stay_text_in_the_risk_table(client: TestClient, folder: Path) -> None:
    hostile = "<script>alert(1)</script>"
    text = (folder / "klein.yaml").read_text(encoding="utf-8")
    (folder / "klein.yaml").write_text(text.replace("name: Eerste", f"name: '{hostile}'"),
                                       encoding="utf-8")
    sid, _ = solved(client)
    client.post(f"/s/{sid}/risk", data={"csrf": csrf(client)})
    page = client.get(f"/s/{sid}").text
    table = page.split('<table id="risk-table">', 1)[1].split("</table>", 1)[0]
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in table
    assert hostile not in page
