"""plooi generate: write a realistic city-scale scenario that is known to be feasible.

The scenario is checked before anything is written: it must load like any
user's file, its baseline must obey every rule, and the generator's witness
(a start for every work and request) must pass the independent checker, which
proves the requests placeable. Only then is the file written, atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.commands.common import EXIT_BAD_INPUT, EXIT_OK, Lang, check_lang, console
from scheduler.errors import OutputError
from scheduler.io.atomic import check_writable


def register(app: typer.Typer) -> None:
    app.command()(generate)


def generate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Scenario file to write (.yaml).")],
    works: Annotated[int, typer.Option("--works", min=1, max=100_000, help="Number of works.")],
    requests: Annotated[
        int, typer.Option("--requests", min=0, max=10_000, help="Number of new requests.")
    ] = 10,
    years: Annotated[int, typer.Option("--years", min=1, max=20, help="Years of programme.")] = 5,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 0,
    start_year: Annotated[
        int, typer.Option("--start-year", min=1900, max=9000, help="First year of the horizon.")
    ] = 2027,
    lang: Lang = "nl",
) -> int:
    """Generate a feasible city-scale programme with requests (illustrative data)."""
    from scheduler import weeks
    from scheduler.check import check, check_baseline
    from scheduler.generate import generate_with_witness, write_yaml
    from scheduler.io.validate import build_scenario
    from scheduler.plan import Plan

    check_lang(lang)
    nl = lang == "nl"
    target = check_writable(out)
    raw, witness = generate_with_witness(works, requests, years, seed, start_year)
    scenario = build_scenario(raw, str(target))  # raises ScenarioError like any user's file
    broken = check_baseline(scenario)
    starts: dict[str, int | None] = {k: weeks.parse_week(v) for k, v in witness.items()}
    broken += check(scenario, Plan.from_starts(scenario, starts))
    err = console(stderr=True)
    if broken:
        label = (
            "interne fout: het gegenereerde scenario breekt een regel, niets geschreven"
            if nl
            else "internal error: the generated scenario breaks a rule, nothing written"
        )
        err.print(f"{label}: {broken[0].message(lang)}", markup=False)
        return EXIT_BAD_INPUT
    header = (
        f"plooi generate --works {works} --requests {requests} --years {years} --seed {seed}"
        f" --start-year {start_year}\n"
        + (
            "Gegenereerd en illustratief: codes, namen en bedragen zijn verzonnen."
            if nl
            else "Generated and illustrative: codes, names and amounts are made up."
        )
    )
    try:
        write_yaml(raw, target, header=header)
    except OSError as error:
        raise OutputError(str(target), "output_not_writable", detail=error.strerror) from None
    console().print(
        f"{target}: {len(scenario.works)} {'werken' if nl else 'works'}, "
        f"{len(scenario.requests)} {'verzoeken' if nl else 'requests'}, "
        f"{scenario.horizon.start}..{scenario.horizon.end} — "
        + (
            "huidig plan en plaatsbaarheid van de verzoeken gecontroleerd"
            if nl
            else "baseline and placeability of the requests checked"
        ),
        markup=False,
        highlight=False,
    )
    return EXIT_OK
