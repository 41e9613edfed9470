"""iCalendar (RFC 5545) with one all-day event per work per buurt, via ``icalendar``.

A work on a whole wijk gets an event in each of the wijk's buurten, so a
buurt's calendar holds everything that touches it. UIDs are built from the
item and the buurt (``W-101.BU07720103@plooi``), so a re-export of a changed
plan carries the same UIDs and a calendar that imports it updates its events
instead of adding new ones. DTSTAMP is fixed by the plan (the Monday of the
horizon's first week), so the same plan gives the same file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from scheduler import weeks
from scheduler.export.records import Record
from scheduler.plan import Plan
from scheduler.scenario import Scenario, wijk_of

PRODID = "-//plooi//planning openbare ruimte//NL"


def buurten_of(scenario: Scenario, area: str) -> list[str]:
    """The buurten an item touches: its own buurt, or every listed buurt of its wijk."""
    if area.startswith("BU"):
        return [area]
    listed = sorted(a.code for a in scenario.areas
                    if a.code.startswith("BU") and wijk_of(a.code) == area)
    return listed or [area]


def calendar_bytes(scenario: Scenario, plan: Plan, rows: list[Record], title: str,
                   lang: str = "nl") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    stamp = datetime.combine(weeks.monday(scenario.horizon.first), datetime.min.time(),
                             tzinfo=UTC)
    names = {area.code: area.name for area in scenario.areas}
    for row in rows:
        placed = plan[row.item.id]
        if placed.start is None or placed.finish is None:
            continue
        first = weeks.monday(placed.start)
        end = weeks.monday(placed.finish) + timedelta(days=5)  # exclusive: the Saturday
        for buurt in buurten_of(scenario, row.item.area):
            event = Event()
            event.add("uid", f"{row.item.id}.{buurt}@plooi")
            event.add("dtstamp", stamp)
            event.add("dtstart", first)
            event.add("dtend", end)
            event.add("summary", row.item.name)
            place = ", ".join(p for p in (row.item.street, names.get(buurt, buurt)) if p)
            event.add("location", place)
            event.add("description", _description(row, lang))
            event.add("categories", [str(row.item.kind)])
            event.add("transp", "TRANSPARENT")  # work in the street does not fill your day
            calendar.add_component(event)
    return bytes(calendar.to_ical())


def _description(row: Record, lang: str) -> str:
    v = row.values
    nl = lang == "nl"
    lines = [f"{v['id']} ({v['status']})"]
    if v["reason"]:
        lines.append(("Waarom: " if nl else "Why: ") + " ".join(str(v["reason"]).split()))
    if v["shift"]:
        lines.append(f"Verschoven: {v['shift']:+d} weken" if nl
                      else f"Moved: {v['shift']:+d} weeks")
    if v["cause"]:
        lines.append(("Oorzaak: " if nl else "Cause: ") + str(v["cause"]))
    return "\n".join(lines)
