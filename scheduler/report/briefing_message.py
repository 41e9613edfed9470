"""The briefing's key message: two to four plain sentences a council member reads first.

What was asked, what is recommended, what moves and what it costs, or, when
nothing fits, which rules clash. The sentences are built from the same lines
and figures the tables show, so the message and the tables never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence

from scheduler.compare import Kpis
from scheduler.plan import SolveStatus
from scheduler.report import numbers
from scheduler.report.briefing_tables import BudgetLine, DisplacementLine, RequestLine
from scheduler.workflow import SolveOutcome


def key_message(outcome: SolveOutcome, figures: Kpis, requests: Sequence[RequestLine],
                displacements: Sequence[DisplacementLine], budgets: Sequence[BudgetLine],
                conflict: Sequence[str], lang: str) -> list[str]:
    """2-4 plain sentences: what was asked, what is recommended, what moves, what it costs."""
    nl = lang == "nl"
    sentences = [_asked(outcome, requests, lang)]
    if outcome.status == SolveStatus.INFEASIBLE:
        clash = numbers.listing(list(conflict), lang, limit=3)
        sentences.append(
            f"Dit past niet binnen de regels: {clash}. Advies: kies welke van deze regels of "
            "deadlines kan wijken; geen enkel plan voldoet aan alle."
            if nl else
            f"This does not fit within the rules: {clash}. Recommendation: decide which of these "
            "rules or deadlines can give way; no plan satisfies all of them."
        )
        return sentences
    if outcome.result.plan is None:
        sentences.append(
            "Binnen de rekentijd is geen plan gevonden, dus er is nog geen advies. Geef de "
            "berekening meer tijd (--time-limit)."
            if nl else
            "No plan was found within the time limit, so there is no recommendation yet. Give "
            "the calculation more time (--time-limit)."
        )
        return sentences
    sentences.append(_recommended(figures, requests, lang))
    sentences.append(_moves(figures, displacements, bool(requests), lang))
    sentences.append(_costs(figures, requests, budgets, lang))
    return sentences


def _asked(outcome: SolveOutcome, requests: Sequence[RequestLine], lang: str) -> str:
    nl = lang == "nl"
    works = len(outcome.scenario.works)
    if not requests:
        return (f"Er zijn geen nieuwe verzoeken; dit is het programma van "
                f"{numbers.count(works, 'werk', 'werken')}." if nl else
                f"There are no new requests; this is the programme of "
                f"{numbers.count(works, 'work', 'works')}.")
    if len(requests) <= 3:
        named = numbers.listing([f"{r.id} ({r.name})" for r in requests], lang)
        return (f"Gevraagd is om {named} in te plannen in het programma van "
                f"{numbers.count(works, 'werk', 'werken')}." if nl else
                f"The request is to schedule {named} in the programme of "
                f"{numbers.count(works, 'work', 'works')}.")
    mandatory = sum(1 for r in requests if r.mandatory)
    optional = len(requests) - mandatory
    return (f"Gevraagd is om {len(requests)} verzoeken ({mandatory} verplicht, {optional} "
            f"optioneel) in te plannen in het programma van "
            f"{numbers.count(works, 'werk', 'werken')}." if nl else
            f"The request is to schedule {len(requests)} requests ({mandatory} mandatory, "
            f"{optional} optional) in the programme of {numbers.count(works, 'work', 'works')}.")


def _recommended(figures: Kpis, requests: Sequence[RequestLine], lang: str) -> str:
    nl = lang == "nl"
    rejected = [r.id for r in requests if r.outcome == "rejected"]
    scheduled = len(requests) - len(rejected)
    proven = figures.status == SolveStatus.OPTIMAL
    tail_nl = ("; alle regels blijven gerespecteerd en geen ander plan verschuift minder"
               if proven else "; alle regels blijven gerespecteerd")
    tail_en = ("; every rule is kept and no other plan moves less" if proven
               else "; every rule is kept")
    if not requests:
        return ("Advies: het programma blijft zoals het is" + tail_nl + "." if nl else
                "Recommendation: the programme stays as it is" + tail_en + ".")
    if not rejected:
        which_nl = {1: "het verzoek", 2: "beide verzoeken"}.get(
            scheduled, f"alle {scheduled} verzoeken")
        which_en = {1: "the request", 2: "both requests"}.get(
            scheduled, f"all {scheduled} requests")
        return (f"Advies: plan {which_nl} in zoals in deze brief{tail_nl}." if nl else
                f"Recommendation: schedule {which_en} as set out in this briefing{tail_en}.")
    ids = numbers.listing(rejected, lang)
    return (f"Advies: plan {numbers.count(scheduled, 'verzoek', 'verzoeken')} in en wijs "
            f"{numbers.count(len(rejected), 'optioneel verzoek', 'optionele verzoeken')} af "
            f"({ids}){tail_nl}." if nl else
            f"Recommendation: schedule {numbers.count(scheduled, 'request', 'requests')} and "
            f"reject {numbers.count(len(rejected), 'optional request', 'optional requests')} "
            f"({ids}){tail_en}.")


def _moves(figures: Kpis, displacements: Sequence[DisplacementLine], asked: bool,
           lang: str) -> str:
    nl = lang == "nl"
    if not displacements and not asked:
        return ("Er verschuift geen enkel werk uit het programma." if nl else
                "No work of the programme moves.")
    if not displacements:
        return ("Daarvoor hoeft geen enkel werk uit het programma te verschuiven." if nl else
                "No work of the programme needs to move for this.")
    biggest = max(displacements, key=lambda d: (abs(d.shift), d.id))
    total = figures.shift_weeks or 0
    cost = numbers.number(figures.displacement_cost or 0, lang)
    most = numbers.signed_weeks(biggest.shift, lang)
    if nl:
        verb = "schuift" if len(displacements) == 1 else "schuiven"
        return (f"Daarvoor {verb} {numbers.count(len(displacements), 'werk', 'werken')}, samen "
                f"{numbers.weeks_count(total)} (verschuivingskosten {cost} punten); "
                f"het meest {biggest.id} ({biggest.name}): {most}, van "
                f"{biggest.planned} naar {biggest.start}.")
    return (f"For this, {numbers.count(len(displacements), 'work moves', 'works move')}, "
            f"{numbers.weeks_count(total, lang)} in all (displacement cost {cost} points); "
            f"the largest is {biggest.id} ({biggest.name}): {most}, from "
            f"{biggest.planned} to {biggest.start}.")


def _costs(figures: Kpis, requests: Sequence[RequestLine], budgets: Sequence[BudgetLine],
           lang: str) -> str:
    nl = lang == "nl"
    scheduled = [r for r in requests if r.outcome in ("placed", "accepted")]
    names = {b.line: b.name for b in budgets}
    lines = sorted({names.get(r.budget, r.budget) for r in scheduled
                    if r.cost and r.budget != "—"})
    over = [b for b in budgets if b.state == "over"]
    tight = [b for b in budgets if b.limit]
    if over:
        worst = max(over, key=lambda b: (b.after - b.limit, b.line))
        budget_nl = (f"let op: {worst.name} {worst.year} is met "
                     f"{numbers.money(worst.after - worst.limit, lang)} overschreden")
        budget_en = (f"note: {worst.name} {worst.year} is overrun by "
                     f"{numbers.money(worst.after - worst.limit, lang)}")
    elif tight:
        least = min(tight, key=lambda b: (b.headroom, b.line, b.year))
        budget_nl = (f"alle budgetlijnen blijven binnen hun jaarbedrag; de kleinste ruimte is "
                     f"{numbers.money(least.headroom, lang)} op {least.name} {least.year}")
        budget_en = (f"every budget line stays within its yearly amount; the smallest head-room "
                     f"is {numbers.money(least.headroom, lang)} on {least.name} {least.year}")
    else:
        budget_nl = "er zijn geen budgetlijnen met een jaarbedrag"
        budget_en = "there are no budget lines with a yearly amount"
    if not requests:
        return (budget_nl[0].upper() + budget_nl[1:] + "." if nl else
                budget_en[0].upper() + budget_en[1:] + ".")
    cost = numbers.money(figures.request_cost or 0, lang)
    where_nl = f", ten laste van {numbers.listing(lines, lang)}" if lines else ""
    where_en = f", charged to {numbers.listing(lines, lang)}" if lines else ""
    return (f"De ingeplande verzoeken kosten {cost}{where_nl}; {budget_nl}." if nl else
            f"The scheduled requests cost {cost}{where_en}; {budget_en}.")
