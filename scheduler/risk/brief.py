"""What `plooi brief --risk` adds to the briefing: a fan chart and a table of finish weeks.

Built here from a risk run as figures only; the briefing writers take the section's
words from :func:`scheduler.text.risk.risk_words` in the briefing's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scheduler import weeks
from scheduler.risk.document import expected_displacement
from scheduler.risk.run import RiskRun

if TYPE_CHECKING:
    from scheduler.workflow import SolveOutcome

# Rows in the chart and table: every request first, then the works that may run latest.
MAX_ROWS = 15

@dataclass(frozen=True)
class FanRow:
    """One item's finish weeks (ordinals) and, where it has a deadline, its chance to make it."""

    id: str
    name: str
    planned: int
    p50: int
    p80: int
    p95: int
    latest: int | None
    p_on_time: float | None

    def week(self, which: str) -> str:
        return weeks.format_week(int(getattr(self, which)))


@dataclass(frozen=True)
class Uncertainty:
    """The fan chart's and the table's figures (no words)."""

    samples: int
    seed: int
    rows: tuple[FanRow, ...]
    budgets: tuple[tuple[str, int, float], ...]
    critical: tuple[tuple[str, float], ...]
    expected_displacement: float

    @property
    def first(self) -> int:
        return min(min(r.planned, r.p50) for r in self.rows)

    @property
    def last(self) -> int:
        return max(max(r.p95, r.latest or 0) for r in self.rows)


def uncertainty(run: RiskRun, document: dict[str, Any]) -> Uncertainty:
    """The briefing's view of a risk run: requests, then the works that may finish latest."""
    names = {item.id: item.name for item in run.scenario.items}
    latest = {i.id: weeks.parse_week(i.latest_finish) for i in run.scenario.items
              if i.latest_finish}
    requests = {request.id for request in run.scenario.requests}
    rows = []
    for row in document["items"]:
        planned = weeks.parse_week(row["planned_finish"])
        rows.append(FanRow(
            row["id"], names[row["id"]], planned, weeks.parse_week(row["p50"]),
            weeks.parse_week(row["p80"]), weeks.parse_week(row["p95"]),
            latest.get(row["id"]), row.get("p_on_time"),
        ))
    rows.sort(key=lambda r: (r.id not in requests, -(r.p95 - r.planned), r.id))
    risky = tuple(b for b in document["budgets"] if b["p_overrun"] > 0)
    return Uncertainty(
        samples=run.samples,
        seed=run.seed,
        rows=tuple(rows[:MAX_ROWS]),
        budgets=tuple((b["line"], b["year"], b["p_overrun"]) for b in risky),
        critical=tuple((c["id"], c["index"]) for c in document["critical"][:5]),
        expected_displacement=expected_displacement(run),
    )


def outcome_risk(outcome: SolveOutcome, samples: int, seed: int = 0
                 ) -> tuple[RiskRun, dict[str, Any]] | None:
    """plooi risk on a solved plan, in this process; None without a plan.

    Shared by ``plooi brief --risk`` and the workbench, so both show what
    ``plooi risk --seed`` prints for the same plan.
    """
    from scheduler.io.write_yaml import scenario_yaml
    from scheduler.risk.document import risk_document
    from scheduler.risk.run import run_risk
    from scheduler.runs.executors import Where

    plan = outcome.result.plan
    if plan is None:
        return None
    scenario = outcome.scenario
    run = run_risk(scenario, scenario_yaml(scenario), plan, samples, seed, Where())
    return run, risk_document(run)
