"""The scenario format v1 as pydantic models (see docs/scenario-format.md).

These models check each field on its own: types, ranges, well-formed weeks,
days and area codes, and refuse unknown fields. Checks that need more than one
part of the scenario (references, cycles, windows inside the horizon) live in
:mod:`scheduler.references`, so that a loader can report every problem at once.
No solver code is imported here.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
)
from pydantic_core import PydanticCustomError

from scheduler import weeks
from scheduler.geo.location import Location

# The largest whole number a scenario may hold. Every sum the solver forms
# stays far inside 64-bit integers with this bound (see docs/reliability.md).
MAX_AMOUNT = 10**12
MAX_UNITS = 10**6
MAX_WEEKS = 20_000
# About 100 years. Model size grows with the horizon (start domains, capacity
# profiles, spend per year), so a longer one is refused rather than left to run
# for minutes (measurements in docs/reliability.md).
MAX_HORIZON_WEEKS = 5_200
# Objectives and their bounds pass through floating point (CP-SAT's objective
# value) and JSON (exact in every reader only up to 2**53): sums that could pass
# it are refused (scheduler/references.py).
MAX_EXACT = 2**53


class Kind(StrEnum):
    ROAD = "road"
    SEWER = "sewer"
    GREEN = "green"
    TREE = "tree"
    PLAY = "play"
    LIGHTING = "lighting"
    HEAT = "heat"
    OTHER = "other"


WIJK_PATTERN = re.compile(r"^WK\d{6}$")
BUURT_PATTERN = re.compile(r"^BU\d{8}$")


def _check_week(value: str) -> str:
    try:
        weeks.parse_week(value)
    except weeks.WeekError:
        match = weeks.WEEK_PATTERN.match(value)
        if match is None:
            raise PydanticCustomError("week_format", "", {"value": value}) from None
        year = int(match.group(1))
        raise PydanticCustomError(
            "week_missing",
            "",
            {"value": value, "year": year, "last": weeks.weeks_in_year(max(year, 1))},
        ) from None
    return value


def _check_day(value: str) -> str:
    try:
        weeks.parse_day(value)
    except weeks.WeekError:
        raise PydanticCustomError("day_format", "", {"value": value}) from None
    return value


def _check_area_code(value: str) -> str:
    if WIJK_PATTERN.match(value) or BUURT_PATTERN.match(value):
        return value
    raise PydanticCustomError("area_code", "", {"value": value})


def _check_id(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "", {})
    if value != value.strip():
        raise PydanticCustomError("id_spaces", "", {"value": value})
    return value


def _number_as_text(value: Any) -> Any:
    """Ids such as ``101`` are read as the text ``"101"`` (YAML reads them as numbers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Week = Annotated[str, Field(strict=True), AfterValidator(_check_week)]
Day = Annotated[str, Field(strict=True), AfterValidator(_check_day)]
AreaCode = Annotated[str, Field(strict=True), AfterValidator(_check_area_code)]
Id = Annotated[str, BeforeValidator(_number_as_text), Field(strict=True), AfterValidator(_check_id)]
Text = Annotated[str, BeforeValidator(_number_as_text), Field(strict=True, max_length=10_000)]
Units = Annotated[StrictInt, Field(ge=0, le=MAX_UNITS)]
Amount = Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT)]
WeekCount = Annotated[StrictInt, Field(ge=0, le=MAX_WEEKS)]
Duration = Annotated[StrictInt, Field(ge=1, le=MAX_WEEKS)]
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _check_range(value: list[int]) -> list[int]:
    """[min, likely, max] with min <= likely <= max (plooi risk samples between them)."""
    if not value[0] <= value[1] <= value[2]:
        raise PydanticCustomError("range_order", "", {"value": str(value)})
    return value


DurationRange = Annotated[
    list[Duration], Field(min_length=3, max_length=3), AfterValidator(_check_range)
]


class StrictModel(BaseModel):
    """Unknown fields are an error: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Horizon(StrictModel):
    start: Week
    end: Week

    @cached_property
    def first(self) -> int:
        return weeks.parse_week(self.start)

    @cached_property
    def last(self) -> int:
        return weeks.parse_week(self.end)

    @property
    def length(self) -> int:
        return self.last - self.first + 1


class Area(StrictModel):
    code: AreaCode
    name: Text
    neighbours: list[AreaCode] = []


class CapacityException(StrictModel):
    from_: Week = Field(alias="from")
    to: Week
    capacity: Units

    @cached_property
    def first(self) -> int:
        return weeks.parse_week(self.from_)

    @cached_property
    def last(self) -> int:
        return weeks.parse_week(self.to)


class Absence(StrictModel):
    """Chance that a unit of a crew is off in a week (weeks from..to, or every week)."""

    probability: Probability
    from_: Week | None = Field(default=None, alias="from")
    to: Week | None = None


# Tags of the two forms of absence: only the form given is validated, so a problem is
# reported once; validation leaves the tags out of the place it names (io/validate.py).
ABSENCE_NUMBER = "absence-number"
ABSENCE_PERIODS = "absence-periods"
UNION_TAGS = frozenset({ABSENCE_NUMBER, ABSENCE_PERIODS})


def _absence_form(value: Any) -> str:
    return ABSENCE_PERIODS if isinstance(value, list) else ABSENCE_NUMBER


def _absence_spelling(value: float | list[Absence]) -> float | list[Absence]:
    """One spelling per meaning, so every form of a scenario reads back equal.

    No periods is ``0``; one period without weeks is its number (the spreadsheet
    forms hold a single row for both).
    """
    if isinstance(value, list):
        if not value:
            return 0.0
        if len(value) == 1 and value[0].from_ is None and value[0].to is None:
            return value[0].probability
    return value


AbsenceForms = Annotated[
    Annotated[Probability, Tag(ABSENCE_NUMBER)] | Annotated[list[Absence], Tag(ABSENCE_PERIODS)],
    Discriminator(_absence_form),
    AfterValidator(_absence_spelling),
]


class Resource(StrictModel):
    id: Id
    name: Text
    capacity: Units
    exceptions: list[CapacityException] = []
    # Only plooi risk reads it: a number (every week) or periods, first listed wins.
    absence: AbsenceForms = 0.0

    def capacity_in(self, week: int) -> int:
        """The capacity in one week: the exception covering it, else the base capacity.

        With :func:`capacity_profile`, the one rule for "capacity in week w" that the
        solver, hand method, explainer, conflicts, levers and reports share (the
        checker keeps its own). Exceptions never overlap (the loader refuses that),
        so no order among them decides.
        """
        for exception in self.exceptions:
            if exception.first <= week <= exception.last:
                return exception.capacity
        return self.capacity


def capacity_profile(resource: Resource, first: int, last: int) -> dict[int, int]:
    """The resource's capacity in every week ``first..last``, as :meth:`Resource.capacity_in`.

    Filled per exception rather than per week, so it stays linear in the weeks.
    """
    profile = dict.fromkeys(range(first, last + 1), resource.capacity)
    for exception in reversed(resource.exceptions):  # reversed: the first listed wins
        for week in range(max(exception.first, first), min(exception.last, last) + 1):
            profile[week] = exception.capacity
    return profile


def _year_key(value: Any) -> Any:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


YearKey = Annotated[StrictInt, BeforeValidator(_year_key), Field(ge=1, le=9998)]


class Budget(StrictModel):
    id: Id
    name: Text
    per_year: dict[YearKey, Amount]


class Dependency(StrictModel):
    work: Id
    lag: WeekCount = 0


class ItemBase(StrictModel):
    """What works and requests share: rules bind them alike."""

    id: Id
    name: Text
    kind: Kind
    area: AreaCode
    street: Text | None = None
    duration: Duration
    # Only plooi risk reads it: [min, likely, max] weeks for a triangular spread.
    duration_range: DurationRange | None = None
    earliest: Week | None = None
    latest_finish: Week | None = None
    demand: dict[Id, Units] = {}
    cost: Amount = 0
    budget: Id | None = None
    after: list[Dependency] = []
    digs: StrictBool = False
    resurfaces: StrictBool = False
    emergency: StrictBool = False
    # For residents and maps (docs/scenario-format.md, "The street"); no rule reads them.
    location: Location | None = None
    outcome: Text | None = None
    contact: Text | None = None


class Work(ItemBase):
    """An item of the fixed programme; it has a place in the plan today."""

    planned_start: Week | None = None
    pinned: StrictBool = False
    max_shift: WeekCount | None = None
    weight: Amount = 1
    reason: Text | None = None


class Request(ItemBase):
    """A new, urgent item; not in the plan yet."""

    mandatory: StrictBool = True
    value: Amount = 1
    requested_by: Text | None = None
    reason: Text | None = None


class BreedingSeason(StrictModel):
    from_: Day = Field(alias="from")
    to: Day
    kinds: list[Kind] = [Kind.TREE, Kind.GREEN]


class Event(StrictModel):
    name: Text
    from_: Week = Field(alias="from")
    to: Week
    areas: list[AreaCode]
    kinds: list[Kind] = list(Kind)


class MaxConcurrent(StrictModel):
    kinds: list[Kind]
    per: Literal["wijk", "buurt"] = "wijk"
    limit: Units


def _check_bundle_items(value: list[str]) -> list[str]:
    if len(value) < 2:
        raise PydanticCustomError("bundle_too_few", "", {"count": len(value)})
    return value


class Bundle(StrictModel):
    """Werk met werk: the scheduled items together span at most ``max_span`` weeks.

    ``max(finish) - min(start) + 1 <= max_span`` over the bundle's scheduled items
    (a rejected optional request drops out); emergency requests are not exempt.
    Each item is a work or request, in at most one bundle, and lasts at most
    ``max_span`` weeks (checked with the other items: scheduler/references.py).
    """

    name: Text | None = None
    items: Annotated[
        list[Id], AfterValidator(_check_bundle_items), Field(json_schema_extra={"minItems": 2})
    ]
    max_span: Annotated[StrictInt, Field(ge=1, le=MAX_WEEKS)]

    @property
    def label(self) -> str:
        """The bundle's name, or its items where it has none."""
        return self.name if self.name else " + ".join(self.items)


class SchoolHolidays(StrictModel):
    """Works of these kinds, and these items, lie wholly inside school holidays."""

    region: Literal["noord", "midden", "zuid"]
    kinds: list[Kind] = []
    items: list[Id] = []


class Rules(StrictModel):
    breeding_season: BreedingSeason | None = None
    breekverbod_years: Annotated[StrictInt, Field(ge=0, le=100)] | None = None
    events: list[Event] = []
    max_concurrent: list[MaxConcurrent] = []
    school_holidays: SchoolHolidays | None = None  # scheduler/school_holidays.py
    bundles: list[Bundle] = []


class Objective(StrEnum):
    DISPLACEMENT = "displacement"
    MAKESPAN = "makespan"


class Policy(StrictModel):
    objective: Objective = Objective.DISPLACEMENT
    move_penalty: Amount = 10
    time_limit: Annotated[float, Field(gt=0, le=86_400)] = 60.0
    seed: Annotated[StrictInt, Field(ge=0, le=2**31 - 1)] = 0
    workers: Annotated[StrictInt, Field(ge=1, le=64)] | None = None
    deterministic: StrictBool = True


class Scenario(StrictModel):
    """A whole scenario: programme, requests, rules and policy."""

    name: Text | None = None
    description: Text | None = None
    horizon: Horizon
    areas: list[Area] = []
    resources: list[Resource] = []
    budgets: list[Budget] = []
    works: list[Work] = []
    requests: list[Request] = []
    rules: Rules = Rules()
    policy: Policy = Policy()
    # Boundaries of the wijken and buurten, relative to the scenario file (scheduler/geo).
    areas_geometry: Text | None = None
    # Whom residents may contact when a work names no one of its own.
    contact: Text | None = None

    @property
    def items(self) -> list[Work | Request]:
        """Works first, then requests, in file order."""
        return [*self.works, *self.requests]

    def derived(self, **update: Any) -> Scenario:
        """A copy with some fields replaced and no stale lookups.

        ``model_copy`` copies the cached lookups below with the fields, so a copy with
        fewer works would still find the dropped ones by id.
        """
        copy = self.model_copy(update=update)
        for name in ("item_by_id", "resource_by_id", "budget_by_id"):
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def item_by_id(self) -> dict[str, Work | Request]:
        return {item.id: item for item in self.items}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {resource.id: resource for resource in self.resources}

    @cached_property
    def budget_by_id(self) -> dict[str, Budget]:
        return {budget.id: budget for budget in self.budgets}

    def week(self, text: str) -> int:
        """A week text of this scenario as an ordinal."""
        return weeks.parse_week(text)

    def window(self, item: Work | Request) -> tuple[int, int]:
        """(earliest start, latest finish) as ordinals; the horizon where not given."""
        first = weeks.parse_week(item.earliest) if item.earliest else self.horizon.first
        last = weeks.parse_week(item.latest_finish) if item.latest_finish else self.horizon.last
        return first, last

    def planned(self, work: Work) -> int | None:
        return weeks.parse_week(work.planned_start) if work.planned_start else None


def wijk_of(area: str) -> str:
    """The wijk of an area: a wijk is its own; a buurt lies in the wijk of its first 6 digits."""
    if area.startswith("BU"):
        return "WK" + area[2:8]
    return area


def area_covers(rule_area: str, item_area: str) -> bool:
    """A rule naming a wijk covers all its buurten; a buurt covers only itself."""
    if rule_area == item_area:
        return True
    return (
        rule_area.startswith("WK")
        and item_area.startswith("BU")
        and wijk_of(item_area) == rule_area
    )
