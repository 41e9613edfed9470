"""The mapping between spreadsheet tables and a scenario, both ways.

A workbook and a folder of CSV files hold the same tables (see
docs/spreadsheet-format.md); :mod:`scheduler.io.workbook` and
:mod:`scheduler.io.csv_folder` only turn their form into :class:`Table` objects
(rows of cell values plus a way to name a cell). Here those tables become the
raw YAML-shaped dict that :func:`scheduler.io.validate.build_scenario` checks,
with a locator from paths such as ``("works", 3, "duration")`` to cells such as
``Werken!F5``, so every problem names its cell. The writers use
:func:`scenario_tables` for the way back.

The code lives in :mod:`scheduler.io.tables`, one module per layer: ``columns``
(the column specs), ``rule_specs`` (one entry per kind of rule in the ``rules``
section, which both the reader and the writer loop over), ``cells`` (one cell to
a typed value), ``tables`` (tables as read), ``reading`` and ``writing``. This
module re-exports their public names, the names the rest of plooi imports.

Reading is two-phase. Problems with the shape of the tables (a missing sheet,
an unknown header, merged cells) stop before validation: every cell below a
wrong header would otherwise be reported too. Problems in single cells (text
in a number column, a date written as text) are collected, the cell is left
out, validation runs on the rest, and all problems are reported at once.
"""

from __future__ import annotations

from scheduler.io.tables.columns import (
    ABSENCE,
    AREAS,
    BUDGETS,
    BUNDLES,
    DEMAND_PREFIX,
    EXCEPTIONS,
    KIND_NAMES,
    NO,
    NONE_WORDS,
    OBJECTIVE_NAMES,
    POLICY,
    REQUESTS,
    RESOURCES,
    RULES,
    SCENARIO,
    SETTING_HEADERS,
    SHEETS,
    WORKS,
    YES,
    Column,
    Lang,
    SheetSpec,
    ValueKind,
    field_headers,
    normalise,
)
from scheduler.io.tables.reading import (
    scenario_from_tables,
)
from scheduler.io.tables.rule_specs import (
    NAMED_RULES,
    RULE_SPEC,
    RULE_SPECS,
    RuleSpec,
    require_every_rule_written,
    rule_sheet,
)
from scheduler.io.tables.tables import (
    MAX_CELLS,
    BadCell,
    Table,
    resolve_parts,
)
from scheduler.io.tables.writing import (
    OutColumn,
    OutTable,
    after_text,
    demand_header,
    scenario_tables,
)

__all__ = [
    "ABSENCE",
    "AREAS",
    "BUDGETS",
    "BUNDLES",
    "BadCell",
    "Column",
    "DEMAND_PREFIX",
    "EXCEPTIONS",
    "KIND_NAMES",
    "Lang",
    "MAX_CELLS",
    "NAMED_RULES",
    "NO",
    "NONE_WORDS",
    "OBJECTIVE_NAMES",
    "OutColumn",
    "OutTable",
    "POLICY",
    "REQUESTS",
    "RESOURCES",
    "RULES",
    "RULE_SPEC",
    "RULE_SPECS",
    "RuleSpec",
    "SCENARIO",
    "SETTING_HEADERS",
    "SHEETS",
    "SheetSpec",
    "Table",
    "ValueKind",
    "WORKS",
    "YES",
    "after_text",
    "demand_header",
    "field_headers",
    "normalise",
    "require_every_rule_written",
    "resolve_parts",
    "rule_sheet",
    "scenario_from_tables",
    "scenario_tables",
]
