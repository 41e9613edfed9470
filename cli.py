"""The `plooi` command: parse arguments, call the scheduler package, print.

Exit codes: 0 solved, 1 infeasible, 2 bad input (or an output that cannot be
written), 3 no plan found within the time limit, 130 interrupted before any
plan. `main(argv)` is what tests call.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scheduler.errors import OutputError, ScenarioError
from scheduler.io.atomic import check_writable, write_text
from scheduler.io.load import load_scenario
from scheduler.io.result_json import dumps
from scheduler.plan import SolveStatus

try:  # typer >= 0.20 carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT, EXIT_NO_PLAN = 0, 1, 2, 3

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="plooi: make room in the public-space programme, exactly and visibly.",
    pretty_exceptions_enable=False,
)

Lang = Annotated[str, typer.Option("--lang", help="Language of what you read: nl or en.")]
TimeLimit = Annotated[
    float | None, typer.Option("--time-limit", help="Seconds (default: the policy's).")
]
Seed = Annotated[int | None, typer.Option("--seed", help="Random seed (default: the policy's).")]
Workers = Annotated[
    int | None, typer.Option("--workers", help="Solver threads (default: the policy's).")
]


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        raise click_errors.BadParameter(f"expected nl or en, got '{lang}'", param_hint="--lang")
    return lang


def demo_path() -> Path:
    """The embedded demo scenario (package data, so it works after any kind of install)."""
    return Path(str(resources.files("scheduler") / "data" / "demo.yaml"))


@app.command()
def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    lang: Lang = "nl",
) -> int:
    """Check a scenario file and report every problem at once."""
    _check_lang(lang)
    from scheduler.check import check_baseline

    loaded = load_scenario(scenario, lang=lang)
    out = _console()
    nl = lang == "nl"
    out.print(
        f"{scenario}: {'in orde' if nl else 'valid'} — {len(loaded.works)} "
        f"{'werken' if nl else 'works'}, {len(loaded.requests)} "
        f"{'verzoeken' if nl else 'requests'}, {len(loaded.resources)} "
        f"{'capaciteiten' if nl else 'resources'}, {len(loaded.budgets)} "
        f"{'budgetlijnen' if nl else 'budget lines'}"
    )
    for violation in check_baseline(loaded):
        label = "huidig plan breekt een regel" if nl else "the current plan breaks a rule"
        out.print(f"{label}: {violation.message(lang)}", markup=False)
    return EXIT_OK


def _solve_file(
    path: Path,
    json_out: Path | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    lang: str,
    quiet: bool,
) -> int:
    from scheduler.report.terminal import LiveProgress, print_summary
    from scheduler.workflow import scenario_name, solve_scenario

    _check_lang(lang)
    if json_out is not None:
        check_writable(json_out)
    scenario = load_scenario(path, lang=lang)
    out = _console()
    with LiveProgress(_console(stderr=True), lang) as progress:
        outcome = solve_scenario(
            scenario,
            scenario_name(scenario, path),
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            progress=None if quiet else progress,
            lang=lang,
        )
    if json_out is not None:
        write_text(json_out, dumps(outcome.document))
    if not quiet:
        print_summary(out, outcome, lang)
    if outcome.status == SolveStatus.INFEASIBLE:
        return EXIT_INFEASIBLE
    if outcome.result.plan is None:
        return 130 if outcome.result.interrupted else EXIT_NO_PLAN
    return EXIT_OK


@app.command()
def solve(
    scenario: Annotated[Path, typer.Argument(help="Scenario: .yaml, .xlsx or a CSV folder.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the result JSON here.")] = None,
    time_limit: TimeLimit = None,
    seed: Seed = None,
    workers: Workers = None,
    lang: Lang = "nl",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing.")] = False,
) -> int:
    """Solve a scenario: place the requests, displace the least, and say why."""
    return _solve_file(scenario, json_out, time_limit, seed, workers, lang, quiet)


@app.command()
def demo(
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the result JSON here.")] = None,
    time_limit: TimeLimit = None,
    lang: Lang = "nl",
) -> int:
    """Solve the embedded Eindhoven-like demo scenario (codes and amounts are illustrative)."""
    return _solve_file(demo_path(), json_out, time_limit, None, None, lang, False)


@app.command()
def check(
    scenario: Annotated[Path, typer.Argument(help="Scenario the plan belongs to.")],
    result: Annotated[Path, typer.Argument(help="A result JSON written by `plooi solve --json`.")],
    lang: Lang = "nl",
) -> int:
    """Check a result against the scenario's hard rules with the independent checker."""
    from scheduler.check import check as check_plan
    from scheduler.io.result_read import plan_from_result

    _check_lang(lang)
    loaded = load_scenario(scenario, lang=lang)
    plan = plan_from_result(loaded, result)
    violations = check_plan(loaded, plan)
    out = _console()
    for violation in violations:
        out.print(violation.message(lang), markup=False)
    if not violations:
        out.print("geen overtredingen" if lang == "nl" else "no violations")
        return EXIT_OK
    return EXIT_INFEASIBLE


@app.command()
def schema(
    which: Annotated[str, typer.Argument(help="scenario or result")] = "scenario",
) -> int:
    """Print the JSON Schema of the scenario format or the result format."""
    from scheduler.io.schemas import result_schema, scenario_schema

    if which not in ("scenario", "result"):
        raise click_errors.BadParameter(f"expected scenario or result, got '{which}'", param_hint="WHICH")
    document = scenario_schema() if which == "scenario" else result_schema()
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _lang_of(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in ("nl", "en") else "nl"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("nl", "en") else "nl"
    return "nl"


def main(argv: list[str] | None = None) -> int:
    """Run plooi; returns the exit code (never raises for bad input)."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args)
    err = _console(stderr=True)
    try:
        code = app(args=args, prog_name="plooi", standalone_mode=False)
    except ScenarioError as error:
        err.print(error.render(lang), markup=False)
        return EXIT_BAD_INPUT
    except OutputError as error:
        err.print(error.render(lang), markup=False)
        return EXIT_BAD_INPUT
    except click_errors.NoArgsIsHelpError as error:
        error.show()
        return EXIT_OK
    except click_errors.UsageError as error:
        err.print(f"plooi: {error.format_message()}", markup=False)
        return EXIT_BAD_INPUT
    except click_errors.ClickException as error:
        err.print(f"plooi: {error.format_message()}", markup=False)
        return EXIT_BAD_INPUT
    except typer.Exit as error:
        return int(error.exit_code)
    except typer.Abort:
        return 130
    except KeyboardInterrupt:
        return 130
    return int(code or 0)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
