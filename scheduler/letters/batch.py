"""Which letters to write: one buurt, one street, or one per buurt (or street) with work.

Maps are added when there are boundaries: the buurt (or the buurten the
street runs through) among its neighbours, with every located work marked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from scheduler.explain import Explanation
from scheduler.letters.content import Letter, build_letter, items_for
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work, wijk_of

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry

Per = Literal["buurt", "street"]
PDF_FONT = "DejaVu"


class LetterError(Exception):
    """A filter that names nothing in the scenario (exit code 2)."""

    def __init__(self, nl: str, en: str) -> None:
        self.texts = {"nl": nl, "en": en}
        super().__init__(en)


def slug(text: str) -> str:
    """A file-name part: lowercase ASCII letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def letters(scenario: Scenario, plan: Plan, explanation: Explanation | None, *,
            geometry: AreaGeometry | None = None, buurt: str | None = None,
            street: str | None = None, per: Per = "buurt", lang: str = "nl") -> list[Letter]:
    """The letters asked for, in a stable order (same input, same files)."""
    names = {area.code: area.name for area in scenario.areas}
    if buurt is not None:
        if buurt not in names and buurt not in {i.area for i in scenario.items}:
            raise LetterError(f"buurt '{buurt}' staat niet in het scenario",
                              f"buurt '{buurt}' is not in the scenario")
        keys: list[tuple[str, str | None, str | None]] = [(buurt, buurt, None)]
    elif street is not None:
        if not any((i.street or "").casefold() == street.casefold() for i in scenario.items):
            raise LetterError(f"geen werk in de straat '{street}' in het scenario",
                              f"no work in the street '{street}' in the scenario")
        keys = [(street, None, street)]
    elif per == "street":
        streets = sorted({i.street for i in scenario.items if i.street and plan[i.id].scheduled})
        keys = [(s, None, s) for s in streets]
    else:
        keys = [(code, code, None) for code in _areas_with_work(scenario, plan)]
    out = []
    for key, area, road in keys:
        items = items_for(scenario, plan, buurt=area, street=road)
        place = _place(names, area, road, lang)
        letter = build_letter(scenario, plan, explanation, key=key, place=place, items=items,
                              lang=lang)
        stem = slug(key) if road is not None else f"{key}-{slug(names.get(key, ''))}"
        letter = replace(letter, stem=stem.rstrip("-"))
        if geometry is not None:
            letter = _with_map(letter, scenario, plan, geometry, area, items)
        out.append(letter)
    return out


def _areas_with_work(scenario: Scenario, plan: Plan) -> list[str]:
    """Buurten with a scheduled item in them or on their wijk; wijken without listed buurten."""
    listed = {a.code for a in scenario.areas} | {i.area for i in scenario.items}
    buurten = sorted(c for c in listed if c.startswith("BU"))
    busy = {i.area for i in scenario.items if plan[i.id].scheduled}
    chosen = [b for b in buurten if b in busy or wijk_of(b) in busy]
    covered = {wijk_of(b) for b in buurten}
    chosen += sorted(w for w in busy if w.startswith("WK") and w not in covered)
    return chosen


def _place(names: dict[str, str], area: str | None, road: str | None, lang: str) -> str:
    nl = lang == "nl"
    if road is not None:
        return f"de {road}" if nl else road
    assert area is not None
    name = names.get(area, area)
    if area.startswith("WK"):
        return f"de wijk {name}" if nl else f"the {name} district"
    return f"de buurt {name}" if nl else f"the {name} neighbourhood"


def _with_map(letter: Letter, scenario: Scenario, plan: Plan, geometry: AreaGeometry,
              area: str | None, items: Sequence[Work | Request]) -> Letter:
    from scheduler.geo.maps import focus_map

    focus = [area] if area is not None else sorted({i.area for i in items})
    svg = focus_map(scenario, plan, geometry, focus, items, title=letter.title,
                    lang=letter.lang, width=420.0, unlocated_works=False)
    if svg is None:
        return letter
    pdf = focus_map(scenario, plan, geometry, focus, items, title=letter.title,
                    lang=letter.lang, width=420.0, unlocated_works=False, font=PDF_FONT)
    return replace(letter, map_svg=svg, map_pdf=pdf)
