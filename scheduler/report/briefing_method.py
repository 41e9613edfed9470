"""The briefing's method note: how the plan was computed and how far it is proven.

The order of the objectives, the solver's status in words (optimal and proven,
a valid plan with its gap, infeasible, or no plan in time), the run's settings
and the rules the independent checker tested. How the briefing names each
checked rule lives here too (:func:`checked_rule_name`), so adding a rule to
the checker means one more name in this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from scheduler.plan import SolveStatus
from scheduler.report import numbers
from scheduler.report.briefing_words import STAGE_WORDS
from scheduler.report.comparison import STATUS_WORDS
from scheduler.rules import Checked, Rule
from scheduler.scenario import Objective, Scenario
from scheduler.workflow import SolveOutcome


@dataclass(frozen=True)
class Method:
    status: SolveStatus
    status_text: str
    proven: bool
    gap: float | None
    seconds: float
    paragraphs: tuple[str, ...]
    stages: tuple[tuple[str, str, str, str], ...]


def method(outcome: SolveOutcome, lang: str) -> Method:
    """The method note of ``outcome``: its paragraphs and one row per solver stage."""
    result = outcome.result
    paragraphs = [_approach(outcome.scenario, lang), _outcome(outcome, lang), _run(outcome, lang)]
    if result.plan is not None:
        paragraphs.append(_checked(outcome.scenario, lang))
    stages = tuple(
        (STAGE_WORDS[lang].get(s.name, s.name), s.status.lower(),
         "—" if s.objective is None else numbers.number(s.objective, lang),
         "—" if s.bound is None else numbers.number(s.bound, lang))
        for s in result.stages
    )
    return Method(result.status, STATUS_WORDS[lang][result.status], result.proven_optimal,
                  result.gap, result.seconds, tuple(paragraphs), stages)


def _approach(scenario: Scenario, lang: str) -> str:
    """The objectives in their fixed order."""
    nl = lang == "nl"
    penalty = scenario.policy.move_penalty
    if scenario.policy.objective == Objective.MAKESPAN:
        return (
            "Berekend met OR-Tools CP-SAT (constraint programming): eerst worden alle verplichte "
            "verzoeken binnen hun venster geplaatst, dan wordt de waarde van geaccepteerde "
            "optionele verzoeken zo groot mogelijk gemaakt, dan is alles zo vroeg mogelijk klaar."
            if nl else
            "Computed with OR-Tools CP-SAT (constraint programming): first every mandatory "
            "request is placed inside its window, then the value of accepted optional requests "
            "is maximised, then everything finishes as early as possible."
        )
    return (
        "Berekend met OR-Tools CP-SAT (constraint programming), in vaste volgorde: eerst "
        "worden alle verplichte verzoeken binnen hun venster geplaatst, dan wordt de waarde "
        "van geaccepteerde optionele verzoeken zo groot mogelijk gemaakt, dan de verschuiving "
        f"van het programma zo klein mogelijk (gewicht × weken, plus {penalty} per werk dat "
        "verschuift)."
        if nl else
        "Computed with OR-Tools CP-SAT (constraint programming), in a fixed order: first "
        "every mandatory request is placed inside its window, then the value of accepted "
        "optional requests is maximised, then the displacement of the programme is "
        f"minimised (weight × weeks, plus {penalty} for every work that moves)."
    )


def _outcome(outcome: SolveOutcome, lang: str) -> str:
    """The solver's status, and what it proves."""
    nl = lang == "nl"
    result = outcome.result
    if result.status == SolveStatus.OPTIMAL:
        return ("Uitkomst: optimaal, en dat is bewezen: geen plan binnen de regels doet het beter."
                if nl else
                "Outcome: optimal, and proven so: no plan within the rules does better.")
    if result.status == SolveStatus.FEASIBLE:
        gap = numbers.percent(result.gap, lang, 1)
        bound = "—" if result.bound is None else numbers.number(result.bound, lang)
        return (
            f"Uitkomst: een geldig plan, maar niet bewezen optimaal binnen de rekentijd. De "
            f"bewezen ondergrens is {bound}; het verschil (gap) is hooguit {gap}."
            if nl else
            f"Outcome: a valid plan, but not proven optimal within the time limit. The proven "
            f"bound is {bound}; the gap is at most {gap}.")
    if result.status == SolveStatus.INFEASIBLE:
        minimal = ("De genoemde regels vormen samen een minimaal conflict: laat er één los en het "
                   "past." if outcome.conflict_minimal else
                   "Of dit conflict minimaal is, is binnen de rekentijd niet bewezen.") if nl else (
                   "The rules named form a minimal conflict: lift any one and it fits."
                   if outcome.conflict_minimal else
                   "Whether this conflict is minimal was not proven within the time limit.")
        return ("Uitkomst: bewezen onhaalbaar. " if nl else
                "Outcome: proven infeasible. ") + minimal
    return ("Uitkomst: geen plan gevonden binnen de rekentijd." if nl else
            "Outcome: no plan found within the time limit.")


def _run(outcome: SolveOutcome, lang: str) -> str:
    """The run's time, limit, seed and workers (what it takes to repeat it)."""
    result = outcome.result
    settings = result.settings
    return (
        f"Rekentijd {numbers.seconds(result.seconds, lang)} (limiet "
        f"{numbers.seconds(settings.time_limit, lang)}), seed {settings.seed}, "
        f"{settings.workers} rekenkernen"
        + (", deterministisch." if settings.deterministic else ".")
        if lang == "nl" else
        f"Solve time {numbers.seconds(result.seconds, lang)} (limit "
        f"{numbers.seconds(settings.time_limit, lang)}), seed {settings.seed}, "
        f"{settings.workers} workers" + (", deterministic." if settings.deterministic else "."))


def _checked(scenario: Scenario, lang: str) -> str:
    """The independent check of the plan, naming the rules it tested."""
    return (
        "Het plan is daarna door een onafhankelijke controle getoetst op alle harde regels "
        f"({checked_rules_text(scenario, 'nl')}): geen overtredingen. De oorzaken van "
        "verschuivingen zijn uit het plan afgeleid: de regel die een werk zou breken als het "
        "alleen terug ging naar zijn geplande weken."
        if lang == "nl" else
        "The plan was then checked by an independent checker against every hard rule "
        f"({checked_rules_text(scenario, 'en')}): no violations. The causes of displacements "
        "are derived from the plan: the rule a work would break if it alone went back to its "
        "planned weeks.")


# The order in which the method paragraph names the checked rules: every checked rule
# once (tests/test_rule_registry.py holds it to CHECKED).
BRIEFING_ORDER: tuple[Checked, ...] = (
    Rule.CAPACITY, Rule.BUDGET, Rule.HORIZON, Rule.WINDOW, Rule.PINNED, Rule.MAX_SHIFT,
    Rule.AFTER, Rule.BREEDING_SEASON, Rule.EVENT, Rule.BREEKVERBOD, Rule.MAX_CONCURRENT,
    Rule.BUNDLE, Rule.SCHOOL_HOLIDAYS, Rule.UNKNOWN_ITEM, Rule.MISSING_ITEM, Rule.MANDATORY,
)


def checked_rule_name(rule: Checked, lang: str) -> str | None:
    """How the briefing names a rule the checker tested, for a council member.

    The horizon, pinned works and max_shift are all limits on when a work may run,
    so they are named with the windows. The plan's completeness (every work and
    mandatory request in it, nothing unknown) is no rule of the programme: the
    briefing reports it with its counts, so it is not named here (None).
    """
    nl = lang == "nl"
    match rule:
        case Rule.CAPACITY:
            return "capaciteit" if nl else "capacity"
        case Rule.BUDGET:
            return "budget"
        case Rule.HORIZON | Rule.WINDOW | Rule.PINNED | Rule.MAX_SHIFT:
            return "vensters" if nl else "windows"
        case Rule.AFTER:
            return "volgorde" if nl else "order"
        case Rule.BREEDING_SEASON:
            return "broedseizoen" if nl else "breeding season"
        case Rule.EVENT:
            return "evenementen" if nl else "events"
        case Rule.BREEKVERBOD:
            return "breekverbod"
        case Rule.MAX_CONCURRENT:
            return "hinder"
        case Rule.BUNDLE:
            return "werk met werk"
        case Rule.SCHOOL_HOLIDAYS:
            return "schoolvakanties" if nl else "school holidays"
        case Rule.UNKNOWN_ITEM | Rule.MISSING_ITEM | Rule.MANDATORY:
            return None
        case _:
            assert_never(rule)


def checked_rules_text(scenario: Scenario, lang: str) -> str:
    """'capaciteit, budget, vensters, ...': werk met werk only where the scenario has bundles."""
    names: list[str] = []
    for rule in BRIEFING_ORDER:
        if rule == Rule.BUNDLE and not scenario.rules.bundles:
            continue
        if rule == Rule.SCHOOL_HOLIDAYS and scenario.rules.school_holidays is None:
            continue
        name = checked_rule_name(rule, lang)
        if name is not None and name not in names:
            names.append(name)
    return ", ".join(names)
