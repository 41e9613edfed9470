"""What `plooi solve` prints: live progress while solving, then the summary."""

from __future__ import annotations

import time
from typing import Any, cast

from rich.console import Console
from rich.live import Live
from rich.table import Table

from scheduler import weeks
from scheduler.io.result_json import request_counts
from scheduler.plan import SolveStatus
from scheduler.solver.run import ProgressEvent
from scheduler.text.causes import cause_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.numbers import weeks_count
from scheduler.text.violations import violation_text
from scheduler.workflow import SolveOutcome

_STATUS = {
    "nl": {
        SolveStatus.OPTIMAL: "optimaal (bewezen)",
        SolveStatus.FEASIBLE: "haalbaar, niet bewezen optimaal",
        SolveStatus.INFEASIBLE: "onhaalbaar",
        SolveStatus.UNKNOWN: "onbekend: geen plan gevonden binnen de tijdslimiet",
    },
    "en": {
        SolveStatus.OPTIMAL: "optimal (proven)",
        SolveStatus.FEASIBLE: "feasible, not proven optimal",
        SolveStatus.INFEASIBLE: "infeasible",
        SolveStatus.UNKNOWN: "unknown: no plan found within the time limit",
    },
}

_STAGE_NAMES = {
    "nl": {
        "parts": "deelproblemen",
        "lns": "buurtzoeken",
        "value": "waarde",
        "displacement": "verschuiving",
        "makespan": "doorlooptijd",
    },
    "en": {
        "parts": "parts",
        "lns": "neighbourhoods",
        "value": "value",
        "displacement": "displacement",
        "makespan": "makespan",
    },
}


class LiveProgress:
    """A live table of solutions found, objective, bound and time; silent when not a terminal."""

    def __init__(self, console: Console, lang: str = "nl") -> None:
        self.console = console
        self.lang = lang
        self.live: Live | None = None
        self.rows: dict[str, ProgressEvent] = {}
        self.began = time.monotonic()

    def __enter__(self) -> LiveProgress:
        if self.console.is_terminal:
            self.live = Live(
                self._table(), console=self.console, transient=True, refresh_per_second=4
            )
            self.live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.live is not None:
            self.live.__exit__(*exc)

    def __call__(self, event: ProgressEvent) -> None:
        self.rows[event.stage] = event
        if self.live is not None:
            self.live.update(self._table())

    def _table(self) -> Table:
        nl = self.lang == "nl"
        table = Table(title="Oplossen…" if nl else "Solving…", expand=False)
        for header in (
            ("fase", "oplossingen", "doel", "grens", "tijd (s)")
            if nl
            else ("stage", "solutions", "objective", "bound", "time (s)")
        ):
            table.add_column(header)
        for stage, event in self.rows.items():
            table.add_row(
                _STAGE_NAMES[self.lang].get(stage, stage),
                str(event.solutions),
                f"{event.objective:g}",
                f"{event.bound:g}",
                f"{event.seconds:.1f}",
            )
        return table


def print_summary(console: Console, outcome: SolveOutcome, lang: str = "nl") -> None:
    """Status, requests, displaced works with causes, chains, cost; or the conflict."""
    nl = lang == "nl"
    result = outcome.result
    scenario = outcome.scenario
    console.print(f"[bold]Scenario:[/bold] {_plain(outcome.name)}")
    status = _STATUS[lang][result.status]
    if result.status == SolveStatus.FEASIBLE and result.gap is not None:
        status += f" (gap {result.gap:.1%})"
    if result.interrupted:
        status += " — onderbroken" if nl else " — interrupted"
    console.print(f"[bold]Status:[/bold] {status}   ({result.seconds:.1f} s)")
    for violation in outcome.baseline_violations[:10]:
        label = (
            "Let op, huidig plan breekt een regel" if nl else "Note, the current plan breaks a rule"
        )
        console.print(f"[yellow]{label}:[/yellow] {_plain(violation_text(violation, lang))}")
    if len(outcome.baseline_violations) > 10:
        more = len(outcome.baseline_violations) - 10
        console.print(f"[yellow]… {more} {'meer' if nl else 'more'}[/yellow]")
    if result.plan is None:
        _print_conflict(console, outcome, lang)
        return
    plan = result.plan
    counts = request_counts(outcome.scenario, plan)
    console.print(
        (
            f"[bold]Verzoeken:[/bold] {counts.get('placed', 0)} geplaatst (verplicht), "
            f"{counts.get('accepted', 0)} geaccepteerd (optioneel), "
            f"{counts.get('rejected', 0)} afgewezen"
        )
        if nl
        else (
            f"[bold]Requests:[/bold] {counts.get('placed', 0)} placed (mandatory), "
            f"{counts.get('accepted', 0)} accepted (optional), "
            f"{counts.get('rejected', 0)} rejected"
        )
    )
    if scenario.policy.objective == "makespan":
        makespan = plan.makespan(scenario)
        length = "—" if makespan is None else weeks_count(makespan, lang)
        console.print(f"[bold]{'Doorlooptijd' if nl else 'Makespan'}:[/bold] {length}")
    explanation = outcome.explanation
    moved = explanation.displacements if explanation else ()
    cost = plan.displacement_cost(scenario)
    console.print(
        f"[bold]{'Verschoven werken' if nl else 'Displaced works'}:[/bold] {len(moved)}, "
        f"{'verschuivingskosten' if nl else 'displacement cost'} {cost}"
    )
    for d in moved:
        console.print(
            f"  {_plain(d.id)} {_plain(d.name)}: {weeks.format_week(d.planned_start)} -> "
            f"{weeks.format_week(d.start)} ({d.shift:+d})"
        )
        label = "oorzaak" if nl else "cause"
        for cause in d.causes:
            console.print(f"      {label}: {_plain(cause_text(cause, lang))}")
    if explanation:
        for request in explanation.requests:
            for chain in request.chains:
                label = "Keten" if nl else "Chain"
                console.print(f"{label}: {_plain(' -> '.join(chain))}")
    for source in scenario.requests:
        item = plan[source.id]
        if item.start is None:
            label = "afgewezen" if nl else "rejected"
            console.print(f"  {_plain(source.id)}: {label}")
        else:
            console.print(
                f"  {_plain(source.id)}: {weeks.format_week(item.start)}.."
                f"{weeks.format_week(item.start + item.duration - 1)}"
            )


def _print_conflict(console: Console, outcome: SolveOutcome, lang: str) -> None:
    nl = lang == "nl"
    if outcome.clash is None:
        return
    rows = describe_conflict(outcome.scenario, outcome.clash, lang)
    items = sorted({i for row in rows for i in cast(list[str], row["items"])})
    requests = [i for i in items if i in {r.id for r in outcome.scenario.requests}]
    if requests:
        label = "Niet te plaatsen" if nl else "Cannot be placed"
        console.print(f"[bold red]{label}:[/bold red] {_plain(', '.join(requests))}")
    heading = (
        "Deze regels botsen (laat er één los en het past):"
        if nl
        else "These rules clash (lift any one and it fits):"
    )
    if not outcome.conflict_minimal:
        heading = (
            "Deze regels botsen (niet bewezen minimaal binnen de tijd):"
            if nl
            else "These rules clash (minimality not proven within the time limit):"
        )
    console.print(f"[bold]{heading}[/bold]")
    for row in rows:
        console.print(f"  - {_plain(str(row['text']))}")


def _plain(text: str) -> str:
    """User text shown literally: rich markup in names must not be interpreted."""
    return text.replace("[", "\\[")
