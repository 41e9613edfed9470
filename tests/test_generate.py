"""The programme generator: valid, clean, feasible by construction, and deterministic.

The generator promises three things that the rest of the project builds on:
the scenario loads, its baseline obeys every rule, and its requests can be
placed. The last is proved without a solver: the generator hands back a
*witness* (a start for every work and request) and the independent checker
must find nothing wrong with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from scheduler import weeks
from scheduler.check import check, check_baseline
from scheduler.commands.common import demo_path
from scheduler.explain import explain
from scheduler.generate import generate, generate_with_witness, write_yaml
from scheduler.io.load import load_scenario
from scheduler.io.validate import build_scenario
from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Kind, Request, Scenario, wijk_of
from scheduler.solver import solve

ROOT = Path(__file__).resolve().parent.parent


def built(raw: dict[str, Any]) -> Scenario:
    return build_scenario(raw, "generated")


def witness_plan(scenario: Scenario, witness: dict[str, str]) -> Plan:
    starts = {key: weeks.parse_week(text) for key, text in witness.items()}
    return Plan.from_starts(scenario, starts)


@pytest.fixture(scope="module")
def medium() -> tuple[dict[str, Any], dict[str, str], Scenario]:
    """300 works, 12 requests over 4 years: big enough that every feature shows up."""
    raw, witness = generate_with_witness(300, 12, 4, seed=11)
    return raw, witness, built(raw)


@pytest.mark.parametrize(
    ("works", "requests", "years", "seed", "start_year"),
    [(1, 0, 1, 0, 2027), (12, 1, 1, 3, 2026), (40, 3, 2, 5, 2027), (150, 8, 4, 9, 2028)],
)
def test_baseline_and_witness_obey_every_rule(
    works: int, requests: int, years: int, seed: int, start_year: int
) -> None:
    raw, witness = generate_with_witness(works, requests, years, seed, start_year)
    scenario = built(raw)
    assert check_baseline(scenario) == []
    # The witness schedules every request (mandatory and optional): feasible by construction.
    assert set(witness) == {item.id for item in scenario.items}
    plan = witness_plan(scenario, witness)
    assert check(scenario, plan) == []
    assert all(plan[request.id].scheduled for request in scenario.requests)


def test_many_seeds_stay_clean() -> None:
    for seed in range(12):
        raw, witness = generate_with_witness(60, 5, 1 + seed % 4, seed, 2025 + seed % 5)
        scenario = built(raw)
        assert check_baseline(scenario) == [], seed
        assert check(scenario, witness_plan(scenario, witness)) == [], seed


def test_counts_and_horizon_match_the_arguments() -> None:
    # 2026 has 53 ISO weeks, 2027 has 52: two years run from 2026-W01 to 2027-W52.
    raw = generate(50, 7, 2, seed=1, start_year=2026)
    scenario = built(raw)
    assert (len(scenario.works), len(scenario.requests)) == (50, 7)
    assert (scenario.horizon.start, scenario.horizon.end) == ("2026-W01", "2027-W52")
    assert scenario.horizon.length == 53 + 52
    one = built(generate(5, 0, 1, seed=1, start_year=2026))
    assert (one.horizon.start, one.horizon.end) == ("2026-W01", "2026-W53")
    assert one.requests == []


def test_same_seed_same_scenario_and_other_seed_another() -> None:
    assert generate(80, 5, 3, seed=4) == generate(80, 5, 3, seed=4)
    assert generate(80, 5, 3, seed=4) != generate(80, 5, 3, seed=5)


@pytest.mark.parametrize("profile", ["classic", "coupled"])
def test_deterministic_across_processes(profile: str) -> None:
    """String hashing differs per process; the scenario must not depend on it."""
    code = (
        "import json, sys; from scheduler.generate import generate; "
        f"json.dump(generate(120, 6, 2, 3, profile={profile!r}), sys.stdout, sort_keys=True)"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    here = generate(120, 6, 2, 3, profile=profile)
    assert json.loads(outputs[0]) == json.loads(json.dumps(here, sort_keys=True))


def test_classic_output_is_what_it_was_before_the_split(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    """Benchmark series compare across commits: the classic profile's scenario and witness
    for a seed must not change. Digests taken from the single-module generator."""

    def digest(raw: dict[str, Any], witness: dict[str, str]) -> str:
        text = json.dumps([raw, witness], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    raw, witness, _ = medium
    assert digest(raw, witness) == (
        "9c5241339d5411476c33cba6de79b395a6e45708d2ad9b12b7dacd681ba2a806"
    )
    assert digest(*generate_with_witness(40, 3, 2, 5, 2027)) == (
        "d8d112b7a7390c82451714d1c7b12703f17f9e3c6f50a5a76de3312a3f70a7da"
    )


def test_every_rule_type_is_present(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, _, scenario = medium
    rules = scenario.rules
    assert rules.breeding_season is not None
    assert (rules.breeding_season.from_, rules.breeding_season.to) == ("03-15", "07-15")
    assert set(rules.breeding_season.kinds) == {Kind.TREE, Kind.GREEN}
    assert rules.breekverbod_years == 3
    assert [(m.per, set(m.kinds)) for m in rules.max_concurrent] == [
        ("wijk", {Kind.ROAD, Kind.SEWER, Kind.HEAT})
    ]
    assert rules.max_concurrent[0].limit >= 2
    events = {event.name: event for event in rules.events}
    for year in (2027, 2028, 2029, 2030):
        glow, ddw = events[f"GLOW {year}"], events[f"Dutch Design Week {year}"]
        assert glow.areas == ["WK077201"]  # Centrum
        assert weeks.monday(weeks.parse_week(glow.from_)).month in (10, 11)
        assert weeks.monday(weeks.parse_week(glow.to)).month == 11
        assert ddw.areas == ["WK077201", "WK077202"]  # Centrum and Strijp
        assert weeks.monday(weeks.parse_week(ddw.from_)).month == 10
    # Every resource has a bouwvak (or summer) and Christmas exception in every year.
    for resource in scenario.resources:
        summers = {e.from_[:4] for e in resource.exceptions if "-W29" <= e.from_[4:] <= "-W31"}
        assert summers == {"2027", "2028", "2029", "2030"}, resource.id
        assert any(e.to.endswith("-W01") and e.from_.endswith("-W52") for e in resource.exceptions)


def test_programme_features_are_present(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, _, scenario = medium
    works = scenario.works
    assert {work.kind for work in works} == set(Kind)
    assert any(work.pinned for work in works)
    assert any(work.max_shift is not None for work in works)
    assert any(work.earliest is not None and work.latest_finish is not None for work in works)
    # "Werk met werk": a road after a digging work in the same street, dig first.
    by_id = scenario.item_by_id
    pairs = [
        (by_id[dep.work], work)
        for work in works
        for dep in work.after
        if work.resurfaces and by_id[dep.work].digs and by_id[dep.work].street == work.street
    ]
    assert pairs
    for digger, road in pairs:
        assert scenario.planned(road) >= scenario.planned(digger) + digger.duration  # type: ignore
    assert any(len(work.after) for work in works if work.kind == Kind.ROAD)


def test_requests_mix_emergency_mandatory_and_optional(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, _, scenario = medium
    emergency = [r for r in scenario.requests if r.emergency]
    assert emergency
    for request in emergency:
        assert (request.kind, request.duration, request.mandatory) == (Kind.TREE, 1, True)
        assert "plakoksel" in request.name and "BW 6:162" in (request.reason or "")
        first, last = scenario.window(request)
        assert last - first + 1 <= 7  # a deadline a few weeks out
    assert any(r.mandatory and not r.emergency for r in scenario.requests)
    assert any(not r.mandatory and r.value > 1 for r in scenario.requests)
    for request in scenario.requests:
        assert (request.requested_by or "").startswith("Wijkambtenaar")


def test_requests_really_displace_works() -> None:
    """A mandatory request fits nowhere in its window while the baseline stands still."""
    scenario = built(generate(80, 6, 4, seed=2))

    def fits_beside_baseline(request: Request, start: int) -> bool:
        plan = Plan.from_starts(scenario, {request.id: start})
        return not [v for v in check(scenario, plan) if v.rule != "mandatory"]

    blocked = []
    for request in scenario.requests:
        first, last = scenario.window(request)
        starts = range(first, last - request.duration + 2)
        if request.mandatory and not any(fits_beside_baseline(request, t) for t in starts):
            blocked.append(request.id)
    assert len(blocked) >= 2, blocked


def test_ranges_and_sizes(medium: tuple[dict[str, Any], dict[str, str], Scenario]) -> None:
    _, _, scenario = medium
    wijken = [a.code for a in scenario.areas if a.code.startswith("WK")]
    buurten = [a.code for a in scenario.areas if a.code.startswith("BU")]
    assert 3 <= len(wijken) <= 20 and 3 * len(wijken) <= len(buurten) <= 120
    assert all(wijk_of(code) in wijken for code in buurten)
    assert all(code.startswith("WK0772") for code in wijken)
    assert 8 <= len(scenario.resources) <= 15
    assert 6 <= len(scenario.budgets) <= 10
    for budget in scenario.budgets:
        assert sorted(budget.per_year) == [2027, 2028, 2029, 2030]
    durations: dict[Kind, list[int]] = {}
    for work in scenario.works:
        durations.setdefault(work.kind, []).append(work.duration)
    assert all(1 <= d <= 26 for ds in durations.values() for d in ds)
    assert set(durations[Kind.TREE]) <= {1, 2}
    assert min(durations[Kind.SEWER]) >= 8 and max(durations[Kind.SEWER]) <= 20
    short = sum(1 for work in scenario.works if work.duration <= 6)
    assert short > len(scenario.works) / 2  # mostly short
    costs = [work.cost for work in scenario.works]
    assert min(costs) < 10_000 and max(costs) > 1_000_000
    mix = Counter(work.kind for work in scenario.works)
    assert mix[Kind.ROAD] == max(mix.values())


def test_budgets_leave_head_room_but_not_everywhere(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, witness, scenario = medium
    spend = witness_plan(scenario, witness).budget_use(scenario)
    base = Plan.baseline(scenario).budget_use(scenario)
    slack = {}
    for budget in scenario.budgets:
        for year, amount in budget.per_year.items():
            need = max(spend.get((budget.id, year), 0), base.get((budget.id, year), 0))
            if need:
                slack[(budget.id, year)] = (amount - need) / need
    assert all(value >= 0 for value in slack.values())
    assert min(slack.values()) < 0.06 and max(slack.values()) > 0.10


def test_capacities_are_tight_in_places(
    medium: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    """Every crew that has work is at least 70 % busy in its busiest week; the big ones full."""
    _, _, scenario = medium
    peak: Counter[str] = Counter()
    for (rid, _), units in Plan.baseline(scenario).load(scenario).items():
        peak[rid] = max(peak[rid], units)
    for resource in scenario.resources:
        assert peak[resource.id] >= 0.7 * resource.capacity, resource.id
    for rid in ("riool-aannemer", "wegen-aannemer"):
        assert peak[rid] == scenario.resource_by_id[rid].capacity


def test_largest_cities_fill_every_range() -> None:
    """2,000 works: 20 wijken, at most 120 buurten; validates, clean baseline, in seconds."""
    began = time.perf_counter()
    raw = generate(2000, 40, 4, seed=2)
    generated = time.perf_counter() - began
    scenario = built(raw)
    assert len(scenario.works) == 2000
    assert len([a for a in scenario.areas if a.code.startswith("WK")]) == 20
    assert len([a for a in scenario.areas if a.code.startswith("BU")]) <= 120
    assert (len(scenario.resources), len(scenario.budgets)) == (12, 8)
    assert check_baseline(scenario) == []
    assert generated < 5


def test_five_thousand_works_in_a_few_seconds() -> None:
    began = time.perf_counter()
    raw = generate(5000, 100, 4, seed=3)
    assert time.perf_counter() - began < 10
    assert len(raw["works"]) == 5000 and len(raw["resources"]) == 15 and len(raw["budgets"]) == 10


def test_write_yaml_round_trips_atomically(tmp_path: Path) -> None:
    raw = generate(30, 3, 2, seed=8)
    target = tmp_path / "programma.yaml"
    target.write_text("oud", encoding="utf-8")
    write_yaml(raw, target, header="Gegenereerd (seed 8)\nillustratief")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Gegenereerd (seed 8)\n# illustratief\n")
    assert load_scenario(target) == built(raw)
    assert [p.name for p in tmp_path.iterdir()] == ["programma.yaml"]  # no temp file left
    fresh = tmp_path / "nieuw.yaml"
    write_yaml(raw, fresh)
    assert fresh.stat().st_mode & 0o777 == 0o644


def test_write_yaml_failure_leaves_no_trace(tmp_path: Path) -> None:
    from scheduler.errors import OutputError, ScenarioError

    raw = generate(5, 0, 1, seed=1)
    with pytest.raises(OutputError, match="does not exist"):
        write_yaml(raw, tmp_path / "missing" / "x.yaml")
    with pytest.raises(ScenarioError, match="bad: unknown field 'bad'"):
        write_yaml({**raw, "bad": object()}, tmp_path / "x.yaml")
    folder = tmp_path / "map.yaml"
    folder.mkdir()
    with pytest.raises(OutputError):  # a folder in the way: nothing may be left behind
        write_yaml(raw, folder)
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 1, 4, 1), "works must be at least 1"),
        ((5, -1, 4, 1), "requests at least 0"),
        ((5, 1, 0, 1), "years must be 1..20"),
    ],
)
def test_bad_arguments_are_refused(args: tuple[int, int, int, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(*args)


# -- the demo and the small example scenarios ------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return load_scenario(demo_path())


def test_demo_ships_as_package_data_and_as_a_file_in_scenarios() -> None:
    # A real file, not a link: a link does not survive a zip download or a Windows checkout.
    copy = ROOT / "scenarios" / "demo-eindhoven.yaml"
    assert copy.is_file() and not copy.is_symlink()
    assert copy.read_bytes() == demo_path().read_bytes()
    assert demo_path().parent.name == "data" and demo_path().parent.parent.name == "scheduler"


def test_demo_header_says_it_is_illustrative() -> None:
    head = demo_path().read_text(encoding="utf-8").splitlines()[:6]
    assert all(line.startswith("#") for line in head)
    assert "ILLUSTRATIEF" in "\n".join(head)


def test_demo_holds_a_whole_programme(demo: Scenario) -> None:
    assert check_baseline(demo) == []
    assert len(demo.works) >= 80
    wijken = {a.name for a in demo.areas if a.code.startswith("WK")}
    assert {"Centrum", "Strijp", "Woensel-Zuid", "Stratum", "Tongelre", "Gestel"} <= wijken
    assert {work.kind for work in demo.works} == set(Kind)
    assert len(demo.resources) >= 5 and len(demo.budgets) >= 4
    for resource in demo.resources:
        years = {e.from_[:4] for e in resource.exceptions if "W29" <= e.from_[5:] <= "W33"}
        assert years == {"2027", "2028", "2029", "2030"}, resource.id  # bouwvak/summer
        assert sum(e.from_.endswith("-W52") for e in resource.exceptions) == 4  # Christmas
    rules = demo.rules
    assert rules.breeding_season is not None and rules.breekverbod_years == 3
    names = " ".join(event.name for event in rules.events)
    assert "GLOW" in names and "Dutch Design Week" in names
    assert rules.max_concurrent
    assert any(w.pinned for w in demo.works) and any(w.max_shift for w in demo.works)
    assert any(w.after for w in demo.works)


def test_demo_requests(demo: Scenario) -> None:
    assert len(demo.requests) >= 4
    trees = [r for r in demo.requests if r.kind == Kind.TREE and "plakoksel" in r.name]
    assert trees and trees[0].emergency and trees[0].mandatory
    assert "BW 6:162" in (trees[0].reason or "")
    assert (trees[0].requested_by or "").startswith("Wijkambtenaar")
    assert any(not r.mandatory and r.value > 1 for r in demo.requests)


def test_demo_solves_with_a_chain_of_two(demo: Scenario) -> None:
    """R-2 needs a sewer crew in 2027-W14..W22, where both crews are busy with W-301
    (pinned) and W-101 (which cannot start before 2027-W10). So W-101 must start after
    R-2, at 2027-W18 at the earliest, and W-102, which follows W-101 in the Kanaalstraat,
    must move too: every feasible plan holds the chain R-2 -> W-101 -> W-102."""
    result = solve(demo, time_limit=60, workers=2, seed=0)
    assert result.status == SolveStatus.OPTIMAL
    plan = result.plan
    assert plan is not None and check(demo, plan) == []
    assert all(plan[r.id].scheduled for r in demo.requests)
    # The optimum, summed from the plan the solver found (weight x weeks + 10 per work):
    # W-101 3x8+10, W-102 2x8+10, W-202 2x8+10, W-110 1x2+10, W-401 1x4+10, W-606 1x10+10.
    assert plan.displacement_cost(demo) == 132
    assert plan["W-101"].start >= weeks.parse_week("2027-W18")  # type: ignore[operator]
    chains = {chain for request in explain(demo, plan).requests for chain in request.chains}
    assert any(chain[:3] == ("R-2", "W-101", "W-102") for chain in chains)


def solved(name: str) -> tuple[Scenario, Plan]:
    scenario = load_scenario(ROOT / "scenarios" / name)
    result = solve(scenario, time_limit=20, workers=2, seed=0)
    assert result.status == SolveStatus.OPTIMAL and result.plan is not None
    assert check(scenario, result.plan) == []
    return scenario, result.plan


def test_budget_squeeze_pushes_a_work_into_the_next_year() -> None:
    # Worked out in the file's header: W-2 three weeks later, cost 2 x 3 + 10 = 16.
    scenario, plan = solved("budget-squeeze.yaml")
    assert plan.displacement_cost(scenario) == 16
    assert [item.id for item in plan.moved()] == ["W-2"]
    assert plan["W-2"].start == weeks.parse_week("2027-W51")
    assert plan.budget_use(scenario)[("wegen", 2027)] <= 500_000


def test_makespan_small_follows_johnsons_rule() -> None:
    # Two-machine flow shop (header of the file): optimum 11 weeks.
    scenario, plan = solved("makespan-small.yaml")
    assert plan.makespan(scenario) == 11


def test_breeding_season_lets_the_emergency_through_and_rejects_the_rest() -> None:
    scenario, plan = solved("breeding-season-emergency.yaml")
    assert plan["R-1"].start in (weeks.parse_week("2027-W16"), weeks.parse_week("2027-W17"))
    assert not plan["R-2"].scheduled
    assert plan.displacement_cost(scenario) == 0


def test_the_solver_places_generated_requests_by_displacing_works() -> None:
    scenario = built(generate(40, 3, 2, seed=5))
    result = solve(scenario, time_limit=30, workers=2, seed=0)
    assert result.status == SolveStatus.OPTIMAL and result.plan is not None
    assert check(scenario, result.plan) == []
    assert all(result.plan[r.id].scheduled for r in scenario.requests)
    assert result.plan.moved()


# -- the coupled profile ----------------------------------------------------------------------

SHARED = ("toezicht", "verkeersregelaars")


@pytest.fixture(scope="module")
def coupled() -> tuple[dict[str, Any], dict[str, str], Scenario]:
    """200 works, 10 requests, 5 years in the coupled profile."""
    raw, witness = generate_with_witness(200, 10, 5, seed=3, profile="coupled")
    return raw, witness, built(raw)


def test_coupled_works_need_their_crew_and_shared_crews_at_once(
    coupled: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, _, scenario = coupled
    works = scenario.works
    assert sum(len(work.demand) for work in works) / len(works) >= 2
    own = {Kind.SEWER: "riool-aannemer", Kind.ROAD: "wegen-aannemer", Kind.HEAT: "warmte-aannemer"}
    for work in works:
        if work.kind in (Kind.SEWER, Kind.HEAT):
            assert {own[work.kind], *SHARED} <= set(work.demand), work.id
        elif work.kind == Kind.ROAD:
            assert {own[work.kind], "toezicht"} <= set(work.demand), work.id
        assert len(work.demand) >= (1 if work.kind in (Kind.TREE, Kind.GREEN) else 2), work.id
    kinds_of: dict[str, set[Kind]] = {}
    for work in works:
        for rid in work.demand:
            kinds_of.setdefault(rid, set()).add(work.kind)
    assert len(kinds_of["toezicht"]) >= 3 and len(kinds_of["verkeersregelaars"]) >= 3
    assert {Kind.ROAD, Kind.SEWER, Kind.HEAT} <= kinds_of["toezicht"]
    for request in scenario.requests:
        assert len(request.demand) >= 2, request.id


def test_coupled_shared_crews_are_tight(
    coupled: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    """The current plan uses each shared crew at 80 % or more in a fifth of the weeks
    at least, and fills it to the last unit somewhere."""
    _, _, scenario = coupled
    load = Plan.baseline(scenario).load(scenario)
    for rid in SHARED:
        capacity = scenario.resource_by_id[rid].capacity
        use = [units for (r, _), units in load.items() if r == rid]
        busy = sum(1 for units in use if units >= 0.8 * capacity)
        assert busy >= scenario.horizon.length / 5, (rid, busy)
        assert max(use) == capacity, rid


def test_coupled_budgets_bind_in_every_line_and_year(
    coupled: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    """per_year = ceil(spend / u), u in [0.92, 0.98]: the plan spends 92-98 % of every
    line in every year it spends on it; the witness fits as well."""
    _, witness, scenario = coupled
    base = Plan.baseline(scenario).budget_use(scenario)
    after = witness_plan(scenario, witness).budget_use(scenario)
    used = []
    for budget in scenario.budgets:
        assert sorted(budget.per_year) == [2027, 2028, 2029, 2030, 2031]
        for year, amount in budget.per_year.items():
            spent = base.get((budget.id, year), 0)
            assert after.get((budget.id, year), 0) <= amount
            if spent:
                used.append(spent / amount)
                assert 0.92 <= spent / amount <= 0.98, (budget.id, year, float(spent / amount))
    assert len(used) >= 0.9 * len(scenario.budgets) * 5


@pytest.mark.parametrize(("works", "years", "seed"), [(30, 2, 1), (120, 3, 2), (200, 5, 3)])
def test_coupled_baseline_and_witness_pass_the_checker(works: int, years: int, seed: int) -> None:
    raw, witness = generate_with_witness(works, 6, years, seed, profile="coupled")
    scenario = built(raw)
    assert check_baseline(scenario) == []
    plan = witness_plan(scenario, witness)
    assert check(scenario, plan) == []
    assert all(plan[request.id].scheduled for request in scenario.requests)
    assert sum(request.mandatory for request in scenario.requests) >= 3
    assert plan.moved(), "placing the requests moves works"


def test_coupled_requests_mix_and_need_displacement(
    coupled: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    """Mostly mandatory, some emergency trees; several mandatory requests fit nowhere in
    their window while the current plan stands still."""
    _, _, scenario = coupled
    requests = scenario.requests
    assert sum(r.mandatory for r in requests) >= 6
    assert any(r.emergency and r.kind == Kind.TREE for r in requests)
    assert any(not r.mandatory and r.value > 1 for r in requests)
    assert sum(1 for r in requests if r.cost > 0) >= 8

    def fits_beside_baseline(request: Request, start: int) -> bool:
        plan = Plan.from_starts(scenario, {request.id: start})
        return not [v for v in check(scenario, plan) if v.rule != "mandatory"]

    blocked = [
        r.id
        for r in requests
        if r.mandatory
        and not any(
            fits_beside_baseline(r, t)
            for t in range(scenario.window(r)[0], scenario.window(r)[1] - r.duration + 2)
        )
    ]
    assert len(blocked) >= 3, blocked


def test_coupled_has_every_rule_of_the_street(
    coupled: tuple[dict[str, Any], dict[str, str], Scenario],
) -> None:
    _, _, scenario = coupled
    rules = scenario.rules
    assert rules.breeding_season is not None and rules.breekverbod_years == 3
    assert rules.events and rules.max_concurrent[0].per == "wijk"
    works = scenario.works
    assert any(w.after for w in works) and any(w.pinned for w in works)
    assert any(w.max_shift is not None for w in works)
    streets = Counter((w.area, w.street) for w in works if w.street and (w.digs or w.resurfaces))
    assert any(count >= 2 for count in streets.values())  # breekverbod pairs


def test_coupled_same_seed_same_bytes_through_the_command(tmp_path: Path) -> None:
    from scheduler.cli import main

    args = ["generate", "--profile", "coupled", "--works", "60", "--requests", "5",
            "--years", "3", "--seed", "7"]
    outputs = []
    for name in ("a", "b"):
        out, proof = tmp_path / f"{name}.yaml", tmp_path / f"{name}.json"
        assert main([*args, "-o", str(out), "--witness", str(proof)]) == 0
        outputs.append((out.read_bytes(), proof.read_bytes()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].startswith(b"# plooi generate --profile coupled --works 60")
    scenario = load_scenario(tmp_path / "a.yaml")
    document = json.loads(outputs[0][1])
    assert (document["format"], document["status"]) == ("plooi-result/1", "feasible")
    from scheduler.io.result_read import plan_from_result

    plan = plan_from_result(scenario, tmp_path / "a.json")
    assert check(scenario, plan) == []
    assert document["displacement_cost"] == plan.displacement_cost(scenario) > 0
    other = tmp_path / "c.yaml"
    assert main([*args[:-1], "8", "-o", str(other)]) == 0
    assert other.read_bytes() != outputs[0][0]


def test_the_witness_may_not_overwrite_the_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scheduler.cli import main

    out = tmp_path / "x.yaml"
    args = ["generate", "--profile", "coupled", "--works", "5", "-o", str(out), "--lang", "en"]
    assert main([*args, "--witness", str(tmp_path / "." / "x.yaml")]) == 2
    assert "--witness: must be another file than --out" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_profile_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scheduler.cli import main

    with pytest.raises(ValueError, match="profile must be one of classic, coupled, not 'x'"):
        generate(10, 1, 1, seed=1, profile="x")
    out = tmp_path / "x.yaml"
    assert main(["generate", "--profile", "x", "--works", "5", "-o", str(out)]) == 2
    assert "--profile: onbekend profiel 'x' (classic, coupled)" in capsys.readouterr().err
    assert not out.exists()


def test_tiny_coupled_programme_solves_at_most_at_the_witness_cost() -> None:
    from scheduler.workflow import solve_scenario

    raw, witness = generate_with_witness(30, 4, 2, seed=1, profile="coupled")
    scenario = built(raw)
    bound = witness_plan(scenario, witness).displacement_cost(scenario)
    outcome = solve_scenario(scenario, "tiny", time_limit=30, workers=2, seed=0)
    plan = outcome.result.plan
    assert plan is not None and check(scenario, plan) == []
    assert all(plan[r.id].scheduled for r in scenario.requests if r.mandatory)
    assert outcome.status == SolveStatus.OPTIMAL
    assert 0 < plan.displacement_cost(scenario) <= bound


def test_coupled_two_thousand_works_are_generated_whole() -> None:
    # How fast is measured in benchmarks/coupled_instances.py, not here.
    raw = generate(2000, 10, 5, seed=1, profile="coupled")
    assert len(raw["works"]) == 2000 and len(raw["requests"]) == 10
