"""Generate realistic, feasible multi-year programmes of any size.

Benchmarks, demos and tests need programmes that look like a Dutch city's
(wijken and buurten, crews with a bouwvak, budget lines, every rule of the
street) and that are *known* to be feasible. Feasibility is built in, not hoped
for: the baseline (``planned_start``) is placed under every rule, and a
*witness* (a start for every work and request that obeys every rule) proves the
requests placeable without a solver.

Two profiles (``profiles.py``, ``coupled.py``): ``classic``, the first one, and
``coupled``, where every work needs its contractor *and* shared crews
(toezicht, verkeersregelaars) and budgets bind. Only ``random.Random(seed)`` is
used: one seed, one scenario.
"""

from __future__ import annotations

from typing import Any

from scheduler.generate.coupled import coupled
from scheduler.generate.profiles import check_arguments, classic
from scheduler.generate.write import write_yaml

PROFILES = ("classic", "coupled")

__all__ = ["PROFILES", "generate", "generate_with_witness", "write_yaml"]


def generate(
    works: int,
    requests: int,
    years: int,
    seed: int,
    start_year: int = 2027,
    profile: str = "classic",
) -> dict[str, Any]:
    """A feasible scenario as raw data in the YAML shape of the format."""
    return generate_with_witness(works, requests, years, seed, start_year, profile)[0]


def generate_with_witness(
    works: int,
    requests: int,
    years: int,
    seed: int,
    start_year: int = 2027,
    profile: str = "classic",
) -> tuple[dict[str, Any], dict[str, str]]:
    """The scenario and its witness: a start week for every work and request that obeys
    every rule, which proves the scenario feasible without a solver."""
    check_arguments(works, requests, years, start_year)
    if profile == "classic":
        return classic(works, requests, years, seed, start_year)
    if profile == "coupled":
        return coupled(works, requests, years, seed, start_year)
    raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
