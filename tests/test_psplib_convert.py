"""PSPLIB -> plooi scenario: the conversion keeps the RCPSP's meaning exactly.

The tiny instance below (worked by hand):

    activity  duration  demand (capacity 3)  successors
    0 source     0          0                 1, 2
    1            3          2                 3
    2            2          2                 4
    3            1          0                 4
    4 sink       0          0                 -

1 and 2 together need 4 > 3 units, so they run one after the other. 1 first:
1 in weeks 1-3, 3 in week 4 and 2 in weeks 4-5 -> makespan 5. 2 first: 2 in
weeks 1-2, 1 in 3-5, 3 in 6 -> 6. So the optimum is 5, while the longest chain
(1 then 3) is only 4.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is not installed

from benchmarks.rcpsp import (  # noqa: E402
    Rcpsp,
    bound_in_weeks,
    critical_path,
    reduce,
    serial_sgs,
    to_raw,
    to_scenario,
)
from scheduler.check import check  # noqa: E402
from scheduler.solver import solve  # noqa: E402

TINY = Rcpsp(
    name="tiny.sm",
    capacities=(3,),
    durations=(0, 3, 2, 1, 0),
    demands=((0,), (2,), (2,), (0,), (0,)),
    successors=((1, 2), (3,), (4,), (4,), ()),
)

TINY_SM = """\
************************************************************************
file with basedata            : tiny.bas
initial value random generator: 1
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  6
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PROJECT INFORMATION:
pronr.  #jobs rel.date duedate tardcost  MPM-Time
    1      3      0        5        0        5
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           5
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     1       0
  5      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
"""


def test_dummies_are_dropped_and_precedences_kept() -> None:
    raw = to_raw(TINY)
    works = {w["id"]: w for w in raw["works"]}
    assert sorted(works) == ["A1", "A2", "A3"]
    assert works["A3"]["after"] == [{"work": "A1", "lag": 0}]
    assert "after" not in works["A1"] and "after" not in works["A2"]
    assert works["A1"]["demand"] == {"R1": 2} and "demand" not in works["A3"]
    # horizon: the sum of the durations (3 + 2 + 1 = 6 weeks) from 2027-W01
    assert raw["horizon"] == {"start": "2027-W01", "end": "2027-W06"}
    assert raw["policy"]["objective"] == "makespan"
    assert all("planned_start" not in w for w in raw["works"])


def test_zero_duration_in_the_middle_carries_its_precedences_through() -> None:
    # 1 (2 weeks) -> 2 (0 weeks) -> 3 and 4: both 3 and 4 follow 1 directly.
    chain = Rcpsp(
        "chain.sm", (1,), (0, 2, 0, 1, 1, 0), ((0,),) * 6, ((1,), (2,), (3, 4), (5,), (5,), ())
    )
    reduced = reduce(chain)
    assert reduced.kept == (1, 3, 4)
    assert reduced.successors == {1: (3, 4), 3: (), 4: ()}
    assert critical_path(chain) == 3


def test_plooi_finds_the_hand_worked_optimum() -> None:
    scenario = to_scenario(TINY, time_limit=10, workers=1)
    result = solve(scenario, time_limit=10, workers=1)
    assert result.plan is not None and str(result.status) == "optimal"
    assert result.plan.makespan(scenario) == 5
    assert bound_in_weeks(scenario, result.bound) == 5
    assert check(scenario, result.plan) == []
    assert critical_path(TINY) == 4


def test_serial_schedule_is_feasible_and_a_valid_hint() -> None:
    starts = serial_sgs(TINY)
    # LST priority: 1 (latest start 2) before 2 (latest start 4): 1 at 0, 3 at 3, 2 at 3.
    assert starts == {1: 0, 2: 3, 3: 3}
    scenario = to_scenario(TINY, hints=starts)
    assert scenario.works[0].planned_start == "2027-W01"


def test_reading_a_psplib_file(tmp_path: Path) -> None:
    pytest.importorskip("psplib")
    from benchmarks.rcpsp import read_psplib

    path = tmp_path / "tiny.sm"
    path.write_text(TINY_SM, encoding="utf-8")
    assert read_psplib(path) == TINY


def test_the_peer_gets_the_same_instance() -> None:
    pytest.importorskip("pyjobshop")
    from benchmarks.rcpsp import solve_pyjobshop

    peer = solve_pyjobshop(TINY, time_limit=10, workers=1)
    assert (peer.makespan, peer.lower_bound, peer.status) == (5, 5, "optimal")
