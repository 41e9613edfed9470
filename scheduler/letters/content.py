"""What a resident letter says, as plain data (the HTML, Markdown and PDF writers lay it out).

A letter is about one buurt (the works in it, and those on its whole wijk) or
one street. For each work it says when (dates, not week codes), why (the
work's ``reason``), what is better afterwards (``outcome``), what changed
against the earlier plan and why, in plain words built from the explainer's
causes (:mod:`scheduler.explain`), the hinder to expect, and whom to call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import assert_never

from scheduler import weeks
from scheduler.explain import Cause, Explanation
from scheduler.letters import words
from scheduler.plan import ItemStatus, Plan
from scheduler.report.numbers import MONTHS_EN, MONTHS_NL, weeks_count
from scheduler.rules import Rule
from scheduler.scenario import Request, Scenario, Work, wijk_of
from scheduler.text.numbers import listing

DEFAULT_CONTACT = {
    "nl": "de gemeente (telefoon 14 en dan het netnummer van uw gemeente)",
    "en": "the municipality (phone 14 followed by the area code of your municipality)",
}


@dataclass(frozen=True)
class LetterItem:
    id: str
    title: str
    street: str | None
    where: str
    first_day: date
    last_day: date
    when: str
    why: str
    after: str
    change: str
    hinder: str
    contact: str
    new: bool


@dataclass(frozen=True)
class Letter:
    key: str
    lang: str
    title: str
    place: str
    greeting: str
    intro: str
    items: tuple[LetterItem, ...]
    contact: str
    closing: tuple[str, str]
    labels: dict[str, str]
    map_svg: str | None = None
    map_pdf: str | None = None
    stem: str = "brief"  # the file name without suffix, when letters go to a folder

    def text(self) -> str:
        """Every sentence the resident reads, for the plain-language checks."""
        parts = [self.title, self.greeting, self.intro]
        for item in self.items:
            parts += [item.title, item.where, item.when, item.why, item.after, item.change,
                      item.hinder, item.contact]
        parts += [self.contact, *self.closing]
        return "\n".join(p for p in parts if p)


LABELS = {
    "nl": {"where": "Waar", "when": "Wanneer", "why": "Waarom", "after": "Wat is er daarna beter",
           "change": "Wat is er veranderd", "hinder": "Wat merkt u ervan",
           "contact": "Vragen", "map": "Kaart", "new": "nieuw",
           "map_note": "Op de kaart ziet u de buurt in oranje."},
    "en": {"where": "Where", "when": "When", "why": "Why", "after": "What is better afterwards",
           "change": "What has changed", "hinder": "What you will notice",
           "contact": "Questions", "map": "Map", "new": "new",
           "map_note": "The map shows the area in orange."},
}
DAYS = {"nl": ("maandag", "vrijdag"), "en": ("Monday", "Friday")}


def day_text(value: date, lang: str, weekday: str) -> str:
    month = (MONTHS_NL if lang == "nl" else MONTHS_EN)[value.month - 1]
    return f"{weekday} {value.day} {month} {value.year}"


def span_text(first: int, last: int, lang: str) -> tuple[date, date, str]:
    """Monday of the first week to Friday of the last, in words."""
    start, end = weeks.monday(first), weeks.monday(last) + timedelta(days=4)
    monday, friday = DAYS[lang]
    length = weeks_count(last - first + 1, lang)
    if lang == "nl":
        text = (f"Van {day_text(start, lang, monday)} tot en met "
                f"{day_text(end, lang, friday)} ({length}).")
    else:
        text = f"From {day_text(start, lang, monday)} to {day_text(end, lang, friday)} ({length})."
    return start, end, text


def items_for(scenario: Scenario, plan: Plan, *, buurt: str | None = None,
              street: str | None = None) -> list[Work | Request]:
    """The scheduled works and requests in a buurt (or on its whole wijk), or in a street."""
    chosen: list[Work | Request] = []
    for item in scenario.items:
        if not plan[item.id].scheduled:
            continue
        if buurt is not None and item.area not in (buurt, wijk_of(buurt)):
            continue
        if street is not None and (item.street or "").casefold() != street.casefold():
            continue
        chosen.append(item)
    return sorted(chosen, key=lambda i: (plan[i.id].start or 0, i.id))


def build_letter(scenario: Scenario, plan: Plan, explanation: Explanation | None, *,
                 key: str, place: str, items: Sequence[Work | Request],
                 lang: str = "nl") -> Letter:
    nl = lang == "nl"
    contact = scenario.contact or DEFAULT_CONTACT[lang]
    built = tuple(_item(scenario, plan, explanation, item, lang) for item in items)
    if not items:
        intro = (f"Er staat op dit moment geen werk van de gemeente gepland in {place}."
                 if nl else f"No work by the municipality is planned in {place} at present.")
    elif nl:
        intro = (f"De gemeente gaat werken in {place}. In deze brief leest u wat er gebeurt. "
                 "U leest ook wanneer het gebeurt en waarom.")
    else:
        intro = (f"The municipality will carry out work in {place}. This letter tells you "
                 "what will happen. It also tells you when and why.")
    if nl:
        title = f"Werk in {place}"
        ask = f"Heeft u vragen? Neem dan contact op met {contact}."
        closing = ("Met vriendelijke groet,", "Uw gemeente")
        greeting = "Beste bewoner,"
    else:
        title = f"Work in {place}"
        ask = f"Do you have questions? Please contact {contact}."
        closing = ("Kind regards,", "Your municipality")
        greeting = "Dear resident,"
    return Letter(key, lang, title, place, greeting, intro, built, ask, closing, LABELS[lang])


def _item(scenario: Scenario, plan: Plan, explanation: Explanation | None,
          item: Work | Request, lang: str) -> LetterItem:
    placed = plan[item.id]
    assert placed.start is not None and placed.finish is not None
    first_day, last_day, when = span_text(placed.start, placed.finish, lang)
    kind = str(item.kind)
    why = item.reason or words.WHY[lang][kind]
    after = item.outcome or words.AFTER[lang][kind]
    hinder = words.HINDER[lang][kind]
    if item.digs and kind not in ("sewer", "heat"):
        hinder = f"{words.DIGS[lang]} {hinder}"
    elif item.digs:
        hinder = f"{hinder} {words.DIGS[lang].split('. ', 1)[1]}"
    contact = item.contact or scenario.contact or DEFAULT_CONTACT[lang]
    contact_text = (f"Vragen over dit werk? Bel of mail {contact}." if lang == "nl"
                    else f"Questions about this work? Call or write to {contact}.")
    return LetterItem(
        id=item.id, title=item.name, street=item.street,
        where=_where(scenario, item, lang), first_day=first_day,
        last_day=last_day, when=when, why=_sentence(why), after=_sentence(after),
        change=_change(scenario, plan, explanation, item, lang), hinder=hinder,
        contact=contact_text, new=isinstance(item, Request))


def _where(scenario: Scenario, item: Work | Request, lang: str) -> str:
    """The street and the buurt (or wijk) in words, without codes."""
    names = {area.code: area.name for area in scenario.areas}
    area = names.get(item.area) or names.get(wijk_of(item.area)) or ""
    nl = lang == "nl"
    kind = ("buurt" if nl else "neighbourhood") if item.area.startswith("BU") else (
        "wijk" if nl else "district")
    place = f"{kind} {area}" if nl else f"the {area} {kind}"
    if item.area.startswith("WK"):
        place = f"de hele wijk {area}" if nl else f"the whole {area} district"
    if item.street:
        return f"{item.street}, {place}." if area else f"{item.street}."
    return f"In {place}." if area else ""


def _sentence(text: str) -> str:
    """One line of text, ending in a full stop (a reason may be written as a phrase)."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if flat.endswith((".", "!", "?")) else flat + "."


def _change(scenario: Scenario, plan: Plan, explanation: Explanation | None,
            item: Work | Request, lang: str) -> str:
    nl = lang == "nl"
    placed = plan[item.id]
    if isinstance(item, Request):
        return ("Dit werk is nieuw. Het stond nog niet in de planning." if nl
                else "This work is new. It was not in the plan yet.")
    if placed.status != ItemStatus.MOVED or placed.planned_start is None:
        return ("Dit werk gaat door zoals het gepland was." if nl
                else "This work goes ahead as planned.")
    shift = placed.shift or 0
    monday = DAYS[lang][0]
    earlier = day_text(weeks.monday(placed.planned_start), lang, monday)
    amount = abs(shift)
    moved = weeks_count(amount, lang)
    if nl:
        text = (f"Eerst zou dit werk beginnen op {earlier}. Het begint nu {moved} "
                f"{'later' if shift > 0 else 'eerder'}.")
    else:
        text = (f"At first this work was to start on {earlier}. It now starts {moved} "
                f"{'later' if shift > 0 else 'earlier'}.")
    causes = explanation.causes_of(item.id) if explanation is not None else ()
    reasons = [_plain_cause(scenario, plan, cause, lang) for cause in causes[:2]]
    reasons = [r for i, r in enumerate(reasons) if r and r not in reasons[:i]]
    if reasons:
        text += " " + " ".join(reasons)
    return text


def _names(scenario: Scenario, ids: Sequence[str], lang: str) -> str:
    """The first two items by name, in lower case where a word starts a sentence ("" for none)."""
    names = [scenario.item_by_id[i].name for i in ids if i in scenario.item_by_id][:2]
    names = [n[0].lower() + n[1:] if n[:1].isupper() and n[1:2].islower() else n for n in names]
    return listing(names, lang) if names else ""


def _plain_cause(scenario: Scenario, plan: Plan, cause: Cause, lang: str) -> str:
    """A cause from the explainer in words without planning jargon (one branch per rule)."""
    nl = lang == "nl"
    urgent = [b for b in cause.blockers if plan[b].status == ItemStatus.NEW]
    who = _names(scenario, urgent or list(cause.blockers), lang)
    rule = cause.rule
    match rule:
        case Rule.CAPACITY if urgent:
            return (f"Dat komt doordat eerst ander, dringend werk moet gebeuren: {who}." if nl
                    else f"This is because other, urgent work must be done first: {who}.")
        case Rule.CAPACITY:
            return ("Dat komt doordat de ploeg die dit werk doet eerst ander werk heeft: "
                    f"{who}." if nl else
                    f"This is because the team doing this work has other work first: {who}.")
        case Rule.AFTER:
            return (f"Dit werk kan pas beginnen als {who} klaar is." if nl
                    else f"This work can only start when {who} is finished.")
        case Rule.BEFORE:
            return (f"Dit werk moet klaar zijn voordat {who} begint." if nl
                    else f"This work must be finished before {who} starts.")
        case Rule.BUDGET:
            return ("Het geld voor dit soort werk is dat jaar al op. Daarom gebeurt het in een "
                    "ander jaar." if nl else
                    "The money for this kind of work is spent that year. So it happens in "
                    "another year.")
        case Rule.EVENT:
            event = str(cause.detail.get("event", ""))
            return (f"In die weken is er een evenement in de buurt: {event}." if nl
                    else f"In those weeks there is an event in the area: {event}.")
        case Rule.BREEDING_SEASON:
            return ("In die weken broeden er vogels. Dan werken we niet aan bomen en struiken."
                    if nl else
                    "Birds are nesting in those weeks. Then we do not work on trees and shrubs.")
        case Rule.MAX_CONCURRENT:
            return ("Er is dan al ander werk in uw wijk. We willen niet te veel overlast "
                    "tegelijk." if nl else
                    "There is already other work in your area then. We want to avoid too much "
                    "trouble at once.")
        case Rule.BREEKVERBOD:
            return ("De straat wordt ook opnieuw bestraat. Een nieuwe straat mag een paar jaar "
                    "niet open. Daarom moeten de werken in de goede volgorde." if nl else
                    "The street also gets a new surface. A new street may not be dug up for a "
                    "few years. So the works must happen in the right order.")
        case Rule.BUNDLE:
            return (f"Het gebeurt samen met {who}. Zo is de straat maar één keer open." if nl
                    else f"It happens together with {who}. So the street is only open once.")
        case Rule.SCHOOL_HOLIDAYS:
            return ("Dit werk gebeurt in de schoolvakantie, als de school dicht is." if nl
                    else "This work happens in the school holidays, when the school is closed.")
        case Rule.WINDOW:
            return ("Het werk moet in een andere periode gebeuren." if nl
                    else "The work has to happen in another period.")
        case Rule.NONE:
            return ("De planning is opnieuw verdeeld." if nl else "The plan was shared out again.")
        case _:
            assert_never(rule)
