"""Input problems that are reported to the user, all at once and in their language.

A loader never raises on the first problem: it collects :class:`InputProblem`
objects and raises one :class:`ScenarioError` holding all of them. Each
problem knows the file, the place inside it (a YAML path such as
``works[3].demand.groen``, or a sheet cell such as ``Werken!E14``), the line
where known, and a message code that :mod:`scheduler.messages` renders in Dutch
or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scheduler.messages import render

# Problems printed one by one; a huge broken file would otherwise print for minutes.
MAX_SHOWN = 100

@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input file."""

    source: str
    place: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    cell: str | None = None

    def message(self, lang: str = "nl") -> str:
        return render(self.code, lang, self.params)

    def render(self, lang: str = "nl") -> str:
        """``file:line: place: message`` (or ``file: Sheet!A1: message`` for spreadsheets)."""
        where = self.source
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.cell is not None:
            return f"{where}: {self.cell}: {self.message(lang)}"
        if self.place:
            return f"{where}: {self.place}: {self.message(lang)}"
        return f"{where}: {self.message(lang)}"


class ScenarioError(Exception):
    """A scenario that cannot be used; holds every problem found."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(self.render("en"))

    def render(self, lang: str = "nl") -> str:
        """One line per problem; past MAX_SHOWN, one line says how many more there are."""
        lines = [problem.render(lang) for problem in self.problems[:MAX_SHOWN]]
        hidden = len(self.problems) - MAX_SHOWN
        if hidden > 0:
            lines.append(render("more_problems", lang, {"count": hidden, "shown": MAX_SHOWN}))
        return "\n".join(lines)


def _problem_order(problem: InputProblem) -> tuple[str, int, str]:
    return (problem.source, problem.line if problem.line is not None else 10**9, problem.place)


class InputNotice(UserWarning):
    """Something about an input that was read fine but the user should know.

    Raised through :func:`warnings.warn` (e.g. a CSV file read as Windows-1252), so
    the loader still returns its scenario; the command line prints it in the user's
    language, and library callers see an ordinary warning.
    """

    def __init__(self, problem: InputProblem) -> None:
        self.problem = problem
        super().__init__(problem.render("en"))


class OutputError(Exception):
    """An output file that cannot be written (missing or read-only folder, ...)."""

    def __init__(self, path: str, code: str, **params: Any) -> None:
        self.path = path
        self.code = code
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str = "nl") -> str:
        return f"{self.path}: {render(self.code, lang, self.params)}"
