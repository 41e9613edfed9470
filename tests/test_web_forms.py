"""The wijkambtenaar's form and the planner's uploads and comparison, through the test client.

The form's answer is compared with `plooi impact --add` for the same request, its
messages with the CLI's for the same snippet; hostile text stays text everywhere.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cli import main
from scheduler.errors import ScenarioError
from scheduler.io.convert import convert
from scheduler.io.load import load_scenario
from scheduler.io.request_file import add_request_file
from scheduler.web import forms
from tests.test_web_api import NEW, NEW_YAML, csrf, ids, job_of, make_client, make_folder, wait


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path)


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    with make_client(folder) as test_client:
        yield test_client


HOSTILE = ('<script>alert(1)</script>', '" onmouseover="alert(2)')


def submit(client: TestClient, sid: str, values: dict[str, str]) -> object:
    return client.post(f"/s/{sid}/request", data={"csrf": csrf(client), **values},
                       follow_redirects=False)


def test_the_form_has_every_request_field_labelled(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    page = client.get(f"/s/{sid}/request").text
    fields = set(re.findall(r'<(?:input|select|textarea) id="f-([a-z_0-9]+)"', page))
    assert fields == {"id", "name", "kind", "area", "street", "duration", "earliest",
                      "latest_finish", "demand_0", "cost", "budget", "after", "lag", "digs",
                      "resurfaces", "emergency", "mandatory", "value", "requested_by", "reason"}
    for name in fields:
        assert f'<label for="f-{name}">' in page, name
    # drop-downs from the scenario; weeks as ISO weeks with their Monday
    assert '<option value="WK077210">WK077210 — Centrum</option>' in page
    assert '<option value="wegen">wegen — Wegen</option>' in page
    assert '<option value="W-1">W-1 — Eerste</option>' in page
    assert '<option value="2027-W05">2027-W05 (ma 1 feb 2027)</option>' in page
    assert '<option value="tree">boom (tree)</option>' in page
    assert 'value="R-2"' in page  # a free id is suggested


def test_invalid_input_gets_the_cli_messages(client: TestClient, folder: Path,
                                             tmp_path: Path) -> None:
    sid = ids(client)["klein.yaml"]
    bad = {**NEW, "duration": "twee", "area": "", "demand_0": "-1", "after": "W-9"}
    answer = submit(client, sid, bad)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    page = answer.text  # type: ignore[attr-defined]
    snippet = tmp_path / "verzoek.yaml"
    snippet.write_text("{id: R-2, name: Kastanje, kind: tree, area: '', duration: twee,\n"
                       " earliest: 2027-W05, latest_finish: 2027-W06, demand: {crew: -1},\n"
                       " reason: Plakoksel, mandatory: true, after: [{work: W-9, lag: 0}]}\n",
                       encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        add_request_file(load_scenario(folder / "klein.yaml"), snippet)
    assert len(raised.value.problems) == 4  # area, duration, demand, after: all at once
    for problem in raised.value.problems:
        assert html.escape(problem.message("nl"), quote=True).replace("&#x27;", "&#39;") \
            .replace("&quot;", "&#34;") in page, problem.message("nl")
    assert 'aria-invalid="true" aria-describedby="err-duration"' in page
    assert 'value="twee"' in page  # what was typed is kept
    english = client.post(f"/s/{sid}/request?lang=en", data={"csrf": csrf(client), **bad})
    assert raised.value.problems[0].message("en").split("'")[0] in english.text


def test_the_answer_equals_plooi_impact(client: TestClient, folder: Path,
                                        tmp_path: Path) -> None:
    sid = ids(client)["klein.yaml"]
    job = job_of(submit(client, sid, NEW))
    assert wait(client, job)["state"] == "done"
    snippet = tmp_path / "verzoek.yaml"
    snippet.write_text(NEW_YAML, encoding="utf-8")
    out = tmp_path / "impact.json"
    assert main(["impact", str(folder / "klein.yaml"), "--add", str(snippet), "--json", str(out),
                 "--quiet"]) == 0
    expected = json.loads(out.read_text(encoding="utf-8"))
    assert client.get(f"/api/results/{job}").json() == expected
    page = client.get(f"/jobs/{job}").text
    least = expected["least_displacement"]
    assert f'<span id="least-start">{least["start"]}</span>' in page
    assert f'<span id="least-cost">{least["displacement_cost"]}</span>' in page
    assert expected["earliest_without_displacement"] in page
    assert "Venster: 2027-W05 .. 2027-W06 (deadline)" in page
    if expected["pareto"]:
        first = expected["pareto"][0]
        assert f'{first["start"]}: {first["displacement_cost"]}' in page
    for moved in least["displaced"]:
        assert f'<td class="id">{moved["id"]}</td>' in page
    assert html.escape(expected["recommendation"], quote=True).replace("&#x27;", "&#39;") \
        in page.replace("&#34;", "&quot;")
    justification = client.get(f"/jobs/{job}/download/onderbouwing.md")
    assert justification.status_code == 200 and "R-2" in justification.text
    assert "<!DOCTYPE html>" in client.get(f"/jobs/{job}/download/onderbouwing.html").text


def test_hostile_text_in_every_field_stays_text(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    for hostile in HOSTILE:
        values = {**NEW, "id": f"R-{hostile}", "name": hostile, "street": hostile,
                  "requested_by": hostile, "reason": hostile}
        job = job_of(submit(client, sid, values))
        assert wait(client, job)["state"] == "done"
        for page in (client.get(f"/jobs/{job}").text, client.get("/jobs").text,
                     client.get(f"/jobs/{job}/download/onderbouwing.html").text):
            assert hostile not in page
            assert "<script>alert" not in page and '" onmouseover=' not in page
        assert html.escape(hostile).replace("&#x27;", "&#39;").replace("&quot;", "&#34;") \
            in client.get(f"/jobs/{job}").text
        # the form shown again with a problem keeps the text as a value, escaped
        shown = submit(client, sid, {**values, "duration": "0"}).text  # type: ignore[attr-defined]
        assert hostile not in shown


def test_save_as_variant_writes_a_new_file_and_lists_it(client: TestClient,
                                                        folder: Path) -> None:
    original = (folder / "klein.yaml").read_bytes()
    sid = ids(client)["klein.yaml"]
    job = job_of(submit(client, sid, NEW))
    wait(client, job)
    saved = client.post(f"/jobs/{job}/variant", data={"csrf": csrf(client)},
                        follow_redirects=False)
    assert saved.status_code == 303
    variant = folder / "klein-variant-1.yaml"
    assert variant.is_file() and (folder / "klein.yaml").read_bytes() == original
    saved_scenario = load_scenario(variant)
    assert [r.id for r in saved_scenario.requests] == ["R-1", "R-2"]
    assert saved_scenario.name == "Klein + R-2"  # told apart from the original in lists
    assert client.get(saved.headers["location"]).status_code == 200
    again = client.post(f"/jobs/{job}/variant", data={"csrf": csrf(client)},
                        follow_redirects=False)
    assert again.status_code == 303 and (folder / "klein-variant-2.yaml").is_file()
    listing = client.get(f"/s/{sid}").text
    assert "klein-variant-1.yaml" in listing and "klein-variant-2.yaml" in listing
    assert "klein-variant-1.yaml" in client.get("/").text
    assert not list(folder.glob("*.tmp*"))


def test_api_impact_asks_by_id_or_by_request(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    headers = {"x-csrf-token": csrf(client)}
    by_id = client.post("/api/impact", json={"scenario": sid, "request_id": "R-1"},
                        headers=headers)
    assert by_id.status_code == 202
    assert wait(client, by_id.json()["id"])["state"] == "done"
    document = client.get(f"/api/results/{by_id.json()['id']}").json()
    assert document["format"] == "plooi-impact/1" and document["request"]["id"] == "R-1"
    unknown = client.post("/api/impact", json={"scenario": sid, "request_id": "R-9"},
                          headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["detail"].startswith("verzoek 'R-9' staat niet in het scenario")
    work = client.post("/api/impact", json={"scenario": sid, "request_id": "W-1"},
                       headers=headers)
    assert "is een werk uit het programma" in work.json()["detail"]
    bad = client.post("/api/impact", json={"scenario": sid, "request": {"id": "R-3"}},
                      headers=headers)
    assert bad.status_code == 422 and "verplicht veld ontbreekt" in bad.json()["detail"]
    both = client.post("/api/impact", json={"scenario": sid}, headers=headers)
    assert both.status_code == 422
    broken = ids(client)["kapot.yaml"]
    assert client.post("/api/impact", json={"scenario": broken, "request_id": "R-1"},
                       headers=headers).status_code == 422


# -- uploads -----------------------------------------------------------------------------------


def upload(client: TestClient, name: str, data: bytes) -> object:
    return client.post("/upload", data={"csrf": csrf(client)}, files={"file": (name, data)},
                       follow_redirects=False)


def test_uploads_are_stored_under_our_own_names(client: TestClient, folder: Path) -> None:
    text = (folder / "klein.yaml").read_bytes()
    answer = upload(client, "../../../etc/evil.yaml", text)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    page = client.get(answer.headers["location"])  # type: ignore[attr-defined]
    assert page.status_code == 200 and "evil.yaml" in page.text
    uploads = Path(client.app.state.uploads)  # type: ignore[attr-defined]
    stored = [p.name for p in uploads.iterdir()]
    assert len(stored) == 1 and re.fullmatch(r"upload-[0-9a-f]{12}\.yaml", stored[0])
    assert not (folder.parent / "etc").exists()


def test_an_oversized_upload_is_refused_with_a_clear_message(folder: Path) -> None:
    with make_client(folder, upload_limit=1024 * 1024) as client:
        answer = upload(client, "groot.yaml", b"#" * (1024 * 1024 + 1))
        assert answer.status_code == 413  # type: ignore[attr-defined]
        assert "Het bestand is te groot: hoogstens 1 MB." in answer.text  # type: ignore[attr-defined]
        huge = upload(client, "groot.yaml", b"#" * (1200 * 1024))
        assert huge.status_code == 413  # type: ignore[attr-defined]


def test_bodies_of_unknown_or_excessive_size_are_not_read(client: TestClient) -> None:
    token = csrf(client)

    def chunks() -> Iterator[bytes]:
        yield b"x" * 1000

    chunked = client.post("/upload", content=chunks(), headers={
        "x-csrf-token": token, "content-type": "multipart/form-data; boundary=x"})
    assert chunked.status_code == 411
    assert "zegt niet hoe groot het bestand is" in chunked.text
    sid = ids(client)["klein.yaml"]
    big = client.post(f"/s/{sid}/request", content=b"a" * (1024 * 1024 + 1),
                      headers={"x-csrf-token": token,
                               "content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413
    streamed = client.post("/api/solve", content=chunks(), headers={"x-csrf-token": token})
    assert streamed.status_code == 411


def test_wrong_kinds_and_zip_bombs_are_refused(client: TestClient) -> None:
    exe = upload(client, "scenario.exe", b"MZ")
    assert exe.status_code == 422 and "wordt niet gelezen" in exe.text  # type: ignore[attr-defined]
    assert upload(client, "", b"").status_code == 422  # type: ignore[attr-defined]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("werken.csv", "0" * (5 * 1024 * 1024))
    bomb = upload(client, "bom.zip", packed.getvalue())
    assert bomb.status_code == 422  # type: ignore[attr-defined]
    assert "packed too tightly" in bomb.text  # type: ignore[attr-defined]
    assert upload(client, "kapot.zip", b"PK no zip").status_code == 422  # type: ignore[attr-defined]


def test_a_zipped_csv_folder_and_an_xlsx_with_a_mistake(client: TestClient, folder: Path,
                                                        tmp_path: Path) -> None:
    convert(folder / "klein.yaml", tmp_path / "csv")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted((tmp_path / "csv").iterdir()):
            archive.write(path, f"map/{path.name}")
    answer = upload(client, "klein.zip", packed.getvalue())
    page = client.get(answer.headers["location"])  # type: ignore[attr-defined]
    assert page.status_code == 200 and re.search(r'id="n-works">2<', page.text)
    book = tmp_path / "klein.xlsx"
    convert(folder / "klein.yaml", book)
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    workbook["Werken"]["F2"] = "twee"  # the duration of the first work
    workbook.save(book)
    with pytest.raises(ScenarioError) as raised:
        load_scenario(book)
    cell = raised.value.problems[0].cell
    assert cell is not None and cell.startswith("Werken!")
    answer = upload(client, "klein.xlsx", book.read_bytes())
    shown = client.get(answer.headers["location"])  # type: ignore[attr-defined]
    assert shown.status_code == 422
    assert f"klein.xlsx: {cell}: {html.escape(raised.value.problems[0].message('nl'), quote=False)}" \
        .replace("'", "&#39;") in shown.text
    assert "plooi-uploads" not in shown.text  # the server's own path is not shown


def test_compare_two_scenarios_shows_figures_and_differing_dates(client: TestClient,
                                                                 folder: Path) -> None:
    sid = ids(client)["klein.yaml"]
    job = job_of(submit(client, sid, NEW))
    wait(client, job)
    client.post(f"/jobs/{job}/variant", data={"csrf": csrf(client)})
    variant = ids(client)["klein-variant-1.yaml"]
    started = client.post("/compare", data={"csrf": csrf(client), "s": [sid, variant]},
                          follow_redirects=False)
    compared = job_of(started)
    assert wait(client, compared)["state"] == "done"
    page = client.get(f"/jobs/{compared}").text
    assert 'id="comparison"' in page and "Verschoven werken" in page
    assert 'id="date-diffs"' in page and '<td class="id">R-2</td>' in page
    assert client.get(f"/jobs/{compared}/download/result.json").json()["format"] \
        == "plooi-compare/1"
    one = client.post("/compare", data={"csrf": csrf(client), "s": [sid]})
    assert one.status_code == 422 and "minstens twee" in one.text


def test_templates_download_as_workbooks(client: TestClient) -> None:
    for name in ("leeg.xlsx", "demo.xlsx"):
        answer = client.get(f"/template/{name}")
        assert answer.status_code == 200 and zipfile.is_zipfile(io.BytesIO(answer.content))
    assert client.get("/template/anders.xlsx").status_code == 404


def test_member_names_never_leave_the_folder() -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("../../werken.csv", "id\n")
        archive.writestr("..\\..\\verzoeken.csv", "id\n")
    with pytest.raises(forms.UploadRefused):
        forms.store_upload(Path("/nonexistent"), "x.exe", b"")
    import tempfile

    with tempfile.TemporaryDirectory() as home:
        folder = forms.store_upload(Path(home), "a.zip", packed.getvalue())
        assert sorted(p.name for p in folder.iterdir()) == ["verzoeken.csv", "werken.csv"]
        assert folder.parent == Path(home)


def test_a_request_that_cannot_be_placed_shows_the_clashing_rules(client: TestClient) -> None:
    sid = ids(client)["klein.yaml"]
    # two crews a week for one week, where there is only one crew: it never fits
    job = job_of(submit(client, sid, {**NEW, "demand_0": "2", "latest_finish": "2027-W05"}))
    assert wait(client, job)["state"] == "done"
    document = client.get(f"/api/results/{job}").json()
    assert document["status"] == "cannot_be_placed" and document["conflict"]
    page = client.get(f"/jobs/{job}").text
    assert "5. Botsende regels" in page and 'id="least">geen plan<' in page
    for text in document["conflict"]:
        assert html.escape(text, quote=True).replace("&#x27;", "&#39;") \
            .replace("&quot;", "&#34;") in page
