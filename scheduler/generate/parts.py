"""The pieces of a programme while it is drawn; weeks are indices into the horizon."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class Wijk:
    code: str
    name: str
    lot: str  # "" or "zuid": which lot of a split resource serves it
    buurten: list[Buurt] = field(default_factory=list)


@dataclass(eq=False)
class Buurt:
    code: str
    name: str
    wijk: Wijk
    streets: list[str]


@dataclass
class Resource:
    id: str
    name: str
    own_team: bool
    base: int = 1
    exceptions: list[list[int]] = field(default_factory=list)  # [first, last, capacity]
    # per week: index into exceptions, or -1
    exception_of: list[int] = field(default_factory=list)


@dataclass(eq=False)
class Item:
    """A work or request while it is being generated; weeks are horizon indices."""

    id: str
    name: str
    kind: str
    buurt: Buurt
    street: str | None
    duration: int
    demand: dict[str, int]
    cost: int
    budget: str
    digs: bool = False
    resurfaces: bool = False
    weight: int = 1
    pinned: bool = False
    after: list[tuple[Item, int]] = field(default_factory=list)
    successors: list[Item] = field(default_factory=list)
    desired: int = 0
    emergency: bool = False
    mandatory: bool = True
    value: int = 1
    requested_by: str | None = None
    reason: str | None = None
    witness: int = -1
    baseline: int = -1
    contested: bool = False  # the baseline has no room at the witness slot

    @property
    def wijk(self) -> str:
        return self.buurt.wijk.code


@dataclass(frozen=True)
class Event:
    name: str
    first: int
    last: int
    areas: tuple[str, ...]
    kinds: tuple[str, ...]
