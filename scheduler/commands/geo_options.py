"""Options every drawing command shares: the boundaries file and its code column."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.commands.common import console
from scheduler.scenario import Scenario

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry

Areas = Annotated[
    Path | None,
    typer.Option("--areas", help="Boundaries of wijken and buurten (.geojson or .gpkg); "
                                 "default: the scenario's areas_geometry."),
]
AreasKey = Annotated[
    str | None,
    typer.Option("--areas-key", help="Column with the CBS codes (default: statcode, "
                                     "buurtcode or wijkcode)."),
]


def load_geometry(scenario: Scenario, scenario_path: Path | None, areas: Path | None,
                  key: str | None, lang: str) -> AreaGeometry | None:
    """The scenario's boundaries, or None when it has none; warnings go to stderr."""
    from scheduler.geo.areas import geometry_path, load_areas

    path = geometry_path(scenario, scenario_path, areas)
    if path is None:
        return None
    source = str(scenario_path) if scenario_path is not None else "scenario"
    geometry = load_areas(scenario, path, key, scenario_source=source)
    err = console(stderr=True)
    for line in geometry.warning_lines(lang):
        err.print(("waarschuwing: " if lang == "nl" else "warning: ") + line, markup=False)
    return geometry
