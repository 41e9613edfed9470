"""The `plooi` command: assemble the commands, run them, map errors to exit codes.

Exit codes: 0 solved, 1 infeasible, 2 bad input (or an output that cannot be
written), 3 no plan found within the time limit, 130 interrupted before any
plan. `main(argv)` is what tests call.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from scheduler.commands import bewoners as bewoners_commands
from scheduler.commands import brief as brief_commands
from scheduler.commands import export as export_commands
from scheduler.commands import generate as generate_commands
from scheduler.commands import impact as impact_commands
from scheduler.commands import risk as risk_commands
from scheduler.commands import serve as serve_commands
from scheduler.commands import solve as solve_commands
from scheduler.commands import sweep as sweep_commands
from scheduler.commands import tabular as tabular_commands
from scheduler.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    click_errors,
    console,
    mark_started,
    process_started,
)
from scheduler.errors import InputNotice, OutputError, ScenarioError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="plooi: make room in the public-space programme, exactly and visibly.",
    pretty_exceptions_enable=False,
)
solve_commands.register(app)
tabular_commands.register(app)
brief_commands.register(app)
generate_commands.register(app)
impact_commands.register(app)
bewoners_commands.register(app)
export_commands.register(app)
serve_commands.register(app)
risk_commands.register(app)
sweep_commands.register(app)


def _lang_of(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in ("nl", "en") else "nl"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("nl", "en") else "nl"
    return "nl"


@contextmanager
def _notices_to(err: Console, lang: str) -> Iterator[None]:
    """Print each input notice once, in the user's language, on stderr (not stdout,
    which may carry a document); other warnings go their usual way."""
    shown: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("always", InputNotice)
        usual = warnings.showwarning

        def show(message: Any, category: Any, *rest: Any, **kwargs: Any) -> None:
            if not isinstance(message, InputNotice):
                usual(message, category, *rest, **kwargs)
                return
            text = message.problem.render(lang)
            if text not in shown:
                shown.add(text)
                err.print(text, markup=False)

        warnings.showwarning = show
        yield


def main(argv: list[str] | None = None) -> int:
    """Run plooi; returns the exit code (never raises for bad input)."""
    # In a fresh process the limit counts from its start; called again in one process
    # (tests, python -c), from this call.
    mark_started(process_started() if argv is None else None)
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(args)
    err = console(stderr=True)
    try:
        with _notices_to(err, lang):
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
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
