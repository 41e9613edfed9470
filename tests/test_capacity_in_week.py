"""One "capacity of a resource in week w" for everything but the checker (scenario.py).

The solver's profile, the hand method, the explainer, conflicts, levers and the
reports all read Resource.capacity_in / capacity_profile; the checker keeps its own
plain loop, so the two are compared here on the edges: the exception's first and
last week, the weeks around it, and a profile that starts or ends inside one.
"""

from __future__ import annotations

from scheduler import weeks
from scheduler.check import _week_capacity
from scheduler.scenario import Resource, capacity_profile

W = weeks.parse_week

CREW = Resource.model_validate(
    {
        "id": "groen",
        "name": "Team Groen",
        "capacity": 2,
        "exceptions": [
            {"from": "2027-W30", "to": "2027-W32", "capacity": 0},
            {"from": "2027-W52", "to": "2028-W01", "capacity": 5},
        ],
    }
)


def test_capacity_in_a_week_is_the_exception_covering_it_else_the_base() -> None:
    expected = {
        "2027-W29": 2, "2027-W30": 0, "2027-W32": 0, "2027-W33": 2,
        "2027-W51": 2, "2027-W52": 5, "2028-W01": 5, "2028-W02": 2,
    }  # fmt: skip
    assert {week: CREW.capacity_in(W(week)) for week in expected} == expected


def test_the_profile_the_levers_and_the_checker_agree_week_by_week() -> None:
    first, last = W("2027-W31"), W("2028-W03")  # starts and ends inside or near exceptions
    profile = capacity_profile(CREW, first, last)
    assert list(profile) == list(range(first, last + 1))
    for week, capacity in profile.items():
        assert capacity == CREW.capacity_in(week)
        assert capacity == _week_capacity(CREW, week)
    assert profile[W("2027-W31")] == 0 and profile[W("2027-W33")] == 2
    assert profile[W("2028-W01")] == 5 and profile[W("2028-W03")] == 2


def test_a_resource_without_exceptions_has_its_base_everywhere() -> None:
    plain = Resource.model_validate({"id": "r", "name": "R", "capacity": 3})
    assert set(capacity_profile(plain, W("2027-W01"), W("2027-W52")).values()) == {3}
