"""The profiles: the order in which a programme is drawn, placed and written.

``classic`` is the generator's first profile (crews at 60-80 % on average,
budgets with head-room sized on baseline and witness); its output for a seed
must not change, so benchmark series stay comparable. ``coupled`` lives in
``coupled.py``.
"""

from __future__ import annotations

from typing import Any

from scheduler.generate.areas import draw_areas, draw_events
from scheduler.generate.budgets import draw_lines
from scheduler.generate.draft import Draft
from scheduler.generate.output import raw
from scheduler.generate.requests import draw_requests
from scheduler.generate.resources import blocked_table, draw_resources, hinder_limit, size_resources
from scheduler.generate.tracker import Tracker
from scheduler.generate.witness import place_baseline, place_witness
from scheduler.generate.works import draw_works


def check_arguments(works: int, requests: int, years: int, start_year: int) -> None:
    if works < 1 or requests < 0:
        raise ValueError("works must be at least 1 and requests at least 0")
    if not 1 <= years <= 20 or not 1900 <= start_year <= 9000:
        raise ValueError("years must be 1..20 and start_year 1900..9000")


def classic(
    works: int, requests: int, years: int, seed: int, start_year: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """Baseline greedily near every wish; each request lands on a victim the witness moves;
    budgets and windows sized last so that both plans obey them."""
    g = Draft(works, requests, years, seed, start_year)
    draw_areas(g)
    draw_resources(g)
    draw_lines(g)
    draw_events(g)
    draw_works(g)
    draw_requests(g)
    size_resources(g)
    base = Tracker(g.n, g.resources, blocked_table(g))
    base.limit = hinder_limit(g)
    place_baseline(g, base)
    witness = place_witness(g, base)
    starts = {item.id: g.week(item.witness) for item in (*g.works, *g.requests)}
    return raw(g, base, witness), starts
