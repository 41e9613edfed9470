"""The workbench shows the map of a scenario with boundaries in its briefing."""

from __future__ import annotations

from pathlib import Path

from tests import geo_city
from tests.test_web_api import csrf, ids, job_of, make_client, wait


def test_solved_scenario_with_boundaries_has_the_map_in_the_workbench(tmp_path: Path) -> None:
    home = tmp_path / "scenarios"
    home.mkdir()
    (home / "stad.yaml").write_text(geo_city.SCENARIO + "areas_geometry: b.geojson\n",
                                    encoding="utf-8")
    geo_city.rd_geojson(home / "b.geojson")
    (home / "kapot.yaml").write_text(geo_city.SCENARIO + "areas_geometry: weg.geojson\n",
                                     encoding="utf-8")
    with make_client(home) as client:
        known = ids(client)
        for name, has_map in (("stad.yaml", True), ("kapot.yaml", False)):
            sid = known[name]
            started = client.post(f"/s/{sid}/solve", data={"csrf": csrf(client)},
                                  follow_redirects=False)
            job = job_of(started)
            assert wait(client, job)["state"] == "done"
            page = client.get(f"/jobs/{job}").text
            # A missing boundaries file costs the map, never the briefing.
            assert "Kernboodschap" in page
            assert ('<figure class="map">' in page) is has_map, name
            if has_map:
                assert all(f'id="{code}"' in page for code in geo_city.CODES)
                pdf = client.get(f"/jobs/{job}/download/briefing.pdf")
                assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
