"""The optional ``location`` of a work or request: a GeoJSON Point or LineString.

Only the shape is checked here (numbers, enough positions); the coordinates are
read in the CRS of the boundaries file (see :mod:`scheduler.geo.areas`). This
module imports no geometry library, so loading a scenario stays light.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

# A line of more points than this is a traced road, not a work site.
MAX_POSITIONS = 10_000


class Location(BaseModel):
    """A GeoJSON geometry object of type Point or LineString."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["Point", "LineString"]
    coordinates: Any

    @model_validator(mode="after")
    def _shape(self) -> Location:
        if self.type == "Point":
            _position(self.coordinates)
        else:
            line = self.coordinates
            if not isinstance(line, list) or not 2 <= len(line) <= MAX_POSITIONS:
                raise PydanticCustomError("geo_line", "", {"limit": MAX_POSITIONS})
            for position in line:
                _position(position)
        return self

    def positions(self) -> list[tuple[float, float]]:
        """The (x, y) pairs: one for a point, all for a line."""
        if self.type == "Point":
            return [(float(self.coordinates[0]), float(self.coordinates[1]))]
        return [(float(p[0]), float(p[1])) for p in self.coordinates]


def _position(value: Any) -> None:
    ok = (
        isinstance(value, list)
        and len(value) in (2, 3)
        and all(_finite(number) for number in value)
    )
    if not ok:
        raise PydanticCustomError("geo_position", "", {"got": _show(value)})


def _finite(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
