"""`plooi impact`: each of the five answers on tiny scenarios whose answers are worked by hand.

Every scenario has one crew (capacity 1) or one budget line, so the answer can
be read off the weeks; the comments say how. Every plan the analysis shows is
re-checked here with the independent checker, against the scenario it belongs
to (with a lever written into it where a lever applies).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from scheduler import weeks
from scheduler.check import check
from scheduler.cli import main
from scheduler.errors import ScenarioError
from scheduler.impact import (
    Impact,
    ImpactError,
    analyse,
    replace_request,
    with_budget,
    with_capacity,
)
from scheduler.io.impact_json import impact_document
from scheduler.io.load import scenario_from_text
from scheduler.io.request_file import add_request_file
from scheduler.plan import Plan
from scheduler.report.justification import md_escape, render_justification
from scheduler.scenario import Request, Scenario
from scheduler.solver import solve
from scheduler.solver.conflicts import find_conflict
from scheduler.text.impact import error_text, recommendation

HEAD = """\
horizon: {start: 2027-W01, end: 2027-W20}
areas: [{code: WK077210, name: Centrum}]
policy: {time_limit: 10}
"""

# One crew; W-1 fills W05-W06 and may not start earlier, W-2 fills W07-W08.
FULL_WEEK = HEAD + """\
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: W-1, name: Eerste, kind: road, area: WK077210, duration: 2,
     planned_start: 2027-W05, earliest: 2027-W05, demand: {crew: 1}}
  - {id: W-2, name: Tweede, kind: road, area: WK077210, duration: 2,
     planned_start: 2027-W07, demand: {crew: 1}, weight: 3}
requests:
  - {id: R-1, name: Boom, kind: tree, area: WK077210, duration: 1, earliest: 2027-W05,
     latest_finish: 2027-W06, demand: {crew: 1}, reason: Plakoksel}
"""

# One crew; A, B, C fill W05, W06, W07 (none may start earlier), W08 onward is free.
# Moving a work to W08 costs weight * weeks + 10: A 5*3+10 = 25, B 2*2+10 = 14, C 1+10 = 11.
THREE_WEEKS = HEAD + """\
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: A, name: A, kind: road, area: WK077210, duration: 1, planned_start: 2027-W05,
     earliest: 2027-W05, demand: {crew: 1}, weight: 5}
  - {id: B, name: B, kind: road, area: WK077210, duration: 1, planned_start: 2027-W06,
     earliest: 2027-W06, demand: {crew: 1}, weight: 2}
  - {id: C, name: C, kind: road, area: WK077210, duration: 1, planned_start: 2027-W07,
     earliest: 2027-W07, demand: {crew: 1}, weight: 1}
requests:
  - {id: R-1, name: Boom, kind: tree, area: WK077210, duration: 1, earliest: 2027-W05,
     latest_finish: 2027-W07, demand: {crew: 1}}
"""

# A pinned work holds the only crew in W01-W06; R must be done by W04.
PINNED = HEAD + """\
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: W-P, name: Vast, kind: road, area: WK077210, duration: 6, planned_start: 2027-W01,
     pinned: true, demand: {crew: 1}}
requests:
  - {id: R-1, name: Boom, kind: tree, area: WK077210, duration: 1, latest_finish: 2027-W04,
     demand: {crew: 1}}
"""

# The tree line has 10.000 in 2027; W-1 spends 8.000 of it, R-1 needs 4.500: 2.500 short,
# and with a horizon of one year no work can leave 2027.
BUDGET = """\
horizon: {start: 2027-W01, end: 2027-W52}
areas: [{code: WK077210, name: Centrum}]
policy: {time_limit: 10}
budgets: [{id: bomen, name: Bomen, per_year: {2027: 10000}}]
works:
  - {id: W-1, name: Snoeien, kind: tree, area: WK077210, duration: 2, planned_start: 2027-W10,
     cost: 8000, budget: bomen}
requests:
  - {id: R-1, name: Boom, kind: tree, area: WK077210, duration: 1, earliest: 2027-W05,
     latest_finish: 2027-W06, cost: 4500, budget: bomen}
"""


def load(text: str) -> Scenario:
    return scenario_from_text(textwrap.dedent(text), "test.yaml")


def w(text: str) -> int:
    return weeks.parse_week(text)


def run(text: str, request: str = "R-1", options: int = 3) -> Impact:
    return analyse(load(text), request, options=options, time_limit=10, workers=2)


def assert_every_plan_checks(impact: Impact) -> None:
    """Options and Pareto points are plans of the scenario with R; the checker agrees."""
    for option in [*impact.options, *impact.pareto]:
        plan = Plan.from_starts(impact.scenario, option.starts)
        assert check(impact.scenario, plan) == [], option


# -- 1-4 on one crew and a full week ------------------------------------------------------


def test_full_week_moves_exactly_one_work_by_four_weeks() -> None:
    impact = run(FULL_WEEK)
    # 1. With W-1 and W-2 in place the crew is busy W05-W08: the first free week is W09,
    # three weeks past the deadline W06.
    assert impact.earliest == w("2027-W09")
    assert impact.earliest_meets_deadline is False
    # 2. R must take W05 or W06, both W-1's. W-1 cannot start earlier; one week later
    # collides with W-2 (that chain costs 1+10 + 3+10 = 24); after W-2, at W09, it costs
    # 4*1 + 10 = 14. Among the cheapest, R as early as possible: W05.
    best = impact.best
    assert best is not None and best.status == "optimal"
    assert best.start == w("2027-W05")
    assert [(s.id, s.shift) for s in best.displaced] == [("W-1", 4)]
    assert best.cost == 14 and best.total_cost == 14
    assert impact.status == "displaces"
    assert impact.explanation is not None
    causes = impact.explanation.causes_of("W-1")
    assert [(c.rule, c.blockers) for c in causes] == [("capacity", ("R-1",))]
    document = impact_document(impact, "en")
    assert document["least_displacement"]["chains"] == ["R-1 -> W-1"]
    assert document["least_displacement"]["causes"] == {
        "W-1": ["capacity of crew in 2027-W05 is taken by R-1"]
    }
    # 3. W-1 covers the whole window, so no plan keeps it in place: one option only.
    assert [(o.start, o.cost) for o in impact.options] == [(w("2027-W05"), 14)]
    assert [(p.start, p.cost) for p in impact.pareto] == [(w("2027-W05"), 14)]
    assert_every_plan_checks(impact)


def test_full_week_levers_are_the_least_amounts_and_verified() -> None:
    impact = run(FULL_WEEK)
    levers = {lever.kind: lever for lever in impact.levers}
    # One more crew in W05 lets R in there (the earliest of the equally small choices).
    capacity = levers["capacity"]
    assert capacity.status == "found" and capacity.verified
    assert capacity.extra == {("crew", w("2027-W05")): 1}
    assert capacity.start == w("2027-W05")
    # Or the deadline three weeks later: R in W09, the earliest week without displacement.
    deadline = levers["deadline"]
    assert deadline.status == "found" and deadline.verified
    assert (deadline.weeks, deadline.latest_finish) == (3, w("2027-W09"))
    assert levers["budget"].status == "not_applicable"  # R costs nothing
    # Stretch: capacity 1/1 = 100% of that week; deadline 3 weeks / 2-week window = 150%.
    assert impact.cheapest is capacity
    # The lever written into the scenario: R fits at W05 with nothing moved.
    lifted = with_capacity(impact.scenario, capacity.extra)
    starts = {**impact.baseline_starts, "R-1": w("2027-W05")}
    assert check(lifted, Plan.from_starts(lifted, starts)) == []
    assert check(impact.scenario, Plan.from_starts(impact.scenario, starts)) != []


# -- 3. alternatives and the Pareto view --------------------------------------------------


def test_alternatives_each_displace_a_different_set_ranked_by_cost() -> None:
    impact = run(THREE_WEEKS)
    # Cheapest: C to W08 (11), R in W07. Keeping C: B to W08 (14), R in W06.
    # Keeping C and B: A to W08 (25), R in W05.
    assert [(o.rank, o.start, o.cost, [(s.id, s.shift) for s in o.displaced])
            for o in impact.options] == [
        (1, w("2027-W07"), 11, [("C", 1)]),
        (2, w("2027-W06"), 14, [("B", 2)]),
        (3, w("2027-W05"), 25, [("A", 3)]),
    ]
    # The later R lands, the less it costs: every point is non-dominated.
    assert [(p.start, p.lateness, p.cost) for p in impact.pareto] == [
        (w("2027-W07"), 2, 11),
        (w("2027-W06"), 1, 14),
        (w("2027-W05"), 0, 25),
    ]
    assert_every_plan_checks(impact)


def test_options_limit_and_the_cheapest_lever_rule() -> None:
    impact = run(THREE_WEEKS, options=2)
    assert [o.cost for o in impact.options] == [11, 14]
    # Earliest without displacement is W08, one week late. Deadline lever: 1 week of a
    # 3-week window (33%); capacity lever: 1 unit where there is 1 (100%).
    assert impact.earliest == w("2027-W08")
    assert impact.cheapest is not None and impact.cheapest.kind == "deadline"
    assert impact.cheapest.weeks == 1
    text = recommendation(impact, "en")
    assert text.startswith("Schedule R-1 in 2027-W07; that displaces 1 work (C (+1)), "
                           "displacement cost 11.")
    assert "a deadline 1 week later: 2027-W08 instead of 2027-W07" in text


# -- 1. fits without displacement ---------------------------------------------------------


def test_a_free_week_needs_nothing_moved_and_no_lever() -> None:
    # THREE_WEEKS with a window that reaches the free week W08.
    impact = run(THREE_WEEKS.replace("latest_finish: 2027-W07", "latest_finish: 2027-W08"))
    assert impact.earliest == w("2027-W08") and impact.earliest_meets_deadline
    assert impact.status == "fits"
    assert impact.best is not None and impact.best.displaced == ()
    assert impact.best.start == w("2027-W08") and impact.best.cost == 0
    assert {lever.status for lever in impact.levers} == {"not_needed"}
    assert impact_document(impact)["levers"] == []
    assert recommendation(impact) == "Plaats R-1 in 2027-W08: er hoeft niets te schuiven."


# -- 4. the budget lever ------------------------------------------------------------------


def test_budget_lever_is_the_exact_shortfall() -> None:
    impact = run(BUDGET)
    assert impact.status == "cannot_be_placed"
    levers = {lever.kind: lever for lever in impact.levers}
    budget = levers["budget"]
    # 8.000 + 4.500 - 10.000 = 2.500 euros more on bomen in 2027.
    assert budget.status == "found" and budget.verified
    assert budget.extra == {("bomen", 2027): 2500}
    # No later week in 2027 has money either, and the capacity lever does not apply.
    assert levers["deadline"].status == "not_enough"
    assert levers["capacity"].status == "not_applicable"
    assert impact.earliest is None
    lifted = with_budget(impact.scenario, budget.extra)
    assert lifted.budget_by_id["bomen"].per_year == {2027: 12500}
    # English writes euros the English way (it printed the Dutch "€ 10.000" before).
    assert impact_document(impact, "en")["conflict"] == ["budget bomen in 2027: €10,000"]
    assert impact_document(impact, "nl")["conflict"] == ["budget bomen in 2027: € 10.000"]


# -- 5. cannot be placed: a minimal conflict ----------------------------------------------


def test_conflict_is_exactly_capacity_deadline_and_pin() -> None:
    impact = run(PINNED)
    assert impact.status == "cannot_be_placed"
    assert impact.options == () and impact.pareto == ()
    assert impact.conflict is not None
    assert {guard.key for guard in impact.conflict.found.guards} == {
        "capacity:crew", "deadline:R-1", "pinned:W-P"
    }
    assert impact.conflict_minimal
    assert impact_document(impact, "en")["conflict"] == [
        "W-P is pinned (contracted) from 2027-W01",
        "R-1 must be finished by 2027-W04 (deadline)",
        "capacity of crew (1 per week) in 2027-W01..W06",
    ]
    # The levers that lift it: the deadline to W07 (R right after W-P), or one more crew
    # in W01. Stretch: 3 weeks of a 4-week window (75%) beats 1 of 1 (100%).
    levers = {lever.kind: lever for lever in impact.levers}
    assert (levers["deadline"].weeks, levers["deadline"].start) == (3, w("2027-W07"))
    assert levers["capacity"].extra == {("crew", w("2027-W01")): 1}
    assert impact.cheapest is levers["deadline"]


@pytest.mark.parametrize(
    ("rule", "old", "new"),
    [
        ("capacity", "capacity: 1}", "capacity: 2}"),
        ("deadline", "latest_finish: 2027-W04,", ""),
        ("pin", "pinned: true,", ""),
    ],
)
def test_removing_any_one_rule_of_the_conflict_makes_it_fit(rule: str, old: str, new: str) -> None:
    """Minimality checked from outside: each relaxed scenario solves, the original does not."""
    assert solve(load(PINNED), time_limit=5, workers=2).plan is None
    relaxed = load(PINNED.replace(old, new))
    assert old in PINNED
    result = solve(relaxed, time_limit=5, workers=2)
    assert result.plan is not None, rule
    assert check(relaxed, result.plan) == []
    assert find_conflict(relaxed, time_limit=5) is None


# -- the reference is the plan without R --------------------------------------------------


def test_cost_is_marginal_to_the_plan_without_the_request() -> None:
    # R-A needs W05, so even without R-B, W-1 moves to W06 (1 + 10 = 11). R-B needs W06
    # too: W-1 goes to W07 (2 + 10 = 12 in all). R-B's own cost: 12 - 11 = 1, and the
    # work it displaces moves one week from where the plan without R-B has it.
    text = HEAD + """\
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: W-1, name: Eerste, kind: road, area: WK077210, duration: 1,
     planned_start: 2027-W05, earliest: 2027-W05, demand: {crew: 1}}
requests:
  - {id: R-A, name: A, kind: tree, area: WK077210, duration: 1, earliest: 2027-W05,
     latest_finish: 2027-W05, demand: {crew: 1}}
  - {id: R-B, name: B, kind: tree, area: WK077210, duration: 1, earliest: 2027-W06,
     latest_finish: 2027-W06, demand: {crew: 1}}
"""
    impact = run(text, "R-B")
    assert impact.baseline_cost == 11
    best = impact.best
    assert best is not None
    assert (best.cost, best.total_cost) == (1, 12)
    assert [(s.id, s.before, s.after) for s in best.displaced] == [
        ("W-1", w("2027-W06"), w("2027-W07"))
    ]
    # The cause is told against the plan without R-B: W06 is taken by R-B itself.
    assert impact.explanation is not None
    assert [(c.rule, c.blockers) for c in impact.explanation.causes_of("W-1")] == [
        ("capacity", ("R-B",))
    ]
    assert impact_document(impact, "en")["least_displacement"]["chains"] == ["R-B -> W-1"]
    # Nothing displaced means W-1 stays at W06 and R-A at W05: R-B's first free week is W07.
    assert impact.earliest == w("2027-W07")
    assert_every_plan_checks(impact)


# -- the request from a YAML snippet ------------------------------------------------------

SNIPPET = """\
id: R-9
name: Boom
kind: tree
area: WK077210
duration: 1
earliest: 2027-W05
latest_finish: 2027-W06
demand: {crew: 1}
"""


def without_requests(text: str) -> str:
    return text.split("requests:")[0]


def test_added_request_gives_the_same_answer_as_one_in_the_scenario(tmp_path: Path) -> None:
    snippet = tmp_path / "r.yaml"
    snippet.write_text(SNIPPET)
    merged, request_id = add_request_file(load(without_requests(FULL_WEEK)), snippet)
    assert request_id == "R-9" and isinstance(merged.item_by_id["R-9"], Request)
    impact = analyse(merged, request_id, source="added", time_limit=10, workers=2)
    best = impact.best
    assert best is not None and [(s.id, s.shift) for s in best.displaced] == [("W-1", 4)]
    assert impact_document(impact)["request"]["source"] == "added"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (SNIPPET.replace("demand: {crew: 1}", "demand: {ploeg: 1}"),
         "r.yaml:8: demand.ploeg: onbekende capaciteit 'ploeg': verwacht een id uit resources"),
        (SNIPPET.replace("id: R-9", "id: W-1"),
         "r.yaml:1: id: id 'W-1' komt al voor bij works[0].id"),
        (SNIPPET.replace("2027-W05", "2027-W55"),
         "r.yaml:6: earliest: week '2027-W55' bestaat niet: ISO-jaar 2027 heeft weken W01..W52"),
        (SNIPPET + "planned_start: 2027-W05\n",
         "r.yaml:9: planned_start: onbekend veld 'planned_start'"),
        ("- id: R-9\n", "r.yaml:1: verwacht een mapping (sleutel: waarde), niet 'list'"),
    ],
)
def test_a_bad_snippet_is_reported_like_a_scenario(
    tmp_path: Path, body: str, message: str
) -> None:
    snippet = tmp_path / "r.yaml"
    snippet.write_text(body)
    with pytest.raises(ScenarioError) as caught:
        add_request_file(load(without_requests(FULL_WEEK)), snippet)
    assert caught.value.render("nl") == f"{snippet.parent}/{message}"


def test_a_work_is_not_a_request() -> None:
    with pytest.raises(ImpactError) as caught:
        analyse(load(FULL_WEEK), "W-1", time_limit=5)
    assert error_text(caught.value, "en").startswith(
        "'W-1' is a work of the programme, not a request"
    )


# -- the command, JSON and the onderbouwing -----------------------------------------------


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_cli_writes_json_and_justification(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, FULL_WEEK)
    out, md, html = tmp_path / "i.json", tmp_path / "o.md", tmp_path / "o.html"
    args = ["impact", str(path), "--request", "R-1", "--json", str(out), "--time-limit", "10",
            "--workers", "2"]
    assert main([*args, "--justification", str(md)]) == 0
    printed = capsys.readouterr().out
    assert "1. Vroegst zonder verschuiving" in printed
    assert "2027-W09 — haalt de deadline niet" in printed
    assert "Keten: R-1 -> W-1" in printed
    document = json.loads(out.read_text())
    assert {"request", "earliest_without_displacement", "options", "levers", "conflict"} <= set(
        document
    )
    assert document["request"]["id"] == "R-1"
    assert document["earliest_without_displacement"] == "2027-W09"
    assert document["options"][0]["start"] == "2027-W05"
    assert document["options"][0]["displacement_cost"] == 14
    assert document["options"][0]["displaced"] == [
        {"id": "W-1", "name": "Eerste", "from": "2027-W05", "to": "2027-W09", "shift": 4}
    ]
    assert [lever["kind"] for lever in document["levers"]] == ["capacity", "deadline"]
    capacity = document["levers"][0]
    assert (capacity["resource"], capacity["weeks"], capacity["units"]) == (
        "crew", ["2027-W05"], 1
    )
    assert document["levers"][1]["weeks"] == 3
    assert document["conflict"] == []
    first = out.read_text()
    assert main([*args, "--justification", str(html), "--lang", "en", "-q"]) == 0
    assert main([*args, "-q"]) == 0
    assert out.read_text() == first  # same input and seed: the same JSON, byte for byte
    text = md.read_text()
    assert text.startswith("# Onderbouwing verzoek R-1: Boom\n")
    for heading in ("## Wat", "## Waarom", "## Wat het verdringt", "## Alternatieven",
                    "## Hefbomen", "## Advies"):
        assert heading in text
    assert "| W-1 | Eerste | 2027-W05 | 2027-W09 | +4 |" in text
    assert "Justification of request R-1" in html.read_text()


def test_justification_escapes_user_text(tmp_path: Path) -> None:
    hostile = FULL_WEEK.replace("name: Boom", "name: \"<script>alert(1)</script>\"").replace(
        "reason: Plakoksel", "reason: \"*x* [y](http://z) | <b>\""
    )
    impact = run(hostile)
    html = render_justification(impact, "nl", "html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;" in html
    md = render_justification(impact, "nl", "md")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*x\\* \\[y\\](http://z) \\| \\<b\\>" in md
    assert md_escape("a\nb | c") == "a b \\| c"


def test_cli_infeasible_exits_1_with_the_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PINNED)
    md = tmp_path / "o.md"
    assert main(["impact", str(path), "--request", "R-1", "--lang", "en", "--time-limit", "10",
                 "--workers", "2"]) == 1
    printed = capsys.readouterr().out
    assert "5. Clashing rules" in printed
    assert "R-1 must be finished by 2027-W04 (deadline)" in printed
    assert main(["impact", str(path), "--request", "R-1", "--justification", str(md), "-q",
                 "--time-limit", "10", "--workers", "2"]) == 1
    text = md.read_text()
    assert "Het verzoek past niet binnen de regels; zie hieronder waarom." in text
    assert "## Waarom het niet past\n\nLaat één van deze regels los en het verzoek past" in text
    assert "- R-1 moet uiterlijk in 2027-W04 klaar zijn (deadline)" in text


def test_cli_refuses_bad_arguments_before_solving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, FULL_WEEK)
    assert main(["impact", str(path)]) == 2
    assert "plooi: geef precies een van --request ID en --add VERZOEK.yaml" in (
        capsys.readouterr().err
    )
    assert main(["impact", str(path), "--request", "R-1", "--add", str(path)]) == 2
    assert main(["impact", str(path), "--request", "R-1", "--justification", "x.pdf"]) == 2
    assert "expected a .md or .html file, got 'x.pdf'" in capsys.readouterr().err
    missing = tmp_path / "nope" / "x.json"
    assert main(["impact", str(path), "--request", "R-1", "--json", str(missing)]) == 2
    assert main(["impact", str(path), "--request", "W-1", "--lang", "en"]) == 2
    assert "'W-1' is a work of the programme, not a request" in capsys.readouterr().err


def test_replace_request_does_not_keep_stale_lookups() -> None:
    scenario = load(FULL_WEEK)
    request = scenario.requests[0]
    changed = replace_request(scenario, request.model_copy(update={"duration": 2}))
    assert changed.item_by_id["R-1"].duration == 2
    assert scenario.item_by_id["R-1"].duration == 1
