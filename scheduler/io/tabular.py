"""The mapping between spreadsheet tables and a scenario, both ways.

A workbook and a folder of CSV files hold the same tables (see
docs/spreadsheet-format.md); :mod:`scheduler.io.workbook` and
:mod:`scheduler.io.csv_folder` only turn their form into :class:`Table` objects
(rows of cell values plus a way to name a cell). Here those tables become the
raw YAML-shaped dict that :func:`scheduler.io.validate.build_scenario` checks,
with a locator from paths such as ``("works", 3, "duration")`` to cells such as
``Werken!F5``, so every problem names its cell. The writers use
:func:`scenario_tables` for the way back.

Reading is two-phase. Problems with the shape of the tables (a missing sheet,
an unknown header, merged cells) stop before validation: every cell below a
wrong header would otherwise be reported too. Problems in single cells (text
in a number column, a date written as text) are collected, the cell is left
out, validation runs on the rest, and all problems are reported at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from scheduler import weeks
from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.validate import build_scenario, place_text
from scheduler.references import Path
from scheduler.scenario import Kind, Objective, Policy, Request, Scenario, Work

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


KIND_NAMES: dict[Kind, str] = {
    Kind.ROAD: "weg",
    Kind.SEWER: "riool",
    Kind.GREEN: "groen",
    Kind.TREE: "boom",
    Kind.PLAY: "spelen",
    Kind.LIGHTING: "verlichting",
    Kind.HEAT: "warmte",
    Kind.OTHER: "overig",
}
OBJECTIVE_NAMES: dict[Objective, str] = {
    Objective.DISPLACEMENT: "verschuiving",
    Objective.MAKESPAN: "doorlooptijd",
}
RULE_NAMES: dict[str, tuple[str, str]] = {
    "breeding_season": ("broedseizoen", "breeding season"),
    "breekverbod": ("breekverbod", "breekverbod"),
    "event": ("evenement", "event"),
    "max_concurrent": ("max gelijktijdig", "max concurrent"),
    "school_holidays": ("schoolvakantie", "school holidays"),
}
# Which Regels columns each rule uses, and the raw key each fills.
RULE_COLUMNS: dict[str, dict[str, str]] = {
    "breeding_season": {"from": "from", "to": "to", "kinds": "kinds"},
    "breekverbod": {"years": "breekverbod_years"},
    "event": {"name": "name", "from": "from", "to": "to", "areas": "areas", "kinds": "kinds"},
    "max_concurrent": {"kinds": "kinds", "per": "per", "limit": "limit"},
    "school_holidays": {"region": "region", "kinds": "kinds", "items": "items"},
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


# ---------------------------------------------------------------------------
# Tables as read


@dataclass(frozen=True)
class BadCell:
    """A cell whose value cannot be used (formula without result, Excel error)."""

    code: str
    params: dict[str, Any]


# Cells one sheet or CSV file may hold: like the YAML element limit, this bounds
# the time and memory a huge (or hostile) file costs before it is refused.
MAX_CELLS = 1_000_000


@dataclass
class Table:
    """One sheet or CSV file: numbered rows of cell values, and how to name a cell.

    ``ref(row, None)`` names a whole row, ``ref(row, column)`` a cell (column
    counted from 0). ``rows`` holds the header row first; cell values are
    None, str, int, float, bool, date/datetime or :class:`BadCell`.
    ``decimal_comma``: a ``,`` in a text number cell is the decimal sign (a CSV
    file with ``;`` between cells, as Dutch Excel writes it).
    """

    title: str
    rows: list[tuple[int, list[Any]]]
    ref: Callable[[int, int | None], str]
    decimal_comma: bool = False


@dataclass
class _Record:
    """Where one list entry (or settings block) of the raw dict stands."""

    table: Table
    row: int
    cells: Mapping[Any, tuple[int | None, int]]  # key -> (row or None for self.row, column)
    settings: bool = False  # a key/value sheet: a key without a row has no cell
    column: int | None = None  # the record's own cell, if it is one


@dataclass
class _Reading:
    source: str
    form: Literal["sheet", "csv"]
    problems: list[InputProblem] = field(default_factory=list)
    stop: bool = False  # a problem with the shape of the tables: do not validate
    bad_cells: set[str] = field(default_factory=set)
    records: dict[Path, _Record] = field(default_factory=dict)
    horizon_reported: bool = False  # the missing Scenario sheet says it all
    titles: dict[str, int] = field(default_factory=dict)  # table title -> sheet order
    order: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # cell -> sort key

    def cell(self, table: Table, row: int, col: int | None) -> str:
        """The name of a cell, remembering where it stands so problems can be sorted."""
        text = table.ref(row, col)
        self.order[text] = (self.titles.get(table.title, 0), row, -1 if col is None else col)
        return text

    def error(self, problems: list[InputProblem]) -> ScenarioError:
        """All problems, in sheet order, then row, then column (not in YAML-path order)."""
        error = ScenarioError(problems)
        error.problems.sort(key=self._sort_key)
        error.args = (error.render("en"),)
        return error

    def _sort_key(self, problem: InputProblem) -> tuple[int, int, int]:
        if problem.cell is None:
            return (-1, 0, 0)
        if problem.cell in self.order:
            return self.order[problem.cell]
        for title, index in self.titles.items():  # a sheet, or a range named by a reader
            if problem.cell == title or problem.cell.startswith((f"{title}!", f"{title}:")):
                return (index, 0, -1)
        return (len(self.titles), 0, 0)

    def add(
        self,
        code: str,
        params: dict[str, Any],
        cell: str | None,
        place: str = "",
        *,
        stop: bool = False,
    ) -> None:
        self.problems.append(InputProblem(self.source, place, code, params, cell=cell))
        if cell is not None:
            self.bad_cells.add(cell)
        self.stop = self.stop or stop

    def locate(self, path: Path) -> tuple[int | None, str | None]:
        for end in range(len(path), 0, -1):
            record = self.records.get(tuple(path[:end]))
            if record is None:
                continue
            rest = path[end:]
            if not rest:
                return None, self.cell(record.table, record.row, record.column)
            for key in (rest[0], tuple(rest[:2])):
                if key in record.cells:
                    row, column = record.cells[key]
                    return None, self.cell(record.table, record.row if row is None else row, column)
            if record.settings:
                return None, None
            return None, f"{self.cell(record.table, record.row, None)} ({rest[0]})"
        return None, None


_MISSING = object()


def resolve_parts(
    names: Iterable[str], form: Literal["sheet", "csv"], source: str
) -> dict[str, str]:
    """Which sheet (or CSV file) holds which part; raise ScenarioError when that is unclear.

    Names match the Dutch or English name, ignoring case. A name close to a
    known one ("Verzoeke") is refused rather than ignored: the requests would
    silently vanish. Other sheets (notes, pivots) are ignored.
    """
    names = list(names)
    reading = _Reading(source, form)
    found: dict[str, str] = {}
    known: dict[str, SheetSpec] = {}
    for spec in SHEETS:
        for lang in ("nl", "en"):
            label = spec.name(lang) if form == "sheet" else spec.csv_name(lang)
            known[label.lower()] = spec
    for name in names:
        match = known.get(name.strip().lower())
        if match is None:
            close = difflib.get_close_matches(name.strip().lower(), list(known), 1, 0.8)
            if close:
                hint = _display(known[close[0]], form, name)
                reading.add("sheet_unknown", {"name": name, "hint": hint}, None, stop=True)
            continue
        if match.key in found:
            reading.add("sheet_twice", {"first": found[match.key], "second": name}, None, stop=True)
            continue
        found[match.key] = name
    if WORKS.key not in found:
        code = "sheet_missing" if form == "sheet" else "csv_missing"
        reading.add(
            code,
            {
                "name_nl": WORKS.nl if form == "sheet" else WORKS.csv_name("nl"),
                "name_en": WORKS.en if form == "sheet" else WORKS.csv_name("en"),
                "found": ", ".join(names),
            },
            None,
            stop=True,
        )
    if reading.problems:
        raise ScenarioError(reading.problems)
    return found


def _display(spec: SheetSpec, form: str, like: str) -> str:
    """The name of ``spec`` in the language the user's name seems to be in."""
    nl = spec.nl if form == "sheet" else spec.csv_name("nl")
    en = spec.en if form == "sheet" else spec.csv_name("en")
    a = difflib.SequenceMatcher(None, like.lower(), nl.lower()).ratio()
    b = difflib.SequenceMatcher(None, like.lower(), en.lower()).ratio()
    return nl if a >= b else en


def scenario_from_tables(
    tables: dict[str, Table],
    source: str,
    form: Literal["sheet", "csv"],
    problems: Iterable[InputProblem] = (),
) -> Scenario:
    """Validate the tables as a scenario; raise ScenarioError with every problem found.

    ``tables`` maps part keys (see :data:`SHEETS`) to tables; ``problems`` are
    what the reader of the form already found (merged cells, ...).
    """
    reading = _Reading(source, form)
    for index, spec in enumerate(SHEETS):
        if spec.key in tables:
            reading.titles[tables[spec.key].title] = index
    for problem in problems:
        reading.problems.append(problem)
        reading.stop = True
    raw = _TableReader(reading, tables).read()
    if reading.stop:
        raise reading.error(reading.problems)
    try:
        scenario = build_scenario(raw, source, reading.locate)
    except ScenarioError as error:
        later = [
            _sheet_params(problem, reading)
            for problem in error.problems
            if (problem.cell is None or problem.cell not in reading.bad_cells)
            and not (reading.horizon_reported and problem.place == "horizon")
        ]
        raise reading.error(reading.problems + later) from None
    if reading.problems:
        raise reading.error(reading.problems)
    return scenario


_PLACE_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_place(text: str) -> Path:
    parts: list[str | int] = []
    for name, index in _PLACE_PART.findall(text):
        parts.append(int(index) if index else (int(name) if name.isdigit() else name))
    return tuple(parts)


def _sheet_params(problem: InputProblem, reading: _Reading) -> InputProblem:
    """Validation names other entries by YAML path ("works[0].id"); name their cell instead."""
    params = dict(problem.params)
    named_first = ("duplicate_id", "duplicate_area", "bundle_item_twice")
    if problem.code in named_first and "first" in params:
        _, cell = reading.locate(_parse_place(str(params["first"])))
        if cell is not None:
            params["first"] = cell
    elif problem.code == "exception_overlap" and "other" in params:
        path = _parse_place(problem.place)
        _, cell = reading.locate((*path[:-1], params["other"]))
        if cell is not None:
            params["other"] = cell
    else:
        return problem
    return dataclasses.replace(problem, params=params)


class _TableReader:
    """Reads every table into the raw dict, recording where each value stands."""

    def __init__(self, reading: _Reading, tables: dict[str, Table]) -> None:
        self.reading = reading
        self.tables = tables

    def read(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        settings = self._settings(SCENARIO)
        for key in _SCENARIO_TEXTS:
            if key in settings:
                raw[key] = settings[key]
        if SCENARIO.key not in self.tables:
            code = "sheet_no_horizon" if self.reading.form == "sheet" else "csv_no_horizon"
            self.reading.add(code, {}, None)
            self.reading.horizon_reported = True
        else:
            raw["horizon"] = {
                end: settings[f"horizon_{end}"]
                for end in ("start", "end")
                if f"horizon_{end}" in settings
            }
            self._alias_settings(
                ("scenario",), ("horizon",), {"start": "horizon_start", "end": "horizon_end"}
            )
            for key in _SCENARIO_TEXTS:
                self._alias_settings(("scenario",), (key,), {}, own=key)
        policy = self._settings(POLICY)
        if POLICY.key in self.tables:
            raw["policy"] = policy
        resources = self._resources()
        if resources is not None:
            raw["resources"] = resources
        resource_ids = [r["id"] for r in resources or [] if isinstance(r.get("id"), str)]
        for spec in (BUDGETS, AREAS):
            if spec.key in self.tables:
                raw[spec.key] = self._rows(spec, years=spec is BUDGETS)
        # Under the displacement objective every work needs its planned start:
        # one missing column, not a "missing" for every row.
        makespan = _objective(policy.get("objective", ""), POLICY.columns[0]) == "makespan"
        for spec in (WORKS, REQUESTS):
            if spec.key in self.tables:
                needed = {"planned_start"} if spec is WORKS and not makespan else set()
                raw[spec.key] = self._rows(spec, resource_ids=resource_ids, needed=needed)
        rules = self._rules()
        if BUNDLES.key in self.tables:
            rules = {**(rules or {}), "bundles": self._bundles()}
        if rules is not None:
            raw["rules"] = rules
        return raw

    def _alias_settings(
        self, at: Path, path: Path, keys: dict[str, str], own: str | None = None
    ) -> None:
        """Let validation paths such as ("horizon", "start") find their settings cell."""
        record = self.reading.records.get(at)
        if record is None:
            return
        cells = {new: record.cells[old] for new, old in keys.items() if old in record.cells}
        alias = _Record(record.table, record.row, cells, settings=True)
        if own is not None:
            if own not in record.cells:
                return
            row, column = record.cells[own]
            alias.row, alias.column = row or record.row, column
        self.reading.records[path] = alias

    # -- headers

    def _header(
        self,
        table: Table,
        spec: SheetSpec,
        resource_ids: list[str] | None = None,
        years: bool = False,
        needed: set[str] | None = None,
    ) -> dict[int, Any]:
        """Column index -> Column, ("demand", id) or ("per_year", year).

        ``needed`` names columns that are required here beyond the sheet's own.
        """
        reading = self.reading
        needed = needed or set()
        columns: dict[int, Any] = {}
        if not table.rows:
            for column in spec.columns:
                if column.required or column.key in needed:
                    reading.add(
                        "sheet_missing_column", _labels(column), table.title, spec.key, stop=True
                    )
            return columns
        header_row, header = table.rows[0]
        by_name = {name: column for column in spec.columns for name in _names(column)}
        seen: dict[Any, int] = {}
        used = {
            col for _, values in table.rows[1:] for col, v in enumerate(values) if not _blank(v)
        }
        for col, value in enumerate(header):
            text = _cell_text(value)
            if text is None:
                if col in used:
                    reading.add(
                        "sheet_no_header",
                        {},
                        self.reading.cell(table, header_row, col),
                        spec.key,
                        stop=True,
                    )
                continue
            target: Any = by_name.get(normalise(text))
            if target is None:
                target = self._extra_header(text, resource_ids, years)
            if target is None:
                candidates = [c.label(lang) for c in spec.columns for lang in ("nl", "en")]
                candidates += resource_ids or []
                hint = _hint(text, candidates)
                reading.add(
                    "sheet_unknown_column",
                    {"header": text, "hint": hint},
                    self.reading.cell(table, header_row, col),
                    spec.key,
                    stop=True,
                )
                continue
            identity = target.key if isinstance(target, Column) else target
            if identity in seen:
                reading.add(
                    "sheet_duplicate_column",
                    {"header": text, "first": self.reading.cell(table, header_row, seen[identity])},
                    self.reading.cell(table, header_row, col),
                    spec.key,
                    stop=True,
                )
                continue
            seen[identity] = col
            columns[col] = target
        present = {target.key for target in columns.values() if isinstance(target, Column)}
        for column in spec.columns:
            if (column.required or column.key in needed) and column.key not in present:
                reading.add(
                    "sheet_missing_column", _labels(column), table.title, spec.key, stop=True
                )
        return columns

    @staticmethod
    def _extra_header(text: str, resource_ids: list[str] | None, years: bool) -> Any:
        if years:
            stripped = text.strip()
            if re.fullmatch(r"\d{4}", stripped):
                return ("per_year", int(stripped))
            return None
        if resource_ids is None:
            return None
        prefixed = re.fullmatch(r"\s*(?:vraag|demand)\s*:\s*(.*?)\s*", text, re.IGNORECASE)
        if prefixed:
            return ("demand", prefixed.group(1))
        if text.strip() in resource_ids:
            return ("demand", text.strip())
        return None

    # -- rows

    def _data_rows(self, table: Table, key: str) -> list[tuple[int, list[Any]]]:
        """Data rows without trailing empty rows; an empty row in between is a problem."""
        rows = table.rows[1:]
        while rows and all(_blank(v) for v in rows[-1][1]):
            rows.pop()
        kept = []
        for row, values in rows:
            if all(_blank(v) for v in values):
                self.reading.add("sheet_empty_row", {}, self.reading.cell(table, row, None), key)
            else:
                kept.append((row, values))
        return kept

    def _rows(
        self,
        spec: SheetSpec,
        resource_ids: list[str] | None = None,
        years: bool = False,
        needed: set[str] | None = None,
    ) -> list[dict[str, Any]]:
        key = spec.key
        table = self.tables[key]
        columns = self._header(table, spec, resource_ids, years, needed)
        cells = {_target_key(target): (None, col) for col, target in columns.items()}
        plan = [
            (col, target, None, None)
            if isinstance(target, Column)
            else (col, _extra_column(*target), target[0], target[1])
            for col, target in columns.items()
        ]
        entries: list[dict[str, Any]] = []
        for index, (row, values) in enumerate(self._data_rows(table, key)):
            path: Path = (key, index)
            self.reading.records[path] = _Record(table, row, cells)
            entry: dict[str, Any] = {}
            for col, column, section, name in plan:
                value = values[col] if col < len(values) else None
                if value is None:
                    continue
                parsed = self._value(
                    value, column, (table, row, col), (*path, section or column.key)
                )
                if parsed is _MISSING:
                    continue
                if section is None:
                    entry[column.key] = parsed
                else:
                    entry.setdefault(section, {})[name] = parsed
            if years:
                entry.setdefault("per_year", {})
            entries.append(entry)
        return entries

    def _resources(self) -> list[dict[str, Any]] | None:
        if RESOURCES.key not in self.tables:
            resources: list[dict[str, Any]] | None = None
        else:
            resources = self._rows(RESOURCES)
        if EXCEPTIONS.key not in self.tables:
            return resources
        table = self.tables[EXCEPTIONS.key]
        columns = self._header(table, EXCEPTIONS)
        cells = {_target_key(target): (None, col) for col, target in columns.items()}
        index_of = {str(r.get("id")): i for i, r in enumerate(resources or [])}
        for row, values in self._data_rows(table, "exceptions"):
            exception: dict[str, Any] = {}
            owner: str | None = None
            owner_cell = ""
            for col, column in columns.items():
                value = values[col] if col < len(values) else None
                parsed = self._value(value, column, (table, row, col), ("exceptions",))
                if parsed is _MISSING:
                    continue
                if column.key == "id":
                    owner, owner_cell = str(parsed), self.reading.cell(table, row, col)
                else:
                    exception[column.key] = parsed
            if owner is None:
                continue
            if owner not in index_of:
                self.reading.add("unknown_resource", {"id": owner}, owner_cell, "exceptions")
                continue
            assert resources is not None
            resource = resources[index_of[owner]]
            listed = resource.setdefault("exceptions", [])
            path: Path = ("resources", index_of[owner], "exceptions", len(listed))
            self.reading.records[path] = _Record(table, row, cells)
            listed.append(exception)
        return resources

    def _settings(self, spec: SheetSpec) -> dict[str, Any]:
        """A key/value sheet: column A names the setting, column B holds its value.

        Row 1 is a header ("instelling | waarde") unless it already names a
        setting; columns after B are notes and are not read.
        """
        table = self.tables.get(spec.key)
        if table is None:
            return {}
        by_name = {name: column for column in spec.columns for name in _names(column)}
        rows = table.rows
        if rows and normalise(_cell_text(_at(rows[0][1], 0)) or "") not in by_name:
            rows = rows[1:]
        result: dict[str, Any] = {}
        cells: dict[Any, tuple[int | None, int]] = {}
        for row, values in rows:
            name = _cell_text(_at(values, 0))
            value = _at(values, 1)
            if name is None:
                if not _blank(value):
                    self.reading.add(
                        "sheet_no_header", {}, self.reading.cell(table, row, 0), spec.key
                    )
                continue
            column = by_name.get(normalise(name))
            if column is None:
                labels = [c.label(lang) for c in spec.columns for lang in ("nl", "en")]
                self.reading.add(
                    "sheet_unknown_setting",
                    {"key": name, "hint": _hint(name, labels)},
                    self.reading.cell(table, row, 0),
                    spec.key,
                )
                continue
            if column.key in cells:
                first_row = cells[column.key][0] or row
                self.reading.add(
                    "sheet_duplicate_setting",
                    {"key": name, "first": self.reading.cell(table, first_row, 0)},
                    self.reading.cell(table, row, 0),
                    spec.key,
                )
                continue
            cells[column.key] = (row, 1)
            parsed = self._value(value, column, (table, row, 1), (spec.key, column.key))
            if parsed is not _MISSING:
                result[column.key] = parsed
        first = rows[0][0] if rows else 1
        self.reading.records[(spec.key,)] = _Record(table, first, cells, settings=True)
        return result

    def _rules(self) -> dict[str, Any] | None:
        table = self.tables.get(RULES.key)
        if table is None:
            return None
        columns = self._header(table, RULES)
        by_key = {target.key: col for col, target in columns.items()}
        if "rule" not in by_key:
            return {}  # reported by _header
        rules: dict[str, Any] = {}
        first_at: dict[str, str] = {}
        rules_cells: dict[Any, tuple[int | None, int]] = {}
        self.reading.records[("rules",)] = _Record(table, 1, rules_cells)
        for row, values in self._data_rows(table, "rules"):

            def value_at(key: str, values: list[Any] = values) -> Any:
                col = by_key.get(key)
                return None if col is None else _at(values, col)

            rule_col = by_key["rule"]
            rule = self._rule_name(value_at("rule"), self.reading.cell(table, row, rule_col))
            if rule is None:
                continue
            entry: dict[str, Any] = {}
            used = RULE_COLUMNS[rule]
            for col, column in columns.items():
                if column.key == "rule":
                    continue
                value = value_at(column.key)
                cell = self.reading.cell(table, row, col)
                if column.key not in used:
                    if not _blank(value):
                        header = _cell_text(table.rows[0][1][col]) or column.key
                        label = RULE_NAMES[rule][0 if self._dutch(table) else 1]
                        self.reading.add(
                            "sheet_rule_column", {"header": header, "rule": label}, cell, "rules"
                        )
                    continue
                kind: ValueKind = column.kind
                if column.kind == "period":
                    kind = "day" if rule == "breeding_season" else "week"
                where = (table, row, col)
                parsed = self._value(
                    value, dataclasses.replace(column, kind=kind), where, ("rules",)
                )
                if parsed is not _MISSING:
                    entry[used[column.key]] = parsed
            cells = {raw_key: (None, by_key[key]) for key, raw_key in used.items() if key in by_key}
            here = self.reading.cell(table, row, rule_col)
            if rule in ("event", "max_concurrent"):
                section = "events" if rule == "event" else "max_concurrent"
                listed = rules.setdefault(section, [])
                self.reading.records[("rules", section, len(listed))] = _Record(table, row, cells)
                listed.append(entry)
            elif rule in first_at:
                label = RULE_NAMES[rule][0 if self._dutch(table) else 1]
                self.reading.add(
                    "sheet_rule_twice", {"rule": label, "first": first_at[rule]}, here, "rules"
                )
            elif rule in ("breeding_season", "school_holidays"):
                first_at[rule] = here
                rules[rule] = entry
                self.reading.records[("rules", rule)] = _Record(table, row, cells)
            else:
                first_at[rule] = here
                if "breekverbod_years" in entry:
                    rules["breekverbod_years"] = entry["breekverbod_years"]
                rules_cells["breekverbod_years"] = (row, by_key.get("years", rule_col))
        return rules

    def _bundles(self) -> list[dict[str, Any]]:
        """The Bundels sheet: one bundle per row, found by validation as rules.bundles[i]."""
        entries = self._rows(BUNDLES)
        for index in range(len(entries)):
            record = self.reading.records.pop((BUNDLES.key, index))
            self.reading.records[("rules", "bundles", index)] = record
        return entries

    def _dutch(self, table: Table) -> bool:
        return table.title.lower().startswith(RULES.nl.lower())

    def _rule_name(self, value: Any, cell: str) -> str | None:
        if isinstance(value, BadCell):
            self.reading.add(value.code, value.params, cell, "rules")
            return None
        text = _cell_text(value)
        if text is None:
            self.reading.add("missing", {}, cell, "rules")
            return None
        wanted = normalise(text)
        for rule, (nl, en) in RULE_NAMES.items():
            if wanted in (normalise(nl), normalise(en), normalise(rule)):
                return rule
        self.reading.add(
            "sheet_unknown_rule",
            {
                "got": text,
                "allowed_nl": ", ".join(nl for nl, _ in RULE_NAMES.values()),
                "allowed_en": ", ".join(en for _, en in RULE_NAMES.values()),
            },
            cell,
            "rules",
        )
        return None

    # -- values

    def _value(self, value: Any, column: Column, where: tuple[Table, int, int], place: Path) -> Any:
        """The raw value of a cell for ``column``, or _MISSING (empty, or a problem reported).

        ``where`` (table, row, column) and ``place`` only become text when
        there is a problem: a large sheet has a hundred thousand cells.
        """
        if isinstance(value, BadCell):
            table, row, col = where
            self.reading.add(
                value.code, value.params, self.reading.cell(table, row, col), place_text({}, place)
            )
            return _MISSING
        if _blank(value) and (column.kind != "text" or value is None or value == ""):
            return _MISSING
        if where[0].decimal_comma and column.kind == "number" and _is_decimal_comma(value):
            value = value.strip().replace(",", ".")
        try:
            return _PARSERS[column.kind](value, column)
        except _CellError as error:
            params = {**_labels(column), "got": _shown(value), **error.params}
            table, row, col = where
            self.reading.add(
                error.code, params, self.reading.cell(table, row, col), place_text({}, place)
            )
            return _MISSING


def _extra_column(section: str, name: Any) -> Column:
    """The column of a demand (one per resource) or a budget year, for messages."""
    if section == "demand":
        return _c("demand", f"vraag {name}", f"demand {name}", "int", "", "")
    return _c("per_year", f"bedrag {name}", f"amount {name}", "int", "", "")


def _target_key(target: Any) -> Any:
    return target.key if isinstance(target, Column) else target


def _labels(column: Column) -> dict[str, Any]:
    return {"label_nl": column.nl, "label_en": column.en}


def _hint(text: str, candidates: list[str]) -> str:
    by_norm = {normalise(c): c for c in candidates}
    close = difflib.get_close_matches(normalise(text), list(by_norm), n=1, cutoff=0.6)
    return by_norm[close[0]] if close else ""


def _at(values: list[Any], col: int) -> Any:
    return values[col] if col < len(values) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str | None:
    if _blank(value) or isinstance(value, BadCell):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _CellError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_WEEK = re.compile(r"^(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_TEXT = re.compile(r"^\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}$")
_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_LAG = re.compile(r"^(.*?)\s*\+\s*(\d+)$")
_LIST_SPLIT = re.compile(r"[,;]")


def _is_decimal_comma(value: Any) -> bool:
    return isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()) is not None


def _whole(value: Any, column: Column) -> int:
    code = "sheet_weeks" if column.kind == "weeks" else "sheet_whole_number"
    minimum = column.minimum
    if isinstance(value, bool):
        raise _CellError(code, minimum=minimum)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellError(code, minimum=minimum)
    if isinstance(value, str):
        text = value.strip()
        if _INT.match(text):
            return int(text)
        hint = ""
        if _DECIMAL_COMMA.match(text):
            hint = "decimal_comma"
        elif _THOUSANDS.match(text):
            hint = "thousands"
        raise _CellError(code, minimum=minimum, hint=hint)
    raise _CellError(code, minimum=minimum)


def _number(value: Any, column: Column) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT.match(text):
            return int(text)
        if _DECIMAL.match(text):
            return float(text)
        hint = "decimal_comma" if _DECIMAL_COMMA.match(text) else ""
        raise _CellError("sheet_number", hint=hint)
    raise _CellError("sheet_number")


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _week(value: Any, column: Column) -> str:
    day = _as_date(value)
    if day is not None:
        return weeks.format_week(weeks.week_of_date(day))
    if not isinstance(value, str):
        raise _CellError("sheet_week")
    text = value.strip()
    match = _WEEK.match(text)
    if match:
        return f"{match.group(1)}-W{int(match.group(2)):02d}"
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise _CellError("sheet_date_text") from None
        return weeks.format_week(weeks.week_of_date(day))
    if _DATE_TEXT.match(text):
        raise _CellError("sheet_date_text")
    return text  # validation names what is wrong with it


def _day(value: Any, column: Column) -> str:
    day = _as_date(value)
    if day is not None:
        return f"{day.month:02d}-{day.day:02d}"
    if not isinstance(value, str):
        raise _CellError("sheet_day")
    text = value.strip()
    match = _DAY.match(text)
    if match:
        return f"{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    iso = _ISO_DATE.match(text)
    if iso:
        return f"{int(iso.group(2)):02d}-{int(iso.group(3)):02d}"
    if _DATE_TEXT.match(text):
        raise _CellError("sheet_date_text")
    return text


def _text(value: Any, column: Column) -> Any:
    if isinstance(value, bool):
        return value  # validation: expected text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if _as_date(value) is not None:
        raise _CellError("sheet_value_type")
    return value


def _bool(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _CellError("sheet_bool")


_KIND_BY_NAME = {
    **{name: kind for kind, name in KIND_NAMES.items()},
    **{kind.value: kind for kind in Kind},
}
_KIND_PARAMS = {
    "allowed_nl": ", ".join(KIND_NAMES.values()),
    "allowed_en": ", ".join(kind.value for kind in Kind),
}


def _kind(value: Any, column: Column) -> str:
    text = str(value).strip()
    kind = _KIND_BY_NAME.get(text.lower())
    if kind is None:
        raise _CellError("sheet_kind", **_KIND_PARAMS, got=_shown(text))
    return kind.value


def _split(value: Any) -> list[str] | None:
    """A list cell; None for an explicit empty list ("(geen)")."""
    text = _cell_text(value) or ""
    if text.lower() in _EMPTY_LIST:
        return None
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


def _kinds(value: Any, column: Column) -> list[str]:
    parts = _split(value)
    return [] if parts is None else [_kind(part, column) for part in parts]


def _areas(value: Any, column: Column) -> list[str]:
    parts = _split(value)
    if parts is None:
        return []
    return [code for part in parts for code in part.split()]


def _after(value: Any, column: Column) -> list[dict[str, Any]]:
    parts = _split(value)
    result: list[dict[str, Any]] = []
    for part in parts or []:
        match = _LAG.match(part)
        if match is None:
            result.append({"work": part})
        elif not match.group(1):
            raise _CellError("sheet_after")
        else:
            result.append({"work": match.group(1), "lag": int(match.group(2))})
    return result


def _ids(value: Any, column: Column) -> list[str]:
    """Ids separated by commas (or semicolons); (geen) for none."""
    return _split(value) or []


def _range(value: Any, column: Column) -> list[int]:
    """``8, 10, 14`` as [8, 10, 14]; the order is checked with the scenario's own rule."""
    parts = _split(value) or []
    if len(parts) != 3 or not all(_INT.match(part) for part in parts):
        raise _CellError("sheet_range")
    return [int(part) for part in parts]


def _objective(value: Any, column: Column) -> Any:
    text = str(value).strip().lower()
    for objective, name in OBJECTIVE_NAMES.items():
        if text in (name, objective.value):
            return objective.value
    return value  # validation lists the allowed values


def _per(value: Any, column: Column) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _location(value: Any, column: Column) -> Any:
    """A GeoJSON geometry written as JSON text in one cell."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    raise _CellError("geo_location_text")


def _never(value: Any, column: Column) -> Any:
    raise AssertionError(column.kind)  # "period" and "rule" are read by _rules


_PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": _text,
    "int": _whole,
    "weeks": _whole,
    "number": _number,
    "week": _week,
    "day": _day,
    "period": _never,
    "bool": _bool,
    "kind": _kind,
    "kinds": _kinds,
    "areas": _areas,
    "after": _after,
    "objective": _objective,
    "per": _per,
    "rule": _never,
    "ids": _ids,
    "range": _range,
    "location": _location,
}

# ---------------------------------------------------------------------------
# The way back: a scenario as tables to write


@dataclass
class OutColumn:
    """A column to write: its header, and the Column it fills (None for demand/years)."""

    header: str
    column: Column | None
    note: str = ""


@dataclass
class OutTable:
    spec: SheetSpec
    title: str
    columns: list[OutColumn]
    rows: list[list[Any]]  # str, int, float or None


def scenario_tables(scenario: Scenario | None, lang: Lang = "nl") -> list[OutTable]:
    """Every sheet of ``scenario`` (an empty template for None) as values to write.

    Texts stay texts, whole numbers stay numbers, weeks are written as
    ``2027-W14``, yes/no as ``ja``/``nee`` (or ``yes``/``no``), lists with
    ``", "`` between items, and an explicitly empty list as ``(geen)``.
    """
    return [
        _settings_table(SCENARIO, lang, _scenario_values(scenario)),
        _item_table(WORKS, lang, scenario, scenario.works if scenario else []),
        _item_table(REQUESTS, lang, scenario, scenario.requests if scenario else []),
        _plain_table(
            RESOURCES,
            lang,
            [
                {"id": r.id, "name": r.name, "capacity": r.capacity}
                for r in (scenario.resources if scenario else [])
            ],
        ),
        _plain_table(
            EXCEPTIONS,
            lang,
            [
                {"id": r.id, "from": e.from_, "to": e.to, "capacity": e.capacity}
                for r in (scenario.resources if scenario else [])
                for e in r.exceptions
            ],
        ),
        _budget_table(lang, scenario),
        _plain_table(
            AREAS,
            lang,
            [
                {
                    "code": a.code,
                    "name": a.name,
                    "neighbours": _join(a.neighbours, lang) if a.neighbours else None,
                }
                for a in (scenario.areas if scenario else [])
            ],
        ),
        _rules_table(lang, scenario),
        _plain_table(
            BUNDLES,
            lang,
            [
                {"name": b.name, "items": ", ".join(b.items), "max_span": b.max_span}
                for b in (scenario.rules.bundles if scenario else [])
            ],
        ),
        _settings_table(POLICY, lang, _policy_values(scenario, lang)),
    ]


def _join(items: list[str], lang: Lang) -> str:
    return ", ".join(items) if items else NONE_WORDS[lang]


def _out_columns(spec: SheetSpec, lang: Lang) -> list[OutColumn]:
    return [OutColumn(c.label(lang), c, c.note(lang)) for c in spec.columns]


def _plain_table(spec: SheetSpec, lang: Lang, rows: list[dict[str, Any]]) -> OutTable:
    columns = _out_columns(spec, lang)
    values = [[row.get(c.column.key) if c.column else None for c in columns] for row in rows]
    return OutTable(spec, spec.name(lang), columns, values)


def _settings_table(spec: SheetSpec, lang: Lang, values: dict[str, Any]) -> OutTable:
    columns = [OutColumn(h, None) for h in SETTING_HEADERS[lang]]
    rows = [[c.label(lang), values.get(c.key), c.note(lang)] for c in spec.columns]
    return OutTable(spec, spec.name(lang), columns, rows)


def _scenario_values(scenario: Scenario | None) -> dict[str, Any]:
    if scenario is None:
        return {}
    return {
        "name": scenario.name,
        "description": scenario.description,
        "horizon_start": scenario.horizon.start,
        "horizon_end": scenario.horizon.end,
        "areas_geometry": scenario.areas_geometry,
        "contact": scenario.contact,
    }


def _policy_values(scenario: Scenario | None, lang: Lang) -> dict[str, Any]:
    """The policy to write; the template shows the defaults."""
    policy = scenario.policy if scenario else Policy()
    objective = OBJECTIVE_NAMES[policy.objective] if lang == "nl" else policy.objective.value
    return {
        "objective": objective,
        "move_penalty": policy.move_penalty,
        "time_limit": policy.time_limit,
        "seed": policy.seed,
        "workers": policy.workers,
        "deterministic": _yes_no(policy.deterministic, lang),
    }


def _yes_no(flag: bool, lang: Lang) -> str:
    return YES[lang] if flag else NO[lang]


def _kind_name(kind: Kind, lang: Lang) -> str:
    return KIND_NAMES[kind] if lang == "nl" else kind.value


def demand_header(resource_id: str, spec: SheetSpec, lang: Lang) -> str:
    """The plain id, or ``vraag: id`` where the id alone would read as another column."""
    plain = normalise(resource_id)
    if plain in field_headers(spec) or re.match(r"(vraag|demand)\s*:", plain):
        return f"{DEMAND_PREFIX[lang]}: {resource_id}"
    return resource_id


def after_text(item: Work | Request) -> str | None:
    """``W-100+2, W-101``; the lag is written where it is not 0 or the id ends like one."""
    parts = []
    for dep in item.after:
        needs_lag = dep.lag != 0 or _LAG.match(dep.work) is not None
        parts.append(f"{dep.work}+{dep.lag}" if needs_lag else dep.work)
    return ", ".join(parts) if parts else None


def _item_table(
    spec: SheetSpec, lang: Lang, scenario: Scenario | None, items: list[Any]
) -> OutTable:
    columns = _out_columns(spec, lang)
    resources = [r.id for r in scenario.resources] if scenario else []
    for item in items:
        resources += [rid for rid in item.demand if rid not in resources]
    for rid in resources:
        note = ("Vraag per week van " if lang == "nl" else "Demand per week of ") + rid
        columns.append(OutColumn(demand_header(rid, spec, lang), None, note))
    rows = []
    for item in items:
        row: list[Any] = []
        for out in columns:
            if out.column is None:
                continue
            row.append(_item_value(item, out.column, lang))
        row += [item.demand.get(rid) for rid in resources]
        rows.append(row)
    return OutTable(spec, spec.name(lang), columns, rows)


def _item_value(item: Work | Request, column: Column, lang: Lang) -> Any:
    key = column.key
    if key == "after":
        return after_text(item)
    if key == "duration_range":
        spread = item.duration_range
        return None if spread is None else ", ".join(str(weeks) for weeks in spread)
    value = getattr(item, key)
    if column.kind == "kind":
        return _kind_name(value, lang)
    if column.kind == "bool":
        return _yes_no(value, lang)
    if column.kind == "location":
        return None if value is None else json.dumps(value.model_dump(), separators=(", ", ": "))
    return value


def _budget_table(lang: Lang, scenario: Scenario | None) -> OutTable:
    budgets = scenario.budgets if scenario else []
    years = sorted({year for budget in budgets for year in budget.per_year})
    columns = _out_columns(BUDGETS, lang)
    for year in years:
        note = "Bedrag in hele euro's" if lang == "nl" else "Amount in whole euros"
        columns.append(OutColumn(str(year), None, note))
    rows = [
        [budget.id, budget.name, *[budget.per_year.get(year) for year in years]]
        for budget in budgets
    ]
    return OutTable(BUDGETS, BUDGETS.name(lang), columns, rows)


def _rules_table(lang: Lang, scenario: Scenario | None) -> OutTable:
    columns = _out_columns(RULES, lang)
    index = {out.column.key: i for i, out in enumerate(columns) if out.column}
    name_of = {rule: names[0 if lang == "nl" else 1] for rule, names in RULE_NAMES.items()}
    rows: list[list[Any]] = []

    def add(rule: str, **values: Any) -> None:
        row: list[Any] = [None] * len(columns)
        row[index["rule"]] = name_of[rule]
        for key, value in values.items():
            row[index[key]] = value
        rows.append(row)

    def kinds(listed: list[Kind]) -> str:
        return _join([_kind_name(kind, lang) for kind in listed], lang)

    rules = scenario.rules if scenario else None
    if rules is not None:
        if rules.breeding_season is not None:
            season = rules.breeding_season
            add(
                "breeding_season",
                **{"from": season.from_, "to": season.to, "kinds": kinds(season.kinds)},
            )
        if rules.breekverbod_years is not None:
            add("breekverbod", years=rules.breekverbod_years)
        for event in rules.events:
            add(
                "event",
                name=event.name,
                areas=_join(event.areas, lang),
                kinds=None if event.kinds == list(Kind) else kinds(event.kinds),
                **{"from": event.from_, "to": event.to},
            )
        for limit in rules.max_concurrent:
            add("max_concurrent", kinds=kinds(limit.kinds), per=limit.per, limit=limit.limit)
        if rules.school_holidays is not None:
            holidays = rules.school_holidays
            add("school_holidays", region=holidays.region, kinds=kinds(holidays.kinds),
                items=_join(holidays.items, lang) or None)
    return OutTable(RULES, RULES.name(lang), columns, rows)
