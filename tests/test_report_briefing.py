"""The neutral briefing: every sentence and figure, checked on the tiny scenario whose optimum
is worked out by hand in test_report_fixtures.py (W-1 +1 week for crew, W-2 +21 weeks for
budget, R-3 rejected, displacement cost 42)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from scheduler.plan import SolveStatus
from scheduler.report import numbers
from scheduler.report.briefing import Briefing, build_briefing
from scheduler.report.briefing_risks import RiskSettings
from scheduler.report.charts import gantt_pages
from scheduler.solver.run import SolveResult
from scheduler.workflow import SolveOutcome
from tests.test_report_fixtures import (
    INFEASIBLE,
    NO_REQUESTS,
    TWO_CREWS,
    XSS,
    solved,
    tiny,
    witness_outcome,
)

DAY = date(2027, 3, 1)


def brief(lang: str = "nl", **kwargs: object) -> Briefing:
    return build_briefing([tiny()], lang=lang, made_on=DAY, **kwargs)  # type: ignore[arg-type]


def test_key_message_says_what_was_asked_recommended_moved_and_costs() -> None:
    assert brief().key_message == (
        "Gevraagd is om R-1 (Rooien boom met plakoksel), R-2 (@Speeltoestel) en R-3 (Kolken "
        "vervangen) in te plannen in het programma van 4 werken.",
        "Advies: plan 2 verzoeken in en wijs 1 optioneel verzoek af (R-3); alle regels blijven "
        "gerespecteerd en geen ander plan verschuift minder.",
        # 1 + 21 weeks; cost 11 + 31 = 42 (see the fixture's docstring)
        "Daarvoor schuiven 2 werken, samen 22 weken (verschuivingskosten 42 punten); het meest "
        f"W-2 ({XSS}): +21 weken, van 2027-W30 naar 2027-W51.",
        # R-1 4.500 + R-2 50.000; bomen 2027: 100.000 - 94.500 = 5.500 left
        "De ingeplande verzoeken kosten € 54.500, ten laste van Bomenbeheerplan; alle "
        "budgetlijnen blijven binnen hun jaarbedrag; de kleinste ruimte is € 5.500 op "
        "Bomenbeheerplan 2027.",
    )


def test_key_message_in_english() -> None:
    message = brief("en").key_message
    assert message[1] == ("Recommendation: schedule 2 requests and reject 1 optional request "
                          "(R-3); every rule is kept and no other plan moves less.")
    assert message[3].startswith("The scheduled requests cost €54,500, charged to "
                                 "Bomenbeheerplan;")


def test_requests_with_outcome_reason_requester_and_what_they_displace() -> None:
    rows = {r.id: r for r in brief().requests}
    assert [(r.id, r.outcome, r.weeks, r.window) for r in rows.values()] == [
        ("R-1", "placed", "2027-W10", "2027-W10"),
        ("R-2", "accepted", "2027-W40..W41", "2027-W40..W45"),
        ("R-3", "rejected", "—", "2027-W22..W25"),
    ]
    assert rows["R-1"].requested_by == "Wijkambtenaar Centrum"
    assert rows["R-1"].reason == "Plakoksel: risico op splijten"
    assert rows["R-3"].outcome_text == "afgewezen (optioneel)"
    assert rows["R-2"].displaced == ("W-2",)


def test_displacements_from_to_shift_cause_and_chain() -> None:
    lines = brief().displacements
    assert [(d.id, d.planned, d.start, d.shift, d.cost) for d in lines] == [
        ("W-1", "2027-W10", "2027-W11", 1, 11),
        ("W-2", "2027-W30", "2027-W51", 21, 31),
    ]
    assert lines[0].causes == ("capaciteit van groen in 2027-W10 is bezet door R-1",)
    assert lines[0].chains == ("R-1 -> W-1",)
    assert lines[1].causes[0].startswith("budget bomen 2027 (€ 100.000) is al besteed aan")
    assert "R-2 -> W-2" in lines[1].chains


def test_budgets_before_and_after_per_line_and_year() -> None:
    rows = {(b.line, b.year): b for b in brief().budgets}
    # before: W-1 20.000 + W-2 30.000 in 2027; after: W-1 20.000 + W-2 2/3 of 30.000
    # (2 of its 3 weeks in 2027) + R-1 4.500 + R-2 50.000 = 94.500, the rest 10.000 in 2028.
    assert (rows[("bomen", 2027)].before, rows[("bomen", 2027)].after) == (50000, 94500)
    assert (rows[("bomen", 2028)].before, rows[("bomen", 2028)].after) == (0, 10000)
    assert rows[("bomen", 2027)].headroom == Fraction(5500)
    assert rows[("bomen", 2027)].state == "ok"  # 94.5 % < the 95 % risk line
    assert rows[("grp", 2027)].after == 500000  # R-3 rejected: nothing new on the GRP


def test_budget_state_follows_the_risk_setting() -> None:
    rows = {(b.line, b.year): b for b in brief(settings=RiskSettings(budget_share=0.9)).budgets}
    assert rows[("bomen", 2027)].state == "tight"


def test_risks_name_window_ends_full_crews_and_tight_budgets() -> None:
    risks = brief().risks
    assert [(r.kind, r.subject) for r in risks] == [
        ("window_end", "R-1"),  # finishes in the last week of its window
        ("window_end", "R-2"),  # W41, window ends W45: 4 weeks to spare
        ("crew_full", "riool"),  # W-3 (10 weeks) and W-4 (4 weeks) fill the one unit
        ("crew_full", "groen"),  # W-1 (2), R-1 (1), W-2 (3): 6 weeks, 5 before
    ]
    assert risks[2].text == ("ploeg riool (Rioolaannemer) zit 14 weken vol (voor: 14); "
                             "langste aaneengesloten periode 2027-W20..W29")
    tight = brief(settings=RiskSettings(window_weeks=0, budget_share=0.9)).risks
    assert [(r.kind, r.subject) for r in tight if r.kind != "crew_full"] == [
        ("window_end", "R-1"), ("budget_tight", "bomen 2027")]


def test_gantt_puts_affected_items_first_and_folds_the_rest() -> None:
    gantt = brief().gantt
    assert [(g.title, [r.id for r in g.rows], [r.id for r in g.folded]) for g in gantt.groups] == [
        ("Centrum (WK077210)", ["R-1", "W-1", "R-2", "W-2"], []),
        ("Stratum (WK077211)", ["R-3"], ["W-3", "W-4"]),
    ]
    rows = {r.id: r for r in gantt.rows}
    assert rows["W-1"].kind == "moved" and rows["R-3"].kind == "rejected"
    # Changes run from R-1's W10 to W-2's 2028-W01; with 4 weeks' margin, rounded out to
    # quarters: 2027-W01 .. the end of 2028's first quarter (2028-W13).
    assert numbers_span(gantt.focus) == ("2027-W01", "2028-W13")
    by_kind = brief(group_by="kind").gantt
    assert [g.title for g in by_kind.groups][:2] == ["groen", "bomen"]


def numbers_span(span: tuple[int, int]) -> tuple[str, str]:
    from scheduler import weeks

    return weeks.format_week(span[0]), weeks.format_week(span[1])


def test_method_note_states_proof_time_and_checker() -> None:
    method = brief().method
    assert method.proven
    assert method.paragraphs[1] == ("Uitkomst: optimaal, en dat is bewezen: geen plan binnen de "
                                    "regels doet het beter.")
    assert method.paragraphs[2].startswith("Rekentijd ")
    assert "(limiet 10,0 s), seed 0" in method.paragraphs[2]
    assert [stage[0] for stage in method.stages] == ["waarde verzoeken", "verschuiving"]


def test_infeasible_scenario_gets_the_conflict_instead_of_a_plan() -> None:
    b = build_briefing([solved(INFEASIBLE)], made_on=DAY)
    assert not b.has_plan
    assert b.displacements == ()
    assert {r.outcome for r in b.requests} == {"unplaced"}
    assert "capaciteit van groen (0 per week) in 2027-W10" in b.conflict
    assert b.key_message[1].startswith("Dit past niet binnen de regels: ")
    assert len(b.key_message) == 2


def test_no_plan_within_the_time_limit_says_so() -> None:
    outcome = tiny()
    result = SolveResult(SolveStatus.UNKNOWN, None, [], outcome.result.settings, 1.0)
    unknown = SolveOutcome(outcome.scenario, "te kort", result, None, [], [])
    b = build_briefing([unknown], made_on=DAY)
    assert b.key_message[1] == ("Binnen de rekentijd is geen plan gevonden, dus er is nog geen "
                                "advies. Geef de berekening meer tijd (--time-limit).")
    assert b.method.paragraphs[1] == "Uitkomst: geen plan gevonden binnen de rekentijd."
    assert [r.outcome for r in b.requests] == ["unplaced"] * 3


def test_a_programme_without_requests() -> None:
    b = build_briefing([solved(NO_REQUESTS)], made_on=DAY)
    assert b.key_message == (
        "Er zijn geen nieuwe verzoeken; dit is het programma van 4 werken.",
        "Advies: het programma blijft zoals het is; alle regels blijven gerespecteerd en geen "
        "ander plan verschuift minder.",
        "Er verschuift geen enkel werk uit het programma.",
        "Alle budgetlijnen blijven binnen hun jaarbedrag; de kleinste ruimte is € 50.000 op "
        "Bomenbeheerplan 2027.",
    )


def test_comparison_lists_kpis_side_by_side_and_dates_that_differ() -> None:
    b = build_briefing([tiny(), solved(TWO_CREWS)], made_on=DAY)
    c = b.comparison
    assert c is not None
    assert c.names == ("Proef Vestdijk", "Twee ploegen")
    rows = {row.key: row for row in c.rows}
    assert rows["moved"].values == ("2", "1") and rows["moved"].best == (1,)
    assert rows["displacement_cost"].values == ("42", "31")
    assert not rows["request_cost"].differs
    # Only W-1 differs: W11 (+1) with one crew unit, its planned W10 with two.
    assert [(d.id, d.cells) for d in c.diffs] == [("W-1", ("2027-W11 (+1)", "2027-W10"))]


def test_numbers_are_written_as_readers_write_them() -> None:
    assert numbers.money(94500, "nl") == "€ 94.500"
    assert numbers.money(94500, "en") == "€94,500"
    assert numbers.money(Fraction(-10001, 2), "nl") == "-€ 5.001"  # -5000.5 rounds away
    assert numbers.money(Fraction(1, 2), "nl") == "€ 1"
    assert numbers.percent(0.945, "nl", 1) == "94,5%"
    assert numbers.number(1234567.25, "en", 1) == "1,234,567.3"
    assert numbers.listing(["A", "B", "C"], "nl") == "A, B en C"
    assert numbers.listing([str(i) for i in range(8)], "en", limit=3) == "0, 1, 2 and 5 more"
    assert numbers.day(date(2027, 3, 1), "nl") == "1 maart 2027"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        build_briefing([tiny()], lang="de")


def test_a_2000_work_programme_stays_readable() -> None:
    """The generator's witness for 2,000 works: only affected items get rows, in pages of
    at most 44 rows with their group heading; the rest is folded per wijk."""
    outcome = witness_outcome(2000, 30, 5, 1)
    b = build_briefing([outcome], made_on=DAY)
    affected = sum(len(g.rows) for g in b.gantt.groups)
    folded = sum(len(g.folded) for g in b.gantt.groups)
    assert affected == 30 + len(b.displacements)
    assert affected + folded == 2030
    assert affected < 100  # the chart shows tens of rows, not thousands
    pages = gantt_pages(b.gantt, 44)
    assert all(len(page) <= 44 and page[0][1] is None for page in pages)
    assert sum(1 for page in pages for _, row in page if row is not None) == affected
    for group in b.risk_groups:
        assert len(group.shown) <= RiskSettings().limit
