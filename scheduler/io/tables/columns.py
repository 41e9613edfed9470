"""Column specs: every sheet and column of the spreadsheet format, in Dutch and English.

The vocabulary both the reader (:mod:`.reading`) and the writer (:mod:`.writing`)
loop over (docs/spreadsheet-format.md). Mostly data tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scheduler.scenario import Kind, Objective
from scheduler.text.kinds import KIND_NAMES_NL

Lang = Literal["nl", "en"]
ValueKind = Literal[
    "text",
    "int",
    "weeks",
    "number",
    "week",
    "day",
    "period",
    "bool",
    "kind",
    "kinds",
    "areas",
    "after",
    "objective",
    "per",
    "rule",
    "ids",
    "range",
    "location",
]

# ---------------------------------------------------------------------------
# Vocabulary: sheets, columns, values in Dutch and English


@dataclass(frozen=True)
class Column:
    """One column of a table (or one row of a settings sheet)."""

    key: str
    nl: str
    en: str
    kind: ValueKind
    note_nl: str
    note_en: str
    required: bool = False
    minimum: int = 0

    def label(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en

    def note(self, lang: Lang) -> str:
        return self.note_nl if lang == "nl" else self.note_en


@dataclass(frozen=True)
class SheetSpec:
    """A part of the scenario: its sheet (and CSV file) names and columns."""

    key: str
    nl: str
    en: str
    columns: tuple[Column, ...]
    settings: bool = False  # key/value rows instead of a table

    def name(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en

    def csv_name(self, lang: Lang) -> str:
        return self.name(lang).lower() + ".csv"


KIND_NAMES: dict[Kind, str] = KIND_NAMES_NL  # spelled in scheduler.text.kinds
OBJECTIVE_NAMES: dict[Objective, str] = {
    Objective.DISPLACEMENT: "verschuiving",
    Objective.MAKESPAN: "doorlooptijd",
}
YES = {"nl": "ja", "en": "yes"}
NO = {"nl": "nee", "en": "no"}
NONE_WORDS = {"nl": "(geen)", "en": "(none)"}
DEMAND_PREFIX = {"nl": "vraag", "en": "demand"}

_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}
_EMPTY_LIST = {"(geen)", "(none)", "geen", "none"}


def _c(
    key: str,
    nl: str,
    en: str,
    kind: ValueKind,
    note_nl: str,
    note_en: str,
    required: bool = False,
    minimum: int = 0,
) -> Column:
    return Column(key, nl, en, kind, note_nl, note_en, required, minimum)


_ID = _c(
    "id",
    "id",
    "id",
    "text",
    "Unieke code, bijvoorbeeld W-101.",
    "Unique code, e.g. W-101.",
    required=True,
)
_NAME = _c("name", "naam", "name", "text", "Omschrijving.", "Description.", required=True)
_ITEM_HEAD = (
    _ID,
    _NAME,
    _c(
        "kind",
        "soort",
        "kind",
        "kind",
        "weg, riool, groen, boom, spelen, verlichting, warmte of overig.",
        "road, sewer, green, tree, play, lighting, heat or other.",
        required=True,
    ),
    _c(
        "area",
        "gebied",
        "area",
        "text",
        "CBS-code van wijk (WK + 6 cijfers) of buurt (BU + 8 cijfers), uit blad Gebieden.",
        "CBS code of a wijk (WK + 6 digits) or buurt (BU + 8 digits), from sheet Areas.",
        required=True,
    ),
    _c(
        "street",
        "straat",
        "street",
        "text",
        "Straatnaam; nodig voor het breekverbod.",
        "Street name; needed for the breekverbod.",
    ),
    _c(
        "duration",
        "duur",
        "duration",
        "weeks",
        "Duur in hele weken (minstens 1).",
        "Duration in whole weeks (at least 1).",
        required=True,
        minimum=1,
    ),
)
_DURATION_RANGE = _c(
    "duration_range",
    "duur min, waarschijnlijk, max",
    "duration min, likely, max",
    "range",
    "Voor plooi risk: kortste, waarschijnlijke en langste duur in weken, bijvoorbeeld "
    "8, 10, 14 (leeg: de spreiding van de soort).",
    "For plooi risk: shortest, likely and longest duration in weeks, for example "
    "8, 10, 14 (empty: the spread of the kind).",
)
_PLANNED = _c(
    "planned_start",
    "geplande start",
    "planned start",
    "week",
    "Week waarin het werk nu gepland staat: 2027-W14 of een datum in die week.",
    "Week the work is planned to start today: 2027-W14 or a date in that week.",
)
_WINDOW = (
    _c(
        "earliest",
        "vroegste start",
        "earliest",
        "week",
        "Niet eerder beginnen dan deze week (leeg: begin van de horizon).",
        "Start no earlier than this week (empty: start of the horizon).",
    ),
    _c(
        "latest_finish",
        "uiterlijk klaar",
        "latest finish",
        "week",
        "Uiterlijk in deze week klaar (leeg: einde van de horizon).",
        "Finished in this week at the latest (empty: end of the horizon).",
    ),
)
_MONEY = (
    _c(
        "cost",
        "kosten",
        "cost",
        "int",
        "Kosten in hele euro's, gelijk verdeeld over de weken.",
        "Cost in whole euros, spread evenly over the weeks.",
    ),
    _c(
        "budget",
        "budget",
        "budget",
        "text",
        "Budgetlijn (id uit blad Budgetten).",
        "Budget line (id from sheet Budgets).",
    ),
)
_AFTER = _c(
    "after",
    "na",
    "after",
    "after",
    "Begint na deze werken: W-100, W-101+2 (+2: pas 2 weken na het einde).",
    "Starts after these works: W-100, W-101+2 (+2: only 2 weeks after the end).",
)
_STREET_FLAGS = (
    _c(
        "digs",
        "graaft",
        "digs",
        "bool",
        "ja: het werk maakt de straat open.",
        "yes: the work opens the street.",
    ),
    _c(
        "resurfaces",
        "nieuwe verharding",
        "resurfaces",
        "bool",
        "ja: het werk legt een nieuwe verharding (daarna geldt het breekverbod).",
        "yes: the work lays a new surface (the breekverbod follows).",
    ),
)
_EMERGENCY = _c(
    "emergency",
    "spoed",
    "emergency",
    "bool",
    "ja: vrijgesteld van breekverbod, evenementen en broedseizoen.",
    "yes: exempt from breekverbod, events and breeding season.",
)

# For the resident letter and the maps (scheduler/letters, scheduler/geo).
_STREET_TEXTS = (
    _c("outcome", "daarna", "outcome", "text", "Wat er daarna beter is (voor bewoners).",
       "What is better afterwards (for residents)."),
    _c("contact", "contact", "contact", "text", "Wie bewoners kunnen bellen of mailen.",
       "Whom residents can call or write to."),
    _c("location", "locatie", "location", "location",
       'GeoJSON-punt of -lijn, bv. {"type": "Point", "coordinates": [155000, 463000]}.',
       'GeoJSON point or line, e.g. {"type": "Point", "coordinates": [155000, 463000]}.'),
)
WORKS = SheetSpec(
    "works",
    "Werken",
    "Works",
    (
        *_ITEM_HEAD,
        _PLANNED,
        *_WINDOW,
        _c(
            "pinned",
            "vast",
            "pinned",
            "bool",
            "ja: gegund; blijft op de geplande start.",
            "yes: contracted; stays at the planned start.",
        ),
        _c(
            "max_shift",
            "max verschuiving",
            "max shift",
            "weeks",
            "Hooguit zoveel weken van de geplande start.",
            "At most this many weeks from the planned start.",
        ),
        _c(
            "weight",
            "gewicht",
            "weight",
            "int",
            "Kosten per week verschuiven (standaard 1).",
            "Cost per week moved (default 1).",
        ),
        *_MONEY,
        _AFTER,
        *_STREET_FLAGS,
        _EMERGENCY,
        _c("reason", "reden", "reason", "text", "Waarom het nodig is (voor bewoners).",
           "Why it is needed (for residents)."),
        *_STREET_TEXTS,
        _DURATION_RANGE,
    ),
)
REQUESTS = SheetSpec(
    "requests",
    "Verzoeken",
    "Requests",
    (
        *_ITEM_HEAD,
        *_WINDOW,
        _c(
            "mandatory",
            "verplicht",
            "mandatory",
            "bool",
            "ja (standaard): moet ingepland; nee: mag worden afgewezen.",
            "yes (default): must be scheduled; no: may be rejected.",
        ),
        _c(
            "value",
            "waarde",
            "value",
            "int",
            "Wat het waard is een optioneel verzoek te doen.",
            "What accepting an optional request is worth.",
        ),
        _EMERGENCY,
        *_MONEY,
        _AFTER,
        *_STREET_FLAGS,
        _c(
            "requested_by",
            "aangevraagd door",
            "requested by",
            "text",
            "Wie het vraagt.",
            "Who asks for it.",
        ),
        _c("reason", "reden", "reason", "text", "Waarom het nodig is.", "Why it is needed."),
        *_STREET_TEXTS,
        _DURATION_RANGE,
    ),
)
RESOURCES = SheetSpec(
    "resources",
    "Capaciteit",
    "Resources",
    (
        _c(
            "id",
            "id",
            "id",
            "text",
            "Code van de ploeg of aannemer; in Werken en Verzoeken is dit de kop van de "
            "kolom met de vraag per week.",
            "Code of the crew or contractor; in Works and Requests this is the header of "
            "the column with the demand per week.",
            required=True,
        ),
        _NAME,
        _c(
            "capacity",
            "capaciteit",
            "capacity",
            "int",
            "Eenheden beschikbaar per week.",
            "Units available per week.",
            required=True,
        ),
    ),
)
EXCEPTIONS = SheetSpec(
    "exceptions",
    "Uitzonderingen",
    "Exceptions",
    (
        _c(
            "id",
            "id",
            "id",
            "text",
            "Id van de capaciteit (blad Capaciteit).",
            "Id of the resource (sheet Resources).",
            required=True,
        ),
        _c(
            "from",
            "van",
            "from",
            "week",
            "Eerste week (of een datum erin).",
            "First week (or a date in it).",
            required=True,
        ),
        _c(
            "to",
            "tot",
            "to",
            "week",
            "Laatste week, inbegrepen (of een datum erin).",
            "Last week, included (or a date in it).",
            required=True,
        ),
        _c(
            "capacity",
            "capaciteit",
            "capacity",
            "int",
            "Capaciteit in die weken (bouwvak: 0).",
            "Capacity in those weeks (holiday: 0).",
            required=True,
        ),
    ),
)
# Only plooi risk reads it: one row per period; a row without weeks holds every week.
ABSENCE = SheetSpec(
    "absence",
    "Afwezigheid",
    "Absence",
    (
        _c(
            "id",
            "id",
            "id",
            "text",
            "Id van de capaciteit (blad Capaciteit).",
            "Id of the resource (sheet Resources).",
            required=True,
        ),
        _c(
            "probability",
            "kans",
            "probability",
            "number",
            "Voor plooi risk: kans dat een eenheid van de ploeg in een week afwezig is, "
            "van 0 tot en met 1 (bv. 0.05).",
            "For plooi risk: chance that a unit of the crew is off in a week, from 0 to 1 "
            "(e.g. 0.05).",
            required=True,
        ),
        _c(
            "from",
            "van",
            "from",
            "week",
            "Eerste week (leeg: vanaf het begin); de eerste rij die een week bevat telt.",
            "First week (empty: from the start); the first row holding a week counts.",
        ),
        _c(
            "to",
            "tot",
            "to",
            "week",
            "Laatste week, inbegrepen (leeg: tot het einde).",
            "Last week, included (empty: to the end).",
        ),
    ),
)
BUDGETS = SheetSpec(
    "budgets",
    "Budgetten",
    "Budgets",
    (
        _c(
            "id",
            "id",
            "id",
            "text",
            "Code van de budgetlijn; daarna een kolom per jaar (kop: het jaar, bv. 2027) "
            "met het bedrag in hele euro's.",
            "Code of the budget line; then a column per year (header: the year, e.g. 2027) "
            "with the amount in whole euros.",
            required=True,
        ),
        _NAME,
    ),
)
AREAS = SheetSpec(
    "areas",
    "Gebieden",
    "Areas",
    (
        _c(
            "code",
            "code",
            "code",
            "text",
            "CBS-code: WK + 6 cijfers of BU + 8 cijfers.",
            "CBS code: WK + 6 digits or BU + 8 digits.",
            required=True,
        ),
        _NAME,
        _c(
            "neighbours",
            "buren",
            "neighbours",
            "areas",
            "Aangrenzende gebieden, met komma's.",
            "Neighbouring areas, separated by commas.",
        ),
    ),
)
RULES = SheetSpec(
    "rules",
    "Regels",
    "Rules",
    (
        _c(
            "rule",
            "regel",
            "rule",
            "rule",
            "broedseizoen (van, tot, soorten), breekverbod (jaren), evenement (naam, van, tot, "
            "gebieden, soorten), max gelijktijdig (soorten, per, limiet) of schoolvakantie "
            "(regio, soorten, werken).",
            "breeding season (from, to, kinds), breekverbod (years), event (name, from, to, "
            "areas, kinds), max concurrent (kinds, per, limit) or school holidays (region, "
            "kinds, items).",
            required=True,
        ),
        _c("name", "naam", "name", "text", "Naam van het evenement.", "Name of the event."),
        _c(
            "from",
            "van",
            "from",
            "period",
            "Evenement: eerste week. Broedseizoen: dag als 03-15 (maand-dag).",
            "Event: first week. Breeding season: day such as 03-15 (month-day).",
        ),
        _c(
            "to",
            "tot",
            "to",
            "period",
            "Evenement: laatste week. Broedseizoen: dag als 07-15 (maand-dag).",
            "Event: last week. Breeding season: day such as 07-15 (month-day).",
        ),
        _c(
            "areas",
            "gebieden",
            "areas",
            "areas",
            "Gebieden van het evenement, met komma's.",
            "Areas of the event, separated by commas.",
        ),
        _c(
            "kinds",
            "soorten",
            "kinds",
            "kinds",
            "Soorten werk waarvoor de regel geldt, met komma's; (geen) voor geen enkele.",
            "Kinds of work the rule binds, separated by commas; (none) for none.",
        ),
        _c("per", "per", "per", "per", "wijk of buurt.", "wijk or buurt."),
        _c(
            "limit",
            "limiet",
            "limit",
            "int",
            "Hooguit zoveel werken tegelijk.",
            "At most this many works at once.",
        ),
        _c(
            "years",
            "jaren",
            "years",
            "int",
            "Jaren niet graven na nieuwe verharding.",
            "Years without digging after a new surface.",
        ),
        _c("region", "regio", "region", "per", "Schoolvakantie: noord, midden of zuid.",
           "School holidays: noord, midden or zuid."),
        _c("items", "werken", "items", "areas",
           "Schoolvakantie: ids van werken en verzoeken, met komma's.",
           "School holidays: ids of works and requests, separated by commas."),
    ),
)
BUNDLES = SheetSpec(
    "bundles",
    "Bundels",
    "Bundles",
    (
        _c(
            "name",
            "naam",
            "name",
            "text",
            "Naam van de bundel (werk met werk), bv. Kanaalstraat in een keer.",
            "Name of the bundle (werk met werk), e.g. Kanaalstraat in een keer.",
        ),
        _c(
            "items",
            "werken",
            "items",
            "ids",
            "Werken en verzoeken die samen uitgevoerd worden, met komma's (minstens twee; "
            "elk in hooguit één bundel).",
            "Works and requests carried out together, separated by commas (at least two; "
            "each in at most one bundle).",
            required=True,
        ),
        _c(
            "max_span",
            "max weken",
            "max span",
            "weeks",
            "Hoogstens zoveel weken van de eerste startweek tot de laatste eindweek.",
            "At most this many weeks from the first start week to the last finish week.",
            required=True,
            minimum=1,
        ),
    ),
)
SCENARIO = SheetSpec(
    "scenario",
    "Scenario",
    "Scenario",
    (
        _c("name", "naam", "name", "text", "Naam van het scenario.", "Name of the scenario."),
        _c("description", "beschrijving", "description", "text", "Toelichting.", "Description."),
        _c(
            "horizon_start",
            "horizon begin",
            "horizon start",
            "week",
            "Eerste week van de planperiode, bv. 2027-W01.",
            "First week of the planning period, e.g. 2027-W01.",
        ),
        _c(
            "horizon_end",
            "horizon einde",
            "horizon end",
            "week",
            "Laatste week van de planperiode (inbegrepen).",
            "Last week of the planning period (included).",
        ),
        _c("areas_geometry", "grenzenbestand", "areas geometry", "text",
           "GeoJSON of GeoPackage met de buurten, naast dit bestand.",
           "GeoJSON or GeoPackage with the buurten, next to this file."),
        _c("contact", "contact", "contact", "text", "Contact voor bewoners.",
           "Contact for residents."),
    ),
    settings=True,
)
# Texts of the Scenario sheet copied as they are.
_SCENARIO_TEXTS = ("name", "description", "areas_geometry", "contact")
POLICY = SheetSpec(
    "policy",
    "Beleid",
    "Policy",
    (
        _c(
            "objective",
            "doel",
            "objective",
            "objective",
            "verschuiving (zo min mogelijk verschuiven) of doorlooptijd (alles zo vroeg "
            "mogelijk klaar).",
            "displacement (move as little as possible) or makespan (finish all as early "
            "as possible).",
        ),
        _c(
            "move_penalty",
            "verplaatsingsboete",
            "move penalty",
            "int",
            "Extra kosten voor elk werk dat verschuift.",
            "Added cost for every work that moves.",
        ),
        _c(
            "time_limit",
            "tijdslimiet",
            "time limit",
            "number",
            "Rekentijd in seconden.",
            "Solver time in seconds.",
        ),
        _c("seed", "seed", "seed", "int", "Startgetal van de rekenaar.", "Solver seed."),
        _c(
            "workers",
            "workers",
            "workers",
            "int",
            "Aantal rekenkernen.",
            "Number of solver threads.",
        ),
        _c(
            "deterministic",
            "deterministisch",
            "deterministic",
            "bool",
            "ja: dezelfde invoer geeft altijd hetzelfde plan.",
            "yes: the same input always gives the same plan.",
        ),
    ),
    settings=True,
)

SHEETS: tuple[SheetSpec, ...] = (
    SCENARIO,
    WORKS,
    REQUESTS,
    RESOURCES,
    EXCEPTIONS,
    ABSENCE,
    BUDGETS,
    AREAS,
    RULES,
    BUNDLES,
    POLICY,
)
SETTING_HEADERS = {
    "nl": ("instelling", "waarde", "toelichting"),
    "en": ("setting", "value", "note"),
}


def normalise(text: str) -> str:
    """Header matching ignores case, ``_``/``-``, extra spaces and a ``(unit)`` suffix."""
    text = re.sub(r"\s*\(.*\)\s*$", "", text.strip())
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


def _names(column: Column) -> set[str]:
    return {normalise(column.nl), normalise(column.en), normalise(column.key)}


def field_headers(spec: SheetSpec) -> set[str]:
    """Every normalised header that names a field of this sheet."""
    return {name for column in spec.columns for name in _names(column)}
