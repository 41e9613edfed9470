"""Scenarios and solved outcomes that the briefing tests share, and their exact optimum.

The other ``test_report_*`` modules import the helpers here (pytest puts this
folder on ``sys.path``); every outcome is solved once per test run.

The tiny scenario, worked out by hand (move_penalty 10, every weight 1):

* R-1 (mandatory tree, 1 week, window 2027-W10..W10) needs crew ``groen``
  (capacity 1) in W10, where W-1 (2 weeks, planned W10, latest finish W20)
  stands. W-1 moves to W11 (+1, cost 1 + 10 = 11) or to W08 (-2, cost 12): W11.
* R-2 (optional, value 5, € 50.000 on ``bomen``) fits only in 2027-W40..W45. The
  line ``bomen`` has € 100.000 in 2027; W-1, W-2 and R-1 spend € 54.500 there, so
  with R-2 € 104.500: € 4.500 too much. W-1 must finish by W20; so W-2 (€ 30.000,
  3 weeks, planned W30) must put at least one week in 2028: start 2027-W51 (2027
  has 52 ISO weeks), +21 weeks, cost 21 + 10 = 31. Its 2027 share is then € 20.000
  and the line spends € 94.500 (head-room € 5.500). Value comes first, so R-2 is
  accepted and W-2 moves.
* R-3 (optional, value 2) needs crew ``riool`` in 2027-W22..W25, where the
  pinned W-3 holds it (W20..W29): R-3 is rejected.

Displacement cost 11 + 31 = 42, proven optimal.
"""

from __future__ import annotations

import functools
import textwrap

from scheduler import weeks
from scheduler.check import check_baseline
from scheduler.explain import explain
from scheduler.generate import generate_with_witness
from scheduler.io.load import scenario_from_text
from scheduler.io.validate import build_scenario
from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Scenario
from scheduler.solver.run import SolveResult, SolveSettings
from scheduler.workflow import SolveOutcome, solve_scenario

XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","klik")'

TINY = textwrap.dedent(
    """\
    name: Proef Vestdijk
    description: Een boom met plakoksel moet weg; wat schuift er?
    horizon: {start: 2027-W01, end: 2028-W52}
    areas:
      - {code: WK077210, name: Centrum}
      - {code: WK077211, name: Stratum}
    resources:
      - {id: groen, name: Team Groen, capacity: 1}
      - {id: riool, name: Rioolaannemer, capacity: 1}
    budgets:
      - {id: bomen, name: Bomenbeheerplan, per_year: {2027: 100000, 2028: 100000}}
      - {id: grp, name: Rioleringsplan (GRP), per_year: {2027: 600000, 2028: 600000}}
    works:
      - {id: W-1, name: Snoeien Vestdijk, kind: green, area: BU07721002, duration: 2,
         planned_start: 2027-W10, latest_finish: 2027-W20, demand: {groen: 1}, cost: 20000,
         budget: bomen}
      - {id: W-2, name: "<script>alert(1)</script>", kind: green, area: BU07721001,
         duration: 3, planned_start: 2027-W30, demand: {groen: 1}, cost: 30000, budget: bomen}
      - {id: W-3, name: "=HYPERLINK(\\"http://x\\",\\"klik\\")", kind: sewer,
         area: BU07721101, duration: 10, planned_start: 2027-W20, pinned: true,
         demand: {riool: 1}, cost: 500000, budget: grp}
      - {id: W-4, name: "+31 riool", kind: sewer, area: BU07721101, duration: 4,
         planned_start: 2028-W05, demand: {riool: 1}, cost: 80000, budget: grp}
    requests:
      - {id: R-1, name: Rooien boom met plakoksel, kind: tree, area: BU07721002, duration: 1,
         earliest: 2027-W10, latest_finish: 2027-W10, demand: {groen: 1}, cost: 4500,
         budget: bomen, requested_by: Wijkambtenaar Centrum,
         reason: "Plakoksel: risico op splijten"}
      - {id: R-2, name: "@Speeltoestel", kind: play, area: BU07721001, duration: 2,
         earliest: 2027-W40, latest_finish: 2027-W45, mandatory: false, value: 5, cost: 50000,
         budget: bomen, requested_by: "-Bewonerscommissie", reason: Kapot}
      - {id: R-3, name: Kolken vervangen, kind: sewer, area: BU07721101, duration: 2,
         earliest: 2027-W22, latest_finish: 2027-W25, mandatory: false, value: 2,
         demand: {riool: 1}, cost: 10000, budget: grp, requested_by: Waterschap,
         reason: Wateroverlast}
    """
)

# A second crew: W-1 can stay (R-1 uses the second unit); W-2 still moves for the budget.
TWO_CREWS = TINY.replace("name: Proef Vestdijk", "name: Twee ploegen").replace(
    "{id: groen, name: Team Groen, capacity: 1}", "{id: groen, name: Team Groen, capacity: 2}"
)

# The crew is away in W10: R-1 cannot be placed anywhere in its one-week window.
INFEASIBLE = TINY.replace("name: Proef Vestdijk", "name: Geen ploeg").replace(
    "{id: groen, name: Team Groen, capacity: 1}",
    "{id: groen, name: Team Groen, capacity: 1, exceptions: "
    "[{from: 2027-W09, to: 2027-W11, capacity: 0}]}",
)

# The programme alone: nothing asked, nothing moves; bomen 2027 keeps 100.000 - 50.000.
NO_REQUESTS = TINY.replace("name: Proef Vestdijk", "name: Alleen het programma").split(
    "requests:")[0]

TIME_LIMIT = 10.0


def load(text: str) -> Scenario:
    return scenario_from_text(text)


@functools.cache
def solved(text: str) -> SolveOutcome:
    scenario = load(text)
    return solve_scenario(scenario, scenario.name or "scenario", time_limit=TIME_LIMIT)


def tiny() -> SolveOutcome:
    return solved(TINY)


@functools.cache
def witness_outcome(works: int, requests: int, years: int, seed: int) -> SolveOutcome:
    """A generated programme with the generator's witness as its plan (no solving): the
    same shape as a solver outcome, for checking that reports stay readable at scale."""
    raw, witness = generate_with_witness(works, requests, years, seed)
    scenario = build_scenario(raw, "generated")
    plan = Plan.from_starts(scenario, {k: weeks.parse_week(v) for k, v in witness.items()})
    result = SolveResult(SolveStatus.FEASIBLE, plan, [], SolveSettings(60.0, 0, 8, True), 0.0)
    return SolveOutcome(scenario, f"generated-{works}", result, explain(scenario, plan), [],
                        check_baseline(scenario))


def test_tiny_optimum_is_the_one_worked_out_by_hand() -> None:
    outcome = tiny()
    assert outcome.status == SolveStatus.OPTIMAL
    plan = outcome.result.plan
    assert plan is not None
    starts = {key: None if value is None else weeks.format_week(value)
              for key, value in plan.starts().items()}
    assert starts == {"W-1": "2027-W11", "W-2": "2027-W51", "W-3": "2027-W20",
                      "W-4": "2028-W05", "R-1": "2027-W10", "R-2": "2027-W40", "R-3": None}
    assert plan.displacement_cost(outcome.scenario) == 42


def test_variants_behave_as_described() -> None:
    # With two crew units W-1 stays: only W-2 moves (+21 weeks, cost 31).
    two = solved(TWO_CREWS)
    assert two.status == SolveStatus.OPTIMAL
    assert two.result.plan is not None
    assert two.result.plan.displacement_cost(two.scenario) == 31
    assert solved(INFEASIBLE).status == SolveStatus.INFEASIBLE
