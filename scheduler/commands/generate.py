"""plooi generate: write a realistic city-scale scenario that is known to be feasible.

The scenario is checked before anything is written: it must load like any
user's file, its baseline must obey every rule, and the generator's witness
(a start for every work and request) must pass the independent checker, which
proves the requests placeable. Only then are the files written, atomically: the
scenario and, with ``--witness``, the witness as a result document.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.commands.common import EXIT_BAD_INPUT, EXIT_OK, Lang, check_lang, console
from scheduler.errors import OutputError
from scheduler.io.atomic import check_writable

if TYPE_CHECKING:
    from rich.console import Console

    from scheduler.plan import Plan
    from scheduler.scenario import Scenario


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
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            help="classic, or coupled: works need shared crews at once and budgets bind.",
        ),
    ] = "classic",
    witness_out: Annotated[
        Path | None,
        typer.Option("--witness", help="Also write the witness plan as a result JSON here."),
    ] = None,
    lang: Lang = "nl",
) -> int:
    """Generate a feasible city-scale programme with requests (illustrative data)."""
    from scheduler.generate import generate_with_witness
    from scheduler.generate.write import verify, witness_plan
    from scheduler.io.validate import build_scenario
    from scheduler.text.violations import violation_text

    check_lang(lang)
    nl = lang == "nl"
    err = console(stderr=True)
    target = _check_outputs(profile, out, witness_out, nl, err)
    if target is None:
        return EXIT_BAD_INPUT
    raw, starts = generate_with_witness(works, requests, years, seed, start_year, profile)
    scenario = build_scenario(raw, str(target))  # raises ScenarioError like any user's file
    plan = witness_plan(scenario, starts)
    broken = verify(scenario, plan)
    if broken:
        label = (
            "interne fout: het gegenereerde scenario breekt een regel, niets geschreven"
            if nl
            else "internal error: the generated scenario breaks a rule, nothing written"
        )
        err.print(f"{label}: {violation_text(broken[0], lang)}", markup=False)
        return EXIT_BAD_INPUT
    profile_arg = "" if profile == "classic" else f" --profile {profile}"
    command = (
        f"plooi generate{profile_arg} --works {works} --requests {requests} --years {years}"
        f" --seed {seed} --start-year {start_year}"
    )
    _write(target, witness_out, scenario, plan, command, nl)
    _print_summary(target, scenario, plan, nl)
    return EXIT_OK


def _check_outputs(
    profile: str, out: Path, witness_out: Path | None, nl: bool, err: Console
) -> Path | None:
    """The scenario file to write, once the profile and both outputs are fine; else None."""
    from scheduler.generate import PROFILES

    if profile not in PROFILES:
        label = "onbekend profiel" if nl else "unknown profile"
        err.print(f"--profile: {label} {profile!r} ({', '.join(PROFILES)})", markup=False)
        return None
    target = check_writable(out)
    if witness_out is not None:
        check_writable(witness_out)
        if witness_out.resolve() == target.resolve():
            label = (
                "--witness: moet een ander bestand zijn dan --out"
                if nl
                else "--witness: must be another file than --out"
            )
            err.print(f"{witness_out}: {label}", markup=False)
            return None
    return target


def _write(
    target: Path,
    witness_out: Path | None,
    scenario: Scenario,
    plan: Plan,
    command: str,
    nl: bool,
) -> None:
    """The scenario (headed by the command that made it) and the witness, all or nothing."""
    from scheduler.generate.write import scenario_text, witness_document
    from scheduler.io.atomic import write_many
    from scheduler.io.result_json import dumps

    header = (
        f"{command}\n"
        + (
            "Gegenereerd en illustratief: codes, namen en bedragen zijn verzonnen."
            if nl
            else "Generated and illustrative: codes, names and amounts are made up."
        )
    )
    files: dict[str | Path, bytes] = {target: scenario_text(scenario, header).encode("utf-8")}
    if witness_out is not None:
        document = witness_document(scenario, scenario.name or target.stem, plan)
        files[witness_out] = dumps(document).encode("utf-8")
    try:
        write_many(files)
    except OSError as error:
        raise OutputError(str(target), "output_not_writable", detail=error.strerror) from None


def _print_summary(target: Path, scenario: Scenario, plan: Plan, nl: bool) -> None:
    cost = plan.displacement_cost(scenario)
    console().print(
        f"{target}: {len(scenario.works)} {'werken' if nl else 'works'}, "
        f"{len(scenario.requests)} {'verzoeken' if nl else 'requests'}, "
        f"{scenario.horizon.start}..{scenario.horizon.end} — "
        + (
            f"huidig plan en plaatsbaarheid van de verzoeken gecontroleerd (getuige: kosten {cost})"
            if nl
            else f"baseline and placeability of the requests checked (witness: cost {cost})"
        ),
        markup=False,
        highlight=False,
    )
