"""The text layer's one copy of week counts, week runs and item lists (scheduler/text/numbers.py)."""

from __future__ import annotations

from scheduler import weeks
from scheduler.explain import Cause
from scheduler.guards import Conflict, Guard
from scheduler.rules import Rule
from scheduler.text.causes import cause_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.numbers import (
    lag_tail,
    listing,
    signed_weeks,
    week_runs,
    weeks_count,
    weeks_text,
)
from tests.conftest import scenario


def test_one_week_is_singular_and_other_counts_are_plural() -> None:
    assert [weeks_count(n, "nl") for n in (0, 1, 2)] == ["0 weken", "1 week", "2 weken"]
    assert [weeks_count(n, "en") for n in (0, 1, 12)] == ["0 weeks", "1 week", "12 weeks"]
    assert lag_tail(0, "nl") == ""
    assert lag_tail(1, "nl") == " + 1 week" and lag_tail(3, "en") == " + 3 weeks"


def test_week_runs_join_consecutive_weeks_with_one_key() -> None:
    rows = [(5, 1), (3, 1), (4, 1), (6, 2), (9, 2)]
    assert week_runs(rows) == [(3, 5, 1), (6, 6, 2), (9, 9, 2)]
    w = weeks.parse_week
    ordinals = [w("2027-W12"), w("2027-W11"), w("2027-W13"), w("2027-W20")]
    assert weeks_text(ordinals) == "2027-W11..W13, 2027-W20"
    assert weeks_text([]) == ""


def test_listing_names_every_item_without_a_limit() -> None:
    ids = [f"W-{n}" for n in range(1, 8)]
    assert listing(ids, "nl") == "W-1, W-2, W-3, W-4, W-5 en 2 andere"
    assert listing(ids, "en", limit=None) == "W-1, W-2, W-3, W-4, W-5, W-6 and W-7"


def test_a_lag_of_one_week_reads_singular_in_causes_and_conflicts() -> None:
    """Was '+ 1 weken' / '+ 1 weeks' before plooi 8."""
    cause = Cause(Rule.AFTER, ("W-1",), weeks.parse_week("2027-W10"),
                  weeks.parse_week("2027-W10"), {"lag": 1})
    assert cause_text(cause, "nl") == "moet na W-1 komen (klaar in 2027-W10 + 1 week)"
    assert cause_text(cause, "en") == "must follow W-1 (finishes 2027-W10 + 1 week)"
    s = scenario("""
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10}
  - {id: W-2, name: b, kind: road, area: WK077210, duration: 1, planned_start: 2027-W12}
""")
    guards = (Guard("after:W-1->W-2", Rule.AFTER, ("W-1", "W-2"), {"lag": 1}),
              Guard("max_shift:W-2", Rule.MAX_SHIFT, ("W-2",), {"weeks": 1}))
    texts = [row["text"] for row in describe_conflict(s, Conflict(guards, True), "en")]
    assert texts == ["W-2 must come after W-1 + 1 week", "W-2 may move at most 1 week"]
    texts = [row["text"] for row in describe_conflict(s, Conflict(guards, True), "nl")]
    assert texts == ["W-2 moet na W-1 komen + 1 week", "W-2 mag hooguit 1 week schuiven"]


def test_a_shift_of_one_week_reads_singular() -> None:
    assert [signed_weeks(n, "nl") for n in (1, -1, 21)] == ["+1 week", "-1 week", "+21 weken"]
    assert [signed_weeks(n, "en") for n in (1, -3)] == ["+1 week", "-3 weeks"]
