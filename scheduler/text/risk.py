"""The risk section of the briefing in words (nl, en): titles, labels and the legend.

:func:`scheduler.risk.brief.uncertainty` builds the section's figures from a risk
run; the briefing writers (Markdown, HTML, PDF, Excel) take these words in the
briefing's language.
"""

from __future__ import annotations

__all__ = ["RISK_WORDS", "risk_words"]

RISK_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Onzekerheid: wanneer is het klaar?",
        "intro": "Het plan {n} keer uitgevoerd met onzekere duur per soort werk en "
        "ziekte van ploegen (seed {seed}); niets is opnieuw gepland, werk schuift alleen "
        "op waar de regels dat afdwingen.",
        "id": "id",
        "name": "omschrijving",
        "planned": "gepland klaar",
        "on_time": "kans op tijd",
        "budgets": "Kans dat een budgetlijn in een jaar overschreden wordt",
        "critical": "Vaakst kritiek (criticaliteitsindex)",
        "displacement": "Verwachte extra verschuiving boven het plan: {value}",
        "legend": "lijn: P50 tot P95; blok: P50 tot P80; ruit: gepland klaar; streep: deadline",
        "chart": "Waaier van eindweken",
        "table": "Eindweken per werk: gepland, P50, P80 en P95",
        "sheet": "Onzekerheid",
    },
    "en": {
        "title": "Uncertainty: when will it be finished?",
        "intro": "The plan carried out {n} times with uncertain durations per kind of work "
        "and crew absence (seed {seed}); nothing is re-planned, work only moves later where "
        "the rules force it.",
        "id": "id",
        "name": "description",
        "planned": "planned finish",
        "on_time": "chance on time",
        "budgets": "Chance that a budget line overruns in a year",
        "critical": "Most often critical (criticality index)",
        "displacement": "Expected extra displacement beyond the plan: {value}",
        "legend": "line: P50 to P95; block: P50 to P80; diamond: planned finish; bar: deadline",
        "chart": "Fan of finish weeks",
        "table": "Finish weeks per work: planned, P50, P80 and P95",
        "sheet": "Uncertainty",
    },
}


def risk_words(lang: str) -> dict[str, str]:
    """The risk section's words in ``lang`` ("nl" or "en")."""
    return RISK_WORDS[lang]
